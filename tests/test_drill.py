"""Drill-through: the records behind every figure the pages show recount to the catalogue's value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from binjai.db import reader
from binjai.filters import from_params
from binjai.metrics import compute
from binjai.queries import drill, e_mas, quick_wins

TODAY = dt.date(2026, 12, 1)
FILTER_SETS = [{}, {"periode": "ytd", "kec": "Binjai Kota"}, {"periode": "last_year", "kec": "Binjai Timur,Binjai Utara"}]


@pytest.mark.parametrize("params", FILTER_SETS)
def test_drill_counts_equal_the_catalogue(sample_db: Path, params: dict) -> None:
    wh = reader(sample_db)
    filters = from_params(params, TODAY)
    values = compute.by_id(compute.compute(wh, filters, TODAY, 365))
    for metric_id in drill.DRILLABLE:
        result = drill.drill(wh, filters, metric_id, TODAY, stale_days=365)
        expected = values[metric_id].value
        if result.kind == "count":
            assert result.rows == (expected or 0), metric_id
        else:
            assert result.value == pytest.approx(expected), metric_id
    for metric_id in (v.id for v in compute.app_values(wh, filters)):
        result = drill.drill(wh, filters, metric_id, TODAY)
        assert result.value == pytest.approx(values[metric_id].value), metric_id
        assert result.rows <= 12 and result.records["shown"].sum() == (values[metric_id].value is not None)


def test_every_catalogue_metric_drills_through() -> None:
    from binjai.metrics.catalogue import catalogue

    assert {m.id for m in catalogue()} == set(drill.DRILLABLE)


@pytest.mark.parametrize("params", FILTER_SETS[:2])
def test_drill_follows_the_page_selection(sample_db: Path, params: dict) -> None:
    wh = reader(sample_db)
    filters = from_params(params, TODAY)
    chosen = e_mas.Selection(category=("Kebersihan & Sampah",), opd=("DLH", "PUPR"))
    head = e_mas.headline(wh, filters, chosen, today=TODAY, stale_days=365)
    for metric_id, key in (("emas_received", "received"), ("emas_resolved_pct", "resolved_pct"),
                           ("emas_median_days", "median_days_to_resolve"),
                           ("emas_resolved_on_time_pct", "resolved_on_time_pct"),
                           ("emas_overdue_open", "overdue_open"), ("emas_stale_open", "stale_open")):
        result = drill.drill(wh, filters, metric_id, TODAY, 365, emas_selection=chosen)
        assert result.value == pytest.approx(head[key]), metric_id
        assert set(result.records["opd"]) <= {"DLH", "PUPR"}
    picked = quick_wins.Selection(statuses=("terlambat", "selesai"))
    figures = quick_wins.summary(wh, filters, picked)["current"]
    for metric_id, key in compute.PROGRAMME_FIGURES.items():
        result = drill.drill(wh, filters, metric_id, TODAY, qw_selection=picked)
        assert result.value == pytest.approx(figures[key] if figures["programmes"] else None), metric_id


def test_shares_flag_their_numerator(sample_db: Path) -> None:
    wh = reader(sample_db)
    filters = from_params({}, TODAY)
    result = drill.drill(wh, filters, "emas_resolved_on_time_pct", TODAY, 365)
    assert result.kind == "share" and 0 < result.part < result.rows
    assert result.value == round(100 * result.records["resolved_on_time"].sum() / result.rows, 1)
    late = result.records[~result.records["resolved_on_time"]]
    assert set(late["status"]) >= {"selesai"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_drill_tables_are_labelled_and_formatted(sample_db: Path, lang: str) -> None:
    from binjai.charts import drill as view
    from binjai.i18n import t

    wh = reader(sample_db)
    filters = from_params({}, TODAY)
    for metric_id in (*drill.DRILLABLE, "app:e-PBB:penerimaan_pbb"):
        result = drill.drill(wh, filters, metric_id, TODAY, 365)
        shown = view.display_frame(result, lang)
        assert list(shown.columns) == [t(f"drill.col.{c}", lang) for c in result.records.columns], metric_id
        assert set(shown.columns).isdisjoint(result.records.columns), metric_id
        assert list(view.export_frame(result).columns) == list(result.records.columns)
    complaints = view.display_frame(drill.drill(wh, filters, "emas_resolved_pct", TODAY, 365), lang)
    assert complaints[t("drill.col.received_at", lang)].str.fullmatch(r"\d{1,2} \w{3,4} 20\d\d \d\d:\d\d").all()
    assert set(complaints[t("drill.col.resolved", lang)]) == {t("drill.yes", lang), t("drill.no", lang)}
    waste = view.display_frame(drill.drill(wh, filters, "sab_waste_kg", TODAY, 365), lang)
    decimal = "," if lang == "id" else "."
    assert waste[t("drill.col.waste_kg", lang)].str.contains(decimal, regex=False).any()
