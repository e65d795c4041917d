"""The deck as a PDF with fpdf2: one 16:9 page per slide, DejaVu Sans embedded for Indonesian text and symbols.

Without the DejaVu fonts the PDF falls back to the core Helvetica font: symbols outside Latin-1 are replaced by
plain letters and the cover says so.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from binjai.handout import (
    CHART_TITLE_H,
    FOOTER_Y,
    MARGIN,
    PAGE_H,
    PAGE_W,
    PANELS_BOTTOM,
    REMARK_H,
    SUBTITLE_Y,
    TITLE_Y,
    Box,
    chart_image_box,
    column_widths,
    fit_rows,
    panel_boxes,
    stat_boxes,
)
from binjai.i18n import t
from binjai.slides import Bullets, Chart, Slide, Table, arranged

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
INK, MUTED, ACCENT, WARN = (20, 23, 26), (90, 98, 107), (0, 114, 178), (230, 159, 0)
HEADER_FILL, STAT_FILL = (238, 242, 246), (246, 248, 250)
TABLE_PT, CELL_PADDING, LINE_MM = 11, 1.2, 5.6
_LATIN1 = str.maketrans({"✓": "v", "✕": "x", "⚠": "!", "●": "o", "–": "-", "−": "-", "≤": "<=", "…": "..."})


class _Deck(FPDF):
    """An FPDF document that knows whether DejaVu is available and cleans text for the core font otherwise."""

    def __init__(self) -> None:
        super().__init__(orientation="L", unit="mm", format=(PAGE_H, PAGE_W))
        self.set_auto_page_break(False)
        self.set_margin(0)
        self.unicode = all((FONT_DIR / name).exists() for name in FONT_FILES.values())
        if self.unicode:
            for style, name in FONT_FILES.items():
                self.add_font("DejaVu", style, str(FONT_DIR / name))
        self.family = "DejaVu" if self.unicode else "helvetica"

    def text_for(self, text: object) -> str:
        """The text as the current font can draw it."""
        value = str(text)
        if self.unicode:
            return value
        value = value.translate(_LATIN1)
        return "".join(ch if ord(ch) < 256 and not 0x2580 <= ord(ch) <= 0x259F else "" for ch in value)

    def use(self, size: float, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        """Choose the font size, weight and colour."""
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)

    def put(self, box: Box, text: object, size: float, *, bold: bool = False, colour: tuple[int, int, int] = INK,
            align: str = "L") -> None:
        """Text wrapped inside a box."""
        self.use(size, bold, colour)
        self.set_xy(box.x, box.y)
        self.multi_cell(box.w, size * 0.45, self.text_for(text), align=align, max_line_height=size * 0.45)


def render(slides: list[Slide], *, images: dict[tuple[int, int], bytes] | None = None, lang: str = "id",
           images_missing: str = "") -> bytes:
    """The deck as PDF bytes: one page per slide; charts as images when given, else as their tables."""
    pdf = _Deck()
    pdf.set_title(slides[0].title if slides else "")
    pdf.set_creator("Binjai Smart City")
    for slide in slides:
        pdf.add_page()
        _page(pdf, slide, images or {}, lang, images_missing)
    return bytes(pdf.output())


def _page(pdf: _Deck, slide: Slide, images: dict, lang: str, images_missing: str) -> None:
    if slide.key == "cover":
        _cover(pdf, slide, lang)
    else:
        pdf.put(Box(MARGIN, TITLE_Y, PAGE_W - 2 * MARGIN - 50, 14), slide.title, 26, bold=True)
        pdf.put(Box(MARGIN, SUBTITLE_Y, PAGE_W - 2 * MARGIN, 8), slide.subtitle, 14, colour=MUTED)
        for stat, box in zip(slide.stats, stat_boxes(slide), strict=False):
            _stat(pdf, stat.label, stat.value, stat.note, box)
        panels, remarks = arranged(slide)
        for index, (panel, box) in enumerate(zip(panels, panel_boxes(slide), strict=False)):
            _panel(pdf, panel, box, images.get((slide.number, index)), lang, images_missing)
        for i, remark in enumerate(remarks):
            pdf.put(Box(MARGIN, PANELS_BOTTOM - REMARK_H * (len(remarks) - i), PAGE_W - 2 * MARGIN, REMARK_H), remark,
                    11, colour=MUTED)
    _footer(pdf, slide)


def _cover(pdf: _Deck, slide: Slide, lang: str) -> None:
    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, PAGE_W, 8, style="F")
    pdf.put(Box(MARGIN + 10, 52, PAGE_W - 2 * MARGIN - 20, 20), slide.title, 40, bold=True)
    pdf.put(Box(MARGIN + 10, 76, PAGE_W - 2 * MARGIN - 20, 12), slide.subtitle, 20, colour=MUTED)
    for i, line in enumerate(slide.lines):
        pdf.put(Box(MARGIN + 10, 100 + i * 11, PAGE_W - 2 * MARGIN - 20, 10), line, 17)
    if not pdf.unicode:
        pdf.put(Box(MARGIN + 10, 150, PAGE_W - 2 * MARGIN - 20, 8), t("presentasi.no_font", lang), 11, colour=MUTED)


def _stat(pdf: _Deck, label: str, value: str, note: str, box: Box) -> None:
    pdf.set_fill_color(*STAT_FILL)
    pdf.set_draw_color(210, 215, 220)
    pdf.rect(box.x, box.y, box.w, box.h, style="DF")
    inner = Box(box.x + 3, box.y + 2, box.w - 6, box.h)
    pdf.put(inner, label, 10, bold=True, colour=MUTED)
    pdf.put(Box(inner.x, box.y + 12.5, inner.w, 10), value, 21, bold=True)
    if note:
        pdf.put(Box(inner.x, box.y + 23, inner.w, 6), note, 9, colour=MUTED)


def _panel(pdf: _Deck, panel: object, box: Box, image: bytes | None, lang: str, images_missing: str) -> None:
    if isinstance(panel, Chart):
        pdf.put(Box(box.x, box.y, box.w, CHART_TITLE_H), panel.title, 14, bold=True)
        area = chart_image_box(box)
        if image:
            pdf.image(io.BytesIO(image), x=area.x, y=area.y, w=area.w, h=area.h, keep_aspect_ratio=True)
        else:
            note = t(f"presentasi.images_{images_missing or 'missing'}", lang)
            _table(pdf, replace(panel.fallback, title="", note=note), area, lang)
    elif isinstance(panel, Table):
        if panel.title:
            pdf.put(Box(box.x, box.y, box.w, CHART_TITLE_H), panel.title, 14, bold=True)
        offset = CHART_TITLE_H if panel.title else 0
        _table(pdf, panel, Box(box.x, box.y + offset, box.w, box.h - offset), lang)
    elif isinstance(panel, Bullets):
        _bullets(pdf, panel, box)


def _table(pdf: _Deck, table: Table, box: Box, lang: str) -> None:
    table = fit_rows(table, box, TABLE_PT, 2 * CELL_PADDING, 2 * CELL_PADDING, lang, line_mm=LINE_MM)
    pdf.set_xy(box.x, box.y)
    pdf.use(TABLE_PT)
    pdf.set_draw_color(205, 210, 216)
    aligns = tuple("RIGHT" if table.numeric and table.numeric[i] else "LEFT" for i in range(len(table.columns)))
    heading = FontFace(emphasis="BOLD", fill_color=HEADER_FILL, color=INK)
    widths = column_widths(table.columns, table.rows, box.w, TABLE_PT, table.numeric, padding=2 * CELL_PADDING)
    with pdf.table(width=box.w, col_widths=widths, text_align=aligns, line_height=LINE_MM,
                   headings_style=heading, first_row_as_headings=True, align="LEFT", padding=CELL_PADDING,
                   borders_layout="HORIZONTAL_LINES") as grid:
        for cells in (table.columns, *table.rows):
            row = grid.row()
            for cell in cells:
                row.cell(pdf.text_for(cell))
    if table.note:
        pdf.put(Box(box.x, pdf.get_y() + 2, box.w, 6), table.note, 9.5, colour=MUTED)


def _bullets(pdf: _Deck, bullets: Bullets, box: Box) -> None:
    pdf.put(Box(box.x, box.y, box.w, CHART_TITLE_H), bullets.title, 17, bold=True, colour=ACCENT)
    y = box.y + 12
    for item in bullets.items:
        pdf.put(Box(box.x, y, 6, 7), "•", 15, bold=True)
        pdf.put(Box(box.x + 6, y, box.w - 6, 14), item, 14)
        y = pdf.get_y() + 3.5


def _footer(pdf: _Deck, slide: Slide) -> None:
    pdf.set_draw_color(205, 210, 216)
    pdf.line(MARGIN, FOOTER_Y - 1.5, PAGE_W - MARGIN, FOOTER_Y - 1.5)
    pdf.put(Box(MARGIN, FOOTER_Y, PAGE_W - 2 * MARGIN - 30, 6), slide.footer, 9.5, colour=MUTED)
    pdf.put(Box(PAGE_W - MARGIN - 30, FOOTER_Y, 30, 6), f"{slide.number} / {slide.total}", 9.5, colour=MUTED,
            align="R")
    if slide.sample_mark:
        pdf.set_draw_color(*WARN)
        pdf.set_line_width(0.6)
        pdf.rect(PAGE_W - MARGIN - 46, 6, 46, 9)
        pdf.set_line_width(0.2)
        pdf.put(Box(PAGE_W - MARGIN - 46, 8.2, 46, 6), f"⚠ {slide.sample_mark}", 12, bold=True, colour=(150, 95, 0),
                align="C")
