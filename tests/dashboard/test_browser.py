"""A real browser (Debian chromium via Playwright) against `streamlit run` on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dashboard.streamlit_server import CHROMIUM, CHROMIUM_ARGS, serve

pytestmark = pytest.mark.browser


@pytest.fixture
def server(built_data_dir: Path) -> Iterator[str]:
    """The dashboard over the session's demo data, on a loopback port."""
    with serve(built_data_dir) as url:
        yield url


def test_remittance_page_draws_charts_and_demo_banner(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{server}/remittance-costs", wait_until="domcontentloaded")
            chart = page.locator(".vega-embed canvas, .vega-embed svg").first
            chart.wait_for(state="visible", timeout=30_000)
            expect(page.get_by_text("DEMO DATA", exact=False).first).to_be_visible()
            expect(page.locator('[data-testid="stMetricValue"]').first).to_contain_text("%")
            # Streamlit streams the page: wait for the third chart rather than count at once.
            page.locator(".vega-embed").nth(2).wait_for(state="attached", timeout=30_000)
            assert page.locator(".vega-embed").count() >= 3
            page.screenshot(path=str(tmp_path / "remittance_costs.png"), full_page=True)
        finally:
            browser.close()


def test_deep_links_open_their_page_and_selection(server: str) -> None:
    """/overview, /help and ?indicator=&country= links, as a shared address opens them."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{server}/overview?country=XYZ", wait_until="domcontentloaded")
            heading = page.get_by_role("heading", name="Results framework overview")
            heading.wait_for(state="visible", timeout=30_000)
            expect(page.get_by_text("Page not found")).to_have_count(0)
            expect(page.get_by_text("The link asks for country “XYZ”").first).to_be_visible()
            # The address now names the country shown, so copying it shares this view.
            page.wait_for_url("**/overview?*country=KEN*", timeout=10_000)

            page.goto(f"{server}/explorer?indicator=10.7.4&country=KEN")
            page.get_by_role("heading", name="10.7.4:").first.wait_for(timeout=30_000)
            assert "indicator=10.7.4" in page.url

            page.goto(f"{server}/help")
            page.get_by_role("heading", name="Help and glossary").wait_for(timeout=30_000)
            expect(page.get_by_text("Data last updated").first).to_be_visible()
        finally:
            browser.close()
