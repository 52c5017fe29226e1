"""Reading the runner's outputs for the app: discovery, ranking JSON, report URLs, boundaries."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analisis.aplikasi.data import (
    ATRIBUSI_BATAS,
    daftar_keluaran,
    fitur_provinsi,
    muat_peringkat,
    url_laporan,
    url_laporan_wilayah,
)
from analisis.data.wilayah import wilayah_provinsi
from analisis.galat import GalatAnalisis
from analisis.tata_letak import TataLetak
from conftest import tulis_peringkat_uji


def _peringkat(folder: Path, prov: str, tahun: int) -> Path:
    data = pd.DataFrame(
        {
            "wilayah": ["Banjar", "Tanah Laut"],
            "penurunan_p0_3th": [0.68, None],
            "rpkd_berlaku": ["ya", None],
        },
        index=pd.Index(["6303", "6301"], name="kode_wilayah"),
    )
    return tulis_peringkat_uji(folder, prov, tahun, data)


def test_daftar_keluaran_hanya_provinsi_tahun_yang_ada(tmp_path):
    lap = tmp_path / "reports"
    _peringkat(lap, "6300", 2024)
    _peringkat(lap, "6300", 2023)
    _peringkat(lap, "6500", 2024)
    (lap / "9900" / "2024" / "peringkat").mkdir(parents=True)  # unknown province: ignored
    (lap / "9900" / "2024" / "peringkat" / "peringkat.json").write_text("{}", "utf-8")
    (lap / "6400" / "2024" / "hasil").mkdir(parents=True)  # results but no ranking: ignored
    k = daftar_keluaran(lap)
    assert [(x.kode_provinsi, x.tahun) for x in k] == [
        ("6300", 2023),
        ("6300", 2024),
        ("6500", 2024),
    ]
    assert k[0].provinsi == "Kalimantan Selatan" and k[2].provinsi == "Kalimantan Utara"
    assert daftar_keluaran(tmp_path / "tidak_ada") == []


def test_muat_peringkat_tabel_dan_nilai_kosong(tmp_path):
    p = _peringkat(tmp_path / "reports", "6300", 2024)
    d = muat_peringkat(p)
    assert d.tahun == 2024 and d.kode_provinsi == "6300"
    assert list(d.masukan.index) == ["6303", "6301"]
    assert d.masukan["penurunan_p0_3th"].dtype.kind == "f"
    assert math.isnan(d.masukan.at["6301", "penurunan_p0_3th"])
    assert d.masukan.at["6303", "rpkd_berlaku"] == "ya"  # rubric text stays text
    assert d.parameter_robust["benih"] == 5
    assert d.kerangka.nama == "Kerangka uji"  # the framework comes from the file, no YAML
    assert muat_peringkat(p) is d  # cached per file version
    with pytest.raises(GalatAnalisis, match="analisis jalankan"):
        muat_peringkat(tmp_path / "reports" / "6500" / "2024" / "peringkat" / "peringkat.json")


def test_url_laporan_relatif_dan_hanya_di_dalam_folder(tmp_path):
    lap = tmp_path / "reports"
    wil = lap / "6300" / "2024" / "wilayah"
    wil.mkdir(parents=True)
    (wil / "6303.html").write_text("x", "utf-8")
    (tmp_path / "luar.html").write_text("x", "utf-8")
    ft = TataLetak(lap).tahun("63", 2024)
    assert url_laporan_wilayah(lap, ft, "6303") == "reports/6300/2024/wilayah/6303.html"
    assert url_laporan_wilayah(lap, ft, "6301") is None  # not made yet
    assert url_laporan(lap, tmp_path / "luar.html") is None  # outside the served folder


def test_fitur_provinsi_dari_geojson_bawaan():
    f = fitur_provinsi("63")
    assert sorted(x["properties"]["kode_bps"] for x in f) == sorted(wilayah_provinsi("63"))
    # Every vertex is a longitude/latitude inside Kalimantan.
    for x in f:
        g = x["geometry"]
        poligon = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        titik = np.array([c for pol in poligon for cincin in pol for c in cincin])
        assert (
            108 < titik[:, 0].min()
            and titik[:, 0].max() < 120
            and -5 < titik[:, 1].min() < titik[:, 1].max() < 5
        )
        # d3-geo winding (what Vega draws with): exterior rings clockwise (negative shoelace area).
        for pol in poligon:
            x, y = np.array(pol[0]).T
            assert np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]) < 0
    assert sum(len(fitur_provinsi(p)) for p in ("6100", "62", "63", "64", "65")) == 56
    assert "bukan batas resmi" in ATRIBUSI_BATAS and "MIT" in ATRIBUSI_BATAS
