"""Two rounds of one country's GFMD coherence survey or 10.7.2 Inquiry, item by item. Pure.

Scores come from the same functions as the published indicators (process_gfmd.item_values and
level_scores, process_1072.item_scores and domain_scores), so a score here is the published one.
The Rounds page and the report's "what changed between survey rounds" section both call
`compare_rounds`.
"""

from __future__ import annotations

import polars as pl

from core.i18n import N_, _, current_language
from core.questions import COHERENCE_LEVEL_NAMES, domain_label, group_of, question_text
from core.template_words import answer_word
from indicators.compute.process_1072 import domain_scores, item_scores
from indicators.compute.process_gfmd import item_values, level_scores

SURVEYS: dict[str, str] = {
    "gfmd_coherence": N_("GFMD policy-coherence survey"),
    "inquiry_1072": N_("SDG 10.7.2 UN Inquiry Module III"),
}
ITEMS_SCHEMA: dict[str, pl.DataType] = {
    "ref_area": pl.String(),
    "time_period": pl.String(),
    "code": pl.String(),
    "answer": pl.String(),
    "value": pl.Float64(),
    "answered": pl.Boolean(),
    "text": pl.String(),
}
COMPARE_COLUMNS = (
    "code", "group", "question", "answer_then", "answer_now", "value_then", "value_now",
    "changed", "text_then", "text_now",
)  # fmt: skip


def survey_items(template: str, rows: pl.DataFrame) -> pl.DataFrame:
    """Every item of every round of the template's rows (ITEMS_SCHEMA; unanswered = value 0)."""
    if rows.is_empty():
        return pl.DataFrame(schema=ITEMS_SCHEMA)
    if template == "gfmd_coherence":
        got = item_values(rows).rename({"item_code": "code"})
    elif template == "inquiry_1072":
        got = item_scores(rows).rename({"sub_category": "code", "score": "value"})
    else:
        raise ValueError(f"no rounds to compare for template {template!r}: use {list(SURVEYS)}")
    return got.select(
        "ref_area", "time_period", "code", "answer", "value", "answered",
        text=pl.col("answer_text").fill_null("").str.strip_chars(),
    ).cast(ITEMS_SCHEMA)  # type: ignore[arg-type]  # fmt: skip


def rounds_of(items: pl.DataFrame, country: str) -> list[str]:
    """The rounds (time periods) the country answered, oldest first."""
    got = items.filter((pl.col("ref_area") == country) & pl.col("answered"))
    return sorted(got["time_period"].unique().to_list())


def _answer(answer: str | None, answered: bool | None) -> str:
    if answered is None:
        return _NOT_SUBMITTED
    return answer if answered and answer else _NOT_ANSWERED


# Kept in English in the comparison (a value, compared); shown translated (`answer_text`).
_NOT_SUBMITTED = N_("(round not submitted)")
_NOT_ANSWERED = N_("not answered")


def answer_text(answer: str, lang: str) -> str:
    """An answer code, or the two missing-answer words above, in `lang`."""
    return _(answer) if answer in (_NOT_SUBMITTED, _NOT_ANSWERED) else answer_word(answer, lang)


def compare_rounds(items: pl.DataFrame, country: str, then: str, now: str) -> pl.DataFrame:
    """Item by item: question, answer and value in `then` and `now`, open-ended texts; changed
    items first (a different answer, value or text), then in code order. Questions and their
    domain or level in the language in use."""
    lang = current_language()
    mine = items.filter(pl.col("ref_area") == country)
    a = mine.filter(pl.col("time_period") == then).drop("ref_area", "time_period")
    b = mine.filter(pl.col("time_period") == now).drop("ref_area", "time_period")
    codes = sorted(set(a["code"]) | set(b["code"]))
    got = pl.DataFrame({"code": codes}, schema={"code": pl.String()})
    got = got.join(a, on="code", how="left").join(b, on="code", how="left", suffix="_now")
    rows = []
    for r in got.iter_rows(named=True):
        ans_then = _answer(r["answer"], r["answered"])
        ans_now = _answer(r["answer_now"], r["answered_now"])
        text_then, text_now = r["text"] or "", r["text_now"] or ""
        rows.append(
            {
                "code": r["code"],
                "group": group_of(r["code"], lang),
                "question": question_text(r["code"], lang),
                "answer_then": ans_then,
                "answer_now": ans_now,
                "value_then": r["value"],
                "value_now": r["value_now"],
                "changed": ans_then != ans_now or text_then != text_now,
                "text_then": text_then,
                "text_now": text_now,
            }
        )
    out = pl.DataFrame(rows, schema_overrides={"value_then": pl.Float64, "value_now": pl.Float64})
    if out.is_empty():
        return pl.DataFrame(schema={c: pl.String() for c in COMPARE_COLUMNS})
    return out.sort(["changed", "code"], descending=[True, False]).select(COMPARE_COLUMNS)


def score_history(template: str, rows: pl.DataFrame, country: str) -> pl.DataFrame:
    """Scores of every round: the four coherence levels (GFMD) or the six domains and the
    overall score (10.7.2). Columns: group (named in the language in use), time_period, score
    (0-100)."""
    mine = rows.filter(pl.col("ref_area") == country)
    if mine.is_empty():
        return pl.DataFrame(
            schema={"group": pl.String, "time_period": pl.String, "score": pl.Float64}
        )
    if template == "gfmd_coherence":
        got = level_scores(item_values(mine)).select(
            group=pl.col("coherence_level").replace_strict(
                {code: _(name) for code, name in COHERENCE_LEVEL_NAMES.items()}
            ),
            time_period="time_period",
            score="value",
        )
    else:
        got = domain_scores(item_scores(mine)).select(
            group=pl.col("policy_domain").map_elements(
                lambda d: domain_label(d, current_language()), return_dtype=pl.String
            ),
            time_period="time_period",
            score="score",
        )
    return got.sort("group", "time_period")


def change_sentences(compared: pl.DataFrame, then: str, now: str) -> list[str]:
    """One plain sentence per changed item: 'P.COH.05 (question): no (2020) → draft (2022).'

    In the language in use: the answer codes as the language's answer words."""
    lang = current_language()
    out = []
    for r in compared.filter(pl.col("changed")).iter_rows(named=True):
        was, now_ = answer_text(r["answer_then"], lang), answer_text(r["answer_now"], lang)
        if r["answer_then"] != r["answer_now"]:
            text = _("{code} ({question}): '{then_answer}' ({then}) → '{now_answer}' ({now}).")
        else:
            text = _(
                "{code} ({question}): answer '{now_answer}' unchanged; the open-ended answer was "
                "revised."
            )
        out.append(
            text.format(
                code=r["code"],
                question=question_text(r["code"], lang),
                then_answer=was,
                then=then,
                now_answer=now_,
                now=now,
            )
        )
    return out
