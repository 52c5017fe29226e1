"""Cell rules shared by every reader and writer of spreadsheets and CSV files.

- :func:`kosong` is THE empty-cell rule: ``None``, NaN/NA, or text that is only white space
  (including non-breaking spaces). Placeholders such as ``-`` or ``NA`` are *not* empty here:
  whether they mean "no data" is a domain decision of each reader.
- :func:`teks_sel` gives the text of a cell as users see it (``6303.0`` → ``"6303"``).
- :func:`huruf_kolom` turns a 0-based column index into its Excel letter.
- :func:`netralkan` / :func:`pulihkan` guard against formula injection: text that starts with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a leading apostrophe,
  which spreadsheet programs show as text; the readers remove that apostrophe again, so a
  template round trip is lossless.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

#: First characters that make a spreadsheet program treat a cell as a formula (OWASP).
AWALAN_RUMUS = ("=", "+", "-", "@", "\t", "\r")

_SPASI_KHUSUS = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\ufeff": ""})


def kosong(v: Any) -> bool:
    """Whether a cell holds nothing: None, NaN/NA, or only white space."""
    if v is None:
        return True
    if isinstance(v, str):
        return not v.translate(_SPASI_KHUSUS).strip()
    if isinstance(v, float):
        return math.isnan(v)
    if isinstance(v, (int, bool)):
        return False
    try:
        hasil = pd.isna(v)
    except (TypeError, ValueError):
        return False
    return bool(hasil) if isinstance(hasil, (bool, np.bool_)) else False


def bersihkan_teks(teks: str) -> str | None:
    """Text of a read cell: special spaces normalised, trimmed, injection guard removed.

    Returns None for a blank cell.
    """
    s = pulihkan(teks.translate(_SPASI_KHUSUS).strip())
    s = s.strip()
    return s or None


def teks_sel(v: Any) -> str:
    """The text of a cell as users see it: '' when empty, ``6303.0`` → ``'6303'``."""
    if kosong(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, str):
        return v.translate(_SPASI_KHUSUS).strip()
    return str(v).strip()


def huruf_kolom(i: int) -> str:
    """0-based column index → Excel column letter (0 → ``A``, 26 → ``AA``)."""
    if i < 0:
        raise ValueError(f"indeks kolom negatif: {i}")
    huruf = ""
    i += 1
    while i:
        i, sisa = divmod(i - 1, 26)
        huruf = chr(65 + sisa) + huruf
    return huruf


def berbahaya(v: Any) -> bool:
    """Whether a value is text a spreadsheet program could run as a formula."""
    return isinstance(v, str) and v.startswith(AWALAN_RUMUS)


def netralkan(v: Any) -> Any:
    """Prefix formula-like text with an apostrophe; other values are returned unchanged."""
    return "'" + v if berbahaya(v) else v


def pulihkan(teks: str) -> str:
    """Undo :func:`netralkan` on text read back from a file."""
    if len(teks) > 1 and teks[0] == "'" and teks[1] in AWALAN_RUMUS:
        return teks[1:]
    return teks
