"""The one load path shared by the command line and the upload page."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from etl import alerts, warehouse
from etl.validate import Validation, validate_file


@dataclass
class FileLoad:
    """A validated file and, when it was written, the load result."""

    validation: Validation
    result: warehouse.LoadResult | None = None


def sha256(data: bytes) -> str:
    """Hex SHA-256 of the file's bytes."""
    return hashlib.sha256(data).hexdigest()


def load_file(db: Path, source: str, data: bytes, file_name: str, *, user: str, max_bytes: int | None = None,
              before_publish: Callable[[], None] | None = None) -> FileLoad:
    """Validate a file and, only when it has no errors, load it as one batch."""
    validation = validate_file(source, data, file_name, max_bytes=max_bytes)
    if not validation.ok:
        return FileLoad(validation)
    result = warehouse.load_frame(
        db, source, validation.frame, file_name=Path(file_name).name, sha256=sha256(data), user=user,
        rows_read=validation.rows_read, before_publish=before_publish,
    )
    alerts.after_change(db, result.batch_id)
    return FileLoad(validation, result)
