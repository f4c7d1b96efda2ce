"""World Development Indicators bulk downloads (XLS and CSV), as published, into long rows.

Formats (both from api.worldbank.org/v2/en/indicator/<code>?downloadformat=excel|csv):
- XLS: sheet `Data` has a preamble (`Data Source`, `Last Updated Date` as an Excel serial date,
  a blank row), the header `Country Name, Country Code, Indicator Name, Indicator Code, 1960 …`
  on row 4, then one row per country or aggregate. Sheet `Metadata - Countries` lists every code
  with its Region; a blank Region marks an aggregate (World, regions, income groups).
- CSV: UTF-8 BOM, 4 preamble lines (`Data Source`, blank, `Last Updated Date` as yyyy-mm-dd,
  blank), then the same header; every line ends with a comma (an empty last column). The
  regions sit in a sibling `Metadata_Country_<same name>.csv`, which may be absent.

Rules:
- HEADER: the first row within the first 10 whose first cell is `Country Name`; year columns are
  the header cells that are 4-digit years. No header, or a missing key column: ParseError.
- VINTAGE: `Last Updated Date` of the preamble -> `last_updated`. Absent: ParseError (every
  number must say which release it comes from).
- VALUES: empty cells are "not published" and are dropped; anything else must be a number.
- AGGREGATES: blank Region in the country metadata. Without metadata (a lone CSV, or a code the
  metadata does not list) the code rule applies: a code is an economy if it is an ISO 3166-1
  alpha-3 code (pycountry) or one of the World Bank economy codes that are not ISO (XKX Kosovo,
  CHI Channel Islands); every other code (WLD, SSF, HIC, EUU, ...) is an aggregate. On the
  2023-05 WDI files the two rules agree on all 265 codes (48 aggregates, 217 economies).
- CLEAN: one row per country x indicator x year; when several files hold the same cell (two
  releases, or the official and a mirror name of one file), the latest `last_updated` wins.
"""

from __future__ import annotations

import csv
import os
import re
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import requests

from core.areas import is_aggregate_code
from core.errors import ParseError, SourceFetchError
from core.i18n import _
from etl.net import http
from etl.schemas import WB_INDICATORS, conform
from etl.sources.base import Downloaded, SourceSpec

NAME = "wdi"
# How the published file encodes "not available" and what becomes of it (issue 10).
MISSING_ENCODING = 'empty cell ("not published"): dropped; never 0'
ORIGIN = "wdi-bulk"
DEFAULT_BASE_URL = "https://api.worldbank.org/v2/"
INDICATORS: tuple[str, ...] = (
    "SI.RMT.COST.IB.ZS",  # average cost of sending USD 200 to a country, %
    "SI.RMT.COST.OB.ZS",  # ... from a country, %
    "BX.TRF.PWKR.CD.DT",  # personal remittances received, current US$
    "BX.TRF.PWKR.DT.GD.ZS",  # personal remittances received, % of GDP
    "SM.POP.TOTL",  # international migrant stock (UN DESA via WDI): cross-check of SM_POP_TOTL
    "SM.POP.REFG.OR",  # refugees by origin (UNHCR via WDI): cross-check of 10.7.4 counts
)
KEY_COLUMNS: tuple[str, ...] = ("Country Name", "Country Code", "Indicator Name", "Indicator Code")
_YEAR = re.compile(r"^\d{4}$")
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # OLE2 compound file: the legacy .xls container
_KEYS = ["country_code", "indicator_code", "year"]

Rows = list[list[object]]


def base_url() -> str:
    """World Bank API root (override with M_E_WB_API_URL so tests can use 127.0.0.1)."""
    return os.environ.get("M_E_WB_API_URL", DEFAULT_BASE_URL)


# ---------------------------------------------------------------- reading the two formats


def _read_xls(path: Path) -> tuple[Rows, dict[str, bool]]:
    """Rows of sheet `Data` (Excel dates as datetime.date) and code -> is_aggregate."""
    import xlrd  # lazy: only parsing an .xls needs it, not an unchanged run (issue 14)

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:  # xlrd raises bare errors (XLRDError, struct.error, ...)
        raise ParseError(
            str(path), _("not a readable .xls workbook ({detail})").format(detail=exc)
        ) from exc
    if "Data" not in book.sheet_names():
        raise ParseError(
            str(path),
            _("no sheet {sheet} (sheets: {sheets})").format(
                sheet="'Data'", sheets=", ".join(book.sheet_names())
            ),
        )
    sheet = book.sheet_by_name("Data")
    rows: Rows = []
    for r in range(sheet.nrows):
        row: list[object] = []
        for cell in sheet.row(r):
            if cell.ctype == xlrd.XL_CELL_DATE:
                row.append(xlrd.xldate_as_datetime(cell.value, book.datemode).date())
            else:
                row.append(cell.value)
        rows.append(row)
    regions: dict[str, bool] = {}
    if "Metadata - Countries" in book.sheet_names():
        meta = book.sheet_by_name("Metadata - Countries")
        header = [str(v).strip() for v in meta.row_values(0)] if meta.nrows else []
        if "Country Code" in header and "Region" in header:
            ci, ri = header.index("Country Code"), header.index("Region")
            for r in range(1, meta.nrows):
                values = meta.row_values(r)
                regions[str(values[ci]).strip()] = not str(values[ri]).strip()
    return rows, regions


