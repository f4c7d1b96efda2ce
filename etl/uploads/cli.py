"""`python -m etl import-survey FILE [--dry-run]`: check a national upload file and store it.

Exit status: 0 accepted (with --dry-run: would be accepted), 1 rejected (errors, or warnings not
confirmed with --accept-warnings; the issues are printed), 2 usage error (no such file, no user).

With --open-sdg ISO3 the file is a national platform file (Open SDG CSV or a wide table):
it is converted first through the mapping table and, when given, the officer's mapping file
(--mapping; --export-mapping writes the one used), see etl/uploads/open_sdg/cli.py.

A file may hold several (ref_area, time_period) slots (e.g. an Open SDG series 2015-2024). The
store versions data per slot, so the file is stored as one submission per slot, all with the
file's name and sha256; approving or rejecting one year does not touch the others.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import polars as pl

from core.errors import ValidationIssue
from core.i18n import add_lang_argument, default_language, translator
from etl.uploads.prepare import (
    SLOT,
    Current,
    UploadResult,
    prepare_table,
    prepare_upload,
    store_upload,
)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the `import-survey` subcommand on the main parser."""
    p = sub.add_parser(
        "import-survey",
        help="check a national upload file (CSV/XLSX template) and store it as submissions",
    )
    p.add_argument("file", type=Path, help="the filled-in template (.csv or .xlsx)")
    p.add_argument("--dry-run", action="store_true", help="check only; store nothing")
    p.add_argument("--user", help="account the submission is recorded under (needed to store)")
    p.add_argument(
        "--accept-warnings", action="store_true", help="store although there are warnings"
    )
    p.add_argument(
        "--open-sdg",
        metavar="ISO3",
        help="the file is an Open SDG indicator CSV of this country: convert it first",
    )
    p.add_argument(
        "--indicator", help="with --open-sdg: the indicator the file holds (default: its name)"
    )
    p.add_argument(
        "--mapping",
        type=Path,
        metavar="MAPPING.json",
        help="with --open-sdg: the confirmed mapping of columns, labels and units (exported by "
        "the Upload page or by --export-mapping); stored for the next round of the file",
    )
    p.add_argument(
        "--export-mapping",
        type=Path,
        metavar="OUT.json",
        help="with --open-sdg: write the mapping the import used, to check and pass to --mapping",
    )
    p.add_argument("--note", default="", help="note stored with the submission(s)")
    add_lang_argument(p, "the messages", "the file itself may be in any of the three")
    p.add_argument(
        "--max-issues", type=int, default=100, help="issues printed (0 = all; default 100)"
    )


def _print_issues(issues: list[ValidationIssue], limit: int) -> None:
    """One line per issue: severity, row, column, value, message."""
    t = translator()  # the command's --lang (etl/__main__.py)
    shown = issues if limit <= 0 else issues[:limit]
    for i in shown:
        row = "-" if i.row is None else str(i.row)
        severity = t.pgettext("severity", i.severity).upper()
        where = t.gettext("row={row} column={column} value={value}").format(
            row=f"{row:<6}", column=i.column or "-", value=repr(i.value)
        )
        print(f"  {severity:<7} {where}: {i.message}")
    if len(issues) > len(shown):
        more = t.gettext("... and {n} more (use --max-issues 0 to list all)")
        print("  " + more.format(n=len(issues) - len(shown)))


def _report(result: UploadResult) -> None:
    """Summary of what was read and found."""
    s = result.summary
    t = translator()  # the command's --lang (etl/__main__.py)
    template = result.template or t.gettext("(not recognised)")
    print(
        t.gettext("{file}: template {template}; {read_as}").format(
            file=result.file_name, template=template, read_as=result.read_as
        )
    )
    counts = t.gettext(
        "rows={rows} errors={errors} warnings={warnings} new={new} changed={changed} "
        "unchanged={unchanged}"
    )
    keys = ("rows", "errors", "warnings", "new", "changed", "unchanged")
    print("  " + counts.format(**{k: s.get(k, 0) for k in keys}))


