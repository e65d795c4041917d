"""Browser: a hostile complaint id on the e-Mas detail card stays literal text and fetches nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from binjai.ui.pages import page as page_spec
from tests.backends import new_warehouse
from tests.browser.conftest import exception_texts, make_server, outside_requests, page_url, wait_for_app
from tests.test_text_from_data import HOSTILE_ID, HOSTILE_TEXT, hostile_warehouse

pytestmark = pytest.mark.browser


def test_hostile_id_on_the_detail_card_is_plain_text(request: pytest.FixtureRequest, tmp_path: Path,
                                                     page: Any) -> None:
    db = new_warehouse(request, tmp_path)
    hostile_warehouse(db)
    with make_server(db) as server:
        page.goto(page_url(server, page_spec("e_mas"), emas_view="overdue"))
        wait_for_app(page)
        card = page.locator(".st-key-emas_detail")
        card.get_by_text(HOSTILE_ID, exact=True).wait_for(timeout=60_000)
        assert card.get_by_text(HOSTILE_TEXT, exact=True).count() == 1
        assert card.locator("img, a, code").count() == 0
        assert page.locator('img[src*="host"], a[href*="host"]').count() == 0
        assert [url for url in page.requests if "host/" in url and "127.0.0.1" not in url] == []
        assert outside_requests(page) == []
        assert exception_texts(page) == []
