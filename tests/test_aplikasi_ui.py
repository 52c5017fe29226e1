"""The ranking app in headless Chromium, served exactly as in production.

One module fixture builds a real reports folder for 2024 — Kalimantan Selatan (13 kab/kota) and
Kalimantan Utara (5), region results and rankings from the runner's library calls, ~15–25 s —
plus a one-line placeholder HTML report per Kalsel region (used only to test links and static
serving). The server is started with ``python -m analisis.aplikasi.cli`` — the
``analisis sajikan`` command — on a free port (:mod:`server_aplikasi`), and the tests wait on
``/liveness``, on page elements and on conditions (never on sleeps). Screenshots of the 1280 px
and 414 px layouts go to ``tests/artefak/``.
"""

from __future__ import annotations

import io
import re
import shutil
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from analisis.data.wilayah import muat_wilayah, wilayah_provinsi
from server_aplikasi import sajikan

KALSEL = wilayah_provinsi("63")
KALTARA = wilayah_provinsi("65")
TAHUN = 2024
# Every Kalsel dimension has data; the data-quality one from the demo's SYNTHETIC BNBA extracts
# of three regions (Banjar, Tabalong, Kota Banjarmasin), the ten others ranked as incomplete.
DIMENSI_BERDATA = ("hasil", "komitmen_anggaran", "pelaporan_kelembagaan", "kualitas_data")
BNBA_SINTETIS = "BNBA (SINTETIS: Banjar, Tabalong, Kota Banjarmasin)"


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
    return folder


@pytest.fixture(scope="module")
def server(laporan):
    """``analisis sajikan`` (via ``python -m analisis.aplikasi.cli``) on a free port."""
    log = laporan.parent / "server.log"
    with sajikan(laporan, log) as url:
        yield url
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


ALAMAT_BERBAGI = (
    "/app?provinsi=6300&tahun=2024&normalisasi=min_maks&bobot_hasil=1"
    "&bobot_komitmen_anggaran=0.1&bobot_pelaporan_kelembagaan=0&bobot_kualitas_data=0.15"
    "&wilayah=6303"
)
"""A shared view: re-weighted ranking, another normalisation, a selected region."""

ALAMAT_TIDAK_SAH = "/app?" + "&".join(f"bobot_{k}=0" for k in DIMENSI_BERDATA)
"""A shared view with invalid weights (every dimension with data at 0)."""

PETA_WILAYAH = ".peta-wilayah svg.marks path[aria-roledescription='geoshape']"
"""The map's regions as Vega draws them (SVG; Playwright's locators pierce the shadow DOM)."""


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


def test_halaman_tanpa_sesi_memuat_semua_komponen(server):
    # How fast the page is served: benchmarks/bench_aplikasi.py beban --halaman.
    from server_aplikasi import get_mentah

    for _ in range(4):  # whichever worker process answers (the server runs one per core on Linux)
        status, isi = get_mentah(server, "/app")
        assert status == 200 and b"bokeh" in isi.lower()
        assert b'<html lang="id"' in isi  # the page is in Bahasa Indonesia
        # The reused page loads every component's JS, the map's Vega included (an empty start-up
        # page served by every --num-procs worker once lacked it).
        assert (
            b"vegaplot/vega-lite@" in isi and b"tabulator" in isi and b"cdn.holoviz.org" not in isi
        )


def test_aplikasi_dalam_proses_bobot_dan_unduhan(laporan, tmp_path):
    """The page without a browser: renormalised weights shown, downloads of the current ranking
    through the runner's writer, reset back to the published ranking."""
    import openpyxl

    from analisis.aplikasi import buat_aplikasi

    h = buat_aplikasi(laporan, {}).halaman
    sb = h.samping
    assert sb.pilih_provinsi.value == "6300" and sb.pilih_tahun.value == TAHUN
    assert not any(sb.slider[k].disabled for k in DIMENSI_BERDATA)  # BNBA too (synthetic)
    sb.slider["hasil"].value = 0.8
    h._saat_bobot()  # what value_throttled (the browser's release) triggers
    s = h.sesi
    assert s.disesuaikan and s.sah
    assert "1,000" in sb.ringkas_bobot.object  # weights renormalised to sum to 1
    assert sum(d.bobot for d in s.kerangka.dimensi) == pytest.approx(1.0)
    assert s.kerangka.dimensi[0].bobot == pytest.approx(0.8 / (0.8 + 0.25 + 0.20 + 0.15))
    assert sb.unduh_csv.filename == f"peringkat_6300_{TAHUN}_disesuaikan.csv"
    berkas = tmp_path / "unduhan.xlsx"
    berkas.write_bytes(sb.unduh_xlsx.callback().getvalue())
    wb = openpyxl.load_workbook(berkas)
    assert wb.sheetnames == ["Catatan", "Peringkat", "Bobot", "Indikator"]
    lembar = list(wb["Peringkat"].iter_rows(values_only=True))
    assert [r[0] for r in lembar[1:]] == list(s.baris_kini()["kode_wilayah"])
    h._saat_reset()
    assert not s.disesuaikan and sb.slider["hasil"].value == 0.4
    assert list(h.tabel.value["kode_wilayah"]) == list(s.data.baris["kode_wilayah"])


