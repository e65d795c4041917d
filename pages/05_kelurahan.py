"""Profil Kelurahan: complaints, clean-ups and their monthly trend for one kelurahan (`?kel=CODE` in the URL)."""

import streamlit as st

from binjai import fmt, reference
from binjai.charts import kelurahan as charts
from binjai.queries import kelurahan as q
from binjai.queries.drill import KELURAHAN_FIGURES, kelurahan_asks
from binjai.queries.drill_rows import CITY_FIGURES, city_asks
from binjai.text import escape_markdown
from binjai.ui import data
from binjai.ui.chart import plotly_chart
from binjai.ui.drill import ask_panel, row_panel
from binjai.ui.pages import page
from binjai.ui.shell import setup_page, shell_params

ctx = setup_page("kelurahan")
lang = ctx.lang
places = reference.kelurahan()
codes = places["kelurahan_code"].tolist()
names = dict(zip(places["kelurahan_code"], places["kelurahan"], strict=True))
labels = {code: f"{name} · {kec}" for code, name, kec in places[["kelurahan_code", "kelurahan", "kecamatan"]].itertuples(
    index=False)}

if "kel_code" not in st.session_state:
    wanted = st.query_params.get("kel", "")
    st.session_state.kel_code = wanted if wanted in names else None
    if wanted and wanted not in names:
        st.session_state.kel_unknown = wanted


def _choose_row(order: tuple[str, ...] = tuple(codes)) -> None:
    """Copy the clicked table row into the kelurahan box (runs before the page reruns)."""
    rows = st.session_state.kel_city.selection.rows
    if rows and rows[0] < len(order):
        st.session_state.kel_code = order[rows[0]]


st.title(ctx.t("kelurahan.title"))
if st.session_state.get("kel_unknown"):
    st.warning(ctx.t("kelurahan.unknown_code", code=escape_markdown(st.session_state.kel_unknown[:40])),
               icon=":material/warning:")
code = st.selectbox(ctx.t("kelurahan.choose"), codes, key="kel_code", placeholder=ctx.t("kelurahan.choose"),
                    format_func=labels.get)
if code:
    st.session_state.kel_unknown = None
    st.query_params["kel"] = code
elif "kel" in st.query_params and not st.session_state.get("kel_unknown"):
    del st.query_params["kel"]

if code:
    place = reference.kelurahan_by_code(code)
    name = place["kelurahan"]
    st.header(ctx.t("kelurahan.title_one", name=name), anchor=False)
    st.caption(ctx.t("kelurahan.subtitle", kecamatan=place["kecamatan"], area=fmt.number(place["area_km2"], 2, lang),
                     period=fmt.period(ctx.filters.start, ctx.filters.end, lang)))
    complaints = data.run(q.complaints, ctx.filters, name)
    cleanups = data.run(q.cleanups, ctx.filters, name)
    st.subheader(ctx.t("kelurahan.complaints_title"), anchor=False)
    for column, key in zip(st.columns(3), ("received", "resolved", "open_now"), strict=True):
        column.metric(ctx.t(f"kelurahan.tile.{key}"), fmt.number(complaints[key], 0, lang), border=True)
    st.subheader(ctx.t("kelurahan.cleanups_title"), anchor=False)
    figures = (("reports", fmt.number(cleanups["received"], 0, lang)), ("cleaned", fmt.number(cleanups["cleaned"], 0, lang)),
               ("waste", f"{fmt.number(cleanups['waste_kg'], 0, lang)} kg"),
               ("open_reports", fmt.number(cleanups["open_at_end"], 0, lang)))
    for column, (key, value) in zip(st.columns(4), figures, strict=True):
        column.metric(ctx.t(f"kelurahan.tile.{key}"), value, border=True)
    ask_panel(ctx, kelurahan_asks(ctx.filters, name, {key: ctx.t(f"kelurahan.tile.{key}") for key in KELURAHAN_FIGURES}),
              "kel")
    if not (complaints["received"] or complaints["open_now"] or cleanups["received"] or cleanups["cleaned"]):
        st.info(ctx.t("kelurahan.no_data"), icon=":material/filter_alt_off:")
    else:
        st.subheader(ctx.t("kelurahan.trend_title"), anchor=False)
        plotly_chart(data.figure(charts.trend_chart, data.run(q.monthly, ctx.filters, name), lang),
                        key="kel_trend")
        categories = data.run(q.complaint_categories, ctx.filters, name)
        if len(categories):
            st.subheader(ctx.t("kelurahan.categories_title"), anchor=False)
            plotly_chart(data.figure(charts.categories_chart, categories, lang), key="kel_categories",
                            config={"displayModeBar": False})
    st.subheader(ctx.t("kelurahan.programmes_title"), anchor=False)
    st.caption(ctx.t("kelurahan.programmes_note"))
    links = st.columns(2)
    params = shell_params(lang, ctx.filters)
    links[0].page_link(page("e_saberling").path, label=ctx.t("kelurahan.open_saberling"), icon=":material/map:",
                       query_params={**params, "kel": name})
    links[1].page_link(page("e_mas").path, label=ctx.t("kelurahan.open_emas"), icon=":material/campaign:",
                       query_params=params)
else:
    st.caption(ctx.t("kelurahan.choose_hint"))

st.subheader(ctx.t("kelurahan.city_title"), anchor=False)
st.caption(ctx.t("kelurahan.city_caption"))
city = data.run(q.city_table, ctx.filters, places)
picked = st.dataframe(charts.city_frame(city, lang), hide_index=True, key="kel_city",
                      on_select=_choose_row, selection_mode="single-row")
city_labels = {column: ctx.t(f"kelurahan.col.{column}") for column in CITY_FIGURES}
row_panel(ctx, list(city["kelurahan"]), picked.selection.rows, "kel_city",
          lambda name: city_asks(ctx.filters, name, city_labels))
