"""Migrant stock, emigrant stock and emigration rate: hand-computed literals, real UN DESA files."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from core.config import Settings
from core.contract import COLUMNS, KEY
from etl.sources import undesa_matrix, undesa_stock
from indicators.compute.migration import (
    bilateral_stock_rows,
    compute_emigration,
    compute_migrant_stock,
    emigration_rows,
    migrant_stock_rows,
    pct_check,
    top_pairs,
)
from tests.conftest import raw_fixture, require_shared

UNDESA = "migrant_stock/undesa/"
MATRIX = (
    "migrant_stock/undesa_origin_destination_2019_clean/"
    "UN_MigrantStockByOriginAndDestination_2019_clean.csv"
)
ANNEX = UNDESA + "aggregates_correspondence_table_2020_1.xlsx"


def _stock(rows: list[tuple]) -> pl.DataFrame:
    """A tiny clean undesa_stock frame: (m49, iso3, is_country, measure, sex, year, value)."""
    cols = ["m49", "iso3", "is_country", "measure", "sex", "year", "value"]
    df = pl.DataFrame(rows, schema=cols, orient="row")
    return df.with_columns(
        edition=pl.lit("2020"), type_of_data=pl.lit("B"), year=pl.col("year").cast(pl.Int16)
    )


TINY = _stock(
    [
        (404, "KEN", True, "stock_destination", "_T", 2020, 300.0),
        (404, "KEN", True, "stock_destination", "F", 2020, 100.0),
        (404, "KEN", True, "pct_of_population", "_T", 2020, 25.0),
        (404, "KEN", True, "population_thousands", "_T", 2020, 1.2),
        (404, "KEN", True, "population_thousands", "F", 2020, 0.9),
        (404, "KEN", True, "stock_origin", "_T", 2020, 400.0),
        (404, "KEN", True, "stock_origin", "F", 2020, 100.0),
        (404, "KEN", True, "stock_origin", "M", 2020, 300.0),  # no male population: no rate
        (900, None, False, "stock_destination", "_T", 2020, 5000.0),
        (903, None, False, "stock_destination", "_T", 2020, 999.0),  # AFRICA: not emitted
        (800, "UGA", True, "stock_destination", "_T", 2020, None),  # missing: not emitted
    ]
)


def _value(df: pl.DataFrame, **where: str) -> float:
    [row] = df.filter(pl.all_horizontal(pl.col(k) == v for k, v in where.items())).to_dicts()
    return row["value"]


def test_migrant_stock_rows_by_sex_with_world_and_no_regions() -> None:
    out = migrant_stock_rows(TINY)
    assert out.columns == list(COLUMNS)
    assert _value(out, series_code="SM_POP_TOTL", ref_area="KEN", sex="F") == 100.0
    assert _value(out, series_code="SM_POP_TOTL", ref_area="WLD", sex="_T") == 5000.0
    assert _value(out, series_code="SM_POP_TOTL_ZS", ref_area="KEN", sex="_T") == 25.0
    assert set(out["ref_area"]) == {"KEN", "WLD"}
    assert set(out.filter(pl.col("series_code") == "SM_POP_TOTL_ZS")["unit_measure"]) == {"PT"}
    assert out["indicator_code"].unique().to_list() == ["SM.POP.TOTL"]


def test_pct_check_recomputes_stock_over_population() -> None:
    # 300 / (1.2 thousand x 1000) x 100 = 25.0
    [row] = pct_check(TINY).to_dicts()
    assert row["computed_pct"] == pytest.approx(25.0)
    assert row["published_pct"] == 25.0


def test_emigration_rate_is_e_over_p_plus_e() -> None:
    out = emigration_rows(TINY)
    # _T: E = 400, P = 1.2 x 1000 = 1200 -> 400 / 1600 x 100 = 25.0
    assert _value(out, series_code="SM_EMI_RATE", sex="_T") == pytest.approx(25.0)
    # F: E = 100, P = 900 -> 100 / 1000 x 100 = 10.0
    assert _value(out, series_code="SM_EMI_RATE", sex="F") == pytest.approx(10.0)
    assert _value(out, series_code="SM_EMI_TOTL", sex="M") == 300.0
    assert out.filter((pl.col("series_code") == "SM_EMI_RATE") & (pl.col("sex") == "M")).height == 0
    rates = out.filter(pl.col("series_code") == "SM_EMI_RATE")
    assert set(rates["nature"]) == {"E"}
    assert rates["comment_obs"].str.starts_with("derived: E/(P+E)").all()


def _matrix(cells: list[tuple[str, str, int, float | None]]) -> pl.DataFrame:
    cols = ["origin_iso3", "destination_iso3", "year", "value"]
    return pl.DataFrame(cells, schema=cols, orient="row").with_columns(
        pl.col("year").cast(pl.Int16)
    )


def test_top_pairs_and_bilateral_direction() -> None:
    m = _matrix(
        [
            ("AAA", "XXX", 2019, 50.0),
            ("BBB", "XXX", 2019, 70.0),  # top origin of XXX
            ("AAA", "YYY", 2019, 90.0),  # top destination of AAA, top origin of YYY
            ("BBB", "YYY", 2019, 10.0),
            ("BBB", "ZZZ", 2019, 80.0),  # top destination of BBB, top origin of ZZZ
            ("AAA", "ZZZ", 2019, 0.0),
            ("AAA", "YYY", 2015, 40.0),  # earlier year of a selected pair: kept
            ("AAA", "XXX", 2015, 45.0),  # pair not selected (ranked in 2019): dropped
        ]
    )
    pairs = set(top_pairs(m, n=1).iter_rows())
    assert pairs == {("BBB", "XXX"), ("AAA", "YYY"), ("BBB", "ZZZ")}
    rows = bilateral_stock_rows(m, n=1)
    assert rows.height == 4
    # ref_area = destination, counterpart_area = origin (indicators.md §5)
    assert _value(rows, ref_area="YYY", counterpart_area="AAA", time_period="2015") == 40.0
    assert set(rows["series_code"]) == {"SM_POP_BILAT"}


def test_compute_functions_without_inputs_return_empty_contract() -> None:
    settings = Settings()
    for fn in (compute_migrant_stock, compute_emigration):
        out = fn({}, settings)
        assert out.height == 0
        assert out.columns == list(COLUMNS)


# --- real UN DESA files ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def stock() -> pl.DataFrame:
    files = (
        "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
        "undesa_pd_2020_ims_stock_by_sex_and_origin.xlsx",
        "aggregates_correspondence_table_2020_1.xlsx",
    )
    frames = [undesa_stock.parse(require_shared(UNDESA + f)) for f in files]
    return undesa_stock.clean(pl.concat(frames, how="diagonal_relaxed"))


@pytest.fixture(scope="module")
def matrix() -> pl.DataFrame:
    frames = [undesa_matrix.parse(require_shared(p)) for p in (MATRIX, ANNEX)]
    return undesa_matrix.clean(pl.concat(frames, how="diagonal_relaxed"))


@pytest.fixture(scope="module")
def real(stock: pl.DataFrame, matrix: pl.DataFrame) -> pl.DataFrame:
    frames = {"undesa_stock": stock, "undesa_matrix": matrix}
    return pl.concat(
        [compute_migrant_stock(frames, Settings()), compute_emigration(frames, Settings())]
    )


def test_real_kenya_2020_stock_pct_and_emigration(real: pl.DataFrame) -> None:
    ken = real.filter((pl.col("ref_area") == "KEN") & (pl.col("time_period") == "2020"))
    # UN DESA IMS 2020 Table 1, Kenya, both sexes / males.
    assert _value(ken, series_code="SM_POP_TOTL", sex="_T") == 1_050_147
    assert _value(ken, series_code="SM_POP_TOTL", sex="M") == 529_975
    # Emigrants 535,348 (stock by origin); population 53,771.3 thousand (Table 2):
    # 535348 / (53771300 + 535348) x 100 = 0.98578...
    assert _value(ken, series_code="SM_EMI_TOTL", sex="_T") == 535_348
    expected = 535_348 / (53_771_300 + 535_348) * 100
    assert _value(ken, series_code="SM_EMI_RATE", sex="_T") == pytest.approx(expected)
    assert _value(ken, series_code="SM_EMI_RATE", sex="_T") == pytest.approx(0.985787, abs=1e-6)


def test_real_published_pct_agrees_with_stock_over_population(stock: pl.DataFrame) -> None:
    check = pct_check(stock)
    assert check.height > 4000
    diff = (check["computed_pct"] - check["published_pct"]).abs().max()
    assert diff is not None and float(diff) < 1e-9  # type: ignore[arg-type]


def test_real_bilateral_top_pairs(real: pl.DataFrame, matrix: pl.DataFrame) -> None:
    bilat = real.filter(pl.col("series_code") == "SM_POP_BILAT")
    # Mexico -> United States is the largest corridor: 11,489,684 migrants in 2019 (IMS 2019).
    usa_mex = _value(bilat, ref_area="USA", counterpart_area="MEX", time_period="2019")
    [cell] = matrix.filter(
        (pl.col("origin_iso3") == "MEX")
        & (pl.col("destination_iso3") == "USA")
        & (pl.col("year") == 2019)
    )["value"].to_list()
    assert usa_mex == cell == 11_489_684
    # At most 10 origins ranked per destination in 2019 (plus pairs chosen from the origin side).
    ken_2019 = bilat.filter((pl.col("ref_area") == "KEN") & (pl.col("time_period") == "2019"))
    assert 10 <= ken_2019.height < 40
    assert real.filter(pl.struct(list(KEY)).is_duplicated()).height == 0


def test_stock_emigrants_and_bilateral_pairs_from_the_offline_fixtures() -> None:
    # tests/fixtures/raw/undesa (IMS 2020 excerpts, no Table 2 population) and undesa_matrix,
    # through parse, clean and compute; values read off the fixture files by hand.
    annex = raw_fixture("undesa/aggregates_correspondence_table_2020_1.xlsx")
    stock_files = [
        annex,
        raw_fixture("undesa/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"),
        raw_fixture("undesa/undesa_pd_2020_ims_stock_by_sex_and_origin.xlsx"),
    ]
    matrix_files = [annex, raw_fixture(f"undesa_matrix/{Path(MATRIX).name}")]
    frames = {
        "undesa_stock": undesa_stock.clean(
            pl.concat([undesa_stock.parse(p) for p in stock_files], how="diagonal_relaxed")
        ),
        "undesa_matrix": undesa_matrix.clean(
            pl.concat([undesa_matrix.parse(p) for p in matrix_files], how="diagonal_relaxed")
        ),
    }
    out = pl.concat(
        [compute_migrant_stock(frames, Settings()), compute_emigration(frames, Settings())]
    )
    ken = out.filter((pl.col("ref_area") == "KEN") & (pl.col("time_period") == "2020"))
    assert _value(ken, series_code="SM_POP_TOTL", sex="_T") == 1_050_147
    assert _value(ken, series_code="SM_POP_TOTL", sex="F") == 520_172
    assert _value(ken, series_code="SM_EMI_TOTL", sex="_T") == 535_348
    assert _value(ken, series_code="SM_EMI_TOTL", sex="M") == 252_759
    # no Table 2 (population) in the fixture: no emigration rate, nothing made up
    assert out.filter(pl.col("series_code") == "SM_EMI_RATE").height == 0
    # every positive 2019 cell is a top pair (fewer than 10 per side), with its 2015 value;
    # zeros (e.g. Wallis and Futuna everywhere) never are
    bilat = (
        out.filter(pl.col("series_code") == "SM_POP_BILAT")
        .select("ref_area", "counterpart_area", "time_period", "value")
        .sort("ref_area", "counterpart_area", "time_period")
    )
    assert bilat.rows() == [
        ("CAN", "JAM", "2019", 161945.0),
        ("CAN", "KEN", "2019", 26805.0),
        ("CAN", "SOM", "2019", 45580.0),
        ("CAN", "UGA", "2019", 8500.0),
        ("JAM", "CAN", "2019", 1330.0),
        ("KEN", "SOM", "2015", 477380.0),
        ("KEN", "SOM", "2019", 452919.0),
        ("KEN", "UGA", "2015", 301546.0),
        ("KEN", "UGA", "2019", 309490.0),
    ]
    assert out.filter(pl.struct(list(KEY)).is_duplicated()).height == 0
