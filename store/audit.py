"""The audit log: one writer that appends (nothing updates or deletes its rows) and the reads."""

from __future__ import annotations

from typing import Any

import polars as pl

from store.backends import Backend, Tx, ident, now

AUDIT_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.Int64(),
    "logged_at": pl.Datetime("us"),
    "user_name": pl.String(),
    "action": pl.String(),
    "submission_id": pl.Int64(),
    "subject": pl.String(),
    "from_status": pl.String(),
    "to_status": pl.String(),
    "reason": pl.String(),
}


def audit(
    tx: Tx,
    user_name: str,
    action: str,
    submission_id: int | None,
    subject: str,
    from_status: str | None,
    to_status: str | None,
    reason: str,
) -> None:
    """Append one row to the audit log (the only statement that ever writes to it)."""
    tx.execute(
        "INSERT INTO audit_log (logged_at, user_name, action, submission_id, subject, "
        "from_status, to_status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (now(), user_name, action, submission_id, subject, from_status, to_status, reason),
    )


class AuditTrail:
    """Reads of the audit log (mixed into Store)."""

    backend: Backend

    def history(self, submission_id: int) -> pl.DataFrame:
        """Audit rows of one submission, oldest first."""
        return self._audit_frame("WHERE submission_id = ?", (submission_id,))

    def audit_version(self) -> int:
        """Newest audit-log id (0 when empty): changes with every approval, setting or draft."""
        with self.backend.transaction() as tx:
            got = tx.one("SELECT MAX(id) FROM audit_log")
        return int(got[0]) if got and got[0] is not None else 0

    def audit_log(self) -> pl.DataFrame:
        """The whole audit log (submissions and users), oldest first."""
        return self._audit_frame("", ())

    def _audit_frame(self, where: str, params: tuple[Any, ...]) -> pl.DataFrame:
        cols = ", ".join(ident(c) for c in AUDIT_SCHEMA)
        with self.backend.transaction() as tx:
            return tx.frame(
                f"SELECT {cols} FROM audit_log {where} ORDER BY id", params, AUDIT_SCHEMA
            )
