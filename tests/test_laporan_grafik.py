"""Chart helpers: Vega-Lite report charts (schema, gaps, order, Indonesian numbers drawn by Vega in
Node) and the Bokeh tick/hover formatters of the app (JS run in Node)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analisis.laporan.format import angka, persen
from analisis.laporan.grafik import (
    LOKAL_ANGKA,
    MIME_VEGALITE,
    PALET,
    Grafik,
    _angka_rekaman,
    _rekaman,
    format_hover,
    format_sumbu,
    grafik_batang,
    grafik_batang_selang,
    grafik_batang_tumpuk,
    grafik_interval,
    grafik_sebar,
    grafik_tren,
    kode_js_format,
    siapkan_spesifikasi,
)
from analisis.laporan.grafik_peta import grafik_peta

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
perlu_node = pytest.mark.skipif(
    NODE is None, reason="Node.js tidak tersedia untuk menjalankan JS formatter"
)


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
    hasil = subprocess.run(
        [NODE, "-e", skrip], capture_output=True, text=True, timeout=30, check=True
    )
    return json.loads(hasil.stdout)


def _ticks(kode: str, ticks: list) -> list[str]:
    return _jalankan_js(
        kode,
        [{"tick": t, "index": i, "ticks": ticks} for i, t in enumerate(ticks)],
        ["tick", "index", "ticks"],
    )


def test_numeral_formatter_has_no_indonesian():
    """Why a CustomJS formatter: Bokeh's numbro languages do not include 'id'."""
    from bokeh.core.enums import NumeralLanguage
    from bokeh.models import CustomJSTickFormatter, NumeralTickFormatter

    assert "id" not in list(NumeralLanguage)
    with pytest.raises(ValueError):
        NumeralTickFormatter(language="id")
    assert isinstance(format_sumbu(), CustomJSTickFormatter)


NILAI_PARITAS = [
    0,
    4.65,
    0.125,
    2.675,
    1.005,
    -0.245,
    -0.001,
    -0.005,
    999.995,
    12345.678,
    1234567.891,
    -1234.5,
    2.5,
    1e15,
    1e-7,
    0.30000000000000004,
    100,
]


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
    assert _ticks(kode_js_format(0, awalan="Rp"), [-1500, 0, 581229]) == [
        f"{M}Rp1.500",
        "Rp0",
        "Rp581.229",
    ]
    assert _ticks(kode_js_format(1, akhiran="%"), [4.65, 10]) == ["4,7%", "10,0%"]
    assert _ticks(kode_js_format(0, ribuan=False), [2017, 2024]) == ["2017", "2024"]
    assert _ticks(kode_js_format(2), ["NaN", None]) == ["–", "–"]
    # Strings are embedded as JSON: quotes cannot break out of the JS literal.
    assert _ticks(kode_js_format(0, akhiran='"); throw 1; ("'), [1]) == ['1"); throw 1; ("']


@perlu_node
def test_hover_formatter_code():
    h = format_hover(2, akhiran=" persen")
    keluar = _jalankan_js(
        h.code,
        [{"value": 4.65, "format": None, "special_vars": {}}, {"value": "NaN"}],
        ["value", "format", "special_vars"],
    )
    assert keluar == ["4,65 persen", "–"]


# --------------------------------------------------------------------------- Vega-Lite charts


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


@pytest.fixture(scope="module")
def validator():
    import jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    return jsonschema.Draft7Validator(load_schema())


def _sah(validator, g: Grafik) -> dict:
    """The chart's specification, asserted valid against the Vega-Lite schema and JSON-safe."""
    spes = g.spesifikasi
    kesalahan = [e.message for e in validator.iter_errors(spes)]
    assert kesalahan == []
    json.dumps(spes, allow_nan=False)  # no NaN/Infinity: strict JSON for the browser
    return spes


