"""What the two browser benchmarks share: full-size data, a server, "fully rendered", and /proc.

Full-size data: the real published files of ../shared/data plus the synthetic 250,000-quote RPW
workbook in the real format (benchmarks/bench_rpw.py writes it), published by `python -m etl run
--offline --raw-dir DIR` into benchmarks/out/ (git-ignored), once.

"Fully rendered" (READY_JS): Streamlit's app root says the script is not running
(`data-test-script-state="notRunning"`, the state behind the running-man status widget) and the
connection is up; no element is stale (`data-stale="true"`, the greyed-out leftovers of the
previous run); no skeleton placeholder; every Vega chart has drawn its canvas or SVG; the page
has its title (h1). A rerun can finish between two polls, so RUN_COUNTER_JS counts the
transitions into "running": an interaction waits until that count has moved and READY_JS holds.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SHARED = ROOT.parent / "shared" / "data"
VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}
CLK_TCK = os.sysconf("SC_CLK_TCK")

READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  for (const v of document.querySelectorAll('.vega-embed')) {
    if (!v.querySelector('canvas, svg')) return false;
  }
  return !!document.querySelector('h1');
}"""

# Installed before any page script: counts every switch of the app root into "running".
RUN_COUNTER_JS = """
window.__runs = 0;
new MutationObserver((records) => {
  for (const r of records) {
    const state = r.target.getAttribute && r.target.getAttribute('data-test-script-state');
    if (state === 'running' || state === 'rerunRequested') {
      window.__runs += 1;
    }
  }
}).observe(document, {attributes: true, subtree: true,
                      attributeFilter: ['data-test-script-state']});
"""


def raw_dir_for(workbook: Path, into: Path) -> Path:
    """A raw folder of symlinks: every shared file but the old RPW extract, plus `workbook`."""
    if into.exists():
        shutil.rmtree(into)
    for src in SHARED.rglob("*"):
        rel = src.relative_to(SHARED)
        if src.is_file() and rel.parts[0] != "rpw" and src.name != "SOURCES.md":
            (into / rel).parent.mkdir(parents=True, exist_ok=True)
            (into / rel).symlink_to(src)
    (into / "rpw").mkdir(parents=True)
    (into / "rpw" / workbook.name).symlink_to(workbook)
    return into


def full_data(n_quotes: int = 250_000, seed: int = 7, *, rebuild: bool = False) -> Path:
    """The published data folder at full size (built once, then reused unless `rebuild`)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_rpw import cached_workbook

    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED} missing: the real published files are needed")
    data = OUT / f"browser_data_{n_quotes}_seed{seed}"
    if data.joinpath("clean", "indicators.parquet").exists() and not rebuild:
        return data
    raw = raw_dir_for(cached_workbook(n_quotes, seed), OUT / "browser_raw")
    if data.exists():
        shutil.rmtree(data)
    env = {**os.environ, "M_E_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "etl", "run", "--offline", "--raw-dir", str(raw)]
    print(f"publishing full-size data into {data} (once)", flush=True)
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True)
    return data


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """One `streamlit run` of the dashboard on a loopback port."""

    proc: subprocess.Popen
    url: str
    started: float  # time.monotonic() just before the process was started
    healthy: float = 0.0  # time.monotonic() when /_stcore/health first answered ok
    samples: list[tuple[float, float]] = field(default_factory=list)

    def cpu_seconds(self) -> float:
        """User + system CPU seconds of the server process so far (/proc/PID/stat)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def peak_rss_mib(self) -> float:
        """The server's peak resident memory so far (VmHWM), MiB."""
        return proc_status_kib(self.proc.pid, "VmHWM") / 1024

    def rss_mib(self) -> float:
        """The server's resident memory now (VmRSS), MiB."""
        return proc_status_kib(self.proc.pid, "VmRSS") / 1024

    def stop(self) -> None:
        """Terminate the server (kill it if it does not stop within 10 s)."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def proc_status_kib(pid: int, key: str) -> int:
    """One 'kB' line of /proc/PID/status (VmRSS, VmHWM), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(f"{key} not in /proc/{pid}/status")


def start_server(
    data_dir: Path, timeout_s: float = 60.0, app_root: Path | None = None, **env: str
) -> Server:
    """Start the dashboard over `data_dir` and wait until its health endpoint answers.

    `app_root` (default: this checkout, or env BENCH_APP_ROOT) is the code that serves: an
    unpacked older commit gives the "before" figures of an A/B comparison on the same data.
    """
    app = app_root or Path(os.environ.get("BENCH_APP_ROOT") or ROOT)
    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
        "--server.headless", "true", "--server.address", "127.0.0.1",
        "--server.port", str(port), "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    full_env = {**os.environ, "M_E_DATA_DIR": str(data_dir), "PYTHONPATH": str(app), **env}
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=app, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    server = Server(proc, f"http://127.0.0.1:{port}", started)
    deadline = started + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=1) as reply:
                if reply.read() == b"ok":
                    server.healthy = time.monotonic()
                    return server
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise TimeoutError(f"streamlit did not answer at {server.url} within {timeout_s} s")


STATE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return {url: location.href, runs: window.__runs,
          script: app && app.getAttribute('data-test-script-state'),
          connection: app && app.getAttribute('data-test-connection-state'),
          stale: document.querySelectorAll('[data-stale="true"]').length,
          skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
          undrawn_charts: [...document.querySelectorAll('.vega-embed')]
            .filter(v => !v.querySelector('canvas, svg')).length,
          title: !!document.querySelector('h1')};
}"""


def wait_ready(
    page: Page,
    timeout_ms: float = 60_000,
    after_runs: int | None = None,
    new_path: str | None = None,
) -> None:
    """Wait until the page is fully rendered (READY_JS), after a new run (`after_runs`: the run
    count before the action) or, for a page switch so fast React shows no running state, once
    the address is `new_path`."""
    moved = f"window.__runs > {after_runs}"
    if new_path is not None:
        moved += f" || location.pathname === {new_path!r}"
    try:
        if after_runs is not None:
            page.wait_for_function(f"() => {moved}", timeout=timeout_ms, polling=20)
        page.wait_for_function(READY_JS, timeout=timeout_ms, polling=20)
    except Exception as exc:  # say what was still missing, not just "timeout"
        state = page.evaluate(STATE_JS)
        raise TimeoutError(f"page not fully rendered within {timeout_ms} ms: {state}") from exc


def timed_goto(page: Page, url: str, timeout_ms: float = 60_000) -> float:
    """Seconds from navigation start until the page at `url` is fully rendered."""
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    wait_ready(page, timeout_ms, after_runs=0)
    return time.perf_counter() - t0


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by the inclusive method; the one value when only one."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def verdict(value: float, target: float | None) -> str:
    """'ok', 'OVER' or '' (no target)."""
    if target is None:
        return ""
    return "ok" if value <= target else "OVER"
