"""The overview tiles' sparklines: the trend at its months, the events of events.csv shaded in the right months
(the rule of the plotly trends), named on hover in the user's language, escaped, and built once per data version."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from binjai import reference, settings
from binjai.charts.events import EVENT_NAME
from binjai.charts.sparkline import HEIGHT, LINES, WIDTH, sparkline_html
from binjai.i18n import t

SVG = "{http://www.w3.org/2000/svg}"
YEAR = [dt.date(2025, 12, 1)] + [dt.date(2026, month, 1) for month in range(1, 12)]  # Dec 2025 - Nov 2026


def _tree(markup: str) -> ET.Element:
    """The sparkline's SVG parsed as XML (it must be well-formed: hostile text cannot open an element)."""
    box = ET.fromstring(markup.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))
    assert box.tag == "div" and len(box) == 1  # a raw HTML block for Markdown, nothing else in it
    return box[0]


def _events(svg: str) -> list[tuple[float, float, str]]:
    """(left, right, title) of every event hover target."""
    return [(float(r.get("x")), float(r.get("x")) + float(r.get("width")), r.find(f"{SVG}title").text)
            for r in _tree(svg).iter(f"{SVG}rect") if r.get("class") == EVENT_NAME]


def _bands(svg: str) -> list[tuple[float, float]]:
    """(left, right) of every shaded band."""
    return [(float(r.get("x")), float(r.get("x")) + float(r.get("width")))
            for r in _tree(svg).iter(f"{SVG}rect") if r.get("class") is None]


@pytest.fixture
def events_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An events.csv of the test's own in a reference folder of its own."""
    monkeypatch.setattr(settings, "REFERENCE_DIR", tmp_path)
    reference.events.cache_clear()
    yield tmp_path / "events.csv"
    reference.events.cache_clear()


def test_events_are_shaded_in_their_months_and_named_on_hover() -> None:
    svg = sparkline_html([float(i) for i in range(12)], YEAR, "blue", "id")
    step = WIDTH / 12
    events = _events(svg)
    assert [title for *_, title in events] == ["Libur Idul Fitri: 20 Mar 2026 – 24 Mar 2026",
                                               "Idul Adha: 27 Mei 2026 – 28 Mei 2026"]
    (fitri_left, fitri_right), (adha_left, adha_right) = _bands(svg)
    # March 2026 is the 4th month (index 3): 20 Mar to the end of 24 Mar is 19/31 to 24/31 of it.
    assert fitri_left == pytest.approx(step * (3 + 19 / 31), abs=0.06)
    assert fitri_right == pytest.approx(step * (3 + 24 / 31), abs=0.06)
    assert 5 * step < adha_left < adha_right < 6 * step  # May 2026, widened to stay visible but inside May
    assert all(left <= a and b <= right for (a, b), (left, right, _) in zip(_bands(svg), events, strict=True))
    assert t("overview.trend_events", "id", events="")[:-1] in _tree(svg).get("aria-label")
    assert f'stroke="{LINES["blue"]}"' in svg


def test_no_marks_when_no_event_falls_in_the_window() -> None:
    months = [dt.date(2026, month, 1) for month in range(6, 12)]
    svg = sparkline_html([1.0, 2.0, 3.0, 2.0, 1.0, 2.0], months, "gray", "id")
    assert _events(svg) == [] and _bands(svg) == []
    assert _tree(svg).get("aria-label") == t("overview.sparkline", "id", months=6)


def test_the_language_switch_changes_the_labels() -> None:
    english = _events(sparkline_html([1.0] * 12, YEAR, "orange", "en"))
    assert [title for *_, title in english] == ["Eid al-Fitr holidays: 20 Mar 2026 – 24 Mar 2026",
                                                "Eid al-Adha: 27 May 2026 – 28 May 2026"]


def test_values_sit_at_their_months_and_a_missing_month_breaks_the_line() -> None:
    months = [dt.date(2026, 6, 1), dt.date(2026, 7, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)]
    svg = sparkline_html([10.0, 20.0, 20.0, 10.0], months, "blue", "id")
    lines = [line.get("points") for line in _tree(svg).iter(f"{SVG}polyline")]
    step = WIDTH / 5  # June to October: five months on the axis, August without a value
    xs = [[float(point.split(",")[0]) for point in line.split()] for line in lines]
    assert xs == [[pytest.approx(step * 0.5), pytest.approx(step * 1.5)],
                  [pytest.approx(step * 3.5), pytest.approx(step * 4.5)]]
    ys = [float(point.split(",")[1]) for line in lines for point in line.split()]
    assert ys[0] == ys[3] > ys[1] == ys[2]  # 10 drawn lower than 20 (SVG y grows downwards)
    assert max(ys) <= HEIGHT and min(ys) >= 0


def test_too_short_a_trend_draws_nothing() -> None:
    assert sparkline_html([5.0], [dt.date(2026, 3, 1)], "blue", "id") == ""
    assert sparkline_html([], [], "blue", "id") == ""


def test_a_hostile_label_stays_text(events_file: Path) -> None:
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)> **bold** :red[x]\n\n# heading'
    events_file.write_text('start,end,label_id,label_en,source\n'
                           f'2026-03-20,2026-03-24,"{hostile.replace(chr(34), chr(34) * 2)}",Flood,BPBD\n')
    svg = sparkline_html([1.0, 2.0, 3.0], [dt.date(2026, month, 1) for month in (2, 3, 4)], "blue", "id")
    assert "\n" not in svg and "<script" not in svg and "<img" not in svg and svg.startswith("<div ")
    assert [title for *_, title in _events(svg)] == [f"{hostile}: 20 Mar 2026 – 24 Mar 2026"]
    assert hostile in _tree(svg).get("aria-label")
    assert {element.tag.removeprefix(SVG) for element in _tree(svg).iter()} <= {
        "svg", "rect", "title", "polygon", "polyline", "circle"}
