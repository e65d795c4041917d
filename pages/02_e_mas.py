"""Aduan e-Mas: volumes, service levels in working days, backlog, satisfaction and where complaints come from."""

import streamlit as st

from binjai import fmt, geo, maps
from binjai.charts import e_mas as charts
from binjai.queries import e_mas as q
from binjai.queries.drill import Ask
from binjai.queries.drill_rows import emas_kelurahan_asks, record_counts
from binjai.settings import stale_days
from binjai.ui import data
from binjai.ui.chart import plotly_chart
from binjai.ui.components import (
    data_text,
    export_buttons,
    lazy_expander,
    lazy_tabs,
    map_legend,
    metric_tile,
    no_data,
    tile,
    when_open,
)
from binjai.ui.drill import ask_panel, drill_panel, group_asks, group_panel, row_panel
from binjai.ui.maps import boundary_warning, on_map_click, open_clicked_profile, zoom_buttons
from binjai.ui.shell import freshness_caption, setup_page, sync_query_params

ctx = setup_page("e_mas")
lang, t = ctx.lang, ctx.t


def n(value: object, decimals: int = 0) -> str:
    """A number in the page's language."""
    return fmt.number(value, decimals, lang)


def table(frame, labels: dict[str, str], key: str, left: tuple[str, ...] = (), **options):
    """A display table: labelled columns, text columns left and number columns right-aligned."""
    config = {column: st.column_config.TextColumn(label, alignment="left" if column in left else "right")
              for column, label in labels.items()}
    return st.dataframe(frame, hide_index=True, key=key, column_config=config, column_order=list(labels), **options)


def page_selection() -> q.Selection:
    """The page filters: taken from the URL on arrival (or when the URL changes), written back after the widgets."""
    names = tuple(q.URL_PARAMS)
    from_url = q.selection_from_params(st.query_params.to_dict())
    if st.session_state.get("emas_url") != q.selection_to_params(from_url) or any(
            f"emas_f_{name}" not in st.session_state for name in names):
        for name in names:
            st.session_state[f"emas_f_{name}"] = list(getattr(from_url, name))
    choices = q.selection_choices()
    for column, name in zip(st.columns(4), names, strict=True):
        column.multiselect(t(f"e_mas.filter.{name}"), choices[name], key=f"emas_f_{name}",
                           placeholder=t("e_mas.filter.all"),
                           format_func=lambda value, name=name: charts.LABELLERS[name](value, lang), select_all=False)
    chosen = q.Selection(**{name: tuple(st.session_state[f"emas_f_{name}"]) for name in names})
    wanted = q.selection_to_params(chosen)
    sync_query_params(wanted, q.URL_PARAMS.values())
    st.session_state.emas_url = wanted
    return chosen


st.title(t("nav.e_mas"))
st.caption(f"{fmt.period(ctx.filters.start, ctx.filters.end, lang)} · {freshness_caption(ctx, 'e_mas')}")
selection = page_selection()
head = data.run(q.headline, ctx.filters, selection, today=ctx.today)
if head["received"] == 0 and head["open_now"] == 0:
    no_data(lang)
    st.stop()

tiles = [*st.columns(3), *st.columns(3)]
with tiles[0]:
    change = head["received_change_pct"]
    metric_tile("emas_received", head["received"], lang, caption=t("e_mas.tile.last_year", n=n(head["received_last_year"])),
                relative_change=change)
with tiles[1]:
    metric_tile("emas_resolved_pct", head["resolved_pct"], lang,
                caption=t("e_mas.tile.resolved_of", resolved=n(head["resolved"]), received=n(head["received"])))
with tiles[2]:
    metric_tile("emas_median_days", head["median_days_to_resolve"], lang, caption=t("e_mas.tile.median_note"))
with tiles[3]:
    metric_tile("emas_resolved_on_time_pct", head["resolved_on_time_pct"], lang,
                caption=t("e_mas.tile.on_time_note", pct=fmt.percent(head["responded_on_time_pct"], 1, lang)))
with tiles[4]:
    metric_tile("emas_overdue_open", head["overdue_open"], lang, caption=t("e_mas.tile.open_now", n=n(head["open_now"])))
with tiles[5]:
    metric_tile("emas_stale_open", head["stale_open"], lang, caption=t("e_mas.tile.stale_note", days=n(stale_days())))
drill_panel(ctx, ("emas_received", "emas_resolved_pct", "emas_median_days", "emas_resolved_on_time_pct",
                  "emas_overdue_open", "emas_stale_open", "emas_resolved", "emas_open_now"), "emas",
            emas_selection=selection)

with st.expander(t("e_mas.glossary.title"), icon=":material/help:"):
    st.markdown("\n".join(f"- **{charts.status_label(s, lang)}** — {t(f'e_mas.glossary.{s}')}" for s in q.STATUSES))

TABS = ("volume", "service", "backlog", "satisfaction", "map")
tab_labels = {name: t(f"e_mas.tab.{name}") for name in TABS}
default = "backlog" if st.query_params.get("emas_view") == "overdue" else None
tab = lazy_tabs(TABS, list(tab_labels.values()), "emas_tabs", "emas_tab", default)

