"""Spreadsheet files (XLSX, ODS): package guards, bounded reading of the chosen sheet, cells as the sheet shows them."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Collection

import openpyxl
import pandas as pd

from etl.parsing.base import (
    MAX_COLUMNS,
    MAX_ROWS,
    TITLE_SCAN_ROWS,
    Percent,
    RawTable,
    ReadError,
    drop_unnamed_empty,
    find_header,
    label,
    too_wide,
)
from etl.parsing.odf_scan import scan_ods
from etl.parsing.text import looks_binary

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
_RATIO_FLOOR_BYTES = 1024 * 1024  # smaller zip members are never called bombs, whatever their ratio
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # literal text, escapes and [colour]/[locale] parts of a format


def _is_percent_format(number_format: str | None) -> bool:
    return bool(number_format) and "%" in _QUOTED.sub("", number_format)


def _shown(value: object, number_format: str | None) -> object:
    """A cell's value as the sheet shows it: trimmed text (None if empty), percent cells as the shown figure."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _is_percent_format(number_format):
        return Percent(round(value * 100, 10))
    return value


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


def pick_sheet(names: list[str], preferred: str | None, chosen: str | None) -> str:
    """The sheet the user chose, else the one named like `preferred` ("e_mas" ~ "E-MAS"), else the first."""
    if not names:
        raise ReadError("read.empty")
    if chosen is not None:
        if chosen not in names:
            raise ReadError("read.no_such_sheet", sheet=chosen, sheets=", ".join(names))
        return chosen
    wanted = _sheet_key(preferred) if preferred else None
    return next((name for name in names if _sheet_key(name) == wanted), names[0])


def _sheet_key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name).casefold()


def read_xlsx(data: bytes, preferred: str | None, chosen: str | None, max_cell_chars: int,
              known: Collection[str] | None) -> RawTable:
    """XLSX: zip-bomb check, then openpyxl (read-only, cached values, at most MAX_COLUMNS + 1 columns)."""
    if not data.startswith(b"PK"):
        raise ReadError("read.binary" if looks_binary(data) else "read.xlsx_corrupt")
    check_zip(data).close()
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, XML errors, ...) for a broken package
        raise ReadError("read.xlsx_corrupt") from exc
    try:
        names = workbook.sheetnames
        title = pick_sheet(names, preferred, chosen)
        sheet = workbook[title]
        too_wide(sheet.max_column or 0)  # a recorded extent past the bound (cells out in column XFD) is refused
        sheet.reset_dimensions()  # some writers record too small dimensions; read what is really there
        rows = []
        for row in sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS + 1):
            if len(row) > MAX_COLUMNS and row[MAX_COLUMNS].value is not None:
                too_wide(MAX_COLUMNS + 1)
            if len(rows) >= MAX_ROWS:
                raise ReadError("read.too_many_rows", limit=MAX_ROWS)
            rows.append([_shown(cell.value, getattr(cell, "number_format", None)) for cell in row[:MAX_COLUMNS]])
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
    title = pick_sheet(scan.names, preferred, chosen)
    shape = scan.shapes[title]
    try:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=title, header=None, engine="odf", dtype=object,
                              nrows=shape.rows)
    except Exception as exc:  # odfpy raises many kinds for a broken package
        raise ReadError("read.ods_corrupt") from exc
    rows = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    rows = [[_shown(value, None) for value in row] for row in rows]
    for row_index, column in shape.percent:
        if row_index < len(rows) and column < len(rows[row_index]) and isinstance(rows[row_index][column], float):
            rows[row_index][column] = Percent(round(rows[row_index][column] * 100, 10))
    return _table_from_rows(rows, title, tuple(scan.names), max_cell_chars, known)


def _table_from_rows(rows: list[list[object]], title: str, names: tuple[str, ...], max_cell_chars: int,
                     known: Collection[str] | None) -> RawTable:
    """A RawTable from a sheet's rows (row 1 first): header found, empty rows dropped, long cells refused."""
    numbers = [n for n, row in enumerate(rows, start=1) if any(value is not None for value in row)]
    if not numbers:
        raise ReadError("read.empty")
    first = TITLE_SCAN_ROWS
    skip = find_header([rows[n - 1] for n in numbers[:first]], numbers[:first], known)
    title_rows = (numbers[0], numbers[skip] - 1) if skip else None
    numbers = numbers[skip:]
    width = max(len(rows[n - 1]) for n in numbers)
    header = rows[numbers[0] - 1]
    labels = [label(value) for value in header] + [""] * (width - len(header))
    for number in numbers:
        for position, value in enumerate(rows[number - 1]):
            if isinstance(value, str) and len(value) > max_cell_chars:
                raise ReadError("read.cell_too_large", row=number, column=labels[position], limit=max_cell_chars)
    if len(numbers) < 2:
        raise ReadError("read.no_rows")
    body = [rows[n - 1] + [None] * (width - len(rows[n - 1])) for n in numbers[1:]]
    frame = pd.DataFrame(body, index=pd.Index(numbers[1:]), columns=range(width), dtype=object)
    frame.columns = pd.Index(labels, dtype=object)
    return RawTable(drop_unnamed_empty(frame), None, None, title, sheets=names, title_rows=title_rows)
