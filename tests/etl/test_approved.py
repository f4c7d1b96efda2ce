"""Only approved national submissions reach the indicator table (etl/approved.py + pipeline)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from core.templates import SUB_CATEGORIES
from etl import approved, io, pipeline
from etl.uploads.prepare import prepare_upload, store_upload
from store.submissions import Store, open_store
from store.users import User
from tests.etl.uploads.helpers import csv_bytes

PASSWORD = "a long enough password"


def _answers() -> list[dict[str, str]]:
    """KEN 2021: domain 1 = yes_all x2, yes_legal_only, no, blank; domains 2-6 all yes.

    Domain 1 = 100 * (1 + 1 + 0.5 + 0 + 0) / 5 = 50; domains 2-6 = 100 each;
    overall = 100 * (2.5 + 25) / 30 = 91.666...
    """
    d1 = ["yes_all", "yes_all", "yes_legal_only", "no", ""]
    rows = []
    for i, sub in enumerate(SUB_CATEGORIES):
        answer = d1[i] if i < 5 else "yes"
        rows.append(
            {
                "ref_area": "KEN",
                "time_period": "2021",
                "policy_domain": sub[:4],
                "sub_category": sub,
                "answer": answer,
                "value": "",
                "answer_text": "",
            }
        )
    return rows


@pytest.fixture
def store(data_dir: Path) -> Store:
    """A DuckDB store in the test's data dir, with a contributor and an approver."""
    s = open_store()
    s.add_user("ana", "contributor", PASSWORD)
    s.add_user("bo", "approver", PASSWORD)
    return s


def _submit(store: Store, name: str, data: bytes, user: User) -> int:
    result = prepare_upload(data, name, current=store.current_rows)
    assert result.errors == [], [i.message for i in result.errors]
    (stored,) = store_upload(store, result, user)
    return stored[0]


def _overall(table: pl.DataFrame) -> list[float]:
    return table.filter(
        (pl.col("series_code") == "P_1072_SCORE")
        & (pl.col("ref_area") == "KEN")
        & (pl.col("policy_domain") == "_T")
    )["value"].to_list()


def test_only_approved_answers_reach_the_indicators(store: Store) -> None:
    ana, bo = store.get_user("ana"), store.get_user("bo")
    assert ana is not None and bo is not None
    sub = _submit(store, "inquiry_ken_2021.csv", csv_bytes("inquiry_1072", _answers()), ana)
    outcome = pipeline.build_indicator_table(False, lambda _m: None)
    # Submitted, not approved: nothing computed from it (no other input either).
    assert outcome.status == "no-input"
    store.set_status(sub, "approved", user=bo)
    outcome = pipeline.build_indicator_table(False, lambda _m: None)
    assert outcome.status == "published", outcome.message
    table = io.read_clean("indicators")
    assert table is not None
    assert _overall(table) == [pytest.approx(100 * 27.5 / 30)]
    assert io.read_clean_meta("indicators")["demo"] is False
    # Reverting takes the answers out again: the next build has no input left.
    store.set_status(sub, "submitted", user=bo, reason="wrong round")
    frames, _ = approved.approved_inputs()
    assert frames == {}


def test_national_long_rows_are_published_beside_custodian_values(store: Store) -> None:
    ana, bo = store.get_user("ana"), store.get_user("bo")
    assert ana is not None and bo is not None
    row = {
        "indicator_code": "10.7.4",
        "series_code": "SM_POP_REFG_OR",
        "ref_area": "KEN",
        "time_period": "2022",
        "freq": "A",
        "value": "15.5",
        "unit_measure": "PER_100000_POP",
        "unit_mult": "0",
        "obs_status": "A",
        "source": "KNBS refugee register 2022",
    }
    sub = _submit(store, "national_ken.csv", csv_bytes("indicator_long", [row]), ana)
    assert approved.publish_national() == "no approved long-format submission"
    store.set_status(sub, "approved", user=bo)
    assert approved.publish_national() == "published 1 rows"
    national = io.read_clean(approved.NATIONAL)
    assert national is not None
    assert national["value"].to_list() == [15.5]
    assert national["source"][0] == f"KNBS refugee register 2022 (national submission {sub})"
    assert national["reporting_type"][0] == "N"
    assert approved.publish_national() == "unchanged"
    store.set_status(sub, "withdrawn", user=bo, reason="superseded by the census")
    assert approved.publish_national().startswith("withdrawn")
    assert not io.clean_path(approved.NATIONAL).exists()


def test_unreadable_store_keeps_the_previous_table(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline.run(offline=True, fallback_demo=True)
    before = io.read_clean_meta("indicators")["published_at"]
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody:x@127.0.0.1:1/none")
    outcome = pipeline.build_indicator_table(True, lambda _m: None)
    assert outcome.status == "failed"
    assert "cannot connect to PostgreSQL" in outcome.message
    assert "nobody:x" not in outcome.message  # the password is not echoed
    assert outcome.message.endswith("The previous table keeps serving.")
    assert io.read_clean_meta("indicators")["published_at"] == before
