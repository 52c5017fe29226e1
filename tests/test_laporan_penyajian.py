"""Report presentation pieces: indicator values with their unit and precision, lean captioned
tables, numbered captions and the table of contents, quadrant charts without overlapping labels."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analisis.laporan import indikator as li
from analisis.laporan import tabel
from analisis.laporan.grafik_kuadran import grafik_kuadran, tata_label
from analisis.laporan.navigasi import daftar_isi, nomori_keterangan, rapikan_laporan
from analisis.laporan.tabel import tabel_html

M = "\u2212"


def test_indicator_values_carry_their_unit_and_published_precision():
    assert li.nilai(2.36, "p0") == "2,36 persen"
    assert li.nilai(32.3, "stunting") == "32,3 persen"  # not "32,30 persen"
    assert li.nilai(0.258, "gini_ratio") == "0,258"  # not "0,26"
    assert li.nilai(589165.0, "garis_kemiskinan") == "Rp589.165/kapita/bulan"  # not "589.165,00"
    assert li.nilai(40027.0, "pdrb_per_kapita_adhb") == "40.027 ribu Rp/kapita/tahun"
    assert li.nilai(14.46, "jumlah_penduduk_miskin") == "14.460 jiwa"
    assert li.nilai(13.04, "hls") == "13,04 tahun"
    assert li.perubahan(-0.08, "p0") == f"{M}0,08 poin persen"
    assert li.perubahan(0.4, "ipm") == "+0,40 poin"
    assert li.perubahan(-1.454, "jumlah_penduduk_miskin") == f"{M}1.454 jiwa"
    assert li.perubahan(35103.4, "garis_kemiskinan", tambah=1) == "+Rp35.103"  # whole rupiah
    assert li.perubahan(-0.072, "p0", tambah=1) == f"{M}0,072 poin persen"  # per-year average
    assert li.persen_relatif(-13.2353) == f"{M}13,24%"
    assert li.nilai(float("nan"), "p0") == "\u2013"
    assert li.label_satuan("p1") == "indeks" and li.label_satuan("p0", perubahan=True) == (
        "poin persen"
    )


def test_lean_table_has_a_caption_and_right_aligned_number_columns():
    df = pd.DataFrame({"Wilayah": ["A<b>", "B"], "P0 (persen)": ["2,36", "–"]})
    teks = tabel_html(df, "Judul & isi", catatan="catatan")
    assert "<caption>Judul &amp; isi</caption>" in teks
    # Column 2 is a number column: named on the table, not on every cell.
    assert '<table class="tabel-laporan a2">' in teks
    assert "<th>P0 (persen)" in teks and "<td>2,36" in teks
    assert "<td>A&lt;b&gt;" in teks  # text is escaped
    assert 'id="T_' not in teks and "<style" not in teks  # no Styler bloat
    assert '<p class="catatan-tabel">catatan</p>' in teks


def test_suppressed_and_withheld_cells_keep_their_column_right_aligned():
    df = pd.DataFrame(
        {
            "Desa": ["A", "B", "C"],
            "Penerima wafat (jiwa)": ["<5", "12", "< 10"],
            "Galat inklusi (persen penerima)": ["disembunyikan", "3,25", "–"],
            "Keterangan": ["<5 keluarga", "ada", "tidak"],
        }
    )
    teks = tabel_html(df, "Judul")
    assert '<table class="tabel-laporan a2 a3">' in teks  # not a4: "<5 keluarga" is text


def test_number_columns_past_the_stylesheet_range_mark_their_cells():
    from analisis.laporan.tabel import KOLOM_KANAN_CSS

    df = pd.DataFrame({f"Kolom {i} (persen)": ["1,5"] for i in range(1, KOLOM_KANAN_CSS + 3)})
    df.insert(0, "Wilayah", ["A"])
    teks = tabel_html(df, "Lebar", kelas="lebar")
    kelas = " ".join(f"a{i}" for i in range(2, KOLOM_KANAN_CSS + 1))
    assert f'<table class="tabel-laporan lebar {kelas}">' in teks
    assert teks.count('<td class="a">') == 3 and teks.count('<th class="a">') == 3  # 13–15
    css = (Path(tabel.__file__).with_name("static") / "laporan.css").read_text("utf-8")
    for i in range(1, KOLOM_KANAN_CSS + 1):
        assert f".tabel-laporan.a{i} :is(td,th):nth-child({i})" in css
    assert f".a{KOLOM_KANAN_CSS + 1} " not in css


def test_lean_table_sets_codes_as_identifiers_and_links_its_download():
    df = pd.DataFrame({"Kecamatan (kode)": ["630301", "–"], "Masuk (jiwa)": ["12", "<5"]})
    teks = tabel_html(
        df,
        "Per kecamatan",
        kolom_kode=["Kecamatan (kode)"],
        tautan=("Unduh & lihat", "../u/a.xlsx"),
    )
    # A code is not a value: set as code, never right-aligned; a missing one stays "–".
    assert "<th>Kecamatan (kode)" in teks and "<td><code>630301</code>" in teks
    assert "<td>–" in teks
    assert '<p class="catatan-tabel"><a href="../u/a.xlsx">Unduh &amp; lihat</a></p>' in teks


_HALAMAN = (
    "<html><body><main>"
    '<div id="cell-id=a"><h1 id="Judul">Judul</h1></div>'
    '<div id="cell-id=b"><h2 id="1.-Ringkasan">1. Ringkasan<a class="anchor-link" '
    'href="#1.-Ringkasan">¶</a></h2></div>'
    "<table><caption>Kartu</caption></table>"
    '<div class="grafik-vega"><p class="judul-grafik">Tren</p></div>'
    '<h2 id="2.-Perkembangan">2. Perkembangan</h2>'
    '<h3 id="Sub">Sub</h3>'
    "<table><caption>A</caption></table><table><caption>B</caption></table>"
    '<div class="grafik-vega"><p class="judul-grafik">G</p></div>'
    '<h2 id="Lampiran">Lampiran</h2><table><caption>Asal</caption></table>'
    "</main></body></html>"
)


def test_captions_are_numbered_per_section_in_page_order():
    h = nomori_keterangan(_HALAMAN)
    nomor = [x.split(".</span>")[0].split(">")[-1] for x in h.split('<span class="nomor">')[1:]]
    assert nomor == ["Tabel 1.1", "Gambar 1.1", "Tabel 2.1", "Tabel 2.2", "Gambar 2.1", "Tabel L.1"]


def test_table_of_contents_links_every_section_and_site_links_come_first():
    nav = daftar_isi(_HALAMAN)
    assert '<a href="#1.-Ringkasan">1. Ringkasan</a>' in nav  # the ¶ anchor is not in the text
    assert '<ol><li><a href="#Sub">Sub</a></li>' in nav  # subsections nested
    h = rapikan_laporan(_HALAMAN, tautan=[("← Provinsi", "../index.html")])
    assert h.index('<nav class="navigasi-situs">') < h.index("<h1")
    assert h.index('<nav class="daftar-isi"') < h.index('id="1.-Ringkasan"')
    assert h.index('<nav class="daftar-isi"') > h.index("<h1")


def test_label_placement_avoids_overlaps_and_edges():
    # Five points in a tight cluster: every placed label stays inside and overlaps nothing.
    px, py = [100, 104, 108, 100, 104], [100, 100, 100, 106, 106]
    teks = ["Hulu Sungai Utara", "Tanah Bumbu", "Tapin", "Kota Banjarbaru", "Balangan"]
    posisi = tata_label(px, py, teks, 400, 300)
    from analisis.laporan.grafik_kuadran import _kotak_label

    kotak = [_kotak_label(px[i], py[i], teks[i], *p) for i, p in enumerate(posisi) if p]
    assert len(kotak) >= 3
    assert all(0 <= k.x0 and k.x1 <= 400 and 0 <= k.y0 and k.y1 <= 300 for k in kotak)
    assert not any(a.tumpang(b) for i, a in enumerate(kotak) for b in kotak[i + 1 :])


def test_quadrant_chart_shades_names_and_highlights(validator_vegalite):
    df = pd.DataFrame(
        {
            "nama": ["A", "B", "C", "D", "E"],
            "level": [2.4, 4.6, 5.8, 3.3, np.nan],
            "laju": [-0.22, -0.25, -0.12, -0.09, -0.3],
            "kuadran": ["waspada", "mengejar", "prioritas", "waspada", None],
        }
    )
    sudut = {
        (False, False): "unggul",
        (True, False): "mengejar",
        (True, True): "prioritas",
        (False, True): "waspada",
    }
    g = grafik_kuadran(
        df, x="level", y="laju", sorot="A", ambang_x=4.11, ambang_y=-0.24, label_sudut=sudut
    )
    spes = g.spesifikasi
    assert [e.message for e in validator_vegalite.iter_errors(spes)] == []
    json.dumps(spes, allow_nan=False)
    latar = spes["layer"][0]["data"]["values"]
    assert {r["warna"] for r in latar} == {"#1b7837", "#2166ac", "#b2182b", "#e08214"}
    nama = [r["teks"] for lapis in spes["layer"][1]["layer"] for r in lapis["data"]["values"]]
    assert sorted(nama) == ["MENGEJAR", "PRIORITAS", "UNGGUL", "WASPADA"]
    assert g.meta["tanpa_nilai"] == ["E"] and g.meta["tanpa_label"] == []
    kotak = g.meta["kotak_label"]
    assert len(kotak) == 4
    assert not any(
        a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        for i, a in enumerate(kotak)
        for b in kotak[i + 1 :]
    )
    tebal = [lapis for lapis in spes["layer"] if lapis.get("mark", {}).get("fontWeight") == "bold"]
    assert [r["teks"] for r in tebal[0]["data"]["values"]] == ["A"]  # the highlighted region


@pytest.fixture(scope="module")
def validator_vegalite():
    import jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    return jsonschema.Draft7Validator(load_schema())


def test_table_rows_are_those_of_itertuples():
    # The report's row iterator reuses its tuple class; fields and values (with their types:
    # nullable booleans, missing text, numbers) are exactly those of DataFrame.itertuples,
    # including renamed fields (not identifiers, repeated) and a second call with the same columns.
    df = pd.DataFrame(
        {
            "teks": ["a", None, "c"],
            "nilai": [1.5, float("nan"), 3.0],
            "jumlah": [1, 2, 3],
            "pasti": pd.array([True, None, False], dtype="boolean"),
            "Δ wilayah": ["x", "y", "z"],
        },
        index=[10, 11, 12],
    )
    ganda = pd.DataFrame([[1, "a"], [2, "b"]], columns=["k", "k"])
    for data in (df, df.iloc[1:], ganda, df.iloc[:0]):
        for index in (True, False):
            for _ in range(2):
                harap = list(data.itertuples(index=index))
                dapat = list(tabel.baris_tabel(data, index=index))
                assert [r._fields for r in dapat] == [r._fields for r in harap]
                assert [[(type(v), repr(v)) for v in r] for r in dapat] == [
                    [(type(v), repr(v)) for v in r] for r in harap
                ]


def test_baris_tabel_rows_and_columns_as_itertuples_of_the_selection():
    df = pd.DataFrame(
        {
            "ind": pd.array(["p0", "p1", "p0", "p0"], dtype="str"),
            "nilai": [4.65, np.nan, 5.1, 2.0],
            "jumlah": pd.array([1, None, 3, 4], dtype="Int64"),
            "ket": pd.array(["a", "b", None, "d"], dtype="str"),
            "sah": [True, False, True, False],
            "bagian": pd.array([0.5, None, 0.25, 1.0], dtype="Float64"),
            "tgl": pd.to_datetime(["2024-03-01", None, "2023-03-01", "2022-03-01"]),
            "kat": pd.Categorical(["x", "y", None, "x"]),
        }
    )
    pilih = df["ind"].to_numpy() == "p0"
    kolom = ["ket", "nilai", "jumlah", "sah"]
    harapan = list(df.loc[pilih, kolom].itertuples(index=False))
    hasil = list(tabel.baris_tabel(df, index=False, kolom=kolom, pilih=pilih))
    assert [r._fields for r in hasil] == [r._fields for r in harapan]
    assert [str(v) for r in hasil for v in r] == [str(v) for r in harapan for v in r]
    assert [type(v) for r in hasil for v in r] == [type(v) for r in harapan for v in r]
    for index in (True, False):  # the whole frame: same values and types as itertuples
        hasil = list(tabel.baris_tabel(df, index=index))
        harapan = list(df.itertuples(index=index))
        assert [[type(v) for v in r] for r in hasil] == [[type(v) for v in r] for r in harapan]
        assert [str(v) for r in hasil for v in r] == [str(v) for r in harapan for v in r]
    assert list(tabel.baris_tabel(df, index=False, kolom=["sah"])) == list(
        df[["sah"]].itertuples(index=False)
    )
    with pytest.raises(ValueError, match="index=False"):
        tabel.baris_tabel(df, pilih=pilih)
