"""Load throughput: the full validation path (command line and its phases) against a bare DuckDB read_csv.

Run as `python -m bench.load phases DB CSV` or `python -m bench.load floor CSV` (one JSON line on stdout); the
benchmark starts these as separate processes so that each one's peak memory is its own.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_measured(command: list[str]) -> dict:
    """Run a process to its end: wall seconds, peak resident memory (MB), exit code and its output's tail."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "returncode": process.returncode,
                "stdout": out.read().decode(errors="replace")[-4000:],
                "stderr": err.read().decode(errors="replace")[-4000:]}


def measure_load(warehouse_file: Path, csv_file: Path, workdir: Path) -> dict:
    """The command-line load of `csv_file` into a copy of the warehouse, its phases, and the bare read floor."""
    python = sys.executable
    target = workdir / "load_target.duckdb"
    shutil.copyfile(warehouse_file, target)
    cli = run_measured([python, "-m", "etl", "--db", str(target), "load", "e_mas", str(csv_file), "--user", "bench"])
    shutil.copyfile(warehouse_file, target)
    phases_run = run_measured([python, "-m", "bench.load", "phases", str(target), str(csv_file)])
    floor_run = run_measured([python, "-m", "bench.load", "floor", str(csv_file)])
    target.unlink(missing_ok=True)
    phases = _last_json(phases_run)
    floor = _last_json(floor_run)
    return {"cli": cli, "phases": phases, "phases_peak_mb": phases_run["peak_mb"], "floor": floor,
            "floor_peak_mb": floor_run["peak_mb"]}


def _last_json(run: dict) -> dict:
    lines = [line for line in run["stdout"].splitlines() if line.startswith("{")]
    if run["returncode"] != 0 or not lines:
        return {"error": run["stderr"][-500:]}
    return json.loads(lines[-1])


def phase_breakdown(db: Path, csv_file: Path) -> dict:
    """Seconds spent reading, validating and writing one file through the loader's own functions."""
    from data_sources import get_contract
    from etl import parsing, warehouse
    from etl.loading import sha256
    from etl.validate import validate_raw

    timings: dict[str, float] = {}
    started = time.perf_counter()
    data = csv_file.read_bytes()
    raw = parsing.read_table(data, csv_file.name, preferred_sheet="e_mas")
    timings["read_s"] = time.perf_counter() - started
    mark = time.perf_counter()
    validation = validate_raw(get_contract("e_mas"), raw)
    timings["validate_s"] = time.perf_counter() - mark
    if not validation.ok:
        return timings | {"errors": len(validation.errors), "first_error": validation.errors[0].describe("en")}
    mark = time.perf_counter()
    result = warehouse.load_frame(db, "e_mas", validation.frame, file_name=csv_file.name, sha256=sha256(data),
                                  user="bench", rows_read=validation.rows_read)
    timings["write_s"] = time.perf_counter() - mark
    timings["total_s"] = time.perf_counter() - started
    return timings | {"rows_read": result.rows_read, "inserted": result.inserted, "updated": result.updated,
                      "unchanged": result.unchanged}


def bare_read(csv_file: Path, repeats: int = 3) -> dict:
    """The floor: DuckDB's own read_csv of the same file into a table, nothing checked (median of `repeats`)."""
    import duckdb

    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        con = duckdb.connect(":memory:")
        con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(csv_file)])
        rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
        con.close()
        runs.append(time.perf_counter() - started)
    return {"seconds": statistics.median(runs), "runs": runs, "rows": int(rows)}


def main(argv: list[str]) -> int:
    """Entry point of the helper processes."""
    if argv[:1] == ["phases"] and len(argv) == 3:
        print(json.dumps(phase_breakdown(Path(argv[1]), Path(argv[2]))))
        return 0
    if argv[:1] == ["floor"] and len(argv) == 2:
        print(json.dumps(bare_read(Path(argv[1]))))
        return 0
    print("usage: python -m bench.load phases DB CSV | floor CSV", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
