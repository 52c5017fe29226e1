"""Report tables as lean, captioned HTML: every cell already Indonesian display text.

:func:`gaya_tabel <analisis.laporan.format.gaya_tabel>` (a pandas Styler) formats a whole column
one way; report tables whose rows mix indicators (P0 in percent, the number of poor in persons,
P1 as an index) need each cell formatted with its own unit, so they are built as text first and
rendered here. The HTML has no per-cell ids or styles (a Styler writes ~1 KB of CSS per table)
and leaves out the optional end tags of cells and rows (HTML5); alignment comes from the report
stylesheet: cells of numeric columns carry ``class="a"``.

Every table has a caption; the exported report numbers captions per section ("Tabel 2.1",
:mod:`analisis.laporan.ekspor`).
"""

from __future__ import annotations

import html
import re
from collections import namedtuple
from collections.abc import Hashable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from analisis.laporan.format import (
    NILAI_KOSONG,
    NILAI_TERSEMBUNYI,
    kolom_tahun,
    teks_penanda,
    teks_tampil,
)

__all__ = ["TabelLaporan", "baris_tabel", "kolom_angka", "tabel_html"]

_ANGKA = re.compile(r"^[−+]?(?:Rp)?\d[\d.]*(?:,\d+)?(?:%| .*)?$")
KOLOM_KANAN_CSS = 12
"""Number columns the report stylesheet right-aligns by table class (``a1`` … ``a12``)."""

# A suppressed count ("<5", or "< 10" under another threshold): a number withheld, set as one.
_SEL_DITEKAN = re.compile(r"^<\s?\d+$")


@lru_cache(maxsize=256)
def _kelas_baris(kolom: tuple[Hashable, ...]) -> Any:
    """The row class ``itertuples`` builds for these columns (invalid names renamed ``_1``…)."""
    return namedtuple("Pandas", [str(k) for k in kolom], rename=True)


def baris_tabel(
    df: pd.DataFrame,
    *,
    index: bool = True,
    kolom: Sequence[Hashable] | None = None,
    pilih: Any = None,
) -> Iterator[Any]:
    """The rows of ``df`` as named tuples, exactly as :meth:`pandas.DataFrame.itertuples`
    (same fields, same values) but without building the tuple class anew on every call
    (most of its cost on the small tables of a report, which has dozens).

    ``kolom`` keeps only those columns and ``pilih`` (a boolean array) only those rows, as
    ``df.loc[pilih, kolom].itertuples(index=False)`` would, without building that frame."""
    if pilih is not None:
        if index:
            raise ValueError("baris_tabel: pilih hanya untuk index=False")
        nama = tuple(df.columns if kolom is None else kolom)
        pilihan = [_pilihan(df[k], pilih) for k in nama]
        return map(_kelas_baris(nama)._make, zip(*pilihan, strict=True))
    if kolom is not None:
        df = df[list(kolom)]
    nama_kolom: tuple[Hashable, ...] = ("Index", *df.columns) if index else tuple(df.columns)
    isi: list[Any]
    if df.columns.is_unique:
        isi = [_nilai_kolom(df[k]) for k in df.columns]
    else:
        isi = [_nilai_kolom(df.iloc[:, i]) for i in range(df.shape[1])]
    if index:
        isi.insert(0, df.index)
    return map(_kelas_baris(nama_kolom)._make, zip(*isi, strict=True))


_BERTOPENG = (pd.arrays.IntegerArray, pd.arrays.FloatingArray, pd.arrays.BooleanArray)
"""Nullable (masked) arrays: iterating them gives numpy scalars, ``tolist`` Python ones; every
other dtype gives the same values both ways (``tolist`` much faster on text columns)."""


def _nilai_kolom(kolom: pd.Series) -> Any:
    """A column's values as iterating it gives them (itertuples' values)."""
    return kolom if isinstance(kolom.array, _BERTOPENG) else kolom.tolist()


def _pilihan(kolom: pd.Series, pilih: Any) -> list[Any]:
    """The selected values of a column as iterating the selection gives them."""
    if isinstance(kolom.dtype, np.dtype) and kolom.dtype.kind not in "mM":
        # numbers, booleans, objects: numpy's tolist gives the Python values iteration gives
        # (datetime64/timedelta64 would give datetime/int, not Timestamp/Timedelta/NaT)
        return kolom.to_numpy()[pilih].tolist()
    terpilih = kolom.array[pilih]
    return list(terpilih) if isinstance(terpilih, _BERTOPENG) else terpilih.tolist()


def kolom_angka(df: pd.DataFrame) -> set[str]:
    """Columns whose non-empty cells all start with a number (right-aligned); suppressed
    counts (``<5``) and withheld figures (``disembunyikan``) stand for numbers."""
    return _kolom_angka(list(df.columns), _isi_kolom(df))


def _kolom_angka(kolom: Sequence[Hashable], isi: Sequence[list[Any]]) -> set[str]:
    """:func:`kolom_angka` of a table given as its column names and column values."""
    hasil = set()
    for k, nilai in zip(kolom, isi, strict=True):
        teks = [str(v) for v in nilai]
        teks = [v for v in teks if v not in ("", NILAI_KOSONG)]
        if teks and all(
            _ANGKA.match(v) or _SEL_DITEKAN.match(v) or v == NILAI_TERSEMBUNYI for v in teks
        ):
            hasil.add(str(k))
    return hasil


def _kolom(df: pd.DataFrame) -> list[pd.Series]:
    """Each column of ``df`` (by position when column names repeat)."""
    if df.columns.is_unique:
        return [df[k] for k in df.columns]
    return [df.iloc[:, i] for i in range(df.shape[1])]


