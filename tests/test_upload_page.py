"""The upload flow: sign-in, rights, validation report, preview, commit, history, undo and hostile files.

AppTest drives the real pages; the warehouse starts with three hand-made complaints (A, B, C) so that every
expected figure below is counted by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from binjai import auth, settings, upload
from binjai.auth import signin
from binjai.metrics.catalogue import label as metric_label
from binjai.ui.components import escape_markdown
from etl import loading, warehouse
from tests import upload_fixtures as fx
from tests.backends import fingerprint, nothing_written

UPLOAD = "pages/10_unggah.py"
LOGIN = "pages/11_masuk.py"


@pytest.fixture
def env(db_file: Path, accounts_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Accounts, a fresh throttle and the three-complaint warehouse; returns the warehouse path."""
    fx.staff_env(monkeypatch, accounts_path, db_file)
    return db_file


def current(db: Path) -> pd.DataFrame:
    """Every current e_mas row, by id."""
    con = warehouse.reading(db)
    try:
        return con.execute("SELECT * FROM e_mas ORDER BY complaint_id").df()
    finally:
        con.close()


def texts(elements: Iterable) -> list[str]:
    """The values of a list of message elements."""
    return [element.value for element in elements]


def table(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page that has `column`."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def home_complaints(at: AppTest) -> str:
    """The complaints tile of the home page, checked against the e-Mas page's own tile."""
    at.switch_page("dashboard.py").run()
    home = next(m.value for m in at.metric if m.label == metric_label("emas_received", "id"))
    at.switch_page("pages/02_e_mas.py").run()
    assert not at.exception
    assert next(m.value for m in at.metric if m.label == metric_label("emas_received", "id")) == home
    return home


# --- sign-in and rights


def test_sign_in_success_shows_the_upload_entry(env: Path) -> None:
    at = fx.open_app(LOGIN)
    assert not any(link.label == "Unggah Data" for link in at.sidebar.get("page_link"))
    fx.sign_in(at, "rudi", fx.PASSWORDS["rudi"])
    assert not at.exception
    assert at.session_state["auth_user"]["name"] == "rudi"
    assert texts(at.success)[0].startswith("Anda sudah masuk.")
    assert "Rudi Hartono · petugas · Diskominfo" in texts(at.main.text)
    assert any(link.label == "Unggah Data" for link in at.sidebar.get("page_link"))
    assert "Rudi Hartono · petugas · Diskominfo" in texts(at.sidebar.text)


def test_sign_in_failure_and_throttle(env: Path) -> None:
    at = fx.open_app(LOGIN)
    fx.sign_in(at, "rudi", "bukan-sandinya-123")
    assert "auth_user" not in at.session_state
    assert texts(at.error) == ["Nama pengguna atau kata sandi salah."]
    fx.sign_in(at, "rudi", "bukan-sandinya-456")
    fx.sign_in(at, "rudi", "bukan-sandinya-789")
    assert texts(at.error) == ["Nama pengguna atau kata sandi salah. Percobaan berikutnya dapat dilakukan dalam 5 detik."]
    fx.sign_in(at, "rudi", fx.PASSWORDS["rudi"])
    assert "auth_user" not in at.session_state
    assert at.error[0].value.startswith("Terlalu banyak percobaan yang gagal. Tunggu ")


def test_sign_out_from_the_sidebar(env: Path) -> None:
    at = fx.open_app(UPLOAD, user="rudi")
    at.button(key="auth_sign_out").click().run()
    assert "auth_user" not in at.session_state
    assert texts(at.info) == ["Halaman ini hanya untuk petugas OPD dan administrator yang sudah masuk."]


def test_upload_page_refuses_visitors(env: Path) -> None:
    at = fx.open_app(UPLOAD)
    assert not at.exception
    assert not at.file_uploader
    assert texts(at.info) == ["Halaman ini hanya untuk petugas OPD dan administrator yang sudah masuk."]


def test_dlh_account_cannot_upload_e_mas(env: Path) -> None:
    at = fx.open_app(UPLOAD, user="dewi")
    assert at.selectbox(key="upl_source").options == ["Laporan e-Saberling (e_saberling)"]
    checked = loading.check_file(env, "e_mas", fx.good_file(), "aduan.csv")
    assert checked.ok
    dewi = at.session_state["auth_user"]
    with pytest.raises(loading.LoadError) as err:
        loading.commit(env, checked, dewi)
    assert err.value.key == "unggah.not_allowed"
    assert current(env)["complaint_id"].tolist() == ["A", "B", "C"]


def test_disabled_account_is_signed_out_on_its_next_page(env: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "accounts.toml"
    copy.write_bytes(Path(settings.accounts_path()).read_bytes())
    monkeypatch.setenv("BINJAI_ACCOUNTS", str(copy))
    at = fx.open_app(UPLOAD, user="rudi")
    assert at.file_uploader
    auth.update_accounts(lambda table: table.update(rudi=table["rudi"].__class__(
        **{**table["rudi"].__dict__, "disabled": True})), copy)
    at.run()
    assert "auth_user" not in at.session_state
    assert texts(at.info) == ["Akun Anda dinonaktifkan atau dihapus; Anda telah dikeluarkan."]


def test_viewers_must_sign_in_when_the_setting_is_on(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BINJAI_REQUIRE_LOGIN", "1")
    at = fx.open_app()
    assert texts(at.info) == ["Masuk dulu untuk membuka dasbor."]
    assert not at.metric
    at.switch_page(LOGIN).run()
    fx.sign_in(at, "rudi", fx.PASSWORDS["rudi"])
    assert home_complaints(at) == "3"


# --- report, preview, commit, history, undo


def test_bad_file_lists_every_error_and_writes_nothing(env: Path) -> None:
    before = fingerprint(env)
    at = fx.upload(fx.open_app(UPLOAD, user="rudi"), "aduan_salah.csv", fx.bad_file())
    assert not at.exception
    assert at.error[0].value.startswith("Berkas ditolak: 3 kesalahan.")
    errors = table(at, "Nilai")
    assert errors.values.tolist() == [
        [3, "kelurahan", "Pahlawann", "Bukan salah satu dari 37 kelurahan Kota Binjai. Mungkin maksud Anda: Pahlawan?"],
        [4, "status", "beres", "Nilai tidak dikenal; pilihan: baru, diverifikasi, diproses, selesai, ditolak."],
        [5, "complaint_id", "X1", "Nomor ini sudah dipakai di baris 2; setiap baris harus punya nomor sendiri."],
    ]
    assert not [b for b in at.button if b.key == "upl_confirm"]
    assert fingerprint(env) == before


def test_bad_file_report_in_english(env: Path) -> None:
    at = fx.upload(fx.open_app(UPLOAD, lang="en", user="rudi"), "bad.csv", fx.bad_file())
    assert at.error[0].value.startswith("File rejected: 3 error(s).")
    assert table(at, "Value").iloc[0].tolist() == [
        3, "kelurahan", "Pahlawann", "Not one of the 37 kelurahan of Kota Binjai. Did you mean Pahlawan?"]


def test_good_file_preview_commit_history_and_undo(env: Path) -> None:
    before_rows = current(env)
    at = fx.open_app(UPLOAD, user="rudi")
    assert home_complaints(at) == "3"
    at.switch_page(UPLOAD).run()
    fx.upload(at, "aduan_juni.csv", fx.good_file())
    assert not at.exception
    assert [(m.label, m.value) for m in at.metric] == [("Baris baru", "2"), ("Baris diperbarui", "1"),
                                                       ("Tidak berubah", "1")]
    new_rows, changes = table(at, "description"), table(at, "Nilai lama")
    assert new_rows["complaint_id"].tolist() == ["D", "E"]
    assert new_rows.loc[0, "description"] == "<b>Lampu mati</b> =HYPERLINK(\"http://x\")"
    assert new_rows.loc[1, "kelurahan"] == "Pahlawan"
    responded = fx.recent_day(10) + dt.timedelta(days=1)
    assert changes.values.tolist()[0] == ["B", "status", "baru", "diproses"]
    assert changes.values.tolist()[1][:3] == ["B", "responded_at", ""]
    assert changes.values.tolist()[1][3].endswith(responded.strftime("%H:%M"))
    pd.testing.assert_frame_equal(current(env), before_rows)

    at.button(key="upl_confirm").click().run()
    assert not at.exception
    assert texts(at.success)[0].startswith("Tersimpan sebagai batch 2: 2 baris baru, 1 diperbarui, 1 tidak berubah")
    history = table(at, "Batch")
    assert history.iloc[0].tolist()[:4] == ["2", "Aduan e-Mas", "aduan_juni.csv", "rudi"]
    assert history.iloc[0].tolist()[5:] == ["2", "1", "aktif"]
    rows = current(env).set_index("complaint_id")
    assert rows["status"].to_dict() == {"A": "baru", "B": "diproses", "C": "baru", "D": "baru", "E": "baru"}
    assert home_complaints(at) == "5"

    at.switch_page(UPLOAD).run()
    assert at.selectbox(key="upl_undo_pick").value == 2
    at.button(key="upl_undo_start").click().run()
    at.button(key="upl_undo_yes").click().run()
    assert not at.exception
    assert texts(at.success) == ["Batch 2 dibatalkan; data Aduan e-Mas (e_mas) kembali seperti sebelum batch itu."]
    pd.testing.assert_frame_equal(current(env), before_rows)
    assert table(at, "Batch").iloc[0].tolist()[-1] == "dibatalkan oleh rudi"
    assert home_complaints(at) == "3"


def test_first_upload_creates_the_warehouse(db_file: Path, accounts_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BINJAI_ACCOUNTS", str(accounts_path))
    monkeypatch.setattr(signin, "THROTTLE", auth.Throttle())
    monkeypatch.setattr(signin, "SERVER_CAP", auth.RateCap())
    at = fx.open_app(UPLOAD, user="rudi")
    assert not at.exception and nothing_written(db_file)
    assert "Belum ada batch." in texts(at.caption)
    fx.upload(at, "pertama.csv", fx.good_file())
    assert [m.value for m in at.metric] == ["4", "0", "0"]
    at.button(key="upl_confirm").click().run()
    assert not at.exception
    assert current(db_file)["complaint_id"].tolist() == ["A", "B", "D", "E"]
    assert table(at, "Batch").iloc[0].tolist()[:4] == ["1", "Aduan e-Mas", "pertama.csv", "rudi"]


def test_same_rows_again_offer_nothing_to_save(env: Path) -> None:
    received = fx.recent_day(10)
    same = fx.csv_bytes([fx.csv_row(key, received) for key in ("A", "B", "C")])
    at = fx.open_app(UPLOAD, user="admin")
    at.selectbox(key="upl_source").set_value("e_mas").run()
    fx.upload(at, "sama.csv", same)
    assert [m.value for m in at.metric] == ["0", "0", "3"]
    assert texts(at.info)[-1] == "Semua baris sudah sama dengan data yang tersimpan; tidak ada yang perlu disimpan."
    assert not [b for b in at.button if b.key == "upl_confirm"]


def test_busy_warehouse_asks_to_retry_and_keeps_the_file(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(*args: object, **kwargs: object) -> None:
        raise warehouse.WarehouseError("load.busy")

    at = fx.upload(fx.open_app(UPLOAD, user="rudi"), "aduan.csv", fx.good_file())
    monkeypatch.setattr(warehouse, "load_frame", busy)
    at.button(key="upl_confirm").click().run()
    assert not at.exception
    assert at.status[-1].label == "Sedang ada pemuatan data lain. Coba lagi sebentar lagi; tidak ada data yang berubah."
    assert at.button(key="upl_confirm")
    assert current(env)["complaint_id"].tolist() == ["A", "B", "C"]


def test_unexpected_failure_shows_a_message_not_a_traceback(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(warehouse, "preview", broken)
    at = fx.upload(fx.open_app(UPLOAD, user="rudi"), "aduan.csv", fx.good_file())
    assert not at.exception
    assert at.status[-1].label.startswith("Terjadi kesalahan tak terduga; tidak ada data yang berubah.")


def test_admin_sees_every_source_and_the_user_list(env: Path) -> None:
    at = fx.open_app(UPLOAD, user="admin")
    assert at.selectbox(key="upl_source").options == [
        "Program Quick Win (quick_wins)", "Aduan e-Mas (e_mas)", "Laporan e-Saberling (e_saberling)",
        "Indikator Aplikasi (app_metrics)"]
    users = table(at, "Hak unggah")
    assert users["Nama pengguna"].tolist() == ["admin", "dewi", "rudi"]
    assert users["Hak unggah"].tolist() == ["semua sumber", "e_saberling", "e_mas"]
    assert not any("$argon2" in str(v) for v in users.to_numpy().ravel())


# --- hostile files, each refused with a translated message


@pytest.mark.parametrize(("name", "content", "message"), [
    ("foto.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
     "Berkas ini bukan tabel CSV, XLSX atau ODS (isinya biner, mis. gambar atau PDF)."),
    ("program.exe", b"MZ\x90\x00", 'Jenis berkas "program.exe" tidak didukung; unggah .csv, .txt, .xlsx atau .ods.'),
    ("bom.xlsx", fx.zip_bomb(), "Berkas XLSX ditolak: isinya jauh lebih besar setelah dibuka daripada ukuran berkasnya."),
    ("rusak.xlsx", b"PK\x03\x04 not really a workbook", "Berkas XLSX rusak atau terpotong; simpan ulang dari Excel lalu unggah lagi."),
    ("besar.csv", ("complaint_id;description\nA;" + "x" * 100_001 + "\n").encode(),
     "Baris 2, kolom description: isi sel lebih dari 100000 karakter."),
])
def test_hostile_files_are_refused_with_a_clear_message(env: Path, name: str, content: bytes, message: str) -> None:
    before = fingerprint(env)
    at = fx.upload(fx.open_app(UPLOAD, user="rudi"), name, content, "application/octet-stream")
    assert not at.exception
    assert texts(at.error) == ["Berkas ditolak. Tidak ada data yang disimpan.", escape_markdown(message)]
    assert fingerprint(env) == before


def test_file_over_the_size_setting_is_refused(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BINJAI_MAX_UPLOAD_MB", "1")
    big = fx.good_file() + b"\n" * (1024 * 1024)
    at = fx.upload(fx.open_app(UPLOAD, user="rudi"), "besar.csv", big)
    assert texts(at.error)[1] == escape_markdown("Berkas lebih besar dari batas 1 MB.")


# --- the rules behind the undo button


def test_staff_may_undo_only_their_own_batches_for_24_hours() -> None:
    loaded = dt.datetime(2026, 3, 1, 10, 0)
    batch = {"state": "committed", "user_name": "rudi", "source": "e_mas", "loaded_at": loaded}
    rudi = {"name": "rudi", "role": "staff", "sources": ["e_mas"]}
    assert loading.may_undo(batch, rudi, loaded + dt.timedelta(hours=24))
    assert not loading.may_undo(batch, rudi, loaded + dt.timedelta(hours=24, seconds=1))
    assert not loading.may_undo(batch | {"user_name": "dewi"}, rudi, loaded)
    assert not loading.may_undo(batch | {"state": "rolled_back"}, rudi, loaded)
    assert not loading.may_undo(batch, rudi | {"sources": ["e_saberling"]}, loaded)
    assert loading.may_undo(batch | {"user_name": "dewi"}, {"name": "admin", "role": "admin"},
                           loaded + dt.timedelta(days=400))
    assert not loading.may_undo(batch, {"name": "rudi", "role": "viewer"}, loaded)


def test_undo_refuses_someone_elses_batch(env: Path) -> None:
    rudi = auth.get_account("rudi").session_user()
    with pytest.raises(loading.LoadError) as err:
        loading.undo(env, 1, rudi)
    assert err.value.key == "unggah.undo_not_allowed"
    assert len(current(env)) == 3


def test_error_summary_groups_by_column() -> None:
    validation = loading.check_file(Path("/nonexistent.duckdb"), "e_mas", fx.bad_file(), "x.csv").validation
    summary = upload.error_summary(validation, "en")
    assert summary.values.tolist() == [
        ["kelurahan", "1", "3", "Not one of the 37 kelurahan of Kota Binjai. Did you mean Pahlawan?"],
        ["status", "1", "4", "Unknown value; allowed: baru, diverifikasi, diproses, selesai, ditolak."],
        ["complaint_id", "1", "5", "This number is already used in row 2; every row needs its own number."],
    ]


def test_display_values_use_indonesian_formats() -> None:
    from data_sources.contract import Kind

    assert upload.display_value(1234.5, Kind.DECIMAL, "id") == "1.234,5"
    assert upload.display_value(1234.5, Kind.DECIMAL, "en") == "1,234.5"
    assert upload.display_value(3.623128, Kind.LATITUDE, "id") == "3,623128"
    assert upload.display_value(pd.Timestamp("2026-06-18 09:15:07"), Kind.TIMESTAMP, "id") == "18 Jun 2026 09:15:07"
    assert upload.display_value(pd.Timestamp("2026-08-18"), Kind.DATE, "id") == "18 Agu 2026"
    assert upload.display_value(pd.NA, Kind.INTEGER, "id") == ""


def _two_sheet_workbook(csv_data: bytes) -> bytes:
    """A summary sheet first, then the rows of `csv_data` on a sheet named "Aduan Juni" (not the source's name)."""
    import io

    import openpyxl

    frame = pd.read_csv(io.BytesIO(csv_data), sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    workbook = openpyxl.Workbook()
    workbook.active.title = "Ringkasan"
    workbook.active.append(["Rekap aduan Juni"])
    data = workbook.create_sheet("Aduan Juni")
    data.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        data.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_workbook_sheet_picker_reads_the_chosen_sheet(env: Path) -> None:
    at = fx.upload(fx.open_app(UPLOAD, user="rudi"), "aduan.xlsx", _two_sheet_workbook(fx.good_file()),
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    picker = next(box for box in at.selectbox if box.key.startswith("upl_sheet_"))
    assert picker.options == ["Ringkasan", "Aduan Juni"] and picker.value == "Aduan Juni"  # the one with the header
    assert any('yang dibaca: lembar "Aduan Juni"' in text for text in table(at, "Alasan")["Alasan"])
    assert [b for b in at.button if b.key == "upl_confirm"]
    picker.select("Ringkasan").run()
    assert not at.exception
    assert not [b for b in at.button if b.key == "upl_confirm"], "the summary sheet is not a table: refused"
    assert next(box for box in at.selectbox if box.key.startswith("upl_sheet_")).value == "Ringkasan"


def test_bad_file_offers_the_sheet_with_bad_cells_marked(env: Path) -> None:
    at = fx.upload(fx.open_app(UPLOAD, user="rudi"), "aduan_salah.csv", fx.bad_file())
    downloads = [element for element in at.get("download_button") if element.proto.label.startswith("Unduh berkas")]
    assert len(downloads) == 1
