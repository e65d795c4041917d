"""The page Streamlit serves for every address (`index.html`), with the browser told at once which code the opened
page will need: `<link rel="modulepreload">` for Streamlit's lazily loaded map code (deck.gl ~3 MB) and for the
widgets and tables every page draws, `<link rel="preload">` for plotly.js-basic (binjai.ui.chart, ~1.2 MB). Without
it a new browser fetches and compiles that code only when the server's first element that needs it arrives (2-3 s
after opening a chart page); with it the browser does so while the server runs the page. Installed by the launcher (`binjai.ui.serve`)."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from streamlit import file_util

from binjai.ui import chart
from binjai.ui.pages import PAGES, PageSpec

# Streamlit's code chunks by file stem (`<stem>.<hash>.js`): what every page's filters, menu and notes load, what a
# table loads, and each chart kind's own code.
COMMON = ("StreamlitMarkdown", "Html", "purify.es", "rehype-raw", "Selectbox", "Multiselect",
          "useSyncComboBoxEnterTargetFocus")
CHART_PAGE = ("DataFrame", "arrowFormatUtils", "recordbatch", "serialization")
KIND = {"plotly": (), "deck": ("DeckGlJsonChart", "expression")}  # plotly charts draw with binjai.ui.chart
MARKER = "<!-- binjai: preload -->"
# Picks the opened page's list by the last segment of the address (pages are served at /<name>, the home page at /).
_SCRIPT = """<script>(() => {
  const [byPage, common, plotlyPages, bundle] = %s;
  const name = location.pathname.split('/').filter(Boolean).pop() || '';
  for (const file of (byPage[name] || []).concat(common)) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = './static/js/' + file;
    document.head.appendChild(link);
  }
  if (plotlyPages.includes(name)) {
    const link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'script';
    link.href = './app/static/' + bundle;
    document.head.appendChild(link);
  }
})();</script>"""


def static_js() -> Path:
    """The installed Streamlit's folder of JavaScript chunks."""
    return Path(file_util.get_static_dir()) / "static" / "js"


@functools.cache
def chunk_files() -> dict[str, str]:
    """{stem: file name} of every chunk named above that the installed Streamlit has exactly once."""
    stems = {*COMMON, *CHART_PAGE, *(stem for stems in KIND.values() for stem in stems)}
    found = {stem: sorted(static_js().glob(f"{stem}.*.js")) for stem in stems}
    return {stem: files[0].name for stem, files in found.items()
            if len(files) == 1 and files[0].name.count(".") == stem.count(".") + 2}


def _files(stems: Iterable[str]) -> list[str]:
    files = chunk_files()
    return [files[stem] for stem in stems if stem in files]


def page_chunks(spec: PageSpec) -> list[str]:
    """The chart code (and table code) a page preloads besides `COMMON`, its first chart kind first."""
    if not spec.charts:
        return []
    return _files([stem for kind in spec.charts for stem in KIND[kind]] + list(CHART_PAGE))


def head_script() -> str:
    """The script put in `index.html`'s head: only file names of the installed Streamlit, nothing from data."""
    by_page = {spec.url_path: page_chunks(spec) for spec in PAGES if spec.charts}
    plotly_pages = [spec.url_path for spec in PAGES if "plotly" in spec.charts]
    return _SCRIPT % json.dumps([by_page, _files(COMMON), plotly_pages, chart.BUNDLE])


def with_preload(index_html: str) -> str:
    """`index_html` with the preload script before `</head>` (once; unchanged when it has no head)."""
    if MARKER in index_html or "</head>" not in index_html:
        return index_html
    return index_html.replace("</head>", f"{MARKER}{head_script()}</head>", 1)


def install() -> None:
    """Make Streamlit's static file handler answer every request for `index.html` with `with_preload` of it."""
    from starlette.responses import FileResponse, Response
    from streamlit.web.server.starlette import starlette_static_routes as routes

    if getattr(routes.create_streamlit_static_handler, "binjai_preload", False):
        return
    original = routes.create_streamlit_static_handler

    def create(directory: str, base_url: str | None) -> Any:
        handler = original(directory=directory, base_url=base_url)
        index = (Path(directory) / "index.html").resolve()
        page = with_preload(index.read_text(encoding="utf-8")).encode("utf-8")
        plain = handler.get_response

        async def get_response(path: str, scope: Any) -> Any:
            response = await plain(path, scope)
            if isinstance(response, FileResponse) and response.status_code == 200 and Path(response.path).resolve() == index:
                return Response(page, media_type="text/html", headers={"Cache-Control": "no-cache"})
            return response

        handler.get_response = get_response
        return handler

    create.binjai_preload = True  # type: ignore[attr-defined]
    routes.create_streamlit_static_handler = create
