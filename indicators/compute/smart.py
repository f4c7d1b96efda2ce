"""SmaRT (Smart Remitter Target) for SDG 10.c.1: mean of the 3 cheapest eligible services.

indicators.md §1.1: per corridor, "the simple average [of] the three cheapest services for
sending the equivalent of $200"; services must be transparent, take at most 5 days and be
accessible. Corridors with fewer than 3 eligible services get no SmaRT value; the global
SmaRT average is the simple mean of the corridor values that exist.
"""

from __future__ import annotations

import polars as pl

from core.contract import empty
from indicators.compute.rpw_base import (
    DEFAULT_PARAMS,
    GROUP,
    RemittanceParams,
    exclusion_note,
    finish,
    pooled,
    quote_costs,
)

CORRIDOR = ("source_code", "destination_code")


def eligible(params: RemittanceParams) -> pl.Expr:
    """SmaRT eligibility: transparent AND speed <= max days AND accessible (unknown = no)."""
    fast = (pl.col("speed_max_days") <= params.smart_max_days).fill_null(False)
    return pl.col("transparent") & fast & pl.col("accessible")


def corridor_smart(long: pl.DataFrame, params: RemittanceParams) -> pl.DataFrame:
    """Per quarter, amount and corridor: eligible-service count and SmaRT (null if too few).

    Every corridor with a costed quote is listed (eligible or not), so that the global
    average can say how many corridors lacked enough eligible services.
    """
    n = params.smart_n
    cheapest = pl.col("cost").filter(eligible(params)).sort().head(n)
    return (
        long.drop_nulls(list(CORRIDOR))
        .group_by([*GROUP, *CORRIDOR])
        .agg(n_eligible=pl.col("cost").filter(eligible(params)).len(), cheapest=cheapest)
        .with_columns(
            value=pl.when(pl.col("n_eligible") >= n).then(pl.col("cheapest").list.mean()),
        )
        .drop("cheapest")
    )


def _corridor_rows(per: pl.DataFrame, params: RemittanceParams) -> pl.DataFrame:
    """Corridor SMART3 rows (sending -> receiving); sample_size = services averaged."""
    rows = per.filter(pl.col("value").is_not_null()).select(
        *GROUP,
        pl.col("source_code").alias("ref_area"),
        pl.col("destination_code").alias("counterpart_area"),
        "value",
        sample_size=pl.lit(params.smart_n, dtype=pl.Int64),
    )
    return finish(rows, statistic="SMART3")


def _global_rows(per: pl.DataFrame, params: RemittanceParams) -> pl.DataFrame:
    """Global SMART3 (mean of corridor SmaRT) and CORRIDORS_LT3_ELIGIBLE count, per quarter."""
    per = pooled(per, params)
    summary = per.group_by(GROUP).agg(
        value=pl.col("value").mean(),
        used=pl.col("value").count(),
        total=pl.len(),
    )
    lacking = pl.col("total") - pl.col("used")
    note = exclusion_note(params)
    parts = [
        pl.concat_str(
            lacking.cast(pl.String),
            pl.lit(" of "),
            pl.col("total").cast(pl.String),
            pl.lit(f" corridors lacked {params.smart_n} eligible services"),
        ),
        pl.lit(note, dtype=pl.String),
    ]
    comment = pl.concat_str(parts, separator="; ", ignore_nulls=True)
    smart = summary.filter(pl.col("used") > 0).select(
        *GROUP, "value", sample_size=pl.col("used"), comment_obs=comment
    )
    count = summary.select(
        *GROUP,
        value=lacking.cast(pl.Float64),
        sample_size=pl.col("total"),
        comment_obs=comment,
    )
    return pl.concat(
        [
            finish(smart, statistic="SMART3"),
            finish(count, statistic=f"CORRIDORS_LT{params.smart_n}_ELIGIBLE", unit="NUMBER"),
        ]
    )


def compute_smart(
    quotes: pl.DataFrame, *, params: RemittanceParams = DEFAULT_PARAMS
) -> pl.DataFrame:
    """Corridor and global SmaRT averages (% of amount sent) and the too-few-services count.

    Args:
        quotes: rpw_quotes rows (etl.schemas.RPW_QUOTES).
        params: SmaRT size/speed rule and sending-country exclusion (global rows only).

    Returns:
        Contract rows: statistic SMART3 per corridor (ref = sending, counterpart = receiving)
        and WLD -> WLD, plus CORRIDORS_LT3_ELIGIBLE (unit NUMBER) WLD -> WLD.
    """
    long = quote_costs(quotes)
    if long.is_empty():
        return empty()
    per = corridor_smart(long, params)
    return pl.concat([_corridor_rows(per, params), _global_rows(per, params)])
