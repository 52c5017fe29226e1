"""The evaluation reports of all 56 Kalimantan kab/kota (2024), rendered in this process with the
real notebook and the real exporter, scanned as a reader sees them; Banjar printed to PDF in
headless Chromium.

Rendering goes through :func:`tests.laporan_util.jalankan_notebook_dalam_proses` (the notebook's
cells in an IPython shell of the test process) and
:func:`analisis.evaluasi.jalankan.ekspor_laporan_wilayah` (what ``analisis evaluasi`` and the
runner export), so the 56 reports take seconds each, not a kernel each.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analisis.data.katalog import muat_katalog
from analisis.data.wilayah import wilayah_provinsi
from analisis.evaluasi.jalankan import ekspor_laporan_wilayah
from analisis.proyek import Proyek
from laporan_util import jalankan_notebook_dalam_proses, teks_tampak

pytestmark = pytest.mark.lambat

PROVINSI = ["6100", "6200", "6300", "6400", "6500"]
TAHUN = 2024
BATAS_BERAT = 200_000
"""Bytes of one region report, shared assets (``_static``) excluded."""


@pytest.fixture(scope="session")
def laporan(tmp_path_factory):
    """Reports and results of every kab/kota of Kalimantan, 2024, bundled data only.

    Session-scoped: pytest runs the browser tests (parametrised per browser for the whole
    session) after the other modules, and a module fixture would be built twice."""
    akar = tmp_path_factory.mktemp("laporan56")
    proyek = Proyek.muat(laporan=akar / "reports", penyimpanan=akar / "penyimpanan")
    hasil: dict[str, Path] = {}
    for prov in PROVINSI:
        for kode in wilayah_provinsi(prov):
            nb = jalankan_notebook_dalam_proses(
                {
                    "kode_wilayah": kode,
                    "tahun": TAHUN,
                    "folder_laporan": str(proyek.laporan),
                    "penyimpanan": str(proyek.penyimpanan),
                    "hanya_data_bawaan": True,
                }
            )
            hasil[kode] = ekspor_laporan_wilayah(nb, proyek, kode, TAHUN)
    assert len(hasil) == 56
    return proyek, hasil


# --------------------------------------------------------------------------- table parsing


class _Tabel(HTMLParser):
    """Every table of a page: caption, header cells and body rows (cell texts)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tabel: list[dict] = []
        self._sel: list[str] | None = None
        self._di = ""

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tabel.append({"judul": "", "kepala": [], "baris": []})
        elif not self.tabel:
            return
        elif tag == "caption":
            self._di = "caption"
        elif tag == "tr":
            self._tutup_sel()  # end tags of cells and rows are optional (HTML5)
            self.tabel[-1]["baris"].append([])
        elif tag in ("td", "th"):
            self._tutup_sel()
            self._sel = []
            self._di = tag
        elif tag == "code" and self._sel is not None:
            self._sel.append("⟨kode⟩")

    def _tutup_sel(self):
        if self._sel is not None and self.tabel:
            teks = re.sub(r"\s+", " ", "".join(self._sel)).strip()
            t = self.tabel[-1]
            (t["kepala"] if self._di == "th" else t["baris"][-1]).append(teks)
        self._sel = None

    def handle_endtag(self, tag):
        if tag in ("td", "th", "tr", "table", "thead", "tbody"):
            self._tutup_sel()
        if tag == "caption":
            self._di = ""

    def handle_data(self, data):
        if self._di == "caption" and self.tabel:
            self.tabel[-1]["judul"] += data
        elif self._sel is not None:
            self._sel.append(data)


def tabel_halaman(html: str) -> list[dict]:
    p = _Tabel()
    p.feed(re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.DOTALL))
    for t in p.tabel:
        t["baris"] = [b for b in t["baris"] if b]
    return p.tabel


ANGKA_TELANJANG = re.compile(r"^[−+±]?\d[\d.]*(?:,\d+)?$")
SATUAN = re.compile(
    r"persen|%|poin|Rp|jiwa|ribu|tahun|indeks|skor|peringkat|kegiatan|keluarga|kali|orang|KK",
    re.IGNORECASE,
)
KODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\bp[0-2]\b")
MENTAH = re.compile(
    r"\b\d+\.(?:\d{1,2}|\d{4,})\b|\d[eE][-+]?\d\d|\b(?:nan|NaN|None|True|False|inf)\b"
)


