"""An indicator's value as a reader sees it: its published precision and its unit.

:mod:`analisis.laporan.format` formats numbers; this module knows, per indicator of the
catalogue, how many decimals BPS publishes (Gini 0,258; stunting 32,3; P0 2,36; garis
kemiskinan Rp589.165) and which unit goes with a level and with a change::

    >>> nilai(2.36, "p0")
    '2,36 persen'
    >>> perubahan(-0.08, "p0")
    '−0,08 poin persen'
    >>> nilai(14.46, "jumlah_penduduk_miskin")
    '14.460 jiwa'
    >>> nilai(0.258, "gini_ratio")
    '0,258'

Index indicators (IPM, P1, P2, Gini) have no unit beyond their name; everything else carries
one. Report tables whose rows mix indicators format every cell with these functions.
"""

from __future__ import annotations

from typing import Any

from analisis.data.katalog import Indikator, muat_katalog
from analisis.laporan import format as fmt

DESIMAL_BAWAAN = 2
DESIMAL: dict[str, int] = {
    "gini_ratio": 3,
    "stunting": 1,
    "garis_kemiskinan": 0,
    "pdrb_per_kapita_adhb": 0,
    "pdrb_per_kapita_adhk2010": 0,
    "penduduk": 0,
    "pengeluaran_per_kapita_disesuaikan": 0,
    "pengeluaran_makanan_per_kapita": 0,
    "pengeluaran_bukan_makanan_per_kapita": 0,
    "pengeluaran_total_per_kapita": 0,
    "rse_p0": 1,
    "rse_p1": 1,
    "rse_p2": 1,
}
"""Published decimals per indicator (from the bundled data); others have 2."""

NAMA_PENDEK: dict[str, str] = {
    "p0": "P0",
    "p1": "P1",
    "p2": "P2",
    "jumlah_penduduk_miskin": "Jumlah penduduk miskin",
    "garis_kemiskinan": "Garis kemiskinan",
    "ipm": "IPM",
    "tpt": "TPT",
    "gini_ratio": "Rasio Gini",
    "pdrb_per_kapita_adhb": "PDRB per kapita ADHB",
    "pdrb_per_kapita_adhk2010": "PDRB per kapita ADHK 2010",
    "sanitasi_layak": "Sanitasi layak",
    "air_minum_layak": "Air minum layak",
    "stunting": "Stunting",
    "hls": "Harapan lama sekolah",
    "rls": "Rata-rata lama sekolah",
    "uhh": "Umur harapan hidup",
    "p0_ekstrem": "Kemiskinan ekstrem",
}
"""Short names for chart axes and compact tables (the catalogue name elsewhere)."""


def info(ind: str) -> Indikator:
    return muat_katalog()[ind]


def nama(ind: str) -> str:
    """The catalogue name of an indicator (what every table and sentence shows)."""
    return info(ind).nama


def nama_pendek(ind: str) -> str:
    return NAMA_PENDEK.get(ind, nama(ind))


def desimal(ind: str) -> int:
    return DESIMAL.get(ind, DESIMAL_BAWAAN)


def _satuan(ind: str) -> str:
    return info(ind).satuan


def label_satuan(ind: str, perubahan: bool = False) -> str:
    """The unit for a column header: ``persen``, ``poin persen``, ``jiwa``, ``Rp/kapita/bulan``,
    ``indeks``; ``perubahan=True`` gives the unit of a change."""
    s = _satuan(ind)
    if s == "persen":
        return "poin persen" if perubahan else "persen"
    if s == "ribu jiwa":
        return "jiwa"
    if s == "indeks":
        return "poin" if perubahan else "indeks"
    return s


def angka(x: Any, ind: str, tambah: int = 0) -> str:
    """The bare number at the indicator's precision (``tambah`` more decimals for per-year
    averages); counts in ``ribu jiwa`` become whole persons."""
    if _satuan(ind) == "ribu jiwa":
        return fmt.NILAI_KOSONG if fmt.nilai_hilang(x) else fmt.angka(float(x) * 1000, 0)
    return fmt.angka(x, desimal(ind) + tambah)


def nilai(x: Any, ind: str, singkat: bool = False, tanda_indeks: bool = False) -> str:
    """A level with its unit: ``2,36 persen`` (``2,36%`` when ``singkat``), ``14.460 jiwa``,
    ``Rp589.165``, ``40.027 ribu Rp/kapita/tahun``, ``74,41`` (index; ``74,41 (indeks)`` with
    ``tanda_indeks``, for tables whose rows mix units), ``13,04 tahun``."""
    if fmt.nilai_hilang(x):
        return fmt.NILAI_KOSONG
    s = _satuan(ind)
    d = desimal(ind)
    if s == "persen":
        return fmt.persen(x, d, singkat=singkat)
    if s == "ribu jiwa":
        return fmt.ribu_jiwa(x, sebagai_jiwa=True)
    if s == "jiwa":
        return fmt.jiwa(x)
    if s.startswith("Rp/"):
        return f"{fmt.rupiah(x, d)}{'' if singkat else '/' + s.split('/', 1)[1]}"
    if s == "indeks":
        return f"{fmt.angka(x, d)} (indeks)" if tanda_indeks else fmt.angka(x, d)
    return f"{fmt.angka(x, d)} {s}"


def perubahan(x: Any, ind: str, tambah: int = 0) -> str:
    """A signed change with its unit: ``−0,08 poin persen``, ``+0,400 poin``, ``−1.454 jiwa``,
    ``+Rp35.103``, ``+1.762 ribu Rp/kapita/tahun``."""
    if fmt.nilai_hilang(x):
        return fmt.NILAI_KOSONG
    s = _satuan(ind)
    d = desimal(ind) + (tambah if desimal(ind) > 0 else 0)  # whole units stay whole
    if s == "persen":
        return fmt.poin(x, d)
    if s == "indeks":
        return fmt.poin(x, d, satuan="poin")
    if s == "ribu jiwa":
        return fmt.poin(float(x) * 1000, 0, satuan="jiwa")
    if s.startswith("Rp/"):
        teks = fmt.rupiah(x, d)
        return teks if teks.startswith(fmt.MINUS) or teks == "Rp0" else "+" + teks
    return fmt.poin(x, d, satuan=s)


def persen_relatif(x: Any, desimal_: int = 2) -> str:
    """A relative change in percent with a sign: ``−3,28%``."""
    if fmt.nilai_hilang(x):
        return fmt.NILAI_KOSONG
    return fmt.poin(x, desimal_, satuan=None) + "%"
