"""Contracts and validation over folders of good and bad fixture files, plus XLSX and the docs table."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from data_sources import CONTRACTS
from data_sources.contract import Kind
from etl import templates
from etl.validate import validate_file

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
ROOT = Path(__file__).resolve().parent.parent


def _source(path: Path) -> str:
    return next(name for name in CONTRACTS if path.name.startswith(name))


# Every bad file with exactly the problems it must produce: (row, column, key).
EXPECTED_ERRORS = {
    "e_mas_unknown_kelurahan.csv": {(2, "kelurahan", "check.kelurahan")},
    "e_mas_kecamatan_mismatch.csv": {(2, "kecamatan", "check.kecamatan_mismatch")},
    "e_mas_coordinates.csv": {(2, "latitude", "check.swapped"), (3, "longitude", "check.outside_lon")},
    "e_mas_bad_enum.csv": {(2, "channel", "check.enum"), (2, "status", "check.enum")},
    "e_mas_dates.csv": {(2, "received_at", "check.timestamp"), (3, "received_at", "check.future"),
                        (4, "received_at", "check.too_early")},
    "e_mas_status_rules.csv": {(2, "resolved_at", "check.required_when"), (3, "resolved_at", "check.empty_unless"),
                               (4, "rating", "check.range"), (4, "responded_at", "check.not_before"),
                               (4, "resolved_at", "check.not_before")},
    "e_mas_duplicate_key.csv": {(3, "complaint_id", "check.duplicate_key")},
    "e_mas_missing_column.csv": {(1, "opd", "check.missing_column")},
    "e_mas_opd_and_lone_latitude.csv": {(2, "opd", "check.opd"), (2, "latitude", "check.together")},
    "e_saberling_cleaned_rules.csv": {(2, "volunteers", "check.integer"), (2, "cleaned_at", "check.required_when"),
                                      (2, "waste_kg", "check.required_when"), (3, "waste_kg", "check.range")},
    "app_metrics_catalogue.csv": {(2, "metric", "check.metric"), (3, "metric", "check.catalogue"),
                                  (4, "period", "check.month"), (4, "value", "check.number")},
    "app_metrics_ambiguous_decimal.csv": {(None, None, "read.ambiguous_decimal")},
    "quick_wins_dates_and_range.csv": {(2, "progress_pct", "check.range"), (2, "target_date", "check.not_before")},
}


@pytest.mark.parametrize("path", sorted((FIXTURES / "bad").glob("*")), ids=lambda p: p.name)
def test_bad_file_reports_every_problem(path: Path) -> None:
    result = validate_file(_source(path), path.read_bytes(), path.name)
    assert not result.ok and result.frame is None
    assert {(p.row, p.column, p.key) for p in result.errors} == EXPECTED_ERRORS[path.name]
    for problem in result.errors:
        assert problem.describe("id") and problem.describe("en")


def test_every_bad_fixture_has_expectations() -> None:
    assert {p.name for p in (FIXTURES / "bad").glob("*")} == set(EXPECTED_ERRORS)


@pytest.mark.parametrize("path", sorted((FIXTURES / "good").glob("*")), ids=lambda p: p.name)
def test_good_file_is_accepted(path: Path) -> None:
    result = validate_file(_source(path), path.read_bytes(), path.name)
    assert result.ok, [p.describe("en") for p in result.errors]
    assert list(result.frame.columns) == CONTRACTS[_source(path)].column_names


def test_indonesian_excel_csv_values() -> None:
    path = FIXTURES / "good" / "e_mas_indonesian_excel.csv"
    frame = validate_file("e_mas", path.read_bytes(), path.name).frame
    assert list(frame.index) == [2, 3, 5]  # spreadsheet rows; the blank line 4 is skipped but counted
    first, second, third = (frame.loc[i] for i in (2, 3, 5))
    assert first["channel"] == "whatsapp" and first["latitude"] == pytest.approx(3.6231)
    assert first["resolved_at"] == pd.Timestamp("2024-06-25 16:00") and first["rating"] == 5
    assert second["kelurahan"] == "Tangsi" and second["kecamatan"] == "Binjai Kota"  # from the Kemendagri code
    assert second["status"] == "diproses" and second["category"] == "Jalan & Drainase"
    assert second["description"] == "Jalan berlubang; dekat sekolah"
    assert third["received_at"] == pd.Timestamp("2024-06-19 09:15") and third["channel"] == "aplikasi"
    assert third["description"] == '=HYPERLINK("http://x")'  # stored as given; exports neutralise it


def test_windows_1252_and_rupiah_and_months() -> None:
    cp = FIXTURES / "good" / "e_mas_windows1252.csv"
    assert validate_file("e_mas", cp.read_bytes(), cp.name).frame.iloc[0]["description"].endswith("– café")
    qw = FIXTURES / "good" / "quick_wins_rupiah_months.csv"
    result = validate_file("quick_wins", qw.read_bytes(), qw.name)
    row = result.frame.iloc[0]
    assert row["dimension"] == "governance" and row["horizon"] == "quick_win"
    assert row["start_date"] == pd.Timestamp("2018-07-01") and row["progress_pct"] == 12.5
    assert row["budget_idr"] == 1_250_000_000 and row["spent_idr"] == 150_000_000
    assert result.frame.iloc[2]["target_date"] == pd.Timestamp("2030-12-31")  # planned dates may be in the future
    assert [(w.row, w.column, w.key) for w in result.warnings] == [(4, "serapan", "check.above")]


def test_app_metrics_unit_defaults_from_catalogue() -> None:
    path = FIXTURES / "good" / "app_metrics_periods.csv"
    frame = validate_file("app_metrics", path.read_bytes(), path.name).frame
    assert frame["period"].tolist() == [pd.Timestamp("2024-06-01"), pd.Timestamp("2024-07-01"),
                                        pd.Timestamp("2024-06-01")]
    assert frame["unit"].tolist() == ["IDR", "IDR", "%"]


def test_xlsx_with_real_dates_and_sheet_named_after_source() -> None:
    book = openpyxl.Workbook()
    book.active.title = "catatan"
    book.active.append(["this sheet is not the data"])
    sheet = book.create_sheet("e_saberling")
    sheet.append(["report_id", "reported_at", "kelurahan", "latitude", "longitude", "site_type", "status",
                  "cleaned_at", "waste_kg"])
    sheet.append(["S-1", dt.datetime(2024, 7, 3, 7, 30), "Kartini", 3.6001, 98.4802, "pasar", "dibersihkan",
                  dt.datetime(2024, 7, 4, 9, 0), 1250.5])
    buffer = io.BytesIO()
    book.save(buffer)
    result = validate_file("e_saberling", buffer.getvalue(), "laporan.xlsx")
    assert result.ok, [p.describe("en") for p in result.errors]
    row = result.frame.iloc[0]
    assert row["reported_at"] == pd.Timestamp("2024-07-03 07:30") and row["waste_kg"] == 1250.5
    assert row["kecamatan"] == "Binjai Kota"


@pytest.mark.parametrize(("data", "name", "key"), [
    (b"", "kosong.csv", "read.empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "gambar.csv", "read.binary"),
    (b"a,b\n1,2\n", "data.pdf", "read.extension"),
    (b"complaint_id;received_at\n", "header.csv", "read.no_rows"),
])
def test_unreadable_files_get_one_clear_problem(data: bytes, name: str, key: str) -> None:
    result = validate_file("e_mas", data, name)
    assert not result.ok and [p.key for p in result.errors] == [key]


def test_wrong_source_file_is_refused_with_missing_columns() -> None:
    path = FIXTURES / "good" / "e_saberling_comma_dot.csv"
    result = validate_file("e_mas", path.read_bytes(), path.name)
    assert {p.key for p in result.errors} == {"check.missing_column"}
    assert {p.column for p in result.errors} == {"complaint_id", "received_at", "category", "opd"}


@pytest.mark.parametrize("source", list(CONTRACTS))
@pytest.mark.parametrize("lang", ["id", "en"])
def test_template_example_row_is_valid_except_for_its_example_number(source: str, lang: str) -> None:
    data = templates.template_csv(source, lang).encode()
    result = validate_file(source, data, f"template_{source}.csv")
    assert [p.key for p in result.errors] == ["check.example_row"], [p.describe("en") for p in result.errors]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_xlsx_template_has_labels_drop_downs_types_and_a_guide(lang: str) -> None:
    data = templates.template_xlsx("e_saberling", lang)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    guide = "panduan" if lang == "id" else "guide"
    assert workbook.sheetnames == ["e_saberling", guide, "daftar"]
    sheet = workbook["e_saberling"]
    header = [cell.value for cell in sheet[1]]
    assert header[0] == ("Nomor Laporan" if lang == "id" else "Report ID")
    assert header[9] == ("Berat Sampah (kg)" if lang == "id" else "Waste (kg)")
    example = {name: cell.value for name, cell in zip(header, sheet[2], strict=True)}
    assert isinstance(sheet["B2"].value, dt.datetime) and sheet["B2"].number_format == "DD/MM/YYYY HH:MM"
    assert sheet["J2"].value == 125.5 and sheet["K2"].value == 12
    assert str(example[header[0]]).startswith("CONTOH-")
    ranges = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert set(ranges) == {"C2:C5000", "D2:D5000", "G2:G5000", "H2:H5000"}  # kelurahan, kecamatan, site, status
    lists = workbook["daftar"]
    assert [lists.cell(r, 8).value for r in range(1, 4)] == ["dilaporkan", "dijadwalkan", "dibersihkan"]
    assert len([c for c in lists["C"] if c.value]) == 37
    assert sheet.column_dimensions["A"].width > 10
    assert [p.key for p in validate_file("e_saberling", data, "templat.xlsx").errors] == ["check.example_row"]


def test_docs_table_is_up_to_date() -> None:
    assert (ROOT / "docs" / "contracts.md").read_text(encoding="utf-8") == templates.docs_markdown("en")


def test_every_header_alias_maps_to_one_column() -> None:
    for contract in CONTRACTS.values():
        labels = [label for col in contract.columns for label in (col.name, *col.aliases)]
        assert len(contract.header_lookup()) == len(labels), contract.name


def test_xlsx_reading_uses_defused_xml() -> None:
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML, "install defusedxml so that openpyxl parses uploaded XLSX with XML attacks defused"


def test_messages_sorted_by_row_with_empty_cells_and_indonesian_ranges() -> None:
    data = (b"No. Laporan;Tanggal Laporan;Desa/Kelurahan;Lintang;Bujur;Jenis Lokasi;Status Laporan;Berat Sampah (kg);"
            b"Catatn Petugas\n"
            b"S-1;18/06/24 09:15;Pahlawan;3,6;98,5;pasar;dibersihkan;;x\n"
            b"S-2;18/06/24 09:15;Pahlawan;3,6;98,5;pasar;dilaporkan;60.000;x\n"
            b"S-1;18/06/24 09:15;;3,6;98,5;pasar;dilaporkan;;x\n")
    result = validate_file("e_saberling", data, "a.csv")
    assert [p.row for p in result.errors] == sorted(p.row for p in result.errors)
    described = [p.describe("id") for p in result.errors]
    assert 'Baris 2, kolom Berat Sampah (kg), nilai (kosong): Wajib diisi bila status = dibersihkan.' in described
    assert 'Baris 3, kolom Berat Sampah (kg), nilai "60.000": Di luar rentang yang diizinkan (0 s.d. 50.000).' \
        in described
    assert "Baris 4, kolom Desa/Kelurahan, nilai (kosong): Wajib diisi." in described
    assert any("sudah dipakai di baris 2" in text for text in described)
    english = [p.describe("en") for p in result.errors]
    assert "Row 3, column Berat Sampah (kg), value \"60.000\": Outside the allowed range (0 to 50,000)." in english
    unknown = result.warnings[0]
    assert (unknown.key, unknown.row, unknown.column) == ("check.unknown_column", 1, "Catatn Petugas")


def test_unknown_header_gets_a_did_you_mean() -> None:
    data = b"No. Laporn;Tanggal Laporan;Kelurahan;Lintang;Bujur;Jenis Lokasi;Status Laporan\n"
    data += b"S-1;18/06/24 09:15;Pahlawan;3,6;98,5;pasar;dilaporkan\n"
    result = validate_file("e_saberling", data, "a.csv")
    hint = next(p for p in result.warnings if p.key == "check.unknown_column")
    assert hint.describe("id") == ("Baris 1, kolom No. Laporn: Judul kolom ini tidak dikenal; kolomnya diabaikan. "
                                   "Mungkin maksud Anda: report_id?")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_column_guide_states_every_declared_limit(lang: str) -> None:
    """Limits are written from the declarations; the hand-written descriptions carry no figures of their own."""
    from data_sources.contract import EARLIEST_DATE
    from etl.column_guide import column_guide, rules_text
    from etl.validation.messages import figure

    for contract in CONTRACTS.values():
        assert len(column_guide(contract, lang)) == len(contract.columns)
        for col in contract.columns:
            text = rules_text(contract, col, lang)
            declared = [col.minimum, col.maximum, col.max_chars]
            for value in (v for v in declared if v is not None):
                assert str(figure(float(value), lang)) in text, (contract.name, col.name, text)
            if col.kind in (Kind.TIMESTAMP, Kind.DATE, Kind.MONTH):
                assert figure(EARLIEST_DATE, lang) in text, (contract.name, col.name)
            for rule in contract.rules:
                named = getattr(rule, "column", None) or getattr(rule, "first", None)
                if named == col.name:
                    assert text, (contract.name, col.name, rule)
            for doc in (col.doc_id, col.doc_en):
                assert not any(ch.isdigit() for ch in doc), (contract.name, col.name, doc)
                assert not {c.value for c in col.choices} & set(doc.lower().replace(",", " ").split()), doc


def test_column_guide_in_indonesian_figures() -> None:
    guide = templates.column_guide(CONTRACTS["e_saberling"], "id")
    rules = dict(zip(guide["kolom"], guide["aturan"], strict=True))
    assert rules["waste_kg"] == "0 s.d. 50.000; wajib bila status = dibersihkan"
    assert rules["latitude"] == "3,52 s.d. 3,68"
    assert rules["reported_at"] == "sejak 1 Jan 2016, paling lambat 1 hari ke depan"
    assert rules["report_id"] == "unik; maks. 64 karakter"


def test_validator_has_no_source_specific_branches() -> None:
    """Every check comes from a declaration: no source name is written in the validator's code."""
    code = [ROOT / "etl" / "validate.py", *sorted((ROOT / "etl" / "validation").glob("*.py"))]
    for path in code:
        text = path.read_text(encoding="utf-8")
        for name in CONTRACTS:
            assert f'"{name}"' not in text and f"'{name}'" not in text, (path.name, name)


