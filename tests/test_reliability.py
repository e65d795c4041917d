"""Reliability at the application level: a load killed with SIGKILL at several points, and readers during loads.

The ETL-level kill tests are in test_warehouse.py; here the dashboard (AppTest of dashboard.py) must keep
serving the previous data and readers must never see a half-loaded batch. A damaged, missing or read-only
database is in test_recovery.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from binjai import clock, fmt
from binjai import db as reader_db
from binjai.filters import EARLIEST_DATA, Filters
from binjai.metrics.catalogue import label as metric_label
from binjai.queries import e_mas
from etl import sample, warehouse
from etl.loading import seed_database
from tests.backends import fingerprint, work_copies
from tests.conftest import ROOT, emas_frame

KILL_FILE_SCALE = 10  # 200,000 complaints: the load runs for a few seconds, long enough to be killed mid-way
BATCH_ROWS = 1000
LOADS = 6
READERS = 20
_PAUSED = "PAUSED-BEFORE-PUBLISH"
_PAUSING_LOADER = f"""
import sys, time
from pathlib import Path
from etl.loading import load_file

def pause():
    print("{_PAUSED}", flush=True)
    time.sleep(600)

path = Path(sys.argv[2])
db = sys.argv[1] if sys.argv[1].startswith("ducklake+") else Path(sys.argv[1])
load_file(db, "e_mas", path.read_bytes(), path.name, user="qa", before_publish=pause)
"""


def open_home(params: dict[str, str] | None = None) -> AppTest:
    """Run the home page with every date included (periode=all) so its complaint count is the table's size."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in ({"periode": "all"} | (params or {})).items():
        at.query_params[key] = value
    return at.run()


def complaints_shown(at: AppTest) -> str:
    """The home page's complaint figure as displayed."""
    label = metric_label("emas_received", "id")
    return next(metric.value for metric in at.metric if metric.label == label)


def table_count(db: Path, table: str) -> int:
    """Rows in one table of the published file."""
    con = warehouse.reading(db)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


