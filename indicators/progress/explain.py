"""Why a progress status: plain-language explanations of a series, aggregate or binary result.

Companion of indicators/progress/method.py (the Open SDG measure of indicators.md §4). Here:
- `explain(result)` writes the inputs, the formula with the numbers filled in, the thresholds,
  the method and its source, or exactly what is missing when the status is "Not available";
- labels, symbols and colours of each status are in indicators/progress/styles.py;
- the level RAG rules and the binary rule they explain are in indicators/progress/levels.py.
"""

from __future__ import annotations

import math

from indicators.progress.levels import BinaryResult
from indicators.progress.method import (
    SCORE_LIMITED,
    SCORE_MODERATE,
    SCORE_ON_TRACK,
    STATUS_LABELS,
    AggregateResult,
    Problem,
    ProgressResult,
    Status,
)
from indicators.progress.styles import badge

# ---------------------------------------------------------------- explanations


def _num(v: float) -> str:
    if math.isinf(v):
        return "−∞" if v < 0 else "+∞"
    text = f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.4g}"
    return text.replace("-", "−")


def _pct(rate: float) -> str:
    p = rate * 100
    return (f"{p:.1f} %" if abs(p) >= 1 else f"{p:.2f} %").replace("-", "−")


def _score(score: float) -> str:
    return f"{score:+.2f}".replace("-", "−")


def _signed(n: int) -> str:
    return "+1" if n > 0 else "−1"


_DIRECTION_TEXT = {
    "negative": "lower is better (direction: negative)",
    "positive": "higher is better (direction: positive)",
    "none": "no desired direction (context indicator)",
}


def _problem_text(r: ProgressResult) -> str:
    years = list(r.series.values)
    span = f"{years[0]}–{years[-1]}" if years else ""
    texts = {
        Problem.NO_DIRECTION: "the indicator has no desired direction, so progress is not judged",
        Problem.NO_DATA: "the series has no values",
        Problem.ONE_POINT: (
            f"only one data point ({r.current_year}: {_num(r.current_value or 0)}); "
            "at least two years are needed to compute a growth rate"
        ),
        Problem.NO_BASE: (
            f"no base value: no data in or after the base year {r.base_year_requested} "
            f"(data cover {span})"
        ),
        Problem.ONE_YEAR_SINCE_BASE: (
            f"only one year ({r.base_year}) at or after the base year {r.base_year_requested}; "
            "at least two years from the base year on are needed"
        ),
        Problem.MIXED_SIGN: (
            "the values do not all have the same sign (some positive, some negative), so the "
            "exponential growth model does not apply"
        ),
        Problem.TARGET_SIGN: "the target and the base value have different signs",
        Problem.TARGET_YEAR: f"the target year {r.target_year} is not after the base year",
        Problem.NOT_ASSESSED: "progress is deliberately not assessed for this indicator",
        Problem.CONTEXT: "this is a context indicator: shown, never assessed",
    }
    return "; ".join(texts[p] for p in r.problems)


def _inputs(r: ProgressResult) -> list[str]:
    lines = [f"Desired direction: {_DIRECTION_TEXT[r.direction]}."]
    if r.base_year is not None and r.base_value is not None:
        moved = r.base_year != r.base_year_requested
        why = f" ({r.base_year_requested} has no value: first year after it)" if moved else ""
        lines.append(f"Base: {r.base_year} = {_num(r.base_value)}{why}.")
    if r.current_year is not None and r.current_value is not None:
        lines.append(
            f"Current (latest year with data): {r.current_year} = {_num(r.current_value)}."
        )
    if r.target is not None:
        lines.append(f"Target: {_num(r.target)} by {r.target_year}.")
    elif r.direction != "none":
        lines.append("No target: progress is judged on the growth rate in the desired direction.")
    if r.limit is not None:
        lines.append(f"Natural limit: {_num(r.limit)}.")
    quarterly = {y: d for y, d in r.series.details.items() if d.startswith("mean")}
    used = [y for y in (r.base_year, r.current_year) if y in quarterly]
    lines += [f"{y} value = {quarterly[y]}." for y in used]
    return lines


