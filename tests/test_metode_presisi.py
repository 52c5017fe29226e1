"""The default precision model (§1.3 guard, §4.3): values worked out by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from analisis.metode.presisi import (
    MODEL_BAWAAN,
    ModelPresisi,
    galat_baku,
    interval,
    se_perubahan_relatif,
    se_selisih,
)


def test_p0_se_is_a_binomial_se_with_the_effective_sample():
    # √(5 × 95 / 1900) = √0,25 = 0,5 → RSE 10 %; √(2,5 × 97,5 / 1900) = 0,3582 → RSE 14,3 %
    assert float(MODEL_BAWAAN.se_p0(5.0)) == pytest.approx(0.5)
    assert MODEL_BAWAAN.rse_contoh(2.5) == pytest.approx(14.33, abs=0.01)
    assert float(ModelPresisi(n_efektif=475).se_p0(5.0)) == pytest.approx(1.0)
    assert np.isnan(MODEL_BAWAAN.se_p0(np.nan))


def test_fgt_variance_for_p1_and_p2():
    # SE(P1) = √((100 × 0,07 − 0,33²) / 1900) = √(6,8911 / 1900) = 0,060224
    assert float(MODEL_BAWAAN.se_p1(0.33, 0.07)) == pytest.approx(0.060224, abs=1e-6)
    # P4 ≈ 0,07³ / 0,33² = 0,0031497; SE(P2) = √((0,31497 − 0,0049) / 1900) = 0,012774
    assert float(MODEL_BAWAAN.se_p2(0.33, 0.07)) == pytest.approx(0.012774, abs=1e-6)


def test_count_uses_the_rse_of_p0():
    # 14,46 ribu jiwa × (SE(P0 2,36) / 2,36)
    rse = float(MODEL_BAWAAN.se_p0(2.36)) / 2.36
    assert float(MODEL_BAWAAN.se_jumlah(14.46, 2.36)) == pytest.approx(14.46 * rse)


def test_imported_rse_overrides_the_model_year_by_year():
    tahun = [2023, 2024]
    seri = {"p0": pd.Series([2.44, 2.36], index=tahun)}
    se, sumber = galat_baku("p0", seri, rse_impor=pd.Series([np.nan, 20.0], index=tahun))
    assert sumber.tolist() == ["model", "impor"]
    assert se[2024] == pytest.approx(0.472)  # 20 % of 2,36
    assert se[2023] == pytest.approx(float(MODEL_BAWAAN.se_p0(2.44)))
    tetap, sumber_tetap = galat_baku("p0", seri, rse_tetap=10.0)
    assert tetap.tolist() == pytest.approx([0.244, 0.236])
    assert set(sumber_tetap) == {"rse_tetap"}
    assert galat_baku("ipm", {"ipm": pd.Series([70.0], index=[2024])}) is None


def test_change_and_relative_change_se():
    assert se_selisih(0.3, 0.4) == pytest.approx(0.5)
    assert se_selisih(None, 0.4) is None
    # (a − b)/a × 100 with a = 4, b = 3: ∂/∂a = 100·3/16 = 18,75, ∂/∂b = 25
    assert se_perubahan_relatif(4.0, 3.0, 0.2, 0.2) == pytest.approx(math.hypot(3.75, 5.0))
    bawah, atas = interval([2.36], [0.35])
    assert bawah[0] == pytest.approx(2.36 - 0.686) and atas[0] == pytest.approx(3.046)


def test_explanation_states_the_derivation_and_that_it_is_approximate():
    teks = MODEL_BAWAAN.keterangan()
    assert "perkiraan" in teks and "1.900" in teks and "efek desain" in teks
    assert "P0 5 % → RSE ±10 %" in teks
