"""Alternative aggregations of the index: power means with the zero guard and Copeland,
checked on the hand-computed example of test_peringkat_indeks and against the definitions."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analisis.galat import GalatAnalisis, GalatValidasi
from analisis.peringkat.agregasi import (
    menang_kalah,
    rata_rata_berbobot,
    skor_copeland,
    skor_copeland_banyak,
)
from analisis.peringkat.indeks import hitung_indeks
from analisis.peringkat.kerangka import (
    kerangka_bawaan,
    kerangka_dari_dict,
    kerangka_tanpa,
    muat_kerangka,
)

DATA = Path(__file__).parent / "data" / "peringkat"

# Scores of the hand-computed example (tests/test_peringkat_indeks.py):
#            s(x1) s(x2) s(y1) s(y2)   hasil  lapor   combined weights ω = (0.3, 0.3, 0.2, 0.2)
#   6301       0    50   100   100      25    100
#   6302      50   100    75     0      75    37.5
#   6303     100    25   100     0     62.5    50
#   6304      50   100    75     0      75    37.5
SKOR = {
    "6301": (0, 50, 100, 100),
    "6302": (50, 100, 75, 0),
    "6303": (100, 25, 100, 0),
    "6304": (50, 100, 75, 0),
}
OMEGA = (0.3, 0.3, 0.2, 0.2)


@pytest.fixture(scope="module")
def kecil():
    return muat_kerangka(DATA / "kerangka_kecil.yaml")


@pytest.fixture
def contoh() -> pd.DataFrame:
    return pd.DataFrame(
        {"x1": [2, 4, 6, 4], "x2": [10, 5, 20, 5], "y1": ["A", "B", "A", "B"]}
        | {"y2": ["ya", "tidak", "tidak", "tidak"]},
        index=pd.Index(list(SKOR), name="kode_wilayah"),
    )


def test_geometrik_dengan_geser_nol_dihitung_tangan(kecil, contoh):
    # Same mean within and across dimensions collapses: index + δ = Π (s_i + δ)^ω_i, δ = 1.
    harapan = {
        k: math.prod((s + 1) ** w for s, w in zip(v, OMEGA, strict=True)) - 1
        for k, v in SKOR.items()
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # log(0) would warn: the guard must prevent it
        h = hitung_indeks(contoh, kecil, agregasi="geometrik")
    t = h.tabel
    for k, v in harapan.items():
        assert t.loc[k, "skor_komposit"] == pytest.approx(v, abs=1e-9)
    # Dimension scores are geometric too: hasil(6301) = √((0 + 1)(50 + 1)) − 1.
    assert t.loc["6301", "skor_hasil"] == pytest.approx(math.sqrt(51) - 1, abs=1e-12)
    assert t.loc["6301", "skor_lapor"] == pytest.approx(100, abs=1e-12)
    assert list(t["peringkat"]) == [1, 1, 3, 4]
    assert list(t.index[:2]) == ["6302", "6304"]
    # Contributions are defined for the additive index only.
    assert h.kontribusi["kontribusi"].isna().all()


def test_harmonik_dan_geser_nol_lain(kecil, contoh):
    for geser in (1.0, 5.0):
        h = hitung_indeks(contoh, kecil, agregasi="harmonik", geser_nol=geser)
        for k, v in SKOR.items():
            harapan = 1 / sum(w / (s + geser) for s, w in zip(v, OMEGA, strict=True)) - geser
            assert h.tabel.loc[k, "skor_komposit"] == pytest.approx(harapan, abs=1e-9)


def test_rata_rata_tidak_pernah_gagal_pada_nol():
    nol, penuh, campur = [0.0, 0.0, 0.0], [100.0, 100.0, 100.0], [0.0, 100.0, 100.0]
    w = np.array([0.5, 0.25, 0.25])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for metode in ("aritmetika", "geometrik", "harmonik"):
            hasil = rata_rata_berbobot(np.array([nol, penuh, campur]), w, metode)
            assert hasil[0] == pytest.approx(0, abs=1e-12)
            assert hasil[1] == pytest.approx(100, abs=1e-12)
            assert 0 < hasil[2] < 100 and np.isfinite(hasil).all()
    # Weight 0 ignores the value (even NaN); no weight at all gives NaN.
    assert rata_rata_berbobot(np.array([np.nan, 40.0]), np.array([0.0, 1.0]), "geometrik") == (
        pytest.approx(40.0)
    )
    assert np.isnan(rata_rata_berbobot(np.array([1.0, 2.0]), np.zeros(2), "harmonik"))


def test_copeland_dihitung_tangan(kecil, contoh):
    # Dimensions (hasil 0.6, lapor 0.4): 6302 and 6304 tie on both (a draw); 6302 beats 6301
    # and 6303 on hasil, which outweighs lapor; 6303 beats 6301 on both; 6304 like 6302.
    # Wins − losses: 6301: 0 − 3, 6302: 2 − 0, 6303: 1 − 2, 6304: 2 − 0 (m − 1 = 3 contests).
    h = hitung_indeks(contoh, kecil, agregasi="copeland")
    t = h.tabel
    skor = {k: 50 + 50 * v / 3 for k, v in {"6301": -3, "6302": 2, "6303": -1, "6304": 2}.items()}
    for k, v in skor.items():
        assert t.loc[k, "skor_komposit"] == pytest.approx(v, abs=1e-12)
    assert list(t.loc[list(skor), "peringkat"]) == [4, 1, 3, 1]
    assert t.loc["6301", "skor_hasil"] == pytest.approx(25)  # dimensions stay arithmetic


def _brute(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The definition, pair by pair: V_ab = Σ_d W_d sign(x_ad − x_bd), missing → 0."""
    m = len(x)
    menang, kalah = np.zeros(m, dtype=int), np.zeros(m, dtype=int)
    for a in range(m):
        for b in range(m):
            v = 0.0
            for d in range(x.shape[1]):
                if not (np.isnan(x[a, d]) or np.isnan(x[b, d])):
                    v += w[d] * np.sign(x[a, d] - x[b, d])
            menang[a] += v > 1e-12
            kalah[a] += v < -1e-12
    return menang, kalah


