"""Staff accounts: the accounts file, Argon2id password hashes, sign-in throttling and per-source write rights.

The accounts file (TOML, outside git; see config/accounts.example.toml) holds one `[users.NAME]` table per
account. Only `python -m etl user ...` writes it: atomically, under a lock, readable by its owner only.

Failed sign-ins are counted in memory, per process, by account name and by browser session. The dashboard is
one Streamlit process whose sessions all share this module, so one table sees every attempt; the web process
never has to write to the config folder (which may be read-only) or lock a shared file; a restart clears the
counters, but restarting needs access to the server, which someone guessing passwords does not have.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import re
import threading
import time
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from binjai import settings
from binjai.errors import UserFacingError
from binjai.i18n import t
from binjai.rights import may_write, writable_sources  # noqa: F401 - re-exported: auth.may_write is public
from data_sources import SOURCE_NAMES

ROLES = ("viewer", "staff", "admin")
WRITER_ROLES = ("staff", "admin")
SESSION_USER_KEY = "auth_user"
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
_HASHER = PasswordHasher()  # Argon2id, salted, with the library's RFC 9106 default cost
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


class AccountError(UserFacingError):
    """A refused account operation."""


@dataclass(frozen=True)
class Account:
    """One account as stored in the accounts file."""

    name: str
    display_name: str
    role: str
    opd: str
    sources: tuple[str, ...]
    password_hash: str
    disabled: bool = False

    def session_user(self) -> dict:
        """The account as kept in the browser session: no hash, rights resolved."""
        user = {"name": self.name, "display_name": self.display_name or self.name, "role": self.role,
                "opd": self.opd, "sources": list(self.sources)}
        user["sources"] = list(writable_sources(user))
        return user


def normalise_name(name: object) -> str:
    """The stored form of an account name: trimmed, lower case."""
    return str(name or "").strip().lower()


def check_name(name: str) -> str:
    """A valid account name (2-32 of a-z 0-9 . _ -), or AccountError."""
    clean = normalise_name(name)
    if not _NAME.match(clean):
        raise AccountError("auth.cli.bad_name", name=name)
    return clean


def hash_password(password: str) -> str:
    """A salted Argon2id hash of a new password (AccountError when it is too short or too long)."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError("auth.cli.password_short", chars=MIN_PASSWORD_CHARS)
    if len(password) > MAX_PASSWORD_CHARS:
        raise AccountError("auth.cli.password_long", chars=MAX_PASSWORD_CHARS)
    return _HASHER.hash(password)


_DUMMY_HASH: list[str] = []


def _verify(password_hash: str, password: str) -> bool:
    """True when `password` matches; the same work is done for unknown accounts and placeholder hashes."""
    if not password_hash.startswith("$argon2"):
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(_HASHER.hash("not-a-real-password"))
        password_hash, password = _DUMMY_HASH[0], password + "\0"
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _account_from_table(name: str, table: Mapping) -> Account:
    role = str(table.get("role", "staff"))
    if role not in ROLES:
        raise AccountError("auth.accounts_unreadable", detail=f"{name}: role {role!r}")
    sources = tuple(str(s) for s in table.get("sources", ()) if str(s) in SOURCE_NAMES)
    return Account(name=name, display_name=str(table.get("display_name", "")), role=role,
                   opd=str(table.get("opd", "")), sources=sources,
                   password_hash=str(table.get("password_hash", "")), disabled=bool(table.get("disabled", False)))


def load_accounts(path: Path | None = None) -> dict[str, Account]:
    """Every account in the accounts file, by name; empty when the file does not exist."""
    path = Path(path or settings.accounts_path())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise AccountError("auth.accounts_unreadable", detail=str(err).splitlines()[0]) from err
    users = data.get("users", {})
    return {normalise_name(name): _account_from_table(normalise_name(name), table) for name, table in users.items()
            if isinstance(table, Mapping)}


def get_account(name: str, path: Path | None = None) -> Account | None:
    """The account called `name`, or None."""
    return load_accounts(path).get(normalise_name(name))


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def accounts_toml(accounts: Iterable[Account]) -> str:
    """The accounts file's text for these accounts."""
    lines = ["# Binjai Smart City staff accounts. Managed with `python -m etl user ...`; keep this file out of git.",
             "# Roles: viewer, staff (uploads only the listed sources), admin (all sources, undo, user list).", ""]
    for account in sorted(accounts, key=lambda a: a.name):
        lines += [
            f"[users.{_toml_string(account.name)}]",
            f"display_name = {_toml_string(account.display_name)}",
            f"role = {_toml_string(account.role)}",
            f"opd = {_toml_string(account.opd)}",
            f"sources = [{', '.join(_toml_string(s) for s in account.sources)}]",
            f"disabled = {'true' if account.disabled else 'false'}",
            f"password_hash = {_toml_string(account.password_hash)}",
            "",
        ]
    return "\n".join(lines)


