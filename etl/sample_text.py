"""Indonesian text material for the sample-data generator (etl/sample.py): names, notes, complaint templates."""

from __future__ import annotations

# Smart City programmes per dimension: (programme name, lead OPD). Codes are used in program_id (QW-GOV-01).
DIMENSION_CODES = {
    "governance": "GOV", "branding": "BRD", "economy": "ECO",
    "living": "LIV", "society": "SOC", "environment": "ENV",
}

PROGRAMMES: dict[str, list[tuple[str, str]]] = {
    "governance": [
        ("Command Center Binjai", "Diskominfo"),
        ("Integrasi e-Kinerja ASN", "BKPSDM"),
        ("Satu Data Binjai", "Diskominfo"),
        ("e-Musrenbang Terpadu", "Bappeda"),
        ("e-Budgeting dan e-SSH", "BPKPAD"),
        ("Tanda Tangan Elektronik OPD", "Diskominfo"),
        ("Layanan Adminduk Daring Dukcapil", "Disdukcapil"),
        ("Jaringan Fiber Optik Antar-OPD", "Diskominfo"),
    ],
    "branding": [
        ("Portal Wisata Binjai Kota Rambutan", "Diskominfo"),
        ("Festival Rambutan Binjai Digital", "Dinas Koperindag"),
        ("Tur Virtual Tugu Perjuangan dan Taman Kota", "Diskominfo"),
        ("Identitas Merek Binjai Smart City", "Bappeda"),
        ("Kalender Event Kota Daring", "Diskominfo"),
        ("Peta Kuliner dan Oleh-oleh Binjai", "Dinas Koperindag"),
    ],
    "economy": [
        ("e-Warung UMKM", "Dinas Koperindag"),
        ("Pasar Digital Tavip", "Dinas Koperindag"),
        ("e-PBB dan Pembayaran Pajak Non-Tunai", "BPKPAD"),
        ("e-Retribusi Pasar", "Dinas Koperindag"),
        ("Katalog Produk UMKM Binjai", "Dinas Koperindag"),
        ("QRIS Pajak dan Retribusi Daerah", "BPKPAD"),
        ("Perizinan Usaha Daring", "Dinas Koperindag"),
    ],
    "living": [
        ("Binjai Sehat Terintegrasi", "Dinas Kesehatan"),
        ("Antrean Puskesmas Daring", "Dinas Kesehatan"),
        ("CCTV dan ATCS Simpang Kota", "Dinas Perhubungan"),
        ("PJU Pintar Hemat Energi", "Dinas Perkim"),
        ("Patroli Ketertiban Berbasis Aplikasi", "Satpol PP"),
        ("Meteran Air Pintar PDAM Tirtasari", "PDAM Tirtasari"),
        ("Sistem Informasi Jalan dan Jembatan", "Dinas PUTR"),
    ],
    "society": [
        ("Literasi Digital Warga", "Diskominfo"),
        ("Sekolah Digital Binjai", "Dinas Pendidikan"),
        ("Catin Sehat: Konseling Calon Pengantin", "Dinas Kesehatan"),
        ("DTKS Terpadu Bantuan Sosial", "Dinas Sosial"),
        ("e-Warung Bantuan Pangan Non-Tunai", "Dinas Sosial"),
        ("Perpustakaan Digital Kota", "Dinas Pendidikan"),
        ("e-Mas Layanan Aduan Masyarakat", "Diskominfo"),
    ],
    "environment": [
        ("e-Saberling", "DLH"),
        ("Bank Sampah Digital", "DLH"),
        ("Sensor Banjir Sungai Bingai", "Dinas PUTR"),
        ("Ruang Terbuka Hijau Ber-Wi-Fi", "Dinas Perkim"),
        ("Pemantauan Kualitas Udara", "DLH"),
        ("Rute Armada Sampah Berbasis GPS", "DLH"),
        ("Drainase Pintar Kota", "Dinas PUTR"),
    ],
}

OBSTACLE_NOTES = [
    "Menunggu pengadaan perangkat",
    "Proses lelang ulang",
    "Integrasi data dengan OPD lain tertunda",
    "Anggaran perubahan belum disahkan",
    "Menunggu penyesuaian regulasi (Perwal)",
    "Keterbatasan SDM operator di OPD",
    "Jaringan internet di lokasi belum stabil",
    "Vendor terlambat menyerahkan modul aplikasi",
    "Menunggu hasil reviu Inspektorat",
    "Data dasar dari kelurahan belum lengkap",
    "Refocusing anggaran",
    "Server pusat data sedang dimigrasi",
]

PROGRESS_NOTES = [
    "Uji coba di tiga kelurahan",
    "Sosialisasi ke OPD dan kelurahan",
    "Pelatihan operator selesai",
    "Instalasi perangkat tahap awal",
    "Penyusunan SOP layanan",
    "Rapat koordinasi dengan Diskominfo",
    "Peluncuran versi beta",
]

DONE_NOTES = ["Serah terima dan operasional penuh", "Program selesai, masuk tahap pemeliharaan"]

