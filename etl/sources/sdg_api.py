"""UN SDG Global Database: API v1 series (10.7.x, 10.c.1) and the Goal 10 extract, as long rows.

API v1 (https://unstats.un.org/sdgapi, override with M_E_SDG_API_URL):
- `GET /v1/sdg/Series/List` -> `[{"code", "description", "release", "goal", "target",
  "indicator", "uri"}]`; `release` (e.g. "2023.Q2.G.03") is the vintage (`last_updated`).
- `GET /v1/sdg/Series/Data?seriesCode=X&page=N&pageSize=M` -> `{"size", "totalElements",
  "totalPages", "pageNumber", "attributes", "dimensions", "data": [record]}`; a record has
  `series`, `seriesDescription`, `goal`/`target`/`indicator` (lists), `geoAreaCode` (M49, text),
  `geoAreaName`, `timePeriodStart` (2019.0), `value` (text, "NaN" when missing), `valueType`,
  `source`, `footnotes` (list), `attributes` {"Nature", "Units"} and `dimensions` {"Sex", "Age",
  "Location", "Policy Domains", "Reporting Type", ...}.
- Errors: a JSON object with `message`/`Message` and no `data` (the ASP.NET envelope, with HTTP
  200 or 500) -> SourceFetchError quoting it; 429/5xx are retried by etl.http. Codes missing from
  Series/List are refused before any data request, naming the closest listed codes.
Raw file `sdgapi_<code>.json`: {"series_code", "request_url", "series" (its Series/List entry),
"total_elements", "attributes", "dimensions", "data" (every page)}.

Extract `Goal10.xlsx` (Global SDG Database "Goal 10" download, sheet `data`, trimmed by a third
party to Goal, Target, Indicator, SeriesCode, SeriesDescription, GeoAreaCode, GeoAreaName,
TimePeriod, Value, Units): its dimension and attribute columns are gone, so they are null here.
SG_CPA_MIGRS is left out: without its policy domain, 7 rows per country-year look alike.

Areas: `ref_area` is the ISO3 code of a country (pycountry M49 numeric; Kosovo 412 -> XKX and
Channel Islands 830 -> CHI as the World Bank codes them; Sark 680 keeps "680"); every other code
(World 1, regions, groups) keeps its M49 code as text, with `is_aggregate` True. Values: "NaN",
blank and "N" are null; other non-numbers are kept in `value_text`.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import polars as pl
import pycountry
import requests

from core.errors import ParseError, SchemaMismatch, SourceFetchError
from etl.net import http
from etl.schemas import conform
from etl.sources.base import Downloaded, SourceSpec

NAME = "sdg_api"
# How the published file encodes "not available" and what becomes of it (issue 10).
MISSING_ENCODING = '"", "NaN", "N", "NA", "..": null value (the text is kept in value_text)'
DATASET = "sdg_api"
BASE_URL_ENV = "M_E_SDG_API_URL"
DEFAULT_BASE_URL = "https://unstats.un.org/sdgapi"
SERIES: tuple[str, ...] = (
    "SI_RMT_COST",  # 10.c.1 cost of sending USD 200 to a receiving country, %
    "SG_CPA_MIGRP",  # 10.7.2 % of countries with migration policies, by policy domain
    "SG_CPA_MIGRS",  # 10.7.2 country score 1-4, by policy domain
    "SM_DTH_MIGR",  # 10.7.3 deaths and disappearances during migration, number
    "SM_POP_REFG_OR",  # 10.7.4 refugees per 100,000 population, by country of origin
)
EXTRACT_SKIPPED = {"SG_CPA_MIGRS": "policy domain dropped from the extract"}
PAGE_SIZE = 1000
MAX_PAGES = 1000  # a safety stop: SM_POP_REFG_OR has ~6,000 rows, 6 pages of 1,000
ORIGIN_API, ORIGIN_EXTRACT = "api-v1", "goal10-extract"
MISSING = ("", "NaN", "nan", "N", "NA", "..")  # the API writes "NaN"; SG_CPA_MIGRS has "N"
M49_NON_ISO: dict[int, str] = {412: "XKX", 830: "CHI", 680: "680"}  # Kosovo, Channel Is., Sark
LICENCE = "UN Statistics Division terms of use (free reuse with attribution)"
CITATION = "United Nations Statistics Division, Global SDG Indicators Database."

_S, _F = pl.String(), pl.Float64()
SCHEMA: dict[str, pl.DataType] = {
    "series_code": _S,  # e.g. SM_POP_REFG_OR
    "series_description": _S,
    "goal": _S,  # "10"
    "target": _S,  # "10.7"
    "indicator": _S,  # "10.7.4"
    "geo_area_code": pl.Int32(),  # M49 numeric
    "geo_area_name": _S,
    "ref_area": _S,  # ISO3 for countries; the M49 code as text for aggregates
    "is_aggregate": pl.Boolean(),
    "time_period": pl.Int16(),  # year (timePeriodStart)
    "time_detail": _S,  # e.g. "2015-2017" when the API gives one
    "value": _F,
    "value_text": _S,  # the published value when it is not a number ("N", ">95")
    "value_type": _S,  # API valueType, e.g. "Float"
    "units": _S,  # e.g. PER_100000_POP, PERCENT, NUMBER
    "nature": _S,  # C country, CA adjusted, E estimated, G global monitoring, M modelled, N
    "reporting_type": _S,  # G global / N national
    "sex": _S,
    "age": _S,
    "location": _S,  # urban / rural
    "policy_domain": _S,  # 10.7.2: DOMAIN1..DOMAIN6, ALLDOMAINS
    "other_dimensions": _S,  # any other API dimension, as sorted JSON {"name": "code"}
    "footnote": _S,
    "source": _S,  # the data source named by the API for that observation
    "last_updated": _S,  # the series release, e.g. "2023.Q2.G.03"; null for the extract
    "origin": _S,  # "api-v1" | "goal10-extract"
    "source_file": _S,
    "source_row": pl.Int32(),  # record number (API) or 1-based Excel row (extract)
}
NAMED_DIMENSIONS: dict[str, str] = {
    "Reporting Type": "reporting_type",
    "Sex": "sex",
    "Age": "age",
    "Location": "location",
    "Policy Domains": "policy_domain",
}
KEY = ["series_code", "geo_area_code", "time_period", "units", *NAMED_DIMENSIONS.values()]
KEY += ["other_dimensions"]
EXTRACT_COLUMNS = {
    "Goal": "goal",
    "Target": "target",
    "Indicator": "indicator",
    "SeriesCode": "series_code",
    "SeriesDescription": "series_description",
    "GeoAreaCode": "geo_area_code",
    "GeoAreaName": "geo_area_name",
    "TimePeriod": "time_period",
    "Value": "value_text",
    "Units": "units",
}


def base_url() -> str:
    """API root (override with M_E_SDG_API_URL so tests can point at 127.0.0.1)."""
    return os.environ.get(BASE_URL_ENV, DEFAULT_BASE_URL)


# ---------------------------------------------------------------- network


def _get_json(session: requests.Session, url: str, params: dict[str, object]) -> object:
    """GET one reply as JSON; HTTP errors, non-JSON and error envelopes -> SourceFetchError."""
    body, full_url = http.get_json(session, url, NAME, params=params)
    if isinstance(body, dict) and "data" not in body:
        message = body.get("message") or body.get("Message") or body.get("error") or str(body)
        raise SourceFetchError(NAME, full_url, f"the API answered with an error: {message!s:.200}")
    return body


def list_series(session: requests.Session, root: str) -> list[dict]:
    """Every series of the database: Series/List entries (code, description, release, ...)."""
    url = f"{root.rstrip('/')}/v1/sdg/Series/List"
    body = _get_json(session, url, {"allReleases": "false"})
    if not isinstance(body, list):
        raise SourceFetchError(NAME, url, f"expected a list of series, got {str(body)[:120]!r}")
    return [s for s in body if isinstance(s, dict)]


def check_codes(codes: tuple[str, ...], listed: list[dict], url: str) -> None:
    """Raise SourceFetchError naming every code Series/List lacks, with the closest codes."""
    known = [str(s.get("code")) for s in listed]
    unknown = [c for c in codes if c not in known]
    if unknown:
        hints = {c: difflib.get_close_matches(c, known, n=3, cutoff=0.6) for c in unknown}
        text = "; ".join(f"{c} (closest: {', '.join(h) or 'none'})" for c, h in hints.items())
        raise SourceFetchError(NAME, url, f"unknown series code(s): {text}")


def fetch_series(
    session: requests.Session, code: str, *, root: str, page_size: int = PAGE_SIZE
) -> tuple[dict, list[dict]]:
    """Page 1's header (without `data`) and every record of one series, over all pages.

    Raises:
        SourceFetchError: HTTP/network failure, error envelope, no data for the code, or a
            record count that differs from the `totalElements` the API announced.
    """
    url = f"{root.rstrip('/')}/v1/sdg/Series/Data"
    params: dict[str, object] = {"seriesCode": code, "pageSize": page_size}
    records: list[dict] = []
    header: dict = {}
    page, pages = 1, 1
    while page <= min(pages, MAX_PAGES):
        body = _get_json(session, url, {**params, "page": page})
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise SourceFetchError(NAME, url, f"unexpected JSON shape: {str(body)[:120]!r}")
        if page == 1:
            header = {k: v for k, v in body.items() if k != "data"}
            pages = int(body.get("totalPages") or 1)
        records.extend(r for r in body["data"] if isinstance(r, dict))
        page += 1
    total = int(header.get("totalElements") or 0)
    if total == 0:
        raise SourceFetchError(NAME, url, f"no data for series {code} (is the code right?)")
    if len(records) != total:
        reason = f"received {len(records)} records over {pages} page(s), the API announced {total}"
        raise SourceFetchError(NAME, url, reason)
    return header, records


def _write_temp(doc: dict, dest: Path, code: str) -> Path:
    """Write one snapshot document to a fresh hidden temp file in `dest`."""
    fd, tmp = tempfile.mkstemp(prefix=f".sdgapi_{code}.", suffix=".tmp", dir=dest)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(doc, out, ensure_ascii=False)
    return Path(tmp)


def fetch(session: requests.Session, dest: Path) -> list[Downloaded]:
    """Download every code of SERIES into one JSON file each; all or nothing."""
    root = base_url()
    dest.mkdir(parents=True, exist_ok=True)
    listed = list_series(session, root)
    check_codes(SERIES, listed, f"{root.rstrip('/')}/v1/sdg/Series/List")
    entries = {str(s.get("code")): s for s in listed}
    items: list[Downloaded] = []
    try:
        for code in SERIES:
            header, records = fetch_series(session, code, root=root)
            query = urlencode({"seriesCode": code, "pageSize": PAGE_SIZE})
            url = f"{root.rstrip('/')}/v1/sdg/Series/Data?{query}"
            doc = {
                "series_code": code,
                "request_url": url,
                "series": entries[code],
                "total_elements": header.get("totalElements"),
                "attributes": header.get("attributes"),
                "dimensions": header.get("dimensions"),
                "data": records,
            }
            tmp = _write_temp(doc, dest, code)
            items.append(Downloaded(tmp_path=tmp, name=f"sdgapi_{code}.json", url=url))
    except BaseException:
        for item in items:
            item.tmp_path.unlink(missing_ok=True)
        raise
    return items


# ---------------------------------------------------------------- parsing


@functools.cache
def _iso3_by_m49() -> dict[int, str]:
    """M49 numeric -> ISO3 for every ISO 3166-1 country, plus the non-ISO economies."""
    table = {int(c.numeric): c.alpha_3 for c in pycountry.countries}
    return {**table, **M49_NON_ISO}


def with_areas(df: pl.DataFrame) -> pl.DataFrame:
    """Add ref_area (ISO3, else the M49 code as text) and is_aggregate from geo_area_code."""
    iso = _iso3_by_m49()
    code = pl.col("geo_area_code")
    mapped = code.replace_strict(iso, default=None, return_dtype=pl.String)
    return df.with_columns(
        ref_area=pl.coalesce(mapped, code.cast(pl.String)), is_aggregate=mapped.is_null()
    )


def _values(df: pl.DataFrame) -> pl.DataFrame:
    """value from value_text: MISSING -> null; other non-numbers stay only in value_text."""
    text = pl.col("value_text").str.strip_chars()
    number = text.cast(pl.Float64, strict=False)
    missing = text.is_null() | text.is_in(MISSING)
    return df.with_columns(
        value=pl.when(missing | number.is_nan()).then(None).otherwise(number),
        value_text=pl.when(number.is_null() & ~missing).then(text).otherwise(None),
    )


def _first(values: object) -> str | None:
    """The first element of an API list field (goal/target/indicator), or the value itself."""
    if isinstance(values, list):
        return str(values[0]) if values else None
    return None if values is None else str(values)


def _year(rec: dict, path: Path, index: int) -> int:
    """timePeriodStart (2019.0) as an int year."""
    raw = rec.get("timePeriodStart")
    try:
        year = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ParseError(
            str(path), "no year", row=index, column="timePeriodStart", value=raw
        ) from None
    if not year.is_integer():
        raise ParseError(
            str(path), "not a whole year", row=index, column="timePeriodStart", value=raw
        )
    return int(year)


def _record(rec: dict, index: int, path: Path, release: str | None) -> dict[str, object]:
    """One API record as a SCHEMA row (before area and value columns)."""
    dims = {str(k): str(v) for k, v in (rec.get("dimensions") or {}).items() if v is not None}
    attrs = rec.get("attributes") or {}
    other = {k: v for k, v in sorted(dims.items()) if k not in NAMED_DIMENSIONS}
    footnotes = rec.get("footnotes") or []
    raw = rec.get("value")
    return {
        "series_code": rec.get("series"),
        "series_description": rec.get("seriesDescription"),
        "goal": _first(rec.get("goal")),
        "target": _first(rec.get("target")),
        "indicator": _first(rec.get("indicator")),
        "geo_area_code": int(str(rec.get("geoAreaCode"))),
        "geo_area_name": rec.get("geoAreaName"),
        "time_period": _year(rec, path, index),
        "time_detail": rec.get("timeDetail") or rec.get("time_detail"),
        "value_text": None if raw is None else str(raw),
        "value_type": rec.get("valueType"),
        "units": attrs.get("Units"),
        "nature": attrs.get("Nature"),
        **{col: dims.get(name) for name, col in NAMED_DIMENSIONS.items()},
        "other_dimensions": json.dumps(other, sort_keys=True) if other else None,
        "footnote": "; ".join(str(f) for f in footnotes if f) or None,
        "source": rec.get("source") or None,
        "last_updated": release,
        "source_row": index,
    }


def parse_api(path: Path) -> pl.DataFrame:
    """One sdgapi_<code>.json snapshot into SCHEMA rows; dimensions and footnotes kept."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(str(path), f"not valid JSON ({exc})") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        raise ParseError(
            str(path),
            "not an sdgapi_*.json snapshot: no 'data' list",
            hint="These files are written by `python -m etl run --source sdg_api`.",
        )
    release = (doc.get("series") or {}).get("release")
    rows = []
    for i, rec in enumerate(doc["data"], start=1):
        try:
            rows.append(_record(rec, i, path, release))
        except ValueError:
            code = rec.get("geoAreaCode")
            raise ParseError(
                str(path), "not an M49 code", row=i, column="geoAreaCode", value=code
            ) from None
    df = pl.DataFrame(rows, schema={c: SCHEMA[c] for c in rows[0]} if rows else None)
    df = df.with_columns(origin=pl.lit(ORIGIN_API), source_file=pl.lit(path.name))
    return conform(with_areas(_values(df)) if rows else df, SCHEMA)


