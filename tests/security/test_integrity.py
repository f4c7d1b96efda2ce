"""Damaged published files, killed runs, disk full, file modes and fsync (real files)."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import polars as pl
import pytest

from etl import integrity, io, pipeline
from etl.registry import SourceSpec
from tests.etl.test_pipeline import FAKE, _no_issues, _outcome, _write

FAKE2 = SourceSpec(**{**FAKE.__dict__, "name": "fake2", "dataset": "fake2_ds",
                      "raw_patterns": ("other_*.csv",)})  # fmt: skip


@pytest.fixture
def two_sources(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> Path:
    """Only FAKE and FAKE2 registered, with a validator that rejects negative values."""
    monkeypatch.setattr("etl.pipeline.orchestrate.sources", lambda: {"fake": FAKE, "fake2": FAKE2})
    monkeypatch.setattr("etl.validation.gx.validate_dataset", _no_issues)
    return data_dir


def _inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    _write(folder, "fake_2024.csv", "code,value\nKEN,1.5\nGBR,2.5\n")
    _write(folder, "other_2024.csv", "code,value\nSEN,3.0\n")
    return folder


def test_a_truncated_parquet_is_republished_from_raw(two_sources: Path, tmp_path: Path) -> None:
    folder = _inputs(tmp_path)
    first = pipeline.run(raw_dir=folder, offline=True)
    assert _outcome(first, "fake").status == "published"
    path = io.clean_path("fake_ds")
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])  # a disk error or a killed copy
    assert not integrity.clean_is_intact("fake_ds") and integrity.clean_is_intact("fake2_ds")
    said: list[str] = []
    again = pipeline.run(raw_dir=folder, offline=True, progress=said.append)
    assert _outcome(again, "fake").status == "published"  # not "unchanged"
    assert _outcome(again, "fake2").status == "unchanged"
    assert "fake_ds: the published file is damaged; re-publishing it from raw" in said
    assert pl.read_parquet(path)["value"].to_list() == [1.5, 2.5]
    assert integrity.clean_is_intact("fake_ds")


def test_the_indicator_build_refuses_a_damaged_input(data_dir: Path) -> None:
    io.write_clean(pl.DataFrame({"a": [1.0]}), "rpw_quotes", {"rows": 1})
    io.clean_path("rpw_quotes").write_bytes(b"PAR1 not really")
    out = pipeline.build_indicator_table(False, lambda _m: None)
    assert out.status == "failed"
    assert out.message.startswith("published file(s) damaged: rpw_quotes. Re-publish them")
    assert not io.clean_path("indicators").exists()


def test_disk_full_fails_one_dataset_and_the_others_go_on(
    two_sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = io.write_clean

    def full_for_fake(df: pl.DataFrame, dataset: str, meta: dict) -> Path:
        if dataset == "fake_ds":
            raise OSError(errno.ENOSPC, "No space left on device", str(io.clean_path(dataset)))
        return real(df, dataset, meta)

    monkeypatch.setattr(io, "write_clean", full_for_fake)
    outcomes = pipeline.run(raw_dir=_inputs(tmp_path), offline=True)
    fake, other = _outcome(outcomes, "fake"), _outcome(outcomes, "fake2")
    assert fake.status == "failed"
    assert fake.message == (
        f"fake_ds: the disk is full (writing {io.clean_path('fake_ds')}). Nothing of this "
        "dataset changed; the previous version keeps serving. Free some space and run again."
    )
    assert other.status == "published" and io.clean_path("fake2_ds").exists()
    assert not io.clean_path("fake_ds").exists()


def test_published_files_honour_the_umask_and_are_fsynced(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    old = os.umask(0o027)
    try:
        dest = io.write_clean(pl.DataFrame({"a": [1]}), "t", {"rows": 1})
    finally:
        os.umask(old)
    assert oct(dest.stat().st_mode & 0o777) == oct(0o640)
    assert oct(io.clean_meta_path("t").stat().st_mode & 0o777) == oct(0o640)
    assert len(synced) == 4  # each of the two files, and their folder after each rename
    assert io.process_umask() == old


def test_leftovers_of_killed_runs_are_cleaned(data_dir: Path, tmp_path: Path) -> None:
    kept = tmp_path / "a.csv"
    kept.write_text("code,value\nKEN,1\n")
    stored = io.store_raw("src", kept, name="a.csv", url="u", publisher="p", licence="l")
    day = stored.parent
    stale = [
        data_dir / "clean" / ".indicators.parquet.x1y2.tmp",
        day / ".download.abc123",
        day / ".b.csv.staged.tmp",
    ]
    for p in stale:
        p.write_bytes(b"half")
    (day / "lost.csv").write_text("no sidecar")  # killed before its sidecar existed
    io.sidecar_path(day / "gone.csv").write_text("{}")  # sidecar whose file never arrived
    fresh = data_dir / "clean" / ".now.parquet.zz.tmp"  # a run in progress right now
    fresh.write_bytes(b"writing")
    old = time.time() - 2 * integrity.LEFTOVER_AGE_S
    for p in [*stale, day / "lost.csv", io.sidecar_path(day / "gone.csv")]:
        os.utime(p, (old, old))
    done = integrity.clean_leftovers()
    assert len(done) == 5, done
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and stored.exists() and io.sidecar_path(stored).exists()
    assert not io.sidecar_path(day / "gone.csv").exists()
    moved = data_dir / "raw" / integrity.ORPHANS / "src" / day.name / "lost.csv"
    assert moved.read_text() == "no sidecar"
    assert io.latest_raw_files("src") == [stored]
    assert integrity.clean_leftovers() == []  # nothing left to do
