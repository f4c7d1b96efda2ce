"""World Bank bilateral matrices 2017: migrant stocks (persons) and remittances (US$ million).

Files: `WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx` (sheet `Bilateral_Migration_2017`,
origin down x destination across) and `WB_Bilateral_Remittance_Estimates_2017.xlsx` (sheet
`Bilateral_Remittances_2017`, header cell "receiving (across) / sending (down)"). Both have a
title in row 1, the header in row 2, and "Notes:" rows below a blank row.

One long row per matrix cell. `origin_*` is the row (down) side and `destination_*` the column
(across) side, i.e. the direction of the flow: for migration, where people come from -> where
they live; for remittances, the sending country (where migrants live) -> the receiving country.

Rules (by content, not by position):
- SHEET: the sheet named `Bilateral_Migration_<year>` or `Bilateral_Remittances_<year>`; any
  other sheet (the copy's `countries-comparison`, with wrong codes, or `remshare`) is ignored.
- HEADER: the first row, within the first 10, with at least 10 text cells after column A.
- DATA BLOCK: rows below the header until the first blank row; later rows are notes and may
  not carry numbers.
- TOTALS: rows/columns whose label is a total ("World", "WORLD", "Total") are excluded; they can
  be recomputed. "Other North" / "Other South" (residual groups) are kept with iso3 null.
- VALUES: numbers as published (0 kept). A blank cell or "-" (India<->Pakistan, Israel<->Lebanon
  in the remittance matrix) is kept as a null value with `value_note` saying so.
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

NAME = "wb_bilateral"
# How the published file encodes "not available" and what becomes of it (issue 10).
MISSING_ENCODING = (
    'blank cell or "-" (unpublished pairs): null; 0 kept as published (a modelled zero flow)'
)
PAGE_URL = (
    "https://www.worldbank.org/en/topic/migrationremittancesdiasporaissues/brief/"
    "migration-remittances-data"
)
# The World Bank moves these files between releases; the office sets the current links.
URL_ENV: dict[str, str] = {
    "WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx": "M_E_WB_BILATERAL_MIGRATION_URL",
    "WB_Bilateral_Remittance_Estimates_2017.xlsx": "M_E_WB_BILATERAL_REMITTANCES_URL",
}

SCHEMA: dict[str, pl.DataType] = {
    "matrix": pl.String(),  # "migration_2017" | "remittances_2017"
    "origin_name": pl.String(),  # row label as published (migrants' origin / sending country)
    "origin_iso3": pl.String(),  # null for the residual groups "Other North" / "Other South"
    "destination_name": pl.String(),  # column label (migrants' destination / receiving country)
    "destination_iso3": pl.String(),
    "involves_residual": pl.Boolean(),  # either side is "Other North" / "Other South"
    "value": pl.Float64(),  # persons (migration) or US$ million (remittances)
    "unit": pl.String(),  # "persons" | "US$ million"
    "value_note": pl.String(),  # why value is null, e.g. "published as '-'"
    "reference_year": pl.Int16(),
    "source_file": pl.String(),
    "sheet_row": pl.Int32(),  # 1-based Excel row of the origin
}

_SHEET = re.compile(r"^bilateral_(migration|remittances)_(\d{4})$", re.IGNORECASE)
_UNITS = {"migration": "persons", "remittances": "US$ million"}
_UNPUBLISHED = {"-", "..", "n.a.", "na"}
Row = tuple[object, ...]


def _text(cell: object) -> str:
    """A cell as single-spaced text ("" for empty)."""
    return "" if cell is None else " ".join(str(cell).replace("\xa0", " ").split())


def _read_sheet(path: Path) -> tuple[list[Row], str, int]:
    """Rows of the bilateral sheet of a workbook, with its matrix kind and reference year."""
    found: list[tuple[str, int]] = []

    def pick(names: list[str]) -> str:
        """The first sheet named Bilateral_<kind>_<year>."""
        for n in names:
            if m := _SHEET.match(n.strip()):
                found.append((m.group(1).lower(), int(m.group(2))))
                return n
        raise ParseError(
            str(path),
            _("no sheet named {migration} or {remittances} (sheets: {sheets})").format(
                migration="Bilateral_Migration_<year>",
                remittances="Bilateral_Remittances_<year>",
                sheets=", ".join(names),
            ),
        )

    rows = wb_names.read_rows(path, pick)
    return rows, found[0][0], found[0][1]


def _header_index(rows: list[Row], path: Path) -> int:
    """Index of the row holding the column (destination / receiving) names."""
    for i, row in enumerate(rows[:10]):
        if sum(1 for c in row[1:] if isinstance(c, str) and c.strip()) >= 10:
            return i
    raise ParseError(
        str(path),
        _("no header row with country names across in the first 10 rows"),
        hint=_("Use the unmodified World Bank bilateral matrix workbook."),
    )


def _columns(header: Row) -> dict[int, str]:
    """Column index -> destination label, without totals and empty cells."""
    out = {}
    for j, cell in enumerate(header[1:], start=1):
        label = _text(cell)
        if label and not _is_total(label):
            out[j] = label
    return out


def _is_total(label: str) -> bool:
    """True if the label is a total (World, Total, regions) rather than a country."""
    m = wb_names.resolve(label)
    return m is not None and m.kind == "aggregate"


def _cell(cell: object, path: Path, row: int, column: str) -> tuple[float | None, str | None]:
    """A matrix cell as (value, note)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell), None
    text = _text(cell)
    if not text:
        return None, "blank cell in the published matrix"
    if text.lower() in _UNPUBLISHED:
        return None, f"published as {text!r} (estimate not published)"
    raise ParseError(
        str(path),
        _("expected a number, a blank or {dash}").format(dash="'-'"),
        row=row,
        column=column,
        value=cell,
    )


