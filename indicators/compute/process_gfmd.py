"""GFMD policy-coherence survey indicators (indicators.md §2) from approved national submissions.

Pure polars; input = rows of the `gfmd_coherence` upload template (core/templates.py).
All codes are [PROJECT]; indicator_code is the item code (P.COH.05), series_code the same with
underscores (P_COH_05), as in the §5 example row.

- P_xxx_xx          item value: yes 1, partial/draft 0.5, no 0 (BINARY); the answer in
                    value_label, the open-ended text in answer_text; blank or absent = 0 with
                    obs_status M; coherence_level = the item's level (_T if it has none).
- P_COH_07_N        P.COH.07 number of bilateral labour/migration agreements in force (NUMBER)
- P_COH_07_GE1      P.COH.07 at least one agreement in force (BINARY, from the count)
- P_DAT_01_N        P.DAT.01 core census items present, 0-3 (NUMBER)
- P_COH_SCORE       (indicator P.COH) coherence-level score = mean of the level's items x 100
                    (PT), by coherence_level; unanswered items count 0 (noted in comment_obs)
- <item>_SHARE_YES  (ref_area WLD) % of responding countries with value = 1, per item and round
- <item>_SHARE_GE05 (ref_area WLD) % of responding countries with value >= 0.5 (secondary)
- <item>_REF_SE     Swedish government survey baseline (core.templates.GFMD_BASELINES_PCT),
                    shown beside each round: a reference from another instrument and sample,
                    NOT comparable (comment_obs says so; §6.9)
"Responding" = answered at least one item in the round; an unanswered item counts as 0 in the
numerator, like the 10.7.2 convention, and the denominator is in sample_size.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from core.config import Settings
from core.contract import TOTAL, conform, empty
from core.errors import EtlError
from core.templates import GFMD_BASELINES_PCT, GFMD_COUNT_ITEMS, GFMD_ITEMS, GFMD_SCORES
from indicators.compute.platform_area import (
    DEFAULT_MIN_COUNTRIES,
    PLATFORM_AREA,
    platform_label,
    publishable,
)
from indicators.compute.process_1072 import submission_source

DATASET = "gfmd_coherence"
LEVEL_INDICATOR, LEVEL_SERIES = "P.COH", "P_COH_SCORE"
REFERENCE_NOTE = (
    "REFERENCE, NOT COMPARABLE: Swedish government survey baseline (different instrument and "
    "sample, number of responding states unknown; survey year not recorded); shown beside this "
    "round for reference only"
)
COUNTRY = {
    "ref_area": pl.col("ref_area"),
    "time_period": pl.col("time_period"),
    "freq": pl.lit("B"),  # the survey is to be repeated every two years
    "nature": pl.lit("C"),
    "reporting_type": pl.lit("N"),
    "collection_method": pl.lit("SURVEY"),
    "source": pl.col("source"),
}


def series_of(item: pl.Expr) -> pl.Expr:
    """P.COH.05 -> P_COH_05."""
    return item.str.replace_all(".", "_", literal=True)


def item_values(survey: pl.DataFrame) -> pl.DataFrame:
    """Every GFMD item of every country-round in the input, with its value and answered flag.

    Columns: ref_area, time_period, source, item_code, coherence_level, answer, count,
    answer_text, value (0 when unanswered), answered (bool), responding (any item answered).
    """
    src = survey.with_columns(source=submission_source(survey, DATASET))
    opt = {c: pl.col(c) if c in src.columns else pl.lit(None) for c in ("count", "answer_text")}
    answers = src.select(
        "ref_area",
        "time_period",
        "item_code",
        "answer",
        count=opt["count"].cast(pl.Int64),
        answer_text=opt["answer_text"].cast(pl.String),
        value=pl.col("answer").replace_strict(GFMD_SCORES, default=None),
    )
    _check(answers)
    rounds = src.group_by("ref_area", "time_period").agg(pl.col("source").drop_nulls().first())
    levels = pl.DataFrame(
        {
            "item_code": list(GFMD_ITEMS),
            "coherence_level": [v or TOTAL for v in GFMD_ITEMS.values()],
        }
    )
    keys = ["ref_area", "time_period"]
    items = (
        rounds.join(levels, how="cross")
        .join(answers, on=[*keys, "item_code"], how="left")
        .with_columns(answered=pl.col("value").is_not_null(), value=pl.col("value").fill_null(0.0))
    )
    return items.with_columns(responding=pl.col("answered").any().over(keys)).sort(
        *keys, "item_code"
    )


def _check(answers: pl.DataFrame) -> None:
    """Raise EtlError for an unknown item, a duplicated item or an answer outside the list."""
    once = "is given more than once; keep one approved submission per country and round"
    problems = [
        (~pl.col("item_code").is_in(list(GFMD_ITEMS)), "item_code", "is not a GFMD item"),
        (pl.struct("ref_area", "time_period", "item_code").is_duplicated(), "item_code", once),
        (
            pl.col("answer").is_not_null() & pl.col("value").is_null(),
            "answer",
            f"is not one of {', '.join(GFMD_SCORES)}",
        ),
    ]
    for cond, column, what in problems:
        bad = answers.filter(cond)
        if bad.height:
            r = bad.row(0, named=True)
            raise EtlError(
                f"gfmd_coherence: {r['ref_area']} {r['time_period']} {r['item_code']}: {column} "
                f"{r[column]!r} {what}. Correct the submission."
            )


def _item_rows(items: pl.DataFrame) -> pl.DataFrame:
    """One BINARY row per country, round and item; M when unanswered."""
    return conform(
        items.select(
            **COUNTRY,
            indicator_code=pl.col("item_code"),
            series_code=series_of(pl.col("item_code")),
            coherence_level=pl.col("coherence_level"),
            value=pl.col("value"),
            value_label=pl.col("answer"),
            answer_text=pl.col("answer_text"),
            unit_measure=pl.lit("BINARY"),
            obs_status=pl.when(pl.col("answered")).then(pl.lit("A")).otherwise(pl.lit("M")),
            comment_obs=pl.when(pl.col("answered")).then(None).otherwise(pl.lit("not answered")),
        )
    )


def _count_rows(items: pl.DataFrame) -> pl.DataFrame:
    """P_COH_07_N / P_DAT_01_N counts and P_COH_07_GE1 (count >= 1), where a count is given."""
    counted = items.filter(pl.col("item_code").is_in(list(GFMD_COUNT_ITEMS)))
    counted = counted.filter(pl.col("count").is_not_null())
    base = {
        **COUNTRY,
        "indicator_code": pl.col("item_code"),
        "coherence_level": pl.col("coherence_level"),
        "answer_text": pl.col("answer_text"),
    }
    no_but_some = (pl.col("answer") == "no") & (pl.col("count") > 0)
    yes_but_none = (pl.col("answer") == "yes") & (pl.col("count") == 0)
    note = pl.when(no_but_some | yes_but_none).then(
        pl.format("answer '{}' but count {}", pl.col("answer"), pl.col("count"))
    )
    counts = counted.select(
        **base,
        series_code=pl.concat_str(series_of(pl.col("item_code")), pl.lit("_N")),
        value=pl.col("count").cast(pl.Float64),
        unit_measure=pl.lit("NUMBER"),
        comment_obs=note,
    )
    ge1 = counted.filter(pl.col("item_code") == "P.COH.07").select(
        **base,
        series_code=pl.lit("P_COH_07_GE1"),
        value=(pl.col("count") >= 1).cast(pl.Float64),
        unit_measure=pl.lit("BINARY"),
        comment_obs=pl.lit("1 = at least one agreement in force (from the count)"),
    )
    return pl.concat([conform(counts), conform(ge1)])


def level_scores(items: pl.DataFrame) -> pl.DataFrame:
    """P_COH_SCORE: mean of the items of each coherence level x 100, per country and round."""
    scored = items.filter((pl.col("coherence_level") != TOTAL) & pl.col("responding"))
    agg = scored.group_by("ref_area", "time_period", "coherence_level").agg(
        pl.col("source").first(),
        value=pl.col("value").mean() * 100,
        n=pl.len(),
        missing=(~pl.col("answered")).sum(),
        items=pl.col("item_code").sort().str.join(", "),
    )
    gap = pl.when(pl.col("missing") > 0).then(
        pl.format("; {} of {} items not answered (scored 0)", pl.col("missing"), pl.col("n"))
    )
    return conform(
        agg.select(
            **COUNTRY,
            indicator_code=pl.lit(LEVEL_INDICATOR),
            series_code=pl.lit(LEVEL_SERIES),
            coherence_level=pl.col("coherence_level"),
            value=pl.col("value"),
            unit_measure=pl.lit("PT"),
            comment_obs=pl.concat_str(
                pl.lit("mean of "), pl.col("items"), pl.lit(" x 100"), gap.otherwise(pl.lit(""))
            ),
        )
    )


def cross_country_shares(
    items: pl.DataFrame, *, area: str = PLATFORM_AREA, min_countries: int = DEFAULT_MIN_COUNTRIES
) -> pl.DataFrame:
    """% of responding countries with value = 1 (_SHARE_YES) and >= 0.5 (_SHARE_GE05) per item.

    Non-responding countries (no item answered in the round) are not in the denominator. The
    rows aggregate the countries that uploaded here: area PLATFORM_AREA, never World, and only
    when at least `min_countries` responded (indicators/compute/platform_area.py).
    """
    resp = items.filter(pl.col("responding"))
    agg = publishable(
        resp.group_by("time_period", "item_code", "coherence_level").agg(
            n=pl.col("ref_area").n_unique(),
            yes=pl.col("ref_area").filter(pl.col("value") == 1.0).n_unique(),
            ge05=pl.col("ref_area").filter(pl.col("value") >= 0.5).n_unique(),
        ),
        "n",
        min_countries,
    )
    parts = []
    for suffix, col, what in (("_SHARE_YES", "yes", "= 1"), ("_SHARE_GE05", "ge05", ">= 0.5")):
        parts.append(
            agg.select(
                indicator_code=pl.col("item_code"),
                series_code=pl.concat_str(series_of(pl.col("item_code")), pl.lit(suffix)),
                ref_area=pl.lit(area),
                time_period=pl.col("time_period"),
                freq=pl.lit("B"),
                coherence_level=pl.col("coherence_level"),
                value=pl.col(col) * 100 / pl.col("n"),
                unit_measure=pl.lit("PT"),
                sample_size=pl.col("n"),
                source=pl.lit(DATASET),
                comment_obs=pl.format(
                    "{}: {} with value " + what + "; unanswered = 0",
                    platform_label(pl.col("n")),
                    pl.col(col),
                ),
            )
        )
    return pl.concat([conform(p) for p in parts])


def baseline_rows(rounds: pl.Series, *, area: str = PLATFORM_AREA) -> pl.DataFrame:
    """<item>_REF_SE rows: the Swedish baselines beside each round, marked not comparable."""
    base = pl.DataFrame(
        {"item_code": list(GFMD_BASELINES_PCT), "value": list(GFMD_BASELINES_PCT.values())}
    )
    periods = pl.DataFrame({"time_period": rounds.unique().sort()})
    out = base.join(periods, how="cross").select(
        indicator_code=pl.col("item_code"),
        series_code=pl.concat_str(series_of(pl.col("item_code")), pl.lit("_REF_SE")),
        ref_area=pl.lit(area),
        time_period=pl.col("time_period"),
        freq=pl.lit("I"),
        coherence_level=pl.col("item_code").replace_strict(GFMD_ITEMS, default=TOTAL),
        value=pl.col("value"),
        unit_measure=pl.lit("PT"),
        time_detail=pl.lit("baseline reference; survey year unknown"),
        source=pl.lit("Swedish government survey (indicators.md §2)"),
        comment_obs=pl.lit(REFERENCE_NOTE),
    )
    return conform(out)


def process_gfmd_rows(
    survey: pl.DataFrame,
    *,
    area: str = PLATFORM_AREA,
    min_countries: int = DEFAULT_MIN_COUNTRIES,
) -> pl.DataFrame:
    """Every GFMD series: items, counts, level scores, cross-country shares, baselines.

    Cross-country shares and the reference baselines beside them go to `area` (never World).
    """
    if survey.is_empty():
        return empty()
    items = item_values(survey)
    return pl.concat(
        [
            _item_rows(items),
            _count_rows(items),
            level_scores(items),
            cross_country_shares(items, area=area, min_countries=min_countries),
            baseline_rows(items["time_period"], area=area),
        ]
    )


def compute_gfmd(frames: Mapping[str, pl.DataFrame], settings: Settings) -> pl.DataFrame:
    """GFMD P.* items from the approved `gfmd_coherence` submissions (IndicatorSpec compute)."""
    survey = frames.get(DATASET)
    if survey is None:
        return empty()
    return process_gfmd_rows(survey, min_countries=settings.min_platform_countries)
