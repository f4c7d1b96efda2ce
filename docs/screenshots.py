"""Screenshots of every dashboard page (1440 and 390 px wide) and of the PDF report's first pages.

Usage: `python docs/screenshots.py [--data DIR] [--out docs/screenshots] [--pages overview,...]
[--lang fr]`

Publishes the labelled DEMO DATA through the real pipeline into a temporary folder (or uses
--data), starts `streamlit run` on a loopback port, opens each page in Debian's Chromium
(Playwright) at 1440×900 and 390×844, and saves `<page>_1440.png` / `<page>_390.png`: the
page from its top, at most MAX_HEIGHT CSS pixels tall, reduced to a 256-colour palette so that
each file stays small. Then writes the demo PDF report (`python -m dashboard.report`) and
renders its first pages with pdftoppm. Not a test: run it after a visible change and look.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WIDTHS = {1440: 900, 390: 844}  # viewport width: height (the officer's laptop and phone)
MAX_HEIGHT = {1440: 2400, 390: 3600}  # CSS px of page kept, from the top
PDF_PAGES = 5  # cover, contents, summary, the first chapter with its first chart
HOME = "KEN"


def build_demo(root: Path) -> None:
    """Publish the demo datasets under root (the pipeline's offline fallback)."""
    env = {**os.environ, "M_E_DATA_DIR": str(root), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "etl", "run", "--offline", "--fallback-demo"]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def settle(page: object, timeout_s: float = 90.0) -> None:
    """Wait until Streamlit has stopped running the script and every Vega chart is drawn."""
    deadline = time.monotonic() + timeout_s
    quiet_since = None
    while time.monotonic() < deadline:
        busy = page.evaluate(  # type: ignore[attr-defined]
            """() => {
              const running = !!document.querySelector('[data-testid="stStatusWidget"]');
              const embeds = [...document.querySelectorAll('.vega-embed')];
              const undrawn = embeds.filter(e => !e.querySelector('canvas, svg')).length;
              return running || undrawn > 0 || !document.querySelector('h1');
            }"""
        )
        now = time.monotonic()
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since > 1.5:
            return
        time.sleep(0.25)


def shrink(png: bytes) -> bytes:
    """The PNG reduced to a 256-colour palette (a quarter of the size, text stays sharp)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()


def shoot_pages(url: str, out: Path, pages: list[str], suffix: str = "") -> list[Path]:
    """One PNG per page and width (`<page>_<width><suffix>.png`); returns the files written."""
    from playwright.sync_api import sync_playwright

    from tests.dashboard.streamlit_server import CHROMIUM, CHROMIUM_ARGS

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for width, height in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for name in pages:
                    page.goto(f"{url}/{name}", wait_until="domcontentloaded")
                    settle(page)
                    # Streamlit scrolls inside its own container: measure that, not the body.
                    full = page.evaluate(
                        "() => Math.max(...[...document.querySelectorAll('section, main, body')]"
                        ".map(e => e.scrollHeight))"
                    )
                    tall = min(int(full), MAX_HEIGHT[width])
                    page.set_viewport_size({"width": width, "height": tall})
                    settle(page, 20)
                    png = page.screenshot(clip={"x": 0, "y": 0, "width": width, "height": tall})
                    page.set_viewport_size({"width": width, "height": height})
                    path = out / f"{name}_{width}{suffix}.png"
                    path.write_bytes(shrink(png))
                    written.append(path)
                    print(f"{path}  {path.stat().st_size / 1024:.0f} KB")
                page.close()
        finally:
            browser.close()
    return written


def shoot_report(data: Path, out: Path, lang: str = "en") -> list[Path]:
    """The demo PDF report's first pages as PNG (pdftoppm, 60 dpi), in `lang`."""
    env = {**os.environ, "M_E_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable, "-m", "dashboard.report", "--country", HOME, "--period", "2024",
            "--format", "pdf", "--allow-demo", "--out", tmp, "--lang", lang,
        ]  # fmt: skip
        subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        pdf = next(Path(tmp).glob("*.pdf"))
        prefix = Path(tmp) / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", str(PDF_PAGES), pdf, prefix],
            check=True,
        )
        written = []
        for i, page in enumerate(sorted(Path(tmp).glob("page*.png")), start=1):
            path = out / f"report_page{i}{'' if lang == 'en' else '_' + lang}.png"
            path.write_bytes(shrink(page.read_bytes()))
            written.append(path)
            print(f"{path}  {path.stat().st_size / 1024:.0f} KB")
    return written


def main() -> int:
    """Build (or reuse) demo data, serve it, and write every screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a published data folder (default: fresh demo)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--pages", help="comma-separated url paths (default: every page)")
    parser.add_argument("--no-report", action="store_true", help="skip the PDF report pages")
    parser.add_argument(
        "--lang", default="en", choices=("en", "fr", "es"), help="the dashboard's language"
    )
    args = parser.parse_args()
    suffix = "" if args.lang == "en" else f"_{args.lang}"

    from streamlit import logger

    logger.set_log_level("error")  # importing the pages outside `streamlit run` warns per page
    from streamlit_app import PAGE_SPECS
    from tests.dashboard.streamlit_server import serve

    pages = args.pages.split(",") if args.pages else [s["url_path"] for s in PAGE_SPECS]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp) / "data"
        if args.data is None:
            build_demo(data)
        with serve(data, M_E_HOME_COUNTRY=HOME, M_E_LANGUAGE=args.lang) as url:
            shoot_pages(url, args.out, pages, suffix)
        if not args.no_report:
            shoot_report(data, args.out, args.lang)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
