"""Kelurahan areas (boundary file and approximation), point-in-kelurahan assignment, views and map builders."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon

from binjai import geo, maps, reference
from tests.conftest import SHARED_GEO
from tests.geo_helpers import assign_kelurahan

BOUNDARY_FILE = SHARED_GEO / "binjai_kelurahan.geojson"
needs_shared_geo = pytest.mark.skipif(not BOUNDARY_FILE.exists(),
                                      reason=f"shared boundary file {BOUNDARY_FILE} is absent on this machine")


def _square(x: float, y: float, size: float) -> list[list[list[float]]]:
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def _km2(area: dict) -> float:
    """Area of a kelurahan dict in the local kilometre plane."""
    geometry = shapely.geometry.shape({"type": area["type"], "coordinates": area["polygon"]})
    return geo._plane(geometry).area


@pytest.fixture
def tiny_boundary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A hand-made boundary file: Pahlawan (by code) as two squares, Damai (by name, odd case) as one, and a stranger."""
    features = [
        {"type": "Feature", "properties": {"kode": "12.75.01.1001", "nama": "whatever"},
         "geometry": {"type": "MultiPolygon", "coordinates": [_square(98.40, 3.50, 0.01), _square(98.42, 3.50, 0.01)]}},
        {"type": "Feature", "properties": {"nama": "DAMAI"},
         "geometry": {"type": "Polygon", "coordinates": _square(98.40, 3.52, 0.01)}},
        {"type": "Feature", "properties": {"nama": "Atlantis"},
         "geometry": {"type": "Polygon", "coordinates": _square(98.44, 3.52, 0.01)}},
    ]
    path = tmp_path / "kelurahan.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    monkeypatch.setenv("BINJAI_BOUNDARY_FILE", str(path))
    return path


def test_approximate_outline_matches_the_wanted_area() -> None:
    points = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
    outline = geo.approximate_outline(points, 2.0)
    assert outline.area == pytest.approx(2.0, rel=1e-6)
    # hull 1 + perimeter 4·d + πd² = 2 gives d ≈ 0.2140 for a true circle; the 8-segment arcs need a hair more
    distance = outline.exterior.distance(shapely.Point(0.5, 0.5)) - 0.5
    assert distance == pytest.approx(0.2140, abs=0.002)
    assert geo.approximate_outline(points, 0.5).equals(Polygon([(0, 0), (1, 0), (1, 1), (0, 1)]))


def test_voronoi_cells_split_the_outline_halfway() -> None:
    outline = Polygon([(-1, -1), (3, -1), (3, 1), (-1, 1)])
    left, right = geo.voronoi_cells([(0.0, 0.0), (2.0, 0.0)], outline)
    assert left.area == pytest.approx(4.0) and right.area == pytest.approx(4.0)
    assert left.bounds == pytest.approx((-1, -1, 1, 1)) and right.bounds == pytest.approx((1, -1, 3, 1))


def test_approximation_covers_the_city_once_without_a_boundary_file() -> None:
    areas, approximate = geo.kelurahan_areas()
    table = reference.kelurahan()
    assert approximate is True
    assert [a["kelurahan"] for a in areas] == table["kelurahan"].tolist()
    assert [a["kode"] for a in areas] == table["kelurahan_code"].tolist()
    assert all(a["type"] == "Polygon" for a in areas)
    total = sum(_km2(a) for a in areas)
    assert total == pytest.approx(table["area_km2"].sum(), rel=1e-3)  # the outline is as large as the city
    union = shapely.union_all([geo._plane(shapely.geometry.shape({"type": "Polygon", "coordinates": a["polygon"]}))
                               for a in areas])
    assert union.area == pytest.approx(total, rel=1e-6)  # cells do not overlap
    assert assign_kelurahan(table["lat"], table["lon"]).tolist() == table["kelurahan"].tolist()


def test_assign_kelurahan_outside_missing_and_index() -> None:
    table = reference.kelurahan()
    lat = pd.Series([table["lat"].iat[0], 3.0, np.nan], index=[10, 11, 12])
    lon = pd.Series([table["lon"].iat[0], 98.0, 98.5], index=[10, 11, 12])
    result = assign_kelurahan(lat, lon)
    assert result.index.tolist() == [10, 11, 12]
    assert result.tolist() == [table["kelurahan"].iat[0], None, None]


def test_boundary_file_by_code_and_name_with_multipolygon(tiny_boundary: Path) -> None:
    areas, approximate = geo.kelurahan_areas()
    assert approximate is False
    assert [(a["kelurahan"], a["kecamatan"], a["kode"], a["type"]) for a in areas] == [
        ("Pahlawan", "Binjai Utara", "12.75.01.1001", "MultiPolygon"), ("Damai", "Binjai Utara", "12.75.01.1004", "Polygon")]
    assert len(geo.polygon_parts(areas[0])) == 2 and len(geo.polygon_parts(areas[1])) == 1
    assigned = assign_kelurahan([3.505, 3.505, 3.525, 3.525, 3.505], [98.405, 98.425, 98.405, 98.445, 98.415])
    assert assigned.tolist() == ["Pahlawan", "Pahlawan", "Damai", None, None]  # Atlantis and the gap are nowhere
    assert assign_kelurahan([3.51], [98.405]).tolist() == ["Pahlawan"]  # on the edge counts as inside


