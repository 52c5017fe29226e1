"""Relevansi & efektivitas (§1.3). Labels are worked out by hand next to each assertion."""

import pandas as pd
import pytest

from analisis.galat import GalatAnalisis
from analisis.metode import relevansi_efektivitas, relevansi_efektivitas_indikator

TAHUN = [2021, 2022, 2023, 2024, 2025]
KALSEL = pd.Series([4.83, 4.49, 4.29, 4.11, 3.84], index=TAHUN)
# Banjar (6303) P0 2021-2025: falls, then rises in 2025.
BANJAR = pd.Series([3.04, 2.79, 2.44, 2.36, 2.74], index=TAHUN)


def _s(*nilai, mulai=2024):
    return pd.Series(list(nilai), index=range(mulai, mulai + len(nilai)))


def test_banjar_default_absolute():
    t = relevansi_efektivitas(BANJAR, KALSEL, -1)
    assert list(t.index) == [2022, 2023, 2024, 2025]
    # delta_kab: -0.25, -0.35, -0.08, +0.38 ; delta_ref: -0.34, -0.20, -0.18, -0.27
    assert t["delta_kab"].tolist() == pytest.approx([-0.25, -0.35, -0.08, 0.38])
    assert t["delta_ref"].tolist() == pytest.approx([-0.34, -0.20, -0.18, -0.27])
    assert t["relevansi"].tolist() == ["relevan", "relevan", "relevan", "tidak relevan"]
    # efektif iff -dk > -dr: 0.25>0.34 no; 0.35>0.20 yes; 0.08>0.18 no; -0.38>0.27 no
    tidak = "tidak efektif"
    assert t["efektivitas"].tolist() == [tidak, "efektif", tidak, tidak]
    assert t.loc[2023, "label"] == "relevan dan efektif"
    # rising P0 in 2025 while the province falls
    assert t.loc[2025, "label"] == "tidak relevan dan tidak efektif"
    assert t["signifikan"].isna().all()  # no SE given: no guard
    assert (t["label"] == t["label_gabungan"]).all()


def test_banjar_relative_effectiveness_differs_from_absolute():
    t = relevansi_efektivitas(BANJAR, KALSEL, -1, efektivitas="relatif")
    # 2022: g_kab = -0.25/3.04 = -8.2237 %, g_ref = -0.34/4.83 = -7.0393 % -> efektif
    assert t.loc[2022, "g_kab"] == pytest.approx(-8.2237, abs=1e-4)
    assert t.loc[2022, "g_ref"] == pytest.approx(-7.0393, abs=1e-4)
    assert t.loc[2022, "efektivitas"] == "efektif"
    # 2024: g_kab = -0.08/2.44 = -3.2787 %, g_ref = -0.18/4.29 = -4.1958 % -> tidak efektif
    assert t.loc[2024, "efektivitas"] == "tidak efektif"


def test_mandiri_effectiveness():
    t = relevansi_efektivitas(BANJAR, KALSEL, -1, efektivitas="mandiri")
    assert t["efektivitas"].tolist() == ["efektif", "efektif", "efektif", "tidak efektif"]


def test_diinginkan_relevance_when_both_worsen():
    kab, ref = _s(5.0, 5.2), _s(4.0, 4.1)  # both P0 rise
    # Same direction by the sign rule, worded so that it cannot read as praise.
    t_arah = relevansi_efektivitas(kab, ref, -1)
    assert t_arah.loc[2025, "relevansi"] == "searah (sama-sama memburuk)"
    assert t_arah.loc[2025, "label"] == "searah (sama-sama memburuk) dan tidak efektif"
    t = relevansi_efektivitas(kab, ref, -1, relevansi="diinginkan")
    assert t.loc[2025, "relevansi"] == "tidak relevan"
    assert t.loc[2025, "efektivitas"] == "tidak efektif"  # -0.2 > -0.1 is false


def test_higher_is_better_indicator():
    t = relevansi_efektivitas(_s(70.0, 71.0), _s(72.0, 72.5), 1)  # IPM: +1.0 vs +0.5
    assert t.loc[2025, "label"] == "relevan dan efektif"
    t2 = relevansi_efektivitas(_s(70.0, 70.25), _s(72.0, 72.5), 1)
    assert t2.loc[2025, "label"] == "relevan dan tidak efektif"


