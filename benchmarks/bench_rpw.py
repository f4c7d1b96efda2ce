"""RPW benchmark: parse+clean of a 250,000-quote workbook, then the ETL end to end, then unchanged.

    .venv/bin/python benchmarks/bench_rpw.py [--quotes 250000] [--seed 7] [--runs 3] [--skip-e2e]

The synthetic workbook (about 49.5k legacy + 200k current rows, every quirk of the real file,
shared strings as Excel saves them) is cached under benchmarks/out/ (git-ignored). The end-to-end
runs use a fresh temporary M_E_DATA_DIR and `python -m etl run --offline --raw-dir DIR --source
rpw`; per-stage seconds come from data/reports/latest.json (outcomes[].seconds).

The yardstick is the calamine floor: a fresh `python` that imports polars and reads both dataset
sheets with `pl.read_excel(..., engine="calamine")` and nothing else. Each round runs the floor,
then a cold ETL run, then an unchanged rerun, in turn, so the ratio cold / floor is taken pair by
pair on a machine whose speed drifts (other jobs); medians over --runs rounds are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.demo.synthetic_rpw import write_rpw_workbook  # noqa: E402
from etl.sources import rpw  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
TARGET_E2E_S = 15.0  # end to end on 2 cores
TARGET_UNCHANGED_S = 0.5  # issue 14: nothing heavy imported when nothing changed
TARGET_FLOOR_RATIO = 1.5  # issue 14: cold run <= 1.5 x the plain calamine read of both sheets
TARGET_PARSE_CLEAN_S = 8.0  # leaves time for validation and indicators within the 15 s


def cached_workbook(n_quotes: int, seed: int) -> Path:
    """The benchmark workbook, generated once per (size, seed)."""
    path = OUT / f"rpw_{n_quotes}_seed{seed}" / "rpw_dataset_2011_2025_q3.xlsx"
    if not path.exists():
        print(f"generating {n_quotes:,} quotes -> {path} (once; about 2 minutes)", flush=True)
        t0 = time.perf_counter()
        write_rpw_workbook(path.with_suffix(".part.xlsx"), n_quotes, seed=seed)
        path.with_suffix(".part.xlsx").replace(path)
        print(f"  written in {time.perf_counter() - t0:.1f} s", flush=True)
    return path


def measure_parse_clean(path: Path) -> dict[str, float]:
    """Seconds for parse and clean in this process, rows, and peak RSS (MB)."""
    t0 = time.perf_counter()
    raw = rpw.parse(path)
    t1 = time.perf_counter()
    clean = rpw.clean(raw)
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"parse": t1 - t0, "clean": t2 - t1, "rows": clean.height, "peak_mb": peak}


FLOOR_SCRIPT = """
import sys
import fastexcel
import polars as pl

path = sys.argv[1]
names = [s for s in fastexcel.read_excel(path).sheet_names if s.lower().startswith("dataset")]
frames = pl.read_excel(path, sheet_name=names, engine="calamine")
print(sum(f.height for f in frames.values()))
"""


def run_floor(path: Path) -> float:
    """Wall seconds of a fresh python that only reads both dataset sheets with calamine."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", FLOOR_SCRIPT, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - t0
    if int(proc.stdout.strip() or 0) == 0:
        raise SystemExit(f"calamine floor read no rows from {path}")
    return wall


@dataclass
class EtlRun:
    """One ETL subprocess: wall seconds, exit code, per-stage seconds, statuses, stderr tail."""

    wall: float
    code: int
    stages: dict[str, float]
    statuses: dict[str, str]
    stderr: str


