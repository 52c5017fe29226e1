"""The quarterly BNBA progress of an evaluation result, for readers: display tables, the
summary sentence and the XLSX download.

The evaluation keeps the suppressed tables of :func:`analisis.bnba.triwulan.perkembangan_triwulan`
in its ``bnba`` section (``triwulan_keterangan``, ``triwulan_kabupaten``, ``triwulan_kecamatan``,
``triwulan_desa``). The report (notebook), the Word chapter and the download read them through
these functions; every cell is either a published count or the suppression marker, shown in
Indonesian number format.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from analisis.bnba.banding import KATEGORI, LABEL_KATEGORI
from analisis.bnba.triwulan import KeteranganTriwulan
from analisis.laporan import format as fmt

_TABEL = {
    "pergerakan_kabupaten": "triwulan_kabupaten",
    "pergerakan_kecamatan": "triwulan_kecamatan",
    "pergerakan_desa": "triwulan_desa",
}
#: Movements shown per kecamatan in the report (the XLSX download has every movement).
KATEGORI_KECAMATAN = ("masuk_desil1", "keluar_desil1", "meninggal", "baru", "pindah_masuk")


def ada_triwulan(bnba: Mapping[str, Any]) -> bool:
    """Whether the result holds the quarterly progress (two quarters were configured)."""
    return (
        bool(bnba.get("triwulan_keterangan"))
        and tabel_hasil(bnba, "triwulan_kabupaten") is not None
    )


def keterangan(bnba: Mapping[str, Any]) -> KeteranganTriwulan:
    """What was compared (file names, reference dates, suppression rule)."""
    return KeteranganTriwulan.dari_dict(dict(bnba["triwulan_keterangan"]))


def tabel_hasil(bnba: Mapping[str, Any], kunci: str) -> pd.DataFrame | None:
    """The BNBA result table ``kunci`` as a frame (stored results hold lists of records), or
    ``None`` when it is absent or empty."""
    d = bnba.get(kunci)
    if d is None:
        return None
    d = d if isinstance(d, pd.DataFrame) else pd.DataFrame(list(d))
    return d if len(d) else None


def _tanggal(d: date) -> str:
    """``2024-12-31`` → ``31 Desember 2024``."""
    from babel.dates import format_date

    return str(format_date(d, format="long", locale="id"))


def _label(kat: str, k: int) -> str:
    label = LABEL_KATEGORI[kat].format(k=k)
    return label[0].upper() + label[1:]


def _judul_triwulan(ket: KeteranganTriwulan) -> tuple[str, str]:
    return (
        f"Triwulan lalu (acuan {_tanggal(ket.tanggal_acuan_lama)})",
        f"Triwulan ini (acuan {_tanggal(ket.tanggal_acuan_baru)})",
    )


def tabel_pergerakan(bnba: Mapping[str, Any]) -> pd.DataFrame:
    """The kabupaten's movements: one row per movement, persons and families (display text)."""
    ket = keterangan(bnba)
    kab = tabel_hasil(bnba, "triwulan_kabupaten")
    assert kab is not None
    r = kab.iloc[0]
    return pd.DataFrame(
        [
            {
                "Pergerakan": _label(kat, ket.desil_k),
                "Orang (jiwa)": fmt.angka_terbit(r[f"{kat}_individu"]),
                "Keluarga (KK)": fmt.angka_terbit(r[f"{kat}_keluarga"]),
            }
            for kat in KATEGORI
        ]
    )


def tabel_cakupan(bnba: Mapping[str, Any]) -> pd.DataFrame:
    """Desil-1 families and their programme coverage, one row per quarter (display text)."""
    ket = keterangan(bnba)
    kab = tabel_hasil(bnba, "triwulan_kabupaten")
    assert kab is not None
    r = kab.iloc[0]
    return pd.DataFrame(
        [
            {
                "Triwulan": judul,
                "Keluarga desil 1 (KK)": fmt.angka_terbit(r[f"keluarga_desil1_{akhiran}"]),
                "Penerima sedikitnya satu program (KK)": fmt.angka_terbit(
                    r[f"keluarga_desil1_program_{akhiran}"]
                ),
                "Cakupan program (persen)": fmt.persen_terbit(r[f"cakupan_desil1_{akhiran}"]),
            }
            for judul, akhiran in zip(_judul_triwulan(ket), ("lama", "baru"), strict=True)
        ]
    )


