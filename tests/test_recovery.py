"""A damaged, truncated, missing or read-only database: detected, shown to viewers as a plain "data sedang tidak
tersedia" (no path, no raw error, no actions), recovered only by an administrator or on the command line."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from binjai import db as reader_db
from binjai import fmt, integrity
from binjai.i18n import t
from binjai.metrics.catalogue import label as metric_label
from etl import recovery, warehouse
from etl.cli import main as etl_main
from etl.loading import seed_database
from tests import upload_fixtures as fx
from tests.conftest import ROOT, emas_frame

pytestmark = pytest.mark.file_only(reason="damage to the DuckDB file and its .prev copy (the lake: test_lake_recovery)")


@pytest.fixture
def served_db(db_file: Path, accounts_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small seeded warehouse ($BINJAI_DB) plus one more load, so that `.prev` is the seeded version."""
    fx.use_accounts(monkeypatch, accounts_path)
    seed_database(db_file, scale=0.05)
    warehouse.load_frame(db_file, "e_mas", emas_frame([{"complaint_id": "EXTRA-1"}]), file_name="extra.csv",
                         sha256="extra", user="qa")
    return db_file


def open_home(user: str | None = None) -> AppTest:
    """The home page with every date included (its complaint count is the table's size), optionally as `user`."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["periode"] = "all"
    at.run()
    if user:
        at.switch_page("pages/11_masuk.py").run()
        fx.sign_in(at, user, fx.PASSWORDS[user])
        at.switch_page("dashboard.py").run()
    return at


def complaints_shown(at: AppTest) -> str:
    """The home page's complaint figure as displayed."""
    return next(metric.value for metric in at.metric if metric.label == metric_label("emas_received", "id"))


def complaints_stored(db: Path) -> str:
    """The number of current complaints in the file, formatted as the home page shows it."""
    return fmt.number(reader_db.Warehouse(db).scalar("SELECT count(*) FROM e_mas"), lang="id")


