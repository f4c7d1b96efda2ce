"""10.7.2 scoring (indicators/compute/process_1072.py): hand-computed and published categories."""

from __future__ import annotations

import itertools

import polars as pl
import pytest

from core.errors import EtlError
from core.templates import SUB_CATEGORIES
from indicators.compute.process_1072 import aggregate_categories, category, process_1072_rows
from tests.conftest import require_shared

DDF = "sdg_api/ddf_open-numbers_2020-10/"
MIGRS = DDF + "ddf--datapoints--sg_cpa_migrs--by--geo_area--nature--policy_domains--units--year.csv"
MIGRP = DDF + "ddf--datapoints--sg_cpa_migrp--by--geo_area--nature--policy_domains--units--year.csv"
EXTRACT = "sdg_api/global_database_goal10_extract/Goal10.xlsx"
COLS = [
    "ref_area",
    "time_period",
    "policy_domain",
    "sub_category",
    "answer",
    "value",
    "answer_text",
]


def inquiry(rows: list[tuple]) -> pl.DataFrame:
    """Template rows (ref_area, round, sub_category, answer[, value, answer_text])."""
    full = [(r[0], r[1], r[2][:4], r[2], r[3], *r[4:], *[None] * (6 - len(r))) for r in rows]
    df = pl.DataFrame(full, schema=COLS, orient="row", infer_schema_length=None)
    return df.with_columns(pl.col("value").cast(pl.Float64), source=pl.lit("UN Inquiry 2021"))


def pick(out: pl.DataFrame, **where: str) -> pl.DataFrame:
    """Rows matching every column = value."""
    return out.filter(*[pl.col(k) == v for k, v in where.items()])


def one(out: pl.DataFrame, **where: str) -> float:
    """The value of the single row matching."""
    rows = pick(out, **where)
    assert rows.height == 1, where
    return rows["value"][0]


def all_yes(area: str, *, except_: tuple[str, ...] = ()) -> list[tuple]:
    """Every sub-category answered yes (yes_all in domain 1), minus the given ones."""
    return [
        (area, "2021", s, "yes_all" if s.startswith("PD_1_") else "yes")
        for s in SUB_CATEGORIES
        if s not in except_
    ]


def test_domain_1_with_every_answer_kind_scores_50() -> None:
    # yes_all, yes_legal_only, no, blank, yes_all -> 100 * (1 + 0.5 + 0 + 0 + 1) / 5 = 50
    rows = [("KEN", "2021", "PD_1_A", "yes_all", None, "all migrants")]
    rows += [("KEN", "2021", "PD_1_B", "yes_legal_only"), ("KEN", "2021", "PD_1_C", "no")]
    rows += [("KEN", "2021", "PD_1_D", None), ("KEN", "2021", "PD_1_E", "yes_all")]
    out = process_1072_rows(inquiry(rows))
    score = pick(out, series_code="P_1072_SCORE", ref_area="KEN", policy_domain="PD_1")
    assert score["value"].to_list() == [50.0] and score["value_label"][0] == "Partially meets"
    assert score["comment_obs"][0] == "1 of 5 items not answered (scored 0)"
    items = pick(out, series_code="P_1072_ITEM", ref_area="KEN", policy_domain="PD_1")
    assert items["value"].to_list() == [1.0, 0.5, 0.0, 0.0, 1.0]
    assert items["obs_status"].to_list() == ["A", "A", "A", "M", "A"]
    assert items["value_label"][1] == "yes_legal_only" and items["answer_text"][0] == "all migrants"
    # 30 item rows: 25 absent sub-categories of domains 2-6 are M; overall = 2.5 / 30 x 100
    assert pick(out, series_code="P_1072_ITEM", ref_area="KEN").height == 30
    assert one(out, series_code="P_1072_SCORE", policy_domain="_T") == pytest.approx(100 * 2.5 / 30)
    assert one(out, series_code="P_1072_RESP", policy_domain="_T") == pytest.approx(100 * 4 / 30)
    assert one(out, series_code="P_1072_RESP", policy_domain="PD_1") == 80.0


@pytest.mark.parametrize(
    ("score", "code"),
    [(0.0, 1), (39.99, 1), (40.0, 2), (79.99, 2), (80.0, 3), (99.99, 3), (100.0, 4)],
)
def test_category_boundaries(score: float, code: int) -> None:
    assert pl.select(category(pl.lit(score))).item() == code


