"""Upload rules of the two surveys: 10.7.2 UN Inquiry answers (§1.3) and GFMD coherence (§2).

Run by etl/uploads/checks.py through RULES in etl/uploads/rules.py. Messages are in the
checker's language; answer words are shown as the officer's language writes them.
"""

from __future__ import annotations

import polars as pl

from core.i18n import translator
from core.template_words import answer_word
from core.templates import (
    GFMD_COUNT_ITEMS,
    GFMD_SCORES,
    INQUIRY_SCORES,
    INQUIRY_SCORES_D1,
    POLICY_DOMAINS,
)
from etl.uploads.checker import Checker, listed
from etl.uploads.read import ROW

TOLERANCE = 0.05  # points of 100: a stated domain score may differ by rounding only


def compare_domains(
    ck: Checker, items: pl.DataFrame, stated: pl.DataFrame, key: list[str], column: str
) -> None:
    """Error on each stated domain score that differs from 100 x sum(item scores) / 5."""
    computed = items.group_by(key).agg(
        (pl.col("score").sum() * 100 / 5).alias("_computed"), pl.col(ROW).sort().alias("_items")
    )
    joined = stated.join(computed, on=key, how="inner").filter(
        (pl.col("value") - pl.col("_computed")).abs() > TOLERANCE
    )
    num = translator(ck.lang).number
    for rec in joined.sort(ROW).iter_rows(named=True):
        ck.add(
            "domain_score",
            ck._(
                "the stated {domain} score {score} for {area} {period} does not equal "
                "{computed}, the §1.3 recomputation 100 x (sum of answer scores) / 5 from "
                "row(s) {rows} (missing answers count 0). Correct the answers or the stated score"
            ).format(
                domain=rec["policy_domain"],
                score=num(rec["value"]),
                area=rec["ref_area"],
                period=rec["time_period"],
                computed=num(rec["_computed"]),
                rows=listed(rec["_items"], lang=ck.lang),
            ),
            column=column,
            row=rec[ROW],
            value=rec["value"],
        )


# --- 10.7.2 inquiry (§1.3) ------------------------------------------------------------------
def inquiry(ck: Checker) -> None:
    """Answers per domain, sub-category within its domain, stated scores recomputed."""
    _, head = ck._, ck.header
    d1 = ", ".join(answer_word(a, ck.lang) for a in INQUIRY_SCORES_D1)
    other = ", ".join(answer_word(a, ck.lang) for a in INQUIRY_SCORES)
    is_total = pl.col("sub_category") == "_T"
    ck.flag(
        ~is_total & ~pl.col("sub_category").str.starts_with(pl.col("policy_domain") + "_"),
        "sub_category",
        "sub_category_domain",
        lambda r: _(
            "{value} is not a sub-category of {column} {quoted}. Use {domain}_A ... "
            "{domain}_E, or correct {column}"
        ).format(
            value=repr(r["sub_category"]),
            column=head("policy_domain"),
            quoted=repr(r["policy_domain"]),
            domain=r["policy_domain"],
        ),
    )
    ck.flag(
        ~is_total
        & (pl.col("policy_domain") == "PD_1")
        & ~pl.col("answer").is_in(list(INQUIRY_SCORES_D1)),
        "answer",
        "answer_code",
        lambda r: _("{value} is not a domain 1 answer. Use one of: {answers}").format(
            value=repr(r["answer"]), answers=d1
        ),
    )
    ck.flag(
        ~is_total
        & (pl.col("policy_domain") != "PD_1")
        & ~pl.col("answer").is_in(list(INQUIRY_SCORES)),
        "answer",
        "answer_code",
        lambda r: _("{value} is not an answer for domains 2-6. Use one of: {answers}").format(
            value=repr(r["answer"]), answers=other
        ),
    )
    ck.flag(
        is_total & pl.col("answer").is_not_null(),
        "answer",
        "answer_on_total",
        _("a _T row states the domain score in '{value}'; leave '{answer}' blank on it").format(
            value=head("value"), answer=head("answer")
        ),
    )
    ck.flag(
        is_total & pl.col("value").is_null(),
        "value",
        "score_missing",
        _(
            "the _T row has no stated domain score. Fill in {value} (0-100) or delete the row"
        ).format(value=head("value")),
        frame="typed",
    )
    ck.flag(
        is_total & ((pl.col("value") < 0) | (pl.col("value") > 100)),
        "value",
        "unit_range",
        lambda r: _("{value} is not a score: domain scores are 0-100").format(
            value=translator(ck.lang).number(float(str(r["value"])))
        ),
        frame="typed",
    )
    ck.flag(
        ~is_total & pl.col("value").is_not_null(),
        "value",
        "value_ignored",
        _(
            "{value} is ignored on answer rows (the score comes from '{answer}'). Leave it blank"
        ).format(value=head("value"), answer=head("answer")),
        severity="warning",
        frame="typed",
    )
    _blank_answers(ck, ~is_total)
    _inquiry_scores(ck)
    _missing_items(ck)
    _duplicate_text(ck)


