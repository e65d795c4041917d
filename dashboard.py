"""Home page: Ringkasan Eksekutif."""

import streamlit as st

from binjai import fmt
from binjai.queries import overview
from binjai.ui import data
from binjai.ui.shell import freshness_caption, setup_page

ctx = setup_page("overview")
st.title(ctx.t("nav.overview"))
st.caption(f"{ctx.t('app.subtitle')} · {fmt.period(ctx.filters.start, ctx.filters.end, ctx.lang)}")

figures = data.run(overview.source_headlines, ctx.filters)
st.subheader(ctx.t("home.headline"))
tiles = st.columns(4)
with tiles[0]:
    st.metric(ctx.t("home.programmes"), fmt.number(figures["programmes"], lang=ctx.lang),
              ctx.t("home.programmes_done", done=fmt.number(figures["programmes_completed"], lang=ctx.lang)),
              delta_color="off", delta_arrow="off", border=True)
    st.caption(freshness_caption(ctx, "quick_wins"))
with tiles[1]:
    st.metric(ctx.t("home.complaints"), fmt.number(figures["complaints"], lang=ctx.lang), border=True)
    st.caption(freshness_caption(ctx, "e_mas"))
with tiles[2]:
    st.metric(ctx.t("home.reports"), fmt.number(figures["reports"], lang=ctx.lang), border=True)
    st.caption(freshness_caption(ctx, "e_saberling"))
with tiles[3]:
    st.metric(ctx.t("home.metrics"), fmt.number(figures["metric_series"], lang=ctx.lang),
              ctx.t("home.metrics_detail", apps=fmt.number(figures["apps"], lang=ctx.lang)), delta_color="off", delta_arrow="off",
              border=True)
    st.caption(freshness_caption(ctx, "app_metrics"))
