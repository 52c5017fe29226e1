"""The TKPK performance index: normalisation, composite score, contributions and ranks.

Input: a DataFrame indexed by ``kode_wilayah`` (BPS code) with one column per framework
indicator holding *raw* values (numbers; ``ya``/``tidak`` and ``A``–``D`` for rubric indicators),
plus optional standard-error columns ``<kode>__se`` (used only by the Monte Carlo in
:mod:`analisis.peringkat.robust`). A ``wilayah`` column, if present, supplies display names.

Composite (domain methods §3.5)::

    skor_k = Σ_d W_d · Σ_{i∈d} w_i · s_ki        s_ki ∈ [0, 100]

and the contribution of indicator i to region k is ``W_d · w_i · s_ki`` points, so the
contributions of a region add up to its score.

Normalisations (computed over the regions being ranked that have a value — the peer group):

``max_rasio``       naik_baik: s = 100 · X⁺ / max(X⁺) with X⁺ = max(X, 0); if no region has a
                    positive value, s = 0 for all (nothing achieved).
                    turun_baik (documented reversal): s = 100 · min(X⁺) / X⁺, and s = 100 where
                    X⁺ = 0 (zero is the best possible). One region at 0 therefore puts every
                    other region at 0 — use ``min_maks`` where zeros are common.
``min_maks``        naik_baik: s = 100 · (X − X_min) / (X_max − X_min);
                    turun_baik: s = 100 · (X_max − X) / (X_max − X_min);
                    all values equal → s = 100 for all (no region is behind).
``skor_z``          z = (X − mean) / sd (population sd, ddof = 0, because the regions of a province
                    are the whole population, not a sample); turun_baik uses −z; all values
                    equal → z = 0. Mapped to 0–100 by ``skala_z``:
                    ``peluang_normal`` (default) s = 100 · Φ(z): the share of a normal population
                    below the region, so normally spread data get roughly the same spread as
                    ``min_maks`` (uniform on 0–100); Φ uses Abramowitz & Stegun 26.2.17
                    (absolute error < 7.5e−8, i.e. < 1e−5 points).
                    ``skor_t`` s = 50 + 10 · z clipped to [0, 100] (the classic T-score).
``rubrik``          grade → points from the map (A = 100, B = 75, C = 50, D = 25 by default;
                    ``ya`` = 100 / ``tidak`` = 0 for yes/no indicators). Case-insensitive.
``capaian_target``  naik_baik: s = 100 · min(X⁺ / target, 1); turun_baik: s = 100 where
                    X ≤ target, otherwise 100 · target / X.

Missing values (never silently imputed; ``kebijakan_data_hilang``):

``bobot_ulang`` (default)  the weights of the indicators a region has are rescaled to sum to 1
                          within each dimension; the region stays ranked but is flagged
                          (``ditandai``) and its missing indicators are listed.
``kecualikan``             a region with any missing indicator is not ranked; the reason is given.

Under both policies a region missing *every* indicator of a dimension is not ranked, unless
``izinkan_dimensi_hilang`` is true, in which case the dimension weights are rescaled over the
dimensions it has (and the region is flagged).

Ranks: ``method="min"`` on the composite rounded to 9 decimals (so floating-point noise never
breaks a real tie), 1 = best.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analisis.galat import GalatValidasi, Masalah
from analisis.peringkat.agregasi import (
    AGREGASI,
    GESER_NOL,
    periksa_geser,
    rata_rata_berbobot,
    skor_copeland,
)
from analisis.peringkat.kerangka import (
    ARAH,
    NORMALISASI,
    SKALA_Z,
    Indikator,
    Kerangka,
)
from analisis.peringkat.siap import DataSiap, siapkan_data

PRESISI_SERI = 9
"""Composite scores are rounded to this many decimals before ranking."""


# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------

_P = 0.2316419
_B = (0.319381530, -0.356563782, 1.781477937, -1.821255978, 1.330274429)


def phi(z: Any) -> np.ndarray:
    """Standard normal CDF Φ(z), vectorised (Abramowitz & Stegun 26.2.17, |error| < 7.5e−8).

    Exactly symmetric: Φ(−z) = 1 − Φ(z).
    """
    z = np.asarray(z)
    if z.dtype != np.float32:
        z = z.astype(float, copy=False)
    a = np.abs(z)
    t = 1.0 / (1.0 + _P * a)
    poli = t * (_B[0] + t * (_B[1] + t * (_B[2] + t * (_B[3] + t * _B[4]))))
    ekor = np.exp(-0.5 * a * a) / math.sqrt(2.0 * math.pi) * poli  # = 1 − Φ(|z|)
    return np.where(z > 0, 1.0 - ekor, np.where(z < 0, ekor, 0.5))


def _normalisasi(
    X: np.ndarray,
    metode: str,
    turun: bool,
    ada: np.ndarray,
    *,
    target: float | None = None,
    skala_z: str = "peluang_normal",
) -> np.ndarray:
    """Scores 0–100 along the last axis (regions) of ``X``; ``ada`` marks usable values
    (broadcastable to ``X``). Unusable positions come back as NaN."""
    X = np.asarray(X)
    if X.dtype != np.float32:  # float32 stays float32 (Monte Carlo noise), all else float64
        X = X.astype(float, copy=False)
    ada = np.asarray(ada, dtype=bool)
    if X.shape[-1] == 0:
        return np.full(X.shape, np.nan, dtype=X.dtype)
    lengkap = bool(ada.all())
    if lengkap:
        Xa = X

        def saring(v: np.ndarray, isi: float) -> np.ndarray:
            return v
    else:
        ada = np.broadcast_to(ada, X.shape)
        Xa = np.where(ada, X, 0.0)  # keeps NaN out of the arithmetic

        def saring(v: np.ndarray, isi: float) -> np.ndarray:
            return np.where(ada, v, isi)

    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if metode == "rubrik":
            s = np.array(Xa, dtype=float, copy=True)
        elif metode == "capaian_target":
            assert target is not None and target > 0
            if turun:
                s = np.where(Xa <= target, 100.0, 100.0 * target / Xa)
            else:
                s = 100.0 * np.minimum(np.maximum(Xa, 0.0) / target, 1.0)
        elif metode == "max_rasio":
            Xp = np.maximum(Xa, 0.0)
            if turun:
                mn = np.min(saring(Xp, np.inf), axis=-1, keepdims=True)
                s = np.where(Xp > 0, 100.0 * mn / Xp, 100.0)
            else:
                mx = np.max(saring(Xp, -np.inf), axis=-1, keepdims=True)
                faktor = np.where(mx > 0, 100.0 / mx, 0.0)  # no positive value → 0 for all
                Xp *= faktor
                s = Xp
        elif metode in ("min_maks", "skor_z"):
            hi = np.max(saring(Xa, -np.inf), axis=-1, keepdims=True)
            lo = np.min(saring(Xa, np.inf), axis=-1, keepdims=True)
            rentang = hi - lo
            if metode == "min_maks":
                s = (hi - Xa) if turun else (Xa - lo)
                sama = ~(rentang > 0)
                s *= np.where(sama, 0.0, 100.0 / rentang)
                if sama.any():  # all values equal → 100 for all
                    s += np.where(sama, 100.0, 0.0)
            else:
                n = X.shape[-1] if lengkap else ada.sum(axis=-1, keepdims=True)
                mu = Xa.sum(axis=-1, keepdims=True) / n
                dev = saring(Xa - mu, 0.0)
                sd = np.sqrt(np.einsum("...i,...i->...", dev, dev)[..., None] / n)
                z = np.where(rentang > 0, dev / sd, 0.0)
                if turun:
                    z = -z
                if skala_z == "skor_t":
                    s = np.clip(50.0 + 10.0 * z, 0.0, 100.0)
                elif skala_z == "peluang_normal":
                    s = 100.0 * phi(z)
                else:
                    raise ValueError(f"skala_z tidak dikenal: {skala_z}")
        else:
            raise ValueError(f"normalisasi tidak dikenal: {metode}")
    return s if lengkap else np.where(ada, s, np.nan)


def normalisasi(
    nilai: Any,
    metode: str,
    arah: str = "naik_baik",
    *,
    target: float | None = None,
    skala_z: str = "peluang_normal",
) -> np.ndarray:
    """Normalise one indicator across regions to 0–100 (NaN in → NaN out, excluded from the
    reference min/max/mean). For ``rubrik`` pass the points already mapped from grades."""
    if metode not in NORMALISASI:
        raise ValueError(f"normalisasi '{metode}' tidak dikenal; pilihan: {', '.join(NORMALISASI)}")
    if arah not in ARAH:
        raise ValueError(f"arah '{arah}' tidak dikenal; pilihan: {', '.join(ARAH)}")
    if skala_z not in SKALA_Z:
        raise ValueError(f"skala_z '{skala_z}' tidak dikenal; pilihan: {', '.join(SKALA_Z)}")
    if metode == "capaian_target" and not (target is not None and target > 0):
        raise ValueError("normalisasi capaian_target memerlukan target > 0")
    X = np.asarray(nilai, dtype=float)
    return _normalisasi(
        X, metode, arah == "turun_baik", ~np.isnan(X), target=target, skala_z=skala_z
    )


def skor_indikator(
    X: np.ndarray, ind: Indikator, ada: np.ndarray, kerangka: Kerangka, metode: str | None = None
) -> np.ndarray:
    """Scores of one indicator with its configured (or the given) normalisation."""
    return _normalisasi(
        X,
        metode or ind.normalisasi,
        ind.arah == "turun_baik",
        ada,
        target=ind.target,
        skala_z=kerangka.skala_z,
    )


# ---------------------------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------------------------


def peringkat_min(skor: np.ndarray) -> np.ndarray:
    """Ranks along the last axis, higher score = better, ties share the best ("min") rank.

    Vectorised over leading axes (one row per Monte Carlo draw). Scores are rounded to
    :data:`PRESISI_SERI` decimals first (as integers of 1e−9 points), so floating-point noise
    never breaks a real tie. NaN scores rank last.

    Implementation: the rounded score and the column index are packed into one int64 and
    sorted with ``np.sort`` (SIMD-accelerated, several times faster than ``argsort``); the
    low bits of the sorted keys are the order.
    """
    s = np.asarray(skor, dtype=float)
    bentuk = s.shape
    n = bentuk[-1] if bentuk else 0
    s2 = s.reshape(-1, n)
    if n == 0 or s2.shape[0] == 0:
        return np.zeros(bentuk, dtype=np.int32)
    with np.errstate(invalid="ignore", over="ignore"):
        q = -np.rint(s2 * 10.0**PRESISI_SERI)  # ascending q = descending score
    nan = np.isnan(q)
    bit = max(1, int(n - 1).bit_length())
    if nan.all():
        return np.ones(bentuk, dtype=np.int32)
    lo, hi = np.nanmin(q), np.nanmax(q)
    if hi - lo + 1 < 2.0 ** (62 - bit):
        v = np.where(nan, hi + 1 - lo, q - lo).astype(np.int64)
        kunci = (v << bit) | np.arange(n, dtype=np.int64)
        kunci.sort(axis=1)
        urut = kunci & ((1 << bit) - 1)
        nilai = kunci >> bit
    else:  # extreme magnitudes: plain argsort on the rounded floats
        v = np.where(nan, np.inf, q)
        urut = np.argsort(v, axis=1, kind="stable")
        nilai = np.take_along_axis(v, urut, axis=1)
    baru = np.ones(s2.shape, dtype=bool)
    baru[:, 1:] = nilai[:, 1:] != nilai[:, :-1]
    posisi = np.broadcast_to(np.arange(1, n + 1, dtype=np.int32), s2.shape)
    if not baru.all():  # ties: every member gets the position of the first one
        posisi = np.maximum.accumulate(np.where(baru, posisi, 0), axis=1)
    hasil = np.empty(s2.shape, dtype=np.int32)
    np.put_along_axis(hasil, urut, posisi, axis=1)
    return hasil.reshape(bentuk)


# ---------------------------------------------------------------------------------------------
# Composite
# ---------------------------------------------------------------------------------------------


@dataclass
class HasilPeringkat:
    """Result of :func:`hitung_indeks`; all tables use Indonesian column names.

    ``tabel``            one row per input region (index ``kode_wilayah``), ordered by rank:
                         ``wilayah``, ``peringkat`` (nullable int, 1 = best), ``skor_komposit``,
                         ``skor_<dimensi>`` per dimension, ``diperingkat``, ``ditandai``,
                         ``indikator_hilang`` (comma-separated), ``keterangan``.
    ``skor_dimensi``     long table, ranked regions × dimensions: ``kode_wilayah``, ``wilayah``,
                         ``dimensi``, ``nama_dimensi``, ``bobot_dimensi``,
                         ``bobot_dimensi_efektif``, ``skor_dimensi``, ``kontribusi`` (points).
    ``kontribusi``       long table, ranked regions × indicators: ``kode_wilayah``, ``wilayah``,
                         ``dimensi``, ``indikator``, ``nama_indikator``, ``nilai_mentah``,
                         ``normalisasi``, ``skor_indikator``, ``bobot_indikator``,
                         ``bobot_efektif`` (share of the composite), ``kontribusi`` (points),
                         ``tersedia``.
    ``tidak_diperingkat`` regions left out, with ``wilayah`` and ``alasan``.
    """

    tabel: pd.DataFrame
    skor_dimensi: pd.DataFrame
    kontribusi: pd.DataFrame
    tidak_diperingkat: pd.DataFrame
    kerangka: Kerangka
    kebijakan_data_hilang: str
    izinkan_dimensi_hilang: bool
    peringatan: list[Masalah] = field(default_factory=list)

    @property
    def peringkat(self) -> pd.Series:
        """Rank per region (ranked regions only)."""
        t = self.tabel[self.tabel["diperingkat"]]
        return t["peringkat"].astype(int)

    @property
    def skor(self) -> pd.Series:
        t = self.tabel[self.tabel["diperingkat"]]
        return t["skor_komposit"]


@dataclass
class _Inti:
    """Deterministic arrays for the ranked regions (shared with the Monte Carlo)."""

    baris: np.ndarray  # indices of ranked regions in DataSiap
    S: np.ndarray  # (m, k) indicator scores, NaN where missing
    w_efektif: np.ndarray  # (m, k) indicator weight within its dimension after rescaling
    W_efektif: np.ndarray  # (m, D) dimension weight after rescaling
    skor_dim: np.ndarray  # (m, D)
    kontribusi: np.ndarray  # (m, k) points
    komposit: np.ndarray  # (m,)
    peringkat: np.ndarray  # (m,)


def _komposit_tetap(
    siap: DataSiap,
    agregasi: str = "aritmetika",
    geser_nol: float = GESER_NOL,
    metode: list[str] | None = None,
) -> _Inti:
    """The index of the ranked regions; ``metode`` overrides each indicator's normalisation."""
    baris = np.flatnonzero(siap.diperingkat)
    X = siap.X[baris]
    ada = siap.ada[baris]
    k = len(siap.indikator)
    S: np.ndarray = np.full(X.shape, np.nan)
    for c, ind in enumerate(siap.indikator):
        S[:, c] = skor_indikator(
            X[:, c], ind, ada[:, c], siap.kerangka, metode[c] if metode is not None else None
        )
    w = siap.bobot_indikator
    W = siap.bobot_dimensi
    G = siap.G
    wa = np.where(ada, w, 0.0)  # (m, k)
    penyebut = wa @ G  # (m, D)
    punya = penyebut > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        w_ef = np.where(ada, wa / penyebut[:, siap.dim_idx], 0.0)
        S0 = np.where(ada, S, 0.0)
        skor_dim = np.where(punya, (w_ef * S0) @ G, np.nan)
        Wa = np.where(punya, W, 0.0)
        W_ef = Wa / Wa.sum(axis=1, keepdims=True)
    kontribusi = np.where(ada, W_ef[:, siap.dim_idx] * w_ef * S0, 0.0)
    if agregasi == "aritmetika":
        komposit = kontribusi.sum(axis=1)
    else:
        # Contributions are defined only for the additive index.
        kontribusi = np.full(kontribusi.shape, np.nan)
        if agregasi == "copeland":
            # Dimensions are averaged arithmetically (above); regions are then compared pairwise
            # on them with the configured dimension weights (see analisis.peringkat.agregasi).
            komposit = skor_copeland(skor_dim, W)
        else:
            skor_dim = np.stack(
                [
                    rata_rata_berbobot(
                        S0, np.where(siap.dim_idx == d, w_ef, 0.0), agregasi, geser_nol
                    )
                    for d in range(len(W))
                ],
                axis=1,
            ).reshape(len(baris), len(W))
            skor_dim = np.where(punya, skor_dim, np.nan)
            komposit = rata_rata_berbobot(np.where(punya, skor_dim, 0.0), W_ef, agregasi, geser_nol)
    rank = peringkat_min(komposit) if len(baris) else np.zeros(0, dtype=np.int32)
    assert k == S.shape[1]
    return _Inti(
        baris=baris,
        S=S,
        w_efektif=w_ef,
        W_efektif=W_ef,
        skor_dim=skor_dim,
        kontribusi=kontribusi,
        komposit=komposit,
        peringkat=rank,
    )


