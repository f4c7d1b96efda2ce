"""render_* functions of the results-framework pages: status badges, scorecards, summaries.

A status is never shown by colour alone: every badge has its symbol and label as text, on an
Okabe-Ito fill with black or white text chosen for contrast (indicators/progress/styles.py).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import polars as pl
import streamlit as st

from core.i18n import N_, _, current_language, pgettext
from core.i18n.hyphenate import hyphenate
from dashboard.components.widgets import country_name
from dashboard.plain_text import md
from etl.demo.rule import missing_state
from indicators.origin import origin_text, retrieved_word
from indicators.progress.headlines import reason_text
from indicators.progress.method import STATUS_LABELS, Status
from indicators.progress.scorecard import Card, level_style, status_counts, value_text
from indicators.progress.styles import STATUS_ORDER, STATUS_STYLE, Style
from indicators.registry_meta import entry, group_name
from indicators.registry_rules import COUNTRY_SCOPE
from indicators.titles import indicator_name

EXPLORER_PAGE = "dashboard/pages/explorer.py"
EXPLORER_KEY = "explorer_indicator"
# Card values and labels wrap instead of ending in "…" (st.metric truncates on one line).
CARD_CSS = (
    "<style>[class*='st-key-card_'] [data-testid='stMetricValue'], "
    "[class*='st-key-card_'] [data-testid='stMetricValue'] *, "
    "[class*='st-key-card_'] [data-testid='stMetricLabel'], "
    "[class*='st-key-card_'] [data-testid='stMetricLabel'] * { white-space: normal !important; "
    "overflow: visible !important; text-overflow: clip !important; overflow-wrap: anywhere; }"
    "</style>"
)
# The summary tables fit a phone: equal columns that wrap their headers, not a page that
# scrolls sideways (a Markdown table is as wide as its unwrapped header by default).
SUMMARY_CSS = (
    "<style>[class*='st-key-block_summary_'] table { width: 100%; }"
    "[class*='st-key-block_summary_'] th, [class*='st-key-block_summary_'] td "
    "{ white-space: normal !important; overflow-wrap: normal; hyphens: none; }"
    # Words break only between words, and on a phone also at the soft hyphens `hyphenate` put
    # in the status headers ("hyphens: none" ignores them on wider screens): "anywhere" let the
    # table squeeze a column until "disponible" broke as "disponibl / e".
    "@media (max-width: 640px) { [class*='st-key-block_summary_'] table { font-size: 0.75rem; }"
    "[class*='st-key-block_summary_'] th, [class*='st-key-block_summary_'] td "
    "{ padding: 0.2rem 0.25rem; hyphens: manual; } }</style>"
)


PROGRESS_BADGE = N_("Progress: {status}")
LEVEL_BADGE = N_("Level: {level}")


def _pill(style: Style, pattern: str) -> str:
    # inline-block within the card's width: a long label wraps inside its badge instead of
    # running into the next card.
    label = f"{style.symbol} {style.label}"
    text = html.escape(_(pattern).format(status=label, level=label))
    return (
        f'<span class="status-badge" style="background:{style.colour};color:{style.text_colour};'
        "padding:0.1rem 0.45rem;border-radius:0.4rem;display:inline-block;max-width:100%;"
        f'white-space:normal;margin:0.1rem 0">{text}</span>'
    )


def status_pill(status: Status) -> str:
    """HTML badge of a progress status: fill colour, symbol and label."""
    return _pill(STATUS_STYLE[status], PROGRESS_BADGE)


def rag_pill(card: Card) -> str:
    """HTML badge of a card's level: RAG fill, symbol and label, or why it has none."""
    return _pill(level_style(card), LEVEL_BADGE)


def headline_help(card: Card) -> str | None:
    """The metric's tooltip: the headline series and why it was chosen, in the language in use
    (the card keeps the English reason: cards are cached for every language)."""
    if card.headline is None:
        return None
    if not card.headline_reason:  # a series picked by hand (explorer): no order to explain
        return _(card.headline.label)
    why = reason_text(entry(card.code), card.headline, card.headline_preferred)
    return _("{series}: {reason}").format(series=_(card.headline.label), reason=why)


