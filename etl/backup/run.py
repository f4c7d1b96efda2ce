"""Backups of the store and the published data, and their restore.

A backup is one folder `m_e_backup_<UTC time>/` holding
- `app.duckdb` (DuckDB: a copy of the file taken while this process holds the database's
  write lock, right after a CHECKPOINT, so no other program writes meanwhile) or
  `store.pgdump` (PostgreSQL: `pg_dump --format=custom` of the store's schema);
- `clean/`: the published Parquet files and their sidecars;
- `manifest.json`: the sha256 of every file above and the row counts of the store's tables.
It is written as `.<name>.partial` and renamed when complete: a folder without the suffix is a
whole backup. `restore` first checks every sha256 against the manifest, keeps the current
database file beside it (`app.duckdb.before-restore-<time>`), then puts the backup in place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from core import config
from core.i18n import _, ngettext
from etl import io
from store.backends import DuckDBBackend, PostgresBackend, StoreError, ident
from store.submissions import open_store

PREFIX = "m_e_backup_"
MANIFEST = "manifest.json"
DUCKDB_FILE = "app.duckdb"
PG_FILE = "store.pgdump"


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def default_dest() -> Path:
    """data/backups (better: a folder on another disk, given with --dest)."""
    return config.data_dir() / "backups"


def pg_tool(name: str) -> str:
    """Path of pg_dump / pg_restore: on PATH, else the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: p.parts)
    if not candidates:
        raise StoreError(
            _("{tool} not found: install the PostgreSQL client tools ({package})").format(
                tool=name, package="postgresql-client"
            )
        )
    return str(candidates[-1])


def _pg_schema(backend: PostgresBackend) -> str:
    with backend.transaction() as tx:
        got = tx.one("SELECT current_schema()")
    assert got is not None
    return str(got[0])


def _run(args: list[str], what: str) -> None:
    done = subprocess.run(args, capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or [_("no message")])[-1]
        raise StoreError(
            _("{tool} failed ({message}); nothing was changed by this command").format(
                tool=what, message=first
            )
        )


def _counts(url: str | None) -> dict[str, int]:
    """Rows of every table of the store (submissions, rows, audit log, users, drafts, ...)."""
    store = open_store(url)
    out = {}
    with store.backend.transaction() as tx:
        tables = tx.frame(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
            (),
            {"t": pl.String()},
        )["t"].to_list()
        for table in tables:
            got = tx.one(f"SELECT COUNT(*) FROM {ident(table)}")
            out[table] = int(got[0]) if got else 0
    return out


def _copy_duckdb(backend: DuckDBBackend, dest: Path) -> None:
    """Copy the DuckDB file while holding its lock, after a checkpoint (WAL merged)."""
    con = backend._connect()  # holds the file lock: no other process writes meanwhile
    try:
        con.execute("CHECKPOINT")
        shutil.copyfile(backend.path, dest)
    finally:
        con.close()
    try:  # the copy must open, or it is no backup
        duckdb.connect(str(dest), read_only=True).close()
    except duckdb.Error as exc:
        raise StoreError(
            _("the copy of {path} does not open ({detail}); backup abandoned").format(
                path=backend.path, detail=exc
            )
        ) from exc


def backup(dest_root: Path | None = None, url: str | None = None) -> Path:
    """Write a complete backup folder under `dest_root`; returns its path."""
    dest_root = dest_root or default_dest()
    dest_root.mkdir(parents=True, exist_ok=True)
    name = PREFIX + _stamp()
    partial = dest_root / f".{name}.partial"
    partial.mkdir()
    try:
        store = open_store(url)
        backend = store.backend
        if isinstance(backend, PostgresBackend):
            schema = _pg_schema(backend)
            _run(
                [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                 f"--schema={schema}", f"--file={partial / PG_FILE}", f"--dbname={backend.url}"],
                "pg_dump",
            )  # fmt: skip
        else:
            assert isinstance(backend, DuckDBBackend)
            _copy_duckdb(backend, partial / DUCKDB_FILE)
        clean = config.clean_dir()
        if clean.exists():
            shutil.copytree(
                clean, partial / "clean", ignore=shutil.ignore_patterns(f"*{io.TMP_SUFFIX}", ".*")
            )
        files = {
            str(p.relative_to(partial)): io.sha256_file(p)
            for p in sorted(partial.rglob("*"))
            if p.is_file()
        }
        manifest = {
            "created_at": io.now_iso(),
            "backend": backend.name,
            "store": backend.describe(),
            "counts": _counts(url),
            "files": files,
        }
        io.write_json(manifest, partial / MANIFEST)
        os.replace(partial, dest_root / name)
        io.fsync_path(dest_root)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return dest_root / name


