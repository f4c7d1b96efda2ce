"""Open SDG progress measure (indicators.md §4): hand-computed cases, properties, real files.

§4 has no worked numeric examples, so every case below is derived by hand from the §4 formulas:
CAGR = (v1 / v0)^(1 / (t1 − t0)) − 1; method 2 R = sign·d·CAGR / |CAGR required|; method 1
x = sign·d·CAGR; scores and thresholds as in §4. The arithmetic is written next to each case.
"""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from etl.sources import wdi
from indicators.compute.wb_series import REMITTANCE_COST, compute_wb_series
from indicators.progress.inputs import select_series
from indicators.progress.method import (
    THRESHOLDS_NO_TARGET,
    THRESHOLDS_TARGET,
    ZERO_REPLACEMENT,
    AnnualSeries,
    Problem,
    Status,
    aggregate,
    annual_series,
    cagr,
    limit_coefficient,
    not_assessed,
    progress,
    status_from_score,
)
from tests.conftest import raw_fixture, require_shared

S, M, L, D = Status.SUBSTANTIAL, Status.MODERATE, Status.LIMITED, Status.DETERIORATION

# (series, kwargs, status, progress value R or x, score)
CASES = [
    # Method 2, target 3 by 2030, negative. CAGR actual = (4.1/6.2)^(1/8) − 1 = −0.050382;
    # required = (3/6.2)^(1/15) − 1 = −0.047243; R = (+1)(−1)(−0.050382)/0.047243 = 1.066431
    # ≥ 0.95 → on track; score = 7.1429 × 1.066431 − 4.2857 = 3.331711.
    ({2015: 6.2, 2023: 4.1}, {"target": 3}, S, 1.066431, 3.331711),
    # Base 10 (2015), required = 0.3^(1/15) − 1 = −0.077128. Current 7.5 in 2020:
    # CAGR = 0.75^(1/5) − 1 = −0.055912; R = 0.724930 → moderate; 7.1429R − 4.2857 = 0.892403.
    ({2015: 10, 2020: 7.5}, {"target": 3}, M, 0.724930, 0.892403),
    # Current 9: CAGR = 0.9^(1/5) − 1 = −0.020852; R = 0.270351 → limited;
    # 4.1667R − 2.5 = −1.373530.
    ({2015: 10, 2020: 9}, {"target": 3}, L, 0.270351, -1.373530),
    # Current 11: CAGR = 1.1^(1/5) − 1 = +0.019245; R = −0.249518 → deterioration; −3.539668.
    ({2015: 10, 2020: 11}, {"target": 3}, D, -0.249518, -3.539668),
    # Method 2, positive (10.7.2 category, target 3): flat 2 → 2, CAGR 0, R 0 → limited, −2.5.
    ({2019: 2, 2021: 2}, {"target": 3, "direction": "positive"}, L, 0.0, -2.5),
    # Method 1, negative: 100 → 95 over 4 years: x = −(0.95^(1/4) − 1) = 0.012741,
    # 0.005 ≤ x < 0.015 → moderate; 250x − 1.25 = 1.935364.
    ({2015: 100, 2019: 95}, {}, M, 0.012741, 1.935364),
    # 100 → 93.5: x = 0.016662 ≥ 0.015 → on track; min(500x − 5, 5) = 3.330909.
    ({2015: 100, 2019: 93.5}, {}, S, 0.016662, 3.330909),
    # 100 → 99: x = 0.0025094 < 0.005 → limited; 500x − 2.5 = −1.245285.
    ({2015: 100, 2019: 99}, {}, L, 0.0025094, -1.245285),
    # 100 → 102: x = −0.0049629 < 0 → deterioration; max(125x − 2.5, −5) = −3.120366.
    ({2015: 100, 2019: 102}, {}, D, -0.0049629, -3.120366),
    # Limit 100, positive, base 80: C = 1 − 0.8^4.44 = 0.628705; med threshold 0.005C = 0.0031435.
    # 80 → 81 in 2020: x = 1.0125^(1/5) − 1 = 0.0024876 < 0.0031435 → limited;
    # score = 500x/C − 2.5 = −0.521652.
    ({2015: 80, 2020: 81}, {"direction": "positive", "limit": 100}, L, 0.0024876, -0.521652),
    # Negative values (sign −1): −10 → −5, direction negative: CAGR = 0.5^(1/5) − 1 = −0.129449,
    # x = (−1)(−1)(−0.129449) → deterioration (the value rose); max(125x − 2.5, −5) = −5.
    ({2015: -10, 2020: -5}, {}, D, -0.129449, -5.0),
    # Target 0 → 0.001: required = (0.001/10)^(1/15) − 1 = −0.458830; actual 0.5^(1/5) − 1 =
    # −0.129449; R = 0.282129 → limited; 4.1667R − 2.5 = −1.324453.
    ({2015: 10, 2020: 5}, {"target": 0}, L, 0.282129, -1.324453),
    # Base 0 → 0.001: 0.001 → 5 in 5 years, x = 5000^(1/5) − 1 = 4.492803 → on track, +5.
    ({2015: 0, 2020: 5}, {"direction": "positive"}, S, 4.492803, 5.0),
]


