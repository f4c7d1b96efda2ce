"""UN DESA International Migrant Stock (IMS 2020, IMS 2019): totals by destination and origin.

Workbooks (as published):
- `undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx`: Table 1 stock by destination,
  Table 2 population (thousands), Table 3 stock as % of population, Table 6 refugees and
  asylum seekers; each in both-sexes / male / female blocks (Table 6: both sexes only).
- `undesa_pd_2020_ims_stock_by_sex_and_origin.xlsx`: Table 1 stock by origin (adds a row
  "OTHER", code 2003: migrants of unknown origin).
- `UN_MigrantStockTotal_2019.xlsx`: the same tables of IMS 2019 (years 1990-2015 and 2019).
- `aggregates_correspondence_table_2020_1.xlsx`: the M49 -> ISO3 annex (see undesa_regions).

Layout, found by content, never by position: the header row holds "Location code" (2019:
"Code"); the years are on that row (2020) or the next (2019); each block of years sits under a
title ("International migrant stock at mid-year, males", ...) on the nearest row above the
years that has text. Blocks are recognised by BLOCK_RULES; other blocks and tables (% female,
rates of change, refugees as % of stock) are skipped. 2019 section headings without a code
("UN development groups", values "..") are skipped.

Countries vs aggregates (decided here): `parse` reads each workbook on its own; the annex comes
through the same snapshot as rows of `kind` "correspondence", and `clean` joins iso3 and
is_country by M49 code. A snapshot without the annex raises ParseError (no silent fallback to
a name or code rule). As a consistency check, a code below 900 (UN DESA's range for countries)
that the annex does not list raises ParseError; codes of 900 and above that it does not list
(2019 "EUROPE" 917, origin "OTHER" 2003) are aggregates.

Values: numbers as published (Table 2 in thousands, Table 3 in %). ".." (not available),
"~" (suppressed for privacy: fewer than 5), an em dash (less than half a unit) and blanks are
null, with `value_flag` saying which.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import requests

from core.errors import ParseError
from core.i18n import _, ngettext
from etl.schemas import conform
from etl.sources import undesa_regions as regions
from etl.sources.base import Downloaded, SourceSpec
from etl.sources.undesa_regions import Row, text

NAME = "undesa_stock"
# How the published file encodes "not available" and what becomes of it (issue 10).
MISSING_ENCODING = (
    '"..", "~" (suppressed, < 5), an em dash (< half a unit) and blanks: null with '
    "value_flag saying which"
)
FILES_2020 = (
    "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
    "undesa_pd_2020_ims_stock_by_sex_and_origin.xlsx",
    regions.FILE_NAME,
)
COUNTRY_CODE_LIMIT = 900  # M49 codes >= 900 are regions and groups in UN DESA tables

SCHEMA: dict[str, pl.DataType] = {
    "m49": pl.Int32(),
    "iso3": pl.String(),  # from the annex; null for aggregates
    "area_name": pl.String(),  # as published, without indentation and trailing "*"
    "is_country": pl.Boolean(),
    "measure": pl.String(),  # one of MEASURES
    "sex": pl.String(),  # "_T" | "M" | "F" (SDMX codes)
    "year": pl.Int16(),  # mid-year (1 July)
    "value": pl.Float64(),  # persons; thousands for population_thousands; % for pct_*
    "value_flag": pl.String(),  # why value is null: one of MARKERS' labels or "blank"
    "type_of_data": pl.String(),  # B / C / I (+ R): basis of the estimate, as published
    "notes": pl.String(),  # note reference(s) as published
    "edition": pl.String(),  # "2020" | "2019"
    "source_file": pl.String(),
    "sheet": pl.String(),
    "sheet_row": pl.Int32(),  # 1-based Excel row
}
MEASURES = (
    "stock_destination",
    "stock_origin",
    "population_thousands",
    "pct_of_population",
    "refugees",
)
# Block title (lower case, single-spaced) -> measure; "stock" is resolved per sheet.
BLOCK_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^international migrant stock at mid-year"), "stock"),
    (re.compile(r"^total\b.*\bpopulation\b.*\(thousands\)"), "population_thousands"),
    (
        re.compile(r"^international migrant stock as a percentage of the total population"),
        "pct_of_population",
    ),
    (re.compile(r"^(estimated )?refugee.*\bat mid-year\b"), "refugees"),
)
MARKERS: dict[str, str] = {
    "..": "not_available",
    "~": "suppressed_under_5",
    "\u2014": "less_than_half_unit",
}
_EDITION = (re.compile(r"Rev\.\s*(\d{4})"), re.compile(r"International Migrant Stock (\d{4})"))
_SHEET = re.compile(r"^Table \d+$")
Block = tuple[int, int, str, str]  # column, year, measure, sex


def _sex(title: str) -> str | None:
    """SDMX sex code named in a block title (checks "female" before "male")."""
    if "both sexes" in title:
        return "_T"
    if re.search(r"\bfemales?\b", title):
        return "F"
    if re.search(r"\bmales?\b", title):
        return "M"
    return None


def _edition(rows: list[Row], path: Path) -> str:
    """ "2020" / "2019" from "Rev.2020" or the title in the first rows."""
    top = " ".join(text(c) for r in rows[:20] for c in r)
    for pattern in _EDITION:
        if m := pattern.search(top):
            return m.group(1)
    raise ParseError(
        str(path),
        _("no {revision} or {title} title").format(
            revision="'Rev.<year>'", title="'International Migrant Stock <year>'"
        ),
    )


def _stock_measure(rows: list[Row], header: int) -> str | None:
    """stock_origin / stock_destination, from the words of the title and header rows."""
    top = " ".join(text(c) for r in rows[: header + 1] for c in r).lower()
    if "of origin" in top:
        return "stock_origin"
    return "stock_destination" if "of destination" in top else None


def _header(rows: list[Row]) -> tuple[int, int] | None:
    """(label row, year row) indexes; None if the sheet has no IMS table header."""
    for i, row in enumerate(rows[:30]):
        if {"Location code", "Code"} & {text(c) for c in row}:
            for y in (i, i + 1):
                if y < len(rows) and sum(_year(c) is not None for c in rows[y]) >= 3:
                    return i, y
    return None


def _year(cell: object) -> int | None:
    """A header cell as a year 1950-2100, else None (periods like "1990-1995" are None)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        return int(cell) if 1950 <= cell <= 2100 else None
    return None


