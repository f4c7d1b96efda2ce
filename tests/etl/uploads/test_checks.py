"""Upload checks: each rejection class names the exact file row and column (hand-made files)."""

from __future__ import annotations

import pytest

from etl.uploads.checks import check_upload
from etl.uploads.read import read_upload
from tests.etl.uploads.helpers import csv_bytes, issues_of, only

LONG = "indicator_long"


def _one(issues: list, rule: str) -> object:
    got = only(issues, rule)
    assert len(got) == 1, [i.message for i in issues]
    return got[0]


def test_examples_are_clean_and_typed() -> None:
    data = csv_bytes(LONG, [{}, {"sub_category": "PD_3_A"}])
    rows, issues = check_upload(LONG, read_upload(data, "a.csv", max_bytes=10**6))
    assert [i for i in issues if i.severity == "error"] == []
    assert rows["value"].to_list() == [1.0, 1.0] and rows["row_number"].to_list() == [2, 3]
    assert rows["counterpart_area"].to_list() == ["_T", "_T"]  # blank breakdown = total


def test_missing_required_column() -> None:
    data = csv_bytes("gfmd_coherence", [{}]).decode().replace("item_code", "item")
    _, issues = check_upload("gfmd_coherence", read_upload(data.encode(), "g.csv", max_bytes=10**6))
    miss = _one(issues, "missing_column")
    assert miss.column == "item_code" and "Add a column named 'item_code'" in miss.message
    assert _one(issues, "unknown_column").severity == "warning"


def test_required_value_empty() -> None:
    i = _one(issues_of(LONG, [{}, {"series_code": "", "sub_category": "PD_3_C"}]), "required")
    assert (i.row, i.column) == (3, "series_code")
    assert i.message.startswith("indicator_long.csv row 3, column 'series_code': is empty")


def test_decimal_comma_rejected_with_hint() -> None:
    i = _one(issues_of(LONG, [{"value": "1,5", "unit_measure": "PT"}]), "not_a_number")
    assert (i.row, i.column, i.value) == (2, "value", "1,5")
    assert "point as decimal separator" in i.message and "'1.5'" in i.message


def test_percent_sign_and_whole_numbers() -> None:
    issues = issues_of(LONG, [{"value": "5 %", "unit_measure": "PT", "unit_mult": "0.5"}])
    msgs = {i.column: i.message for i in only(issues, "not_a_number")}
    assert "has a % sign" in msgs["value"] and "'5'" in msgs["value"]
    assert "not a whole number" in msgs["unit_mult"]


def test_code_lists() -> None:
    issues = issues_of(LONG, [{"freq": "M", "obs_status": "X"}])
    codes = {(i.row, i.column, i.value) for i in only(issues, "code_list")}
    assert codes == {(2, "freq", "M"), (2, "obs_status", "X")}


def test_iso3_and_lowercase_hint() -> None:
    issues = issues_of("census_tabulation", [{"ref_area": "ken"}, {"ref_area": "XYZ", "sex": "F"}])
    bad = only(issues, "iso3")
    assert [(i.row, i.column) for i in bad] == [(2, "ref_area"), (3, "ref_area")]
    assert "Write it in capitals: 'KEN'" in bad[0].message
    assert "'XYZ' is not an ISO 3166-1 alpha-3" in bad[1].message


def test_regions_only_in_long_format() -> None:
    assert only(issues_of(LONG, [{"ref_area": "WLD", "ref_area_m49": "1"}]), "iso3") == []
    assert len(only(issues_of("census_tabulation", [{"ref_area": "WLD"}]), "iso3")) == 1


def test_m49_must_agree() -> None:
    i = _one(issues_of(LONG, [{"ref_area": "UGA", "ref_area_m49": "404"}]), "m49_mismatch")
    assert (i.row, i.column) == (2, "ref_area_m49")
    assert "M49 code 404 does not match ref_area UGA (M49 800)" in i.message


def test_unknown_indicator_code() -> None:
    issues = issues_of(
        LONG,
        [{"indicator_code": "10.7.9"}, {"indicator_code": "P.COH.05", "sub_category": "PD_3_A"}],
    )
    i = _one(issues, "unknown_indicator")
    assert (i.row, i.column, i.value) == (2, "indicator_code", "10.7.9")


@pytest.mark.parametrize(
    ("unit", "value", "text"),
    [
        ("PT", "120", "at least 0 and at most 100"),
        ("BINARY", "0.7", "use one of 0, 0.5, 1"),
        ("SCORE_1_4", "5", "use one of 1, 2, 3, 4"),
        ("PER_100000_POP", "-1", "at least 0"),
        ("RATIO_MONTHS", "-0.5", "at least 0"),
    ],
)
def test_unit_ranges(unit: str, value: str, text: str) -> None:
    issues = issues_of(LONG, [{"unit_measure": unit, "value": value, "sub_category": "_T"}])
    i = _one(issues, "unit_range")
    assert (i.row, i.column) == (2, "value") and text in i.message


