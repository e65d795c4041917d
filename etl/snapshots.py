"""Restore on a DuckLake warehouse through its snapshots: every table goes back to what it held at the snapshot
before the last write, in one new commit (history kept: the undone state stays readable as an older snapshot).

The commit is marked with a message naming the snapshot it restored, so restoring again right after a restore
goes back to the same snapshot (as a file's restore copies the same `.prev` again) instead of undoing the restore.
"""

from __future__ import annotations

import re

import duckdb

from binjai import lake, schema
from binjai.storage import WarehouseError

_MESSAGE = "binjai restore to snapshot {}"
_MARK = re.compile(r"binjai restore to snapshot (\d+)")


def target(con: duckdb.DuckDBPyConnection) -> int | None:
    """The snapshot a restore goes back to, or None when there is none holding the warehouse's tables."""
    rows = con.execute("SELECT snapshot_id, commit_message FROM lake.snapshots() "
                       "ORDER BY snapshot_id DESC LIMIT 2").fetchall()
    mark = _MARK.fullmatch(rows[0][1] or "")
    version = int(mark.group(1)) if mark else (rows[1][0] if len(rows) > 1 else None)
    if version is None:
        return None
    try:
        con.execute(f"SELECT count(*) FROM load_batches AT (VERSION => {int(version)})").fetchone()
    except duckdb.Error:
        return None
    return int(version)


def _columns_at(con: duckdb.DuckDBPyConnection, table: str, version: int) -> list[str] | None:
    """The columns `table` had at snapshot `version` (None when it did not exist then)."""
    try:
        return [d[0] for d in con.execute(f"SELECT * FROM {schema.quote(table)} AT (VERSION => {version}) "
                                          "LIMIT 0").description]
    except duckdb.Error:
        return None


def _restore(con: duckdb.DuckDBPyConnection) -> int:
    version = target(con)
    if version is None:
        raise WarehouseError("db.no_previous")
    con.execute(f"CALL lake.set_commit_message('binjai', {schema.literal(_MESSAGE.format(version))})")
    tables = [row[0] for row in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'lake' "
                                            "ORDER BY table_name").fetchall()]
    for table in tables:
        name, columns = schema.quote(table), _columns_at(con, table, version)
        if columns is None:  # made by a later upgrade: it held nothing then
            con.execute(f"DELETE FROM {name}")
            continue
        listed = ", ".join(schema.quote(c) for c in columns)
        # read the old rows first: inside the transaction, a time-travel read after the DELETE sees nothing
        con.execute(f"CREATE TEMP TABLE restore_rows AS SELECT {listed} FROM {name} AT (VERSION => {version})")
        con.execute(f"DELETE FROM {name}")
        con.execute(f"INSERT INTO {name} ({listed}) SELECT {listed} FROM restore_rows")
        con.execute("DROP TABLE restore_rows")
    return version


def restore_previous(address: str) -> int:
    """Put the lake back to the snapshot before its last write; returns that snapshot's id."""
    try:
        con = lake.connect(address)
    except duckdb.Error as err:
        raise WarehouseError("db.unreadable", detail=str(err).splitlines()[0]) from err
    try:
        return lake.write(con, _restore)
    finally:
        con.close()


def previous_ok(address: str) -> bool:
    """True when the lake opens and has a snapshot to go back to."""
    try:
        con = lake.connect(address)
    except duckdb.Error:
        return False
    try:
        return target(con) is not None
    finally:
        con.close()
