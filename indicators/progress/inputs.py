"""Inputs of the progress measure: one series of the long table, as year -> value.

Quarterly rows are annualised here (mean of the year's quarters unless an annual row exists),
so indicators/progress/method.py only ever sees annual values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl


@dataclass(frozen=True)
class AnnualSeries:
    """Year → value, with how each year's value was obtained (annual row, mean of quarters)."""

    values: dict[int, float]
    details: dict[int, str] = field(default_factory=dict)


def annual_series(data: pl.DataFrame | Mapping[int | str, float | None]) -> AnnualSeries:
    """Year → value from a mapping or a frame with time_period/value (freq optional).

    `YYYY` rows are annual; `YYYY-Qn` rows are averaged per year unless that year has an annual
    row (preferred, as the indicator table carries freq A rows); ranges (`2015-2016`,
    `2015 to 2016`) use their first year, as Open SDG does. Duplicate annual years are an error.
    """
    frame = _as_frame(data)
    parsed = frame.with_columns(
        year=pl.col("time_period").str.extract(r"^\s*(\d{4})", 1).cast(pl.Int32),
        quarter=pl.col("time_period").str.extract(r"^\s*\d{4}-?Q([1-4])\s*$", 1),
    )
    bad = parsed.filter(pl.col("year").is_null())
    if bad.height:
        row = bad.row(0, named=True)
        raise ValueError(
            f"time_period {row['time_period']!r} (row {row['_row']}) is not YYYY, YYYY-Qn or a "
            "year range: fix the period or drop the row before computing progress"
        )
    parsed = parsed.filter(pl.col("value").is_not_null() & pl.col("value").is_not_nan())
    annual = parsed.filter(pl.col("quarter").is_null())
    dup = annual.filter(pl.col("year").is_duplicated()).sort("year")
    if dup.height:
        raise ValueError(
            f"year {dup['year'][0]} has {dup.filter(pl.col('year') == dup['year'][0]).height} "
            f"annual values {dup.filter(pl.col('year') == dup['year'][0])['value'].to_list()} "
            f"(rows {dup['_row'].to_list()}): select a single series before computing progress"
        )
    quarterly = (
        parsed.filter(
            pl.col("quarter").is_not_null() & ~pl.col("year").is_in(annual["year"].to_list())
        )
        .group_by("year")
        .agg(pl.col("value").mean(), pl.col("quarter").unique().sort())
    )
    values = {int(y): float(v) for y, v in annual.select("year", "value").iter_rows()}
    details = {int(y): "annual value" for y in values}
    for y, v, qs in quarterly.iter_rows():
        values[int(y)] = float(v)
        details[int(y)] = f"mean of {len(qs)} of 4 quarters ({', '.join('Q' + q for q in qs)})"
    order = sorted(values)
    return AnnualSeries({y: values[y] for y in order}, {y: details[y] for y in order})


def _as_frame(data: pl.DataFrame | Mapping[int | str, float | None]) -> pl.DataFrame:
    if isinstance(data, pl.DataFrame):
        missing = {"time_period", "value"} - set(data.columns)
        if missing:
            raise ValueError(
                f"progress input frame lacks column(s) {sorted(missing)}; it needs time_period "
                f"and value (got {data.columns})"
            )
        frame = data.select(pl.col("time_period").cast(pl.String), pl.col("value").cast(pl.Float64))
    else:
        frame = pl.DataFrame(
            {"time_period": [str(k) for k in data], "value": list(data.values())},
            schema={"time_period": pl.String, "value": pl.Float64},
        )
    return frame.with_row_index("_row")


def select_series(
    table: pl.DataFrame, *, series_code: str, ref_area: str, **dims: str
) -> pl.DataFrame:
    """One series of the long indicator table (§5): filter, then insist on one row per period."""
    sub = table.filter(
        pl.col("series_code") == series_code,
        pl.col("ref_area") == ref_area,
        *[pl.col(k) == v for k, v in dims.items()],
    )
    dup = sub.filter(pl.col("time_period").is_duplicated())
    if dup.height:
        varying = [c for c in sub.columns if c not in ("value", "_row") and dup[c].n_unique() > 1]
        raise ValueError(
            f"{series_code} {ref_area} {dims}: {dup.height} rows share a time_period "
            f"(e.g. {dup['time_period'][0]}); they differ in {varying}: add those filters"
        )
    return sub.sort("time_period")
