"""Reading and checking the ranking input against a framework.

Turns a DataFrame of raw indicator values (one row per region, see
:mod:`analisis.peringkat.indeks`) into :class:`DataSiap`: the region × indicator arrays of values,
standard errors and presence, and the ranked/flagged status of each region under the
missing-data policy. Every problem is collected and raised at once as :class:`GalatValidasi`.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analisis.data.wilayah import muat_wilayah
from analisis.galat import GalatValidasi, Masalah
from analisis.lembar import kosong as lembar_kosong
from analisis.peringkat.kerangka import (
    AKHIRAN_SE,
    KEBIJAKAN_DATA_HILANG,
    Indikator,
    Kerangka,
)
from analisis.teks import angka_id

KOLOM_META = ("wilayah", "nama_wilayah", "provinsi", "kode_provinsi", "tahun", "catatan")
"""Input columns that are neither indicators nor SE columns and are accepted silently."""


#: Written placeholders that mean "no value" for an evaluator or statistical input.
PENANDA_KOSONG = {"-", "na", "n/a", "nan", "none", "null"}


def kosong(v: Any) -> bool:
    """Missing value: an empty cell (:func:`analisis.lembar.kosong`) or a placeholder ('-', 'NA')."""
    if lembar_kosong(v):
        return True
    return isinstance(v, str) and v.strip().casefold() in PENANDA_KOSONG


def angka(v: Any) -> float | None:
    """Parse a number from a cell: int/float, '12.5', '12,5' (decimal comma), '85%'.
    Returns None when not a number (bools are not numbers)."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float, np.integer, np.floating)):
        x = float(v)
        return None if math.isnan(x) else x
    teks = str(v).strip().replace("\u00a0", "").replace(" ", "")
    teks = teks.removesuffix("%")
    if re.fullmatch(r"[+-]?\d+,\d+", teks):
        teks = teks.replace(",", ".")
    try:
        x = float(teks)
    except ValueError:
        return None
    return None if math.isnan(x) else x


def _format_angka(x: float) -> str:
    return angka_id(float(f"{x:.6g}"))


def baca_nilai(ind: Indikator, v: Any, kerangka: Kerangka) -> tuple[Any, str | None]:
    """Parse one raw value of an indicator.

    Returns ``(value, None)`` — the canonical grade (e.g. ``'ya'``, ``'B'``) for rubric
    indicators, a float otherwise — or ``(None, Indonesian message)`` when invalid. Missing
    values must be filtered out with :func:`kosong` first.
    """
    if ind.kategorik:
        peta = ind.rubrik(kerangka)
        if isinstance(v, (bool, np.bool_)) and {"ya", "tidak"} <= set(peta):
            return ("ya" if v else "tidak"), None
        kunci = str(v).strip().casefold()
        for k in peta:
            if str(k).casefold() == kunci:
                return k, None
        return None, f"nilai '{v}' tidak sah; pilihan: {', '.join(map(str, peta))}"
    x = angka(v)
    if x is None:
        return None, f"nilai '{v}' bukan angka"
    if not math.isfinite(x):
        return None, f"nilai '{v}' bukan angka hingga"
    if ind.rentang is not None and len(ind.rentang) == 2:
        lo, hi = ind.rentang
        if lo is not None and x < lo:
            if lo == 0:
                return None, f"nilai {_format_angka(x)} negatif; harus ≥ 0"
            return None, f"nilai {_format_angka(x)} di bawah batas {_format_angka(lo)}"
        if hi is not None and x > hi:
            batas = (
                f"{_format_angka(lo)}–{_format_angka(hi)}"
                if lo is not None
                else f"≤ {_format_angka(hi)}"
            )
            return None, f"nilai {_format_angka(x)} di luar rentang {batas}"
    if ind.bilangan_bulat and x != round(x):
        return None, f"nilai {_format_angka(x)} harus bilangan bulat"
    return x, None


def skor_rubrik(ind: Indikator, nilai: Any, kerangka: Kerangka) -> float:
    """Points of a canonical grade (output of :func:`baca_nilai`)."""
    return float(ind.rubrik(kerangka)[nilai])


