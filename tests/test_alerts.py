"""Alerts after every load: opened and closed on the right batches (load and undo), rules, and the e-mail path."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import pandas as pd
import pytest
from aiosmtpd.controller import Controller

from binjai import alerts as rules
from binjai.clock import today as today_wib
from binjai.db import reader
from etl import alerts, mail, warehouse
from etl.cli import main
from etl.loading import load_file
from tests.conftest import emas_frame


def _csv(rows: list[dict]) -> bytes:
    frame = emas_frame(rows)
    for column in ("received_at", "responded_at", "resolved_at"):
        frame[column] = frame[column].dt.strftime("%Y-%m-%d %H:%M")
    return frame.to_csv(index=False).encode("utf-8")


def _complaints(resolved: int) -> list[dict]:
    """12 DLH complaints 40 days old (past their deadline) of which `resolved` are resolved, and a fresh one."""
    old = pd.Timestamp(today_wib() - dt.timedelta(days=40)) + pd.Timedelta(hours=9)
    rows = [{"complaint_id": f"A{i:03d}", "received_at": old} for i in range(12)]
    for row in rows[:resolved]:
        row |= {"status": "selesai", "responded_at": old + pd.Timedelta(days=1),
                "resolved_at": old + pd.Timedelta(days=2)}
    fresh = pd.Timestamp(today_wib() - dt.timedelta(days=1)) + pd.Timedelta(hours=9)
    return [*rows, {"complaint_id": "B001", "received_at": fresh, "opd": "Dinas PUTR",
                    "category": "Jalan & Drainase"}]


def _open(db: Path) -> pd.DataFrame:
    return rules.history(reader(db), open_only=True)


def test_alert_opens_on_the_batch_that_crosses_and_closes_on_the_one_that_clears(db_file: Path) -> None:
    first = load_file(db_file, "e_mas", _csv(_complaints(resolved=0)), "a.csv", user="t").result
    history = rules.history(reader(db_file))
    dlh = history[(history["rule_id"] == "opd_overdue") & (history["key"] == "DLH")]
    assert len(dlh) == 1 and dlh.iloc[0]["opened_batch"] == first.batch_id and dlh.iloc[0]["value"] == 12
    assert pd.isna(dlh.iloc[0]["closed_batch"])
    assert "e_mas" not in set(history.loc[history["rule_id"] == "source_stale", "key"])

    second = load_file(db_file, "e_mas", _csv(_complaints(resolved=5)), "b.csv", user="t").result
    row = rules.history(reader(db_file)).query("rule_id == 'opd_overdue' and key == 'DLH'").iloc[0]
    assert (row["closed_batch"], row["closed_event"]) == (second.batch_id, rules.LOAD)
    assert "DLH" not in set(_open(db_file)["key"])

    assert main(["--db", str(db_file), "rollback", str(second.batch_id), "--user", "t"]) == 0
    reopened = _open(db_file).query("rule_id == 'opd_overdue' and key == 'DLH'")
    assert len(reopened) == 1
    assert (reopened.iloc[0]["opened_batch"], reopened.iloc[0]["opened_event"]) == (second.batch_id, rules.UNDO)
    assert len(rules.history(reader(db_file)).query("key == 'DLH'")) == 2


def test_unchanged_alert_stays_one_row_and_a_duplicate_file_changes_nothing(db_file: Path) -> None:
    data = _csv(_complaints(resolved=0))
    load_file(db_file, "e_mas", data, "a.csv", user="t")
    before = rules.history(reader(db_file))
    again = load_file(db_file, "e_mas", data, "a.csv", user="t").result
    assert again.duplicate_of is not None
    pd.testing.assert_frame_equal(rules.history(reader(db_file)), before)


def test_a_failed_load_leaves_batches_and_alert_history_as_they_were(db_file: Path) -> None:
    first = load_file(db_file, "e_mas", _csv(_complaints(resolved=0)), "a.csv", user="t").result
    before = rules.history(reader(db_file))
    assert "DLH" in set(before["key"])
    seen = []

    def fail_after_the_alerts_were_recorded() -> None:
        seen.append(len(rules.history(reader(db_file))))
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        load_file(db_file, "e_mas", _csv(_complaints(resolved=12)), "b.csv", user="t",
                  before_publish=fail_after_the_alerts_were_recorded)
    assert seen == [len(before)]  # the live file did not change while the write was under way
    pd.testing.assert_frame_equal(rules.history(reader(db_file)), before)
    assert warehouse.history(db_file)["batch_id"].tolist() == [first.batch_id]


def test_the_batch_and_its_alert_changes_are_one_write(db_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writes = []
    real = warehouse.write  # every write on either backend (the file's private copy, or one lake transaction)
    monkeypatch.setattr(warehouse, "write", lambda *a, **k: writes.append(1) or real(*a, **k))
    first = load_file(db_file, "e_mas", _csv(_complaints(resolved=0)), "a.csv", user="t").result
    assert main(["--db", str(db_file), "rollback", str(first.batch_id), "--user", "t"]) == 0
    assert len(writes) == 2  # one load, one undo: each with its alert changes inside
    row = rules.history(reader(db_file)).query("key == 'DLH'").iloc[0]
    assert (row["opened_batch"], row["closed_batch"], row["closed_event"]) == (first.batch_id, first.batch_id,
                                                                                rules.UNDO)


def test_rules_that_cannot_be_read_do_not_block_a_load(db_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "rules", lambda: (_ for _ in ()).throw(ValueError("alert_rules.csv: unknown kind")))
    result = load_file(db_file, "e_mas", _csv(_complaints(resolved=0)), "a.csv", user="t").result
    assert result.batch_id == 1 and rules.history(reader(db_file)).empty


def test_waste_spike_and_stale_source_rules(db_file: Path) -> None:
    today = dt.date(2026, 11, 30)
    rows = []
    for week in range(1, 9):
        for i in range(2):
            rows.append({"complaint_id": f"W{week}{i}", "received_at": pd.Timestamp(today - dt.timedelta(days=7 * week + i))})
    rows += [{"complaint_id": f"N{i:02d}", "received_at": pd.Timestamp(today - dt.timedelta(days=i % 7))}
             for i in range(16)]
    warehouse.load_frame(db_file, "e_mas", emas_frame(rows), file_name="s.csv", sha256="s", user="t")
    fired = {(a.rule_id, a.key) for a in rules.evaluate(reader(db_file), today)}
    assert ("waste_spike", "Pahlawan") in fired
    assert ("source_stale", "e_mas") not in fired
    later = {(a.rule_id, a.key) for a in rules.evaluate(reader(db_file), today + dt.timedelta(days=30))}
    assert ("source_stale", "e_mas") in later and ("waste_spike", "Pahlawan") not in later


def test_every_rule_kind_is_known_and_described_in_both_languages() -> None:
    for rule in rules.rules():
        assert rule.kind in rules.KINDS
        alert = rules.Alert(rule.rule_id, rule.kind, "X", 12.0)
        assert "X" in rules.describe(alert, "id") and "X" in rules.describe(alert, "en")


class _Sink:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_email_goes_to_a_configured_server_only(db_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sink = _Sink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        for name in ("BINJAI_SMTP_HOST", "BINJAI_ALERT_TO"):
            monkeypatch.delenv(name, raising=False)
        load_file(db_file, "e_mas", _csv(_complaints(resolved=0)), "a.csv", user="t")
        assert sink.messages == [], "nothing is sent unless configured"
        monkeypatch.setenv("BINJAI_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("BINJAI_SMTP_PORT", str(port))
        monkeypatch.setenv("BINJAI_ALERT_TO", "kadis@binjaikota.go.id, walikota@binjaikota.go.id")
        second = load_file(db_file, "e_mas", _csv(_complaints(resolved=5)), "b.csv", user="t").result
        assert len(sink.messages) == 1
        envelope = sink.messages[0]
        assert envelope.rcpt_tos == ["kadis@binjaikota.go.id", "walikota@binjaikota.go.id"]
        body = envelope.content.decode("utf-8")
        assert f"(batch {second.batch_id})" in body and "Peringatan selesai:" in body and "DLH: 12 aduan" in body
    finally:
        controller.stop()
    assert mail.configured()


def test_brief_lists_the_alerts_open_at_the_end_of_its_week(db_file: Path) -> None:
    from binjai.brief import build, text

    first = load_file(db_file, "e_mas", _csv(_complaints(resolved=0)), "a.csv", user="t").result
    week = build.last_complete_week(today_wib())
    monday, sunday = build.parse_week(week)
    alert = rules.Alert("programme_late", "programme_late", "QW-07", 9.0)
    warehouse.write(db_file, lambda con: alerts.record(con, first.batch_id, [alert], dt.datetime.combine(monday, dt.time(10))))
    brief = build.build(reader(db_file), week, sunday + dt.timedelta(days=1))
    data = next(s for s in text.sections(brief, "id") if s.key == "data")
    assert any(rules.describe(alert, "id") in line.text for line in data.lines)
    before = build.build(reader(db_file), build.week_name(monday - dt.timedelta(days=7)), monday)
    assert before.alerts.empty
