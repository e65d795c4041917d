"""e-Saberling clean-up reports: figures, monthly trend, breakdowns, hotspots, map data and the link with e-Mas.

Definitions used throughout (the period is [start, end], both days included; the kecamatan filter applies):
- received: reports whose `reported_at` lies in the period;
- cleaned: clean-ups whose `cleaned_at` lies in the period (the work done in it), with their kg and volunteers;
- cleaned_pct: of the reports received in the period, the share cleaned by the end of the period;
- days to clean: `cleaned_at - reported_at` in days (fractional), for clean-ups in the period;
- open at a moment: reported before it and not cleaned before it (status dilaporkan or dijadwalkan);
- hotspots: open reports at the end of the period, whenever they were reported; age in calendar days from the
  report date to the period's last day;
- stale ("perlu verifikasi"): open at the period's end and older than `stale_days` (default 365,
  $BINJAI_STALE_DAYS); counted and listed apart and left out of the hotspots, which show what can be acted on.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from binjai import reference, settings
from binjai.db import Warehouse
from binjai.filters import Filters
from data_sources import e_saberling as contract

STATUSES = tuple(choice.value for choice in contract.STATUSES)
SITE_TYPES = tuple(choice.value for choice in contract.SITE_TYPES)
CLEANED = contract.CLEANED_STATUS
WASTE_CATEGORY = "Kebersihan & Sampah"
DRAINAGE_CATEGORY = "Jalan & Drainase"
# Complaints in "Jalan & Drainase" whose text names a drain, a ditch, a culvert or flooding count as drainage.
DRAINAGE_PATTERN = r"parit|drainase|selokan|\bgot\b|gorong|saluran|banjir|genangan|tersumbat"
# Above this many reports the map receives grid cells (one per cell and status) instead of single reports.
MAX_MAP_POINTS = 3_000
GRID_DEGREES = 0.003  # about 330 m
WASTE_GRID_DEGREES = 0.0005  # about 55 m; the hexagons (300 m) are built from these cells
_DAY_SECONDS = 86_400.0
EARLIEST_REPORT = dt.date(1900, 1, 1)


def _bounds(filters: Filters) -> tuple[dt.date, dt.date]:
    """The period as [start, end + 1 day) for timestamp comparisons."""
    return filters.start, filters.end + dt.timedelta(days=1)


def _kecamatan(filters: Filters, column: str = "kecamatan") -> tuple[str, list]:
    return filters.kecamatan_where(column)


def _stale_before(filters: Filters, stale_days: int | None) -> dt.date:
    """Reports made before this date and still open at the period's end are stale."""
    return filters.end - dt.timedelta(days=stale_days if stale_days is not None else settings.stale_days())


def headline(wh: Warehouse, filters: Filters, stale_days: int | None = None) -> dict:
    """The period's headline figures, read once per database version (see `_headline`)."""
    days = stale_days if stale_days is not None else settings.stale_days()
    return wh.shared(("e_saberling.headline", filters, days), lambda: _headline(wh, filters, days))


