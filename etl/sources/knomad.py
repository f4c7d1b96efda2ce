"""KNOMAD / World Bank annual remittance inflows and outflows (US$ million), as published.

Files: `remittance-inflows.xlsx` and `remittance-outflows.xlsx` (June 2023 release). One sheet,
a header row whose first cell is "Remittance inflows (US$ million)" (or outflows) followed by
the years, one row per economy, then aggregates ("Low-and Middle-Income Countries", "World"),
then a blank row and note rows ("Note: ...", "Date: June 2023", "When using the data, ...").

Rules (each applied by content, never by a fixed row number):
- HEADER: the first row, within the first 10, whose first cell reads "Remittance inflows|outflows
  (US$ million)" gives the direction; its cells that are 4-digit years are the year columns. Any
  other header cell (the outflows table's "% of GDP in 2022") is not a flow and is ignored.
- NOTES: the data block ends at the first entirely blank row; every later row, and any row whose
  label starts like a note ("Note", "Source", "Date:", "For ", "When using", ...), is a note. A
  note row may not carry numbers (that would mean data after the notes: ParseError).
- VINTAGE: taken from the note "Date: June 2023" -> "2023-06" (null if the note is absent).
- VALUES: blank cells (also a lone space, as published for St. Martin 2019) are missing and left
  out of the long table. Any other text is a ParseError.
- NOT_AVAILABLE: the file writes "not available" as 0 (Kenya 2000 inflows is 0 while WDI
  BX.TRF.PWKR.CD.DT has about US$538 million; Afghanistan 2000-2003, Zimbabwe ... likewise). A
  country's annual remittance flow is never exactly zero in the BoP data KNOMAD compiles, so
  every 0 is read as missing and left out, like a blank (461 cells in the June 2023 inflows
  file, 729 in the outflows file).
- NAMES: resolved to ISO3 by etl.sources.wb_names; aggregates get iso3 null and is_aggregate True.
  An unknown name stops clean() with a message listing every such name with its file and row.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import polars as pl
import requests

from core.errors import ParseError, SourceFetchError
from core.i18n import _, ngettext
from etl.net import http
from etl.schemas import conform
from etl.sources import wb_names
from etl.sources.base import Downloaded, SourceSpec

NAME = "knomad"
# How the published file encodes "not available" and what becomes of it (issue 10).
MISSING_ENCODING = "blank cell, a lone space, or 0 (KNOMAD writes 'not available' as 0): dropped"
PAGE_URL = "https://www.knomad.org/data/remittances"
# KNOMAD publishes each release under a new, unannounced file URL, so there is no stable URL to
# hard-code. The office sets these (or downloads by hand and runs with --raw-dir).
URL_ENV: dict[str, str] = {
    "remittance-inflows.xlsx": "M_E_KNOMAD_INFLOWS_URL",
    "remittance-outflows.xlsx": "M_E_KNOMAD_OUTFLOWS_URL",
}

SCHEMA: dict[str, pl.DataType] = {
    "area_name": pl.String(),  # as published, e.g. "Congo, Dem. Rep."
    "iso3": pl.String(),  # null for aggregates; XKX Kosovo, CHI Channel Islands (wb_names)
    "is_aggregate": pl.Boolean(),
    "direction": pl.String(),  # "inflow" | "outflow"
    "year": pl.Int16(),
    "value_usd_million": pl.Float64(),  # current US$, millions
    "vintage": pl.String(),  # "2023-06", from the file's "Date: June 2023" note
    "source_file": pl.String(),
    "sheet_row": pl.Int32(),  # 1-based Excel row, for tracing a number back to the file
}

_HEADER = re.compile(r"^\s*remittance\s+(inflows|outflows)\s*\(us\$\s*million\)", re.IGNORECASE)
_NOTE = re.compile(
    r"^\s*(notes?\b|sources?\b|date\s*:|for\s|when using|gdp data|please\b|\*)", re.IGNORECASE
)
_DATE_NOTE = re.compile(r"^\s*date\s*:\s*([A-Za-z]+)\s+(\d{4})", re.IGNORECASE)
_YEAR = re.compile(r"^\d{4}$")
_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}


def _blank(value: object) -> bool:
    """True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def _find_header(rows: list[tuple[object, ...]], path: Path) -> tuple[int, str]:
    """Index of the header row and the direction it announces."""
    for i, row in enumerate(rows[:10]):
        m = _HEADER.match(str(row[0])) if row and row[0] is not None else None
        if m:
            return i, "inflow" if m.group(1).lower() == "inflows" else "outflow"
    raise ParseError(
        str(path),
        _("no header row {inflows} or {outflows} in the first 10 rows").format(
            inflows="'Remittance inflows (US$ million)'",
            outflows="'Remittance outflows (US$ million)'",
        ),
        hint=_("Use the unmodified KNOMAD remittance inflows/outflows workbook."),
    )


def _year_columns(header: tuple[object, ...]) -> dict[int, int]:
    """Column index -> year, for header cells that are 4-digit years (int or text)."""
    out: dict[int, int] = {}
    for j, cell in enumerate(header[1:], start=1):
        text = str(int(cell)) if isinstance(cell, int | float) else str(cell or "").strip()
        if _YEAR.match(text):
            out[j] = int(text)
    return out


def _vintage(notes: list[str]) -> str | None:
    """'Date: June 2023' -> '2023-06'."""
    for note in notes:
        m = _DATE_NOTE.match(note)
        if m and m.group(1).lower() in _MONTHS:
            return f"{m.group(2)}-{_MONTHS[m.group(1).lower()]:02d}"
    return None


