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
