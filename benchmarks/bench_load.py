"""Twenty people using the dashboard at once: p50/p95 interaction time, server CPU and memory.

    .venv/bin/python benchmarks/bench_load.py [--sessions 20] [--rounds 2]

One `streamlit run` on 127.0.0.1 over the full-size data (browser_kit.full_data); the server is
warmed by one visit of the path's pages first (this measures load, not the first page after
start). Then SESSIONS simultaneous visitors, each in its own Chromium browser context (own
cookies, own Streamlit session, one Chromium process), follow the same path ROUNDS
times: open the Overview, change the country in the sidebar, open the Indicator explorer, open
Remittance costs (menu links). An interaction's time runs from the action until the page is
fully rendered (browser_kit.READY_JS).

Why real browsers rather than a websocket-level client: Streamlit's protocol (protobuf deltas,
widget ids, forward-message cache, page switches) would have to be re-implemented and kept in
step with each Streamlit release, and the time a visitor waits includes drawing the Vega charts.
The cost: the 20 contexts' rendering shares the 2 cores with the server, so these times are an
upper bound; the table prints the client's CPU seconds beside the server's so the split is seen.
Loopback only (127.0.0.1). Exit 1 if p95 > 1.5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

# The same Chromium and loopback-only flags as the browser tests (one list, kept there).
from browser_kit import (
    READY_JS,
    RUN_COUNTER_JS,
    STATE_JS,
    Server,
    full_data,
    percentile,
    start_server,
)

from dashboard.run_log import read_runs
from tests.dashboard.streamlit_server import CHROMIUM, CHROMIUM_ARGS

TARGET_P95_S = 1.5
TIMEOUT_MS = 120_000  # one interaction; past it the round counts as timed out
MAX_SESSIONS = 50  # bounded: this is a benchmark on one machine, not a stress tool
STEPS = ("open overview", "change country", "open explorer", "open remittance costs")
MENU_INDEX = {"open explorer": 1, "open remittance costs": 2}


async def wait_ready(
    page: Page, runs_before: int, new_path: str | None = None, shows: str | None = None
) -> None:
    """Until a new run has happened (or the address is `new_path`, or the main area `shows` a
    text: a fast rerun can finish inside one React update, unseen by the run counter) and the
    page is drawn."""
    moved = f"window.__runs > {runs_before}"
    if new_path is not None:
        moved += f" || location.pathname === {new_path!r}"
    if shows is not None:
        moved += (
            " || (document.querySelector('[data-testid=\"stMain\"]') || {innerText: ''})"
            f".innerText.includes({shows!r})"
        )
    try:
        await page.wait_for_function(f"() => {moved}", timeout=TIMEOUT_MS, polling=20)
        await page.wait_for_function(READY_JS, timeout=TIMEOUT_MS, polling=20)
    except Exception as exc:
        raise TimeoutError(f"not fully rendered: {await page.evaluate(STATE_JS)}") from exc


async def one_round(page: Page, url: str, out: dict[str, list[float]]) -> None:
    """The path once: overview, another country, explorer, remittance costs."""
    t0 = time.perf_counter()
    await page.goto(url, wait_until="commit")
    await wait_ready(page, 0)
    out["open overview"].append(time.perf_counter() - t0)

    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    await box.click()
    other = page.locator('[role="option"][aria-selected="false"]').first
    await other.wait_for()
    name = (await other.inner_text()).strip()  # the Overview's title then names it
    runs = await page.evaluate("window.__runs")
    t0 = time.perf_counter()
    await other.click()
    await wait_ready(page, runs, shows=name)
    out["change country"].append(time.perf_counter() - t0)

    for step, path in (("open explorer", "/explorer"), ("open remittance costs", None)):
        link = page.locator('[data-testid="stSidebarNavLink"]').nth(MENU_INDEX[step])
        runs = await page.evaluate("window.__runs")
        t0 = time.perf_counter()
        await link.click()
        await wait_ready(page, runs, path or "/remittance_costs")
        out[step].append(time.perf_counter() - t0)


async def visitor(
    browser: Browser,
    url: str,
    rounds: int,
    start: asyncio.Event,
    out: dict[str, list[float]],
    failures: list[str],
) -> None:
    """One person: the path `rounds` times in one session; appends each step's seconds."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    ctx = await browser.new_context(viewport={"width": 1440, "height": 900})
    await ctx.add_init_script(RUN_COUNTER_JS)
    page = await ctx.new_page()
    await start.wait()
    try:
        for _ in range(rounds):
            try:
                await one_round(page, url, out)
            except (TimeoutError, PlaywrightTimeout) as exc:  # counted; the others go on
                failures.append(str(exc))
    finally:
        await ctx.close()


