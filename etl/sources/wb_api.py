"""World Bank Indicators API v2 client: remittance cost and flow series as JSON snapshots.

Reply shape (format=json): `[{"page":1,"pages":3,"per_page":50,"total":122,...,
"lastupdated":"2021-05-25"}, [record, ...]]`, one record per country x year with `indicator`,
`country` ({id, value}), `countryiso3code`, `date` and `value` (a number or null). Errors come
in two shapes, both turned into SourceFetchError with a readable reason:
- an envelope with HTTP 200: `[{"message":[{"id":"120","key":"Invalid value","value":...}]}]`
  (unknown country or indicator);
- an HTML "Request Error" page with HTTP 400 (e.g. an invalid `source=`).

Raw file `wbapi_<indicator>.json`: {"request_url", "indicator", "metadata" (page 1 metadata incl.
`lastupdated`), "records" (every page, as received)}. It holds no retrieval time (that is in the
sidecar), so an unchanged API answer gives the same sha256 and no new snapshot.

Aggregates: a record is an economy when `countryiso3code` is an ISO 3166-1 alpha-3 code
(pycountry) or a World Bank economy code that is not ISO (XKX Kosovo, CHI Channel Islands);
an empty code or any other code (WLD, SSF, ARB, HIC, ...) is an aggregate. See
core.areas.is_aggregate_code. When `countryiso3code` is empty the 2-character API id is
kept as `country_code` so the row stays traceable.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import polars as pl
import requests

from core.areas import is_aggregate_code
from core.errors import ParseError, SourceFetchError
from core.i18n import _, ngettext
from etl.net import http
from etl.schemas import WB_INDICATORS
from etl.sources.base import Downloaded, SourceSpec
from etl.sources.wdi import INDICATORS, clean_indicators

NAME = "wb_api"
# How the published file encodes "not available" and what becomes of it (issue 10).
MISSING_ENCODING = 'JSON null: the API\'s "no data for that year", never a zero'
ORIGIN = "api-v2"
BASE_URL = "https://api.worldbank.org/v2/"
MAX_PAGES = 1000  # a safety stop: 4 indicators x ~17,000 rows need ~17 pages of 1,000


def api_base_url() -> str:
    """API root (override with M_E_WB_API_URL so tests can point at 127.0.0.1)."""
    return os.environ.get("M_E_WB_API_URL", BASE_URL)


def indicator_url(base_url: str, indicator: str, countries: str = "all") -> str:
    """…/countries/<countries>/indicators/<indicator> (no query string)."""
    return f"{base_url.rstrip('/')}/countries/{countries}/indicators/{indicator}"


def _envelope_reason(body: object) -> str | None:
    """The API's own error text if `body` is an error envelope, else None."""
    if isinstance(body, list) and body and isinstance(body[0], dict) and "message" in body[0]:
        messages = body[0]["message"] or []
        parts = [
            f"{m.get('id', '?')} {m.get('key', '')}: {m.get('value', '')}".strip()
            for m in messages
            if isinstance(m, dict)
        ]
        unique = list(dict.fromkeys(parts))  # the API repeats one message per bad parameter
        return _("the API answered with an error message: {messages}").format(
            messages="; ".join(unique or [_("(empty)")])
        )
    return None


def _page(
    session: requests.Session, url: str, params: dict[str, object]
) -> tuple[dict, list[dict]]:
    """GET one page and split it into (metadata, records); errors -> SourceFetchError."""
    body, full_url = http.get_json(session, url, NAME, params=params)
    envelope = _envelope_reason(body)
    if envelope:
        raise SourceFetchError(NAME, full_url, envelope)
    if not (isinstance(body, list) and len(body) == 2 and isinstance(body[0], dict)):
        reason = _("unexpected JSON shape (expected {shape}): {answer}").format(
            shape="[metadata, records]", answer=repr(str(body)[:120])
        )
        raise SourceFetchError(NAME, full_url, reason)
    records = body[1] if isinstance(body[1], list) else []  # `null` when total is 0
    return body[0], records


def fetch_indicator(
    session: requests.Session,
    indicator: str,
    *,
    countries: str = "all",
    date: str | None = None,
    per_page: int = 1000,
    base_url: str = BASE_URL,
) -> tuple[dict, list[dict]]:
    """Every record of one indicator across all pages, and the metadata of page 1.

    Args:
        indicator: WDI code, e.g. "SI.RMT.COST.IB.ZS"; several may be joined with ";".
        countries: "all" or ISO codes joined with ";", e.g. "JPN;USA".
        date: optional year or range, e.g. "2018:2019".
        per_page: records per page (the API allows large pages; fewer round trips).
        base_url: API root, e.g. https://api.worldbank.org/v2/.

    Raises:
        SourceFetchError: network/HTTP failure, error envelope, non-JSON reply, or a record
            count that differs from the `total` the API announced.
    """
    url = indicator_url(base_url, indicator, countries)
    params: dict[str, object] = {"format": "json", "per_page": per_page}
    if date:
        params["date"] = date
    meta, records = _page(session, url, {**params, "page": 1})
    pages = min(int(meta.get("pages") or 1), MAX_PAGES)
    for page in range(2, pages + 1):
        records.extend(_page(session, url, {**params, "page": page})[1])
    total = int(meta.get("total") or 0)
    if len(records) != total:
        reason = ngettext(
            "received {n} record over {pages} page(s), the API announced {total}",
            "received {n} records over {pages} page(s), the API announced {total}",
            len(records),
        ).format(n=len(records), pages=pages, total=total)
        raise SourceFetchError(NAME, url, reason)
    return meta, records


