"""Confirmed import mappings in the store, on DuckDB and PostgreSQL: append-only, newest fitting
mapping reused, audited. The PostgreSQL case needs TEST_DATABASE_URL (see test_report_drafts.py).
"""

from __future__ import annotations

import pytest

from etl.uploads.open_sdg.mapping import FileMapping
from etl.uploads.open_sdg.stored import TABLE, history, latest_mapping, save_mapping
from store.submissions import Store, StoreError, User, open_store

ALICE = User("alice", "contributor")
VERA = User("vera", "viewer")


def _mapping(pattern: str, code: str) -> FileMapping:
    cols = {"Dominio": {"role": "policy_domain", "labels": {"Derechos migrante": code}}}
    return FileMapping("10.7.2", pattern, cols, {"SG_CPA_MIGRS": "SCORE_1_4"})


def test_newest_mapping_fitting_the_file_is_reused(store: Store) -> None:
    first = save_mapping(store, _mapping("politicas_*.csv", "PD_2"), ALICE)
    second = save_mapping(store, _mapping("politicas_*.csv", "PD_1"), ALICE)
    save_mapping(store, _mapping("otro_*.csv", "PD_3"), ALICE)
    assert second > first
    got = latest_mapping(store, "uploads/politicas_2025.csv", "10.7.2")
    assert got is not None and got.id == second and got.saved_by == "alice"
    assert got.mapping.label("Dominio", "Derechos migrante") == "PD_1"
    assert got.mapping.units == {"SG_CPA_MIGRS": "SCORE_1_4"}
    assert latest_mapping(store, "politicas_2025.csv", "10.c.1") is None  # other indicator
    assert latest_mapping(store, "informe_2025.csv", "10.7.2") is None  # other file
    assert history(store, "10.7.2").height == 3


def test_saves_are_audited_and_viewers_refused(store: Store) -> None:
    new_id = save_mapping(store, _mapping("a_*.csv", "PD_1"), ALICE)
    log = store.audit_log().filter(store.audit_log()["action"] == "mapping.save")
    assert log["subject"].to_list() == [f"import mapping 10.7.2 a_*.csv ({new_id})"]
    with pytest.raises(StoreError, match=r"vera \(viewer\) may not confirm import mappings"):
        save_mapping(store, _mapping("a_*.csv", "PD_1"), VERA)
    assert history(store).height == 1


def test_table_is_created_idempotently_and_is_append_only_on_postgresql(url: str) -> None:
    for _ in range(2):
        store = open_store(url)
        save_mapping(store, _mapping("a_*.csv", "PD_1"), ALICE)
    assert history(store).height == 2
    if store.backend.name == "postgresql":
        with pytest.raises(Exception, match="append-only"), store.backend.transaction() as tx:
            tx.execute(f"DELETE FROM {TABLE}")
        assert history(store).height == 2
