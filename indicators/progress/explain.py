"""Why a progress status: plain-language explanations of a series, aggregate or binary result.

Companion of indicators/progress/method.py (the Open SDG measure of indicators.md §4). Here:
- `explain(result)` writes the inputs, the formula with the numbers filled in, the thresholds,
  the method and its source, or exactly what is missing when the status is "Not available";
- labels, symbols and colours of each status are in indicators/progress/styles.py;
- the level RAG rules and the binary rule they explain are in indicators/progress/levels.py.
Every text is in the language in use (`core.i18n.use_language`; per Streamlit run or per report):
whole sentences with named placeholders are catalog messages, numbers are formatted by the
language's CLDR rules (core.i18n Translator: '1,066' / '1,066' / '−5.0 %').
"""

from __future__ import annotations

import math
import re

from core.i18n import N_, _, translator
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

# ---------------------------------------------------------------- numbers in the language


def _minus(text: str) -> str:
    return text.replace("-", "−")  # the typographic minus, as the formulas print it


def _num(v: float) -> str:
    """Up to 4 significant digits, thousands grouped: '1.066' / '1,066'; '12,345' / '12 345'."""
    if math.isinf(v):
        return "−∞" if v < 0 else "+∞"
    if v == 0:
        return "0"  # CLDR's significant-digit pattern writes zero as '0.0'
    return _minus(translator().sig(v))


def _pct(rate: float) -> str:
    """A yearly rate as a percentage: '−5.0 %' (en), '−5,0 %' (fr, es)."""
    p = rate * 100
    return _minus(translator().number(p, 1 if abs(p) >= 1 else 2)) + " %"


def _fixed(v: float, digits: int) -> str:
    return _minus(translator().number(v, digits))


def _score(score: float) -> str:
    return ("+" if score >= 0 else "−") + translator().number(abs(score), 2)


def _signed(n: int) -> str:
    return "+1" if n > 0 else "−1"


# ---------------------------------------------------------------- explanations

_QUARTERS = re.compile(r"mean of (?P<n>\d) of 4 quarters \((?P<quarters>[Q0-9, ]+)\)")
_DIRECTION_TEXT = {
    "negative": N_("lower is better (direction: negative)"),
    "positive": N_("higher is better (direction: positive)"),
    "none": N_("no desired direction (context indicator)"),
}


def _problem_text(r: ProgressResult) -> str:
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
        ).format(year=r.current_year, value=_num(r.current_value or 0)),
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


def _inputs(r: ProgressResult) -> list[str]:
    lines = [_("Desired direction: {direction}.").format(direction=_(_DIRECTION_TEXT[r.direction]))]
    if r.base_year is not None and r.base_value is not None:
        if r.base_year != r.base_year_requested:
            line = _("Base: {year} = {value} ({requested} has no value: first year after it).")
        else:
            line = _("Base: {year} = {value}.")
        lines.append(
            line.format(year=r.base_year, value=_num(r.base_value), requested=r.base_year_requested)
        )
    if r.current_year is not None and r.current_value is not None:
        lines.append(
            _("Current (latest year with data): {year} = {value}.").format(
                year=r.current_year, value=_num(r.current_value)
            )
        )
    if r.target is not None:
        lines.append(
            _("Target: {value} by {year}.").format(value=_num(r.target), year=r.target_year)
        )
    elif r.direction != "none":
        lines.append(
            _("No target: progress is judged on the growth rate in the desired direction.")
        )
    if r.limit is not None:
        lines.append(_("Natural limit: {value}.").format(value=_num(r.limit)))
    quarterly = {y: d for y, d in r.series.details.items() if d.startswith("mean")}
    used = [y for y in (r.base_year, r.current_year) if y in quarterly]
    lines += [
        _("{year} value = {detail}.").format(year=y, detail=_quarters(quarterly[y])) for y in used
    ]
    return lines


def _quarters(detail: str) -> str:
    """'mean of 2 of 4 quarters (Q1, Q3)' (indicators/progress/inputs.py) in the language."""
    found = _QUARTERS.fullmatch(detail)
    if found is None:
        return detail
    return _("mean of {n} of 4 quarters ({quarters})").format(
        n=found["n"], quarters=found["quarters"]
    )


def _thresholds_with_target(r: ProgressResult) -> str:
    assert r.thresholds is not None
    t = r.thresholds
    return _(
        "Thresholds for R: {on_track} ≥ {high}; {moderate} ≥ {med}; {limited} ≥ {low}; "
        "{deterioration} < {low}."
    ).format(
        high=_fixed(t.high, 2),
        med=_fixed(t.med, 2),
        low=_num(t.low),
        **_status_words(),
    )


