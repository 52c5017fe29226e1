"""Indonesian number formatting for reports, tables and chart labels.

Every number a reader sees goes through this module, so a report never mixes
"4.65" and "4,65". Conventions (all pinned by ``tests/test_laporan_format.py``):

* Locale ``id`` via babel: decimal comma, dot as thousands separator
  (``12.345,67``).
* Rounding is **half up** on the number's shortest decimal representation
  (``0.125`` → ``0,13``; ``2.675`` → ``2,68``), the convention of BPS tables.
  Babel alone would round half-to-even on the binary value.
* Negative numbers use the true minus sign U+2212 (``−0,24``), never a hyphen.
  A value that rounds to zero carries no sign (``-0.001`` → ``0,00``).
* Missing values (``None``, ``NaN``, ``pd.NA``, ``NaT``) and non-finite numbers
  render as :data:`NILAI_KOSONG` (an en dash ``–``), never ``nan`` or ``inf``.
* Percentages are given **in percent units** (``4.65`` means 4,65 persen), as in
  BPS data; they are not fractions.

Example::

    >>> persen(4.65)
    '4,65 persen'
    >>> poin(-0.24)
    '−0,24 poin persen'
    >>> rupiah(581229)
    'Rp581.229'
"""

from __future__ import annotations

import decimal
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.numbers import format_decimal

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pandas.io.formats.style import Styler

__all__ = [
    "LOKAL",
    "MINUS",
    "NILAI_KOSONG",
    "NILAI_TERSEMBUNYI",
    "angka",
    "angka_terbit",
    "format_kolom",
    "format_tabel",
    "formatter",
    "gaya_tabel",
    "jiwa",
    "nilai_hilang",
    "persen",
    "persen_terbit",
    "poin",
    "ribu_jiwa",
    "rupiah",
    "tahun",
    "tahun_rentang",
]

LOKAL = Locale.parse("id")
"""The babel locale used for every number."""

NILAI_KOSONG = "\u2013"
"""Shown for a missing value: an en dash (``–``)."""

NILAI_TERSEMBUNYI = "disembunyikan"
"""Shown for a derived figure (a percentage) withheld because it would reveal a suppressed cell."""


MINUS = "\u2212"
"""True minus sign (``−``) used for negative numbers."""

PLUS = "+"

_POLA: dict[int, str] = {}


def _pola(desimal: int) -> str:
    """Babel pattern with grouping and exactly ``desimal`` fraction digits."""
    if desimal not in _POLA:
        _POLA[desimal] = "#,##0" + ("." + "0" * desimal if desimal > 0 else "")
    return _POLA[desimal]


def nilai_hilang(x: Any) -> bool:
    """True for ``None``, NaN, ``pd.NA``, ``NaT`` and ±infinity."""
    if x is None:
        return True
    if isinstance(x, Decimal):
        return not x.is_finite()
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        try:
            return not math.isfinite(x)
        except (TypeError, ValueError, OverflowError):
            return False
    # pd.NA, pd.NaT, np.datetime64("NaT"), ... (pandas is a dependency anyway).
    import numpy as np
    import pandas as pd

    try:
        hasil = pd.isna(x)
    except (TypeError, ValueError):
        return False
    return isinstance(hasil, (bool, np.bool_)) and bool(hasil)


def _ke_desimal(x: Any) -> Decimal | None:
    """Exact decimal of the shortest representation of ``x``; ``None`` if missing."""
    if nilai_hilang(x):
        return None
    if isinstance(x, bool):
        raise TypeError(f"nilai boolean tidak bisa diformat sebagai angka: {x!r}")
    if isinstance(x, Decimal):
        return x
    if isinstance(x, numbers.Integral):
        return Decimal(int(x))
    if isinstance(x, numbers.Real):
        # str() of a float (and of numpy floating scalars) is the shortest repr
        # that round-trips, e.g. "2.675", which is what a reader means.
        return Decimal(str(x))
    if isinstance(x, str):
        try:
            return _ke_desimal(float(x))
        except ValueError:
            raise TypeError(f"bukan angka: {x!r}") from None
    raise TypeError(f"bukan angka: {x!r}")


