"""Figures of the executive overview: headline tiles with change and trend, and the "needs attention" lists.

Every tile is a metric of the catalogue (`binjai.metrics`, ids in `Headline.key`) and compares the period with
`Filters.comparison()` (the equal previous period, or the same dates a year earlier for "to date" periods), except
the application tiles, whose change is against the previous month (see `binjai.queries.apps`). Trends are one
value per calendar month of the period (the last 12 at most), computed with the same definition as the tile itself
and over the same dates: a month the period covers only in part (the month to date of "tahun berjalan", or the
ends of a custom period) is drawn for the period's days in it, because the tile's figure counts those days too
(one meaning per figure; the tile's help says which months are partial). The default period, the last 12
complete months, has no partial month:

- programmes on schedule: share of programmes whose status is "sesuai jadwal" or "selesai", as of the period end
  (trend: as of each month end); programmes have no kecamatan, so that filter does not apply to them;
- complaints (e-Mas): received, resolved (%) and median working days to resolve, from `e_mas.headline`;
- clean-up reports (e-Saberling): cleaned (%) and kg of waste collected, from `e_saberling.headline`;
- one tile per other application: its key metric in the latest month of the period, against its target.

"Needs attention" counts only actionable records: open complaints and clean-up reports older than the checking
age (`BINJAI_STALE_DAYS`, default a year) are counted apart as "perlu verifikasi".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd

from binjai import status as rule
from binjai.db import Warehouse
from binjai.filters import Filters, month_end
from binjai.metrics.catalogue import GOOD, app_unit
from binjai.queries import apps, e_mas, e_saberling, quick_wins

TREND_MONTHS = 12
UP, DOWN, NEUTRAL = GOOD  # which way a figure is better, as the metric catalogue declares it


@dataclass(frozen=True)
class Headline:
    """One tile: value now and in the comparison period, how to read it, and its monthly trend."""

    key: str
    source: str
    value: float | None
    previous: float | None
    unit: str
    good: str
    trend: tuple[float, ...] = ()
    name_id: str = ""
    name_en: str = ""
    target: float | None = None
    period: dt.date | None = None
    on_target: bool | None = None
    metric: str = ""  # an application tile's metric code
    trend_months: tuple[dt.date, ...] = ()  # the first day of each trend value's month


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def months_of(filters: Filters, limit: int = TREND_MONTHS) -> list[Filters]:
    """The calendar months of the period (cut to the period at both ends), the last `limit` of them."""
    months = []
    first = filters.start.replace(day=1)
    while first <= filters.end:
        following = (first + dt.timedelta(days=32)).replace(day=1)
        months.append(replace(filters, start=max(first, filters.start),
                              end=min(following - dt.timedelta(days=1), filters.end), preset="custom"))
        first = following
    return months[-limit:]


def complete_months(filters: Filters, limit: int = TREND_MONTHS) -> list[Filters]:
    """The period's calendar months that it covers whole, the last `limit` of them (for trends)."""
    whole = [m for m in months_of(filters, limit + 2) if m.start.day == 1 and m.end == month_end(m.start)]
    return whole[-limit:]


def on_schedule_pct(frame: pd.DataFrame) -> float | None:
    """Share of programmes (latest reports) on schedule or completed, in percent with one decimal."""
    if frame.empty:
        return None
    return round(float(frame["status"].isin(rule.ON_SCHEDULE).mean() * 100), 1)


def programme_headline(wh: Warehouse, filters: Filters) -> Headline:
    """Programmes on schedule (%) at the period end, at the previous period's end, and at each month end."""
    now = quick_wins.latest_programmes(wh, filters)
    before = quick_wins.latest_programmes(wh, filters.comparison())
    status = quick_wins.monthly_status(wh, filters, months=TREND_MONTHS)
    months = [day.replace(day=1) for day in status["as_of"]]
    trend, months = apps.trend_points(status["on_schedule_pct"].tolist(), months)
    return Headline("qw_on_schedule_pct", "quick_wins", on_schedule_pct(now), on_schedule_pct(before), "pct", UP,
                    trend, trend_months=months)



def partial_months(filters: Filters) -> list[Filters]:
    """The trend's months that the period covers only in part (drawn for the period's days in them)."""
    return [m for m in months_of(filters) if m.start.day != 1 or m.end != month_end(m.start)]


def _month_span(filters: Filters) -> Filters | None:
    """The trend's months (`months_of`: the tile's dates, the last 12 months of them) as one period."""
    months = months_of(filters)
    return replace(months[0], end=months[-1].end) if months else None


def _monthly_trend(frame: pd.DataFrame, filters: Filters, field: str,
                   kind: str = "") -> tuple[tuple[float, ...], tuple[dt.date, ...]]:
    """The trend values of `field` and their months from a frame with a row per month (`month`, its first day) that
    has data; a month without a row counts 0 for counts and is left out for shares and medians."""
    by_month = frame.set_index("month")[field]
    missing = 0 if field == "received" else None
    firsts = [m.start.replace(day=1) for m in months_of(filters)]
    return apps.trend_points([_rounded(by_month.get(pd.Timestamp(first), missing), kind) for first in firsts], firsts)


def _tile(key: str, source: str, now: float | None, before: float | None, kind: str, good: str,
          trend: tuple[tuple[float, ...], tuple[dt.date, ...]]) -> Headline:
    """A source tile from its figures and its `_monthly_trend`."""
    return Headline(key, source, now, before, kind, good, trend[0], trend_months=trend[1])


