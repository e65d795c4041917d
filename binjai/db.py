"""Read side of the warehouse: the one place that opens DuckDB for the dashboard.

The live file is replaced atomically by each load (see etl.warehouse). DuckDB caches database instances by
path inside a process, so the reader opens each version through its own hard link under `.snapshots/`; a
changed inode means a new version, a new link and a fresh connection. In a read-only data folder (no links
possible, and no writer either) the file itself is opened. A new version is first checked against the
checksums of published versions (binjai.integrity), so a damaged file is refused instead of half read, and is
seen through this release's schema (binjai.schema), so a file written by an earlier release reads as current.
Each query runs on its own cursor (DuckDB connections are not shared across threads) and takes values only as
parameters.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from binjai import integrity, lake, schema, storage
from binjai.errors import UserFacingError

SHARED_ENTRIES = 64


class QueryCounter:
    """How many read queries ran: in total and in the calling thread (a Streamlit script run has its own thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._local = threading.local()
        self.total = 0

    def add(self) -> None:
        """Count one query."""
        with self._lock:
            self.total += 1
        self._local.count = self.in_thread() + 1

    def in_thread(self) -> int:
        """Queries run so far by the calling thread."""
        return getattr(self._local, "count", 0)


QUERIES = QueryCounter()


class WarehouseUnavailable(UserFacingError):
    """The database file is missing or cannot be opened."""

    def __init__(self, key: str, detail: str = "", **params: object) -> None:
        super().__init__(key, detail=detail, **params)
        self.detail = detail


@dataclass(frozen=True)
class Version:
    """Identity of one published version of the database file."""

    inode: int
    mtime_ns: int
    size: int

    @property
    def token(self) -> str:
        """A short string that changes with every load; used in cache keys."""
        return f"{self.inode}-{self.mtime_ns}-{self.size}"


class Warehouse:
    """Read-only access to the current version of the warehouse file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._version: Version | None = None
        self._link: Path | None = None
        self._shared: OrderedDict[Hashable, object] = OrderedDict()
        self._refused: tuple[Version, WarehouseUnavailable] | None = None
        self.read_only_folder = False

    def version(self) -> Version | None:
        """The version on disk now, or None when there is no database yet."""
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return Version(stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def _connection(self) -> duckdb.DuckDBPyConnection:
        current = self.version()
        if current is None:
            raise WarehouseUnavailable("db.missing")
        with self._lock:
            if self._con is None or current != self._version:
                if storage.ensure_readable(self.path):
                    current = self.version() or current
                self._open(current)
            return self._con

    def _snapshot(self, version: Version) -> Path:
        """A hard link to this version under `.snapshots/`, or the file itself when the folder is read-only."""
        snapshots = self.path.parent / ".snapshots"
        link = snapshots / f"{self.path.stem}-{version.token}.duckdb"
        try:
            snapshots.mkdir(exist_ok=True)
            if not link.exists():
                os.link(self.path, link)
        except OSError:
            self.read_only_folder = not os.access(self.path.parent, os.W_OK)
            return self.path
        self.read_only_folder = False
        return link

    def _open(self, version: Version) -> None:
        if self._refused is not None and self._refused[0] == version:
            raise self._refused[1]
        link = self._snapshot(version)
        try:
            if integrity.is_good(self.path, link) is False:
                raise WarehouseUnavailable("db.damaged")
            con = duckdb.connect(":memory:")
            schema.attach_current(con, str(link))
            con.execute("SELECT count(*) FROM load_batches").fetchone()
        except (duckdb.Error, OSError, WarehouseUnavailable) as err:
            if link != self.path:
                link.unlink(missing_ok=True)
            refusal = err if isinstance(err, WarehouseUnavailable) else WarehouseUnavailable(
                "db.unreadable", str(err).splitlines()[0])
            self._refused = (version, refusal)
            raise refusal from err
        self._con, self._version, self._link, self._refused = con, version, link, None
        self._shared.clear()
        if link != self.path:
            self._remove_stale_links(link, version)

    def _remove_stale_links(self, link: Path, version: Version) -> None:
        """Unlink snapshots of older versions (best effort: a folder turned read-only keeps them)."""
        for stale in link.parent.glob(f"{self.path.stem}-*.duckdb"):
            with contextlib.suppress(OSError):
                if stale != link and stale.stat().st_ino != version.inode:
                    stale.unlink()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own for one query (connections are not shared across threads)."""
        return self._connection().cursor()

    def query(self, sql: str, params: list | dict | None = None, frames: dict[str, pd.DataFrame] | None = None
              ) -> pd.DataFrame:
        """Run one read query with bound parameters; `frames` are registered as tables for this query only."""
        QUERIES.add()
        cursor = self._cursor()
        try:
            for name, frame in (frames or {}).items():
                cursor.register(name, frame)
            return cursor.execute(sql, params or []).df()
        finally:
            cursor.close()

    def shared(self, key: Hashable, compute: Callable[[], object]) -> object:
        """`compute()` once per database version for `key`: frames several figures of a page are built from are
        read once (a copy is returned, so callers may change it). The newest SHARED_ENTRIES results are kept."""
        self._connection()
        current = self.version()
        key = (current.token if current else "", key)
        with self._lock:
            found = key in self._shared
            if found:
                self._shared.move_to_end(key)
                value = self._shared[key]
        if not found:
            value = compute()
            with self._lock:
                self._shared[key] = value
                while len(self._shared) > SHARED_ENTRIES:
                    self._shared.popitem(last=False)
        return value.copy() if hasattr(value, "copy") else value

    def forget_shared(self) -> None:
        """Drop every shared result (the benchmark and tests measure cold runs)."""
        with self._lock:
            self._shared.clear()

    def scalar(self, sql: str, params: list | dict | None = None) -> object:
        """The first value of the first row."""
        QUERIES.add()
        cursor = self._cursor()
        try:
            row = cursor.execute(sql, params or []).fetchone()
            return None if row is None else row[0]
        finally:
            cursor.close()


@dataclass(frozen=True)
class LakeVersion:
    """Identity of one DuckLake snapshot."""

    snapshot_id: int

    @property
    def token(self) -> str:
        """Changes with every commit to the lake, from any process or machine; used in cache keys."""
        return f"lake-{self.snapshot_id}"


class LakeWarehouse(Warehouse):
    """Read access to a shared DuckLake warehouse; every query sees the newest committed snapshot."""

    def __init__(self, address: str) -> None:
        super().__init__(Path("."))
        self.path = address  # type: ignore[assignment]  # the address, handed back to warehouse() by the cache
        self._probe: lake.CatalogProbe | None = None

    def version(self) -> LakeVersion:  # type: ignore[override]
        """The lake's newest snapshot, read from its catalog (every cached query result is keyed on it, so it
        is asked for once per query a page runs)."""
        self._connection()  # attaches the lake first: that creates the catalog of a new lake
        try:
            with self._lock:
                if self._probe is None:
                    self._probe = lake.CatalogProbe(lake.parse(str(self.path)))
            return LakeVersion(self._probe.snapshot_id())
        except ConnectionError as err:
            raise WarehouseUnavailable("db.unreadable", str(err)) from err

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """Object storage failing under a query (a lost bucket, a revoked key) is a refusal the page can show."""
        try:
            yield
        except duckdb.IOException as err:
            refused = lake.refusal(err, str(self.path), reading=True)
            if refused is None:
                raise
            raise WarehouseUnavailable(refused.key, **refused.params) from err

    def query(self, sql: str, params: list | dict | None = None, frames: dict[str, pd.DataFrame] | None = None
              ) -> pd.DataFrame:
        """Run one read query on the lake (see Warehouse.query)."""
        with self._reading():
            return super().query(sql, params, frames)

    def scalar(self, sql: str, params: list | dict | None = None) -> object:
        """The first value of the first row (see Warehouse.scalar)."""
        with self._reading():
            return super().scalar(sql, params)

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor whose default database is the lake (a cursor does not inherit its connection's USE)."""
        cursor = self._connection().cursor()
        cursor.execute("USE lake")
        return cursor

    def _connection(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            if self._con is None:
                try:
                    self._con = lake.connect(str(self.path))
                except lake.StorageError as err:
                    raise WarehouseUnavailable(err.key, **err.params) from err
                except (duckdb.Error, OSError, ValueError) as err:
                    raise WarehouseUnavailable("db.unreadable", str(err).splitlines()[0]) from err
            return self._con


_WAREHOUSES: dict[Path | str, Warehouse] = {}
_REGISTRY_LOCK = threading.Lock()


def reader(address: Path | str) -> Warehouse:
    """A new reader of its own for a DuckDB file or a DuckLake address (warehouse() gives the shared one)."""
    return LakeWarehouse(str(address)) if lake.is_lake(str(address)) else Warehouse(Path(address))


def warehouse(path: Path | str) -> Warehouse:
    """The process-wide reader for `path` (a DuckDB file, or a DuckLake address)."""
    key = str(path) if lake.is_lake(str(path)) else Path(path).resolve()
    with _REGISTRY_LOCK:
        if key not in _WAREHOUSES:
            _WAREHOUSES[key] = reader(key)
        return _WAREHOUSES[key]