def _blocks(rows: list[Row], year_row: int, stock: str | None, where: str) -> list[Block]:
    """Year columns with their measure and sex, from the block titles above them."""
    years = {j: y for j, c in enumerate(rows[year_row]) if (y := _year(c)) is not None}
    titles: dict[int, str] = {}
    for r in range(year_row - 1, max(-1, year_row - 6), -1):
        titles = {j: text(c).lower() for j, c in enumerate(rows[r]) if j >= min(years) and text(c)}
        if titles:
            break
    out: list[Block] = []
    for j, year in years.items():
        title = titles[max(k for k in titles if k <= j)] if any(k <= j for k in titles) else ""
        measure = next((m for p, m in BLOCK_RULES if p.search(title)), None)
        if measure is None:
            continue  # a block this source does not publish (% female, rates of change)
        measure = stock if measure == "stock" else measure
        if measure is None or _sex(title) is None:
            raise ParseError(
                where,
                _("cannot tell origin/destination or sex of a block"),
                row=year_row + 1,
                value=title,
            )
        out.append((j, year, measure, str(_sex(title))))
    return out


def _columns(label_row: Row) -> dict[str, int]:
    """Index of the name, notes, code and type-of-data columns."""
    out: dict[str, int] = {}
    for j, cell in enumerate(label_row):
        label = text(cell)
        if "country or area" in label and "name" not in out:
            out["name"] = j
        elif label == "Notes":
            out["notes"] = j
        elif label in ("Location code", "Code"):
            out["m49"] = j
        elif label.startswith("Type of data"):
            out["type_of_data"] = j
    return out


