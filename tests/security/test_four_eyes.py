"""Four-eyes approval and country-scoped roles, on DuckDB and PostgreSQL."""

from __future__ import annotations

import pytest

from store.submissions import Part, Store, StoreError, User
from store.users import can
from tests.store.test_submissions import gfmd_rows, sha

AMINA = User("amina", "approver")  # uploads as well as approves (a small office)
BOB = User("bob", "approver")
KEN_ONLY = User("wanjiru", "contributor", ("KEN",))
KEN_APPROVER = User("otieno", "approver", ("KEN",))


def upload(store: Store, user: User, area: str = "KEN", name: str = "survey.csv") -> int:
    """One submitted GFMD upload of `area` by `user`."""
    return store.create_submission(
        template="gfmd_coherence", file_name=name, sha256=sha(name + area), user=user,
        rows=gfmd_rows(area), ref_area=area, time_period="2022",
    )  # fmt: skip


def test_an_approver_cannot_approve_their_own_upload(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("M_E_ALLOW_SELF_APPROVAL", raising=False)
    sid = upload(store, AMINA)
    with pytest.raises(StoreError, match=r"uploaded by amina: another approver.*four-eyes"):
        store.set_status(sid, "approved", user=AMINA)
    assert store.submissions()["status"].to_list() == ["submitted"]
    store.set_status(sid, "approved", user=BOB)
    assert store.history(sid)["action"].to_list() == ["create", "approve"]
    assert store.history(sid)["user_name"].to_list() == ["amina", "bob"]


def test_self_approval_when_relaxed_is_audited_as_such(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("M_E_ALLOW_SELF_APPROVAL", "1")
    sid = upload(store, AMINA)
    store.set_status(sid, "approved", user=AMINA)
    assert store.submissions()["status"].to_list() == ["approved"]
    assert store.history(sid)["action"].to_list() == ["create", "approve.self"]
    # Rejecting one's own upload needs no second pair of eyes: nothing is published.
    other = upload(store, AMINA, name="second.csv")
    store.set_status(other, "rejected", user=AMINA, reason="wrong period")
    assert store.history(other)["action"].to_list() == ["create", "reject"]


def test_a_country_scoped_contributor_uploads_only_their_country(store: Store) -> None:
    upload(store, KEN_ONLY, "KEN")
    with pytest.raises(StoreError, match=r"wanjiru \(contributor for KEN\) may not upload .* SEN"):
        upload(store, KEN_ONLY, "SEN")
    parts = [Part("KEN", "2022", gfmd_rows("KEN")), Part("SEN", "2022", gfmd_rows("SEN"))]
    with pytest.raises(StoreError, match="may not upload data of SEN"):
        store.create_submissions(
            template="gfmd_coherence", file_name="two.csv", sha256=sha("two"), user=KEN_ONLY,
            parts=parts,
        )  # fmt: skip
    assert store.submissions()["ref_area"].to_list() == ["KEN"]  # nothing of the mixed file


def test_a_country_scoped_approver_decides_only_their_country(store: Store) -> None:
    ken, sen = upload(store, BOB, "KEN"), upload(store, BOB, "SEN")
    with pytest.raises(StoreError, match=r"otieno \(approver for KEN\) may not approve .*\(SEN\)"):
        store.set_status(sen, "approved", user=KEN_APPROVER)
    with pytest.raises(StoreError, match="may not reject"):
        store.set_status(sen, "rejected", user=KEN_APPROVER, reason="no")
    store.set_status(ken, "approved", user=KEN_APPROVER)
    got = dict(store.submissions().select("ref_area", "status").iter_rows())
    assert got == {"KEN": "approved", "SEN": "submitted"}


def test_scopes_are_stored_with_the_user_and_limit_global_actions(store: Store) -> None:
    store.add_user("otieno", "approver", None, countries="ken, Ken,UGA")
    assert store.get_user("otieno") == User("otieno", "approver", ("KEN", "UGA"))
    store.set_countries("otieno", "SEN")
    otieno = store.get_user("otieno")
    assert otieno == User("otieno", "approver", ("SEN",))
    assert can(otieno, "approve", "SEN") and not can(otieno, "approve", "KEN")
    assert not can(otieno, "edit_settings")  # deployment-wide: only unscoped approvers
    assert can(User("bob", "approver"), "edit_settings")
    store.set_countries("otieno", "")
    assert store.get_user("otieno") == User("otieno", "approver")
    with pytest.raises(ValueError, match="invalid country code 'Kenya'"):
        store.set_countries("otieno", "Kenya")
    actions = store.audit_log()["action"].to_list()
    assert actions == ["user.add", "user.set_countries", "user.set_countries"]


def test_a_country_scoped_contributor_writes_report_drafts_of_their_country_only(
    store: Store,
) -> None:
    from store.drafts import history, save_draft

    save_draft(store, country="KEN", period="2024", section="coherence", text="KEN text",
               user=KEN_ONLY)  # fmt: skip
    with pytest.raises(StoreError, match=r"\(contributor for KEN\) may not write report drafts"):
        save_draft(store, country="SEN", period="2024", section="coherence", text="SEN text",
                   user=KEN_ONLY)  # fmt: skip
    assert history(store, "SEN", "2024").is_empty()
    assert history(store, "KEN", "2024")["text"].to_list() == ["KEN text"]
