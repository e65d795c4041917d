"""e_mas: complaints from e-Mas (Layanan Aduan Masyarakat). Key: complaint_id."""

from data_sources._common import KECAMATAN, KELURAHAN, latitude, longitude
from data_sources.contract import Choice, Column, Contract, EmptyUnless, Kind, NotBefore, RequiredWhen, Together

CHANNELS = (
    Choice("aplikasi", "app"),
    Choice("web", "web"),
    Choice("whatsapp", "whatsapp", ("wa",)),
    Choice("sms", "sms"),
    Choice("telepon", "phone", ("telp",)),
    Choice("langsung", "walk_in", ("walk-in", "tatap muka")),
    Choice("media_sosial", "social_media", ("medsos",)),
)

STATUSES = (
    Choice("baru", "new"),
    Choice("diverifikasi", "verified"),
    Choice("diproses", "in_progress", ("dalam proses", "tindak lanjut")),
    Choice("selesai", "resolved", ("closed",)),
    Choice("ditolak", "rejected"),
)
# Statuses of a complaint still being handled, and the two ends: resolved and rejected.
OPEN_STATUSES = ("baru", "diverifikasi", "diproses")
RESOLVED_STATUS = "selesai"
TERMINAL_STATUSES = ("selesai", "ditolak")

CONTRACT = Contract(
    name="e_mas",
    cadence_days=7,  # complaints exported weekly: overdue on the admin page and in "Perlu perhatian" after that
    title_id="Aduan e-Mas",
    title_en="e-Mas complaints",
    key=("complaint_id",),
    columns=(
        Column("complaint_id", Kind.TEXT, required=True, aliases=("id_aduan", "no_aduan", "nomor_aduan", "nomor_tiket"),
               max_chars=64, example="EMAS-2024-000123", doc_id="Nomor aduan, unik", doc_en="Complaint number, unique"),
        Column("received_at", Kind.TIMESTAMP, required=True, aliases=("tanggal_aduan", "waktu_aduan", "tanggal_masuk"),
               example="18/06/2024 09:15", doc_id="Waktu aduan diterima (WIB)", doc_en="When the complaint was received (WIB)"),
        Column("channel", Kind.ENUM, aliases=("kanal", "saluran"), choices=CHANNELS, default="aplikasi",
               example="whatsapp", doc_id="Saluran aduan; bawaan aplikasi", doc_en="Channel; defaults to aplikasi"),
        Column("category", Kind.CATEGORY, required=True, aliases=("kategori",), example="Kebersihan & Sampah",
               doc_id="Kategori dari daftar kategori", doc_en="Category from the category list"),
        KELURAHAN,
        KECAMATAN,
        latitude(required=False),
        longitude(required=False),
        Column("opd", Kind.OPD, required=True, aliases=("dinas", "opd_penanggung_jawab"), example="DLH",
               doc_id="OPD penanggung jawab (nama singkat atau lengkap)", doc_en="Responsible department (short or full name)"),
        Column("status", Kind.ENUM, required=True, aliases=("status_aduan",), choices=STATUSES, example="diproses",
               doc_id="baru, diverifikasi, diproses, selesai, ditolak", doc_en="new, verified, in_progress, resolved, rejected"),
        Column("responded_at", Kind.TIMESTAMP, aliases=("tanggal_tanggapan", "waktu_respon"), example="19/06/2024 10:00",
               doc_id="Waktu tanggapan pertama; tidak sebelum aduan", doc_en="First response; not before received_at"),
        Column("resolved_at", Kind.TIMESTAMP, aliases=("tanggal_selesai",), example="",
               doc_id="Wajib bila status selesai; kosong kecuali selesai/ditolak",
               doc_en="Required when resolved; empty unless resolved/rejected"),
        Column("rating", Kind.INTEGER, aliases=("nilai_kepuasan", "kepuasan"), minimum=1, maximum=5, example="",
               doc_id="Nilai kepuasan 1 s.d. 5", doc_en="Satisfaction rating 1 to 5"),
        Column("description", Kind.TEXT, aliases=("isi_aduan", "uraian"), max_chars=5000,
               example="Sampah menumpuk di depan pasar", doc_id="Isi aduan, maks. 5.000 karakter",
               doc_en="Complaint text, at most 5,000 characters"),
    ),
    rules=(
        Together("latitude", "longitude"),
        NotBefore("responded_at", "received_at"),
        NotBefore("resolved_at", "received_at"),
        RequiredWhen("resolved_at", "status", ("selesai",)),
        EmptyUnless("resolved_at", "status", ("selesai", "ditolak")),
    ),
)
