"""Dimensi Smart City: the six dimensions with their programmes, applications, metrics and completeness score."""

import streamlit as st

from binjai import fmt, settings
from binjai.charts import apps as charts
from binjai.queries import apps, scorecard
from binjai.queries.drill import Ask
from binjai.ui import data, handout_panel
from binjai.ui.chart import plotly_chart
from binjai.ui.components import lazy_expander, lazy_tabs, when_open
from binjai.ui.drill import ask_panel
from binjai.ui.shell import freshness_caption, setup_page

ctx = setup_page("dimensi")
lang = ctx.lang
st.title(ctx.t("nav.dimensi"))
st.caption(ctx.t("dimensi.page.caption", period=fmt.period(ctx.filters.start, ctx.filters.end, lang),
                 freshness=freshness_caption(ctx, "quick_wins")))
if ctx.filters.kecamatan:
    st.caption(ctx.t("dimensi.page.kecamatan_note"))

mapping, problems = scorecard.read_map()
if problems:
    st.warning(ctx.t("dimensi.page.map_problems", n=fmt.number(len(problems), 0, lang)), icon=":material/warning:")
    st.dataframe({ctx.t("dimensi.page.row"): [p.row for p in problems], ctx.t("dimensi.page.column"): [p.column for p in problems],
                  ctx.t("dimensi.page.value"): [p.value for p in problems],
                  ctx.t("dimensi.page.reason"): [ctx.t(f"dimensi.page.reason_{p.reason}") for p in problems]}, hide_index=True)
unknown = data.run(scorecard.unknown_items, mapping)
if len(unknown):
    st.warning(ctx.t("dimensi.page.map_unknown", items=", ".join(f"{k}: {i}" for k, i in unknown.itertuples(index=False))),
               icon=":material/warning:")

summary = data.run(scorecard.summary, ctx.filters, mapping)
left, right = st.columns([5, 7], gap="medium")
with left:
    st.subheader(ctx.t("presentasi.scores_title"), anchor=False)
    plotly_chart(data.figure(charts.score_bars, summary, lang, height=340), config={"displayModeBar": False}, key="sc_scores")
with right:
    st.subheader(ctx.t("presentasi.dimensions_title"), anchor=False)
    st.dataframe(charts.summary_frame(summary, lang), hide_index=True, width="stretch", column_config={
        "dimension": ctx.t("dimensi.col.dimension"), "score": ctx.t("dimensi.col.score"),
        "programmes": ctx.t("dimensi.col.programmes"), "metrics": ctx.t("dimensi.col.metrics"), "apps": None})
    st.caption(ctx.t("dimensi.rule_short"))

for _ in when_open(lazy_expander(ctx.t("dimensi.page.rule_title"), "sc_rule", icon=":material/help:")):
    st.markdown(ctx.t("dimensi.page.rule_text"))
    path = scorecard.map_path()
    shown_path = path.relative_to(settings.PROJECT_ROOT) if path.is_relative_to(settings.PROJECT_ROOT) else path
    st.markdown(ctx.t("dimensi.page.map_how", path=shown_path))
    st.markdown(f"**{ctx.t('dimensi.page.map_heading')}**")
    st.dataframe(charts.map_frame(mapping, lang), hide_index=True, column_config={
        "dimension": ctx.t("dimensi.col.dimension"), "kind": ctx.t("dimensi.page.column"), "item": "Item",
        "weight": ctx.t("dimensi.col.weight")})

tab_labels = [f"{ctx.t(f'quick_win.dim.{code}')} · {fmt.number(score, 1, lang)}"
              for code, score in zip(summary["dimension"], summary["score"], strict=True)]
