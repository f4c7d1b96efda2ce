"""Reading the results-framework fields of every IndicatorSpec (indicators.md §0, §1.9, §3, §4, §7).

indicators/specs/ hold identity, unit, direction, target and the compute function; this module
adds, per SPECS key, what the overview and explorer need: SDG target, GCM objectives, baseline
year, the §3 level-RAG rule, the §4 progress-method options, the GFMD themes of §7, the
computation and source texts, the headline series used for progress, known series breaks, and
whether the indicator is awaiting data (computed only from approved national submissions).
Each IndicatorSpec carries them in its `meta` (one record per indicator, in indicators/specs/);
META is the view by code. `registry_problems` lists what a test must catch (an indicator in the
table but not registered, an entry neither computed nor awaiting data, missing metadata text).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import polars as pl

from core.i18n import N_, _
from core.i18n.lazy import Messages
from core.templates import TEMPLATES
from indicators.progress.levels import LEVEL_RULES
from indicators.registry import SPECS
from indicators.specs.base import IndicatorSpec, Method, RegistryMeta

Availability = Literal["computed", "awaiting data", "missing"]

THEMES: tuple[str, ...] = ("policy coherence", "remittances", "diaspora", "protection", "data")
LEVELS: tuple[str, ...] = ("process", "outcome", "impact", "context")
# The codes above stay in data and settings; these are their words in the language in use.
THEME_NAMES: Messages[str] = Messages(
    {
        "policy coherence": N_("Policy coherence"),
        "remittances": N_("Remittances"),
        "diaspora": N_("Diaspora"),
        "protection": N_("Protection"),
        "data": N_("Data"),
    }
)
LEVEL_NAMES: Messages[str] = Messages(
    {
        # TRANSLATORS: a level of the results framework (process, outcome, impact, context)
        "process": N_("Process"),
        "outcome": N_("Outcome"),
        "impact": N_("Impact"),
        "context": N_("Context"),
    }
)
METHOD_TEXT: Messages[Method] = Messages(
    {
        "target": N_("Open SDG method 2 (quantitative target)"),
        "direction": N_("Open SDG method 1 (direction only)"),
        "binary": N_("Open SDG rule for binary indicators"),
        "none": N_("not assessed"),
    }
)


def awaiting_text(awaiting: str) -> str:
    """A registry "awaiting data" note (indicators/specs/process.py UPLOAD_AWAITING) in the
    language in use, with the template's title in it."""
    title = next((t.title for t in TEMPLATES.values() if t.title in awaiting), None)
    if title is None:
        return awaiting
    return _(
        "awaiting data: computed once an approver accepts a national submission of the "
        "template '{template}' (Upload page)"
    ).format(template=_(title))


def group_name(key: str) -> str:
    """A level or GFMD theme code in words ('policy coherence' → 'Cohérence des politiques')."""
    names = LEVEL_NAMES if key in LEVEL_NAMES else THEME_NAMES
    return names[key] if key in names else key.capitalize()


@dataclass(frozen=True)
class Entry:
    """One registry entry: the IndicatorSpec and its results-framework metadata."""

    spec: IndicatorSpec
    meta: RegistryMeta

    @property
    def code(self) -> str:
        """The registry key (indicator code)."""
        return self.spec.id

    @property
    def target(self) -> float | None:
        """The global default target on the headline series' scale."""
        return (
            self.meta.headline_target
            if self.meta.headline_target is not None
            else (self.spec.target)
        )

    def metadata_text(self) -> dict[str, str]:
        """Definition, computation, source and caveats, for the metadata tab (headings in the
        language in use; the texts are the registry's English)."""
        return {
            _("Definition"): self.spec.definition,
            _("Computation"): self.meta.computation,
            _("Source"): self.meta.source,
            _("Caveats"): self.spec.caveat,
        }


# The results-framework fields by registry key (a view of SPECS: each spec holds its own).
META: dict[str, RegistryMeta] = {code: spec.meta for code, spec in SPECS.items()}


def entries() -> list[Entry]:
    """Every registered indicator, in SPECS order (KeyError if one lacks its META)."""
    return [Entry(spec, META[code]) for code, spec in SPECS.items()]


def entry(code: str) -> Entry:
    """The registry entry of `code` (a SPECS key)."""
    return Entry(SPECS[code], META[code])


def registry_key(indicator_code: str, series_code: str | None = None) -> str | None:
    """The registry entry a row of the indicator table belongs to, None if unregistered.

    GFMD items carry their item code (P.COH.05, P.DIA.01 …) and belong to P.COH; census rows
    are found by their SM_POP_CEN_ series whatever their indicator code.
    """
    if series_code and series_code.startswith("SM_POP_CEN_"):
        return "SM.POP.CEN"
    if indicator_code in SPECS:
        return indicator_code
    if indicator_code.startswith("P."):  # every GFMD survey item (P.COH.*, P.DIA.*, P.REM.* …)
        return "P.COH"
    return None


def table_pairs(table: pl.DataFrame | pl.LazyFrame) -> list[tuple[str, str]]:
    """Distinct (indicator_code, series_code) pairs of an indicator table."""
    lf = table.lazy().select("indicator_code", "series_code").unique()
    return [(str(i), str(s)) for i, s in lf.collect().iter_rows()]


def computed(pairs: Iterable[tuple[str, str]]) -> set[str]:
    """Registry keys with at least one row among the (indicator_code, series_code) pairs."""
    keys = {registry_key(i, s) for i, s in pairs}
    return {k for k in keys if k is not None}


def availability(code: str, computed_keys: set[str]) -> Availability:
    """'computed' if the table has it, 'awaiting data' if marked so, else 'missing'."""
    if code in computed_keys:
        return "computed"
    return "awaiting data" if META[code].awaiting else "missing"


def registry_problems(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """Everything that breaks the registry contract for one indicator table (empty = fine)."""
    pairs = list(pairs)
    out = [
        f"indicator_code {i!r} (series {s!r}) is in the table but not in the registry: add it to "
        "indicators/specs/ (its IndicatorSpec with meta=RegistryMeta(...))"
        for i, s in sorted(pairs)
        if registry_key(i, s) is None
    ]
    out += [f"SPECS entry {c!r} has no META entry" for c in SPECS if c not in META]
    out += [f"META entry {c!r} is not in SPECS" for c in META if c not in SPECS]
    keys = computed(pairs)
    out += [
        f"{c}: neither computed from this table nor marked awaiting data"
        for c in SPECS
        if c in META and availability(c, keys) == "missing"
    ]
    for e in (entry(c) for c in SPECS if c in META):
        out += [f"{e.code}: empty {k} text" for k, v in e.metadata_text().items() if not v.strip()]
        if not e.meta.headlines:
            out.append(f"{e.code}: no headline series")
        out += [f"{e.code}: unknown GFMD theme {t!r}" for t in e.meta.themes if t not in THEMES]
        if e.meta.rag_rule not in LEVEL_RULES:
            out.append(f"{e.code}: rag_rule {e.meta.rag_rule!r} is not in LEVEL_RULES")
    return out
