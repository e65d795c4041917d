"""The dashboard reader asks the lake's catalog for its newest snapshot directly (binjai.lake.CatalogProbe): the
same id DuckLake reports, a new one after every commit, and a dropped connection is opened again."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from binjai import db as reader_db
from binjai import lake
from etl import sample, warehouse
from tests.backends import PSQL, lake_address


def _duckdb_snapshot(address: str) -> int:
    con = lake.connect(address)
    try:
        return lake.snapshot_id(con)
    finally:
        con.close()


def test_the_probe_reads_duckdb_s_snapshot_id_and_follows_commits(postgres_port: int, tmp_path: Path) -> None:  # noqa: F811
    address = lake_address(postgres_port, tmp_path / "lake")
    reader = reader_db.reader(address)
    first = reader.version()
    assert first.snapshot_id == _duckdb_snapshot(address)
    warehouse.load_frame(address, "e_mas", sample.generate("e_mas", scale=0.01), file_name="a.csv", sha256="a",
                         user="t")
    second = reader.version()
    assert second.snapshot_id == _duckdb_snapshot(address) and second.snapshot_id > first.snapshot_id
    dbname = lake.parse(address).dbname
    subprocess.run([PSQL, "-h", "127.0.0.1", "-p", str(postgres_port), "-U", "postgres", "-qc",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    f"WHERE datname = '{dbname}' AND pid <> pg_backend_pid()"], check=True)
    assert reader_db.reader(address).version() == second  # a new reader, after the old connections were dropped
    assert reader.version() == second  # the old reader reconnects


def test_an_unreachable_catalog_is_refused_with_a_message(tmp_path: Path) -> None:
    probe = lake.CatalogProbe(lake.parse(f"ducklake+postgresql://postgres@127.0.0.1:1/none?data_path={tmp_path}/"))
    with pytest.raises(ConnectionError):
        probe.snapshot_id()


def test_the_pruning_measure_counts_the_lake_s_row_groups(postgres_port: int, tmp_path: Path) -> None:  # noqa: F811
    from bench import lake_pruning
    from binjai import clock

    address = lake_address(postgres_port, tmp_path / "lake")
    frame = sample.generate("e_mas", scale=0.05)
    start, _ = lake_pruning.last_twelve_months(clock.today())
    for name, part in (("old", frame[frame.received_at < start]), ("new", frame[frame.received_at >= start])):
        warehouse.load_frame(address, "e_mas", part, file_name=name, sha256=name, user="t")
    found = lake_pruning.measure(address, runs=1)
    assert (found["files"], found["row_groups"], found["row_groups_in_period"]) == (2, 2, 1)
