"""Dimensi Smart City: the six dimensions with their programmes, applications, metrics and completeness score."""

import streamlit as st

from binjai import fmt, settings
from binjai.charts import apps as charts
from binjai.queries import apps, scorecard
from binjai.ui import data, handout_panel
from binjai.ui.components import lazy_tabs, when_open
from binjai.ui.shell import freshness_caption, setup_page

ctx = setup_page("dimensions")
lang = ctx.lang
st.title(ctx.t("nav.dimensions"))
st.caption(ctx.t("sc.page.caption", period=fmt.period(ctx.filters.start, ctx.filters.end, lang),
                 freshness=freshness_caption(ctx, "quick_wins")))
if ctx.filters.kecamatan:
    st.caption(ctx.t("sc.page.kecamatan_note"))

mapping, problems = scorecard.read_map()
if problems:
    st.warning(ctx.t("sc.page.map_problems", n=fmt.number(len(problems), 0, lang)), icon=":material/warning:")
    st.dataframe({ctx.t("sc.page.row"): [p.row for p in problems], ctx.t("sc.page.column"): [p.column for p in problems],
                  ctx.t("sc.page.value"): [p.value for p in problems],
                  ctx.t("sc.page.reason"): [ctx.t(f"sc.page.reason_{p.reason}") for p in problems]}, hide_index=True)
unknown = data.run(scorecard.unknown_items, mapping)
if len(unknown):
    st.warning(ctx.t("sc.page.map_unknown", items=", ".join(f"{k}: {i}" for k, i in unknown.itertuples(index=False))),
               icon=":material/warning:")

summary = data.run(scorecard.summary, ctx.filters, mapping)
left, right = st.columns([5, 7], gap="medium")
with left:
    st.subheader(ctx.t("present.scores_title"), anchor=False)
    st.plotly_chart(charts.score_bars(summary, lang, height=340), config={"displayModeBar": False}, key="sc_scores")
with right:
    st.subheader(ctx.t("present.dimensions_title"), anchor=False)
    st.dataframe(charts.summary_frame(summary, lang), hide_index=True, width="stretch", column_config={
        "dimension": ctx.t("sc.col.dimension"), "score": ctx.t("sc.col.score"),
        "programmes": ctx.t("sc.col.programmes"), "metrics": ctx.t("sc.col.metrics"), "apps": None})
    st.caption(ctx.t("sc.rule_short"))

with st.expander(ctx.t("sc.page.rule_title"), icon=":material/help:"):
    st.markdown(ctx.t("sc.page.rule_text"))
    path = scorecard.map_path()
    shown_path = path.relative_to(settings.PROJECT_ROOT) if path.is_relative_to(settings.PROJECT_ROOT) else path
    st.markdown(ctx.t("sc.page.map_how", path=shown_path))
    st.markdown(f"**{ctx.t('sc.page.map_heading')}**")
    st.dataframe(charts.map_frame(mapping, lang), hide_index=True, column_config={
        "dimension": ctx.t("sc.col.dimension"), "kind": ctx.t("sc.page.column"), "item": "Item",
        "weight": ctx.t("sc.col.weight")})

tab_labels = [f"{ctx.t(f'qw.dim.{code}')} · {fmt.number(score, 1, lang)}"
              for code, score in zip(summary["dimension"], summary["score"], strict=True)]
tabs = lazy_tabs(scorecard.DIMENSIONS, tab_labels, "sc_tabs", "dimensi")
for code, tab in tabs.items():
    row = summary.set_index("dimension").loc[code]
    for _ in when_open(tab):
        st.subheader(ctx.t(f"sc.long.{code}"), anchor=False)
        tiles = st.columns(4)
        figures = (
            (ctx.t("sc.score"), fmt.number(row["score"], 1, lang), ctx.t("present.out_of_100")),
            (ctx.t("present.programmes_on_schedule"), charts.count_of(row["on_schedule"], row["programmes"], lang),
             ctx.t("present.late_at_risk", late=row["late"], at_risk=row["at_risk"])),
            (ctx.t("present.metrics_on_target"), charts.count_of(row["on_target"], row["metrics_counted"], lang),
             ctx.t("present.latest_month")),
            (ctx.t("sc.page.tiles_apps"), fmt.number(len(row["apps"]), 0, lang),
             ", ".join(row["apps"]) or ctx.t("sc.no_apps")),
        )
        for column, (label, value, note) in zip(tiles, figures, strict=True):
            column.metric(label, value, border=True)
            column.caption(note)

        st.markdown(f"**{ctx.t('present.programmes_title')}**")
        programmes = data.run(scorecard.programmes, ctx.filters, mapping, code)
        if len(programmes):
            st.dataframe(charts.programme_frame(programmes, lang), hide_index=True, width="stretch", column_config={
                "program_name": st.column_config.TextColumn(ctx.t("sc.col.programme")),
                "opd": ctx.t("sc.col.opd"), "status": ctx.t("sc.col.status"),
                "progress_pct": st.column_config.ProgressColumn(ctx.t("sc.col.progress"),
                                                                min_value=0, max_value=100, format="%d%%"),
                "planned_pct": st.column_config.NumberColumn(ctx.t("sc.col.plan"), format="%d%%"),
                "target_date": ctx.t("sc.col.target_date"), "days_overdue": ctx.t("sc.col.days_overdue")},
                key=f"sc_prog_{code}")
        else:
            st.info(ctx.t("sc.no_programmes"))

        st.markdown(f"**{ctx.t('sc.page.metrics_heading')}**")
        metrics = data.run(scorecard.metrics, ctx.filters, mapping, code)
        if not len(metrics):
            st.info(ctx.t("sc.no_metrics"))
            continue
        st.dataframe(charts.metrics_table(metrics, lang), hide_index=True, width="stretch", column_config={
            "app": ctx.t("sc.col.app"), "metric": st.column_config.TextColumn(ctx.t("sc.col.metric"), width="medium"),
            "period": None, "value": ctx.t("sc.col.value"), "target": ctx.t("sc.col.target"),
            "target_pct": ctx.t("sc.col.target_pct"), "trend": ctx.t("sc.col.trend"),
            "status": st.column_config.TextColumn(ctx.t("sc.col.status"), width="medium")},
            key=f"sc_met_{code}")
        st.caption(ctx.t("present.value_month", months=charts.months_text(metrics, lang)))
        figures = charts.trend_figures(metrics, data.run(apps.trend_frame, ctx.filters, apps.metric_keys(metrics)), lang)
        for start in range(0, len(figures), 3):
            for column, (name, figure) in zip(st.columns(3), figures[start:start + 3], strict=False):
                column.plotly_chart(figure, config={"displayModeBar": False}, key=f"sc_trend_{code}_{name}")

st.divider()
st.subheader(ctx.t("sc.page.handout"), anchor=False)
handout_panel.download_panel(ctx, "sc_handout")
