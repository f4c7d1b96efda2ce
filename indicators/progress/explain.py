"""Why a progress status: plain-language explanations of a series, aggregate or binary result.

Companion of indicators/progress/method.py (the Open SDG measure of indicators.md §4). Here:
- `explain(result)` writes the inputs, the formula with the numbers filled in, the thresholds,
  the method and its source, or exactly what is missing when the status is "Not available";
- labels, symbols and colours of each status are in indicators/progress/styles.py;
- the level RAG rules and the binary rule they explain are in indicators/progress/levels.py;
- the one-sentence answer above the explanation, `summary_sentence`, is in sentence.py, and the
  number formats both use in numbers.py.
Every text is in the language in use (`core.i18n.use_language`; per Streamlit run or per report):
whole sentences with named placeholders are catalog messages, numbers are formatted by the
language's CLDR rules (core.i18n Translator: '1,066' / '1,066' / '−5.0 %').
"""

from __future__ import annotations

import re

from core.i18n import N_, _
from indicators.progress.levels import BinaryResult
from indicators.progress.method import (
    SCORE_LIMITED,
    SCORE_MODERATE,
    SCORE_ON_TRACK,
    STATUS_LABELS,
    AggregateResult,
    ProgressResult,
    Status,
)
from indicators.progress.numbers import fixed, num, pct, score_text, signed
from indicators.progress.sentence import problem_text, status_words, summary_sentence
from indicators.progress.styles import badge

__all__ = ["explain", "summary_sentence"]  # summary_sentence: from sentence.py, as before

# ---------------------------------------------------------------- explanations

_QUARTERS = re.compile(r"mean of (?P<n>\d) of 4 quarters \((?P<quarters>[Q0-9, ]+)\)")
_DIRECTION_TEXT = {
    "negative": N_("lower is better (direction: negative)"),
    "positive": N_("higher is better (direction: positive)"),
    "none": N_("no desired direction (context indicator)"),
}


def _inputs(r: ProgressResult) -> list[str]:
    lines = [_("Desired direction: {direction}.").format(direction=_(_DIRECTION_TEXT[r.direction]))]
    if r.base_year is not None and r.base_value is not None:
        if r.base_year != r.base_year_requested:
            line = _("Base: {year} = {value} ({requested} has no value: first year after it).")
        else:
            line = _("Base: {year} = {value}.")
        lines.append(
            line.format(year=r.base_year, value=num(r.base_value), requested=r.base_year_requested)
        )
    if r.current_year is not None and r.current_value is not None:
        lines.append(
            _("Current (latest year with data): {year} = {value}.").format(
                year=r.current_year, value=num(r.current_value)
            )
        )
    if r.target is not None:
        lines.append(
            _("Target: {value} by {year}.").format(value=num(r.target), year=r.target_year)
        )
    elif r.direction != "none":
        lines.append(
            _("No target: progress is judged on the growth rate in the desired direction.")
        )
    if r.limit is not None:
        lines.append(_("Natural limit: {value}.").format(value=num(r.limit)))
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
        high=fixed(t.high, 2),
        med=fixed(t.med, 2),
        low=num(t.low),
        **status_words(),
    )


