"""OPD accountability: OPDs ranked on the catalogue's service metrics, their monthly trend, their own targets,
event annotations for trends, and the records behind each OPD's overdue count (drill-through).

Per OPD, for the period's complaints: `emas_received`, `emas_resolved_on_time_pct`, `emas_median_days`, and now:
`emas_overdue_open` (open, past the deadline, not stale) and `qw_late` (its programmes late at the period end).
Targets come from data_sources/reference/opd_targets.csv (an OPD's own target for a metric; none are set until an
administrator enters them) and otherwise from the catalogue's target; events (floods, outages) from events.csv,
and Idul Fitri (Lebaran) from the `holidays` library.
"""

from __future__ import annotations

import datetime as dt

import holidays
import pandas as pd

from binjai import reference
from binjai import status as rule
from binjai.db import Warehouse
from binjai.filters import Filters
from binjai.metrics.catalogue import get
from binjai.queries import e_mas, quick_wins
from binjai.queries.overview import complete_months
from binjai.settings import REFERENCE_DIR

RANK_METRIC = "emas_resolved_on_time_pct"
LEBARAN = "Eid al-Fitr"


def targets() -> pd.DataFrame:
    """OPDs' own targets: opd, metric_id, target."""
    frame = pd.read_csv(REFERENCE_DIR / "opd_targets.csv", dtype={"opd": str, "metric_id": str, "target": float})
    return frame


def _target(own: pd.DataFrame, opd: str, metric_id: str) -> float | None:
    rows = own[(own["opd"] == opd) & (own["metric_id"] == metric_id)]
    return float(rows["target"].iloc[0]) if len(rows) else get(metric_id).target


def ranking(wh: Warehouse, filters: Filters, today: dt.date) -> pd.DataFrame:
    """Per OPD: received, resolved_on_time_pct, median_days, overdue_open, late_programmes, target, on_target, rank
    (best on-time share first; OPDs without complaints due last)."""
    levels = e_mas.service_levels(wh, filters, "opd", today=today).rename(columns={"key": "opd"})
    overdue = e_mas.overdue_complaints(wh, filters, today=today).groupby("opd").size().rename("overdue_open")
    programmes = quick_wins.latest_programmes(wh, filters)
    late = programmes[programmes["status"] == rule.TERLAMBAT].groupby("opd").size().rename("late_programmes")
    frame = pd.DataFrame({"opd": reference.opd()["opd"]})
    frame = frame.merge(levels[["opd", "received", "resolved_on_time_pct", "median_resolution_days"]], on="opd",
                        how="left").merge(overdue, on="opd", how="left").merge(late, on="opd", how="left")
    for column in ("received", "overdue_open", "late_programmes"):
        frame[column] = frame[column].fillna(0).astype(int)
    frame = frame[(frame["received"] > 0) | (frame["overdue_open"] > 0) | (frame["late_programmes"] > 0)]
    own = targets()
    frame["target"] = [_target(own, opd, RANK_METRIC) for opd in frame["opd"]]
    frame["on_target"] = [None if pd.isna(t) or pd.isna(v) else bool(v >= t)
                          for v, t in zip(frame["resolved_on_time_pct"], frame["target"], strict=True)]
    frame = frame.rename(columns={"median_resolution_days": "median_days"})
    frame = frame.sort_values(["resolved_on_time_pct", "overdue_open", "opd"], ascending=[False, True, True],
                              na_position="last", ignore_index=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame


def monthly(wh: Warehouse, filters: Filters, opd: str, today: dt.date) -> pd.DataFrame:
    """The OPD's complete months of the period: month, received, resolved_on_time_pct."""
    rows = []
    for month in complete_months(filters):
        head = e_mas.headline(wh, month, e_mas.Selection(opd=(opd,)), today=today)
        rows.append({"month": month.start, "received": head["received"],
                     "resolved_on_time_pct": head["resolved_on_time_pct"]})
    return pd.DataFrame(rows, columns=["month", "received", "resolved_on_time_pct"])


def events(start: dt.date, end: dt.date) -> pd.DataFrame:
    """Events to draw on trends between `start` and `end`: start, end, label_id, label_en (Lebaran and events.csv)."""
    listed = pd.read_csv(REFERENCE_DIR / "events.csv", dtype=str, keep_default_na=False)
    rows = [{"start": dt.date.fromisoformat(r["start"]), "end": dt.date.fromisoformat(r["end"] or r["start"]),
             "label_id": r["label_id"], "label_en": r["label_en"]} for r in listed.to_dict("records")]
    for day, name in holidays.Indonesia(years=range(start.year, end.year + 1)).items():
        if name == LEBARAN:
            rows.append({"start": day, "end": day + dt.timedelta(days=1), "label_id": "Idul Fitri",
                         "label_en": "Eid al-Fitr"})
    frame = pd.DataFrame(rows, columns=["start", "end", "label_id", "label_en"])
    return frame[(frame["end"] >= start) & (frame["start"] <= end)].sort_values("start", ignore_index=True)


def drill_overdue(wh: Warehouse, filters: Filters, opd: str, today: dt.date) -> pd.DataFrame:
    """The records behind an OPD's overdue count (same query as the count)."""
    return e_mas.overdue_complaints(wh, filters, selection=e_mas.Selection(opd=(opd,)), today=today)
