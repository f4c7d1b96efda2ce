"""UN SDG API v1 client and Goal 10 extract parser, on the REAL published SDG numbers.

No raw API JSON exists here, so the API replies are built in the documented v1 shape from the
real Open Numbers DDF files (../shared/data/sdg_api/ddf_open-numbers_2020-10: values, M49
codes, names, nature, units and policy domains as the CSV API returned them in 2020-10) and
served page by page on 127.0.0.1. Three things are made up and marked MADE UP: the release
label, the `source` text and one footnote (the extracts dropped them). The Goal10.xlsx
extract is parsed as published.
"""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core.config import Settings
from core.errors import ParseError, SchemaMismatch, SourceFetchError
from etl.net.http import make_session
from etl.sources import sdg_api
from tests.conftest import raw_fixture, require_shared
from tests.etl.loopback import Reply, Seen, serve

DDF = "sdg_api/ddf_open-numbers_2020-10/"
GOAL10 = "sdg_api/global_database_goal10_extract/Goal10.xlsx"
DATA = "/v1/sdg/Series/Data"
LIST = "/v1/sdg/Series/List"
RELEASE = "2020.Q3.G.01"  # MADE UP: the DDF snapshot (2020-10) does not name its release
FOOTNOTE = "MADE UP footnote: kept verbatim by the parser"
ERROR = b'{"Message":"An error has occurred."}'  # the ASP.NET error envelope


def _session(retries: int = 0, read_timeout: float = 2.0):  # type: ignore[no-untyped-def]
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


def test_paging_reads_every_page_and_keeps_policy_domains(tmp_path: Path) -> None:
    records = ddf_records("SG_CPA_MIGRS")
    assert len(records) == 1127  # the DDF file's data rows (SOURCES.md says 1,126)
    with serve({DATA: paged({"SG_CPA_MIGRS": records})}) as srv:  # type: ignore[dict-item]
        header, got = sdg_api.fetch_series(_session(), "SG_CPA_MIGRS", root=srv.url, page_size=500)
        pages = [s.query["page"] for s in srv.seen]
    assert pages == ["1", "2", "3"]
    assert header["totalElements"] == 1127 and "data" not in header
    assert got == records
    doc = {"series": {"code": "SG_CPA_MIGRS", "release": RELEASE}, "data": got}
    path = tmp_path / "sdgapi_SG_CPA_MIGRS.json"
    path.write_text(json.dumps(doc))
    rows = sdg_api.clean(sdg_api.parse(path))
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
    by_series = {s: ddf_records(s) for s in sdg_api.SERIES}
    by_series["SM_POP_REFG_OR"][0]["footnotes"] = [FOOTNOTE]
    routes = {LIST: Reply(body=series_list(list(sdg_api.SERIES))), DATA: paged(by_series)}
    with serve(routes) as srv:  # type: ignore[arg-type]
        monkeypatch.setenv(sdg_api.BASE_URL_ENV, srv.url)
        items = sdg_api.fetch(_session(), tmp_path)
        refg_pages = [
            s.query["page"] for s in srv.seen if s.query.get("seriesCode") == "SM_POP_REFG_OR"
        ]
    assert [i.name for i in items] == [f"sdgapi_{s}.json" for s in sdg_api.SERIES]
    assert refg_pages == ["1", "2", "3", "4", "5", "6"]  # 5,880 rows in pages of 1,000
    frames = []
    for item in items:
        final = tmp_path / item.name
        item.tmp_path.rename(final)
        frames.append(sdg_api.parse(final))
    rows = sdg_api.clean(pl.concat(frames))
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
        _, got = sdg_api.fetch_series(_session(retries=2), "SM_DTH_MIGR", root=srv.url)
    assert calls == ["1", "1", "2"]  # page 1 failed once, was retried, then page 2
    assert len(got) == 1668


def test_persistent_500_reports_status_and_the_api_message() -> None:
    with serve({DATA: Reply(status=500, body=ERROR)}) as srv:
        with pytest.raises(SourceFetchError) as err:
            sdg_api.fetch_series(_session(retries=1), "SM_DTH_MIGR", root=srv.url)
        assert srv.count(DATA) == 2  # the first try and one retry
    assert err.value.status == 500
    assert "An error has occurred." in str(err.value)


def test_error_envelope_with_http_200_is_an_error() -> None:
    with serve({DATA: Reply(body=ERROR)}) as srv, pytest.raises(SourceFetchError) as err:
        sdg_api.fetch_series(_session(), "SM_DTH_MIGR", root=srv.url)
    assert "the API answered with an error: An error has occurred." in str(err.value)


