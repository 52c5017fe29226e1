"""Relevansi and efektivitas in detail (found by mutation testing): the sign rules of each
option at their edges, the explanation of every row, the significance messages, an empty or
missing reference, the table's shape, and the several-indicator wrapper passing every option
on. Labels are worked out by hand next to each assertion."""

import numpy as np
import pandas as pd
import pytest

from analisis.galat import GalatAnalisis
from analisis.metode import relevansi_efektivitas, relevansi_efektivitas_indikator
from analisis.metode.relevansi import KOLOM


def _s(*nilai, mulai=2024):
    return pd.Series(list(nilai), index=range(mulai, mulai + len(nilai)), dtype=float)


def test_desired_relevance_needs_both_to_improve_strictly():
    # The region improves (−0,2) while the reference stays flat: not both improving.
    t = relevansi_efektivitas(_s(3.0, 2.8), _s(4.0, 4.0), -1, relevansi="diinginkan")
    assert t.loc[2025, "relevansi"] == "tidak relevan"
    t2 = relevansi_efektivitas(_s(3.0, 2.8), _s(4.0, 3.9), -1, relevansi="diinginkan")
    assert t2.loc[2025, "relevansi"] == "relevan"


def test_relative_effectiveness_tie_is_not_effective():
    # g_kab = (1 − 2)/2 = −50 %, g_ref = (2 − 4)/4 = −50 %: a tie.
    t = relevansi_efektivitas(_s(2.0, 1.0), _s(4.0, 2.0), -1, efektivitas="relatif")
    assert t.loc[2025, "g_kab"] == t.loc[2025, "g_ref"] == -50.0
    assert t.loc[2025, "efektivitas"] == "tidak efektif"
    # No zero base: no note about an undefined relative change.
    assert t.loc[2025, "keterangan"] == ""


def test_absolute_effectiveness_needs_both_changes():
    # 2025 has no reference value: relevansi, efektivitas and label are all missing.
    t = relevansi_efektivitas(_s(3.0, 2.8, 2.5), _s(4.0, 3.9), -1)
    assert pd.isna(t.loc[2026, "relevansi"])
    assert pd.isna(t.loc[2026, "efektivitas"])
    assert pd.isna(t.loc[2026, "label"])
    assert t.loc[2026, "keterangan"] == (
        "data pembanding tahun 2026 tidak ada: perubahan tidak dihitung"
    )


def test_every_row_explains_zero_changes_exactly():
    t = relevansi_efektivitas(_s(3.0, 3.0), _s(4.0, 4.0), -1)
    assert t.loc[2025, "keterangan"] == (
        "kabupaten/kota tidak berubah (Δ = 0); "
        "pembanding tidak berubah (Δ = 0): tidak ada arah acuan"
    )
    # The "no direction to follow" note belongs to the sign rule only.
    t2 = relevansi_efektivitas(_s(3.0, 2.8), _s(4.0, 4.0), -1, relevansi="diinginkan")
    assert t2.loc[2025, "keterangan"] == ""


def test_significance_messages_are_exact_and_only_where_they_apply():
    se = pd.Series([0.1, 0.1, 0.1], index=[2024, 2025, 2026])
    # Δ 2025 = −0,1 (< 1,96 × 0,1414 = 0,277: not significant); Δ 2026 = −1,0 (significant)
    t = relevansi_efektivitas(_s(3.0, 2.9, 1.9), _s(4.0, 3.5, 3.4), -1, se_kab=se)
    assert t.loc[2025, "keterangan"] == (
        "|Δ| lebih kecil dari 1,96·SE(Δ): perubahan tidak signifikan"
    )
    assert t.loc[2026, "keterangan"] == ""
    assert t["signifikan"].tolist() == [False, True]
    # A year whose SE is missing is not tested, and says so.
    se2 = pd.Series([0.1, 0.1], index=[2024, 2025])
    t2 = relevansi_efektivitas(_s(3.0, 2.9, 1.9), _s(4.0, 3.5, 3.4), -1, se_kab=se2)
    assert t2.loc[2026, "keterangan"] == (
        "SE tahun ini atau tahun sebelumnya tidak ada: uji signifikansi tidak dilakukan"
    )


def test_empty_reference_gives_changes_without_labels():
    t = relevansi_efektivitas(_s(3.0, 2.8), pd.Series([], dtype=float), -1)
    assert t.index.tolist() == [2025]
    assert t.loc[2025, "delta_kab"] == pytest.approx(-0.2)
    assert np.isnan(t.loc[2025, "delta_ref"]) and np.isnan(t.loc[2025, "nilai_ref"])
    assert np.isnan(t.loc[2025, "g_ref"])
    assert pd.isna(t.loc[2025, "label"])
    assert t.loc[2025, "keterangan"] == (
        "data pembanding tahun 2024 dan 2025 tidak ada: perubahan tidak dihitung"
    )


def test_table_shape_and_index():
    t = relevansi_efektivitas(_s(3.0, 2.8), _s(4.0, 3.9), -1)
    assert t.index.name == "tahun" and t.index.dtype == "int64"
    assert list(t.columns) == KOLOM
    kosong = relevansi_efektivitas(_s(3.0), _s(4.0, 3.9), -1)
    assert kosong.empty and list(kosong.columns) == KOLOM
    assert kosong.index.name == "tahun" and kosong.index.dtype == "int64"


