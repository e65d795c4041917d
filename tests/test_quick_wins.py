"""Quick-win queries against the hand-worked dataset of tests/quick_wins_fixtures.py, and the page in AppTest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from binjai.charts import quick_wins as charts
from binjai.db import Warehouse, reader
from binjai.metrics import catalogue
from binjai.queries import quick_wins as qw
from tests.chart_figures import figures
from tests.conftest import ROOT
from tests.quick_wins_fixtures import FILTERS, load, quick_wins_frame


@pytest.fixture
def wh(db_file: Path) -> Warehouse:
    load(db_file, "quick_wins", quick_wins_frame())
    return reader(db_file)


def _by_id(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("program_id")


def test_latest_programmes_current_state(wh: Warehouse) -> None:
    frame = qw.latest_programmes(wh, FILTERS)
    assert list(frame.columns) == list(qw.OUTPUT_COLUMNS)
    rows = _by_id(frame)
    assert rows.index.tolist() == ["QW-A", "QW-B", "QW-C", "QW-D", "QW-F"]
    assert rows["report_date"].dt.date.tolist() == [dt.date(2024, 4, 30), dt.date(2024, 4, 30), dt.date(2023, 11, 30),
                                                    dt.date(2024, 4, 30), dt.date(2024, 1, 31)]
    assert rows["progress_pct"].tolist() == [50.0, 90.0, 100.0, 30.0, 70.0]
    assert rows["planned_pct"].tolist() == [75.0, 100.0, 100.0, 35.6, 100.0]
    assert rows["status_derived"].tolist() == ["perlu_perhatian", "terlambat", "selesai", "sesuai_jadwal", "terlambat"]
    assert rows["status"].tolist() == ["perlu_perhatian", "sesuai_jadwal", "selesai", "sesuai_jadwal", "terlambat"]
    assert rows["status_disagrees"].tolist() == [False, True, False, False, False]
    assert rows["status_file"].tolist() == [None, "sesuai_jadwal", None, None, None]
    assert rows["days_overdue"].tolist() == [0, 60, 0, 0, 151]
    assert rows.loc["QW-A", "spent_pct"] == 40.0 and rows.loc["QW-B", "spent_pct"] == 75.0
    assert rows[["spent_pct"]].loc[["QW-C", "QW-D", "QW-F"]].isna().all().all()
    assert rows.loc["QW-B", "note"] == "Uji coba"


def test_latest_programmes_without_filters_takes_every_report(wh: Warehouse) -> None:
    rows = _by_id(qw.latest_programmes(wh))
    assert rows.index.tolist() == ["QW-A", "QW-B", "QW-C", "QW-D", "QW-E", "QW-F"]
    assert rows.loc["QW-D", "status"] == "selesai" and rows.loc["QW-D", "progress_pct"] == 100.0


def test_summary_now_and_previous_report_period(wh: Warehouse) -> None:
    summary = qw.summary(wh, FILTERS)
    assert summary["as_of"] == dt.date(2024, 5, 30)
    assert summary["previous_as_of"] == dt.date(2024, 3, 31)
    assert summary["current"] == {"programmes": 5, "terlambat": 1, "perlu_perhatian": 1, "sesuai_jadwal": 2,
                                  "selesai": 1, "avg_progress": 68.0, "budget_idr": 3e9, "spent_idr": 1.9e9,
                                  "spent_pct": 63.3}
    # On 31 Mar: A on schedule (40 vs 45), B at risk (80 vs 100, target day not yet passed), C done, F late.
    assert summary["previous"] == {"programmes": 4, "terlambat": 1, "perlu_perhatian": 1, "sesuai_jadwal": 1,
                                   "selesai": 1, "avg_progress": 72.5, "budget_idr": 3e9, "spent_idr": 1.5e9,
                                   "spent_pct": 50.0}


def test_selection_filters_by_dimension_status_and_horizon(wh: Warehouse) -> None:
    governance = qw.latest_programmes(wh, FILTERS, qw.Selection(dimensions=("governance",)))
    assert governance["program_id"].tolist() == ["QW-A", "QW-C"]
    late = qw.latest_programmes(wh, FILTERS, qw.Selection(statuses=("terlambat",)))
    assert late["program_id"].tolist() == ["QW-F"]
    short = qw.summary(wh, FILTERS, qw.Selection(horizons=("jangka_pendek",)))
    assert short["current"]["programmes"] == 1 and short["current"]["avg_progress"] == 90.0
    assert qw.latest_programmes(wh, FILTERS, qw.Selection(opds=("DLH",))).empty


def test_history_applies_the_rule_as_of_each_report(wh: Warehouse) -> None:
    history = qw.history(wh, "QW-A", FILTERS)
    assert history["report_date"].dt.date.tolist() == [dt.date(2024, 3, 31), dt.date(2024, 4, 30)]
    assert history["planned_pct"].tolist() == [45.0, 60.0]
    assert history["status"].tolist() == ["sesuai_jadwal", "sesuai_jadwal"]
    assert history["note"].tolist()[0] == "Pengadaan berjalan"
    assert qw.history(wh, "QW-D", FILTERS)["progress_pct"].tolist() == [30.0]


def test_needing_attention_late_first(wh: Warehouse) -> None:
    frame = qw.needing_attention(wh, FILTERS)
    assert frame["program_id"].tolist() == ["QW-F", "QW-A"]
    assert frame["days_overdue"].tolist() == [151, 0]
    assert frame["behind_plan"].tolist() == [30.0, 25.0]


def test_breakdown_by_dimension(wh: Warehouse) -> None:
    frame = qw.breakdown(wh, FILTERS, qw.ALL, "dimension")
    assert frame["group"].drop_duplicates().tolist() == ["society", "living", "governance", "economy"]
    assert len(frame) == 16
    governance = frame[frame["group"] == "governance"].set_index("status")
    assert governance["programmes"].to_dict() == {"terlambat": 0, "perlu_perhatian": 1, "sesuai_jadwal": 0,
                                                  "selesai": 1}
    assert governance["avg_progress"].iloc[0] == 75.0
    with pytest.raises(ValueError):
        qw.breakdown(wh, FILTERS, qw.ALL, "kecamatan")


def test_monthly_status_counts_and_on_schedule_share(wh: Warehouse) -> None:
    frame = qw.monthly_status(wh, FILTERS)
    assert frame["as_of"].tolist() == [dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2024, 3, 31),
                                       dt.date(2024, 4, 30), dt.date(2024, 5, 30)]
    assert frame["programmes"].tolist() == [2, 3, 4, 5, 5]
    assert frame["terlambat"].tolist() == [1, 1, 1, 1, 1]
    assert frame["on_schedule_pct"].tolist() == [50.0, 66.7, 50.0, 80.0, 60.0]
    assert qw.monthly_status(wh, FILTERS, months=2)["as_of"].tolist() == [dt.date(2024, 4, 30), dt.date(2024, 5, 30)]


def test_timeline_leaves_out_programmes_finished_before_the_period(wh: Warehouse) -> None:
    assert qw.timeline_rows(wh, FILTERS)["program_id"].tolist() == ["QW-A", "QW-B", "QW-D", "QW-F"]


def test_previous_as_of_is_the_month_end_before_the_latest_report() -> None:
    assert qw.previous_as_of(pd.Timestamp("2024-04-30")) == dt.date(2024, 3, 31)
    assert qw.previous_as_of(pd.Timestamp("2024-03-15")) == dt.date(2024, 2, 29)
    assert qw.previous_as_of(None) is None


def test_selection_url_round_trip() -> None:
    choices = {"dimension": ["economy", "governance"], "opd": ["Dinas PUTR", "DLH"], "horizon": ["quick_win"]}
    picked = qw.selection_from_params({"dimensi": "governance,bogus", "opd": "Dinas PUTR", "status": "terlambat,x",
                                       "tahapan": "long"}, choices)
    assert picked == qw.Selection(("governance",), ("Dinas PUTR",), ("terlambat",), ())
    assert qw.selection_to_params(picked) == {"dimensi": "governance", "opd": "Dinas PUTR", "status": "terlambat"}


def test_empty_warehouse_gives_empty_figures(db_file: Path) -> None:
    load(db_file, "quick_wins", quick_wins_frame([]))
    wh = reader(db_file)
    summary = qw.summary(wh, FILTERS)
    assert summary["current"]["programmes"] == 0 and summary["previous_as_of"] is None
    assert summary["current"]["avg_progress"] is None and summary["current"]["spent_pct"] is None
    assert qw.monthly_status(wh, FILTERS)["on_schedule_pct"].isna().all()


# ------------------------------------------------------------------------------------------- display builders


def test_display_table_formats_and_shows_both_statuses(wh: Warehouse) -> None:
    frame = qw.latest_programmes(wh, FILTERS)
    shown = charts.display_table(frame, ["program_id", "status", "progress_vs_plan", "budget_idr", "days_overdue",
                                         "target_date", "note"], "id")
    assert list(shown.columns) == ["Kode", "Status", "Progres / rencana", "Pagu (Rp)", "Hari terlambat",
                                   "Target selesai", "Catatan / kendala"]
    rows = shown.set_index("Kode")
    assert rows.loc["QW-A", "Status"] == "⚠ Perlu perhatian"
    assert rows.loc["QW-B", "Status"] == "● Sesuai jadwal (menurut jadwal: ✕ Terlambat)"
    assert rows.loc["QW-A", "Progres / rencana"] == "50,0% / 75,0%"
    assert rows.loc["QW-B", "Pagu (Rp)"] == "Rp 2 M" and rows.loc["QW-C", "Pagu (Rp)"] == "–"
    assert rows.loc["QW-F", "Hari terlambat"] == "151" and rows.loc["QW-A", "Hari terlambat"] == ""
    assert rows.loc["QW-F", "Target selesai"] == "31 Des 2023" and rows.loc["QW-D", "Catatan / kendala"] == ""


def test_export_table_keeps_numbers_and_dates(wh: Warehouse) -> None:
    frame = qw.latest_programmes(wh, FILTERS)
    out = charts.export_table(frame, ["program_id", "dimension", "progress_pct", "target_date"], "en")
    assert list(out.columns) == ["Code", "Dimension", "Progress (%)", "Target date"]
    assert out["Progress (%)"].tolist() == [50.0, 90.0, 100.0, 30.0, 70.0]
    assert out["Dimension"].tolist()[:2] == ["Governance", "Economy"]
    assert out["Target date"].iloc[0] == dt.date(2024, 7, 19)


def test_timeline_has_one_bar_per_programme_coloured_by_status(wh: Warehouse) -> None:
    rows = qw.timeline_rows(wh, FILTERS)
    fig = charts.timeline(rows, FILTERS.end, "Akhir periode", "id")
    bars = {trace.name: list(trace.y) for trace in fig.data}
    assert bars == {"✕ Terlambat": ["Program F"], "⚠ Perlu perhatian": ["Program A"],
                    "● Sesuai jadwal": ["Program D", "Program B"], "✓ Selesai": []}
    assert fig.layout.separators == ",."


def test_most_urgent_programmes_come_first_late_then_at_risk_then_nearest_target(wh: Warehouse) -> None:
    rows = qw.timeline_rows(wh, FILTERS)
    assert charts.most_urgent(rows, 3)["program_id"].tolist() == ["QW-F", "QW-A", "QW-B"]  # B's target 31 Mar < D's
    assert sorted(charts.most_urgent(rows, 10)["program_id"]) == sorted(rows["program_id"])
    fig = charts.timeline(charts.most_urgent(rows, 3), FILTERS.end, "Akhir periode", "id")
    assert sorted(name for trace in fig.data for name in trace.y) == ["Program A", "Program B", "Program F"]


def test_month_ticks_use_the_user_language() -> None:
    ticks = charts.month_ticks("2025-07-15", "2026-01-10", "id")
    assert ticks["ticktext"] == ["Jul 2025", "Agu 2025", "Sep 2025", "Okt 2025", "Nov 2025", "Des 2025", "Jan 2026"]


# ------------------------------------------------------------------------------------------------- the page


def _page(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/01_quick_win.py")
    return at.run()


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_page_filters_change_figures_and_url(app_env) -> None:
    at = _page()
    assert not at.exception
    before = _metrics(at)
    at.multiselect(key="qw_status").set_value(["selesai"]).run()
    after = _metrics(at)
    assert after != before
    assert after["Jumlah program"] == after["Program selesai"] and after["Program perlu perhatian"] == "0"
    assert at.query_params["status"] in ("selesai", ["selesai"])


def test_page_restores_view_from_url(app_env) -> None:
    at = _page({"dimensi": "governance", "status": "selesai", "lang": "en"})
    assert not at.exception
    assert at.multiselect(key="qw_dim").value == ["governance"]
    assert at.multiselect(key="qw_status").value == ["selesai"]
    figures = _metrics(at)
    assert figures["Programmes completed"] == figures["Programmes"]
    assert figures["Late programmes"] == "0"
    helps = {m.label: m.help for m in at.metric}
    assert helps["Late programmes"] == catalogue.get("qw_late").definition("en")  # the definition one click away


def test_page_opens_the_programme_named_in_the_url(app_env) -> None:
    first = _page({"qw_tab": "programme"})
    ids = first.selectbox(key="qw_program").options
    wanted = ids[-1].rsplit("(", 1)[1].rstrip(")")
    at = _page({"program": wanted})
    assert not at.exception
    assert at.selectbox(key="qw_program").value == wanted
    assert at.query_params["program"] in (wanted, [wanted])


def test_page_timeline_draws_the_most_urgent_programmes_and_says_how_many_of_all(app_env, monkeypatch) -> None:
    everything = _page()
    drawn = figures(everything)[0]["data"]
    total = sum(len(trace.get("y", [])) for trace in drawn)
    assert total > 2 and not any("Ditampilkan" in c.value for c in everything.caption)
    monkeypatch.setattr(charts, "TIMELINE_MOST", 2)
    at = _page()
    assert not at.exception
    drawn = figures(at)[0]["data"]
    assert sum(len(trace.get("y", [])) for trace in drawn) == 2
    assert any(c.value.startswith(f"Ditampilkan 2 dari {total} program") and "Semua program" in c.value
               for c in at.caption)


def test_page_notes_kecamatan_filter_does_not_apply(app_env) -> None:
    at = _page({"kec": "Binjai Kota"})
    assert any("tidak berlaku" in c.value for c in at.caption)
