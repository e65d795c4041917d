"""The evaluation deck as data: one list of slides built from query results, used by presenter mode and by
both handout exporters (PDF and PPTX), so that screen and paper always show the same figures.

A slide has a title, a subtitle, a row of headline figures (`Stat`) and up to two panels (`Table`, `Chart` or
`Bullets`). Every text is already translated and formatted for the chosen language; a `Chart` carries a
`Table` with the same numbers for when chart images cannot be made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go

from binjai import clock, fmt
from binjai import status as rule
from binjai.charts import apps as app_charts
from binjai.charts import quick_wins as qw_charts
from binjai.charts.e_mas import category_label
from binjai.db import Warehouse
from binjai.filters import Filters
from binjai.i18n import t
from binjai.metrics import catalogue as metrics
from binjai.queries import apps, common, e_mas, e_saberling, quick_wins, scorecard
from binjai.queries.drill import Ask
from binjai.queries.drill_rows import STATUS_FIGURES
from binjai.text import escape_markdown

MAX_SLIDE_ROWS = 7  # rows of a "top N" list (hotspots, categories); longer lists go on continuation slides
# Table rows that stay readable at 20 px (1280x720) under the headline figures: (one table, two tables side by
# side, where cells wrap more); continuation slides have no headline figures and take more.
ROWS_PER_SLIDE = (6, 4)
ROWS_PER_CONTINUATION = (9, 6)
AUTO_ADVANCE_CHOICES: tuple[int, ...] = (10, 20, 30, 60)


@dataclass(frozen=True)
class Stat:
    """One headline figure: label, formatted value, a short note (comparison, unit or scope) and the records behind
    it (`ask`; None for a figure not counted over records, such as a score)."""

    label: str
    value: str
    note: str = ""
    ask: Ask | None = None


@dataclass(frozen=True)
class Table:
    """A small table of display text; `numeric` marks right-aligned columns; `note` is shown under it."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str = ""
    numeric: tuple[bool, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """A plotly figure with its title and the same figures as a table (used when no image can be made)."""

    figure: go.Figure
    title: str
    fallback: Table


@dataclass(frozen=True)
class Bullets:
    """A titled list of short sentences."""

    title: str
    items: tuple[str, ...]


Panel = Table | Chart | Bullets


@dataclass(frozen=True)
class Slide:
    """One slide; `key` names its kind (cover, overview, dim_<code>, quick_wins, e_mas, e_saberling, closing)."""

    key: str
    title: str
    subtitle: str = ""
    stats: tuple[Stat, ...] = ()
    panels: tuple[Panel, ...] = ()
    footer: str = ""
    sample_mark: str = ""
    number: int = 0
    total: int = 0
    lines: tuple[str, ...] = field(default=())
    notes: tuple[str, ...] = ()


def markdown_text(text: object) -> str:
    """Text escaped for Streamlit markdown, so that names from the data show literally (binjai.text's rule)."""
    return escape_markdown(text)


def slide_index(value: object, total: int) -> int:
    """A 1-based slide number from a URL value, clamped to the deck; 1 when missing or not a number."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), max(total, 1))


def auto_seconds(value: object) -> int | None:
    """Seconds between slides from the `auto` URL value (5 to 600), or None for no auto-advance."""
    try:
        seconds = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return seconds if 5 <= seconds <= 600 else None


def next_index(current: int, total: int, step: int = 1, wrap: bool = False) -> int:
    """The slide `step` away from `current`; stops at the ends, or wraps round for auto-advance."""
    if wrap:
        return (current - 1 + step) % max(total, 1) + 1
    return min(max(current + step, 1), max(total, 1))


def scope_text(filters: Filters, lang: str) -> str:
    """`Seluruh kota` or the chosen kecamatan."""
    return ", ".join(filters.kecamatan) if filters.kecamatan else t("shell.all_city", lang)


def build_deck(wh: Warehouse, filters: Filters, lang: str, today: dt.date, *, mapping: pd.DataFrame | None = None,
               generated_at: dt.datetime | None = None) -> list[Slide]:
    """Every slide of the evaluation deck for the period, kecamatan and language, numbered, with footers."""
    if mapping is None:
        mapping, _ = scorecard.read_map()
    facts = gather(wh, filters, mapping, today)
    slides = [cover(filters, lang, today), overview(facts, lang)]
    slides += [dimension(facts, code, lang) for code in scorecard.DIMENSIONS]
    slides += [quick_wins_slide(facts, lang), e_mas_slide(facts, lang), e_saberling_slide(facts, lang),
               closing(facts, lang)]
    slides = [page for slide in slides for page in paginate(slide, lang)]
    footer = t("presentasi.footer", lang, period=fmt.period(filters.start, filters.end, lang),
               scope=scope_text(filters, lang), generated=fmt.datetime(generated_at or clock.now(), lang))
    mark = t("presentasi.sample_mark", lang) if common.has_sample_data(wh) else ""
    total = len(slides)
    return [replace(s, footer=footer, sample_mark=mark, number=i, total=total, notes=speaker_notes(s, lang))
            for i, s in enumerate(slides, 1)]


def gather(wh: Warehouse, filters: Filters, mapping: pd.DataFrame, today: dt.date) -> dict:
    """Every query result the deck needs, fetched once."""
    return {
        "filters": filters, "summary": scorecard.summary(wh, filters, mapping),
        "programmes": scorecard.programmes(wh, filters, mapping), "metrics": scorecard.metrics(wh, filters, mapping),
        "qw": quick_wins.summary(wh, filters)["current"],
        "qw_breakdown": quick_wins.breakdown(wh, filters, quick_wins.ALL, "dimension"),
        "qw_attention": quick_wins.needing_attention(wh, filters),
        "emas": e_mas.headline(wh, filters, today=today), "emas_monthly": apps.source_monthly(wh, filters)["e-Mas"],
        "emas_categories": e_mas.breakdown(wh, filters, "category"),
        "sab": e_saberling.headline(wh, filters), "sab_places": e_saberling.kelurahan_values(wh, filters),
        "sab_hotspots": e_saberling.hotspots(wh, filters, MAX_SLIDE_ROWS - 1),
    }


def _count(value: object, lang: str) -> str:
    return fmt.number(value, 0, lang)


def _metric(metric_id: str, value: object, lang: str, note: str = "") -> Stat:
    """A catalogue metric as a headline figure: its label and its value formatted as on every page."""
    name = metrics.label(metric_id, lang)
    return Stat(name, metrics.formatted(metric_id, value, lang), note, Ask(metric_id, label=name))


def _table(frame: pd.DataFrame, labels: dict[str, str], lang: str, *, title: str = "", numeric: tuple[str, ...] = (),
           note: str = "", limit: int | None = None) -> Table:
    """A slide table from a display frame: chosen columns in order, translated headers, a note for cut rows."""
    shown = frame.head(limit) if limit else frame
    hidden = len(frame) - len(shown)
    extra = t("presentasi.more_rows", lang, n=_count(hidden, lang)) if hidden > 0 else ""
    return Table(columns=tuple(labels.values()),
                 rows=tuple(tuple(str(v) for v in row) for row in shown[list(labels)].itertuples(index=False)),
                 title=title, numeric=tuple(c in numeric for c in labels),
                 note=" · ".join(x for x in (note, extra) if x))


def cover(filters: Filters, lang: str, today: dt.date) -> Slide:
    """City, occasion, period, area and date."""
    return Slide("cover", t("presentasi.cover_title", lang), t("presentasi.cover_subtitle", lang), lines=(
        t("presentasi.cover_period", lang, period=fmt.period(filters.start, filters.end, lang)),
        t("presentasi.cover_scope", lang, scope=scope_text(filters, lang)),
        t("presentasi.cover_date", lang, date=fmt.date(today, lang)),
    ))


def overview(facts: dict, lang: str) -> Slide:
    """Average score, programmes on schedule, metrics on target, complaints resolved, spots cleaned; the scores."""
    summary, emas, sab = facts["summary"], facts["emas"], facts["sab"]
    stats = (
        Stat(t("presentasi.avg_score", lang), fmt.number(summary["score"].mean(), 1, lang), t("presentasi.out_of_100", lang)),
        Stat(t("presentasi.programmes_on_schedule", lang), app_charts.count_of(summary["on_schedule"].sum(), summary["programmes"].sum(), lang),
             t("presentasi.per_dimension_sum", lang)),
        Stat(t("presentasi.metrics_on_target", lang), app_charts.count_of(summary["on_target"].sum(), summary["metrics_counted"].sum(), lang),
             t("presentasi.per_dimension_sum", lang)),
        _metric("emas_resolved_pct", emas["resolved_pct"], lang,
                t("presentasi.of_received", lang, n=_count(emas["received"], lang))),
        _metric("sab_cleaned", sab["cleaned"], lang, metrics.formatted("sab_waste_kg", sab["waste_kg"], lang)),
    )
    rows = app_charts.summary_frame(summary, lang)
    labels = {"dimension": t("dimensi.col.dimension", lang), "score": t("dimensi.col.score", lang),
              "programmes": t("dimensi.col.programmes", lang), "metrics": t("dimensi.col.metrics", lang)}
    chart = Chart(app_charts.score_bars(summary, lang), t("presentasi.scores_title", lang),
                  _table(rows, labels, lang, numeric=("score",)))
    table = _table(rows, labels | {"apps": t("dimensi.col.apps", lang)}, lang, title=t("presentasi.dimensions_title", lang),
                   numeric=("score",), note=t("dimensi.rule_short", lang))
    return Slide("overview", t("presentasi.overview_title", lang), t("presentasi.overview_subtitle", lang), stats,
                 (chart, table))


def _programme_rows(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Programmes as display text: name, status with icon, progress against plan, OPD, days overdue."""
    return pd.DataFrame({
        "name": frame["program_name"].astype(str).tolist(), "opd": frame["opd"].astype(str).tolist(),
        "status": [qw_charts.status_label(s, lang) for s in frame["status"]],
        "progress": [f"{fmt.percent(p, 0, lang)} / {fmt.percent(q, 0, lang)}"
                     for p, q in zip(frame["progress_pct"], frame["planned_pct"], strict=True)],
        "overdue": [_count(d, lang) if d else fmt.DASH for d in frame["days_overdue"]],
    })


def dimension(facts: dict, code: str, lang: str) -> Slide:
    """One Smart City dimension: score, programmes with status, and the serving apps' metrics against target."""
    row = facts["summary"].set_index("dimension").loc[code]
    progs = facts["programmes"][facts["programmes"]["dimension"] == code]
    mets = facts["metrics"][facts["metrics"]["dimension"] == code]
    stats = (
        Stat(t("dimensi.score", lang), fmt.number(row["score"], 1, lang), t("presentasi.out_of_100", lang)),
        Stat(t("presentasi.programmes_on_schedule", lang), app_charts.count_of(row["on_schedule"], row["programmes"], lang),
             t("presentasi.late_at_risk", lang, late=_count(row["late"], lang), at_risk=_count(row["at_risk"], lang)),
             Ask("dim_on_schedule", dimension=code, label=t("presentasi.programmes_on_schedule", lang))),
        Stat(t("presentasi.metrics_on_target", lang), app_charts.count_of(row["on_target"], row["metrics_counted"], lang),
             t("presentasi.latest_month", lang)),
    )
    programmes = _table(_programme_rows(progs, lang), {
        "name": t("dimensi.col.programme", lang), "status": t("dimensi.col.status", lang),
        "progress": t("dimensi.col.progress_plan", lang)}, lang, title=t("presentasi.programmes_title", lang),
        numeric=("progress",), note="" if len(progs) else t("dimensi.no_programmes", lang))
    metric_rows = app_charts.metrics_table(mets, lang)
    metric_rows["name"] = metric_rows["app"] + " · " + metric_rows["metric"]
    months = app_charts.months_text(mets, lang)
    metrics = _table(metric_rows, {
        "name": t("dimensi.col.metric", lang), "value": t("dimensi.col.value", lang), "target": t("dimensi.col.target", lang),
        "trend": t("dimensi.col.trend", lang), "status": t("dimensi.col.status", lang)},
        lang, title=t("presentasi.metrics_title", lang), numeric=("value", "target"),
        note=t("presentasi.value_month", lang, months=months) if months else t("dimensi.no_metrics", lang))
    served = ", ".join(row["apps"])
    subtitle = t("dimensi.apps_serving", lang, apps=served) if served else t("dimensi.no_apps", lang)
    return Slide(f"dim_{code}", t(f"dimensi.long.{code}", lang), subtitle, stats, (programmes, metrics))


def quick_wins_slide(facts: dict, lang: str) -> Slide:
    """Programmes per status, status per dimension, and the late and at-risk programmes."""
    figures = facts["qw"]
    stats = (Stat(t("presentasi.programmes", lang), _count(figures["programmes"], lang),
                  t("presentasi.avg_progress", lang, pct=fmt.percent(figures["avg_progress"], 1, lang)),
                  Ask("qw_programmes", label=t("presentasi.programmes", lang))),)
    stats += tuple(Stat(qw_charts.status_label(code, lang), _count(figures[code], lang),
                        ask=Ask(STATUS_FIGURES[code], label=qw_charts.status_label(code, lang)))
                   for code in reversed(rule.STATUS_ORDER))
    breakdown = facts["qw_breakdown"]
    wide = breakdown.pivot_table(index="group", columns="status", values="programmes", aggfunc="sum", sort=False)
    wide = wide.reindex(columns=list(rule.STATUS_ORDER), fill_value=0).fillna(0)
    fallback_rows = pd.DataFrame({"group": [t(f"quick_win.dim.{g}", lang) for g in wide.index]}
                                 | {code: [_count(v, lang) for v in wide[code]] for code in rule.STATUS_ORDER})
    fallback = _table(fallback_rows, {"group": t("dimensi.col.dimension", lang)}
                      | {code: qw_charts.status_label(code, lang) for code in rule.STATUS_ORDER},
                      lang, numeric=tuple(rule.STATUS_ORDER), limit=None)
    chart = Chart(qw_charts.status_breakdown(breakdown, "dimension", lang), t("presentasi.status_by_dimension", lang),
                  fallback)
    attention = _table(_programme_rows(facts["qw_attention"], lang), {
        "name": t("dimensi.col.programme", lang), "opd": t("dimensi.col.opd", lang), "status": t("dimensi.col.status", lang),
        "overdue": t("dimensi.col.days_overdue", lang)}, lang, title=t("presentasi.attention_title", lang),
        numeric=("overdue",), note="" if len(facts["qw_attention"]) else t("presentasi.attention_none", lang))
    return Slide("quick_wins", t("presentasi.qw_title", lang), t("presentasi.qw_subtitle", lang), stats, (chart, attention))


def e_mas_slide(facts: dict, lang: str) -> Slide:
    """Complaints received and resolved, service speed, overdue backlog, monthly trend and top categories."""
    emas, monthly = facts["emas"], facts["emas_monthly"]
    stats = (
        _metric("emas_received", emas["received"], lang,
                t("presentasi.last_year", lang, n=_count(emas["received_last_year"], lang))),
        _metric("emas_resolved_pct", emas["resolved_pct"], lang),
        _metric("emas_median_days", emas["median_days_to_resolve"], lang),
        _metric("emas_overdue_open", emas["overdue_open"], lang,
                t("presentasi.open_now", lang, n=_count(emas["open_now"], lang), stale=_count(emas["stale_open"], lang))),
    )
    names = (t("presentasi.received", lang), t("presentasi.resolved", lang))
    rows = pd.DataFrame({"month": [fmt.month(m, lang) for m in monthly["month"]],
                         "received": [_count(v, lang) for v in monthly["received"]],
                         "resolved": [_count(v, lang) for v in monthly["resolved"]]})
    chart = Chart(app_charts.monthly_bars(monthly, ("received", "resolved"), names, lang),
                  t("presentasi.monthly_title", lang),
                  _table(rows, {"month": t("dimensi.col.month", lang), "received": names[0], "resolved": names[1]}, lang,
                         numeric=("received", "resolved"), limit=None))
    categories = facts["emas_categories"]
    cat_rows = pd.DataFrame({"category": [category_label(c, lang) for c in categories["key"]],
                             "received": [_count(v, lang) for v in categories["received"]],
                             "resolved": [fmt.percent(r / n * 100 if n else None, 1, lang)
                                          for r, n in zip(categories["resolved"], categories["received"], strict=True)]})
    top = _table(cat_rows, {"category": t("presentasi.category", lang), "received": names[0],
                            "resolved": t("presentasi.resolved_pct", lang)}, lang, title=t("presentasi.top_categories", lang),
                 numeric=("received", "resolved"), limit=MAX_SLIDE_ROWS - 1)
    return Slide("e_mas", t("presentasi.emas_title", lang), t("presentasi.emas_subtitle", lang), stats, (chart, top))


def e_saberling_slide(facts: dict, lang: str) -> Slide:
    """Reports and clean-ups, waste collected, speed, the map of reports per kelurahan and the open hotspots."""
    sab, places = facts["sab"], facts["sab_places"]
    stats = (
        _metric("sab_received", sab["received"], lang),
        _metric("sab_cleaned_pct", sab["cleaned_pct"], lang),
        _metric("sab_waste_kg", sab["waste_kg"], lang),
        _metric("sab_median_days", sab["median_days_to_clean"], lang),
    )
    ranked = places.sort_values(["reports", "kelurahan"], ascending=[False, True])
    rows = pd.DataFrame({"kelurahan": ranked["kelurahan"].tolist(), "kecamatan": ranked["kecamatan"].tolist(),
                         "reports": [_count(v, lang) for v in ranked["reports"]]})
    map_figure = app_charts.kelurahan_map(places.rename(columns={"reports": "value"})[["kelurahan", "value"]],
                                          t("presentasi.reports", lang), lang)
    chart = Chart(map_figure, t("presentasi.map_title", lang),
                  _table(rows, {"kelurahan": t("dimensi.col.kelurahan", lang), "kecamatan": t("shell.kecamatan", lang), "reports": t("presentasi.reports", lang)},
                         lang, numeric=("reports",)))
    spots = facts["sab_hotspots"]
    hot_rows = pd.DataFrame({"kelurahan": spots["kelurahan"].tolist(),
                             "open": [_count(v, lang) for v in spots["open_reports"]],
                             "oldest": [_count(v, lang) for v in spots["oldest_open_days"]]})
    hotspots = _table(hot_rows, {"kelurahan": t("dimensi.col.kelurahan", lang), "open": t("presentasi.open_reports", lang),
                                 "oldest": t("presentasi.oldest_days", lang)}, lang,
                      title=t("presentasi.hotspots_title", lang), numeric=("open", "oldest"),
                      note="" if len(spots) else t("presentasi.hotspots_none", lang))
    return Slide("e_saberling", t("presentasi.sab_title", lang), t("presentasi.sab_subtitle", lang), stats,
                 (chart, hotspots))


def closing(facts: dict, lang: str) -> Slide:
    """What went well and what needs attention, in short sentences built from the figures."""
    summary, mets = facts["summary"], facts["metrics"]
    scored = summary.dropna(subset=["score"])
    good = []
    if len(scored):
        best = scored.loc[scored["score"].idxmax()]
        good.append(t("presentasi.best_dimension", lang, dim=t(f"quick_win.dim.{best['dimension']}", lang),
                      score=fmt.number(best["score"], 1, lang)))
    good.append(t("presentasi.done_programmes", lang, n=_count(facts["qw"][rule.SELESAI], lang),
                  total=_count(facts["qw"]["programmes"], lang)))
    met = mets[mets["counted"] & mets["on_target"].fillna(False)].drop_duplicates(["app", "metric"])
    good += [t("presentasi.metric_met", lang, name=f"{r.app} · {app_charts.metric_name(r, lang)}") for r in met.itertuples()][:3]
    good.append(t("presentasi.emas_summary", lang, pct=metrics.formatted("emas_resolved_pct",
                                                                     facts["emas"]["resolved_pct"], lang)))
    attention = [t("presentasi.late_programme", lang, name=name) for name in
                 facts["qw_attention"].loc[facts["qw_attention"]["status"] == rule.TERLAMBAT, "program_name"].head(3)]
    missed = mets[mets["counted"] & ~mets["on_target"].fillna(True)].drop_duplicates(["app", "metric"])
    attention += [t("presentasi.metric_missed", lang, name=f"{r.app} · {app_charts.metric_name(r, lang)}",
                    pct=fmt.percent(r.target_pct, 1, lang)) for r in missed.itertuples()][:3]
    attention.append(t("presentasi.overdue_summary", lang, n=_count(facts["emas"]["overdue_open"], lang)))
    attention.append(t("presentasi.open_spots", lang,
                       n=_count(facts["sab"]["open_at_end"] - facts["sab"]["stale_open"], lang)))
    return Slide("closing", t("presentasi.closing_title", lang), t("presentasi.closing_subtitle", lang), panels=(
        Bullets(t("presentasi.went_well", lang), tuple(good)), Bullets(t("presentasi.needs_attention", lang), tuple(attention))))


def paginate(slide: Slide, lang: str) -> list[Slide]:
    """The slide, plus continuation slides when a table has more rows than stay readable on one slide."""
    side_by_side = int(sum(isinstance(p, Table) and bool(p.rows) for p in slide.panels) > 1)
    first = (ROWS_PER_SLIDE if slide.stats else ROWS_PER_CONTINUATION)[side_by_side]
    longest = max((len(p.rows) for p in slide.panels if isinstance(p, Table)), default=0)
    if longest <= first:
        return [slide]
    more = ROWS_PER_CONTINUATION[side_by_side]
    count = 1 + -(-(longest - first) // more)
    head = min(first, -(-longest // count))  # balanced: 8 rows become 4 + 4, not 6 + 2
    step = -(-(longest - head) // (count - 1))
    ranges = [(0, head)] + [(head + i * step, head + (i + 1) * step) for i in range(count - 1)]
    pages = []
    for index, (start, stop) in enumerate(ranges):
        last = index == len(ranges) - 1
        panels = tuple(_rows_part(p, start, stop, last, lang) for p in slide.panels
                       if (isinstance(p, Table) and len(p.rows) > start) or index == 0)
        if index == 0:
            pages.append(replace(slide, panels=panels))
        else:
            pages.append(replace(slide, key=f"{slide.key}_{index + 1}", stats=(), panels=panels,
                                 title=t("presentasi.continued_title", lang, title=slide.title)))
    return pages


def _rows_part(panel: Panel, start: int, stop: int, last: bool, lang: str) -> Panel:
    """Rows start..stop of a table (other panels unchanged); the note says where the rest is."""
    if not isinstance(panel, Table) or len(panel.rows) <= stop and start == 0:
        return panel
    rows = panel.rows[start:stop]
    more = len(panel.rows) > stop
    note = t("presentasi.continued_next", lang) if more else (panel.note if last or start else "")
    return replace(panel, rows=rows, note=note)


def arranged(slide: Slide) -> tuple[tuple[Panel, ...], tuple[str, ...]]:
    """The panels to draw, and remarks: a table without rows becomes a one-line remark (its title and note),
    so that the other panel gets the whole width instead of a half-empty slide."""
    panels = tuple(p for p in slide.panels if not (isinstance(p, Table) and not p.rows and p.note))
    remarks = tuple(f"{p.title}: {p.note}" if p.title else p.note for p in slide.panels
                    if isinstance(p, Table) and not p.rows and p.note)
    return panels, remarks


def stat_asks(slide: Slide) -> dict[str, Ask]:
    """The records behind the slide's headline figures that are counted over records, keyed by their place."""
    return {f"stat{index}": stat.ask for index, stat in enumerate(slide.stats) if stat.ask}


def speaker_notes(slide: Slide, lang: str) -> tuple[str, ...]:
    """What the presenter may say, from the slide's own figures: each headline figure in full, then remarks."""
    lines = [f"{s.label}: {s.value}" + (f" ({s.note})" if s.note else "") for s in slide.stats]
    lines += [f"{p.title}: {p.note}" for p in slide.panels if isinstance(p, Table) and p.rows and p.note and p.title]
    lines += list(arranged(slide)[1])
    return tuple(lines) or (t("presentasi.no_notes", lang),)
