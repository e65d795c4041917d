"""The DuckDB warehouse: batches, history, current tables, and the all-or-nothing write path.

Writes never touch the live file. A writer takes an exclusive lock, copies the live file, applies one change
to the copy, checkpoints it and atomically renames it over the live file (keeping the previous version as
`<db>.prev`). Readers therefore see either the old or the new version, never a half-loaded batch, and a writer
killed at any point leaves the live file untouched.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

from binjai import clock, integrity, lake, schema, storage
from data_sources import get_contract
from data_sources.contract import Contract

LOCK_WAIT_SECONDS = storage.LOCK_WAIT_SECONDS
WarehouseError = storage.WarehouseError
exclusive_lock = storage.exclusive_lock
BATCH_NAMES = tuple(name for name, _ in schema.BATCH_COLUMNS)
_quote = schema.quote
T = TypeVar("T")
# Called inside a write once batch `batch_id` is applied or undone, on the write's connection (alerts).
Within = Callable[[duckdb.DuckDBPyConnection, int], None]


@dataclass(frozen=True)
class LoadResult:
    """What one load did."""

    source: str
    batch_id: int | None
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    duplicate_of: int | None = None


@dataclass(frozen=True)
class Preview:
    """What a load would change: new rows, updated rows (with their changed fields), unchanged count, and the
    stored rows that the first updated rows replace."""

    new: pd.DataFrame
    updated: pd.DataFrame
    unchanged: int
    previous: pd.DataFrame = field(default_factory=pd.DataFrame)


def history_table(source: str) -> str:
    """Name of the table that keeps every version of every row of `source`."""
    return schema.history_name(get_contract(source).name)


def _remove_stale_copies(db: Path) -> None:
    for stale in db.parent.glob(db.name + ".work-*"):
        stale.unlink(missing_ok=True)


@contextmanager
def writing(db: Path, *, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a private copy of the warehouse, swapped in atomically on success."""
    db = Path(db)
    storage.ensure_readable(db)
    with exclusive_lock(db, wait_seconds):
        _remove_stale_copies(db)
        work = db.with_name(f"{db.name}.work-{uuid.uuid4().hex}")
        if db.exists():
            digest = integrity.copy(db, work)
            verdict = integrity.verdict(db, digest)
            if verdict is False:
                work.unlink()
                raise WarehouseError("db.damaged")
            if verdict is None:  # a file from a release without checksums: it becomes `.prev`, a good version
                integrity.record(db, digest)
        con = duckdb.connect(str(work))
        try:
            schema.upgrade(con)
            yield con
            con.execute("CHECKPOINT")
            con.close()
            with open(work, "rb") as handle:
                os.fsync(handle.fileno())
            _publish(db, work)
        except BaseException:
            con.close()
            work.unlink(missing_ok=True)
            work.with_name(work.name + ".wal").unlink(missing_ok=True)
            raise


