"""Page setup shared by every page: config, language, filters in the URL, menu, sample badge, empty/broken DB."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from binjai import clock, db, fmt, reference, rights, settings
from binjai.errors import UserFacingError
from binjai.filters import PRESETS, Filters, from_params, month_choices, month_span, preset_range, to_params
from binjai.i18n import normalise_language, t
from binjai.queries import common
from binjai.ui import data, session
from binjai.ui.components import warm_chart_code
from binjai.ui.pages import PAGES, PageSpec, page
from etl import loading, recovery

_SHELL_PARAMS = ("lang", "periode", "dari", "sampai", "kec")
_CSS = Path(__file__).with_name("style.css")
_FAVICON = Path(__file__).with_name("favicon.png")  # served locally; a :material: icon would be fetched online
_NO_CHROME_CSS = (
    '[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"], '
    '[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; } '
    ".block-container { padding-top: 1rem; }"
)


@dataclass
class PageContext:
    """What a page needs from the shell: language, shared filters, the signed-in user and data freshness."""

    lang: str
    filters: Filters
    today: dt.date
    user: dict | None = None
    has_sample: bool = False
    freshness: object = field(default=None, repr=False)

    def t(self, key: str, **params: object) -> str:
        """Translate `key` into the page's language."""
        return t(key, self.lang, **params)


def current_user() -> dict | None:
    """The signed-in account ({name, role, opd, sources}) or None: checked against its session on every run."""
    return session.current_user()


def _init_state(today: dt.date) -> None:
    if "bj_lang" not in st.session_state:
        params = st.query_params.to_dict()
        st.session_state.bj_lang = normalise_language(params.get("lang"))
        st.session_state.bj_filters = from_params(params, today)


def _on_language() -> None:
    st.session_state.bj_lang = st.session_state._bj_lang_w


def _on_filters() -> None:
    state = st.session_state
    preset = state._bj_preset_w
    start, end = preset_range(preset, clock.today())
    if preset == "custom":
        first = state.get("_bj_from_w") or state.bj_filters.start
        last = state.get("_bj_to_w") or state.bj_filters.end
        start, end = month_span(first, last, clock.today())
    state.bj_filters = Filters(start, end, tuple(state._bj_kec_w), preset)


def _sidebar(lang: str, filters: Filters, today: dt.date) -> None:
    state = st.session_state
    with st.sidebar:
        state._bj_lang_w = lang
        st.radio(t("shell.language", lang), ("id", "en"), key="_bj_lang_w", horizontal=True,
                 format_func=lambda code: "Bahasa Indonesia" if code == "id" else "English", on_change=_on_language)
        state._bj_preset_w = filters.preset
        st.selectbox(t("shell.period", lang), PRESETS, key="_bj_preset_w", on_change=_on_filters,
                     placeholder=t("widget.choose", lang),
                     format_func=lambda p: t(f"shell.preset_{p}", lang))
        if filters.preset == "custom":
            # Month boxes instead of st.date_input, whose calendar is English only (January, S M T W T F S).
            months = month_choices(today)
            state._bj_from_w, state._bj_to_w = filters.start.replace(day=1), filters.end.replace(day=1)
            left, right = st.columns(2)
            for column, key, label in ((left, "_bj_from_w", "shell.from_month"), (right, "_bj_to_w", "shell.to_month")):
                column.selectbox(t(label, lang), months, key=key, on_change=_on_filters,
                                 placeholder=t("widget.choose", lang),
                                 format_func=lambda m: fmt.month(m, lang))
        state._bj_kec_w = list(filters.kecamatan)
        st.multiselect(t("shell.kecamatan", lang), reference.kecamatan_names(), key="_bj_kec_w",
                       placeholder=t("shell.all_city", lang), on_change=_on_filters, select_all=False)
        st.caption(fmt.period(filters.start, filters.end, lang))


def shell_params(lang: str, filters: Filters) -> dict[str, str]:
    """The shared part of the URL query string."""
    params = to_params(filters)
    if lang != "id":
        params["lang"] = lang
    return params


def sync_query_params(wanted: dict[str, str], managed: Iterable[str]) -> None:
    """Make the URL hold exactly `wanted` for the `managed` parameter names, leaving other parameters alone."""
    for key in managed:
        if key in wanted and st.query_params.get(key) != wanted[key]:
            st.query_params[key] = wanted[key]
        elif key not in wanted and key in st.query_params:
            del st.query_params[key]


def _sync_url(lang: str, filters: Filters) -> None:
    sync_query_params(shell_params(lang, filters), _SHELL_PARAMS)


def _menu(lang: str, filters: Filters, user: dict | None) -> None:
    params = shell_params(lang, filters)
    staff = bool(user) and user.get("role") in ("staff", "admin")
    admin = bool(user) and user.get("role") == "admin"
    with st.sidebar:
        st.markdown(f"### {t('app.title', lang)}")
        for spec in PAGES:
            if spec.exists and (staff or not spec.staff_only) and (admin or not spec.admin_only):
                st.page_link(spec.path, label=t(spec.label_key, lang), icon=spec.icon, query_params=params)
        st.divider()


