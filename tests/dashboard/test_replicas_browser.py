"""Two dashboard processes behind nginx share PostgreSQL and one data directory (issue 14 item 4).

`python -m dashboard.serve --processes 2` starts both `streamlit run` processes and nginx (the
template in deploy/nginx/, run as this user with every file in a tmp dir). Chromium opens one
session on each process through the proxy (the sticky route cookie picks the process). A
submission approved on process 1 must show as approved on process 2 within PROPAGATION_S, the
rebuilt 10.7.2 score must show on both (each had the old indicator table cached), and a revert
from the command line (`python -m etl review`, a third process) must reach both as well; a
sign-in token issued by process 1 must be accepted by process 2 (one signing key).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from etl.uploads.prepare import prepare_upload, store_upload
from store.submissions import Store, open_store
from tests.dashboard.streamlit_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    free_port,
    require_chromium,
)
from tests.dashboard.upload_fixture import APPROVER, CONTRIBUTOR, PASSWORDS, filled_files
from tests.store.fixtures import pg_schema

pytestmark = pytest.mark.browser
NGINX = Path("/usr/sbin/nginx")
WAIT_MS = 90_000  # first page of a process imports polars/altair; the approval rebuilds
# The stated propagation time (README "Deployment"): caches are keyed on the data files' mtime
# and the store's audit version, so another process sees a change at its next rerun. The
# bound leaves room for a loaded 2-core machine; the measured time is printed.
PROPAGATION_S = 10.0
SCORE_CARD = ".st-key-card_10_7_2"  # the Overview's 10.7.2 card (KEN, the home country)
SCORE_TEXT = "71.67"  # 100 x 21.5 / 30 (upload_fixture.OVERALL_1072) as the card rounds it


def require_nginx() -> None:
    """Fail under CI, skip elsewhere, when Debian's nginx is not installed."""
    if not NGINX.exists():
        msg = f"{NGINX} missing (apt-get install nginx-light)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)


def get(url: str, route: str | None = None) -> bytes:
    """Body of a GET, with the sticky route cookie when given."""
    req = urllib.request.Request(url, headers={"Cookie": f"m_e_route={route}"} if route else {})
    with urllib.request.urlopen(req, timeout=5) as reply:
        return bytes(reply.read())


def served_by(log: Path, route: str) -> set[str]:
    """Upstream addresses the access log shows for requests with this route cookie."""
    pattern = re.compile(r"upstream=(\S+) route=" + re.escape(route) + r"$")
    return {m.group(1) for line in log.read_text().splitlines() if (m := pattern.search(line))}


def submitted_store(pg_url: str) -> Store:
    """The PostgreSQL store with two accounts and KEN's 2021 Inquiry file submitted (#1)."""
    store = open_store(pg_url)
    store.add_user(CONTRIBUTOR, "contributor", PASSWORDS[CONTRIBUTOR], by="test")
    store.add_user(APPROVER, "approver", PASSWORDS[APPROVER], by="test")
    name, content = filled_files()["inquiry_1072"]
    result = prepare_upload(content, name, current=store.current_rows)
    contributor = store.get_user(CONTRIBUTOR)
    assert contributor is not None and result.accepted, result.errors
    assert store_upload(store, result, contributor) == [(1, "KEN", "2021", 30)]
    return store


