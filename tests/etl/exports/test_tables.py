"""Contract CSV/XLSX/zip exports (etl/exports/tables.py) and the export CLI (etl/exports/cli.py)."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from core.contract import KEY, conform
from core.errors import EtlError
from core.templates import INDICATOR_LONG, TEMPLATE_VERSION
from etl.exports import cli as export_cli
from etl.exports.safe_write import guard_text as neutralise_text
from etl.exports.safe_write import unguard_text as unneutralise_text
from etl.exports.tables import (
    export_files,
    export_zip,
    read_csv_bytes,
    to_csv_bytes,
    to_xlsx_bytes,
)
from tests.conftest import require_shared

_REAL: dict[str, pl.DataFrame] = {}


def real_indicator_table(tmp_root: Path) -> pl.DataFrame:
    """The indicator table built from the shared real files (once per test session, ~15 s)."""
    if "table" not in _REAL:
        raw = require_shared()
        from etl.pipeline import run

        d = tmp_root / "data"
        (d / "raw").mkdir(parents=True)
        (d / "clean").mkdir()
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("M_E_DATA_DIR", str(d))
            run(raw_dir=raw, offline=True)
            _REAL["table"] = pl.read_parquet(d / "clean" / "indicators.parquet")
    return _REAL["table"]


@pytest.fixture(scope="module")
def real_table(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """The real indicator table (etl.pipeline.run on ../shared/data, offline)."""
    return real_indicator_table(tmp_path_factory.mktemp("real"))


def small_table() -> pl.DataFrame:
    """Hand-made contract rows: two indicators, two countries, hostile text, a negative value."""
    return conform(
        pl.DataFrame(
            {
                "indicator_code": ["10.7.4", "10.7.4", "17.3.2", "17.3.2"],
                "series_code": ["SM_POP_REFG_OR"] * 2 + ["BX_TRF_PWKR_DT_GD_ZS"] * 2,
                "ref_area": ["KEN", "UGA", "KEN", "KEN"],
                "time_period": ["2019", "2019", "2020", "2021"],
                "freq": ["A"] * 4,
                "value": [15.25, 40.0, -5.0, 3.4165740090608523],
                "unit_measure": ["PER_100000_POP", "PER_100000_POP", "PT", "PT"],
                "source": ['=HYPERLINK("http://x")', "UNHCR", "+cmd|' /C calc'!A0", "WDI"],
                "comment_obs": ["-2 revised", "@SUM(A1)", "'=already quoted", "plain"],
                "value_label": [None, "\tTAB", None, "a-b"],
            }
        )
    )


def test_neutralise_text_rule_is_reversible() -> None:
    for text in ["=1+1", "+x", "-x", "@x", "\tx", "\rx", "'=x", "''+x", "x", "'x", "", "a=b"]:
        assert unneutralise_text(neutralise_text(text)) == text
    assert neutralise_text("=1+1") == "'=1+1"
    assert neutralise_text("'=x") == "''=x"  # one more quote, so reading back is exact
    assert neutralise_text("'x") == "'x" and neutralise_text("a-b") == "a-b"
    assert neutralise_text(None) is None


def test_csv_neutralises_text_cells_but_not_numbers() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv_bytes(small_table()).decode())))
    by = {(r["series_code"], r["ref_area"], r["time_period"]): r for r in rows}
    ken = by[("SM_POP_REFG_OR", "KEN", "2019")]
    assert ken["source"] == '\'=HYPERLINK("http://x")'
    assert ken["comment_obs"] == "'-2 revised"
    neg = by[("BX_TRF_PWKR_DT_GD_ZS", "KEN", "2020")]
    assert neg["value"] == "-5.0"  # a negative number stays a number
    assert neg["source"] == "'+cmd|' /C calc'!A0"
    assert neg["comment_obs"] == "''=already quoted"
    assert by[("SM_POP_REFG_OR", "UGA", "2019")]["value_label"] == "'\tTAB"
    assert by[("BX_TRF_PWKR_DT_GD_ZS", "KEN", "2021")]["value_label"] == "a-b"
    # an upload file as is, then the origin of each row (ignored when uploaded)
    assert list(rows[0]) == [*INDICATOR_LONG.column_names, "data_origin"]
    assert (ken["template_version"], ken["submitted_by"]) == (TEMPLATE_VERSION, "export")
    assert ken["ref_area_m49"] == "404" and ken["respondent_institution"] == ""
    assert "retrieved_at" not in rows[0]


def test_csv_reads_back_to_the_same_contract_rows() -> None:
    table = small_table()
    back = read_csv_bytes(to_csv_bytes(table))
    assert back.sort(KEY).equals(table.sort(KEY))


def test_xlsx_keeps_numbers_numeric_and_text_inert() -> None:
    wb = load_workbook(io.BytesIO(to_xlsx_bytes(small_table(), indicator="17.3.2")))
    ws = wb["data"]
    header = [c.value for c in ws[1]]
    assert header == [*INDICATOR_LONG.column_names, "data_origin"]
    rows = [dict(zip(header, [c for c in r], strict=True)) for r in ws.iter_rows(min_row=2)]
    neg = next(r for r in rows if r["value"].value == -5.0)
    assert neg["value"].data_type == "n"  # stored as a number, not text
    assert neg["source"].value == "'+cmd|' /C calc'!A0" and neg["source"].data_type == "s"
    first = next(r for r in rows if r["ref_area"].value == "KEN" and r["value"].value == 15.25)
    assert first["source"].value.startswith("'=") and first["source"].data_type == "s"
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)  # no formula anywhere
    about = {r[0].value: r[1].value for r in wb["about"].iter_rows()}
    assert about["indicator"] == "17.3.2" and about["rows"] == "4"


def test_file_names_say_indicator_and_country() -> None:
    table = small_table()
    assert sorted(export_files(table, "csv")) == ["data_10-7-4.csv", "data_17-3-2.csv"]
    files = export_files(table, "xlsx", indicator="10.7.4", country="KEN")
    assert list(files) == ["data_10-7-4_KEN.xlsx"]
    one = read_csv_bytes(
        export_files(table, "csv", indicator="10.7.4", country="UGA")["data_10-7-4_UGA.csv"]
    )
    assert one["ref_area"].to_list() == ["UGA"] and one["value"].to_list() == [40.0]


def test_filters_name_what_is_missing() -> None:
    with pytest.raises(EtlError, match=r"indicator '10\.7\.9'.*Use one of: 10\.7\.4, 17\.3\.2"):
        export_files(small_table(), "csv", indicator="10.7.9")
    with pytest.raises(EtlError, match=r"country 'XXX'.*ref_area or counterpart_area = 'XXX'"):
        export_files(small_table(), "csv", indicator="10.7.4", country="XXX")


def test_zip_holds_one_csv_per_indicator_and_a_readme() -> None:
    zf = zipfile.ZipFile(io.BytesIO(export_zip(small_table(), country="KEN")))
    assert zf.namelist() == ["README.txt", "data_10-7-4_KEN.csv", "data_17-3-2_KEN.csv"]
    readme = zf.read("README.txt").decode()
    assert "data_10-7-4_KEN.csv,1" in readme and "data_17-3-2_KEN.csv,2" in readme
    back = read_csv_bytes(zf.read("data_17-3-2_KEN.csv"))
    assert sorted(back["value"].to_list()) == [-5.0, 3.4165740090608523]


def test_real_table_exports_ken_values(real_table: pl.DataFrame) -> None:
    files = export_files(real_table, "csv", indicator="10.7.4", country="KEN")
    rpr = read_csv_bytes(files["data_10-7-4_KEN.csv"])
    refugees = rpr.filter(series_code="SM_POP_REFG_OR").sort("time_period")
    assert refugees["time_period"].to_list() == ["1995", "2000", "2005", "2010", "2015", "2019"]
    assert refugees["value"][-1] == 15.248566757390376  # per 100,000, 2019
    assert rpr.filter(series_code="SM_POP_REFG", time_period="2019")["value"][0] == 438899.0
    rem = read_csv_bytes(
        export_files(real_table, "csv", indicator="17.3.2", country="KEN")["data_17-3-2_KEN.csv"]
    )
    gdp = rem.filter(series_code="BX_TRF_PWKR_DT_GD_ZS", time_period="2021")
    assert gdp["value"].to_list() == [3.4165740090608523]  # % of GDP
    bilat = rem.filter(series_code="WB_REM_BILAT", counterpart_area="UGA")
    assert bilat["value"].to_list() == [77.15589713135957]
    # every row about Kenya: its own and those where it is the counterpart (inbound flows)
    inbound = rem.filter(series_code="WB_REM_BILAT", ref_area="UGA", counterpart_area="KEN")
    assert inbound.height == 1 and inbound["data_origin"].to_list() == ["custodian"]
    expected = real_table.filter(
        (pl.col("indicator_code") == "17.3.2")
        & ((pl.col("ref_area") == "KEN") | (pl.col("counterpart_area") == "KEN"))
    )
    assert rem.sort(KEY).equals(conform(expected).sort(KEY))


# --- CLI ---------------------------------------------------------------------------------


@pytest.fixture
def published(data_dir: Path) -> Path:
    """data/clean/indicators.parquet holding the small table."""
    small_table().write_parquet(data_dir / "clean" / "indicators.parquet")
    return data_dir


def test_cli_csv_one_file(published: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "ken.csv"
    code = export_cli.main(
        ["--format", "csv", "--indicator", "10.7.4", "--country", "KEN", "--out", str(out)]
    )
    assert code == 0 and f"wrote {out}" in capsys.readouterr().out
    assert read_csv_bytes(out.read_bytes())["value"].to_list() == [15.25]
    args = ["--format", "csv", "--indicator", "10.7.4", "--out", str(out)]
    assert export_cli.main([*args, "--submitted-by", "NBS Kenya"]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert {r["submitted_by"] for r in rows} == {"NBS Kenya"}


def test_cli_folder_zip_sdmx_and_opensdg(published: Path, tmp_path: Path) -> None:
    assert export_cli.main(["--format", "xlsx", "--out", str(tmp_path / "x")]) == 0
    assert sorted(os.listdir(tmp_path / "x")) == ["data_10-7-4.xlsx", "data_17-3-2.xlsx"]
    assert export_cli.main(["--format", "zip", "--out", str(tmp_path / "all.zip")]) == 0
    assert zipfile.is_zipfile(tmp_path / "all.zip")
    assert export_cli.main(["--format", "sdmx", "--out", str(tmp_path / "s.csv")]) == 0
    assert (tmp_path / "s.csv").read_text().startswith("DATAFLOW,FREQ,REPORTING_TYPE,SERIES")
    osdg = tmp_path / "osdg"
    assert export_cli.main(["--format", "opensdg", "--country", "KEN", "--out", str(osdg)]) == 0
    assert (osdg / "data" / "indicator_17-3-2.csv").read_text().startswith("Year,Series,Units")
    assert (osdg / "meta" / "10-7-4.md").read_text().startswith("---\n")


def test_cli_errors_exit_2(published: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = str(tmp_path / "o")
    assert export_cli.main(["--format", "opensdg", "--out", out]) == 2
    assert "give --country ISO3" in capsys.readouterr().err
    assert export_cli.main(["--format", "csv", "--out", str(tmp_path / "one.csv")]) == 2
    assert "2 files to write" in capsys.readouterr().err
    assert export_cli.main(["--format", "csv", "--indicator", "9.9.9", "--out", out]) == 2


def test_cli_without_table_says_how_to_build_it(data_dir: Path, capsys) -> None:
    assert export_cli.main(["--format", "zip", "--out", str(data_dir / "x.zip")]) == 2
    assert "python -m etl run" in capsys.readouterr().err
