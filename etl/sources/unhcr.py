"""UNHCR refugees and asylum-seekers by origin x asylum x year (SDG 10.7.4), end-year stocks.

Three inputs give one long table (origin_iso3, asylum_iso3, year, refugees, asylum_seekers):
- "rdf-csv": the Refugee Data Finder / API download `population.csv`. Older downloads start with
  a preamble of about 14 lines; the header ("Year", "Country of origin (ISO)", "Country of asylum
  (ISO)", "Refugees under UNHCR's mandate", "Asylum-seekers", ...) is found by content.
- "api-json": what `fetch` stores: the `items` of every page of the Refugee Statistics API
  `population/` endpoint (year, coo_iso, coa_iso, refugees, asylum_seekers, ...).
- "trimmed-csv": the trimmed derivative `unhcr_2020.csv` (year, orig, dest, refugees,
  asylum_seekers), e.g. from guyabel/stepladderChapter. See RELABELLED_2019 below.

Blank, "-" and "NA" counts are missing (null); published zeros are kept, and so are
orig == dest rows. A blank origin in the trimmed file stays null (origin unknown or stateless).
Codes are kept as published (UNHCR uses a few non-ISO codes such as UNK for "unknown").
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import requests

from core.contract import RELABELLED_2019
from core.errors import ParseError, SourceFetchError
from core.i18n import _
from etl.net import http
from etl.schemas import conform
from etl.sources.base import Downloaded, SourceSpec
from etl.sources.csv_check import check_row_lengths

NAME = "unhcr"
# How the published file encodes "not available" and what becomes of it (issue 10).
MISSING_ENCODING = '"", "-", "NA", "..": null; published zeros are measured zeros and kept'
DATASET = "unhcr_population"
API_BASE_ENV = "M_E_UNHCR_API_BASE"
DEFAULT_API_BASE = "https://api.unhcr.org/population/v1"
FIRST_YEAR = 2000  # asylum-seeker counts start in 2000 (UNHCR methodology)
PAGE_LIMIT = 10_000
MAX_PAGES = 500  # a runaway `maxPages` must not loop forever

SCHEMA: dict[str, pl.DataType] = {
    "year": pl.Int16(),  # the end-year of the STOCK (after RELABELLED_2019)
    "origin_iso3": pl.String(),
    "asylum_iso3": pl.String(),
    "refugees": pl.Int64(),  # refugees under UNHCR's mandate
    "asylum_seekers": pl.Int64(),
    "year_published": pl.Int16(),  # the year as labelled in the file
    "year_note": pl.String(),  # why `year` differs from `year_published`
    "source_format": pl.String(),  # "rdf-csv" | "api-json" | "trimmed-csv"
    "source_file": pl.String(),
}

# Published header -> canonical column, per input format.
RDF_COLUMNS = {
    "Year": "year",
    "Country of origin (ISO)": "origin_iso3",
    "Country of asylum (ISO)": "asylum_iso3",
    "Refugees under UNHCR's mandate": "refugees",
    "Asylum-seekers": "asylum_seekers",
}
API_COLUMNS = {
    "year": "year",
    "coo_iso": "origin_iso3",
    "coa_iso": "asylum_iso3",
    "refugees": "refugees",
    "asylum_seekers": "asylum_seekers",
}
TRIMMED_COLUMNS = {
    "year": "year",
    "orig": "origin_iso3",
    "dest": "asylum_iso3",
    "refugees": "refugees",
    "asylum_seekers": "asylum_seekers",
}
_MISSING = ("", "-", "NA", "..")

# RELABELLED_2019 — the trimmed derivative's script runs
#   mutate(year = ifelse(year == "2019", "2020", year))
# so its rows labelled 2020 are end-2019 stocks and no row is labelled 2019 (SOURCES.md §9).
# Rule: in a "trimmed-csv" file that has rows labelled 2020 and none labelled 2019, the 2020
# rows are moved to 2019 and `year_note` says so. Official files ("rdf-csv", "api-json") are
# never touched, and a trimmed file that does contain 2019 rows is left as it is.
RELABEL_NOTE = (
    f"{RELABELLED_2019}: published as 2020 in a trimmed derivative that relabels end-2019 "
    "stocks as 2020 (mutate(year = ifelse(year=='2019','2020',year))); corrected to 2019"
)


def _header_line(path: Path) -> tuple[int, str]:
    """(0-based line of the header, format) of a CSV; ParseError if no known header."""
    with path.open(encoding="utf-8-sig", errors="replace") as f:
        for i, line in zip(range(40), f, strict=False):
            cells = [c.strip().strip('"') for c in line.rstrip("\r\n").split(",")]
            if "Country of origin (ISO)" in line and cells[:1] == ["Year"]:
                return i, "rdf-csv"
            if set(TRIMMED_COLUMNS) <= set(cells):
                return i, "trimmed-csv"
    raise ParseError(
        str(path),
        _("no UNHCR header found in the first 40 lines (expected {rdf} or {trimmed})").format(
            rdf="'Year,...,Country of origin (ISO),...'",
            trimmed="'year,orig,dest,refugees,asylum_seekers'",
        ),
        hint=_("Use {file} from the Refugee Data Finder download.").format(file="population.csv"),
    )


def _read_csv(path: Path) -> tuple[pl.DataFrame, str]:
    """Canonical text columns of a CSV input, and its format."""
    skip, fmt = _header_line(path)
    check_row_lengths(path, skip)
    mapping = RDF_COLUMNS if fmt == "rdf-csv" else TRIMMED_COLUMNS
    try:
        df = pl.read_csv(path, skip_lines=skip, infer_schema=False, encoding="utf8-lossy")
    except pl.exceptions.PolarsError as exc:
        raise ParseError(
            str(path), _("not a readable CSV file ({detail})").format(detail=exc)
        ) from exc
    missing = [c for c in mapping if c not in df.columns]
    if missing:
        raise ParseError(
            str(path),
            _("the header lacks {columns}").format(columns=", ".join(map(repr, missing))),
            row=skip + 1,
        )
    return df.select(pl.col(k).alias(v) for k, v in mapping.items()), fmt


def _read_json(path: Path) -> pl.DataFrame:
    """Canonical text columns of a stored API response (`{"items": [...]}` or a list)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise ParseError(str(path), _("not valid JSON ({detail})").format(detail=exc)) from exc
    items = doc.get("items") if isinstance(doc, dict) else doc
    if not isinstance(items, list) or not items:
        raise ParseError(
            str(path), _("no {key} list in the UNHCR API response").format(key="'items'")
        )
    rows = [
        {v: (None if it.get(k) is None else str(it.get(k))) for k, v in API_COLUMNS.items()}
        for it in items
    ]
    return pl.DataFrame(rows, schema={v: pl.String() for v in API_COLUMNS.values()})


