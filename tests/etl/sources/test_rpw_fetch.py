"""RPW fetch against a loopback Data Catalog: resolves the newest workbook, downloads it whole."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from core.errors import SourceFetchError
from etl.net.http import make_session
from etl.sources import rpw

WORKBOOK = b"PK\x03\x04 pretend workbook bytes " * 50


def _resource(name: str, file_name: str, updated: str) -> dict:
    return {
        "name": name,
        "last_updated_date": updated,
        "distribution": {"url": f"/files/{file_name}", "file_name": file_name},
    }


CATALOGS: dict[str, object] = {
    "/catalog.json": {
        "Resources": [
            _resource("RPW report", "RPW_Report_Q3_2025.pdf", "2025-12-01T00:00:00"),
            _resource("Complete Dataset", "rpw_dataset_2011_2025_q3.xlsx", "2025-12-01T00:00:00"),
            _resource(
                "Complete Dataset (old)", "rpw_dataset_2011_2025_q1.xlsx", "2025-06-01T00:00:00"
            ),
        ]
    },
    "/no_match.json": {"Resources": [_resource("RPW report", "report.pdf", "2025-12-01")]},
}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:
        if self.path in CATALOGS:
            self._send(200, json.dumps(CATALOGS[self.path]).encode())
        elif self.path == "/not_json.json":
            self._send(200, b"<html>maintenance</html>")
        elif self.path == "/files/rpw_dataset_2011_2025_q3.xlsx":
            self._send(200, WORKBOOK)
        else:
            self._send(404, b"not found")

    def _send(self, status: int, body: bytes, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(length or len(body)))
        self.end_headers()
        self.wfile.write(body)


class _CutHandler(_Handler):
    """Serves the workbook with a Content-Length larger than the body, then hangs up."""

    def do_GET(self) -> None:
        if self.path.startswith("/files/"):
            self._send(200, WORKBOOK[:100], length=len(WORKBOOK))
            self.close_connection = True
        else:
            super().do_GET()


def _serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Base URL of the loopback catalog (no retries, short timeouts)."""
    monkeypatch.setenv("M_E_RETRIES", "0")
    monkeypatch.setenv("M_E_READ_TIMEOUT", "5")
    yield from _serve(_Handler)


@pytest.fixture
def cut_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A catalog whose workbook download is cut short."""
    monkeypatch.setenv("M_E_RETRIES", "0")
    monkeypatch.setenv("M_E_READ_TIMEOUT", "5")
    yield from _serve(_CutHandler)


def _fetch(base: str, path: str, dest: Path, monkeypatch: pytest.MonkeyPatch) -> list:
    monkeypatch.setenv(rpw.CATALOG_URL_ENV, base + path)
    return rpw.fetch(make_session(), dest)


def test_catalog_resolves_newest_workbook(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (got,) = _fetch(server, "/catalog.json", tmp_path, monkeypatch)
    assert got.name == "rpw_dataset_2011_2025_q3.xlsx"
    assert got.url == f"{server}/files/rpw_dataset_2011_2025_q3.xlsx"
    assert got.tmp_path.read_bytes() == WORKBOOK
    assert "2025-12-01" in got.note and "Complete Dataset" in got.note


def test_catalog_without_matching_resource(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SourceFetchError, match=r"no resource named like rpw_dataset_\*\.xlsx"):
        _fetch(server, "/no_match.json", tmp_path, monkeypatch)
    assert list(tmp_path.iterdir()) == []


def test_catalog_not_json(server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SourceFetchError, match="not JSON"):
        _fetch(server, "/not_json.json", tmp_path, monkeypatch)


def test_catalog_http_error(server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SourceFetchError, match="HTTP 404") as err:
        _fetch(server, "/gone.json", tmp_path, monkeypatch)
    assert err.value.status == 404


def test_truncated_download_leaves_nothing(
    cut_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SourceFetchError) as err:
        _fetch(cut_server, "/catalog.json", tmp_path, monkeypatch)
    assert "rpw_dataset_2011_2025_q3.xlsx" in err.value.url
    assert list(tmp_path.iterdir()) == []


def test_pick_release_accepts_openapi_shape() -> None:
    doc = {
        "data": [
            {"name": "x", "distribution": {"url": "https://h/r/DR1/rpw_dataset_2011_2024_q4.xlsx"}},
            {"name": "y", "distribution": {"url": "https://h/r/DR2/rpw_dataset_2011_2025_q3.xlsx"}},
        ]
    }
    name, url, _updated, title = rpw.pick_release(doc, "https://h/api")
    assert (name, url, title) == (
        "rpw_dataset_2011_2025_q3.xlsx",
        "https://h/r/DR2/rpw_dataset_2011_2025_q3.xlsx",
        "y",
    )
