"""The precision model and the quadrant significance flags in detail (found by mutation
testing): boundaries of each formula, every indicator the model covers, where each SE comes
from, and the exact explanation a report prints. Values are worked out by hand next to each
assertion."""

import math

import numpy as np
import pandas as pd
import pytest

from analisis.galat import GalatAnalisis
from analisis.metode import signifikansi_kuadran
from analisis.metode.presisi import (
    MODEL_BAWAAN,
    ModelPresisi,
    galat_baku,
    interval,
    se_perubahan_relatif,
)

N = 1900.0


def _se_p0(p: float, n: float = N) -> float:
    return math.sqrt(p * (100 - p) / n)


# ----------------------------------------------------------------------------- SE(P0)


def test_p0_se_at_the_edges_of_the_valid_range():
    # 0 and 100 are valid rates with no sampling spread; outside 0–100 there is no SE.
    assert MODEL_BAWAAN.se_p0([0.0, 100.0]).tolist() == [0.0, 0.0]
    assert np.isnan(MODEL_BAWAAN.se_p0([-0.1, 100.5, 150.0])).all()
    # √(0,5 × 99,5 / 1900) = √0,0261842 = 0,161815
    assert float(MODEL_BAWAAN.se_p0(0.5)) == pytest.approx(0.161815, abs=1e-6)


def test_missing_values_given_as_none_give_nan():
    # Values from JSON arrive as None: they are missing, not an error.
    se = MODEL_BAWAAN.se_p0([5.0, None])
    assert se[0] == pytest.approx(0.5) and np.isnan(se[1])
    p1 = MODEL_BAWAAN.se_p1([0.33, None], [0.07, 0.07])
    assert p1[0] == pytest.approx(0.060224, abs=1e-6) and np.isnan(p1[1])
    p1b = MODEL_BAWAAN.se_p1([0.33, 0.33], [0.07, None])
    assert np.isnan(p1b[1])
    p2 = MODEL_BAWAAN.se_p2([0.33, None], [0.07, 0.07])
    assert p2[0] == pytest.approx(0.012774, abs=1e-6) and np.isnan(p2[1])
    p2b = MODEL_BAWAAN.se_p2([0.33, 0.33], [0.07, None])
    assert np.isnan(p2b[1])
    j = MODEL_BAWAAN.se_jumlah([14.46, None], [2.36, 2.36])
    assert np.isnan(j[1])
    j2 = MODEL_BAWAAN.se_jumlah([14.46, 14.46], [2.36, None])
    assert np.isnan(j2[1]) and j2[0] == pytest.approx(14.46 * _se_p0(2.36) / 2.36)


# ----------------------------------------------------------------------------- P1, P2, jumlah


def test_p1_variance_below_one_is_not_rounded_up():
    # SE(P1) = √((100 × 0,005 − 0,05²) / 1900) = √(0,4975 / 1900) = 0,016182
    assert float(MODEL_BAWAAN.se_p1(0.05, 0.005)) == pytest.approx(0.016182, abs=1e-6)
    # A negative FGT variance (inconsistent inputs: 100·P2 < P1²) is cut at 0.
    assert float(MODEL_BAWAAN.se_p1(1.0, 0.001)) == 0.0


def test_p2_needs_a_positive_p1():
    assert np.isnan(MODEL_BAWAAN.se_p2(0.0, 0.1))
    assert np.isnan(MODEL_BAWAAN.se_p2(-0.1, 0.1))


def test_count_se_needs_a_positive_p0():
    # P0 = 0,5: 100 × SE(P0 0,5) / 0,5
    assert float(MODEL_BAWAAN.se_jumlah(100.0, 0.5)) == pytest.approx(
        100 * _se_p0(0.5) / 0.5, rel=1e-12
    )
    nol = MODEL_BAWAAN.se_jumlah(10.0, 0.0)
    assert nol.dtype == float and np.isnan(nol)


# ----------------------------------------------------------------------------- ModelPresisi.se

TAHUN = [2022, 2023, 2024]
SERI = {
    "p0": pd.Series([2.79, 2.44, 2.36], index=TAHUN),
    "p0_ekstrem": pd.Series([0.5, 0.4], index=[2023, 2024]),
    "p1": pd.Series([0.33, 0.38, 0.33], index=TAHUN),
    # P2 given in another order and without 2022: looked up by year
    "p2": pd.Series([0.07, 0.09], index=[2024, 2023]),
    "jumlah_penduduk_miskin": pd.Series([14.46, 15.0], index=[2024, 2021]),
}