def test_no_raw_float_code_name_or_unitless_value_in_any_report(laporan):
    _, hasil = laporan
    kode_katalog = set(muat_katalog())
    temuan: list[str] = []
    for kode, path in hasil.items():
        html = path.read_text("utf-8")
        # Caption numbers ("Tabel 2.1.") are references, not values.
        teks = teks_tampak(re.sub(r'<span class="nomor">.*?</span>', "", html))
        temuan += [f"{kode}: angka mentah '{m.group(0)}'" for m in MENTAH.finditer(teks)]
        temuan += [f"{kode}: nama kode '{m.group(0)}'" for m in KODE.finditer(teks)]
        temuan += [
            f"{kode}: nama kode '{k}'"
            for k in kode_katalog
            if "_" in k and re.search(rf"\b{k}\b", teks)
        ]
        for t in tabel_halaman(html):
            for i, kepala in enumerate(t["kepala"]):
                isi = [b[i] for b in t["baris"] if i < len(b) and b[i] not in ("", "–")]
                if isi and all(ANGKA_TELANJANG.match(x) for x in isi) and not SATUAN.search(kepala):
                    temuan.append(f"{kode}: kolom tanpa satuan '{kepala}' di '{t['judul'][:50]}'")
    assert temuan == [], "\n".join(sorted(set(temuan))[:40])


def test_every_report_is_navigable_and_captioned(laporan):
    _, hasil = laporan
    for kode, path in hasil.items():
        html = path.read_text("utf-8")
        # Links back to the province page and the site index.
        assert 'href="../index.html"' in html and 'href="../../../index.html"' in html, kode
        # A table of contents whose every link lands on a heading of the page.
        nav = re.search(r'<nav class="daftar-isi".*?</nav>', html, flags=re.DOTALL)
        assert nav, kode
        target = re.findall(r'href="#([^"]+)"', nav.group(0))
        ids = set(re.findall(r'<h[23][^>]*\bid="([^"]+)"', html))
        assert target and set(target) <= ids, kode
        # Every table and chart is captioned with its section's number, in page order.
        bagian, per_bagian = None, {"Tabel": 0, "Gambar": 0}
        for m in re.finditer(
            r'<h2\b[^>]*id="[^"]*"[^>]*>(?P<h2>.*?)</h2>|<caption>(?P<cap>.{0,80})'
            r'|<p class="judul-grafik">(?P<gbr>.{0,80})',
            html,
            flags=re.DOTALL,
        ):
            if m.group("h2") is not None:
                n = re.match(r"\s*(\d+)\.", re.sub(r"<[^>]+>", "", m.group("h2")))
                bagian = n.group(1) if n else "L"
                per_bagian = {"Tabel": 0, "Gambar": 0}
                continue
            jenis = "Tabel" if m.group("cap") is not None else "Gambar"
            per_bagian[jenis] += 1
            isi = m.group("cap") if jenis == "Tabel" else m.group("gbr")
            assert isi.startswith(f'<span class="nomor">{jenis} {bagian}.{per_bagian[jenis]}.'), (
                kode,
                isi,
            )
        # Cross-references name existing sections ("bagian 10 (Catatan data dan metode)").
        teks = teks_tampak(html)
        judul = {n: j for n, j in re.findall(r"<h2\b[^>]*>\s*(\d+)\.\s*([^<]+)", html)}
        for n, nama in re.findall(r"bagian (\d+)(?:,? \(?([A-Z][a-z ]+))?", teks):
            assert n in judul, (kode, n)
            if nama:
                assert judul[n].strip().startswith(nama.strip()), (kode, n, nama, judul[n])


def test_reports_are_light_and_share_the_theme(laporan):
    proyek, hasil = laporan
    berat = {k: p.stat().st_size for k, p in hasil.items()}
    assert max(berat.values()) <= BATAS_BERAT, sorted(berat.items(), key=lambda x: -x[1])[:5]
    static = proyek.tata_letak.static
    assert (static / "analisis" / "lab" / "index.css").stat().st_size > 100_000  # shared once
    for kode, p in hasil.items():
        html = p.read_text("utf-8")
        assert 'href="../../../_static/analisis/lab/index.css"' in html, kode
        assert max(len(s) for s in re.findall(r"<style.*?</style>", html, flags=re.DOTALL)) < (
            12_000
        ), kode  # only the small report stylesheet is inlined


