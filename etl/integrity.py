"""Integrity of the data folder: damaged published files, leftovers of killed runs, disk full.

- A published Parquet file is intact when its sha256 is the one its sidecar recorded
  (`parquet_sha256`, written by io.write_clean); older sidecars without it fall back to reading
  the Parquet footer. A damaged file is never reported "unchanged": the pipeline re-publishes it
  from the raw snapshot.
- A killed run leaves temporary files (`.<name>.<random>.tmp`, `.download.*`, `.import.*`) and,
  at worst, a sidecar without its raw file: `clean_leftovers` removes them once they are older
  than LEFTOVER_AGE_S (so a run in progress is never disturbed); a raw file without a sidecar
  is moved to data/raw/.orphans/ (kept, never deleted, never used).
- An OSError while publishing one dataset (disk full, read-only folder) fails that dataset with
  a message saying what to do; the other datasets go on.
"""

from __future__ import annotations

import errno
import shutil
import time
from pathlib import Path

import polars as pl

from core import config
from core.i18n import _
from etl import io

LEFTOVER_AGE_S = 3600.0
_TEMP_PREFIXES = (".download.", ".import.")
ORPHANS = ".orphans"


def clean_is_intact(dataset: str) -> bool:
    """Whether data/clean/<dataset>.parquet exists and is the file its sidecar describes."""
    path = io.clean_path(dataset)
    if not path.exists():
        return False
    expected = io.read_clean_meta(dataset).get("parquet_sha256")
    if expected:
        return io.sha256_file(path) == expected
    try:  # published before sidecars recorded the sha256: at least the footer must read
        pl.read_parquet_schema(path)
    except Exception:  # polars raises several kinds for a truncated or foreign file
        return False
    return True


def damaged_inputs(datasets: list[str]) -> list[str]:
    """The published datasets among `datasets` whose Parquet file is damaged."""
    return [d for d in datasets if io.clean_path(d).exists() and not clean_is_intact(d)]


def damaged_message(damaged: list[str]) -> str:
    """Why the indicator build stopped on damaged inputs, and what to do."""
    return _(
        "published file(s) damaged: {datasets}. Re-publish them from raw with "
        "`python -m etl run --offline` (or restore a backup); the previous table keeps serving."
    ).format(datasets=", ".join(damaged))


def _is_temp(path: Path) -> bool:
    name = path.name
    return name.startswith(".") and (
        name.endswith(io.TMP_SUFFIX) or name.startswith(_TEMP_PREFIXES)
    )


def clean_leftovers(*, older_than_s: float = LEFTOVER_AGE_S) -> list[str]:
    """Remove what killed runs left in data/raw and data/clean; returns what was done."""
    done: list[str] = []
    cutoff = time.time() - older_than_s
    raw = config.raw_dir()
    for root in (raw, config.clean_dir()):
        if not root.exists():
            continue
        for path in sorted(root.rglob(".*")):
            if path.is_file() and _is_temp(path) and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                done.append(
                    _("removed temporary file {path}").format(path=path.relative_to(root.parent))
                )
    if not raw.exists():
        return done
    for meta in sorted(raw.rglob(f"*{io.SIDECAR_SUFFIX}")):
        target = meta.with_name(meta.name[: -len(io.SIDECAR_SUFFIX)])
        if ORPHANS not in meta.parts and not target.exists() and meta.stat().st_mtime < cutoff:
            meta.unlink()
            done.append(
                _("removed sidecar without its file {path}").format(
                    path=meta.relative_to(raw.parent)
                )
            )
    for path in sorted(raw.rglob("*")):
        if (
            path.is_file()
            and ORPHANS not in path.relative_to(raw).parts
            and not path.name.startswith(".")
            and not path.name.endswith(io.SIDECAR_SUFFIX)
            and not io.sidecar_path(path).exists()
            and path.stat().st_mtime < cutoff
        ):
            dest = raw / ORPHANS / path.relative_to(raw)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(path), dest)
            done.append(
                _("moved raw file without sidecar to {path}").format(
                    path=dest.relative_to(raw.parent)
                )
            )
    return done


def os_error_message(dataset: str, exc: OSError) -> str:
    """What to tell the user when writing `dataset` failed with an OS error."""
    where = exc.filename or config.data_dir()
    if exc.errno == errno.ENOSPC:
        return _(
            "{dataset}: the disk is full (writing {where}). Nothing of this dataset changed; "
            "the previous version keeps serving. Free some space and run again."
        ).format(dataset=dataset, where=where)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _(
            "{dataset}: not allowed to write {where} ({error}). Give the ETL user write "
            "access to the data folder and run again; the previous version keeps serving."
        ).format(dataset=dataset, where=where, error=exc.strerror)
    return _(
        "{dataset}: could not write {where} ({error}). The previous version keeps serving; fix "
        "the cause and run again."
    ).format(dataset=dataset, where=where, error=exc.strerror or exc)