def test_model_se_of_every_covered_indicator_uses_the_right_companion_series():
    m = ModelPresisi(n_efektif=475.0)
    p0 = m.se("p0", SERI)
    assert p0.index.tolist() == TAHUN and p0.dtype == float
    assert p0.tolist() == pytest.approx([_se_p0(x, 475) for x in (2.79, 2.44, 2.36)])
    ekstrem = m.se("p0_ekstrem", SERI)
    assert ekstrem.tolist() == pytest.approx([_se_p0(0.5, 475), _se_p0(0.4, 475)])
    p1 = m.se("p1", SERI)
    assert np.isnan(p1[2022])  # no P2 in 2022
    assert p1[2023] == pytest.approx(math.sqrt((100 * 0.09 - 0.38**2) / 475))
    assert p1[2024] == pytest.approx(math.sqrt((100 * 0.07 - 0.33**2) / 475))
    p2 = m.se("p2", SERI)
    assert p2.index.tolist() == [2024, 2023]
    assert p2[2023] == pytest.approx(math.sqrt((100 * 0.09**3 / 0.38**2 - 0.09**2) / 475))
    assert p2[2024] == pytest.approx(math.sqrt((100 * 0.07**3 / 0.33**2 - 0.07**2) / 475))
    jumlah = m.se("jumlah_penduduk_miskin", SERI)
    assert jumlah[2024] == pytest.approx(14.46 * _se_p0(2.36, 475) / 2.36)
    assert np.isnan(jumlah[2021])  # no P0 in 2021


def test_model_se_without_the_companion_series_is_missing_not_an_error():
    for kode, sendiri in (
        ("p1", {"p1": SERI["p1"]}),
        ("p2", {"p2": SERI["p2"]}),
        ("jumlah_penduduk_miskin", {"jumlah_penduduk_miskin": SERI["jumlah_penduduk_miskin"]}),
    ):
        se = MODEL_BAWAAN.se(kode, sendiri)
        assert se is not None and se.isna().all(), kode
        assert se.index.tolist() == sendiri[kode].index.tolist()


def test_model_se_of_a_zero_rate_is_zero():
    # P0 = 0 has no sampling spread (SE 0), unlike a count whose P0 is 0 (undefined).
    assert MODEL_BAWAAN.se("p0", {"p0": pd.Series([0.0], index=[2024])}).tolist() == [0.0]


def test_model_se_only_for_the_indicators_it_covers():
    assert MODEL_BAWAAN.se("ipm", {"ipm": pd.Series([70.0], index=[2024])}) is None
    assert MODEL_BAWAAN.se("p1", {"p0": SERI["p0"]}) is None  # the indicator itself is absent


# ----------------------------------------------------------------------------- galat_baku


def test_model_se_and_its_source_year_by_year():
    seri = {"p0": pd.Series([2.44, np.nan, 2.36], index=TAHUN)}
    se, sumber = galat_baku("p0", seri, model=ModelPresisi(n_efektif=475.0))
    assert se.dtype == float
    assert se[2022] == pytest.approx(_se_p0(2.44, 475)) and np.isnan(se[2023])
    assert sumber.tolist() == ["model", "", "model"]  # no value, no source


def test_imported_rse_for_an_indicator_outside_the_model():
    # IPM has no model SE: only the imported RSE years have one.
    seri = {"ipm": pd.Series([74.0, 74.41], index=[2023, 2024])}
    se, sumber = galat_baku("ipm", seri, rse_impor=pd.Series([np.nan, 1.0], index=[2023, 2024]))
    assert se.index.tolist() == [2023, 2024]
    assert np.isnan(se[2023]) and se[2024] == pytest.approx(0.7441)
    assert sumber.tolist() == ["", "impor"]


def test_no_series_no_se():
    assert galat_baku("p0", {}) is None


# ----------------------------------------------------------------------------- change SEs


def test_relative_change_se_needs_every_input_and_a_positive_start():
    ok = se_perubahan_relatif(0.5, 0.4, 0.1, 0.1)
    # ∂/∂a = 100·0,4/0,25 = 160, ∂/∂b = 100/0,5 = 200: √(16² + 20²)
    assert ok == pytest.approx(math.hypot(16.0, 20.0))
    assert se_perubahan_relatif(0.0, 0.4, 0.1, 0.1) is None
    assert se_perubahan_relatif(-1.0, 0.4, 0.1, 0.1) is None
    for kosong in range(4):
        arg = [4.0, 3.0, 0.2, 0.2]
        arg[kosong] = None if kosong % 2 else float("nan")
        assert se_perubahan_relatif(arg[0], arg[1], arg[2], arg[3]) is None, kosong
    assert se_perubahan_relatif(4.0, 3.0, None, 0.2) is None
    assert se_perubahan_relatif(4.0, 3.0, 0.2, None) is None


