"""World Bank published series to the indicator contract: WDI/API country series, RPW corridors.

These are the publisher's own numbers, carried as they are (a cross-check of the values this
platform computes from RPW quotes, and the 17.3.2 remittance volumes). Compute functions put
the name of the input dataset in `source`; indicators/build.py replaces it with the citation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import polars as pl

from core.contract import TOTAL, WORLD, conform, empty

WB_DATASETS: tuple[str, ...] = ("wdi", "wb_api")
# Which side of the flow the reporting country is on (indicators.md §1.1: IB = cost of
# sending TO the country, so the country is the counterpart; OB = FROM it, the ref area).
Role = Literal["receiving", "sending", "country"]


@dataclass(frozen=True)
class WbSeries:
    """How one World Bank indicator code maps to a contract series."""

    indicator: str
    series: str
    unit: str
    role: Role
    transfer_amount: str = TOTAL
    statistic: str = TOTAL


_USD200 = ("USD200", "MEAN")  # the WDI cost series are the mean cost of sending USD 200
REMITTANCE_COST: dict[str, WbSeries] = {
    "SI.RMT.COST.IB.ZS": WbSeries(
        "10.c.1", "SI_RMT_COST_IB_ZS", "PT", "receiving", "USD200", "MEAN"
    ),
    "SI.RMT.COST.OB.ZS": WbSeries("10.c.1", "SI_RMT_COST_OB_ZS", "PT", "sending", "USD200", "MEAN"),
}
REMITTANCE_VOLUME: dict[str, WbSeries] = {
    "BX.TRF.PWKR.CD.DT": WbSeries("17.3.2", "BX_TRF_PWKR_CD_DT", "USD", "country"),
    "BX.TRF.PWKR.DT.GD.ZS": WbSeries("17.3.2", "BX_TRF_PWKR_DT_GD_ZS", "PT", "country"),
}
CORRIDOR_SERIES = "ATCR.CORR"


def latest_vintage(df: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    """One row per `key`: the value with the latest `last_updated` (null values dropped first).

    The bulk file and the API are two copies of the same World Bank database taken at
    different times; the World Bank revises back years, so the newer vintage supersedes the
    older. A null is "no observation" and must not hide an older real value. On equal dates
    the API copy wins (it is read at run time, the bulk file may be an older download).
    """
    api = pl.col("origin") == "api-v2" if "origin" in df.columns else pl.lit(False)
    return (
        df.filter(pl.col("value").is_not_null() & pl.col("value").is_not_nan())
        .with_columns(_api=api.fill_null(False))
        .sort(["last_updated", "_api"], nulls_last=False)
        .unique(subset=key, keep="last", maintain_order=True)
        .drop("_api")
    )


def _areas(role: Role, country: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(ref_area, counterpart_area) of a country row for the series' role."""
    if role == "receiving":
        return pl.lit(WORLD), country
    if role == "sending":
        return country, pl.lit(WORLD)
    return country, pl.lit(TOTAL)


def _series_rows(df: pl.DataFrame, code: str, spec: WbSeries) -> pl.DataFrame:
    """Contract rows of one World Bank indicator code (annual, global reporting)."""
    ref, counterpart = _areas(spec.role, pl.col("country_code"))
    vintage = pl.concat_str(
        pl.lit("World Bank vintage "),
        pl.col("last_updated").cast(pl.String).fill_null("unknown"),
        pl.lit(" ("),
        pl.col("origin").fill_null("?"),
        pl.lit(", "),
        pl.col("source_file").fill_null("?"),
        pl.lit(")"),
    )
    rows = df.filter(pl.col("indicator_code") == code).select(
        indicator_code=pl.lit(spec.indicator),
        series_code=pl.lit(spec.series),
        ref_area=ref,
        counterpart_area=counterpart,
        time_period=pl.col("year").cast(pl.String),
        freq=pl.lit("A"),
        transfer_amount=pl.lit(spec.transfer_amount),
        statistic=pl.lit(spec.statistic),
        value=pl.col("value"),
        unit_measure=pl.lit(spec.unit),
        reporting_type=pl.lit("G"),
        collection_method=pl.lit("COMPILED"),
        source=pl.col("dataset"),
        comment_obs=vintage,
    )
    return conform(rows)


def compute_wb_series(
    frames: Mapping[str, pl.DataFrame], *, codes: Mapping[str, WbSeries]
) -> pl.DataFrame:
    """World Bank indicator values (datasets `wdi` and `wb_api`) as contract rows.

    Args:
        frames: available datasets by name; only `wdi` and `wb_api` (WB_INDICATORS) are read.
        codes: which indicator codes to keep and how to map them (e.g. REMITTANCE_COST).

    Returns:
        One annual row per country (aggregates such as WLD included) x series x year, the
        latest vintage when both copies have it; `source` = the dataset the row came from.
    """
    parts = [
        frames[name].with_columns(dataset=pl.lit(name))
        for name in WB_DATASETS
        if name in frames and not frames[name].is_empty()
    ]
    if not parts:
        return empty()
    combined = pl.concat(parts, how="diagonal_relaxed").filter(
        pl.col("indicator_code").is_in(list(codes))
    )
    latest = latest_vintage(combined, ["country_code", "indicator_code", "year"])
    return pl.concat([_series_rows(latest, code, spec) for code, spec in codes.items()])


def compute_published_corridors(corridors: pl.DataFrame) -> pl.DataFrame:
    """The World Bank's published corridor averages (RPW DataBank, ATCR.CORR), series
    RPW_ATCR_CORR: sending -> receiving, quarterly, USD200, MEAN, % of amount sent.

    A cross-check of the corridor means computed from the quotes; latest vintage kept.
    """
    rows = corridors.filter(pl.col("series_code") == CORRIDOR_SERIES)
    if rows.is_empty():
        return empty()
    latest = latest_vintage(rows, ["sending_code", "receiving_code", "time_period"])
    out = latest.select(
        indicator_code=pl.lit("10.c.1"),
        series_code=pl.lit("RPW_ATCR_CORR"),
        ref_area=pl.col("sending_code"),
        counterpart_area=pl.col("receiving_code"),
        time_period=pl.col("time_period"),
        freq=pl.lit("Q"),
        transfer_amount=pl.lit("USD200"),
        statistic=pl.lit("MEAN"),
        value=pl.col("value"),
        unit_measure=pl.lit("PT"),
        reporting_type=pl.lit("G"),
        collection_method=pl.lit("MYSTERY_SHOP"),
        source=pl.lit("rpw_corridors"),
        comment_obs=pl.concat_str(
            pl.lit("World Bank published corridor average, vintage "),
            pl.col("last_updated").cast(pl.String).fill_null("unknown"),
        ),
    )
    return conform(out)
