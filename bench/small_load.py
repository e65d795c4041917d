"""A small upload's cost on a full warehouse: `etl.loading.load_file` of a 5-row e-Mas CSV (validation, the batch,
the alert rules and their history, one atomic publish) on a copy of DB, RUNS times with new rows each time.

Run as `python -m bench.small_load DB [RUNS]` (DB e.g. from `python -m etl seed --db DB`; it is not changed).
Prints one line per load and the median of the warm runs (the first pays for imports and caches).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from etl.loading import load_file

HEADER = ("complaint_id;received_at;channel;category;kelurahan;kecamatan;latitude;longitude;opd;status;"
          "responded_at;resolved_at;rating;description")


def small_csv(run: int) -> bytes:
    """Five new complaints (ids unique to `run`), in Indonesian Excel's format."""
    rows = [f"BENCH-{run}-{i};2{i}/11/2026 09:15;whatsapp;Kebersihan & Sampah;Pahlawan;Binjai Utara;3,6231;98,4972;"
            f"DLH;diproses;;;;uji {run}" for i in range(1, 6)]
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def main(argv: list[str]) -> int:
    source, runs = Path(argv[0]), int(argv[1]) if len(argv) > 1 else 5
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / source.name
        shutil.copy(source, db)
        if source.with_name(source.name + ".sha256").exists():
            shutil.copy(source.with_name(source.name + ".sha256"), db.with_name(db.name + ".sha256"))
        walls, cpus = [], []
        for run in range(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            result = load_file(db, "e_mas", small_csv(run), f"bench-{run}.csv", user="bench").result
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            print(f"batch {result.batch_id}: wall {walls[-1]:.2f} s, cpu {cpus[-1]:.2f} s")
    if runs > 1:
        print(f"median of warm runs: wall {statistics.median(walls[1:]):.2f} s, cpu {statistics.median(cpus[1:]):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
