"""IOM Missing Migrants Project incident export: the real 2021-03-27 file and small variants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core.errors import ParseError, SchemaMismatch
from etl.sources import iom_mmp
from tests.conftest import raw_fixture, require_shared

REAL = "missing_migrants/iom_mmp_2021-03-27/MissingMigrants-Global-2021-03-27T05-02-23.csv"
OLD_HEADER = (
    '"Web ID","Region","Reported Date","Reported Year","Reported Month","Number Dead",'
    '"Minimum Estimated Number of Missing","Total Dead and Missing","Number of Survivors",'
    '"Number of Females","Number of Males","Number of Children","Cause of Death",'
    '"Location Description","Information Source","Location Coordinates","Migration Route",'
    '"URL","UNSD Geographical Grouping","Source Quality"'
)


@pytest.fixture(scope="module")
def clean() -> pl.DataFrame:
    return iom_mmp.clean(iom_mmp.parse(require_shared(REAL)))


def test_row_count_and_schema(clean: pl.DataFrame) -> None:
    assert clean.height == 8296
    assert clean["web_id"].n_unique() == 8296
    assert (clean["year"].min(), clean["year"].max()) == (2014, 2021)
    assert clean.schema == pl.Schema(iom_mmp.SCHEMA)


def test_lampedusa_shipwreck_read_by_hand(clean: pl.DataFrame) -> None:
    # Line 7925 of the file: 750 dead + 272 missing, total published as "1,022".
    row = clean.filter(pl.col("web_id") == "40345").to_dicts()[0]
    assert (row["dead"], row["missing"], row["dead_and_missing"]) == (750, 272, 1022)
    assert row["reported_date"] == dt.date(2015, 4, 18)
    assert (row["year"], row["month"], row["source_quality"]) == (2015, 4, 4)
    assert (row["lat"], row["lon"]) == (35.03, 14.6777)
    assert row["route"] == "Central Mediterranean"
    assert row["total_mismatch"] is False


def test_published_totals_agree_with_components(clean: pl.DataFrame) -> None:
    assert clean["total_mismatch"].sum() == 0
    assert clean["total_mismatch"].null_count() == 0


def test_source_quality_mix(clean: pl.DataFrame) -> None:
    counts = dict(clean.group_by("source_quality").len().iter_rows())
    assert counts == {1: 1203, 2: 2958, 3: 981, 4: 1374, 5: 1780}


def test_lon_lat_pairs_are_swapped_and_noted(clean: pl.DataFrame) -> None:
    noted = clean.filter(pl.col("coordinates_note").is_not_null())
    assert noted.height == 88
    assert set(noted["region"]) == {"US-Mexico Border"}
    row = clean.filter(pl.col("web_id") == "54469").to_dicts()[0]
    assert (row["lat"], row["lon"]) == (31.483549, -109.200018)


def _csv(tmp_path: Path, header: str, *rows: str, name: str = "mmp.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _row(dead: str, missing: str, total: str) -> str:
    cells = ["1", "Europe", "March 2, 2020", "2020", "Mar", dead, missing, total,
             *[""] * 7, "1.0, 2.0", "", "", "", "3"]  # fmt: skip
    return ",".join(f'"{c}"' for c in cells)


def test_mismatching_total_is_flagged_not_changed(tmp_path: Path) -> None:
    row = _row(dead="2", missing="1", total="4")
    out = iom_mmp.clean(iom_mmp.parse(_csv(tmp_path, OLD_HEADER, row)))
    assert out["dead_and_missing"].to_list() == [4]  # the published total is kept
    assert out["total_mismatch"].to_list() == [True]


def test_newer_export_layout_is_accepted(tmp_path: Path) -> None:
    header = (
        "Main ID,Incident ID,Incident Type,Region of Incident,Incident Date,Incident year,"
        "Reported Month,Number of Dead,Minimum Estimated Number of Missing,"
        "Total Number of Dead and Missing,Number of Survivors,Number of Females,Number of Males,"
        "Number of Children,Region of Origin,Cause of Death,Country of Origin,Migration route,"
        "Location of death,Information Source,Coordinates,UNSD Geographical Grouping,"
        "Source Quality,URL"
    )
    row = (
        '2021.MMP00031,2021.MMP00031,Incident,Mediterranean,"Sat, 01/30/2021 - 12:00",2021,'
        "January,3,2,5,10,,,1,Northern Africa,Drowning,Libya,Central Mediterranean,"
        '"off Zuwara, Libya",IOM Libya,"32.93, 12.08",Northern Africa,4,https://example.org/x'
    )
    out = iom_mmp.clean(iom_mmp.parse(_csv(tmp_path, header, row)))
    r = out.to_dicts()[0]
    assert (r["web_id"], r["region"], r["reported_date"]) == (
        "2021.MMP00031",
        "Mediterranean",
        dt.date(2021, 1, 30),
    )
    assert (r["dead"], r["missing"], r["dead_and_missing"], r["month"]) == (3, 2, 5, 1)
    assert (r["lat"], r["lon"], r["route"]) == (32.93, 12.08, "Central Mediterranean")


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = _csv(tmp_path, '"Web ID","Region","Reported Date"', '"1","Europe","March 2, 2020"')
    with pytest.raises(SchemaMismatch) as err:
        iom_mmp.parse(path)
    assert "mmp.csv" in str(err.value)
    assert "dead_and_missing ('Total Dead and Missing' or 'Total Number" in str(err.value)
    assert "year ('Reported Year'" in str(err.value)


def test_headerless_copy(tmp_path: Path) -> None:
    lines = require_shared(REAL).read_text(encoding="utf-8").splitlines()[1:50]
    path = _csv(tmp_path, lines[0], *lines[1:], name="headerless.csv")
    with pytest.raises(SchemaMismatch, match=r"headerless\.csv.*web_id"):
        iom_mmp.parse(path)


def test_truncated_copies(tmp_path: Path) -> None:
    data = require_shared(REAL).read_bytes()
    mid_field = tmp_path / "cut1.csv"
    mid_field.write_bytes(data[:1500])  # cut inside a quoted field
    with pytest.raises(ParseError, match=r"cut1\.csv: not a readable CSV"):
        iom_mmp.parse(mid_field)
    mid_row = tmp_path / "cut2.csv"
    mid_row.write_bytes(data[:1435])  # cut after the 5th field of record 4
    with pytest.raises(ParseError, match=r"cut2\.csv, row 5, .*row has 6 cells, the header has 20"):
        iom_mmp.parse(mid_row)


def test_bad_count_names_row_column_value(tmp_path: Path) -> None:
    row = _row(dead="two", missing="", total="2")
    with pytest.raises(ParseError, match=r"row 2, column 'dead', value 'two'"):
        iom_mmp.parse(_csv(tmp_path, OLD_HEADER, row))


# ---------------------------------------------------------------- offline: in-repo fixtures
# tests/fixtures/raw/iom_mmp: five incidents in the pre-2022 export layout (20 quoted columns,
# "March 23, 2021" dates, "1,022" totals, a Pima County pair published as "lon, lat", a total
# that differs from dead + missing).

MMP_FIX = "iom_mmp/MissingMigrants-Global-2021-03-27T05-02-23.csv"


def test_fixture_incidents_parsed_and_cleaned_cell_for_cell() -> None:
    got = iom_mmp.clean(iom_mmp.parse(raw_fixture(MMP_FIX)))
    pima = "published as 'lon, lat' (-111.601830000000, 31.925880000000); swapped"
    harsh = "Harsh environmental conditions / lack of adequate shelter, food, water"
    lampedusa = "120 miles south of Lampedusa, 110 kilometers north of Libya (almost 70 miles)"
    # fmt: off
    cols = ("web_id", "region", "reported_date", "year", "month", "dead", "missing",
            "dead_and_missing", "survivors", "females", "males", "children", "total_mismatch",
            "cause_of_death", "route", "unsd_region", "source_quality", "lat", "lon",
            "coordinates_note", "location_description", "information_source", "url", "record")
    rows = [
        ("40345", "Mediterranean", dt.date(2015, 4, 18), 2015, 4, 750, 272, 1022, 28, None, None,
         None, False, "Drowning", "Central Mediterranean", "Uncategorized", 4, 35.03, 14.6777,
         None, lampedusa, "ICRC", "http://bit.ly/1Oa2qYi", 5),
        ("52101", "North Africa", dt.date(2020, 6, 2), 2020, 6, 2, None, 3, None, None, 2, None,
         True, harsh, None, "Northern Africa", 1, None, None, None,
         "Sahara Desert, near Agadez, Niger", "IOM Niger", None, 4),
        ("54587", "US-Mexico Border", dt.date(2020, 12, 30), 2020, 12, 1, None, 1, None, None,
         None, None, False, "Unknown", None, "Northern America", 5, 31.92588, -111.60183, pima,
         "Pima County jurisdiction, Arizona, USA", "Pima County Office of the Medical Examiner",
         "https://humaneborders.info/app/mapa.asp", 3),
        ("54879", "Europe", dt.date(2021, 3, 22), 2021, 3, 4, None, 4, 20, None, 4, None, False,
         "Vehicle Accident", "Western Balkans", "Southern Europe", 5, 45.246194869891,
         17.181298278174, None, "On A3 motorway near Okucani, Croatia",
         "IOM Croatia, Brod-Posavina Police Department", "https://archive.ph/JdSWH", 2),
        ("54878", "Central America", dt.date(2021, 3, 23), 2021, 3, 1, None, 1, 1, None, 1, None,
         False, "Drowning", None, "Central America", 3, 32.524262739311, -117.12344833887,
         None, "Playas de Tijuana, Tijuana, Baja California, Mexico",
         "Periódico Cubano, El Imparcial", "https://archive.ph/J3On2, https://archive.ph/Eqvkz",
         1),
    ]
    # fmt: on
    expected = pl.DataFrame(
        {c: [r[i] for r in rows] for i, c in enumerate(cols)}
        | {"source_file": [Path(MMP_FIX).name] * len(rows)},
        strict=False,
    ).select(pl.col(c).cast(t) for c, t in iom_mmp.SCHEMA.items())
    assert_frame_equal(got, expected)


@pytest.mark.parametrize(
    ("name", "row", "column", "value", "problem"),
    [
        ("text_count", 3, "survivors", "about 20", "expected a whole number"),
        ("bad_date", 5, "reported_date", "02/06/2020 (approx.)", "date not in a known MMP"),
        ("source_quality", 6, "source_quality", "7", "source quality must be 1-5"),
        # cut inside record 4: its total (and everything after) is gone
        (
            "truncated",
            5,
            None,
            "52101,North Africa,June 2, 2020,2020,Jun,2",
            "row has 6 cells, the header has 20",
        ),
    ],
)
def test_fixture_problems_name_file_row_column_value(
    name: str, row: int, column: str, value: str | None, problem: str
) -> None:
    path = raw_fixture(
        f"iom_mmp/MissingMigrants-Global-2021-03-27T05-02-23_with_problems_{name}.csv"
    )
    with pytest.raises(ParseError) as err:
        iom_mmp.parse(path)
    assert (err.value.row, err.value.column, err.value.value) == (row, column, value)
    assert str(path) in str(err.value) and problem in str(err.value)


def test_fixture_missing_column_is_a_schema_mismatch() -> None:
    path = raw_fixture(
        "iom_mmp/MissingMigrants-Global-2021-03-27T05-02-23_with_problems_missing_column.csv"
    )
    with pytest.raises(SchemaMismatch) as err:
        iom_mmp.parse(path)
    assert err.value.missing == ["source_quality ('Source Quality')"]
    assert str(path) in str(err.value)
