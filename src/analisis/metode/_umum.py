"""Internal helpers shared by the ``analisis.metode`` modules (not public API).

Input checks turn programming mistakes that users can make from a notebook (wrong index,
text values, an ``arah`` of 2) into :class:`~analisis.galat.GalatAnalisis` with an Indonesian
message. Comparison helpers apply one tolerance everywhere so that a "tie" means the same thing
in every module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analisis.galat import GalatAnalisis
from analisis.teks import angka_id

#: Relative tolerance (with an absolute floor of the same size) under which two numbers are
#: treated as equal. Published figures have at most a few decimals; this only absorbs
#: floating-point noise such as ``4.29 - 4.49 != 3.60 - 3.80``.
TOLERANSI = 1e-9


def deret_tahunan(x: object, nama: str = "deret") -> pd.Series:
    """Validate a time series and return it as float indexed by integer ``tahun``, sorted.

    Missing years stay missing: nothing is filled, interpolated or reindexed here.
    """
    if not isinstance(x, pd.Series):
        raise GalatAnalisis(f"{nama} harus berupa pandas Series berindeks tahun.")
    if len(x) == 0:
        return pd.Series([], index=pd.Index([], dtype="int64", name="tahun"), dtype=float)
    if _sudah_baku(x):
        # Already what this returns (e.g. a data store series): the checks below rebuild it
        # for ~1 ms, and the methods call this several times per series.
        return x.copy(deep=False)
    tahun = _tahun_bulat(x.index, nama)
    nilai = _angka(x, nama)
    indeks = pd.Index(tahun, dtype="int64", name="tahun")
    s = pd.Series(nilai, index=indeks, dtype=float, name=x.name)
    ganda = s.index[s.index.duplicated()].unique().tolist()
    if ganda:
        raise GalatAnalisis(f"{nama}: tahun muncul lebih dari sekali: {_daftar(ganda)}.")
    return s.sort_index()


def _sudah_baku(x: pd.Series) -> bool:
    """True when ``x`` is already a checked annual series: float values without infinity on
    a plain int64 index named ``tahun``, ascending, each year once (and no ``attrs``)."""
    i = x.index
    return (
        not x.attrs
        and x.dtype == np.float64
        and type(i) is pd.Index
        and i.dtype == np.int64
        and i.name == "tahun"
        and i.is_monotonic_increasing
        and i.is_unique
        and not np.isinf(x.to_numpy()).any()
    )


def penampang(x: object, nama: str = "penampang") -> pd.Series:
    """Validate a cross-section (values by ``kode_wilayah``) and return it as float."""
    if not isinstance(x, pd.Series):
        raise GalatAnalisis(f"{nama} harus berupa pandas Series berindeks kode_wilayah.")
    kode = pd.Index([str(k) for k in x.index], dtype="str", name="kode_wilayah")
    s = pd.Series(_angka(x, nama), index=kode, dtype=float, name=x.name)
    ganda = s.index[s.index.duplicated()].unique().tolist()
    if ganda:
        raise GalatAnalisis(f"{nama}: kode_wilayah muncul lebih dari sekali: {_daftar(ganda)}.")
    return s


def cek_arah(arah: object, nama: str = "arah") -> int:
    """Return ``arah`` as int -1 or +1, or raise an Indonesian error."""
    if isinstance(arah, bool) or arah not in (-1, 1):
        raise GalatAnalisis(
            f"{nama} harus -1 (makin kecil makin baik) atau 1 (makin besar makin baik), "
            f"bukan {arah!r}."
        )
    return int(arah)


def cek_pilihan(nilai: object, pilihan: Sequence[str], nama: str) -> str:
    """Check that ``nilai`` is one of ``pilihan`` (an [R] option)."""
    if nilai not in pilihan:
        opsi = ", ".join(f"'{p}'" for p in pilihan)
        raise GalatAnalisis(f"{nama} harus salah satu dari {opsi}, bukan {nilai!r}.")
    return str(nilai)


def cek_angka(
    nilai: object, nama: str, *, positif: bool = False, boleh_kosong: bool = False
) -> float:
    """Check a scalar number; optionally require > 0; NaN/None allowed only if ``boleh_kosong``."""
    if nilai is None and boleh_kosong:
        return float("nan")
    if isinstance(nilai, bool) or not isinstance(nilai, (int, float, np.integer, np.floating)):
        raise GalatAnalisis(f"{nama} harus berupa angka, bukan {nilai!r}.")
    f = float(nilai)
    if np.isnan(f):
        if boleh_kosong:
            return f
        raise GalatAnalisis(f"{nama} tidak boleh kosong.")
    if np.isinf(f):
        raise GalatAnalisis(f"{nama} tidak boleh tak hingga.")
    if positif and f <= 0:
        raise GalatAnalisis(f"{nama} harus lebih besar dari 0, bukan {fmt(f)}.")
    return f


def sama(a: object, b: object) -> np.ndarray:
    """Element-wise "equal within :data:`TOLERANSI`" (False where either side is NaN)."""
    a_ = np.asarray(a, dtype=float)
    b_ = np.asarray(b, dtype=float)
    skala = np.maximum(1.0, np.maximum(np.abs(a_), np.abs(b_)))
    with np.errstate(invalid="ignore"):
        return np.abs(a_ - b_) <= TOLERANSI * skala


def tanda(x: object) -> np.ndarray:
    """Sign with tolerance: -1, 0 or +1 as float; NaN stays NaN."""
    x_ = np.asarray(x, dtype=float)
    hasil = np.sign(x_)
    hasil = np.where(sama(x_, 0.0), 0.0, hasil)
    return np.where(np.isnan(x_), np.nan, hasil)


def lebih_baik(a: object, b: object, arah: int) -> np.ndarray:
    """+1 where ``a`` is strictly better than ``b`` given ``arah``, -1 worse, 0 tie, NaN missing."""
    a_ = np.asarray(a, dtype=float)
    b_ = np.asarray(b, dtype=float)
    hasil = np.sign(arah * (a_ - b_))
    hasil = np.where(sama(a_, b_), 0.0, hasil)
    return np.where(np.isnan(a_) | np.isnan(b_), np.nan, hasil)


def boolean(nilai: np.ndarray, ada: np.ndarray, index: pd.Index) -> pd.Series:
    """Nullable boolean Series: ``nilai`` where ``ada`` is True, <NA> elsewhere."""
    arr = pd.array(np.asarray(nilai, dtype=bool), dtype="boolean")
    arr[~np.asarray(ada, dtype=bool)] = pd.NA
    return pd.Series(arr, index=index)


def gabung_keterangan(bagian: Iterable[Iterable[str]]) -> list[str]:
    """Join per-row message lists into one ``"; "``-separated string per row."""
    return ["; ".join(p for p in baris if p) for baris in bagian]


def fmt(x: float) -> str:
    """Number formatting for messages, Indonesian style (``4,83``, ``−0,2475``, ``589.165``)."""
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return "kosong"
    return angka_id(float(f"{x:.6g}"))


def _tahun_bulat(index: pd.Index, nama: str) -> np.ndarray:
    if pd.api.types.is_integer_dtype(index.dtype):
        return np.asarray(index, dtype="int64")
    try:
        arr = np.asarray(index, dtype=float)
    except (TypeError, ValueError):
        raise GalatAnalisis(f"indeks {nama} harus berupa tahun (bilangan bulat).") from None
    if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
        raise GalatAnalisis(f"indeks {nama} harus berupa tahun (bilangan bulat).")
    return arr.astype("int64")


def _angka(x: pd.Series, nama: str) -> np.ndarray:
    if pd.api.types.is_bool_dtype(x.dtype):
        raise GalatAnalisis(f"{nama}: nilai harus berupa angka, bukan benar/salah.")
    try:
        nilai = pd.to_numeric(x, errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        raise GalatAnalisis(f"{nama}: semua nilai harus berupa angka (kosong = NaN).") from None
    if np.isinf(nilai).any():
        raise GalatAnalisis(f"{nama}: nilai tak hingga (inf) tidak diterima.")
    return nilai


def _daftar(x: Iterable[object]) -> str:
    return ", ".join(str(v) for v in x)


def panel_tahunan(panel: object, nama: str = "panel") -> pd.DataFrame:
    """Validate a wide panel (index ``tahun``, one column per ``kode_wilayah``) as float."""
    if not isinstance(panel, pd.DataFrame):
        raise GalatAnalisis(
            f"{nama} harus berupa pandas DataFrame (baris = tahun, kolom = kode_wilayah)."
        )
    tahun = _tahun_bulat(panel.index, nama)
    kolom = {}
    for k in panel.columns:
        kolom[str(k)] = _angka(panel[k], f"{nama} kolom {k}")
    if len(set(kolom)) != len(panel.columns):
        raise GalatAnalisis(f"{nama}: ada kode_wilayah kembar pada kolom.")
    hasil = pd.DataFrame(kolom, index=pd.Index(tahun, dtype="int64", name="tahun"), dtype=float)
    hasil.columns = pd.Index(list(kolom), dtype="str", name="kode_wilayah")
    ganda = hasil.index[hasil.index.duplicated()].unique().tolist()
    if ganda:
        raise GalatAnalisis(f"{nama}: tahun muncul lebih dari sekali: {_daftar(ganda)}.")
    return hasil.sort_index()
