"""Figures and display tables for the quick-win programme page: timeline, progress against plan, breakdowns."""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import plotly.graph_objects as go

from binjai import fmt
from binjai import status as rule
from binjai.charts.base import BLUE, GREEN, GREY, ORANGE, PERCENT_TICKS, VERMILLION, separators, style
from binjai.charts.events import add_events
from binjai.i18n import t

# Colour plus an icon in every label, so that status never relies on colour alone.
STATUS_COLOURS = {rule.TERLAMBAT: VERMILLION, rule.PERLU_PERHATIAN: ORANGE, rule.SESUAI_JADWAL: BLUE,
                  rule.SELESAI: GREEN}
STATUS_ICONS = {rule.TERLAMBAT: "✕", rule.PERLU_PERHATIAN: "⚠", rule.SESUAI_JADWAL: "●", rule.SELESAI: "✓"}
STATUS_SYMBOLS = {rule.TERLAMBAT: "x", rule.PERLU_PERHATIAN: "diamond", rule.SESUAI_JADWAL: "circle",
                  rule.SELESAI: "square"}
STATUS_TEXT_COLOURS = {rule.TERLAMBAT: "white", rule.PERLU_PERHATIAN: "#14171a", rule.SESUAI_JADWAL: "white",
                      rule.SELESAI: "white"}
_MS_PER_DAY = 86_400_000
# The timeline draws at most this many programmes (one 30 px row each): past it the chart outgrows the screen and the
# browser spends seconds laying out hundreds of labels; the rest are one filter or the "all programmes" tab away.
TIMELINE_MOST = 40
_TICK_STEPS_MONTHS = (1, 2, 3, 6, 12, 24, 36)


def status_label(code: object, lang: str) -> str:
    """`✕ Terlambat` for a status code; a dash when missing."""
    if not isinstance(code, str) or code not in STATUS_ICONS:
        return fmt.DASH
    return f"{STATUS_ICONS[code]} {t(f'quick_win.status.{code}', lang)}"


def dimension_label(code: object, lang: str) -> str:
    """The Smart City dimension's name in the user's language."""
    return t(f"quick_win.dim.{code}", lang) if isinstance(code, str) and code in _DIMENSIONS else str(code)


def horizon_label(code: object, lang: str) -> str:
    """The programme horizon's name in the user's language."""
    return t(f"quick_win.horizon.{code}", lang) if isinstance(code, str) and code in _HORIZONS else str(code)


_DIMENSIONS = ("governance", "branding", "economy", "living", "society", "environment")
_HORIZONS = ("quick_win", "jangka_pendek", "jangka_menengah", "jangka_panjang")


def _as_of_line(fig: go.Figure, as_of: dt.date, label: str) -> None:
    """A dashed vertical line at `as_of` with its label at the top."""
    fig.add_shape(type="line", x0=as_of, x1=as_of, y0=0, y1=1, yref="paper", line={"color": "#14171a", "dash": "dash"})
    fig.add_annotation(x=as_of, y=1, yref="paper", text=label, showarrow=False, yanchor="bottom", xanchor="left",
                       font={"size": 14})


def _status_rank(frame: pd.DataFrame) -> pd.Series:
    """Each programme's status as its place in `rule.STATUS_ORDER` (late first)."""
    return frame["status"].map({code: i for i, code in enumerate(rule.STATUS_ORDER)})


def most_urgent(frame: pd.DataFrame, most: int = TIMELINE_MOST) -> pd.DataFrame:
    """The `most` programmes that need attention first: by status (late, at risk, on schedule, done), then by the
    nearest target date, then by code."""
    order = frame.assign(_rank=_status_rank(frame)).sort_values(["_rank", "target_date", "program_id"], kind="stable")
    return order.head(most).drop(columns="_rank")


