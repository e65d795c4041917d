"""The overview's tile sparklines in the browser: drawn as SVG with the events of their months, each named on hover,
and no chart script fetched for them (Vega-Lite and Streamlit's Arrow chart element stay unloaded)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from binjai import fmt, reference, settings
from binjai.ui.pages import page as page_spec
from tests.backends import new_warehouse
from tests.browser.conftest import console_errors, make_server, page_url, wait_for_app

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


HOSTILE = "**tebal** $x^2$ :red[merah] <b>b</b> [l](javascript:alert(1)) <img src=x onerror=alert(1)>"


def test_a_hostile_event_label_stays_text_in_the_browser(request: pytest.FixtureRequest, tmp_path: Path,
                                                          page: Any) -> None:
    from etl.loading import seed_database

    folder = tmp_path / "reference"
    shutil.copytree(settings.REFERENCE_DIR, folder)
    events = folder / "events.csv"
    quoted = HOSTILE.replace('"', '""')
    events.write_text(events.read_text(encoding="utf-8").replace(
        "2024-04-08,2024-04-15,Libur Idul Fitri,", f'2024-04-08,2024-04-15,"{quoted}",'), encoding="utf-8")
    assert HOSTILE.split()[0] in events.read_text(encoding="utf-8")
    db = new_warehouse(request, tmp_path)
    seed_database(db, scale=0.05)
    with make_server(db, {"BINJAI_REFERENCE_DIR": str(folder)}) as server:
        page.goto(page_url(server, page_spec("overview"), **YEAR))
        wait_for_app(page)
        sparkline = page.locator("svg.bj-sparkline").first
        assert sparkline.locator("title").first.text_content() == f"{HOSTILE}: 8 Apr 2024 – 15 Apr 2024"
        tags = sparkline.evaluate("e => [...new Set([...e.querySelectorAll('*')].map(n => n.localName))]")
        assert set(tags) <= {"rect", "polygon", "polyline", "circle", "title"}  # no link, emphasis, math or image
        assert page.locator("img[src='x'], .katex").count() == 0
