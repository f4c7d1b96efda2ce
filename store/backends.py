"""The two SQL backends of the store (DuckDB file, PostgreSQL via psycopg 3) and their schema.

Both speak the same parameterised SQL (`?` placeholders; psycopg gets `%s`) and the same tables;
only bulk paths differ: DuckDB inserts from an Arrow table, PostgreSQL uses COPY (CSV).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import duckdb
import polars as pl

from core.errors import StoreError
from store.faults import read_only_file, refusal, unreadable

# Polars dtypes a submission may carry, by name (stored per submission so that reading back
# returns the frame's own dtypes even after a template changes), and their SQL column types.
DTYPES: dict[str, pl.DataType] = {
    "String": pl.String(),
    "Float64": pl.Float64(),
    "Int64": pl.Int64(),
    "Int32": pl.Int32(),
    "Boolean": pl.Boolean(),
    "Date": pl.Date(),
    "Null": pl.Null(),
}
SQL_TYPES: dict[str, str] = {
    "String": "TEXT",
    "Float64": "DOUBLE PRECISION",
    "Int64": "BIGINT",
    "Int32": "INTEGER",
    "Boolean": "BOOLEAN",
    "Date": "DATE",
}
_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
LOCK_RETRY_S = 10.0  # DuckDB allows one writing process: wait this long for another to finish


def now() -> datetime:
    """Current UTC time without tzinfo (both backends store TIMESTAMP in UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


def ident(name: str) -> str:
    """`name` double-quoted as an SQL identifier; only lower-case snake_case is accepted."""
    if not _IDENT.match(name):
        raise StoreError(f"invalid SQL identifier {name!r} (use lower-case snake_case)")
    return f'"{name}"'


def rows_table(template: str) -> str:
    """Table holding the rows of every submission of `template`."""
    return f"rows_{template}"


class Tx(Protocol):
    """One open transaction: commits when its `with` block ends, rolls back on an exception."""

    backend: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement."""

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """First row of a query, or None."""

    def frame(
        self, sql: str, params: Sequence[Any], schema: dict[str, pl.DataType], bulk: bool = False
    ) -> pl.DataFrame:
        """Result of a query as a frame with exactly `schema`; `bulk` for many rows."""

    def insert_frame(self, table: str, df: pl.DataFrame) -> None:
        """Append `df` (columns named as the table's) to `table` by the bulk path."""


def _typed(df: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return df.select(pl.col(c).cast(t) for c, t in schema.items())


class _DuckTx:
    backend = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    # DuckDB 2 refuses new work on a connection until the previous result is read to the end.
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.con.execute(sql, list(params)).fetchall()

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        rows = self.con.execute(sql, list(params)).fetchall()
        return tuple(rows[0]) if rows else None

    def frame(
        self, sql: str, params: Sequence[Any], schema: dict[str, pl.DataType], bulk: bool = False
    ) -> pl.DataFrame:
        rel = self.con.sql(sql, params=list(params))
        assert rel is not None, sql
        df = rel.pl()
        return _typed(df.rename(dict(zip(df.columns, schema, strict=True))), schema)

    def insert_frame(self, table: str, df: pl.DataFrame) -> None:
        cols = ", ".join(ident(c) for c in df.columns)
        # Zero-copy scan of the Arrow buffers: no per-row Python work.
        self.con.register("_incoming", df.to_arrow())
        try:
            self.con.execute(f"INSERT INTO {ident(table)} ({cols}) SELECT {cols} FROM _incoming")
        finally:
            self.con.unregister("_incoming")


class _PgTx:
    backend = "postgresql"

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(self._sql(sql), list(params))

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row = self.conn.execute(self._sql(sql), list(params)).fetchone()
        return tuple(row) if row is not None else None

    def frame(
        self, sql: str, params: Sequence[Any], schema: dict[str, pl.DataType], bulk: bool = False
    ) -> pl.DataFrame:
        if bulk:
            return self._copy_out(sql, params, schema)
        rows = self.conn.execute(self._sql(sql), list(params)).fetchall()
        return pl.DataFrame(rows, schema=schema, orient="row")

    def _copy_out(
        self, sql: str, params: Sequence[Any], schema: dict[str, pl.DataType]
    ) -> pl.DataFrame:
        # Bulk reads: COPY ... TO STDOUT as CSV (FORCE_QUOTE: "" is an empty string, an unquoted
        # empty field is NULL), parsed by polars; non-text columns are cast after parsing.
        buf = bytearray()
        with self.conn.cursor() as cur:
            stmt = f"COPY ({self._sql(sql)}) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *)"
            with cur.copy(stmt, list(params)) as cp:
                for chunk in cp:
                    buf += chunk
        names = list(schema)
        if not buf:
            return pl.DataFrame(schema=schema)
        raw = pl.read_csv(
            bytes(buf),
            has_header=False,
            new_columns=names,
            schema={c: pl.String() for c in names},
        )
        out = []
        for c, t in schema.items():
            if t == pl.Boolean():
                out.append(pl.when(pl.col(c).is_null()).then(None).otherwise(pl.col(c) == "t"))
            else:
                out.append(pl.col(c).cast(t))
        return raw.select(e.alias(c) for e, c in zip(out, names, strict=True))

    def insert_frame(self, table: str, df: pl.DataFrame) -> None:
        cols = ", ".join(ident(c) for c in df.columns)
        # CSV with every text quoted: "" is an empty string, an unquoted empty field is NULL.
        data = df.write_csv(include_header=False, quote_style="non_numeric")
        with (
            self.conn.cursor() as cur,
            cur.copy(f"COPY {ident(table)} ({cols}) FROM STDIN WITH (FORMAT csv)") as cp,
        ):
            cp.write(data)


class Backend(Protocol):
    """Where the store lives: opens one transaction at a time."""

    name: str

    def transaction(self) -> Any:
        """Context manager yielding a Tx."""

    def describe(self) -> str:
        """Where the data is, without secrets."""


class DuckDBBackend:
    """One DuckDB file; a connection per transaction so other processes can open it in between."""

    name = "duckdb"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.read_only = read_only_file(path)

    def describe(self) -> str:
        """The file path."""
        return f"DuckDB {self.path}" + (" (read-only)" if self.read_only else "")

    def _connect(self) -> duckdb.DuckDBPyConnection:
        if not self.read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + LOCK_RETRY_S
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=self.read_only)
            except duckdb.IOException as exc:
                # Another process (the dashboard, the users CLI) holds the write lock briefly.
                if "lock" not in str(exc).lower():
                    raise unreadable(self.path, exc) from exc
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"cannot open {self.path}: it is locked by another program (the "
                        "dashboard, a backup, the users command); try again, or set "
                        "DATABASE_URL to a PostgreSQL server."
                    ) from exc
                time.sleep(0.05)
            except duckdb.Error as exc:  # not a database, a damaged header or catalog, ...
                raise unreadable(self.path, exc) from exc

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """A transaction on a fresh connection, closed afterwards."""
        con = self._connect()
        try:
            con.begin()
            yield _DuckTx(con)
            con.commit()
        except duckdb.Error as exc:
            con.rollback()
            why = refusal(self.path, exc, self.read_only)
            if why is not None:
                raise StoreError(why) from exc
            if isinstance(exc, duckdb.IOException | duckdb.SerializationException):
                raise unreadable(self.path, exc) from exc
            raise
        except BaseException:
            con.rollback()
            raise
        finally:
            con.close()


class PostgresBackend:
    """A PostgreSQL database reached through psycopg 3 (libpq URL)."""

    name = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = url

    def describe(self) -> str:
        """Host and database, without the password."""
        return "PostgreSQL " + re.sub(r"//[^@/]*@", "//", self.url)

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """A transaction on a fresh connection (committed on success, rolled back on error)."""
        import psycopg  # optional dependency: only needed when DATABASE_URL is set

        try:
            conn = psycopg.connect(self.url, connect_timeout=10)
        except psycopg.OperationalError as exc:
            raise StoreError(
                f"cannot connect to {self.describe()}: {str(exc).strip()}. Check DATABASE_URL "
                "and that the server is running."
            ) from exc
        with conn:  # commits on success, rolls back on an exception, then closes
            yield _PgTx(conn)