def _data_rows(rows: list[Row], start: int, cols: dict[int, str], path: Path) -> list[int]:
    """Indexes of matrix rows: from `start` to the first blank row; notes may not hold numbers."""
    out: list[int] = []
    in_notes = False
    for i in range(start, len(rows)):
        row = rows[i]
        if all(_text(c) == "" for c in row):
            in_notes = in_notes or bool(out)
            continue
        if in_notes:
            nums = [j for j in cols if j < len(row) and isinstance(row[j], int | float)]
            if nums:
                raise ParseError(
                    str(path),
                    _("a note row (after the matrix) carries numbers"),
                    row=i + 1,
                    column=cols[nums[0]],
                    value=row[nums[0]],
                )
            continue
        if not _is_total(_text(row[0])):
            out.append(i)
    return out


def parse(path: Path) -> pl.DataFrame:
    """Read the bilateral sheet of one workbook into long rows (names not yet resolved)."""
    rows, kind, year = _read_sheet(path)
    h = _header_index(rows, path)
    cols = _columns(rows[h])
    data = _data_rows(rows, h + 1, cols, path)
    if not data:
        raise ParseError(
            str(path),
            _("no matrix rows below the header"),
            row=h + 1,
            hint=_("The file looks truncated; download it again."),
        )
    origin, dest, values, notes, sheet_rows = [], [], [], [], []
    for i in data:
        row, label = rows[i], _text(rows[i][0])
        if not label:
            raise ParseError(
                str(path), _("a matrix row has no country name"), row=i + 1, column="A"
            )
        for j, dest_label in cols.items():
            v, note = _cell(row[j] if j < len(row) else None, path, i + 1, dest_label)
            origin.append(label)
            dest.append(dest_label)
            values.append(v)
            notes.append(note)
            sheet_rows.append(i + 1)
    return pl.DataFrame(
        {
            "origin_name": origin,
            "destination_name": dest,
            "value": values,
            "value_note": notes,
            "sheet_row": sheet_rows,
        },
        schema={
            "origin_name": pl.String(),
            "destination_name": pl.String(),
            "value": pl.Float64(),
            "value_note": pl.String(),
            "sheet_row": pl.Int32(),
        },
    ).with_columns(
        matrix=pl.lit(f"{kind}_{year}"),
        unit=pl.lit(_UNITS[kind]),
        reference_year=pl.lit(year, dtype=pl.Int16()),
        source_file=pl.lit(path.name),
    )


