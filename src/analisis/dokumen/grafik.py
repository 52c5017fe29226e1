"""Charts as pictures: the report's Vega-Lite specifications rendered offline with vl-convert.

The specification is the one the HTML report embeds (built by :mod:`analisis.evaluasi.tampilan`
and prepared by :func:`analisis.laporan.grafik.siapkan_spesifikasi`: Indonesian number locale,
no network reference); vl-convert draws it to PNG without a browser or the internet.

Drawing is the slow part of a document (~0,15–0,3 s per chart, mostly vl-convert measuring and
shaping text). vl-convert-python holds the GIL for a whole conversion and serialises every
conversion of a process on one converter, so threads give no parallelism (and stall the
thread writing the document); charts are therefore drawn in a small pool of **processes**,
started once per Python process and reused, while the chapter goes on: :func:`tulis_grafik`
leaves an empty run where the picture goes and :meth:`Penulis.selesai` puts the picture in.

Pictures are cached by content: within a run in memory (a province bundle and the regions'
own documents draw each chart once) and, when the writer is given a folder
(:attr:`analisis.tata_letak.FolderTahun.cache_grafik`), across runs as ``<hash>.png``, keyed
on the prepared specification, vl-convert's version and the scale. A cache file that is not a
complete PNG is ignored and drawn again; files are written atomically. The folder is bounded:
a picture read from it is marked as used (its modification time), and when a writer closes,
the least recently used pictures are removed until the folder holds at most
:data:`BATAS_CACHE_BAWAAN` bytes (pictures of an older vl-convert or of charts that changed
are never read again and go first).
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import struct
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Inches
from docx.text.run import Run

from analisis.berkas import tulis_atomik
from analisis.dokumen.penulis import Penulis, lebar_teks
from analisis.galat import GalatAnalisis
from analisis.laporan.grafik import Grafik, siapkan_spesifikasi

SKALA = 2
"""Pixels per CSS pixel of the pictures (sharp in print)."""
PPI = 96
PEKERJA_BAWAAN = 2
"""Drawing processes (the machines this runs on have 2–4 cores; the document is written
meanwhile in the calling process)."""

BATAS_CACHE_BAWAAN = 256 * 2**20
"""Bytes a province-year's picture cache may hold after a run (a Kalsel run draws ~250
pictures, ~15 MB: room for many runs with changed data)."""

_TANDA_PNG = b"\x89PNG\r\n\x1a\n"
_AKHIR_PNG = b"IEND\xaeB`\x82"


@cache
def versi_pelukis() -> str:
    """The renderer's identity in cache keys (a new vl-convert may draw differently)."""
    return f"vl-convert-python {version('vl-convert-python')}"


def kunci_grafik(spes: dict[str, Any], skala: float = SKALA) -> str:
    """Content hash of a prepared specification, the renderer version and the scale."""
    isi = json.dumps(spes, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{versi_pelukis()}\n{skala}\n{isi}".encode()).hexdigest()


def png_utuh(data: bytes) -> bool:
    """A complete PNG: the signature, a header chunk and the end chunk last."""
    return len(data) > 33 and data.startswith(_TANDA_PNG) and data.endswith(_AKHIR_PNG)


_kunci_pool = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def _pool_gambar(pekerja: int) -> ProcessPoolExecutor | None:
    """The process's drawing pool (started on first use, reused by every writer); ``None``
    inside a daemonic process, which may not start children."""
    global _pool
    if multiprocessing.current_process().daemon:
        return None
    with _kunci_pool:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=pekerja, mp_context=multiprocessing.get_context("spawn")
            )
        return _pool


def _gambar(spes_json: str) -> bytes:
    import vl_convert as vlc

    return bytes(vlc.vegalite_to_png(vl_spec=spes_json, scale=SKALA))


def _buang_pool() -> None:
    """Forget a broken pool (the next chart starts a new one)."""
    global _pool
    with _kunci_pool:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


def _selesai(nilai: bytes) -> Future[bytes]:
    f: Future[bytes] = Future()
    f.set_result(nilai)
    return f


def _seketika(spes_json: str) -> Future[bytes]:
    """Drawn in this process, now (no pool)."""
    f: Future[bytes] = Future()
    try:
        f.set_result(_gambar(spes_json))
    except Exception as e:  # noqa: BLE001 - reported where the picture is placed
        f.set_exception(e)
    return f


