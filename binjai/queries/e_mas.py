"""e-Mas complaints: volumes, service levels in working days, backlog, satisfaction and map aggregates.

Working days follow binjai.workdays: the arrival day is day 0; a category's response deadline is `response_days`
working days after arrival and its resolution deadline `response_days + resolution_days` working days after
arrival (SP4N-LAPOR! practice: respond within 3, resolve within 10 more). Deadlines come from the category list
(data_sources/reference/categories.csv); a category missing there gets the defaults. The arithmetic runs in SQL
against a registered day calendar, so it scales to millions of complaints.

Backlog figures (open now, overdue, age) describe today's state: they cover open complaints received up to the
end of the chosen period, including those received before it, because an old open complaint is still open.
Open complaints received more than `stale_days` calendar days before today (default 365, $BINJAI_STALE_DAYS) are
"perlu verifikasi" (needs checking: probably handled but never closed); they are counted and listed apart and are
not in the overdue figures, so the overdue list shows what an OPD can still act on.

Open and resolved statuses come from the contract (`data_sources.e_mas`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import pandas as pd

from binjai import clock, reference, settings, workdays
from binjai.db import Warehouse
from binjai.filters import Filters
from data_sources import e_mas as contract

STATUSES = tuple(choice.value for choice in contract.STATUSES)
CHANNELS = tuple(choice.value for choice in contract.CHANNELS)
OPEN_STATUSES = contract.OPEN_STATUSES
DEFAULT_RESPONSE_DAYS = 3
DEFAULT_RESOLUTION_DAYS = 10
AGE_BUCKETS = ("0-3", "4-7", "8-14", "15+")
MAP_DECIMALS = 3

# Breakdown dimensions: name -> column of the complaints table (code constants, never user input).
DIMENSIONS = {"category": "category", "channel": "channel", "opd": "opd", "kecamatan": "kecamatan",
              "kelurahan": "kelurahan", "status": "status"}
_GRAINS = {"day": "INTERVAL 1 DAY", "week": "INTERVAL 7 DAY", "month": "INTERVAL 1 MONTH"}
# Status values are code constants from the contract, written into the SQL text as literals.
_OPEN_SQL = "(" + ", ".join(f"'{status}'" for status in OPEN_STATUSES) + ")"
_DONE = f"status = '{contract.RESOLVED_STATUS}'"
_AGE_CASE = ("CASE WHEN age_wd <= 3 THEN '0-3' WHEN age_wd <= 7 THEN '4-7' WHEN age_wd <= 14 THEN '8-14' "
             "ELSE '15+' END")
_RESPONSE_DUE = f"(responded_at IS NOT NULL OR (status IN {_OPEN_SQL} AND age_wd > response_days))"
_RESPONSE_ON_TIME = "(responded_at IS NOT NULL AND response_wd <= response_days)"
_RESOLUTION_DUE = f"({_DONE} OR (status IN {_OPEN_SQL} AND age_wd > total_days))"
_RESOLVED_ON_TIME = f"({_DONE} AND resolution_wd <= total_days)"


@dataclass(frozen=True)
class Selection:
    """The page's own filters (canonical values; empty means all): category, channel, OPD and status."""

    category: tuple[str, ...] = ()
    channel: tuple[str, ...] = ()
    opd: tuple[str, ...] = ()
    status: tuple[str, ...] = ()

    def where(self, alias: str = "e") -> tuple[str, list]:
        """SQL predicate and parameters over the complaints table (columns qualified with `alias`)."""
        parts, params = ["TRUE"], []
        for item in fields(self):
            chosen = getattr(self, item.name)
            if chosen:
                parts.append(f"{alias}.{DIMENSIONS[item.name]} IN ({', '.join('?' for _ in chosen)})")
                params.extend(chosen)
        return " AND ".join(parts), params


URL_PARAMS = {"category": "kategori", "channel": "kanal", "opd": "opd", "status": "status"}


def selection_choices() -> dict[str, tuple[str, ...]]:
    """The values each page filter accepts."""
    return {"category": tuple(reference.categories()["category"]), "channel": CHANNELS,
            "opd": tuple(reference.opd()["opd"]), "status": STATUSES}


