"""`python -m dashboard.users` on a temporary DuckDB file, and the dashboard.auth helper."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from core.config import PROJECT_ROOT
from dashboard.auth import SIGN_IN_FAILED, oidc_from_secrets
from store.submissions import User, open_store
from store.users import ACTIONS, can


def cli(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the users CLI against `db`."""
    return subprocess.run(
        [sys.executable, "-m", "dashboard.users", "--database-url", str(db), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=60,
    )


def test_cli_adds_lists_changes_and_disables_accounts(tmp_path: Path) -> None:
    db = tmp_path / "app.duckdb"
    done = cli(db, "add", "amina", "--role", "approver", "--password-stdin", stdin="s3cret pass\n")
    assert (done.returncode, done.stdout.strip()) == (0, "added amina (approver)")
    assert cli(db, "add", "oidc@example.org", "--role", "contributor", "--oidc").returncode == 0

    again = cli(db, "add", "amina", "--role", "viewer", "--password-stdin", stdin="other pass 1\n")
    assert again.returncode == 1
    assert "user 'amina' already exists" in again.stderr

    listed = cli(db, "list").stdout.splitlines()
    assert [line.split("\t")[:4] for line in listed] == [
        ["amina", "approver", "enabled", "password"],
        ["oidc@example.org", "contributor", "enabled", "oidc"],
    ]
    store = open_store(str(db))
    assert store.verify("amina", "s3cret pass") == User("amina", "approver")
    assert store.verify("amina", "s3cret pass\n") is None

    assert cli(db, "set-role", "amina", "admin").stdout.strip() == "amina is now admin"
    assert cli(db, "disable", "amina").returncode == 0
    assert store.verify("amina", "s3cret pass") is None
    assert cli(db, "enable", "amina").returncode == 0
    assert store.verify("amina", "s3cret pass") == User("amina", "admin")
    done = cli(db, "set-password", "amina", "--password-stdin", stdin="new long pass\n")
    assert done.returncode == 0
    assert store.verify("amina", "new long pass") == User("amina", "admin")
    # Every change is in the audit log, by the OS user who ran the command.
    log = store.audit_log().filter(pl.col("action") != "user.sign_in_failed")
    assert store.audit_log()["action"].to_list().count("user.sign_in_failed") == 2
    assert log["action"].to_list() == [
        "user.add",
        "user.add",
        "user.set_role",
        "user.disable",
        "user.enable",
        "user.set_password",
    ]
    assert all(u.startswith("cli") for u in log["user_name"])


def test_cli_limits_a_role_to_countries_and_unlocks(tmp_path: Path) -> None:
    db = tmp_path / "app.duckdb"
    pw = "kenya officer 1\n"
    done = cli(
        db,
        "add",
        "wanjiru",
        "--role",
        "contributor",
        "--countries",
        "ken",
        "--password-stdin",
        stdin=pw,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "added wanjiru (contributor for KEN)")
    done = cli(db, "set-countries", "wanjiru", "KEN, sen")
    assert (done.returncode, done.stdout.strip()) == (0, "wanjiru: contributor for KEN, SEN")
    assert open_store(str(db)).get_user("wanjiru") == User("wanjiru", "contributor", ("KEN", "SEN"))
    assert cli(db, "list").stdout.strip().split("\t")[5] == "KEN,SEN"
    bad = cli(db, "set-countries", "wanjiru", "Kenya")
    assert bad.returncode == 1 and "invalid country code 'Kenya'" in bad.stderr
    assert cli(db, "set-countries", "wanjiru", "").stdout.strip() == "wanjiru: contributor"
    store = open_store(str(db))
    for _ in range(5):
        assert store.verify("wanjiru", "wrong password") is None
    assert store.verify("wanjiru", "kenya officer 1") is None  # locked
    assert "locked until" in cli(db, "list").stdout
    assert cli(db, "unlock", "wanjiru").stdout.strip() == "wanjiru unlocked"
    assert store.verify("wanjiru", "kenya officer 1") == User("wanjiru", "contributor")


def test_cli_refuses_bad_input_with_a_message(tmp_path: Path) -> None:
    db = tmp_path / "app.duckdb"
    short = cli(db, "add", "ben", "--role", "viewer", "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "password too short" in short.stderr
    bad_name = cli(db, "add", "ben smith", "--role", "viewer", "--oidc")
    assert bad_name.returncode == 1 and "invalid user name 'ben smith'" in bad_name.stderr
    missing = cli(db, "set-role", "nobody", "viewer")
    assert missing.returncode == 1 and "no user 'nobody'" in missing.stderr
    usage = cli(db, "add", "ben", "--role", "boss")
    assert usage.returncode == 2 and "invalid choice: 'boss'" in usage.stderr
    assert cli(db, "list").stdout.startswith("no accounts yet")


def test_cli_module_does_not_import_streamlit() -> None:
    code = "import sys, dashboard.users; print('streamlit' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT
    )
    assert out.stdout.strip() == "False", out.stderr


# --- dashboard.auth -----------------------------------------------------------------------------
def test_roles_are_cumulative() -> None:
    allowed = {
        role: [a for a in ACTIONS if can(User("x", role), a)]
        for role in ("viewer", "contributor", "approver", "admin")
    }
    assert allowed == {
        "viewer": ["view"],
        "contributor": ["view", "view_pending", "upload", "withdraw"],
        "approver": [
            "view",
            "view_pending",
            "upload",
            "withdraw",
            "approve",
            "reject",
            "revert",
            "edit_settings",
        ],
        "admin": list(ACTIONS),
    }
    assert [a for a in ACTIONS if can(None, a)] == ["view"]  # not signed in = viewer


def test_oidc_is_used_only_when_secrets_configure_a_provider() -> None:
    assert oidc_from_secrets(None) is None
    assert oidc_from_secrets({"cookie_secret": "x"}) is None
    base = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"}
    single = {**base, "client_id": "id", "server_metadata_url": "https://idp/.well-known"}
    assert oidc_from_secrets(single) is not None
    assert oidc_from_secrets(single).provider is None  # type: ignore[union-attr]
    named = {**base, "microsoft": {"client_id": "id", "server_metadata_url": "https://m"}}
    assert oidc_from_secrets(named).provider == "microsoft"  # type: ignore[union-attr]


def _sign_in_page(db: str) -> None:
    import streamlit as st

    from dashboard.auth import require
    from store.submissions import open_store

    user = require(open_store(db), "approve")
    st.write(f"hello {user.name} ({user.role})" if user else "")


@pytest.mark.parametrize(
    ("password", "expected"), [("right password", "hello amina (approver)"), ("wrong", None)]
)
def test_local_sign_in_form(tmp_path: Path, password: str, expected: str | None) -> None:
    db = str(tmp_path / "app.duckdb")
    open_store(db).add_user("amina", "approver", "right password")
    at = AppTest.from_function(_sign_in_page, args=(db,), default_timeout=30).run()
    assert [i.value for i in at.info] == ["Sign in to approve."]
    at.text_input[0].input("amina")
    at.text_input[1].input(password)
    at.button[0].click().run()
    if expected:
        assert [m.value for m in at.markdown] == [expected]
        assert at.session_state["auth_user"] == "amina"
    else:
        assert [e.value for e in at.error] == [SIGN_IN_FAILED]
        assert not at.markdown
