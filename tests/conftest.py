"""Shared fixtures: isolated data dir, and the real published files in ../shared/data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.config import PROJECT_ROOT
from store.submissions import Store, open_store
from tests.store.fixtures import pg_schema

SHARED_DATA = Path(os.environ.get("M_E_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))
# Tiny hand-written excerpts in the published layouts (tests/fixtures/README.md): the offline
# counterparts of the shared-data tests, run on a fresh clone without ../shared.
RAW_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "raw"


def raw_fixture(relative: str) -> Path:
    """Path of an in-repo fixture under tests/fixtures/raw (it must exist: it is committed)."""
    path = RAW_FIXTURES / relative
    assert path.is_file(), f"fixture missing from the repository: {path}"
    return path


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


# The upload store on both backends (DuckDB file, PostgreSQL schema): store, etl and security
# tests share it; tests/dashboard/conftest.py has its own `store` on the built data folder.
@pytest.fixture(params=["duckdb", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend."""
    if request.param == "duckdb":
        yield str(tmp_path / "app.duckdb")
    else:
        with pg_schema() as pg:
            yield pg


@pytest.fixture
def store(url: str) -> Store:
    """The store on a fresh database."""
    return open_store(url)
