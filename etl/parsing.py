"""Reading uploaded files (CSV, TXT, XLSX) into raw tables, and parsing numbers, dates and months in them.

Pure functions without Streamlit. Strings are handled with pandas' Arrow-backed string methods so that a
million-row file is read and parsed in a few seconds.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from babel.dates import get_month_names

from binjai.clock import WIB
from binjai.errors import UserFacingError

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
_RATIO_FLOOR_BYTES = 1024 * 1024  # smaller zip members are never called bombs, whatever their ratio
_SEPARATORS = ";\t,"  # preference order when the header counts tie
_MAGIC = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0", b"GIF8", b"\xff\xd8\xff",
          b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"II*\x00", b"MM\x00*", b"RIFF")
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])
_NS_MIN, _NS_MAX = np.datetime64("1678-01-01"), np.datetime64("2262-01-01")


def _cldr_months(locale: str) -> dict[str, int]:
    """Month names and abbreviations from CLDR (Babel, as binjai.fmt writes them), lower case: `agustus`, `agu`."""
    return {name.lower().rstrip("."): number for width in ("wide", "abbreviated")
            for number, name in get_month_names(width, context="format", locale=locale).items()}


# Spellings Indonesian offices write that CLDR does not list (old spelling, other abbreviations).
_COLLOQUIAL_MONTHS = {"pebruari": 2, "peb": 2, "agus": 8, "agt": 8, "ags": 8, "sept": 9, "nopember": 11, "nop": 11}
INDONESIAN_MONTHS: dict[str, int] = {**_cldr_months("id_ID"), **_COLLOQUIAL_MONTHS}
_MONTHS = {**_cldr_months("en_US"), **_cldr_months("en_GB"), **INDONESIAN_MONTHS}

# Numbers: currency, percent and spaces go first; "Rp 1.250.000,-" loses its ",-".
_SPACES = " \t\n\r\f\v\xa0\u202f"  # literal characters: RE2 (Arrow) and Python agree on them
_ODD_SPACES = "[\t\n\r\f\v\xa0\u202f]+| {2,}"  # spaces to collapse; a single space is left alone
_NUMBER_NOISE = rf"(?i)rp\.?|idr|%|[{_SPACES}]|[.,]-$|^\+"
_AMBIGUOUS = r"^[1-9][0-9]{0,2}[.,][0-9]{3}$"
_COMMA_SAYS = r"^(?:[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+|[0-9]{1,3}(?:\.[0-9]{3}){2,}|[0-9]*,[0-9]+)$"
_DOT_SAYS = r"^(?:[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+|[0-9]{1,3}(?:,[0-9]{3}){2,}|[0-9]*\.[0-9]+)$"
_WELL_FORMED = {
    "comma": r"^[+-]?(?:(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?|,[0-9]+)$",
    "dot": r"^[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+)$",
}
# Dates: everything is rewritten to "Y-m-d[ H:M[:S[.f]]]" and then parsed by the number of colons.
_OFFSET = (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[t ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?"
           r" ?(?:z|[+-][0-9]{2}(?::?[0-9]{2})?)$")
_DAY_MONTH_NAME = r"^(?P<d>[0-9]{1,2})[ ./-]*(?P<m>[a-z]+)\.?[ ./,-]*(?P<y>[0-9]{4})(?:[ ,]+(?P<rest>.+))?$"
_MONTH_NAME = r"^(?P<m>[a-z]+)\.?[ ./,-]*(?P<y>[0-9]{4})$"
_TIMESTAMP_FORMATS = {0: ("%Y-%m-%d",), 1: ("%Y-%m-%d %H:%M",), 2: ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f")}


class ReadError(UserFacingError):
    """A file that cannot be read as a table at all."""


@dataclass(frozen=True)
class RawTable:
    """A file's cells as written: header labels as columns, spreadsheet row numbers as index."""

    frame: pd.DataFrame
    separator: str | None
    encoding: str | None
    sheet: str | None


