"""Issue 14: the page and load figures at 10 million complaints on DuckLake (PostgreSQL 15 catalog, local data
folder), beside a DuckDB file holding the same data. Writes bench/LAKE_SCALE.md (run on purpose, not in CI):

    .venv/bin/python -m bench.lake_scale                                  # 10 M complaints, 2 M clean-up reports
    .venv/bin/python -m bench.lake_scale --complaints 2000 --reports 400 --programmes 40 --out /tmp/x.md  # smoke

Steps: a private PostgreSQL (scripts/postgres.sh) holds the catalog; the data is generated in chunks and written
one batch per chunk through `etl.warehouse.apply_batch` (bench/lake_build.py); `etl compact` runs (the default
windows, then with zero days to show what the deleted files took); the lake is copied into a DuckDB file; every
public page runs cold and warm on both (AppTest, bench/pages.py); a 5,000-row staff CSV is loaded into each with
`python -m etl load`. Each step is its own process, so its wall time and peak memory are its own.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.load import run_measured
from bench.run import machine

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = ROOT / "scripts" / "postgres.sh"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.lake_scale", description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=10_000_000)
    parser.add_argument("--reports", type=int, default=2_000_000, help="e-Saberling clean-up reports")
    parser.add_argument("--programmes", type=int, default=500)
    parser.add_argument("--chunk", type=int, default=1_000_000, help="rows per written batch")
    parser.add_argument("--upload-rows", type=int, default=5_000, help="rows of the staff CSV loaded at the end")
    parser.add_argument("--warm", type=int, default=3, help="warm runs per page (the median is reported)")
    parser.add_argument("--pages", nargs="*", help="page ids to measure (default: every public page)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "out" / "lake_scale")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "LAKE_SCALE.md")
    parser.add_argument("--report-only", action="store_true", help="re-render the report from results.json")
    parser.add_argument("--compare", type=Path, help="results.json of another run, its page table added")
    parser.add_argument("--compare-title", default="Another run", help="the heading of that table")
    parser.add_argument("--notes-file", type=Path, help="Markdown appended to the report as the analysis")
    return parser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def folder_stats(folder: Path) -> dict:
    """Parquet files and bytes under the lake's data folder."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    return {"files": len(files), "mb": sum(path.stat().st_size for path in files) / 1e6,
            "parquet": sum(1 for path in files if path.suffix == ".parquet")}


def _python(*args: str) -> list[str]:
    return [sys.executable, *args]


def _step(results: dict, name: str, command: list[str], state: Path) -> dict:
    """Run one measured step in its own process; its JSON answer (if any) is kept under `name`."""
    print(f"{name} ...", flush=True)
    answer_file = state.with_name(f"{name}.json")
    ours = command[1:3] == ["-m", "bench.lake_scale"]
    run = run_measured(command + (["--answer", str(answer_file)] if ours else []))
    answer = json.loads(answer_file.read_text(encoding="utf-8")) if ours and run["returncode"] == 0 else {}
    results[name] = {"seconds": run["seconds"], "peak_mb": run["peak_mb"], "returncode": run["returncode"],
                     "stdout": run["stdout"][-1500:], "stderr": run["stderr"][-1500:]} | answer
    state.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    if run["returncode"] != 0:
        raise RuntimeError(f"{name} failed:\n{run['stderr'][-3000:]}")
    return results[name]


def measure(args: argparse.Namespace) -> dict:
    """Every step, with a private PostgreSQL started before and stopped after."""
    work = args.workdir.resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    pg_parent = Path(tempfile.mkdtemp(prefix="binjai-lake-scale-"))
    pg_parent.chmod(0o755)  # PostgreSQL runs as the `postgres` user, which must reach its folder
    pg = pg_parent / "cluster"
    state, data, db = work / "results.json", work / "lake", work / "same_data.duckdb"
    results: dict = {"meta": machine() | {"command": "python -m bench.lake_scale " + shlex.join(sys.argv[1:])}}
    results["volumes"] = {"complaints": args.complaints, "reports": args.reports, "programmes": args.programmes,
                          "chunk": args.chunk}
    port = _free_port()
    subprocess.run(["bash", str(POSTGRES), "start", str(pg), str(port)], check=True)
    address = f"ducklake+postgresql://postgres@127.0.0.1:{port}/binjai?data_path={data}/"
    pages = ["--pages", *args.pages] if args.pages else []
    try:
        _step(results, "build", _python("-m", "bench.lake_scale", "build", address, "--complaints",
                                        str(args.complaints), "--reports", str(args.reports), "--programmes",
                                        str(args.programmes), "--chunk", str(args.chunk)), state)
        results["folder_before"] = folder_stats(data)
        _step(results, "compact", _python("-m", "etl", "--db", address, "--lang", "en", "compact"), state)
        results["folder_after"] = folder_stats(data)
        _step(results, "compact_now", _python("-m", "etl", "--db", address, "--lang", "en", "compact",
                                              "--keep-days", "0", "--file-days", "0"), state)
        results["folder_after_now"] = folder_stats(data)
        _step(results, "copy", _python("-m", "bench.lake_scale", "copy", address, str(db)), state)
        for name, target in (("pages_lake", address), ("pages_file", f"duckdb://{db}")):
            _step(results, name, _python("-m", "bench.lake_scale", "pages", target, "--warm", str(args.warm),
                                         *pages), state)
        _step(results, "staff_file", _python("-m", "bench.lake_scale", "staff", address, str(work / "upload.csv"),
                                             "--rows", str(args.upload_rows)), state)
        for name, target in (("load_lake", address), ("load_file", str(db))):
            _step(results, name, _python("-m", "etl", "--db", target, "--lang", "en", "load", "e_mas",
                                         str(work / "upload.csv"), "--user", "bench"), state)
        results["folder_end"] = folder_stats(data)
    finally:
        subprocess.run(["bash", str(POSTGRES), "stop", str(pg)], check=False)
        shutil.rmtree(pg_parent, ignore_errors=True)
    results["meta"]["load_after"] = os.getloadavg()[0]
    results["meta"]["finished"] = time.strftime("%Y-%m-%d %H:%M %Z")
    state.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return results


