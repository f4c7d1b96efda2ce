"""`python -m dashboard.report --country KEN --period 2024 --format docx|pdf|both --lang fr`.

Builds the GFMD progress report from the published indicator table (and, when a store exists,
the approved survey answers and saved narrative drafts) and writes it under
<data dir>/progress_reports/ (or --out). Prints each file's path and the time taken.
Exit status: 0 written; 1 the data could not be read or the report could not be built;
2 wrong arguments (unknown country code, period not a year, unknown section).
DEMO DATA is refused (exit 1) unless --allow-demo is given; then every page is watermarked.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import polars as pl
import pycountry

from core import config
from core.errors import EtlError
from core.i18n import N_, add_lang_argument, default_language, translator, use_language
from dashboard.report.content import build_report
from dashboard.report.docx_writer import write_docx
from dashboard.report.inputs import load_inputs, report_store
from dashboard.report.pdf_writer import write_pdf
from dashboard.report.sections import SECTION_KEYS, pick
from etl import io
from etl.exports.guard import DEMO_REFUSAL, demo_rows

FORMATS = ("docx", "pdf", "both")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m dashboard.report",
        description="Write the GFMD progress report of one country and reporting period.",
    )
    p.add_argument("--country", required=True, help="ISO3 code, e.g. KEN")
    p.add_argument("--period", required=True, help="reporting year YYYY (figures up to it)")
    p.add_argument("--format", choices=FORMATS, default="docx", help="docx, pdf or both")
    p.add_argument("--since", help="period of the last report to compare with (default YYYY-1)")
    p.add_argument(
        "--sections", help=f"comma-separated subset of: {', '.join(SECTION_KEYS)} (default all)"
    )
    add_lang_argument(p, "the report")
    p.add_argument("--out", type=Path, help="output folder (default <data dir>/progress_reports)")
    p.add_argument(
        "--allow-demo",
        action="store_true",
        help="build the report even from DEMO DATA (refused by default); every page watermarked",
    )
    return p


NOT_A_YEAR = N_("{option} {value} is not a year YYYY, e.g. 2024")
NOT_A_COUNTRY = N_("--country {value} is not an ISO 3166 alpha-3 code")


def _year(value: str, what: str, lang: str = "en") -> str:
    if not (len(value) == 4 and value.isdigit()):
        text = translator(lang).gettext(NOT_A_YEAR)
        raise ValueError(text.format(option=what, value=repr(value)))
    return value


def refuse_demo(rows: pl.DataFrame, meta: dict, *, allow_demo: bool, lang: str = "en") -> None:
    """EtlError when the report would show DEMO DATA and --allow-demo was not given."""
    n = demo_rows(rows)
    if allow_demo or (n == 0 and not meta.get("demo")):
        return
    t = translator(lang)
    names = ", ".join(meta.get("demo_datasets") or ())
    which = (
        t.gettext("datasets {names}").format(names=names)
        if names
        else t.gettext("datasets in data/clean")
    )
    raise EtlError(t.gettext(DEMO_REFUSAL).format(n=t.number(n), which=which))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status."""
    args = _parser().parse_args(argv)  # exits 2 on a missing or malformed option
    lang = args.lang or default_language()  # of the report and of the lines printed here
    t = translator(lang)
    try:
        country = args.country.strip().upper()
        if pycountry.countries.get(alpha_3=country) is None and country != "XKX":
            raise ValueError(t.gettext(NOT_A_COUNTRY).format(value=repr(args.country)))
        period = _year(args.period, "--period", lang)
        since = _year(args.since, "--since", lang) if args.since else None
        sections = [s.strip() for s in args.sections.split(",")] if args.sections else None
        with use_language(lang):
            pick(sections)
    except ValueError as exc:
        print(t.gettext("error: {message}").format(message=exc), file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        inputs = load_inputs(country, period, store=report_store())
        refuse_demo(inputs.rows, inputs.meta, allow_demo=args.allow_demo, lang=lang)
        report = build_report(inputs, period, previous=since, sections=sections, lang=lang)
        out = args.out or config.data_dir() / "progress_reports"
        formats = ("docx", "pdf") if args.format == "both" else (args.format,)
        for fmt in formats:
            data = write_docx(report) if fmt == "docx" else write_pdf(report)
            dest = out / report.file_name(fmt)
            with io.atomic_path(dest) as tmp:
                tmp.write_bytes(data)
            print(
                t.ngettext("wrote {path} ({n} byte)", "wrote {path} ({n} bytes)", len(data)).format(
                    path=dest, n=t.number(len(data))
                )
            )
    except EtlError as exc:
        print(t.gettext("error: {message}").format(message=exc), file=sys.stderr)
        return 1
    print(t.gettext("done in {seconds} s").format(seconds=t.number(time.perf_counter() - start, 1)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
