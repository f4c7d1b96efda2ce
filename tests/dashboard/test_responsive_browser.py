"""Every page in Chromium (Playwright) at 1440×900 and 390×844 over the pipeline's demo data.

One `streamlit run`, one browser; per page and width: the page does not scroll sideways, every
chart is at least MIN_CHART_PX wide on a phone and no wider than its block, every text Vega
draws (titles, legends, axis labels) lies inside its chart's canvas and none is cut with an
ellipsis, and axe-core finds no serious or critical violation (same exclusion as
test_overview_browser: the sparkline Streamlit draws inside st.metric).

Streamlit draws Vega charts on a canvas, so the texts are read by wrapping the canvas's
fillText before the page loads (the only way to see what was drawn, and where).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from streamlit_app import PAGE_SPECS
from tests.dashboard.streamlit_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    record_outside_requests,
    serve,
)
from tests.dashboard.test_overview_browser import _blocking

pytestmark = pytest.mark.browser
VIEWPORTS = {1440: 900, 390: 844}
MIN_CHART_PX = 250
ELLIPSIS = "…"

RECORD_TEXT_JS = """
(() => {
  const ctx = CanvasRenderingContext2D.prototype;
  const fill = ctx.fillText, clear = ctx.clearRect;
  ctx.clearRect = function (x, y, w, h) {
    if (w >= this.canvas.width && h >= this.canvas.height) this.canvas.__texts = [];
    return clear.call(this, x, y, w, h);
  };
  ctx.fillText = function (text, x, y, ...rest) {
    try {
      const t = this.getTransform(), w = this.measureText(text).width;
      let left = x;
      if (this.textAlign === 'center') left = x - w / 2;
      else if (this.textAlign === 'right' || this.textAlign === 'end') left = x - w;
      const xs = [t.a * left + t.c * y + t.e, t.a * (left + w) + t.c * y + t.e];
      (this.canvas.__texts = this.canvas.__texts || []).push(
        {text: String(text), left: Math.min(...xs), right: Math.max(...xs)});
    } catch (e) {}
    return fill.call(this, text, x, y, ...rest);
  };
})();
"""

BUSY_JS = """() => {
  const running = !!document.querySelector('[data-testid="stStatusWidget"]');
  const undrawn = [...document.querySelectorAll('.vega-embed')]
    .filter(e => !e.querySelector('canvas, svg')).length;
  return running || undrawn > 0 || !document.querySelector('h1');
}"""

BUSY_WHY_JS = """() => ({
  running: !!document.querySelector('[data-testid="stStatusWidget"]'),
  undrawn: [...document.querySelectorAll('.vega-embed')]
    .filter(e => !e.querySelector('canvas, svg')).length,
  h1: !!document.querySelector('h1'),
})"""

# Per visible chart: its block and canvas widths (CSS px), and the texts drawn outside the
# canvas or ending in an ellipsis.
CHARTS_JS = """(minWidth) => {
  const out = [];
  for (const embed of document.querySelectorAll('.vega-embed')) {
    const box = embed.getBoundingClientRect();
    if (box.width === 0 || embed.closest('[data-testid="stMetric"]')) continue;
    const drawing = embed.querySelector('svg.marks, canvas.marks, svg, canvas');
    const at = drawing.getBoundingClientRect();
    let texts = [];
    if (drawing.tagName.toLowerCase() === 'svg') {
      // clipped marks (clip-path) may run past the plot: the browser hides that part
      texts = [...drawing.querySelectorAll('text')]
        .filter(t => !t.closest('[clip-path]'))
        .map(t => { const b = t.getBoundingClientRect(), x = at.left;
                    return {text: t.textContent, left: b.left - x, right: b.right - x}; });
    } else {
      const scale = drawing.width / at.width;  // device pixels per CSS pixel
      texts = (drawing.__texts || []).map(
        t => ({text: t.text, left: t.left / scale, right: t.right / scale}));
    }
    const block = embed.closest('[data-testid="stElementContainer"]') || embed.parentElement;
    out.push({
      key: (embed.closest('[class*="st-key-"]') || embed).className.match(/st-key-[\\w-]+/)?.[0]
        || 'chart',
      width: box.width,
      canvas: at.width,
      block: block.getBoundingClientRect().width,
      outside: texts.filter(t => t.left < -3 || t.right > at.width + 3)  // glyph overhang
        .map(t => `${t.text} [${t.left | 0}, ${t.right | 0}] of ${at.width | 0}`),
      cut: texts.filter(t => t.text.endsWith('…')).map(t => t.text),
      drawn: texts.length,
    });
  }
  return out;
}"""

PAGE_WIDTH_JS = """() => ({
  doc: document.documentElement.scrollWidth,
  main: Math.max(0, ...[...document.querySelectorAll('[data-testid="stMain"]')]
    .map(e => e.scrollWidth - e.clientWidth)),
  viewport: window.innerWidth,
})"""


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run` over the pipeline's demo output (home country Kenya)."""
    from etl import pipeline

    root = tmp_path_factory.mktemp("responsive_browser") / "data"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("M_E_DATA_DIR", str(root))
        pipeline.run(offline=True, fallback_demo=True)
    with serve(root, M_E_HOME_COUNTRY="KEN") as url:
        yield url


