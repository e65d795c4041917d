"""Working days (hari kerja) in Indonesia: Monday to Friday, national public holidays excluded.

Holidays come from the maintained `holidays` library (country Indonesia, its default "public" category: New
Year, Idul Fitri, Idul Adha, 17 Agustus, Christmas, ...), never from a hand-typed list, over 2016 up to the end of
next year. Cuti bersama (the joint leave days decreed each year for civil servants) are not national public
holidays: they are not applied here. (Recent `holidays` releases carry them in a separate "government" category;
`joint_leave=True` adds that category.)

Counting rule used everywhere on the dashboard: the day a complaint arrives is day 0, and each following working
day counts one. `count(start, end)` is the number of working days in (start, end]; `add(start, n)` is the n-th
working day after `start` (a weekend or holiday start counts from the last working day before it), so that
`count(start, add(start, n)) == n`. Times of day are ignored.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
import numpy as np
import pandas as pd

from binjai import clock

FIRST_YEAR = 2016
WEEKMASK = "1111100"


def last_year(today: dt.date | None = None) -> int:
    """The last calendar year covered: next year, so that deadlines after today can be computed."""
    return (today or clock.today()).year + 1


@lru_cache(maxsize=8)
def holiday_dates(until_year: int, joint_leave: bool = False) -> np.ndarray:
    """Indonesian public holidays from 2016 to `until_year` as sorted datetime64[D] values."""
    categories = ("public", "government") if joint_leave else ("public",)
    calendar = holidays.Indonesia(years=range(FIRST_YEAR, until_year + 1), categories=categories)
    return np.array(sorted(calendar), dtype="datetime64[D]")


@lru_cache(maxsize=8)
def business_calendar(until_year: int, joint_leave: bool = False) -> np.busdaycalendar:
    """numpy's business-day calendar: Monday to Friday minus public holidays."""
    return np.busdaycalendar(weekmask=WEEKMASK, holidays=holiday_dates(until_year, joint_leave))


def _days(values: object) -> np.ndarray:
    """Any dates or timestamps (scalar, list, Series, array) as a 1-D datetime64[D] array; missing as NaT."""
    stamps = pd.to_datetime(pd.Series(np.atleast_1d(np.asarray(values, dtype=object))), errors="coerce")
    return stamps.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")


def is_workday(values: object, today: dt.date | None = None) -> np.ndarray:
    """True for each date that is a working day."""
    days = _days(values)
    out = np.zeros(len(days), dtype=bool)
    known = ~np.isnat(days)
    out[known] = np.is_busday(days[known], busdaycal=business_calendar(last_year(today)))
    return out


def count(start: object, end: object, today: dt.date | None = None) -> np.ndarray:
    """Working days in (start, end] for each pair, as floats (negative when end is before start); NaN if missing."""
    begin, finish = np.broadcast_arrays(_days(start), _days(end))
    out = np.full(len(begin), np.nan)
    known = ~(np.isnat(begin) | np.isnat(finish))
    low, high = np.minimum(begin[known], finish[known]), np.maximum(begin[known], finish[known])
    one = np.timedelta64(1, "D")
    days = np.busday_count(low + one, high + one, busdaycal=business_calendar(last_year(today)))
    out[known] = np.where(finish[known] < begin[known], -days, days)
    return out


def add(start: object, working_days: object, today: dt.date | None = None) -> np.ndarray:
    """The date `working_days` working days after each start (datetime64[D]; NaT where start is missing)."""
    begin, steps = np.broadcast_arrays(_days(start), np.atleast_1d(np.asarray(working_days, dtype=np.int64)))
    out = np.full(len(begin), np.datetime64("NaT"), dtype="datetime64[D]")
    known = ~np.isnat(begin)
    out[known] = np.busday_offset(begin[known], steps[known], roll="backward",
                                  busdaycal=business_calendar(last_year(today)))
    return out


@lru_cache(maxsize=4)
def calendar_frame(until_year: int) -> pd.DataFrame:
    """One row per day from 2016 to `until_year`: day, is_workday, workday_number (working days since 2016).

    `workday_number` counts working days in [1 Jan 2016, day], so that for any two days
    `number(end) - number(start)` equals `count(start, end)`; SQL queries join this table to do the same
    arithmetic on millions of rows.
    """
    days = np.arange(np.datetime64(f"{FIRST_YEAR}-01-01"), np.datetime64(f"{until_year + 1}-01-01"), dtype="datetime64[D]")
    workday = np.is_busday(days, busdaycal=business_calendar(until_year))
    return pd.DataFrame({"day": days.astype("datetime64[s]"), "is_workday": workday,
                         "workday_number": np.cumsum(workday).astype(np.int64)})
