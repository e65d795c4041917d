"""e_saberling: clean-up reports from e-Saberling (Sapu Bersih Lingkungan). Key: report_id."""

from data_sources._common import KECAMATAN, KELURAHAN, latitude, longitude
from data_sources.contract import Choice, Column, Contract, Kind, NotBefore, RequiredWhen

SITE_TYPES = (
    Choice("drainase", "drain"),
    Choice("sungai", "river"),
    Choice("pasar", "market"),
    Choice("jalan", "road"),
    Choice("permukiman", "housing"),
    Choice("fasilitas_umum", "public_facility", ("fasum",)),
    Choice("lahan_kosong", "vacant_lot"),
    Choice("lainnya", "other"),
)

STATUSES = (
    Choice("dilaporkan", "reported"),
    Choice("dijadwalkan", "scheduled"),
    Choice("dibersihkan", "cleaned", ("selesai",)),
)
# Reports not yet cleaned, and the status of a cleaned report.
OPEN_STATUSES = ("dilaporkan", "dijadwalkan")
CLEANED_STATUS = "dibersihkan"

CONTRACT = Contract(
    name="e_saberling",
    cadence_days=7,  # clean-up reports exported weekly: overdue on the admin page and in "Perlu perhatian" after that
    title_id="Laporan e-Saberling",
    title_en="e-Saberling reports",
    key=("report_id",),
    columns=(
        Column("report_id", Kind.TEXT, required=True, aliases=("id_laporan", "no_laporan"), max_chars=64,
               example="SBL-2024-00042", doc_id="Nomor laporan, unik", doc_en="Report number, unique"),
        Column("reported_at", Kind.TIMESTAMP, required=True, aliases=("tanggal_laporan",), example="03/07/2024 07:30",
               doc_id="Waktu laporan (WIB)", doc_en="When reported (WIB)"),
        KELURAHAN,
        KECAMATAN,
        latitude(required=True),
        longitude(required=True),
        Column("site_type", Kind.ENUM, required=True, aliases=("jenis_lokasi",), choices=SITE_TYPES, example="drainase",
               doc_id="Jenis lokasi", doc_en="Site type"),
        Column("status", Kind.ENUM, required=True, aliases=("status_laporan",), choices=STATUSES, example="dibersihkan",
               doc_id="dilaporkan, dijadwalkan, dibersihkan", doc_en="reported, scheduled, cleaned"),
        Column("cleaned_at", Kind.TIMESTAMP, aliases=("tanggal_dibersihkan",), example="05/07/2024 10:00",
               doc_id="Wajib bila dibersihkan; tidak sebelum laporan", doc_en="Required when cleaned; not before reported_at"),
        Column("waste_kg", Kind.DECIMAL, aliases=("berat_sampah_kg", "sampah_kg"), minimum=0, maximum=50_000,
               example="125,5", doc_id="Berat sampah (kg), wajib bila dibersihkan", doc_en="Waste collected (kg), required when cleaned"),
        Column("volunteers", Kind.INTEGER, aliases=("jumlah_relawan", "relawan"), minimum=0, maximum=5_000, example="12",
               doc_id="Jumlah relawan", doc_en="Number of volunteers"),
        Column("team", Kind.TEXT, aliases=("tim", "pelaksana"), max_chars=200, example="Tim DLH Binjai Utara",
               doc_id="Pelaksana pembersihan", doc_en="Who cleaned"),
    ),
    rules=(
        RequiredWhen("cleaned_at", "status", ("dibersihkan",)),
        RequiredWhen("waste_kg", "status", ("dibersihkan",)),
        NotBefore("cleaned_at", "reported_at"),
    ),
)
