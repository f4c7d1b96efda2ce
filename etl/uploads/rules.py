"""Per-template upload rules (indicators.md §1.2, §1.3, §2, §5), run by etl/uploads/checks.py.

Each rule takes the Checker (raw strings in `ck.raw`, converted values in `ck.typed`, both with
the file row in ROW) and adds issues. Rules only look at cells that converted; a cell that is
not a number has already been reported.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from core.contract import DIMENSIONS
from core.templates import (
    AGE_CODE,
    GFMD_COUNT_ITEMS,
    GFMD_SCORES,
    INQUIRY_SCORES,
    INQUIRY_SCORES_D1,
    POLICY_DOMAINS,
    SERIES_RANGES,
    SUB_CATEGORIES,
    UNIT_RANGES,
    UNIT_SETS,
)
from etl.uploads.checker import Checker, check_area, indicator_codes, listed
from etl.uploads.microdata import census, rci
from etl.uploads.read import ROW

TOLERANCE = 0.05  # points of 100: a stated domain score may differ by rounding only
_FREE_DIMENSIONS = ("education_lev", "occupation", "activity", "migratory_status")


# --- indicator_long (§5) --------------------------------------------------------------------
def _long_indicator(ck: Checker) -> None:
    """indicator_code must be a code the project knows."""
    known = sorted(indicator_codes())
    ck.flag(
        ~pl.col("indicator_code").is_in(known),
        "indicator_code",
        "unknown_indicator",
        f"{{value!r}} is not an indicator the platform knows ({', '.join(known[:9])}, P.* "
        "items ...). Check the code (dotted SDG id such as 10.c.1, or a P.* item)",
    )


def _long_areas(ck: Checker) -> None:
    """counterpart_area: ISO3, a region code or _T; breakdown codes have no spaces; age codes."""
    check_area(ck, "counterpart_area", regions=True, total=True)
    for col in _FREE_DIMENSIONS:
        ck.flag(
            pl.col(col).str.contains(r"\s"),
            col,
            "code_format",
            "{value!r} contains spaces. Codes are single words (e.g. MS_MIGRANT); fix it",
        )
    ck.flag(
        ~pl.col("age").str.contains(AGE_CODE),
        "age",
        "age_code",
        "{value!r} is not an SDMX age code (Y15T24, Y_GE65, _T). Confirm or correct it",
        severity="warning",
    )


def _long_values(ck: Checker) -> None:
    """§5 rule 2: value within its unit's range; blank value only with obs_status M."""
    ck.flag(
        pl.col("value").is_null() & (pl.col("obs_status") != "M"),
        "value",
        "value_missing",
        "the value is blank but obs_status is {obs_status!r}. Fill in the value, or set "
        "obs_status to M (missing)",
    )  # raw cells: a value that is not a number is reported once, as not_a_number
    own = pl.col("series_code").is_in(list(SERIES_RANGES))
    for unit, (lo, hi) in UNIT_RANGES.items():
        ck.flag(
            (pl.col("unit_measure") == unit) & ~own & _outside(lo, hi),
            "value",
            "unit_range",
            f"{{value}} is outside the range of unit {unit}: it must be {_range(lo, hi)}. Check "
            "the value and the unit",
            frame="typed",
        )
    for series, (lo, hi) in SERIES_RANGES.items():
        ck.flag(
            (pl.col("series_code") == series) & _outside(lo, hi),
            "value",
            "unit_range",
            f"{{value}} is outside the range of series {series}: it must be {_range(lo, hi)}. "
            "Check the value and the unit",
            frame="typed",
        )
    for unit, allowed in UNIT_SETS.items():
        ck.flag(
            (pl.col("unit_measure") == unit) & ~pl.col("value").is_in(allowed),
            "value",
            "unit_range",
            f"{{value}} is not allowed for unit {unit}: use one of "
            f"{', '.join(f'{v:g}' for v in allowed)}",
            frame="typed",
        )


