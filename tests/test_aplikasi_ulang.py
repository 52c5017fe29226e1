"""Re-ranking glue of the app: weights renormalised, normalisation choice, same library results."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analisis.aplikasi.ulang import (
    Opsi,
    hitung_ulang,
    kerangka_disesuaikan,
    metode_normalisasi,
    normalisasi_bobot,
)
from analisis.galat import GalatAnalisis
from analisis.peringkat import hitung_indeks, kerangka_bawaan, uji_robust
from analisis.peringkat.entri import bobot_efektif


def data_sintetis(n: int = 13, benih: int = 3) -> pd.DataFrame:
    """Plausible values for every indicator of the default framework (BNBA left empty, as in
    a province whose BNBA summary was not provided)."""
    rng = np.random.default_rng(benih)
    df = pd.DataFrame(index=pd.Index([f"63{i + 1:02d}" for i in range(n)], name="kode_wilayah"))
    df["wilayah"] = [f"Wilayah {i + 1}" for i in range(n)]
    df["penurunan_p0_3th"] = rng.normal(0.8, 0.7, n).round(2)
    df["penurunan_p0_relatif_3th"] = (df["penurunan_p0_3th"] / rng.uniform(3, 12, n) * 100).round(1)
    df["penurunan_p1_3th"] = rng.normal(0.15, 0.2, n).round(3)
    df["penurunan_p2_3th"] = rng.normal(0.04, 0.06, n).round(3)
    df["efektivitas_p0"] = rng.integers(0, 4, n) / 3
    df["rpkd_berlaku"] = rng.choice(["ya", "tidak"], n)
    df["rat_tepat_waktu"] = rng.choice(["ya", "tidak"], n)
    df["laporan_tepat_waktu"] = rng.choice(list("ABCD"), n)
    df["kelengkapan_laporan"] = rng.uniform(40, 100, n).round(0)
    df["jumlah_rakor"] = rng.integers(0, 6, n).astype(float)
    df["porsi_anggaran_kemiskinan"] = rng.uniform(2, 15, n).round(2)
    df["skor_penandaan"] = rng.uniform(20, 95, n).round(1)
    df["realisasi_anggaran"] = rng.uniform(60, 99, n).round(1)
    for c in ("progres_verval", "persen_nik_valid", "persen_duplikat", "cakupan_desil1"):
        df[c] = np.nan
    return df


@pytest.fixture(scope="module")
def kerangka():
    return kerangka_bawaan()


@pytest.fixture(scope="module")
def data():
    return data_sintetis()


def test_normalisasi_bobot_berjumlah_satu_dan_proporsional():
    b = normalisasi_bobot({"a": 0.8, "b": 0.4, "c": 0.0, "d": 0.8})
    assert math.isclose(sum(b.values()), 1.0, abs_tol=1e-12)
    assert b == pytest.approx({"a": 0.4, "b": 0.2, "c": 0.0, "d": 0.4})
    assert list(b) == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    "bobot", [{"a": 0, "b": 0}, {"a": -0.1, "b": 1}, {"a": float("nan"), "b": 1}, {"a": "x"}]
)
def test_normalisasi_bobot_menolak_bobot_tidak_sah(bobot):
    with pytest.raises(GalatAnalisis) as e:
        normalisasi_bobot(bobot)
    assert "bobot" in str(e.value)


def test_kerangka_disesuaikan_menormalkan_bobot_dimensi(kerangka):
    k = kerangka_disesuaikan(kerangka, {"hasil": 1.0, "komitmen_anggaran": 0.25})
    total = 1.0 + 0.25 + 0.20 + 0.15
    assert [d.bobot for d in k.dimensi] == pytest.approx(
        [1.0 / total, 0.25 / total, 0.20 / total, 0.15 / total]
    )
    assert math.isclose(sum(d.bobot for d in k.dimensi), 1.0, abs_tol=1e-12)
    # Indicator weights and the original framework are untouched.
    assert [i.bobot for d in k.dimensi for i in d.indikator] == [
        i.bobot for d in kerangka.dimensi for i in d.indikator
    ]
    assert kerangka.dimensi[0].bobot == 0.40


def test_kerangka_disesuaikan_menolak_dimensi_tak_dikenal(kerangka):
    with pytest.raises(GalatAnalisis, match="tidak dikenal"):
        kerangka_disesuaikan(kerangka, {"hasill": 0.5})


def test_pilihan_normalisasi_hanya_indikator_relatif_yang_mengizinkan(kerangka):
    m = metode_normalisasi(kerangka, "max_rasio")
    # penurunan_p0_3th allows only min_maks/skor_z (negative values): unchanged.
    assert m["penurunan_p0_3th"] == "min_maks"
    # porsi_anggaran_kemiskinan (max_rasio, no own list) follows the framework list.
    assert m["porsi_anggaran_kemiskinan"] == "max_rasio"
    m = metode_normalisasi(kerangka, "skor_z")
    assert m["penurunan_p0_3th"] == "skor_z"
    assert m["porsi_anggaran_kemiskinan"] == "skor_z"
    # Absolute scales never change.
    assert m["efektivitas_p0"] == "capaian_target"
    assert m["rpkd_berlaku"] == "rubrik"
    assert metode_normalisasi(kerangka, "bawaan") == {
        i.kode: i.normalisasi for _, _, _, i in kerangka.iter_indikator()
    }
    with pytest.raises(GalatAnalisis):
        metode_normalisasi(kerangka, "rubrik")


@pytest.mark.parametrize("normalisasi", ["bawaan", "skor_z", "min_maks", "max_rasio"])
def test_hitung_ulang_sama_dengan_pustaka(kerangka, data, normalisasi):
    """A weight change gives exactly what hitung_indeks/uji_robust give for those weights."""
    k = kerangka_disesuaikan(
        kerangka,
        {"hasil": 0.9, "komitmen_anggaran": 0.05, "pelaporan_kelembagaan": 0.5},
        normalisasi,
    )
    opsi = Opsi(jumlah_iterasi=400, benih=7, izinkan_dimensi_hilang=True)
    h = hitung_ulang(data, k, opsi)

    pustaka = hitung_indeks(data, k, izinkan_dimensi_hilang=True)
    ref = pustaka.tabel
    t = h.tabel.set_index("kode_wilayah")
    assert list(t.index) == list(ref.index)  # same order (rank, then code)
    assert t["peringkat"].astype(int).tolist() == ref["peringkat"].astype(int).tolist()
    np.testing.assert_array_equal(t["skor"].to_numpy(), ref["skor_komposit"].to_numpy())
    for d in k.dimensi:
        np.testing.assert_array_equal(
            t[f"skor_{d.kode}"].to_numpy(), ref[f"skor_{d.kode}"].to_numpy()
        )

    r = uji_robust(data, k, jumlah_iterasi=400, benih=7, izinkan_dimensi_hilang=True).ringkasan
    assert t.loc[r.index, "interval_bawah"].astype(int).tolist() == r["peringkat_p05"].tolist()
    assert t.loc[r.index, "interval_atas"].astype(int).tolist() == r["peringkat_p95"].tolist()
    np.testing.assert_array_equal(
        t.loc[r.index, "peluang_3_besar"].to_numpy(), r["peluang_teratas"].to_numpy()
    )
    assert h.detik >= h.detik_pustaka > 0


def test_bobot_mengubah_urutan(kerangka, data):
    dasar = hitung_ulang(
        data, kerangka, Opsi(jumlah_iterasi=100, benih=1, izinkan_dimensi_hilang=True)
    )
    hanya_hasil = kerangka_disesuaikan(
        kerangka,
        {"hasil": 1, "komitmen_anggaran": 0, "pelaporan_kelembagaan": 0, "kualitas_data": 0},
    )
    h = hitung_ulang(
        data, hanya_hasil, Opsi(jumlah_iterasi=100, benih=1, izinkan_dimensi_hilang=True)
    )
    assert list(h.tabel["kode_wilayah"]) != list(dasar.tabel["kode_wilayah"])
    # With all weight on one dimension the composite is that dimension's score.
    np.testing.assert_allclose(h.tabel["skor"], h.tabel["skor_hasil"], rtol=0, atol=1e-9)


def test_bobot_efektif_membagi_ulang_dimensi_tanpa_data(kerangka, data):
    e = bobot_efektif(kerangka, data, izinkan=True)
    assert e["kualitas_data"] == 0.0
    assert sum(e.values()) == pytest.approx(1.0)
    assert e["hasil"] == pytest.approx(0.40 / 0.85)
    h = hitung_ulang(data, kerangka, Opsi(jumlah_iterasi=50, benih=1, izinkan_dimensi_hilang=True))
    assert any("Kualitas data sasaran" in c for c in h.catatan)  # names, not codes


def test_semua_bobot_pada_dimensi_tanpa_data_ditolak(kerangka, data):
    k = kerangka_disesuaikan(
        kerangka,
        {"hasil": 0, "komitmen_anggaran": 0, "pelaporan_kelembagaan": 0, "kualitas_data": 1},
    )
    with pytest.raises(GalatAnalisis, match="berbobot 0"):
        hitung_ulang(data, k, Opsi(jumlah_iterasi=50, benih=1, izinkan_dimensi_hilang=True))
