"""SDG 10.7.2 from approved UN Inquiry Module III answers (indicators.md §1.3), as contract rows.

Pure polars; input = rows of the `inquiry_1072` upload template (core/templates.py).

Scoring [OFFICIAL, metadata 4.c/4.f]: domain 1 yes_all = 1, yes_legal_only = 0.5, no = 0;
domains 2-6 yes = 1, no = 0; an unanswered or absent sub-category counts 0 (kept as
obs_status M). D_i = 100 x sum / 5; overall = 100 x sum of the 30 / 30 (= mean of the D_i).
Category: 1 v < 40, 2 v < 80, 3 v < 100, 4 v = 100.

Series (indicator_code 10.7.2; the SG_ codes are in the UN SDG Global Database, checked in
../shared/data/sdg_api: ddf concepts and Goal10.xlsx; SG_CPA_MIGR is not there, so the item and
score series use project codes):
- P_1072_ITEM   item score 1 / 0.5 / 0 (BINARY), sub_category PD_i_X, answer in value_label,
                free text in answer_text; unanswered = 0 with obs_status M.       [PROJECT]
- P_1072_SCORE  domain (PD_i) and overall (_T) score 0-100 (PT), category name in value_label.
                                                                                 [PROJECT]
- SG_CPA_MIGRS  the same as the 1-4 category (SCORE_1_4), as in the UN database.
- P_1072_RESP   response rate: answered items / 5 (domain) or / 30 (overall) x 100 (PT), shown
                beside the score because missing answers score 0 (indicators.md §6.6). [PROJECT]
- SG_CPA_MIGRP      % of responding countries that meet or fully meet (category 3 or 4), overall
                    and by domain: the UN series (reproduced from the published 2019 country
                    categories in tests/indicators/compute/test_process_1072.py).
- P_1072_SHARE_RFP  % of responding countries that require further progress (category 1).
- P_1072_SHARE_PM   % of responding countries that partially meet (category 2).   [PROJECT]
A country that answered none of the 30 items has not responded: it gets item rows (all M) and a
0 % response rate, but no score or category, and is not in any aggregate's denominator (4.g).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from core.config import Settings
from core.contract import TOTAL, WORLD, conform, empty
from core.errors import EtlError
from core.i18n import N_
from core.templates import INQUIRY_SCORES, INQUIRY_SCORES_D1, SUB_CATEGORIES
from indicators.compute.platform_area import (
    DEFAULT_MIN_COUNTRIES,
    PLATFORM_AREA,
    platform_label,
    publishable,
)

INDICATOR = "10.7.2"
DATASET = "inquiry_1072"
ITEM, SCORE, CATEGORY, RESPONSE = "P_1072_ITEM", "P_1072_SCORE", "SG_CPA_MIGRS", "P_1072_RESP"
# The UN's category names (marked: pages and the report show them translated; data keeps English)
CATEGORY_LABELS: dict[int, str] = {
    1: N_("Requires further progress"),
    2: N_("Partially meets"),
    3: N_("Meets"),
    4: N_("Fully meets"),
}
# Aggregate groups (metadata 4.g): categories 3 and 4 are reported together.
SHARE_SERIES: dict[int, tuple[str, str, tuple[int, ...]]] = {
    1: ("P_1072_SHARE_RFP", "Requires further progress", (1,)),
    2: ("P_1072_SHARE_PM", "Partially meets", (2,)),
    3: ("SG_CPA_MIGRP", "Meets or fully meets", (3, 4)),
}
ITEMS_PER_DOMAIN = 5
STATED_TOLERANCE = 0.05  # a stated domain score may be rounded to one decimal
COUNTRY = {
    "indicator_code": pl.lit(INDICATOR),
    "ref_area": pl.col("ref_area"),
    "time_period": pl.col("time_period"),
    "freq": pl.lit("B"),  # biennial Inquiry rounds
    "nature": pl.lit("C"),
    "reporting_type": pl.lit("N"),
    "collection_method": pl.lit("INQUIRY"),
    "source": pl.col("source"),
}


def submission_source(df: pl.DataFrame, dataset: str) -> pl.Expr:
    """`source` of an uploaded row: its own text (else the dataset name) + its submission id.

    Shared by the process modules; indicators/build.py keeps unknown names as the citation.
    """
    text = pl.col("source").fill_null(dataset) if "source" in df.columns else pl.lit(dataset)
    if "submission_id" not in df.columns:
        return text
    sid = pl.col("submission_id").cast(pl.String)
    tagged = pl.concat_str(text, pl.lit(" (submission "), sid, pl.lit(")"))
    return pl.when(sid.is_null()).then(text).otherwise(tagged)


def category(value: pl.Expr) -> pl.Expr:
    """The 1-4 category of a 0-100 score; rounded first so 100 x 24 / 30 is exactly 80."""
    v = value.round(9)
    return (
        pl.when(v.is_null())
        .then(None)
        .when(v < 40)
        .then(1)
        .when(v < 80)
        .then(2)
        .when(v < 100)
        .then(3)
        .otherwise(4)
        .cast(pl.Int64)
    )


def _check_answers(answers: pl.DataFrame) -> None:
    """Raise EtlError for a duplicated sub-category or an answer outside the domain's list."""
    keys = ["ref_area", "time_period", "sub_category"]
    dup = answers.filter(pl.struct(keys).is_duplicated())
    if dup.height:
        r = dup.row(0, named=True)
        raise EtlError(
            f"inquiry_1072: {r['ref_area']} {r['time_period']} answers {r['sub_category']} more "
            "than once. Keep one approved submission per country and round."
        )
    bad = answers.filter(pl.col("answer").is_not_null() & pl.col("score").is_null())
    if bad.height:
        r = bad.row(0, named=True)
        allowed = INQUIRY_SCORES_D1 if r["sub_category"].startswith("PD_1_") else INQUIRY_SCORES
        raise EtlError(
            f"inquiry_1072: {r['ref_area']} {r['time_period']} {r['sub_category']}: answer "
            f"{r['answer']!r} is not one of {', '.join(allowed)}. Correct the submission."
        )


