"""The long data format of indicators.md §5: the contract every table, upload and export uses."""

from __future__ import annotations

import polars as pl

TOTAL = "_T"
WORLD = "WLD"

# Dimension columns: `_T` when not broken down (converted to blank for Open SDG).
DIMENSIONS: tuple[str, ...] = (
    "sex",
    "age",
    "urbanisation",
    "education_lev",
    "occupation",
    "activity",
    "migratory_status",
    "policy_domain",
    "sub_category",
    "coherence_level",
    "provider_type",
    "funding_instrument",
    "payout_instrument",
    "transfer_amount",
    "statistic",
)

SCHEMA: dict[str, pl.DataType] = {
    "indicator_code": pl.String(),
    "series_code": pl.String(),
    "ref_area": pl.String(),
    "counterpart_area": pl.String(),
    "time_period": pl.String(),
    "freq": pl.String(),
    "time_detail": pl.String(),
    **{d: pl.String() for d in DIMENSIONS},
    "value": pl.Float64(),
    "value_label": pl.String(),
    "answer_text": pl.String(),
    "unit_measure": pl.String(),
    "unit_mult": pl.Int32(),
    "obs_status": pl.String(),
    "nature": pl.String(),
    "reporting_type": pl.String(),
    "source": pl.String(),
    "source_url": pl.String(),
    "retrieved_at": pl.String(),
    "collection_method": pl.String(),
    "sample_size": pl.Int64(),
    "comment_obs": pl.String(),
    # custodian | national | derived | demo (indicators/origin.py): where the row comes from.
    "data_origin": pl.String(),
}
COLUMNS: tuple[str, ...] = tuple(SCHEMA)

# The key of an observation (indicators.md §5, validation rule 1).
KEY: tuple[str, ...] = (
    "indicator_code",
    "series_code",
    "ref_area",
    "counterpart_area",
    "time_period",
    *DIMENSIONS,
)

DEFAULTS: dict[str, object] = {
    **{d: TOTAL for d in DIMENSIONS},
    "counterpart_area": TOTAL,
    "unit_mult": 0,
    "obs_status": "A",
}


def conform(df: pl.DataFrame) -> pl.DataFrame:
    """Add missing contract columns (defaults or null), cast to SCHEMA, order as COLUMNS.

    Compute functions build only the columns they know; this gives every output the same shape.
    """
    missing = [
        pl.lit(DEFAULTS.get(c), dtype=SCHEMA[c]).alias(c) for c in COLUMNS if c not in df.columns
    ]
    out = df.with_columns(missing) if missing else df
    return out.select([pl.col(c).cast(SCHEMA[c]) for c in COLUMNS])


def empty() -> pl.DataFrame:
    """An empty frame with the contract's schema."""
    return pl.DataFrame(schema=SCHEMA)


# Marker a source writes into a row's note when it corrected the published year (UNHCR trimmed
# files that label end-2019 stocks as 2020); the cross-checks read it to explain differences.
RELABELLED_2019 = "RELABELLED_2019"
