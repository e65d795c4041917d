"""The protocol viewer's reading of Streamlit's messages and the crowd's accounting, on hand-made messages (no
server): exceptions found in new and in cached elements, failed and unfinished views counted apart from timings,
and the target judged on them. tests/browser/test_crowd_protocol.py runs the viewer against a real server."""

from __future__ import annotations

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.protocol import DISCONNECTED, EXCEPTION, OK, Session, View
from bench.report import crowd_met, render
from bench.viewers import summarise


def _element(cacheable: bool, exception: bool = False, key: str = "h1") -> ForwardMsg:
    message = ForwardMsg()
    message.hash = key
    message.metadata.cacheable = cacheable
    if exception:
        message.delta.new_element.exception.message = "boom"
    else:
        message.delta.new_element.markdown.body = "hello"
    return message


def _read(session: Session, messages: list[ForwardMsg]) -> View:
    view = View("p", "switch", status=OK)
    for message in messages:
        session._take(message, message.WhichOneof("type"), view, 0.0)
    return view


def test_an_exception_element_fails_the_view() -> None:
    view = _read(Session("http://x"), [_element(False), _element(False, exception=True, key="h2")])
    assert (view.status, view.error, view.deltas) == (EXCEPTION, "boom", 2)


def test_a_cached_exception_fails_the_view_and_an_unknown_reference_is_refused() -> None:
    session = Session("http://x")
    assert _read(session, [_element(True, exception=True, key="big")]).status == EXCEPTION
    reference = ForwardMsg()
    reference.ref_hash = "big"
    again = _read(session, [reference])
    assert (again.status, again.cached_refs) == (EXCEPTION, 1)
    reference.ref_hash = "never-sent"
    assert _read(session, [reference]).status == DISCONNECTED
    assert "big" in Session.request(session, "e_mas", False).decode("latin-1")


def test_the_request_names_the_page_first_then_sends_its_hash() -> None:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    session = Session("http://127.0.0.1:1")
    session.pages = {"e_mas": "abc123"}
    first, later = BackMsg(), BackMsg()
    first.ParseFromString(session.request("e_mas", True))
    later.ParseFromString(session.request("e_mas", False, "lang=en"))
    assert (first.rerun_script.page_name, first.rerun_script.page_script_hash) == ("e_mas", "")
    assert (later.rerun_script.page_name, later.rerun_script.page_script_hash) == ("", "abc123")
    assert later.rerun_script.query_string == "lang=en"
    assert later.rerun_script.context_info.timezone == "Asia/Jakarta"


def _crowd(views: list[dict]) -> dict:
    return {"count": 2, "seconds": 10.0, "pacing": [5, 10], "summary": summarise(views), "harness_cpu_s": 0.1,
            "wall_s": 10.0, "server_cpu_s": 2.0, "failures": [], "server": {"n": 0}}


def test_failed_and_unfinished_views_are_counted_not_timed() -> None:
    views = [{"page": "a", "kind": "open", "seconds": 0.5, "status": "ok"},
             {"page": "a", "kind": "switch", "seconds": 1.5, "status": "ok"},
             {"page": "b", "kind": "switch", "seconds": 0.1, "status": "exception"},
             {"page": "b", "kind": "switch", "seconds": None, "status": "not_finished"}]
    summary = summarise(views)
    assert summary["all"] == {"n": 2, "median": 1.0, "p95": 1.5, "max": 1.5}
    assert (summary["timed_out"], summary["failed"]) == (1, {"exception": 1})
    assert summary["pages"]["b"]["n"] == 0
    assert not crowd_met(_crowd(views))
    assert crowd_met(_crowd(views[:2]))
    assert not crowd_met(_crowd([{"page": "a", "kind": "open", "seconds": 2.5, "status": "ok"}]))


def test_the_report_judges_the_target_on_the_protocol_crowd() -> None:
    good = _crowd([{"page": "a", "kind": "open", "seconds": 0.5, "status": "ok"}])
    chromium = {"count": 2, "seconds": 10.0, "pacing": [5, 10],
                "summary": summarise([{"page": "a", "kind": "open", "seconds": 30.0}])}
    visit = {"seconds": 1.0, "ws_bytes": 0, "http_bytes": 0, "decks": 0}
    text = render({"meta": {"date": "d", "cpu": "c", "cores": 2, "ram_gb": 1.0, "os": "o", "python": "3",
                            "duckdb": "1", "streamlit": "1", "pandas": "3", "command": "x"},
                   "crowd": good, "browser": {"pages": {"a": {"cold": visit, "warm": visit}}, "dashboard_peak_mb": 1.0,
                                              "viewers": chromium}})
    assert "| 2 viewers at realistic pacing (one process): 95th percentile < 2 s, none failed" in text
    target = next(line for line in text.splitlines() if "viewers at realistic pacing (one process)" in line
                  and line.startswith("|"))
    assert target.endswith("✅ met |")
    optional = next(line for line in text.splitlines() if "Chromium viewers" in line and line.startswith("|"))
    assert optional.endswith("| – |")


def test_the_browser_phase_keeps_the_median_visit_and_reports_every_one() -> None:
    from bench.browser import _median_visit

    visits = [{"seconds": 2.41, "ws_bytes": 3}, {"seconds": 1.95, "ws_bytes": 1}, {"seconds": None, "ws_bytes": 9}]
    assert _median_visit(visits) == {"seconds": 2.41, "ws_bytes": 3, "each_s": [2.41, 1.95, None]}  # unfinished: slowest
    assert _median_visit(visits[:2])["seconds"] == 1.95  # an even count: the lower middle one
    cold = _median_visit(visits) | {"decks": 1, "http_bytes": 0}
    warm = {"seconds": 0.7, "ws_bytes": 0, "http_bytes": 0, "decks": 1}
    text = render({"meta": {"date": "d", "cpu": "c", "cores": 2, "ram_gb": 1.0, "os": "o", "python": "3",
                            "duckdb": "1", "streamlit": "1", "pandas": "3", "command": "x"},
                   "browser": {"pages": {"e_saberling": {"cold": cold, "warm": warm}}, "dashboard_peak_mb": 1.0,
                               "visits": 3}})
    row = next(line for line in text.splitlines() if line.startswith("| e_saberling |"))
    assert "| 2.41 (2.41, 1.95, –) |" in row and "| 0.70 |" in row
    assert "Median of 3 rounds of visits" in text
