"""The vocabulary of the progress measure (indicators.md §4): constants, statuses, results.

Separate from the computation (indicators/progress/method.py) so the explanations and styles can use
the same names without importing the measure itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from core.i18n import N_
from core.i18n.lazy import Messages
from indicators.progress.inputs import AnnualSeries

Direction = Literal["positive", "negative", "none"]
Rag = Literal["G", "A", "R", "grey"]

# Implemented after open-sdg/sdg-build sdg/ProgressMeasure.py (commit 139fede7) and the project
# spec (indicators.md §4); the text shown to officers names the method and its documentation.
# These are English msgids (marked N_): results keep them as data, texts translate them on use.
SOURCE = N_(
    "Open SDG progress measure (Statistics Canada method), as documented in the Open SDG "
    "progress methodology"
)
METHOD_TARGET = N_("Open SDG progress measure, method 2 (quantitative target)")
METHOD_DIRECTION = N_("Open SDG progress measure, method 1 (no target: direction only)")
METHOD_BINARY = N_("Open SDG rule for binary indicators")
METHOD_NONE = N_("not assessed")
METHOD_AGGREGATE = N_("Open SDG aggregate: mean of series scores")

# "base_year (default 2015; if absent from the data, the next available year)"
DEFAULT_BASE_YEAR = 2015
# "target (optional) and target_year (default 2030)"
DEFAULT_TARGET_YEAR = 2030
# "direction ∈ {positive, negative}, default negative"
DEFAULT_DIRECTION: Direction = "negative"
# "A base or target value of 0 is replaced by 0.001."
ZERO_REPLACEMENT = 0.001
# Limit scaling "C (a = 4.44)": the exponent of the threshold-reduction factor near a limit.
LIMIT_EXPONENT = 4.44
# Scores are bounded: "-5 for substantial deterioration to +5 for substantial progress".
SCORE_MAX = 5.0
SCORE_MIN = -5.0
# Score bands: "[2.5,5] substantial ('On track'); [0,2.5) moderate; [-2.5,0) limited; [-5,-2.5)".
SCORE_ON_TRACK = 2.5
SCORE_MODERATE = 0.0
SCORE_LIMITED = -2.5


class Status(StrEnum):
    """Progress status codes of indicators.md §4 (plus the binary rule's 'not achieved')."""

    TARGET_ACHIEVED = "target_achieved"
    SUBSTANTIAL = "substantial_progress"
    MODERATE = "moderate_progress"
    LIMITED = "limited_progress"
    DETERIORATION = "deterioration"
    NOT_AVAILABLE = "not_available"
    TARGET_NOT_ACHIEVED = "target_not_achieved"  # binary indicators only
    # A context indicator: shown, never assessed (no custodian direction, or the metadata
    # forbids trend use). Not "Not available": nothing is missing (issue 10).
    CONTEXT = "not_assessed_context"


# Labels as published by Open SDG (docs/progress-methodology.md tables), read in the language in
# use (core/i18n/lazy.py). French and Spanish follow Open SDG's own translations of these statuses
# (github.com/open-sdg/sdg-translations, translations/{fr,es}/status.yml at commit 0cda5858:
# target_achieved, substantial_progress, moderate_progress, limited_progress, deterioration,
# progress_not_available), except where the UN's SDG vocabulary says otherwise: Spanish
# "Meta alcanzada" (a target is a "meta"; "objetivo" is a Goal) and "No disponible" (a status
# can be unavailable with data, e.g. values of mixed sign, so not "No hay datos").
STATUS_LABELS: Messages[Status] = Messages(
    {
        Status.TARGET_ACHIEVED: N_("Target achieved"),
        Status.SUBSTANTIAL: N_("On track"),
        Status.MODERATE: N_("Progress made but acceleration needed"),
        Status.LIMITED: N_("Limited progress"),
        Status.DETERIORATION: N_("Deterioration"),
        Status.NOT_AVAILABLE: N_("Not available"),
        Status.TARGET_NOT_ACHIEVED: N_("Target not achieved"),
        Status.CONTEXT: N_("Not assessed (context)"),
    }
)

# `rag_trend` mapping [PROJECT] of §4. The binary "not achieved" has no entry there; it is red
# because a required condition is not met (the level RAG still shows 0.5 as amber).
RAG_TREND: dict[Status, Rag] = {
    Status.TARGET_ACHIEVED: "G",
    Status.SUBSTANTIAL: "G",
    Status.MODERATE: "A",
    Status.LIMITED: "R",
    Status.DETERIORATION: "R",
    Status.NOT_AVAILABLE: "grey",
    Status.TARGET_NOT_ACHIEVED: "R",
    Status.CONTEXT: "grey",
}


class Problem(StrEnum):
    """Why a series cannot be assessed (status not_available); explained in progress_explain."""

    NO_DIRECTION = "no_direction"
    NO_DATA = "no_data"
    ONE_POINT = "one_point"
    NO_BASE = "no_base"
    ONE_YEAR_SINCE_BASE = "one_year_since_base"
    MIXED_SIGN = "mixed_sign"
    TARGET_SIGN = "target_sign"
    TARGET_YEAR = "target_year"
    NOT_ASSESSED = "not_assessed"
    CONTEXT = "context"


@dataclass(frozen=True)
class Thresholds:
    """Progress thresholds (already multiplied by the limit coefficient C when one applies)."""

    high: float
    med: float
    low: float
    coefficient: float | None = None  # C; None when no limit is set


# Method 2: "thresholds: high 0.95, med 0.60, low 0" (ratio R of observed / required CAGR).
THRESHOLDS_TARGET = Thresholds(high=0.95, med=0.60, low=0.0)
# Method 1: "thresholds: high 0.015, med 0.005, low 0" (CAGR, i.e. 1.5 % and 0.5 % a year).
THRESHOLDS_NO_TARGET = Thresholds(high=0.015, med=0.005, low=0.0)


class Labelled:
    """Label and rag_trend colour of a result's status."""

    status: Status

    @property
    def label(self) -> str:
        """The Open SDG label of the status, in the language in use."""
        return STATUS_LABELS[self.status]

    @property
    def rag(self) -> Rag:
        """The rag_trend colour code of §4."""
        return RAG_TREND[self.status]


@dataclass(frozen=True)
class ProgressResult(Labelled):
    """The progress status of one series, with every input and intermediate value used."""

    name: str
    status: Status
    score: float | None
    method: str
    direction: Direction
    base_year_requested: int
    base_year: int | None = None
    base_value: float | None = None  # as observed; base_value_used is after the 0 → 0.001 rule
    base_value_used: float | None = None
    current_year: int | None = None
    current_value: float | None = None
    target: float | None = None
    target_used: float | None = None
    target_year: int | None = None
    limit: float | None = None
    sign: int | None = None
    cagr_actual: float | None = None
    cagr_required: float | None = None
    progress_value: float | None = None  # R (method 2) or sign·d·CAGR (method 1)
    thresholds: Thresholds | None = None
    target_achieved: bool = False
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()
    series: AnnualSeries = field(default_factory=lambda: AnnualSeries({}))
    source: str = SOURCE


@dataclass(frozen=True)
class AggregateResult(Labelled):
    """Several series (or groups) combined by their mean score, as Open SDG aggregates them."""

    name: str
    status: Status
    score: float | None
    target_achieved: bool
    components: tuple[ProgressResult | AggregateResult, ...]
    method: str = METHOD_AGGREGATE
    source: str = SOURCE

    @property
    def excluded(self) -> tuple[str, ...]:
        """Names of components left out of the mean because they have no score."""
        return tuple(c.name for c in self.components if c.score is None)
