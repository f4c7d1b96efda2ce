"""National settings: home country, national targets overriding the global ones, interim milestones.

Kept in the store's database (store/submissions.py: DuckDB data/app.duckdb, or PostgreSQL when
DATABASE_URL is set), in one append-only table created idempotently on first save:
    national_settings(id, replaces UNIQUE, settings JSON, saved_by, saved_at, note)
Every save adds a whole version (canonical JSON of the settings); the row with the highest id is
current, so every earlier state stays readable with who saved it and when. `replaces` is the id
of the version current when the save began (0 for the first): UNIQUE, so two approvers saving
over the same version at once cannot both win; the second is told to reload. (A save also
refuses when `expected`, what the editor loaded, differs from the stored settings.)
Each changed key also appends one row to the store's audit log: action "settings", subject the
key (home_country, targets.KEN.10.c.1, milestones.KEN.10.c.1), reason a JSON object
{"old", "new", "version"}.
PostgreSQL refuses UPDATE and DELETE on the table itself.

Only approvers and admins save (store/users/roles.py action "edit_settings"). Reading never
creates a database: without one, load() returns the defaults (or the old file below, as is).
The earlier variant kept a JSON file, data/settings/national_settings.json, with a JSON-lines
audit log beside it; when that file exists and the table is missing or empty, the first load
or save imports it (and its audit lines) as version 1 and records an audit row
"settings.import". The file is left in place and ignored afterwards. Imports no streamlit.

Settings shape (the JSON stored per version, and the old file):
    {"home_country": "KEN",
     "targets": {"KEN": {"10.c.1": {"target": 4.0, "target_year": 2030}}},
     "milestones": {"KEN": {"10.c.1": [{"year": 2025, "value": 5.5}]}}}
"""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from core import config
from core.errors import EtlError
from core.i18n import _
from store.audit import audit
from store.backends import StoreError, Tx, now
from store.settings.model import (
    FIX,
    MINISTRY_MAX,
    YEARS,
    Milestone,
    NationalSettings,
    Target,
    canonical,
    check_country,
    check_indicator,
    check_logo,
    check_ministry,
    check_number,
    check_year,
    from_dict,
    to_dict,
    with_headline,
    with_home,
    with_milestones,
    with_ministry,
    with_target,
)
from store.submissions import Store, default_url, open_store
from store.tables import table_exists
from store.users import User, can, role_label

__all__ = [
    "MINISTRY_MAX", "YEARS", "Milestone", "NationalSettings", "Target", "audit_log",
    "canonical", "changes", "check_country", "check_indicator", "check_logo", "check_ministry",
    "check_number", "check_year", "deployment_store", "from_dict", "load", "save", "to_dict",
    "with_headline", "with_home", "with_milestones", "with_ministry", "with_target",
]  # fmt: skip

FILE_NAME = "national_settings.json"  # the old file-based variant, imported once
AUDIT_NAME = "national_settings_audit.jsonl"
TABLE = "national_settings"
ACTION = "settings"  # audit_log.action of one changed key
IMPORT_ACTION = "settings.import"  # audit_log.action of the one-time import of the old file
IMPORT_PREFIX = "imported from "
MIGRATION_USER = "migration"  # audit user of an import triggered by reading, not by a save


# ---------------------------------------------------------------- the database


def settings_path() -> Path:
    """The settings file of the old file-based variant (imported into the database once)."""
    return config.data_dir() / "settings" / FILE_NAME


def audit_path(path: Path | None = None) -> Path:
    """The old variant's JSON-lines audit log beside its settings file."""
    return (path or settings_path()).with_name(AUDIT_NAME)


def deployment_store(*, create: bool = False) -> Store | None:
    """The store of this deployment (DATABASE_URL, else <data dir>/app.duckdb).

    None when there is no DuckDB file yet and `create` is False: looking creates nothing.
    """
    url = default_url()
    if url is None:
        path = config.data_dir() / "app.duckdb"
        if not path.exists() and not create:
            return None
        url = str(path)
    return open_store(url)


def _latest(tx: Tx, where: str) -> tuple[int, NationalSettings] | None:
    """The newest version (id, settings); None when the table is missing or empty."""
    if not table_exists(tx, TABLE):
        return None
    got = tx.one(f"SELECT id, settings FROM {TABLE} ORDER BY id DESC LIMIT 1")
    if got is None:
        return None
    version = int(got[0])
    try:
        raw = json.loads(got[1])
    except json.JSONDecodeError as exc:
        raise EtlError(f"{where}, {TABLE} version {version}: not JSON ({exc})") from exc
    return version, from_dict(raw, f"{where}, {TABLE} version {version}")


def _insert(tx: Tx, s: NationalSettings, replaces: int, user: str, note: str) -> int:
    got = tx.one(
        f"INSERT INTO {TABLE} (replaces, settings, saved_by, saved_at, note) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id",
        (replaces, canonical(s), user, now(), note),
    )
    assert got is not None
    return int(got[0])


def _import_file(tx: Tx, user: str) -> tuple[int, NationalSettings] | None:
    """Import the old settings file and its audit lines as version 1; None if there is none."""
    path = settings_path()
    if not path.exists():
        return None
    s = read_file(path)
    lines = read_audit_file(audit_path(path))
    for line in lines:  # the old history, in its order, marked as imported
        reason = {k: line.get(k) for k in ("old", "new", "at")} | {"imported_from": str(path)}
        subject = str(line.get("key"))
        audit(tx, str(line.get("user")), ACTION, None, subject, None, None, _json(reason))
    version = _insert(tx, s, 0, user, f"imported from {path}")
    reason = {"new": to_dict(s), "version": version, "audit_lines": len(lines)}
    audit(tx, user, IMPORT_ACTION, None, f"{IMPORT_PREFIX}{path}", None, None, _json(reason))
    return version, s


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _conflict(exc: BaseException) -> bool:
    """A concurrent save took the same parent version (UNIQUE replaces) first."""
    if isinstance(exc, duckdb.ConstraintException | duckdb.TransactionException):
        return True
    return getattr(exc, "sqlstate", None) == "23505"  # psycopg's unique_violation