def _prepare(args: argparse.Namespace, data: bytes, current: Current) -> UploadResult | None:
    """The checked upload, converting an Open SDG file first when asked (None: not convertible)."""
    if args.open_sdg is None:
        return prepare_upload(data, args.file.name, current=current, lang=_lang(args))
    from etl.uploads.open_sdg.cli import convert

    conv = convert(args, data)
    if conv is None:
        return None
    sha256 = hashlib.sha256(data).hexdigest()
    return prepare_table(
        conv.table, sha256, current=current, template="indicator_long", lang=_lang(args)
    )


def _lang(args: argparse.Namespace) -> str:
    """The language of the messages: --lang, else the deployment's default."""
    return getattr(args, "lang", None) or default_language()


def _store(args: argparse.Namespace, result: UploadResult) -> int:
    """One submission per (ref_area, time_period) slot; prints their ids."""
    from store.submissions import open_store  # lazy: dry runs need no database

    store = open_store()
    user = store.get_user(args.user)
    if user is None:
        print(
            translator()
            .gettext("error: no enabled account {user} in the store. Ask an admin to add it.")
            .format(user=repr(args.user)),
            file=sys.stderr,
        )
        return 2
    t = translator()
    for sub_id, area, period, n in store_upload(store, result, user, note=args.note or ""):
        line = t.ngettext(
            "stored submission {id}: {area} {period}, {n} row (submitted)",
            "stored submission {id}: {area} {period}, {n} rows (submitted)",
            n,
        )
        print("  " + line.format(id=sub_id, area=area, period=period, n=n))
    if args.open_sdg is not None and getattr(args, "confirmed_mapping", None) is not None:
        from etl.uploads.open_sdg.stored import save_mapping

        saved = save_mapping(store, args.confirmed_mapping, user)
        print(
            "  "
            + t.gettext(
                "mapping stored (id {id}): reused for the next file matching {pattern}"
            ).format(id=saved, pattern=repr(args.confirmed_mapping.file_pattern))
        )
    return 0


def run(args: argparse.Namespace) -> int:
    """Handler of `import-survey`; returns the exit status."""
    if not args.file.is_file():
        print(
            translator()
            .gettext("error: {file}: no such file. Give the path of the filled-in template.")
            .format(file=args.file),
            file=sys.stderr,
        )
        return 2
    if not args.dry_run and not args.user:
        print(
            translator().gettext(
                "error: storing needs --user NAME (or use --dry-run to check only)."
            ),
            file=sys.stderr,
        )
        return 2
    data = args.file.read_bytes()
    current: Current = None
    if not args.dry_run:
        from store.submissions import open_store

        current = open_store().current_rows  # the preview compares with the approved data
    result = _prepare(args, data, current)
    if result is None:
        return 1
    _report(result)
    _print_issues(result.issues, args.max_issues)
    _ = translator(_lang(args))
    if not result.accepted:
        print(_("REJECTED: {n} error(s). Correct them and run again.").format(n=len(result.errors)))
        return 1
    if args.dry_run:
        if result.warnings:
            print(
                _(
                    "OK (dry run): the file would be accepted after confirming the warnings "
                    "(--accept-warnings); nothing stored."
                )
            )
        else:
            print(_("OK (dry run): the file would be accepted; nothing stored."))
        return 0
    if result.warnings and not args.accept_warnings:
        print(
            _(
                "NOT STORED: {n} warning(s) need confirmation. Check them, then run again with "
                "--accept-warnings."
            ).format(n=len(result.warnings))
        )
        return 1
    return _store(args, result)


def slots(rows: pl.DataFrame) -> list[tuple[str, str]]:
    """The (ref_area, time_period) slots of checked rows, in file order."""
    return [(str(a), str(p)) for a, p in rows.select(SLOT).unique(maintain_order=True).iter_rows()]
