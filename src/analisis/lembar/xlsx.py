"""Reading XLSX workbooks into :class:`~analisis.lembar.model.Lembar` objects.

openpyxl reads the workbook twice when it holds formulas: once for the stored values (what
Excel last calculated) and once for the formulas, so a formula that was never calculated
(a file written by a program and never opened in Excel) is reported as such instead of being
read as an empty cell. Merged ranges, hidden rows/columns/sheets and percent number formats
are kept on the :class:`Lembar` for the structural checks.

Refused with one clear message (:class:`~analisis.lembar.masalah.GalatBerkas`): a file that
is not a zip (truncated, or text renamed to .xlsx), an old .xls, a zip without a workbook,
a damaged zip member, sheet XML that does not parse (named by part and sheet), and
decompression bombs (more than :data:`BATAS_UKURAN_TERBUKA` bytes unpacked, or sheets with
more than :data:`BATAS_SEL` cells).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from analisis.lembar.enkode import jenis_biner
from analisis.lembar.masalah import GalatBerkas
from analisis.lembar.model import Gabungan, Lembar
from analisis.lembar.sel import bersihkan_teks
from analisis.teks import angka_id

#: Largest unpacked size accepted (bytes); input tables are a few megabytes at most.
BATAS_UKURAN_TERBUKA = 256 * 2**20
#: Largest sheet accepted (rows × columns of its used range).
BATAS_SEL = 1_000_000
SARAN_SIMPAN_ULANG = "Buka berkas di Excel (atau LibreOffice) lalu simpan ulang sebagai .xlsx."

_POLA_LEMBAR_XML = re.compile(r"^xl/worksheets/[^/]+\.xml$")


def _galat(pesan: str, berkas: str, kode: str, **kw: Any) -> GalatBerkas:
    return GalatBerkas.satu(pesan, berkas=berkas, kode=kode, **kw)


# ------------------------------------------------------------------------- zip container
def _periksa_zip(path: Path, berkas: str) -> bool:
    """Check the container; return whether any sheet holds formulas."""
    with open(path, "rb") as f:
        kepala = f.read(8)
    if not kepala:
        raise _galat("berkas kosong (0 bita).", berkas, "berkas_kosong")
    if not zipfile.is_zipfile(path):
        jenis = jenis_biner(kepala)
        if jenis is not None and "xls" in jenis:
            raise _galat(
                "berkas ini format Excel lama (.xls), bukan .xlsx. " + SARAN_SIMPAN_ULANG,
                berkas,
                "berkas_xls_lama",
            )
        if kepala.startswith(b"PK"):
            raise _galat(
                "berkas XLSX rusak atau terpotong (arsip zip tidak lengkap). " + SARAN_SIMPAN_ULANG,
                berkas,
                "xlsx_terpotong",
            )
        raise _galat(
            "berkas ini bukan buku kerja XLSX (bukan arsip zip); bila berisi teks, simpan "
            "dengan akhiran .csv.",
            berkas,
            "bukan_xlsx",
        )
    try:
        with zipfile.ZipFile(path) as z:
            return _periksa_isi_zip(z, berkas)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error) as e:
        raise _galat(
            f"berkas XLSX rusak atau terpotong ({e}). " + SARAN_SIMPAN_ULANG,
            berkas,
            "xlsx_terpotong",
        ) from None


def _periksa_isi_zip(z: zipfile.ZipFile, berkas: str) -> bool:
    nama = z.namelist()
    if "xl/workbook.xml" not in nama:
        raise _galat(
            "arsip zip ini bukan buku kerja Excel (tidak ada xl/workbook.xml).",
            berkas,
            "bukan_xlsx",
        )
    total = sum(i.file_size for i in z.infolist())
    if total > BATAS_UKURAN_TERBUKA:
        raise _galat(
            f"isi buku kerja terlalu besar setelah dibuka ({angka_id(round(total / 2**20))} MB; "
            f"batas {angka_id(BATAS_UKURAN_TERBUKA // 2**20)} MB).",
            berkas,
            "xlsx_terlalu_besar",
        )
    ada_rumus = False
    for info in z.infolist():
        rumus = _baca_bagian(z, info, berkas)
        ada_rumus |= bool(_POLA_LEMBAR_XML.match(info.filename)) and rumus
    return ada_rumus


def _baca_bagian(z: zipfile.ZipFile, info: zipfile.ZipInfo, berkas: str) -> bool:
    """Read one member to its end (CRC and decompression checked); whether it has formulas."""
    rumus = False
    try:
        with z.open(info) as f:
            ekor = b""
            while potongan := f.read(1 << 16):
                teks = ekor + potongan
                rumus = rumus or any(t in teks for t in (b"<f>", b"<f ", b":f>", b":f "))
                ekor = potongan[-3:]
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as e:
        raise _galat(
            f"bagian '{info.filename}' di dalam buku kerja rusak ({e}). " + SARAN_SIMPAN_ULANG,
            berkas,
            "xlsx_rusak",
        ) from None
    return rumus


def _nama_lembar_bagian(z: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet name (best effort; empty when the workbook XML is broken)."""
    ns_r = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    hasil: dict[str, str] = {}
    with suppress(Exception):
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target", "") for r in rels}
        wb = ElementTree.fromstring(z.read("xl/workbook.xml"))
        for s in wb.iter():
            if s.tag.endswith("}sheet"):
                t = target.get(s.get(ns_r), "").lstrip("/")
                hasil[t if t.startswith("xl/") else f"xl/{t}"] = s.get("name", "")
    return hasil


