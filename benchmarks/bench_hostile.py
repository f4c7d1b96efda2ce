"""Hostile uploads: seconds and peak memory until each is refused (target <= 10 s, <= 1.5 GB).

Run: `.venv/bin/python benchmarks/bench_hostile.py [SCALE]` (1.0 = the sizes of the issue 11
findings: a 2-million-row workbook, a 1 GB zip bomb, a CSV with 1,000,000 header columns, ...).
Each file is written to a temporary folder, then checked by `prepare_upload` in a fresh process,
so the peak RSS printed is that of reading one file, not of making it. The children run with
M_E_MAX_UPLOAD_MB=110 (the issue raised the limit to 100 MB), so every other bound is shown
holding on its own rather than hidden behind the 50 MB default.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.security.hostile_files import corpus

CHILD = """
import json, resource, sys, time
from pathlib import Path
from etl.uploads import prepare_upload
path = Path(sys.argv[1])
data = path.read_bytes()
start = time.perf_counter()
result = prepare_upload(data, path.name, current=None)
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
first = result.issues[0].message if result.issues else ""
print(json.dumps({"s": took, "mb": peak, "errors": len(result.errors), "first": first}))
"""


def main(scale: float) -> None:
    """Print one line per hostile file: size, seconds, peak MB, and the first message."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in corpus(scale):
            path = Path(tmp) / name
            path.write_bytes(make())
            wall = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(path)],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
                env={**os.environ, "M_E_MAX_UPLOAD_MB": "110"},
            )
            if out.returncode != 0:
                print(f"{name}: child failed after {time.perf_counter() - wall:.1f} s")
                print(out.stderr[-2000:])
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            size = path.stat().st_size / 1e6
            print(
                f"{name:22} {size:8.1f} MB  {r['s']:6.2f} s  peak {r['mb']:7.0f} MB  "
                f"errors {r['errors']:>6}  {r['first'][:110]}"
            )


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
