"""Assemble the GFMD progress report (model.Report) from the approved, published data. Pure.

Figures come from the same functions as the dashboard: indicators/progress/scorecard.py builds
one card
per registered indicator from the rows the overview reads (inputs.py), formatted with the
cards' `fmt`, so a value in the report is the value on the overview. The reporting period is a
cut-off: only observations of that year or earlier count, and "what changed since the last
report" compares with the same data cut at the previous period. Every figure cites a footnote
with its source, vintage (the indicator table's publication date) and retrieval date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl

from core.i18n import _, translator, use_language
from core.template_words import answer_word
from dashboard.report.cards import (
    CARD_COLUMNS,
    card_chart,
    card_note,
    card_row,
    card_unit,
    country_label,
)
from dashboard.report.inputs import Inputs
from dashboard.report.model import Narrative, Report, RoundChanges, Section, Table
from dashboard.report.sections import SectionSpec, pick
from dashboard.report.summary import build_summary
from dashboard.report.survey import (
    NOTE,
    Notes,
    answers_for,
    cut,
    domains_table,
    items_table,
    latest_round,
    levels_table,
    with_unit,
)
from etl.exports.guard import demo_rows
from etl.registry import dataset_title
from indicators.compute.rounds import (
    SURVEYS,
    change_sentences,
    compare_rounds,
    rounds_of,
    score_history,
    survey_items,
)
from indicators.progress.method import STATUS_LABELS
from indicators.progress.scorecard import Card, build_cards


def _card_change(now: Card, prev: Card) -> str | None:
    """One sentence on a card between the previous cut and now (None: no value now)."""
    n, p = now.latest, prev.latest
    unit = card_unit(now)
    if n is None:
        return None
    if p is None:
        return _("{code}: first value {value} ({period}).").format(
            code=now.code, value=with_unit(n[1], unit), period=n[0]
        )
    delta = n[1] - p[1]
    text = _("{code}: {was} ({was_period}) → {now} ({now_period}), change {change}.").format(
        code=now.code,
        was=with_unit(p[1], unit),
        was_period=p[0],
        now=with_unit(n[1], unit),
        now_period=n[0],
        change=("+" if delta >= 0 else "−") + translator().sig(abs(delta)),
    )
    if now.progress.status != prev.progress.status:
        text += " " + _("Progress status: {was} → {now}.").format(
            was=STATUS_LABELS[prev.progress.status], now=STATUS_LABELS[now.progress.status]
        )
    return text


def _item_changes(now_rows: pl.DataFrame, prev_rows: pl.DataFrame) -> list[str]:
    """Survey items answered for the first time, or answered differently in a newer round."""
    before = {
        r["series_code"]: r for r in latest_round(prev_rows, ["series_code"]).iter_rows(named=True)
    }
    out = []
    for r in latest_round(now_rows, ["series_code"]).iter_rows(named=True):
        was = before.get(r["series_code"])
        lang = translator().lang
        if was is None:
            out.append(
                _("{code}: first answer '{answer}' ({period}).").format(
                    code=r["indicator_code"],
                    answer=answer_word(r["value_label"], lang),
                    period=r["time_period"],
                )
            )
        elif was["time_period"] != r["time_period"] and was["value"] != r["value"]:
            out.append(
                _("{code}: '{was}' ({was_period}) → '{now}' ({now_period}).").format(
                    code=r["indicator_code"],
                    was=answer_word(was["value_label"], lang),
                    was_period=was["time_period"],
                    now=answer_word(r["value_label"], lang),
                    now_period=r["time_period"],
                )
            )
    return out


def changes_for(
    cards: Iterable[tuple[Card, Card]], items: tuple[pl.DataFrame, pl.DataFrame], previous: str
) -> tuple[str, ...]:
    """Plain sentences: what moved between the data up to `previous` and now."""
    out, same = [], []
    for now, prev in cards:
        if now.latest is not None and now.latest == prev.latest:
            same.append(now.code)
        elif (text := _card_change(now, prev)) is not None:
            out.append(text)
    out += _item_changes(*items)
    if same:
        out.append(
            _("Unchanged since the report for {period}: {codes}.").format(
                period=previous, codes=", ".join(same)
            )
        )
    if not out:
        out.append(
            _("Nothing to compare: no figure of this section up to {period} or since.").format(
                period=previous
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class _Cut:
    """The cards and rows at the reporting period and at the previous report's period."""

    period: str
    previous: str
    vintage: str
    now: dict[str, Card]
    prev: dict[str, Card]
    rows: pl.DataFrame
    rows_prev: pl.DataFrame


