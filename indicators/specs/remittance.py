"""IndicatorSpec entries of the remittance indicators: 10.c.1 and 17.3.2 (indicators.md §1.1, §1.6).

Each spec names the datasets it reads and a compute function `(frames, settings) -> contract
frame`; indicators/build.py runs them. indicators/registry.py composes these entries with the
migration and process families.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from core.config import Settings
from core.i18n import N_
from indicators.compute.flows import compute_remittance_flows
from indicators.compute.remittance import compute_rpw_indicators
from indicators.compute.rpw_base import RemittanceParams
from indicators.compute.rpw_fidelity import all_corridor_average
from indicators.compute.sdg_series import sdg_cost_rows
from indicators.compute.wb_series import (
    REMITTANCE_COST,
    REMITTANCE_VOLUME,
    compute_published_corridors,
    compute_wb_series,
)
from indicators.specs.base import Assessment, Headline, IndicatorSpec, RegistryMeta

RPW_BREAK = (
    "2016-Q2",
    N_("RPW methodology change: 227 → 365 corridors, new categorical fields"),
)


def remittance_params(settings: Settings) -> RemittanceParams:
    """The 10.c.1 computation parameters taken from the runtime settings."""
    return RemittanceParams(exclude_sending=settings.exclude_rpw_sending)


def compute_10c1(frames: Mapping[str, pl.DataFrame], settings: Settings) -> pl.DataFrame:
    """10.c.1 from RPW quotes, the published RPW corridor averages and WB IB/OB series."""
    parts = [compute_wb_series(frames, codes=REMITTANCE_COST)]
    if "rpw_quotes" in frames:
        quotes = frames["rpw_quotes"]
        params = remittance_params(settings)
        rpw = compute_rpw_indicators(quotes, params=params)
        parts.append(rpw.with_columns(source=pl.lit("rpw_quotes")))
        every = all_corridor_average(quotes, params)  # second, labelled series
        if not every.is_empty():
            parts.append(every.with_columns(source=pl.lit("rpw_quotes")))
    if "rpw_corridors" in frames:
        parts.append(compute_published_corridors(frames["rpw_corridors"]))
    if "sdg_api" in frames:  # the UN SDG database copy: second in the headline order
        parts.append(sdg_cost_rows(frames["sdg_api"]))
    return pl.concat(parts)


def compute_17_3_2(frames: Mapping[str, pl.DataFrame], settings: Settings) -> pl.DataFrame:
    """17.3.2: WB remittances received (USD, % of GDP), KNOMAD flows and bilateral flows."""
    return pl.concat(
        [
            compute_wb_series(frames, codes=REMITTANCE_VOLUME),
            compute_remittance_flows(frames, settings),
        ]
    )


REMITTANCE_SPECS: dict[str, IndicatorSpec] = {
    "10.c.1": IndicatorSpec(
        id="10.c.1",
        slug="10-c-1",
        name="Remittance costs as a proportion of the amount remitted",
        level="outcome",
        unit="PT",
        direction="negative",
        target=3.0,
        target_year=2030,
        threshold=5.0,
        inputs=("rpw_quotes", "rpw_corridors", "wdi", "wb_api", "sdg_api"),
        compute=compute_10c1,
        disaggregations=(
            "ref_area",
            "counterpart_area",
            "provider_type",
            "funding_instrument",
            "payout_instrument",
            "transfer_amount",
            "statistic",
        ),
        definition=N_(
            "Target 10.c: 'By 2030, reduce to less than 3 per cent the transaction costs of "
            "migrant remittances and eliminate remittance corridors with costs higher than 5 "
            "per cent'. Price: 'The total cost to the end users of sending a remittance "
            "transfer (including the fees charged to the sender and the margin by which the "
            "exchange rate charged to the end users is above the current interbank exchange "
            "rate)', for USD 200. Global average: 'the simple average of the total cost for "
            "all services included in the RPW database' (pooled over services, not a mean of "
            "corridor means). SmaRT: 'the simple average [of] the three cheapest services for "
            "sending the equivalent of $200 in each corridor', services being transparent, "
            "taking at most 5 days and accessible; the target is a SmaRT average of 5 percent "
            "or lower in every corridor."
        ),
        caveat=N_(
            "USD 200 is a standard amount; the actual mix of transfer sizes differs. Snapshot "
            "pricing depends on the exchange-rate day. Corridor samples change over time "
            "(227 -> 365 corridors in Q2 2016), with a schema break in categorical fields. "
            "Corridors not surveyed are assumed to fall in the same cost range. "
            "Non-transparent services are excluded. Annual values are the mean of the "
            "available quarters (project rule; early years are half-yearly)."
        ),
        meta=RegistryMeta(
            sdg_target="10.c",
            gcm_objectives=(20,),
            baseline_year=2015,
            rag_rule="10.c.1",
            methods=("target", "direction"),
            themes=("remittances",),
            computation=N_(
                "Country headline: average total cost of sending USD 200 to the country "
                "(inbound), by order of preference: this platform's RPW average over every "
                "service quoted into the country (official workbook), else the UN SDG Global "
                "Database (SI_RMT_COST), else World Bank WDI (SI.RMT.COST.IB.ZS); each card "
                "says why its series was used; national settings may choose another. Annual "
                "value = mean of the year's quarters. Global: simple average of all RPW "
                "services (GA), SmaRT average and the share of corridors above 5 %."
            ),
            source=N_(
                "World Bank, Remittance Prices Worldwide (quarterly service quotes and published "
                "corridor averages); World Development Indicators SI.RMT.COST.IB.ZS / .OB.ZS."
            ),
            headlines=(
                Headline(
                    "SI_RMT_COST",
                    N_("Average cost of sending USD 200 to the country (RPW, this platform)"),
                    area="inbound",
                    dims=(("statistic", "MEAN"), ("transfer_amount", "USD200")),
                    reason=N_(
                        "first: computed on this platform from the World Bank's RPW "
                        "service-level workbook (the SDG 10.c.1 formula, quarterly, every "
                        "service quoted into the country)"
                    ),
                ),
                Headline(
                    "SI_RMT_COST_SDG",
                    N_("Average cost of sending USD 200 to the country (UN SDG Global Database)"),
                    area="inbound",
                    dims=(("statistic", "MEAN"), ("transfer_amount", "USD200")),
                    reason=N_(
                        "second: the country's value in the UN SDG Global Database "
                        "(SI_RMT_COST), the custodian's published SDG figure, used when the RPW "
                        "workbook is not loaded"
                    ),
                ),
                Headline(
                    "SI_RMT_COST_IB_ZS",
                    N_("Average cost of sending USD 200 to the country (World Bank WDI)"),
                    area="inbound",
                    free=("statistic", "transfer_amount"),
                    reason=N_(
                        "third: World Bank WDI SI.RMT.COST.IB.ZS, the same RPW average as "
                        "published annually in WDI (a later vintage may lag the RPW workbook)"
                    ),
                ),
            ),
            breaks=(RPW_BREAK,),
            assessment=Assessment(
                True,
                N_(
                    "lower is better: SDG target 10.c 'reduce to less than 3 per cent the "
                    "transaction costs of migrant remittances' (World Bank, custodian metadata "
                    "10-c-1)"
                ),
            ),
        ),
    ),
    "17.3.2": IndicatorSpec(
        id="17.3.2",
        slug="17-3-2",
        name="Volume of remittances (in United States dollars) as a proportion of total GDP",
        level="impact",
        unit="PT",
        # No custodian defines a desired direction (indicators/registry_rules.py ASSESSMENT).
        direction="none",
        target=None,
        target_year=None,
        rag=False,
        inputs=("wdi", "wb_api", "knomad_remittances", "wb_bilateral"),
        compute=compute_17_3_2,
        disaggregations=("ref_area", "counterpart_area"),
        definition=N_(
            "Personal remittances received (current US$) / GDP (current US$) x 100. Personal "
            "remittances = personal transfers + compensation of employees (BPM6); World Bank "
            "staff estimates fill gaps. Aggregates are GDP-weighted. Supporting series: "
            "KNOMAD / World Bank annual remittance inflows and outflows (US$ million, "
            "KNOMAD_REM_IN / KNOMAD_REM_OUT) and the World Bank bilateral remittance "
            "estimates 2017 (WB_REM_BILAT, sending country -> receiving country)."
        ),
        caveat=N_(
            "Remittances through informal channels are not recorded. Compensation of "
            "employees also covers non-migrant border, seasonal and embassy workers. A rise "
            "can mean lower GDP rather than higher flows. Treated as an impact/context "
            "indicator with a trend arrow, not a RAG rating: high dependence is not a policy "
            "success in itself. KNOMAD flows are revised with each release; the bilateral "
            "matrix is a one-year model estimate (migrant stocks x incomes), not a measurement."
        ),
        meta=RegistryMeta(
            sdg_target="17.3",
            gcm_objectives=(19, 20),
            baseline_year=2015,
            rag_rule="17.3.2",
            methods=("none",),
            themes=("remittances", "diaspora"),
            computation=N_(
                "Personal remittances received as % of GDP, as published by the World Bank "
                "(BX.TRF.PWKR.DT.GD.ZS); no recomputation. Shown with a trend arrow only."
            ),
            source=N_(
                "World Bank World Development Indicators (IMF Balance of Payments, World Bank "
                "staff estimates); KNOMAD remittance inflows/outflows; World Bank bilateral "
                "estimates 2017."
            ),
            headlines=(
                Headline(
                    "BX_TRF_PWKR_DT_GD_ZS",
                    N_("Personal remittances received, % of GDP"),
                    reason=N_("the World Bank's published series; no other exists"),
                ),
            ),
            assessment=Assessment(
                False,
                N_(
                    "context: no custodian defines a desired direction for remittances as % of GDP "
                    "(World Bank / IMF metadata 17-3-2); a rise can mean lower GDP and high "
                    "dependence is not a policy success, so it is shown with its trend but not "
                    "assessed"
                ),
            ),
        ),
    ),
}
