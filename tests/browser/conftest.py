"""The shared browser harness: the real app on a free loopback port, headless Chromium, and page helpers.

Fixtures: `app_server` (session: a seeded temporary warehouse and a running `streamlit run app.py`),
`browser` (session: Playwright's Chromium from /usr/bin/chromium), `page` (a fresh 1366x768 context whose page
records `page.console_errors` and `page.requests`). Helpers: `make_server(db, env=...)` for tests that need their
own data, `staff_accounts(db, folder)` for its staff accounts, `wait_for_app(page)`, `page_url(server, spec, lang)`,
`outside_requests(page)`, `screenshot_path(...)`.

Without /usr/bin/chromium the browser tests are skipped on a developer's machine and fail in CI ($CI set).
"""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from binjai import lake
from binjai.auth import shared, store
from binjai.auth.shared import Shared
from binjai.ui.pages import PageSpec
from tests.backends import new_warehouse

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1366, "height": 768}
SCREENS_DIR = ROOT / "artifacts" / "screens"
BOUNDARY_FILE = ROOT.parent / "shared" / "geo" / "binjai_kelurahan.geojson"
LOOPBACK = "127.0.0.1"
START_TIMEOUT_S = 90.0
BROWSER_DIR = Path(__file__).resolve().parent
EXCEPTION_BOX = '[data-testid="stException"]'
PLOTLY_CHART = '[data-testid="bjChart"]'
DECK_CHART = '[data-testid="stDeckGlJsonChart"]'
# The only console error accepted: opened directly at a page URL (e.g. /e_mas), Streamlit's frontend first probes
# /e_mas/_stcore/health and /e_mas/_stcore/host-config, gets 404 and falls back to /_stcore/... (a confirmed
# upstream bug, streamlit/streamlit#7074). The probe stays on 127.0.0.1 and the page loads normally.
BENIGN_CONSOLE_ERRORS = (
    re.compile(r"Failed to load resource: the server responded with a status of 404 \(Not Found\) "
               r"\(http://127\.0\.0\.1:\d+/[A-Za-z0-9_]+/_stcore/(?:health|host-config):\d+\)"),
)
_PLOTLY_STATE_JS = """(selector) => [...document.querySelectorAll(selector)].map(chart => ({
    drawn: chart.querySelectorAll('svg.main-svg').length > 0 && chart.querySelectorAll('.trace, .slice').length > 0,
    visible: chart.checkVisibility(),
}))"""


@dataclass
class AppServer:
    """A running dashboard: its base URL, warehouse (a file, or a lake address), process and log file."""

    url: str
    db: Path | str
    port: int
    process: subprocess.Popen
    log: Path

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the server's output, for failure messages."""
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/browser/ carries the `browser` marker (select with -m browser, skip with -m 'not browser')."""
    for item in items:
        if BROWSER_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def server_env(db: Path | str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a dashboard process: this one's, the warehouse (file or lake), the boundary file when
    present."""
    env = dict(os.environ)
    env.pop("BINJAI_BOUNDARY_FILE", None)
    if lake.is_lake(str(db)):
        env["BINJAI_WAREHOUSE"] = str(db)
    else:
        env["BINJAI_DB"] = str(db)
    if BOUNDARY_FILE.exists():
        env["BINJAI_BOUNDARY_FILE"] = str(BOUNDARY_FILE)
    env.update(extra or {})
    return env


@dataclass(frozen=True)
class StaffAccounts:
    """dewi, rudi and admin (tests/upload_fixtures.py) where a dashboard finds them: the environment to start it
    with, and its sign-in store (sessions and audit log) for the test's own checks."""

    env: dict[str, str]
    store: Path | Shared


