"""Remittance flows (17.3.2 supporting series) and the indicative savings to remitters (§3.3).

Pure polars functions returning contract rows (core/contract.py). The WDI/API 17.3.2
series (BX_TRF_PWKR_CD_DT, BX_TRF_PWKR_DT_GD_ZS) are emitted by indicators/compute/wb_series.py and
are not repeated here.

- KNOMAD_REM_IN / KNOMAD_REM_OUT: KNOMAD / World Bank annual remittance inflows and outflows,
  US$ million as published (unit USD, unit_mult 6). Aggregates: "World" -> WLD,
  "Low-and Middle-Income Countries" -> LMY (World Bank codes); other aggregates are left out.
- WB_REM_BILAT: World Bank bilateral remittance estimates 2017, ref_area = sending country,
  counterpart_area = receiving country (§5 corridor convention), US$ million. Cells with a
  residual group ("Other North/South") or no value are left out.
- SAV_REM_BASE / SAV_REM_3PCT [PROJECT, indicative]: with TC_t the annual cost of sending
  USD 200 TO the country (10.c.1, WLD -> country, USD200, MEAN, freq A) and F_t the personal
  remittances received (BX.TRF.PWKR.CD.DT, current US$):
      S_t      = (TC_base - TC_t) / 100 x F_t      for t >= base year
      S3_t     = (TC_t - 3) / 100 x F_t            (negative when TC_t is already below 3 %)
  The base year is 2015, or the first year after it with a cost (indicators.md §3). Each
  country's TC comes from ONE source for every year, so a change of source is never read as
  a saving: costs computed from RPW quotes when the country has any, else the WDI/API
  SI.RMT.COST.IB.ZS series.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from core.config import Settings
from core.contract import TOTAL, WORLD, conform, empty
from indicators.compute.remittance import annualise, compute_breakdown_averages
from indicators.compute.rpw_base import SERIES as RPW_SERIES
from indicators.compute.rpw_base import RemittanceParams
from indicators.compute.wb_series import REMITTANCE_COST, REMITTANCE_VOLUME, compute_wb_series

FLOWS_INDICATOR = "17.3.2"
SAVINGS_INDICATOR = "SAV.REM"
BASE_YEAR = 2015
TARGET_COST_PCT = 3.0
SAVINGS_CAVEAT = "indicative: RPW prices a USD 200 transfer; flows are of every size"
KNOMAD_AGGREGATES: dict[str, str] = {
    "World": WORLD,
    "Low-and Middle-Income Countries": "LMY",
}
KNOMAD_SERIES: dict[str, str] = {"inflow": "KNOMAD_REM_IN", "outflow": "KNOMAD_REM_OUT"}
FLOW_CODE = "BX.TRF.PWKR.CD.DT"
COST_CODE = "SI.RMT.COST.IB.ZS"


def knomad_rows(knomad: pl.DataFrame) -> pl.DataFrame:
    """KNOMAD_REM_IN / KNOMAD_REM_OUT contract rows (US$ million, unit_mult 6)."""
    area = (
        pl.when(pl.col("is_aggregate"))
        .then(pl.col("area_name").replace_strict(KNOMAD_AGGREGATES, default=None))
        .otherwise(pl.col("iso3"))
    )
    rows = knomad.with_columns(area=area).filter(
        pl.col("area").is_not_null()
        & pl.col("value_usd_million").is_not_null()
        & pl.col("direction").is_in(list(KNOMAD_SERIES))
    )
    out = rows.select(
        indicator_code=pl.lit(FLOWS_INDICATOR),
        series_code=pl.col("direction").replace_strict(KNOMAD_SERIES),
        ref_area=pl.col("area"),
        time_period=pl.col("year").cast(pl.String),
        freq=pl.lit("A"),
        value=pl.col("value_usd_million"),
        unit_measure=pl.lit("USD"),
        unit_mult=pl.lit(6),
        reporting_type=pl.lit("G"),
        collection_method=pl.lit("COMPILED"),
        source=pl.lit("knomad_remittances"),
        comment_obs=pl.concat_str(
            pl.lit("KNOMAD/World Bank, current US$ million, release "),
            pl.col("vintage").fill_null("unknown"),
        ),
    )
    return conform(out)


def bilateral_remittance_rows(bilateral: pl.DataFrame) -> pl.DataFrame:
    """WB_REM_BILAT: sending (ref_area) -> receiving (counterpart_area), US$ million, 2017."""
    rows = bilateral.filter(
        pl.col("matrix").str.starts_with("remittances")
        & ~pl.col("involves_residual").fill_null(False)
        & pl.col("origin_iso3").is_not_null()
        & pl.col("destination_iso3").is_not_null()
        & pl.col("value").is_not_null()
    )
    out = rows.select(
        indicator_code=pl.lit(FLOWS_INDICATOR),
        series_code=pl.lit("WB_REM_BILAT"),
        ref_area=pl.col("origin_iso3"),
        counterpart_area=pl.col("destination_iso3"),
        time_period=pl.col("reference_year").cast(pl.String),
        freq=pl.lit("A"),
        value=pl.col("value"),
        unit_measure=pl.lit("USD"),
        unit_mult=pl.lit(6),
        nature=pl.lit("E"),  # World Bank staff estimates (migrant stocks x incomes)
        reporting_type=pl.lit("G"),
        collection_method=pl.lit("COMPILED"),
        source=pl.lit("wb_bilateral"),
        comment_obs=pl.lit("World Bank bilateral remittance estimates 2017, US$ million"),
    )
    return conform(out)


def compute_remittance_flows(
    frames: Mapping[str, pl.DataFrame], settings: Settings
) -> pl.DataFrame:
    """KNOMAD inflows/outflows (knomad_remittances) and bilateral flows 2017 (wb_bilateral)."""
    parts = []
    if "knomad_remittances" in frames:
        parts.append(knomad_rows(frames["knomad_remittances"]))
    if "wb_bilateral" in frames:
        parts.append(bilateral_remittance_rows(frames["wb_bilateral"]))
    return pl.concat(parts) if parts else empty()


# --- savings ----------------------------------------------------------------------------


def _inbound(rows: pl.DataFrame) -> pl.DataFrame:
    """country, year, tc (%), tc_source from annual WLD -> country USD200 MEAN cost rows."""
    totals = [pl.col(c) == TOTAL for c in ("provider_type", "funding_instrument")]
    return rows.filter(
        (pl.col("freq") == "A")
        & (pl.col("ref_area") == WORLD)
        & (pl.col("counterpart_area") != WORLD)
        & (pl.col("transfer_amount") == "USD200")
        & (pl.col("statistic") == "MEAN")
        & pl.all_horizontal(*totals, pl.col("payout_instrument") == TOTAL)
        & pl.col("value").is_not_null()
    ).select(
        country="counterpart_area",
        year=pl.col("time_period").str.slice(0, 4).cast(pl.Int32),
        tc="value",
        tc_source="series_code",
    )


def one_cost_source(costs: pl.DataFrame) -> pl.DataFrame:
    """Inbound costs with one source per country: SI_RMT_COST (RPW) first, else the others."""
    inbound = _inbound(costs)
    rank = pl.when(pl.col("tc_source") == RPW_SERIES).then(0).otherwise(1)
    chosen = (
        inbound.with_columns(rank=rank)
        .group_by("country")
        .agg(pick=pl.col("rank").min())
        .join(inbound.with_columns(rank=rank), on="country")
        .filter(pl.col("rank") == pl.col("pick"))
    )
    return chosen.unique(["country", "year"], keep="first").drop("rank", "pick")


def savings(
    costs: pl.DataFrame,
    flows: pl.DataFrame,
    *,
    base_year: int = BASE_YEAR,
    target_pct: float = TARGET_COST_PCT,
) -> pl.DataFrame:
    """SAV_REM_BASE and SAV_REM_3PCT (USD) per receiving country and year.

    Args:
        costs: contract rows of the annual inbound cost (10.c.1 SI_RMT_COST or
            SI_RMT_COST_IB_ZS: ref_area WLD, counterpart_area = country, USD200, MEAN, freq A).
        flows: contract rows of BX_TRF_PWKR_CD_DT (ref_area = country, current US$).
        base_year: baseline year; the first year >= it with a cost is the country's base.
        target_pct: the 10.c cost target (3 %) for the hypothetical savings.

    Returns:
        Contract rows (unit USD) for the years with both a cost and a flow.
    """
    tc = one_cost_source(costs)
    flow = flows.filter(
        (pl.col("series_code") == "BX_TRF_PWKR_CD_DT") & pl.col("value").is_not_null()
    ).select(
        country="ref_area",
        year=pl.col("time_period").cast(pl.Int32),
        flow="value",
        flow_source=pl.col("source").fill_null("wdi"),
    )
    base = (
        tc.filter(pl.col("year") >= base_year)
        .sort("year")
        .group_by("country")
        .agg(base_year=pl.col("year").first(), tc_base=pl.col("tc").first())
    )
    both = tc.join(flow, on=["country", "year"]).join(base, on="country", how="left")
    since_base = both.filter(pl.col("year") >= pl.col("base_year")).select(
        "country",
        "year",
        "flow_source",
        series=pl.lit("SAV_REM_BASE"),
        value=(pl.col("tc_base") - pl.col("tc")) / 100 * pl.col("flow"),
        comment=pl.concat_str(
            pl.lit(f"{SAVINGS_CAVEAT}; S_t = (TC_base - TC_t)/100 x BX.TRF.PWKR.CD.DT_t, base "),
            pl.col("base_year").cast(pl.String),
            pl.lit(" (TC "),
            pl.col("tc_base").round(2).cast(pl.String),
            pl.lit(" %); TC from "),
            pl.col("tc_source"),
        ),
    )
    to_target = both.select(
        "country",
        "year",
        "flow_source",
        series=pl.lit("SAV_REM_3PCT"),
        value=(pl.col("tc") - target_pct) / 100 * pl.col("flow"),
        comment=pl.concat_str(
            pl.lit(f"{SAVINGS_CAVEAT}; (TC_t - {target_pct:g})/100 x BX.TRF.PWKR.CD.DT_t; TC "),
            pl.col("tc").round(2).cast(pl.String),
            pl.lit(" % from "),
            pl.col("tc_source"),
        ),
    )
    out = pl.concat([since_base, to_target]).select(
        indicator_code=pl.lit(SAVINGS_INDICATOR),
        series_code="series",
        ref_area="country",
        time_period=pl.col("year").cast(pl.String),
        freq=pl.lit("A"),
        value="value",
        unit_measure=pl.lit("USD"),
        nature=pl.lit("E"),
        reporting_type=pl.lit("G"),
        collection_method=pl.lit("COMPILED"),
        source="flow_source",
        comment_obs="comment",
    )
    return conform(out)


def _economies(frames: Mapping[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The wdi / wb_api frames without aggregates (savings are per receiving country)."""
    return {
        name: df.filter(~pl.col("is_aggregate").fill_null(False))
        for name, df in frames.items()
        if name in ("wdi", "wb_api")
    }


def inbound_costs(frames: Mapping[str, pl.DataFrame], settings: Settings) -> pl.DataFrame:
    """Annual cost of sending USD 200 to each country: RPW quotes (10.c.1) and WDI IB rows."""
    parts = [compute_wb_series(_economies(frames), codes={COST_CODE: REMITTANCE_COST[COST_CODE]})]
    quotes = frames.get("rpw_quotes")
    if quotes is not None and not quotes.is_empty():
        params = RemittanceParams(exclude_sending=settings.exclude_rpw_sending)
        annual = annualise(compute_breakdown_averages(quotes, params=params))
        parts.append(annual.filter(pl.col("series_code") == RPW_SERIES))
    return pl.concat(parts)


def compute_savings(frames: Mapping[str, pl.DataFrame], settings: Settings) -> pl.DataFrame:
    """SAV.REM: indicative savings to remitters from rpw_quotes / wdi / wb_api."""
    flows = compute_wb_series(_economies(frames), codes={FLOW_CODE: REMITTANCE_VOLUME[FLOW_CODE]})
    if flows.is_empty():
        return empty()
    return savings(inbound_costs(frames, settings), flows)
