"""`python -m etl backup [--dest DIR] [--keep N]` and `python -m etl restore BACKUP_DIR`.

What they print is in `--lang` (etl/__main__.py sets it before the command runs).

Exit status 0 on success, 1 when the backup or restore failed (message on stderr; nothing was
changed by a failed restore before its checks passed), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.errors import EtlError
from core.i18n import _, add_lang_argument
from etl.backup import run as backup


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the `backup` and `restore` subcommands on the main parser."""
    b = sub.add_parser("backup", help="copy the store and the published data to a backup folder")
    b.add_argument("--dest", type=Path, help="folder of backups (default: data/backups)")
    b.add_argument("--keep", type=int, default=14, help="keep the newest N backups (default 14)")
    b.add_argument("--database-url", help="postgresql://... or a DuckDB file (default: see README)")
    add_lang_argument(b)  # read by etl/__main__.py, which runs the command in that language
    r = sub.add_parser("restore", help="put a backup back in place (verified first)")
    r.add_argument("backup_dir", type=Path, help="a m_e_backup_<time> folder made by `backup`")
    r.add_argument("--database-url", help="postgresql://... or a DuckDB file (default: see README)")
    r.add_argument(
        "--only", choices=("store", "clean"), help="restore only the store or the published data"
    )
    add_lang_argument(r)


def run(args: argparse.Namespace) -> int:
    """Carry out `backup` or `restore`; returns the exit status."""
    try:
        if args.command == "backup":
            made = backup.backup(args.dest, args.database_url)
            print(_("backup written: {path}").format(path=made))
            for gone in backup.prune(made.parent, args.keep):
                print(_("older backup removed: {name}").format(name=gone.name))
            return 0
        if not args.backup_dir.is_dir():
            print(
                _(
                    "error: {path} is not a folder: give a {pattern} folder made by {command}"
                ).format(path=args.backup_dir, pattern=f"{backup.PREFIX}*", command="`backup`"),
                file=sys.stderr,
            )
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
        print(_("error: {message}").format(message=exc), file=sys.stderr)
        return 1
