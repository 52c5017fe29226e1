"""Variance-based (Sobol) sensitivity indices of many outputs at once, with bootstrap intervals.

The estimators, the sample layout and the bootstrap are SALib's (``SALib.analyze.sobol``,
version pinned in ``uv.lock``); this module evaluates them for hundreds of outputs (one per
region) in a few matrix products instead of one SALib call per output.

Layout (SALib's Saltelli design without second-order terms): the model was evaluated on
N · (F + 2) rows, for every base sample i the rows A_i, AB_i1 … AB_iF, B_i, where AB_ij is A_i
with factor j taken from B_i. Each output column Y is first standardised over all rows
(Y − mean) / sd, as SALib does. Then, for factor j,

    S1_j = mean(B · (AB_j − A)) / var([A; B])            (Saltelli et al. 2010)
    ST_j = ½ · mean((A − AB_j)²) / var([A; B])           (Jansen 1999)

(SALib's ``first_order`` / ``total_order``). The confidence half-width is z · sd over R
bootstrap resamples of the N base samples, with the very resample indices SALib draws for the
same seed (``default_rng(seed).integers(N, size=(N, R))``). Every statistic is a mean over the
base samples of one of a few (N, q) blocks; a resample's mean is a weighted mean with the count
of each base sample as weight, so all resampled statistics of all outputs are one product
C @ M with C (R × N) the count matrix. The results equal ``SALib.analyze.sobol.analyze`` run
output by output, up to floating-point rounding (``tests/test_peringkat_sensitivitas.py``
checks this to 1e−9).

An output that never changes has no variance to apportion: its indices are NaN.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

EPS = float(np.finfo(float).eps)


@dataclass(frozen=True)
class IndeksSobol:
    """Indices of q outputs with respect to F factors; every array is (q, F).

    ``S1_conf`` / ``ST_conf`` are the half-widths of the confidence intervals
    (estimate ± half-width), as in SALib and COINr.
    """

    S1: np.ndarray
    S1_conf: np.ndarray
    ST: np.ndarray
    ST_conf: np.ndarray
    tetap: np.ndarray
    """(q,) True where the output never changes (indices NaN)."""


def matriks_hitung(N: int, jumlah_bootstrap: int, benih: int) -> np.ndarray:
    """(R, N) how often each base sample appears in each bootstrap resample, from SALib's
    resample indices for this seed."""
    r = np.random.default_rng(benih).integers(N, size=(N, jumlah_bootstrap))
    kunci = (np.arange(jumlah_bootstrap)[None, :] * N + r).ravel()
    return (
        np.bincount(kunci, minlength=jumlah_bootstrap * N)
        .reshape(jumlah_bootstrap, N)
        .astype(float)
    )


def indeks_sobol(
    Y: np.ndarray,
    jumlah_faktor: int,
    *,
    jumlah_bootstrap: int = 100,
    tingkat_kepercayaan: float = 0.95,
    benih: int = 1,
) -> IndeksSobol:
    """First-order and total Sobol indices of every column of ``Y`` (rows in SALib's order).

    ``Y`` is (N · (F + 2),) or (N · (F + 2), q). ``benih`` must be non-zero (SALib treats 0 as
    "no seed").
    """
    if not benih:
        raise ValueError("benih bootstrap harus bukan nol")
    Y = np.asarray(Y, dtype=float)
    if Y.ndim == 1:
        Y = Y[:, None]
    F = int(jumlah_faktor)
    langkah = F + 2
    if Y.shape[0] % langkah:
        raise ValueError(f"jumlah baris {Y.shape[0]} bukan kelipatan {langkah} (faktor + 2)")
    N, q = Y.shape[0] // langkah, Y.shape[1]
    C = matriks_hitung(N, jumlah_bootstrap, benih)
    z = float(norm.ppf(0.5 + tingkat_kepercayaan / 2))
    hasil = [
        _indeks_kolom(Y[:, lo : lo + KOLOM_PER_BLOK], F, C, z) for lo in range(0, q, KOLOM_PER_BLOK)
    ] or [_indeks_kolom(Y, F, C, z)]
    return IndeksSobol(
        *(np.concatenate([getattr(h, k) for h in hasil]) for k in IndeksSobol.__dataclass_fields__)
    )


KOLOM_PER_BLOK = 1024
"""Outputs are processed in blocks of this many columns, which bounds the working memory to
about (4 + 2F) · 8 · N bytes per column (measured: one block for 514 regions is fastest)."""


def _indeks_kolom(Y: np.ndarray, F: int, C: np.ndarray, z: float) -> IndeksSobol:
    """:func:`indeks_sobol` for one block of output columns; ``C`` is the count matrix."""
    langkah = F + 2
    N, q = Y.shape[0] // langkah, Y.shape[1]
    R = C.shape[0]
    # Standardise every column over all rows, as SALib does (one pass for the mean, one for
    # the spread); a column that never changes has no variance to apportion.
    Z = Y - Y.mean(axis=0)
    sd = np.sqrt(np.einsum("ij,ij->j", Z, Z) / Z.shape[0])
    tetap = ~(sd > 0)
    Z /= np.where(tetap, 1.0, sd)
    Z = Z.reshape(N, langkah, q)
    A, B = Z[:, 0], Z[:, -1]

    # Every statistic is a mean over the N base samples of one of these (N, q) blocks:
    # A, B, A², B², then per factor B·(AB_j − A) and (A − AB_j)². Full-sample means give the
    # point estimates; the count matrix gives all resamples' means in one product.
    M = np.empty((N, 4 + 2 * F, q))
    M[:, 0] = A
    M[:, 1] = B
    np.square(A, out=M[:, 2])
    np.square(B, out=M[:, 3])
    selisih = np.empty((N, q))
    for j in range(F):
        np.subtract(Z[:, j + 1], A, out=selisih)
        np.multiply(B, selisih, out=M[:, 4 + 2 * j])
        np.square(selisih, out=M[:, 5 + 2 * j])
    rata_b = (C @ M.reshape(N, -1) / N).reshape(R, 4 + 2 * F, q)
    rata = M.mean(axis=0)  # (4 + 2F, q)

    def bagi(pembilang: np.ndarray, rata_rata: np.ndarray) -> np.ndarray:
        """numerator / var([A; B]); 0 where the pooled variance vanishes (as SALib)."""
        mean_y = (rata_rata[..., 0, :] + rata_rata[..., 1, :]) / 2
        var_y = (rata_rata[..., 2, :] + rata_rata[..., 3, :]) / 2 - mean_y**2
        sah = var_y > EPS
        return np.where(sah, pembilang / np.where(sah, var_y, 1.0), 0.0)

    S1 = np.full((q, F), np.nan)
    ST = np.full((q, F), np.nan)
    S1_conf = np.full((q, F), np.nan)
    ST_conf = np.full((q, F), np.nan)
    hidup = ~tetap
    for j in range(F):
        S1[hidup, j] = bagi(rata[4 + 2 * j], rata)[hidup]
        ST[hidup, j] = bagi(0.5 * rata[5 + 2 * j], rata)[hidup]
        s1_b = bagi(rata_b[:, 4 + 2 * j], rata_b)
        st_b = bagi(0.5 * rata_b[:, 5 + 2 * j], rata_b)
        S1_conf[hidup, j] = z * s1_b[:, hidup].std(axis=0, ddof=1)
        ST_conf[hidup, j] = z * st_b[:, hidup].std(axis=0, ddof=1)
    return IndeksSobol(S1=S1, S1_conf=S1_conf, ST=ST, ST_conf=ST_conf, tetap=tetap)