@dataclass
class DataSiap:
    """Input checked against a framework, as arrays (regions × indicators, framework order)."""

    kerangka: Kerangka
    kode_wilayah: list[str]
    nama: list[str]
    indikator: list[Indikator]
    dim_idx: np.ndarray  # (k,) dimension index of each indicator
    mentah: pd.DataFrame  # canonical raw values (grades as text, numbers as float)
    X: np.ndarray  # (n, k) numbers; rubric grades already mapped to points; NaN = missing
    SE: np.ndarray  # (n, k) standard errors (0 = no sampling noise)
    ada: np.ndarray  # (n, k) value present
    diperingkat: np.ndarray  # (n,) ranked under the policy
    ditandai: np.ndarray  # (n,) ranked but with missing data
    hilang: list[list[str]]
    keterangan: list[str]
    kebijakan_data_hilang: str
    izinkan_dimensi_hilang: bool
    peringatan: list[Masalah] = field(default_factory=list)

    @property
    def bobot_indikator(self) -> np.ndarray:
        return np.array([ind.bobot for ind in self.indikator], dtype=float)

    @property
    def bobot_dimensi(self) -> np.ndarray:
        return np.array([d.bobot for d in self.kerangka.dimensi], dtype=float)

    @property
    def G(self) -> np.ndarray:
        """(k, D) membership matrix of indicators in dimensions."""
        g = np.zeros((len(self.indikator), len(self.kerangka.dimensi)))
        g[np.arange(len(self.indikator)), self.dim_idx] = 1.0
        return g


def _saran_kolom(nama: str, pilihan: list[str]) -> str:
    cocok = difflib.get_close_matches(nama, pilihan, n=1, cutoff=0.6)
    return f" Mungkin maksud Anda '{cocok[0]}'?" if cocok else ""


def _angka_kolom(ser: pd.Series) -> tuple[np.ndarray, list[int]]:
    """Numbers of a column (NaN = empty) and the positions of non-empty, non-numeric cells."""
    if pd.api.types.is_numeric_dtype(ser.dtype) and not pd.api.types.is_bool_dtype(ser.dtype):
        x = ser.to_numpy(dtype=float, na_value=np.nan)
        salah = [int(r) for r in np.flatnonzero(np.isinf(x))]
        return np.where(np.isinf(x), np.nan, x), salah
    x = np.full(len(ser), np.nan)
    salah = []
    for r, v in enumerate(ser.tolist()):
        if kosong(v):
            continue
        a = angka(v)
        if a is None or not math.isfinite(a):
            salah.append(r)
        else:
            x[r] = a
    return x, salah


def _baca_kolom(
    ser: pd.Series, ind: Indikator, kerangka: Kerangka
) -> tuple[Any, np.ndarray, list[tuple[int, str]]]:
    """Parse one indicator column: canonical values (list of grades for rubric indicators,
    float array otherwise), numbers (rubric → points; NaN = missing or invalid) and
    ``(position, message)`` for invalid cells."""
    n = len(ser)
    x = np.full(n, np.nan)
    salah: list[tuple[int, str]] = []
    if ind.kategorik:
        peta = ind.rubrik(kerangka)
        cepat = {str(g): g for g in peta}  # exact spelling → canonical, the common case
        nilai: list[Any] = [None] * n
        for r, v in enumerate(ser.tolist()):
            if isinstance(v, str) and v in cepat:
                nilai[r] = cepat[v]
                x[r] = float(peta[cepat[v]])
                continue
            if kosong(v):
                continue
            kanon, pesan = baca_nilai(ind, v, kerangka)
            if pesan is not None:
                salah.append((r, pesan))
            else:
                nilai[r] = kanon
                x[r] = float(peta[kanon])
        return nilai, x, salah
    x, bukan = _angka_kolom(ser)
    for r in bukan:
        _, pesan = baca_nilai(ind, ser.iloc[r], kerangka)
        salah.append((r, pesan or f"nilai '{ser.iloc[r]}' bukan angka"))
    # Range and integer checks, vectorised; messages from baca_nilai for the offenders only.
    buruk = np.zeros(n, dtype=bool)
    with np.errstate(invalid="ignore"):
        if ind.rentang is not None and len(ind.rentang) == 2:
            lo, hi = ind.rentang
            if lo is not None:
                buruk |= x < lo
            if hi is not None:
                buruk |= x > hi
        if ind.bilangan_bulat:
            buruk |= (~np.isnan(x)) & (x != np.round(x))
    for r in np.flatnonzero(buruk).tolist():
        _, pesan = baca_nilai(ind, float(x[r]), kerangka)
        salah.append((int(r), pesan or "nilai tidak sah"))
    x[buruk] = np.nan
    salah.sort()
    return x.copy(), x, salah