def selection_from_params(params: dict[str, str]) -> Selection:
    """A Selection from URL parameters (comma-separated canonical values), ignoring unknown values."""
    choices = selection_choices()
    chosen = {}
    for name, param in URL_PARAMS.items():
        wanted = [v.strip() for v in str(params.get(param, "")).split(",")]
        chosen[name] = tuple(v for v in choices[name] if v in wanted)
    return Selection(**chosen)


def selection_to_params(selection: Selection) -> dict[str, str]:
    """URL parameters for a Selection (only the filters in use)."""
    return {param: ",".join(getattr(selection, name)) for name, param in URL_PARAMS.items() if getattr(selection, name)}


def _deadlines() -> pd.DataFrame:
    """Per category: response_days and resolution_days from the category list."""
    return reference.categories()[["category", "response_days", "resolution_days"]]


def deadline_rules() -> pd.DataFrame:
    """Per category: response and resolution deadlines in working days (resolution counted from arrival)."""
    rules = _deadlines().copy()
    rules["total_days"] = rules["response_days"] + rules["resolution_days"]
    return rules


def _frames(today: dt.date) -> dict[str, pd.DataFrame]:
    """The tables every complaints query joins: the working-day calendar and the deadlines."""
    return {"emas_calendar": workdays.calendar_frame(workdays.last_year(today)), "emas_deadlines": _deadlines()}


def _complaints_cte(where: str) -> str:
    """`complaints`: e_mas rows matching `where`, with deadlines and working-day spans (needs _head_params)."""
    return f"""
    WITH today AS (SELECT workday_number AS wn FROM emas_calendar WHERE day = ?::DATE),
    complaints AS (
        SELECT e.*, coalesce(d.response_days, ?) AS response_days,
               coalesce(d.response_days, ?) + coalesce(d.resolution_days, ?) AS total_days,
               r.workday_number AS wn_received,
               p.workday_number - r.workday_number AS response_wd,
               s.workday_number - r.workday_number AS resolution_wd,
               (SELECT wn FROM today) - r.workday_number AS age_wd,
               CAST(e.received_at AS DATE) < ?::DATE AS stale
        FROM e_mas e
        LEFT JOIN emas_deadlines d ON d.category = e.category
        LEFT JOIN emas_calendar r ON r.day = CAST(e.received_at AS DATE)
        LEFT JOIN emas_calendar p ON p.day = CAST(e.responded_at AS DATE)
        LEFT JOIN emas_calendar s ON s.day = CAST(e.resolved_at AS DATE)
        WHERE {where}
    )"""


def stale_cutoff(today: dt.date, stale_days: int | None = None) -> dt.date:
    """Open complaints received before this date need checking (`stale_days` defaults to the setting)."""
    return today - dt.timedelta(days=stale_days if stale_days is not None else settings.stale_days())


def _head_params(today: dt.date, stale_days: int | None = None) -> list:
    """Parameters of the complaints CTE's head: today, the default deadlines and the stale cutoff."""
    return [today, DEFAULT_RESPONSE_DAYS, DEFAULT_RESPONSE_DAYS, DEFAULT_RESOLUTION_DAYS,
            stale_cutoff(today, stale_days)]


def _scope(filters: Filters, selection: Selection | None, backlog: bool = False) -> tuple[str, list]:
    """Predicate for the period (or, for backlog, everything received up to the period's end) and filters."""
    chosen_where, chosen_params = (selection or Selection()).where()
    if backlog:
        kec_where, kec_params = filters.kecamatan_where("e.kecamatan")
        until = filters.end + dt.timedelta(days=1)
        return f"e.received_at < ? AND {kec_where} AND {chosen_where}", [until, *kec_params, *chosen_params]
    period_where, period_params = filters.where("e.received_at", "e.kecamatan")
    return f"{period_where} AND {chosen_where}", [*period_params, *chosen_params]


def _run(wh: Warehouse, where: str, params: list, today: dt.date | None, body: str, body_params: list | None = None,
         stale_days: int | None = None) -> pd.DataFrame:
    """Run `body` over the `complaints` CTE restricted by `where`."""
    today = today or clock.today()
    sql = _complaints_cte(where) + "\n" + body
    return wh.query(sql, [*_head_params(today, stale_days), *params, *(body_params or [])], frames=_frames(today))


