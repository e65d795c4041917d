"""Queries per page run: each page, run cold (query cache cleared), reads the warehouse in a handful of queries.

A count, not a time, so it is a fair unit test; the benchmark (`bench/`) reports the same count at scale.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from bench.pages import prepared
from binjai import db, settings
from binjai.db import QUERIES
from binjai.ui.pages import PAGES, PageSpec
from tests.conftest import ROOT, admin_accounts

MAX_QUERIES = 15
EXISTING = [spec for spec in PAGES if spec.exists]


@pytest.fixture(scope="module")
def admin(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """An administrator account in a scratch accounts file, and its session user."""
    return admin_accounts(tmp_path_factory.mktemp("accounts"), "budget.admin")


def cold_run_queries(spec: PageSpec, user: dict | None = None) -> tuple[int, AppTest]:
    """Queries run by one run of the page after the query cache was cleared (as on a freshly loaded database)."""
    at = prepared(spec, user, timeout=120)
    st.cache_data.clear()
    db.warehouse(settings.warehouse_address()).forget_shared()
    before = QUERIES.total
    at.run()
    return QUERIES.total - before, at


@pytest.mark.parametrize("spec", EXISTING, ids=[s.page_id for s in EXISTING])
def test_page_run_stays_within_query_budget(app_env, admin, spec, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BINJAI_ACCOUNTS", str(admin[0]))
    count, at = cold_run_queries(spec, admin[1])
    assert not at.exception, at.exception
    assert 0 < count <= MAX_QUERIES or (count == 0 and not spec.needs_data), count


def test_counter_counts_the_calling_thread(app_env) -> None:
    from binjai.db import warehouse

    reader = warehouse(app_env)
    before_total, before_thread = QUERIES.total, QUERIES.in_thread()
    reader.query("SELECT 1")
    reader.scalar("SELECT 1")
    assert (QUERIES.total - before_total, QUERIES.in_thread() - before_thread) == (2, 2)


def test_grouped_trends_equal_month_by_month_figures(sample_db) -> None:
    import datetime as dt

    from binjai.db import warehouse
    from binjai.filters import Filters
    from binjai.queries import e_mas, e_saberling, overview

    wh = warehouse(sample_db)
    filters = Filters(dt.date(2025, 1, 1), dt.date(2025, 12, 20), (), "ytd")
    months = overview.months_of(filters)  # December to the 20th too: the tile counts those days
    tiles = {tile.key: tile for tile in overview.headlines(wh, filters)}
    per_month = [e_mas.headline(wh, month) for month in months]
    assert tiles["emas_received"].trend == tuple(float(m["received"]) for m in per_month)
    assert tiles["emas_resolved_pct"].trend == tuple(m["resolved_pct"] for m in per_month if m["resolved_pct"] is not None)
    assert tiles["emas_median_days"].trend == tuple(
        m["median_days_to_resolve"] for m in per_month if m["median_days_to_resolve"] is not None)
    assert tiles["emas_received"].value == e_mas.headline(wh, filters)["received"]
    assert tiles["emas_received"].previous == e_mas.headline(wh, filters.comparison())["received"]
    cleanup = [e_saberling.headline(wh, month) for month in months]
    assert tiles["sab_cleaned_pct"].trend == tuple(round(m["cleaned_pct"], 1) for m in cleanup if m["cleaned_pct"] is not None)
    assert tiles["sab_waste_kg"].trend == tuple(m["waste_kg"] for m in cleanup)
    assert len(months) == 12 and months[-1].end == filters.end
    assert sum(tiles["emas_received"].trend) == tiles["emas_received"].value


def test_opd_trend_in_one_query_equals_month_by_month_headlines(sample_db) -> None:
    import datetime as dt

    from binjai.charts import opd as charts
    from binjai.db import warehouse
    from binjai.filters import Filters
    from binjai.queries import e_mas, opd, overview

    wh, today = warehouse(sample_db), dt.date(2026, 12, 1)
    for filters in (Filters(dt.date(2025, 12, 1), dt.date(2026, 11, 30), (), "12m"),
                    Filters(dt.date(2026, 1, 1), dt.date(2026, 11, 20), ("Binjai Kota",), "ytd")):
        ranked = opd.ranking(wh, filters, today)
        name = ranked["opd"].iloc[0]
        before = QUERIES.total
        trend = opd.monthly(wh, filters, name, today)
        assert QUERIES.total - before == 1
        months = overview.months_of(filters)  # November to the 20th too in the second: the ranking counts it
        heads = [e_mas.headline(wh, m, e_mas.Selection(opd=(name,)), today=today) for m in months]
        assert list(trend["month"]) == [m.start.replace(day=1) for m in months]
        assert list(trend["received"]) == [h["received"] for h in heads]
        assert [None if pd.isna(v) else v for v in trend["resolved_on_time_pct"]] == [
            h["resolved_on_time_pct"] for h in heads]
        assert trend["received"].sum() == ranked["received"].iloc[0]
        frames = [s for s in charts.on_time_trend(trend, None, "id", filters.end).layout.shapes
                  if s.line.dash == "dash"]
        assert len(frames) == (0 if filters.end.day == 30 else 1)  # the month to date is framed, complete ones not
    assert opd.monthly(wh, Filters(dt.date(2026, 11, 3), dt.date(2026, 11, 20), (), "custom"), name,
                       today)["month"].tolist() == [dt.date(2026, 11, 1)]


def test_open_tab_follows_the_url_and_survives_changed_labels(app_env) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["dimensi"] = "economy"
    at.run()
    at.switch_page("pages/04_dimensi.py")
    at.run()
    assert "Smart Economy (Ekonomi)" in [s.value for s in at.subheader]
    assert sum(1 for s in at.subheader if s.value.startswith("Smart ")) == 1  # hidden dimensions are not drawn
    at.selectbox(key="_bj_preset_w").set_value("last_year").run()  # the scores in the tab labels change
    assert not at.exception, at.exception
    assert "Smart Economy (Ekonomi)" in [s.value for s in at.subheader]
    assert at.query_params["dimensi"] in ("economy", ["economy"])


def test_shared_frames_are_computed_once_and_handed_out_as_copies(sample_db) -> None:
    import pandas as pd

    from binjai.db import warehouse

    wh = warehouse(sample_db)
    wh.forget_shared()
    calls = []

    def compute() -> pd.DataFrame:
        calls.append(1)
        return pd.DataFrame({"n": [1, 2]})

    first = wh.shared(("test", 1), compute)
    first.loc[0, "n"] = 99  # a caller changing its copy does not change what the next caller gets
    assert wh.shared(("test", 1), compute)["n"].tolist() == [1, 2]
    wh.shared(("test", 2), compute)
    assert len(calls) == 2
