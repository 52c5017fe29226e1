"""The ranking app in headless Chromium, served exactly as in production.

One module fixture builds a real reports folder for 2024 — Kalimantan Selatan (13 kab/kota) and
Kalimantan Utara (5), region results and rankings from the runner's library calls, ~15–25 s —
plus a one-line placeholder HTML report per Kalsel region (used only to test links and static
serving). The server is started with
``python -m analisis.aplikasi.cli`` — the ``analisis sajikan`` command — on a free port, and the
tests wait on ``/liveness``.
"""

from __future__ import annotations

import csv
import http.client
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from analisis.data.wilayah import muat_wilayah, wilayah_provinsi

KALSEL = wilayah_provinsi("63")
KALTARA = wilayah_provinsi("65")
TAHUN = 2024


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def laporan(tmp_path_factory) -> Path:
    from analisis.data.model import Basisdata
    from analisis.evaluasi import evaluasi_wilayah, simpan_hasil
    from analisis.peringkat.jalankan import hitung_peringkat, simpan_peringkat
    from analisis.proyek import Proyek

    akar = tmp_path_factory.mktemp("aplikasi")
    folder = akar / "reports"
    b = Basisdata.muat(impor=False)
    proyek = Proyek.muat(laporan=folder)
    for prov, kode in (("63", KALSEL), ("65", KALTARA)):
        for k in kode:
            simpan_hasil(evaluasi_wilayah(k, TAHUN, basis=b), folder)
        simpan_peringkat(
            hitung_peringkat(prov, TAHUN, proyek=proyek, jumlah_iterasi=300, benih=1), proyek
        )
    wil = folder / "6300" / str(TAHUN) / "wilayah"
    wil.mkdir(parents=True)
    for k in KALSEL:  # placeholders: link/serving mechanics only
        (wil / f"{k}.html").write_text(
            f"<html><head><title>Laporan {k}</title></head><body>"
            f"<h1 id='kode'>{k}</h1></body></html>",
            "utf-8",
        )
    # A file next to (outside) the reports folder that traversal must never reach.
    (akar / "rahasia.txt").write_text("JANGAN DISAJIKAN", "utf-8")
    return folder


@pytest.fixture(scope="module")
def server(laporan):
    """``analisis sajikan`` (via ``python -m analisis.aplikasi.cli``) on a free port."""
    port = _port_bebas()
    log = laporan.parent / "server.log"
    with open(log, "w") as f:
        proses = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "analisis.aplikasi.cli",
                "--laporan",
                str(laporan),
                "--port",
                str(port),
                "--tanpa-buka",
            ],
            stdout=f,
            stderr=subprocess.STDOUT,
            env={
                **os.environ,
                "PYTHONUNBUFFERED": "1",
                "XDG_CACHE_HOME": str(laporan.parent / "cache"),
            },
        )
    url = f"http://127.0.0.1:{port}"
    batas = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(url + "/liveness", timeout=5) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proses.poll() is not None or time.monotonic() > batas:
            proses.kill()
            pytest.fail(f"server tidak siap (kode {proses.returncode}):\n{log.read_text()[-3000:]}")
        time.sleep(0.5)
    yield url
    proses.send_signal(signal.SIGTERM)  # forwarded to the panel serve child
    try:
        proses.wait(30)
    except subprocess.TimeoutExpired:
        proses.kill()
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


PETA_WILAYAH = ".peta-wilayah svg.marks path[aria-roledescription='geoshape']"
"""The map's regions as Vega draws them (SVG; Playwright's locators pierce the shadow DOM)."""


def _get(url: str, path: str) -> tuple[int, bytes]:
    """Raw GET (http.client sends the path as is: no client-side '..' normalisation)."""
    host, port = url.removeprefix("http://").split(":")
    c = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


# ------------------------------------------------------------------ no browser


def test_peringkat_terbitan_direproduksi(laporan):
    """Glue + library with the published weights and settings give the published ranking."""
    from analisis.aplikasi.data import muat_peringkat
    from analisis.aplikasi.ulang import Opsi, hitung_ulang

    d = muat_peringkat(laporan / "6300" / str(TAHUN) / "peringkat" / "peringkat.json")
    k = d.kerangka  # the framework recorded in peringkat.json, no YAML
    h = hitung_ulang(d.masukan, k, Opsi.dari_meta(d.parameter_robust, jumlah_iterasi=300))
    a, b = h.tabel.set_index("kode_wilayah"), d.baris.set_index("kode_wilayah")
    assert list(a.index) == list(b.index)
    for c in (
        "peringkat",
        "skor",
        "interval_bawah",
        "interval_atas",
        "peluang_3_besar",
        "skor_hasil",
    ):
        assert a[c].astype(float).tolist() == pytest.approx(
            b[c].astype(float).tolist(), abs=1e-12
        ), c


