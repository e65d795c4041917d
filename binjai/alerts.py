"""Alert rules (data_sources/reference/alert_rules.csv), their evaluation on the warehouse, and the alert history.

Kinds: `opd_overdue` (an OPD's overdue complaints above `threshold`), `programme_late` (a programme whose status is
late), `kelurahan_spike` (a kelurahan's complaints of category `param` in the last 7 days pass the weekly brief's
rule against the 8 windows before, with at least `threshold` complaints) and `source_stale` (a source's newest
data older than its cadence in source_cadence.csv). `etl.alerts` evaluates them after every load and undo and keeps
the history in the warehouse table `alert_history` (opened and closed batch and time).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from binjai import fmt
from binjai import status as rule_status
from binjai import weekly_rule as stats
from binjai.db import Warehouse
from binjai.filters import EARLIEST_DATA, Filters
from binjai.i18n import t
from binjai.queries import brief as counts
from binjai.queries import overview, quick_wins
from binjai.settings import REFERENCE_DIR

KINDS = ("opd_overdue", "programme_late", "kelurahan_spike", "source_stale")
HISTORY_TABLE = "alert_history"
LOAD, UNDO = "load", "undo"


@dataclass(frozen=True)
class Rule:
    """One row of alert_rules.csv."""

    rule_id: str
    kind: str
    threshold: float
    param: str
    label_id: str
    label_en: str


@dataclass(frozen=True)
class Alert:
    """A rule firing for one key (an OPD, programme, kelurahan or source) with the figure that made it fire."""

    rule_id: str
    kind: str
    key: str
    value: float


def rules() -> list[Rule]:
    """The rules in file order (an unknown kind is refused: the file is edited by an administrator)."""
    frame = pd.read_csv(REFERENCE_DIR / "alert_rules.csv", dtype=str, keep_default_na=False)
    out = [Rule(r["rule_id"], r["kind"], float(r["threshold"] or 0), r["param"], r["label_id"], r["label_en"])
           for r in frame.to_dict("records")]
    unknown = [r.rule_id for r in out if r.kind not in KINDS]
    if unknown:
        raise ValueError(f"alert_rules.csv: unknown kind in {', '.join(unknown)}")
    return out


def _opd_overdue(wh: Warehouse, rule: Rule, today: dt.date) -> list[Alert]:
    needs = overview.attention(wh, Filters(EARLIEST_DATA, today, (), "all"), limit=10_000, today=today)
    by_opd = needs["overdue_by_opd"]
    return [Alert(rule.rule_id, rule.kind, str(r.opd), float(r.complaints))
            for r in by_opd.itertuples() if r.complaints > rule.threshold]


def _programme_late(wh: Warehouse, rule: Rule, today: dt.date) -> list[Alert]:
    frame = quick_wins.latest_programmes(wh, Filters(EARLIEST_DATA, today, (), "all"))
    late = frame[frame["status"] == rule_status.TERLAMBAT]
    return [Alert(rule.rule_id, rule.kind, str(r.program_id), float(r.days_overdue)) for r in late.itertuples()]


def _kelurahan_spike(wh: Warehouse, rule: Rule, today: dt.date) -> list[Alert]:
    start = today - dt.timedelta(days=6)
    before = [start - dt.timedelta(days=7 * i) for i in range(1, stats.RECENT_WEEKS + 1)]
    frame = counts.kelurahan_window_counts(wh, rule.param, [start, *before])
    table = frame.pivot_table(index="kelurahan", columns="start", values="n", fill_value=0)
    out = []
    for kelurahan, row in table.iterrows():
        now = int(row.get(start, 0))
        outcome = stats.judge(now, [int(row.get(w, 0)) for w in before], [], len(table))
        if outcome.direction == stats.UP and now >= rule.threshold:
            out.append(Alert(rule.rule_id, rule.kind, str(kelurahan), float(now)))
    return out


def cadences() -> dict[str, int]:
    """Days after which each source counts as late (data_sources/reference/source_cadence.csv)."""
    frame = pd.read_csv(REFERENCE_DIR / "source_cadence.csv", dtype={"source": str, "cadence_days": int})
    return dict(zip(frame["source"], frame["cadence_days"], strict=True))


def late_sources(newest: dict[str, dt.date | None], day: dt.date, grace: float = 0) -> list[tuple[str, dt.date | None]]:
    """Sources without data, or whose newest data is older on `day` than their cadence (plus `grace` days)."""
    return [(source, newest.get(source)) for source, days in cadences().items()
            if newest.get(source) is None or (day - newest[source]).days > days + grace]


def _source_stale(wh: Warehouse, rule: Rule, today: dt.date) -> list[Alert]:
    """Sources with data whose newest record is older than their cadence (a source never loaded is not "late")."""
    return [Alert(rule.rule_id, rule.kind, source, float((today - newest).days))
            for source, newest in late_sources(counts.last_dates(wh, today), today, rule.threshold) if newest]


_EVALUATORS = {"opd_overdue": _opd_overdue, "programme_late": _programme_late, "kelurahan_spike": _kelurahan_spike,
               "source_stale": _source_stale}


def evaluate(wh: Warehouse, today: dt.date) -> list[Alert]:
    """Every rule's alerts on the warehouse as it is now, as of `today`."""
    return [alert for rule in rules() for alert in _EVALUATORS[rule.kind](wh, rule, today)]


def history(wh: Warehouse, open_only: bool = False, at: dt.datetime | None = None) -> pd.DataFrame:
    """The alert history, newest first; `open_only`: still open (at `at` when given, else now)."""
    where, params = "TRUE", []
    if open_only and at is None:
        where = "closed_batch IS NULL"
    elif open_only:
        where, params = "opened_at <= ? AND (closed_at IS NULL OR closed_at > ?)", [at, at]
    return wh.query(f"SELECT * FROM {HISTORY_TABLE} WHERE {where} ORDER BY opened_at DESC, alert_id DESC", params)


def describe(row: object, lang: str) -> str:
    """One alert as a sentence: `DLH: 12 aduan lewat batas (ambang 10)`."""
    rule = {r.rule_id: r for r in rules()}.get(row.rule_id)
    threshold = fmt.number(rule.threshold if rule else 0, 0, lang)
    return t(f"alerts.{row.kind}", lang, name=row.key, value=fmt.number(row.value, 0, lang), threshold=threshold,
             category=rule.param if rule else "")
