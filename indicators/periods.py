"""Partial periods: rows that cover only part of their `time_period` (issue 10).

A file exported on 27 March 2021 holds 1 January-27 March 2021 for its current year; summing it
per year gives a `2021` row that is not an annual figure. Such rows keep `freq` and
`time_period` (so the table stays one row per period) but their `time_detail` starts with
PARTIAL ("partial period: 1 Jan–27 Mar 2021"), the contract column of indicators.md §5 for
"what the period covers". They are shown with that label and never used as annual values, in
progress status or as a headline (`complete()` drops them).
"""

from __future__ import annotations

import re
from datetime import date

import polars as pl

PARTIAL = "partial period: "
_DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def partial_label(start: date, end: date) -> str:
    """'partial period: 1 Jan–27 Mar 2021' (time_detail of a row covering start..end)."""
    return f"{PARTIAL}{start.day} {start:%b}–{end.day} {end:%b} {end.year}"


def is_partial() -> pl.Expr:
    """True where the row covers only part of its period (time_detail starts with PARTIAL)."""
    return pl.col("time_detail").fill_null("").str.starts_with(PARTIAL)


def complete(rows: pl.DataFrame) -> pl.DataFrame:
    """Rows covering their whole period (frames without time_detail are returned as they are)."""
    if "time_detail" not in rows.columns:
        return rows
    return rows.filter(~is_partial())


def date_in_name(name: str | None) -> date | None:
    """The first YYYY-MM-DD date in a file name (an export timestamp), None if there is none."""
    m = _DATE_IN_NAME.search(name or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def year_coverage(years: list[int], end: date) -> dict[int, str]:
    """time_detail of each year that a file covering up to `end` leaves incomplete."""
    last_day = date(end.year, 12, 31)
    return {y: partial_label(date(y, 1, 1), end) for y in years if y == end.year and end < last_day}