def _semua_grafik(data_tren, data_batang) -> dict[str, Grafik]:
    return {
        "tren": grafik_tren(data_tren, format_nilai=persen, label_y="P0 (%)", judul="Tren P0"),
        "batang": grafik_batang(
            data_batang, sorot="A", acuan=2.5, label_acuan="Kalimantan Barat", format_nilai=persen
        ),
        "batang_tegak": grafik_batang(data_batang, acuan=2.5, horizontal=False, menurun=False),
        "sebar": grafik_sebar(
            pd.DataFrame(
                {
                    "nama": ["A", "B", "C"],
                    "p0": [5.0, 7.5, np.nan],
                    "tpt": [4.0, 6.0, 3.0],
                    "kuadran": ["unggul", "prioritas", "–"],
                }
            ),
            x="p0",
            y="tpt",
            label="nama",
            sorot="A",
            ambang_x=6.0,
            ambang_y=5.0,
            info=[("Kuadran", "kuadran")],
            judul="P0 × TPT",
        ),
        "interval": grafik_interval(
            pd.DataFrame(
                {
                    "wilayah": ["A", "B", "C"],
                    "peringkat": [2, 1, 3],
                    "peringkat_p05": [1, 1, 2],
                    "peringkat_p95": [3, 2, 3],
                }
            )
        ),
        "tumpuk": grafik_batang_tumpuk(
            pd.DataFrame(
                {"wilayah": list("AABB"), "dimensi": list("xyxy"), "nilai": [1.0, 2.0, 3.0, 1.5]}
            )
        ),
        "peta": _peta(terpilih="6303"),
        "selang": _selang(),
    }


def _selang() -> Grafik:
    """First-order and total indices of three factors; one interval bound missing."""
    return grafik_batang_selang(
        pd.DataFrame(
            {
                "faktor": ["Bobot", "Bobot", "Agregasi", "Agregasi", "Galat", "Galat"],
                "indeks": ["S1", "ST"] * 3,
                "nilai": [0.1, 0.2, 0.5, 0.6, 0.0, 0.05],
                "bawah": [0.05, 0.15, 0.4, 0.5, -0.02, np.nan],
                "atas": [0.15, 0.25, 0.6, 0.7, 0.02, 0.07],
                "teks": ["0,10", "0,20", "0,50", "0,60", "0,00", "0,05"],
            }
        ),
        kategori="faktor",
        seri="indeks",
        nilai="nilai",
        bawah="bawah",
        atas="atas",
        teks="teks",
        urutan=["Agregasi", "Bobot", "Galat"],
        judul="Indeks Sobol",
    )


def _peta(**kw) -> Grafik:
    """Kalimantan Selatan: one region without a value, one value without a boundary."""
    from analisis.aplikasi.data import fitur_provinsi

    fitur = fitur_provinsi("63")
    kode = [f["properties"]["kode_bps"] for f in fitur]
    df = pd.DataFrame(
        {
            "kode_wilayah": kode + ["6399"],
            "nilai": [np.nan] + [40.0 + 3.5 * i for i in range(len(kode) - 1)] + [5.0],
        }
    )
    df["teks"] = [angka(v, 2) for v in df["nilai"]]
    return grafik_peta(fitur, df, tooltip=[("teks", "Skor")], judul_legenda="Skor komposit", **kw)


def test_every_chart_is_valid_vega_lite_with_indonesian_locale(data_tren, data_batang, validator):
    for nama, g in _semua_grafik(data_tren, data_batang).items():
        spes = _sah(validator, g)
        assert spes["config"]["locale"]["number"] == LOKAL_ANGKA, nama
        bundel = g._repr_mimebundle_()
        assert set(bundel) == {MIME_VEGALITE, "text/plain"}
        assert bundel[MIME_VEGALITE]["$schema"].endswith("/v5.json")  # what JupyterLab 4 draws
        assert "$schema" not in siapkan_spesifikasi(bundel[MIME_VEGALITE])  # reports fetch nothing
        assert g.ke_altair().to_dict()  # Altair accepts it (and validates again)


def _lapisan(spes: dict, tanda: str) -> dict:
    return next(l for l in spes["layer"] if l["mark"]["type"] == tanda)


