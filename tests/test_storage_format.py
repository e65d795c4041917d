"""A warehouse file written by DuckDB 2.0.0 (the previous pin) opens under DuckDB 1.5.5: converted once, on first
open, with every row kept, the original set aside, and a clear refusal when the converter is missing."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from binjai import db as reader_db
from binjai import integrity, storage
from binjai.errors import UserFacingError
from etl import warehouse
from tests.conftest import FIXTURES, emas_frame, gunzip

pytestmark = pytest.mark.file_only(reason="the storage format of the DuckDB file")
DUCKDB_2_FILE = FIXTURES / "warehouse" / "duckdb_2_0_0.duckdb.gz"


@pytest.fixture
def v2_db(db_file: Path) -> Path:
    """The warehouse written by today's code under DuckDB 2.0.0 (make_release_fixture.py at commit 944f680)."""
    return gunzip(DUCKDB_2_FILE, db_file)


def test_fixture_is_a_duckdb_2_file_this_duckdb_cannot_read(v2_db: Path) -> None:
    assert duckdb.__version__ == "1.5.5"
    assert storage.header(v2_db) == (999, "v2.0.0")
    assert storage.needs_conversion(v2_db)
    with pytest.raises(duckdb.IOException, match="version number 999"):
        duckdb.connect(str(v2_db), read_only=True)


def test_reader_converts_on_first_open_and_keeps_every_row(v2_db: Path) -> None:
    original = v2_db.read_bytes()
    reader = reader_db.Warehouse(v2_db)
    assert reader.scalar("SELECT count(*) FROM e_mas") == 402
    assert reader.scalar("SELECT count(*) FROM history_e_mas") == 403
    assert reader.scalar("SELECT count(*) FROM load_batches") == 6
    assert reader.scalar("SELECT status FROM e_mas WHERE complaint_id = 'OLD-1'") == "selesai"
    assert reader.scalar("SELECT value FROM schema_info WHERE key = 'schema_version'") == "2"
    assert not storage.needs_conversion(v2_db)
    kept = list(v2_db.parent.glob(v2_db.name + ".duckdb2-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == original
    assert integrity.is_good(v2_db) is True
    assert storage.ensure_readable(v2_db) is False


def test_load_after_conversion_continues_the_batch_log(v2_db: Path) -> None:
    frame = emas_frame([{"complaint_id": "NEW-1", "received_at": pd.Timestamp("2024-05-06 09:00")}])
    result = warehouse.load_frame(v2_db, "e_mas", frame, file_name="baru.csv", sha256="new-1", user="dewi")
    assert result.inserted == 1 and result.batch_id not in (None, 1, 2, 3, 4, 5, 6)
    with warehouse.reading(v2_db) as con:
        assert con.execute("SELECT count(*) FROM e_mas").fetchone()[0] == 403


def test_without_converter_the_file_is_refused_untouched(v2_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BINJAI_DUCKDB_CONVERTER", str(v2_db.parent / "nowhere"))
    original = v2_db.read_bytes()
    with pytest.raises(UserFacingError) as refused:
        reader_db.Warehouse(v2_db).scalar("SELECT count(*) FROM e_mas")
    assert refused.value.key == "db.newer_format"
    assert "2.0.0" in refused.value.message("id") and "2.0.0" in refused.value.message("en")
    assert v2_db.read_bytes() == original
    assert not list(v2_db.parent.glob(v2_db.name + ".duckdb2-*"))