def _status_words() -> dict[str, str]:
    return {
        "on_track": STATUS_LABELS[Status.SUBSTANTIAL],
        "moderate": STATUS_LABELS[Status.MODERATE],
        "limited": STATUS_LABELS[Status.LIMITED],
        "deterioration": STATUS_LABELS[Status.DETERIORATION],
    }


def _formula(r: ProgressResult) -> list[str]:
    assert r.cagr_actual is not None and r.progress_value is not None and r.thresholds
    assert r.base_year is not None and r.current_year is not None and r.sign is not None
    d = 1 if r.direction == "positive" else -1
    n = r.current_year - r.base_year
    lines = [
        _("CAGR actual = ({current} / {base})^(1/{years}) − 1 = {rate} a year.").format(
            current=_num(r.current_value or 0),
            base=_num(r.base_value_used or 0),
            years=n,
            rate=_pct(r.cagr_actual),
        )
    ]
    x, t = r.progress_value, r.thresholds
    if r.cagr_required is not None and r.target_year is not None:
        m = r.target_year - r.base_year
        lines.append(
            _(
                "CAGR required = ({target} / {base})^(1/{years}) − 1 = {rate} a year (to reach "
                "the target by {target_year})."
            ).format(
                target=_num(r.target_used or 0),
                base=_num(r.base_value_used or 0),
                years=m,
                rate=_pct(r.cagr_required),
                target_year=r.target_year,
            )
        )
        if r.sign * d * r.cagr_required < 0:
            lines.append(
                _(
                    "The base value already met the target, so the required rate points against "
                    "the desired direction; R uses its size only."
                )
            )
        lines.append(
            _(
                "R = sign × d × CAGR actual / |CAGR required| = ({sign}) × ({d}) × ({actual}) / "
                "{required} = {r}."
            ).format(
                sign=_signed(r.sign),
                d=_signed(d),
                actual=_pct(r.cagr_actual),
                required=_pct(abs(r.cagr_required)),
                r=_num(x),
            )
        )
        lines.append(_thresholds_with_target(r))
        formula = (
            f"min({_fixed(7.1429, 4)} × R − {_fixed(4.2857, 4)}, 5)"
            if x >= t.med
            else f"max({_fixed(4.1667, 4)} × R − {_fixed(2.5, 1)}, −5)"
        )
    else:
        lines.append(
            _(
                "Progress value = sign × d × CAGR = ({sign}) × ({d}) × ({actual}) = {x} a year."
            ).format(sign=_signed(r.sign), d=_signed(d), actual=_pct(r.cagr_actual), x=_pct(x))
        )
        scaled = ""
        if t.coefficient is not None:
            scaled = _(
                " (each multiplied by C = {c}, the scaling factor for a base value of {base} near "
                "the limit {limit}, a = {a})"
            ).format(
                c=_fixed(t.coefficient, 3),
                base=_num(r.base_value or 0),
                limit=_num(r.limit or 0),
                a=_num(4.44),
            )
        lines.append(
            _(
                "Thresholds: {on_track} ≥ {high} a year; {moderate} ≥ {med}; {limited} ≥ {zero}; "
                "{deterioration} < {zero}{scaled}."
            ).format(
                high=_pct(t.high), med=_pct(t.med), zero="0 %", scaled=scaled, **_status_words()
            )
        )
        c = "" if t.coefficient is None else " / C"
        formula = (
            f"max(125 × x − {_fixed(2.5, 1)}, −5)"
            if x < t.low
            else f"min(500 × x{c} − 5, 5)"
            if x >= t.high
            else f"250 × x{c} − {_fixed(1.25, 2)}"
            if x >= t.med
            else f"500 × x{c} − {_fixed(2.5, 1)}"
        )
    if not r.target_achieved and r.score is not None:
        lines.append(
            _("→ {status}. Score = {formula} = {score}.").format(
                status=STATUS_LABELS[r.status], formula=formula, score=_score(r.score)
            )
        )
    return lines


def _explain_series(r: ProgressResult) -> list[str]:
    lines = _inputs(r)
    if r.target_achieved:
        text = (
            _(
                "The latest value {value} is ≤ the target {target}, so the target is achieved; "
                "the score is +5 whatever the trend."
            )
            if r.direction == "negative"
            else _(
                "The latest value {value} is ≥ the target {target}, so the target is achieved; "
                "the score is +5 whatever the trend."
            )
        )
        lines.append(text.format(value=_num(r.current_value or 0), target=_num(r.target_used or 0)))
    if r.status is Status.CONTEXT:
        lines.append(_("Not assessed: {why}.").format(why=_problem_text(r)))
    elif r.problems and r.status is Status.NOT_AVAILABLE:
        lines.append(_("Not available because {why}.").format(why=_problem_text(r)))
    elif r.problems:
        lines.append(_("No growth rate was computed: {why}.").format(why=_problem_text(r)))
    if r.progress_value is not None:
        lines += _formula(r)
    lines += [_("Note: {note}.").format(note=_(n)) for n in r.notes]
    return lines


