"""Atomic writes and the immutable raw layer."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from etl import io


def test_atomic_path_leaves_target_untouched_on_failure(tmp_path: Path) -> None:
    dest = tmp_path / "x.json"
    dest.write_text("old")
    with pytest.raises(RuntimeError), io.atomic_path(dest) as tmp:
        tmp.write_text("half")
        raise RuntimeError("crash mid-write")
    assert dest.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_write_clean_round_trip(data_dir: Path) -> None:
    df = pl.DataFrame({"a": [1, 2]})
    io.write_clean(df, "t", {"rows": 2})
    assert io.read_clean("t") is not None
    digest = io.sha256_file(io.clean_path("t"))
    assert io.read_clean_meta("t") == {"rows": 2, "parquet_sha256": digest}
    assert io.read_clean("absent") is None


def test_store_raw_reuses_identical_content(data_dir: Path, tmp_path: Path) -> None:
    a = tmp_path / "a.bin"
    a.write_bytes(b"same bytes")
    first = io.store_raw("src", a, name="f.bin", url="u", publisher="p", licence="l")
    b = tmp_path / "b.bin"
    b.write_bytes(b"same bytes")
    second = io.store_raw("src", b, name="f.bin", url="u", publisher="p", licence="l")
    assert first == second
    assert not b.exists()
    c = tmp_path / "c.bin"
    c.write_bytes(b"new bytes")
    third = io.store_raw("src", c, name="f.bin", url="u", publisher="p", licence="l")
    assert third != first and third.read_bytes() == b"new bytes"
    assert first.read_bytes() == b"same bytes"  # the earlier snapshot is never overwritten
    assert io.latest_raw_files("src") == sorted([first, third])
