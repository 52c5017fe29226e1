"""Monte Carlo robustness of the TKPK ranking: how much do ranks depend on the choices made?

Each draw b = 1…B changes three things at once (domain methods §3.5 asks for a "sensitivity band"
under weight perturbations and alternative standardisations, and for outcome differences inside
sampling error to be flagged):

1. **Weights.** Dimension weights ~ Dirichlet(α_d · W) and, independently for every dimension,
   indicator weights ~ Dirichlet(α_i · w). A Dirichlet(α·w) has mean w and variance
   w(1−w)/(α+1), so α is a concentration: α = 50 moves a weight of 0.40 by about ±0.07.
   α = ``inf`` keeps the configured weights.
2. **Sampling noise.** Every numeric indicator with a standard error gets
   X_b = X + skala_galat · SE · ε, ε ~ N(0, 1), clipped to the indicator's ``rentang``. SE comes
   from the ``<kode>__se`` column, else ``se_bawaan``, else ``rse_bawaan``% × |X|, else 0 (the
   defaults exist only for ``sumber: statistik``; other numeric indicators are perturbed only
   when the data carry a ``<kode>__se`` column). For the statistical indicators the evaluation
   writes ``<kode>__se`` into each region's ``kinerja`` from the one precision model of
   :mod:`analisis.metode.presisi` (or from imported BPS RSE), the model behind the report's
   "tidak signifikan" labels, so the report and the ranking agree on what is noise; the default
   framework therefore sets no ``se_bawaan``. Rubric grades are never perturbed. Errors are
   independent across regions and indicators (the P0, P1, P2 changes come from the same survey,
   so their true errors are correlated; this is ignored). Noisy values are computed in float32
   — the noise is random anyway — and every sum is accumulated in float64.
3. **Normalisation.** One scheme per draw, uniformly from ``normalisasi_alternatif``:
   ``bawaan`` keeps every indicator's configured method; ``max_rasio`` / ``min_maks`` /
   ``skor_z`` is applied to every *relative* indicator that allows it (its own
   ``normalisasi_alternatif``), the others keep their method. Absolute scales (rubric,
   target achievement) never change.

The missing-data policy and the set of ranked regions are those of the deterministic index;
normalisation reference values are recomputed per draw over the ranked regions.

Per region: median rank (mean of the two middle draws when B is even), 90 % interval (5th and
95th percentile, empirical "inverted CDF": always a rank that actually occurred), and the
probability of a place in the top ``posisi_teratas``.
Per pair of regions whose deterministic ranks differ by at most ``jendela_pasangan`` (and are not
tied): the share of draws in which the lower-ranked region is strictly ahead; pairs at or above
``ambang_urutan_tidak_robust`` are flagged "urutan tidak robust".

Everything is vectorised over draws (processed in cache-sized blocks); randomness comes from one
``numpy.random.Generator`` seeded with ``benih``, drawn in a fixed order (weights, schemes,
noise block by block), so the same data, framework and seed give the same result.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

from analisis.galat import GalatValidasi, Masalah
from analisis.peringkat.indeks import (
    HasilPeringkat,
    _komposit_tetap,
    _normalisasi,
    _susun_hasil,
    peringkat_min,
)
from analisis.peringkat.kerangka import BAWAAN, NORMALISASI_RELATIF, Kerangka
from analisis.peringkat.siap import DataSiap, siapkan_data

STATUS_TIDAK_ROBUST = "urutan tidak robust"
STATUS_ROBUST = "robust"


class _Penanda(enum.Enum):
    TIDAK_DIISI = enum.auto()


# "argument not given" (None has a meaning for benih/jendela); an enum member so that
# ``benih is _TIDAK_DIISI`` narrows the argument's type
_TIDAK_DIISI: Final = _Penanda.TIDAK_DIISI


@dataclass
class HasilRobust:
    """Result of :func:`uji_robust`.

    ``ringkasan``   index ``kode_wilayah`` (ranked regions, by deterministic rank): ``wilayah``,
                    ``peringkat``, ``skor_komposit`` (deterministic), ``median_peringkat``,
                    ``peringkat_p05``, ``peringkat_p95``, ``peluang_teratas`` (share of draws in
                    the top ``posisi_teratas``), ``jumlah_pasangan_tidak_robust``.
    ``pasangan``    every examined pair: ``kode_atas``, ``wilayah_atas``, ``peringkat_atas``,
                    ``kode_bawah``, ``wilayah_bawah``, ``peringkat_bawah``,
                    ``proporsi_terbalik``, ``status``.
    ``peringkat_draw``  (B, n) ranks per draw, columns in ``ringkasan`` order.
    ``skema_draw``  (B,) normalisation scheme used in each draw.
    ``parameter``   the settings actually used.
    """

    ringkasan: pd.DataFrame
    pasangan: pd.DataFrame
    peringkat_draw: np.ndarray
    skema_draw: np.ndarray
    parameter: dict[str, Any]
    deterministik: HasilPeringkat
    peringatan: list[Masalah] = field(default_factory=list)

    @property
    def pasangan_tidak_robust(self) -> pd.DataFrame:
        return self.pasangan[self.pasangan["status"] == STATUS_TIDAK_ROBUST]


def _dirichlet(
    rng: np.random.Generator,
    bobot: np.ndarray,
    alpha: float,
    B: int,
    grup: np.ndarray | None = None,
) -> np.ndarray:
    """(B, k) weight draws with mean ``bobot``, normalised within groups (``grup[i]`` = group
    of component i; ``None`` = one group). ``alpha = inf`` returns the weights unchanged."""
    k = len(bobot)
    if grup is None:
        grup = np.zeros(k, dtype=int)
    if math.isinf(alpha):
        return np.broadcast_to(bobot, (B, k)).copy()
    g = rng.gamma(alpha * bobot, size=(B, k))
    G = np.zeros((k, grup.max() + 1))
    G[np.arange(k), grup] = 1.0
    jumlah = (g @ G)[:, grup]
    # A group can underflow to all zeros for tiny α·w; fall back to the configured weights there.
    nol = jumlah <= 0
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(nol, bobot, g / jumlah)
    return w


def _metode_per_skema(siap: DataSiap, skema: list[str]) -> list[list[str]]:
    """For each scheme, the normalisation each indicator uses."""
    k = siap.kerangka
    out = []
    for s in skema:
        baris = []
        for ind in siap.indikator:
            metode = ind.normalisasi
            if s != BAWAAN and ind.relatif:
                boleh = (
                    ind.normalisasi_alternatif
                    if ind.normalisasi_alternatif is not None
                    else [m for m in k.robust.normalisasi_alternatif if m in NORMALISASI_RELATIF]
                )
                if s in boleh:
                    metode = s
            baris.append(metode)
        out.append(baris)
    return out


def uji_robust(
    data: pd.DataFrame,
    kerangka: Kerangka,
    *,
    jumlah_iterasi: int | None = None,
    benih: int | None | Literal[_Penanda.TIDAK_DIISI] = _TIDAK_DIISI,
    konsentrasi_dimensi: float | None = None,
    konsentrasi_indikator: float | None = None,
    normalisasi_alternatif: list[str] | None = None,
    skala_galat: float | None = None,
    ambang: float | None = None,
    posisi_teratas: int | None = None,
    jendela_pasangan: int | None | Literal[_Penanda.TIDAK_DIISI] = _TIDAK_DIISI,
    kebijakan_data_hilang: str | None = None,
    izinkan_dimensi_hilang: bool | None = None,
    berkas: str | None = None,
) -> HasilRobust:
    """Monte Carlo robustness check of the ranking of ``data`` under ``kerangka``.

    Every keyword overrides the framework's ``robust`` settings (``benih=None`` = fresh
    entropy, recorded in ``parameter['benih']``; ``jendela_pasangan=None`` = all pairs).
    """
    siap = siapkan_data(
        data,
        kerangka,
        kebijakan_data_hilang=kebijakan_data_hilang,
        izinkan_dimensi_hilang=izinkan_dimensi_hilang,
        berkas=berkas,
    )
    inti = _komposit_tetap(siap)
    det = _susun_hasil(siap, inti)
    r = kerangka.robust
    B = r.jumlah_iterasi if jumlah_iterasi is None else int(jumlah_iterasi)
    seed = r.benih if benih is _TIDAK_DIISI else benih
    if seed is None:  # fresh entropy, recorded in ``parameter`` so the run can be repeated
        entropi = np.random.SeedSequence().entropy
        assert isinstance(entropi, int)  # drawn from the OS when no entropy is given
        seed = entropi
    a_d = r.konsentrasi_dimensi if konsentrasi_dimensi is None else float(konsentrasi_dimensi)
    a_i = r.konsentrasi_indikator if konsentrasi_indikator is None else float(konsentrasi_indikator)
    skema = list(
        r.normalisasi_alternatif if normalisasi_alternatif is None else normalisasi_alternatif
    )
    sg = r.skala_galat if skala_galat is None else float(skala_galat)
    amb = r.ambang_urutan_tidak_robust if ambang is None else float(ambang)
    top = r.posisi_teratas if posisi_teratas is None else int(posisi_teratas)
    jendela = r.jendela_pasangan if jendela_pasangan is _TIDAK_DIISI else jendela_pasangan

    salah = []
    if B < 1:
        salah.append(f"jumlah_iterasi harus ≥ 1, tertulis {B}")
    if not (a_d > 0 and a_i > 0):
        salah.append("konsentrasi harus > 0 (inf = bobot tetap)")
    if not skema:
        salah.append("normalisasi_alternatif kosong; isi minimal ['bawaan']")
    for s in skema:
        if s not in (BAWAAN, *NORMALISASI_RELATIF):
            salah.append(
                f"normalisasi alternatif '{s}' tidak dikenal; pilihan: "
                f"{', '.join((BAWAAN, *NORMALISASI_RELATIF))}"
            )
    if not (sg >= 0 and math.isfinite(sg)):
        salah.append(f"skala_galat harus ≥ 0, tertulis {sg}")
    if not (0 < amb <= 1):
        salah.append(f"ambang harus di antara 0 dan 1, tertulis {amb}")
    if top < 1:
        salah.append(f"posisi_teratas harus ≥ 1, tertulis {top}")
    if jendela is not None and jendela < 1:
        salah.append(f"jendela_pasangan harus ≥ 1 atau None, tertulis {jendela}")
    if salah:
        raise GalatValidasi(
            "Pengaturan uji robust tidak sah",
            masalah=[Masalah(s, kode="robust_tidak_sah") for s in salah],
        )

    parameter = {
        "jumlah_iterasi": B,
        "benih": seed,
        "konsentrasi_dimensi": a_d,
        "konsentrasi_indikator": a_i,
        "normalisasi_alternatif": skema,
        "skala_galat": sg,
        "ambang_urutan_tidak_robust": amb,
        "posisi_teratas": top,
        "jendela_pasangan": jendela,
        "kebijakan_data_hilang": siap.kebijakan_data_hilang,
        "izinkan_dimensi_hilang": siap.izinkan_dimensi_hilang,
    }
    rank_draw, skema_draw = _simulasi(siap, inti, B, seed, a_d, a_i, skema, sg)
    return _ringkas(siap, inti, det, rank_draw, skema_draw, parameter, amb, top, jendela)


_SEL_PER_BLOK = 32_768
"""Draws are processed in blocks of about this many draw × region cells (≈ 256 KB of float64),
so the temporaries of normalisation and ranking stay in the CPU cache."""


#: Up to this many distinct missing-value patterns are scored pattern by pattern (see _simulasi).
_POLA_MAKS = 8


def _bobot_pola(
    w: np.ndarray, W: np.ndarray, ada_pola: np.ndarray, G: np.ndarray, dim_idx: np.ndarray
) -> np.ndarray:
    """Effective indicator weights (nb, k) of regions whose present indicators are ``ada_pola``.

    Same rescaling as the deterministic index: within a dimension the present indicators'
    weights are renormalised, a dimension without any present indicator gets weight 0 and the
    other dimensions are renormalised; composite = Σ_i ω_i · S_i (NaN when nothing is present).
    """
    wa = w * ada_pola  # (nb, k)
    penyebut = wa @ G  # (nb, D)
    punya = penyebut > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        Wa = np.where(punya, W, 0.0)
        W_ef = Wa / Wa.sum(axis=1, keepdims=True)
        faktor = np.where(punya, W_ef / penyebut, 0.0)
        faktor = np.where(np.isnan(W_ef), np.nan, faktor)
    return faktor[:, dim_idx] * wa


def _simulasi(
    siap: DataSiap,
    inti: Any,
    B: int,
    seed: int | None,
    a_d: float,
    a_i: float,
    skema: list[str],
    sg: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Ranks (B, m) of the m ranked regions in every draw, and the scheme of every draw.

    Random numbers are drawn in a fixed order from one Generator: dimension weights, indicator
    weights, scheme labels, then the noise block by block. Draws are exchangeable, so the scheme
    labels are sorted (the draws of one scheme form a contiguous block); this changes nothing in
    distribution and lets every block use a single normalisation.
    """
    rng = np.random.default_rng(seed)
    kr = siap.kerangka
    baris = inti.baris
    m = len(baris)
    k = len(siap.indikator)
    dim_idx = siap.dim_idx
    X = siap.X[baris]
    ada = siap.ada[baris]
    SE = siap.SE[baris] * sg

    # 1. Weights (B, D) and (B, k); combined ω = W[d(i)] · w_i.
    W_b = _dirichlet(rng, siap.bobot_dimensi, a_d, B)
    w_b = _dirichlet(rng, siap.bobot_indikator, a_i, B, dim_idx)
    # 2. Normalisation scheme per draw (sorted → contiguous blocks).
    pilih = np.sort(rng.integers(len(skema), size=B))
    batas = np.searchsorted(pilih, np.arange(len(skema) + 1))
    metode = _metode_per_skema(siap, skema)
    skema_draw = np.array(skema, dtype=object)[pilih]
    rank = np.zeros((B, m), dtype=np.int32)
    if m == 0:
        return rank, skema_draw

    kategorik = np.array([i.kategorik for i in siap.indikator])
    berisik = np.flatnonzero((SE > 0).any(axis=0) & ~kategorik)
    tetap = np.setdiff1d(np.arange(k), berisik)
    omega = W_b[:, dim_idx] * w_b  # (B, k)
    J = np.flatnonzero(~ada.all(axis=1))  # regions with missing values
    G = siap.G
    X0 = np.where(ada, X, 0.0)
    # Noisy draws are computed in float32 (half the memory traffic, faster exp): the noise
    # itself is random, so 7 significant digits are plenty; the composite stays float64.
    X0_32 = X0.astype(np.float32)
    SE32 = SE.astype(np.float32)
    rentang = []
    for c in berisik:
        r = siap.indikator[c].rentang
        rentang.append(
            (r[0], r[1])
            if r is not None and len(r) == 2 and any(v is not None for v in r)
            else None
        )
    ukuran = int(min(max(_SEL_PER_BLOK // max(m, 1), 16), max(B, 1)))
    # Regions with missing values, grouped by their pattern of present indicators: the weights
    # rescaled within dimensions (and across dimensions when a whole dimension is missing) depend
    # only on the pattern, so each pattern gets one effective weight vector per draw and its
    # regions are scored like complete ones. A whole source missing everywhere (e.g. no BNBA
    # extract) is then one pattern: 514 regions × 1,000 draws 279 ms -> ~110 ms (measured).
    # Many distinct patterns fall back to the per-region computation.
    if len(J):
        pola, kelompok = np.unique(ada[J], axis=0, return_inverse=True)
        kelompok = np.asarray(kelompok).reshape(-1)
        J_pola = [J[kelompok == g] for g in range(len(pola))] if len(pola) <= _POLA_MAKS else None
    else:
        pola, J_pola = np.zeros((0, k), dtype=bool), []

    for s_i in range(len(skema)):
        # Fixed indicators: scores under this scheme, zero where missing.
        S_tetap = np.zeros((m, k))
        for c in tetap:
            ind = siap.indikator[c]
            sc = _normalisasi(
                X[:, c],
                metode[s_i][c],
                ind.arah == "turun_baik",
                ada[:, c],
                target=ind.target,
                skala_z=kr.skala_z,
            )
            S_tetap[:, c] = np.where(ada[:, c], sc, 0.0)
        S_tetap_T = S_tetap[:, tetap].T.copy()
        for lo in range(batas[s_i], batas[s_i + 1], ukuran):
            hi = min(lo + ukuran, batas[s_i + 1])
            nb = hi - lo
            om = omega[lo:hi]
            C = om[:, tetap] @ S_tetap_T  # (nb, m): complete regions
            om_pola: list[np.ndarray] = []
            C_pola: list[np.ndarray] = []
            if J_pola is not None:
                for p_g, J_g in zip(pola, J_pola):
                    om_g = _bobot_pola(w_b[lo:hi], W_b[lo:hi], p_g, G, dim_idx)
                    om_pola.append(om_g)
                    C_pola.append(om_g[:, tetap] @ S_tetap_T[:, J_g])
            S_J = (
                np.broadcast_to(S_tetap[J], (nb, len(J), k)).copy()
                if len(J) and J_pola is None
                else None
            )
            # Noisy indicators: X + skala_galat · SE · ε, clipped to the indicator's range,
            # normalised over the ranked regions of the draw.
            for j, c in enumerate(berisik):
                ind = siap.indikator[c]
                Xb = rng.standard_normal((nb, m), dtype=np.float32)
                Xb *= SE32[:, c]
                Xb += X0_32[:, c]
                rentang_j = rentang[j]
                if rentang_j is not None:
                    np.clip(Xb, rentang_j[0], rentang_j[1], out=Xb)
                sc = _normalisasi(
                    Xb,
                    metode[s_i][c],
                    ind.arah == "turun_baik",
                    ada[:, c],
                    target=ind.target,
                    skala_z=kr.skala_z,
                )
                if not ada[:, c].all():
                    sc = np.where(ada[:, c], sc, 0.0)
                if S_J is not None:
                    S_J[:, :, c] = sc[:, J]
                for g, J_g in enumerate(J_pola or ()):
                    C_pola[g] += sc[:, J_g] * om_pola[g][:, c, None]
                sc *= om[:, c, None]
                C += sc
            # Regions with missing values: rescale weights within dimensions (and across
            # dimensions when a whole dimension is missing), as in the deterministic index.
            for J_g, C_g in zip(J_pola or (), C_pola):
                C[:, J_g] = C_g
            if S_J is not None:
                wa = w_b[lo:hi, None, :] * ada[J][None, :, :]  # (nb, |J|, k)
                penyebut = wa @ G  # (nb, |J|, D)
                punya = penyebut > 0
                with np.errstate(invalid="ignore", divide="ignore"):
                    skor_dim = np.where(punya, ((wa * S_J) @ G) / penyebut, 0.0)
                    Wa = np.where(punya, W_b[lo:hi, None, :], 0.0)
                    W_ef = Wa / Wa.sum(axis=2, keepdims=True)
                C[:, J] = (W_ef * skor_dim).sum(axis=2)
            rank[lo:hi] = peringkat_min(C)
    return rank, skema_draw


def _ringkas(
    siap: DataSiap,
    inti: Any,
    det: HasilPeringkat,
    rank: np.ndarray,
    skema_draw: np.ndarray,
    parameter: dict[str, Any],
    amb: float,
    top: int,
    jendela: int | None,
) -> HasilRobust:
    B, m = rank.shape
    urut = (
        np.lexsort((np.array([siap.kode_wilayah[r] for r in inti.baris]), inti.peringkat))
        if m
        else np.zeros(0, dtype=int)
    )
    rank = rank[:, urut]
    baris = inti.baris[urut]
    rd = inti.peringkat[urut]
    kode = [siap.kode_wilayah[r] for r in baris]
    nama = [siap.nama[r] for r in baris]

    # Regions × draws layout (each region's ranks contiguous), small integers.
    dtype = np.int16 if m < np.iinfo(np.int16).max else np.int32
    rank = rank.astype(dtype)
    rank_T = np.ascontiguousarray(rank.T)
    if B:
        # Rank distribution per region by counting (ranks are integers 1…m).
        idx = rank_T.astype(np.int64)
        idx += (np.arange(m, dtype=np.int64) * (m + 1))[:, None]
        kum = np.bincount(idx.ravel(), minlength=m * (m + 1)).reshape(m, m + 1).cumsum(axis=1)

        def ke(i: int) -> np.ndarray:  # (i+1)-th smallest rank per region ("inverted CDF")
            return np.count_nonzero(kum < i + 1, axis=1)

        p05 = ke(max(math.ceil(0.05 * B) - 1, 0))
        p95 = ke(max(math.ceil(0.95 * B) - 1, 0))
        median = (ke((B - 1) // 2) + ke(B // 2)) / 2.0
        peluang = kum[:, min(top, m)] / B
    else:
        p05 = p95 = median = peluang = np.full(m, np.nan)

    # Pairs (a ahead of b deterministically, not tied, rank gap ≤ jendela). Regions are in
    # deterministic rank order, so pairs at position offset d are two contiguous slices; the
    # rank gap grows with d, so offsets stop once every gap exceeds the window.
    daftar_a, daftar_b, daftar_p = [], [], []
    for d in range(1, m):
        selisih = rd[d:] - rd[:-d]
        pilih = selisih > 0
        if jendela is not None:
            if selisih.min() > jendela:
                break
            pilih &= selisih <= jendela
        if not pilih.any():
            continue
        a = np.flatnonzero(pilih)
        if B:
            if len(a) == len(pilih):
                p = np.count_nonzero(rank_T[d:] < rank_T[:-d], axis=1) / B
            else:
                p = np.count_nonzero(rank_T[a + d] < rank_T[a], axis=1) / B
        else:
            p = np.zeros(len(a))
        daftar_a.append(a)
        daftar_b.append(a + d)
        daftar_p.append(p)
    if daftar_a:
        ia, ib = np.concatenate(daftar_a), np.concatenate(daftar_b)
        terbalik = np.concatenate(daftar_p)
        urut_p = np.lexsort((ib, ia))
        ia, ib, terbalik = ia[urut_p], ib[urut_p], terbalik[urut_p]
    else:
        ia = ib = np.zeros(0, dtype=np.int64)
        terbalik = np.zeros(0)
    flag = terbalik >= amb
    kat_kode = pd.CategoricalDtype(kode)
    nama_unik, nama_idx = np.unique(np.array(nama, dtype=object).astype(str), return_inverse=True)
    kat_nama = pd.CategoricalDtype(list(nama_unik))
    kat_status = pd.CategoricalDtype([STATUS_TIDAK_ROBUST, STATUS_ROBUST])
    pasangan = pd.DataFrame(
        {
            "kode_atas": pd.Categorical.from_codes(ia, dtype=kat_kode),
            "wilayah_atas": pd.Categorical.from_codes(nama_idx[ia], dtype=kat_nama),
            "peringkat_atas": rd[ia].astype(int),
            "kode_bawah": pd.Categorical.from_codes(ib, dtype=kat_kode),
            "wilayah_bawah": pd.Categorical.from_codes(nama_idx[ib], dtype=kat_nama),
            "peringkat_bawah": rd[ib].astype(int),
            "proporsi_terbalik": terbalik,
            "status": pd.Categorical.from_codes(np.where(flag, 0, 1), dtype=kat_status),
        }
    )
    hitung = np.zeros(m, dtype=int)
    np.add.at(hitung, ia[flag], 1)
    np.add.at(hitung, ib[flag], 1)
    ringkasan = pd.DataFrame(
        {
            "wilayah": nama,
            "peringkat": rd.astype(int),
            "skor_komposit": inti.komposit[urut],
            "median_peringkat": median,
            "peringkat_p05": np.asarray(p05).astype(float),
            "peringkat_p95": np.asarray(p95).astype(float),
            "peluang_teratas": peluang,
            "jumlah_pasangan_tidak_robust": hitung,
        },
        index=pd.Index(kode, name="kode_wilayah"),
    )
    if B:
        ringkasan["peringkat_p05"] = ringkasan["peringkat_p05"].astype(int)
        ringkasan["peringkat_p95"] = ringkasan["peringkat_p95"].astype(int)
    peringatan = list(det.peringatan)
    if flag.any():
        peringatan.append(
            Masalah(
                f"{int(flag.sum())} pasangan wilayah berurutan tidak robust (urutan terbalik di ≥ "
                f"{amb:.0%} tarikan); lihat tabel pasangan",
                kode="urutan_tidak_robust",
                tingkat="peringatan",
            )
        )
    return HasilRobust(
        ringkasan=ringkasan,
        pasangan=pasangan,
        peringkat_draw=rank,
        skema_draw=skema_draw,
        parameter=parameter,
        deterministik=det,
        peringatan=peringatan,
    )
