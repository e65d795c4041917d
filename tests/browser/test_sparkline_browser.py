"""The overview's tile sparklines in the browser: drawn as SVG with the events of their months, each named on hover,
and no chart script fetched for them (Vega-Lite and Streamlit's Arrow chart element stay unloaded)."""

from __future__ import annotations

import datetime as dt

from binjai import fmt, reference
from binjai.ui.pages import page as page_spec
from tests.browser.conftest import console_errors, page_url, wait_for_app

YEAR = {"periode": "custom", "dari": "2024-01-01", "sampai": "2024-12-31"}  # sample data start in 2017
VEGA_FILES = ("embed.", "vega-interpreter.", "ArrowVegaLiteChart.", "recordbatch.")  # Vega, its chart element, Arrow
FETCHED_JS = "() => performance.getEntriesByType('resource').map(r => r.name.split('/').pop()).filter(n => n.endsWith('.js'))"


def test_tile_sparklines_shade_the_events_and_name_them_on_hover(app_server, page) -> None:
    page.goto(page_url(app_server, page_spec("overview"), **YEAR))
    wait_for_app(page)
    expected = [f"{row.label_id}: {fmt.date(row.start, 'id')} – {fmt.date(row.end, 'id')}"
                for row in reference.events_between(dt.date(2024, 1, 1), dt.date(2024, 12, 31)).itertuples()]
    assert expected, "events.csv ships the 2024 holidays"
    received = (page.locator('[data-testid="stMetric"]', has_text="Aduan masuk")
                .locator("xpath=ancestor::div[@data-testid='stVerticalBlock'][1]").locator("svg.bj-sparkline"))
    targets = received.locator("rect.event")
    assert [targets.nth(i).locator("title").text_content() for i in range(targets.count())] == expected
    box = targets.first.bounding_box()
    under = page.evaluate("([x, y]) => document.elementFromPoint(x, y).querySelector('title')?.textContent",
                          [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert under == expected[0]  # the hover target is on top: the pointer there gets the event's name
    assert expected[0] in received.get_attribute("aria-label")
    assert page.locator("svg.bj-sparkline").count() >= 6
    fetched = page.evaluate(FETCHED_JS)
    assert not [name for name in fetched if name.startswith(VEGA_FILES)]
    assert not console_errors(page)