@dataclass
class Pesanan:
    """One chart being drawn (or read from the cache)."""

    kunci: str
    masa: Future[bytes]
    tujuan: Path | None = None
    """Where to keep the picture once drawn (``None``: from the cache or no cache folder)."""
    spes_json: str = ""

    def hasil(self) -> bytes:
        """The picture; drawn here when the pool broke (e.g. a worker could not start)."""
        try:
            return self.masa.result()
        except BrokenProcessPool:
            _buang_pool()
            self.masa = _seketika(self.spes_json)
            return self.masa.result()

    def png(self) -> bytes:
        data = self.hasil()
        if self.tujuan is not None:
            tujuan, self.tujuan = self.tujuan, None
            with tulis_atomik(tujuan) as f:
                f.write(data)
        return data


@dataclass
class PelukisGrafik:
    """Renders specifications to PNG in background processes, once per distinct
    specification; with ``folder_cache``, keeps the pictures there across runs."""

    folder_cache: Path | None = None
    pekerja: int = field(default_factory=lambda: min(PEKERJA_BAWAAN, os.cpu_count() or 1))
    batas_cache: int = BATAS_CACHE_BAWAAN
    _pesanan: dict[str, Pesanan] = field(default_factory=dict)
    _folder_dipakai: set[Path] = field(default_factory=set)
    dari_cache: int = 0

    @property
    def jumlah_digambar(self) -> int:
        """Distinct charts of this writer (drawn or read from the cache)."""
        return len(self._pesanan)

    def pesan(self, spesifikasi: dict[str, Any]) -> Pesanan:
        """The PNG of a specification, drawn in the background (or already drawn)."""
        spes = siapkan_spesifikasi(spesifikasi)
        kunci = kunci_grafik(spes)
        if kunci not in self._pesanan:
            self._pesanan[kunci] = self._pesanan_baru(kunci, spes)
        return self._pesanan[kunci]

    def _pesanan_baru(self, kunci: str, spes: dict[str, Any]) -> Pesanan:
        berkas = self.folder_cache / f"{kunci}.png" if self.folder_cache is not None else None
        if berkas is not None:
            self._folder_dipakai.add(berkas.parent)
            ada = _baca_cache(berkas)
            if ada is not None:
                self.dari_cache += 1
                return Pesanan(kunci, _selesai(ada))
        spes_json = json.dumps(spes, default=str, ensure_ascii=False)
        pool = _pool_gambar(self.pekerja)
        masa = _seketika(spes_json) if pool is None else pool.submit(_gambar, spes_json)
        return Pesanan(kunci, masa, berkas, spes_json)

    def png(self, spesifikasi: dict[str, Any]) -> bytes:
        return self.pesan(spesifikasi).png()

    def tutup(self) -> None:
        """Cancel the drawings nobody collected (the pool stays for the next writer)."""
        for p in self._pesanan.values():
            p.masa.cancel()
        for folder in self._folder_dipakai:
            rapikan_cache(folder, self.batas_cache)
        self._folder_dipakai.clear()


def rapikan_cache(folder: Path, batas_byte: int) -> list[Path]:
    """Remove the least recently used pictures of ``folder`` until it holds at most
    ``batas_byte`` bytes; returns the removed files. Safe beside another writer: a file
    gone meanwhile is skipped, and a picture removed after being read is only drawn again."""
    entri = []
    for berkas in folder.glob("*.png"):
        try:
            st = berkas.stat()
        except OSError:
            continue
        entri.append((st.st_mtime, berkas.name, st.st_size, berkas))
    total = sum(e[2] for e in entri)
    dibuang = []
    for _, _, ukuran, berkas in sorted(entri):
        if total <= batas_byte:
            break
        berkas.unlink(missing_ok=True)
        total -= ukuran
        dibuang.append(berkas)
    return dibuang


def _baca_cache(berkas: Path) -> bytes | None:
    """A cached picture, or ``None`` when missing or not a complete PNG (drawn again)."""
    try:
        data = berkas.read_bytes()
    except OSError:
        return None
    if not png_utuh(data):
        return None
    _tandai_dipakai(berkas)
    return data


def _tandai_dipakai(berkas: Path) -> None:
    """Mark a cached picture as just used (what :func:`rapikan_cache` keeps longest)."""
    try:
        os.utime(berkas)
    except OSError:
        pass  # read-only cache: still usable, only pruned as if unused


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
    pesanan = pelukis.pesan(g.spesifikasi)
    run = p.add_run()
    judul = g.judul

    def pasang() -> None:
        try:
            pesanan.hasil()
        except Exception as e:  # noqa: BLE001 - any renderer failure: one clear line
            raise GalatAnalisis(
                f"Grafik '{judul}' tidak dapat digambar dengan vl-convert ({type(e).__name__}: {e})."
            ) from None
        pasang_gambar(run, pesanan.png(), lebar)

    penulis.tunda(pasang)
    penulis.keterangan_gambar(g.judul).paragraph_format.keep_with_next = False
