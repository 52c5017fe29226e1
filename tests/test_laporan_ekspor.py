"""Offline HTML reports: external-reference scan, _static folder, export of a real notebook.

The slow part (``lambat``) executes one small hvplot notebook with the venv's
``python3`` kernel, exports it and, with ``ui``, opens it from ``file://`` in headless
Chromium with every non-local request blocked.
"""

from __future__ import annotations

import os
import re
import stat
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import analisis
from analisis.berkas import tulis_teks_atomik as tulis_atomik
from analisis.galat import GalatAnalisis
from analisis.laporan import sumber_daya
from analisis.laporan.ekspor import (
    RujukanEksternal,
    ekspor_html,
    host_jaringan,
    rujukan_eksternal,
)
from analisis.laporan.sumber_daya import (
    ganti_cdn,
    path_relatif,
    rujukan_static,
    sediakan_berkas,
    siapkan_static,
    versi_terpasang,
)

VERSI = versi_terpasang()

# --------------------------------------------------------------------------- rujukan_eksternal


def test_rujukan_eksternal_finds_fetched_resources_only():
    html = """<!DOCTYPE html><html><head>
    <script src="https://cdn.example.org/a.js"></script>
    <script src="../_static/bokeh/bokeh-3.9.2.min.js"></script>
    <link rel="stylesheet" href="http://fonts.example.org/f.css">
    <link rel="canonical" href="https://situs.example.org/laporan">
    <style>/* lihat https://komentar.example.org */ @import "https://impor.example.org/x.css";
      .a { background: url('https://gambar.example.org/bg.png') } .b { background: url(data:image/png;base64,AAA) }</style>
    </head><body>
    <a href="https://www.bps.go.id">BPS</a>
    <img src="data:image/png;base64,AAAA" srcset="//cdn.example.org/k.png 1x, gambar-lokal.png 2x">
    <div style="background-image:url(https://gaya.example.org/s.png)"></div>
    <svg xmlns="http://www.w3.org/2000/svg"><image href="https://svg.example.org/i.png"/></svg>
    <script type="text/javascript">
      // see: https://komentar-js.example.org/doc
      const js_urls = ["https://cdn.bokeh.org/bokeh/release/bokeh-3.9.2.min.js", "../_static/lokal.js"];
      const ns = "http://www.w3.org/2000/svg";
      const docs = {"url": "https:\\/\\/escaped.example.org\\/s.css", "text": "<a href=\\"https://tautan.example.org\\">x</a>"};
    </script>
    </body></html>"""
    hasil = rujukan_eksternal(html)
    assert all(isinstance(r, RujukanEksternal) for r in hasil)
    assert [(r.url, r.tempat) for r in hasil] == [
        ("https://cdn.example.org/a.js", "script[src]"),
        ("http://fonts.example.org/f.css", "link[href]"),
        ("https://impor.example.org/x.css", "css url()"),
        ("https://gambar.example.org/bg.png", "css url()"),
        ("//cdn.example.org/k.png", "img[srcset]"),
        ("https://gaya.example.org/s.png", "div[style]"),
        ("https://svg.example.org/i.png", "image[href]"),
        ("https://cdn.bokeh.org/bokeh/release/bokeh-3.9.2.min.js", "teks script"),
        ("https://escaped.example.org/s.css", "teks script"),
    ]


def test_rujukan_eksternal_clean_page():
    assert (
        rujukan_eksternal(
            '<p><a href="https://x.org">x</a></p><script>var a = "lokal.js";</script>'
        )
        == []
    )


def test_rujukan_eksternal_reads_pages_as_a_browser_would():
    html = """<!DOCTYPE html><html><body>
    <!-- <script src="https://komentar.example.org/x.js"></script> -->
    <p style="background:url(&#47;&#47;entitas.example.org/e.png)">teks</p>
    <script>var a = "<a href=\\"#\\">x</a></div>"; var b = "https://setelah.example.org/b.js";</script>
    <SCRIPT SRC="HTTPS://BESAR.EXAMPLE.ORG/c.js"></SCRIPT>
    <svg><image xlink:href="https://svg.example.org/i.png"/></svg>
    """
    assert [(r.url, r.tempat) for r in rujukan_eksternal(html)] == [
        ("//entitas.example.org/e.png", "p[style]"),
        ("https://setelah.example.org/b.js", "teks script"),
        ("HTTPS://BESAR.EXAMPLE.ORG/c.js", "script[src]"),
        ("https://svg.example.org/i.png", "image[xlink:href]"),
    ]
    assert rujukan_eksternal("") == [] and rujukan_eksternal("<!-- saja -->") == []