def timeline(frame: pd.DataFrame, as_of: dt.date, line_label: str, lang: str) -> go.Figure:
    """Start-to-target bars per programme coloured by status, latest progress as text, and an "as of" line."""
    rows = frame.assign(rank=_status_rank(frame))
    rows = rows.sort_values(["rank", "target_date"], ascending=[False, False])
    rows["program_name"] = rows["program_name"].map(html.escape)  # plotly reads tags in text: show them as text
    fig = go.Figure()
    for code in rule.STATUS_ORDER:
        part = rows[rows["status"] == code]
        fig.add_bar(
            y=part["program_name"], base=part["start_date"],
            x=(part["target_date"] - part["start_date"]).dt.days.add(1).mul(_MS_PER_DAY),
            orientation="h", name=status_label(code, lang), marker_color=STATUS_COLOURS[code],
            text=[f"{STATUS_ICONS[code]} {fmt.percent(v, 0, lang)}" for v in part["progress_pct"]],
            textposition="inside", insidetextanchor="start", textfont={"color": STATUS_TEXT_COLOURS[code], "size": 14},
            customdata=list(zip(part["start_date"].map(lambda d: fmt.date(d, lang)),
                                part["target_date"].map(lambda d: fmt.date(d, lang)),
                                part["progress_pct"].map(lambda v: fmt.percent(v, 1, lang)), strict=True)),
            hovertemplate=(f"<b>%{{y}}</b><br>{t('quick_win.chart.start', lang)}: %{{customdata[0]}}<br>"
                           f"{t('quick_win.chart.target', lang)}: %{{customdata[1]}}<br>"
                           f"{t('quick_win.chart.progress', lang)}: %{{customdata[2]}}<extra></extra>"),
        )
    fig.update_xaxes(type="date", **month_ticks(rows["start_date"].min(), max(rows["target_date"].max(),
                                                                              pd.Timestamp(as_of)), lang))
    fig.update_yaxes(categoryorder="array", categoryarray=rows["program_name"].tolist(), automargin=True)
    fig.update_layout(barmode="overlay", bargap=0.25)
    _as_of_line(fig, as_of, line_label)
    style(fig, height=max(320, 150 + 30 * len(rows)))
    fig.update_layout(separators=separators(lang), margin={"b": 60},
                      legend={"yref": "container", "y": 0, "yanchor": "bottom"})
    return fig


