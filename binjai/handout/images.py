"""Plotly figures to PNG with Kaleido 1.x and the machine's Chromium, fully offline.

One Kaleido server (one headless Chromium) is started on first use and reused, which makes an image take
about 0.3 s instead of 4 s. MathJax is switched off and plotly.js comes from the installed plotly package, so
rendering fetches nothing; Chromium itself is started through `chromium-offline`, which switches off every
background-networking feature and resolves no host name (tests/test_offline_netns.py proves it without a network). When Chromium is missing or does not answer, `ChartImagesUnavailable`
says so; callers then fall back to tables.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path
from queue import Empty, Queue

import kaleido
import plotly.graph_objects as go

CHROMIUM_CANDIDATES: tuple[str, ...] = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
INSTALL_COMMAND = "bash scripts/install_chromium.sh"
OFFLINE_WRAPPER = Path(__file__).with_name("chromium-offline")
RENDER_TIMEOUT_S = 60.0
# No MathJax and plotly.js from the installed package: Kaleido's page then loads only local files.
KALEIDO_OPTIONS: dict[str, object] = {"mathjax": False, "plotlyjs": None}
_LOCK = threading.Lock()
_STATE: dict[str, object] = {"started": False, "broken": "", "warming": False}


class ChartImagesUnavailable(RuntimeError):
    """Chart images cannot be made here; `reason` is 'missing' (no Chromium) or 'failed' (it did not render)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason, self.detail = reason, detail


def chromium_path() -> Path | None:
    """The Chromium executable Kaleido will use, or None when none is installed."""
    for candidate in (*CHROMIUM_CANDIDATES, shutil.which("chromium") or ""):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def available() -> bool:
    """True when chart images can be attempted (Chromium present and no earlier failure)."""
    return chromium_path() is not None and not _STATE["broken"]


def _start() -> None:
    browser = chromium_path()
    if browser is None:
        raise ChartImagesUnavailable("missing", ", ".join(CHROMIUM_CANDIDATES))
    if _STATE["broken"]:
        raise ChartImagesUnavailable("failed", str(_STATE["broken"]))
    if not _STATE["started"]:
        os.environ["BINJAI_CHROMIUM"] = str(browser)  # the wrapper starts this browser with the offline flags
        kaleido.start_sync_server(path=str(OFFLINE_WRAPPER), timeout=RENDER_TIMEOUT_S, silence_warnings=True,
                                  **KALEIDO_OPTIONS)
        _STATE["started"] = True


def _call_with_timeout(figure: dict, opts: dict) -> bytes:
    """Render on a daemon thread, so that a browser that never answers cannot hang the page."""
    answers: Queue = Queue(maxsize=1)

    def work() -> None:
        try:
            answers.put(kaleido.calc_fig_sync(figure, opts=opts))
        except Exception as err:  # noqa: BLE001 - any failure of the browser means "no images"
            answers.put(err)

    threading.Thread(target=work, daemon=True).start()
    try:
        answer = answers.get(timeout=RENDER_TIMEOUT_S)
    except Empty as err:
        _STATE["broken"] = "timeout"
        raise ChartImagesUnavailable("failed", "timeout") from err
    if isinstance(answer, Exception):
        raise ChartImagesUnavailable("failed", str(answer).splitlines()[0] if str(answer) else type(answer).__name__)
    return answer


def shut_down() -> None:
    """Stop the Kaleido server (a command line calls this before exiting, so Chromium's files are removed
    cleanly instead of in an exit-time cleanup that complains)."""
    with _LOCK:
        if _STATE["started"]:
            try:
                kaleido.stop_sync_server(silence_warnings=True)
            except Exception:  # noqa: BLE001 - a browser that is already gone needs no stopping
                pass
            _STATE["started"] = False


def warm_up() -> bool:
    """Start the Kaleido server and its browser now (about 2 s), so that the first handout does not wait for it; False when no
    chart images can be made here."""
    try:
        to_png(go.Figure(), 40, 30, 1.0)  # the server starts the browser on its first image, not when started
    except ChartImagesUnavailable:
        return False
    return True


def warm_up_in_background() -> None:
    """`warm_up` on a daemon thread, once per process (presenter and scorecard pages call it on opening)."""
    if not _STATE["started"] and not _STATE["warming"] and available():
        _STATE["warming"] = True
        threading.Thread(target=warm_up, daemon=True, name="kaleido-warm-up").start()


def to_png(figure: go.Figure, width: int, height: int, scale: float = 2.0) -> bytes:
    """PNG bytes of one figure at `width` x `height` CSS pixels times `scale`."""
    opts = {"format": "png", "width": width, "height": height, "scale": scale}
    with _LOCK:
        _start()
        return _call_with_timeout(figure.to_plotly_json(), opts)
