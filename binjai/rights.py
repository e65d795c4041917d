"""Who may write what: per-role and per-account source rights, without Streamlit or the accounts file.

Kept apart from binjai.auth (sessions, sign-in, Streamlit helpers) so that the ETL's one load path can check
rights without importing the web side.
"""

from __future__ import annotations

from collections.abc import Mapping

from data_sources import SOURCE_NAMES


def writable_sources(user: Mapping | None) -> tuple[str, ...]:
    """The sources this user may upload: admin all, staff those on the account, viewer none."""
    if not user:
        return ()
    if user.get("role") == "admin":
        return SOURCE_NAMES
    if user.get("role") == "staff":
        granted = set(user.get("sources") or ())
        return tuple(source for source in SOURCE_NAMES if source in granted)
    return ()


def may_write(user: Mapping | None, source: str) -> bool:
    """True when `user` may upload into `source`."""
    return source in writable_sources(user)


def is_admin(user: Mapping | None) -> bool:
    """True for an administrator's account."""
    return bool(user) and user.get("role") == "admin"
