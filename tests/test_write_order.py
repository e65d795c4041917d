"""Rows are stored in date order within each batch, so period queries can skip row groups and files by their date
statistics (bench/LAKE_SCALE.md); on both backends, for a load and for the current table rebuilt by an undo."""

from __future__ import annotations

import duckdb

from binjai import lake
from etl import sample, warehouse
from tests.backends import any_warehouse, s3_server  # noqa: F401 - fixtures


def _stored_dates(db) -> list:
    con = lake.connect(str(db)) if lake.is_lake(db) else duckdb.connect(str(db), read_only=True)
    try:
        return [row[0] for row in con.execute("SELECT received_at FROM e_mas ORDER BY rowid").fetchall()]
    finally:
        con.close()


def test_a_load_and_an_undo_store_rows_in_date_order(any_warehouse) -> None:  # noqa: F811
    db = any_warehouse
    frame = sample.generate("e_mas", scale=0.05)
    first = frame.sample(frac=1.0, random_state=7).reset_index(drop=True)
    assert first.received_at.tolist() != sorted(first.received_at)  # the file's own order is not by date
    warehouse.load_frame(db, "e_mas", first, file_name="a.csv", sha256="a", user="t")
    dates = _stored_dates(db)
    assert len(dates) == len(frame) and dates == sorted(dates)
    changed = first.head(50).assign(status="ditolak", resolved_at=first.head(50).received_at)
    batch = warehouse.load_frame(db, "e_mas", changed, file_name="b.csv", sha256="b", user="t").batch_id
    warehouse.rollback(db, batch, "t")
    dates = _stored_dates(db)
    assert len(dates) == len(frame) and dates == sorted(dates)
