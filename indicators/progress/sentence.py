"""The one-sentence answer to "why this status?" (`summary_sentence`), in the language in use.

Companion of indicators/progress/explain.py, which writes the full explanation below it; both
use `problem_text` (why a series has no status) and the status words from here.
"""

from __future__ import annotations

from core.i18n import N_, _
from indicators.progress.levels import BinaryResult
from indicators.progress.method import (
    STATUS_LABELS,
    AggregateResult,
    Problem,
    ProgressResult,
    Status,
)
from indicators.progress.numbers import num, pct, score_text


def problem_text(r: ProgressResult) -> str:
    """Why a series has no status, in words ('only one data point (2020: 3.2); ...')."""
    years = list(r.series.values)
    span = f"{years[0]}–{years[-1]}" if years else ""
    texts = {
        Problem.NO_DIRECTION: lambda: _(
            "the indicator has no desired direction, so progress is not judged"
        ),
        Problem.NO_DATA: lambda: _("the series has no values"),
        Problem.ONE_POINT: lambda: _(
            "only one data point ({year}: {value}); at least two years are needed to compute a "
            "growth rate"
        ).format(year=r.current_year, value=num(r.current_value or 0)),
        Problem.NO_BASE: lambda: _(
            "no base value: no data in or after the base year {base_year} (data cover {span})"
        ).format(base_year=r.base_year_requested, span=span),
        Problem.ONE_YEAR_SINCE_BASE: lambda: _(
            "only one year ({year}) at or after the base year {base_year}; at least two years "
            "from the base year on are needed"
        ).format(year=r.base_year, base_year=r.base_year_requested),
        Problem.MIXED_SIGN: lambda: _(
            "the values do not all have the same sign (some positive, some negative), so the "
            "exponential growth model does not apply"
        ),
        Problem.TARGET_SIGN: lambda: _("the target and the base value have different signs"),
        Problem.TARGET_YEAR: lambda: _(
            "the target year {target_year} is not after the base year"
        ).format(target_year=r.target_year),
        Problem.NOT_ASSESSED: lambda: _("progress is deliberately not assessed for this indicator"),
        Problem.CONTEXT: lambda: _("this is a context indicator: shown, never assessed"),
    }
    return "; ".join(texts[p]() for p in r.problems)


def status_words() -> dict[str, str]:
    """The four trend statuses by placeholder name, for the threshold sentences."""
    return {
        "on_track": STATUS_LABELS[Status.SUBSTANTIAL],
        "moderate": STATUS_LABELS[Status.MODERATE],
        "limited": STATUS_LABELS[Status.LIMITED],
        "deterioration": STATUS_LABELS[Status.DETERIORATION],
    }


# ---------------------------------------------------------------- the one-sentence answer

_WHAT_WOULD_CHANGE = {
    Problem.NO_DATA: N_("it gets a status once values for this country are published"),
    Problem.ONE_POINT: N_("it gets a status once a second year is published"),
    Problem.NO_BASE: N_("it gets a status once values from the base year on are published"),
    Problem.ONE_YEAR_SINCE_BASE: N_(
        "it gets a status once a second year after the base is published"
    ),
    Problem.MIXED_SIGN: N_("the growth model cannot apply until the values share one sign"),
    Problem.TARGET_SIGN: N_("a target on the same side of zero as the data would give a status"),
    Problem.TARGET_YEAR: N_("a target year after the base year would give a status"),
    Problem.NO_DIRECTION: N_("a desired direction would have to be defined first"),
    Problem.NOT_ASSESSED: N_("the method is not applied to it"),
}


