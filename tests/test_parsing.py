"""Tests of etl.parsing: reading files into raw tables, and parsing numbers, dates and months."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from etl import parsing
from etl.parsing import ReadError

FIXTURES = Path(__file__).parent / "fixtures" / "parsing"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"

# file -> (separator, encoding, sheet, columns, row numbers, first data row)
EXPECTED_GOOD = {
    "semicolon_comma_decimal.csv": (
        ";", "utf-8", None,
        ["complaint_id", "received_at", "latitude", "longitude", "budget_idr", "progress_pct", "description"],
        [2, 3],
        ["EM-001", "18/06/2019 09:15", "3,6231", "98,4972", "Rp 1.250.000", "12,5%", "Sampah; menumpuk di pasar"],
    ),
    "comma_dot_decimal.csv": (
        ",", "utf-8", None, ["complaint_id", "received_at", "latitude", "longitude", "budget_idr"],
        [2, 3], ["EM-001", "18 Juni 2019", "3.6231", "98.4972", "1,234.5"],
    ),
    "bom_utf8.csv": (";", "utf-8-sig", None, ["complaint_id", "kelurahan"], [2], ["EM-001", "Pahlawan"]),
    "cp1252.csv": (
        ";", "cp1252", None, ["complaint_id", "kelurahan", "description"], [2], ["EM-001", "Pahlawan", "Café ’pasar’"],
    ),
    "blank_lines.csv": (",", "utf-8", None, ["id", "name"], [3, 6, 7], ["A", "x"]),
    "leading_blank_lines.csv": (";", "utf-8", None, ["id", "name"], [4], ["A", "1"]),
    "quoted_newline.csv": (
        ",", "utf-8", None, ["id", "description", "value"], [2, 3, 4], ["1", 'He said "hi", twice', "5"],
    ),
    "utf16.txt": ("\t", "utf-16", None, ["id", "name"], [2], ["1", "x"]),
    "tab.txt": ("\t", "utf-8", None, ["id", "kelurahan", "value"], [2, 3], ["A", "Pahlawan", "12,5"]),
    "trailing_separators.csv": (";", "utf-8", None, ["a", "b", "c"], [2, 3], ["1", "2", "3"]),
    "duplicate_headers.csv": (";", "utf-8", None, ["id", "id", "name"], [2], ["1", "2", "x"]),
    "excel_sep_line.csv": (",", "utf-8", None, ["id", "value"], [2], ["1", "2"]),
    "plain.xlsx": (
        None, None, "Data", ["complaint_id", "received_at", "latitude", "longitude", "rating", "description"],
        [2, 3, 5], ["EM-001", dt.datetime(2019, 6, 18, 9, 15), 3.6231, 98.4972, 5, "Sampah menumpuk"],
    ),
    "sheet_named.xlsx": (
        None, None, "E-MAS", ["complaint_id", "received_at", "latitude"], [2],
        ["EM-010", dt.datetime(2020, 1, 2, 8), 3.6],
    ),
}

EXPECTED_BAD = {
    "empty.csv": "read.empty",
    "blank_only.csv": "read.empty",
    "header_only.csv": "read.no_rows",
    "header_only.xlsx": "read.no_rows",
    "truncated.xlsx": "read.xlsx_corrupt",
    "not_a_zip.xlsx": "read.xlsx_corrupt",
    "zip_bomb.xlsx": "read.zip_bomb",
    "image.png": "read.extension",
    "legacy.xls": "read.extension",
    "image_renamed.csv": "read.binary",
    "pdf_renamed.xlsx": "read.binary",
    "nul_bytes.csv": "read.binary",
    "random_bytes.csv": "read.binary",
    "undecodable.csv": "read.encoding",
    "ragged.csv": "read.ragged_row",
}


def _read(path: Path, **options: object) -> parsing.RawTable:
    return parsing.read_table(path.read_bytes(), path.name, **options)


def _fixture_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file())


def test_every_fixture_has_an_expectation() -> None:
    assert _fixture_names(GOOD) == sorted(EXPECTED_GOOD)
    assert _fixture_names(BAD) == sorted(EXPECTED_BAD)


@pytest.mark.parametrize("name", _fixture_names(GOOD))
def test_good_file(name: str) -> None:
    separator, encoding, sheet, columns, rows, first = EXPECTED_GOOD[name]
    raw = _read(GOOD / name, preferred_sheet="e_mas")
    assert (raw.separator, raw.encoding, raw.sheet) == (separator, encoding, sheet)
    assert list(raw.frame.columns) == columns
    assert list(raw.frame.index) == rows
    assert all(pd.api.types.is_object_dtype(dtype) for dtype in raw.frame.dtypes)
    assert list(raw.frame.iloc[0]) == first


@pytest.mark.parametrize("name", _fixture_names(BAD))
def test_bad_file(name: str) -> None:
    with pytest.raises(ReadError) as caught:
        _read(BAD / name)
    assert caught.value.key == EXPECTED_BAD[name]


def test_read_error_params() -> None:
    with pytest.raises(ReadError) as caught:
        _read(BAD / "ragged.csv")
    assert caught.value.params == {"row": 3, "expected": 2, "found": 3}
    with pytest.raises(ReadError) as caught:
        _read(BAD / "image.png")
    assert caught.value.params == {"name": "image.png"}


def test_blank_lines_keep_spreadsheet_row_numbers() -> None:
    raw = _read(GOOD / "blank_lines.csv")
    assert raw.frame.loc[6].tolist() == ["B", "multi\nline"]
    assert raw.frame.loc[7].tolist() == ["C", "z"]


def test_fast_and_fallback_readers_agree() -> None:
    text = b'id;amount;note\n1; 1.234,5 ;"a;b"\n2;;"x\ny"\n3;7;\n'
    with_blank = text.replace(b"\n2;", b"\n\n2;")
    fast = parsing.read_table(text, "a.csv").frame
    slow = parsing.read_table(with_blank, "a.csv").frame
    expected = [["1", "1.234,5", "a;b"], ["2", None, "x\ny"], ["3", "7", None]]
    assert fast.values.tolist() == slow.values.tolist() == expected
    assert list(fast.index) == [2, 3, 4]
    assert list(slow.index) == [2, 4, 5]


def test_cells_are_stripped_and_empty_is_none() -> None:
    raw = parsing.read_table(b"a,b,c\n  x  ,   ,\n", "f.csv")
    assert raw.frame.loc[2].tolist() == ["x", None, None]


def test_xlsx_native_values_and_blank_row() -> None:
    raw = _read(GOOD / "plain.xlsx")
    frame = raw.frame
    assert frame.loc[3, "received_at"] == dt.datetime(2019, 6, 19)
    assert frame.loc[3, "rating"] is None
    assert frame.loc[5].tolist() == ["EM-003", "18 Juni 2019", "3,61", 98, 4, None]
    assert 4 not in frame.index


def test_xlsx_first_sheet_unless_one_is_named_after_the_source() -> None:
    first = _read(GOOD / "sheet_named.xlsx")
    assert first.sheet == "Petunjuk"
    assert list(first.frame.columns) == ["Petunjuk pengisian"]
    assert _read(GOOD / "sheet_named.xlsx", preferred_sheet="quick_wins").sheet == "Petunjuk"
    assert _read(GOOD / "sheet_named.xlsx", preferred_sheet="E_mas").sheet == "E-MAS"


def test_zip_bomb_by_total_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parsing.sheets, "MAX_UNCOMPRESSED_BYTES", 1000)
    with pytest.raises(ReadError) as caught:
        _read(GOOD / "plain.xlsx")
    assert caught.value.key == "read.zip_bomb"


def test_cell_too_large() -> None:
    data = b"id;description\n1;short\n2;" + b"x" * 50 + b"\n"
    with pytest.raises(ReadError) as caught:
        parsing.read_table(data, "f.csv", max_cell_chars=20)
    assert caught.value.key == "read.cell_too_large"
    assert caught.value.params == {"row": 3, "column": "description", "limit": 20}
    assert parsing.read_table(data, "f.csv", max_cell_chars=50).frame.loc[3, "description"] == "x" * 50


def test_too_large() -> None:
    data = b"a\n" + b"1\n" * (768 * 1024)
    with pytest.raises(ReadError) as caught:
        parsing.read_table(data, "f.csv", max_bytes=len(data) - 1)
    assert (caught.value.key, caught.value.params) == ("read.too_large", {"limit_mb": 1.5})
    with pytest.raises(ReadError) as caught:
        parsing.read_table(data, "f.csv", max_bytes=1024 * 1024)
    assert caught.value.params == {"limit_mb": 1}
    assert len(parsing.read_table(data, "f.csv", max_bytes=len(data)).frame) == 768 * 1024


@pytest.mark.parametrize(("text", "comma", "dot"), [
    ("1234.5", np.nan, 1234.5),
    ("1.234,5", 1234.5, np.nan),
    ("1,234.5", np.nan, 1234.5),
    ("Rp 1.250.000", 1_250_000.0, np.nan),
    ("Rp1.250.000,-", 1_250_000.0, np.nan),
    ("IDR 1,250,000", np.nan, 1_250_000.0),
    ("12,5%", 12.5, np.nan),
    ("12.5 %", np.nan, 12.5),
    ("-3,75", -3.75, np.nan),
    ("\u22123.75", np.nan, -3.75),
    ("1\u00a0234", 1234.0, 1234.0),
    ("1.234", 1234.0, 1.234),
    ("1,234", 1.234, 1234.0),
    ("42", 42.0, 42.0),
    ("", np.nan, np.nan),
    ("abc", np.nan, np.nan),
    ("1.2.3", np.nan, np.nan),
])
def test_parse_decimal(text: str, comma: float, dot: float) -> None:
    series = pd.Series([text], dtype=object)
    np.testing.assert_equal(parsing.parse_decimal(series, "comma").iloc[0], comma)
    np.testing.assert_equal(parsing.parse_decimal(series, "dot").iloc[0], dot)


def test_parse_decimal_native_cells_and_index() -> None:
    series = pd.Series(["3,5", 7, 2.25, None, True, dt.datetime(2019, 1, 1)], index=[5, 6, 7, 8, 9, 10], dtype=object)
    result = parsing.parse_decimal(series, "comma")
    assert result.dtype == np.float64
    assert list(result.index) == [5, 6, 7, 8, 9, 10]
    np.testing.assert_array_equal(result.to_numpy(), [3.5, 7.0, 2.25, np.nan, np.nan, np.nan])


@pytest.mark.parametrize(("values", "separator", "style"), [
    (["12,5"], ",", "comma"),
    (["3,6231"], None, "comma"),
    (["1.234.567"], ",", "comma"),
    (["1,234,567"], ";", "dot"),
    (["12.5"], ";", "dot"),
    (["3.6231"], None, "dot"),
    (["Rp 1.250.000", "12,5%"], ",", "comma"),
    (["1.234", "3,6231"], ",", "comma"),
    (["1,234", "3.6231"], ";", "dot"),
    (["1.234"], ";", "comma"),
    (["1,234"], ";", "comma"),
    (["1", "25"], ";", "comma"),
    (["1", "25"], ",", "dot"),
    ([], None, "dot"),
])
def test_decimal_style_of_one_column(values: list[str], separator: str | None, style: str) -> None:
    assert parsing.decimal_styles({"a": pd.Series(values, dtype=object)}, separator) == {"a": style}


def test_decimal_style_ignores_native_numbers() -> None:
    column = pd.Series([1.5, 2, None, "3,25"], dtype=object)
    assert parsing.decimal_styles({"a": column}, None) == {"a": "comma"}


@pytest.mark.parametrize(("values", "separator", "examples"), [
    (["12,5", "3.75"], ";", '"12,5" / "3.75"'),
    (["1.234.567", "1,234,567"], ",", '"1.234.567" / "1,234,567"'),
    (["1.234"], ",", '"1.234"'),
    (["1,234", "2,500"], None, '"1,234" / "2,500"'),
    (["1.234"], "\t", '"1.234"'),
])
def test_decimal_style_of_one_column_refuses_to_guess(values: list[str], separator: str | None,
                                                      examples: str) -> None:
    with pytest.raises(ReadError) as caught:
        parsing.decimal_styles({"jumlah": pd.Series(values, dtype=object)}, separator)
    assert caught.value.key == "read.ambiguous_decimal"
    assert caught.value.params == {"column": "jumlah", "examples": examples}


@pytest.mark.parametrize(("text", "expected"), [
    ("2019-06-18", "2019-06-18 00:00"),
    ("2019-06-18 09:15", "2019-06-18 09:15"),
    ("2019-06-18 09:15:30", "2019-06-18 09:15:30"),
    ("2019-06-18T09:15", "2019-06-18 09:15"),
    ("2019-06-18T09:15:00+07:00", "2019-06-18 09:15"),
    ("2019-06-18T02:15:00Z", "2019-06-18 09:15"),
    ("2019-06-18T09:15:00+09:00", "2019-06-18 07:15"),
    ("2019-06-17T21:15:00-05:00", "2019-06-18 09:15"),
    ("18/06/2019", "2019-06-18 00:00"),
    ("18/06/2019 09:15", "2019-06-18 09:15"),
    ("8/6/2019 9:05", "2019-06-08 09:05"),
    ("18-06-2019 09:15", "2019-06-18 09:15"),
    ("18.06.2019", "2019-06-18 00:00"),
    ("18/06/2019 09.15", "2019-06-18 09:15"),
    ("18 Juni 2019", "2019-06-18 00:00"),
    ("18 Jun 2019", "2019-06-18 00:00"),
    ("18 JUNI 2019", "2019-06-18 00:00"),
    ("18 Agustus 2019 14:00", "2019-08-18 14:00"),
    ("18 Agu 2019", "2019-08-18 00:00"),
    ("18 Agt 2019", "2019-08-18 00:00"),
    ("18 Mei 2019", "2019-05-18 00:00"),
    ("18 Okt 2019", "2019-10-18 00:00"),
    ("18 Des 2019", "2019-12-18 00:00"),
    ("18 Nop 2019", "2019-11-18 00:00"),
    ("1 Januari 2020", "2020-01-01 00:00"),
    ("18 June 2019", "2019-06-18 00:00"),
    ("18 December 2019", "2019-12-18 00:00"),
    ("18 Juni 2019 pukul 14.00 WIB", "2019-06-18 14:00"),
    ("  18/06/2019  ", "2019-06-18 00:00"),
    ("18/06/24 09:15", "2024-06-18 09:15"),
    ("18/06/24", "2024-06-18 00:00"),
    ("18-06-24 09.15", "2024-06-18 09:15"),
])
def test_parse_timestamp(text: str, expected: str) -> None:
    result = parsing.parse_timestamp(pd.Series([text], dtype=object))
    assert result.dtype == "datetime64[ns]"
    assert result.iloc[0] == pd.Timestamp(expected)


@pytest.mark.parametrize(
    "text", ["", "43634", "06/18/2019", "31/02/2019", "18 Juno 2019", "2019-13-01", "kemarin", "18/06/1"],
)
def test_parse_timestamp_rejects(text: str) -> None:
    assert pd.isna(parsing.parse_timestamp(pd.Series([text], dtype=object)).iloc[0])


def test_parse_timestamp_native_cells_keep_index() -> None:
    aware = dt.datetime(2019, 6, 18, 2, 15, tzinfo=dt.UTC)
    series = pd.Series([dt.datetime(2019, 6, 18, 9, 15), dt.date(2019, 6, 18), aware, 43634, None, "18/06/2019"],
                       index=[2, 3, 4, 5, 6, 7], dtype=object)
    result = parsing.parse_timestamp(series)
    assert list(result.index) == [2, 3, 4, 5, 6, 7]
    assert result.tolist()[:3] == [pd.Timestamp("2019-06-18 09:15"), pd.Timestamp("2019-06-18"),
                                   pd.Timestamp("2019-06-18 09:15")]
    assert result.isna().tolist() == [False, False, False, True, True, False]


def test_parse_timestamp_datetime_dtype() -> None:
    aware = pd.Series(pd.to_datetime(["2019-06-18T02:15:00Z"]))
    assert parsing.parse_timestamp(aware).iloc[0] == pd.Timestamp("2019-06-18 09:15")


def test_parse_date() -> None:
    series = pd.Series(["18/06/2019 09:15", dt.datetime(2019, 6, 19, 23, 59), "x"], dtype=object)
    result = parsing.parse_date(series)
    assert result.iloc[0] == pd.Timestamp("2019-06-18")
    assert result.iloc[1] == pd.Timestamp("2019-06-19")
    assert pd.isna(result.iloc[2])


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-06", "2019-06-01"),
    ("06/2019", "2019-06-01"),
    ("6/2019", "2019-06-01"),
    ("Juni 2019", "2019-06-01"),
    ("Jun 2019", "2019-06-01"),
    ("June 2019", "2019-06-01"),
    ("juli 2019", "2019-07-01"),
    ("Agt 2020", "2020-08-01"),
    ("18/06/2019", "2019-06-01"),
    ("2019-06-18 09:15", "2019-06-01"),
    ("18 Juni 2019", "2019-06-01"),
    (dt.datetime(2020, 2, 15, 10, 0), "2020-02-01"),
    (dt.date(2020, 2, 15), "2020-02-01"),
])
def test_parse_month(value: object, expected: str) -> None:
    result = parsing.parse_month(pd.Series([value], dtype=object))
    assert result.dtype == "datetime64[ns]"
    assert result.iloc[0] == pd.Timestamp(expected)


@pytest.mark.parametrize("value", ["13/2019", "2019", "Juno 2019", "", None, 201906])
def test_parse_month_rejects(value: object) -> None:
    assert pd.isna(parsing.parse_month(pd.Series([value], dtype=object)).iloc[0])


def test_is_blank() -> None:
    values = [None, np.nan, "", "  \u00a0", "a", 0, pd.NaT, dt.date(2019, 1, 1)]
    series = pd.Series(values, index=range(2, 10), dtype=object)
    result = parsing.is_blank(series)
    assert list(result.index) == list(range(2, 10))
    assert result.tolist() == [True, True, True, True, False, False, True, False]


def test_indonesian_months() -> None:
    months = parsing.INDONESIAN_MONTHS
    names = ("januari", "mei", "agustus", "agu", "agt", "agus", "okt", "nop", "nov", "des")
    assert [months[name] for name in names] == [1, 5, 8, 8, 8, 8, 10, 11, 11, 12]
    assert sorted(set(months.values())) == list(range(1, 13))


# --- real staff files: encodings, decimal marks per column, title rows, bounds (issue 11)

@pytest.mark.parametrize(("text", "code_page", "expected"), [
    ("Got mampet – bau “menyengat”", "cp1252", "cp1252"),
    ("Got mampet – bau “menyengat”", "mac_roman", "mac_roman"),
    ("Café Binjai – Jl. Soekarno", "mac_roman", "mac_roman"),
    ("Café Binjai", "cp1252", "cp1252"),
    ("Jum’at bersih … selesai", "cp1252", "cp1252"),
    ("Jum’at bersih … selesai", "mac_roman", "mac_roman"),
    ("Peña", "mac_roman", "mac_roman"),
])
def test_legacy_code_page_is_told_apart(text: str, code_page: str, expected: str) -> None:
    data = f"id;note\nA;{text}\n".encode(code_page)
    raw = parsing.read_table(data, "a.csv")
    assert raw.encoding == expected
    assert raw.frame.iloc[0, 1] == text


def test_legacy_text_that_cannot_be_told_apart_is_refused() -> None:
    data = b"id;note\nA;\xde\n"  # Windows-1252 reads byte DE as "Þ", Mac Roman as the ligature "ﬁ": neither is plausible
    with pytest.raises(ReadError) as caught:
        parsing.read_table(data, "a.csv")
    assert caught.value.key == "read.encoding"


def _styles(columns: dict[str, list[str]], separator: str | None, coordinates: tuple[str, ...] = ()) -> dict:
    return parsing.decimal_styles({k: pd.Series(v, dtype=object) for k, v in columns.items()}, separator, coordinates)


def test_decimal_mark_is_decided_per_column() -> None:
    columns = {"lat": ["3.6231"], "lon": ["98.497"], "kg": ["1.250", "300"]}
    assert _styles(columns, ";", ("lat", "lon")) == {"lat": "dot", "lon": "dot", "kg": "comma"}
    assert _styles({"kg": ["1.250"], "rp": ["1.250.000,5"]}, ",") == {"kg": "comma", "rp": "comma"}
    assert _styles({"lon": ["98,497"]}, ",", ("lon",)) == {"lon": "comma"}
    assert _styles({"lat": ["3,6231"], "kg": ["1.250"]}, ",", ("lat",)) == {"lat": "comma", "kg": "comma"}


@pytest.mark.parametrize(("columns", "separator", "column"), [
    ({"kg": ["1.250", "12,5", "3.75"]}, ";", "kg"),
    ({"kg": ["1.250"]}, ",", "kg"),
    ({"kg": ["1.250"], "a": ["12,5"], "b": ["3.75"]}, ";", "kg"),
])
def test_truly_ambiguous_column_is_refused_by_name(columns: dict, separator: str, column: str) -> None:
    with pytest.raises(ReadError) as caught:
        _styles(columns, separator)
    assert caught.value.key == "read.ambiguous_decimal" and caught.value.params["column"] == column


def test_leading_apostrophe_and_percent_text() -> None:
    cells = pd.Series(["'1.250.000", "'12,5", "12,5%", None], dtype=object)
    assert parsing.parse_decimal(cells, "comma").tolist()[:3] == [1_250_000.0, 12.5, 12.5]
    assert parsing.percent_cells(cells).tolist() == [False, False, True, False]
    assert parsing.percent_cells(pd.Series([parsing.Percent(12.5), 0.125], dtype=object)).tolist() == [True, False]


@pytest.mark.parametrize(("label", "key"), [
    ("No. Laporan", "no_laporan"), ("Desa/Kelurahan", "desa_kelurahan"), ("Berat Sampah (kg)", "berat_sampah_kg"),
    ("\ufeff Realisasi Fisik (%) ", "realisasi_fisik"),
])
def test_header_key_ignores_punctuation(label: str, key: str) -> None:
    assert parsing.header_key(label) == key


def test_title_rows_above_a_known_header_are_skipped_in_csv() -> None:
    data = b"Laporan Juni 2024;;\n;;\nid;nama;nilai\nA;x;1\n"
    raw = parsing.read_table(data, "a.csv", known_headers={"id", "nama"})
    assert list(raw.frame.columns) == ["id", "nama", "nilai"]
    assert list(raw.frame.index) == [4] and raw.title_rows == (1, 2)
    assert parsing.read_table(data, "a.csv").title_rows is None  # without the contract's labels nothing is guessed


def test_rows_above_the_header_that_are_not_a_title_are_refused() -> None:
    data = b"a;b;c\n1;2;3\nid;nama;nilai\nA;x;1\n"
    with pytest.raises(ReadError) as caught:
        parsing.read_table(data, "a.csv", known_headers={"id", "nama", "nilai"})
    assert (caught.value.key, caught.value.params) == ("read.header_not_first", {"first": 1, "last": 2})


def test_width_is_bounded_before_parsing() -> None:
    wide = (";".join(f"c{i}" for i in range(parsing.MAX_COLUMNS + 1)) + "\n" + "1;" * parsing.MAX_COLUMNS + "1\n")
    with pytest.raises(ReadError) as caught:
        parsing.read_table(wide.encode(), "a.csv")
    assert caught.value.key == "read.too_many_columns"


def test_xlsx_percent_cells_and_far_columns(tmp_path: Path) -> None:
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id", "progres"])
    sheet.append(["A", 0.125])
    sheet["B2"].number_format = "0.0%"
    sheet.append(["B", 0.5])
    out = io.BytesIO()
    workbook.save(out)
    raw = parsing.read_table(out.getvalue(), "a.xlsx")
    first, second = raw.frame["progres"].tolist()
    assert isinstance(first, parsing.Percent) and first == 12.5
    assert not isinstance(second, parsing.Percent) and second == 0.5
    sheet.cell(3, parsing.MAX_COLUMNS + 1, "x")
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(ReadError) as caught:
        parsing.read_table(out.getvalue(), "a.xlsx")
    assert caught.value.key == "read.too_many_columns"


def test_unknown_sheet_choice_is_refused() -> None:
    with pytest.raises(ReadError) as caught:
        _read(GOOD / "sheet_named.xlsx", sheet="Juli")
    assert caught.value.key == "read.no_such_sheet" and caught.value.params["sheets"] == "Petunjuk, E-MAS"


@pytest.mark.parametrize(("cells", "row"), [
    (["06/05/2024", "06/18/2024"], 3),
    (["6/5/24 9:15", "12/31/24 10:00"], 3),
    (["18/06/2024", "06/05/2024"], None),
    (["05/06/2024", "07/06/2024"], None),
])
def test_month_first_column_is_proved_by_one_cell(cells: list[str], row: int | None) -> None:
    assert parsing.month_first(pd.Series(cells, index=[2, 3], dtype=object)) == row


def _ods(content: bytes) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return out.getvalue()


@pytest.mark.parametrize(("data", "key"), [
    (b"PK\x03\x04 truncated", "read.ods_corrupt"),
    (_ods(b"<unclosed"), "read.ods_corrupt"),
    (_ods(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'), "read.ods_corrupt"),
    (b"%PDF-1.4 not a table", "read.binary"),
])
def test_broken_or_hostile_ods_is_refused(data: bytes, key: str) -> None:
    with pytest.raises(ReadError) as caught:
        parsing.read_table(data, "rekap.ods")
    assert caught.value.key == key
