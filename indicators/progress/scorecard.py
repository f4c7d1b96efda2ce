"""Scorecards of the results framework (indicators.md §3, §4): one card per registered indicator.

Pure polars: from the rows of an indicator table for one country, pick each indicator's headline
series (indicators/registry_meta.py), compute the Open SDG progress status
(indicators/progress/method.py)
against the global or national target, the §3 level RAG of the latest value, and the plain-
language "why this status" text (indicators/progress/explain.py). The dashboard only renders
these cards.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import polars as pl

from core.i18n import N_, _
from indicators.origin import origin_text
from indicators.progress.explain import explain, summary_sentence
from indicators.progress.headlines import pick_headline, reason_text, usable
from indicators.progress.inputs import AnnualSeries, annual_series
from indicators.progress.levels import LEVEL_RULES, rag_level
from indicators.progress.method import (
    DEFAULT_TARGET_YEAR,
    ProgressResult,
    Rag,
    Status,
    not_assessed,
    progress,
)
from indicators.progress.numbers import fmt, value_text
from indicators.progress.styles import RAG_STYLE, Style
from indicators.registry_meta import (
    METHOD_TEXT,
    Availability,
    Entry,
    entries,
    entry,
)
from indicators.registry_rules import (
    COUNTRY_SCOPE,
    assessment_reason,
    is_assessed,
)
from indicators.specs.base import Headline

BASE_YEAR_FLOOR = 1900  # "first year with data" baselines: any year at or after this one


@dataclass(frozen=True)
class TargetChoice:
    """The target used for a card and where it comes from."""

    value: float | None
    year: int | None
    origin: str  # "global", "national" or "none"


@dataclass(frozen=True)
class Card:
    """Everything the overview shows for one indicator and country."""

    code: str
    name: str
    level: str
    unit: str
    themes: tuple[str, ...]
    availability: Availability
    headline: Headline | None
    rows: pl.DataFrame  # the headline series' rows (contract columns)
    annual: AnnualSeries
    target: TargetChoice
    progress: ProgressResult
    rag_level: Rag
    rag_rule: str
    source: str | None
    retrieved: str | None
    headline_reason: str = ""  # why this series is the headline (order of preference), English
    headline_preferred: str | None = None  # the series chosen in the national settings, if any
    origin: str | None = None  # data_origin of the headline rows (indicators/origin.py)

    @property
    def latest(self) -> tuple[str, float] | None:
        """(year, value) of the latest annual value, None without data."""
        if not self.annual.values:
            return None
        year = max(self.annual.values)
        return str(year), self.annual.values[year]

    @property
    def why(self) -> str:
        """'Why this status': progress explanation, level-RAG rule with the value, the data."""
        return why_text(self)


def choose_target(entry: Entry, national: tuple[float, int] | None) -> TargetChoice:
    """The national target if set, else the global default (on the headline's scale)."""
    if national is not None:
        return TargetChoice(national[0], national[1], "national")
    if entry.target is not None:
        return TargetChoice(entry.target, entry.spec.target_year or DEFAULT_TARGET_YEAR, "global")
    return TargetChoice(None, None, "none")


def _progress(
    entry: Entry, annual: AnnualSeries, target: TargetChoice, name: str
) -> ProgressResult:
    if not is_assessed(entry.code):
        return not_assessed(name, assessment_reason(entry.code), context=True)
    method = entry.meta.methods[0]
    if method == "none" or entry.spec.direction == "none":
        reason = N_("the registry gives this indicator no direction or progress method")
        return not_assessed(name, reason, direction=entry.spec.direction)
    base = entry.meta.baseline_year or (min(annual.values) if annual.values else BASE_YEAR_FLOOR)
    try:
        return progress(
            annual,
            direction=entry.spec.direction,
            target=target.value,
            target_year=target.year or DEFAULT_TARGET_YEAR,
            base_year=base,
            limit=entry.meta.limit if target.value is None else None,
            name=name,
        )
    except TypeError:
        # A base of 0 (replaced by 0.001) with negative later values gives a complex growth
        # rate: the exponential model does not apply, so say so instead of failing the page.
        reason = N_("a zero base value with negative later values: the growth model does not apply")
        return not_assessed(name, reason, direction=entry.spec.direction)


def card_from_rows(
    entry: Entry,
    sub: pl.DataFrame,
    *,
    headline: Headline | None,
    availability: Availability,
    national_target: tuple[float, int] | None = None,
    headline_reason: str = "",
    preferred: str | None = None,
) -> Card:
    """The card of one indicator from the rows of a single series (one row per period).

    Rows covering part of a period are dropped: they are never annual values or progress.
    """
    sub = usable(sub)
    has = headline is not None and not sub.is_empty()
    annual = annual_series(sub.select("time_period", "value")) if has else AnnualSeries({})
    target = choose_target(entry, national_target)
    name = f"{entry.code} {headline.label if headline else entry.spec.name}"
    result = _progress(entry, annual, target, name)
    latest = annual.values[max(annual.values)] if annual.values else None
    sources = sub["source"].drop_nulls().unique().sort().to_list() if has else []
    retrieved = sub["retrieved_at"].drop_nulls().max() if has else None
    origins = (
        sub["data_origin"].drop_nulls().unique().sort().to_list()
        if has and "data_origin" in sub.columns
        else []
    )
    # The headline series' own unit (the migrant stock card shows a % series of a NUMBER spec).
    units = sub["unit_measure"].drop_nulls().to_list() if has and "unit_measure" in sub else []
    first = entry.meta.headlines[0] if entry.meta.headlines else None
    units = units or ([first.unit] if first is not None and first.unit else [])
    return Card(
        code=entry.code,
        name=entry.spec.name,
        level=entry.spec.level,
        unit=units[-1] if units else entry.spec.unit,
        themes=entry.meta.themes,
        availability=availability,
        headline=headline if has else None,
        rows=sub,
        annual=annual,
        target=target,
        progress=result,
        rag_level=rag_level(latest, entry.meta.rag_rule) if entry.spec.rag else "grey",
        rag_rule=entry.meta.rag_rule,
        source="; ".join(sources) or None,
        retrieved=str(retrieved)[:10] if retrieved else None,
        headline_reason=headline_reason if has else "",
        headline_preferred=preferred,
        origin=", ".join(origins) or None,
    )


def build_card(
    entry: Entry,
    rows: pl.DataFrame,
    country: str,
    *,
    availability: Availability,
    national_target: tuple[float, int] | None = None,
    preferred: str | None = None,
) -> Card:
    """The card of one indicator for `country`: its headline series among `rows`."""
    headline, sub, why = pick_headline(entry, rows, country, preferred=preferred)
    return card_from_rows(
        entry,
        sub,
        headline=headline,
        availability=availability,
        national_target=national_target,
        headline_reason=why,
        preferred=preferred,
    )


def build_cards(
    rows: pl.DataFrame,
    country: str,
    *,
    computed_keys: set[str],
    national_targets: Mapping[str, tuple[float, int]] | None = None,
    national_headlines: Mapping[str, str] | None = None,
) -> list[Card]:
    """Cards of every registered indicator for `country` (rows: the country's slice).

    national_headlines: registry key -> series code chosen in the national settings.
    """
    national_targets = national_targets or {}
    national_headlines = national_headlines or {}
    out = []
    for e in entries():
        avail: Availability = (
            "computed"
            if e.code in computed_keys
            else ("awaiting data" if e.meta.awaiting else "missing")
        )
        out.append(
            build_card(
                e,
                rows,
                country,
                availability=avail,
                national_target=national_targets.get(e.code),
                preferred=national_headlines.get(e.code),
            )
        )
    return out


def headline_series_codes() -> tuple[str, ...]:
    """Every series code that can be a headline (for the loaders' pre-filter)."""
    return tuple(sorted({h.series_code for e in entries() for h in e.meta.headlines}))


# ---------------------------------------------------------------- summaries and texts


def status_counts(cards: Iterable[Card], by: str) -> dict[str, Counter[Status]]:
    """Status counts per level (`by="level"`) or per GFMD theme (`by="theme"`)."""
    out: dict[str, Counter[Status]] = {}
    for c in cards:
        keys = c.themes if by == "theme" else (c.level,)
        for k in keys:
            out.setdefault(k, Counter())[c.progress.status] += 1
    return out


def level_style(card: Card) -> Style:
    """The level badge of a card: its RAG, or why it has none ('no data' is not 'not rated')."""
    if card.rag_level != "grey":
        return RAG_STYLE[card.rag_level]
    grey = RAG_STYLE["grey"]
    if card.latest is None:
        label = N_("No data")
    elif card.progress.status is Status.CONTEXT:
        label = N_("Not rated (context indicator)")
    else:
        label = N_("Not rated (trend only)")
    return Style(label, grey.symbol, grey.colour, grey.text_colour)


def rag_badge(rag: Rag) -> str:
    """'✓ Green: target met or on track'."""
    s = RAG_STYLE[rag]
    return f"{s.symbol} {s.label}"


def card_label(card: Card) -> str:
    """'10.c.1 Average cost of sending USD 200 ...': code and headline label, in the language."""
    label = card.headline.label if card.headline else card.name
    return f"{card.code} {_(label)}"


def why_text(card: Card) -> str:
    """ONE plain sentence (status, because, what would change it), then the details below."""
    # Cards are cached across languages: the result keeps English names, shown here translated.
    result = replace(card.progress, name=card_label(card))
    parts = [summary_sentence(result), "", _("Details:"), explain(result)]
    if card.target.origin == "national":
        parts.append(
            _(
                "Target: the national target {value} by {year} (set on the Settings page) replaces "
                "the global default."
            ).format(value=fmt(card.target.value or 0), year=card.target.year)
        )
    latest = card.latest
    rule = LEVEL_RULES[card.rag_rule].description
    level = level_style(card)
    if latest is None:
        parts.append(
            _("Level: {symbol} {level}: no value for this country. Rule: {rule}.").format(
                symbol=level.symbol, level=level.label, rule=rule
            )
        )
    else:
        parts.append(
            _(
                "Level: latest value {value} ({period}) under the rule '{rule}' → {symbol} {level}."
            ).format(
                value=value_text(latest[1], card.unit),
                period=latest[0],
                rule=rule,
                symbol=level.symbol,
                level=level.label,
            )
        )
    if card.headline is not None:
        parts.append(
            _(
                "Series: {series} ({code}), {reason}. Data source: {source}; retrieved {date}. "
                "{origin}"
            ).format(
                series=_(card.headline.label),
                code=card.headline.series_code,
                reason=reason_text(entry(card.code), card.headline, card.headline_preferred),
                source=card.source or _("not recorded"),
                date=card.retrieved or _("date not recorded"),
                origin=origin_text(card.origin),
            )
        )
    elif card.code in COUNTRY_SCOPE:
        parts.append(_("{scope}.").format(scope=_(COUNTRY_SCOPE[card.code])))
    elif card.availability == "awaiting data":
        parts.append(_("No data yet: this indicator is computed from approved national uploads."))
    else:
        parts.append(_("No data for this country in the published indicator table."))
    methods = ", ".join(METHOD_TEXT[m] for m in entry(card.code).meta.methods)
    parts.append(
        _("Progress method options for this indicator: {methods}.").format(methods=methods)
    )
    return "\n".join(parts)