@pytest.fixture
def deployment(built_data_dir: Path, tmp_path: Path) -> Iterator[tuple[str, list[int], Path, dict]]:
    """(proxy URL, process ports, access log, env) of `python -m dashboard.serve --processes 2`."""
    require_chromium()
    require_nginx()
    root = tmp_path / "data"
    shutil.copytree(built_data_dir, root)
    with pg_schema() as pg_url:
        submitted_store(pg_url)
        env = {
            **os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": pg_url,
            "M_E_DATA_DIR": str(root), "M_E_HOME_COUNTRY": "KEN",
        }  # fmt: skip
        for attempt in range(3):  # another job on the machine may take a port we picked
            first, listen = free_port(), free_port()
            while listen in (first, first + 1) or free_port_taken(first + 1):
                first, listen = free_port(), free_port()
            run_dir = tmp_path / f"run{attempt}"
            cmd = [
                sys.executable, "-m", "dashboard.serve", "--processes", "2",
                "--first-port", str(first), "--listen", f"127.0.0.1:{listen}",
                "--run-dir", str(run_dir), "--nginx", str(NGINX),
            ]  # fmt: skip
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
            proxy = f"http://127.0.0.1:{listen}"
            try:
                wait_for(proxy, proc)
                break
            except (RuntimeError, TimeoutError) as exc:
                proc.terminate()
                proc.wait(timeout=30)
                if attempt == 2 or isinstance(exc, TimeoutError):
                    raise
        try:
            yield proxy, [first, first + 1], run_dir / "access.log", env
        finally:
            proc.terminate()  # the launcher stops both processes and nginx
            proc.wait(timeout=30)


def free_port_taken(port: int) -> bool:
    """True when `port` on 127.0.0.1 cannot be bound now."""
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def wait_for(proxy: str, proc: subprocess.Popen[bytes], timeout_s: float = 150.0) -> None:
    """Wait until nginx answers the health check (the launcher starts it after both processes)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"dashboard.serve exited with code {proc.returncode}")
        try:
            if get(f"{proxy}/_stcore/health") == b"ok":
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"nothing answered at {proxy} within {timeout_s} s")


def routes_to_each(proxy: str, ports: list[int], log: Path) -> dict[int, str]:
    """A route cookie value per process port, found by asking and reading nginx's access log."""
    found: dict[int, str] = {}
    for i in range(64):
        route = f"route{i}"
        assert get(f"{proxy}/_stcore/health", route) == b"ok"
        deadline = time.monotonic() + 5  # nginx logs a request just after answering it
        while not (upstreams := served_by(log, route)) and time.monotonic() < deadline:
            time.sleep(0.05)
        (upstream,) = upstreams
        found.setdefault(int(upstream.rsplit(":", 1)[1]), route)
        if len(found) == len(ports):
            return found
    raise AssertionError(f"64 route cookies all went to {sorted(found)}, not to {ports}")


