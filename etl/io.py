"""All file I/O of the pipeline: raw snapshots with sidecars, atomic Parquet/JSON writes.

Every write goes to a temporary file beside its destination, is flushed to disk (fsync), given
the permissions the process umask allows (mkstemp alone would leave 0600), then renamed; the
folder is fsynced so that the rename itself survives a power cut.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from core import config

SIDECAR_SUFFIX = ".meta.json"


@dataclass(frozen=True)
class RawMeta:
    """Sidecar of one immutable raw file: where it came from and what it was."""

    source: str
    file: str
    url: str
    retrieved_at: str
    sha256: str
    size: int
    publisher: str
    licence: str
    note: str = ""


def now_iso() -> str:
    """Current UTC time, ISO 8601 with seconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


TMP_SUFFIX = ".tmp"  # every temporary file of atomic_path: .<name>.<random>.tmp


def process_umask() -> int:
    """The process umask, read without changing it (os.umask would race other threads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022  # the usual default where /proc is not available


def fsync_path(path: Path) -> None:
    """Flush a file (or a folder's entries) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def finish_file(tmp: Path, dest: Path) -> None:
    """fsync `tmp`, give it the umask's permissions, rename it onto `dest`, fsync the folder."""
    fsync_path(tmp)
    os.chmod(tmp, 0o666 & ~process_umask())
    os.replace(tmp, dest)
    fsync_path(dest.parent)


@contextmanager
def atomic_path(dest: Path) -> Iterator[Path]:
    """Yield a temporary path beside `dest`; rename it onto `dest` only if the block succeeds."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=TMP_SUFFIX, dir=dest.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        finish_file(tmp_path, dest)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_json(obj: object, dest: Path) -> None:
    """Write JSON atomically (UTF-8, indented, stable key order)."""
    with atomic_path(dest) as tmp:
        tmp.write_text(json.dumps(obj, indent=2, sort_keys=True, default=str), encoding="utf-8")


def read_json(path: Path) -> dict:
    """Read a JSON object; an absent file gives {}."""
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def sidecar_path(path: Path) -> Path:
    """The `.meta.json` file beside a raw file."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_raw_meta(path: Path) -> RawMeta | None:
    """The sidecar of a raw file, or None if it has none."""
    data = read_json(sidecar_path(path))
    return RawMeta(**data) if data else None


def find_raw_by_sha(source: str, sha: str) -> Path | None:
    """A raw snapshot of `source` that already has this sha256, if any (raw is never duplicated)."""
    root = config.raw_dir() / source
    if not root.exists():
        return None
    for meta_file in sorted(root.rglob(f"*{SIDECAR_SUFFIX}")):
        meta = read_json(meta_file)
        raw = meta_file.with_name(meta_file.name[: -len(SIDECAR_SUFFIX)])
        if meta.get("sha256") == sha and raw.exists():  # a sidecar alone: the run was killed
            return raw
    return None


def snapshot_dir(source: str, day: str | None = None) -> Path:
    """data/raw/<source>/<yyyy-mm-dd>/ for today (or `day`)."""
    day = day or datetime.now(UTC).date().isoformat()
    return config.raw_dir() / source / day


def store_raw(
    source: str,
    tmp_file: Path,
    *,
    name: str,
    url: str,
    publisher: str,
    licence: str,
    note: str = "",
    retrieved_at: str | None = None,
) -> Path:
    """Move a completely downloaded file into the immutable raw layer, with its sidecar.

    If a snapshot with the same sha256 already exists it is reused and `tmp_file` is dropped,
    so an unchanged download does not create a new snapshot or trigger recomputation.
    """
    sha = sha256_file(tmp_file)
    existing = find_raw_by_sha(source, sha)
    if existing is not None:
        tmp_file.unlink(missing_ok=True)
        return existing
    dest_dir = snapshot_dir(source)
    dest = dest_dir / name
    if dest.exists():  # same name, different content on the same day: keep both
        dest = dest_dir / f"{dest.stem}.{sha[:8]}{dest.suffix}"
    meta = RawMeta(
        source=source,
        file=dest.name,
        url=url,
        retrieved_at=retrieved_at or now_iso(),
        sha256=sha,
        size=tmp_file.stat().st_size,
        publisher=publisher,
        licence=licence,
        note=note,
    )
    dest_dir.mkdir(parents=True, exist_ok=True)
    # Sidecar first, then the file: a run killed in between leaves a sidecar without its file
    # (ignored, and removed by etl/integrity.py), never a raw file nobody can trace.
    write_json(asdict(meta), sidecar_path(dest))
    staged = dest_dir / f".{dest.name}.staged{TMP_SUFFIX}"
    shutil.move(str(tmp_file), staged)  # a copy when tmp_file is on another file system
    finish_file(staged, dest)
    return dest


def import_local_file(source: str, path: Path, *, publisher: str, licence: str) -> Path:
    """Copy a hand-downloaded official file into the raw layer (air-gapped offices)."""
    existing = find_raw_by_sha(source, sha256_file(path))
    if existing is not None:  # already imported: no copy, no new snapshot
        return existing
    tmp_dir = config.raw_dir() / source
    tmp_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".import.", dir=tmp_dir)
    os.close(fd)
    shutil.copyfile(path, tmp)
    # mtime of the officer's file is the best available "retrieved" time
    mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(microsecond=0)
    return store_raw(
        source,
        Path(tmp),
        name=path.name,
        url=f"file://{path.resolve()}",
        publisher=publisher,
        licence=licence,
        note="loaded from --raw-dir (downloaded by hand)",
        retrieved_at=mtime.isoformat(),
    )


def latest_raw_files(source: str) -> list[Path]:
    """Raw files of the newest snapshot day of `source` (sorted by name)."""
    root = config.raw_dir() / source
    if not root.exists():
        return []
    days = sorted(d for d in root.iterdir() if d.is_dir())
    if not days:
        return []
    return sorted(
        p for p in days[-1].iterdir() if p.is_file() and not p.name.endswith(SIDECAR_SUFFIX)
    )


def clean_path(dataset: str) -> Path:
    """data/clean/<dataset>.parquet."""
    return config.clean_dir() / f"{dataset}.parquet"


def clean_meta_path(dataset: str) -> Path:
    """data/clean/<dataset>.meta.json: inputs, rows, validation outcome, publish time."""
    return config.clean_dir() / f"{dataset}{SIDECAR_SUFFIX}"


def write_clean(df: pl.DataFrame, dataset: str, meta: dict) -> Path:
    """Publish a dataset: Parquet then sidecar, each written to a temp file and renamed.

    The sidecar records the Parquet file's sha256 (`parquet_sha256`), so that a damaged or
    truncated file is recognised before use (etl/integrity.py).
    """
    dest = clean_path(dataset)
    with atomic_path(dest) as tmp:
        df.write_parquet(tmp, compression="zstd")
        digest = sha256_file(tmp)
    write_json({**meta, "parquet_sha256": digest}, clean_meta_path(dataset))
    return dest


def read_clean(dataset: str) -> pl.DataFrame | None:
    """The published dataset, or None if it has never been published."""
    path = clean_path(dataset)
    return pl.read_parquet(path) if path.exists() else None


def read_clean_meta(dataset: str) -> dict:
    """The sidecar of a published dataset ({} if none)."""
    return read_json(clean_meta_path(dataset))