#: URL forms a browser reads like ``https://host/…`` (WHATWG URL parsing: leading/trailing C0
#: controls and spaces stripped, tab/newline removed anywhere, scheme case-insensitive, ``\`` is
#: ``/`` for special schemes, any number of slashes after ``http:``), and forms it never fetches.
BENTUK_EKSTERNAL = [
    "https://h.example.org/x.js",
    "HTTPS://h.example.org/x.js",
    "HtTp://h.example.org/x.js",
    r"https:\\h.example.org/x.js",
    r"https:/\h.example.org/x.js",
    "https:h.example.org/x.js",
    "https:/h.example.org/x.js",
    "https:///h.example.org/x.js",
    "//h.example.org/x.js",
    r"\\h.example.org/x.js",
    r"/\h.example.org/x.js",
    r"\/h.example.org/x.js",
    "ht\ttps://h.example.org/x.js",
    "https:/\n/h.example.org/x.js",
    "\r\nhttps://h.example.org/x.js",
    " \x01https://h.example.org/x.js",
    "/\t/h.example.org/x.js",
    "ws://h.example.org/x",
    "ftp://h.example.org/x.js",
    "file://h.example.org/share/x.js",
]
BENTUK_LOKAL = [
    "x.js",
    "../_static/bokeh/x.js",
    "/lokal/x.js",
    r"\lokal\x.js",
    "#bagian",
    "data:image/png;base64,AAAA",
    "https-lokal/x.js",
    "http.js",
    "blob:abc",
    "",
]


def _tempat_bentuk(url: str) -> list[tuple[str, str]]:
    """Every place of a page that fetches ``url``: attribute values HTML-escaped, CSS strings
    CSS-escaped (``\\`` is a backslash there). Forms with a tab, newline or control character
    are not given to ``srcset`` (whitespace separates its candidates) nor to CSS (not a valid
    string token there)."""
    import html as html_lib

    a = html_lib.escape(url, quote=True)
    css = url.replace("\\", "\\\\")
    bersih = not any(c in url for c in "\t\r\n\x01 ")
    tempat = [
        (f'<script src="{a}"></script>', "script[src]"),
        (f'<link rel="stylesheet" href="{a}">', "link[href]"),
        (f'<svg><image href="{a}"/></svg>', "image[href]"),
        (f'<svg><use xlink:href="{a}"/></svg>', "use[xlink:href]"),
    ]
    if bersih:
        tempat += [
            (f'<img src="x.png" srcset="lokal.png 1x, {a} 2x">', "img[srcset]"),
            (f"<div style=\"background:url('{html_lib.escape(css)}')\"></div>", "div[style]"),
            (f"<style>.a {{ background: url('{css}') }}</style>", "css url()"),
            (f"<style>.a {{ background: url({css}) }}</style>", "css url()"),
            (f'<style>@import "{css}";</style>', "css url()"),
        ]
    return tempat


@pytest.mark.parametrize("url", BENTUK_EKSTERNAL)
def test_rujukan_eksternal_lists_every_form_a_browser_fetches(url):
    for potongan, tempat in _tempat_bentuk(url):
        hasil = rujukan_eksternal(f"<!DOCTYPE html><html><body>{potongan}</body></html>")
        assert [r.tempat for r in hasil] == [tempat], potongan


@pytest.mark.parametrize("url", BENTUK_LOKAL)
def test_rujukan_eksternal_leaves_local_data_and_fragment_urls(url):
    for potongan, _ in _tempat_bentuk(url):
        assert rujukan_eksternal(f"<html><body>{potongan}</body></html>") == [], potongan


def test_rujukan_eksternal_decodes_entities_and_css_escapes():
    html = (
        '<img src="&#104;ttps&#58;&#x2F;&#x2f;entitas.example.org/a.png">'
        '<img src="https&colon;&sol;&sol;nama.example.org/b.png">'
        r"<style>.a { background: url(\68 ttps:\2f\2f css.example.org/c.png) }</style>"
        r'<style>@import "https:\\\\garis.example.org/d.css";</style>'
    )
    assert [r.tempat for r in rujukan_eksternal(html)] == [
        "img[src]",
        "img[src]",
        "css url()",
        "css url()",
    ]


