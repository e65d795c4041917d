"""Program Quick Win: progress, status, budget and history of the Smart City programmes."""

import streamlit as st

from binjai import fmt
from binjai.charts import quick_wins as charts
from binjai.metrics.compute import PROGRAMME_FIGURES
from binjai.queries import quick_wins as qw
from binjai.queries.drill_rows import status_counts
from binjai.ui import data
from binjai.ui.chart import plotly_chart
from binjai.ui.components import data_text, export_buttons, lazy_tabs, metric_tile, no_data, when_open
from binjai.ui.drill import drill_panel, group_asks, group_panel
from binjai.ui.shell import freshness_caption, setup_page, sync_query_params

GROUP_FIGURES = ("qw_late", "qw_at_risk", "qw_on_schedule", "qw_completed", "qw_avg_progress")  # a breakdown's bars
ctx = setup_page("quick_win")
lang = ctx.lang
st.title(ctx.t("nav.quick_win"))

# Page filters: read once from the URL, written back after the widgets.
choices = data.run(qw.options)
from_url = qw.selection_from_params(st.query_params.to_dict(), choices)
WIDGETS = (("qw_dim", "dimensions", "quick_win.filter.dimension", choices["dimension"], charts.dimension_label),
           ("qw_opd", "opds", "quick_win.filter.opd", choices["opd"], lambda v, _: v),
           ("qw_status", "statuses", "quick_win.filter.status", list(charts.STATUS_ICONS), charts.status_label),
           ("qw_horizon", "horizons", "quick_win.filter.horizon", choices["horizon"], charts.horizon_label))
for column, (key, field, label, values, label_of) in zip(st.columns(4), WIDGETS, strict=True):
    if key not in st.session_state:
        st.session_state[key] = list(getattr(from_url, field))
    column.multiselect(ctx.t(label), values, key=key, placeholder=ctx.t("quick_win.filter.all"),
                       format_func=lambda v, f=label_of: f(v, lang), select_all=False)
selection = qw.Selection(*(tuple(st.session_state[key]) for key, *_ in WIDGETS))
sync_query_params(qw.selection_to_params(selection), qw.URL_PARAMS.values())

summary = data.run(qw.summary, ctx.filters, selection)
now, before = summary["current"], summary["previous"]
previous_text = fmt.date(summary["previous_as_of"], lang) if summary["previous_as_of"] else ctx.t("quick_win.no_previous")
st.caption(f"{ctx.t('quick_win.as_of', date=fmt.date(summary['as_of'], lang))} · {freshness_caption(ctx, 'quick_wins')} · "
           f"{ctx.t('quick_win.since', date=previous_text)}")
if ctx.filters.kecamatan:
    st.caption(ctx.t("quick_win.kecamatan_note"))

if not now["programmes"]:
    no_data(lang)
    st.stop()

spent_detail = ctx.t("quick_win.tile.spent_detail", spent=fmt.rupiah(now["spent_idr"], lang),
                     budget=fmt.rupiah(now["budget_idr"], lang))
for column, (metric_id, key) in zip([*st.columns(4), *st.columns(3)], PROGRAMME_FIGURES.items(), strict=True):
    with column:
        metric_tile(metric_id, now[key], lang, previous=before[key] if before["programmes"] else None,
                    caption=spent_detail if metric_id == "qw_budget_spent_pct" else "")
drill_panel(ctx, list(PROGRAMME_FIGURES), "qw", qw_selection=selection)

WIDTHS = {charts.column_label(name, lang): st.column_config.TextColumn(width=width) for name, width in (
    ("note", "large"), ("program_id", "small"), ("progress_pct", "small"),
    ("planned_pct", "small"), ("spent_pct", "small"), ("status", "medium"))}
ATTENTION_COLUMNS = ["program_name", "opd", "status", "progress_vs_plan", "days_overdue", "note"]
EXPORT_COLUMNS = ["program_id", "program_name", "opd", "dimension", "status", "status_derived", "progress_pct",
                  "planned_pct", "behind_plan", "target_date", "days_overdue", "note"]
ALL_COLUMNS = ["program_id", "program_name", "dimension", "opd", "horizon", "start_date", "target_date", "report_date",
               "progress_pct", "planned_pct", "status", "status_file", "status_derived", "budget_idr", "spent_idr",
               "spent_pct", "days_overdue", "note"]
NOTE_COLUMNS = ["report_date_each", "progress_pct", "planned_pct", "status", "note"]

st.subheader(ctx.t("quick_win.attention.title"))
attention = data.run(qw.needing_attention, ctx.filters, selection)
if attention.empty:
    st.success(ctx.t("quick_win.attention.none"), icon=":material/check_circle:")
