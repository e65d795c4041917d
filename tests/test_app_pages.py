"""AppTest smoke run of every page in both languages, and the shared shell behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from binjai.i18n import t
from binjai.ui.pages import PAGES
from etl import warehouse
from tests.conftest import ROOT

EXISTING = [spec for spec in PAGES if spec.exists and not spec.staff_only]


def _open(path: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if path != "dashboard.py":
        at.switch_page(path)
        at.run()
    return at


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("spec", EXISTING, ids=[s.page_id for s in EXISTING])
def test_every_page_runs_without_exception(app_env, spec, lang) -> None:
    at = _open(spec.path, {"lang": lang})
    assert not at.exception, at.exception


def test_sample_badge_shown_with_sample_data(app_env) -> None:
    at = _open("dashboard.py")
    assert any("Data contoh" in w.value for w in at.warning)


def test_language_and_filters_restore_from_url(app_env) -> None:
    at = _open("dashboard.py", {"lang": "en", "periode": "last_year", "kec": "Binjai Kota"})
    assert at.title[0].value == "Executive overview"
    assert at.session_state["bj_filters"].kecamatan == ("Binjai Kota",)
    assert at.session_state["bj_filters"].preset == "last_year"


def test_kecamatan_filter_changes_figures_and_url(app_env) -> None:
    at = _open("dashboard.py")
    before = [m.value for m in at.metric]
    at.multiselect(key="_bj_kec_w").set_value(["Binjai Kota"]).run()
    assert [m.value for m in at.metric] != before
    assert at.query_params["kec"] in ("Binjai Kota", ["Binjai Kota"])


def test_empty_database_tells_visitors_there_is_no_data_yet(db_file) -> None:
    """Loading sample data is an administrator's action (tests/test_recovery.py); visitors are only told."""
    if isinstance(db_file, Path):  # an empty file; a new lake is empty from the start
        with warehouse.writing(db_file):
            pass
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    assert not at.exception
    assert [info.value for info in at.info] == [t("shell.no_data_yet", "id")]
    assert not at.button
    assert not warehouse.has_data(db_file)
