"""Approved national submissions as indicator-build inputs (only approved data is published).

The store (store/submissions.py) keeps every submission; the current approved submission of each
(template, country, period) feeds the indicators. Survey templates (10.7.2, GFMD, 10.7.1,
census) go to their compute functions; rows of the generic long template are national
indicator values, published as their own dataset `national_indicators` so that they sit beside
the custodians' values instead of colliding with them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import polars as pl

from core import config
from core.contract import COLUMNS, conform
from core.errors import EtlError
from core.i18n import _
from etl import integrity, io
from indicators.origin import NATIONAL as NATIONAL_ORIGIN

if TYPE_CHECKING:
    from store.submissions import Store

SURVEY_TEMPLATES: tuple[str, ...] = (
    "inquiry_1072",
    "gfmd_coherence",
    "rci_1071_microdata",
    "census_tabulation",
)
NATIONAL = "national_indicators"
LONG_TEMPLATE = "indicator_long"


def _iso(at: object) -> str:
    """An approval time as ISO 8601 UTC with seconds (the store keeps naive UTC datetimes)."""
    if isinstance(at, datetime):
        return at.replace(microsecond=0, tzinfo=at.tzinfo or UTC).isoformat()
    return str(at)


def _meta(template: str, subs: pl.DataFrame) -> dict:
    """A sidecar for the rows of `template`: which submissions, files and approval times."""
    ids = ",".join(str(i) for i in sorted(subs["id"].to_list()))
    inputs = [
        {
            "file": r["file_name"],
            "sha256": r["sha256"],
            "retrieved_at": _iso(r["status_at"]),  # the approval time
            "submission_id": r["id"],
            "ref_area": r["ref_area"],
            "time_period": r["time_period"],
        }
        for r in subs.iter_rows(named=True)
    ]
    return {
        "dataset": template,
        "title": f"national submissions ({template})",
        "publisher": "national upload, approved",
        # v2: rows carry data_origin and their approval time (republished once)
        "input_key": hashlib.sha256(f"{template}:v2:{ids}".encode()).hexdigest()[:16],
        "inputs": inputs,
        "published_at": max((str(i["retrieved_at"]) for i in inputs), default=None),
        "submission_ids": ids,
        "demo": False,
    }


def approved_inputs(
    templates: tuple[str, ...] = SURVEY_TEMPLATES, store: Store | None = None
) -> tuple[dict[str, pl.DataFrame], dict[str, dict]]:
    """Rows of the current approved submissions per template, and their sidecars.

    `store`: the open store (the caller's, after an approval); else this deployment's.
    Templates without an approved submission are left out. Raises EtlError when the store
    cannot be read (the previous indicator table then keeps serving).
    """
    if store is None and not has_store():
        return {}, {}  # nobody has uploaded anything yet: do not create an empty database
    from store.submissions import open_store  # imports DuckDB/psycopg: only when a store exists

    try:
        store = store or open_store()
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
            _(
                "the upload store could not be read ({detail}). Check {variable} or {file}; the "
                "previous indicator table keeps serving."
            ).format(
                detail=f"{type(exc).__name__}: {exc}",
                variable="DATABASE_URL",
                file="data/app.duckdb",
            )
        ) from exc


def national_rows(
    long_rows: pl.DataFrame, approved_at: Mapping[int, str] | None = None
) -> pl.DataFrame:
    """Approved long-template rows as contract rows, each citing its submission.

    data_origin is `national`; retrieved_at is the submission's approval time
    (`approved_at`: submission id -> ISO time), so a national value always says when it was
    approved.
    """
    when = {int(k): str(v) for k, v in (approved_at or {}).items()}
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
        retrieved_at=pl.col("submission_id").replace_strict(
            when, default=None, return_dtype=pl.String
        ),
        data_origin=pl.lit(NATIONAL_ORIGIN),
        # a web address the office gave stays; a path on someone's machine does not
        source_url=pl.when(pl.col("source_url").str.contains(r"^https?://"))
        .then(pl.col("source_url"))
        .otherwise(pl.lit(None, dtype=pl.String)),
    )
    return conform(out.select([c for c in COLUMNS if c in out.columns]))


def has_store() -> bool:
    """Whether this deployment has an upload store (DATABASE_URL or data/app.duckdb)."""
    return bool(os.environ.get("DATABASE_URL")) or (config.data_dir() / "app.duckdb").exists()


def publish_national(store: Store | None = None) -> str:
    """Publish (or withdraw) `national_indicators` from the approved long-template rows."""
    frames, metas = approved_inputs((LONG_TEMPLATE,), store)
    if LONG_TEMPLATE not in frames:
        if io.clean_path(NATIONAL).exists():
            io.clean_path(NATIONAL).unlink()  # every submission was reverted: nothing to show
            return "withdrawn (no approved long-format submission left)"
        return "no approved long-format submission"
    meta = {**metas[LONG_TEMPLATE], "dataset": NATIONAL}
    same = io.read_clean_meta(NATIONAL).get("input_key") == meta["input_key"]
    if same and integrity.clean_is_intact(NATIONAL):  # a damaged file is re-published
        return "unchanged"
    approved_at = {
        int(i["submission_id"]): i["retrieved_at"]
        for i in meta["inputs"]
        if i.get("submission_id") is not None
    }
    table = national_rows(frames[LONG_TEMPLATE], approved_at)
    io.write_clean(table, NATIONAL, {**meta, "rows": table.height})
    return f"published {table.height:,} rows"
