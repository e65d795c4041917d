"""Build the weekly brief for one ISO week from the query layer (plain data; wording lives in `brief.text`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from binjai import alerts
from binjai import status as rule
from binjai import weekly_rule as stats
from binjai.db import Warehouse
from binjai.errors import UserFacingError
from binjai.filters import Filters
from binjai.queries import brief as queries
from binjai.queries import common, opd, overview, quick_wins

MAX_CHANGES = 5
MAX_ITEMS = 5
SERVICE_WEEKS = 8
MIN_SERVICE_COMPLAINTS = 10
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_week(text: str) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of an ISO week written `2026-W48`; refused with a message otherwise."""
    match = _WEEK.match(str(text).strip().upper())
    try:
        monday = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1) if match else None
    except ValueError:
        monday = None
    if monday is None:
        raise UserFacingError("ringkasan.bad_week", value=text)
    return monday, monday + dt.timedelta(days=6)


def week_name(day: dt.date) -> str:
    """The ISO week of `day` as `2026-W48`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def last_complete_week(today: dt.date) -> str:
    """The ISO week that ended most recently before `today`."""
    return week_name(today - dt.timedelta(days=today.weekday() + 7))


def recent_weeks(today: dt.date, count: int) -> list[str]:
    """The `count` complete ISO weeks before `today`, newest first."""
    last = parse_week(last_complete_week(today))[0]
    return [week_name(last - dt.timedelta(days=7 * i)) for i in range(count)]


@dataclass(frozen=True)
class Change:
    """One reported change: which count (metric, kecamatan, category; '' = all) and the rule's outcome."""

    metric_id: str
    kecamatan: str
    category: str
    outcome: stats.Outcome
    recent_weeks: tuple[dt.date, ...]
    seasonal_weeks: tuple[dt.date, ...]

    def covers(self, other: Change) -> bool:
        """True when one of the two counts contains the other (same metric, nested scope)."""
        return self.metric_id == other.metric_id and all(
            a == b or not a or not b for a, b in ((self.kecamatan, other.kecamatan), (self.category, other.category)))

    def trace(self, start: dt.date, end: dt.date) -> str:
        """Where the number comes from: metric id, dates and filters (`python -m etl metrics` reproduces it)."""
        parts = [self.metric_id, f"{start.isoformat()}..{end.isoformat()}"]
        parts += [f"kecamatan={self.kecamatan}"] if self.kecamatan else []
        parts += [f"kategori={self.category}"] if self.category else []
        return " · ".join(parts)


@dataclass
class Brief:
    """Everything the brief says for one week, as data."""

    week: str
    start: dt.date
    end: dt.date
    changes: list[Change]
    tested: int
    judged_sources: list[str]
    slipped: pd.DataFrame
    late_total: int
    opd_overdue: pd.DataFrame
    overdue_total: int
    hotspots: pd.DataFrame
    late_sources: list[tuple[str, dt.date | None]]
    is_sample: bool
    opd_levels: pd.DataFrame = field(default_factory=pd.DataFrame)
    alerts: pd.DataFrame = field(default_factory=pd.DataFrame)


def _seasonal_weeks(monday: dt.date) -> list[dt.date]:
    year, week, _ = monday.isocalendar()
    out = []
    for back in range(1, stats.SEASONAL_YEARS + 1):
        try:
            out.append(dt.date.fromisocalendar(year - back, week, 1))
        except ValueError:
            continue
    return out