def test_banjar_report_shows_noise_determinants_positions_and_extreme_poverty(laporan):
    _, hasil = laporan
    teks = teks_tampak(hasil["6303"].read_text("utf-8"))
    assert "tidak signifikan" in teks
    assert "Perubahan 2023–2024: −0,08 poin persen, tidak signifikan" in teks
    assert "searah (sama-sama memburuk)" in teks  # both P0 rose in 2021
    for nama in (
        "Prevalensi balita stunting (SSGI/SKI)",
        "Indeks Pembangunan Manusia",
        "Harapan lama sekolah",
        "Rata-rata lama sekolah penduduk 25+",
        "Umur harapan hidup saat lahir",
        "Tingkat pengangguran terbuka",
        "Rumah tangga dengan akses sanitasi layak",
        "Rumah tangga dengan akses air minum layak",
        "PDRB per kapita ADHB",
        "Rasio Gini pengeluaran",
    ):
        assert nama in teks, nama  # every configured determinant appears
    assert "1 Prevalensi balita stunting (SSGI/SKI) 2024 32,3 persen 21,3 persen" in teks
    assert "Bobot yang dipakai: kesenjangan 0,714, besaran sasaran 0,000, tren 0,286" in teks
    for gambar in (
        "Persentase penduduk miskin (P0) kabupaten/kota, 2024",
        "Jumlah penduduk miskin kabupaten/kota, 2024",
        "Indeks kedalaman kemiskinan (P1) kabupaten/kota, 2024",
        "Indeks keparahan kemiskinan (P2) kabupaten/kota, 2024",
        "P0 × P1, 2024",
        "(garis tegak: rentang 95% galat sampel)",
    ):
        assert gambar in teks, gambar
    assert "0,57 (indeks) (rata-rata kabupaten/kota)" in teks  # P1 threshold: kab/kota mean
    assert "Kalimantan Selatan 0,47 persen (2023, USD 1,9 PPP 2011)" in teks
    assert "Kuadran level × perubahan P0, jendela 2021–2024 (3 tahun" in teks
    assert "Asal setiap angka" in teks and "<details" in hasil["6303"].read_text("utf-8")


def test_every_report_says_something_about_extreme_poverty(laporan):
    _, hasil = laporan
    for kode, path in hasil.items():
        teks = teks_tampak(path.read_text("utf-8"))
        bagian = teks.split("Kemiskinan ekstrem", 2)[-1].split("7. Determinan")[0]
        assert "Target: 0,00 persen pada 2026" in bagian, kode
        assert "PPP" in bagian, kode
        assert re.search(r"\d,\d\d persen \(\d{4}, basis USD", bagian), kode


def test_ranking_inputs_carry_the_evaluation_standard_errors(laporan):
    from analisis.metode.presisi import MODEL_BAWAAN
    from analisis.peringkat.jalankan import kumpulkan_masukan
    from analisis.peringkat.kerangka import muat_kerangka

    proyek, _ = laporan
    kerangka = muat_kerangka(proyek.berkas_konfigurasi("peringkat/kerangka_bawaan.yaml"))
    m = kumpulkan_masukan("63", TAHUN, proyek, kerangka)
    se = m.data.at["6303", "penurunan_p0_3th__se"]
    # Banjar P0 3,04 (2021) → 2,36 (2024): the same model as the report's significance guard.
    harapan = float((MODEL_BAWAAN.se_p0(3.04) ** 2 + MODEL_BAWAAN.se_p0(2.36) ** 2) ** 0.5)
    assert se == pytest.approx(harapan)
    assert (m.data["penurunan_p0_3th__se"].dropna() > 0).all()
    assert not any(i.se_bawaan for d in kerangka.dimensi for i in d.indikator)


def test_kalsel_site_page_and_downloads_say_contoh(laporan):
    """The caveats of example inputs travel with the numbers (built on main; verified here on
    the 13 Kalsel results of this run)."""
    import openpyxl

    from analisis.peringkat.jalankan import hitung_peringkat, simpan_peringkat
    from analisis.situs import bangun_situs

    proyek, _ = laporan
    h = hitung_peringkat("63", TAHUN, proyek=proyek, jumlah_iterasi=100)
    berkas = simpan_peringkat(h, proyek)
    halaman = bangun_situs(proyek.laporan, "63", TAHUN).read_text("utf-8")
    assert "CONTOH" in halaman and "bukan bobot resmi" in halaman
    assert "CONTOH" in berkas["csv"].read_text("utf-8-sig").split("\n", 3)[1]
    assert "# CONTOH" in berkas["kontribusi"].read_text("utf-8-sig")
    buku = openpyxl.load_workbook(berkas["xlsx"], read_only=True)
    catatan = " ".join(
        str(c) for ws in buku.worksheets for r in ws.iter_rows(values_only=True) for c in r if c
    )
    assert "CONTOH" in catatan


# --------------------------------------------------------------------------- in the browser


