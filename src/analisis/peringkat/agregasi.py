"""Aggregation methods of the TKPK index: weighted power means and Copeland outranking.

The published index is the weighted arithmetic mean (domain methods §3.5). The alternatives
exist for the sensitivity analysis (:mod:`analisis.peringkat.sensitivitas`) and can be asked
of :func:`~analisis.peringkat.indeks.hitung_indeks` directly. Scores ``s`` are 0–100, weights
``w`` sum to 1 over the values present (the index rescales them for missing values first).

``aritmetika``  Σ w·s — fully compensatory: a weak indicator is offset by a strong one.
``geometrik``   exp(Σ w·ln(s + δ)) − δ — partly compensatory: low scores pull harder.
``harmonik``    1 / Σ (w / (s + δ)) − δ — less compensatory still.
``copeland``    non-compensatory outranking over the *dimensions* (indicators are averaged
                arithmetically within their dimension first): region a beats region b when the
                dimensions on which a is better weigh more than those on which b is better,
                V_ab = Σ_d W_d · sign(x_ad − x_bd) > 0 (a dimension either region lacks counts
                0, a tie counts 0; scores are compared rounded to 9 decimals and
                |V| ≤ 1e−12 is a draw). The Copeland score is
                wins − losses; the index reports it on 0–100 as the share of pairwise contests
                won, draws counting half: 100 · (wins + draws/2) / (m − 1). This is the
                Copeland rule applied to the weighted outranking matrix
                e_ab = Σ_d W_d ([x_ad > x_bd] + ½[x_ad = x_bd]) (a beats b iff e_ab > e_ba).
                COINr's ``a_copeland`` returns the row sums Σ_b e_ab instead, which equal a
                weighted Borda count and are compensatory again.

**Zero guard (δ, ``geser_nol``).** Normalised scores are often exactly 0 (the last region under
min–max, a "tidak" in a yes/no rubric), where ln and 1/s fail. Every score is shifted by
δ (default 1 point) before the geometric or harmonic mean and the result shifted back:
a region with 0 everywhere scores 0, one with 100 everywhere scores 100, and a single 0 weighs
like a score of 1 on the shifted scale instead of sending the mean to 0 (−∞ on the log scale).
This is the shift COINr's documentation recommends in another form (min–max onto [1, 100]
before a geometric mean). δ must be > 0; the larger δ, the closer both means come to the
arithmetic one.

Two-level power means collapse: with the same method at both levels (indicators → dimension →
index) and φ(s) = ln(s + δ) or 1/(s + δ), φ(index) = Σ_d W_d Σ_i w_i φ(s_i), so the index is a
single weighted sum of transformed scores with the combined weights ω_i = W_d(i) · w_i — the
form the vectorised evaluation in :mod:`analisis.peringkat.sampel` uses.
"""

from __future__ import annotations

import functools
import math

import numpy as np

AGREGASI = ("aritmetika", "geometrik", "harmonik", "copeland")
"""Aggregation methods; the first is the published index."""

RATA_RATA_PANGKAT = ("aritmetika", "geometrik", "harmonik")
"""Methods that are weighted power means (collapse to one weighted sum of φ(s))."""

NAMA_AGREGASI = {
    "aritmetika": "rata-rata aritmetika berbobot",
    "geometrik": "rata-rata geometrik berbobot",
    "harmonik": "rata-rata harmonik berbobot",
    "copeland": "Copeland (perbandingan berpasangan antardimensi)",
}
"""Indonesian names for reports and messages."""

GESER_NOL = 1.0
"""Default zero guard δ in points on the 0–100 scale."""

PRESISI_BANDING = 9
"""Dimension scores are rounded to this many decimals before the Copeland comparisons."""

TOLERANSI_SERI = 1e-12
"""|V_ab| at or below this is a draw in the Copeland contest (weights are floats)."""


# ---------------------------------------------------------------------------------------------
# Power means
# ---------------------------------------------------------------------------------------------


