"""Server-side render time of every dashboard page on full-size data: cold and warm (AppTest).

Usage: `python benchmarks/bench_pages.py [--quotes 250000] [--keep DIR]`

Builds a data/ folder in a temporary directory through the real pipeline from a synthetic RPW
workbook (etl.demo.synthetic_rpw.write_rpw_workbook). Then, per page: clear the caches, run once
(cold), run 5 more times (warm, median). Budgets: warm ≤ 300 ms, cold ≤ 3 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


WARM_BUDGET_S, COLD_BUDGET_S = 0.300, 3.0


def build_data(root: Path, n_quotes: int) -> str:
    """Publish full-size data under root through the real pipeline; return how it was built."""
    os.environ["M_E_DATA_DIR"] = str(root)
    from etl import pipeline
    from etl.demo.synthetic_rpw import write_rpw_workbook

    raw = root.parent / "raw_in"
    raw.mkdir(parents=True, exist_ok=True)
    write_rpw_workbook(raw / "rpw_dataset_2011_2025_q3.xlsx", n_quotes)
    pipeline.run(raw_dir=raw, offline=True, fallback_demo=True)
    return f"pipeline from a synthetic {n_quotes:,}-quote RPW workbook"


def measure(page: str) -> tuple[float, float, float]:
    """(cold s, warm median s, peak RSS MiB) of one page."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.run()
    at.switch_page(page)
    st.cache_data.clear()  # the first run above warmed the default page: start cold again
    t0 = time.perf_counter()
    at.run()
    cold = time.perf_counter() - t0
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception}")
    warm = []
    for _ in range(5):
        t0 = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - t0)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return cold, statistics.median(warm), peak_mib


def main() -> int:
    """Build the data, time every page, print a table; exit 1 if a budget is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=250_000)
    parser.add_argument("--keep", type=Path, help="build the data here and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench_pages_")) / "data"
    t0 = time.perf_counter()
    how = build_data(root, args.quotes)
    print(f"data: {how} ({time.perf_counter() - t0:.1f} s) in {root}")
    from streamlit_app import PAGE_SPECS

    print(f"{'page':<20} {'cold ms':>9} {'warm ms':>9} {'peak RSS MiB':>13}  budget")
    ok = True
    for spec in PAGE_SPECS:
        cold, warm, peak = measure(spec["page"])
        fine = warm <= WARM_BUDGET_S and cold <= COLD_BUDGET_S
        ok &= fine
        print(
            f"{spec['url_path']:<20} {cold * 1000:>9.0f} {warm * 1000:>9.0f} {peak:>13.0f}  "
            f"{'ok' if fine else 'MISSED'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
