"""e-Saberling in headless Chromium: the deck.gl map is drawn with its layers, tooltips are plain text, and no
base-map style or tile is fetched from outside."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest

from binjai.charts.base import GREEN
from binjai.ui.pages import page as page_spec
from tests.browser.conftest import (
    DECK_CHART,
    exception_texts,
    outside_requests,
    page_url,
    wait_for_app,
    wait_for_charts,
)

pytestmark = pytest.mark.browser
SPEC = page_spec("e_saberling")
MAP_HOSTS = ("carto", "mapbox", "maptiler", "openstreetmap", "googleapis.com/maps", "arcgis")


def _received_text(frames: list[bytes | str]) -> str:
    """Everything the server sent over the websocket, as text (the deck JSON travels inside the protobuf)."""
    return "".join(frame.decode("utf-8", "replace") if isinstance(frame, bytes) else frame for frame in frames)


def _pixels(png: bytes, wanted: Callable[[tuple[int, int, int]], bool]) -> int:
    """How many pixels of the image have a colour that `wanted` accepts."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(count for count, rgb in image.getcolors(maxcolors=1 << 22) if wanted(rgb))


def _near(colour: str, tolerance: int = 40) -> Callable[[tuple[int, int, int]], bool]:
    target = tuple(int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return lambda rgb: all(abs(a - b) <= tolerance for a, b in zip(rgb, target, strict=True))


def _bluish(rgb: tuple[int, int, int]) -> bool:
    red, green, blue = rgb
    return blue > red + 25 and blue > green + 5


def _open(page: Any, url: str) -> list[bytes | str]:
    frames: list[bytes | str] = []
    page.on("websocket", lambda socket: socket.on("framereceived", lambda payload: frames.append(payload)))
    page.goto(url)
    wait_for_app(page)
    return frames


def test_map_is_drawn_with_its_layers_and_offline(app_server, page) -> None:
    frames = _open(page, page_url(app_server, SPEC, "id", periode="all"))
    charts = wait_for_charts(page)
    assert not exception_texts(page), exception_texts(page)
    assert charts.decks == 1 and charts.decks_blank == 0, charts

    received = _received_text(frames)
    for layer_id in ("sab_shade", "sab_reports", "kelurahan_labels"):
        assert re.search(f'"id": ?"{layer_id}"', received), layer_id
    assert not re.search('"id": ?"kelurahan_outline"', received)  # the shading draws the kelurahan: polygons once
    assert "__MAP_STYLE__" in received  # Streamlit's "no base map" marker
    assert not [url for url in outside_requests(page) if any(host in url for host in MAP_HOSTS)]

    canvas = page.locator(DECK_CHART).first.locator("canvas").first
    canvas.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    png = canvas.screenshot()
    assert _pixels(png, _near(GREEN)) > 200, "cleaned-report points are not drawn"
    assert _pixels(png, _bluish) > 10_000, "the kelurahan shading is not drawn"

    # The legend under the map is HTML (no plotly chart): its blocks in their colours, the labels as text.
    blocks = page.locator(".bj-legend li")
    assert 3 < blocks.count() <= 3 + 5  # three statuses, up to five shading classes
    assert page.locator('[data-testid="bjChart"]').count() == 1  # the monthly chart of the open tab only
    assert blocks.first.inner_text() == "● Dilaporkan"
    assert blocks.first.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(213, 94, 0)"  # VERMILLION
    box = page.locator(".bj-legend").bounding_box()
    assert box is not None and box["height"] > 40 and box["width"] <= page.viewport_size["width"]


def test_tooltip_is_plain_text_from_the_data(app_server, page) -> None:
    _open(page, page_url(app_server, SPEC, "en", periode="all"))
    wait_for_charts(page)
    canvas = page.locator(DECK_CHART).first.locator("canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    tooltip = page.locator(".deck-tooltip")
    seen = ""
    for dx, dy in ((0, 0), (15, 10), (-20, 25), (30, -30), (-40, -10)):
        page.mouse.move(box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dy)
        page.wait_for_timeout(400)
        if tooltip.count() and tooltip.first.is_visible():
            seen = tooltip.first.inner_text()
            if seen.strip():
                break
    assert seen.strip(), "no tooltip over the middle of the city"
    assert "{tip}" not in seen and "<" not in seen
    assert "Binjai" in seen or "report" in seen.lower(), seen  # kelurahan (kecamatan) or a report's status line


def test_waste_view_draws_hexagons(app_server, page) -> None:
    frames = _open(page, page_url(app_server, SPEC, "id", periode="all"))
    page.locator('[data-testid="stButtonGroup"]').get_by_text("Sampah", exact=True).click()
    wait_for_app(page)
    charts = wait_for_charts(page)
    assert charts.decks == 1 and charts.decks_blank == 0, charts
    received = _received_text(frames)
    assert re.search('"id": ?"sab_waste"', received) and re.search('"@@type": ?"ColumnLayer"', received)


def test_stale_reports_section_fills_when_opened(app_server, page) -> None:
    """The closed section sends no table; a click opens it and the page's run fills it (kept open afterwards)."""
    _open(page, page_url(app_server, SPEC, "id", periode="all"))
    section = page.locator('[data-testid="stExpander"]').filter(has_text="Perlu verifikasi")
    assert section.count() == 1 and section.locator('[data-testid="stDataFrame"]').count() == 0
    section.locator("summary").click()
    wait_for_app(page)
    section.locator('[data-testid="stDataFrame"]').wait_for(timeout=30_000)
    assert section.locator('[data-testid="stDataFrame"]').is_visible()
    assert section.locator("details").get_attribute("open") is not None
    assert not exception_texts(page)
