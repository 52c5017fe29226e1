"""The quarterly extreme-poverty progress table (XLSX) from the published movement tables.

One workbook per region and quarter: ``KETERANGAN`` (what the table is, the two extracts and
reference dates, the suppression rule, SINTETIS when synthetic) and one sheet per level
(``KABUPATEN``, ``KECAMATAN``, ``DESA``) with Indonesian column headings. Only the suppressed
aggregates of :func:`analisis.bnba.banding.tabel_publik_banding` go in; suppressed cells keep the
marker (``<5``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Protocol

import pandas as pd

from analisis.berkas import tulis_dengan
from analisis.bnba.banding import KATEGORI, LABEL_KATEGORI


class KeteranganBanding(Protocol):
    """What the workbook says about the comparison (a :class:`~analisis.bnba.banding.HasilBanding`
    or the publishable :class:`~analisis.bnba.triwulan.KeteranganTriwulan`)."""

    @property
    def kode_wilayah(self) -> str: ...
    @property
    def nama_wilayah(self) -> str: ...
    @property
    def kode_kemendagri(self) -> str: ...
    @property
    def desil_k(self) -> int: ...
    @property
    def berkas_lama(self) -> str: ...
    @property
    def berkas_baru(self) -> str: ...
    @property
    def tanggal_acuan_lama(self) -> date: ...
    @property
    def tanggal_acuan_baru(self) -> date: ...
    @property
    def sintetis(self) -> bool: ...
    @property
    def tidak_dapat_dicocokkan(self) -> dict[str, int]: ...


_LEMBAR = (
    ("KABUPATEN", "pergerakan_kabupaten", ["kode_wilayah"]),
    ("KECAMATAN", "pergerakan_kecamatan", ["kode_kecamatan"]),
    ("DESA", "pergerakan_desa", ["kode_kecamatan", "kode_desa"]),
)
_KODE = {
    "kode_wilayah": "Kode wilayah (BPS)",
    "kode_kecamatan": "Kode kecamatan (Kemendagri)",
    "kode_desa": "Kode desa/kelurahan (Kemendagri)",
}


class Penekanan(Protocol):
    """The suppression rule the workbook states (a policy or a published
    description carrying the same two fields; :class:`analisis.bnba.konfigurasi.Privasi` is one)."""

    @property
    def n_minimum(self) -> int: ...
    @property
    def tanda(self) -> str: ...


def judul_kolom(k: int) -> dict[str, str]:
    """Indonesian headings of the movement columns (``k``: the "desil 1–k" threshold)."""
    judul: dict[str, str] = dict(_KODE)
    for kat in KATEGORI:
        label = LABEL_KATEGORI[kat].format(k=k)
        judul[f"{kat}_individu"] = f"{label[0].upper()}{label[1:]} (jiwa)"
        judul[f"{kat}_keluarga"] = f"{label[0].upper()}{label[1:]} (KK)"
    for akhiran, kata in (("lama", "triwulan lalu"), ("baru", "triwulan ini")):
        judul[f"keluarga_desil1_{akhiran}"] = f"Keluarga desil 1, {kata} (KK)"
        judul[f"keluarga_desil1_program_{akhiran}"] = (
            f"Keluarga desil 1 penerima sedikitnya satu program, {kata} (KK)"
        )
        judul[f"cakupan_desil1_{akhiran}"] = f"Cakupan program keluarga desil 1, {kata} (%)"
    return judul


def _aman(v: object) -> object:
    """Text starting with a formula character is written as text (no formula injection)."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v


def tulis_tabel_triwulan(
    tabel: dict[str, pd.DataFrame],
    hasil: KeteranganBanding,
    privasi: Penekanan,
    path: str | Path,
) -> Path:
    """Write the quarterly table workbook atomically; returns the path."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    judul = judul_kolom(hasil.desil_k)
    wb = Workbook()
    ket = wb.active
    ket.title = "KETERANGAN"
    baris_ket = [
        [f"Perkembangan kemiskinan ekstrem per triwulan (data BNBA): {hasil.nama_wilayah}"],
        [f"Kode BPS {hasil.kode_wilayah}; kode Kemendagri {hasil.kode_kemendagri}"],
        [
            (
                f"Triwulan lalu: berkas {hasil.berkas_lama}, tanggal acuan "
                f"{hasil.tanggal_acuan_lama.isoformat()}"
            )
        ],
        [
            (
                f"Triwulan ini: berkas {hasil.berkas_baru}, tanggal acuan "
                f"{hasil.tanggal_acuan_baru.isoformat()}"
            )
        ],
        [
            (
                "Orang diikuti dengan NIK (16 digit, dipakai sekali di kedua triwulan); sisanya "
                "dengan No KK + tanggal lahir + jenis kelamin + nama (NIK berubah). Keluarga = No KK."
            )
        ],
        [
            f"Baris yang tidak dapat diikuti (NIK tidak valid atau ganda): triwulan lalu "
            f"{hasil.tidak_dapat_dicocokkan['lama']:,}, triwulan ini "
            f"{hasil.tidak_dapat_dicocokkan['baru']:,}".replace(",", ".")
        ],
        [
            (
                f"Sel dengan 1–{privasi.n_minimum - 1} orang/keluarga ditampilkan sebagai "
                f"'{privasi.tanda}', bersama sel lain yang diperlukan agar tidak ada sel tersembunyi "
                "yang dapat dihitung ulang dari angka lain (UU 27/2022 PDP)."
            )
        ],
        [
            (
                "Desil adalah peringkat kesejahteraan relatif (DTSEN), bukan ukuran kemiskinan "
                "ekstrem BPS; angka ini tidak sama dengan persentase penduduk miskin ekstrem."
            )
        ],
    ]
    if hasil.sintetis:
        baris_ket.insert(0, ["SINTETIS — data buatan untuk demonstrasi, bukan data penduduk."])
    for b in baris_ket:
        ket.append([_aman(v) for v in b])
    ket["A1"].font = Font(bold=True)
    ket.column_dimensions["A"].width = 140
    for nama_lembar, kunci, _kode in _LEMBAR:
        df = tabel[kunci]
        ws = wb.create_sheet(nama_lembar)
        kolom = list(df.columns)
        ws.append([judul.get(c, c) for c in kolom])
        for sel in ws[1]:
            sel.font = Font(bold=True)
            sel.alignment = Alignment(wrap_text=True, vertical="top")
        for baris in df.itertuples(index=False):
            ws.append([_aman(v) for v in baris])
        for j, c in enumerate(kolom, start=1):
            huruf = ws.cell(row=1, column=j).column_letter
            ws.column_dimensions[huruf].width = 16 if c.startswith("kode") else 14
            if c.startswith("cakupan"):
                for sel in ws[huruf][1:]:
                    if isinstance(sel.value, float):
                        sel.number_format = "0.00"
            elif not c.startswith("kode"):
                for sel in ws[huruf][1:]:
                    if isinstance(sel.value, int):
                        sel.number_format = "#,##0"
        ws.freeze_panes = "B2" if nama_lembar != "DESA" else "C2"
    wb.properties.title = f"Tabel triwulan BNBA {hasil.kode_wilayah}"
    return tulis_dengan(path, lambda p: wb.save(p))