def update_accounts(change: Callable[[dict[str, Account]], None], path: Path | None = None) -> None:
    """Read, change and atomically rewrite the accounts file under an exclusive lock (mode 600)."""
    path = Path(path or settings.accounts_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            accounts = load_accounts(path)
            change(accounts)
            work = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            descriptor = os.open(work, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(accounts_toml(accounts.values()))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(work, path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class Throttle:
    """Counts recent failed sign-ins per key and says how long the next attempt must wait (doubling delays)."""

    def __init__(self, *, free_attempts: int = 3, first_delay: float = 5.0, max_delay: float = 300.0,
                 forget_after: float = 3600.0, max_keys: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.free_attempts, self.first_delay, self.max_delay = free_attempts, first_delay, max_delay
        self.forget_after, self.max_keys, self.clock = forget_after, max_keys, clock
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def delay_after(self, failures: int) -> float:
        """Seconds to wait after `failures` consecutive failures: none for the first few, then 5, 10, 20 ... 300."""
        if failures < self.free_attempts:
            return 0.0
        return min(self.max_delay, self.first_delay * 2 ** (failures - self.free_attempts))

    def wait_seconds(self, key: str) -> float:
        """How long `key` must still wait before its next attempt (0 when it may try now)."""
        now = self.clock()
        with self._lock:
            count, last = self._failures.get(key, (0, now))
            if count and now - last > self.forget_after:
                del self._failures[key]
                return 0.0
            return max(0.0, last + self.delay_after(count) - now)

    def failure(self, key: str) -> None:
        """Record one failed attempt for `key`."""
        now = self.clock()
        with self._lock:
            count, _ = self._failures.get(key, (0, now))
            self._failures[key] = (count + 1, now)
            if len(self._failures) > self.max_keys:
                self._forget_old(now)

    def success(self, key: str) -> None:
        """Forget the failures of `key` after a successful sign-in."""
        with self._lock:
            self._failures.pop(key, None)

    def _forget_old(self, now: float) -> None:
        for key, (_, last) in list(self._failures.items()):
            if now - last > self.forget_after:
                del self._failures[key]
        while len(self._failures) > self.max_keys:
            self._failures.pop(next(iter(self._failures)))


THROTTLE = Throttle()


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: the session user, or the reason (a translation key) and a wait."""

    user: dict | None
    reason: str | None = None
    wait_seconds: int = 0


def sign_in(name: str, password: str, session_key: str, *, path: Path | None = None,
            throttle: Throttle | None = None) -> SignIn:
    """Check a name and password, slowing down repeated failures per account and per session."""
    throttle = throttle or THROTTLE
    clean = normalise_name(name)
    keys = (f"account:{clean}", f"session:{session_key}")
    wait = max(throttle.wait_seconds(key) for key in keys)
    if wait > 0:
        return SignIn(None, "auth.throttled", math.ceil(wait))
    account = load_accounts(path).get(clean) if clean else None
    password = password[:MAX_PASSWORD_CHARS + 1]
    matched = _verify(account.password_hash if account else "", password)
    if account is None or not matched:
        for key in keys:
            throttle.failure(key)
        wait = max(throttle.wait_seconds(key) for key in keys)
        return SignIn(None, "auth.failed", math.ceil(wait))
    if account.disabled:
        return SignIn(None, "auth.disabled")
    for key in keys:
        throttle.success(key)
    return SignIn(account.session_user())


def escape_markdown(text: object) -> str:
    """Free text made safe for st.markdown/st.caption: every Markdown and shortcode character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


# --- Streamlit helpers, called from binjai.ui.shell and the staff pages (streamlit imported lazily for the CLI).


def session_key() -> str:
    """The current browser session's id (for per-session throttling)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    return context.session_id if context is not None else "no-session"


def sign_out() -> None:
    """Forget the signed-in account of this browser session."""
    import streamlit as st

    st.session_state.pop(SESSION_USER_KEY, None)


def refresh_session_user() -> dict | None:
    """Re-read the signed-in account from the accounts file: rights follow edits, a disabled account is signed out."""
    import streamlit as st

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
    import streamlit as st

    if not user:
        return
    with st.sidebar:
        who = escape_markdown(user.get("display_name") or user.get("name"))
        detail = " · ".join(part for part in (t(f"auth.role_{user.get('role')}", lang), user.get("opd")) if part)
        st.caption(f"{t('auth.signed_in_as', lang, name=who)}  \n{escape_markdown(detail)}")
        st.button(t("auth.sign_out", lang), key="auth_sign_out", icon=":material/logout:", on_click=sign_out)


def require_sign_in(page_id: str, lang: str, user: Mapping | None) -> None:
    """With $BINJAI_REQUIRE_LOGIN set, stop every page but the sign-in page until someone signs in."""
    import streamlit as st

    from binjai.ui.pages import page

    if user or page_id == "login" or not settings.require_login():
        return
    st.title(t("app.title", lang))
    st.info(t("auth.required", lang), icon=":material/lock:")
    st.page_link(page("login").path, label=t("nav.login", lang), icon=":material/login:",
                 query_params={"lang": lang} if lang != "id" else None)
    st.stop()
