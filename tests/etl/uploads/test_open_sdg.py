"""Open SDG national files (Armenia, Canada, Korea, Moldova) through the generic upload path."""

from __future__ import annotations

import pytest

from etl.uploads.open_sdg import convert_open_sdg, indicator_id
from etl.uploads.prepare import UploadResult, prepare_table
from etl.uploads.read import UploadError
from tests.conftest import require_shared


def _import(rel: str, iso3: str) -> tuple[UploadResult, list[str]]:
    path = require_shared(f"open_sdg/{rel}")
    conv = convert_open_sdg(path.read_bytes(), path.name, ref_area=iso3, submitted_on="2026-01-15")
    result = prepare_table(conv.table, "0" * 64, current=None, template="indicator_long")
    return result, conv.notes


def test_indicator_id_from_file_name() -> None:
    assert indicator_id("indicator_10-7-2.csv") == "10.7.2"
    assert indicator_id("data/10-c-1.csv") == "10.c.1"
    assert indicator_id("indicator_10-7-2-a.csv") == "10.7.2.a"


# (file, country, rows imported): these convert and pass every check with zero errors/warnings.
ACCEPTED = [
    ("armenia/data/indicator_10-7-2.csv", "ARM", 12),
    ("armenia/data/indicator_10-7-4.csv", "ARM", 120),
    ("armenia/data/indicator_10-c-1.csv", "ARM", 9),
    ("canada/data/indicator_10-7-2.csv", "CAN", 14),
    ("canada/data/indicator_10-7-4.csv", "CAN", 815),
    ("canada/data/indicator_10-c-1.csv", "CAN", 1),
    ("korea_kostat/data/indicator_10-c-1.csv", "KOR", 7),
    # UK ONS: Observation status / Unit multiplier columns and their labels are read
    ("uk_ons/data/indicator_10-7-3.csv", "GBR", 36),
    ("uk_ons/data/indicator_10-7-4.csv", "GBR", 28),
    ("uk_ons/data/indicator_10-c-1.csv", "GBR", 39),
]


@pytest.mark.parametrize(("rel", "iso3", "n"), ACCEPTED)
def test_convertible_files_pass_checks(rel: str, iso3: str, n: int) -> None:
    result, _ = _import(rel, iso3)
    assert result.accepted and result.issues == []
    assert result.summary["rows"] == n


def test_armenia_10_7_2_domain_categories() -> None:
    result, notes = _import("armenia/data/indicator_10-7-2.csv", "ARM")
    rows = result.rows.filter(time_period="2019").sort("policy_domain")
    assert rows["policy_domain"].to_list() == [f"PD_{d}" for d in range(1, 7)]
    assert rows["value"].to_list() == [3.0, 3.0, 4.0, 2.0, 4.0, 4.0]
    assert set(rows["unit_measure"]) == {"SCORE_1_4"} and set(rows["series_code"]) == {
        "SG_CPA_MIGRS"
    }
    assert notes == ["no Units column: unit SCORE_1_4 assumed for 10.7.2"]


def test_canada_10_7_2_overall_row_is_total() -> None:
    result, _ = _import("canada/data/indicator_10-7-2.csv", "CAN")
    total = result.rows.filter(time_period="2021", policy_domain="_T")
    assert total["value"].to_list() == [3.0]


def test_armenia_10_7_4_units_split_and_countries() -> None:
    result, notes = _import("armenia/data/indicator_10-7-4.csv", "ARM")
    per100k = result.rows.filter(series_code="SM_POP_REFG_OR")
    assert set(per100k["unit_measure"]) == {"PER_100000_POP"} and set(
        per100k["counterpart_area"]
    ) == {"_T"}
    assert per100k.filter(time_period="2015")["value"].to_list() == [6.7]
    pct = result.rows.filter(series_code="SM_POP_REFG_OR_PT", time_period="2015")
    assert pct.filter(counterpart_area="UKR")["value"].to_list() == [33.6]
    assert {"RUS", "TUR", "IRN", "SYR"} <= set(result.rows["counterpart_area"])
    assert "10 row(s) for ['Other countries'] left out: no ISO3 country code" in notes