def test_every_column_has_template_labels_in_both_languages() -> None:
    from binjai.i18n import table

    for contract in CONTRACTS.values():
        for col in contract.columns:
            entry = table().get(f"tpl.{contract.name}.{col.name}")
            assert entry and entry.get("id") and entry.get("en"), (contract.name, col.name)


def test_a_new_source_is_validated_from_its_declaration_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from data_sources._common import KECAMATAN, KELURAHAN, latitude, longitude
    from data_sources.contract import Column, Contract, NotBefore, RequiredWhen
    from etl.parsing import RawTable
    from etl.validate import validate_raw
    from etl.validation import headers

    monkeypatch.setattr(headers, "column_label", lambda source, column, lang: column)  # no template labels yet
    trial = Contract(
        name="trial", title_id="Uji", title_en="Trial", key=("code",), date_column="seen_at",
        columns=(Column("code", Kind.TEXT, required=True, max_chars=8), Column("seen_at", Kind.DATE, required=True),
                 Column("done_at", Kind.DATE), Column("count", Kind.INTEGER, minimum=0, maximum=9),
                 Column("done", Kind.ENUM, choices=CONTRACTS["e_mas"].column("status").choices[:1]),
                 KELURAHAN, KECAMATAN, latitude(required=False), longitude(required=False)),
        rules=(NotBefore("done_at", "seen_at"), RequiredWhen("count", "done", ("baru",))),
    )
    rows = [["A1", "01/06/2024", "31/05/2024", "3", "", "Pahlawan", "Binjai Kota", "3,6", "98,5"],
            ["A12345678", "01/06/2024", "", "12", "baru", "Tangsi", "", "98,5", "3,6"],
            ["CONTOH-1", "01/06/2015", "", "", "baru", "Pahlawn", "", "", ""],
            ["A1", "01/06/2024", "", "1", "", "Tangsi", "", "", ""]]
    frame = pd.DataFrame(rows, columns=trial.column_names, index=range(2, 6), dtype=object).replace("", None)
    result = validate_raw(trial, RawTable(frame, ";", "utf-8", None), now=pd.Timestamp("2024-06-18"))
    assert {(p.row, p.column, p.key) for p in result.errors} == {
        (2, "done_at", "check.not_before"), (2, "kecamatan", "check.kecamatan_mismatch"),
        (3, "code", "check.too_long"), (3, "count", "check.range"), (3, "latitude", "check.swapped"),
        (4, "seen_at", "check.too_early"), (4, "kelurahan", "check.kelurahan"), (4, "count", "check.required_when"),
        (4, "code", "check.example_row"), (5, "code", "check.duplicate_key")}


