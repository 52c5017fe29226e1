"""Chart helpers: Indonesian tick/hover formatting (JS run in Node) and Bokeh models."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analisis.laporan.format import angka, persen
from analisis.laporan.grafik import (
    PALET,
    format_hover,
    format_sumbu,
    grafik_batang,
    grafik_tren,
    kode_js_format,
)

M = "\u2212"


def _node() -> str | None:
    """Node.js: on PATH, or the one bundled in the playwright wheel (no download)."""
    try:
        import playwright

        bawaan = Path(playwright.__file__).parent / "driver" / "node"
        if bawaan.is_file():
            return str(bawaan)
    except ImportError:
        pass
    return shutil.which("node")


NODE = _node()
perlu_node = pytest.mark.skipif(NODE is None, reason="Node.js tidak tersedia untuk menjalankan JS formatter")


def _jalankan_js(kode: str, panggilan: list[dict], parameter: list[str]) -> list[str]:
    """Evaluate a formatter body for each call (dict of parameter values) in Node."""
    skrip = "\n".join(
        [
            f"const f = new Function({', '.join(json.dumps(p) for p in parameter)}, {json.dumps(kode)});",
            f"const panggilan = {json.dumps(panggilan)};",
            f"const nama = {json.dumps(parameter)};",
            "const keluar = panggilan.map(a => f(...nama.map(k => a[k] === 'NaN' ? NaN : a[k])));",
            "process.stdout.write(JSON.stringify(keluar));",
        ]
    )
    hasil = subprocess.run([NODE, "-e", skrip], capture_output=True, text=True, timeout=30, check=True)
    return json.loads(hasil.stdout)


def _ticks(kode: str, ticks: list) -> list[str]:
    return _jalankan_js(
        kode, [{"tick": t, "index": i, "ticks": ticks} for i, t in enumerate(ticks)], ["tick", "index", "ticks"]
    )


def test_numeral_formatter_has_no_indonesian():
    """Why a CustomJS formatter: Bokeh's numbro languages do not include 'id'."""
    from bokeh.core.enums import NumeralLanguage
    from bokeh.models import CustomJSTickFormatter, NumeralTickFormatter

    assert "id" not in list(NumeralLanguage)
    with pytest.raises(ValueError):
        NumeralTickFormatter(language="id")
    assert isinstance(format_sumbu(), CustomJSTickFormatter)


NILAI_PARITAS = [0, 4.65, 0.125, 2.675, 1.005, -0.245, -0.001, -0.005, 999.995, 12345.678,
                 1234567.891, -1234.5, 2.5, 1e15, 1e-7, 0.30000000000000004, 100]


@perlu_node
@pytest.mark.parametrize("desimal", [0, 1, 2, 3])
def test_js_matches_python_angka(desimal):
    """The browser formatter and format.angka produce identical strings."""
    kode = kode_js_format(desimal)
    ticks = NILAI_PARITAS
    assert _ticks(kode, ticks) == [angka(v, desimal) for v in ticks]


@perlu_node
def test_tick_formatter_outputs():
    auto = kode_js_format()
    assert _ticks(auto, [4.5, 5, 5.5, 6]) == ["4,5", "5,0", "5,5", "6,0"]
    assert _ticks(auto, [0, 0.30000000000000004, 0.6000000000000001]) == ["0,0", "0,3", "0,6"]
    assert _ticks(auto, [0, 2500, 5000, 7500]) == ["0", "2.500", "5.000", "7.500"]
    assert _ticks(auto, [-0.5, 0, 0.5]) == [f"{M}0,5", "0,0", "0,5"]
    assert _ticks(auto, [0.001, 0.0015]) == ["0,0010", "0,0015"]
    assert _ticks(auto, [1e-7, 2e-7]) == ["0,0000", "0,0000"]  # capped at maks_desimal=4
    assert _ticks(kode_js_format(0, awalan="Rp"), [-1500, 0, 581229]) == [f"{M}Rp1.500", "Rp0", "Rp581.229"]
    assert _ticks(kode_js_format(1, akhiran="%"), [4.65, 10]) == ["4,7%", "10,0%"]
    assert _ticks(kode_js_format(0, ribuan=False), [2017, 2024]) == ["2017", "2024"]
    assert _ticks(kode_js_format(2), ["NaN", None]) == ["–", "–"]
    # Strings are embedded as JSON: quotes cannot break out of the JS literal.
    assert _ticks(kode_js_format(0, akhiran='"); throw 1; ("'), [1]) == ['1"); throw 1; ("']


