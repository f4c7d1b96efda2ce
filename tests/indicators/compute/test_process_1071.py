"""10.7.1 recruitment-cost indicator (indicators/compute/process_1071.py): hand-computed cases."""

from __future__ import annotations

import polars as pl
import pytest

from core.contract import COLUMNS, KEY
from indicators.compute.process_1071 import process_1071_rows, weighted_quantile


def wq(values: list[float], weights: list[float], q: float) -> float:
    """weighted_quantile on one group."""
    df = pl.DataFrame({"x": values, "w": weights})
    return df.select(weighted_quantile(pl.col("x"), pl.col("w"), q)).item()


@pytest.mark.parametrize(
    ("values", "weights", "q", "expected"),
    [
        # equal weights, W = 4: median target 2 = W_2 exactly -> (x2 + x3) / 2 = 2.5
        ([4.0, 1.0, 3.0, 2.0], [1.0, 1.0, 1.0, 1.0], 0.5, 2.5),
        # Q4 target 0.8 x 4 = 3.2: W = 1, 2, 3, 4 -> first W_i > 3.2 is x4 = 4
        ([4.0, 1.0, 3.0, 2.0], [1.0, 1.0, 1.0, 1.0], 0.8, 4.0),
        # odd n: median target 1.5 -> x2 = 2
        ([3.0, 1.0, 2.0], [1.0, 1.0, 1.0], 0.5, 2.0),
        # weight 5 on 4: W = 1, 2, 3, 8; median target 4 -> 4
        ([1.0, 2.0, 3.0, 4.0], [1.0, 1.0, 1.0, 5.0], 0.5, 4.0),
        # weights 3, 1 on 0, 10: W = 3, 4; median target 2 -> 0; Q4 target 3.2 -> 10
        ([0.0, 10.0], [3.0, 1.0], 0.5, 0.0),
        ([0.0, 10.0], [3.0, 1.0], 0.8, 10.0),
        # weights 2, 2: median target 2 = W_1 exactly -> (0 + 10) / 2 = 5
        ([0.0, 10.0], [2.0, 2.0], 0.5, 5.0),
    ],
)
def test_weighted_quantile(values: list, weights: list, q: float, expected: float) -> None:
    assert wq(values, weights, q) == pytest.approx(expected)


def micro() -> pl.DataFrame:
    """Five Nepali workers; currencies and rates chosen so every RCI_k is a round number."""
    rows = [
        # id, cost, cur, usd/cur, earnings, cur, usd/cur, sex, dest, weight
        ("a", 0.0, "NPR", 0.0075, 400.0, "USD", None, "F", "QAT", 1.0),  # RCI 0
        ("b", 1000.0, "USD", None, 500.0, "USD", None, "M", "QAT", 2.0),  # 2
        ("c", 200.0, "QAR", None, 1000.0, "QAR", None, "F", "ARE", 1.0),  # 0.2, no rate needed
        # 40,000 NPR x 0.0075 = 300 USD; 1,000 QAR x 0.25 = 250 USD -> 1.2
        ("d", 40000.0, "NPR", 0.0075, 1000.0, "QAR", 0.25, "M", "QAT", 1.0),
        ("e", 500.0, "NPR", None, 300.0, "QAR", 0.25, "M", "ARE", 1.0),  # no NPR rate: left out
    ]
    cols = ["worker_id", "cost_paid", "cost_currency", "usd_per_cost_currency"]
    cols += ["monthly_earnings", "earnings_currency", "usd_per_earnings_currency"]
    cols += ["sex", "destination", "survey_weight"]
    return pl.DataFrame(rows, schema=cols, orient="row").with_columns(
        ref_area=pl.lit("NPL"),
        time_period=pl.lit("2022"),
        earnings_reference=pl.lit("first_month"),
        source=pl.lit("LFS 2022 RCI module"),
    )


@pytest.fixture(scope="module")
def out() -> pl.DataFrame:
    return process_1071_rows(micro())


def value(
    out: pl.DataFrame, series: str, statistic: str, sex: str = "_T", dest: str = "_T"
) -> pl.DataFrame:
    """The single row of a series, statistic and cell."""
    rows = out.filter(
        (pl.col("series_code") == series)
        & (pl.col("statistic") == statistic)
        & (pl.col("sex") == sex)
        & (pl.col("counterpart_area") == dest)
    )
    assert rows.height == 1
    return rows


