"""etl.validation.gx: one planted problem per rule gives exactly the expected issue."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from core import contract
from core.errors import ValidationIssue
from etl.schemas import RPW_CORRIDORS, RPW_QUOTES, WB_INDICATORS, conform
from etl.sources import rpw_corridors
from etl.validation.gx import issues_frame, summarise, validate_dataset
from tests.conftest import require_shared

Row = dict[str, Any]

# A consistent quote: cc1 4 / 200 x 100 + 1.5 = 3.5 %; cc2 5 / 500 x 100 + 1.5 = 2.5 %.
QUOTE: Row = {
    "period": "2017_1Q",
    "time_period": "2017-Q1",
    "sheet": "from Q2 2016",
    "source_code": "GBR",
    "destination_code": "KEN",
    "transparent": True,
    "cc1_lcu_amount": 200.0,
    "cc1_lcu_fee": 4.0,
    "cc1_fx_margin": 1.5,
    "cc1_total_cost_pct": 3.5,
    "cc2_lcu_amount": 500.0,
    "cc2_lcu_fee": 5.0,
    "cc2_fx_margin": 1.5,
    "cc2_total_cost_pct": 2.5,
    "inter_lcu_bank_fx": 1.25,
}


def quotes(changes: dict[int, Row] | None = None, n: int = 4) -> pl.DataFrame:
    """`n` clean quotes (Excel rows 2..n+1, distinct firms and ids) with per-row changes."""
    rows = [
        {**QUOTE, "quote_id": str(i + 1), "sheet_row": i + 2, "firm": f"Firm {i}"} for i in range(n)
    ]
    for i, change in (changes or {}).items():
        rows[i] = {**rows[i], **change}
    return conform(pl.DataFrame(rows), RPW_QUOTES)


def found(issues: list[ValidationIssue]) -> list[tuple[object, ...]]:
    """(rule, column, row, value, severity) of each issue."""
    return [(i.rule, i.column, i.row, i.value, i.severity) for i in issues]


def test_clean_quotes_have_no_issue() -> None:
    assert validate_dataset("rpw_quotes", quotes()) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"period": None}, ("required_value", "period", 3, None, "error")),
        ({"firm": None}, ("required_value", "firm", 3, None, "error")),
        ({"period": "2017Q1"}, ("period_format", "period", 3, "2017Q1", "error")),
        ({"source_code": "gbr"}, ("country_code_format", "source_code", 3, "gbr", "error")),
        (
            {"destination_code": "KENYA"},
            ("country_code_format", "destination_code", 3, "KENYA", "error"),
        ),
        (
            {"cc1_total_cost_pct": None},
            ("transparent_cost_missing", "cc1_total_cost_pct", 3, None, "error"),
        ),
        (
            {"cc2_fx_margin": 150.0, "cc2_total_cost_pct": 151.0},
            ("value_out_of_range", "cc2_fx_margin", 3, "150.0", "error"),
        ),
        # 4 / 200 x 100 + 1.5 = 3.5, published 3.6: 0.1 pp apart (> 0.05)
        (
            {"cc1_total_cost_pct": 3.6},
            ("cost_consistency", "cc1_total_cost_pct", 3, "3.6", "warning"),
        ),
        (
            {"transparent": False, "cc1_fx_margin": 0.0, "cc1_total_cost_pct": 2.0},
            ("undisclosed_fx_margin", "transparent", 3, "False", "warning"),
        ),
        (
            {"inter_lcu_bank_fx": 0.0},
            ("interbank_rate_not_positive", "inter_lcu_bank_fx", 3, "0.0", "warning"),
        ),
    ],
)
def test_each_quote_rule_reports_the_planted_row(change: Row, expected: tuple) -> None:
    issues = validate_dataset("rpw_quotes", quotes({1: change}))
    assert expected in found(issues)
    assert all(i.row == 3 for i in issues)  # nothing else was flagged


def test_message_names_sheet_row_value_and_what_to_do() -> None:
    (issue,) = validate_dataset("rpw_quotes", quotes({2: {"cc1_total_cost_pct": 3.6}}))
    assert issue.message.startswith("rpw_quotes, sheet 'from Q2 2016', row 4: ")
    assert "= 3.5 but cc1_total_cost_pct = 3.6" in issue.message
    assert "published total is kept" in issue.message


def test_cost_gap_within_tolerance_is_not_flagged() -> None:
    # 3.5 recomputed vs 3.54 published: 0.04 pp < 0.05
    assert validate_dataset("rpw_quotes", quotes({0: {"cc1_total_cost_pct": 3.54}})) == []


def test_negative_cost_is_a_warning_not_an_error() -> None:
    promo = {"cc1_lcu_fee": 0.0, "cc1_fx_margin": -1.0, "cc1_total_cost_pct": -1.0}
    issues = validate_dataset("rpw_quotes", quotes({1: promo}))
    assert found(issues) == [("negative_cost", "cc1_total_cost_pct", 3, "-1.0", "warning")]
    assert summarise(issues) == {"errors": 0, "warnings": 1}


def test_repeated_quote_id_in_a_period_lists_both_rows() -> None:
    issues = validate_dataset("rpw_quotes", quotes({2: {"quote_id": "1"}}))
    key = "period=2017_1Q, quote_id=1"
    assert found(issues) == [
        ("duplicate_key", "period, quote_id", 2, key, "error"),
        ("duplicate_key", "period, quote_id", 4, key, "error"),
    ]


def test_duplicate_apart_from_id_names_the_first_copy() -> None:
    df = quotes({3: {"firm": "Firm 1", "quote_id": "99"}})  # row 5 = row 3 but for the id
    (issue,) = validate_dataset("rpw_quotes", df)
    assert found([issue]) == [("duplicate_apart_from_id", "quote_id", 5, "99", "warning")]
    assert "quote 99 repeats row 3 in every column except the id" in issue.message


def test_cap_lists_the_first_rows_then_one_summary() -> None:
    promo = {"cc1_lcu_fee": 0.0, "cc1_fx_margin": -1.0, "cc1_total_cost_pct": -1.0}
    df = quotes(dict.fromkeys(range(7), promo), n=7)
    issues = validate_dataset("rpw_quotes", df, cap=3)
    assert [i.row for i in issues] == [2, 3, 4, None]
    assert issues[-1].severity == "warning"
    assert "4 more rows fail the check 'negative_cost'" in issues[-1].message


def test_errors_come_before_warnings() -> None:
    df = quotes({0: {"inter_lcu_bank_fx": 0.0}, 3: {"source_code": "XX"}})
    assert [i.severity for i in validate_dataset("rpw_quotes", df)] == ["error", "warning"]


def test_rows_without_sheet_row_are_numbered_from_one() -> None:
    df = quotes({2: {"source_code": "gbr"}}).with_columns(
        sheet_row=pl.lit(None, pl.Int32), sheet=pl.lit(None, pl.String)
    )
    (issue,) = validate_dataset("rpw_quotes", df)
    assert issue.row == 3
    assert issue.message.startswith("rpw_quotes, row 3: source_code 'gbr' is not")


# --- rpw_corridors ---------------------------------------------------------------------------


def corridors(changes: dict[int, Row] | None = None) -> pl.DataFrame:
    """Three corridor-quarters GBR->KEN 2011-Q1..Q3 (rows 1..3) with per-row changes."""
    rows = [
        {
            "sending_code": "GBR",
            "receiving_code": "KEN",
            "series_code": "ATCR.CORR",
            "time_period": f"2011-Q{q}",
            "value": 8.5,
        }
        for q in (1, 2, 3)
    ]
    for i, change in (changes or {}).items():
        rows[i] = {**rows[i], **change}
    return conform(pl.DataFrame(rows), RPW_CORRIDORS)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"sending_code": None}, ("required_value", "sending_code", 2, None, "error")),
        (
            {"receiving_code": "Kenya"},
            ("country_code_format", "receiving_code", 2, "Kenya", "error"),
        ),
        ({"time_period": "2011Q2"}, ("time_period_format", "time_period", 2, "2011Q2", "error")),
        ({"value": 120.0}, ("value_out_of_range", "value", 2, "120.0", "warning")),
        ({"value": -0.5}, ("value_out_of_range", "value", 2, "-0.5", "warning")),
    ],
)
def test_each_corridor_rule(change: Row, expected: tuple) -> None:
    assert found(validate_dataset("rpw_corridors", corridors({1: change}))) == [expected]


def test_corridor_quarter_listed_twice_is_an_error() -> None:
    issues = validate_dataset("rpw_corridors", corridors({2: {"time_period": "2011-Q1"}}))
    assert [(i.rule, i.row, i.severity) for i in issues] == [
        ("duplicate_key", 1, "error"),
        ("duplicate_key", 3, "error"),
    ]
    assert issues[0].value == (
        "sending_code=GBR, receiving_code=KEN, series_code=ATCR.CORR, time_period=2011-Q1"
    )


def test_real_corridor_export_has_no_error_and_flags_the_negative_corridor() -> None:
    df = rpw_corridors.clean(
        rpw_corridors.parse(
            require_shared(
                "rpw/corridors_databank_2020Q3/rpw_corridors_databank_export_2020-12-07.csv"
            )
        )
    )
    issues = validate_dataset("rpw_corridors", df)
    assert summarise(issues)["errors"] == 0
    # Spain -> Honduras, 2014Q2 column of the CSV: -2.17125010490417
    (esp,) = [i for i in issues if "sending_code=ESP, receiving_code=HND" in i.message]
    assert (esp.rule, esp.value, esp.severity) == (
        "value_out_of_range",
        "-2.17125010490417",
        "warning",
    )
    assert "time_period=2014-Q2" in esp.message


# --- wdi / wb_api ----------------------------------------------------------------------------


def wb(changes: dict[int, Row] | None = None) -> pl.DataFrame:
    """Kenya's remittances received 2019..2021 from one file (rows 1..3) with per-row changes."""
    rows = [
        {
            "country_code": "KEN",
            "indicator_code": "BX.TRF.PWKR.CD.DT",
            "year": y,
            "value": 3.0e9,
            "source_file": "a.xls",
        }
        for y in (2019, 2020, 2021)
    ]
    for i, change in (changes or {}).items():
        rows[i] = {**rows[i], **change}
    return conform(pl.DataFrame(rows), WB_INDICATORS)