def read_table(data: bytes, filename: str, *, preferred_sheet: str | None = None, max_cell_chars: int = 100_000,
               max_bytes: int | None = None) -> RawTable:
    """Read an uploaded CSV/TXT/XLSX file into a RawTable, or raise ReadError saying why it cannot be read."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ("csv", "txt", "xlsx"):
        raise ReadError("read.extension", name=filename)
    if max_bytes is not None and len(data) > max_bytes:
        limit = max_bytes / (1024 * 1024)
        raise ReadError("read.too_large", limit_mb=int(limit) if limit.is_integer() else round(limit, 1))
    if not data:
        raise ReadError("read.empty")
    if extension == "xlsx":
        return _read_xlsx(data, preferred_sheet, max_cell_chars)
    return _read_csv(data, max_cell_chars)


def _looks_binary(data: bytes) -> bool:
    """Known binary signature, any NUL byte, or more than 1% control bytes at the start."""
    head = data[:65536]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return data.startswith(_MAGIC) or controls > len(head) // 100 or b"\x00" in data


def _read_csv(data: bytes, max_cell_chars: int) -> RawTable:
    """CSV/TXT: encoding, separator, then the fast Arrow reader or the fallbacks."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReadError("read.encoding")
    if _looks_binary(data):
        raise ReadError("read.binary")
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8):], "utf-8-sig"
    codec = "utf-8"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ReadError("read.encoding") from exc
        encoding = codec = "cp1252"
    hint = re.match(rb"sep=([,;\t])[ \t]*(?:\r\n|\n|\r)", data)  # Excel's separator line, not shown as a row
    if hint:
        data = data[hint.end():]
    blank = re.match(rb"(?:[ \t]*(?:\r\n|\n|\r))*", data).group()
    data = data[len(blank):].rstrip(b"\r\n")
    if not data.strip():
        raise ReadError("read.empty")
    first_row = len(re.findall(rb"\r\n|\n|\r", blank)) + 1
    separator = hint.group(1).decode() if hint else _detect_separator(data[:65536].decode(codec, errors="ignore"))
    columns = _arrow_columns(data, separator, codec)
    if columns is None:
        columns = _pandas_columns(data, separator, codec, first_row)
    return RawTable(_frame_from_columns(columns, first_row, max_cell_chars), separator, encoding, None)


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


def _arrow_columns(data: bytes, separator: str, codec: str) -> list[pa.ChunkedArray] | None:
    """Fast path: Arrow's multithreaded reader; None when any record does not fit (blank line, ragged row)."""
    head = data[:65536].decode(codec, errors="ignore")
    width = len(next(csv.reader(io.StringIO(head, newline=""), delimiter=separator)))
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
    return [pa.chunked_array([pa.array(frame[name].to_numpy(), type=pa.string())]) for name in frame.columns]


def _python_rows(text: str, separator: str, first_row: int) -> list[list[str]]:
    """Rows of equal width; extra trailing empty fields are dropped, extra filled ones are an error."""
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"'))
    width = len(rows[0]) if rows else 0
    for number, row in enumerate(rows, start=first_row):
        if len(row) > width and any(value.strip() for value in row[width:]):
            raise ReadError("read.ragged_row", row=number, expected=width, found=len(row))
        row[width:] = [""] * (width - len(row)) if len(row) < width else []
    return rows


def _frame_from_columns(columns: list[pa.ChunkedArray], first_row: int, max_cell_chars: int) -> pd.DataFrame:
    """Trimmed cells (empty -> None), header from the first filled record, all-empty records dropped."""
    decoded = [_decode(column, max_cell_chars) for column in columns]
    empty = np.logical_and.reduce([blank for _, blank, _ in decoded])
    filled = np.flatnonzero(~empty)
    if not filled.size:
        raise ReadError("read.empty")
    labels = [_label(values[filled[0]]) for values, _, _ in decoded]
    for (_, _, first_long), label in zip(decoded, labels, strict=True):
        if first_long >= 0:
            raise ReadError("read.cell_too_large", row=first_row + first_long, column=label, limit=max_cell_chars)
    rows = filled[1:]
    if not rows.size:
        raise ReadError("read.no_rows")
    block = np.empty((len(decoded), rows.size), dtype=object)
    for i, (values, _, _) in enumerate(decoded):
        np.take(values, rows, out=block[i])
    frame = pd.DataFrame(block.T, index=pd.Index(rows + first_row), dtype=object, copy=False)
    frame.columns = pd.Index(labels, dtype=object)
    return _drop_unnamed_empty(frame)


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


def _label(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).replace("\ufeff", "").strip()


def _drop_unnamed_empty(frame: pd.DataFrame) -> pd.DataFrame:
    keep = [bool(label) or frame.iloc[:, i].notna().any() for i, label in enumerate(frame.columns)]
    return frame if all(keep) else frame.iloc[:, keep]