def test_grafik_tren_gaps_are_breaks_not_interpolated(data_tren):
    g = grafik_tren(data_tren, format_nilai=persen, label_y="P0 (%)", judul="Tren P0")
    spes = g.spesifikasi
    baris = spes["data"]["values"]
    a = [r for r in baris if r["seri"] == "Kab. A"]
    # no row for 2019 (absent) and 2020 (NaN); the line is split there into two segments
    assert [r["tahun"] for r in a] == [2017, 2018, 2021]
    assert [r["segmen"] for r in a] == ["0-0", "0-0", "0-2"]
    assert g.meta["tahun_kosong"] == {
        "Kab. A": [2019, 2020],
        "Kalimantan Barat": [],
        "Indonesia": [],
    }
    assert _lapisan(spes, "line")["encoding"]["detail"] == {"field": "segmen", "type": "nominal"}
    # markers and tooltips carry the pre-formatted Indonesian text
    assert [r["teks_nilai"] for r in a] == ["5,10 persen", "4,90 persen", "4,65 persen"]
    titik = _lapisan(spes, "point")["encoding"]
    assert [t["title"] for t in titik["tooltip"]] == ["Wilayah", "Tahun", "P0 (%)"]
    assert [t["field"] for t in titik["tooltip"]] == ["seri", "tahun", "teks_nilai"]
    assert titik["tooltip"][1]["type"] == "ordinal"  # shown as "2021", never "2.021"
    warna = titik["color"]["scale"]
    assert warna["domain"] == ["Kab. A", "Kalimantan Barat", "Indonesia"]
    assert warna["range"] == [PALET["wilayah"], PALET["provinsi"], PALET["indonesia"]]
    assert titik["x"]["axis"] == {"format": "d", "values": [2017, 2018, 2019, 2020, 2021]}
    assert spes["title"]["text"] == "Tren P0"
    assert g.judul == "Tren P0" and repr(g) == "<Grafik: Tren P0>"
    # the focus series is drawn thicker
    assert _lapisan(spes, "line")["encoding"]["strokeWidth"] == {
        "condition": {"test": 'datum.seri === "Kab. A"', "value": 3},
        "value": 2,
    }


def test_grafik_tren_order_colours_and_union_years(data_tren):
    jarang = data_tren[data_tren["tahun"] != 2019]  # no series has 2019
    lengkap = grafik_tren(jarang)
    assert lengkap.meta["tahun"] == [2017, 2018, 2019, 2020, 2021]
    assert lengkap.meta["tahun_kosong"]["Indonesia"] == [2019]
    gabungan = grafik_tren(
        jarang, rentang_lengkap=False, urutan=["Indonesia"], warna={"Kab. A": "#000000"}
    )
    assert gabungan.meta["tahun"] == [2017, 2018, 2020, 2021]
    assert gabungan.meta["tahun_kosong"]["Indonesia"] == []
    skala = _lapisan(gabungan.spesifikasi, "line")["encoding"]["color"]["scale"]
    assert skala["domain"] == ["Indonesia", "Kab. A", "Kalimantan Barat"]
    assert skala["range"][:2] == [PALET["wilayah"], "#000000"]


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


def test_grafik_batang_horizontal(data_batang):
    g = grafik_batang(
        data_batang,
        sorot="A",
        acuan=2.5,
        label_acuan="Kalimantan Barat",
        format_nilai=persen,
        label_nilai="P0 (%)",
    )
    spes = g.spesifikasi
    # largest first at the top; the missing value last, its row kept (scale domain)
    assert g.meta["urutan"] == ["C", "A", "D", "B"]
    batang = _lapisan(spes, "bar")["encoding"]
    assert batang["y"]["sort"] == batang["y"]["scale"]["domain"] == ["C", "A", "D", "B"]
    data = {r["kategori"]: r for r in spes["data"]["values"]}
    assert [data[k]["warna"] for k in "CADB"] == [
        PALET["lainnya"],
        PALET["sorotan"],
        PALET["lainnya"],
        PALET["lainnya"],
    ]
    assert [data[k]["teks_nilai"] for k in "CADB"] == [
        "5,00 persen",
        "3,00 persen",
        "1,00 persen",
        "–",
    ]
    assert data["B"]["nilai"] is None
    garis = _lapisan(spes, "rule")
    assert garis["data"]["values"] == [{"acuan": 2.5}] and "x" in garis["encoding"]
    teks = _lapisan(spes, "text")
    assert teks["data"]["values"][0]["teks"] == "Kalimantan Barat: 2,50 persen"
    assert g.meta["teks_acuan"] == "Kalimantan Barat: 2,50 persen"


