"""The load, rollback and concurrency paths on both backends (DuckDB file and DuckLake on PostgreSQL)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pandas as pd
import pytest

from binjai import lake
from etl import warehouse
from tests.backends import any_warehouse, s3_server  # noqa: F401 - fixtures
from tests.conftest import emas_frame


def _rows(address: str | Path, sql: str) -> list[tuple]:
    return [tuple(r) for r in warehouse._read(address, sql, []).itertuples(index=False)]


def _frame(ids: list[str], status: str = "baru") -> pd.DataFrame:
    return emas_frame([{"complaint_id": i, "status": status} for i in ids])


def test_load_update_and_rollback(any_warehouse: str | Path) -> None:  # noqa: F811
    first = warehouse.load_frame(any_warehouse, "e_mas", _frame(["A", "B"]), file_name="a.csv", sha256="1", user="u")
    second = warehouse.load_frame(any_warehouse, "e_mas", _frame(["B", "C"], "selesai"), file_name="b.csv",
                                  sha256="2", user="u")
    assert (first.inserted, second.inserted, second.updated) == (2, 1, 1)
    assert second.batch_id == first.batch_id + 1
    assert _rows(any_warehouse, "SELECT complaint_id, status FROM e_mas ORDER BY 1") == [
        ("A", "baru"), ("B", "selesai"), ("C", "selesai")]
    with pytest.raises(warehouse.WarehouseError) as refused:
        warehouse.rollback(any_warehouse, first.batch_id, "admin")
    assert refused.value.key == "rollback.later"
    warehouse.rollback(any_warehouse, second.batch_id, "admin")
    assert _rows(any_warehouse, "SELECT complaint_id, status FROM e_mas ORDER BY 1") == [("A", "baru"), ("B", "baru")]
    assert warehouse.batch(any_warehouse, second.batch_id)["state"] == "rolled_back"
    again = warehouse.load_frame(any_warehouse, "e_mas", _frame(["A", "B"]), file_name="a.csv", sha256="1", user="u")
    assert again.duplicate_of == first.batch_id


def _load_many(address: str, worker: int, count: int, queue: multiprocessing.Queue) -> None:
    ids = []
    for n in range(count):
        frame = _frame([f"W{worker}-{n}-{k}" for k in range(3)])
        ids.append(warehouse.load_frame(address, "e_mas", frame, file_name=f"w{worker}-{n}.csv",
                                        sha256=f"w{worker}-{n}", user=f"w{worker}").batch_id)
    queue.put(ids)


def test_simultaneous_loads_get_distinct_batches_and_lose_nothing(any_warehouse: str | Path) -> None:  # noqa: F811
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_load_many, args=(str(any_warehouse), w, 4, queue)) for w in range(3)]
    for process in workers:
        process.start()
    batch_ids = [i for _ in workers for i in queue.get(timeout=300)]
    for process in workers:
        process.join(timeout=60)
        assert process.exitcode == 0
    assert sorted(batch_ids) == list(range(1, 13))
    assert _rows(any_warehouse, "SELECT count(*), count(DISTINCT batch_id) FROM history_e_mas") == [(36, 12)]
    assert _rows(any_warehouse, "SELECT count(*) FROM e_mas") == [(36,)]


def test_lake_address_is_parsed_and_refused_when_incomplete() -> None:
    url = lake.parse("ducklake+postgresql://ana@db.local:6543/kota?data_path=s3://bucket/lake")
    assert (url.user, url.host, url.port, url.dbname, url.data_path) == ("ana", "db.local", 6543, "kota",
                                                                          "s3://bucket/lake/")
    for bad in ("ducklake+postgresql://db.local/kota", "postgresql://db.local/kota?data_path=/x",
                "ducklake+postgresql://a b@db/kota?data_path=/x"):
        with pytest.raises(ValueError):
            lake.parse(bad)
    assert lake.is_lake("ducklake+postgresql://x/y") and not lake.is_lake(Path("/data/binjai.duckdb"))


def test_one_setting_names_the_warehouse(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from binjai import settings

    monkeypatch.setenv("BINJAI_DB", str(tmp_path / "old.duckdb"))
    monkeypatch.delenv("BINJAI_WAREHOUSE", raising=False)
    assert settings.warehouse_address() == settings.db_path() == tmp_path / "old.duckdb"
    monkeypatch.setenv("BINJAI_WAREHOUSE", f"duckdb://{tmp_path}/new.duckdb")
    assert settings.warehouse_address() == settings.db_path() == tmp_path / "new.duckdb"
    lake_url = "ducklake+postgresql://postgres@127.0.0.1:5432/binjai?data_path=/srv/lake"
    monkeypatch.setenv("BINJAI_WAREHOUSE", lake_url)
    assert settings.warehouse_address() == lake_url


def test_dashboard_reader_follows_the_lake_snapshot(postgres_port: int, tmp_path: Path) -> None:  # noqa: F811
    from binjai import db as reader_db
    from tests.backends import lake_address

    address = lake_address(postgres_port, tmp_path / "lake-data")
    reader = reader_db.warehouse(address)
    assert reader is reader_db.warehouse(address) and isinstance(reader, reader_db.LakeWarehouse)
    before = reader.version().token
    assert reader.scalar("SELECT count(*) FROM e_mas") == 0
    warehouse.load_frame(address, "e_mas", _frame(["A", "B"]), file_name="a.csv", sha256="1", user="u")
    assert reader.version().token != before
    assert reader.scalar("SELECT count(*) FROM e_mas") == 2
    assert list(reader.query("SELECT complaint_id FROM e_mas WHERE status = ? ORDER BY 1", ["baru"])["complaint_id"]
                ) == ["A", "B"]


def test_unreachable_lake_is_refused_with_a_message(tmp_path: Path) -> None:
    from binjai import db as reader_db

    reader = reader_db.LakeWarehouse(f"ducklake+postgresql://postgres@127.0.0.1:1/none?data_path={tmp_path}/")
    with pytest.raises(reader_db.WarehouseUnavailable) as refused:
        reader.scalar("SELECT 1")
    assert refused.value.key == "db.unreadable"


def test_upload_path_check_commit_undo(any_warehouse: str | Path) -> None:  # noqa: F811
    from etl import loading
    from tests import upload_fixtures as fx

    fx.seed_three_complaints(any_warehouse)
    dewi = {"name": "dewi", "role": "staff", "sources": ["e_mas"]}
    checked = loading.check_file(any_warehouse, "e_mas", fx.good_file(), "aduan.csv")
    assert checked.ok and checked.counts == {"new": 2, "updated": 1, "unchanged": 1}
    bad = loading.check_file(any_warehouse, "e_mas", fx.bad_file(), "salah.csv")
    assert not bad.ok
    result = loading.commit(any_warehouse, checked, dewi)
    assert _rows(any_warehouse, "SELECT count(*) FROM e_mas") == [(5,)]
    loading.undo(any_warehouse, result.batch_id, dewi)
    assert _rows(any_warehouse, "SELECT complaint_id, status FROM e_mas ORDER BY 1") == [
        ("A", "baru"), ("B", "baru"), ("C", "baru")]


def test_command_line_seeds_lists_and_undoes_on_the_lake(postgres_port: int, tmp_path: Path,  # noqa: F811
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from etl.cli import main
    from tests.backends import lake_address

    address = lake_address(postgres_port, tmp_path / "lake-data")
    assert main(["--db", address, "seed", "--scale", "0.02"]) == 0
    assert main(["--db", address, "seed", "--if-empty"]) == 0
    assert main(["--db", address, "history"]) == 0
    assert "e_mas" in capsys.readouterr().out
    last = int(warehouse.history(address)["batch_id"].max())
    assert main(["--db", address, "rollback", str(last), "--user", "admin"]) == 0
    assert warehouse.batch(address, last)["state"] == "rolled_back"


def _killed_mid_save(address: str) -> None:
    import os
    import signal

    warehouse.load_frame(address, "e_mas", _frame(["K1", "K2"]), file_name="k.csv", sha256="k", user="k",
                         before_publish=lambda: os.kill(os.getpid(), signal.SIGKILL))


def test_kill_9_during_a_save_leaves_the_warehouse_as_it_was(any_warehouse: str | Path) -> None:  # noqa: F811
    first = warehouse.load_frame(any_warehouse, "e_mas", _frame(["A"]), file_name="a.csv", sha256="1", user="u")
    process = multiprocessing.get_context("spawn").Process(target=_killed_mid_save, args=(str(any_warehouse),))
    process.start()
    process.join(timeout=120)
    assert process.exitcode == -9
    assert _rows(any_warehouse, "SELECT count(*) FROM e_mas") == [(1,)]
    assert _rows(any_warehouse, "SELECT count(*) FROM history_e_mas") == [(1,)]
    assert list(warehouse.history(any_warehouse)["batch_id"]) == [first.batch_id]
    after = warehouse.load_frame(any_warehouse, "e_mas", _frame(["B"]), file_name="b.csv", sha256="2", user="u")
    assert after.batch_id == first.batch_id + 1 and after.inserted == 1