def _formula(r: ProgressResult) -> list[str]:
    assert r.cagr_actual is not None and r.progress_value is not None and r.thresholds
    assert r.base_year is not None and r.current_year is not None and r.sign is not None
    d = 1 if r.direction == "positive" else -1
    n = r.current_year - r.base_year
    lines = [
        f"CAGR actual = ({_num(r.current_value or 0)} / {_num(r.base_value_used or 0)})^(1/{n})"
        f" − 1 = {_pct(r.cagr_actual)} a year."
    ]
    x, t = r.progress_value, r.thresholds
    if r.cagr_required is not None and r.target_year is not None:
        m = r.target_year - r.base_year
        lines.append(
            f"CAGR required = ({_num(r.target_used or 0)} / {_num(r.base_value_used or 0)})"
            f"^(1/{m}) − 1 = {_pct(r.cagr_required)} a year (to reach the target by "
            f"{r.target_year})."
        )
        if r.sign * d * r.cagr_required < 0:
            lines.append(
                "The base value already met the target, so the required rate points against the "
                "desired direction; R uses its size only."
            )
        lines.append(
            f"R = sign × d × CAGR actual / |CAGR required| = ({_signed(r.sign)}) × ({_signed(d)})"
            f" × ({_pct(r.cagr_actual)}) / {_pct(abs(r.cagr_required))} = {_num(x)}."
        )
        lines.append(
            f"Thresholds for R: On track ≥ {t.high:.2f}; Progress made but acceleration needed "
            f"≥ {t.med:.2f}; Limited progress ≥ {t.low:g}; Deterioration < {t.low:g}."
        )
        formula = "min(7.1429 × R − 4.2857, 5)" if x >= t.med else "max(4.1667 × R − 2.5, −5)"
    else:
        lines.append(
            f"Progress value = sign × d × CAGR = ({_signed(r.sign)}) × ({_signed(d)}) × "
            f"({_pct(r.cagr_actual)}) = {_pct(x)} a year."
        )
        scaled = ""
        if t.coefficient is not None:
            scaled = (
                f" (each multiplied by C = {t.coefficient:.3f}, the scaling factor for a base "
                f"value of {_num(r.base_value or 0)} near the limit {_num(r.limit or 0)}, a = 4.44)"
            )
        lines.append(
            f"Thresholds: On track ≥ {_pct(t.high)} a year; Progress made but acceleration "
            f"needed ≥ {_pct(t.med)}; Limited progress ≥ 0 %; Deterioration < 0 %{scaled}."
        )
        c = "" if t.coefficient is None else " / C"
        formula = (
            "max(125 × x − 2.5, −5)"
            if x < t.low
            else f"min(500 × x{c} − 5, 5)"
            if x >= t.high
            else f"250 × x{c} − 1.25"
            if x >= t.med
            else f"500 × x{c} − 2.5"
        )
    if not r.target_achieved and r.score is not None:
        lines.append(f"→ {STATUS_LABELS[r.status]}. Score = {formula} = {_score(r.score)}.")
    return lines


def _explain_series(r: ProgressResult) -> list[str]:
    lines = _inputs(r)
    if r.target_achieved:
        op = "≤" if r.direction == "negative" else "≥"
        lines.append(
            f"The latest value {_num(r.current_value or 0)} is {op} the target "
            f"{_num(r.target_used or 0)}, so the target is achieved; the score is +5 whatever "
            "the trend."
        )
    if r.status is Status.CONTEXT:
        lines.append(f"Not assessed: {_problem_text(r)}.")
    elif r.problems and r.status is Status.NOT_AVAILABLE:
        lines.append(f"Not available because {_problem_text(r)}.")
    elif r.problems:
        lines.append(f"No growth rate was computed: {_problem_text(r)}.")
    if r.progress_value is not None:
        lines += _formula(r)
    lines += [f"Note: {n}." for n in r.notes]
    return lines


def _explain_aggregate(r: AggregateResult) -> list[str]:
    scored = [c for c in r.components if c.score is not None]
    lines = [f"  {badge(c)}: {c.name or 'series'} (score {_score(c.score or 0)})" for c in scored]
    lines += [
        f"  {badge(c)}: {c.name or 'series'}, left out (no score)"
        for c in r.components
        if c.score is None
    ]
    if scored and r.score is not None:
        terms = " + ".join(f"({_score(c.score or 0)})" for c in scored)
        lines.append(
            f"Score = mean of {len(scored)} series scores = ({terms}) / {len(scored)} "
            f"= {_score(r.score)}."
        )
        lines.append(
            f"Status from the score: On track [{SCORE_ON_TRACK}, 5]; Progress made but "
            f"acceleration needed [{SCORE_MODERATE:g}, {SCORE_ON_TRACK}); Limited progress "
            f"[{_num(SCORE_LIMITED)}, 0); Deterioration [−5, {_num(SCORE_LIMITED)}). "
            f"Target achieved only if all series achieve it: "
            f"{sum(c.target_achieved for c in scored)} of {len(scored)} do."
        )
    else:
        lines.append("Not available because no component series has a score.")
    return lines


def _explain_binary(r: BinaryResult) -> list[str]:
    def word(v: float | None) -> str:
        if v is None:
            return "not answered (counted as not met)"
        return {1.0: "1 (met)", 0.5: "0.5 (partial or draft: not met)"}.get(v, "0 (not met)")

    lines = [f"  {k}: {word(v)}" for k, v in r.conditions]
    if r.status is Status.NOT_AVAILABLE:
        lines.append("Not available because no condition was answered.")
    else:
        met = sum(v == 1 for _, v in r.conditions)
        lines.append(
            f"Binary rule: 'Target achieved' if all conditions are met, else 'Target not "
            f"achieved'; {met} of {len(r.conditions)} met. No growth rate is computed."
        )
    return lines