def _susun_hasil(siap: DataSiap, inti: _Inti) -> HasilPeringkat:
    k = siap.kerangka
    n = len(siap.kode_wilayah)
    dims = k.dimensi
    peringkat = pd.array([pd.NA] * n, dtype="Int64")
    komposit = np.full(n, np.nan)
    skor_dim = np.full((n, len(dims)), np.nan)
    peringkat[inti.baris] = inti.peringkat
    komposit[inti.baris] = inti.komposit
    skor_dim[inti.baris] = inti.skor_dim
    tabel = pd.DataFrame(
        {"wilayah": siap.nama, "peringkat": peringkat, "skor_komposit": komposit},
        index=pd.Index(siap.kode_wilayah, name="kode_wilayah"),
    )
    for d_i, d in enumerate(dims):
        tabel[f"skor_{d.kode}"] = skor_dim[:, d_i]
    tabel["diperingkat"] = siap.diperingkat
    tabel["ditandai"] = siap.ditandai
    tabel["indikator_hilang"] = [", ".join(h) for h in siap.hilang]
    tabel["keterangan"] = siap.keterangan
    # Ranked regions first by rank (ties by code), then the unranked ones by code.
    kunci_rank = np.where(
        siap.diperingkat, peringkat.to_numpy(dtype=float, na_value=np.inf), np.inf
    )
    urutan = np.lexsort((np.array(siap.kode_wilayah), kunci_rank))
    tabel = tabel.iloc[urutan]

    # Long tables for ranked regions: regions repeated, dimensions/indicators tiled. Text
    # columns are categoricals (cheap to build, keep framework order).
    m = len(inti.baris)
    kd = len(siap.indikator)
    D = len(dims)

    def kat(nilai: list[str], kode: np.ndarray) -> pd.Categorical:
        unik = list(dict.fromkeys(nilai))
        posisi = {v: i for i, v in enumerate(unik)}
        peta = np.array([posisi[v] for v in nilai], dtype=np.int64)
        return pd.Categorical.from_codes(
            peta[kode] if len(kode) else kode, dtype=pd.CategoricalDtype(unik)
        )

    r_rep_d = np.repeat(inti.baris, D)
    r_rep_i = np.repeat(inti.baris, kd)
    d_tile = np.tile(np.arange(D), m)
    i_tile = np.tile(np.arange(kd), m)
    G = siap.G
    kontrib_dim = inti.kontribusi @ G if m else np.zeros((0, D))
    skor_dimensi = pd.DataFrame(
        {
            "kode_wilayah": kat(siap.kode_wilayah, r_rep_d),
            "wilayah": kat(siap.nama, r_rep_d),
            "dimensi": kat([d.kode for d in dims], d_tile),
            "nama_dimensi": kat([d.nama for d in dims], d_tile),
            "bobot_dimensi": siap.bobot_dimensi[d_tile],
            "bobot_dimensi_efektif": inti.W_efektif.ravel(),
            "skor_dimensi": inti.skor_dim.ravel(),
            "kontribusi": kontrib_dim.ravel(),
        }
    )
    dim_ind = siap.dim_idx[i_tile]
    mentah = (
        siap.mentah.to_numpy(dtype=object)[inti.baris].ravel() if m else np.zeros(0, dtype=object)
    )
    kontribusi = pd.DataFrame(
        {
            "kode_wilayah": kat(siap.kode_wilayah, r_rep_i),
            "wilayah": kat(siap.nama, r_rep_i),
            "dimensi": kat([d.kode for d in dims], dim_ind),
            "indikator": kat([i.kode for i in siap.indikator], i_tile),
            "nama_indikator": kat([i.nama for i in siap.indikator], i_tile),
            "nilai_mentah": pd.Series(mentah, dtype=object),
            "normalisasi": kat([i.normalisasi for i in siap.indikator], i_tile),
            "skor_indikator": inti.S.ravel(),
            "bobot_indikator": siap.bobot_indikator[i_tile],
            "bobot_efektif": (inti.W_efektif[:, siap.dim_idx] * inti.w_efektif).ravel(),
            "kontribusi": inti.kontribusi.ravel(),
            "tersedia": siap.ada[inti.baris].ravel(),
        }
    )
    tdk = ~siap.diperingkat
    tidak_diperingkat = pd.DataFrame(
        {
            "wilayah": [siap.nama[i] for i in np.flatnonzero(tdk)],
            "alasan": [siap.keterangan[i] for i in np.flatnonzero(tdk)],
        },
        index=pd.Index([siap.kode_wilayah[i] for i in np.flatnonzero(tdk)], name="kode_wilayah"),
    )
    peringatan = list(siap.peringatan)
    for r in np.flatnonzero(siap.ditandai):
        peringatan.append(
            Masalah(
                f"wilayah {siap.kode_wilayah[r]} ({siap.nama[r]}) diperingkat dengan data tidak "
                f"lengkap: {siap.keterangan[r]}",
                kode="data_tidak_lengkap",
                tingkat="peringatan",
            )
        )
    for r in np.flatnonzero(tdk):
        peringatan.append(
            Masalah(
                f"wilayah {siap.kode_wilayah[r]} ({siap.nama[r]}) tidak diperingkat: "
                f"{siap.keterangan[r]}",
                kode="tidak_diperingkat",
                tingkat="peringatan",
            )
        )
    for c, ind in enumerate(siap.indikator):
        if ind.normalisasi == "max_rasio" and np.any(siap.X[siap.diperingkat, c] < 0):
            peringatan.append(
                Masalah(
                    f"indikator '{ind.kode}' memakai max_rasio tetapi ada nilai negatif; nilai "
                    "negatif dihitung 0 (pertimbangkan min_maks)",
                    kolom=ind.kode,
                    kode="max_rasio_negatif",
                    tingkat="peringatan",
                )
            )
    return HasilPeringkat(
        tabel=tabel,
        skor_dimensi=skor_dimensi,
        kontribusi=kontribusi,
        tidak_diperingkat=tidak_diperingkat,
        kerangka=k,
        kebijakan_data_hilang=siap.kebijakan_data_hilang,
        izinkan_dimensi_hilang=siap.izinkan_dimensi_hilang,
        peringatan=peringatan,
    )


