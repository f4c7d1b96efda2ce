"""Open SDG national files (Armenia, Canada, Korea, Moldova) through the generic upload path."""

from __future__ import annotations

import pytest

from etl.uploads.open_sdg.convert import convert_open_sdg, indicator_id
from etl.uploads.prepare import UploadResult, prepare_table
from etl.uploads.read import ROW, UploadError
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
    ("korea_kostat/data/indicator_10-7-1.csv", "KOR", 2),
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


@pytest.mark.parametrize(("rel", "iso3", "n"), ACCEPTED)
def test_every_row_is_kept_or_left_out_with_its_reason(rel: str, iso3: str, n: int) -> None:
    path = require_shared(f"open_sdg/{rel}")
    conv = convert_open_sdg(path.read_bytes(), path.name, ref_area=iso3)
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    rows = {i for i, line in enumerate(lines, start=1) if i > 1 and line.strip(" ,\r")}
    kept = set(conv.table.df[ROW].to_list())
    assert len(kept) == n and not kept & set(conv.left_out)
    assert kept | set(conv.left_out) == rows  # file rows, header = row 1, blank lines skipped
    assert all(why in conv.notes for why in conv.left_out.values())


def test_armenia_10_7_2_domain_categories() -> None:
    result, notes = _import("armenia/data/indicator_10-7-2.csv", "ARM")
    rows = result.rows.filter(time_period="2019").sort("policy_domain")
    assert rows["policy_domain"].to_list() == [f"PD_{d}" for d in range(1, 7)]
    assert rows["value"].to_list() == [3.0, 3.0, 4.0, 2.0, 4.0, 4.0]
    assert set(rows["unit_measure"]) == {"SCORE_1_4"} and set(rows["series_code"]) == {
        "SG_CPA_MIGRS"
    }
    # no Units column: the unit is inferred from the values, and the note says so
    assert notes == [
        "no unit given for rows 2-13: series SG_CPA_MIGRS, unit SCORE_1_4 inferred: the values, "
        "2 to 4, fit SCORE_1_4"
    ]


def test_canada_10_7_2_overall_row_is_total() -> None:
    result, _ = _import("canada/data/indicator_10-7-2.csv", "CAN")
    total = result.rows.filter(time_period="2021", policy_domain="_T")
    assert total["value"].to_list() == [3.0]
    domains = result.rows.filter(time_period="2021").sort("policy_domain")
    assert domains["policy_domain"].to_list() == [
        "PD_1",
        "PD_2",
        "PD_3",
        "PD_4",
        "PD_5",
        "PD_6",
        "_T",
    ]
    assert domains["value"].to_list() == [3.0, 4.0, 4.0, 4.0, 4.0, 4.0, 3.0]


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
    # every left-out row is named, with why and what would keep it
    assert notes[0] == (
        "rows 14, 27, 40, 53, 66, 79, 92, 105, 118, 132: Country = 'Other countries' left out: "
        "no counterpart_area code for this label: map it under columns['Country'].labels in "
        "the mapping file"
    )


def test_canada_10_c_1_keeps_the_total_and_names_every_left_out_row() -> None:
    result, notes = _import("canada/data/indicator_10-c-1.csv", "CAN")
    assert result.rows["value"].to_list() == [5.5]
    amount, method, region, unit = notes
    assert (
        unit
        == "no unit given for row 2: series SI_RMT_COST, unit PT inferred: the value, 5.5, fits PT"
    )
    assert amount.startswith("18 row(s) broken down by 'Amount last sent' left out")
    # the mapping table says why this breakdown has no column in the long format
    assert "amount in Canadian dollars are not the platform's transfer amount" in amount
    assert "'$100 or less' (rows 32-34)" in amount and "'$1,001 or more' (rows 47-49)" in amount
    assert method.startswith("20 row(s) broken down by 'Method' left out")
    assert "'Electronic methods' (rows 4, 7, 10" in method
    assert region.startswith("9 row(s) broken down by 'Destination region' left out")
    assert "a role (a column of the long format) under columns['Destination region'].role" in region
    # each left-out row is named once (under the first column that leaves it out): 1 + 47 = 48
    assert "'Americas' (row 5)" in region


def test_korea_10_7_1_share_paying_recruitment_fees() -> None:
    result, notes = _import("korea_kostat/data/indicator_10-7-1.csv", "KOR")
    assert result.rows.select("series_code", "time_period", "value", "unit_measure").rows() == [
        ("RCI_SHARE_PAYING", "2018", 12.7, "PT"),
        ("RCI_SHARE_PAYING", "2021", 14.0, "PT"),
    ]
    assert notes[0] == (
        "rows 6, 11: data.Payment = 'data.2_No' left out: the complement of RCI_SHARE_PAYING "
        "(100 minus the share paying): not stored twice"
    )
    assert "'data.-150mKRW' (rows 3, 8)" in notes[1] and "6 row(s)" in notes[1]


