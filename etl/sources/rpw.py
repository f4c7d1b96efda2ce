"""World Bank Remittance Prices Worldwide (RPW): the service-level quotes workbook (SDG 10.c.1).

`fetch` resolves the current `rpw_dataset_*.xlsx` from the Data Catalog metadata of dataset
0037898 (the resource id changes with every quarterly release). `parse` reads both dataset
sheets as text with calamine, keeps every row and harmonises the legacy headers. `clean` is pure
and returns exactly `etl.schemas.RPW_QUOTES`. Label vocabularies live in `rpw_labels`.
"""

from __future__ import annotations

import contextvars
import fnmatch
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import fastexcel
import polars as pl
import requests

from core.errors import ParseError, SchemaMismatch, SourceFetchError
from core.i18n import _, pgettext
from etl.net import http
from etl.schemas import RPW_QUOTES, conform
from etl.sources import rpw_labels as L
from etl.sources.base import Downloaded, SourceSpec

NAME = "rpw"
# How the published file encodes "not available" and what becomes of it (issue 10).
MISSING_ENCODING = (
    '"", "..", "N/A", "n/a", "NA", "-" (rpw_labels.MISSING_MARKERS): null; a '
    "non-transparent service's FX margin of 0 is not a measured zero and such quotes "
    "are left out of every average"
)
DATASET = "rpw_quotes"
FILE_PATTERN = "rpw_dataset_*.xlsx"
DATASET_PAGE = (
    "https://datacatalog.worldbank.org/search/dataset/0037898/remittance-prices-worldwide"
)
CATALOG_URL_ENV = "M_E_RPW_CATALOG_URL"
# Data Catalog API: DatasetView returns the dataset's metadata with a `Resources` list.
DEFAULT_CATALOG_URL = (
    "https://datacatalogapi.worldbank.org/ddhxext/DatasetView?dataset_unique_id=0037898"
)
COUNTRIES_SHEET = "countries"
DATASET_SHEET_PREFIX = "dataset"

# ACCESSIBILITY_RULE [VERIFY] — SmaRT (World Bank, "Getting SmaRT about remittance price
# monitoring", June 2016) counts only services that are transparent, arrive within 5 days and
# are "accessible" (reachable by a large share of senders and receivers: nearby points of
# service, or the account / phone / internet access they need). The workbook's only direct
# measure of reach is `receiving network coverage` (High / Medium / Low, from Q2 2016). Rule:
# accessible = coverage is High or Medium; Low -> False; blank / N/A -> null (unknown). Legacy
# rows (up to Q1 2016) -> null: SmaRT starts in Q2 2016 and their `coverage` uses a different,
# geographic scale. Check against the SmaRT methodology note before publishing SmaRT figures.
ACCESSIBLE_COVERAGE: tuple[str, ...] = ("high", "medium")
INACCESSIBLE_COVERAGE: tuple[str, ...] = ("low",)
EXCEL_EPOCH = pl.date(1899, 12, 30)  # Excel's day 0 (1900 date system)


def catalog_url() -> str:
    """Catalog metadata URL (override with M_E_RPW_CATALOG_URL, e.g. for tests)."""
    return os.environ.get(CATALOG_URL_ENV, DEFAULT_CATALOG_URL)


def _resources(doc: Any) -> list[dict]:
    """Resource entries of a DatasetView (`Resources`) or ddh-openapi (`data`) answer."""
    if not isinstance(doc, dict):
        return []
    for key in ("Resources", "resources", "data"):
        if isinstance(doc.get(key), list):
            return [r for r in doc[key] if isinstance(r, dict)]
    return []


def _candidate(resource: dict, base: str) -> tuple[str, str, str, str] | None:
    """(file name, absolute url, last updated, title) of a workbook resource, else None."""
    raw_dist = resource.get("distribution")
    dist: dict = raw_dist if isinstance(raw_dist, dict) else {}
    url = dist.get("url") or resource.get("url") or resource.get("downloadURL") or ""
    name = dist.get("file_name") or resource.get("file_name") or Path(urlparse(url).path).name
    if not url or not fnmatch.fnmatch(str(name).lower(), FILE_PATTERN):
        return None
    updated = str(resource.get("last_updated_date") or dist.get("last_updated_date") or "")
    return str(name), urljoin(base, url), updated, str(resource.get("name", ""))


def _release_key(candidate: tuple[str, str, str, str]) -> tuple[list[int], str]:
    """Newest first: the years and quarter in the file name, then the update date."""
    return [int(n) for n in re.findall(r"\d+", candidate[0])], candidate[2]


