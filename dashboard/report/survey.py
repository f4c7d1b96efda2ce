"""Survey tables of the report (GFMD items, coherence levels, 10.7.2 scores, open-ended answers)
and the helpers content.py shares with them: units, the period cut, numbered footnotes. Pure.
"""

from __future__ import annotations

import polars as pl

from core.i18n import N_, _, current_language, translator
from core.questions import COHERENCE_LEVEL_NAMES, domain_label, group_of, question_text
from core.template_words import answer_word
from dashboard.report.model import Answer, Table
from dashboard.report.sections import LEVEL_LABELS, SectionSpec
from indicators.origin import origin_note
from indicators.progress.scorecard import fmt
from indicators.progress.styles import unit_text

NOTE = N_("Note")  # the footnote column (translated where a table is made: "Nota" in Spanish)


def with_unit(value: float, unit: str) -> str:
    """'5.457 %': the card's number format and unit."""
    lang = current_language()  # set by build_report for the report being built
    number = fmt(value) if lang == "en" else translator(lang).sig(value)
    return f"{number} {unit_text(unit)}".strip()


def cut(rows: pl.DataFrame, year: int) -> pl.DataFrame:
    """Observations of `year` or earlier (YYYY, YYYY-Qn and ranges use their first year)."""
    first = pl.col("time_period").str.slice(0, 4).cast(pl.Int32, strict=False)
    return rows.filter(first <= year)


class Notes:
    """Footnotes numbered in reading order: each section numbers its own notes on from the last
    section's, so a source cited in two chapters is listed in both and the numbers a reader
    meets only ever increase. Within a section the same text keeps its number."""

    def __init__(self) -> None:
        self.texts: dict[str, int] = {}  # the current section's notes
        self.all: dict[int, str] = {}
        self.cited: list[int] = []  # numbers cited by the section being built, in order

    def cite(self, text: str) -> int:
        """The number of footnote `text` in this section (a new one if not cited here yet)."""
        if text not in self.texts:
            self.texts[text] = len(self.all) + 1
            self.all[self.texts[text]] = text
            self.cited.append(self.texts[text])
        return self.texts[text]

    def section(self) -> list[int]:
        """Start collecting the citations of a new section; returns the (live) list."""
        self.texts, self.cited = {}, []
        return self.cited

    def as_dict(self) -> dict[int, str]:
        """Number → text."""
        return dict(self.all)


def rows_note(label: str, rows: pl.DataFrame, vintage: str) -> str:
    """Footnote of survey rows: their sources (submission numbers), approval or retrieval
    date and origin (national answers; derived cross-country figures)."""
    sources = "; ".join(sorted(rows["source"].drop_nulls().unique().to_list()))
    got = rows["retrieved_at"].drop_nulls()
    retrieved = str(got.max())[:10] if got.len() else _("date not recorded")
    origins = set(rows["data_origin"].to_list()) if "data_origin" in rows.columns else set()
    origin = f" {origin_note(origins)}" if origins - {None} else ""
    return (
        f"{_(label)}. "
        + _("Source: {source}.").format(source=sources or _("not recorded"))
        + " "
        + _("Vintage: indicator table of {date}.").format(date=vintage)
        + " "
        + _("Retrieved: {date}.").format(date=retrieved)
        + origin
    )