def _query(wh: Warehouse, filters: Filters, selection: Selection | None, today: dt.date | None, body: str,
           body_params: list | None = None, backlog: bool = False, stale_days: int | None = None) -> pd.DataFrame:
    """Run `body` over the complaints in the period (or the backlog scope) and the page filters."""
    where, params = _scope(filters, selection, backlog)
    return _run(wh, where, params, today, body, body_params, stale_days)


def _pct(part: object, whole: object) -> float | None:
    """`part` as a percentage of `whole` (one decimal), None when whole is 0 or missing."""
    return None if not whole or pd.isna(whole) else round(100.0 * float(part) / float(whole), 1)


def _none_if_missing(value: object) -> float | None:
    """A float, or None for a missing value."""
    return None if value is None or pd.isna(value) else float(value)


def headline(wh: Warehouse, filters: Filters, selection: Selection | None = None, today: dt.date | None = None,
             stale_days: int | None = None) -> dict:
    """Headline figures for the period.

    received, resolved (status selesai among those received), resolved_pct, median_days_to_resolve (working
    days, resolved complaints received in the period), responded_on_time_pct and resolved_on_time_pct (among
    complaints whose deadline has come), avg_rating and rated_pct (among resolved), located (with coordinates),
    received_last_year (same dates a year earlier) and received_change_pct (change against it); backlog: open_now
    (every open complaint received up to the period's end), overdue_open (those past their resolution deadline
    that are not stale) and stale_open (open and older than `stale_days`: needs checking).
    """
    last_where, last_params = _scope(filters.same_period_last_year(), selection)
    row = _query(wh, filters, selection, today, f"""
        SELECT count(*) AS received, count(*) FILTER (WHERE {_DONE}) AS resolved,
               median(resolution_wd) FILTER (WHERE {_DONE}) AS median_days,
               count(*) FILTER (WHERE {_RESPONSE_DUE}) AS response_due,
               count(*) FILTER (WHERE {_RESPONSE_ON_TIME}) AS response_on_time,
               count(*) FILTER (WHERE {_RESOLUTION_DUE}) AS resolution_due,
               count(*) FILTER (WHERE {_RESOLVED_ON_TIME}) AS resolved_on_time,
               avg(rating) FILTER (WHERE {_DONE}) AS avg_rating,
               count(rating) FILTER (WHERE {_DONE}) AS rated,
               count(*) FILTER (WHERE latitude IS NOT NULL AND longitude IS NOT NULL) AS located,
               (SELECT count(*) FROM e_mas e WHERE {last_where}) AS received_last_year
        FROM complaints""", last_params).iloc[0]
    backlog = backlog_counts(wh, filters, selection, today, stale_days)
    received_last_year = int(row["received_last_year"])
    return {
        "received": int(row["received"]), "resolved": int(row["resolved"]),
        "resolved_pct": _pct(row["resolved"], row["received"]),
        "median_days_to_resolve": _none_if_missing(row["median_days"]),
        "responded_on_time_pct": _pct(row["response_on_time"], row["response_due"]),
        "resolved_on_time_pct": _pct(row["resolved_on_time"], row["resolution_due"]),
        "avg_rating": _none_if_missing(row["avg_rating"]), "rated_pct": _pct(row["rated"], row["resolved"]),
        "located": int(row["located"]),
        "received_last_year": received_last_year,
        "received_change_pct": _pct(int(row["received"]) - received_last_year, received_last_year),
        **backlog,
    }


