"""Scorecard: the administrator's dimension map (checks, overrides, weights) and the completeness score against
hand-computed values; an edited map changes the page."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from binjai import db, settings
from binjai.queries import scorecard
from tests import scorecard_fixtures as fx
from tests.chart_figures import chart_elements, figures
from tests.conftest import ROOT


@pytest.fixture
def wh(db_file):
    return db.warehouse(fx.build(db_file))


@pytest.fixture
def test_map(tmp_path: Path) -> pd.DataFrame:
    path = tmp_path / "map.csv"
    path.write_text(fx.TEST_MAP, encoding="utf-8")
    mapping, _ = scorecard.read_map(path)
    return mapping


def test_read_map_reports_every_unusable_row(tmp_path: Path) -> None:
    path = tmp_path / "map.csv"
    path.write_text(fx.TEST_MAP + "Smart Society,aplikasi,Catin,\nsociety,metric,,1\n", encoding="utf-8")
    mapping, problems = scorecard.read_map(path)
    assert [(p.row, p.column, p.value, p.reason) for p in problems] == [
        (7, "dimension", "bogus", "dimension"), (8, "weight", "x", "weight"), (10, "item", "", "item")]
    assert mapping.iloc[-1].tolist() == ["society", "app", "Catin", 1.0]  # aliases and the default weight
    assert len(mapping) == 6


def test_missing_map_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    mapping, problems = scorecard.read_map(tmp_path / "absent.csv")
    assert mapping.empty and problems[0].reason == "missing_file"


def test_the_shipped_map_is_valid_and_names_only_known_items(wh) -> None:
    mapping, problems = scorecard.read_map()
    assert problems == []
    unknown = scorecard.unknown_items(wh, mapping)
    assert unknown.empty
    served = {app for apps in scorecard.dimension_apps(mapping).values() for app in apps}
    assert served == {"e-Mas", "e-Saberling", "e-Musrenbang", "e-SSH", "e-Kinerja", "e-Warung", "e-PBB", "Catin"}


def test_summary_against_hand_computed_scores(wh, test_map) -> None:
    summary = scorecard.summary(wh, fx.PERIOD, test_map).set_index("dimension")
    governance = summary.loc["governance"]
    # Programmes: QW-G1 selesai, QW-G2 terlambat -> 1 of 2 = 50 %.
    assert governance[["programmes", "on_schedule", "late", "at_risk"]].tolist() == [2, 1, 1, 0]
    assert governance["programme_share"] == 50.0
    # Metrics: e-Kinerja 88 < 90 (weight 1), e-SSH 50 >= 40 (weight 1), usulan_masuk 300 >= 200 (weight 2)
    # -> (1 + 2) / 4 = 75 %.
    assert governance[["metrics", "metrics_counted", "on_target", "metric_share"]].tolist() == [3, 3, 2, 75.0]
    assert governance["score"] == 62.5
    economy = summary.loc["economy"]
    # QW-E1, QW-E3 on schedule, QW-E2 at risk (its July report is after the period), QW-L1 moved here by the map.
    assert economy[["programmes", "on_schedule", "at_risk", "programme_share"]].tolist() == [4, 3, 1, 75.0]
    # e-PBB May 2024: 1.5 M < 2 M -> 0 %; score (75 + 0) / 2.
    assert economy[["metrics_counted", "on_target", "metric_share", "score"]].tolist() == [1, 0, 0.0, 37.5]
    living = summary.loc["living"]
    assert living["programmes"] == 0 and living["metrics"] == 0 and math.isnan(living["score"])
    assert summary.loc["governance", "apps"] == ["e-SSH", "e-Kinerja"]


def test_programme_override_moves_a_programme(wh, test_map) -> None:
    moved = scorecard.programmes(wh, fx.PERIOD, test_map, "economy")
    assert set(moved["program_id"]) == {"QW-E1", "QW-E2", "QW-E3", "QW-L1"}
    assert scorecard.programmes(wh, fx.PERIOD, test_map, "living").empty
    # Late programmes come first within a dimension.
    assert scorecard.programmes(wh, fx.PERIOD, test_map, "governance")["program_id"].tolist() == ["QW-G2", "QW-G1"]


def test_without_the_override_the_reported_dimension_counts(wh, test_map) -> None:
    plain = test_map[test_map["kind"] != "programme"]
    summary = scorecard.summary(wh, fx.PERIOD, plain).set_index("dimension")
    assert summary.loc["living", ["programmes", "on_schedule", "score"]].tolist() == [1, 1, 100.0]
    assert summary.loc["economy", "programme_share"] == round(2 / 3 * 100, 1)


def test_unknown_items_are_listed(wh) -> None:
    mapping = pd.DataFrame([["governance", "app", "e-Foo", 1.0], ["economy", "programme", "QW-X9", 1.0],
                            ["economy", "programme", "QW-E1", 1.0]], columns=scorecard.MAP_COLUMNS)
    unknown = scorecard.unknown_items(wh, mapping)
    assert unknown.values.tolist() == [["app", "e-Foo"], ["programme", "QW-X9"]]


def _scorecard_page(monkeypatch, reference: Path) -> AppTest:
    monkeypatch.setattr(settings, "REFERENCE_DIR", reference)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["periode"] = "custom"
    at.query_params["dari"] = "2024-01-01"
    at.query_params["sampai"] = "2024-06-30"
    at.run()
    at.switch_page("pages/04_dimensi.py")
    return at.run()


def test_edited_map_changes_the_page(wh, tmp_path: Path, monkeypatch) -> None:
    first = _scorecard_page(monkeypatch, fx.reference_copy(tmp_path / "a", fx.TEST_MAP))
    assert not first.exception, first.exception
    scores = [tab.label.rsplit(" · ", 1)[1] for tab in first.tabs]
    assert scores == ["62,5", "–", "37,5", "–", "–", "–"]  # one tab per dimension, governance first
    assert [m.value for m in first.metric if m.label == "Skor kelengkapan"] == ["62,5"]  # only the open tab runs
    assert any("2 baris" in w.value for w in first.warning)  # the two unusable rows are reported

    edited = fx.TEST_MAP.replace("governance,metric,usulan_masuk,2\n", "")
    second = _scorecard_page(monkeypatch, fx.reference_copy(tmp_path / "b", edited))
    assert not second.exception, second.exception
    # Without usulan_masuk: programmes 50 %, metrics 1 of 2 = 50 % -> 50.
    assert [tab.label.rsplit(" · ", 1)[1] for tab in second.tabs][:3] == ["50,0", "–", "37,5"]


def test_metric_charts_are_drawn_when_asked_for(wh, tmp_path: Path, monkeypatch) -> None:
    from binjai.charts import apps as charts
    from binjai.queries import apps

    at = _scorecard_page(monkeypatch, fx.reference_copy(tmp_path / "a", fx.TEST_MAP))
    assert not at.exception, at.exception
    assert len(chart_elements(at)) == 1  # the scores; governance's three metric charts wait for the switch
    switch = at.toggle(key="sc_trends_governance")
    assert switch.label == "Tampilkan grafik 12 bulan (3 indikator)"
    switch.set_value(True).run()
    assert not at.exception, at.exception
    mapping, _ = scorecard.read_map(settings.REFERENCE_DIR / "dimension_map.csv")
    metrics = scorecard.metrics(wh, fx.PERIOD, mapping, "governance")
    expected = charts.trend_figures(metrics, apps.trend_frame(wh, fx.PERIOD, apps.metric_keys(metrics)), "id")
    drawn = figures(at)[1:]
    assert len(drawn) == len(expected) == 3
    for spec, (_, figure) in zip(drawn, expected, strict=True):
        assert spec["layout"]["title"]["text"] == figure.layout.title.text
        assert [trace.get("y") for trace in spec["data"]] == [json.loads(figure.to_json())["data"][i].get("y")
                                                              for i in range(len(spec["data"]))]