def test_traversal_ditolak(server):
    ok, isi = _get(server, f"/reports/6300/{TAHUN}/wilayah/6303.html")
    assert ok == 200 and b"6303" in isi
    for jalur in (
        "/reports/../rahasia.txt",
        "/reports/%2e%2e/rahasia.txt",
        "/reports/%2E%2E/rahasia.txt",
        "/reports/..%2frahasia.txt",
        "/reports/6300/../../rahasia.txt",
        "/reports/../../pyproject.toml",
        "/reports/%2e%2e/%2e%2e/pyproject.toml",
        "/reports//etc/passwd",
        "/reports/",
        "/reports/6300/",
    ):
        status, isi = _get(server, jalur)
        assert status != 200, jalur
        assert b"JANGAN" not in isi and b"[project]" not in isi and b"root:" not in isi, jalur


def test_halaman_tanpa_sesi_memuat_semua_komponen(server):
    # How fast the page is served: benchmarks/bench_aplikasi.py beban --halaman.
    for _ in range(4):  # whichever worker process answers (the server runs one per core on Linux)
        status, isi = _get(server, "/app")
        assert status == 200 and b"bokeh" in isi.lower()
        # The reused page loads every component's JS, the map's Vega included (an empty start-up
        # page served by every --num-procs worker once lacked it).
        assert (
            b"vegaplot/vega-lite@" in isi and b"tabulator" in isi and b"cdn.holoviz.org" not in isi
        )


# ------------------------------------------------------------------ browser


def _buka(page, server):
    from ui_util import blokir_jaringan_luar, kumpulkan_galat

    jaringan = blokir_jaringan_luar(page)
    galat = kumpulkan_galat(page)
    konsol: list[str] = []
    page.on("console", lambda m: konsol.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 1400, "height": 1800})
    page.goto(server + "/app")
    page.wait_for_selector(".tabulator-row", timeout=60_000)
    return jaringan, galat, konsol


def _baris_tabel(page) -> list[dict[str, str]]:
    """The rows the table shows, in display order (one atomic read, safe while it re-renders)."""
    return page.locator(".tabulator-row").evaluate_all("""rows => rows.map(r => {
        const sel = {};
        for (const f of ["peringkat", "kode_wilayah", "nama", "skor", "interval", "peluang"]) {
            const c = r.querySelector(`.tabulator-cell[tabulator-field='${f}']`);
            sel[f] = c ? c.innerText.trim() : "";
        }
        return sel;
    })""")


def _tunggu(kondisi, batas_detik: float = 20.0, page=None) -> None:
    """Poll ``kondisi()`` (Playwright locators pierce the shadow DOM; page JS would not)."""
    batas = time.monotonic() + batas_detik
    while not kondisi():
        if time.monotonic() > batas:
            raise AssertionError("kondisi tidak terpenuhi dalam batas waktu")
        (page.wait_for_timeout(200) if page is not None else time.sleep(0.2))


def _angka_id(teks: str) -> float:
    return float(teks.replace(".", "").replace(",", ".").replace("\u2212", "-").rstrip("%"))


@pytest.mark.ui
def test_halaman_dimuat_tanpa_galat(page, server, artefak_dir):
    from ui_util import tunggu_vega_panel

    t0 = time.perf_counter()
    jaringan, galat, konsol = _buka(page, server)
    detik = time.perf_counter() - t0
    baris = _baris_tabel(page)
    nama = muat_wilayah()["wilayah"]
    assert sorted(b["kode_wilayah"] for b in baris) == sorted(KALSEL)
    assert {b["nama"] for b in baris} == {nama[k] for k in KALSEL}
    assert [int(b["peringkat"]) for b in baris] == sorted(int(b["peringkat"]) for b in baris)
    assert all(re.fullmatch(r"\d{1,3},\d{2}", b["skor"]) for b in baris), (
        baris
    )  # Indonesian decimals
    tunggu_vega_panel(
        page, 1
    )  # the choropleth (Vega-Lite) rendered: every kab/kota, Indonesian hover text
    label = page.locator(PETA_WILAYAH).evaluate_all(
        "ps => ps.map(p => p.getAttribute('aria-label'))"
    )
    assert len(label) == len(KALSEL) and all(re.search(r"Skor: \d{1,3},\d{2}", t) for t in label), (
        label
    )
    # The shapes came from the served boundaries file (d3 winding), not from the session document.
    r = page.request.get(server + "/batas/6300.json")
    assert r.ok and sorted(f["properties"]["kode_bps"] for f in r.json()["features"]) == sorted(
        KALSEL
    )
    # The table and the map have rendered (waited for above): the screenshot needs no pause.
    page.screenshot(path=str(artefak_dir / "aplikasi_peringkat.png"), full_page=True)
    assert galat == [] and konsol == [], (galat, konsol)
    assert jaringan.jumlah == 0, jaringan.diblokir  # offline: nothing outside 127.0.0.1
    print(f"halaman + tabel: {detik:.2f} s")


