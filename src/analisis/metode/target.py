"""Progress towards a target (RPJMD / RPKD / RAT, or the extreme-poverty target).

Given a series X, its direction d, a target value X* and a target year T:

* ``kesenjangan`` = d·(X* − X_last): positive = distance still to go, ≤ 0 = already reached
  (reaching the target exactly counts as reached).
* ``perubahan_dibutuhkan_per_tahun`` = (X* − X_last) / (T − t_last), signed, in the unit of X
  (0 when already reached; NaN when T ≤ t_last).
* ``laju_historis`` = average annual change over the window [t_last − n, t_last] (§1.2, on the
  endpoints available; n = ``rentang_laju``).
* ``laju_cukup``: d·laju_historis ≥ d·perubahan_dibutuhkan.
* Projection, **linear** at the historical pace: the first whole year in which
  X_last + laju·k reaches X*, i.e. t_last + ceil(kesenjangan / (d·laju)). The range uses the
  fastest and slowest year-over-year improvement observed in the window (true consecutive
  years only; gaps are not bridged). The linear form is used because a target of 0 (extreme
  poverty "0 % by 2026") can never be reached by a compound rate.

Status values (``status``):

* ``"tercapai"``: X_last is at or beyond the target.
* ``"sesuai jalur"``: improving fast enough to reach the target by T.
* ``"terlalu lambat"``: improving, but the projection lands after T (also when T has passed).
* ``"stagnan"``: the historical pace is zero (never reached at this pace).
* ``"menjauh"``: the historical pace moves away from the target (never reached at this pace).
* ``"riwayat terlalu pendek"``: fewer than ``riwayat_minimum`` years with data in the window;
  the pace is still reported when computable, but no judgement or projection is made.
* ``"tidak ada data"``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from analisis.galat import GalatAnalisis
from analisis.metode._umum import cek_angka, cek_arah, deret_tahunan, fmt, sama
from analisis.metode.parameter import BAWAAN_RENTANG_LAJU, BAWAAN_RIWAYAT_MINIMUM
from analisis.metode.perkembangan import perubahan_tahunan, ringkasan_perkembangan

TERCAPAI = "tercapai"
SESUAI_JALUR = "sesuai jalur"
TERLALU_LAMBAT = "terlalu lambat"
STAGNAN = "stagnan"
MENJAUH = "menjauh"
RIWAYAT_PENDEK = "riwayat terlalu pendek"
TIDAK_ADA_DATA = "tidak ada data"


@dataclass(frozen=True)
class EvaluasiTarget:
    """Result of :func:`evaluasi_target` (see the module docstring for each quantity).

    Projected years are ``None`` when the target is never reached at that pace (or no
    projection is made); ``tahun_tercapai_*`` equal ``tahun_terakhir`` when already reached.
    """

    nilai_target: float
    tahun_target: int
    tahun_terakhir: int | None
    nilai_terakhir: float
    kesenjangan: float
    sudah_tercapai: bool
    sisa_tahun: int | None
    perubahan_dibutuhkan_per_tahun: float
    tahun_awal_laju: int | None
    tahun_akhir_laju: int | None
    jumlah_tahun_riwayat: int
    laju_historis: float
    laju_cukup: bool | None
    perubahan_tahunan_tercepat: float
    perubahan_tahunan_terlambat: float
    tahun_tercapai: int | None
    tahun_tercapai_paling_cepat: int | None
    tahun_tercapai_paling_lambat: int | None
    status: str
    keterangan: tuple[str, ...] = field(default_factory=tuple)

    def sebagai_dict(self) -> dict[str, object]:
        """Flat dict for a summary table (notes joined as text)."""
        d = asdict(self)
        d["keterangan"] = "; ".join(self.keterangan)
        return d


def tahun_proyeksi(tahun_dasar: int, kesenjangan: float, perbaikan_per_tahun: float) -> int | None:
    """First whole year a linear path closes ``kesenjangan`` (>0) at ``perbaikan_per_tahun``.

    ``perbaikan_per_tahun`` is the improvement per year in the direction of the target
    (d·Δ). Returns ``None`` when it is ≤ 0 (never reached) and ``tahun_dasar`` when the gap is
    already closed.
    """
    if np.isnan(kesenjangan) or np.isnan(perbaikan_per_tahun):
        return None
    if kesenjangan <= 0 or sama(kesenjangan, 0.0):
        return int(tahun_dasar)
    if perbaikan_per_tahun <= 0 or sama(perbaikan_per_tahun, 0.0):
        return None
    k = kesenjangan / perbaikan_per_tahun
    return int(tahun_dasar + math.ceil(k - 1e-9 * max(1.0, k)))


def evaluasi_target(
    x: pd.Series,
    arah: int,
    nilai_target: float,
    tahun_target: int,
    *,
    rentang_laju: int = BAWAAN_RENTANG_LAJU,
    riwayat_minimum: int = BAWAAN_RIWAYAT_MINIMUM,
) -> EvaluasiTarget:
    """Gap to a target, the yearly change it needs, the historical pace and a projection.

    Args:
        x: the indicator series, indexed by year.
        arah: −1 if lower is better, +1 if higher is better.
        nilai_target: target value X* (e.g. 0 for extreme poverty).
        tahun_target: year by which X* should be reached.
        rentang_laju: window length in years for the historical pace (default 4:
            t_last − 4 … t_last, i.e. five annual observations when complete).
        riwayat_minimum: minimum number of years with data inside the window to judge the
            pace and project (default 3).
    """
    d = cek_arah(arah)
    target = cek_angka(nilai_target, "nilai_target")
    for nama, v, minimum in (
        ("tahun_target", tahun_target, None),
        ("rentang_laju", rentang_laju, 1),
        ("riwayat_minimum", riwayat_minimum, 2),
    ):
        bulat = isinstance(v, (int, np.integer)) and not isinstance(v, bool)
        if not bulat or (minimum is not None and v < minimum):
            batas = f" ≥ {minimum}" if minimum is not None else ""
            raise GalatAnalisis(f"{nama} harus bilangan bulat{batas}, bukan {v!r}.")
    T = int(tahun_target)

    s = deret_tahunan(x, "deret")
    ada = s.dropna()
    nan = float("nan")
    if ada.empty:
        return EvaluasiTarget(
            target,
            T,
            None,
            nan,
            nan,
            False,
            None,
            nan,
            None,
            None,
            0,
            nan,
            None,
            nan,
            nan,
            None,
            None,
            None,
            TIDAK_ADA_DATA,
            ("tidak ada data sama sekali",),
        )

    t_last = int(ada.index.max())
    x_last = float(ada.iloc[-1])
    sisa = T - t_last
    gap = d * (target - x_last)
    tercapai = bool(gap <= 0 or sama(gap, 0.0))
    catatan: list[str] = [f"data terakhir {t_last}: {fmt(x_last)}; target {fmt(target)} pada {T}"]

    if tercapai:
        dibutuhkan = 0.0
    elif sisa > 0:
        dibutuhkan = (target - x_last) / sisa
    else:
        dibutuhkan = nan
        catatan.append(f"tahun target {T} tidak lebih dari tahun data terakhir {t_last}")

    # Historical pace on the window's available endpoints (no gap bridging).
    ring = ringkasan_perkembangan(s, t_last - rentang_laju, t_last)
    catatan.extend(ring.keterangan)
    n_obs = len(ring.tahun_tersedia)
    laju = ring.rata_rata_perubahan
    yoy = perubahan_tahunan(s).loc[t_last - rentang_laju + 1 : t_last, "delta"].dropna()
    perbaikan = d * yoy.to_numpy(float)
    tercepat = float(yoy.iloc[int(np.argmax(perbaikan))]) if len(yoy) else nan
    terlambat = float(yoy.iloc[int(np.argmin(perbaikan))]) if len(yoy) else nan

    def hasil(
        status: str,
        cukup: bool | None,
        t_mid: int | None,
        t_cepat: int | None,
        t_lambat: int | None,
    ) -> EvaluasiTarget:
        return EvaluasiTarget(
            target,
            T,
            t_last,
            x_last,
            gap,
            tercapai,
            sisa,
            dibutuhkan,
            ring.tahun_awal,
            ring.tahun_akhir,
            n_obs,
            laju,
            cukup,
            tercepat,
            terlambat,
            t_mid,
            t_cepat,
            t_lambat,
            status,
            tuple(catatan),
        )

    if tercapai:
        catatan.append("target sudah tercapai pada data terakhir")
        return hasil(TERCAPAI, True, t_last, t_last, t_last)

    if n_obs < riwayat_minimum:
        catatan.append(
            f"hanya {n_obs} tahun berdata dalam jendela laju (minimum {riwayat_minimum}): "
            "tidak ada proyeksi"
        )
        return hasil(RIWAYAT_PENDEK, None, None, None, None)

    perbaikan_rata = d * laju
    t_mid = tahun_proyeksi(t_last, gap, perbaikan_rata)
    t_cepat = tahun_proyeksi(t_last, gap, d * tercepat) if len(yoy) else None
    t_lambat = tahun_proyeksi(t_last, gap, d * terlambat) if len(yoy) else None
    if not len(yoy):
        catatan.append(
            "tidak ada pasangan tahun berurutan dalam jendela: rentang proyeksi tidak dihitung"
        )
    elif t_lambat is None:
        catatan.append(
            f"pada laju tahunan terlambat ({fmt(terlambat)}/tahun) target tidak pernah tercapai"
        )
    perlu = d * dibutuhkan
    cukup = bool(sisa > 0 and (perbaikan_rata > perlu or sama(perbaikan_rata, perlu)))

    if sama(laju, 0.0):
        catatan.append("laju historis nol: target tidak tercapai pada laju ini")
        return hasil(STAGNAN, False, None, t_cepat, t_lambat)
    if perbaikan_rata < 0:
        catatan.append("laju historis menjauhi target: tidak tercapai pada laju ini")
        return hasil(MENJAUH, False, None, t_cepat, t_lambat)
    status = SESUAI_JALUR if (t_mid is not None and t_mid <= T) else TERLALU_LAMBAT
    return hasil(status, cukup, t_mid, t_cepat, t_lambat)
