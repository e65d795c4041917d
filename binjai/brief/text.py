"""The weekly brief in words: template sentences in Indonesian and English, each with where its number comes from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from binjai import alerts, fmt, reference
from binjai import weekly_rule as stats
from binjai.brief import build
from binjai.brief.build import Brief, Change
from binjai.filters import Filters
from binjai.i18n import t
from binjai.metrics.catalogue import formatted, label
from binjai.queries.drill import Ask
from binjai.queries.e_mas import Selection

MAX_ALERTS = 8
SOURCE_KEYS = {"e_mas": "nav.e_mas", "e_saberling": "nav.e_saberling", "quick_wins": "nav.quick_win",
               "app_metrics": "nav.aplikasi"}


@dataclass(frozen=True)
class Line:
    """One sentence, its trace (metric or query id with the dates and filters it used, for `etl metrics` and the
    JSON), the records behind its number (None for a sentence that counts nothing) and `source`: the trace as the
    reader sees it (the figure's label in the reader's language, dates as `29 Nov 2026`)."""

    text: str
    trace: str = ""
    ask: Ask | None = None
    source: str = ""


@dataclass(frozen=True)
class Section:
    """A titled group of sentences; `empty` is said when it has none."""

    key: str
    title: str
    lines: list[Line]
    empty: str


def _category(name: str, lang: str) -> str:
    if lang == "id" or not name:
        return name
    table = reference.categories().set_index("category")["name_en"]
    return str(table.get(name, name))


def subject(change: Change, lang: str) -> str:
    """`Aduan masuk kategori Jalan & Drainase di Binjai Timur`: the metric's label and the count's scope."""
    text = label(change.metric_id, lang)
    if change.category:
        text += " " + t("ringkasan.scope_category", lang, category=_category(change.category, lang))
    if change.kecamatan:
        return text + " " + t("ringkasan.scope_kecamatan", lang, kecamatan=change.kecamatan)
    return text + " " + t("ringkasan.scope_city", lang)


def change_sentence(change: Change, lang: str) -> str:
    """One change: direction, relative change, the week's count against the recent mean (and earlier years)."""
    result = change.outcome
    params = {"subject": subject(change, lang), "weeks": result.recent_weeks,
              "now": formatted(change.metric_id, result.count, lang), "base": fmt.number(result.recent_mean, 1, lang)}
    if result.change_pct is None:
        text = t("ringkasan.change_from_zero", lang, **params)
    else:
        key = "ringkasan.change_up" if result.direction == stats.UP else "ringkasan.change_down"
        text = t(key, lang, pct=fmt.percent(abs(result.change_pct), 0, lang), **params)
    if result.seasonal_mean is not None:
        text += t("ringkasan.change_seasonal", lang, years=len(change.seasonal_weeks),
                  season=fmt.number(result.seasonal_mean, 1, lang))
    return text + "."


def rule_text(lang: str) -> str:
    """The statistical rule as shown under every brief."""
    return t("ringkasan.rule", lang, weeks=stats.RECENT_WEEKS, min_weeks=stats.MIN_RECENT_WEEKS,
             years=stats.SEASONAL_YEARS, min_count=stats.MIN_COUNT, change=fmt.percent(stats.MIN_CHANGE * 100, 0, lang),
             alpha=fmt.number(stats.ALPHA, 2, lang))


def title(brief: Brief, lang: str) -> str:
    """`Ringkasan Mingguan 2026-W48 (23 Nov 2026 – 29 Nov 2026)`."""
    return t("ringkasan.title", lang, week=brief.week, period=fmt.period(brief.start, brief.end, lang))


def _week(start: dt.date, end: dt.date, kecamatan: str = "") -> Filters:
    return Filters(start, end, (kecamatan,) if kecamatan else (), "custom")


def change_ask(change: Change, brief: Brief, lang: str) -> Ask:
    """The records counted for a change: the week's complaints or reports in its kecamatan and category."""
    return Ask(change.metric_id, _week(brief.start, brief.end, change.kecamatan),
               emas_selection=Selection(category=(change.category,)) if change.category else None,
               label=subject(change, lang))


def _source(what: str, lang: str, *, day: dt.date | None = None, start: dt.date | None = None,
            end: dt.date | None = None, scope: str = "") -> str:
    """`Aduan lewat batas · per 29 Nov 2026` or `… · 23 Nov 2026 – 29 Nov 2026 · DLH`: what is counted, when, where."""
    when = fmt.period(start, end, lang) if start else t("ringkasan.source_as_of", lang, date=fmt.date(day, lang))
    return " · ".join(part for part in (what, when, scope) if part)


def _changes(brief: Brief, lang: str) -> list[Line]:
    return [Line(change_sentence(c, lang), c.trace(brief.start, brief.end), change_ask(c, brief, lang),
                 _source(subject(c, lang), lang, start=brief.start, end=brief.end))
            for c in brief.changes]