def month_ticks(first: object, last: object, lang: str, most: int = 8) -> dict[str, list]:
    """Tick positions on month starts between two dates, labelled with fmt.month (`Agu 2025`), at most `most`."""
    start, end = pd.Timestamp(first).to_period("M"), pd.Timestamp(last).to_period("M") + 1
    months = (end - start).n
    step = next((s for s in _TICK_STEPS_MONTHS if months / s <= most), _TICK_STEPS_MONTHS[-1])
    first_tick = start + (-(start.month - 1) % step if step in (3, 6, 12) else 0)
    ticks = [(first_tick + i * step).to_timestamp() for i in range(months // step + 2)]
    ticks = [tick for tick in ticks if tick <= pd.Timestamp(last)]
    return {"tickvals": ticks, "ticktext": [fmt.month(tick, lang) for tick in ticks]}


def progress_vs_plan(history: pd.DataFrame, as_of: dt.date, line_label: str, lang: str) -> go.Figure:
    """One programme's reported progress against its linear plan, with the status of each report as marker."""
    start, target = history["start_date"].iloc[0], history["target_date"].iloc[0]
    last = max(pd.Timestamp(as_of), target, history["report_date"].max())
    fig = go.Figure()
    fig.add_scatter(x=[start, target, last], y=[0, 100, 100], mode="lines", name=t("quick_win.chart.planned", lang),
                    line={"color": GREY, "dash": "dot", "width": 3}, hoverinfo="skip")
    fig.add_scatter(x=history["report_date"], y=history["progress_pct"], mode="lines", showlegend=False,
                    line={"color": BLUE, "width": 3}, hoverinfo="skip")
    for code in rule.STATUS_ORDER:
        part = history[history["status"] == code]
        if part.empty:
            continue
        fig.add_scatter(
            x=part["report_date"], y=part["progress_pct"], mode="markers", name=status_label(code, lang),
            marker={"color": STATUS_COLOURS[code], "symbol": STATUS_SYMBOLS[code], "size": 12,
                    "line": {"color": "white", "width": 1}},
            customdata=list(zip(part["report_date"].map(lambda d: fmt.date(d, lang)),
                                part["progress_pct"].map(lambda v: fmt.percent(v, 1, lang)),
                                part["planned_pct"].map(lambda v: fmt.percent(v, 1, lang)), strict=True)),
            hovertemplate=(f"%{{customdata[0]}}<br>{t('quick_win.chart.actual', lang)}: %{{customdata[1]}}<br>"
                           f"{t('quick_win.chart.planned', lang)}: %{{customdata[2]}}<extra></extra>"),
        )
    fig.update_yaxes(range=[0, 105], title_text=t("quick_win.chart.progress_axis", lang), **PERCENT_TICKS)
    fig.update_xaxes(**month_ticks(start, last, lang))
    _as_of_line(fig, as_of, line_label)
    style(fig, height=380)
    fig.update_layout(separators=separators(lang))
    return add_events(fig, lang, dates=(start, last))


def status_breakdown(breakdown: pd.DataFrame, by: str, lang: str) -> go.Figure:
    """Stacked horizontal bars: programmes per group and status; each group label carries its average progress."""
    labels = breakdown["group"].map(lambda g: dimension_label(g, lang) if by == "dimension" else str(g))
    labels = labels + "  (" + breakdown["avg_progress"].map(lambda v: fmt.percent(v, 0, lang)) + ")"
    frame = breakdown.assign(label=labels)
    fig = go.Figure()
    for code in rule.STATUS_ORDER:
        part = frame[frame["status"] == code]
        fig.add_bar(y=part["label"], x=part["programmes"], orientation="h", name=status_label(code, lang),
                    marker_color=STATUS_COLOURS[code],
                    text=[fmt.number(v, 0, lang) if v else "" for v in part["programmes"]],
                    textposition="inside", textfont={"color": STATUS_TEXT_COLOURS[code], "size": 15},
                    hovertemplate=f"%{{y}}<br>{status_label(code, lang)}: %{{x}}<extra></extra>")
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_xaxes(title_text=t("quick_win.chart.programmes_axis", lang), dtick=1 if frame["programmes"].sum() < 12 else None)
    fig.update_yaxes(automargin=True, categoryorder="array", categoryarray=frame["label"].drop_duplicates().tolist())
    style(fig, height=max(300, 110 + 42 * frame["group"].nunique()))
    fig.update_layout(separators=separators(lang))
    return fig


_PERCENT_COLUMNS = ("progress_pct", "planned_pct", "spent_pct")
_RUPIAH_COLUMNS = ("budget_idr", "spent_idr")
_DATE_COLUMNS = ("start_date", "target_date", "report_date", "report_date_each")


def _translated(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Dimension, horizon and statuses in the user's language; other columns unchanged."""
    out = frame.copy()
    if "dimension" in out:
        out["dimension"] = out["dimension"].map(lambda v: dimension_label(v, lang))
    if "horizon" in out:
        out["horizon"] = out["horizon"].map(lambda v: horizon_label(v, lang))
    for column in ("status", "status_file", "status_derived"):
        if column in out:
            out[column] = out[column].map(lambda v: status_label(v, lang) if isinstance(v, str) else "")
    return out


def column_label(name: str, lang: str) -> str:
    """The heading of a programme table column in the user's language."""
    return t(f"quick_win.col.{name}", lang)


def _both_statuses(shown: str, derived: str, lang: str) -> str:
    """`⚠ Perlu perhatian (menurut jadwal: ● Sesuai jadwal)` for a file status that differs from the schedule."""
    return f"{status_label(shown, lang)} ({t('quick_win.col.by_schedule', lang)}: {status_label(derived, lang)})"


def display_table(frame: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """Selected columns for the screen: labels translated, numbers, Rupiah and dates formatted as text."""
    out = _translated(frame.reindex(columns=columns), lang)
    if "status" in columns and "status_derived" not in columns and "status_disagrees" in frame:
        out["status"] = [_both_statuses(shown, derived, lang) if disagrees else label for label, shown, derived, disagrees
                         in zip(out["status"], frame["status"], frame["status_derived"], frame["status_disagrees"],
                                strict=True)]
    for column in columns:
        if column in _PERCENT_COLUMNS:
            out[column] = out[column].map(lambda v: fmt.percent(v, 1, lang))
        elif column in _RUPIAH_COLUMNS:
            out[column] = out[column].map(lambda v: fmt.rupiah(v, lang))
        elif column in _DATE_COLUMNS:
            out[column] = out[column].map(lambda v: fmt.date(v, lang))
        elif column == "days_overdue":
            out[column] = out[column].map(lambda v: fmt.number(v, 0, lang) if v else "")
        elif column == "behind_plan":
            out[column] = out[column].map(lambda v: fmt.signed(v, 1, lang))
        elif column == "progress_vs_plan":
            out[column] = [f"{fmt.percent(a, 1, lang)} / {fmt.percent(p, 1, lang)}"
                           for a, p in zip(frame["progress_pct"], frame["planned_pct"], strict=True)]
        elif column == "note":
            out[column] = out[column].map(lambda v: v if isinstance(v, str) else "")
    return out.rename(columns={c: column_label(c, lang) for c in columns})


def export_table(frame: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """Selected columns for CSV/XLSX: labels translated, numbers kept as numbers and dates as dates."""
    out = _translated(frame[columns], lang)
    for column in columns:
        if column in _DATE_COLUMNS:
            out[column] = pd.to_datetime(out[column]).dt.date
    return out.rename(columns={c: column_label(c, lang) for c in columns})


def notes_frame(history: pd.DataFrame) -> pd.DataFrame:
    """Reports that carry a note, newest first, with the date under the column `report_date_each`."""
    notes = history[history["note"].notna() & history["note"].astype(str).str.strip().ne("")]
    return notes.sort_values("report_date", ascending=False).assign(report_date_each=lambda f: f["report_date"])
