"""Data BNBA (by name by address): DTKS / P3KE / DTSEN registries.

Library and CLI (``analisis bnba …``) for regional analysts:

- **read and validate** an export (CSV, XLSX, Parquet) into one canonical schema, whatever its
  column names (``params/bnba/pemetaan_kolom.yaml``) — :mod:`analisis.bnba.skema`;
- **synthetic extracts** with defects injected at recorded counts — :mod:`analisis.bnba.sintetis`;
- **verval checks** per record (NIK, No KK, duplicates, address, age, deceased, inclusion and
  exclusion suspects), a PRIVATE worklist and a per-desa quality score — :mod:`analisis.bnba.cek`;
- **targeting**: desil distribution, coverage / inclusion / exclusion error, count × share
  quadrant of desa, BPS vs BNBA reconciliation — :mod:`analisis.bnba.sasaran`;
- **privacy** (UU 27/2022 PDP): publishable aggregates with small-cell suppression and a scanner
  for personal data in files — :mod:`analisis.bnba.privasi`;
- **scale**: DuckDB out of core on one machine; Dask partitions per kabupaten beyond it —
  :mod:`analisis.bnba.terdistribusi`.

Region codes: the analysis is keyed by the BPS code; NIK digits 1–6 and the kecamatan/desa codes
of the registries follow the Kemendagri codes (different from BPS for 23 Kalimantan kabupaten),
and the checks compare with the Kemendagri code.

Quick use::

    from analisis.bnba import buat_contoh, cek_bnba, ringkasan_publik, pindai_privasi

    m = buat_contoh("6303", 20_000, seed=1, tujuan="data/")
    with cek_bnba(m.berkas[0], "6303") as hasil:
        print(hasil.ringkasan()["bendera"])          # aggregates only
        hasil.tulis_daftar_kerja("RAHASIA/DAFTAR_KERJA_RAHASIA_6303.xlsx")   # PRIVATE
        tabel = ringkasan_publik(hasil)               # publishable DataFrames
"""

from __future__ import annotations

from analisis.bnba.cek import (
    BENDERA,
    HasilCek,
    cek_bnba,
    gabung_kubus,
    indikator_kualitas,
    nama_daftar_kerja,
    periksa,
    skor_kualitas,
)
from analisis.bnba.konfigurasi import muat_aturan, muat_pemetaan, muat_privasi
from analisis.bnba.privasi import (
    TemuanPrivasi,
    pindai_privasi,
    simpan_publik,
    tekan_sel_kecil,
)
from analisis.bnba.publik import ringkasan_publik
from analisis.bnba.sasaran import (
    angka_bps,
    distribusi_desil,
    kinerja_sasaran,
    kuadran_wilayah,
    rekonsiliasi_bps,
)
from analisis.bnba.sintetis import NAMA_SINTETIS, ManifestSintetis, baca_manifest, buat_contoh
from analisis.bnba.skema import SKEMA, DataBNBA, muat_bnba

__all__ = [
    "BENDERA",
    "NAMA_SINTETIS",
    "SKEMA",
    "DataBNBA",
    "HasilCek",
    "ManifestSintetis",
    "TemuanPrivasi",
    "angka_bps",
    "baca_manifest",
    "buat_contoh",
    "cek_bnba",
    "distribusi_desil",
    "gabung_kubus",
    "indikator_kualitas",
    "kinerja_sasaran",
    "kuadran_wilayah",
    "muat_aturan",
    "muat_bnba",
    "muat_pemetaan",
    "muat_privasi",
    "nama_daftar_kerja",
    "periksa",
    "pindai_privasi",
    "rekonsiliasi_bps",
    "ringkasan_publik",
    "simpan_publik",
    "skor_kualitas",
    "tekan_sel_kecil",
]
