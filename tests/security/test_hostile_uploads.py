"""Hostile uploads are refused fast, with a message naming the file, the limit and its setting.

Files are generated small and read under small limits (M_E_MAX_UPLOAD_* set per test), so the
whole corpus runs in seconds; benchmarks/bench_hostile.py runs it at full size. Two files that
are tiny yet would expand enormously are read at the default limits in a child process with
an address-space cap, asserting its time and peak memory.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.config import PROJECT_ROOT
from etl.uploads.prepare import prepare_upload
from tests.security import hostile_files as hf

SMALL_LIMITS = {
    "M_E_MAX_UPLOAD_ROWS": "1000",
    "M_E_MAX_UPLOAD_COLUMNS": "120",
    "M_E_MAX_UPLOAD_CELLS": "20000",
    "M_E_MAX_CELL_CHARS": "1000",
    "M_E_MAX_XLSX_UNZIPPED_MB": "10",
    "M_E_MAX_XLSX_RATIO": "100",
}
CASES = [
    ("far_cell.xlsx", lambda: hf.xlsx_far_cell(), "too_many_rows", "M_E_MAX_UPLOAD_ROWS"),
    ("row_bomb.xlsx", lambda: hf.xlsx_row_bomb(4000), "too_many_rows", "M_E_MAX_UPLOAD_ROWS"),
    ("far_column.xlsx", lambda: hf.xlsx_far_cell(3, "XFD"), "too_many_columns", "COLUMNS"),
    ("wide.xlsx", lambda: hf.xlsx_wide_extent(400), "too_many_cells", "M_E_MAX_UPLOAD_CELLS"),
    ("implied.xlsx", lambda: hf.xlsx_implicit_cells(300, 100), "too_many_cells", "CELLS"),
    ("ratio.xlsx", lambda: hf.xlsx_zip_bomb(3), "zip_bomb", "M_E_MAX_XLSX_RATIO"),
    ("bomb.xlsx", lambda: hf.xlsx_zip_bomb(12), "too_large_unzipped", "M_E_MAX_XLSX_UNZIPPED_MB"),
    ("cols.csv", lambda: hf.csv_many_columns(2000), "too_many_columns", "COLUMNS"),
    ("cell.csv", lambda: hf.csv_huge_cell(40_000), "cell_too_long", "M_E_MAX_CELL_CHARS"),
    ("rows.csv", lambda: hf.csv_many_rows(10_000), "too_many_rows", "M_E_MAX_UPLOAD_ROWS"),
]


@pytest.mark.parametrize(("name", "make", "rule", "setting"), CASES, ids=[c[0] for c in CASES])
def test_hostile_file_is_refused_naming_file_and_limit(
    name: str, make, rule: str, setting: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    for env, value in SMALL_LIMITS.items():
        monkeypatch.setenv(env, value)
    data = make()
    start = time.perf_counter()
    result = prepare_upload(data, name, current=None)
    took = time.perf_counter() - start
    assert [i.rule for i in result.issues] == [rule]
    message = result.issues[0].message
    assert message.startswith(f"{name}: ") and setting in message
    assert result.rows.is_empty()
    assert took < 2.0


def test_cell_message_names_row_and_column(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("M_E_MAX_CELL_CHARS", "1000")
    msg = prepare_upload(hf.csv_huge_cell(5000), "c.csv", current=None).issues[0].message
    assert "row 2, column 'comment_obs' holds 5,000 characters, above the limit of 1,000" in msg


def test_a_template_file_within_the_limits_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limits do not refuse an ordinary file: the template's examples read without issue."""
    for env, value in SMALL_LIMITS.items():
        monkeypatch.setenv(env, value)
    from etl.uploads.template_files import template_xlsx

    result = prepare_upload(template_xlsx("indicator_long"), "ok.xlsx", current=None)
    assert result.errors == [] and result.rows.height > 0


def test_duplicate_keys_are_linear() -> None:
    """20,000 copies of one key: one message per row, each naming 10 twins, in seconds.

    Issue 11 measured 81 s for this file (each row's message listed every other row).
    """
    start = time.perf_counter()
    result = prepare_upload(hf.csv_duplicates(20_000), "dups.csv", current=None)
    took = time.perf_counter() - start
    dups = [i for i in result.issues if i.rule == "duplicate_key"]
    assert len(dups) == 20_000
    assert dups[0].message.endswith(
        "as row(s) 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 ... and 19989 more. Keep one row per "
        "key (indicator, series, areas, period, breakdowns): delete or correct the repeats"
    )
    assert took < 8.0


CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))  # a safety net for the machine
from pathlib import Path
from etl.uploads.prepare import prepare_upload
path = Path(sys.argv[1])
start = time.perf_counter()
result = prepare_upload(path.read_bytes(), path.name, current=None)
print(json.dumps({
    "s": time.perf_counter() - start,
    "rules": [i.rule for i in result.issues],
    # VmHWM, not ru_maxrss: Linux keeps the parent's ru_maxrss across exec
    "peak_mb": int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0]) / 1024,
}))
"""


@pytest.mark.parametrize(
    ("name", "make", "rule"),
    [
        ("far_cell.xlsx", lambda: hf.xlsx_far_cell(), "too_many_rows"),
        ("zip_bomb.xlsx", lambda: hf.xlsx_zip_bomb(300), "too_large_unzipped"),
    ],
)
def test_tiny_file_huge_expansion_at_default_limits(
    name: str, make, rule: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(make())
    assert path.stat().st_size < 1 << 20  # under 1 MB uploaded
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=PROJECT_ROOT,
        env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"},
    )
    r = json.loads(out.stdout.strip().splitlines()[-1])
    assert r["rules"] == [rule]
    assert r["s"] < 10.0
    assert r["peak_mb"] < 1536


def test_rows_past_the_limit_are_never_cut_silently(monkeypatch: pytest.MonkeyPatch) -> None:
    """1,005 rows with blank lines inside: refused, not read as the first 1,000 minus blanks."""
    monkeypatch.setenv("M_E_MAX_UPLOAD_ROWS", "1000")
    lines = hf.csv_duplicates(1005).decode().splitlines()
    width = lines[0].count(",")
    lines[5:5] = ["," * width] * 10  # ten blank records (all cells empty)
    data = ("\n".join(lines) + "\n").encode()
    result = prepare_upload(data, "gaps.csv", current=None)
    assert [i.rule for i in result.issues] == ["too_many_rows"]


def test_upload_page_states_the_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.data import uploads as uploads_data

    monkeypatch.setenv("M_E_MAX_UPLOAD_ROWS", "5000")
    assert uploads_data.bounds_text() == ("5,000 rows, 100 columns or 10,000 characters in a cell")


def test_number_hint_sets_the_formula_guard_aside() -> None:
    """'-1,5' is stored guarded ('-1,5), yet the hint still explains the decimal comma."""
    from etl.uploads.checks import _number_hint
    from etl.uploads.read import read_upload

    cell = read_upload(b'value\n"-1,5"\n', "n.csv", max_bytes=10**6).df["value"][0]
    assert cell == "'-1,5"
    assert _number_hint(cell, False, "en") == (
        "'-1,5' uses a comma. Write numbers with a point as decimal separator and no thousands "
        "separator (e.g. '-1.5')"
    )
    assert _number_hint(cell, False, "fr").startswith("'-1,5' ")
