"""Server-side render time of every dashboard page on full-size data: cold and warm (AppTest).

Usage: `python benchmarks/bench_pages.py [--quotes 250000] [--keep DIR]`

Builds a data/ folder in a temporary directory: through the real pipeline from a synthetic RPW
workbook (etl.synthetic_rpw.write_rpw_workbook) when that module and indicators/build.py exist;
otherwise from a generated contract table of the same size (and says so). Then, per page: clear
the caches, run once (cold), run 5 more times (warm, median). Budgets: warm ≤ 300 ms, cold ≤ 3 s.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl import io  # noqa: E402
from etl.schemas import RPW_QUOTES  # noqa: E402
from etl.schemas import conform as conform_schema  # noqa: E402
from indicators.contract import conform  # noqa: E402

WARM_BUDGET_S, COLD_BUDGET_S = 0.300, 3.0
QUARTERS = [f"{y}-Q{q}" for y in range(2011, 2026) for q in range(1, 5)][:-1]
PROVIDERS = ("BANK", "MTO", "POST", "MOBILE")
INSTRUMENTS = ("CASH", "ACCOUNT", "CARD")


def _codes(n: int, offset: int) -> list[str]:
    """n distinct three-letter codes (synthetic; the dashboard only needs them distinct)."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return [
        letters[(i + offset) // 676 % 26] + letters[(i + offset) // 26 % 26] + letters[i % 26]
        for i in range(n)
    ]


def _generated_indicators(rng: np.random.Generator) -> pl.DataFrame:
    """~250k contract rows: 367 corridors × 59 quarters with breakdowns, plus areas and WLD."""
    senders, receivers = ["GBR", *_codes(47, 100)], ["KEN", *_codes(104, 3000)]
    corridors = [(s, r) for s in senders for r in receivers][:367]
    corridors[0] = ("GBR", "KEN")
    pairs = corridors + [("WLD", r) for r in receivers] + [(s, "WLD") for s in senders]
    pairs.append(("WLD", "WLD"))
    combos = [("_T", "_T", "_T", "USD200", "MEAN"), ("_T", "_T", "_T", "USD500", "MEAN")]
    combos += [("_T", "_T", "_T", "USD200", "SMART3")]
    combos += [(p, "_T", "_T", "USD200", "MEAN") for p in PROVIDERS]
    combos += [("_T", i, "_T", "USD200", "MEAN") for i in INSTRUMENTS]
    combos += [("_T", "_T", i, "USD200", "MEAN") for i in INSTRUMENTS]
    keys = pl.DataFrame(pairs, schema=["ref_area", "counterpart_area"], orient="row")
    dims = pl.DataFrame(
        combos,
        schema=["provider_type", "funding_instrument", "payout_instrument", "transfer_amount",
                "statistic"],
        orient="row",
    )  # fmt: skip
    periods = pl.DataFrame({"time_period": QUARTERS})
    frame = keys.join(dims, how="cross").join(periods, how="cross")
    world = pl.DataFrame(
        [("WLD", "WLD", "_T", "_T", "_T", "USD200", s, tp)
         for s in ("SHARE_BELOW_5", "CORRIDORS_LT3_ELIGIBLE") for tp in QUARTERS],
        schema=frame.columns, orient="row",
    )  # fmt: skip
    frame = pl.concat([frame, world]).with_columns(
        indicator_code=pl.lit("10.c.1"),
        series_code=pl.lit("SI_RMT_COST"),
        freq=pl.lit("Q"),
        value=pl.Series(rng.uniform(1, 15, frame.height + world.height)),
        unit_measure=pl.lit("PT"),
        source=pl.lit("benchmark (generated)"),
        retrieved_at=pl.lit("2025-10-01T00:00:00+00:00"),
        sample_size=pl.lit(12, pl.Int64),
    )
    return conform(frame)


def _generated_quotes(n: int, rng: np.random.Generator) -> pl.DataFrame:
    """n service quotes spread over GBR→KEN and other corridors and quarters."""
    cost = rng.uniform(0.5, 20, n)
    frame = pl.DataFrame(
        {
            "time_period": rng.choice(QUARTERS, n),
            "source_code": rng.choice(["GBR", *_codes(47, 100)], n),
            "destination_code": rng.choice(["KEN", *_codes(20, 3000)], n),
            "firm": [f"Firm {i % 900}" for i in range(n)],
            "provider_type": rng.choice(PROVIDERS, n),
            "cc1_total_cost_pct": cost,
            "cc2_total_cost_pct": cost * 0.8,
            "transparent": rng.random(n) > 0.1,
            "speed_actual": rng.choice(["Same day", "Next day", "3-5 days"], n),
            "payment_instrument": rng.choice(["Cash", "Bank account"], n),
            "pickup_method": rng.choice(["Cash", "Mobile money"], n),
        }
    )
    return conform_schema(frame, RPW_QUOTES)


def build_data(root: Path, n_quotes: int) -> str:
    """Publish full-size data under root; return how it was built."""
    os.environ["M_E_DATA_DIR"] = str(root)
    have_pipeline = all(
        importlib.util.find_spec(m) for m in ("etl.synthetic_rpw", "indicators.build", "etl.demo")
    )
    if have_pipeline:
        from etl.synthetic_rpw import write_rpw_workbook  # type: ignore[import-not-found]

        from etl import pipeline

        raw = root.parent / "raw_in"
        raw.mkdir(exist_ok=True)
        write_rpw_workbook(raw / "rpw_dataset_2011_2025_q3.xlsx", n_quotes)
        pipeline.run(raw_dir=raw, offline=True, fallback_demo=True)
        return f"pipeline from a synthetic {n_quotes:,}-quote RPW workbook"
    rng = np.random.default_rng(7)
    meta = {"inputs": [], "published_at": io.now_iso(), "demo": True}
    ind = _generated_indicators(rng)
    io.write_clean(ind, "indicators", {**meta, "rows": ind.height})
    quotes = _generated_quotes(n_quotes, rng)
    io.write_clean(quotes, "rpw_quotes", {**meta, "rows": quotes.height})
    return (
        f"GENERATED contract table ({ind.height:,} rows) and {n_quotes:,} quotes: "
        "etl.synthetic_rpw / indicators.build not available, pipeline not used"
    )


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
