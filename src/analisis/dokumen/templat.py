"""The reference template of the Word documents: page, margins and styles.

Every document starts from ``params/templat/laporan.docx`` (found like any configuration file,
:meth:`analisis.proyek.Proyek.berkas_konfigurasi`): a secretariat puts its letterhead, logo and
fonts there once. The template's body is emptied; its page setup, headers, footers and styles
are kept. Styles the document needs and the template lacks are added with the built-in look.
A missing or broken template gives one Indonesian sentence and the built-in template
(:func:`templat_bawaan`: A4, margins of Indonesian official documents).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DokumenWord
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from analisis.galat import GalatAnalisis
from analisis.proyek import Proyek

NAMA_TEMPLAT = "templat/laporan.docx"
"""The template's path inside the params folder."""

HURUF = "Arial"
A4 = (Cm(21.0), Cm(29.7))
MARGIN = {"kiri": Cm(3.0), "kanan": Cm(2.0), "atas": Cm(2.5), "bawah": Cm(2.0)}
"""Margins of Indonesian official documents (left wider for binding)."""

GAYA_CATATAN = "Catatan Tabel"
GAYA_TABEL = "Table Grid"
GAYA_PARAGRAF = (
    "Normal",
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Caption",
    "List Bullet",
    "TOC 1",
    "TOC 2",
    GAYA_CATATAN,
)


@dataclass(frozen=True)
class Templat:
    """The template's bytes and, when the built-in one replaced the project's, why."""

    isi: bytes
    sumber: str
    """``params/templat/laporan.docx`` (relative to the project) or ``bawaan``."""
    peringatan: str | None = None

    def dokumen_baru(self) -> DokumenWord:
        """A new document with the template's page setup and styles and an empty body."""
        doc = Document(io.BytesIO(self.isi))
        kosongkan_isi(doc)
        pastikan_gaya(doc)
        return doc


def kosongkan_isi(doc: DokumenWord) -> None:
    """Remove the body's paragraphs and tables (the final section properties stay)."""
    body = doc.element.body
    for anak in list(body):
        if anak.tag != qn("w:sectPr"):
            body.remove(anak)


def _gaya_paragraf(doc: DokumenWord, nama: str, dasar: str | None = "Normal"):
    gaya = doc.styles
    try:
        return gaya[nama]
    except KeyError:
        baru = gaya.add_style(nama, WD_STYLE_TYPE.PARAGRAPH)
        if dasar and dasar != nama:
            try:
                baru.base_style = gaya[dasar]
            except KeyError:
                pass
        return baru


def pastikan_gaya(doc: DokumenWord) -> None:
    """Add the styles the documents use that the template lacks (built-in look)."""
    ada = {s.name for s in doc.styles}
    for nama in GAYA_PARAGRAF:
        if nama not in ada:
            _gaya_paragraf(doc, nama)
            _atur_gaya(doc, nama)
    if GAYA_TABEL not in ada:
        doc.styles.add_style(GAYA_TABEL, WD_STYLE_TYPE.TABLE)


def _atur_gaya(doc: DokumenWord, nama: str) -> None:
    """The built-in look of one style."""
    s = doc.styles[nama]
    f = s.font
    pf = s.paragraph_format
    hitam = RGBColor(0, 0, 0)
    if nama == "Normal":
        f.name, f.size = HURUF, Pt(11)
        pf.space_after, pf.line_spacing = Pt(6), 1.15
        rpr = s.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            fonts.set(qn("w:eastAsia"), HURUF)
    elif nama == "Title":
        f.name, f.size, f.bold, f.color.rgb = HURUF, Pt(16), True, hitam
        pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pf.space_after = Pt(12)
    elif nama.startswith("Heading"):
        tingkat = int(nama.split()[-1])
        f.name, f.bold, f.color.rgb = HURUF, True, hitam
        f.size = Pt({1: 14, 2: 12, 3: 11}[tingkat])
        pf.space_before, pf.space_after = Pt(12 if tingkat > 1 else 18), Pt(6)
        pf.keep_with_next = True
    elif nama == "Caption":
        f.name, f.size, f.bold, f.italic, f.color.rgb = HURUF, Pt(9), True, False, hitam
        pf.space_before, pf.space_after = Pt(6), Pt(3)
        pf.keep_with_next = True
    elif nama == GAYA_CATATAN:
        f.name, f.size, f.italic = HURUF, Pt(8.5), True
        pf.space_before, pf.space_after = Pt(2), Pt(8)
    elif nama.startswith("TOC"):
        pf.left_indent = Cm(0.0 if nama.endswith("1") else 0.6)
        pf.space_after = Pt(2)


