"""Benchmark of the dashboard at the size of a much larger city (run on purpose: `python -m bench.run`)."""
