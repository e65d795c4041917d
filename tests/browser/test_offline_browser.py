"""The evaluation flow offline: open the dashboard, go to presenter mode with `?present=1`, move between slides
with the keyboard, make and download both handouts; every request the browser makes must stay on 127.0.0.1,
and outside addresses are cut off (aborted) so that a hidden dependency would also break the flow."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from binjai.ui.pages import page as page_spec
from tests.browser.conftest import (
    EXCEPTION_BOX,
    LOOPBACK,
    SCREENS_DIR,
    exception_texts,
    outside_requests,
    page_url,
    wait_for_app,
    wait_for_charts,
)

pytestmark = pytest.mark.browser
SLIDE_VIEWPORT = {"width": 1280, "height": 720}


def _cut_network(page) -> list[str]:
    """Abort every request that does not go to 127.0.0.1 (as with the cable pulled); returns the blocked URLs."""
    blocked: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if urlsplit(url).hostname == LOOPBACK or url.startswith(("data:", "blob:")):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    page.route("**/*", route)
    return blocked


def _slide_number(page) -> str:
    return parse_qs(urlsplit(page.url).query).get("slide", ["1"])[0]


def test_open_present_export_without_network(app_server, page, tmp_path: Path) -> None:
    blocked = _cut_network(page)
    page.set_viewport_size(SLIDE_VIEWPORT)
    page.goto(page_url(app_server, page_spec("overview")))
    wait_for_app(page)
    assert not exception_texts(page)

    page.goto(f"{app_server.url}/?present=1&slide=3")
    wait_for_app(page)
    page.wait_for_url("**/presentasi?**")
    wait_for_app(page)  # the redirect starts a second script run; let it finish before using the page
    assert "Smart Governance" in page.locator("h1").first.inner_text()
    assert page.locator('[data-testid="stSidebar"]').count() == 0 or not page.locator(
        '[data-testid="stSidebar"]').is_visible()
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS_DIR / "slide_3_1280x720.png"))

    page.mouse.click(5, 5)  # focus the document (a blank corner) so the button's key shortcut is heard
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URLSearchParams(location.search).get('slide') === '4'", timeout=30_000)
    wait_for_app(page)
    assert _slide_number(page) == "4" and "Smart Branding" in page.locator("h1").first.inner_text()

    page.goto(f"{app_server.url}/presentasi?slide=11")
    wait_for_app(page)
    report = wait_for_charts(page)
    assert report.plotly >= 1 and report.ok, report
    page.screenshot(path=str(SCREENS_DIR / "slide_11_1280x720.png"))

    page.mouse.move(640, 400)  # wake the control bar (it hides when the mouse rests)
    page.get_by_role("button", name="Handout").click()
    page.get_by_role("button", name="Buat handout (PDF dan PPTX)").click()
    pdf_button = page.get_by_role("button", name="Unduh PDF")
    pdf_button.wait_for(timeout=120_000)
    for button_name, magic in (("Unduh PDF", b"%PDF"), ("Unduh PPTX", b"PK")):
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=button_name).click()
        target = tmp_path / download.value.suggested_filename
        download.value.save_as(target)
        assert target.read_bytes().startswith(magic), button_name
        assert target.stat().st_size > 20_000

    assert page.locator(EXCEPTION_BOX).count() == 0
    assert outside_requests(page) == [], outside_requests(page)
    assert blocked == []
