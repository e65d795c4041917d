"""Map helpers for tests: point-in-kelurahan assignment (generated and mapped points lie where they should) and
the map legend a page run shows."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape
from streamlit.testing.v1 import AppTest

from binjai import geo
from binjai.charts.legend import text_colour
from tests.chart_figures import chart_elements


def assign_kelurahan(lat: Sequence[float] | pd.Series, lon: Sequence[float] | pd.Series) -> pd.Series:
    """The kelurahan each point lies in (None outside every area or for a missing coordinate; edges count inside)."""
    index = lat.index if isinstance(lat, pd.Series) else None
    ys, xs = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    result = np.full(len(ys), None, dtype=object)
    areas, _ = geo.kelurahan_areas()
    shapes = [(area["kelurahan"], shape({"type": area["type"], "coordinates": area["polygon"]})) for area in areas]
    unassigned = ~(np.isnan(xs) | np.isnan(ys))
    for name, geometry in shapes:
        inside = unassigned & shapely.contains_xy(geometry, xs, ys)
        result[inside] = name
        unassigned &= ~inside
    if unassigned.any():
        edge = np.flatnonzero(unassigned)
        points = shapely.points(xs[edge], ys[edge])
        for name, geometry in shapes:
            on_edge = shapely.covers(geometry, points) & pd.isna(result[edge])
            result[edge[on_edge]] = name
    return pd.Series(result, index=index, dtype=object, name="kelurahan")


def shown_legend(at: AppTest) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(title, [(style, label), ...]), ...] of the one HTML map legend on the page (`components.map_legend`); it is
    never a plotly chart."""
    (element,) = [m for m in at.markdown if m.value.startswith('<div class="bj-legend">')]
    assert element.proto.allow_html
    assert not any("legend" in chart.proto.id for chart in chart_elements(at))
    return [(group[0].text, [(item.get("style"), item.text) for item in group[1]]) for group in ET.fromstring(element.value)]


def styled(entries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(style, label) of legend entries (colour, label) as the HTML legend draws them."""
    return [(f"background:{colour};color:{text_colour(colour)}", label) for colour, label in entries]
