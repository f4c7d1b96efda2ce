"""Why each indicator is assessed the way it is, and which series is its headline (issue 10).

Companion of indicators/registry_meta.py (which says *what* each indicator is):
- ASSESSMENT: per registry key, whether progress is assessed and the stated reason for its
  direction (who defines it), or why it is a context indicator (no custodian defines a desired
  direction, or the metadata forbids trend use). Context indicators are shown, never rated:
  their status is "Not assessed (context)", not "Not available".
- SERIES_REASONS: per registry key, why each headline series (META[...].headlines, in order of
  preference) sits where it does. The card uses the first series in that order that has data
  for the country (never the most recent one by default); national settings may choose another.
- COUNTRY_SCOPE: indicators published only for regions or the world, never as a country figure.
`rule_problems()` lists what a test must catch (a missing reason, an assessed indicator without
a direction, a context one with a progress method).
"""

from __future__ import annotations

from dataclasses import dataclass

from indicators.registry_meta import META
from indicators.specs import SPECS


@dataclass(frozen=True)
class Assessment:
    """Whether progress is assessed, and why (the custodian or spec that defines the direction)."""

    assessed: bool
    reason: str


ASSESSMENT: dict[str, Assessment] = {
    "10.c.1": Assessment(
        True,
        "lower is better: SDG target 10.c 'reduce to less than 3 per cent the transaction costs "
        "of migrant remittances' (World Bank, custodian metadata 10-c-1)",
    ),
    "10.7.4": Assessment(
        True,
        "lower is better: indicators.md §4 Open SDG configuration 'direction: negative' for "
        "10.7.4 (fewer people forced to flee their country of origin, UNHCR metadata rationale)",
    ),
    "10.7.2": Assessment(
        True,
        "higher is better: the custodian's (UN DESA / IOM) categories rank 'Meets' and 'Fully "
        "meets' (score ≥ 80) above 'Partially meets' and 'Requires further progress'",
    ),
    "10.7.1": Assessment(
        True,
        "lower is better: SDG target 10.7 and GCM objective 6 call for reducing the recruitment "
        "costs borne by workers (ILO / World Bank metadata 10-7-1)",
    ),
    "P.COH": Assessment(
        True,
        "higher is better: project results framework (indicators.md §2): each item scores 1 when "
        "the coherence mechanism is in place; target 100 % of items [PROJECT]",
    ),
    "17.3.2": Assessment(
        False,
        "context: no custodian defines a desired direction for remittances as % of GDP (World "
        "Bank / IMF metadata 17-3-2); a rise can mean lower GDP and high dependence is not a "
        "policy success, so it is shown with its trend but not assessed",
    ),
    "10.7.3": Assessment(
        False,
        "context: the IOM metadata (4.a) says the count 'should not be used to identify trends "
        "over time' (a minimum estimate from incident reports)",
    ),
    "SM.POP.TOTL": Assessment(
        False,
        "context: UN DESA defines no desired level or direction for the international migrant "
        "stock",
    ),
    "SM.EMI.RATE": Assessment(
        False,
        "context: a derived rate [PROJECT]; no custodian defines a desired direction for "
        "emigration",
    ),
    "SAV.REM": Assessment(
        False,
        "context: an indicative project estimate (indicators.md §3.3) resting on a USD 200 "
        "price applied to all flows; no custodian series, so no status",
    ),
    "SM.POP.CEN": Assessment(
        False,
        "context: census foreign-born share; no custodian defines a desired direction",
    ),
}

SERIES_REASONS: dict[str, dict[str, str]] = {
    "10.c.1": {
        "SI_RMT_COST": (
            "first: computed on this platform from the World Bank's RPW service-level workbook "
            "(indicators.md §1.1 formula, quarterly, every service quoted into the country)"
        ),
        "SI_RMT_COST_SDG": (
            "second: the UN SDG Global Database SI_RMT_COST value for the country (the "
            "custodian's published SDG figure), used when the RPW workbook is not loaded"
        ),
        "SI_RMT_COST_IB_ZS": (
            "third: World Bank WDI SI.RMT.COST.IB.ZS, the same RPW average as published annually "
            "in WDI (a later vintage may lag the RPW workbook)"
        ),
    },
    "17.3.2": {"BX_TRF_PWKR_DT_GD_ZS": "the World Bank's published series; no other exists"},
    "10.7.4": {"SM_POP_REFG_OR": "the SDG formula computed here from UNHCR and UN DESA inputs"},
    "10.7.3": {"SM_DTH_MIGR": "the IOM count for the area of incident (no country series)"},
    "SM.POP.TOTL": {"SM_POP_TOTL_ZS": "UN DESA, the custodian, as published"},
    "SM.EMI.RATE": {"SM_EMI_RATE": "the only series: derived here from UN DESA stocks"},
    "SAV.REM": {
        "SAV_REM_3PCT": "first: the §3.3 headline (savings if costs fell to 3 %)",
        "SAV_REM_BASE": "second: savings since the base year, when the first is absent",
    },
    "10.7.2": {"P_1072_SCORE": "the official overall score of the approved Inquiry answers"},
    "P.COH": {"P_COH_SCORE": "the intra-governmental level score, the §2 headline"},
    "10.7.1": {"RCI_ALL": "the SDG definition: mean over all workers, zeros included"},
    "SM.POP.CEN": {"SM_POP_CEN_COB_ZS": "the only series: the approved census tabulation"},
}

COUNTRY_SCOPE: dict[str, str] = {
    "10.7.3": (
        "10.7.3 is counted by MMP region of incident, by route and for the world, never by "
        "country: no figure is shown as a country's value (see the Migration page for the "
        "regional and world counts)"
    ),
}

CONTEXT_LABEL = "not assessed (context)"


def is_assessed(code: str) -> bool:
    """True if progress is assessed for registry key `code` (False: context indicator)."""
    return ASSESSMENT[code].assessed


def assessment_reason(code: str) -> str:
    """The stated reason for the direction of `code`, or why it is not assessed."""
    return ASSESSMENT[code].reason


def series_reason(code: str, series_code: str) -> str:
    """Why `series_code` is (or is not first) in the headline order of `code`."""
    return SERIES_REASONS.get(code, {}).get(series_code, "registry order")


def rule_problems() -> list[str]:
    """Everything that breaks the assessment and headline rules (empty = fine)."""
    out = [f"{c}: no ASSESSMENT reason" for c in SPECS if c not in ASSESSMENT]
    for code, a in ASSESSMENT.items():
        if code not in SPECS:
            out.append(f"ASSESSMENT entry {code!r} is not in SPECS")
            continue
        method = META[code].methods[0]
        if a.assessed and (SPECS[code].direction == "none" or method == "none"):
            out.append(f"{code}: assessed but has no direction or progress method")
        if not a.assessed and method != "none":
            out.append(f"{code}: a context indicator must have progress method 'none'")
        if not a.reason.strip():
            out.append(f"{code}: empty reason")
    for code, m in META.items():
        out += [
            f"{code}: headline {h.series_code} has no reason in SERIES_REASONS"
            for h in m.headlines
            if h.series_code not in SERIES_REASONS.get(code, {})
        ]
    return out
