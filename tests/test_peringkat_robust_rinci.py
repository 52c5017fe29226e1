"""The Monte Carlo robustness check (analisis.peringkat.robust), the details: every setting and
its message, the recorded parameters, which normalisation each indicator may take, noise clipped
to the indicator's range, and the pair table."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analisis.galat import GalatValidasi
from analisis.peringkat import robust
from analisis.peringkat.indeks import hitung_indeks
from analisis.peringkat.kerangka import kerangka_bawaan, kerangka_dari_dict, muat_kerangka
from analisis.peringkat.robust import STATUS_ROBUST, STATUS_TIDAK_ROBUST, uji_robust
from analisis.peringkat.siap import siapkan_data

DATA = Path(__file__).parent / "data" / "peringkat"


@pytest.fixture(scope="module")
def kecil():
    return muat_kerangka(DATA / "kerangka_kecil.yaml")


@pytest.fixture
def contoh() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "x1": [2, 4, 6, 5, 3],
            "x1__se": [0.3] * 5,
            "x2": [10, 5, 20, 8, 12],
            "y1": ["A", "B", "A", "C", "D"],
            "y2": ["ya", "tidak", "tidak", "ya", "ya"],
        },
        index=pd.Index(["6301", "6302", "6303", "6304", "6305"], name="kode_wilayah"),
    )


@pytest.mark.parametrize(
    ("opsi", "pesan"),
    [
        ({"jumlah_iterasi": 0}, "jumlah_iterasi harus ≥ 1, tertulis 0"),
        ({"konsentrasi_dimensi": 0}, "konsentrasi harus > 0 (inf = bobot tetap)"),
        ({"konsentrasi_indikator": -1}, "konsentrasi harus > 0 (inf = bobot tetap)"),
        ({"normalisasi_alternatif": []}, "normalisasi_alternatif kosong; isi minimal ['bawaan']"),
        (
            {"normalisasi_alternatif": ["bawaan", "rubrik"]},
            (
                "normalisasi alternatif 'rubrik' tidak dikenal; pilihan: bawaan, max_rasio, "
                "min_maks, skor_z"
            ),
        ),
        ({"skala_galat": -0.5}, "skala_galat harus ≥ 0, tertulis -0.5"),
        ({"skala_galat": math.inf}, "skala_galat harus ≥ 0, tertulis inf"),
        ({"ambang": 0}, "ambang harus di antara 0 dan 1, tertulis 0.0"),
        ({"ambang": 1.01}, "ambang harus di antara 0 dan 1, tertulis 1.01"),
        ({"posisi_teratas": 0}, "posisi_teratas harus ≥ 1, tertulis 0"),
        ({"jendela_pasangan": 0}, "jendela_pasangan harus ≥ 1 atau None, tertulis 0"),
    ],
)
def test_every_invalid_setting_is_named(kecil, contoh, opsi, pesan):
    with pytest.raises(GalatValidasi) as e:
        uji_robust(contoh, kecil, **opsi)
    assert e.value.pesan == "Pengaturan uji robust tidak sah"
    assert [(m.pesan, m.kode) for m in e.value.masalah] == [(pesan, "robust_tidak_sah")]


def test_limits_of_the_settings_are_accepted(kecil, contoh):
    h = uji_robust(
        contoh,
        kecil,
        jumlah_iterasi=1,
        ambang=1.0,
        posisi_teratas=1,
        jendela_pasangan=1,
        skala_galat=0.0,
        benih=3,
    )
    assert h.peringkat_draw.shape == (1, 5)
    assert (h.pasangan["peringkat_bawah"] - h.pasangan["peringkat_atas"] <= 1).all()


def test_parameters_are_recorded_and_default_to_the_framework(kecil, contoh):
    h = uji_robust(contoh, kecil, jumlah_iterasi=20)
    r = kecil.robust
    assert h.parameter == {
        "jumlah_iterasi": 20,
        "benih": r.benih,
        "konsentrasi_dimensi": r.konsentrasi_dimensi,
        "konsentrasi_indikator": r.konsentrasi_indikator,
        "normalisasi_alternatif": list(r.normalisasi_alternatif),
        "skala_galat": r.skala_galat,
        "ambang_urutan_tidak_robust": r.ambang_urutan_tidak_robust,
        "posisi_teratas": r.posisi_teratas,
        "jendela_pasangan": r.jendela_pasangan,
        "kebijakan_data_hilang": "bobot_ulang",
        "izinkan_dimensi_hilang": False,
    }
    kb = kerangka_bawaan()
    assert kb.robust.jumlah_iterasi == 1000 and kb.robust.benih == 2024
    h = uji_robust(
        contoh,
        kecil,
        jumlah_iterasi=5,
        benih=None,
        konsentrasi_dimensi=7,
        konsentrasi_indikator=8,
        normalisasi_alternatif=["min_maks"],
        skala_galat=2,
        ambang=0.2,
        posisi_teratas=2,
        jendela_pasangan=None,
        kebijakan_data_hilang="kecualikan",
        izinkan_dimensi_hilang=True,
    )
    p = h.parameter
    assert isinstance(p["benih"], int) and p["benih"] > 0  # fresh entropy, recorded
    assert (p["konsentrasi_dimensi"], p["konsentrasi_indikator"]) == (7.0, 8.0)
    assert p["normalisasi_alternatif"] == ["min_maks"] and p["skala_galat"] == 2.0
    assert (p["ambang_urutan_tidak_robust"], p["posisi_teratas"]) == (0.2, 2)
    assert p["jendela_pasangan"] is None
    assert (p["kebijakan_data_hilang"], p["izinkan_dimensi_hilang"]) == ("kecualikan", True)
    # The recorded seed repeats the run.
    argumen = dict(p)
    argumen["ambang"] = argumen.pop("ambang_urutan_tidak_robust")
    ulang = uji_robust(contoh, kecil, **argumen)
    assert np.array_equal(ulang.peringkat_draw, h.peringkat_draw)


def test_which_normalisation_each_indicator_may_take():
    k = kerangka_dari_dict(
        {
            "nama": "skema",
            "robust": {"normalisasi_alternatif": ["bawaan", "max_rasio", "min_maks", "skor_z"]},
            "dimensi": [
                {
                    "kode": "d",
                    "nama": "d",
                    "bobot": 1,
                    "indikator": [
                        {
                            "kode": "a",
                            "nama": "a",
                            "sumber": "statistik",
                            "normalisasi": "min_maks",
                            "bobot": 0.25,
                        },
                        {
                            "kode": "b",
                            "nama": "b",
                            "sumber": "statistik",
                            "normalisasi": "min_maks",
                            "normalisasi_alternatif": ["skor_z"],
                            "bobot": 0.25,
                        },
                        {
                            "kode": "c",
                            "nama": "c",
                            "sumber": "evaluator",
                            "normalisasi": "rubrik",
                            "bobot": 0.25,
                        },
                        {
                            "kode": "t",
                            "nama": "t",
                            "sumber": "evaluator",
                            "normalisasi": "capaian_target",
                            "target": 3,
                            "bobot": 0.25,
                        },
                    ],
                }
            ],
        }
    )
    data = pd.DataFrame({"a": [1.0, 2.0], "b": [1.0, 3.0], "c": ["A", "B"], "t": [1, 3]})
    siap = siapkan_data(data.set_index(pd.Index(["6301", "6302"])), k)
    metode = robust._metode_per_skema(siap, ["bawaan", "max_rasio", "min_maks", "skor_z"])
    assert metode == [
        ["min_maks", "min_maks", "rubrik", "capaian_target"],
        ["max_rasio", "min_maks", "rubrik", "capaian_target"],
        ["min_maks", "min_maks", "rubrik", "capaian_target"],
        ["skor_z", "skor_z", "rubrik", "capaian_target"],
    ]


def test_noise_is_clipped_to_the_indicator_range(monkeypatch):
    """efektivitas_p0 lies in [0, 1]: noisy draws never leave it, whatever the noise."""
    kb = kerangka_bawaan()
    n = 6
    rng = np.random.default_rng(1)
    df = pd.DataFrame(index=pd.Index([f"R{i}" for i in range(n)], name="kode_wilayah"))
    for c in kb.kode_indikator:
        df[c] = rng.uniform(1, 9, n)
    df["efektivitas_p0"] = [0.0, 0.2, 0.5, 0.8, 1.0, 0.9]
    df["efektivitas_p0__se"] = 5.0
    df["rpkd_berlaku"] = "ya"
    df["rat_tepat_waktu"] = "tidak"
    df["laporan_tepat_waktu"] = "B"
    df["jumlah_rakor"] = 2
    dilihat: list[np.ndarray] = []
    asli = robust._normalisasi

    def catat(X, metode, *a, **k):
        if metode == "capaian_target" and X.ndim == 2 and k.get("target") == 1:
            dilihat.append(np.array(X))
        return asli(X, metode, *a, **k)

    monkeypatch.setattr(robust, "_normalisasi", catat)
    uji_robust(df, kb, jumlah_iterasi=200, benih=4, normalisasi_alternatif=["bawaan"])
    semua = np.concatenate([x.ravel() for x in dilihat])
    assert len(semua) == 200 * n
    assert semua.min() == 0.0 and semua.max() == 1.0  # noise of SE 5 hits both limits
    assert 0.0 < np.median(semua) < 1.0


def test_pair_table_and_the_warning(kecil, contoh):
    contoh["x1__se"] = 40.0
    h = uji_robust(
        contoh,
        kecil,
        jumlah_iterasi=400,
        benih=2,
        ambang=0.05,
        konsentrasi_dimensi=math.inf,
        konsentrasi_indikator=math.inf,
        normalisasi_alternatif=["bawaan"],
        jendela_pasangan=None,
    )
    p = h.pasangan
    assert list(p.columns) == [
        "kode_atas",
        "wilayah_atas",
        "peringkat_atas",
        "kode_bawah",
        "wilayah_bawah",
        "peringkat_bawah",
        "proporsi_terbalik",
        "status",
    ]
    r = h.ringkasan
    nama = dict(zip(r.index, r["wilayah"], strict=True))
    rank = dict(zip(r.index, r["peringkat"], strict=True))
    assert len(p) == 10  # 5 regions, no ties, every pair
    for b in p.itertuples():
        assert b.wilayah_atas == nama[b.kode_atas] and b.wilayah_bawah == nama[b.kode_bawah]
        assert b.peringkat_atas == rank[b.kode_atas] < b.peringkat_bawah == rank[b.kode_bawah]
        assert b.status == (STATUS_TIDAK_ROBUST if b.proporsi_terbalik >= 0.05 else STATUS_ROBUST)
    # Pairs are listed by the upper region's rank, then the lower one's.
    urut = list(zip(p["peringkat_atas"], p["peringkat_bawah"], strict=True))
    assert urut == sorted(urut)
    tidak = h.pasangan_tidak_robust
    assert len(tidak) >= 1
    hitung = pd.concat([tidak["kode_atas"], tidak["kode_bawah"]]).astype(str).value_counts()
    assert r["jumlah_pasangan_tidak_robust"].to_dict() == {
        k: int(hitung.get(k, 0)) for k in r.index
    }
    [m] = [m for m in h.peringatan if m.kode == "urutan_tidak_robust"]
    assert m.tingkat == "peringatan"
    assert m.pesan == (
        f"{len(tidak)} pasangan wilayah berurutan tidak robust (urutan terbalik di ≥ 5% "
        "tarikan); lihat tabel pasangan"
    )
    # A narrow window keeps only neighbouring ranks.
    sempit = uji_robust(
        contoh,
        kecil,
        jumlah_iterasi=50,
        benih=2,
        jendela_pasangan=2,
        normalisasi_alternatif=["bawaan"],
    )
    selisih = sempit.pasangan["peringkat_bawah"] - sempit.pasangan["peringkat_atas"]
    assert set(selisih) == {1, 2}


def test_summary_columns_and_ranked_regions_only(kecil, contoh):
    contoh = contoh.astype(object)
    contoh.loc["6305", ["y1", "y2"]] = None  # a whole dimension missing: not ranked
    h = uji_robust(contoh, kecil, jumlah_iterasi=30, benih=1)
    r = h.ringkasan
    assert list(r.columns) == [
        "wilayah",
        "peringkat",
        "skor_komposit",
        "median_peringkat",
        "peringkat_p05",
        "peringkat_p95",
        "peluang_teratas",
        "jumlah_pasangan_tidak_robust",
    ]
    assert "6305" not in r.index and r.index.name == "kode_wilayah"
    assert h.peringkat_draw.shape == (30, 4) and h.peringkat_draw.max() <= 4
    assert r["peringkat_p05"].dtype == int and r["peringkat_p95"].dtype == int
    assert list(r["skor_komposit"]) == list(h.deterministik.tabel.loc[r.index, "skor_komposit"])
    assert any(m.kode == "tidak_diperingkat" for m in h.peringatan)


def test_the_monte_carlo_uses_the_framework_z_scale():
    """With every source of randomness off, the draws equal the deterministic ranks; these
    values rank differently under the T-score and under 100·Φ(z), so the scale matters."""

    k = kerangka_dari_dict(
        {
            "nama": "skala",
            "skala_z": "skor_t",
            "dimensi": [
                {
                    "kode": "d",
                    "nama": "d",
                    "bobot": 1,
                    "indikator": [
                        {
                            "kode": "x",
                            "nama": "x",
                            "sumber": "statistik",
                            "normalisasi": "skor_z",
                            "bobot": 0.5,
                        },
                        {
                            "kode": "y",
                            "nama": "y",
                            "sumber": "statistik",
                            "normalisasi": "min_maks",
                            "bobot": 0.5,
                        },
                    ],
                }
            ],
        }
    )
    data = pd.DataFrame(
        {"x": [17.0, 12.0, 10.0, 5.0], "y": [6.0, 0.0, 1.0, 0.0]},
        index=pd.Index(["a", "b", "c", "d"], name="kode_wilayah"),
    )
    det = hitung_indeks(data, k).peringkat
    assert det.to_dict() == {"a": 1, "c": 2, "b": 3, "d": 4}
    h = uji_robust(
        data,
        k,
        jumlah_iterasi=5,
        benih=1,
        konsentrasi_dimensi=math.inf,
        konsentrasi_indikator=math.inf,
        skala_galat=0.0,
        normalisasi_alternatif=["bawaan"],
    )
    kolom = list(h.ringkasan.index)
    assert (h.peringkat_draw == det.loc[kolom].to_numpy()).all()
    # The same with a negligible sampling error on x: the noisy path uses the scale too.
    berisik = uji_robust(
        data.assign(x__se=1e-9),
        k,
        jumlah_iterasi=5,
        benih=1,
        konsentrasi_dimensi=math.inf,
        konsentrasi_indikator=math.inf,
        normalisasi_alternatif=["bawaan"],
    )
    assert (berisik.peringkat_draw == det.loc[kolom].to_numpy()).all()


def test_edge_cases_without_pairs_or_ranked_regions(kecil, contoh):
    satu = uji_robust(contoh.iloc[[0]], kecil, jumlah_iterasi=10, benih=1)
    assert satu.pasangan.empty and list(satu.ringkasan["peringkat"]) == [1]
    assert list(satu.ringkasan["peluang_teratas"]) == [1.0]
    kosong = contoh.astype(object)
    kosong[["y1", "y2"]] = None
    h = uji_robust(kosong, kecil, jumlah_iterasi=10, benih=1)
    assert h.ringkasan.empty and h.pasangan.empty and h.peringkat_draw.shape == (10, 0)
    p = uji_robust(contoh, kecil, jumlah_iterasi=10, benih=1).pasangan
    assert p["peringkat_atas"].dtype == int and p["peringkat_bawah"].dtype == int


def test_problems_of_the_data_name_the_file(kecil, contoh):
    contoh = contoh.astype(object)
    contoh.loc["6301", "y1"] = "Z"
    with pytest.raises(GalatValidasi) as e:
        uji_robust(contoh, kecil, berkas="isian.csv")
    assert {m.berkas for m in e.value.masalah} == {"isian.csv"}
