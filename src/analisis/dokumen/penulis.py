"""Writing a chapter into a Word document: numbered headings, numbered captions, text with the
report's light Markdown, notes, page breaks and a table-of-contents field.

Numbering follows the HTML report: in a region's own document, sections are numbered 1–10
and captions per section ("Tabel 2.1"); inside a bundle each region is a chapter, its
sections are numbered within it ("3.2 Perkembangan") and captions per chapter ("Tabel 3.4").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from docx.document import Document as DokumenWord
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from analisis.dokumen.templat import GAYA_CATATAN

_TEBAL = re.compile(r"\*\*(.+?)\*\*")
_MIRING = re.compile(r"(?<![*\w])\*(?!\s)([^*]+?)\*(?![*\w])")


def _tanpa_kode(teks: str) -> str:
    """Inline Markdown code marks removed (`x` → x)."""
    return teks.replace("`", "")


@dataclass
class Penulis:
    """One document being written (``bab``: the chapter number inside a bundle)."""

    doc: DokumenWord
    bab: int | None = None
    _bagian: int = 0
    _tabel: int = 0
    _gambar: int = 0
    _judul_isi: list[tuple[int, str]] = field(default_factory=list)
    _akhir_isi: list[Paragraph] = field(default_factory=list)
    _tingkat_isi: int = 2
    _tertunda: list[Callable[[], None]] = field(default_factory=list)
    _gaya: dict[tuple[str, WD_STYLE_TYPE], str | None] = field(default_factory=dict)

    # -- styles --------------------------------------------------------------------------------
    def gaya_id(self, nama: str, jenis: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
        """The style id of a style name (``None``: the default style), looked up once per
        document (python-docx searches the styles part on every assignment)."""
        kunci = (nama, jenis)
        if kunci not in self._gaya:
            self._gaya[kunci] = self.doc.part.get_style_id(nama, jenis)
        return self._gaya[kunci]

    def tambah_paragraf(self, teks: str = "", gaya: str | None = None) -> Paragraph:
        """``doc.add_paragraph(teks, style=gaya)`` with the style id cached."""
        p = self.doc.add_paragraph(teks)
        if gaya is not None:
            p._p.style = self.gaya_id(gaya)
        return p

    # -- headings ------------------------------------------------------------------------------
    def judul(self, teks: str) -> Paragraph:
        """The document title (not numbered, not in the table of contents)."""
        return self.tambah_paragraf(teks, "Title")

    def judul_bab(self, nomor: int, teks: str) -> Paragraph:
        """A chapter heading ("3. Evaluasi Kabupaten Banjar"); restarts section and caption
        numbers."""
        self.bab, self._bagian, self._tabel, self._gambar = nomor, 0, 0, 0
        return self._heading(f"{nomor}. {teks}", 1)

    def bagian(self, teks: str) -> Paragraph:
        """A numbered section (1–10 in a region's document, 3.1–3.10 in a bundle chapter)."""
        self._bagian += 1
        if self.bab is None:
            self._tabel = self._gambar = 0
            return self._heading(f"{self._bagian}. {teks}", 1)
        return self._heading(f"{self.bab}.{self._bagian} {teks}", 2)

    def subbagian(self, teks: str) -> Paragraph:
        return self._heading(teks, 3 if self.bab is not None else 2)

    def _heading(self, teks: str, tingkat: int) -> Paragraph:
        if tingkat <= 2:
            self._judul_isi.append((tingkat, teks))
        return self.tambah_paragraf(teks, f"Heading {tingkat}")

    # -- captions ------------------------------------------------------------------------------
    def _awalan(self) -> str:
        return str(self.bab if self.bab is not None else max(self._bagian, 1))

    def keterangan_tabel(self, judul: str) -> Paragraph:
        """ "Tabel 2.1 <judul>" above a table."""
        self._tabel += 1
        return self._keterangan(f"Tabel {self._awalan()}.{self._tabel}", judul)

    def keterangan_gambar(self, judul: str) -> Paragraph:
        """ "Gambar 2.1 <judul>" under a chart."""
        self._gambar += 1
        return self._keterangan(f"Gambar {self._awalan()}.{self._gambar}", judul)

    def _keterangan(self, label: str, judul: str) -> Paragraph:
        p = self.tambah_paragraf(gaya="Caption")
        p.add_run(f"{label} ")
        r = p.add_run(judul)
        r.bold = False
        return p

    # -- text ----------------------------------------------------------------------------------
    def paragraf(self, teks: str, gaya: str | None = None) -> Paragraph:
        """A paragraph; ``**bold**`` and ``*italic*`` as in the report's Markdown."""
        p = self.tambah_paragraf(gaya=gaya)
        _tulis_sebaris(p, teks)
        return p

    def catatan(self, teks: str) -> Paragraph:
        """A note under a table or chart (sources, grades, caveats)."""
        return self.paragraf(teks, GAYA_CATATAN)

    def markdown(self, teks: str) -> None:
        """The report's Markdown: bullets (``- ``), quoted notes (``> ``), paragraphs."""
        for baris in _blok(teks):
            if baris.startswith("- "):
                self.paragraf(baris[2:], "List Bullet")
            elif baris.startswith(">"):
                isi = baris.lstrip("> ").strip()
                if isi:
                    self.catatan(isi)
            elif baris.startswith("#"):
                continue
            else:
                self.paragraf(baris)

    def ganti_halaman(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- table of contents ---------------------------------------------------------------------
    def daftar_isi(self, judul: str = "Daftar Isi", tingkat: int = 2) -> None:
        """A TOC field (headings 1 to ``tingkat``). Its shown entries are written by :meth:`selesai` so the
        document reads well before Word updates the field (page numbers come with the update,
        which Word offers on opening)."""
        p = self.doc.add_paragraph(judul)
        p.runs[0].bold = True
        awal = self.doc.add_paragraph()
        _karakter_bidang(awal, "begin")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = f' TOC \\o "1-{tingkat}" \\h \\z \\u '
        awal.add_run()._r.append(instr)
        _karakter_bidang(awal, "separate")
        akhir = self.doc.add_paragraph()
        _karakter_bidang(akhir, "end")
        self._akhir_isi.append(akhir)
        self._tingkat_isi = tingkat
        _minta_perbarui_bidang(self.doc)

    def tunda(self, kerja: Callable[[], None]) -> None:
        """Work done by :meth:`selesai` (pictures drawn in the background go in then)."""
        self._tertunda.append(kerja)

    def selesai(self) -> DokumenWord:
        """Put in the pending pictures, fill the table of contents' shown entries; return the
        document."""
        for kerja in self._tertunda:
            kerja()
        self._tertunda.clear()
        for akhir in self._akhir_isi:
            for tingkat, teks in self._judul_isi:
                if tingkat > self._tingkat_isi:
                    continue
                p = self.tambah_paragraf(teks, f"TOC {tingkat}")
                akhir._p.addprevious(p._p)
        return self.doc


def lebar_teks(penulis: Penulis) -> int:
    """The text width of the document's last section (EMU)."""
    s = penulis.doc.sections[-1]
    return int(s.page_width or 0) - int(s.left_margin or 0) - int(s.right_margin or 0)


def _blok(teks: str) -> list[str]:
    """Markdown lines joined into blocks (a bullet or paragraph continued on the next line)."""
    hasil: list[str] = []
    for baris in teks.splitlines():
        b = baris.rstrip()
        if not b.strip():
            hasil.append("")
            continue
        lanjutan = hasil and hasil[-1] and not b.lstrip().startswith(("- ", ">", "#"))
        if lanjutan and not hasil[-1].startswith(">"):
            hasil[-1] = f"{hasil[-1]} {b.strip()}"
        else:
            hasil.append(b.strip())
    return [h for h in hasil if h]


def _tulis_sebaris(p: Paragraph, teks: str) -> None:
    teks = _tanpa_kode(teks).replace("  \n", " ").replace("\n", " ")
    posisi = 0
    for m in _TEBAL.finditer(teks):
        _tulis_miring(p, teks[posisi : m.start()])
        p.add_run(m.group(1)).bold = True
        posisi = m.end()
    _tulis_miring(p, teks[posisi:])


def _tulis_miring(p: Paragraph, teks: str) -> None:
    posisi = 0
    for m in _MIRING.finditer(teks):
        if m.start() > posisi:
            p.add_run(teks[posisi : m.start()])
        p.add_run(m.group(1)).italic = True
        posisi = m.end()
    if posisi < len(teks):
        p.add_run(teks[posisi:])


def _karakter_bidang(p: Paragraph, jenis: str) -> None:
    e = OxmlElement("w:fldChar")
    e.set(qn("w:fldCharType"), jenis)
    if jenis == "begin":
        e.set(qn("w:dirty"), "true")
    p.add_run()._r.append(e)


_SETELAH_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
    "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
    "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
    "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip
"""Elements that follow ``w:updateFields`` in the settings part (OOXML CT_Settings order:
Word refuses a settings part whose children are out of order)."""


def _minta_perbarui_bidang(doc: DokumenWord) -> None:
    """Ask Word to update fields (the table of contents' page numbers) on opening."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    e = OxmlElement("w:updateFields")
    e.set(qn("w:val"), "true")
    sesudah = {qn(n) for n in _SETELAH_UPDATE_FIELDS}
    berikut = next((anak for anak in settings if anak.tag in sesudah), None)
    if berikut is None:
        settings.append(e)
    else:
        berikut.addprevious(e)
