"""The shared polars schemas (RPW quotes and corridors, World Bank indicators) and `conform`.

Each source declares its dataset's schema on its SourceSpec; etl/registry.py DATASETS lists them.
"""

from __future__ import annotations

import polars as pl

_S, _F, _B = pl.String(), pl.Float64(), pl.Boolean()


def _cost_block(prefix: str) -> dict[str, pl.DataType]:
    return {
        f"{prefix}_lcu_amount": _F,
        f"{prefix}_denomination_amount": _F,
        f"{prefix}_lcu_code": _S,
        f"{prefix}_lcu_fee": _F,
        f"{prefix}_lcu_fx_rate": _F,
        f"{prefix}_fx_margin": _F,
        f"{prefix}_total_cost_pct": _F,
    }


# One row = one service quote in one quarter, both RPW sheets harmonised (Countries joined).
RPW_QUOTES: dict[str, pl.DataType] = {
    "period": _S,  # as published, e.g. "2017_1Q"
    "time_period": _S,  # contract form, e.g. "2017-Q1"
    "year": pl.Int16(),
    "quarter": pl.Int8(),
    "quote_id": _S,  # `id`: unique only within a period
    "sheet": _S,  # "up to Q1 2016" | "from Q2 2016"
    "sheet_row": pl.Int32(),  # 1-based row number in that Excel sheet, for error messages
    "source_code": _S,  # sending country ISO3
    "source_name": _S,
    "source_region": _S,
    "source_income": _S,
    "destination_code": _S,  # receiving country ISO3 (Kosovo normalised to XKX)
    "destination_name": _S,
    "destination_region": _S,
    "destination_region_code": _S,  # World Bank region code (SSF, LCN, EAS, ECS, MEA, SAS, NAC)
    "destination_income": _S,
    "corridor": _S,  # source_code + destination_code, cached value as published
    "firm": _S,  # trimmed; case kept as published
    "firm_type": _S,  # normalised label, e.g. "Money Transfer Operator"
    "provider_type": _S,  # contract code BANK | MTO | POST | MOBILE | OTHER
    "payment_instrument": _S,  # as published (legacy sheet: `product`)
    "funding_instruments": pl.List(_S),  # contract codes CASH | ACCOUNT | CARD | MOBILE | OTHER
    "pickup_method": _S,  # as published (legacy sheet: `pick-up method`)
    "payout_instruments": pl.List(_S),
    "access_point": _S,  # legacy sheet: `sending location`
    "speed_actual": _S,
    "speed_max_days": _F,  # upper bound of the speed band in days; null if unknown
    "transparent": _B,
    "accessible": _B,  # SmaRT accessibility rule, see etl/sources/rpw.py
    "receiving_network_coverage": _S,  # legacy sheet: `coverage` (different scale)
    "pickup_location": _S,
    **_cost_block("cc1"),
    **_cost_block("cc2"),
    "inter_lcu_bank_fx": _F,
    "note1": _S,  # `Standard Note` / legacy `note1`
    "note2": _S,
    "quote_date": pl.Date(),
}

# RPW (Corridors) DataBank export, long: one row = corridor x quarter.
RPW_CORRIDORS: dict[str, pl.DataType] = {
    "sending_code": _S,
    "sending_name": _S,
    "receiving_code": _S,
    "receiving_name": _S,
    "series_code": _S,  # ATCR.CORR
    "series_name": _S,
    "time_period": _S,  # "2011-Q1"
    "value": _F,  # % of USD 200 sent
    "last_updated": pl.Date(),
}

# World Bank indicator values (WDI bulk files and API v2), long: country x indicator x year.
WB_INDICATORS: dict[str, pl.DataType] = {
    "country_code": _S,  # ISO3 or WB aggregate code
    "country_name": _S,
    "is_aggregate": _B,  # regions / income groups / World, as opposed to economies
    "indicator_code": _S,  # e.g. SI.RMT.COST.IB.ZS
    "indicator_name": _S,
    "year": pl.Int16(),
    "value": _F,
    "last_updated": pl.Date(),  # vintage as stated by the publisher
    "origin": _S,  # "wdi-bulk" | "api-v2"
    "source_file": _S,
}


def conform(df: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Select and cast to `schema`, adding absent columns as nulls (strict casts elsewhere)."""
    return df.select(
        [
            pl.col(c).cast(t) if c in df.columns else pl.lit(None, dtype=t).alias(c)
            for c, t in schema.items()
        ]
    )
