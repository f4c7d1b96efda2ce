"""Shared fixtures: isolated data dir, and the real published files in ../shared/data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from etl.config import PROJECT_ROOT

SHARED_DATA = Path(os.environ.get("M_E_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))


def require_shared(relative: str = "") -> Path:
    """Path of a real file under ../shared/data; fails under CI, skips elsewhere, if missing."""
    path = SHARED_DATA / relative
    if not path.exists():
        msg = f"real data file missing: {path} (../shared must sit beside the repository)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return path


@pytest.fixture
def shared_data() -> Path:
    """Root of the real published files (../shared/data)."""
    return require_shared()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data/ folder for this test (M_E_DATA_DIR points at it)."""
    d = tmp_path / "data"
    (d / "raw").mkdir(parents=True)
    (d / "clean").mkdir()
    monkeypatch.setenv("M_E_DATA_DIR", str(d))
    return d
