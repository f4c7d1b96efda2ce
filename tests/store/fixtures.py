"""PostgreSQL for the store tests: the server at TEST_DATABASE_URL, one fresh schema per test.

Under CI a missing or unreachable PostgreSQL FAILS the test; elsewhere it is skipped, saying why.
The two-backend fixtures `url` and `store` are in tests/conftest.py.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


def pg_url_or_skip() -> str:
    """TEST_DATABASE_URL if the server answers; fail under CI, else skip, when it does not."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    why = ""
    if not url:
        why = 'TEST_DATABASE_URL is not set (run: eval "$(.ci/postgres.sh)")'
    else:
        import psycopg

        try:
            psycopg.connect(url, connect_timeout=5).close()
        except psycopg.OperationalError as exc:
            why = f"PostgreSQL at TEST_DATABASE_URL is unreachable: {exc}"
    if why:
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    return url


@contextmanager
def pg_schema() -> Iterator[str]:
    """URL of a new, empty schema on the test server (dropped afterwards)."""
    import psycopg

    base = pg_url_or_skip()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