def test_two_processes_behind_nginx_share_approvals_and_publishes(
    deployment: tuple[str, list[int], Path, dict],
) -> None:
    from playwright.sync_api import Page, WebSocket, expect, sync_playwright

    proxy, ports, log, env = deployment
    for port in ports:  # each process answers on its own port, and through nginx
        assert get(f"http://127.0.0.1:{port}/_stcore/health") == b"ok"
    route = routes_to_each(proxy, ports, log)
    one, two = route[ports[0]], route[ports[1]]

    def score_card(page: Page, period: str) -> str:
        """The Overview's 10.7.2 card text once it shows `period` ("—": no value)."""
        page.goto(proxy, wait_until="domcontentloaded")
        expect(page.get_by_text("Results framework: Kenya (KEN)")).to_be_visible(timeout=WAIT_MS)
        card = page.locator(SCORE_CARD)
        expect(card).to_contain_text(f"Period: {period};", timeout=WAIT_MS)
        if period != "—":
            expect(card.get_by_text(f"{SCORE_TEXT} %", exact=True)).to_be_visible()
        return card.inner_text()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            pages = {}
            for port, value in ((ports[0], one), (ports[1], two)):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.add_cookies([{"name": "m_e_route", "value": value, "url": proxy}])
                pages[port] = context.new_page()
            a, b = pages[ports[0]], pages[ports[1]]
            sockets: dict[Page, list[str]] = {a: [], b: []}
            frames: dict[Page, int] = {a: 0, b: 0}

            def watcher(page: Page) -> Callable[[WebSocket], None]:
                """Remember the page's websocket addresses and count the frames they bring."""

                def watch(ws: WebSocket) -> None:
                    if ws.url not in sockets[page]:
                        sockets[page].append(ws.url)

                    def count(_: object) -> None:
                        frames[page] += 1

                    ws.on("framereceived", count)

                return watch

            for page in (a, b):
                page.on("websocket", watcher(page))

            # Both sessions draw the Overview through nginx (a Streamlit page only renders over
            # its websocket): 10.7.2 has no value for KEN yet, and both processes cache that.
            for page in (a, b):
                text = score_card(page, "—")
                assert "no data loaded yet" in text and SCORE_TEXT not in text, text
            for port, value in ((ports[0], one), (ports[1], two)):
                assert served_by(log, value) == {f"127.0.0.1:{port}"}  # sticky, every request
            for page in (a, b):  # the websocket went through the proxy and carried the page
                assert sockets[page] == [f"ws://{proxy[len('http://') :]}/_stcore/stream"]
                assert frames[page] > 0

            # Process 2, a viewer: nothing approved yet.
            b.goto(f"{proxy}/submissions", wait_until="domcontentloaded")
            expect(b.get_by_text("No approved submission yet.")).to_be_visible(timeout=WAIT_MS)

            # Process 1, the approver: approve #1 (rebuilds the indicators in the shared dir).
            a.goto(f"{proxy}/submissions", wait_until="domcontentloaded")
            sidebar = a.locator('[data-testid="stSidebar"]')
            sidebar.get_by_role("textbox", name="User name").fill(APPROVER)
            sidebar.get_by_role("textbox", name="Password").fill(PASSWORDS[APPROVER])
            sidebar.get_by_role("button", name="Sign in").click()
            a.get_by_role("button", name="Approve").click(timeout=WAIT_MS)
            done = a.get_by_text("Submission 1 is now approved. Indicators rebuilt")
            expect(done).to_be_visible(timeout=WAIT_MS)
            approved_at = time.monotonic()
            token = parse_qs(urlparse(a.url).query)["session"][0]  # the sign-in, kept on refresh

            # Process 2 sees the approval at its next rerun (a reload: a new session there).
            seen = b.get_by_text("approved (the published data of its slot)")
            while True:
                b.reload(wait_until="domcontentloaded")
                try:
                    expect(seen).to_be_visible(timeout=5_000)
                    break
                except AssertionError:
                    assert time.monotonic() - approved_at < PROPAGATION_S + 30, "never seen"
            took = time.monotonic() - approved_at
            print(f"approval on process 1 seen on process 2 after {took:.2f} s (incl. page load)")
            assert took < PROPAGATION_S + 5.0  # + the page load of a reload under load
            assert served_by(log, two) == {f"127.0.0.1:{ports[1]}"}

            # The rebuilt indicator table (a data version change) reaches both processes.
            for page in (a, b):
                assert SCORE_TEXT in score_card(page, "2021")

            # A revert from the command line (a third process, like the ETL timer) reaches both.
            cli = [sys.executable, "-m", "etl", "review", "1", "revert", "--user", APPROVER,
                   "--reason", "wrong round"]  # fmt: skip
            out = subprocess.run(cli, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
            assert out.stdout.startswith("Submission 1 is now submitted. Indicators rebuilt")
            for page in (a, b):
                text = score_card(page, "—")
                assert "no data loaded yet" in text and SCORE_TEXT not in text, text
            b.goto(f"{proxy}/submissions", wait_until="domcontentloaded")
            expect(b.get_by_text("No approved submission yet.")).to_be_visible(timeout=WAIT_MS)

            # The approver's sign-in token (page address) is accepted by process 2 as well: the
            # launcher gives every process the same signing key.
            b.goto(f"{proxy}/submissions?session={token}", wait_until="domcontentloaded")
            signed_in = b.locator('[data-testid="stSidebar"]').get_by_text(
                f"Signed in as {APPROVER}"
            )
            expect(signed_in).to_be_visible(timeout=WAIT_MS)
            expect(b.get_by_role("button", name="Approve")).to_be_visible()  # #1 is submitted
        finally:
            browser.close()
    # The sockets are closed now, so nginx has logged them: upgraded (101), each on its process.
    lines = log.read_text().splitlines()
    for port, value in ((ports[0], one), (ports[1], two)):
        assert served_by(log, value) == {f"127.0.0.1:{port}"}
        line = f"101 upstream=127.0.0.1:{port} route={value}"
        assert any("GET /_stcore/stream" in ln and line in ln for ln in lines), line