@pytest.mark.parametrize(
    "url",
    ["HTTPS://example.org/peta.png", r"https:\\example.org/peta.png", "https:example.org/peta.png"],
)
def test_ekspor_refuses_every_form_of_an_external_resource(tmp_path, url):
    nb = _notebook_tanpa_eksekusi(f'<img src="{url}">')
    tujuan = tmp_path / "laporan.html"
    with pytest.raises(GalatAnalisis, match="tidak bisa dibuka tanpa internet"):
        ekspor_html(nb, tujuan, tmp_path / "_static")
    assert not tujuan.exists()


# --------------------------------------------------------------------------- paths and rewrite


def test_path_relatif(tmp_path):
    static = tmp_path / "laporan" / "_static"
    assert path_relatif(tmp_path / "laporan" / "a.html", static) == "_static"
    assert path_relatif(tmp_path / "laporan" / "kab" / "a.html", static) == "../_static"
    assert path_relatif(tmp_path / "lain" / "x y" / "a.html", static) == "../../laporan/_static"
    assert path_relatif(tmp_path / "a.html", tmp_path / "folder statis") == "folder%20statis"


def test_ganti_cdn_and_rujukan_static():
    html = (
        '["https://cdn.bokeh.org/bokeh/release/bokeh-3.9.2.min.js", '
        '"//cdn.holoviz.org/panel/1.9.4/dist/css/loading.css?v=1.9.4", '
        '"https://cdn.bokeh.org/bokeh/dev/bokeh-4.0.0.dev1.min.js"]'
    )
    baru = ganti_cdn(html, "../_static/")
    assert '"../_static/bokeh/bokeh-3.9.2.min.js"' in baru
    assert '"../_static/panel/1.9.4/dist/css/loading.css?v=1.9.4"' in baru
    assert "bokeh/dev/" in baru  # dev builds are not rewritten: the scan reports them
    assert rujukan_static(baru, "../_static") == [
        "bokeh/bokeh-3.9.2.min.js",
        "panel/1.9.4/dist/css/loading.css",
    ]


# --------------------------------------------------------------------------- _static folder


def _salinan(monkeypatch) -> list[str]:
    """Record every file copy made by sumber_daya."""
    tercatat: list[str] = []
    asli = sumber_daya._salin_atomik

    def catat(sumber, tujuan):
        tercatat.append(Path(tujuan).name)
        asli(sumber, tujuan)

    monkeypatch.setattr(sumber_daya, "_salin_atomik", catat)
    return tercatat


def test_siapkan_static_idempotent_and_refreshes(tmp_path, monkeypatch):
    folder = tmp_path / "_static"
    salinan = _salinan(monkeypatch)
    assert siapkan_static(folder) == folder.resolve()
    inti = [
        f"bokeh/bokeh-{VERSI['bokeh']}.min.js",
        f"bokeh/bokeh-widgets-{VERSI['bokeh']}.min.js",
        f"panel/{VERSI['panel']}/dist/panel.min.js",
        f"panel/{VERSI['panel']}/dist/css/loading.css",
        f"panel/{VERSI['panel']}/dist/bundled/theme/default.css",
    ]
    for rel in inti:
        assert (folder / rel).is_file(), rel
    assert (folder / ".stempel" / f"bokeh-{VERSI['bokeh']}.json").is_file()
    assert (folder / ".stempel" / f"panel-{VERSI['panel']}.json").is_file()
    pertama = len(salinan)
    assert pertama > 10
    assert not list(folder.rglob("*.tmp"))

    siapkan_static(folder)  # up to date: nothing copied
    assert len(salinan) == pertama

    rusak = folder / inti[0]
    rusak.write_bytes(b"terpotong")  # truncated/changed file -> copied again
    siapkan_static(folder)
    assert rusak.stat().st_size > 1000
    assert len(salinan) > pertama

    # An upgrade adds the new version's files next to the old ones.
    monkeypatch.setattr(
        sumber_daya, "versi_terpasang", lambda: {"bokeh": "9.9.9", "panel": VERSI["panel"]}
    )
    siapkan_static(folder)
    assert (folder / "bokeh" / "bokeh-9.9.9.min.js").is_file()
    assert (folder / inti[0]).is_file()
    assert (folder / ".stempel" / "bokeh-9.9.9.json").is_file()