def _stale(where: str) -> EtlError:
    return EtlError(
        _(
            "{where}: the national settings were changed by someone else since you opened "
            "them; reload the page and make your change again"
        ).format(where=where)
    )


def load(store: Store | None = None) -> NationalSettings:
    """The current settings; defaults when nothing was saved (no database is created).

    Without a database, the old settings file is read as it is; with one, that file is
    imported once (its audit lines too) the first time the table is found empty.
    """
    store = store or deployment_store()
    if store is None:
        path = settings_path()
        return read_file(path) if path.exists() else NationalSettings()
    try:
        return _load_once(store)
    except Exception as exc:
        if not _conflict(exc):
            raise
    return _load_once(store)  # another reader imported the old file meanwhile: read that


def _load_once(store: Store) -> NationalSettings:
    with store.backend.transaction() as tx:
        got = _latest(tx, store.backend.describe()) or _import_file(tx, MIGRATION_USER)
    return got[1] if got else NationalSettings()


def read_file(path: Path) -> NationalSettings:
    """Validated settings from an old-variant JSON file; EtlError names the file."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EtlError(
            _("{path}: cannot read the national settings ({error}). {fix}").format(
                path=path, error=exc, fix=_(FIX)
            )
        ) from exc
    return from_dict(raw, path)


def _flat(s: NationalSettings) -> dict[str, Any]:
    """One audit key per setting: home_country, targets.KEN.10.c.1, milestones.KEN.10.c.1."""
    d = to_dict(s)
    keys = ("home_country", "ministry_name", "logo_path")
    out: dict[str, Any] = {k: d[k] for k in keys}
    for section in ("targets", "milestones", "headlines"):
        for country, by_code in d[section].items():
            out |= {f"{section}.{country}.{code}": v for code, v in by_code.items()}
    return out


def changes(old: NationalSettings, new: NationalSettings) -> list[tuple[str, Any, Any]]:
    """(key, old value, new value) of every setting that differs."""
    a, b = _flat(old), _flat(new)
    return [(k, a.get(k), b.get(k)) for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)]


def save(
    new: NationalSettings,
    *,
    user: User,
    expected: NationalSettings | None = None,
    store: Store | None = None,
) -> list[dict[str, Any]]:
    """Store `new` as a new version and audit each changed key; return those audit entries.

    Approvers and admins only. `expected` is what the editor started from: if the stored
    settings differ from it (another approver saved), nothing is written and EtlError asks to
    reload, so no edit is lost silently. Creates the database if there is none yet.
    """
    if not can(user, "edit_settings"):
        raise StoreError(
            _(
                "{user} ({role}) may not edit the national settings: ask an admin for the "
                "approver role"
            ).format(user=user.name, role=role_label(user))
        )
    store = store or deployment_store(create=True)
    assert store is not None
    where = store.backend.describe()
    at = now()
    try:
        with store.backend.transaction() as tx:
            got = _latest(tx, where) or _import_file(tx, user.name)
            parent, current = got if got else (0, NationalSettings())
            if expected is not None and canonical(expected) != canonical(current):
                raise _stale(where)
            diff = changes(current, new)
            if not diff:
                return []
            version = _insert(tx, new, parent, user.name, "")
            for key, old, value in diff:
                reason = _json({"old": old, "new": value, "version": version})
                audit(tx, user.name, ACTION, None, key, None, None, reason)
    except Exception as exc:
        if _conflict(exc):
            raise _stale(where) from exc
        raise
    stamp = at.replace(tzinfo=UTC).isoformat(timespec="seconds")
    return [{"at": stamp, "user": user.name, "key": k, "old": o, "new": n} for k, o, n in diff]


def read_audit_file(log: Path) -> list[dict[str, Any]]:
    """Lines of an old-variant JSON-lines audit log ([] when it does not exist)."""
    if not log.exists():
        return []
    out = []
    for n, line in enumerate(log.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise EtlError(f"{log}, line {n}: not JSON ({exc}); the audit log is damaged") from exc
    return out


def audit_log(store: Store | None = None) -> list[dict[str, Any]]:
    """Every settings change (at, user, key, old, new), oldest first; [] if none was saved.

    Without a database: the old variant's audit file, if any. An import shows as one entry
    whose key starts with IMPORT_PREFIX and whose new value is the imported settings.
    """
    store = store or deployment_store()
    if store is None:
        return read_audit_file(audit_path())
    load(store)  # imports the old file first if it was never imported
    with store.backend.transaction() as tx:
        rows = tx.frame(
            "SELECT logged_at, user_name, subject, reason FROM audit_log "
            "WHERE action IN (?, ?) ORDER BY id",
            (ACTION, IMPORT_ACTION),
            {"at": pl.Datetime("us"), "user": pl.String(), "key": pl.String(), "r": pl.String()},
        )
    out = []
    for at, user, key, reason in rows.iter_rows():
        r = json.loads(reason)
        stamp = r.get("at") or at.replace(tzinfo=UTC).isoformat(timespec="seconds")
        out.append({"at": stamp, "user": user, "key": key, "old": r.get("old"), "new": r["new"]})
    return out
