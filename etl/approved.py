"""Approved national submissions as indicator-build inputs (only approved data is published).

The store (etl/store.py) keeps every submission; the current approved submission of each
(template, country, period) feeds the indicators. Survey templates (10.7.2, GFMD, 10.7.1,
census) go to their compute functions; rows of the generic long template are national
indicator values, published as their own dataset `national_indicators` so that they sit beside
the custodians' values instead of colliding with them.
"""

from __future__ import annotations

import hashlib
import os

import polars as pl

from etl import config, integrity, io
from etl.errors import EtlError
from indicators.contract import COLUMNS, conform

SURVEY_TEMPLATES: tuple[str, ...] = (
    "inquiry_1072",
    "gfmd_coherence",
    "rci_1071_microdata",
    "census_tabulation",
)
NATIONAL = "national_indicators"
LONG_TEMPLATE = "indicator_long"


def _meta(template: str, subs: pl.DataFrame) -> dict:
    """A sidecar for the rows of `template`: which submissions, files and approval times."""
    ids = ",".join(str(i) for i in sorted(subs["id"].to_list()))
    inputs = [
        {"file": r["file_name"], "sha256": r["sha256"], "retrieved_at": str(r["status_at"])}
        for r in subs.iter_rows(named=True)
    ]
    return {
        "dataset": template,
        "title": f"national submissions ({template})",
        "publisher": "national upload, approved",
        "input_key": hashlib.sha256(f"{template}:{ids}".encode()).hexdigest()[:16],
        "inputs": inputs,
        "published_at": max((str(i["retrieved_at"]) for i in inputs), default=None),
        "submission_ids": ids,
        "demo": False,
    }


def approved_inputs(
    templates: tuple[str, ...] = SURVEY_TEMPLATES,
) -> tuple[dict[str, pl.DataFrame], dict[str, dict]]:
    """Rows of the current approved submissions per template, and their sidecars.

    Templates without an approved submission are left out. Raises EtlError when the store
    cannot be read (the previous indicator table then keeps serving).
    """
    if not os.environ.get("DATABASE_URL") and not (config.data_dir() / "app.duckdb").exists():
        return {}, {}  # nobody has uploaded anything yet: do not create an empty database
    from etl.store import open_store  # imports DuckDB/psycopg: only when a store exists

    try:
        store = open_store()
        frames, metas = {}, {}
        for template in templates:
            subs = store.submissions(template=template, status="approved")
            if "is_current" in subs.columns:
                subs = subs.filter(pl.col("is_current"))
            if subs.is_empty():
                continue
            frames[template] = store.current_rows(template)
            metas[template] = _meta(template, subs)
        return frames, metas
    except EtlError:
        raise
    except Exception as exc:  # a database error must not become a half-built table
        raise EtlError(
            f"the upload store could not be read ({type(exc).__name__}: {exc}). Check "
            "DATABASE_URL or data/app.duckdb; the previous indicator table keeps serving."
        ) from exc


def national_rows(long_rows: pl.DataFrame) -> pl.DataFrame:
    """Approved long-template rows as contract rows, each citing its submission."""
    source = pl.concat_str(
        [
            pl.col("source"),
            pl.lit(" (national submission "),
            pl.col("submission_id").cast(pl.String),
        ],
        ignore_nulls=True,
    )
    out = long_rows.with_columns(
        source=source + pl.lit(")"),
        reporting_type=pl.col("reporting_type").fill_null("N"),
        retrieved_at=pl.lit(None, dtype=pl.String),
    )
    return conform(out.select([c for c in COLUMNS if c in out.columns]))


def publish_national() -> str:
    """Publish (or withdraw) `national_indicators` from the approved long-template rows."""
    frames, metas = approved_inputs((LONG_TEMPLATE,))
    if LONG_TEMPLATE not in frames:
        if io.clean_path(NATIONAL).exists():
            io.clean_path(NATIONAL).unlink()  # every submission was reverted: nothing to show
            return "withdrawn (no approved long-format submission left)"
        return "no approved long-format submission"
    meta = {**metas[LONG_TEMPLATE], "dataset": NATIONAL}
    same = io.read_clean_meta(NATIONAL).get("input_key") == meta["input_key"]
    if same and integrity.clean_is_intact(NATIONAL):  # a damaged file is re-published
        return "unchanged"
    table = national_rows(frames[LONG_TEMPLATE])
    io.write_clean(table, NATIONAL, {**meta, "rows": table.height})
    return f"published {table.height:,} rows"
