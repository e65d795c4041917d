"""Checking a name and password: throttled per account-and-client, capped server-wide, audited.

A disabled account, an unknown name and a wrong password all get the same answer after the same work, so the
answer never confirms a password or that an account exists.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path

from binjai.auth import shared, store
from binjai.auth.accounts import MAX_PASSWORD_CHARS, load_accounts, normalise_name, verify
from binjai.auth.throttle import RateCap, Throttle

THROTTLE = Throttle()
SERVER_CAP = RateCap()


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: the session user and token, or the reason (a translation key) and a wait."""

    user: dict | None
    reason: str | None = None
    wait_seconds: int = 0
    token: str = ""


def sign_in(name: str, password: str, client: str, *, path: Path | None = None, throttle: Throttle | None = None,
            cap: RateCap | None = None) -> SignIn:
    """Check a name and password from `client`; on success start a server-side session."""
    db = store.store_path(path)
    if isinstance(db, shared.Shared):  # replicas share the counters, on wall time
        throttle = throttle or Throttle(clock=time.time, place=db)
        cap = cap or RateCap(clock=time.time, place=db)
    throttle, cap = throttle or THROTTLE, cap or SERVER_CAP
    clean = normalise_name(name)[:64]
    key = f"{clean}\n{client}"
    wait = throttle.wait_seconds(key)
    if wait > 0:
        return SignIn(None, "auth.throttled", math.ceil(wait))
    busy = cap.take()
    if busy > 0:
        return SignIn(None, "auth.busy", math.ceil(busy))
    account = load_accounts(path).get(clean) if clean else None
    matched = verify(account.password_hash if account else "", password[:MAX_PASSWORD_CHARS + 1])
    if account is None or not matched or account.disabled:
        throttle.failure(key)
        store.record(clean or "-", "sign_in_failed", clean, client=client, path=db)
        return SignIn(None, "auth.failed", math.ceil(throttle.wait_seconds(key)))
    throttle.success(key)
    token = store.create_session(account.name, client, path=db)
    store.record(account.name, "sign_in", account.name, client=client, path=db)
    return SignIn(account.session_user(), token=token)
