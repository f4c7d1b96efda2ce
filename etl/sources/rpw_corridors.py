"""RPW (Corridors) DataBank CSV export: published corridor average costs, one row per quarter.

Format (World Bank DataBank, database "Remittance Prices Worldwide (Corridors)", CSV download):
UTF-8 BOM; header `Sending Countries Name, Sending Countries Code, Series Name, Series Code,
Receiving Countries  Name, Receiving Countries  Code` (DataBank writes a double space in the
receiving-country columns) then one column per period, `2011Q1 [YR2011Q1]` … (half-yearly until
2012, quarterly from 2013Q1). One row per sending x receiving x series; `..` = no value. After
the data: blank comma rows, then a footer `Data from database: …` / `Last Updated: MM/DD/YYYY`.

Rules:
- COLUMNS: the six key columns (spaces compared collapsed, so a single-space variant is read
  too) and at least one period column are required; otherwise SchemaMismatch naming them.
- VINTAGE: `Last Updated:` is read as MM/DD/YYYY, DataBank's US format (the 2020 export says
  12/07/2020, the date in its name is 2020-12-07). A missing footer means the file was cut
  short or exported without it: ParseError.
- VALUES: `..` -> null in parse (the export is kept cell for cell), any other non-number is a
  ParseError with row and column. clean drops the nulls: the published table holds only
  corridor-quarters the World Bank reported.
- ROWS: data ends at the first blank row; a data row after it, or a repeated sending x
  receiving x series, is a ParseError.

Network: the World Bank API v2 does not serve this database. Its /v2/sources list has
"Remittance Prices Worldwide (Sending Countries)" (id 76, code RWS) and "(Receiving Countries)"
(id 77, code RWR), each with one country dimension, and no corridor (country-pair) source. So
`fetch` explains how to export the file from DataBank by hand instead of guessing an endpoint.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import polars as pl
import requests

from core.errors import ParseError, SchemaMismatch, SourceFetchError
from core.i18n import N_, _
from etl.schemas import RPW_CORRIDORS, conform
from etl.sources.base import Downloaded, SourceSpec

NAME = "rpw_corridors"
# How the published file encodes "not available" and what becomes of it (issue 10).
MISSING_ENCODING = '".." (DataBank "no data"): the cell is dropped'
DATABANK_URL = "https://databank.worldbank.org/"
KEY_COLUMNS: dict[str, str] = {
    "Sending Countries Name": "sending_name",
    "Sending Countries Code": "sending_code",
    "Series Name": "series_name",
    "Series Code": "series_code",
    "Receiving Countries Name": "receiving_name",  # published with a double space
    "Receiving Countries Code": "receiving_code",
}
_PERIOD = re.compile(r"^(\d{4})Q([1-4]) \[YR\d{4}Q[1-4]\]$")
_UPDATED = re.compile(r"^Last Updated:\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_MISSING = ".."

# Translated where it is raised; DataBank's own names (its English interface) are placeholders.
HOW_TO_EXPORT = N_(
    "the World Bank API v2 does not serve the RPW Corridors database (its sources list has only "
    "{sending}, id 76, and {receiving}, id 77). Export it by hand: open {url}, choose the "
    "database {database}, select all {sending_dimension}, all {receiving_dimension}, the series "
    "{series} and all quarters, then {menu}; unzip it and run {command} (the file ends in "
    "{suffix})"
)
HOW_TO_EXPORT_WORDS = {
    "sending": "RPW Sending Countries",
    "receiving": "RPW Receiving Countries",
    "url": "https://databank.worldbank.org/",
    "database": "'Remittance Prices Worldwide (Corridors)'",
    "sending_dimension": "Sending Countries",
    "receiving_dimension": "Receiving Countries",
    "series": "ATCR.CORR",
    "menu": "Download options > CSV",
    "command": "`python -m etl run --source rpw_corridors --raw-dir FOLDER`",
    "suffix": "_Data.csv",
}


def _norm(name: str) -> str:
    """Header cell with runs of spaces collapsed (DataBank writes 'Countries  Name')."""
    return " ".join(name.split())


def _columns(header: list[str], path: Path) -> tuple[dict[str, int], dict[int, str]]:
    """Key column positions and column -> time period ("2011-Q1"); SchemaMismatch if absent."""
    names = [_norm(h) for h in header]
    missing = [k for k in KEY_COLUMNS if k not in names]
    periods = {
        j: f"{m.group(1)}-Q{m.group(2)}" for j, n in enumerate(names) if (m := _PERIOD.match(n))
    }
    if not periods:
        missing.append(_("quarter columns such as {example}").format(example="'2011Q1 [YR2011Q1]'"))
    if missing:
        raise SchemaMismatch(NAME, str(path), missing)
    return {KEY_COLUMNS[k]: names.index(k) for k in KEY_COLUMNS}, periods


def _footer_date(lines: list[list[str]], start: int, path: Path) -> date:
    """The `Last Updated: MM/DD/YYYY` footer; only blank and footer rows may follow the data."""
    found: date | None = None
    for i, row in enumerate(lines[start:], start=start + 1):
        first = row[0].strip() if row else ""
        if not any(c.strip() for c in row) or first.startswith("Data from database"):
            continue
        m = _UPDATED.match(first)
        if not m:
            raise ParseError(
                str(path), _("unexpected row after the data block"), row=i, value=first
            )
        try:
            found = date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
        except ValueError:
            raise ParseError(
                str(path),
                _("footer date is not {format}").format(format="MM/DD/YYYY"),
                row=i,
                value=first,
            ) from None
    if found is None:
        raise ParseError(
            str(path),
            _("no {footer} footer").format(footer="'Last Updated: MM/DD/YYYY'"),
            hint=_("The file may be cut short; export it again from DataBank with the footer."),
        )
    return found


def _value(cell: str, path: Path, row: int, column: str) -> float | None:
    """`..` -> None, otherwise a float; anything else is a ParseError."""
    text = cell.strip()
    if text == _MISSING:
        return None
    try:
        return float(text)
    except ValueError:
        raise ParseError(
            str(path),
            _("expected a number or {missing}").format(missing="'..'"),
            row=row,
            column=column,
            value=cell,
        ) from None


def _read(path: Path) -> list[list[str]]:
    """All CSV rows (BOM removed)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            return list(csv.reader(f))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ParseError(
            str(path), _("not a readable UTF-8 CSV file ({detail})").format(detail=exc)
        ) from exc