def test_sediakan_berkas_on_demand(tmp_path):
    folder = siapkan_static(tmp_path / "_static")
    dasar = f"panel/{VERSI['panel']}/dist"
    for berkas in (folder / dasar / "assets").rglob("*.svg"):
        berkas.unlink()
    (folder / dasar / "css" / "loading.css").unlink()
    kurang = sediakan_berkas(
        folder,
        [
            f"{dasar}/css/loading.css",  # brings ../assets/*.svg along
            f"{dasar}/images/favicon.ico",  # not in the core set
            f"bokeh/bokeh-mathjax-{VERSI['bokeh']}.min.js",
            "bokeh/bokeh-0.0.1.min.js",  # another version: cannot be provided
            f"{dasar}/../../../../rahasia.txt",
        ],
    )
    assert kurang == ["bokeh/bokeh-0.0.1.min.js", f"{dasar}/../../../../rahasia.txt"]
    assert (folder / dasar / "css" / "loading.css").is_file()
    assert (folder / dasar / "assets" / "arc_spinner.svg").is_file()
    assert (folder / dasar / "images" / "favicon.ico").is_file()
    assert (folder / "bokeh" / f"bokeh-mathjax-{VERSI['bokeh']}.min.js").is_file()


def test_tulis_atomik(tmp_path):
    tujuan = tmp_path / "sub" / "laporan.html"
    tulis_atomik(tujuan, "lama")
    tulis_atomik(tujuan, "baru ✓")
    assert tujuan.read_text(encoding="utf-8") == "baru ✓"
    assert list(tujuan.parent.iterdir()) == [tujuan]  # no temp file left behind
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(tujuan.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600


# --------------------------------------------------------------------------- export (no kernel)


def _notebook_tanpa_eksekusi(keluaran_html: str) -> nbformat.NotebookNode:
    nb = new_notebook()
    sel = new_code_cell("tampilkan()", execution_count=1)
    sel.outputs = [new_output("display_data", data={"text/html": keluaran_html})]
    nb.cells = [new_markdown_cell("# Judul"), sel]
    return nb


def test_ekspor_refuses_external_resources(tmp_path):
    nb = _notebook_tanpa_eksekusi('<img src="https://example.org/peta.png">')
    tujuan = tmp_path / "laporan.html"
    with pytest.raises(GalatAnalisis, match="example.org/peta.png"):
        ekspor_html(nb, tujuan, tmp_path / "_static")
    assert not tujuan.exists()
    ekspor_html(nb, tujuan, tmp_path / "_static", ketat=False)
    assert tujuan.is_file()


def test_ekspor_beside_static_takes_no_prose_for_a_missing_file(tmp_path):
    """A report written next to ``_static`` (prefix ``_static``) carries the inlined stylesheet,
    whose comment names "_static/analisis/lab/": that is prose, not a file the page loads, and a
    strict export must not refuse the report for it."""
    nb = _notebook_tanpa_eksekusi("<p>Tabel 1</p>")
    tujuan = ekspor_html(nb, tmp_path / "laporan.html", tmp_path / "_static")
    html = tujuan.read_text("utf-8")
    assert "shared in _static/analisis/lab/;" in html  # the comment is in the page
    assert 'href="_static/analisis/lab/' in html  # and the theme is loaded from beside it
    for rel in rujukan_static(html, "_static"):
        assert (tmp_path / "_static" / rel).is_file(), rel


def test_ekspor_leaves_the_executed_notebook_unchanged(tmp_path):
    """The export spares nbconvert its deep copies of the notebook (``_SalinanLaporan``), so the
    containers its preprocessors change in place (cell metadata: a magic's language; output
    lists: tags) must be the export's own; the caller's notebook, saved or exported again
    afterwards, must not change."""
    nb = _notebook_tanpa_eksekusi("<p>tabel</p>")
    sel = new_code_cell("%%bash\necho ok", execution_count=2, metadata={"tags": ["x"]})
    sel.outputs = [
        new_output("stream", name="stdout", text="baris 1\n"),
        new_output("stream", name="stdout", text="baris 2\n"),
        new_output("stream", name="stderr", text="peringatan\n"),
    ]
    nb.cells.append(sel)
    sebelum = nbformat.writes(nb)
    for _ in range(2):
        ekspor_html(
            nb, tmp_path / "laporan.html", tmp_path / "_static", sertakan_stderr=True, ketat=False
        )
        assert nbformat.writes(nb) == sebelum
    html = (tmp_path / "laporan.html").read_text("utf-8")
    assert html.count("baris 1") == html.count("peringatan") == 1


def test_ekspor_refuses_assets_of_other_versions(tmp_path):
    nb = _notebook_tanpa_eksekusi(
        '<script>var u = ["https://cdn.bokeh.org/bokeh/release/bokeh-0.0.1.min.js"];</script>'
    )
    with pytest.raises(GalatAnalisis, match="bokeh-0.0.1.min.js") as info:
        ekspor_html(nb, tmp_path / "laporan.html", tmp_path / "_static")
    assert "versi bokeh/panel" in str(info.value)


# --------------------------------------------------------------------------- real notebook

KODE_PENANDA = "PENANDA_KODE_TIDAK_BOLEH_TAMPIL"

SEL_KODE = [
    f"""# {KODE_PENANDA}
import warnings

import numpy as np
import pandas as pd
import hvplot.pandas  # noqa: F401

from analisis.laporan.format import gaya_tabel, persen
from analisis.laporan.grafik import format_sumbu, grafik_batang, grafik_tren

# Kab. Contoh: 2020 is NaN and 2021 has no row at all.
df = pd.DataFrame({{
    "wilayah": ["Kab. Contoh"] * 4 + ["Kalimantan Barat"] * 5,
    "tahun": [2019, 2020, 2022, 2023] + list(range(2019, 2024)),
    "nilai": [5.1, np.nan, 4.8, 4.65, 7.5, 7.2, 7.0, 6.8, 6.7],
}})
warnings.warn("PERINGATAN_UJI_DI_STDERR")""",
    'df.hvplot.line(x="tahun", y="nilai", by="wilayah", yformatter=format_sumbu(akhiran="%"))',
    'grafik_tren(df, format_nilai=persen, label_y="P0 (%)", judul="Persentase penduduk miskin")',
    (
        'grafik_batang(df[df["tahun"] == 2023], sorot="Kab. Contoh", acuan=5.5, label_acuan="Target",'
        " format_nilai=persen)"
    ),
    'gaya_tabel(df, {"nilai": "persen_singkat"})',
]


@pytest.fixture(scope="module")
def laporan_uji(tmp_path_factory) -> dict:
    """Execute the test notebook once (python3 kernel of this venv) and export it."""
    from nbclient import NotebookClient

    akar = tmp_path_factory.mktemp("laporan")
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Laporan uji Kab. Contoh\n\nSumber: [BPS](https://www.bps.go.id).")
        ]
        + [new_code_cell(k) for k in SEL_KODE],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    # The kernel must import the code under test, wherever this test run imports it from.
    src = str(Path(analisis.__file__).resolve().parents[1])
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYTHONPATH", os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")])))
        mp.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        t0 = time.perf_counter()
        NotebookClient(
            nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(akar)}}
        ).execute()
        waktu_eksekusi = time.perf_counter() - t0
    static = akar / "_static"
    tujuan = akar / "kab" / "laporan kab contoh.html"  # space: the relative URL must be encoded
    t0 = time.perf_counter()
    ekspor_html(nb, tujuan, static, judul="Laporan Kab. Contoh")
    waktu_pertama = time.perf_counter() - t0
    t0 = time.perf_counter()
    ekspor_html(nb, tujuan, static, judul="Laporan Kab. Contoh")
    waktu_ekspor = time.perf_counter() - t0
    return {
        "nb": nb,
        "html_path": tujuan,
        "static": static,
        "html": tujuan.read_text(encoding="utf-8"),
        "waktu_eksekusi": waktu_eksekusi,
        "waktu_ekspor_pertama": waktu_pertama,
        "waktu_ekspor": waktu_ekspor,
    }


