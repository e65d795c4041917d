"""Headline figures for the home page, one per source."""

from __future__ import annotations

from binjai.db import Warehouse
from binjai.filters import Filters


def source_headlines(wh: Warehouse, filters: Filters) -> dict[str, int]:
    """Programmes and completed ones (latest report), complaints and clean-up reports in the period, app metrics."""
    emas_where, emas_params = filters.where("received_at")
    sab_where, sab_params = filters.where("reported_at")
    programmes = wh.query(
        "SELECT count(*) AS programmes, count(*) FILTER (WHERE progress_pct >= 100) AS completed FROM ("
        "SELECT program_id, progress_pct FROM quick_wins "
        "QUALIFY row_number() OVER (PARTITION BY program_id ORDER BY report_date DESC) = 1)"
    ).iloc[0]
    return {
        "programmes": int(programmes["programmes"]),
        "programmes_completed": int(programmes["completed"]),
        "complaints": int(wh.scalar(f"SELECT count(*) FROM e_mas WHERE {emas_where}", emas_params)),
        "reports": int(wh.scalar(f"SELECT count(*) FROM e_saberling WHERE {sab_where}", sab_params)),
        "metric_series": int(wh.scalar("SELECT count(DISTINCT (app, metric)) FROM app_metrics")),
        "apps": int(wh.scalar("SELECT count(DISTINCT app) FROM app_metrics")),
    }
