"""Store benchmark: one upload of 100,000 rows stored in one transaction, per backend.

    .venv/bin/python benchmarks/bench_store.py [--rows 100000] [--template indicator_long]
        [--postgres URL]   # default: $TEST_DATABASE_URL, else $DATABASE_URL; DuckDB always runs

Each backend runs in its own child process so that its peak RSS is its own; the child reports
seconds to store (create_submission), to read the submission back (rows) and to read the
current approved rows (current_rows), and memory: the growth of peak RSS while storing, above
the process already holding the frame, and the child's overall peak RSS (MB). Target: store
<= 2 s for 100k rows on 2 cores (the 5 s budget of an upload also covers parsing and validation).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from core.templates import TEMPLATES  # noqa: E402
from store.submissions import User, open_store  # noqa: E402

TARGET_STORE_S = 2.0


def synthetic_rows(template: str, n: int) -> pl.DataFrame:
    """`n` rows in the template's schema: short codes, some nulls, varied numbers."""
    i = pl.int_range(0, n, dtype=pl.Int64, eager=True)
    cols = {}
    for c, dtype in TEMPLATES[template].schema.items():
        if dtype == pl.String():
            s = pl.format("{}_{}", pl.lit(c[:4]), i % 997) if c != "ref_area" else pl.lit("KEN")
            cols[c] = pl.select(pl.when(i % 11 == 0).then(None).otherwise(s)).to_series()
        elif dtype == pl.Float64():
            cols[c] = (i.cast(pl.Float64) * 1.37 + 0.01).alias(c)
        else:
            cols[c] = (i % 1000).cast(dtype)
    df = pl.DataFrame(cols).with_columns(pl.lit("2024").alias("time_period"))
    return df.with_row_index("row_number", offset=1).with_columns(
        pl.col("row_number").cast(pl.Int64)
    )


def rss_mb() -> float:
    """Peak resident set size of this process so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(url: str, template: str, n: int) -> dict[str, float]:
    """Measure one backend in this process."""
    store = open_store(url)
    rows = synthetic_rows(template, n)
    base = rss_mb()
    user, approver = User("bench", "contributor"), User("bench_approver", "approver")
    sha = hashlib.sha256(str(time.time()).encode()).hexdigest()
    t0 = time.perf_counter()
    sid = store.create_submission(
        template=template,
        file_name="bench.csv",
        sha256=sha,
        user=user,
        rows=rows,
        ref_area="KEN",
        time_period="2024",
    )
    t1 = time.perf_counter()
    store_peak = rss_mb()
    back = store.rows(sid)
    t2 = time.perf_counter()
    store.set_status(sid, "approved", user=approver)
    t3 = time.perf_counter()
    current = store.current_rows(template)
    t4 = time.perf_counter()
    assert back.equals(rows), "read back differs"
    assert current.filter(pl.col("submission_id") == sid).height == n
    peak = rss_mb()
    return {
        "store_s": t1 - t0,
        "rows_s": t2 - t1,
        "current_rows_s": t4 - t3,
        "store_mb": store_peak - base,
        "peak_mb": peak,
        "frame_mb": rows.estimated_size() / 2**20,
    }


def main() -> int:
    """Run each backend in a child process and print a table."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--template", default="indicator_long", choices=sorted(TEMPLATES))
    p.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL") or "")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.template, args.rows)))
        return 0
    pg = args.postgres or os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as tmp:
        backends = {"duckdb": str(Path(tmp) / "bench.duckdb")}
        if pg:
            backends["postgresql"] = pg
        else:
            print('PostgreSQL skipped: set TEST_DATABASE_URL (eval "$(.ci/postgres.sh)")')
        ncols = len(TEMPLATES[args.template].columns) + 1
        print(f"{args.rows:,} rows x {ncols} columns of {args.template}, {os.cpu_count()} cores")
        print(
            f"{'backend':<11} {'store s':>8} {'store MB':>9} {'rows() s':>9} {'current s':>10}"
            f" {'peak MB':>8}"
        )
        worst = 0.0
        for name, url in backends.items():
            cmd = [sys.executable, __file__, "--child", url, "--rows", str(args.rows)]
            out = subprocess.run(
                [*cmd, "--template", args.template],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            worst = max(worst, r["store_s"])
            print(
                f"{name:<11} {r['store_s']:>8.2f} {r['store_mb']:>9.0f} {r['rows_s']:>9.2f}"
                f" {r['current_rows_s']:>10.2f} {r['peak_mb']:>8.0f}"
            )
        print(
            f"frame: {r['frame_mb']:.0f} MB. store MB: peak RSS growth while storing, above the"
            " process holding the frame; peak MB: whole child process, reads included"
        )
    ok = worst <= TARGET_STORE_S * args.rows / 100_000
    print(f"store target <= {TARGET_STORE_S:.1f} s per 100k rows: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