def complaint_headlines(wh: Warehouse, filters: Filters) -> list[Headline]:
    """e-Mas: complaints received, resolved (%) and median working days to resolve (period, comparison and every
    trend month in one query)."""
    frame = e_mas.period_figures(wh, {"now": filters, "before": filters.comparison()}, _month_span(filters))
    now, before = (frame.set_index("part").loc[name] for name in ("now", "before"))
    monthly = frame[frame["month"].notna()]
    specs = (("emas_received", "received", "count", NEUTRAL), ("emas_resolved_pct", "resolved_pct", "pct", UP),
             ("emas_median_days", "median_days_to_resolve", "workdays", DOWN))
    return [_tile(key, "e_mas", _number(now[field]), _number(before[field]), kind, good,
                  _monthly_trend(monthly, filters, field)) for key, field, kind, good in specs]


def cleanup_headlines(wh: Warehouse, filters: Filters) -> list[Headline]:
    """e-Saberling: reports cleaned (% of those received in the period) and kg of waste collected."""
    now, before = e_saberling.headline(wh, filters), e_saberling.headline(wh, filters.comparison())
    span = _month_span(filters)
    monthly = e_saberling.monthly_counts(wh, span) if span else pd.DataFrame(columns=["month"])
    monthly = monthly.assign(month=pd.to_datetime(monthly["month"]))
    if span:
        cleaned = monthly["received_cleaned"].astype(float)
        monthly["cleaned_pct"] = (100.0 * cleaned / monthly["received"].where(monthly["received"] > 0)).astype(float)
    specs = (("sab_cleaned_pct", "cleaned_pct", "pct", UP), ("sab_waste_kg", "waste_kg", "kg", UP))
    return [_tile(key, "e_saberling", _rounded(now[field], kind), _rounded(before[field], kind), kind, good,
                  _monthly_trend(monthly, filters, field, kind)) for key, field, kind, good in specs]


def _rounded(value: object, kind: str) -> float | None:
    number = _number(value)
    return round(number, 1) if number is not None and kind == "pct" else number


def app_headlines(wh: Warehouse, filters: Filters) -> list[Headline]:
    """One tile per application key metric: latest month in the period, previous month, target and trend."""
    tiles = []
    for row in apps.key_metrics(wh, filters).itertuples():
        kind = app_unit(row.unit)
        good = DOWN if row.direction == "down" else UP
        period = None if pd.isna(row.period) else pd.Timestamp(row.period).date()
        met = None if pd.isna(row.on_target) else bool(row.on_target)
        trend, months = apps.trend_points(list(row.trend), list(row.trend_months))
        tiles.append(Headline(f"app:{row.app}", "app_metrics", _number(row.value), _number(row.previous_value),
                              kind, good, trend, row.name_id, row.name_en, _number(row.target),
                              period, met, row.metric, months))
    return tiles


def headlines(wh: Warehouse, filters: Filters) -> list[Headline]:
    """Every tile of the overview in display order."""
    return [programme_headline(wh, filters), *complaint_headlines(wh, filters), *cleanup_headlines(wh, filters),
            *app_headlines(wh, filters)]


def attention(wh: Warehouse, filters: Filters, limit: int = 3, today: dt.date | None = None,
              stale_days: int | None = None) -> dict[str, object]:
    """What needs attention: late programmes, complaints past their deadline by OPD, kelurahan left uncleaned.

    Keys: late (count), at_risk (count), late_programmes (the `limit` most overdue: program_id, program_name, opd,
    days_overdue), overdue_complaints (count of open complaints past their resolution deadline), overdue_by_opd
    (opd, complaints, oldest_working_days; most first), open_reports (reports not cleaned at the period end, not
    stale), hotspots (kelurahan, kecamatan, open_reports, oldest_open_days; most first), and the stale groups apart:
    stale_complaints and stale_reports ("perlu verifikasi").
    """
    programmes = quick_wins.latest_programmes(wh, filters)
    late = programmes[programmes["status"] == rule.TERLAMBAT].sort_values(["days_overdue", "program_id"],
                                                                           ascending=[False, True])
    overdue = e_mas.overdue_complaints(wh, filters, today=today, stale_days=stale_days)
    by_opd = (overdue.groupby("opd").agg(complaints=("complaint_id", "size"),
                                         oldest_working_days=("age_working_days", "max"))
              .reset_index().sort_values(["complaints", "oldest_working_days", "opd"], ascending=[False, False, True]))
    cleanup = e_saberling.headline(wh, filters, stale_days=stale_days)
    stale = e_mas.backlog_counts(wh, filters, today=today, stale_days=stale_days)["stale_open"]
    return {
        "late": len(late), "at_risk": int((programmes["status"] == rule.PERLU_PERHATIAN).sum()),
        "late_programmes": late[["program_id", "program_name", "opd", "days_overdue"]].head(limit)
        .reset_index(drop=True),
        "overdue_complaints": len(overdue), "overdue_by_opd": by_opd.head(limit).reset_index(drop=True),
        "open_reports": int(cleanup["open_at_end"]) - int(cleanup["stale_open"]),
        "stale_complaints": int(stale), "stale_reports": int(cleanup["stale_open"]),
        "hotspots": e_saberling.hotspots(wh, filters, limit=limit, stale_days=stale_days),
    }
