"""Reading numbers the way BPS tables write them.

BPS website downloads mix conventions: a decimal comma (``4,65``) in Indonesian tables, a
decimal point (``4.65``) in English ones and in CSV exports, dots as thousands separators
(``589.165``), and placeholders for "no data" (``-``, ``–``, ``…``, ``NA``). The separator is
decided once per file (:func:`deteksi_desimal`) and applied to every cell, never guessed cell
by cell; ambiguous files must be told with ``--desimal``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

PENANDA_KOSONG = frozenset(
    {
        "",
        "-",
        "–",
        "—",
        "…",
        "...",
        "..",
        "na",
        "n/a",
        "n.a",
        "n.a.",
        "(na)",
        "x",
        "nan",
        "tidak ada data",
    }
)

_POLA_KOMA_DESIMAL = re.compile(r"^[-−]?\d{1,3}(\.\d{3})*,\d+$|^[-−]?\d+,\d+$")
_POLA_TITIK_DESIMAL = re.compile(r"^[-−]?\d+\.\d+$")
# A thousands group never starts with 0: "0.385" is a decimal, "589.165" may be thousands.
_POLA_RIBUAN_TITIK = re.compile(r"^[-−]?[1-9]\d{0,2}(\.\d{3})+$")
_POLA_RIBUAN_KOMA = re.compile(r"^[-−]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")
_TANDA_CATATAN = re.compile(r"[*\u00b9\u00b2\u00b3\u2070-\u2079]+$")


@dataclass(frozen=True)
class HasilAngka:
    """Outcome of reading one cell: a value, an explicit "no data", or an error."""

    nilai: float | None
    kosong: bool = False
    bertanda: bool = False
    galat: str | None = None


def bersihkan(teks: str) -> str:
    s = str(teks).replace("\u00a0", " ").strip()
    s = s.replace(" ", "")
    return s


def deteksi_desimal(sel: list[str]) -> str | None:
    """Decide the decimal separator of a file from its value cells.

    Returns ``"koma"`` or ``"titik"``, or None when the file holds no decimals at all
    (then both readings agree, except for dotted thousands handled in :func:`baca_angka`).
    Raises ValueError when the file mixes both conventions.
    """
    ada_koma = ada_titik = False
    for s in sel:
        s = _TANDA_CATATAN.sub("", bersihkan(s))
        if _POLA_KOMA_DESIMAL.match(s):
            ada_koma = True
        elif (
            _POLA_TITIK_DESIMAL.match(s)
            and not _POLA_RIBUAN_TITIK.match(s)
            or _POLA_RIBUAN_KOMA.match(s)
        ):
            ada_titik = True
    if ada_koma and ada_titik:
        raise ValueError(
            "berkas mencampur koma dan titik sebagai pemisah desimal; tentukan dengan "
            "--desimal koma atau --desimal titik"
        )
    if ada_koma:
        return "koma"
    if ada_titik:
        return "titik"
    return None


def baca_angka(sel: object, desimal: str | None) -> HasilAngka:
    """Read one cell. ``desimal`` is ``"koma"``, ``"titik"`` or None (file has no decimals).

    Numbers stored as numbers (XLSX numeric cells) are taken as they are.
    """
    if isinstance(sel, bool):
        return HasilAngka(None, galat=f"'{sel}' bukan angka")
    if isinstance(sel, (int, float)):
        if isinstance(sel, float) and math.isnan(sel):
            return HasilAngka(None, kosong=True)
        return HasilAngka(float(sel))
    if sel is None:
        return HasilAngka(None, kosong=True)
    mentah = str(sel)
    s = bersihkan(mentah)
    if s.lower() in PENANDA_KOSONG:
        return HasilAngka(None, kosong=True)
    bertanda = bool(_TANDA_CATATAN.search(s))
    s = _TANDA_CATATAN.sub("", s).replace("−", "-")
    if desimal == "koma":
        if re.fullmatch(r"-?[1-9]\d{0,2}(\.\d{3})+(,\d+)?|-?\d+(,\d+)?", s):
            return HasilAngka(float(s.replace(".", "").replace(",", ".")), bertanda=bertanda)
    elif desimal == "titik":
        if re.fullmatch(r"-?[1-9]\d{0,2}(,\d{3})+(\.\d+)?|-?\d+(\.\d+)?", s):
            return HasilAngka(float(s.replace(",", "")), bertanda=bertanda)
    else:
        if re.fullmatch(r"-?\d+", s):
            return HasilAngka(float(s), bertanda=bertanda)
        if _POLA_RIBUAN_TITIK.match(s):
            # Only dotted thousands in a file without decimals: "589.165" is 589165.
            return HasilAngka(float(s.replace(".", "")), bertanda=bertanda)
    return HasilAngka(None, galat=f"'{mentah.strip()}' bukan angka yang dapat dibaca")
