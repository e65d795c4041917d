"""The sign-in store: server-side sessions and the audit log, in SQLite beside the accounts file, or in the
shared PostgreSQL store (binjai.auth.shared) when $BINJAI_WAREHOUSE is a DuckLake address and no file is named.

A session is a random 256-bit token; only its SHA-256 is stored, with its account, expiry and revocation. The
browser holds the token in an HttpOnly, SameSite=Strict cookie, which it receives by redeeming a one-time
hand-off code (60 s, stored hashed) through the app's own route: no token ever travels in a URL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from binjai import settings
from binjai.auth import shared
from binjai.auth.errors import StoreError  # noqa: F401 - re-exported: callers catch store.StoreError
from binjai.auth.shared import Shared

HANDOFF_SECONDS = 60
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS sessions (token_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL, "
    "created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT, revoked_by TEXT, client TEXT, "
    "handoff_hash TEXT, handoff_expires TEXT, sid TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, "
    "action TEXT NOT NULL, target TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '', "
    "client TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX IF NOT EXISTS audit_at ON audit (at)",
)
AUDIT_COLUMNS = ("at", "actor", "action", "target", "detail", "client")
Place = Path | Shared


@dataclass(frozen=True)
class Session:
    """A live session: whose, when it started and when it ends."""

    user_name: str
    created_at: dt.datetime
    expires_at: dt.datetime


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def store_path(accounts: Path | None = None) -> Place:
    """Where sessions and the audit log live: the shared store when it is configured and no accounts file is named,
    else auth.sqlite3 beside the accounts file (`accounts`, else $BINJAI_ACCOUNTS or config/accounts.toml)."""
    if (place := shared.place_for(accounts)) is not None:
        return place
    return Path(accounts or settings.accounts_path()).with_name("auth.sqlite3")


@contextmanager
def connect(path: Place | None = None) -> Iterator[sqlite3.Connection | shared.Connection]:
    """A transaction on the store (SQLite created with mode 600 when missing); commits on success; StoreError if
    unusable."""
    place = store_path() if path is None else path
    if isinstance(place, Shared):
        with shared.connect(place) as con:
            yield con
        return
    path = Path(place)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        con = sqlite3.connect(path, timeout=10)
    except (OSError, sqlite3.Error) as err:
        raise StoreError("auth.store_unavailable") from err
    try:
        for statement in _SCHEMA:
            con.execute(statement)
        yield con
        con.commit()
    except sqlite3.Error as err:
        raise StoreError("auth.store_unavailable") from err
    finally:
        con.close()


def session_hours() -> float:
    """How long a session lasts ($BINJAI_SESSION_HOURS, default 12)."""
    return float(os.environ.get("BINJAI_SESSION_HOURS", "12"))


def create_session(user_name: str, client: str = "", *, hours: float | None = None,
                   path: Place | None = None) -> str:
    """Start a session for `user_name`; returns its token (kept only by the caller and the browser's cookie)."""
    token, now = secrets.token_urlsafe(32), _now()
    expires = now + dt.timedelta(hours=session_hours() if hours is None else hours)
    with connect(path) as con:
        con.execute("INSERT INTO sessions (token_hash, user_name, created_at, expires_at, client, sid) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [_hash(token), user_name, now.isoformat(), expires.isoformat(), client, _hash(token)])
    return token


def lookup(token: object, path: Place | None = None) -> Session | None:
    """The live session of `token`: None when unknown, revoked or expired (or not a token at all)."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    with connect(path) as con:
        row = con.execute("SELECT user_name, created_at, expires_at FROM sessions WHERE token_hash = ? "
                          "AND revoked_at IS NULL AND expires_at > ?", [_hash(token), _now().isoformat()]).fetchone()
    if row is None:
        return None
    return Session(row[0], dt.datetime.fromisoformat(row[1]), dt.datetime.fromisoformat(row[2]))


def seconds_left(session: Session) -> int:
    """Seconds until `session` expires (for the cookie's Max-Age)."""
    return max(0, int((session.expires_at - _now()).total_seconds()))


def issue_handoff(token: str, path: Place | None = None) -> str:
    """A one-time code, valid for a minute, that the browser exchanges for the session's cookie."""
    code = secrets.token_urlsafe(32)
    expires = _now() + dt.timedelta(seconds=HANDOFF_SECONDS)
    with connect(path) as con:
        con.execute("UPDATE sessions SET handoff_hash = ?, handoff_expires = ? WHERE token_hash = ?",
                    [_hash(code), expires.isoformat(), _hash(token)])
    return code


def redeem_handoff(code: str, path: Place | None = None) -> tuple[str, Session] | None:
    """Exchange a hand-off code once for the cookie's own token of the same session (None when unknown or used).

    Both tokens share one session id, so signing out in either place ends both."""
    if not code or len(code) > 200:
        return None
    fresh = secrets.token_urlsafe(32)
    with connect(path) as con:
        row = con.execute("SELECT token_hash FROM sessions WHERE handoff_hash = ? AND handoff_expires > ? "
                          "AND revoked_at IS NULL AND expires_at > ?",
                          [_hash(code), _now().isoformat(), _now().isoformat()]).fetchone()
        if row is None:
            return None
        con.execute("INSERT INTO sessions (token_hash, user_name, created_at, expires_at, client, sid) "
                    "SELECT ?, user_name, created_at, expires_at, client, sid FROM sessions WHERE token_hash = ?",
                    [_hash(fresh), row[0]])
        con.execute("UPDATE sessions SET handoff_hash = NULL, handoff_expires = NULL WHERE token_hash = ?", [row[0]])
    session = lookup(fresh, path)
    return (fresh, session) if session else None


def revoke(token: str | None, by: str, path: Place | None = None) -> None:
    """End the session of `token` (sign-out)."""
    if token:
        with connect(path) as con:
            con.execute("UPDATE sessions SET revoked_at = ?, revoked_by = ? WHERE revoked_at IS NULL AND sid = "
                        "(SELECT sid FROM sessions WHERE token_hash = ?)", [_now().isoformat(), by, _hash(token)])


def revoke_user(user_name: str, by: str, path: Place | None = None) -> int:
    """End every live session of `user_name` (an admin's action, or after a password reset); returns how many."""
    with connect(path) as con:
        cursor = con.execute("UPDATE sessions SET revoked_at = ?, revoked_by = ? WHERE user_name = ? "
                             "AND revoked_at IS NULL", [_now().isoformat(), by, user_name])
        return cursor.rowcount


def live_sessions(path: Place | None = None) -> list[tuple[str, str, str, str]]:
    """(user, started, expires, client) of every live session, newest first."""
    with connect(path) as con:
        return con.execute("SELECT user_name, MIN(created_at), MIN(expires_at), MIN(client) FROM sessions "
                           "WHERE revoked_at IS NULL AND expires_at > ? GROUP BY sid, user_name ORDER BY 2 DESC", [_now().isoformat()]).fetchall()


def record(actor: str, action: str, target: str = "", detail: str = "", client: str = "",
           path: Place | None = None) -> None:
    """Append one event to the audit log."""
    with connect(path) as con:
        con.execute("INSERT INTO audit (at, actor, action, target, detail, client) VALUES (?, ?, ?, ?, ?, ?)",
                    [_now().isoformat(), actor[:64], action, target[:64], detail[:500], client[:64]])


def audit_events(since: dt.datetime | None = None, path: Place | None = None) -> list[tuple]:
    """Audit events (at, actor, action, target, detail, client), newest first, optionally since a time."""
    start = (since or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)).isoformat()
    with connect(path) as con:
        return con.execute(f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit WHERE at >= ? ORDER BY id DESC",
                           [start]).fetchall()
