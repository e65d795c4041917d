"""quick_wins: Smart City programme progress. Key: (program_id, report_date)."""

from data_sources.contract import Choice, Column, Contract, Kind, NotBefore, WarnAbove

DIMENSIONS = (
    Choice("governance", "governance", ("smart governance", "tata kelola")),
    Choice("branding", "branding", ("smart branding",)),
    Choice("economy", "economy", ("smart economy", "ekonomi")),
    Choice("living", "living", ("smart living",)),
    Choice("society", "society", ("smart society", "masyarakat")),
    Choice("environment", "environment", ("smart environment", "lingkungan")),
)

HORIZONS = (
    Choice("quick_win", "quick_win", ("quick win",)),
    Choice("jangka_pendek", "short", ("jangka pendek",)),
    Choice("jangka_menengah", "medium", ("jangka menengah",)),
    Choice("jangka_panjang", "long", ("jangka panjang",)),
)

STATUSES = (
    Choice("selesai", "completed", ("done",)),
    Choice("sesuai_jadwal", "on_track", ("sesuai jadwal",)),
    Choice("perlu_perhatian", "at_risk", ("perlu perhatian",)),
    Choice("terlambat", "late"),
)

CONTRACT = Contract(
    name="quick_wins",
    cadence_days=7,  # progress is reported weekly: overdue on the admin page and in "Perlu perhatian" after that
    title_id="Program Quick Win",
    title_en="Quick-win programmes",
    key=("program_id", "report_date"),
    columns=(
        Column("program_id", Kind.TEXT, required=True, aliases=("kode_program", "id_program"), max_chars=64,
               example="QW-GOV-01", doc_id="Kode program", doc_en="Programme code"),
        Column("program_name", Kind.TEXT, required=True, aliases=("nama_program",), max_chars=300,
               example="Command Center Binjai", doc_id="Nama program", doc_en="Programme name"),
        Column("dimension", Kind.ENUM, required=True, aliases=("dimensi",), choices=DIMENSIONS, example="governance",
               doc_id="Dimensi Smart City", doc_en="Smart City dimension"),
        Column("opd", Kind.OPD, required=True, aliases=("dinas", "opd_pelaksana"), example="Diskominfo",
               doc_id="OPD pelaksana", doc_en="Lead department"),
        Column("horizon", Kind.ENUM, aliases=("tahapan", "jangka"), choices=HORIZONS, default="quick_win",
               example="quick_win", doc_id="Tahapan; bawaan quick_win", doc_en="Horizon; defaults to quick_win"),
        Column("start_date", Kind.DATE, required=True, aliases=("tanggal_mulai",), example="01/07/2018", future_ok=True,
               doc_id="Tanggal mulai", doc_en="Start date"),
        Column("target_date", Kind.DATE, required=True, aliases=("target_selesai", "tanggal_target"), example="31/12/2019",
               future_ok=True,
               doc_id="Target selesai; tidak sebelum mulai", doc_en="Target date; not before start"),
        Column("report_date", Kind.DATE, required=True, aliases=("tanggal_laporan", "periode"), example="31/07/2018",
               doc_id="Tanggal laporan kemajuan", doc_en="Progress report date"),
        Column("progress_pct", Kind.DECIMAL, required=True, aliases=("progres", "progres_persen", "realisasi_fisik"),
               minimum=0, maximum=100, example="12,5", doc_id="Realisasi fisik, 0 s.d. 100", doc_en="Physical progress, 0 to 100"),
        Column("budget_idr", Kind.DECIMAL, aliases=("pagu", "anggaran"), minimum=0, example="Rp 1.250.000.000",
               doc_id="Pagu anggaran (Rp)", doc_en="Budget (IDR)"),
        Column("spent_idr", Kind.DECIMAL, aliases=("realisasi_anggaran", "serapan"), minimum=0, example="Rp 150.000.000",
               doc_id="Realisasi anggaran (Rp)", doc_en="Spent (IDR)"),
        Column("status", Kind.ENUM, aliases=("status_program",), choices=STATUSES, example="",
               doc_id="Kosongkan agar dihitung dari jadwal", doc_en="Leave empty to derive from the schedule"),
        Column("note", Kind.TEXT, aliases=("catatan", "kendala"), max_chars=5000, example="Menunggu pengadaan perangkat",
               doc_id="Catatan / kendala", doc_en="Notes / obstacles"),
    ),
    rules=(
        NotBefore("target_date", "start_date"),
        WarnAbove("spent_idr", "budget_idr"),
    ),
)
