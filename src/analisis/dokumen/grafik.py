"""Charts as pictures: the report's Vega-Lite specifications rendered offline with vl-convert.

The specification is the one the HTML report embeds (built by :mod:`analisis.evaluasi.tampilan`
and prepared by :func:`analisis.laporan.grafik.siapkan_spesifikasi`: Indonesian number locale,
no network reference); vl-convert draws it to PNG without a browser or the internet. Pictures
are cached per specification for one run, so a province bundle and the regions' own
documents draw each chart once.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Inches

from analisis.dokumen.penulis import Penulis, lebar_teks
from analisis.laporan.grafik import Grafik, siapkan_spesifikasi

SKALA = 2
"""Pixels per CSS pixel of the pictures (sharp in print)."""
PPI = 96


class PelukisGrafik:
    """Renders specifications to PNG, once per distinct specification."""

    def __init__(self) -> None:
        self._cache: dict[str, bytes] = {}
        self.jumlah_digambar = 0

    def png(self, spesifikasi: dict[str, Any]) -> bytes:
        import vl_convert as vlc

        spes = siapkan_spesifikasi(spesifikasi)
        kunci = hashlib.sha256(
            json.dumps(spes, sort_keys=True, default=str).encode("utf-8")
        ).hexdigest()
        if kunci not in self._cache:
            self._cache[kunci] = vlc.vegalite_to_png(vl_spec=spes, scale=SKALA)
            self.jumlah_digambar += 1
        return self._cache[kunci]


def ukuran_png(png: bytes) -> tuple[int, int]:
    """Width and height in pixels from the PNG header."""
    lebar, tinggi = struct.unpack(">II", png[16:24])
    return int(lebar), int(tinggi)


def tulis_grafik(penulis: Penulis, g: Grafik, pelukis: PelukisGrafik) -> None:
    """The chart as a picture at its natural size (at most the text width), centred, with
    its caption "Gambar x.y" under it."""
    png = pelukis.png(g.spesifikasi)
    lebar_px, _ = ukuran_png(png)
    alami = Inches(lebar_px / SKALA / PPI)
    lebar = Emu(min(int(alami), lebar_teks(penulis)))
    p = penulis.doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    p.add_run().add_picture(io.BytesIO(png), width=lebar)
    penulis.keterangan_gambar(g.judul).paragraph_format.keep_with_next = False
