"""The shared warehouse: DuckLake with a PostgreSQL catalog, selected by
`BINJAI_WAREHOUSE=ducklake+postgresql://user@host:port/dbname?data_path=/folder/` (a local folder or `s3://`).

Queries stay in DuckDB's dialect: a connection attaches the lake and makes it the default database, so the same
SQL runs on the embedded file and on the lake. A write is one transaction; DuckLake detects a conflicting
concurrent write at commit, and the whole write is then retried on a fresh transaction.

An `s3://` data path is reached through DuckDB's httpfs extension with a temporary S3 secret made from the
environment only (never from the address, never logged): AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_SESSION_TOKEN, AWS_REGION, and for an S3-compatible server (MinIO) BINJAI_S3_ENDPOINT, BINJAI_S3_URL_STYLE
and BINJAI_S3_USE_SSL. Each connection first lists the data path, so an unreachable store, a missing bucket or
refused credentials is told as such before anything is read or written.
"""

from __future__ import annotations

import contextlib
import logging
import os
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
from binjai.errors import UserFacingError

SCHEME = "ducklake+postgresql"
OBJECT_STORE = "s3://"
ATTEMPTS = 8
T = TypeVar("T")
LOG = logging.getLogger(__name__)


class StorageError(UserFacingError):
    """The lake's object storage cannot be reached, has no such bucket, or refuses this machine's credentials."""


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

    @property
    def on_object_store(self) -> bool:
        """True when the data files live in S3-compatible object storage."""
        return self.data_path.startswith(OBJECT_STORE)

    @property
    def bucket(self) -> str:
        """The bucket of an object-store data path."""
        return self.data_path.removeprefix(OBJECT_STORE).split("/", 1)[0]


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
    if parts.password or "@" in urlsplit(data_path).netloc:
        raise ValueError("the address carries no credentials: ~/.pgpass for PostgreSQL, the environment for S3")
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
    if url.on_object_store:
        try:
            _open_object_store(con, url)
        except BaseException:
            con.close()
            raise
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


def _flag(name: str, default: bool) -> bool:
    """A yes/no environment setting (1/0, true/false, yes/no, on/off); StorageError for anything else."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
        raise StorageError("lake.s3_bad_setting", name=name, value=value)
    return value in ("1", "true", "yes", "on")


def s3_options() -> dict[str, object]:
    """The S3 secret's options, from the environment only (see the module's docstring)."""
    env = os.environ
    options: dict[str, object] = {"REGION": env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1"}
    if env.get("AWS_ACCESS_KEY_ID"):
        options |= {"KEY_ID": env["AWS_ACCESS_KEY_ID"], "SECRET": env.get("AWS_SECRET_ACCESS_KEY", "")}
    if env.get("AWS_SESSION_TOKEN"):
        options["SESSION_TOKEN"] = env["AWS_SESSION_TOKEN"]
    endpoint = env.get("BINJAI_S3_ENDPOINT", "").strip()
    parts = urlsplit(endpoint if "://" in endpoint else f"https://{endpoint}")
    if endpoint:
        options["ENDPOINT"] = parts.netloc
    style = env.get("BINJAI_S3_URL_STYLE", "path" if endpoint else "").strip().lower()
    if style not in ("", "path", "vhost"):
        raise StorageError("lake.s3_bad_setting", name="BINJAI_S3_URL_STYLE", value=style)
    if style:
        options["URL_STYLE"] = style
    options["USE_SSL"] = _flag("BINJAI_S3_USE_SSL", parts.scheme != "http")
    return options


def _open_object_store(con: duckdb.DuckDBPyConnection, url: LakeUrl) -> None:
    """Load httpfs, create the S3 secret from the environment and check that the data path can be listed."""
    extensions.load(con, "httpfs")
    options = s3_options()
    con.execute(f"CREATE OR REPLACE TEMPORARY SECRET binjai_s3 (TYPE s3, {', '.join(f'{k} ?' for k in options)})",
                list(options.values()))
    try:  # a pattern no file has: one small listing whatever the lake holds
        con.execute("SELECT count(*) FROM glob(?)", [url.data_path + "binjai-probe-*"]).fetchone()
    except duckdb.Error as err:
        raise storage_error(err, url) from err


def storage_error(err: duckdb.Error, url: LakeUrl, *, reading: bool = False) -> StorageError:
    """The user's message for a failed object-storage request (the technical reason goes to the log); `reading`:
    a data file of a connected lake, where 404 means a missing file rather than a missing bucket."""
    status = getattr(err, "status_code", None)
    keys = {401: "lake.s3_refused", 403: "lake.s3_refused",
            404: "lake.s3_read_failed" if reading else "lake.s3_no_bucket"}
    default = "lake.s3_read_failed" if reading and status else "lake.s3_unreachable"
    LOG.warning("object storage %s: %s", url.data_path, str(err).splitlines()[0])
    return StorageError(keys.get(status, default), bucket=url.bucket, status=status or "-")


def refusal(err: duckdb.Error, address: str, *, reading: bool) -> StorageError | None:
    """The refusal for a query that failed reading (`reading`) or writing the object storage of lake `address`;
    None for other errors."""
    url = parse(address)
    if not url.on_object_store or not isinstance(err, duckdb.IOException):
        return None
    return storage_error(err, url, reading=reading)


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