def pick_release(doc: Any, base: str) -> tuple[str, str, str, str]:
    """The newest rpw_dataset_*.xlsx resource of a catalog answer; ValueError if none."""
    found = [c for r in _resources(doc) if (c := _candidate(r, base)) is not None]
    if not found:
        raise ValueError(
            _("the catalog lists no resource named like {pattern}").format(pattern=FILE_PATTERN)
        )
    return max(found, key=_release_key)


def fetch(session: requests.Session, dest: Path) -> list[Downloaded]:
    """Resolve the current workbook from the catalog and download it completely."""
    url = catalog_url()
    resp = http.get_checked(session, url, NAME)
    try:
        name, file_url, updated, title = pick_release(resp.json(), url)
    except requests.JSONDecodeError as exc:
        raise SourceFetchError(
            NAME, url, _("the catalog answer is not JSON ({detail})").format(detail=exc)
        ) from exc
    except ValueError as exc:
        raise SourceFetchError(NAME, url, str(exc)) from exc
    tmp = http.download(session, file_url, NAME, dest)
    note = f"resolved from {url}: resource {title!r}, last updated {updated or 'unknown'}"
    return [Downloaded(tmp_path=tmp, name=name, url=file_url, note=note)]


# ----------------------------------------------------------------------------- parse


def _sheet_names(path: Path) -> list[str]:
    """Sheet names of a workbook; ParseError if it is not a readable xlsx."""
    try:
        return list(fastexcel.read_excel(str(path)).sheet_names)
    except Exception as exc:  # fastexcel raises its own error classes per failure kind
        raise ParseError(
            str(path), _("not a readable Excel workbook ({detail})").format(detail=exc)
        ) from exc


def _read_text(path: Path, sheet: str, header_row: int = 0) -> pl.DataFrame:
    """Every cell of a sheet as text (numbers, dates and text numbers alike)."""
    return pl.read_excel(
        path,
        sheet_name=sheet,
        engine="calamine",
        infer_schema_length=0,
        read_options={"header_row": header_row},
    )


def _unnamed(column: str) -> bool:
    """Helper columns without a header (calamine names them __UNNAMED__n)."""
    return column.startswith(("__UNNAMED__", "Unnamed")) or not column.strip()


