"""Durable store of national uploads: versioned submissions, their rows, approval, audit, users.

DuckDB in `data/app.duckdb` by default; PostgreSQL when DATABASE_URL is set (same tables).

Submissions are never deleted or edited: only their status moves, along TRANSITIONS:
    draft -> submitted | withdrawn
    submitted -> approved | rejected (reason required) | withdrawn
    approved -> submitted | withdrawn  ("revert", reason required: the approver takes an approved
        submission back for review, or retires it; its rows leave the published data)
The current data of a (template, ref_area, time_period) slot is its approved submission with the
highest id: a newer approved upload supersedes older ones, which stay readable as history, and
reverting it makes the previous approved one current again. Every change of a submission or a
user appends one row to the audit log; nothing updates or deletes audit rows.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import polars as pl

from core import config
from core.i18n import NP_, _, pgettext
from core.templates import TEMPLATES
from store.audit import AuditTrail, audit
from store.backends import (
    DTYPES,
    Backend,
    DuckDBBackend,
    PostgresBackend,
    StoreError,
    Tx,
    ident,
    now,
    rows_table,
)
from store.schema import migrate
from store.tables import check_schema, conform_rows
from store.users import Accounts, Action, User, can, four_eyes, role_label

__all__ = ["Status", "Store", "StoreError", "User", "open_store"]

Status = Literal["draft", "submitted", "approved", "rejected", "withdrawn"]
STATUSES: tuple[Status, ...] = ("draft", "submitted", "approved", "rejected", "withdrawn")
# (from, to) -> (permission needed, reason required)
TRANSITIONS: dict[tuple[str, str], tuple[Action, bool]] = {
    ("draft", "submitted"): ("upload", False),
    ("draft", "withdrawn"): ("withdraw", False),
    ("submitted", "withdrawn"): ("withdraw", False),
    ("submitted", "approved"): ("approve", False),
    ("submitted", "rejected"): ("reject", True),
    ("approved", "submitted"): ("revert", True),
    ("approved", "withdrawn"): ("revert", True),
}
# The actions of TRANSITIONS as verbs, in the refusals ("... may not approve submission 3").
ACTION_VERBS: dict[str, str] = {
    "upload": NP_("submission action", "upload"),
    "withdraw": NP_("submission action", "withdraw"),
    "approve": NP_("submission action", "approve"),
    "reject": NP_("submission action", "reject"),
    "revert": NP_("submission action", "revert"),
}
ROW_CHUNK = 50_000  # rows per bulk insert: bounds the memory of one CSV/Arrow buffer
_SHA256 = re.compile(r"^[0-9a-f]{64}$")

SUBMISSION_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.Int64(),
    "template": pl.String(),
    "ref_area": pl.String(),
    "time_period": pl.String(),
    "file_name": pl.String(),
    "sha256": pl.String(),
    "created_by": pl.String(),
    "created_at": pl.Datetime("us"),
    "status": pl.String(),
    "status_by": pl.String(),
    "status_at": pl.Datetime("us"),
    "reason": pl.String(),
    "n_rows": pl.Int64(),
    "note": pl.String(),
}


def default_url() -> str | None:
    """DATABASE_URL if set (PostgreSQL), else None (the DuckDB file)."""
    return os.environ.get("DATABASE_URL") or None


def open_store(url: str | None = None) -> Store:
    """The store at `url` (postgresql://..., duckdb:///path or a path); schema made idempotently.

    None: DATABASE_URL if set, else DuckDB at <data dir>/app.duckdb.
    """
    url = url if url is not None else default_url()
    backend: Backend
    if url is None:
        backend = DuckDBBackend(config.data_dir() / "app.duckdb")
    elif url.startswith(("postgresql://", "postgres://")):
        backend = PostgresBackend(url)
    else:
        backend = DuckDBBackend(Path(url.removeprefix("duckdb://")))
    store = Store(backend)
    with backend.transaction() as tx:
        if isinstance(backend, DuckDBBackend) and backend.read_only:
            check_schema(tx, str(backend.path))  # read-only: nothing may be created
        else:
            migrate(tx)
    return store


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join("?" for _ in values) + ")"


def _verb(action: str) -> str:
    """An action of TRANSITIONS as a verb in the language in use ('approuver', 'aprobar')."""
    verb = ACTION_VERBS.get(action)
    return pgettext("submission action", verb) if verb else action


@dataclass(frozen=True)
class Part:
    """One (country, period) slice of an upload: becomes one submission."""

    ref_area: str
    time_period: str
    rows: pl.DataFrame
    note: str = ""


@dataclass
class Store(Accounts, AuditTrail):
    """Submissions, their rows, the audit log and local accounts, on one backend."""

    backend: Backend

    # --- submissions -----------------------------------------------------------------------
    def create_submission(
        self,
        *,
        template: str,
        file_name: str,
        sha256: str,
        user: User,
        rows: pl.DataFrame,
        ref_area: str,
        time_period: str,
        status: Status = "submitted",
        note: str = "",
    ) -> int:
        """Store an upload and its rows in one transaction; returns the new submission id."""
        part = Part(ref_area, time_period, rows, note)
        (sub_id,) = self.create_submissions(
            template=template, file_name=file_name, sha256=sha256, user=user, parts=[part],
            status=status,
        )  # fmt: skip
        return sub_id

    def create_submissions(
        self,
        *,
        template: str,
        file_name: str,
        sha256: str,
        user: User,
        parts: list[Part],
        status: Status = "submitted",
    ) -> list[int]:
        """Store one file as one submission per part (country, period), all in ONE transaction.

        A crash or error on any part leaves the database as before: no part is stored.
        """
        if not can(user, "upload"):
            raise StoreError(
                _("{user} ({role}) may not upload: ask an admin for a role").format(
                    user=user.name, role=role_label(user)
                )
            )
        for part in parts:
            if not can(user, "upload", part.ref_area):
                raise StoreError(
                    _(
                        "{file}: {user} ({role}) may not upload data of {country}: ask an admin "
                        "to add it to your countries"
                    ).format(
                        file=file_name, user=user.name, role=role_label(user), country=part.ref_area
                    )
                )
        if status not in ("draft", "submitted"):
            raise StoreError(f"a new submission is 'draft' or 'submitted', not {status!r}")
        if not _SHA256.match(sha256):
            raise StoreError(f"sha256 {sha256!r} of {file_name} is not 64 lower-case hex digits")
        framed = []
        for part in parts:
            if not part.ref_area or not part.time_period:
                raise StoreError(
                    _("{file}: the country (ref_area) and period are required").format(
                        file=file_name
                    )
                )
            if part.rows.height == 0:
                raise StoreError(
                    _("{file} has no data rows: nothing to store").format(file=file_name)
                )
            framed.append((part, *conform_rows(template, file_name, part.rows)))
        at = now()
        ids = []
        with self.backend.transaction() as tx:
            for part, table_frame, row_schema in framed:
                got = tx.one(
                    "INSERT INTO submissions (template, ref_area, time_period, file_name, sha256, "
                    "created_by, created_at, status, status_by, status_at, reason, n_rows, "
                    "row_schema, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?) "
                    "RETURNING id",
                    (
                        template, part.ref_area, part.time_period, file_name, sha256, user.name,
                        at, status, user.name, at, part.rows.height, json.dumps(row_schema),
                        part.note,
                    ),
                )  # fmt: skip
                assert got is not None
                sub_id = int(got[0])
                audit(tx, user.name, "create", sub_id, "", None, status, part.note)
                rows = table_frame.with_columns(pl.lit(sub_id, pl.Int64()).alias("submission_id"))
                for start in range(0, rows.height, ROW_CHUNK):
                    self._insert_chunk(tx, rows_table(template), rows.slice(start, ROW_CHUNK))
                ids.append(sub_id)
        return ids

    def _insert_chunk(self, tx: Tx, table: str, chunk: pl.DataFrame) -> None:
        """One bulk insert (separate so tests can inject a crash between chunks)."""
        tx.insert_frame(table, chunk)

    def set_status(
        self, submission_id: int, status: Status, *, user: User, reason: str = ""
    ) -> None:
        """Move a submission along TRANSITIONS if `user` may; appends to the audit log."""
        reason = reason.strip()
        with self.backend.transaction() as tx:
            got = tx.one(
                "SELECT status, created_by, ref_area FROM submissions WHERE id = ?",
                (submission_id,),
            )
            if got is None:
                raise StoreError(_("submission {id} does not exist").format(id=submission_id))
            old, owner, area = str(got[0]), str(got[1]), str(got[2])
            rule = TRANSITIONS.get((old, status))
            if rule is None:
                allowed = [b for a, b in TRANSITIONS if a == old]
                raise StoreError(
                    (
                        _(
                            "submission {id} is {old}: it cannot become {new}. Allowed next: "
                            "{allowed}."
                        )
                        if allowed
                        else _("submission {id} is {old}: it cannot become {new}. It is final.")
                    ).format(
                        id=submission_id, old=old, new=repr(status), allowed=", ".join(allowed)
                    )
                )
            action, needs_reason = rule
            if not can(user, action, area):
                raise StoreError(
                    _("{user} ({role}) may not {action} submission {id} ({country})").format(
                        user=user.name,
                        role=role_label(user),
                        action=_verb(action),
                        id=submission_id,
                        country=area,
                    )
                )
            logged = four_eyes(action, owner, user, submission_id)
            if action in ("upload", "withdraw") and owner != user.name and not can(user, "approve"):
                raise StoreError(
                    _(
                        "submission {id} belongs to {owner}: only they or an approver may "
                        "{action} it"
                    ).format(id=submission_id, owner=owner, action=_verb(action))
                )
            if needs_reason and not reason:
                raise StoreError(
                    _("a reason is required to {action} submission {id}").format(
                        action=_verb(action), id=submission_id
                    )
                )
            # `AND status = ?` guards against a concurrent change between the read and the write.
            done = tx.one(
                "UPDATE submissions SET status = ?, status_by = ?, status_at = ?, reason = ? "
                "WHERE id = ? AND status = ? RETURNING id",
                (status, user.name, now(), reason, submission_id, old),
            )
            if done is None:
                raise StoreError(
                    _("submission {id} changed meanwhile: reload and retry").format(
                        id=submission_id
                    )
                )
            audit(tx, user.name, logged, submission_id, "", old, status, reason)

    def submissions(
        self,
        *,
        template: str | None = None,
        ref_area: str | None = None,
        time_period: str | None = None,
        status: str | None = None,
        created_by: str | None = None,
    ) -> pl.DataFrame:
        """Submissions (newest first) matching the filters, with is_current and superseded_by."""
        filters = {
            "template": template,
            "ref_area": ref_area,
            "time_period": time_period,
            "status": status,
            "created_by": created_by,
        }
        where = [f"{ident(k)} = ?" for k, v in filters.items() if v is not None]
        params = [v for v in filters.values() if v is not None]
        cols = ", ".join(ident(c) for c in SUBMISSION_SCHEMA)
        sql = f"SELECT {cols} FROM submissions"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self.backend.transaction() as tx:
            subs = tx.frame(sql + " ORDER BY id DESC", params, SUBMISSION_SCHEMA)
            slots = [
                (r["template"], r["ref_area"], r["time_period"]) for r in subs.iter_rows(named=True)
            ]
            current = self._current_ids(tx, set(slots))
        slot = pl.concat_str("template", "ref_area", "time_period", separator="\x1f")
        lookup = pl.DataFrame(
            {"_slot": ["\x1f".join(k) for k in current], "superseded_by": list(current.values())},
            schema={"_slot": pl.String(), "superseded_by": pl.Int64()},
        )
        out = subs.with_columns(slot.alias("_slot")).join(lookup, on="_slot", how="left")
        return out.with_columns(
            (pl.col("id") == pl.col("superseded_by")).fill_null(False).alias("is_current"),
            pl.when((pl.col("status") == "approved") & (pl.col("id") != pl.col("superseded_by")))
            .then(pl.col("superseded_by"))
            .alias("superseded_by"),
        ).select(*SUBMISSION_SCHEMA, "is_current", "superseded_by")

    def _current_ids(
        self, tx: Tx, slots: set[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], int]:
        templates = tuple(sorted({s[0] for s in slots}))
        if not templates:
            return {}
        cur = tx.frame(
            "SELECT template, ref_area, time_period, MAX(id) FROM submissions "
            f"WHERE status = 'approved' AND template IN {_in(templates)} "
            "GROUP BY template, ref_area, time_period",
            templates,
            {"t": pl.String(), "r": pl.String(), "p": pl.String(), "id": pl.Int64()},
        )
        return {(t, r, p): i for t, r, p, i in cur.iter_rows()}

    def rows(self, submission_id: int) -> pl.DataFrame:
        """The rows of one submission, exactly as stored (columns, order and dtypes)."""
        with self.backend.transaction() as tx:
            got = tx.one(
                "SELECT template, row_schema FROM submissions WHERE id = ?", (submission_id,)
            )
            if got is None:
                raise StoreError(f"submission {submission_id} does not exist")
            template, schema = str(got[0]), dict(json.loads(got[1]))
            cols = ", ".join(ident(c) for c in schema)
            return tx.frame(
                f"SELECT {cols} FROM {ident(rows_table(template))} WHERE submission_id = ? "
                "ORDER BY row_number",
                (submission_id,),
                {c: DTYPES[t] for c, t in schema.items()},
                bulk=True,
            )

    def current_rows(self, template: str, *, approved_only: bool = True) -> pl.DataFrame:
        """Rows of the current submission of every (ref_area, time_period) of `template`.

        approved_only=False takes the newest draft, submitted or approved submission instead (a
        preview for approvers). Columns: the template's, row_number, submission_id.
        """
        if template not in TEMPLATES:
            raise StoreError(f"unknown template {template!r}: use one of {', '.join(TEMPLATES)}")
        statuses = ("approved",) if approved_only else ("draft", "submitted", "approved")
        schema = {
            **TEMPLATES[template].schema,
            "row_number": pl.Int64(),
            "submission_id": pl.Int64(),
        }
        with self.backend.transaction() as tx:
            # Two steps (current ids, then their rows by id) so PostgreSQL reads by its index.
            ids = tx.frame(
                "SELECT MAX(id) FROM submissions WHERE template = ? "
                f"AND status IN {_in(statuses)} GROUP BY ref_area, time_period ORDER BY 1",
                (template, *statuses),
                {"id": pl.Int64()},
            )["id"].to_list()
            if not ids:
                return pl.DataFrame(schema=schema)
            cols = ", ".join(ident(c) for c in schema)
            return tx.frame(
                f"SELECT {cols} FROM {ident(rows_table(template))} WHERE submission_id IN "
                f"{_in(tuple(map(str, ids)))} ORDER BY submission_id, row_number",
                ids,
                schema,
                bulk=True,
            )
