"""Reference CSVs reload when an administrator edits them: tables, lookups and the result-cache token."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from binjai import reference, settings


@pytest.fixture
def reference_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the reference folder that the module reads."""
    target = tmp_path / "reference"
    shutil.copytree(settings.REFERENCE_DIR, target)
    monkeypatch.setattr(settings, "REFERENCE_DIR", target)
    return target


def _save(path: Path, text: str) -> None:
    """Write a CSV with a later modification time (as an administrator's later save would have)."""
    later = path.stat().st_mtime_ns + 1_000_000_000
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(later, later))


def test_edited_deadline_and_category_alias_apply_without_restart(reference_dir: Path) -> None:
    categories = reference.categories()
    first = categories.iloc[0]
    token = reference.version()
    assert reference.category_lookup().get(reference.normalise_name("aduan uji baru")) is None

    path = reference_dir / "categories.csv"
    header, row, *rest = path.read_text(encoding="utf-8").splitlines()
    cells = row.split(",")
    columns = header.split(",")
    cells[columns.index("resolution_days")] = str(int(first["resolution_days"]) + 7)
    cells[columns.index("aliases")] = "aduan uji baru"
    _save(path, "\n".join([header, ",".join(cells), *rest]) + "\n")

    again = reference.categories().iloc[0]
    assert int(again["resolution_days"]) == int(first["resolution_days"]) + 7
    assert reference.category_lookup()[reference.normalise_name("aduan uji baru")] == first["category"]
    assert reference.version() != token


def test_renamed_kelurahan_is_looked_up_after_the_edit(reference_dir: Path) -> None:
    assert reference.kelurahan_lookup()[reference.normalise_name("Pahlawan")][0] == "Pahlawan"
    path = reference_dir / "kelurahan.csv"
    _save(path, path.read_text(encoding="utf-8").replace("Pahlawan", "Pahlawan Baru", 1))
    lookup = reference.kelurahan_lookup()
    assert lookup[reference.normalise_name("Pahlawan Baru")][0] == "Pahlawan Baru"
    assert reference.normalise_name("Pahlawan") not in lookup