def test_canada_10_c_1_keeps_only_the_total() -> None:
    result, notes = _import("canada/data/indicator_10-c-1.csv", "CAN")
    assert result.rows["value"].to_list() == [5.5]
    assert "20 row(s) broken down by 'Method' left out" in notes[1]


def test_quarters_and_census_periods() -> None:
    result, _ = _import("canada/data/indicator_10-7-4.csv", "CAN")
    assert set(result.rows["time_period"]) >= {"1980-1990", "2016-2021"}
    assert set(result.rows["freq"]) == {"I"}


# (file, country, the reason given): not importable, and the message says why.
REJECTED = [
    ("armenia/data/indicator_10-7-1.csv", "ARM", "placeholder data (Group A/B)"),
    ("armenia/data/indicator_10-7-2-a.csv", "ARM", "10.7.2.a is a national indicator"),
    ("armenia/data/indicator_10-7-2-b.csv", "ARM", "10.7.2.b is a national indicator"),
    ("armenia/data/indicator_10-7-3.csv", "ARM", "the file has a header but no data rows"),
    ("korea_kostat/data/indicator_10-7-1.csv", "KOR", "broken down by 'data.Payment'"),
    ("korea_kostat/data/indicator_10-7-4.csv", "KOR", "broken down by 'data.category'"),
    ("moldova/data/indicator_10-7-1.csv", "MDA", "all 169 rows have a blank Value"),
    ("moldova/data/indicator_10-7-2-1.csv", "MDA", "10.7.2.1 is a national indicator"),
    ("moldova/data/indicator_10-7-2-2.csv", "MDA", "10.7.2.2 is a national indicator"),
]


@pytest.mark.parametrize(("rel", "iso3", "reason"), REJECTED)
def test_unconvertible_files_say_why(rel: str, iso3: str, reason: str) -> None:
    path = require_shared(f"open_sdg/{rel}")
    with pytest.raises(UploadError) as exc:
        convert_open_sdg(path.read_bytes(), path.name, ref_area=iso3)
    assert reason in str(exc.value) and str(exc.value).startswith(path.name)


def test_moldova_10_7_4_rows_cannot_be_told_apart() -> None:
    result, notes = _import("moldova/data/indicator_10-7-4.csv", "MDA")
    assert "231 row(s) with a blank Value left out" in notes
    assert not result.accepted
    dup = [i for i in result.errors if i.rule == "duplicate_key"]
    assert len(dup) == len(result.errors) == 81
    assert dup[0].row == 2 and "time_period=2010 as row(s) 3, 4" in dup[0].message


def test_uk_ons_labels_become_codes() -> None:
    deaths, notes = _import("uk_ons/data/indicator_10-7-3.csv", "GBR")
    y2015 = deaths.rows.filter(time_period="2015").sort("sex", "age")
    assert y2015.select("sex", "age", "value").rows() == [
        ("F", "_T", 4.0),
        ("M", "_T", 26.0),
        ("_T", "Y_LT18", 5.0),  # "Under 18"
        ("_T", "_T", 31.0),
    ]
    assert set(deaths.rows["obs_status"]) == {"A"} and set(deaths.rows["unit_mult"]) == {0}
    assert "180 row(s) broken down by 'Cause of death' left out" in notes[0]
    refugees, _ = _import("uk_ons/data/indicator_10-7-4.csv", "GBR")
    assert set(refugees.rows["unit_measure"]) == {"PER_100000_POP"}
    costs, _ = _import("uk_ons/data/indicator_10-c-1.csv", "GBR")
    assert set(costs.rows["series_code"]) == {"SI_RMT_COST"} and set(costs.rows["freq"]) == {"Q"}
    assert costs.rows.filter(time_period="2013-Q1")["value"].to_list() == [7.96]
