"""Spreadsheet files (XLSX, ODS): package guards, bounded reading of the chosen sheet, cells as the sheet shows them."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator
from functools import lru_cache

import openpyxl
import pandas as pd
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.worksheet._reader import CELL_TAG, ROW_TAG, WorkSheetParser
from openpyxl.xml.functions import iterparse

from etl.parsing.base import (
    MAX_COLUMNS,
    MAX_ROWS,
    TITLE_SCAN_ROWS,
    Percent,
    RawTable,
    ReadError,
    drop_unnamed_empty,
    find_header,
    header_key,
    label,
    too_wide,
)
from etl.parsing.odf_scan import scan_ods
from etl.parsing.text import looks_binary

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
_RATIO_FLOOR_BYTES = 1024 * 1024  # smaller zip members are never called bombs, whatever their ratio
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # literal text, escapes and [colour]/[locale] parts of a format


@lru_cache(maxsize=256)
def _is_percent_format(number_format: str | None) -> bool:
    return bool(number_format) and "%" in _QUOTED.sub("", number_format)


def _shown(sheet: object, cell: dict) -> object:
    """A parsed cell's value as the sheet shows it: trimmed text (None if empty), percent cells as the figure shown."""
    value = cell["value"]
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool) \
            and _is_percent_format(ReadOnlyCell(sheet, **cell).number_format):
        return Percent(round(value * 100, 10))
    return value


class _BoundedParser(WorkSheetParser):
    """openpyxl's streaming cell parser, refusing a row of more than MAX_COLUMNS cells while it is still being read.

    openpyxl collects a whole row before parsing it, so one row of a million cells would cost seconds and
    hundreds of MB; counting cells as they end stops such a row after MAX_COLUMNS + 1 of them.
    """

    def __init__(self, workbook: object, sheet: object, source: object) -> None:
        super().__init__(source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                         date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)

    def parse(self) -> Iterator[tuple[int, list[dict]]]:
        """(row number, cells) for every row, as openpyxl's parse() yields them."""
        cells = 0
        for _, element in iterparse(self.source):
            if element.tag == CELL_TAG:
                cells += 1
                if cells > MAX_COLUMNS:
                    too_wide(cells)
            elif element.tag == ROW_TAG:
                cells = 0
                row = self.parse_row(element)
                element.clear()
                yield row


def _xlsx_rows(workbook: object, sheet: object) -> list[tuple[int, list[object]]]:
    """The sheet's filled rows (number, values) as shown, each as wide as its last cell; past MAX_COLUMNS: refused.

    openpyxl's own row iterator pads every row to the widest one (16,384 cells for one cell in column XFD),
    so its streaming cell parser is used directly, bounded per row (openpyxl is pinned; tests cover this path).
    """
    rows: list[tuple[int, list[object]]] = []
    with sheet._get_source() as source:
        for number, cells in _BoundedParser(workbook, sheet, source).parse():
            if number > MAX_ROWS:
                raise ReadError("read.too_many_rows", limit=MAX_ROWS)
            filled = [cell for cell in cells if cell["value"] is not None]
            if not filled:
                continue
            width = max(cell["column"] for cell in filled)
            too_wide(width)
            row: list[object] = [None] * width
            for cell in filled:
                row[cell["column"] - 1] = _shown(sheet, cell)
            rows.append((number, row))
    return rows


_ROW_END = re.compile(rb"</(?:[\w.-]+:)?row>")
_CELL_START = re.compile(rb"<(?:[\w.-]+:)?c[\s>/]")
_CHUNK = 1 << 24


def _check_row_widths(archive: zipfile.ZipFile) -> None:
    """Refuse a worksheet with a row of more than MAX_COLUMNS cells, from its bytes, before openpyxl opens it.

    openpyxl parses a whole worksheet at open time when it records no extent, and collects each row whole;
    counting cell tags per row with a regular expression costs a fraction of that and bounds both.
    """
    for item in archive.infolist():
        if not item.filename.startswith("xl/worksheets/") or not item.filename.endswith(".xml"):
            continue
        with archive.open(item) as member:
            pending = b""
            while chunk := member.read(_CHUNK):
                pending += chunk
                ends = [match.end() for match in _ROW_END.finditer(pending)]
                start = 0
                for end in ends:
                    too_wide(len(_CELL_START.findall(pending, start, end)))
                    start = end
                pending = pending[start:]
                too_wide(len(_CELL_START.findall(pending)))  # a row still open already too wide


def check_zip(data: bytes, kind: str = "xlsx") -> zipfile.ZipFile:
    """The opened archive, refused when it unpacks to too much (judged from its central directory alone)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise ReadError(f"read.{kind}_corrupt") from exc
    if sum(m.file_size for m in members) > MAX_UNCOMPRESSED_BYTES or any(
        m.file_size > _RATIO_FLOOR_BYTES and m.file_size > MAX_COMPRESSION_RATIO * max(m.compress_size, 1)
        for m in members
    ):
        raise ReadError("read.zip_bomb")
    return archive


def pick_sheet(names: list[str], preferred: str | None, chosen: str | None,
               has_header: Callable[[str], bool] | None = None) -> str:
    """The sheet the user chose, else the one named like `preferred` ("e_mas" ~ "E-MAS"), else the first one
    whose top rows hold the contract's header (`has_header`), else the first."""
    if not names:
        raise ReadError("read.empty")
    if chosen is not None:
        if chosen not in names:
            err = ReadError("read.no_such_sheet", sheet=chosen, sheets=", ".join(names))
            err.sheet, err.sheets = names[0], tuple(names)  # the page can still offer the sheets there are
            raise err
        return chosen
    wanted = _sheet_key(preferred) if preferred else None
    named = next((name for name in names if _sheet_key(name) == wanted), None)
    if named is not None or has_header is None or len(names) == 1:
        return named or names[0]
    return next((name for name in names if has_header(name)), names[0])


