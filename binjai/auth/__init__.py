"""Accounts, sign-in and sessions: plain logic, no Streamlit (the UI glue is binjai.ui.session)."""

from binjai.auth import store
from binjai.auth.accounts import (
    MAX_PASSWORD_CHARS,
    MIN_PASSWORD_CHARS,
    ROLES,
    WRITER_ROLES,
    Account,
    AccountError,
    accounts_toml,
    check_name,
    get_account,
    hash_password,
    load_accounts,
    may_write,
    normalise_name,
    update_accounts,
    writable_sources,
)
from binjai.auth.signin import SERVER_CAP, THROTTLE, SignIn, sign_in
from binjai.auth.throttle import RateCap, Throttle

__all__ = ["MAX_PASSWORD_CHARS", "MIN_PASSWORD_CHARS", "ROLES", "SERVER_CAP", "THROTTLE", "WRITER_ROLES", "Account",
           "AccountError", "RateCap", "SignIn", "Throttle", "accounts_toml", "check_name", "get_account",
           "hash_password", "load_accounts", "may_write", "normalise_name", "sign_in", "store", "update_accounts",
           "writable_sources"]
