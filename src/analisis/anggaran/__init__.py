"""Poverty-reduction budget and annual action plan (anggaran dan rencana aksi, RAT).

* :mod:`~analisis.anggaran.konfigurasi` – strategy clusters and tagging weights
  (``params/anggaran/klaster.yaml``);
* :mod:`~analisis.anggaran.templat` – XLSX/CSV fill-in template;
* :mod:`~analisis.anggaran.baca` – reader with full validation;
* :mod:`~analisis.anggaran.tersimpan` – that read once per file version (shared, read-only);
* :mod:`~analisis.anggaran.metrik` – shares, per-person spending, realisation, PMK 97/2023
  tagging score, trend beside P0, RAT achievement, ranking indicators;
* :mod:`~analisis.anggaran.contoh` – fictitious example files (Kalimantan Selatan);
* :mod:`~analisis.anggaran.cli` – ``anggaran templat`` / ``anggaran cek`` / ``anggaran contoh``.
"""

from analisis.anggaran.baca import DataAnggaran, baca_anggaran
from analisis.anggaran.contoh import NAMA_CONTOH_BANJAR, NAMA_CONTOH_KALSEL, berkas_contoh
from analisis.anggaran.konfigurasi import KonfigurasiAnggaran, muat_konfigurasi
from analisis.anggaran.metrik import (
    anggaran_per_penduduk_miskin,
    anggaran_per_rumah_tangga,
    capaian_rat,
    capaian_rat_keseluruhan,
    deret_anggaran,
    indikator_peringkat,
    jumlah_per_penandaan,
    penduduk_miskin_dari_ribu,
    persen_capaian,
    porsi_anggaran,
    porsi_per_klaster,
    porsi_per_opd,
    realisasi_keseluruhan,
    realisasi_per_klaster,
    realisasi_per_opd,
    ringkasan_wilayah,
    rp_per_poin_penurunan_p0,
    skor_penandaan,
    skor_penandaan_wilayah,
    standarkan_maks,
    tingkat_realisasi,
    tren_anggaran,
)
from analisis.anggaran.templat import tulis_templat
from analisis.anggaran.tersimpan import baca_anggaran_tersimpan, indikator_peringkat_tersimpan

__all__ = [
    "NAMA_CONTOH_BANJAR",
    "NAMA_CONTOH_KALSEL",
    "DataAnggaran",
    "KonfigurasiAnggaran",
    "anggaran_per_penduduk_miskin",
    "anggaran_per_rumah_tangga",
    "baca_anggaran",
    "baca_anggaran_tersimpan",
    "berkas_contoh",
    "capaian_rat",
    "capaian_rat_keseluruhan",
    "deret_anggaran",
    "indikator_peringkat",
    "indikator_peringkat_tersimpan",
    "jumlah_per_penandaan",
    "muat_konfigurasi",
    "penduduk_miskin_dari_ribu",
    "persen_capaian",
    "porsi_anggaran",
    "porsi_per_klaster",
    "porsi_per_opd",
    "realisasi_keseluruhan",
    "realisasi_per_klaster",
    "realisasi_per_opd",
    "ringkasan_wilayah",
    "rp_per_poin_penurunan_p0",
    "skor_penandaan",
    "skor_penandaan_wilayah",
    "standarkan_maks",
    "tingkat_realisasi",
    "tren_anggaran",
    "tulis_templat",
]