def _bagian_rusak(path: Path) -> tuple[str, str | None, str] | None:
    """The first XML part that does not parse: (part, sheet name, parser message)."""
    with zipfile.ZipFile(path) as z:
        lembar = _nama_lembar_bagian(z)
        for nama in z.namelist():
            if not nama.endswith((".xml", ".rels")):
                continue
            pengurai: ElementTree.XMLPullParser = ElementTree.XMLPullParser()
            try:
                with z.open(nama) as f:
                    while potongan := f.read(1 << 16):
                        pengurai.feed(potongan)
                        for _ in pengurai.read_events():
                            pass
                pengurai.close()
            except ElementTree.ParseError as e:
                return nama, lembar.get(nama), str(e)
    return None


def _galat_muat(path: Path, berkas: str, e: Exception) -> GalatBerkas:
    rusak = None
    with suppress(Exception):
        rusak = _bagian_rusak(path)
    if rusak is not None:
        bagian, lembar, pesan = rusak
        di = f"lembar '{lembar}' ({bagian})" if lembar else f"bagian '{bagian}'"
        return _galat(
            f"isi {di} bukan XML yang sah ({pesan}); buku kerja rusak. " + SARAN_SIMPAN_ULANG,
            berkas,
            "xlsx_xml_rusak",
            lembar=lembar or None,
        )
    return _galat(
        f"buku kerja tidak dapat dibaca ({type(e).__name__}: {e}). " + SARAN_SIMPAN_ULANG,
        berkas,
        "xlsx_rusak",
    )


# ------------------------------------------------------------------------- sheets
def _teks_rumus(v: Any) -> str | None:
    if isinstance(v, str) and v.startswith("="):
        return v
    teks = getattr(v, "text", None)  # ArrayFormula / DataTableFormula
    if isinstance(teks, str):
        return teks if teks.startswith("=") else f"={teks}"
    return None


def _nilai(v: Any) -> Any:
    if isinstance(v, str):
        return bersihkan_teks(v)
    return v


def format_persen(format_angka: str | None) -> bool:
    """Whether an Excel number format shows values ×100 with a % sign (not a literal "%")."""
    tanpa_literal = re.sub(r'"[^"]*"|\\.', "", format_angka or "")
    return "%" in tanpa_literal


def _kolom_tersembunyi(ws: Any) -> frozenset[int]:
    hasil: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min and dim.max:
            hasil.update(range(dim.min - 1, dim.max))
    return frozenset(hasil)


@dataclass
class BukuXlsx:
    """An opened workbook; :meth:`lembar` converts one sheet on demand."""

    berkas: str
    _nilai: Any
    _rumus: Any | None
    _cache: dict[str, Lembar] = field(default_factory=dict)

    @property
    def nama_lembar(self) -> list[str]:
        return list(self._nilai.sheetnames)

    def tersembunyi(self, nama: str) -> bool:
        return self._nilai[nama].sheet_state != "visible"

    def semua(self) -> Iterator[Lembar]:
        for nama in self.nama_lembar:
            yield self.lembar(nama)

    def lembar(self, nama: str) -> Lembar:
        """The sheet ``nama`` as a :class:`Lembar`."""
        if nama not in self._cache:
            self._cache[nama] = self._ubah(nama)
        return self._cache[nama]

    def _ubah(self, nama: str) -> Lembar:
        ws = self._nilai[nama]
        n_baris, n_kolom = ws.max_row or 0, ws.max_column or 0
        if n_baris * n_kolom > BATAS_SEL:
            raise _galat(
                f"lembar '{nama}' terlalu besar ({angka_id(n_baris)} baris × "
                f"{angka_id(n_kolom)} kolom); hapus isi di luar tabel lalu simpan ulang.",
                self.berkas,
                "lembar_terlalu_besar",
                lembar=nama,
            )
        ws_rumus = self._rumus[nama] if self._rumus is not None else None
        sel: list[list[Any]] = []
        rumus: dict[tuple[int, int], str] = {}
        persen: set[tuple[int, int]] = set()
        if n_baris and n_kolom:
            for r, baris in enumerate(
                ws.iter_rows(min_row=1, min_col=1, max_row=n_baris, max_col=n_kolom)
            ):
                isi = []
                for c, cell in enumerate(baris):
                    v = _nilai(cell.value)
                    if v is None and ws_rumus is not None:
                        teks = _teks_rumus(ws_rumus.cell(row=r + 1, column=c + 1).value)
                        if teks:
                            rumus[(r, c)] = teks
                    elif isinstance(v, (int, float)) and format_persen(cell.number_format):
                        persen.add((r, c))
                    isi.append(v)
                sel.append(isi)
        return Lembar(
            berkas=self.berkas,
            nama=nama,
            sel=sel,
            tersembunyi=self.tersembunyi(nama),
            baris_tersembunyi=frozenset(
                i - 1 for i, d in ws.row_dimensions.items() if d.hidden and i >= 1
            ),
            kolom_tersembunyi=_kolom_tersembunyi(ws),
            gabungan=tuple(
                Gabungan(g.min_row - 1, g.min_col - 1, g.max_row - 1, g.max_col - 1)
                for g in ws.merged_cells.ranges
            ),
            rumus=rumus,
            persen=frozenset(persen),
        )


def buka_xlsx(path: str | Path, berkas: str | None = None) -> BukuXlsx:
    """Open a workbook for reading or raise :class:`GalatBerkas` naming what is wrong."""
    from openpyxl import load_workbook

    path = Path(path)
    berkas = berkas or path.name
    ada_rumus = _periksa_zip(path, berkas)
    try:
        nilai = load_workbook(path, data_only=True)
        rumus = load_workbook(path, data_only=False) if ada_rumus else None
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for damaged files
        raise _galat_muat(path, berkas, e) from None
    return BukuXlsx(berkas, nilai, rumus)
