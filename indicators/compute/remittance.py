"""SDG 10.c.1 remittance costs from RPW service quotes: pure polars compute functions.

Each public function takes the `rpw_quotes` dataset (etl.schemas.RPW_QUOTES) and returns rows
in the indicator contract (core/contract.py), per quarter and for both transfer amounts
(USD200 = cc1, the SDG amount; USD500 = cc2). Rules are in indicators.md §1.1:

- every average is a simple mean over transparent service quotes; non-transparent quotes are
  left out (their 0 FX margin is not a measured zero), null costs are missing, not zero;
- the global average pools all quotes of the quarter: it is NOT the mean of corridor means;
- aggregates across sending countries (ref_area WLD) leave out `params.exclude_sending` and
  say so in comment_obs; corridor and sending-country rows never exclude anything.

SmaRT is in indicators/compute/smart.py, shared helpers in indicators/compute/rpw_base.py.
"""

from __future__ import annotations

import polars as pl

from core.contract import KEY, WORLD, empty
from indicators.compute.rpw_base import (
    DEFAULT_PARAMS,
    EXCLUSION_PREFIX,
    GROUP,
    RemittanceParams,
    compare,
    exclusion_note,
    finish,
    mean_cost,
    measured,
    pooled,
    quote_costs,
)
from indicators.compute.smart import compute_smart

# A breakdown of the pooled mean: (quote column, contract column it fills, list column?).
BREAKDOWNS: tuple[tuple[str, str, bool], ...] = (
    ("provider_type", "provider_type", False),
    ("funding_instruments", "funding_instrument", True),
    ("payout_instruments", "payout_instrument", True),
)


def _measured_costs(quotes: pl.DataFrame) -> pl.DataFrame:
    """Transparent quotes with a known cost, in long form."""
    return measured(quote_costs(quotes))


def compute_global_average(
    quotes: pl.DataFrame, *, params: RemittanceParams = DEFAULT_PARAMS
) -> pl.DataFrame:
    """Global average (GA), WLD -> WLD, MEAN: pooled mean over all transparent quotes (%).

    sample_size = number of quotes averaged.
    """
    long = pooled(_measured_costs(quotes), params)
    return finish(mean_cost(long, []), comment=exclusion_note(params))


def _corridor_means(long: pl.DataFrame) -> pl.DataFrame:
    """Corridor averages: ref_area = sending ISO3, counterpart_area = receiving ISO3."""
    return mean_cost(long, ["source_code", "destination_code"]).rename(
        {"source_code": "ref_area", "destination_code": "counterpart_area"}
    )


def compute_corridor_averages(
    quotes: pl.DataFrame, *, params: RemittanceParams = DEFAULT_PARAMS
) -> pl.DataFrame:
    """Corridor averages (%), sending -> receiving, MEAN; sample_size = quotes averaged.

    `params` is accepted for a uniform signature; corridors are never excluded.
    """
    return finish(_corridor_means(_measured_costs(quotes)))


def compute_corridor_provider_averages(
    quotes: pl.DataFrame, *, params: RemittanceParams = DEFAULT_PARAMS
) -> pl.DataFrame:
    """Corridor averages (%) by firm type (provider_type), for the corridor explorer.

    Quotes without a provider type are left out; `params` is accepted for a uniform signature.
    """
    long = _measured_costs(quotes).filter(pl.col("provider_type").is_not_null())
    means = mean_cost(long, ["source_code", "destination_code", "provider_type"])
    return finish(means.rename({"source_code": "ref_area", "destination_code": "counterpart_area"}))


def _by_area(long: pl.DataFrame, params: RemittanceParams) -> pl.DataFrame:
    """Means by sending country (o -> WLD), receiving country (WLD -> d) and receiving region."""
    note = exclusion_note(params)
    sending = mean_cost(long, ["source_code"]).rename({"source_code": "ref_area"})
    inbound = pooled(long, params)
    receiving = mean_cost(inbound, ["destination_code"])
    region = mean_cost(inbound, ["destination_region_code"])
    return pl.concat(
        [
            finish(sending.with_columns(counterpart_area=pl.lit(WORLD))),
            finish(receiving.rename({"destination_code": "counterpart_area"}), comment=note),
            finish(region.rename({"destination_region_code": "counterpart_area"}), comment=note),
        ]
    )


def _by_dimension(long: pl.DataFrame, column: str, dimension: str, is_list: bool) -> pl.DataFrame:
    """Pooled mean per category of one quote attribute (a list attribute is exploded)."""
    if is_list:
        # A quote funded by cash OR card counts once under each instrument it offers.
        long = long.with_columns(pl.col(column).list.unique()).explode(column)
    return mean_cost(long, [column]).rename({column: dimension})


