"""Trend statistics (§1.2). Expected values are worked out by hand in the comments."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analisis.galat import GalatAnalisis
from analisis.metode import perubahan_tahunan, ringkasan_perkembangan, ringkasan_perkembangan_banyak
from analisis.metode.perkembangan import KOLOM_PERUBAHAN

# Kalimantan Selatan P0, Maret 2021–2025 (shared/data/kemiskinan_kalimantan_long.csv, 6300).
KALSEL = pd.Series([4.83, 4.49, 4.29, 4.11, 3.84], index=[2021, 2022, 2023, 2024, 2025])
# Tapin (6305) P0: the bundled data has no 2020 value.
TAPIN = pd.Series([3.41, 3.60, 3.60, 3.19], index=[2019, 2021, 2022, 2023])


def test_perubahan_tahunan_kalsel():
    t = perubahan_tahunan(KALSEL)
    assert list(t.index) == [2021, 2022, 2023, 2024, 2025]
    assert np.isnan(t.loc[2021, "delta"])
    assert "tahun pertama" in t.loc[2021, "keterangan"]
    # 4.49 - 4.83 = -0.34 ; 4.29 - 4.49 = -0.20 ; 4.11 - 4.29 = -0.18 ; 3.84 - 4.11 = -0.27
    assert t.loc[2022:, "delta"].tolist() == pytest.approx([-0.34, -0.20, -0.18, -0.27])
    # g: -0.34 / 4.83 = -7.0393 % ; -0.27 / 4.11 = -6.5693 %
    assert t.loc[2022, "g_persen"] == pytest.approx(-7.0393, abs=1e-4)
    assert t.loc[2025, "g_persen"] == pytest.approx(-6.5693, abs=1e-4)
    assert t.loc[2023, "nilai_sebelumnya"] == 4.49


def test_gap_year_is_not_bridged():
    t = perubahan_tahunan(TAPIN)
    assert list(t.index) == [2019, 2020, 2021, 2022, 2023]  # the gap is shown, not filled
    assert np.isnan(t.loc[2020, "nilai"])
    assert "tidak ada data tahun 2020" in t.loc[2020, "keterangan"]
    # 2021 would be +0.19 if 2019 were used: it must stay missing.
    assert np.isnan(t.loc[2021, "delta"]) and np.isnan(t.loc[2021, "g_persen"])
    assert "2020" in t.loc[2021, "keterangan"]
    # zero change 2021 -> 2022
    assert t.loc[2022, "delta"] == 0.0 and t.loc[2022, "g_persen"] == 0.0
    # -0.41 / 3.60 = -11.3889 %
    assert t.loc[2023, "delta"] == pytest.approx(-0.41)
    assert t.loc[2023, "g_persen"] == pytest.approx(-11.3889, abs=1e-4)


def test_nan_value_is_a_gap_too_and_edges_are_trimmed():
    s = pd.Series([np.nan, 1.0, np.nan, 2.0, np.nan], index=[2019, 2020, 2021, 2022, 2023])
    t = perubahan_tahunan(s)
    assert list(t.index) == [2020, 2021, 2022]  # leading/trailing empty years dropped
    assert t["delta"].isna().all()
    assert perubahan_tahunan(pd.Series([np.nan, np.nan], index=[2024, 2025])).empty


def test_zero_base_gives_nan_relative_change_with_reason():
    t = perubahan_tahunan(pd.Series([0.0, 0.5], index=[2024, 2025]))
    assert t.loc[2025, "delta"] == 0.5
    assert np.isnan(t.loc[2025, "g_persen"])
    assert not np.isinf(t["g_persen"]).any()
    assert "= 0" in t.loc[2025, "keterangan"]


def test_single_year():
    s = pd.Series([3.84], index=[2025])
    t = perubahan_tahunan(s)
    assert len(t) == 1 and np.isnan(t.loc[2025, "delta"])
    r = ringkasan_perkembangan(s)
    assert not r.dapat_dihitung
    assert r.tahun_awal == 2025 and r.jumlah_tahun == 0
    assert np.isnan(r.rata_rata_perubahan) and np.isnan(r.laju_majemuk_persen)
    assert "hanya satu tahun" in r.keterangan[0]


def test_all_missing_and_empty():
    r = ringkasan_perkembangan(pd.Series([np.nan, np.nan], index=[2024, 2025]))
    assert r.tahun_awal is None and np.isnan(r.rata_rata_perubahan)
    assert "tidak ada data" in r.keterangan[0]
    assert perubahan_tahunan(pd.Series([], dtype=float)).empty
    r2 = ringkasan_perkembangan(pd.Series([np.nan, np.nan], index=[2024, 2025]), 2024, 2025)
    assert r2.tahun_kosong == (2024, 2025)


def test_window_summary_kalsel():
    r = ringkasan_perkembangan(KALSEL, 2021, 2025)
    assert (r.tahun_awal, r.tahun_akhir, r.jumlah_tahun) == (2021, 2025, 4)
    assert r.perubahan_total == pytest.approx(-0.99)  # 3.84 - 4.83
    assert r.rata_rata_perubahan == pytest.approx(-0.2475)  # -0.99 / 4
    assert r.perubahan_relatif_persen == pytest.approx(-20.4969, abs=1e-4)  # -0.99 / 4.83
    # (3.84/4.83)^(1/4) = 0.795031^(0.25) = 0.944270 -> -5.573 %
    assert r.laju_majemuk_persen == pytest.approx(-5.573, abs=1e-3)
    assert r.tahun_kosong == () and r.keterangan == ()


def test_window_summary_uses_available_endpoints_and_lists_gaps():
    r = ringkasan_perkembangan(TAPIN, 2018, 2023)
    assert (r.tahun_awal_diminta, r.tahun_awal, r.tahun_akhir) == (2018, 2019, 2023)
    assert r.tahun_kosong == (2018, 2020)
    assert r.tahun_tersedia == (2019, 2021, 2022, 2023)
    assert r.rata_rata_perubahan == pytest.approx(-0.055)  # (3.19 - 3.41) / 4
    teks = " ".join(r.keterangan)
    assert "2018" in teks and "2019" in teks and "(2020)" in teks


def test_window_zero_change_and_compound_to_zero():
    r = ringkasan_perkembangan(pd.Series([3.6, 3.6], index=[2021, 2022]))
    assert r.rata_rata_perubahan == 0.0 and r.laju_majemuk_persen == 0.0
    r0 = ringkasan_perkembangan(pd.Series([2.0, 0.0], index=[2024, 2025]))
    assert r0.laju_majemuk_persen == pytest.approx(-100.0)


def test_compound_undefined_for_zero_or_negative_start():
    r = ringkasan_perkembangan(pd.Series([0.0, 1.0], index=[2024, 2025]))
    assert r.rata_rata_perubahan == 1.0
    assert np.isnan(r.laju_majemuk_persen) and np.isnan(r.perubahan_relatif_persen)
    g = ringkasan_perkembangan(pd.Series([-2.0, 3.0], index=[2020, 2021]))  # e.g. PDRB growth
    assert g.rata_rata_perubahan == 5.0
    assert np.isnan(g.laju_majemuk_persen)
    assert any("negatif" in k for k in g.keterangan)


def test_bad_inputs_raise_indonesian_errors():
    with pytest.raises(GalatAnalisis, match="tahun_awal"):
        ringkasan_perkembangan(KALSEL, 2025, 2021)
    with pytest.raises(GalatAnalisis, match="tahun"):
        perubahan_tahunan(pd.Series([1.0, 2.0], index=["a", "b"]))
    with pytest.raises(GalatAnalisis, match="lebih dari sekali"):
        perubahan_tahunan(pd.Series([1.0, 2.0], index=[2020, 2020]))
    with pytest.raises(GalatAnalisis, match="angka"):
        perubahan_tahunan(pd.Series(["satu", "dua"], index=[2020, 2021]))
    with pytest.raises(GalatAnalisis, match="Series"):
        perubahan_tahunan([1.0, 2.0])


def test_unsorted_input_and_no_mutation():
    s = KALSEL.iloc[::-1].copy()
    before = s.copy()
    t = perubahan_tahunan(s)
    assert t.loc[2022, "delta"] == pytest.approx(-0.34)
    pd.testing.assert_series_equal(s, before)


def test_ringkasan_banyak():
    df = ringkasan_perkembangan_banyak({"kab": TAPIN, "prov": KALSEL}, 2021, 2023)
    assert list(df.index) == ["kab", "prov"]
    assert df.loc["kab", "rata_rata_perubahan"] == pytest.approx(-0.205)  # (3.19 - 3.60) / 2
    assert df.loc["prov", "rata_rata_perubahan"] == pytest.approx(-0.27)  # (4.29 - 4.83) / 2


@settings(max_examples=300, deadline=None)
@given(
    isi=st.dictionaries(
        st.integers(2000, 2030),
        st.one_of(st.floats(-1e6, 1e6, allow_nan=False), st.just(0.0), st.just(np.nan)),
        max_size=12,
    )
)
def test_years_are_placed_by_label_like_a_reindex(isi):
    """Values and previous-year values sit on the years a label reindex of the sorted series
    gives them, on the range of years from the first to the last value, for any gaps, NaNs and
    input order."""
    x = pd.Series(list(isi.values()), index=list(isi.keys()), dtype=float)
    hasil = perubahan_tahunan(x)
    s = x.sort_index()
    ada = s.dropna()
    if ada.empty:
        assert hasil.empty and list(hasil.columns) == KOLOM_PERUBAHAN
        return
    tahun = pd.RangeIndex(int(ada.index[0]), int(ada.index[-1]) + 1, name="tahun")
    assert hasil.index.equals(tahun) and hasil.index.name == "tahun"
    for kolom, rujukan in (("nilai", s.reindex(tahun)), ("nilai_sebelumnya", s.reindex(tahun - 1))):
        assert hasil[kolom].dtype == np.float64
        assert np.array_equal(hasil[kolom].to_numpy(), rujukan.to_numpy(), equal_nan=True)
