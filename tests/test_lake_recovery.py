"""Admin recovery on both backends: restore and start-fresh work on the file and are refused with a message on
DuckLake (nothing changed); filling an empty warehouse with sample data works on both, from the page too."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from binjai import lake
from binjai.auth import store
from binjai.i18n import t
from binjai.ui import session
from etl import loading, warehouse
from etl.cli import main as etl_main
from tests import upload_fixtures as fx
from tests.backends import any_warehouse, lake_address, postgres_port  # noqa: F401 - fixtures
from tests.conftest import ROOT, emas_frame

ADMIN = {"name": "admin", "role": "admin", "sources": []}


def two_loads(address: str | Path) -> list[int]:
    """Two e_mas batches (A, then B); returns the batch ids in the history."""
    for key in ("A", "B"):
        warehouse.load_frame(address, "e_mas", emas_frame([{"complaint_id": key}]), file_name=f"{key}.csv",
                             sha256=key, user="qa")
    return sorted(warehouse.history(address)["batch_id"].tolist())


def test_restore_puts_back_the_file_and_is_refused_on_the_lake(any_warehouse: str | Path) -> None:  # noqa: F811
    assert two_loads(any_warehouse) == [1, 2]
    if lake.is_lake(any_warehouse):
        with pytest.raises(warehouse.WarehouseError) as refused:
            loading.restore(any_warehouse, ADMIN)
        assert refused.value.key == "db.lake_file_recovery"
        assert refused.value.message("en").startswith("The shared warehouse (DuckLake) has no file")
        assert sorted(warehouse.history(any_warehouse)["batch_id"].tolist()) == [1, 2]
    else:
        loading.restore(any_warehouse, ADMIN)
        assert warehouse.history(any_warehouse)["batch_id"].tolist() == [1]
    with pytest.raises(loading.LoadError):
        loading.restore(any_warehouse, {"name": "dewi", "role": "staff"})


def test_start_fresh_reseeds_the_file_and_is_refused_on_the_lake(any_warehouse: str | Path) -> None:  # noqa: F811
    two_loads(any_warehouse)
    if lake.is_lake(any_warehouse):
        with pytest.raises(warehouse.WarehouseError) as refused:
            loading.start_fresh(any_warehouse, ADMIN)
        assert refused.value.key == "db.lake_file_recovery"
        assert warehouse.history(any_warehouse)["file_name"].tolist() == ["B.csv", "A.csv"]
    else:
        loading.start_fresh(any_warehouse, ADMIN)
        assert len(list(Path(any_warehouse).parent.glob("binjai.duckdb.broken-*"))) == 1
        assert set(warehouse.history(any_warehouse)["is_sample"]) == {True}


def test_cli_restore_and_start_fresh_on_the_lake_say_why_and_change_nothing(
        postgres_port: int, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:  # noqa: F811
    address = lake_address(postgres_port, tmp_path / "lake")
    two_loads(address)
    capsys.readouterr()
    assert etl_main(["--db", address, "restore"]) == 1
    assert etl_main(["--db", address, "--lang", "en", "seed", "--start-fresh", "--force"]) == 1
    err = capsys.readouterr().err
    assert err.count("has no file to put back or set aside") == 1 and "Gudang data bersama (DuckLake)" in err
    assert "Traceback" not in err
    assert sorted(warehouse.history(address)["batch_id"].tolist()) == [1, 2]


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
