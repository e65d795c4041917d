"""Alerts inside every load's and undo's own write: the rules are evaluated on the write's connection (so they see
the batch being written), their openings and closings go into `alert_history` in the same all-or-nothing write,
and after the publish they are optionally e-mailed (only when BINJAI_SMTP_HOST and BINJAI_ALERT_TO are set).

A batch and its alert changes are therefore published together: the alert history can never disagree with the
batches, and a load killed at any point leaves both as they were. A rule that cannot be evaluated (an unreadable
rules file) does not block the load: it is logged and the history is left as it was until the next batch.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from binjai import alerts, clock
from binjai.db import Warehouse
from etl import mail

log = logging.getLogger(__name__)
LOAD, UNDO = alerts.LOAD, alerts.UNDO


@dataclass
class Changes:
    """Alerts opened and closed by one batch."""

    batch_id: int
    opened: list[alerts.Alert] = field(default_factory=list)
    closed: list[tuple] = field(default_factory=list)


class WriteReader(Warehouse):
    """A write's own connection read through the warehouse interface the rules use (no second connection, so an
    uncommitted batch is seen too)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        super().__init__(Path("."))
        self._write_con = con
        self._memo: dict[Hashable, object] = {}

    def query(self, sql: str, params: list | dict | None = None, frames: dict[str, pd.DataFrame] | None = None
              ) -> pd.DataFrame:
        """Run one read query on the write's connection; `frames` are registered for this query only."""
        for name, frame in (frames or {}).items():
            self._write_con.register(name, frame)
        try:
            return self._write_con.execute(sql, params or []).df()
        finally:
            for name in frames or {}:
                self._write_con.unregister(name)

    def scalar(self, sql: str, params: list | dict | None = None) -> object:
        """The first value of the first row."""
        row = self._write_con.execute(sql, params or []).fetchone()
        return None if row is None else row[0]

    def shared(self, key: Hashable, compute: Callable[[], object]) -> object:
        """`compute()` once per key for this write."""
        if key not in self._memo:
            self._memo[key] = compute()
        value = self._memo[key]
        return value.copy() if hasattr(value, "copy") else value


def record(con: duckdb.DuckDBPyConnection, batch_id: int, current: list[alerts.Alert], now: dt.datetime,
           event: str = LOAD) -> Changes:
    """Within a write: open alerts that are new, close open ones that no longer fire, refresh the others' value."""
    changes = Changes(batch_id)
    table = alerts.HISTORY_TABLE
    open_rows = con.execute(f"SELECT alert_id, rule_id, kind, key, value FROM {table} "
                            "WHERE closed_batch IS NULL").fetchall()
    firing = {(a.rule_id, a.key): a for a in current}
    known = {(row[1], row[3]): row for row in open_rows}
    next_id = int(con.execute(f"SELECT coalesce(max(alert_id), 0) + 1 FROM {table}").fetchone()[0])
    for ident, alert in firing.items():
        if ident in known:
            con.execute(f"UPDATE {table} SET value = ? WHERE alert_id = ?", [alert.value, known[ident][0]])
            continue
        con.execute(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)",
                    [next_id, alert.rule_id, alert.kind, alert.key, alert.value, batch_id, event, now])
        next_id += 1
        changes.opened.append(alert)
    for ident, row in known.items():
        if ident not in firing:
            con.execute(f"UPDATE {table} SET closed_batch = ?, closed_event = ?, closed_at = ? WHERE alert_id = ?",
                        [batch_id, event, now, row[0]])
            changes.closed.append(row)
    return changes


def in_write(con: duckdb.DuckDBPyConnection, batch_id: int, event: str = LOAD, today: dt.date | None = None,
             now: dt.datetime | None = None) -> Changes | None:
    """Within the write of batch `batch_id` (loaded or undone: `event`): evaluate the rules and record the changes.
    Rules that cannot be evaluated are logged and change nothing (None); a failed record fails the whole write."""
    try:
        current = alerts.evaluate(WriteReader(con), today or clock.today())
    except (duckdb.Error, OSError, ValueError) as err:
        log.warning("alerts not evaluated for batch %s: %s", batch_id, err)
        return None
    return record(con, batch_id, current, now or clock.now(), event)


@dataclass
class Recorder:
    """Handed to a load or undo: records the batch's alert changes inside its write, sends them after the publish."""

    event: str = LOAD
    changes: Changes | None = None

    def __call__(self, con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
        """Called by the write once the batch is applied."""
        self.changes = in_write(con, batch_id, self.event)

    def send(self) -> None:
        """E-mail the published changes (only when configured; never raises)."""
        if self.changes is not None:
            mail.send_changes(self.changes)
