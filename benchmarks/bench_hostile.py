"""Hostile uploads: seconds and peak memory until each is refused (target <= 10 s, <= 1.5 GB).

Run: `.venv/bin/python benchmarks/bench_hostile.py [SCALE]` for uploads (1.0 = the sizes of the
issue 11 findings: a 2-million-row workbook, a 1 GB zip bomb, a CSV with 1,000,000 header
columns, ...), or `--downloads` for hostile servers on 127.0.0.1 (gzip bomb, Retry-After, drip).
Each file is written to a temporary folder, then read by `prepare_upload` in a fresh process;
the peak printed is that process's VmHWM (ru_maxrss would include the parent's, kept across
exec). The children run with M_E_MAX_UPLOAD_MB=110 (the issue raised the limit to 100 MB), so
every other bound is shown holding on its own rather than hidden behind the 50 MB default.
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
import json, sys, time
from pathlib import Path
from etl.uploads.prepare import prepare_upload
path = Path(sys.argv[1])
data = path.read_bytes()
start = time.perf_counter()
result = prepare_upload(data, path.name, current=None)
took = time.perf_counter() - start
status = Path("/proc/self/status").read_text()
peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
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


DOWNLOAD_CHILD = """
import json, sys, time
from pathlib import Path
from etl.errors import SourceFetchError
from etl.http import download, make_session
url, dest = sys.argv[1], Path(sys.argv[2])
start = time.perf_counter()
try:
    download(make_session(), url, "bench", dest)
    outcome = "accepted"
except SourceFetchError as exc:
    outcome = str(exc)
print(json.dumps({
    "s": time.perf_counter() - start,
    "mb": int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0]) / 1024,
    "left": len(list(dest.iterdir())),
    "outcome": outcome,
}))
"""


def downloads() -> None:
    """Hostile servers at the default settings: gzip bomb, Retry-After: 3600, a 1 byte/s drip."""
    import gzip

    from tests.etl.loopback import Reply, serve
    from tests.security.fault_server import drip_server

    bomb = gzip.compress(b"\0" * (1 << 30), compresslevel=1)  # 1 GiB decoded
    routes = {
        "/bomb.csv": Reply(body=bomb, headers={"Content-Encoding": "gzip"}),
        "/wait.csv": [Reply(status=429, headers={"Retry-After": "3600"}), Reply(body=b"a\n")],
    }
    env = {**os.environ, "M_E_DOWNLOAD_DEADLINE": "5"}  # the drip: 5 s instead of 900 s
    with serve(routes) as srv, drip_server() as drip:
        for name, url, extra in (
            (f"gzip bomb ({len(bomb) / 1e6:.1f} MB sent)", srv.url + "/bomb.csv", {}),
            ("Retry-After: 3600", srv.url + "/wait.csv", {}),
            ("drip 20 bytes/s, deadline 5 s", drip + "/drip.csv", env),
        ):
            with tempfile.TemporaryDirectory() as tmp:
                out = subprocess.run(
                    [sys.executable, "-c", DOWNLOAD_CHILD, url, tmp],
                    capture_output=True, text=True, timeout=300, check=False, env=extra or None,
                )  # fmt: skip
            if out.returncode != 0:
                print(f"{name}: child failed\n{out.stderr[-2000:]}")
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"{name:34} {r['s']:6.2f} s  peak {r['mb']:6.0f} MB  files left {r['left']}  "
                f"{r['outcome'][:120]}"
            )


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--downloads"]
    if "--downloads" in sys.argv:
        downloads()
    else:
        main(float(args[0]) if args else 1.0)