def period_figures(wh: Warehouse, parts: dict[str, Filters], monthly: Filters | None = None,
                   today: dt.date | None = None) -> pd.DataFrame:
    """received, resolved, resolved_pct and median_days_to_resolve (as in `headline`) for each named period of
    `parts` and, when `monthly` is given, for each calendar month of it, in one query.

    Every part must have the same kecamatan. Columns: part (the name, or the month's first day as YYYY-MM-DD for
    the months), month (the month's first day, missing for named parts), received, resolved, resolved_pct,
    median_days_to_resolve.
    """
    spans = [*parts.values(), *([monthly] if monthly else [])]
    kec_where, kec_params = spans[0].kecamatan_where("e.kecamatan")
    start, stop = min(f.start for f in spans), max(f.end for f in spans) + dt.timedelta(days=1)
    figures = f"count(*) AS received, count(*) FILTER (WHERE {_DONE}) AS resolved, " \
              f"median(resolution_wd) FILTER (WHERE {_DONE}) AS median_days"
    selects, params = [], []
    for name, period in parts.items():
        selects.append(f"SELECT ? AS part, NULL::TIMESTAMP AS month, {figures} FROM complaints "
                       "WHERE received_at >= ? AND received_at < ?")
        params += [name, period.start, period.end + dt.timedelta(days=1)]
    if monthly:
        selects.append(f"SELECT NULL AS part, date_trunc('month', received_at)::TIMESTAMP AS month, {figures} "
                       "FROM complaints WHERE received_at >= ? AND received_at < ? GROUP BY 2")
        params += [monthly.start, monthly.end + dt.timedelta(days=1)]
    frame = _run(wh, f"e.received_at >= ? AND e.received_at < ? AND {kec_where}", [start, stop, *kec_params], today,
                 " UNION ALL ".join(selects), params)
    frame["month"] = pd.to_datetime(frame["month"])
    frame["part"] = frame["part"].where(frame["part"].notna(), frame["month"].dt.strftime("%Y-%m-%d"))
    frame["resolved_pct"] = [_pct(r, n) for r, n in zip(frame["resolved"], frame["received"], strict=True)]
    frame["median_days_to_resolve"] = frame["median_days"].astype(float)
    return frame.drop(columns="median_days").sort_values(["month", "part"], na_position="first").reset_index(drop=True)


def backlog_counts(wh: Warehouse, filters: Filters, selection: Selection | None = None, today: dt.date | None = None,
                   stale_days: int | None = None) -> dict[str, int]:
    """Open complaints received up to the period's end: open_now, overdue_open (past the resolution deadline and
    not stale) and stale_open (older than `stale_days`: needs checking)."""
    row = _query(wh, filters, selection, today, f"""
        SELECT count(*) AS open_now, count(*) FILTER (WHERE age_wd > total_days AND NOT stale) AS overdue_open,
               count(*) FILTER (WHERE stale) AS stale_open
        FROM complaints WHERE status IN {_OPEN_SQL}""", backlog=True, stale_days=stale_days).iloc[0]
    return {key: int(row[key]) for key in ("open_now", "overdue_open", "stale_open")}


def monthly_counts(wh: Warehouse, filters: Filters, selection: Selection | None = None) -> pd.DataFrame:
    """Per calendar month of the period: month (first day), received, and resolved (of those, status selesai now)."""
    where, params = _scope(filters, selection)
    return wh.query(f"""
        WITH months AS (SELECT unnest(generate_series(date_trunc('month', ?::DATE), ?::DATE, INTERVAL 1 MONTH))
                        AS month),
        counts AS (SELECT date_trunc('month', e.received_at) AS month, count(*) AS received,
                          count(*) FILTER (WHERE e.{_DONE}) AS resolved
                   FROM e_mas e WHERE {where} GROUP BY 1)
        SELECT m.month::TIMESTAMP AS month, coalesce(c.received, 0) AS received, coalesce(c.resolved, 0) AS resolved
        FROM months m LEFT JOIN counts c ON c.month = m.month ORDER BY m.month""",
                    [filters.start, filters.end, *params])


def grain_for(filters: Filters) -> str:
    """Time step of the volume chart: days up to 2 months, weeks up to 6 months, months beyond."""
    if filters.days <= 62:
        return "day"
    return "week" if filters.days <= 183 else "month"


def volume_trend(wh: Warehouse, filters: Filters, selection: Selection | None = None) -> pd.DataFrame:
    """Complaints per day, week or month of the period (bucket, received) and the same dates a year earlier.

    `received_last_year` counts complaints one year before each bucket's dates, so both lines cover the same
    calendar days; weeks start on Monday.
    """
    grain = grain_for(filters)
    where, params = _scope(filters, selection)
    last_where, last_params = _scope(filters.same_period_last_year(), selection)
    step = _GRAINS[grain]
    return wh.query(f"""
        WITH buckets AS (SELECT unnest(generate_series(date_trunc('{grain}', ?::DATE), ?::DATE, {step})) AS bucket),
        now_counts AS (SELECT date_trunc('{grain}', e.received_at) AS bucket, count(*) AS n
                       FROM e_mas e WHERE {where} GROUP BY 1),
        last_counts AS (SELECT date_trunc('{grain}', e.received_at + INTERVAL 1 YEAR) AS bucket, count(*) AS n
                        FROM e_mas e WHERE {last_where} GROUP BY 1)
        SELECT b.bucket::TIMESTAMP AS bucket, '{grain}' AS grain, coalesce(n.n, 0) AS received,
               coalesce(l.n, 0) AS received_last_year
        FROM buckets b LEFT JOIN now_counts n ON n.bucket = b.bucket LEFT JOIN last_counts l ON l.bucket = b.bucket
        ORDER BY b.bucket""", [filters.start, filters.end, *params, *last_params])


