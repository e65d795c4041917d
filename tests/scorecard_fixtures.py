"""A small hand-made warehouse for the scorecard, applications, slides and handout tests.

Period under test: 1 Jan - 30 Jun 2024 (June is the last full month); the figures each test expects are worked
out by hand in the test, from the rows below.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd

from binjai import settings
from binjai.filters import Filters
from data_sources import get_contract
from etl import warehouse
from tests.conftest import emas_frame

PERIOD = Filters(dt.date(2024, 1, 1), dt.date(2024, 6, 30), (), "custom")
TODAY = dt.date(2024, 7, 15)

TEST_MAP = """dimension,kind,item,weight
governance,app,e-Kinerja,1
governance,app,e-SSH,1
economy,app,e-PBB,1
economy,programme,QW-L1,1
governance,metric,usulan_masuk,2
bogus,app,e-Mas,1
living,app,e-Mas,x
"""


def typed(source: str, rows: list[dict], base: dict) -> pd.DataFrame:
    """A frame with the contract's columns and the stored dtypes; each row completes `base`."""
    contract = get_contract(source)
    frame = pd.DataFrame([base | row for row in rows], columns=contract.column_names)
    for column in contract.columns:
        kind = column.kind.name
        if kind in ("TIMESTAMP", "DATE", "MONTH"):
            frame[column.name] = pd.to_datetime(frame[column.name]).astype("datetime64[ns]")
        elif kind in ("DECIMAL", "LATITUDE", "LONGITUDE"):
            frame[column.name] = frame[column.name].astype("float64")
        elif kind == "INTEGER":
            frame[column.name] = frame[column.name].astype("Int64")
    return frame


def programme(pid: str, dimension: str, report: str, progress: float, status: str) -> dict:
    """One quick-win progress report with an explicit status (a status in the file wins over the derived one)."""
    return {"program_id": pid, "program_name": f"Program {pid}", "dimension": dimension, "report_date": report,
            "progress_pct": progress, "status": status}


QUICK_WINS = [
    programme("QW-G1", "governance", "2024-06-30", 100.0, "selesai"),
    programme("QW-G2", "governance", "2024-03-31", 20.0, "sesuai_jadwal"),
    programme("QW-G2", "governance", "2024-06-30", 40.0, "terlambat"),
    programme("QW-E1", "economy", "2024-06-30", 60.0, "sesuai_jadwal"),
    programme("QW-E2", "economy", "2024-06-30", 30.0, "perlu_perhatian"),
    programme("QW-E2", "economy", "2024-07-31", 100.0, "selesai"),
    programme("QW-E3", "economy", "2024-05-31", 50.0, "sesuai_jadwal"),
    programme("QW-L1", "living", "2024-06-30", 70.0, "sesuai_jadwal"),
]
QW_BASE = {"opd": "Diskominfo", "horizon": "quick_win", "start_date": "2024-01-01", "target_date": "2024-12-31",
           "budget_idr": 1e9, "spent_idr": 2e8, "note": None}


def metric(app: str, code: str, period: str, value: float, target: float | None) -> dict:
    """One monthly app_metrics row."""
    return {"app": app, "metric": code, "period": period, "value": value, "target": target, "unit": None}


APP_METRICS = [
    metric("e-Kinerja", "asn_lapor_tepat_waktu", "2023-06-01", 70.0, 85.0),
    metric("e-Kinerja", "asn_lapor_tepat_waktu", "2023-07-01", 75.0, 85.0),
    metric("e-Kinerja", "asn_lapor_tepat_waktu", "2024-04-01", 80.0, 85.0),
    metric("e-Kinerja", "asn_lapor_tepat_waktu", "2024-05-01", 86.0, 85.0),
    metric("e-Kinerja", "asn_lapor_tepat_waktu", "2024-06-01", 88.0, 90.0),
    metric("e-Kinerja", "asn_lapor_tepat_waktu", "2024-07-01", 99.0, 90.0),
    metric("e-SSH", "item_ssh_terbit", "2024-04-01", 30.0, 40.0),
    metric("e-SSH", "item_ssh_terbit", "2024-06-01", 50.0, 40.0),
    metric("e-PBB", "penerimaan_pbb", "2024-05-01", 1.5e9, 2.0e9),
    metric("e-Musrenbang", "usulan_masuk", "2024-06-01", 300.0, 200.0),
]

COMPLAINTS = [
    {"complaint_id": "M1", "received_at": "2024-05-03 09:00", "status": "selesai", "resolved_at": "2024-05-06 10:00"},
    {"complaint_id": "M2", "received_at": "2024-05-20 09:00"},
    {"complaint_id": "J1", "received_at": "2024-06-03 09:00", "status": "selesai", "resolved_at": "2024-06-05 10:00"},
    {"complaint_id": "J2", "received_at": "2024-06-10 09:00", "status": "selesai", "resolved_at": "2024-06-12 10:00",
     "kelurahan": "Kartini", "kecamatan": "Binjai Kota"},
    {"complaint_id": "J3", "received_at": "2024-06-20 09:00"},
]

CLEANUPS = [
    {"report_id": "S1", "reported_at": "2024-05-02 08:00", "status": "dibersihkan", "cleaned_at": "2024-05-04 10:00",
     "waste_kg": 120.0},
    {"report_id": "S2", "reported_at": "2024-06-02 08:00", "status": "dibersihkan", "cleaned_at": "2024-06-03 10:00",
     "waste_kg": 80.0},
    {"report_id": "S3", "reported_at": "2024-06-25 08:00", "status": "dilaporkan"},
]
SAB_BASE = {"kelurahan": "Pahlawan", "kecamatan": "Binjai Utara", "latitude": 3.62, "longitude": 98.49,
            "site_type": "drainase", "cleaned_at": None, "waste_kg": None, "volunteers": None, "team": None}


def build(db: Path, *, sample: bool = False) -> Path:
    """Load the four hand-made sources into `db` (marked as sample data when asked)."""
    frames = {"quick_wins": typed("quick_wins", QUICK_WINS, QW_BASE), "app_metrics": typed("app_metrics", APP_METRICS, {}),
              "e_mas": emas_frame(COMPLAINTS), "e_saberling": typed("e_saberling", CLEANUPS, SAB_BASE)}
    for source, frame in frames.items():
        warehouse.load_frame(db, source, frame, file_name=f"{source}.csv", sha256=f"fixture-{source}", user="tester",
                             is_sample=sample)
    return db


def reference_copy(tmp: Path, map_text: str) -> Path:
    """A copy of the reference folder whose dimension map is `map_text`."""
    target = tmp / "reference"
    shutil.copytree(settings.REFERENCE_DIR, target)
    (target / "dimension_map.csv").write_text(map_text, encoding="utf-8")
    return target
