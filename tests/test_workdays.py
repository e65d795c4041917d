"""Working-day arithmetic: weekends, Indonesian public holidays (Idul Fitri, 17 Agustus), deadlines, the SQL calendar."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from binjai import workdays

TODAY = dt.date(2024, 6, 1)


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2024-03-04", "2024-03-04", 0),  # same day
    ("2024-03-04", "2024-03-07", 3),  # Monday to Thursday
    ("2024-03-01", "2024-03-04", 1),  # Friday to Monday: the weekend does not count
    ("2024-03-02", "2024-03-04", 1),  # received on Saturday, answered on Monday
    ("2024-03-02", "2024-03-03", 0),  # Saturday to Sunday
    ("2024-04-09", "2024-04-12", 1),  # Idul Fitri 10-11 April 2024 (Wednesday, Thursday)
    ("2024-04-05", "2024-04-16", 5),  # Friday before Lebaran to the Tuesday after: 8, 9, 12, 15, 16
    ("2023-08-16", "2023-08-18", 1),  # 17 Agustus 2023 is a Thursday
    ("2024-08-16", "2024-08-19", 1),  # 17 Agustus 2024 falls on a Saturday
    ("2024-03-28", "2024-04-01", 1),  # Good Friday 29 March 2024
    ("2024-03-15 23:59", "2024-05-20 08:00", 41),  # times of day are ignored
])
def test_count(start, end, expected) -> None:
    assert workdays.count(start, end, TODAY).tolist() == [expected]


@pytest.mark.parametrize(("start", "steps", "expected"), [
    ("2024-03-04", 3, "2024-03-07"),
    ("2024-03-01", 1, "2024-03-04"),   # Friday + 1 = Monday
    ("2024-03-02", 3, "2024-03-06"),   # Saturday counts from Friday: Mon, Tue, Wed
    ("2024-04-09", 1, "2024-04-12"),   # skips Idul Fitri
    ("2024-04-09", 3, "2024-04-16"),
    ("2024-08-16", 1, "2024-08-19"),
    ("2023-08-16", 1, "2023-08-18"),   # skips 17 Agustus
    ("2024-03-15", 13, "2024-04-04"),  # the default resolution deadline (3 + 10) across Good Friday
    ("2024-04-10", 13, "2024-04-30"),  # received on a holiday
])
def test_add(start, steps, expected) -> None:
    assert workdays.add(start, steps, TODAY).tolist() == [np.datetime64(expected, "D")]


def test_missing_dates_give_nan_and_nat() -> None:
    counts = workdays.count([dt.date(2024, 3, 4), None, pd.NaT], pd.Series(["2024-03-07", "2024-03-07", None]), TODAY)
    assert counts[0] == 3 and np.isnan(counts[1:]).all()
    assert np.isnat(workdays.add([None], 3, TODAY)).all()


def test_count_and_add_are_inverse_over_many_days() -> None:
    starts = np.arange(np.datetime64("2016-01-01"), np.datetime64("2024-12-01"), 7, dtype="datetime64[D]")
    steps = np.arange(len(starts)) % 20
    assert workdays.count(starts, workdays.add(starts, steps, TODAY), TODAY).tolist() == steps.astype(float).tolist()


def test_holidays_come_from_the_library_and_cover_the_years() -> None:
    days = workdays.holiday_dates(2025)
    as_text = {str(d) for d in days}
    assert {"2016-07-06", "2023-08-17", "2024-04-10", "2024-04-11", "2024-12-25", "2025-03-31"} <= as_text
    assert str(days.min()).startswith("2016") and str(days.max()).startswith("2025")
    assert "2024-04-08" not in as_text  # cuti bersama is not a public holiday
    assert "2024-04-08" in {str(d) for d in workdays.holiday_dates(2025, joint_leave=True)}


def test_is_workday() -> None:
    assert workdays.is_workday(["2024-04-10", "2024-04-12", "2024-04-13", None], TODAY).tolist() == [
        False, True, False, False]


def test_calendar_frame_numbers_match_count() -> None:
    frame = workdays.calendar_frame(2025).set_index("day")["workday_number"]
    assert frame.index.min() == pd.Timestamp("2016-01-01") and frame.index.max() == pd.Timestamp("2025-12-31")
    rng = np.random.default_rng(7)
    starts = pd.to_datetime(rng.choice(frame.index.to_numpy(), 300))
    ends = pd.to_datetime(rng.choice(frame.index.to_numpy(), 300))
    by_table = frame.loc[ends].to_numpy() - frame.loc[starts].to_numpy()
    assert by_table.tolist() == workdays.count(starts, ends, dt.date(2024, 6, 1)).astype(int).tolist()
