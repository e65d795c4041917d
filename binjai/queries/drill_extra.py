"""Drill-through of figures the metric catalogue does not define: e-Mas average rating, resolved and open
complaints (Profil Kelurahan), e-Saberling before/after and volunteer figures, a dimension's programmes on schedule.

Each figure is taken over records read with the same query functions (and so the same definitions) as the page
that shows it; `binjai.queries.drill.drill` recounts it from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from binjai.db import Warehouse
from binjai.filters import Filters
from binjai.queries import e_mas, e_saberling, scorecard

_EMAS = ("complaint_id", "received_at", "category", "kelurahan", "kecamatan", "opd", "status", "resolved_at")
_EMAS_OPEN = ("complaint_id", "received_at", "category", "kelurahan", "kecamatan", "opd", "status",
              "age_working_days", "deadline", "description")
_QW = ("program_id", "program_name", "opd", "dimension", "status", "progress_pct", "planned_pct", "target_date",
       "report_date", "days_overdue", "on_schedule")
_SAB = ("report_id", "reported_at", "kelurahan", "kecamatan", "site_type", "status", "cleaned_at", "waste_kg",
        "volunteers", "team")


@dataclass(frozen=True)
class Figure:
    """A figure outside the catalogue: its source, how it follows from its records, and the records."""

    source: str
    kind: str
    column: str | None
    unit: str
    columns: tuple[str, ...]
    records: str  # which record set: `complaints`, `open`, `programmes` or an `e_saberling.report_records` set
    only: str | None = None  # keep only the rows where this column is true (or, for a number, above 0)
    decimals: int = 1


FIGURES = {
    "emas_avg_rating": Figure("e_mas", "mean", "rating", "rating", (*_EMAS, "rating", "description"), "complaints",
                              "resolved", decimals=2),
    "emas_resolved": Figure("e_mas", "count", None, "count", (*_EMAS, "description"), "complaints", "resolved"),
    "emas_open_now": Figure("e_mas", "count", None, "count", _EMAS_OPEN, "open"),
    "dim_on_schedule": Figure("quick_wins", "share", "on_schedule", "pct", _QW, "programmes"),
    "sab_open_at_start": Figure("e_saberling", "count", None, "count", _SAB, "open_at_start"),
    "sab_backlog_cleaned": Figure("e_saberling", "count", None, "count", _SAB, "backlog_cleaned"),
    "sab_open_at_end": Figure("e_saberling", "count", None, "count", _SAB, "open_at_end"),
    "sab_volunteers": Figure("e_saberling", "sum", "volunteers", "count", _SAB, "cleaned"),
    "sab_with_volunteers": Figure("e_saberling", "count", None, "count", _SAB, "cleaned", "volunteers"),
}


def records(wh: Warehouse, filters: Filters, metric_id: str, today: dt.date,
            emas_selection: e_mas.Selection | None = None, dimension: str | None = None) -> pd.DataFrame:
    """The records behind `metric_id` (a key of FIGURES) for the filters and the e-Mas page selection (for a
    dimension's figure: its programmes as the scorecard maps them)."""
    figure = FIGURES[metric_id]
    if figure.records == "programmes":
        frame = scorecard.programmes(wh, filters, scorecard.read_map()[0], dimension)
    elif figure.records == "complaints":
        frame = e_mas.complaint_records(wh, filters, emas_selection, today)
    elif figure.records == "open":
        frame = e_mas.open_complaints(wh, filters, emas_selection, today)
    else:
        frame = e_saberling.report_records(wh, filters, figure.records)
    if figure.only is not None:
        flags = frame[figure.only]
        frame = frame[flags.fillna(0).astype(float) > 0]
    if figure.kind == "mean":
        frame = frame[frame[figure.column].notna()]
    return frame
