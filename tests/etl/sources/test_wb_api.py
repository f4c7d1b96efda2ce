"""World Bank API v2 client against the REAL recorded replies, served on 127.0.0.1.

The bodies come from ../shared/data/wb_api_v2/extracted_bodies (go-vcr cassettes of real calls,
mid-2021). The cassettes recorded only page 1 of the 3-page JPN;USA GDP answer, so pages 2
and 3 are built here from the real page-1 metadata, with made-up values (year x 1e9) that are
marked as such; every number asserted as "real" below comes from the recorded page 1.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core.config import Settings
from core.errors import ParseError, SourceFetchError
from etl.net.http import make_session
from etl.schemas import WB_INDICATORS
from etl.sources import wb_api
from tests.conftest import raw_fixture, require_shared
from tests.etl.loopback import Reply, serve

BODIES = "wb_api_v2/extracted_bodies/"
GDP_PATH = "/v2/countries/JPN;USA/indicators/NY.GDP.MKTP.CD"


def _body(name: str) -> bytes:
    return require_shared(BODIES + name).read_bytes()


def _session():  # type: ignore[no-untyped-def]
    return make_session(Settings(connect_timeout_s=1.0, read_timeout_s=2.0, retries=0, backoff_s=0))


def _record(iso3: str, name: str, year: int, value: float | None) -> dict:
    return {
        "indicator": {"id": "NY.GDP.MKTP.CD", "value": "GDP (current US$)"},
        "country": {"id": iso3[:2], "value": name},
        "countryiso3code": iso3,
        "date": str(year),
        "value": value,
        "unit": "",
        "obs_status": "",
        "decimal": 0,
    }


def _paged_gdp_routes() -> dict[str, Reply]:
    """Real page 1 (JPN 2020…1971) + made-up pages 2-3 (JPN 1970…1960, USA 2020…1960)."""
    page1 = _body("TestIndicatorValuesService_ListByCountryIDs__1.json")
    meta = json.loads(page1)[0]
    rest = [_record("JPN", "Japan", y, y * 1e9) for y in range(1970, 1959, -1)]
    rest += [_record("USA", "United States", y, y * 1e9) for y in range(2020, 1959, -1)]
    pages = {1: page1}
    for n, chunk in ((2, rest[:50]), (3, rest[50:])):
        pages[n] = json.dumps([{**meta, "page": n}, chunk]).encode()
    return {f"{GDP_PATH}?page={n}": Reply(body=b) for n, b in pages.items()}


def test_paging_follows_pages_and_keeps_the_real_values() -> None:
    with serve(_paged_gdp_routes()) as srv:
        meta, records = wb_api.fetch_indicator(
            _session(),
            "NY.GDP.MKTP.CD",
            countries="JPN;USA",
            per_page=50,
            base_url=srv.url + "/v2/",
        )
        queries = [s.query for s in srv.seen]
    assert [q["page"] for q in queries] == ["1", "2", "3"]
    assert all(q["format"] == "json" and q["per_page"] == "50" for q in queries)
    assert (meta["pages"], meta["total"], meta["lastupdated"]) == (3, 122, "2021-05-25")
    assert len(records) == 122
    assert [r["countryiso3code"] for r in records].count("USA") == 61
    real = {r["date"]: r["value"] for r in records[:50]}  # the recorded page 1: Japan
    assert real["2019"] == 5081769542379.77
    assert real["2018"] == 4954806619995.19
    assert real["1971"] == 240151807460.241
    assert real["2020"] is None  # "value": null is kept, not dropped or zeroed


def test_record_count_must_match_the_announced_total() -> None:
    page1 = _body("TestIndicatorValuesService_ListByCountryIDs__1.json")
    routes = {GDP_PATH: Reply(body=page1)}  # page 1 served for every page: 150 rows
    expected = "received 150 records over 3 page"
    with serve(routes) as srv, pytest.raises(SourceFetchError, match=expected):
        wb_api.fetch_indicator(
            _session(), "NY.GDP.MKTP.CD", countries="JPN;USA", base_url=srv.url + "/v2/"
        )


def test_error_envelope_with_http_200_quotes_the_api_message() -> None:
    path = "/v2/countries/ABCDEFG;HIJKLM/indicators/NY.GDP.MKTP.CD"
    body = _body("TestIndicatorValuesService_ListByCountryIDs__3.json")
    with serve({path: Reply(body=body)}) as srv, pytest.raises(SourceFetchError) as err:
        wb_api.fetch_indicator(
            _session(), "NY.GDP.MKTP.CD", countries="ABCDEFG;HIJKLM", base_url=srv.url + "/v2/"
        )
    assert "120 Invalid value: The provided parameter value is not valid" in str(err.value)
    assert "ABCDEFG;HIJKLM" in err.value.url


def test_repeated_envelope_messages_are_reported_once() -> None:
    path = "/v2/countries/JPN;USA/indicators/INVALID.INDICATOR.ID;SP.POP.TOTL"
    body = _body("TestIndicatorValuesService_ListByCountryIDsAndSourceID__4.json")  # 3 messages
    with serve({path: Reply(body=body)}) as srv, pytest.raises(SourceFetchError) as err:
        wb_api.fetch_indicator(
            _session(),
            "INVALID.INDICATOR.ID;SP.POP.TOTL",
            countries="JPN;USA",
            base_url=srv.url + "/v2/",
        )
    assert err.value.detail.count("Invalid value") == 1


def test_html_400_page_gives_status_and_a_readable_reason() -> None:
    path = "/v2/countries/JPN;USA/indicators/NY.GDP.MKTP.CD;SP.POP.TOTL"
    page = _body("TestIndicatorValuesService_ListByCountryIDsAndSourceID__5.txt")
    routes = {path: Reply(status=400, body=page, content_type="text/html")}
    with serve(routes) as srv, pytest.raises(SourceFetchError) as err:
        wb_api.fetch_indicator(
            _session(), "NY.GDP.MKTP.CD;SP.POP.TOTL", countries="JPN;USA", base_url=srv.url + "/v2/"
        )
    assert err.value.status == 400
    assert "Request Error" in err.value.detail
    assert "The server encountered an error processing the request" in err.value.detail
    assert "<" not in err.value.detail and "font-family" not in err.value.detail


def test_json_that_does_not_parse_is_a_fetch_error() -> None:
    cut = _body("TestIndicatorValuesService_ListByCountryIDs__1.json")[:700]  # cut mid-record
    routes = {GDP_PATH: Reply(body=cut)}
    with serve(routes) as srv, pytest.raises(SourceFetchError, match="the reply is not JSON"):
        wb_api.fetch_indicator(
            _session(), "NY.GDP.MKTP.CD", countries="JPN;USA", base_url=srv.url + "/v2/"
        )


def _single_page(name: str) -> bytes:
    """A real recorded page 1, its metadata set to 1 page so that it is the whole answer."""
    meta, records = json.loads(_body(name))
    return json.dumps([{**meta, "pages": 1, "total": len(records)}, records]).encode()


def test_fetch_writes_one_snapshot_per_indicator_and_parse_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arab_world = _single_page("TestIndicatorValuesService_List__1.json")  # ARB, 50 records
    japan = _single_page("TestIndicatorValuesService_ListByCountryIDs__1.json")  # JPN, 50
    others = [japan] * (len(wb_api.INDICATORS) - 1)
    bodies = dict(zip(wb_api.INDICATORS, [arab_world, *others], strict=True))
    routes = {f"/v2/countries/all/indicators/{c}": Reply(body=b) for c, b in bodies.items()}
    with serve(routes) as srv:
        monkeypatch.setenv("M_E_WB_API_URL", srv.url + "/v2/")
        items = wb_api.fetch(_session(), tmp_path)
        again = wb_api.fetch(_session(), tmp_path / "again")
    assert [d.name for d in items] == [f"wbapi_{c}.json" for c in wb_api.INDICATORS]
    assert items[0].url == (
        f"{srv.url}/v2/countries/all/indicators/SI.RMT.COST.IB.ZS?format=json&per_page=1000"
    )
    # no retrieval time inside: an unchanged answer gives identical bytes (same sha256)
    assert items[1].tmp_path.read_bytes() == again[1].tmp_path.read_bytes()
    doc = json.loads(items[0].tmp_path.read_text(encoding="utf-8"))
    assert doc["metadata"]["lastupdated"] == "2021-05-25"
    assert len(doc["records"]) == 50

    arb = wb_api.parse(items[0].tmp_path)
    assert arb.schema == pl.Schema(WB_INDICATORS)
    assert arb.height == 50
    assert arb["is_aggregate"].all()  # Arab World
    assert arb.filter(pl.col("year") == 2019)["value"].to_list() == [2817414584665.11]
    jpn = wb_api.parse(items[1].tmp_path)
    assert not jpn["is_aggregate"].any()
    assert jpn["last_updated"].unique().to_list() == [date(2021, 5, 25)]
    assert jpn["origin"].unique().to_list() == ["api-v2"]
    assert jpn["source_file"][0] == items[1].tmp_path.name
    assert jpn.filter(pl.col("year") == 2020)["value"].to_list() == [None]  # null kept
    cleaned = wb_api.clean(jpn)
    assert cleaned.height == 49 and cleaned["value"].null_count() == 0  # clean drops nulls


def test_fetch_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _single_page("TestIndicatorValuesService_ListByCountryIDs__1.json")
    bad = _body("TestIndicatorValuesService_List__4.json")  # the invalid-indicator envelope
    codes = wb_api.INDICATORS
    routes = {f"/v2/countries/all/indicators/{c}": Reply(body=good) for c in codes[:-1]}
    routes[f"/v2/countries/all/indicators/{codes[-1]}"] = Reply(body=bad)
    with serve(routes) as srv:
        monkeypatch.setenv("M_E_WB_API_URL", srv.url + "/v2/")
        with pytest.raises(SourceFetchError, match="Invalid value"):
            wb_api.fetch(_session(), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_empty_iso3_code_is_an_aggregate_keeping_the_api_id(tmp_path: Path) -> None:
    rec = _record("", "Not classified", 2019, 1.5)
    rec["country"]["id"] = "XY"
    doc = {"indicator": "X", "request_url": "u", "metadata": {"lastupdated": "2021-05-25"}}
    path = tmp_path / "wbapi_X.json"
    path.write_text(json.dumps({**doc, "records": [rec, _record("XKX", "Kosovo", 2019, 2.0)]}))
    df = wb_api.parse(path)
    assert df.select("country_code", "is_aggregate").rows() == [("XY", True), ("XKX", False)]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('{"metadata": {}, "rec', "not valid JSON"),
        ('{"metadata": {}}', "lacks records"),
        (
            '{"metadata": {"lastupdated": "2021-05-25"}, "records": [{"date": "2019Q1"}]}',
            "row 1, column 'date', value '2019Q1': expected an annual date",
        ),
        (
            '{"metadata": {}, "records": [{"date": "2019", "value": "12,5"}]}',
            "column 'value', value '12,5': expected a number or null",
        ),
    ],
)
def test_bad_snapshot_is_a_parse_error(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "wbapi_SI.RMT.COST.IB.ZS.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError) as err:
        wb_api.parse(path)
    assert problem in str(err.value)
    assert str(path) in str(err.value)


# ---------------------------------------------------------------- offline: in-repo fixtures
# tests/fixtures/raw/wb_api: a hand-written wbapi_*.json snapshot (what `fetch` writes).

COST_IB = "Average transaction cost of sending remittances to a specific country (%)"
FIX = "wb_api/wbapi_SI.RMT.COST.IB.ZS.json"


def _expected(rows: list[tuple[str, str, bool, int, float | None]]) -> pl.DataFrame:
    n = len(rows)
    return pl.DataFrame(
        {
            "country_code": [r[0] for r in rows],
            "country_name": [r[1] for r in rows],
            "is_aggregate": [r[2] for r in rows],
            "indicator_code": ["SI.RMT.COST.IB.ZS"] * n,
            "indicator_name": [COST_IB] * n,
            "year": [r[3] for r in rows],
            "value": [r[4] for r in rows],
            "last_updated": [date(2021, 5, 25)] * n,
            "origin": ["api-v2"] * n,
            "source_file": ["wbapi_SI.RMT.COST.IB.ZS.json"] * n,
        },
        schema=WB_INDICATORS,
    )


def test_fixture_parse_keeps_nulls_and_flags_aggregates() -> None:
    # "Not classified" has an empty countryiso3code: its 2-character id XY is kept, aggregate.
    expected = _expected(
        [
            ("KEN", "Kenya", False, 2020, 8.448205),
            ("KEN", "Kenya", False, 2019, None),
            ("XKX", "Kosovo", False, 2019, 7.08605),
            ("WLD", "World", True, 2020, 6.5138),
            ("XY", "Not classified", True, 2020, None),
        ]
    )
    assert_frame_equal(wb_api.parse(raw_fixture(FIX)), expected)


def test_fixture_clean_drops_nulls_and_sorts() -> None:
    expected = _expected(
        [
            ("KEN", "Kenya", False, 2020, 8.448205),
            ("WLD", "World", True, 2020, 6.5138),
            ("XKX", "Kosovo", False, 2019, 7.08605),
        ]
    )
    assert_frame_equal(wb_api.clean(wb_api.parse(raw_fixture(FIX))), expected)


@pytest.mark.parametrize(
    ("name", "row", "column", "value", "problem"),
    [
        ("text_value", 3, "value", "7.08605", "expected a number or null"),
        ("quarterly_date", 4, "date", "2020Q1", "expected an annual date"),
        ("no_records", None, None, None, "not a wbapi_*.json snapshot: lacks records"),
        ("truncated", None, None, None, "not valid JSON"),
    ],
)
def test_fixture_problems_name_file_row_column_value(
    name: str, row: int | None, column: str | None, value: str | None, problem: str
) -> None:
    path = raw_fixture(f"wb_api/wbapi_SI.RMT.COST.IB.ZS_with_problems_{name}.json")
    with pytest.raises(ParseError) as err:
        wb_api.parse(path)
    assert (err.value.row, err.value.column, err.value.value) == (row, column, value)
    assert str(path) in str(err.value) and problem in str(err.value)
