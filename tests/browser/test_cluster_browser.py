"""Two dashboard replicas behind haproxy on one DuckLake (PostgreSQL catalog), started by scripts/run_cluster.sh:
an upload through one replica shows through the other, simultaneous uploads through both get distinct batches and
lose nothing, and kill -9 of a replica during a save leaves the lake consistent. Uploads go through the real
upload page in headless Chromium; each browser is pinned to a replica by haproxy's sticky cookie."""

from __future__ import annotations

import os
import re
import signal
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from binjai.ui.pages import page as page_spec
from etl import warehouse
from etl.lake_maintenance import compact
from tests import upload_fixtures as fx
from tests.browser.conftest import (
    VIEWPORT,
    open_upload_signed_in,
    page_url,
    settled,
    staff_accounts,
    wait_for_app,
)
from tests.cluster import Cluster, haproxy_installed, healthy, run_cluster
from tests.conftest import emas_frame

pytestmark = pytest.mark.cluster
COOKIE = "BINJAI_REPLICA"
REPLICA_HEADER = "x-binjai-replica"
RECEIVED_TILE = '[data-testid="stMetric"]:has-text("Aduan masuk") [data-testid="stMetricValue"]'
SAVED = re.compile(r"Tersimpan sebagai batch (\d+)")
SAVE_BUTTON = re.compile(r"^Simpan [\d.]+ perubahan")
TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Two replicas, haproxy and PostgreSQL from scripts/run_cluster.sh, with three complaints loaded."""
    if not haproxy_installed():
        pytest.skip("haproxy could not be installed (scripts/install_system_packages.sh --haproxy-only)")
    with run_cluster(2) as running:
        fx.seed_three_complaints(running.address)
        staff_accounts(running.address, tmp_path_factory.mktemp("cluster"))  # in the lake's PostgreSQL
        yield running


def _rows(cluster: Cluster, sql: str, params: list | None = None) -> list[tuple]:
    return [tuple(r) for r in warehouse._read(cluster.address, sql, params or []).itertuples(index=False)]


def _pinned(browser: Any, cluster: Cluster, replica: int) -> Any:
    """A new browser page that haproxy's cookie sends to replica `replica`."""
    context = browser.new_context(viewport=VIEWPORT, locale="id-ID", timezone_id="Asia/Jakarta")
    context.add_cookies([{"name": COOKIE, "value": f"r{replica}", "url": cluster.url}])
    return context.new_page()


def _ready_to_save(page: Any, cluster: Cluster, upload: Path) -> None:
    """Sign in as rudi (staff, e-Mas), choose `upload` on the upload page and wait for the preview."""
    page.goto(page_url(cluster, page_spec("masuk")))
    wait_for_app(page)
    open_upload_signed_in(page, "rudi", fx.PASSWORDS["rudi"])
    page.locator('input[type="file"]').set_input_files(str(upload))
    settled(page, "Pratinjau perubahan", TIMEOUT_MS)


def _saved_batch(page: Any) -> int:
    settled(page, SAVED, TIMEOUT_MS)
    return int(SAVED.search(page.get_by_text(SAVED).first.inner_text()).group(1))


def _complaints_file(path: Path, prefix: str, count: int) -> Path:
    rows = [fx.csv_row(f"{prefix}{n:05d}", fx.recent_day(3)) for n in range(count)]
    path.write_bytes(fx.csv_bytes(rows))
    return path


def _received(page: Any, cluster: Cluster, replica: int) -> int:
    """The e-Mas page's "complaints received" figure, served by replica `replica`."""
    response = page.goto(page_url(cluster, page_spec("e_mas")))
    assert response.headers[REPLICA_HEADER] == f"r{replica}"
    wait_for_app(page)
    return int(page.locator(RECEIVED_TILE).first.inner_text().replace(".", ""))


def _assert_consistent(cluster: Cluster) -> None:
    """History and the current table agree: every history row belongs to a recorded batch, every committed batch
    has all its rows, and the current table is exactly the newest committed version of every complaint."""
    assert _rows(cluster, "SELECT count(*) FROM history_e_mas WHERE batch_id NOT IN "
                          "(SELECT batch_id FROM load_batches)") == [(0,)]
    assert _rows(cluster, "SELECT count(*) - count(DISTINCT batch_id) FROM load_batches") == [(0,)]
    assert _rows(cluster, """SELECT count(*) FROM load_batches b WHERE source = 'e_mas' AND rows_inserted +
        rows_updated <> (SELECT count(*) FROM history_e_mas h WHERE h.batch_id = b.batch_id)""") == [(0,)]
    newest = """SELECT * EXCLUDE (batch_id) FROM history_e_mas JOIN load_batches USING (batch_id)
        WHERE state = 'committed' QUALIFY row_number() OVER (PARTITION BY complaint_id ORDER BY batch_id DESC) = 1"""
    columns = "complaint_id, status, received_at, kelurahan"
    assert _rows(cluster, f"""SELECT count(*) FROM ((SELECT {columns} FROM e_mas EXCEPT ALL
        SELECT {columns} FROM ({newest})) UNION ALL (SELECT {columns} FROM ({newest}) EXCEPT ALL
        SELECT {columns} FROM e_mas))""") == [(0,)]