def test_blank_value_needs_obs_status_m() -> None:
    issues = issues_of(
        LONG, [{"value": ""}, {"value": "", "obs_status": "M", "sub_category": "PD_3_A"}]
    )
    i = _one(issues, "value_missing")
    assert i.row == 2 and "set obs_status to M" in i.message


def test_duplicate_keys_list_every_row() -> None:
    issues = issues_of("gfmd_coherence", [{}, {"item_code": "P.COH.01"}, {}, {}])
    dup = only(issues, "duplicate_key")
    assert [i.row for i in dup] == [2, 4, 5]
    assert "as row(s) 4, 5" in dup[0].message and "item_code=P.COH.05" in dup[0].message


def test_mixed_units_in_a_series() -> None:
    rows = [
        {"sub_category": "_T", "unit_measure": "PT", "value": "80", "time_period": str(2015 + k)}
        for k in range(3)
    ]
    rows[2]["unit_measure"] = "SCORE_1_4"
    rows[2]["value"] = "3"
    i = _one(issues_of(LONG, rows), "mixed_units")
    assert i.column == "unit_measure" and i.row == 2
    assert "PT in row(s) 2, 3; SCORE_1_4 in row(s) 4" in i.message


def test_long_1072_domain_row_must_match_items() -> None:
    answers = [("PD_3_A", "1"), ("PD_3_B", "1"), ("PD_3_C", "0.5"), ("PD_3_D", "0")]
    rows = [{"sub_category": s, "value": v} for s, v in answers]
    rows.append({"sub_category": "_T", "unit_measure": "PT", "value": "80"})
    i = _one(issues_of(LONG, rows), "domain_score")
    assert i.row == 6 and "score 80" in i.message and "does not equal 50" in i.message


INQ = "inquiry_1072"


def test_inquiry_answers_per_domain() -> None:
    rows = [
        {"policy_domain": "PD_1", "sub_category": "PD_1_A", "answer": "yes"},
        {"policy_domain": "PD_1", "sub_category": "PD_1_B", "answer": "yes_legal_only"},
        {"policy_domain": "PD_2", "sub_category": "PD_2_A", "answer": "yes_all"},
    ]
    bad = only(issues_of(INQ, rows), "answer_code")
    assert [(i.row, i.column, i.value) for i in bad] == [
        (2, "answer", "yes"),
        (4, "answer", "yes_all"),
    ]
    assert "not a domain 1 answer. Use one of: yes_all, yes_legal_only, no" in bad[0].message


def test_inquiry_stated_score_recomputed_with_missing_as_zero() -> None:
    rows = [
        {"sub_category": "PD_3_A", "answer": "yes"},
        {"sub_category": "PD_3_B", "answer": "yes"},
        {"sub_category": "PD_3_C", "answer": ""},
        {"sub_category": "PD_3_D", "answer": "no"},
        {"sub_category": "_T", "answer": "", "value": "80"},
    ]
    issues = issues_of(INQ, rows)
    i = _one(issues, "domain_score")
    assert (i.row, i.column) == (6, "value")
    assert "stated PD_3 score 80" in i.message and "does not equal 40" in i.message
    assert "row(s) 2, 3, 4, 5" in i.message
    blank = _one(issues, "blank_answer")
    assert (blank.row, blank.severity) == (4, "warning")
    assert "PD_3_E" in _one(issues, "items_missing").message


def test_inquiry_matching_score_passes() -> None:
    rows = [
        {"sub_category": f"PD_3_{s}", "answer": a}
        for s, a in zip("ABCDE", ["yes"] * 4 + ["no"], strict=True)
    ]
    rows.append({"sub_category": "_T", "answer": "", "value": "80"})
    assert [i for i in issues_of(INQ, rows) if i.severity == "error"] == []


def test_inquiry_sub_category_outside_domain() -> None:
    i = _one(
        issues_of(INQ, [{"policy_domain": "PD_2", "sub_category": "PD_3_B"}]), "sub_category_domain"
    )
    assert (i.row, i.column) == (
        2,
        "sub_category",
    ) and "not a sub-category of policy_domain 'PD_2'" in i.message


def test_duplicate_answer_text_is_a_warning() -> None:
    rows = [
        {"sub_category": "PD_3_A", "answer_text": "BLA"},
        {"sub_category": "PD_3_B", "answer_text": "BLA"},
    ]
    dup = only(issues_of(INQ, rows), "duplicate_text")
    assert [(i.row, i.severity) for i in dup] == [(2, "warning"), (3, "warning")]


GFMD = "gfmd_coherence"


def test_gfmd_counts() -> None:
    rows = [
        {"item_code": "P.COH.01", "count": "2"},
        {"item_code": "P.DAT.01", "count": "4"},
        {"item_code": "P.COH.07", "count": "-1"},
        {"item_code": "P.DAT.02", "answer": "maybe"},
    ]
    issues = issues_of(GFMD, rows)
    assert [(i.row, i.column) for i in only(issues, "count_not_allowed")] == [(2, "count")]
    ranges = only(issues, "count_range")
    assert [(i.row, i.value) for i in ranges] == [(3, "4"), (4, "-1")]
    assert "outside the range of P.DAT.01 (0-3)" in ranges[0].message
    assert _one(issues, "answer_code").row == 5


