"""Indonesian everywhere, phone and tablet layouts, readable maps and the kelurahan profile, in headless Chromium.

- every page in Indonesian (1366x768) shows none of Streamlit's own English widget texts, dropdowns included;
- at 390x844 and 768x1024 every page arrives with the sidebar closed and nothing wider than the window;
- the e-Saberling map fills the content width, has zoom buttons and labelled month steps; clicking it opens the
  kelurahan profile; a wrong BINJAI_BOUNDARY_FILE gives a visible warning;
- the profile page opens from `?kel=CODE` and from a row of its table.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from binjai import reference
from binjai.i18n import t
from binjai.ui.pages import PAGES
from binjai.ui.pages import page as page_spec
from tests.backends import new_warehouse
from tests.browser.conftest import (
    DECK_CHART,
    exception_texts,
    make_server,
    page_url,
    screenshot_path,
    staff_accounts,
    wait_for_app,
    wait_for_charts,
)

PUBLIC = [spec for spec in PAGES if spec.exists and not spec.staff_only and spec.page_id != "presentasi"]
# The language check also covers the presenter page (its slide and auto-advance selectboxes).
LANGUAGE_PAGES = [*PUBLIC, page_spec("presentasi")]
SIDEBAR = '[data-testid="stSidebar"]'
# Streamlit's built-in English texts (widgets, calendar, uploader, errors) that must never show in Indonesian.
STREAMLIT_ENGLISH = (
    "Select all", "Choose an option", "Choose options", "Select...", "Select…", "No results", "No options",
    "Date range", "Drag and drop file here", "Browse files", "per file", "File must be", "files are not allowed",
    "Upload failed", "Press Enter", "January", "February", "March", "June", "July", "August", "September",
    "October", "November", "December", "Sunday", "Monday", "Error:",
)
_ENGLISH = re.compile("|".join(rf"(?<!\w){re.escape(text)}(?!\w)" for text in STREAMLIT_ENGLISH))
# Text a user can see: text nodes whose element is rendered with a font size above zero (the uploader's English
# is shrunk to nothing and replaced by CSS text), plus placeholders and tooltips.
_SHOWN_TEXT_JS = """() => {
    const parts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || !node.textContent.trim() || ['SCRIPT', 'STYLE'].includes(el.tagName)) continue;
        if (el.checkVisibility() && getComputedStyle(el).fontSize !== '0px') parts.push(node.textContent);
    }
    document.querySelectorAll('input[placeholder], textarea[placeholder]').forEach(e => parts.push(e.placeholder));
    document.querySelectorAll('[title]').forEach(e => parts.push(e.title));
    return parts.join('\\n');
}"""
_OVERFLOW_JS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    return {doc: document.documentElement.scrollWidth, win: window.innerWidth,
            main: main ? main.scrollWidth - main.clientWidth : 0};
}"""


def english_found(page: Any) -> list[str]:
    """Streamlit's English texts visible on the page (text, placeholders and tooltips)."""
    return sorted(set(_ENGLISH.findall(page.evaluate(_SHOWN_TEXT_JS))))


def sidebar_open(page: Any) -> bool:
    """True when the sidebar covers part of the window."""
    box = page.locator(SIDEBAR).bounding_box() if page.locator(SIDEBAR).count() else None
    return bool(box) and box["x"] + box["width"] > 5 and page.locator(SIDEBAR).get_attribute("aria-expanded") != "false"


@pytest.mark.parametrize("spec", LANGUAGE_PAGES, ids=[spec.page_id for spec in LANGUAGE_PAGES])
def test_no_streamlit_english_in_indonesian(app_server, page, spec) -> None:
    page.goto(page_url(app_server, spec, "id", periode="custom", dari="2025-03-05", sampai="2025-08-20"))
    wait_for_app(page)
    assert not exception_texts(page), exception_texts(page)
    assert page.locator(f'{SIDEBAR} [data-testid="stDateInput"]').count() == 0, "English calendar still used"
    assert english_found(page) == []
    for number, dropdown in enumerate(page.locator('[data-testid="stMultiSelect"], [data-testid="stSelectbox"]').all()[:3]):
        page.mouse.move(300 + number, 300)  # wakes the presenter's control bar, which hides when the mouse rests
        dropdown.click()
        page.wait_for_timeout(300)
        assert english_found(page) == [], dropdown.inner_text()
        page.keyboard.press("Escape")
    if spec.page_id == "overview":
        sidebar = page.locator(SIDEBAR).inner_text()
        assert "Mar 2025" in sidebar and "Agu 2025" in sidebar, sidebar


