"""Sign-in throttling: doubling delays per account-and-client, and a server-wide cap on password checks.

Failures are counted per (account, client) pair, so a stranger guessing someone's password slows only their own
further guesses, never the real user signing in from their own browser. The server-wide cap bounds the
password-hashing work (and guessing) of all clients together. Counters live in memory: the dashboard is one
process whose sessions all share this module; a restart clears them, which needs access to the server.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


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


class RateCap:
    """At most `limit` password checks per `window` seconds across the whole server (a sliding window)."""

    def __init__(self, limit: int = 30, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    def take(self) -> float:
        """Claim one check: 0 when allowed (and counted), else the seconds until one is free."""
        now = self.clock()
        with self._lock:
            while self._times and now - self._times[0] >= self.window:
                self._times.popleft()
            if len(self._times) >= self.limit:
                return self._times[0] + self.window - now
            self._times.append(now)
            return 0.0
