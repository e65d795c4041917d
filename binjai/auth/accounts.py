"""Staff accounts: the accounts file, Argon2id password hashes and per-source write rights.

The accounts file (TOML, outside git; see config/accounts.example.toml) holds one `[users.NAME]` table per
account. `python -m etl user ...` and the admin page write it: atomically, under a lock, readable by its owner only.
With a shared warehouse (binjai.auth.shared) and no file named, the accounts are rows of the shared store instead.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from binjai import settings
from binjai.auth import shared
from binjai.auth.errors import AccountError
from binjai.rights import may_write, writable_sources  # noqa: F401 - re-exported by binjai.auth
from data_sources import SOURCE_NAMES

ROLES = ("viewer", "staff", "admin")
WRITER_ROLES = ("staff", "admin")
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
_HASHER = PasswordHasher()  # Argon2id, salted, with the library's RFC 9106 default cost


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


def verify(password_hash: str, password: str) -> bool:
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


_SHARED_COLUMNS = "name, display_name, role, opd, sources, password_hash, disabled"


def _shared_accounts(con: shared.Connection) -> dict[str, Account]:
    rows = con.execute(f"SELECT {_SHARED_COLUMNS} FROM accounts").fetchall()
    return {row[0]: _account_from_table(row[0], {"display_name": row[1], "role": row[2], "opd": row[3],
                                                 "sources": [s for s in row[4].split(",") if s],
                                                 "password_hash": row[5], "disabled": row[6]}) for row in rows}


def load_accounts(path: Path | None = None) -> dict[str, Account]:
    """Every account in the accounts file (empty when it does not exist), or in the shared store, by name."""
    place = shared.place_for(path)
    if place is not None:
        with shared.connect(place) as con:
            return _shared_accounts(con)
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
    """Read, change and atomically rewrite the accounts (file: under an exclusive lock, mode 600; shared store: in
    one transaction under an advisory lock)."""
    place = shared.place_for(path)
    if place is not None:
        with shared.connect(place) as con:
            con.execute("SELECT pg_advisory_xact_lock(?)", [shared.ACCOUNTS_LOCK])
            accounts = _shared_accounts(con)
            change(accounts)
            con.execute("DELETE FROM accounts")
            for a in accounts.values():
                con.execute(f"INSERT INTO accounts ({_SHARED_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            [a.name, a.display_name, a.role, a.opd, ",".join(a.sources), a.password_hash, a.disabled])
        return
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
