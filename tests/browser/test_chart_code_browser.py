"""Streamlit's chart code is loaded while the viewer reads the home page, once per tab: the next chart page uses
it instead of fetching and running it again, and the warm-up takes no room on the page."""

from __future__ import annotations

from binjai.ui import components
from binjai.ui.pages import page as page_spec
from tests.browser.conftest import console_errors, page_url, wait_for_app, wait_for_charts

FETCHED_JS = """(names) => performance.getEntriesByType('resource').map(r => r.name.split('/').pop())
    .filter(name => names.includes(name))"""


def _fetched(page) -> list[str]:
    return page.evaluate(FETCHED_JS, list(components.chart_code_files().values()))


def test_home_page_loads_chart_code_while_read_and_chart_page_reuses_it(app_server, page) -> None:
    files = components.chart_code_files()
    page.goto(page_url(app_server, page_spec("overview")))
    wait_for_app(page)
    warm_up = page.locator('[data-testid="stLayoutWrapper"]:has(> .st-key-bj_chart_code)')
    assert warm_up.count() == 1 and warm_up.is_hidden()  # no room taken, not even the gap between elements
    page.wait_for_function(f"() => ({FETCHED_JS})({list(files.values())}).length === {len(files)}", timeout=90_000)
    assert sorted(_fetched(page)) == sorted(files.values())
    page.wait_for_timeout(1000)  # the last file's module is run after it arrives
    link = page.locator('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]', has_text="Aduan e-Mas")
    link.click()
    page.wait_for_url("**/e_mas")
    wait_for_app(page)
    report = wait_for_charts(page)
    assert report.ok and report.plotly > 0, report
    assert sorted(_fetched(page)) == sorted(files.values())  # each file fetched once in this tab
    assert not console_errors(page)
