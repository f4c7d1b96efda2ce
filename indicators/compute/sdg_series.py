"""The UN SDG Global Database's own 10.c.1 country values as contract rows (issue 10).

SI_RMT_COST in the SDG database is the custodian's published "average remittance cost of
sending USD 200 to a receiving country" (%). It is carried as series SI_RMT_COST_SDG
(WLD -> country, USD200, MEAN, annual), distinct from the platform's own SI_RMT_COST computed
from the RPW workbook, so the headline rule (indicators/registry_rules.py) can prefer one and
fall back to the other. Countries only: the database's aggregates keep their M49 codes and are
not part of a country's card.
"""

from __future__ import annotations

import polars as pl

from core.contract import WORLD, conform, empty

SDG_COST_SERIES = "SI_RMT_COST_SDG"


def sdg_cost_rows(sdg: pl.DataFrame) -> pl.DataFrame:
    """SI_RMT_COST_SDG rows (WLD -> receiving country, % of USD 200) from clean sdg_api rows."""
    rows = sdg.filter(
        (pl.col("series_code") == "SI_RMT_COST")
        & ~pl.col("is_aggregate")
        & pl.col("value").is_not_null()
    )
    if rows.is_empty():
        return empty()
    return conform(
        rows.select(
            indicator_code=pl.lit("10.c.1"),
            series_code=pl.lit(SDG_COST_SERIES),
            ref_area=pl.lit(WORLD),
            counterpart_area=pl.col("ref_area"),
            time_period=pl.col("time_period").cast(pl.String),
            freq=pl.lit("A"),
            time_detail=pl.col("time_detail"),
            transfer_amount=pl.lit("USD200"),
            statistic=pl.lit("MEAN"),
            value=pl.col("value"),
            unit_measure=pl.lit("PT"),
            nature=pl.col("nature"),
            reporting_type=pl.lit("G"),
            source=pl.lit("sdg_api"),
            comment_obs=pl.lit("UN SDG Global Database SI_RMT_COST, as published"),
        )
    )
