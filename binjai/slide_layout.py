"""Presenter-mode layout that depends on the window: chart size and type from the viewport, and where a key
press moves. Pure functions (no Streamlit), so that tests can check them against known window sizes."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

DEFAULT_VIEWPORT = (1280, 720)  # until the browser has reported its size
MOVES = ("next", "prev", "first", "last")
IDLE_MS = 3000  # the control bar hides after the mouse rests this long


@dataclass(frozen=True)
class ChartSize:
    """Height and font size of a slide chart in CSS pixels."""

    height: int
    font: int


def slide_unit(viewport: tuple[int, int]) -> float:
    """1/100 of the largest 16:9 box that fits the window, in px (the CSS variable --u)."""
    width, height = viewport
    return min(width / 100, height * 16 / 9 / 100)


def viewport_from(value: object) -> tuple[int, int]:
    """The window size the browser reported ([width, height]), or the default when missing or implausible."""
    if isinstance(value, (list, tuple)) and len(value) == 2:
        try:
            width, height = int(value[0]), int(value[1])
        except (TypeError, ValueError):
            return DEFAULT_VIEWPORT
        if 200 <= width <= 10_000 and 200 <= height <= 10_000:
            return width, height
    return DEFAULT_VIEWPORT


def chart_size(viewport: tuple[int, int], has_stats: bool = True) -> ChartSize:
    """A chart that fills the panel under the headline figures: the window height minus title, figures,
    panel title and footer, all measured in slide units (as the CSS sizes them)."""
    unit = slide_unit(viewport)
    taken = (29.0 if has_stats else 17.0) * unit
    return ChartSize(height=max(220, round(viewport[1] - taken)), font=max(14, round(unit * 1.35)))


def style_chart(figure: go.Figure, size: ChartSize) -> go.Figure:
    """A copy of the figure at the slide's size (the deck's own figure stays as the handouts need it); bar labels
    stay horizontal (plotly turns them sideways when short)."""
    figure = go.Figure(figure)
    small = round(size.font * 0.85)
    figure.update_layout(height=size.height, font_size=size.font, autosize=True, legend_font_size=small)
    figure.update_xaxes(tickfont_size=small, title_font_size=small)
    figure.update_yaxes(tickfont_size=size.font, title_font_size=small)
    figure.update_traces(textangle=0, textfont_size=size.font, selector={"type": "bar"})
    _upright_categories(figure)
    return figure


def _upright_categories(figure: go.Figure) -> None:
    """Category labels under vertical bars ("Des 2025") on two lines and upright instead of turned sideways."""
    bars = [trace for trace in figure.data if trace.type == "bar" and trace.orientation != "h" and trace.x is not None]
    if not bars:
        return
    labels = [str(v) for v in bars[0].x]
    if any(" " in label for label in labels):
        figure.update_xaxes(tickmode="array", tickvals=labels, ticktext=[v.replace(" ", "<br>", 1) for v in labels],
                            tickangle=0)


def move_target(move: object, current: int, total: int) -> int:
    """The slide a key press leads to: next, previous, first or last, kept within the deck."""
    if move == "next":
        return min(current + 1, total)
    if move == "prev":
        return max(current - 1, 1)
    if move == "first":
        return 1
    if move == "last":
        return total
    return current
