"""Columns of the evaluator template, shared by its writer and its reader.

The template lists every kabupaten/kota of the province (BPS code and name), the year, one
column per evaluator-sourced indicator of the framework (``sumber: evaluator``) and a free
``catatan`` column. Header cells are Indonesian and carry the machine code in brackets, the unit
and the allowed values, e.g. ``Jumlah rapat koordinasi TKPK dalam setahun [jumlah_rakor]
(kali/tahun; bilangan bulat ≥ 0)``; the reader recognises columns by that bracketed code (or by a
bare code as header), so headers may be re-worded as long as the code stays.
"""

from __future__ import annotations

import re

from analisis.data.wilayah import PencocokWilayah, muat_wilayah
from analisis.galat import GalatAnalisis
from analisis.peringkat.kerangka import Indikator, Kerangka
from analisis.teks import angka_id

LEMBAR_DATA = "Penilaian"
LEMBAR_PETUNJUK = "Petunjuk"
PENANDA_CONTOH = "CONTOH — data fiktif untuk demonstrasi, bukan penilaian resmi"

KOLOM_TETAP = {
    "kode_wilayah": "Kode wilayah BPS",
    "wilayah": "Nama kabupaten/kota",
    "tahun": "Tahun penilaian",
}
KOLOM_CATATAN = ("catatan", "Catatan penilai")
_POLA_KODE_KOLOM = re.compile(r"\[\s*([A-Za-z][A-Za-z0-9_]*)\s*\]")


def kode_provinsi_baku(provinsi: str | int) -> str:
    """Province as its 4-digit BPS code (``63``, ``6300`` or a province name → ``6300``).

    Raises :class:`GalatAnalisis` with the known provinces when not recognised.
    """
    w = muat_wilayah()
    provinsi_w = w[w["tingkat"] == "provinsi"]
    teks = str(provinsi).strip()
    if re.fullmatch(r"\d{2}", teks):
        teks += "00"
    if teks in provinsi_w.index:
        return teks
    hasil = PencocokWilayah().cocokkan(teks)
    if hasil.kode is not None and hasil.kode in provinsi_w.index:
        return hasil.kode
    daftar = ", ".join(f"{k[:2]} ({n})" for k, n in provinsi_w["wilayah"].items())
    raise GalatAnalisis(f"Provinsi '{provinsi}' tidak dikenal. Provinsi yang tersedia: {daftar}.")


def keterangan_nilai(ind: Indikator, kerangka: Kerangka) -> str:
    """Unit and allowed values of an evaluator indicator, in Indonesian."""
    if ind.kategorik:
        return "/".join(map(str, ind.rubrik(kerangka)))
    bagian = []
    if ind.satuan:
        bagian.append(ind.satuan)
    if ind.rentang is not None and len(ind.rentang) == 2:
        lo, hi = ind.rentang
        if lo is not None and hi is not None:
            bagian.append(f"{angka_id(lo)}–{angka_id(hi)}")
        elif lo is not None:
            bagian.append(f"≥ {angka_id(lo)}")
        elif hi is not None:
            bagian.append(f"≤ {angka_id(hi)}")
    if ind.bilangan_bulat:
        bagian.insert(1 if ind.satuan else 0, "bilangan bulat")
    return "; ".join(bagian) if bagian else "angka"


def satuan_persen(ind: Indikator) -> bool:
    """Whether the indicator is a percentage (a ``%`` sign in its values is then harmless)."""
    satuan = (ind.satuan or "").lower()
    return "%" in satuan or "persen" in satuan


def kolom_templat(kerangka: Kerangka) -> list[tuple[str, str]]:
    """``(code, header text)`` of every template column, in order."""
    kol = [(k, f"{v} [{k}]") for k, v in KOLOM_TETAP.items()]
    for ind in kerangka.indikator_evaluator():
        kol.append((ind.kode, f"{ind.nama} [{ind.kode}] ({keterangan_nilai(ind, kerangka)})"))
    kol.append((KOLOM_CATATAN[0], f"{KOLOM_CATATAN[1]} [{KOLOM_CATATAN[0]}]"))
    return kol


def kode_kolom(teks: str, dikenal: set[str]) -> str | None:
    """The column code of a header: the bracketed code, or the header itself when it is one."""
    m = _POLA_KODE_KOLOM.search(teks)
    if m:
        return m.group(1).lower()
    polos = re.sub(r"\s+", "_", teks.lower())
    return polos if polos in dikenal else (polos or None)