@pytest.mark.parametrize(("series", "kwargs", "status", "value", "score"), CASES)
def test_hand_computed_cases(series, kwargs, status, value, score) -> None:
    r = progress(series, **kwargs)
    assert r.status is status
    assert r.progress_value == pytest.approx(value, abs=1e-6)
    assert r.score == pytest.approx(score, abs=1e-5)
    assert not r.problems


def test_method_2_records_every_input_and_cagr() -> None:
    r = progress({2014: 7.0, 2015: 6.2, 2023: 4.1}, target=3, name="GA")
    assert (r.base_year, r.base_value, r.current_year, r.current_value) == (2015, 6.2, 2023, 4.1)
    assert (r.target, r.target_year, r.direction, r.sign) == (3, 2030, "negative", 1)
    assert r.cagr_actual == pytest.approx(-0.050382, abs=1e-6)
    assert r.cagr_required == pytest.approx(-0.047243, abs=1e-6)
    assert r.thresholds == THRESHOLDS_TARGET
    assert (r.label, r.rag) == ("On track", "G")


def test_target_achieved_scores_five_whatever_the_trend() -> None:
    # 2.5 → 2.9 rises (bad for a negative direction) but 2.9 ≤ 3: achieved, +5.
    r = progress({2015: 2.5, 2020: 2.9}, target=3)
    assert (r.status, r.score, r.target_achieved) == (Status.TARGET_ACHIEVED, 5.0, True)
    assert r.progress_value is not None and r.progress_value < 0
    # Positive direction: achieved when current ≥ target.
    assert progress({2019: 2, 2021: 3}, direction="positive", target=3).target_achieved
    # Open SDG checks the target before the 2-point rule: a single point at target is achieved.
    one = progress({2020: 2.0}, target=3)
    assert (one.status, one.score, one.problems) == (
        Status.TARGET_ACHIEVED,
        5.0,
        (Problem.ONE_POINT,),
    )


def test_base_year_is_2015_or_first_after_and_current_is_latest() -> None:
    r = progress({2011: 9.0, 2016: 8.0, 2019: 7.0, 2018: 7.5})
    assert (r.base_year, r.base_value, r.current_year, r.current_value) == (2016, 8.0, 2019, 7.0)
    assert progress({2010: 5.0, 2012: 4.0}, base_year=2010).base_year == 2010


