"""Events on every trend: one helper draws events.csv on each time-series chart, inside its period only; the
shipped events are public holiday dates that the `holidays` library confirms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import holidays
import pandas as pd
import plotly.graph_objects as go
import pytest

from binjai import reference, settings
from binjai.charts import apps, e_mas, e_saberling, kelurahan, opd, quick_wins
from binjai.charts.events import EVENT_NAME, ROW_HEIGHT, add_events


def _months(first: str, last: str) -> list[pd.Timestamp]:
    return list(pd.date_range(first, last, freq="MS"))


def _emas(months: list, grain: str = "month") -> go.Figure:
    frame = pd.DataFrame({"bucket": months, "grain": grain, "received": 40, "received_last_year": 35})
    return e_mas.trend(frame, "id")


def _saberling(months: list) -> go.Figure:
    return e_saberling.monthly_chart(pd.DataFrame({"month": months, "received": 9, "cleaned": 7,
                                                   "waste_kg": 1500.0}), "id")


def _kelurahan(months: list) -> go.Figure:
    return kelurahan.trend_chart(pd.DataFrame({"month": months, "complaints": 5, "reports": 3, "cleanups": 2}),
                                 "id")


def _app_metric(months: list) -> go.Figure:
    series = pd.DataFrame({"period": months, "value": 80.0, "target": 90.0})
    return apps.metric_trend(series, "e-Kinerja", "%", "id")


def _slide_bars(months: list) -> go.Figure:  # the presenter's (and the handout's) complaints trend
    frame = pd.DataFrame({"month": months, "received": 100, "resolved": 90})
    return apps.monthly_bars(frame, ("received", "resolved"), ("Masuk", "Selesai"), "id")


def _progress(months: list) -> go.Figure:
    history = pd.DataFrame({"report_date": [m + pd.offsets.MonthEnd(0) for m in months],
                            "progress_pct": [10.0 * (i + 1) for i in range(len(months))], "planned_pct": 50.0,
                            "status": "sesuai_jadwal", "start_date": months[0],
                            "target_date": months[-1] + pd.offsets.MonthEnd(0)})
    return quick_wins.progress_vs_plan(history, months[-1].date(), "hari ini", "id")


def _opd(months: list) -> go.Figure:
    return opd.on_time_trend(pd.DataFrame({"month": [m.date() for m in months], "resolved_on_time_pct": 70.0}),
                             80.0, "id")


TRENDS: dict[str, Callable[[list], go.Figure]] = {
    "e_mas": _emas, "e_saberling": _saberling, "kelurahan": _kelurahan, "app_metric": _app_metric,
    "slide_bars": _slide_bars, "qw_progress": _progress, "opd": _opd}


def _labels(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations if a.name == EVENT_NAME]


def _bands(fig: go.Figure) -> int:
    return sum(1 for s in fig.layout.shapes if s.name == EVENT_NAME)


@pytest.mark.parametrize("name", TRENDS)
def test_every_trend_shows_the_events_of_its_period_and_none_outside(name: str) -> None:
    build = TRENDS[name]
    inside = build(_months("2026-01-01", "2026-04-01"))  # Idul Fitri holidays 20-24 Mar 2026
    assert _labels(inside) == ["Libur Idul Fitri"] and _bands(inside) == 1
    both = build(_months("2026-01-01", "2026-06-01"))  # and Idul Adha 27-28 May 2026
    assert _labels(both) == ["Libur Idul Fitri", "Idul Adha"] and _bands(both) == 2
    outside = build(_months("2026-07-01", "2026-11-01"))
    assert _labels(outside) == [] and _bands(outside) == 0


def test_labels_follow_the_language_and_keep_clear_of_the_data() -> None:
    frame = pd.DataFrame({"month": _months("2026-01-01", "2026-06-01"), "received": [10, 20, 95, 30, 40, 50],
                          "resolved": 5})
    fig = apps.monthly_bars(frame, ("received", "resolved"), ("a", "b"), "en")
    assert _labels(fig) == ["Eid al-Fitr holidays", "Eid al-Adha"]
    rows = {round((1 - a.y) / ROW_HEIGHT) for a in fig.layout.annotations if a.name == EVENT_NAME}
    top = fig.layout.yaxis.range[1]
    assert 95 <= top * (1 - len(rows) * ROW_HEIGHT)  # the tallest bar stays below the label band
    assert all(a.font.size >= 14 for a in fig.layout.annotations if a.name == EVENT_NAME)


def test_category_positions_match_the_dates_and_labels_that_would_touch_take_another_row() -> None:
    months = _months("2026-01-01", "2026-06-01")
    fig = add_events(go.Figure(go.Bar(x=[str(m) for m in months], y=[1] * 6)), "id", buckets=months)
    fitri = next(s for s in fig.layout.shapes if s.name == EVENT_NAME)
    # 20 Mar to the end of 24 Mar: March is category 2 (from 1.5 to 2.5), 31 days long.
    assert fitri.x0 == pytest.approx(1.5 + 19 / 31) and fitri.x1 == pytest.approx(1.5 + 24 / 31)
    weeks = list(pd.date_range("2026-03-02", "2026-06-29", freq="W-MON"))
    many = add_events(go.Figure(go.Bar(x=[str(w) for w in weeks], y=[1] * len(weeks))), "id",
                      buckets=weeks, grain="week")
    assert _labels(many) == ["Libur Idul Fitri", "Idul Adha"]
    decade = _months("2016-01-01", "2026-06-01")
    crowded = add_events(go.Figure(go.Bar(x=[str(m) for m in decade], y=[1] * len(decade))), "id", buckets=decade)
    assert len(_labels(crowded)) == 22 and len({a.y for a in crowded.layout.annotations}) > 1


def test_shipped_events_are_public_holidays_with_their_source() -> None:
    events = reference.events()
    assert len(events) == 22 and events["source"].str.len().min() > 20
    for row in events.itertuples():
        year = holidays.Indonesia(years=[row.start.year], categories=("public", "government"))
        named = "Fitr" if row.label_en.startswith("Eid al-Fitr") else "Adha"
        days = sorted(d for d, n in year.items() if named in n and row.start - dt.timedelta(days=10) <= d <= row.end)
        assert (days[0], days[-1]) == (row.start, row.end), row
        assert str(row.start.year) in row.source


def test_an_unreadable_row_hides_only_that_event(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "events.csv").write_text("start,end,label_id,label_en,source\n"
                                         "2026-02-10,2026-02-12,Banjir,Flood,BPBD Binjai\n"
                                         "10/02/2026,,Salah,Wrong,x\n2026-02-20,,<b>Gangguan</b> e-Mas,e-Mas outage,Diskominfo\n")
    monkeypatch.setattr(settings, "REFERENCE_DIR", tmp_path)
    reference.events.cache_clear()
    found = reference.events_between(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert found["label_id"].tolist() == ["Banjir", "<b>Gangguan</b> e-Mas"]
    assert found["end"].tolist() == [dt.date(2026, 2, 12), dt.date(2026, 2, 20)]
    assert _labels(_opd(_months("2026-01-01", "2026-03-01"))) == ["Banjir", "&lt;b&gt;Gangguan&lt;/b&gt; e-Mas"]
