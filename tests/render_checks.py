"""Render checks for handouts with the system's LibreOffice and poppler: PPTX -> PDF (soffice), word boxes
(pdftotext -bbox), page images (pdftoppm). Tests that need the tools skip on a developer's machine without them
and fail in CI (CI=true), where scripts/install_system_packages.sh installs them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

TOOLS = ("soffice", "pdftotext", "pdftoppm")
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)


@dataclass(frozen=True)
class Word:
    """A word on a page and its box in points."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlap(self, other: Word) -> float:
        """The shared area as a share of the smaller box (0 when apart)."""
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        if w <= 0 or h <= 0:
            return 0.0
        smaller = min((self.x1 - self.x0) * (self.y1 - self.y0), (other.x1 - other.x0) * (other.y1 - other.y0))
        return w * h / smaller if smaller > 0 else 0.0


def require_tools() -> None:
    """Skip when LibreOffice or poppler is missing, except in CI, where that is a failure."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    message = f"{', '.join(missing)} not installed (run: bash scripts/install_system_packages.sh)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def pptx_to_pdf(pptx: Path, out_dir: Path) -> Path:
    """The PPTX rendered by LibreOffice as a PDF (a private profile, so parallel runs do not collide)."""
    profile = out_dir / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), str(pptx)], check=True, capture_output=True, timeout=180)
    return out_dir / f"{pptx.stem}.pdf"


def page_words(pdf: Path) -> list[list[Word]]:
    """Every word with its box, per page."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True,
                          timeout=120).stdout
    return [[Word(unescape(m.group(5)), *(float(m.group(i)) for i in range(1, 5))) for m in _WORD.finditer(page)]
            for page in _PAGE.findall(html)]


def overlapping(words: list[Word], tolerance: float = 0.15) -> list[tuple[str, str]]:
    """Pairs of words whose boxes share more than `tolerance` of the smaller one (text drawn over text)."""
    pairs = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if a.overlap(b) > tolerance:
                pairs.append((a.text, b.text))
    return pairs


def page_images(pdf: Path, out_dir: Path, resolution: int = 60) -> list[Path]:
    """PNG images of the pages (for looking at the result and checking that pages are not blank)."""
    subprocess.run(["pdftoppm", "-r", str(resolution), "-png", str(pdf), str(out_dir / "page")], check=True,
                   capture_output=True, timeout=180)
    return sorted(out_dir.glob("page-*.png"))
