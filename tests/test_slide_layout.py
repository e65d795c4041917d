"""Presenter layout from the window size: the slide unit, chart heights and fonts that grow with the screen,
horizontal bar labels, the key moves, and a reported viewport that is checked before use."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from binjai import slide_layout as layout


def test_slide_unit_fits_16_by_9() -> None:
    assert layout.slide_unit((1280, 720)) == pytest.approx(12.8)
    assert layout.slide_unit((1920, 1080)) == pytest.approx(19.2)
    assert layout.slide_unit((1280, 1024)) == pytest.approx(12.8)  # a 5:4 projector: limited by the width
    assert layout.slide_unit((2560, 720)) == pytest.approx(12.8)  # very wide: limited by the height


def test_charts_grow_with_the_window() -> None:
    small, large = layout.chart_size((1280, 720)), layout.chart_size((1920, 1080))
    assert (small.height, small.font) == (349, 17)
    assert (large.height, large.font) == (523, 26)
    assert layout.chart_size((1280, 720), has_stats=False).height > small.height
    assert layout.chart_size((400, 300)).height == 220  # never smaller than readable


def test_bar_labels_stay_horizontal() -> None:
    original = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], text=["1", "2"], orientation="h"))
    figure = layout.style_chart(original, layout.ChartSize(500, 24))
    assert original.layout.height is None  # the deck's figure is left as it was (handouts use it)
    assert figure.data[0].textangle == 0 and figure.data[0].textfont.size == 24
    assert figure.layout.height == 500 and figure.layout.yaxis.tickfont.size == 24
    months = layout.style_chart(go.Figure(go.Bar(x=["Des 2025", "Jan 2026"], y=[3, 4])), layout.ChartSize(500, 24))
    assert months.layout.xaxis.tickangle == 0 and months.layout.xaxis.ticktext == ("Des<br>2025", "Jan<br>2026")


@pytest.mark.parametrize(("move", "expected"), [("next", 6), ("prev", 4), ("first", 1), ("last", 17), ("x", 5)])
def test_moves(move, expected) -> None:
    assert layout.move_target(move, 5, 17) == expected
    assert layout.move_target("next", 17, 17) == 17 and layout.move_target("prev", 1, 17) == 1


@pytest.mark.parametrize(("value", "expected"), [([1920, 1080], (1920, 1080)), (None, (1280, 720)),
                                                 (["a", 3], (1280, 720)), ([10, 10], (1280, 720)), ("1920", (1280, 720))])
def test_viewport_from_browser_is_checked(value, expected) -> None:
    assert layout.viewport_from(value) == expected