def _read_csv_rows(path: Path) -> Rows:
    """All lines of a WDI CSV as lists of strings (BOM removed)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            return [list(r) for r in csv.reader(f)]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ParseError(
            str(path), _("not a readable UTF-8 CSV file ({detail})").format(detail=exc)
        ) from exc


def _csv_regions(path: Path) -> dict[str, bool]:
    """code -> is_aggregate from the sibling Metadata_Country_*.csv, {} if it is absent."""
    meta = path.with_name(f"Metadata_Country_{path.name}")
    if not meta.exists():
        return {}
    rows = _read_csv_rows(meta)
    if not rows or "Country Code" not in rows[0] or "Region" not in rows[0]:
        return {}
    ci, ri = rows[0].index("Country Code"), rows[0].index("Region")
    return {str(r[ci]).strip(): not str(r[ri]).strip() for r in rows[1:] if len(r) > max(ci, ri)}


# ---------------------------------------------------------------- shared structure rules


def _last_updated(rows: Rows, path: Path) -> date:
    """The `Last Updated Date` of the preamble, as a date."""
    for i, row in enumerate(rows[:10]):
        if row and str(row[0]).strip() == "Last Updated Date":
            value = row[1] if len(row) > 1 else None
            if isinstance(value, date):
                return value
            try:
                return date.fromisoformat(str(value).strip())
            except ValueError:
                raise ParseError(
                    str(path),
                    _("{label} is not a date").format(label="'Last Updated Date'"),
                    row=i + 1,
                    value=value,
                ) from None
    raise ParseError(
        str(path),
        _("no {label} line in the preamble (first 10 rows)").format(label="'Last Updated Date'"),
    )


def _header(rows: Rows, path: Path) -> tuple[int, dict[str, int], dict[int, int]]:
    """Header row index, key column positions and column -> year."""
    for i, row in enumerate(rows[:10]):
        if row and str(row[0]).strip() == "Country Name":
            names = [str(c).strip() for c in row]
            missing = [k for k in KEY_COLUMNS if k not in names]
            if missing:
                raise ParseError(
                    str(path),
                    _("the header lacks {columns}").format(columns=", ".join(missing)),
                    row=i + 1,
                )
            years = {j: int(n) for j, n in enumerate(names) if _YEAR.match(n)}
            if not years:
                raise ParseError(str(path), _("the header has no year columns"), row=i + 1)
            return i, {k: names.index(k) for k in KEY_COLUMNS}, years
    raise ParseError(
        str(path),
        _("no header row starting with {label} in the first 10 rows").format(
            label="'Country Name'"
        ),
        hint=_("Use the unmodified WDI bulk download ({xls} or {csv}).").format(
            xls="API_<code>_DS2_...xls", csv=".csv"
        ),
    )


def _number(cell: object, path: Path, row: int, year: int) -> float | None:
    """A published cell as float; empty -> None; other text -> ParseError."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell)
    try:
        return float(str(cell))
    except ValueError:
        raise ParseError(
            str(path),
            _("expected a number or an empty cell"),
            row=row,
            column=str(year),
            value=cell,
        ) from None