def _to_int(df: pl.DataFrame, column: str, path: Path, header_rows: int) -> pl.Series:
    """Strict integer conversion; the first bad cell is reported with its file row."""
    text = pl.col(column).str.strip_chars()
    expr = pl.when(text.is_in(_MISSING)).then(None).otherwise(text.str.replace_all(",", ""))
    s = df.select(expr.alias(column)).to_series()
    bad = s.is_not_null() & ~s.str.contains(r"^\d+(\.0+)?$")
    if bad.any():
        i = int(bad.arg_true()[0])
        raise ParseError(
            str(path),
            _("expected a whole number or {dash}").format(dash="'-'"),
            row=i + 1 + header_rows,
            column=column,
            value=df[column][i],
        )
    return s.str.replace(r"\.0+$", "").cast(pl.Int64).alias(column)


def parse(path: Path) -> pl.DataFrame:
    """Read one UNHCR input (population.csv, API JSON or the trimmed CSV) into canonical rows."""
    if path.suffix.lower() == ".json":
        df, fmt, header_rows = _read_json(path), "api-json", 0
    else:
        df, fmt = _read_csv(path)
        header_rows = _header_line(path)[0] + 1
    if df.height == 0:
        raise ParseError(
            str(path),
            _("the file has a header but no rows"),
            hint=_("The download looks truncated; download it again."),
        )
    codes = [
        pl.col(c).str.strip_chars().replace(list(_MISSING), None)
        for c in ("origin_iso3", "asylum_iso3")
    ]
    return df.with_columns(
        *codes,
        *[_to_int(df, c, path, header_rows) for c in ("year", "refugees", "asylum_seekers")],
        source_format=pl.lit(fmt),
        source_file=pl.lit(path.name),
    )


