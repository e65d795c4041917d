"""Presenter kiosk in a real browser at 1280x720 and 1920x1080: clicker keys change the slide in the URL, the
control bar stays in one place and hides itself (for good with kiosk=1), B blacks the screen, notes=1 shows
speaker notes, text is large enough for the back of a room, nothing scrolls, and charts grow with the screen
with horizontal bar labels. Screenshots go to artifacts/screens/."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from binjai.slide_layout import IDLE_MS
from tests.browser.conftest import SCREENS_DIR, exception_texts, wait_for_app, wait_for_charts

pytestmark = pytest.mark.browser
SMALL, LARGE = {"width": 1280, "height": 720}, {"width": 1920, "height": 1080}
BAR = ".st-key-pr_bar"
_SIZES_JS = """() => {
    const px = (selector) => [...document.querySelectorAll(selector)].map(e => parseFloat(getComputedStyle(e).fontSize));
    return {table: px('[data-testid="stTable"] td, [data-testid="stTable"] th'),
            caption: px('[data-testid="stCaptionContainer"] p'),
            faded: [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
                .filter(e => getComputedStyle(e).opacity !== '1').length,
            scroll: document.scrollingElement.scrollHeight, height: window.innerHeight};
}"""


def _slide(page) -> int:
    return int(parse_qs(urlsplit(page.url).query).get("slide", ["1"])[0])


def _open(page, server, query: str, viewport: dict) -> None:
    page.set_viewport_size(viewport)
    page.goto(f"{server.url}/presentasi?{query}")
    wait_for_app(page)
    wait_for_charts(page)
    wait_for_app(page)  # the window size reported by the page starts one more run
    assert not exception_texts(page)


def _press(page, key: str, expected: int) -> None:
    page.keyboard.press(key)
    page.wait_for_function(f"() => new URLSearchParams(location.search).get('slide') === '{expected}'",
                           timeout=30_000)
    wait_for_app(page)


def _total(page, server, viewport: dict) -> int:
    """The number of slides (End goes to the last one)."""
    _open(page, server, "slide=1", viewport)
    page.keyboard.press("End")
    page.wait_for_function("() => new URLSearchParams(location.search).get('slide') !== '1'", timeout=30_000)
    wait_for_app(page)
    return _slide(page)


def _bar_box(page) -> dict:
    box = page.locator(BAR).bounding_box()
    assert box is not None
    return {k: round(v) for k, v in box.items()}


def test_clicker_keys_change_the_slide_and_the_bar_stays_put(app_server, page) -> None:
    _open(page, app_server, "slide=1", SMALL)
    page.mouse.move(640, 300)
    first_bar = _bar_box(page)
    assert first_bar["y"] + first_bar["height"] == SMALL["height"]  # fixed to the bottom edge
    _press(page, "PageDown", 2)
    assert "Gambaran umum" in page.locator("h1").first.inner_text()
    _press(page, "PageDown", 3)
    _press(page, "PageUp", 2)
    _press(page, "Space", 3)
    _press(page, "ArrowRight", 4)
    _press(page, "ArrowLeft", 3)
    page.keyboard.press("End")
    page.wait_for_function("() => new URLSearchParams(location.search).get('slide') !== '3'", timeout=30_000)
    wait_for_app(page)
    total = _slide(page)
    assert total >= 12 and "Ringkasan" in page.locator("h1").first.inner_text()
    _press(page, "Home", 1)
    boxes = set()
    for number in range(1, total + 1):
        if number > 1:
            _press(page, "PageDown", number)
        page.mouse.move(600 + number, 300)  # wake the bar
        boxes.add(tuple(_bar_box(page).values()))
    assert len(boxes) == 1, boxes  # the same place on every slide


def test_bar_hides_when_the_mouse_rests_and_kiosk_hides_it_for_good(app_server, page) -> None:
    _open(page, app_server, "slide=3", SMALL)
    page.mouse.move(400, 300)
    page.wait_for_function(f"() => getComputedStyle(document.querySelector('{BAR}')).opacity === '1'", timeout=5_000)
    page.wait_for_timeout(IDLE_MS + 1200)
    assert page.evaluate(f"() => getComputedStyle(document.querySelector('{BAR}')).opacity") == "0"
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS_DIR / "presenter_slide3_idle_1280x720.png"))
    page.mouse.move(420, 320)
    page.wait_for_function(f"() => getComputedStyle(document.querySelector('{BAR}')).opacity === '1'", timeout=5_000)

    _open(page, app_server, "slide=3&kiosk=1", SMALL)
    page.mouse.move(400, 300)
    assert page.locator(BAR).count() == 0
    _press(page, "PageDown", 4)  # the keys still work without the bar
    assert page.locator(BAR).count() == 0
    page.keyboard.press("b")
    assert page.locator("#pr-black").is_visible()
    page.screenshot(path=str(SCREENS_DIR / "presenter_black_1280x720.png"))
    page.keyboard.press("b")
    assert not page.locator("#pr-black").is_visible()


@pytest.mark.parametrize("viewport", [SMALL, LARGE], ids=["1280x720", "1920x1080"])
def test_readable_sizes_and_no_scrolling(app_server, page, viewport) -> None:
    total = _total(page, app_server, viewport)
    scale = viewport["width"] / SMALL["width"]
    for number in range(2, total + 1):
        _open(page, app_server, f"slide={number}&kiosk=1", viewport)
        sizes = page.evaluate(_SIZES_JS)
        assert sizes["scroll"] <= sizes["height"] + 1, f"slide {number} scrolls: {sizes['scroll']}"
        assert all(px >= 20 * scale for px in sizes["table"]), (number, sizes["table"])
        assert sizes["caption"] and all(px >= 16 * scale for px in sizes["caption"]), (number, sizes["caption"])
        assert sizes["faded"] == 0  # dark grey at full strength, not Streamlit's faded caption
        name = f"presenter_slide{number}_{viewport['width']}x{viewport['height']}.png"
        page.screenshot(path=str(SCREENS_DIR / name))


def test_charts_grow_on_a_large_screen_with_horizontal_labels(app_server, page) -> None:
    heights = {}
    e_mas = _total(page, app_server, SMALL) - 2  # e-Mas, e-Saberling, closing end the deck
    for label, viewport in (("small", SMALL), ("large", LARGE)):
        _open(page, app_server, f"slide={e_mas}&kiosk=1", viewport)
        assert "e-Mas" in page.locator("h1").first.inner_text()
        heights[label] = page.locator('[data-testid="bjChart"]').first.bounding_box()["height"]
        rotated = page.evaluate("""() => [...document.querySelectorAll('.bartext, .xtick text')]
            .filter(t => /rotate\\((?!0)/.test(t.getAttribute('transform') || '')).length""")
        assert rotated == 0
    assert heights["small"] >= 330 and heights["large"] >= heights["small"] * 1.4, heights


def test_notes_view_shows_the_speaker_notes(app_server, page) -> None:
    _open(page, app_server, "slide=2&notes=1", SMALL)
    notes = page.locator(".st-key-pr_notes")
    assert notes.is_visible()
    text = notes.inner_text().replace("\u2060", "")  # escaped text carries invisible word joiners
    assert "Catatan pembicara" in text and "Rata-rata skor dimensi" in text and "Berikutnya:" in text
    notes.screenshot(path=str(SCREENS_DIR / "presenter_notes_1280x720.png"))


def test_english_overview_cuts_no_text_and_f_asks_for_full_screen(app_server, page) -> None:
    _open(page, app_server, "slide=2&lang=en&kiosk=1", SMALL)
    assert "Overview" in page.locator("h1").first.inner_text()
    cut = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMetric"] *, h1, [data-testid="stTable"] td')]
        .filter(e => e.children.length === 0 && e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)""")
    assert cut == []
    page.screenshot(path=str(SCREENS_DIR / "presenter_slide2_en_1280x720.png"))
    page.evaluate("""() => { window.__fullScreenAsked = 0;
        document.documentElement.requestFullscreen = () => { window.__fullScreenAsked += 1; return Promise.resolve(); }; }""")
    page.keyboard.press("f")
    assert page.evaluate("() => window.__fullScreenAsked") == 1


def test_records_behind_the_slide_open_in_the_bar_and_the_keys_still_work(app_server, page) -> None:
    e_mas = _total(page, app_server, SMALL) - 2  # e-Mas, e-Saberling, closing end the deck
    _open(page, app_server, f"slide={e_mas}", SMALL)
    page.mouse.move(640, 300)
    page.locator(".st-key-pr_drill button").first.click()
    body = page.locator("[data-testid='stPopoverBody']")
    body.locator("[data-testid='stDataFrame']").wait_for(timeout=30_000)
    wait_for_app(page)
    assert "baris" in body.inner_text()
    box = body.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= SMALL["height"]
    page.screenshot(path=str(SCREENS_DIR / "presenter_drill_1280x720.png"))
    body.locator("[data-testid='stDataFrame']").click()
    page.keyboard.press("ArrowDown")  # inside the records: the table's key, not the next slide
    page.wait_for_timeout(500)
    assert _slide(page) == e_mas
    page.keyboard.press("Escape")
    page.mouse.click(640, 150)
    _press(page, "PageDown", e_mas + 1)
    assert not exception_texts(page)
