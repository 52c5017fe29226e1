"""Reading CSV text into a :class:`~analisis.lembar.model.Lembar`.

The field separator is chosen by parsing a sample with each candidate (``;``, ``,``, tab,
``|``) through the csv module, so separators inside quoted cells do not count, and taking the
one under which most records share the same number of fields (more than one). The csv
module's sniffer is not used: it misreads files whose title rows hold quoted separators.

Refused with the row where it starts: a cell longer than the csv module's field limit, and a
quotation mark that is never closed (it swallows the following rows into one cell).
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
    lebar: list[int] = []
    try:
        for rekaman in csv.reader(io.StringIO(teks, newline=""), delimiter=pemisah):
            if any(s.strip() for s in rekaman):
                lebar.append(len(rekaman))
            if len(lebar) >= _CONTOH_REKAMAN:
                break
    except csv.Error:
        pass
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


def _galat_kutip(berkas: str, awal: int, akhir: int, kolom: int) -> GalatBerkas:
    return GalatBerkas.satu(
        f'tanda kutip (") yang dibuka di baris {awal} tidak ditutup dengan benar, sehingga '
        f"baris {awal}–{akhir} terbaca sebagai satu sel. Tutup tanda kutip itu, atau hapus "
        "bila tidak perlu.",
        berkas=berkas,
        baris=awal,
        kolom=huruf_kolom(kolom),
        kode="kutip_tidak_ditutup",
        token='"',
    )


def baca_teks_csv(teks: str, berkas: str, *, enkode: str | None = None) -> Lembar:
    """Parse CSV text (already decoded) into a :class:`Lembar` or raise :class:`GalatBerkas`."""
    pemisah = deteksi_pemisah(teks)
    pembaca = csv.reader(io.StringIO(teks, newline=""), delimiter=pemisah)
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
            raise GalatBerkas.satu(
                f"struktur CSV rusak mulai baris {awal} ({e}).",
                berkas=berkas,
                baris=awal,
                kode="csv_rusak",
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