def _ukuran_folder(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@pytest.mark.lambat
def test_laporan_has_no_code_and_no_external_resources(laporan_uji):
    html = laporan_uji["html"]
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="id">' in html
    assert "<title>Laporan Kab. Contoh</title>" in html
    # no code cells, no prompts, no stderr
    assert KODE_PENANDA not in html
    sel_kode = re.findall(r'class="jp-Cell jp-CodeCell[^"]*"', html)
    assert len(sel_kode) == len(SEL_KODE) and all("jp-mod-noInput" in c for c in sel_kode)
    assert not re.search(r'class="[^"]*(jp-InputPrompt|jp-OutputPrompt|jp-CodeMirrorEditor)', html)
    assert not re.search(r"(In|Out)(&nbsp;|\s)?\[\d+\]", html)
    assert "PERINGATAN_UJI_DI_STDERR" not in html
    # no external resources and no CDN host left at all (also not require.js/MathJax)
    assert rujukan_eksternal(html) == []
    for host in (
        "cdn.bokeh.org",
        "cdn.holoviz.org",
        "cdnjs.cloudflare.com",
        "unpkg.com",
        "jsdelivr",
    ):
        assert host not in html, host
    # content survived: Indonesian table and the link in the markdown cell
    assert "4,65%" in html
    assert 'href="https://www.bps.go.id"' in html


@pytest.mark.lambat
def test_laporan_static_paths_resolve(laporan_uji):
    html, static = laporan_uji["html"], laporan_uji["static"]
    assert "../_static/" in html
    dirujuk = rujukan_static(html, "../_static")
    assert f"bokeh/bokeh-{VERSI['bokeh']}.min.js" in dirujuk
    assert f"panel/{VERSI['panel']}/dist/panel.min.js" in dirujuk
    assert "analisis/grafik.js" in dirujuk and any(r.startswith("vega/vega-lite@") for r in dirujuk)
    folder_html = laporan_uji["html_path"].parent
    for rel in dirujuk:
        assert (folder_html / "../_static" / rel).resolve().is_file(), rel
    ukuran_html = len(html.encode())
    ukuran_static = _ukuran_folder(static)
    print(
        f"\nukuran HTML {ukuran_html / 1024:.0f} KiB; _static {ukuran_static / 2**20:.2f} MiB; "
        f"eksekusi {laporan_uji['waktu_eksekusi']:.2f} s; ekspor pertama "
        f"{laporan_uji['waktu_ekspor_pertama'] * 1000:.0f} ms, berikutnya {laporan_uji['waktu_ekspor'] * 1000:.0f} ms"
    )
    assert ukuran_html < 1_000_000  # BokehJS is not inlined (inline would be ~3.3 MB)
    assert 1_000_000 < ukuran_static < 8_000_000


@pytest.mark.lambat
@pytest.mark.ui
def test_laporan_renders_offline_in_chromium(laporan_uji, page, artefak_dir):
    from ui_util import blokir_jaringan_luar, kumpulkan_galat, tunggu_grafik_vega, tunggu_kanvas

    jaringan = blokir_jaringan_luar(page)
    galat = kumpulkan_galat(page)
    gagal: list[str] = []
    page.on("requestfailed", lambda r: gagal.append(f"{r.url} ({r.failure})"))

    page.goto(laporan_uji["html_path"].as_uri())
    grafik = tunggu_grafik_vega(page, minimal=2)  # grafik_tren and grafik_batang (Vega-Lite)
    kanvas = tunggu_kanvas(page, minimal=1)  # the analyst's own hvplot chart (Bokeh)
    page.wait_for_function("document.readyState === 'complete'")
    # The Indonesian tick formatter really runs inside BokehJS.
    label = page.evaluate(
        """() => {
          const hasil = [];
          for (const doc of Bokeh.documents)
            for (const m of doc.all_models)
              if (m.constructor.__name__ === "CustomJSTickFormatter" && m.code.includes("DESIMAL"))
                hasil.push(m.doFormat([-0.5, 1234.5, 4.65], {loc: 0}));
          return hasil;
        }"""
    )
    # Hovering a point of the trend chart shows the pre-formatted Indonesian value.
    titik = page.locator("div.grafik-vega").first.locator(
        "path[role=graphics-symbol]"
    )  # the points
    titik.nth(titik.count() - 1).hover(force=True)
    page.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)
    tooltip = page.inner_text("#vg-tooltip-element")
    page.screenshot(path=str(artefak_dir / "laporan_offline.png"), full_page=True)

    assert grafik["jumlah"] == 2 and grafik["siap"] == 2, grafik["gagal"]
    tren, batang = grafik["teks"]
    assert "2021" in tren and "2.021" not in tren
    # The chart title is a caption above the drawing (numbered per section in reports).
    judul = page.locator("div.grafik-vega .judul-grafik").first.inner_text()
    assert "Persentase penduduk miskin" in judul
    assert (
        "folder _static" not in page.locator("div.grafik-vega .grafik-vega-isi").first.inner_text()
    )
    assert any(
        re.fullmatch(r"\d,\d", t) for t in tren
    )  # y axis ticks with a decimal comma, e.g. 4,8
    assert "Target: 5,50 persen" in batang
    assert "persen" in tooltip and re.search(r"\d,\d\d persen", tooltip), tooltip
    assert kanvas >= 1
    assert jaringan.jumlah == 0, jaringan.diblokir
    assert gagal == []
    assert galat == []
    assert any("/_static/vega/" in u for u in jaringan.diizinkan)
    assert any("/_static/analisis/grafik.js" in u for u in jaringan.diizinkan)
    assert any("/_static/bokeh/" in u for u in jaringan.diizinkan)
    assert ["\u22120,50%", "1.234,50%", "4,65%"] in label  # hvplot with format_sumbu(akhiran="%")


