"""Quadrants (§1.4b level × change, §1.4c P0 × indicator) on Kalimantan Selatan P0."""

import numpy as np
import pandas as pd
import pytest

from analisis.galat import GalatAnalisis
from analisis.metode import (
    klasifikasi_kuadran,
    kuadran_p0_indikator,
    kuadran_perkembangan,
    laju_penampang,
)

KALSEL = pd.Series([4.83, 4.49, 4.29, 4.11, 3.84], index=[2021, 2022, 2023, 2024, 2025])
# P0 panel (rows = year, columns = kode_wilayah), Kalsel regions.
PANEL = pd.DataFrame(
    {
        "6301": [4.57, 3.86, 3.73, 3.74, 3.00],  # Tanah Laut
        "6302": [4.86, 4.30, 4.32, 4.45, 4.39],  # Kotabaru
        "6303": [3.04, 2.79, 2.44, 2.36, 2.74],  # Banjar
        "6306": [4.84, 4.54, 4.01, 3.38, 3.12],  # Hulu Sungai Selatan
        "6308": [6.83, 6.49, 6.25, 5.75, 4.81],  # Hulu Sungai Utara
    },
    index=[2021, 2022, 2023, 2024, 2025],
)


def test_one_year_quadrants_2024_2025():
    h = kuadran_perkembangan(PANEL, KALSEL, -1, 2024, 2025)
    assert h.ambang_x == 3.84
    assert h.ambang_y == pytest.approx(-0.27)  # 3.84 - 4.11
    k = h.tabel["kuadran"].to_dict()
    # 6301: 3.00 < 3.84, -0.74 < -0.27  -> unggul
    # 6302: 4.39 > 3.84, -0.06 > -0.27  -> prioritas
    # 6303: 2.74 < 3.84, +0.38 > -0.27  -> waspada (rising P0)
    # 6306: 3.12 < 3.84, -0.26 > -0.27  -> waspada (falls, but slower)
    # 6308: 4.81 > 3.84, -0.94 < -0.27  -> mengejar
    assert k == {
        "6301": "unggul",
        "6302": "prioritas",
        "6303": "waspada",
        "6306": "waspada",
        "6308": "mengejar",
    }
    assert h.tabel.loc["6301", "laju"] == pytest.approx(-0.74)
    assert h.tabel.loc["6303", "nilai_awal"] == 2.36


def test_relative_axis_changes_floor_effect_case():
    h = kuadran_perkembangan(PANEL, KALSEL, -1, 2024, 2025, sumbu_y="relatif")
    # reference g = -0.27/4.11 = -6.5693 % ; HSS g = -0.26/3.38 = -7.6923 % -> faster
    assert h.ambang_y == pytest.approx(-6.5693, abs=1e-4)
    assert h.tabel.loc["6306", "laju"] == pytest.approx(-7.6923, abs=1e-4)
    assert h.tabel.loc["6306", "kuadran"] == "unggul"
    assert h.tabel.loc["6302", "kuadran"] == "prioritas"


def test_multi_year_window_average_change():
    h = kuadran_perkembangan(PANEL, KALSEL, -1, 2021, 2025)
    assert h.ambang_y == pytest.approx(-0.2475)  # (3.84 - 4.83) / 4
    assert h.tabel.loc["6301", "laju"] == pytest.approx(-0.3925)  # (3.00 - 4.57) / 4
    assert h.tabel.loc["6303", "laju"] == pytest.approx(-0.075)  # (2.74 - 3.04) / 4
    assert h.tabel.loc["6301", "kuadran"] == "unggul"
    assert h.tabel.loc["6303", "kuadran"] == "waspada"
    assert h.tabel.loc["6302", "kuadran"] == "prioritas"  # (4.39-4.86)/4 = -0.1175


def test_threshold_ties_go_to_bad_side_by_default():
    lvl = pd.Series({"a": 3.84, "b": 3.34})
    # a: level equals the threshold, falls -0.16 (slower than -0.27) -> level tie
    # b: falls -0.27 like the reference (3.34 - 3.61 vs 3.84 - 4.11, equal up to 5e-16)
    laju = pd.Series({"a": 3.84 - 4.00, "b": 3.34 - 3.61})
    amb_laju = 3.84 - 4.11
    t = klasifikasi_kuadran(lvl, laju, 3.84, amb_laju, -1)
    assert bool(t.loc["a", "di_ambang_level"]) and not bool(t.loc["a", "level_baik"])
    assert t.loc["a", "kuadran"] == "prioritas"
    assert bool(t.loc["b", "di_ambang_laju"]) and not bool(t.loc["b", "laju_baik"])
    assert t.loc["b", "kuadran"] == "waspada"
    assert "sisi buruk" in t.loc["a", "keterangan"]
    t2 = klasifikasi_kuadran(lvl, laju, 3.84, amb_laju, -1, seri_ambang="baik")
    assert t2["kuadran"].to_dict() == {"a": "waspada", "b": "unggul"}


