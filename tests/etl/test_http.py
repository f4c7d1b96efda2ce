"""etl/net/http.py against a real socket on 127.0.0.1: timeouts, retries, truncation, errors."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from core.config import Settings
from core.errors import SourceFetchError
from etl.net.http import download, get_checked, make_session
from tests.conftest import require_shared
from tests.etl.loopback import Reply, serve

HTML_400 = (
    "wb_api_v2/extracted_bodies/TestIndicatorValuesService_ListByCountryIDsAndSourceID__5.txt"
)


def _session(retries: int = 0, read_timeout: float = 5.0):  # type: ignore[no-untyped-def]
    """A session with tiny timeouts and no backoff, so failures come back in milliseconds."""
    cfg = Settings(
        connect_timeout_s=1.0, read_timeout_s=read_timeout, retries=retries, backoff_s=0.0
    )
    return make_session(cfg)


def test_read_timeout_is_a_fetch_error_and_quick() -> None:
    with serve({"/slow": Reply(body=b"late", delay_s=1.5)}) as srv:
        t0 = time.perf_counter()
        with pytest.raises(SourceFetchError) as err:
            get_checked(_session(read_timeout=0.2), srv.url + "/slow", "test")
        elapsed = time.perf_counter() - t0
        assert srv.count("/slow") == 1  # retries=0: no second attempt
    assert elapsed < 1.0  # gave up after the 0.2 s read timeout, not after the 1.5 s delay
    assert "timed out" in str(err.value).lower()
    assert err.value.status is None


def test_429_then_200_is_retried_and_succeeds() -> None:
    routes = {"/busy": [Reply(status=429, body=b"slow down"), Reply(body=b'{"ok": true}')]}
    with serve(routes) as srv:
        resp = get_checked(_session(retries=2), srv.url + "/busy", "test")
        assert srv.count("/busy") == 2
    assert resp.status_code == 200
    assert resp.json() == {"ok": True}


def test_persistent_500_fails_after_the_configured_retries() -> None:
    with serve({"/down": Reply(status=500, body=b"boom", content_type="text/plain")}) as srv:
        with pytest.raises(SourceFetchError) as err:
            get_checked(_session(retries=2), srv.url + "/down", "test")
        assert srv.count("/down") == 3  # 1 attempt + 2 retries
    assert err.value.status == 500
    assert "(HTTP 500)" in str(err.value)
    assert "boom" in str(err.value)


def test_truncated_body_raises_and_leaves_no_temp_file(tmp_path: Path) -> None:
    body = b"x" * 10_000
    routes = {"/file.xls": Reply(body=body, truncate_to=4_000)}
    with serve(routes) as srv, pytest.raises(SourceFetchError) as err:
        download(_session(), srv.url + "/file.xls", "test", tmp_path)
    assert "4000" in str(err.value)  # says how far it got
    assert list(tmp_path.iterdir()) == []


def test_complete_download_returns_the_whole_body(tmp_path: Path) -> None:
    body = bytes(range(256)) * 1000
    with serve({"/file.xls": Reply(body=body, content_type="application/vnd.ms-excel")}) as srv:
        path = download(_session(), srv.url + "/file.xls", "test", tmp_path)
    assert path.read_bytes() == body
    assert path.parent == tmp_path


def test_gzip_encoded_download_is_not_mistaken_for_truncation(tmp_path: Path) -> None:
    # Content-Length counts compressed bytes; the decoded body is longer (regression test).
    body = b"Country Name,Country Code\n" * 2000
    with serve({"/data.csv": Reply(body=body, gzip=True, content_type="text/csv")}) as srv:
        path = download(_session(), srv.url + "/data.csv", "test", tmp_path)
    assert path.read_bytes() == body


def test_html_400_page_becomes_a_readable_message(tmp_path: Path) -> None:
    page = require_shared(HTML_400).read_bytes()  # the real World Bank "Request Error" page
    with serve({"/bad": Reply(status=400, body=page, content_type="text/html")}) as srv:
        with pytest.raises(SourceFetchError) as err:
            get_checked(_session(), srv.url + "/bad", "test")
        with pytest.raises(SourceFetchError) as err_dl:
            download(_session(), srv.url + "/bad", "test", tmp_path)
    for exc in (err.value, err_dl.value):
        assert exc.status == 400
        assert "The server encountered an error processing the request" in str(exc)
        assert "<" not in exc.detail and "font-family" not in exc.detail
    assert list(tmp_path.iterdir()) == []