@pytest.mark.parametrize("m", [1, 2, 7, 70, 130])
def test_copeland_sama_dengan_definisi(m):
    rng = np.random.default_rng(m)
    for percobaan in range(6):
        D = int(rng.integers(1, 6))
        x = rng.uniform(0, 1, (m, D))
        if percobaan % 2:
            x = np.round(x * 3)  # many ties
        if percobaan % 3 == 0:
            x[rng.uniform(size=x.shape) < 0.15] = np.nan  # missing dimensions
        w = rng.dirichlet(np.ones(D)) if percobaan != 4 else np.full(D, 1 / D)  # equal: draws
        harapan = _brute(x, w)
        hasil = menang_kalah(x, w)
        assert np.array_equal(hasil[0], harapan[0]) and np.array_equal(hasil[1], harapan[1])
        skor = 50 + 50 * (harapan[0] - harapan[1]) / max(m - 1, 1) if m > 1 else [100.0]
        np.testing.assert_allclose(skor_copeland(x, w), skor, atol=1e-12)
    # A batch gives the same as one by one, on both paths (pair by pair and bitsets).
    X = rng.uniform(0, 1, (3, m, 4))
    W = rng.dirichlet(np.ones(4), 3)
    satu = np.stack([skor_copeland(X[s], W[s]) for s in range(3)])
    np.testing.assert_array_equal(skor_copeland_banyak(X, W), satu)


def test_pilihan_agregasi_tidak_sah(kecil, contoh):
    with pytest.raises(GalatValidasi) as e:
        hitung_indeks(contoh, kecil, agregasi="median", geser_nol=0)
    pesan = " | ".join(m.pesan for m in e.value.masalah)
    assert "agregasi 'median' tidak dikenal" in pesan
    assert "geser_nol harus angka > 0" in pesan


def test_kerangka_tanpa_menormalkan_bobot():
    k = kerangka_bawaan()
    k2 = kerangka_tanpa(k, indikator=["penurunan_p0_3th"], dimensi=["kualitas_data"])
    assert [d.kode for d in k2.dimensi] == ["hasil", "komitmen_anggaran", "pelaporan_kelembagaan"]
    assert [d.bobot for d in k2.dimensi] == pytest.approx([0.40 / 0.85, 0.25 / 0.85, 0.20 / 0.85])
    hasil = k2.dimensi[0]
    assert hasil.indikator[0].kode == "penurunan_p0_relatif_3th"
    assert [i.bobot for i in hasil.indikator] == pytest.approx(
        [0.15 / 0.65, 0.15 / 0.65, 0.10 / 0.65, 0.25 / 0.65]
    )
    # Removing the last indicator of a dimension removes the dimension.
    k3 = kerangka_tanpa(k, indikator=["porsi_anggaran_kemiskinan", "skor_penandaan"])
    assert k3.dimensi[1].indikator[0].bobot == pytest.approx(1.0)
    k4 = kerangka_tanpa(k, indikator=[i.kode for i in k.dimensi[1].indikator])
    assert "komitmen_anggaran" not in [d.kode for d in k4.dimensi]
    with pytest.raises(GalatAnalisis, match="tidak ada dalam kerangka"):
        kerangka_tanpa(k, indikator=["tidak_ada"])
    with pytest.raises(GalatAnalisis, match="tidak menyisakan indikator"):
        kerangka_tanpa(k, dimensi=[d.kode for d in k.dimensi])


def test_pengaturan_sensitivitas_di_yaml_diperiksa():
    isi = kerangka_bawaan().model_dump()
    isi["sensitivitas"] = {
        "jumlah_sampel": 1000,
        "agregasi_alternatif": ["aritmetika", "geometric"],
        "tingkat_kepercayaan": 1.5,
        "geser_nol": 0,
    }
    with pytest.raises(GalatValidasi) as e:
        kerangka_dari_dict(isi)
    pesan = [m.pesan for m in e.value.masalah]
    assert any(
        p.startswith("sensitivitas.jumlah_sampel: jumlah_sampel harus pangkat 2") for p in pesan
    )
    assert any(
        p.startswith("sensitivitas.agregasi_alternatif[1]: 'geometric' tidak dikenal")
        and "Mungkin maksud Anda 'geometrik'?" in p
        for p in pesan
    )
    assert any(p.startswith("sensitivitas.tingkat_kepercayaan:") for p in pesan)
    assert any(p.startswith("sensitivitas.geser_nol:") for p in pesan)
