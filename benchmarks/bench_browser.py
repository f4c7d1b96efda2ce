"""Time until each dashboard page is fully rendered in Chromium, on full-size data.

    .venv/bin/python benchmarks/bench_browser.py [--reps 3] [--viewports desktop,phone]
        [--pages overview,explorer] [--no-approve] [--think 5]

Data: benchmarks/browser_kit.full_data (the real shared files + a 250,000-quote RPW workbook).
Per viewport (desktop 1440x900, phone 390x844) and repetition: a fresh `streamlit run`; the
first page after start (the landing page, timed from the health endpoint's first "ok");
THINK seconds (default 5) on it, as a visitor reads it; then every page in menu order, each in
a new tab of that browser (cold: a new Streamlit session and the page's first visit since the
server started, static files from the browser's cache; loaders a page shares with an earlier
one are warm, as for a real visitor); then every page three more times
in one session through its menu link (warm: what moving between pages costs once the caches
are filled). Approve + rebuild: a contributor uploads a filled 10.7.2 file and submits it, an
approver (a second user) approves it on the Submissions page, timed from the click until the
page says the indicators were rebuilt and is fully rendered. Pages are seen signed out
(Upload, Submissions and Settings then show their public part). BENCH_APP_ROOT=DIR serves the
code unpacked in DIR instead (`git archive COMMIT | tar -x -C DIR`): before/after on one data.
Exit 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

# The same Chromium and loopback-only flags as the browser tests (one list, kept there).
from browser_kit import (
    RUN_COUNTER_JS,
    VIEWPORTS,
    Server,
    full_data,
    start_server,
    timed_goto,
    verdict,
    wait_ready,
)

from tests.dashboard.streamlit_server import CHROMIUM, CHROMIUM_ARGS

TARGET_WARM_S, TARGET_COLD_S, TARGET_FIRST_S, TARGET_APPROVE_S = 1.0, 2.5, 3.0, 3.0
WARM_VISITS = 3
CONTRIBUTOR, APPROVER = "bench_contrib", "bench_approver"
PASSWORD = "bench-password-1"


def new_page(browser: Browser, viewport: str) -> Page:
    """A page in a fresh context (no cookies, no cache, a new Streamlit session)."""
    width, height = VIEWPORTS[viewport]
    ctx = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=viewport == "phone"
    )
    ctx.add_init_script(RUN_COUNTER_JS)
    return ctx.new_page()


def one_server_run(
    browser: Browser, data_dir: Path, viewport: str, paths: list[str], think_s: float = 0.0
) -> tuple[float, dict[str, float], dict[str, float], dict[str, list[float]], float]:
    """First page; cold time, cold server CPU and warm times of every page on one fresh
    server; its peak RSS."""
    server = start_server(data_dir)
    try:
        page = new_page(browser, viewport)
        t0 = time.perf_counter()
        page.goto(server.url, wait_until="commit")
        wait_ready(page, after_runs=0)
        first = time.perf_counter() - t0
        time.sleep(think_s)  # the first visitor reads the landing page before going on
        ctx = page.context  # its HTTP cache now holds Streamlit's static files
        cold: dict[str, float] = {}
        cold_cpu: dict[str, float] = {}
        warm: dict[str, list[float]] = {p: [] for p in paths}
        for path in paths:
            tab = ctx.new_page()  # a new Streamlit session; the server's caches for it are cold
            cpu0 = server.cpu_seconds()
            cold[path] = timed_goto(tab, f"{server.url}/{path}")
            # Server CPU seconds of the visit: far less moved by a busy machine than wall time.
            cold_cpu[path] = server.cpu_seconds() - cpu0
            tab.close()
        tab = ctx.new_page()
        timed_goto(tab, f"{server.url}/{paths[-1]}")
        for _ in range(WARM_VISITS):
            for path in paths:
                warm[path].append(timed_click(tab, path))
        ctx.close()
        return first, cold, cold_cpu, warm, server.peak_rss_mib()
    finally:
        server.stop()


def timed_click(page: Page, path: str) -> float:
    """Seconds from a click on the page's menu link (same session) until it is fully rendered."""
    from streamlit_app import PAGE_SPECS

    index = [s["url_path"] for s in PAGE_SPECS].index(path)
    runs = page.evaluate("window.__runs")
    link = page.locator('[data-testid="stSidebarNavLink"]').nth(index)
    t0 = time.perf_counter()
    link.dispatch_event("click")  # also when the phone layout keeps the menu folded away
    wait_ready(page, after_runs=runs, new_path="/" if index == 0 else f"/{path}")
    return time.perf_counter() - t0


