"""Drill-through in Mode Presentasi: every headline figure of a slide that is counted over records opens them, and the
records recount the figure as the slide shows it; the records open from the control bar without leaving the slide."""

from __future__ import annotations

from pathlib import Path

import pytest

from binjai import fmt, slides
from binjai.charts import apps as app_charts
from binjai.charts import drill as view
from binjai.db import reader
from binjai.filters import from_params
from binjai.queries import drill
from tests.test_drill import TODAY
from tests.test_presenter_page import _open, _slide_param


def _as_shown(result: drill.Drill, lang: str) -> str:
    """The drilled figure written as the slide writes it (a dimension's programmes as `part of n`)."""
    if result.metric_id == "dim_on_schedule":
        return app_charts.count_of(result.part or 0, result.rows, lang)
    if result.metric_id.startswith("qw_") and result.kind == "count":
        return fmt.number(result.rows, 0, lang)
    return view.formatted_value(result, lang) if result.kind != "count" else view.formatted_value(
        drill.Drill(result.metric_id, result.records, "count", None, result.rows, unit=result.unit), lang)


@pytest.mark.parametrize(("lang", "params"), [("id", {}), ("en", {"periode": "ytd", "kec": "Binjai Kota"})])
def test_every_drilled_slide_figure_equals_its_records(sample_db: Path, lang: str, params: dict) -> None:
    wh = reader(sample_db)
    filters = from_params(params, TODAY)
    deck = slides.build_deck(wh, filters, lang, TODAY)
    checked: dict[str, int] = {}
    for slide in deck:
        asks = slides.stat_asks(slide)
        drilled = [stat for stat in slide.stats if stat.ask]
        assert len(asks) == len(drilled)
        for stat in drilled:
            result = drill.ask(wh, stat.ask, filters, TODAY)
            assert _as_shown(result, lang) == stat.value, (slide.key, stat.label, stat.value)
            assert stat.ask.label == stat.label
            checked[slide.key] = checked.get(slide.key, 0) + 1
    assert checked["e_mas"] == 4 and checked["e_saberling"] == 4 and checked["quick_wins"] == 5
    assert checked["overview"] == 2 and sum(key.startswith("dim_") for key in checked) == 6
    assert "cover" not in checked and "closing" not in checked


def test_records_open_from_the_bar_and_the_slide_stays(app_env) -> None:
    at = _open({"slide": "1"})
    assert at.session_state["pr_drill"] is not True
    assert not [box for box in at.selectbox if str(box.key).startswith("pr_drill_")]  # closed: nothing read
    total = len(at.selectbox(key="pr_jump").options)
    e_mas = total - 2  # e-Mas, e-Saberling and the closing slide end the deck
    at.query_params["slide"] = str(e_mas)
    at.run()
    at.session_state["pr_drill"] = True
    at.run()
    assert not at.exception, at.exception
    box = at.selectbox(key=f"pr_drill_{e_mas}_drill")
    tiles = {m.label: m.value for m in at.metric}
    assert len(box.options) == 4 and set(box.options) == set(tiles)
    for index in range(len(box.options)):
        at.selectbox(key=f"pr_drill_{e_mas}_drill").select_index(index).run()
        assert not at.exception, at.exception
        assert {f"pr_drill_{e_mas}_drill_export_csv", f"pr_drill_{e_mas}_drill_export_xlsx"} <= {
            b.key for b in at.get("download_button")}
    assert _slide_param(at) == str(e_mas)
