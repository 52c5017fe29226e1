"""Live re-ranking glue: other dimension weights or another normalisation, same library.

Nothing here computes a score. The app changes the *framework* (a modified copy of the
:class:`~analisis.peringkat.Kerangka`: dimension weights renormalised to sum to 1 and,
optionally, one relative normalisation for every relative indicator that allows it) and calls
the ranking library on ``peringkat.json``'s ``masukan`` table, exactly as the runner
(:func:`analisis.peringkat.jalankan.hitung_peringkat`) did:

* :func:`~analisis.peringkat.uji_robust` (1,000 Monte Carlo draws) gives the rank intervals and
  the top-3 probability; its ``deterministik`` member is the deterministic index, built by the
  same internal steps as :func:`~analisis.peringkat.hitung_indeks` (one input check instead of
  two; the tests check the two agree exactly);
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
from typing import Any

import pandas as pd

from analisis.galat import GalatAnalisis
from analisis.peringkat.indeks import HasilPeringkat
from analisis.peringkat.jalankan import HasilRangking, MasukanPeringkat
from analisis.peringkat.kerangka import (
    BAWAAN,
    NORMALISASI_RELATIF,
    Kerangka,
    periksa_kerangka,
)
from analisis.peringkat.robust import HasilRobust, uji_robust

JUMLAH_ITERASI = 1000
"""Monte Carlo draws for a live re-ranking."""

PILIHAN_NORMALISASI: dict[str, str] = {
    BAWAAN: "Sesuai kerangka",
    "min_maks": "Min–maks (0 = terendah, 100 = tertinggi)",
    "max_rasio": "Rasio terhadap nilai terbaik",
    "skor_z": "Skor z (peluang normal)",
}
"""Normalisation choices (key → Indonesian label)."""

KOLOM_BARIS = (
    "kode_wilayah",
    "nama",
    "peringkat",
    "skor",
    "interval_bawah",
    "interval_atas",
    "median_peringkat",
    "peluang_3_besar",
    "ditandai",
    "indikator_hilang",
    "keterangan",
)
"""Columns of a ranking table (as ``peringkat.json``'s ``baris``), then ``skor_<dimensi>``."""


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


def kerangka_terbitan(kerangka: Kerangka, bobot: Mapping[str, Mapping]) -> Kerangka:
    """``kerangka`` with the weights recorded in a ``peringkat.json`` (``bobot`` block).

    The published ranking records its weights but not the whole framework; its structure
    (dimension and indicator codes) must match ``kerangka``. Raises :class:`GalatAnalisis`
    naming the differences otherwise (then serve with ``--kerangka <berkas yang dipakai>``).
    """
    kode_k = {d.kode: [i.kode for i in d.indikator] for d in kerangka.dimensi}
    kode_b = {d: list((v or {}).get("indikator", {})) for d, v in bobot.items()}
    if kode_k != kode_b:
        beda = sorted(set(kode_k) ^ set(kode_b)) or sorted(
            d for d in kode_k if set(kode_k[d]) != set(kode_b.get(d, []))
        )
        raise GalatAnalisis(
            f"Struktur kerangka '{kerangka.nama}' tidak sama dengan bobot di peringkat.json "
            f"(berbeda: {', '.join(beda) or 'urutan'}); sajikan dengan --kerangka <berkas kerangka yang dipakai>.",
            2,
        )
    dimensi = [
        d.model_copy(
            update={
                "bobot": float(bobot[d.kode]["bobot"]),
                "indikator": [
                    i.model_copy(update={"bobot": float(bobot[d.kode]["indikator"][i.kode])})
                    for i in d.indikator
                ],
            }
        )
        for d in kerangka.dimensi
    ]
    return _kerangka_sah(
        kerangka.model_copy(update={"dimensi": dimensi}), "bobot di peringkat.json tidak sah", 3
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


def tabel_baris(
    indeks: HasilPeringkat, robust: HasilRobust, masukan: pd.DataFrame, kerangka: Kerangka
) -> pd.DataFrame:
    """The ranking in ``peringkat.json`` ``baris`` layout (what the runner publishes)."""
    h = HasilRangking(
        masukan=MasukanPeringkat(data=masukan, sumber={}),
        kerangka=kerangka,
        indeks=indeks,
        robust=robust,
        meta={},
    )
    t = h.tabel_ringkas()
    dimensi = [f"skor_{d.kode}" for d in kerangka.dimensi]
    out = pd.DataFrame(
        {
            "kode_wilayah": t.index.astype(str),
            "nama": t["wilayah"].astype(str).to_numpy(),
            "peringkat": t["peringkat"].astype("Int64").to_numpy(),
            "skor": t["skor_komposit"].to_numpy(dtype=float),
            "interval_bawah": t.get("peringkat_p05", pd.Series(index=t.index, dtype=float))
            .astype("Float64")
            .to_numpy(),
            "interval_atas": t.get("peringkat_p95", pd.Series(index=t.index, dtype=float))
            .astype("Float64")
            .to_numpy(),
            "median_peringkat": t.get(
                "median_peringkat", pd.Series(index=t.index, dtype=float)
            ).to_numpy(dtype=float),
            "peluang_3_besar": t.get(
                "peluang_teratas", pd.Series(index=t.index, dtype=float)
            ).to_numpy(dtype=float),
            "ditandai": t["ditandai"].astype(bool).to_numpy(),
            "indikator_hilang": t["indikator_hilang"].astype(str).to_numpy(),
            "keterangan": t["keterangan"].astype(str).to_numpy(),
            **{c: t[c].to_numpy(dtype=float) for c in dimensi},
        }
    )
    return out.reset_index(drop=True)


def bobot_efektif(kerangka: Kerangka, masukan: pd.DataFrame, izinkan: bool) -> dict[str, float]:
    """Dimension weights after dropping dimensions with no data at all (when allowed)."""
    terisi = {c for c, v in masukan.notna().any().items() if v}
    ada = {d.kode: any(i.kode in terisi for i in d.indikator) for d in kerangka.dimensi}
    if not izinkan:
        return {d.kode: d.bobot for d in kerangka.dimensi}
    total = sum(d.bobot for d in kerangka.dimensi if ada[d.kode])
    return {
        d.kode: (d.bobot / total if ada[d.kode] and total > 0 else 0.0) for d in kerangka.dimensi
    }


def hitung_ulang(masukan: pd.DataFrame, kerangka: Kerangka, opsi: Opsi | None = None) -> HasilUlang:
    """Rank ``masukan`` under ``kerangka`` with the library (index + Monte Carlo).

    ``kerangka`` is typically :func:`kerangka_disesuaikan` of the published framework.
    """
    opsi = opsi or Opsi()
    t0 = time.perf_counter()
    izinkan = opsi.izinkan_dimensi_hilang
    efektif = bobot_efektif(
        kerangka, masukan, bool(izinkan if izinkan is not None else kerangka.izinkan_dimensi_hilang)
    )
    if sum(efektif.values()) <= 0:
        raise GalatAnalisis(
            "semua dimensi yang memiliki data berbobot 0; beri bobot pada dimensi yang memiliki data",
            2,
        )
    kw: dict[str, Any] = {
        k: v
        for k, v in {
            "konsentrasi_dimensi": opsi.konsentrasi_dimensi,
            "konsentrasi_indikator": opsi.konsentrasi_indikator,
            "skala_galat": opsi.skala_galat,
            "kebijakan_data_hilang": opsi.kebijakan_data_hilang,
            "izinkan_dimensi_hilang": opsi.izinkan_dimensi_hilang,
        }.items()
        if v is not None
    }
    if opsi.benih is not None:
        kw["benih"] = opsi.benih
    t1 = time.perf_counter()
    robust = uji_robust(masukan, kerangka, jumlah_iterasi=opsi.jumlah_iterasi, **kw)
    t2 = time.perf_counter()
    indeks = robust.deterministik
    tabel = tabel_baris(indeks, robust, masukan, kerangka)
    catatan = [
        f"dimensi '{k}' tidak memiliki data: bobotnya dibagi ulang ke dimensi lain"
        for k, v in efektif.items()
        if v == 0 and next(d.bobot for d in kerangka.dimensi if d.kode == k) > 0
    ]
    return HasilUlang(
        tabel=tabel,
        kerangka=kerangka,
        indeks=indeks,
        robust=robust,
        bobot_efektif=efektif,
        detik=time.perf_counter() - t0,
        detik_pustaka=t2 - t1,
        catatan=catatan,
    )
