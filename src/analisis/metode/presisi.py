"""Default precision model of kab/kota poverty estimates (``docs/domain-methods.md`` §1.3, §4.3).

Kab/kota P0, P1, P2 and the number of poor come from the Susenas Maret sample, so small
differences can be sampling noise. BPS's own standard errors are not in the bundled data, so
the workbook uses **one approximate model**, shared by the evaluation (significance guard,
95 % intervals, RSE flag) and the ranking (sampling noise of the Monte Carlo, carried as
``<kode>__se`` in each region's ``kinerja``). Imported BPS RSE values (indicators ``rse_p0``,
``rse_p1``, ``rse_p2``) override the model year by year.

The model (percentage points for P0; BPS index units, ×100, for P1 and P2)::

    SE(P0)     = √(P0 · (100 − P0) / n_ef)
    SE(P1)     = √((100 · P2 − P1²) / n_ef)           FGT variance (Kakwani 1993):
    SE(P2)     = √((100 · P4 − P2²) / n_ef)           Var(P_a) = (P_2a − P_a²) / n
                 with P4 ≈ P2³ / P1² (the ratio P_{a+1}/P_a taken as constant)
    SE(jumlah) = jumlah · SE(P0) / P0                  (population projection taken as exact)

Derivation of ``n_ef`` (approximate, stated in every report):

* Susenas Maret samples about 345.000 households in 514 kab/kota (BPS, Maret 2025), about
  670 households per kab/kota on average (a small kabupaten has fewer: Murung Raya 2015 had
  44 census blocks × 10 households = 440).
* 670 households × about 3,8 persons ≈ 2.550 persons; a design effect of about 1,35
  (10 households per census block, partly offset by stratification) gives n_ef ≈ 1.900.
* This puts the RSE of P0 at about 10 % for P0 = 5 % (14 % at 2,5 %, 7 % at 10 %), the
  "±8–10 %" the ranking framework assumed before this model. Members of one household share
  its poverty status, so the true design effect may be larger; the model is a rule of thumb,
  not a BPS figure.

Empirical check on the bundled series: year-to-year changes of kab/kota P0, net of the
province's change, have a standard deviation of about 0,25 percentage points, less than the
model's √2 · SE(P0) ≈ 0,6–0,7 at typical levels. Susenas errors are thus positively correlated
between years; the guard SE(Δ) = √(SE_t² + SE_t−1²) ignores that covariance (as §1.3
prescribes), so it is conservative: a change labelled significant is clearly outside noise,
while some "tidak signifikan" changes may be real.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analisis.teks import angka_id

N_EFEKTIF_BAWAAN = 1900.0
"""Effective sample size per kab/kota of the default model (see the module docstring)."""

INDIKATOR_MODEL = ("p0", "p1", "p2", "jumlah_penduduk_miskin", "p0_ekstrem")
"""Indicators the model covers (Susenas Maret kab/kota estimates)."""

RSE_IMPOR = {"p0": "rse_p0", "p1": "rse_p1", "p2": "rse_p2"}
"""Catalogue codes of imported BPS RSE (%) that override the model, by indicator."""

SUMBER_MODEL = "model"
SUMBER_IMPOR = "impor"


@dataclass(frozen=True)
class ModelPresisi:
    """The approximate precision model of kab/kota Susenas estimates (one ``n_ef``)."""

    n_efektif: float = N_EFEKTIF_BAWAAN

    def se_p0(self, p0: object) -> np.ndarray:
        """SE of P0 (percentage points); NaN where P0 is missing or outside 0–100."""
        p = np.asarray(p0, dtype=float)
        with np.errstate(invalid="ignore"):
            v = p * (100.0 - p) / self.n_efektif
            return np.where((p >= 0) & (p <= 100), np.sqrt(np.maximum(v, 0.0)), np.nan)

    def se_p1(self, p1: object, p2: object) -> np.ndarray:
        """SE of P1 (index ×100) from P1 and P2: √((100·P2 − P1²)/n_ef)."""
        a, b = np.asarray(p1, dtype=float), np.asarray(p2, dtype=float)
        with np.errstate(invalid="ignore"):
            return np.sqrt(np.maximum(100.0 * b - a**2, 0.0) / self.n_efektif)

    def se_p2(self, p1: object, p2: object) -> np.ndarray:
        """SE of P2 (index ×100) with P4 ≈ P2³/P1²: √((100·P4 − P2²)/n_ef)."""
        a, b = np.asarray(p1, dtype=float), np.asarray(p2, dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            p4 = np.where(a > 0, b**3 / a**2, np.nan)
            return np.sqrt(np.maximum(100.0 * p4 - b**2, 0.0) / self.n_efektif)

    def se_jumlah(self, jumlah: object, p0: object) -> np.ndarray:
        """SE of the number of poor: jumlah · RSE(P0)."""
        n, p = np.asarray(jumlah, dtype=float), np.asarray(p0, dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(p > 0, n * self.se_p0(p) / p, np.nan)

    def se(self, indikator: str, seri: Mapping[str, pd.Series]) -> pd.Series | None:
        """Model SE per year of ``indikator`` from a region's series (``p0``, ``p1``, ``p2``,
        ``jumlah_penduduk_miskin``, ``p0_ekstrem`` as needed); None for other indicators."""
        if indikator not in INDIKATOR_MODEL or indikator not in seri:
            return None
        x = seri[indikator].astype(float)

        def lain(kode: str) -> np.ndarray:
            s = seri.get(kode)
            return np.full(len(x), np.nan) if s is None else s.reindex(x.index).to_numpy(float)

        if indikator in ("p0", "p0_ekstrem"):
            nilai = self.se_p0(x.to_numpy())
        elif indikator == "p1":
            nilai = self.se_p1(x.to_numpy(), lain("p2"))
        elif indikator == "p2":
            nilai = self.se_p2(lain("p1"), x.to_numpy())
        else:
            nilai = self.se_jumlah(x.to_numpy(), lain("p0"))
        return pd.Series(nilai, index=x.index, dtype=float)

    def rse_contoh(self, p0: float) -> float:
        """RSE (%) of P0 at a given level (for the report's explanation)."""
        return float(self.se_p0(p0)) / p0 * 100.0

    def keterangan(self) -> str:
        """One Indonesian paragraph: the model, its derivation and that it is approximate."""
        n = angka_id(round(self.n_efektif))
        contoh = "; ".join(
            f"P0 {angka_id(p)} % → RSE ±{angka_id(round(self.rse_contoh(p)))} %"
            for p in (2.5, 5, 10)
        )
        return (
            "Galat baku angka kabupaten/kota memakai model presisi bawaan (perkiraan, bukan angka "
            f"BPS): SE(P0) = √(P0 × (100 − P0) / {n}) poin persen, dengan ukuran sampel efektif "
            f"{n} (±670 rumah tangga Susenas Maret per kabupaten/kota × ±3,8 anggota, dibagi efek "
            f"desain ±1,35); {contoh}. P1 dan P2 memakai rumus ragam FGT (Kakwani), jumlah penduduk "
            "miskin memakai RSE P0. Perubahan dianggap tidak signifikan bila |Δ| < z × √(SE_t² + "
            "SE_t−1²); kovarians antartahun diabaikan sehingga uji ini berhati-hati. RSE BPS yang "
            "diimpor (indikator `rse_p0`, `rse_p1`, `rse_p2`) menggantikan model ini."
        )


MODEL_BAWAAN = ModelPresisi()


def galat_baku(
    indikator: str,
    seri: Mapping[str, pd.Series],
    *,
    model: ModelPresisi = MODEL_BAWAAN,
    rse_impor: pd.Series | None = None,
    rse_tetap: float | None = None,
) -> tuple[pd.Series, pd.Series] | None:
    """SE per year of one indicator and where each comes from (``"impor"`` / ``"model"``).

    Precedence per year: imported RSE (%) × value, else a fixed RSE (``rse_tetap``, a user's
    choice in the parameters) × value, else the model. None when nothing applies (an indicator
    the model does not cover and no RSE given).
    """
    if indikator not in seri:
        return None
    x = seri[indikator].astype(float)
    if rse_tetap is not None:
        dasar = (x.abs() * float(rse_tetap) / 100.0).astype(float)
        sumber_dasar = "rse_tetap"
    else:
        dari_model = model.se(indikator, seri)
        if dari_model is None and rse_impor is None:
            return None
        dasar = dari_model if dari_model is not None else pd.Series(np.nan, index=x.index)
        sumber_dasar = SUMBER_MODEL
    sumber = pd.Series(np.where(dasar.notna(), sumber_dasar, ""), index=x.index, dtype=object)
    if rse_impor is not None:
        impor = (rse_impor.reindex(x.index).astype(float) / 100.0 * x.abs()).astype(float)
        ada = impor.notna()
        dasar = dasar.where(~ada, impor)
        sumber = sumber.where(~ada, SUMBER_IMPOR)
    return dasar.astype(float), sumber


def se_selisih(se_a: float | None, se_b: float | None) -> float | None:
    """SE of a difference of two independent estimates: √(SE_a² + SE_b²)."""
    if _kosong(se_a) or _kosong(se_b):
        return None
    return math.hypot(float(se_a), float(se_b))  # type: ignore[arg-type]


def se_perubahan_relatif(
    awal: float, akhir: float, se_awal: float | None, se_akhir: float | None
) -> float | None:
    """SE (%) of (awal − akhir)/awal × 100 by the delta method (independent endpoints)."""
    if _kosong(se_awal) or _kosong(se_akhir) or _kosong(awal) or _kosong(akhir) or awal <= 0:
        return None
    turunan_awal = 100.0 * akhir / awal**2
    turunan_akhir = 100.0 / awal
    return math.hypot(turunan_awal * float(se_awal), turunan_akhir * float(se_akhir))  # type: ignore[arg-type]


def interval(nilai: object, se: object, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bound nilai ± z·SE (a rate's lower bound is not cut at 0)."""
    x, s = np.asarray(nilai, dtype=float), np.asarray(se, dtype=float)
    return x - z * s, x + z * s


def _kosong(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))
