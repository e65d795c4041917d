"""Home page: Ringkasan Eksekutif — headline tiles with change and trend, and what needs attention."""

import streamlit as st

from binjai import alerts, fmt
from binjai.charts import overview as tiles
from binjai.charts.drill import app_tile_ids
from binjai.metrics.periods import comparison_caption, trend_help
from binjai.queries import overview
from binjai.settings import stale_days
from binjai.text import escape_markdown
from binjai.ui import attention, components, data
from binjai.ui.drill import drill_panel
from binjai.ui.pages import page
from binjai.ui.shell import setup_page, shell_params

MAX_ALERTS = 5
ATTENTION_FIGURES = ("qw_late", "qw_at_risk", "emas_overdue_open", "emas_stale_open", "sab_open", "sab_stale_open",
                     "sab_received", "sab_cleaned")
ctx = setup_page("overview")
lang = ctx.lang
compared = comparison_caption(ctx.filters, lang)
st.title(ctx.t("nav.overview"))
st.caption(ctx.t("overview.caption", period=fmt.period(ctx.filters.start, ctx.filters.end, lang), compared=compared))
if ctx.filters.kecamatan:
    st.caption(ctx.t("overview.kecamatan_note"))

freshness = ctx.freshness.set_index("source")
links = shell_params(lang, ctx.filters)
period_text = f"{fmt.month(ctx.filters.start, lang)} – {fmt.month(ctx.filters.end, lang)}"


def until(source: str) -> str:
    """The newest data date of a source."""
    return fmt.date(freshness.loc[source, "data_until"], lang)


def draw(tile: overview.Headline, label: str, caption: str, help_text: str) -> None:
    """One application tile: value, signed change (arrow and colour by whether it is better), sparkline, caption."""
    delta = tiles.change(tile.value, tile.previous)
    components.tile(label, tiles.format_value(tile.value, tile.unit, lang), change=delta, good=tile.good,
                    change_text=tiles.format_delta(delta, tile.unit, lang, ctx.t("overview.points")), caption=caption,
                    help=help_text, trend=tile.trend, months=tile.trend_months, lang=lang)


def caption_for(tile: overview.Headline) -> str:
    """Which period a tile covers and how fresh its source is."""
    if tile.source == "quick_wins":
        return ctx.t("overview.as_of", date=fmt.date(ctx.filters.end, lang), until=until("quick_wins"))
    if tile.source == "app_metrics":
        if tile.period is None:
            return ctx.t("overview.no_data_yet")
        name = escape_markdown(tile.key.removeprefix("app:"))
        month = fmt.month(tile.period, lang)
        if tile.target is None or tile.on_target is None:
            return ctx.t("overview.app_caption_no_target", name=name, month=month)
        return ctx.t("overview.app_on_target" if tile.on_target else "overview.app_below_target", name=name, month=month,
                     target=tiles.format_value(tile.target, tile.unit, lang))
    return ctx.t("overview.period_until", period=period_text, until=until(tile.source))


def link(page_id: str, label: str, icon: str, params: dict[str, str]) -> None:
    """A link to another page with its filters set (plain text when that page is not installed)."""
    target = page(page_id)
    if target.exists:
        st.page_link(target.path, label=label, icon=icon, query_params=links | params, help=label)
    else:
        st.markdown(label)


headlines = data.run(overview.headlines, ctx.filters)
core = [tile for tile in headlines if tile.source != "app_metrics"]
apps = [tile for tile in headlines if tile.source == "app_metrics"]
needs = data.run(overview.attention, ctx.filters, today=ctx.today)
tiles_area, attention_area = st.columns([2, 1], gap="medium")
with tiles_area:
    for start in range(0, len(core), 2):
        for column, tile in zip(st.columns(2), core[start:start + 2], strict=False):
            with column:
                components.metric_tile(tile.key, tile.value, lang, previous=tile.previous, caption=caption_for(tile),
                                       help_extra=trend_help(ctx.filters, compared, lang), trend=tile.trend,
                                       months=tile.trend_months)

    drill_panel(ctx, list(dict.fromkeys([*(tile.key for tile in core), *ATTENTION_FIGURES])), "home")

with attention_area, st.container(border=True):
    st.subheader(ctx.t("overview.attention.title"), anchor=False)
    st.markdown(f"**{ctx.t('overview.attention.programmes')}**")
    st.caption(ctx.t("overview.attention.programmes_count", late=fmt.number(needs["late"], lang=lang),
                     at_risk=fmt.number(needs["at_risk"], lang=lang)))
    for row in needs["late_programmes"].itertuples():
        link("quick_win", ctx.t("overview.attention.programme_item", name=escape_markdown(row.program_name),
                                 days=fmt.number(row.days_overdue, lang=lang)),
             ":material/schedule:", {"status": "terlambat", "program": row.program_id})
    link("quick_win", ctx.t("overview.attention.programmes_all"), ":material/arrow_forward:",
         {"status": "terlambat,perlu_perhatian"})
    st.markdown(f"**{ctx.t('overview.attention.complaints')}**")
    st.caption(ctx.t("overview.attention.complaints_count", n=fmt.number(needs["overdue_complaints"], lang=lang)))
    for row in needs["overdue_by_opd"].itertuples():
        link("e_mas", ctx.t("overview.attention.complaint_item", opd=escape_markdown(row.opd),
                            n=fmt.number(row.complaints, lang=lang)),
             ":material/campaign:", {"emas_view": "overdue", "opd": row.opd})
    link("e_mas", ctx.t("overview.attention.complaints_all"), ":material/arrow_forward:", {"emas_view": "overdue"})
    st.markdown(f"**{ctx.t('overview.attention.cleanup')}**")
    st.caption(ctx.t("overview.attention.cleanup_count", n=fmt.number(needs["open_reports"], lang=lang)))
    for row in needs["hotspots"].itertuples():
        link("e_saberling", ctx.t("overview.attention.cleanup_item", kelurahan=escape_markdown(row.kelurahan),
                                  n=fmt.number(row.open_reports, lang=lang)),
             ":material/location_on:", {"kel": row.kelurahan})
    if needs["stale_complaints"] or needs["stale_reports"]:
        st.caption(ctx.t("overview.attention.stale", days=fmt.number(stale_days(), lang=lang),
                         complaints=fmt.number(needs["stale_complaints"], lang=lang),
                         reports=fmt.number(needs["stale_reports"], lang=lang)))
    st.markdown(f"**{ctx.t('alerts.title')}**")
    open_alerts = data.run(alerts.history, open_only=True)
    if open_alerts.empty:
        st.caption(ctx.t("alerts.none"))
    for row in open_alerts.head(MAX_ALERTS).itertuples():
        st.markdown(f":material/notifications_active: {escape_markdown(alerts.describe(row, lang))}")
        st.caption(ctx.t("alerts.since", batch=row.opened_batch, date=fmt.datetime(row.opened_at, lang)))
    attention.overdue_uploads(lang, ctx.today)

st.subheader(ctx.t("overview.apps"))
for start in range(0, len(apps), 3):
    for column, tile in zip(st.columns(3), apps[start:start + 3], strict=False):
        with column:
            draw(tile, tile.name_id if lang == "id" else tile.name_en, caption_for(tile), ctx.t("overview.help.app"))
drill_panel(ctx, app_tile_ids((tile.key.removeprefix("app:"), tile.metric) for tile in apps), "home_apps")