def tabel_kecamatan(bnba: Mapping[str, Any]) -> pd.DataFrame | None:
    """Per kecamatan: persons entering/leaving desil 1, deceased, new, moved in, and the
    desil-1 coverage in both quarters (display text)."""
    kec = tabel_hasil(bnba, "triwulan_kecamatan")
    if kec is None:
        return None
    ket = keterangan(bnba)
    hasil = pd.DataFrame({"Kecamatan (kode Kemendagri)": kec["kode_kecamatan"].astype(str)})
    for kat in KATEGORI_KECAMATAN:
        hasil[f"{_label(kat, ket.desil_k)} (jiwa)"] = [
            fmt.angka_terbit(v) for v in kec[f"{kat}_individu"]
        ]
    hasil["Cakupan desil 1, triwulan lalu (persen)"] = [
        fmt.persen_terbit(v) for v in kec["cakupan_desil1_lama"]
    ]
    hasil["Cakupan desil 1, triwulan ini (persen)"] = [
        fmt.persen_terbit(v) for v in kec["cakupan_desil1_baru"]
    ]
    return hasil


def _orang_kk(r: pd.Series, kat: str) -> str:
    return f"{fmt.angka_terbit(r[f'{kat}_individu'])} orang ({fmt.angka_terbit(r[f'{kat}_keluarga'])} KK)"


def kalimat_triwulan(bnba: Mapping[str, Any]) -> str:
    """The quarter's progress in one paragraph (Indonesian; suppressed cells as the marker)."""
    ket = keterangan(bnba)
    kab = tabel_hasil(bnba, "triwulan_kabupaten")
    assert kab is not None
    r = kab.iloc[0]

    def cakupan(v: object) -> str:
        return (
            f"{fmt.NILAI_TERSEMBUNYI} (sel kecil)"
            if isinstance(v, str)
            else f"{fmt.persen_terbit(v)} persen"
        )

    teks = (
        f"Antara triwulan lalu (acuan {_tanggal(ket.tanggal_acuan_lama)}) dan triwulan ini "
        f"(acuan {_tanggal(ket.tanggal_acuan_baru)}): {_orang_kk(r, 'masuk_desil1')} masuk "
        f"desil 1 dan {_orang_kk(r, 'keluar_desil1')} keluar dari desil 1; "
        f"{_orang_kk(r, 'meninggal')} meninggal, {_orang_kk(r, 'baru')} baru terdaftar dan "
        f"{_orang_kk(r, 'pindah_masuk')} pindah desa. Cakupan program keluarga desil 1: "
        f"{cakupan(r['cakupan_desil1_lama'])} pada triwulan lalu, "
        f"{cakupan(r['cakupan_desil1_baru'])} pada triwulan ini. "
        f"{fmt.angka(ket.tidak_dapat_dicocokkan.get('baru', 0), 0)} baris triwulan ini tidak "
        "dapat diikuti (NIK tidak valid atau ganda)."
    )
    if ket.sintetis:
        teks = "SINTETIS — data buatan untuk demonstrasi, bukan data penduduk. " + teks
    return teks


def tulis_unduhan_triwulan(bnba: Mapping[str, Any], tujuan: str | os.PathLike[str]) -> Path:
    """The quarterly table workbook (as ``bnba banding`` writes it) from a result, atomically."""
    from analisis.bnba.tabel_triwulan import tulis_tabel_triwulan

    ket = keterangan(bnba)
    tabel = {}
    for nama, kunci in _TABEL.items():
        d = tabel_hasil(bnba, kunci)
        tabel[nama] = d if d is not None else pd.DataFrame()
    return tulis_tabel_triwulan(tabel, ket, ket, Path(tujuan))
