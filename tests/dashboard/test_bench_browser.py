"""The browser benchmarks' helpers work: on the session's small demo data, not full size.

benchmarks/browser_kit.py starts the server, says when a page is fully rendered and reads the
server's CPU and memory from /proc; benchmarks/bench_browser.py times page loads and menu
clicks. A helper that waited for the wrong thing would time out here or return nonsense.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import require_shared
from tests.dashboard.streamlit_server import CHROMIUM, CHROMIUM_ARGS, require_chromium

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import bench_browser  # noqa: E402
import browser_kit  # noqa: E402


def test_percentile_and_verdict() -> None:
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert browser_kit.percentile(values, 50) == pytest.approx(50.5)
    assert browser_kit.percentile(values, 95) == pytest.approx(95.05)
    assert browser_kit.percentile([0.7], 95) == 0.7
    assert browser_kit.verdict(1.0, 1.0) == "ok"
    assert browser_kit.verdict(1.01, 1.0) == "OVER"
    assert browser_kit.verdict(5.0, None) == ""


def test_raw_dir_links_shared_files_and_the_workbook(tmp_path: Path) -> None:
    shared = require_shared()
    workbook = tmp_path / "rpw_dataset_2011_2025_q3.xlsx"
    workbook.write_bytes(b"not opened here")
    raw = browser_kit.raw_dir_for(workbook, tmp_path / "raw")
    linked = sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file())
    expected = sorted(
        p.relative_to(shared).as_posix()
        for p in shared.rglob("*")
        if p.is_file() and p.relative_to(shared).parts[0] != "rpw" and p.name != "SOURCES.md"
    )
    assert len(expected) > 20  # knomad, migrant_stock, unhcr, wdi...: the real files
    assert linked == sorted([*expected, "rpw/rpw_dataset_2011_2025_q3.xlsx"])
    assert (raw / "rpw" / workbook.name).resolve() == workbook.resolve()


@pytest.mark.browser
def test_page_load_and_menu_click_are_timed(built_data_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    require_chromium()
    server = browser_kit.start_server(built_data_dir)
    try:
        assert server.healthy > server.started
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = bench_browser.new_page(browser, "phone")
                assert page.viewport_size == {"width": 390, "height": 844}
                loaded = browser_kit.timed_goto(page, f"{server.url}/remittance_costs")
                # READY_JS held: the charts are drawn, nothing is stale, the script is idle.
                assert page.locator(".vega-embed svg, .vega-embed canvas").count() >= 3
                assert page.locator('[data-stale="true"]').count() == 0
                clicked = bench_browser.timed_click(page, "explorer")
                assert page.url.startswith(f"{server.url}/explorer")
                assert page.get_by_role("heading", level=1).first.is_visible()
                assert 0 < loaded < 60 and 0 < clicked < 60
            finally:
                browser.close()
        assert server.cpu_seconds() > 0.5  # it imported polars and drew three pages' data
        assert server.peak_rss_mib() >= server.rss_mib() > 50
    finally:
        server.stop()
