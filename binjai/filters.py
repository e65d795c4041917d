"""The shared filters (period and kecamatan) as a plain value, with their URL form and SQL predicate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from binjai import reference

PRESETS = ("12m", "ytd", "last_year", "all", "custom")
DEFAULT_PRESET = "12m"
EARLIEST_DATA = dt.date(2016, 1, 1)


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

    def previous(self) -> Filters:
        """The equal-length period just before this one (same kecamatan)."""
        end = self.start - dt.timedelta(days=1)
        return replace(self, start=end - dt.timedelta(days=self.days - 1), end=end, preset="custom")

    def same_period_last_year(self) -> Filters:
        """The same dates one year earlier."""
        def back(day: dt.date) -> dt.date:
            return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)
        return replace(self, start=back(self.start), end=back(self.end), preset="custom")

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
    """The date range a preset stands for, ending today."""
    if preset == "ytd":
        return dt.date(today.year, 1, 1), today
    if preset == "last_year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    if preset == "all":
        return EARLIEST_DATA, today
    return _months_back(today, 11), today


def _months_back(today: dt.date, months: int) -> dt.date:
    """The first day of the month `months` before today's month."""
    index = today.year * 12 + today.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


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