def _sign_in(page: Page, name: str) -> None:
    """Fill the sidebar sign-in form and wait for the signed-in, fully rendered page."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("textbox", name="User name").fill(name)
    sidebar.get_by_role("textbox", name="Password").fill(PASSWORD)
    sidebar.get_by_role("button", name="Sign in").click()
    sidebar.get_by_text(f"Signed in as {name}").wait_for(timeout=90_000)
    wait_ready(page)


def approve_and_rebuild(browser: Browser, data_dir: Path) -> tuple[float, float]:
    """Seconds from 'Approve' to the rebuilt-indicators message; peak RSS (on a data copy)."""
    from playwright.sync_api import FilePayload

    from store.submissions import open_store
    from tests.dashboard.upload_fixture import filled_files

    with tempfile.TemporaryDirectory(prefix="bench_browser_") as tmp:
        root = Path(tmp) / "data"
        shutil.copytree(data_dir, root, ignore=shutil.ignore_patterns("app.duckdb*"))
        store = open_store(str(root / "app.duckdb"))
        store.add_user(CONTRIBUTOR, "contributor", PASSWORD, by="bench")
        store.add_user(APPROVER, "approver", PASSWORD, by="bench")
        del store  # the server opens the database itself
        file_name, content = filled_files()["inquiry_1072"]
        server: Server = start_server(root)
        try:
            page = new_page(browser, "desktop")
            timed_goto(page, f"{server.url}/upload")
            _sign_in(page, CONTRIBUTOR)
            page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
                files=FilePayload(name=file_name, mimeType="text/csv", buffer=content)
            )
            page.get_by_role("button", name="Submit for approval").click(timeout=90_000)
            page.get_by_text("Submitted for approval: #1").wait_for(timeout=90_000)
            page.context.close()
            page = new_page(browser, "desktop")  # the approver: another person, another session
            timed_goto(page, f"{server.url}/submissions")
            _sign_in(page, APPROVER)
            runs = page.evaluate("window.__runs")
            t0 = time.perf_counter()
            page.get_by_role("button", name="Approve").click()
            page.get_by_text("is now approved. Indicators rebuilt").wait_for(timeout=90_000)
            wait_ready(page, after_runs=runs)
            took = time.perf_counter() - t0
            return took, server.peak_rss_mib()
        finally:
            server.stop()


def main() -> int:
    """Measure, print the table of medians against the targets; exit 1 if one is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3, help="fresh servers per viewport")
    parser.add_argument("--viewports", default="desktop,phone")
    parser.add_argument("--pages", help="comma-separated url paths (default: every page)")
    parser.add_argument("--no-approve", action="store_true", help="skip approve + rebuild")
    parser.add_argument("--quotes", type=int, default=250_000)
    parser.add_argument(
        "--think", type=float, default=5.0, help="seconds on the first page before the next"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # st.Page outside `streamlit run`
    from streamlit_app import PAGE_SPECS

    paths = args.pages.split(",") if args.pages else [s["url_path"] for s in PAGE_SPECS]
    data_dir = full_data(args.quotes)
    ok = True
    peak = 0.0
    head = f"{'viewport':<8} {'page':<18} {'cold s':>7} {'warm s':>7} {'cold CPU s':>10}"
    lines = [f"{head}  target cold/warm"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for viewport in args.viewports.split(","):
                firsts: list[float] = []
                colds: dict[str, list[float]] = {path: [] for path in paths}
                cpus: dict[str, list[float]] = {path: [] for path in paths}
                warms: dict[str, list[float]] = {path: [] for path in paths}
                for _ in range(args.reps):
                    first, cold, cpu, warm, rss = one_server_run(
                        browser, data_dir, viewport, paths, args.think
                    )
                    firsts.append(first)
                    peak = max(peak, rss)
                    for path in paths:
                        colds[path].append(cold[path])
                        cpus[path].append(cpu[path])
                        warms[path] += warm[path]
                for path in paths:
                    c, w = statistics.median(colds[path]), statistics.median(warms[path])
                    v = "ok" if c <= TARGET_COLD_S and w <= TARGET_WARM_S else "OVER"
                    ok &= v == "ok"
                    lines.append(
                        f"{viewport:<8} {path:<18} {c:>7.2f} {w:>7.2f} "
                        f"{statistics.median(cpus[path]):>10.2f}  "
                        f"<= {TARGET_COLD_S:g} / {TARGET_WARM_S:g} {v}"
                    )
                f = statistics.median(firsts)
                ok &= f <= TARGET_FIRST_S
                lines.append(
                    f"{viewport:<8} {'first page':<18} {f:>7.2f} {'':>7} {'':>10}  "
                    f"<= {TARGET_FIRST_S:g} after start {verdict(f, TARGET_FIRST_S)}"
                )
            if not args.no_approve:
                took, rss = approve_and_rebuild(browser, data_dir)
                peak = max(peak, rss)
                ok &= took <= TARGET_APPROVE_S
                lines.append(
                    f"{'desktop':<8} {'approve + rebuild':<18} {took:>7.2f} {'':>7} {'':>10}  "
                    f"<= {TARGET_APPROVE_S:g} {verdict(took, TARGET_APPROVE_S)}"
                )
        finally:
            browser.close()
    lines.append(f"peak RSS of the server: {peak:.0f} MiB")
    print(f"medians of {args.reps} fresh server(s) per viewport; data {data_dir}")
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
