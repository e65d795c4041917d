"""Account changes shared by the command line and the admin page: checked, written atomically, audited.

Every change is recorded in the audit log with who made it (`actor`: an admin's name, or `cli:<login>`); a
password reset, a disable or a change of rights ends the account's live sessions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from binjai import reference
from binjai.auth import store
from binjai.auth.accounts import (
    ROLES,
    Account,
    AccountError,
    check_name,
    hash_password,
    load_accounts,
    update_accounts,
)
from data_sources import SOURCE_NAMES


def split_sources(values: Iterable[str]) -> tuple[str, ...]:
    """Source names from space/comma separated values, each checked against the contracts."""
    sources = [part.strip() for value in values for part in str(value).split(",") if part.strip()]
    for source in sources:
        if source not in SOURCE_NAMES:
            raise AccountError("auth.cli.unknown_source", source=source, allowed=", ".join(SOURCE_NAMES))
    return tuple(dict.fromkeys(sources))


def canonical_opd(opd: str | None, role: str) -> str:
    """The OPD as spelled in the reference list (required for staff)."""
    if not opd:
        if role == "staff":
            raise AccountError("auth.cli.opd_required")
        return ""
    canonical = reference.opd_lookup().get(reference.normalise_name(opd))
    if canonical is None:
        raise AccountError("auth.cli.unknown_opd", opd=opd, allowed=", ".join(reference.opd()["opd"]))
    return canonical


def checked_rights(role: str, opd: str | None, sources: Iterable[str]) -> tuple[str, str, tuple[str, ...]]:
    """(role, canonical OPD, sources) when they fit together: staff need sources, others have none."""
    if role not in ROLES:
        raise AccountError("auth.accounts_unreadable", detail=f"role {role!r}")
    clean_opd, clean_sources = canonical_opd(opd, role), split_sources(sources)
    if role == "staff" and not clean_sources:
        raise AccountError("auth.cli.sources_required")
    if role != "staff" and clean_sources:
        raise AccountError("auth.cli.sources_not_for_role", role=role)
    return role, clean_opd, clean_sources


def _store(path: Path | None) -> Path:
    return store.store_path(path)


def add(name: str, *, role: str, opd: str | None, sources: Iterable[str], display_name: str, password: str,
        actor: str, path: Path | None = None) -> Account:
    """Create an account; AccountError when the name is taken or anything does not fit."""
    clean = check_name(name)
    role, opd, rights = checked_rights(role, opd, sources)
    account = Account(name=clean, display_name=display_name.strip() or clean, role=role, opd=opd, sources=rights,
                      password_hash=hash_password(password))

    def change(accounts: dict[str, Account]) -> None:
        if clean in accounts:
            raise AccountError("auth.cli.exists", name=clean)
        accounts[clean] = account

    update_accounts(change, path)
    store.record(actor, "account_added", clean, f"{role} {opd} {','.join(rights)}".strip(), path=_store(path))
    return account


def change(name: str, action: str, actor: str, path: Path | None = None, detail: str = "", **fields: object) -> None:
    """Change fields of an existing account, record `action`, and end its sessions unless it only got enabled."""
    clean = check_name(name)

    def apply(accounts: dict[str, Account]) -> None:
        if clean not in accounts:
            raise AccountError("auth.cli.unknown", name=clean)
        accounts[clean] = dataclasses.replace(accounts[clean], **fields)

    update_accounts(apply, path)
    store.record(actor, action, clean, detail, path=_store(path))
    if action != "account_enabled":
        store.revoke_user(clean, actor, path=_store(path))


def set_disabled(name: str, disabled: bool, actor: str, path: Path | None = None) -> None:
    """Disable (ending its sessions) or enable an account."""
    change(name, "account_disabled" if disabled else "account_enabled", actor, path, disabled=disabled)


def reset_password(name: str, password: str, actor: str, path: Path | None = None) -> None:
    """Set a new password and end the account's sessions."""
    change(name, "password_reset", actor, path, password_hash=hash_password(password))


def set_rights(name: str, role: str, opd: str | None, sources: Iterable[str], actor: str,
               path: Path | None = None) -> None:
    """Change an account's role, OPD and sources (checked together) and end its sessions."""
    role, clean_opd, rights = checked_rights(role, opd, sources)
    change(name, "rights_changed", actor, path, f"{role} {clean_opd} {','.join(rights)}".strip(), role=role,
           opd=clean_opd, sources=rights)


def import_file(source: Path, actor: str, path: Path | None = None) -> tuple[list[str], list[str]]:
    """Copy the accounts of the accounts file `source` (hashes as they are) into the store of `path` (None: the
    shared store when configured); accounts already there are kept. Returns (imported, kept) names."""
    incoming = load_accounts(Path(source))
    done: list[str] = []

    def change(accounts: dict[str, Account]) -> None:
        done[:] = [name for name in sorted(incoming) if name not in accounts]
        accounts.update({name: incoming[name] for name in done})

    update_accounts(change, path)
    for name in done:
        store.record(actor, "account_imported", name, str(source)[-200:], path=_store(path))
    return done, sorted(set(incoming) - set(done))
