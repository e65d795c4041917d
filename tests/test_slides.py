"""The deck as data: slide order, numbering, footers, the sample mark, figures from the queries, and the URL
helpers of presenter mode."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from binjai import db, slides
from binjai.queries import scorecard
from binjai.slides import Bullets, Chart, Table
from tests import scorecard_fixtures as fx

GENERATED = dt.datetime(2024, 7, 15, 9, 30)
KEYS = ["cover", "overview", "dim_governance", "dim_branding", "dim_economy", "dim_living", "dim_society",
        "dim_environment", "quick_wins", "e_mas", "e_saberling", "closing"]


@pytest.fixture
def deck_for(db_file, tmp_path: Path):
    path = tmp_path / "map.csv"
    path.write_text(fx.TEST_MAP, encoding="utf-8")
    mapping, _ = scorecard.read_map(path)

    def build(lang: str = "id", sample: bool = False) -> list[slides.Slide]:
        wh = db.warehouse(fx.build(db_file, sample=sample))
        return slides.build_deck(wh, fx.PERIOD, lang, fx.TODAY, mapping=mapping, generated_at=GENERATED)

    return build


def _stats(slide: slides.Slide) -> dict[str, str]:
    return {s.label: s.value for s in slide.stats}


def test_deck_order_numbers_and_footer(deck_for) -> None:
    deck = deck_for()
    assert [s.key for s in deck] == KEYS
    assert [(s.number, s.total) for s in deck] == [(i, 12) for i in range(1, 13)]
    assert {s.footer for s in deck} == {"Periode 1 Jan 2024 – 30 Jun 2024 · Seluruh kota · dibuat 15 Jul 2024 09:30 WIB"}
    assert {s.sample_mark for s in deck} == {""}
    assert deck[0].lines == ("Periode: 1 Jan 2024 – 30 Jun 2024", "Wilayah: Seluruh kota", "Tanggal: 15 Jul 2024")


def test_sample_data_marks_every_slide(deck_for) -> None:
    assert {s.sample_mark for s in deck_for(sample=True)} == {"Data contoh"}


def test_dimension_slide_figures_come_from_the_scorecard(deck_for) -> None:
    governance = deck_for()[2]
    assert governance.title == "Smart Governance (Tata Kelola)"
    assert _stats(governance) == {"Skor kelengkapan": "62,5", "Program selesai / sesuai jadwal": "1 dari 2",
                                  "Indikator mencapai target": "2 dari 3"}
    programmes, metrics = governance.panels
    assert programmes.rows[0][:2] == ("Program QW-G2", "✕ Terlambat")  # late first
    assert [row[0] for row in metrics.rows] == ["e-Musrenbang · Usulan Musrenbang masuk",
                                                "e-SSH · Item standar harga terbit",
                                                "e-Kinerja · ASN melapor kinerja tepat waktu"]
    assert metrics.rows[2][1:3] == ("88,0%", "90,0%") and metrics.rows[2][4] == "✕ Belum tercapai"
    assert metrics.note == "Realisasi bulan terakhir dalam periode: Jun 2024"
    branding = deck_for()[3]
    assert _stats(branding)["Skor kelengkapan"] == "–" and branding.panels[1].note.startswith("Belum ada indikator")


def test_overview_and_source_slides(deck_for) -> None:
    deck = deck_for()
    overview = _stats(deck[1])
    assert overview["Program selesai / sesuai jadwal"] == "4 dari 6"  # governance 1 of 2 + economy 3 of 4
    assert overview["Indikator mencapai target"] == "2 dari 4"
    assert overview["Rata-rata skor dimensi"] == "50,0"  # (62.5 + 37.5) / 2
    assert overview["Aduan selesai (periode)"] == "60,0%"  # 3 of the 5 complaints in the period
    assert isinstance(deck[1].panels[0], Chart) and isinstance(deck[1].panels[0].fallback, Table)
    emas = _stats(deck[9])
    assert emas["Aduan masuk"] == "5"
    sab = _stats(deck[10])
    assert (sab["Laporan kebersihan masuk"], sab["Sampah terkumpul"]) == ("3", "200 kg")
    qw = _stats(deck[8])
    assert qw["Program"] == "6" and qw["✕ Terlambat"] == "1" and qw["⚠ Perlu perhatian"] == "1"


def test_closing_names_what_needs_attention(deck_for) -> None:
    went_well, attention = deck_for()[-1].panels
    assert isinstance(went_well, Bullets) and isinstance(attention, Bullets)
    assert "Terlambat: Program QW-G2." in attention.items
    assert "Di bawah target: e-Kinerja · ASN melapor kinerja tepat waktu (97,8% dari target)." in attention.items
    assert went_well.items[0] == "Skor tertinggi: Tata Kelola (62,5 dari 100)."


def test_english_deck(deck_for) -> None:
    deck = deck_for("en")
    assert deck[2].title == "Smart Governance"
    assert _stats(deck[2])["Programmes completed / on schedule"] == "1 of 2"
    assert deck[0].footer.startswith("Period 1 Jan 2024 – 30 Jun 2024 · Whole city")


@pytest.mark.parametrize(("value", "expected"), [("3", 3), ("0", 1), ("99", 12), ("x", 1), (None, 1), (" 7 ", 7)])
def test_slide_index(value, expected) -> None:
    assert slides.slide_index(value, 12) == expected


def test_auto_seconds_and_next_index() -> None:
    assert [slides.auto_seconds(v) for v in ("20", "4", "601", "abc", None)] == [20, None, None, None, None]
    assert slides.next_index(12, 12) == 12 and slides.next_index(1, 12, -1) == 1
    assert slides.next_index(12, 12, wrap=True) == 1 and slides.next_index(5, 12, wrap=True) == 6


def test_markdown_text_shows_names_literally() -> None:
    joiner = "\u2060"
    assert slides.markdown_text("**Jl. [x](y)** #1 <b>") == rf"\*\*Jl{joiner}\.{joiner} \[x\]\(y\)\*\* \#1 \<b\>"


def _long_table(n: int, title: str = "T") -> Table:
    return Table(("Program", "Status"), tuple((f"P{i}", "ok") for i in range(1, n + 1)), title, note="catatan")


def test_long_tables_continue_on_balanced_slides() -> None:
    stat = slides.Stat("Skor", "1")
    one = slides.Slide("dim_x", "Judul", stats=(stat,), panels=(_long_table(8),))
    first, second = slides.paginate(one, "id")
    assert [len(first.panels[0].rows), len(second.panels[0].rows)] == [4, 4]  # 8 rows: 4 + 4, not 6 + 2
    assert first.panels[0].note == "Berlanjut di slide berikutnya." and second.panels[0].note == "catatan"
    assert second.title == "Judul (lanjutan)" and second.stats == () and second.key == "dim_x_2"
    assert second.panels[0].rows[0] == ("P5", "ok")
    two = slides.Slide("dim_y", "Y", stats=(stat,), panels=(_long_table(7), _long_table(2)))
    pages = slides.paginate(two, "id")
    assert [[len(p.rows) for p in page.panels] for page in pages] == [[4, 2], [3]]  # side by side: 4 per slide
    assert slides.paginate(slides.Slide("a", "A", stats=(stat,), panels=(_long_table(6),)), "id")[0].panels[0].rows[5]
    assert len(slides.paginate(slides.Slide("a", "A", stats=(stat,), panels=(_long_table(6),)), "id")) == 1


def test_empty_table_becomes_a_remark_and_notes_spell_out_the_figures(deck_for) -> None:
    branding = deck_for()[3]  # no programmes and no metrics: two remarks instead of two empty panels
    assert slides.arranged(branding) == ((), (
        "Program quick win: Belum ada program untuk dimensi ini.",
        "Indikator aplikasi terhadap target: Belum ada indikator aplikasi untuk dimensi ini."))
    governance = deck_for()[2]
    one_empty = replace(governance, panels=(governance.panels[0], replace(governance.panels[1], rows=())))
    panels, remarks = slides.arranged(one_empty)
    assert panels == (governance.panels[0],) and remarks[0].startswith("Indikator aplikasi terhadap target: ")
    governance = deck_for()[2]
    assert governance.notes[0] == "Skor kelengkapan: 62,5 (dari 100)"
    assert "Indikator aplikasi terhadap target: Realisasi bulan terakhir dalam periode: Jun 2024" in governance.notes
