"""Determinant screening and intervention-priority score (``docs/domain-methods.md`` §1.5).

This is a **local method proposed for the workbook, not a national standard**. For each sector
indicator i of a region k against the reference R (province by default), with direction d_i:

* gap, positive = bad:       gap_i = d_i · (X_R,i − X_k,i) / |X_R,i|
* magnitude (optional):      m_i  = number of people/households affected
* trend, positive = worsening: t_i = −d_i · Δ_k,i
* score:                     S_i = w_g·z(gap_i) + w_m·z(m_i) + w_t·z(t_i)

z standardises across the indicators of the table: z(v) = (v − mean) / sd with the population
standard deviation (ddof = 0), over the indicators that have that component.

**Unit-free trend** (what the evaluation uses, :func:`tren_baku`): raw changes of indicators in
different units (Rp, index points, Gini) cannot be standardised against each other, so each
indicator's change is first scaled by the spread of that indicator's changes across the
province's kab/kota: t_i = −d_i · Δ_k,i / sd_j(Δ_j,i). It is passed as ``tren`` and used as
is (not re-centred across indicators): an improving indicator always has t_i < 0, whatever the
others do, and a change as large as the typical spread between regions counts ±1. Decisions:

* The denominator is |X_R| (the spec writes X_R): identical for positive values, and it keeps
  "positive = bad" for indicators whose reference can be negative (economic growth).
* X_R = 0 → gap undefined → the indicator gets no score (reason in ``keterangan``).
* A component that is absent for the whole table (``besaran=None`` or all NaN, same for
  ``perubahan``) is dropped and the remaining weights are renormalised to sum to 1; the weights
  used are returned and the renormalisation is stated in ``catatan``.
* A component missing for single indicators only counts as neutral (z = 0) for those
  indicators, noted per row. A missing gap means no score.
* A component whose values are all equal (sd = 0) gives z = 0 for everyone (noted).
* RSE above ``batas_rse`` (default 25 %, strict ">") flags the indicator (``rse_tinggi``);
  the indicator is still scored.
* Rank 1 = highest score = first priority; ties share the minimum rank.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analisis.galat import GalatAnalisis
from analisis.metode._umum import cek_angka, cek_arah, fmt, gabung_keterangan
from analisis.metode.parameter import BAWAAN_BATAS_RSE, BobotPrioritas, ParameterMetode

KOMPONEN = ("kesenjangan", "besaran", "tren")


@dataclass(frozen=True)
class HasilPrioritas:
    """Result of :func:`skor_prioritas`.

    Attributes:
        tabel: indexed by ``indikator``, sorted by ``peringkat`` (unscored last), columns
            ``nilai_kab, nilai_ref, arah, kesenjangan, besaran, perubahan, tren_memburuk,
            z_kesenjangan, z_besaran, z_tren, skor, peringkat, rse, rse_tinggi, keterangan``.
        bobot_dipakai: the weights actually applied (after renormalisation).
        catatan: Indonesian notes on the whole table.
    """

    tabel: pd.DataFrame
    bobot_dipakai: dict[str, float]
    catatan: tuple[str, ...] = field(default_factory=tuple)


def kesenjangan(
    nilai_kab: pd.Series, nilai_ref: pd.Series, arah: pd.Series | Mapping[str, int]
) -> pd.Series:
    """gap_i = d_i·(X_R,i − X_k,i)/|X_R,i| per indicator (positive = worse than the reference).

    NaN where a value is missing or X_R,i = 0.
    """
    k, r, d = _selaras(nilai_kab, nilai_ref, arah)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = d * (r - k) / r.abs()
    return g.where(r != 0)


def skor_z(v: pd.Series) -> pd.Series:
    """Population z-score across the non-missing entries (NaN stays NaN; sd = 0 → 0)."""
    x = pd.to_numeric(v, errors="coerce").astype(float)
    ada = x.dropna()
    if ada.empty:
        return x
    sd = float(ada.std(ddof=0))
    if sd == 0 or np.isclose(sd, 0.0, atol=1e-12):
        return x.where(x.isna(), 0.0)
    return (x - float(ada.mean())) / sd


def tren_baku(
    perubahan_kab: float, perubahan_semua: pd.Series, arah: int, minimum: int = 3
) -> float:
    """Unit-free, direction-aware trend of one indicator: −d · Δ_k / sd_j(Δ_j).

    ``perubahan_semua`` are the changes of the same indicator over the same years for the
    province's kab/kota (the region included). NaN when Δ_k is missing, fewer than
    ``minimum`` regions have a change, or they all changed equally (sd = 0).
    """
    d = cek_arah(arah)
    semua = pd.to_numeric(perubahan_semua, errors="coerce").dropna().astype(float)
    if perubahan_kab is None or np.isnan(perubahan_kab) or len(semua) < minimum:
        return float("nan")
    sd = float(semua.std(ddof=0))
    if np.isclose(sd, 0.0, atol=1e-12):
        return float("nan")
    return float(-d * perubahan_kab / sd)


def skor_prioritas(
    nilai_kab: pd.Series,
    nilai_ref: pd.Series,
    arah: pd.Series | Mapping[str, int],
    perubahan_kab: pd.Series | None = None,
    besaran: pd.Series | None = None,
    rse_kab: pd.Series | None = None,
    *,
    tren: pd.Series | None = None,
    bobot: BobotPrioritas | Mapping[str, float] | tuple[float, float, float] | None = None,
    batas_rse: float = BAWAAN_BATAS_RSE,
) -> HasilPrioritas:
    """Priority score of sector indicators for one region (§1.5).

    Args:
        nilai_kab: the region's value per indicator (index = indicator code).
        nilai_ref: reference value per indicator.
        arah: direction per indicator (−1/+1), Series or mapping.
        perubahan_kab: the region's latest change Δ_k,i per indicator (optional; raw units).
        tren: unit-free trend per indicator from :func:`tren_baku` (positive = worsening),
            used as is instead of z(−d·Δ) across indicators; ``perubahan_kab`` is then shown
            only.
        besaran: people/households affected per indicator (optional).
        rse_kab: RSE (%) of the region's estimate per indicator (optional).
        bobot: weights (kesenjangan, besaran, tren); default 0.5 / 0.3 / 0.2.
        batas_rse: RSE (%) above which an indicator is flagged (default 25).
    """
    w = _bobot(bobot)
    batas = cek_angka(batas_rse, "batas_rse", positif=True)
    k, r, d = _selaras(nilai_kab, nilai_ref, arah)
    idx = k.index
    gap = kesenjangan(k, r, d)

    def opsional(s: pd.Series | None, nama: str) -> pd.Series:
        if s is None:
            return pd.Series(np.nan, index=idx, dtype=float)
        return _seri_indikator(s, nama).reindex(idx)

    perubahan = opsional(perubahan_kab, "perubahan_kab")
    m = opsional(besaran, "besaran")
    rse = opsional(rse_kab, "rse_kab")
    if (m < 0).any():
        raise GalatAnalisis("besaran tidak boleh negatif.")
    tren_raw = -d * perubahan
    tren_unit_bebas = tren is not None
    tren_siap = opsional(tren, "tren") if tren_unit_bebas else tren_raw

    catatan: list[str] = []
    komponen = {"kesenjangan": gap, "besaran": m, "tren": tren_siap}
    dipakai = {n: w[n] for n in KOMPONEN if komponen[n].notna().any()}
    for n in KOMPONEN:
        if n not in dipakai and w[n] > 0:
            catatan.append(f"komponen {n} tidak tersedia: bobotnya dibagi ulang ke komponen lain")
    total = sum(dipakai.values())
    if total <= 0:
        raise GalatAnalisis("Tidak ada komponen skor dengan bobot > 0 yang memiliki data.")
    bobot_dipakai = {n: (dipakai.get(n, 0.0) / total) for n in KOMPONEN}
    if any(n not in dipakai for n in KOMPONEN if w[n] > 0):
        catatan.append(
            "bobot dipakai: "
            + "; ".join(f"{n} {fmt(float(f'{bobot_dipakai[n]:.3g}'))}" for n in KOMPONEN)
        )

    z = {n: skor_z(komponen[n].where(gap.notna())) for n in KOMPONEN}
    if tren_unit_bebas:
        z["tren"] = tren_siap.where(gap.notna())
    for n in KOMPONEN:
        if n == "tren" and tren_unit_bebas:
            continue
        nilai = komponen[n].where(gap.notna()).dropna()
        datar = len(nilai) > 1 and np.isclose(float(nilai.std(ddof=0)), 0.0, atol=1e-12)
        if n in dipakai and datar:
            catatan.append(f"semua nilai {n} sama: komponen ini tidak membedakan (z = 0)")
    n_skor = int(gap.notna().sum())
    if n_skor < 2:
        catatan.append(
            "kurang dari dua indikator bernilai: standardisasi z tidak bermakna, "
            "skor tidak dihitung"
        )

    skor = pd.Series(0.0, index=idx)
    for n in KOMPONEN:
        if bobot_dipakai[n] > 0:
            skor = skor + bobot_dipakai[n] * z[n].fillna(0.0)
    skor = skor.where(gap.notna() & (n_skor >= 2))
    peringkat = skor.rank(method="min", ascending=False).astype("Int64")
    rse_tinggi = rse > batas

    ket: list[list[str]] = []
    for i in idx:
        pesan: list[str] = []
        if np.isnan(k[i]) or np.isnan(r[i]):
            pesan.append("nilai kabupaten/kota atau pembanding tidak ada: tidak diberi skor")
        elif r[i] == 0:
            pesan.append("nilai pembanding = 0: kesenjangan tidak terdefinisi, tidak diberi skor")
        else:
            for n, s in (("besaran", m), ("tren", tren_siap)):
                if n in dipakai and np.isnan(s[i]):
                    pesan.append(f"{n} tidak ada: dianggap netral (z = 0)")
        if rse_tinggi[i]:
            pesan.append(f"RSE {fmt(rse[i])}% > {fmt(batas)}%: estimasi kurang andal")
        ket.append(pesan)

    tabel = pd.DataFrame(
        {
            "nilai_kab": k,
            "nilai_ref": r,
            "arah": d.astype("int64"),
            "kesenjangan": gap,
            "besaran": m,
            "perubahan": perubahan,
            "tren_memburuk": tren_siap,
            "z_kesenjangan": z["kesenjangan"],
            "z_besaran": z["besaran"] if "besaran" in dipakai else np.nan,
            "z_tren": z["tren"] if "tren" in dipakai else np.nan,
            "skor": skor,
            "peringkat": peringkat,
            "rse": rse,
            "rse_tinggi": rse_tinggi.astype(bool),
            "keterangan": gabung_keterangan(ket),
        },
        index=idx,
    )
    tabel["_urut"] = tabel["peringkat"].astype(float).fillna(np.inf)
    tabel["_kode"] = tabel.index
    tabel = tabel.sort_values(["_urut", "_kode"], kind="stable").drop(columns=["_urut", "_kode"])
    tabel.index.name = "indikator"
    catatan.append("metode lokal usulan buku kerja (bukan standar nasional)")
    return HasilPrioritas(tabel, bobot_dipakai, tuple(catatan))


def _bobot(
    bobot: BobotPrioritas | Mapping[str, float] | tuple[float, float, float] | None,
) -> dict[str, float]:
    if bobot is None:
        return BobotPrioritas().sebagai_dict()
    if isinstance(bobot, BobotPrioritas):
        return bobot.sebagai_dict()
    if isinstance(bobot, Mapping):
        data = dict(bobot)
    elif isinstance(bobot, (tuple, list)) and len(bobot) == 3:
        data = dict(zip(KOMPONEN, bobot, strict=True))
    else:
        raise GalatAnalisis(
            "bobot harus BobotPrioritas, pemetaan, atau tiga angka (kesenjangan, besaran, tren)."
        )
    return ParameterMetode.dari_dict({"bobot_prioritas": data}).bobot_prioritas.sebagai_dict()


def _seri_indikator(s: object, nama: str) -> pd.Series:
    if isinstance(s, Mapping):
        s = pd.Series(dict(s))
    if not isinstance(s, pd.Series):
        raise GalatAnalisis(f"{nama} harus berupa pandas Series berindeks kode indikator.")
    idx = pd.Index([str(i) for i in s.index], dtype="str", name="indikator")
    if idx.has_duplicates:
        raise GalatAnalisis(f"{nama}: kode indikator muncul lebih dari sekali.")
    try:
        v = pd.to_numeric(s, errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        raise GalatAnalisis(f"{nama}: semua nilai harus berupa angka.") from None
    return pd.Series(v, index=idx, dtype=float)


def _selaras(
    nilai_kab: pd.Series, nilai_ref: pd.Series, arah: pd.Series | Mapping[str, int]
) -> tuple[pd.Series, pd.Series, pd.Series]:
    k = _seri_indikator(nilai_kab, "nilai_kab")
    r = _seri_indikator(nilai_ref, "nilai_ref").reindex(k.index)
    d = _seri_indikator(arah, "arah")
    tanpa = [i for i in k.index if i not in d.index or np.isnan(d[i])]
    if tanpa:
        raise GalatAnalisis("Arah indikator tidak diketahui untuk: " + ", ".join(tanpa) + ".")
    d = d.reindex(k.index)
    for i, v in d.items():
        cek_arah(v, f"arah indikator {i}")
    return k, r, d