# Complaint templates per category: {place} is a street with an optional landmark, {n} a small number (2-7).
COMPLAINT_TEMPLATES: dict[str, list[str]] = {
    "Kebersihan & Sampah": [
        "Sampah menumpuk di {place}, sudah {n} hari tidak diangkut",
        "Tumpukan sampah liar di {place} menimbulkan bau busuk",
        "Truk sampah tidak lewat di {place} sejak {n} hari yang lalu",
        "Bak sampah di {place} penuh dan sampah berserakan ke jalan",
        "Warga membuang sampah sembarangan di {place}, mohon dipasang papan larangan",
    ],
    "Jalan & Drainase": [
        "Jalan berlubang di {place}, membahayakan pengendara sepeda motor",
        "Parit tersumbat di {place}, air meluap ke jalan saat hujan",
        "Banjir setinggi lutut di {place} setiap hujan deras",
        "Drainase di {place} penuh lumpur, sudah {n} minggu tidak dikorek",
        "Aspal di {place} rusak dan bergelombang",
        "Penutup parit di {place} patah, berbahaya bagi pejalan kaki",
    ],
    "Penerangan Jalan Umum": [
        "Lampu jalan mati di {place}, jalan gelap pada malam hari",
        "Lampu PJU di {place} sudah {n} hari tidak menyala",
        "Tiang lampu jalan miring di {place}, dikhawatirkan roboh",
        "Lampu jalan di {place} tetap menyala pada siang hari",
    ],
    "Air Bersih": [
        "Air PDAM tidak mengalir di {place} sudah {n} hari",
        "Air PDAM keruh dan berbau di {place}",
        "Pipa PDAM bocor di {place}, air terbuang ke jalan",
        "Tekanan air PDAM sangat kecil di {place} pada pagi hari",
    ],
    "Kesehatan": [
        "Banyak nyamuk dan ada warga kena DBD di {place}, mohon fogging",
        "Genangan air di {place} menjadi sarang nyamuk",
        "Jadwal posyandu di {place} sudah {n} bulan tidak berjalan",
        "Antrean puskesmas dekat {place} sangat panjang",
    ],
    "Pendidikan": [
        "Atap ruang kelas SD di {place} bocor",
        "Pungutan di sekolah di {place} memberatkan orang tua murid",
        "Informasi zonasi PPDB untuk warga {place} kurang jelas",
        "Pagar sekolah di {place} rusak",
    ],
    "Administrasi Kependudukan": [
        "Pengurusan KTP-el warga {place} belum selesai setelah {n} minggu",
        "Nama di Kartu Keluarga warga {place} salah tulis",
        "Pelayanan akta kelahiran untuk warga {place} lambat",
        "Blanko KTP-el habis, warga {place} diminta menunggu",
    ],
    "Ketertiban & Keamanan": [
        "Pedagang kaki lima berjualan di badan jalan {place}",
        "Parkir liar di {place} menyebabkan kemacetan",
        "Balap liar setiap malam di {place}",
        "Bangunan liar berdiri di atas parit di {place}",
        "Anak jalanan dan pengamen mengganggu pengguna jalan di {place}",
    ],
    "Sosial & Bantuan": [
        "Warga kurang mampu di {place} belum menerima bantuan sembako",
        "Penyaluran BPNT di {place} tidak tepat sasaran",
        "Mohon pendataan ulang DTKS untuk warga {place}",
        "Lansia terlantar di {place} membutuhkan bantuan",
    ],
    "Perizinan": [
        "Izin usaha toko di {place} belum terbit setelah {n} minggu",
        "Reklame tanpa izin dipasang di {place}",
        "Bangunan di {place} didirikan tanpa PBG",
        "Status permohonan izin usaha di {place} tidak bisa dilacak",
    ],
    "Lingkungan Hidup": [
        "Asap pembakaran sampah di {place} mengganggu pernapasan",
        "Limbah usaha tahu dibuang ke parit di {place}",
        "Pohon tumbang di {place} menghalangi jalan",
        "Pohon besar di {place} rawan tumbang, mohon dipangkas",
        "Suara bising bengkel di {place} sampai larut malam",
    ],
    "Lainnya": [
        "Mohon informasi jadwal kegiatan kelurahan di {place}",
        "Wi-Fi publik di {place} tidak berfungsi",
        "Saran penambahan rambu dan zebra cross di {place}",
        "Hewan ternak berkeliaran di {place}",
    ],
}
GENERIC_TEMPLATES = ["Mohon tindak lanjut masalah di {place}", "Laporan warga tentang kondisi di {place}"]

STREETS = [
    "Jl. Sudirman", "Jl. Soekarno-Hatta", "Jl. T. Amir Hamzah", "Jl. Gatot Subroto", "Jl. Jend. Ahmad Yani",
    "Jl. Samanhudi", "Jl. Veteran", "Jl. Imam Bonjol", "Jl. Diponegoro", "Jl. Perintis Kemerdekaan",
    "Jl. Cut Nyak Dhien", "Jl. Kapten Machmud Ismail", "Jl. Sultan Hasanuddin", "Jl. Padang", "Jl. Ikan Paus",
    "Jl. Gunung Bendahara", "Jl. Wahidin", "Jl. Danau Singkarak", "Jl. Jamin Ginting", "Jl. Gajah Mada",
    "Jl. Kartini", "Jl. Teuku Umar", "Gang Mawar", "Gang Melati", "Gang Rambutan", "Gang Mesjid", "Gang Kenanga",
    "Gang Sepakat", "Gang Bersama", "Gang Keluarga", "Gang Dahlia", "Gang Sawo",
]
LANDMARKS = [
    "", "", "", "", "", "", " dekat Pasar Tavip", " depan masjid", " dekat sekolah", " dekat Lapangan Merdeka",
    " dekat Stasiun Binjai", " depan kantor lurah", " dekat jembatan", " di ujung gang", " dekat warung kopi",
    " depan puskesmas", " dekat simpang", " samping gereja",
]

# Kelurahan along the two rivers (e-Saberling site_type "sungai"); names not in the reference are ignored.
RIVERS = {
    "Bingai": ["Berngam", "Tangsi", "Setia", "Pekan Binjai", "Limau Sundai", "Limau Mungkur", "Jati Negara",
               "Rambung Barat", "Kebun Lada"],
    "Mencirim": ["Mencirim", "Timbang Langkat", "Tanah Tinggi", "Dataran Tinggi", "Sumber Mulyorejo", "Tunggurono"],
}
