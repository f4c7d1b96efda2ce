"""The server's own time per script run, for the load benchmark (off unless M_E_RUN_LOG is set).

With 20 visitors' browsers on the same 2 cores as the server, the time a browser waits is mostly
its own drawing; `benchmarks/bench_load.py` sets M_E_RUN_LOG to a file and reads back how long
the server took for each run (from the run's start, waits behind other runs included), so the
two shares are reported apart. One appended line per run: start (Unix seconds), seconds.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

ENV = "M_E_RUN_LOG"


@contextmanager
def timed_run() -> Iterator[None]:
    """Around a script run: append its start and duration to $M_E_RUN_LOG, if set."""
    path = os.environ.get(ENV)
    if not path:
        yield
        return
    start, t0 = time.time(), time.perf_counter()
    try:
        yield
    finally:
        # One short write per run with O_APPEND: lines from concurrent runs do not interleave.
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"{start:.3f}\t{time.perf_counter() - t0:.4f}\n")


def read_runs(path: str, since: float = 0.0) -> list[float]:
    """Durations (seconds) of the runs logged in `path` that started at or after `since`."""
    runs: list[float] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            start, _, seconds = line.strip().partition("\t")
            if seconds and float(start) >= since:
                runs.append(float(seconds))
    return runs
