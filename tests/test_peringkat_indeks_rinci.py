"""The TKPK index (analisis.peringkat.indeks), the details: input parsing, every validation
message, standard errors, normalisation edges, ranks at extreme magnitudes, the long tables and
the warnings."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analisis.galat import GalatValidasi
from analisis.peringkat.indeks import (
    _normalisasi,
    hitung_indeks,
    normalisasi,
    peringkat_min,
    phi,
)
from analisis.peringkat.kerangka import kerangka_bawaan, kerangka_dari_dict, muat_kerangka
from analisis.peringkat.robust import uji_robust
from analisis.peringkat.siap import angka, baca_nilai, kosong, siapkan_data, skor_rubrik

M = "\u2212"

KERANGKA = {
    "nama": "Kerangka uji rinci",
    "dimensi": [
        {
            "kode": "hasil",
            "nama": "Hasil",
            "bobot": 0.6,
            "indikator": [
                {
                    "kode": "x1",
                    "nama": "naik, galat baku tetap",
                    "sumber": "statistik",
                    "normalisasi": "min_maks",
                    "bobot": 0.5,
                    "se_bawaan": 0.5,
                },
                {
                    "kode": "x2",
                    "nama": "turun, galat baku relatif",
                    "sumber": "statistik",
                    "arah": "turun_baik",
                    "normalisasi": "max_rasio",
                    "bobot": 0.3,
                    "rse_bawaan": 10,
                },
                {
                    "kode": "x3",
                    "nama": "skor z, paling besar 10",
                    "sumber": "statistik",
                    "normalisasi": "skor_z",
                    "rentang": [None, 10],
                    "bobot": 0.2,
                },
            ],
        },
        {
            "kode": "lapor",
            "nama": "Pelaporan",
            "bobot": 0.4,
            "indikator": [
                {
                    "kode": "y1",
                    "nama": "nilai A-D",
                    "sumber": "evaluator",
                    "normalisasi": "rubrik",
                    "bobot": 0.5,
                },
                {
                    "kode": "y2",
                    "nama": "rapat, paling sedikit 1",
                    "sumber": "evaluator",
                    "normalisasi": "capaian_target",
                    "target": 3,
                    "rentang": [1, None],
                    "bilangan_bulat": True,
                    "bobot": 0.5,
                },
            ],
        },
    ],
}


@pytest.fixture(scope="module")
def k():
    return kerangka_dari_dict(KERANGKA)


def _data(**ubah) -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "x1": [1.0, 2.0, 3.0],
            "x2": [4.0, 2.0, 8.0],
            "x3": [1.0, 2.0, 6.0],
            "y1": ["A", "C", "B"],
            "y2": [3, 1, 2],
        },
        index=pd.Index(["6301", "6302", "6303"], name="kode_wilayah"),
    )
    for kolom, nilai in ubah.items():
        df[kolom] = nilai
    return df


# ------------------------------------------------------------------------------ cells


@pytest.mark.parametrize(
    ("sel", "harapan"),
    [
        (None, True),
        (np.nan, True),
        (pd.NA, True),
        ("", True),
        ("  ", True),
        ("-", True),
        ("NA", True),
        ("n/a", True),
        (" NaN ", True),
        ("None", True),
        ("null", True),
        (0, False),
        ("0", False),
        ("x", False),
        ([1, 2], False),  # not a cell value at all: never "missing"
    ],
)
def test_missing_cells(sel, harapan):
    assert kosong(sel) is harapan


@pytest.mark.parametrize(
    ("sel", "harapan"),
    [
        (12, 12.0),
        (np.int64(3), 3.0),
        (2.5, 2.5),
        ("12.5", 12.5),
        ("12,5", 12.5),
        ("+3,25", 3.25),
        ("-0,5", -0.5),
        ("85%", 85.0),
        (" 1 234 ", 1234.0),
        ("\u00a0 7", 7.0),
        ("1\u00a0234,5", 1234.5),  # a no-break space as thousands separator
        ("1.234,5", None),  # thousands dots are not guessed
        ("1,2,3", None),
        ("dua", None),
        ("nan", None),
        (float("nan"), None),
        (True, None),
        (None, None),
    ],
)
def test_numbers_read_from_cells(sel, harapan):
    assert angka(sel) == harapan


def test_raw_values_and_their_messages(k):
    x1, x3, y1, y2 = (k.indikator(c) for c in ("x1", "x3", "y1", "y2"))
    assert baca_nilai(x1, "2,5", k) == (2.5, None)
    assert baca_nilai(x1, "dua", k) == (None, "nilai 'dua' bukan angka")
    assert baca_nilai(x1, "inf", k) == (None, "nilai 'inf' bukan angka hingga")
    assert baca_nilai(x3, 10, k) == (10.0, None)
    assert baca_nilai(x3, 10.5, k) == (None, "nilai 10,5 di luar rentang ≤ 10")
    assert baca_nilai(x3, -1e6, k) == (-1e6, None)  # no lower limit
    assert baca_nilai(y2, 1, k) == (1.0, None)
    assert baca_nilai(y2, 0, k) == (None, "nilai 0 di bawah batas 1")
    assert baca_nilai(y2, 2.5, k) == (None, "nilai 2,5 harus bilangan bulat")
    assert baca_nilai(y1, " b ", k) == ("B", None)
    assert baca_nilai(y1, "E", k) == (None, "nilai 'E' tidak sah; pilihan: A, B, C, D")
    kb = kerangka_bawaan()
    persen = kb.indikator("kelengkapan_laporan")
    assert baca_nilai(persen, -5, kb) == (None, f"nilai {M}5 negatif; harus ≥ 0")
    assert baca_nilai(persen, 100.123456789, kb) == (
        None,
        "nilai 100,123 di luar rentang 0–100",
    )
    ya = kb.indikator("rpkd_berlaku")
    assert baca_nilai(ya, True, kb) == ("ya", None)
    assert baca_nilai(ya, np.bool_(False), kb) == ("tidak", None)
    assert baca_nilai(ya, "YA", kb) == ("ya", None)
    # A grade scale without ya/tidak does not turn booleans into grades.
    assert baca_nilai(y1, True, k) == (None, "nilai 'True' tidak sah; pilihan: A, B, C, D")
    assert skor_rubrik(y1, "B", k) == 75.0 and skor_rubrik(ya, "tidak", kb) == 0.0


def test_every_invalid_cell_is_reported_with_region_and_column(k):
    data = _data(
        x1=["1", "x", 3.0],
        x3=[1.0, 2.0, 11.0],
        y1=["A", "Z", "B"],
        y2=[3, 0, 2.5],
    )
    data["wilayah"] = ["Satu", None, "Tiga"]
    with pytest.raises(GalatValidasi) as e:
        siapkan_data(data, k, berkas="isian.csv")
    assert (
        e.value.pesan
        == "Data indikator 'isian.csv' tidak sesuai kerangka 'Kerangka uji rinci': 5 masalah"
    )
    pesan = [(m.kolom, m.pesan, m.kode, m.berkas) for m in e.value.masalah]
    assert pesan == [
        ("x1", "wilayah 6302 (Kotabaru): nilai 'x' bukan angka", "nilai_tidak_sah", "isian.csv"),
        (
            "x3",
            "wilayah 6303 (Tiga): nilai 11 di luar rentang ≤ 10",
            "nilai_tidak_sah",
            "isian.csv",
        ),
        (
            "y1",
            "wilayah 6302 (Kotabaru): nilai 'Z' tidak sah; pilihan: A, B, C, D",
            "nilai_tidak_sah",
            "isian.csv",
        ),
        ("y2", "wilayah 6302 (Kotabaru): nilai 0 di bawah batas 1", "nilai_tidak_sah", "isian.csv"),
        (
            "y2",
            "wilayah 6303 (Tiga): nilai 2,5 harus bilangan bulat",
            "nilai_tidak_sah",
            "isian.csv",
        ),
    ]


def test_structure_problems_are_all_reported(k):
    data = pd.concat([_data(), _data().iloc[[0]]]).drop(columns=["x3"])
    data["x31"] = 1.0
    data["x1__se"] = [0.1, -1, "?", 0.2]
    data["zz__se"] = 0.0
    data["y1__se"] = 0.0
    data["y2__se"] = 0.0  # a numeric indicator may carry one
    data["tahun"] = 2024  # metadata columns are accepted silently
    with pytest.raises(GalatValidasi) as e:
        siapkan_data(data, k)
    assert e.value.pesan == "Data indikator tidak sesuai kerangka 'Kerangka uji rinci': 7 masalah"
    pesan = {(m.kode, m.kolom): m.pesan for m in e.value.masalah}
    assert pesan[("wilayah_ganda", "kode_wilayah")] == "wilayah 6301 muncul 2 kali di data"
    assert pesan[("indikator_tidak_dikenal", "x31")] == (
        "kolom 'x31' bukan indikator dalam kerangka 'Kerangka uji rinci'. Mungkin maksud Anda 'x3'?"
    )
    assert pesan[("indikator_tidak_dikenal", "zz__se")] == (
        "kolom galat baku 'zz__se' merujuk indikator 'zz' yang tidak ada dalam kerangka "
        "'Kerangka uji rinci'."
    )
    assert pesan[("galat_baku_tidak_berlaku", "y1__se")] == (
        "kolom galat baku 'y1__se' tidak berlaku: indikator 'y1' memakai rubrik"
    )
    assert pesan[("indikator_tidak_ada", "x3")] == (
        "indikator 'x3' (dimensi[0].indikator[2], dimensi 'hasil') tidak ada di data; "
        "tambahkan kolomnya (sel kosong diperlakukan menurut kebijakan data hilang)"
    )
    se = [m.pesan for m in e.value.masalah if m.kolom == "x1__se"]
    assert se == [
        "wilayah 6302 (Kotabaru): galat baku '-1' tidak sah; harus angka ≥ 0",
        "wilayah 6303 (Banjar): galat baku '?' tidak sah; harus angka ≥ 0",
    ]


def test_settings_and_input_type_errors(k):
    with pytest.raises(GalatValidasi) as e:
        siapkan_data(_data(), k, kebijakan_data_hilang="abaikan")
    [m] = e.value.masalah
    assert m.kode == "kebijakan_tidak_dikenal"
    assert m.pesan == "kebijakan 'abaikan' tidak dikenal; pilihan: bobot_ulang, kecualikan"
    with pytest.raises(TypeError, match="^data harus berupa pandas.DataFrame$"):
        siapkan_data({"x1": [1]}, k)


# ------------------------------------------------------------------------------ arrays


def test_standard_errors_from_columns_defaults_and_relative_defaults(k):
    data = _data()
    data["x1__se"] = [0.2, np.nan, 0.0]
    s = siapkan_data(data.reset_index(), k)  # the code may also be a column
    assert s.kode_wilayah == ["6301", "6302", "6303"]
    kolom = {ind.kode: i for i, ind in enumerate(s.indikator)}
    # x1: its column, else se_bawaan 0,5; x2: rse_bawaan 10 % of |X|; others: no noise.
    np.testing.assert_allclose(s.SE[:, kolom["x1"]], [0.2, 0.5, 0.0])
    np.testing.assert_allclose(s.SE[:, kolom["x2"]], [0.4, 0.2, 0.8])
    assert (s.SE[:, [kolom["x3"], kolom["y1"], kolom["y2"]]] == 0).all()
    np.testing.assert_array_equal(s.dim_idx, [0, 0, 0, 1, 1])
    np.testing.assert_allclose(s.X[:, kolom["y1"]], [100, 50, 75])
    assert list(s.mentah["y1"]) == ["A", "C", "B"]
    assert s.nama == ["Tanah Laut", "Kotabaru", "Banjar"]
    np.testing.assert_allclose(s.G.sum(axis=0), [3, 2])
    # Missing values carry no noise.
    data.loc["6301", "x2"] = np.nan
    s = siapkan_data(data, k)
    assert s.SE[0, kolom["x2"]] == 0 and not s.ada[0, kolom["x2"]]


def test_region_without_any_weighted_indicator_is_not_ranked(k):
    data = _data().astype(object)
    data.loc["6302"] = [None, "-", "", "NA", None]
    h = hitung_indeks(data, k, izinkan_dimensi_hilang=True)
    assert h.tidak_diperingkat.loc["6302", "alasan"] == (
        "tidak ada satu pun indikator berbobot yang terisi"
    )
    assert any(
        m.kode == "tidak_diperingkat"
        and m.pesan
        == "wilayah 6302 (Kotabaru) tidak diperingkat: tidak ada satu pun indikator berbobot "
        "yang terisi"
        for m in h.peringatan
    )


def test_flag_text_when_a_whole_dimension_is_reweighted(k):
    data = _data().astype(object)
    data.loc["6301", ["y1", "y2"]] = None
    data.loc["6301", "x3"] = None
    h = hitung_indeks(data, k, izinkan_dimensi_hilang=True)
    t = h.tabel
    assert t.loc["6301", "keterangan"] == (
        "DITANDAI: indikator hilang x3, y1, y2; bobot indikator dihitung ulang dalam "
        "dimensinya; dimensi lapor tidak dinilai dan bobot dimensi dihitung ulang"
    )
    assert t.loc["6301", "indikator_hilang"] == "x3, y1, y2"
    [m] = [m for m in h.peringatan if m.kode == "data_tidak_lengkap"]
    assert m.pesan == (
        "wilayah 6301 (Tanah Laut) diperingkat dengan data tidak lengkap: "
        + t.loc["6301", "keterangan"]
    )
    assert m.tingkat == "peringatan"


def test_negative_values_under_max_ratio_are_warned_about():
    kb = kerangka_bawaan()
    df = pd.DataFrame({c: [1.0, 2.0] for c in kb.kode_indikator}, index=["6301", "6302"])
    df["rpkd_berlaku"] = ["ya", "tidak"]
    df["rat_tepat_waktu"] = ["ya", "ya"]
    df["laporan_tepat_waktu"] = ["A", "B"]
    df["efektivitas_p0"] = [0.5, 1.0]
    df["porsi_anggaran_kemiskinan"] = [2.0, 3.0]
    df["progres_verval"] = [50.0, 60.0]
    h = hitung_indeks(df, kb)
    assert not [m for m in h.peringatan if m.kode == "max_rasio_negatif"]
    # penurunan_p0_3th has no range: a rise in poverty is negative; under max_rasio it counts 0.
    kb2 = kerangka_dari_dict(
        {
            **KERANGKA,
            "dimensi": [
                {
                    **KERANGKA["dimensi"][0],
                    "indikator": [
                        {**KERANGKA["dimensi"][0]["indikator"][0], "normalisasi": "max_rasio"},
                        *KERANGKA["dimensi"][0]["indikator"][1:],
                    ],
                },
                KERANGKA["dimensi"][1],
            ],
        }
    )
    h = hitung_indeks(_data(x1=[-1.0, 2.0, 4.0]), kb2)
    [m] = [m for m in h.peringatan if m.kode == "max_rasio_negatif"]
    assert m.kolom == "x1" and m.tingkat == "peringatan"
    assert m.pesan == (
        "indikator 'x1' memakai max_rasio tetapi ada nilai negatif; nilai negatif dihitung 0 "
        "(pertimbangkan min_maks)"
    )
    assert (
        h.kontribusi.set_index(["kode_wilayah", "indikator"]).loc[("6301", "x1"), "skor_indikator"]
        == 0.0
    )


# ------------------------------------------------------------------------------ normalisation


def test_normalisation_argument_messages():
    with pytest.raises(
        ValueError,
        match=r"^normalisasi 'peringkat' tidak dikenal; pilihan: max_rasio, min_maks, skor_z, "
        r"rubrik, capaian_target$",
    ):
        normalisasi([1.0], "peringkat")
    with pytest.raises(
        ValueError, match=r"^arah 'naik' tidak dikenal; pilihan: naik_baik, turun_baik$"
    ):
        normalisasi([1.0], "min_maks", "naik")
    with pytest.raises(
        ValueError, match=r"^skala_z 'persen' tidak dikenal; pilihan: peluang_normal, skor_t$"
    ):
        normalisasi([1.0], "skor_z", skala_z="persen")
    for target in (None, 0, -1):
        with pytest.raises(ValueError, match=r"^normalisasi capaian_target memerlukan target > 0$"):
            normalisasi([1.0], "capaian_target", target=target)


def test_normalisation_edges():
    # Missing values given as None are missing, not an error.
    np.testing.assert_allclose(normalisasi([2, None, 6], "min_maks"), [0, np.nan, 100])
    np.testing.assert_allclose(normalisasi([0.5, 1, 2], "capaian_target", target=1), [50, 100, 100])
    np.testing.assert_allclose(
        normalisasi([0.5, 1, 2], "capaian_target", "turun_baik", target=1), [100, 100, 50]
    )
    np.testing.assert_allclose(normalisasi([-1, 2], "capaian_target", target=4), [0, 50])
    np.testing.assert_allclose(normalisasi([], "min_maks"), [])
    np.testing.assert_allclose(normalisasi([np.nan, np.nan], "skor_z"), [np.nan, np.nan])
    # One value only: the whole peer group is equal.
    np.testing.assert_allclose(normalisasi([3.0, np.nan], "min_maks", "turun_baik"), [100, np.nan])
    np.testing.assert_allclose(normalisasi([3.0], "skor_z"), [50])
    # z-scores over the values present only (population sd of 2, 4 is 1).
    np.testing.assert_allclose(
        normalisasi([2, np.nan, 4], "skor_z", skala_z="skor_t"), [40, np.nan, 60]
    )
    np.testing.assert_allclose(normalisasi([0, 5, 10], "max_rasio"), [0, 50, 100])
    np.testing.assert_allclose(
        normalisasi([np.nan, 5, 10], "max_rasio", "turun_baik"), [np.nan, 100, 50]
    )


def test_phi_values_and_dtypes():
    assert phi(0.0) == 0.5
    np.testing.assert_allclose(
        phi([-1.0, 1.0]), [0.15865525393145707, 0.8413447460685429], atol=1e-7
    )
    np.testing.assert_allclose(
        phi([-3.0, 3.0]), [0.0013498980316301, 0.9986501019683699], atol=1e-7
    )
    tunggal = phi(np.array([1.0], dtype=np.float32))  # Monte Carlo noise stays float32
    assert tunggal.dtype == np.float32 and tunggal[0] == pytest.approx(0.8413447, abs=1e-6)
    assert phi(np.array([2], dtype=np.int64)) == pytest.approx(0.9772498680518208, abs=1e-7)


# ------------------------------------------------------------------------------ ranks


def test_ranks_of_extreme_and_missing_scores():
    assert list(peringkat_min(np.array([1e12, -1e12, 0.0, np.nan]))) == [1, 3, 2, 4]
    assert list(peringkat_min(np.array([1e300, 1e300, -1e300]))) == [1, 1, 3]
    assert list(peringkat_min(np.array([np.nan, np.nan]))) == [1, 1]
    assert peringkat_min(np.zeros((0, 4))).shape == (0, 4)
    blok = np.array([[3.0, 1.0, 2.0], [1.0, 1.0, 5.0]])
    np.testing.assert_array_equal(peringkat_min(blok), [[1, 3, 2], [2, 2, 1]])
    assert peringkat_min(blok).dtype == np.int32
    assert list(peringkat_min(np.array([2.0]))) == [1]
    assert list(peringkat_min(np.array([0.0, -0.0, 1e-10]))) == [1, 1, 1]  # within 1e-9
    assert list(peringkat_min(np.array([0.0, 2e-9]))) == [2, 1]


# ------------------------------------------------------------------------------ tables


def test_long_tables_have_every_column(k):
    h = hitung_indeks(_data(), k)
    assert list(h.tabel.columns) == [
        "wilayah",
        "peringkat",
        "skor_komposit",
        "skor_hasil",
        "skor_lapor",
        "diperingkat",
        "ditandai",
        "indikator_hilang",
        "keterangan",
    ]
    d = h.skor_dimensi
    assert list(d.columns) == [
        "kode_wilayah",
        "wilayah",
        "dimensi",
        "nama_dimensi",
        "bobot_dimensi",
        "bobot_dimensi_efektif",
        "skor_dimensi",
        "kontribusi",
    ]
    assert list(d["dimensi"].astype(str)) == ["hasil", "lapor"] * 3
    assert list(d["nama_dimensi"].astype(str)) == ["Hasil", "Pelaporan"] * 3
    assert list(d["bobot_dimensi"]) == [0.6, 0.4] * 3
    kon = h.kontribusi
    assert list(kon.columns) == [
        "kode_wilayah",
        "wilayah",
        "dimensi",
        "indikator",
        "nama_indikator",
        "nilai_mentah",
        "normalisasi",
        "skor_indikator",
        "bobot_indikator",
        "bobot_efektif",
        "kontribusi",
        "tersedia",
    ]
    satu = kon[kon["kode_wilayah"] == "6302"].set_index("indikator")
    assert list(satu["normalisasi"].astype(str)) == [
        "min_maks",
        "max_rasio",
        "skor_z",
        "rubrik",
        "capaian_target",
    ]
    assert satu.loc["x1", "nama_indikator"] == "naik, galat baku tetap"
    assert list(satu["dimensi"].astype(str)) == ["hasil"] * 3 + ["lapor"] * 2
    np.testing.assert_allclose(satu["bobot_indikator"], [0.5, 0.3, 0.2, 0.5, 0.5])
    np.testing.assert_allclose(satu["bobot_efektif"], [0.3, 0.18, 0.12, 0.2, 0.2])
    assert list(satu["nilai_mentah"]) == [2.0, 2.0, 2.0, "C", 1.0]
    assert satu["tersedia"].all()
    # 6302: x1 50, x2 100 (the lowest of 4, 2, 8), y1 C = 50, y2 1 of 3.
    np.testing.assert_allclose(
        satu.loc[["x1", "x2", "y1", "y2"], "skor_indikator"], [50, 100, 50, 100 / 3]
    )
    assert math.isclose(
        h.tabel.loc["6302", "skor_komposit"], float(satu["kontribusi"].sum()), abs_tol=1e-9
    )
    assert h.peringkat.dtype == int and h.skor.index.tolist() == h.tabel.index.tolist()
    assert h.kebijakan_data_hilang == "bobot_ulang" and h.izinkan_dimensi_hilang is False
    assert h.kerangka is k


@pytest.mark.parametrize(
    ("metode", "turun", "target"),
    [
        ("min_maks", False, None),
        ("min_maks", True, None),
        ("max_rasio", False, None),
        ("max_rasio", True, None),
        ("skor_z", False, None),
        ("skor_z", True, None),
        ("capaian_target", False, 40.0),
        ("capaian_target", True, 40.0),
        ("rubrik", False, None),
    ],
)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_draws_are_normalised_row_by_row(metode, turun, target, dtype):
    """The Monte Carlo normalises a block of draws at once (one row per draw): each row must
    equal the normalisation of that row alone, with and without missing values."""

    rng = np.random.default_rng(3)
    X = rng.uniform(-5, 80, size=(7, 5)).astype(dtype)
    for ada in (np.ones(5, dtype=bool), np.array([True, False, True, True, False])):
        blok = _normalisasi(X, metode, turun, ada, target=target)
        assert blok.shape == X.shape
        for r in range(len(X)):
            satu = _normalisasi(X[r].astype(float), metode, turun, ada, target=target)
            np.testing.assert_allclose(blok[r], satu, rtol=1e-5, atol=1e-3, err_msg=str(r))
    with pytest.raises(ValueError, match="^normalisasi tidak dikenal: x$"):
        _normalisasi(X, "x", False, np.ones(5, dtype=bool))


def test_t_scores_of_equal_and_extreme_values():
    np.testing.assert_allclose(normalisasi([7, 7, 7], "skor_z", skala_z="skor_t"), [50, 50, 50])
    s = normalisasi([100.0] * 49 + [0.0], "skor_z", skala_z="skor_t")
    assert s[-1] == 0.0 and s[0] == pytest.approx(51.428571, abs=1e-5)  # z = −7 clipped at 0


def test_empty_rank_blocks_are_integers():
    kosong = peringkat_min(np.zeros((0, 4)))
    assert kosong.shape == (0, 4) and kosong.dtype == np.int32


def test_settings_error_title_and_file_in_every_problem(k):
    with pytest.raises(GalatValidasi) as e:
        siapkan_data(_data(), k, kebijakan_data_hilang="abaikan")
    assert e.value.pesan == "Kebijakan data hilang tidak dikenal"
    data = pd.concat([_data(), _data().iloc[[0]]])
    data["x31"] = 1.0
    with pytest.raises(GalatValidasi) as e:
        siapkan_data(data, k, berkas="isian.csv")
    assert {m.berkas for m in e.value.masalah} == {"isian.csv"} and len(e.value.masalah) == 2


def test_tables_when_no_region_is_ranked(k):
    data = _data().astype(object)
    data[["y1", "y2"]] = None
    h = hitung_indeks(data, k)
    assert h.tabel.index.name == "kode_wilayah" and not h.tabel["diperingkat"].any()
    assert h.tabel["skor_komposit"].isna().all() and h.tabel["skor_komposit"].dtype == float
    assert h.skor_dimensi.empty and h.kontribusi.empty
    assert h.tidak_diperingkat.index.name == "kode_wilayah"
    assert list(h.tidak_diperingkat.index) == ["6301", "6302", "6303"]
    assert list(h.tidak_diperingkat.columns) == ["wilayah", "alasan"]


def test_zero_under_max_ratio_is_not_a_negative_value():
    k2 = kerangka_dari_dict(
        {
            "nama": "nol",
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
                            "normalisasi": "max_rasio",
                            "bobot": 1,
                        }
                    ],
                }
            ],
        }
    )
    h = hitung_indeks(pd.DataFrame({"a": [0.0, 2.0]}, index=["6301", "6302"]), k2)
    assert not [m for m in h.peringatan if m.kode == "max_rasio_negatif"]


def test_noisy_lower_is_better_ratio_in_the_monte_carlo():
    """A noisy max-ratio indicator where lower is better, in blocks of draws (x2 of the small
    framework): with a negligible error every draw keeps the deterministic ranks."""

    kecil = muat_kerangka(Path(__file__).parent / "data" / "peringkat" / "kerangka_kecil.yaml")
    data = pd.DataFrame(
        {
            "x1": [2, 4, 6, 5, 3],
            "x2": [10.0, 5.0, 20.0, 8.0, 12.0],
            "x2__se": [1e-9] * 5,
            "y1": ["A", "B", "A", "C", "D"],
            "y2": ["ya", "tidak", "tidak", "ya", "ya"],
        },
        index=pd.Index(["6301", "6302", "6303", "6304", "6305"], name="kode_wilayah"),
    )
    h = uji_robust(
        data,
        kecil,
        jumlah_iterasi=7,
        benih=2,
        konsentrasi_dimensi=math.inf,
        konsentrasi_indikator=math.inf,
        normalisasi_alternatif=["bawaan"],
    )
    det = hitung_indeks(data, kecil).peringkat.loc[h.ringkasan.index].to_numpy()
    assert (h.peringkat_draw == det).all()


def test_every_structure_problem_names_the_file_and_unknown_columns_after_an_error_column(k):
    data = _data()
    data["y1__se"] = 0.0  # not applicable to a rubric
    data["x1__se"] = [0.1, -1.0, 0.2]
    data["zz__se"] = 0.0
    data["zzz"] = 1.0  # after the error columns: still reported
    data = data.drop(columns=["x3"])
    with pytest.raises(GalatValidasi) as e:
        siapkan_data(data, k, berkas="isian.csv")
    kode = sorted(m.kode for m in e.value.masalah)
    assert kode == [
        "galat_baku_tidak_berlaku",
        "indikator_tidak_ada",
        "indikator_tidak_dikenal",
        "indikator_tidak_dikenal",
        "nilai_tidak_sah",
    ]
    assert {m.berkas for m in e.value.masalah} == {"isian.csv"}


def test_flags_are_booleans_and_raw_values_keyed_by_region(k):
    data = _data().astype(object)
    data.loc["6301", "x3"] = None
    s = siapkan_data(data, k)
    assert s.ditandai.dtype == bool and s.diperingkat.dtype == bool
    assert s.mentah.index.name == "kode_wilayah"
    h = hitung_indeks(data, k)
    assert h.tabel["ditandai"].dtype == bool and bool(h.tabel.loc["6301", "ditandai"])


def test_regions_missing_two_whole_dimensions_are_explained():
    kb = kerangka_bawaan()
    df = pd.DataFrame({c: [1.0, 2.0] for c in kb.kode_indikator}, index=["6301", "6302"])
    df = df.astype(object)
    df["rpkd_berlaku"] = ["ya", "tidak"]
    df["rat_tepat_waktu"] = ["ya", "ya"]
    df["laporan_tepat_waktu"] = ["A", "B"]
    df["efektivitas_p0"] = [0.5, 1.0]
    kosong = [
        i.kode
        for d in kb.dimensi
        if d.kode in ("komitmen_anggaran", "kualitas_data")
        for i in d.indikator
    ]
    df.loc["6301", kosong] = None
    h = hitung_indeks(df, kb)
    alasan = h.tidak_diperingkat.loc["6301", "alasan"]
    assert alasan.startswith("dimensi 'komitmen_anggaran' kosong seluruhnya (")
    assert "); dimensi 'kualitas_data' kosong seluruhnya (" in alasan
    assert alasan.endswith(
        "wilayah tanpa satu dimensi penuh tidak diperingkat (izinkan_dimensi_hilang: false)"
    )


def test_cells_of_later_indicators_are_checked_when_an_earlier_one_is_missing(k):
    data = _data(y2=[3, 0, 2]).drop(columns=["x1"])
    with pytest.raises(GalatValidasi) as e:
        siapkan_data(data, k)
    assert [(m.kode, m.kolom) for m in e.value.masalah] == [
        ("indikator_tidak_ada", "x1"),
        ("nilai_tidak_sah", "y2"),
    ]
