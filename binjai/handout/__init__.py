"""Offline handouts of the evaluation deck: the same slides as presenter mode, as PDF (fpdf2) and PPTX
(python-pptx), with chart images from Kaleido and tables in their place when Chromium is missing.

Both formats share one page geometry (16:9, 338.67 x 190.5 mm, PowerPoint's widescreen size) so that a page of
the PDF and a slide of the PPTX look alike. `make` builds one file and reports how long it took and whether the
charts had to fall back to tables. The Streamlit download panel is `binjai.ui.handout_panel` (this package never
imports Streamlit, so the command line and tests can build handouts).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import plotly.graph_objects as go

from binjai import fmt
from binjai.handout import images, measure
from binjai.i18n import t
from binjai.slides import Chart, Slide, Table, arranged

PAGE_W, PAGE_H = 338.67, 190.5  # mm
MARGIN = 12.0
TITLE_Y, SUBTITLE_Y = 9.0, 24.0
STATS_Y, STATS_H = 33.0, 29.0
PANELS_Y, PANELS_BOTTOM = 66.0, 176.0
PANEL_GAP = 8.0
FOOTER_Y = 180.0
NOTE_H = 8.0  # a note line under a table
REMARK_H = 7.0  # a line under the panels for an empty table's note
PX_PER_MM = 96 / 25.4
IMAGE_SCALE = 2.0
KINDS = {"pdf": "application/pdf",
         "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


@dataclass(frozen=True)
class Box:
    """A rectangle on the page in millimetres."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Handout:
    """A generated file: bytes, MIME type, seconds taken, and why charts are tables ('' when they are images)."""

    data: bytes
    kind: str
    mime: str
    seconds: float
    images_missing: str = ""


def panel_boxes(slide: Slide) -> list[Box]:
    """Where each drawn panel goes (see `slides.arranged`): full width for one, two columns (the first narrower)
    for two; remarks take lines at the bottom."""
    top = PANELS_Y if slide.stats else STATS_Y
    height = PANELS_BOTTOM - top - REMARK_H * len(arranged(slide)[1])
    width = PAGE_W - 2 * MARGIN
    if len(arranged(slide)[0]) < 2:
        return [Box(MARGIN, top, width, height)]
    first = (width - PANEL_GAP) * 0.46
    return [Box(MARGIN, top, first, height), Box(MARGIN + first + PANEL_GAP, top, width - first - PANEL_GAP, height)]


def stat_boxes(slide: Slide) -> list[Box]:
    """Equal boxes for the headline figures across the page."""
    count = max(len(slide.stats), 1)
    gap = 5.0
    width = (PAGE_W - 2 * MARGIN - gap * (count - 1)) / count
    return [Box(MARGIN + i * (width + gap), STATS_Y, width, STATS_H) for i in range(count)]


CHART_TITLE_H = 8.0
CELL_SLACK = 1.0  # mm added to a column's width for rounding between renderers


def column_widths(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...], total: float, size_pt: float,
                  numeric: tuple[bool, ...] = (), padding: float = 2.4) -> list[float]:
    """Column widths in mm that fill `total`: every column at least as wide as its longest word (no word is
    broken), numbers and unbreakable cells on one line; the rest shared by how much wider each would like to be."""
    least, natural = [], []
    for i, header in enumerate(columns):
        cells = [str(row[i]) for row in rows]
        widest = max((measure.text_mm(c, size_pt) for c in cells), default=0.0)
        words = max([measure.longest_word_mm(str(header), size_pt, bold=True)]
                    + [measure.longest_word_mm(c, size_pt) for c in cells])
        one_line = bool(numeric and numeric[i]) or all(" " not in c for c in cells)
        least.append((max(words, widest) if one_line else words) + padding + CELL_SLACK)
        natural.append(max(widest, measure.text_mm(str(header), size_pt, bold=True)) + padding + CELL_SLACK)
    if sum(least) >= total:
        return [w * total / sum(least) for w in least]
    room = total - sum(least)
    wants = [n - m for n, m in zip(natural, least, strict=True)]
    if sum(wants) <= room:
        spare = room - sum(wants)
        return [n + spare * n / sum(natural) for n in natural]
    return [m + room * w / sum(wants) for m, w in zip(least, wants, strict=True)]