@pytest.fixture(scope="module")
def kill_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid 200,000-row e-Mas CSV (a different seed from the warehouse's sample data)."""
    path = tmp_path_factory.mktemp("reliability_input") / "emas_big.csv"
    sample.generate("e_mas", scale=KILL_FILE_SCALE, seed=7).to_csv(path, index=False)
    return path


@pytest.fixture
def served_db(db_file: Path) -> Path:
    """A small seeded warehouse that $BINJAI_DB points at."""
    seed_database(db_file, scale=0.05)
    return db_file


def _wait_for(predicate: Callable[[], bool], timeout: float, interval: float = 0.005) -> bool:
    """Poll `predicate` until it holds (True) or the time is up (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def _start_cli_load(db: Path, file: Path) -> subprocess.Popen:
    """`python -m etl load e_mas FILE` in the background."""
    command = [sys.executable, "-m", "etl", "--db", str(db), "load", "e_mas", str(file), "--user", "qa"]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _start_paused_load(db: Path, file: Path) -> subprocess.Popen:
    """The loader in the background, paused at its last moment (it prints the marker and sleeps)."""
    command = [sys.executable, "-c", _PAUSING_LOADER, str(db), str(file)]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_at(point: str, db: Path, file: Path) -> None:
    """Start a load and SIGKILL it at `point`; while a paused load holds the write lock, the app must serve."""
    if point == "before_publish":
        process = _start_paused_load(db, file)
        assert process.stdout.readline().strip() == _PAUSED, process.stderr.read()
        at = open_home()
        assert not at.exception, at.exception
    else:
        process = _start_cli_load(db, file)
        if point == "writing_copy":
            assert _wait_for(lambda: any(db.parent.glob(f"{db.name}.work-*")), timeout=60)
        else:
            time.sleep({"starting": 0.3, "reading": 1.5}[point])
    assert process.poll() is None, "the load finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()
    process.stderr.close()


@pytest.mark.slow
@pytest.mark.parametrize("point", ["starting", "reading", pytest.param("writing_copy", marks=pytest.mark.file_only(
    reason="waits for the file's private work copy")), "before_publish"])
def test_killed_load_keeps_previous_data_and_app_serving(served_db: Path, kill_file: Path, point: str) -> None:
    before = fingerprint(served_db)
    first = open_home()
    assert not first.exception
    shown = complaints_shown(first)
    assert shown == fmt.number(table_count(served_db, "e_mas"), lang="id")

    _kill_at(point, served_db, kill_file)

    assert fingerprint(served_db) == before
    after = open_home()
    assert not after.exception, after.exception
    assert complaints_shown(after) == shown
    done = _start_cli_load(served_db, kill_file)
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert not work_copies(served_db)
    reloaded = open_home()
    assert complaints_shown(reloaded) == fmt.number(table_count(served_db, "e_mas"), lang="id") != shown


def _batch_frame(number: int) -> pd.DataFrame:
    """BATCH_ROWS new complaints whose ids name the batch."""
    return emas_frame([{"complaint_id": f"LD{number}-{i:05d}"} for i in range(BATCH_ROWS)])


_CONSISTENCY_SQL = """
SELECT (SELECT count(*) FROM e_mas WHERE complaint_id LIKE 'LD%') AS current_rows,
       (SELECT count(*) FROM history_e_mas WHERE complaint_id LIKE 'LD%') AS history_rows,
       (SELECT count(*) FROM load_batches WHERE file_name LIKE 'ld-%' AND state = 'committed') AS batches,
       (SELECT coalesce(sum(rows_inserted), 0) FROM load_batches WHERE file_name LIKE 'ld-%') AS inserted
"""


class _Reader(threading.Thread):
    """Reads the warehouse in a loop until told to stop; records every batch count seen and any fault."""

    def __init__(self, db: Path, base_complaints: int, use_query_layer: bool, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.db, self.base, self.use_query_layer, self.stop = db, base_complaints, use_query_layer, stop
        self.seen: list[int] = []
        self.faults: list[str] = []

    def run(self) -> None:
        """Read until stopped, then once more so that the last read follows the last load."""
        wh = reader_db.warehouse(self.db)
        everything = Filters(EARLIEST_DATA, clock.today())
        while True:
            last_round = self.stop.is_set()
            try:
                self.seen.append(self._observe(wh, everything))
            except Exception as err:  # any reader fault fails the test; keep reading to find more
                self.faults.append(f"{type(err).__name__}: {err}")
            if last_round:
                return

    def _observe(self, wh: reader_db.Warehouse, everything: Filters) -> int:
        """One read; returns how many of the test's batches it saw, recording a fault for a partial view."""
        if self.use_query_layer:
            complaints = int(e_mas.headline(wh, everything)["received"])
            extra = complaints - self.base
            if extra % BATCH_ROWS:
                self.faults.append(f"query layer saw {complaints} complaints: a partial batch")
            return extra // BATCH_ROWS
        current, history, batches, inserted = wh.query(_CONSISTENCY_SQL).iloc[0].tolist()
        if not current == history == inserted == batches * BATCH_ROWS:
            self.faults.append(f"half-loaded view: {current} current, {history} history, {batches} batches")
        return int(batches)


@pytest.mark.slow
def test_concurrent_readers_never_see_a_half_loaded_batch(served_db: Path) -> None:
    base = table_count(served_db, "e_mas")
    stop = threading.Event()
    readers = [_Reader(served_db, base, use_query_layer=i % 2 == 1, stop=stop) for i in range(READERS)]
    load_errors: list[str] = []

    def load_all() -> None:
        """Commit LOADS batches one after another."""
        try:
            for number in range(LOADS):
                warehouse.load_frame(served_db, "e_mas", _batch_frame(number), file_name=f"ld-{number}.csv",
                                     sha256=f"ld-{number}", user="qa")
                time.sleep(0.2)
        except Exception as err:
            load_errors.append(repr(err))

    for reader in readers:
        reader.start()
    writer = threading.Thread(target=load_all, daemon=True)
    writer.start()
    allowed = {fmt.number(base + k * BATCH_ROWS, lang="id") for k in range(LOADS + 1)}
    app_runs = 0
    while writer.is_alive():
        at = open_home()
        assert not at.exception, at.exception
        assert complaints_shown(at) in allowed
        app_runs += 1
    writer.join()
    stop.set()
    for reader in readers:
        reader.join(timeout=60)

    assert load_errors == []
    assert [fault for reader in readers for fault in reader.faults] == []
    assert all(reader.seen == sorted(reader.seen) for reader in readers), "a reader went back to an older version"
    assert {reader.seen[-1] for reader in readers} == {LOADS}
    assert sum(len(set(reader.seen)) > 1 for reader in readers) >= READERS // 2, "readers did not overlap the loads"
    assert app_runs >= 1
    assert complaints_shown(open_home()) == fmt.number(base + LOADS * BATCH_ROWS, lang="id")