def _admin() -> dict | None:
    """The signed-in account when it is an administrator (read afresh from the accounts file), else None."""
    user = session.current_user()
    return user if rights.is_admin(user) else None


def _recovery_action(lang: str, action: Callable[[Path | str, dict | None], None]) -> None:
    """Run an admin recovery action from etl.loading on the warehouse; a refusal is shown in the user's language."""
    try:
        with st.spinner(t("shell.working", lang)):
            action(settings.warehouse_address(), _admin())
    except UserFacingError as err:
        st.error(err.message(lang))
        return
    st.rerun()


def _recovery_buttons(lang: str, fresh_key: str, fresh: Callable[[Path | str, dict | None], None]) -> None:
    """Admin recovery choices: restore the last good version (when there is one), or start again with `fresh`."""
    path = settings.warehouse_address()
    if isinstance(path, Path) and not os.access(path.parent, os.W_OK):
        st.warning(t("shell.read_only", lang))
        return
    left, right = st.columns(2)
    if recovery.previous_ok(path) and left.button(t("shell.restore_previous", lang), type="primary"):
        _recovery_action(lang, loading.restore)
    if right.button(t(fresh_key, lang)):
        _recovery_action(lang, fresh)
    st.caption(t("shell.recovery_cli", lang))


def _broken_database(lang: str, err: db.WarehouseUnavailable) -> None:
    st.title(t("app.title", lang))
    if _admin() is None:
        st.info(t("shell.unavailable", lang), icon=":material/cloud_off:")
        st.stop()
    st.error(t("shell.db_broken", lang, path=str(settings.warehouse_address())))
    with st.expander(t("shell.technical_detail", lang)):
        st.text(err.message(lang))
    _recovery_buttons(lang, "shell.reseed", loading.start_fresh)
    st.stop()


def _empty_database(lang: str, missing: bool) -> None:
    st.title(t("app.title", lang))
    if _admin() is None:
        st.info(t("shell.unavailable" if missing else "shell.no_data_yet", lang), icon=":material/cloud_off:")
        st.stop()
    st.info(t("shell.empty", lang))
    _recovery_buttons(lang, "shell.load_sample", loading.load_sample)
    st.markdown(t("shell.empty_how_to", lang))
    st.stop()


def _redirect_to_presenter(page_id: str) -> None:
    """`?present=1` on any page opens presenter mode with the same shared parameters."""
    presenter = page("presentasi")
    if page_id != "presentasi" and st.query_params.get("present") == "1" and presenter.exists:
        st.switch_page(presenter.path, query_params=st.query_params.to_dict())


@functools.cache
def _style_tag() -> str:
    """The project's stylesheet as a <style> tag, read once per process."""
    return f"<style>{_CSS.read_text(encoding='utf-8')}</style>"


def setup_page(page_id: str, *, chrome: bool = True) -> PageContext:
    """Draw the shared page frame and return the page's context; stops the page when there is no data.

    With chrome=False (presenter mode) there is no sidebar, menu or Streamlit toolbar; the shared filters still
    come from the URL and session.
    """
    spec: PageSpec = page(page_id)
    st.set_page_config(page_title=f"{t(spec.label_key, 'id')} · Binjai Smart City", page_icon=str(_FAVICON),
                       layout="wide", initial_sidebar_state="auto" if chrome else "collapsed")
    st.markdown(_style_tag(), unsafe_allow_html=True)
    if chrome:  # the slide show has no menu to switch pages with, and keeps the presenter's input smooth
        warm_chart_code(spec.charts)
    _redirect_to_presenter(page_id)
    today = clock.today()
    _init_state(today)
    lang, filters, user = st.session_state.bj_lang, st.session_state.bj_filters, current_user()
    if chrome:
        _menu(lang, filters, user)
        session.sidebar_account(lang, user)
        _sidebar(lang, filters, today)
    else:
        st.markdown(f"<style>{_NO_CHROME_CSS}</style>", unsafe_allow_html=True)
    _sync_url(lang, filters)
    session.require_sign_in(page_id, lang, user)
    context = PageContext(lang, filters, today, user)
    if not spec.needs_data:
        return context
    try:
        missing = data.warehouse().version() is None
        if missing or data.run(common.is_empty):
            _empty_database(lang, missing)
        context.freshness = data.run(common.freshness)
    except db.WarehouseUnavailable as err:
        _broken_database(lang, err)
    context.has_sample = bool(context.freshness["has_sample"].any())
    if context.has_sample and chrome:
        sample_badge(lang)
    return context


def sample_badge(lang: str) -> None:
    """The visible 'Data contoh' mark shown whenever sample batches are present."""
    st.warning(t("shell.sample_badge", lang), icon=":material/science:")
    st.sidebar.caption(t("shell.sample_short", lang))


def freshness_caption(context: PageContext, source: str) -> str:
    """`Data s.d. 21 Jul 2018 · dimuat 22 Nov 2026 09:15` for one source."""
    row = context.freshness.set_index("source").loc[source]
    return t("shell.freshness", context.lang, until=fmt.date(row["data_until"], context.lang),
             loaded=fmt.datetime(row["last_loaded"], context.lang))