def latest_round(rows: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """The latest time_period of each group."""
    if rows.is_empty():
        return rows
    return rows.sort("time_period").group_by(by, maintain_order=True).last()


def items_table(rows: pl.DataFrame, items: tuple[str, ...], notes: Notes, vintage: str) -> Table:
    """GFMD survey answers of the latest round of each item (value, answer, count)."""
    series = [i.replace(".", "_") for i in items]
    got = latest_round(rows.filter(pl.col("series_code").is_in(series)), ["series_code"])
    counts = rows.filter(pl.col("series_code").is_in([f"{s}_N" for s in series]))
    out = []
    for item in items:
        row = got.filter(pl.col("indicator_code") == item)
        if row.is_empty():
            continue
        r = row.row(0, named=True)
        n = counts.filter(
            (pl.col("series_code") == f"{r['series_code']}_N")
            & (pl.col("time_period") == r["time_period"])
        )
        lang = current_language()
        label = r["value_label"] or ""
        answer = _("not answered") if r["obs_status"] == "M" else answer_word(label, lang)
        if not n.is_empty():
            answer += " " + _("(count {n})").format(n=fmt(n["value"][0]))
        note = notes.cite(rows_note(N_("GFMD policy-coherence survey"), row, vintage))
        out.append(
            (
                item,
                question_text(item, lang),
                answer,
                fmt(r["value"]),
                r["time_period"],
                f"[{note}]",
            )
        )
    cols = (_("Item"), _("Question"), _("Answer"), _("Value (0 / 0.5 / 1)"), _("Round"), _(NOTE))
    return Table(_("GFMD survey items"), cols, tuple(out), note_column=len(cols) - 1)


def levels_table(rows: pl.DataFrame, notes: Notes, vintage: str) -> Table:
    """Coherence-level scores (mean of the level's items x 100) of the latest round."""
    got = latest_round(rows.filter(pl.col("series_code") == "P_COH_SCORE"), ["coherence_level"])
    out = []
    for level in LEVEL_LABELS:
        label = _(COHERENCE_LEVEL_NAMES[level])
        row = got.filter(pl.col("coherence_level") == level)
        if not row.is_empty():
            note = notes.cite(
                rows_note(N_("GFMD coherence-level scores (P_COH_SCORE)"), row, vintage)
            )
            r = row.row(0, named=True)
            out.append((label, with_unit(r["value"], "PT"), r["time_period"], f"[{note}]"))
    cols = (_("Coherence level"), _("Score"), _("Round"), _(NOTE))
    return Table(_("Coherence at the four levels"), cols, tuple(out), note_column=3)


def domains_table(
    rows: pl.DataFrame, domains: tuple[str, ...], notes: Notes, vintage: str
) -> Table:
    """10.7.2 overall or domain scores and categories of the latest Inquiry round."""
    lang = current_language()  # set by build_report
    got = latest_round(
        rows.filter(
            (pl.col("series_code") == "P_1072_SCORE") & pl.col("policy_domain").is_in(domains)
        ),
        ["policy_domain"],
    )
    out = []
    for d in domains:
        row = got.filter(pl.col("policy_domain") == d)
        if not row.is_empty():
            note = notes.cite(rows_note(N_("UN Inquiry Module III, 10.7.2 scores"), row, vintage))
            r = row.row(0, named=True)
            category = _(r["value_label"]) if r["value_label"] else ""
            out.append(
                (domain_label(d, lang), with_unit(r["value"], "PT"), category,
                 r["time_period"], f"[{note}]")
            )  # fmt: skip
    cols = ("10.7.2", _("Score"), _("Category"), _("Round"), _(NOTE))
    return Table(_("SDG 10.7.2 scores"), cols, tuple(out), note_column=4)


def answer_label(code: str) -> str:
    """'Domain 3: Cooperation and partnerships: (b) Bilateral agreements …' or the question, in
    the language in use (set by build_report)."""
    lang = current_language()
    question = question_text(code, lang)
    return f"{group_of(code, lang)}: {question}" if code.startswith("PD_") else question


def answers_for(answers: pl.DataFrame, spec: SectionSpec, period: int) -> tuple[Answer, ...]:
    """The section's open-ended answers, latest round up to `period` per item."""
    keys = set(spec.items) | set(spec.inquiry)
    got = latest_round(cut(answers.filter(pl.col("item").is_in(keys)), period), ["item"])
    return tuple(
        Answer(r["item"], answer_label(r["item"]), r["time_period"], r["institution"], r["text"])
        for r in got.sort("item").iter_rows(named=True)
    )  # fmt: skip
