"""RPW (Corridors) DataBank export: the real 2020-12-07 file, damaged copies, and fetch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core.errors import ParseError, SchemaMismatch, SourceFetchError
from etl.schemas import RPW_CORRIDORS
from etl.sources import rpw_corridors
from tests.conftest import raw_fixture, require_shared

EXPORT = "rpw/corridors_databank_2020Q3/rpw_corridors_databank_export_2020-12-07.csv"


@pytest.fixture(scope="module")
def parsed() -> pl.DataFrame:
    return rpw_corridors.parse(require_shared(EXPORT))


def _value(df: pl.DataFrame, sending: str, receiving: str, period: str) -> float | None:
    row = df.filter(
        (pl.col("sending_code") == sending)
        & (pl.col("receiving_code") == receiving)
        & (pl.col("time_period") == period)
    )
    assert row.height == 1
    return row["value"][0]


def test_shape_of_the_real_export(parsed: pl.DataFrame) -> None:
    assert parsed.schema == pl.Schema(RPW_CORRIDORS)
    series_rows = parsed.select("sending_code", "receiving_code", "series_code").unique()
    assert series_rows.height == 5_328  # 48 sending x 111 receiving
    assert parsed["sending_code"].n_unique() == 48
    assert parsed["receiving_code"].n_unique() == 111
    assert parsed.height == 5_328 * 35  # 35 period columns, every cell kept
    assert parsed["time_period"].unique().sort().to_list()[:5] == [
        "2011-Q1",
        "2011-Q3",
        "2012-Q1",
        "2012-Q3",
        "2013-Q1",
    ]
    assert parsed["series_code"].unique().to_list() == ["ATCR.CORR"]
    assert parsed["last_updated"].unique().to_list() == [date(2020, 12, 7)]  # "12/07/2020"


def test_double_space_receiving_columns_are_read(parsed: pl.DataFrame) -> None:
    names = dict(parsed.select("receiving_code", "receiving_name").unique().iter_rows())
    assert names["KEN"] == "Kenya"
    assert names["ZWE"] == "Zimbabwe"


def test_values_read_by_hand(parsed: pl.DataFrame) -> None:
    assert _value(parsed, "USA", "MEX", "2020-Q3") == 4.18037033081055
    assert _value(parsed, "GBR", "KEN", "2020-Q3") == 6.15250015258789
    assert _value(parsed, "GBR", "KEN", "2019-Q4") == 6.35200023651123
    assert _value(parsed, "AGO", "AFG", "2011-Q1") is None  # ".." in the file


def test_nulls_kept_by_parse_dropped_by_clean(parsed: pl.DataFrame) -> None:
    assert parsed["value"].null_count() == 176_063  # ".." cells
    clean = rpw_corridors.clean(parsed)
    assert clean.height == 10_417  # cells with a number, counted with the csv module
    assert clean["value"].null_count() == 0
    assert clean.select("sending_code", "receiving_code").unique().height == 377
    assert clean.schema == pl.Schema(RPW_CORRIDORS)


def test_clean_keeps_the_latest_export(parsed: pl.DataFrame) -> None:
    older = parsed.with_columns(value=pl.col("value") + 1, last_updated=pl.lit(date(2020, 9, 1)))
    clean = rpw_corridors.clean(pl.concat([older, parsed]))
    assert clean.height == 10_417
    assert _value(clean, "USA", "MEX", "2020-Q3") == 4.18037033081055


def _copy(tmp_path: Path, transform, name: str = "rpw_corridors_copy.csv") -> Path:  # type: ignore[no-untyped-def]
    text = require_shared(EXPORT).read_text(encoding="utf-8-sig")
    dest = tmp_path / name
    dest.write_text(transform(text), encoding="utf-8-sig")
    return dest


def test_a_data_csv_that_is_not_an_rpw_export_names_the_missing_columns(tmp_path: Path) -> None:
    wdi_export = tmp_path / "f2b6c9d1_Data.csv"
    wdi_export.write_text(
        "\ufeffCountry Name,Country Code,Series Name,Series Code,2019 [YR2019]\n"
        "Kenya,KEN,GDP (current US$),NY.GDP.MKTP.CD,1.0\n",
        encoding="utf-8",
    )
    with pytest.raises(SchemaMismatch) as err:
        rpw_corridors.parse(wdi_export)
    assert "Sending Countries Code" in err.value.missing
    assert "Receiving Countries Code" in err.value.missing
    assert "Series Code" not in err.value.missing
    assert str(wdi_export) in str(err.value)


def test_truncated_export_without_footer_is_a_parse_error(tmp_path: Path) -> None:
    bad = _copy(tmp_path, lambda s: s[: s.index("\nUnited States of America,USA")])
    with pytest.raises(ParseError, match="no 'Last Updated: MM/DD/YYYY' footer"):
        rpw_corridors.parse(bad)


def test_bad_value_names_row_column_and_value(tmp_path: Path) -> None:
    bad = _copy(tmp_path, lambda s: s.replace("4.18037033081055", "n/a", 1))
    with pytest.raises(ParseError) as err:
        rpw_corridors.parse(bad)
    assert err.value.column == "2020Q3 [YR2020Q3]"
    assert err.value.value == "n/a"
    assert err.value.row is not None and err.value.row > 5000  # USA rows are at the end


def test_a_decimal_comma_shifting_the_columns_is_a_parse_error(tmp_path: Path) -> None:
    # "4,18" unquoted is two cells: every later quarter would silently move one column.
    bad = _copy(tmp_path, lambda s: s.replace("4.18037033081055", "4,18", 1))
    with pytest.raises(ParseError, match="row has 42 cells, expected 41"):
        rpw_corridors.parse(bad)


def test_data_after_the_blank_rows_is_a_parse_error(tmp_path: Path) -> None:
    bad = _copy(tmp_path, lambda s: s.replace("Data from database:", "Angola,AGO,x", 1))
    with pytest.raises(ParseError, match="unexpected row after the data block"):
        rpw_corridors.parse(bad)


def test_fetch_explains_the_manual_databank_export(tmp_path: Path) -> None:
    with pytest.raises(SourceFetchError) as err:
        rpw_corridors.fetch(None, tmp_path)  # type: ignore[arg-type]
    message = str(err.value)
    assert "does not serve the RPW Corridors database" in message
    assert "Remittance Prices Worldwide (Corridors)" in message
    assert "--raw-dir" in message
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- offline: in-repo fixtures
# tests/fixtures/raw/rpw_corridors: four corridors of the DataBank export (BOM, double-spaced
# "Receiving Countries  Name", 35 period columns half-yearly then quarterly, ".." cells, three
# blank comma rows, "Data from database" and "Last Updated: 12/07/2020" footer).

CORR_FIX = "rpw_corridors/rpw_corridors_databank_export_2020-12-07.csv"
ATCR = "Average Total Cost to remit in corridor"


def test_fixture_export_parsed_and_cleaned_cell_for_cell() -> None:
    parsed = rpw_corridors.parse(raw_fixture(CORR_FIX))
    assert parsed.height == 4 * 35  # every corridor x period, ".." kept as null
    assert parsed["value"].null_count() == 4 * 35 - 6
    usa = "United States of America"
    rows = [
        ("GBR", "United Kingdom", "KEN", "Kenya", "2011-Q1", 10.4112501144409),
        ("GBR", "United Kingdom", "KEN", "Kenya", "2019-Q4", 6.38666677474976),
        ("GBR", "United Kingdom", "KEN", "Kenya", "2020-Q3", 5.20750021934509),
        ("USA", usa, "MEX", "Mexico", "2020-Q2", 4.79166650772095),
        ("USA", usa, "MEX", "Mexico", "2020-Q3", 4.87999987602234),
        ("USA", usa, "YEM", "Yemen", "2020-Q3", 6.375),
    ]  # AGO -> AFG is ".." throughout: no row
    expected = pl.DataFrame(
        {
            "sending_code": [r[0] for r in rows],
            "sending_name": [r[1] for r in rows],
            "receiving_code": [r[2] for r in rows],
            "receiving_name": [r[3] for r in rows],
            "series_code": ["ATCR.CORR"] * len(rows),
            "series_name": [ATCR] * len(rows),
            "time_period": [r[4] for r in rows],
            "value": [r[5] for r in rows],
            "last_updated": [date(2020, 12, 7)] * len(rows),
        },
        schema=RPW_CORRIDORS,
    )
    assert_frame_equal(rpw_corridors.clean(parsed), expected)


@pytest.mark.parametrize(
    ("name", "row", "column", "value", "problem"),
    [
        ("text_value", 4, "2020Q2 [YR2020Q2]", "4.79%", "expected a number or '..'"),
        ("shifted_column", 3, None, None, "row has 42 cells, expected 41"),
        ("repeated_row", 6, None, None, "repeats the row 3 (GBR/KEN/ATCR.CORR)"),
        ("truncated", None, None, None, "no 'Last Updated: MM/DD/YYYY' footer"),
    ],
)
def test_fixture_problems_name_file_row_column_value(
    name: str, row: int | None, column: str | None, value: str | None, problem: str
) -> None:
    path = raw_fixture(
        f"rpw_corridors/rpw_corridors_databank_export_2020-12-07_with_problems_{name}.csv"
    )
    with pytest.raises(ParseError) as err:
        rpw_corridors.parse(path)
    assert (err.value.row, err.value.column, err.value.value) == (row, column, value)
    assert str(path) in str(err.value) and problem in str(err.value)


def test_fixture_missing_key_column_is_a_schema_mismatch() -> None:
    path = raw_fixture(
        "rpw_corridors/rpw_corridors_databank_export_2020-12-07_with_problems_missing_column.csv"
    )
    with pytest.raises(SchemaMismatch) as err:
        rpw_corridors.parse(path)
    assert err.value.missing == ["Receiving Countries Code"]
    assert str(path) in str(err.value)
