"""Charts as pictures: the report's Vega-Lite specifications rendered offline with vl-convert.

The specification is the one the HTML report embeds (built by :mod:`analisis.evaluasi.tampilan`
and prepared by :func:`analisis.laporan.grafik.siapkan_spesifikasi`: Indonesian number locale,
no network reference); vl-convert draws it to PNG without a browser or the internet.

Drawing is the slow part of a document (~0,2–0,3 s per chart), and vl-convert releases the GIL,
so charts are drawn by a small thread pool while the chapter goes on: :func:`tulis_grafik`
leaves an empty run where the picture goes and :meth:`Penulis.selesai` puts the pictures in.
Pictures are cached per specification for one run, so a province bundle and the regions' own
documents draw each chart once.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Inches
from docx.text.run import Run

from analisis.dokumen.penulis import Penulis, lebar_teks
from analisis.galat import GalatAnalisis
from analisis.laporan.grafik import Grafik, siapkan_spesifikasi

SKALA = 2
"""Pixels per CSS pixel of the pictures (sharp in print)."""
PPI = 96


def _gambar(spes: dict[str, Any]) -> bytes:
    import vl_convert as vlc

    return bytes(vlc.vegalite_to_png(vl_spec=spes, scale=SKALA))


class PelukisGrafik:
    """Renders specifications to PNG in background threads, once per distinct specification."""

    def __init__(self, pekerja: int | None = None) -> None:
        self._cache: dict[str, Future[bytes]] = {}
        self._pool = ThreadPoolExecutor(
            max_workers=pekerja or min(4, os.cpu_count() or 1), thread_name_prefix="grafik"
        )

    @property
    def jumlah_digambar(self) -> int:
        return len(self._cache)

    def pesan(self, spesifikasi: dict[str, Any]) -> Future[bytes]:
        """The PNG of a specification, drawn in the background (or already drawn)."""
        spes = siapkan_spesifikasi(spesifikasi)
        kunci = hashlib.sha256(
            json.dumps(spes, sort_keys=True, default=str).encode("utf-8")
        ).hexdigest()
        if kunci not in self._cache:
            self._cache[kunci] = self._pool.submit(_gambar, spes)
        return self._cache[kunci]

    def png(self, spesifikasi: dict[str, Any]) -> bytes:
        return self.pesan(spesifikasi).result()

    def tutup(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def ukuran_png(png: bytes) -> tuple[int, int]:
    """Width and height in pixels from the PNG header."""
    lebar, tinggi = struct.unpack(">II", png[16:24])
    return int(lebar), int(tinggi)


def pasang_gambar(run: Run, png: bytes, lebar_maks: int) -> None:
    """The picture at its natural size (at most ``lebar_maks`` EMU) into ``run``."""
    lebar_px, _ = ukuran_png(png)
    alami = int(Inches(lebar_px / SKALA / PPI))
    run.add_picture(io.BytesIO(png), width=Emu(min(alami, lebar_maks)))


def tulis_grafik(penulis: Penulis, g: Grafik, pelukis: PelukisGrafik) -> None:
    """A centred paragraph for the chart (its picture added when drawn, by
    :meth:`Penulis.selesai`) and its caption "Gambar x.y" under it."""
    p = penulis.doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    lebar = lebar_teks(penulis)
    masa = pelukis.pesan(g.spesifikasi)
    run = p.add_run()
    judul = g.judul

    def pasang() -> None:
        try:
            png = masa.result()
        except Exception as e:  # noqa: BLE001 - any renderer failure: one clear line
            raise GalatAnalisis(
                f"Grafik '{judul}' tidak dapat digambar dengan vl-convert ({type(e).__name__}: {e})."
            ) from None
        pasang_gambar(run, png, lebar)

    penulis.tunda(pasang)
    penulis.keterangan_gambar(g.judul).paragraph_format.keep_with_next = False
