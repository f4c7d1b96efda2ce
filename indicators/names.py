"""Readable names for the codes of the published tables: series, statistics, columns (issue 13).

One place for what a code is called on screen and in the Open SDG export (etl/exports/opensdg.py
writes SERIES_NAMES into its `Series` column and etl/exports/read.py inverts them). Codes stay
in downloaded data and in tooltips; pages show these names, in the language in use (the dicts
hold the English names, marked for the catalogs; `series_name`, `value_name` and `column_name`
translate them when called). The Open SDG export and import read the English dicts directly.
"""

from __future__ import annotations

from core.contract import TOTAL
from core.i18n import N_, translator
from indicators.compute.displacement import REGION_CODES, ROUTE_CODES
from indicators.registry import SPECS

SERIES_NAMES: dict[str, str] = {
    "SI_RMT_COST": N_("Remittance costs as a proportion of the amount remitted"),
    "SI_RMT_COST_IB_ZS": N_("Average cost of sending USD 200 to the country (WDI)"),
    "SI_RMT_COST_OB_ZS": N_("Average cost of sending USD 200 from the country (WDI)"),
    "RPW_ATCR_CORR": N_("Average total cost in the corridor (RPW published)"),
    "SG_CPA_MIGR": N_("Migration policies by policy domain"),
    "SG_CPA_MIGRP": N_("Proportion of countries with migration policies, by policy domain"),
    "SG_CPA_MIGRS": N_("Migration policy score (1-4), by policy domain"),
    "SM_DTH_MIGR": N_("Number of people who died or disappeared in the process of migration"),
    "SM_DTH_MIGR_SQ": N_("Share of dead and missing migrants by source quality"),
    "SM_POP_REFG_OR": N_("Refugees per 100,000 population, by country of origin"),
    "SM_POP_REFG_OR_N": N_("Refugees by country of origin (UNHCR)"),
    "SM_POP_REFG_OR_WB": N_("Refugees by country of origin (WDI)"),
    "SM_POP_REFG": N_("Refugees by country of asylum (UNHCR)"),
    "BX_TRF_PWKR_DT_GD_ZS": N_("Personal remittances received (% of GDP)"),
    "BX_TRF_PWKR_CD_DT": N_("Personal remittances received (current US$)"),
    "KNOMAD_REM_IN": N_("Remittance inflows (KNOMAD)"),
    "KNOMAD_REM_OUT": N_("Remittance outflows (KNOMAD)"),
    "WB_REM_BILAT": N_("Bilateral remittance estimates (World Bank)"),
    "SM_POP_TOTL": N_("International migrant stock"),
    "SM_POP_TOTL_ZS": N_("International migrant stock (% of population)"),
    "SM_POP_BILAT": N_("International migrant stock by origin"),
    "SM_EMI_TOTL": N_("Emigrant stock"),
    "SM_EMI_RATE": N_("Emigration rate (derived)"),
    "SAV_REM_BASE": N_("Savings to remitters versus the baseline cost"),
    "SAV_REM_3PCT": N_("Savings to remitters at a 3% cost"),
    "SI_RMT_COST_SDG": N_(
        "Average cost of sending USD 200 to the country (UN SDG Global Database)"
    ),
    "SI_RMT_COST_ALLCORR": N_("Remittance costs, mean over all corridors (not the published rule)"),
}

STATISTIC_NAMES: dict[str, str] = {
    TOTAL: N_("Total"),
    "MEAN": N_("Average"),
    "MEDIAN": N_("Median"),
    "SMART3": N_("SmaRT average (3 cheapest services)"),
    "SHARE_BELOW_5": N_("Share of corridors below 5 %"),
    "SHARE_ABOVE_5": N_("Share of corridors above 5 %"),
    "CORRIDORS_LT3_ELIGIBLE": N_("Corridors with fewer than 3 eligible services"),
}
FREQUENCY_NAMES: dict[str, str] = {"A": N_("Annual"), "Q": N_("Quarterly"), "M": N_("Monthly")}
# Migration routes and regions of incident (10.7.3): the names the IOM publishes.
PLACE_NAMES: dict[str, str] = {code: name for name, code in (REGION_CODES | ROUTE_CODES).items()}

