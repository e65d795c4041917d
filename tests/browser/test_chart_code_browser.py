"""The charts' code (plotly.js-basic from the app, Streamlit's deck.gl module) is loaded while the viewer reads the
home page, once per tab: the next chart page uses it instead of fetching and running it again, and the warm-up takes
no room on the page. Charts drawn with plotly.js-basic answer the pointer as plotly charts do."""

from __future__ import annotations

import re

from binjai.ui import chart, components
from binjai.ui.pages import page as page_spec
from tests.browser.conftest import console_errors, page_url, wait_for_app, wait_for_charts

FETCHED_JS_PREFIX = """(prefix) => performance.getEntriesByType('resource').map(r => r.name.split('/').pop())
    .filter(name => name.startsWith(prefix))"""
FETCHED_JS = """(names) => performance.getEntriesByType('resource').map(r => r.name.split('/').pop())
    .filter(name => names.includes(name))"""


def _code_files() -> list[str]:
    return [*components.chart_code_files().values(), chart.BUNDLE]


def _fetched(page) -> list[str]:
    return page.evaluate(FETCHED_JS, _code_files())


def test_home_page_loads_chart_code_while_read_and_chart_page_reuses_it(app_server, page) -> None:
    files = _code_files()
    page.goto(page_url(app_server, page_spec("overview")))
    wait_for_app(page)
    warm_up = page.locator('[data-testid="stLayoutWrapper"]:has(> .st-key-bj_chart_code)')
    assert warm_up.count() == 1 and warm_up.is_hidden()  # no room taken, not even the gap between elements
    page.wait_for_function(f"() => ({FETCHED_JS})({files}).length === {len(files)}", timeout=90_000)
    assert sorted(_fetched(page)) == sorted(files)
    page.wait_for_timeout(1000)  # the last file's module is run after it arrives
    link = page.locator('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]', has_text="Aduan e-Mas")
    link.click()
    page.wait_for_url("**/e_mas")
    wait_for_app(page)
    report = wait_for_charts(page)
    assert report.ok and report.plotly > 0, report
    assert sorted(_fetched(page)) == sorted(files)  # each file fetched once in this tab
    assert not page.evaluate(FETCHED_JS_PREFIX, "PlotlyChart.")  # Streamlit's whole plotly.js is never needed
    assert not console_errors(page)


def test_a_chart_shows_its_values_under_the_pointer(app_server, page) -> None:
    page.goto(page_url(app_server, page_spec("dimensi")))
    wait_for_app(page)
    report = wait_for_charts(page)
    assert report.ok and report.plotly == 1, report
    box = page.locator('[data-testid="bjChart"] .trace.bars .point path').first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # plotly's drag layer takes the pointer
    label = page.locator('[data-testid="bjChart"] .hoverlayer .hovertext')
    label.first.wait_for(timeout=10_000)
    assert re.fullmatch(r".+: \d+(,\d)?", label.first.text_content().strip())  # "Tata Kelola: 53,5"
    assert not console_errors(page)