def test_quarters_and_census_periods() -> None:
    result, _ = _import("canada/data/indicator_10-7-4.csv", "CAN")
    assert set(result.rows["time_period"]) >= {"1980-1990", "2016-2021"}
    assert set(result.rows["freq"]) == {"I"}
    belize = result.rows.filter(counterpart_area="BLZ", time_period="1980-1990")
    assert belize["value"].to_list() == [pytest.approx(65.5037923966473)]


# (file, country, the reason given): not importable; the message names the column or the file
# name, and says what would make it importable.
REJECTED = [
    ("armenia/data/indicator_10-7-1.csv", "ARM", "column 'Group' holds the Open SDG starter's"),
    ("armenia/data/indicator_10-7-2-a.csv", "ARM", "10.7.2.a (from the file name) is a national"),
    ("armenia/data/indicator_10-7-2-b.csv", "ARM", "10.7.2.b (from the file name) is a national"),
    ("armenia/data/indicator_10-7-3.csv", "ARM", "the file has a header but no data rows"),
    ("korea_kostat/data/indicator_10-7-4.csv", "KOR", "broken down by 'data.category' left out"),
    ("moldova/data/indicator_10-7-1.csv", "MDA", "all 169 rows have a blank Value"),
    ("moldova/data/indicator_10-7-2-1.csv", "MDA", "10.7.2.1 (from the file name) is a national"),
    ("moldova/data/indicator_10-7-2-2.csv", "MDA", "10.7.2.2 (from the file name) is a national"),
    ("moldova/data/indicator_10-7-4.csv", "MDA", "its column ['(blank header)'] is empty"),
    ("uk_ons/data/indicator_10-7-1.csv", "GBR", "all 1 rows have a blank Value"),
    ("uk_ons/data/indicator_10-7-2.csv", "GBR", "all 1 rows have a blank Value"),
]


@pytest.mark.parametrize(("rel", "iso3", "reason"), REJECTED)
def test_unconvertible_files_say_why(rel: str, iso3: str, reason: str) -> None:
    path = require_shared(f"open_sdg/{rel}")
    with pytest.raises(UploadError) as exc:
        convert_open_sdg(path.read_bytes(), path.name, ref_area=iso3)
    assert reason in str(exc.value) and str(exc.value).startswith(path.name)


def test_every_real_national_file_is_covered() -> None:
    """Each data file of ../shared/data/open_sdg is either accepted or refused above."""
    root = require_shared("open_sdg")
    files = {p.relative_to(root).as_posix() for p in root.glob("*/data/*.csv")}
    covered = {r for r, _, _ in ACCEPTED} | {r for r, _, _ in REJECTED}
    assert files == covered and len(files) == 22


def test_korea_10_7_4_reason_names_the_column_and_the_fix() -> None:
    path = require_shared("open_sdg/korea_kostat/data/indicator_10-7-4.csv")
    with pytest.raises(UploadError) as exc:
        convert_open_sdg(path.read_bytes(), path.name, ref_area="KOR")
    msg = str(exc.value)
    assert "'data.Refugees_request' (rows 2-8, 16, 18, 20)" in msg
    assert "'data.Refugees_recognized' (rows 9-15, 17, 19, 21)" in msg
    assert "columns['data.category'].role in the mapping file" in msg


def test_moldova_10_7_4_rows_cannot_be_told_apart() -> None:
    path = require_shared("open_sdg/moldova/data/indicator_10-7-4.csv")
    with pytest.raises(UploadError) as exc:
        convert_open_sdg(path.read_bytes(), path.name, ref_area="MDA")
    msg = str(exc.value)
    assert msg.startswith("indicator_10-7-4.csv: 81 rows hold several values for one period")
    assert "rows 2-4, 43, 121, 158-160, 236-237 (2010)" in msg
    assert "Fill in the breakdown that distinguishes these rows" in msg


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
    assert notes[0].startswith("180 row(s) broken down by 'Cause of death' left out")
    assert "'Drowning' (rows 38-73)" in notes[0]
    assert notes[1].startswith("81 row(s) broken down by 'Region of origin' left out")
    assert "UN M49 regions, which the platform's area codes do not include" in notes[1]
    refugees, _ = _import("uk_ons/data/indicator_10-7-4.csv", "GBR")
    assert set(refugees.rows["unit_measure"]) == {"PER_100000_POP"}
    costs, _ = _import("uk_ons/data/indicator_10-c-1.csv", "GBR")
    assert set(costs.rows["series_code"]) == {"SI_RMT_COST"} and set(costs.rows["freq"]) == {"Q"}
    assert costs.rows.filter(time_period="2013-Q1")["value"].to_list() == [7.96]
