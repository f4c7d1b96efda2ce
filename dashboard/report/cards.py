"""One indicator card of the report: its table row, note, target, baseline and chart, in the
report's language (set by content.build_report). Values are the overview cards' values.
"""

from __future__ import annotations

import polars as pl

from core.areas import local_label
from core.i18n import N_, NP_, _, pgettext
from dashboard.components.progress_charts import progress_chart
from dashboard.report.model import NO_DATA, Chart
from dashboard.report.survey import (
    Notes,
    with_unit,
)
from etl.exports import safe_write
from indicators.origin import origin_text, retrieved_text, retrieved_word
from indicators.progress.method import STATUS_LABELS
from indicators.progress.scorecard import Card, card_label, level_style
from indicators.progress.styles import RAG_WORDS, unit_text
from indicators.registry_meta import entry

CHART_WIDTH, CHART_HEIGHT = 480, 220  # px; the writers scale the PNG to the text width
CARD_COLUMNS = (
    N_("Indicator"),
    N_("Latest value"),
    N_("Period"),
    N_("Baseline"),
    N_("Target"),
    N_("Status"),
    N_("Level"),
)
# Where a card's target comes from (indicators/progress/scorecard.py TargetChoice.origin).
TARGET_ORIGINS = {"global": NP_("target", "global"), "national": NP_("target", "national")}


def country_label(code: str, lang: str = "en") -> str:
    """'Kenya (KEN)', 'Kenia (KEN)', 'Monde (WLD)': as the dashboard shows it (local_label)."""
    return local_label(code, lang)


def card_unit(card: Card) -> str:
    """The unit of the card's headline rows (the registry's unit when there are none)."""
    units = card.rows["unit_measure"].drop_nulls() if "unit_measure" in card.rows.columns else None
    return str(units[0]) if units is not None and units.len() else card.unit


def card_note(card: Card, vintage: str) -> str:
    """Source, vintage and retrieval date of a card's headline series."""
    assert card.headline is not None
    approved = retrieved_word(card.origin) == "approved"
    when = _("Approved: {date}.") if approved else _("Retrieved: {date}.")
    return " ".join(
        (
            f"{card_label(card)} ({card.headline.series_code}).",
            _("Source: {source}.").format(source=card.source or _("not recorded")),
            _("Vintage: indicator table of {date}.").format(date=vintage),
            when.format(date=card.retrieved or _("date not recorded")),
            origin_text(card.origin),
        )
    )


def baseline(card: Card) -> tuple[int, float] | None:
    """The progress measure's base year and value, else the first value from the base year."""
    p = card.progress
    if p.base_year is not None and p.base_value is not None:
        return p.base_year, p.base_value
    years = sorted(card.annual.values)
    base = entry(card.code).meta.baseline_year or (years[0] if years else None)
    later = [y for y in years if base is not None and y >= base]
    return (later[0], card.annual.values[later[0]]) if later else None


def target_text(card: Card) -> str:
    """The target as the overview's card states it, with the unit ('3 % by 2030 (global)')."""
    t = card.target
    if t.value is not None:
        origin = pgettext("target", TARGET_ORIGINS[t.origin]) if t.origin in TARGET_ORIGINS else ""
        return _("{value} by {year} ({origin})").format(
            value=with_unit(t.value, card_unit(card)), year=t.year, origin=origin or t.origin
        )
    return _("none (direction only)") if card.progress.method.startswith("Open SDG") else _("none")


def card_row(card: Card, notes: Notes, vintage: str) -> tuple[str, ...]:
    """One indicator-table row: latest value, period, baseline, target, status, level, note."""
    name = card_label(card)
    latest = card.latest
    if latest is None or card.headline is None:
        why = _("awaiting national data") if card.availability == "awaiting data" else _("no data")
        text = _("{no_data} ({why})").format(no_data=_(NO_DATA), why=why)
        return (name, text, "—", "—", target_text(card), "—", "—", "")
    base = baseline(card)
    return (
        name,
        with_unit(latest[1], card_unit(card)),
        latest[0],
        f"{with_unit(base[1], card_unit(card))} ({base[0]})" if base else "—",
        target_text(card),
        STATUS_LABELS[card.progress.status],
        level_word(card),
        f"[{notes.cite(card_note(card, vintage))}]",
    )


def level_word(card: Card) -> str:
    """The level of the latest value in words, no colour name: 'Off track', 'Not available'."""
    if card.rag_level != "grey":
        return RAG_WORDS[card.rag_level]
    return level_style(card).label


def card_chart(card: Card, note: int) -> Chart | None:
    """The annual series behind the card, with baseline and target lines (2+ years only)."""
    values = card.annual.values
    if card.headline is None or len(values) < 2:
        return None
    years = sorted(values)
    label = _(card.headline.label)
    df = pl.DataFrame(
        {
            "time_period": [str(y) for y in years],
            "value": [values[y] for y in years],
            "series": [label] * len(years),
            "source": [card.source or ""] * len(years),
        }
    )
    target = card.target
    unit = unit_text(card_unit(card)) or _("number")
    chart = progress_chart(
        df,
        title=f"{card.code} {label}",
        unit=unit,
        baseline=baseline(card),
        target=(target.year, target.value) if target.value is not None and target.year else None,
        breaks=entry(card.code).meta.breaks,
    )
    spec = chart.to_dict()
    # A fixed size for print; "pad" grows the canvas to fit labels instead of clipping them.
    spec |= {"width": CHART_WIDTH, "height": CHART_HEIGHT, "autosize": {"type": "pad"}}
    spec["title"] = {"text": f"{card.code} ({unit})", "anchor": "start"}  # full name: caption
    caption = _(
        "{code} {label}, {first}-{last}, annual values ({unit}). Source: {source}; {retrieved}. "
        "{origin}"
    ).format(
        code=card.code,
        label=label,
        first=years[0],
        last=years[-1],
        unit=unit,
        source=card.source or _("not recorded"),
        retrieved=retrieved_text(card.origin, card.retrieved),
        origin=origin_text(card.origin),
    )
    # The chart marks a break with its period only (room on a phone); print says what changed.
    inside = [(p, t) for p, t in entry(card.code).meta.breaks if years[0] < int(p[:4]) <= years[-1]]
    caption += "".join(
        " " + _("Break in series, {period}: {what}.").format(period=p, what=_(t)) for p, t in inside
    )
    csv = df.with_columns(unit=pl.lit(unit)).select("time_period", "value", "unit", "source")
    return Chart(f"{card.code} {label}", spec, caption, note, csv=safe_write.csv_text(csv))
