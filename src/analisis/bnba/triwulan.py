"""The publishable quarterly progress of one region: what ``bnba banding`` publishes, as data.

:func:`perkembangan_triwulan` compares two extracts of one region
(:func:`analisis.bnba.banding.banding_triwulan`), suppresses the movement tables as one system
(:func:`analisis.bnba.banding.tabel_publik_banding`) and checks them for k-anonymity
(:func:`tabel_publik_teruji`), exactly as the command does; the result holds ONLY those
suppressed aggregates and a description of the comparison (file names, never paths). The
evaluation report, its XLSX download (:func:`analisis.bnba.tabel_triwulan.tulis_tabel_triwulan`)
and the Word chapter show it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from analisis.bnba.banding import (
    HasilBanding,
    banding_cek,
    banding_triwulan,
    tabel_publik_banding,
)
from analisis.bnba.cek import HasilCek
from analisis.bnba.kendali_ungkap import periksa_k_anonim
from analisis.bnba.konfigurasi import Aturan, Pemetaan, Privasi, muat_privasi
from analisis.galat import GalatAnalisis

#: Published tables of the quarterly progress, by level, with their quasi-identifier columns.
TINGKAT = (
    ("pergerakan_kabupaten", ["kode_wilayah"]),
    ("pergerakan_kecamatan", ["kode_kecamatan"]),
    ("pergerakan_desa", ["kode_desa"]),
)


@dataclass(frozen=True)
class KeteranganTriwulan:
    """What was compared (publishable: file names only, no personal data)."""

    kode_wilayah: str
    nama_wilayah: str
    kode_kemendagri: str
    desil_k: int
    berkas_lama: str
    berkas_baru: str
    tanggal_acuan_lama: date
    tanggal_acuan_baru: date
    sintetis: bool
    tidak_dapat_dicocokkan: dict[str, int]
    n_minimum: int
    tanda: str

    def ke_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["tanggal_acuan_lama"] = self.tanggal_acuan_lama.isoformat()
        d["tanggal_acuan_baru"] = self.tanggal_acuan_baru.isoformat()
        return d

    @classmethod
    def dari_dict(cls, d: dict[str, Any]) -> KeteranganTriwulan:
        """From :meth:`ke_dict` (e.g. read back from a saved evaluation result)."""
        return cls(
            **{
                **d,
                "tanggal_acuan_lama": date.fromisoformat(str(d["tanggal_acuan_lama"])),
                "tanggal_acuan_baru": date.fromisoformat(str(d["tanggal_acuan_baru"])),
                "tidak_dapat_dicocokkan": {
                    k: int(v) for k, v in dict(d["tidak_dapat_dicocokkan"]).items()
                },
            }
        )


@dataclass(frozen=True)
class PerkembanganTriwulan:
    """The published quarterly progress: suppressed tables per level and their description."""

    keterangan: KeteranganTriwulan
    tabel: dict[str, pd.DataFrame]


def tabel_publik_teruji(hasil: HasilBanding, privasi: Privasi) -> dict[str, pd.DataFrame]:
    """The suppressed movement tables, refused (GalatAnalisis, nothing published) when any
    published count of people/families over its area is between 1 and k − 1."""
    tabel = tabel_publik_banding(hasil, privasi)
    hitung = [c for c in tabel["pergerakan_desa"].columns if c.endswith(("_individu", "_keluarga"))]
    pelanggaran = []
    for nama, kunci in TINGKAT:
        pelanggaran += periksa_k_anonim(tabel[nama], nama, kunci, hitung, privasi.k)
    if pelanggaran:
        raise GalatAnalisis(
            f"Pemeriksaan k-anonimitas (k = {privasi.k}) gagal pada {len(pelanggaran)} sel, "
            f"mis. {pelanggaran[0]}. Tidak ada yang ditulis; laporkan sebagai galat program."
        )
    return tabel


def keterangan_dari(hasil: HasilBanding, privasi: Privasi) -> KeteranganTriwulan:
    """The publishable description of a comparison (file names, not paths)."""
    return KeteranganTriwulan(
        kode_wilayah=hasil.kode_wilayah,
        nama_wilayah=hasil.nama_wilayah,
        kode_kemendagri=hasil.kode_kemendagri,
        desil_k=hasil.desil_k,
        berkas_lama=Path(hasil.berkas_lama).name,
        berkas_baru=Path(hasil.berkas_baru).name,
        tanggal_acuan_lama=hasil.tanggal_acuan_lama,
        tanggal_acuan_baru=hasil.tanggal_acuan_baru,
        sintetis=hasil.sintetis,
        tidak_dapat_dicocokkan=dict(hasil.tidak_dapat_dicocokkan),
        n_minimum=privasi.n_minimum,
        tanda=privasi.tanda,
    )


def perkembangan_triwulan(
    lama: str | Path,
    baru: str | Path,
    kode_wilayah: str,
    *,
    tanggal_acuan_lama: date | None = None,
    tanggal_acuan_baru: date | None = None,
    desil_k: int = 4,
    privasi: Privasi | None = None,
    aturan: Aturan | None = None,
    pemetaan: Pemetaan | None = None,
) -> PerkembanganTriwulan:
    """Compare the extracts of quarter t−1 (``lama``) and t (``baru``) of one region and keep
    only what ``bnba banding`` publishes (see the module documentation). Parameters left
    ``None`` are the working folder's project's (``params/bnba``)."""
    privasi = privasi or muat_privasi()
    hasil = banding_triwulan(
        lama,
        baru,
        kode_wilayah,
        desil_k=desil_k,
        tanggal_acuan_lama=tanggal_acuan_lama,
        tanggal_acuan_baru=tanggal_acuan_baru,
        aturan=aturan,
        pemetaan=pemetaan,
    )
    return _terbitkan(hasil, privasi)


def perkembangan_dari_cek(
    h_lama: HasilCek,
    h_baru: HasilCek,
    *,
    desil_k: int = 4,
    privasi: Privasi | None = None,
    pemetaan: Pemetaan | None = None,
) -> PerkembanganTriwulan:
    """:func:`perkembangan_triwulan` on two extracts already checked with
    :func:`~analisis.bnba.cek.cek_bnba` (quarter t−1 and t; the caller closes them): the
    evaluation publishes the check of quarter t too and so reads and checks it only once. The
    private person-level movement list is not built (nothing here publishes or keeps it)."""
    privasi = privasi or muat_privasi()
    hasil = banding_cek(h_lama, h_baru, desil_k, pemetaan, daftar_pribadi=False)
    return _terbitkan(hasil, privasi)


def _terbitkan(hasil: HasilBanding, privasi: Privasi) -> PerkembanganTriwulan:
    tabel = tabel_publik_teruji(hasil, privasi)
    return PerkembanganTriwulan(keterangan_dari(hasil, privasi), tabel)