# Column headers of the tables pages show (the downloaded files keep the column names).
COLUMN_NAMES: dict[str, str] = {
    "indicator_code": N_("Indicator"),
    "series_code": N_("Series"),
    "ref_area": N_("Area"),
    "counterpart_area": N_("Counterpart area"),
    "time_period": N_("Period"),
    "freq": N_("Frequency"),
    "value": N_("Value"),
    "unit_measure": N_("Unit"),
    "obs_status": N_("Observation status"),
    "data_origin": N_("Origin"),
    "source": N_("Source"),
    "retrieved_at": N_("Retrieved"),
    "comment_obs": N_("Note"),
    "provider_type": N_("Provider type"),
    "transfer_amount": N_("Amount sent"),
    "statistic": N_("Statistic"),
    "cc1_total_cost_pct": N_("Total cost, % of amount sent"),
    "cc2_total_cost_pct": N_("Total cost, % (second amount)"),
    "speed_actual": N_("Speed"),
    "payment_instrument": N_("Payment instrument"),
    "pickup_method": N_("Pick-up method"),
    "is_current": N_("Current"),
    "n_rows": N_("Rows"),
    "last_retrieval": N_("Last retrieval"),
    "published_at": N_("Published"),
    "project_value": N_("Value here"),
    "project_series": N_("Series here"),
    "custodian_value": N_("Custodian value"),
    "custodian_source": N_("Custodian source"),
    "abs_diff": N_("Difference"),
    "rel_diff": N_("Relative difference"),
    # dimensions the explorer's pickers name
    "sex": N_("Sex"),
    "age": N_("Age"),
    "urbanisation": N_("Urbanisation"),
    "education_lev": N_("Education level"),
    "occupation": N_("Occupation"),
    "activity": N_("Economic activity"),
    "migratory_status": N_("Migratory status"),
    "policy_domain": N_("Policy domain"),
    "sub_category": N_("Sub-category"),
    "coherence_level": N_("Coherence level"),
    "funding_instrument": N_("Funding instrument"),
    "payout_instrument": N_("Payout instrument"),
    # the Data quality and Help tables
    "dataset": N_("Dataset"),
    "status": N_("Status"),
    "files": N_("Files"),
    "rows": N_("Rows"),
    "errors": N_("Errors"),
    "warnings": N_("Warnings"),
    "demo": N_("Demo"),
    "severity": N_("Severity"),
    "rule": N_("Rule"),
    "column": N_("Column"),
    "row": N_("Row"),
    "message": N_("Message"),
    "check": N_("Check"),
    "indicator": N_("Indicator"),
    "name": N_("Name"),
    "unit": N_("Unit"),
    "level": N_("Level"),
    "SDG target": N_("SDG target"),
    "data": N_("Data"),
    "publisher": N_("Publisher"),
    "address": N_("Address"),
    "year": N_("Year"),
    "tolerance": N_("Tolerance"),
    "explanation": N_("Explanation"),
    # the Submissions page: submissions and their audit log
    "template": N_("Template"),
    "superseded_by": N_("Superseded by"),
    "created_by": N_("Uploaded by"),
    "created_at": N_("Uploaded at"),
    "status_by": N_("Status set by"),
    "status_at": N_("Status set at"),
    "reason": N_("Reason"),
    "file_name": N_("File name"),
    "note": N_("Note"),
    "logged_at": N_("Logged at"),
    "user_name": N_("User name"),
    "action": N_("Action"),
    "submission_id": N_("Submission"),
    "subject": N_("Subject"),
    "from_status": N_("From status"),
    "to_status": N_("To status"),
    "id": N_("ID"),
    "sha256": N_("SHA-256 checksum"),
    # the upload's "what would change" table (preview_diff) and the settings audit log
    "changed": N_("Changed columns"),
    "old": N_("Old value"),
    "new": N_("New value"),
    # the Settings page: national targets, headline series, milestones and the audit log
    "country": N_("Country"),
    "target": N_("Target"),
    "target_year": N_("Target year"),
    "headline series": N_("Headline series"),
    "at": N_("Changed at"),
    "user": N_("User"),
    "key": N_("Setting"),
    # the explorer's comparisons (dashboard/data/compare.py, progress.side_by_side)
    "area": N_("Area"),
    "what it is": N_("What it is"),
    "period": N_("Period"),
    "retrieved": N_("Retrieved"),
    "custodian": N_("Custodian value"),
    "national": N_("National value"),
    "national_source": N_("National source"),
    "difference": N_("Difference"),
    # the Remittance costs page's cheapest services (rpw_quotes)
    "firm": N_("Service provider"),
    "transparent": N_("Transparent"),
}


def series_name(code: str, lang: str | None = None) -> str:
    """A series' readable name; a headline series' label from its spec; else the code.

    In `lang` (None: the language in use); a code is never translated."""
    t = translator(lang)
    if code in SERIES_NAMES:
        return t.gettext(SERIES_NAMES[code])
    for spec in SPECS.values():
        for h in spec.meta.headlines:
            if h.series_code == code:
                return t.gettext(h.label)
    return code


def headline_name(label: str, lang: str | None = None) -> str:
    """A headline series' label (indicators/specs, marked N_) in `lang` (None: in use)."""
    return translator(lang).gettext(label)


def value_name(dimension: str, value: str, lang: str | None = None) -> str:
    """A dimension value as the pickers show it ('_T' → 'Total', 'SMART3' → 'SmaRT ...')."""
    t = translator(lang)
    if dimension == "freq":
        return t.gettext(FREQUENCY_NAMES[value]) if value in FREQUENCY_NAMES else value
    if dimension == "statistic" or value == TOTAL:
        return t.gettext(STATISTIC_NAMES[value]) if value in STATISTIC_NAMES else value
    # IOM's route and region names are proper names as the IOM publishes them (English).
    return PLACE_NAMES.get(value, value)


def column_name(column: str, lang: str | None = None) -> str:
    """A column header in words ('time_period' → 'Period'); unknown names lose underscores."""
    if column in COLUMN_NAMES:
        return translator(lang).gettext(COLUMN_NAMES[column])
    return column.replace("_", " ").capitalize()
