"""Great Expectations suites, one per published dataset, and the polars columns they check.

Each expectation carries GX's own `severity` ("critical" = error: blocks publishing; "warning" =
recorded) and a `meta` dict read by etl/validate.py: `rule` (short name), `column` (the data
column reported), `message` (template with {where}, {column}, {value}, {detail}) and optionally
`detail` (a column whose value fills {detail}). Checks that span columns (fee + margin = total,
duplicates apart from the id) are derived in polars first (`prepare`), as `_`-prefixed columns,
so that GX runs only cheap vectorised column checks.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import great_expectations as gx
import great_expectations.expectations as gxe
import polars as pl
from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.row_conditions import Column

from etl.errors import Severity
from etl.schemas import DATASETS
from indicators.contract import KEY

INDICATORS = "indicators"
ROW = "_row"  # row number reported to users, added by etl/validate.py before `prepare`
GAP = 0.05  # indicators.md §1.1: |fee / amount x 100 + margin − total| tolerance, pp
UNIT_MEASURES = ("PT", "NUMBER", "PER_100000_POP", "RATIO_MONTHS", "BINARY", "SCORE_1_4", "USD")
FREQS = ("A", "Q", "B", "I")
OBS_STATUSES = ("A", "P", "E", "M", "F")
ISO3 = r"^[A-Z]{3}$"
_GX_SEVERITY: dict[Severity, str] = {"error": "critical", "warning": "warning"}

# Messages: what is wrong, then what to do (frictionless style). {where} = sheet/row location.
REQUIRED = "{where}: {column} is empty. Every row needs it; fix the source file or report it."
ISO3_MSG = (
    "{where}: {column} {value!r} is not a three-letter ISO code. Correct the code (e.g. 'KEN')."
)


def _tag(
    expectation: Expectation,
    rule: str,
    severity: Severity,
    message: str,
    column: str | None = None,
    detail: str | None = None,
) -> Expectation:
    """Attach severity and the meta etl/validate.py reports; column defaults to the checked one."""
    expectation.severity = _GX_SEVERITY[severity]  # type: ignore[assignment]
    column = column or getattr(expectation, "column", None)
    meta: dict[str, object] = {"rule": rule, "column": column, "message": message}
    if detail is not None:
        meta["detail"] = detail
    expectation.meta = meta
    return expectation


def _required(columns: tuple[str, ...]) -> list[Expectation]:
    """One not-null error per required column."""
    not_null = gxe.ExpectColumnValuesToNotBeNull
    return [_tag(not_null(column=c), "required_value", "error", REQUIRED) for c in columns]


def _iso3(columns: tuple[str, ...]) -> list[Expectation]:
    """One ISO3-format error per country-code column."""
    regex = gxe.ExpectColumnValuesToMatchRegex
    return [
        _tag(regex(column=c, regex=ISO3), "country_code_format", "error", ISO3_MSG) for c in columns
    ]


def _unique(columns: tuple[str, ...], what: str) -> Expectation:
    """Error when the key `columns` repeats (every row of a repeated key is listed)."""
    return _tag(
        gxe.ExpectCompoundColumnsToBeUnique(column_list=list(columns)),
        "duplicate_key",
        "error",
        "{where}: the key {value} appears more than once; " + what + " must be listed once. "
        "Remove the repeated row or report the duplicate to the publisher.",
        ", ".join(columns),
    )


def _suite(name: str, expectations: list[Expectation]) -> gx.ExpectationSuite:
    """An unsaved suite: built without a context, never stored (validate.py runs it)."""
    return gx.ExpectationSuite(name=name, expectations=expectations)


# --- rpw_quotes -------------------------------------------------------------------------------


def _duplicate_of_row(df: pl.DataFrame) -> pl.Series:
    """For later copies of a quote repeated apart from its id: the row of the first copy."""
    same = pl.struct(pl.exclude("quote_id", "sheet_row", "sheet", "^_.*$"))
    # Hashing all rows is cheap; the exact comparison then runs on the few hash-duplicates only.
    idx = df.select(pl.arg_where(same.hash().is_duplicated())).to_series()
    first = df[idx].select(pl.when(~same.is_first_distinct()).then(pl.col(ROW).first().over(same)))
    out = pl.Series("_duplicate_of_row", [None] * df.height, dtype=pl.Int64)
    return out.scatter(idx, first.to_series().cast(pl.Int64)) if len(idx) else out


def prepare_rpw_quotes(df: pl.DataFrame) -> pl.DataFrame:
    """Add the cost gaps, the recomputed costs and `_duplicate_of_row`."""
    recomputed = {
        b: pl.col(f"{b}_lcu_fee") / pl.col(f"{b}_lcu_amount") * 100 + pl.col(f"{b}_fx_margin")
        for b in ("cc1", "cc2")
    }
    return df.with_columns(
        *[
            (e - pl.col(f"{b}_total_cost_pct")).alias(f"_{b}_cost_gap")
            for b, e in recomputed.items()
        ],
        *[e.round(4).alias(f"_{b}_cost_recomputed") for b, e in recomputed.items()],
        _duplicate_of_row(df),
    )


def _rpw_cost_rules() -> list[Expectation]:
    """Cost range (error), negative cost and fee + margin ≠ total (warnings), per amount tier."""
    out: list[Expectation] = []
    for b, usd in (("cc1", 200), ("cc2", 500)):
        total, margin, gap = f"{b}_total_cost_pct", f"{b}_fx_margin", f"_{b}_cost_gap"
        out += [
            _tag(
                gxe.ExpectColumnValuesToBeBetween(column=c, min_value=-100, max_value=100),
                "value_out_of_range",
                "error",
                "{where}: {column} = {value} is outside -100..100 %, which no price can be. "
                "Check the row in the source workbook (decimal separator, column shift).",
            )
            for c in (total, margin)
        ]
        out += [
            _tag(
                gxe.ExpectColumnValuesToBeBetween(column=total, min_value=0),
                "negative_cost",
                "warning",
                "{where}: {column} = {value} is negative (a promotion). It is kept as published; "
                f"check this quote if a USD {usd} average looks low.",
            ),
            _tag(
                gxe.ExpectColumnValuesToBeBetween(column=gap, min_value=-GAP, max_value=GAP),
                "cost_consistency",
                "warning",
                "{where}: fee / amount x 100 + FX margin = {detail} but {column} = {value} "
                f"(they differ by more than {GAP} pp). The published total is kept; "
                "check the fee, amount and margin of this quote.",
                total,
                f"_{b}_cost_recomputed",
            ),
        ]
    return out


def rpw_quotes_suite() -> gx.ExpectationSuite:
    """Rules for the RPW service-level quotes (docs: rpw_dataset_format.md, indicators.md §1.1)."""
    required = ("period", "time_period", "quote_id", "source_code", "destination_code", "firm")
    transparent = Column("transparent") == True  # noqa: E712 (a GX condition, not a comparison)
    return _suite(
        "rpw_quotes",
        [
            *_required(required),
            _tag(
                gxe.ExpectColumnValuesToMatchRegex(column="period", regex=r"^\d{4}_[1-4]Q$"),
                "period_format",
                "error",
                "{where}: period {value!r} is not of the form 2017_1Q. "
                "Check that this is the unmodified RPW workbook.",
            ),
            _unique(("period", "quote_id"), "a quote id within one period"),
            *_iso3(("source_code", "destination_code")),
            _tag(
                gxe.ExpectColumnValuesToNotBeNull(
                    column="cc1_total_cost_pct", row_condition=transparent
                ),
                "transparent_cost_missing",
                "error",
                "{where}: a transparent service has no cc1 total cost %, so SDG 10.c.1 cannot "
                "use it. Check the row in the source workbook.",
            ),
            *_rpw_cost_rules(),
            _tag(
                gxe.ExpectColumnValuesToBeInSet(column="transparent", value_set=[True]),
                "undisclosed_fx_margin",
                "warning",
                "{where}: the service is not transparent: its FX margin is stored as 0 but was "
                "not disclosed. It is kept and excluded from averages, as the World Bank does.",
            ),
            _tag(
                gxe.ExpectColumnValuesToBeBetween(
                    column="inter_lcu_bank_fx", min_value=0, strict_min=True
                ),
                "interbank_rate_not_positive",
                "warning",
                "{where}: the interbank rate is {value}, so the FX margin cannot be recomputed. "
                "The published total cost is kept; treat its FX margin with care.",
            ),
            _tag(
                gxe.ExpectColumnValuesToBeNull(column="_duplicate_of_row"),
                "duplicate_apart_from_id",
                "warning",
                "{where}: quote {value} repeats row {detail} in every column except the id. "
                "Both are kept as published; report the repeat to the World Bank if it matters.",
                "quote_id",
                "_duplicate_of_row",
            ),
        ],
    )


# --- rpw_corridors, wdi / wb_api, indicators --------------------------------------------------


def rpw_corridors_suite() -> gx.ExpectationSuite:
    """Rules for the RPW (Corridors) DataBank export: one row per corridor x series x quarter."""
    key = ("sending_code", "receiving_code", "series_code", "time_period")
    return _suite(
        "rpw_corridors",
        [
            *_required(key),
            *_iso3(("sending_code", "receiving_code")),
            _tag(
                gxe.ExpectColumnValuesToMatchRegex(column="time_period", regex=r"^\d{4}-Q[1-4]$"),
                "time_period_format",
                "error",
                "{where}: time_period {value!r} is not of the form 2011-Q1. "
                "Check that the DataBank export was not edited.",
            ),
            _unique(key, "a corridor's value for one series and quarter"),
            _tag(
                gxe.ExpectColumnValuesToBeBetween(column="value", min_value=0, max_value=100),
                "value_out_of_range",
                "warning",
                "{where}: the corridor cost {value} % is outside 0..100 %. It is kept as "
                "published; check it against the RPW website before quoting it.",
            ),
        ],
    )


def wb_indicators_suite(dataset: str) -> gx.ExpectationSuite:
    """Rules for World Bank indicator values (WDI bulk files and API v2).

    The same series can arrive in two vintages (two files), so the key includes `source_file`;
    indicators/wb_series.py picks the latest vintage.
    """
    key = ("country_code", "indicator_code", "year", "source_file")
    return _suite(
        dataset,
        [
            *_required(("indicator_code", "country_code", "year")),
            _unique(key, "a country's value for one indicator and year in one file"),
            _tag(
                gxe.ExpectColumnValuesToBeBetween(column="year", min_value=1960, max_value=2100),
                "year_out_of_range",
                "error",
                "{where}: year {value} is outside 1960..2100. "
                "Check that the file is a World Bank indicator download.",
            ),
        ],
    )


def _in_set(column: str, values: tuple[str, ...], rule: str) -> Expectation:
    """Error when `column` holds a code outside the §5 code list."""
    return _tag(
        gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(values)),
        rule,
        "error",
        "{where}: {column} {value!r} is not one of " + ", ".join(values) + ". Use one of these "
        "codes (indicators.md §5).",
    )


def indicators_suite() -> gx.ExpectationSuite:
    """Rules for the long indicator table (indicators.md §5 validation rules)."""
    required: tuple[str, ...] = ("indicator_code", "series_code", "ref_area", "counterpart_area")
    required += ("time_period", "freq", "unit_measure", "obs_status", "source")
    percent = Column("unit_measure") == "PT"
    expected_value = Column("obs_status") != "M"  # M = missing: a blank value is the point
    return _suite(
        INDICATORS,
        [
            *_required(required),
            _unique(KEY, "an observation"),
            _tag(
                gxe.ExpectColumnValuesToMatchRegex(
                    column="time_period", regex=r"^\d{4}(?:-Q[1-4])?$|^\d{4}-\d{4}$"
                ),
                "time_period_format",
                "error",
                "{where}: time_period {value!r} is not YYYY, YYYY-Qn or YYYY-YYYY. "
                "Write the period in one of these forms.",
            ),
            _in_set("freq", FREQS, "freq_code"),
            _in_set("obs_status", OBS_STATUSES, "obs_status_code"),
            _in_set("unit_measure", UNIT_MEASURES, "unit_measure_code"),
            _tag(
                gxe.ExpectColumnValuesToBeBetween(
                    column="value", min_value=0, max_value=100, row_condition=percent
                ),
                "percent_out_of_range",
                "warning",
                "{where}: a percentage (unit PT) of {value} is outside 0..100. It is kept (a "
                "promotion can make a cost negative); check the inputs before publishing it.",
            ),
            _tag(
                gxe.ExpectColumnValuesToNotBeNull(column="value", row_condition=expected_value),
                "value_missing",
                "warning",
                "{where}: the value is blank but obs_status is not M (missing). "
                "Fill in the value, or set obs_status to M.",
            ),
        ],
    )


# --- registry ---------------------------------------------------------------------------------


PREPARE: dict[str, Callable[[pl.DataFrame], pl.DataFrame]] = {
    "rpw_quotes": prepare_rpw_quotes,
}
BUILDERS: dict[str, Callable[[], gx.ExpectationSuite]] = {
    "rpw_quotes": rpw_quotes_suite,
    "rpw_corridors": rpw_corridors_suite,
    "wdi": lambda: wb_indicators_suite("wdi"),
    "wb_api": lambda: wb_indicators_suite("wb_api"),
    INDICATORS: indicators_suite,
}


def datasets() -> tuple[str, ...]:
    """Every dataset that has a suite: etl.schemas.DATASETS plus the indicator table."""
    return (*DATASETS, INDICATORS)


@cache
def suite_for(dataset: str) -> gx.ExpectationSuite:
    """The dataset's suite, built once per process; KeyError names the known datasets."""
    if dataset not in BUILDERS:
        raise KeyError(
            f"No validation suite for dataset {dataset!r}. Known: {', '.join(BUILDERS)}. "
            "Add a suite builder to etl/suites.py."
        )
    return BUILDERS[dataset]()


def prepare(dataset: str, df: pl.DataFrame) -> pl.DataFrame:
    """The frame GX checks: `df` (with its `_row` numbers) plus the dataset's `_` columns."""
    derive = PREPARE.get(dataset)
    return derive(df) if derive is not None else df


# The migration datasets' suites live in etl/suites_migration.py, which reuses the helpers
# above and adds its builders to BUILDERS / PREPARE when imported (so it comes last).
import etl.suites_migration  # noqa: E402, F401
