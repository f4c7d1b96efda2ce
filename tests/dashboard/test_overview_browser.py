"""Chromium (Debian, via Playwright) opens the Overview, Explorer and Settings pages on demo and
real data, and axe-core (bundled by the axe-playwright-python package, no network) finds no
serious or critical accessibility violation.

Excluded, with reason: `svg-img-alt` on the sparkline inside st.metric. Streamlit draws that
chart itself (its own Vega spec gives the point marks role="img" without a title); the metric's
value is text beside it and the full series is in the explorer. Nothing else is excluded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dashboard.overview_fixture import publish_real
from tests.dashboard.streamlit_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    record_outside_requests,
    serve,
)

pytestmark = pytest.mark.browser
BLOCKING = ("serious", "critical")
STREAMLIT_METRIC_CHART = ("svg-img-alt", "metric_chart")  # Vega class of st.metric's chart


@pytest.fixture(scope="module", params=["demo", "real"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """`streamlit run` over the pipeline's demo output, or over the real files."""
    root = tmp_path_factory.mktemp(f"overview_browser_{request.param}") / "data"
    if request.param == "real":
        publish_real(root)
    else:
        from etl import pipeline

        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("M_E_DATA_DIR", str(root))
            pipeline.run(offline=True, fallback_demo=True)
    with serve(root, M_E_HOME_COUNTRY="KEN") as url:
        yield url


def _blocking(response: dict) -> list[str]:
    """Serious/critical violations, as 'rule (impact): selectors', minus the documented one."""
    out = []
    for v in response["violations"]:
        if v["impact"] not in BLOCKING:
            continue
        nodes = [n for n in v["nodes"] if not _excluded(v["id"], n)]
        if nodes:
            out.append(f"{v['id']} ({v['impact']}): {[n['target'] for n in nodes][:3]}")
    return out


def _excluded(rule: str, node: dict) -> bool:
    rule_id, marker = STREAMLIT_METRIC_CHART
    return rule == rule_id and marker in " ".join(str(t) for t in node["target"])


@pytest.mark.parametrize(
    ("path", "ready"),
    [
        ("", "Why this status?"),  # the overview is the default page
        ("explorer?indicator=10.7.4", "Why this status?"),
        ("settings", "Current settings"),
    ],
)
def test_page_renders_and_passes_axe(server: str, path: str, ready: str, tmp_path: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            outside = record_outside_requests(page)
            page.goto(f"{server}/{path}", wait_until="domcontentloaded")
            page.get_by_text(ready).first.wait_for(timeout=60_000)
            page.wait_for_timeout(1500)  # let Vega draw before axe looks at the page
            if path == "":
                # the cards stream in level by level: wait for the last level, not a fixed time
                wait = {"timeout": 60_000}
                expect(page.get_by_text("Results framework: Kenya (KEN)")).to_be_visible(**wait)
                expect(page.get_by_text("Open 10.7.4 in the explorer")).to_be_visible(**wait)
                # statuses carry a symbol and words, not colour alone
                expect(page.get_by_text("Progress: ▲ On track").first).to_be_visible(**wait)
            elif path.startswith("explorer"):
                expect(page.get_by_text("10.7.4: Proportion of the population")).to_be_visible()
                chart = page.locator(".st-key-block_explorer_chart .vega-embed").first
                chart.wait_for(state="visible", timeout=60_000)
            results = Axe().run(page)
            page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
        finally:
            browser.close()
    assert _blocking(results.response) == [], results.generate_report()
    assert not outside, f"requests left the machine: {outside[:5]}"
