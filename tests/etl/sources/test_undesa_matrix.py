"""UN DESA IMS 2019 origin x destination matrix (cleaned CSV): real file and small fakes."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core.errors import ParseError, SchemaMismatch
from etl.sources import undesa_matrix, undesa_regions
from tests.conftest import raw_fixture, require_shared

CSV = (
    "migrant_stock/undesa_origin_destination_2019_clean/"
    "UN_MigrantStockByOriginAndDestination_2019_clean.csv"
)
ANNEX = "migrant_stock/undesa/aggregates_correspondence_table_2020_1.xlsx"
SUBREGIONS = {"Caribbean", "Melanesia", "Micronesia", "Polynesia", "South America"}


@pytest.fixture(scope="module")
def annex() -> pl.DataFrame:
    return undesa_matrix.parse(require_shared(ANNEX))


@pytest.fixture(scope="module")
def parsed(annex: pl.DataFrame) -> pl.DataFrame:
    return pl.concat([undesa_matrix.parse(require_shared(CSV)), annex], how="diagonal_relaxed")


@pytest.fixture(scope="module")
def matrix(parsed: pl.DataFrame) -> pl.DataFrame:
    return undesa_matrix.clean(parsed)


@pytest.fixture(scope="module")
def csv_rows() -> tuple[list[str], list[list[str]]]:
    """The CSV read with the standard library: an independent way to compute by hand."""
    with require_shared(CSV).open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    return header, rows


def _num(text: str) -> float:
    return 0.0 if text in ("..", "-") else float(text)


def test_shape_countries_only(matrix: pl.DataFrame) -> None:
    # 232 origins x 232 destination countries x 7 years (the 5 subregion rows are left out).
    assert matrix.height == 232 * 232 * 7
    assert matrix["origin_m49"].n_unique() == 232
    assert matrix["destination_m49"].n_unique() == 232
    assert not set(matrix["destination_name"].unique()) & SUBREGIONS
    assert matrix["year"].unique().sort().to_list() == [1990, 1995, 2000, 2005, 2010, 2015, 2019]
    assert matrix.null_count()["origin_iso3"][0] == 0
    assert matrix.schema == pl.Schema(undesa_matrix.SCHEMA)


def test_every_name_is_coded(parsed: pl.DataFrame, annex: pl.DataFrame) -> None:
    lookup = undesa_matrix.name_lookup(annex)
    names = set(parsed["origin_name"].drop_nulls()) | set(parsed["destination_name"].drop_nulls())
    keys = set(lookup["key"])
    assert len(names) == 237
    assert sorted(n for n in names if undesa_matrix.name_key(n) not in keys) == []


def test_a_cell_read_by_hand(matrix: pl.DataFrame) -> None:
    # CSV line 7: 1990, Kenya; column Uganda = 83355.
    [cell] = matrix.filter(
        (pl.col("year") == 1990)
        & (pl.col("destination_iso3") == "KEN")
        & (pl.col("origin_iso3") == "UGA")
    ).to_dicts()
    assert (cell["value"], cell["csv_row"], cell["origin_m49"], cell["destination_m49"]) == (
        83_355,
        7,
        800,
        404,
    )


def test_destination_total_equals_the_csv_row_sum(
    matrix: pl.DataFrame, csv_rows: tuple[list[str], list[list[str]]]
) -> None:
    _, rows = csv_rows
    [kenya] = [r for r in rows if r[:2] == ["2019", "Kenya"]]
    by_hand = sum(_num(v) for v in kenya[2:])
    assert by_hand == 971_157  # below the IMS 2019 total 1,044,854: the rest is unknown origin
    got = matrix.filter((pl.col("year") == 2019) & (pl.col("destination_iso3") == "KEN"))
    assert got["value"].sum() == by_hand


def test_emigrant_stock_equals_the_csv_column_sum(
    matrix: pl.DataFrame, csv_rows: tuple[list[str], list[list[str]]]
) -> None:
    header, rows = csv_rows
    col = header.index("Kenya")
    by_hand = sum(_num(r[col]) for r in rows if r[0] == "2019" and r[1] not in SUBREGIONS)
    assert by_hand == 525_543
    emigrants = undesa_matrix.emigrant_stock(matrix)
    [ken] = emigrants.filter((pl.col("origin_iso3") == "KEN") & (pl.col("year") == 2019)).to_dicts()
    assert (ken["emigrant_stock"], ken["destinations"], ken["destinations_missing"]) == (
        by_hand,
        232,
        0,
    )
    assert emigrants.height == 232 * 7


def test_left_out_subregion_rows_are_sums_of_their_countries(
    parsed: pl.DataFrame, annex: pl.DataFrame
) -> None:
    caribbean = undesa_regions.load_lookup(require_shared(ANNEX)).filter(
        pl.col("parent_m49") == 915
    )
    rows = parsed.filter((pl.col("kind") == "matrix") & (pl.col("year") == 2019))
    members = rows.filter(pl.col("destination_name").is_in(caribbean["name"].to_list()))
    total = rows.filter(pl.col("destination_name") == "Caribbean")
    assert members["value"].sum() == total["value"].sum() == 1_434_951


def test_markers_are_null_with_a_flag(matrix: pl.DataFrame) -> None:
    flags = dict(matrix.group_by("value_flag").len().iter_rows())
    assert (flags["not_available"], flags["published_as_dash"]) == (341, 4)
    [dash] = matrix.filter(
        (pl.col("year") == 1990)
        & (pl.col("destination_name") == "Montenegro")
        & (pl.col("origin_name") == "Albania")
    ).to_dicts()
    assert (dash["value"], dash["value_flag"]) == (None, "published_as_dash")


def test_unmatched_names_are_listed(parsed: pl.DataFrame) -> None:
    renamed = parsed.with_columns(
        destination_name=pl.col("destination_name").replace({"Kenya": "Kenia"}),
        origin_name=pl.col("origin_name").replace({"Chad": "Tchad"}),
    )
    with pytest.raises(ParseError, match=r"2 names are not in .*'Kenia', 'Tchad'.*ALIASES"):
        undesa_matrix.clean(renamed)


def test_alias_resolves_to_the_annex_code(annex: pl.DataFrame) -> None:
    lookup = undesa_matrix.name_lookup(annex)
    [row] = lookup.filter(pl.col("key") == "Türkiye").to_dicts()
    assert (row["m49"], row["iso3"]) == (792, "TUR")


def test_snapshot_without_annex_is_an_error(parsed: pl.DataFrame) -> None:
    with pytest.raises(ParseError, match="no correspondence table"):
        undesa_matrix.clean(parsed.filter(pl.col("kind") == "matrix"))


def test_unknown_text_names_row_column_value(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Year,Dest,Kenya,Chad\n2019,Chad,12,0\n2019,Kenya,0,n/a\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"row 3, column 'Chad', value 'n/a'"):
        undesa_matrix.parse(path)


def test_tiny_matrix_end_to_end(tmp_path: Path, annex: pl.DataFrame) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        "Year,Dest,Kenya,Chad\n2019,Chad,12,0\n2019,Kenya,0,..\n2019,Caribbean,5,0\n",
        encoding="utf-8",
    )
    df = undesa_matrix.clean(pl.concat([undesa_matrix.parse(path), annex], how="diagonal_relaxed"))
    assert df.select(
        "origin_iso3", "destination_iso3", "value", "value_flag", "csv_row"
    ).rows() == [
        ("TCD", "TCD", 0.0, None, 2),
        ("KEN", "TCD", 12.0, None, 2),
        ("TCD", "KEN", None, "not_available", 3),
        ("KEN", "KEN", 0.0, None, 3),
    ]


# ---------------------------------------------------------------- offline: in-repo fixtures
# tests/fixtures/raw/undesa_matrix: a hand-typed excerpt of G. Abel's cleaned 2019 matrix
# (Year, Dest, one column per origin; 0 for unreported, ".." and "-" markers, a subregion
# destination row); names are coded through the annex fixture in tests/fixtures/raw/undesa.

MATRIX_FIX = "undesa_matrix/UN_MigrantStockByOriginAndDestination_2019_clean.csv"
ANNEX_FIX = "undesa/aggregates_correspondence_table_2020_1.xlsx"
CODES = {"Canada": (124, "CAN"), "Jamaica": (388, "JAM"), "Kenya": (404, "KEN")}
CODES |= {"Somalia": (706, "SOM"), "Uganda": (800, "UGA")}
CODES |= {"Wallis and Futuna Islands": (876, "WLF")}


def _fixture_snapshot(matrix: str) -> pl.DataFrame:
    frames = [undesa_matrix.parse(raw_fixture(n)) for n in (ANNEX_FIX, matrix)]
    return pl.concat(frames, how="diagonal_relaxed")


def test_fixture_matrix_cleaned_cell_for_cell() -> None:
    clean = undesa_matrix.clean(_fixture_snapshot(MATRIX_FIX))
    # (year, destination, csv line): cells in the column order of the file; the two
    # "Caribbean" rows (lines 3 and 5, a subregion total) are left out
    grid: list[tuple[int, str, int, list[float | str]]] = [
        (2015, "Kenya", 2, [0, 0, 0, 477380, 301546, ".."]),
        (2019, "Kenya", 4, [0, 0, 0, 452919, 309490, 0]),
        (2019, "Jamaica", 6, [1330, 0, 0, 0, 0, "-"]),
        (2019, "Canada", 7, [0, 161945, 26805, 45580, 8500, 0]),
    ]
    flags = {"..": "not_available", "-": "published_as_dash"}
    rows = [
        (year, origin, *CODES[origin], dest, *CODES[dest])
        + ((None, flags[v]) if isinstance(v, str) else (float(v), None))
        + ("2019", Path(MATRIX_FIX).name, line)
        for year, dest, line, values in grid
        for origin, v in zip(CODES, values, strict=True)
    ]
    expected = pl.DataFrame(
        {c: [r[i] for r in rows] for i, c in enumerate(undesa_matrix.SCHEMA)},
        schema=undesa_matrix.SCHEMA,
    )
    assert_frame_equal(clean, expected)
    emigrants = undesa_matrix.emigrant_stock(clean).filter(pl.col("year") == 2019)
    assert emigrants.select("origin_iso3", "emigrant_stock", "destinations_missing").rows() == [
        ("CAN", 1330.0, 0),
        ("JAM", 161945.0, 0),
        ("KEN", 26805.0, 0),
        ("SOM", 452919.0 + 45580.0, 0),
        ("UGA", 309490.0 + 8500.0, 0),
        ("WLF", 0.0, 1),  # "-" in Jamaica is not summed, it is counted as missing
    ]


@pytest.mark.parametrize(
    ("name", "row", "column", "value", "problem"),
    [
        ("text_value", 6, "Canada", "1 330", "expected a number, '..' or '-' (1 cell is not)"),
        ("bad_year", 7, "Year", "mid-2019", "Year is not a year"),
    ],
)
def test_fixture_problems_name_file_row_column_value(
    name: str, row: int, column: str, value: str, problem: str
) -> None:
    path = raw_fixture(
        f"undesa_matrix/UN_MigrantStockByOriginAndDestination_2019_clean_with_problems_{name}.csv"
    )
    with pytest.raises(ParseError) as err:
        undesa_matrix.parse(path)
    assert (err.value.row, err.value.column, err.value.value) == (row, column, value)
    assert str(path) in str(err.value) and problem in str(err.value)


def test_fixture_missing_dest_column_and_unknown_name() -> None:
    stem = "undesa_matrix/UN_MigrantStockByOriginAndDestination_2019_clean_with_problems_"
    with pytest.raises(SchemaMismatch) as err:
        undesa_matrix.parse(raw_fixture(stem + "missing_column.csv"))
    assert err.value.missing == ["Dest"]
    with pytest.raises(ParseError, match=r"1 name is not in the correspondence table: 'Kenia'"):
        undesa_matrix.clean(_fixture_snapshot(stem + "unknown_name.csv"))


def test_fixture_cut_mid_row_is_a_parse_error_not_missing_cells() -> None:
    # polars would pad the cut row with nulls: Kenya..Wallis of "Jamaica 2019" as not reported
    path = raw_fixture(
        "undesa_matrix/UN_MigrantStockByOriginAndDestination_2019_clean_with_problems_truncated.csv"
    )
    with pytest.raises(ParseError) as err:
        undesa_matrix.parse(path)
    assert (err.value.row, err.value.column, err.value.value) == (6, None, "2019,Jamaica,1330,0,")
    assert str(path) in str(err.value) and "row has 5 cells, the header has 8" in str(err.value)
