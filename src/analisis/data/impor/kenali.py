"""Recognising indicators, units and periods from BPS table titles and headers."""

from __future__ import annotations

import re

from analisis.data.katalog import Indikator, normalisasi_satuan

# Ordered: more specific phrases first ("miskin ekstrem" before "penduduk miskin").
_POLA_INDIKATOR: list[tuple[str, str]] = [
    (
        r"persentase penduduk miskin ekstrem|tingkat kemiskinan ekstrem|kemiskinan ekstrem \(?%",
        "p0_ekstrem",
    ),
    (r"jumlah penduduk miskin ekstrem", "jumlah_penduduk_miskin_ekstrem"),
    (r"persentase penduduk miskin|tingkat kemiskinan|\bp0\b|percentage of poor", "p0"),
    (r"jumlah penduduk miskin|number of poor", "jumlah_penduduk_miskin"),
    (r"kedalaman kemiskinan|\bp1\b|poverty gap", "p1"),
    (r"keparahan kemiskinan|\bp2\b|poverty severity", "p2"),
    (r"garis kemiskinan|poverty line", "garis_kemiskinan"),
    (r"indeks pembangunan manusia|\bipm\b|human development index", "ipm"),
    (r"pengangguran terbuka|\btpt\b", "tpt"),
    (r"partisipasi angkatan kerja|\btpak\b", "tpak"),
    (r"\bgini\b", "gini_ratio"),
    (r"harapan lama sekolah|\bhls\b", "hls"),
    (r"rata[- ]rata lama sekolah|\brls\b", "rls"),
    (r"(umur|angka) harapan hidup|\buhh\b|\bahh\b", "uhh"),
    (r"sanitasi layak", "sanitasi_layak"),
    (r"air minum layak", "air_minum_layak"),
    (r"stunting", "stunting"),
]

# Unit labels as BPS writes them → (catalogue unit, factor to multiply by).
_KONVERSI_SATUAN: dict[tuple[str, str], float] = {
    ("jiwa", "ribu jiwa"): 1 / 1000,
    ("orang", "ribu jiwa"): 1 / 1000,
    ("ribu jiwa", "jiwa"): 1000,
}


def kenali_indikator(teks: str) -> list[str]:
    """Indicator codes whose pattern occurs in ``teks`` (in catalogue-priority order)."""
    t = teks.lower()
    hasil: list[str] = []
    sisa = t
    for pola, kode in _POLA_INDIKATOR:
        if re.search(pola, sisa):
            hasil.append(kode)
            # Remove the matched phrase so "penduduk miskin ekstrem" does not also match p0.
            sisa = re.sub(pola, " ", sisa)
    return hasil


def kenali_satuan(teks: str) -> str | None:
    """The unit in the last parenthesis of a header, e.g. ``'... (Ribu Jiwa)'`` → ``'ribu jiwa'``."""
    kurung = re.findall(r"\(([^()]+)\)", teks)
    for isi in reversed(kurung):
        s = normalisasi_satuan(isi)
        if re.search(r"persen|%|jiwa|orang|rupiah|\brp\b|indeks|tahun|ribu", s):
            return s
    return None


def kenali_periode(teks: str) -> str | None:
    t = teks.lower()
    if re.search(r"semester\s*(1|i)\b|maret|march", t):
        return "Maret"
    if re.search(r"semester\s*(2|ii)\b|september", t):
        return "September"
    if re.search(r"agustus|august", t):
        return "Agustus"
    if re.search(r"tahunan|annual", t):
        return "tahunan"
    return None


def faktor_satuan(satuan_sumber: str, indikator: Indikator) -> float | None:
    """Factor converting ``satuan_sumber`` into the catalogue unit (1.0 when equal).

    None when the units are incompatible (the caller reports it).
    """
    if indikator.satuan_cocok(satuan_sumber):
        return 1.0
    s = normalisasi_satuan(satuan_sumber)
    if (
        s in ("rupiah/kapita/bulan", "rp/kapita/bulan", "rupiah")
        and indikator.satuan == "Rp/kapita/bulan"
    ):
        return 1.0
    return _KONVERSI_SATUAN.get((s, normalisasi_satuan(indikator.satuan)))
