"""Sign-in throttling: failed sign-ins audited, lockout, unlock, rehash, session versions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store.backends import now
from store.submissions import Store, User
from store.users import passwords as store_passwords

PW = "correct horse battery"


def test_failed_sign_ins_are_audited_and_lock_the_account(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("M_E_LOCKOUT_ATTEMPTS", "3")
    monkeypatch.setenv("M_E_LOCKOUT_MINUTES", "15")
    store.add_user("amina", "approver", PW)
    for _ in range(3):
        assert store.verify("amina", "guess " * 3) is None
    # Locked: even the right password is refused, with the same answer as a wrong one.
    assert store.verify("amina", PW) is None
    assert store.verify("nobody\n", PW) is None
    log = store.audit_log()
    assert log["action"].to_list() == [
        "user.add", "user.sign_in_failed", "user.sign_in_failed", "user.sign_in_failed",
        "user.lock", "user.sign_in_failed", "user.sign_in_failed",
    ]  # fmt: skip
    assert log["reason"].to_list()[-2:] == ["account locked", "no such account"]
    assert log["subject"].to_list()[-1] == "nobody?"  # control characters never reach the log
    locked_until = store.users()["locked_until"][0]
    assert timedelta(minutes=14) < locked_until - now() <= timedelta(minutes=15)


def test_a_lock_expires_and_a_success_resets_the_count(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("M_E_LOCKOUT_ATTEMPTS", "2")
    store.add_user("amina", "approver", PW)
    assert store.verify("amina", "wrong one 1") is None
    assert store.verify("amina", PW) == User("amina", "approver")  # count back to 0
    assert store.verify("amina", "wrong one 2") is None
    assert store.verify("amina", PW) == User("amina", "approver")  # 1 failure < 2: no lock
    assert store.verify("amina", "wrong one 3") is None
    assert store.verify("amina", "wrong one 4") is None
    assert store.verify("amina", PW) is None  # locked
    with store.backend.transaction() as tx:  # fifteen minutes pass
        tx.execute("UPDATE users SET locked_until = ?", (now() - timedelta(seconds=1),))
    assert store.verify("amina", PW) == User("amina", "approver")
    assert store.users()["locked_until"][0] is None


def test_old_scrypt_hashes_are_rehashed_at_sign_in(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_passwords, "SCRYPT_N", 2**15)
    store.add_user("amina", "approver", PW)
    monkeypatch.undo()
    with store.backend.transaction() as tx:
        old = tx.one("SELECT password_hash FROM users")
    assert old is not None and str(old[0]).startswith("scrypt$32768$8$1$")
    assert store.verify("amina", PW) == User("amina", "approver")
    with store.backend.transaction() as tx:
        new = tx.one("SELECT password_hash FROM users")
    assert new is not None and str(new[0]).startswith("scrypt$131072$8$1$")
    assert store.verify("amina", PW) == User("amina", "approver")
    assert store.audit_log()["action"].to_list() == ["user.add", "user.rehash"]


def test_sign_out_disable_and_new_password_end_sessions(store: Store) -> None:
    store.add_user("amina", "approver", PW)
    assert store.session_version("amina") == 0
    store.end_sessions("amina", by="amina")
    assert store.session_version("amina") == 1
    store.set_password("amina", "another long one")
    assert store.session_version("amina") == 2
    store.set_disabled("amina")
    assert store.session_version("amina") is None
    assert store.session_version("nobody") is None
