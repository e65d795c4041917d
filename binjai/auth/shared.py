"""The shared sign-in store: accounts, sessions, sign-in throttling and the audit log in PostgreSQL.

When $BINJAI_WAREHOUSE is a `ducklake+postgresql://` address, these tables live in schema `binjai_auth` of the
lake's catalog database, so every dashboard replica signs a user in and every admin sees every action. It is
reached with psycopg 3: short transactions, row upserts and advisory locks, one connection per call.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg

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


@dataclass(frozen=True)
class Shared:
    """The shared store's PostgreSQL connection string."""

    conninfo: str


def configured() -> Shared | None:
    """The shared store when $BINJAI_WAREHOUSE is a DuckLake address, else None (the files beside the accounts)."""
    address = settings.warehouse_address()
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


@contextmanager
def connect(place: Shared) -> Iterator[Connection]:
    """One transaction on the shared store (tables created on first use); StoreError when it cannot be reached."""
    try:
        con = psycopg.connect(place.conninfo, autocommit=True, connect_timeout=10,
                              options=f"-c search_path={SCHEMA_NAME}")
    except psycopg.Error as err:
        raise StoreError("auth.shared_unavailable") from err
    try:
        with con:
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