def siapkan_data(
    data: pd.DataFrame,
    kerangka: Kerangka,
    *,
    kebijakan_data_hilang: str | None = None,
    izinkan_dimensi_hilang: bool | None = None,
    berkas: str | None = None,
) -> DataSiap:
    """Check ``data`` against ``kerangka`` and build the arrays the index and the Monte Carlo
    use. Raises :class:`GalatValidasi` with every problem (unknown/missing indicator columns,
    invalid values, duplicate regions, bad SE columns)."""
    kebijakan = _kebijakan_sah(kebijakan_data_hilang or kerangka.kebijakan_data_hilang)
    izinkan = (
        kerangka.izinkan_dimensi_hilang
        if izinkan_dimensi_hilang is None
        else izinkan_dimensi_hilang
    )
    if not isinstance(data, pd.DataFrame):
        raise TypeError("data harus berupa pandas.DataFrame")
    df = data.set_index("kode_wilayah") if "kode_wilayah" in data.columns else data
    kode = [str(k).strip() for k in df.index]
    kolom = [str(c) for c in df.columns]
    masalah = _wilayah_ganda(kode, berkas) + _periksa_kolom(kolom, kerangka, berkas)
    nama = _nama_wilayah(df, kode, kolom)
    matriks = _isi_matriks(df, kerangka, kode, nama, kolom, berkas)
    masalah += matriks.masalah
    if masalah:
        raise GalatValidasi(
            f"Data indikator{' ' + repr(berkas) if berkas else ''} tidak sesuai kerangka "
            f"'{kerangka.nama}': {len(masalah)} masalah",
            masalah=masalah,
        )
    ada = ~np.isnan(matriks.X)
    status = _status_peringkat(kerangka, ada, kebijakan, izinkan)
    mentah_df = pd.DataFrame(
        {
            c: (pd.Series(v, dtype=object) if isinstance(v, list) else v)
            for c, v in matriks.mentah.items()
        }
    )
    mentah_df.index = pd.Index(kode, name="kode_wilayah")
    return DataSiap(
        kerangka=kerangka,
        kode_wilayah=kode,
        nama=nama,
        indikator=matriks.indikator,
        dim_idx=matriks.dim_idx,
        mentah=mentah_df,
        X=matriks.X,
        SE=np.where(ada, matriks.SE, 0.0),
        ada=ada,
        diperingkat=status.diperingkat,
        ditandai=status.ditandai,
        hilang=status.hilang,
        keterangan=status.keterangan,
        kebijakan_data_hilang=kebijakan,
        izinkan_dimensi_hilang=izinkan,
    )


def _kebijakan_sah(kebijakan: str) -> str:
    """The missing-data policy, refused with the choices when unknown."""
    if kebijakan not in KEBIJAKAN_DATA_HILANG:
        raise GalatValidasi(
            "Kebijakan data hilang tidak dikenal",
            masalah=[
                Masalah(
                    f"kebijakan '{kebijakan}' tidak dikenal; pilihan: {', '.join(KEBIJAKAN_DATA_HILANG)}",
                    kode="kebijakan_tidak_dikenal",
                )
            ],
        )
    return kebijakan


def _wilayah_ganda(kode: list[str], berkas: str | None) -> list[Masalah]:
    """One problem per region code that occurs more than once."""
    return [
        Masalah(
            f"wilayah {kw} muncul {jumlah} kali di data",
            berkas=berkas,
            kolom="kode_wilayah",
            kode="wilayah_ganda",
        )
        for kw, jumlah in Counter(kode).items()
        if jumlah > 1
    ]


def _periksa_kolom(kolom: list[str], kerangka: Kerangka, berkas: str | None) -> list[Masalah]:
    """Columns that are not indicators (nor SE or metadata columns) and indicators with no
    column."""
    semua_kode = kerangka.kode_indikator
    masalah = [
        m
        for c in kolom
        if c not in semua_kode and c not in KOLOM_META
        for m in _masalah_kolom_asing(c, kerangka, berkas)
    ]
    for i, j, d, ind in kerangka.iter_indikator():
        if ind.kode not in kolom:
            masalah.append(
                Masalah(
                    f"indikator '{ind.kode}' (dimensi[{i}].indikator[{j}], dimensi '{d.kode}') tidak "
                    "ada di data; tambahkan kolomnya (sel kosong diperlakukan menurut kebijakan data "
                    "hilang)",
                    berkas=berkas,
                    kolom=ind.kode,
                    kode="indikator_tidak_ada",
                )
            )
    return masalah


