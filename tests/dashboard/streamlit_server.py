"""A real `streamlit run` on a free loopback port, for the Chromium (Playwright) tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
# Without the background-networking flags Chromium keeps calling Google's hosts, which this
# closed network refuses; the tests must see only 127.0.0.1.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    """Fail under CI, skip elsewhere, when Debian's Chromium is not installed."""
    if not CHROMIUM.exists():
        msg = f"{CHROMIUM} missing (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen, timeout_s: float = 30.0) -> None:
    """Poll Streamlit's health endpoint until it answers 'ok' (or the server dies)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as reply:
                if reply.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout_s} s")


@contextlib.contextmanager
def serve(data_dir: Path, **env: str) -> Iterator[str]:
    """Run the dashboard over `data_dir` (plus `env`) and yield its URL; stop it afterwards."""
    require_chromium()
    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
        "--server.headless", "true", "--server.address", "127.0.0.1",
        "--server.port", str(port), "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    full_env = {**os.environ, "M_E_DATA_DIR": str(data_dir), **env}
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def record_outside_requests(page: Any) -> list[str]:
    """Collect every request the page makes to a host other than 127.0.0.1 (must stay empty)."""
    outside: list[str] = []

    def check(request: Any) -> None:
        url = request.url
        if urlparse(url).hostname not in ("127.0.0.1", None) and not url.startswith(
            ("data:", "blob:")
        ):
            outside.append(url)

    page.on("request", check)
    return outside
