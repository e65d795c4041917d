"""Kelurahan areas for maps: the configured boundary file, or a labelled approximation from the reference table.

Without a boundary file the areas are Voronoi cells around each kelurahan's representative point, clipped to an
outline (the points' convex hull, widened until it covers the kelurahan's total area). Geometry is computed in a
local kilometre plane so that distances and areas are meaningful, then returned as [lon, lat] coordinates.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, Polygon, mapping, shape
from shapely.ops import voronoi_diagram

from binjai import reference, settings

KM_PER_DEGREE_LAT = 110.574
_REF_LAT = 3.6  # Binjai's latitude; the plane's east-west scale uses its cosine
KM_PER_DEGREE_LON = 111.320 * math.cos(math.radians(_REF_LAT))
_MAX_ZOOM = 15.0


def to_km(lon: np.ndarray | float, lat: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """Longitude/latitude to the local kilometre plane (x east, y north)."""
    return np.asarray(lon, dtype=float) * KM_PER_DEGREE_LON, np.asarray(lat, dtype=float) * KM_PER_DEGREE_LAT


def to_lonlat(x: np.ndarray | float, y: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """The local kilometre plane back to longitude/latitude."""
    return np.asarray(x, dtype=float) / KM_PER_DEGREE_LON, np.asarray(y, dtype=float) / KM_PER_DEGREE_LAT


def _plane(geometry: shapely.Geometry, inverse: bool = False) -> shapely.Geometry:
    """A geometry moved between degrees and the kilometre plane."""
    scale = (1 / KM_PER_DEGREE_LON, 1 / KM_PER_DEGREE_LAT) if inverse else (KM_PER_DEGREE_LON, KM_PER_DEGREE_LAT)
    return shapely.transform(geometry, lambda xy: xy * np.array(scale))


def approximate_outline(points_km: Sequence[tuple[float, float]], total_area_km2: float) -> Polygon:
    """The points' convex hull, buffered until its area is `total_area_km2` (in the kilometre plane)."""
    hull = MultiPoint(list(points_km)).convex_hull
    if hull.area >= total_area_km2:
        return hull
    low, high = 0.0, math.sqrt(total_area_km2)
    for _ in range(40):
        middle = (low + high) / 2
        if hull.buffer(middle, quad_segs=8).area < total_area_km2:
            low = middle
        else:
            high = middle
    return hull.buffer(high, quad_segs=8)


def voronoi_cells(points_km: Sequence[tuple[float, float]], outline: Polygon) -> list[Polygon]:
    """One cell per point (same order): the part of `outline` nearer to that point than to any other."""
    sites = MultiPoint(list(points_km))
    diagram = voronoi_diagram(sites, envelope=outline.envelope.buffer(10))
    cells: list[Polygon] = []
    regions = list(diagram.geoms)
    for x, y in points_km:
        point = shapely.Point(x, y)
        region = next(r for r in regions if r.covers(point))
        cells.append(region.intersection(outline))
    return cells


def _as_lists(coords: object) -> object:
    """Nested tuples of coordinates as nested lists, each number rounded to 6 decimals (about 0.1 m)."""
    if isinstance(coords, (tuple, list)):
        return [_as_lists(item) for item in coords]
    return round(float(coords), 6)


def _ring_coords(geometry: shapely.Geometry) -> list:
    """The geometry's GeoJSON coordinates as plain lists."""
    return _as_lists(mapping(geometry)["coordinates"])


def _area_dict(row: pd.Series, geometry: shapely.Geometry) -> dict:
    return {
        "kelurahan": row["kelurahan"],
        "kecamatan": row["kecamatan"],
        "kode": row["kelurahan_code"],
        "area_km2": float(row["area_km2"]),
        "type": geometry.geom_type,
        "polygon": _ring_coords(geometry),
    }


def _approximate_areas() -> tuple[dict, ...]:
    """Voronoi cells around the reference points, clipped to an outline as large as the city."""
    table = reference.kelurahan()
    xs, ys = to_km(table["lon"].to_numpy(), table["lat"].to_numpy())
    points = list(zip(xs.tolist(), ys.tolist(), strict=True))
    outline = approximate_outline(points, float(table["area_km2"].sum()))
    cells = voronoi_cells(points, outline)
    return tuple(_area_dict(row, _plane(cell, inverse=True)) for (_, row), cell in zip(table.iterrows(), cells, strict=True))


def _feature_key(properties: dict) -> str | None:
    """The official kelurahan name a boundary feature stands for (by Kemendagri code, else by name)."""
    lookup = reference.kelurahan_lookup()
    for field in ("kode", "kode_kel", "kelurahan_code", "nama", "kelurahan", "name"):
        value = properties.get(field)
        if value and reference.normalise_name(value) in lookup:
            return lookup[reference.normalise_name(value)][0]
    return None


