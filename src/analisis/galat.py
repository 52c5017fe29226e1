"""Shared error types: every user-facing problem names where it was found.

A :class:`Masalah` is one problem in one place (file, sheet, row, column). Validators
collect all of them first and raise a single :class:`GalatValidasi`, so the user sees
every problem of a file in one run instead of fixing them one at a time.

User-facing text is Bahasa Indonesia; identifiers and docstrings are English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence


@dataclass(frozen=True, order=True)
class Masalah:
    """One problem found in an input.

    Attributes:
        pesan: what is wrong and what was expected, in Indonesian.
        berkas: file name (not the full path, so messages stay short and shareable).
        lembar: sheet name for spreadsheets.
        baris: 1-based row number as the user sees it in a spreadsheet/text editor.
        kolom: column name (or letter) in the source.
        kode: a stable machine code for the kind of problem (e.g. ``wilayah_tidak_dikenal``),
            used by tests and by tools that post-process the report.
        tingkat: ``galat`` (blocks the operation) or ``peringatan`` (reported, not blocking).
    """

    pesan: str
    berkas: str | None = None
    lembar: str | None = None
    baris: int | None = None
    kolom: str | None = None
    kode: str = "umum"
    tingkat: str = "galat"

    def lokasi(self) -> str:
        """Location as Indonesian text, e.g. ``data.xlsx, lembar 'P0', baris 7, kolom '2023'``."""
        bagian: list[str] = []
        if self.berkas:
            bagian.append(self.berkas)
        if self.lembar:
            bagian.append(f"lembar '{self.lembar}'")
        if self.baris is not None:
            bagian.append(f"baris {self.baris}")
        if self.kolom:
            bagian.append(f"kolom '{self.kolom}'")
        return ", ".join(bagian)

    def __str__(self) -> str:
        lokasi = self.lokasi()
        return f"{lokasi}: {self.pesan}" if lokasi else self.pesan


@dataclass
class GalatAnalisis(Exception):
    """Base class for errors shown to users (message already in Indonesian)."""

    pesan: str
    kode_keluar: int = 1

    def __str__(self) -> str:
        return self.pesan


@dataclass
class GalatValidasi(GalatAnalisis):
    """Input failed validation; carries every problem found."""

    masalah: list[Masalah] = field(default_factory=list)
    kode_keluar: int = 1

    def __str__(self) -> str:
        return format_masalah(self.masalah, judul=self.pesan)


def format_masalah(masalah: Sequence[Masalah], judul: str | None = None, batas: int = 200) -> str:
    """Render problems as a numbered Indonesian list (at most ``batas`` lines)."""
    baris: list[str] = []
    if judul:
        baris.append(judul)
    for i, m in enumerate(masalah[:batas], start=1):
        awalan = "PERINGATAN" if m.tingkat == "peringatan" else "GALAT"
        baris.append(f"  {i}. [{awalan}] {m}")
    sisa = len(masalah) - batas
    if sisa > 0:
        baris.append(f"  … dan {sisa} masalah lain.")
    return "\n".join(baris)


def hanya_galat(masalah: Iterable[Masalah]) -> list[Masalah]:
    """Problems that block the operation (not warnings)."""
    return [m for m in masalah if m.tingkat == "galat"]


def nama_berkas(path: str | Path | None) -> str | None:
    """Short file name for messages."""
    if path is None:
        return None
    return Path(path).name
