"""`python -m etl handout`: writes the deck as PDF or PPTX for the chosen period, kecamatan and language, and
refuses unknown kecamatan or a missing database with a message and exit code 1 (nothing written)."""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation
from pypdf import PdfReader

from binjai.handout import images
from etl.cli import main


def test_writes_pptx_in_english_for_one_kecamatan(sample_db: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(images, "chromium_path", lambda: None)  # charts as tables: no browser needed here
    out = tmp_path / "deck.pptx"
    code = main(["--db", str(sample_db), "handout", "--format", "pptx", "--out", str(out), "--period", "last_year",
                 "--kecamatan", "Binjai Kota", "--lang", "en"])
    assert code == 0
    deck = Presentation(io.BytesIO(out.read_bytes()))
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in deck.slides]
    assert "Kota Binjai Smart City" in texts[0] and "Area: Binjai Kota" in texts[0]
    assert all("Binjai Kota" in text for text in texts[1:])  # the footer names the kecamatan
    assert deck.slides[1].has_notes_slide and deck.slides[1].notes_slide.notes_text_frame.text
    printed = capsys.readouterr()
    assert f"{len(texts)} slides" in printed.out
    assert "Chromium is not installed" in printed.err  # says why the charts are tables


def test_writes_pdf_for_a_custom_period(sample_db: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(images, "chromium_path", lambda: None)
    out = tmp_path / "deck.pdf"
    code = main(["--db", str(sample_db), "handout", "--format", "pdf", "--out", str(out), "--period", "custom",
                 "--from", "2025-01-01", "--to", "2025-03-31"])
    assert code == 0
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages]
    assert "Periode: 1 Jan 2025 – 31 Mar 2025" in pages[0]


def test_unknown_kecamatan_and_missing_database_are_refused(sample_db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "deck.pdf"
    assert main(["--db", str(sample_db), "handout", "--format", "pdf", "--out", str(out), "--kecamatan", "Medan"]) == 1
    assert "Kecamatan tidak dikenal: Medan" in capsys.readouterr().err
    missing = tmp_path / "none.duckdb"
    assert main(["--db", str(missing), "handout", "--format", "pdf", "--out", str(out)]) == 1
    assert "Handout tidak dibuat" in capsys.readouterr().err
    assert not out.exists() and not missing.exists()
