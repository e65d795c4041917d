"""Handouts: the PDF and PPTX open, have one page per slide, carry the headline numbers as text in Indonesian
format, the period, the generation time and the sample mark; without Chromium the charts become tables."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from binjai import db, handout, slides
from binjai.handout import images
from binjai.queries import scorecard
from tests import scorecard_fixtures as fx
from tests.test_slides import GENERATED

HEADLINES = ("62,5", "1 dari 2", "2 dari 3", "88,0%", "90,0%", "37,5", "60,0%",
             "Periode 1 Jan 2024 – 30 Jun 2024", "dibuat 15 Jul 2024 09:30 WIB", "Data contoh")


@pytest.fixture
def deck(db_file, tmp_path: Path) -> list[slides.Slide]:
    path = tmp_path / "map.csv"
    path.write_text(fx.TEST_MAP, encoding="utf-8")
    mapping, _ = scorecard.read_map(path)
    wh = db.warehouse(fx.build(db_file, sample=True))
    return slides.build_deck(wh, fx.PERIOD, "id", fx.TODAY, mapping=mapping, generated_at=GENERATED)


def _pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _pptx_slides(data: bytes) -> list[str]:
    texts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        texts.append("\n".join(parts))
    return texts


def _assert_contents(pages: list[str]) -> None:
    assert len(pages) == 12
    text = "\n".join(pages)
    for expected in HEADLINES:
        assert expected in text, expected
    assert all("Data contoh" in page and "dibuat 15 Jul 2024 09:30 WIB" in page for page in pages)
    assert "Smart Governance (Tata Kelola)" in pages[2]


@pytest.mark.skipif(images.chromium_path() is None, reason="Chromium is not installed")
def test_pdf_and_pptx_with_chart_images(deck) -> None:
    started = time.perf_counter()
    files = handout.make_both(deck, "id")
    print(f"\nhandouts with chart images: {time.perf_counter() - started:.1f} s "
          f"(pdf {files['pdf'].seconds} s, pptx {files['pptx'].seconds} s)")
    assert files["pdf"].images_missing == "" and files["pdf"].data.startswith(b"%PDF")
    _assert_contents(_pdf_pages(files["pdf"].data))
    _assert_contents(_pptx_slides(files["pptx"].data))
    pictures = [shape for slide in Presentation(io.BytesIO(files["pptx"].data)).slides for shape in slide.shapes
                if shape.shape_type == 13]
    assert len(pictures) == 4  # overview scores, quick-win status, e-Mas monthly, e-Saberling map


def test_without_chromium_charts_become_tables(deck, monkeypatch) -> None:
    monkeypatch.setattr(images, "chromium_path", lambda: None)
    files = handout.make_both(deck, "id")
    assert {h.images_missing for h in files.values()} == {"missing"}
    pages = _pdf_pages(files["pdf"].data)
    _assert_contents(pages)
    assert "Grafik ditampilkan sebagai tabel: Chromium belum terpasang." in pages[1]
    # The overview chart's table carries the same scores as the chart.
    assert "62,5" in pages[1] and "Tata Kelola" in pages[1]
    pptx_pages = _pptx_slides(files["pptx"].data)
    _assert_contents(pptx_pages)
    assert "Chromium belum terpasang" in pptx_pages[1]


def test_pdf_without_dejavu_falls_back_to_core_font(deck, monkeypatch, tmp_path: Path) -> None:
    from binjai.handout import pdf

    monkeypatch.setattr(pdf, "FONT_DIR", tmp_path / "no-fonts")
    data = pdf.render(deck, images={}, lang="id", images_missing="missing")
    pages = _pdf_pages(data)
    assert len(pages) == 12 and "62,5" in pages[2]
    assert "Huruf DejaVu Sans tidak ditemukan" in pages[0]
    assert "x Terlambat" in pages[2]  # the symbol replaced by a plain letter


def test_chart_rendering_page_loads_only_local_files() -> None:
    import re

    import kaleido

    page = kaleido.PageGenerator(plotly=images.KALEIDO_OPTIONS["plotlyjs"],
                                 mathjax=images.KALEIDO_OPTIONS["mathjax"]).generate_index()
    sources = re.findall(r'src="([^"]+)"', page)
    assert sources and all(src.startswith("file://") for src in sources), sources
