"""Chromium (Debian, via Playwright) lays out the Overview cards on the real data at 1440 and
390 px wide: every card value is shown whole (its box does not scroll or clip: scrollWidth <=
clientWidth, no "…"), and every status badge stays inside its own card (issue 13, item 4).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indicators.progress.scorecard import value_text
from indicators.registry_meta import entries
from tests.dashboard.overview_fixture import expected_cards, publish_real
from tests.dashboard.streamlit_server import CHROMIUM, CHROMIUM_ARGS, serve

pytestmark = pytest.mark.browser

# For each card: its metric value's text, the boxes in the value and label that are cut off, and
# the badges (text, how far outside the card's box, in px; 0.5 px of rounding allowed).
_MEASURE = """
() => Array.from(document.querySelectorAll("[class*='st-key-card_']")).map(card => {
  const box = card.getBoundingClientRect();
  const metric = card.querySelector("[data-testid='stMetricValue']");
  const parts = Array.from(card.querySelectorAll(
    "[data-testid='stMetricValue'], [data-testid='stMetricValue'] *, " +
    "[data-testid='stMetricLabel'], [data-testid='stMetricLabel'] *"));
  const cut = parts.filter(e => e.scrollWidth > e.clientWidth + 0.5 && e.clientWidth > 0)
    .map(e => e.textContent);
  const badges = Array.from(card.querySelectorAll(".status-badge")).map(b => {
    const r = b.getBoundingClientRect();
    const out = Math.max(box.left - r.left, r.right - box.right, box.top - r.top,
                         r.bottom - box.bottom, 0);
    return [b.textContent, out];
  });
  return {key: card.className, value: metric ? metric.textContent : null, cut, badges};
})
"""


@pytest.fixture(scope="module")
def real_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`streamlit run` over the pipeline's output on the real files."""
    root = publish_real(tmp_path_factory.mktemp("cards_browser") / "data")
    with serve(root, M_E_HOME_COUNTRY="KEN") as url:
        yield url, root


@pytest.mark.parametrize("width", [1440, 390])
def test_card_values_whole_and_badges_inside_their_card(
    real_server: tuple[str, Path], width: int, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, root = real_server
    expected = {value_text(c.latest[1], c.unit) for c in expected_cards(root, "KEN") if c.latest}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 1000})
            page.goto(url, wait_until="domcontentloaded")
            cards = page.locator("[class*='st-key-card_']")
            expect(cards).to_have_count(len(entries()), timeout=90_000)
            expect(page.get_by_text("Open SM.POP.CEN in the explorer")).to_be_visible()
            page.wait_for_timeout(1000)  # let the sparklines settle
            measured = page.evaluate(_MEASURE)
            page.screenshot(path=str(tmp_path / f"cards_{width}.png"), full_page=True)
        finally:
            browser.close()
    assert len(measured) == len(entries())
    shown = {m["value"] for m in measured}
    # The real numbers, with their units (e.g. "169.3 million US$", "1.953 %"), all on screen.
    assert expected <= shown, expected - shown
    assert any("million US$" in v for v in expected)
    for m in measured:
        assert m["cut"] == [], (width, m["key"], m["cut"])
        assert "…" not in (m["value"] or ""), (width, m["key"], m["value"])
        assert len(m["badges"]) == 2, m  # level and progress
        for text, outside in m["badges"]:
            assert outside <= 0.5, (width, m["key"], text, outside)
