"""The analysis methods (analisis.metode), the details: every message, option and edge the main
method tests leave out (summary dicts, missing-data notes, the method summary table)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analisis.galat import GalatAnalisis, GalatValidasi
from analisis.metode import (
    evaluasi_target,
    peringkat,
    posisi_relatif,
    relevansi_efektivitas,
    ringkasan_perkembangan,
    skor_prioritas,
)
from analisis.metode._umum import (
    cek_angka,
    cek_arah,
    cek_pilihan,
    deret_tahunan,
    fmt,
    lebih_baik,
    panel_tahunan,
    penampang,
    tanda,
)
from analisis.metode.determinan import kesenjangan, skor_z
from analisis.metode.kuadran import (
    klasifikasi_kuadran,
    kuadran_p0_indikator,
    kuadran_perkembangan,
    laju_penampang,
    sisi_baik,
)
from analisis.metode.parameter import ParameterMetode, arah_indikator
from analisis.metode.perkembangan import (
    KOLOM_PERUBAHAN,
    perubahan_tahunan,
    ringkasan_perkembangan_banyak,
)
from analisis.metode.posisi import posisi_terhadap_pembanding
from analisis.metode.relevansi import relevansi_efektivitas_indikator
from analisis.metode.target import tahun_proyeksi
from conftest import AKAR

M = "\u2212"


def deret(nilai: dict[int, float]) -> pd.Series:
    return pd.Series(nilai, dtype=float).rename_axis("tahun")


# ------------------------------------------------------------------------------ perkembangan


def test_window_summary_as_a_flat_dict():
    s = deret({2019: 3.0, 2020: 2.8, 2022: 2.4, 2023: np.nan, 2024: 2.0})
    d = ringkasan_perkembangan(s, 2018, 2024).sebagai_dict()
    assert d["tahun_tersedia"] == "2019, 2020, 2022, 2024"
    assert d["tahun_kosong"] == "2018, 2021, 2023"
    assert d["keterangan"] == (
        "tahun 2018 tidak ada data; titik awal memakai 2019; tahun tanpa data di dalam jendela "
        "(2021, 2023): rata-rata dihitung dari kedua titik ujung saja"
    )
    assert d["tahun_awal"] == 2019 and d["jumlah_tahun"] == 5
    assert d["rata_rata_perubahan"] == pytest.approx(-0.2)


def test_summaries_of_several_series_one_row_each():
    t = ringkasan_perkembangan_banyak(
        {"kab": deret({2020: 3.0, 2024: 2.0}), "prov": deret({2020: 5.0, 2024: 4.6})}
    )
    assert list(t.index) == ["kab", "prov"]
    assert t.loc["kab", "perubahan_total"] == pytest.approx(-1.0)
    assert t.loc["prov", "rata_rata_perubahan"] == pytest.approx(-0.1)


# ------------------------------------------------------------------------------ relevansi


def test_missing_years_are_named_in_the_notes():
    kab = deret({2019: 3.0, 2020: np.nan, 2021: 2.8, 2022: 2.7, 2023: 2.6})
    ref = deret({2019: 5.0, 2020: 4.9, 2021: 4.8, 2023: 4.5})
    t = relevansi_efektivitas(kab, ref, -1)
    ket = t["keterangan"].to_dict()
    assert ket[2020] == "data kabupaten/kota tahun 2020 tidak ada: perubahan tidak dihitung"
    assert ket[2021] == "data kabupaten/kota tahun 2020 tidak ada: perubahan tidak dihitung"
    assert ket[2022] == "data pembanding tahun 2022 tidak ada: perubahan tidak dihitung"
    assert ket[2023] == "data pembanding tahun 2022 tidak ada: perubahan tidak dihitung"
    # A reference without any value: both years missing are named.
    kosong = relevansi_efektivitas(kab, deret({2015: 1.0}), -1)
    assert kosong.loc[2022, "keterangan"] == (
        "data pembanding tahun 2021 dan 2022 tidak ada: perubahan tidak dihitung"
    )
    assert pd.isna(t.loc[2022, "label"])


# ------------------------------------------------------------------------------ target


def test_target_evaluation_as_a_flat_dict():
    ev = evaluasi_target(deret({2020: 3.0, 2021: 2.8, 2022: 2.6, 2023: 2.4}), -1, 2.0, 2026)
    d = ev.sebagai_dict()
    assert d["status"] == "sesuai jalur" and d["tahun_tercapai"] == 2025
    assert d["keterangan"] == "; ".join(ev.keterangan) and "; " in d["keterangan"]
    assert d["keterangan"].startswith("data terakhir 2023: 2,4; target 2 pada 2026")
    assert d["nilai_target"] == 2.0 and d["kesenjangan"] == pytest.approx(0.4)


# ------------------------------------------------------------------------------ parameters


def test_method_summary_rows_explain_every_choice():
    baris = {r.nama: r for r in ParameterMetode().ringkasan()}
    assert baris["relevansi"].keterangan == (
        "Aturan relevansi: relevan bila perubahan kabupaten/kota searah dengan perubahan pembanding"
    )
    assert baris["z_signifikansi"].nilai == "1,96" and baris["batas_rse"].nilai == "25"
    assert baris["rse_bawaan"].nilai == "model presisi bawaan"  # the shared precision model
    assert baris["bobot_prioritas"].nilai == "kesenjangan 0,5; besaran 0,3; tren 0,2"
    assert baris["rentang_laju_tahun"].nilai == "4"
    katalog = pd.read_csv(AKAR / "src/analisis/data/bundel/katalog_indikator.csv")
    turun, naik = (int((katalog["arah"] == a).sum()) for a in (-1, 1))
    assert baris["arah_indikator"].nilai == (
        "katalog indikator bawaan (lihat 'analisis data indikator'): "
        f"{turun} indikator makin kecil makin baik, {naik} makin besar makin baik"
    )
    p = ParameterMetode.dari_dict({"rse_bawaan": 12.5, "arah_indikator": {"baru": 1}})
    baris = {r.nama: r for r in p.ringkasan()}
    assert baris["rse_bawaan"].nilai == "12,5"
    assert baris["arah_indikator"].nilai == "katalog bawaan, kecuali baru: makin besar makin baik"


def test_method_summary_table_marks_the_defaults():
    t = ParameterMetode.dari_dict({"relevansi": "diinginkan"}).ringkasan_tabel()
    assert list(t.columns) == ["nama", "nilai", "keterangan", "bawaan"]
    bawaan = dict(zip(t["nama"], t["bawaan"], strict=True))
    assert bawaan["relevansi"] == "tidak" and bawaan["efektivitas"] == "ya"
    assert list(t["nama"])[:3] == ["pembanding", "relevansi", "efektivitas"]


def test_unknown_direction_message():
    with pytest.raises(GalatAnalisis) as e:
        arah_indikator("tidak_ada")
    assert str(e.value) == (
        "Arah indikator 'tidak_ada' tidak dikenal. Tambahkan ke parameter arah_indikator "
        "(-1 bila makin kecil makin baik, 1 bila makin besar makin baik)."
    )
    assert arah_indikator("p0") == -1 and arah_indikator("ipm") == 1
    assert arah_indikator("x", {"x": 1}) == 1


# ------------------------------------------------------------------------------ kuadran


def _pen(nilai: dict[str, float]) -> pd.Series:
    return pd.Series(nilai, dtype=float)


def test_change_between_cross_sections():
    awal = _pen({"a": 4.0, "b": 0.0, "c": 2.0, "d": 5.0})
    akhir = _pen({"a": 3.0, "b": 1.0, "c": 0.0, "e": 1.0})
    absolut = laju_penampang(awal, akhir, 2)
    assert absolut.to_dict() == pytest.approx(
        {"a": -0.5, "b": 0.5, "c": -1.0, "d": np.nan, "e": np.nan}, nan_ok=True
    )
    relatif = laju_penampang(awal, akhir, 1, "relatif")
    assert relatif["a"] == pytest.approx(-25.0) and relatif["c"] == pytest.approx(-100.0)
    assert np.isnan(relatif["b"]) and np.isnan(relatif["d"])  # zero start: undefined
    assert laju_penampang(_pen({"a": 4.0}), _pen({"a": -1.0}), 1, "relatif").isna().all()
    for salah in (0, True, 1.5):
        with pytest.raises(GalatAnalisis) as e:
            laju_penampang(awal, akhir, salah)
        assert str(e.value) == f"jumlah_tahun harus bilangan bulat ≥ 1, bukan {salah!r}."
    with pytest.raises(GalatAnalisis) as e:
        laju_penampang(awal, akhir, 1, "log")
    assert str(e.value) == "sumbu harus salah satu dari 'absolut', 'relatif', bukan 'log'."


def test_quadrant_table_notes_and_ties():
    level = _pen({"a": 3.0, "b": 5.0, "c": 5.0, "d": 3.0, "e": 4.11, "f": np.nan, "h": 3.0})
    laju = _pen({"a": -0.5, "b": -0.5, "c": 0.1, "d": 0.1, "e": -0.24, "g": -1.0})
    t = klasifikasi_kuadran(level, laju, 4.11, -0.24, -1)
    assert list(t.columns) == [
        "level",
        "laju",
        "level_baik",
        "laju_baik",
        "di_ambang_level",
        "di_ambang_laju",
        "kuadran",
        "keterangan",
    ]
    k = t["kuadran"].to_dict()
    assert (k["a"], k["b"], k["c"], k["d"], k["e"]) == (
        "unggul",
        "mengejar",
        "prioritas",
        "waspada",
        "prioritas",
    )
    assert pd.isna(k["f"]) and pd.isna(k["g"])
    ket = t["keterangan"].to_dict()
    assert ket["e"] == (
        "level tepat sama dengan ambang (4,11): digolongkan sisi buruk; perubahan tepat sama "
        f"dengan ambang ({M}0,24): digolongkan sisi buruk"
    )
    assert ket["f"] == "level tidak ada data; perubahan tidak ada data"
    assert ket["g"] == "level tidak ada data" and ket["h"] == "perubahan tidak ada data"
    assert bool(t.loc["e", "di_ambang_level"]) and not bool(t.loc["a", "di_ambang_level"])
    assert pd.isna(t.loc["f", "level_baik"]) and bool(t.loc["a", "level_baik"])
    baik = klasifikasi_kuadran(level, laju, 4.11, -0.24, -1, seri_ambang="baik")
    assert baik.loc["e", "kuadran"] == "unggul"
    assert baik.loc["e", "keterangan"].endswith("digolongkan sisi baik")


def _panel() -> pd.DataFrame:
    return pd.DataFrame(
        {"a": [4.0, 3.0, 2.5], "b": [5.0, np.nan, 5.5], "c": [np.nan, 3.0, 2.0]},
        index=pd.Index([2021, 2022, 2023], name="tahun"),
    )


def test_level_and_change_quadrant_window_notes_and_errors():
    ref = deret({2021: 4.5, 2022: 4.2, 2023: 3.9})
    h = kuadran_perkembangan(_panel(), ref, -1, 2021, 2023)
    assert (h.ambang_x, h.ambang_y, h.sumber_ambang) == (3.9, pytest.approx(-0.3), "pembanding")
    assert h.catatan == (
        "level = nilai 2023; perubahan = rata-rata perubahan per tahun 2021–2023",
        "wilayah tanpa data di tahun ujung tidak digolongkan: c",
    )
    t = h.tabel
    assert list(t.columns)[:2] == ["nilai_awal", "level"]
    assert t.loc["a", "nilai_awal"] == 4.0 and t.loc["a", "kuadran"] == "unggul"
    assert t.loc["b", "kuadran"] == "prioritas"
    assert t.loc["c", "keterangan"] == "data tahun 2021 tidak ada: tidak digolongkan"
    r = kuadran_perkembangan(_panel(), ref, -1, 2021, 2023, sumbu_y="relatif")
    assert r.catatan[0] == "level = nilai 2023; perubahan = laju majemuk/tahun (%) 2021–2023"
    assert r.ambang_y == pytest.approx(((3.9 / 4.5) ** 0.5 - 1) * 100)
    # A year absent from the panel altogether: nobody is classified, nothing is substituted.
    h = kuadran_perkembangan(_panel(), deret({2020: 5.0, 2023: 3.9}), -1, 2020, 2023)
    assert h.tabel["kuadran"].isna().all()
    assert h.tabel.loc["a", "keterangan"] == "data tahun 2020 tidak ada: tidak digolongkan"
    with pytest.raises(GalatAnalisis) as e:
        kuadran_perkembangan(_panel(), deret({2022: 4.0}), -1, 2021, 2023)
    assert str(e.value) == (
        "Deret pembanding tidak ada data tahun 2021 dan 2023: ambang kuadran tidak dapat "
        "ditentukan."
    )
    with pytest.raises(GalatAnalisis) as e:
        kuadran_perkembangan(_panel(), ref, -1, 2021.0, 2023)
    assert str(e.value) == "tahun_awal harus tahun (bilangan bulat), bukan 2021.0."
    with pytest.raises(GalatAnalisis) as e:
        kuadran_perkembangan(_panel(), ref, -1, 2021, True)
    assert str(e.value) == "tahun_akhir harus tahun (bilangan bulat), bukan True."
    with pytest.raises(GalatAnalisis) as e:
        kuadran_perkembangan(_panel(), ref, -1, 2023, 2023)
    assert str(e.value) == "tahun_akhir (2023) harus setelah tahun_awal (2023)."
    with pytest.raises(GalatAnalisis) as e:
        kuadran_perkembangan(
            _panel(), deret({2021: 0.0, 2023: 1.0}), -1, 2021, 2023, sumbu_y="relatif"
        )
    assert str(e.value) == (
        "Laju relatif pembanding tidak terdefinisi (nilai awal ≤ 0); pakai sumbu_y='absolut'."
    )


def test_p0_by_indicator_quadrant_notes_and_errors():
    p0 = _pen({"a": 5.0, "b": 2.0, "c": 4.0, "d": 1.0, "e": np.nan})
    ipm = _pen({"a": 60.0, "b": 80.0, "c": 70.0, "d": np.nan, "e": 75.0})
    h = kuadran_p0_indikator(p0, ipm, 1, p0_ref=4.0, indikator_ref=70.0)
    t = h.tabel
    assert (h.ambang_x, h.ambang_y, h.sumber_ambang, h.catatan) == (4.0, 70.0, "provinsi", ())
    assert t.loc["a", "kuadran"] == "prioritas" and bool(t.loc["a", "prioritas"])
    assert t.loc["b", "kuadran"] == "kemiskinan rendah, indikator baik"
    assert t.loc["c", "kuadran"] == "prioritas"  # both exactly at the thresholds: bad side
    assert t.loc["c", "keterangan"] == (
        "P0 tepat sama dengan ambang (4): digolongkan sisi buruk; indikator tepat sama dengan "
        "ambang (70): digolongkan sisi buruk"
    )
    assert bool(t.loc["c", "di_ambang_p0"]) and bool(t.loc["c", "di_ambang_indikator"])
    assert t.loc["d", "keterangan"] == "indikator tidak ada data" and pd.isna(t.loc["d", "kuadran"])
    assert t.loc["e", "keterangan"] == "P0 tidak ada data" and pd.isna(t.loc["e", "prioritas"])
    assert bool(t.loc["d", "p0_tinggi"]) is False and pd.isna(t.loc["d", "indikator_buruk"])
    baik = kuadran_p0_indikator(p0, ipm, 1, p0_ref=4.0, indikator_ref=70.0, seri_ambang="baik")
    assert baik.tabel.loc["c", "kuadran"] == "kemiskinan rendah, indikator baik"
    tpt = kuadran_p0_indikator(p0, ipm, -1, p0_ref=4.0, indikator_ref=70.0)
    assert tpt.tabel.loc["a", "kuadran"] == "kemiskinan tinggi, indikator baik"
    rata = kuadran_p0_indikator(p0, ipm, 1, ambang="rata_rata")
    assert rata.ambang_x == pytest.approx(11 / 3) and rata.ambang_y == pytest.approx(70.0)
    assert rata.catatan == ("ambang = rata-rata sederhana 3 wilayah yang memiliki kedua nilai",)
    assert rata.sumber_ambang == "rata_rata"
    with pytest.raises(GalatAnalisis) as e:
        kuadran_p0_indikator(p0, ipm, 1, p0_ref=4.0)
    assert str(e.value) == "ambang='provinsi' memerlukan p0_ref dan indikator_ref (angka provinsi)."
    with pytest.raises(GalatAnalisis) as e:
        kuadran_p0_indikator(_pen({"a": 1.0}), _pen({"b": 2.0}), 1, ambang="rata_rata")
    assert str(e.value) == (
        "Tidak ada wilayah dengan nilai P0 dan indikator: rata-rata tidak dapat dihitung."
    )


# ------------------------------------------------------------------------------ messages

ARAH_SALAH = "harus -1 (makin kecil makin baik) atau 1 (makin besar makin baik)"
KAB3 = pd.Series({"a": 1.0, "b": 2.0, "c": 3.0})
REF3 = pd.Series({"a": 2.0, "b": 2.0, "c": 0.0})
ARAH3 = {"a": 1, "b": 1, "c": 1}

PESAN = [
    (
        lambda: skor_prioritas(KAB3, REF3, {"a": 1, "b": 1}),
        "Arah indikator tidak diketahui untuk: c.",
    ),
    (
        lambda: skor_prioritas(KAB3, REF3, {**ARAH3, "c": 2}),
        f"arah indikator c {ARAH_SALAH}, bukan 2.0.",
    ),
    (
        lambda: skor_prioritas(KAB3, REF3, ARAH3, besaran=pd.Series({"a": -1.0})),
        "besaran tidak boleh negatif.",
    ),
    (
        lambda: skor_prioritas(KAB3, REF3, ARAH3, bobot=(0, 0, 1)),
        "Tidak ada komponen skor dengan bobot > 0 yang memiliki data.",
    ),
    (
        lambda: skor_prioritas(KAB3, REF3, ARAH3, bobot=[1, 0]),
        "bobot harus BobotPrioritas, pemetaan, atau tiga angka (kesenjangan, besaran, tren).",
    ),
    (
        lambda: skor_prioritas([1], REF3, ARAH3),
        "nilai_kab harus berupa pandas Series berindeks kode indikator.",
    ),
    (
        lambda: skor_prioritas(pd.Series([1.0, 2.0], index=["a", "a"]), REF3, ARAH3),
        "nilai_kab: kode indikator muncul lebih dari sekali.",
    ),
    (
        lambda: skor_prioritas(pd.Series({"a": "x"}), REF3, ARAH3),
        "nilai_kab: semua nilai harus berupa angka.",
    ),
    (
        lambda: skor_prioritas(KAB3, REF3, ARAH3, perubahan_kab=pd.Series({"a": "x"})),
        "perubahan_kab: semua nilai harus berupa angka.",
    ),
    (
        lambda: evaluasi_target(deret({2020: 3.0}), -1, 2.0, 2029.0),
        "tahun_target harus bilangan bulat, bukan 2029.0.",
    ),
    (
        lambda: evaluasi_target(deret({2020: 3.0}), -1, 2.0, True),
        "tahun_target harus bilangan bulat, bukan True.",
    ),
    (
        lambda: evaluasi_target(deret({2020: 3.0}), -1, 2.0, 2029, rentang_laju=0),
        "rentang_laju harus bilangan bulat ≥ 1, bukan 0.",
    ),
    (
        lambda: evaluasi_target(deret({2020: 3.0}), -1, 2.0, 2029, riwayat_minimum=1),
        "riwayat_minimum harus bilangan bulat ≥ 2, bukan 1.",
    ),
    (
        lambda: posisi_relatif(pd.Series({"a": 1.0}), "x", -1),
        "Kode wilayah x tidak ada dalam data penampang.",
    ),
    (lambda: deret_tahunan([1]), "deret harus berupa pandas Series berindeks tahun."),
    (
        lambda: deret_tahunan(pd.Series([1.0, 2.0], index=[2020, 2020])),
        "deret: tahun muncul lebih dari sekali: 2020.",
    ),
    (
        lambda: deret_tahunan(pd.Series([1.0], index=[2020.5])),
        "indeks deret harus berupa tahun (bilangan bulat).",
    ),
    (
        lambda: deret_tahunan(pd.Series([1.0], index=["a"])),
        "indeks deret harus berupa tahun (bilangan bulat).",
    ),
    (
        lambda: deret_tahunan(pd.Series([True])),
        "deret: nilai harus berupa angka, bukan benar/salah.",
    ),
    (
        lambda: deret_tahunan(pd.Series(["x"])),
        "deret: semua nilai harus berupa angka (kosong = NaN).",
    ),
    (lambda: deret_tahunan(pd.Series([np.inf])), "deret: nilai tak hingga (inf) tidak diterima."),
    (
        lambda: penampang([1]),
        "penampang harus berupa pandas Series berindeks kode_wilayah.",
    ),
    (
        lambda: penampang(pd.Series([1.0, 2.0], index=["a", "a"])),
        "penampang: kode_wilayah muncul lebih dari sekali: a.",
    ),
    (lambda: cek_angka(True, "z"), "z harus berupa angka, bukan True."),
    (lambda: cek_angka("1", "z"), "z harus berupa angka, bukan '1'."),
    (lambda: cek_angka(np.nan, "z"), "z tidak boleh kosong."),
    (lambda: cek_angka(None, "z"), "z harus berupa angka, bukan None."),
    (lambda: cek_angka(np.inf, "z"), "z tidak boleh tak hingga."),
    (lambda: cek_angka(-1, "z", positif=True), f"z harus lebih besar dari 0, bukan {M}1."),
    (lambda: cek_angka(0, "z", positif=True), "z harus lebih besar dari 0, bukan 0."),
    (
        lambda: panel_tahunan([1]),
        "panel harus berupa pandas DataFrame (baris = tahun, kolom = kode_wilayah).",
    ),
    (
        lambda: panel_tahunan(pd.DataFrame({6303: [1.0], "6303": [2.0]}, index=[2020])),
        "panel: ada kode_wilayah kembar pada kolom.",
    ),
    (
        lambda: panel_tahunan(pd.DataFrame({"a": [1.0, 2.0]}, index=[2020, 2020])),
        "panel: tahun muncul lebih dari sekali: 2020.",
    ),
    (lambda: cek_arah(2), f"arah {ARAH_SALAH}, bukan 2."),
    (lambda: cek_arah(True), f"arah {ARAH_SALAH}, bukan True."),
    (
        lambda: cek_pilihan("x", ("a", "b"), "opsi"),
        "opsi harus salah satu dari 'a', 'b', bukan 'x'.",
    ),
    (
        lambda: sisi_baik([1.0], 1.0, -1, "x"),
        "seri_ambang harus salah satu dari 'buruk', 'baik', bukan 'x'.",
    ),
    (
        lambda: laju_penampang([1], _pen({"a": 1.0})),
        "awal harus berupa pandas Series berindeks kode_wilayah.",
    ),
    (
        lambda: laju_penampang(_pen({"a": 1.0}), [1]),
        "akhir harus berupa pandas Series berindeks kode_wilayah.",
    ),
    (
        lambda: klasifikasi_kuadran([1], _pen({"a": 1.0}), 1, 1, -1),
        "level harus berupa pandas Series berindeks kode_wilayah.",
    ),
    (
        lambda: klasifikasi_kuadran(_pen({"a": 1.0}), [1], 1, 1, -1),
        "laju harus berupa pandas Series berindeks kode_wilayah.",
    ),
    (
        lambda: klasifikasi_kuadran(_pen({"a": 1.0}), _pen({"a": 1.0}), "a", 1, -1),
        "ambang_level harus berupa angka, bukan 'a'.",
    ),
    (
        lambda: klasifikasi_kuadran(_pen({"a": 1.0}), _pen({"a": 1.0}), 1, "b", -1),
        "ambang_laju harus berupa angka, bukan 'b'.",
    ),
    (
        lambda: kuadran_perkembangan([1], _pen({"a": 1.0}), -1, 2020, 2021),
        "panel harus berupa pandas DataFrame (baris = tahun, kolom = kode_wilayah).",
    ),
    (
        lambda: kuadran_perkembangan(pd.DataFrame({"a": [1.0]}, index=[2020]), [1], -1, 2020, 2021),
        "deret pembanding harus berupa pandas Series berindeks tahun.",
    ),
    (
        lambda: kuadran_p0_indikator([1], _pen({"a": 1.0}), 1, p0_ref=1, indikator_ref=1),
        "p0 harus berupa pandas Series berindeks kode_wilayah.",
    ),
    (
        lambda: kuadran_p0_indikator(_pen({"a": 1.0}), [1], 1, p0_ref=1, indikator_ref=1),
        "indikator harus berupa pandas Series berindeks kode_wilayah.",
    ),
    (
        lambda: kuadran_p0_indikator(
            _pen({"a": 1.0}), _pen({"a": 1.0}), 2, p0_ref=1, indikator_ref=1
        ),
        f"arah_indikator {ARAH_SALAH}, bukan 2.",
    ),
    (
        lambda: kuadran_p0_indikator(_pen({"a": 1.0}), _pen({"a": 1.0}), 1, ambang="x"),
        "ambang harus salah satu dari 'provinsi', 'rata_rata', bukan 'x'.",
    ),
    (
        lambda: kuadran_p0_indikator(
            _pen({"a": 1.0}), _pen({"a": 1.0}), 1, p0_ref="a", indikator_ref=1
        ),
        "p0_ref harus berupa angka, bukan 'a'.",
    ),
    (
        lambda: kuadran_p0_indikator(
            _pen({"a": 1.0}), _pen({"a": 1.0}), 1, p0_ref=1, indikator_ref="b"
        ),
        "indikator_ref harus berupa angka, bukan 'b'.",
    ),
    (lambda: ringkasan_perkembangan([1]), "deret harus berupa pandas Series berindeks tahun."),
    (
        lambda: ringkasan_perkembangan(deret({2020: 1.0}), 2021, 2020),
        "tahun_awal (2021) harus sebelum atau sama dengan tahun_akhir (2020).",
    ),
    (
        lambda: relevansi_efektivitas_indikator({"p0": deret({2020: 1.0})}, {}, {"p0": -1}),
        "Indikator tanpa deret pembanding atau arah: p0.",
    ),
    (
        lambda: evaluasi_target([1], -1, 1.0, 2029),
        "deret harus berupa pandas Series berindeks tahun.",
    ),
    (
        lambda: evaluasi_target(deret({2020: 1.0}), -1, "x", 2029),
        "nilai_target harus berupa angka, bukan 'x'.",
    ),
]


@pytest.mark.parametrize("i", range(len(PESAN)))
def test_every_message(i):
    fungsi, pesan = PESAN[i]
    with pytest.raises(GalatAnalisis) as e:
        fungsi()
    assert str(e.value) == pesan


def test_accepted_edge_inputs_of_the_helpers():
    kosong = deret_tahunan(pd.Series([], dtype=float))
    assert kosong.empty and kosong.index.dtype == np.int64 and kosong.index.name == "tahun"
    s = deret_tahunan(pd.Series([2.0, 1.0], index=[2021.0, 2020.0], name="p0"))
    assert list(s.index) == [2020, 2021] and s.name == "p0" and s.index.dtype == np.int64
    assert np.isnan(cek_angka(None, "z", boleh_kosong=True))
    assert np.isnan(cek_angka(np.nan, "z", boleh_kosong=True))
    assert cek_angka(np.int64(3), "z", positif=True) == 3.0
    assert (fmt(None), fmt(float("nan")), fmt(0.123456789), fmt(-1234567.0)) == (
        "kosong",
        "kosong",
        "0,123457",
        f"{M}1.234.570",
    )
    p = panel_tahunan(pd.DataFrame({6303: [2.0, 1.0]}, index=[2021, 2020]))
    assert list(p.columns) == ["6303"] and list(p.index) == [2020, 2021]
    assert p.columns.name == "kode_wilayah" and p.index.name == "tahun"


def test_priority_notes_and_row_notes():
    h = skor_prioritas(
        pd.Series({"a": 1.0, "b": 2.0, "c": 3.0, "d": np.nan}),
        pd.Series({"a": 2.0, "b": 2.0, "c": 0.0, "d": 1.0}),
        {"a": 1, "b": 1, "c": 1, "d": 1},
        perubahan_kab=pd.Series({"a": 0.1, "b": 0.1}),
        rse_kab=pd.Series({"a": 30.0, "b": 25.0}),
    )
    assert h.catatan == (
        "komponen besaran tidak tersedia: bobotnya dibagi ulang ke komponen lain",
        "bobot dipakai: kesenjangan 0,714; besaran 0; tren 0,286",
        "semua nilai tren sama: komponen ini tidak membedakan (z = 0)",
        "metode lokal usulan buku kerja (bukan standar nasional)",
    )
    t = h.tabel
    assert list(t.index) == ["a", "b", "c", "d"]
    assert t["keterangan"].to_dict() == {
        "a": "RSE 30% > 25%: estimasi kurang andal",
        "b": "",  # exactly at the limit is not flagged
        "c": "nilai pembanding = 0: kesenjangan tidak terdefinisi, tidak diberi skor",
        "d": "nilai kabupaten/kota atau pembanding tidak ada: tidak diberi skor",
    }
    assert list(t["rse_tinggi"]) == [True, False, False, False]
    assert t["z_besaran"].isna().all() and t["peringkat"].isna().tolist() == [
        False,
        False,
        True,
        True,
    ]
    assert h.bobot_dipakai == pytest.approx({"kesenjangan": 5 / 7, "besaran": 0.0, "tren": 2 / 7})
    satu = skor_prioritas(pd.Series({"a": 1.0}), pd.Series({"a": 2.0}), {"a": 1})
    assert (
        "kurang dari dua indikator bernilai: standardisasi z tidak bermakna, skor tidak dihitung"
        in satu.catatan
    )
    tanpa_tren = skor_prioritas(KAB3, REF3, ARAH3, perubahan_kab=pd.Series({"a": 0.1, "b": 0.3}))
    assert tanpa_tren.tabel.loc["b", "keterangan"] == ""
    ada_besaran = skor_prioritas(
        pd.Series({"a": 1.0, "b": 2.0, "e": 3.0}),
        pd.Series({"a": 2.0, "b": 2.0, "e": 2.0}),
        {"a": 1, "b": 1, "e": 1},
        perubahan_kab=pd.Series({"a": 0.1, "b": 0.3}),
        besaran=pd.Series({"a": 10.0, "b": 20.0}),
    )
    assert ada_besaran.tabel.loc["e", "keterangan"] == (
        "besaran tidak ada: dianggap netral (z = 0); tren tidak ada: dianggap netral (z = 0)"
    )


def test_position_notes():
    p = posisi_relatif(pd.Series({"a": 1.0, "b": 1.0, "c": np.nan, "d": 2.0}), "a", -1, 0.0)
    assert (p.peringkat, p.jumlah_diperingkat, p.seri_dengan) == (1, 3, ("b",))
    assert p.keterangan == (
        "peringkat 1 sama dengan b",
        "1 wilayah tanpa data tidak diperingkat: c",
        "nilai pembanding = 0: selisih relatif tidak terdefinisi",
        "nilai 1 vs pembanding 0",
    )
    assert p.posisi == "lebih buruk dari pembanding" and np.isnan(p.selisih_relatif_persen)
    kosong = posisi_relatif(pd.Series({"a": 1.0, "c": np.nan}), "c", -1, 2.0)
    assert kosong.keterangan == ("wilayah c tidak ada data: tidak diperingkat",)
    assert (kosong.peringkat, kosong.posisi, kosong.jumlah_diperingkat) == (None, None, 1)
    tanpa_ref = posisi_relatif(pd.Series({"a": 1.0, "d": 2.0}), "d", -1)
    assert (tanpa_ref.peringkat, tanpa_ref.posisi, tanpa_ref.keterangan) == (2, None, ())
    h = peringkat(pd.Series({"a": 1.0, "b": np.nan, "c": 1.0}), 1)
    assert h.tidak_diperingkat == ("b",) and h.jumlah_diperingkat == 2
    assert h.tabel["seri"].to_dict() == {"a": True, "c": True, "b": False}


def test_target_notes():
    e = evaluasi_target(deret({2020: 3.0, 2021: 2.9, 2023: 2.8, 2024: 2.9}), -1, 2.0, 2024)
    assert e.status == "terlalu lambat" and np.isnan(e.perubahan_dibutuhkan_per_tahun)
    assert e.keterangan == (
        "data terakhir 2024: 2,9; target 2 pada 2024",
        "tahun target 2024 tidak lebih dari tahun data terakhir 2024",
        "tahun tanpa data di dalam jendela (2022): rata-rata dihitung dari kedua titik ujung saja",
        "pada laju tahunan terlambat (0,1/tahun) target tidak pernah tercapai",
    )
    e = evaluasi_target(deret({2018: 3.0, 2020: 2.8, 2022: 2.6, 2024: 2.4}), -1, 2.0, 2030)
    assert e.status == "sesuai jalur" and e.tahun_tercapai_paling_cepat is None
    assert e.keterangan[-1] == (
        "tidak ada pasangan tahun berurutan dalam jendela: rentang proyeksi tidak dihitung"
    )
    assert np.isnan(e.perubahan_tahunan_tercepat) and np.isnan(e.perubahan_tahunan_terlambat)


def test_more_edges_of_the_summaries_and_targets():
    r = ringkasan_perkembangan(deret({2020: np.nan}), 2018, None)
    assert (r.tahun_awal_diminta, r.tahun_akhir_diminta) == (2018, None)
    assert r.keterangan == ("tidak ada data sama sekali",)
    r = ringkasan_perkembangan(deret({2020: 3.0}), 2018, 2024)
    assert (r.nilai_awal, r.nilai_akhir, r.tahun_akhir_diminta) == (3.0, 3.0, 2024)
    r = ringkasan_perkembangan(deret({2020: 0.0, 2024: 1.0}))
    assert r.keterangan[-1] == (
        "nilai awal (2020) = 0: perubahan relatif dan laju majemuk tidak terdefinisi"
    )
    assert (r.tahun_awal_diminta, r.tahun_akhir_diminta) == (2020, 2024)  # the data's ends
    assert r.tahun_akhir == 2024 and r.rata_rata_perubahan == pytest.approx(0.25)
    r = ringkasan_perkembangan(deret({2020: -1.0, 2024: 1.0}))
    assert r.keterangan[-1] == f"nilai negatif ({M}1 → 1): laju majemuk tidak terdefinisi"
    # Projection: a gap already closed (or within tolerance) is reached now, whatever the pace.
    assert tahun_proyeksi(2024, -1.0, 0.5) == 2024
    assert tahun_proyeksi(2024, 1e-12, 0.0) == 2024
    assert tahun_proyeksi(2024, 0.0, -1.0) == 2024
    assert tahun_proyeksi(2024, 1.0, 0.0) is None
    assert tahun_proyeksi(2024, float("nan"), 1.0) is None
    assert tahun_proyeksi(2024, 1.0, float("nan")) is None
    tercapai = evaluasi_target(deret({2022: 3.0, 2023: 2.5, 2024: 1.9}), -1, 2.0, 2029)
    assert (
        tercapai.tahun_tercapai,
        tercapai.tahun_tercapai_paling_cepat,
        tercapai.tahun_tercapai_paling_lambat,
    ) == (2024, 2024, 2024)
    pendek = evaluasi_target(deret({2023: 3.0, 2024: 2.9}), -1, 2.0, 2029)
    assert pendek.status == "riwayat terlalu pendek" and pendek.keterangan[-1] == (
        "hanya 2 tahun berdata dalam jendela laju (minimum 3): tidak ada proyeksi"
    )
    stagnan = evaluasi_target(deret({2020: 3.0, 2021: 3.1, 2022: 2.9, 2023: 3.0}), -1, 2.0, 2029)
    assert stagnan.status == "stagnan" and stagnan.laju_cukup is False


def test_significance_of_several_indicators_uses_each_rse():
    kab = {"p0": deret({2020: 3.0, 2021: 2.9}), "p1": deret({2020: 0.5, 2021: 0.2})}
    ref = {"p0": deret({2020: 5.0, 2021: 4.9}), "p1": deret({2020: 0.7, 2021: 0.6})}
    t = relevansi_efektivitas_indikator(kab, ref, {"p0": -1, "p1": -1}, rse_kab={"p0": 10.0})
    assert t.loc[("p0", 2021), "label"] == "tidak signifikan"
    assert pd.isna(t.loc[("p1", 2021), "signifikan"])  # no RSE given for P1: no guard
    assert t.index.names == ["indikator", "tahun"]
    kosong = relevansi_efektivitas_indikator({}, {}, {})
    assert kosong.empty


def test_quadrant_labels_are_text_with_missing_for_unclassified():
    h = kuadran_p0_indikator(
        _pen({"a": 1.0, "b": np.nan}), _pen({"a": 1.0, "b": 2.0}), 1, p0_ref=1, indikator_ref=1
    )
    assert str(h.tabel["kuadran"].dtype) == "str"
    assert h.tabel["kuadran"].iloc[0] == "prioritas" and pd.isna(h.tabel["kuadran"].iloc[1])
    t = klasifikasi_kuadran(_pen({"a": 1.0, "b": np.nan}), _pen({"a": 1.0, "b": 2.0}), 2, 0, -1)
    assert str(t["kuadran"].dtype) == "str"


def test_method_parameters_that_are_not_a_mapping():
    with pytest.raises(GalatValidasi) as e:
        ParameterMetode.dari_dict([1, 2], berkas="p.yaml")
    assert e.value.pesan == "Parameter metode tidak valid."
    assert [(m.pesan, m.berkas, m.kode) for m in e.value.masalah] == [
        ("parameter metode harus berupa pemetaan kunci: nilai", "p.yaml", "parameter_tidak_valid")
    ]
    with pytest.raises(GalatValidasi) as e:
        ParameterMetode.dari_dict({"z_signifikansi": -1, "relevansi": "x"}, berkas="p.yaml")
    assert [(m.kolom, m.pesan) for m in e.value.masalah] == [
        ("relevansi", "nilai 'x' tidak dikenal; pilihan: 'arah' atau 'diinginkan'"),
        ("z_signifikansi", "harus lebih besar dari 0, bukan -1"),
    ]
    assert {m.kode for m in e.value.masalah} == {"parameter_tidak_valid"}
    assert ParameterMetode.dari_dict(None) == ParameterMetode()


def test_more_position_details():
    with pytest.raises(GalatAnalisis) as e:
        peringkat([1], -1)
    assert str(e.value) == "nilai harus berupa pandas Series berindeks kode_wilayah."

    with pytest.raises(GalatAnalisis) as e:
        posisi_terhadap_pembanding(_pen({"a": 1.0}), "x", -1)
    assert str(e.value) == "nilai_ref harus berupa angka, bukan 'x'."
    with pytest.raises(GalatAnalisis) as e:
        posisi_relatif(_pen({"a": 1.0}), "a", -1, "x")
    assert str(e.value) == "nilai_ref harus berupa angka, bukan 'x'."
    t = posisi_terhadap_pembanding(_pen({"a": 1.0, "b": 3.0}), 2.0, -1)
    assert list(t.columns) == ["nilai", "nilai_ref", "selisih", "selisih_relatif_persen", "posisi"]
    assert t.loc["a", "selisih_relatif_persen"] == pytest.approx(-50.0)
    h = peringkat(_pen({"b": 2.0, "a": 1.0}), -1)
    assert h.tabel.index.name == "kode_wilayah" and list(h.tabel.index) == ["a", "b"]
    # Values exactly one tolerance apart are one tie.
    assert list(peringkat(_pen({"a": 0.0, "b": 1e-9}), -1).tabel["peringkat"]) == [1, 1]
    p = posisi_relatif(_pen({"a": 1.0, "b": 1.0, "c": 1.0, "d": 2.0}), "a", -1)
    assert p.keterangan == ("peringkat 1 sama dengan b, c",)
    assert (p.kode_wilayah, p.nilai, p.jumlah_diperingkat, p.seri_dengan) == (
        "a",
        1.0,
        4,
        ("b", "c"),
    )
    assert np.isnan(p.nilai_ref) and np.isnan(p.selisih) and np.isnan(p.selisih_relatif_persen)
    kosong = posisi_relatif(_pen({"a": 1.0, "c": np.nan}), "c", -1, 2.0)
    assert (kosong.kode_wilayah, kosong.seri_dengan, kosong.nilai_ref) == ("c", (), 2.0)
    assert np.isnan(kosong.selisih) and np.isnan(kosong.selisih_relatif_persen)
    penuh = posisi_relatif(_pen({"a": 1.0, "d": 2.0}), "d", -1, 1.5)
    assert (penuh.nilai, penuh.nilai_ref, penuh.selisih) == (2.0, 1.5, 0.5)


def test_more_relevance_details():
    ref = deret({2020: 5.0, 2021: 4.8, 2022: 4.8})
    with pytest.raises(GalatAnalisis) as e:
        relevansi_efektivitas([1], ref, -1)
    assert str(e.value) == "deret kabupaten/kota harus berupa pandas Series berindeks tahun."
    with pytest.raises(GalatAnalisis) as e:
        relevansi_efektivitas(ref, [1], -1)
    assert str(e.value) == "deret pembanding harus berupa pandas Series berindeks tahun."
    dobel = pd.Series([0.1, 0.2], index=[2020, 2020])
    with pytest.raises(GalatAnalisis) as e:
        relevansi_efektivitas(ref, ref, -1, se_kab=dobel)
    assert str(e.value) == "se_kab: tahun muncul lebih dari sekali: 2020."
    with pytest.raises(GalatAnalisis) as e:
        relevansi_efektivitas(ref, ref, -1, rse_kab=dobel)
    assert str(e.value) == "rse_kab: tahun muncul lebih dari sekali: 2020."
    t = relevansi_efektivitas(deret({2020: 3.0, 2021: 2.9}), ref, -1)
    assert list(t.columns) == [
        "nilai_kab",
        "nilai_ref",
        "delta_kab",
        "delta_ref",
        "g_kab",
        "g_ref",
        "se_delta_kab",
        "batas_signifikan",
        "signifikan",
        "relevansi",
        "efektivitas",
        "label_gabungan",
        "label",
        "keterangan",
    ]
    # "diinginkan": both must improve; a region that did not move is not relevant.
    naik = deret({2020: 70.0, 2021: 71.0, 2022: 71.0})
    ref_naik = deret({2020: 72.0, 2021: 72.5, 2022: 73.0})
    d = relevansi_efektivitas(naik, ref_naik, 1, relevansi="diinginkan")
    assert d["relevansi"].tolist() == ["relevan", "tidak relevan"]
    # Relative effectiveness needs a non-zero base in t−1.
    nol = relevansi_efektivitas(
        deret({2020: 0.0, 2021: 1.0}), deret({2020: 2.0, 2021: 1.0}), -1, efektivitas="relatif"
    )
    assert pd.isna(nol.loc[2021, "efektivitas"])
    assert (
        nol.loc[2021, "keterangan"] == "nilai tahun 2020 = 0: perubahan relatif tidak terdefinisi"
    )


def test_sign_and_z_score_helpers():

    hasil = tanda([2.0, -3.0, 0.0, 1e-12, None, np.nan])
    assert hasil.dtype == float
    np.testing.assert_array_equal(hasil, [1.0, -1.0, 0.0, 0.0, np.nan, np.nan])
    np.testing.assert_allclose(skor_z(pd.Series([1.0, 3.0])), [-1.0, 1.0])  # sd exactly 1
    z = skor_z(pd.Series(["a", 2.0, 4.0]))
    assert np.isnan(z.iloc[0]) and z.iloc[1:].tolist() == [-1.0, 1.0]
    assert skor_z(pd.Series([np.nan, np.nan])).isna().all()


def test_magnitudes_of_zero_and_fractions_are_accepted():
    h = skor_prioritas(KAB3, REF3, ARAH3, besaran=pd.Series({"a": 0.0, "b": 0.5, "c": 3.0}))
    assert h.tabel.loc["a", "besaran"] == 0.0
    with pytest.raises(GalatAnalisis) as e:
        skor_prioritas(KAB3, REF3, ARAH3, rse_kab=pd.Series({"a": "tinggi"}))
    assert str(e.value) == "rse_kab: semua nilai harus berupa angka."


def test_priority_table_columns_names_and_zero_weights():

    h = skor_prioritas(
        KAB3, REF3, ARAH3, perubahan_kab=pd.Series({"a": 0.1, "b": -0.2}), bobot=(0.5, 0, 0.5)
    )
    t = h.tabel
    assert t.index.name == "indikator"
    assert list(t.columns) == [
        "nilai_kab",
        "nilai_ref",
        "arah",
        "kesenjangan",
        "besaran",
        "perubahan",
        "tren_memburuk",
        "z_kesenjangan",
        "z_besaran",
        "z_tren",
        "skor",
        "peringkat",
        "rse",
        "rse_tinggi",
        "keterangan",
    ]
    assert t.loc["a", "z_tren"] == pytest.approx(-1.0) and t.loc["b", "z_tren"] == pytest.approx(
        1.0
    )
    # A component weighted 0 is not "missing": no note about sharing its weight.
    assert not any("besaran" in c for c in h.catatan[:-1])
    assert h.bobot_dipakai == {"kesenjangan": 0.5, "besaran": 0.0, "tren": 0.5}
    assert kesenjangan(KAB3, REF3, ARAH3).index.name == "indikator"
    with pytest.raises(GalatAnalisis) as e:
        skor_prioritas(KAB3, [1], ARAH3)
    assert str(e.value) == "nilai_ref harus berupa pandas Series berindeks kode indikator."
    with pytest.raises(GalatAnalisis) as e:
        skor_prioritas(KAB3, REF3, [1])
    assert str(e.value) == "arah harus berupa pandas Series berindeks kode indikator."


def test_more_helper_details():

    assert penampang(pd.Series({"a": 1.0}, name="p0")).name == "p0"
    np.testing.assert_array_equal(lebih_baik([1.0, 2.0], [None, 1.0], 1), [np.nan, 1.0])
    with pytest.raises(GalatAnalisis) as e:
        perubahan_tahunan([1])
    assert str(e.value) == "deret harus berupa pandas Series berindeks tahun."
    kosong = perubahan_tahunan(deret({2020: np.nan}))
    assert list(kosong.columns) == KOLOM_PERUBAHAN and kosong.index.name == "tahun"
    assert kosong.empty
    nol = perubahan_tahunan(deret({2019: 1.0, 2020: 0.0, 2021: 1.0}))
    assert (
        nol.loc[2021, "keterangan"] == "nilai tahun 2020 = 0: perubahan relatif tidak terdefinisi"
    )


def test_unknown_parameter_key_gets_a_suggestion():
    with pytest.raises(GalatValidasi) as e:
        ParameterMetode.dari_dict({"relevansy": "arah"})
    assert [(m.kolom, m.pesan, m.kode) for m in e.value.masalah] == [
        (
            "relevansy",
            "kunci 'relevansy' tidak dikenal. Mungkin maksud Anda 'relevansi'?",
            "parameter_tidak_valid",
        )
    ]


def test_window_without_data_keeps_the_requested_years():
    s = pd.Series([4.0, 3.8], index=[2018, 2019])
    r = ringkasan_perkembangan(s, 2021, 2024)
    assert (r.tahun_awal_diminta, r.tahun_akhir_diminta) == (2021, 2024)
    assert (r.tahun_awal, r.tahun_akhir, r.jumlah_tahun) == (None, None, 0)
    assert "tidak ada data pada 2021–2024" in r.keterangan


def test_a_checked_series_comes_back_as_the_check_would_build_it():
    # A series already in checked form (a data store series) skips the rebuild; what comes back
    # equals what the full check builds from the same values given another way (float years,
    # unsorted, another index name), is a new object, and infinity is still refused.
    baku = pd.Series(
        [4.5, np.nan, 4.1], index=pd.Index([2022, 2023, 2024], dtype="int64", name="tahun")
    )
    baku.name = "p0"
    lain = pd.Series([4.1, np.nan, 4.5], index=[2024.0, 2023.0, 2022.0], name="p0")
    cepat, penuh = deret_tahunan(baku), deret_tahunan(lain)
    pd.testing.assert_series_equal(cepat, penuh, check_index_type=True)
    assert type(cepat.index) is type(penuh.index)
    assert cepat is not baku
    cepat.iloc[0] = 9.0
    assert baku.iloc[0] == 4.5
    with pytest.raises(GalatAnalisis, match="tak hingga"):
        deret_tahunan(baku.replace(4.1, np.inf))
