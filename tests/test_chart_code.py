"""The charts' code is loaded ahead of need (binjai.ui.components.warm_chart_code): Streamlit's map module exists in
the installed Streamlit, the script names only chart kinds and that file (the page's own kinds first), and every page
declares exactly the chart kinds its default view draws."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from binjai.ui import chart, components
from binjai.ui.pages import PAGES
from tests.chart_figures import chart_elements
from tests.conftest import ROOT

VIEWER_PAGES = [spec for spec in PAGES if spec.exists and not spec.staff_only and not spec.admin_only]
LISTS = re.compile(r"const \[first, later, quietMs, modules\] = (.+);")


def _lists(script: str) -> tuple[list[str], list[str], int, dict[str, str]]:
    first, later, quiet, modules = json.loads(LISTS.search(script).group(1))
    return first, later, quiet, modules


def test_chart_code_files_are_in_the_installed_streamlit() -> None:
    """A Streamlit upgrade that renames or splits these files must be noticed, not silently end the warm-up."""
    files = components.chart_code_files()
    assert set(files) == set(components.CHART_CODE)
    for kind, name in files.items():
        assert name.startswith(components.CHART_CODE[kind] + ".")
        assert (components._STATIC_JS / name).stat().st_size > 1_000_000


@pytest.mark.parametrize(("first", "now", "later"), [
    ((), [], ["plotly", "deck"]),
    (("plotly",), ["plotly"], ["deck"]),
    (("deck", "plotly"), ["deck", "plotly"], []),
])
def test_script_loads_the_page_own_chart_code_first(first, now, later) -> None:
    files = components.chart_code_files()
    script = components.chart_code_script(first)
    assert _lists(script) == (now, later, components.QUIET_MS, files)
    assert set(re.findall(r"[\w.-]+\.js\b", script)) <= {*files.values(), chart.BUNDLE}
    assert script.count("<script>") == 1 and script.endswith("</script>")


def test_the_plotly_bundle_ships_with_the_app() -> None:
    bundle = chart.STATIC_DIR / chart.BUNDLE
    assert bundle.stat().st_size > 1_000_000
    assert bundle.read_text(encoding="utf-8")[:80].startswith("/**\n* plotly.js (basic - minified) v")


def _open(path: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    if path != "dashboard.py":
        at.switch_page(path).run()
    return at


@pytest.mark.parametrize("spec", VIEWER_PAGES, ids=[spec.page_id for spec in VIEWER_PAGES])
def test_page_declares_the_charts_of_its_default_view(app_env, spec) -> None:
    at = _open(spec.path)
    assert not at.exception, at.exception
    drawn = {"plotly"} if chart_elements(at) else set()
    drawn |= {"deck"} if at.get("deck_gl_json_chart") else set()
    assert not at.get("plotly_chart")  # every plotly figure draws with plotly.js-basic
    assert set(spec.charts) == drawn
    warm = [html for html in at.get("html") if "bjChartCode" in html.proto.body]
    if spec.page_id == "presentasi":  # the slide show has no menu to switch pages with
        assert not warm
    else:
        assert len(warm) == 1
        assert _lists(warm[0].proto.body)[0] == list(spec.charts)
