"""The figure cache and the query cache's argument digest (binjai/ui/data.py): a cached figure equals the one built
directly, two languages never share one, a new batch builds it again, and arguments are told apart by content."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pandas as pd
import plotly.graph_objects as go
import pytest
import streamlit as st

from binjai import clock
from binjai.charts import e_mas as charts
from binjai.filters import Filters, from_params
from binjai.queries import e_mas
from binjai.ui import chart, data
from etl import warehouse
from tests.conftest import emas_frame
from tests.upload_fixtures import recent_day, seed_three_complaints


@pytest.fixture(autouse=True)
def _empty_caches() -> Iterator[None]:
    data.FIGURES.clear()
    st.cache_data.clear()
    yield
    data.FIGURES.clear()


def _filters() -> Filters:
    """The pages' default filters (no URL parameters): the last 12 complete months."""
    return from_params({}, clock.today())


def _trend(lang: str) -> object:
    filters = _filters()
    return data.figure(charts.trend, data.run(e_mas.volume_trend, filters), lang, filters.end)


def test_a_cached_figure_equals_the_figure_built_directly_and_is_shared(app_env) -> None:
    filters = _filters()
    frame = data.run(e_mas.volume_trend, filters)
    first = _trend("id")
    assert first.to_dict() == charts.trend(frame, "id", filters.end).to_dict()
    assert _trend("id") is first  # a second viewer: the query result is a new copy with the same content
    assert (data.FIGURES.hits, data.FIGURES.misses) == (1, 1)


def test_two_languages_never_share_a_figure(app_env) -> None:
    filters = _filters()
    indonesian, english = _trend("id"), _trend("en")
    assert indonesian is not english
    assert (indonesian.layout.separators, english.layout.separators) == (",.", ".,")
    assert english.to_dict() == charts.trend(data.run(e_mas.volume_trend, filters), "en", filters.end).to_dict()


def test_a_new_batch_builds_the_figure_again(db_file) -> None:
    seed_three_complaints(db_file)
    before = _trend("id")
    builds: list[int] = []

    def counted(value: int) -> int:
        builds.append(value)
        return value

    data.figure(counted, 1)
    received = pd.Timestamp(recent_day(5))
    frame = emas_frame([{"complaint_id": key, "received_at": received} for key in ("D", "E")])
    warehouse.load_frame(db_file, "e_mas", frame, file_name="baru.csv", sha256="new", user="test")
    after = _trend("id")
    assert after is not before
    assert (sum(before.data[0].y), sum(after.data[0].y)) == (3, 5)
    data.figure(counted, 1)
    assert builds == [1, 1]  # the same arguments, built again under the new version


def test_a_map_deck_is_serialised_once_with_the_same_text(app_env) -> None:
    filters = _filters()
    places, points = data.run(e_mas.by_kelurahan, filters), data.run(e_mas.map_points, filters)
    deck = data.figure(charts.complaints_map, places, points, "area", "id")
    assert deck._json is not None
    assert deck.to_json() == charts.complaints_map(places, points, "area", "id").to_json()
    assert data.figure(charts.complaints_map, places, points, "area", "id") is deck


def test_a_shared_figure_is_serialised_for_the_browser_once(app_env, monkeypatch) -> None:
    serialised: list[object] = []
    to_json = chart.pio.to_json
    monkeypatch.setattr(chart.pio, "to_json", lambda fig, **kw: serialised.append(fig) or to_json(fig, **kw))
    shared = _trend("id")
    text = chart.figure_json(shared)
    assert chart.figure_json(_trend("id")) == text and len(serialised) == 1  # a later run or viewer: the kept text
    own = go.Figure(shared)  # a page's own figure (a copy) may change between runs: serialised every time
    assert chart.figure_json(own) == text
    own.update_layout(height=123)
    assert json.loads(chart.figure_json(own))["layout"]["height"] == 123 and len(serialised) == 3


def test_arguments_that_cannot_be_pickled_are_built_for_each_run(app_env) -> None:
    builds: list[object] = []

    def build(function: object) -> object:
        builds.append(function)
        return object()

    first, second = data.figure(build, lambda: 1), data.figure(build, lambda: 1)
    assert first is not second and len(builds) == 2
    assert data.FIGURES.misses == 0


def test_the_cache_keeps_its_bound_and_drops_the_least_recently_used() -> None:
    cache = data.FigureCache(2)
    builds: list[str] = []

    def build(key: str):
        return lambda: builds.append(key) or key

    for key in ("a", "b", "a", "c", "b", "a"):
        cache.get(key, build(key))
    assert builds == ["a", "b", "c", "b", "a"]  # "b" dropped when "c" came, then "a" when "b" came back


def frame_total(wh: object, frame: pd.DataFrame) -> int:
    """A query function taking a frame (the dimension map is passed like this)."""
    return int(frame["n"].sum())


def read_text(wh: object, handle: object) -> str:
    """A query function taking an argument that cannot be pickled (an open file)."""
    return handle.read()


def test_the_query_cache_tells_frames_apart_by_content(app_env, tmp_path) -> None:
    one, two = pd.DataFrame({"n": [1, 2]}), pd.DataFrame({"n": [1, 3]})
    assert (data.run(frame_total, one), data.run(frame_total, two), data.run(frame_total, one.copy())) == (3, 4, 3)
    (tmp_path / "note.txt").write_text("isi", encoding="utf-8")
    with open(tmp_path / "note.txt", encoding="utf-8") as handle:
        assert data.run(read_text, handle) == "isi"  # not picklable: Streamlit's own hashing keys it


def test_a_shared_result_is_one_object_until_a_new_batch(db_file) -> None:
    seed_three_complaints(db_file)
    filters = _filters()
    first = data.shared(e_mas.volume_trend, filters)
    assert data.shared(e_mas.volume_trend, filters) is first
    assert first.equals(data.run(e_mas.volume_trend, filters))
    received = pd.Timestamp(recent_day(5))
    warehouse.load_frame(db_file, "e_mas", emas_frame([{"complaint_id": "D", "received_at": received}]),
                         file_name="baru.csv", sha256="new", user="test")
    after = data.shared(e_mas.volume_trend, filters)
    assert (int(first["received"].sum()), int(after["received"].sum())) == (3, 4)


def _snapshot() -> dict:
    """Every cached figure and deck as the JSON a viewer would receive."""
    with data.FIGURES._lock:
        values = list(data.FIGURES._values.items())
    flat = {}
    for key, value in values:
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            figure = item[1] if isinstance(item, tuple) else item
            if hasattr(figure, "to_json"):
                flat[(key, index)] = figure.to_json()
    return flat


@pytest.mark.parametrize("page_id", ["e_mas", "e_saberling", "dimensi", "opd", "quick_win"])
def test_pages_never_change_a_shared_figure(app_env, page_id: str) -> None:
    from bench.pages import prepared
    from binjai.ui.pages import page

    at = prepared(page(page_id), None, timeout=120)
    at.run()
    before, built = _snapshot(), data.FIGURES.misses
    at.run()  # the second run (the query cache's copies, not the first run's fresh frames) builds nothing again
    assert not at.exception, at.exception
    after = _snapshot()
    assert before and set(before) == set(after) and data.FIGURES.misses == built
    assert after == before
    assert data.FIGURES.hits > 0
