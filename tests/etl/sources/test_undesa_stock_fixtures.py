"""UN DESA migrant stock: the in-repo excerpts (tests/fixtures/raw/undesa), cell by cell."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core.errors import ParseError
from etl.sources import undesa_stock
from tests.conftest import raw_fixture

# tests/fixtures/raw/undesa: hand-typed excerpts of the IMS 2020 destination (Tables 1 and 6)
# and origin (Table 1) workbooks and of the annex, in the published layout.

DEST_FIX = "undesa/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
ORIGIN_FIX = "undesa/undesa_pd_2020_ims_stock_by_sex_and_origin.xlsx"
ANNEX_FIX = "undesa/aggregates_correspondence_table_2020_1.xlsx"


def _fixture_snapshot(*names: str) -> pl.DataFrame:
    frames = [undesa_stock.parse(raw_fixture(n)) for n in (ANNEX_FIX, *names)]
    return pl.concat(frames, how="diagonal_relaxed")


def test_fixture_destination_and_origin_cleaned_cell_for_cell_in_2020() -> None:
    clean = undesa_stock.clean(_fixture_snapshot(DEST_FIX, ORIGIN_FIX))
    # 3 areas x 21 cells (Table 1 dest.) + 2 x 7 (Table 6: the % and rate blocks are skipped)
    # + 3 x 21 (Table 1 origin)
    assert clean.height == 63 + 14 + 63
    dest, origin = Path(DEST_FIX).name, Path(ORIGIN_FIX).name
    wlf = "Wallis and Futuna Islands"

    def cell(
        m49: int,
        iso3: str | None,
        name: str,
        measure: str,
        sex: str,
        value: float | None,
        row: int,
        flag: str | None = None,
        notes: str | None = None,
    ) -> tuple:
        """One expected 2020 cell; type of data 'B R' on destination country rows."""
        file = origin if measure == "stock_origin" else dest
        tod = "B R" if iso3 and measure != "stock_origin" else None
        sheet = "Table 6" if measure == "refugees" else "Table 1"
        return (
            m49,
            iso3,
            name,
            iso3 is not None,
            measure,
            sex,
            value,
            flag,
            tod,
            notes,
            file,
            sheet,
            row,
        )

    # fmt: off
    rows = [
        cell(404, "KEN", "Kenya", "refugees", "_T", 489747.0, 12),
        cell(876, "WLF", wlf, "refugees", "_T", None, 13, flag="suppressed_under_5"),  # "~"
    ]
    for sex, (world, ken, wal) in (("F", (134942261, 520172, 1010)),
                                   ("M", (145655844, 529975, 1030)),
                                   ("_T", (280598105, 1050147, 2040))):
        rows += [
            cell(900, None, "WORLD", "stock_destination", sex, world, 12),
            cell(404, "KEN", "Kenya", "stock_destination", sex, ken, 13),
            cell(876, "WLF", wlf, "stock_destination", sex, wal, 14, notes="41"),
        ]
    for sex, (ken, som, other) in (("F", (282589, 969435, 6123953)),
                                   ("M", (252759, 1064786, 6533198)),
                                   ("_T", (535348, 2034221, 12657151))):
        rows += [
            cell(404, "KEN", "Kenya", "stock_origin", sex, ken, 12),
            cell(706, "SOM", "Somalia", "stock_origin", sex, som, 13),
            # "OTHER" (2003, unknown origin) is not in the annex: an aggregate
            cell(2003, None, "OTHER", "stock_origin", sex, other, 14),
        ]
    # fmt: on
    cols = ["m49", "iso3", "area_name", "is_country", "measure", "sex", "value", "value_flag"]
    cols += ["type_of_data", "notes", "source_file", "sheet", "sheet_row"]
    expected = pl.DataFrame(
        {c: [r[i] for r in rows] for i, c in enumerate(cols)}, strict=False
    ).with_columns(year=pl.lit(2020), edition=pl.lit("2020"))
    expected = expected.select(pl.col(c).cast(t) for c, t in undesa_stock.SCHEMA.items())
    assert_frame_equal(clean.filter(pl.col("year") == 2020), expected)
    kenya_1990 = clean.filter(
        (pl.col("m49") == 404) & (pl.col("year") == 1990) & (pl.col("sex") == "_T")
    ).sort("measure")
    assert kenya_1990.select("measure", "value").rows() == [
        ("refugees", 14249.0),
        ("stock_destination", 298089.0),
        ("stock_origin", 250332.0),
    ]


def test_fixture_text_value_names_sheet_row_block_and_value() -> None:
    path = raw_fixture(
        "undesa/undesa_pd_2020_ims_stock_by_sex_and_destination_with_problems_text_value.xlsx"
    )
    with pytest.raises(ParseError) as err:
        undesa_stock.parse(path)
    assert err.value.path == f"{path} [Table 1]"
    assert (err.value.row, err.value.column, err.value.value) == (
        13,
        "stock_destination _T 2020",
        "1 050 147",
    )


def test_fixture_code_missing_from_the_annex_stops_clean() -> None:
    snapshot = _fixture_snapshot(
        "undesa/undesa_pd_2020_ims_stock_by_sex_and_destination_with_problems_unknown_code.xlsx"
    )
    with pytest.raises(
        ParseError,
        match=r"1 country code is not in the correspondence "
        r"table: Kenya \(405\)",
    ) as err:
        undesa_stock.clean(snapshot)
    assert "with_problems_unknown_code.xlsx" in str(err.value)


def test_fixture_without_annex_or_table_sheets() -> None:
    stock_only = undesa_stock.parse(raw_fixture(DEST_FIX))
    with pytest.raises(ParseError, match="the snapshot has no correspondence table"):
        undesa_stock.clean(stock_only)
    path = raw_fixture(
        "undesa/undesa_pd_2020_ims_stock_by_sex_and_destination_with_problems_no_table_sheet.xlsx"
    )
    with pytest.raises(ParseError, match=r"no 'Table N' sheets \(sheets: Data Table of contents"):
        undesa_stock.parse(path)


def test_fixture_2019_edition_layout() -> None:
    # UN_MigrantStockTotal_2019.xlsx: "Code" column, block titles on the header row and years
    # on the next, a heading row without code ("UN development groups", values ".."), EUROPE
    # (917) not in the 2020 annex: an aggregate; Table 2 is population in thousands.
    clean = undesa_stock.clean(_fixture_snapshot("undesa/UN_MigrantStockTotal_2019.xlsx"))
    assert clean.height == 4 * 21 + 2 * 21
    assert set(clean["edition"]) == {"2019"}
    mdr = "More developed regions"
    cols = ["m49", "iso3", "area_name", "is_country", "measure", "value", "notes", "sheet"]
    got = clean.filter((pl.col("year") == 2019) & (pl.col("sex") == "_T"))
    got = got.select(*cols, "sheet_row")
    assert got.rows() == [
        (900, None, "WORLD", False, "population_thousands", 7713468.1, None, "Table 2", 17),
        (404, "KEN", "Kenya", True, "population_thousands", 52573.973, None, "Table 2", 19),
        (900, None, "WORLD", False, "stock_destination", 271642105.0, None, "Table 1", 17),
        (901, None, mdr, False, "stock_destination", 152069261.0, "b", "Table 1", 19),
        (404, "KEN", "Kenya", True, "stock_destination", 1044854.0, None, "Table 1", 20),
        (917, None, "EUROPE", False, "stock_destination", 82304539.0, None, "Table 1", 21),
    ]
