"""SDG 10.c.1 from RPW quotes: every expected value below is computed by hand in a comment."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.contract import COLUMNS, KEY
from etl.schemas import RPW_QUOTES, conform
from indicators.compute.remittance import (
    compute_breakdown_averages,
    compute_corridor_averages,
    compute_corridor_provider_averages,
    compute_corridor_shares,
    compute_global_average,
    compute_rpw_indicators,
)
from indicators.compute.rpw_base import RemittanceParams
from indicators.compute.smart import compute_smart

_LISTS = {"funding_instruments": pl.List(pl.String), "payout_instruments": pl.List(pl.String)}


def quote(
    cost: float | None,
    corridor: str = "GBRKEN",
    period: str = "2017-Q1",
    **extra: object,
) -> dict[str, object]:
    """One transparent, fast, accessible quote; cc2 = cc1 / 2 unless given."""
    row: dict[str, object] = {
        "time_period": period,
        "year": int(period[:4]),
        "quarter": int(period[-1]),
        "source_code": corridor[:3],
        "destination_code": corridor[3:],
        "corridor": corridor,
        "destination_region_code": "SSF",
        "firm": "Firm",
        "provider_type": "MTO",
        "funding_instruments": ["CASH"],
        "payout_instruments": ["CASH"],
        "transparent": True,
        "speed_max_days": 1.0,
        "accessible": True,
        "cc1_total_cost_pct": cost,
        "cc2_total_cost_pct": None if cost is None else cost / 2,
    }
    row.update(extra)
    return row


def make_quotes(*rows: dict[str, object]) -> pl.DataFrame:
    """An rpw_quotes frame with exactly the RPW_QUOTES schema."""
    return conform(pl.DataFrame(list(rows), schema_overrides=_LISTS), RPW_QUOTES)


def pick(df: pl.DataFrame, amount: str = "USD200", **where: str) -> pl.DataFrame:
    """Rows of one amount matching the given column values (others at their defaults)."""
    out = df.filter(pl.col("transfer_amount") == amount)
    for column, value in where.items():
        out = out.filter(pl.col(column) == value)
    return out


def value(df: pl.DataFrame, amount: str = "USD200", **where: str) -> float:
    """The single value of the matching row (fails if not exactly one)."""
    rows = pick(df, amount, **where)
    assert rows.height == 1, rows
    return float(rows["value"][0])


# Corridor GBR->KEN: 2, 4, 6 (mean 4); corridor USA->MEX: 10 (mean 10).
POOLED_CASE = (
    quote(2.0),
    quote(4.0),
    quote(6.0),
    quote(10.0, "USAMEX", destination_region_code="LCN"),
)


def test_global_average_pools_quotes_not_corridor_means() -> None:
    ga = compute_global_average(make_quotes(*POOLED_CASE))
    # pooled: (2 + 4 + 6 + 10) / 4 = 5.5; mean of corridor means: (4 + 10) / 2 = 7.0
    assert value(ga, ref_area="WLD", counterpart_area="WLD", statistic="MEAN") == 5.5
    assert pick(ga)["sample_size"].to_list() == [4]
    # USD 500 (cc2 = cc1 / 2): (1 + 2 + 3 + 5) / 4 = 2.75
    assert value(ga, "USD500") == 2.75
    assert ga.columns == list(COLUMNS)
    assert set(ga["indicator_code"]) == {"10.c.1"} and set(ga["series_code"]) == {"SI_RMT_COST"}
    assert set(ga["freq"]) == {"Q"} and set(ga["unit_measure"]) == {"PT"}


def test_corridor_averages_are_simple_means_per_corridor() -> None:
    corr = compute_corridor_averages(make_quotes(*POOLED_CASE))
    assert value(corr, ref_area="GBR", counterpart_area="KEN") == 4.0  # (2 + 4 + 6) / 3
    assert value(corr, ref_area="USA", counterpart_area="MEX") == 10.0
    assert pick(corr, ref_area="GBR")["sample_size"].to_list() == [3]


def test_non_transparent_quote_and_null_cost_are_excluded() -> None:
    rows = (
        *POOLED_CASE,
        quote(0.5, transparent=False),  # margin stored as 0: not a measured cost
        quote(None),  # unknown cost: missing, not zero
        quote(1.0, transparent=None),  # unknown transparency counts as not transparent
    )
    ga = compute_global_average(make_quotes(*rows))
    assert value(ga) == 5.5  # unchanged: (2 + 4 + 6 + 10) / 4
    assert pick(ga)["sample_size"].to_list() == [4]
    corr = compute_corridor_averages(make_quotes(*rows))
    assert value(corr, ref_area="GBR", counterpart_area="KEN") == 4.0


def test_exclusion_setting_changes_global_average_only() -> None:
    rows = (*POOLED_CASE, quote(1.0, "RUSTJK", destination_region_code="ECS"))
    quotes = make_quotes(*rows)
    # all: (2 + 4 + 6 + 10 + 1) / 5 = 4.6; without RUS: 22 / 4 = 5.5
    assert value(compute_global_average(quotes)) == 4.6
    params = RemittanceParams(exclude_sending=("RUS",))
    ga = compute_global_average(quotes, params=params)
    assert value(ga) == 5.5
    assert "RUS" in ga["comment_obs"][0]
    assert compute_global_average(quotes)["comment_obs"].is_null().all()
    # The corridor and the sending-country average are not global: they stay.
    assert value(compute_corridor_averages(quotes, params=params), ref_area="RUS") == 1.0
    by = compute_breakdown_averages(quotes, params=params)
    assert value(by, ref_area="RUS", counterpart_area="WLD") == 1.0
    assert pick(by, counterpart_area="TJK").is_empty()  # WLD -> TJK pools across senders


# SmaRT corridor GBR->KEN: the three cheapest quotes are each ineligible for one reason;
# the eligible ones cost 3, 4, 5, 9 -> SmaRT = (3 + 4 + 5) / 3 = 4.0.
# Corridor USA->MEX has only 2 eligible quotes -> no SmaRT value.
SMART_CASE = (
    quote(1.0, speed_max_days=6.0),  # too slow
    quote(1.5, transparent=False),  # not transparent
    quote(2.0, accessible=False),  # not accessible
    quote(2.5, speed_max_days=None),  # speed unknown
    quote(3.0),
    quote(4.0, speed_max_days=5.0),  # exactly 5 days is eligible
    quote(5.0),
    quote(9.0),
    quote(2.0, "USAMEX"),
    quote(3.0, "USAMEX"),
    quote(0.5, "USAMEX", speed_max_days=10.0),
)


def test_smart_takes_three_cheapest_eligible_services() -> None:
    smart = compute_smart(make_quotes(*SMART_CASE))
    assert value(smart, ref_area="GBR", counterpart_area="KEN", statistic="SMART3") == 4.0
    assert pick(smart, ref_area="USA", statistic="SMART3").is_empty()
    # Global SmaRT = mean of the corridor values that exist: just 4.0, from 1 corridor.
    world = pick(smart, ref_area="WLD", counterpart_area="WLD", statistic="SMART3")
    assert world["value"].to_list() == [4.0] and world["sample_size"].to_list() == [1]
    assert world["comment_obs"][0] == "1 of 2 corridors lacked 3 eligible services"


def test_corridor_with_two_eligible_services_is_counted() -> None:
    smart = compute_smart(make_quotes(*SMART_CASE))
    lt3 = pick(smart, ref_area="WLD", statistic="CORRIDORS_LT3_ELIGIBLE")
    assert lt3["value"].to_list() == [1.0]
    assert lt3["sample_size"].to_list() == [2]  # out of 2 corridors
    assert lt3["unit_measure"].to_list() == ["NUMBER"]


def test_global_smart_is_mean_of_corridor_smart() -> None:
    # Second corridor with SmaRT (1 + 2 + 3) / 3 = 2.0 and 5 services; the global SmaRT is
    # (4.0 + 2.0) / 2 = 3.0 whatever the corridors' number of services.
    extra = [quote(c, "USAPHL") for c in (1.0, 2.0, 3.0, 7.0, 8.0)]
    smart = compute_smart(make_quotes(*SMART_CASE, *extra))
    assert value(smart, ref_area="USA", counterpart_area="PHL", statistic="SMART3") == 2.0
    assert value(smart, ref_area="WLD", counterpart_area="WLD", statistic="SMART3") == 3.0


def test_shares_below_and_above_with_a_corridor_exactly_at_5() -> None:
    # Corridor averages: GBR->KEN 4.0, USA->MEX 5.0 (exactly), FRA->SEN (6 + 8) / 2 = 7.0.
    rows = (quote(4.0), quote(5.0, "USAMEX"), quote(6.0, "FRASEN"), quote(8.0, "FRASEN"))
    shares = compute_corridor_shares(make_quotes(*rows))
    # below: 1 of 3 (4.0 < 5); above: 1 of 3 (7.0 > 5); 5.0 is in neither.
    assert value(shares, statistic="SHARE_BELOW_5") == pytest.approx(100 / 3)
    assert value(shares, statistic="SHARE_ABOVE_5") == pytest.approx(100 / 3)
    assert pick(shares)["sample_size"].to_list() == [3, 3]
    inclusive = RemittanceParams(below_op="<=", above_op=">=")
    shares = compute_corridor_shares(make_quotes(*rows), params=inclusive)
    assert value(shares, statistic="SHARE_BELOW_5") == pytest.approx(200 / 3)  # 4.0, 5.0
    assert value(shares, statistic="SHARE_ABOVE_5") == pytest.approx(200 / 3)  # 5.0, 7.0


def test_breakdowns_by_area_region_provider_and_instrument() -> None:
    rows = (
        quote(2.0, provider_type="BANK", funding_instruments=["CASH", "CARD"]),
        quote(4.0, payout_instruments=["ACCOUNT"]),
        quote(
            6.0,
            "USAMEX",
            destination_region_code="LCN",
            funding_instruments=["CARD"],
            payout_instruments=["CASH", "MOBILE"],
        ),
        quote(8.0, provider_type=None, funding_instruments=[], payout_instruments=None),
    )
    by = compute_breakdown_averages(make_quotes(*rows))
    # region SSF: (2 + 4 + 8) / 3; LCN: 6
    assert value(by, counterpart_area="SSF") == pytest.approx(14 / 3)
    assert value(by, counterpart_area="LCN") == 6.0
    assert value(by, ref_area="GBR", counterpart_area="WLD") == pytest.approx(14 / 3)
    assert value(by, ref_area="WLD", counterpart_area="MEX") == 6.0
    # provider: BANK 2; MTO (4 + 6) / 2 = 5; the quote without a provider type is left out.
    assert value(by, provider_type="BANK") == 2.0
    assert value(by, provider_type="MTO") == 5.0
    assert pick(by, provider_type="MTO")["sample_size"].to_list() == [2]
    # funding: CASH (2 + 4) / 2 = 3; CARD (2 + 6) / 2 = 4 (the first quote counts in both)
    assert value(by, funding_instrument="CASH") == 3.0
    assert value(by, funding_instrument="CARD") == 4.0
    # payout: CASH (2 + 6) / 2 = 4; ACCOUNT 4; MOBILE 6
    assert value(by, payout_instrument="CASH") == 4.0
    assert value(by, payout_instrument="ACCOUNT") == 4.0
    assert value(by, payout_instrument="MOBILE") == 6.0
    assert set(by["counterpart_area"]) >= {"WLD", "SSF", "LCN", "MEX"}


def test_corridor_averages_by_firm_type() -> None:
    rows = (
        quote(2.0, provider_type="BANK"),
        quote(4.0, provider_type="BANK"),
        quote(9.0),  # MTO
        quote(5.0, transparent=False),  # MTO, left out: not transparent
        quote(7.0, provider_type=None),  # no firm type: left out
        quote(1.0, "USAMEX", provider_type="BANK"),
    )
    by = compute_corridor_provider_averages(make_quotes(*rows))
    # GBR->KEN BANK (2 + 4) / 2 = 3 over 2 quotes; MTO 9 over 1; USA->MEX BANK 1
    assert value(by, ref_area="GBR", counterpart_area="KEN", provider_type="BANK") == 3.0
    assert value(by, ref_area="GBR", counterpart_area="KEN", provider_type="MTO") == 9.0
    assert value(by, ref_area="USA", counterpart_area="MEX", provider_type="BANK") == 1.0
    bank = pick(by, ref_area="GBR", provider_type="BANK")
    assert bank["sample_size"].to_list() == [2]
    assert set(by["provider_type"]) == {"BANK", "MTO"}


def test_annual_mean_of_two_half_yearly_quarters() -> None:
    # 2011 Q1 GA = 4.0 (2 quotes), Q3 GA = (5 + 7) / 2 = 6.0 (2 quotes); Q2, Q4 not surveyed.
    rows = (
        quote(3.0, period="2011-Q1"),
        quote(5.0, period="2011-Q1"),
        quote(5.0, period="2011-Q3"),
        quote(7.0, period="2011-Q3"),
    )
    out = compute_rpw_indicators(make_quotes(*rows))
    totals = {d: "_T" for d in ("provider_type", "funding_instrument", "payout_instrument")}
    annual = pick(out, ref_area="WLD", counterpart_area="WLD", statistic="MEAN", **totals)
    annual = annual.filter(pl.col("time_period") == "2011")
    assert annual["value"].to_list() == [5.0]  # (4 + 6) / 2
    assert annual["time_detail"].to_list() == ["mean of Q1, Q3"]
    assert annual["freq"].to_list() == ["A"] and annual["obs_status"].to_list() == ["A"]
    assert annual["sample_size"].to_list() == [4]


def test_full_output_has_unique_keys_and_empty_input_gives_empty_frame() -> None:
    out = compute_rpw_indicators(make_quotes(*POOLED_CASE, *SMART_CASE))
    assert out.height > 0
    assert not out.select(pl.struct(list(KEY)).is_duplicated().any()).item()
    empty = compute_rpw_indicators(make_quotes())
    assert empty.is_empty() and empty.columns == list(COLUMNS)
    assert compute_smart(make_quotes(quote(None))).is_empty()


_COST = st.floats(min_value=-5.0, max_value=60.0, allow_nan=False)
_QUOTES = st.lists(
    st.tuples(st.sampled_from(["GBRKEN", "USAMEX", "FRASEN"]), _COST, st.booleans()),
    min_size=1,
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(_QUOTES)
def test_property_shares_in_range_and_ga_between_extremes(rows: list) -> None:
    quotes = make_quotes(*[quote(c, corridor, transparent=t) for corridor, c, t in rows])
    shares = compute_corridor_shares(quotes)
    assert shares["value"].is_between(0.0, 100.0).all()
    costs = [c for _, c, t in rows if t]
    ga = pick(compute_global_average(quotes))
    if not costs:
        assert ga.is_empty()
        return
    got = float(ga["value"][0])
    assert min(costs) - 1e-9 <= got <= max(costs) + 1e-9
    assert math.isclose(got, sum(costs) / len(costs), rel_tol=1e-9, abs_tol=1e-9)
