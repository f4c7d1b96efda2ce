"""DEMO DATA for the migration datasets: deterministic, in each schema, valid, labelled, and
enough for every new indicator (Kenya, the default home country, included)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from etl import io, pipeline
from etl.approved import SURVEY_TEMPLATES
from etl.demo import datasets as demo
from etl.demo import migration as demo_migration
from etl.registry import DATASETS, sources
from etl.validation.gx import validate_dataset
from indicators.build import INPUT_DATASETS

# The issue-3 datasets: the migration sources' datasets (the custodian SDG series has no demo).
NEW = (
    "undesa_regions",
    "undesa_stock",
    "undesa_matrix",
    "unhcr_population",
    "iom_mmp_incidents",
    "knomad_remittances",
    "wb_bilateral",
)


@pytest.fixture(scope="module")
def datasets() -> dict[str, pl.DataFrame]:
    return {**demo_migration.demo_migration_datasets(), **demo.demo_flow_datasets()}


def test_every_dataset_has_its_schema_and_passes_its_suite(
    datasets: dict[str, pl.DataFrame],
) -> None:
    assert set(datasets) == {*NEW, "wdi"}
    for name, df in datasets.items():
        assert df.schema == pl.Schema(DATASETS[name]), name
        assert validate_dataset(name, df) == [], name
        assert df["source_file"].str.contains("DEMO").all(), name


def test_deterministic(datasets: dict[str, pl.DataFrame]) -> None:
    again = {**demo_migration.demo_migration_datasets(), **demo.demo_flow_datasets()}
    for name, df in datasets.items():
        assert df.equals(again[name]), name


def test_coverage_of_countries_and_years(datasets: dict[str, pl.DataFrame]) -> None:
    corridor_countries = {c for pair in demo.DEMO_CORRIDORS for c in pair} - {"XKX"}
    stock = datasets["undesa_stock"]
    assert corridor_countries <= set(stock["iso3"].drop_nulls())
    assert stock["year"].min() == 1990 and stock["year"].max() == 2020
    refugees = datasets["unhcr_population"]
    assert (refugees["year"].min(), refugees["year"].max()) == (2000, 2023)
    mmp = datasets["iom_mmp_incidents"]
    assert (mmp["year"].min(), mmp["year"].max()) == (2014, 2023)
    assert mmp["web_id"].str.starts_with("DEMO-").all()
    knomad = datasets["knomad_remittances"]
    assert (knomad["year"].min(), knomad["year"].max()) == (2010, 2023)
    wdi = datasets["wdi"].filter(pl.col("country_code") == "KEN")
    assert set(wdi["indicator_code"]) == {
        "SP.POP.TOTL",
        "NY.GDP.MKTP.CD",
        "BX.TRF.PWKR.CD.DT",
        "BX.TRF.PWKR.DT.GD.ZS",
    }
    # KNOMAD inflows are the WDI remittances in US$ million, as in the official tables.
    [flow] = wdi.filter(
        (pl.col("indicator_code") == "BX.TRF.PWKR.CD.DT") & (pl.col("year") == 2020)
    )["value"].to_list()
    [inflow] = knomad.filter(
        (pl.col("iso3") == "KEN") & (pl.col("direction") == "inflow") & (pl.col("year") == 2020)
    )["value_usd_million"].to_list()
    assert inflow == pytest.approx(flow / 1e6, abs=1e-3)


def test_world_stock_is_the_sum_of_the_countries(datasets: dict[str, pl.DataFrame]) -> None:
    s = datasets["undesa_stock"].filter(
        (pl.col("measure") == "stock_destination")
        & (pl.col("sex") == "_T")
        & (pl.col("year") == 2020)
    )
    world = s.filter(pl.col("m49") == 900)["value"].item()
    assert world == pytest.approx(s.filter(pl.col("is_country"))["value"].sum())


def test_fallback_run_publishes_demo_indicators_for_kenya(data_dir: Path) -> None:
    outcomes = {o.source: o for o in pipeline.run(offline=True, fallback_demo=True)}
    for name in (*NEW, "wdi", "rpw_quotes"):
        assert outcomes[name].status == "demo", name
        assert io.read_clean_meta(name)["demo"] is True
    assert outcomes["indicators"].status == "published"
    table = io.read_clean("indicators")
    assert table is not None
    assert table["source"].str.contains("DEMO DATA").all()
    meta = io.read_clean_meta("indicators")
    uploads = set(SURVEY_TEMPLATES)  # only approved national submissions, never demo
    # sources with no demo dataset say why on their SourceSpec (rpw_corridors, wb_api, sdg_api)
    no_demo = {s.dataset for s in sources().values() if s.no_demo}
    assert no_demo == {"rpw_corridors", "wb_api", "sdg_api"}
    assert set(meta["demo_datasets"]) == set(INPUT_DATASETS) - no_demo - uploads
    ken = table.filter((pl.col("ref_area") == "KEN") | (pl.col("counterpart_area") == "KEN"))
    per_code = set(ken["indicator_code"].unique())
    assert {"10.7.4", "SM.POP.TOTL", "SM.EMI.RATE", "17.3.2", "SAV.REM"} <= per_code
    ken_series = set(ken["series_code"].unique())
    assert {"SM_POP_REFG_OR", "SM_POP_TOTL_ZS", "SM_EMI_RATE", "KNOMAD_REM_IN"} <= ken_series
    assert {"WB_REM_BILAT", "SM_POP_BILAT", "SAV_REM_BASE", "BX_TRF_PWKR_DT_GD_ZS"} <= ken_series
    # 10.7.3 is by MMP region of incident, never by country: the world and regions have rows.
    deaths = table.filter(pl.col("indicator_code") == "10.7.3")
    assert {"WLD", "MMP_HORN", "MMP_SSAFR"} <= set(deaths["ref_area"])
