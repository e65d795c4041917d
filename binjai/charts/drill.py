"""Drill-through for the screen: the records with labelled columns and Indonesian formats, and the caption that
recounts the figure from them (the download keeps the canonical column names; see `export_frame`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from binjai import fmt, reference
from binjai.charts import apps as app_charts
from binjai.charts import e_mas as emas_charts
from binjai.charts import e_saberling as sab_charts
from binjai.charts import quick_wins as qw_charts
from binjai.i18n import t
from binjai.metrics import catalogue, compute
from binjai.queries.drill import APP_PREFIX, MONTHLY, Drill
from binjai.queries.drill_extra import FIGURES

DISPLAY_LIMIT = 5_000
_DATETIMES = ("received_at", "resolved_at", "reported_at", "cleaned_at")
_DATES = ("deadline", "target_date", "report_date")
_FLAGS = ("resolved", "resolved_on_time", "cleaned_by_end", "on_schedule", "shown")
_WHOLE = ("working_days_to_resolve", "age_working_days", "overdue_working_days", "volunteers", "days_overdue",
          "rating")
_ONE_DECIMAL = ("days_to_clean", "waste_kg")
_PERCENT = ("progress_pct", "planned_pct")
_RUPIAH = ("budget_idr", "spent_idr")
# Enumerations shown by name: column -> labeller(value, lang); `status` depends on the source.
_ENUMS: dict[str, Callable[[object, str], str]] = {
    "category": emas_charts.category_label, "channel": emas_charts.channel_label, "site_type": sab_charts.site_label,
    "dimension": qw_charts.dimension_label}
_STATUS = {"e_mas": emas_charts.status_label, "e_saberling": sab_charts.status_label,
           "quick_wins": qw_charts.status_label}


def source(metric_id: str) -> str:
    """The source a figure is counted from (`app_metrics` for an application metric)."""
    if metric_id in FIGURES:
        return FIGURES[metric_id].source
    return "app_metrics" if metric_id.startswith(APP_PREFIX) else catalogue.get(metric_id).source


def metric_label(metric_id: str, lang: str) -> str:
    """The figure's name as its tile shows it (the application catalogue's name for an application metric)."""
    if metric_id in FIGURES:
        return t(f"drill.figure.{metric_id}", lang)
    if not metric_id.startswith(APP_PREFIX):
        return catalogue.label(metric_id, lang)
    _, app, metric = metric_id.split(":", 2)
    rows = reference.metric_catalogue()
    row = rows[(rows["app"] == app) & (rows["metric"] == metric)]
    return str(row.iloc[0]["name_id" if lang == "id" else "name_en"]) if len(row) else metric


def app_tile_ids(keys: Iterable[tuple[str, str]]) -> list[str]:
    """The drill ids of application tiles given as (app, metric): a catalogue figure's own id (e-Mas,
    e-Saberling), otherwise `app:<app>:<metric>`."""
    return [metric if metric in MONTHLY else compute.app_metric_id(app, metric) for app, metric in keys]


def value_label(column: str, value: object, lang: str) -> str:
    """A group's value by name (category, channel, site type, dimension), other values as they are."""
    return _ENUMS[column](value, lang) if column in _ENUMS else _text(value)


def column_label(column: str, lang: str) -> str:
    """A records column's heading in the user's language."""
    return t(f"drill.col.{column}", lang)


def _text(value: object) -> str:
    return "" if fmt.is_missing(value) else str(value)