def test_all_workers_and_payers(out: pl.DataFrame) -> None:
    assert out.columns == list(COLUMNS) and set(out["unit_measure"]) == {"RATIO_MONTHS", "PT"}
    assert not out.select(pl.struct(list(KEY)).is_duplicated().any()).item()
    # all usable workers a-d, weights 1, 2, 1, 1 (W = 5): (0 + 2 x 2 + 0.2 + 1.2) / 5 = 1.08
    mean = value(out, "RCI_ALL", "MEAN")
    assert mean["value"][0] == pytest.approx(1.08) and mean["sample_size"][0] == 4
    # sorted 0 (1), 0.2 (1), 1.2 (1), 2 (2): W = 1, 2, 3, 5; median target 2.5 -> 1.2
    assert value(out, "RCI_ALL", "MEDIAN")["value"][0] == pytest.approx(1.2)
    # Q4 target 4 -> first W_i > 4 is 2
    assert value(out, "RCI_ALL", "Q4")["value"][0] == pytest.approx(2.0)
    # payers b, c, d (W = 4): (4 + 0.2 + 1.2) / 4 = 1.35; median target 2: W = 1, 2, 4 -> (1.2+2)/2
    assert value(out, "RCI_PAYERS", "MEAN")["value"][0] == pytest.approx(1.35)
    assert value(out, "RCI_PAYERS", "MEDIAN")["value"][0] == pytest.approx(1.6)
    assert value(out, "RCI_PAYERS", "MEAN")["sample_size"][0] == 3
    # weighted share paying: 4 of 5 weight units
    assert value(out, "RCI_SHARE_PAYING", "_T")["value"][0] == pytest.approx(80.0)


def test_by_sex_and_destination(out: pl.DataFrame) -> None:
    # women a (0) and c (0.2): mean 0.1; men b (2, w 2) and d (1.2): (4 + 1.2) / 3
    assert value(out, "RCI_ALL", "MEAN", sex="F")["value"][0] == pytest.approx(0.1)
    assert value(out, "RCI_ALL", "MEAN", sex="M")["value"][0] == pytest.approx(5.2 / 3)
    # Qatar a, b, d: (0 + 4 + 1.2) / 4 = 1.3; UAE only c (e has no rate)
    qat = value(out, "RCI_ALL", "MEAN", dest="QAT")
    assert qat["value"][0] == pytest.approx(1.3) and qat["sample_size"][0] == 3
    are = value(out, "RCI_ALL", "MEAN", dest="ARE")
    assert are["value"][0] == pytest.approx(0.2) and are["sample_size"][0] == 1
    assert set(out["ref_area"]) == {"NPL"}  # no aggregate beyond the country


def test_comment_names_reference_currencies_and_exclusions(out: pl.DataFrame) -> None:
    note = value(out, "RCI_ALL", "MEAN")["comment_obs"][0]
    assert note.startswith("earnings_reference: first_month; cost currencies: NPR, QAR, USD;")
    assert note.endswith("1 excluded: no USD rate")


def test_currency_conversion_uses_both_rates() -> None:
    # 40,000 NPR x 0.0075 = 300 USD over 1,000 QAR x 0.25 = 250 USD -> 1.2 months
    one = micro().filter(pl.col("worker_id") == "d")
    assert value(process_1071_rows(one), "RCI_ALL", "MEAN")["value"][0] == pytest.approx(1.2)
    # the same costs quoted in USD (rate null: USD = 1) give the same ratio
    usd = one.with_columns(cost_paid=pl.lit(300.0), cost_currency=pl.lit("USD"))
    usd = usd.with_columns(usd_per_cost_currency=pl.lit(None, pl.Float64))
    assert value(process_1071_rows(usd), "RCI_ALL", "MEAN")["value"][0] == pytest.approx(1.2)


def test_mixed_earnings_references_are_listed() -> None:
    df = micro().with_columns(
        earnings_reference=pl.when(pl.col("worker_id") == "b")
        .then(pl.lit("last_month"))
        .otherwise(pl.col("earnings_reference"))
    )
    note = value(process_1071_rows(df), "RCI_ALL", "MEAN")["comment_obs"][0]
    assert note.startswith("earnings_reference: first_month, last_month;")