def _value(cell: object, where: tuple[Path, str, int, str]) -> tuple[float | None, str | None]:
    """(value, flag) of one data cell; unknown text raises ParseError naming the cell."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell), None
    t = text(cell)
    if t == "":
        return None, "blank"
    if t in MARKERS:
        return None, MARKERS[t]
    path, sheet, row, column = where
    raise ParseError(
        f"{path} [{sheet}]",
        _("expected a number or one of the published markers {markers}").format(
            markers="'..', '~', '\u2014'"
        ),
        row=row,
        column=column,
        value=cell,
        hint=_("Check that this is the unmodified UN DESA workbook."),
    )


def _type_of_data(cell: object) -> str | None:
    """Type-of-data codes as space-separated letters ("CR" and "C R " -> "C R")."""
    letters = [ch for ch in text(cell) if not ch.isspace()]
    return " ".join(letters) or None


def _code(row: Row, col: int, where: tuple[Path, str, int]) -> int | None:
    """The location code of a data row (None for a section heading)."""
    try:
        return regions.as_code(row[col])
    except ValueError as exc:
        path, sheet, r = where
        raise ParseError(
            f"{path} [{sheet}]",
            _("a location code is not a whole number"),
            row=r,
            value=row[col],
        ) from exc


def _parse_sheet(path: Path, sheet: str, rows: list[Row], edition: str) -> list[dict]:
    """One record per recognised data cell of one 'Table N' sheet."""
    head = _header(rows)
    if head is None:
        return []
    label_row, year_row = head
    where = f"{path} [{sheet}]"
    blocks = _blocks(rows, year_row, _stock_measure(rows, label_row), where)
    cols = _columns(rows[label_row])
    if not blocks or "name" not in cols or "m49" not in cols:
        return []
    width = max([*cols.values(), *(b[0] for b in blocks)]) + 1
    out = []
    for i in range(year_row + 1, len(rows)):
        row = tuple(rows[i]) + (None,) * max(0, width - len(rows[i]))
        code = _code(row, cols["m49"], (path, sheet, i + 1))
        if code is None:
            if any(isinstance(row[b[0]], int | float) for b in blocks):
                raise ParseError(where, _("a row with numbers has no location code"), row=i + 1)
            continue  # blank row or a 2019 section heading (values "..")
        base = {
            "m49": code,
            "area_name": regions.clean_name(row[cols["name"]]),
            "type_of_data": _type_of_data(row[cols["type_of_data"]])
            if "type_of_data" in cols
            else None,
            "notes": (text(row[cols["notes"]]) or None) if "notes" in cols else None,
            "sheet": sheet,
            "sheet_row": i + 1,
            "edition": edition,
        }
        for j, year, measure, sex in blocks:
            value, flag = _value(row[j], (path, sheet, i + 1, f"{measure} {sex} {year}"))
            out.append(
                base
                | {"measure": measure, "sex": sex, "year": year, "value": value, "value_flag": flag}
            )
    return out


def parse(path: Path) -> pl.DataFrame:
    """Read one IMS workbook (stock tables or the annex), detected by its content."""
    sheets = regions.read_sheets(path)
    if regions.is_correspondence(sheets):
        return regions.correspondence_rows(path)
    tables = {n: rows for n, rows in sheets.items() if _SHEET.match(n.strip())}
    if not tables:
        raise ParseError(
            str(path),
            _("no {table} sheets (sheets: {sheets})").format(
                table="'Table N'", sheets=", ".join(sheets)
            ),
        )
    edition = _edition(next(iter(tables.values())), path)
    records = [r for n, rows in tables.items() for r in _parse_sheet(path, n, rows, edition)]
    if not records:
        raise ParseError(
            str(path),
            _("no table with stock, population, % of population or refugee blocks was found"),
            hint=_("Use the unmodified UN DESA International Migrant Stock workbook."),
        )
    schema = {k: v for k, v in SCHEMA.items() if k not in ("iso3", "is_country", "source_file")}
    df = pl.DataFrame(records, schema=schema)
    return df.with_columns(kind=pl.lit("stock"), source_file=pl.lit(path.name))


def _unknown_countries(stock: pl.DataFrame, lookup: pl.DataFrame) -> pl.DataFrame:
    """Distinct (m49, area_name) of country-range codes that the annex does not list."""
    return (
        stock.join(lookup, on="m49", how="anti")
        .filter(pl.col("m49") < COUNTRY_CODE_LIMIT)
        .select("m49", "area_name")
        .unique()
        .sort("m49")
    )


def _drop_repeats(df: pl.DataFrame) -> pl.DataFrame:
    """Keep the first of a value listed twice (927 in 2020, 909 in 2019); differing copies raise."""
    key = ["edition", "measure", "sex", "m49", "year"]
    clash = df.group_by(key).agg(pl.col("value").n_unique().alias("n")).filter(pl.col("n") > 1)
    if clash.height:
        r = clash.sort(key).row(0, named=True)
        rows = df.join(clash.head(1), on=key).sort("sheet_row")
        at = _("{file} [{sheet}] row {row}")
        where = "; ".join(
            at.format(file=f, sheet=s, row=n)
            for f, s, n in rows.select("source_file", "sheet", "sheet_row").iter_rows()
        )
        raise ParseError(
            where,
            ngettext(
                "{n} value is given twice with different numbers, e.g. {value} for M49 {m49}",
                "{n} values are given twice with different numbers, e.g. {value} for M49 {m49}",
                clash.height,
            ).format(n=clash.height, value=f"{r['measure']} {r['sex']} {r['year']}", m49=r["m49"]),
            hint=_("Keep one copy of each UN DESA workbook per edition in the snapshot."),
        )
    return df.sort("source_file", "sheet", "sheet_row").unique(key, keep="first")


def clean(df: pl.DataFrame) -> pl.DataFrame:
    """Join iso3 / is_country from the annex by M49 code; check codes and duplicates."""
    stock = df.filter(pl.col("kind") == "stock")
    annex = df.filter(pl.col("kind") == "correspondence")
    files = ", ".join(sorted(set(df["source_file"].to_list())))
    if stock.is_empty():
        raise ParseError(files, _("the snapshot has no IMS stock workbook, only the annex"))
    if annex.is_empty():
        raise ParseError(
            files,
            _(
                "the snapshot has no correspondence table ({file}), which tells countries from "
                "aggregates by M49 code"
            ).format(file=regions.FILE_NAME),
            hint=_("Download it from the same UN DESA page into the same folder."),
        )
    lookup = annex.select("m49", "iso3", "is_country").unique("m49", keep="first")
    unknown = _unknown_countries(stock, lookup)
    if unknown.height:
        listed = ", ".join(f"{n} ({c})" for c, n in unknown.iter_rows())
        raise ParseError(
            files,
            ngettext(
                "{n} country code is not in the correspondence table: {codes}",
                "{n} country codes are not in the correspondence table: {codes}",
                unknown.height,
            ).format(n=unknown.height, codes=listed),
            hint=_("Use the correspondence table of the same or a newer IMS edition."),
        )
    out = (
        _drop_repeats(stock)
        .drop("iso3", "is_country", strict=False)
        .join(lookup, on="m49", how="left")
        .with_columns(pl.col("is_country").fill_null(False))
        .sort("edition", "measure", "sex", "sheet_row", "year")
    )
    return conform(out, SCHEMA)


def fetch(session: requests.Session, dest: Path) -> list[Downloaded]:
    """Download the IMS 2020 destination and origin workbooks and the annex."""
    return regions.download_files(session, dest, FILES_2020)


SPEC = SourceSpec(
    name=NAME,
    title="UN DESA International Migrant Stock: by destination and origin, population, refugees",
    dataset="undesa_stock",
    schema=SCHEMA,
    locator=("area_name", "measure", "sex", "year"),
    publisher="United Nations, DESA, Population Division",
    licence=regions.LICENCE,
    url=regions.PAGE_URL,
    raw_patterns=(
        "undesa_pd_2020_ims_stock_by_sex_and_*.xlsx",
        "UN_MigrantStockTotal_*.xlsx",
        "aggregates_correspondence_table_*.xlsx",
    ),
    fetch=fetch,
    parse=parse,
    clean=clean,
    citation=regions.CITATION,
    suite="etl.validation.suites.migration:undesa_stock_suite",
    demo="etl.demo.migration:demo_stock",
)