def _masalah_kolom_asing(c: str, kerangka: Kerangka, berkas: str | None) -> list[Masalah]:
    """The problem with a column that is not an indicator of ``kerangka``: an SE column of an
    unknown or rubric indicator, or an unknown column (with a spelling suggestion)."""
    semua_kode = kerangka.kode_indikator
    if not c.endswith(AKHIRAN_SE):
        return [
            Masalah(
                f"kolom '{c}' bukan indikator dalam kerangka '{kerangka.nama}'."
                + _saran_kolom(c, semua_kode),
                berkas=berkas,
                kolom=c,
                kode="indikator_tidak_dikenal",
            )
        ]
    dasar = c[: -len(AKHIRAN_SE)]
    if dasar not in semua_kode:
        return [
            Masalah(
                f"kolom galat baku '{c}' merujuk indikator '{dasar}' yang tidak ada dalam "
                f"kerangka '{kerangka.nama}'." + _saran_kolom(dasar, semua_kode),
                berkas=berkas,
                kolom=c,
                kode="indikator_tidak_dikenal",
            )
        ]
    if kerangka.indikator(dasar).kategorik:
        return [
            Masalah(
                f"kolom galat baku '{c}' tidak berlaku: indikator '{dasar}' memakai rubrik",
                berkas=berkas,
                kolom=c,
                kode="galat_baku_tidak_berlaku",
            )
        ]
    return []


def _nama_wilayah(df: pd.DataFrame, kode: list[str], kolom: list[str]) -> list[str]:
    """Display names: the ``wilayah`` column where filled, else the official name, else the code."""
    resmi = muat_wilayah()["wilayah"].to_dict()
    nama = [str(resmi.get(kw, kw)) for kw in kode]
    if "wilayah" in kolom:
        nama = [str(v) if not kosong(v) else nm for v, nm in zip(df["wilayah"].tolist(), nama)]
    return nama


@dataclass
class _Matriks:
    """Parsed indicator values: canonical raw values, numbers and standard errors."""

    indikator: list[Indikator]
    dim_idx: np.ndarray
    mentah: dict[str, Any]
    X: np.ndarray
    SE: np.ndarray
    masalah: list[Masalah]


def _isi_matriks(
    df: pd.DataFrame,
    kerangka: Kerangka,
    kode: list[str],
    nama: list[str],
    kolom: list[str],
    berkas: str | None,
) -> _Matriks:
    """Parse every indicator column (and its SE column) into the region × indicator arrays,
    collecting a problem per invalid cell."""
    n = len(kode)
    inds = [ind for _, _, _, ind in kerangka.iter_indikator()]
    dim_idx = np.array([i for i, _, _, _ in kerangka.iter_indikator()], dtype=int)
    X = np.full((n, len(inds)), np.nan)
    SE = np.zeros((n, len(inds)))
    mentah: dict[str, Any] = {}
    masalah: list[Masalah] = []
    for c_i, ind in enumerate(inds):
        if ind.kode not in kolom:
            mentah[ind.kode] = [None] * n
            continue
        nilai_c, x_c, salah = _baca_kolom(df[ind.kode], ind, kerangka)
        masalah += [
            Masalah(
                f"wilayah {kode[r]} ({nama[r]}): {pesan}",
                berkas=berkas,
                kolom=ind.kode,
                kode="nilai_tidak_sah",
            )
            for r, pesan in salah
        ]
        mentah[ind.kode] = nilai_c
        X[:, c_i] = x_c
        if not ind.kategorik:
            SE[:, c_i], salah_se = _galat_baku(df, ind, x_c, kode, nama, kolom, berkas)
            masalah += salah_se
    return _Matriks(inds, dim_idx, mentah, X, SE, masalah)