def _levels(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts at every level: (kecamatan, category), kecamatan, category and the whole city ('' = all)."""
    parts = []
    for kec, cat in ((True, True), (True, False), (False, True), (False, False)):
        part = frame.assign(kecamatan=frame["kecamatan"] if kec else "", category=frame["category"] if cat else "")
        parts.append(part.groupby(["week", "kecamatan", "category"], as_index=False)["n"].sum())
    return pd.concat(parts).drop_duplicates(["week", "kecamatan", "category"])


@dataclass(frozen=True)
class _Series:
    metric_id: str
    kecamatan: str
    category: str
    count: int
    recent: tuple[int, ...]
    seasonal: tuple[int, ...]
    recent_weeks: tuple[dt.date, ...]
    seasonal_weeks: tuple[dt.date, ...]


def _weeks(monday: dt.date, first: dt.date | None) -> tuple[tuple[dt.date, ...], tuple[dt.date, ...]] | None:
    """The recent and seasonal weeks compared with `monday` (weeks before the source's first record are left out);
    None when the source has no record on or before `monday`."""
    if first is None or monday < first:
        return None
    recent = tuple(w for w in (monday - dt.timedelta(days=7 * i) for i in range(1, stats.RECENT_WEEKS + 1))
                   if w >= first)
    return recent, tuple(w for w in _seasonal_weeks(monday) if w >= first)


def _metric_series(metric_id: str, frame: pd.DataFrame, monday: dt.date, recent: tuple[dt.date, ...],
                   seasonal: tuple[dt.date, ...]) -> list[_Series]:
    """The series of one metric from its weekly counts (week, kecamatan, category, n) at every level."""
    if frame.empty:
        return []
    table = _levels(frame).pivot_table(index=["kecamatan", "category"], columns="week", values="n", fill_value=0)
    out = []
    for (kec, cat), row in table.iterrows():
        values = {w: int(row.get(w, 0)) for w in (monday, *recent, *seasonal)}
        out.append(_Series(metric_id, kec, cat, values[monday], tuple(values[w] for w in recent),
                           tuple(values[w] for w in seasonal), recent, seasonal))
    return out


def series(wh: Warehouse, monday: dt.date, firsts: dict[str, dt.date | None], metrics: list[str]) -> list[_Series]:
    """Every count of `metrics` the rule tests for the week of `monday`, from one grouped query."""
    windows = {m: w for m in metrics if (w := _weeks(monday, firsts[m])) is not None}
    if not windows:
        return []
    counts = queries.weekly_counts(wh, {m: [monday, *recent, *seasonal] for m, (recent, seasonal) in windows.items()})
    return [s for m, (recent, seasonal) in windows.items()
            for s in _metric_series(m, counts[counts["metric"] == m].drop(columns="metric"), monday, recent, seasonal)]


def _judge(series: list[_Series]) -> list[Change]:
    """The rule applied to every series, with the Bonferroni correction over all of them."""
    return [Change(s.metric_id, s.kecamatan, s.category, stats.judge(s.count, list(s.recent), list(s.seasonal),
                                                                     len(series)), s.recent_weeks, s.seasonal_weeks)
            for s in series]


def choose(candidates: list[Change], limit: int = MAX_CHANGES) -> list[Change]:
    """The reported changes, strongest (smallest p-value) first, skipping counts nested in one already chosen."""
    chosen: list[Change] = []
    for change in sorted((c for c in candidates if c.outcome.direction),
                         key=lambda c: (c.outcome.p_value, c.metric_id, c.kecamatan, c.category)):
        if not any(c.covers(change) and c.outcome.direction == change.outcome.direction for c in chosen):
            chosen.append(change)
    return chosen[:limit]


def _slipped(wh: Warehouse, week: Filters) -> pd.DataFrame:
    """Programmes late at the week's end that were not late at the end of the week before."""
    now = quick_wins.latest_programmes(wh, week)
    before = quick_wins.latest_programmes(wh, week.previous())
    was_late = set(before.loc[before["status"] == rule.TERLAMBAT, "program_id"])
    late = now[(now["status"] == rule.TERLAMBAT) & ~now["program_id"].isin(was_late)]
    return late.sort_values(["days_overdue", "program_id"], ascending=[False, True])[
        ["program_id", "program_name", "opd", "target_date", "progress_pct", "days_overdue"]].reset_index(drop=True)


def _service_levels(wh: Warehouse, week: Filters, today: dt.date) -> pd.DataFrame:
    """The OPDs with the lowest on-time share over the last SERVICE_WEEKS weeks (at least MIN_SERVICE_COMPLAINTS)."""
    window = Filters(week.end - dt.timedelta(days=7 * SERVICE_WEEKS - 1), week.end, (), "custom")
    frame = opd.service_table(wh, window, today)
    frame = frame[(frame["received"] >= MIN_SERVICE_COMPLAINTS) & frame["resolved_on_time_pct"].notna()]
    return frame.sort_values(["resolved_on_time_pct", "opd"]).head(3).assign(start=window.start).reset_index(drop=True)


def _has_sample(wh: Warehouse) -> bool:
    """Whether sample data is loaded, from the freshness table the page frame has already read (no extra query)."""
    return bool(common.freshness(wh)["has_sample"].any())


def build(wh: Warehouse, week: str, today: dt.date) -> Brief:
    """The brief of ISO week `week` as the data stood on `today` (a week not yet over is refused)."""
    start, end = parse_week(week)
    if end >= today:
        raise UserFacingError("ringkasan.week_not_over", week=week)
    filters = Filters(start, end, (), "custom")
    newest = common.data_through(wh, end)
    late = common.late_sources(newest, end)
    judged = [m for m, (table, _, _) in queries.SERIES_SOURCES.items()
              if newest.get(table) is not None and newest[table] >= end - dt.timedelta(days=1)]
    candidates = _judge(series(wh, start, queries.first_dates(wh), judged))
    needs = overview.attention(wh, filters, limit=MAX_ITEMS, today=end)
    open_alerts = alerts.history(wh, open_only=True, at=dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
    return Brief(week_name(start), start, end, choose(candidates), len(candidates), judged, _slipped(wh, filters),
                 int(needs["late"]), needs["overdue_by_opd"], int(needs["overdue_complaints"]), needs["hotspots"],
                 late, _has_sample(wh), _service_levels(wh, filters, end), open_alerts)