async def run_load(
    server: Server, sessions: int, rounds: int, failures: list[str]
) -> tuple[dict, float, float, float]:
    """All visitors at once; (seconds per step, wall seconds, peak RSS MiB sampled, the Unix
    time they started)."""
    from playwright.async_api import async_playwright

    out: dict[str, list[float]] = {step: [] for step in STEPS}
    peak = 0.0
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        warm = await browser.new_page()  # a visit first: measure load, not the cold start
        await warm.add_init_script(RUN_COUNTER_JS)
        for path in ("", "explorer", "remittance_costs"):
            await warm.goto(f"{server.url}/{path}", wait_until="commit")
            await wait_ready(warm, 0)
        await warm.close()
        start = asyncio.Event()
        tasks = [
            asyncio.create_task(visitor(browser, server.url, rounds, start, out, failures))
            for _ in range(sessions)
        ]
        await asyncio.sleep(1.0)  # every context open before anyone starts
        t0, since = time.perf_counter(), time.time()
        start.set()
        while not all(t.done() for t in tasks):
            peak = max(peak, server.rss_mib())
            await asyncio.sleep(0.2)
        wall = time.perf_counter() - t0
        for t in tasks:
            t.result()  # re-raise a visitor's failure
        await browser.close()
    return out, wall, max(peak, server.peak_rss_mib()), since


def main() -> int:
    """Run the visitors, print p50/p95 per step and overall with server CPU/RSS; exit 1 if over."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--quotes", type=int, default=250_000)
    args = parser.parse_args()
    if not 1 <= args.sessions <= MAX_SESSIONS:
        raise SystemExit(f"--sessions must be between 1 and {MAX_SESSIONS}")
    data_dir = full_data(args.quotes)
    run_log = Path(tempfile.mkdtemp(prefix="bench_load_")) / "runs.tsv"
    server = start_server(data_dir, M_E_RUN_LOG=str(run_log))  # the server's time per run
    try:
        cpu0 = server.cpu_seconds()
        client0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        failures: list[str] = []
        out, wall, peak, since = asyncio.run(run_load(server, args.sessions, args.rounds, failures))
        cpu = server.cpu_seconds() - cpu0
        # The Playwright driver and Chromium have exited and been reaped by now: their CPU.
        client1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        client = (client1.ru_utime - client0.ru_utime) + (client1.ru_stime - client0.ru_stime)
    finally:
        server.stop()
    every = [s for times in out.values() for s in times]
    print(
        f"{args.sessions} simultaneous sessions x {args.rounds} rounds "
        f"({len(every)} interactions) in {wall:.1f} s; data {data_dir}"
    )
    print(f"{'step':<24} {'n':>4} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
    for step, times in [*out.items(), ("all interactions", every)]:
        print(
            f"{step:<24} {len(times):>4} {statistics.median(times):>7.2f} "
            f"{percentile(times, 95):>7.2f} {max(times):>7.2f}"
        )
    for failure in failures[:3]:
        print(f"timed out: {failure}")
    runs = read_runs(str(run_log), since)  # the server's own share, browsers' drawing apart
    print(
        f"{'server script runs':<24} {len(runs):>4} {statistics.median(runs):>7.2f} "
        f"{percentile(runs, 95):>7.2f} {max(runs):>7.2f}   (start to end of each run on the "
        "server, waits behind other runs included)"
    )
    p95 = percentile(every, 95) if every else float("inf")
    verdict = "ok" if p95 <= TARGET_P95_S and not failures else "OVER"
    print(f"p95 target <= {TARGET_P95_S:g} s: {verdict}; {len(failures)} round(s) timed out")
    print(
        f"server: {cpu:.1f} CPU s ({cpu / wall:.2f} cores busy on average), peak RSS {peak:.0f} "
        f"MiB; client (Chromium + driver): {client:.1f} CPU s"
    )
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    raise SystemExit(main())
