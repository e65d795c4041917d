"""Quick-win programme progress: current state, change since the previous report period, history and breakdowns.

The current state of a programme is its latest report on or before the "as of" date, with the status rule of
`binjai.status` applied as of that date (the period end, or today without filters). Programme rows carry no
kecamatan, so the kecamatan filter does not apply here.

"Change since the previous report period" compares with the state as of the end of the calendar month before the
month of the newest report in the current state (monthly reports: the report before the latest one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from binjai import clock
from binjai import status as rule
from binjai.db import Warehouse
from binjai.filters import Filters

_COLUMNS = ("program_id", "program_name", "dimension", "opd", "horizon", "start_date", "target_date", "report_date",
            "progress_pct", "budget_idr", "spent_idr", "status_file", "note")
OUTPUT_COLUMNS = ("program_id", "program_name", "dimension", "opd", "horizon", "start_date", "target_date",
                  "report_date", "progress_pct", "planned_pct", "budget_idr", "spent_idr", "spent_pct", "status_file",
                  "status_derived", "status", "status_disagrees", "days_overdue", "note")
GROUP_COLUMNS = ("dimension", "opd")
_SELECTION_COLUMNS = {"dimensions": "dimension", "opds": "opd", "horizons": "horizon"}


@dataclass(frozen=True)
class Selection:
    """The page's own filters: empty tuples mean "all"."""

    dimensions: tuple[str, ...] = ()
    opds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    horizons: tuple[str, ...] = ()

    def where(self) -> tuple[str, list]:
        """SQL predicate and parameters for dimension, OPD and horizon (status is filtered after derivation)."""
        clauses, params = ["TRUE"], []
        for field, column in _SELECTION_COLUMNS.items():
            values = getattr(self, field)
            if values:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)
        return " AND ".join(clauses), params


ALL = Selection()
URL_PARAMS = {"dimensions": "dimensi", "opds": "opd", "statuses": "status", "horizons": "tahapan"}


def selection_from_params(params: dict[str, str], choices: dict[str, list[str]]) -> Selection:
    """The page filters from URL parameters (comma-separated), keeping only values that exist."""
    allowed = {"dimensions": choices.get("dimension", []), "opds": choices.get("opd", []),
               "statuses": list(rule.STATUS_ORDER), "horizons": choices.get("horizon", [])}
    picked = {field: tuple(v for v in str(params.get(name, "")).split(",") if v in allowed[field])
              for field, name in URL_PARAMS.items()}
    return Selection(**picked)


def selection_to_params(selection: Selection) -> dict[str, str]:
    """URL parameters for the page filters (only those that are set)."""
    return {name: ",".join(getattr(selection, field)) for field, name in URL_PARAMS.items()
            if getattr(selection, field)}


def as_of_date(filters: Filters | None) -> dt.date:
    """The date the current state is taken on: the period end, or today (WIB) without filters."""
    return filters.end if filters is not None else clock.today()


def _snapshots(wh: Warehouse, dates: list[dt.date], selection: Selection) -> pd.DataFrame:
    """For each date: every programme's latest report on or before it, with the status as of that date."""
    where, params = selection.where()
    frame = wh.query(
        "SELECT d.as_of, q.program_id, q.program_name, q.dimension, q.opd, q.horizon, q.start_date, q.target_date, "
        "q.report_date, q.progress_pct, q.budget_idr, q.spent_idr, q.status AS status_file, q.note "
        f"FROM as_of_dates d JOIN quick_wins q ON q.report_date <= d.as_of WHERE {where} "
        "QUALIFY row_number() OVER (PARTITION BY d.as_of, q.program_id ORDER BY q.report_date DESC) = 1 "
        "ORDER BY d.as_of, q.program_id",
        params,
        frames={"as_of_dates": pd.DataFrame({"as_of": pd.to_datetime(pd.Series(dates, dtype=object))})},
    )
    return _with_status(frame, frame["as_of"], selection)


