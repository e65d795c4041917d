"""The launcher (binjai/ui/serve.py): its warm-up leaves the home page's data in the query cache and every public
page's queries and figures in the caches, survives a missing database, and hands Streamlit the same command line."""

from __future__ import annotations

import sys

import pytest
import streamlit as st
from streamlit.web import cli

from binjai import alerts, clock
from binjai.db import QUERIES
from binjai.filters import from_params
from binjai.queries import admin, common, overview
from binjai.ui import data, serve
from binjai.ui.pages import PAGES
from tests.conftest import ROOT

PUBLIC = [spec for spec in PAGES if spec.exists and not spec.staff_only and not spec.admin_only]


def test_warm_up_leaves_the_home_page_data_in_the_query_cache(app_env) -> None:
    st.cache_data.clear()
    report = serve.warm_up()
    assert "failed" not in report.values(), report
    assert (report["warehouse"], report["home_page"], report["figures"]) == ("opened", 5, 2)
    assert report["pages"] == len(PUBLIC)
    today = clock.today()
    filters = from_params({}, today)
    before = QUERIES.total
    data.run(common.is_empty)
    data.run(common.freshness)
    data.run(overview.headlines, filters)
    data.run(overview.attention, filters, today=today)
    data.run(alerts.history, open_only=True)
    data.run(admin.overdue_sources, today)
    assert QUERIES.total == before  # the first visit reads all of it from memory


def test_warm_up_runs_every_public_page_into_the_caches(app_env) -> None:
    from streamlit.testing.v1 import AppTest

    from binjai.handout import images

    st.cache_data.clear()
    data.FIGURES.clear()
    started = []
    images_start, images.warm_up_in_background = images.warm_up_in_background, lambda: started.append(True)
    try:
        assert serve.prime_pages() == len(PUBLIC)
        assert not started  # the handout pages' image browser is not started by the warm-up
        built = data.FIGURES.misses
        assert built > 0
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
        before = QUERIES.total
        for path in ("pages/03_e_saberling.py", "pages/09_presentasi.py", "pages/04_dimensi.py"):
            at.switch_page(path).run()
            assert not at.exception
        assert QUERIES.total == before and data.FIGURES.misses == built  # a first visit queries and builds nothing
    finally:
        images.warm_up_in_background = images_start


@pytest.mark.file_only(reason="no database file yet; a lake address always names a warehouse")
def test_warm_up_without_a_database_still_starts(db_file) -> None:
    st.cache_data.clear()
    report = serve.warm_up()
    assert "failed" not in report.values(), report
    assert report["warehouse"].startswith("not opened") and report["home_page"] == 0


def test_the_launcher_hands_streamlit_the_same_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    monkeypatch.setenv("BINJAI_WARMUP", "0")
    monkeypatch.setattr(sys, "argv", ["serve.py"])
    monkeypatch.setattr(cli, "main", lambda: seen.append(list(sys.argv)))
    serve.main(["run", "app.py", "--server.port", "8600"])
    assert seen == [["streamlit", "run", "app.py", "--server.port", "8600"]]


def test_page_runs_end_without_a_forced_full_garbage_collection() -> None:
    """Streamlit's collection after every run held the interpreter about 150 ms with the process's caches."""
    import tomllib

    from streamlit import config

    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["runner"]["postScriptGC"] is False
    assert config.get_option("runner.postScriptGC") is False  # the file is the one Streamlit reads here
