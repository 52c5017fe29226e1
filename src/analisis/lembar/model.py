"""One table as read from a file: a CSV, or one sheet of an XLSX workbook.

A :class:`Lembar` is a 0-based grid of raw cells plus what the file says about them that a
plain grid would lose: merged ranges, hidden rows/columns/sheet, formulas without a stored
value, numeric cells formatted as percentages, and (for CSV) how many fields each record had.
Rows are numbered for users as spreadsheets do: grid row ``r`` is row ``r + 1``.

Cell values: text is ``str`` (trimmed, never blank), XLSX numbers keep their numeric type (so
they are never re-read through a decimal-separator convention), booleans and dates keep theirs,
empty cells are ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analisis.lembar.sel import huruf_kolom, kosong, teks_sel


@dataclass(frozen=True)
class Gabungan:
    """A merged cell range, 0-based and inclusive."""

    baris_awal: int
    kolom_awal: int
    baris_akhir: int
    kolom_akhir: int

    def memuat(self, baris: int, kolom: int) -> bool:
        return (
            self.baris_awal <= baris <= self.baris_akhir
            and self.kolom_awal <= kolom <= self.kolom_akhir
        )

    @property
    def teks(self) -> str:
        """Excel notation, e.g. ``A5:A16``."""
        return (
            f"{huruf_kolom(self.kolom_awal)}{self.baris_awal + 1}:"
            f"{huruf_kolom(self.kolom_akhir)}{self.baris_akhir + 1}"
        )


@dataclass
class Lembar:
    """One table of a file (see the module docstring).

    Attributes:
        berkas: file name for messages.
        nama: sheet name (None for CSV).
        sel: the cells, one list per row (rows may have different lengths).
        tersembunyi: the sheet is hidden in the workbook.
        baris_tersembunyi / kolom_tersembunyi: 0-based hidden rows and columns.
        gabungan: merged ranges.
        rumus: formula text of cells that have a formula but no stored value, by (row, col).
        persen: numeric cells whose number format shows them as a percentage.
        lebar_rekaman: CSV only, the number of fields of each record.
        enkode, pemisah: CSV only, the encoding and the field separator used.
    """

    berkas: str
    nama: str | None
    sel: list[list[Any]]
    tersembunyi: bool = False
    baris_tersembunyi: frozenset[int] = frozenset()
    kolom_tersembunyi: frozenset[int] = frozenset()
    gabungan: tuple[Gabungan, ...] = ()
    rumus: dict[tuple[int, int], str] = field(default_factory=dict)
    persen: frozenset[tuple[int, int]] = frozenset()
    lebar_rekaman: tuple[int, ...] | None = None
    enkode: str | None = None
    pemisah: str | None = None

    # -------------------------------------------------------------------- cells
    @property
    def n_baris(self) -> int:
        return len(self.sel)

    @property
    def n_kolom(self) -> int:
        return max((len(r) for r in self.sel), default=0)

    def ambil(self, baris: int, kolom: int) -> Any:
        """Raw cell value (None outside the grid)."""
        if baris >= len(self.sel):
            return None
        r = self.sel[baris]
        return r[kolom] if kolom < len(r) else None

    def teks(self, baris: int, kolom: int) -> str:
        """Cell text as users see it ('' when empty)."""
        return teks_sel(self.ambil(baris, kolom))

    def teks_baris(self, baris: int) -> list[str]:
        return [self.teks(baris, c) for c in range(self.n_kolom)]

    def kolom_terisi(self, baris: int) -> list[int]:
        """0-based columns of a row that hold something."""
        if baris >= len(self.sel):
            return []
        return [c for c, v in enumerate(self.sel[baris]) if not kosong(v)]

    def baris_kosong(self, baris: int) -> bool:
        return not self.kolom_terisi(baris)

    def baris_terisi(self) -> list[int]:
        """0-based rows that hold something."""
        return [r for r in range(self.n_baris) if not self.baris_kosong(r)]

    @staticmethod
    def huruf(kolom: int) -> str:
        """0-based column index → Excel letter."""
        return huruf_kolom(kolom)

    # -------------------------------------------------------------------- messages
    @property
    def nama_tampil(self) -> str:
        """``data.xlsx lembar 'P0'`` or ``data.csv`` for info lines."""
        return f"{self.berkas} lembar '{self.nama}'" if self.nama else self.berkas