def _bulat(d: Decimal, desimal: int) -> Decimal:
    """Round half up to ``desimal`` places; never returns negative zero."""
    with decimal.localcontext() as ctx:
        ctx.prec = max(60, d.adjusted() + desimal + 5)
        hasil = d.quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP)
    if hasil == 0:
        hasil = hasil.copy_abs()
    return hasil


@lru_cache(maxsize=8192)
def _teks(d: Decimal, desimal: int, tanda_plus: bool = False) -> str:
    """Format an already rounded decimal with Indonesian separators and a true minus.

    Kept per value: a report formats the same province and national figures in several tables,
    and a warm kernel formats them again for every region of the province. Equal decimals
    (``2.5`` and ``2.50``) give the same text, as the pattern fixes the fraction digits."""
    with decimal.localcontext() as ctx:
        ctx.prec = max(60, d.adjusted() + desimal + 5)
        ctx.rounding = ROUND_HALF_UP
        badan = format_decimal(d.copy_abs(), format=_pola(desimal), locale=LOKAL)
    if d < 0:
        return MINUS + badan
    if tanda_plus and d > 0:
        return PLUS + badan
    return badan


def _cek_desimal(desimal: int) -> int:
    if isinstance(desimal, bool) or not isinstance(desimal, numbers.Integral) or desimal < 0:
        raise ValueError(f"desimal harus bilangan bulat >= 0, bukan {desimal!r}")
    return int(desimal)


@lru_cache(maxsize=16384)
def _teks_float(x: float, desimal: int, tanda_plus: bool) -> str:
    """:func:`_teks` of a finite float rounded to ``desimal`` places, kept per value: a warm
    kernel formats the same province and national figures for every region of the province."""
    return _teks(_bulat(Decimal(repr(x)), desimal), desimal, tanda_plus)


def angka(x: Any, desimal: int = 2) -> str:
    """A number with ``desimal`` fraction digits: ``angka(12345.678)`` → ``'12.345,68'``."""
    desimal = _cek_desimal(desimal)
    if type(x) is float and math.isfinite(x):
        return _teks_float(x, desimal, False)
    d = _ke_desimal(x)
    if d is None:
        return NILAI_KOSONG
    return _teks(_bulat(d, desimal), desimal)


def teks_tampil(x: Any) -> str:
    """A table cell as display text: text as it is; a missing value (``None``, NaN, ``pd.NA``,
    ``NaT``) :data:`NILAI_KOSONG`; a boolean "ya"/"tidak"; an integer :func:`angka` without
    decimals, any other real number :func:`angka` (a numpy ``float32`` read by its own
    shortest form, ``2.675`` not ``2.67499995``); anything else ``str``.

    For values already in their published precision: a real number is rounded to two decimals
    (1e-7 is "0,00") and an infinite one is the gap marker. Rates or small quantities need their
    own format (:func:`persen`, :func:`angka` with more decimals) before they reach a table."""
    if type(x) is str:
        return x
    if nilai_hilang(x):
        return NILAI_KOSONG
    import numpy as np

    if isinstance(x, (bool, np.bool_)):
        return "ya" if x else "tidak"
    if isinstance(x, numbers.Integral):
        return angka(x, 0)
    if isinstance(x, (numbers.Real, Decimal)):
        return angka(x)
    return str(x)


def teks_penanda(x: Any) -> str:
    """An identifier cell (area code, year) as display text: a whole number as its digits (6303,
    2024 — never 6.303), else :func:`teks_tampil`."""
    import numpy as np

    if isinstance(x, numbers.Integral) and not isinstance(x, (bool, np.bool_)):
        return str(int(x))
    if isinstance(x, numbers.Real) and not nilai_hilang(x) and float(x).is_integer():
        return str(int(float(x)))
    return teks_tampil(x)


