"""Shared pieces of the SDG 10.c.1 computations from RPW quotes: parameters, costs, finishing.

Every RPW average starts from `quote_costs`: one row per quote x transfer amount with a
measured total cost (% of the amount sent). indicators.md §1.1 is the reference for each rule.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import polars as pl

from core.contract import WORLD, conform

INDICATOR = "10.c.1"
SERIES = "SI_RMT_COST"
# cc1 is the USD 200 quote (the SDG amount), cc2 the USD 500 quote (secondary view).
AMOUNTS: dict[str, str] = {"cc1_total_cost_pct": "USD200", "cc2_total_cost_pct": "USD500"}
QUOTE_FIELDS: tuple[str, ...] = (
    "time_period",
    "source_code",
    "destination_code",
    "destination_region_code",
    "provider_type",
    "funding_instruments",
    "payout_instruments",
    "transparent",
    "speed_max_days",
    "accessible",
)
GROUP: tuple[str, str] = ("time_period", "transfer_amount")
EXCLUSION_PREFIX = "Excludes sending countries"

_OPS: dict[str, Callable[[pl.Expr, float], pl.Expr]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass(frozen=True)
class RemittanceParams:
    """Named, documented choices of the 10.c.1 computation (indicators.md §1.1, §6 item 2).

    Attributes:
        exclude_sending: ISO3 sending countries left out of every aggregate that pools
            services across sending countries (rows with ref_area WLD), as the RPW Methodology
            sheet does for some former-Soviet corridors. Settings.exclude_rpw_sending.
        threshold_pct: the corridor threshold of target 10.c (5 % of the amount sent).
        below_op: comparison for SHARE_BELOW_5 ("<" default: strictly below 5 %).
        above_op: comparison for SHARE_ABOVE_5 (">" default: non-compliant if > 5.0).
        smart_n: number of cheapest eligible services averaged by SmaRT (3).
        smart_max_days: slowest eligible speed for SmaRT, in days (5).
    """

    exclude_sending: tuple[str, ...] = ()
    threshold_pct: float = 5.0
    below_op: Literal["<", "<="] = "<"
    above_op: Literal[">", ">="] = ">"
    smart_n: int = 3
    smart_max_days: float = 5.0


DEFAULT_PARAMS = RemittanceParams()


def compare(expr: pl.Expr, op: str, threshold: float) -> pl.Expr:
    """`expr <op> threshold` for one of <, <=, >, >= (a configurable comparison)."""
    return _OPS[op](expr, threshold)


def quote_costs(quotes: pl.DataFrame) -> pl.DataFrame:
    """Quotes in long form: one row per quote x transfer_amount, only where the cost is known.

    A null (or NaN) cost is a missing value, never a zero, so it is dropped here. A null
    `transparent` or `accessible` counts as False: an unknown disclosure is not a disclosure.
    """
    long = quotes.select(*QUOTE_FIELDS, *AMOUNTS).unpivot(
        index=list(QUOTE_FIELDS),
        on=list(AMOUNTS),
        variable_name="transfer_amount",
        value_name="cost",
    )
    cost = pl.col("cost").cast(pl.Float64)
    return long.filter(cost.is_not_null() & cost.is_not_nan()).with_columns(
        cost,
        pl.col("transfer_amount").replace_strict(AMOUNTS),
        pl.col("transparent").fill_null(False),
        pl.col("accessible").fill_null(False),
    )


def measured(long: pl.DataFrame) -> pl.DataFrame:
    """Transparent quotes only: a non-transparent quote's 0 FX margin is not a measured zero."""
    return long.filter(pl.col("transparent"))


def pooled(long: pl.DataFrame, params: RemittanceParams) -> pl.DataFrame:
    """Rows entering aggregates across sending countries (the excluded senders removed)."""
    if not params.exclude_sending:
        return long
    return long.filter(~pl.col("source_code").is_in(list(params.exclude_sending)))


def exclusion_note(params: RemittanceParams) -> str | None:
    """comment_obs text recording the sending-country exclusion, None when nothing excluded."""
    if not params.exclude_sending:
        return None
    codes = ", ".join(sorted(params.exclude_sending))
    return f"{EXCLUSION_PREFIX} {codes} (setting M_E_GA_EXCLUDE_SENDING)"


def mean_cost(long: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Simple (pooled) mean cost and number of quotes per quarter, amount and `by` groups."""
    keys = [*GROUP, *by]
    return (
        long.drop_nulls(by)
        .group_by(keys)
        .agg(value=pl.col("cost").mean(), sample_size=pl.len())
        .sort(keys)
    )


def finish(
    df: pl.DataFrame,
    *,
    statistic: str = "MEAN",
    unit: str = "PT",
    comment: str | None = None,
) -> pl.DataFrame:
    """Give computed rows (time_period, transfer_amount, ref/counterpart, value, ...) the contract.

    Rows without ref_area/counterpart_area are global (WLD -> WLD). An already-present
    comment_obs column wins over `comment`.
    """
    fill = {
        "indicator_code": pl.lit(INDICATOR),
        "series_code": pl.lit(SERIES),
        "ref_area": pl.lit(WORLD),
        "counterpart_area": pl.lit(WORLD),
        "freq": pl.lit("Q"),
        "statistic": pl.lit(statistic),
        "unit_measure": pl.lit(unit),
        "obs_status": pl.lit("A"),
        "reporting_type": pl.lit("G"),
        "collection_method": pl.lit("MYSTERY_SHOP"),
        "comment_obs": pl.lit(comment, dtype=pl.String),
    }
    out = df.with_columns([e.alias(c) for c, e in fill.items() if c not in df.columns])
    return conform(out)