def test_read_timeout_is_a_fetch_error() -> None:
    routes = {DATA: Reply(body=b"{}", delay_s=1.0)}
    with serve(routes) as srv, pytest.raises(SourceFetchError) as err:
        sdg_api.fetch_series(_session(read_timeout=0.2), "SM_DTH_MIGR", root=srv.url)
    assert "ReadTimeout" in str(err.value) or "timed out" in str(err.value)


def test_unknown_series_code_is_refused_with_the_closest_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = [c for c in sdg_api.SERIES if c != "SG_CPA_MIGRP"] + ["SG_CPA_MIGRP_OLD"]
    routes = {LIST: Reply(body=series_list(listed[:-1]))}
    with serve(routes) as srv, pytest.raises(SourceFetchError) as err:
        monkeypatch.setenv(sdg_api.BASE_URL_ENV, srv.url)
        sdg_api.fetch(_session(), tmp_path)
    assert "unknown series code(s): SG_CPA_MIGRP (closest: SG_CPA_MIGRS" in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_a_code_without_data_and_a_short_answer_are_errors() -> None:
    no_data = pytest.raises(SourceFetchError, match="no data for series SM_POP_REFG")
    with serve({DATA: paged({})}) as srv, no_data:  # type: ignore[dict-item]
        sdg_api.fetch_series(_session(), "SM_POP_REFG", root=srv.url)
    one_page = {
        DATA: Reply(body=json.dumps({"totalElements": 5, "totalPages": 1, "data": [{}]}).encode())
    }
    with serve(one_page) as srv, pytest.raises(SourceFetchError, match="received 1 records"):
        sdg_api.fetch_series(_session(), "SM_POP_REFG_OR", root=srv.url)


def test_bad_snapshot_files_name_file_row_and_value(tmp_path: Path) -> None:
    bad = tmp_path / "sdgapi_X.json"
    bad.write_text("{not json")
    with pytest.raises(ParseError, match=r"sdgapi_X\.json: not valid JSON"):
        sdg_api.parse(bad)
    record = ddf_records("SI_RMT_COST")[0] | {"geoAreaCode": "World"}
    bad.write_text(json.dumps({"data": [ddf_records("SI_RMT_COST")[1], record]}))
    with pytest.raises(ParseError, match=r"row 2, column 'geoAreaCode', value 'World'"):
        sdg_api.parse(bad)


# --- the real Goal 10 extract -----------------------------------------------------------


@pytest.fixture(scope="module")
def extract() -> pl.DataFrame:
    return sdg_api.parse(require_shared(GOAL10))


def test_extract_rows_counts_and_real_values(extract: pl.DataFrame) -> None:
    counts = dict(extract.group_by("series_code").len().iter_rows())
    assert counts == {"SI_RMT_COST": 699, "SM_DTH_MIGR": 2241, "SM_POP_REFG_OR": 5129}
    clean = sdg_api.clean(extract)
    # "NaN" values are dropped by clean: 1 in SI_RMT_COST, 1,655 in SM_DTH_MIGR.
    assert dict(clean.group_by("series_code").len().iter_rows()) == {
        "SI_RMT_COST": 698, "SM_DTH_MIGR": 586, "SM_POP_REFG_OR": 5129,
    }  # fmt: skip
    afg = clean.filter((pl.col("ref_area") == "AFG") & (pl.col("series_code") == "SM_POP_REFG_OR"))
    first = afg.filter(pl.col("time_period") == 2000).row(0, named=True)
    assert first["value"] == pytest.approx(15594.78284)
    assert (first["geo_area_code"], first["units"], first["indicator"]) == (
        4,
        "PER_100000_POP",
        "10.7.4",
    )
    assert first["origin"] == "goal10-extract" and first["nature"] is None  # dropped in the file
    syr = clean.filter((pl.col("ref_area") == "SYR") & (pl.col("series_code") == "SM_POP_REFG_OR"))
    # A later vintage than the 2020-10 DDF (21,308): WPP revised Syria's population upwards.
    assert syr.filter(pl.col("time_period") == 2015)["value"].item() == pytest.approx(20483.13134)
    areas = dict(extract.select("geo_area_code", "ref_area").unique().iter_rows())
    assert (areas[412], areas[680], areas[404]) == ("XKX", "680", "KEN")
    assert not extract["is_aggregate"].any()  # the extract holds countries only
    assert clean.select(sdg_api.KEY).is_duplicated().sum() == 0


