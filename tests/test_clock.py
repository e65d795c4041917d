"""The one clock: WIB (UTC+7) now and today, fixed by tests, and read by validation, loads and queries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from binjai import clock
from binjai.queries import quick_wins
from etl import templates, warehouse
from etl.loading import load_file
from etl.validate import validate_file
from tests.backends import new_warehouse

LATE_EVENING_UTC = dt.datetime(2024, 6, 18, 23, 30, tzinfo=dt.UTC)  # already 19 June 06:30 in Binjai


def test_wib_is_seven_hours_ahead_of_utc() -> None:
    with clock.frozen(LATE_EVENING_UTC):
        assert clock.now() == dt.datetime(2024, 6, 19, 6, 30)
        assert clock.today() == dt.date(2024, 6, 19)


def test_the_day_turns_at_17_utc() -> None:
    with clock.frozen(dt.datetime(2024, 12, 31, 16, 59, tzinfo=dt.UTC)):
        assert clock.today() == dt.date(2024, 12, 31)
    with clock.frozen(dt.datetime(2024, 12, 31, 17, 0, tzinfo=dt.UTC)):
        assert clock.today() == dt.date(2025, 1, 1)


def test_a_naive_time_is_read_as_wib_and_the_clock_runs_again_after_the_block() -> None:
    with clock.frozen(dt.datetime(2024, 6, 19, 6, 30)):
        assert clock.now() == dt.datetime(2024, 6, 19, 6, 30)
    assert clock.today() != dt.date(2024, 6, 19)


def test_current_programme_state_is_taken_today_in_wib() -> None:
    with clock.frozen(LATE_EVENING_UTC):
        assert quick_wins.as_of_date(None) == dt.date(2024, 6, 19)


def _complaint(received: str) -> bytes:
    header, example = templates.template_csv("e_mas", "id").splitlines()
    cells = example.split(";")
    cells[0] = cells[0].removeprefix("CONTOH-")  # a real-looking id: example rows are refused by the loader
    cells[1] = cells[10] = received  # received_at and responded_at
    return f"{header}\n{';'.join(cells)}\n".encode()


def test_the_future_date_rule_counts_from_now_in_wib() -> None:
    """Up to a day ahead of Binjai's clock is accepted; a UTC clock would refuse 20 June 06:00 here."""
    with clock.frozen(LATE_EVENING_UTC):
        within = validate_file("e_mas", _complaint("20/06/2024 06:00"), "a.csv")
        beyond = validate_file("e_mas", _complaint("20/06/2024 07:00"), "b.csv")
    assert within.ok, [p.key for p in within.errors]
    assert [(p.column, p.key) for p in beyond.errors] == [("received_at", "check.future"),
                                                           ("responded_at", "check.future")]


def test_a_load_records_its_time_in_wib(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    db = new_warehouse(request, tmp_path, "w.duckdb")
    with clock.frozen(LATE_EVENING_UTC):
        outcome = load_file(db, "e_mas", _complaint("19/06/2024 06:00"), "a.csv", user="dewi")
    assert outcome.result is not None
    with warehouse.reading(db) as con:
        (loaded_at,) = con.execute("SELECT loaded_at FROM load_batches").fetchone()
    assert loaded_at == dt.datetime(2024, 6, 19, 6, 30)
