"""Parsing amounts written the Indonesian way, refusing anything ambiguous.

Accepted (after an optional ``Rp``/``Rp.``/``IDR`` prefix and an optional ``,-`` suffix):

=====================  ===========  ===========================================
written                value        form (:class:`Bentuk`)
=====================  ===========  ===========================================
numeric spreadsheet    as stored    ``SEL``
``1234567``            1234567      ``POLOS`` (plain digits)
``1.234.567``          1234567      ``RIBUAN`` (dot thousands, ≥ 2 groups)
``Rp1.234.567,50``     1234567.5    ``RIBUAN`` (dot thousands + decimal comma)
``1234,5``             1234.5       ``KOMA`` (decimal comma, no grouping)
``1.234`` / ``500.000`` 1234/500000 ``TITIK_TUNGGAL`` (one dot + 3 digits)
``1234567.5``          1234567.5    ``TITIK_DESIMAL`` (plain decimal point)
=====================  ===========  ===========================================

Refused with a reason (never coerced): ``1,234`` (English thousands or decimal comma?),
``1,234,567.00`` (English format), ``1.234.56`` (broken grouping), ``1.2E+09`` (scientific
notation, precision lost), ``1 234 567`` (space grouping), text, booleans, dates.

``TITIK_TUNGGAL`` and ``TITIK_DESIMAL`` are only unambiguous within a column: ``12.500`` is
twelve thousand five hundred in Indonesian but twelve and a half in a plain export.
:func:`cek_konsistensi_kolom` therefore refuses ``TITIK_TUNGGAL`` values in a column that also
holds ``TITIK_DESIMAL`` values, and ``TITIK_DESIMAL`` values in a column that also holds
Indonesian-formatted values (``RIBUAN``/``KOMA``).
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum


class Bentuk(str, Enum):
    """How a number was written (see module docstring)."""

    SEL = "sel"
    POLOS = "polos"
    RIBUAN = "ribuan"
    KOMA = "koma"
    TITIK_TUNGGAL = "titik_tunggal"
    TITIK_DESIMAL = "titik_desimal"


class GalatAngka(ValueError):
    """A cell that is not an unambiguous number; the message is Indonesian."""


@dataclass(frozen=True)
class HasilAngka:
    """A parsed cell: ``nilai`` is ``None`` for an empty cell."""

    nilai: float | None
    bentuk: Bentuk | None
    teks: str


_RE_RP = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_RE_POLOS = re.compile(r"^\d+$")
_RE_RIBUAN = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_RE_KOMA = re.compile(r"^\d+,\d+$")
_RE_TITIK = re.compile(r"^\d+\.\d+$")
_RE_INGGRIS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_RE_ILMIAH = re.compile(r"^[\d.,]+e[+-]?\d+$", re.IGNORECASE)
_KOSONG = {"", "-", "–", "—"}


def _ke_float(teks: str) -> float:
    try:
        return float(Decimal(teks))
    except InvalidOperation:  # pragma: no cover - patterns guarantee digits
        raise GalatAngka(f"'{teks}' bukan angka") from None


def urai_angka(nilai: object) -> HasilAngka:
    """Parse one cell (see module docstring). Raises :class:`GalatAngka` with the reason.

    Empty cells, ``-`` and dashes give ``nilai=None``. Negative numbers are returned
    negative (``-1.000``, ``−1.000``, ``(1.000)``); the caller decides whether they are allowed.
    """
    if nilai is None:
        return HasilAngka(None, None, "")
    if isinstance(nilai, bool):
        raise GalatAngka(f"nilai logika ({nilai}) bukan angka")
    if isinstance(nilai, (_dt.date, _dt.datetime, _dt.time)):
        raise GalatAngka(
            f"sel berisi tanggal/waktu ({nilai}), bukan angka; format sel sebagai angka"
        )
    if isinstance(nilai, numbers.Real):
        x = float(nilai)
        if math.isnan(x):
            return HasilAngka(None, None, "")
        if math.isinf(x):
            raise GalatAngka("nilai tak hingga bukan angka yang sah")
        return HasilAngka(x, Bentuk.SEL, str(nilai))
    teks = str(nilai)
    s = teks.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if s in _KOSONG:
        return HasilAngka(None, None, teks)
    negatif = False
    if s.startswith("(") and s.endswith(")"):
        negatif, s = True, s[1:-1].strip()
    if s[:1] in ("-", "\u2212"):
        negatif, s = not negatif, s[1:].strip()
    s = _RE_RP.sub("", s)
    if s[:1] in ("-", "\u2212"):
        negatif, s = not negatif, s[1:].strip()
    s = s.removesuffix(",-")
    if not s:
        raise GalatAngka(f"'{teks}' tidak berisi angka")
    if re.search(r"\d\s+\d", s):
        raise GalatAngka(f"'{teks}' memakai spasi sebagai pemisah; tulis 1.234.567 atau 1234567")
    if _RE_ILMIAH.match(s):
        raise GalatAngka(
            f"'{teks}' ditulis dalam notasi ilmiah sehingga digit hilang; "
            "format sel sebagai angka biasa tanpa desimal"
        )
    tanda = -1.0 if negatif else 1.0
    if _RE_POLOS.match(s):
        return HasilAngka(tanda * _ke_float(s), Bentuk.POLOS, teks)
    if _RE_RIBUAN.match(s):
        bulat, _, pecahan = s.partition(",")
        angka = bulat.replace(".", "") + ("." + pecahan if pecahan else "")
        bentuk = Bentuk.TITIK_TUNGGAL if (bulat.count(".") == 1 and not pecahan) else Bentuk.RIBUAN
        return HasilAngka(tanda * _ke_float(angka), bentuk, teks)
    if _RE_KOMA.match(s):
        bulat, pecahan = s.split(",")
        if len(bulat) <= 3 and len(pecahan) == 3:
            raise GalatAngka(
                f"'{teks}' ambigu: koma bisa pemisah ribuan ({bulat}{pecahan}) atau tanda "
                f"desimal; bila maksudnya ribuan tulis {bulat}{pecahan} atau {bulat}.{pecahan}"
            )
        return HasilAngka(tanda * _ke_float(f"{bulat}.{pecahan}"), Bentuk.KOMA, teks)
    if _RE_TITIK.match(s):
        return HasilAngka(tanda * _ke_float(s), Bentuk.TITIK_DESIMAL, teks)
    if _RE_INGGRIS.match(s):
        raise GalatAngka(
            f"'{teks}' memakai format Inggris (koma pemisah ribuan); "
            "tulis dengan format Indonesia 1.234.567,50 atau tanpa pemisah 1234567.5"
        )
    if re.fullmatch(r"[\d.,]+", s):
        raise GalatAngka(
            f"'{teks}' bukan format angka yang dikenal (pemisah ribuan harus titik tiap 3 digit, "
            "desimal dengan koma), mis. 1.234.567 atau 1.234.567,50"
        )
    raise GalatAngka(f"'{teks}' bukan angka")


def cek_konsistensi_kolom(bentuk: list[Bentuk | None]) -> list[tuple[int, str]]:
    """Positions (index into ``bentuk``) and reasons of values ambiguous within their column.

    See the module docstring: one-dot values (``12.500``) are ambiguous when the same column
    also uses a decimal point (``1234.5``); decimal-point values are refused when the column
    otherwise follows the Indonesian convention.
    """
    ada_titik_desimal = any(b is Bentuk.TITIK_DESIMAL for b in bentuk)
    ada_indonesia = any(b in (Bentuk.RIBUAN, Bentuk.KOMA) for b in bentuk)
    hasil: list[tuple[int, str]] = []
    for i, b in enumerate(bentuk):
        if b is Bentuk.TITIK_TUNGGAL and ada_titik_desimal:
            hasil.append(
                (
                    i,
                    (
                        "ambigu: kolom ini juga memakai titik sebagai tanda desimal, jadi "
                        "titik di sini bisa berarti ribuan atau desimal; tulis tanpa pemisah "
                        "ribuan atau dengan koma desimal"
                    ),
                )
            )
        elif b is Bentuk.TITIK_DESIMAL and ada_indonesia:
            hasil.append(
                (
                    i,
                    (
                        "ambigu: kolom ini memakai format Indonesia (titik = ribuan), "
                        "tetapi nilai ini memakai titik sebagai tanda desimal; "
                        "tulis dengan koma desimal, mis. 1234,5"
                    ),
                )
            )
    return hasil