def test_haproxy_pins_a_browser_to_a_replica_with_a_cookie(cluster: Cluster) -> None:
    with urllib.request.urlopen(f"{cluster.url}/_stcore/health", timeout=10) as response:
        given = [c for c in response.headers.get_all("Set-Cookie") if c.startswith(f"{COOKIE}=")]
        assert len(given) == 1 and given[0].split(";")[0] == f"{COOKIE}={response.headers[REPLICA_HEADER]}"
    for replica in ("r1", "r2", "r1", "r2"):
        pinned = urllib.request.Request(f"{cluster.url}/_stcore/health", headers={"Cookie": f"{COOKIE}={replica}"})
        with urllib.request.urlopen(pinned, timeout=10) as response:
            assert response.headers[REPLICA_HEADER] == replica


def test_an_upload_through_one_replica_shows_through_the_other(cluster: Cluster, browser: Any,
                                                              tmp_path: Path) -> None:
    viewer, uploader = _pinned(browser, cluster, 2), _pinned(browser, cluster, 1)
    before = _received(viewer, cluster, 2)
    _ready_to_save(uploader, cluster, _complaints_file(tmp_path / "aduan.csv", "V", 2))
    uploader.get_by_role("button", name=SAVE_BUTTON).click()
    _saved_batch(uploader)
    deadline = time.monotonic() + 30
    while (after := _received(viewer, cluster, 2)) != before + 2 and time.monotonic() < deadline:
        time.sleep(1)
    assert after == before + 2


def test_simultaneous_uploads_through_both_replicas_get_distinct_batches(cluster: Cluster, browser: Any,
                                                                         tmp_path: Path) -> None:
    pages = [_pinned(browser, cluster, n) for n in (1, 2)]
    before = _rows(cluster, "SELECT count(*) FROM e_mas")[0][0]
    for number, page in enumerate(pages):
        _ready_to_save(page, cluster, _complaints_file(tmp_path / f"aduan{number}.csv", f"S{number}-", 50))
    buttons = [page.get_by_role("button", name=SAVE_BUTTON) for page in pages]
    for button in buttons:
        button.click()
    batches = [_saved_batch(page) for page in pages]
    assert len(set(batches)) == 2
    assert _rows(cluster, "SELECT count(*) FROM e_mas")[0][0] == before + 100
    assert sorted(_rows(cluster, "SELECT batch_id, count(*) FROM history_e_mas WHERE batch_id IN (?, ?) GROUP BY 1",
                        batches)) == sorted((b, 50) for b in batches)
    _assert_consistent(cluster)


def test_kill_9_of_a_replica_during_a_save_leaves_the_lake_consistent(cluster: Cluster, browser: Any,
                                                                      tmp_path: Path) -> None:
    page = _pinned(browser, cluster, 1)
    history_files = cluster.folder / "lake" / "main" / "history_e_mas"  # a save writes here first
    before_rows = _rows(cluster, "SELECT count(*) FROM e_mas")[0][0]
    before_batches = _rows(cluster, "SELECT count(*) FROM load_batches")[0][0]
    _ready_to_save(page, cluster, _complaints_file(tmp_path / "besar.csv", "K", 5000))
    files_before = set(history_files.glob("*.parquet"))
    victim = cluster.replica_pid(1)
    page.get_by_role("button", name=SAVE_BUTTON).click()
    deadline = time.monotonic() + 60
    while not set(history_files.glob("*.parquet")) - files_before:  # the save has begun writing its batch
        assert time.monotonic() < deadline, "the save never started writing"
        time.sleep(0.01)
    os.kill(victim, signal.SIGKILL)
    page.context.close()

    assert _rows(cluster, "SELECT count(*) FROM load_batches")[0][0] == before_batches
    assert _rows(cluster, "SELECT count(*) FROM e_mas")[0][0] == before_rows
    _assert_consistent(cluster)
    result = warehouse.load_frame(cluster.address, "e_mas", emas_frame([{"complaint_id": "NEXT"}]),
                                  file_name="next.csv", sha256="next", user="test")
    assert result.inserted == 1
    _assert_consistent(cluster)
    left_behind = set(history_files.glob("*.parquet")) - files_before
    assert left_behind  # the killed save's files, never committed: nightly maintenance deletes them
    compact(cluster.address, file_days=0)
    assert not left_behind & set(history_files.glob("*.parquet"))
    _assert_consistent(cluster)
    deadline = time.monotonic() + 120  # the script starts the killed replica again
    while not (healthy(cluster.replica_url(1)) and cluster.replica_pid(1) != victim):
        assert time.monotonic() < deadline, cluster.log_tail()
        time.sleep(1)