# --------------------------------------------------------------------------- review gaps


def _tempat(html: str) -> list[tuple[str, str]]:
    return [(r.url, r.tempat) for r in rujukan_eksternal(f"<!DOCTYPE html><html>{html}</html>")]


def test_rujukan_eksternal_base_with_a_network_host():
    """``<base href>`` with a host makes every relative reference of the page a network one."""
    assert _tempat('<head><base href="https://h.example.org/"></head><img src="a.png">') == [
        ("https://h.example.org/", "base[href]")
    ]
    assert _tempat(r'<head><base href="\\h.example.org/x/"></head>') == [
        (r"\\h.example.org/x/", "base[href]")
    ]
    assert _tempat('<head><base href="../"><base target="_blank"></head>') == []


PRESENTASI_SVG = [
    "fill",
    "stroke",
    "filter",
    "mask",
    "clip-path",
    "marker-start",
    "marker-mid",
    "marker-end",
    "cursor",
]


@pytest.mark.parametrize("nama", PRESENTASI_SVG)
def test_rujukan_eksternal_svg_presentation_attributes(nama):
    """SVG presentation attributes take CSS values: ``url(//h/…)`` there is fetched."""
    assert _tempat(f'<svg><rect {nama}="url(//h.example.org/a.svg#p)"/></svg>') == [
        ("//h.example.org/a.svg#p", f"rect[{nama}]")
    ]
    assert _tempat(f"<svg><path {nama}=\"URL('https:\\\\h.example.org/b')\"/></svg>") == [
        ("https:\\h.example.org/b", f"path[{nama}]")
    ]
    assert _tempat(f'<svg><rect {nama}="url(#lokal)" title="url(//h.example.org)"/></svg>') == []


