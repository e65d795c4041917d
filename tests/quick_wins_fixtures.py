"""A small quick_wins dataset whose figures are worked out by hand in the tests (see the comments per programme).

The current state is taken on 2024-05-30 (FILTERS.end); the newest report before then is dated 2024-04-30, so the
previous report period is the state on 2024-03-31.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from binjai.filters import Filters
from data_sources import get_contract
from etl import warehouse

FILTERS = Filters(dt.date(2024, 1, 1), dt.date(2024, 5, 30), (), "custom")
NAN = float("nan")

# program_id, name, dimension, opd, horizon, start, target, [(report_date, progress, budget, spent, status, note)]
PROGRAMMES = [
    # A: 200 planned days. 31 Mar = day 90 (plan 45%), 30 Apr = day 120 (plan 60%, exactly 10 behind: on schedule),
    # 30 May = day 150 (plan 75%, 25 behind: at risk).
    ("QW-A", "Program A", "governance", "Diskominfo", "quick_win", "2024-01-01", "2024-07-19",
     [("2024-03-31", 40.0, 1e9, 3e8, None, "Pengadaan berjalan"), ("2024-04-30", 50.0, 1e9, 4e8, None, None)]),
    # B: 274 planned days to 31 Mar 2024; late from 1 Apr, but the file says on schedule on 30 Apr (file wins).
    ("QW-B", "Program B", "economy", "BPKPAD", "jangka_pendek", "2023-07-01", "2024-03-31",
     [("2024-02-29", 80.0, 2e9, 1.2e9, None, None), ("2024-04-30", 90.0, 2e9, 1.5e9, "sesuai_jadwal", "Uji coba")]),
    # C: completed in 2023, no budget.
    ("QW-C", "Program C", "governance", "Diskominfo", "quick_win", "2023-01-01", "2023-12-31",
     [("2023-11-30", 100.0, NAN, NAN, None, "Selesai")]),
    # D: 334 planned days from 1 Feb; on 30 May day 119 (plan 35.6%), 30% is on schedule. Spent unknown.
    # The report of 31 May lies after the period end and must be ignored.
    ("QW-D", "Program D", "society", "Dinas Sosial", "quick_win", "2024-02-01", "2024-12-31",
     [("2024-04-30", 30.0, 5e8, NAN, None, None), ("2024-05-31", 100.0, 5e8, 5e8, "selesai", None)]),
    # E: starts after the period.
    ("QW-E", "Program E", "environment", "DLH", "jangka_menengah", "2024-06-01", "2025-05-31",
     [("2024-06-30", 5.0, 3e9, 1e8, None, None)]),
    # F: target 31 Dec 2023, 70% in January: late, 151 days overdue on 30 May 2024. No budget.
    ("QW-F", "Program F", "living", "Dinas PUTR", "quick_win", "2023-01-01", "2023-12-31",
     [("2024-01-31", 70.0, NAN, NAN, None, "Kontraktor mundur")]),
]


def quick_wins_frame(programmes: list = PROGRAMMES) -> pd.DataFrame:
    """The programmes above as a typed quick_wins frame with the contract's columns."""
    rows = []
    for pid, name, dim, opd, horizon, start, target, reports in programmes:
        for report, progress, budget, spent, status, note in reports:
            rows.append({"program_id": pid, "program_name": name, "dimension": dim, "opd": opd, "horizon": horizon,
                         "start_date": start, "target_date": target, "report_date": report,
                         "progress_pct": progress, "budget_idr": budget, "spent_idr": spent, "status": status,
                         "note": note})
    frame = pd.DataFrame(rows, columns=get_contract("quick_wins").column_names)
    for column in ("start_date", "target_date", "report_date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    for column in ("progress_pct", "budget_idr", "spent_idr"):
        frame[column] = frame[column].astype(np.float64)
    for column in ("status", "note"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def load(db: Path, source: str, frame: pd.DataFrame) -> None:
    """Load one frame as a batch of `source` into the warehouse at `db`."""
    warehouse.load_frame(db, source, frame, file_name=f"{source}.csv", sha256=f"test-{source}", user="tester")


# ------------------------------------------------------------------ the other sources, for the overview tests
# Working days avoid the public holidays of the chosen weeks. Current period 1 Jan - 30 May 2024; previous equal
# period 3 Aug - 31 Dec 2023.
COMPLAINTS = [
    # current period: resolved in 3, 5 and 1 working days; two open (overdue); one rejected.
    {"complaint_id": "C1", "received_at": "2024-01-15 09:00", "status": "selesai", "resolved_at": "2024-01-18 10:00"},
    {"complaint_id": "C2", "received_at": "2024-01-16 09:00", "status": "selesai", "resolved_at": "2024-01-23 10:00"},
    {"complaint_id": "C3", "received_at": "2024-02-05 09:00", "status": "selesai", "resolved_at": "2024-02-06 10:00"},
    {"complaint_id": "C4", "received_at": "2024-03-04 09:00", "status": "diproses", "opd": "DLH"},
    {"complaint_id": "C5", "received_at": "2024-04-22 09:00", "status": "baru", "category": "Jalan & Drainase",
     "opd": "Dinas PUTR", "kelurahan": "Satria", "kecamatan": "Binjai Kota"},
    {"complaint_id": "C6", "received_at": "2024-05-06 09:00", "status": "ditolak", "resolved_at": "2024-05-07 10:00"},
    # previous period: resolved in 4, 2 and 5 working days; one still open (overdue).
    {"complaint_id": "P1", "received_at": "2023-09-04 09:00", "status": "selesai", "resolved_at": "2023-09-08 10:00"},
    {"complaint_id": "P2", "received_at": "2023-10-02 09:00", "status": "selesai", "resolved_at": "2023-10-04 10:00"},
    {"complaint_id": "P3", "received_at": "2023-10-02 09:00", "status": "diproses", "opd": "DLH"},
    {"complaint_id": "P4", "received_at": "2023-11-06 09:00", "status": "selesai", "resolved_at": "2023-11-13 10:00"},
]

CLEANUPS = [
    # report_id, reported_at, cleaned_at, waste_kg, kelurahan, kecamatan
    ("S1", "2024-01-10 08:00", "2024-01-12 10:00", 100.0, "Pahlawan", "Binjai Utara"),
    ("S2", "2024-02-10 08:00", "2024-02-11 10:00", 50.5, "Pahlawan", "Binjai Utara"),
    ("S3", "2024-03-10 08:00", None, NAN, "Satria", "Binjai Kota"),
    ("S4", "2024-05-29 08:00", "2024-06-02 10:00", 30.0, "Pahlawan", "Binjai Utara"),
    ("S5", "2023-12-20 08:00", "2024-01-05 10:00", 20.0, "Pahlawan", "Binjai Utara"),
    ("S6", "2023-09-01 08:00", "2023-09-03 10:00", 40.0, "Pahlawan", "Binjai Utara"),
]

APP_METRICS = [
    # app, metric, period, value, target, unit
    ("e-Kinerja", "asn_lapor_tepat_waktu", "2024-03-01", 88.0, 90.0, "%"),
    ("e-Kinerja", "asn_lapor_tepat_waktu", "2024-04-01", 91.0, 90.0, "%"),
    ("e-PBB", "penerimaan_pbb", "2024-05-01", 1.5e9, 2e9, "IDR"),
]


def saberling_frame(rows: list = CLEANUPS) -> pd.DataFrame:
    """Clean-up reports as a typed e_saberling frame (status from whether a cleaning date is given)."""
    records = [{"report_id": rid, "reported_at": reported, "kelurahan": kel, "kecamatan": kec,
                "latitude": 3.6, "longitude": 98.49, "site_type": "drainase",
                "status": "dibersihkan" if cleaned else "dilaporkan", "cleaned_at": cleaned, "waste_kg": kg,
                "volunteers": None, "team": None}
               for rid, reported, cleaned, kg, kel, kec in rows]
    frame = pd.DataFrame(records, columns=get_contract("e_saberling").column_names)
    for column in ("reported_at", "cleaned_at"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    for column in ("latitude", "longitude", "waste_kg"):
        frame[column] = frame[column].astype(np.float64)
    frame["volunteers"] = frame["volunteers"].astype("Int64")
    frame["team"] = frame["team"].astype(object)
    return frame


def app_metrics_frame(rows: list = APP_METRICS) -> pd.DataFrame:
    """Monthly application figures as a typed app_metrics frame."""
    frame = pd.DataFrame(rows, columns=["app", "metric", "period", "value", "target", "unit"])
    frame["period"] = pd.to_datetime(frame["period"]).astype("datetime64[ns]")
    return frame[get_contract("app_metrics").column_names]
