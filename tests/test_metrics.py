"""The metric catalogue: complete in both languages, documented, one formatted value per metric on every surface.

The cross-surface test runs the default filters and two others through every surface that shows catalogue
metrics — the overview, Program Quick Win, e-Mas, e-Saberling and applications pages (AppTest), the slides, the
PPTX handout's text and `python -m etl metrics --json` — and requires that every label shown there carries the
same formatted value.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from binjai import clock, db, handout, slides
from binjai.filters import from_params
from binjai.metrics import catalogue, docs
from etl.cli import main
from tests.conftest import ROOT

FILTER_SETS = ({}, {"periode": "ytd", "kec": "Binjai Kota"}, {"periode": "last_year", "lang": "en"})
PAGES = ("dashboard.py", "pages/01_quick_win.py", "pages/02_e_mas.py", "pages/03_e_saberling.py", "pages/06_aplikasi.py")


def test_every_entry_is_complete_in_both_languages() -> None:
    entries = catalogue.catalogue()
    assert len({m.id for m in entries}) == len(entries) >= 18
    for metric in entries:
        assert all((metric.label_id, metric.label_en, metric.definition_id, metric.definition_en, metric.formula))
        assert metric.unit in catalogue.UNITS and metric.good in catalogue.GOOD and metric.grain in catalogue.GRAINS
    labels = [m.label_id for m in entries]
    assert len(set(labels)) == len(labels), "two metrics share a label"


def test_period_share_and_latest_month_are_two_metrics_with_two_labels() -> None:
    period, month = catalogue.get("emas_resolved_pct"), catalogue.get("emas_aduan_selesai_pct")
    assert (period.grain, month.grain) == ("period", "latest_month")
    assert period.label("id") != month.label("id") and period.label("en") != month.label("en")


@pytest.mark.parametrize(("unit", "value", "lang", "expected"), [
    ("pct", 91.04, "id", "91,0%"), ("count", 2772, "id", "2.772"), ("workdays", 5, "id", "5,0 hari kerja"),
    ("workdays", 5, "en", "5.0 working days"), ("kg", 154484.4, "en", "154,484 kg"), ("idr", 1.63e9, "id", "Rp 1,63 M"),
    ("idr", 1.63e9, "en", "Rp 1.63 B"), ("days", 2.25, "id", "2,2 hari"), ("number", 12.5, "id", "12,5"),
    ("pct", None, "id", "–")])
def test_formats_by_unit(unit: str, value: object, lang: str, expected: str) -> None:
    assert catalogue.format_unit(value, unit, lang) == expected


def test_docs_are_generated_from_the_catalogue() -> None:
    assert (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8") == docs.markdown("en")
    for metric in catalogue.catalogue():
        assert f"`{metric.id}`" in docs.markdown("id")


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_cli_refuses_bad_options_with_a_message(sample_db: Path) -> None:
    code, _, err = _cli("--db", str(sample_db), "metrics", "--kecamatan", "Binjai Tengah")
    assert code == 1 and "Kecamatan tidak dikenal: Binjai Tengah" in err
    code, _, err = _cli("--db", str(sample_db), "metrics", "--period", "custom", "--lang", "en")
    assert code == 1 and "--from and --to" in err
    code, _, err = _cli("--db", str(sample_db), "metrics", "--period", "custom", "--from", "2024-13-01", "--to", "x")
    assert code == 1 and "Tanggal tidak dikenal" in err


def test_cli_custom_period_dates(sample_db: Path) -> None:
    code, out, _ = _cli("--db", str(sample_db), "metrics", "--json", "--period", "custom", "--from", "2024-04-01",
                        "--to", "2024-04-30", "--today", "2024-05-20")
    rows = {row["id"]: row for row in json.loads(out)}
    assert code == 0
    assert (rows["emas_received"]["period_start"], rows["emas_received"]["period_end"]) == ("2024-04-01", "2024-04-30")
    assert (rows["emas_aduan_selesai_pct"]["period_start"], rows["emas_aduan_selesai_pct"]["period_end"]) == (
        "2024-04-01", "2024-04-30")
    assert set(rows) >= {m.id for m in catalogue.catalogue()}


def _expected(sample_db: Path, params: dict[str, str]) -> tuple[str, dict[str, str]]:
    """Language and {label: formatted} from `etl metrics --json` for URL-style filter params."""
    lang = params.get("lang", "id")
    args = ["--db", str(sample_db), "metrics", "--json", "--lang", lang, "--period", params.get("periode", "12m")]
    if params.get("kec"):
        args += ["--kecamatan", params["kec"]]
    code, out, _ = _cli(*args)
    assert code == 0
    return lang, {row["label"]: row["formatted"] for row in json.loads(out)}


def _page_values(page: str, params: dict[str, str]) -> dict[str, str]:
    """{label: value} of every tile of a page, opened from the home page with the filters in the URL."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "dashboard.py":
        at.switch_page(page)
        at.run()
    assert not at.exception, (page, at.exception)
    return {m.label: m.value for m in at.metric}


def _deck_values(sample_db: Path, params: dict[str, str], lang: str) -> tuple[dict[str, str], list[str]]:
    """{label: value} of every slide figure, and the text of each slide of the PPTX handout."""
    today = clock.today()
    deck = slides.build_deck(db.reader(sample_db), from_params(params, today), lang, today)
    shown = {stat.label: stat.value for slide in deck for stat in slide.stats}
    data = handout.make(deck, "pptx", lang, prepared=({}, "missing")).data
    texts = ["\n".join(shape.text_frame.text for shape in page.shapes if shape.has_text_frame)
             for page in Presentation(io.BytesIO(data)).slides]
    return shown, texts


def _check(surface: str, shown: dict[str, str], expected: dict[str, str], at_least: int) -> None:
    matched = {label: value for label, value in shown.items() if label in expected}
    assert len(matched) >= at_least, (surface, sorted(shown))
    wrong = {label: (value, expected[label]) for label, value in matched.items() if value != expected[label]}
    assert not wrong, (surface, wrong)


@pytest.mark.parametrize("params", FILTER_SETS, ids=["default", "ytd_kota", "last_year_en"])
def test_every_surface_shows_the_same_value_for_each_metric(app_env: Path, params: dict[str, str]) -> None:
    lang, expected = _expected(app_env, params)
    minimum = {"dashboard.py": 8, "pages/01_quick_win.py": 7, "pages/02_e_mas.py": 5, "pages/03_e_saberling.py": 5,
               "pages/06_aplikasi.py": 4}
    for page in PAGES:
        _check(page, _page_values(page, params), expected, minimum[page])
    shown, texts = _deck_values(app_env, params, lang)
    _check("slides", shown, expected, 8)
    handout_text = "\n".join(texts)
    for label in shown:
        if label in expected:
            assert label in handout_text and expected[label] in handout_text, ("handout", label, expected[label])
