"""Migration suites: a bad row gives the right issue (rule, row, column, value, severity)."""

from __future__ import annotations

import polars as pl
import pytest

from core.errors import ValidationIssue
from etl.demo import datasets as demo
from etl.demo import migration as demo_migration
from etl.registry import SOURCE_SPECS
from etl.validation.gx import validate_dataset
from etl.validation.suites import catalog as suites


@pytest.fixture(scope="module")
def good() -> dict[str, pl.DataFrame]:
    """Valid frames of every migration dataset (the demo data, which passes every rule)."""
    return {**demo_migration.demo_migration_datasets(), **demo.demo_flow_datasets()}


def _set(df: pl.DataFrame, row: int, **values: object) -> pl.DataFrame:
    """`df` with the given columns replaced in 0-based row `row`."""
    i = pl.int_range(pl.len()) == row
    return df.with_columns(
        pl.when(i).then(pl.lit(v, dtype=df.schema[c])).otherwise(pl.col(c)).alias(c)
        for c, v in values.items()
    )


def _only(issues: list[ValidationIssue], rule: str) -> ValidationIssue:
    hits = [i for i in issues if i.rule == rule]
    assert len(hits) == 1, issues
    return hits[0]


def test_every_migration_dataset_is_known_to_suite_for() -> None:
    # the migration family's suites, and sdg_api's, which its own module builds
    migration_family = ("etl.validation.suites.migration:", "etl.sources.sdg.spec:")
    names = [s.dataset for s in SOURCE_SPECS if s.suite.startswith(migration_family)]
    assert len(names) == 8
    for name in names:
        assert suites.suite_for(name).name == name
        assert name in suites.datasets()


def test_stock_negative_value_is_an_error_at_its_sheet_row(good: dict[str, pl.DataFrame]) -> None:
    df = _set(good["undesa_stock"], 10, value=-5.0)
    issue = _only(validate_dataset("undesa_stock", df), "negative_value")
    row = int(df["sheet_row"][10])
    assert (issue.severity, issue.column, issue.row, issue.value) == ("error", "value", row, "-5.0")
    where = f"undesa_stock, sheet 'Table 1', row {row} (area_name={df['area_name'][10]}"
    assert issue.message.startswith(where)
    assert "): value = -5.0 is negative" in issue.message


def test_country_without_iso3_is_an_error_but_an_aggregate_is_not(
    good: dict[str, pl.DataFrame],
) -> None:
    stock = good["undesa_stock"]
    world = stock.filter(pl.col("m49") == 900)
    assert world["iso3"].is_null().all()  # aggregates without a code pass
    df = _set(stock, 0, iso3=None)
    issue = _only(validate_dataset("undesa_stock", df), "country_without_code")
    assert (issue.severity, issue.column, issue.row) == ("error", "iso3", int(df["sheet_row"][0]))


def test_bad_iso3_format_and_duplicate_pair_in_unhcr(good: dict[str, pl.DataFrame]) -> None:
    df = _set(good["unhcr_population"], 3, origin_iso3="Kenya")
    issue = _only(validate_dataset("unhcr_population", df), "country_code_format")
    assert (issue.severity, issue.column, issue.row, issue.value) == (
        "error",
        "origin_iso3",
        4,
        "Kenya",
    )
    doubled = pl.concat([good["unhcr_population"], good["unhcr_population"].head(1)])
    dup = [i for i in validate_dataset("unhcr_population", doubled) if i.rule == "duplicate_key"]
    assert [i.row for i in dup] == [1, doubled.height]
    assert "keep one file per year" in dup[0].message


def test_mmp_duplicate_incident_and_year_before_2014(good: dict[str, pl.DataFrame]) -> None:
    mmp = good["iom_mmp_incidents"]
    df = _set(mmp, 5, web_id=mmp["web_id"][0], year=2012)
    issues = validate_dataset("iom_mmp_incidents", df)
    dup = [i for i in issues if i.rule == "duplicate_key"]
    assert {i.value for i in dup} == {"DEMO-00001"} and all(i.severity == "error" for i in dup)
    assert "keep only the latest export" in dup[0].message
    early = _only(issues, "before_mmp_records")
    assert (early.severity, early.row, early.value) == ("warning", 6, "2012")


def test_knomad_year_out_of_range_and_economy_without_code(good: dict[str, pl.DataFrame]) -> None:
    df = _set(good["knomad_remittances"], 2, year=1850)
    df = _set(df, 4, iso3=None)
    issues = validate_dataset("knomad_remittances", df)
    year = _only(issues, "year_out_of_range")
    assert (year.severity, year.column, year.row, year.value) == ("error", "year", 4, "1850")
    code = _only(issues, "country_without_code")
    assert (code.column, code.row) == ("iso3", int(df["sheet_row"][4]))


def test_bilateral_self_flow_is_a_warning_naming_the_country(
    good: dict[str, pl.DataFrame],
) -> None:
    bilat = good["wb_bilateral"]
    df = _set(bilat, 0, destination_iso3=bilat["origin_iso3"][0])
    issue = _only(validate_dataset("wb_bilateral", df), "self_flow")
    assert (issue.severity, issue.column, issue.row) == (
        "warning",
        "value",
        int(df["sheet_row"][0]),
    )
    assert f"from {bilat['origin_name'][0]} to itself" in issue.message


def test_matrix_negative_and_regions_duplicate_code(good: dict[str, pl.DataFrame]) -> None:
    m = _set(good["undesa_matrix"], 7, value=-1.0)
    issue = _only(validate_dataset("undesa_matrix", m), "negative_value")
    assert (issue.severity, issue.row, issue.value) == ("error", 8, "-1.0")
    regions = good["undesa_regions"]
    r = _set(regions, 2, m49=int(regions["m49"][1]))
    dup = [i for i in validate_dataset("undesa_regions", r) if i.rule == "duplicate_key"]
    assert len(dup) == 2 and {i.column for i in dup} == {"m49"}