def _moved(r: ProgressResult) -> str:
    """'the value went from 8.83 (2015) to 9.24 (2021), up 0.76 % a year'."""
    rate = r.cagr_actual or 0.0
    if rate > 0:
        text = _("the value went from {base} ({base_year}) to {current} ({year}), up {rate} a year")
    elif rate < 0:
        text = _(
            "the value went from {base} ({base_year}) to {current} ({year}), down {rate} a year"
        )
    else:
        text = _("the value went from {base} ({base_year}) to {current} ({year}), unchanged")
    return text.format(
        base=num(r.base_value or 0),
        base_year=r.base_year,
        current=num(r.current_value or 0),
        year=r.current_year,
        rate=pct(abs(rate)),
    )


def _context_reason(r: ProgressResult) -> str:
    why = _(r.notes[0]) if r.notes else problem_text(r)
    for prefix in ("context: ", _("context: ")):
        why = why.removeprefix(prefix)
    return why


def _series_sentence(r: ProgressResult, label: str) -> str:
    if r.status is Status.CONTEXT:
        return _(
            "{label}: shown for information only, never given a progress status, because {why}."
        ).format(label=label, why=_context_reason(r))
    if r.status is Status.NOT_AVAILABLE or r.cagr_actual is None:
        key = r.problems[0] if r.problems else None
        why = problem_text(r) or _("no status")
        if key in _WHAT_WOULD_CHANGE:
            return _("{label}: {why}; {change}.").format(
                label=label, why=why, change=_(_WHAT_WOULD_CHANGE[key])
            )
        return _("{label}: {why}.").format(label=label, why=why)
    if r.target_achieved:
        return _(
            "{label}: the latest value {value} ({year}) already meets the target {target}; it "
            "changes only if the value moves back past the target."
        ).format(
            label=label,
            value=num(r.current_value or 0),
            year=r.current_year,
            target=num(r.target or 0),
        )
    if r.cagr_required is not None:
        need = r.cagr_required
        if r.status is Status.SUBSTANTIAL:
            then = _("it stays on track while it keeps at least 95 % of that pace")
        else:
            then = _("at 95 % of that pace or more it would be on track")
        text = (
            _(
                "{label}: {moved}, while reaching the target {target} by {target_year} needs "
                "{rate} a year down; {then}."
            )
            if need < 0
            else _(
                "{label}: {moved}, while reaching the target {target} by {target_year} needs "
                "{rate} a year up; {then}."
            )
        )
        return text.format(
            label=label,
            moved=_moved(r),
            target=num(r.target or 0),
            target_year=r.target_year,
            rate=pct(abs(need)),
            then=then,
        )
    high = pct(r.thresholds.high) if r.thresholds else pct(0.015)
    text = (
        _(
            "{label}: {moved} (lower is better); on track means at least {high} a year in the "
            "desired direction."
        )
        if r.direction == "negative"
        else _(
            "{label}: {moved} (higher is better); on track means at least {high} a year in the "
            "desired direction."
        )
    )
    return text.format(label=label, moved=_moved(r), high=high)


def summary_sentence(result: ProgressResult | AggregateResult | BinaryResult) -> str:
    """ONE plain sentence: the status, because of what, and what would change it."""
    label = STATUS_LABELS[result.status]
    if isinstance(result, ProgressResult):
        return _series_sentence(result, label)
    if isinstance(result, BinaryResult):
        n = len(result.conditions)
        met = sum(v == 1 for _c, v in result.conditions)
        if result.status is Status.NOT_AVAILABLE:
            text = _("{label}: none of the {n} conditions was answered; answers give a status.")
        elif result.target_achieved:
            text = _("{label}: all {n} conditions are met; it changes if one is no longer met.")
        else:
            text = _(
                "{label}: {met} of {n} conditions are met; meeting all {n} achieves the target."
            )
        return text.format(label=label, n=n, met=met)
    scored = [c for c in result.components if c.score is not None]
    if result.score is None:
        return _(
            "{label}: no component series has a score; a scored series gives a status."
        ).format(label=label)
    return _(
        "{label}: the mean score of its {n} series is {score} on a −5 to +5 scale; it moves "
        "with the series listed below."
    ).format(label=label, n=len(scored), score=score_text(result.score))
