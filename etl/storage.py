"""Storage format of the warehouse file: a file written by DuckDB 2.0 (the previous pin) is converted, once, on
first open, into the format this release's DuckDB (1.5.5) reads.

DuckDB 1.5.5 reads storage format numbers 64-68; DuckDB 2.0.0 writes 999. The conversion needs DuckDB 2.0 to
read the old file, so it runs `etl/_convert_format.py` in a child process with DuckDB 2.0.0 on its path (installed
by scripts/setup.sh into `.venv/duckdb-2.0.0`, or `BINJAI_DUCKDB_CONVERTER`). The converted copy is published
atomically like any write; the original is kept beside it as `<db>.duckdb2-<time>`. Without the converter the
file is refused with the reason, never guessed at.
"""

from __future__ import annotations

import datetime as dt
import os
import struct
import subprocess
import sys
import uuid
from pathlib import Path

from binjai.errors import UserFacingError
from etl import integrity

READABLE_FORMATS = range(64, 69)
CONVERTER_SCRIPT = Path(__file__).with_name("_convert_format.py")
DEFAULT_CONVERTER = Path(__file__).resolve().parent.parent / ".venv" / "duckdb-2.0.0"
CONVERT_SECONDS = 600


class StorageError(UserFacingError):
    """A warehouse file in a storage format that cannot be read or converted here."""


def header(path: Path) -> tuple[int, str] | None:
    """(storage format number, DuckDB version that wrote it) from a DuckDB file's header; None when not one."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64)
    except OSError:
        return None
    if len(head) < 64 or head[8:12] != b"DUCK":
        return None
    number = struct.unpack("<Q", head[12:20])[0]
    return number, head[0x34:0x40].rstrip(b"\0").decode("ascii", "replace")


def needs_conversion(path: Path) -> bool:
    """True when `path` is a DuckDB file in a format newer than this DuckDB reads."""
    found = header(path)
    return found is not None and found[0] > READABLE_FORMATS.stop - 1


def converter() -> Path:
    """The folder holding DuckDB 2.0.0 for the conversion."""
    return Path(os.environ.get("BINJAI_DUCKDB_CONVERTER") or DEFAULT_CONVERTER)


def convert(path: Path, target: Path) -> None:
    """Write `path` (a DuckDB 2.0 file) to `target` in the format this DuckDB reads; StorageError when impossible."""
    written_by = (header(path) or (0, "?"))[1]
    folder = converter()
    if not (folder / "duckdb").is_dir():
        raise StorageError("db.newer_format", written_by=written_by, detail=f"{folder} missing")
    env = {**os.environ, "PYTHONPATH": str(folder)}
    done = subprocess.run([sys.executable, str(CONVERTER_SCRIPT), str(path), str(target)], env=env,
                          capture_output=True, text=True, timeout=CONVERT_SECONDS, check=False)
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        reason = (done.stderr.strip().splitlines() or ["?"])[-1]
        raise StorageError("db.newer_format", written_by=written_by, detail=reason)


def ensure_readable(db: Path) -> bool:
    """Convert the live file (and its kept previous version) when written in a newer format; True when converted.

    The caller must not hold the warehouse's write lock: this takes it.
    """
    from etl import warehouse  # the lock lives with the write path, which itself calls this module

    db = Path(db)
    if not needs_conversion(db) and not needs_conversion(db.with_name(db.name + ".prev")):
        return False
    with warehouse.exclusive_lock(db, warehouse.LOCK_WAIT_SECONDS):
        converted = False
        for path in (db, db.with_name(db.name + ".prev")):
            if needs_conversion(path):
                _convert_in_place(db, path)
                converted = True
        return converted


def _convert_in_place(db: Path, path: Path) -> None:
    if integrity.is_good(db, path) is False:
        raise StorageError("db.damaged")
    work = path.with_name(f"{path.name}.work-{uuid.uuid4().hex}")
    convert(path, work)
    with open(work, "rb") as handle:
        os.fsync(handle.fileno())
    integrity.record(db, integrity.file_sha256(work))
    os.link(path, path.with_name(f"{path.name}.duckdb2-{dt.datetime.now():%Y%m%d-%H%M%S}"))
    os.replace(work, path)