def test_rujukan_eksternal_css_image_set_strings_and_import_forms():
    """In ``image-set()`` a quoted string is an image URL like ``url()`` (``type("…")`` is a
    MIME type); ``@import`` takes a string with or without whitespace before it."""
    css = (
        '.a { background-image: image-set("//satu.example.org/a.png" 1x, '
        "url(lokal.png) 2x, 'https:\\\\dua.example.org/b.avif' type(\"image/avif\")) }"
        '.b { background: -WEBKIT-image-set("https://tiga.example.org/c.png" 1x) }'
        ".c { background: image-set(\"lokal.png\" 1x, 'data:image/png;base64,AA' 2x) }"
        '@import"https://empat.example.org/d.css";'
        "@import 'lokal.css';"
    )
    assert _tempat(f"<style>{css}</style>") == [
        ("//satu.example.org/a.png", "css url()"),
        ("https:\\dua.example.org/b.avif", "css url()"),
        ("https://tiga.example.org/c.png", "css url()"),
        ("https://empat.example.org/d.css", "css url()"),
    ]
    assert _tempat(
        "<div style=\"cursor: image-set('//lima.example.org/k.cur' 1x), auto\">x</div>"
    ) == [("//lima.example.org/k.cur", "div[style]")]


@pytest.mark.parametrize(
    "isi",
    [
        "0; url=https://h.example.org/",
        "5,URL='//h.example.org/x'",
        '0.5 ; Url = "https:\\\\h.example.org" lebih',
        "0 https://h.example.org",
        "0;https://h.example.org",
    ],
)
def test_rujukan_eksternal_meta_refresh(isi):
    """``<meta http-equiv="refresh">`` navigates to its URL (HTML's declarative refresh steps)."""
    import html as html_lib

    hasil = _tempat(f'<head><meta http-equiv="Refresh" content="{html_lib.escape(isi)}"></head>')
    assert [t for _, t in hasil] == ["meta[content]"]
    assert "h.example.org" in hasil[0][0] and "url" not in hasil[0][0].lower()[:4]


@pytest.mark.parametrize(
    "isi",
    ["0; url=lokal.html", "5", "0; url='#atas'", "x; url=https://h.example.org"],
)
def test_rujukan_eksternal_meta_refresh_local_or_invalid(isi):
    assert _tempat(f'<head><meta http-equiv="refresh" content="{isi}"></head>') == []
    # Only a refresh navigates: other http-equiv and named metadata are left alone.
    assert _tempat('<meta name="referrer" content="https://h.example.org">') == []


def test_rujukan_eksternal_hyperlink_ping():
    """``ping`` makes a click send a request to every URL in it, also from a local page."""
    assert _tempat(
        '<a href="#x" ping="lokal https://h.example.org/p  //i.example.org/q">x</a>'
        '<map><area href="#y" ping="\\\\j.example.org/r"></map>'
    ) == [
        ("https://h.example.org/p", "a[ping]"),
        ("//i.example.org/q", "a[ping]"),
        ("\\\\j.example.org/r", "area[ping]"),
    ]


