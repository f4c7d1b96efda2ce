"""The launcher of several dashboard processes: its nginx config and its shared environment.

The running deployment (two processes, nginx, PostgreSQL, Chromium) is tested in
tests/dashboard/test_replicas_browser.py; here the rendered config must pass `nginx -t` and the
launcher must refuse what cannot work (two processes on one DuckDB file).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import serve
from tests.dashboard.streamlit_server import ROOT
from tests.dashboard.test_replicas_browser import NGINX, require_nginx


def test_rendered_config_lists_every_process_and_passes_nginx_t(tmp_path: Path) -> None:
    require_nginx()
    site_text = serve.render_site([8601, 8602, 8603], "127.0.0.1:8090", str(tmp_path / "a.log"))
    servers = [ln.strip() for ln in site_text.splitlines() if ln.strip().startswith("server 1")]
    assert servers == [
        f"server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in (8601, 8602, 8603)
    ]
    assert "hash $m_e_route consistent;" in site_text  # sticky by cookie, not by client address
    assert "proxy_set_header Upgrade $http_upgrade;" in site_text
    assert "listen 127.0.0.1:8090;" in site_text and "{{" not in site_text
    site, conf = tmp_path / "site.conf", tmp_path / "nginx.conf"
    site.write_text(site_text)
    conf.write_text(serve.render_main(tmp_path, site))
    cmd = [str(NGINX), "-t", "-e", "stderr", "-p", str(tmp_path), "-c", str(conf)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "test is successful" in out.stderr


def test_upload_limit_reaches_nginx(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("M_E_MAX_UPLOAD_MB", "7.5")
    assert "client_max_body_size 9m;" in serve.render_site([1], "127.0.0.1:2", "/dev/null")


def test_two_processes_need_postgresql() -> None:
    with pytest.raises(SystemExit, match="More than one dashboard process needs PostgreSQL"):
        serve.shared_env(2, {"M_E_DATA_DIR": "/srv/data"})
    one = serve.shared_env(1, {})  # one process may keep the DuckDB file
    assert "DATABASE_URL" not in one


def test_every_process_gets_the_same_signing_keys() -> None:
    env = serve.shared_env(2, {"DATABASE_URL": "postgresql://u@h/db", "M_E_SESSION_SECRET": "k"})
    assert env["M_E_SESSION_SECRET"] == "k"  # a configured key is kept
    assert len(env["STREAMLIT_SERVER_COOKIE_SECRET"]) >= 40  # else one random key per launch
    assert env["M_E_DATA_DIR"]


def test_render_nginx_prints_the_snippet_for_system_nginx() -> None:
    cmd = [sys.executable, "-m", "dashboard.serve", "--render-nginx", "--processes", "2"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "server 127.0.0.1:8501 " in out and "server 127.0.0.1:8502 " in out
    assert "access_log /var/log/nginx/m-e-dashboard.access.log m_e_route;" in out


def _exec_start(unit: str) -> list[str]:
    """ExecStart of a unit in deploy/systemd/, continuation lines joined, split into words."""
    text = (ROOT / "deploy" / "systemd" / unit).read_text().replace("\\\n", " ")
    (line,) = [ln for ln in text.splitlines() if ln.startswith("ExecStart=")]
    return line.removeprefix("ExecStart=").split()


def test_systemd_units_start_what_the_launcher_starts() -> None:
    words = _exec_start("m-e-dashboard@.service")
    launcher = serve.streamlit_command(8501)
    # Same streamlit options; the unit's port is its instance name, its python the venv's.
    assert words[1:4] == launcher[1:4] and words[4] == "streamlit_app.py"
    expected = [w if w != "8501" else "%i" for w in launcher[5:]]
    assert words[5:] == expected
    assert _exec_start("m-e-etl.service")[1:] == ["-m", "etl", "run", "--fallback-demo"]
    timer = (ROOT / "deploy" / "systemd" / "m-e-etl.timer").read_text()
    assert "OnCalendar=*-*-* 02:30:00" in timer and "Persistent=true" in timer


def test_env_example_holds_placeholders_only() -> None:
    values = dict(
        ln.split("=", 1)
        for ln in (ROOT / "deploy" / "env.example").read_text().splitlines()
        if ln and not ln.startswith("#")
    )
    assert set(values) == {"DATABASE_URL", "M_E_DATA_DIR", *serve.SHARED_SECRETS}
    for key in serve.SHARED_SECRETS:
        assert values[key] == "CHANGE-ME"
    assert ":CHANGE-ME@" in values["DATABASE_URL"]
