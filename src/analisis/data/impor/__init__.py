"""Importers: every input format becomes a :class:`~analisis.data.validasi.Kandidat`.

:func:`baca_berkas` picks the importer from the file: ``.json`` → BPS WebAPI response;
CSV/XLSX whose first row has the tidy columns → our tidy format; any other CSV/XLSX → a
table as downloaded from the BPS website.
"""

from __future__ import annotations

from pathlib import Path

from analisis.data.impor.bps_tabel import baca_tabel_bps
from analisis.data.impor.grid import baca_grid
from analisis.data.impor.tidy import baca_tidy, tampak_tidy
from analisis.data.impor.webapi import ambil_webapi, baca_webapi
from analisis.data.validasi import Kandidat

__all__ = ["ambil_webapi", "baca_berkas", "baca_tabel_bps", "baca_tidy", "baca_webapi"]


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
    """Read any supported input file (problems are collected in the result, not raised)."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        return baca_webapi(path, indikator=indikator, kualitas=kualitas or "A", sumber=sumber)
    grids = baca_grid(path, lembar)
    if grids and all(tampak_tidy(g) for g in grids if g.sel):
        return baca_tidy(path, kualitas=kualitas, sumber=sumber, desimal=desimal, grids=grids)
    return baca_tabel_bps(
        path,
        indikator=indikator,
        periode=periode,
        desimal=desimal,
        lembar=lembar,
        kualitas=kualitas or "A",
        sumber=sumber,
        grids=grids,
    )