def _galat_baku(
    df: pd.DataFrame,
    ind: Indikator,
    x_c: np.ndarray,
    kode: list[str],
    nama: list[str],
    kolom: list[str],
    berkas: str | None,
) -> tuple[np.ndarray, list[Masalah]]:
    """Standard errors of one indicator: its SE column where filled, else ``se_bawaan``, else
    ``rse_bawaan`` percent of |X|, else 0; with a problem per invalid SE cell."""
    n = len(kode)
    kse = ind.kode + AKHIRAN_SE
    se_c = np.full(n, np.nan)
    masalah: list[Masalah] = []
    if kse in kolom:
        se_c, salah_se = _angka_kolom(df[kse])
        salah_se += np.flatnonzero(se_c < 0).tolist()
        masalah = [
            Masalah(
                f"wilayah {kode[r]} ({nama[r]}): galat baku '{df[kse].iloc[r]}' tidak sah; "
                "harus angka ≥ 0",
                berkas=berkas,
                kolom=kse,
                kode="nilai_tidak_sah",
            )
            for r in sorted(set(salah_se))
        ]
    if ind.se_bawaan is not None:
        bawaan = np.full(n, float(ind.se_bawaan))
    elif ind.rse_bawaan is not None:
        bawaan = np.abs(x_c) * ind.rse_bawaan / 100.0
    else:
        bawaan = np.zeros(n)
    return np.where(np.isnan(se_c), bawaan, se_c), masalah


@dataclass
class _Status:
    """Per region: ranked, flagged (ranked with missing data), missing indicators, note."""

    diperingkat: np.ndarray
    ditandai: np.ndarray
    hilang: list[list[str]]
    keterangan: list[str]


def _status_peringkat(
    kerangka: Kerangka, ada: np.ndarray, kebijakan: str, izinkan: bool
) -> _Status:
    """Apply the missing-data policy (module docstring of :mod:`analisis.peringkat.indeks`)."""
    inds = [ind for _, _, _, ind in kerangka.iter_indikator()]
    n = ada.shape[0]
    D = len(kerangka.dimensi)
    G = np.zeros((len(inds), D))
    G[np.arange(len(inds)), [i for i, _, _, _ in kerangka.iter_indikator()]] = 1.0
    bobot = np.array([ind.bobot for ind in inds])
    punya_dim = ((ada * bobot) @ G) > 0  # (n, D): at least one weighted indicator present
    status = _Status(np.zeros(n, dtype=bool), np.zeros(n, dtype=bool), [], [])
    lengkap = ada.all(axis=1) & punya_dim.all(axis=1)
    kode_ind = [ind.kode for ind in inds]
    kode_dim = [d.kode for d in kerangka.dimensi]
    for r, (ada_r, punya_r) in enumerate(zip(ada.tolist(), punya_dim.tolist())):
        h = [] if lengkap[r] else [kc for kc, a in zip(kode_ind, ada_r) if not a]
        dim_kosong = [kd for kd, p in zip(kode_dim, punya_r) if not p]
        status.hilang.append(h)
        alasan = _alasan_tidak_diperingkat(kerangka, h, dim_kosong, kebijakan, izinkan)
        if alasan is not None:
            status.keterangan.append(alasan)
            continue
        status.diperingkat[r] = True
        status.ditandai[r] = bool(h)
        status.keterangan.append(_catatan_ditandai(h, dim_kosong))
    return status


def _alasan_tidak_diperingkat(
    kerangka: Kerangka, hilang: list[str], dim_kosong: list[str], kebijakan: str, izinkan: bool
) -> str | None:
    """Why a region is not ranked under the policy, or None when it is ranked."""
    if len(dim_kosong) == len(kerangka.dimensi):
        return "tidak ada satu pun indikator berbobot yang terisi"
    if dim_kosong and not izinkan:
        rinci = "; ".join(
            f"dimensi '{dk}' kosong seluruhnya ("
            + ", ".join(ind.kode for _, _, d, ind in kerangka.iter_indikator() if d.kode == dk)
            + ")"
            for dk in dim_kosong
        )
        return (
            f"{rinci}; wilayah tanpa satu dimensi penuh tidak diperingkat "
            "(izinkan_dimensi_hilang: false)"
        )
    if hilang and kebijakan == "kecualikan":
        return f"indikator hilang: {', '.join(hilang)} (kebijakan 'kecualikan')"
    return None


def _catatan_ditandai(hilang: list[str], dim_kosong: list[str]) -> str:
    """The note of a ranked region: empty when complete, else what was reweighted."""
    if not hilang:
        return ""
    teks = f"DITANDAI: indikator hilang {', '.join(hilang)}; bobot indikator dihitung ulang dalam dimensinya"
    if dim_kosong:
        teks += f"; dimensi {', '.join(dim_kosong)} tidak dinilai dan bobot dimensi dihitung ulang"
    return teks
