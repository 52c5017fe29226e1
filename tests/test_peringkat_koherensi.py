"""Coherence of the index: variance shares, Cronbach's alpha and correlations, checked on the
hand-computed example of test_peringkat_indeks, and the plain-Indonesian warnings."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analisis.peringkat.indeks import hitung_indeks
from analisis.peringkat.kerangka import kerangka_dari_dict, muat_kerangka
from analisis.peringkat.koherensi import _persen, alfa_cronbach, analisis_koherensi

DATA = Path(__file__).parent / "data" / "peringkat"

# Hand example (tests/test_peringkat_indeks.py), contributions c = ω · s with ω = (.3, .3, .2, .2):
#            c(x1) c(x2) c(y1) c(y2)   index y
#   6301       0    15    20    20      55
#   6302      15    30    15     0      60
#   6303      30   7.5    20     0     57.5
#   6304      15    30    15     0      60
# Σ (y − ȳ)² = 17.1875; Σ (c_i − c̄_i)(y − ȳ) = 37.5, 60.9375, −18.75, −62.5, so the variance
# shares are 24/11, 39/11, −12/11, −40/11 (they add up to 1).
# Cronbach's alpha: hasil (x1, x2): 2 · (1 − (5000 + 4218.75) / 6718.75) = −32/43;
# lapor (y1, y2): 2 · (1 − (625 + 7500) / 10625) = 8/17 (sums of squared deviations).


@pytest.fixture(scope="module")
def indeks():
    k = muat_kerangka(DATA / "kerangka_kecil.yaml")
    contoh = pd.DataFrame(
        {
            "x1": [2, 4, 6, 4],
            "x2": [10, 5, 20, 5],
            "y1": ["A", "B", "A", "B"],
            "y2": ["ya", "tidak", "tidak", "tidak"],
        },
        index=pd.Index(["6301", "6302", "6303", "6304"], name="kode_wilayah"),
    )
    return hitung_indeks(contoh, k)


def test_sumbangan_keragaman_dihitung_tangan(indeks):
    h = analisis_koherensi(indeks)
    t = h.indikator
    np.testing.assert_allclose(
        t["sumbangan_keragaman"], np.array([24, 39, -12, -40]) / 11, atol=1e-12
    )
    np.testing.assert_allclose(t["bobot_kerangka"], [0.3, 0.3, 0.2, 0.2], atol=1e-12)
    np.testing.assert_allclose(t["bobot_terpakai"], [0.3, 0.3, 0.2, 0.2], atol=1e-12)
    np.testing.assert_allclose(
        t["rasio_sumbangan"], np.array([24, 39, -12, -40]) / 11 / t["bobot_terpakai"]
    )
    d = h.dimensi
    np.testing.assert_allclose(d["sumbangan_keragaman"], [63 / 11, -52 / 11], atol=1e-12)
    np.testing.assert_allclose(d["alfa_cronbach"], [-32 / 43, 8 / 17], atol=1e-12)
    assert list(d["jumlah_indikator"]) == [2, 2]


def test_korelasi_sama_dengan_definisi(indeks):
    h = analisis_koherensi(indeks)
    s = {"x1": [0, 50, 100, 50], "x2": [50, 100, 25, 100], "y1": [100, 75, 100, 75]}
    y = [55, 60, 57.5, 60]
    hasil = [25, 75, 62.5, 75]
    for kode, nilai in s.items():
        assert h.indikator.at[kode, "korelasi_indeks"] == pytest.approx(np.corrcoef(nilai, y)[0, 1])
    assert h.indikator.at["x1", "korelasi_dimensi"] == pytest.approx(
        np.corrcoef(s["x1"], hasil)[0, 1]
    )
    assert h.korelasi_indikator.at["x1", "x2"] == pytest.approx(np.corrcoef(s["x1"], s["x2"])[0, 1])
    assert h.korelasi_dimensi.at["hasil", "lapor"] == pytest.approx(
        np.corrcoef(hasil, [100, 37.5, 50, 37.5])[0, 1]
    )
    # Spearman ranks the scores first.
    sp = analisis_koherensi(indeks, metode_korelasi="spearman")
    assert sp.indikator.at["x1", "korelasi_indeks"] == pytest.approx(
        pd.Series(s["x1"]).corr(pd.Series(y), method="spearman")
    )
    with pytest.raises(ValueError, match="metode_korelasi 'kendall' tidak dikenal"):
        analisis_koherensi(indeks, metode_korelasi="kendall")


def test_alfa_cronbach():
    sama = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [2.0, 4, 6, 8]})
    assert alfa_cronbach(sama) == pytest.approx(8 / 9)  # 2 · (1 − (5/3 + 20/3) / 15)
    assert np.isnan(alfa_cronbach(pd.DataFrame({"a": [1.0, 2, 3]})))  # one indicator
    assert np.isnan(alfa_cronbach(pd.DataFrame({"a": [1.0, 1], "b": [2.0, 2]})))  # no variance
    # Regions without every indicator are left out.
    dengan_hilang = pd.concat([sama, pd.DataFrame({"a": [np.nan], "b": [5.0]})])
    assert alfa_cronbach(dengan_hilang) == pytest.approx(8 / 9)


def test_peringatan_bahasa_indonesia(indeks):
    h = analisis_koherensi(indeks)
    teks = "\n".join(h.peringatan)
    # x1 weighs 30 % but carries 24/11 of the variance; y2 moves against the index.
    assert (
        "Indikator Indikator naik (min-maks) berbobot 30 persen tetapi menyumbang 218 persen "
        "keragaman indeks: pengaruhnya pada peringkat jauh lebih besar daripada bobotnya."
    ) in teks
    assert (
        "Indikator Dokumen ada berbobot 20 persen tetapi sumbangannya pada keragaman indeks "
        "negatif (−364 persen): nilainya cenderung bergerak berlawanan dengan indeks."
    ) in teks
    assert (
        "Indikator dalam dimensi Hasil kurang searah (alfa Cronbach −0,74; lazimnya minimal "
        "0,70): dimensi ini mungkin mengukur beberapa hal yang berbeda."
    ) in teks
    assert "Indikator Indikator naik (min-maks) dan" not in teks  # |r| < 0.9 for every pair
    assert _persen(0.25) == "25 persen" and _persen(0.004) == "0,4 persen"


def _kerangka_satu_dimensi():
    return kerangka_dari_dict(
        {
            "nama": "Uji koherensi",
            "dimensi": [
                {
                    "kode": "d",
                    "nama": "Dimensi",
                    "bobot": 1.0,
                    "indikator": [
                        {"kode": k, "nama": n, "sumber": "statistik", "normalisasi": "min_maks"}
                        | {"bobot": b}
                        for k, n, b in (
                            ("a", "Capaian A", 0.25),
                            ("b", "Capaian B", 0.25),
                            ("c", "Capaian C", 0.25),
                            ("e", "Capaian E", 0.25),
                        )
                    ],
                }
            ],
        }
    )


def test_peringatan_bobot_kembar_dan_indikator_tetap():
    rng = np.random.default_rng(1)
    n = 40
    a = rng.uniform(0, 100, n)
    data = pd.DataFrame(
        {
            "a": a,
            "b": a + rng.normal(0, 1, n),  # a near copy of a
            "c": np.full(n, 7.0),  # the same everywhere
            "e": rng.uniform(0, 100, n),
        },
        index=pd.Index([f"R{i}" for i in range(n)], name="kode_wilayah"),
    )
    h = analisis_koherensi(hitung_indeks(data, _kerangka_satu_dimensi()))
    teks = "\n".join(h.peringatan)
    assert (
        "Indikator Capaian C bernilai sama di semua wilayah, sehingga tidak membedakan wilayah "
        "dan bobotnya tidak berpengaruh pada peringkat."
    ) in teks
    assert "Indikator Capaian A dan Capaian B hampir selalu naik-turun bersama (korelasi 1,00)" in (
        teks
    )
    assert h.indikator.at["c", "sumbangan_keragaman"] == pytest.approx(0.0, abs=1e-12)
    assert h.indikator["sumbangan_keragaman"].sum() == pytest.approx(1.0)
    j = h.ke_json()
    assert json.loads(json.dumps(j, allow_nan=False)) == j
    assert j["indikator"][2]["korelasi_indeks"] is None  # undefined for a constant indicator
    assert j["korelasi_indikator"]["kode"] == ["a", "b", "c", "e"]


def test_indeks_bukan_aritmetika_tanpa_sumbangan():
    k = muat_kerangka(DATA / "kerangka_kecil.yaml")
    data = pd.DataFrame(
        {
            "x1": [2, 4, 6, 4],
            "x2": [10, 5, 20, 5],
            "y1": ["A", "B", "A", "B"],
            "y2": ["ya", "tidak", "tidak", "tidak"],
        },
        index=pd.Index(["6301", "6302", "6303", "6304"], name="kode_wilayah"),
    )
    h = analisis_koherensi(hitung_indeks(data, k, agregasi="geometrik"))
    assert h.indikator["sumbangan_keragaman"].isna().all()
    assert any("hanya dapat dihitung untuk indeks rata-rata aritmetika" in p for p in h.peringatan)
    json.dumps(h.ke_json(), allow_nan=False)