def test_grafik_batang_vertical_ascending(data_batang):
    g = grafik_batang(data_batang, sorot=["A", "C"], acuan=2.5, horizontal=False, menurun=False)
    batang = _lapisan(g.spesifikasi, "bar")["encoding"]
    assert batang["x"]["sort"] == ["D", "A", "C", "B"]
    assert "y" in _lapisan(g.spesifikasi, "rule")["encoding"]
    assert _lapisan(g.spesifikasi, "text")["data"]["values"][0]["teks"] == "2,50"


def test_grafik_batang_no_reference_and_errors(data_batang):
    g = grafik_batang(data_batang)
    assert [l["mark"]["type"] for l in g.spesifikasi["layer"]] == ["bar"]
    with pytest.raises(ValueError, match="disorot"):
        grafik_batang(data_batang, sorot="Z")
    with pytest.raises(ValueError, match="ganda"):
        grafik_batang(pd.concat([data_batang, data_batang]))


def test_grafik_sebar_focus_thresholds_and_missing(data_tren, data_batang):
    g = _semua_grafik(data_tren, data_batang)["sebar"]
    baris = g.spesifikasi["data"]["values"]
    assert [r["label"] for r in baris] == ["B", "A"]  # C has no P0; the focus is drawn last
    assert g.meta["tanpa_nilai"] == ["C"]
    assert baris[-1]["bentuk"] == "diamond" and baris[-1]["warna"] == PALET["sorotan"]
    assert baris[-1]["teks_x"] == "5,00" and baris[-1]["info_0"] == "unggul"
    aturan = [l for l in g.spesifikasi["layer"] if l["mark"]["type"] == "rule"]
    assert [(list(l["encoding"]), l["data"]["values"][0]["acuan"]) for l in aturan] == [
        (["x"], 6.0),
        (["y"], 5.0),
    ]
    with pytest.raises(ValueError, match="disorot"):
        grafik_sebar(
            pd.DataFrame({"n": ["A"], "x": [1.0], "y": [2.0]}), x="x", y="y", label="n", sorot="Z"
        )


def test_grafik_interval_and_tumpuk_order(data_tren, data_batang):
    semua = _semua_grafik(data_tren, data_batang)
    assert semua["interval"].meta["urutan"] == ["B", "A", "C"]  # rank 1 on top
    assert semua["tumpuk"].meta["urutan"] == ["B", "A"]  # largest total first
    assert semua["tumpuk"].meta["bagian"] == ["x", "y"]


_SKRIP_VEGA_NODE = r"""
const fs = require("fs");
for (const f of process.argv.slice(2, 4)) (0, eval)(fs.readFileSync(f, "utf8"));  // UMD -> globals
const spes = JSON.parse(fs.readFileSync(0, "utf8"));
const hasil = vegaLite.compile(spes);
new vega.View(vega.parse(hasil.spec), {renderer: "none"}).toSVG().then(svg => process.stdout.write(svg));
"""


