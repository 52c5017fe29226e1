"""The shared context of one region's evaluation, and what evaluations of the same data share.

:func:`buat_konteks` checks a request (region, years, comparison) and builds the
:class:`Konteks` every section of :mod:`analisis.evaluasi.hitung` reads: the region, the years,
the parameters and the data, with cached series, cross-sections and rankings. Series,
cross-sections, rankings and names depend only on the data object, so they live in a memo
shared by the evaluations of one :class:`~analisis.data.model.Basisdata` (a warm kernel
evaluating region after region reuses them); so do the province-level results every region of
a province computes alike (:meth:`Konteks.bersama`, e.g. the quadrants of all its kab/kota).
The memo is bounded (:data:`BATAS_MEMO_SERI`, :data:`BATAS_MEMO_BERSAMA`).
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from analisis.data.katalog import Indikator
from analisis.data.model import Basisdata
from analisis.data.wilayah import wilayah_provinsi
from analisis.evaluasi.params import ParamsProvinsi, muat_params
from analisis.galat import GalatAnalisis
from analisis.metode import peringkat
from analisis.metode.parameter import ParameterMetode
from analisis.metode.posisi import HasilPeringkat
from analisis.proyek import Proyek

KODE_NASIONAL = "0000"
_T = TypeVar("_T")


def nilai_tahun(s: pd.Series, t: int) -> float:
    return float(s.get(t, np.nan)) if t in s.index else float("nan")


def nilai_terakhir(s: pd.Series, sampai: int) -> tuple[int | None, float]:
    """Latest year ≤ ``sampai`` with a value."""
    tahun = s.index
    if s.dtype == np.float64 and tahun.dtype == np.int64 and tahun.is_monotonic_increasing:
        # A data store series (float values, ascending int years): the same answer as the
        # label slice below from the arrays, without building two intermediate Series
        # (~0,07 → ~0,01 ms per call on a quiet machine, ~26 calls per region).
        n = int(np.searchsorted(tahun.to_numpy(), sampai, side="right"))  # years ≤ sampai
        nilai = s.to_numpy()[:n]
        ada_i = np.flatnonzero(~np.isnan(nilai))
        if ada_i.size == 0:
            return None, float("nan")
        i = int(ada_i[-1])
        return int(tahun[i]), float(nilai[i])
    ada = s.loc[:sampai].dropna()
    if ada.empty:
        return None, float("nan")
    return int(ada.index[-1]), float(ada.iloc[-1])


def angka_atau_kosong(x: object) -> float | None:
    """A JSON-safe float (None for missing)."""
    if x is None:
        return None
    f = float(x)  # type: ignore[arg-type]
    return None if math.isnan(f) else f


@dataclass
class _MemoData:
    """What the evaluations of one :class:`Basisdata` share across regions: the series and the
    cross-sections of a province (both depend only on the data, never on the region, the
    parameters or the year asked for). A warm kernel evaluating region after region keeps
    these instead of rebuilding them for every region; the values are shared, so callers must
    not modify them in place."""

    basis: weakref.ref[Basisdata]
    seri: dict[tuple[str, str, str | None], pd.Series] = field(default_factory=dict)
    penampang: dict[tuple[str, str, int], pd.Series] = field(default_factory=dict)
    peringkat: dict[tuple[str, str, int], tuple[HasilPeringkat, pd.DataFrame]] = field(
        default_factory=dict
    )
    nama: dict[str, str] = field(default_factory=dict)
    bersama: dict[Hashable, Any] = field(default_factory=dict)
    """Results that depend only on the data and on their key (:meth:`Konteks.bersama`)."""


_MEMO: list[_MemoData] = []
BATAS_MEMO_SERI = 20_000
"""Series kept across regions at most (~250 per region: a province's regions fit many times)."""
BATAS_MEMO_BERSAMA = 5_000
"""Shared results kept across regions at most (~25 per region)."""


def _memo_data(basis: Basisdata) -> _MemoData:
    """The cross-region memo of ``basis``, new when the data object changed.

    Keyed on the object's identity: :meth:`Basisdata.muat` returns the same object while its
    inputs are unchanged and a new one when they change, so a memo never outlives its data.
    One entry, like :meth:`Basisdata.muat`'s own cache; its series and shared results are
    emptied (between two regions) once it holds :data:`BATAS_MEMO_SERI` series or
    :data:`BATAS_MEMO_BERSAMA` shared results, so a kernel's memory stays flat over a long
    run."""
    if _MEMO and _MEMO[0].basis() is basis:
        memo = _MEMO[0]
        if len(memo.seri) > BATAS_MEMO_SERI or len(memo.bersama) > BATAS_MEMO_BERSAMA:
            # Together: a shared result spares its region the series it was computed from.
            memo.seri.clear()
            memo.bersama.clear()
        return memo
    memo = _MemoData(basis=weakref.ref(basis))
    _MEMO[:] = [memo]
    return memo


@dataclass
class Konteks:
    """What every section needs: the region, the years, the parameters and the data, plus the
    record of every value used (for the provenance table) and of the sections left empty."""

    kode: str
    tahun: int
    tahun_awal: int
    kode_prov: str
    kode_ref: str
    params: ParamsProvinsi
    metode: ParameterMetode
    basis: Basisdata
    proyek: Proyek
    kabkota: list[str]
    kunci_metode: str = field(init=False)
    """The method parameters as one text (part of every :meth:`bersama` key that uses them)."""
    dipakai: set[tuple[str, int, str, str | None]] = field(default_factory=set)
    kosong: dict[str, str] = field(default_factory=dict)
    _memo: _MemoData | None = None
    """Series and cross-sections shared with other regions' evaluations of the same data."""

    def __post_init__(self) -> None:
        if self._memo is None:
            self._memo = _memo_data(self.basis)
        self.kunci_metode = self.metode.model_dump_json()

    @property
    def katalog(self) -> dict[str, Indikator]:
        return self.basis.katalog

    @property
    def wilayah(self) -> pd.DataFrame:
        return self.basis.wilayah

    @property
    def kode_peran(self) -> dict[str, str]:
        return {"wilayah": self.kode, "provinsi": self.kode_prov, "nasional": KODE_NASIONAL}

    @property
    def jendela(self) -> list[int]:
        return list(range(self.tahun_awal, self.tahun + 1))

    @property
    def jendela_kuadran(self) -> int:
        return self.params.jendela_kuadran or self.params.jendela_tahun

    def nama(self, kode: str) -> str:
        assert self._memo is not None
        nama = self._memo.nama.get(kode)
        if nama is None:
            nama = self._memo.nama[kode] = str(self.wilayah.at[kode, "wilayah"])
        return nama

    def peringkat(self, ind: str, t: int) -> tuple[HasilPeringkat, pd.DataFrame]:
        """The ranking of the province's kab/kota for one indicator and year, and its table as
        reported (``indikator``, ``kode_wilayah``, values, ranks, names; cached and shared:
        do not modify in place)."""
        assert self._memo is not None
        kunci = (self.kode_prov, ind, t)
        ada = self._memo.peringkat.get(kunci)
        if ada is None:
            hp = peringkat(self.penampang(ind, t), self.katalog[ind].arah)
            tabel = hp.tabel.reset_index().rename(columns={"index": "kode_wilayah"})
            tabel.insert(0, "indikator", ind)
            tabel["nama"] = [self.nama(x) for x in tabel["kode_wilayah"]]
            tabel["jumlah_diperingkat"] = hp.jumlah_diperingkat
            ada = self._memo.peringkat[kunci] = (hp, tabel)
        return ada

    def bersama(self, kunci: tuple[Hashable, ...], hitung: Callable[..., _T], *argumen: Any) -> _T:
        """``hitung(*argumen)``, computed once per data object for ``kunci`` and shared with the
        other regions' evaluations of the same data (cached and shared: do not modify in place).

        For results that read the data only through this context's province-level values
        (series, cross-sections, names): ``kunci`` names what else they depend on — the
        province, the reference, the years, :attr:`kunci_metode` — never the region."""
        assert self._memo is not None
        if kunci in self._memo.bersama:
            return self._memo.bersama[kunci]
        hasil = self._memo.bersama[kunci] = hitung(*argumen)
        return hasil

    def seri(self, kode: str, ind: str, periode: str | None = None) -> pd.Series:
        """A region's series (cached and shared: callers must not modify it in place)."""
        assert self._memo is not None
        cache = self._memo.seri
        kunci = (kode, ind, periode)
        s = cache.get(kunci)
        if s is None:
            s = cache[kunci] = self.basis.seri(kode, ind, periode)
        return s

    def catat(self, kode: str, ind: str, tahun: list, periode: str | None = None) -> None:
        """Record values used (only those that exist) for the provenance table."""
        s = self.seri(kode, ind, periode)
        for t in tahun:
            if t is not None and not math.isnan(nilai_tahun(s, int(t))):
                self.dipakai.add((kode, int(t), ind, periode))

    def penampang(self, ind: str, t: int) -> pd.Series:
        """Values of the province's kab/kota for one indicator and year (cached; do not
        modify in place)."""
        assert self._memo is not None
        cache = self._memo.penampang
        kunci = (self.kode_prov, ind, t)
        s = cache.get(kunci)
        if s is None:
            s = cache[kunci] = pd.Series(
                {k: nilai_tahun(self.seri(k, ind), t) for k in self.kabkota}, dtype=float
            )
        return s

    def pembanding(self, ind: str, t: int) -> tuple[float, str]:
        """Reference value for a year and where it comes from: the reference region, else the
        simple mean of the province's kab/kota that have a value (at least two), else NaN."""
        x = nilai_tahun(self.seri(self.kode_ref, ind), t)
        if not math.isnan(x):
            self.catat(self.kode_ref, ind, [t])
            return x, self.nama(self.kode_ref)
        pen = self.penampang(ind, t).dropna()
        if len(pen) >= 2:
            for k in pen.index:
                self.catat(k, ind, [t])
            return float(pen.mean()), f"rata-rata {len(pen)} kabupaten/kota"
        return float("nan"), ""


# --------------------------------------------------------------------------- set-up


def buat_konteks(
    kode_wilayah: str,
    tahun: int,
    tahun_awal: int | None,
    pembanding: str | None,
    params: ParamsProvinsi | None,
    basis: Basisdata,
    proyek: Proyek,
) -> Konteks:
    """Check the request and build the shared context (Indonesian errors, exit code 2)."""
    w = basis.wilayah
    if kode_wilayah not in w.index or w.at[kode_wilayah, "tingkat"] not in ("kabupaten", "kota"):
        raise GalatAnalisis(
            f"Wilayah '{kode_wilayah}' bukan kabupaten/kota yang dikenal; gunakan kode BPS 4 digit (mis. 6303).",
            2,
        )
    kode_prov = str(w.at[kode_wilayah, "kode_provinsi"])
    params = params or muat_params(provinsi=kode_prov, proyek=proyek)
    if params.provinsi != kode_prov:
        raise GalatAnalisis(
            f"Berkas parameter untuk provinsi {params.provinsi}, tetapi wilayah {kode_wilayah} ada di provinsi {kode_prov}.",
            2,
        )
    metode = params.parameter_metode
    if pembanding is not None:
        if pembanding not in ("provinsi", "nasional"):
            raise GalatAnalisis(
                f"Pembanding '{pembanding}' tidak dikenal; pilih provinsi atau nasional.", 2
            )
        metode = metode.model_copy(update={"pembanding": pembanding})
    tahun_awal = tahun_awal if tahun_awal is not None else tahun - 5
    if tahun_awal >= tahun:
        raise GalatAnalisis(f"Tahun awal ({tahun_awal}) harus sebelum tahun evaluasi ({tahun}).", 2)
    t_min, t_maks = int(basis.tabel["tahun"].min()), int(basis.tabel["tahun"].max())
    if not (t_min <= tahun <= t_maks):
        raise GalatAnalisis(f"Tahun evaluasi {tahun} di luar data ({t_min}–{t_maks}).", 2)
    return Konteks(
        kode=kode_wilayah,
        tahun=tahun,
        tahun_awal=tahun_awal,
        kode_prov=kode_prov,
        kode_ref=kode_prov if metode.pembanding == "provinsi" else KODE_NASIONAL,
        params=params,
        metode=metode,
        basis=basis,
        proyek=proyek,
        kabkota=wilayah_provinsi(kode_prov),
    )
