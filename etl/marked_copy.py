"""A copy of the uploaded sheet as XLSX with every bad cell filled red and the reason in a comment on it."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from etl import parsing
from etl.validate import Validation, read_raw

MAX_MARKED_ROWS = 20_000  # larger files get the error list only (the copy would take too long to build)
_BAD = PatternFill("solid", fgColor="F8B4B4")
_COMMENT_SIZE = (120, 260)


def marked_copy(validation: Validation, data: bytes, file_name: str, lang: str = "id") -> bytes | None:
    """The file's sheet as XLSX with the errors marked, or None when it cannot or should not be built."""
    if not validation.errors or validation.rows_read > MAX_MARKED_ROWS:
        return None
    try:
        raw = read_raw(validation.source, data, file_name, sheet=validation.sheet)
    except parsing.ReadError:
        return None
    frame = raw.frame
    header_row = raw.title_rows[1] + 1 if raw.title_rows else int(frame.index.min()) - 1 if len(frame) else 1
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = (raw.sheet or validation.source)[:31]
    positions: dict[str, int] = {}
    for position, name in enumerate(frame.columns, start=1):
        positions.setdefault(str(name), position)
        sheet.cell(header_row, position, str(name)).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(position)].width = min(max(len(str(name)), 10) + 3, 40)
    for row, values in zip(frame.index, frame.itertuples(index=False), strict=True):
        for position, value in enumerate(values, start=1):
            if value is None or (isinstance(value, float) and pd.isna(value)):
                continue
            cell = sheet.cell(int(row), position, value / 100 if isinstance(value, parsing.Percent) else value)
            if isinstance(value, parsing.Percent):
                cell.number_format = "0.##%"
            elif isinstance(value, str):
                cell.data_type = "s"  # text starting with "=" stays text, never a formula
    reasons: dict[tuple[int, int], list[str]] = {}
    for problem in validation.errors:
        if problem.row is None or not problem.column or problem.column not in positions:
            continue
        row = header_row if problem.key.startswith("check.") and problem.row == 1 else problem.row
        reasons.setdefault((row, positions[problem.column]), []).append(problem.reason(lang))
    for (row, position), texts in reasons.items():
        cell = sheet.cell(row, position)
        cell.fill = _BAD
        cell.comment = Comment("\n".join(texts), "Binjai Smart City", width=_COMMENT_SIZE[1], height=_COMMENT_SIZE[0])
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