def _outside(lo: float | None, hi: float | None) -> pl.Expr:
    """`value` below lo or above hi (None = no bound)."""
    bad = pl.lit(False)
    bad = bad | (pl.col("value") < lo) if lo is not None else bad
    return bad | (pl.col("value") > hi) if hi is not None else bad


def _range(lo: float | None, hi: float | None) -> str:
    """'at least 0 and at most 100', 'at least 0', 'at most 100'."""
    parts = [
        f"at least {lo:g}" if lo is not None else "",
        f"at most {hi:g}" if hi is not None else "",
    ]
    return " and ".join(p for p in parts if p)


def _long_units(ck: Checker) -> None:
    """§5 rule 3: one unit_measure per series (indicator_code x series_code)."""
    series = ["indicator_code", "series_code"]
    mixed = (
        ck.raw.filter(pl.col("unit_measure").is_not_null())
        .group_by([*series, "unit_measure"])
        .agg(pl.col(ROW).sort())
        .filter(pl.len().over(series) > 1)
        .sort([*series, "unit_measure"])
    )
    for (ind, ser), part in mixed.group_by(series, maintain_order=True):
        uses = "; ".join(
            f"{u} in row(s) {listed(rows)}"
            for u, rows in zip(part["unit_measure"], part[ROW], strict=True)
        )
        first = min(min(r) for r in part[ROW])
        ck.add(
            "mixed_units",
            f"series {ser} of indicator {ind} mixes units: {uses}. A series has one unit; "
            "convert the values or give each unit its own series_code",
            column="unit_measure",
            row=first,
            value=", ".join(part["unit_measure"]),
        )


def _long_1072(ck: Checker) -> None:
    """§5 rule 6: 10.7.2 domain rows (PT, sub_category _T) equal the recomputed item sum."""
    is_1072 = pl.col("indicator_code") == "10.7.2"
    items = ck.typed.filter(
        is_1072
        & pl.col("sub_category").is_in(SUB_CATEGORIES)
        & (pl.col("unit_measure") == "BINARY")
    ).with_columns(score=pl.col("value").fill_null(0.0))
    stated = ck.typed.filter(
        is_1072
        & (pl.col("sub_category") == "_T")
        & pl.col("policy_domain").is_in(POLICY_DOMAINS)
        & (pl.col("unit_measure") == "PT")
    )
    # Only domains with item rows in this file: national files may publish scores alone.
    _compare_domains(ck, items, stated, ["ref_area", "time_period", "policy_domain"], "value")


def _compare_domains(
    ck: Checker, items: pl.DataFrame, stated: pl.DataFrame, key: list[str], column: str
) -> None:
    """Error on each stated domain score that differs from 100 x sum(item scores) / 5."""
    computed = items.group_by(key).agg(
        (pl.col("score").sum() * 100 / 5).alias("_computed"), pl.col(ROW).sort().alias("_items")
    )
    joined = stated.join(computed, on=key, how="inner").filter(
        (pl.col("value") - pl.col("_computed")).abs() > TOLERANCE
    )
    for rec in joined.sort(ROW).iter_rows(named=True):
        ck.add(
            "domain_score",
            f"the stated {rec['policy_domain']} score {rec['value']:g} for {rec['ref_area']} "
            f"{rec['time_period']} does not equal {rec['_computed']:g}, the §1.3 recomputation "
            f"100 x (sum of answer scores) / 5 from row(s) {listed(rec['_items'])} (missing "
            "answers count 0). Correct the answers or the stated score",
            column=column,
            row=rec[ROW],
            value=rec["value"],
        )