def _inquiry_scores(ck: Checker) -> None:
    """Stated _T scores vs the §1.3 recomputation; missing answers count 0."""
    scores = {**INQUIRY_SCORES_D1, **INQUIRY_SCORES}
    key = ["ref_area", "time_period", "policy_domain"]
    items = ck.typed.filter(pl.col("sub_category") != "_T").with_columns(
        score=pl.col("answer").replace_strict(scores, default=0.0, return_dtype=pl.Float64)
    )
    stated = ck.typed.filter((pl.col("sub_category") == "_T") & pl.col("value").is_not_null())
    # A stated score without any answer rows is compared with 0 (all answers missing).
    stated = (
        stated.join(items.select(key).unique(), on=key, how="anti")
        .with_columns(_computed=pl.lit(0.0), _items=pl.lit([], dtype=pl.List(pl.Int64)))
        .filter(pl.col("value").abs() > TOLERANCE)
    )
    for rec in stated.iter_rows(named=True):
        ck.add(
            "domain_score",
            ck._(
                "the stated {domain} score {score} has no answer rows, so the §1.3 "
                "recomputation is 0 (missing answers count 0). Add the five answers"
            ).format(
                domain=rec["policy_domain"], score=translator(ck.lang).number(float(rec["value"]))
            ),
            column="value",
            row=rec[ROW],
            value=rec["value"],
        )
    with_items = ck.typed.filter((pl.col("sub_category") == "_T") & pl.col("value").is_not_null())
    compare_domains(ck, items, with_items, key, "value")


def _missing_items(ck: Checker) -> None:
    """Warn when an answered domain lacks some of its five sub-categories (counted 0)."""
    key = ["ref_area", "time_period", "policy_domain"]
    got = (
        ck.raw.filter(pl.col("sub_category") != "_T")
        .group_by(key)
        .agg(pl.col("sub_category").unique(), pl.col(ROW).min())
    )
    for rec in got.sort(ROW).iter_rows(named=True):
        domain = rec["policy_domain"]
        if domain not in POLICY_DOMAINS:
            continue
        absent = [f"{domain}_{s}" for s in "ABCDE" if f"{domain}_{s}" not in rec["sub_category"]]
        if absent:
            ck.add(
                "items_missing",
                ck._(
                    "{area} {period} {domain} has no row for {missing}; they count 0 in the "
                    "domain score. Add them if answered"
                ).format(
                    area=rec["ref_area"],
                    period=rec["time_period"],
                    domain=domain,
                    missing=", ".join(absent),
                ),
                column="sub_category",
                row=rec[ROW],
                severity="warning",
            )


def _blank_answers(ck: Checker, scope: pl.Expr) -> None:
    """Blank answers are counted as 0 (indicators.md §1.3 4.f, §2): a warning to confirm."""
    ck.flag(
        scope & pl.col("answer").is_null(),
        "answer",
        "blank_answer",
        ck._("the answer is blank; it will be counted as 0 (not answered). Fill it in if known"),
        severity="warning",
    )


def _duplicate_text(ck: Checker) -> None:
    """The same answer_text on several rows of one country and round is often a paste error."""
    key = ["ref_area", "time_period", "answer_text"]
    dup = (
        ck.raw.filter(pl.col("answer_text").is_not_null())
        .group_by(key)
        .agg(pl.col(ROW).sort())
        .filter(pl.col(ROW).list.len() > 1)
    )
    for rec in dup.iter_rows(named=True):
        for row in rec[ROW]:
            ck.add(
                "duplicate_text",
                ck._(
                    "the same {column} appears in row(s) {rows}. Check it was not pasted into "
                    "the wrong row"
                ).format(column=ck.header("answer_text"), rows=listed(rec[ROW], lang=ck.lang)),
                column="answer_text",
                row=row,
                value=rec["answer_text"],
                severity="warning",
            )


# --- GFMD coherence survey (§2) ---------------------------------------------------------------
def gfmd(ck: Checker) -> None:
    """Answers coded, counts only for count items and within their range."""
    _ = ck._
    answers = list(GFMD_SCORES)
    words = ", ".join(answer_word(a, ck.lang) for a in answers)
    ck.flag(
        ~pl.col("answer").is_in(answers),
        "answer",
        "answer_code",
        lambda r: _(
            "{value} is not an answer. Use one of: {answers} (blank = not answered)"
        ).format(value=repr(r["answer"]), answers=words),
    )
    count_items = list(GFMD_COUNT_ITEMS)
    ck.flag(
        pl.col("count").is_not_null() & ~pl.col("item_code").is_in(count_items),
        "count",
        "count_not_allowed",
        lambda r: _("item {item} takes no count (only {items}). Leave it blank").format(
            item=r["item_code"], items=", ".join(count_items)
        ),
        frame="typed",
    )
    for item, (lo, hi) in GFMD_COUNT_ITEMS.items():
        out = pl.col("count") < lo
        out = out | (pl.col("count") > hi) if hi is not None else out
        rng = f"{lo}-{hi}" if hi is not None else f">= {lo}"
        ck.flag(
            (pl.col("item_code") == item) & out,
            "count",
            "count_range",
            _("{value} is outside the range of {item} ({range}). Correct the count").format(
                value="{value}", item=item, range=rng
            ),
            frame="typed",
        )
    _blank_answers(ck, pl.lit(True))
    _duplicate_text(ck)