def _with_status(frame: pd.DataFrame, as_of: pd.Series | dt.date, selection: Selection) -> pd.DataFrame:
    """Add planned progress, derived and shown status, disagreement, budget share and days overdue."""
    out = frame.copy()
    for column in ("start_date", "target_date", "report_date"):
        out[column] = pd.to_datetime(out[column])
    out["planned_pct"] = rule.planned_progress(out["start_date"], out["target_date"], as_of)
    out["status_derived"] = rule.derive_status(out["progress_pct"], out["start_date"], out["target_date"], as_of)
    out["status_file"] = out["status_file"].astype(object).where(out["status_file"].notna(), None)
    out["status"], out["status_disagrees"] = rule.combine_status(out["status_file"], out["status_derived"])
    budget = out["budget_idr"].where(out["budget_idr"] > 0)
    out["spent_pct"] = (out["spent_idr"] / budget * 100).round(1)
    out["days_overdue"] = rule.days_overdue(out["progress_pct"], out["target_date"], as_of)
    if selection.statuses:
        out = out[out["status"].isin(selection.statuses)]
    return out.reset_index(drop=True)


def latest_programmes(wh: Warehouse, filters: Filters | None = None, selection: Selection = ALL) -> pd.DataFrame:
    """One row per programme at its latest report on or before the period end (today without filters); read once
    per database version and reused by every figure of a page."""
    return _snapshot_at(wh, as_of_date(filters), selection)[list(OUTPUT_COLUMNS)]


def _snapshot_at(wh: Warehouse, as_of: dt.date, selection: Selection) -> pd.DataFrame:
    """`_snapshots` of one date, read once per database version (the pages' figures share it)."""
    return wh.shared(("quick_wins.snapshot", as_of, selection), lambda: _snapshots(wh, [as_of], selection))


def timeline_rows(wh: Warehouse, filters: Filters | None = None, selection: Selection = ALL) -> pd.DataFrame:
    """Programmes active in the period: the current state without those completed before the period start."""
    frame = latest_programmes(wh, filters, selection)
    if filters is None:
        return frame
    finished_before = (frame["progress_pct"] >= rule.COMPLETE_PCT) & (frame["report_date"] < pd.Timestamp(filters.start))
    return frame[~finished_before].reset_index(drop=True)


def previous_as_of(latest_report: object) -> dt.date | None:
    """The end of the calendar month before the month of `latest_report` (None when there is no report)."""
    if latest_report is None or pd.isna(latest_report):
        return None
    first_of_month = pd.Timestamp(latest_report).date().replace(day=1)
    return first_of_month - dt.timedelta(days=1)


def figures(frame: pd.DataFrame) -> dict[str, float | int | None]:
    """Programme count, count per status, average progress and budget realisation of one snapshot."""
    counts = frame["status"].value_counts()
    funded = frame[(frame["budget_idr"] > 0) & frame["spent_idr"].notna()]
    budget, spent = float(funded["budget_idr"].sum()), float(funded["spent_idr"].sum())
    out: dict[str, float | int | None] = {"programmes": len(frame)}
    out |= {code: int(counts.get(code, 0)) for code in rule.STATUS_ORDER}
    out["avg_progress"] = round(float(frame["progress_pct"].mean()), 1) if len(frame) else None
    out["budget_idr"], out["spent_idr"] = budget, spent
    out["spent_pct"] = round(spent / budget * 100, 1) if budget > 0 else None
    return out


def summary(wh: Warehouse, filters: Filters | None = None, selection: Selection = ALL) -> dict[str, object]:
    """Figures now and at the previous report period: {as_of, previous_as_of, current, previous}."""
    as_of = as_of_date(filters)
    current = _snapshot_at(wh, as_of, selection)
    before = previous_as_of(current["report_date"].max() if len(current) else None)
    previous = _snapshot_at(wh, before, selection) if before is not None else current.iloc[0:0]
    return {"as_of": as_of, "previous_as_of": before, "current": figures(current), "previous": figures(previous)}