@pytest.mark.parametrize("dataset", ["wdi", "wb_api"])
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"indicator_code": None}, ("required_value", "indicator_code", 2, None, "error")),
        ({"year": None}, ("required_value", "year", 2, None, "error")),
        ({"year": 1950}, ("year_out_of_range", "year", 2, "1950", "error")),
    ],
)
def test_each_wb_rule(dataset: str, change: Row, expected: tuple) -> None:
    assert validate_dataset(dataset, wb()) == []
    assert found(validate_dataset(dataset, wb({1: change}))) == [expected]


def test_same_year_twice_is_an_error_in_one_file_but_not_across_vintages() -> None:
    twice = validate_dataset("wdi", wb({2: {"year": 2019}}))
    assert [(i.rule, i.row) for i in twice] == [("duplicate_key", 1), ("duplicate_key", 3)]
    assert twice[0].column == "country_code, indicator_code, year, source_file"
    assert validate_dataset("wdi", wb({2: {"year": 2019, "source_file": "b.xls"}})) == []


# --- indicators ------------------------------------------------------------------------------


def table(changes: dict[int, Row] | None = None) -> pl.DataFrame:
    """Three contract rows (GA 2023-Q1..Q3, PT) with per-row changes; defaults from conform."""
    rows = [
        {
            "indicator_code": "10.c.1",
            "series_code": "SI_RMT_COST",
            "ref_area": "WLD",
            "time_period": f"2023-Q{q}",
            "freq": "Q",
            "value": 6.2,
            "unit_measure": "PT",
            "obs_status": "A",
            "source": "RPW",
        }
        for q in (1, 2, 3)
    ]
    for i, change in (changes or {}).items():
        rows[i] = {**rows[i], **change}
    return contract.conform(pl.DataFrame(rows))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"source": None}, ("required_value", "source", 2, None, "error")),
        ({"time_period": "2023Q2"}, ("time_period_format", "time_period", 2, "2023Q2", "error")),
        ({"freq": "M"}, ("freq_code", "freq", 2, "M", "error")),
        ({"obs_status": "X"}, ("obs_status_code", "obs_status", 2, "X", "error")),
        ({"unit_measure": "PERCENT"}, ("unit_measure_code", "unit_measure", 2, "PERCENT", "error")),
        ({"value": 101.0}, ("percent_out_of_range", "value", 2, "101.0", "warning")),
        ({"value": -0.4}, ("percent_out_of_range", "value", 2, "-0.4", "warning")),
        ({"value": None}, ("value_missing", "value", 2, None, "warning")),
    ],
)
def test_each_indicator_rule(change: Row, expected: tuple) -> None:
    assert found(validate_dataset("indicators", table({1: change}))) == [expected]


