"""End to end on the real files: `run --offline --raw-dir ../shared/data` publishes every migration
dataset and indicator, with values checked against the files by hand."""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator

import polars as pl
import pytest

from etl import io, pipeline
from etl.registry import sources
from tests.conftest import require_shared

MIGRATION_SOURCES = {
    "undesa_regions": "undesa_regions",
    "undesa_stock": "undesa_stock",
    "undesa_matrix": "undesa_matrix",
    "unhcr": "unhcr_population",
    "iom_mmp": "iom_mmp_incidents",
    "knomad": "knomad_remittances",
    "wb_bilateral": "wb_bilateral",
}
UNHCR_CSV = "unhcr/guyabel_wmr2022/unhcr_2020.csv"
MMP_CSV = "missing_migrants/iom_mmp_2021-03-27/MissingMigrants-Global-2021-03-27T05-02-23.csv"


@pytest.fixture(scope="module")
def real_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """One pipeline run on ../shared/data in an empty data dir (as the `data_dir` fixture
    makes it), shared by the tests of this module: it takes about 12 s."""
    raw = require_shared()
    d = tmp_path_factory.mktemp("migration") / "data"
    (d / "raw").mkdir(parents=True)
    (d / "clean").mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("M_E_DATA_DIR", str(d))
        t0 = time.perf_counter()
        outcomes = pipeline.run(raw_dir=raw, offline=True)
        seconds = time.perf_counter() - t0
        table = io.read_clean("indicators")
        assert table is not None
        yield {
            "outcomes": {o.source: o for o in outcomes},
            "table": table,
            "seconds": seconds,
            "stock": io.read_clean("undesa_stock"),
            "metas": {ds: io.read_clean_meta(ds) for ds in MIGRATION_SOURCES.values()},
        }


def _value(table: pl.DataFrame, **where: str) -> float:
    """The single value matching every column = value condition."""
    rows = table.filter(pl.all_horizontal(pl.col(k) == v for k, v in where.items()))
    assert rows.height == 1, (where, rows.height)
    return float(rows["value"][0])


def test_sources_are_registered_lookup_first() -> None:
    names = list(sources())
    assert set(MIGRATION_SOURCES) <= set(names)
    assert names.index("undesa_regions") < names.index("undesa_stock")
    assert names.index("undesa_regions") < names.index("undesa_matrix")
    assert {s.dataset for s in sources().values() if s.name in MIGRATION_SOURCES} == set(
        MIGRATION_SOURCES.values()
    )


def test_raw_patterns_pick_exactly_the_right_files() -> None:
    raw = require_shared()
    found = {
        name: sorted(p.name for p in pipeline.find_in_raw_dir(sources()[name], raw))
        for name in MIGRATION_SOURCES
    }
    annex = "aggregates_correspondence_table_2020_1.xlsx"
    assert found["undesa_regions"] == [annex]
    assert found["undesa_stock"] == sorted(
        [
            "UN_MigrantStockTotal_2019.xlsx",
            annex,
            "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
            "undesa_pd_2020_ims_stock_by_sex_and_origin.xlsx",
        ]
    )
    assert found["undesa_matrix"] == sorted(
        [annex, "UN_MigrantStockByOriginAndDestination_2019_clean.csv"]
    )
    assert found["unhcr"] == ["unhcr_2020.csv"]
    # Not the derivative migrant-deaths-by-origin-region.xlsx beside it.
    assert found["iom_mmp"] == ["MissingMigrants-Global-2021-03-27T05-02-23.csv"]
    assert found["knomad"] == ["remittance-inflows.xlsx", "remittance-outflows.xlsx"]
    assert found["wb_bilateral"] == [
        "WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx",
        "WB_Bilateral_Remittance_Estimates_2017.xlsx",
    ]


def test_every_migration_dataset_is_published_without_errors(real_run: dict) -> None:
    print(f"\nreal-data run: {real_run['seconds']:.1f} s")
    for name, dataset in MIGRATION_SOURCES.items():
        out = real_run["outcomes"][name]
        assert out.status == "published", (name, out.message)
        assert not [i for i in out.issues if i.severity == "error"]
        print(f"  {name}: {out.rows:,} rows, validate {out.seconds['validate']:.2f} s")
        assert real_run["metas"][dataset]["validation"]["errors"] == 0
    # Known oddities stay warnings: 5 UNHCR rows without a country of asylum (1995-1999),
    # and Vanuatu -> Vanuatu in both 2017 bilateral matrices.
    unhcr = real_run["outcomes"]["unhcr"].issues
    assert {i.rule for i in unhcr} == {"asylum_country_missing"} and len(unhcr) == 5
    assert {i.rule for i in real_run["outcomes"]["wb_bilateral"].issues} == {"self_flow"}
    assert real_run["outcomes"]["indicators"].status == "published"
    assert real_run["seconds"] < 60


