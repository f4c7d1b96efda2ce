"""The rebuild after an approval recomputes only the approved template's indicators, and gives
the table a full rebuild gives, row for row (etl/pipeline/incremental.py).

Data: the real WDI, SDG API, UNHCR, KNOMAD and RPW files of ../shared/data, published by the
real pipeline once per module; then national uploads (the filled templates of the upload
tests) are approved, withdrawn and reverted through the Submissions page's own workflow.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from etl import io, pipeline
from etl.pipeline import incremental
from etl.review import change_status
from etl.uploads.prepare import prepare_upload, store_upload
from store.submissions import Store, open_store
from tests.conftest import require_shared
from tests.dashboard.upload_fixture import filled_csv, filled_files, inquiry_rows

PASSWORD = "a long enough password"
SOURCES = ("wdi", "sdg_api", "unhcr", "knomad", "rpw")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder published once by the real pipeline from real files (offline)."""
    shared = require_shared()
    raw = tmp_path_factory.mktemp("raw")
    for name in SOURCES:
        for src in (shared / name).rglob("*"):
            if src.is_file():
                (raw / src.relative_to(shared)).parent.mkdir(parents=True, exist_ok=True)
                (raw / src.relative_to(shared)).symlink_to(src)
    root = tmp_path_factory.mktemp("published") / "data"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("M_E_DATA_DIR", str(root))
        mp.delenv("DATABASE_URL", raising=False)
        outcomes = pipeline.run(offline=True, raw_dir=raw)
    assert {o.source: o.status for o in outcomes}["indicators"] == "published"
    return root


@pytest.fixture
def store(published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A private copy of the published data, and its store with a contributor and an approver."""
    root = tmp_path / "data"
    shutil.copytree(published, root)
    monkeypatch.setenv("M_E_DATA_DIR", str(root))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    s = open_store()
    s.add_user("ana", "contributor", PASSWORD)
    s.add_user("bo", "approver", PASSWORD)
    return s


def _submit(store: Store, name: str, data: bytes) -> int:
    result = prepare_upload(data, name, current=store.current_rows)
    assert result.errors == [], [i.message for i in result.errors]
    user = store.get_user("ana")
    assert user is not None
    (stored,) = store_upload(store, result, user)
    return stored[0]


def _act(store: Store, submission: int, action: str, **kw: object) -> list[str]:
    """Change the status as the Submissions page does; the rebuild's log."""
    user = store.get_user("bo")
    assert user is not None
    log: list[str] = []
    outcome = change_status(store, submission, action, user, "checked", progress=log.append, **kw)  # type: ignore[arg-type]
    assert outcome.build_status == "published", outcome.summary
    return log


def _same_as_full_rebuild() -> pl.DataFrame:
    """Assert the published table equals a forced full rebuild of the same inputs; return it."""
    incremental_table = io.read_clean("indicators")
    incremental_meta = io.read_clean_meta("indicators")
    full = pipeline.build_indicator_table(True, lambda _m: None)
    assert full.status == "published"
    full_table = io.read_clean("indicators")
    assert incremental_table is not None and full_table is not None
    assert_frame_equal(incremental_table, full_table)  # row for row, column for column
    assert incremental_meta["input_key"] == io.read_clean_meta("indicators")["input_key"]
    return full_table


def test_each_approval_recomputes_its_template_only_and_equals_a_full_rebuild(
    store: Store,
) -> None:
    before = io.read_clean("indicators")
    assert before is not None and before.height > 50_000  # the real custodian data is there
    files = filled_files()
    for template in ("inquiry_1072", "gfmd_coherence", "rci_1071_microdata", "census_tabulation"):
        name, data = files[template]
        log = _act(store, _submit(store, name, data), "approve")
        assert f"indicators: recomputing {template} only" in log, log
        table = _same_as_full_rebuild()
        assert table.height > before.height
    # a second country for 10.7.2: the cross-country figures of the template change too
    uga = [{**r, "ref_area": "UGA"} for r in inquiry_rows()]
    second = _submit(store, "inquiry_1072_UGA.csv", filled_csv("inquiry_1072", uga))
    assert "indicators: recomputing inquiry_1072 only" in _act(store, second, "approve")
    with_uga = _same_as_full_rebuild()
    assert "UGA" in with_uga.filter(pl.col("indicator_code") == "10.7.2")["ref_area"].to_list()
    # a revert takes the rows out again, exactly as a full rebuild would
    log = _act(store, second, "revert", target="submitted")
    assert "indicators: recomputing inquiry_1072 only" in log
    reverted = _same_as_full_rebuild()
    assert "UGA" not in reverted.filter(pl.col("indicator_code") == "10.7.2")["ref_area"].to_list()
    # untouched indicators kept their published rows exactly
    rpw = pl.col("indicator_code") == "10.c.1"
    assert_frame_equal(reverted.filter(rpw), before.filter(rpw))


def test_changed_settings_or_a_stale_table_fall_back_to_the_full_rebuild(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, data = filled_files()["inquiry_1072"]
    monkeypatch.setenv("M_E_GA_EXCLUDE_SENDING", "RUS,CHN")  # the table was built without it
    log = _act(store, _submit(store, name, data), "approve")
    assert "indicators: computing" in log and not any("recomputing" in m for m in log)
    _same_as_full_rebuild()


def test_a_failed_incremental_rebuild_keeps_the_previous_table_serving(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.errors import EtlError

    path = io.clean_path("indicators")
    published_bytes = path.read_bytes()

    def broken(*_args: object) -> pl.DataFrame:
        raise EtlError("indicators: 2 rows share a key (a planted bug)")

    monkeypatch.setattr(incremental, "recompute", broken)
    name, data = filled_files()["inquiry_1072"]
    user = store.get_user("bo")
    assert user is not None
    outcome = change_status(store, _submit(store, name, data), "approve", user, "")
    assert outcome.build_status == "failed" and "planted bug" in outcome.build_message
    assert "previous indicator table keeps serving" in outcome.summary
    assert path.read_bytes() == published_bytes  # the last good table, untouched
