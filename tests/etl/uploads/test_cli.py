"""`python -m etl import-survey`: exit codes 0 / 1 / 2 through a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import PROJECT_ROOT
from etl.uploads.template_files import template_csv, template_xlsx
from tests.conftest import require_shared
from tests.etl.uploads.helpers import csv_bytes


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "M_E_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "etl", "import-survey", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_dry_run_accepts_a_clean_file(tmp_path: Path, data_dir: Path) -> None:
    f = tmp_path / "gfmd.xlsx"
    f.write_bytes(template_xlsx("gfmd_coherence"))
    out = _run(str(f), "--dry-run", data_dir=data_dir)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "template gfmd_coherence" in out.stdout and "rows=2 errors=0" in out.stdout
    assert "OK (dry run)" in out.stdout
    assert not (data_dir / "app.duckdb").exists()  # a dry run opens no store


def test_dry_run_rejects_with_the_error_list(tmp_path: Path, data_dir: Path) -> None:
    f = tmp_path / "long.csv"
    f.write_bytes(csv_bytes("indicator_long", [{}, {"value": "1,5", "sub_category": "PD_3_A"}]))
    out = _run(str(f), "--dry-run", data_dir=data_dir)
    assert out.returncode == 1
    assert (
        "ERROR   row=3      column=value value='1,5': long.csv row 3, column 'value'" in out.stdout
    )
    assert "REJECTED: 1 error(s)" in out.stdout


def test_usage_errors_exit_2(tmp_path: Path, data_dir: Path) -> None:
    out = _run(str(tmp_path / "missing.csv"), "--dry-run", data_dir=data_dir)
    assert out.returncode == 2 and "no such file" in out.stderr
    f = tmp_path / "ok.csv"
    f.write_bytes(csv_bytes("gfmd_coherence", [{}]))
    out = _run(str(f), data_dir=data_dir)  # storing needs --user
    assert out.returncode == 2 and "--user" in out.stderr


def test_unrecognised_file_is_rejected(tmp_path: Path, data_dir: Path) -> None:
    f = tmp_path / "x.csv"
    f.write_text("Year,Value\n2020,1\n")
    out = _run(str(f), "--dry-run", data_dir=data_dir)
    assert out.returncode == 1 and "--open-sdg ISO3" in out.stdout


def test_open_sdg_file_dry_run(data_dir: Path) -> None:
    path = require_shared("open_sdg/armenia/data/indicator_10-c-1.csv")
    out = _run(str(path), "--dry-run", "--open-sdg", "arm", data_dir=data_dir)
    assert out.returncode == 0, out.stdout
    assert "rows=9 errors=0" in out.stdout
    placeholder = require_shared("open_sdg/armenia/data/indicator_10-7-1.csv")
    out = _run(str(placeholder), "--dry-run", "--open-sdg", "ARM", data_dir=data_dir)
    assert out.returncode == 1 and "placeholder data" in out.stdout


def test_store_one_submission_per_slot(tmp_path: Path, data_dir: Path) -> None:
    store_mod = pytest.importorskip("store.submissions")
    store = store_mod.open_store()
    store.add_user("officer", "contributor", "a-long-password-1")
    rows = [
        {"time_period": "2020"},
        {"time_period": "2022"},
        {"time_period": "2022", "item_code": "P.COH.01", "answer_text": "Unit in MoFA"},
    ]
    f = tmp_path / "gfmd.csv"
    f.write_bytes(csv_bytes("gfmd_coherence", rows))
    del store  # release the DuckDB file for the subprocess
    out = _run(str(f), "--user", "officer", data_dir=data_dir)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "KEN 2020, 1 row (submitted)" in out.stdout and "KEN 2022, 2 rows" in out.stdout
    subs = store_mod.open_store().submissions()
    assert sorted(subs["time_period"].to_list()) == ["2020", "2022"]
    assert set(subs["status"].to_list()) == {"submitted"}
    unknown = _run(str(f), "--user", "nobody", data_dir=data_dir)
    assert unknown.returncode == 2 and "no enabled account 'nobody'" in unknown.stderr


def test_warnings_need_confirmation(tmp_path: Path, data_dir: Path) -> None:
    pytest.importorskip("store.submissions")
    f = tmp_path / "gfmd.csv"
    f.write_bytes(csv_bytes("gfmd_coherence", [{"answer": ""}]))
    dry = _run(str(f), "--dry-run", data_dir=data_dir)
    assert dry.returncode == 0 and "--accept-warnings" in dry.stdout
    out = _run(str(f), "--user", "officer", data_dir=data_dir)
    assert out.returncode == 1 and "NOT STORED: 1 warning(s)" in out.stdout


def test_open_sdg_mapping_exported_confirmed_stored_and_reused(
    tmp_path: Path, data_dir: Path
) -> None:
    store_mod = pytest.importorskip("store.submissions")
    store_mod.open_store().add_user("officer", "contributor", "a-long-password-1")
    fixture = (
        Path(__file__).resolve().parents[2]
        / "fixtures"
        / "national"
        / "corridors"
        / "indicator_10-c-1.csv"
    )
    f = tmp_path / "costs_2022.csv"
    f.write_bytes(fixture.read_bytes())
    out_map = tmp_path / "mapping.json"
    args = ("--open-sdg", "JAM", "--indicator", "10.c.1")
    dry = _run(str(f), "--dry-run", *args, "--export-mapping", str(out_map), data_dir=data_dir)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "  column 'Geographical Region' -> sending_area (table)" in dry.stdout
    assert "    'United States' -> USA (table), 5 rows" in dry.stdout
    assert "rows=14 errors=0" in dry.stdout and "(series SI_RMT_COST_FEE): no unit" in dry.stdout
    text = out_map.read_text(encoding="utf-8")
    assert '"file_pattern": "costs_*.csv"' in text
    out_map.write_text(text.replace('"SI_RMT_COST_FEE": ""', '"SI_RMT_COST_FEE": "USD"'))
    stored = _run(str(f), *args, "--mapping", str(out_map), "--user", "officer", data_dir=data_dir)
    assert stored.returncode == 0, stored.stdout + stored.stderr
    assert "rows=17 errors=0" in stored.stdout
    assert "mapping stored (id 1): reused for the next file matching 'costs_*.csv'" in stored.stdout
    # the next round of the same file: the stored mapping is found and used
    nxt = tmp_path / "costs_2023.csv"
    nxt.write_bytes(fixture.read_bytes().replace(b"2022,", b"2024,"))
    again = _run(str(nxt), "--dry-run", *args, data_dir=data_dir)
    assert again.returncode == 0, again.stdout
    assert "using the mapping confirmed by officer" in again.stdout
    assert "rows=17 errors=0" in again.stdout and "no unit" not in again.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    refused = _run(str(f), "--dry-run", *args, "--mapping", str(bad), data_dir=data_dir)
    assert (
        refused.returncode == 1 and "REJECTED: " in refused.stdout and "not JSON" in refused.stdout
    )


def test_lang_prints_the_check_in_spanish(tmp_path: Path, data_dir: Path) -> None:
    f = tmp_path / "gfmd_fr.xlsx"  # a French template, checked with Spanish messages
    f.write_bytes(template_xlsx("gfmd_coherence", "fr"))
    out = _run(str(f), "--dry-run", "--lang", "es", data_dir=data_dir)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "OK (prueba): el archivo se aceptaría; no se guardó nada." in out.stdout
    assert ": plantilla gfmd_coherence; " in out.stdout and "filas=" in out.stdout
    assert "template " not in out.stdout and "rows=" not in out.stdout
    g = tmp_path / "gfmd_es.csv"
    text = template_csv("gfmd_coherence", "es").decode().replace(",borrador,", ",quizás,")
    g.write_bytes(text.encode())
    out = _run(str(g), "--dry-run", "--lang", "fr", data_dir=data_dir)
    assert out.returncode == 1
    assert "REFUSÉ : 1 erreur(s). Corrigez-les et relancez." in out.stdout
    assert "'quizás' n'est pas une réponse." in out.stdout
    assert "ERREUR  ligne=" in out.stdout and "lignes=" in out.stdout
    assert "errors=" not in out.stdout


def test_open_sdg_preview_and_notes_follow_lang(tmp_path: Path, data_dir: Path) -> None:
    fixture = (
        PROJECT_ROOT / "tests" / "fixtures" / "national" / "corridors" / "indicator_10-c-1.csv"
    )
    f = tmp_path / "costs_2022.csv"
    f.write_bytes(fixture.read_bytes())
    args = ("--dry-run", "--open-sdg", "JAM", "--indicator", "10.c.1")
    es = _run(str(f), *args, "--lang", "es", data_dir=data_dir)
    assert es.returncode == 0, es.stdout + es.stderr
    # the preview's words are the Upload page's ("how found": etl/uploads/open_sdg/breakdowns.py)
    assert "  columna 'Geographical Region' -> sending_area (tabla de correspondencia)" in es.stdout
    assert "    'United States' -> USA (tabla de correspondencia), 5 filas" in es.stdout
    assert "  nota: columna «Value» filas 6-8 (serie SI_RMT_COST_FEE): no se indica" in es.stdout
    for english in ("column '", "(table)", " rows\n", "  note: ", "no unit"):
        assert english not in es.stdout, english
    fr = _run(
        str(f), *args, "--lang", "fr", "--mapping", str(tmp_path / "none.json"), data_dir=data_dir
    )
    assert fr.returncode == 1
    assert f"REFUSÉ : {tmp_path / 'none.json'} : fichier de correspondance introuvable" in fr.stdout
