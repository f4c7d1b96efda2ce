"""Data quality page, section "Cross-checks against custodians", run with AppTest.

The session's data (tests/dashboard/conftest.py, DEMO DATA) has KNOMAD and WDI remittances but
no SDG Global Database dataset, so the 10.7.4 check must explain what is missing. A copy of it
gets the real SDG Global Database Goal 10 extract published as `sdg_api`, and its 10.7.4 rows
replaced by two with the values the project computes from the real UNHCR and UN DESA files
(tests/indicators/test_crosscheck.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from core.areas import area_label
from core.contract import conform
from etl import io
from etl.sources.sdg import spec as sdg_api
from indicators.crosscheck import CHECKS
from streamlit_app import PAGE_SPECS
from tests.conftest import require_shared

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
GOAL10 = "sdg_api/global_database_goal10_extract/Goal10.xlsx"
# SM_POP_REFG_OR as computed from unhcr_2020.csv and UN DESA IMS population (real files).
PROJECT_10_7_4 = {("SYR", "2015"): 21307.818708, ("VEN", "2019"): 326.05}


def _run() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    page = next(s["page"] for s in PAGE_SPECS if s["url_path"] == "data-quality")
    return at.switch_page(page).run()


@pytest.fixture
def with_custodian(built_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the session's data plus sdg_api and two 10.7.4 rows."""
    root = tmp_path / "data"
    shutil.copytree(built_data_dir, root)
    monkeypatch.setenv("M_E_DATA_DIR", str(root))
    rows = [
        {"indicator_code": "10.7.4", "series_code": "SM_POP_REFG_OR", "ref_area": area,
         "time_period": year, "freq": "A", "value": value, "unit_measure": "PER_100000_POP",
         "source": "UNHCR / UN DESA (real-file values)"}
        for (area, year), value in PROJECT_10_7_4.items()
    ]  # fmt: skip
    indicators = io.read_clean("indicators")
    assert indicators is not None
    demo = indicators.filter(pl.col("series_code") != "SM_POP_REFG_OR")
    table = pl.concat([demo, conform(pl.DataFrame(rows))])
    io.write_clean(table, "indicators", io.read_clean_meta("indicators"))
    sdg = sdg_api.clean(sdg_api.parse(require_shared(GOAL10)))
    io.write_clean(sdg, "sdg_api", {"dataset": "sdg_api", "rows": sdg.height, "inputs": []})
    return root


def test_section_explains_missing_custodian_datasets(dash_data: Path) -> None:
    at = _run()
    assert not at.exception, at.exception
    assert any(h.value == "Cross-checks against custodians" for h in at.header)
    [info] = [i.value for i in at.info if "cross-checks could not run" in i.value]
    title = CHECKS["refugee_rate"].title
    assert f"**{title}**: the SDG Global Database dataset (sdg_api) is not " in info
    assert "(sdg_api)" in info.split("Not published: ")[1]
    assert "python -m etl run --offline --raw-dir DIR" in info
    # The checks that could run on the demo data still show, without the skipped ones.
    table = at.get_by_key("block_crosschecks").dataframe[0].value
    assert "refugee_rate" not in set(table["check"])
    assert set(table["check"]) <= {"refugee_count", "migrant_stock", "remittances_gdp"}


def test_section_shows_the_table_with_status_tolerance_and_download(with_custodian: Path) -> None:
    at = _run()
    assert not at.exception, at.exception
    block = at.get_by_key("block_crosschecks")
    [frame] = block.dataframe
    rates = frame.value[frame.value["check"] == "refugee_rate"]
    table = rates.set_index(["ref_area", "year"])  # areas shown by name, code in brackets
    assert {"status", "tolerance", "explanation", "custodian_source"} <= set(frame.value.columns)
    syr = table.loc[(area_label("SYR"), 2015)]
    assert syr["status"] == "agree"
    assert syr["custodian_value"] == pytest.approx(20483.13134)  # the real Goal10 value
    assert syr["tolerance"] == "±5 % or ±1 per 100,000"
    ven = table.loc[(area_label("VEN"), 2019)]
    assert ven["status"] == "differs"
    assert "Venezuelans displaced abroad" in ven["explanation"]
    # Every other country the custodian publishes for 2015 or 2019 has no project value.
    sdg = pl.read_parquet(with_custodian / "clean" / "sdg_api.parquet").filter(
        (pl.col("series_code") == "SM_POP_REFG_OR") & pl.col("time_period").is_in([2015, 2019])
    )
    others = sdg.height - 2
    assert (rates["status"] == "only custodian").sum() == others
    [download] = [b for b in at.get("download_button") if b.key == "download_crosschecks"]
    assert download is not None
    [text] = [c.value for c in block.caption]
    rate_title = CHECKS["refugee_rate"].title  # the check's name in words
    assert text.startswith(f"{rate_title}: 1 agree, 1 differs, {others} only custodian; ")
    assert (
        "UN SDG Global Database: Refugees per 100,000 population, by country of origin "
        "(SM_POP_REFG_OR, release not stated, Goal10.xlsx)"
    ) in text
