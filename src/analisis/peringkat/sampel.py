"""The TKPK index evaluated under many sets of choices at once (vectorised), and the plain
one-index-per-sample reference.

A *sample* fixes every uncertain choice of the index: dimension weights, indicator weights,
normalisation scheme, aggregation method, missing-data policy and one realisation of the
sampling error of the statistical indicators. :func:`peringkat_sampel` returns the rank of every
region in every sample; :func:`peringkat_sampel_polos` computes the same ranks by rebuilding
the framework and calling :func:`~analisis.peringkat.indeks.hitung_indeks` once per sample (the
way COINr-style tools regenerate the index), for tests and the benchmark.

Semantics (identical in both paths):

* The regions are those of ``siap`` and all must be ranked under its settings; the caller
  restricts the data to the published ranking's regions (:mod:`analisis.peringkat.sensitivitas`).
* **Scheme** ``bawaan`` keeps every indicator's normalisation, a relative method replaces it on
  the relative indicators that allow it (as in :mod:`analisis.peringkat.robust`).
* **Policy** ``bobot_ulang``: missing indicators' weights are spread over the present ones of
  their dimension (and dimension weights over the dimensions present). ``kecualikan``: regions
  with any missing indicator are left out — the others are normalised and ranked among
  themselves, and the left-out regions share the place after the last ranked one.
* **Sampling error**: value = X + skala · SE · ε, clipped to the indicator's ``rentang``, with ε
  one row of a bank of standard-normal draws (:class:`ModelGalat`); normalisation reference
  values are recomputed on the noisy values.
* **Aggregation** as in :mod:`analisis.peringkat.agregasi`. The power means collapse to one
  weighted sum of transformed scores, so a block of samples is a few matrix products; Copeland
  compares the (arithmetic) dimension scores pairwise.

The vectorised path groups the samples by (scheme, aggregation, policy) and evaluates each group
in cache-sized blocks, optionally on several threads (numpy releases the GIL in its loops).
Everything is float64, so both paths agree exactly up to the 9-decimal rounding of the
composite before ranking.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analisis.peringkat.agregasi import (
    RATA_RATA_PANGKAT,
    balikan,
    skor_copeland_banyak,
    transformasi,
)
from analisis.peringkat.indeks import _normalisasi, hitung_indeks, peringkat_min
from analisis.peringkat.kerangka import BAWAAN, Kerangka, kerangka_dari_dict
from analisis.peringkat.robust import _bobot_pola, _metode_per_skema
from analisis.peringkat.siap import DataSiap

SEL_PER_BLOK = 32_768
"""Samples are evaluated in blocks of about this many sample × region cells."""


@dataclass(frozen=True)
class Sampel:
    """S samples; every array has S rows."""

    skema: np.ndarray
    """(S,) normalisation scheme: ``bawaan`` or a relative method."""
    agregasi: np.ndarray
    """(S,) aggregation method."""
    kebijakan: np.ndarray
    """(S,) missing-data policy."""
    bobot_dimensi: np.ndarray
    """(S, D) dimension weights (sum 1)."""
    bobot_indikator: np.ndarray
    """(S, k) indicator weights (sum 1 within every dimension)."""
    derau: np.ndarray
    """(S,) row of the sampling-error bank, −1 = no sampling error."""

    def __len__(self) -> int:
        return len(self.skema)

    def bagian(self, idx: np.ndarray) -> Sampel:
        return Sampel(
            skema=self.skema[idx],
            agregasi=self.agregasi[idx],
            kebijakan=self.kebijakan[idx],
            bobot_dimensi=self.bobot_dimensi[idx],
            bobot_indikator=self.bobot_indikator[idx],
            derau=self.derau[idx],
        )


def sampel_nominal(siap: DataSiap, jumlah: int = 1, **ubah: object) -> Sampel:
    """``jumlah`` copies of the published choices (configured weights, ``bawaan``,
    ``aritmetika``, the data's policy, no sampling error); keywords replace fields."""
    isi: dict[str, object] = {
        "skema": np.full(jumlah, BAWAAN, dtype=object),
        "agregasi": np.full(jumlah, "aritmetika", dtype=object),
        "kebijakan": np.full(jumlah, siap.kebijakan_data_hilang, dtype=object),
        "bobot_dimensi": np.tile(siap.bobot_dimensi, (jumlah, 1)),
        "bobot_indikator": np.tile(siap.bobot_indikator, (jumlah, 1)),
        "derau": np.full(jumlah, -1, dtype=np.int64),
    }
    isi.update(ubah)
    return Sampel(**isi)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ModelGalat:
    """Sampling error of the indicators in ``kolom``: X + skala · SE · ε, ε = ``bank[row]``."""

    kolom: np.ndarray
    """(j,) indicator columns (framework order) that carry sampling error."""
    bank: np.ndarray
    """(K, j, m) standard-normal draws: row ``b`` is one realisation of the error of every
    region (last axis) in every indicator of ``kolom``."""
    skala: float


def kolom_galat(siap: DataSiap, skala: float) -> np.ndarray:
    """Numeric indicators with a positive standard error for some region (none if skala is 0)."""
    if not skala > 0:
        return np.zeros(0, dtype=np.int64)
    kategorik = np.array([i.kategorik for i in siap.indikator], dtype=bool)
    return np.flatnonzero((siap.SE > 0).any(axis=0) & ~kategorik)


def bank_galat(
    siap: DataSiap, skala: float, jumlah: int, rng: np.random.Generator
) -> ModelGalat | None:
    """A bank of ``jumlah`` sampling-error realisations, or ``None`` without sampling error."""
    kolom = kolom_galat(siap, skala)
    if not len(kolom):
        return None
    bank = rng.standard_normal((jumlah, len(kolom), len(siap.kode_wilayah)))
    return ModelGalat(kolom=kolom, bank=bank, skala=float(skala))


# ---------------------------------------------------------------------------------------------
# Vectorised path
# ---------------------------------------------------------------------------------------------


@dataclass
class _Konteks:
    """Everything about one (scheme, policy) pair that does not depend on the sample."""

    siap: DataSiap
    galat: ModelGalat | None
    baris: np.ndarray  # regions taking part (all, or the complete ones under 'kecualikan')
    metode: list[str]  # normalisation of each indicator
    X: np.ndarray  # (r, k) raw values, 0 where missing
    ada: np.ndarray  # (r, k)
    S_tetap: np.ndarray  # (r, k) scores of the indicators without sampling error, 0 if missing
    tetap: np.ndarray  # indicator columns without sampling error
    pola: list[tuple[np.ndarray, np.ndarray]]  # (present-indicator pattern, its rows)
    _phi: dict[str, np.ndarray] = field(default_factory=dict)

    def phi_tetap(self, agregasi: str, geser: float) -> np.ndarray:
        """φ of the fixed scores, columns ``tetap`` only (cached per method)."""
        if agregasi not in self._phi:
            self._phi[agregasi] = np.ascontiguousarray(
                transformasi(self.S_tetap[:, self.tetap], agregasi, geser)
            )
        return self._phi[agregasi]


def _konteks(
    siap: DataSiap, galat: ModelGalat | None, skema: str, kebijakan: str, metode: list[str]
) -> _Konteks:
    m = len(siap.kode_wilayah)
    k = len(siap.indikator)
    if kebijakan == "kecualikan":
        baris = np.flatnonzero(siap.ada.all(axis=1))
    else:
        baris = np.arange(m)
    X = np.where(siap.ada[baris], siap.X[baris], 0.0)
    ada = siap.ada[baris]
    berisik = galat.kolom if galat is not None else np.zeros(0, dtype=np.int64)
    tetap = np.setdiff1d(np.arange(k), berisik)
    S = np.zeros((len(baris), k))
    for c in tetap:
        ind = siap.indikator[c]
        sc = _normalisasi(
            X[:, c],
            metode[c],
            ind.arah == "turun_baik",
            ada[:, c],
            target=ind.target,
            skala_z=siap.kerangka.skala_z,
        )
        S[:, c] = np.where(ada[:, c], sc, 0.0)
    if len(baris):
        unik, kelompok = np.unique(ada, axis=0, return_inverse=True)
        kelompok = np.asarray(kelompok).reshape(-1)
        pola = [(unik[g], np.flatnonzero(kelompok == g)) for g in range(len(unik))]
    else:
        pola = []
    return _Konteks(
        siap=siap,
        galat=galat,
        baris=baris,
        metode=metode,
        X=X,
        ada=ada,
        S_tetap=S,
        tetap=tetap,
        pola=pola,
    )


def _skor_berisik(ctx: _Konteks, derau: np.ndarray) -> np.ndarray:
    """(nb, r, j) scores of the indicators with sampling error in each sample (0 if missing)."""
    g = ctx.galat
    nb, r = len(derau), len(ctx.baris)
    if g is None:
        return np.zeros((nb, r, 0))
    siap = ctx.siap
    semua = r == len(siap.kode_wilayah)
    tanpa_galat = derau < 0
    out = np.empty((nb, r, len(g.kolom)))
    for j, c in enumerate(g.kolom):
        ind = siap.indikator[c]
        eps = g.bank[np.maximum(derau, 0), j]  # (nb, m)
        if not semua:
            eps = eps[:, ctx.baris]
        if tanpa_galat.any():
            eps[tanpa_galat] = 0.0
        Xb = eps
        Xb *= g.skala * siap.SE[ctx.baris, c]
        Xb += ctx.X[:, c]
        rentang = ind.rentang
        if rentang is not None and len(rentang) == 2 and any(v is not None for v in rentang):
            np.clip(Xb, rentang[0], rentang[1], out=Xb)
        sc = _normalisasi(
            Xb,
            ctx.metode[c],
            ind.arah == "turun_baik",
            ctx.ada[:, c],
            target=ind.target,
            skala_z=siap.kerangka.skala_z,
        )
        out[:, :, j] = sc if ctx.ada[:, c].all() else np.where(ctx.ada[:, c], sc, 0.0)
    return out


def _komposit_pangkat(
    ctx: _Konteks, agregasi: str, geser: float, W: np.ndarray, w: np.ndarray, S_b: np.ndarray
) -> np.ndarray:
    """(nb, r) index under a power mean: φ⁻¹(Σ_i ω_i φ(s_i)) with ω per missing-value pattern."""
    siap = ctx.siap
    nb, r = len(W), len(ctx.baris)
    berisik = ctx.galat.kolom if ctx.galat is not None else np.zeros(0, dtype=np.int64)
    phi_tetap = ctx.phi_tetap(agregasi, geser)
    phi_b = transformasi(S_b, agregasi, geser) if S_b.shape[-1] else S_b
    T = np.empty((nb, r))
    for pola, idx in ctx.pola:
        om = _bobot_pola(w, W, pola, siap.G, siap.dim_idx)  # (nb, k)
        T_p = om[:, ctx.tetap] @ phi_tetap[idx].T
        for j, c in enumerate(berisik):
            T_p += om[:, c, None] * phi_b[:, idx, j]
        T[:, idx] = T_p
    return balikan(T, agregasi, geser)


def _komposit_copeland(ctx: _Konteks, W: np.ndarray, w: np.ndarray, S_b: np.ndarray) -> np.ndarray:
    """(nb, r) Copeland scores on the arithmetic dimension scores of each sample."""
    siap = ctx.siap
    nb, r = len(W), len(ctx.baris)
    G, dim_idx = siap.G, siap.dim_idx
    D = G.shape[1]
    berisik = ctx.galat.kolom if ctx.galat is not None else np.zeros(0, dtype=np.int64)
    tetap_d = [ctx.tetap[dim_idx[ctx.tetap] == d] for d in range(D)]
    skor_dim = np.empty((nb, r, D))
    for pola, idx in ctx.pola:
        wa = w * pola  # (nb, k)
        penyebut = wa @ G  # (nb, D)
        punya = penyebut > 0
        with np.errstate(invalid="ignore", divide="ignore"):
            w_ef = np.where(pola, wa / penyebut[:, dim_idx], 0.0)
        S_idx = ctx.S_tetap[idx]
        for d in range(D):
            skor_dim[:, idx, d] = w_ef[:, tetap_d[d]] @ S_idx[:, tetap_d[d]].T
        for j, c in enumerate(berisik):
            skor_dim[:, idx, dim_idx[c]] += w_ef[:, c, None] * S_b[:, idx, j]
        if not punya.all():
            skor_dim[:, idx, :] = np.where(punya[:, None, :], skor_dim[:, idx, :], np.nan)
    return skor_copeland_banyak(skor_dim, W)


def _evaluasi_blok(
    ctx: _Konteks, agregasi: str, geser: float, sampel: Sampel, m: int
) -> np.ndarray:
    """(nb, m) ranks of one block of samples sharing scheme, aggregation and policy."""
    nb, r = len(sampel), len(ctx.baris)
    rank = np.full((nb, m), r + 1, dtype=np.int32)
    if r == 0:
        return rank
    S_b = _skor_berisik(ctx, sampel.derau)
    W, w = sampel.bobot_dimensi, sampel.bobot_indikator
    if agregasi in RATA_RATA_PANGKAT:
        komposit = _komposit_pangkat(ctx, agregasi, geser, W, w, S_b)
    else:
        komposit = _komposit_copeland(ctx, W, w, S_b)
    rank[:, ctx.baris] = peringkat_min(komposit)
    return rank


def _tugas(sampel: Sampel, ukuran_blok: int) -> Iterator[tuple[tuple[str, str, str], np.ndarray]]:
    """Blocks of sample indices sharing (scheme, aggregation, policy)."""
    kunci = pd.MultiIndex.from_arrays(
        [sampel.skema.astype(str), sampel.agregasi.astype(str), sampel.kebijakan.astype(str)]
    )
    kode, unik = pd.factorize(kunci)
    urut = np.argsort(kode, kind="stable")
    batas = np.searchsorted(kode[urut], np.arange(len(unik) + 1))
    for g, (sk, ag, kb) in enumerate(unik):
        idx = urut[batas[g] : batas[g + 1]]
        for lo in range(0, len(idx), ukuran_blok):
            yield (str(sk), str(ag), str(kb)), idx[lo : lo + ukuran_blok]


def peringkat_sampel(
    siap: DataSiap,
    sampel: Sampel,
    *,
    galat: ModelGalat | None = None,
    geser_nol: float = 1.0,
    utas: int = 1,
) -> np.ndarray:
    """(S, m) rank of every region of ``siap`` in every sample (1 = best; see module doc).

    ``utas`` > 1 evaluates blocks on that many threads.
    """
    if not siap.diperingkat.all():
        raise ValueError("semua wilayah dalam siap harus diperingkat")
    m = len(siap.kode_wilayah)
    S = len(sampel)
    rank = np.zeros((S, m), dtype=np.int32)
    if S == 0 or m == 0:
        return rank
    ukuran = int(min(max(SEL_PER_BLOK // m, 8), S))
    tugas = list(_tugas(sampel, ukuran))
    skema_semua = sorted({t[0][0] for t in tugas})
    metode = dict(zip(skema_semua, _metode_per_skema(siap, skema_semua)))
    konteks: dict[tuple[str, str], _Konteks] = {}
    for (sk, ag, kb), _ in tugas:
        if (sk, kb) not in konteks:
            konteks[sk, kb] = _konteks(siap, galat, sk, kb, metode[sk])
        if ag in RATA_RATA_PANGKAT:
            konteks[sk, kb].phi_tetap(ag, geser_nol)  # fill caches before any threads start

    def kerjakan(t: tuple[tuple[str, str, str], np.ndarray]) -> None:
        (sk, ag, kb), idx = t
        rank[idx] = _evaluasi_blok(konteks[sk, kb], ag, geser_nol, sampel.bagian(idx), m)

    if utas > 1 and len(tugas) > 1:
        with ThreadPoolExecutor(max_workers=utas) as pool:
            list(pool.map(kerjakan, tugas))
    else:
        for t in tugas:
            kerjakan(t)
    return rank


# ---------------------------------------------------------------------------------------------
# Plain path: one framework and one hitung_indeks per sample
# ---------------------------------------------------------------------------------------------


def kerangka_sampel(
    kerangka: Kerangka, bobot_dimensi: np.ndarray, bobot_indikator: np.ndarray, metode: list[str]
) -> Kerangka:
    """The framework with one sample's weights and normalisations (validated as any framework)."""
    isi = kerangka.model_dump()
    c = 0
    for d, dim in enumerate(isi["dimensi"]):
        dim["bobot"] = float(bobot_dimensi[d])
        for ind in dim["indikator"]:
            ind["bobot"] = float(bobot_indikator[c])
            ind["normalisasi"] = metode[c]
            c += 1
    return kerangka_dari_dict(isi)


def data_sampel(
    data: pd.DataFrame, siap: DataSiap, galat: ModelGalat | None, baris_bank: int
) -> pd.DataFrame:
    """``data`` with one realisation of the sampling error added (rows in ``siap`` order)."""
    if galat is None or baris_bank < 0:
        return data
    df = data.copy()
    for j, c in enumerate(galat.kolom):
        ind = siap.indikator[c]
        nilai = siap.X[:, c] + galat.skala * siap.SE[:, c] * galat.bank[baris_bank, j]
        r = ind.rentang
        if r is not None and len(r) == 2 and any(v is not None for v in r):
            nilai = np.clip(nilai, r[0], r[1])
        df[ind.kode] = np.where(siap.ada[:, c], nilai, np.nan)
    return df


def peringkat_sampel_polos(
    data: pd.DataFrame,
    siap: DataSiap,
    sampel: Sampel,
    *,
    galat: ModelGalat | None = None,
    geser_nol: float = 1.0,
) -> np.ndarray:
    """(S, m) ranks like :func:`peringkat_sampel`, rebuilding the framework and calling
    :func:`hitung_indeks` once per sample. ``data`` is the table ``siap`` was built from
    (same rows, same order)."""
    m = len(siap.kode_wilayah)
    rank = np.zeros((len(sampel), m), dtype=np.int32)
    skema_semua = sorted({str(s) for s in sampel.skema})
    metode = dict(zip(skema_semua, _metode_per_skema(siap, skema_semua)))
    kode = pd.Index(siap.kode_wilayah)
    for s in range(len(sampel)):
        k_s = kerangka_sampel(
            siap.kerangka,
            sampel.bobot_dimensi[s],
            sampel.bobot_indikator[s],
            metode[str(sampel.skema[s])],
        )
        h = hitung_indeks(
            data_sampel(data, siap, galat, int(sampel.derau[s])),
            k_s,
            kebijakan_data_hilang=str(sampel.kebijakan[s]),
            izinkan_dimensi_hilang=siap.izinkan_dimensi_hilang,
            agregasi=str(sampel.agregasi[s]),
            geser_nol=geser_nol,
        )
        p = h.tabel["peringkat"].reindex(kode)
        jumlah = int(p.notna().sum())
        rank[s] = p.fillna(jumlah + 1).to_numpy(dtype=np.int32)
    return rank
