"""Schema evolution: a warehouse written by an earlier release (or under a contract with one column fewer, or
before a source existed) opens, previews and loads under today's code, and keeps its history."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import data_sources
from binjai import db as reader_db
from binjai import fmt, integrity, schema
from binjai.metrics.catalogue import label as metric_label
from binjai.queries import common
from data_sources import get_contract
from etl import loading, recovery, warehouse
from etl.cli import main as etl_main
from tests import upload_fixtures as fx
from tests.backends import new_warehouse
from tests.conftest import FIXTURES, ROOT, emas_frame, gunzip

OLD_RELEASE = FIXTURES / "warehouse" / "release_006454a.duckdb.gz"


@pytest.fixture
def old_db(db_file: Path) -> Path:
    """The warehouse file written by the release at commit 006454a (no schema version, no checksums)."""
    return gunzip(OLD_RELEASE, db_file)


def _query(db: Path | str, sql: str, params: list | None = None) -> list[tuple]:
    con = warehouse.reading(db)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _version(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return schema.version(con)
    finally:
        con.close()


@pytest.mark.file_only(reason="opens a DuckDB file written by an earlier release")
def test_old_release_warehouse_reads_without_being_written(old_db: Path) -> None:
    before = old_db.read_bytes()
    reader = reader_db.Warehouse(old_db)
    fresh = common.freshness(reader).set_index("source")
    assert int(fresh.loc["e_mas", "rows"]) == 402
    assert reader.scalar("SELECT status FROM e_mas WHERE complaint_id = 'OLD-1'") == "selesai"
    assert reader.scalar("SELECT value FROM schema_info WHERE key = 'schema_version'") is None
    assert old_db.read_bytes() == before
    assert _version(old_db) == 1


@pytest.mark.file_only(reason="opens a DuckDB file written by an earlier release")
def test_load_into_old_release_warehouse_upgrades_it_and_keeps_history(old_db: Path) -> None:
    rows = [fx.csv_row("NEW-1", fx.recent_day(3)), fx.csv_row("OLD-2", fx.recent_day(400), status="diproses")]
    data = fx.csv_bytes(rows)
    checked = loading.check_file(old_db, "e_mas", data, "baru.csv")
    assert checked.ok, checked.validation.errors
    assert checked.counts == {"new": 1, "updated": 1, "unchanged": 0}
    assert _version(old_db) == 1, "a preview must not write"

    result = loading.commit(old_db, checked, loading.operator("qa"))
    assert (result.batch_id, result.inserted, result.updated) == (7, 1, 1)
    assert _version(old_db) == schema.SCHEMA_VERSION
    assert _query(old_db, "SELECT count(*) FROM e_mas") == [(403,)]
    assert _query(old_db, "SELECT status FROM history_e_mas WHERE complaint_id = 'OLD-1' ORDER BY batch_id") == [
        ("baru",), ("selesai",)]
    assert integrity.is_good(old_db) is True
    assert recovery.previous_ok(old_db), "the old release's file is the last good version to go back to"

    warehouse.rollback(old_db, 7, "admin")
    warehouse.rollback(old_db, 6, "admin")  # a batch written by the old release can still be undone
    assert _query(old_db, "SELECT complaint_id, status FROM e_mas WHERE complaint_id IN ('OLD-1', 'OLD-2', 'NEW-1') "
                          "ORDER BY 1") == [("OLD-1", "baru"), ("OLD-2", "baru")]


@pytest.mark.file_only(reason="opens a DuckDB file written by an earlier release")
def test_cli_upgrade_reports_what_it_added_then_nothing(old_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert etl_main(["--db", str(old_db), "--lang", "en", "upgrade"]) == 0
    first = capsys.readouterr().out
    assert "schema_info" in first and "History is kept" in first
    assert etl_main(["--db", str(old_db), "--lang", "en", "upgrade"]) == 0
    assert "already uses the current schema" in capsys.readouterr().out
    assert _query(old_db, "SELECT count(*) FROM history_e_mas") == [(403,)]


def _without(source: str, column: str) -> data_sources.Contract:
    contract = get_contract(source)
    return dataclasses.replace(contract, columns=tuple(c for c in contract.columns if c.name != column))


def test_warehouse_from_a_contract_with_one_column_fewer_takes_the_new_column(request: pytest.FixtureRequest,
                                                                             tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    db_file = new_warehouse(request, tmp_path, blank=True)
    frame = emas_frame([{"complaint_id": "A"}, {"complaint_id": "B"}]).drop(columns=["description"])
    with monkeypatch.context() as patch:
        patch.setitem(data_sources.CONTRACTS, "e_mas", _without("e_mas", "description"))
        warehouse.load_frame(db_file, "e_mas", frame, file_name="lama.csv", sha256="lama", user="qa")
    if isinstance(db_file, Path):  # a lake connection upgrades the catalog to today's contracts as it opens
        assert ("description",) not in _query(db_file, "SELECT column_name FROM duckdb_columns() "
                                                        "WHERE table_name = 'e_mas'")

    reader = reader_db.reader(db_file)
    assert reader.query("SELECT complaint_id, description FROM e_mas ORDER BY 1")["description"].isna().all()

    received = pd.Timestamp("2024-03-04 09:00").to_pydatetime()  # emas_frame's default
    data = fx.csv_bytes([fx.csv_row("A", received, description="Lampu jalan mati")])
    checked = loading.check_file(db_file, "e_mas", data, "baru.csv")
    assert checked.counts == {"new": 0, "updated": 1, "unchanged": 0}
    assert checked.preview.updated["changed_fields"].tolist() == ["description"]
    loading.commit(db_file, checked, loading.operator("qa"))
    assert _query(db_file, "SELECT complaint_id, description FROM e_mas ORDER BY 1") == [
        ("A", "Lampu jalan mati"), ("B", None)]
    assert _query(db_file, "SELECT count(*) FROM history_e_mas") == [(3,)]


@pytest.mark.file_only(reason="opens a DuckDB file written by an earlier release")
def test_a_new_source_reads_as_empty_before_its_first_write(old_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new_source = dataclasses.replace(get_contract("app_metrics"), name="e_baru")
    monkeypatch.setitem(data_sources.CONTRACTS, "e_baru", new_source)
    reader = reader_db.Warehouse(old_db)
    assert reader.scalar("SELECT count(*) FROM e_baru") == 0
    assert reader.scalar("SELECT count(*) FROM history_e_baru") == 0
    assert int(common.freshness(reader).set_index("source").loc["e_mas", "rows"]) == 402

    assert "e_baru" in recovery.upgrade(old_db)
    assert _query(old_db, "SELECT count(*) FROM e_baru") == [(0,)]


@pytest.mark.file_only(reason="opens a DuckDB file written by an earlier release")
def test_pages_render_an_old_release_warehouse_before_any_write(old_db: Path) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["periode"] = "all"
    at.run()
    assert not at.exception, at.exception
    assert next(m.value for m in at.metric if m.label == metric_label("emas_received", "id")) == fmt.number(402, lang="id")
    for page in ("pages/01_quick_win.py", "pages/02_e_mas.py", "pages/03_e_saberling.py", "pages/06_aplikasi.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert not at.error, (page, [error.value for error in at.error])
    assert _version(old_db) == 1
