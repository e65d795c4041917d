"""Shared pieces of file reading: the error type, the raw table, limits, labels and the header-row search."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import pandas as pd

from binjai.errors import UserFacingError

MAX_COLUMNS = 256  # no contract has more than a few dozen columns; wider files are refused before parsing
MAX_ROWS = 2_000_000  # far above what the upload limit lets through as a real table
TITLE_SCAN_ROWS = 10  # a header further down than this is not searched for


class ReadError(UserFacingError):
    """A file that cannot be read as a table at all (`sheet`/`sheets` set when it is a workbook's sheet)."""

    sheet: str | None = None
    sheets: tuple[str, ...] = ()


class Percent(float):
    """A number the sheet shows as a percentage, as shown: 12.5 for a cell holding 0.125 formatted `0,0%`."""


@dataclass(frozen=True)
class RawTable:
    """A file's cells as written: header labels as columns, spreadsheet row numbers as index."""

    frame: pd.DataFrame
    separator: str | None
    encoding: str | None
    sheet: str | None
    sheets: tuple[str, ...] = ()
    title_rows: tuple[int, int] | None = None  # first and last row skipped as a title above the header
    notes: tuple[str, ...] = field(default_factory=tuple)


def header_key(label: object) -> str:
    """Header comparison form: case, spaces and punctuation ignored ("No. Laporan" == "no_laporan")."""
    text = str(label).replace("\ufeff", "").strip().lower()
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")


def label(value: object) -> str:
    """A header cell as text (1.0 -> "1", None -> "")."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).replace("\ufeff", "").strip()


def find_header(records: Sequence[Sequence[object]], numbers: Sequence[int], known: Collection[str] | None) -> int:
    """Index (among the first filled records, at sheet rows `numbers`) of the header; 0 unless a title sits above.

    Raises ReadError when a later record is the header but the records above it are more than a title.
    """
    if not known or not records:
        return 0
    keys = set(known)

    def matches(record: Sequence[object]) -> int:
        return sum(1 for value in record if value is not None and header_key(label(value)) in keys)

    first = matches(records[0])
    for index, record in enumerate(records[1:TITLE_SCAN_ROWS], start=1):
        found = matches(record)
        if found >= 2 and found > first:
            if all(sum(value is not None and label(value) != "" for value in above) <= 2 for above in records[:index]):
                return index
            raise ReadError("read.header_not_first", first=numbers[0], last=numbers[index] - 1)
    return 0


def drop_unnamed_empty(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns without a label and without any value are dropped (trailing separators, formatted blanks)."""
    keep = [bool(name) or frame.iloc[:, i].notna().any() for i, name in enumerate(frame.columns)]
    return frame if all(keep) else frame.iloc[:, keep]


def too_wide(width: int) -> None:
    """Refuse a table wider than any contract could need."""
    if width > MAX_COLUMNS:
        raise ReadError("read.too_many_columns", found=width, limit=MAX_COLUMNS)
