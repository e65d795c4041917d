"""Handouts as a reader sees them: the PPTX rendered by LibreOffice and the PDF read back with poppler. No text
is drawn over other text (notes under tables, footers), and no word of a table is broken inside the word.
Chart images are left out (tables stand in for them), which gives the renderers the most text to place."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from binjai import db, handout, slides
from binjai.filters import from_params
from binjai.i18n import t
from binjai.slides import Bullets, Chart, Table, arranged
from tests import render_checks

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def deck(sample_db: Path) -> list[slides.Slide]:
    return slides.build_deck(db.warehouse(sample_db), from_params({}, TODAY), "id", TODAY,
                             generated_at=dt.datetime(2026, 12, 1, 9, 0))


@pytest.fixture(scope="module")
def rendered(deck, tmp_path_factory) -> dict[str, list[list[render_checks.Word]]]:
    render_checks.require_tools()
    out = tmp_path_factory.mktemp("render")
    files = {kind: handout.make(deck, kind, "id", prepared=({}, "missing")) for kind in handout.KINDS}
    (out / "deck.pptx").write_bytes(files["pptx"].data)
    (out / "deck.pdf").write_bytes(files["pdf"].data)
    from_pptx = render_checks.pptx_to_pdf(out / "deck.pptx", out / "lo")
    pages = {"pdf": render_checks.page_words(out / "deck.pdf"), "pptx": render_checks.page_words(from_pptx)}
    images = render_checks.page_images(from_pptx, out)
    assert len(images) == len(deck) and all(p.stat().st_size > 2_000 for p in images)
    return pages


def _slide_words(slide: slides.Slide) -> set[str]:
    """Every word the slide may show: its texts, all table rows (chart panels as their tables) and the notes
    the renderers add (charts as tables, rows left out)."""
    texts = [slide.title, slide.subtitle, slide.footer, f"{slide.number} / {slide.total}", f"⚠ {slide.sample_mark}",
             *slide.lines, t("presentasi.images_missing", "id"), t("presentasi.more_rows", "id", n="")]
    texts += [f"{s.label} {s.value} {s.note}" for s in slide.stats]
    for panel in slide.panels:
        table = panel.fallback if isinstance(panel, Chart) else panel
        texts.append(getattr(panel, "title", ""))
        if isinstance(table, Table):
            texts += [table.note, *table.columns, *(cell for row in table.rows for cell in row)]
        if isinstance(panel, Bullets):
            texts += ["•", *panel.items]
    texts += list(arranged(slide)[1])
    return {word for text in texts for word in str(text).split()}


@pytest.mark.parametrize("kind", ["pdf", "pptx"])
def test_no_text_drawn_over_other_text(rendered, deck, kind) -> None:
    assert len(rendered[kind]) == len(deck)
    for number, words in enumerate(rendered[kind], 1):
        assert render_checks.overlapping(words) == [], f"{kind} page {number}"


@pytest.mark.parametrize("kind", ["pdf", "pptx"])
def test_no_word_broken_inside_a_word(rendered, deck, kind) -> None:
    for slide, words in zip(deck, rendered[kind], strict=True):
        expected = _slide_words(slide)
        pieces = sorted(w for w in {w.text for w in words} - expected  # "Progra" and "m" when "Program" is broken
                        if not re.fullmatch(r"\+[\d.]+", w))  # the count of rows left out
        assert pieces == [], f"{kind} page {slide.number}: {pieces}"


def test_overlap_check_sees_text_over_text() -> None:
    a = render_checks.Word("Realisasi", 10, 10, 60, 20)
    assert render_checks.overlapping([a, render_checks.Word("harga", 40, 12, 70, 22)]) == [("Realisasi", "harga")]
    assert render_checks.overlapping([a, render_checks.Word("bulan", 62, 10, 90, 20)]) == []
