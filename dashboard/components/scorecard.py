"""render_* functions of the results-framework pages: status badges, scorecards, summaries.

A status is never shown by colour alone: every badge has its symbol and label as text, on an
Okabe-Ito fill with black or white text chosen for contrast (indicators/progress/styles.py).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import polars as pl
import streamlit as st

from dashboard.components.widgets import country_name
from dashboard.plain_text import md
from etl.demo.rule import missing_state
from indicators.origin import origin_text, retrieved_word
from indicators.progress.method import STATUS_LABELS, Status
from indicators.progress.scorecard import Card, level_style, status_counts, value_text
from indicators.progress.styles import STATUS_ORDER, STATUS_STYLE, Style
from indicators.registry_meta import entry
from indicators.registry_rules import COUNTRY_SCOPE

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


def _pill(style: Style, prefix: str = "") -> str:
    # inline-block within the card's width: a long label wraps inside its badge instead of
    # running into the next card.
    text = html.escape(f"{prefix}{style.symbol} {style.label}")
    return (
        f'<span class="status-badge" style="background:{style.colour};color:{style.text_colour};'
        "padding:0.1rem 0.45rem;border-radius:0.4rem;display:inline-block;max-width:100%;"
        f'white-space:normal;margin:0.1rem 0">{text}</span>'
    )


def status_pill(status: Status) -> str:
    """HTML badge of a progress status: fill colour, symbol and label."""
    return _pill(STATUS_STYLE[status], "Progress: ")


def rag_pill(card: Card) -> str:
    """HTML badge of a card's level: RAG fill, symbol and label, or why it has none."""
    return _pill(level_style(card), "Level: ")


def render_card(card: Card, key: str) -> bool:
    """One scorecard in a bordered container; returns True when 'Open in explorer' is pressed."""
    with st.container(border=True, key=f"card_{key}"):
        st.markdown(f"**{card.code}**: {card.name}")
        latest = card.latest
        if latest is None:
            label = "awaiting data" if card.availability == "awaiting data" else "no data"
            label = (
                "no country series: regions and world only" if card.code in COUNTRY_SCOPE else label
            )
            st.metric(f"Latest value ({label})", "—")
        else:
            values = list(card.annual.values.values())
            st.metric(
                f"Latest value, {latest[0]}",
                value_text(latest[1], card.unit),
                chart_data=values if len(values) > 1 else None,
                chart_type="line",
                help=f"{card.headline.label}: {card.headline_reason}" if card.headline else None,
            )
        target = card.target
        target_text = (
            f"Target: {value_text(target.value, card.unit)} by {target.year} ({target.origin})"
            if target.value is not None
            else "Target: none (direction only)"
            if card.progress.method.startswith("Open SDG")
            else "Target: none (not assessed)"
        )
        st.markdown(
            f"{rag_pill(card)} {status_pill(card.progress.status)}",
            unsafe_allow_html=True,
        )
        if latest is None:
            fresh = "no data loaded yet"
        elif card.retrieved:
            fresh = f"{retrieved_word(card.origin)} {card.retrieved}"
        else:
            fresh = "retrieval date not recorded"
        st.caption(f"{target_text}. Period: {latest[0] if latest else '—'}; {fresh}.")
        if latest is not None:
            st.caption(origin_text(card.origin))
        elif card.availability != "awaiting data":
            st.caption(missing_state(entry(card.code).spec.inputs))
        with st.expander("Why this status?"):
            st.text(card.why)
        return st.button(f"Open {card.code} in the explorer", key=f"open_{key}")


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
    """Counts of each status (label with symbol) per level or GFMD theme."""
    counts = status_counts(cards, by)
    cols = [s for s in STATUS_ORDER if any(c[s] for c in counts.values())]
    rows = [
        {by: k, **{f"{STATUS_STYLE[s].symbol} {STATUS_LABELS[s]}": counts[k][s] for s in cols}}
        for k in order
        if k in counts
    ]
    return pl.DataFrame(rows)


def render_summary(cards: Sequence[Card], levels: Sequence[str], themes: Sequence[str]) -> None:
    """The status counts per level and per GFMD theme, as static (screen-reader) tables.

    One above the other, full width: side by side, a table with the context column scrolls
    sideways, and a scrolling region a keyboard cannot reach fails the accessibility check."""
    with st.container(key="block_summary_level"):
        st.markdown("**Statuses per level**")
        st.markdown(markdown_table(summary_table(cards, "level", levels)))
    with st.container(key="block_summary_theme"):
        st.markdown("**Statuses per GFMD theme**")
        st.markdown(markdown_table(summary_table(cards, "theme", themes)))


def markdown_table(df: pl.DataFrame) -> str:
    """`df` as a Markdown table: a static HTML table, first column the row's label, counts
    right-aligned. Not st.table: it imports pandas on every call, a second of the first page
    after a start (issue 14)."""
    head = "| " + " | ".join(md(c) for c in df.columns) + " |"
    rule = "| :--- |" + " ---: |" * (df.width - 1)
    rows = ["| " + " | ".join(md(v) for v in row) + " |" for row in df.iter_rows()]
    return "\n".join([head, rule, *rows])


def render_country_title(country: str) -> None:
    """The page's subject line (a level-2 heading: headings must not skip levels)."""
    st.header(f"Results framework: {country_name(country)}")


# Streamlit draws captions at opacity 0.6 (#828180 on white: contrast 3.88, below WCAG AA's 4.5:1,
# found by axe); fully opaque in a darker grey of the same hue they read at 6.9:1.