def _publish(db: Path, work: Path) -> None:
    integrity.record(db, integrity.file_sha256(work))
    previous = db.with_name(db.name + ".prev")
    if db.exists():
        previous.unlink(missing_ok=True)
        os.link(db, previous)
    os.replace(work, db)
    dir_fd = os.open(db.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def write(db: Path | str, body: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Run `body` as one all-or-nothing write: on the file (locked copy, swapped in) or on the lake (one
    transaction, retried on a conflicting concurrent commit)."""
    if lake.is_lake(db):
        con = lake.connect(str(db))
        try:
            return lake.write(con, body)
        except duckdb.IOException as err:  # the object storage failed under the write, which was rolled back
            refused = lake.refusal(err, str(db), reading=False)
            if refused is None:
                raise
            raise refused from err
        finally:
            con.close()
    with writing(Path(db)) as con:
        return body(con)


def exists(db: Path | str) -> bool:
    """True when the warehouse exists (a lake always does once its address is set)."""
    return lake.is_lake(db) or Path(db).exists()


def reading(db: Path | str) -> duckdb.DuckDBPyConnection:
    """A connection for reading, for the command line and tests (the dashboard uses binjai.db instead): read-only
    on the file, the lake as its default database on DuckLake."""
    if lake.is_lake(db):
        return lake.connect(str(db))
    storage.ensure_readable(Path(db))
    return duckdb.connect(str(db), read_only=True)


def _typed_select(contract: Contract, alias: str = "i") -> str:
    return ", ".join(f"CAST({alias}.{_quote(c.name)} AS {c.sql_type}) AS {_quote(c.name)}" for c in contract.columns)


def _classify(con: duckdb.DuckDBPyConnection, contract: Contract, frame: pd.DataFrame) -> None:
    """Create temp table `incoming_changes`: the frame's rows typed, with `_change` and `_changed` fields."""
    con.register("incoming_frame", frame.reset_index(drop=True))
    src = _quote(contract.name)
    key_join = " AND ".join(f"i.{_quote(k)} IS NOT DISTINCT FROM c.{_quote(k)}" for k in contract.key)
    flags = ", ".join(
        f"CASE WHEN i.{_quote(c.name)} IS DISTINCT FROM c.{_quote(c.name)} THEN '{c.name}' END"
        for c in contract.columns if c.name not in contract.key
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE incoming_changes AS
        WITH i AS (SELECT {_typed_select(contract, 'f')} FROM incoming_frame f),
        compared AS (
            SELECT i.*, c.{_quote(contract.key[0])} IS NULL AS _is_new,
                   list_filter([{flags}], lambda x: x IS NOT NULL) AS _changed
            FROM i LEFT JOIN {src} c ON {key_join}
        )
        SELECT * EXCLUDE (_is_new),
               CASE WHEN _is_new THEN 'new' WHEN len(_changed) > 0 THEN 'updated' ELSE 'unchanged' END AS _change
        FROM compared"""
    )
    con.unregister("incoming_frame")


def _write_order(contract: Contract) -> str:
    """Rows are written in date order: each batch's files (DuckLake) or row groups (file) then cover a narrow date
    range, so a query for a period skips the others by their min/max statistics."""
    return f"ORDER BY {_quote(contract.date_column)}"


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = con.execute("SELECT _change, count(*) FROM incoming_changes GROUP BY 1").fetchall()
    return {"new": 0, "updated": 0, "unchanged": 0} | dict(rows)


def preview(db: Path, source: str, frame: pd.DataFrame, previous_limit: int = 200) -> Preview:
    """What loading `frame` would change, computed without writing anything."""
    contract = get_contract(source)
    con = lake.connect(str(db)) if lake.is_lake(db) else duckdb.connect(":memory:")
    try:
        if lake.is_lake(db):
            pass  # the lake connection's default database is the warehouse itself
        elif Path(db).exists():
            storage.ensure_readable(Path(db))
            if integrity.is_good(db) is False:
                raise WarehouseError("db.damaged")
            schema.attach_current(con, str(db))
        else:
            schema.upgrade(con)
        _classify(con, contract, frame)
        cols = ", ".join(_quote(c) for c in contract.column_names)
        new = con.execute(f"SELECT {cols} FROM incoming_changes WHERE _change = 'new'").df()
        updated = con.execute(
            f"SELECT {cols}, array_to_string(_changed, ', ') AS changed_fields FROM incoming_changes "
            "WHERE _change = 'updated'"
        ).df()
        match = " AND ".join(f"c.{_quote(k)} IS NOT DISTINCT FROM u.{_quote(k)}" for k in contract.key)
        previous = con.execute(
            f"SELECT {', '.join(f'c.{_quote(c)}' for c in contract.column_names)} FROM {_quote(contract.name)} c "
            f"SEMI JOIN (SELECT * FROM incoming_changes WHERE _change = 'updated' LIMIT ?) u ON {match}",
            [previous_limit],
        ).df()
        return Preview(new, updated, _counts(con)["unchanged"], previous)
    except duckdb.Error as err:
        raise WarehouseError("db.unreadable", detail=str(err).splitlines()[0]) from err
    finally:
        con.close()


def _next_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    """The next batch id, from the one-row counter: two simultaneous writers both update that row, so on the lake
    the second commit conflicts and is retried instead of reusing an id (max+1 would hand out the same id)."""
    con.execute("UPDATE batch_counter SET n = greatest(n, (SELECT coalesce(max(batch_id), 0) FROM load_batches)) + 1")
    return int(con.execute("SELECT max(n) FROM batch_counter").fetchone()[0])


def _duplicate_batch(con: duckdb.DuckDBPyConnection, source: str, sha256: str) -> int | None:
    row = con.execute(
        "SELECT batch_id FROM load_batches WHERE source = ? AND sha256 = ? AND state = 'committed' "
        "ORDER BY batch_id DESC LIMIT 1", [source, sha256]
    ).fetchone()
    return None if row is None else int(row[0])


def apply_batch(con: duckdb.DuckDBPyConnection, source: str, frame: pd.DataFrame, *, file_name: str, sha256: str,
                user: str, is_sample: bool = False, rows_read: int | None = None) -> LoadResult:
    """Within a write: record one batch and apply its new and changed rows (history first, then current)."""
    contract = get_contract(source)
    duplicate = _duplicate_batch(con, source, sha256)
    if duplicate is not None:
        return LoadResult(source, None, rows_read or len(frame), 0, 0, len(frame), duplicate_of=duplicate)
    _classify(con, contract, frame)
    counts = _counts(con)
    batch_id = _next_batch_id(con)
    cols = ", ".join(_quote(c) for c in contract.column_names)
    order = _write_order(contract)
    con.execute(
        f"INSERT INTO {history_table(source)} ({cols}, batch_id) "
        f"SELECT {cols}, ? FROM incoming_changes WHERE _change <> 'unchanged' {order}", [batch_id],
    )
    if counts["updated"]:
        key_cols = ", ".join(_quote(k) for k in contract.key)
        con.execute(
            f"DELETE FROM {_quote(source)} WHERE ({key_cols}) IN "
            f"(SELECT ({key_cols}) FROM incoming_changes WHERE _change = 'updated')"
        )
    con.execute(
        f"INSERT INTO {_quote(source)} ({cols}) SELECT {cols} FROM incoming_changes WHERE _change <> 'unchanged' "
        f"{order}")
    con.execute(
        f"INSERT INTO load_batches ({', '.join(BATCH_NAMES)}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'committed', ?, NULL, NULL)",
        [batch_id, source, file_name, sha256, rows_read or len(frame), counts["new"], counts["updated"],
         counts["unchanged"], user, clock.now(), is_sample],
    )
    con.execute("DROP TABLE incoming_changes")
    return LoadResult(source, batch_id, rows_read or len(frame), counts["new"], counts["updated"], counts["unchanged"])


def load_frame(db: Path | str, source: str, frame: pd.DataFrame, *, file_name: str, sha256: str, user: str,
               is_sample: bool = False, rows_read: int | None = None,
               before_publish: Callable[[], None] | None = None, within: Within | None = None) -> LoadResult:
    """Load one validated frame as one batch, all or nothing; `within` runs in the same write once it is applied
    (not for a file already loaded, which writes no batch)."""

    def body(con: duckdb.DuckDBPyConnection) -> LoadResult:
        result = apply_batch(con, source, frame, file_name=file_name, sha256=sha256, user=user,
                             is_sample=is_sample, rows_read=rows_read)
        if within is not None and result.batch_id is not None:
            within(con, result.batch_id)
        if before_publish is not None:
            before_publish()
        return result

    return write(db, body)


def rollback(db: Path | str, batch_id: int, user: str, within: Within | None = None) -> dict:
    """Undo a committed batch: the source returns exactly to its state before that batch; `within` runs in the
    same write."""
    if not exists(db):
        raise WarehouseError("rollback.unknown", batch_id=batch_id)

    def body(con: duckdb.DuckDBPyConnection) -> dict:
        done = _rollback(con, batch_id, user)
        if within is not None:
            within(con, batch_id)
        return done

    return write(db, body)


def _rollback(con: duckdb.DuckDBPyConnection, batch_id: int, user: str) -> dict:
    """Within a write: mark the batch rolled back and rebuild its source's current table from history."""
    row = con.execute("SELECT source, state FROM load_batches WHERE batch_id = ?", [batch_id]).fetchone()
    if row is None:
        raise WarehouseError("rollback.unknown", batch_id=batch_id)
    source, state = row
    if state != "committed":
        raise WarehouseError("rollback.not_committed", batch_id=batch_id)
    later = [r[0] for r in con.execute(
        "SELECT batch_id FROM load_batches WHERE source = ? AND batch_id > ? AND state = 'committed' "
        "AND rows_inserted + rows_updated > 0 ORDER BY batch_id", [source, batch_id]).fetchall()]
    if later:
        raise WarehouseError("rollback.later", batch_id=batch_id, later=", ".join(map(str, later)))
    con.execute("UPDATE load_batches SET state = 'rolled_back', undone_at = ?, undone_by = ? WHERE batch_id = ?",
                [clock.now(), user, batch_id])
    _rebuild_current(con, get_contract(source))
    return {"batch_id": batch_id, "source": source}


def _rebuild_current(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    cols = ", ".join(_quote(c) for c in contract.column_names)
    keys = ", ".join(f"h.{_quote(k)}" for k in contract.key)
    con.execute(f"DELETE FROM {_quote(contract.name)}")
    con.execute(
        f"""INSERT INTO {_quote(contract.name)} ({cols})
        SELECT {cols} FROM (
            SELECT h.* FROM {history_table(contract.name)} h JOIN load_batches b USING (batch_id)
            WHERE b.state = 'committed'
            QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY h.batch_id DESC) = 1
        ) {_write_order(contract)}"""
    )


def _read(db: Path | str, sql: str, params: list) -> pd.DataFrame:
    """One read query on the current file (seen through this release's schema) or the lake; never writes."""
    if lake.is_lake(db):
        con = lake.connect(str(db))
    else:
        storage.ensure_readable(Path(db))
        con = duckdb.connect(":memory:")
    try:
        if not lake.is_lake(db):
            schema.attach_current(con, str(db), alias="f")
        return con.execute(sql, params).df()
    except duckdb.Error as err:
        raise WarehouseError("db.unreadable", detail=str(err).splitlines()[0]) from err
    finally:
        con.close()


def history(db: Path, limit: int = 200) -> pd.DataFrame:
    """The newest batches, newest first."""
    if not exists(db):
        return pd.DataFrame(columns=list(BATCH_NAMES))
    return _read(db, f"SELECT {', '.join(BATCH_NAMES)} FROM load_batches ORDER BY batch_id DESC LIMIT ?", [limit])


def has_data(db: Path) -> bool:
    """True when the warehouse holds at least one committed batch."""
    return exists(db) and bool(
        _read(db, "SELECT count(*) AS n FROM load_batches WHERE state = 'committed'", [])["n"].iloc[0])


def batch(db: Path, batch_id: int) -> dict | None:
    """One batch's row of the batch log, or None."""
    if not exists(db):
        return None
    found = _read(db, f"SELECT {', '.join(BATCH_NAMES)} FROM load_batches WHERE batch_id = ?", [batch_id])
    return None if found.empty else found.iloc[0].to_dict()