def test_xlsx_guide_sheet_is_the_generated_guide() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("e_saberling", "id")))
    rows = [[cell.value or "" for cell in row] for row in workbook["panduan"].iter_rows()]
    guide = templates.column_guide(CONTRACTS["e_saberling"], "id")
    assert rows[0] == list(guide.columns) and rows[1:] == guide.astype(str).values.tolist()


def test_every_rule_type_has_a_check_and_a_guide_line() -> None:
    import typing

    from data_sources.contract import Rule
    from etl.column_guide import rule_lines
    from etl.validation.rules import CHECKS

    samples = {rule for contract in CONTRACTS.values() for rule in contract.rules}
    assert set(typing.get_args(Rule)) == set(CHECKS) == {type(rule) for rule in samples}
    for rule in samples:
        assert list(rule_lines(rule)), rule


def test_a_contract_naming_an_undeclared_column_is_refused_when_declared() -> None:
    import dataclasses

    from data_sources.contract import NotBefore

    e_mas = CONTRACTS["e_mas"]
    with pytest.raises(ValueError, match="undeclared columns"):
        dataclasses.replace(e_mas, rules=(NotBefore("closed_at", "received_at"),))
    with pytest.raises(ValueError, match="not a date column"):
        dataclasses.replace(e_mas, date_column="channel")


# The display labels of each enumeration the pages show: one per declared value, nothing else.
ENUM_LABELS = {("e_mas", "channel"): "e_mas.channel", ("e_mas", "status"): "e_mas.status",
               ("e_saberling", "site_type"): "e_saberling.site", ("e_saberling", "status"): "e_saberling.status",
               ("quick_wins", "status"): "quick_win.status", ("quick_wins", "dimension"): "quick_win.dim",
               ("quick_wins", "horizon"): "quick_win.horizon"}


@pytest.mark.parametrize(("source", "column"), list(ENUM_LABELS))
def test_every_declared_value_has_a_label_in_both_languages(source: str, column: str) -> None:
    from binjai.i18n import table

    prefix = ENUM_LABELS[(source, column)] + "."
    labelled = {key.removeprefix(prefix) for key in table() if key.startswith(prefix)}
    assert labelled == {c.value for c in CONTRACTS[source].column(column).choices}
