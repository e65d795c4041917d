"""The page Streamlit serves for every address names the opened page's chart code for preloading
(binjai/ui/preload.py): the files exist in the installed Streamlit, each chart page gets its own chart code (deck.gl
from Streamlit, plotly.js-basic from the app), and
the static handler serves that page for the home page and every page address while other files stay as they are."""

from __future__ import annotations

import json
import re

import pytest
from streamlit import file_util
from streamlit.web.server.starlette import starlette_static_routes as routes

from bench.protocol import run_apart  # asyncio.run on its own thread: Playwright's loop may run on this one
from binjai.ui import chart, preload
from binjai.ui.pages import PAGES
from tests.browser.conftest import url_path

LISTS = re.compile(r"const \[byPage, common, plotlyPages, bundle\] = (.+);")


def _lists(html: str) -> tuple[dict, list, list, str]:
    by_page, common, plotly_pages, bundle = json.loads(LISTS.search(html).group(1))
    return by_page, common, plotly_pages, bundle


def test_every_named_chunk_is_in_the_installed_streamlit() -> None:
    """A Streamlit upgrade that renames or splits these files must be noticed, not silently end the preloading."""
    files = preload.chunk_files()
    wanted = {*preload.COMMON, *preload.CHART_PAGE, *(s for stems in preload.KIND.values() for s in stems)}
    assert set(files) == wanted
    for stem, name in files.items():
        assert (preload.static_js() / name).is_file() and name.startswith(f"{stem}.")


def test_each_chart_page_preloads_its_own_chart_code() -> None:
    by_page, common, plotly_pages, bundle = _lists(preload.head_script())
    files = preload.chunk_files()
    deck = files["DeckGlJsonChart"]
    assert common == [files[stem] for stem in preload.COMMON]
    assert set(by_page) == {url_path(spec) for spec in PAGES if spec.charts} == {"quick_win", "e_mas", "e_saberling",
                                                                                 "dimensi", "opd"}
    assert bundle == chart.BUNDLE
    for spec in PAGES:
        if spec.charts:
            chunks = by_page[url_path(spec)]
            assert (deck in chunks) == ("deck" in spec.charts)
            assert chunks[0] == deck if spec.charts[0] == "deck" else deck not in chunks[:1]
            assert (url_path(spec) in plotly_pages) == ("plotly" in spec.charts)
    assert set(re.findall(r"[\w.-]+\.js\b", preload.head_script())) <= {*files.values(), chart.BUNDLE}


def test_the_script_goes_into_the_head_once() -> None:
    page = "<html><head><title>x</title></head><body></body></html>"
    once = preload.with_preload(page)
    assert once.count("<script>") == 1 and once.index("<script>") < once.index("</head>")
    assert preload.with_preload(once) == once
    assert preload.with_preload("<p>no head</p>") == "<p>no head</p>"


async def _get(app, path: str) -> tuple[int, dict, bytes]:
    messages: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        messages.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "root_path": "",
             "query_string": b"", "headers": [], "scheme": "http", "server": ("127.0.0.1", 80),
             "asgi": {"version": "3.0", "spec_version": "2.4"}}
    await app(scope, receive, send)
    start = next(m for m in messages if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], headers, b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")


@pytest.fixture
def handler(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(routes, "create_streamlit_static_handler", routes.create_streamlit_static_handler)
    preload.install()
    preload.install()  # installing twice wraps once
    return routes.create_streamlit_static_handler(directory=file_util.get_static_dir(), base_url=None)


@pytest.mark.parametrize("path", ["/", "/e_saberling", "/presentasi"])
def test_the_served_index_carries_the_preload_script(handler, path: str) -> None:
    status, headers, body = run_apart(_get(handler, path))
    index = (preload.static_js().parent.parent / "index.html").read_text(encoding="utf-8")
    assert status == 200 and headers["cache-control"] == "no-cache"
    assert body.decode("utf-8") == preload.with_preload(index) != index


def test_other_static_files_are_served_unchanged(handler) -> None:
    name = preload.chunk_files()["DeckGlJsonChart"]
    status, headers, body = run_apart(_get(handler, f"/static/js/{name}"))
    assert status == 200 and "immutable" in headers["cache-control"]
    assert body == (preload.static_js() / name).read_bytes()
