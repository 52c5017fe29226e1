"""Writing tables safely: no cell the tool writes can run as a formula.

Text from users or configuration (a framework's dimension names, cluster names, notes) may
start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return; a spreadsheet program would
evaluate it (``=HYPERLINK(...)``, ``=cmd|...``). Every CSV/XLSX writer of the package passes
its cells through these helpers:

- CSV and pandas exports: :func:`netralkan_baris` / :func:`netralkan_tabel` prefix such text
  with an apostrophe (shown as text by Excel and LibreOffice; removed again by the readers);
- openpyxl cells: :func:`isi_sel` stores such text as a string cell with Excel's "quote
  prefix" flag, so it is shown exactly as written and stays text when edited.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from analisis.lembar.sel import berbahaya, netralkan


def netralkan_baris(baris: Iterable[Any]) -> list[Any]:
    """One CSV record with formula-like text neutralised."""
    return [netralkan(v) for v in baris]


def netralkan_tabel(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with formula-like text (cells, column names, index) neutralised."""
    hasil = df.copy()
    for kolom in hasil.columns:
        seri = hasil[kolom]
        if pd.api.types.is_numeric_dtype(seri.dtype) or pd.api.types.is_bool_dtype(seri.dtype):
            continue
        isi = seri.astype(object)  # text, categorical or mixed columns alike
        if isi.map(berbahaya).any():
            hasil[kolom] = isi.map(netralkan)
    hasil.columns = pd.Index([netralkan(c) for c in hasil.columns])
    if hasil.index.dtype == object:
        hasil.index = pd.Index([netralkan(i) for i in hasil.index], name=netralkan(df.index.name))
    return hasil


def isi_sel(sel: Any, nilai: Any) -> Any:
    """Set an openpyxl cell's value; formula-like text stays text (quote prefix)."""
    sel.value = nilai
    if berbahaya(nilai):
        sel.data_type = "s"
        sel.quotePrefix = True
    return sel


def tambah_baris(ws: Any, baris: Iterable[Any]) -> None:
    """``ws.append(baris)`` for an openpyxl sheet, with formula-like text kept as text."""
    nilai = list(baris)
    ws.append(nilai)
    r = ws.max_row
    for c, v in enumerate(nilai, start=1):
        if berbahaya(v):
            isi_sel(ws.cell(row=r, column=c), v)