def _explain_aggregate(r: AggregateResult) -> list[str]:
    scored = [c for c in r.components if c.score is not None]
    lines = [
        "  "
        + _("{badge}: {name} (score {score})").format(
            badge=badge(c), name=c.name or _("series"), score=_score(c.score or 0)
        )
        for c in scored
    ]
    lines += [
        "  "
        + _("{badge}: {name}, left out (no score)").format(
            badge=badge(c), name=c.name or _("series")
        )
        for c in r.components
        if c.score is None
    ]
    if scored and r.score is not None:
        terms = " + ".join(f"({_score(c.score or 0)})" for c in scored)
        lines.append(
            _("Score = mean of {n} series scores = ({terms}) / {n} = {score}.").format(
                n=len(scored), terms=terms, score=_score(r.score)
            )
        )
        lines.append(
            _(
                "Status from the score: {on_track} [{on_track_from}, 5]; {moderate} "
                "[{moderate_from}, {on_track_from}); {limited} [{limited_from}, 0); "
                "{deterioration} [−5, {limited_from}). Target achieved only if all series "
                "achieve it: {achieved} of {n} do."
            ).format(
                on_track_from=_num(SCORE_ON_TRACK),
                moderate_from=_num(SCORE_MODERATE),
                limited_from=_num(SCORE_LIMITED),
                achieved=sum(c.target_achieved for c in scored),
                n=len(scored),
                **_status_words(),
            )
        )
    else:
        lines.append(_("Not available because no component series has a score."))
    return lines


def _explain_binary(r: BinaryResult) -> list[str]:
    def word(v: float | None) -> str:
        if v is None:
            return _("not answered (counted as not met)")
        if v == 1.0:
            return _("{value} (met)").format(value=_num(1))
        if v == 0.5:
            return _("{value} (partial or draft: not met)").format(value=_num(0.5))
        return _("{value} (not met)").format(value=_num(0))

    lines = [f"  {k}: {word(v)}" for k, v in r.conditions]
    if r.status is Status.NOT_AVAILABLE:
        lines.append(_("Not available because no condition was answered."))
    else:
        met = sum(v == 1 for _c, v in r.conditions)
        lines.append(
            _(
                "Binary rule: '{achieved}' if all conditions are met, else '{not_achieved}'; "
                "{met} of {n} met. No growth rate is computed."
            ).format(
                achieved=STATUS_LABELS[Status.TARGET_ACHIEVED],
                not_achieved=STATUS_LABELS[Status.TARGET_NOT_ACHIEVED],
                met=met,
                n=len(r.conditions),
            )
        )
    return lines


def explain(result: ProgressResult | AggregateResult | BinaryResult) -> str:
    """Plain-language 'why this status': inputs, formula with numbers, thresholds and source."""
    score = (
        ""
        if result.score is None
        else _(" (score {score} on a −5 to +5 scale)").format(score=_score(result.score))
    )
    head = _("{name}: {badge}{score}.").format(
        name=result.name or _("Series"), badge=badge(result), score=score
    )
    if isinstance(result, ProgressResult):
        body = _explain_series(result)
    elif isinstance(result, AggregateResult):
        body = _explain_aggregate(result)
    else:
        body = _explain_binary(result)
    tail = _("Method: {method}. Source: {source}.").format(
        method=_(result.method), source=_(result.source)
    )
    return "\n".join([head, *body, tail])


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
        base=_num(r.base_value or 0),
        base_year=r.base_year,
        current=_num(r.current_value or 0),
        year=r.current_year,
        rate=_pct(abs(rate)),
    )


def _context_reason(r: ProgressResult) -> str:
    why = _(r.notes[0]) if r.notes else _problem_text(r)
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
        why = _problem_text(r) or _("no status")
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
            value=_num(r.current_value or 0),
            year=r.current_year,
            target=_num(r.target or 0),
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
            target=_num(r.target or 0),
            target_year=r.target_year,
            rate=_pct(abs(need)),
            then=then,
        )
    high = _pct(r.thresholds.high) if r.thresholds else _pct(0.015)
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
    ).format(label=label, n=len(scored), score=_score(result.score))
