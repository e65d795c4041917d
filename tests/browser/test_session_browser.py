"""Browser: a sign-in lasts across reloads and new tabs (HttpOnly, SameSite=Strict cookie, no token in the URL)
until sign-out, expiry or an admin's revocation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from binjai.auth import store
from binjai.ui.pages import page as page_spec
from tests import upload_fixtures as fx
from tests.backends import new_warehouse
from tests.browser.conftest import exception_texts, make_server, page_url, staff_accounts, wait_for_app

pytestmark = pytest.mark.browser
SIGNED_IN = "Anda sudah masuk."
SIDEBAR = '[data-testid="stSidebar"]'


def sign_in(page: Any, url: str) -> None:
    """Sign in as rudi through the real form."""
    page.goto(url)
    wait_for_app(page)
    page.get_by_label("Nama pengguna").fill("rudi")
    page.get_by_label("Kata sandi", exact=True).fill(fx.PASSWORDS["rudi"])
    page.get_by_role("button", name="Masuk").click()
    page.get_by_text(SIGNED_IN).wait_for(timeout=90_000)
    wait_for_app(page)


def signed_in(page: Any, url: str) -> bool:
    """Open `url` fresh and say whether the sidebar shows a signed-in account."""
    page.goto(url)
    wait_for_app(page)
    return page.locator(SIDEBAR).get_by_text("Masuk sebagai").count() == 1


def session_cookie(context: Any) -> dict:
    """The dashboard's session cookie in this browser context (waits for the hand-off to arrive)."""
    for _ in range(50):
        cookies = [c for c in context.cookies() if c["name"] == "binjai_sesi"]
        if cookies:
            return cookies[0]
        context.pages[0].wait_for_timeout(200)
    raise AssertionError("no session cookie was set")


@pytest.fixture
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """The dashboard with three accounts and three complaints."""
    db = new_warehouse(request, tmp_path)
    fx.seed_three_complaints(db)
    staff = staff_accounts(db, tmp_path)
    with make_server(db, staff.env) as running:
        running.store = staff.store
        yield running


def test_sign_in_survives_reload_and_new_tab_until_sign_out(server: Any, page: Any) -> None:
    login, home = page_url(server, page_spec("masuk")), page_url(server, page_spec("overview"))
    sign_in(page, login)
    cookie = session_cookie(page.context)
    assert (cookie["httpOnly"], cookie["sameSite"], cookie["path"]) == (True, "Strict", "/")
    assert cookie["value"] not in page.url and "sesi" not in page.url
    assert page.evaluate("document.cookie").find("binjai_sesi") == -1
    assert signed_in(page, home)
    other = page.context.new_page()
    assert signed_in(other, home)
    page.reload()
    wait_for_app(page)
    page.locator(SIDEBAR).get_by_role("button", name="Keluar").click()
    page.locator(SIDEBAR).get_by_text("Masuk sebagai").wait_for(state="detached", timeout=30_000)
    assert not signed_in(page, home)
    assert not signed_in(other, home)
    assert exception_texts(page) == []


def test_expired_and_revoked_sessions_sign_the_browser_out(server: Any, page: Any) -> None:
    login, home = page_url(server, page_spec("masuk")), page_url(server, page_spec("overview"))
    sign_in(page, login)
    session_cookie(page.context)
    assert signed_in(page, home)
    with store.connect(server.store) as con:
        con.execute("UPDATE sessions SET expires_at = ?", ["2000-01-01T00:00:00+00:00"])
    assert not signed_in(page, home)

    page.context.clear_cookies()
    sign_in(page, login)
    session_cookie(page.context)
    assert signed_in(page, home)
    assert store.revoke_user("rudi", "admin", path=server.store) >= 1
    assert not signed_in(page, home)
    assert exception_texts(page) == []
