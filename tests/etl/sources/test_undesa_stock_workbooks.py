"""UN DESA migrant stock: layout rules and errors on tiny made-up workbooks, and the fetch."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import requests
import requests.adapters

from core.errors import ParseError
from etl.sources import undesa_regions, undesa_stock


def _tiny_workbook(path: Path, female_2020: object, female_title: str = "females") -> Path:
    """A two-area IMS 2020-style Table 1 (title rows, titles on row 8, header on row 11)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Table 1"
    ws["E2"] = "International Migrant Stock 2020: Destination"
    ws["E3"] = "Table 1: International migrant stock ... country or area of destination"
    ws["E4"] = "POP/DB/MIG/Stock/Rev.2020"
    ws["F8"] = "International migrant stock at mid-year, both sexes combined"
    ws["H8"] = f"International migrant stock at mid-year, {female_title}"
    header = ["Index", "Region, development group, country or area", "Notes", "Location code"]
    ws.append([])  # rows 9-10 stay blank; append writes row 9 onwards
    ws.append([])
    ws.append([*header, "Type of data", 1990, 2020, 1990, 2020])
    ws.append([1, "WORLD", None, 900, "", 100, 200, 50, 90])
    ws.append([2, "   Kenya*", 7, 404, "CR ", 10, "..", "~", female_2020])
    wb.save(path)
    return path


def test_tiny_workbook_layout(tmp_path: Path) -> None:
    df = undesa_stock.parse(_tiny_workbook(tmp_path / "t.xlsx", 5))
    kenya = df.filter(pl.col("m49") == 404).sort("sex", "year")
    assert kenya.select("sex", "year", "value", "value_flag").rows() == [
        ("F", 1990, None, "suppressed_under_5"),
        ("F", 2020, 5.0, None),
        ("_T", 1990, 10.0, None),
        ("_T", 2020, None, "not_available"),
    ]
    assert kenya["area_name"].unique().to_list() == ["Kenya"]
    assert kenya.select("type_of_data", "notes", "sheet_row", "edition").unique().rows() == [
        ("C R", "7", 13, "2020")
    ]


def test_unknown_text_in_a_value_cell(tmp_path: Path) -> None:
    with pytest.raises(
        ParseError, match=r"\[Table 1\], row 13, column 'stock_destination F 2020', value 'n/a'"
    ):
        undesa_stock.parse(_tiny_workbook(tmp_path / "t.xlsx", "n/a"))


def test_block_without_sex_is_an_error(tmp_path: Path) -> None:
    path = _tiny_workbook(tmp_path / "t.xlsx", 5, female_title="all persons")
    with pytest.raises(ParseError, match=r"\[Table 1\], row 11.*cannot tell .* sex"):
        undesa_stock.parse(path)


def test_numbers_without_a_location_code_are_an_error(tmp_path: Path) -> None:
    path = _tiny_workbook(tmp_path / "t.xlsx", 5)
    wb = openpyxl.load_workbook(path)
    wb["Table 1"]["D13"] = None  # Kenya's code
    wb.save(path)
    with pytest.raises(ParseError, match=r"row 13: a row with numbers has no location code"):
        undesa_stock.parse(path)


class _EchoAdapter(requests.adapters.BaseAdapter):
    """Answers every GET with its own URL as the body; records the URLs (no network)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def send(  # type: ignore[override]  # only the request matters here
        self, request: requests.PreparedRequest, *args: object, **kwargs: object
    ) -> requests.Response:
        url = str(request.url)
        self.urls.append(url)
        resp = requests.Response()
        resp.status_code, resp.url, resp.request = 200, url, request
        resp.raw = io.BytesIO(url.encode())
        resp.headers["Content-Length"] = str(len(url.encode()))
        return resp

    def close(self) -> None:
        """Nothing to release."""


def test_fetch_downloads_the_three_2020_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(undesa_regions.BASE_URL_ENV, "http://mirror.example/ims/")
    adapter, session = _EchoAdapter(), requests.Session()
    session.mount("http://", adapter)
    got = undesa_stock.fetch(session, tmp_path)
    assert [d.name for d in got] == list(undesa_stock.FILES_2020)
    assert adapter.urls == [f"http://mirror.example/ims/{n}" for n in undesa_stock.FILES_2020]
    assert got[0].tmp_path.read_bytes() == adapter.urls[0].encode()
