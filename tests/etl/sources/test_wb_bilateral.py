"""World Bank bilateral migration and remittance matrices 2017: real files and damaged copies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core.errors import ParseError
from etl.sources import wb_bilateral
from tests.conftest import raw_fixture, require_shared

MIGRATION = "migrant_stock/wb_bilateral_2017/WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx"
REMITTANCES = "knomad/bilateral_2017/WB_Bilateral_Remittance_Estimates_2017.xlsx"


@pytest.fixture(scope="module")
def clean() -> pl.DataFrame:
    frames = [wb_bilateral.parse(require_shared(f)) for f in (MIGRATION, REMITTANCES)]
    return wb_bilateral.clean(pl.concat(frames, how="diagonal_relaxed"))


def _cell(df: pl.DataFrame, matrix: str, origin: str, dest: str) -> pl.DataFrame:
    return df.filter(
        (pl.col("matrix") == matrix)
        & (pl.col("origin_iso3") == origin)
        & (pl.col("destination_iso3") == dest)
    )


def test_shapes_without_totals(clean: pl.DataFrame) -> None:
    # 214 economies + Other North + Other South in the migration matrix; 214 in remittances.
    counts = dict(clean.group_by("matrix").len().iter_rows())
    assert counts == {"migration_2017": 216 * 216, "remittances_2017": 214 * 214}
    names = set(clean["origin_name"]) | set(clean["destination_name"])
    assert not names & {"World", "WORLD", "Total"}
    assert clean.schema == pl.Schema(wb_bilateral.SCHEMA)


def test_values_read_by_hand(clean: pl.DataFrame) -> None:
    gbr_ken = _cell(clean, "migration_2017", "GBR", "KEN")
    assert gbr_ken["value"].to_list() == [7526.0]
    assert gbr_ken["unit"].to_list() == ["persons"]
    assert gbr_ken["sheet_row"].to_list() == [205]
    assert _cell(clean, "migration_2017", "KEN", "GBR")["value"].to_list() == [127000.0]
    usa_ken = _cell(clean, "remittances_2017", "USA", "KEN")
    assert usa_ken["value"][0] == pytest.approx(584.2249604764304)
    assert usa_ken["unit"].to_list() == ["US$ million"]


def test_migration_cells_add_up_to_the_published_world_total(clean: pl.DataFrame) -> None:
    # World row x World column of the sheet reads 266,143,792: nothing lost, no total kept.
    mig = clean.filter(pl.col("matrix") == "migration_2017")
    assert mig["value"].sum() == 266_143_792


def test_unpublished_cells_are_null_with_a_note(clean: pl.DataFrame) -> None:
    ind_pak = _cell(clean, "remittances_2017", "IND", "PAK")
    assert ind_pak["value"].to_list() == [None]
    assert "'-'" in ind_pak["value_note"][0]
    assert clean["value"].null_count() == 6  # 4 '-' (remittances) + 2 blank cells (migration)


def test_names_mapped_and_residuals_kept(clean: pl.DataFrame) -> None:
    residual = clean.filter(pl.col("involves_residual"))
    assert residual.height == 2 * 216 * 2 - 4  # 2 rows + 2 columns of 216, 4 cells overlap
    others = {"Other North", "Other South"}
    known = clean.filter(~pl.col("origin_name").is_in(others))
    assert known["origin_iso3"].null_count() == 0
    assert (
        clean.filter(~pl.col("destination_name").is_in(others))["destination_iso3"].null_count()
        == 0
    )
    pairs = dict(clean.select("origin_name", "origin_iso3").unique().drop_nulls().iter_rows())
    assert pairs["Macedonia, FYR"] == "MKD"
    assert pairs["Swaziland"] == "SWZ"
    assert pairs["Channel Islands"] == "CHI"
    assert pairs["West Bank and Gaza"] == "PSE"


def _workbook(tmp_path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    path = tmp_path / "matrix.xlsx"
    wb.save(path)
    return path


COUNTRIES = [
    "Kenya",
    "Uganda",
    "Tanzania",
    "Rwanda",
    "Burundi",
    "Ethiopia",
    "Somalia",
    "South Sudan",
    "Sudan",
    "Eritrea",
]


def test_only_the_bilateral_sheet_is_read(tmp_path: Path) -> None:
    header = [None, *COUNTRIES, "World"]
    rows: list[list[Any]] = [
        ["Bilateral Estimates of Migrant Stocks in 2017"],
        header,
        ["Kenya", *range(1, 11), 55],
        ["World", *range(1, 11), 55],
        [None],
        ["Notes:"],
    ]
    path = _workbook(
        tmp_path, {"countries-comparison": [["Algeria", "ARE"]], "Bilateral_Migration_2017": rows}
    )
    out = wb_bilateral.clean(wb_bilateral.parse(path))
    assert out.height == 10
    assert out["value"].sum() == 55
    assert out["origin_iso3"].unique().to_list() == ["KEN"]


def test_workbook_without_bilateral_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path, {"remshare": [[0.04]]})
    with pytest.raises(ParseError, match=r"matrix\.xlsx: no sheet named .*sheets: remshare"):
        wb_bilateral.parse(path)


def test_text_cell_and_unknown_name(tmp_path: Path) -> None:
    header = [None, *COUNTRIES]
    path = _workbook(
        tmp_path, {"Bilateral_Remittances_2017": [["title"], header, ["Kenya", "x", *range(9)]]}
    )
    with pytest.raises(ParseError, match=r"row 3, column 'Kenya', value 'x'"):
        wb_bilateral.parse(path)
    path = _workbook(
        tmp_path, {"Bilateral_Remittances_2017": [["title"], header, ["Atlantis", *range(10)]]}
    )
    with pytest.raises(ParseError, match=r"'Atlantis'.*wb_names"):
        wb_bilateral.clean(wb_bilateral.parse(path))


def test_truncated_and_headerless_copies(tmp_path: Path) -> None:
    cut = tmp_path / "WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx"
    cut.write_bytes(require_shared(MIGRATION).read_bytes()[:50_000])
    with pytest.raises(ParseError, match=r"Migrant_Stocks_2017\.xlsx: not a readable Excel"):
        wb_bilateral.parse(cut)
    path = _workbook(tmp_path, {"Bilateral_Migration_2017": [["Kenya", 1, 2], ["Uganda", 3, 4]]})
    with pytest.raises(ParseError, match=r"matrix\.xlsx: no header row"):
        wb_bilateral.parse(path)


# ---------------------------------------------------------------- offline: in-repo fixtures
# tests/fixtures/raw/wb_bilateral: hand-typed excerpts of both 2017 matrices (title row 1,
# header row 2, =SUM World/WORLD totals, "Other North"/"Other South", "-" for India<->Pakistan,
# a blank row then "Notes:", and the extra sheets countries-comparison / remshare).

ACROSS = ["Afghanistan", "Congo, Dem. Rep.", "Egypt, Arab Rep.", "India", "Kenya", "Mexico"]
ACROSS += ["Pakistan", "Somalia", "Uganda", "United States"]
CODES = ["AFG", "COD", "EGY", "IND", "KEN", "MEX", "PAK", "SOM", "UGA", "USA"]
ISO3: dict[str, str | None] = dict(zip(ACROSS, CODES, strict=True))
ISO3 |= {"Other North": None, "Other South": None}


Grid = dict[str, tuple[int, list[float | str]]]


def _long(matrix: str, grid: Grid, across: list[str]) -> list[tuple[Any, ...]]:
    """Expected clean rows from a literal grid {origin: (sheet row, values across)}."""
    unit = "persons" if matrix.startswith("migration") else "US$ million"
    name = (
        "WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx"
        if unit == "persons"
        else "WB_Bilateral_Remittance_Estimates_2017.xlsx"
    )
    rows: list[tuple[Any, ...]] = []
    for origin, (sheet_row, values) in grid.items():
        for dest, v in sorted(zip(across, values, strict=True)):
            dash = isinstance(v, str)
            note = "published as '-' (estimate not published)" if dash else None
            residual = "Other" in origin or "Other" in dest
            value = None if dash else float(v)
            rows.append(
                (matrix, origin, ISO3[origin], dest, ISO3[dest], residual, value, unit, note)
            )
            rows[-1] += (2017, name, sheet_row)
    return rows


def test_fixture_both_matrices_cleaned_cell_for_cell() -> None:
    got = wb_bilateral.clean(
        pl.concat(
            [
                wb_bilateral.parse(raw_fixture(f"wb_bilateral/{n}.xlsx"))
                for n in (
                    "WB_Bilateral_Estimates_Migrant_Stocks_2017",
                    "WB_Bilateral_Remittance_Estimates_2017",
                )
            ]
        )
    )
    # fmt: off
    migration = {
        "Kenya": (3, [0, 0, 310, 2630, 0, 96, 35, 4920, 54230, 139385, 7, 1204]),
        "Pakistan": (4, [95041, 0, 2870, 1185, 0, 0, 0, 0, 0, 382000, 0, 3411]),
        "Other South": (5, [25701, 1120, 0, 9321, 2895, 45, 6, 37, 815, 40017, 0, 0]),
    }  # the "World" row 6 and column (=SUM formulas) are totals: left out
    remittances = {
        "India": (3, [3.2, 0, 0.51, 0, 6.689896310693331, 0, "-", 0, 2.1534097461130126,
                      5.795091525991472]),
        "Kenya": (4, [0, 0.4, 1.1, 86.18097039001327, 0, 0, 2.749153820675163, 31.9,
                      77.15589713135957, 6.656411045727577]),
        "United States": (5, [311.4, 40.2, 2015.6, 11714.633010891406, 584.2249604764304,
                              30036.1, 1323.2592056772369, 213.8, 132.17128671822337, 0]),
    }  # the "WORLD" row 6 is a total
    # fmt: on
    rows = _long("migration_2017", migration, [*ACROSS, "Other North", "Other South"])
    rows += _long("remittances_2017", remittances, ACROSS)
    expected = pl.DataFrame(
        {c: [r[i] for r in rows] for i, c in enumerate(wb_bilateral.SCHEMA)},
        schema=wb_bilateral.SCHEMA,
    )
    assert_frame_equal(got, expected)


@pytest.mark.parametrize(
    ("name", "row", "column", "value", "problem"),
    [
        (
            "WB_Bilateral_Remittance_Estimates_2017_with_problems_text_value",
            4,
            "India",
            "86,18",
            "expected a number, a blank or '-'",
        ),
        (
            "WB_Bilateral_Estimates_Migrant_Stocks_2017_with_problems_number_in_notes",
            9,
            "Kenya",
            12,
            "a note row (after the matrix) carries numbers",
        ),
        (
            "WB_Bilateral_Remittance_Estimates_2017_with_problems_missing_sheet",
            None,
            None,
            None,
            "no sheet named Bilateral_Migration_<year> or Bilateral_Remittances_<year> "
            "(sheets: Sheet1, remshare)",
        ),
    ],
)
def test_fixture_problems_name_file_row_column_value(
    name: str, row: int | None, column: str | None, value: object, problem: str
) -> None:
    path = raw_fixture(f"wb_bilateral/{name}.xlsx")
    with pytest.raises(ParseError) as err:
        wb_bilateral.parse(path)
    assert (err.value.row, err.value.column, err.value.value) == (row, column, value)
    assert str(path) in str(err.value) and problem in str(err.value)


def test_fixture_unknown_name_stops_clean() -> None:
    path = raw_fixture(
        "wb_bilateral/WB_Bilateral_Estimates_Migrant_Stocks_2017_with_problems_unknown_name.xlsx"
    )
    with pytest.raises(ParseError, match=r"1 country name is not known: 'Kenia'") as err:
        wb_bilateral.clean(wb_bilateral.parse(path))
    assert path.name in str(err.value)