def transformasi(skor: np.ndarray, metode: str, geser: float = GESER_NOL) -> np.ndarray:
    """φ(s): s, ln(s + δ) or 1 / (s + δ)."""
    s = np.asarray(skor, dtype=float)
    if metode == "aritmetika":
        return s
    if metode == "geometrik":
        return np.log(s + geser)
    if metode == "harmonik":
        return 1.0 / (s + geser)
    raise ValueError(f"bukan rata-rata pangkat: {metode}")


def balikan(nilai: np.ndarray, metode: str, geser: float = GESER_NOL) -> np.ndarray:
    """φ⁻¹(t): t, exp(t) − δ or 1 / t − δ."""
    t = np.asarray(nilai, dtype=float)
    if metode == "aritmetika":
        return t
    if metode == "geometrik":
        return np.exp(t) - geser
    if metode == "harmonik":
        with np.errstate(divide="ignore"):
            return 1.0 / t - geser
    raise ValueError(f"bukan rata-rata pangkat: {metode}")


def rata_rata_berbobot(
    skor: np.ndarray, bobot: np.ndarray, metode: str, geser: float = GESER_NOL
) -> np.ndarray:
    """Weighted power mean along the last axis; ``bobot`` sums to 1 over the values used.

    Positions with weight 0 are ignored (their score may be NaN). All weights 0 → NaN.
    """
    s = np.asarray(skor, dtype=float)
    w = np.asarray(bobot, dtype=float)
    pakai = w > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(pakai, w * transformasi(np.where(pakai, s, 0.0), metode, geser), 0.0)
        hasil = balikan(t.sum(axis=-1), metode, geser)
    return np.where(pakai.any(axis=-1), hasil, np.nan)


def periksa_geser(geser: float) -> str | None:
    """Indonesian message when δ is not a usable zero guard, else ``None``."""
    if not (isinstance(geser, (int, float)) and math.isfinite(geser) and geser > 0):
        return f"geser_nol harus angka > 0 (pengaman nilai nol), tertulis {geser}"
    return None


# ---------------------------------------------------------------------------------------------
# Copeland
# ---------------------------------------------------------------------------------------------

_SEMUA = np.uint64(0xFFFF_FFFF_FFFF_FFFF)
_SATU = np.uint64(1)