def test_interval_with_missing_values():
    bawah, atas = interval([2.36, None], [0.35, 0.1])
    assert bawah[0] == pytest.approx(1.674) and np.isnan(bawah[1]) and np.isnan(atas[1])
    bawah, _ = interval([2.36, 2.0], [0.35, None])
    assert np.isnan(bawah[1])


def test_explanation_text_in_full():
    assert MODEL_BAWAAN.keterangan() == (
        "Galat baku angka kabupaten/kota memakai model presisi bawaan (perkiraan, bukan angka "
        "BPS): SE(P0) = √(P0 × (100 − P0) / 1.900) poin persen, dengan ukuran sampel efektif "
        "1.900 (±670 rumah tangga Susenas Maret per kabupaten/kota × ±3,8 anggota, dibagi efek "
        "desain ±1,35); P0 2,5 % → RSE ±14 %; P0 5 % → RSE ±10 %; P0 10 % → RSE ±7 %. P1 dan "
        "P2 memakai rumus ragam FGT (Kakwani), jumlah penduduk miskin memakai RSE P0. Perubahan "
        "dianggap tidak signifikan bila |Δ| < z × √(SE_t² + SE_t−1²); kovarians antartahun "
        "diabaikan sehingga uji ini berhati-hati. RSE BPS yang diimpor (indikator `rse_p0`, "
        "`rse_p1`, `rse_p2`) menggantikan model ini."
    )
    assert "1.000" in ModelPresisi(n_efektif=1000.0).keterangan()


# ----------------------------------------------------------------------------- quadrant flags


def _tabel() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "level": [5.0, 4.5, 3.0, np.nan],
            "laju": [-0.75, -0.375, 0.5, -0.25],
            "keterangan": ["", "catatan lama", None, ""],
        },
        index=pd.Index(["6301", "6302", "6303", "6304"], name="kode_wilayah"),
    )


def test_quadrant_sides_are_flagged_against_z_times_se():
    tabel = _tabel()
    # ambang_x = 4, ambang_y = −0,5, z = 2 (binary-exact values, so the boundary is exact).
    # SE given in another order, with an extra region.
    se_level = pd.Series({"6304": 0.1, "6303": 0.25, "6302": 0.125, "6301": 0.5, "9999": 1.0})
    # A text cell ("-") in the SE is not a number: the flag is missing, not an error.
    se_laju = pd.Series({"6304": 0.0625, "6303": "-", "6302": 0.25, "6301": 0.125}, dtype=object)
    h = signifikansi_kuadran(tabel, 4.0, -0.5, se_level, se_laju, z=2.0)
    assert h.index.equals(tabel.index)
    # 6301: |5 − 4| = 1 = 2 × 0,5 → significant (the boundary counts);
    #       |−0,75 + 0,5| = 0,25 = 2 × 0,125 → significant.
    # 6302: |0,5| ≥ 0,25 yes; |0,125| < 0,5 no.
    # 6303: |−1| ≥ 0,5 yes; laju SE missing → flag missing.
    # 6304: level missing → flag missing; |0,25| ≥ 0,125 yes.
    assert h["level_signifikan"].tolist() == [True, True, True, pd.NA]
    assert h["laju_signifikan"].tolist() == [True, False, pd.NA, True]
    assert h["kuadran_pasti"].tolist() == [True, False, pd.NA, pd.NA]
    assert str(h["level_signifikan"].dtype) == "boolean"
    assert h["keterangan"].tolist() == [
        "",
        "catatan lama; selisih laju dengan ambang tidak signifikan",
        "",
        "",
    ]
    assert "level_signifikan" not in tabel.columns  # the input is not modified


def test_quadrant_level_within_noise_is_explained():
    tabel = _tabel()
    se = pd.Series(1.0, index=tabel.index)
    h = signifikansi_kuadran(tabel, 4.0, -0.5, se, se)  # z = 1,96 by default
    assert h.loc["6301", "keterangan"] == (
        "selisih level dengan ambang tidak signifikan; selisih laju dengan ambang tidak signifikan"
    )
    assert not h.loc["6302", "level_signifikan"]
    # 2 ≥ 1,96 × 1: significant at the default z (not at a larger one)
    jauh = signifikansi_kuadran(tabel.assign(level=[6.0, 4.5, 3.0, np.nan]), 4.0, -0.5, se, se)
    assert jauh.loc["6301", "level_signifikan"]
    with pytest.raises(GalatAnalisis, match="z harus lebih besar dari 0"):
        signifikansi_kuadran(tabel, 4.0, -0.5, se, se, z=0)
