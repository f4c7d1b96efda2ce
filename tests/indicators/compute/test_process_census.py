"""Census migrant stock (indicators/compute/process_census.py): hand-computed cases."""

from __future__ import annotations

import polars as pl
import pytest

from core.contract import COLUMNS, KEY
from indicators.compute.process_census import process_census_rows

COLS = ["ref_area", "time_period", "basis", "counterpart_area", "sex", "age", "value"]


def census(rows: list[tuple]) -> pl.DataFrame:
    """Template rows (ref_area, year, basis, counterpart_area, sex, age, value)."""
    return pl.DataFrame(rows, schema=COLS, orient="row").with_columns(
        source=pl.lit("KNBS Census 2019")
    )


ROWS = [
    # by country of birth, both sexes: 1,000 people, 900 born in Kenya, 60 + 30 abroad, 5 unknown
    ("KEN", "2019", "COB", "_T", "_T", "_T", 1000.0),
    ("KEN", "2019", "COB", "KEN", "_T", "_T", 900.0),
    ("KEN", "2019", "COB", "UGA", "_T", "_T", 60.0),
    ("KEN", "2019", "COB", "TZA", "_T", "_T", 30.0),
    ("KEN", "2019", "COB", "_U", "_T", "_T", 5.0),
    # women only by country of birth: 500, of whom 40 born in Uganda
    ("KEN", "2019", "COB", "_T", "F", "_T", 500.0),
    ("KEN", "2019", "COB", "UGA", "F", "_T", 40.0),
    # by citizenship: only the total and nationals -> derived 1,000 - 950 = 50
    ("KEN", "2019", "CIT", "_T", "_T", "_T", 1000.0),
    ("KEN", "2019", "CIT", "KEN", "_T", "_T", 950.0),
]


@pytest.fixture(scope="module")
def out() -> pl.DataFrame:
    return process_census_rows(census(ROWS))


def get(out: pl.DataFrame, series: str, **where: str) -> pl.DataFrame:
    """Rows of a series matching every column = value."""
    return out.filter(pl.col("series_code") == series, *[pl.col(k) == v for k, v in where.items()])


def test_contract_shape_and_codes_beside_un_desa(out: pl.DataFrame) -> None:
    assert out.columns == list(COLUMNS)
    assert not out.select(pl.struct(list(KEY)).is_duplicated().any()).item()
    assert set(out["indicator_code"]) == {"SM.POP.CEN"}  # its own registry entry
    series = set(out["series_code"])
    assert series == {
        "SM_POP_CEN_COB",
        "SM_POP_CEN_COB_ZS",
        "SM_POP_CEN_COB_BILAT",
        "SM_POP_CEN_CIT",
        "SM_POP_CEN_CIT_ZS",
    }
    assert not series & {"SM_POP_TOTL", "SM_POP_TOTL_ZS", "SM_POP_BILAT"}


def test_foreign_born_stock_is_the_sum_of_listed_countries(out: pl.DataFrame) -> None:
    # 60 + 30 = 90 (the 5 of unknown birthplace are not counted); 90 / 1,000 = 9 %
    stock = get(out, "SM_POP_CEN_COB", sex="_T")
    assert stock["value"].to_list() == [90.0] and stock["counterpart_area"][0] == "_T"
    note = stock["comment_obs"][0]
    assert "sum over 2 countries" in note and "5.0 with unknown origin not counted" in note
    # 1,000 - 900 - 90 - 5 = 5 people unaccounted for
    assert note.endswith("total - own country - listed origins - unknown = 5.0")
    assert get(out, "SM_POP_CEN_COB_ZS", sex="_T")["value"].to_list() == [9.0]
    # women: 40 born abroad of 500 -> 8 %
    assert get(out, "SM_POP_CEN_COB", sex="F")["value"].to_list() == [40.0]
    assert get(out, "SM_POP_CEN_COB_ZS", sex="F")["value"].to_list() == [8.0]


def test_bilateral_rows_have_the_origin_as_counterpart(out: pl.DataFrame) -> None:
    bilat = get(out, "SM_POP_CEN_COB_BILAT", sex="_T").sort("counterpart_area")
    assert bilat.select("ref_area", "counterpart_area", "value").rows() == [
        ("KEN", "TZA", 30.0),
        ("KEN", "UGA", 60.0),
    ]


def test_citizenship_stock_derived_from_total_minus_nationals(out: pl.DataFrame) -> None:
    cit = get(out, "SM_POP_CEN_CIT")
    assert cit["value"].to_list() == [50.0]
    assert cit["comment_obs"][0].startswith("foreign citizens (country of citizenship)")
    assert "derived: total minus" in cit["comment_obs"][0]
    assert get(out, "SM_POP_CEN_CIT_ZS")["value"].to_list() == [5.0]


def test_no_stock_without_origins_or_natives() -> None:
    only_total = census([("KEN", "2019", "COB", "_T", "_T", "_T", 1000.0)])
    assert process_census_rows(only_total).is_empty()