def test_rujukan_eksternal_w3c_namespaces_only_as_namespaces():
    """W3C namespace URIs are identifiers where they are namespaces (``xmlns``, a script's
    ``createElementNS``, CSS ``@namespace``); as a resource www.w3.org is a host like any other."""
    namespace = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        "<rect/></svg>"
        '<script>var ns = "http://www.w3.org/2000/svg", x = "http://www.w3.org/1999/xhtml";</script>'
        '<style>@namespace svg url(http://www.w3.org/2000/svg); @namespace "http://www.w3.org/1999/xhtml";'
        " .a { color: red }</style>"
    )
    assert _tempat(namespace) == []
    assert _tempat(
        '<script src="https://www.w3.org/x.js"></script>'
        '<svg><use href="http://www.w3.org/2000/svg#a"/></svg>'
        '<script>var s = "https://www.w3.org/y.js";</script>'
        "<style>@namespace a url(x); .b { background: url(//www.w3.org/z.png) }</style>"
    ) == [
        ("https://www.w3.org/x.js", "script[src]"),
        ("http://www.w3.org/2000/svg#a", "use[href]"),
        ("https://www.w3.org/y.js", "teks script"),
        ("//www.w3.org/z.png", "css url()"),
    ]


#: file: URLs naming a file of the computer the report is opened on (WHATWG "file host state":
#: the host is what follows exactly two slashes, empty, ``localhost`` or a drive letter): the
#: page reads them from that disk, so a report with one is not self-contained either.
BENTUK_BERKAS_LOKAL = [
    "file:///etc/passwd",
    "FILE:///etc/passwd",
    "file:////h.example.org/x.js",
    "file:///C:/laporan/x.js",
    "file://C:/laporan/x.js",
    "file://localhost/laporan/x.js",
    "file:/etc/passwd",
    r"file:\\/etc/passwd",
    "fi\tle:///etc/passwd",
]


@pytest.mark.parametrize("url", BENTUK_BERKAS_LOKAL)
def test_rujukan_eksternal_lists_local_file_urls_without_a_host(url):
    assert host_jaringan(url) is None
    for potongan, tempat in _tempat_bentuk(url):
        hasil = rujukan_eksternal(f"<!DOCTYPE html><html><body>{potongan}</body></html>")
        assert [(r.tempat, r.host) for r in hasil] == [(tempat, "")], potongan


def test_host_jaringan_of_file_urls():
    assert host_jaringan("file://h.example.org/share/x.js") == "h.example.org"
    assert host_jaringan(r"file:\\H.example.org\share") == "h.example.org"
    assert host_jaringan("file:/\\h.example.org/x") == "h.example.org"
    assert host_jaringan("https:///h.example.org/x") == "h.example.org"  # special: slashes skipped


def test_ekspor_names_local_files_and_network_hosts(tmp_path):
    nb = _notebook_tanpa_eksekusi('<img src="file:///etc/passwd">')
    with pytest.raises(GalatAnalisis) as info:
        ekspor_html(nb, tmp_path / "laporan.html", tmp_path / "_static")
    pesan = str(info.value)
    assert "tidak bisa dibuka di komputer lain" in pesan and "internet" not in pesan
    assert "berkas di komputer ini (img[src]): file:///etc/passwd" in pesan
    nb = _notebook_tanpa_eksekusi('<img src="file:///etc/passwd"><img src="//Peta.example.org/a">')
    with pytest.raises(GalatAnalisis, match="tidak bisa dibuka tanpa internet") as info:
        ekspor_html(nb, tmp_path / "laporan.html", tmp_path / "_static")
    assert "sumber eksternal dari peta.example.org (img[src]): //Peta.example.org/a" in str(
        info.value
    )
    assert not (tmp_path / "laporan.html").exists()


def test_rujukan_eksternal_iframe_srcdoc():
    """An ``<iframe srcdoc>`` is a page of its own inside the report: its references count."""
    import html as html_lib

    dalam = '<img src="https://h.example.org/a.png"><a href="https://tautan.example.org">x</a>'
    assert _tempat(f'<iframe srcdoc="{html_lib.escape(dalam)}"></iframe>') == [
        ("https://h.example.org/a.png", "iframe[srcdoc] img[src]")
    ]
    assert _tempat('<iframe srcdoc="&lt;p&gt;a/b: lokal&lt;/p&gt;"></iframe>') == []
