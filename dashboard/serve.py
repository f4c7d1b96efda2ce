"""Run N dashboard processes behind nginx on one machine: `python -m dashboard.serve --processes 2`.

Every process is a plain `streamlit run` on 127.0.0.1:<first-port + i>; they share the database
(DATABASE_URL, PostgreSQL: required for more than one process, DuckDB allows one writer) and the
data directory (M_E_DATA_DIR), so an approval or an ETL run made anywhere is seen by all of them
at their next rerun (dashboard/data/cache.py). nginx (deploy/nginx/) listens in front, keeps
each browser on one process (sticky cookie) and passes the websocket. The launcher stops all of
them when one dies or on SIGTERM/SIGINT, so systemd or a terminal sees one service.
Secrets come from the environment only; no streamlit import here (it only starts processes).
"""

from __future__ import annotations

import argparse
import math
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import FrameType

from core import config
from core.config import PROJECT_ROOT

TEMPLATE = PROJECT_ROOT / "deploy" / "nginx" / "m-e-dashboard.conf.template"
NGINX = "/usr/sbin/nginx"
HEALTH_TIMEOUT_S = 90.0  # a cold start imports polars, altair and the indicator registry
# Keys every process must share: a sign-in token (dashboard/session_token.py) or an OIDC cookie
# signed by one process must verify on the others after nginx moves a browser (process restart).
SHARED_SECRETS = ("M_E_SESSION_SECRET", "STREAMLIT_SERVER_COOKIE_SECRET")


def render_site(
    ports: list[int], listen: str, access_log: str, server_name: str = "_", host: str = "127.0.0.1"
) -> str:
    """The nginx http-context snippet for Streamlit processes on `host`:`ports`."""
    upstreams = "\n".join(f"    server {host}:{p} max_fails=1 fail_timeout=5s;" for p in ports)
    body_mb = math.ceil(config.settings().max_upload_mb) + 1  # + multipart overhead
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in {
        "UPSTREAMS": upstreams,
        "LISTEN": listen,
        "SERVER_NAME": server_name,
        "ACCESS_LOG": access_log,
        "MAX_BODY": f"{body_mb}m",
    }.items():
        text = text.replace("{{" + key + "}}", value)
    if "{{" in text:
        raise ValueError(
            f"{TEMPLATE}: a placeholder was left unfilled: {text[text.index('{{') :][:40]}"
        )
    return text


def render_main(run_dir: Path, site: Path) -> str:
    """A whole nginx.conf for an nginx run as the current user: every file under `run_dir`."""
    temp = {n: run_dir / "tmp" / n for n in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    lines = [
        "# Rendered by python -m dashboard.serve: nginx as this user, files in the run directory.",
        f"pid {run_dir / 'nginx.pid'};",
        f"error_log {run_dir / 'error.log'} warn;",
        "worker_processes 1;",
        "events { worker_connections 1024; }",
        "http {",
        *(f"    {n}_temp_path {p};" for n, p in temp.items()),
        f"    include {site};",
        "}",
    ]
    for path in temp.values():
        path.mkdir(parents=True, exist_ok=True)
    return "\n".join(lines) + "\n"


def streamlit_command(port: int) -> list[str]:
    """`streamlit run` of this dashboard on 127.0.0.1:`port` (nginx is the only way in)."""
    return [
        sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "streamlit_app.py"),
        "--server.headless", "true", "--server.address", "127.0.0.1",
        "--server.port", str(port), "--browser.gatherUsageStats", "false",
    ]  # fmt: skip


def shared_env(processes: int, env: dict[str, str]) -> dict[str, str]:
    """The environment of every process: one database, one data directory, one set of keys."""
    if processes > 1 and not env.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit(
            "More than one dashboard process needs PostgreSQL: set DATABASE_URL="
            "postgresql://USER@HOST/DB (the DuckDB file allows one writing process)."
        )
    out = dict(env)
    out.setdefault("M_E_DATA_DIR", str(config.data_dir()))
    for key in SHARED_SECRETS:
        if not out.get(key):
            # Random for this launch, identical in every process: sign-ins end at a restart.
            out[key] = secrets.token_urlsafe(32)
    return out


def wait_healthy(port: int, proc: subprocess.Popen[bytes], timeout_s: float) -> None:
    """Poll one process's /_stcore/health until it says ok (SystemExit if it dies or hangs)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"dashboard process on port {port} exited ({proc.returncode})")
        try:
            url = f"http://127.0.0.1:{port}/_stcore/health"
            with urllib.request.urlopen(url, timeout=1) as reply:
                if reply.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"dashboard process on port {port} not healthy within {timeout_s:.0f} s")


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """Terminate every started process, then kill what is still running after 10 s."""
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options of the launcher."""
    p = argparse.ArgumentParser(prog="python -m dashboard.serve", description=__doc__)
    p.add_argument(
        "--processes", type=int, default=2, help="Streamlit processes (about 1 per core)"
    )
    p.add_argument("--first-port", type=int, default=8501, help="port of process 1; then +1 each")
    p.add_argument("--listen", default="127.0.0.1:8080", help="nginx listen address (host:port)")
    p.add_argument("--server-name", default="_", help="nginx server_name")
    p.add_argument("--run-dir", type=Path, default=Path("run"), help="nginx config, logs, pid")
    p.add_argument("--nginx", default=NGINX, help="nginx binary")
    p.add_argument("--render-nginx", action="store_true", help="print the snippet and exit")
    args = p.parse_args(argv)
    if args.processes < 1:
        p.error("--processes must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Start the processes and nginx, wait until one of them ends or a signal comes."""
    args = parse_args(argv)
    ports = [args.first_port + i for i in range(args.processes)]
    run_dir: Path = args.run_dir.resolve()
    if args.render_nginx:
        log = "/var/log/nginx/m-e-dashboard.access.log"
        print(render_site(ports, args.listen, log, args.server_name), end="")
        return 0
    env = shared_env(args.processes, dict(os.environ))
    run_dir.mkdir(parents=True, exist_ok=True)
    site, conf = run_dir / "m-e-dashboard.conf", run_dir / "nginx.conf"
    site.write_text(render_site(ports, args.listen, str(run_dir / "access.log"), args.server_name))
    conf.write_text(render_main(run_dir, site))
    procs: list[subprocess.Popen[bytes]] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        for port in ports:
            procs.append(subprocess.Popen(streamlit_command(port), cwd=PROJECT_ROOT, env=env))
        for port, proc in zip(ports, procs, strict=True):
            wait_healthy(port, proc, HEALTH_TIMEOUT_S)
        nginx = [args.nginx, "-e", "stderr", "-p", str(run_dir), "-c", str(conf)]
        procs.append(subprocess.Popen([*nginx, "-g", "daemon off;"], env=env))
        print(f"serving {len(ports)} processes (ports {ports}) on http://{args.listen}", flush=True)
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
        dead = [p.args for p in procs if p.poll() is not None]
        print(f"stopping: a process ended ({dead[0]!r})", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop(procs)


if __name__ == "__main__":
    sys.exit(main())
