"""Progress towards target: the Open SDG progress measure of indicators.md §4, as pure functions.

Reproduces open-sdg/sdg-build `sdg/ProgressMeasure.py` (commit 139fede7; Statistics Canada method,
documented in open-sdg/open-sdg `docs/progress-methodology.md`). Method 2 compares the observed
compound annual growth rate (CAGR) with the CAGR needed to reach a quantitative target; method 1
(no target) compares the CAGR with fixed growth thresholds. Scores run from −5 to +5 and several
series aggregate by their mean score. Binary (yes/no) items follow the methodology's binary rule.
Plain-language explanations are in indicators/progress/explain.py, labels, symbols and colours
in indicators/progress/styles.py, the statuses and result types in indicators/progress/model.py.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

import polars as pl

from core.i18n import N_
from indicators.progress.inputs import AnnualSeries, annual_series
from indicators.progress.model import (
    DEFAULT_BASE_YEAR,
    DEFAULT_DIRECTION,
    DEFAULT_TARGET_YEAR,
    LIMIT_EXPONENT,
    METHOD_BINARY,
    METHOD_DIRECTION,
    METHOD_NONE,
    METHOD_TARGET,
    RAG_TREND,
    SCORE_LIMITED,
    SCORE_MAX,
    SCORE_MIN,
    SCORE_MODERATE,
    SCORE_ON_TRACK,
    SOURCE,
    STATUS_LABELS,
    THRESHOLDS_NO_TARGET,
    THRESHOLDS_TARGET,
    ZERO_REPLACEMENT,
    AggregateResult,
    Direction,
    Labelled,
    Problem,
    ProgressResult,
    Rag,
    Status,
    Thresholds,
)

# The model names are part of this module's API (callers import them from here).
__all__ = [
    "DEFAULT_BASE_YEAR",
    "DEFAULT_DIRECTION",
    "DEFAULT_TARGET_YEAR",
    "LIMIT_EXPONENT",
    "METHOD_BINARY",
    "METHOD_DIRECTION",
    "METHOD_NONE",
    "METHOD_TARGET",
    "RAG_TREND",
    "SCORE_LIMITED",
    "SCORE_MAX",
    "SCORE_MIN",
    "SCORE_MODERATE",
    "SCORE_ON_TRACK",
    "SOURCE",
    "STATUS_LABELS",
    "THRESHOLDS_NO_TARGET",
    "THRESHOLDS_TARGET",
    "ZERO_REPLACEMENT",
    "AggregateResult",
    "AnnualSeries",
    "Direction",
    "Labelled",
    "Problem",
    "ProgressResult",
    "Rag",
    "Status",
    "Thresholds",
    "annual_series",
]


# ---------------------------------------------------------------- the measure


def cagr(v1: float, v0: float, t1: float, t0: float) -> float:
    """Compound annual growth rate `(v1 / v0) ** (1 / (t1 - t0)) - 1` (growth_calculation)."""
    return float((v1 / v0) ** (1 / (t1 - t0)) - 1)


def limit_coefficient(base_value: float, limit: float) -> float:
    """The threshold scaling factor C near a natural limit (a = 4.44), as ProgressMeasure.py."""
    base, lim = abs(base_value), abs(limit)
    if base >= 2 * lim:  # checked first so that base = limit = 0 gives C = 1
        return 1.0
    if base <= lim:
        return float(1 - (base / lim) ** LIMIT_EXPONENT)
    return float(1 - ((2 * lim - base) / lim) ** LIMIT_EXPONENT)


def thresholds_for(
    *, has_target: bool, base_value: float, limit: float | None = None
) -> Thresholds:
    """Thresholds of the method; without a target, each is multiplied by C if a limit is set."""
    if has_target:
        return THRESHOLDS_TARGET  # "Ignoring limit … as target already provided"
    if limit is None:
        return THRESHOLDS_NO_TARGET
    c = limit_coefficient(base_value, limit)
    t = THRESHOLDS_NO_TARGET
    return Thresholds(high=t.high * c, med=t.med * c, low=t.low * c, coefficient=c)


def status_from_value(value: float | None, thresholds: Thresholds, achieved: bool) -> Status:
    """Series status from R or CAGR against the thresholds (get_progress_status)."""
    cuts = (thresholds.high, thresholds.med, thresholds.low)
    return _banded(value, cuts, achieved)


def status_from_score(score: float | None, achieved: bool) -> Status:
    """Aggregate status from a −5…+5 score (get_progress_status_from_score)."""
    return _banded(score, (SCORE_ON_TRACK, SCORE_MODERATE, SCORE_LIMITED), achieved)


def _banded(x: float | None, cuts: tuple[float, float, float], achieved: bool) -> Status:
    if achieved:  # "target_achieved" overrides the thresholds
        return Status.TARGET_ACHIEVED
    if x is None:
        return Status.NOT_AVAILABLE
    bands = (Status.SUBSTANTIAL, Status.MODERATE, Status.LIMITED)
    return next((s for s, cut in zip(bands, cuts, strict=True) if x >= cut), Status.DETERIORATION)


def score_with_target(r: float) -> float:
    """Method 2 score: R ≥ 0.60 → min(7.1429 R − 4.2857, 5); else max(4.1667 R − 2.5, −5)."""
    if r >= THRESHOLDS_TARGET.med:
        return min(7.1429 * r - 4.2857, SCORE_MAX)
    return max(4.1667 * r - 2.5, SCORE_MIN)


def score_without_target(x: float, thresholds: Thresholds) -> float:
    """Method 1 score (x = sign·d·CAGR); thresholds already scaled, x normalised by C."""
    c = 1.0 if thresholds.coefficient is None else thresholds.coefficient
    if x < thresholds.low:
        return max(125 * x - 2.5, SCORE_MIN)
    if c == 0:  # base value is at the limit and is maintained or exceeded: "On track", +5
        return SCORE_MAX
    if x >= thresholds.high:
        return min(500 * x / c - 5, SCORE_MAX)
    if x >= thresholds.med:
        return 250 * x / c - 1.25
    return 500 * x / c - 2.5


def progress(
    data: pl.DataFrame | Mapping[int | str, float | None] | AnnualSeries,
    *,
    direction: Direction = DEFAULT_DIRECTION,
    target: float | None = None,
    target_year: int = DEFAULT_TARGET_YEAR,
    base_year: int = DEFAULT_BASE_YEAR,
    limit: float | None = None,
    name: str = "",
) -> ProgressResult:
    """Progress status of one series by the Open SDG method of indicators.md §4."""
    series = data if isinstance(data, AnnualSeries) else annual_series(data)
    target_used = ZERO_REPLACEMENT if target == 0 else target
    method = METHOD_DIRECTION if target is None else METHOD_TARGET
    result = ProgressResult(
        name=name,
        status=Status.NOT_AVAILABLE,
        score=None,
        method=METHOD_NONE if direction == "none" else method,
        direction=direction,
        base_year_requested=base_year,
        target=target,
        target_used=target_used,
        target_year=target_year if target is not None else None,
        limit=limit,
        series=series,
        notes=_zero_notes(target, _TARGET_ZERO) + _ignored_limit(target, limit),
    )
    years = list(series.values)
    if direction == "none":
        return replace(result, problems=(Problem.NO_DIRECTION,))
    if not years:
        return replace(result, problems=(Problem.NO_DATA,))
    d = 1 if direction == "positive" else -1
    cur_year, cur = years[-1], series.values[years[-1]]
    achieved = target_used is not None and (
        (d == -1 and cur <= target_used) or (d == 1 and cur >= target_used)
    )
    b_year = next((y for y in years if y >= base_year), None)
    base = series.values[b_year] if b_year is not None else None
    result = replace(
        result,
        current_year=cur_year,
        current_value=cur,
        base_year=b_year,
        base_value=base,
        target_achieved=achieved,
        # "score: 5 if target achieved", whatever the trend (and even without one)
        status=Status.TARGET_ACHIEVED if achieved else Status.NOT_AVAILABLE,
        score=SCORE_MAX if achieved else None,
    )
    problems = _problems(series, b_year, cur_year, target_used, target_year)
    if problems or base is None or b_year is None:
        return replace(result, problems=problems)
    # The series' sign, from the observed base (or, if it is 0, from the other values: all share
    # one sign), so a zero base is replaced by +/-0.001 on the side of the series.
    negative = base < 0 or (base == 0 and any(v < 0 for v in series.values.values()))
    sign = -1 if negative else 1
    thresholds = thresholds_for(has_target=target is not None, base_value=base, limit=limit)
    base_used = sign * ZERO_REPLACEMENT if base == 0 else base
    actual = cagr(cur, base_used, cur_year, b_year)
    required = None
    if target_used is None:
        value = sign * d * actual
        score = score_without_target(value, thresholds)
    else:
        required = cagr(target_used, base_used, target_year, b_year)
        value = _ratio(sign * d * actual, required)
        score = score_with_target(value)
    return replace(
        result,
        status=status_from_value(value, thresholds, achieved),
        score=SCORE_MAX if achieved else score,
        sign=sign,
        base_value_used=base_used,
        cagr_actual=actual,
        cagr_required=required,
        progress_value=value,
        thresholds=thresholds,
        notes=result.notes + _zero_notes(base, _BASE_ZERO) + _limit_notes(base, limit, d, target),
    )


def _ratio(numerator: float, required: float) -> float:
    # The target equals the base value: any move towards it is infinitely fast relative to 0.
    if required == 0:
        return math.copysign(math.inf, numerator) if numerator else 0.0
    return numerator / abs(required)


def _problems(
    series: AnnualSeries,
    base_year: int | None,
    current_year: int,
    target: float | None,
    target_year: int,
) -> tuple[Problem, ...]:
    values = list(series.values.values())
    out: list[Problem] = []
    if len(values) == 1:
        out.append(Problem.ONE_POINT)
    elif base_year is None:
        out.append(Problem.NO_BASE)
    elif base_year >= current_year:
        out.append(Problem.ONE_YEAR_SINCE_BASE)
    # "all values must have the same sign" (§4; the docs' minimum requirement 2). Zero has none.
    if any(v > 0 for v in values) and any(v < 0 for v in values):
        out.append(Problem.MIXED_SIGN)
    elif target is not None and base_year is not None:
        negative = any(v < 0 for v in values)
        base = series.values[base_year] or (-ZERO_REPLACEMENT if negative else ZERO_REPLACEMENT)
        if base * target < 0:
            out.append(Problem.TARGET_SIGN)
        if target_year <= base_year:
            out.append(Problem.TARGET_YEAR)
    return tuple(out)


# Notes are catalog messages (English msgids kept in the result, translated where shown); the
# numbers they concern are in the explanation's inputs (base, target, natural limit).
_TARGET_ZERO = N_("target 0 replaced by 0.001 (the exponential model cannot use 0)")
_BASE_ZERO = N_("base value 0 replaced by 0.001 (the exponential model cannot use 0)")
_LIMIT_IGNORED = N_("the natural limit is ignored: a target is set (limits apply to method 1 only)")
_BEYOND_LIMIT = N_("the base value is already beyond the natural limit: read with care")


def _zero_notes(value: float | None, note: str) -> tuple[str, ...]:
    return (note,) if value == 0 else ()


def _ignored_limit(target: float | None, limit: float | None) -> tuple[str, ...]:
    return (_LIMIT_IGNORED,) if target is not None and limit is not None else ()


def _limit_notes(base: float, limit: float | None, d: int, target: float | None) -> tuple[str, ...]:
    if limit is None or target is not None:
        return ()
    if (d == -1 and base < limit) or (d == 1 and base > limit):
        return (_BEYOND_LIMIT,)
    return ()


def not_assessed(
    name: str, reason: str, *, direction: Direction = "none", context: bool = False
) -> ProgressResult:
    """A series deliberately not assessed (auto_progress_calculation: false), e.g. 10.7.3.

    context=True: a context indicator (status "Not assessed (context)"); otherwise the status
    is "Not available" (the method cannot be applied to these data).
    """
    return ProgressResult(
        name=name,
        status=Status.CONTEXT if context else Status.NOT_AVAILABLE,
        score=None,
        method=METHOD_NONE,
        direction=direction,
        base_year_requested=DEFAULT_BASE_YEAR,
        problems=(Problem.CONTEXT if context else Problem.NOT_ASSESSED,),
        notes=(reason,),
    )


# ---------------------------------------------------------------- aggregation


def aggregate(
    components: Sequence[ProgressResult | AggregateResult], *, name: str = ""
) -> AggregateResult:
    """Mean score of the components that have one; target achieved only if ALL of them achieve it.

    Components without a score (not available) are left out, as in IndicatorProgress. Pass
    AggregateResults as components to average groups first, then the group means.
    """
    scored = [c for c in components if c.score is not None]
    score = sum(c.score for c in scored if c.score is not None) / len(scored) if scored else None
    achieved = bool(scored) and all(c.target_achieved for c in scored)
    return AggregateResult(
        name=name,
        status=status_from_score(score, achieved),
        score=score,
        target_achieved=achieved,
        components=tuple(components),
    )
