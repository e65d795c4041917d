"""Warehouse: batches, updates that keep history, idempotency, rollback, atomic publish and busy writers."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

import pandas as pd
import pytest

from binjai import db as reader_db
from etl import warehouse
from tests.backends import fingerprint, work_copies
from tests.conftest import emas_frame


def _load(db: Path, frame: pd.DataFrame, sha: str, user: str = "tester") -> warehouse.LoadResult:
    return warehouse.load_frame(db, "e_mas", frame, file_name=f"{sha}.csv", sha256=sha, user=user)


def _current(db: Path) -> pd.DataFrame:
    con = warehouse.reading(db)
    try:
        return con.execute("SELECT * FROM e_mas ORDER BY complaint_id").df()
    finally:
        con.close()


def test_first_load_inserts_and_records_batch(db_file: Path) -> None:
    result = _load(db_file, emas_frame([{"complaint_id": "A"}, {"complaint_id": "B"}]), "s1")
    assert (result.batch_id, result.inserted, result.updated, result.unchanged) == (1, 2, 0, 0)
    batches = warehouse.history(db_file)
    assert batches.loc[0, ["source", "rows_read", "rows_inserted", "user_name", "state"]].tolist() == [
        "e_mas", 2, 2, "tester", "committed"]
    assert _current(db_file)["complaint_id"].tolist() == ["A", "B"]


def test_update_supersedes_and_keeps_history(db_file: Path) -> None:
    _load(db_file, emas_frame([{"complaint_id": "A"}, {"complaint_id": "B"}]), "s1")
    result = _load(db_file, emas_frame([{"complaint_id": "A", "status": "diproses"}, {"complaint_id": "B"},
                                        {"complaint_id": "C"}]), "s2")
    assert (result.inserted, result.updated, result.unchanged) == (1, 1, 1)
    current = _current(db_file)
    assert current.set_index("complaint_id")["status"].to_dict() == {"A": "diproses", "B": "baru", "C": "baru"}
    con = warehouse.reading(db_file)
    history = con.execute("SELECT complaint_id, status, batch_id FROM history_e_mas ORDER BY 3, 1").fetchall()
    con.close()
    assert history == [("A", "baru", 1), ("B", "baru", 1), ("A", "diproses", 2), ("C", "baru", 2)]


def test_same_file_twice_changes_nothing(db_file: Path) -> None:
    frame = emas_frame([{"complaint_id": "A"}])
    _load(db_file, frame, "same")
    before = fingerprint(db_file)
    again = _load(db_file, frame, "same")
    assert again.duplicate_of == 1 and again.batch_id is None
    assert len(warehouse.history(db_file)) == 1
    assert _current(db_file).equals(_current(db_file))
    assert fingerprint(db_file) == before or len(warehouse.history(db_file)) == 1


def test_rollback_restores_exact_previous_state(db_file: Path) -> None:
    _load(db_file, emas_frame([{"complaint_id": "A"}, {"complaint_id": "B"}]), "s1")
    before = _current(db_file)
    _load(db_file, emas_frame([{"complaint_id": "A", "status": "selesai", "resolved_at": "2024-03-06 10:00"},
                               {"complaint_id": "C"}]), "s2")
    warehouse.rollback(db_file, 2, "admin")
    pd.testing.assert_frame_equal(_current(db_file), before)
    batch = warehouse.history(db_file).set_index("batch_id").loc[2]
    assert batch["state"] == "rolled_back" and batch["undone_by"] == "admin"


def test_rollback_refuses_when_later_batches_exist(db_file: Path) -> None:
    _load(db_file, emas_frame([{"complaint_id": "A"}]), "s1")
    _load(db_file, emas_frame([{"complaint_id": "B"}]), "s2")
    with pytest.raises(warehouse.WarehouseError) as err:
        warehouse.rollback(db_file, 1, "admin")
    assert err.value.key == "rollback.later"
    with pytest.raises(warehouse.WarehouseError):
        warehouse.rollback(db_file, 99, "admin")


def test_reloading_after_rollback_is_allowed(db_file: Path) -> None:
    frame = emas_frame([{"complaint_id": "A"}])
    _load(db_file, frame, "s1")
    warehouse.rollback(db_file, 1, "admin")
    assert _current(db_file).empty
    assert _load(db_file, frame, "s1").batch_id == 2
    assert _current(db_file)["complaint_id"].tolist() == ["A"]


def test_failed_write_leaves_live_file_untouched(db_file: Path) -> None:
    _load(db_file, emas_frame([{"complaint_id": "A"}]), "s1")
    before = fingerprint(db_file)

    def explode() -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        warehouse.load_frame(db_file, "e_mas", emas_frame([{"complaint_id": "B"}]), file_name="x", sha256="x",
                             user="u", before_publish=explode)
    assert fingerprint(db_file) == before
    assert not work_copies(db_file)


def test_public_views_have_canonical_columns(db_file: Path) -> None:
    from data_sources import CONTRACTS

    _load(db_file, emas_frame([{"complaint_id": "A"}]), "s1")
    con = warehouse.reading(db_file)
    for name, contract in CONTRACTS.items():
        columns = [row[0] for row in con.execute(f"DESCRIBE {name}").fetchall()]
        assert columns == contract.column_names
    con.close()


def test_preview_counts_without_writing(db_file: Path) -> None:
    _load(db_file, emas_frame([{"complaint_id": "A"}, {"complaint_id": "B"}]), "s1")
    before = fingerprint(db_file)
    result = warehouse.preview(db_file, "e_mas", emas_frame(
        [{"complaint_id": "A", "status": "diproses", "opd": "Dinas PUTR"}, {"complaint_id": "B"},
         {"complaint_id": "C"}]))
    assert result.new["complaint_id"].tolist() == ["C"]
    assert result.updated["complaint_id"].tolist() == ["A"]
    assert result.updated.loc[0, "changed_fields"] == "opd, status"
    assert result.unchanged == 1
    assert fingerprint(db_file) == before


def test_reader_sees_new_version_after_publish(db_file: Path) -> None:
    _load(db_file, emas_frame([{"complaint_id": "A"}]), "s1")
    reader = reader_db.reader(db_file)
    assert reader.scalar("SELECT count(*) FROM e_mas") == 1
    _load(db_file, emas_frame([{"complaint_id": "B"}]), "s2")
    assert reader.scalar("SELECT count(*) FROM e_mas") == 2


@pytest.mark.file_only(reason="the file's write lock; the lake retries conflicting commits (test_backends)")
def test_second_writer_waits_then_reports_busy(db_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _load(db_file, emas_frame([{"complaint_id": "A"}]), "s1")
    with warehouse.writing(db_file):
        with pytest.raises(warehouse.WarehouseError) as err:
            with warehouse.writing(db_file, wait_seconds=0.5):
                pass
    assert err.value.key == "load.busy"


def _slow_load(db: str) -> None:
    frame = emas_frame([{"complaint_id": f"K{i}"} for i in range(1000)])
    warehouse.load_frame(db, "e_mas", frame, file_name="k", sha256="k", user="u",
                         before_publish=lambda: time.sleep(60))


@pytest.mark.parametrize("delay", [0.05, 0.5, 1.5])
def test_kill_minus_nine_during_load_keeps_previous_data(db_file: Path, delay: float) -> None:
    _load(db_file, emas_frame([{"complaint_id": "A"}]), "s1")
    before = _current(db_file)
    process = multiprocessing.get_context("spawn").Process(target=_slow_load, args=(str(db_file),))
    process.start()
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.join()
    pd.testing.assert_frame_equal(_current(db_file), before)
    assert len(warehouse.history(db_file)) == 1
    after = _load(db_file, emas_frame([{"complaint_id": "B"}]), "s2")
    assert after.batch_id == 2 and not work_copies(db_file)
