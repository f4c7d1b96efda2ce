"""UNHCR refugees / asylum-seekers: the trimmed derivative, official population.csv, the API."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import polars as pl
import pytest
import requests
from polars.testing import assert_frame_equal

from core.errors import ParseError, SourceFetchError
from etl.sources import unhcr
from tests.conftest import raw_fixture, require_shared

TRIMMED = "unhcr/guyabel_wmr2022/unhcr_2020.csv"
RDF_HEADER = (
    'Year,"Country of origin","Country of origin (ISO)","Country of asylum",'
    '"Country of asylum (ISO)","Refugees under UNHCR\'s mandate",Asylum-seekers,'
    '"Returned refugees","IDPs of concern to UNHCR","Returned IDPss","Stateless persons",'
    '"Others of concern","Other people in need of international protection","Host Community"'
)


@pytest.fixture(scope="module")
def clean() -> pl.DataFrame:
    return unhcr.clean(unhcr.parse(require_shared(TRIMMED)))


def _pair(df: pl.DataFrame, origin: str, asylum: str, year: int) -> dict:
    rows = df.filter(
        (pl.col("origin_iso3") == origin)
        & (pl.col("asylum_iso3") == asylum)
        & (pl.col("year") == year)
    ).to_dicts()
    assert len(rows) == 1
    return rows[0]


def test_trimmed_file_rows_and_schema(clean: pl.DataFrame) -> None:
    assert clean.height == 93936
    assert clean.schema == pl.Schema(unhcr.SCHEMA)
    assert clean["origin_iso3"].null_count() == 1307  # blank origin kept, not guessed
    same = clean.filter(pl.col("origin_iso3") == pl.col("asylum_iso3"))
    assert same.height > 0 and _pair(clean, "AFG", "AFG", 1995)["refugees"] == 0


def test_2020_label_corrected_to_2019(clean: pl.DataFrame) -> None:
    years = dict(clean.group_by("year").len().iter_rows())
    assert years[2019] == 5396 and 2020 not in years
    syr_deu = _pair(clean, "SYR", "DEU", 2019)
    assert (syr_deu["refugees"], syr_deu["asylum_seekers"]) == (572818, 41280)
    assert syr_deu["year_published"] == 2020
    assert "corrected to 2019" in syr_deu["year_note"]
    before = _pair(clean, "SYR", "DEU", 2018)
    assert (before["refugees"], before["year_note"]) == (532065, None)
    assert clean["year_note"].is_not_null().sum() == 5396


def test_trimmed_file_with_2019_rows_is_not_corrected(tmp_path: Path) -> None:
    path = tmp_path / "unhcr_2021.csv"
    path.write_text(
        "year,orig,dest,refugees,asylum_seekers\n"
        "2019,SYR,DEU,572818,41280\n2020,SYR,DEU,590000,40000\n"
    )
    out = unhcr.clean(unhcr.parse(path))
    assert out["year"].to_list() == [2019, 2020]
    assert out["year_note"].null_count() == 2


def test_official_population_csv_is_never_corrected(tmp_path: Path) -> None:
    preamble = [f'"Extracted from UNHCR preamble line {i}"' for i in range(14)]
    rows = [
        '2020,"Syrian Arab Rep.",SYR,Germany,DEU,"578,900",40000,0,0,0,0,0,0,0',
        "2020,Somalia,SOM,Kenya,KEN,270000,-,0,0,0,0,0,0,0",
    ]
    path = tmp_path / "population.csv"
    path.write_text("\n".join([*preamble, RDF_HEADER, *rows]) + "\n", encoding="utf-8")
    out = unhcr.clean(unhcr.parse(path))
    assert out["year"].to_list() == [2020, 2020]  # no 2019 rows, yet no relabel: official file
    assert out["year_note"].null_count() == 2
    assert out["source_format"].unique().to_list() == ["rdf-csv"]
    assert _pair(out, "SYR", "DEU", 2020)["refugees"] == 578900
    assert _pair(out, "SOM", "KEN", 2020)["asylum_seekers"] is None  # "-" is missing, not 0


def test_bad_count_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "unhcr_bad.csv"
    path.write_text("year,orig,dest,refugees,asylum_seekers\n2018,SYR,DEU,12x,0\n")
    with pytest.raises(ParseError, match=r"unhcr_bad\.csv, row 2, column 'refugees', value '12x'"):
        unhcr.parse(path)


def test_headerless_and_truncated_copies(tmp_path: Path) -> None:
    lines = require_shared(TRIMMED).read_text().splitlines()
    headerless = tmp_path / "unhcr_headerless.csv"
    headerless.write_text("\n".join(lines[1:100]) + "\n")
    with pytest.raises(ParseError, match=r"unhcr_headerless\.csv: no UNHCR header"):
        unhcr.parse(headerless)
    header_only = tmp_path / "unhcr_cut.csv"
    header_only.write_text(lines[0] + "\n")
    with pytest.raises(ParseError, match=r"unhcr_cut\.csv: the file has a header but no rows"):
        unhcr.parse(header_only)


def _item(year: int, coo: str, coa: str, refugees: object, asylum: object) -> dict:
    return {
        "year": year,
        "coo_id": 1,
        "coo_name": coo,
        "coo": coo,
        "coo_iso": coo,
        "coa_id": 2,
        "coa_name": coa,
        "coa": coa,
        "coa_iso": coa,
        "refugees": refugees,
        "asylum_seekers": asylum,
        "oip": "-",
    }


PAGES = {
    1: [_item(2022, "SYR", "DEU", 660000, "55000"), _item(2022, "SOM", "KEN", "280000", 0)],
    2: [_item(2023, "SYR", "DEU", "700000", 60000)],
}


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict]]:
    """A loopback Refugee Statistics API serving PAGES; yields the query strings it received."""
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            q = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
            seen.append({"path": urlparse(self.path).path, **q})
            page = int(q.get("page", "1"))
            body = json.dumps(
                {"page": page, "maxPages": len(PAGES), "total": [], "items": PAGES.get(page, [])}
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv(unhcr.API_BASE_ENV, f"http://127.0.0.1:{server.server_port}/population/v1")
    yield seen
    server.shutdown()
    server.server_close()


def test_fetch_pages_through_the_api(api: list[dict], tmp_path: Path) -> None:
    [got] = unhcr.fetch(requests.Session(), tmp_path)
    assert [q["page"] for q in api] == ["1", "2"]
    assert api[0]["path"] == "/population/v1/population/"
    assert (api[0]["coo_all"], api[0]["coa_all"], api[0]["cf_type"]) == ("true", "true", "ISO")
    assert got.name.startswith("unhcr_population_api_2000-") and got.note.startswith("2 page(s)")
    stored = tmp_path / got.name
    got.tmp_path.rename(stored)
    out = unhcr.clean(unhcr.parse(stored))
    assert out.height == 3
    assert _pair(out, "SYR", "DEU", 2023)["refugees"] == 700000
    assert _pair(out, "SYR", "DEU", 2022)["asylum_seekers"] == 55000
    assert out["source_format"].unique().to_list() == ["api-json"]


def test_fetch_rejects_a_non_api_answer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<html>maintenance</html>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv(unhcr.API_BASE_ENV, f"http://127.0.0.1:{server.server_port}")
    try:
        with pytest.raises(SourceFetchError, match="not JSON"):
            unhcr.fetch(requests.Session(), tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- offline: in-repo fixtures
# tests/fixtures/raw/unhcr: the trimmed derivative (no 2019 rows: 2020 is end-2019), and a
# Refugee Data Finder population.csv with its preamble (CRLF, "-" for missing).

TRIM = "unhcr_2020.csv"


def test_fixture_trimmed_and_official_files_cleaned_row_for_row() -> None:
    frames = [
        unhcr.parse(raw_fixture("unhcr/unhcr_2020.csv")),
        unhcr.parse(raw_fixture("unhcr/population.csv")),
    ]
    got = unhcr.clean(pl.concat(frames))
    note = unhcr.RELABEL_NOTE
    rows = [
        # year, origin, asylum, refugees, asylum seekers, published year, note, format, file
        (2018, "KEN", "KEN", 0, 0, 2018, None, "trimmed-csv", TRIM),  # orig == dest, zeros kept
        (2018, "SOM", "KEN", 256186, 14283, 2018, None, "trimmed-csv", TRIM),
        (2019, "SOM", "KEN", 254587, 15512, 2020, note, "trimmed-csv", TRIM),
        (2019, "SSD", "UGA", 881951, 2391, 2020, note, "trimmed-csv", TRIM),  # "881,951"
        (2019, "VEN", "CYM", None, None, 2020, note, "trimmed-csv", TRIM),  # NA
        (2019, None, "KEN", 1015, 17, 2020, note, "trimmed-csv", TRIM),  # blank origin
        (2020, "SOM", "KEN", 254587, 15512, 2020, None, "rdf-csv", "population.csv"),
        (2020, "VEN", "COL", None, 11914, 2020, None, "rdf-csv", "population.csv"),  # "-"
        (2021, "SOM", "KEN", 262345, 14390, 2021, None, "rdf-csv", "population.csv"),
    ]
    expected = pl.DataFrame(
        {c: [r[i] for r in rows] for i, c in enumerate(unhcr.SCHEMA)}, schema=unhcr.SCHEMA
    )
    assert_frame_equal(got, expected)


@pytest.mark.parametrize(
    ("name", "row", "column", "value", "problem"),
    [
        ("text_count", 4, "asylum_seekers", "about 2400", "expected a whole number or '-'"),
        # cut mid-row: the count 254587 reads "2545" and the last cell is gone
        ("truncated", 3, None, "2020,SOM,KEN,2545", "row has 4 cells, the header has 5"),
        ("missing_column", None, None, None, "no UNHCR header found in the first 40 lines"),
    ],
)
def test_fixture_problems_name_file_row_column_value(
    name: str, row: int | None, column: str | None, value: str | None, problem: str
) -> None:
    path = raw_fixture(f"unhcr/unhcr_2020_with_problems_{name}.csv")
    with pytest.raises(ParseError) as err:
        unhcr.parse(path)
    assert (err.value.row, err.value.column, err.value.value) == (row, column, value)
    assert str(path) in str(err.value) and problem in str(err.value)
