"""Great Expectations suites, one per published dataset, and the polars columns they check.

Each expectation carries GX's own `severity` ("critical" = error: blocks publishing; "warning" =
recorded) and a `meta` dict read by etl/validation/gx.py: `rule` (short name), `column` (the data
column reported), `message` (template with {where}, {column}, {value}, {detail}) and optionally
`detail` (a column whose value fills {detail}). Checks that span columns (fee + margin = total,
duplicates apart from the id) are derived in polars first (`prepare`), as `_`-prefixed columns,
so that GX runs only cheap vectorised column checks.
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
import polars as pl
from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.row_conditions import Column

from core.contract import KEY
from core.i18n import N_
from core.templates import FREQS, OBS_STATUSES, UNIT_MEASURES
from etl.validation.suites.common import (
    GAP,
    INDICATORS,
    ROW,
    iso3,
    required,
    suite,
    tag,
    unique,
)


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
            tag(
                gxe.ExpectColumnValuesToBeBetween(column=c, min_value=-100, max_value=100),
                "value_out_of_range",
                "error",
                N_(
                    "{where}: {column} = {value} is outside -100..100 %, which no price can be. "
                    "Check the row in the source workbook (decimal separator, column shift)."
                ),
            )
            for c in (total, margin)
        ]
        out += [
            tag(
                gxe.ExpectColumnValuesToBeBetween(column=total, min_value=0),
                "negative_cost",
                "warning",
                N_(
                    "{where}: {column} = {value} is negative (a promotion). It is kept as "
                    "published; check this quote if a USD {usd} average looks low."
                ),
                args={"usd": usd},
            ),
            tag(
                gxe.ExpectColumnValuesToBeBetween(column=gap, min_value=-GAP, max_value=GAP),
                "cost_consistency",
                "warning",
                N_(
                    "{where}: fee / amount x 100 + FX margin = {detail} but {column} = {value} "
                    "(they differ by more than {gap} pp). The published total is kept; check "
                    "the fee, amount and margin of this quote."
                ),
                total,
                f"_{b}_cost_recomputed",
                args={"gap": GAP},
            ),
        ]
    return out


def rpw_quotes_suite() -> gx.ExpectationSuite:
    """Rules for the RPW service-level quotes (docs: rpw_dataset_format.md, indicators.md §1.1)."""
    needed = ("period", "time_period", "quote_id", "source_code", "destination_code", "firm")
    transparent = Column("transparent") == True  # noqa: E712 (a GX condition, not a comparison)
    return suite(
        "rpw_quotes",
        [
            *required(needed),
            tag(
                gxe.ExpectColumnValuesToMatchRegex(column="period", regex=r"^\d{4}_[1-4]Q$"),
                "period_format",
                "error",
                N_(
                    "{where}: period {value!r} is not of the form 2017_1Q. Check that this is "
                    "the unmodified RPW workbook."
                ),
            ),
            unique(("period", "quote_id"), N_("a quote id within one period")),
            *iso3(("source_code", "destination_code")),
            tag(
                gxe.ExpectColumnValuesToNotBeNull(
                    column="cc1_total_cost_pct", row_condition=transparent
                ),
                "transparent_cost_missing",
                "error",
                N_(
                    "{where}: a transparent service has no cc1 total cost %, so SDG 10.c.1 "
                    "cannot use it. Check the row in the source workbook."
                ),
            ),
            *_rpw_cost_rules(),
            tag(
                gxe.ExpectColumnValuesToBeInSet(column="transparent", value_set=[True]),
                "undisclosed_fx_margin",
                "warning",
                N_(
                    "{where}: the service is not transparent: its FX margin is stored as 0 but "
                    "was not disclosed. It is kept and excluded from averages, as the World Bank "
                    "does."
                ),
            ),
            tag(
                gxe.ExpectColumnValuesToBeBetween(
                    column="inter_lcu_bank_fx", min_value=0, strict_min=True
                ),
                "interbank_rate_not_positive",
                "warning",
                N_(
                    "{where}: the interbank rate is {value}, so the FX margin cannot be "
                    "recomputed. The published total cost is kept; treat its FX margin with care."
                ),
            ),
            tag(
                gxe.ExpectColumnValuesToBeNull(column="_duplicate_of_row"),
                "duplicate_apart_from_id",
                "warning",
                N_(
                    "{where}: quote {value} repeats row {detail} in every column except the id. "
                    "Both are kept as published; report the repeat to the World Bank if it "
                    "matters."
                ),
                "quote_id",
                "_duplicate_of_row",
            ),
        ],
    )


# --- rpw_corridors, wdi / wb_api, indicators --------------------------------------------------


def rpw_corridors_suite() -> gx.ExpectationSuite:
    """Rules for the RPW (Corridors) DataBank export: one row per corridor x series x quarter."""
    key = ("sending_code", "receiving_code", "series_code", "time_period")
    return suite(
        "rpw_corridors",
        [
            *required(key),
            *iso3(("sending_code", "receiving_code")),
            tag(
                gxe.ExpectColumnValuesToMatchRegex(column="time_period", regex=r"^\d{4}-Q[1-4]$"),
                "time_period_format",
                "error",
                N_(
                    "{where}: time_period {value!r} is not of the form 2011-Q1. Check that the "
                    "DataBank export was not edited."
                ),
            ),
            unique(key, N_("a corridor's value for one series and quarter")),
            tag(
                gxe.ExpectColumnValuesToBeBetween(column="value", min_value=0, max_value=100),
                "value_out_of_range",
                "warning",
                N_(
                    "{where}: the corridor cost {value} % is outside 0..100 %. It is kept as "
                    "published; check it against the RPW website before quoting it."
                ),
            ),
        ],
    )


def wb_indicators_suite(dataset: str) -> gx.ExpectationSuite:
    """Rules for World Bank indicator values (WDI bulk files and API v2).

    The same series can arrive in two vintages (two files), so the key includes `source_file`;
    indicators/compute/wb_series.py picks the latest vintage.
    """
    key = ("country_code", "indicator_code", "year", "source_file")
    return suite(
        dataset,
        [
            *required(("indicator_code", "country_code", "year")),
            unique(key, N_("a country's value for one indicator and year in one file")),
            tag(
                gxe.ExpectColumnValuesToBeBetween(column="year", min_value=1960, max_value=2100),
                "year_out_of_range",
                "error",
                N_(
                    "{where}: year {value} is outside 1960..2100. Check that the file is a World "
                    "Bank indicator download."
                ),
            ),
        ],
    )


def wdi_suite() -> gx.ExpectationSuite:
    """The World Bank indicator rules for the WDI bulk download."""
    return wb_indicators_suite("wdi")


def wb_api_suite() -> gx.ExpectationSuite:
    """The World Bank indicator rules for the API v2 series."""
    return wb_indicators_suite("wb_api")


def _in_set(column: str, values: tuple[str, ...], rule: str) -> Expectation:
    """Error when `column` holds a code outside the §5 code list."""
    return tag(
        gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(values)),
        rule,
        "error",
        N_(
            "{where}: {column} {value!r} is not one of {codes}. Use one of these codes "
            "(indicators.md §5)."
        ),
        args={"codes": ", ".join(values)},
    )


def indicators_suite() -> gx.ExpectationSuite:
    """Rules for the long indicator table (indicators.md §5 validation rules)."""
    needed: tuple[str, ...] = ("indicator_code", "series_code", "ref_area", "counterpart_area")
    needed += ("time_period", "freq", "unit_measure", "obs_status", "source")
    percent = Column("unit_measure") == "PT"
    expected_value = Column("obs_status") != "M"  # M = missing: a blank value is the point
    return suite(
        INDICATORS,
        [
            *required(needed),
            unique(KEY, N_("an observation")),
            tag(
                gxe.ExpectColumnValuesToMatchRegex(
                    column="time_period", regex=r"^\d{4}(?:-Q[1-4])?$|^\d{4}-\d{4}$"
                ),
                "time_period_format",
                "error",
                N_(
                    "{where}: time_period {value!r} is not YYYY, YYYY-Qn or YYYY-YYYY. Write the "
                    "period in one of these forms."
                ),
            ),
            _in_set("freq", FREQS, "freq_code"),
            _in_set("obs_status", OBS_STATUSES, "obs_status_code"),
            _in_set("unit_measure", UNIT_MEASURES, "unit_measure_code"),
            tag(
                gxe.ExpectColumnValuesToBeBetween(
                    column="value", min_value=0, max_value=100, row_condition=percent
                ),
                "percent_out_of_range",
                "warning",
                N_(
                    "{where}: a percentage (unit PT) of {value} is outside 0..100. It is kept (a "
                    "promotion can make a cost negative); check the inputs before publishing it."
                ),
            ),
            tag(
                gxe.ExpectColumnValuesToNotBeNull(column="value", row_condition=expected_value),
                "value_missing",
                "warning",
                N_(
                    "{where}: the value is blank but obs_status is not M (missing). Fill in the "
                    "value, or set obs_status to M."
                ),
            ),
        ],
    )
