"""Streamlit glue of sign-in: who is signed in (tab state or the session cookie), sign-in, sign-out, sidebar box.

The browser tab that signs in keeps its session token in `st.session_state`; it also redeems a one-time code at
the app's route (binjai.web) for an HttpOnly, SameSite=Strict cookie, so a reload or a new tab finds the same
server-side session through `st.context.cookies`. Every run checks the session and the account again: a
sign-out, a revocation by an admin, an expiry or a disabled account signs the user out everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import streamlit as st

from binjai import auth, settings, web
from binjai.auth import store
from binjai.i18n import t
from binjai.ui.components import data_text

TOKEN_KEY = "auth_token"
USER_KEY = "auth_user"
GONE_KEY = "auth_account_gone"


def client_id() -> str:
    """The client for throttling: its IP address, or this browser tab when it connects from the server itself."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ip = st.context.ip_address
    if isinstance(ip, str) and ip:
        return ip
    context = get_script_run_ctx()
    return f"tab:{context.session_id}" if context is not None else "tab:none"


def _live() -> tuple[str | None, store.Session | None]:
    """The token and session of this tab, else of the browser's cookie (None, None when neither is live or the
    sign-in store cannot be read: nobody is signed in then)."""
    for token in (st.session_state.get(TOKEN_KEY), st.context.cookies.get(web.COOKIE_NAME)):
        try:
            session = store.lookup(token) if token else None
        except store.StoreError:
            return None, None
        if session is not None:
            return token, session
    return None, None


def current_user() -> dict | None:
    """The signed-in account ({name, display_name, role, opd, sources}) for this run, or None."""
    token, session = _live()
    try:
        account = auth.get_account(session.user_name) if session else None
    except auth.AccountError:
        return None  # the accounts file cannot be read right now: nobody is signed in, sessions stay
    if account is None or account.disabled:
        if session is not None:
            store.revoke(token, "system")
            st.session_state[GONE_KEY] = True
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state.pop(USER_KEY, None)
        return None
    user = account.session_user()
    st.session_state[USER_KEY] = user
    return user


def account_gone() -> bool:
    """True when this tab's session ended because its account was disabled or removed."""
    return bool(st.session_state.get(GONE_KEY))


def start(outcome: auth.SignIn) -> None:
    """Keep a successful sign-in's token in this tab and hand the browser a cookie for reloads and new tabs."""
    st.session_state[TOKEN_KEY] = outcome.token
    st.session_state.pop(GONE_KEY, None)
    st.session_state["auth_handoff"] = store.issue_handoff(outcome.token)


def send_handoff() -> None:
    """Once after sign-in: the browser posts the one-time code to the app's route and receives the cookie."""
    code = st.session_state.pop("auth_handoff", None)
    if not code:
        return
    st.html(f"<script>fetch({json.dumps(web.HANDOFF_PATH)}, {{method: 'POST', credentials: 'same-origin', "
            f"headers: {{'Content-Type': 'text/plain'}}, body: {json.dumps(code)}}});</script>",
            unsafe_allow_javascript=True, width="content")


def sign_out() -> None:
    """End the signed-in session everywhere (this tab, other tabs, the cookie)."""
    user = st.session_state.get(USER_KEY) or {}
    token, _ = _live()
    if token:
        store.revoke(token, user.get("name", "-"))
        store.record(user.get("name", "-"), "sign_out", user.get("name", ""), client=client_id())
    st.session_state.pop(TOKEN_KEY, None)
    st.session_state.pop(USER_KEY, None)


def sidebar_account(lang: str, user: Mapping | None) -> None:
    """In the sidebar: who is signed in, with a sign-out button."""
    if not user:
        return
    with st.sidebar:
        st.caption(t("auth.signed_in_as", lang))
        data_text(" · ".join(part for part in (user.get("display_name") or user.get("name"),
                                               t(f"auth.role_{user.get('role')}", lang), user.get("opd")) if part))
        st.button(t("auth.sign_out", lang), key="auth_sign_out", icon=":material/logout:", on_click=sign_out)


def require_admin(lang: str, user: Mapping | None) -> None:
    """Stop the page unless an administrator is signed in."""
    if user and user.get("role") == "admin":
        return
    st.info(t("admin.only", lang), icon=":material/lock:")
    st.stop()


def require_sign_in(page_id: str, lang: str, user: Mapping | None) -> None:
    """With $BINJAI_REQUIRE_LOGIN set, stop every page but the sign-in page until someone signs in."""
    from binjai.ui.pages import page

    if user or page_id == "masuk" or not settings.require_login():
        return
    st.title(t("app.title", lang))
    st.info(t("auth.required", lang), icon=":material/lock:")
    st.page_link(page("masuk").path, label=t("nav.masuk", lang), icon=":material/login:",
                 query_params={"lang": lang} if lang != "id" else None)
    st.stop()
