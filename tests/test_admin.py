"""Admin: freshness against cadence, the audit log (store + batch history), account changes from the admin page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from binjai import admin, auth, db, fmt, settings
from binjai.auth import manage, shared, store
from binjai.queries import admin as admin_queries
from binjai.ui import session
from etl import warehouse
from tests import upload_fixtures as fx
from tests.backends import auth_store  # noqa: F401 - fixtures
from tests.conftest import ROOT

TODAY = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=7)).date()


@pytest.fixture
def env(auth_store: Path | None, db_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path | None:  # noqa: F811
    """dewi, rudi and admin; e_mas loaded by `seed` today (three complaints) into the warehouse; returns the
    accounts file, or None when accounts live in the shared store of a DuckLake warehouse."""
    accounts = fx.write_accounts(auth_store)
    fx.staff_env(monkeypatch, accounts, settings.warehouse_address())
    return accounts


def test_freshness_counts_days_since_the_newest_data_against_the_contract_cadence(
        db_file: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fx.staff_env(monkeypatch, fx.write_accounts(tmp_path / "accounts.toml"), db_file)
    wh = db.warehouse(db_file)
    received = fx.recent_day(10).date()  # the three complaints of the fixture
    now = admin_queries.freshness(wh, received).set_index("source")
    assert now.loc["e_mas", ["loaded_by", "data_until", "cadence_days", "days_since", "overdue"]].tolist() == [
        "seed", received, 7, 0, False]
    assert pd.isna(now.loc["quick_wins", "days_since"]) and now.loc["quick_wins", "overdue"]
    later = admin_queries.freshness(wh, received + dt.timedelta(days=7)).set_index("source")
    assert later.loc["e_mas", ["days_since", "overdue"]].tolist() == [7, False]
    overdue = admin_queries.overdue_sources(wh, received + dt.timedelta(days=8))
    assert overdue["source"].tolist() == ["quick_wins", "e_mas", "e_saberling", "app_metrics"]
    assert overdue.set_index("source").loc["e_mas", "days_since"] == 8
    view = admin.freshness_view(now.reset_index(), "en")
    assert view.columns.tolist() == ["Source", "Last upload", "By", "Newest data", "Expected", "Data age (days)",
                                     "Status"]
    assert view.iloc[1].tolist()[2:] == ["seed", fmt.date(received, "en"), "at most 7 days old", "0", "on time"]
    assert view.iloc[0].tolist()[1:] == ["never", "–", "–", "at most 31 days old", "–", "overdue"]


def test_audit_log_has_sign_ins_failures_account_changes_loads_and_undos(env: Path | None) -> None:
    address = settings.warehouse_address()
    assert auth.sign_in("rudi", fx.PASSWORDS["rudi"], "10.0.0.5").user
    assert auth.sign_in("rudi", "salah-sandinya-1", "10.0.0.66").reason == "auth.failed"
    manage.set_disabled("dewi", True, "admin")
    manage.reset_password("rudi", "sandi-baru-panjang-2", "admin")
    warehouse.rollback(address, 1, "admin")
    events = admin.audit_frame(admin_queries.load_events(db.warehouse(address)), env)
    assert events[["actor", "action", "target"]].values.tolist()[:5] == [
        ["admin", "undo", "e_mas"], ["admin", "password_reset", "rudi"], ["admin", "account_disabled", "dewi"],
        ["rudi", "sign_in_failed", "rudi"], ["rudi", "sign_in", "rudi"]]
    assert events.iloc[-1][["actor", "action", "target"]].tolist() == ["seed", "load", "e_mas"]
    assert events.loc[events["action"] == "sign_in_failed", "client"].tolist() == ["10.0.0.66"]
    by_admin = admin.filter_audit(events, actor="admin", actions=["account_disabled", "undo"])
    assert by_admin["action"].tolist() == ["undo", "account_disabled"]
    assert admin.filter_audit(events, start=TODAY + dt.timedelta(days=1)).empty
    view = admin.audit_view(by_admin, "id")
    assert view.columns.tolist() == ["Waktu (WIB)", "Pelaku", "Kejadian", "Sasaran", "Keterangan", "Klien"]
    assert view["Kejadian"].tolist() == ["batch dibatalkan", "akun dinonaktifkan"]


def test_password_reset_and_disable_end_live_sessions(env: Path | None) -> None:
    token = auth.sign_in("rudi", fx.PASSWORDS["rudi"], "10.0.0.5").token
    assert store.lookup(token, store.store_path(env)).user_name == "rudi"
    manage.reset_password("rudi", "sandi-baru-panjang-2", "admin")
    assert store.lookup(token, store.store_path(env)) is None
    token = auth.sign_in("rudi", "sandi-baru-panjang-2", "10.0.0.5").token
    manage.set_disabled("rudi", True, "admin")
    assert store.lookup(token, store.store_path(env)) is None
    assert auth.sign_in("rudi", "sandi-baru-panjang-2", "10.0.0.5").reason == "auth.failed"


def admin_page(env: Path | None, user: str = "admin") -> AppTest:
    """The accounts page, signed in as `user` through a real session."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state[session.TOKEN_KEY] = store.create_session(user, path=store.store_path(env))
    at.run()
    return at.switch_page("pages/12_admin_akun.py").run()