def request_url(base_url: str, indicator: str, per_page: int) -> str:
    """The documented request (without the page number), for the raw file and sidecar."""
    query = urlencode({"format": "json", "per_page": per_page})
    return f"{indicator_url(base_url, indicator)}?{query}"


def _write_temp(doc: dict, dest: Path, indicator: str) -> Path:
    """Write one snapshot document to a fresh hidden temp file in `dest`."""
    fd, tmp = tempfile.mkstemp(prefix=f".wbapi_{indicator}.", suffix=".tmp", dir=dest)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(doc, out, ensure_ascii=False, indent=1)
    return Path(tmp)


def fetch(session: requests.Session, dest: Path) -> list[Downloaded]:
    """Download every indicator of wdi.INDICATORS into one JSON file each (temp files in dest).

    All or nothing: if one indicator fails, the files already written are removed.
    """
    base, per_page = api_base_url(), 1000
    dest.mkdir(parents=True, exist_ok=True)
    items: list[Downloaded] = []
    try:
        for indicator in INDICATORS:
            meta, records = fetch_indicator(session, indicator, per_page=per_page, base_url=base)
            url = request_url(base, indicator, per_page)
            doc = {"indicator": indicator, "request_url": url, "metadata": meta, "records": records}
            tmp = _write_temp(doc, dest, indicator)
            items.append(Downloaded(tmp_path=tmp, name=f"wbapi_{indicator}.json", url=url))
    except BaseException:
        for item in items:
            item.tmp_path.unlink(missing_ok=True)
        raise
    return items


def _year(record: dict, path: Path, index: int) -> int:
    """`date` of an annual record as int; monthly/quarterly dates are not expected here."""
    text = str(record.get("date", ""))
    if not (len(text) == 4 and text.isdigit()):
        raise ParseError(
            str(path),
            _("expected an annual date ({format})").format(format="yyyy"),
            row=index,
            column="date",
            value=text,
            hint=_("Only annual World Bank indicators are supported."),
        )
    return int(text)


def _value(record: dict, path: Path, index: int) -> float | None:
    """`value` as float; null stays None (the API's "no data for that year")."""
    value = record.get("value")
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise ParseError(
        str(path), _("expected a number or null"), row=index, column="value", value=value
    )


def _load(path: Path) -> dict:
    """The raw JSON document, checked for the keys this module writes."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(str(path), _("not valid JSON ({detail})").format(detail=exc)) from exc
    missing = [k for k in ("metadata", "records") if not isinstance(doc, dict) or k not in doc]
    if missing:
        raise ParseError(
            str(path),
            _("not a {pattern} snapshot: lacks {keys}").format(
                pattern="wbapi_*.json", keys=", ".join(missing)
            ),
            hint=_("These files are written by {command}.").format(
                command="`python -m etl run --source wb_api`"
            ),
        )
    return doc


def parse(path: Path) -> pl.DataFrame:
    """One wbapi_<indicator>.json into WB_INDICATORS long rows; null values are kept."""
    doc = _load(path)
    updated = doc["metadata"].get("lastupdated")
    try:
        vintage = date.fromisoformat(updated) if updated else None
    except ValueError:
        raise ParseError(
            str(path),
            _("metadata {key} is not a date").format(key="'lastupdated'"),
            value=updated,
        ) from None
    rows = []
    for i, rec in enumerate(doc["records"], start=1):
        iso3 = (rec.get("countryiso3code") or "").strip()
        country = rec.get("country") or {}
        indicator = rec.get("indicator") or {}
        rows.append(
            {
                "country_code": iso3 or country.get("id"),
                "country_name": country.get("value"),
                "is_aggregate": is_aggregate_code(iso3),
                "indicator_code": indicator.get("id"),
                "indicator_name": indicator.get("value"),
                "year": _year(rec, path, i),
                "value": _value(rec, path, i),
                "last_updated": vintage,
                "origin": ORIGIN,
                "source_file": path.name,
            }
        )
    return pl.DataFrame(rows, schema=WB_INDICATORS)


def clean(df: pl.DataFrame) -> pl.DataFrame:
    """Pure: WB_INDICATORS rows with a value, one per country x indicator x year (latest)."""
    return clean_indicators(df)


SPEC = SourceSpec(
    name=NAME,
    title="World Bank Indicators API v2: remittance costs and flows",
    dataset="wb_api",
    schema=WB_INDICATORS,
    locator=("country_code", "indicator_code", "year"),
    publisher="World Bank",
    licence="CC BY 4.0",
    url=BASE_URL,
    raw_patterns=("wbapi_*.json",),
    fetch=fetch,
    parse=parse,
    clean=clean,
    citation="World Bank, World Development Indicators via the Indicators API v2 (CC BY 4.0).",
    suite="etl.validation.suites.remittance:wb_api_suite",
    no_demo="the same World Bank series as wdi, fetched another way",
)
