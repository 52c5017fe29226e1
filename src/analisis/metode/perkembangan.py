"""Analisis perkembangan (trend statistics, ``docs/domain-methods.md`` §1.2).

For a series X indexed by year t:

* absolute change   Δ_t = X_t − X_{t−1}                      (percentage points for rates)
* relative change   g_t = (X_t − X_{t−1}) / X_{t−1} × 100 %
* window [t0, t1]:  Δ̄ = (X_t1 − X_t0) / (t1 − t0)
                    r = ((X_t1 / X_t0)^(1/(t1−t0)) − 1) × 100 %

Gaps are never bridged: Δ_t exists only when year t−1 itself has a value (a series with
2019 and 2021 but no 2020 gives no Δ for 2021). The window summary uses the endpoints that
actually have data and lists the gap years inside the window, so a reader can see what the
average is made of.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from analisis.galat import GalatAnalisis
from analisis.metode._umum import deret_tahunan, fmt, gabung_keterangan

KOLOM_PERUBAHAN = ["nilai", "nilai_sebelumnya", "delta", "g_persen", "keterangan"]


def perubahan_tahunan(x: pd.Series) -> pd.DataFrame:
    """Per-year absolute change Δ and relative change g (%) of one time series.

    Args:
        x: values indexed by integer year; NaN or an absent year = missing.

    Returns:
        DataFrame indexed by every year from the first to the last year *with a value* (absent
        years in between are shown as rows without a value, never filled; an all-missing
        series gives an empty table), with columns ``nilai``,
        ``nilai_sebelumnya`` (X_{t−1}), ``delta``, ``g_persen`` and ``keterangan`` (why a change
        is missing: first year, no data in t or t−1, or a zero base for g).
    """
    s = deret_tahunan(x, "deret")  # float values on ascending, unique int years
    semua = s.to_numpy()
    thn = s.index.to_numpy()
    ada = thn[~np.isnan(semua)]
    if ada.size == 0:
        kosong = pd.Index([], dtype="int64", name="tahun")
        return pd.DataFrame(columns=KOLOM_PERUBAHAN, index=kosong)
    t0, t1 = int(ada[0]), int(ada[-1])
    tahun = pd.RangeIndex(t0, t1 + 1, name="tahun")
    # X_t and X_{t-1} for every year of the range, placed by year (a reindex by label without
    # building two Series): a year absent from the series stays NaN, so looking up t-1 by year,
    # not by position, never bridges a gap.
    nilai = np.full(len(tahun), np.nan)
    sebelum = np.full(len(tahun), np.nan)
    di = (thn >= t0) & (thn <= t1)
    nilai[thn[di] - t0] = semua[di]
    di = (thn >= t0 - 1) & (thn < t1)
    sebelum[thn[di] - (t0 - 1)] = semua[di]
    delta = nilai - sebelum
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(sebelum == 0, np.nan, delta / sebelum * 100.0)

    catatan: list[list[str]] = []
    for i, t in enumerate(tahun):
        pesan: list[str] = []
        if np.isnan(nilai[i]):
            pesan.append(f"tidak ada data tahun {t}")
        elif i == 0:
            pesan.append("tahun pertama deret: belum ada tahun sebelumnya")
        elif np.isnan(sebelum[i]):
            pesan.append(
                f"tidak ada data tahun {t - 1}: perubahan tidak dihitung (celah tidak dijembatani)"
            )
        elif sebelum[i] == 0:
            pesan.append(f"nilai tahun {t - 1} = 0: perubahan relatif tidak terdefinisi")
        catatan.append(pesan)

    return pd.DataFrame(
        {
            "nilai": nilai,
            "nilai_sebelumnya": sebelum,
            "delta": delta,
            "g_persen": g,
            "keterangan": gabung_keterangan(catatan),
        },
        index=tahun,
    )


@dataclass(frozen=True)
class RingkasanPerkembangan:
    """Window summary of a series between the available endpoints in [t0, t1].

    Attributes:
        tahun_awal_diminta, tahun_akhir_diminta: the requested window.
        tahun_awal, tahun_akhir: the endpoints actually used (first/last year with data inside
            the window); ``None`` when fewer than one year has data.
        nilai_awal, nilai_akhir: X at those endpoints.
        jumlah_tahun: t1 − t0 of the endpoints used (0 when only one year has data).
        tahun_tersedia: the years with data inside the window.
        tahun_kosong: years inside the requested window without data (gaps; not filled).
        perubahan_total: X_t1 − X_t0.
        perubahan_relatif_persen: (X_t1 − X_t0) / X_t0 × 100.
        rata_rata_perubahan: (X_t1 − X_t0) / (t1 − t0), per year.
        laju_majemuk_persen: ((X_t1 / X_t0)^(1/(t1 − t0)) − 1) × 100, per year.
        keterangan: Indonesian notes (endpoint substitutions, gaps, why a number is missing).
    """

    tahun_awal_diminta: int | None
    tahun_akhir_diminta: int | None
    tahun_awal: int | None
    tahun_akhir: int | None
    nilai_awal: float
    nilai_akhir: float
    jumlah_tahun: int
    tahun_tersedia: tuple[int, ...]
    tahun_kosong: tuple[int, ...]
    perubahan_total: float
    perubahan_relatif_persen: float
    rata_rata_perubahan: float
    laju_majemuk_persen: float
    keterangan: tuple[str, ...] = field(default_factory=tuple)

    @property
    def dapat_dihitung(self) -> bool:
        """True when at least two years with data exist in the window."""
        return self.jumlah_tahun > 0

    def sebagai_dict(self) -> dict[str, object]:
        """Flat dict for a summary table (tuples joined as text)."""
        d = asdict(self)
        d["tahun_tersedia"] = ", ".join(str(t) for t in self.tahun_tersedia)
        d["tahun_kosong"] = ", ".join(str(t) for t in self.tahun_kosong)
        d["keterangan"] = "; ".join(self.keterangan)
        return d


def ringkasan_perkembangan(
    x: pd.Series, tahun_awal: int | None = None, tahun_akhir: int | None = None
) -> RingkasanPerkembangan:
    """Average annual change and compound rate over a window, on the endpoints available.

    Args:
        x: values indexed by integer year.
        tahun_awal, tahun_akhir: requested window (inclusive). ``None`` = first / last year
            with data. If an endpoint has no data, the nearest year *inside* the window that has
            data is used and the substitution is reported; nothing is interpolated.

    Returns:
        :class:`RingkasanPerkembangan`. With fewer than two years of data the change fields are
        NaN and ``keterangan`` says why. The compound rate is NaN (with a reason) when X_t0 ≤ 0
        or X_t1 < 0; with X_t1 = 0 it is −100 %.

    Raises:
        GalatAnalisis: when ``tahun_awal > tahun_akhir``.
    """
    s = deret_tahunan(x, "deret")
    ada = s.dropna()
    a = tahun_awal if tahun_awal is not None else (int(ada.index.min()) if len(ada) else None)
    b = tahun_akhir if tahun_akhir is not None else (int(ada.index.max()) if len(ada) else None)
    if a is not None and b is not None and a > b:
        raise GalatAnalisis(f"tahun_awal ({a}) harus sebelum atau sama dengan tahun_akhir ({b}).")

    nan = float("nan")
    if a is None or b is None:
        return RingkasanPerkembangan(
            tahun_awal,
            tahun_akhir,
            None,
            None,
            nan,
            nan,
            0,
            (),
            (),
            nan,
            nan,
            nan,
            nan,
            ("tidak ada data sama sekali",),
        )

    jendela = ada.loc[a:b]
    tersedia = tuple(int(t) for t in jendela.index)
    kosong = tuple(t for t in range(a, b + 1) if t not in set(tersedia))
    catatan: list[str] = []

    if len(jendela) == 0:
        catatan.append(f"tidak ada data pada {a}–{b}")
        return RingkasanPerkembangan(
            a, b, None, None, nan, nan, 0, (), kosong, nan, nan, nan, nan, tuple(catatan)
        )

    t0, t1 = tersedia[0], tersedia[-1]
    x0, x1 = float(jendela.iloc[0]), float(jendela.iloc[-1])
    if len(jendela) == 1:
        catatan.append(f"hanya satu tahun berdata ({t0}): perubahan tidak dapat dihitung")
        return RingkasanPerkembangan(
            a, b, t0, t1, x0, x1, 0, tersedia, kosong, nan, nan, nan, nan, tuple(catatan)
        )

    if t0 != a:
        catatan.append(f"tahun {a} tidak ada data; titik awal memakai {t0}")
    if t1 != b:
        catatan.append(f"tahun {b} tidak ada data; titik akhir memakai {t1}")
    celah = [t for t in kosong if t0 < t < t1]
    if celah:
        catatan.append(
            "tahun tanpa data di dalam jendela ("
            + ", ".join(str(t) for t in celah)
            + "): rata-rata dihitung dari kedua titik ujung saja"
        )

    n = t1 - t0
    total = x1 - x0
    if x0 == 0:
        relatif = nan
        catatan.append(
            f"nilai awal ({t0}) = 0: perubahan relatif dan laju majemuk tidak terdefinisi"
        )
    else:
        relatif = total / x0 * 100.0
    if x0 > 0 and x1 >= 0:
        majemuk = ((x1 / x0) ** (1.0 / n) - 1.0) * 100.0
    else:
        majemuk = nan
        if x0 != 0:
            catatan.append(f"nilai negatif ({fmt(x0)} → {fmt(x1)}): laju majemuk tidak terdefinisi")
    return RingkasanPerkembangan(
        a,
        b,
        t0,
        t1,
        x0,
        x1,
        n,
        tersedia,
        kosong,
        total,
        relatif,
        total / n,
        majemuk,
        tuple(catatan),
    )


def ringkasan_perkembangan_banyak(
    deret: Mapping[str, pd.Series], tahun_awal: int | None = None, tahun_akhir: int | None = None
) -> pd.DataFrame:
    """:func:`ringkasan_perkembangan` for several series (e.g. kab, prov, nas), one row each."""
    baris = {
        nama: ringkasan_perkembangan(s, tahun_awal, tahun_akhir).sebagai_dict()
        for nama, s in deret.items()
    }
    return pd.DataFrame.from_dict(baris, orient="index")