def _nomor_halaman(doc: DokumenWord) -> None:
    """A centred PAGE field in the footer."""
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run()
    for jenis, teks in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
        if jenis:
            e = OxmlElement("w:fldChar")
            e.set(qn("w:fldCharType"), jenis)
        else:
            e = OxmlElement("w:instrText")
            e.set(qn("xml:space"), "preserve")
            e.text = teks
        r._r.append(e)


def templat_bawaan() -> DokumenWord:
    """The built-in template: A4 portrait, official margins, Arial, black headings, page
    numbers in the footer, every style the documents use."""
    doc = Document()
    s = doc.sections[0]
    s.page_width, s.page_height = A4
    s.left_margin, s.right_margin = MARGIN["kiri"], MARGIN["kanan"]
    s.top_margin, s.bottom_margin = MARGIN["atas"], MARGIN["bawah"]
    s.header_distance, s.footer_distance = Cm(1.25), Cm(1.0)
    for nama in GAYA_PARAGRAF:
        _gaya_paragraf(doc, nama)
        _atur_gaya(doc, nama)
    _nomor_halaman(doc)
    doc.core_properties.author = "analisis"
    doc.core_properties.title = "Templat laporan analisis penanggulangan kemiskinan"
    return doc


def bytes_dokumen(doc: DokumenWord) -> bytes:
    b = io.BytesIO()
    doc.save(b)
    return b.getvalue()


def simpan_templat_bawaan(tujuan: str | Path) -> Path:
    """Write the built-in template (``scripts/buat-templat-dokumen``), atomically."""
    from analisis.berkas import tulis_atomik

    with tulis_atomik(tujuan) as f:
        f.write(bytes_dokumen(templat_bawaan()))
    return Path(tujuan)


def berkas_templat(proyek: Proyek) -> dict[str, Path]:
    """The template file in use, as ``{name: path}`` (empty when the built-in one is used), for
    the runner's cache key of the documents stage."""
    try:
        return {"templat_dokumen": proyek.berkas_konfigurasi(NAMA_TEMPLAT)}
    except GalatAnalisis:
        return {}


def _periksa(isi: bytes) -> None:
    """Raise ValueError/KeyError/zipfile errors when ``isi`` is not a usable .docx."""
    with zipfile.ZipFile(io.BytesIO(isi)) as z:
        z.getinfo("word/document.xml")
    doc = Document(io.BytesIO(isi))
    if not doc.sections:
        raise ValueError("tanpa pengaturan halaman")


def muat_templat(proyek: Proyek) -> Templat:
    """The project's template, or the built-in one with the reason in ``peringatan``."""
    try:
        p = proyek.berkas_konfigurasi(NAMA_TEMPLAT)
    except GalatAnalisis:
        return Templat(
            bytes_dokumen(templat_bawaan()),
            "bawaan",
            f"Templat dokumen {NAMA_TEMPLAT} tidak ditemukan di folder params; memakai templat "
            "bawaan (A4, margin naskah dinas).",
        )
    nama = proyek.relatif(p)
    try:
        isi = p.read_bytes()
        _periksa(isi)
    except Exception as e:  # noqa: BLE001 - any failure of a user file means "broken"
        alasan = (
            "bukan berkas Word .docx yang sah"
            if not isinstance(e, OSError)
            else "tidak dapat dibaca"
        )
        return Templat(
            bytes_dokumen(templat_bawaan()),
            "bawaan",
            f"Templat dokumen {nama} rusak ({alasan}: {type(e).__name__}); memakai templat "
            "bawaan. Perbaiki berkasnya di Word atau buat ulang dengan "
            "'.venv/bin/python scripts/buat_templat_dokumen.py'.",
        )
    return Templat(isi, nama)


if __name__ == "__main__":  # pragma: no cover
    import sys

    print(simpan_templat_bawaan(sys.argv[1]))
