"""UN DESA IMS 2020 annex: the M49 <-> ISO3 <-> region lookup that tells countries from aggregates.

File: `aggregates_correspondence_table_2020_1.xlsx`, sheet `Annex`. Rows 1-9 are a title and
citation, row 10 holds group labels over merged cells ("Location Type", "SDG region",
"World Bank income groups", ...), row 11 the sub-labels ("Code", "Name", "ISO3 Alpha-code", and
one flag column per development / income group whose label ends in the group's M49 code, e.g.
"Least developed countries\\n941"). Columns are found by these labels, never by position.

Rules:
- COUNTRY: a row is a country or area exactly when it has an ISO3 alpha code; every aggregate
  (WORLD, SDG regions, subregions, development and income groups) has none. A row whose
  "Location Type" disagrees with that (a Country/Area without ISO3, or an aggregate with one)
  raises ParseError. Measured on the 2020 file: 235 countries and areas, 48 aggregates.
- DUPLICATES: "Australia and New Zealand" (927) is listed twice, as SDG region and as
  subregion; the first row is kept, so m49 is unique in the lookup.
- NAMES: published names carry indentation and a trailing "*" pointing to a note; both are
  removed (`clean_name`). The note reference is kept in `notes`.
- FLAGS: ldc / lldc / sids / more_developed are True/False for countries and null for
  aggregates (not applicable). `wb_income_group` is the World Bank group of June 2020 (one of
  INCOME_GROUPS); null where the file says "No income group available".
- SDG SUBREGION: kept as published: only filled for Europe / Northern America (the two parts of
  the SDG region "Europe and Northern America"); `subregion` is the M49 geographic subregion.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path

import polars as pl
import requests

from core.errors import ParseError, SchemaMismatch
from core.i18n import _
from etl.net import http
from etl.schemas import conform
from etl.sources.base import Downloaded, SourceSpec

NAME = "undesa_regions"
# How the published file encodes "not available" and what becomes of it (issue 10).
MISSING_ENCODING = "blank cell: the classification does not apply (no numeric values in this table)"
FILE_NAME = "aggregates_correspondence_table_2020_1.xlsx"
PAGE_URL = "https://www.un.org/development/desa/pd/content/international-migrant-stock"
# Where UN DESA serves the IMS 2020 files; an office behind a mirror sets M_E_UNDESA_BASE_URL.
DEFAULT_BASE_URL = (
    "https://www.un.org/development/desa/pd/sites/www.un.org.development.desa.pd/files/"
)
BASE_URL_ENV = "M_E_UNDESA_BASE_URL"
LICENCE = "CC BY 3.0 IGO"
CITATION = (
    "United Nations Department of Economic and Social Affairs, Population Division (2020). "
    "International Migrant Stock 2020."
)

SCHEMA: dict[str, pl.DataType] = {
    "m49": pl.Int32(),  # UN M49 numeric code ("Location code")
    "iso3": pl.String(),  # ISO 3166-1 alpha-3; null for aggregates
    "name": pl.String(),  # as published, without indentation and trailing "*"
    "is_country": pl.Boolean(),  # True for countries / areas (they have an ISO3 code)
    "location_type": pl.String(),  # "Country/Area" | "SDG region" | "Subregion" | ... | "World"
    "parent_m49": pl.Int32(),
    "subregion": pl.String(),  # M49 geographic subregion, e.g. "Eastern Africa"
    "sdg_region": pl.String(),  # e.g. "Sub-Saharan Africa"
    "sdg_subregion": pl.String(),  # as published: "Europe" | "Northern America" | null
    "geographic_region": pl.String(),  # continent, e.g. "Africa"
    "more_developed": pl.Boolean(),
    "ldc": pl.Boolean(),  # least developed country
    "lldc": pl.Boolean(),  # land-locked developing country
    "sids": pl.Boolean(),  # small island developing State
    "wb_income_group": pl.String(),  # one of INCOME_GROUPS; null if none available
    "notes": pl.String(),  # note reference(s) as published
    "source_file": pl.String(),
    "sheet_row": pl.Int32(),  # 1-based Excel row, for tracing a value back to the file
}

# Flag columns are identified by the M49 code of the group at the end of their label.
FLAG_CODES: dict[str, int] = {"more_developed": 901, "ldc": 941, "lldc": 1636, "sids": 1637}
INCOME_GROUPS: dict[int, str | None] = {
    1503: "High income",
    1502: "Upper middle income",
    1501: "Lower middle income",
    1500: "Low income",
    1518: None,  # "No income group available"
}
# (group label in row 10, sub-label in row 11) -> output column.
NAMED_COLUMNS: dict[tuple[str, str], str] = {
    ("", "Notes"): "notes",
    ("", "Location code"): "m49",
    ("", "ISO3 Alpha-code"): "iso3",
    ("Location Type", "Name"): "location_type",
    ("Parent Location code", ""): "parent_m49",
    ("Subregion", "Name"): "subregion",
    ("SDG subregion", "Name"): "sdg_subregion",
    ("SDG region", "Name"): "sdg_region",
    ("Geographic region", "Name"): "geographic_region",
}
COUNTRY_TYPE = "Country/Area"
Row = tuple[object, ...]
_ISO3 = re.compile(r"^[A-Z]{3}$")
_TRAILING_CODE = re.compile(r"\n\s*(\d+)\s*$")


def text(cell: object) -> str:
    """A cell as single-spaced NFC text ("" for empty)."""
    if cell is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(cell)).replace("\xa0", " ").split())


def clean_name(cell: object) -> str:
    """A published area name without indentation or the trailing note marker "*"."""
    return text(cell).rstrip("*").strip()


def as_code(cell: object) -> int | None:
    """An M49 code cell as int (None if blank); raises ValueError if not a whole number."""
    if cell is None or text(cell) == "":
        return None
    if isinstance(cell, bool):
        raise ValueError(cell)
    if isinstance(cell, int | float) and float(cell).is_integer():
        return int(cell)
    return int(text(cell))


def read_sheets(path: Path, wanted: Iterable[str] | None = None) -> dict[str, list[Row]]:
    """Cell values of the wanted sheets (all if None), opening the workbook once."""
    import openpyxl  # lazy: 0.4 s to import, and only parsing needs it (issue 14)
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ParseError(
            str(path),
            _("not a readable Excel .xlsx workbook ({detail})").format(
                detail=f"{type(exc).__name__}: {exc}"
            ),
            hint=_("The download may be truncated or an error page; download the file again."),
        ) from exc
    try:
        names = [n for n in wb.sheetnames if wanted is None or n in set(wanted)]
        return {n: [tuple(r) for r in wb[n].iter_rows(values_only=True)] for n in names}
    finally:
        wb.close()


def is_correspondence(sheets: dict[str, list[Row]]) -> bool:
    """True if the workbook is the annex (a sheet `Annex` with an "ISO3 Alpha-code" header)."""
    rows = sheets.get("Annex", [])
    return any("ISO3 Alpha-code" in (text(c) for c in r) for r in rows[:20])


def _header_index(rows: list[Row], path: Path) -> int:
    """Index of the sub-label row (the one holding "ISO3 Alpha-code")."""
    for i, row in enumerate(rows[:20]):
        if i > 0 and "ISO3 Alpha-code" in (text(c) for c in row):
            return i
    raise ParseError(
        str(path),
        _("no header row with {label} in the first 20 rows of sheet {sheet}").format(
            label="'ISO3 Alpha-code'", sheet="Annex"
        ),
        hint=_("Use the unmodified UN DESA file {file}.").format(file=FILE_NAME),
    )


def _column_map(groups: Row, labels: Row) -> dict[str, int]:
    """Output column -> index, from the merged group row and the sub-label row."""
    out: dict[str, int] = {}
    group = ""
    for j in range(max(len(groups), len(labels))):
        g = text(groups[j]) if j < len(groups) else ""
        group = g or group
        raw = labels[j] if j < len(labels) else None
        label = text(raw)
        if j > 0 and label.startswith("Region, subregion, country or area"):
            out["name"] = j
        key = NAMED_COLUMNS.get((group, label)) or NAMED_COLUMNS.get(("", label))
        if key and key not in out:
            out[key] = j
        m = _TRAILING_CODE.search(str(raw)) if isinstance(raw, str) else None
        if m:
            out[f"flag_{int(m.group(1))}"] = j
    return out


def _required() -> list[str]:
    """Every column the parser needs from the annex."""
    flags = [f"flag_{c}" for c in [*FLAG_CODES.values(), *INCOME_GROUPS]]
    return ["name", *NAMED_COLUMNS.values(), *flags]


def _income_group(row: Row, cols: dict[str, int], path: Path, excel_row: int) -> str | None:
    """The one World Bank income group flagged on a country row."""
    hits = [code for code in INCOME_GROUPS if text(row[cols[f"flag_{code}"]]) != ""]
    if len(hits) != 1:
        raise ParseError(
            str(path),
            _("a country should be in exactly one World Bank income group, found {n}").format(
                n=len(hits)
            ),
            row=excel_row,
            column="World Bank income groups",
        )
    return INCOME_GROUPS[hits[0]]


def _record(row: Row, cols: dict[str, int], path: Path, excel_row: int) -> dict[str, object]:
    """One annex row as a dict of SCHEMA values."""
    iso3 = text(row[cols["iso3"]]) or None
    loc_type = text(row[cols["location_type"]]) or "World"
    is_country = iso3 is not None
    if is_country != (loc_type == COUNTRY_TYPE) or (iso3 and not _ISO3.match(iso3)):
        raise ParseError(
            str(path),
            _(
                "location type {type} does not fit the ISO3 code {iso3} "
                "(only countries/areas have a 3-letter code)"
            ).format(type=repr(loc_type), iso3=repr(iso3)),
            row=excel_row,
            column="ISO3 Alpha-code",
            value=iso3,
        )
    rec: dict[str, object] = {
        k: text(row[cols[k]]) or None
        for k in ("subregion", "sdg_region", "sdg_subregion", "geographic_region", "notes")
    }
    try:
        rec["m49"] = as_code(row[cols["m49"]])
        rec["parent_m49"] = as_code(row[cols["parent_m49"]])
    except ValueError as exc:
        raise ParseError(
            str(path),
            _("a location code is not a whole number"),
            row=excel_row,
            value=str(exc),
        ) from exc
    flags = {k: text(row[cols[f"flag_{c}"]]) != "" for k, c in FLAG_CODES.items()}
    income = _income_group(row, cols, path, excel_row) if is_country else None
    return {
        **rec,
        **{k: (v if is_country else None) for k, v in flags.items()},
        "iso3": iso3,
        "name": clean_name(row[cols["name"]]),
        "is_country": is_country,
        "location_type": loc_type,
        "wb_income_group": income,
        "sheet_row": excel_row,
    }


def parse(path: Path) -> pl.DataFrame:
    """Read the Annex sheet into one row per area (countries and aggregates)."""
    sheets = read_sheets(path, ["Annex"])
    if not is_correspondence(sheets):
        raise ParseError(
            str(path),
            _("no sheet {sheet} with an {column} column").format(
                sheet="'Annex'", column="'ISO3 Alpha-code'"
            ),
        )
    rows = sheets["Annex"]
    h = _header_index(rows, path)
    cols = _column_map(rows[h - 1], rows[h])
    missing = [c for c in _required() if c not in cols]
    if missing:
        raise SchemaMismatch(NAME, str(path), missing)
    width = max(cols.values()) + 1
    records = []
    for i in range(h + 1, len(rows)):
        row = tuple(rows[i]) + (None,) * max(0, width - len(rows[i]))
        if text(row[cols["name"]]) == "" and text(row[cols["m49"]]) == "":
            continue  # blank spacer row
        records.append(_record(row, cols, path, i + 1))
    if not records:
        raise ParseError(str(path), _("no area rows below the header"), row=h + 1)
    df = pl.DataFrame(records, schema={k: v for k, v in SCHEMA.items() if k != "source_file"})
    return df.with_columns(source_file=pl.lit(path.name))


def clean(df: pl.DataFrame) -> pl.DataFrame:
    """One row per M49 code (first listing kept), ordered as in the file."""
    missing = df.filter(pl.col("m49").is_null())
    if missing.height:
        r = missing.row(0, named=True)
        raise ParseError(
            str(r["source_file"]), _("an area has no location code"), row=r["sheet_row"]
        )
    out = df.sort("source_file", "sheet_row").unique(
        subset="m49", keep="first", maintain_order=True
    )
    return conform(out, SCHEMA)


def load_lookup(path: Path) -> pl.DataFrame:
    """The cleaned lookup (m49, iso3, name, regions, flags, is_country) from the annex file."""
    return clean(parse(path))


def correspondence_rows(path: Path) -> pl.DataFrame:
    """The annex as rows of `kind` "correspondence" (m49, iso3, area_name, is_country).

    Source modules whose tables key on codes or names read the annex from the same snapshot
    this way, and join it in `clean`.
    """
    return load_lookup(path).select(
        pl.lit("correspondence").alias("kind"),
        "m49",
        "iso3",
        pl.col("name").alias("area_name"),
        "is_country",
        "source_file",
    )


def base_url() -> str:
    """Folder URL of the IMS 2020 files (M_E_UNDESA_BASE_URL overrides the UN DESA site)."""
    return os.environ.get(BASE_URL_ENV, DEFAULT_BASE_URL).rstrip("/") + "/"


def download_files(session: requests.Session, dest: Path, names: Iterable[str]) -> list[Downloaded]:
    """Download the named IMS files from base_url() (each complete or not at all)."""
    out = []
    for name in names:
        url = base_url() + name
        out.append(Downloaded(http.download(session, url, NAME, dest), name, url))
    return out


def fetch(session: requests.Session, dest: Path) -> list[Downloaded]:
    """Download the 2020 correspondence table."""
    return download_files(session, dest, [FILE_NAME])


SPEC = SourceSpec(
    name=NAME,
    title="UN DESA International Migrant Stock 2020: classification of countries and areas",
    dataset="undesa_regions",
    schema=SCHEMA,
    locator=("m49", "name"),
    publisher="United Nations, DESA, Population Division",
    licence=LICENCE,
    url=PAGE_URL,
    raw_patterns=("aggregates_correspondence_table_*.xlsx",),
    fetch=fetch,
    parse=parse,
    clean=clean,
    citation=CITATION,
    suite="etl.validation.suites.migration:undesa_regions_suite",
    demo="etl.demo.migration:demo_regions",
)
