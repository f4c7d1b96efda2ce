"""IOM Missing Migrants Project incident export: the real 2021-03-27 file and small variants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from core.errors import ParseError, SchemaMismatch
from etl.sources import iom_mmp
from tests.conftest import require_shared

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
    with pytest.raises(ParseError, match=r"cut2\.csv, row 5, column 'dead_and_missing'"):
        iom_mmp.parse(mid_row)


def test_bad_count_names_row_column_value(tmp_path: Path) -> None:
    row = _row(dead="two", missing="", total="2")
    with pytest.raises(ParseError, match=r"row 2, column 'dead', value 'two'"):
        iom_mmp.parse(_csv(tmp_path, OLD_HEADER, row))