@pytest.mark.parametrize(
    ("series", "kwargs", "problem"),
    [
        ({}, {}, Problem.NO_DATA),
        ({2019: 4.1}, {}, Problem.ONE_POINT),
        ({2011: 5.0, 2013: 4.0}, {}, Problem.NO_BASE),
        ({2013: 5.0, 2016: 4.0}, {}, Problem.ONE_YEAR_SINCE_BASE),
        ({2015: 2.0, 2017: -1.0, 2020: 3.0}, {}, Problem.MIXED_SIGN),  # all values, not ends
        ({2015: -2.0, 2020: -1.0}, {"target": 1.0, "direction": "positive"}, Problem.TARGET_SIGN),
        ({2015: 2.0, 2020: 1.0}, {"direction": "none"}, Problem.NO_DIRECTION),
        ({2015: 2.0, 2020: 1.0}, {"target": 0.5, "target_year": 2015}, Problem.TARGET_YEAR),
    ],
)
def test_not_available_names_the_problem(series, kwargs, problem) -> None:
    r = progress(series, **kwargs)
    assert (r.status, r.score, r.rag) == (Status.NOT_AVAILABLE, None, "grey")
    assert problem in r.problems


def test_zero_is_replaced_by_0001_and_noted() -> None:
    r = progress({2015: 0.0, 2020: 5.0}, direction="positive")
    assert (r.base_value, r.base_value_used, r.sign) == (0.0, ZERO_REPLACEMENT, 1)
    t = progress({2015: 10.0, 2020: 5.0}, target=0)
    assert (t.target, t.target_used) == (0, ZERO_REPLACEMENT)
    assert any("0.001" in n for n in r.notes) and any("0.001" in n for n in t.notes)
    # A current value of 0 is not replaced: CAGR = 0/10 … − 1 = −100 %.
    assert progress({2015: 10.0, 2020: 0.0}).cagr_actual == pytest.approx(-1.0)


def test_limit_coefficient_branches() -> None:
    assert limit_coefficient(80, 100) == pytest.approx(1 - 0.8**4.44)  # |base| ≤ |limit|
    assert limit_coefficient(15, 10) == pytest.approx(0.953929, abs=1e-6)  # 1 − 0.5^4.44
    assert limit_coefficient(25, 10) == 1.0  # |base| ≥ 2|limit|
    assert limit_coefficient(0, 0) == 1.0
    # Base at the limit: C = 0, thresholds 0; x ≥ 0 is "On track" with +5 (methodology doc).
    r = progress({2015: 100.0, 2020: 100.0}, direction="positive", limit=100)
    assert (r.status, r.score, r.thresholds.coefficient) == (S, 5.0, 0.0)  # type: ignore[union-attr]
    assert progress({2015: 100.0, 2020: 99.0}, direction="positive", limit=100).status is D
    # A limit is ignored when a target is set.
    with_target = progress({2015: 80.0, 2020: 81.0}, direction="positive", target=90, limit=100)
    assert with_target.thresholds == THRESHOLDS_TARGET and with_target.notes


def test_target_equal_to_base_is_deterioration_not_a_crash() -> None:
    r = progress({2015: 3.0, 2020: 3.5}, target=3)  # required CAGR 0
    assert r.progress_value == -math.inf and r.status is D and r.score == -5.0


def test_quarters_annualised_unless_annual_rows_exist() -> None:
    frame = pl.DataFrame(
        {
            "time_period": ["2015-Q1", "2015-Q2", "2016", "2016-Q1", "2017-Q3", "2018 to 2019"],
            "value": [6.0, 7.0, 5.0, 9.0, 4.0, None],
            "freq": ["Q", "Q", "A", "Q", "Q", "I"],
        }
    )
    s = annual_series(frame)
    assert s.values == {2015: 6.5, 2016: 5.0, 2017: 4.0}  # the 2016 annual row wins over Q1
    assert s.details[2015] == "mean of 2 of 4 quarters (Q1, Q2)"
    assert s.details[2016] == "annual value"
    assert annual_series({"2015-2016": 1.0, "2017 to 2018": 2.0}).values == {2015: 1.0, 2017: 2.0}


