"""ETL test fixtures: the upload store on both backends (DuckDB file, PostgreSQL schema)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.store import Store, open_store
from tests.etl.store_fixtures import pg_schema


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