def _isi_kolom(df: pd.DataFrame) -> list[list[Any]]:
    """Each column's values as a list."""
    return [k.tolist() for k in _kolom(df)]


def _teks_kolom(kolom: pd.Series, penanda: bool = False) -> list[str]:
    """A column's cells as display text (:func:`~analisis.laporan.format.teks_tampil`): text
    columns as they are, numbers in Indonesian format, missing values as the gap marker. A
    float32 column keeps its numpy scalars, read by their own shortest form (``tolist``
    widens them to float64: 2.675 would be 2.67499995…). In a ``penanda`` column (codes,
    years) a whole number is an identifier, set as its digits: 6303 and 2024, never 6.303."""
    jenis = kolom.dtype
    isi = (
        list(kolom.array) if jenis is _FLOAT32 or type(jenis) is pd.Float32Dtype else kolom.tolist()
    )
    ubah = teks_penanda if penanda else teks_tampil
    for v in isi:
        if type(v) is not str:
            return [ubah(v) for v in isi]
    return isi


_FLOAT32 = np.dtype("float32")


def tabel_html(
    df: pd.DataFrame,
    judul: str,
    *,
    catatan: str | None = None,
    kelas: str = "",
    kolom_kiri: Iterable[str] = (),
    kolom_kode: Iterable[str] = (),
    tautan: tuple[str, str] | None = None,
) -> str:
    """A ``<table>`` with ``<caption>`` from a table of display text (text cells used as they
    are; other cells as :func:`~analisis.laporan.format.teks_tampil` sets them: numbers of any
    dtype in Indonesian format, missing values "–"; whole numbers in ``kolom_kode`` and in
    year columns (:func:`~analisis.laporan.format.kolom_tahun`) as their digits, 2024 not
    2.024). ``catatan`` is a note printed under the table; ``tautan`` (text, relative address)
    a link under it, e.g. to the table's full download. Cells of ``kolom_kode`` are
    identifiers (area codes), not values: set as code, left-aligned."""
    kode = {str(k) for k in kolom_kode}
    kiri = set(kolom_kiri) | kode
    # Each column read once, as a list of display text: a report has ~30 tables of a few
    # rows, where pandas' per-column and per-cell overhead is most of the cost.
    penanda = [str(k) in kode or kolom_tahun(k) for k in df.columns]
    isi = [_teks_kolom(k, p) for k, p in zip(_kolom(df), penanda, strict=True)]
    kanan = _kolom_angka(list(df.columns), isi) - kiri
    posisi_kanan = [i for i, k in enumerate(df.columns, start=1) if str(k) in kanan]
    # Alignment is a column property: the table names its number columns (aN, see
    # laporan.css); only columns past the stylesheet's range mark every cell.
    per_sel = {str(df.columns[i - 1]) for i in posisi_kanan if i > KOLOM_KANAN_CSS}
    kanan_attr = ' class="a"'
    kepala = "".join(
        f"<th{kanan_attr if str(k) in per_sel else ''}>{html.escape(str(k))}" for k in df.columns
    )
    sel_kode = [str(k) in kode for k in df.columns]
    buka = [f"<td{kanan_attr if str(k) in per_sel else ''}>" for k in df.columns]
    baris = []
    for r in zip(*isi, strict=True):
        sel = []
        for teks, adalah_kode, td in zip(r, sel_kode, buka, strict=True):
            if adalah_kode and teks != NILAI_KOSONG:
                sel.append(f"<td><code>{html.escape(teks)}</code>")
                continue
            sel.append(td + html.escape(teks))
        baris.append("<tr>" + "".join(sel))
    kaki = f'<p class="catatan-tabel">{html.escape(catatan)}</p>' if catatan else ""
    if tautan:
        teks, alamat = tautan
        kaki += (
            f'<p class="catatan-tabel"><a href="{html.escape(alamat)}">{html.escape(teks)}</a></p>'
        )
    kelas_semua = ["tabel-laporan", *kelas.split()]
    kelas_semua += [f"a{i}" for i in posisi_kanan if i <= KOLOM_KANAN_CSS]
    kelas_attr = f' class="{" ".join(kelas_semua)}"'
    return (
        f'<div class="wadah-tabel"><table{kelas_attr}><caption>{html.escape(judul)}</caption>'
        f"<thead><tr>{kepala}</thead><tbody>{''.join(baris)}</tbody></table>{kaki}</div>"
    )


class TabelLaporan:
    """A captioned report table that displays itself in a notebook (and in the report)."""

    def __init__(
        self,
        df: pd.DataFrame,
        judul: str,
        *,
        catatan: str | None = None,
        kelas: str = "",
        kolom_kiri: Sequence[str] = (),
        kolom_kode: Sequence[str] = (),
        tautan: tuple[str, str] | None = None,
    ) -> None:
        self.df = df
        self.judul = judul
        self.catatan = catatan
        self.kelas = kelas
        self.kolom_kiri = tuple(kolom_kiri)
        self.kolom_kode = tuple(kolom_kode)
        self.tautan = tautan

    def _repr_html_(self) -> str:
        return tabel_html(
            self.df,
            self.judul,
            catatan=self.catatan,
            kelas=self.kelas,
            kolom_kiri=self.kolom_kiri,
            kolom_kode=self.kolom_kode,
            tautan=self.tautan,
        )

    def __repr__(self) -> str:
        return f"<Tabel: {self.judul} ({len(self.df)} baris)>"