def _formatter(column: str, drill: Drill, lang: str) -> Callable[[object], str]:
    """How one column's cells are written on screen."""
    yes, no = t("drill.yes", lang), t("drill.no", lang)
    if column in _DATETIMES:
        return lambda v: fmt.datetime(v, lang) if not fmt.is_missing(v) else ""
    if column in _DATES:
        return lambda v: fmt.date(v, lang) if not fmt.is_missing(v) else ""
    if column == "period":
        return lambda v: fmt.month(v, lang)
    if column in _FLAGS:
        return lambda v: yes if v is True or v == 1 else no
    if column in _WHOLE:
        return lambda v: fmt.number(v, 0, lang) if not fmt.is_missing(v) else ""
    if column in _ONE_DECIMAL:
        return lambda v: fmt.number(v, 1, lang) if not fmt.is_missing(v) else ""
    if column in _PERCENT:
        return lambda v: fmt.percent(v, 1, lang)
    if column in _RUPIAH:
        return lambda v: fmt.rupiah(v, lang)
    if column in ("value", "target"):
        unit = drill.unit
        return lambda v: app_charts.format_metric(v, unit, lang)
    if column == "status":
        label = _STATUS[source(drill.metric_id)]
        return lambda v: label(v, lang)
    if column in _ENUMS:
        return lambda v: _ENUMS[column](v, lang) if not fmt.is_missing(v) else ""
    return _text


def display_frame(drill: Drill, lang: str) -> pd.DataFrame:
    """The records as the table shows them (first DISPLAY_LIMIT rows): labelled columns, values as text."""
    shown = drill.records.head(DISPLAY_LIMIT)
    return pd.DataFrame({column_label(column, lang): [*map(_formatter(column, drill, lang), shown[column])]
                         for column in shown.columns})


def export_frame(drill: Drill) -> pd.DataFrame:
    """The records for CSV/XLSX: canonical column names and values as stored, so a file can be corrected and loaded
    again (the contracts accept these names; derived columns such as `resolved_on_time` are reported as unknown)."""
    return drill.records


def formatted_value(drill: Drill, lang: str) -> str:
    """The figure exactly as its tile shows it."""
    if drill.metric_id.startswith(APP_PREFIX):
        return app_charts.format_metric(drill.value, drill.unit, lang)
    if drill.unit == "rating":
        return f"{fmt.number(drill.value, 2, lang)} / 5"
    return catalogue.format_unit(drill.value, drill.unit, lang)


def caption(drill: Drill, lang: str, label: str = "") -> str:
    """How the figure follows from the records: the row count, or the flagged rows, median, mean or total of them
    (`label` names the figure as the page does; by default its own name)."""
    n = fmt.number(drill.rows, 0, lang)
    value, label = formatted_value(drill, lang), label or metric_label(drill.metric_id, lang)
    column = column_label(drill.column, lang) if drill.column else ""
    if drill.kind == "value":
        if drill.value is None:
            return t("drill.no_value", lang)
        month = drill.records.loc[drill.records["shown"], "period"].iloc[0]
        return t("drill.value", lang, value=value, month=fmt.month(month, lang, long=True), n=n,
                 flag=column_label("shown", lang))
    if drill.kind == "count":
        return t("drill.count", lang, n=n, label=label)
    if drill.kind == "share":
        return t("drill.share", lang, part=fmt.number(drill.part, 0, lang), n=n, flag=column, value=value, label=label)
    if drill.kind == "ratio":
        return t("drill.ratio", lang, n=n, column=column, part=fmt.rupiah(drill.records[drill.column].sum(), lang),
                 whole_column=column_label("budget_idr", lang), whole=fmt.rupiah(drill.records["budget_idr"].sum(), lang),
                 value=value, label=label)
    return t(f"drill.{drill.kind}", lang, n=n, column=column, value=value, label=label)


def limited_note(drill: Drill, lang: str) -> str:
    """A note when the table shows fewer rows than the records hold ('' otherwise)."""
    if drill.rows <= DISPLAY_LIMIT:
        return ""
    return t("drill.limited", lang, shown=fmt.number(DISPLAY_LIMIT, 0, lang), n=fmt.number(drill.rows, 0, lang))


def file_name(metric_id: str) -> str:
    """The download's file name: `data_<metric>` (application metrics: `data_<app>_<metric>`)."""
    return "data_" + metric_id.removeprefix(APP_PREFIX).replace(":", "_").replace("-", "_").lower()
