"""Executive overview: every headline figure, its change and trend against hand-worked data; the page in AppTest."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from binjai.charts import overview as tiles
from binjai.db import Warehouse, reader
from binjai.queries import overview
from tests.conftest import ROOT, emas_frame
from tests.quick_wins_fixtures import (
    APP_METRICS,
    COMPLAINTS,
    FILTERS,
    app_metrics_frame,
    load,
    quick_wins_frame,
    saberling_frame,
)


@pytest.fixture
def wh(db_file: Path) -> Warehouse:
    load(db_file, "quick_wins", quick_wins_frame())
    load(db_file, "e_mas", emas_frame(COMPLAINTS))
    load(db_file, "e_saberling", saberling_frame())
    load(db_file, "app_metrics", app_metrics_frame())
    return reader(db_file)


def _figures(tile: overview.Headline) -> tuple:
    return tile.value, tile.previous, tile.trend


def test_months_of_cuts_the_period_to_calendar_months() -> None:
    months = overview.months_of(FILTERS)
    assert [(m.start, m.end) for m in months] == [
        (dt.date(2024, 1, 1), dt.date(2024, 1, 31)), (dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        (dt.date(2024, 3, 1), dt.date(2024, 3, 31)), (dt.date(2024, 4, 1), dt.date(2024, 4, 30)),
        (dt.date(2024, 5, 1), dt.date(2024, 5, 30))]
    assert len(overview.months_of(dataclasses.replace(FILTERS, start=dt.date(2022, 1, 15)))) == 12


def test_programmes_on_schedule(wh: Warehouse) -> None:
    # Now: A at risk, B on schedule (file), C done, D on schedule, F late -> 3 of 5. On 31 Dec 2023 only C.
    tile = overview.programme_headline(wh, FILTERS)
    assert (tile.key, tile.unit, tile.good) == ("qw_on_schedule_pct", "pct", "up")
    assert _figures(tile) == (60.0, 100.0, (50.0, 66.7, 50.0, 80.0, 60.0))


def test_complaint_figures(wh: Warehouse) -> None:
    received, resolved, median = overview.complaint_headlines(wh, FILTERS)
    # Trends cover the tile's dates: May to the 30th (FILTERS.end) is drawn for those days, as the tile counts them
    # (C6, rejected), so the received trend adds up to the tile.
    assert _figures(received) == (6.0, 4.0, (2.0, 1.0, 1.0, 1.0, 1.0))
    assert _figures(resolved) == (50.0, 75.0, (100.0, 100.0, 0.0, 0.0, 0.0))
    # Working days: 3, 5 and 1 now (median 3); 4, 2 and 5 before (median 4); January 3 and 5, February 1.
    assert _figures(median) == (3.0, 4.0, (4.0, 1.0))
    assert (received.good, resolved.good, median.good) == ("none", "up", "down")


def test_cleanup_figures(wh: Warehouse) -> None:
    cleaned, waste = overview.cleanup_headlines(wh, FILTERS)
    # Received now: S1-S4, cleaned by 30 May: S1, S2. Before: S5, S6, cleaned by 31 Dec: S6.
    # April has no reports, so no share; May to the 30th: S4, not cleaned by then.
    assert _figures(cleaned) == (50.0, 50.0, (100.0, 100.0, 0.0, 0.0))
    # Cleaned in the period: S1 100 + S2 50.5 + S5 20 (reported in December, cleaned in January).
    assert _figures(waste) == (170.5, 40.0, (120.0, 50.5, 0.0, 0.0, 0.0))


def test_application_tiles(wh: Warehouse) -> None:
    by_app = {tile.key: tile for tile in overview.app_headlines(wh, FILTERS)}
    assert set(by_app) == {"app:e-Musrenbang", "app:e-SSH", "app:e-Kinerja", "app:e-Warung", "app:e-PBB",
                           "app:Catin"}
    kinerja = by_app["app:e-Kinerja"]
    assert _figures(kinerja) == (91.0, 88.0, (88.0, 91.0))
    assert (kinerja.unit, kinerja.target, kinerja.period, kinerja.on_target) == ("pct", 90.0, dt.date(2024, 4, 1),
                                                                                 True)
    pbb = by_app["app:e-PBB"]
    assert (pbb.value, pbb.previous, pbb.unit, pbb.on_target) == (1.5e9, None, "idr", False)
    assert by_app["app:Catin"].value is None and by_app["app:Catin"].period is None
    assert len(APP_METRICS) == 3


def test_headlines_in_display_order(wh: Warehouse) -> None:
    keys = [tile.key for tile in overview.headlines(wh, FILTERS)]
    assert keys[:6] == ["qw_on_schedule_pct", "emas_received", "emas_resolved_pct", "emas_median_days",
                        "sab_cleaned_pct", "sab_waste_kg"]
    assert len(keys) == 12


def test_attention_lists(wh: Warehouse) -> None:
    needs = overview.attention(wh, FILTERS, today=FILTERS.end)
    assert (needs["late"], needs["at_risk"]) == (1, 1)
    assert needs["late_programmes"][["program_id", "days_overdue"]].values.tolist() == [["QW-F", 151]]
    # Open and past deadline: C4 and P3 (DLH), C5 (Dinas PUTR).
    assert needs["overdue_complaints"] == 3
    assert needs["overdue_by_opd"][["opd", "complaints"]].values.tolist() == [["DLH", 2], ["Dinas PUTR", 1]]
    # Open at 30 May: S3 in Satria (81 days), S4 in Pahlawan (1 day).
    assert needs["open_reports"] == 2
    assert needs["hotspots"][["kelurahan", "open_reports", "oldest_open_days"]].values.tolist() == [
        ["Satria", 1, 81], ["Pahlawan", 1, 1]]
    assert (needs["stale_complaints"], needs["stale_reports"]) == (0, 0)


def test_attention_counts_stale_records_apart(wh: Warehouse) -> None:
    # With a 60-day checking age: S3 (81 days open at 30 May) needs checking and leaves the hotspots; seen from
    # 2026 every open complaint of the fixture is older than a year and leaves the overdue list.
    needs = overview.attention(wh, FILTERS, today=FILTERS.end, stale_days=60)
    assert (needs["open_reports"], needs["stale_reports"]) == (1, 1)
    assert needs["hotspots"]["kelurahan"].tolist() == ["Pahlawan"]
    later = overview.attention(wh, FILTERS, today=dt.date(2026, 1, 5))
    assert (later["overdue_complaints"], later["stale_complaints"]) == (0, 3)
    assert later["overdue_by_opd"].empty


def test_kecamatan_filter_applies_to_complaints_and_cleanups_only(wh: Warehouse) -> None:
    kota = dataclasses.replace(FILTERS, kecamatan=("Binjai Kota",))
    by_key = {tile.key: tile for tile in overview.headlines(wh, kota)}
    assert by_key["emas_received"].value == 1.0
    assert by_key["qw_on_schedule_pct"].value == 60.0
    assert overview.attention(wh, kota, today=FILTERS.end)["hotspots"]["kelurahan"].tolist() == ["Satria"]


@pytest.mark.parametrize("delta, good, expected", [
    (2.0, "up", ("up", "blue")), (-2.0, "up", ("down", "orange")), (2.0, "down", ("up", "orange")),
    (-1.0, "down", ("down", "blue")), (5.0, "none", ("up", "gray")), (0.0, "up", ("off", "gray")),
    (None, "up", ("off", "gray"))])
def test_delta_style_never_relies_on_colour_alone(delta, good, expected) -> None:
    assert tiles.delta_style(delta, good) == expected


def test_tile_formats() -> None:
    assert tiles.format_value(1234.4, "count", "id") == "1.234"
    assert tiles.format_value(91.26, "pct", "en") == "91.3%"
    assert tiles.format_value(3.0, "workdays", "id") == "3,0 hari kerja"
    assert tiles.format_value(1.5e9, "idr", "id") == "Rp 1,50 M"
    assert tiles.format_value(None, "pct", "id") == "–"
    assert tiles.format_delta(-25.0, "pct", "id", " poin") == "−25,0 poin"
    assert tiles.format_delta(130.6, "kg", "id") == "+131 kg"
    assert tiles.format_delta(-1.2e9, "idr", "en") == "−Rp 1.20 B"
    assert tiles.format_delta(None, "count", "id") is None


# ------------------------------------------------------------------------------------------------- the page


def _home(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def test_home_shows_every_tile_with_period_and_freshness(app_env) -> None:
    at = _home()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert labels[:6] == ["Program sesuai jadwal", "Aduan masuk", "Aduan selesai (periode)",
                          "Median hari kerja sampai selesai", "Laporan dibersihkan", "Sampah terkumpul"]
    assert len(labels) == 12
    assert sum("data s.d." in c.value for c in at.caption) >= 5


def test_home_period_from_url_changes_figures(app_env) -> None:
    default = {m.label: m.value for m in _home().metric}
    last_year = _home({"periode": "last_year", "lang": "en"})
    assert not last_year.exception
    figures = {m.label: m.value for m in last_year.metric}
    assert figures["Complaints received"] != default["Aduan masuk"]


def test_home_attention_links_carry_filters(app_env) -> None:
    at = _home({"kec": "Binjai Kota"})
    assert not at.exception
    links = at.get("page_link")
    assert links, "the attention panel has links"
    assert any("emas_view=overdue" in str(link.proto) and "Binjai" in str(link.proto) for link in links)


def test_catalogue_metrics_on_the_hand_worked_data(wh: Warehouse) -> None:
    from binjai.metrics import compute

    values = compute.by_id(compute.compute(wh, FILTERS, FILTERS.end, stale_days=60))
    figures = {key: values[key].value for key in (
        "qw_on_schedule_pct", "qw_late", "qw_at_risk", "qw_on_schedule", "qw_completed", "qw_programmes",
        "qw_avg_progress", "qw_budget_spent_pct", "emas_received", "emas_resolved_pct", "emas_median_days",
        "emas_overdue_open", "emas_stale_open", "sab_cleaned_pct", "sab_waste_kg", "sab_open", "sab_stale_open")}
    assert figures == {
        "qw_on_schedule_pct": 60.0, "qw_late": 1,  # A, B/D on schedule, C done of five; F late
        # the quick-win page's tiles, as qw.summary in test_quick_wins: 5 programmes, mean progress 68, 1,9 of 3 M spent
        "qw_at_risk": 1, "qw_on_schedule": 2, "qw_completed": 1, "qw_programmes": 5, "qw_avg_progress": 68.0,
        "qw_budget_spent_pct": 63.3,
        "emas_received": 6, "emas_resolved_pct": 50.0, "emas_median_days": 3.0,  # as the tiles above
        "emas_overdue_open": 1, "emas_stale_open": 2,  # C5 (22 Apr); C4 (4 Mar, 87 days) and P3 (Oct 2023) are stale
        "sab_cleaned_pct": 50.0, "sab_waste_kg": 170.5,
        "sab_open": 1, "sab_stale_open": 1,  # S4 (1 day) actionable; S3 (81 days) needs checking
    }
    assert values["emas_median_days"].formatted("id") == "3,0 hari kerja"
    assert values["qw_budget_spent_pct"].formatted("id") == "63,3%" and values["qw_at_risk"].label("en") == (
        "Programmes at risk")
    assert values["sab_waste_kg"].as_dict("en") == {
        "id": "sab_waste_kg", "label": "Waste collected", "value": 170.5, "formatted": "170 kg",  # half to even, as everywhere
        "period_start": "2024-01-01", "period_end": "2024-05-30"}
    assert (values["sab_stale_open"].period_start, values["sab_stale_open"].period_end) == (
        dt.date(2016, 1, 1), dt.date(2024, 3, 30))


def _tile_app(change: float | None, change_text: str | None, good: str) -> None:
    from binjai.ui.components import tile

    tile("Aduan", "1.234", change=change, change_text=change_text, good=good, caption="Jan–Jun 2024")


@pytest.mark.parametrize(("change", "text", "good", "color", "direction"), [
    (-3.0, "−3", "down", "BLUE", "DOWN"),      # fewer complaints: down arrow, better
    (3.0, "+3", "down", "ORANGE", "UP"),
    (2.5, "+2,5 poin", "up", "BLUE", "UP"),
    (-2.5, "−2,5 poin", "none", "GRAY", "DOWN"),  # neutral: arrow by sign, no judgement
    (0.01, "+0", "up", "GRAY", "NONE"),        # rounds to no change
    (None, None, "up", "GRAY", "NONE"),
])
def test_the_one_tile_draws_arrow_and_colour_by_the_one_rule(change, text, good, color, direction) -> None:
    from streamlit.proto.Metric_pb2 import Metric

    at = AppTest.from_function(_tile_app, args=(change, text, good)).run()
    shown = at.metric[0].proto
    assert (shown.body, shown.delta) == ("1.234", text or "")
    assert at.main.children[0].proto.flex_container.border  # the tile's frame holds figure and sparkline
    assert Metric.MetricColor.Name(shown.color) == color
    assert Metric.MetricDirection.Name(shown.direction) == direction
    assert at.caption[0].value == "Jan–Jun 2024"


def _sparkline_app() -> None:
    import datetime as dt

    from binjai.ui.components import tile

    months = [dt.date(2026, 2, 1), dt.date(2026, 3, 1), dt.date(2026, 4, 1)]
    tile("Aduan", "1.234", change=-3.0, change_text="−3", good="up", trend=[1.0, 2.0, 1.5], months=months, lang="en")


def test_the_tile_draws_its_sparkline_with_events_through_the_figure_cache() -> None:
    import datetime as dt

    from binjai.charts.sparkline import sparkline_html
    from binjai.ui import data

    data.FIGURES.clear()
    at = AppTest.from_function(_sparkline_app).run()
    frame = at.main.children[0]
    drawn = [child for child in frame.children.values() if child.type == "markdown"]
    months = (dt.date(2026, 2, 1), dt.date(2026, 3, 1), dt.date(2026, 4, 1))
    assert [child.value for child in drawn] == [sparkline_html((1.0, 2.0, 1.5), months, "orange", "en")]
    assert "Eid al-Fitr holidays: 20 Mar 2026" in drawn[0].value and drawn[0].proto.allow_html
    misses = data.FIGURES.misses
    AppTest.from_function(_sparkline_app).run()
    assert data.FIGURES.misses == misses and data.FIGURES.hits >= 1  # the second viewer gets the built SVG
