"""Statistical coherence of the TKPK index: does it measure what its weights say it measures?

Step 6 of the JRC/OECD guide to composite indicators (COINr: ``get_corr``, ``get_cronbach``,
effective weights), computed on the published index (:func:`~analisis.peringkat.indeks.
hitung_indeks`) over the ranked regions:

* **Correlations** between the indicator scores (0–100, what the index adds up), between each
  indicator and its dimension score and the index, and between dimensions (Pearson by default,
  pairwise complete observations).
* **Cronbach's alpha** per dimension on its indicator scores (regions with all of them):
  α = k/(k − 1) · (1 − Σ var_i / var(Σ_i s_i)), sample variances. α ≥ 0,70 is the usual rule of
  thumb for indicators that point the same way.
* **Variance shares ("effective weights").** The index is a sum of contributions,
  y = Σ_i c_i with c_i = ω_i · s_i (ω rescaled for missing values), so
  Var(y) = Σ_i Cov(c_i, y) and the share of indicator i is Cov(c_i, y) / Var(y); shares add up
  to 1 and can be negative for an indicator that moves against the index. A share far from the
  indicator's applied weight (below ``rasio_sumbangan[0]`` or above ``rasio_sumbangan[1]``
  times the weight) means the weight does not describe the indicator's real influence on the
  ranking — e.g. "indikator X berbobot 25 persen tetapi menyumbang 4 persen keragaman indeks".
  The applied weight is the mean over regions of ω_i (the configured W_d · w_i when no value is
  missing). A share at or below −0,5 percent is reported as negative, and so is a correlation
  of an indicator with its own dimension at or below −0,1.

Every finding that needs attention becomes one plain-Indonesian sentence in ``peringatan``.
With few regions (a province has 5 to 40) these statistics are themselves uncertain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analisis.laporan.format import angka, persen
from analisis.peringkat.indeks import HasilPeringkat

VERSI = 1
"""Version of the JSON shape returned by :meth:`HasilKoherensi.ke_json`."""

AMBANG_ALFA = 0.70
AMBANG_KORELASI_TINGGI = 0.90
RASIO_SUMBANGAN = (0.5, 2.0)
METODE_KORELASI = ("pearson", "spearman")
BATAS_SUMBANGAN_NEGATIF = 0.005
"""A variance share at or below −0,5 percent is reported as negative."""
BATAS_KORELASI_NEGATIF = 0.1
"""A correlation with the own dimension at or below −0,1 is reported (closer to zero it is
indistinguishable from noise)."""
DESIMAL_JSON = 4


@dataclass
class HasilKoherensi:
    """Result of :func:`analisis_koherensi`; :meth:`ke_json` gives the stored form.

    ``indikator``  index ``indikator`` (framework order): ``nama``, ``dimensi``,
                   ``bobot_kerangka`` (W_d · w_i), ``bobot_terpakai`` (mean applied weight),
                   ``sumbangan_keragaman``, ``rasio_sumbangan`` (share / applied weight),
                   ``korelasi_dimensi``, ``korelasi_indeks``, ``simpangan_baku`` (of the
                   score), ``jumlah_wilayah`` (with a value).
    ``dimensi``    index ``dimensi``: ``nama``, ``bobot_kerangka``, ``bobot_terpakai``,
                   ``sumbangan_keragaman``, ``rasio_sumbangan``, ``korelasi_indeks``,
                   ``alfa_cronbach``, ``jumlah_indikator``.
    ``korelasi_indikator`` / ``korelasi_dimensi``  correlation matrices (codes as labels).
    """

    indikator: pd.DataFrame
    dimensi: pd.DataFrame
    korelasi_indikator: pd.DataFrame
    korelasi_dimensi: pd.DataFrame
    jumlah_wilayah: int
    parameter: dict[str, Any]
    peringatan: list[str] = field(default_factory=list)

    def ke_json(self) -> dict[str, Any]:
        """Plain JSON-ready data (NaN → None) for ``peringkat.json["koherensi"]``."""
        return {
            "versi": VERSI,
            "parameter": self.parameter,
            "jumlah_wilayah": self.jumlah_wilayah,
            "indikator": _baris_json(self.indikator, "kode"),
            "dimensi": _baris_json(self.dimensi, "kode"),
            "korelasi_indikator": _matriks_json(self.korelasi_indikator),
            "korelasi_dimensi": _matriks_json(self.korelasi_dimensi),
            "peringatan": list(self.peringatan),
        }


def _nilai_json(v: Any) -> Any:
    if v is None or v is pd.NA:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else round(float(v), DESIMAL_JSON)
    return v


def _baris_json(tabel: pd.DataFrame, kunci: str) -> list[dict[str, Any]]:
    return [
        {kunci: str(i), **{k: _nilai_json(v) for k, v in r.items()}} for i, r in tabel.iterrows()
    ]


def _matriks_json(m: pd.DataFrame) -> dict[str, Any]:
    return {
        "kode": [str(c) for c in m.columns],
        "matriks": [[_nilai_json(v) for v in baris] for baris in m.to_numpy(dtype=float)],
    }


def alfa_cronbach(skor: pd.DataFrame) -> float:
    """Cronbach's alpha of the columns of ``skor`` over its complete rows (NaN when fewer than
    two columns or rows, or when the total does not vary)."""
    lengkap = skor.dropna()
    k = lengkap.shape[1]
    if k < 2 or len(lengkap) < 2:
        return math.nan
    var_total = float(lengkap.sum(axis=1).var(ddof=1))
    if not var_total > 0:
        return math.nan
    return k / (k - 1) * (1.0 - float(lengkap.var(ddof=1).sum()) / var_total)


def _persen(x: float) -> str:
    """A share as Indonesian percent: 0.25 → '25 persen', 0.004 → '0,4 persen'."""
    p = 100.0 * x
    desimal = 0 if abs(p) >= 9.5 or round(p) == p else 1
    return persen(p, desimal)


def analisis_koherensi(
    indeks: HasilPeringkat,
    *,
    metode_korelasi: str = "pearson",
    ambang_alfa: float = AMBANG_ALFA,
    ambang_korelasi_tinggi: float = AMBANG_KORELASI_TINGGI,
    rasio_sumbangan: tuple[float, float] = RASIO_SUMBANGAN,
) -> HasilKoherensi:
    """Correlations, Cronbach's alpha and variance shares of a computed index (see module doc).

    Only the arithmetic index has contributions; for another aggregation the variance shares
    are left empty and a warning says so.
    """
    if metode_korelasi not in METODE_KORELASI:
        raise ValueError(
            f"metode_korelasi '{metode_korelasi}' tidak dikenal; pilihan: "
            f"{', '.join(METODE_KORELASI)}"
        )
    k = indeks.kerangka
    tabel = indeks.tabel[indeks.tabel["diperingkat"]]
    wilayah = list(tabel.index)
    kon = indeks.kontribusi
    kode_ind = k.kode_indikator
    kode_dim = [d.kode for d in k.dimensi]

    def lebar(sumber: pd.DataFrame, kolom: str, nilai: str, urutan: list[str]) -> pd.DataFrame:
        t = sumber.pivot(index="kode_wilayah", columns=kolom, values=nilai)
        t.columns = [str(c) for c in t.columns]
        t.index = [str(i) for i in t.index]
        return t.reindex(index=wilayah, columns=urutan).astype(float)

    tersedia = lebar(kon, "indikator", "tersedia", kode_ind).astype(bool)
    S = lebar(kon, "indikator", "skor_indikator", kode_ind).where(tersedia)
    C = lebar(kon, "indikator", "kontribusi", kode_ind)
    omega = lebar(kon, "indikator", "bobot_efektif", kode_ind)
    Dm = lebar(indeks.skor_dimensi, "dimensi", "skor_dimensi", kode_dim)
    y = tabel["skor_komposit"].astype(float)
    y.index = [str(i) for i in y.index]
    m = len(wilayah)
    peringatan: list[str] = []
    if m < 3:
        peringatan.append(
            f"Hanya {m} wilayah diperingkat; terlalu sedikit untuk menilai koherensi indeks."
        )

    var_y = float(y.var(ddof=1)) if m > 1 else math.nan
    aditif = bool(np.isfinite(C.to_numpy()).all()) and var_y > 0
    if not aditif and m > 1:
        peringatan.append(
            "Sumbangan keragaman hanya dapat dihitung untuk indeks rata-rata aritmetika "
            "yang nilainya beragam antarwilayah."
        )

    def kor(a: pd.Series, b: pd.Series) -> float:
        # Checks on NumPy arrays: a DataFrame per pair (concat, dropna, nunique) cost ~4x more
        # for the ~40 pairs of a province; the correlation itself is still pandas'.
        a, b = a.align(b, join="inner")
        x, z = a.to_numpy(dtype=float), b.to_numpy(dtype=float)
        ada = ~(np.isnan(x) | np.isnan(z))
        if ada.sum() < 3 or np.unique(x[ada]).size < 2 or np.unique(z[ada]).size < 2:
            return math.nan
        return float(a[ada].corr(b[ada], method=metode_korelasi))

    def sumbangan(c: pd.Series) -> float:
        return float(c.cov(y, ddof=1) / var_y) if aditif else math.nan

    baris_i = []
    for _, _, d, ind in k.iter_indikator():
        s = S[ind.kode]
        bobot_kerangka = d.bobot * ind.bobot
        bobot_terpakai = float(omega[ind.kode].mean()) if m else math.nan
        share = sumbangan(C[ind.kode])
        baris_i.append(
            {
                "indikator": ind.kode,
                "nama": ind.nama,
                "dimensi": d.kode,
                "bobot_kerangka": bobot_kerangka,
                "bobot_terpakai": bobot_terpakai,
                "sumbangan_keragaman": share,
                "rasio_sumbangan": share / bobot_terpakai if bobot_terpakai > 0 else math.nan,
                "korelasi_dimensi": kor(s, Dm[d.kode]),
                "korelasi_indeks": kor(s, y),
                "simpangan_baku": float(s.std(ddof=1)) if s.notna().sum() > 1 else math.nan,
                "jumlah_wilayah": int(s.notna().sum()),
            }
        )
    t_ind = pd.DataFrame(baris_i).set_index("indikator")

    baris_d = []
    for d in k.dimensi:
        kode_d = [i.kode for i in d.indikator]
        bobot_terpakai = float(t_ind.loc[kode_d, "bobot_terpakai"].sum())
        share = float(t_ind.loc[kode_d, "sumbangan_keragaman"].sum()) if aditif else math.nan
        baris_d.append(
            {
                "dimensi": d.kode,
                "nama": d.nama,
                "bobot_kerangka": d.bobot,
                "bobot_terpakai": bobot_terpakai,
                "sumbangan_keragaman": share,
                "rasio_sumbangan": share / bobot_terpakai if bobot_terpakai > 0 else math.nan,
                "korelasi_indeks": kor(Dm[d.kode], y),
                "alfa_cronbach": alfa_cronbach(S[kode_d].loc[:, S[kode_d].notna().any()]),
                "jumlah_indikator": len(kode_d),
            }
        )
    t_dim = pd.DataFrame(baris_d).set_index("dimensi")

    ada_data = [c for c in kode_ind if S[c].notna().sum() >= 3]
    kor_i = (
        S[ada_data]
        .corr(method=metode_korelasi, min_periods=3)
        .reindex(index=kode_ind, columns=kode_ind)
    )
    dim_data = [c for c in kode_dim if Dm[c].notna().sum() >= 3]
    kor_d = (
        Dm[dim_data]
        .corr(method=metode_korelasi, min_periods=3)
        .reindex(index=kode_dim, columns=kode_dim)
    )

    if m >= 3:
        peringatan += _peringatan(
            k, t_ind, t_dim, kor_i, S, ambang_alfa, ambang_korelasi_tinggi, rasio_sumbangan
        )
    return HasilKoherensi(
        indikator=t_ind,
        dimensi=t_dim,
        korelasi_indikator=kor_i,
        korelasi_dimensi=kor_d,
        jumlah_wilayah=m,
        parameter={
            "metode_korelasi": metode_korelasi,
            "ambang_alfa": ambang_alfa,
            "ambang_korelasi_tinggi": ambang_korelasi_tinggi,
            "rasio_sumbangan": list(rasio_sumbangan),
        },
        peringatan=peringatan,
    )


def _peringatan(
    k: Any,
    t_ind: pd.DataFrame,
    t_dim: pd.DataFrame,
    kor_i: pd.DataFrame,
    S: pd.DataFrame,
    ambang_alfa: float,
    ambang_korelasi_tinggi: float,
    rasio_sumbangan: tuple[float, float],
) -> list[str]:
    """The findings that need attention, one plain-Indonesian sentence each."""
    out: list[str] = []
    bawah, atas = rasio_sumbangan

    def bobot_vs_sumbangan(jenis: str, nama: str, r: pd.Series) -> None:
        w, share = r["bobot_terpakai"], r["sumbangan_keragaman"]
        if not (w > 0) or math.isnan(share):
            return
        if share <= -BATAS_SUMBANGAN_NEGATIF:
            out.append(
                f"{jenis} {nama} berbobot {_persen(w)} tetapi sumbangannya pada keragaman indeks "
                f"negatif ({_persen(share)}): nilainya cenderung bergerak berlawanan dengan "
                "indeks."
            )
        elif share < bawah * w:
            out.append(
                f"{jenis} {nama} berbobot {_persen(w)} tetapi menyumbang {_persen(share)} "
                "keragaman indeks: pengaruhnya pada peringkat jauh lebih kecil daripada bobotnya."
            )
        elif share > atas * w:
            out.append(
                f"{jenis} {nama} berbobot {_persen(w)} tetapi menyumbang {_persen(share)} "
                "keragaman indeks: pengaruhnya pada peringkat jauh lebih besar daripada bobotnya."
            )

    for kode, r in t_ind.iterrows():
        if r["jumlah_wilayah"] == 0:
            continue
        if not (r["simpangan_baku"] > 0):
            out.append(
                f"Indikator {r['nama']} bernilai sama di semua wilayah, sehingga tidak membedakan "
                "wilayah dan bobotnya tidak berpengaruh pada peringkat."
            )
            continue
        bobot_vs_sumbangan("Indikator", r["nama"], r)
        if r["korelasi_dimensi"] <= -BATAS_KORELASI_NEGATIF:
            nama_dim = k.dimensi_dari(str(kode)).nama
            out.append(
                f"Indikator {r['nama']} berkorelasi negatif dengan skor dimensi {nama_dim} "
                f"(korelasi {angka(r['korelasi_dimensi'], 2)}): ketika skor indikator ini naik, "
                "skor dimensinya cenderung turun."
            )
    for _, r in t_dim.iterrows():
        bobot_vs_sumbangan("Dimensi", r["nama"], r)
        if r["alfa_cronbach"] < ambang_alfa:
            out.append(
                f"Indikator dalam dimensi {r['nama']} kurang searah (alfa Cronbach "
                f"{angka(r['alfa_cronbach'], 2)}; lazimnya minimal {angka(ambang_alfa, 2)}): "
                "dimensi ini mungkin mengukur beberapa hal yang berbeda."
            )
    kode = list(kor_i.columns)
    for a in range(len(kode)):
        for b in range(a + 1, len(kode)):
            r = kor_i.iat[a, b]
            if not (abs(r) >= ambang_korelasi_tinggi):
                continue
            na, nb = t_ind.at[kode[a], "nama"], t_ind.at[kode[b], "nama"]
            if r > 0:
                out.append(
                    f"Indikator {na} dan {nb} hampir selalu naik-turun bersama (korelasi "
                    f"{angka(r, 2)}): keduanya seperti menghitung hal yang sama dua kali."
                )
            else:
                out.append(
                    f"Indikator {na} dan {nb} hampir selalu berlawanan arah (korelasi "
                    f"{angka(r, 2)}): yang satu naik ketika yang lain turun."
                )
    return out
