"""The programme status rule: planned progress, derived status, file status winning, days overdue."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from binjai import status as rule


def _dates(*values: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values)))


def test_planned_progress_is_linear_and_clipped() -> None:
    # 1 Jan to 11 Jan is 10 planned days.
    start, target = "2024-01-01", "2024-01-11"
    as_of = _dates("2023-12-25", "2024-01-01", "2024-01-04", "2024-01-06", "2024-01-11", "2024-03-01")
    planned = rule.planned_progress(start, target, as_of)
    assert planned.tolist() == [0.0, 0.0, 30.0, 50.0, 100.0, 100.0]


def test_planned_progress_rounds_to_one_decimal() -> None:
    # 119 of 334 days = 35.628...%
    assert rule.planned_progress("2024-02-01", "2024-12-31", _dates("2024-05-30")).tolist() == [35.6]


def test_planned_progress_when_target_equals_start() -> None:
    planned = rule.planned_progress("2024-01-10", "2024-01-10", _dates("2024-01-09", "2024-01-10", "2024-01-11"))
    assert planned.tolist() == [0.0, 100.0, 100.0]


def test_derive_status_thresholds() -> None:
    # Plan on 6 Jan is 50%; target 11 Jan.
    progress = pd.Series([100.0, 40.0, 39.9, 50.0, 90.0])
    derived = rule.derive_status(progress, "2024-01-01", "2024-01-11", "2024-01-06")
    assert derived.tolist() == ["selesai", "sesuai_jadwal", "perlu_perhatian", "sesuai_jadwal", "sesuai_jadwal"]


def test_late_only_after_the_target_date() -> None:
    progress = pd.Series([99.0, 99.0, 100.0])
    as_of = _dates("2024-01-11", "2024-01-12", "2024-01-12")
    derived = rule.derive_status(progress, "2024-01-01", "2024-01-11", as_of)
    assert derived.tolist() == ["sesuai_jadwal", "terlambat", "selesai"]


def test_derive_status_is_vectorised_over_every_argument() -> None:
    frame = pd.DataFrame({
        "progress": [10.0, 10.0, 80.0, None],
        "start": pd.to_datetime(["2024-01-01", "2024-01-01", "2023-01-01", "2024-01-01"]),
        "target": pd.to_datetime(["2024-01-11", "2024-12-31", "2023-12-31", "2024-01-11"]),
        "as_of": pd.to_datetime(["2024-01-03", "2024-07-01", "2024-01-01", "2024-01-03"]),
    }, index=[7, 8, 9, 10])
    derived = rule.derive_status(frame["progress"], frame["start"], frame["target"], frame["as_of"])
    # Row 7: plan 20%, 10 behind -> on schedule; row 8: plan 182/365 = 49.9%, 39.9 behind -> at risk;
    # row 9: past target -> late; row 10: no progress -> no status.
    assert derived.index.tolist() == [7, 8, 9, 10]
    assert derived.tolist() == ["sesuai_jadwal", "perlu_perhatian", "terlambat", None]


def test_file_status_wins_and_disagreement_is_flagged() -> None:
    given = pd.Series(["sesuai_jadwal", None, "", "terlambat"])
    derived = pd.Series(["terlambat", "perlu_perhatian", "selesai", "terlambat"])
    shown, disagrees = rule.combine_status(given, derived)
    assert shown.tolist() == ["sesuai_jadwal", "perlu_perhatian", "selesai", "terlambat"]
    assert disagrees.tolist() == [True, False, False, False]


def test_days_overdue() -> None:
    progress = pd.Series([70.0, 100.0, 50.0])
    target = _dates("2023-12-31", "2023-12-31", "2024-06-30")
    assert rule.days_overdue(progress, target, dt.date(2024, 5, 30)).tolist() == [151, 0, 0]


def test_status_order_lists_every_status_once() -> None:
    assert sorted(rule.STATUS_ORDER) == sorted({"selesai", "sesuai_jadwal", "perlu_perhatian", "terlambat"})
    assert set(rule.AT_RISK) | set(rule.ON_SCHEDULE) == set(rule.STATUS_ORDER)


@pytest.mark.parametrize("progress, expected", [(0.0, "sesuai_jadwal"), (100.0, "selesai")])
def test_before_start_nothing_is_planned(progress: float, expected: str) -> None:
    assert rule.derive_status(pd.Series([progress]), "2024-02-01", "2024-03-01", "2024-01-15").tolist() == [expected]
