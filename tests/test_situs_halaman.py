"""The static site from per-region results (computed with the library, no notebook run)."""

from __future__ import annotations

import io
import re
import shutil

import openpyxl
import pandas as pd
import pytest

from analisis.data.model import Basisdata
from analisis.evaluasi import evaluasi_wilayah, simpan_hasil
from analisis.galat import GalatAnalisis
from analisis.kontrak import BarisPeringkat, PeringkatProvinsi
from analisis.laporan.ekspor import rujukan_eksternal
from analisis.runner.kunci import tulis_sidecar
from analisis.situs import bangun_situs, tabel_ringkasan
from analisis.tata_letak import TataLetak
from conftest import tulis_peringkat_uji


@pytest.fixture(scope="module")
def laporan(tmp_path_factory):
    """6371 succeeded, 6372 failed after an earlier success (old report kept), 11 not run."""
    lap = tmp_path_factory.mktemp("situs")
    ft = TataLetak(lap).tahun("63", 2024)
    basis = Basisdata.muat(impor=False)
    for kode in ("6371", "6372"):
        simpan_hasil(evaluasi_wilayah(kode, 2024, basis=basis), lap)
        ft.laporan_wilayah(kode).parent.mkdir(parents=True, exist_ok=True)
        ft.laporan_wilayah(kode).write_text(
            f"<html><body>laporan {kode}</body></html>" + " " * 4000
        )
    tulis_sidecar(ft, "6371", status="berhasil", kunci="k", detik=12.34)
    tulis_sidecar(
        ft,
        "6372",
        status="gagal",
        kunci="k",
        detik=3.2,
        pesan="Evaluasi Kota Banjarbaru (6372) 2024 gagal di sel 4: ValueError: uji",
    )
    return lap


def _baris(html: str, kode: str) -> str:
    m = re.search(rf'<tr data-kode="{kode}">(.*?)</tr>', html, re.DOTALL)
    assert m, kode
    return re.sub(r"<[^>]+>", " ", m.group(1))


def test_province_page_table_in_indonesian_format(laporan):
    p = bangun_situs(laporan, "63", 2024)
    assert p == laporan / "6300" / "2024" / "index.html"
    html = p.read_text("utf-8")
    assert '<html lang="id">' in html
    assert "Evaluasi penanggulangan kemiskinan — Provinsi Kalimantan Selatan 2024" in html
    assert html.count("<tr data-kode=") == 13
    b = " ".join(_baris(html, "6371").split())
    assert "Kota Banjarmasin" in b and "4,58" in b and "−0,31" in b and "prioritas" in b
    assert "9 dari 13" in b and "berhasil" in b and "12,3 detik" in b and "KB" in b
    assert '<a href="wilayah/6371.html">Kota Banjarmasin</a>' in html
    b = " ".join(_baris(html, "6372").split())
    assert "gagal" in b and "laporan dari jalan sebelumnya" in b
    assert 'title="Evaluasi Kota Banjarbaru (6372) 2024 gagal di sel 4: ValueError: uji"' in html
    b = " ".join(_baris(html, "6303").split())
    assert "Kabupaten Banjar" in b and "belum dijalankan" in b and "wilayah/6303.html" not in html
    assert "Peringkat kinerja provinsi belum dibangun" in html
    assert "analisis peringkat --provinsi 63 --tahun 2024" in html
    assert (
        "Mutu A = tabel atau API BPS" in html and "Dua seri IPM" in html
    )  # sources, grades, caveats
    assert (
        '<svg role="img"' in html and "Kalimantan Selatan: 4,11" in html
    )  # P0 chart with reference
    for nama in (
        "unduhan/ringkasan_6300_2024.csv",
        "unduhan/ringkasan_6300_2024.xlsx",
        "manifest.json",
        "../../index.html",
    ):
        assert f'href="{nama}"' in html


def test_pages_are_offline_and_link_relatively(laporan):
    bangun_situs(laporan, "6300", 2024)
    for p in (laporan / "index.html", laporan / "6300" / "2024" / "index.html"):
        html = p.read_text("utf-8")
        assert rujukan_eksternal(html) == []
        assert "<script" not in html
        for href in re.findall(r'href="([^"]+)"', html):
            assert not re.match(r"^(?:[a-z]+:|/)", href), href
    utama = (laporan / "index.html").read_text("utf-8")
    assert '<a href="6300/2024/index.html">Kalimantan Selatan</a>' in utama
    assert "1 dari 13" in utama and "belum dibangun" in utama