def _formula(r: ProgressResult) -> list[str]:
    assert r.cagr_actual is not None and r.progress_value is not None and r.thresholds
    assert r.base_year is not None and r.current_year is not None and r.sign is not None
    d = 1 if r.direction == "positive" else -1
    n = r.current_year - r.base_year
    lines = [
        _("CAGR actual = ({current} / {base})^(1/{years}) − 1 = {rate} a year.").format(
            current=num(r.current_value or 0),
            base=num(r.base_value_used or 0),
            years=n,
            rate=pct(r.cagr_actual),
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
                target=num(r.target_used or 0),
                base=num(r.base_value_used or 0),
                years=m,
                rate=pct(r.cagr_required),
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
                sign=signed(r.sign),
                d=signed(d),
                actual=pct(r.cagr_actual),
                required=pct(abs(r.cagr_required)),
                r=num(x),
            )
        )
        lines.append(_thresholds_with_target(r))
        formula = (
            f"min({fixed(7.1429, 4)} × R − {fixed(4.2857, 4)}, 5)"
            if x >= t.med
            else f"max({fixed(4.1667, 4)} × R − {fixed(2.5, 1)}, −5)"
        )
    else:
        lines.append(
            _(
                "Progress value = sign × d × CAGR = ({sign}) × ({d}) × ({actual}) = {x} a year."
            ).format(sign=signed(r.sign), d=signed(d), actual=pct(r.cagr_actual), x=pct(x))
        )
        scaled = ""
        if t.coefficient is not None:
            scaled = _(
                " (each multiplied by C = {c}, the scaling factor for a base value of {base} near "
                "the limit {limit}, a = {a})"
            ).format(
                c=fixed(t.coefficient, 3),
                base=num(r.base_value or 0),
                limit=num(r.limit or 0),
                a=num(4.44),
            )
        lines.append(
            _(
                "Thresholds: {on_track} ≥ {high} a year; {moderate} ≥ {med}; {limited} ≥ {zero}; "
                "{deterioration} < {zero}{scaled}."
            ).format(high=pct(t.high), med=pct(t.med), zero="0 %", scaled=scaled, **status_words())
        )
        c = "" if t.coefficient is None else " / C"
        formula = (
            f"max(125 × x − {fixed(2.5, 1)}, −5)"
            if x < t.low
            else f"min(500 × x{c} − 5, 5)"
            if x >= t.high
            else f"250 × x{c} − {fixed(1.25, 2)}"
            if x >= t.med
            else f"500 × x{c} − {fixed(2.5, 1)}"
        )
    if not r.target_achieved and r.score is not None:
        lines.append(
            _("→ {status}. Score = {formula} = {score}.").format(
                status=STATUS_LABELS[r.status], formula=formula, score=score_text(r.score)
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
        lines.append(text.format(value=num(r.current_value or 0), target=num(r.target_used or 0)))
    if r.status is Status.CONTEXT:
        lines.append(_("Not assessed: {why}.").format(why=problem_text(r)))
    elif r.problems and r.status is Status.NOT_AVAILABLE:
        lines.append(_("Not available because {why}.").format(why=problem_text(r)))
    elif r.problems:
        lines.append(_("No growth rate was computed: {why}.").format(why=problem_text(r)))
    if r.progress_value is not None:
        lines += _formula(r)
    lines += [_("Note: {note}.").format(note=_(n)) for n in r.notes]
    return lines


def _explain_aggregate(r: AggregateResult) -> list[str]:
    scored = [c for c in r.components if c.score is not None]
    lines = [
        "  "
        + _("{badge}: {name} (score {score})").format(
            badge=badge(c), name=c.name or _("series"), score=score_text(c.score or 0)
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
        terms = " + ".join(f"({score_text(c.score or 0)})" for c in scored)
        lines.append(
            _("Score = mean of {n} series scores = ({terms}) / {n} = {score}.").format(
                n=len(scored), terms=terms, score=score_text(r.score)
            )
        )
        lines.append(
            _(
                "Status from the score: {on_track} [{on_track_from}, 5]; {moderate} "
                "[{moderate_from}, {on_track_from}); {limited} [{limited_from}, 0); "
                "{deterioration} [−5, {limited_from}). Target achieved only if all series "
                "achieve it: {achieved} of {n} do."
            ).format(
                on_track_from=num(SCORE_ON_TRACK),
                moderate_from=num(SCORE_MODERATE),
                limited_from=num(SCORE_LIMITED),
                achieved=sum(c.target_achieved for c in scored),
                n=len(scored),
                **status_words(),
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
            return _("{value} (met)").format(value=num(1))
        if v == 0.5:
            return _("{value} (partial or draft: not met)").format(value=num(0.5))
        return _("{value} (not met)").format(value=num(0))

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
        else _(" (score {score} on a −5 to +5 scale)").format(score=score_text(result.score))
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
