"""Every page's "Data di balik angka": opening it shows, for each figure on the page, a caption whose number is the
tile's, and a table headed with labels in the user's language (never canonical column names)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from binjai import clock, fmt, settings
from binjai.db import warehouse
from binjai.i18n import t, table
from binjai.metrics import compute
from tests.test_app_pages import _open

RAW_NAMES = {"received_at", "complaint_id", "reported_at", "cleaned_at", "program_id", "progress_pct", "period",
             "value", "resolved_on_time", "working_days_to_resolve", "shown", "budget_idr"}


def _opened(path: str, lang: str, params: dict[str, str] | None = None) -> AppTest:
    at = _open(path, {"lang": lang, **(params or {})})
    assert not at.exception, at.exception
    return at


def _shown_values(at: AppTest, lang: str) -> dict[str, str]:
    """Each tile's label and value, and the catalogue value of the figures a page names in text (attention list,
    open reports), computed for the page's filters."""
    values = compute.compute(warehouse(settings.warehouse_address()), at.session_state["bj_filters"], clock.today())
    return {**{v.label(lang): v.formatted(lang) for v in values}, **{m.label: m.value for m in at.metric}}


def _check_every_figure(at: AppTest, key: str, lang: str) -> int:
    """Open the drill `key` and choose each figure in turn: the caption naming it carries the tile's value."""
    shown = _shown_values(at, lang)
    labels = {t(key, lang) for key in table() if key.startswith("drill.col.")}
    at.toggle(key=f"{key}_drill_open").set_value(True).run()
    assert not at.exception, at.exception
    options = at.selectbox(key=f"{key}_drill").options
    for index, label in enumerate(options):
        at.selectbox(key=f"{key}_drill").select_index(index).run()
        assert not at.exception, at.exception
        value = shown[label]
        captions = [c.value for c in at.caption if f"“{label}”" in c.value or c.value.startswith(f"{value} = ")]
        assert len(captions) == 1 and value in captions[0], (label, value, captions)
        tables = [d.value for d in at.dataframe if set(d.value.columns) <= labels]
        assert len(tables) == 1 and RAW_NAMES.isdisjoint(tables[0].columns), [list(d.value.columns) for d in at.dataframe]
        if "baris —" in captions[0] or "rows —" in captions[0]:
            assert fmt.number(len(tables[0]), 0, lang) == value
        assert len(at.get("download_button")) >= 2
    at.toggle(key=f"{key}_drill_open").set_value(False).run()
    return len(options)


@pytest.mark.parametrize(("path", "key", "lang", "params"), [
    ("pages/02_e_mas.py", "emas", "id", {}),
    ("pages/02_e_mas.py", "emas", "en", {"periode": "ytd", "kategori": "Kebersihan & Sampah"}),
    ("pages/01_quick_win.py", "qw", "id", {}),
    ("pages/03_e_saberling.py", "sab", "id", {"kec": "Binjai Kota"}),
    ("dashboard.py", "home", "id", {}),
])
def test_drill_caption_equals_each_tile(app_env, path: str, key: str, lang: str, params: dict) -> None:
    at = _opened(path, lang, params)
    assert _check_every_figure(at, key, lang) >= 6


def test_overview_application_tiles_open_their_uploaded_rows(app_env) -> None:
    at = _opened("dashboard.py", "en", {"periode": "last_year"})
    assert _check_every_figure(at, "home_apps", "en") >= 4


@pytest.mark.parametrize("lang", ["id", "en"])
def test_application_figures_open_their_uploaded_rows(app_env, lang: str) -> None:
    at = _opened("pages/06_aplikasi.py", lang)
    for slug in ("e_mas", "e_saberling", "e_pbb", "e_kinerja"):
        assert _check_every_figure(at, f"apps_{slug}", lang) >= 1
