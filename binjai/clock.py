"""One clock for the whole project: now and today in Binjai (WIB, UTC+7), injectable for tests.

Every "now" and "today" (page periods, overdue complaints, programme states, batch times, the future-date rule of
validation, undo windows, slide footers) comes from here. It lives in the binjai core layer, which etl may import.
Tests fix the time with `frozen(...)`; the warehouse stores WIB wall times without a zone, as `now()` returns them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")  # Indonesia has no daylight saving time


def _system_utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_utc_now: Callable[[], dt.datetime] = _system_utc_now


def now() -> dt.datetime:
    """The current wall time in Binjai (WIB), naive."""
    return _utc_now().astimezone(WIB).replace(tzinfo=None)


def today() -> dt.date:
    """Today's date in Binjai (WIB): from 17:00 UTC it is already the next day."""
    return now().date()


@contextmanager
def frozen(at: dt.datetime) -> Iterator[None]:
    """Within the block the clock stands at `at` (an aware datetime; a naive one is read as WIB)."""
    global _utc_now
    moment = at if at.tzinfo is not None else at.replace(tzinfo=WIB)
    previous, _utc_now = _utc_now, lambda: moment
    try:
        yield
    finally:
        _utc_now = previous
