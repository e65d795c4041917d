"""The signed-in account in a Streamlit session: sign-out, refresh from the accounts file, sidebar, sign-in gate.

The account logic itself (files, hashes, throttling, rights) is `binjai.auth`, which never imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from binjai import settings
from binjai.auth import SESSION_USER_KEY, AccountError, escape_markdown, get_account
from binjai.i18n import t
from binjai.ui.pages import page


def session_key() -> str:
    """The current browser session's id (for per-session throttling)."""
    context = get_script_run_ctx()
    return context.session_id if context is not None else "no-session"


def sign_out() -> None:
    """Forget the signed-in account of this browser session."""
    st.session_state.pop(SESSION_USER_KEY, None)


def refresh_session_user() -> dict | None:
    """Re-read the signed-in account from the accounts file: rights follow edits, a disabled account is signed out."""
    user = st.session_state.get(SESSION_USER_KEY)
    if not user:
        return None
    try:
        account = get_account(user["name"])
    except AccountError:
        account = None
    if account is None or account.disabled:
        sign_out()
        return None
    fresh = account.session_user()
    if fresh != user:
        st.session_state[SESSION_USER_KEY] = fresh
    return fresh


def sidebar_account(lang: str, user: Mapping | None) -> None:
    """In the sidebar: who is signed in, with a sign-out button."""
    if not user:
        return
    with st.sidebar:
        who = escape_markdown(user.get("display_name") or user.get("name"))
        detail = " · ".join(part for part in (t(f"auth.role_{user.get('role')}", lang), user.get("opd")) if part)
        st.caption(f"{t('auth.signed_in_as', lang, name=who)}  \n{escape_markdown(detail)}")
        st.button(t("auth.sign_out", lang), key="auth_sign_out", icon=":material/logout:", on_click=sign_out)


def require_sign_in(page_id: str, lang: str, user: Mapping | None) -> None:
    """With $BINJAI_REQUIRE_LOGIN set, stop every page but the sign-in page until someone signs in."""
    if user or page_id == "login" or not settings.require_login():
        return
    st.title(t("app.title", lang))
    st.info(t("auth.required", lang), icon=":material/lock:")
    st.page_link(page("login").path, label=t("nav.login", lang), icon=":material/login:",
                 query_params={"lang": lang} if lang != "id" else None)
    st.stop()
