"""Aplikasi: every city application's monthly metrics against target, with 12-month trends (all eight apps)."""

import streamlit as st

from binjai import fmt
from binjai.charts import apps as charts
from binjai.charts.drill import app_tile_ids
from binjai.queries import apps
from binjai.ui import data
from binjai.ui.chart import plotly_chart
from binjai.ui.components import tile
from binjai.ui.drill import drill_panel
from binjai.ui.pages import page
from binjai.ui.shell import freshness_caption, setup_page, shell_params

OWN_PAGES = {"e-Mas": "e_mas", "e-Saberling": "e_saberling"}

ctx = setup_page("aplikasi")
lang = ctx.lang
st.title(ctx.t("nav.aplikasi"))
st.caption(f"{ctx.t('aplikasi.page.intro')} {fmt.period(ctx.filters.start, ctx.filters.end, lang)} · "
           f"{freshness_caption(ctx, 'app_metrics')}")
if ctx.filters.kecamatan:
    st.caption(ctx.t("aplikasi.page.city_wide"))

metrics = data.run(apps.all_metrics, ctx.filters)
series = data.run(apps.trend_frame, ctx.filters, apps.metric_keys(metrics))
st.subheader(ctx.t("aplikasi.page.summary"), anchor=False)
st.dataframe(charts.apps_frame(data.run(apps.apps_summary, ctx.filters), lang), hide_index=True, column_config={
    "app": st.column_config.TextColumn(ctx.t("dimensi.col.app"), width="large"),
    "metrics": ctx.t("aplikasi.page.metrics"), "with_data": ctx.t("aplikasi.page.with_data"),
    "on_target": ctx.t("aplikasi.page.on_target")})


def app_panel(app: str) -> None:
    """One application: what it is, each indicator once as a tile, and its 12-month charts on demand."""
    slug = charts.app_slug(app)
    st.subheader(ctx.t(f"aplikasi.about.{slug}"), anchor=False)
    if app in OWN_PAGES:
        st.caption(ctx.t("aplikasi.page.source_note", app=app))
        spec = page(OWN_PAGES[app])
        if spec.exists:
            st.page_link(spec.path, label=ctx.t("aplikasi.page.open_page", app=app), icon=":material/arrow_forward:",
                         query_params=shell_params(lang, ctx.filters))
    rows = charts.for_app(metrics, app)
    shown = rows[rows["period"].notna()]
    if not len(shown):
        st.info(ctx.t("aplikasi.page.no_data", app=app), icon=":material/hourglass_empty:")
        return
    for column, figure in zip(st.columns(max(len(shown), 2)), charts.metric_tiles(shown, lang), strict=False):
        with column:
            tile(**figure)
    drill_panel(ctx, app_tile_ids(apps.metric_keys(shown)), f"apps_{slug}")
    if st.toggle(ctx.t("aplikasi.page.show_charts"), key=f"apps_charts_{slug}"):
        for name, figure in data.figure(charts.trend_figures, shown, series, lang, height=300):
            plotly_chart(figure, config={"displayModeBar": False}, key=f"apps_trend_{slug}_{name}")


# Two applications per row (one on a phone), each in its own box.
for start in range(0, len(apps.APPS), 2):
    for column, app in zip(st.columns(2, gap="medium"), apps.APPS[start:start + 2], strict=False):
        with column, st.container(border=True):
            app_panel(app)
