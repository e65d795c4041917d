"""Complaint fixtures for the weekly brief: steady Poisson weeks with known injected changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from binjai import reference
from etl import warehouse
from tests.conftest import emas_frame

WEEK = "2026-W48"
MONDAY = dt.date(2026, 11, 23)
TODAY = dt.date(2026, 12, 1)
CATEGORIES = ("Jalan & Drainase", "Kebersihan & Sampah")
RATE = 14
UP_CELL, UP_COUNT = ("Binjai Timur", "Jalan & Drainase"), 40
DOWN_CELL, DOWN_RATE, DOWN_COUNT = ("Binjai Kota", "Kebersihan & Sampah"), 30, 4


def _weeks() -> list[dt.date]:
    """The brief's week, the 12 weeks before it and the same weeks (with their neighbours) of 3 earlier years."""
    weeks = [MONDAY - dt.timedelta(days=7 * i) for i in range(0, 13)]
    for back in (1, 2, 3):
        same = dt.date.fromisocalendar(2026 - back, 48, 1)
        weeks += [same + dt.timedelta(days=7 * i) for i in (-1, 0, 1)]
    return sorted(weeks)


def complaint_rows(seed: int, inject: bool) -> list[dict]:
    """Poisson counts per (kecamatan, category, week); with `inject`, the two known changes in the brief's week."""
    rng = np.random.default_rng(seed)
    places = reference.kelurahan().drop_duplicates("kecamatan").set_index("kecamatan")["kelurahan"]
    rows = []
    for week in _weeks():
        for kecamatan, kelurahan in places.items():
            for category in CATEGORIES:
                cell = (kecamatan, category)
                rate = DOWN_RATE if cell == DOWN_CELL else RATE
                count = int(rng.poisson(rate))
                if inject and week == MONDAY and cell in (UP_CELL, DOWN_CELL):
                    count = UP_COUNT if cell == UP_CELL else DOWN_COUNT
                for i in range(count):
                    when = pd.Timestamp(week) + pd.Timedelta(days=i % 7, hours=8 + i % 9, minutes=i % 60)
                    rows.append({"complaint_id": f"C{len(rows):06d}", "received_at": when, "category": category,
                                 "kelurahan": kelurahan, "kecamatan": kecamatan})
    return rows


def load(path: Path, rows: list[dict]) -> Path:
    """Load the rows as one e_mas batch."""
    warehouse.load_frame(path, "e_mas", emas_frame(rows), file_name="brief.csv", sha256=str(len(rows)), user="test")
    return path
