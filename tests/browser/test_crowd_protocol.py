"""The benchmark's protocol viewer (bench/protocol.py, bench/crowd.py) against a real dashboard server: it runs
every public page to its end with no exception element, and it reports a page that raises, a page that does not
exist and a run that never finishes as failures instead of timings. No Chromium involved: the viewer speaks
Streamlit's websocket protocol."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench import protocol
from bench.browser import viewer_pages
from bench.crowd import run_crowd
from binjai.ui.pages import PageSpec
from tests.browser.conftest import AppServer, make_server, url_path

RAISING_APP = '''import time
import streamlit as st

st.title("harness check")
if st.query_params.get("slow") == "1":
    time.sleep(10)
raise RuntimeError("injected failure")
'''


def _views(server_url: str, requests: list[tuple[str, str, str]], timeout_s: float = 120.0) -> list[protocol.View]:
    """One viewer's views of (page id, url path, query) in turn over one connection."""

    async def walk() -> list[protocol.View]:
        session = protocol.Session(server_url)
        await session.connect()
        try:
            return [await session.view(page, path, "open" if n == 0 else "switch", query, timeout_s)
                    for n, (page, path, query) in enumerate(requests)]
        finally:
            await session.close()

    return protocol.run_apart(walk())


@pytest.fixture(scope="module")
def raising_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """Streamlit serving a one-file app that always raises, with the project's configuration."""
    folder = tmp_path_factory.mktemp("raising_app")
    script = folder / "raising_app.py"
    script.write_text(RAISING_APP, encoding="utf-8")
    with make_server(folder / "unused.duckdb", script=str(script)) as server:
        yield server


def test_every_public_page_runs_to_the_end(app_server: AppServer) -> None:
    specs = viewer_pages()
    views = _views(app_server.url, [(spec.page_id, url_path(spec), "") for spec in specs])
    assert [(v.page, v.status, v.error) for v in views] == [(spec.page_id, "ok", "") for spec in specs]
    for spec, view in zip(specs, views, strict=True):
        assert view.ran == url_path(spec)
        assert view.seconds is not None and view.deltas > 0 and view.bytes > 0, view
    assert views[0].kind == "open" and {v.kind for v in views[1:]} == {"switch"}


def test_a_page_that_does_not_exist_is_a_failure(app_server: AppServer) -> None:
    [view] = _views(app_server.url, [("missing", "no_such_page", "")])
    assert view.status == protocol.NOT_FOUND
    assert "no_such_page" in view.error


def test_a_page_that_raises_is_a_failure(raising_server: AppServer) -> None:
    [view] = _views(raising_server.url, [("raising", "", "")])
    assert view.status == protocol.EXCEPTION
    assert view.seconds is not None and view.deltas >= 2


def test_a_run_that_never_finishes_is_counted_not_timed(raising_server: AppServer) -> None:
    [view] = _views(raising_server.url, [("slow", "", "slow=1")], timeout_s=3.0)
    assert view.status == protocol.NOT_FINISHED and view.seconds is None


def test_the_crowd_counts_failed_views_apart(raising_server: AppServer) -> None:
    spec = PageSpec("raising", "dashboard.py", "")  # the main script's address: '' (what the raising app serves)
    crowd = run_crowd(raising_server.url, [spec], count=2, seconds=1.0, pacing=(0.1, 0.2))
    summary = crowd["summary"]
    assert summary["failed"] == {"exception": len(crowd["views"])} and len(crowd["views"]) >= 2
    assert summary["all"]["n"] == 0 and summary["timed_out"] == 0
    assert crowd["failures"] and crowd["harness_cpu_s"] >= 0
