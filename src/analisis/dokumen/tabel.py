"""Report tables as native Word tables: caption above, header row repeated on every page,
numbers right-aligned, the table as wide as the text and its font stepped down for wide tables.

The cells are the report's display text (:class:`~analisis.laporan.tabel.TabelLaporan`, built
by the same functions as the HTML report), so numbers are already in Indonesian format.
"""

from __future__ import annotations

import pandas as pd
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt
from docx.table import Table

from analisis.dokumen.penulis import Penulis, lebar_teks
from analisis.dokumen.templat import GAYA_TABEL
from analisis.laporan.format import NILAI_KOSONG
from analisis.laporan.tabel import TabelLaporan, kolom_angka


def ukuran_huruf(jumlah_kolom: int) -> Pt:
    """Smaller type for wider tables so they stay within the page width."""
    if jumlah_kolom <= 4:
        return Pt(9.5)
    if jumlah_kolom <= 7:
        return Pt(8.5)
    if jumlah_kolom <= 9:
        return Pt(7.5)
    return Pt(6.5)


def teks_sel(v: object) -> str:
    return NILAI_KOSONG if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def _lebar_penuh(tabel: Table) -> None:
    tblPr = tabel._tbl.tblPr
    lebar = tblPr.find(qn("w:tblW"))
    if lebar is None:
        lebar = OxmlElement("w:tblW")
        tblPr.append(lebar)
    lebar.set(qn("w:type"), "pct")
    lebar.set(qn("w:w"), "5000")


PADAT = 0.6
"""Average character width in ems (Arial digits are 0.556 em; bold header letters ~0.6)."""
RUANG_SEL_CM = 0.5
"""Left plus right cell margins (Word's default 0.19 cm each) and a little air."""
CM = 360000
"""EMU per centimetre."""


def lebar_kolom(df: pd.DataFrame, ukuran: Pt, lebar_total: int) -> list[int]:
    """Column widths (EMU) summing to ``lebar_total``: each column at least as wide as its
    longest word (so numbers and years never break), the rest shared by typical cell length."""
    lebar_huruf = ukuran.pt * PADAT / 72 * 2.54 * CM
    minimum, diinginkan = [], []
    for k in df.columns:
        isi = [teks_sel(v) for v in df[k].tolist()]
        kata = max((len(w) for t in [str(k), *isi] for w in t.split()), default=1)
        panjang = sorted(len(t) for t in isi)[len(isi) // 2] if isi else len(str(k))
        m = kata * lebar_huruf + RUANG_SEL_CM * CM
        minimum.append(m)
        diinginkan.append(max(m, min(panjang, 45) * lebar_huruf + RUANG_SEL_CM * CM))
    if sum(diinginkan) <= lebar_total:
        skala = lebar_total / sum(diinginkan)
        return [int(w * skala) for w in diinginkan]
    if sum(minimum) >= lebar_total:
        skala = lebar_total / sum(minimum)
        return [int(w * skala) for w in minimum]
    sisa = lebar_total - sum(minimum)
    tambahan = [d - m for d, m in zip(diinginkan, minimum, strict=True)]
    return [int(m + sisa * t / sum(tambahan)) for m, t in zip(minimum, tambahan, strict=True)]


def _atur_lebar(tabel: Table, lebar: list[int]) -> None:
    """Fixed column widths (Word and LibreOffice both honour them)."""
    tabel.autofit = False
    for kolom, w in zip(tabel.columns, lebar, strict=True):
        kolom.width = Emu(w)
        for sel in kolom.cells:
            sel.width = Emu(w)


def _sifat_baris(baris, kepala: bool) -> None:
    trPr = baris._tr.get_or_add_trPr()
    e = OxmlElement("w:cantSplit")
    trPr.append(e)
    if kepala:
        e = OxmlElement("w:tblHeader")
        trPr.append(e)


def _isi_sel(sel, teks: str, ukuran: Pt, kanan: bool, tebal: bool = False) -> None:
    p = sel.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    if kanan:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    r = p.add_run(teks)
    r.font.size = ukuran
    if tebal:
        r.bold = True


def tulis_tabel_df(
    penulis: Penulis, df: pd.DataFrame, judul: str, catatan: str | None = None
) -> Table:
    """A captioned table of display text, with its note under it."""
    penulis.keterangan_tabel(judul)
    kolom = [str(k) for k in df.columns]
    kanan = kolom_angka(df)
    ukuran = ukuran_huruf(len(kolom))
    tabel = penulis.doc.add_table(rows=len(df) + 1, cols=len(kolom))
    tabel.style = penulis.doc.styles[GAYA_TABEL]
    tabel.alignment = WD_TABLE_ALIGNMENT.CENTER
    _lebar_penuh(tabel)
    baris = tabel.rows
    _sifat_baris(baris[0], kepala=True)
    for sel, k in zip(baris[0].cells, kolom, strict=True):
        _isi_sel(sel, k, ukuran, k in kanan, tebal=True)
    for i, rekaman in enumerate(df.itertuples(index=False), start=1):
        _sifat_baris(baris[i], kepala=False)
        for sel, k, v in zip(baris[i].cells, kolom, rekaman, strict=True):
            _isi_sel(sel, teks_sel(v), ukuran, k in kanan)
    _atur_lebar(tabel, lebar_kolom(df, ukuran, lebar_teks(penulis)))
    if catatan:
        penulis.catatan(catatan)
    else:
        penulis.doc.add_paragraph().paragraph_format.space_after = Pt(2)
    return tabel


def tulis_tabel(penulis: Penulis, t: TabelLaporan, catatan_tambahan: str | None = None) -> Table:
    """A report table (caption numbered by the writer)."""
    catatan = " ".join(c for c in (t.catatan, catatan_tambahan) if c) or None
    return tulis_tabel_df(penulis, t.df, t.judul, catatan)