@perlu_node
def test_hover_formatter_code():
    h = format_hover(2, akhiran=" persen")
    keluar = _jalankan_js(
        h.code, [{"value": 4.65, "format": None, "special_vars": {}}, {"value": "NaN"}],
        ["value", "format", "special_vars"],
    )
    assert keluar == ["4,65 persen", "–"]


# --------------------------------------------------------------------------- Bokeh models


def _render(obj):
    import holoviews as hv

    return hv.render(obj, backend="bokeh")


@pytest.fixture(scope="module")
def data_tren() -> pd.DataFrame:
    # Kab. A: 2019 row absent, 2020 NaN -> two missing years; the others complete.
    return pd.DataFrame(
        {
            "wilayah": ["Kab. A"] * 4 + ["Kalimantan Barat"] * 5 + ["Indonesia"] * 5,
            "tahun": [2017, 2018, 2020, 2021] + list(range(2017, 2022)) * 2,
            "nilai": [5.1, 4.9, np.nan, 4.65, 7.0, 6.9, 6.8, 7.1, 6.7, 10.6, 9.8, 9.4, 10.2, 9.7],
        }
    )


def _garis(plot) -> dict[str, dict]:
    """Series label -> its Line glyph data and colour, read through the legend."""
    hasil = {}
    for item in plot.legend[0].items:
        for r in item.renderers:
            if type(r.glyph).__name__ == "Line":
                data = r.data_source.data
                hasil[item.label.value] = {
                    "tahun": list(data["tahun"]), "nilai": list(data["nilai"]), "warna": r.glyph.line_color,
                }
    return hasil


def test_grafik_tren_gaps_are_nan_not_interpolated(data_tren):
    plot = _render(grafik_tren(data_tren, format_nilai=persen, label_y="P0 (%)", judul="Tren P0"))
    garis = _garis(plot)
    assert list(garis) == ["Kab. A", "Kalimantan Barat", "Indonesia"]
    a = garis["Kab. A"]
    assert a["tahun"] == [2017, 2018, 2019, 2020, 2021]
    assert a["nilai"][:2] == [5.1, 4.9] and a["nilai"][4] == 4.65
    assert math.isnan(a["nilai"][2]) and math.isnan(a["nilai"][3])  # absent row and NaN row
    assert [g["warna"] for g in garis.values()] == [PALET["wilayah"], PALET["provinsi"], PALET["indonesia"]]
    # markers carry the pre-formatted Indonesian text shown by the hover tool
    titik = [r for r in plot.renderers if type(r.glyph).__name__ == "Scatter"][0].data_source.data
    assert list(titik["teks_nilai"]) == ["5,10 persen", "4,90 persen", "–", "–", "4,65 persen"]
    assert list(titik["teks_tahun"]) == ["2017", "2018", "2019", "2020", "2021"]
    hover = [t for t in plot.tools if type(t).__name__ == "HoverTool"]
    assert hover and hover[0].tooltips == [("Wilayah", "@{seri}"), ("Tahun", "@{teks_tahun}"), ("P0 (%)", "@{teks_nilai}")]
    assert plot.xaxis[0].ticker.ticks == [2017, 2018, 2019, 2020, 2021]
    assert type(plot.yaxis[0].formatter).__name__ == "CustomJSTickFormatter"
    assert plot.toolbar.active_scroll is None
    assert [i.label.value for i in plot.legend[0].items] == ["Kab. A", "Kalimantan Barat", "Indonesia"]
    assert plot.title.text == "Tren P0"


