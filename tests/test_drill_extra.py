"""Drill-through of the figures outside the catalogue, of Profil Kelurahan, Dimensi and the weekly brief: the records
recount to the figure each page shows, computed by the page's own query against the seeded sample data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from binjai import reference
from binjai.brief import build, text
from binjai.db import reader
from binjai.filters import from_params
from binjai.queries import drill, e_mas, e_saberling, kelurahan, scorecard
from tests import brief_fixtures as fx
from tests.backends import new_warehouse
from tests.test_drill import FILTER_SETS, TODAY


@pytest.mark.parametrize("params", FILTER_SETS)
def test_e_mas_figures_outside_the_catalogue(sample_db: Path, params: dict) -> None:
    wh = reader(sample_db)
    filters = from_params(params, TODAY)
    for chosen in (None, e_mas.Selection(opd=("DLH", "PUPR"))):
        head = e_mas.headline(wh, filters, chosen, today=TODAY)
        rating = drill.drill(wh, filters, "emas_avg_rating", TODAY, emas_selection=chosen)
        assert rating.value == pytest.approx(round(head["avg_rating"], 2))
        assert rating.rows == round(head["rated_pct"] * head["resolved"] / 100) and rating.records["rating"].notna().all()
        assert drill.drill(wh, filters, "emas_resolved", TODAY, emas_selection=chosen).rows == head["resolved"]
        assert drill.drill(wh, filters, "emas_open_now", TODAY, emas_selection=chosen).rows == head["open_now"]


@pytest.mark.parametrize("params", FILTER_SETS)
def test_e_saberling_before_after_and_volunteers(sample_db: Path, params: dict) -> None:
    wh = reader(sample_db)
    filters = from_params(params, TODAY)
    phases = e_saberling.before_after(wh, filters)
    for name, metric_id in (("open_at_start", "sab_open_at_start"), ("cleaned_during", "sab_cleaned"),
                            ("backlog_cleaned", "sab_backlog_cleaned"), ("open_at_end", "sab_open_at_end")):
        assert drill.drill(wh, filters, metric_id, TODAY).rows == phases[name], name
    assert phases["backlog_cleaned"] > 0 or params  # the default period starts with a backlog
    head = e_saberling.headline(wh, filters)
    volunteers = drill.drill(wh, filters, "sab_volunteers", TODAY)
    assert volunteers.kind == "sum" and volunteers.value == head["volunteers"] > 0
    assert drill.drill(wh, filters, "sab_with_volunteers", TODAY).rows == head["cleanups_with_volunteers"]


@pytest.mark.parametrize("params", FILTER_SETS[:2])
def test_kelurahan_profile_figures(sample_db: Path, params: dict) -> None:
    wh = reader(sample_db)
    filters = from_params(params, TODAY)
    labels = {key: key for key in drill.KELURAHAN_FIGURES}
    checked = 0
    for name in reference.kelurahan()["kelurahan"].head(6):
        complaints, cleanups = kelurahan.complaints(wh, filters, name), kelurahan.cleanups(wh, filters, name)
        figures = {**complaints, "reports": cleanups["received"], "cleaned": cleanups["cleaned"],
                   "waste": cleanups["waste_kg"], "open_reports": cleanups["open_at_end"]}
        for key, question in drill.kelurahan_asks(filters, name, labels).items():
            result = drill.ask(wh, question, filters, TODAY)
            assert set(result.records["kelurahan"]) <= {name}, key
            assert (result.value if key == "waste" else result.rows) == pytest.approx(figures[key]), (name, key)
            checked += bool(result.rows)
    assert checked >= 20


def test_dimension_programmes_on_schedule(sample_db: Path) -> None:
    wh = reader(sample_db)
    filters = from_params({}, TODAY)
    summary = scorecard.summary(wh, filters, scorecard.read_map()[0]).set_index("dimension")
    for code, row in summary.iterrows():
        result = drill.ask(wh, drill.Ask("dim_on_schedule", dimension=code), filters, TODAY)
        assert (result.rows, result.part or 0) == (row["programmes"], row["on_schedule"]), code
        assert set(result.records["dimension"]) <= {code}
    assert summary["programmes"].sum() > 0


def test_weekly_brief_changes_open_the_counted_records(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    wh = reader(fx.load(new_warehouse(request, tmp_path), fx.complaint_rows(seed=7, inject=True)))
    brief = build.build(wh, fx.WEEK, fx.TODAY)
    sections = text.sections(brief, "id")
    asks = text.asks(sections)
    changes = [a for key, a in asks.items() if key.startswith("changes-")]
    assert len(changes) == len(brief.changes) >= 2
    for change, question in zip(brief.changes, changes, strict=True):
        result = drill.ask(wh, question, question.filters, fx.TODAY)
        assert result.rows == change.outcome.count, question
        assert {r.date() for r in result.records["received_at"]} <= {fx.MONDAY + dt.timedelta(days=i) for i in range(7)}


def test_weekly_brief_lists_open_their_records(sample_db: Path) -> None:
    from binjai.clock import today as today_wib

    wh, today = reader(sample_db), today_wib()
    brief = build.build(wh, build.last_complete_week(today), today)
    asks = text.asks(text.sections(brief, "en"))
    brief_filters = from_params({}, today)  # the page's filters: every sentence carries its own
    assert asks["opd-0"].metric_id == "emas_overdue_open"
    assert drill.ask(wh, asks["opd-0"], asks["opd-0"].filters, today).rows == brief.overdue_total > 0
    for i, row in enumerate(brief.opd_overdue.itertuples(), start=1):
        assert drill.ask(wh, asks[f"opd-{i}"], brief_filters, today).rows == row.complaints
    for i, row in enumerate(brief.opd_levels.itertuples(), start=1 + len(brief.opd_overdue)):
        assert drill.ask(wh, asks[f"opd-{i}"], brief_filters, today).value == pytest.approx(row.resolved_on_time_pct)
    for i, row in enumerate(brief.hotspots.itertuples()):
        assert drill.ask(wh, asks[f"hotspots-{i}"], brief_filters, today).rows == row.open_reports
    assert len(brief.hotspots) and len(brief.opd_overdue)
    assert not any(key.startswith(("programmes-", "data-")) for key in asks)


@pytest.mark.parametrize("params", FILTER_SETS[:2])
def test_opd_ranking_row_drills(sample_db: Path, params: dict) -> None:
    from binjai.queries import opd

    wh = reader(sample_db)
    filters = from_params(params, TODAY)
    ranking = opd.ranking(wh, filters, TODAY)
    assert len(ranking) >= 3
    for row in ranking.itertuples():
        for column, question in drill.opd_asks(row.opd, "id").items():
            result = drill.ask(wh, question, filters, TODAY)
            expected = getattr(row, column)
            if result.kind == "count":
                assert result.rows == expected, (row.opd, column)
            else:
                assert result.value == pytest.approx(None if expected != expected else expected), (row.opd, column)


@pytest.mark.parametrize("params", FILTER_SETS[:2])
def test_chart_and_table_groups_drill(sample_db: Path, params: dict) -> None:
    from binjai import status as rule
    from binjai.queries import quick_wins

    wh = reader(sample_db)
    filters = from_params(params, TODAY)

    def recount(metric_id: str, column: str, value: str, **scope: object) -> drill.Drill:
        return drill.ask(wh, drill.Ask(metric_id, only=((column, value),), **scope), filters, TODAY)

    chosen = e_mas.Selection(category=("Kebersihan & Sampah", "Jalan & Drainase"))
    for column in ("category", "channel", "opd", "kecamatan"):
        for row in e_mas.breakdown(wh, filters, column, chosen).itertuples():
            assert recount("emas_received", column, row.key, emas_selection=chosen).rows == row.received, row
    for column, table in (("kecamatan", e_saberling.kecamatan_summary(wh, filters)),
                          ("site_type", e_saberling.site_summary(wh, filters)),
                          ("team", e_saberling.team_summary(wh, filters))):
        for row in table.itertuples():
            value = getattr(row, column)
            if column != "team":
                assert recount("sab_received", column, value).rows == row.received, row
            assert recount("sab_cleaned", column, value).rows == row.cleaned, row
            assert recount("sab_waste_kg", column, value).value == pytest.approx(row.waste_kg), row
            assert recount("sab_volunteers", column, value).value == row.volunteers, row
    statuses = {"qw_late": rule.TERLAMBAT, "qw_at_risk": rule.PERLU_PERHATIAN, "qw_on_schedule": rule.SESUAI_JADWAL,
                "qw_completed": rule.SELESAI}
    assert set(statuses.values()) == set(rule.STATUS_ORDER)
    for by in ("dimension", "opd"):
        bars = quick_wins.breakdown(wh, filters, quick_wins.ALL, by)
        for row in bars.itertuples():
            metric_id = next(m for m, s in statuses.items() if s == row.status)
            assert recount(metric_id, by, row.group).rows == row.programmes, row
            assert recount("qw_avg_progress", by, row.group).value == pytest.approx(row.avg_progress), row