@pytest.mark.ui
def test_saringan_kepala_dan_pencarian(page, server):
    _buka(page, server)
    saring = page.locator(".tabulator-col[tabulator-field='nama'] .tabulator-header-filter input")
    saring.fill("Banjar")
    saring.press("Enter")
    _tunggu(lambda: page.locator(".tabulator-row").count() == 3, page=page)
    assert {b["kode_wilayah"] for b in _baris_tabel(page)} == {"6303", "6371", "6372"}
    saring.fill("")
    saring.press("Enter")
    _tunggu(lambda: page.locator(".tabulator-row").count() == len(KALSEL), page=page)
    cari = page.get_by_placeholder("Cari nama atau kode wilayah…")
    cari.fill("6310")
    cari.press("Enter")
    _tunggu(lambda: page.locator(".tabulator-row").count() == 1, page=page)
    assert [b["kode_wilayah"] for b in _baris_tabel(page)] == ["6310"]


@pytest.mark.ui
def test_bobot_mengubah_urutan_seperti_pustaka(page, server, laporan, artefak_dir):
    from analisis.aplikasi.data import muat_peringkat
    from analisis.aplikasi.ulang import kerangka_disesuaikan
    from analisis.laporan.format import angka
    from analisis.peringkat import hitung_indeks, uji_robust

    _buka(page, server)
    awal = _baris_tabel(page)
    # Drag the "Hasil" weight slider to its right end (1,00).
    pegangan = page.locator(".bobot-hasil .noUi-handle")
    jalur = page.locator(".bobot-hasil .noUi-base").bounding_box()
    kotak = pegangan.bounding_box()
    page.mouse.move(kotak["x"] + kotak["width"] / 2, kotak["y"] + kotak["height"] / 2)
    page.mouse.down()
    page.mouse.move(jalur["x"] + jalur["width"] + 30, kotak["y"] + kotak["height"] / 2, steps=8)
    page.mouse.up()
    page.wait_for_selector(".waktu-hitung", timeout=30_000)

    bobot = {}
    for kode in ("hasil", "komitmen_anggaran", "pelaporan_kelembagaan", "kualitas_data"):
        judul = page.locator(f".bobot-{kode} .bk-slider-title").inner_text()
        bobot[kode] = _angka_id(judul.rsplit(":", 1)[1].strip())
    assert bobot["hasil"] == 1.0

    d = muat_peringkat(laporan / "6300" / str(TAHUN) / "peringkat" / "peringkat.json")
    k = kerangka_disesuaikan(d.kerangka, bobot)
    ref = hitung_indeks(d.masukan, k, izinkan_dimensi_hilang=True).tabel
    p = d.parameter_robust
    rob = uji_robust(
        d.masukan,
        k,
        jumlah_iterasi=1000,
        benih=p["benih"],
        konsentrasi_dimensi=p["konsentrasi_dimensi"],
        konsentrasi_indikator=p["konsentrasi_indikator"],
        skala_galat=p["skala_galat"],
        izinkan_dimensi_hilang=True,
    ).ringkasan
    harapan = {kw: (int(r["peringkat"]), angka(r["skor_komposit"], 2)) for kw, r in ref.iterrows()}
    interval = {
        kw: f"{int(r['peringkat_p05'])}–{int(r['peringkat_p95'])}" for kw, r in rob.iterrows()
    }

    def cocok() -> bool:
        return {
            b["kode_wilayah"]: (int(b["peringkat"]), b["skor"]) for b in _baris_tabel(page)
        } == harapan

    try:
        _tunggu(cocok, page=page)
    except AssertionError:
        pass
    baris = _baris_tabel(page)
    assert {b["kode_wilayah"]: (int(b["peringkat"]), b["skor"]) for b in baris} == harapan
    assert [b["kode_wilayah"] for b in baris] == list(ref.index)  # table order = library order
    assert {b["kode_wilayah"]: b["interval"] for b in baris} == interval
    assert [b["kode_wilayah"] for b in baris] != [
        b["kode_wilayah"] for b in awal
    ]  # the order did change
    page.screenshot(path=str(artefak_dir / "aplikasi_bobot_disesuaikan.png"), full_page=True)

    # Reset: back to the published ranking.
    page.get_by_role("button", name="Kembalikan ke bobot kerangka").click()
    _tunggu(lambda: _baris_tabel(page) == awal, page=page)


