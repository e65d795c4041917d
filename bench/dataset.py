"""The scaled benchmark warehouse and the large e-Mas CSV, built from the deterministic sample generator."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from etl import sample, warehouse

# Rows per unit of sample scale (see etl.sample): complaints, clean-up reports, programmes.
PER_SCALE = {"e_mas": 20_000, "e_saberling": 4_000, "quick_wins": 40}


@dataclass(frozen=True)
class Volumes:
    """How much data the benchmark warehouse holds."""

    complaints: int
    reports: int
    programmes: int

    def scales(self) -> dict[str, float]:
        """The sample generator's scale for each source (app metrics have one series per metric at any scale)."""
        return {"e_mas": self.complaints / PER_SCALE["e_mas"], "e_saberling": self.reports / PER_SCALE["e_saberling"],
                "quick_wins": self.programmes / PER_SCALE["quick_wins"], "app_metrics": 1.0}


def seed_scaled(db: Path, volumes: Volumes) -> dict:
    """Generate every source at the wanted volume and load it as sample batches in one write; rows and seconds."""
    started = time.perf_counter()
    frames = {source: sample.generate(source, scale=scale) for source, scale in volumes.scales().items()}
    generated = time.perf_counter()
    with warehouse.writing(db) as con:
        for source, frame in frames.items():
            digest = hashlib.sha256(f"bench {source} {len(frame)}".encode()).hexdigest()
            warehouse.apply_batch(con, source, frame, file_name=f"bench {source}", sha256=digest, user="bench",
                                  is_sample=True)
    programmes = frames["quick_wins"]["program_id"].nunique()
    return {"rows": {source: len(frame) for source, frame in frames.items()}, "programmes": int(programmes),
            "generate_s": generated - started, "write_s": time.perf_counter() - generated,
            "file_mb": db.stat().st_size / 1e6}


def write_emas_csv(path: Path, rows: int, seed: int = 4242) -> dict:
    """A valid e-Mas CSV of about `rows` complaints (another seed than the warehouse, so most rows are changes)."""
    started = time.perf_counter()
    frame = sample.generate("e_mas", scale=rows / PER_SCALE["e_mas"], seed=seed)
    frame.to_csv(path, index=False)
    return {"rows": len(frame), "file_mb": path.stat().st_size / 1e6, "write_s": time.perf_counter() - started}
