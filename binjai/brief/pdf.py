"""The weekly brief as a one-page A4 PDF (fpdf2 with DejaVu Sans, as the handout); numbered notes give each trace.

`binjai.handout` imports streamlit, so this module keeps its own small page class (the brief is also written by
`python -m etl brief`, which must not import streamlit).
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from binjai.brief import text as words
from binjai.brief.build import Brief
from binjai.i18n import t

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
INK, MUTED, ACCENT, WARN = (20, 23, 26), (90, 98, 107), (0, 114, 178), (150, 95, 0)
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 14.0
SIZES = (10.0, 9.0, 8.0, 7.0)


class _Page(FPDF):
    """One A4 portrait page; DejaVu when installed, else the core font with text reduced to Latin-1."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margin(MARGIN)
        self.unicode = all((FONT_DIR / name).exists() for name in FONT_FILES.values())
        for style, name in FONT_FILES.items() if self.unicode else ():
            self.add_font("DejaVu", style, str(FONT_DIR / name))
        self.family = "DejaVu" if self.unicode else "helvetica"

    def put(self, y: float, text: str, size: float, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        """Text wrapped across the page's width from `y`."""
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.set_xy(MARGIN, y)
        shown = text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")
        self.multi_cell(PAGE_W - 2 * MARGIN, size * 0.45, shown, align="L")


def render(brief: Brief, lang: str) -> bytes:
    """The brief as PDF bytes on one A4 page (the text shrinks until it fits)."""
    for size in SIZES:
        pdf = _Page()
        pdf.set_title(words.title(brief, lang))
        pdf.set_creator("Binjai Smart City")
        pdf.add_page()
        if _draw(pdf, brief, lang, size) <= PAGE_H - MARGIN / 2:
            break
    return bytes(pdf.output())


def _line(pdf: _Page, y: float, text: str, size: float, **style: object) -> float:
    """Wrapped text across the page's width at `y`; returns the y below it."""
    pdf.put(y, text, size, **style)
    return pdf.get_y() + size * 0.12


def _draw(pdf: _Page, brief: Brief, lang: str, size: float) -> float:
    """Draw the brief; returns the y where the text ended."""
    y = _line(pdf, MARGIN, words.title(brief, lang), size + 5, bold=True)
    if brief.is_sample:
        y = _line(pdf, y, t("ringkasan.sample", lang), size, bold=True, colour=WARN)
    notes: list[str] = []
    for section in words.sections(brief, lang):
        y = _line(pdf, y + size * 0.35, section.title, size + 1.5, bold=True, colour=ACCENT)
        for line in section.lines:
            if line.source and line.source not in notes:
                notes.append(line.source)
            mark = f" [{notes.index(line.source) + 1}]" if line.source else ""
            y = _line(pdf, y, f"• {line.text}{mark}", size)
        if not section.lines:
            y = _line(pdf, y, section.empty, size, colour=MUTED)
    y = _line(pdf, y + size * 0.4, words.rule_text(lang), size - 1.5, colour=MUTED)
    y = _line(pdf, y + size * 0.2, t("ringkasan.trace", lang), size - 1.5, bold=True, colour=MUTED)
    for number, trace in enumerate(notes, start=1):
        y = _line(pdf, y, f"[{number}] {trace}", size - 2.5, colour=MUTED)
    return y