def test_zero_change_region_follows_the_sign_rule():
    # Tapin 2021 -> 2022: 3.60 -> 3.60 while Kalsel fell 4.83 -> 4.49: signs differ
    t = relevansi_efektivitas(_s(3.60, 3.60, mulai=2021), KALSEL.loc[2021:2022], -1)
    assert t.loc[2022, "delta_kab"] == 0.0
    assert t.loc[2022, "label"] == "tidak relevan dan tidak efektif"  # 0 > 0.34 is false
    assert "Δ = 0" in t.loc[2022, "keterangan"]
    # Both flat: sign(0) = sign(0), so relevan by the rule, worded as "searah (sama-sama tetap)";
    # 0 > 0 is false: tidak efektif.
    t0 = relevansi_efektivitas(_s(3.0, 3.0), _s(4.0, 4.0), -1)
    assert t0.loc[2025, "relevansi"] == "searah (sama-sama tetap)"
    assert t0.loc[2025, "efektivitas"] == "tidak efektif"
    # Flat region while the reference worsens: -0 > -0.2 is true, so efektif as specified;
    # the signs differ, so tidak relevan.
    t2 = relevansi_efektivitas(_s(3.0, 3.0), _s(4.0, 4.2), -1)
    assert t2.loc[2025, "efektivitas"] == "efektif"
    assert t2.loc[2025, "relevansi"] == "tidak relevan"
    assert (
        relevansi_efektivitas(_s(3.0, 3.0), _s(4.0, 4.2), -1, efektivitas="mandiri").loc[
            2025, "efektivitas"
        ]
        == "tidak efektif"
    )  # it did not improve on its own previous year


def test_zero_change_reference():
    # The region improves while the reference stands still: not "tidak relevan".
    t = relevansi_efektivitas(_s(3.0, 2.8), _s(4.0, 4.0), -1)
    assert t.loc[2025, "relevansi"] == "relevan (pembanding tetap)"
    assert t.loc[2025, "efektivitas"] == "efektif"  # 0.2 > 0
    assert "pembanding tidak berubah" in t.loc[2025, "keterangan"]
    # The region worsens while the reference stands still.
    t2 = relevansi_efektivitas(_s(3.0, 3.1), _s(4.0, 4.0), -1)
    assert t2.loc[2025, "relevansi"] == "tidak relevan"


def test_equal_change_is_a_tie_not_effective():
    # Both fall 0.18 points: 3.93 - 4.11 = -0.18000000000000016 and Kalsel 4.11 - 4.29 =
    # -0.17999999999999972 in floating point; without a tolerance the region would be
    # "efektif" by 4e-16.
    assert -(3.93 - 4.11) > -(4.11 - 4.29)  # the floating-point trap this test guards
    t = relevansi_efektivitas(_s(4.11, 3.93, mulai=2023), KALSEL, -1)
    assert t.loc[2024, "efektivitas"] == "tidak efektif"
    assert t.loc[2024, "relevansi"] == "relevan"


def test_significance_guard_with_se():
    se = pd.Series(0.10, index=TAHUN)
    t = relevansi_efektivitas(BANJAR, KALSEL, -1, se_kab=se)
    # SE(delta) = sqrt(0.1^2 + 0.1^2) = 0.141421 ; z*SE = 1.96 * 0.141421 = 0.277186
    assert t["se_delta_kab"].tolist() == pytest.approx([0.141421] * 4, abs=1e-6)
    assert t["batas_signifikan"].tolist() == pytest.approx([0.277186] * 4, abs=1e-6)
    # |delta|: 0.25 < 0.277 ; 0.35 ok ; 0.08 < ; 0.38 ok
    assert t["signifikan"].tolist() == [False, True, False, True]
    assert t["label"].tolist() == [
        "tidak signifikan",
        "relevan dan efektif",
        "tidak signifikan",
        "tidak relevan dan tidak efektif",
    ]
    # underlying labels are kept
    assert t.loc[2022, "relevansi"] == "relevan"
    assert t.loc[2022, "efektivitas"] == "tidak efektif"
    assert t.loc[2022, "label_gabungan"] == "relevan dan tidak efektif"


