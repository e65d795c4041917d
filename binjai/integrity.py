"""Checksums of published warehouse versions, kept beside the file, so that a reader can tell a damaged file.

Every publish appends the SHA-256 of the new version to `<db>.sha256` (newest last, a few kept) before the file
is swapped in; a reader hashes a version it has not seen and accepts it only when the hash is listed. A file
from a release that kept no checksums has no list: it is accepted unverified.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

KEPT = 8
_CHUNK = 1 << 20


def sums_path(db: Path) -> Path:
    """The checksum list beside `db`."""
    return db.with_name(db.name + ".sha256")


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def known(db: Path) -> list[str] | None:
    """The checksums of recently published versions, oldest first; None when no list was ever written."""
    try:
        text = sums_path(Path(db)).read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    return [line.strip() for line in text.splitlines() if line.strip()]


def record(db: Path, digest: str) -> None:
    """Add `digest` to the list of good versions (atomically: a new list is renamed over the old one)."""
    db = Path(db)
    kept = [d for d in (known(db) or []) if d != digest][-(KEPT - 1):] + [digest]
    target = sums_path(db)
    temporary = target.with_name(target.name + ".tmp")
    with open(temporary, "w", encoding="ascii") as handle:
        handle.write("\n".join(kept) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)


def copy(source: Path, target: Path) -> str:
    """Copy a file, returning the SHA-256 of the bytes copied (one read for both)."""
    digest = hashlib.sha256()
    with open(source, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            dst.write(chunk)
    return digest.hexdigest()


def verdict(db: Path, digest: str) -> bool | None:
    """True when `digest` is a recorded version of `db`, False when it is not, None when no list was kept."""
    listed = known(Path(db))
    return None if listed is None else digest in listed


def is_good(db: Path, path: Path | None = None) -> bool | None:
    """True when the file (default `db`) matches a recorded version, False when it does not, None when unchecked."""
    if known(Path(db)) is None:
        return None
    return verdict(db, file_sha256(Path(path or db)))