def compute_breakdown_averages(
    quotes: pl.DataFrame, *, params: RemittanceParams = DEFAULT_PARAMS
) -> pl.DataFrame:
    """Pooled mean cost (%) by sending country, receiving country, receiving region, provider
    type, funding instrument and payout instrument; sample_size = quotes averaged.

    Quotes whose breakdown attribute is null (or an empty instrument list) are left out of
    that breakdown only.
    """
    long = _measured_costs(quotes)
    note = exclusion_note(params)
    world = pooled(long, params)
    parts = [_by_area(long, params)] + [
        finish(_by_dimension(world, column, dim, is_list), comment=note)
        for column, dim, is_list in BREAKDOWNS
    ]
    return pl.concat(parts)


def compute_corridor_shares(
    quotes: pl.DataFrame, *, params: RemittanceParams = DEFAULT_PARAMS
) -> pl.DataFrame:
    """Share (%) of corridors whose average is below / above the 5 % threshold, WLD -> WLD.

    SHARE_BELOW_5 uses `params.below_op` (default <), SHARE_ABOVE_5 `params.above_op`
    (default >), so a corridor exactly at 5 % is in neither. sample_size = corridors.
    """
    corridors = _corridor_means(pooled(_measured_costs(quotes), params))
    t = params.threshold_pct
    shares = corridors.group_by(GROUP).agg(
        SHARE_BELOW_5=compare(pl.col("value"), params.below_op, t).mean() * 100,
        SHARE_ABOVE_5=compare(pl.col("value"), params.above_op, t).mean() * 100,
        sample_size=pl.len(),
    )
    long = shares.unpivot(
        index=[*GROUP, "sample_size"],
        on=["SHARE_BELOW_5", "SHARE_ABOVE_5"],
        variable_name="statistic",
        value_name="value",
    )
    return finish(long, comment=exclusion_note(params))


def annualise(quarterly: pl.DataFrame) -> pl.DataFrame:
    """Annual rows (freq A, time_period YYYY): mean of the year's available quarterly values.

    indicators.md §1.1 [PROJECT]: the annual value is the mean of the quarters that exist;
    time_detail lists them ("mean of Q1, Q3" in the half-yearly early years). sample_size
    is summed over those quarters; an exclusion note in comment_obs is carried over.
    """
    q = quarterly.filter((pl.col("freq") == "Q") & pl.col("value").is_not_null())
    keys = [c for c in KEY if c != "time_period"]
    derived = {*KEY, "value", "sample_size", "time_detail", "freq", "obs_status", "comment_obs"}
    carried = [c for c in q.columns if c not in derived]
    quarters = pl.col("time_period").str.slice(5).unique().sort().str.join(", ")
    excluded = pl.col("comment_obs").str.extract(f"({EXCLUSION_PREFIX}[^;]*)").drop_nulls()
    annual = (
        q.with_columns(year=pl.col("time_period").str.slice(0, 4))
        .group_by([*keys, "year"])
        .agg(
            *[pl.col(c).first() for c in carried],
            value=pl.col("value").mean(),
            sample_size=pl.col("sample_size").sum(),
            time_detail=pl.concat_str(pl.lit("mean of "), quarters),
            excluded=excluded.first(),
        )
    )
    comment = pl.concat_str(
        [pl.col("excluded"), pl.lit("sample_size summed over the quarters used")],
        separator="; ",
        ignore_nulls=True,
    )
    return finish(
        annual.rename({"year": "time_period"}).with_columns(
            freq=pl.lit("A"), obs_status=pl.lit("A"), comment_obs=comment
        )
    )


def compute_rpw_indicators(
    quotes: pl.DataFrame, *, params: RemittanceParams = DEFAULT_PARAMS
) -> pl.DataFrame:
    """Every SI_RMT_COST series of 10.c.1 from RPW quotes: quarterly rows plus annual means."""
    if quotes.is_empty():
        return empty()
    quarterly = pl.concat(
        [
            compute_global_average(quotes, params=params),
            compute_corridor_averages(quotes, params=params),
            compute_corridor_provider_averages(quotes, params=params),
            compute_smart(quotes, params=params),
            compute_breakdown_averages(quotes, params=params),
            compute_corridor_shares(quotes, params=params),
        ]
    )
    return pl.concat([quarterly, annualise(quarterly)])
