"""UN DESA IMS 2020 correspondence table: the real annex, and damaged copies of it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core.errors import ParseError, SchemaMismatch
from etl.sources import undesa_regions
from tests.conftest import raw_fixture, require_shared

ANNEX = "migrant_stock/undesa/aggregates_correspondence_table_2020_1.xlsx"


@pytest.fixture(scope="module")
def lookup() -> pl.DataFrame:
    return undesa_regions.load_lookup(require_shared(ANNEX))


def _area(lookup: pl.DataFrame, name: str) -> dict:
    [row] = lookup.filter(pl.col("name") == name).to_dicts()
    return row


def test_counts_and_unique_codes(lookup: pl.DataFrame) -> None:
    # 283 listed areas, "Australia and New Zealand" (927) twice -> 282 codes; 235 have ISO3.
    assert lookup.height == 282
    assert lookup["m49"].n_unique() == 282
    assert lookup["is_country"].sum() == 235
    assert lookup.schema == pl.Schema(undesa_regions.SCHEMA)
    # Measured: UN DESA numbers countries below 900 and aggregates from 900 up.
    countries = lookup.filter(pl.col("is_country"))
    assert countries["m49"].max() == 894
    assert lookup.filter(~pl.col("is_country"))["m49"].min() == 900


def test_kenya_read_by_hand(lookup: pl.DataFrame) -> None:
    kenya = _area(lookup, "Kenya")  # Annex row 40
    assert kenya | {"source_file": None} == {
        "m49": 404,
        "iso3": "KEN",
        "name": "Kenya",
        "is_country": True,
        "location_type": "Country/Area",
        "parent_m49": 910,
        "subregion": "Eastern Africa",
        "sdg_region": "Sub-Saharan Africa",
        "sdg_subregion": None,
        "geographic_region": "Africa",
        "more_developed": False,
        "ldc": False,
        "lldc": False,
        "sids": False,
        "wb_income_group": "Lower middle income",
        "notes": None,
        "source_file": None,
        "sheet_row": 40,
    }


def test_names_lose_the_note_marker_but_keep_the_note(lookup: pl.DataFrame) -> None:
    tanzania = _area(lookup, "United Republic of Tanzania")  # published "...Tanzania*", note 3
    assert (tanzania["iso3"], tanzania["notes"], tanzania["ldc"]) == ("TZA", "3", True)
    assert _area(lookup, "France")["sdg_subregion"] == "Europe"


@pytest.mark.parametrize(
    "name",
    ["WORLD", "Sub-Saharan Africa", "Least developed countries", "High-income countries",
     "AFRICA", "Eastern Africa", "Polynesia", "Australia and New Zealand"],
)  # fmt: skip
def test_aggregates_are_not_countries(lookup: pl.DataFrame, name: str) -> None:
    area = _area(lookup, name)
    assert area["is_country"] is False
    assert area["iso3"] is None
    assert (area["ldc"], area["sids"], area["wb_income_group"]) == (None, None, None)


def test_group_sizes_match_the_annex_notes(lookup: pl.DataFrame) -> None:
    # Notes d, f, g of the annex: 47 LDCs, 32 LLDCs, 58 SIDS.
    countries = lookup.filter(pl.col("is_country"))
    assert countries.select(pl.col("ldc", "lldc", "sids").sum()).row(0) == (47, 32, 58)
    income = dict(countries.group_by("wb_income_group").len().iter_rows())
    assert income == {
        "High income": 83,
        "Upper middle income": 55,
        "Lower middle income": 50,
        "Low income": 29,
        None: 18,  # "No income group available", e.g. Mayotte
    }


def test_repeated_area_keeps_its_first_listing(lookup: pl.DataFrame) -> None:
    anz = _area(lookup, "Australia and New Zealand")
    assert (anz["m49"], anz["location_type"], anz["sheet_row"]) == (927, "SDG region", 19)


def _damaged_copy(tmp_path: Path, cell: str, value: object) -> Path:
    """A copy of the real annex with one cell of sheet Annex changed."""
    wb = openpyxl.load_workbook(require_shared(ANNEX))  # fresh: embedded images save once
    wb["Annex"][cell] = value
    path = tmp_path / undesa_regions.FILE_NAME
    wb.save(path)
    return path


def test_country_without_iso3_names_row_and_column(tmp_path: Path) -> None:
    path = _damaged_copy(tmp_path, "E40", None)  # Kenya's ISO3 code
    with pytest.raises(ParseError, match=r"row 40, column 'ISO3 Alpha-code'.*'Country/Area'"):
        undesa_regions.parse(path)


def test_missing_column_is_a_schema_mismatch(tmp_path: Path) -> None:
    path = _damaged_copy(tmp_path, "N10", "Region")  # group label "SDG region" over Code/Name
    with pytest.raises(SchemaMismatch, match="sdg_region"):
        undesa_regions.parse(path)


def test_error_page_saved_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / undesa_regions.FILE_NAME
    path.write_text("<html>Access denied</html>")
    with pytest.raises(ParseError, match="not a readable Excel"):
        undesa_regions.parse(path)


# ---------------------------------------------------------------- offline: in-repo fixtures
# tests/fixtures/raw/undesa: a hand-typed excerpt of the IMS 2020 annex (title rows 1-9, merged
# group labels in row 10, sub-labels with trailing group codes in row 11, "   " ISO3 cells on
# aggregates, 927 listed twice, "*" note markers, a "No income group available" country).

ANNEX_FIX = "undesa/aggregates_correspondence_table_2020_1.xlsx"
SSA, LAC, EA = "Sub-Saharan Africa", "Latin America and the Caribbean", "Eastern Africa"
ANZ = "Australia and New Zealand"


def test_fixture_annex_parsed_and_cleaned_row_for_row() -> None:
    got = undesa_regions.clean(undesa_regions.parse(raw_fixture(ANNEX_FIX)))
    agg = (None,) * 5  # more_developed, ldc, lldc, sids, income: not applicable
    # fmt: off
    rows = [
        # m49, iso3, name, type, parent, subregion, sdg region, sdg subregion, geographic,
        # more developed, ldc, lldc, sids, income, notes, row
        (900, None, "WORLD", "World", None, None, None, None, None, *agg, None, 12),
        (947, None, SSA, "SDG region", 1828, None, None, None, None, *agg, None, 13),
        (1830, None, LAC, "SDG region", 1828, None, None, None, None, *agg, None, 14),
        (927, None, ANZ, "SDG region", 1828, None, None, None, None, *agg, None, 15),
        (941, None, "Least developed countries", "Development group", 902,
         None, None, None, None, *agg, "d", 16),
        (910, None, EA, "Subregion", 947, None, None, None, None, *agg, None, 17),
        (404, "KEN", "Kenya", "Country/Area", 910, EA, SSA, None, "Africa",
         False, False, False, False, "Lower middle income", None, 18),
        (706, "SOM", "Somalia", "Country/Area", 910, EA, SSA, None, "Africa",
         False, True, False, False, "Low income", None, 19),
        (800, "UGA", "Uganda", "Country/Area", 910, EA, SSA, None, "Africa",
         False, True, True, False, "Low income", None, 20),
        (915, None, "Caribbean", "Subregion", 1830, None, None, None, None, *agg, None, 21),
        (388, "JAM", "Jamaica", "Country/Area", 915, "Caribbean", LAC, None, LAC,
         False, False, False, True, "Upper middle income", None, 22),
        (124, "CAN", "Canada", "Country/Area", 918, None, "Europe and Northern America",
         "Northern America", "Northern America", True, False, False, False, "High income",
         None, 23),
        # row 24 repeats 927 and is dropped; "Australia*" loses its "*", keeps note 18
        (36, "AUS", "Australia", "Country/Area", 927, ANZ, ANZ, None, "Oceania",
         True, False, False, False, "High income", "18", 25),
        # "No income group available": income null
        (876, "WLF", "Wallis and Futuna Islands", "Country/Area", 957, "Polynesia",
         "Oceania (excluding Australia and New Zealand)", None, "Oceania",
         False, False, False, False, None, "2", 26),
    ]
    # fmt: on
    cols = [
        "m49",
        "iso3",
        "name",
        "location_type",
        "parent_m49",
        "subregion",
        "sdg_region",
        "sdg_subregion",
        "geographic_region",
        "more_developed",
        "ldc",
        "lldc",
        "sids",
        "wb_income_group",
        "notes",
        "sheet_row",
    ]  # fmt: skip
    expected = pl.DataFrame(
        {c: [r[i] for r in rows] for i, c in enumerate(cols)}
        | {
            "is_country": [r[1] is not None for r in rows],
            "source_file": ["aggregates_correspondence_table_2020_1.xlsx"] * len(rows),
        }
    )
    expected = expected.select(pl.col(c).cast(t) for c, t in undesa_regions.SCHEMA.items())
    assert_frame_equal(got, expected)


def test_fixture_annex_type_that_contradicts_the_iso3_code() -> None:
    path = raw_fixture("undesa/aggregates_correspondence_table_2020_1_with_problems_type.xlsx")
    with pytest.raises(ParseError) as err:
        undesa_regions.parse(path)
    assert (err.value.row, err.value.column, err.value.value) == (19, "ISO3 Alpha-code", "SOM")
    assert str(path) in str(err.value)
    assert "location type 'Subregion' does not fit the ISO3 code 'SOM'" in str(err.value)


def test_fixture_annex_relabelled_flag_column_is_a_schema_mismatch() -> None:
    path = raw_fixture(
        "undesa/aggregates_correspondence_table_2020_1_with_problems_missing_column.xlsx"
    )
    with pytest.raises(SchemaMismatch) as err:
        undesa_regions.parse(path)
    assert err.value.missing == ["flag_1637"]  # "Small Island Developing States (SIDS)\n1637"
    assert str(path) in str(err.value)
