"""The shared warehouse: DuckLake with a PostgreSQL catalog, selected by
`BINJAI_WAREHOUSE=ducklake+postgresql://user@host:port/dbname?data_path=/folder/` (a local folder or `s3://`).

Queries stay in DuckDB's dialect: a connection attaches the lake and makes it the default database, so the same
SQL runs on the embedded file and on the lake. A write is one transaction; DuckLake detects a conflicting
concurrent write at commit, and the whole write is then retried on a fresh transaction.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

import duckdb
import psycopg

from binjai import extensions, schema

SCHEME = "ducklake+postgresql"
ATTEMPTS = 8
T = TypeVar("T")


@dataclass(frozen=True)
class LakeUrl:
    """The parts of a DuckLake warehouse address."""

    user: str
    host: str
    port: int
    dbname: str
    data_path: str

    def attach_target(self) -> str:
        """DuckLake's attach string for a PostgreSQL catalog."""
        return f"ducklake:postgres:dbname={self.dbname} host={self.host} port={self.port} user={self.user}"


def is_lake(address: object) -> bool:
    """True when `address` names a DuckLake warehouse rather than a DuckDB file."""
    return isinstance(address, str) and address.startswith(SCHEME + "://")


def parse(address: str) -> LakeUrl:
    """Parse a `ducklake+postgresql://...` address; ValueError naming what is wrong."""
    parts = urlsplit(address)
    if parts.scheme != SCHEME or not parts.hostname or not parts.path.strip("/"):
        raise ValueError(f"expected {SCHEME}://user@host:port/dbname?data_path=..., got {address!r}")
    data_path = parse_qs(parts.query).get("data_path", [""])[0]
    if not data_path:
        raise ValueError("data_path is missing")
    values = (parts.username or "postgres", parts.hostname, str(parts.port or 5432), parts.path.strip("/"))
    if any(c in v for v in values for c in " ='\\"):
        raise ValueError("user, host and dbname may not hold spaces, quotes, '=' or backslashes")
    return LakeUrl(unquote(values[0]), values[1], int(values[2]), unquote(values[3]),
                   data_path.rstrip("/") + "/")


def connect(address: str) -> duckdb.DuckDBPyConnection:
    """A connection whose default database is the lake, upgraded to this release's schema."""
    url = parse(address)
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False})
    extensions.load(con, "postgres_scanner", "ducklake")
    for attempt in range(ATTEMPTS):
        try:  # processes creating a new lake at once race for its catalog tables: the losers retry
            con.execute(f"ATTACH {schema.literal(url.attach_target())} AS lake "
                        f"(DATA_PATH {schema.literal(url.data_path)})")
            con.execute("USE lake")
            if schema.missing(con):
                write(con, schema.upgrade)
            return con
        except duckdb.Error:
            if attempt == ATTEMPTS - 1:
                con.close()
                raise
            con.execute("USE memory")
            with contextlib.suppress(duckdb.Error):
                con.execute("DETACH lake")
            time.sleep(random.uniform(0.1, 0.5))
    raise AssertionError("unreachable")


def snapshot_id(con: duckdb.DuckDBPyConnection) -> int:
    """The lake's newest snapshot id (changes with every commit; readers key their caches on it)."""
    return int(con.execute("SELECT max(snapshot_id) FROM lake.snapshots()").fetchone()[0])


class CatalogProbe:
    """The newest snapshot id read straight from the catalog's `ducklake_snapshot` table (DuckLake's specified
    catalog table, in schema `public`) over one kept PostgreSQL connection: one round trip, where a DuckLake query
    opens a transaction that costs about five (bench/LAKE_SCALE.md)."""

    def __init__(self, url: LakeUrl) -> None:
        self._conninfo = psycopg.conninfo.make_conninfo(host=url.host, port=url.port, dbname=url.dbname,
                                                        user=url.user, connect_timeout=10)
        self._con: psycopg.Connection | None = None
        self._lock = threading.Lock()

    def snapshot_id(self) -> int:
        """The newest snapshot id; ConnectionError naming the reason when the catalog cannot be read."""
        with self._lock:
            for attempt in range(2):  # a connection dropped since the last call (server restart) is opened again
                try:
                    if self._con is None or self._con.closed:
                        self._con = psycopg.connect(self._conninfo, autocommit=True)
                    return int(self._con.execute("SELECT max(snapshot_id) FROM public.ducklake_snapshot"
                                                 ).fetchone()[0])
                except psycopg.Error as err:
                    self.close()
                    if attempt or not isinstance(err, psycopg.OperationalError):
                        raise ConnectionError(str(err).strip().splitlines()[0]) from err
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Close the kept connection (the next call opens a new one)."""
        if self._con is not None:
            with contextlib.suppress(psycopg.Error):
                self._con.close()
            self._con = None


def write(con: duckdb.DuckDBPyConnection, body: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Run `body` in one transaction, retried from the start when a concurrent commit conflicts with it."""
    for attempt in range(ATTEMPTS):
        con.execute("BEGIN TRANSACTION")
        try:
            result = body(con)
            con.execute("COMMIT")
            return result
        except duckdb.TransactionException:
            _rollback(con)
            if attempt == ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0.05, 0.3) * (attempt + 1))
        except BaseException:
            _rollback(con)
            raise
    raise AssertionError("unreachable")


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction; a failed commit has already ended it."""
    with contextlib.suppress(duckdb.TransactionException):
        con.execute("ROLLBACK")
