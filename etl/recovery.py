"""Recovery and upgrade of the warehouse file: restore the last good version, set a damaged file aside, and bring
a file written by an earlier release up to this release's schema. On a DuckLake warehouse, restore goes back one
snapshot (etl.snapshots) and set-aside is refused with a message: there is no file to move, and a shared lake is
not wiped from one dashboard."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import duckdb

from binjai import clock, integrity, lake, schema, storage
from etl import snapshots, warehouse


def _kept_name(db: Path) -> Path:
    """A free name beside `db` for keeping a damaged version: `<db>.broken-<time>`, numbered when taken."""
    base = f"{db.name}.broken-{clock.now():%Y%m%d-%H%M%S}"
    candidate, number = db.with_name(base), 1
    while candidate.exists():
        number += 1
        candidate = db.with_name(f"{base}-{number}")
    return candidate


def restore_previous(db: Path | str) -> None:
    """Put back the version kept from before the last write (`<db>.prev`; on the lake, the snapshot before it)."""
    if lake.is_lake(db):
        snapshots.restore_previous(str(db))
        return
    db = Path(db)
    previous = db.with_name(db.name + ".prev")
    storage.ensure_readable(db)
    if not previous.exists():
        raise warehouse.WarehouseError("db.no_previous")
    if integrity.is_good(db, previous) is False or not opens(previous):
        raise warehouse.WarehouseError("db.previous_damaged")
    with warehouse.exclusive_lock(db, warehouse.LOCK_WAIT_SECONDS):
        work = db.with_name(f"{db.name}.work-{uuid.uuid4().hex}")
        shutil.copyfile(previous, work)
        if db.exists():  # keep the damaged file for inspection, as the recovery message promises
            os.link(db, _kept_name(db))
        integrity.record(db, integrity.file_sha256(work))
        os.replace(work, db)


def opens(path: Path) -> bool:
    """True when DuckDB can open the file and read its batch log."""
    try:
        con = duckdb.connect(":memory:")
        try:
            schema.attach(con, str(path), "f")
            con.execute("SELECT count(*) FROM f.main.load_batches").fetchone()
        finally:
            con.close()
    except duckdb.Error:
        return False
    return True


def previous_ok(db: Path | str) -> bool:
    """True when a kept previous version exists, matches a recorded checksum (or predates them) and opens."""
    if lake.is_lake(db):
        return snapshots.previous_ok(str(db))
    previous = Path(db).with_name(Path(db).name + ".prev")
    storage.ensure_readable(Path(db))
    return previous.exists() and integrity.is_good(db, previous) is not False and opens(previous)


def upgrade(db: Path) -> list[str]:
    """Bring a warehouse written by an earlier release up to this release's schema (one write, history kept)."""
    gaps = outdated(db)
    if gaps:
        with warehouse.writing(db):
            pass
    return gaps


def outdated(db: Path) -> list[str]:
    """What a warehouse file lacks against this release's schema (`table` or `table.column`); [] when current."""
    if not Path(db).exists():
        return []
    storage.ensure_readable(Path(db))
    con = duckdb.connect(":memory:")
    try:
        return schema.attach_current(con, str(db), alias="f")
    except duckdb.Error as err:
        raise warehouse.WarehouseError("db.unreadable", detail=str(err).splitlines()[0]) from err
    finally:
        con.close()


def set_aside(db: Path | str) -> Path | None:
    """Move an unreadable database out of the way (kept for inspection) so that a new one can be made."""
    if lake.is_lake(db):
        raise warehouse.WarehouseError("db.lake_no_start_fresh")
    db = Path(db)
    if not db.exists():
        return None
    with warehouse.exclusive_lock(db, warehouse.LOCK_WAIT_SECONDS):
        target = _kept_name(db)
        os.replace(db, target)
    return target