def run_etl(raw_dir: Path, data_dir: Path) -> EtlRun:
    """One `python -m etl run --offline --raw-dir` as a subprocess: wall time and report."""
    env = {**os.environ, "M_E_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    cmd = [
        sys.executable,
        "-m",
        "etl",
        "run",
        "--offline",
        "--raw-dir",
        str(raw_dir),
        "--source",
        "rpw",
    ]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    report_path = data_dir / "reports" / "latest.json"
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    stages: dict[str, float] = {}
    for outcome in report.get("outcomes", []):
        for stage, seconds in outcome.get("seconds", {}).items():
            stages[stage] = stages.get(stage, 0.0) + seconds
    statuses = {o["source"]: o["status"] for o in report.get("outcomes", [])}
    return EtlRun(wall, proc.returncode, stages, statuses, proc.stderr[-1500:])


def _row(label: str, value: float, target: float | None, unit: str = "s") -> str:
    """One table line with its target and verdict."""
    verdict = "" if target is None else ("ok" if value <= target else "OVER")
    tgt = "" if target is None else f"<= {target:g} {unit}"
    return f"  {label:<34} {value:>9.2f} {unit:<3} {tgt:<12} {verdict}"


def main() -> int:
    """Measure and print the table; exit 1 if a target is missed or a run failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=250_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-e2e", action="store_true", help="parse+clean only")
    parser.add_argument("--runs", type=int, default=3, help="rounds of floor, cold, rerun")
    args = parser.parse_args()
    workbook = cached_workbook(args.quotes, args.seed)
    size_mb = workbook.stat().st_size / 1e6
    e2e: list[str] = []
    ok = True
    if not args.skip_e2e:  # first: a fork of a large parent would inflate children's ru_maxrss
        floors, firsts, seconds = [], [], []
        for _ in range(max(args.runs, 1)):
            floors.append(run_floor(workbook))
            with tempfile.TemporaryDirectory(prefix="bench_rpw_") as tmp:
                firsts.append(run_etl(workbook.parent, Path(tmp) / "data"))
                seconds.append(run_etl(workbook.parent, Path(tmp) / "data"))
        peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        first = min(firsts, key=lambda r: r.wall)
        ratios = sorted(f.wall / fl for f, fl in zip(firsts, floors, strict=True))
        floor_s = statistics.median(floors)
        first_s = statistics.median(r.wall for r in firsts)
        second_s = statistics.median(r.wall for r in seconds)
        for stage, secs in sorted(first.stages.items()):
            e2e.append(_row(f"  stage {stage} (fastest first run)", secs, None))
        e2e += [
            _row("calamine floor (both sheets)", floor_s, None),
            _row("end to end, first run", first_s, TARGET_E2E_S),
            _row(
                "first run / floor (pair by pair)",
                statistics.median(ratios),
                TARGET_FLOOR_RATIO,
                "x",
            ),
            f"  {'':<34} ratio min {ratios[0]:.2f}, max {ratios[-1]:.2f}, {len(ratios)} round(s)",
            _row("peak RSS etl run", peak_children, None, "MB"),
            _row("end to end, unchanged rerun", second_s, TARGET_UNCHANGED_S),
            f"  statuses: first {firsts[-1].statuses}, rerun {seconds[-1].statuses}",
        ]
        for run in (*firsts, *seconds):
            if run.code != 0:
                e2e.append(f"  etl exited {run.code}; stderr tail:\n{run.stderr}")
        ok = ok and all(r.code == 0 for r in (*firsts, *seconds))
        ok = ok and first_s <= TARGET_E2E_S and second_s <= TARGET_UNCHANGED_S
        ok = ok and statistics.median(ratios) <= TARGET_FLOOR_RATIO
    pc = measure_parse_clean(workbook)
    lines = [
        f"RPW benchmark: {pc['rows']:,.0f} quotes, {size_mb:.1f} MB workbook, "
        f"{os.cpu_count()} CPU(s)",
        _row("parse (calamine, both sheets)", pc["parse"], None),
        _row("clean", pc["clean"], None),
        _row("parse + clean", pc["parse"] + pc["clean"], TARGET_PARSE_CLEAN_S),
        _row("peak RSS parse+clean", pc["peak_mb"], None, "MB"),
        *e2e,
    ]
    ok = ok and pc["parse"] + pc["clean"] <= TARGET_PARSE_CLEAN_S
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