else:
    st.dataframe(charts.display_table(attention, ATTENTION_COLUMNS, lang), column_config=WIDTHS, hide_index=True,
                 width="stretch")
    disagreeing = int(attention["status_disagrees"].sum())
    if disagreeing:
        st.caption(ctx.t("quick_win.attention.disagree", n=fmt.number(disagreeing, lang=lang)))
    export_buttons(charts.export_table(attention, EXPORT_COLUMNS, lang), ctx.t("quick_win.attention.file_name"), lang,
                   key="qw_attention")

with st.expander(ctx.t("quick_win.rule_title"), icon=":material/help:"):
    st.markdown(ctx.t("quick_win.rule_text", previous=previous_text))

as_of = summary["as_of"]
line_label = ctx.t("quick_win.chart.today") if as_of == ctx.today else ctx.t("quick_win.chart.period_end")
line_label = f"{line_label} · {fmt.date(as_of, lang)}"
QW_TABS = ("timeline", "programme", "dimension", "opd", "table")
tab = lazy_tabs(QW_TABS, [ctx.t(f"quick_win.tab.{name}") for name in QW_TABS], "qw_tabs", "qw_tab",
                "programme" if st.query_params.get("program") else None)

for _ in when_open(tab["timeline"]):
    rows = data.run(qw.timeline_rows, ctx.filters, selection)
    if rows.empty:
        no_data(lang)
    else:
        shown = charts.most_urgent(rows, charts.TIMELINE_MOST)
        st.caption(ctx.t("quick_win.chart.timeline_caption", label=line_label))
        if len(shown) < len(rows):
            st.caption(ctx.t("quick_win.chart.timeline_most", shown=fmt.number(len(shown), 0, lang),
                             total=fmt.number(len(rows), 0, lang), table=ctx.t("quick_win.tab.table")))
        plotly_chart(data.figure(charts.timeline, shown, as_of, line_label, lang), key="qw_timeline")

for _ in when_open(tab["programme"]):
    names = data.run(qw.programme_names, ctx.filters, selection)
    ids = names["program_id"].tolist()
    titles = dict(zip(names["program_id"], names["program_name"], strict=True))
    if "qw_program" not in st.session_state or st.session_state.qw_program not in ids:
        wanted_id = st.query_params.get("program")
        urgent = attention["program_id"].tolist()
        st.session_state.qw_program = wanted_id if wanted_id in ids else (urgent or ids)[0]
    chosen = st.selectbox(ctx.t("quick_win.programme.pick"), ids, key="qw_program", placeholder=ctx.t("widget.choose"),
                          format_func=lambda pid, titles=titles: f"{titles[pid]} ({pid})")
    if st.query_params.get("program") != chosen:
        st.query_params["program"] = chosen
    history = data.run(qw.history, chosen, ctx.filters)
    latest = history.iloc[-1]
    data_text(ctx.t("quick_win.programme.facts", opd=latest["opd"], dimension=charts.dimension_label(latest["dimension"], lang),
                     horizon=charts.horizon_label(latest["horizon"], lang), start=fmt.date(latest["start_date"], lang),
                     target=fmt.date(latest["target_date"], lang)))
    plotly_chart(data.figure(charts.progress_vs_plan, history, as_of, line_label, lang), key="qw_history")
    st.markdown(f"**{ctx.t('quick_win.programme.notes')}**")
    notes = charts.notes_frame(history)
    if notes.empty:
        st.caption(ctx.t("quick_win.programme.no_notes"))
    else:
        st.dataframe(charts.display_table(notes, NOTE_COLUMNS, lang), column_config=WIDTHS, hide_index=True,
                     width="stretch")

for by in ("dimension", "opd"):
    for _ in when_open(tab[by]):
        groups = data.run(qw.breakdown, ctx.filters, selection, by)
        st.caption(ctx.t("quick_win.chart.breakdown_caption"))
        plotly_chart(data.figure(charts.status_breakdown, groups, by, lang), key=f"qw_by_{by}")
        group_panel(ctx, group_asks(ctx, {by: status_counts(groups)}, GROUP_FIGURES, qw_selection=selection),
                    f"qw_{by}")

for _ in when_open(tab["table"]):
    programmes = data.run(qw.latest_programmes, ctx.filters, selection)
    st.dataframe(charts.display_table(programmes, ALL_COLUMNS, lang), column_config=WIDTHS, hide_index=True,
                 width="stretch")
    export_buttons(charts.export_table(programmes, ALL_COLUMNS, lang), "program_quick_win", lang, key="qw_all")