def test_downloads_one_row_per_region_with_key_figures(laporan):
    bangun_situs(laporan, "63", 2024)
    ft = laporan / "6300" / "2024"
    teks = (ft / "unduhan" / "ringkasan_6300_2024.csv").read_text("utf-8-sig")
    assert teks.startswith("# Ringkasan evaluasi kabupaten/kota Kalimantan Selatan 2024")
    csv = pd.read_csv(
        io.StringIO(teks), sep=";", decimal=",", comment="#", dtype={"kode_wilayah": str}
    )
    assert len(csv) == 13 and list(csv["kode_wilayah"][:2]) == ["6301", "6302"]
    r = csv.set_index("kode_wilayah").loc["6371"]
    assert r["p0"] == 4.58 and r["kuadran"] == "prioritas" and r["status_jalan"] == "berhasil"
    for kolom in (
        "kinerja_penurunan_p0_3th",
        "kinerja_efektivitas_p0",
        "p0_pembanding",
        "garis_kemiskinan",
        "jumlah_angka_mutu_A",
        "sidik_jari_data",
        "ukuran_laporan_kb",
    ):
        assert kolom in csv.columns, kolom
    assert pd.isna(csv.set_index("kode_wilayah").loc["6303", "p0"])
    wb = openpyxl.load_workbook(ft / "unduhan" / "ringkasan_6300_2024.xlsx", read_only=True)
    assert wb.sheetnames == ["Catatan", "Ringkasan"]
    baris = list(wb["Ringkasan"].iter_rows(values_only=True))
    assert len(baris) == 14 and baris[0][0] == "kode_wilayah"
    assert tabel_ringkasan(TataLetak(laporan).tahun("63", 2024)).shape[0] == 13


def test_page_parts_read_once_are_the_parts_read_apart(laporan):
    """The top page's status counts (sidecars only) and the province page's prepared parts
    (each result read once) are what the summary table and the sources section give."""
    from collections import Counter

    from analisis.situs.data import hitung_status, sumber_dan_mutu
    from analisis.situs.halaman import siapkan_bahan

    ft = TataLetak(laporan).tahun("63", 2024)
    t = tabel_ringkasan(ft)
    assert hitung_status(ft) == Counter(t["status_jalan"])
    assert hitung_status(ft) == {"berhasil": 1, "gagal": 1, "belum dijalankan": 11}
    bahan = siapkan_bahan(ft)
    pd.testing.assert_frame_equal(bahan.tabel, t)
    assert bahan.sumber == sumber_dan_mutu(ft, list(t["kode_wilayah"]))
    assert bahan.sumber["mutu"]["A"] > 0


def test_ranking_summary_when_present(laporan, tmp_path):
    lap = tmp_path / "lap"
    shutil.copytree(laporan, lap)
    ft = lap / "6300" / "2024"
    data = pd.DataFrame(
        {"wilayah": ["Kota Banjarmasin", "Kota Banjarbaru"], "penurunan_p0_3th": [0.5, 0.2]},
        index=pd.Index(["6371", "6372"], name="kode_wilayah"),
    )
    data["rpkd_berlaku"] = ["ya", "tidak"]
    p = tulis_peringkat_uji(lap, "63", 2024, data)
    kontrak = PeringkatProvinsi.baca(p)
    baris = [
        BarisPeringkat(
            kode_wilayah="6372",
            nama="Kota Banjarbaru",
            peringkat=2,
            skor=71.456,
            interval_bawah=1,
            interval_atas=4,
            peluang_3_besar=0.625,
        ),
        BarisPeringkat(
            kode_wilayah="6371",
            nama="Kota Banjarmasin",
            peringkat=1,
            skor=80.5,
            interval_bawah=1,
            interval_atas=1,
            peluang_3_besar=0.98,
        ),
    ]
    kontrak.model_copy(update={"baris": baris}).tulis(p)
    html = bangun_situs(lap, "63", 2024).read_text("utf-8")
    tabel = re.search(r'<table id="tabel-peringkat">(.*?)</table>', html, re.DOTALL).group(1)
    teks = " ".join(re.sub(r"<[^>]+>", " ", tabel).split())
    assert teks.index("Kota Banjarmasin") < teks.index("Kota Banjarbaru")  # sorted by rank
    assert "80,50" in teks and "71,46" in teks and "1–4" in teks and "63%" in teks and "98%" in teks
    assert "Laporan peringkat lengkap" not in html  # its HTML does not exist yet
    (ft / "peringkat" / "peringkat.html").write_text("<html></html>")
    html = bangun_situs(lap, "63", 2024).read_text("utf-8")
    assert '<a href="peringkat/peringkat.html">Laporan peringkat lengkap' in html
    # The overview row of Kalimantan Selatan 2024 links the ranking (before it was written the
    # cell read "belum dibangun").
    utama = (lap / "index.html").read_text("utf-8")
    baris = re.search(r'<tr><td><a href="6300/2024/index.html">.*?</tr>', utama).group(0)
    sel = re.findall(r"<td[^>]*>(.*?)</td>", baris)
    assert sel[4] == '<a href="6300/2024/peringkat/peringkat.html">peringkat</a>'
    assert "belum dibangun" not in utama
    # the caveats of the ranking are on the province page and at the top of its downloads
    assert 'id="peringatan-peringkat"' in html and "bukan bobot resmi" in html
    unduhan = (ft / "unduhan" / "ringkasan_6300_2024.csv").read_text("utf-8-sig")
    assert "# Bobot kerangka 'Kerangka uji' adalah usulan, bukan bobot resmi" in unduhan