_NAMA_KOLOM_TAHUN = re.compile(r"(tahun|tahun[ _]data|year|periode)( \(.*\))?", re.IGNORECASE)


def kolom_tahun(nama: object) -> bool:
    """A column of years by its whole name: "Tahun", "tahun data", "Periode", "Tahun (Maret)";
    not "Tahun 2023" (a column of that year's values)."""
    return _NAMA_KOLOM_TAHUN.fullmatch(str(nama).strip()) is not None


def angka_terbit(x: Any, desimal: int = 0) -> str:
    """A cell of a published (suppressed) table: the suppression marker (text such as ``<5``)
    as it is, else :func:`angka`."""
    return x if isinstance(x, str) else angka(x, desimal)


def persen_terbit(x: Any, desimal: int = 2) -> str:
    """A percentage of a published table: a withheld one (marker text) says so in words,
    :data:`NILAI_TERSEMBUNYI` (``<5`` would read as "less than 5 percent"), else :func:`angka`."""
    return NILAI_TERSEMBUNYI if isinstance(x, str) else angka(x, desimal)


def persen(x: Any, desimal: int = 2, singkat: bool = False) -> str:
    """A value already in percent: ``'4,65 persen'``; ``singkat=True`` gives ``'4,65%'``.

    The long form is for running text (the style of BPS releases), the short form
    for tables, tooltips and axis labels.
    """
    teks = angka(x, desimal)
    if teks == NILAI_KOSONG:
        return teks
    return f"{teks}%" if singkat else f"{teks} persen"


def poin(x: Any, desimal: int = 2, satuan: str | None = "poin persen") -> str:
    """A change with an explicit sign: ``'+0,12 poin persen'``, ``'−0,24 poin persen'``.

    Zero (also after rounding) has no sign: ``'0,00 poin persen'``. Use
    ``satuan="poin"`` for index changes (IPM, Gini) or ``None`` for the bare number.
    """
    desimal = _cek_desimal(desimal)
    if type(x) is float and math.isfinite(x):
        teks = _teks_float(x, desimal, True)
        return f"{teks} {satuan}" if satuan else teks
    d = _ke_desimal(x)
    if d is None:
        return NILAI_KOSONG
    teks = _teks(_bulat(d, desimal), desimal, tanda_plus=True)
    return f"{teks} {satuan}" if satuan else teks


def rupiah(x: Any, desimal: int = 0) -> str:
    """Rupiah without a space after the symbol: ``'Rp581.229'``; negative ``'−Rp1.500'``."""
    desimal = _cek_desimal(desimal)
    d = _ke_desimal(x)
    if d is None:
        return NILAI_KOSONG
    d = _bulat(d, desimal)
    badan = _teks(d.copy_abs(), desimal)
    return f"{MINUS}Rp{badan}" if d < 0 else f"Rp{badan}"


def ribu_jiwa(x: Any, desimal: int = 2, sebagai_jiwa: bool = False) -> str:
    """A count given **in thousands of persons** (BPS unit "ribu jiwa").

    Default keeps the published unit and precision: ``ribu_jiwa(12.34)`` →
    ``'12,34 ribu jiwa'``. This is the default because converting to persons
    suggests a precision the source does not have (12,34 ribu is rounded to
    10 persons). ``sebagai_jiwa=True`` converts to whole persons for lay text:
    ``'12.340 jiwa'``.
    """
    desimal = _cek_desimal(desimal)
    d = _ke_desimal(x)
    if d is None:
        return NILAI_KOSONG
    if sebagai_jiwa:
        return jiwa(d * 1000)
    return f"{_teks(_bulat(d, desimal), desimal)} ribu jiwa"