def test_error_messages_name_the_option():
    with pytest.raises(GalatAnalisis, match="^relevansi harus salah satu dari"):
        relevansi_efektivitas(_s(3.0, 2.8), _s(4.0, 3.9), -1, relevansi="x")
    with pytest.raises(GalatAnalisis, match="^efektivitas harus salah satu dari"):
        relevansi_efektivitas(_s(3.0, 2.8), _s(4.0, 3.9), -1, efektivitas="x")
    with pytest.raises(GalatAnalisis, match="^z harus lebih besar dari 0"):
        relevansi_efektivitas(_s(3.0, 2.8), _s(4.0, 3.9), -1, z=-1)
    with pytest.raises(GalatAnalisis) as e:
        relevansi_efektivitas(_s(3.0, 2.8), _s(4.0, 3.9), -1, se_kab=_s(0.1, 0.1), rse_kab=5.0)
    assert str(e.value) == "Berikan se_kab atau rse_kab, bukan keduanya."


def test_wrapper_passes_every_option_on():
    kab = {"p0": _s(3.0, 2.8, 2.7), "jumlah": _s(20.0, 19.0, 18.9)}
    ref = {"p0": _s(4.0, 4.0, 3.5), "jumlah": _s(200.0, 196.0, 195.0)}
    arah = {"p0": -1, "jumlah": -1}
    pilihan = {"relevansi": "diinginkan", "efektivitas": "relatif", "z": 1.0}
    rse = {"p0": 5.0}
    t = relevansi_efektivitas_indikator(kab, ref, arah, rse_kab=rse, **pilihan)
    for k, seri in kab.items():
        sendiri = relevansi_efektivitas(seri, ref[k], arah[k], rse_kab=rse.get(k), **pilihan)
        pd.testing.assert_frame_equal(t.loc[k], sendiri, check_names=False)
    # diinginkan: the flat reference of 2025 is not "both improve"
    assert t.loc[("p0", 2025), "relevansi"] == "tidak relevan"
    # relatif: jumlah −5 % vs −2 % → efektif (absolute −1 vs −4 would not be)
    assert t.loc[("jumlah", 2025), "efektivitas"] == "efektif"
    # z = 1: p0 2026 Δ −0,1 vs 1 × √(0,14² + 0,135²) = 0,1945 → not significant
    assert t.loc[("p0", 2026), "label"] == "tidak signifikan"


def test_wrapper_errors_and_empty_input():
    with pytest.raises(GalatAnalisis) as e:
        relevansi_efektivitas_indikator({"p1": _s(1.0), "ipm": _s(1.0)}, {}, {})
    assert str(e.value) == "Indikator tanpa deret pembanding atau arah: ipm, p1."
    kosong = relevansi_efektivitas_indikator({}, {}, {})
    assert kosong.empty and list(kosong.columns) == KOLOM


def test_self_effectiveness_of_a_flat_higher_is_better_indicator():
    # IPM unchanged: it did not improve on its own previous year (d·Δ = 0 is not > 0).
    t = relevansi_efektivitas(_s(70.0, 70.0), _s(72.0, 72.5), 1, efektivitas="mandiri")
    assert t.loc[2025, "efektivitas"] == "tidak efektif"


def test_standard_errors_of_zero_are_allowed_and_negative_ones_are_named():
    # SE or RSE 0 (an exact figure): every change is significant; RSE below 1 % is valid too.
    nol = relevansi_efektivitas(_s(3.0, 2.9), _s(4.0, 3.9), -1, se_kab=_s(0.0, 0.0))
    assert nol.loc[2025, "signifikan"]  # True (NA would raise)
    rse_nol = relevansi_efektivitas(_s(3.0, 2.9), _s(4.0, 3.9), -1, rse_kab=0.0)
    assert rse_nol.loc[2025, "batas_signifikan"] == 0.0
    kecil = relevansi_efektivitas(_s(3.0, 2.9), _s(4.0, 3.9), -1, rse_kab=_s(0.5, 0.5))
    assert kecil.loc[2025, "se_delta_kab"] == pytest.approx(np.hypot(0.015, 0.0145))
    e = _galat(relevansi_efektivitas, _s(3.0, 2.9), _s(4.0, 3.9), -1, se_kab=_s(-0.1, 0.1))
    assert str(e) == "se_kab tidak boleh negatif."
    e = _galat(relevansi_efektivitas, _s(3.0, 2.9), _s(4.0, 3.9), -1, rse_kab=_s(-1.0, 1.0))
    assert str(e) == "rse_kab tidak boleh negatif."
    e = _galat(relevansi_efektivitas, _s(3.0, 2.9), _s(4.0, 3.9), -1, rse_kab="5")
    assert str(e) == "rse_kab harus berupa angka, bukan '5'."


def _galat(fungsi, *arg, **kw) -> GalatAnalisis:
    with pytest.raises(GalatAnalisis) as e:
        fungsi(*arg, **kw)
    return e.value