def _read_xlsx(data: bytes, preferred_sheet: str | None, max_cell_chars: int) -> RawTable:
    """XLSX: zip-bomb check, then openpyxl (read-only, cached formula values) on the chosen sheet."""
    if not data.startswith(b"PK"):
        raise ReadError("read.binary" if _looks_binary(data) else "read.xlsx_corrupt")
    _check_zip(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, XML errors, ...) for a broken package
        raise ReadError("read.xlsx_corrupt") from exc
    try:
        sheet = _pick_sheet(workbook.worksheets, preferred_sheet)
        sheet.reset_dimensions()  # some writers record wrong dimensions; read what is really there
        rows = [[(v.strip() or None) if isinstance(v, str) else v for v in row]
                for row in sheet.iter_rows(min_row=1, values_only=True)]
        title = sheet.title
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError("read.xlsx_corrupt") from exc
    finally:
        workbook.close()
    numbers = [n for n, row in enumerate(rows, start=1) if any(value is not None for value in row)]
    if not numbers:
        raise ReadError("read.empty")
    width = max(len(rows[n - 1]) for n in numbers)
    header = rows[numbers[0] - 1]
    labels = [_label(value) for value in header] + [""] * (width - len(header))
    for number in numbers:
        for position, value in enumerate(rows[number - 1]):
            if isinstance(value, str) and len(value) > max_cell_chars:
                raise ReadError("read.cell_too_large", row=number, column=labels[position], limit=max_cell_chars)
    if len(numbers) < 2:
        raise ReadError("read.no_rows")
    body = [rows[n - 1] + [None] * (width - len(rows[n - 1])) for n in numbers[1:]]
    frame = pd.DataFrame(body, index=pd.Index(numbers[1:]), columns=range(width), dtype=object)
    frame.columns = pd.Index(labels, dtype=object)
    return RawTable(_drop_unnamed_empty(frame), None, None, title)


def _check_zip(data: bytes) -> None:
    """Refuse an archive that unpacks to too much, judged from its central directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise ReadError("read.xlsx_corrupt") from exc
    if sum(m.file_size for m in members) > MAX_UNCOMPRESSED_BYTES or any(
        m.file_size > _RATIO_FLOOR_BYTES and m.file_size > MAX_COMPRESSION_RATIO * max(m.compress_size, 1)
        for m in members
    ):
        raise ReadError("read.zip_bomb")


def _pick_sheet(sheets: list, preferred: str | None) -> object:
    """The sheet named like `preferred` ("e_mas" matches "E-MAS", "e mas"), else the first one."""
    if not sheets:
        raise ReadError("read.empty")
    wanted = _sheet_key(preferred) if preferred else None
    return next((sheet for sheet in sheets if _sheet_key(sheet.title) == wanted), sheets[0])


def _sheet_key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name).casefold()


def _str_mask(s: pd.Series) -> np.ndarray:
    """Which cells are Python/Arrow strings (vectorised for all-string columns, per cell only for mixed ones)."""
    kind = pd.api.types.infer_dtype(s, skipna=True)
    if kind == "string":
        return s.notna().to_numpy(dtype=bool)
    if kind == "empty" or s.dtype != object:
        return np.zeros(len(s), dtype=bool)
    return s.map(lambda value: isinstance(value, str)).to_numpy(dtype=bool)


def _strings(s: pd.Series, mask: np.ndarray | None = None) -> pd.Series:
    """The string cells of `s` as an Arrow-backed series with a fresh RangeIndex."""
    mask = _str_mask(s) if mask is None else mask
    return pd.Series(s.to_numpy(dtype=object)[mask], dtype="str")


def _clean_number_text(text: pd.Series) -> pd.Series:
    return text.str.replace(_NUMBER_NOISE, "", regex=True).str.replace("\u2212", "-", regex=False)


def _examples(values: object) -> str:
    return " / ".join(f'"{value}"' for value in values)


def detect_decimal_style(values: list[pd.Series], separator: str | None) -> str:
    """The file's decimal mark, "comma" (1.234,5) or "dot" (1,234.5), from all its numeric text cells."""
    texts = [_strings(s) for s in values]
    raw = pd.Series(pd.unique(pd.concat(texts, ignore_index=True)), dtype="str") if texts else pd.Series(dtype="str")
    clean = _clean_number_text(raw).str.replace(r"^[+-]", "", regex=True)
    ambiguous = clean.str.contains(_AMBIGUOUS, regex=True).to_numpy(dtype=bool)
    comma = clean.str.contains(_COMMA_SAYS, regex=True).to_numpy(dtype=bool) & ~ambiguous
    dot = clean.str.contains(_DOT_SAYS, regex=True).to_numpy(dtype=bool) & ~ambiguous
    if comma.any() and dot.any():
        raise ReadError("read.ambiguous_decimal", examples=_examples([raw[comma].iloc[0], raw[dot].iloc[0]]))
    if comma.any() or dot.any():
        return "comma" if comma.any() else "dot"
    if ambiguous.any() and separator != ";":
        raise ReadError("read.ambiguous_decimal", examples=_examples(raw[ambiguous].iloc[:2]))
    return "comma" if separator == ";" else "dot"


