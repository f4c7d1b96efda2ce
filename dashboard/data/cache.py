"""What every cached loader shares: one TTL, one data version, one way to read a published file.

A loader's cache key includes `version(dataset)`, the file's path and modification time, so an
ETL run or an approval (which republishes the file) is seen at the next rerun without waiting
for the TTL; the TTL only bounds memory held for versions nobody asks for any more.

Several processes (`python -m dashboard.serve`, README "Deployment"): each has its own cache,
but the keys are not per process: the file's mtime in the shared data directory, and for what
comes from the database the store's audit version (dashboard/data/report.py store_version).
So an ETL run or an approval made by any process (or the CLI) is seen by every other process at
its next rerun, never after the TTL; tests/dashboard/test_replicas_browser.py checks it. On a
network file system the delay is the client's attribute cache (NFS `actimeo`), not the TTL.
"""

from __future__ import annotations

import polars as pl

from core.errors import ParseError
from etl import io

TTL = 3600  # seconds; a string ("1h") makes Streamlit import pandas to parse it (issue 14)
REBUILD = "Rebuild it with `python -m etl run --offline --fallback-demo` (or `make run`)."


def version(dataset: str) -> tuple[str, int]:
    """(path, mtime in ns) of a published dataset; mtime 0 when it does not exist."""
    path = io.clean_path(dataset)
    return str(path), path.stat().st_mtime_ns if path.exists() else 0


def collect(path: str, lf: pl.LazyFrame) -> pl.DataFrame:
    """Collect a scan, turning unreadable files into a ParseError the page can show."""
    try:
        return lf.collect()
    except (pl.exceptions.PolarsError, OSError) as exc:
        msg = f"cannot read the published Parquet file ({exc})"
        raise ParseError(path, msg, hint=REBUILD) from exc


def read(dataset: str) -> pl.DataFrame | None:
    """A whole published dataset, None if absent; an unreadable file becomes a ParseError."""
    try:
        return io.read_clean(dataset)
    except (pl.exceptions.PolarsError, OSError) as exc:
        path = str(io.clean_path(dataset))
        msg = f"cannot read the published Parquet file ({exc})"
        raise ParseError(path, msg, hint=REBUILD) from exc