for _ in when_open(tab["volume"]):
    st.subheader(t(f"e_mas.volume.trend_{q.grain_for(ctx.filters)}"))
    plotly_chart(data.figure(charts.trend, data.run(q.volume_trend, ctx.filters, selection), lang, ctx.filters.end),
                 key="emas_trend")
    left, right = st.columns(2)
    for column, dimension, colour in ((left, "category", charts.BLUE), (right, "channel", charts.SKY)):
        with column:
            st.subheader(t(f"e_mas.volume.by_{dimension}"))
            plotly_chart(data.figure(charts.hbar, data.run(q.breakdown, ctx.filters, dimension, selection), dimension,
                                     "received", lang, colour=colour), key=f"emas_by_{dimension}")
    left, right = st.columns(2)
    with left:
        st.subheader(t("e_mas.volume.by_opd"))
        plotly_chart(data.figure(charts.hbar, data.run(q.breakdown, ctx.filters, "opd", selection), "opd", "received", lang),
                     key="emas_by_opd")
    with right:
        kecamatan = data.run(q.by_kecamatan, ctx.filters, selection)
        note = q.population_note()
        st.subheader(t("e_mas.volume.by_kecamatan"))
        plotly_chart(data.figure(charts.kecamatan_bars, kecamatan, lang), key="emas_by_kecamatan")
        st.caption(t("e_mas.volume.population_note", source=note["source"],
                     year=note["year"] or t("e_mas.volume.year_unknown")))
        table(charts.place_table(kecamatan, lang, "per_10k"),
              {"place": t("e_mas.col.kecamatan"), "received": t("e_mas.col.received"),
               "base": t("e_mas.col.population"), "rate": t("e_mas.col.per_10k")}, "emas_kec_table", left=("place",))
    received = {"emas_received": "received"}
    counts = {name: record_counts(data.run(q.breakdown, ctx.filters, name, selection), "key", received)
              for name in ("category", "channel", "opd")}
    group_panel(ctx, group_asks(ctx, {**counts, "kecamatan": record_counts(kecamatan, "kecamatan", received)},
                                emas_selection=selection), "emas_groups")
    st.subheader(t("e_mas.volume.by_kelurahan"))
    st.caption(t("e_mas.volume.kelurahan_note"))
    places = data.run(q.by_kelurahan, ctx.filters, selection)
    picked = table(charts.place_table(places, lang, "per_km2"),
                   {"place": t("e_mas.col.kelurahan"), "kecamatan": t("e_mas.col.kecamatan"),
                    "received": t("e_mas.col.received"), "base": t("e_mas.col.area_km2"), "rate": t("e_mas.col.per_km2")},
                   "emas_kel_table", left=("place", "kecamatan"), height=320, on_select="rerun",
                   selection_mode="single-row")
    row_panel(ctx, list(places["kelurahan"]), picked.selection.rows, "emas_kel",
              lambda name: emas_kelurahan_asks(name, selection, f"{t('e_mas.col.received')} · {name}"))

for _ in when_open(tab["service"]):
    st.info(t("e_mas.service.rule", response=q.DEFAULT_RESPONSE_DAYS, resolution=q.DEFAULT_RESOLUTION_DAYS,
              total=q.DEFAULT_RESPONSE_DAYS + q.DEFAULT_RESOLUTION_DAYS), icon=":material/gavel:")
    for _ in when_open(lazy_expander(t("e_mas.service.rules_title"), "emas_rules")):
        table(charts.rules_table(q.deadline_rules(), lang),
              {"category": t("e_mas.col.category"), "response_days": t("e_mas.col.response_days"),
               "resolution_days": t("e_mas.col.resolution_days"), "total_days": t("e_mas.col.total_days")},
              "emas_rules_table", left=("category",))
    by = st.segmented_control(t("e_mas.service.by"), ("opd", "category"), default="opd", key="emas_service_by",
                              format_func=lambda value: t(f"e_mas.filter.{value}")) or "opd"
    levels = data.run(q.service_levels, ctx.filters, by, selection, today=ctx.today)
    plotly_chart(data.figure(charts.on_time_bars, levels, by, lang), key="emas_on_time")
    st.caption(t("e_mas.service.table_note"))
    table(charts.service_table(levels, by, lang),
          {"key": t(f"e_mas.filter.{by}"), "received": t("e_mas.col.received"), "resolved": t("e_mas.col.resolved"),
           "response_on_time_pct": t("e_mas.col.response_on_time"),
           "median_response_days": t("e_mas.col.median_response"),
           "resolved_on_time_pct": t("e_mas.col.resolved_on_time"),
           "median_resolution_days": t("e_mas.col.median_resolution")}, "emas_service_table", left=("key",))

