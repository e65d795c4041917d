"""The programme status rule, vectorised over pandas Series.

When a progress report gives no status, it is derived from progress against a linear plan:

- planned progress runs in a straight line from 0% on `start_date` to 100% on `target_date`
  (days elapsed / days planned, clipped to 0..100; a programme whose target equals its start is planned at 100%
  from that day on);
- **selesai** when progress is 100% (whatever the dates);
- **terlambat** when the "as of" date is after the target date and progress is below 100%;
- **perlu_perhatian** when progress is more than 10 percentage points behind the plan;
- **sesuai_jadwal** otherwise.

The "as of" date is the report date for a single report row, and the period end (or today) for the current state
of a programme. A status given in the file wins over the derived one; see `combine_status`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

SELESAI, SESUAI_JADWAL, PERLU_PERHATIAN, TERLAMBAT = "selesai", "sesuai_jadwal", "perlu_perhatian", "terlambat"
STATUS_ORDER: tuple[str, ...] = (TERLAMBAT, PERLU_PERHATIAN, SESUAI_JADWAL, SELESAI)
AT_RISK: tuple[str, ...] = (TERLAMBAT, PERLU_PERHATIAN)
ON_SCHEDULE: tuple[str, ...] = (SESUAI_JADWAL, SELESAI)
BEHIND_PLAN_POINTS = 10.0
COMPLETE_PCT = 100.0

DateLike = pd.Series | dt.date | pd.Timestamp | str


def _dates(value: DateLike, index: pd.Index | None) -> pd.Series:
    """A datetime64 Series (normalised to midnight) from a Series or a single date broadcast to `index`."""
    if isinstance(value, pd.Series):
        return pd.to_datetime(value).dt.normalize()
    return pd.Series(pd.Timestamp(value).normalize(), index=index)


def _index(*values: object) -> pd.Index | None:
    for value in values:
        if isinstance(value, pd.Series):
            return value.index
    return None


def planned_progress(start_date: DateLike, target_date: DateLike, as_of: DateLike) -> pd.Series:
    """Planned progress (0..100) on `as_of` for a linear plan from `start_date` (0%) to `target_date` (100%)."""
    index = _index(start_date, target_date, as_of)
    start, target, when = _dates(start_date, index), _dates(target_date, index), _dates(as_of, index)
    elapsed = (when - start).dt.days.astype("float64")
    planned_days = (target - start).dt.days.astype("float64")
    share = elapsed / planned_days.where(planned_days > 0)
    share = share.where(planned_days > 0, np.where(elapsed >= 0, 1.0, 0.0))
    return (share.clip(0, 1) * 100).round(1).rename("planned_pct")


def derive_status(progress_pct: pd.Series, start_date: DateLike, target_date: DateLike, as_of: DateLike
                  ) -> pd.Series:
    """The derived status per row (see the module docstring); missing progress gives a missing status."""
    index = _index(progress_pct, start_date, target_date, as_of)
    progress = pd.Series(progress_pct, index=index, dtype="float64") if not isinstance(progress_pct, pd.Series) \
        else progress_pct.astype("float64")
    start, target, when = _dates(start_date, index), _dates(target_date, index), _dates(as_of, index)
    behind = planned_progress(start, target, when) - progress
    status = np.select(
        [progress >= COMPLETE_PCT, when > target, behind > BEHIND_PLAN_POINTS],
        [SELESAI, TERLAMBAT, PERLU_PERHATIAN],
        SESUAI_JADWAL,
    ).astype(object)
    return pd.Series(np.where(progress.isna(), None, status), index=progress.index, dtype=object, name="status")


def combine_status(status_file: pd.Series, status_derived: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(status shown, disagrees): the file's status wins when given; disagrees is True when both differ."""
    given = status_file.where(status_file.notna() & status_file.astype(str).str.len().gt(0))
    shown = given.fillna(status_derived).astype(object)
    disagrees = given.notna() & given.ne(status_derived)
    return shown.rename("status"), disagrees.astype(bool).rename("status_disagrees")


def days_overdue(progress_pct: pd.Series, target_date: DateLike, as_of: DateLike) -> pd.Series:
    """Days past the target date on `as_of` for unfinished programmes; 0 when finished or not yet due."""
    index = _index(progress_pct, target_date, as_of)
    days = (_dates(as_of, index) - _dates(target_date, index)).dt.days
    late = (days > 0) & progress_pct.lt(COMPLETE_PCT)
    return days.where(late, 0).astype("int64").rename("days_overdue")