def test_24_of_30_is_exactly_80_and_meets() -> None:
    # all yes except PD_6 (all no) and PD_5_E (no) -> 24 of 30: 100 x 24 / 30 = 80.0, Meets;
    # PD_6 = 0 -> 1; PD_5 = 100 x 4 / 5 = 80 -> 3; every other domain 100 -> Fully meets (4)
    nos = (*(f"PD_6_{s}" for s in "ABCDE"), "PD_5_E")
    rows = [*all_yes("BEN", except_=nos), *[("BEN", "2021", s, "no") for s in nos]]
    out = process_1072_rows(inquiry(rows))
    assert one(out, series_code="P_1072_SCORE", policy_domain="_T") == 80.0
    assert one(out, series_code="SG_CPA_MIGRS", policy_domain="_T") == 3.0
    assert one(out, series_code="SG_CPA_MIGRS", policy_domain="PD_6") == 1.0
    assert one(out, series_code="SG_CPA_MIGRS", policy_domain="PD_5") == 3.0
    assert one(out, series_code="SG_CPA_MIGRS", policy_domain="PD_2") == 4.0
    assert pick(out, series_code="SG_CPA_MIGRS", policy_domain="_T")["value_label"][0] == "Meets"
    assert one(out, series_code="P_1072_RESP", policy_domain="_T") == 100.0


def test_shares_exclude_a_non_responding_country() -> None:
    # KEN: all yes -> 100, Fully meets. UGA: PD_1 yes_all only -> 5/30 = 16.7, category 1.
    # TZA answered nothing: response rate 0, no score, not in the denominator (n = 2).
    rows = [*all_yes("KEN"), ("UGA", "2021", "PD_1_A", "yes_all")]
    rows += [("TZA", "2021", "PD_2_A", None)]
    out = process_1072_rows(inquiry(rows), min_countries=2)  # 2 responding (default 3)
    assert pick(out, ref_area="TZA", series_code="P_1072_SCORE").is_empty()
    assert one(out, ref_area="TZA", series_code="P_1072_RESP", policy_domain="_T") == 0.0
    total = pick(out, ref_area="PLATFORM", policy_domain="_T")
    shares = dict(zip(total["series_code"], total["value"], strict=True))
    assert shares == {"SG_CPA_MIGRP": 50.0, "P_1072_SHARE_PM": 0.0, "P_1072_SHARE_RFP": 50.0}
    assert set(total["sample_size"]) == {2}
    # PD_1: KEN 100 (4), UGA 20 (1) -> 50 % meet or fully meet, 50 % require progress
    assert one(out, ref_area="PLATFORM", series_code="SG_CPA_MIGRP", policy_domain="PD_1") == 50.0


def test_stated_domain_score_mismatch_is_noted() -> None:
    # all yes -> PD_3 = 100; the submission states 60 for PD_3
    rows = [*all_yes("KEN"), ("KEN", "2021", "_T", None, 60.0)]
    df = inquiry(rows).with_columns(
        policy_domain=pl.when(pl.col("sub_category") == "_T")
        .then(pl.lit("PD_3"))
        .otherwise(pl.col("policy_domain"))
    )
    out = process_1072_rows(df)
    note = pick(out, series_code="P_1072_SCORE", policy_domain="PD_3")["comment_obs"][0]
    assert note.startswith("stated score 60.0 differs") and "recomputed score is used" in note
    assert one(out, series_code="P_1072_SCORE", policy_domain="PD_3") == 100.0


def test_a_domain_2_answer_in_domain_1_is_refused() -> None:
    with pytest.raises(EtlError, match=r"KEN 2021 PD_1_A: answer 'yes' is not one of yes_all"):
        process_1072_rows(inquiry([("KEN", "2021", "PD_1_A", "yes")]))


# --- real published categories (UN SDG Global Database, 2019 round, via open-numbers DDF) ---
V1 = [10 * k for k in range(11)]  # domain 1 scores: half points make every 10 % reachable
V = [20 * k for k in range(6)]  # domains 2-6


def _cat(v: float) -> int:
    return 1 if v < 40 else 2 if v < 80 else 3 if v < 100 else 4


def _reconstructions(domains: list[int]) -> list[tuple[int, ...]]:
    """Every vector of domain scores whose categories are the published domain categories."""
    sets = [[v for v in (V1 if i == 0 else V) if _cat(v) == c] for i, c in enumerate(domains)]
    return list(itertools.product(*sets))