def test_world_migrant_stock_2020(real_run: dict) -> None:
    stock = real_run["table"].filter(pl.col("series_code") == "SM_POP_TOTL")
    # IMS 2020 Table 1, WORLD, both sexes, mid-2020.
    assert _value(stock, ref_area="WLD", time_period="2020", sex="_T") == 280_598_105


def test_refugees_per_100000_by_hand(real_run: dict) -> None:
    path = require_shared(UNHCR_CSV)
    with path.open(encoding="utf-8", newline="") as f:
        refugees = sum(
            int(float(r["refugees"]))
            for r in csv.DictReader(f)
            if r["orig"] == "AFG" and r["year"] == "2015" and r["dest"] != "AFG" and r["refugees"]
        )
    assert refugees == 2_666_294
    population = 34_413_603  # IMS 2020 Table 2, Afghanistan, mid-2015: 34,413.603 thousand
    table = real_run["table"].filter(pl.col("ref_area") == "AFG")
    assert _value(table, series_code="SM_POP_REFG_OR_N", time_period="2015") == refugees
    rate = _value(table, series_code="SM_POP_REFG_OR", time_period="2015")
    assert rate == pytest.approx(refugees / (population + refugees) * 100_000)  # 7,190.67


def test_dead_and_missing_totals(real_run: dict) -> None:
    path = require_shared(MMP_CSV)
    with path.open(encoding="utf-8", errors="replace", newline="") as f:
        rows = list(csv.DictReader(f))
    world_2016 = sum(
        int(r["Total Dead and Missing"].replace(",", ""))
        for r in rows
        if r["Reported Year"] == "2016"
    )
    deaths = real_run["table"].filter(pl.col("series_code") == "SM_DTH_MIGR")
    assert world_2016 == 8074
    assert _value(deaths, ref_area="WLD", time_period="2016", sub_category="_T") == world_2016
    assert _value(deaths, ref_area="MMP_MED", time_period="2016", sub_category="_T") == 5143


def test_emigration_flows_and_savings(real_run: dict) -> None:
    table = real_run["table"]
    stock = real_run["stock"]

    def un(measure: str) -> float:
        [v] = stock.filter(
            (pl.col("iso3") == "KEN")
            & (pl.col("measure") == measure)
            & (pl.col("year") == 2020)
            & (pl.col("sex") == "_T")
            & (pl.col("edition") == "2020")
        )["value"].to_list()
        return float(v)

    e, p = un("stock_origin"), un("population_thousands") * 1000
    assert (e, p) == (535_348, 53_771_300)
    ken = table.filter(pl.col("ref_area") == "KEN")
    rate = _value(ken, series_code="SM_EMI_RATE", time_period="2020", sex="_T")
    assert rate == pytest.approx(e / (p + e) * 100)  # 0.986 %
    assert _value(ken, series_code="KNOMAD_REM_IN", time_period="2020") == pytest.approx(
        3107.932253, abs=1e-6
    )
    assert _value(ken, series_code="SAV_REM_BASE", time_period="2019") == pytest.approx(
        32.85e6, rel=1e-3
    )
    bilat = table.filter(pl.col("series_code") == "WB_REM_BILAT")
    assert _value(bilat, ref_area="USA", counterpart_area="MEX") == bilat["value"].max()


def test_every_new_indicator_has_real_rows_with_provenance(real_run: dict) -> None:
    table = real_run["table"]
    codes = set(table["indicator_code"].unique())
    assert {"10.7.4", "10.7.3", "SM.POP.TOTL", "SM.EMI.RATE", "17.3.2", "SAV.REM"} <= codes
    assert not table["source"].str.contains("DEMO").any()
    new = table.filter(pl.col("indicator_code").is_in(["10.7.4", "10.7.3", "SM.POP.TOTL"]))
    assert new["source"].is_not_null().all() and new["retrieved_at"].is_not_null().all()
    un = new.filter(pl.col("series_code") == "SM_POP_TOTL")["source"][0]
    assert "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx" in un


def test_second_run_recomputes_nothing(real_run: dict) -> None:
    # The data dir of the module run is still set for the fixture's lifetime.
    outcomes = {o.source: o for o in pipeline.run(raw_dir=require_shared(), offline=True)}
    assert {outcomes[n].status for n in MIGRATION_SOURCES} == {"unchanged"}
    assert outcomes["indicators"].status == "unchanged"