def add_account(at: AppTest, name: str, source: str, password: str, display: str = "") -> AppTest:
    """Fill in and submit the page's add-account form (OPD DLH)."""
    at.text_input(key="adm_add_name").input(name)
    at.text_input(key="adm_add_display").input(display)
    at.selectbox(key="adm_add_opd").set_value("DLH")
    at.multiselect(key="adm_add_sources").set_value([source])
    at.text_input(key="adm_add_pw").input(password)
    at.text_input(key="adm_add_pw2").input(password)
    return at.button(key="adm_add_submit").click().run()


def test_admin_adds_changes_and_disables_accounts_in_the_browser_page(env: Path | None) -> None:
    at = admin_page(env)
    assert not at.exception
    add_account(at, "sari", "e_saberling", "sandi-sari-panjang-1", "Sari Dewi")
    assert not at.exception and [s.value for s in at.success] == ["Perubahan disimpan dan dicatat di log audit."]
    sari = auth.load_accounts()["sari"]
    assert (sari.role, sari.opd, sari.sources, sari.display_name) == ("staff", "DLH", ("e_saberling",), "Sari Dewi")
    assert auth.sign_in("sari", "sandi-sari-panjang-1", "10.0.0.9").user["name"] == "sari"

    at.selectbox(key="adm_pick").set_value("sari").run()
    at.selectbox(key="adm_role_sari").set_value("viewer")
    at.multiselect(key="adm_src_sari").set_value([])
    at.button(key="adm_rights_submit").click().run()
    assert auth.load_accounts()["sari"].role == "viewer"
    at.button(key="adm_toggle").click().run()
    assert auth.load_accounts()["sari"].disabled
    at.button(key="adm_revoke").click().run()
    actions = [row[2] for row in store.audit_events(path=store.store_path(env)) if row[3] == "sari"]
    assert actions == ["sessions_revoked", "account_disabled", "rights_changed", "sign_in", "account_added"]
    assert {row[1] for row in store.audit_events(path=store.store_path(env)) if row[2] != "sign_in"} == {"admin"}


def test_admin_page_refuses_a_bad_password_and_staff(env: Path | None) -> None:
    at = add_account(admin_page(env), "tono", "e_mas", "pendek")
    assert not at.exception and at.error[0].value.startswith("Kata sandi")
    assert "tono" not in auth.load_accounts()
    staff = admin_page(env, "dewi")
    assert [i.value for i in staff.info] == ["Halaman ini hanya untuk administrator yang sudah masuk."]
    assert not staff.text_input and not staff.dataframe


def break_store(env: Path | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Make the sign-in store unusable (a folder where the SQLite file should be; a sessions table of the wrong
    shape in PostgreSQL) and return the message the sign-in page must show."""
    if env is None:
        with shared.connect(shared.configured()) as con:
            con.execute("DROP TABLE sessions")
            con.execute("CREATE TABLE sessions (token_hash TEXT)")
        return ("Penyimpanan akun dan sesi bersama (PostgreSQL gudang data) tidak dapat dihubungi. "
                "Hubungi administrator.")
    broken = tmp_path / "ro" / "accounts.toml"
    broken.parent.mkdir()
    broken.write_bytes(env.read_bytes())
    store.store_path(broken).mkdir()
    monkeypatch.setenv("BINJAI_ACCOUNTS", str(broken))
    return "Penyimpanan sesi masuk (auth.sqlite3 di samping berkas akun) tidak dapat dibuka atau ditulis. " \
        "Hubungi administrator."


def test_an_unusable_sign_in_store_refuses_sign_in_with_a_message(env: Path | None, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    message = break_store(env, tmp_path, monkeypatch)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state[session.TOKEN_KEY] = "a-stale-token"
    at.run()
    assert not at.exception
    fx.sign_in(at.switch_page("pages/11_masuk.py").run(), "rudi", fx.PASSWORDS["rudi"])
    assert not at.exception
    assert [e.value for e in at.error] == [message]
