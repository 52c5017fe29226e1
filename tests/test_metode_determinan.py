"""Determinant gap and priority score (§1.5)."""

import numpy as np
import pandas as pd
import pytest

from analisis.galat import GalatAnalisis, GalatValidasi
from analisis.metode import BobotPrioritas, kesenjangan, skor_prioritas, skor_z


def test_gap_tanah_laut_2024_vs_kalsel():
    kab = pd.Series({"tpt": 3.43, "ipm": 73.42, "sanitasi_layak": 74.12, "gini_ratio": 0.257})
    ref = pd.Series({"tpt": 4.20, "ipm": 75.19, "sanitasi_layak": 83.70, "gini_ratio": 0.302})
    arah = {"tpt": -1, "ipm": 1, "sanitasi_layak": 1, "gini_ratio": -1}
    g = kesenjangan(kab, ref, arah)
    # tpt: -(4.20-3.43)/4.20 = -0.18333 (better) ; ipm: (75.19-73.42)/75.19 = 0.02354 (worse)
    # sanitasi: (83.70-74.12)/83.70 = 0.11446 ; gini: -(0.302-0.257)/0.302 = -0.14901
    assert g["tpt"] == pytest.approx(-0.18333, abs=1e-5)
    assert g["ipm"] == pytest.approx(0.02354, abs=1e-5)
    assert g["sanitasi_layak"] == pytest.approx(0.11446, abs=1e-5)
    assert g["gini_ratio"] == pytest.approx(-0.14901, abs=1e-5)


def test_gap_negative_and_zero_reference():
    g = kesenjangan(
        pd.Series({"pertumbuhan": -3.0, "x": 1.0}),
        pd.Series({"pertumbuhan": -2.0, "x": 0.0}),
        {"pertumbuhan": 1, "x": 1},
    )
    # growth -3 vs reference -2 is worse: +1 * (-2 - -3) / |-2| = +0.5
    assert g["pertumbuhan"] == pytest.approx(0.5)
    assert np.isnan(g["x"])


def test_skor_z_population_sd():
    z = skor_z(pd.Series([1.0, 2.0, 3.0, np.nan]))
    # mean 2, population sd sqrt(2/3) = 0.816497 -> z = -1.224745, 0, 1.224745
    assert z.tolist()[:3] == pytest.approx([-1.224745, 0.0, 1.224745], abs=1e-6)
    assert np.isnan(z.iloc[3])
    assert skor_z(pd.Series([5.0, 5.0])).tolist() == [0.0, 0.0]


# Four indicators built so every component has z = +1 or -1 (mean 0 / 200, sd 0.1 / 100 / 0.2).
KAB = pd.Series({"A": 9.0, "B": 9.0, "C": 11.0, "D": 11.0})
REF = pd.Series({"A": 10.0, "B": 10.0, "C": 10.0, "D": 10.0})
ARAH = pd.Series({"A": -1, "B": -1, "C": -1, "D": -1})
# gap = -(10 - X)/10 -> -0.1, -0.1, +0.1, +0.1 -> z -1, -1, +1, +1
DELTA = pd.Series({"A": 0.2, "B": -0.2, "C": 0.2, "D": -0.2})  # trend t = delta -> z +1 -1 +1 -1
BESARAN = pd.Series({"A": 100.0, "B": 300.0, "C": 100.0, "D": 300.0})  # z -1 +1 -1 +1


def test_priority_score_default_weights():
    h = skor_prioritas(KAB, REF, ARAH, DELTA, BESARAN)
    t = h.tabel
    # S = 0.5 z_g + 0.3 z_m + 0.2 z_t
    # A: -0.5 - 0.3 + 0.2 = -0.6 ; B: -0.5 + 0.3 - 0.2 = -0.4
    # C: +0.5 - 0.3 + 0.2 = +0.4 ; D: +0.5 + 0.3 - 0.2 = +0.6
    assert t["skor"].to_dict() == pytest.approx({"D": 0.6, "C": 0.4, "B": -0.4, "A": -0.6})
    assert list(t.index) == ["D", "C", "B", "A"]
    assert t["peringkat"].tolist() == [1, 2, 3, 4]
    assert h.bobot_dipakai == {"kesenjangan": 0.5, "besaran": 0.3, "tren": 0.2}
    assert t.loc["A", "z_kesenjangan"] == pytest.approx(-1.0)
    assert t.loc["B", "z_besaran"] == pytest.approx(1.0)
    assert t.loc["A", "tren_memburuk"] == pytest.approx(0.2)  # P0-like indicator rose
    assert any("bukan standar nasional" in c for c in h.catatan)


def test_priority_score_without_magnitude_renormalises():
    h = skor_prioritas(KAB, REF, ARAH, DELTA)
    # weights 0.5/0.7 = 5/7 and 0.2/0.7 = 2/7
    assert h.bobot_dipakai == pytest.approx({"kesenjangan": 5 / 7, "besaran": 0.0, "tren": 2 / 7})
    # A: -5/7 + 2/7 = -3/7 ; B: -5/7 - 2/7 = -1 ; C: +1 ; D: 5/7 - 2/7 = 3/7
    harapan = {"C": 1.0, "D": 3 / 7, "A": -3 / 7, "B": -1.0}
    assert h.tabel["skor"].to_dict() == pytest.approx(harapan)
    assert list(h.tabel.index) == ["C", "D", "A", "B"]
    assert any("besaran tidak tersedia" in c for c in h.catatan)
    assert h.tabel["z_besaran"].isna().all()


