"""The missing figures that limited one region's evaluation, for its data notes.

The evaluation of a kab/kota for year T over the window T0..T needs

- every trend series (``indikator_tren``: P0, jumlah penduduk miskin, P1, P2, garis
  kemiskinan) of the region, its province and Indonesia for T0..T (trend charts and tables,
  relevance and effectiveness against the reference, score card, targets);
- P0 of every kab/kota of the province in T and T − jendela (relative position, the level ×
  change quadrant and the provincial ranking's outcome indicators).

A cell of these without a value is listed (:func:`celah_evaluasi`) with the command that fills
it from BPS (``analisis data lengkapi``, :func:`analisis.data.lengkapi.perintah_lengkapi`);
:func:`markdown_celah` is its rendering in the report's data notes.
"""

from __future__ import annotations

from typing import Any

from analisis.data.celah import SelKosong, per_wilayah, ringkas_tahun, sel_kosong
from analisis.data.model import Basisdata
from analisis.data.tabel_bps import KODE_NASIONAL
from analisis.data.wilayah import nama_wilayah, wilayah_provinsi


def celah_evaluasi(
    basis: Basisdata,
    kode_wilayah: str,
    tahun: int,
    tahun_awal: int,
    *,
    kode_provinsi: str,
    indikator_tren: list[str],
    jendela_tahun: int,
) -> dict[str, Any]:
    """The missing cells of the evaluation (see the module doc) as the result's ``celah_data``
    (:class:`analisis.kontrak.hasil.CelahData`)."""
    from analisis.data.lengkapi import perintah_lengkapi

    sel = sel_kosong(
        basis,
        [kode_wilayah, kode_provinsi, KODE_NASIONAL],
        range(tahun_awal, tahun + 1),
        indikator_tren,
    )
    ada = set(sel)
    for s in sel_kosong(
        basis, wilayah_provinsi(kode_provinsi), (tahun - jendela_tahun, tahun), ["p0"]
    ):
        if s not in ada:
            sel.append(s)
            ada.add(s)
    if not sel:
        return {"sel": [], "perintah": ""}
    tahun_celah = [s.tahun for s in sel]
    return {
        "sel": [
            {
                "indikator": s.indikator,
                "kode_wilayah": s.kode_wilayah,
                "wilayah": nama_wilayah(s.kode_wilayah),
                "tahun": s.tahun,
            }
            for s in sel
        ],
        "perintah": perintah_lengkapi(kode_provinsi, min(tahun_celah), max(tahun_celah)),
    }


def markdown_celah(celah_data: dict[str, Any]) -> str:
    """The data-notes item listing the missing cells, with the command that fills them."""
    from analisis.data.katalog import muat_katalog

    sel = [
        SelKosong(s["indikator"], s["kode_wilayah"], int(s["tahun"]))
        for s in celah_data.get("sel", [])
    ]
    if not sel:
        return "- **Sel data kosong.** Tidak ada angka yang dibutuhkan laporan ini yang kosong."
    katalog = muat_katalog()
    judul = (
        f"- **Sel data kosong yang membatasi laporan ini ({len(sel)} sel).** Tahun tanpa angka "
        "ditampilkan sebagai celah dan tidak pernah diinterpolasi:"
    )
    baris = [judul]
    for ind in dict.fromkeys(s.indikator for s in sel):
        wilayah = per_wilayah(s for s in sel if s.indikator == ind)
        daftar = "; ".join(f"{nama_wilayah(k)} {ringkas_tahun(t)}" for k, t in wilayah.items())
        nama = katalog[ind].nama if ind in katalog else ind
        baris.append(f"    - {nama}: {daftar}")
    baris.append(
        f"- **Mengisi sel kosong.** Jalankan `{celah_data['perintah']}`: daftar tabel BPS untuk "
        "diunduh, atau dengan `--token` langsung dari WebAPI BPS; lalu jalankan ulang evaluasi."
    )
    return "\n".join(baris)
