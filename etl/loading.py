"""The one load path, shared by the command line and the upload page: check (read, validate, preview), commit,
undo; and the recovery actions (restore the last good version, start again with sample data)."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from binjai import clock, rights
from binjai.errors import UserFacingError
from etl import alerts, recovery, sample, warehouse
from etl.validate import Validation, validate_file, validate_frame

PREVIEW_ROWS = 200
UNDO_WINDOW = dt.timedelta(hours=24)
STEPS = ("read", "validate", "preview", "done")


class LoadError(UserFacingError):
    """A refused load or undo."""


@dataclass
class Checked:
    """One file after reading, validation and (when valid and asked for) the preview of its changes."""

    source: str
    file_name: str
    sha256: str
    size: int
    validation: Validation
    preview: warehouse.Preview | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the file may be committed."""
        return self.validation.ok

    @property
    def counts(self) -> dict[str, int]:
        """New, updated and unchanged rows of the preview."""
        if self.preview is None:
            return {"new": 0, "updated": 0, "unchanged": 0}
        return {"new": len(self.preview.new), "updated": len(self.preview.updated),
                "unchanged": int(self.preview.unchanged)}


def sha256(data: bytes) -> str:
    """Hex SHA-256 of the file's bytes."""
    return hashlib.sha256(data).hexdigest()


def check_file(db: Path, source: str, data: bytes, file_name: str, *, sheet: str | None = None,
               max_bytes: int | None = None, preview: bool = True,
               on_step: Callable[[str], None] | None = None) -> Checked:
    """Read (from `sheet` of a workbook, else the sheet named like the source), validate and, when valid and
    `preview` is set, preview a file for `source`; nothing is written. Bad input never raises."""
    started = time.perf_counter()
    step = on_step or (lambda _name: None)
    step("read")
    validation = validate_file(source, data, file_name, sheet=sheet, max_bytes=max_bytes,
                               on_read=lambda: step("validate"))
    checked = Checked(source, Path(file_name).name, sha256(data), len(data), validation)
    if validation.ok and preview:
        step("preview")
        checked.preview = warehouse.preview(db, source, validation.frame, previous_limit=PREVIEW_ROWS)
    step("done")
    checked.seconds = time.perf_counter() - started
    return checked


def operator(name: str) -> dict:
    """The account of whoever runs the command line on the server: they may write every source."""
    return {"name": name, "role": "admin"}


def commit(db: Path, checked: Checked, user: Mapping,
           before_publish: Callable[[], None] | None = None) -> warehouse.LoadResult:
    """Write a checked file as one batch, after checking again that `user` may write its source."""
    if not rights.may_write(user, checked.source):
        raise LoadError("unggah.not_allowed", source=checked.source)
    if not checked.ok:
        raise LoadError("unggah.not_valid")
    recorder = alerts.Recorder(alerts.LOAD)
    result = warehouse.load_frame(db, checked.source, checked.validation.frame, file_name=checked.file_name,
                                  sha256=checked.sha256, user=str(user["name"]), rows_read=checked.validation.rows_read,
                                  before_publish=before_publish, within=recorder)
    recorder.send()
    return result


@dataclass
class FileLoad:
    """A checked file and, when it was written, the load result."""

    validation: Validation
    result: warehouse.LoadResult | None = None


def load_file(db: Path, source: str, data: bytes, file_name: str, *, user: str, sheet: str | None = None,
              max_bytes: int | None = None, before_publish: Callable[[], None] | None = None) -> FileLoad:
    """Check a file and, only when it has no errors, commit it as the operator `user` (the command line)."""
    checked = check_file(db, source, data, file_name, sheet=sheet, max_bytes=max_bytes, preview=False)
    if not checked.ok:
        return FileLoad(checked.validation)
    return FileLoad(checked.validation, commit(db, checked, operator(user), before_publish=before_publish))


def may_undo(batch: Mapping, user: Mapping | None, now: dt.datetime) -> bool:
    """Admins may undo any committed batch; staff their own batches of their sources within 24 hours."""
    if not user or batch["state"] != "committed":
        return False
    if user.get("role") == "admin":
        return True
    loaded_at = batch["loaded_at"]
    loaded_at = loaded_at.to_pydatetime() if hasattr(loaded_at, "to_pydatetime") else loaded_at
    return (user.get("role") == "staff" and batch["user_name"] == user.get("name")
            and rights.may_write(user, str(batch["source"])) and dt.timedelta(0) <= now - loaded_at <= UNDO_WINDOW)


def undo(db: Path, batch_id: int, user: Mapping, now: dt.datetime | None = None) -> dict:
    """Undo a batch when `user` may; the source returns exactly to its state before it."""
    found = warehouse.batch(db, batch_id)
    if found is None:
        raise LoadError("rollback.unknown", batch_id=batch_id)
    if not may_undo(found, user, now or clock.now()):
        raise LoadError("unggah.undo_not_allowed", batch_id=batch_id)
    return rollback(db, batch_id, str(user["name"]))


def rollback(db: Path, batch_id: int, user_name: str) -> dict:
    """Undo a batch (no rights check: `undo` and the command line check), with its alert changes in the same
    write; e-mailed after the publish."""
    recorder = alerts.Recorder(alerts.UNDO)
    done = warehouse.rollback(db, batch_id, user_name, within=recorder)
    recorder.send()
    return done


def seed_database(db: Path, *, scale: float = 1.0, seed: int = sample.SAMPLE_SEED) -> list[warehouse.LoadResult]:
    """Generate and load sample data for every source in one write (each source its own sample batch)."""
    frames = sample.generate_all(scale=scale, seed=seed)
    for source, frame in frames.items():
        errors, _ = validate_frame(source, frame)
        if errors:
            raise AssertionError(f"sample data for {source} breaks its contract: {errors[0].describe('en')}")
    label = f"sample seed={seed} scale={scale:g}"

    def body(con: duckdb.DuckDBPyConnection) -> list[warehouse.LoadResult]:
        return [warehouse.apply_batch(con, source, frame, file_name=label, user="sample", is_sample=True,
                                      sha256=hashlib.sha256(f"{label} {source} {len(frame)}".encode()).hexdigest())
                for source, frame in frames.items()]

    return warehouse.write(db, body)


def _require_admin(user: Mapping | None) -> None:
    if not rights.is_admin(user):
        raise LoadError("shell.admin_only")


def restore(db: Path, user: Mapping | None) -> None:
    """Admin: put back the last good version (the one kept before the last write); the damaged file is kept aside."""
    _require_admin(user)
    recovery.restore_previous(db)


def start_fresh(db: Path, user: Mapping | None) -> None:
    """Admin: set an unreadable file aside (kept) and start a new warehouse with sample data."""
    _require_admin(user)
    recovery.set_aside(db)
    seed_database(db)


def load_sample(db: Path, user: Mapping | None) -> None:
    """Admin: fill an empty warehouse with sample data."""
    _require_admin(user)
    seed_database(db)
