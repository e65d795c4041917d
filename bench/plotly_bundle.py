"""What a cold visit pays for Plotly's browser code: the full plotly.js bundle (the one Streamlit's `st.plotly_chart`
ships, here the copy inside the plotly Python package) against a partial bundle (for example plotly.js-basic:
scatter, bar and pie, the trace types the dashboard draws), each loaded in a new Chromium context from local files
and timed from before its `<script>` to after it ran, then one horizontal bar chart drawn with it.

    npm pack plotly.js-basic-dist-min@4.1.1 && tar xzf plotly.js-basic-dist-min-4.1.1.tgz
    .venv/bin/python -m bench.plotly_bundle --partial package/plotly-basic.min.js [--rounds 5]

Prints one line per round and the medians. Measures the bundles only, outside the dashboard: the figures are why the
dashboard draws its charts with plotly.js-basic (`binjai.ui.chart`, `static/plotly-basic.min.js`) instead of the full
bundle in Streamlit's frontend."""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

import plotly

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

FULL = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
# A page that times the bundle's download, compilation and evaluation (t0 -> t1), then one six-bar chart (t1 -> t2).
PAGE = """<html><body><div id="chart" style="width:600px;height:300px"></div>
<script>window.t0 = performance.now();</script><script src="%s"></script><script>
window.t1 = performance.now();
Plotly.newPlot('chart', [{type: 'bar', orientation: 'h', y: ['Tata Kelola', 'Pencitraan', 'Ekonomi', 'Gaya Hidup',
  'Masyarakat', 'Lingkungan'], x: [53.5, 81.9, 59.5, 79.5, 89.2, 83.1], text: ['53,5', '81,9', '59,5', '79,5', '89,2',
  '83,1'], textposition: 'outside'}], {height: 300}).then(() => { window.t2 = performance.now(); });
</script></body></html>"""


def measure(bundles: dict[str, Path], rounds: int) -> dict[str, list[tuple[float, float]]]:
    """{name: [(load and evaluate ms, draw ms) per round]}, the bundles alternating round by round."""
    from playwright.sync_api import sync_playwright

    results: dict[str, list[tuple[float, float]]] = {name: [] for name in bundles}
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        pages = {}
        for name, bundle in bundles.items():
            page = Path(folder) / f"{name}.html"
            page.write_text(PAGE % bundle.resolve().as_uri(), encoding="utf-8")
            pages[name] = page.as_uri()
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for _ in range(rounds):
                for name, url in pages.items():
                    context = browser.new_context()
                    tab = context.new_page()
                    tab.goto(url)
                    tab.wait_for_function("window.t2 !== undefined", timeout=60_000)
                    t0, t1, t2 = tab.evaluate("[window.t0, window.t1, window.t2]")
                    results[name].append((t1 - t0, t2 - t1))
                    context.close()
        finally:
            browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    """Compare the full bundle with the partial one given and print the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.plotly_bundle", description=__doc__.splitlines()[0])
    parser.add_argument("--partial", type=Path, required=True, help="a partial plotly.js bundle (minified)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    bundles = {"full": FULL, "partial": args.partial}
    results = measure(bundles, args.rounds)
    for name, rounds in results.items():
        size_mb = bundles[name].stat().st_size / 1e6
        for load_ms, draw_ms in rounds:
            print(f"{name:8} {size_mb:5.1f} MB  load+evaluate {load_ms:6.0f} ms  draw {draw_ms:5.0f} ms")
    for name, rounds in results.items():
        print(f"{name:8} median load+evaluate {statistics.median(r[0] for r in rounds):6.0f} ms, "
              f"draw {statistics.median(r[1] for r in rounds):5.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
