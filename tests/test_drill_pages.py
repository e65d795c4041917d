"""Every page's "Data di balik angka": opening it shows, for each figure on the page, a caption whose number is the
tile's, and a table headed with labels in the user's language (never canonical column names)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from binjai import clock, fmt, settings
from binjai.db import warehouse
from binjai.i18n import t, table
from binjai.metrics import compute
from binjai.queries.drill import EXTRA
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
    extras = {t(f"drill.figure.{metric_id}", lang) for metric_id in EXTRA}  # figures named in tile captions
    for index, label in enumerate(options):
        at.selectbox(key=f"{key}_drill").select_index(index).run()
        assert not at.exception, at.exception
        if label in extras:
            continue
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


# Figures shown as tiles that are not taken over records, by page (label keys): why each has no drill is in the
# drill docs; any other tile without a drill fails the test below.
NOT_OVER_RECORDS = {"pages/04_dimensi.py": ("dimensi.score", "presentasi.metrics_on_target", "dimensi.page.tiles_apps")}
# Each page with the URL parameters that open the tabs holding tiles; several runs where tiles live in different views.
PAGES_WITH_TILES = [
    ("dashboard.py", {}), ("pages/01_quick_win.py", {}), ("pages/02_e_mas.py", {"emas_tab": "satisfaction"}),
    ("pages/03_e_saberling.py", {"sab_tab": "team"}), ("pages/04_dimensi.py", {}),
    ("pages/05_kelurahan.py", {"kel": "12.75.01.1001"}), ("pages/06_aplikasi.py", {}),
]


def _plain(text: str) -> str:
    """A caption as read: without the escapes and word joiners of `escape_markdown`."""
    return text.replace("\u2060", "").replace("\\", "")


def _drill_options(at: AppTest) -> set[str]:
    """Open every drill on the page and return the figures they offer (as labelled)."""
    for toggle in [box for box in at.toggle if str(box.key).endswith("_drill_open")]:
        toggle.set_value(True)
    at.run()
    assert not at.exception, at.exception
    return {option for box in at.selectbox if str(box.key).endswith("_drill") for option in box.options}


@pytest.mark.parametrize(("path", "params"), PAGES_WITH_TILES)
def test_every_tile_on_a_page_has_a_drill(app_env, path: str, params: dict) -> None:
    at = _opened(path, "id", params)
    tiles = {m.label for m in at.metric}
    assert tiles, path
    exempt = {t(key, "id") for key in NOT_OVER_RECORDS.get(path, ())}
    assert tiles - exempt <= _drill_options(at), path


def test_e_saberling_before_after_figures_drill(app_env) -> None:
    at = _open("pages/03_e_saberling.py", {"lang": "id"})
    at.session_state["sab_view"] = "before_after"
    at.run()
    assert {m.label for m in at.metric} <= _drill_options(at)
    box = at.selectbox(key="sab_before_drill")
    figures = {m.label: m.value for m in at.metric if m.label in box.options}
    assert len(figures) == len(box.options) == 4
    for index, label in enumerate(box.options):
        at.selectbox(key="sab_before_drill").select_index(index).run()
        assert any(_plain(c.value).startswith(f"{figures[label]} baris — ") and f"“{label}”" in _plain(c.value)
                   for c in at.caption), label


@pytest.mark.parametrize(("path", "params", "key"), [
    ("pages/05_kelurahan.py", {"kel": "12.75.01.1001"}, "kel"), ("pages/02_e_mas.py", {"emas_tab": "satisfaction"},
                                                            "emas_rating"),
    ("pages/03_e_saberling.py", {"sab_tab": "team"}, "sab_team")])
def test_drill_caption_carries_the_tile_value(app_env, path: str, params: dict, key: str) -> None:
    at = _opened(path, "id", params)
    figures = {m.label: m.value for m in at.metric}
    at.toggle(key=f"{key}_drill_open").set_value(True).run()
    options = at.selectbox(key=f"{key}_drill").options
    tiles = [(index, label) for index, label in enumerate(options) if label in figures]  # groups: tests/test_drill_extra
    assert tiles
    for index, label in tiles:
        at.selectbox(key=f"{key}_drill").select_index(index).run()
        assert not at.exception, at.exception
        assert any(f"“{label}”" in _plain(c.value) and f"= {figures[label]} " in _plain(c.value)
                   or _plain(c.value).startswith(f"{figures[label]} baris") for c in at.caption), (label, figures[label])


@pytest.mark.parametrize(("path", "key", "least"), [("pages/07_ringkasan.py", "brief", 3), ("pages/08_opd.py", "opd", 5)])
def test_sentences_and_ranking_rows_open_their_records(app_env, path: str, key: str, least: int) -> None:
    at = _opened(path, "id")
    at.toggle(key=f"{key}_drill_open").set_value(True).run()
    options = at.selectbox(key=f"{key}_drill").options
    assert len(options) >= least
    for index in range(len(options)):
        at.selectbox(key=f"{key}_drill").select_index(index).run()
        assert not at.exception, at.exception
        assert {f"{key}_drill_export_csv", f"{key}_drill_export_xlsx"} <= {b.key for b in at.get("download_button")}


@pytest.mark.parametrize("params", [{}, {"kategori": "Kebersihan & Sampah"}])
def test_e_mas_caption_figures_drill(app_env, params: dict) -> None:
    """The resolved and open-now counts named in the e-Mas tiles' captions open the counted complaints."""
    from binjai.queries import e_mas

    at = _opened("pages/02_e_mas.py", "id", params)
    head = e_mas.headline(warehouse(settings.warehouse_address()), at.session_state["bj_filters"],
                          e_mas.selection_from_params(params), today=clock.today())
    at.toggle(key="emas_drill_open").set_value(True).run()
    for metric_id, key in (("emas_resolved", "resolved"), ("emas_open_now", "open_now")):
        label = t(f"drill.figure.{metric_id}", "id")
        at.selectbox(key="emas_drill").set_value(metric_id).run()
        expected = f"{fmt.number(head[key], 0, 'id')} baris — sama dengan angka “{label}”"
        assert any(_plain(c.value).startswith(expected) for c in at.caption), (expected, [c.value for c in at.caption])
        assert head[key] > 0
