"""Year lookups of :mod:`analisis.evaluasi.konteks` on the series shapes the evaluation meets:
the array path of :func:`nilai_terakhir` gives exactly what a label slice of the series gives."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analisis.evaluasi.konteks import nilai_terakhir


def _rujukan(s: pd.Series, sampai: int) -> tuple[int | None, float]:
    ada = s.loc[:sampai].dropna()
    if ada.empty:
        return None, float("nan")
    return int(ada.index[-1]), float(ada.iloc[-1])


def _sama(a: tuple[int | None, float], b: tuple[int | None, float]) -> bool:
    return (
        a[0] == b[0]
        and type(a[0]) is type(b[0])
        and (a[1] == b[1] or (math.isnan(a[1]) and math.isnan(b[1])))
    )


@settings(max_examples=300, deadline=None)
@given(
    isi=st.dictionaries(
        st.integers(2000, 2030),
        st.one_of(st.floats(allow_nan=False, allow_infinity=False, width=64), st.just(np.nan)),
        max_size=12,
    ),
    sampai=st.integers(1995, 2035),
)
def test_latest_value_matches_the_label_slice(isi, sampai):
    tahun = sorted(isi)
    s = pd.Series([isi[t] for t in tahun], index=pd.Index(tahun, dtype="int64"), dtype=float)
    assert _sama(nilai_terakhir(s, sampai), _rujukan(s, sampai))


def test_latest_value_of_other_shapes_takes_the_label_slice():
    """Object values or a descending index are not a store series: the label slice answers."""
    objek = pd.Series([1.5, None, 2.5], index=pd.Index([2019, 2020, 2021]), dtype=object)
    assert nilai_terakhir(objek, 2020) == (2019, 1.5)
    turun = pd.Series([3.0, 2.0, 1.0], index=pd.Index([2022, 2021, 2020]))
    assert _sama(nilai_terakhir(turun, 2021), _rujukan(turun, 2021))
    assert nilai_terakhir(pd.Series([], dtype=float), 2024)[0] is None
    kosong = pd.Series([np.nan, np.nan], index=pd.Index([2020, 2021]))
    assert nilai_terakhir(kosong, 2024)[0] is None
    assert nilai_terakhir(pd.Series([4.5], index=pd.Index([2024])), 2024) == (2024, 4.5)
