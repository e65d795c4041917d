"""Every page of the registry in headless Chromium, in both languages: no error, nothing fetched from outside,
charts and maps drawn, and a 1366x768 screenshot kept under artifacts/screens/.

The list of pages comes from binjai.ui.pages, so a page is covered as soon as its script exists.
"""

from __future__ import annotations

import pytest

from binjai.i18n import t
from binjai.ui.pages import PAGES
from tests.browser.conftest import (
    console_errors,
    exception_texts,
    outside_requests,
    page_url,
    screenshot_path,
    wait_for_app,
    wait_for_charts,
)

EXISTING = [spec for spec in PAGES if spec.exists]
SIDEBAR = '[data-testid="stSidebar"]'


def sidebar_text(page) -> str:
    """The sidebar's text, or '' when the page has no sidebar (presenter mode)."""
    sidebar = page.locator(SIDEBAR)
    return sidebar.inner_text() if sidebar.count() and sidebar.is_visible() else ""


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("spec", EXISTING, ids=[spec.page_id for spec in EXISTING])
def test_page_draws_cleanly(app_server, page, spec, lang) -> None:
    page.goto(page_url(app_server, spec, lang))
    wait_for_app(page)
    charts = wait_for_charts(page)
    page.screenshot(path=str(screenshot_path(spec.page_id, lang)))

    assert not exception_texts(page), f"{exception_texts(page)}\nserver log:\n{app_server.log_tail()}"
    assert outside_requests(page) == [], outside_requests(page)
    assert console_errors(page) == [], console_errors(page)
    assert charts.plotly_undrawn == 0, f"{charts.plotly_undrawn} of {charts.plotly} plotly charts not drawn"
    assert charts.decks_blank == 0, f"{charts.decks_blank} of {charts.decks} maps blank"
    menu = sidebar_text(page)
    if menu:  # the shared filters speak the chosen language
        other = "en" if lang == "id" else "id"
        assert t("shell.period", lang) in menu.splitlines()
        assert t("shell.period", other) not in menu.splitlines()