def settle(page: object, timeout_ms: int = 90_000, quiet_ms: int = 1500) -> bool:
    """Wait until Streamlit has stopped and every chart has drawn, `quiet_ms` in a row (False:
    never)."""
    quiet = 0
    for _ in range(timeout_ms // 250):
        quiet = 0 if page.evaluate(BUSY_JS) else quiet + 250  # type: ignore[attr-defined]
        if quiet >= quiet_ms:
            return True
        page.wait_for_timeout(250)  # type: ignore[attr-defined]
    return False


def _problems(path: str, width: int, sizes: dict, charts: list[dict]) -> list[str]:
    """What an officer would see as broken on this page at this width."""
    where = f"{path or 'overview'} @ {width}px"
    found = []
    if sizes["doc"] > sizes["viewport"] or sizes["main"] > 1:
        found.append(f"{where}: page scrolls sideways {sizes}")
    for c in charts:
        name = f"{where} {c['key']}"
        if width < 500 and c["width"] < MIN_CHART_PX:
            found.append(f"{name}: chart {c['width']:.0f} px wide")
        if c["canvas"] > c["block"] + 1:
            found.append(f"{name}: canvas {c['canvas']:.0f} px wider than its block")
        if c["outside"]:
            found.append(f"{name}: text drawn outside the chart {c['outside'][:3]}")
        if c["cut"]:
            found.append(f"{name}: text cut with an ellipsis {c['cut'][:3]}")
        if c["drawn"] == 0:
            found.append(f"{name}: no text drawn (the chart did not render)")
    return found


def test_every_page_fits_a_laptop_and_a_phone_and_passes_axe(
    demo_server: str, tmp_path: Path
) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    counted = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for width, height in VIEWPORTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.add_init_script(RECORD_TEXT_JS)
                outside = record_outside_requests(page)
                for spec in PAGE_SPECS:
                    path = "" if spec.get("default") else spec["url_path"]
                    page.goto(f"{demo_server}/{path}", wait_until="domcontentloaded")
                    if not settle(page):
                        busy = page.evaluate(BUSY_WHY_JS)
                        problems.append(f"{path} @ {width}px: not settled in 90 s {busy}")
                    charts = page.evaluate(CHARTS_JS, MIN_CHART_PX)
                    counted += len(charts)
                    problems += _problems(path, width, page.evaluate(PAGE_WIDTH_JS), charts)
                    axe = _blocking(Axe().run(page).response)
                    problems += [f"{path or 'overview'} @ {width}px axe: {v}" for v in axe]
                    if problems:
                        page.screenshot(path=str(tmp_path / f"{spec['url_path']}_{width}.png"))
                page.close()
                assert not outside, f"requests left the machine: {outside[:5]}"
        finally:
            browser.close()
    assert counted >= 2 * 10, f"only {counted} charts seen: did the pages draw?"
    assert problems == [], "\n".join(problems)
