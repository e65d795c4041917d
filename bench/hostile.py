"""Hostile upload files: each is validated in a fresh process; wall time and peak memory (VmHWM) are reported.

    .venv/bin/python -m bench.hostile            # prints a Markdown table; targets: < 2 s and < 300 MB each

Not part of CI (timings on a shared machine are not tests). The files are built in memory, near the upload limit.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
import zipfile

from openpyxl import Workbook

TARGET_SECONDS, TARGET_MB = 2.0, 300
_ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
             'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
             'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
             'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
             '<table:table table:name="e_mas">')
_ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"


def xlsx_column_xfd(rows: int = 4000) -> bytes:
    """One cell in column A and one in column XFD per row (the issue's 35 KB file)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "e_mas"
    for row in range(1, rows + 1):
        sheet.cell(row, 1, f"A{row}")
        sheet.cell(row, 16384, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _without_dimension(data: bytes) -> bytes:
    """The same workbook with the sheet's recorded extent (<dimension>) removed, so only the cells tell."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(rb"<dimension [^>]*/>", b"", content)
            archive.writestr(item, content)
    return out.getvalue()


def xlsx_column_xfd_undeclared() -> bytes:
    """The column-XFD file without its recorded extent."""
    return _without_dimension(xlsx_column_xfd())


def xlsx_far_rows(rows: int = 2000) -> bytes:
    """Cells in rows numbered up to 1,048,576 (sparse), without a recorded extent."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "e_mas"
    sheet.cell(1, 1, "complaint_id")
    for index in range(rows):
        sheet.cell(1_048_576 - index, 1, f"X{index}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _without_dimension(buffer.getvalue())


def xlsx_long_row(cells: int = 1_000_000) -> bytes:
    """One row of a million cells written straight into the sheet XML (past XFD, as no real writer would)."""
    from openpyxl.utils import get_column_letter

    source = zipfile.ZipFile(io.BytesIO(xlsx_column_xfd(rows=1)))
    row = "".join(f'<c r="{get_column_letter(1 + i % 16384)}1"><v>1</v></c>' for i in range(cells))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(rb"<sheetData>.*</sheetData>", f"<sheetData><row r=\"1\">{row}</row></sheetData>".encode(),
                                 re.sub(rb"<dimension [^>]*/>", b"", content), flags=re.S)
            archive.writestr(item, content)
    return out.getvalue()


def csv_wide_header(columns: int = 1_000_000) -> bytes:
    """A header of a million columns and one data row."""
    return (",".join(f"c{i}" for i in range(columns)) + "\n" + "1," * (columns - 1) + "1\n").encode()


def csv_wide_row(columns: int = 1_000_000) -> bytes:
    """A normal header, then a row of a million fields."""
    return b"complaint_id,description\nA,x\n" + b"1," * columns + b"1\n"


def _ods(content: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def ods_repeated_columns() -> bytes:
    """One value cell repeated across 16,384 columns in 1,000 rows."""
    row = ('<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="float" '
           'office:value="1"/></table:table-row>')
    return _ods(_ODS_HEAD + row * 1000 + _ODS_TAIL)


def ods_repeated_rows() -> bytes:
    """A filled row repeated 100 million times."""
    row = ('<table:table-row table:number-rows-repeated="100000000"><table:table-cell office:value-type="string">'
           '<text:p>x</text:p></table:table-cell></table:table-row>')
    return _ods(_ODS_HEAD + row + _ODS_TAIL)


CASES = {
    "xlsx: column A and column XFD in 4,000 rows": ("e_mas.xlsx", xlsx_column_xfd),
    "xlsx: the same without its recorded extent": ("e_mas.xlsx", xlsx_column_xfd_undeclared),
    "xlsx: 2,000 cells in the last rows (up to 1,048,576)": ("e_mas.xlsx", xlsx_far_rows),
    "xlsx: one row of 1,000,000 cells, no recorded extent": ("e_mas.xlsx", xlsx_long_row),
    "csv: header of 1,000,000 columns": ("e_mas.csv", csv_wide_header),
    "csv: data row of 1,000,000 fields": ("e_mas.csv", csv_wide_row),
    "ods: a cell repeated over 16,384 columns, 1,000 rows": ("e_mas.ods", ods_repeated_columns),
    "ods: a row repeated 100,000,000 times": ("e_mas.ods", ods_repeated_rows),
}

_CHILD = """
import json, sys, time
from etl.validate import validate_file
data = sys.stdin.buffer.read()
started = time.perf_counter()
result = validate_file("e_mas", data, sys.argv[1])
seconds = time.perf_counter() - started
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "errors": [p.key for p in result.errors][:3]}))
"""


def measure(name: str, data: bytes) -> dict:
    """Validate `data` in a fresh interpreter; its time inside validate_file and its peak resident memory."""
    done = subprocess.run([sys.executable, "-c", _CHILD, name], input=data, capture_output=True, check=True,
                          timeout=600)
    return json.loads(done.stdout)


def main() -> None:
    """Print one Markdown row per hostile file."""
    baseline = measure("e_mas.csv", b"complaint_id\nA\n")
    print(f"Baseline (interpreter + libraries, a one-row CSV): {baseline['peak_mb']:.0f} MB\n")
    print("| file | size | refused with | seconds | peak MB | met |")
    print("|---|---|---|---|---|---|")
    for label, (name, build) in CASES.items():
        data = build()
        started = time.perf_counter()
        result = measure(name, data)
        _ = time.perf_counter() - started
        met = result["seconds"] < TARGET_SECONDS and result["peak_mb"] < TARGET_MB
        print(f"| {label} | {len(data) / 1024:,.0f} KB | {', '.join(result['errors']) or 'accepted'} | "
              f"{result['seconds']:.2f} | {result['peak_mb']:.0f} | {'yes' if met else 'NO'} |")


if __name__ == "__main__":
    main()