@pytest.mark.ui
def test_rincian_wilayah_dan_tautan_laporan(page, server):
    from ui_util import tunggu_vega_panel

    _buka(page, server)
    page.locator(
        ".tabulator-row .tabulator-cell[tabulator-field='kode_wilayah']", has_text="6303"
    ).click()
    page.wait_for_selector("h3.judul-rinci[data-kode='6303']", timeout=30_000)
    assert "Banjar" in page.locator("h3.judul-rinci").inner_text()
    klasifikasi = page.locator(".klasifikasi table").inner_text()
    for kata in ("Kuadran perkembangan P0", "Peringkat P0 se-provinsi", "Target P0"):
        assert kata in klasifikasi, kata
    posisi = page.locator(".ringkas-peringkat").inner_text()
    baris = {b["kode_wilayah"]: b for b in _baris_tabel(page)}
    assert f"Peringkat {baris['6303']['peringkat']} dari {len(KALSEL)}" in posisi
    assert (
        tunggu_vega_panel(page, 2) >= 2
    )  # the map and the P0 trend chart (the report's Vega-Lite charts)
    tautan = page.locator("a.tautan-laporan")
    href = tautan.get_attribute("href")
    assert href == f"reports/6300/{TAHUN}/wilayah/6303.html"
    with page.context.expect_page() as info:
        tautan.click()
    laporan_baru = info.value
    laporan_baru.wait_for_load_state()
    assert laporan_baru.url == f"{server}/reports/6300/{TAHUN}/wilayah/6303.html"
    assert laporan_baru.locator("#kode").inner_text() == "6303"
    r = page.request.get(laporan_baru.url)
    assert r.status == 200