def breakdown(wh: Warehouse, filters: Filters, dimension: str, selection: Selection | None = None,
              today: dt.date | None = None) -> pd.DataFrame:
    """Complaints by one dimension: key, received, resolved, open, share of all received (%), largest first."""
    column = DIMENSIONS[dimension]
    frame = _query(wh, filters, selection, today, f"""
        SELECT {column} AS key, count(*) AS received, count(*) FILTER (WHERE {_DONE}) AS resolved,
               count(*) FILTER (WHERE status IN {_OPEN_SQL}) AS open
        FROM complaints GROUP BY 1 ORDER BY received DESC, key""")
    total = frame["received"].sum()
    frame["share_pct"] = (100.0 * frame["received"] / total).round(1) if total else 0.0
    return frame


def by_kecamatan(wh: Warehouse, filters: Filters, selection: Selection | None = None) -> pd.DataFrame:
    """Every kecamatan in scope: received, population, per 10,000 residents, population year and source."""
    counts = breakdown(wh, filters, "kecamatan", selection)[["key", "received"]]
    population = reference.population().query("area_type == 'kecamatan'")
    frame = pd.DataFrame({"kecamatan": filters.kecamatan or reference.kecamatan_names()})
    frame = frame.merge(counts.rename(columns={"key": "kecamatan"}), on="kecamatan", how="left")
    frame = frame.merge(population.rename(columns={"area": "kecamatan"})[["kecamatan", "population", "year", "source"]],
                        on="kecamatan", how="left")
    frame["received"] = frame["received"].fillna(0).astype(int)
    frame["per_10k"] = (frame["received"] * 10_000 / frame["population"]).round(1)
    return frame.sort_values(["per_10k", "kecamatan"], ascending=[False, True], ignore_index=True)


def by_kelurahan(wh: Warehouse, filters: Filters, selection: Selection | None = None) -> pd.DataFrame:
    """Every kelurahan in scope: kecamatan, received, area (km²), complaints per km², point (lat, lon)."""
    counts = breakdown(wh, filters, "kelurahan", selection)[["key", "received"]]
    places = reference.kelurahan()[["kelurahan", "kelurahan_code", "kecamatan", "lat", "lon", "area_km2"]]
    if filters.kecamatan:
        places = places[places["kecamatan"].isin(filters.kecamatan)]
    frame = places.merge(counts.rename(columns={"key": "kelurahan"}), on="kelurahan", how="left")
    frame["received"] = frame["received"].fillna(0).astype(int)
    frame["per_km2"] = (frame["received"] / frame["area_km2"]).round(1)
    return frame.sort_values(["received", "kelurahan"], ascending=[False, True], ignore_index=True)


def population_note() -> dict[str, str]:
    """Year and source of the kecamatan population figures (year '' when the reference does not record it)."""
    rows = reference.population().query("area_type == 'kecamatan'")
    years = sorted({y for y in rows["year"] if y})
    sources = sorted({s.split(" (")[0] for s in rows["source"] if s})
    return {"year": ", ".join(years), "source": ", ".join(sources)}


def service_levels(wh: Warehouse, filters: Filters, by: str, selection: Selection | None = None,
                   today: dt.date | None = None) -> pd.DataFrame:
    """Per OPD or category: received, response and resolution on time (counts, due, %) and medians in working days."""
    column = DIMENSIONS[by]
    frame = _query(wh, filters, selection, today, f"""
        SELECT {column} AS key, count(*) AS received, count(*) FILTER (WHERE {_DONE}) AS resolved,
               count(*) FILTER (WHERE {_RESPONSE_DUE}) AS response_due,
               count(*) FILTER (WHERE {_RESPONSE_ON_TIME}) AS response_on_time,
               median(response_wd) AS median_response_days,
               count(*) FILTER (WHERE {_RESOLUTION_DUE}) AS resolution_due,
               count(*) FILTER (WHERE {_RESOLVED_ON_TIME}) AS resolved_on_time,
               median(resolution_wd) FILTER (WHERE {_DONE}) AS median_resolution_days
        FROM complaints GROUP BY 1""")
    frame["response_on_time_pct"] = (100.0 * frame["response_on_time"] / frame["response_due"]).round(1)
    frame["resolved_on_time_pct"] = (100.0 * frame["resolved_on_time"] / frame["resolution_due"]).round(1)
    return frame.sort_values(["resolved_on_time_pct", "key"], ascending=[True, True], na_position="last",
                             ignore_index=True)


