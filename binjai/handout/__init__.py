"""Offline handouts of the evaluation deck: the same slides as presenter mode, as PDF (fpdf2) and PPTX
(python-pptx), with chart images from Kaleido and tables in their place when Chromium is missing.

Both formats share one page geometry (16:9, 338.67 x 190.5 mm, PowerPoint's widescreen size) so that a page of
the PDF and a slide of the PPTX look alike. `make` builds one file and reports how long it took and whether the
charts had to fall back to tables. The Streamlit part (build on click, then download) is
`binjai.ui.handout.download_panel`; this package never imports Streamlit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from binjai.handout import images
from binjai.slides import Chart, Slide

PAGE_W, PAGE_H = 338.67, 190.5  # mm
MARGIN = 12.0
TITLE_Y, SUBTITLE_Y = 9.0, 24.0
STATS_Y, STATS_H = 33.0, 29.0
PANELS_Y, PANELS_BOTTOM = 66.0, 176.0
PANEL_GAP = 8.0
FOOTER_Y = 180.0
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
    """Where each panel of a slide goes: full width for one panel, two columns (the first narrower) for two."""
    top = PANELS_Y if slide.stats else STATS_Y
    height = PANELS_BOTTOM - top
    width = PAGE_W - 2 * MARGIN
    if len(slide.panels) < 2:
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
_WIDE_CHARS = set("▁▂▃▄▅▆▇█")


def _text_width(text: str) -> float:
    """Rough width of a text in average characters; block characters count wider."""
    return sum(1.25 if ch in _WIDE_CHARS else 1.0 for ch in text)


def column_widths(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...], total: float, char_mm: float,
                  numeric: tuple[bool, ...] = ()) -> list[float]:
    """Column widths in mm that fill `total`: numbers and unbreakable cells (trends) keep their natural width,
    text columns share the rest in proportion to their longest cell, so that only text wraps."""
    natural, fixed = [], []
    for i, header in enumerate(columns):
        word = max((_text_width(w) for w in str(header).split()), default=4) * 1.15
        cell = max((_text_width(str(row[i])) for row in rows), default=4)
        natural.append(max(word, cell) * char_mm + 3.5)
        unbreakable = all(" " not in str(row[i]) for row in rows)
        fixed.append(bool(numeric and numeric[i]) or unbreakable)
    flexible = sum(w for w, f in zip(natural, fixed, strict=True) if not f)
    room = total - sum(w for w, f in zip(natural, fixed, strict=True) if f)
    if flexible == 0 or room <= total * 0.25:
        return [w * total / sum(natural) for w in natural]
    return [w if f else w * room / flexible for w, f in zip(natural, fixed, strict=True)]


def chart_image_box(box: Box) -> Box:
    """The part of a panel box under its title, where a chart image goes."""
    return Box(box.x, box.y + CHART_TITLE_H, box.w, box.h - CHART_TITLE_H)


def chart_images(slides: list[Slide]) -> tuple[dict[tuple[int, int], bytes], str]:
    """PNG per (slide number, panel index) for every chart, sized for its box, and '' or why there are none."""
    out: dict[tuple[int, int], bytes] = {}
    for slide in slides:
        for index, (panel, box) in enumerate(zip(slide.panels, panel_boxes(slide), strict=False)):
            if not isinstance(panel, Chart):
                continue
            area = chart_image_box(box)
            figure = panel.figure
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
    """PDF and PPTX of the same deck, sharing one set of chart images."""
    prepared = chart_images(slides)
    return {kind: make(slides, kind, lang, prepared) for kind in KINDS}