def test_extract_leaves_out_policy_scores_that_lost_their_domain() -> None:
    raw = pl.read_excel(require_shared(GOAL10), sheet_name="data", engine="calamine")
    migrs = raw.filter(pl.col("SeriesCode") == "SG_CPA_MIGRS")
    # Why SG_CPA_MIGRS is skipped: every row shares its country-year with others.
    assert migrs.height == 1743
    assert migrs.select("GeoAreaCode", "TimePeriod").is_duplicated().all()


def test_api_rows_replace_the_extract_for_the_same_area_and_year(
    extract: pl.DataFrame, tmp_path: Path
) -> None:
    api = [r for r in ddf_records("SM_POP_REFG_OR") if r["geoAreaCode"] == "760"]
    path = tmp_path / "sdgapi_SM_POP_REFG_OR.json"
    path.write_text(json.dumps({"series": {"release": RELEASE}, "data": api}))
    both = sdg_api.clean(pl.concat([extract, sdg_api.parse(path)]))
    syr = both.filter((pl.col("ref_area") == "SYR") & (pl.col("series_code") == "SM_POP_REFG_OR"))
    by_year = {r["time_period"]: r for r in syr.to_dicts()}
    assert by_year[2015]["value"] == 21308.0 and by_year[2015]["origin"] == "api-v1"
    assert by_year[2022]["origin"] == "goal10-extract"  # 2022 is only in the extract
    assert syr["time_period"].is_duplicated().sum() == 0


def test_raw_patterns_find_the_published_names() -> None:
    names = ("Goal10.xlsx", "sdgapi_SM_POP_REFG_OR.json")
    for name in names:
        assert any(fnmatch.fnmatch(name, p) for p in sdg_api.SPEC.raw_patterns), name
    assert require_shared(GOAL10).name == "Goal10.xlsx"
    assert sdg_api.SPEC.dataset == "sdg_api" and sdg_api.SPEC.url == sdg_api.DEFAULT_BASE_URL


# ---------------------------------------------------------------- offline: in-repo fixtures
# tests/fixtures/raw/sdg_api/Goal10.xlsx: twelve rows of the trimmed Goal 10 extract (sheet
# `data`, ten columns, numeric Goal / GeoAreaCode / TimePeriod, text Value with "NaN" and "N",
# series this project does not read, SG_CPA_MIGRS left out, Kosovo 412 and Sark 680).

RMT_D = (
    "Average remittance costs of sending $200 to a receiving country as a proportion of the "
    "amount remitted (%)"
)
DTH_D = "Total deaths and disappearances recorded during migration (number)"
REFG_D = "Number of refugees per 100,000 population, by country of origin (per 100,000 population)"


def test_fixture_goal10_extract_parsed_and_cleaned_row_for_row() -> None:
    parsed = sdg_api.parse(raw_fixture("sdg_api/Goal10.xlsx"))
    dth = ("SM_DTH_MIGR", DTH_D, "10.7", "10.7.3")
    rmt = ("SI_RMT_COST", RMT_D, "10.c", "10.c.1")
    # fmt: off
    rows = [  # series, description, target, indicator, M49, name, ref_area, aggregate, year,
              # value, units, Excel row
        (*dth, 1, "World", "1", True, 2015, 4083.0, "NUMBER", 5),
        (*dth, 404, "Kenya", "KEN", False, 2014, None, "NUMBER", 6),  # "NaN"
        (*dth, 404, "Kenya", "KEN", False, 2015, 2.0, "NUMBER", 7),
        ("SM_POP_REFG_OR", REFG_D, "10.7", "10.7.4", 404, "Kenya", "KEN", False, 2000, 7.56035,
         "PER_100000_POP", 8),
        ("SM_POP_REFG_OR", REFG_D, "10.7", "10.7.4", 412, "Kosovo", "XKX", False, 2019, 175.97,
         "PER_100000_POP", 9),
        ("SM_POP_REFG_OR", REFG_D, "10.7", "10.7.4", 680, "Sark", "680", False, 2019, 0.0,
         "PER_100000_POP", 10),
        (*rmt, 404, "Kenya", "KEN", False, 2011, 13.1, "PERCENT", 11),
        (*rmt, 404, "Kenya", "KEN", False, 2015, 8.83, "PERCENT", 12),
    ]
    # fmt: on
    cols = ["series_code", "series_description", "target", "indicator", "geo_area_code"]
    cols += ["geo_area_name", "ref_area", "is_aggregate", "time_period", "value", "units"]
    cols += ["source_row"]
    expected = (
        pl.DataFrame({c: [r[i] for r in rows] for i, c in enumerate(cols)}, strict=False)
        .with_columns(
            goal=pl.lit("10"),
            origin=pl.lit("goal10-extract"),
            source_file=pl.lit("Goal10.xlsx"),
        )
        .select(
            (pl.col(c) if c in cols or c in ("goal", "origin", "source_file") else pl.lit(None))
            .cast(t)
            .alias(c)
            for c, t in sdg_api.SCHEMA.items()
        )
    )
    assert_frame_equal(parsed, expected)
    # clean: the "NaN" row (Excel row 6) goes; sorted by series, area, year
    assert sdg_api.clean(parsed)["source_row"].to_list() == [11, 12, 5, 7, 8, 9, 10]