@functools.cache
def _bit_diri(m: int) -> np.ndarray:
    """(words, m) the one-bit set {a} of every region a (word-major layout, read-only)."""
    a = np.arange(m)
    diri = np.zeros(((m + 63) // 64, m), dtype=np.uint64)
    diri[a >> 6, a] = np.left_shift(_SATU, (a & 63).astype(np.uint64))
    diri.flags.writeable = False
    return diri


@functools.cache
def _topeng_penuh(m: int) -> np.ndarray:
    """(words, 1) bit mask of regions 0…m−1 (read-only)."""
    kata = np.full(((m + 63) // 64, 1), _SEMUA)
    if m % 64:
        kata[-1] = np.uint64((1 << (m % 64)) - 1)
    kata.flags.writeable = False
    return kata


def _himpunan_banding(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bitsets of the regions each region loses to, draws with and beats, per dimension.

    ``x`` is (D, m) with NaN where a region lacks the dimension (rows are independent, so a
    batch of samples can be passed as sample × dimension rows). Returns ``(keadaan,
    ada_seri)``: ``keadaan`` is (D, 3, words, m) uint64 — word-major, region a in the last
    axis — where bit b of ``keadaan[d, 2, :, a]`` is set when x[d, b] < x[d, a] (a beats b on
    d), of ``keadaan[d, 0, :, a]`` when x[d, b] > x[d, a], and of ``keadaan[d, 1, :, a]``
    otherwise (tie, or either value missing; a itself included); ``ada_seri[d]`` tells whether
    dimension d has a tie or a missing value — otherwise the draw state would hold only a
    itself, which never counts, and it is left unfilled.

    Built in O(D · m · words): in sorted order the regions below a position are a prefix, so
    prefix sums of one-hot words (bits never collide, so a sum is an OR) give every set at
    once; tied regions share the prefix at the start of their run.
    """
    D, m = x.shape
    kata = (m + 63) // 64
    urut = np.argsort(x, axis=1)  # NaN last
    geser_baris = (np.arange(D) * m)[:, None]
    xs = x.ravel()[urut + geser_baris]
    sah = ~np.isnan(xs)
    awalan = np.zeros((D, kata, m + 1), dtype=np.uint64)  # column p + 1 = sorted position p
    bit = np.left_shift(_SATU, (urut & 63).astype(np.uint64))
    bit *= sah
    alamat = (
        (np.arange(D) * (kata * (m + 1)))[:, None] + (urut >> 6) * (m + 1) + np.arange(1, m + 1)
    )
    awalan.ravel()[alamat] = bit
    np.cumsum(awalan, axis=2, out=awalan)  # awalan[d, :, p] = regions at sorted positions < p
    baru = np.empty((D, m), dtype=bool)  # first of its run of equal values
    baru[:, :1] = True
    np.not_equal(xs[:, 1:], xs[:, :-1], out=baru[:, 1:])
    ada_seri = ~baru.all(axis=1) | ~sah.all(axis=1)
    letak = np.empty_like(urut)  # sorted position of each region
    letak.ravel()[urut + geser_baris] = np.arange(m)
    total = awalan[:, :, m:]
    # Column c of awalan for every (dimension, word) row: flat index of row start + c.
    dasar = (np.arange(D * kata) * (m + 1)).reshape(D, kata, 1)
    datar = awalan.ravel()
    keadaan = np.empty((D, 3, kata, m), dtype=np.uint64)
    lebih, seri, kurang = keadaan[:, 2], keadaan[:, 1], keadaan[:, 0]
    if not ada_seri.any():
        # The common case: beaten = before, beating = after, draw = only the region itself,
        # which :func:`_kontes` skips (so the draw state is left unfilled).
        np.take(datar, dasar + letak[:, None, :], out=lebih)
        np.bitwise_xor(total, lebih, out=kurang)
        np.bitwise_xor(kurang, _bit_diri(m), out=kurang)
        return keadaan, ada_seri
    posisi = np.arange(m)
    awal = np.maximum.accumulate(np.where(baru, posisi, 0), axis=1)
    akhir_run = np.ones((D, m), dtype=bool)
    akhir_run[:, :-1] = baru[:, 1:]
    akhir = np.minimum.accumulate(np.where(akhir_run, posisi, m - 1)[:, ::-1], axis=1)[:, ::-1]
    idx_lebih = awal.ravel()[letak + geser_baris]
    idx_kurang = akhir.ravel()[letak + geser_baris] + 1
    np.take(datar, dasar + idx_lebih[:, None, :], out=lebih)
    np.subtract(total, datar[dasar + idx_kurang[:, None, :]], out=kurang)
    if not sah.all():
        sah_r = ~np.isnan(x)[:, None, :]
        lebih *= sah_r
        kurang *= sah_r
    np.bitwise_or(lebih, kurang, out=seri)
    np.bitwise_and(~seri, _topeng_penuh(m), out=seri)
    return keadaan, ada_seri


def _gabung_keadaan(
    keadaan: list[np.ndarray], suara: list[np.ndarray], m: int
) -> tuple[np.ndarray, np.ndarray]:
    """All combinations of per-dimension states of a group of dimensions: the bitset of the
    regions in each combination (c, words, m) and the summed weighted vote of each (c,)."""
    if not keadaan:
        return np.broadcast_to(_topeng_penuh(m), (1, (m + 63) // 64, m)), np.zeros(1)
    himp, nilai = keadaan[0], suara[0]
    for h, v in zip(keadaan[1:], suara[1:], strict=True):
        himp = (himp[:, None] & h[None]).reshape(-1, *himp.shape[1:])
        nilai = (nilai[:, None] + v[None, :]).ravel()
    return himp, nilai


def _hitung(himp: np.ndarray) -> np.ndarray:
    """Members of each region's bitset (words, m) → (m,) int64."""
    return np.bitwise_count(himp).sum(axis=0, dtype=np.int64)


def menang_kalah(skor_dim: np.ndarray, bobot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairwise wins and losses of every region in the weighted Copeland contest.

    ``skor_dim`` (m, D): dimension scores (NaN = dimension missing for that region);
    ``bobot`` (D,): dimension weights. Returns ``(menang, kalah)`` as int64 arrays (m,).

    Exact and bit-parallel: per dimension a pair is better / drawn (tie or missing) / worse.
    The dimensions are split in two halves; for each half, the regions in each combination of
    states form a bitset with a known partial vote. A pair is a win when the two partial votes
    sum to more than the tolerance, so for every combination of the first half the matching
    combinations of the second are a run of the second half sorted by vote, whose union is a
    prefix/suffix OR. Cost O(3^⌈D/2⌉ · m² / 64) word operations (2^⌈D/2⌉ without ties).
    """
    # Scores are compared after rounding to 9 decimals, like composites before ranking, so
    # floating-point noise never breaks a real tie.
    x = np.round(np.asarray(skor_dim, dtype=float), PRESISI_BANDING)
    m = x.shape[0]
    if m == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return _kontes(*_himpunan_banding(np.ascontiguousarray(x.T)), np.asarray(bobot, dtype=float))


def _kontes(
    himpunan: np.ndarray, ada_seri: np.ndarray, w: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Wins and losses from the per-dimension bitsets of :func:`_himpunan_banding`."""
    D, _, _, m = himpunan.shape
    keadaan, suara = [], []
    for d in range(D):
        if w[d] == 0:
            continue
        if ada_seri[d]:
            keadaan.append(himpunan[d])
            suara.append(np.array([-w[d], 0.0, w[d]]))
        else:  # the draw state holds only the region itself, which never counts
            keadaan.append(himpunan[d, ::2])
            suara.append(np.array([-w[d], w[d]]))
    h = (len(keadaan) + 1) // 2
    A, suara_a = _gabung_keadaan(keadaan[:h], suara[:h], m)
    B, suara_b = _gabung_keadaan(keadaan[h:], suara[h:], m)
    urut = np.argsort(suara_b, kind="stable")
    suara_b = suara_b[urut]
    n = len(suara_b)
    j_menang = np.searchsorted(suara_b, -suara_a + TOLERANSI_SERI, side="right")
    j_kalah = np.searchsorted(suara_b, -suara_a - TOLERANSI_SERI, side="left")
    ada_remis = bool((j_menang != j_kalah).any()) or any(ada_seri[d] for d in range(D) if w[d])
    # Running ORs over the few combinations, as an explicit loop: ufunc.accumulate along a
    # short leading axis goes element by element.
    akhiran = np.empty((n + 1, *B.shape[1:]), dtype=np.uint64)  # akhiran[j] = OR of B[j:]
    akhiran[n] = 0
    for j in range(n - 1, -1, -1):
        np.bitwise_or(akhiran[j + 1], B[urut[j]], out=akhiran[j])
    # The combinations of the first half are disjoint, so their unions can be OR-ed first.
    menang = _hitung(np.bitwise_or.reduce(A & akhiran[j_menang], axis=0))
    if not ada_remis:  # every other region is either beaten or beating
        return menang, (m - 1) - menang
    awalan = np.empty_like(akhiran)  # awalan[j] = OR of B[:j]
    awalan[0] = 0
    for j in range(n):
        np.bitwise_or(awalan[j], B[urut[j]], out=awalan[j + 1])
    kalah = _hitung(np.bitwise_or.reduce(A & awalan[j_kalah], axis=0))
    return menang, kalah


def _menang_kalah_langsung(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same contest for a batch (nb, m, D) of small m, pair by pair: O(nb · m² · D)."""
    V = np.zeros((x.shape[0], x.shape[1], x.shape[1]))
    with np.errstate(invalid="ignore"):
        for d in range(x.shape[2]):
            tanda = np.sign(x[:, :, None, d] - x[:, None, :, d])
            V += w[:, None, None, d] * np.nan_to_num(tanda, nan=0.0)
    menang = np.count_nonzero(V > TOLERANSI_SERI, axis=2)
    kalah = np.count_nonzero(V < -TOLERANSI_SERI, axis=2)
    return menang.astype(np.int64), kalah.astype(np.int64)


BAIT_HIMPUNAN = 256 * 1024
"""Bitsets of at most this many bytes are built in one go."""

M_LANGSUNG = 32
"""Up to this many regions the Copeland contest is counted pair by pair for a whole batch of
samples at once; above it, sample by sample with bitsets (:func:`menang_kalah`). Measured
crossover: about 35 regions (0,05 vs 0,08 ms per sample at 30 regions, 0,20 vs 0,09 at 48)."""


def skor_copeland_banyak(skor_dim: np.ndarray, bobot: np.ndarray) -> np.ndarray:
    """Copeland scores (nb, m) of a batch: ``skor_dim`` (nb, m, D), ``bobot`` (nb, D).

    Score on 0–100: 100 · (wins + draws / 2) / (m − 1) = 50 + 50 · (wins − losses) / (m − 1);
    100 for a lone region. Ranking by it is ranking by wins − losses.
    """
    x = np.round(np.asarray(skor_dim, dtype=float), PRESISI_BANDING)
    w = np.asarray(bobot, dtype=float)
    nb, m = x.shape[:2]
    if m <= 1:
        return np.full((nb, m), 100.0)
    if m <= M_LANGSUNG:
        menang, kalah = np.zeros((nb, m), dtype=np.int64), np.zeros((nb, m), dtype=np.int64)
        langkah = max(1, 2_000_000 // (m * m))
        for lo in range(0, nb, langkah):
            menang[lo : lo + langkah], kalah[lo : lo + langkah] = _menang_kalah_langsung(
                x[lo : lo + langkah], w[lo : lo + langkah]
            )
    else:
        # The bitsets of a chunk of samples are built in one go (rows = sample × dimension),
        # the contest is then played sample by sample. Chunks stay within a CPU cache
        # (measured: 514 regions, 4 dimensions → one sample per chunk is fastest).
        D = x.shape[2]
        menang, kalah = np.zeros((nb, m), dtype=np.int64), np.zeros((nb, m), dtype=np.int64)
        langkah = max(1, BAIT_HIMPUNAN // (D * ((m + 63) // 64) * (m + 1) * 8))
        for lo in range(0, nb, langkah):
            bagian = x[lo : lo + langkah]
            himpunan, ada_seri = _himpunan_banding(
                np.ascontiguousarray(bagian.transpose(0, 2, 1)).reshape(-1, m)
            )
            for s in range(len(bagian)):
                baris = slice(s * D, (s + 1) * D)
                menang[lo + s], kalah[lo + s] = _kontes(himpunan[baris], ada_seri[baris], w[lo + s])
    return 50.0 + 50.0 * (menang - kalah) / (m - 1)


def skor_copeland(skor_dim: np.ndarray, bobot: np.ndarray) -> np.ndarray:
    """Copeland scores (m,) of one set of dimension scores (m, D) and weights (D,); see
    :func:`skor_copeland_banyak`."""
    x = np.asarray(skor_dim, dtype=float)
    return skor_copeland_banyak(x[None], np.asarray(bobot, dtype=float)[None])[0]
