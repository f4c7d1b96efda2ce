"""The database schema: every table, created and upgraded by numbered migrations.

`migrate` runs at every writable open (store/submissions.py open_store): each migration runs
once, in order, recorded in schema_migrations; a released migration is never edited, a change is
a new one. The append-only tables (audit log, settings versions, report drafts, import mappings)
also get a PostgreSQL trigger that refuses UPDATE and DELETE. Rows tables, one per upload
template, follow the templates (new columns are added, none is dropped).
"""

from __future__ import annotations

import polars as pl

from core.templates import TEMPLATES
from store.backends import SQL_TYPES, Tx, ident, now, rows_table

_PG_MIGRATION_LOCK = 7_107_001  # pg_advisory_xact_lock key: one migrator at a time

# (version, description, statements). Never edit a released migration: append a new one.
MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "submissions, audit log, users",
        (
            "CREATE SEQUENCE IF NOT EXISTS submissions_id_seq",
            """CREATE TABLE IF NOT EXISTS submissions (
                id BIGINT PRIMARY KEY DEFAULT nextval('submissions_id_seq'),
                template TEXT NOT NULL, ref_area TEXT NOT NULL, time_period TEXT NOT NULL,
                file_name TEXT NOT NULL, sha256 TEXT NOT NULL,
                created_by TEXT NOT NULL, created_at TIMESTAMP NOT NULL,
                status TEXT NOT NULL, status_by TEXT NOT NULL, status_at TIMESTAMP NOT NULL,
                reason TEXT NOT NULL, n_rows BIGINT NOT NULL, row_schema TEXT NOT NULL,
                note TEXT NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS submissions_slot "
            "ON submissions (template, ref_area, time_period)",
            "CREATE SEQUENCE IF NOT EXISTS audit_log_id_seq",
            """CREATE TABLE IF NOT EXISTS audit_log (
                id BIGINT PRIMARY KEY DEFAULT nextval('audit_log_id_seq'),
                logged_at TIMESTAMP NOT NULL, user_name TEXT NOT NULL, action TEXT NOT NULL,
                submission_id BIGINT, subject TEXT NOT NULL,
                from_status TEXT, to_status TEXT, reason TEXT NOT NULL)""",
            """CREATE TABLE IF NOT EXISTS users (
                name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL,
                disabled BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL)""",
        ),
    ),
    (
        2,
        "user country scopes, sign-in lockout, session version",
        (
            # countries: comma-separated ISO3 codes the role is limited to; '' = every country.
            "ALTER TABLE users ADD COLUMN countries TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE users ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE users ADD COLUMN locked_until TIMESTAMP",
            # Raised on sign-out, disable and password change: older sign-in tokens stop working.
            "ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0",
        ),
    ),
    (
        3,
        "national settings versions, report drafts, import mappings (append-only)",
        (
            "CREATE SEQUENCE IF NOT EXISTS national_settings_id_seq",
            """CREATE TABLE IF NOT EXISTS national_settings (
                id BIGINT PRIMARY KEY DEFAULT nextval('national_settings_id_seq'),
                replaces BIGINT NOT NULL UNIQUE, settings TEXT NOT NULL,
                saved_by TEXT NOT NULL, saved_at TIMESTAMP NOT NULL, note TEXT NOT NULL)""",
            "CREATE SEQUENCE IF NOT EXISTS report_drafts_id_seq",
            """CREATE TABLE IF NOT EXISTS report_drafts (
                id BIGINT PRIMARY KEY DEFAULT nextval('report_drafts_id_seq'),
                country TEXT NOT NULL, period TEXT NOT NULL, section TEXT NOT NULL,
                text TEXT NOT NULL, author TEXT NOT NULL, saved_at TIMESTAMP NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS report_drafts_slot "
            "ON report_drafts (country, period, section)",
            "CREATE SEQUENCE IF NOT EXISTS import_mappings_id_seq",
            """CREATE TABLE IF NOT EXISTS import_mappings (
                id BIGINT PRIMARY KEY DEFAULT nextval('import_mappings_id_seq'),
                file_pattern TEXT NOT NULL, indicator TEXT NOT NULL, mapping_json TEXT NOT NULL,
                saved_by TEXT NOT NULL, saved_at TIMESTAMP NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS import_mappings_key "
            "ON import_mappings (indicator, file_pattern)",
        ),
    ),
)


def pg_append_only_guard(table: str, hint: str) -> tuple[str, ...]:
    """PostgreSQL statements making `table` refuse UPDATE and DELETE (a trigger), with `hint`."""
    return (
        f"""CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger
           LANGUAGE plpgsql AS $$ BEGIN
             RAISE EXCEPTION '{table} is append-only{hint}';
           END $$""",
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
           FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()""",
    )


# PostgreSQL only: the database itself refuses UPDATE and DELETE on the append-only tables,
# created by the migration that creates the table (version -> (table, hint after the message)).
_PG_GUARDS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (("audit_log", ""),),
    3: (
        ("national_settings", ": save a new version instead"),
        ("report_drafts", ": save a new draft instead"),
        ("import_mappings", ": save a new mapping"),
    ),
}


def migrate(tx: Tx) -> None:
    """Create or upgrade the schema (idempotent), then one rows table per template."""
    if tx.backend == "postgresql":
        tx.execute("SELECT pg_advisory_xact_lock(?)", (_PG_MIGRATION_LOCK,))
    tx.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "applied_at TIMESTAMP NOT NULL, description TEXT NOT NULL)"
    )
    done = set(tx.frame("SELECT version FROM schema_migrations", (), {"v": pl.Int64()})["v"])
    for version, description, statements in MIGRATIONS:
        if version in done:
            continue
        for stmt in statements:
            tx.execute(stmt)
        if tx.backend == "postgresql":
            for table, hint in _PG_GUARDS.get(version, ()):
                for stmt in pg_append_only_guard(table, hint):
                    tx.execute(stmt)
        tx.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, now(), description))
    for name, template in TEMPLATES.items():
        columns = {"row_number": "Int64", **{c: str(t) for c, t in template.schema.items()}}
        ensure_rows_table(tx, rows_table(name), columns)


def ensure_rows_table(tx: Tx, table: str, columns: dict[str, str]) -> None:
    """Create `table` (submission_id + columns) or add columns a newer template introduced."""
    cols = ", ".join(f"{ident(c)} {SQL_TYPES[t]}" for c, t in columns.items())
    # No FOREIGN KEY to submissions: DuckDB refuses any UPDATE of a referenced row (its status).
    # Rows are only written in the transaction that creates their submission, so none is orphan.
    tx.execute(f"CREATE TABLE IF NOT EXISTS {ident(table)} (submission_id BIGINT NOT NULL, {cols})")
    have = tx.frame(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = ? AND table_schema = current_schema()",
        (table,),
        {"c": pl.String()},
    )["c"].to_list()
    for c, t in columns.items():
        if c not in have:
            tx.execute(f"ALTER TABLE {ident(table)} ADD COLUMN {ident(c)} {SQL_TYPES[t]}")
    if tx.backend == "postgresql":
        # DuckDB prunes by min/max per row group (rows arrive grouped by submission); PostgreSQL
        # needs an index to read one submission without scanning every row of the template.
        index = ident(table + "_sub_row")
        tx.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {ident(table)} (submission_id, row_number)"
        )
