"""The shared filters (period and kecamatan) as a plain value, with their URL form, comparison and SQL predicate.

Periods (every one ends at the latest complete unit unless it says "to date"):
- `12m`: the last 12 complete calendar months (the default); the current month is "bulan berjalan" and is not in it;
- `ytd`: 1 January to today ("tahun berjalan"); `mtd`: the 1st of this month to today ("bulan berjalan");
- `week`: the last complete Monday–Sunday week; `quarter`: the last complete calendar quarter;
- `semester`: the last complete Kominfo evaluation semester (January–June or July–December);
- `last_year`: the previous calendar year; `all`: everything up to today; `custom`: chosen dates.

Comparison (`Filters.comparison()`): periods that run "to date" (ytd, mtd) are compared with the same dates a
year earlier; every other period with the equal period just before it (the same number of whole months when the
period is whole months, so "12 bulan terakhir" is compared with the same months a year earlier).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from binjai import reference

PRESETS = ("12m", "ytd", "mtd", "week", "quarter", "semester", "last_year", "all", "custom")
DEFAULT_PRESET = "12m"
EARLIEST_DATA = dt.date(2016, 1, 1)
TO_DATE_PRESETS = ("ytd", "mtd")
YEAR_AGO, PREVIOUS = "year_ago", "previous"


def month_end(day: dt.date) -> dt.date:
    """The last day of `day`'s month."""
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def add_months(first: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after (or before, when negative) `first`'s month."""
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def year_earlier(day: dt.date) -> dt.date:
    """The same date a year earlier (29 February becomes 28 February)."""
    return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)


@dataclass(frozen=True)
class Filters:
    """A closed date range [start, end] and a kecamatan selection (empty means the whole city)."""

    start: dt.date
    end: dt.date
    kecamatan: tuple[str, ...] = ()
    preset: str = DEFAULT_PRESET

    @property
    def days(self) -> int:
        """Length of the period in days, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> int:
        """Number of whole calendar months when the period is exactly that, else 0."""
        if self.start.day != 1 or self.end != month_end(self.end):
            return 0
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def ends_mid_month(self) -> bool:
        """True when the period's last month is not complete (its last month is month to date)."""
        return self.end != month_end(self.end)

    @property
    def comparison_kind(self) -> str:
        """`year_ago` (same dates a year earlier) or `previous` (the equal period just before)."""
        return YEAR_AGO if self.preset in TO_DATE_PRESETS else PREVIOUS

    def comparison(self) -> Filters:
        """The period this one is compared with (see the module docstring); same kecamatan."""
        if self.comparison_kind == YEAR_AGO:
            return self.same_period_last_year()
        return self.previous()

    def previous(self) -> Filters:
        """The equal period just before this one: whole months when it is whole months, else equal days."""
        months = self.whole_months
        if months:
            start = add_months(self.start, -months)
            return replace(self, start=start, end=self.start - dt.timedelta(days=1), preset="custom")
        end = self.start - dt.timedelta(days=1)
        return replace(self, start=end - dt.timedelta(days=self.days - 1), end=end, preset="custom")

    def same_period_last_year(self) -> Filters:
        """The same dates one year earlier."""
        return replace(self, start=year_earlier(self.start), end=year_earlier(self.end), preset="custom")

    def where(self, date_column: str, kecamatan_column: str | None = "kecamatan") -> tuple[str, list]:
        """SQL predicate and parameters for this period (and kecamatan); column names are code constants."""
        sql = f"{date_column} >= ? AND {date_column} < ?"
        params: list = [self.start, self.end + dt.timedelta(days=1)]
        if self.kecamatan and kecamatan_column:
            sql += f" AND {kecamatan_column} IN ({', '.join('?' for _ in self.kecamatan)})"
            params.extend(self.kecamatan)
        return sql, params

    def kecamatan_where(self, kecamatan_column: str = "kecamatan") -> tuple[str, list]:
        """SQL predicate for the kecamatan selection alone ('TRUE' for the whole city)."""
        if not self.kecamatan:
            return "TRUE", []
        return f"{kecamatan_column} IN ({', '.join('?' for _ in self.kecamatan)})", list(self.kecamatan)


def preset_range(preset: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The date range a preset stands for on `today` (see the module docstring)."""
    this_month = today.replace(day=1)
    if preset == "ytd":
        return dt.date(today.year, 1, 1), today
    if preset == "mtd":
        return this_month, today
    if preset == "week":
        monday = today - dt.timedelta(days=today.weekday() + 7)
        return monday, monday + dt.timedelta(days=6)
    if preset in ("quarter", "semester"):
        size = 3 if preset == "quarter" else 6
        current = dt.date(today.year, (today.month - 1) // size * size + 1, 1)
        return add_months(current, -size), current - dt.timedelta(days=1)
    if preset == "last_year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    if preset == "all":
        return EARLIEST_DATA, today
    return add_months(this_month, -12), this_month - dt.timedelta(days=1)


def _parse_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def from_params(params: dict[str, str], today: dt.date) -> Filters:
    """Filters from URL query parameters (`periode`, `dari`, `sampai`, `kec`), ignoring anything invalid."""
    preset = params.get("periode", DEFAULT_PRESET)
    preset = preset if preset in PRESETS else DEFAULT_PRESET
    start, end = preset_range(preset, today)
    if preset == "custom":
        start = _parse_date(params.get("dari")) or start
        end = _parse_date(params.get("sampai")) or end
        start, end = max(min(start, end), EARLIEST_DATA), min(max(start, end), today)
    valid = set(reference.kecamatan_names())
    chosen = tuple(k for k in str(params.get("kec", "")).split(",") if k in valid)
    return Filters(start, end, chosen, preset)


def to_params(filters: Filters) -> dict[str, str]:
    """URL query parameters for these filters (only what differs from the defaults)."""
    params: dict[str, str] = {}
    if filters.preset != DEFAULT_PRESET:
        params["periode"] = filters.preset
    if filters.preset == "custom":
        params["dari"], params["sampai"] = filters.start.isoformat(), filters.end.isoformat()
    if filters.kecamatan:
        params["kec"] = ",".join(filters.kecamatan)
    return params


def month_choices(today: dt.date) -> list[dt.date]:
    """First days of every month from the earliest data month to today's month, oldest first."""
    first = EARLIEST_DATA.year * 12 + EARLIEST_DATA.month - 1
    last = today.year * 12 + today.month - 1
    return [dt.date(index // 12, index % 12 + 1, 1) for index in range(first, last + 1)]


def month_span(first: dt.date, last: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    """The days from the first day of the earlier month to the last day of the later one (at most today)."""
    low, high = sorted((first.replace(day=1), last.replace(day=1)))
    following = dt.date(high.year + high.month // 12, high.month % 12 + 1, 1)
    return max(low, EARLIEST_DATA), min(following - dt.timedelta(days=1), today)
