"""The index: every normalisation and a small example computed by hand, checked exactly."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analisis.galat import GalatValidasi
from analisis.peringkat.indeks import hitung_indeks, normalisasi, peringkat_min, phi
from analisis.peringkat.kerangka import kerangka_bawaan, muat_kerangka
from analisis.peringkat.templat import baca_evaluator

DATA = Path(__file__).parent / "data" / "peringkat"
AKAR = Path(__file__).resolve().parents[1]


def sama(hasil, harapan, tol=1e-12):
    """Element-wise equality up to floating-point rounding, NaN == NaN."""
    np.testing.assert_allclose(
        np.asarray(hasil, dtype=float), np.asarray(harapan, dtype=float), rtol=0, atol=tol
    )


# --- Normalisations ---------------------------------------------------------------------------


def test_max_rasio():
    sama(normalisasi([10, 5, 20, 0], "max_rasio"), [50, 25, 100, 0])
    # Lower is better: X_min / X × 100; zero is the best possible value (100).
    sama(normalisasi([10, 5, 20], "max_rasio", "turun_baik"), [50, 100, 25])
    sama(normalisasi([0, 5, 2], "max_rasio", "turun_baik"), [100, 0, 0])
    # Negative values count as 0; no positive value at all → 0 for everyone.
    sama(normalisasi([-2, 4, 1], "max_rasio"), [0, 100, 25])
    sama(normalisasi([-2, 0, -1], "max_rasio"), [0, 0, 0])


def test_min_maks():
    sama(normalisasi([2, 4, 6, 4], "min_maks"), [0, 50, 100, 50])
    sama(normalisasi([2, 4, 6, 4], "min_maks", "turun_baik"), [100, 50, 0, 50])
    sama(normalisasi([3, 3, 3], "min_maks"), [100, 100, 100])  # all equal → 100
    sama(normalisasi([3, 3], "min_maks", "turun_baik"), [100, 100])
    # Missing values (NaN) stay missing and are not part of the reference min/max.
    sama(normalisasi([2, np.nan, 6, 3], "min_maks"), [0, np.nan, 100, 25])


def test_skor_z():
    # mean 3, population sd 1 → z = −1, +1, −1, +1
    x = [2, 4, 2, 4, np.nan]
    sama(normalisasi(x, "skor_z", skala_z="skor_t"), [40, 60, 40, 60, np.nan])
    sama(normalisasi(x, "skor_z", "turun_baik", skala_z="skor_t"), [60, 40, 60, 40, np.nan])
    # 100 · Φ(z): Φ(1) = 0.841344746068543 (A&S 26.2.17, error < 1e−5 points)
    sama(normalisasi(x, "skor_z"), [15.865525393145708, 84.1344746068543] * 2 + [np.nan], tol=1e-5)
    sama(normalisasi([7, 7, 7], "skor_z"), [50, 50, 50])  # all equal → z = 0
    # T-score is clipped to 0–100 (z = ±7 → 0 / 100 would be −20 / 120 unclipped)
    x = [0.0] * 49 + [100.0]
    s = normalisasi(x, "skor_z", skala_z="skor_t")
    assert s[-1] == 100.0 and 0 < s[0] < 50


def test_phi_akurat_dan_simetris():
    z = np.linspace(-6, 6, 241)
    tepat = np.array([0.5 * (1 + math.erf(v / math.sqrt(2))) for v in z])
    assert np.max(np.abs(phi(z) - tepat)) < 7.5e-8
    sama(phi(z) + phi(-z), np.ones_like(z), tol=1e-15)


def test_capaian_target_dan_rubrik():
    sama(normalisasi([0, 1, 3, 5], "capaian_target", target=3), [0, 100 / 3, 100, 100])
    sama(normalisasi([1, 2, 4], "capaian_target", "turun_baik", target=2), [100, 100, 50])
    sama(normalisasi([100, 75, 0], "rubrik"), [100, 75, 0])  # points already mapped
    with pytest.raises(ValueError):
        normalisasi([1], "capaian_target")
    with pytest.raises(ValueError):
        normalisasi([1], "minmax")


def test_peringkat_min_sama_dengan_pandas():
    rng = np.random.default_rng(5)
    skor = rng.integers(0, 6, size=(40, 30)).astype(float)
    harapan = np.array([pd.Series(r).rank(method="min", ascending=False) for r in skor])
    assert (peringkat_min(skor) == harapan).all()
    # Floating-point noise never breaks a tie (rounded to 1e−9 points).
    assert list(peringkat_min(np.array([0.1 + 0.2, 0.3, 0.29]))) == [1, 1, 3]
    assert list(peringkat_min(np.array([5.0, np.nan, 7.0]))) == [2, 3, 1]


# --- The hand-computed example -----------------------------------------------------------------
#
# Dimension "hasil" (weight 0.6): x1 min-max (higher better), x2 max-ratio (lower better),
# dimension "lapor" (0.4): y1 grade A–D, y2 ya/tidak; every indicator weight 0.5.
#
#            x1  x2  y1  y2     s(x1) s(x2) s(y1) s(y2)   hasil  lapor   skor  rank
#   6301      2  10   A  ya       0    50   100   100      25    100     55     4
#   6302      4   5   B  tidak   50   100    75     0      75    37.5    60     1
#   6303      6  20   A  tidak  100    25   100     0     62.5    50    57.5    3
#   6304      4   5   b  tidak   50   100    75     0      75    37.5    60     1   (tie)
#
# s(x1) = (x − 2)/(6 − 2)·100; s(x2) = 5/x·100; skor = 0.6·hasil + 0.4·lapor.


@pytest.fixture(scope="module")
def kecil():
    return muat_kerangka(DATA / "kerangka_kecil.yaml")


@pytest.fixture
def contoh() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "x1": [2, 4, 6, 4],
            "x2": [10, 5, 20, 5],
            "y1": ["A", "B", "A", "b"],
            "y2": ["ya", "tidak", "Tidak ", "tidak"],
        },
        index=pd.Index(["6301", "6302", "6303", "6304"], name="kode_wilayah"),
    )


def test_contoh_hitungan_tangan(kecil, contoh):
    h = hitung_indeks(contoh, kecil)
    t = h.tabel
    assert list(t.index) == ["6302", "6304", "6303", "6301"]  # by rank, ties by code
    assert list(t["peringkat"]) == [1, 1, 3, 4]
    sama(t["skor_komposit"], [60, 60, 57.5, 55])
    sama(t["skor_hasil"], [75, 75, 62.5, 25])
    sama(t["skor_lapor"], [37.5, 37.5, 50, 100])
    assert list(t["wilayah"]) == ["Kotabaru", "Barito Kuala", "Banjar", "Tanah Laut"]
    assert t["diperingkat"].all() and not t["ditandai"].any()

    k = h.kontribusi.set_index(["kode_wilayah", "indikator"])
    sama(k.loc["6301", "skor_indikator"], [0, 50, 100, 100])
    sama(k.loc["6301", "kontribusi"], [0, 15, 20, 20])  # 0.6·0.5·s, 0.4·0.5·s
    sama(k.loc["6303", "skor_indikator"], [100, 25, 100, 0])
    sama(k.loc["6303", "kontribusi"], [30, 7.5, 20, 0])
    sama(k.loc["6301", "bobot_efektif"], [0.3, 0.3, 0.2, 0.2])
    assert list(k.loc["6304", "nilai_mentah"]) == [4.0, 5.0, "B", "tidak"]
    # Contributions add up to the score, dimension by dimension.
    jumlah = h.kontribusi.groupby("kode_wilayah", observed=True)["kontribusi"].sum()
    sama(jumlah.loc[t.index], t["skor_komposit"])
    d = h.skor_dimensi.set_index(["kode_wilayah", "dimensi"])
    sama(d.loc[("6303", "hasil"), "kontribusi"], 37.5)
    sama(d.loc[("6303", "lapor"), "kontribusi"], 20)
    assert list(h.peringkat.loc[["6301", "6302", "6303", "6304"]]) == [4, 1, 3, 1]
    assert h.tidak_diperingkat.empty


def test_data_hilang_bobot_ulang(kecil, contoh):
    contoh.loc["6303", "x2"] = np.nan
    h = hitung_indeks(contoh, kecil)
    t = h.tabel
    # 6303: hasil = x1 only (100) → 0.6·100 + 0.4·50 = 80; flagged, still ranked.
    assert t.loc["6303", "peringkat"] == 1
    sama(t.loc["6303", "skor_komposit"], 80)
    sama(t.loc["6303", "skor_hasil"], 100)
    assert t.loc["6303", "ditandai"] and t.loc["6303", "indikator_hilang"] == "x2"
    assert "DITANDAI" in t.loc["6303", "keterangan"]
    k = h.kontribusi.set_index(["kode_wilayah", "indikator"])
    sama(k.loc[("6303", "x1"), "bobot_efektif"], 0.6)
    sama(k.loc[("6303", "x2"), "kontribusi"], 0)
    assert not k.loc[("6303", "x2"), "tersedia"]
    assert list(t.loc[["6302", "6304", "6301"], "peringkat"]) == [2, 2, 4]
    assert any(m.kode == "data_tidak_lengkap" and "6303" in m.pesan for m in h.peringatan)


def test_data_hilang_kecualikan(kecil, contoh):
    contoh.loc["6303", "x2"] = np.nan
    h = hitung_indeks(contoh, kecil, kebijakan_data_hilang="kecualikan")
    t = h.tabel
    assert not t.loc["6303", "diperingkat"] and pd.isna(t.loc["6303", "peringkat"])
    assert (
        h.tidak_diperingkat.loc["6303", "alasan"] == "indikator hilang: x2 (kebijakan 'kecualikan')"
    )
    # Peer group is now 6301, 6302, 6304: x1 = 2, 4, 4 → 0, 100, 100.
    sama(t.loc[["6302", "6304", "6301"], "skor_komposit"], [75, 75, 55])
    assert list(t.loc[["6302", "6304", "6301"], "peringkat"]) == [1, 1, 3]


def test_dimensi_kosong_tidak_diperingkat_kecuali_diizinkan(kecil, contoh):
    contoh = contoh.astype(object)
    contoh.loc["6301", ["y1", "y2"]] = None
    for kebijakan in ("bobot_ulang", "kecualikan"):
        h = hitung_indeks(contoh, kecil, kebijakan_data_hilang=kebijakan)
        assert "6301" in h.tidak_diperingkat.index
        assert (
            "dimensi 'lapor' kosong seluruhnya (y1, y2)"
            in h.tidak_diperingkat.loc["6301", "alasan"]
        )
    h = hitung_indeks(contoh, kecil, izinkan_dimensi_hilang=True)
    t = h.tabel
    assert t.loc["6301", "diperingkat"] and t.loc["6301", "ditandai"]
    sama(t.loc["6301", "skor_komposit"], 25)  # only "hasil", reweighted to 1
    assert pd.isna(t.loc["6301", "skor_lapor"])
    d = h.skor_dimensi.set_index(["kode_wilayah", "dimensi"])
    sama(d.loc[("6301", "hasil"), "bobot_dimensi_efektif"], 1.0)


def test_nilai_tidak_sah_dikumpulkan(kecil, contoh):
    contoh = contoh.astype(object)
    contoh.loc["6301", "y1"] = "E"
    contoh.loc["6302", "y2"] = "mungkin"
    contoh.loc["6303", "x1"] = "banyak"
    with pytest.raises(GalatValidasi) as e:
        hitung_indeks(contoh, kecil, berkas="indikator.csv")
    m = {x.kolom: x for x in e.value.masalah}
    assert m["y1"].pesan == "wilayah 6301 (Tanah Laut): nilai 'E' tidak sah; pilihan: A, B, C, D"
    assert m["y2"].pesan == (
        "wilayah 6302 (Kotabaru): nilai 'mungkin' tidak sah; pilihan: ya, tidak"
    )
    assert m["x1"].pesan == "wilayah 6303 (Banjar): nilai 'banyak' bukan angka"
    assert all(x.berkas == "indikator.csv" for x in e.value.masalah)


def _data_kalsel_fiktif() -> pd.DataFrame:
    """13 Kalsel regions: example evaluator file + fictional statistics (for integration)."""
    ev = baca_evaluator(AKAR / "params/peringkat/contoh_evaluator_6300_2024.csv", "63", 2024).data
    rng = np.random.default_rng(63)
    n = len(ev)
    df = ev.drop(columns=["tahun", "catatan"]).copy()
    df["penurunan_p0_3th"] = rng.normal(0.6, 0.5, n).round(2)
    df["penurunan_p0_relatif_3th"] = (df["penurunan_p0_3th"] / 4.5 * 100).round(1)
    df["penurunan_p1_3th"] = rng.normal(0.1, 0.1, n).round(2)
    df["penurunan_p2_3th"] = rng.normal(0.03, 0.03, n).round(3)
    df["efektivitas_p0"] = rng.integers(0, 4, n) / 3
    df["porsi_anggaran_kemiskinan"] = rng.uniform(3, 12, n).round(1)
    df["skor_penandaan"] = rng.uniform(30, 90, n).round(0)
    df["realisasi_anggaran"] = rng.uniform(70, 98, n).round(1)
    df["progres_verval"] = rng.uniform(50, 100, n).round(1)
    df["persen_nik_valid"] = rng.uniform(85, 100, n).round(1)
    df["persen_duplikat"] = rng.uniform(0, 5, n).round(2)
    df["cakupan_desil1"] = rng.uniform(50, 90, n).round(1)
    return df


def test_kerangka_bawaan_ujung_ke_ujung():
    k = kerangka_bawaan()
    h = hitung_indeks(_data_kalsel_fiktif(), k)
    t = h.tabel
    assert len(t) == 13 and t["diperingkat"].all()
    assert sorted(t["peringkat"]) == sorted(peringkat_min(t["skor_komposit"].to_numpy()))
    assert ((t["skor_komposit"] >= 0) & (t["skor_komposit"] <= 100)).all()
    jumlah = h.kontribusi.groupby("kode_wilayah", observed=True)["kontribusi"].sum()
    sama(jumlah.loc[t.index], t["skor_komposit"], tol=1e-9)
    # Composite = Σ dimension weight × dimension score.
    w = {d.kode: d.bobot for d in k.dimensi}
    ulang = sum(w[d] * t[f"skor_{d}"] for d in w)
    sama(ulang, t["skor_komposit"], tol=1e-9)
    assert len(h.kontribusi) == 13 * 17 and len(h.skor_dimensi) == 13 * 4
