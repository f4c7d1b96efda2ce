"""What a failed DuckDB operation means for the person using the store, and what to do.

A damaged file (not a database, a bad block) is `StoreUnreadable`, whose message names the
restore command; a read-only data folder and a full disk are refusals that change nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

from core.errors import StoreUnreadable

RESTORE_HINT = (
    "If the file is damaged, restore the last backup: `python -m etl restore BACKUP_DIR` "
    "(README, 'Backups')."
)


def unreadable(path: Path, exc: Exception) -> StoreUnreadable:
    """The error for a database file that cannot be read (first line of DuckDB's reason)."""
    text = str(exc).strip()
    first = text.splitlines()[0][:300] if text else type(exc).__name__
    return StoreUnreadable(f"cannot read the database {path}: {first}. {RESTORE_HINT}")


def refusal(path: Path, exc: Exception, read_only: bool) -> str | None:
    """Why a change was refused when the file is fine (read-only, disk full); else None."""
    if read_only:
        return (
            f"the database {path} is read-only for this program: nothing can be changed here. "
            "Ask the administrator for write access to the data folder."
        )
    if "no space left" in str(exc).lower():
        return f"the disk holding {path} is full: nothing was changed. Free some space, try again."
    return None


def read_only_file(path: Path) -> bool:
    """Whether an existing database file (or its folder) may not be written by this process.

    Such a file is opened read-only, so that the dashboard still shows what is stored (DuckDB
    would otherwise need the write lock and a WAL file beside it).
    """
    return path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
