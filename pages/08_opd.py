"""Akuntabilitas OPD: OPDs ranked on the catalogue's service metrics, a trend with target and events, drill-through."""

import streamlit as st

from binjai import fmt
from binjai.charts import opd as charts
from binjai.metrics.catalogue import label
from binjai.queries import opd
from binjai.queries.drill import opd_asks
from binjai.ui import data
from binjai.ui.chart import plotly_chart
from binjai.ui.drill import ask_panel
from binjai.ui.shell import setup_page

ctx = setup_page("opd")
lang = ctx.lang
st.title(ctx.t("nav.opd"))
st.caption(ctx.t("opd.intro", period=fmt.period(ctx.filters.start, ctx.filters.end, lang)))
ranking = data.run(opd.ranking, ctx.filters, ctx.today)
if ranking.empty:
    st.info(ctx.t("opd.no_data"), icon=":material/filter_alt_off:")
    st.stop()
if ranking["target"].isna().all():
    st.caption(ctx.t("opd.no_targets"))
headings = {"received": label("emas_received", lang), "resolved_on_time_pct": label("emas_resolved_on_time_pct", lang),
            "median_days": label("emas_median_days", lang), "overdue_open": label("emas_overdue_open", lang),
            "late_programmes": ctx.t("opd.late_programmes"), "target": ctx.t("opd.target_col")}
st.dataframe(charts.ranking_table(ranking, lang), hide_index=True, column_config={
    "rank": ctx.t("opd.rank"), "opd": ctx.t("opd.opd"), "on_target": ctx.t("opd.on_target_col"),
    **{column: st.column_config.TextColumn(heading, alignment="right") for column, heading in headings.items()}})

worst = int(ranking["overdue_open"].to_numpy().argmax())
chosen = st.selectbox(ctx.t("opd.pick"), list(ranking["opd"]), index=worst, key="opd_pick", placeholder=ctx.t("widget.choose"))
row = ranking.set_index("opd").loc[chosen]
st.subheader(ctx.t("opd.trend_title"), anchor=False)
monthly = data.run(opd.monthly, ctx.filters, chosen, ctx.today)
target = None if row["target"] is None or row["target"] != row["target"] else float(row["target"])
plotly_chart(data.figure(charts.on_time_trend, monthly, target, lang, ctx.filters.end), config={"displayModeBar": False},
             key="opd_trend")
st.caption(ctx.t("opd.events_note"))

ask_panel(ctx, opd_asks(chosen, lang), "opd")
