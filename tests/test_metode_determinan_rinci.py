"""The unit-free trend of the determinant priority score in detail (found by mutation testing):
its minimum number of regions, a missing change, a tiny but real spread, and text cells among
the changes. Values are worked out by hand next to each assertion."""

import numpy as np
import pandas as pd
import pytest

from analisis.metode import tren_baku


def test_three_regions_are_enough():
    # Changes 0,1 / 0,2 / 0,3: population sd = √(0,02/3) = 0,081650; IPM +0,2 → −2,4495
    semua = pd.Series([0.1, 0.2, 0.3])
    assert tren_baku(0.2, semua, 1) == pytest.approx(-0.2 / np.std([0.1, 0.2, 0.3]))
    assert tren_baku(0.2, semua, 1) == pytest.approx(-2.449490, abs=1e-6)
    assert np.isnan(tren_baku(0.2, semua, 1, minimum=4))


def test_a_missing_change_has_no_trend():
    semua = pd.Series([0.1, 0.2, 0.3])
    assert np.isnan(tren_baku(None, semua, 1))  # type: ignore[arg-type]
    assert np.isnan(tren_baku(float("nan"), semua, 1))


def test_a_tiny_spread_is_still_a_spread():
    # sd of 0 / 1e−9 / 2e−9 is 8,165e−10: above the 1e−12 floor, so the trend is computed
    # (a default np.isclose tolerance of 1e−8 would call it "all equal").
    semua = pd.Series([0.0, 1e-9, 2e-9])
    assert tren_baku(1e-9, semua, -1) == pytest.approx(1e-9 / np.std([0.0, 1e-9, 2e-9]))


def test_text_cells_among_the_changes_are_ignored():
    # A placeholder such as "-" is not a change: it is dropped, leaving three regions.
    semua = pd.Series([0.1, "-", 0.2, 0.3], dtype=object)
    assert tren_baku(0.2, semua, 1) == pytest.approx(-2.449490, abs=1e-6)
