"""The 10-million-complaint warehouse for `bench.lake_scale`: built in chunks through the real write path
(`etl.warehouse.apply_batch`, one batch and one DuckLake transaction per chunk), copied table by table into a
DuckDB file for comparison, and a realistic staff upload (new, updated and unchanged complaints)."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench.dataset import PER_SCALE
from binjai import extensions, lake, schema
from data_sources import get_contract
from etl import sample, warehouse

ID_WIDTH = 7  # digits of the per-year number: about 1.5 M complaints a year at 10 M
SOURCES = ("quick_wins", "e_mas", "e_saberling", "app_metrics")
ID_COLUMNS = {"e_mas": ("complaint_id", "EMAS"), "e_saberling": ("report_id", "SBL")}


def renumber(frame: pd.DataFrame, source: str, offsets: dict[int, int]) -> pd.DataFrame:
    """Give a chunk's ids (PREFIX-YYYY-NNN, numbered per year from 1) numbers after those of earlier chunks;
    `offsets` (year -> numbers used) is updated."""
    column, prefix = ID_COLUMNS[source]
    parts = frame[column].str.split("-", expand=True)
    year, number = parts[1].astype(int), parts[2].astype(np.int64)
    number = number + year.map(offsets).fillna(0).astype(np.int64)
    frame[column] = prefix + "-" + parts[1] + "-" + number.astype(str).str.zfill(ID_WIDTH)
    for found, count in year.value_counts().items():
        offsets[int(found)] = offsets.get(int(found), 0) + int(count)
    return frame


def chunks(total: int, size: int) -> list[int]:
    """Row counts of the chunks that make up `total` rows."""
    return [min(size, total - start) for start in range(0, total, size)] if total > 0 else []


def _write(address: str, source: str, frame: pd.DataFrame, label: str) -> int | None:
    digest = hashlib.sha256(f"lake-scale {label}".encode()).hexdigest()
    result = warehouse.write(address, lambda con: warehouse.apply_batch(
        con, source, frame, file_name=label, sha256=digest, user="bench", is_sample=True))
    return result.batch_id


def build_lake(address: str, complaints: int, reports: int, programmes: int, chunk: int) -> dict:
    """Generate every source and write it into the lake, one batch per chunk; rows, seconds and batches."""
    timings: dict[str, float] = {"generate_s": 0.0, "write_s": 0.0}
    batches = []
    plan = {"e_mas": complaints, "e_saberling": reports}
    for source, total in plan.items():
        offsets: dict[int, int] = {}
        for number, rows in enumerate(chunks(total, chunk)):
            started = time.perf_counter()
            frame = sample.generate(source, scale=rows / PER_SCALE[source], seed=sample.SAMPLE_SEED + 101 * number)
            frame = renumber(frame, source, offsets)
            generated = time.perf_counter()
            batch_id = _write(address, source, frame, f"{source} chunk {number + 1}")
            written = time.perf_counter()
            timings["generate_s"] += generated - started
            timings["write_s"] += written - generated
            batches.append({"source": source, "rows": len(frame), "batch_id": batch_id,
                            "write_s": round(written - generated, 2)})
            print(f"  {source} chunk {number + 1}: {len(frame):,} rows, {written - generated:.1f} s", flush=True)
            del frame
    for source, scale in (("quick_wins", programmes / PER_SCALE["quick_wins"]), ("app_metrics", 1.0)):
        started = time.perf_counter()
        frame = sample.generate(source, scale=scale)
        generated = time.perf_counter()
        batch_id = _write(address, source, frame, f"{source} {len(frame)}")
        timings["generate_s"] += generated - started
        timings["write_s"] += time.perf_counter() - generated
        batches.append({"source": source, "rows": len(frame), "batch_id": batch_id,
                        "write_s": round(time.perf_counter() - generated, 2)})
    return timings | {"batches": batches, "rows": row_counts(address)}


def row_counts(address: str | Path) -> dict[str, int]:
    """Rows of each source's current table."""
    con = lake.connect(str(address)) if lake.is_lake(address) else warehouse.reading(Path(address))
    try:
        return {source: int(con.execute(f"SELECT count(*) FROM {schema.quote(source)}").fetchone()[0])
                for source in SOURCES}
    finally:
        con.close()


def copy_to_file(address: str, db: Path) -> dict:
    """Copy every warehouse table of the lake into a new DuckDB file through the file's write path."""
    started = time.perf_counter()
    for stale in db.parent.glob(db.name + "*"):
        stale.unlink()
    url = lake.parse(address)
    with warehouse.writing(db) as con:
        extensions.load(con, "postgres_scanner", "ducklake")
        con.execute(f"ATTACH {schema.literal(url.attach_target())} AS src "
                    f"(DATA_PATH {schema.literal(url.data_path)}, READ_ONLY)")
        for table, columns in schema.tables().items():
            names = ", ".join(schema.quote(name) for name, _ in columns)
            con.execute(f"DELETE FROM {schema.quote(table)}")
            con.execute(f"INSERT INTO {schema.quote(table)} ({names}) SELECT {names} FROM src.{schema.quote(table)}")
        con.execute("DETACH src")
    return {"copy_s": time.perf_counter() - started, "file_mb": db.stat().st_size / 1e6}


def staff_file(address: str, path: Path, rows: int = 5_000) -> dict:
    """A weekly e-Mas export as staff upload it (Indonesian CSV: `;`, decimal comma, dd/mm/yyyy): 10% of the rows
    the newest complaints unchanged, 20% verified complaints now in progress, the rest new complaints."""
    unchanged, updated = rows // 10, rows // 5
    con = lake.connect(address)
    try:
        columns = ", ".join(schema.quote(c) for c in get_contract("e_mas").column_names)
        same = con.execute(f"SELECT {columns} FROM e_mas ORDER BY received_at DESC LIMIT ?", [unchanged]).df()
        moved = con.execute(f"SELECT {columns} FROM e_mas WHERE status = 'diverifikasi' AND complaint_id NOT IN "
                            "(SELECT complaint_id FROM e_mas ORDER BY received_at DESC LIMIT ?) "
                            "ORDER BY received_at DESC LIMIT ?", [unchanged, updated]).df()
        used = dict(con.execute("SELECT CAST(split_part(complaint_id, '-', 2) AS INTEGER), "
                                "max(CAST(split_part(complaint_id, '-', 3) AS BIGINT)) FROM e_mas GROUP BY 1").fetchall())
    finally:
        con.close()
    moved["status"] = "diproses"
    fresh = sample.generate("e_mas", scale=(rows - len(same) - len(moved)) / PER_SCALE["e_mas"], seed=777)
    fresh = renumber(fresh, "e_mas", {int(year): int(n) for year, n in used.items()})
    frame = pd.concat([same, moved, fresh], ignore_index=True)
    frame.to_csv(path, sep=";", decimal=",", index=False, date_format="%d/%m/%Y %H:%M:%S")
    return {"rows": len(frame), "unchanged": len(same), "updated": len(moved), "new": len(fresh),
            "file_kb": path.stat().st_size / 1e3}
