"""Concurrency: readers see the old data until a batch commits, then the new; two loads at once lose nothing."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from binjai import db as reader_db
from binjai.metrics.catalogue import label as metric_label
from etl import loading, sample, warehouse
from tests import upload_fixtures as fx
from tests.conftest import ROOT

ADMIN = {"name": "admin", "role": "admin", "sources": []}
RUDI = {"name": "rudi", "role": "staff", "sources": ["e_mas"]}
COLUMNS = ["complaint_id", "status", "responded_at", "resolved_at"]


def rows(db: Path) -> list[tuple]:
    """complaint_id, status, responded_at and resolved_at of every current e_mas row, by id."""
    con = warehouse.reading(db)
    try:
        frame = con.execute(f"SELECT {', '.join(COLUMNS)} FROM e_mas ORDER BY complaint_id").df()
    finally:
        con.close()
    return [tuple(None if pd.isna(v) else v for v in record) for record in frame.itertuples(index=False)]


def checked(db: Path, name: str, content: bytes) -> loading.Checked:
    """A file checked by the upload page's own function; it must be valid."""
    result = loading.check_file(db, "e_mas", content, name)
    assert result.ok, [p.describe("en") for p in result.validation.errors]
    return result


def home_figure(at: AppTest) -> str:
    """The home page's complaints tile after a fresh run."""
    at.run()
    return next(m.value for m in at.metric if m.label == metric_label("emas_received", "id"))


RECEIVED = fx.recent_day(10)
RESPONDED = RECEIVED.replace(hour=15)
FIRST = fx.csv_bytes([fx.csv_row("B", RECEIVED, status="diproses", responded_at=RESPONDED.strftime("%d/%m/%Y %H:%M")),
                      fx.csv_row("D", fx.recent_day(2))])
SECOND = fx.csv_bytes([fx.csv_row("C", RECEIVED, status="ditolak"), fx.csv_row("E", fx.recent_day(1))])
STAMP = pd.Timestamp


def test_readers_see_old_data_during_a_load_then_the_new(db_file: Path) -> None:
    fx.seed_three_complaints(db_file)
    old = rows(db_file)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    assert home_figure(at) == "3"
    reader = reader_db.reader(db_file)
    started, release = threading.Event(), threading.Event()

    def hold_before_publish() -> None:
        started.set()
        assert release.wait(60)

    first = checked(db_file, "satu.csv", FIRST)
    writer = threading.Thread(target=lambda: warehouse.load_frame(
        db_file, "e_mas", first.validation.frame, file_name="satu.csv", sha256=first.sha256, user="rudi",
        before_publish=hold_before_publish))
    writer.start()
    assert started.wait(60)
    for _ in range(5):
        assert reader.query("SELECT count(*) AS n FROM e_mas")["n"].tolist() == [3]
    assert rows(db_file) == old
    assert home_figure(at) == "3"
    release.set()
    writer.join(60)
    assert rows(db_file) == [("A", "baru", None, None), ("B", "diproses", STAMP(RESPONDED), None),
                             ("C", "baru", None, None), ("D", "baru", None, None)]
    assert reader.query("SELECT count(*) AS n FROM e_mas")["n"].tolist() == [4]
    assert home_figure(at) == "4"


def test_continuous_reading_during_a_large_load_sees_only_whole_versions(db_file: Path) -> None:
    fx.seed_three_complaints(db_file)
    frame = sample.generate("e_mas", scale=1)
    reader = reader_db.reader(db_file)
    seen: list[int] = []
    done = threading.Event()

    def keep_reading() -> None:
        while not done.is_set():
            seen.append(int(reader.scalar("SELECT count(*) FROM e_mas")))

    readers = [threading.Thread(target=keep_reading) for _ in range(2)]
    for thread in readers:
        thread.start()
    result = warehouse.load_frame(db_file, "e_mas", frame, file_name="besar.csv", sha256="big", user="admin")
    deadline = time.monotonic() + 30
    while seen[-1] != 3 + len(frame) and time.monotonic() < deadline:
        time.sleep(0.05)
    done.set()
    for thread in readers:
        thread.join(30)
    assert result.inserted == len(frame)
    assert set(seen) <= {3, 3 + len(frame)} and seen[0] == 3 and seen[-1] == 3 + len(frame)
    assert int(reader.scalar("SELECT count(*) FROM e_mas")) == 3 + len(frame)


