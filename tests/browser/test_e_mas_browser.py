"""The e-Mas page in headless Chromium: a complaint text holding HTML/script stays literal text and never runs,
and the complaints map is drawn (the deck.gl canvas shows the layer's colours, not a blank or base-only canvas).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from binjai.ui.pages import page as page_spec
from etl import warehouse
from tests.backends import new_warehouse
from tests.browser.conftest import DECK_CHART, exception_texts, make_server, page_url, wait_for_app
from tests.conftest import emas_frame

pytestmark = pytest.mark.browser

SCRIPT = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
POINTS = [(3.6231, 98.4972), (3.6010, 98.4780), (3.5652, 98.4714), (3.6185, 98.4687), (3.5964, 98.5177)]


def _rows() -> list[dict]:
    """Located complaints across the city in 2024, and the oldest open one holding the script as its text."""
    rows = [{"complaint_id": "XSS-1", "received_at": "2024-01-02 09:00", "status": "baru", "description": SCRIPT,
             "latitude": 3.6231, "longitude": 98.4972}]
    for index in range(60):
        lat, lon = POINTS[index % len(POINTS)]
        rows.append({"complaint_id": f"OK-{index}", "received_at": f"2024-03-{index % 28 + 1:02d} 10:00",
                     "status": "selesai", "responded_at": f"2024-03-{index % 28 + 1:02d} 12:00",
                     "resolved_at": "2024-04-30 10:00", "latitude": lat + index * 1e-4, "longitude": lon,
                     "description": f"Aduan contoh {index}"})
    return rows


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """The dashboard on its own port over a small warehouse built for this test."""
    path = new_warehouse(request, tmp_path_factory.mktemp("emas_browser"))
    warehouse.load_frame(path, "e_mas", emas_frame(_rows()), file_name="xss.csv", sha256="xss", user="tester")
    # The 2024 complaints stay actionable (not "perlu verifikasi"), so the script-bearing one leads the overdue list.
    with make_server(path, {"BINJAI_STALE_DAYS": "100000"}) as running:
        yield running


def _coloured_pixels(locator, channel_gap: tuple[int, int]) -> int:
    """Pixels of the element whose channel `channel_gap[0]` exceeds channel `channel_gap[1]` by more than 60."""
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(locator.screenshot())).convert("RGB"), dtype=np.int16)
    high, low = channel_gap
    return int((pixels[..., high] - pixels[..., low] > 60).sum())


def test_description_with_html_is_shown_literally_and_never_runs(server, page) -> None:
    page.goto(page_url(server, page_spec("e_mas"), "id", periode="all", emas_view="overdue"))
    wait_for_app(page)
    assert not exception_texts(page), exception_texts(page)
    shown = page.get_by_text(SCRIPT, exact=True)
    assert shown.count() == 1 and shown.is_visible()
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.locator('img[src="x"]').count() == 0


def test_map_is_drawn_as_choropleth_and_hexagons(server, page) -> None:
    page.goto(page_url(server, page_spec("e_mas"), "en", periode="all"))
    wait_for_app(page)
    page.get_by_role("tab", name="Map").click()
    deck = page.locator(DECK_CHART).first
    deck.wait_for(state="visible", timeout=30_000)
    canvas = deck.locator("canvas").first
    page.wait_for_timeout(2500)
    assert _coloured_pixels(canvas, (2, 0)) > 500  # blue choropleth shades over the kelurahan
    page.get_by_text("Density of complaint locations", exact=True).click()
    wait_for_app(page)
    canvas = page.locator(DECK_CHART).first.locator("canvas").first
    page.wait_for_timeout(2500)
    assert _coloured_pixels(canvas, (0, 2)) > 100  # vermillion hexagons
    assert not exception_texts(page), exception_texts(page)
    uncaught = [error for error in page.console_errors if error.startswith("uncaught")]
    assert uncaught == [], uncaught


def test_server_log_has_no_traceback(server) -> None:
    assert "Traceback" not in Path(server.log).read_text(encoding="utf-8", errors="replace")
