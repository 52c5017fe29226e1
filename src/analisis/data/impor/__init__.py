"""Importers: every input format becomes a :class:`~analisis.data.validasi.Kandidat`.

:func:`baca_berkas` picks the importer from the file: ``.json`` → BPS WebAPI response;
CSV/XLSX whose header has the tidy columns → our tidy format; CSV/XLSX with the columns of
the BPS website's dynamic-table export (``nama_variabel;…;data_content;…``) → that long
format; any other CSV/XLSX → a wide table as downloaded from the BPS website. Files are read
through :mod:`analisis.lembar`, so an unreadable file (encoding, binary content, corrupt
workbook) raises one :class:`~analisis.lembar.GalatBerkas` naming the problem.
"""

from __future__ import annotations

from pathlib import Path

from analisis.data.impor.bps_panjang import baca_bps_panjang, tampak_panjang
from analisis.data.impor.bps_tabel import baca_tabel_bps
from analisis.data.impor.tidy import baca_tidy, tampak_tidy
from analisis.data.impor.webapi import ambil_webapi, baca_webapi
from analisis.data.validasi import Kandidat
from analisis.lembar import Lembar, baca_tabel, masalah_lembar_tersembunyi

__all__ = [
    "ambil_webapi",
    "baca_berkas",
    "baca_bps_panjang",
    "baca_tabel_bps",
    "baca_tidy",
    "baca_webapi",
]


def _tanpa_tersembunyi(lembaran: list[Lembar], hasil: Kandidat) -> list[Lembar]:
    """Hidden sheets with content are refused unless chosen with ``--lembar``."""
    tampak = []
    for lb in lembaran:
        if lb.tersembunyi and lb.baris_terisi():
            hasil.masalah.append(
                masalah_lembar_tersembunyi(lb, " Atau pilih lembar yang dibaca dengan --lembar.")
            )
        else:
            tampak.append(lb)
    return tampak


def _gabung(utama: Kandidat, tambahan: Kandidat) -> Kandidat:
    tambahan.masalah[:0] = utama.masalah
    tambahan.info[:0] = utama.info
    return tambahan


def baca_berkas(
    path: str | Path,
    *,
    indikator: str | None = None,
    periode: str | None = None,
    desimal: str | None = "otomatis",
    lembar: str | None = None,
    kualitas: str | None = None,
    sumber: str | None = None,
) -> Kandidat:
    """Read any supported input file (data problems are collected in the result).

    Raises :class:`~analisis.lembar.GalatBerkas` when the file cannot be read as a table.
    """
    path = Path(path)
    if path.suffix.lower() == ".json":
        return baca_webapi(path, indikator=indikator, kualitas=kualitas or "A", sumber=sumber)
    lembaran = baca_tabel(path, lembar=lembar)
    awal = Kandidat.kosong(path.name)
    if lembar is None:
        lembaran = _tanpa_tersembunyi(lembaran, awal)
    isi = [lb for lb in lembaran if lb.baris_terisi()]
    if isi and all(tampak_tidy(lb) for lb in isi):
        k = baca_tidy(path, kualitas=kualitas, sumber=sumber, desimal=desimal, lembaran=isi)
    elif isi and all(tampak_panjang(lb) for lb in isi):
        k = baca_bps_panjang(
            path,
            indikator=indikator,
            periode=periode,
            desimal=desimal,
            kualitas=kualitas,
            sumber=sumber,
            lembaran=isi,
        )
    else:
        k = baca_tabel_bps(
            path,
            indikator=indikator,
            periode=periode,
            desimal=desimal,
            kualitas=kualitas or "A",
            sumber=sumber,
            lembaran=lembaran,
        )
    return _gabung(awal, k)
