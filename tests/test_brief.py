"""The weekly brief: the rule finds injected changes, reports no noise, and every number is the catalogue's."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from binjai import weekly_rule as stats
from binjai.brief import build, export, text
from binjai.db import QUERIES, Warehouse, reader
from binjai.errors import UserFacingError
from binjai.filters import Filters
from binjai.metrics import compute
from binjai.metrics.catalogue import formatted
from binjai.queries import brief as queries
from binjai.queries import e_mas
from etl.cli import main
from tests import brief_fixtures as fx
from tests.backends import new_warehouse
from tests.conftest import use_warehouse


@pytest.fixture(scope="module")
def injected(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    path = new_warehouse(request, tmp_path_factory.mktemp("brief"), "injected.duckdb")
    return reader(fx.load(path, fx.complaint_rows(seed=7, inject=True)))


def test_injected_changes_are_found_and_nothing_else(injected: Warehouse) -> None:
    brief = build.build(injected, fx.WEEK, fx.TODAY)
    found = {(c.kecamatan, c.category, c.outcome.direction) for c in brief.changes}
    assert (*fx.UP_CELL, stats.UP) in found
    assert (*fx.DOWN_CELL, stats.DOWN) in found
    for change in brief.changes:
        assert change.kecamatan in (fx.UP_CELL[0], fx.DOWN_CELL[0], "")
        assert change.category in (fx.UP_CELL[1], fx.DOWN_CELL[1], "")


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_a_week_without_real_change_gives_no_rise_or_fall_sentence(request: pytest.FixtureRequest, tmp_path: Path,
                                                                     seed: int) -> None:
    wh = reader(fx.load(new_warehouse(request, tmp_path, "noise.duckdb"), fx.complaint_rows(seed=seed, inject=False)))
    brief = build.build(wh, fx.WEEK, fx.TODAY)
    assert brief.tested > 10 and brief.changes == []
    for lang, words in (("id", ("naik", "turun")), ("en", ("rose", "fell"))):
        message = text.whatsapp(brief, lang)
        assert not any(re.search(rf"\b{w}\b", message) for w in words), message


def _catalogue_count(wh: Warehouse, change: build.Change, start: dt.date, end: dt.date) -> int:
    """The catalogue's emas_received for the change's scope (category through the e-Mas page's own filter)."""
    filters = Filters(start, end, (change.kecamatan,) if change.kecamatan else (), "custom")
    if change.category:
        return e_mas.headline(wh, filters, e_mas.Selection(category=(change.category,)), today=fx.TODAY)["received"]
    values = compute.by_id(compute.complaint_values(wh, filters, fx.TODAY, 365))
    return values["emas_received"].value


def test_every_number_in_a_change_sentence_is_the_catalogues(injected: Warehouse) -> None:
    brief = build.build(injected, fx.WEEK, fx.TODAY)
    assert brief.changes
    for change in brief.changes:
        now = _catalogue_count(injected, change, brief.start, brief.end)
        recent = [_catalogue_count(injected, change, w, w + dt.timedelta(days=6)) for w in change.recent_weeks]
        season = [_catalogue_count(injected, change, w, w + dt.timedelta(days=6)) for w in change.seasonal_weeks]
        assert change.outcome.count == now and len(recent) == stats.RECENT_WEEKS and len(season) == 3
        assert change.outcome.recent_mean == pytest.approx(sum(recent) / len(recent))
        assert change.outcome.seasonal_mean == pytest.approx(sum(season) / len(season))
        for lang in ("id", "en"):
            sentence = text.change_sentence(change, lang)
            assert f"({formatted('emas_received', now, lang)} vs " in sentence
            mean = f"{sum(recent) / len(recent):,.1f}"
            assert (mean.translate(str.maketrans(",.", ".,")) if lang == "id" else mean) in sentence
        assert change.trace(brief.start, brief.end).startswith("emas_received · 2026-11-23..2026-11-29")


def test_the_sentence_reads_as_the_issue_asks(injected: Warehouse) -> None:
    brief = build.build(injected, fx.WEEK, fx.TODAY)
    up = next(c for c in brief.changes if (c.kecamatan, c.category) == fx.UP_CELL)
    sentence = text.change_sentence(up, "id")
    assert sentence.startswith("Aduan masuk kategori Jalan & Drainase di Binjai Timur naik ")
    assert "dibanding rata-rata 8 minggu sebelumnya (40 vs " in sentence
    assert "Roads & Drainage" in text.change_sentence(up, "en")


def test_rule_edges() -> None:
    assert stats.judge(9, [2] * 8, [], 1).direction is None, "below the minimum count"
    assert stats.judge(40, [14] * 3, [], 1).direction is None, "too few baseline weeks"
    assert stats.judge(40, [14] * 8, [50, 45], 1).direction is None, "a usual seasonal peak"
    assert stats.judge(40, [14] * 8, [12], 1).direction == stats.UP
    assert stats.judge(16, [14] * 8, [], 1).direction is None, "small relative change"
    assert stats.binomial_tail(0, 10, 0.5, upper=True) == pytest.approx(1.0)
    assert stats.binomial_tail(10, 10, 0.5, upper=True) == pytest.approx(0.5 ** 10)
    assert stats.binomial_tail(1, 2, 0.5, upper=False) == pytest.approx(0.75)


def test_bad_and_unfinished_weeks_are_refused() -> None:
    assert build.parse_week("2026-w48") == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    for bad in ("2026-48", "2026-W54", "W48", ""):
        with pytest.raises(UserFacingError):
            build.parse_week(bad)
    assert build.last_complete_week(dt.date(2026, 12, 1)) == "2026-W48"
    assert build.last_complete_week(dt.date(2026, 11, 30)) == "2026-W48"


def test_the_command_writes_pdf_text_and_json(injected: Warehouse, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["--db", str(injected.path), "brief", "--week", fx.WEEK, "--out", str(out),
                 "--today", fx.TODAY.isoformat()]) == 0
    assert "ringkasan-2026-W48-id.pdf" in capsys.readouterr().out
    assert len(PdfReader(out / "ringkasan-2026-W48-id.pdf").pages) == 1
    message = (out / "ringkasan-2026-W48-id.txt").read_text(encoding="utf-8")
    assert message.startswith("*Ringkasan Mingguan 2026-W48") and "Aturan:" in message and " naik " in message
    body = json.loads((out / "ringkasan-2026-W48-id.json").read_text(encoding="utf-8"))
    assert {c["trace"] for c in body["changes"]} == {c.trace(fx.MONDAY, fx.MONDAY + dt.timedelta(days=6))
                                                     for c in build.build(injected, fx.WEEK, fx.TODAY).changes}
    assert main(["--db", str(injected.path), "brief", "--week", "2026-W49", "--out", str(out),
                 "--today", fx.TODAY.isoformat()]) == 1
    assert "belum selesai" in capsys.readouterr().err


def test_pdf_stays_one_page_with_long_lists(injected: Warehouse) -> None:
    brief = build.build(injected, fx.WEEK, fx.TODAY)
    alerts = pd.DataFrame({"alert_id": range(8), "rule_id": "opd_overdue", "kind": "opd_overdue",
                           "key": ["Dinas " + "x" * 200] * 8, "value": 12.0})
    long = dataclasses.replace(brief, changes=brief.changes * 3, alerts=alerts)
    assert len(PdfReader(__import__("io").BytesIO(export.pdf.render(long, "en"))).pages) == 1


def test_page_shows_the_brief_with_traces(injected: Warehouse, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    use_warehouse(monkeypatch, injected.path)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["minggu"] = fx.WEEK
    at.run()
    at.switch_page("pages/07_ringkasan.py")
    at.run()
    assert not at.exception, at.exception
    from binjai.text import escape_markdown

    shown = " ".join(m.value for m in at.markdown)
    brief = build.build(injected, fx.WEEK, fx.TODAY)
    for change in brief.changes:
        assert escape_markdown(text.change_sentence(change, "id")) in shown
    traces = [c.value for c in at.caption if c.value.startswith("Sumber angka: ")]
    lines = [line for section in text.sections(brief, "id") for line in section.lines if line.trace]
    assert traces == [f"Sumber angka: {escape_markdown(line.source)}" for line in lines]
    assert any(escape_markdown(text.subject(change, "id")) in trace for trace in traces for change in brief.changes)
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}|emas_|sab_|quick_wins\.", trace) for trace in traces), traces
    assert fx.WEEK in at.code[0].value


def test_opd_timeliness_sentences_carry_the_catalogues_value(sample_db: Path) -> None:
    from binjai.clock import today as today_wib

    wh, today = reader(sample_db), today_wib()
    brief = build.build(wh, build.last_complete_week(today), today)
    assert len(brief.opd_levels)
    lines = {line.trace: line.text for s in text.sections(brief, "id") for line in s.lines}
    for row in brief.opd_levels.itertuples():
        window = Filters(row.start, brief.end, (), "custom")
        head = e_mas.headline(wh, window, e_mas.Selection(opd=(row.opd,)), today=brief.end)
        trace = f"emas_resolved_on_time_pct · {row.start.isoformat()}..{brief.end.isoformat()} · opd={row.opd}"
        assert lines[trace].startswith(f"{row.opd}: {formatted('emas_resolved_on_time_pct', head['resolved_on_time_pct'], 'id')} ")
        assert head["received"] >= build.MIN_SERVICE_COMPLAINTS


EXPECTED = Path(__file__).parent / "fixtures" / "brief"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_set_based_brief_equals_the_per_series_brief(injected: Warehouse, lang: str) -> None:
    """The brief from the grouped queries is the one the per-series queries gave (JSON written before the change;
    the late-data section is left out: it follows the sources' declared cadence, not these queries)."""
    def comparable(text_json: str) -> dict:
        body = json.loads(text_json)
        body["sections"] = [s for s in body["sections"] if s["key"] != "data"]
        return body

    expected = (EXPECTED / f"injected-{fx.WEEK}-{lang}.json").read_text(encoding="utf-8")
    assert comparable(export.as_json(build.build(injected, fx.WEEK, fx.TODAY), lang)) == comparable(expected)


def _per_series(wh: Warehouse, metric_id: str, monday: dt.date) -> list:
    """Test oracle: the series of one metric read the way the brief read them before, a range join per metric
    with first dates from their own query."""
    table, column, category = queries.SERIES_SOURCES[metric_id]
    first = wh.scalar(f"SELECT min({column})::DATE FROM {table}")
    weeks = build._weeks(monday, None if first is None else pd.Timestamp(first).date())
    if weeks is None:
        return []
    recent, seasonal = weeks
    frame = wh.query(
        f"SELECT w.week, t.kecamatan, {category or repr('')} AS category, count(*) AS n FROM brief_weeks w "
        f"JOIN {table} t ON t.{column} >= w.week AND t.{column} < w.week + INTERVAL 7 DAY GROUP BY 1, 2, 3",
        frames={"brief_weeks": pd.DataFrame({"week": pd.to_datetime(pd.Series([monday, *recent, *seasonal],
                                                                              dtype=object))})})
    frame["week"] = pd.to_datetime(frame["week"]).dt.date
    return build._metric_series(metric_id, frame.astype({"n": int}), monday, recent, seasonal)


def test_grouped_series_equal_the_per_series_oracle(sample_db: Path, injected: Warehouse) -> None:
    from binjai.clock import today as today_wib

    sample = reader(sample_db)
    last = build.parse_week(build.last_complete_week(today_wib()))[0]
    cases = [(injected, fx.MONDAY), (sample, last), (sample, last - dt.timedelta(days=7 * 20))]
    for wh, monday in cases:
        metrics = list(queries.SERIES_SOURCES)
        firsts = queries.first_dates(wh)
        grouped = build.series(wh, monday, firsts, metrics)
        oracle = [s for m in metrics for s in _per_series(wh, m, monday)]
        assert grouped == oracle and len(grouped) > 10
    assert {s.metric_id for s in build.series(sample, last, firsts, metrics)} == set(metrics)


def test_first_dates_in_one_query_equal_each_sources_own_minimum(sample_db: Path) -> None:
    wh = reader(sample_db)
    before = QUERIES.total
    firsts = queries.first_dates(wh)
    assert QUERIES.total - before == 1
    for metric_id, (table, column, _) in queries.SERIES_SOURCES.items():
        assert firsts[metric_id] == pd.Timestamp(wh.scalar(f"SELECT min({column})::DATE FROM {table}")).date()


@pytest.mark.parametrize(("lang", "overdue", "day"), [("id", "Aduan lewat batas", "29 Nov 2026"),
                                                       ("en", "Overdue complaints", "29 Nov 2026")])
def test_traces_read_as_labels_and_dates_on_the_page_and_in_the_pdf(injected: Warehouse, lang: str, overdue: str,
                                                                     day: str) -> None:
    """Where each number comes from is told with the figure's label in the reader's language and the project's
    date format (never a metric id or an ISO date), the same on the page and in the PDF's notes."""
    from binjai.metrics.catalogue import label

    brief = build.build(injected, fx.WEEK, fx.TODAY)
    lines = [line for section in text.sections(brief, lang) for line in section.lines]
    assert lines and all(bool(line.source) == bool(line.trace) for line in lines)
    sources = [line.source for line in lines if line.source]
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}|_open|_received|_pct|quick_wins\.|freshness|alert_history", s)
                   for s in sources), sources
    assert label("emas_overdue_open", lang) == overdue
    assert f"{overdue} · {'per' if lang == 'id' else 'as of'} {day}" in sources
    assert any(s.startswith(text.subject(c, lang)) and s.endswith("23 Nov 2026 – 29 Nov 2026")
               for c in brief.changes for s in sources)
    printed = " ".join(page.extract_text() for page in PdfReader(__import__("io").BytesIO(export.pdf.render(brief, lang))).pages)
    printed = re.sub(r"\s+", " ", printed)
    for source in set(sources):
        assert re.sub(r"\s+", " ", source) in printed, source
    assert not re.search(r"\d{4}-\d{2}-\d{2}\.\.", printed)
