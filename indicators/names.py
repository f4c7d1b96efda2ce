"""Readable names for the codes of the published tables: series, statistics, columns (issue 13).

One place for what a code is called on screen and in the Open SDG export (etl/exports/opensdg.py
writes SERIES_NAMES into its `Series` column and etl/exports/read.py inverts them). Codes stay
in downloaded data and in tooltips; pages show these names.
"""

from __future__ import annotations

from core.contract import TOTAL
from indicators.compute.displacement import REGION_CODES, ROUTE_CODES
from indicators.registry import SPECS

SERIES_NAMES: dict[str, str] = {
    "SI_RMT_COST": "Remittance costs as a proportion of the amount remitted",
    "SI_RMT_COST_IB_ZS": "Average cost of sending USD 200 to the country (WDI)",
    "SI_RMT_COST_OB_ZS": "Average cost of sending USD 200 from the country (WDI)",
    "RPW_ATCR_CORR": "Average total cost in the corridor (RPW published)",
    "SG_CPA_MIGR": "Migration policies by policy domain",
    "SG_CPA_MIGRP": "Proportion of countries with migration policies, by policy domain",
    "SG_CPA_MIGRS": "Migration policy score (1-4), by policy domain",
    "SM_DTH_MIGR": "Number of people who died or disappeared in the process of migration",
    "SM_DTH_MIGR_SQ": "Share of dead and missing migrants by source quality",
    "SM_POP_REFG_OR": "Refugees per 100,000 population, by country of origin",
    "SM_POP_REFG_OR_N": "Refugees by country of origin (UNHCR)",
    "SM_POP_REFG_OR_WB": "Refugees by country of origin (WDI)",
    "SM_POP_REFG": "Refugees by country of asylum (UNHCR)",
    "BX_TRF_PWKR_DT_GD_ZS": "Personal remittances received (% of GDP)",
    "BX_TRF_PWKR_CD_DT": "Personal remittances received (current US$)",
    "KNOMAD_REM_IN": "Remittance inflows (KNOMAD)",
    "KNOMAD_REM_OUT": "Remittance outflows (KNOMAD)",
    "WB_REM_BILAT": "Bilateral remittance estimates (World Bank)",
    "SM_POP_TOTL": "International migrant stock",
    "SM_POP_TOTL_ZS": "International migrant stock (% of population)",
    "SM_POP_BILAT": "International migrant stock by origin",
    "SM_EMI_TOTL": "Emigrant stock",
    "SM_EMI_RATE": "Emigration rate (derived)",
    "SAV_REM_BASE": "Savings to remitters versus the baseline cost",
    "SAV_REM_3PCT": "Savings to remitters at a 3% cost",
    "SI_RMT_COST_SDG": "Average cost of sending USD 200 to the country (UN SDG Global Database)",
    "SI_RMT_COST_ALLCORR": "Remittance costs, mean over all corridors (not the published rule)",
}

STATISTIC_NAMES: dict[str, str] = {
    TOTAL: "Total",
    "MEAN": "Average",
    "MEDIAN": "Median",
    "SMART3": "SmaRT average (3 cheapest services)",
    "SHARE_BELOW_5": "Share of corridors below 5 %",
    "SHARE_ABOVE_5": "Share of corridors above 5 %",
    "CORRIDORS_LT3_ELIGIBLE": "Corridors with fewer than 3 eligible services",
}
FREQUENCY_NAMES: dict[str, str] = {"A": "Annual", "Q": "Quarterly", "M": "Monthly"}
# Migration routes and regions of incident (10.7.3): the names the IOM publishes.
PLACE_NAMES: dict[str, str] = {code: name for name, code in (REGION_CODES | ROUTE_CODES).items()}

# Column headers of the tables pages show (the downloaded files keep the column names).
COLUMN_NAMES: dict[str, str] = {
    "indicator_code": "Indicator",
    "series_code": "Series",
    "ref_area": "Area",
    "counterpart_area": "Counterpart area",
    "time_period": "Period",
    "freq": "Frequency",
    "value": "Value",
    "unit_measure": "Unit",
    "obs_status": "Observation status",
    "data_origin": "Origin",
    "source": "Source",
    "retrieved_at": "Retrieved",
    "comment_obs": "Note",
    "provider_type": "Provider type",
    "transfer_amount": "Amount sent",
    "statistic": "Statistic",
    "cc1_total_cost_pct": "Total cost, % of amount sent",
    "cc2_total_cost_pct": "Total cost, % (second amount)",
    "speed_actual": "Speed",
    "payment_instrument": "Payment instrument",
    "pickup_method": "Pick-up method",
    "is_current": "Current",
    "n_rows": "Rows",
    "last_retrieval": "Last retrieval",
    "published_at": "Published",
    "project_value": "Value here",
    "project_series": "Series here",
    "custodian_value": "Custodian value",
    "custodian_source": "Custodian source",
    "abs_diff": "Difference",
    "rel_diff": "Relative difference",
}


def series_name(code: str) -> str:
    """A series' readable name; a headline series' label from its spec; else the code."""
    if code in SERIES_NAMES:
        return SERIES_NAMES[code]
    for spec in SPECS.values():
        for h in spec.meta.headlines:
            if h.series_code == code:
                return h.label
    return code


def value_name(dimension: str, value: str) -> str:
    """A dimension value as the pickers show it ('_T' → 'Total', 'SMART3' → 'SmaRT ...')."""
    if dimension == "freq":
        return FREQUENCY_NAMES.get(value, value)
    if dimension == "statistic" or value == TOTAL:
        return STATISTIC_NAMES.get(value, value)
    return PLACE_NAMES.get(value, value)


def column_name(column: str) -> str:
    """A column header in words ('time_period' → 'Period'); unknown names lose underscores."""
    return COLUMN_NAMES.get(column, column.replace("_", " ").capitalize())