def _section(
    spec: SectionSpec, inputs: Inputs, at: _Cut, notes: Notes, shown: dict[str, str]
) -> Section:
    """One section from the cards and rows cut at the period; `shown` maps a charted indicator
    to the section that already shows its chart (each chart appears once)."""
    now, prev, rows, rows_prev, vintage = at.now, at.prev, at.rows, at.rows_prev, at.vintage
    codes = spec.indicators or tuple(now)
    cited = notes.section()
    cards = [now[c] for c in codes]
    card_rows = tuple(card_row(c, notes, vintage) for c in cards)
    columns = (*(_(c) for c in CARD_COLUMNS), _(NOTE))
    tables = [Table(_("Indicators"), columns, card_rows, note_column=len(CARD_COLUMNS))]
    if spec.levels:
        tables.append(levels_table(rows, notes, vintage))
    if spec.domains:
        tables.append(domains_table(rows, spec.domains, notes, vintage))
    if spec.items:
        tables.append(items_table(rows, spec.items, notes, vintage))
    tables = [t for t in tables if t.rows]
    charts, refs = [], []
    if spec.charts:
        for c in cards:
            if c.code in shown:
                refs.append(
                    _("The chart of {code} is in the chapter '{chapter}'.").format(
                        code=c.code, chapter=shown[c.code]
                    )
                )
            elif c.headline is not None:
                chart = card_chart(c, notes.cite(card_note(c, vintage)))
                if chart is not None:
                    charts.append(chart)
                    shown[c.code] = _(spec.title)
    answers = answers_for(inputs.answers, spec, int(at.period))
    series = [i.replace(".", "_") for i in spec.items]
    item_rows = (
        rows.filter(pl.col("series_code").is_in(series)),
        rows_prev.filter(pl.col("series_code").is_in(series)),
    )
    pairs = ((now[c], prev[c]) for c in codes)
    changes = () if spec.key == "annex" else changes_for(pairs, item_rows, at.previous)
    draft = inputs.drafts.get(spec.key)
    narrative = (
        Narrative(draft.text, draft.author, f"{draft.saved_at:%Y-%m-%d %H:%M} UTC")
        if draft and draft.text.strip()
        else None
    )
    # The indicator table always has a row per card; survey tables only exist with answers.
    has_data = any(c.latest is not None for c in cards) or len(tables) > 1 or bool(answers)
    return Section(
        key=spec.key,
        title=_(spec.title),
        intro=_(spec.intro),
        narrative=narrative,
        tables=tuple(tables),
        charts=tuple(charts),
        answers=answers,
        changes=changes,
        notes=tuple(cited),
        has_data=has_data,
        chart_refs=tuple(refs),
    )


def cutoff_date(rows: pl.DataFrame, surveys: dict[str, pl.DataFrame], year: int) -> str:
    """The latest retrieval (published figures) or approval date (national survey rounds) of
    what the report includes, YYYY-MM-DD."""
    dates = [str(d)[:10] for d in rows["retrieved_at"].drop_nulls().to_list()]
    for got in surveys.values():
        if "approved_at" in got.columns and not got.is_empty():
            dates += [str(d)[:10] for d in cut(got, year)["approved_at"].drop_nulls().to_list()]
    return max(dates) if dates else _("date not recorded")