def hitung_indeks(
    data: pd.DataFrame,
    kerangka: Kerangka,
    *,
    kebijakan_data_hilang: str | None = None,
    izinkan_dimensi_hilang: bool | None = None,
    berkas: str | None = None,
    agregasi: str = "aritmetika",
    geser_nol: float = GESER_NOL,
) -> HasilPeringkat:
    """Composite TKPK index, dimension scores, indicator contributions and ranks.

    ``kebijakan_data_hilang`` / ``izinkan_dimensi_hilang`` override the framework's settings.
    ``agregasi`` picks the aggregation (:data:`~analisis.peringkat.agregasi.AGREGASI`; the
    published index is ``aritmetika``) and ``geser_nol`` the zero guard δ of the geometric and
    harmonic means. Under ``geometrik``/``harmonik`` the same mean is used within and across
    dimensions; under ``copeland`` the dimension scores are arithmetic and ``skor_komposit`` is
    the Copeland score on 0–100. Only the arithmetic index has contributions (the other
    methods leave ``kontribusi`` empty, NaN).
    Raises :class:`GalatValidasi` when the data do not fit the framework or the options are
    not valid.
    """
    salah = []
    if agregasi not in AGREGASI:
        salah.append(f"agregasi '{agregasi}' tidak dikenal; pilihan: {', '.join(AGREGASI)}")
    pesan_geser = periksa_geser(geser_nol)
    if pesan_geser:
        salah.append(pesan_geser)
    if salah:
        raise GalatValidasi(
            "Pilihan agregasi tidak sah",
            masalah=[Masalah(p, kode="agregasi_tidak_sah") for p in salah],
        )
    siap = siapkan_data(
        data,
        kerangka,
        kebijakan_data_hilang=kebijakan_data_hilang,
        izinkan_dimensi_hilang=izinkan_dimensi_hilang,
        berkas=berkas,
    )
    return _susun_hasil(siap, _komposit_tetap(siap, agregasi, geser_nol))
