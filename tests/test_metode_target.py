"""Targets: gap, required pace, historical pace and linear projection."""

import numpy as np
import pandas as pd
import pytest

from analisis.galat import GalatAnalisis
from analisis.metode import evaluasi_target, tahun_proyeksi

KALSEL = pd.Series([4.83, 4.49, 4.29, 4.11, 3.84], index=[2021, 2022, 2023, 2024, 2025])


def test_on_track_kalsel():
    e = evaluasi_target(KALSEL, -1, 3.0, 2029)
    assert (e.tahun_terakhir, e.nilai_terakhir) == (2025, 3.84)
    assert e.kesenjangan == pytest.approx(0.84)  # still 0.84 points to go
    assert e.sisa_tahun == 4
    assert e.perubahan_dibutuhkan_per_tahun == pytest.approx(-0.21)  # -0.84 / 4
    assert (e.tahun_awal_laju, e.tahun_akhir_laju, e.jumlah_tahun_riwayat) == (2021, 2025, 5)
    assert e.laju_historis == pytest.approx(-0.2475)  # (3.84 - 4.83) / 4
    assert e.laju_cukup is True
    # 0.84 / 0.2475 = 3.39 -> 4 years -> 2029
    assert e.tahun_tercapai == 2029
    # fastest yoy -0.34 (2022): 0.84/0.34 = 2.47 -> 2028 ; slowest -0.18 (2024): 4.67 -> 2030
    assert e.perubahan_tahunan_tercepat == pytest.approx(-0.34)
    assert e.perubahan_tahunan_terlambat == pytest.approx(-0.18)
    assert (e.tahun_tercapai_paling_cepat, e.tahun_tercapai_paling_lambat) == (2028, 2030)
    assert e.status == "sesuai jalur"


def test_too_slow():
    e = evaluasi_target(KALSEL, -1, 3.0, 2027)
    assert e.perubahan_dibutuhkan_per_tahun == pytest.approx(-0.42)  # -0.84 / 2
    assert e.laju_cukup is False
    assert e.tahun_tercapai == 2029
    assert e.status == "terlalu lambat"


def test_already_reached_and_exact_reach():
    e = evaluasi_target(KALSEL, -1, 4.0, 2026)
    assert e.sudah_tercapai and e.status == "tercapai"
    assert e.kesenjangan == pytest.approx(-0.16)
    assert e.perubahan_dibutuhkan_per_tahun == 0.0
    assert e.tahun_tercapai == 2025
    exact = evaluasi_target(KALSEL, -1, 3.84, 2026)
    assert exact.status == "tercapai"


def test_extreme_poverty_target_zero_kaltara():
    # Kalimantan Utara p0_ekstrem 2021-2023: 0.86, 0.63, 0.34 ; target 0 % by 2026
    s = pd.Series([0.86, 0.63, 0.34], index=[2021, 2022, 2023])
    e = evaluasi_target(s, -1, 0.0, 2026)
    assert e.kesenjangan == pytest.approx(0.34)
    assert e.perubahan_dibutuhkan_per_tahun == pytest.approx(-0.34 / 3)
    assert e.laju_historis == pytest.approx(-0.26)  # (0.34 - 0.86) / 2
    # 0.34 / 0.26 = 1.31 -> 2 years -> 2025 ; yoy -0.23 and -0.29 both give 2025
    assert e.tahun_tercapai == 2025
    assert (e.tahun_tercapai_paling_cepat, e.tahun_tercapai_paling_lambat) == (2025, 2025)
    assert e.status == "sesuai jalur"


def test_projection_exact_multiple_is_not_pushed_a_year_by_float_noise():
    # gap 0.17 at pace (0.17 - 0.51)/2 = -0.17 per year: exactly one year. In floating point
    # 0.17 / 0.17000000000000001 = 1.0000000000000002, which a bare ceil() would make 2 years.
    assert 0.17 / (-(0.17 - 0.51) / 2) > 1.0  # the trap this test guards
    s = pd.Series([0.51, 0.34, 0.17], index=[2023, 2024, 2025])
    e = evaluasi_target(s, -1, 0.0, 2026)
    assert e.tahun_tercapai == 2026
    assert (e.tahun_tercapai_paling_cepat, e.tahun_tercapai_paling_lambat) == (2026, 2026)
    assert e.status == "sesuai jalur"
    assert e.laju_cukup is True