for _ in when_open(tab["backlog"]):
    st.caption(t("e_mas.backlog.scope", end=fmt.date(ctx.filters.end, lang), today=fmt.date(ctx.today, lang)))
    left, right = st.columns(2)
    with left:
        st.subheader(t("e_mas.backlog.by_status"))
        plotly_chart(data.figure(charts.backlog_bars, data.run(q.backlog, ctx.filters, "status", selection, today=ctx.today),
                                 "status", lang), key="emas_backlog_status")
        st.markdown("\n".join(f"- **{charts.status_label(s, lang)}** — {t(f'e_mas.glossary.{s}')}"
                              for s in q.OPEN_STATUSES))
    with right:
        st.subheader(t("e_mas.backlog.by_opd"))
        plotly_chart(data.figure(charts.backlog_bars, data.run(q.backlog, ctx.filters, "opd", selection, today=ctx.today),
                                 "opd", lang), key="emas_backlog_opd")
    overdue = data.run(q.overdue_complaints, ctx.filters, None, selection, today=ctx.today)
    st.subheader(t("e_mas.backlog.overdue_title", n=n(len(overdue))))
    if overdue.empty:
        st.success(t("e_mas.backlog.none_overdue"), icon=":material/check_circle:")
    else:
        st.caption(t("e_mas.backlog.overdue_hint"))
        picked = table(charts.overdue_table(overdue, lang), {c: t(f"e_mas.col.{c}") for c in charts.OVERDUE_COLUMNS},
                       "emas_overdue_table", left=charts.OVERDUE_TEXT_COLUMNS, height=300, on_select="rerun",
                       selection_mode="single-row")
        export_buttons(charts.overdue_export(overdue, lang), t("e_mas.backlog.file_name"), lang, "emas_overdue")
        rows = picked.selection.rows if picked is not None else []
        detail = data.run(q.complaint, overdue.at[rows[0] if rows else 0, "complaint_id"], today=ctx.today)
        with st.container(border=True, key="emas_detail"):
            st.markdown(f"**{t('e_mas.detail.title')}**")
            data_text(detail["complaint_id"])
            data_text(t("e_mas.detail.facts", received=fmt.datetime(detail["received_at"], lang),
                         channel=charts.channel_label(detail["channel"], lang),
                         category=charts.category_label(detail["category"], lang), kelurahan=detail["kelurahan"],
                         opd=detail["opd"], status=charts.status_label(detail["status"], lang), age=n(detail["age_wd"])))
            data_text(detail["description"] if isinstance(detail["description"], str) else t("e_mas.detail.no_text"))
    stale = data.run(q.stale_complaints, ctx.filters, None, selection, today=ctx.today)
    st.subheader(t("e_mas.backlog.stale_title", n=n(len(stale))))
    st.caption(t("metrics.stale_emas", n=n(len(stale)), days=n(stale_days())))
    if len(stale):
        table(charts.overdue_table(stale, lang), {c: t(f"e_mas.col.{c}") for c in charts.OVERDUE_COLUMNS},
              "emas_stale_table", left=charts.OVERDUE_TEXT_COLUMNS, height=240)
        export_buttons(charts.overdue_export(stale, lang), t("e_mas.backlog.stale_file_name"), lang, "emas_stale")

for _ in when_open(tab["satisfaction"]):
    left, right = st.columns([2, 3])
    with left:
        tile(t("e_mas.satisfaction.average"), f"{n(head['avg_rating'], 2)} / 5",
             caption=t("e_mas.satisfaction.rated", pct=fmt.percent(head["rated_pct"], 1, lang)))
        plotly_chart(data.figure(charts.rating_bars, data.run(q.rating_distribution, ctx.filters, selection), lang),
                     key="emas_ratings")
        ask_panel(ctx, {"rating": Ask("emas_avg_rating", emas_selection=selection,
                                      label=t("e_mas.satisfaction.average"))}, "emas_rating")
    with right:
        st.subheader(t("e_mas.satisfaction.by_opd"))
        table(charts.satisfaction_table(data.run(q.satisfaction_by_opd, ctx.filters, selection), lang),
              {"key": t("e_mas.filter.opd"), "avg_rating": t("e_mas.col.avg_rating"), "rated_pct": t("e_mas.col.rated_pct"),
               "resolved": t("e_mas.col.resolved"), "rated": t("e_mas.col.rated")},
              "emas_satisfaction_table", left=("key",), height=460)

for _ in when_open(tab["map"]):
    layer = st.segmented_control(t("e_mas.map.layer"), ("area", "hexagon"), default="area", key="emas_map_layer",
                                 format_func=lambda value: t(f"e_mas.map.layer_{value}")) or "area"
    places = data.run(q.by_kelurahan, ctx.filters, selection)
    points = data.run(q.map_points, ctx.filters, selection)
    boundary_warning(lang)
    view = maps.zoomed(maps.zoom_to(None, height_px=540), zoom_buttons("emas_map", lang))
    st.pydeck_chart(data.figure(charts.complaints_map, places, points, layer, lang, view), height=540, key="emas_map",
                    on_select=on_map_click("emas_map"), selection_mode="single-object")
    open_clicked_profile(ctx)
    map_legend([(t(f"e_mas.map.legend_{layer}"), charts.map_legend(places, points, layer, lang))])
    notes = [t(f"e_mas.map.note_{layer}", located=n(head["located"]), total=n(head["received"])), t("map.hover_hint")]
    if geo.kelurahan_areas()[1]:
        notes.append(t("e_mas.map.approximate"))
    st.caption(" ".join(notes))