def test_bad_input_errors_name_the_row_and_value() -> None:
    with pytest.raises(ValueError, match=r"'20x5' \(row 1\)"):
        annual_series({"2015": 1.0, "20x5": 2.0})
    with pytest.raises(ValueError, match=r"year 2015 has 2 annual values \[1.0, 2.0\]"):
        annual_series(pl.DataFrame({"time_period": ["2015", "2015"], "value": [1.0, 2.0]}))
    with pytest.raises(ValueError, match="lacks column"):
        annual_series(pl.DataFrame({"year": [2015], "value": [1.0]}))


def test_aggregate_means_scores_and_drops_unscored_series() -> None:
    a = progress({2015: 6.2, 2023: 4.1}, target=3, name="a")  # +3.331711
    b = progress({2015: 10, 2020: 9}, target=3, name="b")  # −1.373530
    failed = progress({2019: 1.0}, name="failed")  # one point: no score
    agg = aggregate([a, b, failed], name="10.c.1")
    # (3.331711 − 1.373530) / 2 = 0.979091 → [0, 2.5) → moderate
    assert agg.score == pytest.approx(0.979091, abs=1e-5)
    assert (agg.status, agg.excluded) == (M, ("failed",))
    assert aggregate([failed]).status is Status.NOT_AVAILABLE
    # Groups first, then the group means: mean(mean(a, b), failed-free group of a) …
    nested = aggregate([aggregate([a, b]), a])
    assert nested.score == pytest.approx((0.979091 + 3.331711) / 2, abs=1e-5)


def test_aggregate_target_achieved_only_if_all_achieve() -> None:
    hit = progress({2015: 4.0, 2020: 2.9}, target=3)
    miss = progress({2015: 10, 2020: 7.5}, target=3)  # +0.892403
    assert aggregate([hit, hit]).status is Status.TARGET_ACHIEVED
    mixed = aggregate([hit, miss])
    # (5 + 0.892403) / 2 = 2.946 → on track, but not "target achieved"
    assert (mixed.status, mixed.target_achieved) == (S, False)
    assert mixed.score == pytest.approx(2.946202, abs=1e-5)


@pytest.mark.parametrize(
    ("score", "status"),
    [(5, S), (2.5, S), (2.4999, M), (0, M), (-0.01, L), (-2.5, L), (-2.51, D), (-5, D)],
)
def test_status_from_score_bands(score: float, status: Status) -> None:
    assert status_from_score(score, achieved=False) is status


def test_not_assessed_for_10_7_3() -> None:
    r = not_assessed("10.7.3", "metadata: should not be used to identify trends")
    assert (r.status, r.rag, r.problems) == (Status.NOT_AVAILABLE, "grey", (Problem.NOT_ASSESSED,))


# ---------------------------------------------------------------- properties

values = st.floats(min_value=0.01, max_value=1e4, allow_nan=False)
years = st.integers(min_value=1, max_value=15)


@given(base=values, a=values, b=values, n=years, target=st.none() | values)
def test_score_monotone_in_current_value(base, a, b, n, target) -> None:
    lo, hi = sorted((a, b))
    for direction in ("negative", "positive"):
        s_lo = progress({2015: base, 2015 + n: lo}, direction=direction, target=target).score
        s_hi = progress({2015: base, 2015 + n: hi}, direction=direction, target=target).score
        assert s_lo is not None and s_hi is not None
        if direction == "negative":
            assert s_lo >= s_hi - 1e-9
        else:
            assert s_hi >= s_lo - 1e-9


@given(base=values, ratio=st.floats(min_value=0.05, max_value=0.95), n=st.integers(1, 14))
def test_on_required_path_is_on_track(base, ratio, n) -> None:
    # Target below the base (direction negative), current exactly on the constant-rate path.
    target = base * ratio
    current = base * (target / base) ** (n / 15)
    assume(current > target)
    r = progress({2015: base, 2015 + n: current}, target=target, target_year=2030)
    assert r.progress_value == pytest.approx(1.0)
    assert r.status is S and r.score == pytest.approx(7.1429 - 4.2857, abs=1e-3)
    up = progress({2015: 1 / base, 2015 + n: 1 / current}, direction="positive", target=1 / target)
    assert up.status is S


