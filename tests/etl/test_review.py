"""`python -m etl review`: the approve / reject workflow of the Submissions page, from the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from core.config import PROJECT_ROOT
from store.submissions import open_store
from tests.etl.uploads.helpers import csv_bytes


def run_etl(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """`python -m etl ARGS` on `data_dir`, DuckDB store, messages in the default language."""
    env = {**os.environ, "M_E_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    env.pop("M_E_LANGUAGE", None)  # the commands print in M_E_LANGUAGE when it is set
    return subprocess.run(
        [sys.executable, "-m", "etl", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_approve_from_the_cli_rebuilds_and_reject_needs_a_reason(
    tmp_path: Path, data_dir: Path
) -> None:
    store = open_store()
    store.add_user("officer", "contributor", "a-long-password-1")
    store.add_user("chief", "approver", "a-long-password-2")
    f = tmp_path / "gfmd.csv"
    f.write_bytes(csv_bytes("gfmd_coherence", [{"time_period": "2020"}, {"time_period": "2022"}]))
    del store  # release the DuckDB file for the subprocess
    assert run_etl("import-survey", str(f), "--user", "officer", data_dir=data_dir).returncode == 0
    ids = sorted(open_store().submissions()["id"].to_list())
    assert len(ids) == 2

    refused = run_etl("review", str(ids[0]), "approve", "--user", "officer", data_dir=data_dir)
    assert refused.returncode == 1 and "may not approve" in refused.stderr

    done = run_etl("review", str(ids[0]), "approve", "--user", "chief", data_dir=data_dir)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Submission {ids[0]} is now approved. Indicators rebuilt" in done.stdout
    assert (data_dir / "clean" / "indicators.parquet").exists()

    no_reason = run_etl("review", str(ids[1]), "reject", "--user", "chief", data_dir=data_dir)
    assert no_reason.returncode == 1 and "reason" in no_reason.stderr
    rejected = run_etl(
        "review",
        str(ids[1]),
        "reject",
        "--user",
        "chief",
        "--reason",
        "wrong year",
        data_dir=data_dir,
    )
    assert rejected.returncode == 0 and "now rejected" in rejected.stdout
    status = dict(open_store().submissions().select("id", "status").iter_rows())
    assert status == {ids[0]: "approved", ids[1]: "rejected"}
