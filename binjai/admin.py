"""What the admin pages show, as plain tables: data freshness, and the audit log (sign-in store + batch history)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from binjai import fmt
from binjai.auth import store
from binjai.clock import WIB
from binjai.i18n import t
from data_sources import get_contract

ACTIONS = ("sign_in", "sign_in_failed", "sign_out", "sessions_revoked", "account_added", "account_imported",
           "account_disabled", "account_enabled", "password_reset", "rights_changed", "load", "undo")
AUDIT_COLUMNS = ("at", "actor", "action", "target", "detail", "client")


def source_title(source: str, lang: str) -> str:
    """A source's title from its contract, with its code."""
    contract = get_contract(source)
    return f"{contract.title_id if lang == 'id' else contract.title_en} ({source})"


def freshness_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The freshness table with translated headers, formatted dates and a status word."""
    def days(value: object) -> str:
        return "–" if pd.isna(value) else fmt.number(int(value), lang=lang)

    return pd.DataFrame({
        t("admin_kesegaran.source", lang): [source_title(s, lang) for s in frame["source"]],
        t("admin_kesegaran.last_loaded", lang): [fmt.datetime(v, lang) if pd.notna(v) else t("admin_kesegaran.never", lang)
                                            for v in frame["last_loaded"]],
        t("admin_kesegaran.loaded_by", lang): frame["loaded_by"].fillna("–").tolist(),
        t("admin_kesegaran.data_until", lang): ["–" if v is None or pd.isna(v) else fmt.date(v, lang)
                                           for v in frame["data_until"]],
        t("admin_kesegaran.cadence", lang): [t("admin_kesegaran.every_days", lang, n=days(v)) for v in frame["cadence_days"]],
        t("admin_kesegaran.days_since", lang): [days(v) for v in frame["days_since"]],
        t("admin_kesegaran.status", lang): [t("admin_kesegaran.overdue" if o else "admin_kesegaran.on_time", lang)
                                        for o in frame["overdue"]],
    })


def sessions_view(sessions: list[tuple[str, str, str, str]], lang: str) -> pd.DataFrame:
    """Live sessions (user, started, expires, client) with translated headers and WIB times."""
    def wib(value: str) -> str:
        return fmt.datetime(dt.datetime.fromisoformat(value).astimezone(WIB).replace(tzinfo=None), lang)

    return pd.DataFrame({
        t("auth.col_name", lang): [row[0] for row in sessions],
        t("admin_akun.col_started", lang): [wib(row[1]) for row in sessions],
        t("admin_akun.col_expires", lang): [wib(row[2]) for row in sessions],
        t("admin_akun.col_client", lang): [row[3] or "–" for row in sessions],
    })


def empty_load_events() -> pd.DataFrame:
    """No uploads or undos (when the warehouse cannot be read)."""
    return pd.DataFrame(columns=["at", "actor", "action", "target", "detail"])


def audit_frame(load_events: pd.DataFrame, accounts: Path | None = None) -> pd.DataFrame:
    """Every audit event, newest first: sign-ins and account changes from the store, loads and undos from the batch
    history (whose naive WIB times are made UTC-aware like the store's)."""
    events = pd.DataFrame(store.audit_events(path=store.store_path(accounts)), columns=list(AUDIT_COLUMNS))
    events["at"] = pd.to_datetime(events["at"], utc=True, format="ISO8601")
    loads = load_events.assign(client="")
    loads["at"] = pd.to_datetime(loads["at"]).dt.tz_localize(WIB).dt.tz_convert("UTC")
    frame = pd.concat([frame for frame in (events, loads[list(AUDIT_COLUMNS)]) if not frame.empty], ignore_index=True)
    if frame.empty:
        return pd.DataFrame(columns=list(AUDIT_COLUMNS))
    return frame.sort_values("at", ascending=False, kind="stable").reset_index(drop=True)


def filter_audit(frame: pd.DataFrame, *, actions: Iterable[str] = (), actor: str = "", start: dt.date | None = None,
                 end: dt.date | None = None) -> pd.DataFrame:
    """Events of the chosen actions (all when none), by `actor` (exact, when given), between two WIB dates."""
    keep = pd.Series(True, index=frame.index)
    chosen = tuple(actions)
    if chosen:
        keep &= frame["action"].isin(chosen)
    if actor:
        keep &= frame["actor"] == actor
    local = pd.to_datetime(frame["at"], utc=True).dt.tz_convert(WIB).dt.date
    if start is not None:
        keep &= local >= start
    if end is not None:
        keep &= local <= end
    return frame.loc[keep].reset_index(drop=True)


def audit_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The audit table with translated headers and actions, times in WIB."""
    at = pd.to_datetime(frame["at"], utc=True).dt.tz_convert(WIB).dt.tz_localize(None)
    return pd.DataFrame({
        t("admin_log.at", lang): [fmt.datetime(v, lang) for v in at],
        t("admin_log.actor", lang): frame["actor"].tolist(),
        t("admin_log.action", lang): [t(f"admin.action.{a}", lang) for a in frame["action"]],
        t("admin_log.target", lang): frame["target"].tolist(),
        t("admin_log.detail", lang): frame["detail"].tolist(),
        t("admin_log.client", lang): frame["client"].tolist(),
    })
