"""Downloads (CSV and XLSX) as Indonesian desks open them, with their caveats, safely.

Every table the tool publishes for download goes through :func:`tulis_csv` / :func:`tulis_xlsx`:

* CSV for Indonesian-locale Excel: ``;`` separator, decimal comma (at most
  :data:`DESIMAL_CSV` decimals), ``ya``/``tidak`` for booleans, UTF-8 with BOM (Excel then detects the encoding); the caveats come first as lines
  starting with ``#`` (``pandas.read_csv(..., sep=";", decimal=",", comment="#")`` reads it back);
* XLSX: the table sheets plus a first sheet ``Catatan`` with the caveats;
* text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
  tab or carriage return) are neutralised with a leading apostrophe (CSV/formula injection);
* written atomically.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from analisis.berkas import tulis_atomik, tulis_dengan
from analisis.lembar import netralkan

DESIMAL_CSV = 6
"""Decimals of numbers in download CSVs (the full precision is in the JSON files)."""


def _sel_csv(v: Any) -> str:
    if v is None or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, bool):
        return "ya" if v else "tidak"
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return ""
        v = round(v, DESIMAL_CSV) + 0.0  # + 0.0: no "-0"
        return f"{v:.{DESIMAL_CSV}f}".rstrip("0").rstrip(".").replace(".", ",")
    if isinstance(v, int):
        return str(v)
    if hasattr(v, "item"):  # numpy scalar
        return _sel_csv(v.item())
    return netralkan(str(v))


def teks_csv(tabel: pd.DataFrame, catatan: Sequence[str] = ()) -> str:
    """The CSV text of a table (see the module docstring)."""
    keluar = io.StringIO()
    for c in catatan:
        keluar.write(f"# {c}\n")
    w = csv.writer(keluar, delimiter=";", lineterminator="\n")
    w.writerow([netralkan(str(c)) for c in tabel.columns])
    for baris in tabel.itertuples(index=False, name=None):
        w.writerow([_sel_csv(v) for v in baris])
    return keluar.getvalue()


def tulis_csv(
    tabel: pd.DataFrame, tujuan: str | os.PathLike[str], catatan: Sequence[str] = ()
) -> Path:
    """Write a download CSV atomically; return its path."""
    with tulis_atomik(tujuan, "wb") as f:
        f.write(("\ufeff" + teks_csv(tabel, catatan)).encode("utf-8"))
    return Path(tujuan)


def _sel_xlsx(v: Any) -> Any:
    if isinstance(v, str):
        return netralkan(v)
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    if v is pd.NA or v is pd.NaT:
        return None
    return v


def isi_xlsx(lembar: Mapping[str, pd.DataFrame], catatan: Sequence[str] = ()) -> bytes:
    """The bytes of an XLSX workbook: a ``Catatan`` sheet with the caveats, then the tables."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Catatan"
    ws.append(["Catatan"])
    ws["A1"].font = Font(bold=True)
    for c in catatan:
        ws.append([netralkan(c)])
    ws.column_dimensions["A"].width = 120
    for nama, tabel in lembar.items():
        w = wb.create_sheet(nama[:31])
        w.append([netralkan(str(c)) for c in tabel.columns])
        for baris in tabel.itertuples(index=False, name=None):
            w.append([_sel_xlsx(v.item() if hasattr(v, "item") else v) for v in baris])
        for sel in w[1]:
            sel.font = Font(bold=True)
    keluar = io.BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


def tulis_xlsx(
    lembar: Mapping[str, pd.DataFrame],
    tujuan: str | os.PathLike[str],
    catatan: Sequence[str] = (),
) -> Path:
    """Write a download XLSX atomically; return its path."""
    isi = isi_xlsx(lembar, catatan)
    return tulis_dengan(tujuan, lambda p: p.write_bytes(isi))


def baca_csv(sumber: str | os.PathLike[str] | io.StringIO) -> pd.DataFrame:
    """Read a download CSV back (tests, tools): ``;``, decimal comma, ``#`` notes skipped."""
    return pd.read_csv(sumber, sep=";", decimal=",", comment="#", encoding="utf-8-sig")
