"""Great Expectations suites of the migration datasets (UN DESA, UNHCR, IOM MMP, KNOMAD, WB).

Same conventions as etl/validation/suites/remittance.py
(severity "critical" = error that blocks publishing, "warning" = recorded; meta rule / column /
message with what to do). Errors are kept for real defects only; every rule was run on the real
published files (tests/etl/validation/test_suites_migration.py and
tests/etl/test_migration_pipeline.py), which pass with no error.

Codes: aggregates legitimately have no ISO3 code (UN DESA regions, KNOMAD "World", UNHCR's
unknown origin, the bilateral matrices' "Other North/South"), so ISO3 columns are checked for
their format where filled, and required only on rows that say they are a country. UNHCR keeps
its few non-ISO three-letter codes (UNK, XXA, TIB): they have the format, so they pass.

Each builder is named by its source's SourceSpec (`suite`, `prepare`); etl/validation/suites/
catalog.py resolves them.
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
import polars as pl
from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.row_conditions import Column

from core.errors import Severity
from core.i18n import N_
from etl.sources.undesa_stock import MEASURES
from etl.validation.suites import common

SEXES = ("_T", "M", "F")
DIRECTIONS = ("inflow", "outflow")
MMP_FIRST_YEAR = 2014  # the Missing Migrants Project records incidents from 2014
INCOME_GROUPS = ("High income", "Upper middle income", "Lower middle income", "Low income")


def _non_negative(column: str, what: str, severity: Severity = "error") -> Expectation:
    """A count (or flow) below zero: no published table has one."""
    return common.tag(
        gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0),
        "negative_value",
        severity,
        N_(
            "{where}: {column} = {value} is negative, which {what} cannot be. Check the cell in "
            "the source file; report it to the publisher if it is published so."
        ),
        words={"what": what},
    )


def _in_set(column: str, values: tuple[str, ...], rule: str) -> Expectation:
    """Error when a code column holds a value the parser never writes."""
    return common.tag(
        gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(values)),
        rule,
        "error",
        N_(
            "{where}: {column} {value!r} is not one of {codes}. The parser only writes these; "
            "report this as a bug."
        ),
        args={"codes": ", ".join(values)},
    )


def _unique_column(column: str, what: str) -> Expectation:
    """Error when a one-column key repeats (GX's compound check needs two columns)."""
    return common.tag(
        gxe.ExpectColumnValuesToBeUnique(column=column),
        "duplicate_key",
        "error",
        common.DUPLICATE_VALUE,
        words={"what": what},
    )


# --- UN DESA ------------------------------------------------------------------------------


def undesa_regions_suite() -> gx.ExpectationSuite:
    """Rules for the IMS 2020 correspondence table (M49 <-> ISO3 <-> regions)."""
    return common.suite(
        "undesa_regions",
        [
            *common.required(("m49", "name", "location_type", "is_country")),
            _unique_column("m49", N_("an M49 code")),
            *common.iso3(("iso3",)),
            common.iso3_when("iso3", "is_country", True, N_("a country or area")),
            common.tag(
                gxe.ExpectColumnValuesToBeInSet(
                    column="wb_income_group", value_set=list(INCOME_GROUPS)
                ),
                "income_group_unknown",
                "warning",
                N_(
                    "{where}: {column} {value!r} is not a World Bank income group of 2020. It is "
                    "kept; check the annex is the IMS 2020 edition."
                ),
            ),
        ],
    )


def undesa_stock_suite() -> gx.ExpectationSuite:
    """Rules for IMS stock / population / % / refugees by destination and origin (long)."""
    key = ("edition", "measure", "sex", "m49", "year")
    pct = Column("measure") == "pct_of_population"
    return common.suite(
        "undesa_stock",
        [
            *common.required((*key, "area_name", "is_country")),
            common.unique(key, N_("a value of one measure, sex, area and year in one edition")),
            _in_set("measure", MEASURES, "measure_code"),
            _in_set("sex", SEXES, "sex_code"),
            *common.iso3(("iso3",)),
            common.iso3_when("iso3", "is_country", True, N_("a country or area")),
            common.year_in_range(
                "year", 1950, 2100, N_("a UN DESA International Migrant Stock workbook")
            ),
            _non_negative("value", N_("a number of persons or a percentage")),
            common.tag(
                gxe.ExpectColumnValuesToBeBetween(column="value", max_value=100, row_condition=pct),
                "percent_out_of_range",
                "warning",
                N_(
                    "{where}: migrants are {value} % of the population, more than 100 %. It is "
                    "kept as published; check the stock and population of this area."
                ),
            ),
        ],
    )


def prepare_undesa_matrix(df: pl.DataFrame) -> pl.DataFrame:
    """Add `_self_stock`: True where a country is its own origin with a positive stock."""
    same = (pl.col("origin_iso3") == pl.col("destination_iso3")) & (pl.col("value") > 0)
    return df.with_columns(same.fill_null(False).alias("_self_stock"))


def undesa_matrix_suite() -> gx.ExpectationSuite:
    """Rules for the IMS 2019 origin x destination matrix (countries only, long)."""
    key = ("year", "origin_iso3", "destination_iso3")
    return common.suite(
        "undesa_matrix",
        [
            *common.required((*key, "origin_m49", "destination_m49")),
            common.unique(key, N_("a stock from one origin in one destination and year")),
            *common.iso3(("origin_iso3", "destination_iso3")),
            common.year_in_range("year", 1950, 2100, N_("the UN DESA origin x destination matrix")),
            _non_negative("value", N_("a number of migrants")),
            common.tag(
                gxe.ExpectColumnValuesToBeInSet(column="_self_stock", value_set=[False]),
                "self_stock",
                "warning",
                N_(
                    "{where}: {column} = {value} migrants are listed with the same origin and "
                    "destination. It is kept; such persons are not international migrants, so "
                    "check the row before using it."
                ),
                "value",
            ),
        ],
    )


# --- UNHCR, IOM MMP -------------------------------------------------------------------------


def unhcr_population_suite() -> gx.ExpectationSuite:
    """Rules for UNHCR refugees and asylum-seekers by origin x asylum x year."""
    key = ("year", "origin_iso3", "asylum_iso3")
    return common.suite(
        "unhcr_population",
        [
            *common.required(("year", "source_format", "source_file")),
            common.unique(
                key,
                N_(
                    "a pair's count for one year (two UNHCR files covering the same year would "
                    "be counted twice: keep one file per year in the folder)"
                ),
            ),
            *common.iso3(("origin_iso3", "asylum_iso3")),
            common.year_in_range("year", 1951, 2100, N_("a UNHCR population download")),
            _non_negative("refugees", N_("a number of refugees")),
            _non_negative("asylum_seekers", N_("a number of asylum-seekers")),
            common.tag(
                gxe.ExpectColumnValuesToNotBeNull(column="asylum_iso3"),
                "asylum_country_missing",
                "warning",
                N_(
                    "{where}: the country of asylum is blank. The row is kept; it counts for "
                    "refugees by origin but for no host country."
                ),
            ),
        ],
    )


def iom_mmp_incidents_suite() -> gx.ExpectationSuite:
    """Rules for IOM Missing Migrants incidents (one row per incident)."""
    counts = ("dead", "missing", "dead_and_missing", "survivors", "females", "males", "children")
    return common.suite(
        "iom_mmp_incidents",
        [
            *common.required(("web_id", "reported_date", "year", "dead_and_missing", "region")),
            _unique_column(
                "web_id",
                N_(
                    "an incident (two MMP exports in the folder would count it twice: keep only "
                    "the latest export)"
                ),
            ),
            common.year_in_range("year", 2000, 2100, N_("an IOM Missing Migrants export")),
            *[_non_negative(c, N_("a number of persons")) for c in counts],
            common.tag(
                gxe.ExpectColumnValuesToBeBetween(column="year", min_value=MMP_FIRST_YEAR),
                "before_mmp_records",
                "warning",
                N_(
                    "{where}: year {value} is before {first}, when MMP recording started. It is "
                    "kept; check the date."
                ),
                args={"first": MMP_FIRST_YEAR},
            ),
            common.tag(
                gxe.ExpectColumnValuesToBeInSet(column="total_mismatch", value_set=[False]),
                "total_differs",
                "warning",
                N_(
                    "{where}: the published total dead and missing ({value}) differs from dead "
                    "+ missing. The published total is used, as IOM publishes it."
                ),
                "dead_and_missing",
            ),
        ],
    )


# --- KNOMAD, World Bank bilateral -------------------------------------------------------------


def knomad_remittances_suite() -> gx.ExpectationSuite:
    """Rules for KNOMAD remittance inflows / outflows (US$ million, long)."""
    key = ("direction", "area_name", "year")
    economy = N_("an economy (not an aggregate)")
    return common.suite(
        "knomad_remittances",
        [
            *common.required((*key, "is_aggregate", "value_usd_million")),
            common.unique(
                key,
                N_(
                    "an area's flow in one year (two KNOMAD releases in the folder would be "
                    "mixed: keep only the latest release)"
                ),
            ),
            _in_set("direction", DIRECTIONS, "direction_code"),
            *common.iso3(("iso3",)),
            common.iso3_when("iso3", "is_aggregate", False, economy),
            common.year_in_range("year", 1970, 2100, N_("a KNOMAD remittance workbook")),
            _non_negative("value_usd_million", N_("a remittance flow"), "warning"),
            common.tag(
                gxe.ExpectColumnValuesToNotBeNull(column="vintage"),
                "release_date_missing",
                "warning",
                N_(
                    "{where}: the workbook has no 'Date: <month> <year>' note, so the release is "
                    "unknown. The values are kept; note the download date yourself."
                ),
            ),
        ],
    )


def prepare_wb_bilateral(df: pl.DataFrame) -> pl.DataFrame:
    """Add `_self_flow`: True where a country sends to / hosts migrants from itself."""
    same = (pl.col("origin_iso3") == pl.col("destination_iso3")) & (pl.col("value") > 0)
    return df.with_columns(same.fill_null(False).alias("_self_flow"))


def wb_bilateral_suite() -> gx.ExpectationSuite:
    """Rules for the World Bank bilateral migration / remittance matrices 2017 (long)."""
    key = ("matrix", "origin_name", "destination_name")
    not_residual = N_("a cell between two countries (no 'Other North/South')")
    return common.suite(
        "wb_bilateral",
        [
            *common.required((*key, "unit", "reference_year", "involves_residual")),
            common.unique(key, N_("a matrix cell")),
            *common.iso3(("origin_iso3", "destination_iso3")),
            common.iso3_when("origin_iso3", "involves_residual", False, not_residual),
            common.iso3_when("destination_iso3", "involves_residual", False, not_residual),
            common.year_in_range("reference_year", 1990, 2100, N_("a World Bank bilateral matrix")),
            _non_negative("value", N_("a migrant stock or a remittance flow")),
            common.tag(
                gxe.ExpectColumnValuesToBeInSet(column="_self_flow", value_set=[False]),
                "self_flow",
                "warning",
                N_(
                    "{where}: {column} = {value} is published from {detail} to itself. It is "
                    "kept as published; leave it out of corridor comparisons."
                ),
                "value",
                "origin_name",
            ),
        ],
    )
