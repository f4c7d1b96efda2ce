"""`python -m etl backup [--dest DIR] [--keep N]` and `python -m etl restore BACKUP_DIR`.

Exit status 0 on success, 1 when the backup or restore failed (message on stderr; nothing was
changed by a failed restore before its checks passed), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.errors import EtlError
from etl.backup import run as backup


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the `backup` and `restore` subcommands on the main parser."""
    b = sub.add_parser("backup", help="copy the store and the published data to a backup folder")
    b.add_argument("--dest", type=Path, help="folder of backups (default: data/backups)")
    b.add_argument("--keep", type=int, default=14, help="keep the newest N backups (default 14)")
    b.add_argument("--database-url", help="postgresql://... or a DuckDB file (default: see README)")
    r = sub.add_parser("restore", help="put a backup back in place (verified first)")
    r.add_argument("backup_dir", type=Path, help="a m_e_backup_<time> folder made by `backup`")
    r.add_argument("--database-url", help="postgresql://... or a DuckDB file (default: see README)")
    r.add_argument(
        "--only", choices=("store", "clean"), help="restore only the store or the published data"
    )


def run(args: argparse.Namespace) -> int:
    """Carry out `backup` or `restore`; returns the exit status."""
    try:
        if args.command == "backup":
            made = backup.backup(args.dest, args.database_url)
            print(f"backup written: {made}")
            for gone in backup.prune(made.parent, args.keep):
                print(f"older backup removed: {gone.name}")
            return 0
        if not args.backup_dir.is_dir():
            print(f"error: {args.backup_dir} is not a folder", file=sys.stderr)
            return 2
        for line in backup.restore(
            args.backup_dir,
            args.database_url,
            store=args.only in (None, "store"),
            clean=args.only in (None, "clean"),
        ):
            print(line)
        return 0
    except (EtlError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