def correct_relabelled_2019(df: pl.DataFrame) -> pl.DataFrame:
    """Apply RELABELLED_2019 per trimmed source file; keep the published year beside it."""
    per_file = pl.col("year").over("source_file")
    hit = (
        (pl.col("source_format") == "trimmed-csv")
        & (per_file == 2020).any().over("source_file")
        & ~(per_file == 2019).any().over("source_file")
        & (pl.col("year") == 2020)
    )
    return df.with_columns(
        year_published=pl.col("year"),
        year=pl.when(hit).then(2019).otherwise(pl.col("year")),
        year_note=pl.when(hit).then(pl.lit(RELABEL_NOTE)).otherwise(None),
    )


def clean(df: pl.DataFrame) -> pl.DataFrame:
    """Correct the relabelled 2019 stocks, then conform to SCHEMA (pure)."""
    out = correct_relabelled_2019(df).sort("year", "origin_iso3", "asylum_iso3", nulls_last=True)
    return conform(out, SCHEMA)


def api_base() -> str:
    """Base URL of the Refugee Statistics API (M_E_UNHCR_API_BASE overrides it, e.g. in tests)."""
    return os.environ.get(API_BASE_ENV, DEFAULT_API_BASE).rstrip("/")


def _page(session: requests.Session, url: str, params: dict[str, object]) -> dict:
    """One API page as a dict, checked for the {page, maxPages, items} envelope."""
    resp = http.get_checked(session, url, NAME, params=params)
    try:
        body = resp.json()
    except ValueError as exc:
        raise SourceFetchError(NAME, resp.url, _("the answer is not JSON")) from exc
    if not isinstance(body, dict) or not isinstance(body.get("items"), list):
        raise SourceFetchError(
            NAME, resp.url, _("unexpected answer: {answer}").format(answer=repr(str(body)[:200]))
        )
    return body


def fetch(session: requests.Session, dest: Path) -> list[Downloaded]:
    """Page through population/ (every origin x asylum pair, FIRST_YEAR..this year) to one JSON."""
    url = f"{api_base()}/population/"
    year_to = datetime.now(UTC).year
    params: dict[str, object] = {
        "yearFrom": FIRST_YEAR,
        "yearTo": year_to,
        "coo_all": "true",
        "coa_all": "true",
        "cf_type": "ISO",
        "limit": PAGE_LIMIT,
    }
    items: list[dict] = []
    page, max_pages = 1, 1
    while page <= max_pages:
        body = _page(session, url, {**params, "page": page})
        items.extend(body["items"])
        max_pages = int(body.get("maxPages") or 1)
        if max_pages > MAX_PAGES:
            raise SourceFetchError(
                NAME,
                url,
                _("{field} {pages} exceeds {limit}").format(
                    field="maxPages", pages=max_pages, limit=MAX_PAGES
                ),
            )
        page += 1
    if not items:
        raise SourceFetchError(NAME, url, _("the API returned no rows"))
    dest.mkdir(parents=True, exist_ok=True)
    tmp = dest / f".unhcr_api.{os.getpid()}.json"
    doc = {"url": url, "params": params, "pages": max_pages, "items": items}
    tmp.write_text(json.dumps(doc), encoding="utf-8")
    name = f"unhcr_population_api_{FIRST_YEAR}-{year_to}.json"
    return [Downloaded(tmp, name, url, note=f"{max_pages} page(s), {len(items)} rows")]


SPEC = SourceSpec(
    name=NAME,
    title="UNHCR refugees and asylum-seekers by origin and asylum country",
    dataset=DATASET,
    schema=SCHEMA,
    locator=("origin_iso3", "asylum_iso3", "year"),
    publisher="UNHCR (Refugee Population Statistics Database)",
    licence="CC BY 4.0",
    url=DEFAULT_API_BASE + "/population/",
    raw_patterns=("population.csv", "unhcr_*.csv", "unhcr_population_api_*.json"),
    fetch=fetch,
    parse=parse,
    clean=clean,
    citation="UNHCR Refugee Population Statistics Database",
    suite="etl.validation.suites.migration:unhcr_population_suite",
    demo="etl.demo.migration:demo_refugees",
)