def history(wh: Warehouse, program_id: str, filters: Filters | None = None) -> pd.DataFrame:
    """Every report of one programme up to the period end, each with the status rule applied as of its date."""
    frame = wh.query(
        "SELECT program_id, program_name, dimension, opd, horizon, start_date, target_date, report_date, "
        "progress_pct, budget_idr, spent_idr, status AS status_file, note FROM quick_wins "
        "WHERE program_id = ? AND report_date <= ? ORDER BY report_date",
        [program_id, as_of_date(filters)],
    )
    frame["report_date"] = pd.to_datetime(frame["report_date"])
    return _with_status(frame, frame["report_date"], ALL)[list(OUTPUT_COLUMNS)]


def breakdown(wh: Warehouse, filters: Filters | None, selection: Selection, by: str) -> pd.DataFrame:
    """Programmes per group (dimension or OPD) and status, long form with every status, plus average progress.

    Groups come lowest average progress first; statuses in STATUS_ORDER.
    """
    if by not in GROUP_COLUMNS:
        raise ValueError(f"breakdown by {by!r}; expected one of {GROUP_COLUMNS}")
    frame = latest_programmes(wh, filters, selection)
    # rounded as `summary` and the catalogue round (Python's round, not numpy's half-to-even on the binary value)
    average = frame.groupby(by)["progress_pct"].mean().map(lambda v: round(float(v), 1)).sort_values(kind="stable")
    rows = [{"group": group, "status": code, "programmes": int(((frame[by] == group) & (frame["status"] == code)).sum()),
             "avg_progress": float(mean)}
            for group, mean in average.items() for code in rule.STATUS_ORDER]
    return pd.DataFrame(rows, columns=["group", "status", "programmes", "avg_progress"])


def needing_attention(wh: Warehouse, filters: Filters | None = None, selection: Selection = ALL) -> pd.DataFrame:
    """Late and at-risk programmes: late ones first by days overdue, then by how far behind plan."""
    frame = latest_programmes(wh, filters, selection)
    frame = frame[frame["status"].isin(rule.AT_RISK)].copy()
    frame["behind_plan"] = (frame["planned_pct"] - frame["progress_pct"]).round(1)
    frame["late_first"] = np.where(frame["status"] == rule.TERLAMBAT, 0, 1)
    frame = frame.sort_values(["late_first", "days_overdue", "behind_plan"], ascending=[True, False, False])
    return frame.drop(columns="late_first").reset_index(drop=True)


def monthly_status(wh: Warehouse, filters: Filters, selection: Selection = ALL, months: int = 12) -> pd.DataFrame:
    """Programmes per status at the last `months` month ends of the period, the last point being the period end."""
    month_ends = [day for day in pd.date_range(filters.start, filters.end, freq="ME").date if day < filters.end]
    dates = month_ends[len(month_ends) - max(months - 1, 0):] + [filters.end]
    frame = _snapshots(wh, dates, selection)
    rows = []
    for day in dates:
        statuses = frame.loc[frame["as_of"] == pd.Timestamp(day), "status"]
        counts = {code: int((statuses == code).sum()) for code in rule.STATUS_ORDER}
        total = len(statuses)
        on_schedule = sum(counts[code] for code in rule.ON_SCHEDULE)
        rows.append({"as_of": day, **counts, "programmes": total,
                     "on_schedule_pct": round(on_schedule / total * 100, 1) if total else None})
    return pd.DataFrame(rows, columns=["as_of", *rule.STATUS_ORDER, "programmes", "on_schedule_pct"])


def options(wh: Warehouse) -> dict[str, list[str]]:
    """Values present in the data for the page's filters: dimension, opd and horizon."""
    return {column: wh.query(f"SELECT DISTINCT {column} AS v FROM quick_wins WHERE {column} IS NOT NULL ORDER BY 1")
            ["v"].tolist() for column in ("dimension", "opd", "horizon")}


def programme_names(wh: Warehouse, filters: Filters | None = None, selection: Selection = ALL) -> pd.DataFrame:
    """program_id and program_name of the programmes in the current selection, by id (for a picker)."""
    return latest_programmes(wh, filters, selection)[["program_id", "program_name"]]
