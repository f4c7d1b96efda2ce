"""SDG 10.7.1 recruitment-cost indicator from survey microdata (indicators.md §1.2).

Pure polars; input = rows of the `rci_1071_microdata` upload template (one row per worker).

Per worker k [OFFICIAL]: RCI_k = C_k / E_k, costs and monthly earnings of the same worker, both
in USD: C_k = cost_paid x usd_per_cost_currency, E_k = monthly_earnings x
usd_per_earnings_currency, with the rate of USD itself = 1 [PROJECT, §1.2 caveats]. When costs
and earnings are in the same currency the ratio needs no rate. A worker is left out (and counted
in comment_obs) when a rate is missing, earnings are not > 0, or the survey weight is not > 0.

f(RCI_k) [OFFICIAL options, §5 `statistic`]: MEAN = sum(w x) / sum(w); MEDIAN and Q4 are weighted
quantiles (weighted_quantile below; Q4 = the 4th quintile cut point, the 0.8 quantile).

Series [PROJECT], indicator_code 10.7.1, unit RATIO_MONTHS (months of earnings):
- RCI_ALL           every worker (zero costs included), statistic MEAN / MEDIAN / Q4
- RCI_PAYERS        workers with C_k > 0 only (the Lao PDR pilot convention)
- RCI_SHARE_PAYING  weighted % of workers with C_k > 0 (PT)
each for all workers (sex _T, counterpart_area _T), by sex, and by destination
(counterpart_area = destination, §5); sample_size = unweighted number of workers in the cell.
comment_obs: earnings_reference (first_month / last_month), currencies, exclusions. The UN
database series SL_EMP_RCOST_MO (months of earnings) does not say which f or population it
uses, so it is not reused. No regional or global aggregates (metadata 4.f, 4.g).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from core.config import Settings
from core.contract import TOTAL, conform, empty
from indicators.compute.process_1072 import submission_source

INDICATOR = "10.7.1"
DATASET = "rci_1071_microdata"
USD = "USD"
QUANTILES: dict[str, float] = {"MEDIAN": 0.5, "Q4": 0.8}
KEYS = ["ref_area", "time_period", "cell_sex", "cell_area"]  # a cell: country-round x breakdown
TOLERANCE = 1e-9  # relative: a cumulative weight within this of the target counts as equal


def weighted_quantile(x: pl.Expr, w: pl.Expr, q: float) -> pl.Expr:
    """Weighted q-quantile of x (an aggregation expression, e.g. inside group_by().agg()).

    Sort by x; W_i = cumulative weight up to the i-th value, W = total weight. The quantile is
    the smallest x_(i) with W_i > q W. When some W_i equals q W exactly, it is the mean of
    x_(i) and the next value (the next with positive weight). With equal weights this is the
    usual median ((x2 + x3) / 2 of four values) and the inverse of the empirical CDF elsewhere
    (weights 1 on 1, 2, 3, 4: Q4 target 3.2 -> 4). Weights must be > 0.
    """
    xs, cw = x.sort_by(x), w.sort_by(x).cum_sum()
    target = w.sum() * q
    at_or_above = xs.filter(cw >= target * (1 - TOLERANCE)).first()
    above = xs.filter(cw > target * (1 + TOLERANCE)).first()
    return (at_or_above + above.fill_null(at_or_above)) / 2


def worker_ratios(micro: pl.DataFrame) -> pl.DataFrame:
    """Each worker with cost_usd, earnings_usd, rci and `usable` (all inputs valid).

    Also: source (submission), payer (cost > 0), exclusion (why unusable, else null).
    """

    def rate(currency: str, per_usd: str) -> pl.Expr:
        given = pl.col(per_usd) if per_usd in micro.columns else pl.lit(None, pl.Float64)
        return pl.when(pl.col(currency) == USD).then(pl.lit(1.0)).otherwise(given)

    same = pl.col("cost_currency") == pl.col("earnings_currency")
    cost_rate = rate("cost_currency", "usd_per_cost_currency")
    earn_rate = rate("earnings_currency", "usd_per_earnings_currency")
    no_rate = ~same & (cost_rate.is_null() | earn_rate.is_null())
    df = micro.with_columns(
        source=submission_source(micro, DATASET),
        cost_usd=pl.col("cost_paid") * cost_rate,
        earnings_usd=pl.col("monthly_earnings") * earn_rate,
        rci=pl.when(same)
        .then(pl.col("cost_paid") / pl.col("monthly_earnings"))
        .otherwise((pl.col("cost_paid") * cost_rate) / (pl.col("monthly_earnings") * earn_rate)),
        exclusion=pl.when(~(pl.col("monthly_earnings") > 0).fill_null(False))
        .then(pl.lit("earnings not > 0"))
        .when(~(pl.col("survey_weight") > 0).fill_null(False))
        .then(pl.lit("survey weight not > 0"))
        .when(pl.col("cost_paid").is_null() | (pl.col("cost_paid") < 0))
        .then(pl.lit("cost missing or negative"))
        .when(no_rate)
        .then(pl.lit("no USD rate"))
        .otherwise(None),
    )
    return df.with_columns(usable=pl.col("exclusion").is_null(), payer=pl.col("cost_paid") > 0)


def _cells(workers: pl.DataFrame) -> pl.DataFrame:
    """Each usable worker once for all workers, once by sex, once by destination."""
    usable = workers.filter(pl.col("usable"))
    return pl.concat(
        [
            usable.with_columns(cell_sex=pl.lit(TOTAL), cell_area=pl.lit(TOTAL)),
            usable.with_columns(cell_sex=pl.col("sex"), cell_area=pl.lit(TOTAL)),
            usable.with_columns(cell_sex=pl.lit(TOTAL), cell_area=pl.col("destination")),
        ]
    )


def _notes(workers: pl.DataFrame) -> pl.DataFrame:
    """Per country-round: how many workers were left out and why (text, or null)."""
    out = workers.filter(~pl.col("usable")).group_by("ref_area", "time_period", "exclusion").len()
    text = pl.format("{} excluded: {}", pl.col("len"), pl.col("exclusion"))
    return out.group_by("ref_area", "time_period").agg(
        excluded=text.sort().str.join("; "),
    )


def _described() -> list[pl.Expr]:
    """Aggregations shared by every cell: source, n, earnings references and currencies."""
    return [
        pl.col("source").first(),
        pl.len().alias("n"),
        pl.col("earnings_reference").unique().sort().str.join(", ").alias("refs"),
        pl.col("cost_currency").unique().sort().str.join(", ").alias("cost_cur"),
        pl.col("earnings_currency").unique().sort().str.join(", ").alias("earn_cur"),
    ]


def _statistics(cells: pl.DataFrame, series: str) -> pl.DataFrame:
    """MEAN, MEDIAN and Q4 of rci per cell, with n and the earnings/currency notes."""
    x, w = pl.col("rci"), pl.col("survey_weight")
    stats = {"MEAN": (x * w).sum() / w.sum()}
    stats |= {name: weighted_quantile(x, w, q) for name, q in QUANTILES.items()}
    agg = cells.group_by(KEYS).agg(*_described(), **stats)
    long = agg.unpivot(
        index=[*KEYS, "source", "n", "refs", "cost_cur", "earn_cur"],
        on=list(stats),
        variable_name="statistic",
        value_name="value",
    )
    return long.with_columns(series_code=pl.lit(series), unit_measure=pl.lit("RATIO_MONTHS"))


def _share_paying(cells: pl.DataFrame) -> pl.DataFrame:
    """RCI_SHARE_PAYING: weighted % of workers with costs > 0, per cell."""
    w = pl.col("survey_weight")
    agg = cells.group_by(KEYS).agg(
        *_described(), value=(w.filter(pl.col("payer")).sum() / w.sum()) * 100
    )
    return agg.with_columns(
        statistic=pl.lit(TOTAL), series_code=pl.lit("RCI_SHARE_PAYING"), unit_measure=pl.lit("PT")
    )


def process_1071_rows(micro: pl.DataFrame) -> pl.DataFrame:
    """RCI_ALL, RCI_PAYERS and RCI_SHARE_PAYING per country-round, total, by sex, by destination."""
    if micro.is_empty():
        return empty()
    workers = worker_ratios(micro)
    cells = _cells(workers)
    if cells.is_empty():
        return empty()
    parts = [
        _statistics(cells, "RCI_ALL"),
        _statistics(cells.filter(pl.col("payer")), "RCI_PAYERS"),
        _share_paying(cells),
    ]
    cols = [*KEYS, "source", "n", "refs", "cost_cur", "earn_cur", "statistic", "value"]
    rows = pl.concat([p.select(*cols, "series_code", "unit_measure") for p in parts])
    rows = rows.join(_notes(workers), on=["ref_area", "time_period"], how="left")
    comment = pl.concat_str(
        pl.format("earnings_reference: {}", pl.col("refs")),
        pl.format(
            "cost currencies: {}; earnings currencies: {}; converted to USD at each worker's "
            "rates (no rate needed when both are in one currency)",
            pl.col("cost_cur"),
            pl.col("earn_cur"),
        ),
        pl.col("excluded"),
        separator="; ",
        ignore_nulls=True,
    )
    return conform(
        rows.select(
            indicator_code=pl.lit(INDICATOR),
            series_code=pl.col("series_code"),
            ref_area=pl.col("ref_area"),
            counterpart_area=pl.col("cell_area"),
            time_period=pl.col("time_period"),
            freq=pl.lit("B"),  # recommended every two years
            sex=pl.col("cell_sex"),
            statistic=pl.col("statistic"),
            value=pl.col("value"),
            unit_measure=pl.col("unit_measure"),
            nature=pl.lit("C"),
            reporting_type=pl.lit("N"),
            collection_method=pl.lit("SURVEY"),
            sample_size=pl.col("n"),
            source=pl.col("source"),
            comment_obs=comment,
        )
    )


def compute_10_7_1(frames: Mapping[str, pl.DataFrame], settings: Settings) -> pl.DataFrame:
    """10.7.1 from the approved `rci_1071_microdata` submissions (IndicatorSpec compute)."""
    micro = frames.get(DATASET)
    return empty() if micro is None else process_1071_rows(micro)