def item_scores(inquiry: pl.DataFrame) -> pl.DataFrame:
    """All 30 sub-categories of every country-round in the input, with score and answered flag.

    Columns: ref_area, time_period, source, policy_domain, sub_category, answer, answer_text,
    score (0 when unanswered), answered (bool). Absent sub-categories count as unanswered.
    """
    src = inquiry.with_columns(source=submission_source(inquiry, DATASET))
    rounds = src.group_by("ref_area", "time_period").agg(pl.col("source").drop_nulls().first())
    text = pl.col("answer_text") if "answer_text" in src.columns else pl.lit(None, pl.String)
    d1 = pl.col("sub_category").str.starts_with("PD_1_")
    answers = src.filter(pl.col("sub_category") != TOTAL).select(
        "ref_area",
        "time_period",
        "sub_category",
        "answer",
        answer_text=text,
        score=pl.when(d1)
        .then(pl.col("answer").replace_strict(INQUIRY_SCORES_D1, default=None))
        .otherwise(pl.col("answer").replace_strict(INQUIRY_SCORES, default=None)),
    )
    _check_answers(answers)
    grid = rounds.join(pl.DataFrame({"sub_category": list(SUB_CATEGORIES)}), how="cross")
    return (
        grid.join(answers, on=["ref_area", "time_period", "sub_category"], how="left")
        .with_columns(
            policy_domain=pl.col("sub_category").str.slice(0, 4),
            answered=pl.col("score").is_not_null(),
            score=pl.col("score").fill_null(0.0),
        )
        .sort("ref_area", "time_period", "sub_category")
    )


