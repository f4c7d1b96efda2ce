"""Report narrative drafts in the store, on DuckDB and PostgreSQL: append-only, latest wins, audit.

The PostgreSQL case needs TEST_DATABASE_URL (`eval "$(.ci/postgres.sh)"`); under CI a missing
server FAILS (tests/store/test_submissions.py's fixture, reused here).
"""

from __future__ import annotations

import time

import pytest

from store.backends import now
from store.drafts import TABLE, history, latest_drafts, save_draft
from store.submissions import Store, StoreError, User, open_store

ALICE = User("alice", "contributor")
BOB = User("bob", "approver")
VERA = User("vera", "viewer")
TEXT = 'Kenya adopted the "National Migration Policy", 2023 — ligne 2\nnouvelle ligne'


def test_latest_draft_per_section_wins_and_history_keeps_every_save(store: Store) -> None:
    before = now()
    first = save_draft(
        store, country="KEN", period="2024", section="coherence", text="v1", user=ALICE
    )
    time.sleep(0.01)  # distinct timestamps
    second = save_draft(
        store, country="KEN", period="2024", section="coherence", text=TEXT, user=BOB
    )
    save_draft(store, country="KEN", period="2024", section="remittances", text="r", user=ALICE)
    save_draft(store, country="KEN", period="2022", section="coherence", text="old", user=ALICE)
    save_draft(store, country="UGA", period="2024", section="coherence", text="ug", user=ALICE)
    assert second > first
    drafts = latest_drafts(store, "KEN", "2024")
    assert set(drafts) == {"coherence", "remittances"}
    got = drafts["coherence"]
    assert (got.text, got.author, got.id) == (TEXT, "bob", second)  # quotes, dash, newline kept
    assert before <= got.saved_at <= now()
    rows = history(store, "KEN", "2024", "coherence")
    assert rows["text"].to_list() == ["v1", TEXT]
    assert rows["author"].to_list() == ["alice", "bob"]
    assert latest_drafts(store, "KEN", "2023") == {}


def test_every_save_is_audited(store: Store) -> None:
    draft_id = save_draft(
        store, country="KEN", period="2024", section="data", text="abc", user=ALICE
    )
    log = store.audit_log().filter(store.audit_log()["action"] == "report.draft")
    assert log.height == 1
    row = log.row(0, named=True)
    assert row["user_name"] == "alice"
    assert row["subject"] == f"report KEN 2024 data (draft {draft_id})"
    assert row["reason"] == "3 characters"


def test_viewers_and_bad_slots_are_refused_and_nothing_is_written(store: Store) -> None:
    with pytest.raises(StoreError, match=r"vera \(viewer\) may not write report drafts"):
        save_draft(store, country="KEN", period="2024", section="data", text="x", user=VERA)
    with pytest.raises(StoreError, match="'Kenya' is not an ISO3 code"):
        save_draft(store, country="Kenya", period="2024", section="data", text="x", user=ALICE)
    with pytest.raises(StoreError, match="'2024-Q1' is not a year"):
        save_draft(store, country="KEN", period="2024-Q1", section="data", text="x", user=ALICE)
    assert history(store, "KEN", "2024").is_empty()


def test_table_is_created_idempotently_and_is_append_only_on_postgresql(url: str) -> None:
    for _ in range(2):  # a second open and save must not fail on the existing table
        store = open_store(url)
        save_draft(store, country="KEN", period="2024", section="data", text="x", user=ALICE)
    assert history(store, "KEN", "2024").height == 2
    if store.backend.name == "postgresql":
        with pytest.raises(Exception, match="append-only"), store.backend.transaction() as tx:
            tx.execute(f"DELETE FROM {TABLE}")
        assert history(store, "KEN", "2024").height == 2
