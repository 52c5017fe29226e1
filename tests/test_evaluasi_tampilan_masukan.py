"""The report functions on tables as other readers build them (result files read back, frames
with nullable dtypes or missing cells as None): missing cells never match a selection and never
count as values, and a region listed twice is an error, never a silent choice."""

from __future__ import annotations

import copy
import json

import numpy as np
import pandas as pd
import pytest

from analisis.data.model import Basisdata
from analisis.evaluasi import evaluasi_wilayah
from analisis.evaluasi import tampilan as tp
from analisis.laporan.grafik_kuadran import grafik_kuadran


@pytest.fixture(scope="module")
def tanah_laut():
    return evaluasi_wilayah("6301", 2024, basis=Basisdata.muat(impor=False))


def _dengan_baris_na(df: pd.DataFrame, kolom: str) -> pd.DataFrame:
    """``df`` plus one copy of its first row whose ``kolom`` is missing, as a nullable string."""
    tambah = df.iloc[:1].copy()
    d = pd.concat([df, tambah], ignore_index=True)
    d[kolom] = d[kolom].astype("string")
    d.loc[len(d) - 1, kolom] = pd.NA
    return d


def _html(obj) -> str:
    return obj._repr_html_() if hasattr(obj, "_repr_html_") else str(obj.data)


def test_a_missing_indicator_or_region_code_matches_no_selection(tanah_laut):
    asli = {
        "ringkasan": tp.kalimat_ringkasan(tanah_laut).data,
        "grafik": [
            json.dumps(tp.grafik_perkembangan(tanah_laut, i).spesifikasi) for i in ("p0", "p1")
        ],
        "posisi": _html(tp.tabel_posisi(tanah_laut)),
        "kuadran": _html(tp.tabel_kuadran_indikator(tanah_laut)),
    }
    h = copy.copy(tanah_laut)
    h.seri = _dengan_baris_na(h.seri, "indikator")
    h.perkembangan = _dengan_baris_na(h.perkembangan, "indikator")
    h.relevansi = _dengan_baris_na(h.relevansi, "indikator")
    h.posisi = _dengan_baris_na(h.posisi, "indikator")
    h.kuadran_indikator = {
        k: {**v, "tabel": _dengan_baris_na(v["tabel"], "kode_wilayah")}
        for k, v in tanah_laut.kuadran_indikator.items()
    }
    assert tp.kalimat_ringkasan(h).data == asli["ringkasan"]
    assert [json.dumps(tp.grafik_perkembangan(h, i).spesifikasi) for i in ("p0", "p1")] == asli[
        "grafik"
    ]
    assert _html(tp.tabel_posisi(h)) == asli["posisi"]
    assert _html(tp.tabel_kuadran_indikator(h)) == asli["kuadran"]


def test_values_missing_as_none_are_not_values(tanah_laut):
    h = copy.copy(tanah_laut)
    seri = h.seri.copy()
    seri["nilai"] = seri["nilai"].astype(object)
    seri.loc[seri["indikator"] == "p1", "nilai"] = None
    h.seri = seri
    assert "Tidak ada nilai" in tp.grafik_perkembangan(h, "p1").data
    seri = tanah_laut.seri.copy()
    seri["bawah"] = seri["bawah"].astype(object)
    seri["bawah"] = None
    h.seri = seri
    spes = tp.grafik_perkembangan(h, "p0").spesifikasi  # drawn, without the 95 % range
    assert "rentang 95%" not in json.dumps(spes)


def test_a_region_listed_twice_is_an_error(tanah_laut):
    h = copy.copy(tanah_laut)
    h.posisi = pd.concat([h.posisi, h.posisi.iloc[:1]], ignore_index=True)
    with pytest.raises(ValueError, match="lebih dari sekali"):
        tp.tabel_posisi(h)
    h = copy.copy(tanah_laut)
    kode = tanah_laut.meta["kode_wilayah"]
    h.kuadran_indikator = {}
    for k, v in tanah_laut.kuadran_indikator.items():
        t = v["tabel"]
        h.kuadran_indikator[k] = {**v, "tabel": pd.concat([t, t[t["kode_wilayah"] == kode]])}
    with pytest.raises(ValueError, match="muncul 2 kali"):
        tp.tabel_kuadran_indikator(h)


def test_quadrant_chart_writes_a_missing_info_text_as_json_null():
    df = pd.DataFrame(
        {
            "nama": ["A", "B", "C"],
            "level": [2.4, 4.6, 5.8],
            "laju": [-0.22, -0.25, -0.12],
            "kuadran": ["waspada", "mengejar", "prioritas"],
            "catatan": pd.Series(["pasti", None, np.nan], dtype=object),
        }
    )
    sudut = {(False, False): "u", (True, False): "m", (True, True): "p", (False, True): "w"}
    g = grafik_kuadran(
        df,
        x="level",
        y="laju",
        ambang_x=4.0,
        ambang_y=-0.2,
        label_sudut=sudut,
        info=[("Catatan", "catatan")],
    )
    teks = json.dumps(g.spesifikasi, allow_nan=False)  # NaN would not be JSON
    titik = g.spesifikasi["data"]["values"]
    assert sorted((r["label"], r["info_0"]) for r in titik) == [
        ("A", "pasti"),
        ("B", None),
        ("C", None),
    ]
    assert "NaN" not in teks