def parse_decimal(s: pd.Series, style: str) -> pd.Series:
    """Numbers written in `style` ("comma" or "dot") as float64; NaN where empty or not a number."""
    if style not in _WELL_FORMED:
        raise ValueError(f"unknown decimal style {style!r}")
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        return s.astype("float64")
    out = np.full(len(s), np.nan)
    is_str = _str_mask(s)
    others = ~is_str & s.notna().to_numpy(dtype=bool)
    if s.dtype == object and others.any():  # XLSX number cells; only non-text, non-empty cells are inspected
        cells = s.to_numpy(dtype=object)
        picked = np.flatnonzero(others)
        native = [isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_)) for v in cells[picked]]
        picked = picked[np.array(native, dtype=bool)]
        out[picked] = cells[picked].astype("float64")
    if is_str.any():
        text = _clean_number_text(_strings(s, is_str))
        ok = text.str.contains(_WELL_FORMED[style], regex=True).to_numpy(dtype=bool)
        good = text[ok]
        good = good.str.replace(".", "", regex=False).str.replace(",", ".", regex=False) if style == "comma" \
            else good.str.replace(",", "", regex=False)
        parsed = np.full(len(text), np.nan)
        parsed[ok] = pa.array(good).cast(pa.float64()).to_numpy(zero_copy_only=False)
        out[is_str] = parsed
    return pd.Series(out, index=s.index, dtype="float64")


