"""`python -m etl export`: write the published indicator table as CSV, XLSX, Open SDG, SDMX-CSV
or a zip (exit status 0 = written, 1 = nothing to write, 2 = usage or data error).

CSV, XLSX and zip files are `indicator_long` upload files (they import again unchanged);
--submitted-by fills their submitted_by column. --out names a file when the export is one
file (e.g. csv with --indicator, sdmx, zip) and a folder otherwise (one file per indicator;
Open SDG data/ + meta/). An Open SDG export to a
path ending in .zip is written as one zip. Open SDG files are national: --country is required.
--country keeps every row about the country (reference area or counterpart: inbound and
outbound corridors). DEMO DATA is refused unless --allow-demo is given (issue 10).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

from core.contract import conform
from core.errors import EtlError
from core.i18n import (
    _,
    add_lang_argument,
    default_language,
    ngettext,
    translator,
    use_language,
)
from etl import io
from etl.exports.guard import DEMO_FLAG, demo_rows, guard_demo
from etl.exports.opensdg import export_opensdg
from etl.exports.sdmx import export_sdmx
from etl.exports.tables import EXPORTED_BY, export_files, export_zip, filter_table, slug, zip_bytes

FORMATS = ("csv", "xlsx", "opensdg", "sdmx", "zip")
INDICATORS = "indicators"  # the published dataset name (etl.pipeline.INDICATORS)
NATIONAL = "national_indicators"  # approved national values (etl.approved.NATIONAL)


def parser() -> argparse.ArgumentParser:
    """The `export` sub-command's argument parser."""
    p = argparse.ArgumentParser(prog="python -m etl export", description=__doc__)
    p.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
    p.add_argument("--indicator", metavar="ID", help="only this indicator, e.g. 10.7.4")
    p.add_argument(
        "--country",
        metavar="ISO3",
        help="only rows about this country (ref_area or counterpart_area), e.g. KEN",
    )
    p.add_argument(
        "--allow-demo",
        action="store_true",
        help="export DEMO DATA rows too (refused by default); each is marked DEMO DATA",
    )
    p.add_argument("--out", required=True, type=Path, metavar="PATH", help="file or folder")
    p.add_argument(
        "--sdmx-version", default="1.0", choices=("1.0", "2.0"), help="SDMX-CSV layout version"
    )
    p.add_argument(
        "--submitted-by",
        default=EXPORTED_BY,
        metavar="NAME",
        help="submitted_by of csv/xlsx/zip files (they are upload files; default: export)",
    )
    add_lang_argument(p, note="the files' own texts (Open SDG names, SDMX codes) stay as they are")
    return p


def load_table() -> pl.DataFrame:
    """The published indicator table and the approved national values; errors when absent.

    National values (data/clean/national_indicators.parquet, etl/approved.py) sit beside the
    custodians' in every export, each row labelled by `data_origin`.
    """
    table = io.read_clean(INDICATORS)
    if table is None:
        raise EtlError(
            _("no indicator table at {path}. Build it first with {command} (or {demo}).").format(
                path=io.clean_path(INDICATORS),
                command="`python -m etl run --offline --raw-dir DIR`",
                demo="`run --fallback-demo`",
            )
        )
    national = io.read_clean(NATIONAL)
    if national is not None and national.height:
        return pl.concat([conform(table), conform(national)])
    return conform(table)


def write_files(files: dict[str, bytes], out: Path) -> list[Path]:
    """Write name -> bytes to `out` (a file when there is one and `out` has a suffix).

    Each file is written to a temporary name and renamed: a failed export never leaves a
    half-written file where the previous good one was.
    """
    if len(files) == 1 and out.suffix and not out.is_dir():
        _write(out, next(iter(files.values())))
        return [out]
    if out.suffix and not out.is_dir():
        raise EtlError(
            ngettext(
                "{option} {out}: {n} file to write; give a folder (no suffix), or narrow the "
                "export with {indicator}.",
                "{option} {out}: {n} files to write; give a folder (no suffix), or narrow the "
                "export with {indicator}.",
                len(files),
            ).format(option="--out", out=out, n=len(files), indicator="--indicator")
        )
    written = []
    for name, data in sorted(files.items()):
        path = out / name
        _write(path, data)
        written.append(path)
    return written


def _write(path: Path, data: bytes) -> None:
    """`data` to `path` through a temporary file beside it (etl/io.py atomic_path)."""
    with io.atomic_path(path) as tmp:
        tmp.write_bytes(data)


def _name(prefix: str, indicator: str | None, country: str | None, ext: str) -> str:
    """e.g. sdmx_10-7-4_KEN.csv, indicators_all.zip."""
    parts = [prefix, slug(indicator) if indicator else "all", country]
    return "_".join(p for p in parts if p) + ext


def _export(args: argparse.Namespace, table: pl.DataFrame) -> tuple[dict[str, bytes], list[str]]:
    """Files to write and notes to print, for the chosen format."""
    fmt, ind, iso, by = args.fmt, args.indicator, args.country, args.submitted_by
    if fmt in ("csv", "xlsx"):
        return export_files(table, fmt, indicator=ind, country=iso, submitted_by=by), []
    if fmt == "zip":
        rows = filter_table(table, ind, None)
        data = export_zip(rows, country=iso, submitted_by=by)
        return {_name("indicators", ind, iso, ".zip"): data}, []
    if fmt == "opensdg":
        if iso is None:
            raise EtlError(
                _("Open SDG files are national: give {option} (e.g. {example}).").format(
                    option="--country ISO3", example="KEN"
                )
            )
        result = export_opensdg(table, iso, ind)
        if args.out.suffix == ".zip":
            return {args.out.name: zip_bytes(result.files)}, result.notes
        return result.files, result.notes
    sdmx = export_sdmx(table, indicator=ind, country=iso, version=args.sdmx_version)
    name = _name("sdmx", ind, iso, ".csv")
    notes = [
        ngettext("{n} observation written.", "{n} observations written.", sdmx.rows).format(
            n=translator().number(sdmx.rows)
        )
    ]
    notes += sdmx.report().splitlines()
    if sdmx.rows == 0:
        return {}, notes
    return {name: sdmx.data}, notes


def main(argv: list[str] | None = None) -> int:
    """Run the export; returns the process exit status."""
    args = parser().parse_args(argv)
    # Refusals, notes and the written files' lines in --lang, else the default language.
    with use_language(args.lang or default_language()):
        return _main(args)


def _main(args: argparse.Namespace) -> int:
    try:
        table = guard_demo(load_table(), allow_demo=args.allow_demo)
        files, notes = _export(args, table)
        if demo_rows(table):
            demo = demo_rows(table)
            notes.insert(
                0,
                ngettext(
                    "{flag}: {n} row is marked as such.",
                    "{flag}: {n} rows are marked as such.",
                    demo,
                ).format(flag=DEMO_FLAG, n=translator().number(demo)),
            )
        if not files:
            for n in notes:
                print(f"  {n}", file=sys.stderr)
            print(_("nothing to write: no row fits this format and filter"), file=sys.stderr)
            return 1
        written = write_files(files, args.out)
    except EtlError as exc:
        print(_("error: {message}").format(message=exc), file=sys.stderr)
        return 2
    for path in written:
        size = path.stat().st_size
        print(
            ngettext("wrote {path} ({n} byte)", "wrote {path} ({n} bytes)", size).format(
                path=path, n=translator().number(size)
            )
        )
    for n in notes:
        print("  " + _("note: {note}").format(note=n))
    return 0
