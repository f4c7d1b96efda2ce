"""UN SDG API v1 client on 127.0.0.1: paging, retries, errors, unknown codes (real numbers).

The replies (tests/etl/sources/sdg/replies.py) carry the REAL Open Numbers DDF values."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from core.errors import ParseError, SourceFetchError
from etl.sources.sdg import api, frame, spec
from tests.etl.loopback import Reply, Seen, serve
from tests.etl.sources.sdg.replies import (
    DATA,
    ERROR,
    FOOTNOTE,
    LIST,
    RELEASE,
    ddf_records,
    paged,
    series_list,
    session,
)


def test_paging_reads_every_page_and_keeps_policy_domains(tmp_path: Path) -> None:
    records = ddf_records("SG_CPA_MIGRS")
    assert len(records) == 1127  # the DDF file's data rows (SOURCES.md says 1,126)
    with serve({DATA: paged({"SG_CPA_MIGRS": records})}) as srv:  # type: ignore[dict-item]
        header, got = api.fetch_series(session(), "SG_CPA_MIGRS", root=srv.url, page_size=500)
        pages = [s.query["page"] for s in srv.seen]
    assert pages == ["1", "2", "3"]
    assert header["totalElements"] == 1127 and "data" not in header
    assert got == records
    doc = {"series": {"code": "SG_CPA_MIGRS", "release": RELEASE}, "data": got}
    path = tmp_path / "sdgapi_SG_CPA_MIGRS.json"
    path.write_text(json.dumps(doc))
    rows = spec.clean(spec.parse(path))
    # Albania (M49 8), 2019, from the real DDF file: alldomains 3, domain1 2, domain2 4.
    alb = rows.filter(pl.col("ref_area") == "ALB").sort("policy_domain")
    assert alb["policy_domain"].to_list()[:3] == ["ALLDOMAINS", "DOMAIN1", "DOMAIN2"]
    assert alb["value"].to_list()[:3] == [3.0, 2.0, 4.0]
    assert set(alb["nature"]) == {"C"} and set(alb["units"]) == {"NUMBER"}
    assert set(alb["reporting_type"]) == {"G"} and set(alb["last_updated"]) == {RELEASE}
    # Every domain is its own key; only the 350 "N" (no data) values are dropped: 1127 - 350.
    assert rows.height == 777
    assert sum(r["value"] == "N" for r in records) == 350


def test_fetch_all_series_then_parse_and_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_series = {s: ddf_records(s) for s in frame.SERIES}
    by_series["SM_POP_REFG_OR"][0]["footnotes"] = [FOOTNOTE]
    routes = {LIST: Reply(body=series_list(list(frame.SERIES))), DATA: paged(by_series)}
    with serve(routes) as srv:  # type: ignore[arg-type]
        monkeypatch.setenv(api.BASE_URL_ENV, srv.url)
        items = api.fetch(session(), tmp_path)
        refg_pages = [
            s.query["page"] for s in srv.seen if s.query.get("seriesCode") == "SM_POP_REFG_OR"
        ]
    assert [i.name for i in items] == [f"sdgapi_{s}.json" for s in frame.SERIES]
    assert refg_pages == ["1", "2", "3", "4", "5", "6"]  # 5,880 rows in pages of 1,000
    frames = []
    for item in items:
        final = tmp_path / item.name
        item.tmp_path.rename(final)
        frames.append(spec.parse(final))
    rows = spec.clean(pl.concat(frames))
    refg = rows.filter(pl.col("series_code") == "SM_POP_REFG_OR")
    syr = refg.filter((pl.col("ref_area") == "SYR") & (pl.col("time_period") == 2015)).row(
        0, named=True
    )
    assert syr["value"] == 21308.0  # the real 2020-10 value (Syria, 2015)
    assert (syr["geo_area_code"], syr["units"], syr["indicator"]) == (
        760,
        "PER_100000_POP",
        "10.7.4",
    )
    world = refg.filter((pl.col("geo_area_code") == 1) & (pl.col("time_period") == 2000))
    assert world.select("ref_area", "is_aggregate", "value").row(0) == ("1", True, 179.0)
    assert refg.filter(pl.col("footnote") == FOOTNOTE).height == 1
    migrp = rows.filter(pl.col("series_code") == "SG_CPA_MIGRP")
    assert migrp.height == 273 and migrp["is_aggregate"].all()  # % of countries: regions only


def test_500_is_retried_then_the_pages_are_read() -> None:
    records = ddf_records("SM_DTH_MIGR")
    answers = paged({"SM_DTH_MIGR": records})
    calls: list[str] = []

    def flaky(seen: Seen) -> Reply:
        calls.append(seen.query["page"])
        if len(calls) == 1:
            return Reply(status=500, body=ERROR)
        return answers(seen)  # type: ignore[operator]

    with serve({DATA: flaky}) as srv:
        _, got = api.fetch_series(session(retries=2), "SM_DTH_MIGR", root=srv.url)
    assert calls == ["1", "1", "2"]  # page 1 failed once, was retried, then page 2
    assert len(got) == 1668


def test_persistent_500_reports_status_and_the_api_message() -> None:
    with serve({DATA: Reply(status=500, body=ERROR)}) as srv:
        with pytest.raises(SourceFetchError) as err:
            api.fetch_series(session(retries=1), "SM_DTH_MIGR", root=srv.url)
        assert srv.count(DATA) == 2  # the first try and one retry
    assert err.value.status == 500
    assert "An error has occurred." in str(err.value)


def test_error_envelope_with_http_200_is_an_error() -> None:
    with serve({DATA: Reply(body=ERROR)}) as srv, pytest.raises(SourceFetchError) as err:
        api.fetch_series(session(), "SM_DTH_MIGR", root=srv.url)
    assert "the API answered with an error: An error has occurred." in str(err.value)


def test_read_timeout_is_a_fetch_error() -> None:
    routes = {DATA: Reply(body=b"{}", delay_s=1.0)}
    with serve(routes) as srv, pytest.raises(SourceFetchError) as err:
        api.fetch_series(session(read_timeout=0.2), "SM_DTH_MIGR", root=srv.url)
    assert "ReadTimeout" in str(err.value) or "timed out" in str(err.value)


def test_unknown_series_code_is_refused_with_the_closest_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = [c for c in frame.SERIES if c != "SG_CPA_MIGRP"] + ["SG_CPA_MIGRP_OLD"]
    routes = {LIST: Reply(body=series_list(listed[:-1]))}
    with serve(routes) as srv, pytest.raises(SourceFetchError) as err:
        monkeypatch.setenv(api.BASE_URL_ENV, srv.url)
        api.fetch(session(), tmp_path)
    assert "unknown series code: SG_CPA_MIGRP (closest: SG_CPA_MIGRS" in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_a_code_without_data_and_a_short_answer_are_errors() -> None:
    no_data = pytest.raises(SourceFetchError, match="no data for series SM_POP_REFG")
    with serve({DATA: paged({})}) as srv, no_data:  # type: ignore[dict-item]
        api.fetch_series(session(), "SM_POP_REFG", root=srv.url)
    one_page = {
        DATA: Reply(body=json.dumps({"totalElements": 5, "totalPages": 1, "data": [{}]}).encode())
    }
    with serve(one_page) as srv, pytest.raises(SourceFetchError, match="received 1 record over"):
        api.fetch_series(session(), "SM_POP_REFG_OR", root=srv.url)


def test_bad_snapshot_files_name_file_row_and_value(tmp_path: Path) -> None:
    bad = tmp_path / "sdgapi_X.json"
    bad.write_text("{not json")
    with pytest.raises(ParseError, match=r"sdgapi_X\.json: not valid JSON"):
        spec.parse(bad)
    record = ddf_records("SI_RMT_COST")[0] | {"geoAreaCode": "World"}
    bad.write_text(json.dumps({"data": [ddf_records("SI_RMT_COST")[1], record]}))
    with pytest.raises(ParseError, match=r"row 2, column 'geoAreaCode', value 'World'"):
        spec.parse(bad)
