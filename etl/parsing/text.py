"""CSV/TXT files: encoding, separator, header row, then Arrow's fast reader or the fallbacks.

Strings are handled with Arrow so that a million-row file is read in a few seconds.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Collection

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from etl.parsing.base import (
    TITLE_SCAN_ROWS,
    RawTable,
    ReadError,
    drop_unnamed_empty,
    find_header,
    label,
    too_wide,
)
from etl.parsing.encoding import decode_legacy

_SEPARATORS = ";\t,"  # preference order when the header counts tie
_MAGIC = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0", b"GIF8", b"\xff\xd8\xff",
          b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"II*\x00", b"MM\x00*", b"RIFF")
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])
_HEAD = 65536  # bytes looked at for the separator, the width and the header row
_LINE = rb"[^\r\n]*(?:\r\n|\n|\r)"


def looks_binary(data: bytes) -> bool:
    """Known binary signature, any NUL byte, or more than 1% control bytes at the start."""
    head = data[:_HEAD]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return data.startswith(_MAGIC) or controls > len(head) // 100 or b"\x00" in data


def _to_utf8(data: bytes) -> tuple[bytes, str, str]:
    """The bytes as UTF-8 (UTF-16 "Unicode Text" and legacy code pages re-encoded), the encoding found, the codec."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").encode("utf-8"), "utf-16", "utf-8"
        except UnicodeDecodeError as exc:
            raise ReadError("read.encoding") from exc
    if looks_binary(data):
        raise ReadError("read.binary")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):], "utf-8-sig", "utf-8"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        encoding = decode_legacy(data)
        return data.decode(encoding).encode("utf-8"), encoding, "utf-8"
    return data, "utf-8", "utf-8"


def read_csv(data: bytes, max_cell_chars: int, known: Collection[str] | None = None) -> RawTable:
    """CSV/TXT: encoding, separator, header row, then the fast Arrow reader or the fallbacks."""
    data, encoding, codec = _to_utf8(data)
    hint = re.match(rb"sep=([,;\t])[ \t]*(?:\r\n|\n|\r)", data)  # Excel's separator line, not shown as a row
    if hint:
        data = data[hint.end():]
    blank = re.match(rb"(?:[ \t]*(?:\r\n|\n|\r))*", data).group()
    data = data[len(blank):].rstrip(b"\r\n")
    if not data.strip():
        raise ReadError("read.empty")
    first_row = len(re.findall(rb"\r\n|\n|\r", blank)) + 1
    head = data[:_HEAD].decode(codec, errors="ignore")
    separator = hint.group(1).decode() if hint else _detect_separator(head)
    skipped = _title_lines(head, separator, first_row, known)
    if skipped:
        data = data[re.match(rb"(?:" + _LINE + rb"){%d}" % skipped, data).end():]
        head = data[:_HEAD].decode(codec, errors="ignore")
    width = _header_width(head, separator)
    columns = _arrow_columns(data, separator, codec, width)
    if columns is None:
        columns = _pandas_columns(data, separator, codec, first_row + skipped)
    frame = _frame_from_columns(columns, first_row + skipped, max_cell_chars)
    title = (first_row, first_row + skipped - 1) if skipped else None
    return RawTable(frame, separator, encoding, None, title_rows=title)


def _detect_separator(text: str) -> str:
    """The most frequent of ; tab , outside quotes on the header line (ties prefer ;)."""
    counts = dict.fromkeys(_SEPARATORS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            break
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _header_width(head: str, separator: str) -> int:
    """Fields in the header record (read from the look-ahead only), refused when wider than a contract could be."""
    width = len(next(csv.reader(io.StringIO(head, newline=""), delimiter=separator), []))
    too_wide(width)
    return width


def _title_lines(head: str, separator: str, first_row: int, known: Collection[str] | None) -> int:
    """How many lines at the top are a report title above the known header (0 when the header comes first)."""
    if not known:
        return 0
    lines = re.split(r"\r\n|\n|\r", head)[:TITLE_SCAN_ROWS]
    records = [[value.strip() or None for value in next(csv.reader([line], delimiter=separator), [])]
               for line in lines]
    filled = [(n, record) for n, record in enumerate(records) if any(record)]
    if not filled:
        return 0
    index = find_header([record for _, record in filled], [first_row + n for n, _ in filled], known)
    return filled[index][0] if index else 0


def _arrow_columns(data: bytes, separator: str, codec: str, width: int) -> list[pa.ChunkedArray] | None:
    """Fast path: Arrow's multithreaded reader; None when any record does not fit (blank line, ragged row)."""
    names = [f"c{i}" for i in range(width)]
    misfits: list[object] = []
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=names, encoding=codec, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=separator, newlines_in_values=True, ignore_empty_lines=False,
                                             invalid_row_handler=lambda row: misfits.append(row) or "skip"),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowException, ValueError):
        return None
    return None if misfits else table.columns