def _strict_int(df: pl.DataFrame, column: str, path: Path) -> pl.Expr:
    """Cast a text column of the extract to Int, raising ParseError at the first bad cell."""
    cast = pl.col(column).str.strip_chars().cast(pl.Int32, strict=False)
    bad = df.with_row_index("_i").filter(cast.is_null() & pl.col(column).is_not_null())
    if bad.height:
        row = bad.row(0, named=True)
        raise ParseError(str(path), "expected a whole number", row=row["_i"] + 2, column=column,
                         value=row[column])  # fmt: skip
    return cast


def parse_extract(path: Path) -> pl.DataFrame:
    """Goal10.xlsx (sheet `data`) into SCHEMA rows for the SERIES codes it can represent."""
    try:
        raw = pl.read_excel(path, sheet_name="data", engine="calamine", infer_schema_length=0)
    except Exception as exc:  # fastexcel raises its own error types
        raise ParseError(str(path), f"not a readable workbook with a sheet 'data' ({exc})") from exc
    missing = [c for c in EXTRACT_COLUMNS if c not in raw.columns]
    if missing:
        raise SchemaMismatch(DATASET, str(path), missing)
    df = raw.select([pl.col(k).alias(v) for k, v in EXTRACT_COLUMNS.items()])
    df = df.with_columns(
        geo_area_code=_strict_int(df, "geo_area_code", path),
        time_period=_strict_int(df, "time_period", path),
        source_row=pl.int_range(2, df.height + 2, dtype=pl.Int32),
    )
    keep = [c for c in SERIES if c not in EXTRACT_SKIPPED]
    df = df.filter(pl.col("series_code").is_in(keep)).with_columns(
        origin=pl.lit(ORIGIN_EXTRACT), source_file=pl.lit(path.name)
    )
    return conform(with_areas(_values(df)), SCHEMA)


