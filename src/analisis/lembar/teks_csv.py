"""Reading CSV text into a :class:`~analisis.lembar.model.Lembar`.

The field separator is chosen by parsing the first lines with each candidate (``;``, ``,``,
tab, ``|``) through the csv module, so separators inside quoted cells do not count, and taking
the one under which most lines share the same number of fields (more than one). The csv
module's sniffer is not used: it misreads files whose title rows hold quoted separators.

Parsing is strict. Refused with the row where it starts: a cell longer than the csv module's
field limit, a quotation mark that is never closed (it would swallow the following rows into
one cell), and a quoted cell followed by more text (``"Kota" Baru``), which spreadsheet
programs would silently join.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

from analisis.lembar.masalah import GalatBerkas
from analisis.lembar.model import Lembar
from analisis.lembar.sel import bersihkan_teks, huruf_kolom
from analisis.teks import angka_id

CALON_PEMISAH = (";", ",", "\t", "|")
NAMA_PEMISAH = {";": "titik koma", ",": "koma", "\t": "tab", "|": "garis tegak"}
_CONTOH_REKAMAN = 200


def _lebar_rekaman(teks: str, pemisah: str) -> list[int]:
    """Fields per non-empty line of the sample, each line parsed on its own (a stray quote
    then spoils one line, not the rest of the sample)."""
    lebar: list[int] = []
    for baris in teks.splitlines()[: _CONTOH_REKAMAN * 2]:
        try:
            rekaman = next(csv.reader([baris], delimiter=pemisah), [])
        except csv.Error:
            continue
        if any(s.strip() for s in rekaman):
            lebar.append(len(rekaman))
        if len(lebar) >= _CONTOH_REKAMAN:
            break
    return lebar


def deteksi_pemisah(teks: str) -> str:
    """The field separator of a CSV text (``,`` when every candidate gives one column)."""
    terbaik, skor_terbaik = ",", (0, 0)
    for pemisah in CALON_PEMISAH:
        lebar = _lebar_rekaman(teks, pemisah)
        if not lebar:
            continue
        modus, frekuensi = Counter(lebar).most_common(1)[0]
        if modus <= 1:
            continue
        skor = (frekuensi, modus)
        if skor > skor_terbaik:
            terbaik, skor_terbaik = pemisah, skor
    return terbaik


def _kutip_terbuka(sel: str, pemisah: str) -> bool:
    """A cell spanning lines that looks like swallowed rows (an unclosed quotation mark).

    A quoted cell may hold line breaks (Alt+Enter in Excel); it is taken as swallowed rows
    when it also holds the field separator, or runs to the end of the file (ends with a
    line break).
    """
    if "\n" not in sel and "\r" not in sel:
        return False
    return pemisah in sel or sel.endswith(("\n", "\r"))


def _kolom_kutip_terbuka(teks: str, baris: int, pemisah: str) -> int | None:
    """0-based column of the cell whose quotation mark opens on line ``baris`` (the last one)."""
    try:
        isi = teks.splitlines()[baris - 1]
        return len(next(csv.reader([isi], delimiter=pemisah))) - 1
    except (IndexError, StopIteration, csv.Error):
        return None


def _galat_kutip(berkas: str, awal: int, akhir: int, kolom: int | None) -> GalatBerkas:
    return GalatBerkas.satu(
        f'tanda kutip (") yang dibuka di baris {awal} tidak ditutup dengan benar, sehingga '
        f"baris {awal}–{akhir} terbaca sebagai satu sel. Tutup tanda kutip itu, atau hapus "
        "bila tidak perlu.",
        berkas=berkas,
        baris=awal,
        kolom=huruf_kolom(kolom) if kolom is not None else None,
        kode="kutip_tidak_ditutup",
        token='"',
    )


def baca_teks_csv(teks: str, berkas: str, *, enkode: str | None = None) -> Lembar:
    """Parse CSV text (already decoded) into a :class:`Lembar` or raise :class:`GalatBerkas`."""
    pemisah = deteksi_pemisah(teks)
    pembaca = csv.reader(io.StringIO(teks, newline=""), delimiter=pemisah, strict=True)
    sel: list[list[object]] = []
    lebar: list[int] = []
    baris_akhir = 0
    while True:
        awal = baris_akhir + 1
        try:
            rekaman = next(pembaca)
        except StopIteration:
            break
        except csv.Error as e:
            if "field larger than field limit" in str(e):
                raise GalatBerkas.satu(
                    f"sel yang dimulai di baris {awal} lebih panjang dari "
                    f'{angka_id(csv.field_size_limit())} karakter; kemungkinan tanda kutip (") '
                    "yang tidak ditutup sehingga baris berikutnya ikut terbaca sebagai satu sel.",
                    berkas=berkas,
                    baris=awal,
                    kode="sel_terlalu_panjang",
                ) from None
            if "unexpected end of data" in str(e):
                kolom = _kolom_kutip_terbuka(teks, awal, pemisah)
                raise _galat_kutip(berkas, awal, pembaca.line_num, kolom) from None
            raise GalatBerkas.satu(
                f'tanda kutip (") di baris {pembaca.line_num} tidak seimbang: sel berkutip '
                "diikuti teks lain sebelum pemisah. Periksa tanda kutip di baris itu (kutip di "
                'dalam sel ditulis dua kali: "").',
                berkas=berkas,
                baris=pembaca.line_num,
                kode="kutip_tidak_seimbang",
                token='"',
            ) from None
        baris_akhir = pembaca.line_num
        for j, isi in enumerate(rekaman):
            if _kutip_terbuka(isi, pemisah):
                raise _galat_kutip(berkas, awal, baris_akhir, j)
        sel.append([bersihkan_teks(s) for s in rekaman])
        lebar.append(len(rekaman))
    return Lembar(
        berkas=berkas,
        nama=None,
        sel=sel,
        lebar_rekaman=tuple(lebar),
        enkode=enkode,
        pemisah=pemisah,
    )
