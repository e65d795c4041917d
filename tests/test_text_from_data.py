"""Text from data is text: hostile ids, descriptions and display names are shown verbatim, never as Markdown."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from binjai import auth
from binjai.auth import store
from binjai.ui import session
from etl import warehouse
from tests import upload_fixtures as fx
from tests.conftest import ROOT, emas_frame

HOSTILE_ID = "x` ![p](http://host/p.png) `"
HOSTILE_TEXT = "**tebal** :material/home: www.example.com http://host/a [tautan](http://host/b) <img src=x>"
HOSTILE_NAME = "![wajah](http://host/face.png) :material/shield: **Admin**"


def hostile_warehouse(db: Path) -> None:
    """One complaint, long overdue, with a hostile id and description."""
    frame = emas_frame([{"complaint_id": HOSTILE_ID, "received_at": pd.Timestamp(fx.recent_day(40)),
                         "description": HOSTILE_TEXT}])
    warehouse.load_frame(db, "e_mas", frame, file_name="aduan.csv", sha256="hostile", user="seed")


def markdown_values(at: AppTest) -> list[str]:
    """Every Markdown-rendered string on the page (markdown, captions, alerts, titles)."""
    elements = [*at.markdown, *at.caption, *at.success, *at.info, *at.warning, *at.error, *at.title, *at.subheader]
    return [str(element.value) for element in elements]


def test_e_mas_detail_card_shows_a_hostile_id_and_description_as_text(db_file: Path) -> None:
    hostile_warehouse(db_file)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["emas_view"] = "overdue"
    at.run()
    at.switch_page("pages/02_e_mas.py").run()
    assert not at.exception
    texts = [element.value for element in at.text]
    assert HOSTILE_ID in texts and HOSTILE_TEXT in texts
    assert not [value for value in markdown_values(at) if "host" in value or "material/home" in value]


def test_display_name_is_text_in_the_sidebar_and_sign_in_page(db_file: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    hostile_warehouse(db_file)
    accounts = tmp_path / "accounts.toml"
    account = auth.Account("adm", HOSTILE_NAME, "admin", "Diskominfo", (), auth.hash_password("sandi-admin-panjang"))
    auth.update_accounts(lambda table: table.update(adm=account), accounts)
    monkeypatch.setenv("BINJAI_ACCOUNTS", str(accounts))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state[session.TOKEN_KEY] = store.create_session("adm", path=store.store_path(accounts))
    at.run()
    at.switch_page("pages/11_masuk.py").run()
    assert not at.exception
    shown = f"{HOSTILE_NAME} · administrator · Diskominfo"
    assert shown in [element.value for element in at.sidebar.text]
    assert shown in [element.value for element in at.main.text]
    assert not [value for value in markdown_values(at) if "host" in value or "wajah" in value]