def domain_scores(items: pl.DataFrame) -> pl.DataFrame:
    """Scores per country-round and domain (PD_i) and overall (_T), from item_scores().

    Columns: ref_area, time_period, source, policy_domain, score (0-100), n_items, answered,
    category (1-4), responding (the country answered at least one of the 30 items).
    """
    keys = ["ref_area", "time_period"]
    agg = [
        pl.col("source").first(),
        (pl.col("score").sum() * 100 / pl.len()).alias("score"),
        pl.len().alias("n_items"),
        pl.col("answered").sum().alias("answered"),
    ]
    by_domain = items.group_by(*keys, "policy_domain").agg(agg)
    overall = items.group_by(keys).agg(agg).with_columns(policy_domain=pl.lit(TOTAL))
    scores = pl.concat([by_domain, overall.select(by_domain.columns)])
    responding = overall.select(*keys, responding=pl.col("answered") > 0)
    return (
        scores.join(responding, on=keys)
        .with_columns(category=category(pl.col("score")))
        .sort(*keys, "policy_domain")
    )


def stated_score_check(inquiry: pl.DataFrame, scores: pl.DataFrame) -> pl.DataFrame:
    """Stated domain scores (_T rows with a value) beside the recomputed ones (§5 rule 6).

    Columns: ref_area, time_period, policy_domain, stated, computed, matches.
    """
    given = pl.col("value") if "value" in inquiry.columns else pl.lit(None, pl.Float64)
    stated = inquiry.with_columns(value=given.cast(pl.Float64)).filter(
        (pl.col("sub_category") == TOTAL) & pl.col("value").is_not_null()
    )
    return (
        stated.select("ref_area", "time_period", "policy_domain", stated=pl.col("value"))
        .join(
            scores.select("ref_area", "time_period", "policy_domain", computed=pl.col("score")),
            on=["ref_area", "time_period", "policy_domain"],
            how="left",
        )
        .with_columns(matches=(pl.col("stated") - pl.col("computed")).abs() <= STATED_TOLERANCE)
    )


def _item_rows(items: pl.DataFrame) -> pl.DataFrame:
    """P_1072_ITEM rows: the item score, the answer as value_label, M when unanswered."""
    return conform(
        items.select(
            **COUNTRY,
            series_code=pl.lit(ITEM),
            policy_domain=pl.col("policy_domain"),
            sub_category=pl.col("sub_category"),
            value=pl.col("score"),
            value_label=pl.col("answer"),
            answer_text=pl.col("answer_text"),
            unit_measure=pl.lit("BINARY"),
            obs_status=pl.when(pl.col("answered")).then(pl.lit("A")).otherwise(pl.lit("M")),
            comment_obs=pl.when(pl.col("answered")).then(None).otherwise(pl.lit("not answered")),
        )
    )


def _score_rows(scores: pl.DataFrame, checks: pl.DataFrame) -> pl.DataFrame:
    """P_1072_SCORE, SG_CPA_MIGRS and P_1072_RESP rows; scores only for responding countries."""
    keys = ["ref_area", "time_period", "policy_domain"]
    notes = checks.filter(~pl.col("matches").fill_null(False)).select(
        *keys,
        stated_note=pl.format(
            "stated score {} differs from the score recomputed from the items; the "
            "recomputed score is used",
            pl.col("stated"),
        ),
    )
    df = scores.join(notes, on=keys, how="left")
    missing = pl.col("n_items") - pl.col("answered")
    gap = pl.when(missing > 0).then(
        pl.format("{} of {} items not answered (scored 0)", missing, pl.col("n_items"))
    )
    comment = pl.concat_str(gap, pl.col("stated_note"), separator="; ", ignore_nulls=True)
    label = pl.col("category").replace_strict(CATEGORY_LABELS, default=None)
    common = {**COUNTRY, "policy_domain": pl.col("policy_domain")}
    responding = df.filter(pl.col("responding"))
    parts = [
        responding.select(
            **common,
            series_code=pl.lit(SCORE),
            value=pl.col("score"),
            value_label=label,
            unit_measure=pl.lit("PT"),
            comment_obs=pl.when(comment != "").then(comment),
        ),
        responding.select(
            **common,
            series_code=pl.lit(CATEGORY),
            value=pl.col("category").cast(pl.Float64),
            value_label=label,
            unit_measure=pl.lit("SCORE_1_4"),
        ),
        df.select(
            **common,
            series_code=pl.lit(RESPONSE),
            value=pl.col("answered") * 100 / pl.col("n_items"),
            unit_measure=pl.lit("PT"),
            comment_obs=pl.format("{} of {} items answered", pl.col("answered"), pl.col("n_items")),
        ),
    ]
    return pl.concat([conform(p) for p in parts])


