"""Every catalogue metric for a set of filters, computed through the query layer (one definition each)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from binjai import status as rule
from binjai.db import Warehouse
from binjai.filters import EARLIEST_DATA, Filters, month_end
from binjai.metrics.catalogue import app_unit, format_unit, get
from binjai.queries import apps, e_mas, e_saberling, overview, quick_wins
from binjai.settings import stale_days as default_stale_days


@dataclass(frozen=True)
class MetricValue:
    """One metric's value with the dates it covers; `label_id`/`label_en` and `unit` come from its catalogue entry."""

    id: str
    value: float | int | None
    period_start: dt.date
    period_end: dt.date
    label_id: str
    label_en: str
    unit: str

    def label(self, lang: str) -> str:
        """The label in `lang`."""
        return self.label_id if lang == "id" else self.label_en

    def formatted(self, lang: str) -> str:
        """The value exactly as the pages show it."""
        return format_unit(self.value, self.unit, lang)

    def as_dict(self, lang: str) -> dict:
        """The JSON form of `python -m etl metrics --json`."""
        return {"id": self.id, "label": self.label(lang), "value": self.value, "formatted": self.formatted(lang),
                "period_start": self.period_start.isoformat(), "period_end": self.period_end.isoformat()}


def _number(value: object, decimals: int | None = None) -> float | None:
    if value is None or pd.isna(value):
        return None
    return round(float(value), decimals) if decimals is not None else float(value)


def _entry(metric_id: str, value: object, start: dt.date, end: dt.date) -> MetricValue:
    metric = get(metric_id)
    decimals = 1 if metric.unit in ("pct", "workdays", "days") else None
    number = _number(value, decimals)
    if number is not None and metric.unit == "count":
        number = int(number)
    return MetricValue(metric_id, number, start, end, metric.label_id, metric.label_en, metric.unit)


# Catalogue id → key of `queries.quick_wins.figures` (the quick-win page's tiles, in the order shown).
PROGRAMME_FIGURES = {"qw_late": rule.TERLAMBAT, "qw_at_risk": rule.PERLU_PERHATIAN,
                     "qw_on_schedule": rule.SESUAI_JADWAL, "qw_completed": rule.SELESAI,
                     "qw_programmes": "programmes", "qw_avg_progress": "avg_progress",
                     "qw_budget_spent_pct": "spent_pct"}


def programme_values(wh: Warehouse, filters: Filters) -> list[MetricValue]:
    """Programmes on schedule (%) and the quick-win page's figures at the period's end (none without programmes)."""
    frame = quick_wins.latest_programmes(wh, filters)
    figures = quick_wins.figures(frame)
    return [_entry("qw_on_schedule_pct", overview.on_schedule_pct(frame), filters.end, filters.end),
            *(_entry(metric_id, figures[key] if len(frame) else None, filters.end, filters.end)
              for metric_id, key in PROGRAMME_FIGURES.items())]


def complaint_values(wh: Warehouse, filters: Filters, today: dt.date, stale_days: int) -> list[MetricValue]:
    """e-Mas figures of the period and the backlog (actionable overdue, needs checking)."""
    head = e_mas.headline(wh, filters, today=today, stale_days=stale_days)
    cutoff = e_mas.stale_cutoff(today, stale_days)
    period = (filters.start, filters.end)
    return [_entry("emas_received", head["received"], *period),
            _entry("emas_resolved_pct", head["resolved_pct"], *period),
            _entry("emas_median_days", head["median_days_to_resolve"], *period),
            _entry("emas_resolved_on_time_pct", head["resolved_on_time_pct"], *period),
            _entry("emas_overdue_open", head["overdue_open"], min(cutoff, filters.end), filters.end),
            _entry("emas_stale_open", head["stale_open"], EARLIEST_DATA, cutoff - dt.timedelta(days=1))]


def cleanup_values(wh: Warehouse, filters: Filters, stale_days: int) -> list[MetricValue]:
    """e-Saberling figures of the period and the open reports at its end (actionable, needs checking)."""
    head = e_saberling.headline(wh, filters, stale_days=stale_days)
    cutoff = filters.end - dt.timedelta(days=stale_days)
    period = (filters.start, filters.end)
    return [_entry("sab_received", head["received"], *period), _entry("sab_cleaned", head["cleaned"], *period),
            _entry("sab_cleaned_pct", head["cleaned_pct"], *period), _entry("sab_waste_kg", head["waste_kg"], *period),
            _entry("sab_median_days", head["median_days_to_clean"], *period),
            _entry("sab_open", head["open_at_end"] - head["stale_open"], cutoff, filters.end),
            _entry("sab_stale_open", head["stale_open"], EARLIEST_DATA, cutoff - dt.timedelta(days=1))]


def monthly_values(wh: Warehouse, filters: Filters) -> list[MetricValue]:
    """The latest complete month's e-Mas and e-Saberling figures (as on the applications pages)."""
    out = []
    for row in apps.source_metrics(wh, filters).itertuples():
        month = pd.Timestamp(row.period).date()
        out.append(_entry(row.metric, row.value, month, month_end(month)))
    return out


def app_values(wh: Warehouse, filters: Filters) -> list[MetricValue]:
    """Every application metric of the app catalogue: its latest month with data in the period."""
    out = []
    for row in apps.latest_metrics(wh, filters).itertuples():
        month = None if pd.isna(row.period) else pd.Timestamp(row.period).date()
        start, end = (month, month_end(month)) if month else (filters.start, filters.end)
        out.append(MetricValue(app_metric_id(row.app, row.metric), _number(row.value), start, end, row.name_id,
                               row.name_en, app_unit(row.unit)))
    return out


def app_metric_id(app: str, metric: str) -> str:
    """The id of an application metric in `etl metrics` output: `app:<app>:<metric>`."""
    return f"app:{app}:{metric}"


def compute(wh: Warehouse, filters: Filters, today: dt.date, stale_days: int | None = None) -> list[MetricValue]:
    """Every catalogue metric, then every application metric, for the filters."""
    stale = stale_days if stale_days is not None else default_stale_days()
    return [*programme_values(wh, filters), *complaint_values(wh, filters, today, stale),
            *monthly_values(wh, filters), *cleanup_values(wh, filters, stale), *app_values(wh, filters)]


def by_id(values: list[MetricValue]) -> dict[str, MetricValue]:
    """Values keyed by metric id."""
    return {v.id: v for v in values}
