"""KNOMAD remittance inflows/outflows: the real June 2023 workbooks, and damaged copies."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core import areas
from core.errors import ParseError, SourceFetchError
from etl.sources import knomad
from tests.conftest import raw_fixture, require_shared

INFLOWS = "knomad/2023/remittance-inflows.xlsx"
OUTFLOWS = "knomad/2023/remittance-outflows.xlsx"


@pytest.fixture(scope="module")
def clean() -> pl.DataFrame:
    frames = [knomad.parse(require_shared(INFLOWS)), knomad.parse(require_shared(OUTFLOWS))]
    return knomad.clean(pl.concat(frames, how="diagonal_relaxed"))


def _value(df: pl.DataFrame, iso3: str, direction: str, year: int) -> float:
    row = df.filter(
        (pl.col("iso3") == iso3) & (pl.col("direction") == direction) & (pl.col("year") == year)
    )
    assert row.height == 1
    return float(row["value_usd_million"][0])


def test_row_counts_and_vintage(clean: pl.DataFrame) -> None:
    counts = dict(clean.group_by("direction").len().iter_rows())
    # 4,474 / 4,525 published numbers, less the 461 / 729 zeros that mean "not available"
    assert counts == {"inflow": 4013, "outflow": 3796}
    assert clean["vintage"].unique().to_list() == ["2023-06"]  # from the "Date: June 2023" note
    assert (clean["year"].min(), clean["year"].max()) == (2000, 2022)
    assert clean.schema == pl.Schema(knomad.SCHEMA)


def test_values_read_by_hand(clean: pl.DataFrame) -> None:
    assert _value(clean, "KEN", "inflow", 2022) == 4091.0  # row 101, column X
    assert _value(clean, "EGY", "inflow", 2000) == 2852.0  # "Egypt, Arab Rep."
    assert _value(clean, "USA", "outflow", 2000) == 35315.0
    assert _value(clean, "KOR", "outflow", 2002) == pytest.approx(5862.2)


def test_aggregates_flagged_and_notes_excluded(clean: pl.DataFrame) -> None:
    agg = clean.filter(pl.col("is_aggregate"))
    assert sorted(agg["area_name"].unique()) == ["Low-and Middle-Income Countries", "World"]
    assert agg["iso3"].null_count() == agg.height
    assert agg.filter(pl.col("direction") == "outflow").height == 0  # outflows list no aggregates
    assert not clean["area_name"].str.contains(r"^(Note|Date|For |When using|GDP)").any()


def test_every_name_mapped(clean: pl.DataFrame) -> None:
    economies = clean.filter(~pl.col("is_aggregate"))
    assert economies["iso3"].null_count() == 0
    names = dict(economies.select("area_name", "iso3").unique().iter_rows())
    assert names["Congo, Dem. Rep."] == "COD"
    assert names["Korea, Rep."] == "KOR"
    assert names["Kosovo"] == "XKX"
    assert names["Türkiye, Rep. of"] == "TUR"
    assert names["Hong Kong SAR, China"] == "HKG"
    assert set(areas.NON_ISO_CODES) >= {"XKX", "CHI"}


def test_blank_cells_are_left_out(clean: pl.DataFrame) -> None:
    # St. Martin 2019 is a lone space in the inflows sheet; Korea, Dem. Rep. is all blank.
    st_martin = clean.filter((pl.col("iso3") == "MAF") & (pl.col("direction") == "inflow"))
    assert 2019 not in st_martin["year"].to_list()
    assert clean.filter(pl.col("iso3") == "PRK").height == 0


def test_published_zero_is_not_available(clean: pl.DataFrame) -> None:
    # Kenya 2000 inflows is 0 in the file (row 101, column B) while WDI has about US$538 m:
    # KNOMAD's 0 means "not available", so there is no row, not a measured zero.
    kenya = clean.filter((pl.col("iso3") == "KEN") & (pl.col("direction") == "inflow"))
    assert 2000 not in kenya["year"].to_list()
    assert _value(clean, "KEN", "inflow", 2001) == pytest.approx(50.9144, abs=1e-4)
    assert _value(clean, "KEN", "outflow", 2001) == pytest.approx(5.0914, abs=1e-4)
    assert clean.filter(pl.col("value_usd_million") == 0).height == 0
    afg = clean.filter((pl.col("iso3") == "AFG") & (pl.col("direction") == "inflow"))
    assert afg["year"].min() == 2008  # 2000-2007 are published as 0


def _workbook(tmp_path: Path, rows: list[list[object]], name: str = "in.xlsx") -> Path:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    path = tmp_path / name
    wb.save(path)
    return path


def test_notes_found_by_rule_not_position(tmp_path: Path) -> None:
    # Notes directly under the data (no blank row), and a different release date.
    path = _workbook(
        tmp_path,
        [
            ["Remittance inflows (US$ million)", 2021, "2022"],
            ["Kenya", 3718.0, 4091.0],
            ["Sub-Saharan Africa", 49000.0, 53000.0],
            ["Note: All numbers are in current (nominal) US $.", None, None],
            ["Date: May 2024", None, None],
        ],
    )
    out = knomad.clean(knomad.parse(path))
    assert out.height == 4
    assert out["vintage"].unique().to_list() == ["2024-05"]
    ssa = out.filter(pl.col("area_name") == "Sub-Saharan Africa")
    assert ssa["is_aggregate"].to_list() == [True, True] and ssa["iso3"].null_count() == 2


def test_numbers_after_the_notes_are_an_error(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path,
        [
            ["Remittance inflows (US$ million)", 2022],
            ["Kenya", 4091.0],
            [None, None],
            ["Notes:", None],
            ["Kenya", 1.0],
        ],
    )
    with pytest.raises(ParseError, match=r"in\.xlsx, row 5, column '2022'.*note row"):
        knomad.parse(path)


def test_unmatched_name_is_reported_with_file_and_row(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path,
        [["Remittance outflows (US$ million)", 2022], ["Kenya", 1.0], ["Narnia, Rep.", 2.0]],
    )
    with pytest.raises(ParseError, match=r"'Narnia, Rep\.' \(in\.xlsx row 3\).*wb_names"):
        knomad.clean(knomad.parse(path))


def test_text_in_a_value_cell_names_row_and_year(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["Remittance inflows (US$ million)", 2022], ["Kenya", "n/a"]])
    with pytest.raises(ParseError, match=r"row 2, column '2022', value 'n/a'"):
        knomad.parse(path)


def test_headerless_copy_is_rejected(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["Kenya", 4091.0], ["Uganda", 1.0]], "headerless.xlsx")
    with pytest.raises(ParseError, match=r"headerless\.xlsx.*no header row"):
        knomad.parse(path)


def test_truncated_file_is_rejected(tmp_path: Path) -> None:
    cut = tmp_path / "remittance-inflows.xlsx"
    cut.write_bytes(require_shared(INFLOWS).read_bytes()[:20_000])
    with pytest.raises(ParseError, match=r"remittance-inflows\.xlsx: not a readable Excel"):
        knomad.parse(cut)


def test_fetch_needs_configured_urls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("M_E_KNOMAD_INFLOWS_URL", raising=False)
    monkeypatch.delenv("M_E_KNOMAD_OUTFLOWS_URL", raising=False)
    with pytest.raises(SourceFetchError, match="M_E_KNOMAD_INFLOWS_URL"):
        knomad.fetch(None, tmp_path)  # type: ignore[arg-type]


# ---------------------------------------------------------------- offline: in-repo fixtures
# tests/fixtures/raw/knomad: hand-typed excerpts of the June 2023 workbooks (same sheets,
# header rows, year types, aggregates, notes and the lone-space cell).

LMIC = "Low-and Middle-Income Countries"


def test_fixture_inflows_and_outflows_parsed_and_cleaned_cell_for_cell() -> None:
    frames = [
        knomad.parse(raw_fixture("knomad/remittance-inflows.xlsx")),
        knomad.parse(raw_fixture("knomad/remittance-outflows.xlsx")),
    ]
    got = knomad.clean(pl.concat(frames, how="diagonal_relaxed"))
    # Published zeros are KNOMAD's 'not available' (knomad.MISSING_ENCODING): Afghanistan's and
    # Kenya's 2000 outflow are dropped; St. Martin's " " and the outflows' "% of GDP in 2022"
    # column (Mexico 0.08) are not flows; notes end the block and give the vintage.
    rows = [
        ("Egypt, Arab Rep.", "EGY", False, "inflow", 2000, 2852.0, "remittance-inflows.xlsx", 3),
        ("Egypt, Arab Rep.", "EGY", False, "inflow", 2022, 28332.7, "remittance-inflows.xlsx", 3),
        ("Kenya", "KEN", False, "inflow", 2001, 50.91442627810643, "remittance-inflows.xlsx", 4),
        ("Kenya", "KEN", False, "inflow", 2021, 3770.089638547689, "remittance-inflows.xlsx", 4),
        ("Kenya", "KEN", False, "inflow", 2022, 4091.0, "remittance-inflows.xlsx", 4),
        (LMIC, None, True, "inflow", 2022, 647000.5, "remittance-inflows.xlsx", 6),
        ("World", None, True, "inflow", 2022, 831102.9592088049, "remittance-inflows.xlsx", 7),
        ("Kenya", "KEN", False, "outflow", 2021, 8.973960160437102, "remittance-outflows.xlsx", 3),
        ("Mexico", "MEX", False, "outflow", 2021, 1057.147138, "remittance-outflows.xlsx", 4),
        ("Mexico", "MEX", False, "outflow", 2022, 1131.084902, "remittance-outflows.xlsx", 4),
    ]
    names = ["area_name", "iso3", "is_aggregate", "direction", "year", "value_usd_million"]
    expected = pl.DataFrame(
        {
            **{c: [r[i] for r in rows] for i, c in enumerate(names)},
            "vintage": ["2023-06"] * len(rows),
            "source_file": [r[6] for r in rows],
            "sheet_row": [r[7] for r in rows],
        },
        schema=knomad.SCHEMA,
    )
    assert_frame_equal(got, expected)


@pytest.mark.parametrize(
    ("name", "row", "column", "value", "problem"),
    [
        ("text_value", 4, "2022", "4,091", "expected a number (US$ million) or a blank cell"),
        ("number_in_notes", 10, "2001", 12.5, "a note row (after the data block) carries numbers"),
        ("shifted_column", None, None, None, "no header row 'Remittance inflows (US$ million)'"),
    ],
)
def test_fixture_problems_name_file_row_column_value(
    name: str, row: int | None, column: str | None, value: object, problem: str
) -> None:
    path = raw_fixture(f"knomad/remittance-inflows_with_problems_{name}.xlsx")
    with pytest.raises(ParseError) as err:
        knomad.parse(path)
    assert (err.value.row, err.value.column, err.value.value) == (row, column, value)
    assert str(path) in str(err.value) and problem in str(err.value)


def test_fixture_unknown_name_stops_clean_naming_file_and_row() -> None:
    df = knomad.parse(raw_fixture("knomad/remittance-inflows_with_problems_unknown_name.xlsx"))
    with pytest.raises(ParseError) as err:
        knomad.clean(df)
    assert "1 area name is not known: 'Kenia' " in str(err.value)
    assert "(remittance-inflows_with_problems_unknown_name.xlsx row 4)" in str(err.value)
