"""Level RAG bands and the binary rule: how a latest value or a yes/no item is rated.

The level rules of indicators.md §3 (`LEVEL_RULES`, `rag_level`, `rag_level_vs_baseline`) and
the binary rule for yes/no process items of §4 (`binary_progress`). The plain-language
explanations of these ratings are in indicators/progress/explain.py.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from core.i18n import N_, _
from indicators.progress.method import (
    METHOD_BINARY,
    SOURCE,
    Labelled,
    Rag,
    Status,
)


@dataclass(frozen=True)
class LevelRule:
    """A §3 rag_level rule: (operator, bound, RAG) bands tried in order, then `otherwise`."""

    text: str  # English (a catalog msgid); `description` is the text in the language in use
    bands: tuple[tuple[str, float, Rag], ...]
    otherwise: Rag | None  # None: a value outside every band is an error (e.g. binary 0.7)

    @property
    def description(self) -> str:
        """The rule in words, in the language in use (cards and 'why this status')."""
        return _(self.text)


_OPS = {
    "<": lambda v, b: v < b,
    "<=": lambda v, b: v <= b,
    ">=": lambda v, b: v >= b,
    "==": lambda v, b: v == b,
}
_SCORE_BANDS: tuple[tuple[str, float, Rag], ...] = ((">=", 80, "G"), (">=", 40, "A"))
_TREND_ONLY = LevelRule(N_("trend only: no level threshold"), (), "grey")

LEVEL_RULES: dict[str, LevelRule] = {
    "10.7.2": LevelRule(
        N_(
            "G ≥ 80 (Meets/Fully meets); A 40–< 80 (Partially meets); R < 40 (Requires "
            "further progress): official cut-offs"
        ),
        _SCORE_BANDS,
        "R",
    ),
    "coherence": LevelRule(
        N_(
            "same cut-offs as 10.7.2 (< 40 R, 40–< 80 A, ≥ 80 G), chosen by this project for "
            "comparability"
        ),
        _SCORE_BANDS,
        "R",
    ),
    "binary_item": LevelRule(
        N_("G = 1; A = 0.5; R = 0; not rated when not answered"),
        (("==", 1, "G"), ("==", 0.5, "A"), ("==", 0, "R")),
        None,
    ),
    "10.c.1": LevelRule(
        N_("G < 3 (target met); A 3–5; R > 5"), (("<", 3, "G"), ("<=", 5, "A")), "R"
    ),
    "10.c.1.smart": LevelRule(N_("G ≤ 3; A 3–5; R > 5"), (("<=", 3, "G"), ("<=", 5, "A")), "R"),
    "share5": LevelRule(
        N_("G = 0; A ≤ 25 %; R > 25 % (thresholds set by this project)"),
        (("==", 0, "G"), ("<=", 25, "A")),
        "R",
    ),
    "10.7.1": LevelRule(
        N_(
            "G ≤ 1 month; A 1–3; R > 3 (provisional thresholds set by this project, not yet "
            "calibrated on survey results)"
        ),
        (("<=", 1, "G"), ("<=", 3, "A")),
        "R",
    ),
    "10.7.4": _TREND_ONLY,
    "17.3.2": LevelRule(N_("trend arrow only: no level rating"), (), "grey"),
    "10.7.3": LevelRule(
        N_("no level rating: the metadata forbids trend use; shown as context"), (), "grey"
    ),
    "context": LevelRule(N_("no level rating: a context indicator"), (), "grey"),
}


def rag_level(value: float | None, rule: str | LevelRule) -> Rag:
    """The §3 rag_level of the latest value under a rule (key of LEVEL_RULES or a LevelRule)."""
    spec = LEVEL_RULES[rule] if isinstance(rule, str) else rule
    if value is None or math.isnan(value):
        return "grey"
    for op, bound, rag in spec.bands:
        if _OPS[op](value, bound):
            return rag
    if spec.otherwise is None:
        raise ValueError(f"value {value} is outside every band of the rule '{spec.text}'")
    return spec.otherwise


def rag_level_vs_baseline(
    value: float | None, *, target: float, baseline: float, strict: bool = False
) -> Rag:
    """§3 cross-country rules: G ≥ target; A ≥ baseline (> baseline if strict); else R.

    10.7.2 regional (% of countries meeting) uses `strict=False`; P.* cross-country
    ('A > baseline (improving); R ≤ baseline') uses `strict=True`.
    """
    if value is None or math.isnan(value):
        return "grey"
    if value >= target:
        return "G"
    improving = value > baseline if strict else value >= baseline
    return "A" if improving else "R"


# ---------------------------------------------------------------- binary rule (§4)


@dataclass(frozen=True)
class BinaryResult(Labelled):
    """A yes/no process item (or set of conditions) judged by the binary rule; no score."""

    name: str
    status: Status
    conditions: tuple[tuple[str, float | None], ...]
    method: str = METHOD_BINARY
    score: float | None = None
    target_achieved: bool = False
    source: str = SOURCE


def binary_progress(
    conditions: Mapping[str, float | None] | float | None, *, name: str = ""
) -> BinaryResult:
    """Binary rule: 'Target achieved' if all conditions are met (value 1), else 'not achieved'.

    Items are coded 1 / 0.5 / 0 (§2); 0.5 (partial, draft) does not meet a condition. An
    unanswered item (None) counts as not met, as blanks score 0 (§2); none answered → n/a.
    """
    items = conditions if isinstance(conditions, Mapping) else {name or "item": conditions}
    for key, v in items.items():
        if v is not None and v not in (0, 0.5, 1):
            raise ValueError(f"binary item {key!r} has value {v}; expected 1, 0.5, 0 or blank")
    pairs = tuple((str(k), None if v is None else float(v)) for k, v in items.items())
    if all(v is None for _, v in pairs):
        status = Status.NOT_AVAILABLE
    elif all(v == 1 for _, v in pairs):
        status = Status.TARGET_ACHIEVED
    else:
        status = Status.TARGET_NOT_ACHIEVED
    return BinaryResult(name, status, pairs, target_achieved=status is Status.TARGET_ACHIEVED)