def aggregate_categories(
    categories: pl.DataFrame, *, area: str = WORLD, min_countries: int = 1
) -> pl.DataFrame:
    """% of responding countries per category group, by round and domain (metadata 4.g).

    Args:
        categories: one row per responding country, round and domain (PD_i or _T) with columns
            ref_area, time_period, policy_domain and value = the 1-4 category (SG_CPA_MIGRS
            rows). Rows with a null value (non-respondents) are dropped: no imputation.
        area: ref_area of the aggregate rows: WLD only for the custodian's published country
            categories (all countries); PLATFORM_AREA for national uploads
            (indicators/compute/platform_area.py), whose comment says "countries reporting on this
            platform, n = K".
        min_countries: aggregates over fewer responding countries are not published.

    Returns:
        Contract rows SG_CPA_MIGRP / P_1072_SHARE_RFP / P_1072_SHARE_PM (PT), sample_size = the
        number of responding countries (the denominator).
    """
    rows = categories.filter(pl.col("value").is_not_null()).with_columns(
        pl.col("value").cast(pl.Int64)
    )
    if rows.is_empty():
        return empty()
    parts = []
    for series, label, codes in SHARE_SERIES.values():
        share = publishable(
            rows.group_by("time_period", "policy_domain").agg(
                n=pl.col("ref_area").n_unique(),
                k=pl.col("ref_area").filter(pl.col("value").is_in(codes)).n_unique(),
            ),
            "n",
            min_countries,
        )
        what = (
            platform_label(pl.col("n"))
            if area == PLATFORM_AREA
            else pl.format("{} responding countries", pl.col("n"))
        )
        parts.append(
            share.select(
                indicator_code=pl.lit(INDICATOR),
                series_code=pl.lit(series),
                ref_area=pl.lit(area),
                time_period=pl.col("time_period").cast(pl.String),
                freq=pl.lit("B"),
                policy_domain=pl.col("policy_domain"),
                value=pl.col("k") * 100 / pl.col("n"),
                value_label=pl.lit(label),
                unit_measure=pl.lit("PT"),
                sample_size=pl.col("n"),
                source=pl.lit(DATASET),
                comment_obs=pl.format(
                    "{}: {} {}; non-responding countries are not imputed",
                    what,
                    pl.col("k"),
                    pl.lit(label.lower()),
                ),
            )
        )
    return pl.concat([conform(p) for p in parts])


def process_1072_rows(
    inquiry: pl.DataFrame,
    *,
    area: str = PLATFORM_AREA,
    min_countries: int = DEFAULT_MIN_COUNTRIES,
) -> pl.DataFrame:
    """Every 10.7.2 series (items, scores, categories, response rates, aggregates).

    The cross-country shares of uploaded countries go to `area` (PLATFORM_AREA, never World)
    and only when at least `min_countries` responded (indicators/compute/platform_area.py).
    """
    if inquiry.is_empty():
        return empty()
    items = item_scores(inquiry)
    scores = domain_scores(items)
    checks = stated_score_check(inquiry, scores)
    country = pl.concat([_item_rows(items), _score_rows(scores, checks)])
    cats = country.filter(pl.col("series_code") == CATEGORY)
    return pl.concat([country, aggregate_categories(cats, area=area, min_countries=min_countries)])


def compute_10_7_2(frames: Mapping[str, pl.DataFrame], settings: Settings) -> pl.DataFrame:
    """10.7.2 from the approved `inquiry_1072` submissions (IndicatorSpec compute function)."""
    inquiry = frames.get(DATASET)
    if inquiry is None:
        return empty()
    return process_1072_rows(inquiry, min_countries=settings.min_platform_countries)
