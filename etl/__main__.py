"""Command line: `python -m etl run|status|import-survey|review|export|backup|restore`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.errors import EtlError
from core.i18n import (
    N_,
    NP_,
    _,
    add_lang_argument,
    default_language,
    ngettext,
    pgettext,
    translator,
    use_language,
)
from etl import io
from etl.pipeline import INDICATORS, SourceOutcome, run
from etl.pipeline.outcome import outcome_word
from etl.registry import sources

# Parsed without importing the upload, review and backup modules (the store, openpyxl, the
# indicator registry): an unchanged `run` has nothing else to import (issue 14).
LIGHT_COMMANDS = ("run", "status")
# The columns of `status`.
STATUS_COLUMNS: tuple[str, ...] = (
    NP_("status column", "dataset"),
    NP_("status column", "retrieved"),
    NP_("status column", "rows"),
    NP_("status column", "validation"),
    NP_("status column", "file / sha256"),
)


def _parser(full: bool = True) -> argparse.ArgumentParser:
    """The command line; `full=False` registers only LIGHT_COMMANDS."""
    p = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="fetch (or load), validate and publish sources, then indicators")
    r.add_argument(
        "--source",
        action="append",
        dest="sources",
        metavar="NAME",
        help=f"only this source (repeatable); one of: {', '.join(sources())}",
    )
    r.add_argument("--raw-dir", type=Path, help="folder of official files downloaded by hand")
    r.add_argument("--offline", action="store_true", help="never touch the network")
    r.add_argument("--force", action="store_true", help="recompute even if inputs are unchanged")
    r.add_argument(
        "--fallback-demo",
        action="store_true",
        help="publish the labelled DEMO DATA for datasets that have no official data",
    )
    add_lang_argument(r)
    status_help = "per dataset: last retrieval, file, sha256, rows, validation"
    add_lang_argument(sub.add_parser("status", help=status_help))
    if not full:
        return p
    from etl import review
    from etl.backup import cli as backup_cli
    from etl.uploads import cli as import_cli

    import_cli.add_parser(sub)
    review.add_parser(sub)
    # `export` parses its own options (etl/exports/cli.py); listed here for --help.
    backup_cli.add_parsers(sub)
    # `export` parses its own options (etl/exports/cli.py); listed here for --help.
    sub.add_parser("export", help="write indicators as CSV, XLSX, Open SDG, SDMX-CSV or a zip")
    return p


def _print_outcomes(outcomes: list[SourceOutcome]) -> None:
    for o in outcomes:
        warnings = sum(1 for i in o.issues if i.severity == "warning")
        errors = sum(1 for i in o.issues if i.severity == "error")
        timing = " ".join(f"{k}={v:.2f}s" for k, v in o.seconds.items())
        rows = (
            ngettext("{n} row", "{n} rows", o.rows).format(n=translator().number(o.rows))
            if o.rows is not None
            else ""
        )
        status = outcome_word(o.status)
        counts = _("errors={errors} warnings={warnings}").format(errors=errors, warnings=warnings)
        print(f"  {o.source:<16} {status:<10} {rows:>14}  {counts} {timing}")
        if o.message:
            print(f"      {o.message}")
        for issue in [i for i in o.issues if i.severity == "error"][:20]:
            print(
                "      "
                + _("ERROR row={row} column={column} value={value}: {message}").format(
                    row=issue.row,
                    column=issue.column,
                    value=repr(issue.value),
                    message=issue.message,
                )
            )


DEMO_HINT = N_(
    "DEMO DATA is being served (synthetic, labelled on every page). For official figures, "
    "download the published files (e.g. rpw_dataset_*.xlsx; README 'Loading official files "
    "without internet' lists every file name) and run `python -m etl run --offline --raw-dir "
    "DIR`, or connect to the internet and run `make run` again."
)


def _cmd_run(args: argparse.Namespace) -> int:
    if args.raw_dir is not None and not args.raw_dir.is_dir():
        print(
            _(
                "--raw-dir {dir}: not a folder. Give the folder holding the official files "
                "(e.g. rpw_dataset_2011_2025_q3.xlsx)."
            ).format(dir=args.raw_dir),
            file=sys.stderr,
        )
        return 2
    # The live bar only on a terminal; in logs (CI, cron) each step is one plain line, and
    # tqdm (0.1 s to import) is not loaded.
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=None, desc="etl", unit="step", bar_format="{desc}: {n} steps [{elapsed}]")

    def progress(msg: str) -> None:
        if bar is None:
            print(msg)
            return
        bar.update(1)
        bar.set_description_str(f"etl: {msg[:70]}")
        bar.write(msg)

    try:
        outcomes = run(
            args.sources,
            raw_dir=args.raw_dir,
            offline=args.offline,
            force=args.force,
            fallback_demo=args.fallback_demo,
            progress=progress,
        )
    except (EtlError, OSError) as exc:  # OSError: e.g. the disk is full for the run report
        if bar is not None:
            bar.close()
        print(_("error: {message}").format(message=exc), file=sys.stderr)
        return 2
    if bar is not None:
        bar.close()
    _print_outcomes(outcomes)
    if io.read_clean_meta(INDICATORS).get("demo"):
        print(_(DEMO_HINT))
    failed = [o for o in outcomes if o.status == "failed"]
    if not io.clean_path(INDICATORS).exists():
        print(
            _(
                "No indicator table yet. Load official files with "
                "`python -m etl run --offline --raw-dir DIR`, connect to the internet, or add "
                "--fallback-demo for the labelled demo dataset."
            ),
            file=sys.stderr,
        )
        return 1
    return 1 if failed else 0


def _cmd_status() -> int:
    names = [s.dataset for s in sources().values()] + [INDICATORS]
    head = [pgettext("status column", c) for c in STATUS_COLUMNS]
    print(f"{head[0]:<16} {head[1]:<26} {head[2]:>9}  {head[3]:<22} {head[4]}")
    never = _("never published")
    for name in names:
        meta = io.read_clean_meta(name)
        if not meta:
            print(f"{name:<16} {never:<26}")
            continue
        inputs = meta.get("inputs") or []
        first = inputs[0] if isinstance(inputs, list) and inputs else {}
        n = int(meta.get("validation", {}).get("warnings", 0))
        outcome = ngettext("ok, {n} warning", "ok, {n} warnings", n).format(n=n)
        if meta.get("demo"):
            outcome = _("DEMO DATA")
        print(
            f"{name:<16} {first.get('retrieved_at', meta.get('published_at', '')):<26} "
            f"{translator().number(meta.get('rows', 0)):>9}  {outcome:<22} {first.get('file', '')} "
            f"{first.get('sha256', '')[:16]}"
        )
        for extra in inputs[1:] if isinstance(inputs, list) else []:
            print(
                f"{'':<16} {extra.get('retrieved_at', ''):<26} {'':>9}  {'':<22} "
                f"{extra.get('file', '')} {extra.get('sha256', '')[:16]}"
            )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["export"]:
        from etl.exports.cli import main as export_main

        return export_main(argv[1:])
    args = _parser(full=argv[:1] not in [[c] for c in LIGHT_COMMANDS]).parse_args(argv)
    # What the command prints (and the pipeline's progress lines) in --lang, else the default.
    with use_language(getattr(args, "lang", None) or default_language()):
        return _dispatch(args)


def _dispatch(args: argparse.Namespace) -> int:
    """Run the parsed subcommand."""
    if args.command == "run":
        return _cmd_run(args)
    if args.command == "status":
        return _cmd_status()
    if args.command == "import-survey":
        from etl.uploads import cli as import_cli

        return import_cli.run(args)
    if args.command == "review":
        from etl import review

        return review.run(args)
    from etl.backup import cli as backup_cli  # backup, restore

    return backup_cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
