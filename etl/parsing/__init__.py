"""Reading uploaded files (CSV, TXT, XLSX, ODS) into raw tables, and parsing numbers, dates and months in them.

Pure functions without Streamlit: `read_table` bounds the work by the contracts' limits before parsing, and
stores every cell as the sheet shows it (percent cells as the shown figure) or refuses the file with the reason.
"""

from __future__ import annotations

from collections.abc import Collection

from etl.parsing.base import MAX_COLUMNS, MAX_ROWS, Percent, RawTable, ReadError, header_key
from etl.parsing.cells import is_blank
from etl.parsing.dates import INDONESIAN_MONTHS, month_first, parse_date, parse_month, parse_timestamp
from etl.parsing.numbers import decimal_styles, parse_decimal, percent_cells
from etl.parsing.sheets import MAX_COMPRESSION_RATIO, MAX_UNCOMPRESSED_BYTES, read_ods, read_xlsx
from etl.parsing.text import read_csv

EXTENSIONS = ("csv", "txt", "xlsx", "ods")
SHEET_EXTENSIONS = ("xlsx", "ods")

__all__ = [
    "EXTENSIONS", "INDONESIAN_MONTHS", "MAX_COLUMNS", "MAX_COMPRESSION_RATIO", "MAX_ROWS", "MAX_UNCOMPRESSED_BYTES",
    "Percent", "RawTable", "ReadError", "decimal_styles", "header_key", "is_blank",
    "month_first", "parse_date", "parse_decimal", "parse_month", "parse_timestamp", "percent_cells", "read_table",
]


def read_table(data: bytes, filename: str, *, preferred_sheet: str | None = None, sheet: str | None = None,
               max_cell_chars: int = 100_000, max_bytes: int | None = None,
               known_headers: Collection[str] | None = None) -> RawTable:
    """Read an uploaded file into a RawTable, or raise ReadError saying why it cannot be read.

    `sheet` is the user's choice in a workbook; `known_headers` (header_key forms) let a report title above
    the header be recognised and skipped.
    """
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in EXTENSIONS:
        raise ReadError("read.extension", name=filename)
    if max_bytes is not None and len(data) > max_bytes:
        limit = max_bytes / (1024 * 1024)
        raise ReadError("read.too_large", limit_mb=int(limit) if limit.is_integer() else round(limit, 1))
    if not data:
        raise ReadError("read.empty")
    if extension == "xlsx":
        return read_xlsx(data, preferred_sheet, sheet, max_cell_chars, known_headers)
    if extension == "ods":
        return read_ods(data, preferred_sheet, sheet, max_cell_chars, known_headers)
    return read_csv(data, max_cell_chars, known_headers)