@pytest.mark.parametrize("size", [(390, 844), (768, 1024)], ids=["phone", "tablet"])
def test_phone_and_tablet_layout(app_server, browser, size) -> None:
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        for spec in PUBLIC:
            page.goto(page_url(app_server, spec, "id"))
            wait_for_app(page)
            wait_for_charts(page)
            page.screenshot(path=str(screenshot_path(f"{spec.page_id}_{width}x{height}", "id")))
            assert not exception_texts(page), (spec.page_id, exception_texts(page))
            assert not sidebar_open(page), f"{spec.page_id}: sidebar open on arrival at {width}x{height}"
            overflow = page.evaluate(_OVERFLOW_JS)
            assert overflow["doc"] <= overflow["win"], (spec.page_id, overflow)
            assert overflow["main"] <= 1, (spec.page_id, overflow)
            if spec.page_id == "overview" and width < 640:  # tiles stacked: every tile starts at the same x
                lefts = {round(box["x"]) for box in
                         (tile.bounding_box() for tile in page.locator('[data-testid="stMetric"]').all()[:4]) if box}
                assert len(lefts) == 1, lefts
    finally:
        context.close()


def test_saberling_map_is_wide_with_zoom_and_month_steps(app_server, page) -> None:
    page.goto(page_url(app_server, page_spec("e_saberling"), "id", periode="12m"))
    wait_for_app(page)
    wait_for_charts(page)
    deck = page.locator(DECK_CHART).first.bounding_box()
    content = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    assert deck["width"] >= 0.9 * (content["width"] - 64), (deck, content)
    assert deck["height"] >= 560
    for label in ("map.zoom_in", "map.zoom_out", "map.zoom_reset"):
        assert page.get_by_role("button", name=t(label, "id")).count() == 1
    pills = page.locator('[data-testid="stButtonGroup"]').last.inner_text()
    assert t("e_saberling.map.all_months", "id") in pills and re.search(r"\b(Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) "
                                                                  r"\d{4}\b", pills), pills
    page.get_by_role("button", name=t("map.zoom_in", "id")).click()
    wait_for_app(page)
    assert not exception_texts(page)


def test_clicking_the_map_opens_the_kelurahan_profile(app_server, page) -> None:
    page.goto(page_url(app_server, page_spec("e_saberling"), "id", periode="12m"))
    wait_for_app(page)
    wait_for_charts(page)
    canvas = page.locator(DECK_CHART).first.locator("canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    for dx, dy in ((0, 0), (20, 15), (-25, 30), (35, -30), (-45, -15), (10, 60)):
        page.mouse.click(box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dy)
        try:
            page.wait_for_url(re.compile(r"/kelurahan\?.*kel="), timeout=15_000)
            break
        except PlaywrightTimeout:
            continue
    assert "/kelurahan" in page.url and "kel=" in page.url, page.url
    wait_for_app(page)
    code = page.url.split("kel=")[1].split("&")[0]
    name = reference.kelurahan_by_code(code.replace("%2E", "."))["kelurahan"]
    assert page.get_by_role("heading", name=t("kelurahan.title_one", "id", name=name)).count() == 1
    page.locator(SIDEBAR).get_by_role("link", name=t("nav.e_saberling", "id")).click()  # back to the map: it stays
    page.wait_for_url(re.compile(r"/e_saberling"), timeout=30_000)
    wait_for_app(page)
    page.wait_for_timeout(2000)
    assert "/e_saberling" in page.url and not exception_texts(page), page.url


def test_profile_from_url_and_from_a_table_row(app_server, page) -> None:
    damai = reference.kelurahan_code("Damai")
    page.goto(page_url(app_server, page_spec("kelurahan"), "id", kel=damai))
    wait_for_app(page)
    wait_for_charts(page)
    page.screenshot(path=str(screenshot_path("kelurahan_profile", "id")))
    assert page.get_by_role("heading", name="Kelurahan Damai").count() == 1
    assert not exception_texts(page)
    table = page.locator('[data-testid="stDataFrame"]').last
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 36 + 17)  # the first row's selection box (Pahlawan)
    page.get_by_role("heading", name="Kelurahan Pahlawan").wait_for(timeout=30_000)
    assert f"kel={reference.kelurahan_code('Pahlawan')}" in page.url.replace("%2E", ".")


