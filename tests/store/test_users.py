"""Store schema migrations, the default location and local accounts, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.submissions import Store, StoreError, User, open_store
from store.tables import table_exists


# --- schema and users -------------------------------------------------------------------------
def test_opening_twice_migrates_once(url: str) -> None:
    open_store(url)
    store = open_store(url)
    with store.backend.transaction() as tx:
        got = tx.one("SELECT COUNT(*), MAX(version) FROM schema_migrations")
        tables = {
            t: table_exists(tx, t)
            for t in ("national_settings", "report_drafts", "import_mappings")
        }
    assert got == (3, 3)
    # every table comes from a numbered migration, none is created on first use
    assert tables == {"national_settings": True, "report_drafts": True, "import_mappings": True}


def test_default_is_app_duckdb_in_the_data_dir(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    store = open_store()
    assert store.backend.name == "duckdb"
    assert (data_dir / "app.duckdb").exists()


def test_users_hash_verify_duplicate_role_and_disable(store: Store) -> None:
    store.add_user("amina", "approver", "correct horse battery")
    with store.backend.transaction() as tx:
        got = tx.one("SELECT password_hash FROM users WHERE name = 'amina'")
    assert got is not None
    stored = str(got[0])
    assert "correct horse" not in stored and stored.startswith("scrypt$131072$8$1$")
    assert store.verify("amina", "correct horse battery") == User("amina", "approver")
    assert store.verify("amina", "correct horse batterY") is None
    assert store.verify("nobody", "correct horse battery") is None
    with pytest.raises(StoreError, match="user 'amina' already exists"):
        store.add_user("amina", "viewer", "another password")
    with pytest.raises(ValueError, match="unknown role 'boss'"):
        store.add_user("ben", "boss", "long enough pw")
    with pytest.raises(ValueError, match="password too short"):
        store.add_user("ben", "viewer", "short")
    store.set_role("amina", "admin")
    assert store.verify("amina", "correct horse battery") == User("amina", "admin")
    store.set_disabled("amina")
    assert store.verify("amina", "correct horse battery") is None
    assert store.get_user("amina") is None
    store.add_user("oidc@example.org", "contributor", None)
    assert store.get_user("oidc@example.org") == User("oidc@example.org", "contributor")
    assert store.users().rows() == [
        ("amina", "admin", True, store.users()["created_at"][0], "password", "", None),
        (
            "oidc@example.org",
            "contributor",
            False,
            store.users()["created_at"][1],
            "oidc",
            "",
            None,
        ),
    ]
    assert [a for a in store.audit_log()["action"]] == [
        "user.add",
        "user.sign_in_failed",
        "user.sign_in_failed",
        "user.set_role",
        "user.disable",
        "user.sign_in_failed",
        "user.add",
    ]