def _headline(wh: Warehouse, filters: Filters, stale_days: int | None) -> dict:
    """received, cleaned, cleaned_pct, waste_kg, median_days_to_clean, volunteers, cleanups_with_volunteers,
    open_at_end (all open reports) and stale_open (of those, the stale ones; see the module's definitions); None
    where there is nothing to measure."""
    start, stop = _bounds(filters)
    kec_sql, kec_params = _kecamatan(filters)
    row = wh.query(
        f"""
        WITH scoped AS (SELECT * FROM e_saberling WHERE {kec_sql})
        SELECT
            count(*) FILTER (WHERE reported_at >= ? AND reported_at < ?) AS received,
            count(*) FILTER (WHERE reported_at >= ? AND reported_at < ? AND cleaned_at < ?) AS received_cleaned,
            count(*) FILTER (WHERE cleaned_at >= ? AND cleaned_at < ?) AS cleaned,
            sum(waste_kg) FILTER (WHERE cleaned_at >= ? AND cleaned_at < ?) AS waste_kg,
            median(epoch(cleaned_at - reported_at) / {_DAY_SECONDS})
                FILTER (WHERE cleaned_at >= ? AND cleaned_at < ?) AS median_days_to_clean,
            sum(volunteers) FILTER (WHERE cleaned_at >= ? AND cleaned_at < ?) AS volunteers,
            count(*) FILTER (WHERE cleaned_at >= ? AND cleaned_at < ? AND volunteers > 0) AS cleanups_with_volunteers,
            count(*) FILTER (WHERE reported_at < ? AND (cleaned_at IS NULL OR cleaned_at >= ?)) AS open_at_end,
            count(*) FILTER (WHERE reported_at < ? AND (cleaned_at IS NULL OR cleaned_at >= ?)) AS stale_open
        FROM scoped
        """,
        [*kec_params, start, stop, start, stop, stop, *[start, stop] * 5, stop, stop,
         _stale_before(filters, stale_days), stop],
    ).iloc[0]
    received = int(row["received"])
    return {
        "received": received,
        "cleaned": int(row["cleaned"]),
        "cleaned_pct": 100.0 * int(row["received_cleaned"]) / received if received else None,
        "waste_kg": float(row["waste_kg"]) if pd.notna(row["waste_kg"]) else 0.0,
        "median_days_to_clean": float(row["median_days_to_clean"]) if pd.notna(row["median_days_to_clean"]) else None,
        "volunteers": int(row["volunteers"]) if pd.notna(row["volunteers"]) else 0,
        "cleanups_with_volunteers": int(row["cleanups_with_volunteers"]),
        "open_at_end": int(row["open_at_end"]),
        "stale_open": int(row["stale_open"]),
    }


def monthly_counts(wh: Warehouse, filters: Filters) -> pd.DataFrame:
    """Per calendar month of the period: [month, received, received_cleaned (of those, cleaned by the month's end,
    or the period's end when sooner), cleaned, waste_kg, median_days] (every month listed)."""
    start, stop = _bounds(filters)
    kec_sql, kec_params = _kecamatan(filters)
    return wh.query(
        f"""
        WITH months AS (
            SELECT unnest(generate_series(date_trunc('month', ?::DATE), date_trunc('month', ?::DATE),
                                          INTERVAL 1 MONTH))::DATE AS month),
        scoped AS (SELECT * FROM e_saberling WHERE {kec_sql}),
        received AS (
            SELECT date_trunc('month', reported_at)::DATE AS month, count(*) AS received,
                   count(*) FILTER (WHERE cleaned_at < least(date_trunc('month', reported_at) + INTERVAL 1 MONTH, ?))
                       AS received_cleaned
            FROM scoped WHERE reported_at >= ? AND reported_at < ? GROUP BY 1),
        cleaned AS (
            SELECT date_trunc('month', cleaned_at)::DATE AS month, count(*) AS cleaned, sum(waste_kg) AS waste_kg,
                   median(epoch(cleaned_at - reported_at) / {_DAY_SECONDS}) AS median_days
            FROM scoped WHERE cleaned_at >= ? AND cleaned_at < ? GROUP BY 1)
        SELECT m.month, coalesce(r.received, 0)::BIGINT AS received,
               coalesce(r.received_cleaned, 0)::BIGINT AS received_cleaned, coalesce(c.cleaned, 0)::BIGINT AS cleaned,
               coalesce(c.waste_kg, 0)::DOUBLE AS waste_kg, c.median_days
        FROM months m LEFT JOIN received r USING (month) LEFT JOIN cleaned c USING (month)
        ORDER BY m.month
        """,
        [filters.start, filters.end, *kec_params, stop, start, stop, start, stop],
    )


def _group_summary(wh: Warehouse, filters: Filters, column: str) -> pd.DataFrame:
    """received, cleaned, waste_kg, volunteers and median_days per value of `column` (a code constant)."""
    start, stop = _bounds(filters)
    kec_sql, kec_params = _kecamatan(filters)
    return wh.query(
        f"""
        SELECT {column} AS key,
            count(*) FILTER (WHERE reported_at >= ? AND reported_at < ?) AS received,
            count(*) FILTER (WHERE cleaned_at >= ? AND cleaned_at < ?) AS cleaned,
            coalesce(sum(waste_kg) FILTER (WHERE cleaned_at >= ? AND cleaned_at < ?), 0)::DOUBLE AS waste_kg,
            coalesce(sum(volunteers) FILTER (WHERE cleaned_at >= ? AND cleaned_at < ?), 0)::BIGINT AS volunteers,
            median(epoch(cleaned_at - reported_at) / {_DAY_SECONDS})
                FILTER (WHERE cleaned_at >= ? AND cleaned_at < ?) AS median_days
        FROM e_saberling WHERE {kec_sql} GROUP BY 1
        """,
        [*[start, stop] * 5, *kec_params],
    )


