"""The warehouse schema declared once, its version, and the upgrade of a warehouse written by an earlier release.

Version 1 is every release before the version was recorded. An upgrade only adds (tables for new sources,
new columns as empty, new bookkeeping tables); it never drops or rewrites a column, so history is kept.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from data_sources import CONTRACTS

SCHEMA_VERSION = 2
BATCH_COLUMNS = (
    ("batch_id", "BIGINT"), ("source", "VARCHAR"), ("file_name", "VARCHAR"), ("sha256", "VARCHAR"),
    ("rows_read", "BIGINT"), ("rows_inserted", "BIGINT"), ("rows_updated", "BIGINT"), ("rows_unchanged", "BIGINT"),
    ("user_name", "VARCHAR"), ("loaded_at", "TIMESTAMP"), ("state", "VARCHAR"), ("is_sample", "BOOLEAN"),
    ("undone_at", "TIMESTAMP"), ("undone_by", "VARCHAR"),
)
INFO_COLUMNS = (("key", "VARCHAR"), ("value", "VARCHAR"))
COUNTER_COLUMNS = (("n", "BIGINT"),)
# Alerts opened and closed after each load or undo (etl.alerts; read by binjai.alerts).
ALERT_COLUMNS = (
    ("alert_id", "BIGINT"), ("rule_id", "VARCHAR"), ("kind", "VARCHAR"), ("key", "VARCHAR"), ("value", "DOUBLE"),
    ("opened_batch", "BIGINT"), ("opened_event", "VARCHAR"), ("opened_at", "TIMESTAMP"), ("closed_batch", "BIGINT"),
    ("closed_event", "VARCHAR"), ("closed_at", "TIMESTAMP"),
)


def quote(name: str) -> str:
    """A double-quoted SQL identifier; refuses anything but letters, digits and underscores."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unsafe identifier {name!r}")
    return f'"{name}"'


def literal(value: str) -> str:
    """A SQL string literal, for the one statement that takes no bound parameter on DuckDB 1.5 (ATTACH's path)."""
    if "\0" in value:
        raise ValueError("NUL in a path")
    return "'" + value.replace("'", "''") + "'"


def attach(con: duckdb.DuckDBPyConnection, path: str, alias: str, *, read_only: bool = True) -> None:
    """Attach a database file as `alias` (read-only by default)."""
    con.execute(f"ATTACH {literal(path)} AS {quote(alias)}{' (READ_ONLY)' if read_only else ''}")


def history_name(source: str) -> str:
    """Name of the table that keeps every version of every row of `source`."""
    return f"history_{source}"


def tables() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every table the current release expects: name -> ((column, SQL type), ...)."""
    declared: dict[str, tuple[tuple[str, str], ...]] = {"load_batches": BATCH_COLUMNS, "schema_info": INFO_COLUMNS,
                                                     "batch_counter": COUNTER_COLUMNS, "alert_history": ALERT_COLUMNS}
    for contract in CONTRACTS.values():
        columns = tuple((c.name, c.sql_type) for c in contract.columns)
        declared[contract.name] = columns
        declared[history_name(contract.name)] = (*columns, ("batch_id", "BIGINT"))
    return declared


def existing(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> dict[str, set[str]]:
    """The tables of `catalog` (default: the connection's own database) and their column names."""
    rows = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = coalesce(?, current_database()) AND schema_name = 'main'", [catalog]
    ).fetchall()
    found: dict[str, set[str]] = {}
    for table, column in rows:
        found.setdefault(table, set()).add(column)
    return found


def missing(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """What the database lacks: table -> missing (column, type); a whole missing table lists every column."""
    have = existing(con, catalog)
    gaps: dict[str, list[tuple[str, str]]] = {}
    for table, columns in tables().items():
        absent = [(name, sql_type) for name, sql_type in columns if name not in have.get(table, set())]
        if absent:
            gaps[table] = absent
    return gaps


def version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version recorded in the database (1 when none is recorded, as in early releases)."""
    if "schema_info" not in existing(con):
        return 1
    row = con.execute("SELECT value FROM schema_info WHERE key = 'schema_version'").fetchone()
    return 1 if row is None else int(row[0])


def upgrade(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Bring a writable database up to this release's schema; returns what was added (`table` or `table.column`)."""
    have = existing(con)
    added: list[str] = []
    for table, columns in missing(con).items():
        if table not in have:
            definition = ", ".join(f"{quote(name)} {sql_type}" for name, sql_type in columns)
            con.execute(f"CREATE TABLE {quote(table)} ({definition})")
            added.append(table)
            if table == "batch_counter":  # created with its one row, so that simultaneous writers update that row
                con.execute("INSERT INTO batch_counter SELECT coalesce(max(batch_id), 0) FROM load_batches")
            continue
        for name, sql_type in columns:
            con.execute(f"ALTER TABLE {quote(table)} ADD COLUMN {quote(name)} {sql_type}")
            added.append(f"{table}.{name}")
    if version(con) < SCHEMA_VERSION:
        con.execute("DELETE FROM schema_info WHERE key IN ('schema_version', 'upgraded_at')")
        con.execute("INSERT INTO schema_info VALUES ('schema_version', ?), ('upgraded_at', ?)",
                    [str(SCHEMA_VERSION), dt.datetime.now(dt.UTC).isoformat(timespec="seconds")])
    return added


def attach_current(con: duckdb.DuckDBPyConnection, path: str, alias: str = "wh") -> list[str]:
    """Attach a warehouse file read-only and expose it as this release's tables, as views in `con`'s own database.

    A table or column the file lacks (written by an earlier release) reads as empty, so readers and previews work
    before the first write has upgraded the file. Returns the gaps that the views fill.
    """
    attach(con, path, alias)
    gaps = missing(con, alias)
    filled = []
    for table, columns in tables().items():
        absent = gaps.get(table, [])
        extra = ", ".join(f"NULL::{sql_type} AS {quote(name)}" for name, sql_type in absent)
        if len(absent) == len(columns):
            body = f"SELECT {extra} WHERE false"
        else:
            body = f"SELECT *{', ' + extra if extra else ''} FROM {quote(alias)}.main.{quote(table)}"
        con.execute(f"CREATE OR REPLACE VIEW {quote(table)} AS {body}")
        filled += [table] if len(absent) == len(columns) else [f"{table}.{name}" for name, _ in absent]
    return filled
