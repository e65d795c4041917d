"""After every load or undo: evaluate the alert rules, record openings and closings in `alert_history`, and
optionally e-mail them (only when BINJAI_SMTP_HOST and BINJAI_ALERT_TO are set).

A failure here never undoes the load: it is logged and the load stands (the next batch evaluates again).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from binjai import alerts, clock
from binjai.clock import today as today_wib
from binjai.db import reader
from etl import mail, warehouse

log = logging.getLogger(__name__)
LOAD, UNDO = alerts.LOAD, alerts.UNDO


@dataclass
class Changes:
    """Alerts opened and closed by one batch."""

    batch_id: int
    opened: list[alerts.Alert] = field(default_factory=list)
    closed: list[tuple] = field(default_factory=list)


def record(db: Path, batch_id: int, current: list[alerts.Alert], now: dt.datetime, event: str = alerts.LOAD
           ) -> Changes:
    """Open alerts that are new, close open ones that no longer fire, refresh the value of the others."""

    def body(con: duckdb.DuckDBPyConnection) -> Changes:
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

    return warehouse.write(db, body)


def after_change(db: Path, batch_id: int | None, event: str = alerts.LOAD, today: dt.date | None = None,
                 now: dt.datetime | None = None) -> Changes | None:
    """Evaluate and record after batch `batch_id` was loaded or undone (`event`); never raises (logs instead)."""
    if batch_id is None:
        return None
    try:
        current = alerts.evaluate(reader(db), today or today_wib())
        changes = record(db, batch_id, current, now or clock.now(), event)
    except (duckdb.Error, OSError, ValueError, warehouse.WarehouseError) as err:
        log.warning("alerts not evaluated after batch %s: %s", batch_id, err)
        return None
    mail.send_changes(changes)
    return changes
