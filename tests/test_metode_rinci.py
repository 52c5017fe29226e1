"""The analysis methods (analisis.metode), the details: every message, option and edge the main
method tests leave out (summary dicts, missing-data notes, the method summary table)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analisis.galat import GalatAnalisis
from analisis.metode import (
    evaluasi_target,
    relevansi_efektivitas,
    ringkasan_perkembangan,
)
from analisis.metode.kuadran import (
    klasifikasi_kuadran,
    kuadran_p0_indikator,
    kuadran_perkembangan,
    laju_penampang,
)
from analisis.metode.parameter import ParameterMetode, arah_indikator
from analisis.metode.perkembangan import ringkasan_perkembangan_banyak
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
        "Aturan relevansi (§1.3): relevan bila perubahan kabupaten/kota searah dengan perubahan "
        "pembanding"
    )
    assert baris["z_signifikansi"].nilai == "1,96" and baris["batas_rse"].nilai == "25"
    assert baris["rse_bawaan"].nilai == "tidak dipakai"
    assert baris["bobot_prioritas"].nilai == "kesenjangan 0,5; besaran 0,3; tren 0,2"
    assert baris["rentang_laju_tahun"].nilai == "4"
    katalog = pd.read_csv(AKAR / "src/analisis/data/bundel/katalog_indikator.csv")
    turun = ", ".join(katalog.loc[katalog["arah"] == -1, "indikator"])
    naik = ", ".join(katalog.loc[katalog["arah"] == 1, "indikator"])
    assert baris["arah_indikator"].nilai == (
        f"{M}1 (makin kecil makin baik): {turun}; 1 (makin besar makin baik): {naik}"
    )
    p = ParameterMetode.dari_dict({"rse_bawaan": 12.5, "arah_indikator": {"baru": 1}})
    baris = {r.nama: r for r in p.ringkasan()}
    assert baris["rse_bawaan"].nilai == "12,5"
    assert baris["arah_indikator"].nilai.endswith(", baru")


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
