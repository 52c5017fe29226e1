"""Live re-ranking glue: other dimension weights or another normalisation, same library.

Nothing here computes a score. The app changes the *framework* (a modified copy of the
framework recorded in ``peringkat.json``: dimension weights renormalised to sum to 1 and,
optionally, one relative normalisation for every relative indicator that allows it) and calls
the one ranking entry point (:func:`analisis.peringkat.entri.susun_peringkat`) on
``peringkat.json``'s ``masukan`` table, exactly as the ranking run did:

* the index, the Monte Carlo (1,000 draws: rank intervals, top-3 probability), the effective
  weights and the table rows come back together;
* the missing-data policy (``kebijakan_data_hilang``, ``izinkan_dimensi_hilang``) and the Monte
  Carlo settings (seed, concentrations, noise scale) are the ones recorded in
  ``meta.parameter_robust`` of the published ranking.

Normalisation choice (``normalisasi``): ``bawaan`` keeps each indicator's configured method;
``max_rasio`` / ``min_maks`` / ``skor_z`` replaces the method of every *relative* indicator
whose allowed alternatives (its ``normalisasi_alternatif``, else the framework's
``robust.normalisasi_alternatif``) include it — the same rule the Monte Carlo uses for its
schemes. Absolute scales (rubric, target achievement) never change.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from analisis.galat import GalatAnalisis
from analisis.kontrak import PasanganTidakRobust
from analisis.peringkat.entri import bobot_efektif, susun_peringkat
from analisis.peringkat.indeks import HasilPeringkat
from analisis.peringkat.kerangka import (
    BAWAAN,
    NORMALISASI_RELATIF,
    Kerangka,
    periksa_kerangka,
)
from analisis.peringkat.robust import HasilRobust

JUMLAH_ITERASI = 1000
"""Monte Carlo draws for a live re-ranking."""

PILIHAN_NORMALISASI: dict[str, str] = {
    BAWAAN: "Sesuai kerangka",
    "min_maks": "Min–maks (0 = terendah, 100 = tertinggi)",
    "max_rasio": "Rasio terhadap nilai terbaik",
    "skor_z": "Skor z (jarak dari rata-rata, diubah ke 0–100)",
}
"""Normalisation choices (key → Indonesian label)."""


def normalisasi_bobot(bobot: Mapping[str, float]) -> dict[str, float]:
    """Weights divided by their sum (so they sum to 1), order kept.

    Raises :class:`GalatAnalisis` for a negative or non-numeric weight, or when all are 0.
    """
    nilai = {}
    for k, v in bobot.items():
        try:
            x = float(v)
        except (TypeError, ValueError):
            raise GalatAnalisis(f"bobot dimensi '{k}' bukan angka: {v!r}", 2) from None
        if math.isnan(x) or x < 0 or math.isinf(x):
            raise GalatAnalisis(f"bobot dimensi '{k}' harus angka ≥ 0, tertulis {v!r}", 2)
        nilai[k] = x
    total = sum(nilai.values())
    if total <= 0:
        raise GalatAnalisis("semua bobot dimensi 0: beri bobot > 0 pada minimal satu dimensi", 2)
    return {k: v / total for k, v in nilai.items()}


def metode_normalisasi(kerangka: Kerangka, normalisasi: str = BAWAAN) -> dict[str, str]:
    """Normalisation of every indicator under a scheme (``bawaan`` = as configured)."""
    if normalisasi != BAWAAN and normalisasi not in NORMALISASI_RELATIF:
        raise GalatAnalisis(
            f"normalisasi '{normalisasi}' tidak dikenal; pilihan: {', '.join(PILIHAN_NORMALISASI)}",
            2,
        )
    out = {}
    umum = [m for m in kerangka.robust.normalisasi_alternatif if m in NORMALISASI_RELATIF]
    for _, _, _, ind in kerangka.iter_indikator():
        metode = ind.normalisasi
        if normalisasi != BAWAAN and ind.relatif:
            boleh = ind.normalisasi_alternatif if ind.normalisasi_alternatif is not None else umum
            if normalisasi in boleh:
                metode = normalisasi
        out[ind.kode] = metode
    return out


def kerangka_disesuaikan(
    kerangka: Kerangka, bobot_dimensi: Mapping[str, float] | None = None, normalisasi: str = BAWAAN
) -> Kerangka:
    """A copy of ``kerangka`` with renormalised dimension weights and a normalisation scheme.

    ``bobot_dimensi`` maps dimension codes to raw (not necessarily normalised) weights;
    dimensions not named keep their weight before renormalisation. The result is checked with
    :func:`~analisis.peringkat.kerangka.periksa_kerangka` like any framework.
    """
    kode_dim = [d.kode for d in kerangka.dimensi]
    tak_dikenal = [k for k in (bobot_dimensi or {}) if k not in kode_dim]
    if tak_dikenal:
        raise GalatAnalisis(
            f"dimensi tidak dikenal: {', '.join(tak_dikenal)}; pilihan: {', '.join(kode_dim)}", 2
        )
    mentah = {d.kode: (bobot_dimensi or {}).get(d.kode, d.bobot) for d in kerangka.dimensi}
    bobot = normalisasi_bobot(mentah)
    metode = metode_normalisasi(kerangka, normalisasi)
    dimensi = [
        d.model_copy(
            update={
                "bobot": bobot[d.kode],
                "indikator": [
                    i
                    if metode[i.kode] == i.normalisasi
                    else i.model_copy(update={"normalisasi": metode[i.kode]})
                    for i in d.indikator
                ],
            }
        )
        for d in kerangka.dimensi
    ]
    return _kerangka_sah(
        kerangka.model_copy(update={"dimensi": dimensi}), "kerangka hasil penyesuaian tidak sah", 2
    )


def _kerangka_sah(kerangka: Kerangka, judul: str, kode_keluar: int) -> Kerangka:
    """``kerangka`` if :func:`periksa_kerangka` finds nothing, else :class:`GalatAnalisis`
    ``"<judul>: <path>: <problem>; …"`` with exit code ``kode_keluar``."""
    masalah = periksa_kerangka(kerangka)
    if masalah:
        raise GalatAnalisis(
            f"{judul}: " + "; ".join(f"{j}: {p}" for j, p, _ in masalah), kode_keluar
        )
    return kerangka


@dataclass
class Opsi:
    """Settings of a re-ranking, normally those recorded in ``meta.parameter_robust``."""

    jumlah_iterasi: int = JUMLAH_ITERASI
    benih: int | None = None
    konsentrasi_dimensi: float | None = None
    konsentrasi_indikator: float | None = None
    skala_galat: float | None = None
    kebijakan_data_hilang: str | None = None
    izinkan_dimensi_hilang: bool | None = None

    @classmethod
    def dari_meta(cls, parameter_robust: Mapping, jumlah_iterasi: int = JUMLAH_ITERASI) -> Opsi:
        def f(k):
            v = parameter_robust.get(k)
            try:
                return None if v is None else float(v)
            except (TypeError, ValueError):  # "inf" is stored as a string
                return None

        benih = parameter_robust.get("benih")
        izinkan = parameter_robust.get("izinkan_dimensi_hilang")
        return cls(
            jumlah_iterasi=int(jumlah_iterasi),
            benih=int(benih) if benih is not None else None,
            konsentrasi_dimensi=f("konsentrasi_dimensi"),
            konsentrasi_indikator=f("konsentrasi_indikator"),
            skala_galat=f("skala_galat"),
            kebijakan_data_hilang=parameter_robust.get("kebijakan_data_hilang"),
            izinkan_dimensi_hilang=None if izinkan is None else bool(izinkan),
        )


@dataclass
class HasilUlang:
    """A re-ranking: ``tabel`` in ``peringkat.json`` ``baris`` layout, plus the library results."""

    tabel: pd.DataFrame
    kerangka: Kerangka
    indeks: HasilPeringkat
    robust: HasilRobust
    bobot_efektif: dict[str, float]
    """Dimension weights as used for a region with every dimension (missing dimensions
    removed and the rest renormalised, when ``izinkan_dimensi_hilang``)."""
    detik: float
    detik_pustaka: float
    catatan: list[str] = field(default_factory=list)
    pasangan: list[PasanganTidakRobust] = field(default_factory=list)
    """Pairs of regions whose order is not robust under these weights."""


def hitung_ulang(masukan: pd.DataFrame, kerangka: Kerangka, opsi: Opsi | None = None) -> HasilUlang:
    """Rank ``masukan`` under ``kerangka`` with the one ranking entry point
    (:func:`analisis.peringkat.entri.susun_peringkat`: index + Monte Carlo).

    ``kerangka`` is typically :func:`kerangka_disesuaikan` of the published framework.
    """
    opsi = opsi or Opsi()
    t0 = time.perf_counter()
    izinkan = bool(
        opsi.izinkan_dimensi_hilang
        if opsi.izinkan_dimensi_hilang is not None
        else kerangka.izinkan_dimensi_hilang
    )
    efektif = bobot_efektif(kerangka, masukan, izinkan)
    if sum(efektif.values()) <= 0:
        raise GalatAnalisis(
            "semua dimensi yang memiliki data berbobot 0; beri bobot pada dimensi yang memiliki data",
            2,
        )
    t1 = time.perf_counter()
    s = susun_peringkat(
        masukan,
        kerangka,
        izinkan_dimensi_hilang=opsi.izinkan_dimensi_hilang,
        kebijakan_data_hilang=opsi.kebijakan_data_hilang,
        jumlah_iterasi=opsi.jumlah_iterasi,
        benih=opsi.benih,
        konsentrasi_dimensi=opsi.konsentrasi_dimensi,
        konsentrasi_indikator=opsi.konsentrasi_indikator,
        skala_galat=opsi.skala_galat,
    )
    t2 = time.perf_counter()
    catatan = [
        f"dimensi '{d.nama}' tidak memiliki data: bobotnya dibagi ulang ke dimensi lain"
        for d in kerangka.dimensi
        if s.bobot_efektif.get(d.kode) == 0 and d.bobot > 0
    ]
    return HasilUlang(
        tabel=s.tabel(),
        kerangka=kerangka,
        indeks=s.indeks,
        robust=s.robust,
        bobot_efektif=s.bobot_efektif,
        detik=time.perf_counter() - t0,
        detik_pustaka=t2 - t1,
        catatan=catatan,
        pasangan=s.pasangan,
    )