def test_custom_weights_and_validation():
    h = skor_prioritas(KAB, REF, ARAH, DELTA, BESARAN, bobot=(1.0, 0.0, 0.0))
    assert h.tabel["skor"].to_dict() == pytest.approx({"C": 1.0, "D": 1.0, "A": -1.0, "B": -1.0})
    assert h.tabel["peringkat"].to_dict() == {"C": 1, "D": 1, "A": 3, "B": 3}  # ties
    bobot = BobotPrioritas(kesenjangan=0.2, besaran=0.2, tren=0.6)
    h2 = skor_prioritas(KAB, REF, ARAH, DELTA, BESARAN, bobot=bobot)
    # D: 0.2 + 0.2 - 0.6 = -0.2
    assert h2.tabel.loc["D", "skor"] == pytest.approx(-0.2)
    with pytest.raises(GalatValidasi) as e:
        skor_prioritas(KAB, REF, ARAH, bobot={"kesenjangan": 0.9, "besaran": 0.3, "tren": 0.2})
    assert e.value.masalah[0].kolom == "bobot_prioritas"


def test_missing_component_for_one_indicator_is_neutral():
    m = BESARAN.copy()
    m["A"] = np.nan
    h = skor_prioritas(KAB, REF, ARAH, DELTA, m)
    # besaran z over B, C, D = 300, 100, 300: mean 233.33, sd 94.281 -> B, D +0.7071, C -1.4142
    assert h.tabel.loc["C", "z_besaran"] == pytest.approx(-1.414214, abs=1e-6)
    # A: 0.5*(-1) + 0.3*0 + 0.2*(+1) = -0.3
    assert h.tabel.loc["A", "skor"] == pytest.approx(-0.3)
    assert "netral" in h.tabel.loc["A", "keterangan"]


def test_zero_reference_not_scored_and_rse_flag():
    ref = REF.copy()
    ref["A"] = 0.0
    rse = pd.Series({"B": 25.0, "C": 25.1})
    h = skor_prioritas(KAB, ref, ARAH, DELTA, rse_kab=rse)
    assert np.isnan(h.tabel.loc["A", "skor"]) and pd.isna(h.tabel.loc["A", "peringkat"])
    assert h.tabel.index[-1] == "A"
    assert "kesenjangan tidak terdefinisi" in h.tabel.loc["A", "keterangan"]
    assert h.tabel["rse_tinggi"].to_dict() == {"B": False, "C": True, "D": False, "A": False}
    assert "RSE 25,1%" in h.tabel.loc["C", "keterangan"]
    h2 = skor_prioritas(KAB, ref, ARAH, DELTA, rse_kab=rse, batas_rse=20.0)
    assert bool(h2.tabel.loc["B", "rse_tinggi"])


def test_single_indicator_has_no_score():
    h = skor_prioritas(pd.Series({"tpt": 5.0}), pd.Series({"tpt": 4.0}), {"tpt": -1})
    assert h.tabel.loc["tpt", "kesenjangan"] == pytest.approx(0.25)
    assert np.isnan(h.tabel.loc["tpt", "skor"])
    assert any("kurang dari dua" in c for c in h.catatan)


def test_errors():
    with pytest.raises(GalatAnalisis, match="Arah indikator"):
        skor_prioritas(KAB, REF, {"A": -1})
    with pytest.raises(GalatAnalisis, match="arah indikator A"):
        skor_prioritas(KAB, REF, {"A": 0, "B": 1, "C": 1, "D": 1})
    with pytest.raises(GalatAnalisis, match="negatif"):
        skor_prioritas(KAB, REF, ARAH, besaran=-BESARAN)


def test_unit_free_trend_keeps_the_direction_of_each_indicator():
    from analisis.metode import tren_baku

    # IPM rose 0,40 while kab/kota rose 0,2–0,8 (sd ≈ 0,2236): improving → negative
    ipm = tren_baku(0.40, pd.Series([0.2, 0.4, 0.6, 0.8]), 1)
    assert ipm == pytest.approx(-0.40 / np.std([0.2, 0.4, 0.6, 0.8]))
    # Gini fell (improves, arah −1): negative as well; PDRB rose in Rp: −1·1762/sd
    gini = tren_baku(-0.039, pd.Series([-0.039, 0.01, -0.02, 0.0]), -1)
    assert gini < 0
    assert np.isnan(tren_baku(0.4, pd.Series([0.4, 0.4, 0.4]), 1))  # no spread
    assert np.isnan(tren_baku(0.4, pd.Series([0.4, 0.5]), 1))  # fewer than 3 regions
    kab = pd.Series({"ipm": 74.41, "gini_ratio": 0.258, "pdrb": 40027.0})
    ref = pd.Series({"ipm": 75.19, "gini_ratio": 0.302, "pdrb": 67122.0})
    arah = {"ipm": 1, "gini_ratio": -1, "pdrb": 1}
    tren = pd.Series({"ipm": ipm, "gini_ratio": gini, "pdrb": -1.2})
    h = skor_prioritas(kab, ref, arah, perubahan_kab=pd.Series({"ipm": 0.4}), tren=tren)
    # used as is: improving indicators keep a negative (not worsening) trend component
    assert (h.tabel["z_tren"] < 0).all()
    assert h.tabel.loc["ipm", "perubahan"] == pytest.approx(0.4)  # raw change shown only