def _programmes(brief: Brief, lang: str) -> list[Line]:
    trace = f"quick_wins.latest_programmes · {brief.end.isoformat()}"
    source = _source(t("ringkasan.source_programmes", lang), lang, day=brief.end)
    return [Line(t("ringkasan.slipped_item", lang, name=row.program_name, opd=row.opd,
                   target=fmt.date(row.target_date, lang), progress=fmt.percent(row.progress_pct, 0, lang)), trace,
                 source=source)
            for row in brief.slipped.itertuples()]


def _opd(brief: Brief, lang: str) -> list[Line]:
    trace = f"emas_overdue_open · {brief.end.isoformat()}"
    week, name = _week(brief.start, brief.end), label("emas_overdue_open", lang)
    source = _source(name, lang, day=brief.end)
    lines = [Line(t("ringkasan.overdue_total", lang, n=formatted("emas_overdue_open", brief.overdue_total, lang)), trace,
                  Ask("emas_overdue_open", week, brief.end, label=name), source)]
    lines += [Line(t("ringkasan.overdue_item", lang, opd=row.opd, n=fmt.number(row.complaints, 0, lang),
                     days=fmt.number(row.oldest_working_days, 0, lang)), trace,
                   Ask("emas_overdue_open", week, brief.end, Selection(opd=(row.opd,)), label=f"{name} · {row.opd}"),
                   source)
              for row in brief.opd_overdue.itertuples()]
    for row in brief.opd_levels.itertuples():
        lines.append(Line(t("ringkasan.on_time_item", lang, opd=row.opd,
                            pct=formatted("emas_resolved_on_time_pct", row.resolved_on_time_pct, lang),
                            weeks=build.SERVICE_WEEKS, n=fmt.number(row.received, 0, lang),
                            target=t("ringkasan.no_target", lang) if pd.isna(row.target) else
                            fmt.percent(row.target, 0, lang)),
                          f"emas_resolved_on_time_pct · {row.start.isoformat()}..{brief.end.isoformat()} · opd={row.opd}",
                          Ask("emas_resolved_on_time_pct", _week(row.start, brief.end), brief.end, Selection(opd=(row.opd,)),
                              label=f"{label('emas_resolved_on_time_pct', lang)} · {row.opd}"),
                          _source(label("emas_resolved_on_time_pct", lang), lang, start=row.start, end=brief.end,
                                  scope=row.opd)))
    return lines if brief.overdue_total or len(brief.opd_levels) else []


def _hotspots(brief: Brief, lang: str) -> list[Line]:
    trace = f"e_saberling.hotspots · {brief.end.isoformat()}"
    week, name = _week(brief.start, brief.end), label("sab_open", lang)
    return [Line(t("ringkasan.hotspot_item", lang, kelurahan=row.kelurahan, kecamatan=row.kecamatan,
                   n=fmt.number(row.open_reports, 0, lang), days=fmt.number(row.oldest_open_days, 0, lang)), trace,
                 Ask("sab_open", week, brief.end, only=(("kelurahan", row.kelurahan),), label=f"{name} · {row.kelurahan}"),
                 _source(name, lang, day=brief.end, scope=t("ringkasan.source_per_kelurahan", lang)))
            for row in brief.hotspots.itertuples()]


def _data(brief: Brief, lang: str) -> list[Line]:
    lines = []
    for source, newest in brief.late_sources:
        name = t(SOURCE_KEYS[source], lang)
        text = (t("ringkasan.data_none", lang, source=name) if newest is None
                else t("ringkasan.data_late", lang, source=name, date=fmt.date(newest, lang)))
        lines.append(Line(text, f"freshness · {source}",
                          source=_source(t("ringkasan.source_freshness", lang, source=name), lang, day=brief.end)))
    lines += [Line(t("ringkasan.alert_item", lang, text=alerts.describe(row, lang)), f"alert_history · {row.alert_id}",
                   source=_source(t("ringkasan.source_alert", lang), lang, day=brief.end))
              for row in brief.alerts.head(MAX_ALERTS).itertuples()]
    return lines


def sections(brief: Brief, lang: str) -> list[Section]:
    """The brief's five sections in reading order."""
    specs = (("changes", _changes), ("programmes", _programmes), ("opd", _opd), ("hotspots", _hotspots),
             ("data", _data))
    return [Section(key, t(f"ringkasan.section_{key}", lang), build(brief, lang), t(f"ringkasan.empty_{key}", lang))
            for key, build in specs]


def asks(parts: list[Section]) -> dict[str, Ask]:
    """The records behind the sentences that count something, keyed `section-line` (section key, line number)."""
    return {f"{part.key}-{i}": line.ask for part in parts for i, line in enumerate(part.lines) if line.ask}


def whatsapp(brief: Brief, lang: str) -> str:
    """The brief as plain text for a WhatsApp group: `*bold*` titles, one sentence a line, the rule at the end."""
    out = [f"*{title(brief, lang)}*"]
    if brief.is_sample:
        out.append(t("ringkasan.sample", lang))
    for section in sections(brief, lang):
        out += ["", f"*{section.title}*"]
        out += [f"- {line.text}" for line in section.lines] or [section.empty]
    out += ["", rule_text(lang)]
    return "\n".join(out) + "\n"
