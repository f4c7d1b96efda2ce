"""Confirmed Open SDG import mappings, kept in the store's database for the next round of a file.

One table, `import_mappings(id, file_pattern, indicator, mapping_json, saved_by, saved_at)`,
created by migration 3 (store/schema.py) in the store's database (DuckDB or PostgreSQL). It is
append-only: confirming a mapping again adds a row, and the newest row whose pattern fits the
file name (fnmatch, years as '*') and whose indicator is the file's is the one reused. Each save
appends one row to the audit log. PostgreSQL refuses UPDATE and DELETE on the table itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from etl.uploads.open_sdg.mapping import FileMapping, parse_mapping
from store.audit import audit
from store.backends import StoreError, now
from store.submissions import Store
from store.users import User, can

TABLE = "import_mappings"
MAX_JSON = 200_000  # characters: a mapping of many labels, far below any database limit
SCHEMA: dict[str, pl.DataType] = {
    "id": pl.Int64(),
    "file_pattern": pl.String(),
    "indicator": pl.String(),
    "mapping_json": pl.String(),
    "saved_by": pl.String(),
    "saved_at": pl.Datetime("us"),
}


@dataclass(frozen=True)
class SavedMapping:
    """A confirmed mapping with who confirmed it and when (UTC)."""

    mapping: FileMapping
    saved_by: str
    saved_at: datetime
    id: int


def save_mapping(store: Store, mapping: FileMapping, user: User) -> int:
    """Store a confirmed mapping (contributors and above); returns the new row id."""
    if not can(user, "upload"):
        raise StoreError(
            f"{user.name} ({user.role}) may not confirm import mappings: ask an admin for the "
            "contributor role"
        )
    if not mapping.indicator:
        raise StoreError("import mapping: no indicator; name the indicator the file holds")
    text = mapping.to_json()
    if len(text) > MAX_JSON:
        raise StoreError(f"import mapping: {len(text):,} characters, more than {MAX_JSON:,}")
    with store.backend.transaction() as tx:
        got = tx.one(
            f"INSERT INTO {TABLE} (file_pattern, indicator, mapping_json, saved_by, saved_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            (mapping.file_pattern, mapping.indicator, text, user.name, now()),
        )
        assert got is not None
        new_id = int(got[0])
        subject = f"import mapping {mapping.indicator} {mapping.file_pattern} ({new_id})"
        audit(tx, user.name, "mapping.save", None, subject, None, None, "confirmed")
    return new_id


def history(store: Store, indicator: str | None = None) -> pl.DataFrame:
    """Every saved mapping (of one indicator), oldest first."""
    where, params = ("WHERE indicator = ?", [indicator]) if indicator else ("", [])
    with store.backend.transaction() as tx:
        return tx.frame(
            f"SELECT {', '.join(SCHEMA)} FROM {TABLE} {where} ORDER BY id", params, SCHEMA
        )


def latest_mapping(store: Store, file_name: str, indicator: str) -> SavedMapping | None:
    """The newest confirmed mapping whose pattern fits the file name, for this indicator."""
    for row in reversed(list(history(store, indicator).iter_rows(named=True))):
        mapping = parse_mapping(row["mapping_json"], f"stored mapping {row['id']}")
        if mapping.matches(file_name.rsplit("/", 1)[-1]):
            return SavedMapping(mapping, row["saved_by"], row["saved_at"], row["id"])
    return None