def test_bobot_tidak_sah_dalam_proses(laporan):
    from analisis.aplikasi import buat_aplikasi

    h = buat_aplikasi(laporan, {}).halaman
    sb = h.samping
    for k in DIMENSI_BERDATA:  # every dimension at 0
        sb.slider[k].value = 0.0
    h._saat_bobot()
    assert not h.sesi.sah
    assert "Bobot tidak dapat dipakai" in sb.ringkas_bobot.object
    assert sb.unduh_csv.disabled and sb.unduh_xlsx.disabled
    assert "abu-abu" in h.tabel.css_classes and "abu-abu" in h.peta.css_classes
    sb.slider["hasil"].value = 0.5
    h._saat_bobot()
    assert h.sesi.sah and not sb.unduh_csv.disabled and "abu-abu" not in h.tabel.css_classes


def test_peta_dan_tabel_saling_memilih(laporan):
    """The choropleth is the report's Vega-Lite map: every kab/kota, coloured by the current
    choice; a click on it (Panel's Vega selection event) and a table row select the same region."""
    from analisis.aplikasi import buat_aplikasi

    h = buat_aplikasi(laporan, {}).halaman
    spes = h.peta.object
    data = spes["data"]["values"]
    # No served boundaries folder here (plain in-process use): the geometry is inlined.
    assert len(spes["transform"][0]["from"]["data"]["values"]) == len(KALSEL)
    t = h.sesi.baris_kini()
    skor = dict(zip(t["kode_wilayah"], t["skor"]))
    assert sorted(r["kode"] for r in data) == sorted(KALSEL)
    assert all(r["nilai"] == pytest.approx(skor[r["kode"]]) for r in data)
    assert {r["teks_skor"] for r in data} == {f"{skor[k]:.2f}".replace(".", ",") for k in KALSEL}
    assert spes["usermeta"]["analisis"]["terpilih"] is None
    h.peta.selection.pilih = [{"kode": "6305"}]  # what the browser sends for a click on Tapin
    assert h.sesi.kode_terpilih == "6305"
    assert h.peta.object["usermeta"]["analisis"]["terpilih"] == "6305"  # outlined
    terpilih = h.tabel.selection
    assert terpilih and h.tabel.value["kode_wilayah"].iloc[terpilih[0]] == "6305"
    h.pilih_wilayah("6303")
    assert h.peta.object["usermeta"]["analisis"]["terpilih"] == "6303"
    h.peta.selection.pilih = [{"kode": "6303"}]  # a second event for the same region: no change
    assert h.sesi.kode_terpilih == "6303"
    h.pilih_warna.value = "peringkat"  # rank: lower is better, so the blue scale is reversed
    warna = h.peta.object["layer"][0]["encoding"]["color"]
    assert warna["scale"]["reverse"] is True
    assert warna["scale"]["domain"] == [1.0, float(len(KALSEL))]
    assert "makin rendah makin baik" in warna["legend"]["title"][1]


# ------------------------------------------------------------------ browser helpers


