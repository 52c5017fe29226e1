""":func:`analisis.kontrak.nilai_json` on DataFrames: every column kind gives the plain values a
cell-by-cell conversion gives, with the same Python types."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analisis.kontrak import nilai_json


def _sel_per_sel(df: pd.DataFrame) -> list[dict]:
    kolom = [str(k) for k in df.columns]
    return [
        dict(zip(kolom, [nilai_json(v) for v in baris], strict=True))
        for baris in df.itertuples(index=False, name=None)
    ]


def _identik(a: object, b: object) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_identik(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_identik(x, y) for x, y in zip(a, b, strict=True))
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return math.copysign(1, a) == math.copysign(1, b) and (
            a == b or (math.isnan(a) and math.isnan(b))
        )
    return a == b


def test_frame_columns_convert_like_single_cells():
    df = pd.DataFrame(
        {
            "angka": [1.5, np.nan, -0.0, np.inf, -np.inf],
            "bulat": np.array([1, 2, 3, 4, 5], dtype="int64"),
            "benar": [True, False, True, True, False],
            "teks": pd.array(["a", None, "c", "d", "e"], dtype="str"),
            "campur": ["x", None, np.nan, pd.NA, np.int64(7)],
            "objek_angka": pd.Series([1.0, np.nan, 2.0, None, 3], dtype=object),
            "angka_na": pd.array([1.0, None, 3.0, 4.0, 5.0], dtype="Float64"),
            7: [0.1, 0.2, 0.3, np.nan, 0.5],
        }
    )
    hasil = nilai_json(df)
    assert _identik(hasil, _sel_per_sel(df))
    assert hasil[1]["angka"] is None and hasil[1]["campur"] is None and hasil[1]["teks"] is None
    assert hasil[3]["angka"] == math.inf and type(hasil[0]["bulat"]) is int
    assert hasil[2]["angka"] == 0 and math.copysign(1, hasil[2]["angka"]) == -1
    assert hasil[4]["campur"] == 7 and type(hasil[4]["campur"]) is int
    assert hasil[0]["7"] == 0.1


def test_empty_and_nested_frames():
    assert nilai_json(pd.DataFrame({"a": [], "b": []})) == []
    assert nilai_json(pd.DataFrame(index=range(2))) == [{}, {}]
    bersarang = {"t": pd.DataFrame({"a": [np.nan, 2.0]}), 3: (np.float64(np.nan), "x")}
    assert nilai_json(bersarang) == {"t": [{"a": None}, {"a": 2.0}], "3": [None, "x"]}
