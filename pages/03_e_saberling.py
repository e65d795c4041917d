"""e-Saberling: where the city is dirty, where it was cleaned, and how fast (map first)."""

import datetime as dt

import streamlit as st

from binjai import fmt, geo, maps, reference
from binjai.charts import e_saberling as charts
from binjai.metrics.periods import comparison_caption
from binjai.queries import e_saberling as sab
from binjai.queries.drill import Ask
from binjai.queries.drill_rows import record_counts
from binjai.settings import stale_days
from binjai.ui import data
from binjai.ui.chart import plotly_chart
from binjai.ui.components import (
    export_buttons,
    lazy_expander,
    lazy_tabs,
    map_legend,
    metric_tile,
    no_data,
    when_open,
)
from binjai.ui.drill import ask_panel, drill_panel, group_asks, group_panel
from binjai.ui.maps import boundary_warning, on_map_click, open_clicked_profile, profile_link, zoom_buttons
from binjai.ui.shell import freshness_caption, setup_page

MAP_HEIGHT = 600
HALF_HEIGHT = 480
# The figures of the kecamatan and site tables -> the column counting each one's records (kg: the clean-ups).
GROUP_COUNTS = {"sab_received": "received", "sab_cleaned": "cleaned", "sab_waste_kg": "cleaned"}
BEFORE_AFTER = {"open_at_start": "sab_open_at_start", "cleaned_during": "sab_cleaned",
                "backlog_cleaned": "sab_backlog_cleaned", "open_at_end": "sab_open_at_end"}
ctx = setup_page("e_saberling")
lang = ctx.lang
st.title(ctx.t("e_saberling.title"))
st.caption(f"{ctx.t('e_saberling.subtitle')} · {fmt.period(ctx.filters.start, ctx.filters.end, lang)} · "
           f"{freshness_caption(ctx, 'e_saberling')}")

now = data.run(sab.headline, ctx.filters)
before = data.run(sab.headline, ctx.filters.comparison())
if not (now["received"] or now["cleaned"] or now["open_at_end"]):
    no_data(lang)
    st.stop()

# Map first. Controls: view, shading, month and zoom; `kel` in the URL zooms the map (the overview links to it).
places = reference.kelurahan()["kelurahan"].tolist()
if "sab_kel" not in st.session_state:
    wanted = st.query_params.get("kel", "")
    st.session_state.sab_kel = wanted if wanted in places else ""
months = [m.isoformat() for m in sab.month_options(ctx.filters)]
if st.session_state.get("sab_month") not in ["all", *months]:
    st.session_state.sab_month = "all"

view_col, shade_col, zoom_col = st.columns([1.5, 1, 1])
view_mode = view_col.segmented_control(ctx.t("e_saberling.map.view"), ("reports", "waste", "before_after"), key="sab_view",
                                       default="reports", format_func=lambda v: ctx.t(f"e_saberling.map.view_{v}"))
view_mode = view_mode or "reports"
shade = shade_col.selectbox(ctx.t("e_saberling.map.shade"), charts.SHADES, key="sab_shade", index=2, placeholder=ctx.t("widget.choose"),
                            format_func=lambda v: ctx.t(f"e_saberling.shade.{v}"), disabled=view_mode == "before_after")
zoom = zoom_col.selectbox(ctx.t("e_saberling.map.zoom"), ["", *places], key="sab_kel", placeholder=ctx.t("widget.choose"),
                          format_func=lambda v: v or ctx.t("e_saberling.map.whole_city"))
if zoom and st.query_params.get("kel") != zoom:
    st.query_params["kel"] = zoom
elif not zoom and "kel" in st.query_params:
    del st.query_params["kel"]
month = st.session_state.get("sab_month") or "all" if view_mode != "before_after" else "all"
scope = sab.month_filters(ctx.filters, None if month == "all" else dt.date.fromisoformat(month))
boundary_warning(lang)
if zoom:  # chosen in the box or by a hotspot row: its profile is one click away
    profile_link(zoom, ctx)
steps = zoom_buttons("sab_map", lang)
view = maps.zoomed(maps.zoom_to(zoom, height_px=MAP_HEIGHT), steps)
_, approximate = geo.kelurahan_areas()

