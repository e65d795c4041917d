"""app_metrics: monthly figures from the city's other applications. Key: (app, metric, period)."""

from data_sources.contract import Choice, Column, Contract, Kind

APPS = tuple(
    Choice(name, name)
    for name in ("e-Musrenbang", "e-SSH", "e-Kinerja", "e-Warung", "e-PBB", "Catin", "e-Mas", "e-Saberling")
) + (Choice("lainnya", "other"),)

CONTRACT = Contract(
    name="app_metrics",
    cadence_days=31,  # monthly figures: overdue on the admin page and in "Perlu perhatian" after that
    title_id="Indikator Aplikasi",
    title_en="Application metrics",
    key=("app", "metric", "period"),
    columns=(
        Column("app", Kind.ENUM, required=True, aliases=("aplikasi",), choices=APPS, example="e-PBB",
               doc_id="Nama aplikasi", doc_en="Application"),
        Column("metric", Kind.METRIC, required=True, aliases=("indikator", "kode_indikator"), example="penerimaan_pbb",
               doc_id="Kode indikator dari katalog", doc_en="Metric code from the catalogue"),
        Column("period", Kind.MONTH, required=True, aliases=("periode", "bulan"), example="Juni 2024",
               doc_id="Bulan: 2024-06, 06/2024 atau Juni 2024", doc_en="Month: 2024-06, 06/2024 or Juni 2024"),
        Column("value", Kind.DECIMAL, required=True, aliases=("nilai", "realisasi"), example="1.250.000.000",
               doc_id="Nilai realisasi", doc_en="Value"),
        Column("target", Kind.DECIMAL, example="1.500.000.000", doc_id="Target", doc_en="Target"),
        Column("unit", Kind.TEXT, aliases=("satuan",), max_chars=40, example="IDR",
               doc_id="Satuan; bawaan dari katalog", doc_en="Unit; defaults from the catalogue"),
    ),
)