def parse(path: Path) -> pl.DataFrame:
    """Read an API snapshot (.json) or the Global SDG Database Goal 10 extract (.xlsx)."""
    if path.suffix.lower() == ".json":
        return parse_api(path)
    return parse_extract(path)


def clean(df: pl.DataFrame) -> pl.DataFrame:
    """Pure: rows with a value, one per KEY (newest release first); API rows replace the extract.

    The extract lacks the dimension columns, so its keys can never equal an API key; an extract
    row is dropped when the API has the same series, area, year and units.
    """
    rows = conform(df, SCHEMA).filter(pl.col("value").is_not_null())
    is_api = (pl.col("origin") == ORIGIN_API).fill_null(False)
    api = rows.filter(is_api)
    coarse = ["series_code", "geo_area_code", "time_period", "units"]
    extract = rows.filter(~is_api).join(api.select(coarse).unique(), on=coarse, how="anti")
    return (
        pl.concat([api, extract])
        .sort(["last_updated", "source_file"], descending=[True, False], nulls_last=True)
        .unique(subset=KEY, keep="first", maintain_order=True)
        .sort(["series_code", "geo_area_code", "time_period", "source_row"])
    )


SPEC = SourceSpec(
    name=NAME,
    title="UN SDG Global Database: 10.7 and 10.c.1 series (API v1)",
    dataset=DATASET,
    schema=SCHEMA,
    locator=("series_code", "ref_area", "time_period"),
    publisher="United Nations Statistics Division",
    licence=LICENCE,
    url=DEFAULT_BASE_URL,
    raw_patterns=("sdgapi_*.json", "Goal10.xlsx"),
    fetch=fetch,
    parse=parse,
    clean=clean,
    citation=CITATION,
    suite="etl.validation.suites.migration:sdg_api_suite",
    no_demo="custodian copies of series the demo already computes from its own inputs",
)