def _answers(area: str, scores: tuple[int, ...]) -> list[tuple]:
    """Item answers giving these domain scores: D1 = 10k -> k // 2 yes_all + k % 2 legal only."""
    rows = []
    for d, score in enumerate(scores, start=1):
        if d == 1:
            k = score // 10
            answers = ["yes_all"] * (k // 2) + ["yes_legal_only"] * (k % 2)
        else:
            answers = ["yes"] * (score // 20)
        answers += ["no"] * (5 - len(answers))
        rows += [(area, "2019", f"PD_{d}_{s}", a) for s, a in zip("ABCDE", answers, strict=True)]
    return rows


@pytest.fixture(scope="module")
def published() -> pl.DataFrame:
    """Country categories 1-4 (value) by domain (PD_1..PD_6, _T), responding countries only."""
    df = pl.read_csv(require_shared(MIGRS), infer_schema_length=0)
    domain = pl.col("policy_domains").str.replace("alldomains", "_T").str.replace("domain", "PD_")
    return df.filter(pl.col("sg_cpa_migrs") != "N").select(
        ref_area=pl.col("geo_area"),
        time_period=pl.col("year"),
        policy_domain=domain,
        value=pl.col("sg_cpa_migrs").cast(pl.Float64),
    )


def test_aggregate_reproduces_the_published_world_shares(published: pl.DataFrame) -> None:
    # 161 areas published, 50 of them "N" (did not respond): the denominator is 111
    assert published["ref_area"].n_unique() == 111
    ours = aggregate_categories(published).filter(pl.col("series_code") == "SG_CPA_MIGRP")
    world = pl.read_csv(require_shared(MIGRP), infer_schema_length=0).filter(
        pl.col("geo_area") == "1"
    )
    domain = pl.col("policy_domains").str.replace("alldomains", "_T").str.replace("domain", "PD_")
    want = dict(
        zip(world.select(domain)["policy_domains"], world["sg_cpa_migrp"].cast(float), strict=True)
    )
    got = dict(zip(ours["policy_domain"], ours["value"].round(1), strict=True))
    # world 2019: 54.1 overall; 55.0, 67.6, 79.3, 58.6, 62.2, 77.5 by domain -> all 7 equal
    assert got == want and len(got) == 7
    assert set(ours["sample_size"]) == {111}


def test_scoring_reproduces_the_published_2019_categories(published: pl.DataFrame) -> None:
    by_area = published.pivot(on="policy_domain", index="ref_area", values="value")
    determined = consistent = 0
    rows = []
    for r in by_area.iter_rows(named=True):
        domains = [int(r[f"PD_{d}"]) for d in range(1, 7)]
        overall = {_cat(sum(v) / 6) for v in _reconstructions(domains)}
        determined += overall == {r["_T"]}
        consistent += r["_T"] in overall
        chosen = next(v for v in _reconstructions(domains) if _cat(sum(v) / 6) == r["_T"])
        rows += _answers(r["ref_area"], chosen)
    # 87 of 111: the domain categories alone force the published overall category; in the
    # other 24 it is one of the reachable ones; none contradicts the scoring rule
    assert (by_area.height, determined, consistent) == (111, 87, 111)
    ours = process_1072_rows(inquiry(rows)).filter(pl.col("series_code") == "SG_CPA_MIGRS")
    both = ours.select("ref_area", "policy_domain", mine=pl.col("value")).join(
        published.select("ref_area", "policy_domain", "value"), on=["ref_area", "policy_domain"]
    )
    assert both.height == 111 * 7 and (both["mine"] == both["value"]).all()


def test_2021_extract_has_a_consistent_labelling_for_every_country() -> None:
    # The Goal10 extract dropped the policy-domain column: each 2021 country has 7 unlabelled
    # categories. A weak check: some assignment of overall + 6 domains fits the scoring rule.
    raw = pl.read_excel(require_shared(EXTRACT), sheet_name="data", infer_schema_length=0)
    rows = raw.filter((pl.col("SeriesCode") == "SG_CPA_MIGRS") & (pl.col("TimePeriod") == "2021"))
    fits = all_fit = 0
    groups = rows.group_by("GeoAreaCode").agg(pl.col("Value"))
    for values in groups["Value"].to_list():
        labellings = set(itertools.permutations(int(v) for v in values))
        ok = [
            any(_cat(sum(v) / 6) == p[0] for v in _reconstructions(list(p[1:]))) for p in labellings
        ]
        fits += any(ok)
        all_fit += all(ok)
    assert (groups.height, fits, all_fit) == (89, 89, 5)
