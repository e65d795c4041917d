"""One kelurahan's profile: e-Mas complaints, e-Saberling clean-ups, the monthly trend, and the city-wide table.

Definitions follow the e-Mas and e-Saberling pages for the chosen period [start, end] (both days included):
- complaints received: `received_at` in the period; resolved: of those, status selesai; open now: status baru,
  diverifikasi or diproses, received up to the period's end (an old open complaint is still open);
- reports received: `reported_at` in the period; clean-ups: `cleaned_at` in the period, with their kg;
  open reports: reported up to the period's end and not cleaned by then.
The kecamatan filter is not applied: a kelurahan lies in one kecamatan and is chosen on its own.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from binjai.db import Warehouse
from binjai.filters import Filters
from binjai.queries.e_mas import OPEN_STATUSES

_OPEN_SQL = "(" + ", ".join("?" for _ in OPEN_STATUSES) + ")"


def _bounds(filters: Filters) -> tuple[dt.date, dt.date]:
    """The period as [start, end + 1 day) for timestamp comparisons."""
    return filters.start, filters.end + dt.timedelta(days=1)


def complaints(wh: Warehouse, filters: Filters, kelurahan: str) -> dict[str, int]:
    """received, resolved (of those received) and open_now for one kelurahan."""
    start, stop = _bounds(filters)
    row = wh.query(f"""
        SELECT count(*) FILTER (WHERE received_at >= ? AND received_at < ?) AS received,
               count(*) FILTER (WHERE received_at >= ? AND received_at < ? AND status = 'selesai') AS resolved,
               count(*) FILTER (WHERE received_at < ? AND status IN {_OPEN_SQL}) AS open_now
        FROM e_mas WHERE kelurahan = ?""", [start, stop, start, stop, stop, *OPEN_STATUSES, kelurahan]).iloc[0]
    return {name: int(row[name]) for name in ("received", "resolved", "open_now")}


def cleanups(wh: Warehouse, filters: Filters, kelurahan: str) -> dict[str, float | int]:
    """reports received, cleaned (clean-ups done), waste_kg collected and open_at_end for one kelurahan."""
    start, stop = _bounds(filters)
    row = wh.query("""
        SELECT count(*) FILTER (WHERE reported_at >= ? AND reported_at < ?) AS received,
               count(*) FILTER (WHERE cleaned_at >= ? AND cleaned_at < ?) AS cleaned,
               coalesce(sum(waste_kg) FILTER (WHERE cleaned_at >= ? AND cleaned_at < ?), 0) AS waste_kg,
               count(*) FILTER (WHERE reported_at < ? AND (cleaned_at IS NULL OR cleaned_at >= ?)) AS open_at_end
        FROM e_saberling WHERE kelurahan = ?""", [start, stop, start, stop, start, stop, stop, stop, kelurahan]).iloc[0]
    return {"received": int(row["received"]), "cleaned": int(row["cleaned"]), "waste_kg": float(row["waste_kg"]),
            "open_at_end": int(row["open_at_end"])}


def monthly(wh: Warehouse, filters: Filters, kelurahan: str) -> pd.DataFrame:
    """Per calendar month of the period: month, complaints (received), reports (received) and cleanups (done)."""
    start, stop = _bounds(filters)
    return wh.query("""
        WITH months AS (SELECT unnest(generate_series(date_trunc('month', ?::DATE), ?::DATE, INTERVAL 1 MONTH))
                        AS month),
        c AS (SELECT date_trunc('month', received_at) AS month, count(*) AS n FROM e_mas
              WHERE kelurahan = ? AND received_at >= ? AND received_at < ? GROUP BY 1),
        r AS (SELECT date_trunc('month', reported_at) AS month, count(*) AS n FROM e_saberling
              WHERE kelurahan = ? AND reported_at >= ? AND reported_at < ? GROUP BY 1),
        d AS (SELECT date_trunc('month', cleaned_at) AS month, count(*) AS n FROM e_saberling
              WHERE kelurahan = ? AND cleaned_at >= ? AND cleaned_at < ? GROUP BY 1)
        SELECT m.month::TIMESTAMP AS month, coalesce(c.n, 0) AS complaints, coalesce(r.n, 0) AS reports,
               coalesce(d.n, 0) AS cleanups
        FROM months m LEFT JOIN c ON c.month = m.month LEFT JOIN r ON r.month = m.month
        LEFT JOIN d ON d.month = m.month ORDER BY m.month""",
                    [filters.start, filters.end, kelurahan, start, stop, kelurahan, start, stop, kelurahan, start, stop])


def complaint_categories(wh: Warehouse, filters: Filters, kelurahan: str) -> pd.DataFrame:
    """[category, received, open_now]: complaints received in the period per category, most first."""
    start, stop = _bounds(filters)
    return wh.query(f"""
        SELECT category, count(*) FILTER (WHERE received_at >= ?) AS received,
               count(*) FILTER (WHERE status IN {_OPEN_SQL}) AS open_now
        FROM e_mas WHERE kelurahan = ? AND received_at < ?
        GROUP BY category HAVING count(*) FILTER (WHERE received_at >= ?) > 0 OR open_now > 0
        ORDER BY received DESC, category""", [start, *OPEN_STATUSES, kelurahan, stop, start])


def city_table(wh: Warehouse, filters: Filters, names: pd.DataFrame) -> pd.DataFrame:
    """Every kelurahan of `names` [kelurahan, kecamatan] with complaints received, open complaints, reports
    received, clean-ups done and open reports in the period (zeros where there are none), in the given order."""
    start, stop = _bounds(filters)
    counts = wh.query(f"""
        WITH e AS (SELECT kelurahan, count(*) FILTER (WHERE received_at >= ?) AS complaints,
                          count(*) FILTER (WHERE status IN {_OPEN_SQL}) AS open_complaints
                   FROM e_mas WHERE received_at < ? GROUP BY kelurahan),
        s AS (SELECT kelurahan, count(*) FILTER (WHERE reported_at >= ? AND reported_at < ?) AS reports,
                     count(*) FILTER (WHERE cleaned_at >= ? AND cleaned_at < ?) AS cleanups,
                     count(*) FILTER (WHERE reported_at < ? AND (cleaned_at IS NULL OR cleaned_at >= ?)) AS open_reports
              FROM e_saberling GROUP BY kelurahan)
        SELECT coalesce(e.kelurahan, s.kelurahan) AS kelurahan, coalesce(e.complaints, 0) AS complaints,
               coalesce(e.open_complaints, 0) AS open_complaints, coalesce(s.reports, 0) AS reports,
               coalesce(s.cleanups, 0) AS cleanups, coalesce(s.open_reports, 0) AS open_reports
        FROM e FULL JOIN s ON e.kelurahan = s.kelurahan""",
                      [start, *OPEN_STATUSES, stop, start, stop, start, stop, stop, stop])
    table = names[["kelurahan", "kecamatan"]].merge(counts, on="kelurahan", how="left")
    number_columns = ["complaints", "open_complaints", "reports", "cleanups", "open_reports"]
    table[number_columns] = table[number_columns].fillna(0).astype(int)
    return table.reset_index(drop=True)
