"""Numbers as the progress texts and cards write them, in the language in use (CLDR via core.i18n).

The explanations (indicators/progress/explain.py, sentence.py) and the cards
(indicators/progress/scorecard.py) share these: '1,066' / '1,066', '−5.0 %' / '−5,0 %',
'138.5 million' / '138,5 millions'. Zero is written '0' (CLDR's significant-digit pattern would
write '0.0'); formulas use the typographic minus.
"""

from __future__ import annotations

import math

from core.i18n import N_, NP_, _, pgettext, translator
from indicators.progress.styles import unit_text


def _minus(text: str) -> str:
    return text.replace("-", "−")  # the typographic minus, as the formulas print it


def num(v: float) -> str:
    """Up to 4 significant digits, thousands grouped: '1.066' / '1,066'; '12,345' / '12 345'."""
    if math.isinf(v):
        return "−∞" if v < 0 else "+∞"
    if v == 0:
        return "0"  # CLDR's significant-digit pattern writes zero as '0.0'
    return _minus(translator().sig(v))


def pct(rate: float) -> str:
    """A yearly rate as a percentage: '−5.0 %' (en), '−5,0 %' (fr, es)."""
    p = rate * 100
    return _minus(translator().number(p, 1 if abs(p) >= 1 else 2)) + " %"


def fixed(v: float, digits: int) -> str:
    """A number with `digits` decimals in the language ('0.95' / '0,95'), typographic minus."""
    return _minus(translator().number(v, digits))


def score_text(score: float) -> str:
    """A −5…+5 score with its sign and 2 decimals: '+3.33' / '+3,33', '−5.00'."""
    return ("+" if score >= 0 else "−") + translator().number(abs(score), 2)


def signed(n: int) -> str:
    """'+1' or '−1' (the sign factors of the formulas)."""
    return "+1" if n > 0 else "−1"


def fmt(value: float) -> str:
    """A value as the cards show it, in the language in use: thousands separators, up to 4
    significant digits ('1,953' / '1 953'; '15.25' / '15,25')."""
    return "0" if value == 0 else translator().sig(value)  # CLDR's '@###' writes zero '0.0'


# (size, words below 2, words from 2 on): French and Spanish make 'million' plural from 2 on;
# 'billion' is 10^9 in English ('milliard', 'mil millones'), 'trillion' 10^12 ('billion', 'billón').
_SCALES = (
    (1e12, NP_("below 2", "{value} trillion"), N_("{value} trillion")),
    (1e9, NP_("below 2", "{value} billion"), N_("{value} billion")),
    (1e6, NP_("below 2", "{value} million"), N_("{value} million")),
)


def fmt_compact(value: float) -> str:
    """A card's headline number, short enough for the card: '138.5 million', '15.25', '1,953'."""
    for size, one, many in _SCALES:
        if abs(value) >= size:
            scaled = value / size
            words = pgettext("below 2", one) if abs(scaled) < 2 else _(many)
            return words.format(value=translator().number(scaled, 1))
    return fmt(value)


def value_text(value: float, unit: str) -> str:
    """A value with its unit as a card shows it: '1.953 %', '138.5 million US$'."""
    return f"{fmt_compact(value)} {unit_text(unit)}".strip()