def worker(argv: list[str]) -> None:
    """The steps that run in their own process: build, copy, pages, staff (their answer as a JSON file)."""
    parser = argparse.ArgumentParser(prog="python -m bench.lake_scale STEP")
    parser.add_argument("step", choices=("build", "copy", "pages", "staff"))
    parser.add_argument("target")
    parser.add_argument("path", nargs="?")
    parser.add_argument("--complaints", type=int)
    parser.add_argument("--reports", type=int)
    parser.add_argument("--programmes", type=int)
    parser.add_argument("--chunk", type=int)
    parser.add_argument("--rows", type=int)
    parser.add_argument("--warm", type=int, default=3)
    parser.add_argument("--pages", nargs="*")
    parser.add_argument("--version-via-duckdb", action="store_true",
                        help="pages: the reader asks DuckLake for the snapshot id, as before binjai.lake.CatalogProbe")
    parser.add_argument("--answer", type=Path, required=True, help="where the step writes its JSON answer")
    args = parser.parse_args(argv)
    from bench import lake_build

    if args.step == "build":
        answer = lake_build.build_lake(args.target, args.complaints, args.reports, args.programmes, args.chunk)
    elif args.step == "copy":
        answer = lake_build.copy_to_file(args.target, Path(args.path)) | {"rows": lake_build.row_counts(args.path)}
    elif args.step == "staff":
        answer = lake_build.staff_file(args.target, Path(args.path), args.rows)
    else:
        answer = {"pages": _pages(args.target, args.pages, args.warm, args.version_via_duckdb)}
    args.answer.write_text(json.dumps(answer, indent=2, default=str), encoding="utf-8")


def _version_via_duckdb(self: object) -> object:
    """The reader's version check before binjai.lake.CatalogProbe: a DuckLake query on a cursor."""
    from binjai import db, lake

    cursor = self._cursor()
    try:
        return db.LakeVersion(lake.snapshot_id(cursor))
    finally:
        cursor.close()


def _pages(target: str, page_ids: list[str] | None, warm: int, version_via_duckdb: bool = False) -> list[dict]:
    """Every public page (or those named) on the warehouse `target`, as a visitor who is not signed in."""
    if version_via_duckdb:
        from binjai import db

        db.LakeWarehouse.version = _version_via_duckdb
    os.environ["BINJAI_WAREHOUSE"] = target
    os.environ["BINJAI_ACCOUNTS"] = str(Path(os.environ.get("TMPDIR", "/tmp")) / f"lake-scale-{os.getpid()}.toml")
    from bench.pages import measure_pages
    from binjai.ui.pages import PAGES

    specs = [spec for spec in PAGES if spec.exists and not (spec.staff_only or spec.admin_only)
             and (not page_ids or spec.page_id in page_ids)]
    return measure_pages(None, specs, warm)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or one of its steps) and write the report."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] and argv[0] in ("build", "copy", "pages", "staff"):
        worker(argv)
        return 0
    args = _parser().parse_args(argv)
    from bench.lake_report import render

    if args.report_only:
        results = json.loads((args.workdir / "results.json").read_text(encoding="utf-8"))
    else:
        results = measure(args)
    if args.notes_file:
        results["notes"] = args.notes_file.read_text(encoding="utf-8")
    other = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None
    args.out.write_text(render(results, other, args.compare_title), encoding="utf-8")
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