def _pandas_columns(data: bytes, separator: str, codec: str, first_row: int) -> list[pa.ChunkedArray]:
    """Blank lines inside the file: pandas' C reader, which keeps them as rows; ragged rows: Python's csv."""
    try:
        frame = pd.read_csv(io.BytesIO(data), sep=separator, header=None, dtype=object, keep_default_na=False,
                            na_filter=False, skip_blank_lines=False, encoding=codec, engine="c")
    except pd.errors.ParserError:
        rows = _python_rows(data.decode(codec), separator, first_row)
        return [pa.chunked_array([pa.array(column, type=pa.string())]) for column in zip(*rows, strict=True)]
    too_wide(len(frame.columns))
    return [pa.chunked_array([pa.array(frame[name].to_numpy(), type=pa.string())]) for name in frame.columns]


def _python_rows(text: str, separator: str, first_row: int) -> list[list[str]]:
    """Rows of equal width; extra trailing empty fields are dropped, extra filled ones stop the read at once."""
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    rows: list[list[str]] = []
    width = 0
    for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"'),
                                 start=first_row):
        width = width or len(row)
        if len(row) > width and any(value.strip() for value in row[width:]):
            raise ReadError("read.ragged_row", row=number, expected=width, found=len(row))
        row[width:] = [""] * (width - len(row)) if len(row) < width else []
        rows.append(row)
    return rows


def _frame_from_columns(columns: list[pa.ChunkedArray], first_row: int, max_cell_chars: int) -> pd.DataFrame:
    """Trimmed cells (empty -> None), header from the first filled record, all-empty records dropped."""
    decoded = [_decode(column, max_cell_chars) for column in columns]
    empty = np.logical_and.reduce([blank for _, blank, _ in decoded])
    filled = np.flatnonzero(~empty)
    if not filled.size:
        raise ReadError("read.empty")
    labels = [label(values[filled[0]]) for values, _, _ in decoded]
    for (_, _, first_long), name in zip(decoded, labels, strict=True):
        if first_long >= 0:
            raise ReadError("read.cell_too_large", row=first_row + first_long, column=name, limit=max_cell_chars)
    rows = filled[1:]
    if not rows.size:
        raise ReadError("read.no_rows")
    block = np.empty((len(decoded), rows.size), dtype=object)
    for i, (values, _, _) in enumerate(decoded):
        np.take(values, rows, out=block[i])
    frame = pd.DataFrame(block.T, index=pd.Index(rows + first_row), dtype=object, copy=False)
    frame.columns = pd.Index(labels, dtype=object)
    return drop_unnamed_empty(frame)


def _decode(column: pa.ChunkedArray, max_cell_chars: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Trimmed cells as Python strings (None if empty), the empty mask, and the first over-long record (or -1)."""
    trimmed = pc.utf8_trim_whitespace(column.combine_chunks())
    lengths = pc.utf8_length(trimmed)
    first_long = pc.index(pc.greater(lengths, max_cell_chars), True).as_py()
    blank = pc.equal(lengths, 0).to_numpy(zero_copy_only=False)
    sample = trimmed.slice(0, 10_000)
    if pc.count_distinct(sample).as_py() * 2 < len(sample):  # repetitive column: make each distinct string once
        encoded = pc.dictionary_encode(trimmed)
        values = encoded.dictionary.to_numpy(zero_copy_only=False)[encoded.indices.to_numpy(zero_copy_only=False)]
    else:
        values = trimmed.to_numpy(zero_copy_only=False)
    values[blank] = None
    return values, blank, first_long
