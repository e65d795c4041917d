"""Drill-through: the records behind a figure, with the same definition as the figure, and the figure recounted.

`drill(wh, filters, metric_id, today, ...)` returns a `Drill`: the records (canonical column names, values as
stored) and how the figure follows from them, so a viewer can recount it: a count is the number of rows; a share
is the rows flagged in `column` out of all rows (e.g. resolved on time out of those whose deadline has come); a
median, mean or sum is taken over `column`; budget realisation is the sum of spending over the sum of budgets; an
application metric is the uploaded row of the tile's month (`shown`), listed with the months its trend draws.
A test checks that `Drill.value` equals `binjai.metrics.compute` for every metric in DRILLABLE. Figures outside
the catalogue are defined in `binjai.queries.drill_extra`. An `Ask` names one figure with its own scope (period,
page selection, rows of one kelurahan, site type or team), for figures whose filters are not the page's (weekly
brief, Profil Kelurahan, a chart's or table's group).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd

from binjai import status as rule
from binjai.db import Warehouse
from binjai.filters import Filters, month_end
from binjai.metrics import catalogue
from binjai.queries import apps, drill_extra, e_mas, e_saberling, quick_wins

KINDS = ("count", "share", "median", "mean", "sum", "ratio", "value")
APP_PREFIX = "app:"  # as `binjai.metrics.compute.app_metric_id`

_EMAS = ("complaint_id", "received_at", "category", "kelurahan", "kecamatan", "opd", "status", "resolved_at")
_EMAS_OPEN = ("complaint_id", "received_at", "category", "kelurahan", "kecamatan", "opd", "status",
              "age_working_days", "deadline", "overdue_working_days", "description")
_SAB = ("report_id", "reported_at", "kelurahan", "kecamatan", "site_type", "status", "cleaned_at")
_QW = ("program_id", "program_name", "opd", "dimension", "status", "progress_pct", "planned_pct", "target_date",
       "report_date", "days_overdue")
_APP = ("period", "value", "target", "unit", "shown")

# metric id -> (kind, column the figure is taken over or flagged by, columns shown); code constants.
_EMAS_SPECS = {
    "emas_received": ("count", None, (*_EMAS, "description")),
    "emas_resolved_pct": ("share", "resolved", (*_EMAS, "resolved", "description")),
    "emas_median_days": ("median", "working_days_to_resolve", (*_EMAS, "working_days_to_resolve", "description")),
    "emas_resolved_on_time_pct": ("share", "resolved_on_time", (*_EMAS, "resolved_on_time", "description")),
    "emas_overdue_open": ("count", None, _EMAS_OPEN),
    "emas_stale_open": ("count", None, _EMAS_OPEN),
}
# metric id -> (record set of `e_saberling.report_records`, kind, column, columns shown).
_SAB_SPECS = {
    "sab_received": ("received", "count", None, (*_SAB, "waste_kg", "team")),
    "sab_cleaned": ("cleaned", "count", None, (*_SAB, "waste_kg", "volunteers", "team")),
    "sab_cleaned_pct": ("received", "share", "cleaned_by_end", (*_SAB, "cleaned_by_end", "team")),
    "sab_waste_kg": ("cleaned", "sum", "waste_kg", (*_SAB, "waste_kg", "volunteers", "team")),
    "sab_median_days": ("cleaned", "median", "days_to_clean", (*_SAB, "days_to_clean", "team")),
    "sab_open": ("open", "count", None, (*_SAB, "team")),
    "sab_stale_open": ("stale", "count", None, (*_SAB, "team")),
}
# metric id -> (programmes counted: a status or None for all, kind, column, columns shown).
_QW_SPECS = {
    "qw_on_schedule_pct": (None, "share", "on_schedule", (*_QW, "on_schedule")),
    **{metric_id: (status, "count", None, _QW) for metric_id, status in (
        ("qw_late", rule.TERLAMBAT), ("qw_at_risk", rule.PERLU_PERHATIAN), ("qw_on_schedule", rule.SESUAI_JADWAL),
        ("qw_completed", rule.SELESAI), ("qw_programmes", None))},
    "qw_avg_progress": (None, "mean", "progress_pct", _QW),
    "qw_budget_spent_pct": (None, "ratio", "spent_idr", (*_QW, "budget_idr", "spent_idr")),
}
# Figures of the latest complete month (applications pages) -> the same figure over that month.
MONTHLY = {"emas_aduan_masuk": "emas_received", "emas_aduan_selesai_pct": "emas_resolved_pct",
           "sab_laporan_masuk": "sab_received", "sab_titik_dibersihkan": "sab_cleaned"}
DRILLABLE = (*_QW_SPECS, *_EMAS_SPECS, *MONTHLY, *_SAB_SPECS)
EXTRA = tuple(drill_extra.FIGURES)


@dataclass(frozen=True)
class Ask:
    """One figure to drill into: its id and, where they differ from the page's, its filters, day, page selections,
    `only` (the records whose column holds the value, e.g. (("kelurahan", "Pahlawan"),)), Smart City dimension (its
    figures only) and the label it is shown with ('' = the figure's own name)."""

    metric_id: str
    filters: Filters | None = None
    today: dt.date | None = None
    emas_selection: e_mas.Selection | None = None
    qw_selection: quick_wins.Selection = quick_wins.ALL
    only: tuple[tuple[str, str], ...] = ()
    dimension: str | None = None
    label: str = ""


@dataclass(frozen=True)
class Drill:
    """The records behind one figure and the figure recounted from them (see the module docstring)."""

    metric_id: str
    records: pd.DataFrame
    kind: str
    column: str | None
    value: float | int | None
    part: int | None = None
    unit: str = "count"

    @property
    def rows(self) -> int:
        """How many records there are."""
        return len(self.records)


def recount(records: pd.DataFrame, kind: str, column: str | None,
            decimals: int = 1) -> tuple[float | int | None, int | None]:
    """The figure from its records, and for a share the number of flagged rows (one decimal, as the catalogue;
    a mean or median to `decimals`)."""
    if kind == "count":
        return len(records), None
    if kind == "share":
        part = int(records[column].astype(bool).sum())
        return (round(100.0 * part / len(records), 1) if len(records) else None), part
    if kind == "ratio":
        budget = float(records["budget_idr"].sum())
        return (round(float(records[column].sum()) / budget * 100, 1) if budget > 0 else None), None
    if kind == "sum":
        return float(records[column].sum()), None
    values = records[column].dropna().astype(float)
    if values.empty:
        return None, None
    return round(float(values.median() if kind == "median" else values.mean()), decimals), None


def _made(metric_id: str, frame: pd.DataFrame, kind: str, column: str | None, columns: tuple[str, ...],
          unit: str, only: tuple[tuple[str, str], ...] = (), decimals: int = 1) -> Drill:
    for name, wanted in only:
        frame = frame[frame[name] == wanted]
    records = frame[list(columns)].reset_index(drop=True)
    value, part = recount(records, kind, column, decimals)
    return Drill(metric_id, records, kind, column, value, part, unit)


def ask(wh: Warehouse, question: Ask, filters: Filters, today: dt.date) -> Drill:
    """The records behind an `Ask`, in the page's `filters` and `today` where it names none of its own."""
    return drill(wh, question.filters or filters, question.metric_id, question.today or today,
                 emas_selection=question.emas_selection, qw_selection=question.qw_selection,
                 only=question.only, dimension=question.dimension)


def drill(wh: Warehouse, filters: Filters, metric_id: str, today: dt.date, stale_days: int | None = None,
          emas_selection: e_mas.Selection | None = None,
          qw_selection: quick_wins.Selection = quick_wins.ALL, only: tuple[tuple[str, str], ...] = (),
          dimension: str | None = None) -> Drill:
    """The records behind `metric_id` for the filters (and a page's own selection, and only the rows whose columns
    hold the values of `only`); KeyError for an unknown id."""
    if metric_id.startswith(APP_PREFIX):
        _, app, metric = metric_id.split(":", 2)
        frame = apps.metric_records(wh, filters, app, metric)
        shown = frame.loc[frame["shown"], "value"]
        unit = str(frame["unit"].iloc[0]) if len(frame) else ""
        return Drill(metric_id, frame[list(_APP)], "value", "value",
                     float(shown.iloc[0]) if len(shown) else None, None, unit)
    if metric_id in MONTHLY:
        month = apps.latest_full_month(filters)
        monthly = Filters(month, month_end(month), filters.kecamatan, "custom")
        return replace(drill(wh, monthly, MONTHLY[metric_id], today, stale_days, only=only), metric_id=metric_id)
    if metric_id in drill_extra.FIGURES:
        figure = drill_extra.FIGURES[metric_id]
        frame = drill_extra.records(wh, filters, metric_id, today, emas_selection, dimension)
        return _made(metric_id, frame, figure.kind, figure.column, figure.columns, figure.unit, only,
                     figure.decimals)
    unit = catalogue.get(metric_id).unit
    if metric_id in _EMAS_SPECS:
        kind, column, columns = _EMAS_SPECS[metric_id]
        if metric_id == "emas_overdue_open":
            frame = e_mas.overdue_complaints(wh, filters, None, emas_selection, today, stale_days)
        elif metric_id == "emas_stale_open":
            frame = e_mas.stale_complaints(wh, filters, None, emas_selection, today, stale_days)
        else:
            frame = e_mas.complaint_records(wh, filters, emas_selection, today)
            if metric_id == "emas_median_days":
                frame = frame[frame["resolved"]]
            elif metric_id == "emas_resolved_on_time_pct":
                frame = frame[frame["resolution_due"]]
        return _made(metric_id, frame, kind, column, columns, unit, only)
    if metric_id in _SAB_SPECS:
        which, kind, column, columns = _SAB_SPECS[metric_id]
        return _made(metric_id, e_saberling.report_records(wh, filters, which, stale_days), kind, column, columns, unit,
                     only)
    status, kind, column, columns = _QW_SPECS[metric_id]
    frame = quick_wins.latest_programmes(wh, filters, qw_selection)
    frame["on_schedule"] = frame["status"].isin(rule.ON_SCHEDULE)
    if status is not None:
        frame = frame[frame["status"] == status]
    elif kind == "ratio":
        frame = frame[(frame["budget_idr"] > 0) & frame["spent_idr"].notna()]
    return _made(metric_id, frame, kind, column, columns, unit, only)

# Profil Kelurahan's tiles (tile key -> figure); its counts leave the kecamatan filter out (binjai.queries.kelurahan).
KELURAHAN_FIGURES = {"received": "emas_received", "resolved": "emas_resolved", "open_now": "emas_open_now",
                     "reports": "sab_received", "cleaned": "sab_cleaned", "waste": "sab_waste_kg",
                     "open_reports": "sab_open_at_end"}


def kelurahan_asks(filters: Filters, kelurahan: str, labels: dict[str, str]) -> dict[str, Ask]:
    """The figures of one kelurahan's profile over the filters' period (whole city scope, then that kelurahan),
    each shown with `labels[tile key]`."""
    city = Filters(filters.start, filters.end, (), "custom")
    return {key: Ask(metric_id, city, only=(("kelurahan", kelurahan),), label=labels[key])
            for key, metric_id in KELURAHAN_FIGURES.items()}


# Akuntabilitas OPD: the ranking's columns for one OPD -> the figure that counts them.
OPD_FIGURES = {"received": "emas_received", "resolved_on_time_pct": "emas_resolved_on_time_pct",
               "median_days": "emas_median_days", "overdue_open": "emas_overdue_open", "late_programmes": "qw_late"}


def opd_asks(opd: str, lang: str) -> dict[str, Ask]:
    """The figures of one OPD's ranking row (its complaints and its programmes), labelled `<figure> · <OPD>`."""
    complaints, programmes = e_mas.Selection(opd=(opd,)), quick_wins.Selection(opds=(opd,))
    return {column: Ask(metric_id, emas_selection=complaints, qw_selection=programmes,
                        label=f"{catalogue.label(metric_id, lang)} · {opd}")
            for column, metric_id in OPD_FIGURES.items()}