def monthly_service(wh: Warehouse, filters: Filters, selection: Selection | None = None,
                    today: dt.date | None = None) -> pd.DataFrame:
    """Per calendar month of the period with complaints: month (first day), received and resolved_on_time_pct (as in
    `headline` for that month), in one query."""
    frame = _query(wh, filters, selection, today, f"""
        SELECT date_trunc('month', received_at)::TIMESTAMP AS month, count(*) AS received,
               count(*) FILTER (WHERE {_RESOLUTION_DUE}) AS resolution_due,
               count(*) FILTER (WHERE {_RESOLVED_ON_TIME}) AS resolved_on_time
        FROM complaints GROUP BY 1 ORDER BY 1""")
    frame["resolved_on_time_pct"] = [_pct(n, due) for n, due in
                                     zip(frame["resolved_on_time"], frame["resolution_due"], strict=True)]
    return frame[["month", "received", "resolved_on_time_pct"]]


def backlog(wh: Warehouse, filters: Filters, by: str, selection: Selection | None = None,
            today: dt.date | None = None) -> pd.DataFrame:
    """Open complaints now by `by` (status or opd) and age bucket in working days: key, age_bucket, complaints."""
    column = DIMENSIONS[by]
    frame = _query(wh, filters, selection, today, f"""
        SELECT {column} AS key, {_AGE_CASE} AS age_bucket, count(*) AS complaints
        FROM complaints WHERE status IN {_OPEN_SQL} GROUP BY 1, 2""", backlog=True)
    frame["age_bucket"] = pd.Categorical(frame["age_bucket"], categories=AGE_BUCKETS, ordered=True)
    return frame.sort_values(["key", "age_bucket"], ignore_index=True)


def overdue_complaints(wh: Warehouse, filters: Filters, limit: int | None = None, selection: Selection | None = None,
                       today: dt.date | None = None, stale_days: int | None = None) -> pd.DataFrame:
    """Open complaints past their resolution deadline that are not stale (still actionable), oldest first.

    Columns: complaint_id, received_at, category, kelurahan, kecamatan, opd, status, age_working_days, deadline
    (date of the resolution deadline), overdue_working_days, description (plain text as stored).
    """
    return _open_list(wh, filters, limit, selection, today, stale_days, "c.age_wd > c.total_days AND NOT c.stale")


def stale_complaints(wh: Warehouse, filters: Filters, limit: int | None = None, selection: Selection | None = None,
                     today: dt.date | None = None, stale_days: int | None = None) -> pd.DataFrame:
    """Open complaints older than `stale_days` ("perlu verifikasi"), oldest first; columns as `overdue_complaints`."""
    return _open_list(wh, filters, limit, selection, today, stale_days, "c.stale")


def open_complaints(wh: Warehouse, filters: Filters, selection: Selection | None = None,
                    today: dt.date | None = None) -> pd.DataFrame:
    """Every open complaint received up to the period's end (`open_now`), oldest first; columns as
    `overdue_complaints`."""
    return _open_list(wh, filters, None, selection, today, None, "TRUE")


def _open_list(wh: Warehouse, filters: Filters, limit: int | None, selection: Selection | None,
               today: dt.date | None, stale_days: int | None, condition: str) -> pd.DataFrame:
    """Open complaints (backlog scope) meeting `condition` (a code constant), oldest first."""
    frame = _query(wh, filters, selection, today, f"""
        SELECT c.complaint_id, c.received_at, c.category, c.kelurahan, c.kecamatan, c.opd, c.status,
               c.age_wd AS age_working_days, dl.day::DATE AS deadline,
               c.age_wd - c.total_days AS overdue_working_days, c.description
        FROM complaints c
        LEFT JOIN emas_calendar dl ON dl.is_workday AND dl.workday_number = c.wn_received + c.total_days
        WHERE c.status IN {_OPEN_SQL} AND {condition}
        ORDER BY c.age_wd DESC, c.received_at, c.complaint_id
        LIMIT ?""", [limit if limit is not None else 2**62], backlog=True, stale_days=stale_days)
    frame["age_working_days"] = frame["age_working_days"].astype("int64")
    frame["overdue_working_days"] = frame["overdue_working_days"].astype("int64")
    return frame