def _jumlah_halaman_pdf(isi: bytes) -> int:
    """Pages of a PDF written by Chromium: the largest /Count of its page tree."""
    return max(int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", isi))


@pytest.mark.ui
def test_banjar_prints_on_at_most_15_a4_pages_with_nothing_cut(laporan, page, artefak_dir):
    from ui_util import blokir_jaringan_luar, kumpulkan_galat

    _, hasil = laporan
    jaringan = blokir_jaringan_luar(page)
    galat = kumpulkan_galat(page)
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(hasil["6303"].as_uri())
    jumlah = page.locator("div.grafik-vega").count()
    page.wait_for_function(
        "n => document.querySelectorAll('div.grafik-vega[data-status=siap] svg.marks').length >= n",
        arg=jumlah,
        timeout=60_000,
    )
    page.screenshot(path=str(artefak_dir / "evaluasi_6303_layar.png"))
    # Number columns (named on their table as aN) are right-aligned, every other cell left.
    rata = page.evaluate(
        """() => {
          const salah = [];
          let kolom_angka = 0;
          for (const t of document.querySelectorAll('table.tabel-laporan')) {
            const kanan = new Set([...t.classList].filter(k => /^a\\d+$/.test(k))
                                   .map(k => +k.slice(1)));
            kolom_angka += kanan.size;
            for (const tr of t.rows) [...tr.cells].forEach((c, i) => {
              const mau = kanan.has(i + 1) || c.classList.contains('a') ? 'right' : 'left';
              if (getComputedStyle(c).textAlign !== mau)
                salah.push(t.caption.textContent + ', kolom ' + (i + 1));
            });
          }
          return [kolom_angka, [...new Set(salah)]];
        }"""
    )
    assert rata[0] > 20 and rata[1] == [], rata
    page.emulate_media(media="print")
    # Quadrant labels drawn by the browser do not overlap.
    tumpang = page.evaluate(
        """() => {
          const hasil = [];
          for (const g of document.querySelectorAll('div.grafik-vega')) {
            const teks = [...g.querySelectorAll('g.mark-text.role-mark text')]
              .filter(t => t.textContent && !/^[A-Z ,]+$/.test(t.textContent))
              .map(t => [t.textContent, t.getBoundingClientRect()]);
            for (let i = 0; i < teks.length; i++) for (let j = i + 1; j < teks.length; j++) {
              const [na, a] = teks[i], [nb, b] = teks[j];
              if (a.width && b.width && a.left < b.right - 1 && b.left < a.right - 1 &&
                  a.top < b.bottom - 1 && b.top < a.bottom - 1) hasil.push(na + ' / ' + nb);
            }
          }
          return hasil;
        }"""
    )
    # Nothing wider than the printable width (A4 minus margins: 190 mm ≈ 718 px).
    page.set_viewport_size({"width": 718, "height": 1000})
    lebar = page.evaluate(
        """() => [...document.querySelectorAll('table.tabel-laporan, div.grafik-vega svg.marks')]
             .filter(e => e.offsetParent !== null)
             .map(e => [e.tagName, Math.round(e.getBoundingClientRect().right)])
             .filter(([, r]) => r > 720)"""
    )
    pdf = artefak_dir / "evaluasi_6303.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
    halaman = _jumlah_halaman_pdf(pdf.read_bytes())
    page.screenshot(path=str(artefak_dir / "evaluasi_6303_cetak.png"), full_page=True)
    assert tumpang == []
    assert lebar == []
    assert 5 <= halaman <= 15, halaman
    assert jaringan.diblokir == [] and galat == []


@pytest.mark.ui
def test_report_still_reads_without_the_shared_folder(laporan, tmp_path, page):
    _, hasil = laporan
    salinan = tmp_path / "6303.html"
    shutil.copy(hasil["6303"], salinan)  # no _static beside it
    page.goto(salinan.as_uri())
    page.wait_for_load_state("load")
    catatan = page.locator("div.grafik-vega .grafik-vega-isi").all_inner_texts()
    assert catatan and all("folder _static" in c for c in catatan)
    judul = page.locator("table.tabel-laporan caption").all_inner_texts()
    assert judul[0].startswith("Tabel 2.1.")
    # Readable: body text in a normal size and bordered tables from the inlined stylesheet.
    ukuran = page.evaluate("() => getComputedStyle(document.body).fontSize")
    batas = page.evaluate(
        "() => getComputedStyle(document.querySelector('table.tabel-laporan td')).borderTopStyle"
    )
    assert ukuran == "14px" and batas == "solid"
