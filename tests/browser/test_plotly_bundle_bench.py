"""The bundle benchmark (bench/plotly_bundle.py) times loading and drawing with each bundle it is given."""

from concurrent.futures import ThreadPoolExecutor

from bench.plotly_bundle import FULL, measure


def test_bundle_benchmark_times_loading_and_drawing_with_each_bundle() -> None:
    with ThreadPoolExecutor(1) as apart:  # Playwright's sync API on a thread of its own: the suite's loop runs on this one
        results = apart.submit(measure, {"full": FULL, "same again": FULL}, 1).result()
    assert set(results) == {"full", "same again"}
    for rounds in results.values():
        (load_ms, draw_ms), = rounds
        assert load_ms > 0 and draw_ms > 0