def test_significance_guard_with_scalar_rse_and_z():
    # 2023: SE_2023 = 0.05*2.44 = 0.122 ; SE_2022 = 0.05*2.79 = 0.1395
    # SE(delta) = sqrt(0.014884 + 0.01946025) = 0.185322 ; 1.96*SE = 0.363231 > 0.35
    t = relevansi_efektivitas(BANJAR, KALSEL, -1, rse_kab=5.0)
    assert t.loc[2023, "se_delta_kab"] == pytest.approx(0.185322, abs=1e-6)
    assert t.loc[2023, "label"] == "tidak signifikan"
    # z = 1.645: 1.645*0.185322 = 0.304855 < 0.35 -> significant
    t2 = relevansi_efektivitas(BANJAR, KALSEL, -1, rse_kab=5.0, z=1.645)
    assert t2.loc[2023, "batas_signifikan"] == pytest.approx(0.304855, abs=1e-6)
    assert t2.loc[2023, "label"] == "relevan dan efektif"


def test_significance_not_applied_when_se_missing_for_a_year():
    se = pd.Series([0.1, 0.1], index=[2022, 2023])
    t = relevansi_efektivitas(BANJAR, KALSEL, -1, se_kab=se)
    assert t["signifikan"].isna().tolist() == [True, False, True, True]
    assert t.loc[2024, "label"] == t.loc[2024, "label_gabungan"]
    assert "uji signifikansi tidak dilakukan" in t.loc[2024, "keterangan"]


def test_gap_in_region_series():
    tapin = pd.Series([3.41, 3.60, 3.60, 3.19], index=[2019, 2021, 2022, 2023])
    t = relevansi_efektivitas(tapin, KALSEL, -1)
    assert list(t.index) == [2020, 2021, 2022, 2023]
    assert t.loc[2020:2021, "label"].isna().all()
    assert "2020" in t.loc[2021, "keterangan"]
    assert t.loc[2023, "label"] == "relevan dan efektif"  # -0.41 vs -0.20


def test_missing_reference_year():
    ref = KALSEL.drop(2023)
    t = relevansi_efektivitas(BANJAR, ref, -1, efektivitas="mandiri")
    assert pd.isna(t.loc[2023, "relevansi"]) and pd.isna(t.loc[2024, "relevansi"])
    assert t.loc[2023, "efektivitas"] == "efektif"  # mandiri needs only the region
    assert pd.isna(t.loc[2023, "label"])
    assert "pembanding" in t.loc[2024, "keterangan"]


def test_single_year_region_gives_empty_table():
    t = relevansi_efektivitas(_s(3.0), KALSEL, -1)
    assert t.empty and "label" in t.columns


def test_leading_missing_years_of_a_panel_column_are_skipped():
    # a column of a wide panel: Tanah Laut has P0 only from 2021
    kolom = pd.Series([float("nan")] * 2 + [4.57, 3.86], index=[2019, 2020, 2021, 2022])
    t = relevansi_efektivitas(kolom, KALSEL, -1)
    assert list(t.index) == [2022]
    assert t.loc[2022, "label"] == "relevan dan efektif"  # -0.71 vs -0.34


def test_options_are_validated():
    with pytest.raises(GalatAnalisis, match="relevansi"):
        relevansi_efektivitas(BANJAR, KALSEL, -1, relevansi="desired")
    with pytest.raises(GalatAnalisis, match="efektivitas"):
        relevansi_efektivitas(BANJAR, KALSEL, -1, efektivitas="relative")
    with pytest.raises(GalatAnalisis, match="arah"):
        relevansi_efektivitas(BANJAR, KALSEL, 0)
    with pytest.raises(GalatAnalisis, match="bukan keduanya"):
        relevansi_efektivitas(BANJAR, KALSEL, -1, se_kab=BANJAR * 0.1, rse_kab=5.0)
    with pytest.raises(GalatAnalisis, match="negatif"):
        relevansi_efektivitas(BANJAR, KALSEL, -1, se_kab=BANJAR * -0.1)
    with pytest.raises(GalatAnalisis, match="z"):
        relevansi_efektivitas(BANJAR, KALSEL, -1, z=0)


def test_many_indicators():
    t = relevansi_efektivitas_indikator(
        {"p0": BANJAR, "ipm": _s(74.01, 74.41, mulai=2023)},
        {"p0": KALSEL, "ipm": _s(74.66, 75.19, mulai=2023)},
        {"p0": -1, "ipm": 1},
    )
    assert t.index.names == ["indikator", "tahun"]
    # Banjar IPM +0.40 vs Kalsel +0.53 -> relevan, tidak efektif
    assert t.loc[("ipm", 2024), "label"] == "relevan dan tidak efektif"
    assert t.loc[("p0", 2023), "label"] == "relevan dan efektif"
    with pytest.raises(GalatAnalisis, match="ipm"):
        relevansi_efektivitas_indikator({"ipm": BANJAR}, {}, {})
