"""Cross-country figures computed from national uploads: their own area, never World (issue 10).

A 10.7.2 share or a GFMD coherence share computed from the countries that uploaded to this
deployment aggregates those countries only. It is published under PLATFORM_AREA ("countries
reporting on this platform, n = K"), never as World (WLD, M49 1) or an official region, and only
when K reaches the minimum set in Settings.min_platform_countries (default 3): one or two
countries' answers are their own figures, not an aggregate. The custodian's World value (e.g.
SG_CPA_MIGRP for M49 1 from the SDG Global Database) stays World. PLATFORM_AREA has no UN M49
code, so the SDMX export leaves these rows out and says why.
"""

from __future__ import annotations

import polars as pl

PLATFORM_AREA = "PLATFORM"
PLATFORM_NAME = "Countries reporting on this platform"
DEFAULT_MIN_COUNTRIES = 3


def platform_label(n: pl.Expr) -> pl.Expr:
    """'countries reporting on this platform, n = K' for a column of country counts."""
    return pl.format("countries reporting on this platform, n = {}", n)


def publishable(rows: pl.DataFrame, count: str, min_countries: int) -> pl.DataFrame:
    """Aggregate rows whose country count (column `count`) reaches `min_countries`."""
    return rows.filter(pl.col(count) >= min_countries)