def test_grafik_tren_order_colours_and_union_years(data_tren):
    jarang = data_tren[data_tren["tahun"] != 2019]  # no series has 2019
    lengkap = _garis(_render(grafik_tren(jarang)))
    assert lengkap["Indonesia"]["tahun"] == [2017, 2018, 2019, 2020, 2021]
    assert math.isnan(lengkap["Indonesia"]["nilai"][2])
    gabungan = _garis(_render(grafik_tren(jarang, rentang_lengkap=False, urutan=["Indonesia"],
                                          warna={"Kab. A": "#000000"})))
    assert gabungan["Indonesia"]["tahun"] == [2017, 2018, 2020, 2021]
    assert list(gabungan) == ["Indonesia", "Kab. A", "Kalimantan Barat"]
    assert gabungan["Indonesia"]["warna"] == PALET["wilayah"] and gabungan["Kab. A"]["warna"] == "#000000"


def test_grafik_tren_rejects_bad_input(data_tren):
    with pytest.raises(ValueError, match="lebih dari satu"):
        grafik_tren(pd.concat([data_tren, data_tren.head(1)]))
    with pytest.raises(KeyError, match="kolom tidak ada"):
        grafik_tren(data_tren, y="p0")
    with pytest.raises(ValueError, match="tahun bulat"):
        grafik_tren(data_tren.assign(tahun=data_tren["tahun"] + 0.5))
    with pytest.raises(ValueError, match="tidak ada di data"):
        grafik_tren(data_tren, urutan=["Kab. B"])


@pytest.fixture(scope="module")
def data_batang() -> pd.DataFrame:
    return pd.DataFrame({"wilayah": ["A", "B", "C", "D"], "nilai": [3.0, np.nan, 5.0, 1.0]})


def _span_dan_label(plot):
    span = [(r.dimension, r.location) for r in plot.renderers if type(r).__name__ == "Span"]
    label = [c.text for c in plot.center if type(c).__name__ == "Label"]
    # BokehJS only accepts numbers here (a factor name fails in the browser)
    assert all(isinstance(c.x, float | int) and isinstance(c.y, float | int)
               for c in plot.center if type(c).__name__ == "Label")
    return span, label


def test_grafik_batang_horizontal(data_batang):
    plot = _render(grafik_batang(data_batang, sorot="A", acuan=2.5, label_acuan="Kalimantan Barat",
                                 format_nilai=persen, label_nilai="P0 (%)"))
    # Bokeh stacks factors bottom-up: C (5) on top, then A, D, and missing B at the bottom.
    assert list(plot.y_range.factors) == ["B", "D", "A", "C"]
    data = plot.renderers[0].data_source.data
    assert list(data["color"]) == [PALET["lainnya"], PALET["lainnya"], PALET["sorotan"], PALET["lainnya"]]
    assert list(data["teks_nilai"]) == ["–", "1,00 persen", "3,00 persen", "5,00 persen"]
    # vertical line at x = 2.5 (an HLine inside an inverted overlay)
    assert _span_dan_label(plot) == ([("height", 2.5)], ["Kalimantan Barat: 2,50 persen"])
    assert type(plot.xaxis[0].formatter).__name__ == "CustomJSTickFormatter"
    assert plot.toolbar.active_scroll is None


def test_grafik_batang_vertical_ascending(data_batang):
    plot = _render(grafik_batang(data_batang, sorot=["A", "C"], acuan=2.5, horizontal=False, menurun=False))
    assert list(plot.x_range.factors) == ["D", "A", "C", "B"]
    data = plot.renderers[0].data_source.data
    assert list(data["color"]) == [PALET["lainnya"], PALET["sorotan"], PALET["sorotan"], PALET["lainnya"]]
    assert _span_dan_label(plot) == ([("width", 2.5)], ["2,50"])
    assert type(plot.yaxis[0].formatter).__name__ == "CustomJSTickFormatter"


def test_grafik_batang_no_reference_and_errors(data_batang):
    plot = _render(grafik_batang(data_batang))
    assert _span_dan_label(plot) == ([], [])
    with pytest.raises(ValueError, match="disorot"):
        grafik_batang(data_batang, sorot="Z")
    with pytest.raises(ValueError, match="ganda"):
        grafik_batang(pd.concat([data_batang, data_batang]))
