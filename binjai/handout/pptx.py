"""The deck as a PowerPoint file with python-pptx: one 16:9 slide per slide, real text boxes and tables (so
figures stay editable and searchable), charts as pictures or, without Chromium, as tables."""

from __future__ import annotations

import io
from dataclasses import replace

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Mm, Pt

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
    row_heights,
    stat_boxes,
)
from binjai.i18n import t
from binjai.slides import Bullets, Chart, Slide, Table, arranged

INK, MUTED, ACCENT = RGBColor(0x14, 0x17, 0x1A), RGBColor(0x5A, 0x62, 0x6B), RGBColor(0x00, 0x72, 0xB2)
WARN_TEXT, WARN_LINE = RGBColor(0x96, 0x5F, 0x00), RGBColor(0xE6, 0x9F, 0x00)
HEADER_FILL, STAT_FILL, WHITE = RGBColor(0xEE, 0xF2, 0xF6), RGBColor(0xF6, 0xF8, 0xFA), RGBColor(0xFF, 0xFF, 0xFF)
_BLANK_LAYOUT = 6
TABLE_PT, CELL_MARGIN_X, CELL_MARGIN_Y = 12, 1.2, 0.6
ROW_SLACK = 0.8  # mm per row for line-height differences between viewers


def render(slides: list[Slide], *, images: dict[tuple[int, int], bytes] | None = None, lang: str = "id",
           images_missing: str = "") -> bytes:
    """The deck as PPTX bytes: one slide per slide; charts as pictures when given, else as their tables."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Mm(PAGE_W), Mm(PAGE_H)
    for slide in slides:
        page = deck.slides.add_slide(deck.slide_layouts[_BLANK_LAYOUT])
        _page(page, slide, images or {}, lang, images_missing)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _text(page: object, box: Box, text: str, size: float, *, bold: bool = False, colour: RGBColor = INK,
          align: PP_ALIGN = PP_ALIGN.LEFT) -> None:
    """A word-wrapped text box."""
    frame = page.shapes.add_textbox(Mm(box.x), Mm(box.y), Mm(box.w), Mm(box.h)).text_frame
    frame.word_wrap = True
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, Mm(0.5))
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour


def _page(page: object, slide: Slide, images: dict, lang: str, images_missing: str) -> None:
    if slide.key == "cover":
        _cover(page, slide)
    else:
        _text(page, Box(MARGIN, TITLE_Y - 1, PAGE_W - 2 * MARGIN - 50, 14), slide.title, 28, bold=True)
        _text(page, Box(MARGIN, SUBTITLE_Y, PAGE_W - 2 * MARGIN, 8), slide.subtitle, 15, colour=MUTED)
        for stat, box in zip(slide.stats, stat_boxes(slide), strict=False):
            _stat(page, stat.label, stat.value, stat.note, box)
        panels, remarks = arranged(slide)
        for index, (panel, box) in enumerate(zip(panels, panel_boxes(slide), strict=False)):
            _panel(page, panel, box, images.get((slide.number, index)), lang, images_missing)
        for i, remark in enumerate(remarks):
            _text(page, Box(MARGIN, PANELS_BOTTOM - REMARK_H * (len(remarks) - i), PAGE_W - 2 * MARGIN, REMARK_H),
                  remark, 12, colour=MUTED)
    _footer(page, slide)
    if slide.notes:
        page.notes_slide.notes_text_frame.text = "\n".join(slide.notes)


def _cover(page: object, slide: Slide) -> None:
    band = page.shapes.add_shape(1, 0, 0, Mm(PAGE_W), Mm(8))
    band.fill.solid()
    band.fill.fore_color.rgb = ACCENT
    band.line.fill.background()
    _text(page, Box(MARGIN + 10, 50, PAGE_W - 2 * MARGIN - 20, 22), slide.title, 44, bold=True)
    _text(page, Box(MARGIN + 10, 76, PAGE_W - 2 * MARGIN - 20, 12), slide.subtitle, 22, colour=MUTED)
    for i, line in enumerate(slide.lines):
        _text(page, Box(MARGIN + 10, 100 + i * 11, PAGE_W - 2 * MARGIN - 20, 10), line, 18)


def _stat(page: object, label: str, value: str, note: str, box: Box) -> None:
    card = page.shapes.add_shape(1, Mm(box.x), Mm(box.y), Mm(box.w), Mm(box.h))
    card.fill.solid()
    card.fill.fore_color.rgb = STAT_FILL
    card.line.color.rgb = RGBColor(0xD2, 0xD7, 0xDC)
    _text(page, Box(box.x + 2.5, box.y + 1, box.w - 5, 10), label, 10.5, bold=True, colour=MUTED)
    _text(page, Box(box.x + 2.5, box.y + 10.5, box.w - 5, 11), value, 24, bold=True)
    if note:
        _text(page, Box(box.x + 2.5, box.y + 22, box.w - 5, 6), note, 10, colour=MUTED)


def _panel(page: object, panel: object, box: Box, image: bytes | None, lang: str, images_missing: str) -> None:
    if isinstance(panel, Chart):
        _text(page, Box(box.x, box.y, box.w, CHART_TITLE_H), panel.title, 15, bold=True)
        area = chart_image_box(box)
        if image:
            page.shapes.add_picture(io.BytesIO(image), Mm(area.x), Mm(area.y), Mm(area.w), Mm(area.h))
        else:
            note = t(f"presentasi.images_{images_missing or 'missing'}", lang)
            _table(page, replace(panel.fallback, title="", note=note), area, lang)
    elif isinstance(panel, Table):
        if panel.title:
            _text(page, Box(box.x, box.y, box.w, CHART_TITLE_H), panel.title, 15, bold=True)
        offset = CHART_TITLE_H if panel.title else 0
        _table(page, panel, Box(box.x, box.y + offset, box.w, box.h - offset), lang)
    elif isinstance(panel, Bullets):
        _bullets(page, panel, box)


def _table(page: object, table: Table, box: Box, lang: str) -> None:
    """A table whose rows are set to the height their wrapped text needs, so the note below never overlaps."""
    table = fit_rows(table, box, TABLE_PT, 2 * CELL_MARGIN_X, 2 * CELL_MARGIN_Y + ROW_SLACK, lang)
    cells = (table.columns, *table.rows)
    shape = page.shapes.add_table(len(cells), len(table.columns), Mm(box.x), Mm(box.y), Mm(box.w), Mm(10))
    grid = shape.table
    widths = column_widths(table.columns, table.rows, box.w, TABLE_PT, table.numeric, padding=2 * CELL_MARGIN_X)
    heights = row_heights(cells, widths, TABLE_PT, 2 * CELL_MARGIN_X, 2 * CELL_MARGIN_Y + ROW_SLACK)
    for i, width in enumerate(widths):
        grid.columns[i].width = Mm(width)
    for r, values in enumerate(cells):
        grid.rows[r].height = Mm(heights[r])
        for c, value in enumerate(values):
            _cell(grid.cell(r, c), str(value), header=r == 0, right=bool(table.numeric and table.numeric[c]))
    if table.note:
        _text(page, Box(box.x, box.y + sum(heights) + 2, box.w, 6), table.note, 10, colour=MUTED)


def _cell(cell: object, text: str, *, header: bool, right: bool) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = HEADER_FILL if header else WHITE
    cell.margin_left = cell.margin_right = Mm(CELL_MARGIN_X)
    cell.margin_top = cell.margin_bottom = Mm(CELL_MARGIN_Y)
    paragraph = cell.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.RIGHT if right else PP_ALIGN.LEFT
    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.color.rgb = Pt(TABLE_PT), header, INK


def _bullets(page: object, bullets: Bullets, box: Box) -> None:
    _text(page, Box(box.x, box.y, box.w, 10), bullets.title, 18, bold=True, colour=ACCENT)
    frame = page.shapes.add_textbox(Mm(box.x), Mm(box.y + 12), Mm(box.w), Mm(box.h - 12)).text_frame
    frame.word_wrap = True
    for i, item in enumerate(bullets.items):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(8)
        run = paragraph.add_run()
        run.text = f"• {item}"
        run.font.size, run.font.color.rgb = Pt(16), INK


def _footer(page: object, slide: Slide) -> None:
    _text(page, Box(MARGIN, FOOTER_Y, PAGE_W - 2 * MARGIN - 30, 6), slide.footer, 10, colour=MUTED)
    _text(page, Box(PAGE_W - MARGIN - 30, FOOTER_Y, 30, 6), f"{slide.number} / {slide.total}", 10, colour=MUTED,
          align=PP_ALIGN.RIGHT)
    if slide.sample_mark:
        mark = page.shapes.add_shape(1, Mm(PAGE_W - MARGIN - 46), Mm(6), Mm(46), Mm(9))
        mark.fill.solid()
        mark.fill.fore_color.rgb = WHITE
        mark.line.color.rgb = WARN_LINE
        mark.line.width = Pt(1.75)
        frame = mark.text_frame
        frame.paragraphs[0].alignment = PP_ALIGN.CENTER
        run = frame.paragraphs[0].add_run()
        run.text = f"⚠ {slide.sample_mark}"
        run.font.size, run.font.bold, run.font.color.rgb = Pt(13), True, WARN_TEXT