def test_interrupted_build_keeps_the_previous_site(laporan, tmp_path, monkeypatch):
    lap = tmp_path / "lap"
    shutil.copytree(laporan, lap)
    p = bangun_situs(lap, "63", 2024)
    sebelum = p.read_text("utf-8")

    def rusak(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr("analisis.situs.halaman.halaman_provinsi", rusak)
    with pytest.raises(KeyboardInterrupt):
        bangun_situs(lap, "63", 2024)
    assert p.read_text("utf-8") == sebelum
    assert not [x for x in lap.rglob("*") if ".tmp" in x.name]


def test_unknown_province_is_refused(tmp_path):
    with pytest.raises(GalatAnalisis, match="tidak dikenal"):
        bangun_situs(tmp_path, "99", 2024)


def test_sensitivity_and_coherence_on_the_ranking_section(laporan, tmp_path):
    """The province page shows the stored Sobol indices (first-order and total, with their
    confidence intervals), the method and its settings, removals, coherence; numbers as in
    peringkat.json, Indonesian format, offline (inline SVG, no script)."""
    from analisis.laporan import format as fmt
    from analisis.peringkat import uraian_sensitivitas as us

    lap = tmp_path / "lap"
    shutil.copytree(laporan, lap)
    kode = ["6301", "6302", "6303", "6304", "6305", "6306", "6371", "6372"]
    data = pd.DataFrame(
        {
            "wilayah": [f"Wilayah {k}" for k in kode],
            "penurunan_p0_3th": [0.5, 0.2, 0.9, -0.1, 0.4, 0.45, 0.1, 0.3],
            "rpkd_berlaku": ["ya", "tidak", "ya", "ya", "tidak", "ya", "tidak", "ya"],
        },
        index=pd.Index(kode, name="kode_wilayah"),
    )
    p = tulis_peringkat_uji(lap, "63", 2024, data, dengan_sensitivitas=True)
    kontrak = PeringkatProvinsi.baca(p)
    sens, koh = kontrak.sensitivitas, kontrak.koherensi
    assert sens is not None and koh is not None and us.ada_indeks(sens)
    html = bangun_situs(lap, "63", 2024).read_text("utf-8")
    assert rujukan_eksternal(html) == [] and "<script" not in html

    awal = html.index('<h2 id="sensitivitas">')
    bagian = html[awal:]
    teks = " ".join(
        re.sub(r"<[^>]+>", " ", re.sub(r"<svg.*?</svg>", "", bagian, flags=re.DOTALL)).split()
    )
    # How the ranking table's range differs from the sensitivity range, said on both sides.
    assert 'href="#sensitivitas"' in html[:awal] and "simulasi Monte Carlo uji ketahanan" in html
    assert us.kalimat_rentang_sensitivitas(sens) in teks
    # Method and settings: sample size, evaluations, seed, confidence level, what is varied.
    par = sens["parameter"]
    assert f"sampel dasar {fmt.angka(par['jumlah_sampel'], 0)}" in teks
    assert f"benih {par['benih']}" in teks and "selang kepercayaan 95 persen" in teks
    for f in sens["faktor"]:
        assert f"{f['nama']}: {f['uraian']}" in teks
    # The chart (inline SVG from the report's specification) and the table of indices.
    assert re.search(r'<figure id="grafik-sobol"><svg role="img"', bagian)
    tabel = re.search(r'<table id="tabel-sobol">(.*?)</table>', bagian, re.DOTALL).group(1)
    baris = [
        [re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<td[^>]*>(.*?)</td>", b)]
        for b in re.findall(r"<tr data-faktor[^>]*>(.*?)</tr>", tabel)
    ]
    harapan = [
        [
            r["faktor"],
            f"{fmt.angka(r['S1'], 2)} ({fmt.angka(r['S1_bawah'], 2)} s.d. {fmt.angka(r['S1_atas'], 2)})",
            f"{fmt.angka(r['ST'], 2)} ({fmt.angka(r['ST_bawah'], 2)} s.d. {fmt.angka(r['ST_atas'], 2)})",
        ]
        for _, r in us.tabel_sobol(sens).iterrows()
    ]
    assert baris == harapan and len(baris) == len(sens["faktor"])
    assert us.kalimat_temuan_sobol(sens) in teks
    # Per region: the range of the sensitivity design and the stored explanation.
    w = sens["wilayah"][0]
    sel = re.search(rf'<tr data-kode="{w["kode_wilayah"]}">(.*?)</tr>', bagian, re.DOTALL).group(1)
    assert f"{int(w['peringkat_p05'])}–{int(w['peringkat_p95'])}" in sel and w["uraian"] in sel
    # Removal, alternatives and coherence, with their one-sentence explanations.
    assert "Bila satu indikator atau dimensi dihapus" in teks
    assert us.kalimat_penghapusan(sens, {d.kode: d.nama for d in kontrak.kerangka.dimensi}) in teks
    assert "Koherensi indeks" in teks and us.kalimat_koherensi_indikator(koh) in teks
    assert "alfa Cronbach" in teks and "bobot efektif: sumbangan keragaman (%)" in teks
    for k in koh["peringatan"]:
        assert k in teks
    assert "penurunan_p0_3th" not in teks  # names, never codes


def test_ranking_without_sensitivity_says_how_to_add_it(laporan, tmp_path):
    lap = tmp_path / "lap"
    shutil.copytree(laporan, lap)
    data = pd.DataFrame(
        {"wilayah": ["Kota Banjarmasin", "Kota Banjarbaru"], "penurunan_p0_3th": [0.5, 0.2]},
        index=pd.Index(["6371", "6372"], name="kode_wilayah"),
    )
    data["rpkd_berlaku"] = ["ya", "tidak"]
    tulis_peringkat_uji(lap, "63", 2024, data)
    html = bangun_situs(lap, "63", 2024).read_text("utf-8")
    assert '<h2 id="sensitivitas">' in html
    assert "belum memuat analisis sensitivitas dan koherensi" in html


def test_chart_svg_drawn_once_per_specification():
    """The same specification (a page rebuilt with the same ranking) is drawn once per
    process and gives the same SVG; another specification is drawn anew."""
    from analisis.laporan.grafik import Grafik
    from analisis.situs import sensitivitas as s

    def grafik(nilai: float) -> Grafik:
        return Grafik(
            {
                "title": "Uji <svg>",
                "data": {"values": [{"x": "a", "y": nilai}, {"x": "b", "y": 2.0}]},
                "mark": "bar",
                "encoding": {"x": {"field": "x", "type": "nominal"}, "y": {"field": "y"}},
            }
        )

    s._svg.cache_clear()
    pertama = s.svg_grafik(grafik(1.0))
    assert pertama.startswith('<svg role="img" aria-label="Uji &lt;svg&gt;" ')
    assert s._svg.cache_info().currsize == 1
    assert s.svg_grafik(grafik(1.0)) == pertama and s._svg.cache_info().currsize == 1
    assert s._svg.cache_info().misses == 1  # drawn once
    lain = s.svg_grafik(grafik(5.0))
    assert lain != pertama and s._svg.cache_info().currsize == 2
