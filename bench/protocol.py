"""One dashboard viewer that speaks Streamlit's own protocol instead of driving a browser: the HTTP health check a
browser makes first (it sets the XSRF cookie, and haproxy's sticky cookie in a cluster), then the websocket
`/_stcore/stream` with protobuf messages. A view sends BackMsg `rerun_script` (the page's name from its address on
the first visit, the page's script hash afterwards, as a menu click does) and reads ForwardMsgs until the run's
`script_finished`; the time between the two covers every delta the browser would need to draw the page (not the
drawing itself: bench/browser.py measures that). Cacheable messages are remembered and announced on the next rerun,
as Streamlit's frontend does, so the server sends references to what the viewer already holds."""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.cookiejar
import time
import urllib.request
from collections.abc import Coroutine
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

VIEW_TIMEOUT_S = 120.0
CONNECT_TIMEOUT_S = 30.0
XSRF_COOKIE = "_streamlit_xsrf"
REPLICA_HEADER = "X-Binjai-Replica"
TIMEZONE, LOCALE = "Asia/Jakarta", "id-ID"
OK, EXCEPTION, NOT_FOUND, COMPILE_ERROR = "ok", "exception", "page_not_found", "compile_error"
NOT_FINISHED, DISCONNECTED, WRONG_PAGE = "not_finished", "disconnected", "wrong_page"
_DONE = ForwardMsg.FINISHED_SUCCESSFULLY
_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
_COMPILE = ForwardMsg.FINISHED_WITH_COMPILE_ERROR


@dataclass
class View:
    """One page view: how long until the run finished (None: never finished) and what arrived."""

    page: str
    kind: str
    seconds: float | None = None
    status: str = NOT_FINISHED
    first_delta_s: float | None = None
    deltas: int = 0
    cached_refs: int = 0
    bytes: int = 0
    ran: str = ""
    error: str = ""

    def as_dict(self) -> dict:
        """The view as plain data for the results file."""
        return asdict(self)


@dataclass
class Session:
    """A connected viewer: its websocket, cookies, the app's pages (url path -> script hash) and message cache."""

    url: str
    socket: websockets.ClientConnection | None = None
    replica: str = ""
    pages: dict[str, str] = field(default_factory=dict)
    cache: dict[str, bool] = field(default_factory=dict)  # hash -> is an exception element

    async def connect(self) -> None:
        """The health check (cookies) and the websocket, as the browser opens them."""
        jar = http.cookiejar.CookieJar()
        self.replica = await asyncio.to_thread(_health, self.url, jar)
        cookies = {cookie.name: cookie.value for cookie in jar}
        protocols = ["streamlit"] + ([cookies[XSRF_COOKIE]] if XSRF_COOKIE in cookies else [])
        parts = urlsplit(self.url)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
        self.socket = await websockets.connect(
            f"ws://{parts.netloc}/_stcore/stream", origin=f"{parts.scheme}://{parts.netloc}",
            subprotocols=protocols, additional_headers=headers, max_size=None, proxy=None,
            open_timeout=CONNECT_TIMEOUT_S)

    async def close(self) -> None:
        """Close the websocket."""
        if self.socket is not None:
            await self.socket.close()

    def request(self, path: str, first: bool, query: str = "") -> bytes:
        """The BackMsg for a view of the page at `path`: by name on the first visit, then by script hash."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = query
        if first or path not in self.pages:
            state.page_name = path
        else:
            state.page_script_hash = self.pages[path]
        state.cached_message_hashes.extend(self.cache)
        info = state.context_info
        info.timezone, info.locale, info.timezone_offset = TIMEZONE, LOCALE, -420
        info.url = f"{self.url}/{path}" + (f"?{query}" if query else "")
        return message.SerializeToString()

    async def view(self, page: str, path: str, kind: str, query: str = "",
                   timeout_s: float = VIEW_TIMEOUT_S) -> View:
        """Ask for the page at `path` and read until its run has finished (or failed, or the time is up)."""
        assert self.socket is not None, "connect() first"
        result = View(page, kind)
        started = time.perf_counter()
        try:
            await self.socket.send(self.request(path, kind == "open", query))
            await asyncio.wait_for(self._read_run(result, started), timeout_s)
            if result.status == NOT_FOUND:
                result.error = f"no page at {path!r}; the server ran {result.ran!r} instead"
            elif result.status == OK and result.ran != path:
                result.status, result.error = WRONG_PAGE, f"asked for {path!r}, ran {result.ran!r}"
        except TimeoutError:
            result.status, result.error = NOT_FINISHED, f"no script_finished within {timeout_s:.0f} s"
        except websockets.ConnectionClosed as closed:
            result.status, result.error = DISCONNECTED, str(closed)
        return result

    async def _read_run(self, result: View, started: float) -> None:
        """ForwardMsgs until the run that began after the request has finished (leftovers of earlier runs skipped)."""
        assert self.socket is not None
        running = False
        while True:
            data = await self.socket.recv()
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                running = True
                continue
            if not running:
                continue
            result.bytes += len(data)
            if kind == "script_finished" and message.script_finished != _RERUN:
                result.seconds = time.perf_counter() - started
                if result.status == NOT_FINISHED:
                    result.status = COMPILE_ERROR if message.script_finished == _COMPILE else OK
                return
            self._take(message, kind, result, started)

    def _take(self, message: ForwardMsg, kind: str | None, result: View, started: float) -> None:
        """Note what one message of the run means for the view."""
        if kind == "navigation":
            self.pages = {page.url_pathname: page.page_script_hash for page in message.navigation.app_pages}
            ran = [path for path, page_hash in self.pages.items() if page_hash == message.navigation.page_script_hash]
            result.ran = ran[0] if ran else message.navigation.page_script_hash
        elif kind == "page_not_found":
            result.status = NOT_FOUND
        elif kind in ("delta", "ref_hash"):
            if result.first_delta_s is None:
                result.first_delta_s = time.perf_counter() - started
            result.deltas += 1
            if kind == "ref_hash":
                result.cached_refs += 1
                failed = self.cache.get(message.ref_hash)
                if failed is None:
                    result.status, result.error = DISCONNECTED, f"reference to an unknown message {message.ref_hash}"
                    return
            else:
                failed = message.delta.WhichOneof("type") == "new_element" and \
                    message.delta.new_element.WhichOneof("type") == "exception"
                if message.metadata.cacheable:
                    self.cache[message.hash] = failed
            if failed and result.status != EXCEPTION:
                result.status = EXCEPTION
                result.error = message.delta.new_element.exception.message if kind == "delta" else "exception"

T = TypeVar("T")


def run_apart(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(coroutine)` on a thread of its own, so it also works where this thread already runs an event
    loop (Playwright's sync API keeps one running while a browser is open, as in the test session)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


def _health(url: str, jar: http.cookiejar.CookieJar) -> str:
    """GET /_stcore/health with `jar` collecting the cookies; the replica that answered (haproxy's header), if any."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), urllib.request.ProxyHandler({}))
    with opener.open(f"{url}/_stcore/health", timeout=CONNECT_TIMEOUT_S) as response:
        if response.status != 200:
            raise ConnectionError(f"{url}/_stcore/health answered {response.status}")
        return response.headers.get(REPLICA_HEADER, "")
