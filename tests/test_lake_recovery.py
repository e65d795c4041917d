"""Admin recovery on both backends: restore puts back the version before the last write (the file's `.prev`, the
lake's previous snapshot); start-fresh works on the file and is refused with a message on DuckLake (nothing
changed); filling an empty warehouse with sample data works on both, from the page too."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from binjai import db, lake
from binjai.auth import store
from binjai.i18n import t
from binjai.ui import session
from etl import loading, recovery, warehouse
from etl.cli import main as etl_main
from tests import upload_fixtures as fx
from tests.backends import any_warehouse, lake_address, s3_server  # noqa: F401 - fixtures
from tests.conftest import ROOT, emas_frame

SHARED_SIGN_IN = True  # the lake run leaves sign-in state in the shared store here (tests/conftest.py)
ADMIN = {"name": "admin", "role": "admin", "sources": []}


def two_loads(address: str | Path) -> list[int]:
    """Two e_mas batches (A, then B); returns the batch ids in the history."""
    for key in ("A", "B"):
        warehouse.load_frame(address, "e_mas", emas_frame([{"complaint_id": key}]), file_name=f"{key}.csv",
                             sha256=key, user="qa")
    return sorted(warehouse.history(address)["batch_id"].tolist())


def test_restore_puts_back_the_version_before_the_last_write(any_warehouse: str | Path) -> None:  # noqa: F811
    assert two_loads(any_warehouse) == [1, 2]
    reader = db.warehouse(any_warehouse)
    assert reader.scalar("SELECT count(*) FROM e_mas") == 2
    with pytest.raises(loading.LoadError):
        loading.restore(any_warehouse, {"name": "dewi", "role": "staff"})
    assert recovery.previous_ok(any_warehouse)
    loading.restore(any_warehouse, ADMIN)
    assert warehouse.history(any_warehouse)["batch_id"].tolist() == [1]
    assert db.warehouse(any_warehouse).scalar("SELECT string_agg(complaint_id) FROM e_mas") == "A"
    loading.restore(any_warehouse, ADMIN)  # again: the same version, not the undone one
    assert warehouse.history(any_warehouse)["batch_id"].tolist() == [1]
    again = warehouse.load_frame(any_warehouse, "e_mas", emas_frame([{"complaint_id": "C"}]), file_name="C.csv",
                                 sha256="C", user="qa")
    assert again.batch_id == 2
    assert sorted(warehouse.history(any_warehouse)["file_name"].tolist()) == ["A.csv", "C.csv"]


def test_a_lake_with_nothing_before_its_last_write_has_no_previous_version(postgres_port: int,  # noqa: F811
                                                                          tmp_path: Path) -> None:
    address = lake_address(postgres_port, tmp_path / "lake")
    assert not recovery.previous_ok(address)
    with pytest.raises(warehouse.WarehouseError) as refused:
        loading.restore(address, ADMIN)
    assert refused.value.key == "db.no_previous"
    assert not recovery.previous_ok(f"ducklake+postgresql://postgres@127.0.0.1:9/none?data_path={tmp_path}/")


def test_start_fresh_reseeds_the_file_and_is_refused_on_the_lake(any_warehouse: str | Path) -> None:  # noqa: F811
    two_loads(any_warehouse)
    if lake.is_lake(any_warehouse):
        with pytest.raises(warehouse.WarehouseError) as refused:
            loading.start_fresh(any_warehouse, ADMIN)
        assert refused.value.key == "db.lake_no_start_fresh"
        assert refused.value.message("en").startswith("The shared warehouse (DuckLake) is not set aside")
        assert warehouse.history(any_warehouse)["file_name"].tolist() == ["B.csv", "A.csv"]
    else:
        loading.start_fresh(any_warehouse, ADMIN)
        assert len(list(Path(any_warehouse).parent.glob("binjai.duckdb.broken-*"))) == 1
        assert set(warehouse.history(any_warehouse)["is_sample"]) == {True}


def test_cli_restores_the_lake_and_refuses_to_start_it_fresh(postgres_port: int, tmp_path: Path,  # noqa: F811
                                                              capsys: pytest.CaptureFixture) -> None:
    address = lake_address(postgres_port, tmp_path / "lake")
    two_loads(address)
    capsys.readouterr()
    assert etl_main(["--db", address, "--lang", "en", "seed", "--start-fresh", "--force"]) == 1
    assert capsys.readouterr().err.startswith("The shared warehouse (DuckLake) is not set aside")
    assert sorted(warehouse.history(address)["batch_id"].tolist()) == [1, 2]
    assert etl_main(["--db", address, "restore"]) == 0
    assert warehouse.history(address)["batch_id"].tolist() == [1]


def test_admin_fills_an_empty_lake_with_sample_data_from_the_page(postgres_port: int, tmp_path: Path,  # noqa: F811
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    address = lake_address(postgres_port, tmp_path / "lake")
    monkeypatch.setenv("BINJAI_WAREHOUSE", address)
    monkeypatch.setenv("BINJAI_DB", str(tmp_path / "unused.duckdb"))
    fx.use_accounts(monkeypatch, fx.write_accounts(None))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.session_state[session.TOKEN_KEY] = store.create_session("admin")
    at.run()
    assert [info.value for info in at.info] == [t("shell.empty", "id")]
    next(b for b in at.button if b.label == t("shell.load_sample", "id")).click().run()
    assert not at.exception, at.exception
    assert warehouse.has_data(address) and not (tmp_path / "unused.duckdb").exists()
    assert any(warning.value == t("shell.sample_badge", "id") for warning in at.warning)