# --- 10.7.2 inquiry (§1.3) ------------------------------------------------------------------
def _inquiry(ck: Checker) -> None:
    """Answers per domain, sub-category within its domain, stated scores recomputed."""
    d1, other = list(INQUIRY_SCORES_D1), list(INQUIRY_SCORES)
    is_total = pl.col("sub_category") == "_T"
    ck.flag(
        ~is_total & ~pl.col("sub_category").str.starts_with(pl.col("policy_domain") + "_"),
        "sub_category",
        "sub_category_domain",
        "{value!r} is not a sub-category of policy_domain {policy_domain!r}. Use "
        "{policy_domain}_A ... {policy_domain}_E, or correct policy_domain",
    )
    ck.flag(
        ~is_total & (pl.col("policy_domain") == "PD_1") & ~pl.col("answer").is_in(d1),
        "answer",
        "answer_code",
        f"{{value!r}} is not a domain 1 answer. Use one of: {', '.join(d1)}",
    )
    ck.flag(
        ~is_total & (pl.col("policy_domain") != "PD_1") & ~pl.col("answer").is_in(other),
        "answer",
        "answer_code",
        f"{{value!r}} is not an answer for domains 2-6. Use one of: {', '.join(other)}",
    )
    ck.flag(
        is_total & pl.col("answer").is_not_null(),
        "answer",
        "answer_on_total",
        "a _T row states the domain score in 'value'; leave 'answer' blank on it",
    )
    ck.flag(
        is_total & pl.col("value").is_null(),
        "value",
        "score_missing",
        "the _T row has no stated domain score. Fill in value (0-100) or delete the row",
        frame="typed",
    )
    ck.flag(
        is_total & ((pl.col("value") < 0) | (pl.col("value") > 100)),
        "value",
        "unit_range",
        "{value} is not a score: domain scores are 0-100",
        frame="typed",
    )
    ck.flag(
        ~is_total & pl.col("value").is_not_null(),
        "value",
        "value_ignored",
        "value is ignored on answer rows (the score comes from 'answer'). Leave it blank",
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
            f"the stated {rec['policy_domain']} score {rec['value']:g} has no answer rows, so "
            "the §1.3 recomputation is 0 (missing answers count 0). Add the five answers",
            column="value",
            row=rec[ROW],
            value=rec["value"],
        )
    with_items = ck.typed.filter((pl.col("sub_category") == "_T") & pl.col("value").is_not_null())
    _compare_domains(ck, items, with_items, key, "value")


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
                f"{rec['ref_area']} {rec['time_period']} {domain} has no row for "
                f"{', '.join(absent)}; they count 0 in the domain score. Add them if answered",
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
        "the answer is blank; it will be counted as 0 (not answered). Fill it in if known",
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
                f"the same answer_text appears in row(s) {listed(rec[ROW])}. Check it was not "
                "pasted into the wrong row",
                column="answer_text",
                row=row,
                value=rec["answer_text"],
                severity="warning",
            )


# --- GFMD coherence survey (§2) ---------------------------------------------------------------
def _gfmd(ck: Checker) -> None:
    """Answers coded, counts only for count items and within their range."""
    answers = list(GFMD_SCORES)
    ck.flag(
        ~pl.col("answer").is_in(answers),
        "answer",
        "answer_code",
        f"{{value!r}} is not an answer. Use one of: {', '.join(answers)} (blank = not answered)",
    )
    count_items = list(GFMD_COUNT_ITEMS)
    ck.flag(
        pl.col("count").is_not_null() & ~pl.col("item_code").is_in(count_items),
        "count",
        "count_not_allowed",
        f"item {{item_code}} takes no count (only {', '.join(count_items)}). Leave it blank",
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
            f"{{value}} is outside the range of {item} ({rng}). Correct the count",
            frame="typed",
        )
    _blank_answers(ck, pl.lit(True))
    _duplicate_text(ck)


# Columns whose code list a rule checks itself (the generic check cannot tell domain 1 apart).
OWN_CODE_CHECKS: dict[str, set[str]] = {"inquiry_1072": {"answer"}}
RULES: dict[str, tuple[Callable[[Checker], None], ...]] = {
    "indicator_long": (_long_indicator, _long_areas, _long_values, _long_units, _long_1072),
    "inquiry_1072": (_inquiry,),
    "gfmd_coherence": (_gfmd,),
    "rci_1071_microdata": (rci,),
    "census_tabulation": (census,),
}
assert set(DIMENSIONS) >= set(_FREE_DIMENSIONS)
