"""One cadence: the contracts declare it; the freshness page, the source_stale alert and the brief agree on "late"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from binjai import alerts
from binjai.brief import build
from binjai.db import reader
from binjai.queries import admin as admin_queries
from binjai.queries import common
from binjai.settings import REFERENCE_DIR
from data_sources import CONTRACTS
from tests import scorecard_fixtures


def test_the_contracts_are_the_one_declaration_of_cadence() -> None:
    assert {name: c.cadence_days for name, c in CONTRACTS.items()} == {
        "quick_wins": 31, "e_mas": 7, "e_saberling": 7, "app_metrics": 31}
    assert not (REFERENCE_DIR / "source_cadence.csv").exists()


# Newest records of the fixture: e_mas 2024-06-20, e_saberling 2024-06-25, quick_wins 2024-07-31 and app_metrics
# July 2024 (counted to 2024-07-31). Each day is a Sunday, so the brief of the week ending on it is judged on it.
@pytest.mark.parametrize(("day", "late"), [
    (dt.date(2024, 6, 30), {"e_mas"}),                                      # 10 days; e_saberling 5, monthly 0
    (dt.date(2024, 8, 25), {"e_mas", "e_saberling"}),                       # monthly sources 25 days old
    (dt.date(2024, 9, 1), {"e_mas", "e_saberling", "quick_wins", "app_metrics"}),  # monthly 32 days > 31
])
def test_freshness_page_alert_and_brief_agree_on_late(db_file: Path, day: dt.date, late: set[str]) -> None:
    scorecard_fixtures.build(db_file)
    wh = reader(db_file)
    page = admin_queries.freshness(wh, day).set_index("source")
    assert set(page.index[page["overdue"]]) == late
    attention = set(admin_queries.overdue_sources(wh, day)["source"])
    alerted = {a.key for a in alerts.evaluate(wh, day) if a.kind == "source_stale"}
    brief = build.build(wh, build.week_name(day), day + dt.timedelta(days=1))
    assert {source for source, _ in brief.late_sources} == attention == alerted == late


def test_a_month_counts_to_its_last_day_and_a_source_without_data_is_late_but_not_alerted(db_file: Path) -> None:
    scorecard_fixtures.build(db_file)
    wh = reader(db_file)
    assert common.data_through(wh, dt.date(2024, 7, 10))["app_metrics"] == dt.date(2024, 7, 10)
    assert common.data_through(wh, dt.date(2024, 9, 1))["app_metrics"] == dt.date(2024, 7, 31)
    assert common.data_through(wh, dt.date(2024, 9, 1))["e_mas"] == dt.date(2024, 6, 20)
    newest = {"e_mas": dt.date(2024, 6, 20), "e_saberling": None}
    assert common.late_sources(newest, dt.date(2024, 6, 27)) == [("quick_wins", None), ("e_saberling", None),
                                                               ("app_metrics", None)]
    assert common.late_sources(newest, dt.date(2024, 6, 28))[1] == ("e_mas", dt.date(2024, 6, 20))