def test_two_loads_at_once_both_succeed_and_nothing_is_lost(db_file: Path) -> None:
    fx.seed_three_complaints(db_file)
    files = [(RUDI, checked(db_file, "satu.csv", FIRST)), (ADMIN, checked(db_file, "dua.csv", SECOND))]
    barrier = threading.Barrier(2)
    results: list[warehouse.LoadResult] = []

    def load(user: dict, file: loading.Checked) -> None:
        barrier.wait(30)
        results.append(loading.commit(db_file, file, user))

    threads = [threading.Thread(target=load, args=pair) for pair in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(r.batch_id for r in results) == [2, 3]
    assert sorted((r.inserted, r.updated) for r in results) == [(1, 1), (1, 1)]
    assert rows(db_file) == [("A", "baru", None, None), ("B", "diproses", STAMP(RESPONDED), None),
                             ("C", "ditolak", None, None), ("D", "baru", None, None), ("E", "baru", None, None)]
    batches = warehouse.history(db_file)
    assert sorted(batches["user_name"]) == ["admin", "rudi", "seed"]
    assert (batches["state"] == "committed").all()


def test_two_loads_of_the_same_row_keep_both_versions_in_commit_order(db_file: Path) -> None:
    fx.seed_three_complaints(db_file)
    versions = {"diproses": checked(db_file, "a.csv", fx.csv_bytes([fx.csv_row("B", RECEIVED, status="diproses")])),
                "ditolak": checked(db_file, "b.csv", fx.csv_bytes([fx.csv_row("B", RECEIVED, status="ditolak")]))}
    barrier = threading.Barrier(2)
    batch_of: dict[str, int] = {}

    def load(status: str) -> None:
        barrier.wait(30)
        batch_of[status] = loading.commit(db_file, versions[status], ADMIN).batch_id

    threads = [threading.Thread(target=load, args=(status,)) for status in versions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    later = max(batch_of, key=batch_of.get)
    assert dict((r[0], r[1]) for r in rows(db_file)) == {"A": "baru", "B": later, "C": "baru"}
    con = warehouse.reading(db_file)
    try:
        history = con.execute("SELECT status, batch_id FROM history_e_mas WHERE complaint_id = 'B' ORDER BY 2").fetchall()
    finally:
        con.close()
    assert history == [("baru", 1)] + sorted(((s, b) for s, b in batch_of.items()), key=lambda pair: pair[1])


@pytest.mark.file_only(reason="the file's write lock and its wait; lake writers retry conflicting commits instead")
def test_a_writer_that_cannot_wait_is_told_to_retry_and_loses_nothing(db_file: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    fx.seed_three_complaints(db_file)
    monkeypatch.setattr(warehouse.writing.__wrapped__, "__kwdefaults__", {"wait_seconds": 0.5})
    first, second = checked(db_file, "satu.csv", FIRST), checked(db_file, "dua.csv", SECOND)
    started, release = threading.Event(), threading.Event()

    def hold() -> None:
        started.set()
        assert release.wait(60)

    writer = threading.Thread(target=lambda: warehouse.load_frame(
        db_file, "e_mas", first.validation.frame, file_name="satu.csv", sha256=first.sha256, user="rudi",
        before_publish=hold))
    writer.start()
    assert started.wait(60)
    with pytest.raises(warehouse.WarehouseError) as err:
        loading.commit(db_file, second, ADMIN)
    assert err.value.key == "load.busy"
    release.set()
    writer.join(60)
    assert [r[0] for r in rows(db_file)] == ["A", "B", "C", "D"]
    assert loading.commit(db_file, second, ADMIN).batch_id == 3
    assert rows(db_file) == [("A", "baru", None, None), ("B", "diproses", STAMP(RESPONDED), None),
                             ("C", "ditolak", None, None), ("D", "baru", None, None), ("E", "baru", None, None)]
