"""Backup -> damage -> restore loses nothing, on DuckDB and PostgreSQL; read-only store."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from core.config import PROJECT_ROOT
from etl import io
from etl.backup import run as backup
from store.drafts import history, save_draft
from store.faults import StoreUnreadable
from store.submissions import Store, StoreError, User, open_store
from streamlit_app import PAGE_SPECS
from tests.store.test_submissions import gfmd_rows, sha

APP = str(PROJECT_ROOT / "streamlit_app.py")
SUBMISSIONS = next(s["page"] for s in PAGE_SPECS if s["url_path"] == "submissions")

ALICE, BOB = User("alice", "contributor"), User("bob", "approver")


def _fill(store: Store) -> dict[str, object]:
    """Accounts, an approved and a pending submission, a draft; returns what must survive."""
    store.add_user("alice", "contributor", "alice's long password", countries="KEN")
    store.add_user("bob", "approver", "bob's long password")
    first = store.create_submission(
        template="gfmd_coherence", file_name="ken.csv", sha256=sha("ken"), user=ALICE,
        rows=gfmd_rows("KEN", n=5), ref_area="KEN", time_period="2022",
    )  # fmt: skip
    store.set_status(first, "approved", user=BOB)
    store.create_submission(
        template="gfmd_coherence", file_name="ken2.csv", sha256=sha("ken2"), user=ALICE,
        rows=gfmd_rows("KEN", "2023", n=2), ref_area="KEN", time_period="2023",
    )  # fmt: skip
    save_draft(store, country="KEN", period="2022", section="coherence", text="Draft one.",
               user=ALICE)  # fmt: skip
    return _snapshot(store)


def _snapshot(store: Store) -> dict[str, object]:
    return {
        "submissions": store.submissions().drop("is_current", "superseded_by").rows(),
        "rows": store.rows(1).rows(),
        "audit": store.audit_log().rows(),
        "users": store.users().rows(),
        "drafts": history(store, "KEN", "2022")["text"].to_list(),
    }


def _publish(data_dir: Path) -> bytes:
    io.write_clean(pl.DataFrame({"a": [1.0, 2.0]}), "indicators", {"rows": 2})
    return io.clean_path("indicators").read_bytes()


def test_backup_damage_restore_round_trip_loses_nothing(
    url: str, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(url)
    before = _fill(store)
    parquet = _publish(data_dir)
    made = backup.backup(tmp_path / "backups", url)
    assert made.name.startswith("m_e_backup_") and (made / "manifest.json").exists()
    assert not list((tmp_path / "backups").glob(".*"))  # no partial folder left
    # Damage: the DuckDB file is overwritten; on PostgreSQL the submissions are deleted.
    if url.startswith("postgresql"):
        with store.backend.transaction() as tx:
            tx.execute("DROP TABLE submissions")
        with pytest.raises(Exception, match="submissions"):
            store.submissions()
    else:
        Path(url).write_bytes(b"\0garbage" * 4096)
        with pytest.raises(StoreUnreadable, match=r"python -m etl restore BACKUP_DIR"):
            open_store(url)
    io.clean_path("indicators").write_bytes(parquet[:20])
    done = backup.restore(made, url)
    assert done[0].startswith(f"store: restored from {made.name} (2 submissions, ")
    assert done[1].startswith("published data: 2 files restored")
    restored = open_store(url)
    assert _snapshot(restored) == before
    assert restored.verify("bob", "bob's long password") == BOB
    assert io.clean_path("indicators").read_bytes() == parquet
    if not url.startswith("postgresql"):  # the damaged file is kept beside, for examination
        kept = list(Path(url).parent.glob("app.duckdb.before-restore-*"))
        assert len(kept) == 1 and kept[0].read_bytes().startswith(b"\0garbage")


def test_a_damaged_backup_is_refused_before_anything_changes(
    data_dir: Path, tmp_path: Path
) -> None:
    url = str(data_dir / "app.duckdb")
    before = _fill(open_store(url))
    made = backup.backup(tmp_path, url)
    with (made / "app.duckdb").open("r+b") as f:
        f.seek(5000)
        f.write(b"bitrot")
    with pytest.raises(StoreError, match=r"is damaged: app.duckdb does not match its sha256"):
        backup.restore(made, url)
    assert _snapshot(open_store(url)) == before
    with pytest.raises(StoreError, match="not a backup folder"):
        backup.restore(tmp_path, url)


def test_backup_and_restore_commands_with_pruning(data_dir: Path, tmp_path: Path) -> None:
    url = str(data_dir / "app.duckdb")
    before = _fill(open_store(url))
    _publish(data_dir)
    env = {**os.environ, "M_E_DATA_DIR": str(data_dir)}

    def etl(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "etl", *args], capture_output=True,
                              text=True, cwd=PROJECT_ROOT, env=env, timeout=120)  # fmt: skip

    dest = tmp_path / "nightly"
    for _ in range(3):
        made = etl("backup", "--dest", str(dest), "--keep", "2", "--database-url", url)
        assert made.returncode == 0, made.stderr
    kept = sorted(p.name for p in dest.iterdir())
    assert len(kept) == 2 and "older backup removed" in made.stdout
    Path(url).write_bytes(b"not a database")
    got = etl("restore", str(dest / kept[-1]), "--database-url", url)
    assert got.returncode == 0, got.stderr
    assert got.stdout.startswith(f"store: restored from {kept[-1]} (2 submissions")
    assert _snapshot(open_store(url)) == before


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` made read-only: permissions for a normal user; a read-only bind mount for root
    (root ignores permissions). Skips when neither is possible here."""
    if os.getuid() != 0:
        folder.chmod(0o555)
        for f in folder.iterdir():
            f.chmod(0o444)
        try:
            yield
        finally:
            folder.chmod(0o755)
            for f in folder.iterdir():
                f.chmod(0o644)
        return
    steps = [["mount", "--bind", str(folder), str(folder)],
             ["mount", "-o", "remount,ro,bind", str(folder)]]  # fmt: skip
    for step in steps:
        if subprocess.run(step, capture_output=True, check=False).returncode != 0:
            subprocess.run(["umount", str(folder)], capture_output=True, check=False)
            pytest.skip("running as root where a read-only bind mount is not allowed")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_data_folder_gives_a_working_read_only_store(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = data_dir
    db = folder / "app.duckdb"
    before = _fill(open_store(str(db)))
    _publish(folder)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with read_only(folder):
        assert not os.access(folder, os.W_OK)
        store = open_store(str(db))
        assert store.backend.describe() == f"DuckDB {db} (read-only)"
        assert _snapshot(store) == before  # everything reads, drafts included
        with pytest.raises(StoreError, match="is read-only for this program: nothing can be"):
            store.add_user("eve", "admin", "eve long password")
        # The dashboard's Submissions page works (read-only) for a viewer.
        at = AppTest.from_file(APP, default_timeout=60).run()
        at = at.switch_page(SUBMISSIONS).run()
        assert not at.exception, at.exception
        assert not at.error, [e.value for e in at.error]
        assert at.get_by_key("submission_id") is not None
    assert _snapshot(open_store(str(db))) == before