def jiwa(x: Any) -> str:
    """A count of persons: ``jiwa(12345)`` → ``'12.345 jiwa'``."""
    d = _ke_desimal(x)
    if d is None:
        return NILAI_KOSONG
    return f"{_teks(_bulat(d, 0), 0)} jiwa"


def tahun(x: Any) -> str:
    """A year without a thousands separator: ``2024.0`` → ``'2024'`` (not ``'2.024'``)."""
    d = _ke_desimal(x)
    if d is None:
        return NILAI_KOSONG
    bulat = _bulat(d, 0)
    if bulat != d:
        raise ValueError(f"tahun harus bilangan bulat, bukan {x!r}")
    return str(int(bulat))


def tahun_rentang(awal: Any, akhir: Any = None) -> str:
    """A year range with an en dash: ``tahun_rentang(2017, 2024)`` → ``'2017–2024'``.

    ``awal`` may also be an iterable of years (e.g. a DataFrame column); missing
    values in it are ignored and the range is min–max. Equal ends give one year
    (``'2024'``); one missing end gives the other year; nothing gives ``'–'``.
    """
    if akhir is None and isinstance(awal, Iterable) and not isinstance(awal, (str, bytes)):
        nilai = [int(_bulat(d, 0)) for d in (_ke_desimal(v) for v in awal) if d is not None]
        if not nilai:
            return NILAI_KOSONG
        awal, akhir = min(nilai), max(nilai)
    a = None if nilai_hilang(awal) else tahun(awal)
    b = None if nilai_hilang(akhir) else tahun(akhir)
    if a is None and b is None:
        return NILAI_KOSONG
    if a is None or b is None or a == b:
        return a or b  # type: ignore[return-value]
    if int(a) > int(b):
        a, b = b, a
    return f"{a}\u2013{b}"


# --------------------------------------------------------------------------- tables

Formatter = Callable[[Any], str]

_JENIS: dict[str, Callable[..., str]] = {
    "angka": angka,
    "persen": persen,
    "persen_singkat": lambda x, desimal=2: persen(x, desimal, singkat=True),
    "poin": poin,
    "poin_singkat": lambda x, desimal=2: poin(x, desimal, satuan=None),
    "rupiah": rupiah,
    "ribu_jiwa": ribu_jiwa,
    "jiwa": lambda x, desimal=None: jiwa(x),
    "tahun": lambda x, desimal=None: tahun(x),
    "teks": lambda x, desimal=None: NILAI_KOSONG if nilai_hilang(x) else str(x),
}


def formatter(spesifikasi: str | Formatter) -> Formatter:
    """A one-argument formatter from a spec such as ``"persen"``, ``"angka:1"``, ``"rupiah"``.

    Kinds: ``angka``, ``persen`` (long), ``persen_singkat`` (``4,65%``), ``poin``,
    ``poin_singkat`` (signed number only), ``rupiah``, ``ribu_jiwa``, ``jiwa``,
    ``tahun``, ``teks``. An optional ``:N`` sets the decimals. A callable is
    returned unchanged.
    """
    if callable(spesifikasi):
        return spesifikasi
    nama, _, des = str(spesifikasi).partition(":")
    if nama not in _JENIS:
        raise ValueError(
            f"format kolom tidak dikenal: {spesifikasi!r}; pilihan: {', '.join(sorted(_JENIS))}"
        )
    fungsi = _JENIS[nama]
    if des:
        try:
            n = int(des)
        except ValueError:
            raise ValueError(f"jumlah desimal tidak sah di {spesifikasi!r}") from None
        return lambda x: fungsi(x, desimal=n)
    return lambda x: fungsi(x)