def round_changes(surveys: dict[str, pl.DataFrame], year: int) -> tuple[RoundChanges, ...]:
    """Per survey, the two latest rounds up to `year` compared item by item (changed only)."""
    out = []
    for template, rows in surveys.items():
        rows = cut(rows, year)
        items = survey_items(template, rows)
        if items.is_empty():
            continue
        country = rows["ref_area"][0]
        rounds = rounds_of(items, country)
        if len(rounds) < 2:
            continue
        then, now = rounds[-2], rounds[-1]
        compared = compare_rounds(items, country, then, now)
        sentences = tuple(change_sentences(compared, then, now)) or (
            _("No item changed between {then} and {now}.").format(then=then, now=now),
        )
        hist = score_history(template, rows, country)
        periods = sorted(hist["time_period"].unique().to_list())
        table_rows = tuple(
            (_(g), *(next((with_unit(v, "PT") for p2, v in zip(sub["time_period"], sub["score"],
                  strict=True) if p2 == p), "—") for p in periods))
            for g, sub in ((g, hist.filter(pl.col("group") == g))
                           for g in dict.fromkeys(hist["group"].to_list()))
        )  # fmt: skip
        what = _("Coherence level") if template == "gfmd_coherence" else _("10.7.2 domain")
        survey = _(SURVEYS[template])
        title = _("{survey}: scores by round").format(survey=survey)
        scores = Table(title, (what, *periods), table_rows)
        out.append(RoundChanges(survey, then, now, sentences, scores))
    return tuple(out)


def build_report(
    inputs: Inputs,
    period: str,
    *,
    previous: str | None = None,
    sections: list[str] | tuple[str, ...] | None = None,
    country_name: str | None = None,
    generated_at: str | None = None,
    lang: str = "en",
) -> Report:
    """The report of `inputs.country` for `period` (YYYY), compared with `previous` (YYYY-1),
    with its headings, numbers and dates in `lang` (en, fr, es)."""
    with use_language(lang) as t:
        return _build(inputs, period, previous, sections, country_name, generated_at, t.lang)


def _build(
    inputs: Inputs,
    period: str,
    previous: str | None,
    sections: list[str] | tuple[str, ...] | None,
    country_name: str | None,
    generated_at: str | None,
    lang: str,
) -> Report:
    """build_report's body, run with the report's language set for every helper."""
    year = int(period)
    previous = previous or str(year - 1)

    def cards(rows: pl.DataFrame) -> dict[str, Card]:
        built = build_cards(
            rows,
            inputs.country,
            computed_keys=set(inputs.computed_keys),
            national_targets=inputs.national_targets,
            national_headlines=inputs.national_headlines,
        )
        return {c.code: c for c in built}

    rows, rows_prev = cut(inputs.rows, year), cut(inputs.rows, int(previous))
    meta = inputs.meta
    vintage = str(meta.get("published_at") or _("date not recorded"))[:10]
    at = _Cut(period, previous, vintage, cards(rows), cards(rows_prev), rows, rows_prev)
    notes, shown = Notes(), dict[str, str]()
    built = tuple(_section(s, inputs, at, notes, shown) for s in pick(sections))
    return Report(
        country=inputs.country,
        country_name=country_name or country_label(inputs.country, lang),
        period=period,
        previous_period=previous,
        cutoff=cutoff_date(rows, inputs.survey_rows, year),
        vintage=vintage,
        ministry=inputs.ministry,
        logo=inputs.logo,
        summary=build_summary(at.now, at.prev, previous),
        rounds=round_changes(inputs.survey_rows, year),
        generated_at=generated_at or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        demo=bool(meta.get("demo")) or demo_rows(inputs.rows) > 0,
        demo_datasets=tuple(dataset_title(d) for d in meta.get("demo_datasets") or ()),
        sections=built,
        footnotes=notes.as_dict(),
        lang=lang,
    )
