"""Upload read + check speed: a generated 100k-row indicator_long CSV and a 100k-row RCI CSV.

Run: `.venv/bin/python benchmarks/bench_upload.py [ROWS]`. Prints seconds and peak memory
(RSS high-water mark of this process) per file; the target is <= 2.5 s per 100,000 rows.
"""

from __future__ import annotations

import resource
import sys
import time

import polars as pl

from core.templates import INDICATOR_LONG, RCI_1071, TEMPLATE_VERSION
from etl.uploads.checks import check_upload
from etl.uploads.read import read_upload

AREAS = ("KEN", "UGA", "NPL", "PHL", "MEX", "GBR", "USA", "QAT", "ARE", "IND")


def long_csv(n: int) -> bytes:
    """n distinct indicator_long rows (10.c.1 corridors x quarters x statistics)."""
    i = pl.int_range(0, n, eager=True)
    df = pl.DataFrame(
        {c: [None] * n for c in INDICATOR_LONG.column_names},
        schema={c: pl.String for c in INDICATOR_LONG.column_names},
    )
    df = df.with_columns(
        template_version=pl.lit(TEMPLATE_VERSION),
        indicator_code=pl.lit("10.c.1"),
        series_code=pl.lit("SI_RMT_COST"),
        ref_area=pl.Series([AREAS[k % 10] for k in range(n)]),
        counterpart_area=pl.Series([AREAS[(k // 10) % 10] for k in range(n)]),
        time_period=(1000 + i // 40).cast(pl.String) + "-Q" + ((i // 10) % 4 + 1).cast(pl.String),
        freq=pl.lit("Q"),
        statistic=pl.lit("MEAN"),
        value=((i % 997) / 10).round(2).cast(pl.String),
        unit_measure=pl.lit("PT"),
        unit_mult=pl.lit("0"),
        obs_status=pl.lit("A"),
        source=pl.lit("RPW"),
        submitted_by=pl.lit("bench"),
        submitted_on=pl.lit("2026-11-30"),
    )
    return df.write_csv().encode()


def rci_csv(n: int) -> bytes:
    """n RCI microdata rows, half in NPR/QAR with USD rates."""
    i = pl.int_range(0, n, eager=True)
    df = pl.DataFrame({"_i": i}).select(
        template_version=pl.lit(TEMPLATE_VERSION),
        ref_area=pl.lit("NPL"),
        time_period=pl.lit("2022"),
        worker_id=pl.format("W{}", i),
        cost_paid=(i % 5000 * 20).cast(pl.String),
        cost_currency=pl.when(i % 2 == 0).then(pl.lit("NPR")).otherwise(pl.lit("USD")),
        usd_per_cost_currency=pl.when(i % 2 == 0).then(pl.lit("0.0075")).otherwise(None),
        monthly_earnings=(1000 + i % 700).cast(pl.String),
        earnings_currency=pl.when(i % 2 == 0).then(pl.lit("QAR")).otherwise(pl.lit("USD")),
        usd_per_earnings_currency=pl.when(i % 2 == 0).then(pl.lit("0.2747")).otherwise(None),
        month_paid=pl.lit("2021-03"),
        earnings_reference=pl.lit("last_month"),
        sex=pl.when(i % 3 == 0).then(pl.lit("F")).otherwise(pl.lit("M")),
        age=(20 + i % 40).cast(pl.String),
        destination=pl.lit("QAT"),
        occupation=(i % 10).cast(pl.String),
        survey_weight=pl.lit("1.5"),
        source=pl.lit("LFS 2022"),
        submitted_by=pl.lit("bench"),
        submitted_on=pl.lit("2026-11-30"),
    )
    assert tuple(df.columns) == RCI_1071.column_names
    return df.write_csv().encode()


def main(n: int) -> None:
    """Time read + check of each generated file."""
    for name, template, make in (
        ("indicator_long", INDICATOR_LONG, long_csv),
        ("rci_1071_microdata", RCI_1071, rci_csv),
    ):
        data = make(n)
        t0 = time.perf_counter()
        table = read_upload(data, f"{name}.csv", max_bytes=len(data) + 1)
        t1 = time.perf_counter()
        rows, issues = check_upload(template, table)
        t2 = time.perf_counter()
        errors = sum(1 for x in issues if x.severity == "error")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{name:<20} {rows.height:>7,} rows {len(data) / 1e6:6.1f} MB  read {t1 - t0:5.2f}s  "
            f"check {t2 - t1:5.2f}s  total {t2 - t0:5.2f}s  errors={errors} "
            f"warnings={len(issues) - errors}  peak RSS {peak:,.0f} MB"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
