"""Monte Carlo robustness: reproducible and consistent with the deterministic ranks."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analisis.galat import GalatValidasi
from analisis.peringkat.indeks import hitung_indeks
from analisis.peringkat.kerangka import kerangka_bawaan, muat_kerangka
from analisis.peringkat.robust import STATUS_TIDAK_ROBUST, uji_robust

DATA = Path(__file__).parent / "data" / "peringkat"

TETAP = {
    "konsentrasi_dimensi": math.inf,
    "konsentrasi_indikator": math.inf,
    "skala_galat": 0.0,
    "normalisasi_alternatif": ["bawaan"],
}


@pytest.fixture(scope="module")
def kecil():
    return muat_kerangka(DATA / "kerangka_kecil.yaml")


@pytest.fixture
def contoh() -> pd.DataFrame:
    # Same example as test_peringkat_indeks (ranks 4, 1, 3, 1), plus sampling errors for x1.
    return pd.DataFrame(
        {
            "x1": [2, 4, 6, 4],
            "x1__se": [0.3, 0.3, 0.3, 0.3],
            "x2": [10, 5, 20, 5],
            "y1": ["A", "B", "A", "B"],
            "y2": ["ya", "tidak", "tidak", "tidak"],
        },
        index=pd.Index(["6301", "6302", "6303", "6304"], name="kode_wilayah"),
    )


def test_benih_sama_hasil_sama(kecil, contoh):
    a = uji_robust(contoh, kecil, benih=7, jumlah_iterasi=300)
    b = uji_robust(contoh, kecil, benih=7, jumlah_iterasi=300)
    c = uji_robust(contoh, kecil, benih=8, jumlah_iterasi=300)
    assert np.array_equal(a.peringkat_draw, b.peringkat_draw)
    pd.testing.assert_frame_equal(a.ringkasan, b.ringkasan)
    pd.testing.assert_frame_equal(a.pasangan, b.pasangan)
    assert not np.array_equal(a.peringkat_draw, c.peringkat_draw)
    assert a.parameter["benih"] == 7 and a.peringkat_draw.shape == (300, 4)
    assert set(a.skema_draw) <= {"bawaan", "max_rasio", "min_maks", "skor_z"}


def test_interval_memuat_peringkat_deterministik(kecil, contoh):
    h = uji_robust(contoh, kecil, benih=1, konsentrasi_dimensi=200, konsentrasi_indikator=200)
    r = h.ringkasan
    assert list(r.index) == ["6302", "6304", "6303", "6301"]
    assert list(r["peringkat"]) == [1, 1, 3, 4]
    assert (r["peringkat_p05"] <= r["peringkat"]).all()
    assert (r["peringkat"] <= r["peringkat_p95"]).all()
    assert (r["peringkat_p05"] <= r["median_peringkat"]).all()
    assert (r["median_peringkat"] <= r["peringkat_p95"]).all()
    assert ((r["peluang_teratas"] >= 0) & (r["peluang_teratas"] <= 1)).all()
    # A deterministic tie (6302, 6304) is not a pair with an order to check.
    pasangan = set(zip(h.pasangan["kode_atas"], h.pasangan["kode_bawah"]))
    assert ("6302", "6304") not in pasangan and ("6304", "6302") not in pasangan
    assert len(pasangan) == 5


def test_baris_identik_tetap_seri_tanpa_derau(kecil, contoh):
    """Random weights and normalisations never split identical regions; only noise can."""
    h = uji_robust(
        contoh, kecil, benih=4, skala_galat=0.0, konsentrasi_dimensi=5, konsentrasi_indikator=5
    )
    assert list(h.ringkasan.index[:2]) == ["6302", "6304"]
    assert np.array_equal(h.peringkat_draw[:, 0], h.peringkat_draw[:, 1])
    assert len(set(h.skema_draw)) == 4


@pytest.mark.parametrize("konsentrasi", [math.inf, 1e9])
def test_kasus_degenerasi_sama_dengan_deterministik(kecil, contoh, konsentrasi):
    pengaturan = dict(TETAP, konsentrasi_dimensi=konsentrasi, konsentrasi_indikator=konsentrasi)
    h = uji_robust(contoh, kecil, benih=3, **pengaturan)
    r = h.ringkasan
    det = hitung_indeks(contoh, kecil).peringkat.loc[r.index]
    assert list(r["peringkat_p05"]) == list(det)
    assert list(r["peringkat_p95"]) == list(det)
    assert list(r["median_peringkat"]) == list(det)
    assert list(r["peluang_teratas"]) == [1.0, 1.0, 1.0, 0.0]
    assert (h.pasangan["proporsi_terbalik"] == 0).all()
    assert h.pasangan_tidak_robust.empty


@pytest.mark.parametrize("izinkan", [False, True])
def test_degenerasi_dengan_data_hilang(kecil, contoh, izinkan):
    """The Monte Carlo reweights missing indicators/dimensions exactly like the index."""
    contoh = contoh.astype(object)
    contoh.loc["6303", "x2"] = None
    if izinkan:
        contoh.loc["6301", ["y1", "y2"]] = None
    det = hitung_indeks(contoh, kecil, izinkan_dimensi_hilang=izinkan).peringkat
    h = uji_robust(contoh, kecil, izinkan_dimensi_hilang=izinkan, **TETAP)
    r = h.ringkasan
    assert list(r["peringkat_p05"]) == list(det.loc[r.index])
    assert list(r["peringkat_p95"]) == list(det.loc[r.index])


def test_derau_besar_membalik_urutan(kecil, contoh):
    contoh["x1__se"] = 50.0  # sampling error swamps x1
    h = uji_robust(
        contoh,
        kecil,
        benih=2,
        jumlah_iterasi=500,
        ambang=0.10,
        konsentrasi_dimensi=math.inf,
        konsentrasi_indikator=math.inf,
        normalisasi_alternatif=["bawaan"],
    )
    p = h.pasangan
    assert (p["status"] == STATUS_TIDAK_ROBUST).eq(p["proporsi_terbalik"] >= 0.10).all()
    assert len(h.pasangan_tidak_robust) >= 1
    assert h.ringkasan["jumlah_pasangan_tidak_robust"].sum() == 2 * len(h.pasangan_tidak_robust)
    assert any(m.kode == "urutan_tidak_robust" for m in h.peringatan)
    # Without the noise the same settings are perfectly stable.
    h0 = uji_robust(
        contoh,
        kecil,
        benih=2,
        jumlah_iterasi=500,
        skala_galat=0.0,
        konsentrasi_dimensi=math.inf,
        konsentrasi_indikator=math.inf,
        normalisasi_alternatif=["bawaan"],
    )
    assert h0.pasangan_tidak_robust.empty


def test_pengaturan_tidak_sah(kecil, contoh):
    with pytest.raises(GalatValidasi) as e:
        uji_robust(contoh, kecil, normalisasi_alternatif=["bawaan", "peringkat"], jumlah_iterasi=0)
    pesan = " | ".join(m.pesan for m in e.value.masalah)
    assert "normalisasi alternatif 'peringkat' tidak dikenal" in pesan
    assert "jumlah_iterasi harus ≥ 1" in pesan


def _sintetis(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    df = pd.DataFrame(index=pd.Index([f"R{i:03d}" for i in range(n)], name="kode_wilayah"))
    df["penurunan_p0_3th"] = rng.normal(0.8, 0.7, n)
    df["penurunan_p0_relatif_3th"] = rng.normal(10, 8, n)
    df["penurunan_p1_3th"] = rng.normal(0.15, 0.2, n)
    df["penurunan_p2_3th"] = rng.normal(0.04, 0.06, n)
    df["efektivitas_p0"] = rng.integers(0, 4, n) / 3
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
        df[c] = rng.uniform(0, 100, n)
    df["rpkd_berlaku"] = rng.choice(["ya", "tidak"], n)
    df["rat_tepat_waktu"] = rng.choice(["ya", "tidak"], n)
    df["laporan_tepat_waktu"] = rng.choice(list("ABCD"), n)
    df["jumlah_rakor"] = rng.integers(0, 6, n)
    return df


def test_kerangka_bawaan_514_wilayah():
    """All kab/kota of Indonesia under the default framework (its speed is measured by
    benchmarks/bench_peringkat.py, not asserted here)."""
    k = kerangka_bawaan()
    df = _sintetis(514)
    h = uji_robust(df, k, jumlah_iterasi=1000)
    r = h.ringkasan
    assert len(r) == 514 and h.peringkat_draw.shape == (1000, 514)
    assert (r["peringkat_p05"] <= r["peringkat_p95"]).all()
    assert r["peluang_teratas"].sum() == pytest.approx(3.0, abs=0.05)  # 3 places per draw
    assert (h.pasangan["peringkat_bawah"] - h.pasangan["peringkat_atas"]).max() <= 10


@pytest.mark.parametrize("pola", ["sumber_hilang", "campuran"])
def test_pola_data_hilang_sama_dengan_hitungan_per_wilayah(pola, monkeypatch):
    """Regions sharing a missing-value pattern are scored with one effective weight vector per
    draw; the result equals the per-region computation (forced with _POLA_MAKS = 0)."""
    from analisis.peringkat import robust

    df = _sintetis(120)
    bnba = ["progres_verval", "persen_nik_valid", "persen_duplikat", "cakupan_desil1"]
    df[bnba] = np.nan  # a whole source missing everywhere: one pattern
    if pola == "campuran":
        df.iloc[::7, df.columns.get_loc("skor_penandaan")] = np.nan  # a second pattern
        df.iloc[::11, df.columns.get_loc("kelengkapan_laporan")] = np.nan  # and more
    k = kerangka_bawaan()
    argumen = {"jumlah_iterasi": 300, "benih": 7, "izinkan_dimensi_hilang": True}
    cepat = uji_robust(df, k, **argumen)
    monkeypatch.setattr(robust, "_POLA_MAKS", 0)
    per_wilayah = uji_robust(df, k, **argumen)
    beda = np.mean(cepat.peringkat_draw != per_wilayah.peringkat_draw)
    assert beda < 1e-3  # identical up to floating-point ties
    pd.testing.assert_frame_equal(cepat.ringkasan, per_wilayah.ringkasan)
