"""Security test fixtures: the store on both backends (shared with tests/etl)."""

from __future__ import annotations

from tests.etl.conftest import store, url

__all__ = ["store", "url"]