@pytest.mark.ui
def test_unduh_csv_sama_dengan_tabel(page, server):
    _buka(page, server)
    baris = _baris_tabel(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Unduh CSV").click()
    unduhan = info.value
    assert unduhan.suggested_filename == f"peringkat_6300_{TAHUN}.csv"
    isi = list(csv.DictReader(io.StringIO(Path(unduhan.path()).read_text("utf-8"))))
    assert [r["kode_wilayah"] for r in isi] == [b["kode_wilayah"] for b in baris]
    assert [r["nama"] for r in isi] == [b["nama"] for b in baris]
    assert [int(r["peringkat"]) for r in isi] == [int(b["peringkat"]) for b in baris]
    assert [round(float(r["skor"]), 2) for r in isi] == [_angka_id(b["skor"]) for b in baris]
    assert [f"{r['interval_bawah']}–{r['interval_atas']}" for r in isi] == [
        b["interval"] for b in baris
    ]


@pytest.mark.ui
def test_klik_peta_dan_ganti_provinsi(page, server):
    from ui_util import tunggu_vega_panel

    _buka(page, server)
    tunggu_vega_panel(page, 1)
    # Click a region of the choropleth (Vega's SVG, one path per kab/kota): it gets selected.
    wilayah = page.locator(PETA_WILAYAH)
    # the map's shapes arrive after its pane: wait for all of them (a condition, not a delay)
    _tunggu(lambda: wilayah.count() == len(KALSEL), batas_detik=90, page=page)
    kotak = wilayah.nth(3).bounding_box()
    page.mouse.click(kotak["x"] + kotak["width"] * 0.5, kotak["y"] + kotak["height"] * 0.5)
    judul = page.locator("h3.judul-rinci")
    judul.wait_for(timeout=30_000)
    kode = judul.get_attribute("data-kode")
    assert kode in KALSEL
    terpilih = page.locator(
        ".tabulator-row.tabulator-selected .tabulator-cell[tabulator-field='kode_wilayah']"
    )
    _tunggu(lambda: terpilih.count() == 1 and terpilih.inner_text().strip() == kode, page=page)

    # Only the province-years present in the folder are offered; switching loads the other ranking.
    pilih = page.locator(".pilih-provinsi select")
    assert set(pilih.locator("option").all_inner_texts()) == {
        "Kalimantan Selatan (63)",
        "Kalimantan Utara (65)",
    }
    pilih.select_option(label="Kalimantan Utara (65)")
    _tunggu(
        lambda: sorted(b["kode_wilayah"] for b in _baris_tabel(page)) == sorted(KALTARA), page=page
    )
    # drill-down reset (its patch may reach the browser after the table's)
    _tunggu(lambda: page.locator("h3.judul-rinci").count() == 0, page=page)


def test_aplikasi_dalam_proses_xlsx_dan_bobot(laporan):
    """The page object without a browser: renormalised weights shown, XLSX of the current ranking."""
    import openpyxl

    from analisis.aplikasi import buat_aplikasi

    tata = buat_aplikasi(laporan)
    app = tata.aplikasi
    assert app.pilih_provinsi.value == "6300" and app.pilih_tahun.value == TAHUN
    app.slider["hasil"].value = 0.8  # value_throttled is what the browser sets; call directly here
    h = app.hitung_ulang()
    assert h is not None and app.hasil is h
    assert (
        "1,000" in app.ringkas_bobot.object
    )  # weights renormalised to sum to 1, Indonesian decimals
    assert sum(d.bobot for d in h.kerangka.dimensi) == pytest.approx(1.0)
    assert h.kerangka.dimensi[0].bobot == pytest.approx(0.8 / (0.8 + 0.25 + 0.20 + 0.15))
    berkas = laporan.parent / "unduhan.xlsx"
    berkas.write_bytes(app._isi_xlsx().getvalue())
    wb = openpyxl.load_workbook(berkas)
    assert wb.sheetnames == ["Peringkat", "Bobot", "Indikator", "Keterangan"]
    lembar = list(wb["Peringkat"].iter_rows(values_only=True))
    assert len(lembar) == 1 + len(KALSEL)
    assert [r[0] for r in lembar[1:]] == list(h.tabel["kode_wilayah"])
    app._saat_reset()
    assert app.hasil is None and list(app.tabel_kini["kode_wilayah"]) == list(
        app.data.baris["kode_wilayah"]
    )


def test_peta_dan_tabel_saling_memilih(laporan):
    """The choropleth is the report's Vega-Lite map: every kab/kota, coloured by the current
    choice; a click on it (Panel's Vega selection event) and a table row select the same region."""
    from analisis.aplikasi import buat_aplikasi

    app = buat_aplikasi(laporan).aplikasi
    spes = app.peta.object
    data = spes["data"]["values"]
    # No served boundaries folder here (plain in-process use): the geometry is inlined.
    assert len(spes["transform"][0]["from"]["data"]["values"]) == len(KALSEL)
    skor = dict(zip(app.tabel_kini["kode_wilayah"], app.tabel_kini["skor"]))
    assert sorted(r["kode"] for r in data) == sorted(KALSEL)
    assert all(r["nilai"] == pytest.approx(skor[r["kode"]]) for r in data)
    assert {r["teks_skor"] for r in data} == {f"{skor[k]:.2f}".replace(".", ",") for k in KALSEL}
    assert spes["usermeta"]["analisis"]["terpilih"] is None
    app.peta.selection.pilih = [{"kode": "6305"}]  # what the browser sends for a click on Tapin
    assert app.kode_terpilih == "6305"
    assert app.peta.object["usermeta"]["analisis"]["terpilih"] == "6305"  # outlined
    terpilih = app.tabel.selection
    assert terpilih and app.tabel.value["kode_wilayah"].iloc[terpilih[0]] == "6305"
    app.pilih_wilayah("6303")
    assert app.peta.object["usermeta"]["analisis"]["terpilih"] == "6303"
    app.peta.selection.pilih = [
        {"kode": "6303"}
    ]  # a second event for the same region changes nothing
    assert app.kode_terpilih == "6303"
    app.pilih_warna.value = "peringkat"  # rank: lower is better, so the blue scale is reversed
    warna = app.peta.object["layer"][0]["encoding"]["color"]
    assert warna["scale"]["reverse"] is True and warna["scale"]["domain"] == [
        1.0,
        float(len(KALSEL)),
    ]
    assert "makin rendah makin baik" in warna["legend"]["title"][1]
