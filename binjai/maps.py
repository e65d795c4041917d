"""pydeck map builders shared by pages: kelurahan outline, choropleth, hexagon bins and points (no Streamlit here).

Every deck uses `map_provider=None`, so nothing is fetched from outside: the kelurahan outline is the base map.
Layers carry a ready-made `tip` text per object; the tooltip shows it as plain text (never HTML).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import pydeck as pdk

from binjai import geo, reference
from binjai.palette import BLUE, FONT, GREY, INK, ORANGE, PALETTE

OUTLINE_LAYER_ID = "kelurahan_outline"
LABEL_LAYER_ID = "kelurahan_labels"
TOOLTIP = {"text": "{tip}", "style": {"backgroundColor": "#ffffff", "color": "#14171a", "fontSize": "14px",
                                      "border": "1px solid #8c959f", "padding": "6px 8px", "whiteSpace": "pre-line"}}
_LAND = "#f4f5f7"
LABEL_PX = 13
_HALO_PX = 3
_WHITE = (255, 255, 255)
AREA_ALPHA = 200  # a choropleth's default opacity (0-255)
HEX_ALPHA = 215  # hexagons' opacity


def rgba(colour: str, alpha: int = 255) -> list[int]:
    """`#0072B2` as [0, 114, 178, alpha] for deck.gl."""
    text = colour.lstrip("#")
    return [int(text[i:i + 2], 16) for i in (0, 2, 4)] + [int(alpha)]


def _towards(colour: str, share: float) -> str:
    """`colour` blended with white: `share` 1 is the colour itself, 0 is white."""
    mixed = [round(w + (c - w) * share) for w, c in zip(_WHITE, rgba(colour)[:3], strict=True)]
    return "#{:02X}{:02X}{:02X}".format(*mixed)


def ramp(colour: str, steps: int) -> list[str]:
    """`steps` shades from light to `colour` (a palette colour blended with white), for ordered classes."""
    return [_towards(colour, (i + 1) / steps) for i in range(steps)]


def as_drawn(colour: str, alpha: int) -> str:
    """`colour` as a layer drawn at `alpha` (0-255) shows it on the white page: a legend swatch that matches the map."""
    return _towards(colour, alpha / 255)


def class_breaks(values: Sequence[float] | pd.Series, classes: int = 5) -> list[float]:
    """Upper bounds of at most `classes` quantile classes (distinct, ascending; the last is the maximum)."""
    data = pd.Series(values, dtype=float).dropna()
    if data.empty:
        return []
    quantiles = data.quantile([(i + 1) / classes for i in range(classes)], interpolation="nearest").tolist()
    return sorted(set(quantiles))


def class_of(values: Sequence[float] | pd.Series, breaks: Sequence[float]) -> np.ndarray:
    """Index of the class each value falls in (the first upper bound it does not exceed)."""
    data = np.asarray(pd.Series(values, dtype=float).fillna(0.0))
    return np.minimum(np.searchsorted(np.asarray(breaks, dtype=float), data, side="left"), max(len(breaks) - 1, 0))


def legend_entries(breaks: Sequence[float], colour: str, format_value: Callable[[float], str],
                   alpha: int = 255) -> list[tuple[str, str]]:
    """(colour, label) per class for a legend: `≤ 12`, `13 – 40`, … as formatted by `format_value`; the colours as
    the map shows its classes drawn at `alpha` (`as_drawn`)."""
    shades = [as_drawn(shade, alpha) for shade in ramp(colour, len(breaks))]
    entries = []
    for i, upper in enumerate(breaks):
        label = f"≤ {format_value(upper)}" if i == 0 else f"{format_value(breaks[i - 1])} – {format_value(upper)}"
        entries.append((shades[i], label))
    return entries


def _area_rows() -> list[dict]:
    """One row per polygon part of every kelurahan, with its names."""
    areas, _ = geo.kelurahan_areas()
    return [{"kelurahan": area["kelurahan"], "kecamatan": area["kecamatan"], "polygon": part}
            for area in areas for part in geo.polygon_parts(area)]


def outline_layer() -> pdk.Layer:
    """Kelurahan shapes as the light base map; hovering one shows its name (also for names too long to print)."""
    rows = pd.DataFrame(_area_rows())
    rows["tip"] = rows["kelurahan"] + " · " + rows["kecamatan"]
    return pdk.Layer("PolygonLayer", rows, id=OUTLINE_LAYER_ID, get_polygon="polygon",
                     filled=True, stroked=True, get_fill_color=rgba(_LAND), get_line_color=rgba(GREY, 220),
                     line_width_min_pixels=1, pickable=True, auto_highlight=True,
                     highlight_color=[0, 114, 178, 40])


def metres_per_pixel(zoom: float, latitude: float) -> float:
    """Ground metres per screen pixel at a deck.gl zoom level (512-pixel world tiles)."""
    return 40_075_016.686 * math.cos(math.radians(latitude)) / (512 * 2 ** zoom)


def label_box(name: str, x_px: float, y_px: float, size_px: float = LABEL_PX) -> tuple[float, float, float, float]:
    """The screen box (left, bottom, right, top) a centred label of this size covers, halo included."""
    half_width = (0.62 * size_px * len(name) + 2 * _HALO_PX) / 2
    half_height = (size_px + 2 * _HALO_PX) / 2
    return x_px - half_width, y_px - half_height, x_px + half_width, y_px + half_height


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def fitting_labels(view: dict, size_px: float = LABEL_PX) -> pd.DataFrame:
    """Kelurahan names that can be printed at `view` without touching another (larger kelurahan first).

    Returns [name, lon, lat]; the others are left to the map's hover text.
    """
    table = reference.kelurahan().sort_values(["area_km2", "kelurahan"], ascending=[False, True])
    scale = metres_per_pixel(float(view["zoom"]), float(view["latitude"])) / 1000
    x, y = geo.to_km(table["lon"].to_numpy(), table["lat"].to_numpy())
    placed: list[tuple[float, ...]] = []
    keep = []
    for name, x_km, y_km in zip(table["kelurahan"], x, y, strict=True):
        box = label_box(name, x_km / scale, y_km / scale, size_px)
        fits = not any(_overlaps(box, other) for other in placed)
        keep.append(fits)
        if fits:
            placed.append(box)
    chosen = table[keep]
    return pd.DataFrame({"name": chosen["kelurahan"].to_numpy(), "lon": chosen["lon"].to_numpy(),
                         "lat": chosen["lat"].to_numpy()})


def label_layer(view: dict) -> pdk.Layer:
    """Dark kelurahan names with a white halo, only those that fit at `view`; sized in metres so they stay apart."""
    labels = fitting_labels(view)
    size_m = LABEL_PX * metres_per_pixel(float(view["zoom"]), float(view["latitude"]))
    data = pd.DataFrame({"name": labels["name"], "position": labels[["lon", "lat"]].values.tolist()})
    # outline_width is in glyph-atlas pixels (64 px font) over the SDF radius: 14 of 20 gives a halo of about 3 px.
    return pdk.Layer("TextLayer", data, id=LABEL_LAYER_ID, get_position="position", get_text="name",
                     get_size=round(size_m, 1), size_units="'meters'", size_max_pixels=20, get_color=rgba(INK),
                     font_family=f'"{FONT}"', font_weight=700, outline_width=14,
                     outline_color=[255, 255, 255, 255], font_settings={"sdf": True, "buffer": 16, "radius": 20},
                     get_text_anchor="'middle'", get_alignment_baseline="'center'", pickable=False)


class CompactDeck(pdk.Deck):
    """A pydeck Deck whose JSON has no indentation (pydeck indents by two spaces, which doubles the payload)."""

    _json: str | None = None

    def to_json(self) -> str:
        """The deck as compact JSON, as Streamlit sends it to the browser (the stored text once frozen)."""
        if self._json is not None:
            return self._json
        return json.dumps(json.loads(super().to_json()), separators=(",", ":"), ensure_ascii=False)

    def freeze(self) -> CompactDeck:
        """Serialise the deck now and serve that text from then on: for a deck shared by viewers, never changed."""
        self._json = self.to_json()
        return self


def base_deck(layers: Sequence[pdk.Layer], *, view: dict | None = None, tooltip: dict | bool | None = None,
              labels: bool = True, height: int = 520, outline: bool = True) -> pdk.Deck:
    """A deck with no outside base map: kelurahan outline underneath (left out when `outline` is False: the first
    layer is then an `area_layer(..., base=True)`, which draws every kelurahan itself), `layers`, then kelurahan
    names on top."""
    chosen = view or geo.city_view()
    stack = [*([outline_layer()] if outline else []), *layers, *([label_layer(chosen)] if labels else [])]
    return CompactDeck(layers=stack, initial_view_state=pdk.ViewState(pitch=0, bearing=0, **chosen), map_provider=None,
                       tooltip=TOOLTIP if tooltip is None else tooltip, height=height)


def area_layer(values: pd.DataFrame, *, layer_id: str, colour: str = BLUE, classes: int = 5,
               alpha: int = AREA_ALPHA, base: bool = False) -> pdk.Layer:
    """Choropleth of `values` [kelurahan, value, label]: quantile classes shaded from light to `colour`.

    `label` is the tooltip text of each kelurahan. Kelurahan without a row are left unshaded; with `base` they are
    drawn in the outline's colours and hover text instead, so the deck needs no outline layer (`base_deck(...,
    outline=False)`) and sends every polygon once.
    """
    rows = pd.DataFrame(_area_rows())
    merged = rows.merge(values[["kelurahan", "value", "label"]], on="kelurahan", how="left" if base else "inner")
    shaded = merged["value"].notna().to_numpy()
    breaks = class_breaks(values["value"], classes)
    shades = ramp(colour, max(len(breaks), 1))
    classes_of = iter(class_of(merged.loc[shaded, "value"], breaks))
    merged["fill"] = [rgba(shades[next(classes_of)], alpha) if has_value else rgba(_LAND) for has_value in shaded]
    tips = merged["label"].where(shaded, merged["kelurahan"] + " · " + merged["kecamatan"])
    data = pd.DataFrame({"kelurahan": merged["kelurahan"], "polygon": merged["polygon"], "fill": merged["fill"],
                         "tip": tips.astype(str)})
    return pdk.Layer("PolygonLayer", data, id=layer_id, get_polygon="polygon", get_fill_color="fill", filled=True,
                     stroked=True, get_line_color=rgba(GREY, 200), line_width_min_pixels=1, pickable=True,
                     auto_highlight=True)


def hex_bins(points: pd.DataFrame, radius_m: float) -> pd.DataFrame:
    """Points [lon, lat, weight] summed into flat-topped hexagons of `radius_m`: [lon, lat, weight, count]."""
    if points.empty:
        return pd.DataFrame({"lon": [], "lat": [], "weight": [], "count": []})
    size = radius_m / 1000
    x, y = geo.to_km(points["lon"].to_numpy(), points["lat"].to_numpy())
    q = (2 / 3 * x) / size
    r = (-x / 3 + math.sqrt(3) / 3 * y) / size
    q_round, r_round = _hex_round(q, r)
    frame = pd.DataFrame({"q": q_round, "r": r_round, "weight": points["weight"].to_numpy(dtype=float)})
    bins = frame.groupby(["q", "r"], as_index=False).agg(weight=("weight", "sum"), count=("weight", "size"))
    centre_x = size * 1.5 * bins["q"].to_numpy()
    centre_y = size * math.sqrt(3) * (bins["r"].to_numpy() + bins["q"].to_numpy() / 2)
    lon, lat = geo.to_lonlat(centre_x, centre_y)
    return pd.DataFrame({"lon": lon.round(6), "lat": lat.round(6), "weight": bins["weight"].to_numpy(),
                         "count": bins["count"].to_numpy()})


def _hex_round(q: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Axial hexagon coordinates rounded to the nearest hexagon (cube rounding)."""
    s = -q - r
    rq, rr, rs = np.round(q), np.round(r), np.round(s)
    dq, dr, ds = np.abs(rq - q), np.abs(rr - r), np.abs(rs - s)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    rq = np.where(fix_q, -rr - rs, rq)
    rr = np.where(fix_r, -rq - rs, rr)
    return rq.astype(np.int64), rr.astype(np.int64)


def hexagon_layer(points: pd.DataFrame, *, layer_id: str, radius_m: float = 300, colour: str = ORANGE,
                  describe: Callable[[float, int], str] | None = None, extruded: bool = False) -> pdk.Layer:
    """Points [lon, lat, weight] binned into hexagons on the server; the browser receives one object per hexagon.

    `describe(weight, count)` gives each hexagon's tooltip text.
    """
    bins = hex_bins(points, radius_m)
    breaks = class_breaks(bins["weight"])
    shades = ramp(colour, max(len(breaks), 1))
    top = float(bins["weight"].max()) if len(bins) else 1.0
    data = pd.DataFrame({
        "position": bins[["lon", "lat"]].values.tolist(),
        "fill": [rgba(shades[i], HEX_ALPHA) for i in class_of(bins["weight"], breaks)],
        "height": (bins["weight"] / (top or 1.0) * 1500).round(1),
        "tip": [describe(w, int(c)) if describe else f"{w:g}" for w, c in zip(bins["weight"], bins["count"], strict=True)],
    })
    return pdk.Layer("ColumnLayer", data, id=layer_id, get_position="position", get_fill_color="fill",
                     get_elevation="height", disk_resolution=6, radius=radius_m, coverage=0.92, angle=0,
                     extruded=extruded, pickable=True, auto_highlight=True, stroked=False)


def points_layer(points: pd.DataFrame, *, color_by: str, layer_id: str, colours: Mapping[str, str] | None = None,
                 radius_m: float = 45, cell_px: tuple[float, float] = (2, 8), alpha: int = 220) -> pdk.Layer:
    """Points [lon, lat, <color_by>, optional count, optional tip] as circles coloured by category.

    Single objects are circles of `radius_m` metres. When a `count` column says that circles stand for several
    objects, their radius is in screen pixels from `cell_px[0]` to `cell_px[1]`, growing with √(count / largest).
    """
    categories = sorted(points[color_by].dropna().unique()) if len(points) else []
    palette = dict(colours or {value: PALETTE[i % len(PALETTE)] for i, value in enumerate(categories)})
    counts = points["count"].to_numpy(dtype=float) if "count" in points else np.ones(len(points))
    most = float(counts.max()) if len(counts) else 1.0
    grouped = most > 1
    radius = cell_px[0] + (cell_px[1] - cell_px[0]) * np.sqrt(counts / most) if grouped else np.full(len(counts), radius_m)
    data = pd.DataFrame({
        "position": points[["lon", "lat"]].round(6).values.tolist(),
        "fill": [rgba(palette.get(value, GREY), alpha) for value in points[color_by]],
        "radius": np.round(radius, 1),
        "tip": points["tip"].astype(str) if "tip" in points else points[color_by].astype(str),
    })
    if "kelurahan" in points:  # a click on a point opens its kelurahan's profile
        data["kelurahan"] = points["kelurahan"].to_numpy()
    return pdk.Layer("ScatterplotLayer", data, id=layer_id, get_position="position", get_fill_color="fill",
                     get_radius="radius", radius_units="'pixels'" if grouped else "'meters'",
                     radius_min_pixels=cell_px[0] if grouped else 3, radius_max_pixels=24, stroked=not grouped,
                     get_line_color=[255, 255, 255, 230], line_width_min_pixels=1, pickable=True, auto_highlight=True)


def zoom_to(kelurahan: str | None, *, width_px: int = 1000, height_px: int = 520) -> dict:
    """The view zoomed on a kelurahan in a map of this size; the whole city for an empty or unknown name."""
    chosen = geo.kelurahan_view(kelurahan, width_px, height_px) if kelurahan else None
    return chosen or geo.city_view(width_px, height_px)


MAX_ZOOM_STEPS = 4


def zoomed(view: dict, steps: int) -> dict:
    """`view` zoomed in (positive) or out (negative) by whole steps, at most MAX_ZOOM_STEPS either way."""
    bounded = max(-MAX_ZOOM_STEPS, min(MAX_ZOOM_STEPS, int(steps)))
    return {**view, "zoom": round(float(view["zoom"]) + bounded, 2)}
