"""Header location and column specifications.

A reader describes the columns it expects (:class:`SpesKolom`, or any object with ``kunci``,
``judul``, ``wajib`` and ``alias``) and how a header text maps to a column key (``kenali``);
:func:`petakan_kolom` then finds every column, and reports duplicates, missing required columns
(with the unknown header that most resembles each) and unknown columns. The reader turns that
into its own wording; the mapping rules are the same everywhere.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from analisis.lembar.model import Lembar


class Kolom(Protocol):
    """What the layer needs to know about an expected column."""

    @property
    def kunci(self) -> str: ...

    @property
    def judul(self) -> str: ...

    @property
    def wajib(self) -> bool: ...

    @property
    def alias(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class SpesKolom:
    """An expected column: machine key, header as written in templates, aliases."""

    kunci: str
    judul: str
    wajib: bool = True
    alias: tuple[str, ...] = ()


@dataclass
class PetaKolom:
    """Where each expected column is (0-based), and what did not fit."""

    indeks: dict[str, int] = field(default_factory=dict)
    judul: dict[str, str] = field(default_factory=dict)
    ganda: list[tuple[str, int, int, str]] = field(default_factory=list)
    asing: list[tuple[int, str]] = field(default_factory=list)
    hilang: list[Kolom] = field(default_factory=list)

    def ada(self, kunci: str) -> bool:
        return kunci in self.indeks


def ringkas(teks: str) -> str:
    """Header text compacted for comparison: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]+", "", teks.lower())


def petakan_kolom(
    kepala: Sequence[str], spesifikasi: Sequence[Kolom], kenali: Callable[[str], str | None]
) -> PetaKolom:
    """Map header texts (one per column, '' for empty) to the expected columns.

    ``kenali`` returns the key of a header text, or None when it is unknown. A key seen twice is
    recorded in ``ganda`` as ``(key, first column, repeated column, repeated header)``.
    """
    dikenal = {k.kunci for k in spesifikasi}
    peta = PetaKolom(judul={k.kunci: k.judul for k in spesifikasi})
    for j, teks in enumerate(kepala):
        if not teks:
            continue
        kunci = kenali(teks)
        if kunci is None or kunci not in dikenal:
            peta.asing.append((j, teks))
        elif kunci in peta.indeks:
            peta.ganda.append((kunci, peta.indeks[kunci], j, teks))
        else:
            peta.indeks[kunci] = j
            peta.judul[kunci] = teks
    peta.hilang = [k for k in spesifikasi if k.wajib and k.kunci not in peta.indeks]
    return peta


def judul_mirip(kolom: Kolom, asing: Sequence[str], ambang: float = 0.6) -> str | None:
    """The unknown header most like a missing column (contains its name, or similar enough)."""
    label = [ringkas(x) for x in (kolom.judul, kolom.kunci, *kolom.alias)]
    terbaik, skor_terbaik = None, ambang
    for teks in asing:
        dasar = ringkas(teks)
        if not dasar:
            continue
        skor = max(
            0.9 if (x in dasar or dasar in x) else difflib.SequenceMatcher(None, x, dasar).ratio()
            for x in label
            if x
        )
        if skor >= skor_terbaik:
            terbaik, skor_terbaik = teks, skor
    return terbaik


def baris_komentar(lembar: Lembar, baris: int) -> bool:
    """A row whose first filled cell starts with ``#`` (used to mark example files)."""
    isi = lembar.kolom_terisi(baris)
    return bool(isi) and lembar.teks(baris, isi[0]).startswith("#")


def cari_baris_kepala(
    lembar: Lembar,
    cocok: Callable[[list[str]], bool] | None = None,
    *,
    lewati_komentar: bool = True,
) -> int | None:
    """The first row that is not empty (nor a ``#`` comment) and satisfies ``cocok``."""
    for r in range(lembar.n_baris):
        if lembar.baris_kosong(r) or (lewati_komentar and baris_komentar(lembar, r)):
            continue
        if cocok is None or cocok(lembar.teks_baris(r)):
            return r
    return None
