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

from core.i18n import N_
from indicators.registry import SPECS
from indicators.registry_meta import META
from indicators.specs.base import Assessment

# Views by registry key of what each IndicatorSpec's meta holds (indicators/specs/).
ASSESSMENT: dict[str, Assessment] = {code: spec.meta.assessment for code, spec in SPECS.items()}
SERIES_REASONS: dict[str, dict[str, str]] = {
    code: {h.series_code: h.reason for h in spec.meta.headlines if h.reason}
    for code, spec in SPECS.items()
}
COUNTRY_SCOPE: dict[str, str] = {
    code: spec.meta.country_scope for code, spec in SPECS.items() if spec.meta.country_scope
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
    return SERIES_REASONS.get(code, {}).get(series_code, N_("registry order"))


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
