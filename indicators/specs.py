"""Declarative registry of indicators: IndicatorSpec entries in SPECS, keyed by indicator code.

Each spec names the datasets it reads and a compute function `(frames, settings) -> contract
frame`; indicators/build.py runs them. Definitions and caveats quote indicators.md §1.1/§1.6.
The migration indicators (10.7.3, 10.7.4, migrant stock, emigration, savings) are in
indicators/specs_migration.py, which adds them to SPECS when this module is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import polars as pl

from etl.config import Settings
from indicators.flows import compute_remittance_flows
from indicators.remittance import compute_rpw_indicators
from indicators.rpw_base import RemittanceParams
from indicators.rpw_fidelity import all_corridor_average
from indicators.sdg_series import sdg_cost_rows
from indicators.wb_series import (
    REMITTANCE_COST,
    REMITTANCE_VOLUME,
    compute_published_corridors,
    compute_wb_series,
)

Level = Literal["process", "outcome", "impact", "context"]
Direction = Literal["negative", "positive", "none"]
ComputeFn = Callable[[Mapping[str, pl.DataFrame], Settings], pl.DataFrame]


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator: identity, unit, direction and target, its inputs and compute function.

    `compute` receives only the input datasets that are available (at least one) and must
    return contract rows for whatever it can compute from them.
    """

    id: str
    slug: str
    name: str
    level: Level
    unit: str
    direction: Direction
    target: float | None
    target_year: int | None
    inputs: tuple[str, ...]
    compute: ComputeFn
    disaggregations: tuple[str, ...]
    definition: str
    caveat: str
    threshold: float | None = None  # secondary threshold, e.g. SmaRT <= 5 % in every corridor
    rag: bool = True  # False: shown with a trend arrow only, never rated red/amber/green


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
    if "sdg_api" in frames:  # runs once indicators/build.py passes the SDG database dataset
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


SPECS: dict[str, IndicatorSpec] = {
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
        inputs=("rpw_quotes", "rpw_corridors", "wdi", "wb_api"),
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
        definition=(
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
        caveat=(
            "USD 200 is a standard amount; the actual mix of transfer sizes differs. Snapshot "
            "pricing depends on the exchange-rate day. Corridor samples change over time "
            "(227 -> 365 corridors in Q2 2016), with a schema break in categorical fields. "
            "Corridors not surveyed are assumed to fall in the same cost range. "
            "Non-transparent services are excluded. Annual values are the mean of the "
            "available quarters (project rule; early years are half-yearly)."
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
        definition=(
            "Personal remittances received (current US$) / GDP (current US$) x 100. Personal "
            "remittances = personal transfers + compensation of employees (BPM6); World Bank "
            "staff estimates fill gaps. Aggregates are GDP-weighted. Supporting series: "
            "KNOMAD / World Bank annual remittance inflows and outflows (US$ million, "
            "KNOMAD_REM_IN / KNOMAD_REM_OUT) and the World Bank bilateral remittance "
            "estimates 2017 (WB_REM_BILAT, sending country -> receiving country)."
        ),
        caveat=(
            "Remittances through informal channels are not recorded. Compensation of "
            "employees also covers non-migrant border, seasonal and embassy workers. A rise "
            "can mean lower GDP rather than higher flows. Treated as an impact/context "
            "indicator with a trend arrow, not a RAG rating: high dependence is not a policy "
            "success in itself. KNOMAD flows are revised with each release; the bilateral "
            "matrix is a one-year model estimate (migrant stocks x incomes), not a measurement."
        ),
    ),
}


# The migration indicators register themselves in SPECS (indicators/specs_migration.py).
import indicators.specs_migration  # noqa: E402
import indicators.specs_process  # noqa: E402, F401