def test_higher_is_better_quadrant():
    # IPM: level above the reference is good, a larger increase is good.
    t = klasifikasi_kuadran(
        pd.Series({"x": 76.0, "y": 72.0}), pd.Series({"x": 0.3, "y": 0.9}), 75.19, 0.53, 1
    )
    assert t["kuadran"].to_dict() == {"x": "waspada", "y": "mengejar"}


def test_missing_endpoint_not_classified():
    p = PANEL.copy()
    p.loc[2021, "6302"] = np.nan
    h = kuadran_perkembangan(p, KALSEL, -1, 2021, 2025)
    assert pd.isna(h.tabel.loc["6302", "kuadran"])
    assert "2021" in h.tabel.loc["6302", "keterangan"]
    assert any("6302" in c for c in h.catatan)
    assert h.tabel.loc["6301", "kuadran"] == "unggul"
    # an endpoint year absent from the panel altogether
    h2 = kuadran_perkembangan(PANEL.drop(index=2021), KALSEL, -1, 2021, 2025)
    assert h2.tabel["kuadran"].isna().all()


def test_reference_must_have_endpoints():
    with pytest.raises(GalatAnalisis, match="pembanding"):
        kuadran_perkembangan(PANEL, KALSEL.drop(2024), -1, 2024, 2025)
    with pytest.raises(GalatAnalisis, match="tahun_akhir"):
        kuadran_perkembangan(PANEL, KALSEL, -1, 2025, 2025)
    with pytest.raises(GalatAnalisis, match="sumbu"):
        kuadran_perkembangan(PANEL, KALSEL, -1, 2024, 2025, sumbu_y="persen")


def test_laju_penampang():
    a = pd.Series({"p": 4.0, "q": 0.0, "r": np.nan})
    b = pd.Series({"p": 3.0, "q": 1.0, "r": 2.0})
    assert laju_penampang(a, b, 2).tolist()[:2] == pytest.approx([-0.5, 0.5])
    rel = laju_penampang(a, b, 2, "relatif")
    # (3/4)^(1/2) - 1 = 0.866025 - 1 = -13.3975 %
    assert rel["p"] == pytest.approx(-13.3975, abs=1e-4)
    assert np.isnan(rel["q"]) and np.isnan(rel["r"])


# P0 and TPT 2024 (province: P0 4.11, TPT 4.20).
P0_2024 = pd.Series({"6301": 3.74, "6304": 4.36, "6371": 4.58, "6310": 3.41, "6372": 3.79})
TPT_2024 = pd.Series({"6301": 3.43, "6304": 3.41, "6371": 6.56, "6310": 6.37, "6372": 4.93})
IPM_2024 = pd.Series({"6301": 73.42, "6304": 71.40, "6371": 80.53, "6310": 74.50, "6372": 81.65})


def test_p0_indicator_quadrant_province_threshold():
    h = kuadran_p0_indikator(P0_2024, TPT_2024, -1, p0_ref=4.11, indikator_ref=4.20)
    assert (h.ambang_x, h.ambang_y, h.sumber_ambang) == (4.11, 4.20, "provinsi")
    assert h.tabel["kuadran"].to_dict() == {
        "6301": "kemiskinan rendah, indikator baik",
        "6304": "kemiskinan tinggi, indikator baik",
        "6371": "prioritas",
        "6310": "kemiskinan rendah, indikator buruk",
        "6372": "kemiskinan rendah, indikator buruk",
    }
    assert h.tabel["prioritas"].tolist() == [False, False, True, False, False]


def test_p0_indicator_direction_matters():
    h = kuadran_p0_indikator(P0_2024, IPM_2024, 1, p0_ref=4.11, indikator_ref=75.19)
    assert h.tabel.loc["6304", "kuadran"] == "prioritas"  # 4.36 > 4.11 and 71.40 < 75.19
    assert h.tabel.loc["6371", "kuadran"] == "kemiskinan tinggi, indikator baik"