def render_card(card: Card, key: str) -> bool:
    """One scorecard in a bordered container; returns True when 'Open in explorer' is pressed."""
    with st.container(border=True, key=f"card_{key}"):
        # the UN's own French/Spanish title where there is one (cards are cached in English)
        st.markdown(f"**{card.code}**: {indicator_name(card.name, current_language())}")
        latest = card.latest
        if latest is None:
            if card.code in COUNTRY_SCOPE:
                label = _("Latest value (no country series: regions and world only)")
            elif card.availability == "awaiting data":
                label = _("Latest value (awaiting data)")
            else:
                label = _("Latest value (no data)")
            st.metric(label, "—")
        else:
            values = list(card.annual.values.values())
            st.metric(
                _("Latest value, {period}").format(period=latest[0]),
                value_text(latest[1], card.unit),
                chart_data=values if len(values) > 1 else None,
                chart_type="line",
                help=headline_help(card),
            )
        target = card.target
        if target.value is not None:
            target_text = _("Target: {value} by {year} ({origin})").format(
                value=value_text(target.value, card.unit), year=target.year, origin=target.origin
            )
        elif card.progress.method.startswith("Open SDG"):
            target_text = _("Target: none (direction only)")
        else:
            target_text = _("Target: none (not assessed)")
        st.markdown(
            f"{rag_pill(card)} {status_pill(card.progress.status)}",
            unsafe_allow_html=True,
        )
        if latest is None:
            fresh = _("no data loaded yet")
        elif card.retrieved:
            fresh = (
                _("approved {date}")
                if retrieved_word(card.origin) == "approved"
                else _("data retrieved {date}")
            ).format(date=card.retrieved)
        else:
            fresh = _("retrieval date not recorded")
        st.caption(
            _("{target}. Period: {period}; {freshness}.").format(
                target=target_text, period=latest[0] if latest else "—", freshness=fresh
            )
        )
        if latest is not None:
            st.caption(origin_text(card.origin))
        elif card.availability != "awaiting data":
            st.caption(missing_state(entry(card.code).spec.inputs))
        with st.expander(_("Why this status?")):
            st.text(card.why)
        return st.button(_("Open {code} in the explorer").format(code=card.code), key=f"open_{key}")


def render_cards(cards: Sequence[Card], *, per_row: int = 3) -> str | None:
    """Cards in rows of `per_row`; returns the code whose explorer button was pressed."""
    st.html(CARD_CSS)
    pressed = None
    for start in range(0, len(cards), per_row):
        cols = st.columns(per_row)
        for col, card in zip(cols, cards[start : start + per_row], strict=False):
            with col:
                if render_card(card, card.code.replace(".", "_")):
                    pressed = card.code
    return pressed


def summary_table(cards: Sequence[Card], by: str, order: Sequence[str]) -> pl.DataFrame:
    """Counts of each status (label with symbol) per level or GFMD theme, named in words."""
    counts = status_counts(cards, by)
    cols = [s for s in STATUS_ORDER if any(c[s] for c in counts.values())]
    rows = [
        {
            by: group_name(k),  # the level or theme in words, in the language in use
            **{f"{STATUS_STYLE[s].symbol} {STATUS_LABELS[s]}": counts[k][s] for s in cols},
        }
        for k in order
        if k in counts
    ]
    return pl.DataFrame(rows)


def render_summary(cards: Sequence[Card], levels: Sequence[str], themes: Sequence[str]) -> None:
    """The status counts per level and per GFMD theme, as static (screen-reader) tables.

    One above the other, full width: side by side, a table with the context column scrolls
    sideways, and a scrolling region a keyboard cannot reach fails the accessibility check."""
    st.html(SUMMARY_CSS)
    with st.container(key="block_summary_level"):
        st.markdown(_("**Statuses per level**"))
        table = _hyphenated(summary_table(cards, "level", levels))
        st.markdown(markdown_table(table, pgettext("table header", "level")))
    with st.container(key="block_summary_theme"):
        st.markdown(_("**Statuses per GFMD theme**"))
        table = _hyphenated(summary_table(cards, "theme", themes))
        st.markdown(markdown_table(table, pgettext("table header", "theme")))


def _hyphenated(table: pl.DataFrame) -> pl.DataFrame:
    # The status headers are the long words of these tables; on a phone they break at the
    # language's hyphenation points, with a hyphen.
    lang = current_language()
    return table.rename({c: hyphenate(c, lang) for c in table.columns[1:]})


def markdown_table(df: pl.DataFrame, first: str) -> str:
    """`df` as a Markdown table headed `first` then its other columns: a static HTML table,
    first column the row's label, counts right-aligned. Not st.table: it imports pandas on
    every call, a second of the first page after a start (issue 14)."""
    head = "| " + " | ".join(md(c) for c in [first, *df.columns[1:]]) + " |"
    rule = "| :--- |" + " ---: |" * (df.width - 1)
    rows = ["| " + " | ".join(md(v) for v in row) + " |" for row in df.iter_rows()]
    return "\n".join([head, rule, *rows])


def render_country_title(country: str) -> None:
    """The page's subject line (a level-2 heading: headings must not skip levels)."""
    st.header(_("Results framework: {country}").format(country=country_name(country)))


# Streamlit draws captions at opacity 0.6 (#828180 on white: contrast 3.88, below WCAG AA's 4.5:1,
# found by axe); fully opaque in a darker grey of the same hue they read at 6.9:1.
