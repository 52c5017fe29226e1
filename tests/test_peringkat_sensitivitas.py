"""Variance-based sensitivity of the ranking: the estimators against SALib and analytic values,
the vectorised index against the plain one-index-per-sample path, reproducibility, removal and
alternatives, and the properties of the indices on the Kalimantan Selatan 2024 ranking."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from SALib.analyze import sobol as salib_analisis
from SALib.sample import sobol as salib_sampel
from SALib.test_functions import Ishigami

from analisis.data.model import Basisdata
from analisis.data.wilayah import wilayah_provinsi
from analisis.evaluasi import evaluasi_wilayah, simpan_hasil
from analisis.galat import GalatValidasi
from analisis.peringkat.indeks import hitung_indeks
from analisis.peringkat.jalankan import hitung_peringkat
from analisis.peringkat.kerangka import kerangka_bawaan, kerangka_tanpa
from analisis.peringkat.koherensi import analisis_koherensi
from analisis.peringkat.robust import _dirichlet, _metode_per_skema
from analisis.peringkat.sampel import (
    Sampel,
    bank_galat,
    data_sampel,
    kerangka_sampel,
    peringkat_sampel,
    peringkat_sampel_polos,
    sampel_nominal,
)
from analisis.peringkat.sensitivitas import FAKTOR, analisis_sensitivitas
from analisis.peringkat.siap import siapkan_data
from analisis.peringkat.sobol import indeks_sobol
from analisis.proyek import Proyek
from sobol_util import cek_sifat_sobol_keluarga, pengali_serentak

# --- Estimators ---------------------------------------------------------------------------------


def _desain(F: int, N: int, benih: int, batas: list[list[float]] | None = None):
    masalah = {"num_vars": F, "names": [f"x{i}" for i in range(F)]}
    masalah["bounds"] = batas or [[0.0, 1.0]] * F
    return masalah, salib_sampel.sample(masalah, N, calc_second_order=False, seed=benih)


def test_estimator_sama_dengan_salib_per_keluaran():
    masalah, X = _desain(4, 256, 3)
    Y = np.stack(
        [
            X @ np.array([1.0, 2.0, 3.0, 0.0]),
            np.sin(6 * X[:, 0]) + X[:, 1] * X[:, 2] ** 2,
            np.floor(X[:, 1] * 3) + np.floor(X[:, 3] * 2),  # discrete, like ranks
            np.full(len(X), 7.0),  # never changes
        ],
        axis=1,
    )
    hasil = indeks_sobol(Y, 4, jumlah_bootstrap=100, benih=42)
    for c in range(3):
        acuan = salib_analisis.analyze(
            masalah, Y[:, c], calc_second_order=False, num_resamples=100, seed=42
        )
        for kunci in ("S1", "S1_conf", "ST", "ST_conf"):
            np.testing.assert_allclose(getattr(hasil, kunci)[c], acuan[kunci], rtol=0, atol=1e-9)
    assert list(hasil.tetap) == [False, False, False, True]
    assert np.isnan(hasil.S1[3]).all() and np.isnan(hasil.ST_conf[3]).all()


def test_contoh_analitik_model_linear():
    # Y = 1·X1 + 2·X2 + 3·X3 + 0·X4 with independent X_i ~ U(0, 1): Var(a_i X_i) = a_i²/12, no
    # interactions, so S_i = ST_i = a_i² / Σ a_j² = (1, 4, 9, 0) / 14.
    a = np.array([1.0, 2.0, 3.0, 0.0])
    analitik = a**2 / (a**2).sum()
    _, X = _desain(4, 1024, 11)
    h = indeks_sobol(X @ a, 4, jumlah_bootstrap=200, benih=5)
    assert np.all(np.abs(h.S1[0] - analitik) <= h.S1_conf[0])
    assert np.all(np.abs(h.ST[0] - analitik) <= h.ST_conf[0])
    assert h.S1[0].sum() == pytest.approx(1.0, abs=h.S1_conf[0].sum())


def test_contoh_analitik_ishigami():
    # Ishigami (a = 7, b = 0.1) on [−π, π]³: an interaction between X1 and X3. Analytic indices
    # (Ishigami & Homma 1990; Saltelli et al. 2008): S1 = (0.3139, 0.4424, 0),
    # ST = (0.5576, 0.4424, 0.2437).
    S1 = np.array([0.3139, 0.4424, 0.0])
    ST = np.array([0.5576, 0.4424, 0.2437])
    _, X = _desain(3, 2048, 2, [[-math.pi, math.pi]] * 3)
    h = indeks_sobol(Ishigami.evaluate(X), 3, jumlah_bootstrap=200, benih=9)
    assert np.all(np.abs(h.S1[0] - S1) <= h.S1_conf[0] + 1e-4)
    assert np.all(np.abs(h.ST[0] - ST) <= h.ST_conf[0] + 1e-4)
    assert h.ST[0, 2] - h.S1[0, 2] > 0.2  # X3 acts only through its interaction


# --- Vectorised index = plain path ------------------------------------------------------------


def _data(n: int, benih: int, hilang: bool = True) -> pd.DataFrame:
    """Synthetic values for the default framework (as benchmarks/bench_peringkat.py), with
    zeros in the scores (min–max minimum, 'tidak') and optionally missing values."""
    rng = np.random.default_rng(benih)
    df = pd.DataFrame(index=pd.Index([f"R{i:03d}" for i in range(n)], name="kode_wilayah"))
    df["penurunan_p0_3th"] = rng.normal(0.8, 0.7, n).round(2)
    df["penurunan_p0_relatif_3th"] = (df["penurunan_p0_3th"] / rng.uniform(3, 12, n) * 100).round(1)
    df["penurunan_p1_3th"] = rng.normal(0.15, 0.2, n).round(3)
    df["penurunan_p2_3th"] = rng.normal(0.04, 0.06, n).round(3)
    df["efektivitas_p0"] = rng.integers(0, 4, n) / 3
    df["porsi_anggaran_kemiskinan"] = rng.uniform(2, 15, n).round(2)
    df["skor_penandaan"] = rng.uniform(20, 95, n).round(1)
    df["realisasi_anggaran"] = rng.uniform(60, 99, n).round(1)
    df["rpkd_berlaku"] = rng.choice(["ya", "tidak"], n, p=[0.7, 0.3])
    df["rat_tepat_waktu"] = rng.choice(["ya", "tidak"], n, p=[0.6, 0.4])
    df["laporan_tepat_waktu"] = rng.choice(list("ABCD"), n)
    df["kelengkapan_laporan"] = rng.uniform(40, 100, n).round(0)
    df["jumlah_rakor"] = rng.integers(0, 6, n)
    df["progres_verval"] = rng.uniform(30, 100, n).round(1)
    df["persen_nik_valid"] = rng.uniform(80, 100, n).round(1)
    df["persen_duplikat"] = rng.uniform(0, 8, n).round(2)
    df["cakupan_desil1"] = rng.uniform(40, 95, n).round(1)
    df["porsi_anggaran_kemiskinan__se"] = 0.4  # an SE column for a non-statistical indicator
    # Standard errors of the outcome indicators, as the evaluation writes them into kinerja
    # (the shared precision model; the framework has no fixed SE for them).
    for kode, se in (("penurunan_p0_3th", 0.45), ("penurunan_p0_relatif_3th", 9.0)):
        df[f"{kode}__se"] = se
    for kode, se in (("penurunan_p1_3th", 0.12), ("penurunan_p2_3th", 0.04)):
        df[f"{kode}__se"] = se
    if hilang:
        df = df.astype(object)
        df.iloc[2, df.columns.get_loc("penurunan_p1_3th")] = None
        df.iloc[5, df.columns.get_loc("laporan_tepat_waktu")] = None
        df.iloc[8, df.columns.get_loc("persen_duplikat")] = None
        df.iloc[9, df.columns.get_loc("persen_duplikat")] = None
    return df


def _sampel_acak(siap, S: int, benih: int, bank: int) -> Sampel:
    rng = np.random.default_rng(benih)
    return Sampel(
        skema=rng.choice(["bawaan", "max_rasio", "min_maks", "skor_z"], S).astype(object),
        agregasi=rng.choice(["aritmetika", "geometrik", "harmonik", "copeland"], S).astype(object),
        kebijakan=rng.choice(["bobot_ulang", "kecualikan"], S).astype(object),
        bobot_dimensi=_dirichlet(rng, siap.bobot_dimensi, 10, S),
        bobot_indikator=_dirichlet(rng, siap.bobot_indikator, 10, S, siap.dim_idx),
        derau=rng.integers(-1, bank, S),
    )


@pytest.mark.parametrize("n", [12, 110])  # Copeland pair by pair, and with bitsets
def test_indeks_vektor_sama_dengan_jalur_polos(n):
    df = _data(n, benih=n)
    k = kerangka_bawaan()
    siap = siapkan_data(df, k)
    assert siap.diperingkat.all() and not siap.ada.all()
    galat = bank_galat(siap, 1.0, 20, np.random.default_rng(1))
    assert galat is not None
    assert [siap.indikator[c].kode for c in galat.kolom] == [
        "penurunan_p0_3th",
        "penurunan_p0_relatif_3th",
        "penurunan_p1_3th",
        "penurunan_p2_3th",
        "porsi_anggaran_kemiskinan",
    ]
    sampel = _sampel_acak(siap, 48, benih=n, bank=20)
    vektor = peringkat_sampel(siap, sampel, galat=galat, geser_nol=1.0)
    polos = peringkat_sampel_polos(df, siap, sampel, galat=galat, geser_nol=1.0)
    np.testing.assert_array_equal(vektor, polos)
    np.testing.assert_array_equal(
        peringkat_sampel(siap, sampel, galat=galat, geser_nol=1.0, utas=2), vektor
    )
    assert vektor.min() >= 1 and vektor.max() <= n  # the zero guard: never NaN, never fails


def test_kecualikan_menempatkan_wilayah_berdata_hilang_di_belakang():
    df = _data(12, benih=4)
    siap = siapkan_data(df, kerangka_bawaan())
    lengkap = siap.ada.all(axis=1)
    sampel = sampel_nominal(siap, 1, kebijakan=np.array(["kecualikan"], dtype=object))
    rank = peringkat_sampel(siap, sampel)[0]
    assert set(rank[~lengkap]) == {int(lengkap.sum()) + 1}
    assert sorted(rank[lengkap]) == list(range(1, int(lengkap.sum()) + 1))


# --- The analysis ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hasil_kecil():
    return analisis_sensitivitas(_data(30, benih=7), kerangka_bawaan(), jumlah_sampel=256, benih=5)


def test_semua_faktor_dan_json_polos(hasil_kecil):
    h = hasil_kecil
    assert h.faktor == list(FAKTOR) and h.faktor_tetap == {}
    S, F = 256 * (len(FAKTOR) + 2), len(FAKTOR)
    assert h.peringkat_sampel.shape == (S, 30) and len(h.rancangan) == S
    j = h.ke_json()
    teks = json.dumps(j, allow_nan=False)  # plain data, no NaN
    assert json.loads(teks) == j
    assert j["parameter"]["benih"] == 5 and j["parameter"]["jumlah_evaluasi"] == S
    assert j["parameter"]["rancangan"].startswith("Saltelli/Sobol SALib 1.6")
    assert [f["kode"] for f in j["faktor"]] == list(FAKTOR)
    assert j["faktor"][3]["pilihan"] == ["aritmetika", "geometrik", "harmonik", "copeland"]
    assert j["faktor"][3]["nama_pilihan"][1] == "rata-rata geometrik berbobot"
    # Text for readers names indicators, never codes.
    assert j["faktor"][4]["uraian"] == (
        "nilai + 1 × galat baku × derau normal baku, untuk Penurunan P0 dalam 3 tahun; "
        "Penurunan relatif P0 dalam 3 tahun; Penurunan indeks kedalaman kemiskinan (P1) dalam 3 "
        "tahun; Penurunan indeks keparahan kemiskinan (P2) dalam 3 tahun; Porsi anggaran "
        "penanggulangan kemiskinan terhadap APBD"
    )
    ringkas = j["pergeseran_rata_rata"]
    for kunci in ("S1", "S1_bawah", "S1_atas", "ST", "ST_bawah", "ST_atas"):
        assert len(ringkas[kunci]) == F
    w = j["wilayah"][0]
    assert w["peringkat"] == 1 and len(w["ST"]) == F
    assert w["peringkat_p05"] <= w["median_peringkat"] <= w["peringkat_p95"]
    assert w["uraian"].startswith(f"Peringkat {w['nama']} ")
    assert {a["faktor"] for a in j["alternatif"]} == {
        "normalisasi",
        "agregasi",
        "kebijakan_data_hilang",
    }
    assert len(j["penghapusan"]["indikator"]) == 17 and len(j["penghapusan"]["dimensi"]) == 4
    assert set(j["penghapusan"]["indikator"][0]["pergeseran"]) == set(h.wilayah.index)


def test_dapat_diulang_dengan_benih(hasil_kecil):
    df = _data(30, benih=7)
    k = kerangka_bawaan()
    ulang = analisis_sensitivitas(df, k, jumlah_sampel=256, benih=5)
    assert ulang.ke_json() == hasil_kecil.ke_json()
    lain = analisis_sensitivitas(df, k, jumlah_sampel=256, benih=6)
    assert not np.array_equal(lain.peringkat_sampel, hasil_kecil.peringkat_sampel)
    baru = analisis_sensitivitas(df, k, jumlah_sampel=64, benih=None)
    lagi = analisis_sensitivitas(df, k, jumlah_sampel=64, benih=baru.parameter["benih"])
    assert np.array_equal(baru.peringkat_sampel, lagi.peringkat_sampel)


def test_pilihan_setiap_evaluasi_dapat_dipulihkan(hasil_kecil):
    h = hasil_kecil
    metode = dict(
        zip(
            ["bawaan", "max_rasio", "min_maks", "skor_z"],
            _metode_per_skema(h.siap, ["bawaan", "max_rasio", "min_maks", "skor_z"]),
            strict=True,
        )
    )
    for i in (0, 3, 777, len(h.rancangan) - 1):
        p = h.parameter_sampel(i)
        k_i = kerangka_sampel(
            h.siap.kerangka,
            np.array(list(p["bobot_dimensi"].values())),
            np.array(list(p["bobot_indikator"].values())),
            metode[p["normalisasi"]],
        )
        t = hitung_indeks(
            data_sampel(h.masukan, h.siap, h.galat, p["galat_sampel"]),
            k_i,
            kebijakan_data_hilang=p["kebijakan_data_hilang"],
            agregasi=p["agregasi"],
        ).tabel["peringkat"]
        t = t.reindex(h.wilayah.index)
        rank = t.fillna(t.notna().sum() + 1).to_numpy(dtype=int)
        np.testing.assert_array_equal(rank, h.peringkat_sampel[i])


def test_penghapusan_dan_alternatif_sama_dengan_hitung_indeks():
    df = _data(25, benih=3, hilang=False)
    k = kerangka_bawaan()
    h = analisis_sensitivitas(df, k, jumlah_sampel=16, benih=1)
    pub = hitung_indeks(df, k).peringkat.reindex(h.wilayah.index).to_numpy()
    kode = list(h.wilayah.index)
    for _, r in h.penghapusan.iterrows():
        opsi = {"indikator": [r["kode"]]} if r["jenis"] == "indikator" else {"dimensi": [r["kode"]]}
        k2 = kerangka_tanpa(k, **opsi)
        sisa = df[[c for c in df.columns if c.removesuffix("__se") in k2.kode_indikator]]
        tanpa = hitung_indeks(sisa, k2).peringkat.reindex(kode).to_numpy()
        np.testing.assert_array_equal(r[kode].to_numpy(dtype=int), tanpa - pub)
    agregasi = h.alternatif[h.alternatif["faktor"] == "agregasi"]
    assert list(agregasi["pilihan"]) == ["geometrik", "harmonik", "copeland"]
    for _, r in agregasi.iterrows():
        alt = hitung_indeks(df, k, agregasi=r["pilihan"]).peringkat.reindex(kode).to_numpy()
        np.testing.assert_array_equal(r[kode].to_numpy(dtype=int), alt - pub)
    assert "kebijakan_data_hilang" not in set(h.alternatif["faktor"])  # nothing is missing
    assert h.faktor_tetap == {"kebijakan_data_hilang": "tidak ada wilayah dengan data hilang"}


def test_satu_faktor_menjelaskan_semuanya():
    # Only the aggregation varies: by definition S1 = ST = 1 for every output that changes.
    h = analisis_sensitivitas(
        _data(20, benih=2),
        kerangka_bawaan(),
        jumlah_sampel=256,
        benih=3,
        konsentrasi_dimensi=math.inf,
        konsentrasi_indikator=math.inf,
        normalisasi_alternatif=["bawaan"],
        skala_galat=0.0,
        kebijakan_alternatif=["bobot_ulang"],
    )
    assert h.faktor == ["agregasi"]
    assert set(h.faktor_tetap) == set(FAKTOR) - {"agregasi"}
    ind = h.indeks_wilayah
    assert ind is not None and (~ind.tetap).any()
    hidup = ~ind.tetap
    np.testing.assert_allclose(ind.S1[hidup], 1.0, atol=1e-9)
    np.testing.assert_allclose(ind.ST[hidup], 1.0, atol=1e-9)
    assert h.indeks_pergeseran is not None
    assert h.indeks_pergeseran.S1[0, 0] == pytest.approx(1.0)


def test_tanpa_faktor_tetap_menghasilkan_json_dan_alasan():
    h = analisis_sensitivitas(
        _data(10, benih=1, hilang=False),
        kerangka_bawaan(),
        jumlah_sampel=64,
        konsentrasi_dimensi=math.inf,
        konsentrasi_indikator=math.inf,
        normalisasi_alternatif=["bawaan"],
        skala_galat=0.0,
        agregasi_alternatif=["aritmetika"],
    )
    assert h.faktor == [] and h.indeks_wilayah is None and len(h.rancangan) == 0
    assert h.faktor_tetap["bobot_dimensi"] == "konsentrasi bobot dimensi tak hingga (bobot tetap)"
    assert h.faktor_tetap["galat_sampel"] == "skala galat 0"
    j = h.ke_json()
    json.dumps(j, allow_nan=False)
    assert j["wilayah"][0]["S1"] == [] and j["wilayah"][0]["peringkat_tetap"]
    assert "Tidak ada faktor yang dapat divariasikan" in j["peringatan"][0]


def test_pengaturan_tidak_sah():
    with pytest.raises(GalatValidasi) as e:
        analisis_sensitivitas(
            _data(10, benih=1),
            kerangka_bawaan(),
            jumlah_sampel=1000,
            agregasi_alternatif=["aritmetika", "median"],
            konsentrasi_dimensi=0,
            normalisasi_alternatif=["bawaan", "peringkat"],
        )
    pesan = " | ".join(m.pesan for m in e.value.masalah)
    assert "jumlah_sampel harus pangkat 2" in pesan
    assert "'median' tidak dikenal" in pesan
    assert "konsentrasi harus > 0" in pesan
    assert "normalisasi alternatif 'peringkat' tidak dikenal" in pesan
    with pytest.raises(GalatValidasi, match="Pengaturan analisis sensitivitas tidak sah"):
        analisis_sensitivitas(_data(10, benih=1), kerangka_bawaan(), jumlah_bootstrap="banyak")


# --- Kalimantan Selatan 2024 --------------------------------------------------------------------


@pytest.fixture(scope="module")
def kalsel(tmp_path_factory):
    """The Kalsel 2024 ranking inputs (evaluation results + example evaluator and budget)."""
    folder = tmp_path_factory.mktemp("laporan")
    basis = Basisdata.muat(impor=False)
    for kode in wilayah_provinsi("63"):
        simpan_hasil(evaluasi_wilayah(kode, 2024, basis=basis), folder)
    proyek = Proyek.muat(laporan=Path(folder))
    return hitung_peringkat("63", 2024, proyek=proyek, jumlah_iterasi=100, benih=7)


def test_family_check_allows_chance_misses_not_a_wrong_estimate():
    """80 estimates of true zeros (10 outputs × 8 factors), half-widths 0,01."""
    S1, ST = np.zeros((10, 8)), np.full((10, 8), 0.1)
    S1c, STc = np.full((10, 8), 0.01), np.full((10, 8), 0.01)
    assert pengali_serentak(80) == pytest.approx(1.745, abs=1e-3)
    S1[0, 0] = -0.012  # just outside its own 95 % interval: chance, among 80
    cek_sifat_sobol_keluarga(S1, ST, S1c, STc)
    jauh = S1.copy()
    jauh[1, 1] = -0.02  # outside the simultaneous interval too: not chance
    with pytest.raises(AssertionError):
        cek_sifat_sobol_keluarga(jauh, ST, S1c, STc)
    banyak = S1.copy()
    banyak[:8, 2] = -0.011  # 9 misses of the plain intervals where chance allows 7
    with pytest.raises(AssertionError):
        cek_sifat_sobol_keluarga(banyak, ST, S1c, STc)
    with pytest.raises(AssertionError):  # S_i above ST_i beyond the intervals
        cek_sifat_sobol_keluarga(S1 + np.eye(10, 8) * 0.2, ST, S1c, STc)


def test_kalsel_indeks_memenuhi_sifat_sobol(kalsel):
    izinkan = bool(kalsel.susunan.parameter["izinkan_dimensi_hilang"])
    h = analisis_sensitivitas(kalsel.masukan.data, kalsel.kerangka, izinkan_dimensi_hilang=izinkan)
    assert h.parameter["jumlah_sampel"] == 1024 and h.parameter["benih"] == 2024
    # The demo's synthetic BNBA extracts give three regions data: no indicator is set aside.
    assert h.parameter["indikator_tanpa_data"] == []
    # Published ranks are those of the index the ranking entry point computed.
    pub = kalsel.indeks.peringkat.reindex(h.wilayah.index)
    assert list(h.wilayah["peringkat"]) == list(pub)
    assert "galat_sampel" in h.faktor and "agregasi" in h.faktor
    # The mean rank shift (one output): S_i ≤ ST_i and Σ S_i ≤ 1 within its own intervals.
    ind = h.indeks_pergeseran
    assert ind is not None
    hidup = ~ind.tetap
    S1, ST = ind.S1[hidup], ind.ST[hidup]
    S1c, STc = ind.S1_conf[hidup], ind.ST_conf[hidup]
    assert np.all(S1 <= ST + S1c + STc)  # S_i ≤ ST_i within the estimates' intervals
    assert np.all(S1.sum(axis=1) <= 1 + S1c.sum(axis=1))  # Σ S_i ≤ 1 likewise
    assert np.all(S1 >= -S1c) and np.all(ST >= 0)
    # Every region's estimates (~80, each with its own 95 % interval) as one family: what the
    # method guarantees there is simultaneous (Bonferroni) coverage and a count of misses
    # chance allows, not every estimate within its own interval (see sobol_util).
    ind = h.indeks_wilayah
    assert ind is not None
    hidup = ~ind.tetap
    cek_sifat_sobol_keluarga(ind.S1[hidup], ind.ST[hidup], ind.S1_conf[hidup], ind.ST_conf[hidup])
    # Reproducible with the seed.
    ulang = analisis_sensitivitas(
        kalsel.masukan.data, kalsel.kerangka, izinkan_dimensi_hilang=izinkan
    )
    assert ulang.ke_json() == h.ke_json()
    json.dumps(h.ke_json(), allow_nan=False)


def test_kalsel_koherensi(kalsel):
    k = analisis_koherensi(kalsel.indeks)
    ada = k.indikator["jumlah_wilayah"] > 0
    assert k.indikator.loc[ada, "sumbangan_keragaman"].sum() == pytest.approx(1.0)
    assert (k.indikator.loc[~ada, "sumbangan_keragaman"] == 0).all()
    assert k.jumlah_wilayah == 13
    json.dumps(k.ke_json(), allow_nan=False)