@perlu_node
def test_charts_draw_with_indonesian_numbers_in_vega(tmp_path):
    """Compile and draw charts with the Vega build reports use: axes read 1.200 and −0,4."""
    from analisis.laporan.sumber_daya import _sumber_vega, berkas_vega

    pustaka = [
        str(_sumber_vega() / Path(r).name.removesuffix(".min.js")) for r in berkas_vega()[:2]
    ]
    skrip = tmp_path / "gambar.js"
    skrip.write_text(_SKRIP_VEGA_NODE, encoding="utf-8")

    def label(nilai: list[float]) -> list[str]:
        df = pd.DataFrame({"wilayah": ["A"] * 3, "tahun": [2020, 2021, 2022], "nilai": nilai})
        spes = siapkan_spesifikasi(grafik_tren(df, judul="Uji").spesifikasi)
        svg = subprocess.run(
            [NODE, str(skrip), *pustaka],
            input=json.dumps(spes),
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        return re.findall(r"<text[^>]*>([^<]*)</text>", svg)

    besar = label([-0.5, 4.5, 1234.5])
    assert {"2020", "2021", "2022", "1.000", "1.200", "Uji", "Tahun"} <= set(
        besar
    )  # years without a separator
    kecil = label([-0.5, 0.25, 1.5])
    assert {f"{M}0,4", "0,0", "0,2", "1,4"} <= set(kecil)
    assert not [
        t for t in besar + kecil if re.fullmatch(r"-?\d+\.\d+", t) and t not in ("1.000", "1.200")
    ]


def test_grafik_peta_keeps_regions_without_values_and_outlines_the_selection():
    g = _peta(terpilih="6303")
    spes = g.spesifikasi
    rek = spes["data"]["values"]
    assert len(rek) == 13 and g.meta["tanpa_nilai"] == [rek[0]["kode"]] and rek[0]["nilai"] is None
    assert rek[0]["teks"] == "\u2013"  # tooltip says "no value", the region stays on the map
    assert g.meta["tanpa_batas"] == ["6399"] and g.meta["ranah"] == [40.0, 40.0 + 3.5 * 11]
    dasar, garis = spes["layer"]
    assert dasar["encoding"]["color"]["condition"]["value"] == "#d9d9d9"  # grey, outside the scale
    assert dasar["params"][0]["select"]["fields"] == ["kode"]
    assert garis["transform"] == [{"filter": {"field": "kode", "equal": "6303"}}]
    assert garis["mark"]["stroke"] == PALET["wilayah"]
    rendah = _peta(naik_baik=False, seleksi=None).spesifikasi
    assert (
        rendah["layer"][0]["encoding"]["color"]["scale"]["reverse"] is True
        and len(rendah["layer"]) == 1
    )
    assert "params" not in rendah["layer"][0]
    kosong = grafik_peta(
        [{"type": "Feature", "geometry": None, "properties": {"kode_bps": r["kode"]}} for r in rek],
        pd.DataFrame({"kode_wilayah": [], "nilai": []}),
        judul_legenda="X",
    )
    assert kosong.spesifikasi["layer"][0]["encoding"]["color"]["legend"] is None
    assert kosong.judul == "X: tidak ada data"
    url = _peta(url_batas="batas/6300.json").spesifikasi  # a live app: shapes by URL, values inline
    assert url["transform"][0]["from"]["data"] == {
        "url": "batas/6300.json",
        "format": {"type": "json", "property": "features"},
    }
    assert "geometry" not in json.dumps(url) and url["data"]["values"] == spes["data"]["values"]
    with pytest.raises(KeyError, match="nilai"):
        grafik_peta([], pd.DataFrame({"kode_wilayah": ["1"]}))  # no value column


_SKRIP_PETA_NODE = r"""
const fs = require("fs");
for (const f of process.argv.slice(2, 4)) (0, eval)(fs.readFileSync(f, "utf8"));
const spes = JSON.parse(fs.readFileSync(0, "utf8"));
const view = new vega.View(vega.parse(vegaLite.compile(spes).spec), {renderer: "none"});
view.runAsync().then(() => {
  const bentuk = [];
  const jalan = (n) => {
    if (n.marktype === "shape") for (const i of n.items) bentuk.push({
      kode: i.datum.kode, isi: i.fill, garis: i.stroke, lebar: i.bounds.x2 - i.bounds.x1,
      tinggi: i.bounds.y2 - i.bounds.y1});
    for (const c of (n.items || [])) if (c.items) jalan(c);
  };
  jalan(view.scenegraph().root);
  process.stdout.write(JSON.stringify({lebar: view.width(), tinggi: view.height(), bentuk}));
});
"""


@perlu_node
def test_grafik_peta_draws_each_region_in_its_place(tmp_path):
    """Drawn by Vega (d3-geo): each region is a small shape inside the plot — not the whole
    globe, which is what a ring wound the RFC 7946 way becomes — the region without a value is
    grey, and the selected region gets an outline."""
    from analisis.laporan.sumber_daya import _sumber_vega, berkas_vega

    pustaka = [
        str(_sumber_vega() / Path(r).name.removesuffix(".min.js")) for r in berkas_vega()[:2]
    ]
    skrip = tmp_path / "peta.js"
    skrip.write_text(_SKRIP_PETA_NODE, encoding="utf-8")
    g = _peta(terpilih="6303")
    keluar = subprocess.run(
        [NODE, str(skrip), *pustaka],
        input=json.dumps(siapkan_spesifikasi(g.spesifikasi)),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    hasil = json.loads(keluar)
    bentuk = hasil["bentuk"]
    isi = [b for b in bentuk if b["isi"] not in (None, "transparent")]
    assert sorted(b["kode"] for b in isi) == sorted(
        f["kode"] for f in g.spesifikasi["data"]["values"]
    )
    for b in isi:
        assert 0 < b["lebar"] < 0.8 * hasil["lebar"] and 0 < b["tinggi"] < 0.8 * hasil["tinggi"], b
    kosong = g.meta["tanpa_nilai"][0]
    assert [b["isi"] for b in isi if b["kode"] == kosong] == ["#d9d9d9"]
    assert len({b["isi"] for b in isi}) == len(isi)  # distinct values, distinct blues
    assert [b["kode"] for b in bentuk if b["garis"] == PALET["wilayah"]] == ["6303"]


def test_grafik_batang_selang_order_series_and_gaps():
    g = _selang()
    spes = g.spesifikasi
    assert g.meta == {
        "jenis": "batang_selang",
        "urutan": ["Agregasi", "Bobot", "Galat"],
        "seri": ["S1", "ST"],
    }
    batang, selang = spes["layer"]
    assert batang["encoding"]["y"]["sort"] == ["Agregasi", "Bobot", "Galat"]
    assert batang["encoding"]["yOffset"]["field"] == "seri"
    assert selang["mark"]["type"] == "rule" and selang["encoding"]["x2"] == {"field": "atas"}
    baris = spes["data"]["values"]
    assert [b["seri"] for b in baris[:2]] == ["S1", "ST"]
    assert baris[5]["bawah"] is None  # a missing bound stays missing (no interval drawn)
    assert {b["teks"] for b in baris} >= {"0,10", "0,60"}
    with pytest.raises(KeyError, match="atas"):
        grafik_batang_selang(
            pd.DataFrame({"k": ["a"], "s": ["x"], "n": [1.0], "b": [0.5]}),
            kategori="k",
            seri="s",
            nilai="n",
            bawah="b",
            atas="atas",
        )


def test_chart_records_keep_the_values_pandas_json_would_write():
    # grafik_tren builds its records without a frame; its numbers must be those _rekaman
    # (pandas to_json, 15 decimals, read back) gives, or the exported reports would change.
    nilai = [
        4.65,
        581229.0,
        -0.0,
        0.0,
        0.1 + 0.2,
        7.566325510861867,
        1e-7,
        123456789012.345,
        2.5,
        -3.1415926535,
        1e20,
        12.3456789012,
    ]
    harapan = [r["v"] for r in _rekaman(pd.DataFrame({"v": nilai}))]
    hasil = _angka_rekaman(nilai)
    assert [repr(v) for v in hasil] == [repr(v) for v in harapan]
    assert hasil[4] != nilai[4] and repr(hasil[2]) == "0.0"  # pandas rounds and drops the sign


@pytest.mark.parametrize("menurun", [True, False])
def test_grafik_batang_orders_ties_and_gaps_as_pandas_stable_sort(menurun):
    # Equal values keep their input order in both directions and missing values go last,
    # as sort_values(kind="stable", na_position="last") did before the bars were plain lists.
    df = pd.DataFrame(
        {
            "wilayah": list("ABCDEFG"),
            "nilai": [2.0, np.nan, 5.0, 2.0, 5.0, np.nan, 0.1 + 0.2],
        }
    )
    g = grafik_batang(df, menurun=menurun)
    harapan = df.sort_values("nilai", ascending=not menurun, na_position="last", kind="stable")
    assert g.meta["urutan"] == harapan["wilayah"].tolist()
    assert g.spesifikasi["data"]["values"] == _rekaman(
        pd.DataFrame(
            {
                "kategori": harapan["wilayah"],
                "nilai": harapan["nilai"],
                "warna": PALET["lainnya"],
                "teks_nilai": [angka(v) for v in harapan["nilai"]],
            }
        )
    )
