"""Publishing a validated dataset: one atomic write (etl/io.py) that fails this dataset only."""

from __future__ import annotations

import polars as pl

from etl import integrity, io
from etl.pipeline.outcome import SourceOutcome


def publish(outcome: SourceOutcome, df: pl.DataFrame, dataset: str, meta: dict) -> SourceOutcome:
    """Write the dataset; an OSError (disk full, ...) fails this dataset only, with a message."""
    try:
        io.write_clean(df, dataset, meta)
    except OSError as exc:
        outcome.status, outcome.message = "failed", integrity.os_error_message(dataset, exc)
    return outcome