def _default(nama: Any, dtype: Any) -> Formatter:
    """Formatter for a column not named in the spec: numbers Indonesian, years plain."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(dtype):
        return lambda x: NILAI_KOSONG if nilai_hilang(x) else ("ya" if x else "tidak")
    if pd.api.types.is_numeric_dtype(dtype):
        if isinstance(nama, str) and nama.lower().startswith("tahun"):
            return formatter("tahun")
        if pd.api.types.is_integer_dtype(dtype):
            return formatter("angka:0")
        return formatter("angka")
    return formatter("teks")


def _peta_formatter(
    df: pd.DataFrame, kolom: Mapping[Any, str | Formatter] | None
) -> dict[Any, Formatter]:
    kolom = dict(kolom or {})
    tidak_ada = [k for k in kolom if k not in df.columns]
    if tidak_ada:
        raise KeyError(f"kolom tidak ada di tabel: {tidak_ada}")
    return {k: formatter(kolom[k]) if k in kolom else _default(k, df[k].dtype) for k in df.columns}


def format_kolom(nilai: Iterable[Any], spesifikasi: str | Formatter) -> list[str]:
    """Format every value of a column/iterable with one spec (see :func:`formatter`)."""
    f = formatter(spesifikasi)
    return [f(v) for v in nilai]


def format_tabel(
    df: pd.DataFrame, kolom: Mapping[Any, str | Formatter] | None = None
) -> pd.DataFrame:
    """A copy of ``df`` with every cell as Indonesian display text.

    ``kolom`` maps column → spec (``{"p0": "persen_singkat", "garis_kemiskinan": "rupiah"}``).
    Unlisted columns: floats → ``angka`` (2 decimals), integers → ``angka:0``, columns
    whose name starts with ``tahun`` → plain years, everything else → text. Missing
    values everywhere become ``'–'``. Use for Tabulator, Markdown or CSV-for-humans.
    """
    import pandas as pd

    peta = _peta_formatter(df, kolom)
    return pd.DataFrame(
        {k: [peta[k](v) for v in df[k].tolist()] for k in df.columns},
        index=df.index,
        columns=df.columns,
    )


def gaya_tabel(
    df: pd.DataFrame,
    kolom: Mapping[Any, str | Formatter] | None = None,
    *,
    sembunyikan_indeks: bool = True,
    judul: str | None = None,
) -> Styler:
    """A pandas ``Styler`` showing ``df`` with Indonesian formatting (notebook/HTML report).

    The underlying values stay numeric (sorting/export keep working); only the display
    changes. Numeric columns are right-aligned with tabular figures, text columns
    left-aligned (JupyterLab's report CSS right-aligns every cell). Alignment is set
    per column class, so a non-unique index (several rows per year) works. ``kolom`` as in
    :func:`format_tabel`. Text in cells, column headers, the index and the caption is
    HTML-escaped: names come from configuration files and user data, never markup.
    """
    import html

    import pandas as pd

    if not df.columns.is_unique:
        raise ValueError(f"nama kolom ganda: {sorted(set(df.columns[df.columns.duplicated()]))}")
    peta = _peta_formatter(df, kolom)
    gaya = df.style.format(peta, na_rep=NILAI_KOSONG, escape="html")
    gaya = gaya.format_index(escape="html", axis="columns")
    # Column-class CSS instead of set_properties(): per-cell styles fail on a non-unique
    # index (e.g. several rows per year) and bloat the HTML with one id per cell.
    _angka = pd.api.types.is_numeric_dtype
    kanan = [("text-align", "right"), ("font-variant-numeric", "tabular-nums")]
    kiri = [("text-align", "left")]
    perataan = [
        {"selector": f".col{i}", "props": kanan if _angka(df[k].dtype) else kiri}
        for i, k in enumerate(df.columns)
    ]
    if perataan:
        gaya = gaya.set_table_styles(perataan, overwrite=False)
    if sembunyikan_indeks:
        gaya = gaya.hide(axis="index")
    else:
        gaya = gaya.format_index(
            _default(df.index.name, df.index.dtype), axis="index", escape="html"
        )
    if judul:
        gaya = gaya.set_caption(html.escape(judul))
    return gaya