def parse(path: Path) -> pl.DataFrame:
    """One DataBank export into long rows (corridor x period), `..` kept as null."""
    lines = _read(path)
    if not lines:
        raise ParseError(str(path), _("the file is empty"))
    keys, periods = _columns(lines[0], path)
    width = len(lines[0])
    out: dict[str, list[object]] = {c: [] for c in RPW_CORRIDORS if c != "last_updated"}
    seen: dict[tuple[str, str, str], int] = {}
    end = len(lines)
    for i, row in enumerate(lines[1:], start=2):
        if not any(c.strip() for c in row):
            end = i - 1
            break
        if len(row) != width:
            raise ParseError(
                str(path),
                _("row has {cells} cells, expected {width}").format(cells=len(row), width=width),
                row=i,
            )
        key = (row[keys["sending_code"]], row[keys["receiving_code"]], row[keys["series_code"]])
        if key in seen:
            raise ParseError(
                str(path),
                _("repeats the row {row} ({key})").format(row=seen[key], key="/".join(key)),
                row=i,
            )
        seen[key] = i
        for j, period in periods.items():
            for col, k in keys.items():
                out[col].append(row[k].strip())
            out["time_period"].append(period)
            out["value"].append(_value(row[j], path, i, lines[0][j]))
    updated = _footer_date(lines, end, path)
    return pl.DataFrame(out).with_columns(last_updated=pl.lit(updated)).pipe(conform, RPW_CORRIDORS)


def clean(df: pl.DataFrame) -> pl.DataFrame:
    """Pure: reported values only, one per corridor x series x period (latest export wins)."""
    return (
        conform(df, RPW_CORRIDORS)
        .filter(pl.col("value").is_not_null())
        .sort("last_updated", descending=True, nulls_last=True)
        .unique(
            subset=["sending_code", "receiving_code", "series_code", "time_period"],
            keep="first",
            maintain_order=True,
        )
        .sort(["sending_code", "receiving_code", "series_code", "time_period"])
    )


def fetch(session: requests.Session, dest: Path) -> list[Downloaded]:
    """Not downloadable by API: raises SourceFetchError saying how to export it by hand."""
    raise SourceFetchError(NAME, DATABANK_URL, _(HOW_TO_EXPORT).format(**HOW_TO_EXPORT_WORDS))


SPEC = SourceSpec(
    name=NAME,
    title="Remittance Prices Worldwide (Corridors): published corridor average cost",
    dataset="rpw_corridors",
    schema=RPW_CORRIDORS,
    locator=("sending_code", "receiving_code", "series_code", "time_period"),
    publisher="World Bank (RPW Corridors, DataBank)",
    licence="CC BY 4.0",
    url=DATABANK_URL,
    raw_patterns=("rpw_corridors*.csv", "*_Data.csv"),
    fetch=fetch,
    parse=parse,
    clean=clean,
    citation="World Bank, Remittance Prices Worldwide (Corridors), DataBank (CC BY 4.0).",
    suite="etl.validation.suites.remittance:rpw_corridors_suite",
    no_demo="published corridor averages: the demo computes them from the demo quotes",
)