RCI = "rci_1071_microdata"


def test_rci_currencies_rates_and_amounts() -> None:
    rows = [
        {"cost_currency": "XXQ"},
        {"worker_id": "W2", "usd_per_cost_currency": ""},
        {"worker_id": "W3", "cost_paid": "-5", "monthly_earnings": "0", "survey_weight": "0"},
    ]
    issues = issues_of(RCI, rows)
    assert [(i.row, i.column) for i in only(issues, "currency")] == [(2, "cost_currency")]
    missing = _one(issues, "usd_rate_missing")
    assert (missing.row, missing.column) == (3, "usd_per_cost_currency")
    assert "NPR amounts need the USD rate" in missing.message
    assert _one(issues, "cost_negative").row == 4
    assert _one(issues, "monthly_earnings_positive").row == 4
    assert _one(issues, "survey_weight_positive").row == 4


def test_rci_earnings_outlier_is_a_warning() -> None:
    rows = [{"worker_id": f"W{k}"} for k in range(5)] + [
        {"worker_id": "W9", "monthly_earnings": "120000"}
    ]
    i = _one(issues_of(RCI, rows), "earnings_outlier")
    assert (i.row, i.severity) == (7, "warning") and "USD 32,964" in i.message


def test_census_whole_persons() -> None:
    rows = [{"value": "2.5"}, {"sex": "F", "value": "-1"}, {"sex": "M", "age": "15-24"}]
    issues = issues_of("census_tabulation", rows)
    assert [(i.row, i.value) for i in only(issues, "persons")] == [(2, "2.5"), (3, "-1.0")]
    assert _one(issues, "age_code").row == 4


def test_prepare_upload_previews_changes_against_current() -> None:
    from etl.uploads.prepare import prepare_upload

    old = csv_bytes(GFMD, [{}, {"item_code": "P.COH.01", "answer": "no", "answer_text": "x"}])
    current = prepare_upload(old, "old.csv", current=None).rows
    new = csv_bytes(
        GFMD,
        [
            {},
            {"item_code": "P.COH.01", "answer": "yes", "answer_text": "x"},
            {"item_code": "P.COH.02", "answer_text": "y"},
        ],
    )
    result = prepare_upload(new, "new.csv", current=lambda name: current if name == GFMD else None)
    assert result.template == GFMD and result.read_as == "CSV, utf-8, comma-separated"
    s = result.summary
    assert (s["new"], s["changed"], s["unchanged"], s["errors"]) == (1, 1, 1, 0)
    changed = result.diff.filter(status="changed").row(0, named=True)
    assert (changed["item_code"], changed["old"], changed["new"]) == (
        "P.COH.01",
        "answer=no",
        "answer=yes",
    )


def test_prepare_upload_rejects_unreadable_file() -> None:
    from etl.uploads.prepare import prepare_upload

    result = prepare_upload(b"", "empty.csv", current=None)
    assert not result.accepted and result.errors[0].rule == "empty"
    assert result.errors[0].message.startswith("empty.csv: the file is empty")


def test_areas_the_project_publishes_are_accepted() -> None:
    """World Bank aggregates (AFE, EUU), CHI, RPW's KSV/ANT: codes in our own exports."""
    rows = [
        {"ref_area": a, "ref_area_m49": "", "counterpart_area": c, "sub_category": f"PD_3_{s}"}
        for a, c, s in (("AFE", "KSV", "A"), ("EUU", "ANT", "B"), ("CHI", "CHI", "C"))
    ]
    assert only(issues_of(LONG, rows), "iso3") == []
    i = _one(issues_of(LONG, [{"ref_area": "CHI", "ref_area_m49": "404"}]), "m49_mismatch")
    assert "M49 830" in i.message


@pytest.mark.parametrize(
    ("series", "value", "problem"),
    [
        ("BX_TRF_PWKR_DT_GD_ZS", "145.1", None),  # % of GDP above 100 (Lesotho, WDI)
        ("BX_TRF_PWKR_DT_GD_ZS", "-1", "series BX_TRF_PWKR_DT_GD_ZS: it must be at least 0"),
        ("RPW_ATCR_CORR", "-11.36", None),  # a negative FX margin (RPW, SAU -> SDN 2017-Q4)
        ("RPW_ATCR_CORR", "-101", "at least -100 and at most 100"),
        ("SI_RMT_COST", "-0.5", "unit PT: it must be at least 0 and at most 100"),
    ],
)
def test_series_ranges_override_the_unit(series: str, value: str, problem: str | None) -> None:
    row = {"series_code": series, "unit_measure": "PT", "value": value, "sub_category": "_T"}
    found = only(issues_of(LONG, [row]), "unit_range")
    assert [problem in i.message for i in found] == ([True] if problem else [])
