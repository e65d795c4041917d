"""Drill-through of a table's rows and a chart's groups: which figures a row or group offers, and only those with records.

A group drill offers a figure for a group value only when the page's own table counts records behind it
(`record_counts`, `status_counts`), so no option opens an empty table. A picked row of the e-Mas kelurahan table or
of Profil Kelurahan's city table offers the figures of its columns (`emas_kelurahan_asks`, `city_asks`).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from binjai import status as rule
from binjai.filters import Filters
from binjai.queries import e_mas
from binjai.queries.drill import Ask

# Counts: grouping column -> figure -> {group value: records its drill lists}.
Counts = Mapping[str, Mapping[str, Mapping[object, int]]]

# Profil Kelurahan's city table: column -> the figure that counts it (same definitions as the profile's tiles).
CITY_FIGURES = {"complaints": "emas_received", "open_complaints": "emas_open_now", "reports": "sab_received",
                "cleanups": "sab_cleaned", "open_reports": "sab_open_at_end"}
STATUS_FIGURES = {rule.TERLAMBAT: "qw_late", rule.PERLU_PERHATIAN: "qw_at_risk", rule.SESUAI_JADWAL: "qw_on_schedule",
                  rule.SELESAI: "qw_completed"}


def record_counts(frame: pd.DataFrame, key: str, columns: Mapping[str, str]) -> dict[str, dict[object, int]]:
    """From a table with one row per group (`key`): figure -> {group: records}, read from the column each figure's
    records are counted in (`columns`: figure -> column)."""
    return {metric_id: dict(zip(frame[key], frame[column].fillna(0).astype(int), strict=True))
            for metric_id, column in columns.items()}


def status_counts(breakdown: pd.DataFrame) -> dict[str, dict[object, int]]:
    """From `quick_wins.breakdown` (group, status, programmes): each status figure's programmes per group, and for the
    average progress every programme of the group."""
    counts = {metric_id: {} for metric_id in (*STATUS_FIGURES.values(), "qw_avg_progress")}
    for row in breakdown.itertuples():
        counts[STATUS_FIGURES[row.status]][row.group] = int(row.programmes)
        counts["qw_avg_progress"][row.group] = counts["qw_avg_progress"].get(row.group, 0) + int(row.programmes)
    return counts


def listed(counts: Counts, metric_ids: tuple[str, ...] | None = None) -> list[tuple[str, str, str, int]]:
    """(figure, column, value, records) of every combination with records, figures in the order of `metric_ids`
    (all counted figures by default); missing values and combinations without records are left out."""
    return [(metric_id, column, value, n) for column, figures in counts.items() for value in _values(figures)
            for metric_id in (metric_ids or tuple(figures))
            if isinstance(value, str) and (n := int(figures.get(metric_id, {}).get(value, 0))) > 0]


def _values(figures: Mapping[str, Mapping[object, int]]) -> list[object]:
    """Every group value of a column's figures, in first-seen order."""
    return list(dict.fromkeys(value for counted in figures.values() for value in counted))


def emas_kelurahan_asks(kelurahan: str, selection: e_mas.Selection | None, label: str) -> dict[str, Ask]:
    """The e-Mas kelurahan table's row: the complaints received in that kelurahan, in the page's filters and selection."""
    return {"received": Ask("emas_received", emas_selection=selection, only=(("kelurahan", kelurahan),), label=label)}


def city_asks(filters: Filters, kelurahan: str, labels: Mapping[str, str]) -> dict[str, Ask]:
    """Profil Kelurahan's city table row: each count column's records for that kelurahan over the period (the table
    leaves the kecamatan filter out, as the profile does), labelled `labels[column] · kelurahan`."""
    city = Filters(filters.start, filters.end, (), "custom")
    return {column: Ask(metric_id, city, only=(("kelurahan", kelurahan),), label=f"{labels[column]} · {kelurahan}")
            for column, metric_id in CITY_FIGURES.items()}