def test_p0_indicator_mean_threshold():
    p0 = pd.concat([P0_2024, pd.Series({"6302": 4.45})])
    tpt = pd.concat([TPT_2024, pd.Series({"6302": np.nan})])
    h = kuadran_p0_indikator(p0, tpt, -1, ambang="rata_rata")
    # means over the 5 regions with both values (6302 has no TPT):
    # P0 (3.74+4.36+4.58+3.41+3.79)/5 = 19.88/5 = 3.976 ; TPT 24.70/5 = 4.94
    assert h.ambang_x == pytest.approx(3.976)
    assert h.ambang_y == pytest.approx(4.94)
    # Banjarbaru: province view = low/bad (4.93 > 4.20); mean view = low/good (4.93 < 4.94)
    assert h.tabel.loc["6372", "kuadran"] == "kemiskinan rendah, indikator baik"
    assert pd.isna(h.tabel.loc["6302", "kuadran"]) and pd.isna(h.tabel.loc["6302", "prioritas"])
    assert bool(h.tabel.loc["6302", "p0_tinggi"])  # the P0 side is still known


def test_p0_indicator_threshold_ties():
    p0 = pd.Series({"a": 4.11, "b": 4.50})
    tpt = pd.Series({"a": 4.50, "b": 4.20})
    h = kuadran_p0_indikator(p0, tpt, -1, p0_ref=4.11, indikator_ref=4.20)
    # a: P0 equals the threshold -> "tinggi" (bad side); b: TPT equals it -> "buruk"
    assert h.tabel["kuadran"].to_dict() == {"a": "prioritas", "b": "prioritas"}
    assert h.tabel["di_ambang_p0"].tolist() == [True, False]
    assert h.tabel["di_ambang_indikator"].tolist() == [False, True]
    h2 = kuadran_p0_indikator(p0, tpt, -1, p0_ref=4.11, indikator_ref=4.20, seri_ambang="baik")
    assert h2.tabel["kuadran"].to_dict() == {
        "a": "kemiskinan rendah, indikator buruk",
        "b": "kemiskinan tinggi, indikator baik",
    }


def test_mean_tie_with_float_noise():
    # Kalsel regions 2022: mean P0 = 19.30 / 5 = 3.86 (3.8600000000000003 in floating point),
    # exactly Tanah Laut's value -> tie -> bad side.
    p0 = pd.Series({"6301": 3.86, "6302": 4.30, "6303": 2.79, "6304": 4.75, "6305": 3.60})
    tpt = pd.Series({"6301": 9.0, "6302": 1.0, "6303": 1.0, "6304": 1.0, "6305": 1.0})
    h = kuadran_p0_indikator(p0, tpt, -1, ambang="rata_rata")
    assert bool(h.tabel.loc["6301", "di_ambang_p0"])
    assert h.tabel.loc["6301", "kuadran"] == "prioritas"


def test_p0_indicator_errors():
    with pytest.raises(GalatAnalisis, match="p0_ref"):
        kuadran_p0_indikator(P0_2024, TPT_2024, -1)
    with pytest.raises(GalatAnalisis, match="ambang"):
        kuadran_p0_indikator(P0_2024, TPT_2024, -1, ambang="median")
    with pytest.raises(GalatAnalisis, match="rata-rata"):
        kuadran_p0_indikator(pd.Series({"a": 1.0}), pd.Series({"b": 1.0}), -1, ambang="rata_rata")


def test_p0_indicator_missing_province_value_falls_back_to_the_mean_when_allowed():
    # P1 2024 of Kalsel is missing: the Y axis uses the mean of the regions, stated.
    p1 = pd.Series({"6301": 0.50, "6304": 0.70, "6371": 0.60, "6310": 0.40, "6372": 0.30})
    with pytest.raises(GalatAnalisis):
        kuadran_p0_indikator(P0_2024, p1, -1, p0_ref=4.11, indikator_ref=None)
    h = kuadran_p0_indikator(P0_2024, p1, -1, p0_ref=4.11, indikator_ref=None, cadangan=True)
    assert h.ambang_x == 4.11 and h.ambang_y == pytest.approx(0.50)  # 2,50 / 5
    assert h.sumber_ambang == "provinsi; rata_rata untuk indikator"
    assert any("rata-rata sederhana 5 kabupaten/kota" in c for c in h.catatan)
    assert h.tabel.loc["6304", "kuadran"] == "prioritas"  # 4,36 > 4,11 and 0,70 > 0,50