tabs = lazy_tabs(scorecard.DIMENSIONS, tab_labels, "sc_tabs", "dimensi")
for code, tab in tabs.items():
    row = summary.set_index("dimension").loc[code]
    for _ in when_open(tab):
        st.subheader(ctx.t(f"dimensi.long.{code}"), anchor=False)
        tiles = st.columns(4)
        figures = (
            (ctx.t("dimensi.score"), fmt.number(row["score"], 1, lang), ctx.t("presentasi.out_of_100")),
            (ctx.t("presentasi.programmes_on_schedule"), charts.count_of(row["on_schedule"], row["programmes"], lang),
             ctx.t("presentasi.late_at_risk", late=row["late"], at_risk=row["at_risk"])),
            (ctx.t("presentasi.metrics_on_target"), charts.count_of(row["on_target"], row["metrics_counted"], lang),
             ctx.t("presentasi.latest_month")),
            (ctx.t("dimensi.page.tiles_apps"), fmt.number(len(row["apps"]), 0, lang),
             ", ".join(row["apps"]) or ctx.t("dimensi.no_apps")),
        )
        for column, (label, value, note) in zip(tiles, figures, strict=True):
            column.metric(label, value, border=True)
            column.caption(note)
        ask_panel(ctx, {"on_schedule": Ask("dim_on_schedule", dimension=code,
                                           label=ctx.t("presentasi.programmes_on_schedule"))}, f"sc_{code}")

        st.markdown(f"**{ctx.t('presentasi.programmes_title')}**")
        programmes = data.run(scorecard.programmes, ctx.filters, mapping, code)
        if len(programmes):
            st.dataframe(charts.programme_frame(programmes, lang), hide_index=True, width="stretch", column_config={
                "program_name": st.column_config.TextColumn(ctx.t("dimensi.col.programme")),
                "opd": ctx.t("dimensi.col.opd"), "status": ctx.t("dimensi.col.status"),
                "progress_pct": st.column_config.ProgressColumn(ctx.t("dimensi.col.progress"),
                                                                min_value=0, max_value=100, format="%d%%"),
                "planned_pct": st.column_config.NumberColumn(ctx.t("dimensi.col.plan"), format="%d%%"),
                "target_date": ctx.t("dimensi.col.target_date"), "days_overdue": ctx.t("dimensi.col.days_overdue")},
                key=f"sc_prog_{code}")
        else:
            st.info(ctx.t("dimensi.no_programmes"))

        st.markdown(f"**{ctx.t('dimensi.page.metrics_heading')}**")
        metrics = data.run(scorecard.metrics, ctx.filters, mapping, code)
        if not len(metrics):
            st.info(ctx.t("dimensi.no_metrics"))
            continue
        st.dataframe(charts.metrics_table(metrics, lang), hide_index=True, width="stretch", column_config={
            "app": ctx.t("dimensi.col.app"), "metric": st.column_config.TextColumn(ctx.t("dimensi.col.metric"), width="medium"),
            "period": None, "value": ctx.t("dimensi.col.value"), "target": ctx.t("dimensi.col.target"),
            "target_pct": ctx.t("dimensi.col.target_pct"), "trend": ctx.t("dimensi.col.trend"),
            "status": st.column_config.TextColumn(ctx.t("dimensi.col.status"), width="medium")},
            key=f"sc_met_{code}")
        st.caption(ctx.t("presentasi.value_month", months=charts.months_text(metrics, lang)))
        # The table above holds each metric's value, target and trend; its charts are drawn on request.
        if not st.toggle(ctx.t("dimensi.page.show_trends", n=fmt.number(len(metrics), 0, lang)), key=f"sc_trends_{code}"):
            continue
        figures = data.figure(charts.trend_figures, metrics, data.run(apps.trend_frame, ctx.filters, apps.metric_keys(metrics)), lang)
        for start in range(0, len(figures), 3):
            for column, (name, figure) in zip(st.columns(3), figures[start:start + 3], strict=False):
                with column:
                    plotly_chart(figure, config={"displayModeBar": False}, key=f"sc_trend_{code}_{name}")

st.divider()
st.subheader(ctx.t("dimensi.page.handout"), anchor=False)
handout_panel.download_panel(ctx, "sc_handout")
