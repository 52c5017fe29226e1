"""Example filled budget files — **CONTOH: data fiktif untuk demonstrasi**.

Two example sets ship in the project's ``params/anggaran/contoh/`` (XLSX plus the CSV tables):

* ``contoh_anggaran_6303_2022-2024`` – Kabupaten Banjar, 2022–2024 (multi-year, for the trend);
* ``contoh_anggaran_kalsel_2024`` – all 13 kabupaten/kota of Kalimantan Selatan, 2024 (for the
  provincial ranking). Banjar 2024 is identical in both sets.

Every number is invented. Magnitudes are only meant to be plausible: total spending
(belanja daerah) of Rp1,5–3,7 triliun, a poverty budget of roughly 2–6 percent of it,
realisation 80–99 percent. The programme and sub-kegiatan codes imitate the shape of the
Kepmendagri 050-5889/2021 nomenclature (urusan.bidang.program.2.kegiatan.subkegiatan) but are
illustrative, not checked against the official list. Every row carries the marker
:data:`~analisis.anggaran.kolom.PENANDA_CONTOH` in ``Keterangan``.

The generator is deterministic (seeded per region and year); :func:`tulis_contoh` regenerates
the shipped files.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analisis.anggaran.kolom import KOLOM_ANGGARAN, KOLOM_RAT, KOLOM_RINGKASAN, PENANDA_CONTOH
from analisis.anggaran.konfigurasi import KonfigurasiAnggaran, muat_konfigurasi
from analisis.anggaran.templat import tulis_buku_xlsx, tulis_csv
from analisis.data.wilayah import nama_wilayah, wilayah_provinsi

NAMA_CONTOH_BANJAR = "contoh_anggaran_6303_2022-2024"
NAMA_CONTOH_KALSEL = "contoh_anggaran_kalsel_2024"
_WAKTU = _dt.datetime(2025, 1, 1)


@dataclass(frozen=True)
class _Kegiatan:
    opd: str
    kode_program: str
    nama_program: str
    kode_kegiatan: str
    nama_kegiatan: str
    kode_sub: str
    nama_sub: str
    klaster: str
    penandaan: str
    bobot: float  # relative share of the poverty budget
    indikator: str
    satuan: str
    biaya_satuan: float  # Rp per unit of output, for the RAT target
    pesisir: bool = False  # only in regions with a coast or large rivers


_KEGIATAN: tuple[_Kegiatan, ...] = (
    _Kegiatan(
        "Dinas Sosial",
        "1.06.04",
        "Program Rehabilitasi Sosial",
        "1.06.04.2.02",
        "Rehabilitasi Sosial Dasar Penyandang Masalah Kesejahteraan Sosial di Luar Panti",
        "1.06.04.2.02.0005",
        "Pemberian Permakanan bagi Lanjut Usia dan Penyandang Disabilitas Terlantar",
        "K1",
        "langsung",
        0.06,
        "Penerima permakanan",
        "orang",
        3_600_000,
    ),
    _Kegiatan(
        "Dinas Sosial",
        "1.06.06",
        "Program Perlindungan dan Jaminan Sosial",
        "1.06.06.2.01",
        "Pengelolaan Data Fakir Miskin Cakupan Daerah Kabupaten/Kota",
        "1.06.06.2.01.0001",
        "Pemutakhiran dan Verifikasi-Validasi Data Keluarga Miskin",
        "K4",
        "penunjang",
        0.03,
        "Keluarga terverifikasi",
        "KK",
        45_000,
    ),
    _Kegiatan(
        "Dinas Kesehatan",
        "1.02.02",
        "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
        "1.02.02.2.02",
        "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
        "1.02.02.2.02.0026",
        "Pengelolaan Jaminan Kesehatan Masyarakat (PBI Daerah)",
        "K1",
        "langsung",
        0.24,
        "Penduduk miskin terdaftar PBI JKN daerah",
        "jiwa",
        504_000,
    ),
    _Kegiatan(
        "Dinas Kesehatan",
        "1.02.02",
        "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
        "1.02.02.2.02",
        "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
        "1.02.02.2.02.0020",
        "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat",
        "K1",
        "tidak_langsung",
        0.05,
        "Balita keluarga miskin mendapat makanan tambahan",
        "balita",
        900_000,
    ),
    _Kegiatan(
        "Dinas Pendidikan",
        "1.01.02",
        "Program Pengelolaan Pendidikan",
        "1.01.02.2.02",
        "Pengelolaan Pendidikan Sekolah Dasar",
        "1.01.02.2.02.0026",
        "Penyediaan Bantuan Perlengkapan Sekolah bagi Peserta Didik dari Keluarga Miskin",
        "K1",
        "langsung",
        0.07,
        "Peserta didik penerima bantuan",
        "siswa",
        750_000,
    ),
    _Kegiatan(
        "Dinas Ketahanan Pangan",
        "2.09.03",
        "Program Penanganan Kerawanan Pangan",
        "2.09.03.2.01",
        "Penyediaan dan Penyaluran Pangan Pokok atau Pangan Lainnya sesuai dengan Kebutuhan Daerah",
        "2.09.03.2.01.0002",
        "Penyaluran Cadangan Pangan bagi Keluarga Rawan Pangan",
        "K1",
        "langsung",
        0.04,
        "Keluarga rawan pangan menerima bantuan pangan",
        "KK",
        650_000,
    ),
    _Kegiatan(
        "Dinas Perumahan dan Kawasan Permukiman",
        "1.04.02",
        "Program Pengembangan Perumahan",
        "1.04.02.2.01",
        "Pendataan Penyediaan dan Rehabilitasi Rumah Korban Bencana atau Relokasi Program Kabupaten/Kota",
        "1.04.02.2.01.0004",
        "Rehabilitasi Rumah Tidak Layak Huni bagi Keluarga Miskin",
        "K3",
        "langsung",
        0.16,
        "Rumah tidak layak huni direhabilitasi",
        "unit",
        20_000_000,
    ),
    _Kegiatan(
        "Dinas Perumahan dan Kawasan Permukiman",
        "1.04.03",
        "Program Kawasan Permukiman",
        "1.04.03.2.02",
        "Peningkatan Kualitas Kawasan Permukiman Kumuh dengan Luas di Bawah 10 (Sepuluh) Ha",
        "1.04.03.2.02.0002",
        "Perbaikan Prasarana Lingkungan Permukiman Kumuh",
        "K3",
        "tidak_langsung",
        0.08,
        "Luas kawasan kumuh tertangani",
        "ha",
        450_000_000,
    ),
    _Kegiatan(
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "1.03.03",
        "Program Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum",
        "1.03.03.2.01",
        "Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum (SPAM) di Daerah Kabupaten/Kota",
        "1.03.03.2.01.0016",
        "Pembangunan Sambungan Rumah Air Minum bagi Masyarakat Berpenghasilan Rendah",
        "K3",
        "tidak_langsung",
        0.07,
        "Sambungan rumah air minum terpasang",
        "SR",
        3_200_000,
    ),
    _Kegiatan(
        "Dinas Pertanian",
        "3.27.03",
        "Program Penyediaan dan Pengembangan Sarana Pertanian",
        "3.27.03.2.01",
        "Pengawasan Penggunaan Sarana Pendukung Pertanian sesuai dengan Komoditas, Teknologi dan Spesifik Lokasi",
        "3.27.03.2.01.0003",
        "Penyediaan Benih dan Sarana Produksi bagi Petani Miskin",
        "K2",
        "tidak_langsung",
        0.06,
        "Petani miskin menerima sarana produksi",
        "orang",
        2_500_000,
    ),
    _Kegiatan(
        "Dinas Perikanan",
        "3.25.04",
        "Program Pengelolaan Perikanan Tangkap",
        "3.25.04.2.02",
        "Pemberdayaan Nelayan Kecil dalam Daerah Kabupaten/Kota",
        "3.25.04.2.02.0003",
        "Bantuan Sarana Penangkapan Ikan bagi Nelayan Kecil",
        "K2",
        "langsung",
        0.04,
        "Nelayan kecil menerima bantuan sarana",
        "orang",
        6_000_000,
        True,
    ),
    _Kegiatan(
        "Dinas Koperasi, Usaha Kecil dan Menengah",
        "2.17.07",
        "Program Pemberdayaan Usaha Menengah, Usaha Kecil, dan Usaha Mikro (UMKM)",
        "2.17.07.2.01",
        "Pemberdayaan Usaha Mikro yang Dilakukan melalui Pendataan, Kemitraan, Kemudahan Perizinan, Penguatan Kelembagaan dan Koordinasi dengan Para Pemangku Kepentingan",
        "2.17.07.2.01.0004",
        "Pelatihan dan Pendampingan Usaha Mikro Keluarga Miskin",
        "K2",
        "tidak_langsung",
        0.04,
        "Pelaku usaha mikro keluarga miskin didampingi",
        "orang",
        1_800_000,
    ),
    _Kegiatan(
        "Dinas Tenaga Kerja dan Transmigrasi",
        "2.07.03",
        "Program Pelatihan Kerja dan Produktivitas Tenaga Kerja",
        "2.07.03.2.01",
        "Pelaksanaan Pelatihan berdasarkan Unit Kompetensi",
        "2.07.03.2.01.0001",
        "Proses Pelaksanaan Pendidikan dan Pelatihan Keterampilan bagi Pencari Kerja dari Keluarga Miskin",
        "K2",
        "tidak_langsung",
        0.03,
        "Pencari kerja keluarga miskin dilatih",
        "orang",
        4_500_000,
    ),
    _Kegiatan(
        "Dinas Pemberdayaan Masyarakat dan Desa",
        "2.13.03",
        "Program Peningkatan Kerja Sama Desa",
        "2.13.03.2.01",
        "Fasilitasi Kerja Sama Antar Desa",
        "2.13.03.2.01.0002",
        "Fasilitasi Pengembangan Badan Usaha Milik Desa di Desa Kantong Kemiskinan",
        "K2",
        "tidak_ditandai",
        0.02,
        "BUMDes difasilitasi",
        "BUMDes",
        25_000_000,
    ),
    _Kegiatan(
        "Dinas Kependudukan dan Pencatatan Sipil",
        "2.12.02",
        "Program Pendaftaran Penduduk",
        "2.12.02.2.01",
        "Pelayanan Pendaftaran Penduduk",
        "2.12.02.2.01.0002",
        "Pelayanan Dokumen Kependudukan bagi Penduduk Rentan dan Miskin Ekstrem",
        "K4",
        "penunjang",
        0.01,
        "Dokumen kependudukan diterbitkan bagi penduduk rentan",
        "dokumen",
        60_000,
    ),
    _Kegiatan(
        "Badan Perencanaan Pembangunan Daerah",
        "5.01.02",
        "Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
        "5.01.02.2.01",
        "Penyusunan Perencanaan dan Pendanaan",
        "5.01.02.2.01.0008",
        "Koordinasi Tim Koordinasi Penanggulangan Kemiskinan Daerah (TKPK)",
        "K4",
        "penunjang",
        0.01,
        "Rapat koordinasi TKPK terlaksana",
        "kali",
        250_000_000,
    ),
)

#: Fictitious total spending (Rp triliun) in 2024 and poverty share (percent), per region.
_APBD_2024: dict[str, tuple[float, float]] = {
    "6301": (2.15, 3.4),
    "6302": (3.55, 2.6),
    "6303": (3.05, 4.2),
    "6304": (1.95, 3.9),
    "6305": (2.25, 3.1),
    "6306": (1.85, 4.4),
    "6307": (1.75, 4.9),
    "6308": (1.65, 5.6),
    "6309": (2.65, 2.9),
    "6310": (3.70, 2.3),
    "6311": (2.35, 3.3),
    "6371": (2.45, 2.8),
    "6372": (1.55, 2.5),
}
#: Banjar over time: (belanja daerah Rp triliun, poverty share percent).
_BANJAR: dict[int, tuple[float, float]] = {
    2022: (2.55, 3.3),
    2023: (2.80, 3.8),
    2024: _APBD_2024["6303"],
}
_PESISIR = {"6301", "6302", "6303", "6304", "6310", "6371"}


def _rng(kode: str, tahun: int) -> random.Random:
    return random.Random(int(kode) * 10_000 + tahun)


def _bulat(x: float, ke: int = 1_000) -> float:
    return float(round(x / ke) * ke)


def buat_wilayah_tahun(
    kode: str, tahun: int, belanja_triliun: float, porsi_persen: float
) -> tuple[list[dict], dict, list[dict]]:
    """Fictitious (anggaran rows, ringkasan row, RAT rows) for one region and year."""
    r = _rng(kode, tahun)
    belanja = _bulat(belanja_triliun * 1e12, 1_000_000)
    real_belanja = _bulat(belanja * r.uniform(0.88, 0.95))
    kegiatan = [k for k in _KEGIATAN if not k.pesisir or kode in _PESISIR]
    bobot = [k.bobot * r.uniform(0.7, 1.3) for k in kegiatan]
    b_pov = belanja * porsi_persen / 100.0
    rows, rat = [], []
    for k, w in zip(kegiatan, bobot):
        pagu = _bulat(b_pov * w / sum(bobot), 1_000)
        realisasi = float(round(pagu * r.uniform(0.80, 0.99)))
        penandaan = k.penandaan
        if penandaan != "tidak_ditandai" and r.random() < 0.1:
            penandaan = "tidak_ditandai"  # some regions tag less
        rows.append(
            {
                "kode_wilayah": kode,
                "tahun": tahun,
                "opd": k.opd,
                "kode_program": k.kode_program,
                "nama_program": k.nama_program,
                "kode_kegiatan": k.kode_kegiatan,
                "nama_kegiatan": k.nama_kegiatan,
                "kode_subkegiatan": k.kode_sub,
                "nama_subkegiatan": k.nama_sub,
                "klaster": k.klaster,
                "pagu": pagu,
                "realisasi": realisasi,
                "penandaan": {
                    "langsung": "Langsung",
                    "tidak_langsung": "Tidak langsung",
                    "penunjang": "Penunjang",
                    "tidak_ditandai": "Tidak ditandai",
                }[penandaan],
                "keterangan": PENANDA_CONTOH,
            }
        )
        target = max(1, round(pagu / k.biaya_satuan))
        capaian = round(target * min(r.uniform(0.75, 1.08), 1.2))
        rat.append(
            {
                "kode_wilayah": kode,
                "tahun": tahun,
                "opd": k.opd,
                "kode_subkegiatan": k.kode_sub,
                "kegiatan": k.nama_sub,
                "indikator": k.indikator,
                "satuan": k.satuan,
                "target": target,
                "capaian": capaian,
                "keterangan": PENANDA_CONTOH,
            }
        )
    ringkasan = {
        "kode_wilayah": kode,
        "nama_wilayah": nama_wilayah(kode),
        "tahun": tahun,
        "belanja_daerah": belanja,
        "realisasi_belanja_daerah": real_belanja,
        "keterangan": PENANDA_CONTOH,
    }
    return rows, ringkasan, rat


def _kumpulkan(pasangan: list[tuple[str, int, float, float]]) -> dict[str, pd.DataFrame]:
    a, r, t = [], [], []
    for kode, tahun, belanja, porsi in pasangan:
        rows, ring, rat = buat_wilayah_tahun(kode, tahun, belanja, porsi)
        a += rows
        r.append(ring)
        t += rat
    return {"anggaran": pd.DataFrame(a), "ringkasan": pd.DataFrame(r), "rat": pd.DataFrame(t)}


def data_contoh_banjar() -> dict[str, pd.DataFrame]:
    """Kabupaten Banjar (6303), 2022–2024: ``{'anggaran', 'ringkasan', 'rat'}`` DataFrames."""
    return _kumpulkan([("6303", th, b, p) for th, (b, p) in sorted(_BANJAR.items())])


def data_contoh_kalsel() -> dict[str, pd.DataFrame]:
    """All 13 kabupaten/kota of Kalimantan Selatan, 2024."""
    kode = wilayah_provinsi("63")
    return _kumpulkan([(k, 2024, *_APBD_2024[k]) for k in kode])


def tulis_contoh(
    keluaran: str | Path, konfigurasi: KonfigurasiAnggaran | None = None
) -> list[Path]:
    """(Re)write both example sets (XLSX + three CSVs each) into ``keluaran``."""
    konfigurasi = konfigurasi or muat_konfigurasi()
    folder = Path(keluaran)
    hasil: list[Path] = []
    for nama, data, judul in (
        (
            NAMA_CONTOH_BANJAR,
            data_contoh_banjar(),
            "CONTOH — Anggaran penanggulangan kemiskinan Kabupaten Banjar (6303), 2022–2024",
        ),
        (
            NAMA_CONTOH_KALSEL,
            data_contoh_kalsel(),
            "CONTOH — Anggaran penanggulangan kemiskinan 13 kabupaten/kota Kalimantan Selatan, 2024",
        ),
    ):
        hasil.append(
            tulis_buku_xlsx(
                folder / f"{nama}.xlsx",
                anggaran=data["anggaran"],
                ringkasan=data["ringkasan"],
                rat=data["rat"],
                judul=judul,
                konfigurasi=konfigurasi,
                contoh=True,
                baris_isian=0,
                waktu=_WAKTU,
            )
        )
        hasil.append(tulis_csv(folder / f"{nama}.csv", KOLOM_ANGGARAN, data["anggaran"]))
        hasil.append(
            tulis_csv(
                folder / f"{nama.replace('anggaran', 'ringkasan')}.csv",
                KOLOM_RINGKASAN,
                data["ringkasan"],
            )
        )
        hasil.append(
            tulis_csv(folder / f"{nama.replace('anggaran', 'rat')}.csv", KOLOM_RAT, data["rat"])
        )
    return hasil


FOLDER_CONTOH = "anggaran/contoh"
"""Where the example sets live, relative to the project's default params folder."""


def berkas_contoh(nama: str = NAMA_CONTOH_KALSEL, ekstensi: str = "xlsx") -> Path:
    """Path of a shipped example file, e.g. ``berkas_contoh(NAMA_CONTOH_BANJAR, 'csv')``."""
    from analisis.proyek import Proyek

    return Proyek.muat().berkas_konfigurasi(f"{FOLDER_CONTOH}/{nama}.{ekstensi}")