def row_heights(table_rows: tuple[tuple[str, ...], ...], widths: list[float], size_pt: float, padding: float,
                margin: float, line_mm: float | None = None) -> list[float]:
    """Height in mm of each row (the first is the bold header) once its cells wrap into `widths`."""
    line = line_mm or measure.line_height_mm(size_pt)
    return [max(measure.line_count(str(cell), width - padding, size_pt, bold=r == 0)
                for cell, width in zip(cells, widths, strict=False)) * line + margin
            for r, cells in enumerate(table_rows)]


def fit_rows(table: Table, box: Box, size_pt: float, padding: float, margin: float, lang: str,
             line_mm: float | None = None) -> Table:
    """The table cut to the rows that fit in `box` with room for a note; the note says how many more rows."""
    widths = column_widths(table.columns, table.rows, box.w, size_pt, table.numeric, padding)
    heights = row_heights((table.columns, *table.rows), widths, size_pt, padding, margin, line_mm)
    room = box.h - NOTE_H
    used, shown = heights[0], 0
    for h in heights[1:]:
        if used + h > room:
            break
        used, shown = used + h, shown + 1
    if shown == len(table.rows):
        return table
    more = t("presentasi.more_rows", lang, n=fmt.number(len(table.rows) - shown, 0, lang))
    return replace(table, rows=table.rows[:shown], note=" · ".join(x for x in (table.note, more) if x))


def chart_image_box(box: Box) -> Box:
    """The part of a panel box under its title, where a chart image goes."""
    return Box(box.x, box.y + CHART_TITLE_H, box.w, box.h - CHART_TITLE_H)


def chart_images(slides: list[Slide]) -> tuple[dict[tuple[int, int], bytes], str]:
    """PNG per (slide number, panel index) for every chart, sized for its box, and '' or why there are none."""
    out: dict[tuple[int, int], bytes] = {}
    for slide in slides:
        for index, (panel, box) in enumerate(zip(arranged(slide)[0], panel_boxes(slide), strict=False)):
            if not isinstance(panel, Chart):
                continue
            area = chart_image_box(box)
            figure = go.Figure(panel.figure)  # a copy: the deck may be shared (cached) with the presenter page
            figure.update_layout(width=None, height=None)
            try:
                out[(slide.number, index)] = images.to_png(figure, round(area.w * PX_PER_MM), round(area.h * PX_PER_MM),
                                                           IMAGE_SCALE)
            except images.ChartImagesUnavailable as err:
                return {}, err.reason
    return out, ""


def make(slides: list[Slide], kind: str, lang: str, prepared: tuple[dict, str] | None = None) -> Handout:
    """Render the deck as `kind` ('pdf' or 'pptx'); chart images are made here unless `prepared` is given."""
    from binjai.handout import pdf, pptx

    started = time.perf_counter()
    pictures, missing = prepared if prepared is not None else chart_images(slides)
    renderer = {"pdf": pdf.render, "pptx": pptx.render}[kind]
    data = renderer(slides, images=pictures, lang=lang, images_missing=missing)
    return Handout(data, kind, KINDS[kind], round(time.perf_counter() - started, 2), missing)


def file_name(kind: str, lang: str, end: object) -> str:
    """`binjai_smart_city_<period end>_<lang>.<kind>`."""
    return f"binjai_smart_city_{end}_{lang}.{kind}"


def make_both(slides: list[Slide], lang: str) -> dict[str, Handout]:
    """PDF and PPTX of the same deck, sharing one set of chart images; the images' time counts in the PDF's."""
    started = time.perf_counter()
    prepared = chart_images(slides)
    images_s = time.perf_counter() - started
    files = {kind: make(slides, kind, lang, prepared) for kind in KINDS}
    files["pdf"] = replace(files["pdf"], seconds=round(files["pdf"].seconds + images_s, 2))
    return files
