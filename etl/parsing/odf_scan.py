"""A streaming pass over an ODS file's content.xml: sheet names, the filled extent of each, and percent cells.

It runs before pandas' odf reader so that repeated-cell tricks (one cell repeated 16,384 times) are refused
without expanding them; defusedxml refuses DTDs and entities.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from etl.parsing.base import MAX_ROWS, TITLE_SCAN_ROWS, ReadError, too_wide

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_PARAGRAPH = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p"
_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")


@dataclass
class SheetShape:
    """How far a sheet's filled cells reach (rows up to the last filled one) and where its percent cells are."""

    rows: int = 0
    width: int = 0
    percent: list[tuple[int, int]] = field(default_factory=list)
    head: list[str] = field(default_factory=list)  # the text of the cells in the first rows (to find the header)


@dataclass
class OdsScan:
    """The sheets of an ODS file in order, with their shapes."""

    names: list[str] = field(default_factory=list)
    shapes: dict[str, SheetShape] = field(default_factory=dict)


def _repeat(element, name: str) -> int:
    try:
        return max(1, int(element.get(f"{_TABLE}{name}", "1")))
    except ValueError as exc:
        raise ReadError("read.ods_corrupt") from exc


def _too_long(rows: int) -> None:
    if rows > MAX_ROWS:
        raise ReadError("read.too_many_rows", limit=MAX_ROWS)


def scan_ods(archive: zipfile.ZipFile) -> OdsScan:
    """Scan content.xml once; refuse a sheet whose filled cells reach past the column or row bounds."""
    scan = OdsScan()
    shape = SheetShape()
    row = column = 0
    try:
        with archive.open("content.xml") as content:
            for event, element in iterparse(content, events=("start", "end")):
                tag = element.tag
                if event == "start" and tag == f"{_TABLE}table":
                    name = element.get(f"{_TABLE}name", f"Sheet{len(scan.names) + 1}")
                    scan.names.append(name)
                    shape = scan.shapes[name] = SheetShape()
                    row = 0
                elif event == "start" and tag == f"{_TABLE}table-row":
                    column = 0
                elif event == "start" and tag in _CELLS:
                    repeat = _repeat(element, "number-columns-repeated")
                    kind = element.get(f"{_OFFICE}value-type")
                    if kind is not None:
                        shape.width = max(shape.width, column + repeat)
                        shape.rows = row + 1
                        _too_long(shape.rows)
                        too_wide(shape.width)
                        if kind == "percentage":
                            shape.percent.extend((row, c) for c in range(column, column + repeat))
                    column += repeat
                elif event == "end" and tag == _PARAGRAPH and row < TITLE_SCAN_ROWS:
                    shape.head.append("".join(element.itertext()))
                elif event == "end" and tag == f"{_TABLE}table-row":
                    repeat = _repeat(element, "number-rows-repeated")
                    if shape.rows == row + 1 and repeat > 1:  # a filled row repeated
                        shape.rows = row + repeat
                        _too_long(shape.rows)
                        this_row = [c for r, c in shape.percent if r == row]
                        shape.percent.extend((r, c) for r in range(row + 1, row + repeat) for c in this_row)
                    row += repeat
                    element.clear()
    except (KeyError, ParseError, DefusedXmlException, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ReadError("read.ods_corrupt") from exc
    return scan