def test_unreadable_boundary_file_falls_back_to_the_approximation(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("BINJAI_BOUNDARY_FILE", str(broken))
    assert geo.kelurahan_areas()[1] is True
    monkeypatch.setenv("BINJAI_BOUNDARY_FILE", str(tmp_path / "missing.geojson"))
    assert geo.kelurahan_areas()[1] is True


def test_areas_follow_the_setting_and_are_copies(tiny_boundary: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(geo.kelurahan_areas()[0]) == 2
    first, _ = geo.kelurahan_areas()
    first[0]["kelurahan"] = "changed"
    assert geo.kelurahan_areas()[0][0]["kelurahan"] == "Pahlawan"
    monkeypatch.delenv("BINJAI_BOUNDARY_FILE")
    assert len(geo.kelurahan_areas()[0]) == 37


@needs_shared_geo
def test_official_boundary_file_from_shared_geo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BINJAI_BOUNDARY_FILE", str(BOUNDARY_FILE))
    areas, approximate = geo.kelurahan_areas()
    table = reference.kelurahan()
    assert approximate is False
    assert [a["kode"] for a in areas] == table["kelurahan_code"].tolist()
    assert sum(_km2(a) for a in areas) == pytest.approx(93.75, rel=5e-3)  # README: together 93.75 km²
    assert assign_kelurahan(table["lat"], table["lon"]).tolist() == table["kelurahan"].tolist()
    view = geo.city_view()
    assert 98.44 < view["longitude"] < 98.54 and 3.52 < view["latitude"] < 3.68


def test_fit_view_zoom_by_hand() -> None:
    view = geo.fit_view((98.44, 3.52, 98.54, 3.68), width_px=1000, height_px=520)
    # width: log2(1000·360 / (512·0.1)) = 12.78; height: log2(520·360 / (512·0.16/cos 3.6°)) = 11.155; minus 0.15
    assert view == {"latitude": 3.6, "longitude": 98.49, "zoom": pytest.approx(11.01, abs=0.01)}
    assert geo.fit_view((98.49, 3.6, 98.4901, 3.6001))["zoom"] == 15.0  # capped


def test_zoom_to_kelurahan_and_city() -> None:
    city = maps.zoom_to(None)
    assert city == geo.city_view()
    assert maps.zoom_to("No such place") == city
    pahlawan = maps.zoom_to("Pahlawan")
    assert pahlawan["zoom"] > city["zoom"] + 1
    assert assign_kelurahan([pahlawan["latitude"]], [pahlawan["longitude"]]).tolist() == ["Pahlawan"]
    assert maps.zoom_to(None, width_px=470, height_px=430)["zoom"] < city["zoom"]


# ----------------------------------------------------------------------------------------------- map builders


def test_colour_ramp_and_classes() -> None:
    assert maps.rgba("#0072B2", 200) == [0, 114, 178, 200]
    assert maps.ramp("#0072B2", 2) == ["#80B8D8", "#0072B2"]  # halfway to white: 127.5→128, 184.5→184, 216.5→216
    breaks = maps.class_breaks(range(1, 11))
    assert breaks == [3, 5, 6, 8, 10]
    assert maps.class_of([1, 3, 4, 10, 99], breaks).tolist() == [0, 0, 1, 4, 4]
    assert maps.class_breaks([7, 7, 7]) == [7] and maps.class_breaks([]) == []
    entries = maps.legend_entries([3, 5], "#0072B2", lambda v: f"{v:g}")
    assert entries == [("#80B8D8", "≤ 3"), ("#0072B2", "3 – 5")]
    # A layer drawn at alpha 170 shows its classes two thirds of the way from white: the legend shows them so.
    assert maps.as_drawn("#000000", 170) == "#555555" and maps.as_drawn("#0072B2", 255) == "#0072B2"
    assert maps.as_drawn("#0072B2", 0) == "#FFFFFF"
    faded = maps.legend_entries([3, 5], "#0072B2", lambda v: f"{v:g}", alpha=170)
    assert faded == [("#AAD0E5", "≤ 3"), ("#55A1CC", "3 – 5")]


def test_hex_bins_sum_weights_per_hexagon() -> None:
    centre_lon, centre_lat = geo.to_lonlat(0.0, 0.0)
    far_lon, far_lat = geo.to_lonlat(3.0, 0.0)  # 3 km east: another hexagon for 300 m hexagons
    points = pd.DataFrame({"lon": [float(centre_lon), float(centre_lon) + 1e-5, float(far_lon)],
                           "lat": [float(centre_lat), float(centre_lat), float(far_lat)],
                           "weight": [10.0, 5.0, 2.5]})
    bins = maps.hex_bins(points, 300).sort_values("lon").reset_index(drop=True)
    assert bins["weight"].tolist() == [15.0, 2.5] and bins["count"].tolist() == [2, 1]
    assert (bins.loc[0, "lon"], bins.loc[0, "lat"]) == (0.0, 0.0)
    assert maps.hex_bins(points.iloc[:0], 300).empty


def test_hex_round_picks_the_nearest_hexagon() -> None:
    # (0.6, -0.3): cube (0.6, -0.3, -0.3) → (1, 0, 0); q moved most, so q = -r - s = 0 → hexagon (0, 0).
    # (0.4, 0.4): cube (0.4, 0.4, -0.8) → (0, 0, -1); q and r moved equally, r is rebuilt: r = 0 + 1 → (0, 1).
    q, r = maps._hex_round(np.array([0.6, 0.4, 0.1]), np.array([-0.3, 0.4, 0.9]))
    assert q.tolist() == [0, 0, 0] and r.tolist() == [0, 1, 1]


def test_base_deck_is_offline_and_layers_are_ordered() -> None:
    values = pd.DataFrame({"kelurahan": ["Pahlawan", "Damai"], "value": [1.0, 5.0], "label": ["a", "b"]})
    points = pd.DataFrame({"lon": [98.49, 98.5, 98.51], "lat": [3.6, 3.6, 3.6], "status": ["x", "y", "x"],
                           "count": [1, 5, 17], "tip": ["t", "u", "v"]})
    deck = maps.base_deck([maps.area_layer(values, layer_id="shade"), maps.points_layer(points, color_by="status",
                                                                                        layer_id="pts")])
    spec = json.loads(deck.to_json())
    assert [layer["id"] for layer in spec["layers"]] == [maps.OUTLINE_LAYER_ID, "shade", "pts", maps.LABEL_LAYER_ID]
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec
    assert "cartocdn" not in deck.to_json() and "mapbox" not in deck.to_json()
    shade = spec["layers"][1]["data"]
    assert [row["tip"] for row in shade] == ["a", "b"]
    assert [row["fill"] for row in shade] == [maps.rgba(maps.ramp(maps.BLUE, 2)[0], 200), maps.rgba(maps.BLUE, 200)]
    # grouped circles: 2 + 6 × √(count / 17) pixels → 3.455, 5.254, 8
    assert [row["radius"] for row in spec["layers"][2]["data"]] == [3.5, 5.3, 8.0]
    assert spec["layers"][2]["radiusUnits"] == "pixels"
    single = maps.points_layer(points.drop(columns="count"), color_by="status", layer_id="one")
    assert [row["radius"] for row in single.data] == [45.0] * 3 and single.radius_units == "meters"
    first, second = maps.PALETTE[:2]  # categories x, y in sorted order take the palette's first colours
    assert [row["fill"] for row in spec["layers"][2]["data"]] == [maps.rgba(c, 220) for c in (first, second, first)]
    assert "\n  " not in deck.to_json()  # compact JSON: half the bytes of pydeck's indented form
    assert deck._tooltip == maps.TOOLTIP and "html" not in maps.TOOLTIP  # tooltips are plain text


def test_kelurahan_view_fits_a_small_area() -> None:
    areas, _ = geo.kelurahan_areas()
    smallest = min(areas, key=lambda a: a["area_km2"])
    view = geo.kelurahan_view(smallest["kelurahan"])
    assert view is not None and view["zoom"] > 13 and not math.isnan(view["latitude"])
    assert geo.kelurahan_view("Atlantis") is None


def test_a_base_choropleth_replaces_the_outline_and_sends_each_polygon_once() -> None:
    values = pd.DataFrame({"kelurahan": ["Pahlawan", "Damai"], "value": [1.0, 5.0], "label": ["a", "b"]})
    plain = json.loads(maps.base_deck([maps.area_layer(values, layer_id="shade")]).to_json())
    spec = json.loads(maps.base_deck([maps.area_layer(values, layer_id="shade", base=True)], outline=False).to_json())
    assert [layer["id"] for layer in spec["layers"]] == ["shade", maps.LABEL_LAYER_ID]
    outline, shaded = plain["layers"][0]["data"], plain["layers"][1]["data"]
    rows = spec["layers"][0]["data"]
    # Every polygon of the outline once, in the same order; the shaded ones as the plain choropleth draws them.
    assert [row["polygon"] for row in rows] == [row["polygon"] for row in outline]
    by_name = {row["kelurahan"]: row for row in rows}
    assert [(by_name[row["kelurahan"]]["fill"], by_name[row["kelurahan"]]["tip"]) for row in shaded] == [
        (row["fill"], row["tip"]) for row in shaded]
    others = [(row, base) for row, base in zip(rows, outline, strict=True) if row["kelurahan"] not in ("Pahlawan", "Damai")]
    assert others and all(row["fill"] == maps.rgba("#f4f5f7") and row["tip"] == base["tip"] for row, base in others)
    text = json.dumps(spec)
    assert all(text.count(json.dumps(row["polygon"])) == 1 for row in outline)