def _native_timestamp(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.astimezone(WIB).replace(tzinfo=None) if value.tzinfo is not None else value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return value if isinstance(value, np.datetime64) else None


def _in_ns_range(values: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """Datetimes as datetime64[ns], NaT for those outside the nanosecond range."""
    array = np.asarray(values, dtype="datetime64[us]")
    return np.where((array >= _NS_MIN) & (array < _NS_MAX), array, np.datetime64("NaT")).astype("datetime64[ns]")


def _rewrite_month_names(text: pd.Series, pattern: str) -> pd.Series:
    """'18 juni 2019 14:00' -> '2019-6-18 14:00' for the cells matching `pattern` (groups d, m, y, rest)."""
    letters = text.str.contains(r"[a-z]", regex=True).to_numpy(dtype=bool)
    if not letters.any():
        return text
    found = text[letters].str.extract(pattern)
    month = found["m"].map(_MONTHS)
    ok = month.notna().to_numpy(dtype=bool)
    if not ok.any():
        return text
    found = found[ok]
    day = found["d"] if "d" in found else "1"
    rest = found["rest"].fillna("") if "rest" in found else pd.Series("", index=found.index, dtype="str")
    built = found["y"] + "-" + month[ok].astype(int).astype(str) + "-" + day + rest.where(rest == "", " " + rest)
    mask = np.zeros(len(text), dtype=bool)
    mask[np.flatnonzero(letters)[ok]] = True
    return _put(text, mask, built)


def _put(text: pd.Series, mask: np.ndarray, new: pd.Series) -> pd.Series:
    """`text` with the cells under `mask` replaced, in order, by `new`."""
    values = text.to_numpy(dtype=object, copy=True)
    values[mask] = new.to_numpy(dtype=object)
    return pd.Series(values, dtype="str")


def _parse_text_timestamps(text: pd.Series) -> np.ndarray:
    """Timestamp strings (RangeIndex) to datetime64[ns], NaT where no accepted format fits."""
    text = text.str.strip().str.lower().str.replace(_ODD_SPACES, " ", regex=True)
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    if text.str.contains(r"[a-z]", regex=True).any():
        text = text.str.replace(r"(?:^| )(?:pukul|pkl|jam)\.?(?: |$)", " ", regex=True)
        text = text.str.replace(r" wib$", "", regex=True)
        offset = text.str.contains(_OFFSET, regex=True).to_numpy(dtype=bool)
        if offset.any():
            zoned = text[offset].str.replace(r" ([+-][0-9])", r"\1", regex=True).str.upper()
            utc = pd.to_datetime(zoned, format="ISO8601", utc=True, errors="coerce").dt.tz_convert(None)
            out[offset] = _in_ns_range(utc + pd.Timedelta(WIB.utcoffset(None)))
            text = text.where(~offset, "")
        text = _rewrite_month_names(text, _DAY_MONTH_NAME)
        text = text.str.replace(r"^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})t", r"\1 ", regex=True)
    text = text.str.replace(r"^([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{4})", r"\3-\2-\1", regex=True)
    dotted = text.str.contains(".", regex=False).to_numpy(dtype=bool)
    if dotted.any():  # Indonesian times: "09.15", "09.15.30"
        clock = text[dotted].str.replace(r"^([0-9-]+ [0-9]{1,2})\.([0-9]{2})", r"\1:\2", regex=True)
        clock = clock.str.replace(r"^([0-9-]+ [0-9]{1,2}:[0-9]{2})\.([0-9]{2})$", r"\1:\2", regex=True)
        text = _put(text, dotted, clock)
    colons = pc.count_substring(pa.array(text), ":").to_numpy(zero_copy_only=False)
    for count, formats in _TIMESTAMP_FORMATS.items():
        todo = np.flatnonzero((colons == count) & np.isnat(out))
        for fmt in formats:
            if not todo.size:
                break
            parsed = _in_ns_range(pd.to_datetime(text.iloc[todo], format=fmt, errors="coerce"))
            out[todo] = parsed
            todo = todo[np.isnat(parsed)]
    return out


def parse_timestamp(s: pd.Series) -> pd.Series:
    """Timestamps as naive Asia/Jakarta wall time (datetime64[ns]); NaT where empty or not a date."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        zone = getattr(s.dtype, "tz", None)
        values = s.dt.tz_convert(WIB).dt.tz_localize(None) if zone is not None else s
        return pd.Series(_in_ns_range(values), index=s.index)
    out = np.full(len(s), np.datetime64("NaT"), dtype="datetime64[ns]")
    is_str = _str_mask(s)
    native = ~is_str & s.notna().to_numpy(dtype=bool)
    if native.any():
        values = [_native_timestamp(value) for value in s.to_numpy(dtype=object)[native]]
        out[native] = _in_ns_range(pd.to_datetime(pd.Series(values, dtype=object), errors="coerce"))
    if is_str.any():
        out[is_str] = _parse_text_timestamps(_strings(s, is_str))
    return pd.Series(out, index=s.index)


def parse_date(s: pd.Series) -> pd.Series:
    """Dates (datetime64[ns] at midnight); NaT where empty or not a date."""
    return parse_timestamp(s).dt.normalize()


def parse_month(s: pd.Series) -> pd.Series:
    """The first day of the month written in each cell (datetime64[ns]); NaT where empty or not a month."""
    out = np.full(len(s), np.datetime64("NaT"), dtype="datetime64[ns]")
    is_str = _str_mask(s)
    rest = ~is_str
    if is_str.any():
        text = _strings(s, is_str).str.strip().str.lower().str.replace(_ODD_SPACES, " ", regex=True)
        text = _rewrite_month_names(text, _MONTH_NAME)
        text = text.str.replace(r"^([0-9]{4})[./-]([0-9]{1,2})$", r"\1-\2-1", regex=True)
        text = text.str.replace(r"^([0-9]{1,2})[./-]([0-9]{4})$", r"\2-\1-1", regex=True)
        months = _in_ns_range(pd.to_datetime(text, format="%Y-%m-%d", errors="coerce"))
        placed = np.flatnonzero(is_str)
        out[placed] = months
        rest[placed[np.isnat(months)]] = True  # not a bare month: try it as a full date below
    if rest.any():
        out[rest] = parse_timestamp(s[rest]).to_numpy()
    months = out.astype("datetime64[M]").astype("datetime64[ns]")
    return pd.Series(months, index=s.index)


def is_blank(s: pd.Series) -> pd.Series:
    """True where a cell is None, NaN/NaT or a string of only whitespace."""
    blank = s.isna().to_numpy(dtype=bool, copy=True)
    is_str = _str_mask(s)
    if is_str.any():
        blank[is_str] = (_strings(s, is_str).str.strip() == "").to_numpy(dtype=bool)
    return pd.Series(blank, index=s.index)