def kecamatan_summary(wh: Warehouse, filters: Filters) -> pd.DataFrame:
    """Per kecamatan: [kecamatan, received, cleaned, waste_kg, volunteers, median_days, population, kg_per_1000,
    population_year, population_source]; kg per 1,000 residents from the reference population."""
    summary = _group_summary(wh, filters, "kecamatan").rename(columns={"key": "kecamatan"})
    names = [k for k in reference.kecamatan_names() if not filters.kecamatan or k in filters.kecamatan]
    frame = pd.DataFrame({"kecamatan": names}).merge(summary, on="kecamatan", how="left")
    population = reference.population()
    population = population[population["area_type"] == "kecamatan"].rename(columns={"area": "kecamatan"})
    frame = frame.merge(population[["kecamatan", "population", "year", "source"]], on="kecamatan", how="left")
    for column in ("received", "cleaned", "volunteers"):
        frame[column] = frame[column].fillna(0).astype("int64")
    frame["waste_kg"] = frame["waste_kg"].fillna(0.0)
    frame["kg_per_1000"] = frame["waste_kg"] / frame["population"] * 1000
    return frame.rename(columns={"year": "population_year", "source": "population_source"})[
        ["kecamatan", "received", "cleaned", "waste_kg", "volunteers", "median_days", "population", "kg_per_1000",
         "population_year", "population_source"]]


def site_summary(wh: Warehouse, filters: Filters) -> pd.DataFrame:
    """Per site type (contract order): [site_type, received, cleaned, waste_kg, volunteers, median_days]."""
    summary = _group_summary(wh, filters, "site_type").rename(columns={"key": "site_type"})
    frame = pd.DataFrame({"site_type": SITE_TYPES}).merge(summary, on="site_type", how="left")
    for column in ("received", "cleaned", "volunteers"):
        frame[column] = frame[column].fillna(0).astype("int64")
    frame["waste_kg"] = frame["waste_kg"].fillna(0.0)
    return frame


def team_summary(wh: Warehouse, filters: Filters, limit: int = 10) -> pd.DataFrame:
    """Teams with the most clean-ups in the period: [team, cleaned, waste_kg, volunteers, median_days];
    clean-ups without a recorded team are left out."""
    summary = _group_summary(wh, filters, "team").rename(columns={"key": "team"})
    summary = summary[summary["team"].notna() & (summary["cleaned"] > 0)]
    summary = summary.sort_values(["cleaned", "waste_kg", "team"], ascending=[False, False, True]).head(limit)
    return summary[["team", "cleaned", "waste_kg", "volunteers", "median_days"]].reset_index(drop=True)


def hotspots(wh: Warehouse, filters: Filters, limit: int = 10, stale_days: int | None = None) -> pd.DataFrame:
    """Kelurahan with the most open, not stale, reports at the end of the period:
    [kelurahan, kecamatan, open_reports, oldest_open_days], most open first, then oldest."""
    return _open_by_kelurahan(wh, filters, limit, _stale_before(filters, stale_days), dt.date.max)


def stale_by_kelurahan(wh: Warehouse, filters: Filters, limit: int = 10, stale_days: int | None = None
                       ) -> pd.DataFrame:
    """Stale open reports ("perlu verifikasi") per kelurahan; columns and order as `hotspots`."""
    return _open_by_kelurahan(wh, filters, limit, EARLIEST_REPORT, _stale_before(filters, stale_days))


