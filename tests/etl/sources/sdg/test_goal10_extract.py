"""The Goal 10 extract (Goal10.xlsx): the real published file and the offline in-repo excerpt."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core.errors import ParseError, SchemaMismatch
from etl.sources.sdg import api, frame, spec
from tests.conftest import raw_fixture, require_shared
from tests.etl.sources.sdg.replies import (
    GOAL10,
    RELEASE,
    ddf_records,
)

# --- the real Goal 10 extract -----------------------------------------------------------


@pytest.fixture(scope="module")
def extract() -> pl.DataFrame:
    return spec.parse(require_shared(GOAL10))


def test_extract_rows_counts_and_real_values(extract: pl.DataFrame) -> None:
    counts = dict(extract.group_by("series_code").len().iter_rows())
    assert counts == {"SI_RMT_COST": 699, "SM_DTH_MIGR": 2241, "SM_POP_REFG_OR": 5129}
    clean = spec.clean(extract)
    # "NaN" values are dropped by clean: 1 in SI_RMT_COST, 1,655 in SM_DTH_MIGR.
    assert dict(clean.group_by("series_code").len().iter_rows()) == {
        "SI_RMT_COST": 698, "SM_DTH_MIGR": 586, "SM_POP_REFG_OR": 5129,
    }  # fmt: skip
    afg = clean.filter((pl.col("ref_area") == "AFG") & (pl.col("series_code") == "SM_POP_REFG_OR"))
    first = afg.filter(pl.col("time_period") == 2000).row(0, named=True)
    assert first["value"] == pytest.approx(15594.78284)
    assert (first["geo_area_code"], first["units"], first["indicator"]) == (
        4,
        "PER_100000_POP",
        "10.7.4",
    )
    assert first["origin"] == "goal10-extract" and first["nature"] is None  # dropped in the file
    syr = clean.filter((pl.col("ref_area") == "SYR") & (pl.col("series_code") == "SM_POP_REFG_OR"))
    # A later vintage than the 2020-10 DDF (21,308): WPP revised Syria's population upwards.
    assert syr.filter(pl.col("time_period") == 2015)["value"].item() == pytest.approx(20483.13134)
    areas = dict(extract.select("geo_area_code", "ref_area").unique().iter_rows())
    assert (areas[412], areas[680], areas[404]) == ("XKX", "680", "KEN")
    assert not extract["is_aggregate"].any()  # the extract holds countries only
    assert clean.select(frame.KEY).is_duplicated().sum() == 0


def test_extract_leaves_out_policy_scores_that_lost_their_domain() -> None:
    raw = pl.read_excel(require_shared(GOAL10), sheet_name="data", engine="calamine")
    migrs = raw.filter(pl.col("SeriesCode") == "SG_CPA_MIGRS")
    # Why SG_CPA_MIGRS is skipped: every row shares its country-year with others.
    assert migrs.height == 1743
    assert migrs.select("GeoAreaCode", "TimePeriod").is_duplicated().all()


def test_api_rows_replace_the_extract_for_the_same_area_and_year(
    extract: pl.DataFrame, tmp_path: Path
) -> None:
    api = [r for r in ddf_records("SM_POP_REFG_OR") if r["geoAreaCode"] == "760"]
    path = tmp_path / "sdgapi_SM_POP_REFG_OR.json"
    path.write_text(json.dumps({"series": {"release": RELEASE}, "data": api}))
    both = spec.clean(pl.concat([extract, spec.parse(path)]))
    syr = both.filter((pl.col("ref_area") == "SYR") & (pl.col("series_code") == "SM_POP_REFG_OR"))
    by_year = {r["time_period"]: r for r in syr.to_dicts()}
    assert by_year[2015]["value"] == 21308.0 and by_year[2015]["origin"] == "api-v1"
    assert by_year[2022]["origin"] == "goal10-extract"  # 2022 is only in the extract
    assert syr["time_period"].is_duplicated().sum() == 0


def test_raw_patterns_find_the_published_names() -> None:
    names = ("Goal10.xlsx", "sdgapi_SM_POP_REFG_OR.json")
    for name in names:
        assert any(fnmatch.fnmatch(name, p) for p in spec.SPEC.raw_patterns), name
    assert require_shared(GOAL10).name == "Goal10.xlsx"
    assert spec.SPEC.dataset == "sdg_api" and spec.SPEC.url == api.DEFAULT_BASE_URL


# ---------------------------------------------------------------- offline: in-repo fixtures
# tests/fixtures/raw/sdg_api/Goal10.xlsx: twelve rows of the trimmed Goal 10 extract (sheet
# `data`, ten columns, numeric Goal / GeoAreaCode / TimePeriod, text Value with "NaN" and "N",
# series this project does not read, SG_CPA_MIGRS left out, Kosovo 412 and Sark 680).

RMT_D = (
    "Average remittance costs of sending $200 to a receiving country as a proportion of the "
    "amount remitted (%)"
)
DTH_D = "Total deaths and disappearances recorded during migration (number)"
REFG_D = "Number of refugees per 100,000 population, by country of origin (per 100,000 population)"


def test_fixture_goal10_extract_parsed_and_cleaned_row_for_row() -> None:
    parsed = spec.parse(raw_fixture("sdg_api/Goal10.xlsx"))
    dth = ("SM_DTH_MIGR", DTH_D, "10.7", "10.7.3")
    rmt = ("SI_RMT_COST", RMT_D, "10.c", "10.c.1")
    # fmt: off
    rows = [  # series, description, target, indicator, M49, name, ref_area, aggregate, year,
              # value, units, Excel row
        (*dth, 1, "World", "1", True, 2015, 4083.0, "NUMBER", 5),
        (*dth, 404, "Kenya", "KEN", False, 2014, None, "NUMBER", 6),  # "NaN"
        (*dth, 404, "Kenya", "KEN", False, 2015, 2.0, "NUMBER", 7),
        ("SM_POP_REFG_OR", REFG_D, "10.7", "10.7.4", 404, "Kenya", "KEN", False, 2000, 7.56035,
         "PER_100000_POP", 8),
        ("SM_POP_REFG_OR", REFG_D, "10.7", "10.7.4", 412, "Kosovo", "XKX", False, 2019, 175.97,
         "PER_100000_POP", 9),
        ("SM_POP_REFG_OR", REFG_D, "10.7", "10.7.4", 680, "Sark", "680", False, 2019, 0.0,
         "PER_100000_POP", 10),
        (*rmt, 404, "Kenya", "KEN", False, 2011, 13.1, "PERCENT", 11),
        (*rmt, 404, "Kenya", "KEN", False, 2015, 8.83, "PERCENT", 12),
    ]
    # fmt: on
    cols = ["series_code", "series_description", "target", "indicator", "geo_area_code"]
    cols += ["geo_area_name", "ref_area", "is_aggregate", "time_period", "value", "units"]
    cols += ["source_row"]
    expected = (
        pl.DataFrame({c: [r[i] for r in rows] for i, c in enumerate(cols)}, strict=False)
        .with_columns(
            goal=pl.lit("10"),
            origin=pl.lit("goal10-extract"),
            source_file=pl.lit("Goal10.xlsx"),
        )
        .select(
            (pl.col(c) if c in cols or c in ("goal", "origin", "source_file") else pl.lit(None))
            .cast(t)
            .alias(c)
            for c, t in frame.SCHEMA.items()
        )
    )
    assert_frame_equal(parsed, expected)
    # clean: the "NaN" row (Excel row 6) goes; sorted by series, area, year
    assert spec.clean(parsed)["source_row"].to_list() == [11, 12, 5, 7, 8, 9, 10]


def test_fixture_goal10_problems() -> None:
    path = raw_fixture("sdg_api/Goal10_with_problems_text_code.xlsx")
    with pytest.raises(ParseError) as err:
        spec.parse(path)
    assert (err.value.row, err.value.column, err.value.value) == (7, "geo_area_code", "4O4")
    assert str(path) in str(err.value) and "expected a whole number" in str(err.value)
    path = raw_fixture("sdg_api/Goal10_with_problems_missing_column.xlsx")
    with pytest.raises(SchemaMismatch) as mismatch:
        spec.parse(path)
    assert mismatch.value.missing == ["Units"] and str(path) in str(mismatch.value)
    path = raw_fixture("sdg_api/Goal10_with_problems_no_data_sheet.xlsx")
    with pytest.raises(ParseError, match="not a readable workbook with a sheet 'data'") as err:
        spec.parse(path)
    assert str(path) in str(err.value)