if view_mode == "before_after":
    summary = data.run(sab.before_after, ctx.filters)
    open_points, cleaned_points = data.run(sab.before_after_points, ctx.filters)
    half_view = maps.zoomed(maps.zoom_to(zoom, width_px=600, height_px=HALF_HEIGHT), steps)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{ctx.t('e_saberling.before.title', date=fmt.date(ctx.filters.start, lang))}**")
        st.pydeck_chart(data.figure(charts.phase_deck, open_points, "before", half_view, lang), key="sab_map_before",
                        height=HALF_HEIGHT)
    with right:
        st.markdown(f"**{ctx.t('e_saberling.after.title', period=fmt.period(ctx.filters.start, ctx.filters.end, lang))}**")
        st.pydeck_chart(data.figure(charts.phase_deck, cleaned_points, "after", half_view, lang), key="sab_map_after",
                        height=HALF_HEIGHT)
    figures = st.columns(4)
    for column, name in zip(figures, ("open_at_start", "cleaned_during", "backlog_cleaned", "open_at_end"), strict=True):
        column.metric(ctx.t(f"e_saberling.before.{name}"), fmt.number(summary[name], lang=lang), border=True)
    ask_panel(ctx, {name: Ask(BEFORE_AFTER[name], label=ctx.t(f"e_saberling.before.{name}")) for name in BEFORE_AFTER},
              "sab_before")
    legend_groups = [(ctx.t("e_saberling.legend.map"), charts.phase_legend(lang))]
    aggregated = charts.is_aggregated(open_points, cleaned_points)
else:
    values = data.run(sab.kelurahan_values, scope)
    legend_groups = []
    if view_mode == "waste":
        waste = data.run(sab.waste_points, scope)
        deck = data.figure(charts.waste_deck, waste, values, shade, view, lang)
        legend_groups.append((ctx.t("e_saberling.legend.waste"), charts.waste_legend(waste, lang)))
        aggregated = False
    else:
        points = data.run(sab.report_points, scope)
        deck = data.figure(charts.reports_deck, points, values, shade, view, lang)
        legend_groups.append((ctx.t("e_saberling.legend.status"), charts.status_legend(lang)))
        aggregated = charts.is_aggregated(points)
    if shade != "none":
        legend_groups.append((ctx.t(f"e_saberling.shade.{shade}"), charts.shade_legend(values, shade, lang)))
    st.pydeck_chart(deck, key="sab_map", height=MAP_HEIGHT, on_select=on_map_click("sab_map"),
                    selection_mode="single-object")
    open_clicked_profile(ctx)
map_legend(legend_groups)
if view_mode != "before_after" and len(months) > 1:
    st.pills(ctx.t("e_saberling.map.month"), ["all", *months], key="sab_month",
             format_func=lambda m: ctx.t("e_saberling.map.all_months") if m == "all" else fmt.month(m, lang))
notes = [ctx.t("e_saberling.map.approximate") if approximate else ctx.t("e_saberling.map.official"), ctx.t("map.hover_hint")]
if view_mode == "reports":
    notes.append(ctx.t("e_saberling.map.contents"))
if aggregated:
    notes.append(ctx.t("e_saberling.map.aggregated"))
st.caption(" ".join(notes))

# Headline figures with the change against the equal period just before.
st.subheader(ctx.t("e_saberling.tile.title"))
TILES = ("sab_received", "received"), ("sab_cleaned", "cleaned"), ("sab_cleaned_pct", "cleaned_pct"), \
    ("sab_median_days", "median_days_to_clean"), ("sab_waste_kg", "waste_kg")
for column, (metric_id, key) in zip([*st.columns(3), *st.columns(3)], TILES, strict=False):
    with column:
        metric_tile(metric_id, now[key], lang, previous=before[key])
st.caption(ctx.t("e_saberling.tile.compared", compared=comparison_caption(ctx.filters, lang),
                 open=fmt.number(now["open_at_end"] - now["stale_open"], lang=lang),
                 stale=fmt.number(now["stale_open"], lang=lang)))
drill_panel(ctx, [*(metric_id for metric_id, _ in TILES), "sab_open", "sab_stale_open"], "sab")

# Hotspots: most open reports and oldest open report per kelurahan; choosing a row zooms the map there.
st.subheader(ctx.t("e_saberling.hot.title"))
st.caption(ctx.t("e_saberling.hot.caption", date=fmt.date(ctx.filters.end, lang)))
hot = data.run(sab.hotspots, ctx.filters)
HOT_COLUMNS = ["kelurahan", "kecamatan", "open_reports", "oldest_open_days"]


def _zoom_to_selected_hotspot(names: tuple[str, ...] = tuple(hot["kelurahan"])) -> None:
    """Copy the chosen hotspot row into the zoom box (runs before the page reruns)."""
    rows = st.session_state.sab_hot.selection.rows
    if rows and rows[0] < len(names):
        st.session_state.sab_kel = names[rows[0]]


if hot.empty:
    st.success(ctx.t("e_saberling.hot.none"), icon=":material/check_circle:")
else:
    st.dataframe(charts.display_table(hot, HOT_COLUMNS, lang), hide_index=True, key="sab_hot",
                 on_select=_zoom_to_selected_hotspot, selection_mode="single-row")
    export_buttons(charts.export_table(hot, HOT_COLUMNS, lang), ctx.t("e_saberling.hot.file_name"), lang, key="sab_hot_export")
