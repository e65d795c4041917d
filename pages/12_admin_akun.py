"""Admin: accounts (add, disable/enable, reset password, role, OPD, sources) and live sessions (revoke)."""

import streamlit as st

from binjai import admin, auth, reference, upload
from binjai.auth import manage, store
from binjai.ui import session
from binjai.ui.shell import setup_page
from data_sources import SOURCE_NAMES

ctx = setup_page("admin_akun")
st.title(ctx.t("nav.admin_akun"))
session.require_admin(ctx.lang, ctx.user)
me = ctx.user["name"]


def attempt(action, *args, **kwargs) -> None:
    """Run one account change; show the translated refusal, or note success for the next run."""
    try:
        action(*args, **kwargs)
    except (auth.AccountError, store.StoreError) as err:
        st.session_state["adm_message"] = ("error", err.message(ctx.lang))
        return
    st.session_state["adm_message"] = ("success", ctx.t("admin.saved"))


try:
    accounts = auth.load_accounts()
except auth.AccountError as err:
    st.error(err.message(ctx.lang))
    st.stop()
kind, message = st.session_state.pop("adm_message", (None, None))
if kind:
    (st.error if kind == "error" else st.success)(message)

st.subheader(ctx.t("admin_akun.list"))
st.dataframe(upload.accounts_view(accounts.values(), ctx.lang), hide_index=True, width="stretch")

opds = [""] + reference.opd()["opd"].tolist()
role_label = {role: ctx.t(f"auth.role_{role}") for role in auth.ROLES}
left, right = st.columns(2, gap="large")
with left, st.form("adm_add", clear_on_submit=True):
    st.markdown(f"**{ctx.t('admin_akun.add')}**")
    name = st.text_input(ctx.t("admin_akun.name"), key="adm_add_name", max_chars=32)
    display = st.text_input(ctx.t("admin_akun.display_name"), key="adm_add_display", max_chars=80)
    role = st.selectbox(ctx.t("admin_akun.role"), auth.ROLES, index=1, format_func=role_label.get, key="adm_add_role")
    opd = st.selectbox(ctx.t("admin_akun.opd"), opds, key="adm_add_opd",
                       format_func=lambda o: o or ctx.t("admin.none_chosen"))
    sources = st.multiselect(ctx.t("admin_akun.sources"), SOURCE_NAMES, key="adm_add_sources",
                             placeholder=ctx.t("admin.none_chosen"), format_func=lambda s: upload.source_label(s, ctx.lang))
    first = st.text_input(ctx.t("admin_akun.password"), type="password", key="adm_add_pw",
                          max_chars=auth.MAX_PASSWORD_CHARS)
    again = st.text_input(ctx.t("admin_akun.password_again"), type="password", key="adm_add_pw2",
                          max_chars=auth.MAX_PASSWORD_CHARS)
    if st.form_submit_button(ctx.t("admin_akun.submit_add"), type="primary", key="adm_add_submit"):
        if first != again:
            st.session_state["adm_message"] = ("error", ctx.t("admin_akun.mismatch"))
        else:
            attempt(manage.add, name, role=role, opd=opd, sources=sources, display_name=display, password=first,
                    actor=me)
        st.rerun()

with right:
    st.markdown(f"**{ctx.t('admin_akun.edit')}**")
    names = sorted(accounts)
    chosen = st.selectbox(ctx.t("admin_akun.pick"), names, key="adm_pick") if names else None
if chosen:
    account = accounts[chosen]
    with right.form("adm_rights"):
        role = st.selectbox(ctx.t("admin_akun.role"), auth.ROLES, index=auth.ROLES.index(account.role),
                            format_func=role_label.get, key=f"adm_role_{chosen}")
        opd = st.selectbox(ctx.t("admin_akun.opd"), opds, key=f"adm_opd_{chosen}",
                           format_func=lambda o: o or ctx.t("admin.none_chosen"),
                           index=opds.index(account.opd) if account.opd in opds else 0)
        sources = st.multiselect(ctx.t("admin_akun.sources"), SOURCE_NAMES, default=list(account.sources),
                                 placeholder=ctx.t("admin.none_chosen"), format_func=lambda s: upload.source_label(s, ctx.lang), key=f"adm_src_{chosen}")
        if st.form_submit_button(ctx.t("admin_akun.submit_rights"), key="adm_rights_submit"):
            if chosen == me and role != "admin":
                st.session_state["adm_message"] = ("error", ctx.t("admin_akun.self_lock"))
            else:
                attempt(manage.set_rights, chosen, role, opd, sources, me)
            st.rerun()
    with right.form("adm_reset", clear_on_submit=True):
        first = st.text_input(ctx.t("admin_akun.password"), type="password", key="adm_reset_pw",
                              max_chars=auth.MAX_PASSWORD_CHARS)
        again = st.text_input(ctx.t("admin_akun.password_again"), type="password", key="adm_reset_pw2",
                              max_chars=auth.MAX_PASSWORD_CHARS)
        if st.form_submit_button(ctx.t("admin_akun.reset"), key="adm_reset_submit"):
            if first != again:
                st.session_state["adm_message"] = ("error", ctx.t("admin_akun.mismatch"))
            else:
                attempt(manage.reset_password, chosen, first, me)
            st.rerun()
    label = ctx.t("admin_akun.enable" if account.disabled else "admin_akun.disable")
    if right.button(label, key="adm_toggle", disabled=chosen == me):
        attempt(manage.set_disabled, chosen, not account.disabled, me)
        st.rerun()

st.subheader(ctx.t("admin_akun.sessions"))
try:
    live = admin.sessions_view(store.live_sessions(), ctx.lang)
except store.StoreError as err:
    st.error(err.message(ctx.lang))
    st.stop()
if live.empty:
    st.caption(ctx.t("admin_akun.no_sessions"))
else:
    st.dataframe(live, hide_index=True, width="stretch")
if chosen and st.button(ctx.t("admin_akun.revoke"), key="adm_revoke"):
    count = store.revoke_user(chosen, me)
    store.record(me, "sessions_revoked", chosen, str(count), client=session.client_id())
    st.session_state["adm_message"] = ("success", ctx.t("admin_akun.revoked", n=count))
    st.rerun()
