"""Text widths in mm for laying out handout tables, from DejaVu Sans metrics (Pillow). DejaVu is the PDF's font
and wider than the fonts a PPTX viewer substitutes, so wrap estimates for the PPTX err on the safe side."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
MM_PER_PT = 25.4 / 72
LINE_SPACING = 1.2  # line height as a multiple of the font size
_REFERENCE_SIZE = 100
_FALLBACK_EM = 0.64  # average DejaVu character width when the font file is missing


@lru_cache(maxsize=2)
def _font(bold: bool) -> ImageFont.FreeTypeFont | None:
    try:
        return ImageFont.truetype(str(FONT_DIR / FONT_FILES[bold]), _REFERENCE_SIZE)
    except OSError:
        return None


def text_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of `text` on one line at `size_pt`."""
    font = _font(bold)
    em = font.getlength(text) / _REFERENCE_SIZE if font else len(text) * _FALLBACK_EM
    return em * size_pt * MM_PER_PT


def longest_word_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of the longest word: a column narrower than this would break the word."""
    return max((text_mm(word, size_pt, bold) for word in text.split()), default=0.0)


def line_count(text: str, width_mm: float, size_pt: float, bold: bool = False) -> int:
    """Lines `text` takes when wrapped at spaces into `width_mm` (a word wider than the width takes its own)."""
    lines, used = 1, 0.0
    space = text_mm(" ", size_pt, bold)
    for word in text.split():
        width = text_mm(word, size_pt, bold)
        if used and used + space + width > width_mm:
            lines, used = lines + 1, width
        else:
            used = used + space + width if used else width
    return lines


def line_height_mm(size_pt: float) -> float:
    """Height of one line of text."""
    return size_pt * LINE_SPACING * MM_PER_PT