if now["stale_open"]:
    for _ in when_open(lazy_expander(ctx.t("e_saberling.hot.stale_title", n=fmt.number(now["stale_open"], lang=lang)),
                                     "sab_stale")):
        st.caption(ctx.t("metrics.stale_sab", n=fmt.number(now["stale_open"], lang=lang),
                         days=fmt.number(stale_days(), lang=lang)))
        stale = data.run(sab.stale_by_kelurahan, ctx.filters, 100)
        st.dataframe(charts.display_table(stale, HOT_COLUMNS, lang), hide_index=True, width="stretch")

SAB_TABS = ("trend", "kecamatan", "site", "team", "link")
tab = lazy_tabs(SAB_TABS, [ctx.t(f"e_saberling.tab.{name}") for name in SAB_TABS], "sab_tabs", "sab_tab")

for _ in when_open(tab["trend"]):
    monthly = data.run(sab.monthly_counts, ctx.filters)
    plotly_chart(data.figure(charts.monthly_chart, monthly, lang, ctx.filters.end), key="sab_monthly")
    MONTH_COLUMNS = ["month", "received", "cleaned", "waste_kg", "median_days"]
    export_buttons(charts.export_table(monthly, MONTH_COLUMNS, lang), ctx.t("e_saberling.file.monthly"), lang,
                   key="sab_monthly_export")

for _ in when_open(tab["kecamatan"]):
    by_kec = data.run(sab.kecamatan_summary, ctx.filters)
    KEC_COLUMNS = ["kecamatan", "received", "cleaned", "waste_kg", "population", "kg_per_1000", "median_days"]
    plotly_chart(data.figure(charts.kecamatan_chart, by_kec, lang), key="sab_kec_chart")
    st.dataframe(charts.display_table(by_kec, KEC_COLUMNS, lang), hide_index=True, width="stretch")
    st.caption(charts.population_note(by_kec, lang))
    group_panel(ctx, group_asks(ctx, {"kecamatan": record_counts(by_kec, "kecamatan", GROUP_COUNTS)}), "sab_kec")
    export_buttons(charts.export_table(by_kec, [*KEC_COLUMNS, "population_year", "population_source"], lang),
                   ctx.t("e_saberling.file.kecamatan"), lang, key="sab_kec_export")

for _ in when_open(tab["site"]):
    sites = data.run(sab.site_summary, ctx.filters)
    SITE_COLUMNS = ["site_type", "received", "cleaned", "waste_kg", "volunteers", "median_days"]
    plotly_chart(data.figure(charts.site_chart, sites, lang), key="sab_site_chart")
    st.dataframe(charts.display_table(sites, SITE_COLUMNS, lang), hide_index=True, width="stretch")
    group_panel(ctx, group_asks(ctx, {"site_type": record_counts(sites, "site_type", {**GROUP_COUNTS,
                                                                                   "sab_volunteers": "cleaned"})}),
                "sab_site")

for _ in when_open(tab["team"]):
    figures_col, teams_col = st.columns([1, 3])
    figures_col.metric(ctx.t("e_saberling.team.volunteers"), fmt.number(now["volunteers"], lang=lang), border=True,
                       help=ctx.t("e_saberling.team.volunteers_help"))
    figures_col.metric(ctx.t("e_saberling.team.with_volunteers"), fmt.number(now["cleanups_with_volunteers"], lang=lang),
                       border=True, help=ctx.t("e_saberling.team.with_volunteers_help"))
    teams = data.run(sab.team_summary, ctx.filters)
    TEAM_COLUMNS = ["team", "cleaned", "waste_kg", "volunteers", "median_days"]
    with teams_col:
        st.dataframe(charts.display_table(teams, TEAM_COLUMNS, lang), hide_index=True, width="stretch")
        st.caption(ctx.t("e_saberling.team.caption"))
    ask_panel(ctx, {**{name: Ask(f"sab_{name}", label=ctx.t(f"e_saberling.team.{name}"))
                       for name in ("volunteers", "with_volunteers")},
                    **group_asks(ctx, {"team": record_counts(teams, "team", {"sab_cleaned": "cleaned",
                                                                             "sab_waste_kg": "cleaned",
                                                                             "sab_volunteers": "cleaned"})})},
              "sab_team", note=ctx.t("drill.groups_note"))

for _ in when_open(tab["link"]):
    link = data.run(sab.complaint_link, ctx.filters)
    LINK_COLUMNS = ["kelurahan", "kecamatan", "waste_complaints", "drainage_complaints", "complaints", "cleanups",
                    "cleanups_per_complaint"]
    st.caption(ctx.t("e_saberling.link.caption"))
    plotly_chart(data.figure(charts.link_chart, link, lang), key="sab_link_chart")
    st.dataframe(charts.display_table(link, LINK_COLUMNS, lang), hide_index=True, width="stretch")
    export_buttons(charts.export_table(link, LINK_COLUMNS, lang), ctx.t("e_saberling.file.link"), lang, key="sab_link_export")
