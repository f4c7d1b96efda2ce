"""How a progress status is shown: a label, a symbol and a colour-blind-safe colour.

A status is never conveyed by colour alone (issue 5, accessibility); text colours are chosen
for WCAG contrast on each fill.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import N_, _
from core.i18n.lazy import Messages
from indicators.progress.model import STATUS_LABELS, Labelled, Rag, Status


@dataclass(frozen=True)
class Style:
    """How to show a status: words, a symbol and a colour, with a readable text colour on it."""

    message: str  # the English words (a catalog msgid); `label` is them in the language in use
    symbol: str
    colour: str
    text_colour: str

    @property
    def label(self) -> str:
        """The words of the style in the language in use ('On track', 'Sur la bonne voie')."""
        return _(self.message)


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours (1 … 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _style(label: str, symbol: str, colour: str) -> Style:
    # Black or white text, whichever reads better on the fill.
    text = max(("#000000", "#FFFFFF"), key=lambda t: contrast_ratio(t, colour))
    return Style(label, symbol, colour, text)


# Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), safe for the common forms of
# colour blindness; grey is the neutral "no data" fill. Symbols carry the meaning without colour.
STATUS_STYLE: dict[Status, Style] = {
    Status.TARGET_ACHIEVED: _style(STATUS_LABELS.source(Status.TARGET_ACHIEVED), "✓", "#0072B2"),
    Status.SUBSTANTIAL: _style(STATUS_LABELS.source(Status.SUBSTANTIAL), "▲", "#009E73"),
    Status.MODERATE: _style(STATUS_LABELS.source(Status.MODERATE), "►", "#F0E442"),
    Status.LIMITED: _style(STATUS_LABELS.source(Status.LIMITED), "▼", "#E69F00"),
    Status.DETERIORATION: _style(STATUS_LABELS.source(Status.DETERIORATION), "✕", "#D55E00"),
    Status.NOT_AVAILABLE: _style(STATUS_LABELS.source(Status.NOT_AVAILABLE), "—", "#999999"),
    Status.TARGET_NOT_ACHIEVED: _style(
        STATUS_LABELS.source(Status.TARGET_NOT_ACHIEVED), "○", "#CC79A7"
    ),
    Status.CONTEXT: _style(STATUS_LABELS.source(Status.CONTEXT), "◇", "#E0E0E0"),
}
RAG_STYLE: dict[Rag, Style] = {
    "G": _style(N_("Green: target met or on track"), "✓", "#009E73"),
    "A": _style(N_("Amber: progress, but not enough"), "!", "#E69F00"),
    "R": _style(N_("Red: off track"), "✕", "#D55E00"),
    # No colour name as a status word: the card says why there is no level (no data, context).
    "grey": _style(N_("Not rated"), "—", "#999999"),
}

# The level in words without the colour's name (the report's "Level" column).
RAG_WORDS: Messages[Rag] = Messages(
    {
        "G": N_("Target met or on track"),
        "A": N_("Progress, but not enough"),
        "R": N_("Off track"),
        "grey": N_("Not rated"),
    }
)


def status_badge(status: Status) -> str:
    """Symbol and label of a status, e.g. '▲ On track': never colour alone."""
    style = STATUS_STYLE[status]
    return f"{style.symbol} {style.label}"


def badge(result: Labelled) -> str:
    """Symbol and label of a result's status, e.g. '▲ On track'."""
    return status_badge(result.status)


# Units as cards, tables and reports show them (contract code -> words, in the language in use;
# symbols are not messages).
UNITS: Messages[str] = Messages(
    {
        "PT": "%",
        "PER_100000_POP": N_("per 100,000"),
        "NUMBER": "",
        "USD": "US$",
        "RATIO_MONTHS": N_("months of earnings"),
        "BINARY": "(0 / 0.5 / 1)",
    }
)


def unit_text(unit: str) -> str:
    """Readable unit ('PT' → '%', 'PER_100000_POP' → 'pour 100 000' in French)."""
    return UNITS[unit] if unit in UNITS else unit.lower()


# The order statuses are listed in, best first, wherever they are counted (the Overview's
# summary tables and the report's executive summary use the same columns).
STATUS_ORDER: tuple[Status, ...] = (
    Status.TARGET_ACHIEVED,
    Status.SUBSTANTIAL,
    Status.MODERATE,
    Status.LIMITED,
    Status.DETERIORATION,
    Status.TARGET_NOT_ACHIEVED,
    Status.CONTEXT,
    Status.NOT_AVAILABLE,
)