def _truncate(path: Path) -> None:
    """Cut the file to half its size in place (same inode), as a full disk or an interrupted copy would."""
    os.truncate(path, path.stat().st_size // 2)


def _scribble(path: Path) -> None:
    """Overwrite the first 4 KB of the file in place with garbage."""
    with open(path, "r+b") as handle:
        handle.write(os.urandom(4096))


def _everything_shown(at: AppTest) -> str:
    """Every text element of the page, joined (to check what a viewer can read)."""
    parts = [element.value for kind in ("title", "info", "error", "warning", "markdown", "caption", "text")
             for element in getattr(at, kind)]
    return "\n".join(str(part) for part in parts)


def _button(at: AppTest, key: str) -> Any:
    return next(button for button in at.button if button.label == t(key, "id"))


def test_a_file_truncated_to_half_is_detected_and_the_last_good_version_restored(served_db: Path) -> None:
    previous = served_db.with_name(served_db.name + ".prev")
    good = reader_db.Warehouse(previous).scalar("SELECT count(*) FROM e_mas")
    _truncate(served_db)
    damaged = served_db.read_bytes()

    with pytest.raises(reader_db.WarehouseUnavailable) as refused:
        reader_db.Warehouse(served_db).scalar("SELECT count(*) FROM e_mas")
    assert refused.value.key == "db.damaged"
    with pytest.raises(warehouse.WarehouseError) as write_refused:
        warehouse.load_frame(served_db, "e_mas", emas_frame([{"complaint_id": "X"}]), file_name="x.csv",
                             sha256="x", user="qa")
    assert write_refused.value.key == "db.damaged"
    assert served_db.read_bytes() == damaged
    assert recovery.previous_ok(served_db)

    assert etl_main(["--db", str(served_db), "restore"]) == 0
    assert reader_db.Warehouse(served_db).scalar("SELECT count(*) FROM e_mas") == good
    assert integrity.is_good(served_db) is True
    kept = list(served_db.parent.glob(f"{served_db.name}.broken-*"))
    assert [path.read_bytes() for path in kept] == [damaged]


def test_a_damaged_previous_copy_is_not_offered(served_db: Path) -> None:
    previous = served_db.with_name(served_db.name + ".prev")
    _truncate(previous)
    assert not recovery.previous_ok(served_db)
    with pytest.raises(warehouse.WarehouseError) as refused:
        recovery.restore_previous(served_db)
    assert refused.value.key == "db.previous_damaged"


@pytest.mark.parametrize("damage", [_truncate, _scribble])
def test_viewers_see_only_that_data_is_unavailable(served_db: Path, damage: Any) -> None:
    damage(served_db)
    at = open_home()
    for _ in range(2):  # the same calm message on every run: no crash loop
        assert not at.exception, at.exception
        assert [info.value for info in at.info] == [t("shell.unavailable", "id")]
        assert not at.error and not at.button and not at.metric and not at.expander
        shown = _everything_shown(at)
        assert str(served_db.parent) not in shown and "duckdb" not in shown.lower()
        at.run()


def test_viewers_of_a_missing_database_are_offered_nothing(served_db: Path) -> None:
    served_db.unlink()
    at = open_home()
    assert not at.exception, at.exception
    assert [info.value for info in at.info] == [t("shell.unavailable", "id")]
    assert not at.button
    assert not served_db.exists()


def test_staff_are_not_administrators(served_db: Path) -> None:
    _scribble(served_db)
    at = open_home("rudi")
    assert not at.exception, at.exception
    assert t("shell.restore_previous", "id") not in {button.label for button in at.button}
    assert t("shell.unavailable", "id") in [info.value for info in at.info]


def test_admin_restores_the_last_good_version(served_db: Path) -> None:
    good = complaints_stored(served_db.with_name(served_db.name + ".prev"))
    _scribble(served_db)
    at = open_home("admin")
    assert not at.exception, at.exception
    assert [error.value for error in at.error] == [t("shell.db_broken", "id", path=str(served_db))]
    assert t("db.damaged", "id") in [text.value for text in at.text]

    _button(at, "shell.restore_previous").click().run()
    assert not at.exception, at.exception
    assert not at.error
    assert complaints_shown(at) == good
    assert complaints_shown(open_home()) == good
    assert len(list(served_db.parent.glob(f"{served_db.name}.broken-*"))) == 1


def test_admin_starts_fresh_when_there_is_no_good_copy(served_db: Path) -> None:
    served_db.with_name(served_db.name + ".prev").unlink()
    _scribble(served_db)
    at = open_home("admin")
    assert t("shell.restore_previous", "id") not in {button.label for button in at.button}

    _button(at, "shell.reseed").click().run()
    assert not at.exception, at.exception
    assert not at.error
    assert complaints_shown(at) == complaints_stored(served_db)
    assert any(warning.value == t("shell.sample_badge", "id") for warning in at.warning)
    assert len(list(served_db.parent.glob(f"{served_db.name}.broken-*"))) == 1


def test_admin_fills_a_missing_database_with_sample_data(served_db: Path) -> None:
    served_db.unlink()
    served_db.with_name(served_db.name + ".prev").unlink()
    at = open_home("admin")
    assert [info.value for info in at.info] == [t("shell.empty", "id")]
    _button(at, "shell.load_sample").click().run()
    assert not at.exception, at.exception
    assert complaints_shown(at) == complaints_stored(served_db)


@pytest.fixture
def read_only_folder(served_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The data folder made read-only; as root (who may write anyway) links and folders fail as on a read-only mount."""
    folder = served_db.parent
    for path in folder.glob(".snapshots/*"):
        path.unlink()
    folder.chmod(0o555)
    if os.geteuid() == 0:
        def refuse(*_args: object, **_kwargs: object) -> None:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))

        monkeypatch.setattr(os, "link", refuse)
        monkeypatch.setattr(os, "mkdir", refuse)
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda path, mode: not mode & os.W_OK and real_access(path, mode))
    yield folder
    folder.chmod(0o755)


def test_a_read_only_data_folder_serves_every_page(served_db: Path, read_only_folder: Path) -> None:
    before = sorted(path.name for path in read_only_folder.iterdir())
    expected = complaints_stored(served_db)
    at = open_home()
    assert not at.exception, at.exception
    assert complaints_shown(at) == expected
    for path in ("pages/01_quick_win.py", "pages/02_e_mas.py", "pages/03_e_saberling.py", "pages/06_aplikasi.py"):
        at.switch_page(path).run()
        assert not at.exception, (path, at.exception)
        assert not at.error, (path, [error.value for error in at.error])
    assert sorted(path.name for path in read_only_folder.iterdir()) == before
    assert reader_db.warehouse(served_db).read_only_folder


def test_a_read_only_data_folder_refuses_writes_with_a_message(served_db: Path, read_only_folder: Path) -> None:
    with pytest.raises(warehouse.WarehouseError) as refused:
        warehouse.load_frame(served_db, "e_mas", emas_frame([{"complaint_id": "X"}]), file_name="x.csv",
                             sha256="x", user="qa")
    assert refused.value.key == "db.read_only"


def test_cli_starts_fresh_and_keeps_the_damaged_file(served_db: Path) -> None:
    _truncate(served_db)
    damaged = served_db.read_bytes()
    assert etl_main(["--db", str(served_db), "seed", "--scale", "0.05", "--start-fresh"]) == 0
    assert reader_db.Warehouse(served_db).scalar("SELECT bool_and(is_sample) FROM load_batches") is True
    assert [path.read_bytes() for path in served_db.parent.glob(f"{served_db.name}.broken-*")] == [damaged]


def test_upload_page_of_a_damaged_database_says_so_and_refuses_to_save(served_db: Path) -> None:
    _scribble(served_db)
    damaged = served_db.read_bytes()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    at.switch_page("pages/11_masuk.py").run()
    fx.sign_in(at, "rudi", fx.PASSWORDS["rudi"])
    at.switch_page("pages/10_unggah.py").run()
    assert not at.exception, at.exception
    assert t("shell.unavailable", "id") in [warning.value for warning in at.warning]
    fx.upload(at, "aduan.csv", fx.good_file())
    assert not at.exception, at.exception
    assert t("db.damaged", "id") in [status.label for status in at.status]
    assert not [button for button in at.button if button.key == "upl_confirm"]
    assert served_db.read_bytes() == damaged