def staff_accounts(db: Path | str, folder: Path) -> StaffAccounts:
    """Create the test accounts where a dashboard on warehouse `db` reads them: an accounts file named by
    $BINJAI_ACCOUNTS, or on a DuckLake warehouse the lake's shared store, copied in from that file with
    `etl user import` as an administrator would."""
    from tests import upload_fixtures as fx

    accounts = fx.write_accounts(folder / "accounts.toml")
    place = shared.for_warehouse(str(db))
    if place is None:
        return StaffAccounts({"BINJAI_ACCOUNTS": str(accounts)}, store.store_path(accounts))
    subprocess.run([_python(), "-m", "etl", "user", "import", str(accounts)], cwd=ROOT, env=server_env(db),
                   check=True, capture_output=True)
    return StaffAccounts({}, place)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _start(db: Path | str, env: Mapping[str, str] | None, log: Path, module: str, script: str) -> AppServer:
    port = free_port()
    command = [_python(), "-m", module, "run", script, "--server.port", str(port),
               "--server.address", LOOPBACK, "--server.headless", "true"]
    with open(log, "ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=server_env(db, env), stdout=out, stderr=subprocess.STDOUT)
    server = AppServer(f"http://{LOOPBACK}:{port}", db, port, process, log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{server.log_tail()}")
        if _healthy(server.url):
            return server
        time.sleep(0.25)
    stop_server(server)
    raise RuntimeError(f"streamlit did not answer /_stcore/health within {START_TIMEOUT_S:.0f} s:\n{server.log_tail()}")


def stop_server(server: AppServer) -> None:
    """Stop the dashboard process (SIGTERM, then SIGKILL after 10 s)."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


@contextmanager
def make_server(db_path: Path | str, env: Mapping[str, str] | None = None, *, attempts: int = 3,
                module: str = "streamlit", script: str = "app.py") -> Iterator[AppServer]:
    """Run the dashboard on a free loopback port against `db_path` (a file, or a lake address; extra `env` on top)
    for the `with` block.

    `module` is what `python -m` starts with Streamlit's arguments (the benchmark wraps streamlit to time runs);
    `script` is the app it serves (tests of the harness itself may serve a script of their own)."""
    log = _log_path(db_path)
    server = None
    for attempt in range(attempts):
        try:
            server = _start(db_path, env, log, module, script)
            break
        except RuntimeError:
            if attempt == attempts - 1:  # another process may have taken the port in between: try another
                raise
    assert server is not None
    try:
        yield server
    finally:
        stop_server(server)


def _log_path(db: Path | str) -> Path:
    """The server's log: beside the warehouse file, or in the lake's data folder."""
    if lake.is_lake(str(db)):
        folder = Path(lake.parse(db).data_path)
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"streamlit-{lake.parse(db).dbname}.log"
    return Path(db).with_name(f"streamlit-{Path(db).stem}.log")


@pytest.fixture(scope="session")
def app_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The dashboard on a free port with a freshly seeded sample warehouse (scale 0.25), for the whole session."""
    from etl.loading import seed_database

    db = new_warehouse(request, tmp_path_factory.mktemp("browser_app"))
    seed_database(db, scale=0.25)
    with make_server(db) as server:
        yield server


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing (install it with scripts/install_chromium.sh)"
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (sync API), shared by the session."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A new 1366x768 page that records console errors, page errors and every request URL (incl. websockets)."""
    context = browser.new_context(viewport=VIEWPORT, locale="id-ID", timezone_id="Asia/Jakarta")
    new_page = context.new_page()
    new_page.console_errors = []
    new_page.requests = []
    new_page.on("console", lambda message: _record_console(new_page, message))
    new_page.on("pageerror", lambda error: new_page.console_errors.append(f"uncaught: {error}"))
    new_page.on("request", lambda request: new_page.requests.append(request.url))
    new_page.on("websocket", lambda socket_: new_page.requests.append(socket_.url))
    try:
        yield new_page
    finally:
        context.close()


def _record_console(target: Any, message: Any) -> None:
    if message.type == "error":
        location = message.location or {}
        target.console_errors.append(f"{message.text} ({location.get('url', '')}:{location.get('lineNumber', '')})")


def console_errors(page: Any) -> list[str]:
    """The page's console errors, without the one benign kind listed in BENIGN_CONSOLE_ERRORS."""
    return [error for error in page.console_errors
            if not any(pattern.fullmatch(error) for pattern in BENIGN_CONSOLE_ERRORS)]


def wait_for_app(page: Any, timeout_ms: int = 90_000, settle_ms: int = 500) -> None:
    """Wait until Streamlit has finished running the page's script and nothing is still loading."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && app.getAttribute('data-test-connection-state') === 'CONNECTED'
                && !document.querySelector('[data-testid="stStatusWidget"]')
                && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0;
        }""",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(settle_ms)


def settled(page: Any, text: Any, timeout_ms: int = 90_000) -> None:
    """Wait until `text` (a string or pattern) is on the page and the script run has finished."""
    page.get_by_text(text).first.wait_for(timeout=timeout_ms)
    wait_for_app(page, timeout_ms)


def open_upload_signed_in(page: Any, user: str, password: str) -> None:
    """On the sign-in page: sign in as `user`, then follow the link to the upload page and wait for it."""
    page.get_by_label("Nama pengguna").fill(user)
    page.get_by_label("Kata sandi", exact=True).fill(password)
    page.get_by_role("button", name="Masuk").click()
    settled(page, "Anda sudah masuk.")
    page.get_by_role("link", name="Buka Unggah Data").click()
    settled(page, "1. Pilih sumber data")


def url_path(spec: PageSpec) -> str:
    """The URL path Streamlit gives a page script: '' for the home page, 'e_mas' for pages/02_e_mas.py."""
    return spec.url_path


def page_url(server: AppServer, spec: PageSpec, lang: str = "id", **params: str) -> str:
    """The address of `spec` on `server` in `lang` (Bahasa Indonesia is the default and needs no parameter)."""
    query = dict(params)
    if lang != "id":
        query["lang"] = lang
    suffix = "&".join(f"{key}={value}" for key, value in query.items())
    return f"{server.url}/{url_path(spec)}" + (f"?{suffix}" if suffix else "")


def outside_requests(page: Any) -> list[str]:
    """Requests the page made to any host other than 127.0.0.1 (data:, blob: and about: URLs are local)."""
    outside = []
    for url in page.requests:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about", "chrome-extension"):
            continue
        if parts.hostname != LOOPBACK:
            outside.append(url)
    return outside


def screenshot_path(name: str, lang: str) -> Path:
    """artifacts/screens/<name>_<lang>_1366x768.png (the folder is created)."""
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENS_DIR / f"{name}_{lang}_{VIEWPORT['width']}x{VIEWPORT['height']}.png"


@dataclass
class ChartReport:
    """What a page drew: plotly charts (and how many are not drawn) and deck.gl maps (and how many are blank)."""

    plotly: int = 0
    plotly_undrawn: int = 0
    decks: int = 0
    decks_blank: int = 0

    @property
    def ok(self) -> bool:
        """Every chart has its SVG traces and every visible map canvas shows more than one colour."""
        return self.plotly_undrawn == 0 and self.decks_blank == 0


def _plotly_state(page: Any) -> tuple[int, int]:
    charts = page.evaluate(_PLOTLY_STATE_JS, PLOTLY_CHART)
    return len(charts), sum(1 for chart in charts if chart["visible"] and not chart["drawn"])


def canvas_colours(locator: Any) -> int:
    """Distinct colours in a screenshot of the element (1 means a blank canvas)."""
    from PIL import Image

    image = Image.open(io.BytesIO(locator.screenshot())).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    return len(colours) if colours is not None else 1 << 20


def _blank_decks(page: Any) -> tuple[int, int]:
    decks = page.locator(DECK_CHART)
    blank = 0
    for index in range(decks.count()):
        deck = decks.nth(index)
        if not deck.is_visible():
            continue
        canvas = deck.locator("canvas").first
        if canvas.count() == 0 or canvas_colours(canvas) < 2:
            blank += 1
    return decks.count(), blank


def wait_for_charts(page: Any, timeout_ms: int = 60_000, poll_ms: int = 500) -> ChartReport:
    """Wait until every plotly chart and visible deck.gl map is drawn (or the time is up); report what was seen."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        plotly, undrawn = _plotly_state(page)
        decks, blank = _blank_decks(page)
        report = ChartReport(plotly, undrawn, decks, blank)
        if report.ok or time.monotonic() >= deadline:
            return report
        page.wait_for_timeout(poll_ms)


def exception_texts(page: Any) -> list[str]:
    """The text of every Streamlit exception box on the page."""
    return [box.inner_text() for box in page.locator(EXCEPTION_BOX).all()]
