"""Bounded downloads against hostile servers on 127.0.0.1 (issue 11): time, size, raw layer."""

from __future__ import annotations

import gzip
import time
import tracemalloc
from pathlib import Path

import pytest

from core.config import Settings
from core.errors import SourceFetchError
from etl import pipeline
from etl.net.http import download, get_checked, make_session
from etl.net.probe import probe_hosts
from etl.registry import sources
from tests.etl.loopback import Reply, serve
from tests.security.fault_server import drip_server

BOMB_MB = 256  # decoded size of the gzip bomb; it travels as ~250 kB


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """256 MB of zeros, gzip-compressed once for the module."""
    return gzip.compress(b"\0" * (BOMB_MB << 20), compresslevel=6)


def _session(**overrides: float):  # type: ignore[no-untyped-def]
    """A session with small bounds, so each hostile case ends in about a second."""
    base: dict[str, float] = {
        "connect_timeout_s": 1.0,
        "read_timeout_s": 5.0,
        "retries": 2,
        "backoff_s": 0.0,
        "max_retry_after_s": 0.3,
        "download_deadline_s": 10.0,
        "max_download_mb": 8.0,
    }
    return make_session(Settings(**{**base, **overrides}))  # type: ignore[arg-type]


def test_retry_after_an_hour_waits_only_the_cap(tmp_path: Path) -> None:
    routes = {"/f.csv": [Reply(status=429, headers={"Retry-After": "3600"}), Reply(body=b"a,b\n")]}
    with serve(routes) as srv:
        start = time.monotonic()
        path = download(_session(), srv.url + "/f.csv", "test", tmp_path)
        took = time.monotonic() - start
        assert srv.count("/f.csv") == 2  # it did wait and retry, for 0.3 s not 3600 s
    assert 0.25 <= took < 3.0
    assert path.read_bytes() == b"a,b\n"


def test_retry_after_default_cap_is_a_minute() -> None:
    assert Settings().max_retry_after_s == 60.0
    retry = make_session(Settings()).get_adapter("https://x").max_retries  # type: ignore[attr-defined]
    assert retry.max_retry_after == 60.0
    assert retry.new(total=1).max_retry_after == 60.0  # kept on every retry state


@pytest.mark.parametrize("content_length", [True, False], ids=["length", "no-length"])
def test_drip_server_hits_the_total_deadline(tmp_path: Path, content_length: bool) -> None:
    with drip_server(content_length=content_length) as url:
        start = time.monotonic()
        with pytest.raises(SourceFetchError, match=r"longer than 1 s .*M_E_DOWNLOAD_DEADLINE"):
            download(_session(download_deadline_s=1.0), url + "/drip.csv", "test", tmp_path)
        took = time.monotonic() - start
    assert took < 4.0  # every byte came within the 5 s read timeout: only the deadline ended it
    assert list(tmp_path.iterdir()) == []  # the partial temp file is gone


def test_drip_json_reply_hits_the_deadline_too() -> None:
    with drip_server() as url:
        start = time.monotonic()
        with pytest.raises(SourceFetchError, match="M_E_DOWNLOAD_DEADLINE"):
            get_checked(_session(download_deadline_s=1.0), url + "/api", "test")
        assert time.monotonic() - start < 4.0


def test_gzip_bomb_is_refused_under_a_memory_bound(tmp_path: Path, gzip_bomb: bytes) -> None:
    reply = Reply(body=gzip_bomb, headers={"Content-Encoding": "gzip"}, content_type="text/csv")
    with serve({"/bomb.csv": reply}) as srv:
        tracemalloc.start()
        try:
            with pytest.raises(SourceFetchError, match=r"passed 8 MB .*M_E_MAX_DOWNLOAD_MB"):
                download(_session(), srv.url + "/bomb.csv", "test", tmp_path)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert len(gzip_bomb) < 1 << 20  # under 1 MB on the wire ...
    assert peak < 64 << 20  # ... 256 MB decoded, yet never more than 64 MB held
    assert list(tmp_path.iterdir()) == []


def test_gzip_bomb_json_reply_is_refused(gzip_bomb: bytes) -> None:
    reply = Reply(body=gzip_bomb, headers={"Content-Encoding": "gzip"})
    with serve({"/api": reply}) as srv, pytest.raises(SourceFetchError, match="8 MB"):
        get_checked(_session(), srv.url + "/api", "test")


def test_announced_oversize_body_is_refused_before_reading(tmp_path: Path) -> None:
    big = Reply(body=b"x" * (9 << 20), content_type="text/csv")
    refused = pytest.raises(SourceFetchError, match=r"announces 9\.0 MB, above the limit of 8 MB")
    with serve({"/big.csv": big}) as srv, refused:
        download(_session(), srv.url + "/big.csv", "test", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_refused_download_leaves_nothing_in_data_raw(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, gzip_bomb: bytes
) -> None:
    """Through the pipeline's acquire: no file, no temp, no sidecar for the bomb."""
    monkeypatch.setenv("M_E_MAX_DOWNLOAD_MB", "8")
    monkeypatch.setenv("M_E_RETRIES", "0")
    reply = Reply(body=gzip_bomb, headers={"Content-Encoding": "gzip"}, content_type="text/csv")
    with serve({"/mmp.csv": reply}) as srv:
        monkeypatch.setenv("M_E_IOM_MMP_URL", srv.url + "/mmp.csv")
        spec = sources()["iom_mmp"]
        with pytest.raises(SourceFetchError, match="M_E_MAX_DOWNLOAD_MB"):
            pipeline.acquire(spec, raw_dir=None, offline=False, progress=lambda _: None)
        assert srv.count("/mmp.csv") == 1
    left = [p for p in (data_dir / "raw").rglob("*") if p.is_file()]
    assert left == []


def test_probe_tries_the_hosts_of_the_url_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    with serve({}) as srv:
        port = int(srv.url.rsplit(":", 1)[1])
        monkeypatch.setenv("M_E_WB_API_URL", srv.url + "/v2/")
        monkeypatch.setenv("M_E_IOM_MMP_URL", srv.url + "/mmp.csv")
        monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db.invalid/x")  # not a source
        hosts = probe_hosts()
        assert hosts[0] == ("127.0.0.1", port)
        assert hosts.count(("127.0.0.1", port)) == 1 and ("db.invalid", 5432) not in hosts
        # the mirror is up, so the run is online whatever the public hosts do
        assert pipeline.network_reachable(hosts, timeout=1.0)
    monkeypatch.delenv("M_E_WB_API_URL")
    monkeypatch.delenv("M_E_IOM_MMP_URL")
    assert probe_hosts() == (("api.worldbank.org", 443),)


def test_error_page_drip_is_bounded_too(tmp_path: Path) -> None:
    """A 500 whose body drips: the message is built within the deadline, not after hours."""
    import socketserver
    import threading

    class Drip500(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.recv(65536)
            try:
                self.request.sendall(b"HTTP/1.1 500 Oops\r\nContent-Length: 100000\r\n\r\nboom")
                for _ in range(600):
                    self.request.sendall(b".")
                    time.sleep(0.05)
            except OSError:
                return

    srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Drip500)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        start = time.monotonic()
        url = f"http://127.0.0.1:{srv.server_address[1]}/f.csv"
        with pytest.raises(SourceFetchError, match=r"HTTP 500") as err:
            download(_session(retries=0, download_deadline_s=1.0), url, "test", tmp_path)
        assert time.monotonic() - start < 4.0
        assert err.value.status == 500
    finally:
        srv.shutdown()
        srv.server_close()
    assert list(tmp_path.iterdir()) == []
