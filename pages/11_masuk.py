"""Masuk Petugas: staff sign in (name and password) and sign out; the session lasts across reloads and tabs."""

import streamlit as st

from binjai import auth, fmt, settings, upload
from binjai.ui import session
from binjai.ui.components import data_text
from binjai.ui.pages import page
from binjai.ui.shell import setup_page, shell_params

ctx = setup_page("masuk")
st.title(ctx.t("nav.masuk"))
links = shell_params(ctx.lang, ctx.filters)

user = ctx.user
if user:
    session.send_handoff()
    st.success(ctx.t("auth.welcome_plain"), icon=":material/verified_user:")
    data_text(" · ".join(part for part in (user["display_name"], ctx.t(f"auth.role_{user['role']}"), user["opd"])
                         if part))
    if user["role"] in auth.WRITER_ROLES:
        sources = ctx.t("auth.all_sources") if user["role"] == "admin" else \
            ", ".join(upload.source_label(source, ctx.lang) for source in user["sources"])
        data_text(ctx.t("auth.rights", sources=sources))
        st.page_link(page("unggah").path, label=ctx.t("auth.go_upload"), icon=":material/upload_file:",
                     query_params=links)
    else:
        st.info(ctx.t("auth.viewer_note"))
        st.page_link(page("overview").path, label=ctx.t("auth.go_home"), icon=":material/dashboard:",
                     query_params=links)
    st.button(ctx.t("auth.sign_out"), key="login_sign_out", icon=":material/logout:", on_click=session.sign_out)
    st.stop()

st.caption(ctx.t("auth.intro_required" if settings.require_login() else "auth.intro"))
try:
    has_accounts = bool(auth.load_accounts())
except auth.AccountError as err:
    st.error(ctx.t(err.key, **err.params))
    st.stop()
if not has_accounts:
    st.info(ctx.t("auth.no_accounts"), icon=":material/person_add:")

left, _ = st.columns([2, 3])
with left.form("login_form", clear_on_submit=True):
    name = st.text_input(ctx.t("auth.name"), key="login_name", max_chars=64, autocomplete="username")
    password = st.text_input(ctx.t("auth.password"), key="login_password", type="password",
                             max_chars=auth.MAX_PASSWORD_CHARS, autocomplete="current-password")
    submitted = st.form_submit_button(ctx.t("auth.submit"), type="primary", key="login_submit",
                                      icon=":material/login:")

if submitted:
    if not name.strip() or not password:
        left.warning(ctx.t("auth.empty_fields"))
    else:
        try:
            outcome = auth.sign_in(name, password, session.client_id())
        except auth.store.StoreError as err:
            left.error(err.message(ctx.lang), icon=":material/error:")
            st.stop()
        if outcome.user:
            session.start(outcome)
            st.rerun()
        wait = fmt.number(outcome.wait_seconds, lang=ctx.lang)
        key = "auth.failed_wait" if outcome.reason == "auth.failed" and outcome.wait_seconds else outcome.reason
        left.error(ctx.t(key, seconds=wait), icon=":material/error:")
