"""Take headless-Chromium screenshots of dashboard pages (a developer's tool for looking at what users see).

Usage: .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8501] [--out artifacts/screens]
                                                [--size 1366x768] [--full] PATH_OR_URL_SUFFIX ...
Example: scripts/screenshots.py / quick_win "e_mas?lang=en"
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browser.conftest import CHROMIUM_ARGS, wait_for_app, wait_for_charts  # noqa: E402  (one harness)


def wait_until_drawn(page, timeout_ms: int = 60_000) -> None:
    """Wait for Streamlit to finish the script run and for every chart and map to be drawn."""
    wait_for_app(page, timeout_ms=timeout_ms)
    wait_for_charts(page, timeout_ms=timeout_ms)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8501")
    parser.add_argument("--out", default="artifacts/screens")
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--full", action="store_true", help="capture the whole scrollable page")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        for path in args.paths:
            url = args.base.rstrip("/") + "/" + path.lstrip("/")
            page.goto(url)
            wait_until_drawn(page)
            name = path.strip("/").replace("?", "_").replace("=", "-").replace("&", "_") or "home"
            target = out / f"{name}_{args.size}.png"
            page.screenshot(path=str(target), full_page=args.full)
            print(target)
        browser.close()


if __name__ == "__main__":
    main()