def test_unreadable_boundary_file_is_a_visible_warning(tmp_path: Path, app_server, page) -> None:
    missing = tmp_path / "batas_kelurahan.geojson"
    with make_server(app_server.db, {"BINJAI_BOUNDARY_FILE": str(missing)}) as server:
        page.goto(page_url(server, page_spec("e_saberling"), "id"))
        wait_for_app(page)
        # Escaped text carries invisible word joiners around "." and ":" (so no link is made); read past them.
        alerts = " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts()).replace("\u2060", "")
        assert str(missing) in alerts and t("map.boundary_missing", "id") in alerts, alerts


def test_upload_refusal_and_chooser_are_indonesian(request: pytest.FixtureRequest, tmp_path: Path, page) -> None:
    from etl.cli import seed_database
    from tests import upload_fixtures as fx

    db = new_warehouse(request, tmp_path)
    seed_database(db, scale=0.05)
    staff = staff_accounts(db, tmp_path)
    big = tmp_path / "terlalu_besar.csv"
    with big.open("wb") as out:
        out.truncate(51 * 1024 * 1024)
    with make_server(db, staff.env) as server:
        page.goto(page_url(server, page_spec("masuk"), "id"))
        wait_for_app(page)
        page.get_by_label("Nama pengguna").fill("admin")
        page.get_by_label("Kata sandi", exact=True).fill(fx.PASSWORDS["admin"])
        page.get_by_role("button", name="Masuk").click()
        page.get_by_role("link", name="Buka Unggah Data").click()
        page.get_by_text("1. Pilih sumber data").wait_for(timeout=60_000)
        wait_for_app(page)
        assert english_found(page) == []
        page.locator('input[type="file"]').set_input_files(str(big))
        page.locator('[data-testid="stFileChip"][aria-invalid="true"]').wait_for(timeout=30_000)
        page.locator('[data-testid="stFileChip"]').hover()
        page.wait_for_timeout(500)
        page.screenshot(path=str(screenshot_path("upload_too_large", "id")))
        assert english_found(page) == []
        refusal = page.locator('[data-testid="stFileUploaderDropzone"]').evaluate(
            "e => getComputedStyle(e, '::after').content")
        assert "tidak diterima" in refusal and "50 MB" in refusal, refusal


def test_long_attention_items_end_with_an_ellipsis_and_show_the_full_text_on_hover(app_server, page) -> None:
    page.goto(page_url(app_server, page_spec("overview"), "id", periode="all"))
    wait_for_app(page)
    cut = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stPageLink"] p')]
        .filter(p => p.clientWidth > 0 && p.scrollWidth > p.clientWidth + 1)
        .map(p => ({text: p.innerText, overflow: getComputedStyle(p).textOverflow}))""")
    if not cut:
        pytest.skip("no attention item is too long for its box with this sample data")
    assert all(item["overflow"] == "ellipsis" for item in cut), cut
    page.locator('[data-testid="stPageLink"]').filter(has_text=cut[0]["text"]).first.hover()
    tooltip = page.locator('[data-testid="stTooltipContent"]')
    tooltip.first.wait_for(timeout=10_000)
    assert cut[0]["text"] in tooltip.first.inner_text()


def test_other_applications_show_each_indicator_once_and_charts_on_demand(app_server, page) -> None:
    page.goto(page_url(app_server, page_spec("aplikasi"), "id"))
    wait_for_app(page)
    tiles = page.locator('[data-testid="stMetric"]').count()
    assert tiles >= 8
    assert page.locator('[data-testid="bjChart"]').count() == 0
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    assert height < 3200, height
    page.get_by_text(t("aplikasi.page.show_charts", "id")).first.click()
    wait_for_app(page)
    page.locator('[data-testid="bjChart"]').first.wait_for(timeout=15_000)  # the rerun may start after the wait
    assert page.locator('[data-testid="stMetric"]').count() == tiles
