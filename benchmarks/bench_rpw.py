"""RPW benchmark: parse+clean of a 250,000-quote workbook, then the ETL end to end, then unchanged.

    .venv/bin/python benchmarks/bench_rpw.py [--quotes 250000] [--seed 7] [--skip-e2e]

The synthetic workbook (about 49.5k legacy + 200k current rows, every quirk of the real file,
shared strings as Excel saves them) is cached under benchmarks/out/ (git-ignored). The end-to-end
runs use a fresh temporary M_E_DATA_DIR and `python -m etl run --offline --raw-dir DIR --source
rpw`; per-stage seconds come from data/reports/latest.json (outcomes[].seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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
TARGET_UNCHANGED_S = 1.0
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
    args = parser.parse_args()
    workbook = cached_workbook(args.quotes, args.seed)
    size_mb = workbook.stat().st_size / 1e6
    e2e: list[str] = []
    ok = True
    if not args.skip_e2e:  # first: a fork of a large parent would inflate children's ru_maxrss
        with tempfile.TemporaryDirectory(prefix="bench_rpw_") as tmp:
            first = run_etl(workbook.parent, Path(tmp) / "data")
            peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            second = run_etl(workbook.parent, Path(tmp) / "data")
        for stage, secs in sorted(first.stages.items()):
            e2e.append(_row(f"  stage {stage} (first run)", secs, None))
        e2e += [
            _row("end to end, first run", first.wall, TARGET_E2E_S),
            _row("peak RSS etl run", peak_children, None, "MB"),
            _row("end to end, unchanged rerun", second.wall, TARGET_UNCHANGED_S),
            f"  statuses: first {first.statuses}, rerun {second.statuses}",
        ]
        for run in (first, second):
            if run.code != 0:
                e2e.append(f"  etl exited {run.code}; stderr tail:\n{run.stderr}")
        ok = ok and first.code == 0 and second.code == 0
        ok = ok and first.wall <= TARGET_E2E_S and second.wall <= TARGET_UNCHANGED_S
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
