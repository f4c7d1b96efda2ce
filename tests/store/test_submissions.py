"""The durable store, on both backends: round trip, supersede, approval, audit, crash, users.

The PostgreSQL case needs TEST_DATABASE_URL (`eval "$(.ci/postgres.sh)"`): under CI a missing
or unreachable server FAILS; elsewhere it is skipped with the reason. Each PostgreSQL test runs in
its own schema, dropped afterwards.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import datetime, timedelta

import polars as pl
import pytest

from core.config import PROJECT_ROOT
from core.i18n import use_language
from core.templates import TEMPLATES
from store import submissions as store_module
from store.backends import now
from store.submissions import Part, Store, StoreError, User, open_store
from tests.store.fixtures import pg_schema

ALICE = User("alice", "contributor")
CAROL = User("carol", "contributor")
BOB = User("bob", "approver")
VIEWER = User("vera", "viewer")
GFMD = TEMPLATES["gfmd_coherence"]
# Quotes, commas, newline, non-ASCII; empty string, NULL and the text \N are three things.
TEXTS = ['He said "yes", then no', "", None, "ligne 1\nligne 2 — Kenya, Nairobi", "\\N"]


def gfmd_rows(ref_area: str = "KEN", period: str = "2022", n: int = 3) -> pl.DataFrame:
    """`n` GFMD answers with nulls, empty strings, quotes, commas, newlines and non-ASCII text."""
    items = list(GFMD.columns[3].codes or ())
    return pl.DataFrame(
        {
            "template_version": ["1.0"] * n,
            "ref_area": [ref_area] * n,
            "time_period": [period] * n,
            "item_code": items[:n],
            "answer": [("yes", "partial", None, "no")[i % 4] for i in range(n)],
            "count": [None if i % 2 else i * 7 for i in range(n)],
            "answer_text": [TEXTS[i % len(TEXTS)] for i in range(n)],
            "respondent_institution": ["Ministry of Planning"] * n,
            "source": ["GFMD survey 2022"] * n,
            "submitted_by": ["M&E unit"] * n,
            "submitted_on": ["2026-11-30"] * n,
            "row_number": list(range(2, n + 2)),  # line 1 of the file is the header
        },
        schema={**GFMD.schema, "row_number": pl.Int64()},
    )


def sha(text: str) -> str:
    """A valid sha256 for a made-up file."""
    return hashlib.sha256(text.encode()).hexdigest()


def submit(
    store: Store,
    rows: pl.DataFrame,
    *,
    user: User = ALICE,
    ref_area: str = "KEN",
    template: str = "gfmd_coherence",
    **kw: str,
) -> int:
    """A submission of `rows` for `ref_area`, 2022 (GFMD unless told)."""
    return store.create_submission(
        template=template,
        file_name=f"{ref_area}.xlsx",
        sha256=sha(str(rows.rows())),
        user=user,
        rows=rows,
        ref_area=ref_area,
        time_period="2022",
        **kw,  # type: ignore[arg-type]
    )


def count(store: Store, table: str) -> int:
    """Rows in `table`."""
    with store.backend.transaction() as tx:
        got = tx.one(f"SELECT COUNT(*) FROM {table}")
    assert got is not None
    return int(got[0])


# --- rows -------------------------------------------------------------------------------------
def test_round_trip_keeps_values_and_dtypes(store: Store) -> None:
    rows = gfmd_rows(n=5)
    sid = submit(store, rows)
    back = store.rows(sid)
    assert back.schema == rows.schema
    assert back.equals(rows)
    assert back["answer_text"].to_list() == TEXTS


def test_round_trip_of_the_long_template_with_int32_nan_and_null_columns(store: Store) -> None:
    schema = TEMPLATES["indicator_long"].schema
    rows = pl.DataFrame(
        {c: [None, None, None] for c in schema}, schema={c: pl.Null() for c in schema}
    ).with_columns(
        pl.Series("indicator_code", ["10.7.2", "10.7.2", "10.c.1"]),
        pl.Series("value", [float("nan"), float("inf"), 0.1 + 0.2]),
        pl.Series("unit_mult", [0, 3, None], dtype=pl.Int32()),
        pl.Series("sample_size", [2**40, None, -1], dtype=pl.Int64()),
    )
    back = store.rows(submit(store, rows, template="indicator_long"))
    assert back.schema == rows.schema  # Null columns stay Null, Int32 stays Int32
    assert back.equals(rows)
    assert back["value"][2] == 0.30000000000000004  # no decimal rounding


def test_wrong_dtype_or_unknown_column_is_refused_with_a_clear_message(store: Store) -> None:
    with pytest.raises(StoreError, match=r"column 'count' has dtype String.*expects Int64"):
        submit(store, gfmd_rows().with_columns(pl.col("count").cast(pl.String)))
    with pytest.raises(StoreError, match=r"column 'extra' is not in template gfmd_coherence"):
        submit(store, gfmd_rows().with_columns(pl.lit(1).alias("extra")))
    with pytest.raises(StoreError, match="not 64 lower-case hex"):
        store.create_submission(
            template="gfmd_coherence",
            file_name="x.csv",
            sha256="abc",
            user=ALICE,
            rows=gfmd_rows(),
            ref_area="KEN",
            time_period="2022",
        )
    assert count(store, "submissions") == 0


def test_submission_metadata_is_recorded(store: Store) -> None:
    before = now()
    sid = submit(store, gfmd_rows(n=4), note="first upload")
    sub = store.submissions().row(0, named=True)
    assert sub["id"] == sid
    assert (sub["template"], sub["ref_area"], sub["time_period"]) == (
        "gfmd_coherence",
        "KEN",
        "2022",
    )
    assert (sub["file_name"], sub["created_by"], sub["status"]) == (
        "KEN.xlsx",
        "alice",
        "submitted",
    )
    assert sub["sha256"] == sha(str(gfmd_rows(n=4).rows()))
    assert sub["n_rows"] == 4 and sub["note"] == "first upload"
    assert before <= sub["created_at"] <= now()
    assert store.submissions(status="approved").height == 0
    assert store.submissions(ref_area="KEN", created_by="alice").height == 1


# --- approval and supersede -------------------------------------------------------------------
def test_only_approved_rows_are_current(store: Store) -> None:
    pending = submit(store, gfmd_rows())
    rejected = submit(store, gfmd_rows(), ref_area="UGA")
    store.set_status(rejected, "rejected", user=BOB, reason="wrong period")
    assert store.current_rows("gfmd_coherence").height == 0
    preview = store.current_rows("gfmd_coherence", approved_only=False)
    assert preview["submission_id"].unique().to_list() == [pending]
    store.set_status(pending, "approved", user=BOB)
    current = store.current_rows("gfmd_coherence")
    assert current.height == 3
    assert current["submission_id"].unique().to_list() == [pending]
    assert current.columns == [*GFMD.column_names, "row_number", "submission_id"]


def test_a_newer_approved_submission_supersedes_the_older_one(store: Store) -> None:
    v1 = submit(store, gfmd_rows(n=3))
    other = submit(store, gfmd_rows(ref_area="UGA", n=2), ref_area="UGA")
    for sid in (v1, other):
        store.set_status(sid, "approved", user=BOB)
    v2 = submit(store, gfmd_rows(n=5))
    # v2 pending: v1 still serves.
    assert set(store.current_rows("gfmd_coherence")["submission_id"]) == {v1, other}
    store.set_status(v2, "approved", user=BOB)
    current = store.current_rows("gfmd_coherence")
    assert current.group_by("submission_id").len().sort("submission_id").rows() == [
        (other, 2),
        (v2, 5),
    ]
    # v1 is kept as history, readable and marked superseded.
    assert store.rows(v1).equals(gfmd_rows(n=3))
    subs = store.submissions(ref_area="KEN")
    assert subs.select("id", "status", "is_current", "superseded_by").rows() == [
        (v2, "approved", True, None),
        (v1, "approved", False, v2),
    ]
    # Reverting v2 (back to review) makes v1 current again.
    store.set_status(v2, "submitted", user=BOB, reason="figures for Nairobi doubled")
    assert set(store.current_rows("gfmd_coherence")["submission_id"]) == {v1, other}


# --- transitions ------------------------------------------------------------------------------
def test_invalid_transitions_are_refused_with_the_allowed_ones(store: Store) -> None:
    sid = submit(store, gfmd_rows())
    with pytest.raises(StoreError, match=r"is submitted: it cannot become 'draft'.*approved"):
        store.set_status(sid, "draft", user=BOB)
    store.set_status(sid, "rejected", user=BOB, reason="template version 0.9")
    with pytest.raises(StoreError, match=r"is rejected: it cannot become 'approved'\. It is final"):
        store.set_status(sid, "approved", user=BOB)
    with pytest.raises(StoreError, match="submission 999 does not exist"):
        store.set_status(999, "approved", user=BOB)


def test_refusals_are_in_the_language_in_use(store: Store) -> None:
    sid = submit(store, gfmd_rows())
    with use_language("fr"), pytest.raises(StoreError) as fr:
        store.set_status(sid, "rejected", user=BOB, reason=" ")
    assert str(fr.value) == f"un motif est obligatoire pour rejeter la soumission {sid}"
    with use_language("es"), pytest.raises(StoreError) as es:
        store.set_status(sid, "draft", user=BOB)
    assert str(es.value).startswith(f"el envío {sid} está en estado submitted: no puede pasar a")
    with use_language("es"), pytest.raises(StoreError) as viewer:
        submit(store, gfmd_rows(), user=VIEWER)
    assert (  # the role in the language too (store.users.role_label)
        str(viewer.value)
        == "vera (lector) no puede cargar archivos: pida un rol a un administrador"
    )


def test_rejection_and_revert_need_a_reason(store: Store) -> None:
    sid = submit(store, gfmd_rows())
    with pytest.raises(StoreError, match="a reason is required to reject"):
        store.set_status(sid, "rejected", user=BOB, reason="   ")
    store.set_status(sid, "approved", user=BOB)
    with pytest.raises(StoreError, match="a reason is required to revert"):
        store.set_status(sid, "withdrawn", user=BOB)
    store.set_status(sid, "withdrawn", user=BOB, reason="duplicate of the census file")
    assert store.submissions()["reason"].to_list() == ["duplicate of the census file"]


def test_roles_are_enforced(store: Store) -> None:
    with pytest.raises(StoreError, match=r"vera \(viewer\) may not upload"):
        submit(store, gfmd_rows(), user=VIEWER)
    sid = submit(store, gfmd_rows(), user=ALICE, status="draft")
    with pytest.raises(StoreError, match="belongs to alice: only they or an approver"):
        store.set_status(sid, "submitted", user=CAROL)
    store.set_status(sid, "submitted", user=ALICE)
    with pytest.raises(StoreError, match=r"alice \(contributor\) may not approve"):
        store.set_status(sid, "approved", user=ALICE)
    store.set_status(sid, "approved", user=User("root", "admin"))  # roles are cumulative
    with pytest.raises(StoreError, match=r"'draft' or 'submitted', not 'approved'"):
        submit(store, gfmd_rows(), user=BOB, status="approved")


def test_every_change_is_in_the_append_only_audit_log(store: Store) -> None:
    sid = submit(store, gfmd_rows(), status="draft")
    store.set_status(sid, "submitted", user=ALICE)
    store.set_status(sid, "rejected", user=BOB, reason="answers missing for P.COH.03")
    hist = store.history(sid)
    assert hist.select("user_name", "action", "from_status", "to_status", "reason").rows() == [
        ("alice", "create", None, "draft", ""),
        ("alice", "upload", "draft", "submitted", ""),
        ("bob", "reject", "submitted", "rejected", "answers missing for P.COH.03"),
    ]
    times = hist["logged_at"].to_list()
    assert times == sorted(times) and now() - times[0] < timedelta(minutes=1)
    assert isinstance(times[0], datetime)
    # No public way to change or remove history.
    assert not [m for m in dir(Store) if m.startswith(("delete", "update", "remove", "drop"))]


def test_postgres_itself_refuses_to_edit_the_audit_log() -> None:
    # A trigger guard, PostgreSQL-only: DuckDB has no triggers (and the Store no such API).
    with pg_schema() as pg:
        store = open_store(pg)
        submit(store, gfmd_rows())
        with pytest.raises(Exception, match="append-only"), store.backend.transaction() as tx:
            tx.execute("DELETE FROM audit_log")
        assert count(store, "audit_log") == 1


# --- atomicity ---------------------------------------------------------------------------------
def test_a_crash_mid_import_leaves_the_database_as_before(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    submit(store, gfmd_rows())
    tables = ("submissions", "audit_log", "rows_gfmd_coherence")
    before = [count(store, t) for t in tables]
    monkeypatch.setattr(store_module, "ROW_CHUNK", 2)
    seen: list[int] = []
    original = Store._insert_chunk

    def crash_on_second_chunk(self: Store, tx, table, chunk):  # type: ignore[no-untyped-def]
        if seen:
            got = tx.one(f"SELECT COUNT(*) FROM {table}")
            seen.append(int(got[0]))  # rows of the first chunk are really in (uncommitted)
            raise OSError("disk unplugged")
        seen.append(0)
        original(self, tx, table, chunk)

    monkeypatch.setattr(Store, "_insert_chunk", crash_on_second_chunk)
    with pytest.raises(OSError, match="disk unplugged"):
        submit(store, gfmd_rows(ref_area="UGA", n=5), ref_area="UGA")
    assert seen == [0, before[2] + 2]
    assert [count(store, t) for t in tables] == before
    monkeypatch.undo()
    assert store.rows(submit(store, gfmd_rows(n=5))).height == 5  # still usable


def test_a_file_of_several_countries_is_stored_all_or_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = ("submissions", "audit_log", "rows_gfmd_coherence")
    parts = [Part(a, "2022", gfmd_rows(ref_area=a, n=2)) for a in ("KEN", "UGA", "TZA")]
    original = Store._insert_chunk
    calls: list[str] = []

    def crash_on_third_part(self: Store, tx, table, chunk):  # type: ignore[no-untyped-def]
        calls.append(table)
        if len(calls) == 3:
            raise OSError("power cut")
        original(self, tx, table, chunk)

    monkeypatch.setattr(Store, "_insert_chunk", crash_on_third_part)
    with pytest.raises(OSError, match="power cut"):
        store.create_submissions(
            template="gfmd_coherence", file_name="east_africa.csv", sha256=sha("ea"),
            user=ALICE, parts=parts,
        )  # fmt: skip
    assert [count(store, t) for t in tables] == [0, 0, 0]  # KEN and UGA were rolled back too
    monkeypatch.undo()
    ids = store.create_submissions(
        template="gfmd_coherence", file_name="east_africa.csv", sha256=sha("ea"),
        user=ALICE, parts=parts,
    )  # fmt: skip
    subs = store.submissions().sort("id")
    assert subs["id"].to_list() == ids
    assert subs["ref_area"].to_list() == ["KEN", "UGA", "TZA"]
    assert count(store, "rows_gfmd_coherence") == 6


def test_a_killed_process_mid_import_leaves_the_database_as_before(store: Store, url: str) -> None:
    submit(store, gfmd_rows())
    tables = ("submissions", "audit_log", "rows_gfmd_coherence")
    before = [count(store, t) for t in tables]
    code = f"""
import os, sys
sys.path.insert(0, {str(PROJECT_ROOT)!r})
from store import submissions as s
from tests.store.test_submissions import gfmd_rows, submit, ALICE
s.ROW_CHUNK = 2
calls = []
def die(self, tx, table, chunk):
    calls.append(1)
    if len(calls) == 2:
        os._exit(9)  # no cleanup, no rollback: as if the power failed
    tx.insert_frame(table, chunk)
s.Store._insert_chunk = die
submit(s.open_store({url!r}), gfmd_rows(n=6))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 9, done.stderr
    assert [count(store, t) for t in tables] == before
