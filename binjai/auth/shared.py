"""The shared sign-in store: accounts, sessions, sign-in throttling and the audit log in PostgreSQL.

When $BINJAI_WAREHOUSE is a `ducklake+postgresql://` address, these tables live in schema `binjai_auth` of the
lake's catalog database, so every dashboard replica signs a user in and every admin sees every action. It is
reached with psycopg 3: short transactions, row upserts and advisory locks, on connections kept in a per-process
pool (psycopg_pool). The pool checks a connection before lending it, so one that PostgreSQL dropped (a restart, a
killed backend) is replaced before any statement runs; a process started by fork makes its own pool (the parent's
connections are never used or closed by the child), and pools are closed at exit.
"""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg_pool import ConnectionPool

from binjai import lake, settings
from binjai.auth.errors import StoreError

SCHEMA_NAME = "binjai_auth"
SCHEMA_LOCK = 0x42494E4A41  # advisory lock ids (arbitrary constants): creating the tables, rewriting accounts
ACCOUNTS_LOCK = SCHEMA_LOCK + 1
CHECKS_LOCK = SCHEMA_LOCK + 2
_TEXT = 'TEXT COLLATE "C"'  # ISO times compare as bytes, as in SQLite, whatever the database's locale
_TABLES = (
    f"CREATE SCHEMA IF NOT EXISTS {SCHEMA_NAME}",
    f"CREATE TABLE IF NOT EXISTS sessions (token_hash {_TEXT} PRIMARY KEY, user_name {_TEXT} NOT NULL, "
    f"created_at {_TEXT} NOT NULL, expires_at {_TEXT} NOT NULL, revoked_at {_TEXT}, revoked_by {_TEXT}, "
    f"client {_TEXT}, handoff_hash {_TEXT}, handoff_expires {_TEXT}, sid {_TEXT} NOT NULL)",
    "CREATE INDEX IF NOT EXISTS sessions_sid ON sessions (sid)",
    f"CREATE TABLE IF NOT EXISTS audit (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at {_TEXT} NOT NULL, "
    f"actor {_TEXT} NOT NULL, action {_TEXT} NOT NULL, target {_TEXT} NOT NULL DEFAULT '', "
    f"detail {_TEXT} NOT NULL DEFAULT '', client {_TEXT} NOT NULL DEFAULT '')",
    "CREATE INDEX IF NOT EXISTS audit_at ON audit (at)",
    f"CREATE TABLE IF NOT EXISTS accounts (name {_TEXT} PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL, "
    "opd TEXT NOT NULL, sources TEXT NOT NULL, password_hash TEXT NOT NULL, disabled BOOLEAN NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS throttle (key {_TEXT} PRIMARY KEY, failures INTEGER NOT NULL, "
    "last DOUBLE PRECISION NOT NULL)",
    "CREATE TABLE IF NOT EXISTS password_checks (at DOUBLE PRECISION NOT NULL)",
)
_READY: set[str] = set()
POOL_SIZE = 8  # connections per process at most; replicas x POOL_SIZE must fit PostgreSQL's max_connections
POOL_WAIT = 3.0  # seconds a call waits for a connection before the store counts as unreachable
APPLICATION_NAME = "binjai-auth"  # how the pool's connections show in pg_stat_activity
_POOLS: dict[str, ConnectionPool] = {}
_INHERITED: list[ConnectionPool] = []
_POOLS_LOCK = threading.Lock()


@dataclass(frozen=True)
class Shared:
    """The shared store's PostgreSQL connection string."""

    conninfo: str


def configured() -> Shared | None:
    """The shared store when $BINJAI_WAREHOUSE is a DuckLake address, else None (the files beside the accounts)."""
    return for_warehouse(settings.warehouse_address())


def for_warehouse(address: object) -> Shared | None:
    """The shared store of the warehouse `address` when it is a DuckLake address, else None."""
    if not lake.is_lake(address):
        return None
    try:
        url = lake.parse(str(address))
    except ValueError as err:
        raise StoreError("auth.shared_unavailable") from err
    return Shared(psycopg.conninfo.make_conninfo(host=url.host, port=url.port, dbname=url.dbname, user=url.user))


def place_for(named_file: object) -> Shared | None:
    """The one rule of where sign-in state lives: a file named by the caller is used as before (None here);
    otherwise the shared store when it is configured."""
    return configured() if named_file is None else None


class Connection:
    """A transaction on the shared store that takes the same `?`-parameter SQL as sqlite3."""

    def __init__(self, con: psycopg.Connection) -> None:
        self._con = con

    def execute(self, sql: str, params: Sequence[object] = ()) -> psycopg.Cursor:
        """Run one statement with bound parameters (`?` placeholders)."""
        return self._con.execute(sql.replace("?", "%s"), params)


def _pool(place: Shared) -> ConnectionPool:
    """This process's pool for `place`, opened on first use."""
    with _POOLS_LOCK:
        pool = _POOLS.get(place.conninfo)
        if pool is None:
            pool = ConnectionPool(place.conninfo, min_size=1, max_size=POOL_SIZE, timeout=POOL_WAIT, num_workers=1,
                                  check=ConnectionPool.check_connection, name=APPLICATION_NAME, open=True,
                                  kwargs={"autocommit": True, "connect_timeout": 10,
                                          "application_name": APPLICATION_NAME,
                                          "options": f"-c search_path={SCHEMA_NAME}"})
            _POOLS[place.conninfo] = pool
        return pool


def _forget_inherited_pools() -> None:
    """In a forked child: the parent's pools share its sockets and lost their threads; keep them unused (never
    closed, which would end the parent's sessions) and start new ones on demand."""
    _INHERITED.extend(_POOLS.values())
    _POOLS.clear()
    global _POOLS_LOCK
    _POOLS_LOCK = threading.Lock()


def close_pools() -> None:
    """Close this process's pools (at exit, and in tests)."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.close()


os.register_at_fork(after_in_child=_forget_inherited_pools)
atexit.register(close_pools)


@contextmanager
def connect(place: Shared) -> Iterator[Connection]:
    """One transaction on the shared store (tables created on first use); StoreError when it cannot be reached."""
    pool = _pool(place)
    try:
        con = pool.getconn()
    except psycopg.Error as err:  # includes the pool's timeout
        raise StoreError("auth.shared_unavailable") from err
    try:
        if place.conninfo not in _READY:
            with con.transaction():
                con.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEMA_LOCK])
                for statement in _TABLES:
                    con.execute(statement)
            _READY.add(place.conninfo)
        with con.transaction():
            yield Connection(con)
    except psycopg.Error as err:
        raise StoreError("auth.shared_unavailable") from err
    finally:
        pool.putconn(con)  # a broken connection is discarded and replaced
