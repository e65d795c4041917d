"""Sign-in throttling: doubling delays per account-and-client, and a server-wide cap on password checks.

Failures are counted per (account, client) pair, so a stranger guessing someone's password slows only their own
further guesses, never the real user signing in from their own browser. The server-wide cap bounds the
password-hashing work (and guessing) of all clients together. The counters live in memory for one dashboard
process (a restart clears them, which needs access to the server), or in the shared store (binjai.auth.shared)
for replicas, where every replica counts the same failures and the cap holds for all of them together.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from binjai.auth import shared


class _MemoryCounts:
    """Failure counts of one process: key -> (failures, time of the last one)."""

    def __init__(self) -> None:
        self.table: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[int, float] | None:
        with self._lock:
            return self.table.get(key)

    def bump(self, key: str, now: float, forget_after: float, max_keys: int) -> None:
        with self._lock:
            count, _ = self.table.get(key, (0, now))
            self.table[key] = (count + 1, now)
            if len(self.table) > max_keys:
                for old, (_, last) in list(self.table.items()):
                    if now - last > forget_after:
                        del self.table[old]
                while len(self.table) > max_keys:
                    self.table.pop(next(iter(self.table)))

    def drop(self, key: str, last: float | None = None) -> None:
        with self._lock:
            if last is None or self.table.get(key, (0, None))[1] == last:
                self.table.pop(key, None)

    def size(self) -> int:
        return len(self.table)


class _SharedCounts:
    """Failure counts in the shared store's `throttle` table, changed by single atomic statements."""

    def __init__(self, place: shared.Shared) -> None:
        self.place = place

    def get(self, key: str) -> tuple[int, float] | None:
        with shared.connect(self.place) as con:
            row = con.execute("SELECT failures, last FROM throttle WHERE key = ?", [key]).fetchone()
        return (int(row[0]), float(row[1])) if row else None

    def bump(self, key: str, now: float, forget_after: float, max_keys: int) -> None:
        with shared.connect(self.place) as con:
            con.execute("DELETE FROM throttle WHERE last < ?", [now - forget_after])
            con.execute("INSERT INTO throttle (key, failures, last) VALUES (?, 1, ?) ON CONFLICT (key) DO UPDATE "
                        "SET failures = throttle.failures + 1, last = excluded.last", [key, now])
            con.execute("DELETE FROM throttle WHERE key IN (SELECT key FROM throttle ORDER BY last DESC OFFSET ?)",
                        [max_keys])

    def drop(self, key: str, last: float | None = None) -> None:
        with shared.connect(self.place) as con:
            if last is None:
                con.execute("DELETE FROM throttle WHERE key = ?", [key])
            else:
                con.execute("DELETE FROM throttle WHERE key = ? AND last = ?", [key, last])

    def size(self) -> int:
        with shared.connect(self.place) as con:
            return int(con.execute("SELECT count(*) FROM throttle").fetchone()[0])


class Throttle:
    """Counts recent failed sign-ins per key and says how long the next attempt must wait (doubling delays).

    `place` keeps the counts in the shared store; its `clock` must then be wall time, the same on every machine."""

    def __init__(self, *, free_attempts: int = 3, first_delay: float = 5.0, max_delay: float = 300.0,
                 forget_after: float = 3600.0, max_keys: int = 10_000,
                 clock: Callable[[], float] = time.monotonic, place: shared.Shared | None = None) -> None:
        self.free_attempts, self.first_delay, self.max_delay = free_attempts, first_delay, max_delay
        self.forget_after, self.max_keys, self.clock = forget_after, max_keys, clock
        self._counts = _MemoryCounts() if place is None else _SharedCounts(place)

    def delay_after(self, failures: int) -> float:
        """Seconds to wait after `failures` consecutive failures: none for the first few, then 5, 10, 20 ... 300."""
        if failures < self.free_attempts:
            return 0.0
        return min(self.max_delay, self.first_delay * 2 ** (failures - self.free_attempts))

    def wait_seconds(self, key: str) -> float:
        """How long `key` must still wait before its next attempt (0 when it may try now)."""
        now = self.clock()
        count, last = self._counts.get(key) or (0, now)
        if count and now - last > self.forget_after:
            self._counts.drop(key, last)
            return 0.0
        return max(0.0, last + self.delay_after(count) - now)

    def failure(self, key: str) -> None:
        """Record one failed attempt for `key`."""
        self._counts.bump(key, self.clock(), self.forget_after, self.max_keys)

    def success(self, key: str) -> None:
        """Forget the failures of `key` after a successful sign-in."""
        self._counts.drop(key)

    def tracked(self) -> int:
        """How many keys have failures on record (bounded by `max_keys`)."""
        return self._counts.size()


class RateCap:
    """At most `limit` password checks per `window` seconds across the whole server (a sliding window); with a
    `place`, across every replica sharing that store (wall-time `clock`)."""

    def __init__(self, limit: int = 30, window: float = 60.0, clock: Callable[[], float] = time.monotonic,
                 place: shared.Shared | None = None) -> None:
        self.limit, self.window, self.clock, self.place = limit, window, clock, place
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    def take(self) -> float:
        """Claim one check: 0 when allowed (and counted), else the seconds until one is free."""
        now = self.clock()
        if self.place is not None:
            return self._take_shared(now)
        with self._lock:
            while self._times and now - self._times[0] >= self.window:
                self._times.popleft()
            if len(self._times) >= self.limit:
                return self._times[0] + self.window - now
            self._times.append(now)
            return 0.0

    def _take_shared(self, now: float) -> float:
        with shared.connect(self.place) as con:
            con.execute("SELECT pg_advisory_xact_lock(?)", [shared.CHECKS_LOCK])
            con.execute("DELETE FROM password_checks WHERE at <= ?", [now - self.window])
            count, oldest = con.execute("SELECT count(*), min(at) FROM password_checks").fetchone()
            if count >= self.limit:
                return float(oldest) + self.window - now
            con.execute("INSERT INTO password_checks (at) VALUES (?)", [now])
            return 0.0