@given(base=values, current=values, n=years)
def test_zero_target_equals_0001_target(base, current, n) -> None:
    a = progress({2015: base, 2015 + n: current}, target=0)
    b = progress({2015: base, 2015 + n: current}, target=ZERO_REPLACEMENT)
    assert (a.status, a.score) == (b.status, b.score)


@given(pos=values, neg=values, n=st.integers(2, 10))
def test_same_sign_rule(pos, neg, n) -> None:
    r = progress({2015: pos, 2016: -neg, 2015 + n: pos})
    assert r.status is Status.NOT_AVAILABLE and Problem.MIXED_SIGN in r.problems
    flipped = progress({2015: -pos, 2015 + n: -neg})
    assert flipped.status is not Status.NOT_AVAILABLE and flipped.sign == -1


@given(a=values, b=values, c=values, n=years)
def test_aggregate_ignores_a_failing_series(a, b, c, n) -> None:
    ok1 = progress({2015: a, 2015 + n: b}, target=c)
    ok2 = progress({2015: b, 2015 + n: a})
    failing = progress({2015: a, 2016: -b, 2017: c})  # mixed signs: no score
    assert ok1.score is not None and ok2.score is not None
    agg = aggregate([ok1, failing, ok2])
    assert agg.score == pytest.approx((ok1.score + ok2.score) / 2)
    assert agg.status is status_from_score(agg.score, ok1.target_achieved and ok2.target_achieved)


def test_cagr_definition() -> None:
    assert cagr(121.0, 100.0, 2017, 2015) == pytest.approx(0.1)
    assert THRESHOLDS_NO_TARGET.high == 0.015 and THRESHOLDS_NO_TARGET.med == 0.005


# ---------------------------------------------------------------- real published files


def _open_sdg_headline(path: Path) -> AnnualSeries:
    """Open SDG CSV headline rows: every column other than Year/Value blank (data-format.md)."""
    df = pl.read_csv(path, infer_schema_length=0)
    dims = [c for c in df.columns if c not in ("Year", "Value", "Series", "Units")]
    head = df.filter(*[pl.col(c).is_null() for c in dims]) if dims else df
    return annual_series(head.select(time_period="Year", value=pl.col("Value").cast(pl.Float64)))


def test_armenia_10c1_open_sdg_file_deteriorates() -> None:
    # Armenia's published 10.c.1 (open_sdg/armenia): 2015 = 1.48 … 2024 = 6.6; Open SDG config
    # direction negative, target 3. Base already below 3, so the required rate is positive:
    # actual = (6.6/1.48)^(1/9) − 1 = 0.180708; required = (3/1.48)^(1/15) − 1 = 0.048232;
    # R = (+1)(−1)(0.180708)/0.048232 = −3.746660 → deterioration, score −5.
    s = _open_sdg_headline(require_shared("open_sdg/armenia/data/indicator_10-c-1.csv"))
    r = progress(s, direction="negative", target=3, name="ARM 10.c.1")
    assert (r.base_year, r.base_value, r.current_year, r.current_value) == (2015, 1.48, 2024, 6.6)
    assert r.progress_value == pytest.approx(-3.746660, abs=1e-5)
    assert (r.status, r.score) == (D, -5.0)


def test_canada_files_are_not_available_with_the_right_reason() -> None:
    # Canada's 10.c.1 (indicator-config: direction negative, target 3) has one survey year.
    c1 = _open_sdg_headline(require_shared("open_sdg/canada/data/indicator_10-c-1.csv"))
    r = progress(c1, direction="negative", target=3)
    assert (c1.values, r.status, r.problems) == (
        {2017: 5.5},
        Status.NOT_AVAILABLE,
        (Problem.ONE_POINT,),
    )
    # Canada's 10.7.4 uses census ranges "2011 to 2015", "2016 to 2021": first years; the base
    # year 2015 is absent, the next is 2016, which is also the latest year.
    df = pl.read_csv(require_shared("open_sdg/canada/data/indicator_10-7-4.csv"))
    can = df.filter(pl.col("Country of origin") == "Canada").rename(
        {"Year": "time_period", "Value": "value"}
    )
    r4 = progress(can, direction="negative")
    assert (r4.base_year, r4.current_year) == (2016, 2016)
    assert r4.problems == (Problem.ONE_YEAR_SINCE_BASE,)


