"""Navigation of an exported report: numbered captions, a table of contents, links to the site.

Applied to the HTML of a report (:func:`analisis.laporan.ekspor.ekspor_html`):

* **Numbered captions.** Sections are the ``<h2>`` headings that start with a number
  ("2. Perkembangan"); every table caption and chart title after such a heading gets the
  section's number and a running count: "Tabel 2.1. …", "Gambar 2.1. …". A heading that starts
  with "Lampiran" numbers its captions "Tabel L.1". Numbers follow the order on the page, so
  they always match the sections they sit in.
* **Daftar isi.** A list of links to every ``<h2>`` (and its ``<h3>``), inserted before the
  first section, using the anchors nbconvert gives headings.
* **Links back** to the site (e.g. the province page and the site index), at the top.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Sequence

__all__ = ["daftar_isi", "nomori_keterangan", "rapikan_laporan"]

_JUDUL = re.compile(r"<(h[23])\b[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</\1>", re.DOTALL)
_TOKEN = re.compile(
    r"<h2\b[^>]*>(?P<h2>.*?)</h2>"
    r"|<caption>(?P<cap>)"
    r"|<p class=\"judul-grafik\">(?P<gbr>)",
    re.DOTALL,
)
_NOMOR = re.compile(r"^\s*(\d+)\.\s")


def _teks(fragmen: str) -> str:
    """Visible text of a heading (tags and the ¶ anchor removed)."""
    t = re.sub(r"<a class=\"anchor-link\".*?</a>", "", fragmen, flags=re.DOTALL)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", t)).strip()


def nomori_keterangan(html: str) -> str:
    """Prefix every table caption and chart title with "Tabel N.k." / "Gambar N.k."."""
    bagian: str | None = None
    hitung = {"Tabel": 0, "Gambar": 0}
    keluar: list[str] = []
    posisi = 0
    for m in _TOKEN.finditer(html):
        keluar.append(html[posisi : m.end()])
        posisi = m.end()
        if m.group("h2") is not None:
            judul = _teks(m.group("h2"))
            n = _NOMOR.match(judul)
            bagian = n.group(1) if n else ("L" if judul.lower().startswith("lampiran") else None)
            hitung = {"Tabel": 0, "Gambar": 0}
            continue
        jenis = "Tabel" if m.group("cap") is not None else "Gambar"
        hitung[jenis] += 1
        nomor = f"{bagian}.{hitung[jenis]}" if bagian else str(hitung[jenis])
        keluar.append(f'<span class="nomor">{jenis} {nomor}.</span> ')
    keluar.append(html[posisi:])
    return "".join(keluar)


def daftar_isi(html: str, judul: str = "Daftar isi") -> str:
    """The ``<nav>`` listing every h2 (with its h3) of the page as links."""
    butir: list[str] = []
    buka_h3 = False
    for tingkat, ident, isi in _JUDUL.findall(html):
        teks = html_lib.escape(_teks(isi))
        tautan = f'<a href="#{html_lib.escape(ident, quote=True)}">{teks}</a>'
        if tingkat == "h2":
            if buka_h3:
                butir.append("</ol></li>")
                buka_h3 = False
            elif butir:
                butir.append("</li>")
            butir.append(f"<li>{tautan}")
        elif butir:
            if not buka_h3:
                butir.append("<ol>")
                buka_h3 = True
            butir.append(f"<li>{tautan}</li>")
    if not butir:
        return ""
    butir.append("</ol></li>" if buka_h3 else "</li>")
    return (
        f'<nav class="daftar-isi" aria-label="{judul}"><h2 class="judul-daftar-isi">{judul}</h2>'
        f"<ol>{''.join(butir)}</ol></nav>"
    )


def rapikan_laporan(
    html: str, *, tautan: Sequence[tuple[str, str]] = (), dengan_daftar_isi: bool = True
) -> str:
    """Numbered captions, a table of contents before the first section, and ``tautan``
    (``(text, relative URL)`` pairs) at the top of the page."""
    hasil = nomori_keterangan(html)
    if dengan_daftar_isi:
        nav = daftar_isi(hasil)
        h2 = re.search(r"<h2\b", hasil)
        if nav and h2:
            sel = hasil.rfind('<div id="cell-id=', 0, h2.start())
            sisip = sel if sel >= 0 else h2.start()
            hasil = hasil[:sisip] + nav + hasil[sisip:]
    if tautan:
        isi = " ".join(
            f'<a href="{html_lib.escape(url, quote=True)}">{html_lib.escape(teks)}</a>'
            for teks, url in tautan
        )
        hasil = re.sub(
            r"<main>", f'<main>\n<nav class="navigasi-situs">{isi}</nav>', hasil, count=1
        )
    return hasil