def explain(result: ProgressResult | AggregateResult | BinaryResult) -> str:
    """Plain-language 'why this status': inputs, formula with numbers, thresholds and source."""
    score = "" if result.score is None else f" (score {_score(result.score)} on a −5 to +5 scale)"
    head = f"{result.name or 'Series'}: {badge(result)}{score}."
    if isinstance(result, ProgressResult):
        body = _explain_series(result)
    elif isinstance(result, AggregateResult):
        body = _explain_aggregate(result)
    else:
        body = _explain_binary(result)
    tail = f"Method: {result.method}. Source: {result.source}."
    return "\n".join([head, *body, tail])


# ---------------------------------------------------------------- the one-sentence answer

_WHAT_WOULD_CHANGE = {
    Problem.NO_DATA: "it gets a status once values for this country are published",
    Problem.ONE_POINT: "it gets a status once a second year is published",
    Problem.NO_BASE: "it gets a status once values from the base year on are published",
    Problem.ONE_YEAR_SINCE_BASE: "it gets a status once a second year after the base is published",
    Problem.MIXED_SIGN: "the growth model cannot apply until the values share one sign",
    Problem.TARGET_SIGN: "a target on the same side of zero as the data would give a status",
    Problem.TARGET_YEAR: "a target year after the base year would give a status",
    Problem.NO_DIRECTION: "a desired direction would have to be defined first",
    Problem.NOT_ASSESSED: "the method is not applied to it",
}


def _moved(r: ProgressResult) -> str:
    """'the value went from 8.83 (2015) to 9.24 (2021), up 0.76 % a year'."""
    rate = r.cagr_actual or 0.0
    way = "up" if rate > 0 else "down" if rate < 0 else "unchanged"
    return (
        f"the value went from {_num(r.base_value or 0)} ({r.base_year}) to "
        f"{_num(r.current_value or 0)} ({r.current_year}), {way} {_pct(abs(rate))} a year"
    )


def _series_sentence(r: ProgressResult, label: str) -> str:
    if r.status is Status.CONTEXT:
        why = (r.notes[0] if r.notes else _problem_text(r)).removeprefix("context: ")
        return f"{label}: shown for information only, never given a progress status, because {why}."
    if r.status is Status.NOT_AVAILABLE or r.cagr_actual is None:
        change = _WHAT_WOULD_CHANGE.get(r.problems[0]) if r.problems else None
        return f"{label}: {_problem_text(r) or 'no status'}" + (f"; {change}." if change else ".")
    if r.target_achieved:
        return (
            f"{label}: the latest value {_num(r.current_value or 0)} ({r.current_year}) already "
            f"meets the target {_num(r.target or 0)}; it changes only if the value moves back "
            "past the target."
        )
    if r.cagr_required is not None:
        need = r.cagr_required
        way = "down" if need < 0 else "up"
        then = (
            "it stays on track while it keeps at least 95 % of that pace"
            if r.status is Status.SUBSTANTIAL
            else "at 95 % of that pace or more it would be on track"
        )
        return (
            f"{label}: {_moved(r)}, while reaching the target {_num(r.target or 0)} by "
            f"{r.target_year} needs {_pct(abs(need))} a year {way}; {then}."
        )
    better = "lower" if r.direction == "negative" else "higher"
    high = _pct(r.thresholds.high) if r.thresholds else "1.5 %"
    return (
        f"{label}: {_moved(r)} ({better} is better); on track means at least {high} a year "
        "in the desired direction."
    )


def summary_sentence(result: ProgressResult | AggregateResult | BinaryResult) -> str:
    """ONE plain sentence: the status, because of what, and what would change it."""
    label = STATUS_LABELS[result.status]
    if isinstance(result, ProgressResult):
        return _series_sentence(result, label)
    if isinstance(result, BinaryResult):
        n = len(result.conditions)
        met = sum(v == 1 for _, v in result.conditions)
        if result.status is Status.NOT_AVAILABLE:
            return f"{label}: none of the {n} conditions was answered; answers give a status."
        if result.target_achieved:
            return f"{label}: all {n} conditions are met; it changes if one is no longer met."
        return f"{label}: {met} of {n} conditions are met; meeting all {n} achieves the target."
    scored = [c for c in result.components if c.score is not None]
    if result.score is None:
        return f"{label}: no component series has a score; a scored series gives a status."
    return (
        f"{label}: the mean score of its {len(scored)} series is {_score(result.score)} on a "
        "−5 to +5 scale; it moves with the series listed below."
    )
