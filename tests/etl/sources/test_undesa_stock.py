"""UN DESA International Migrant Stock 2020 / 2019: the REAL published workbooks and annex."""

from __future__ import annotations

import polars as pl
import pytest

from core.errors import ParseError
from etl.sources import undesa_stock
from tests.conftest import require_shared

UNDESA = "migrant_stock/undesa/"
FILES = (
    "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
    "undesa_pd_2020_ims_stock_by_sex_and_origin.xlsx",
    "UN_MigrantStockTotal_2019.xlsx",
    "aggregates_correspondence_table_2020_1.xlsx",
)


@pytest.fixture(scope="module")
def parsed() -> pl.DataFrame:
    frames = [undesa_stock.parse(require_shared(UNDESA + f)) for f in FILES]
    return pl.concat(frames, how="diagonal_relaxed")


@pytest.fixture(scope="module")
def stock(parsed: pl.DataFrame) -> pl.DataFrame:
    return undesa_stock.clean(parsed)


def _value(df: pl.DataFrame, edition: str, measure: str, m49: int, year: int, sex: str = "_T"):
    [row] = df.filter(
        (pl.col("edition") == edition)
        & (pl.col("measure") == measure)
        & (pl.col("m49") == m49)
        & (pl.col("year") == year)
        & (pl.col("sex") == sex)
    ).to_dicts()
    return row


def test_row_counts(stock: pl.DataFrame) -> None:
    # 2020: 282 distinct codes per destination table (283 rows, 927 twice), 283 by origin
    # (adds OTHER); 7 years; refugees both sexes only. 2019: 278 codes (283 rows, 4 section
    # headings, 909 twice).
    counts = {
        (e, m, s): n for e, m, s, n in stock.group_by("edition", "measure", "sex").len().iter_rows()
    }
    for sex in ("_T", "M", "F"):
        assert counts["2020", "stock_destination", sex] == 282 * 7
        assert counts["2020", "stock_origin", sex] == 283 * 7
        assert counts["2020", "population_thousands", sex] == 282 * 7
        assert counts["2019", "pct_of_population", sex] == 278 * 7
    assert counts["2020", "refugees", "_T"] == 282 * 7
    assert ("2020", "refugees", "F") not in counts
    assert stock.height == 45_143
    assert stock.schema == pl.Schema(undesa_stock.SCHEMA)


def test_country_counts(stock: pl.DataFrame) -> None:
    countries = stock.filter(pl.col("is_country")).group_by("edition").agg(pl.col("m49").n_unique())
    # 2019 lacks Taiwan Province of China, Saint Barthélemy and Saint Martin (French part).
    assert dict(countries.iter_rows()) == {"2020": 235, "2019": 232}
    assert stock.filter(pl.col("is_country") & pl.col("iso3").is_null()).is_empty()


def test_values_read_by_hand(stock: pl.DataFrame) -> None:
    # Destination workbook, row 40 (Kenya), and row 12 (WORLD).
    assert _value(stock, "2020", "stock_destination", 404, 2020)["value"] == 1_050_147
    assert _value(stock, "2020", "stock_destination", 404, 2020, "F")["value"] == 520_172
    assert _value(stock, "2020", "stock_destination", 404, 2020, "M")["value"] == 529_975
    assert _value(stock, "2020", "population_thousands", 404, 2020)["value"] == 53_771.3
    assert _value(stock, "2020", "pct_of_population", 404, 2020)["value"] == pytest.approx(
        1.95298793
    )
    assert _value(stock, "2020", "refugees", 404, 2020)["value"] == 489_747
    world = _value(stock, "2020", "stock_destination", 900, 2020)
    assert (world["value"], world["iso3"], world["is_country"]) == (280_598_105, None, False)
    assert _value(stock, "2020", "stock_origin", 900, 2020)["value"] == 280_598_105
    # IMS 2019, Table 1 row 45 (Kenya) and row 17 (WORLD).
    assert _value(stock, "2019", "stock_destination", 404, 2019)["value"] == 1_044_854
    assert _value(stock, "2019", "stock_destination", 900, 2019)["value"] == 271_642_105


def test_traceability_columns(stock: pl.DataFrame) -> None:
    kenya = _value(stock, "2020", "stock_destination", 404, 2020, "F")
    assert kenya | {"value": None} == {
        "m49": 404,
        "iso3": "KEN",
        "area_name": "Kenya",
        "is_country": True,
        "measure": "stock_destination",
        "sex": "F",
        "year": 2020,
        "value": None,
        "value_flag": None,
        "type_of_data": "B R",
        "notes": None,
        "edition": "2020",
        "source_file": FILES[0],
        "sheet": "Table 1",
        "sheet_row": 40,
    }


@pytest.mark.parametrize(
    ("edition", "name"),
    [("2020", "WORLD"), ("2020", "Sub-Saharan Africa"), ("2020", "Least developed countries"),
     ("2020", "OTHER"), ("2019", "EUROPE"), ("2019", "No income group available")],
)  # fmt: skip
def test_aggregates_are_never_countries(stock: pl.DataFrame, edition: str, name: str) -> None:
    rows = stock.filter((pl.col("edition") == edition) & (pl.col("area_name") == name))
    assert rows.height > 0
    assert rows["is_country"].unique().to_list() == [False]
    assert rows["iso3"].null_count() == rows.height


def test_published_markers_become_null_with_a_flag(stock: pl.DataFrame) -> None:
    # ".." : South Sudan 1990 (its estimates to 2005 refer to Sudan); "~" : Comoros refugees.
    south_sudan = _value(stock, "2020", "stock_destination", 728, 1990)
    assert (south_sudan["value"], south_sudan["value_flag"]) == (None, "not_available")
    comoros = _value(stock, "2020", "refugees", 174, 1990)
    assert (comoros["value"], comoros["value_flag"]) == (None, "suppressed_under_5")


def test_repeated_aggregate_listed_once(stock: pl.DataFrame) -> None:
    anz = _value(stock, "2020", "stock_destination", 927, 2020)  # rows 19 and 268 agree
    assert (anz["value"], anz["sheet_row"]) == (9_067_584, 19)


def test_repeat_with_different_numbers_is_an_error(parsed: pl.DataFrame) -> None:
    changed = parsed.with_columns(
        value=pl.when((pl.col("m49") == 927) & (pl.col("sheet_row") == 268))
        .then(pl.col("value") + 1)
        .otherwise(pl.col("value"))
    )
    with pytest.raises(ParseError, match=r"given twice with different numbers.*M49 927"):
        undesa_stock.clean(changed)


def test_snapshot_without_annex_is_an_error(parsed: pl.DataFrame) -> None:
    with pytest.raises(ParseError, match="no correspondence table"):
        undesa_stock.clean(parsed.filter(pl.col("kind") == "stock"))


def test_snapshot_with_only_the_annex_is_an_error(parsed: pl.DataFrame) -> None:
    with pytest.raises(ParseError, match="no IMS stock workbook"):
        undesa_stock.clean(parsed.filter(pl.col("kind") == "correspondence"))


def test_country_code_unknown_to_the_annex_is_an_error(parsed: pl.DataFrame) -> None:
    renumbered = parsed.with_columns(
        m49=pl.when((pl.col("kind") == "stock") & (pl.col("m49") == 404))
        .then(405)
        .otherwise(pl.col("m49"))
    )
    with pytest.raises(ParseError, match=r"1 country code is not in .*Kenya \(405\)"):
        undesa_stock.clean(renumbered)
