"""A real browser (Debian chromium via Playwright) draws the Migration page's world map offline.

The server reads the migration indicators computed from the real files (migration_fixture);
Chromium runs with background networking off, and every request that leaves 127.0.0.1 is
recorded and fails the test: the map must come from the bundled geometry.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dashboard.migration_fixture import build_real
from tests.dashboard.streamlit_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    record_outside_requests,
    serve,
)

pytestmark = pytest.mark.browser
# Counts pixels of the map's fills on its canvas (or shapes, if Vega drew SVG).
PIXELS_JS = """
(block) => {
  const canvas = block.querySelector('.vega-embed canvas');
  if (!canvas) {
    const fills = [...block.querySelectorAll('.vega-embed path')].map(p => p.getAttribute('fill'));
    const n = (f) => fills.filter(f).length * 1000;
    return {grey: n(c => c === '#e6e6e6'), red: n(c => c === '#d62728'),
            blue: n(c => c && c !== '#e6e6e6' && c !== '#d62728' && c !== 'white')};
  }
  const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const out = {grey: 0, red: 0, blue: 0};
  for (let i = 0; i < px.length; i += 4) {
    const [r, g, b, a] = [px[i], px[i + 1], px[i + 2], px[i + 3]];
    if (a < 250) continue;
    if (r === 230 && g === 230 && b === 230) out.grey++;
    else if (r === 214 && g === 39 && b === 40) out.red++;
    else if (b > r + 30 && b > 120) out.blue++;
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def migration_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run` on a free loopback port over real-file migration data (DEMO-flagged)."""
    root = tmp_path_factory.mktemp("migration_browser") / "data"
    build_real(root, demo=True)
    with serve(root, M_E_HOME_COUNTRY="KEN") as url:
        yield url


def test_world_map_renders_without_internet(migration_server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            outside = record_outside_requests(page)
            page.goto(f"{migration_server}/migration", wait_until="domcontentloaded")
            block = page.locator(".st-key-block_map_origins")
            block.scroll_into_view_if_needed(timeout=60_000)
            canvas = block.locator(".vega-embed canvas, .vega-embed svg").first
            canvas.wait_for(state="visible", timeout=60_000)
            expect(page.get_by_text("DEMO DATA", exact=False).first).to_be_visible()
            expect(page.get_by_text("Migration profile: Kenya (KEN)")).to_be_visible()
            box = canvas.bounding_box()
            assert box is not None and box["width"] > 400 and box["height"] > 200
            counts = block.evaluate(PIXELS_JS)
            # Shapes are drawn: grey land, blue partner countries and Kenya in red.
            assert counts["grey"] > 10_000, counts
            assert counts["blue"] > 500, counts
            assert counts["red"] > 50, counts
            page.screenshot(path=str(tmp_path / "migration.png"), full_page=True)
        finally:
            browser.close()
    assert not outside, f"requests left the machine: {outside[:5]}"