def _value(cell: object, path: Path, row: int, year: int) -> float | None:
    """A published cell as a float; None when blank or 0 (not available); text: ParseError."""
    if _blank(cell):
        return None
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell) if cell != 0 else None
    raise ParseError(
        str(path),
        _("expected a number (US$ million) or a blank cell"),
        row=row,
        column=str(year),
        value=cell,
    )


def parse(path: Path) -> pl.DataFrame:
    """Read one KNOMAD inflows/outflows workbook into long rows (names not yet resolved)."""
    rows = wb_names.read_rows(path)
    h, direction = _find_header(rows, path)
    years = _year_columns(rows[h])
    if not years:
        raise ParseError(str(path), _("the header row has no year columns"), row=h + 1)
    records: list[dict[str, object]] = []
    notes: list[str] = []
    in_notes = False
    for i, row in enumerate(rows[h + 1 :], start=h + 2):
        if all(_blank(c) for c in row):
            in_notes = in_notes or bool(records)  # blank rows before any data are harmless
            continue
        label = str(row[0]).strip() if not _blank(row[0]) else ""
        numbers = [j for j in years if not _blank(row[j] if j < len(row) else None)]
        if in_notes or _NOTE.match(label):
            if numbers:
                raise ParseError(
                    str(path),
                    _("a note row (after the data block) carries numbers"),
                    row=i,
                    column=str(years[numbers[0]]),
                    value=row[numbers[0]],
                )
            notes.append(label)
            continue
        if not label:
            raise ParseError(str(path), _("a data row has no country name"), row=i, column="A")
        for j, year in years.items():
            v = _value(row[j] if j < len(row) else None, path, i, year)
            if v is not None:
                records.append(
                    {
                        "area_name": label,
                        "direction": direction,
                        "year": year,
                        "value_usd_million": v,
                        "sheet_row": i,
                    }
                )
    if not records:
        raise ParseError(
            str(path),
            _("no data rows below the header"),
            row=h + 1,
            hint=_("The file looks truncated; download it again."),
        )
    return pl.DataFrame(records).with_columns(
        vintage=pl.lit(_vintage(notes), dtype=pl.String()), source_file=pl.lit(path.name)
    )


def name_problems(df: pl.DataFrame) -> list[str]:
    """'name (file row N)' for every area name wb_names cannot resolve (in the language in use)."""
    _matches, unmatched = wb_names.resolve_all(df["area_name"].to_list())
    first = (
        df.filter(pl.col("area_name").is_in(unmatched))
        .group_by("area_name")
        .agg(pl.col("source_file").first(), pl.col("sheet_row").min())
        .sort("area_name")
    )
    where = _("{name} ({file} row {row})")
    return [
        where.format(name=repr(r["area_name"]), file=r["source_file"], row=r["sheet_row"])
        for r in first.iter_rows(named=True)
    ]


def clean(df: pl.DataFrame) -> pl.DataFrame:
    """Resolve names to ISO3 and flag aggregates; unknown names raise ParseError listing them."""
    problems = name_problems(df)
    if problems:
        raise ParseError(
            str(df["source_file"].unique().sort().to_list()),
            ngettext(
                "{n} area name is not known: {names}",
                "{n} area names are not known: {names}",
                len(problems),
            ).format(n=len(problems), names=", ".join(problems)),
            hint=_("Add the World Bank spelling to {aliases} or {aggregates} in {file}.").format(
                aliases="ALIASES", aggregates="AGGREGATES", file="etl/sources/wb_names.py"
            ),
        )
    matches, _unmatched = wb_names.resolve_all(df["area_name"].to_list())
    lookup = pl.DataFrame(
        {
            "area_name": list(matches),
            "iso3": [m.iso3 for m in matches.values()],
            "is_aggregate": [m.kind == "aggregate" for m in matches.values()],
        },
        schema={"area_name": pl.String(), "iso3": pl.String(), "is_aggregate": pl.Boolean()},
    )
    out = df.join(lookup, on="area_name", how="left").sort("direction", "sheet_row", "year")
    return conform(out, SCHEMA)


def fetch(session: requests.Session, dest: Path) -> list[Downloaded]:
    """Download both workbooks from the URLs in M_E_KNOMAD_INFLOWS_URL / _OUTFLOWS_URL."""
    missing = [env for env in URL_ENV.values() if not os.environ.get(env)]
    if missing:
        raise SourceFetchError(
            NAME,
            PAGE_URL,
            _(
                "KNOMAD has no stable file URL; set {variables} to the workbook links shown on "
                "that page, or download {inflows} and {outflows} from it"
            ).format(
                variables=", ".join(missing),
                inflows="remittance-inflows.xlsx",
                outflows="remittance-outflows.xlsx",
            ),
        )
    out = []
    for name, env in URL_ENV.items():
        url = os.environ[env]
        out.append(Downloaded(tmp_path=http.download(session, url, NAME, dest), name=name, url=url))
    return out


SPEC = SourceSpec(
    name=NAME,
    title="KNOMAD / World Bank remittance inflows and outflows (US$ million)",
    dataset="knomad_remittances",
    schema=SCHEMA,
    locator=("area_name", "direction", "year"),
    publisher="World Bank / KNOMAD",
    licence="CC BY 4.0",
    url=PAGE_URL,
    raw_patterns=(
        "remittance-inflows*.xlsx",
        "remittance-outflows*.xlsx",
        "remittance_inflows*.xlsx",
        "remittance_outflows*.xlsx",
    ),
    fetch=fetch,
    parse=parse,
    clean=clean,
    citation="World Bank-KNOMAD, June 2023",
    suite="etl.validation.suites.migration:knomad_remittances_suite",
    demo="etl.demo.migration:demo_knomad",
)
