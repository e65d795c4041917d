"""Browser: sign in, upload a semicolon CSV through the real file chooser, save, and see the new e-Mas figure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from binjai.ui.pages import page as page_spec
from tests import upload_fixtures as fx
from tests.backends import new_warehouse
from tests.browser.conftest import (
    exception_texts,
    make_server,
    open_upload_signed_in,
    page_url,
    screenshot_path,
    settled,
    staff_accounts,
    wait_for_app,
)

pytestmark = pytest.mark.browser
RECEIVED_TILE = '[data-testid="stMetric"]:has-text("Aduan masuk") [data-testid="stMetricValue"]'


def test_staff_upload_in_the_browser_changes_the_e_mas_figure(request: pytest.FixtureRequest, tmp_path: Path,
                                                              page: Any) -> None:
    db = new_warehouse(request, tmp_path)
    fx.seed_three_complaints(db)
    staff = staff_accounts(db, tmp_path)
    upload_file = tmp_path / "aduan_baru.csv"
    upload_file.write_bytes(fx.good_file())
    assert b";" in upload_file.read_bytes().splitlines()[0]
    with make_server(db, staff.env) as server:
        page.goto(page_url(server, page_spec("e_mas")))
        wait_for_app(page)
        assert page.locator(RECEIVED_TILE).first.inner_text() == "3"

        page.goto(page_url(server, page_spec("masuk")))
        wait_for_app(page)
        assert page.get_by_role("link", name="Unggah Data").count() == 0
        open_upload_signed_in(page, "rudi", fx.PASSWORDS["rudi"])

        page.locator('input[type="file"]').set_input_files(str(upload_file))
        settled(page, "Pratinjau perubahan")
        tiles = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        assert tiles == ["2", "1", "1"]
        page.get_by_role("button", name="Simpan 3 perubahan ke Aduan e-Mas (e_mas)").click()
        settled(page, "Tersimpan sebagai batch 2: 2 baris baru, 1 diperbarui, 1 tidak berubah")
        page.screenshot(path=str(screenshot_path("upload_saved", "id")))

        page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Aduan e-Mas").click()
        page.get_by_role("heading", name="Aduan e-Mas").wait_for(timeout=90_000)
        wait_for_app(page)
        assert page.locator(RECEIVED_TILE).first.inner_text() == "5"
        assert exception_texts(page) == []
        assert server.process.poll() is None