def _holds_header(values: Iterable[object], known: Collection[str] | None) -> bool:
    """At least two known header labels among `values`."""
    keys = set(known or ())
    return sum(isinstance(value, str) and header_key(value) in keys for value in values) >= 2


def _xlsx_head(workbook: object, name: str) -> list[object]:
    """The values of a sheet's first rows (streamed; the rest of the sheet is not read)."""
    sheet = workbook[name]
    values: list[object] = []
    with sheet._get_source() as source:
        for number, cells in _BoundedParser(workbook, sheet, source).parse():
            if number > TITLE_SCAN_ROWS:
                break
            values.extend(cell["value"] for cell in cells[:MAX_COLUMNS])
    return values


def _sheet_key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name).casefold()


def read_xlsx(data: bytes, preferred: str | None, chosen: str | None, max_cell_chars: int,
              known: Collection[str] | None) -> RawTable:
    """XLSX: zip-bomb check, then openpyxl (read-only, cached values, at most MAX_COLUMNS + 1 columns)."""
    if not data.startswith(b"PK"):
        raise ReadError("read.binary" if looks_binary(data) else "read.xlsx_corrupt")
    with check_zip(data) as archive:
        try:
            _check_row_widths(archive)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise ReadError("read.xlsx_corrupt") from exc
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, XML errors, ...) for a broken package
        raise ReadError("read.xlsx_corrupt") from exc
    try:
        names = workbook.sheetnames
        title = pick_sheet(names, preferred, chosen,
                           (lambda name: _holds_header(_xlsx_head(workbook, name), known)) if known else None)
        sheet = workbook[title]
        too_wide(sheet.max_column or 0)  # a recorded extent past the bound (cells out in column XFD) is refused
        rows = _xlsx_rows(workbook, sheet)  # reads what is really there, whatever extent the file records
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError("read.xlsx_corrupt") from exc
    finally:
        workbook.close()
    return _table_from_rows(rows, title, tuple(names), max_cell_chars, known)


def read_ods(data: bytes, preferred: str | None, chosen: str | None, max_cell_chars: int,
             known: Collection[str] | None) -> RawTable:
    """ODS: zip-bomb check, a streaming scan that bounds the sheet, then pandas' odf reader."""
    if not data.startswith(b"PK"):
        raise ReadError("read.binary" if looks_binary(data) else "read.ods_corrupt")
    with check_zip(data, "ods") as archive:
        scan = scan_ods(archive)
    title = pick_sheet(scan.names, preferred, chosen,
                       (lambda name: _holds_header(scan.shapes[name].head, known)) if known else None)
    shape = scan.shapes[title]
    try:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=title, header=None, engine="odf", dtype=object,
                              nrows=shape.rows)
    except Exception as exc:  # odfpy raises many kinds for a broken package
        raise ReadError("read.ods_corrupt") from exc
    grid = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    grid = [[(value.strip() or None) if isinstance(value, str) else value for value in row] for row in grid]
    for row_index, column in shape.percent:
        if row_index < len(grid) and column < len(grid[row_index]) and isinstance(grid[row_index][column], float):
            grid[row_index][column] = Percent(round(grid[row_index][column] * 100, 10))
    rows = [(number, row) for number, row in enumerate(grid, start=1)]
    return _table_from_rows(rows, title, tuple(scan.names), max_cell_chars, known)


def _table_from_rows(rows: list[tuple[int, list[object]]], title: str, names: tuple[str, ...], max_cell_chars: int,
                     known: Collection[str] | None) -> RawTable:
    """A RawTable from a sheet's numbered rows; a refusal names the sheet and the workbook's sheets."""
    try:
        return _sheet_table(rows, title, names, max_cell_chars, known)
    except ReadError as err:
        err.sheet, err.sheets = title, names
        raise


def _sheet_table(rows: list[tuple[int, list[object]]], title: str, names: tuple[str, ...], max_cell_chars: int,
                 known: Collection[str] | None) -> RawTable:
    """A RawTable from a sheet's numbered rows: header found, empty rows dropped, long cells refused."""
    rows = [(number, row) for number, row in rows if any(value is not None for value in row)]
    if not rows:
        raise ReadError("read.empty")
    head = rows[:TITLE_SCAN_ROWS]
    skip = find_header([row for _, row in head], [number for number, _ in head], known)
    title_rows = (rows[0][0], rows[skip][0] - 1) if skip else None
    rows = rows[skip:]
    width = max(len(row) for _, row in rows)
    header = rows[0][1]
    labels = [label(value) for value in header] + [""] * (width - len(header))
    for number, row in rows:
        for position, value in enumerate(row):
            if isinstance(value, str) and len(value) > max_cell_chars:
                raise ReadError("read.cell_too_large", row=number, column=labels[position], limit=max_cell_chars)
    if len(rows) < 2:
        raise ReadError("read.no_rows")
    body = [row + [None] * (width - len(row)) for _, row in rows[1:]]
    frame = pd.DataFrame(body, index=pd.Index([number for number, _ in rows[1:]]), columns=range(width), dtype=object)
    frame.columns = pd.Index(labels, dtype=object)
    return RawTable(drop_unnamed_empty(frame), None, None, title, sheets=names, title_rows=title_rows)
