"""Table-level helpers of the store: rows of a template as stored, append-only extra tables.

Shared by store/submissions.py (submission rows) and the modules that add their own append-only
table
through the store's backend (store/settings/storage.py, store/drafts.py).
"""

from __future__ import annotations

import polars as pl

from core.templates import TEMPLATES
from store.backends import DTYPES, StoreError, Tx
from store.schema import MIGRATIONS


def conform_rows(
    template: str, file_name: str, rows: pl.DataFrame
) -> tuple[pl.DataFrame, list[list[str]]]:
    """Rows as the rows table takes them, and the frame's own [column, dtype] list."""
    if template not in TEMPLATES:
        raise StoreError(f"unknown template {template!r}: use one of {', '.join(TEMPLATES)}")
    expected = {**TEMPLATES[template].schema, "row_number": pl.Int64()}
    row_schema: list[list[str]] = []
    casts = []
    for name, dtype in rows.schema.items():
        want = expected.get(name)
        if want is None:
            raise StoreError(
                f"{file_name}: column {name!r} is not in template {template}: remove it or "
                "pick the right template"
            )
        ok = dtype == want or dtype == pl.Null() or (name == "row_number" and dtype.is_integer())
        if not ok or str(dtype) not in DTYPES:
            raise StoreError(
                f"{file_name}: column {name!r} has dtype {dtype}, template {template} expects "
                f"{want}: parse the file with the template schema"
            )
        row_schema.append([name, str(dtype)])
        casts.append(pl.col(name).cast(want))
    framed = rows.select(casts)
    if "row_number" not in framed.columns:
        framed = framed.with_row_index("row_number", offset=1).with_columns(
            pl.col("row_number").cast(pl.Int64())
        )
    return framed, row_schema


def table_exists(tx: Tx, table: str) -> bool:
    """True when `table` exists in the current schema (either backend)."""
    got = tx.one(
        "SELECT COUNT(*) FROM information_schema.tables "
        "WHERE table_name = ? AND table_schema = current_schema()",
        (table,),
    )
    return got is not None and int(got[0]) > 0


def check_schema(tx: Tx, where: str) -> None:
    """StoreError unless the schema is at the latest migration (for read-only opening)."""
    latest = MIGRATIONS[-1][0]
    try:
        got = tx.one("SELECT MAX(version) FROM schema_migrations")
    except Exception:  # no such table: not a store of this project
        got = None
    if got is None or got[0] is None or int(got[0]) < latest:
        raise StoreError(
            f"{where} is read-only and its schema is older than this version (needs migration "
            f"{latest}): open it once with write access (e.g. `python -m dashboard.users list`)."
        )
