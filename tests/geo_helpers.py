"""Point-in-kelurahan assignment, used by tests to check that generated and mapped points lie where they should."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from binjai import geo


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
