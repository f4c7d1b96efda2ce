"""UN SDG Global Database API v1: the client (series list, paged data) and its JSON snapshots.

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
"""

from __future__ import annotations

import difflib
import json
import os
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import polars as pl
import requests

from core.errors import ParseError, SourceFetchError
from core.i18n import _, ngettext
from etl.net import http
from etl.schemas import conform
from etl.sources.base import Downloaded
from etl.sources.sdg.frame import (
    NAME,
    NAMED_DIMENSIONS,
    ORIGIN_API,
    SCHEMA,
    SERIES,
    split_values,
    with_areas,
)

BASE_URL_ENV = "M_E_SDG_API_URL"
DEFAULT_BASE_URL = "https://unstats.un.org/sdgapi"
PAGE_SIZE = 1000
MAX_PAGES = 1000  # a safety stop: SM_POP_REFG_OR has ~6,000 rows, 6 pages of 1,000


def base_url() -> str:
    """API root (override with M_E_SDG_API_URL so tests can point at 127.0.0.1)."""
    return os.environ.get(BASE_URL_ENV, DEFAULT_BASE_URL)


# ---------------------------------------------------------------- network


def _get_json(session: requests.Session, url: str, params: dict[str, object]) -> object:
    """GET one reply as JSON; HTTP errors, non-JSON and error envelopes -> SourceFetchError."""
    body, full_url = http.get_json(session, url, NAME, params=params)
    if isinstance(body, dict) and "data" not in body:
        message = body.get("message") or body.get("Message") or body.get("error") or str(body)
        raise SourceFetchError(
            NAME,
            full_url,
            _("the API answered with an error: {message}").format(message=f"{message!s:.200}"),
        )
    return body


def list_series(session: requests.Session, root: str) -> list[dict]:
    """Every series of the database: Series/List entries (code, description, release, ...)."""
    url = f"{root.rstrip('/')}/v1/sdg/Series/List"
    body = _get_json(session, url, {"allReleases": "false"})
    if not isinstance(body, list):
        raise SourceFetchError(
            NAME,
            url,
            _("expected a list of series, got {answer}").format(answer=repr(str(body)[:120])),
        )
    return [s for s in body if isinstance(s, dict)]


def check_codes(codes: tuple[str, ...], listed: list[dict], url: str) -> None:
    """Raise SourceFetchError naming every code Series/List lacks, with the closest codes."""
    known = [str(s.get("code")) for s in listed]
    unknown = [c for c in codes if c not in known]
    if unknown:
        hints = {c: difflib.get_close_matches(c, known, n=3, cutoff=0.6) for c in unknown}
        closest, alone = _("{code} (closest: {codes})"), _("{code} (no close code)")
        text = "; ".join(
            closest.format(code=c, codes=", ".join(h)) if h else alone.format(code=c)
            for c, h in hints.items()
        )
        reason = ngettext(
            "unknown series code: {codes}", "unknown series codes: {codes}", len(unknown)
        )
        raise SourceFetchError(NAME, url, reason.format(codes=text))


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
            raise SourceFetchError(
                NAME,
                url,
                _("unexpected JSON shape: {answer}").format(answer=repr(str(body)[:120])),
            )
        if page == 1:
            header = {k: v for k, v in body.items() if k != "data"}
            pages = int(body.get("totalPages") or 1)
        records.extend(r for r in body["data"] if isinstance(r, dict))
        page += 1
    total = int(header.get("totalElements") or 0)
    if total == 0:
        raise SourceFetchError(
            NAME, url, _("no data for series {code} (is the code right?)").format(code=code)
        )
    if len(records) != total:
        reason = ngettext(
            "received {n} record over {pages} page(s), the API announced {total}",
            "received {n} records over {pages} page(s), the API announced {total}",
            len(records),
        ).format(n=len(records), pages=pages, total=total)
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
            str(path), _("no year"), row=index, column="timePeriodStart", value=raw
        ) from None
    if not year.is_integer():
        raise ParseError(
            str(path), _("not a whole year"), row=index, column="timePeriodStart", value=raw
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
        raise ParseError(str(path), _("not valid JSON ({detail})").format(detail=exc)) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        raise ParseError(
            str(path),
            _("not an {pattern} snapshot: no {key} list").format(
                pattern="sdgapi_*.json", key="'data'"
            ),
            hint=_("These files are written by {command}.").format(
                command="`python -m etl run --source sdg_api`"
            ),
        )
    release = (doc.get("series") or {}).get("release")
    rows = []
    for i, rec in enumerate(doc["data"], start=1):
        try:
            rows.append(_record(rec, i, path, release))
        except ValueError:
            code = rec.get("geoAreaCode")
            raise ParseError(
                str(path), _("not an M49 code"), row=i, column="geoAreaCode", value=code
            ) from None
    df = pl.DataFrame(rows, schema={c: SCHEMA[c] for c in rows[0]} if rows else None)
    df = df.with_columns(origin=pl.lit(ORIGIN_API), source_file=pl.lit(path.name))
    return conform(with_areas(split_values(df)) if rows else df, SCHEMA)