def rows_to_long(rows: Rows, regions: dict[str, bool], path: Path) -> pl.DataFrame:
    """The data block of a WDI sheet/CSV as long rows (nulls dropped), in WB_INDICATORS."""
    vintage = _last_updated(rows, path)
    h, keys, years = _header(rows, path)
    out: dict[str, list[object]] = {c: [] for c in WB_INDICATORS}
    for i, row in enumerate(rows[h + 1 :], start=h + 2):
        if not any(str(c).strip() for c in row):
            continue
        if len(row) <= max(years):
            raise ParseError(
                str(path),
                _("row has {cells} cells, expected at least {width}").format(
                    cells=len(row), width=max(years) + 1
                ),
                row=i,
                hint=_("The file may be cut short: download it again."),
            )
        code = str(row[keys["Country Code"]]).strip()
        if not code:
            raise ParseError(str(path), _("empty country code"), row=i, column="Country Code")
        aggregate = regions.get(code, is_aggregate_code(code))
        for j, year in years.items():
            value = _number(row[j], path, i, year)
            if value is None:
                continue
            out["country_code"].append(code)
            out["country_name"].append(str(row[keys["Country Name"]]).strip())
            out["is_aggregate"].append(aggregate)
            out["indicator_code"].append(str(row[keys["Indicator Code"]]).strip())
            out["indicator_name"].append(str(row[keys["Indicator Name"]]).strip())
            out["year"].append(year)
            out["value"].append(value)
    n = len(out["value"])
    out["last_updated"] = [vintage] * n
    out["origin"] = [ORIGIN] * n
    out["source_file"] = [path.name] * n
    return pl.DataFrame(out, schema=WB_INDICATORS)


def parse(path: Path) -> pl.DataFrame:
    """Read one WDI bulk file (.xls or .csv) into long rows; empty cells are left out."""
    if path.suffix.lower() == ".csv":
        return rows_to_long(_read_csv_rows(path), _csv_regions(path), path)
    rows, regions = _read_xls(path)
    return rows_to_long(rows, regions, path)


def clean_indicators(df: pl.DataFrame) -> pl.DataFrame:
    """WB_INDICATORS rows with a value, one per country x indicator x year (latest vintage)."""
    return (
        conform(df, WB_INDICATORS)
        .filter(pl.col("value").is_not_null())
        .sort(["last_updated", "source_file"], descending=[True, False], nulls_last=True)
        .unique(subset=_KEYS, keep="first", maintain_order=True)
        .sort(["indicator_code", "country_code", "year"])
    )


def clean(df: pl.DataFrame) -> pl.DataFrame:
    """Pure: conform to WB_INDICATORS and keep the latest release of each value."""
    return clean_indicators(df)


# ---------------------------------------------------------------- network


def _unzip_xls(tmp: Path, url: str, dest: Path) -> tuple[Path, str]:
    """The data workbook inside a downloaded zip, extracted beside it; the zip is removed."""
    try:
        with zipfile.ZipFile(tmp) as zf:
            names = [n for n in zf.namelist() if Path(n).name.startswith("API_")]
            if not names:
                raise SourceFetchError(
                    NAME,
                    url,
                    _("the zip holds no {pattern} file: {names}").format(
                        pattern="API_*", names=zf.namelist()
                    ),
                )
            member = names[0]
            out = dest / f".unzip.{Path(member).name}"
            out.write_bytes(zf.read(member))
            return out, Path(member).name
    finally:
        tmp.unlink(missing_ok=True)


def fetch(session: requests.Session, dest: Path) -> list[Downloaded]:
    """Download the bulk Excel file of each remittance indicator (extracting it if zipped)."""
    items = []
    for code in INDICATORS:
        url = f"{base_url().rstrip('/')}/en/indicator/{code}?downloadformat=excel"
        tmp = http.download(session, url, NAME, dest)
        if zipfile.is_zipfile(tmp):
            path, name = _unzip_xls(tmp, url, dest)
        else:
            with tmp.open("rb") as f:
                magic = f.read(4)
            if magic != _XLS_MAGIC:
                tmp.unlink(missing_ok=True)
                raise SourceFetchError(
                    NAME,
                    url,
                    _("the reply is not an Excel file ({magic})").format(magic=repr(magic)),
                )
            path, name = tmp, f"API_{code}_DS2_en_excel_v2.xls"
        items.append(Downloaded(tmp_path=path, name=name, url=url))
    return items


SPEC = SourceSpec(
    name=NAME,
    title="World Development Indicators: remittance costs and flows (bulk download)",
    dataset="wdi",
    schema=WB_INDICATORS,
    locator=("country_code", "indicator_code", "year"),
    publisher="World Bank (WDI)",
    licence="CC BY 4.0",
    url="https://api.worldbank.org/v2/en/indicator/",
    raw_patterns=(
        "API_*_DS2_*.xls",
        "API_*_DS2_*.csv",
        "personal-remittances-*.xls",
        "remittances-received-percent-gdp.xls",
        "sending-cost-*.xls",
    ),
    fetch=fetch,
    parse=parse,
    clean=clean,
    citation="World Bank, World Development Indicators (CC BY 4.0).",
    suite="etl.validation.suites.remittance:wdi_suite",
    demo="etl.demo.datasets:demo_wdi",
)
