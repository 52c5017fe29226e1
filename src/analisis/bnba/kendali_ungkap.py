"""Disclosure control for published BNBA aggregates: suppression that survives differencing.

Every published count is a CELL; every published figure that ties cells together is a
RELATION (a row total, a kecamatan or kabupaten total of a column, ``penerima = layak_penerima +
inklusi``, a rate with its published denominator, …). Someone holding every published table can
write one linear equation per relation and solve for a hidden cell. The engine therefore:

1. suppresses every count 1 … N−1 (primary suppression; zero stays);
2. suppresses more cells until no relation has exactly one hidden cell (complementary
   suppression, the smallest non-zero visible cell of the relation — a part before a total);
3. AUDITS the result as that reader would: with the visible values as constants, the relations
   form a linear system in the hidden cells; a hidden cell is recoverable when it is the same in
   every solution (its coordinate is zero in every vector of the system's null space). Each
   recoverable cell makes the engine hide one more cell of one of its relations, and the audit
   runs again until nothing is recoverable.

Rates are published only together with the counts they come from (a rate whose numerator or
complement is hidden is hidden too: :meth:`KendaliUngkap.rasio`), so they add no equation a
reader does not already have.

The k-anonymity check (:func:`periksa_k_anonim`) verifies the published tables themselves:
every count of people or families over the quasi-identifiers of a table (desa × desil, …) is
0 or at least k.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: Cell id (index into the engine's cell list).
IdSel = int


@dataclass
class Relasi:
    """``Σ koefisien_i · sel_i = 0`` over cells (a total is a cell with coefficient −1)."""

    sel: list[IdSel]
    koef: list[int]
    #: Cells preferred when another must be hidden (parts rather than totals).
    utama: list[IdSel] = field(default_factory=list)


@dataclass
class KendaliUngkap:
    """Cells, relations and the suppression decision (see the module documentation)."""

    n_minimum: int
    nilai: list[int] = field(default_factory=list)
    label: list[tuple] = field(default_factory=list)
    relasi: list[Relasi] = field(default_factory=list)
    tekan: set[IdSel] = field(default_factory=set)
    _indeks: dict[tuple, IdSel] = field(default_factory=dict)

    def sel(self, label: tuple, nilai: int) -> IdSel:
        """Register (or find) the cell ``label`` with its true value."""
        if label in self._indeks:
            i = self._indeks[label]
            if self.nilai[i] != int(nilai):
                raise ValueError(f"sel {label} didaftarkan dengan dua nilai berbeda")
            return i
        i = len(self.nilai)
        self.nilai.append(int(nilai))
        self.label.append(label)
        self._indeks[label] = i
        return i

    def id(self, label: tuple) -> IdSel:
        return self._indeks[label]

    def jumlah(self, total: IdSel, bagian: Sequence[IdSel]) -> None:
        """Relation ``total = Σ bagian``."""
        if not bagian:
            return
        self.relasi.append(Relasi([total, *bagian], [-1] + [1] * len(bagian), utama=list(bagian)))

    def tertekan(self, i: IdSel) -> bool:
        return i in self.tekan

    # ------------------------------------------------------------------ decision

    def jalankan(self, maks_putaran: int = 10_000) -> set[IdSel]:
        """Primary, complementary and audit-driven suppression; returns the hidden cells."""
        self.tekan |= {i for i, v in enumerate(self.nilai) if 0 < abs(v) < self.n_minimum}
        for _ in range(maks_putaran):
            self._komplementer()
            bocor = self.dapat_dipulihkan()
            if not bocor:
                return self.tekan
            self._tambah_untuk(bocor)
        raise RuntimeError("penekanan sel tidak stabil")  # pragma: no cover

    def _komplementer(self) -> None:
        berubah = True
        while berubah:
            berubah = False
            for r in self.relasi:
                tersembunyi = [i for i in r.sel if i in self.tekan]
                if len(tersembunyi) == 1 and self._tekan_satu_lagi(r):
                    berubah = True

    def _tekan_satu_lagi(self, r: Relasi) -> bool:
        """Hide the smallest non-zero visible cell of ``r`` (parts first), else a visible zero;
        False when every cell of ``r`` is hidden already."""
        for calon in (r.utama, r.sel):
            terlihat = [i for i in calon if i not in self.tekan and self.nilai[i] != 0]
            if terlihat:
                self.tekan.add(min(terlihat, key=lambda i: (abs(self.nilai[i]), i)))
                return True
        for calon in (r.utama, r.sel):
            terlihat = [i for i in calon if i not in self.tekan]
            if terlihat:
                self.tekan.add(min(terlihat))
                return True
        return False

    def _tambah_untuk(self, bocor: Iterable[IdSel]) -> None:
        """For each recoverable cell, hide one visible cell of the equations that give it.

        The value of a recoverable hidden cell ``x`` is a combination ``Σ λ_r · relation_r``
        of relations in which every hidden cell but ``x`` cancels; the visible cells left in
        that combination are the evidence, and hiding the smallest non-zero one removes this
        way of computing ``x`` (the audit then looks again).
        """
        ditambah = False
        per_sel = self._relasi_per_sel()
        for i in sorted(bocor):
            if i not in self.tekan:
                continue
            bukti = self._bukti(i, per_sel)
            if not bukti:
                continue
            nol = [j for j in bukti if self.nilai[j] != 0]
            self.tekan.add(min(nol or bukti, key=lambda j: (abs(self.nilai[j]), j)))
            ditambah = True
        if not ditambah:  # pragma: no cover - a recoverable cell always has evidence
            raise RuntimeError("sel yang dapat dipulihkan tidak dapat dilindungi")

    def _relasi_per_sel(self) -> dict[IdSel, list[int]]:
        """Per cell, the indices (ascending) of the relations it appears in."""
        per_sel: dict[IdSel, list[int]] = {}
        for n, r in enumerate(self.relasi):
            for c in r.sel:
                daftar = per_sel.setdefault(c, [])
                if not daftar or daftar[-1] != n:
                    daftar.append(n)
        return per_sel

    def _bukti(self, i: IdSel, per_sel: dict[IdSel, list[int]] | None = None) -> list[IdSel]:
        """Visible cells of the relation combination that determines hidden cell ``i``.

        ``per_sel``: :meth:`_relasi_per_sel` (built here when not given)."""
        # Relations of the connected group of hidden cells around i, in the order of passes
        # over the relation list: a pass takes, in list order, each relation touching the group
        # as it grows (its hidden cells join the group); passes repeat while the group grows.
        # The passes are followed through the cell → relations index: a relation touching a
        # new cell is taken later in the same pass when it comes after the current one, else
        # in the next pass.
        per_sel = self._relasi_per_sel() if per_sel is None else per_sel
        kelompok = {i}
        terkait: list[Relasi] = []
        dilihat: set[int] = set()
        antre = list(per_sel.get(i, ()))
        heapq.heapify(antre)
        while True:
            berikut: list[int] = []
            berubah = False
            while antre:
                n = heapq.heappop(antre)
                if n in dilihat:
                    continue
                r = self.relasi[n]
                dilihat.add(n)
                terkait.append(r)
                baru = {c for c in r.sel if c in self.tekan} - kelompok
                if baru:
                    kelompok |= baru
                    berubah = True
                    for c in baru:
                        for m in per_sel.get(c, ()):
                            if m in dilihat:
                                continue
                            if m > n:
                                heapq.heappush(antre, m)
                            else:
                                berikut.append(m)
            if not berubah:
                break
            antre = berikut
            heapq.heapify(antre)
        tersembunyi = sorted(kelompok)
        posisi = {c: j for j, c in enumerate(tersembunyi)}
        a = np.zeros((len(terkait), len(tersembunyi)))
        for r_i, r in enumerate(terkait):
            for c, k in zip(r.sel, r.koef):
                if c in posisi:
                    a[r_i, posisi[c]] += k
        target = np.zeros(len(tersembunyi))
        target[posisi[i]] = 1.0
        lam, *_ = np.linalg.lstsq(a.T, target, rcond=None)
        gabung: dict[IdSel, float] = {}
        for w, r in zip(lam, terkait):
            if abs(w) < 1e-9:
                continue
            for c, k in zip(r.sel, r.koef):
                if c not in self.tekan:
                    gabung[c] = gabung.get(c, 0.0) + w * k
        return sorted(c for c, v in gabung.items() if abs(v) > 1e-9)

    # ------------------------------------------------------------------ audit

    def dapat_dipulihkan(self) -> set[IdSel]:
        """Hidden cells whose value follows from the visible cells and the relations."""
        return sel_dapat_dipulihkan(
            [(r.sel, r.koef) for r in self.relasi], self.tekan, len(self.nilai)
        )


def sel_dapat_dipulihkan(
    relasi: Sequence[tuple[Sequence[int], Sequence[float]]],
    tersembunyi: set[int],
    n_sel: int,
) -> set[int]:
    """Hidden cells that are the same in every solution of the relations.

    Args:
        relasi: ``(cells, coefficients)`` per linear relation ``Σ c_i x_i = 0``.
        tersembunyi: the hidden cells (the unknowns); every other cell is a known constant.
        n_sel: number of cells.

    Per connected group of hidden cells, the relations restricted to them form a matrix ``A``;
    a cell is determined when its coordinate vanishes in every null-space vector of ``A``
    (singular value decomposition, tolerance 1e-9).
    """
    del n_sel
    baris: list[dict[int, float]] = []
    for sel, koef in relasi:
        b = {s: float(k) for s, k in zip(sel, koef) if s in tersembunyi}
        if b:
            baris.append(b)
    # Connected components of hidden cells through the relations.
    induk = {i: i for i in tersembunyi}

    def akar(i: int) -> int:
        while induk[i] != i:
            induk[i] = induk[induk[i]]
            i = induk[i]
        return i

    for b in baris:
        s = list(b)
        for x in s[1:]:
            ra, rb = akar(s[0]), akar(x)
            if ra != rb:
                induk[ra] = rb
    kelompok: dict[int, list[int]] = {}
    for i in tersembunyi:
        kelompok.setdefault(akar(i), []).append(i)
    baris_per: dict[int, list[dict[int, float]]] = {}
    for b in baris:
        baris_per.setdefault(akar(next(iter(b))), []).append(b)
    hasil: set[int] = set()
    for k, anggota in kelompok.items():
        persamaan = baris_per.get(k, [])
        if not persamaan:
            continue
        posisi = {c: j for j, c in enumerate(sorted(anggota))}
        a = np.zeros((len(persamaan), len(posisi)))
        for r, b in enumerate(persamaan):
            for c, v in b.items():
                a[r, posisi[c]] = v
        _, sv, vt = np.linalg.svd(a, full_matrices=True)
        rank = int((sv > 1e-9 * max(1.0, sv.max(initial=0.0))).sum())
        nol = vt[rank:]  # basis of the null space (rows)
        for c, j in posisi.items():
            if nol.shape[0] == 0 or np.all(np.abs(nol[:, j]) < 1e-9):
                hasil.add(c)
    return hasil


# --------------------------------------------------------------------------------------------
# k-anonymity of published tables


@dataclass(frozen=True)
class PelanggaranK:
    """A published count below k (no personal data: table, key values of the row, column)."""

    tabel: str
    kunci: tuple
    kolom: str
    nilai: int

    def __str__(self) -> str:
        kunci = ", ".join(str(k) for k in self.kunci)
        return f"tabel {self.tabel}, baris {kunci}, kolom {self.kolom}: jumlah di bawah k"


def periksa_k_anonim(
    tabel: pd.DataFrame, nama: str, kuasi: Sequence[str], hitung: Sequence[str], k: int
) -> list[PelanggaranK]:
    """Every published count of people/families over the quasi-identifiers ``kuasi`` (e.g.
    desa × desil) must be 0 or ≥ k; suppressed cells (text markers) pass."""
    hasil = []
    for c in hitung:
        angka = pd.to_numeric(
            tabel[c].where(~tabel[c].map(lambda v: isinstance(v, str))), errors="coerce"
        )
        for i in np.flatnonzero(((angka > 0) & (angka < k)).to_numpy()):
            kunci = tuple(tabel[q].iloc[i] for q in kuasi)
            hasil.append(PelanggaranK(nama, kunci, c, int(angka.iloc[i])))
    return hasil