def _open_by_kelurahan(wh: Warehouse, filters: Filters, limit: int, since: dt.date, before: dt.date
                       ) -> pd.DataFrame:
    """Reports open at the period's end and reported in [since, before), grouped by kelurahan."""
    _, stop = _bounds(filters)
    kec_sql, kec_params = _kecamatan(filters)
    return wh.query(
        f"""
        SELECT kelurahan, kecamatan, count(*) AS open_reports,
               max(date_diff('day', reported_at::DATE, ?::DATE)) AS oldest_open_days
        FROM e_saberling
        WHERE {kec_sql} AND reported_at < ? AND (cleaned_at IS NULL OR cleaned_at >= ?)
              AND reported_at >= ? AND reported_at < ?
        GROUP BY kelurahan, kecamatan
        ORDER BY open_reports DESC, oldest_open_days DESC, kelurahan
        LIMIT ?
        """,
        [filters.end, *kec_params, stop, stop, since, min(before, stop), int(limit)],
    )


def _kelurahan_frame(filters: Filters) -> pd.DataFrame:
    table = reference.kelurahan()[["kelurahan", "kecamatan", "area_km2"]]
    return table[table["kecamatan"].isin(filters.kecamatan)] if filters.kecamatan else table


def kelurahan_values(wh: Warehouse, filters: Filters) -> pd.DataFrame:
    """Per kelurahan (all of the selected kecamatan): [kelurahan, kecamatan, area_km2, reports, waste_kg,
    reports_per_km2, kg_per_km2]; reports received and kg cleaned in the period."""
    start, stop = _bounds(filters)
    return wh.query(
        """
        WITH counts AS (
            SELECT kelurahan,
                count(*) FILTER (WHERE reported_at >= ? AND reported_at < ?) AS reports,
                sum(waste_kg) FILTER (WHERE cleaned_at >= ? AND cleaned_at < ?) AS waste_kg
            FROM e_saberling GROUP BY kelurahan)
        SELECT k.kelurahan, k.kecamatan, k.area_km2, coalesce(c.reports, 0)::BIGINT AS reports,
               coalesce(c.waste_kg, 0)::DOUBLE AS waste_kg,
               coalesce(c.reports, 0) / k.area_km2 AS reports_per_km2,
               coalesce(c.waste_kg, 0) / k.area_km2 AS kg_per_km2
        FROM places k LEFT JOIN counts c USING (kelurahan)
        ORDER BY k.kelurahan
        """,
        [start, stop, start, stop],
        frames={"places": _kelurahan_frame(filters)},
    )


_POINT_COLUMNS = """
    round(longitude, 6) AS lon, round(latitude, 6) AS lat, status, 1::BIGINT AS count, kelurahan,
    reported_at AS first_reported, reported_at AS last_reported, cleaned_at AS last_cleaned,
    waste_kg, team, site_type"""
_CELL_COLUMNS = """
    round(avg(longitude), 6) AS lon, round(avg(latitude), 6) AS lat, status, count(*)::BIGINT AS count,
    mode(kelurahan) AS kelurahan, min(reported_at) AS first_reported, max(reported_at) AS last_reported,
    max(cleaned_at) AS last_cleaned, sum(waste_kg) AS waste_kg, mode(team) AS team, mode(site_type) AS site_type"""
_CELL_GROUP = f"GROUP BY floor(longitude / {GRID_DEGREES}), floor(latitude / {GRID_DEGREES}), status"
# Cleaned reports are drawn first and open ones last, so that open reports stay visible on top.
_DRAW_ORDER = f"CASE status WHEN '{CLEANED}' THEN 0 WHEN '{contract.OPEN_STATUSES[1]}' THEN 1 ELSE 2 END"


def _points(wh: Warehouse, where: str, params: list, max_points: int) -> pd.DataFrame:
    """Reports matching `where` as single points, or as grid cells per status when there are more than max_points;
    cleaned first, open last (the drawing order)."""
    total = int(wh.scalar(f"SELECT count(*) FROM e_saberling WHERE {where}", params))
    if total <= max_points:
        sql = f"SELECT {_POINT_COLUMNS} FROM e_saberling WHERE {where} ORDER BY {_DRAW_ORDER}, reported_at"
    else:
        sql = (f"SELECT {_CELL_COLUMNS} FROM e_saberling WHERE {where} {_CELL_GROUP} "
               f"ORDER BY {_DRAW_ORDER}, count DESC, lon, lat")
    return wh.query(sql, params)


