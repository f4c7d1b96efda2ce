"""Replies of the UN SDG API v1, built in its documented shape from the REAL published numbers.

No raw API JSON exists here, so the API replies are built in the documented v1 shape from the
real Open Numbers DDF files (../shared/data/sdg_api/ddf_open-numbers_2020-10: values, M49
codes, names, nature, units and policy domains as the CSV API returned them in 2020-10) and
served page by page on 127.0.0.1. Three things are made up and marked MADE UP: the release
label, the `source` text and one footnote (the extracts dropped them). The Goal10.xlsx
extract is parsed as published.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from core.config import Settings
from etl.net.http import make_session
from tests.conftest import require_shared
from tests.etl.loopback import Reply, Seen

DDF = "sdg_api/ddf_open-numbers_2020-10/"
GOAL10 = "sdg_api/global_database_goal10_extract/Goal10.xlsx"
DATA = "/v1/sdg/Series/Data"
LIST = "/v1/sdg/Series/List"
RELEASE = "2020.Q3.G.01"  # MADE UP: the DDF snapshot (2020-10) does not name its release
FOOTNOTE = "MADE UP footnote: kept verbatim by the parser"
ERROR = b'{"Message":"An error has occurred."}'  # the ASP.NET error envelope


def session(retries: int = 0, read_timeout: float = 2.0):  # type: ignore[no-untyped-def]
    """A session with short timeouts and `retries` retries, no backoff (for 127.0.0.1)."""
    cfg = Settings(connect_timeout_s=1.0, read_timeout_s=read_timeout, retries=retries, backoff_s=0)
    return make_session(cfg)


def _ddf_file(series: str) -> Path:
    [path] = require_shared(DDF).glob(f"ddf--datapoints--{series.lower()}--by--*.csv")
    return path


def _concepts() -> dict[str, dict]:
    rows = pl.read_csv(require_shared(DDF + "ddf--concepts--continuous.csv"), infer_schema=False)
    return {r["name"]: r for r in rows.filter(pl.col("name").is_not_null()).to_dicts()}


def ddf_records(series: str) -> list[dict]:
    """The real DDF datapoints of one series as API v1 `data` records."""
    meta = _concepts()[series]
    names = pl.read_csv(require_shared(DDF + "ddf--entities--geo_area.csv"), infer_schema=False)
    rows = pl.read_csv(_ddf_file(series), infer_schema=False).join(names, on="geo_area")
    records = []
    for r in rows.to_dicts():
        dims = {"Reporting Type": "G"}
        if r.get("policy_domains"):
            dims["Policy Domains"] = r["policy_domains"].upper()
        records.append(
            {
                "goal": [meta["goal"]],
                "target": [meta["target"]],
                "indicator": [meta["indicator"]],
                "series": series,
                "seriesDescription": meta["description"],
                "geoAreaCode": r["geo_area"],
                "geoAreaName": r["name"],
                "timePeriodStart": float(r["year"]),
                "value": r[series.lower()],
                "valueType": "Float",
                "timeDetail": None,
                "source": "MADE UP source text",
                "footnotes": [],
                "attributes": {"Nature": r["nature"].upper(), "Units": r["units"].upper()},
                "dimensions": dims,
            }
        )
    return records


def series_list(codes: list[str]) -> bytes:
    """A Series/List reply for `codes`, descriptions from the real DDF concepts."""
    concepts = _concepts()
    return json.dumps(
        [
            {"code": c, "description": concepts[c]["description"], "release": RELEASE,
             "goal": [concepts[c]["goal"]], "target": [concepts[c]["target"]],
             "indicator": [concepts[c]["indicator"]], "uri": f"/v1/sdg/Series/{c}"}
            for c in codes
        ]
    ).encode()  # fmt: skip


def paged(by_series: dict[str, list[dict]]) -> object:
    """A route serving Series/Data like the API: slices by page and pageSize, 1-based pages."""

    def reply(seen: Seen) -> Reply:
        records = by_series.get(seen.query.get("seriesCode", ""), [])
        size, page = int(seen.query["pageSize"]), int(seen.query["page"])
        pages = max(1, -(-len(records) // size))
        body = {
            "size": size,
            "totalElements": len(records),
            "totalPages": pages,
            "pageNumber": page,
            "attributes": [{"id": "Nature", "codes": []}, {"id": "Units", "codes": []}],
            "dimensions": [{"id": "Reporting Type", "codes": []}],
            "data": records[(page - 1) * size : page * size],
        }
        return Reply(body=json.dumps(body).encode())

    return reply
