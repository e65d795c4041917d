"""The one load path shared by the command line and the upload page."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from etl import sample, warehouse
from etl.validate import Validation, validate_file, validate_frame


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
    return FileLoad(validation, result)


def seed_database(db: Path, *, scale: float = 1.0, seed: int = sample.SAMPLE_SEED) -> list[warehouse.LoadResult]:
    """Generate and load sample data for every source in one write (each source its own sample batch)."""
    frames = sample.generate_all(scale=scale, seed=seed)
    for source, frame in frames.items():
        errors, _ = validate_frame(source, frame)
        if errors:
            raise AssertionError(f"sample data for {source} breaks its contract: {errors[0].describe('en')}")
    label = f"sample seed={seed} scale={scale:g}"
    results = []
    with warehouse.writing(db) as con:
        for source, frame in frames.items():
            digest = hashlib.sha256(f"{label} {source} {len(frame)}".encode()).hexdigest()
            results.append(warehouse.apply_batch(con, source, frame, file_name=label, sha256=digest,
                                                 user="sample", is_sample=True))
    return results