@pytest.mark.parametrize(
    "change",
    [
        {"value": None, "obs_status": "M"},  # a missing observation may be blank
        {"value": 5000.0, "unit_measure": "NUMBER"},  # only PT is bounded by 100
        {"time_period": "2018-2021", "freq": "I"},  # a survey round
        {"time_period": "2023", "freq": "A"},
    ],
)
def test_valid_indicator_variants_pass(change: Row) -> None:
    assert validate_dataset("indicators", table({1: change})) == []


def test_indicator_key_repeated_names_the_key_without_totals() -> None:
    issues = validate_dataset("indicators", table({2: {"time_period": "2023-Q1"}}))
    assert [(i.rule, i.row, i.severity) for i in issues] == [
        ("duplicate_key", 1, "error"),
        ("duplicate_key", 3, "error"),
    ]
    key = "indicator_code=10.c.1, series_code=SI_RMT_COST, ref_area=WLD, time_period=2023-Q1"
    assert issues[0].value == key


# --- API -------------------------------------------------------------------------------------


def test_unknown_dataset_is_a_key_error_naming_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"No validation suite for dataset 'census'.*rpw_quotes"):
        validate_dataset("census", pl.DataFrame())


def test_missing_column_is_an_error_without_running_the_suite() -> None:
    issues = validate_dataset("rpw_corridors", corridors().drop("series_code"))
    assert found(issues) == [("missing_column", "series_code", None, None, "error")]


def test_issues_frame_and_summarise() -> None:
    issues = validate_dataset("rpw_corridors", corridors({0: {"value": 101.0}, 2: {"value": None}}))
    issues += validate_dataset("rpw_corridors", corridors({1: {"sending_code": "gb"}}))
    frame = issues_frame(issues)
    assert frame.columns == ["dataset", "rule", "column", "row", "value", "severity", "message"]
    assert frame.select("rule", "row", "value").rows() == [
        ("value_out_of_range", 1, "101.0"),
        ("country_code_format", 2, "gb"),
    ]
    assert summarise(issues) == {"errors": 1, "warnings": 1}
    assert issues_frame([]).schema["row"] == pl.Int64
