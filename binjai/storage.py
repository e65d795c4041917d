"""Storage format of the warehouse file: a file written by DuckDB 2.0 (the previous pin) is converted, once, on
first open, into the format this release's DuckDB (1.5.5) reads.

DuckDB 1.5.5 reads storage format numbers 64-68; DuckDB 2.0.0 writes 999. The conversion needs DuckDB 2.0 to
read the old file, so it runs `binjai/_convert_format.py` in a child process with DuckDB 2.0.0 on its path (installed
by scripts/setup.sh into `.venv/duckdb-2.0.0`, or `BINJAI_DUCKDB_CONVERTER`). The converted copy is published
atomically like any write; the original is kept beside it as `<db>.duckdb2-<time>`. Without the converter the
file is refused with the reason, never guessed at.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import os
import struct
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from binjai import integrity
from binjai.errors import UserFacingError

READABLE_FORMATS = range(64, 69)
CONVERTER_SCRIPT = Path(__file__).with_name("_convert_format.py")
DEFAULT_CONVERTER = Path(__file__).resolve().parent.parent / ".venv" / "duckdb-2.0.0"
CONVERT_SECONDS = 600
LOCK_WAIT_SECONDS = float(os.environ.get("BINJAI_LOCK_WAIT", "120"))


class WarehouseError(UserFacingError):
    """A refused warehouse operation."""


def _open_lock(db: Path):  # noqa: ANN202 - a text file handle
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(db.parent, os.W_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return open(db.with_name(db.name + ".lock"), "a+")
    except OSError as err:
        raise WarehouseError("db.read_only", detail=err.strerror or str(err)) from err


@contextmanager
def exclusive_lock(db: Path, wait_seconds: float) -> Iterator[None]:
    """Hold the warehouse's write lock (waiting up to `wait_seconds`, then WarehouseError load.busy)."""
    with _open_lock(db) as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseError("load.busy") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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
    """Write `path` (a DuckDB 2.0 file) to `target` in the format this DuckDB reads; WarehouseError when impossible."""
    written_by = (header(path) or (0, "?"))[1]
    folder = converter()
    if not (folder / "duckdb").is_dir():
        raise WarehouseError("db.newer_format", written_by=written_by, detail=f"{folder} missing")
    env = {**os.environ, "PYTHONPATH": str(folder)}
    done = subprocess.run([sys.executable, str(CONVERTER_SCRIPT), str(path), str(target)], env=env,
                          capture_output=True, text=True, timeout=CONVERT_SECONDS, check=False)
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        reason = (done.stderr.strip().splitlines() or ["?"])[-1]
        raise WarehouseError("db.newer_format", written_by=written_by, detail=reason)


def ensure_readable(db: Path) -> bool:
    """Convert the live file (and its kept previous version) when written in a newer format; True when converted.

    The caller must not hold the warehouse's write lock: this takes it.
    """
    db = Path(db)
    if not needs_conversion(db) and not needs_conversion(db.with_name(db.name + ".prev")):
        return False
    with exclusive_lock(db, LOCK_WAIT_SECONDS):
        converted = False
        for path in (db, db.with_name(db.name + ".prev")):
            if needs_conversion(path):
                _convert_in_place(db, path)
                converted = True
        return converted


def _convert_in_place(db: Path, path: Path) -> None:
    if integrity.is_good(db, path) is False:
        raise WarehouseError("db.damaged")
    work = path.with_name(f"{path.name}.work-{uuid.uuid4().hex}")
    convert(path, work)
    with open(work, "rb") as handle:
        os.fsync(handle.fileno())
    integrity.record(db, integrity.file_sha256(work))
    os.link(path, path.with_name(f"{path.name}.duckdb2-{dt.datetime.now():%Y%m%d-%H%M%S}"))
    os.replace(work, path)