def test_moving_away_never_reached():
    s = pd.Series([2.0, 2.2, 2.4], index=[2023, 2024, 2025])
    e = evaluasi_target(s, -1, 1.0, 2026)
    assert e.status == "menjauh"
    assert e.tahun_tercapai is None and e.tahun_tercapai_paling_lambat is None
    assert e.laju_cukup is False


def test_stagnant():
    e = evaluasi_target(pd.Series([3.6, 3.6, 3.6], index=[2023, 2024, 2025]), -1, 3.0, 2027)
    assert e.status == "stagnan" and e.tahun_tercapai is None


def test_too_short_history():
    banjar = pd.Series([2.36, 2.74], index=[2024, 2025])
    e = evaluasi_target(banjar, -1, 2.0, 2026)
    assert e.status == "riwayat terlalu pendek"
    assert e.jumlah_tahun_riwayat == 2
    assert e.laju_historis == pytest.approx(0.38)  # shown, but not judged
    assert e.laju_cukup is None and e.tahun_tercapai is None
    single = evaluasi_target(pd.Series([3.0], index=[2025]), -1, 2.0, 2026)
    assert single.status == "riwayat terlalu pendek" and np.isnan(single.laju_historis)
    # the threshold is a parameter
    assert evaluasi_target(banjar, -1, 2.0, 2026, riwayat_minimum=2).status == "menjauh"


def test_gap_inside_window_and_never_at_slowest_pace():
    tapin = pd.Series([3.41, 3.60, 3.60, 3.19], index=[2019, 2021, 2022, 2023])
    e = evaluasi_target(tapin, -1, 3.0, 2026)
    assert e.laju_historis == pytest.approx(-0.055)  # (3.19 - 3.41) / 4
    # yoy changes only for true consecutive years: 2022 (0.00) and 2023 (-0.41)
    assert e.perubahan_tahunan_tercepat == pytest.approx(-0.41)
    assert e.perubahan_tahunan_terlambat == 0.0
    # 0.19 / 0.055 = 3.45 -> 2027 ; 0.19 / 0.41 = 0.46 -> 2024 ; slowest never
    assert e.tahun_tercapai == 2027
    assert (e.tahun_tercapai_paling_cepat, e.tahun_tercapai_paling_lambat) == (2024, None)
    assert e.status == "terlalu lambat"
    assert any("2020" in k for k in e.keterangan)


def test_target_year_already_passed():
    e = evaluasi_target(KALSEL, -1, 3.0, 2024)
    assert e.sisa_tahun == -1 and np.isnan(e.perubahan_dibutuhkan_per_tahun)
    assert e.laju_cukup is False and e.status == "terlalu lambat"


def test_higher_is_better_target():
    ipm = pd.Series([70.0, 71.0, 72.0], index=[2023, 2024, 2025])
    e = evaluasi_target(ipm, 1, 75.0, 2028)
    assert e.kesenjangan == pytest.approx(3.0)
    assert e.perubahan_dibutuhkan_per_tahun == pytest.approx(1.0)
    assert e.tahun_tercapai == 2028 and e.status == "sesuai jalur"


def test_window_length_is_a_parameter():
    e = evaluasi_target(KALSEL, -1, 3.0, 2029, rentang_laju=2)
    assert e.laju_historis == pytest.approx(-0.225)  # (3.84 - 4.29) / 2
    assert e.tahun_awal_laju == 2023


def test_no_data_and_errors():
    e = evaluasi_target(pd.Series([np.nan], index=[2025]), -1, 3.0, 2026)
    assert e.status == "tidak ada data"
    with pytest.raises(GalatAnalisis, match="tahun_target"):
        evaluasi_target(KALSEL, -1, 3.0, 2026.5)
    with pytest.raises(GalatAnalisis, match="riwayat_minimum"):
        evaluasi_target(KALSEL, -1, 3.0, 2026, riwayat_minimum=1)
    with pytest.raises(GalatAnalisis, match="nilai_target"):
        evaluasi_target(KALSEL, -1, None, 2026)


def test_tahun_proyeksi():
    assert tahun_proyeksi(2025, 0.84, 0.2475) == 2029
    assert tahun_proyeksi(2025, 0.0, 0.1) == 2025
    assert tahun_proyeksi(2025, 1.0, 0.0) is None
    assert tahun_proyeksi(2025, 1.0, -0.1) is None
    assert tahun_proyeksi(2025, 1.0, 0.5) == 2027