def prune(dest_root: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` complete backups under `dest_root`; returns the deleted."""
    found = sorted(p for p in dest_root.glob(f"{PREFIX}*") if (p / MANIFEST).exists())
    gone = found[:-keep] if keep > 0 else []
    for p in gone:
        shutil.rmtree(p)
    return gone


def verify(source: Path) -> dict:
    """The manifest of a backup folder whose every file matches its sha256; else StoreError."""
    manifest = io.read_json(source / MANIFEST)
    if not manifest.get("files"):
        raise StoreError(
            _("{folder} is not a backup folder (no {manifest}): give a {pattern} folder").format(
                folder=source, manifest=MANIFEST, pattern=f"{PREFIX}*"
            )
        )
    for rel, sha in manifest["files"].items():
        path = source / rel
        if not path.exists() or io.sha256_file(path) != sha:
            raise StoreError(
                _("backup {name} is damaged: {file} does not match its sha256").format(
                    name=source.name, file=rel
                )
            )
    return manifest


def restore(
    source: Path, url: str | None = None, *, store: bool = True, clean: bool = True
) -> list[str]:
    """Put a verified backup back in place (store and/or published data); returns what it did."""
    manifest = verify(source)
    done: list[str] = []
    if store:
        done.append(_restore_store(source, manifest, url))
    if clean and (source / "clean").exists():
        target = config.clean_dir()
        n = 0
        for path in sorted((source / "clean").iterdir()):
            with io.atomic_path(target / path.name) as tmp:
                shutil.copyfile(path, tmp)
            n += 1
        done.append(
            ngettext(
                "published data: {n} file restored into {folder}",
                "published data: {n} files restored into {folder}",
                n,
            ).format(n=n, folder=target)
        )
    return done


def _restore_store(source: Path, manifest: dict, url: str | None) -> str:
    url = url if url is not None else os.environ.get("DATABASE_URL") or None
    if url is not None and url.startswith(("postgresql://", "postgres://")):
        if manifest.get("backend") != "postgresql":
            raise StoreError(
                _("{name} is a DuckDB backup; the store is PostgreSQL").format(name=source.name)
            )
        _run(
            [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", f"--dbname={url}", str(source / PG_FILE)],
            "pg_restore",
        )  # fmt: skip
    else:
        if manifest.get("backend") != "duckdb":
            raise StoreError(
                _("{name} is a PostgreSQL backup; the store is DuckDB").format(name=source.name)
            )
        target = Path(url.removeprefix("duckdb://")) if url else config.data_dir() / DUCKDB_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        stamp = _stamp()
        for old in (target, target.with_name(target.name + ".wal")):
            if old.exists():  # kept, never deleted: the damaged file may still be examined
                os.replace(old, old.with_name(f"{old.name}.before-restore-{stamp}"))
        with io.atomic_path(target) as tmp:
            shutil.copyfile(source / DUCKDB_FILE, tmp)
    counts = _counts(url)
    if counts != manifest["counts"]:
        raise StoreError(
            _("restored store has {counts}, the backup recorded {recorded}").format(
                counts=counts, recorded=manifest["counts"]
            )
        )
    subs, log, users = (counts.get(t, 0) for t in ("submissions", "audit_log", "users"))
    rows = ", ".join(
        [
            ngettext("{n} submission", "{n} submissions", subs).format(n=subs),
            ngettext("{n} audit log entry", "{n} audit log entries", log).format(n=log),
            ngettext("{n} user", "{n} users", users).format(n=users),
        ]
    )
    return _("store: restored from {name} ({rows})").format(name=source.name, rows=rows)