def _dataset_sheet(path: Path, sheet: str) -> pl.DataFrame:
    """One dataset sheet: unnamed columns dropped, legacy headers renamed, rows numbered."""
    df = _read_text(path, sheet)
    df = df.select([c for c in df.columns if not _unnamed(c)])
    df = df.rename({c.strip(): c.strip() for c in df.columns})
    df = df.rename({k: v for k, v in L.LEGACY_RENAMES.items() if k in df.columns})
    missing = [c for c in L.REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        raise SchemaMismatch(
            DATASET, _("{path} (sheet {sheet})").format(path=path, sheet=repr(sheet)), missing
        )
    label = m.group(1) if (m := re.search(r"\((.*)\)", sheet)) else sheet
    df = df.with_columns(
        pl.lit(label).alias("sheet"),
        (pl.int_range(pl.len(), dtype=pl.Int32) + 2).alias("sheet_row"),  # header is row 1
    )
    # A row with no cell at all is layout, not a quote; every other row is kept.
    return df.filter(~pl.all_horizontal(pl.exclude("sheet", "sheet_row").is_null()))


def _country_regions(path: Path, sheet: str) -> dict[str, str]:
    """ISO3 -> region from the Countries sheet (title on row 1, header on row 2)."""
    df = _read_text(path, sheet, header_row=1)
    cols = {c.lower().strip(): c for c in df.columns}
    code = next((cols[k] for k in cols if k in {"code", "iso3", "iso code", "country code"}), None)
    region = next((cols[k] for k in cols if "region" in k), None)
    if code is None or region is None:
        raise ParseError(
            str(path),
            _("the {sheet} sheet has no ISO3 code or region column").format(sheet="Countries"),
            row=2,
            hint=_("Row 2 of that sheet should be its header."),
        )
    pairs = df.select(pl.col(code).str.strip_chars(), pl.col(region).str.strip_chars())
    out = {str(c): str(r) for c, r in pairs.iter_rows() if c and r and r != ".."}
    return {L.COUNTRY_CODE_FIXES.get(c, c): r for c, r in out.items()}


def parse(path: Path) -> pl.DataFrame:
    """Both dataset sheets of an RPW workbook, as text, with `sheet`, `sheet_row`, Countries region.

    Raises:
        ParseError: not a workbook, or no Countries / dataset sheet.
        SchemaMismatch: a dataset sheet lacks required columns (named in the message).
    """
    names = _sheet_names(path)
    datasets = [s for s in names if s.strip().lower().startswith(DATASET_SHEET_PREFIX)]
    countries = [s for s in names if s.strip().lower() == COUNTRIES_SHEET]
    lacking = [n for n, ok in (("'Countries'", countries), ("'Dataset (...)'", datasets)) if not ok]
    if lacking:
        either = " " + pgettext("between alternatives", "or") + " "
        raise ParseError(
            str(path),
            _("no {sheets} sheet (it has {names})").format(
                sheets=either.join(lacking), names=names
            ),
            hint=_("Use the unmodified {file} from the World Bank.").format(
                file="rpw_dataset_*.xlsx"
            ),
        )
    regions = _country_regions(path, countries[0])
    # calamine releases the GIL: the two dataset sheets are read side by side (2 cores). Each
    # worker runs in a copy of this context, so its errors are in the caller's language.
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = [
            pool.submit(contextvars.copy_context().run, _dataset_sheet, path, s) for s in datasets
        ]
        frames = [run.result() for run in runs]
    df = pl.concat(frames, how="diagonal") if len(frames) > 1 else frames[0]
    dest = pl.col("destination_code").str.strip_chars().replace(L.COUNTRY_CODE_FIXES)
    return df.with_columns(
        dest.replace_strict(regions, default=None, return_dtype=pl.String).alias(
            "countries_destination_region"
        ),
        pl.lit(str(path)).alias("source_file"),
    )


# ----------------------------------------------------------------------------- clean


def _fail_on_unparsed(df: pl.DataFrame, raw: str, parsed: pl.Expr, what: str) -> None:
    """ParseError naming file, sheet row, column and value of the first unparsable cell."""
    text = pl.col(raw).str.strip_chars()
    bad = df.filter(text.is_not_null() & ~text.is_in(L.MISSING_MARKERS) & parsed.is_null())
    if bad.height:
        first = bad.row(0, named=True)
        raise ParseError(
            str(first.get("source_file", _("RPW workbook"))),
            _("expected {what} (sheet {sheet})").format(what=what, sheet=repr(first.get("sheet"))),
            row=first.get("sheet_row"),
            column=raw,
            value=first[raw],
            hint=_("Check that this is the unmodified workbook; report the cell if it is."),
        )


def _number(raw: str) -> pl.Expr:
    """Text cell -> Float64: trimmed, missing markers -> null."""
    text = pl.col(raw).str.strip_chars()
    return (
        pl.when(text.is_in(L.MISSING_MARKERS))
        .then(None)
        .otherwise(text)
        .cast(pl.Float64, strict=False)
    )


def _numbers(df: pl.DataFrame) -> pl.DataFrame:
    """Cast every numeric column (also those stored as text in 2024_3Q/4Q)."""
    for raw in L.NUMERIC_COLUMNS:
        _fail_on_unparsed(df, raw, _number(raw), _("a number"))
    return df.with_columns(_number(raw).alias(out) for raw, out in L.NUMERIC_COLUMNS.items())


def _quote_date() -> pl.Expr:
    """`date` as text dd/Mon/yyyy, an ISO datetime (Excel date cell) or an Excel serial."""
    raw = pl.col("date").str.strip_chars()
    serial = raw.cast(pl.Float64, strict=False)
    serial = pl.when(serial.is_between(1, 2_958_465)).then(serial.floor().cast(pl.Int64))
    return pl.coalesce(
        raw.str.strptime(pl.Date, "%d/%b/%Y", strict=False),
        raw.str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        EXCEL_EPOCH + pl.duration(days=serial),
    )


def _period(df: pl.DataFrame) -> pl.DataFrame:
    """'2017_1Q' -> time_period '2017-Q1', year, quarter (ParseError if another form)."""
    parts = pl.col("period").str.strip_chars().str.extract_groups(r"^(\d{4})_([1-4])Q$")
    df = df.with_columns(parts.alias("_p"))
    like = _("a period like {example}").format(example="2017_1Q")
    _fail_on_unparsed(df, "period", pl.col("_p").struct.field("1"), like)
    year, q = pl.col("_p").struct.field("1"), pl.col("_p").struct.field("2")
    return df.with_columns(
        pl.col("period").str.strip_chars(),
        pl.format("{}-Q{}", year, q).alias("time_period"),
        year.cast(pl.Int16).alias("year"),
        q.cast(pl.Int8).alias("quarter"),
    ).drop("_p")


def _mapped(df: pl.DataFrame, column: str, fn: Callable[[str], Any], dtype: pl.DataType) -> pl.Expr:
    """Apply a label function to the (few) distinct values of a column, then look them up."""
    values = df.get_column(column).drop_nulls().unique().to_list()
    mapping = {v: fn(v) for v in values}
    return pl.col(column).replace_strict(mapping, default=None, return_dtype=dtype)


def _labels(df: pl.DataFrame) -> pl.DataFrame:
    """Trimmed text, KSV -> XKX, '..' -> null, and the label-derived contract columns."""
    text = [c for c in L.TEXT_COLUMNS if c in df.columns and c != "date"]
    df = df.with_columns(pl.col(text).str.strip_chars())
    legacy = pl.col("sheet").str.to_lowercase().str.contains("up to")
    coverage = pl.col("receiving network coverage").str.to_lowercase()
    codes = pl.List(pl.String)
    return df.with_columns(
        pl.col("destination_code", "source_code").replace(L.COUNTRY_CODE_FIXES),
        pl.col("id").str.replace(r"\.0+$", ""),
        *[
            pl.when(~pl.col(c).is_in(["..", ""])).then(pl.col(c)).alias(c)
            for c in L.COUNTRY_ATTRIBUTE_COLUMNS
        ],
        _mapped(df, "firm_type", L.firm_type_label, pl.String()).alias("_firm_type"),
        _mapped(df, "firm_type", L.provider_type, pl.String()).alias("provider_type"),
        _mapped(df, "speed actual", L.speed_days, pl.Float64()).alias("speed_max_days"),
        pl.col("transparent")
        .str.to_lowercase()
        .replace_strict({"yes": True, "no": False}, default=None, return_dtype=pl.Boolean),
        pl.when(legacy | ~coverage.is_in(ACCESSIBLE_COVERAGE + INACCESSIBLE_COVERAGE))
        .then(None)
        .otherwise(coverage.is_in(ACCESSIBLE_COVERAGE))
        .alias("accessible"),
        _mapped(
            df, "payment instrument", lambda v: L.instrument_codes(v, funding_side=True), codes
        ).alias("funding_instruments"),
        _mapped(
            df, "pickup method", lambda v: L.instrument_codes(v, funding_side=False), codes
        ).alias("payout_instruments"),
        _quote_date().alias("quote_date"),
    )


def _region_codes(df: pl.DataFrame) -> pl.DataFrame:
    """destination_region_code from the published region, else the Countries sheet's."""
    region = pl.coalesce("destination_region", "countries_destination_region")
    df = df.with_columns(region.alias("_region"))
    return df.with_columns(
        _mapped(df, "_region", L.region_code, pl.String()).alias("destination_region_code")
    )


def clean(df: pl.DataFrame) -> pl.DataFrame:
    """Parsed RPW rows -> RPW_QUOTES: same rows, same order; `corridor` kept as published.

    Idempotent: an already clean frame is only re-conformed to the schema.
    """
    if "quote_id" in df.columns and "id" not in df.columns:
        return conform(df, RPW_QUOTES)
    if "countries_destination_region" not in df.columns:
        df = df.with_columns(pl.lit(None, dtype=pl.String).alias("countries_destination_region"))
    out = df.pipe(_period).pipe(_numbers).pipe(_labels).pipe(_region_codes)
    out = out.drop("firm_type").rename({"_firm_type": "firm_type"})
    out = out.rename({k: v for k, v in L.TEXT_COLUMNS.items() if k in out.columns and k != v})
    return conform(out, RPW_QUOTES)


SPEC = SourceSpec(
    name=NAME,
    title="Remittance Prices Worldwide (service-level quotes)",
    dataset=DATASET,
    schema=RPW_QUOTES,
    publisher="World Bank",
    licence="CC BY 4.0",
    url=DATASET_PAGE,
    raw_patterns=(FILE_PATTERN,),
    fetch=fetch,
    parse=parse,
    clean=clean,
    citation=(
        "The World Bank, Remittance Prices Worldwide (RPW), https://remittanceprices.worldbank.org"
        f" (Data Catalog dataset 0037898: {DATASET_PAGE}). Licence: CC BY 4.0."
    ),
    suite="etl.validation.suites.remittance:rpw_quotes_suite",
    prepare="etl.validation.suites.remittance:prepare_rpw_quotes",
    demo="etl.demo.datasets:demo_quotes",
)