def _buka(page, server, lebar: int = 1400, tinggi: int = 1800, alamat: str = "/app"):
    from ui_util import blokir_jaringan_luar, kumpulkan_galat

    jaringan = blokir_jaringan_luar(page)
    galat = kumpulkan_galat(page)
    konsol: list[str] = []
    page.on("console", lambda m: konsol.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": lebar, "height": tinggi})
    page.goto(server + alamat)
    page.wait_for_selector(".tabulator-row", timeout=60_000)
    # The sidebar, filters, map and drill-down follow the first document in one message (the
    # app defers them until the page is drawn); the weights summary is part of it.
    page.wait_for_selector(".tabel-bobot", state="attached", timeout=60_000)
    return jaringan, galat, konsol


def _baris_tabel(page) -> list[dict[str, str]]:
    """The rows the table shows, in display order (one atomic read, safe while it re-renders)."""
    return page.locator(".tabulator-row").evaluate_all("""rows => rows.map(r => {
        const sel = {};
        for (const f of ["peringkat", "kode_wilayah", "nama", "perubahan", "skor", "median", "peluang", "catatan"]) {
            const c = r.querySelector(`.tabulator-cell[tabulator-field='${f}']`);
            sel[f] = c ? c.innerText.trim() : "";
        }
        const b = r.querySelector(".batang-interval");
        sel.interval = b ? b.getAttribute("data-interval") : "";
        return sel;
    })""")


def _tunggu(kondisi, batas_detik: float = 30.0, page=None) -> None:
    """Poll ``kondisi()`` (Playwright locators pierce the shadow DOM; page JS would not)."""
    batas = time.monotonic() + batas_detik
    while not kondisi():
        if time.monotonic() > batas:
            raise AssertionError("kondisi tidak terpenuhi dalam batas waktu")
        (page.wait_for_timeout(200) if page is not None else time.sleep(0.2))


def _angka_id(teks: str) -> float:
    return float(teks.replace(".", "").replace(",", ".").replace("\u2212", "-").rstrip("%"))


def _geser(page, kode: str, ke_kanan: bool) -> None:
    """Drag a weight slider's handle past its end (1,00) or its start (0,00)."""
    pegangan = page.locator(f".bobot-{kode} .noUi-handle")
    jalur = page.locator(f".bobot-{kode} .noUi-base").bounding_box()
    kotak = pegangan.bounding_box()
    y = kotak["y"] + kotak["height"] / 2
    page.mouse.move(kotak["x"] + kotak["width"] / 2, y)
    page.mouse.down()
    # Past the end, but inside the window (a release outside it never reaches the slider).
    x = jalur["x"] + jalur["width"] + 10 if ke_kanan else max(1, jalur["x"] - 10)
    page.mouse.move(x, y, steps=8)
    page.mouse.up()


def _bobot_slider(page, kode: str) -> float:
    judul = page.locator(f".bobot-{kode} .bk-slider-title").inner_text()
    return _angka_id(judul.rsplit(":", 1)[1].strip())


def _query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


# ------------------------------------------------------------------ browser


@pytest.mark.ui
def test_halaman_1280_semua_kolom_terlihat(page, server, artefak_dir):
    from ui_util import tunggu_vega_panel

    jaringan, galat, konsol = _buka(page, server, 1280, 800)
    baris = _baris_tabel(page)
    nama = muat_wilayah()["wilayah"]
    assert sorted(b["kode_wilayah"] for b in baris) == sorted(KALSEL)
    assert {b["nama"] for b in baris} == {nama[k] for k in KALSEL}
    assert [int(b["peringkat"]) for b in baris] == sorted(int(b["peringkat"]) for b in baris)
    assert all(re.fullmatch(r"\d{1,3},\d{2}", b["skor"]) for b in baris), baris
    assert all(re.fullmatch(r"\d{1,2},\d", b["median"]) for b in baris), baris
    assert all(b["perubahan"] == "=" for b in baris)  # the published ranking
    assert page.evaluate("document.documentElement.lang") == "id"
    # Every column visible without horizontal scrolling (page and table, once laid out).
    holder = page.locator(".tabulator-tableholder")
    _tunggu(
        lambda: (
            page.evaluate("document.documentElement.scrollWidth") <= 1280
            and holder.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        ),
        page=page,
    )
    judul = [
        t.strip() for t in page.locator(".tabulator-col .tabulator-col-title").all_inner_texts()
    ]
    assert [t for t in judul if t] == [
        "Peringkat",
        "Kode",
        "Kabupaten/kota",
        "Perubahan",
        "Skor",
        "Median",
        "Sebaran (90%)",
        "Peluang 3 besar",
        "Catatan",
    ]
    for kol in page.locator(
        ".tabulator-col[tabulator-field]:not([tabulator-field='_index'])"
    ).all():
        kotak = kol.bounding_box()
        assert kotak is not None and kotak["x"] >= 0, kol.get_attribute("tabulator-field")
        assert kotak["x"] + kotak["width"] <= 1280 + 1, kol.get_attribute("tabulator-field")
    tunggu_vega_panel(page, 1)
    label = page.locator(PETA_WILAYAH).evaluate_all(
        "ps => ps.map(p => p.getAttribute('aria-label'))"
    )
    assert len(label) == len(KALSEL) and all(re.search(r"Skor: \d{1,3},\d{2}", t) for t in label)
    # The shapes came from the served boundaries file (d3 winding), not from the session document.
    r = page.request.get(server + "/batas/6300.json")
    assert r.ok and sorted(f["properties"]["kode_bps"] for f in r.json()["features"]) == sorted(
        KALSEL
    )
    page.screenshot(path=str(artefak_dir / "aplikasi_1280.png"), full_page=True)
    assert galat == [] and konsol == [], (galat, konsol)
    assert jaringan.jumlah == 0, jaringan.diblokir  # offline: nothing outside 127.0.0.1


def _halaman_awal(server: str, alamat: str) -> str:
    """The main column of a new session's first document, with the table as plain HTML (a
    visitor whose page is not drawn yet: the interactive table has not been sent)."""
    from html import unescape

    from tornado.httpclient import AsyncHTTPClient

    from ui_util import bench_aplikasi, jalankan_async

    sesi = bench_aplikasi()._SesiWs(urlsplit(server).port, 60, alamat)

    async def buka() -> None:
        try:
            await sesi.buka(AsyncHTTPClient(), tergambar=False)
        finally:
            sesi.tutup()

    jalankan_async(buka())  # Playwright's own event loop runs in this thread
    assert "tabel-peringkat" not in sesi.kelas_dokumen  # only the plain table so far
    tumpuk, teks = [sesi.dokumen], []
    while tumpuk:
        o = tumpuk.pop()
        if isinstance(o, dict):
            atribut = o.get("attributes") if o.get("type") == "object" else None
            if isinstance(atribut, dict) and "halaman-awal" in (atribut.get("css_classes") or []):
                teks.append(unescape(atribut["text"]))
            tumpuk.extend(o.values())
        elif isinstance(o, list):
            tumpuk.extend(o)
    assert len(teks) == 1
    return teks[0]


@pytest.mark.ui
@pytest.mark.parametrize(
    ("alamat", "disesuaikan", "abu"),
    [
        ("/app", False, False),
        (ALAMAT_BERBAGI, True, False),
        (ALAMAT_TIDAK_SAH, False, True),  # the published ranking, greyed out
    ],
)
def test_halaman_awal_sama_dengan_halaman_interaktif(page, server, alamat, disesuaikan, abu):
    """Until the interactive table arrives a new session shows title, caveats, the table as
    plain HTML and its caption in one pane: the same texts, headers, rows and cells (numbers as
    formatted) as the full page, greyed out in the same way."""
    from analisis.aplikasi.fragmen import gaya

    awal = _halaman_awal(server, alamat)
    page.set_content(f"<style>{gaya()}</style>{awal}")
    bagian = (".judul-peringkat", ".spanduk-peringatan", ".keterangan-tabel")
    teks_awal = {k: page.locator(k).inner_text() for k in bagian}
    judul = page.locator(".tabel-statis th").all_inner_texts()
    medan = page.locator(".tabel-statis th").evaluate_all(
        "hs => hs.map(h => h.getAttribute('data-field'))"
    )
    baris_statis = page.locator(".tabel-statis tbody tr").evaluate_all(
        """(rows, medan) => rows.map(r => {
            const sel = {};
            Array.from(r.cells).forEach((c, i) => { sel[medan[i]] = c.innerText.trim(); });
            const b = r.querySelector(".batang-interval");
            sel.interval = b ? b.getAttribute("data-interval") : "";
            delete sel.sebaran;
            return sel;
        })""",
        medan,
    )
    redup = page.locator(".tabel-awal").evaluate("e => getComputedStyle(e).opacity")
    assert redup == ("0.35" if abu else "1")
    _buka(page, server, alamat=alamat)
    judul_interaktif = [
        t.strip() for t in page.locator(".tabulator-col .tabulator-col-title").all_inner_texts()
    ]
    assert [t.strip() for t in judul] == [t for t in judul_interaktif if t]
    baris = _baris_tabel(page)
    assert len(baris) == len(KALSEL)
    # a re-weighted ranking is computed for that session (not the shared plain table)
    assert any(b["perubahan"] != "=" for b in baris) == disesuaikan
    assert baris_statis == baris
    for k, v in teks_awal.items():  # title, caveats, caption
        assert page.locator(k).inner_text() == v, k
    tabel = page.locator(".tabel-peringkat").first
    _tunggu(
        lambda: tabel.evaluate("e => getComputedStyle(e).opacity") == ("0.35" if abu else "1"),
        page=page,
    )


@pytest.mark.ui
def test_spanduk_dan_slider_bnba_sintetis(page, server, laporan):
    """The demo's BNBA dimension: data from SYNTHETIC extracts, said in the banner; its slider
    is active; regions without an extract are ranked as incomplete (flagged), not imputed."""
    from playwright.sync_api import expect

    from analisis.aplikasi.data import muat_peringkat

    _buka(page, server)
    d = muat_peringkat(laporan / "6300" / str(TAHUN) / "peringkat" / "peringkat.json")
    spanduk = page.locator(".spanduk-peringatan")
    teks = spanduk.inner_text()
    for k in d.peringatan.kalimat(d.kerangka):  # every caveat, as the ranking report prints it
        assert k in teks
    assert "CONTOH" in teks and BNBA_SINTETIS in teks
    assert "Dimensi tanpa data" not in teks
    assert "10 wilayah diperingkat dengan data tidak lengkap" in teks
    gaya = "e => [getComputedStyle(e).borderLeftWidth, getComputedStyle(e).backgroundColor]"
    # the ranking report's yellow box
    _tunggu(lambda: spanduk.evaluate(gaya) == ["6px", "rgb(255, 248, 230)"], page=page)
    for k in DIMENSI_BERDATA:
        expect(page.locator(f".bobot-{k} .noUi-target")).not_to_have_attribute(
            "disabled", re.compile(".*")
        )
    # Dimension and indicator names, never codes.
    judul = page.locator(".bobot-kualitas_data .bk-slider-title").inner_text()
    assert "Kualitas data sasaran (BNBA)" in judul and "(tanpa data)" not in judul
    samping = page.locator(".tabel-bobot").inner_text() + " ".join(
        page.locator(".bk-slider-title").all_inner_texts()
    )
    assert "Kualitas data sasaran (BNBA)" in samping
    assert "kualitas_data" not in samping and "penurunan_p0_3th" not in samping


@pytest.mark.ui
def test_penjelasan_ketidakpastian_dan_rincian_tergulir(page, server, laporan):
    from analisis.aplikasi.data import muat_peringkat

    _buka(page, server, 1280, 800)
    ket = page.locator(".keterangan-tabel").inner_text()
    assert "Peluang 3 besar = berapa persen simulasi" in ket
    assert (
        "batang biru = rentang tempat peringkat wilayah itu jatuh pada 90 dari 100 simulasi" in ket
    )
    assert "termasuk peringkat 1 dan 2" in page.locator(".ringkas-pasangan").inner_text()
    d = muat_peringkat(laporan / "6300" / str(TAHUN) / "peringkat" / "peringkat.json")
    kode = d.kontrak.pasangan_tidak_robust[0].kode_atas
    page.locator(
        ".tabulator-row .tabulator-cell[tabulator-field='kode_wilayah']", has_text=kode
    ).click()
    judul = page.locator(f"h3.judul-rinci[data-kode='{kode}']")
    judul.wait_for(timeout=30_000)
    # The drill-down (below the map) scrolls into view.
    _tunggu(lambda: 0 <= judul.bounding_box()["y"] < 800, page=page)
    rinci = page.locator(".penjelasan-ketidakpastian").inner_text()
    assert "Pada 90 dari 100 simulasi peringkatnya antara" in rinci
    assert "Peluang 3 besar:" in rinci and "dari 100 simulasi" in rinci
    tetangga = {
        p.wilayah_bawah if p.kode_atas == kode else p.wilayah_atas
        for p in d.kontrak.pasangan_tidak_robust
        if kode in (p.kode_atas, p.kode_bawah)
    }
    daftar = page.locator(".pasangan-tidak-robust li").all_inner_texts()
    assert {t.split(" (peringkat")[0] for t in daftar} == tetangga
    assert "Tidak dapat dibedakan dengan" in page.locator(".pasangan-tidak-robust").inner_text()
    assert _query(page)["wilayah"] == kode  # the selection is in the URL


@pytest.mark.ui
def test_mengapa_peringkat_tidak_pasti_dari_hasil_tersimpan(page, server, laporan, artefak_dir):
    """The drill-down panel answers "why is this rank uncertain?" from the Sobol results stored in
    peringkat.json, and after a re-weighting says the answer is for the published weights."""
    from playwright.sync_api import expect

    from analisis.aplikasi.data import muat_peringkat
    from analisis.laporan.format import angka
    from analisis.peringkat.uraian_sensitivitas import penjelasan_wilayah

    d = muat_peringkat(laporan / "6300" / str(TAHUN) / "peringkat" / "peringkat.json")
    sens = d.kontrak.sensitivitas
    w = max(sens["wilayah"], key=lambda w: w["peringkat_p95"] - w["peringkat_p05"])
    kode, harapan = w["kode_wilayah"], penjelasan_wilayah(sens, w["kode_wilayah"])
    _buka(page, server)
    page.locator(
        ".tabulator-row .tabulator-cell[tabulator-field='kode_wilayah']", has_text=kode
    ).click()
    page.locator(f"h3.judul-rinci[data-kode='{kode}']").wait_for(timeout=30_000)
    panel = page.locator(".mengapa-tidak-pasti")
    expect(panel).to_contain_text("Mengapa peringkat wilayah ini tidak pasti?", timeout=30_000)
    expect(panel.locator(".uraian-sensitivitas")).to_have_text(w["uraian"])
    # Two rank ranges, each named: the sensitivity design's against the robustness test's.
    mc = next(b["interval"] for b in _baris_tabel(page) if b["kode_wilayah"] == kode)
    rentang = panel.locator(".rentang-sensitivitas").inner_text()
    lo, hi = int(w["peringkat_p05"]), int(w["peringkat_p95"])
    assert (
        f"Rentang analisis sensitivitas: {lo}–{hi} (bukan rentang uji ketahanan {mc} di atas)"
        in (" ".join(rentang.split()))
    )
    assert "Rentang uji ketahanan:" in page.locator(".rentang-ketahanan").inner_text()
    baris = panel.locator("table.faktor-sensitivitas tr").all_inner_texts()[1:]
    assert [b.split("\t") for b in baris] == [
        [r["faktor"], angka(r["S1"], 2), angka(r["ST"], 2)] for _, r in harapan.faktor.iterrows()
    ]
    hapus = panel.locator(".penghapusan-wilayah li").all_inner_texts()
    assert len(hapus) == len(harapan.penghapusan) > 0
    assert all(re.search(r": (turun|naik) \d+ peringkat$", h) for h in hapus), hapus
    assert panel.locator(".penjelasan-terbitan").count() == 0
    page.screenshot(path=str(artefak_dir / "aplikasi_mengapa_tidak_pasti.png"), full_page=True)

    # Other weights: the stored explanation stays and says it is for the published weights.
    page.locator(".bobot-hasil .noUi-handle").scroll_into_view_if_needed()
    _geser(page, "hasil", ke_kanan=True)
    page.wait_for_selector(".waktu-hitung", timeout=30_000)
    expect(panel.locator(".penjelasan-terbitan")).to_contain_text(
        f"Penjelasan ini untuk bobot terbitan (peringkat {w['peringkat']})", timeout=30_000
    )
    expect(panel.locator(".uraian-sensitivitas")).to_have_text(w["uraian"])
    page.get_by_role("button", name="Kembalikan ke bobot kerangka").click()
    expect(panel.locator(".penjelasan-terbitan")).to_have_count(0, timeout=30_000)


@pytest.mark.ui
def test_bobot_mengubah_urutan_seperti_pustaka(page, server, laporan, artefak_dir):
    from analisis.aplikasi.data import muat_peringkat
    from analisis.aplikasi.ulang import kerangka_disesuaikan
    from analisis.laporan.format import angka
    from analisis.peringkat import hitung_indeks, uji_robust

    _buka(page, server)
    awal = _baris_tabel(page)
    _geser(page, "hasil", ke_kanan=True)
    page.wait_for_selector(".waktu-hitung", timeout=30_000)
    bobot = {k: _bobot_slider(page, k) for k in DIMENSI_BERDATA}
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

    _tunggu(cocok, page=page)
    baris = _baris_tabel(page)
    assert [b["kode_wilayah"] for b in baris] == list(ref.index)  # table order = library order
    assert {b["kode_wilayah"]: b["interval"] for b in baris} == interval
    assert [b["kode_wilayah"] for b in baris] != [b["kode_wilayah"] for b in awal]
    # The change against the published rank, per region.
    terbit = {b["kode_wilayah"]: int(b["peringkat"]) for b in awal}
    for b in baris:
        beda = terbit[b["kode_wilayah"]] - int(b["peringkat"])
        assert b["perubahan"] == ("=" if beda == 0 else (f"▲ {beda}" if beda > 0 else f"▼ {-beda}"))
    assert _query(page)["bobot_hasil"] == "1"  # the weights are in the URL
    page.screenshot(path=str(artefak_dir / "aplikasi_bobot_disesuaikan.png"), full_page=True)

    # Reset: back to the published ranking.
    page.get_by_role("button", name="Kembalikan ke bobot kerangka").click()
    _tunggu(lambda: _baris_tabel(page) == awal, page=page)
    _tunggu(lambda: "bobot_hasil" not in _query(page), page=page)


@pytest.mark.ui
def test_bobot_tidak_sah_menonaktifkan_unduhan(page, server):
    from playwright.sync_api import expect

    _buka(page, server)
    csv, xlsx = (page.get_by_role("button", name=n) for n in ("Unduh CSV", "Unduh XLSX"))
    expect(csv).to_be_enabled()
    for k in DIMENSI_BERDATA:  # every dimension at 0
        _geser(page, k, ke_kanan=False)
    alasan = page.locator(".bobot-tidak-sah")
    expect(alasan).to_contain_text("semua dimensi yang memiliki data berbobot 0", timeout=30_000)
    expect(alasan).to_contain_text("dinonaktifkan sampai bobot sah lagi")
    expect(csv).to_be_disabled()
    expect(xlsx).to_be_disabled()
    for kelas in (".tabel-peringkat", ".peta-wilayah"):
        _tunggu(
            lambda kelas=kelas: (
                page.locator(kelas).first.evaluate("e => getComputedStyle(e).opacity") == "0.35"
            ),
            page=page,
        )
    assert "Unduhan dinonaktifkan" in page.locator(".catatan-unduh").inner_text()
    _geser(page, "hasil", ke_kanan=True)  # valid again
    expect(csv).to_be_enabled(timeout=30_000)
    expect(alasan).to_have_count(0)
    _tunggu(
        lambda: (
            page.locator(".tabel-peringkat").first.evaluate("e => getComputedStyle(e).opacity")
            == "1"
        ),
        page=page,
    )


@pytest.mark.ui
def test_peringkat_rusak_ditampilkan_dan_pemilih_dipulihkan(page, server, laporan):
    from playwright.sync_api import expect

    rusak = laporan / "6400" / str(TAHUN) / "peringkat" / "peringkat.json"
    rusak.parent.mkdir(parents=True)
    rusak.write_text('{"schema_version": 2, "meta": ', "utf-8")
    try:
        _buka(page, server)
        awal = _baris_tabel(page)
        pilih = page.locator(".pilih-provinsi select")
        pilih.select_option(label="Kalimantan Timur (64)")
        galat = page.locator(".galat-muat")
        expect(galat).to_contain_text("Peringkat tidak dapat dibuka", timeout=30_000)
        expect(galat).to_contain_text("6400/2024/peringkat/peringkat.json")
        expect(galat).to_contain_text("analisis jalankan --provinsi 64 --tahun 2024")
        assert str(laporan) not in galat.inner_text()  # no absolute server path
        _tunggu(
            lambda: (
                pilih.evaluate("s => s.options[s.selectedIndex].text") == "Kalimantan Selatan (63)"
            ),
            page=page,
        )
        assert _baris_tabel(page) == awal  # still the province it says
        assert "Kalimantan Selatan 2024" in page.locator(".judul-peringkat").inner_text()
        pilih.select_option(label="Kalimantan Utara (65)")  # another province still opens
        _tunggu(
            lambda: sorted(b["kode_wilayah"] for b in _baris_tabel(page)) == sorted(KALTARA),
            page=page,
        )
        expect(galat).to_have_count(0)
    finally:
        shutil.rmtree(laporan / "6400")


@pytest.mark.ui
def test_alamat_memulihkan_tampilan(page, server, context):
    from playwright.sync_api import expect

    _buka(page, server, alamat=ALAMAT_BERBAGI)
    page.locator("h3.judul-rinci[data-kode='6303']").wait_for(timeout=30_000)
    assert _bobot_slider(page, "hasil") == 1.0
    assert _bobot_slider(page, "komitmen_anggaran") == 0.1
    assert _bobot_slider(page, "pelaporan_kelembagaan") == 0.0
    normalisasi = page.locator(".pilih-normalisasi select")
    assert normalisasi.evaluate("s => s.options[s.selectedIndex].text").startswith("Min–maks")
    expect(page.locator(".tanda-disesuaikan")).to_have_text("Bobot disesuaikan")
    terpilih = page.locator(
        ".tabulator-row.tabulator-selected .tabulator-cell[tabulator-field='kode_wilayah']"
    )
    _tunggu(lambda: terpilih.count() == 1 and terpilih.inner_text().strip() == "6303", page=page)
    baris = _baris_tabel(page)
    # Another region: the URL follows; opening it in a new tab restores the same view.
    page.locator(
        ".tabulator-row .tabulator-cell[tabulator-field='kode_wilayah']", has_text="6310"
    ).click()
    _tunggu(lambda: _query(page).get("wilayah") == "6310", page=page)
    q = _query(page)
    assert q["normalisasi"] == "min_maks" and q["bobot_hasil"] == "1"
    baru = context.new_page()
    baru.goto(page.url)
    baru.locator("h3.judul-rinci[data-kode='6310']").wait_for(timeout=60_000)
    _tunggu(lambda: _baris_tabel(baru) == baris, page=baru)
    baru.close()


@pytest.mark.ui
def test_saringan_dan_pencarian(page, server):
    _buka(page, server)
    cari = page.get_by_placeholder("Cari nama atau kode wilayah…")
    for teks, harapan in (
        ("Kabupaten Banjar", {"6303"}),
        ("kab", {k for k in KALSEL if not k.startswith("637")}),
        ("kota banjar", {"6371", "6372"}),
        ("6310", {"6310"}),
    ):
        cari.fill(teks)
        cari.press("Enter")
        _tunggu(lambda h=harapan: {b["kode_wilayah"] for b in _baris_tabel(page)} == h, page=page)
    cari.fill("")
    cari.press("Enter")
    _tunggu(lambda: page.locator(".tabulator-row").count() == len(KALSEL), page=page)
    skor = page.locator(".skor-min input")
    skor.fill("60,5")
    skor.press("Enter")
    _tunggu(lambda: 0 < page.locator(".tabulator-row").count() < len(KALSEL), page=page)
    assert all(_angka_id(b["skor"]) >= 60.5 for b in _baris_tabel(page))
    assert "skor ≥ 60,50" in page.locator(".info-saringan").inner_text()
    skor.fill("enam puluh")
    skor.press("Enter")
    _tunggu(lambda: page.locator(".saringan-salah").count() == 1, page=page)
    assert "'enam puluh' bukan angka" in page.locator(".saringan-salah").inner_text()
    assert page.locator(".tabulator-row").count() == len(KALSEL)


@pytest.mark.ui
def test_unduh_csv_titik_koma_desimal_koma(page, server):
    from analisis.laporan.unduhan import baca_csv

    _buka(page, server)
    baris = _baris_tabel(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Unduh CSV").click()
    unduhan = info.value
    assert unduhan.suggested_filename == f"peringkat_6300_{TAHUN}.csv"
    teks = Path(unduhan.path()).read_text("utf-8-sig")
    catatan = [b for b in teks.splitlines() if b.startswith("#")]
    assert any("CONTOH" in c for c in catatan) and any("Semua 13 wilayah" in c for c in catatan)
    kepala = next(b for b in teks.splitlines() if not b.startswith("#"))
    assert kepala.startswith("kode_wilayah;nama;peringkat;")
    df = baca_csv(io.StringIO(teks))
    assert list(df["kode_wilayah"].astype(str)) == [b["kode_wilayah"] for b in baris]
    assert list(df["nama"]) == [b["nama"] for b in baris]
    assert list(df["peringkat"]) == [int(b["peringkat"]) for b in baris]
    assert df["skor"].tolist() == [_angka_id(b["skor"]) for b in baris]  # as displayed
    assert [f"{a}–{b}" for a, b in zip(df["interval_bawah"], df["interval_atas"])] == [
        b["interval"] for b in baris
    ]
    assert set(df["ditandai"]) <= {"ya", "tidak"}
    # With a search active the download holds what the table shows, and says so.
    cari = page.get_by_placeholder("Cari nama atau kode wilayah…")
    cari.fill("kota")
    cari.press("Enter")
    _tunggu(lambda: page.locator(".tabulator-row").count() < len(KALSEL), page=page)
    tampil = [b["kode_wilayah"] for b in _baris_tabel(page)]
    with page.expect_download() as info:
        page.get_by_role("button", name="Unduh CSV").click()
    teks = Path(info.value.path()).read_text("utf-8-sig")
    assert info.value.suggested_filename == f"peringkat_6300_{TAHUN}_tersaring.csv"
    assert list(baca_csv(io.StringIO(teks))["kode_wilayah"].astype(str)) == tampil
    assert f"# Tersaring (pencarian 'kota'): {len(tampil)} dari 13 wilayah." in teks


@pytest.mark.ui
def test_rincian_wilayah_dan_tautan_laporan(page, server):
    from ui_util import tunggu_vega_panel

    _buka(page, server)
    page.locator(
        ".tabulator-row .tabulator-cell[tabulator-field='kode_wilayah']", has_text="6303"
    ).click()
    page.wait_for_selector("h3.judul-rinci[data-kode='6303']", timeout=30_000)
    assert "Banjar" in page.locator("h3.judul-rinci").inner_text()
    page.locator(".klasifikasi table").wait_for(timeout=30_000)
    klasifikasi = page.locator(".klasifikasi table").inner_text()
    for kata in ("Kuadran perkembangan P0", "Peringkat P0 se-provinsi", "Target P0"):
        assert kata in klasifikasi, kata
    posisi = page.locator(".ringkas-peringkat").inner_text()
    baris = {b["kode_wilayah"]: b for b in _baris_tabel(page)}
    assert f"Peringkat {baris['6303']['peringkat']} dari {len(KALSEL)}" in posisi
    dimensi = page.locator(".skor-dimensi").inner_text()
    # Banjar has the demo's synthetic BNBA extract: its data-quality dimension is scored.
    assert "Hasil penurunan kemiskinan" in dimensi and "Kualitas data sasaran (BNBA)" in dimensi
    assert tunggu_vega_panel(page, 2) >= 2  # the map and the P0 trend chart
    tautan = page.locator("a.tautan-laporan")
    href = tautan.get_attribute("href")
    assert href == f"reports/6300/{TAHUN}/wilayah/6303.html"
    with page.context.expect_page() as info:
        tautan.click()
    laporan_baru = info.value
    laporan_baru.wait_for_load_state()
    assert laporan_baru.url == f"{server}/reports/6300/{TAHUN}/wilayah/6303.html"
    assert laporan_baru.locator("#kode").inner_text() == "6303"


def _tulis_docx(p: Path, judul: str) -> None:
    """A small real Word file (python-docx) standing in for ``analisis dokumen``'s output."""
    from docx import Document

    p.parent.mkdir(parents=True, exist_ok=True)
    doc = Document()
    doc.add_heading(judul, level=1)
    doc.save(str(p))


@pytest.mark.ui
def test_tautan_dokumen_word_wilayah_dan_provinsi(page, server, laporan):
    """The drill-down links the region's Word chapter and overview, the header the province
    bundle, only when they exist; they are served (and open with python-docx), a private file
    beside them is not."""
    from docx import Document

    from analisis.tata_letak import TataLetak

    ft = TataLetak(laporan).tahun("63", TAHUN)
    berkas = {
        ft.dokumen("6303"): "Bab Kabupaten Banjar",
        ft.dokumen_ringkas("6303"): "Ringkasan Kabupaten Banjar",
        ft.dokumen_provinsi: "Bundel Kalimantan Selatan",
    }
    rahasia = ft.folder_dokumen / "RAHASIA" / "6303.docx"
    for p, judul in {**berkas, rahasia: "rahasia"}.items():
        _tulis_docx(p, judul)
    try:
        _buka(page, server)
        bundel = page.locator("a.tautan-dokumen-provinsi")
        bundel.wait_for(timeout=30_000)
        assert bundel.get_attribute("href") == f"reports/6300/{TAHUN}/dokumen/provinsi_6300.docx"
        assert page.locator("a.tautan-dokumen-ringkas-provinsi").count() == 0  # not written
        with page.expect_download() as info:
            bundel.click()
        doc = Document(info.value.path())
        assert doc.paragraphs[0].text == "Bundel Kalimantan Selatan"

        page.locator(
            ".tabulator-row .tabulator-cell[tabulator-field='kode_wilayah']", has_text="6303"
        ).click()
        page.wait_for_selector("h3.judul-rinci[data-kode='6303']", timeout=30_000)
        bab = page.locator("a.tautan-dokumen")
        assert bab.get_attribute("href") == f"reports/6300/{TAHUN}/dokumen/6303.docx"
        assert "Unduh dokumen Word Banjar" in page.locator(".dokumen-wilayah").inner_text()
        for tautan, judul in (
            (bab, "Bab Kabupaten Banjar"),
            (page.locator("a.tautan-dokumen-ringkas"), "Ringkasan Kabupaten Banjar"),
        ):
            with page.expect_download() as info:
                tautan.click()
            assert Document(info.value.path()).paragraphs[0].text == judul
        # The private file is never served, even by its exact path.
        r = page.request.get(f"{server}/reports/6300/{TAHUN}/dokumen/RAHASIA/6303.docx")
        assert r.status == 404

        # A region without documents says how to write them.
        page.locator(
            ".tabulator-row .tabulator-cell[tabulator-field='kode_wilayah']", has_text="6371"
        ).click()
        page.wait_for_selector("h3.judul-rinci[data-kode='6371']", timeout=30_000)
        assert page.locator("a.tautan-dokumen").count() == 0
        assert "analisis dokumen --wilayah 6371" in page.locator(".dokumen-wilayah").inner_text()
    finally:
        for p in (*berkas, rahasia):
            p.unlink(missing_ok=True)


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
    _tunggu(lambda: page.locator("h3.judul-rinci").count() == 0, page=page)  # drill-down reset
    assert _query(page)["provinsi"] == "6500"


@pytest.mark.ui
def test_tata_letak_414_samping_terlipat(page, server, artefak_dir):
    from playwright.sync_api import expect

    _, galat, _ = _buka(page, server, 414, 900)
    assert page.evaluate("document.documentElement.scrollWidth") <= 414
    slider = page.locator(".bobot-hasil .noUi-handle")
    expect(slider).to_be_hidden()  # the sidebar is folded away on a narrow screen
    tombol = page.get_by_role("button", name=re.compile("Pengaturan"))
    expect(tombol).to_be_visible()
    page.screenshot(path=str(artefak_dir / "aplikasi_414.png"), full_page=True)
    tombol.click()
    expect(slider).to_be_visible(timeout=30_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 414
    page.screenshot(path=str(artefak_dir / "aplikasi_414_pengaturan.png"), full_page=True)
    tombol.click()
    expect(slider).to_be_hidden(timeout=30_000)
    assert galat == []