def test_wdi_kenya_remittance_cost_limited_progress() -> None:
    # WDI SI.RMT.COST.IB.ZS, Kenya: 2015 = 8.832868, 2020 = 8.448205 (sending-cost-to-country.xls)
    # actual = (8.448205/8.832868)^(1/5) − 1 = −0.0088656; required = (3/8.832868)^(1/15) − 1 =
    # −0.0694609; R = 0.127635 → limited progress; 4.1667R − 2.5 = −1.968184.
    path = require_shared("wdi/excel_2023-05/sending-cost-to-country.xls")
    table = compute_wb_series({"wdi": wdi.clean(wdi.parse(path))}, codes=REMITTANCE_COST)
    ken = select_series(
        table, series_code="SI_RMT_COST_IB_ZS", ref_area="WLD", counterpart_area="KEN"
    )
    r = progress(ken, direction="negative", target=3, name="10.c.1 IB KEN")
    assert r.base_value == pytest.approx(8.832868, abs=1e-6)
    assert r.current_value == pytest.approx(8.448205, abs=1e-6)
    assert r.progress_value == pytest.approx(0.127635, abs=1e-5)
    assert (r.status, r.rag) == (L, "R")
    assert r.score == pytest.approx(-1.968184, abs=1e-5)
    with pytest.raises(ValueError, match="share a time_period"):
        select_series(table, series_code="SI_RMT_COST_IB_ZS", ref_area="WLD")


def test_wdi_kenya_remittance_cost_offline_excerpt_moderate_progress() -> None:
    # Offline twin of the test above, on the in-repo excerpt (tests/fixtures/raw/wdi), which has
    # Kenya 2019 = 9.084563 and 2020 = 8.448205 only: the base falls back to 2019 (no 2015).
    # actual = 8.448205/9.084563 − 1 = −0.0700483; required = (3/9.084563)^(1/11) − 1 =
    # −0.0958175; R = 0.731060 → moderate progress; 7.1429R − 4.2857 = 0.936185.
    table = compute_wb_series(
        {"wdi": wdi.clean(wdi.parse(raw_fixture("wdi/sending-cost-to-country.xls")))},
        codes=REMITTANCE_COST,
    )
    ken = select_series(
        table, series_code="SI_RMT_COST_IB_ZS", ref_area="WLD", counterpart_area="KEN"
    )
    r = progress(ken, direction="negative", target=3, name="10.c.1 IB KEN")
    assert (r.base_year_requested, r.base_year, r.current_year) == (2015, 2019, 2020)
    assert r.cagr_actual == pytest.approx(-0.0700483, abs=1e-7)
    assert r.cagr_required == pytest.approx(-0.0958175, abs=1e-7)
    assert r.progress_value == pytest.approx(0.731060, abs=1e-6)
    assert (r.status, r.score) == (M, pytest.approx(0.936185, abs=1e-5))


def test_zero_base_in_a_negative_series_is_replaced_on_its_side() -> None:
    # base 0 -> -0.001 (the series is negative); CAGR = (-3 / -0.001)^(1/3) - 1 = 13.42 a year:
    # the value moves away from 0 downwards, i.e. "decreases" for a positive direction.
    result = progress({2015: 0, 2016: -5, 2018: -3}, direction="positive")
    assert result.base_value_used == -ZERO_REPLACEMENT
    assert result.cagr_actual == pytest.approx((3 / 0.001) ** (1 / 3) - 1)
    assert result.status == Status.DETERIORATION
