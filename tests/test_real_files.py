"""Files written by real office software (tests/fixtures/real_files/, see its README) through the real load path:
every stored value is read back from a temporary warehouse, or the file is refused with the named fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from etl import templates, warehouse
from etl.loading import FileLoad, load_file
from etl.validate import validate_file
from tests.backends import nothing_written

REAL = Path(__file__).parent / "fixtures" / "real_files"
TS = dt.datetime


def _load(db: Path, source: str, name: str, **options: object) -> FileLoad:
    return load_file(db, source, (REAL / name).read_bytes(), name, user="qa", **options)


def _stored(db: Path, sql: str) -> list[tuple]:
    con = warehouse.reading(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _problems(outcome: FileLoad) -> list[tuple]:
    return [(p.key, p.row, p.column, p.value) for p in outcome.validation.errors]


SABERLING_SQL = ("SELECT report_id, reported_at, kelurahan, latitude, longitude, cleaned_at, waste_kg, volunteers "
                 "FROM e_saberling ORDER BY report_id")
SABERLING = [
    ("SBL-RF-001", TS(2024, 6, 18, 9, 15), "Pahlawan", 3.6231, 98.4972, TS(2024, 6, 19, 10, 0), 1250.0, 12),
    ("SBL-RF-002", TS(2024, 6, 20, 7, 30), "Tanah Seribu", 3.5702, 98.4811, TS(2024, 6, 21, 8, 45), 2400.0, 30),
    ("SBL-RF-003", TS(2024, 6, 21, 14, 0), "Sumber Karya", 3.6102, 98.5012, None, 300.0, 4),
]


@pytest.mark.parametrize("name", ["e_saberling_calc_shown.csv", "e_saberling_google_sheets.csv"])
def test_csv_as_shown_keeps_thousands_beside_coordinates(db_file: Path, name: str) -> None:
    outcome = _load(db_file, "e_saberling", name)
    assert outcome.validation.ok, _problems(outcome)
    assert _stored(db_file, SABERLING_SQL) == SABERLING


def test_title_rows_above_the_header_are_skipped_and_said(db_file: Path) -> None:
    outcome = _load(db_file, "e_saberling", "e_saberling_title_rows.xlsx")
    assert outcome.validation.ok, _problems(outcome)
    assert _stored(db_file, SABERLING_SQL) == SABERLING
    notes = {p.key: p.params for p in outcome.validation.warnings}
    assert notes["read.title_skipped"] == {"first": 1, "last": 2}


@pytest.mark.parametrize("name", ["quick_wins_percent.xlsx", "quick_wins_percent.ods", "quick_wins_apostrophe.csv"])
def test_percent_cells_store_the_figure_shown(db_file: Path, name: str) -> None:
    outcome = _load(db_file, "quick_wins", name)
    assert outcome.validation.ok, _problems(outcome)
    rows = _stored(db_file, "SELECT progress_pct, budget_idr, start_date, report_date FROM quick_wins ORDER BY program_id")
    assert rows == [(12.5, 1_250_000_000.0, dt.date(2024, 1, 2), dt.date(2024, 6, 30)),
                    (100.0, 350_000_000.0, dt.date(2024, 2, 1), dt.date(2024, 6, 30))]


def test_ods_with_two_sheets_reads_the_one_with_the_header_and_names_it(db_file: Path) -> None:
    summary = _load(db_file, "app_metrics", "app_metrics_percent.ods", sheet="Ringkasan")
    assert not summary.validation.ok and summary.result is None
    assert summary.validation.sheet == "Ringkasan" and summary.validation.sheets == ("Ringkasan", "Juni")
    assert 'yang dibaca: lembar "Ringkasan"' in summary.validation.warnings[0].describe("id")
    found = _load(db_file, "app_metrics", "app_metrics_percent.ods")
    assert found.validation.ok, _problems(found)
    assert found.validation.sheet == "Juni"
    assert 'yang dibaca: lembar "Juni"' in found.validation.warnings[0].describe("id")
    assert _stored(db_file, "SELECT app, metric, period, value, target, unit FROM app_metrics") == [
        ("e-Kinerja", "asn_lapor_tepat_waktu", dt.date(2024, 6, 1), 87.5, 90.0, "%")]


def test_percent_cell_for_a_metric_counted_in_rupiah_is_refused(db_file: Path) -> None:
    outcome = _load(db_file, "app_metrics", "app_metrics_percent_wrong_unit.xlsx")
    assert {(key, column) for key, _, column, _ in _problems(outcome)} == {
        ("check.percent_only_when", "Nilai"), ("check.percent_only_when", "Target")}
    assert "IDR" in outcome.validation.errors[0].describe("id")
    assert outcome.result is None


@pytest.mark.parametrize("name", ["e_mas_macintosh.csv", "e_mas_unicode.txt"])
def test_mac_roman_and_utf16_text_store_the_right_characters(db_file: Path, name: str) -> None:
    outcome = _load(db_file, "e_mas", name)
    assert outcome.validation.ok, _problems(outcome)
    assert _stored(db_file, "SELECT complaint_id, received_at, description FROM e_mas ORDER BY 1") == [
        ("EM-RF-001", TS(2024, 6, 5, 9, 15), "Got mampet – bau “menyengat”"),
        ("EM-RF-002", TS(2024, 6, 18, 14, 30), "Sampah menumpuk — depan pasar"),
    ]


def test_month_first_file_is_refused_for_the_whole_column(db_file: Path) -> None:
    outcome = _load(db_file, "e_mas", "e_mas_us_dates.csv")
    assert _problems(outcome) == [("check.month_first", 3, "Waktu Aduan", "06/18/2024 14:30")]
    assert "bulan/hari/tahun" in outcome.validation.errors[0].describe("id")
    assert nothing_written(db_file) or _stored(db_file, "SELECT count(*) FROM e_mas") == [(0,)]


@pytest.mark.parametrize("source", ["e_mas", "e_saberling", "quick_wins", "app_metrics"])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_untouched_template_is_refused_and_filled_template_loads(source: str, kind: str) -> None:
    data = templates.template_csv(source).encode() if kind == "csv" else templates.template_xlsx(source)
    result = validate_file(source, data, f"templat.{kind}")
    assert [p.key for p in result.errors] == ["check.example_row"]
    filled = data.replace(b"CONTOH-", b"NYATA-") if kind == "csv" else _renamed_example(data)
    assert validate_file(source, filled, f"templat.{kind}").ok


def _renamed_example(data: bytes) -> bytes:
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    for cell in sheet[2]:
        if isinstance(cell.value, str) and cell.value.startswith("CONTOH-"):
            cell.value = cell.value.replace("CONTOH-", "NYATA-")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_marked_copy_highlights_and_comments_each_bad_cell() -> None:
    import io

    import openpyxl

    from etl.marked_copy import marked_copy

    data = (b"complaint_id;received_at;category;kelurahan;opd;status;description\n"
            b"X1;18/06/2024 09:15;Kebersihan & Sampah;Pahlawann;DLH;baru;=HYPERLINK(\"http://x\")\n"
            b"X2;18/06/2024 09:15;Kebersihan & Sampah;Pahlawan;DLH;beres;\n")
    validation = validate_file("e_mas", data, "aduan.csv")
    sheet = openpyxl.load_workbook(io.BytesIO(marked_copy(validation, data, "aduan.csv", "id"))).active
    marked = {cell.coordinate: cell.comment.text for row in sheet.iter_rows() for cell in row if cell.comment}
    assert marked == {"D2": "Bukan salah satu dari 37 kelurahan Kota Binjai. Mungkin maksud Anda: Pahlawan?",
                      "F3": "Nilai tidak dikenal; pilihan: baru, diverifikasi, diproses, selesai, ditolak."}
    assert sheet["D2"].fill.fgColor.rgb.endswith("F8B4B4") and sheet["D3"].fill.fgColor.rgb == "00000000"
    assert sheet["G2"].value == '=HYPERLINK("http://x")' and sheet["G2"].data_type == "s"
    assert [cell.value for cell in sheet[1]][:2] == ["complaint_id", "received_at"]