def rating_distribution(wh: Warehouse, filters: Filters, selection: Selection | None = None) -> pd.DataFrame:
    """Ratings 1 to 5 of resolved complaints: rating, complaints, share of rated (%)."""
    where, params = _scope(filters, selection)
    frame = wh.query(f"""
        SELECT r.rating, count(e.rating) AS complaints
        FROM range(1, 6) r(rating)
        LEFT JOIN e_mas e ON e.rating = r.rating AND e.{_DONE} AND {where}
        GROUP BY 1 ORDER BY 1""", params)
    total = frame["complaints"].sum()
    frame["share_pct"] = (100.0 * frame["complaints"] / total).round(1) if total else 0.0
    return frame


def satisfaction_by_opd(wh: Warehouse, filters: Filters, selection: Selection | None = None) -> pd.DataFrame:
    """Per OPD: resolved, rated, rated_pct (share of resolved that were rated) and avg_rating, best first."""
    where, params = _scope(filters, selection)
    frame = wh.query(f"""
        SELECT e.opd AS key, count(*) AS resolved, count(e.rating) AS rated, avg(e.rating) AS avg_rating
        FROM e_mas e WHERE {where} AND e.{_DONE} GROUP BY 1""", params)
    frame["rated_pct"] = (100.0 * frame["rated"] / frame["resolved"]).round(1)
    frame["avg_rating"] = frame["avg_rating"].round(2)
    return frame.sort_values(["avg_rating", "key"], ascending=[False, True], na_position="last", ignore_index=True)


def map_points(wh: Warehouse, filters: Filters, selection: Selection | None = None) -> pd.DataFrame:
    """Located complaints aggregated to a ~100 m grid (lat, lon rounded to 3 decimals): lat, lon, complaints."""
    where, params = _scope(filters, selection)
    return wh.query(f"""
        SELECT round(e.latitude, {MAP_DECIMALS}) AS lat, round(e.longitude, {MAP_DECIMALS}) AS lon,
               count(*) AS complaints
        FROM e_mas e WHERE {where} AND e.latitude IS NOT NULL AND e.longitude IS NOT NULL
        GROUP BY 1, 2 ORDER BY 1, 2""", params)


def complaint(wh: Warehouse, complaint_id: str, today: dt.date | None = None) -> dict | None:
    """One complaint with its age and deadlines in working days, or None."""
    frame = _run(wh, "e.complaint_id = ?", [complaint_id], today, """
        SELECT complaint_id, received_at, channel, category, kelurahan, kecamatan, opd, status, responded_at,
               resolved_at, rating, description, response_days, total_days, response_wd, resolution_wd, age_wd
        FROM complaints""")
    return None if frame.empty else frame.iloc[0].to_dict()


def complaint_records(wh: Warehouse, filters: Filters, selection: Selection | None = None,
                      today: dt.date | None = None) -> pd.DataFrame:
    """The complaints received in the period, newest first, with the flags the headline counts them by.

    Columns: complaint_id, received_at, channel, category, kelurahan, kecamatan, opd, status, resolved_at,
    resolved (status selesai), resolution_due (deadline come: resolved, or open past it), resolved_on_time,
    working_days_to_resolve (resolved only), rating and description; the flags use the same SQL as `headline`.
    """
    return _query(wh, filters, selection, today, f"""
        SELECT complaint_id, received_at, channel, category, kelurahan, kecamatan, opd, status, resolved_at,
               {_DONE} AS resolved, {_RESOLUTION_DUE} AS resolution_due, {_RESOLVED_ON_TIME} AS resolved_on_time,
               CASE WHEN {_DONE} THEN resolution_wd END AS working_days_to_resolve, rating, description
        FROM complaints ORDER BY received_at DESC, complaint_id""")
