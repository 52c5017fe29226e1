"""The Monte Carlo of the ranking against known distributions (not against itself).

* weights: Dirichlet(α·w) has mean w and variance w(1 − w)/(α + 1), per group of indicators;
  through :func:`uji_robust`, the share of draws in which a weight crosses a known threshold
  equals the Beta tail probability;
* summaries: the 90 % interval, the median, the top-k probability and the pair reversal shares
  equal a reference computation (numpy quantiles, means) on a known sample of ranks;
* without ties every draw fills exactly ``min(posisi_teratas, n)`` top places, so the top-k
  probabilities add up to that number in every run.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analisis.peringkat import robust
from analisis.peringkat.kerangka import kerangka_bawaan, muat_kerangka
from analisis.peringkat.robust import _dirichlet, uji_robust

DATA = Path(__file__).parent / "data" / "peringkat"


@pytest.fixture(scope="module")
def kecil():
    return muat_kerangka(DATA / "kerangka_kecil.yaml")


# ------------------------------------------------------------------------------ weights


def _cek_dirichlet(sampel: np.ndarray, w: np.ndarray, alpha: float) -> None:
    """Mean and variance of every component against Dirichlet(α·w), w summing to 1."""
    B = len(sampel)
    var = w * (1 - w) / (alpha + 1)
    # 5 standard errors of the sample mean; the sample variance within 4 % (its relative
    # standard error is about √(2/B) ≈ 0.5 % here).
    np.testing.assert_allclose(sampel.mean(axis=0), w, rtol=0, atol=5 * np.sqrt(var / B).max())
    np.testing.assert_allclose(sampel.var(axis=0), var, rtol=0.04)


@pytest.mark.parametrize("alpha", [5.0, 50.0, 400.0])
def test_dirichlet_weights_have_the_mean_and_spread_of_the_concentration(alpha):
    rng = np.random.default_rng(11)
    w = np.array([0.40, 0.25, 0.20, 0.15])
    sampel = _dirichlet(rng, w, alpha, 100_000)
    assert sampel.shape == (100_000, 4)
    np.testing.assert_allclose(sampel.sum(axis=1), 1.0, atol=1e-12)
    assert (sampel > 0).all()
    _cek_dirichlet(sampel, w, alpha)


def test_dirichlet_within_groups_is_one_dirichlet_per_group():
    rng = np.random.default_rng(12)
    w = np.array([0.35, 0.15, 0.15, 0.10, 0.25, 0.40, 0.35, 0.25])
    grup = np.array([0, 0, 0, 0, 0, 1, 1, 1])
    sampel = _dirichlet(rng, w, 50.0, 100_000, grup)
    np.testing.assert_allclose(sampel[:, :5].sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(sampel[:, 5:].sum(axis=1), 1.0, atol=1e-12)
    _cek_dirichlet(sampel[:, :5], w[:5], 50.0)
    _cek_dirichlet(sampel[:, 5:], w[5:], 50.0)
    # The groups are drawn independently.
    assert abs(np.corrcoef(sampel[:, 0], sampel[:, 5])[0, 1]) < 0.02


def test_infinite_concentration_keeps_the_weights():
    w = np.array([0.6, 0.4])
    sampel = _dirichlet(np.random.default_rng(0), w, math.inf, 7)
    assert (sampel == w).all() and sampel.shape == (7, 2)


def test_reversal_share_equals_the_beta_tail_of_the_dimension_weight(kecil):
    """Two regions, two dimensions, fixed indicator weights, no noise, one normalisation.

    Scores: A has hasil 100 and lapor 12,5; B has hasil 50 and lapor 100. With the dimension
    weight W of "hasil", A is ahead exactly when 100W + 12,5(1 − W) > 50W + 100(1 − W), i.e.
    W > 7/11. Deterministically (W = 0,6) B is first; W ~ Beta(0,6α, 0,4α), so the share of
    draws in which A is ahead is the Beta tail P(W > 7/11).
    """
    data = pd.DataFrame(
        {"x1": [1.0, 0.0], "x2": [5.0, 5.0], "y1": ["D", "A"], "y2": ["tidak", "ya"]},
        index=pd.Index(["6301", "6302"], name="kode_wilayah"),
    )
    alpha, B = 50.0, 20_000
    h = uji_robust(
        data,
        kecil,
        jumlah_iterasi=B,
        benih=5,
        konsentrasi_dimensi=alpha,
        konsentrasi_indikator=math.inf,
        skala_galat=0.0,
        normalisasi_alternatif=["bawaan"],
    )
    assert list(h.ringkasan.index) == ["6302", "6301"]
    np.testing.assert_allclose(h.ringkasan["skor_komposit"], [70.0, 65.0])
    [terbalik] = h.pasangan["proporsi_terbalik"]
    harapan = stats.beta.sf(7 / 11, 0.6 * alpha, 0.4 * alpha)
    assert abs(terbalik - harapan) < 4 * math.sqrt(harapan * (1 - harapan) / B)
    assert h.ringkasan.loc["6302", "peluang_teratas"] == 1.0  # two regions, top 3


# ------------------------------------------------------------------------------ summaries


def _ringkas_sampel(kecil, rank: np.ndarray, monkeypatch, **opsi):
    """uji_robust on the small example with the draws replaced by a known sample of ranks
    (columns in the order of the data's regions)."""
    data = pd.DataFrame(
        {
            "x1": [2, 4, 6, 5, 3],
            "x2": [10, 5, 20, 8, 12],
            "y1": ["A", "B", "A", "C", "D"],
            "y2": ["ya", "tidak", "tidak", "ya", "ya"],
        },
        index=pd.Index(["6301", "6302", "6303", "6304", "6305"], name="kode_wilayah"),
    )
    B = len(rank)
    monkeypatch.setattr(
        robust,
        "_simulasi",
        lambda *a, **k: (rank.astype(np.int32), np.array(["bawaan"] * B, dtype=object)),
    )
    return data, uji_robust(data, kecil, jumlah_iterasi=B, **opsi)


@pytest.mark.parametrize("B", [1, 2, 3, 19, 20, 21, 40, 1000])
def test_interval_median_and_top_share_equal_a_reference_computation(kecil, monkeypatch, B):
    rng = np.random.default_rng(B)
    rank = rng.integers(1, 6, size=(B, 5))
    data, h = _ringkas_sampel(kecil, rank, monkeypatch, posisi_teratas=2, jendela_pasangan=None)
    r = h.ringkasan
    for j, kode in enumerate(data.index):
        x = rank[:, j]
        # The 5th/95th percentile as a rank that occurred (inverted empirical CDF).
        assert r.at[kode, "peringkat_p05"] == np.quantile(x, 0.05, method="inverted_cdf"), kode
        assert r.at[kode, "peringkat_p95"] == np.quantile(x, 0.95, method="inverted_cdf"), kode
        assert r.at[kode, "median_peringkat"] == np.median(x), kode
        assert r.at[kode, "peluang_teratas"] == pytest.approx(np.mean(x <= 2), abs=1e-15), kode
    # Pair reversal: the share of draws in which the lower-ranked region is strictly ahead.
    kolom = {kode: j for j, kode in enumerate(data.index)}
    for p in h.pasangan.itertuples():
        atas, bawah = rank[:, kolom[p.kode_atas]], rank[:, kolom[p.kode_bawah]]
        assert p.proporsi_terbalik == pytest.approx(np.mean(bawah < atas), abs=1e-15)


def test_interval_of_a_known_distribution(kecil, monkeypatch):
    """20 draws with ranks 1, 2 (17 times), 3 and 5: the 5th percentile is the 1st smallest
    (1), the 95th the 19th smallest (3), the median the mean of the 10th and 11th (2); one
    position off in any of them gives 2, 2 or 5, or 2,5."""
    x = np.array([1] + [2] * 17 + [3, 5])
    rank = np.stack([np.random.default_rng(j).permutation(x) for j in range(5)], axis=1)
    _, h = _ringkas_sampel(kecil, rank, monkeypatch, posisi_teratas=2)
    r = h.ringkasan
    assert set(r["peringkat_p05"]) == {1} and set(r["peringkat_p95"]) == {3}
    assert set(r["median_peringkat"]) == {2.0}
    assert set(r["peluang_teratas"]) == {18 / 20}
    # 40 draws: the 5th percentile is the 2nd smallest rank (here 2, the smallest is 1).
    x = np.array([1, 2] + [3] * 36 + [4, 5])
    rank = np.stack([np.random.default_rng(j).permutation(x) for j in range(5)], axis=1)
    _, h = _ringkas_sampel(kecil, rank, monkeypatch, posisi_teratas=2)
    assert set(h.ringkasan["peringkat_p05"]) == {2} and set(h.ringkasan["peringkat_p95"]) == {3}


# ------------------------------------------------------------------------------ top places


def _data_tanpa_seri(n: int, benih: int) -> pd.DataFrame:
    rng = np.random.default_rng(benih)
    df = pd.DataFrame(index=pd.Index([f"R{i:03d}" for i in range(n)], name="kode_wilayah"))
    df["penurunan_p0_3th"] = rng.normal(0.8, 0.7, n)
    df["penurunan_p0_relatif_3th"] = rng.normal(10, 8, n)
    df["penurunan_p1_3th"] = rng.normal(0.15, 0.2, n)
    df["penurunan_p2_3th"] = rng.normal(0.04, 0.06, n)
    df["efektivitas_p0"] = rng.uniform(0, 1, n)
    for c in (
        "porsi_anggaran_kemiskinan",
        "skor_penandaan",
        "realisasi_anggaran",
        "kelengkapan_laporan",
        "progres_verval",
        "persen_nik_valid",
        "persen_duplikat",
        "cakupan_desil1",
    ):
        df[c] = rng.uniform(1, 99, n)
    df["rpkd_berlaku"] = rng.choice(["ya", "tidak"], n)
    df["rat_tepat_waktu"] = rng.choice(["ya", "tidak"], n)
    df["laporan_tepat_waktu"] = rng.choice(list("ABCD"), n)
    df["jumlah_rakor"] = rng.integers(0, 6, n)
    return df


@pytest.mark.parametrize(
    ("n", "teratas", "benih"), [(2, 3, 1), (3, 3, 2), (4, 3, 3), (13, 3, 4), (13, 1, 5), (56, 5, 6)]
)
def test_top_places_are_filled_exactly_in_every_draw(n, teratas, benih):
    h = uji_robust(
        _data_tanpa_seri(n, benih),
        kerangka_bawaan(),
        jumlah_iterasi=300,
        benih=benih,
        posisi_teratas=teratas,
    )
    tempat = min(teratas, n)
    assert ((h.peringkat_draw <= teratas).sum(axis=1) == tempat).all()
    assert h.ringkasan["peluang_teratas"].sum() == pytest.approx(tempat, abs=1e-12)
    # Each draw is a permutation of 1…n (no ties to share a rank).
    assert (np.sort(h.peringkat_draw, axis=1) == np.arange(1, n + 1)).all()