def test_fixture_goal10_problems() -> None:
    path = raw_fixture("sdg_api/Goal10_with_problems_text_code.xlsx")
    with pytest.raises(ParseError) as err:
        sdg_api.parse(path)
    assert (err.value.row, err.value.column, err.value.value) == (7, "geo_area_code", "4O4")
    assert str(path) in str(err.value) and "expected a whole number" in str(err.value)
    path = raw_fixture("sdg_api/Goal10_with_problems_missing_column.xlsx")
    with pytest.raises(SchemaMismatch) as mismatch:
        sdg_api.parse(path)
    assert mismatch.value.missing == ["Units"] and str(path) in str(mismatch.value)
    path = raw_fixture("sdg_api/Goal10_with_problems_no_data_sheet.xlsx")
    with pytest.raises(ParseError, match="not a readable workbook with a sheet 'data'") as err:
        sdg_api.parse(path)
    assert str(path) in str(err.value)


def test_fixture_api_snapshot_parsed_and_preferred_over_the_extract() -> None:
    # sdgapi_SM_POP_REFG_OR.json, as `fetch` writes it: release 2023.Q2.G.03, attributes
    # Nature/Units, dimension Reporting Type, footnotes, "NaN" for World 2019.
    api = sdg_api.parse(raw_fixture("sdg_api/sdgapi_SM_POP_REFG_OR.json"))
    got = api.select(
        "geo_area_code", "ref_area", "is_aggregate", "time_period", "value", "nature",
        "reporting_type", "footnote", "last_updated", "origin", "source_row",
    )  # fmt: skip
    release, note = "2023.Q2.G.03", "Refugees under UNHCR's mandate."
    assert got.rows() == [
        (404, "KEN", False, 2000, 7.60112, "C", "G", None, release, "api-v1", 1),
        (404, "KEN", False, 2019, 16.80521, "C", "G", note, release, "api-v1", 2),
        (1, "1", True, 2019, None, "G", "G", None, release, "api-v1", 3),
        (412, "XKX", False, 2019, 175.97, "C", "G", None, release, "api-v1", 4),
    ]
    assert set(api["source"]) == {"UNHCR Refugee Data Finder"}
    # An API row replaces the extract's row of the same series, area, year and units (Kenya
    # 2000: 7.60112, not the extract's 7.56035; Kosovo 2019 from the API); Sark only in the
    # extract stays; the NaN row is dropped.
    extract = sdg_api.parse(raw_fixture("sdg_api/Goal10.xlsx"))
    clean = sdg_api.clean(pl.concat([extract, api])).filter(
        pl.col("series_code") == "SM_POP_REFG_OR"
    )
    assert clean.select("ref_area", "time_period", "value", "origin").rows() == [
        ("KEN", 2000, 7.60112, "api-v1"),
        ("KEN", 2019, 16.80521, "api-v1"),
        ("XKX", 2019, 175.97, "api-v1"),
        ("680", 2019, 0.0, "goal10-extract"),
    ]


@pytest.mark.parametrize(
    ("name", "row", "column", "value", "problem"),
    [
        ("area_code", 2, "geoAreaCode", "KEN", "not an M49 code"),
        ("year", 3, "timePeriodStart", 2019.5, "not a whole year"),
        ("no_data", None, None, None, "not an sdgapi_*.json snapshot: no 'data' list"),
    ],
)
def test_fixture_api_problems_name_file_row_column_value(
    name: str, row: int | None, column: str | None, value: object, problem: str
) -> None:
    path = raw_fixture(f"sdg_api/sdgapi_SM_POP_REFG_OR_with_problems_{name}.json")
    with pytest.raises(ParseError) as err:
        sdg_api.parse(path)
    assert (err.value.row, err.value.column, err.value.value) == (row, column, value)
    assert str(path) in str(err.value) and problem in str(err.value)
