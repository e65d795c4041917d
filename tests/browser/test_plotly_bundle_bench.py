"""The bundle benchmark (bench/plotly_bundle.py) times loading and drawing with each bundle it is given."""

from bench.plotly_bundle import FULL, measure


def test_bundle_benchmark_times_loading_and_drawing_with_each_bundle() -> None:
    results = measure({"full": FULL, "same again": FULL}, rounds=1)
    assert set(results) == {"full", "same again"}
    for rounds in results.values():
        (load_ms, draw_ms), = rounds
        assert load_ms > 0 and draw_ms > 0
