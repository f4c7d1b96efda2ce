"""Upload end to end: read + check + preview (prepare_upload) and store (store_upload), 100k rows.

    .venv/bin/python benchmarks/bench_import.py [--rows 100000] [--postgres URL]

Two files: 10.7.1 worker microdata (one submission: NPL 2022) and long-format results for one
country over 20 years (20 submissions, one per period). Each run uses a fresh DuckDB file, and
the PostgreSQL store at --postgres (default: TEST_DATABASE_URL) when given. Prints seconds per
step and the process's peak RSS. Target (issue 4): <= 5 s per 100,000-row upload on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_upload import rci_csv  # noqa: E402

from core.templates import INDICATOR_LONG, TEMPLATE_VERSION  # noqa: E402
from etl.uploads.prepare import prepare_upload, store_upload  # noqa: E402
from store.submissions import Store, open_store  # noqa: E402

TARGET_S = 5.0


def long_csv_one_country(n: int) -> bytes:
    """n long-format rows for KEN: 20 years x corridors x series (20 submissions)."""
    i = pl.int_range(0, n, eager=True)
    per_year = max(n // 20, 1)
    frame = pl.DataFrame({"_i": i}).select(
        template_version=pl.lit(TEMPLATE_VERSION),
        indicator_code=pl.lit("SM.POP.TOTL"),
        series_code=pl.lit("SM_POP_BILAT"),
        ref_area=pl.lit("KEN"),
        counterpart_area=pl.lit("UGA"),
        # Distinct keys within a year: real partner codes are few, so age bands carry the rest.
        age=pl.format("Y{}T{}", i % per_year, i % per_year + 1),
        time_period=(2001 + i // per_year).cast(pl.String),
        freq=pl.lit("A"),
        value=(i % 997).cast(pl.String),
        unit_measure=pl.lit("NUMBER"),
        unit_mult=pl.lit("0"),
        obs_status=pl.lit("A"),
        source=pl.lit("bench"),
        submitted_by=pl.lit("bench"),
        submitted_on=pl.lit("2026-11-30"),
    )
    full = {c: frame[c] if c in frame.columns else None for c in INDICATOR_LONG.column_names}
    return pl.DataFrame(full, schema={c: pl.String for c in full}).write_csv().encode()


def measure(store: Store, name: str, data: bytes) -> tuple[float, float, int, int]:
    """(prepare s, store s, rows, submissions) for one file."""
    user = store.get_user("bench") or store.add_user("bench", "contributor", "benchmark-password")
    t0 = time.perf_counter()
    result = prepare_upload(data, name, current=store.current_rows)
    t1 = time.perf_counter()
    if result.errors:
        raise SystemExit(f"{name}: {result.errors[0].message}")
    stored = store_upload(store, result, user)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, result.rows.height, len(stored)


def main() -> int:
    """Time both files on each backend; exit 1 when a run misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL", ""))
    args = parser.parse_args()
    files = {
        "rci_1071_microdata.csv": rci_csv(args.rows),
        "indicator_long_ken.csv": long_csv_one_country(args.rows),
    }
    backends = {"duckdb": str(Path(tempfile.mkdtemp()) / "bench.duckdb")}
    if args.postgres:
        backends["postgresql"] = args.postgres
    print(f"{'file':<26} {'backend':<11} {'rows':>8} {'subs':>5} {'check s':>8} {'store s':>8} "
          f"{'total s':>8}  target")  # fmt: skip
    ok = True
    for backend, url in backends.items():
        store = open_store(url)
        for name, data in files.items():
            prep, put, rows, subs = measure(store, name, data)
            total = prep + put
            ok &= total <= TARGET_S
            verdict = "ok" if total <= TARGET_S else "MISSED"
            print(
                f"{name:<26} {backend:<11} {rows:>8,} {subs:>5} {prep:>8.2f} {put:>8.2f} "
                f"{total:>8.2f}  <= {TARGET_S:.0f} s {verdict}"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MiB")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