def read_boundary_file(path: Path) -> tuple[dict, ...]:
    """Kelurahan areas from a GeoJSON FeatureCollection; features that match no official kelurahan are skipped."""
    collection = json.loads(Path(path).read_text(encoding="utf-8"))
    table = reference.kelurahan().set_index("kelurahan", drop=False)
    areas: dict[str, dict] = {}
    for feature in collection.get("features", []):
        name = _feature_key(feature.get("properties") or {})
        geometry = shape(feature["geometry"]) if feature.get("geometry") else None
        if name is None or geometry is None or geometry.is_empty or name in areas:
            continue
        if geometry.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        areas[name] = _area_dict(table.loc[name], geometry)
    if not areas:
        raise ValueError(f"no kelurahan polygons in {path}")
    return tuple(areas[name] for name in table.index if name in areas)


@lru_cache(maxsize=4)
def _loaded(path: str, mtime_ns: int) -> tuple[tuple[dict, ...], bool, str | None]:
    """Areas, True when approximate, and why the configured file could not be used (None when it was, or unset)."""
    if path:
        try:
            return read_boundary_file(Path(path)), False, None
        except FileNotFoundError:
            return _approximate_areas(), True, "missing"
        except (OSError, UnicodeDecodeError):
            return _approximate_areas(), True, "unreadable"
        except (ValueError, KeyError, TypeError, AttributeError):
            return _approximate_areas(), True, "invalid"
    return _approximate_areas(), True, None


def _areas_for(path: str, mtime_ns: int) -> tuple[tuple[dict, ...], bool]:
    areas, approximate, _ = _loaded(path, mtime_ns)
    return areas, approximate


def boundary_problem() -> tuple[str, str] | None:
    """(path, reason) when $BINJAI_BOUNDARY_FILE is set but cannot be used; reason: missing, unreadable or invalid."""
    path, mtime_ns = _boundary_key()
    problem = _loaded(path, mtime_ns)[2]
    return (path, problem) if problem else None


def _boundary_key() -> tuple[str, int]:
    path = settings.boundary_path()
    if path is None:
        return "", 0
    try:
        return str(path), path.stat().st_mtime_ns
    except OSError:
        return str(path), -1


def boundary_version() -> str:
    """A token that changes when the configured boundary file (or its setting) changes (for figure caches)."""
    path, mtime_ns = _boundary_key()
    return f"{path}:{mtime_ns}"


def kelurahan_areas() -> tuple[list[dict], bool]:
    """One dict per kelurahan {kelurahan, kecamatan, kode, area_km2, type, polygon}, and True when approximate.

    `polygon` holds GeoJSON coordinates: a list of [lon, lat] rings for type Polygon, a list of such polygons for
    type MultiPolygon. The boundary file comes from $BINJAI_BOUNDARY_FILE; an absent or unreadable file gives
    the approximation. Results are cached per file path and modification time.
    """
    areas, approximate = _areas_for(*_boundary_key())
    return [dict(area) for area in areas], approximate


def polygon_parts(area: dict) -> list[list]:
    """The area's polygons (each a list of rings), one for a Polygon and several for a MultiPolygon."""
    return area["polygon"] if area["type"] == "MultiPolygon" else [area["polygon"]]


def _geometry(area: dict) -> shapely.Geometry:
    return shape({"type": area["type"], "coordinates": area["polygon"]})


def _bounds(areas: list[dict]) -> tuple[float, float, float, float]:
    boxes = np.array([_geometry(area).bounds for area in areas])
    return float(boxes[:, 0].min()), float(boxes[:, 1].min()), float(boxes[:, 2].max()), float(boxes[:, 3].max())


def fit_view(bounds: tuple[float, float, float, float], *, width_px: int = 1000, height_px: int = 520,
             max_zoom: float = _MAX_ZOOM) -> dict:
    """A view {latitude, longitude, zoom} that shows `bounds` (min lon, min lat, max lon, max lat) in a map."""
    min_lon, min_lat, max_lon, max_lat = bounds
    lon_span = max(max_lon - min_lon, 1e-4)
    lat_span = max(max_lat - min_lat, 1e-4) / math.cos(math.radians((min_lat + max_lat) / 2))
    zoom = math.log2(min(width_px * 360 / (512 * lon_span), height_px * 360 / (512 * lat_span)))
    return {"latitude": round((min_lat + max_lat) / 2, 6), "longitude": round((min_lon + max_lon) / 2, 6),
            "zoom": round(min(zoom - 0.15, max_zoom), 2)}


def city_view(width_px: int = 1000, height_px: int = 520) -> dict:
    """The view that shows the whole city in a map of this size."""
    areas, _ = kelurahan_areas()
    return fit_view(_bounds(areas), width_px=width_px, height_px=height_px)


def kelurahan_view(kelurahan: str, width_px: int = 1000, height_px: int = 520) -> dict | None:
    """The view zoomed on one kelurahan, or None for an unknown name."""
    areas, _ = kelurahan_areas()
    chosen = [area for area in areas if area["kelurahan"] == kelurahan]
    if not chosen:
        return None
    return fit_view(_bounds(chosen), width_px=width_px, height_px=height_px, max_zoom=15.5)