def report_points(wh: Warehouse, filters: Filters, max_points: int = MAX_MAP_POINTS) -> pd.DataFrame:
    """Reports for the map: those received in the period, and older ones still open at its end (the backlog that
    makes a hotspot). Columns [lon, lat, status, count, kelurahan, first_reported, last_reported, last_cleaned,
    waste_kg, team, site_type]; one row per report, or per grid cell and status."""
    start, stop = _bounds(filters)
    kec_sql, kec_params = _kecamatan(filters)
    where = (f"{kec_sql} AND ((reported_at >= ? AND reported_at < ?) "
             "OR (reported_at < ? AND (cleaned_at IS NULL OR cleaned_at >= ?)))")
    return _points(wh, where, [*kec_params, start, stop, start, stop], max_points)


def before_after_points(wh: Warehouse, filters: Filters, max_points: int = MAX_MAP_POINTS
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(open at the start of the period, cleaned during it) as map points like `report_points`."""
    start, stop = _bounds(filters)
    kec_sql, kec_params = _kecamatan(filters)
    before = _points(wh, f"{kec_sql} AND reported_at < ? AND (cleaned_at IS NULL OR cleaned_at >= ?)",
                     [*kec_params, start, start], max_points)
    after = _points(wh, f"{kec_sql} AND cleaned_at >= ? AND cleaned_at < ?", [*kec_params, start, stop], max_points)
    return before, after


def before_after(wh: Warehouse, filters: Filters) -> dict[str, int]:
    """open_at_start, cleaned_during, backlog_cleaned (open at the start and cleaned during), open_at_end."""
    start, stop = _bounds(filters)
    kec_sql, kec_params = _kecamatan(filters)
    row = wh.query(
        f"""
        SELECT
            count(*) FILTER (WHERE reported_at < ? AND (cleaned_at IS NULL OR cleaned_at >= ?)) AS open_at_start,
            count(*) FILTER (WHERE cleaned_at >= ? AND cleaned_at < ?) AS cleaned_during,
            count(*) FILTER (WHERE reported_at < ? AND cleaned_at >= ? AND cleaned_at < ?) AS backlog_cleaned,
            count(*) FILTER (WHERE reported_at < ? AND (cleaned_at IS NULL OR cleaned_at >= ?)) AS open_at_end
        FROM e_saberling WHERE {kec_sql}
        """,
        [start, start, start, stop, start, start, stop, stop, stop, *kec_params],
    ).iloc[0]
    return {name: int(row[name]) for name in ("open_at_start", "cleaned_during", "backlog_cleaned", "open_at_end")}


def waste_points(wh: Warehouse, filters: Filters) -> pd.DataFrame:
    """Kg cleaned in the period summed on a fine grid (about 55 m): [lon, lat, weight] for the hexagon layer."""
    where, params = filters.where("cleaned_at")
    return wh.query(
        f"""
        SELECT round(avg(longitude), 6) AS lon, round(avg(latitude), 6) AS lat, sum(waste_kg)::DOUBLE AS weight
        FROM e_saberling WHERE {where} AND waste_kg IS NOT NULL
        GROUP BY floor(longitude / {WASTE_GRID_DEGREES}), floor(latitude / {WASTE_GRID_DEGREES})
        ORDER BY lon, lat
        """,
        params,
    )


def complaint_link(wh: Warehouse, filters: Filters) -> pd.DataFrame:
    """Per kelurahan: e-Mas waste and drainage complaints received in the period against clean-ups done in it.

    Columns [kelurahan, kecamatan, waste_complaints, drainage_complaints, complaints, cleanups,
    cleanups_per_complaint]; drainage complaints are "Jalan & Drainase" complaints whose text matches
    DRAINAGE_PATTERN. cleanups_per_complaint is empty where there were no such complaints.
    """
    start, stop = _bounds(filters)
    return wh.query(
        """
        WITH complaints AS (
            SELECT kelurahan,
                count(*) FILTER (WHERE category = ?) AS waste_complaints,
                count(*) FILTER (WHERE category = ? AND regexp_matches(coalesce(description, ''), ?, 'i'))
                    AS drainage_complaints
            FROM e_mas WHERE received_at >= ? AND received_at < ? AND category IN (?, ?) GROUP BY kelurahan),
        cleanups AS (
            SELECT kelurahan, count(*) AS cleanups FROM e_saberling
            WHERE cleaned_at >= ? AND cleaned_at < ? GROUP BY kelurahan)
        SELECT k.kelurahan, k.kecamatan,
               coalesce(c.waste_complaints, 0)::BIGINT AS waste_complaints,
               coalesce(c.drainage_complaints, 0)::BIGINT AS drainage_complaints,
               (coalesce(c.waste_complaints, 0) + coalesce(c.drainage_complaints, 0))::BIGINT AS complaints,
               coalesce(s.cleanups, 0)::BIGINT AS cleanups,
               coalesce(s.cleanups, 0) / nullif(coalesce(c.waste_complaints, 0) + coalesce(c.drainage_complaints, 0), 0)
                   AS cleanups_per_complaint
        FROM places k LEFT JOIN complaints c USING (kelurahan) LEFT JOIN cleanups s USING (kelurahan)
        ORDER BY complaints DESC, k.kelurahan
        """,
        [WASTE_CATEGORY, DRAINAGE_CATEGORY, DRAINAGE_PATTERN, start, stop, WASTE_CATEGORY, DRAINAGE_CATEGORY, start, stop],
        frames={"places": _kelurahan_frame(filters)[["kelurahan", "kecamatan"]]},
    )


def month_options(filters: Filters) -> list[dt.date]:
    """First days of the calendar months the period touches, oldest first."""
    months, current = [], dt.date(filters.start.year, filters.start.month, 1)
    while current <= filters.end:
        months.append(current)
        current = dt.date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def month_filters(filters: Filters, month: dt.date | None) -> Filters:
    """The period narrowed to one calendar month (kept within the period), or unchanged for None."""
    if month is None:
        return filters
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    start, end = max(filters.start, month), min(filters.end, following - dt.timedelta(days=1))
    return Filters(start, end, filters.kecamatan, "custom")



# Which reports a figure counts (see the module's definitions): predicate over (start, stop, stale_before), the
# names of its parameters in order, and the column the list is sorted by. Code constants.
_RECORD_SETS = {
    "received": ("reported_at >= ? AND reported_at < ?", ("start", "stop"), "reported_at"),
    "cleaned": ("cleaned_at >= ? AND cleaned_at < ?", ("start", "stop"), "cleaned_at"),
    "open": ("reported_at >= ? AND reported_at < ? AND (cleaned_at IS NULL OR cleaned_at >= ?)",
             ("stale", "stop", "stop"), "reported_at"),
    "stale": ("reported_at < ? AND (cleaned_at IS NULL OR cleaned_at >= ?)", ("stale", "stop"), "reported_at"),
    "open_at_start": ("reported_at < ? AND (cleaned_at IS NULL OR cleaned_at >= ?)", ("start", "start"),
                      "reported_at"),
    "backlog_cleaned": ("reported_at < ? AND cleaned_at >= ? AND cleaned_at < ?", ("start", "start", "stop"),
                        "cleaned_at"),
    "open_at_end": ("reported_at < ? AND (cleaned_at IS NULL OR cleaned_at >= ?)", ("stop", "stop"), "reported_at"),
}
RECORD_SETS = tuple(_RECORD_SETS)


def report_records(wh: Warehouse, filters: Filters, which: str, stale_days: int | None = None) -> pd.DataFrame:
    """The reports behind a headline figure, newest first: `which` is received, cleaned, open (at the period's
    end, not stale), stale, or a before/after figure (open_at_start, backlog_cleaned, open_at_end).
    Columns: report_id, reported_at, kelurahan, kecamatan, site_type, status,
    cleaned_at, cleaned_by_end (cleaned before the period's end), days_to_clean (fractional), waste_kg,
    volunteers, team."""
    condition, names, order = _RECORD_SETS[which]
    start, stop = _bounds(filters)
    values = {"start": start, "stop": stop, "stale": _stale_before(filters, stale_days)}
    kec_sql, kec_params = _kecamatan(filters)
    return wh.query(
        f"""
        SELECT report_id, reported_at, kelurahan, kecamatan, site_type, status, cleaned_at,
               coalesce(cleaned_at < ?, FALSE) AS cleaned_by_end,
               epoch(cleaned_at - reported_at) / {_DAY_SECONDS} AS days_to_clean, waste_kg, volunteers, team
        FROM e_saberling WHERE {condition} AND {kec_sql}
        ORDER BY {order} DESC, report_id""",
        [stop, *(values[name] for name in names), *kec_params],
    )