def _lookup(matches: dict[str, wb_names.NameMatch], side: str) -> pl.DataFrame:
    """Name -> iso3 / residual table for one side of the matrix."""
    return pl.DataFrame(
        {
            f"{side}_name": list(matches),
            f"{side}_iso3": [m.iso3 for m in matches.values()],
            f"{side}_residual": [m.kind == "residual" for m in matches.values()],
        },
        schema={
            f"{side}_name": pl.String(),
            f"{side}_iso3": pl.String(),
            f"{side}_residual": pl.Boolean(),
        },
    )


def clean(df: pl.DataFrame) -> pl.DataFrame:
    """Resolve both sides to ISO3; an unknown name raises ParseError listing every one."""
    names = set(df["origin_name"].to_list()) | set(df["destination_name"].to_list())
    matches, unmatched = wb_names.resolve_all(names)
    if unmatched:
        files = ", ".join(df["source_file"].unique().sort().to_list())
        raise ParseError(
            files,
            ngettext(
                "{n} country name is not known: {names}",
                "{n} country names are not known: {names}",
                len(unmatched),
            ).format(n=len(unmatched), names=", ".join(repr(n) for n in unmatched)),
            hint=_("Add the World Bank spelling to {aliases} in {file}.").format(
                aliases="ALIASES", file="etl/sources/wb_names.py"
            ),
        )
    out = (
        df.join(_lookup(matches, "origin"), on="origin_name", how="left")
        .join(_lookup(matches, "destination"), on="destination_name", how="left")
        .with_columns(involves_residual=pl.col("origin_residual") | pl.col("destination_residual"))
        .sort("matrix", "sheet_row", "destination_name")
    )
    return conform(out, SCHEMA)


def fetch(session: requests.Session, dest: Path) -> list[Downloaded]:
    """Download both workbooks from the URLs set in M_E_WB_BILATERAL_*_URL."""
    missing = [env for env in URL_ENV.values() if not os.environ.get(env)]
    if missing:
        raise SourceFetchError(
            NAME,
            PAGE_URL,
            _(
                "the World Bank has no stable file URL for the 2017 matrices; set {variables}, "
                "or download {stocks} and {remittances} from that page"
            ).format(
                variables=", ".join(missing),
                stocks="WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx",
                remittances="WB_Bilateral_Remittance_Estimates_2017.xlsx",
            ),
        )
    return [
        Downloaded(http.download(session, os.environ[env], NAME, dest), name, os.environ[env])
        for name, env in URL_ENV.items()
    ]


SPEC = SourceSpec(
    name=NAME,
    title="World Bank bilateral migration and remittance matrices 2017",
    dataset="wb_bilateral",
    schema=SCHEMA,
    locator=("matrix", "origin_name", "destination_name"),
    publisher="World Bank / KNOMAD",
    licence="CC BY 4.0",
    url=PAGE_URL,
    raw_patterns=(
        "WB_Bilateral_Estimates_Migrant_Stocks_*.xlsx",
        "WB_Bilateral_Remittance_Estimates_*.xlsx",
    ),
    fetch=fetch,
    parse=parse,
    clean=clean,
    citation="World Bank, Bilateral Migration Matrix 2017 and Bilateral Remittance Matrix 2017",
    suite="etl.validation.suites.migration:wb_bilateral_suite",
    prepare="etl.validation.suites.migration:prepare_wb_bilateral",
    demo="etl.demo.datasets:demo_wb_bilateral",
)
