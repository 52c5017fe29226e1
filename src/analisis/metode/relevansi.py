"""Analisis relevansi dan efektivitas (``docs/domain-methods.md`` §1.3, an [R] rule).

For a region (kab/kota) and a reference R (province by default, or national), per year t over
(t−1, t], with direction d (−1 lower is better, +1 higher is better):

Relevansi (direction), option ``relevansi``:

* ``"arah"`` (default), the spec's sign rule: relevan ⇔ sign(Δ_kab) = sign(Δ_R). The label
  says which way both moved, so that "relevan" never reads as praise:

  =====================  ================================  ================================
  Δ_kab                  Δ_R                               relevansi
  =====================  ================================  ================================
  improves               improves                          ``"relevan"``
  worsens                worsens                           ``"searah (sama-sama memburuk)"``
  0                      0                                 ``"searah (sama-sama tetap)"``
  improves               0 (flat reference)                ``"relevan (pembanding tetap)"``
  worsens                0                                 ``"tidak relevan"``
  any other sign pair (incl. Δ_kab = 0, Δ_R ≠ 0)           ``"tidak relevan"``
  =====================  ================================  ================================

  A flat reference gives no direction to follow; a region that improves meanwhile is not
  going against the reference, so it is not labelled "tidak relevan".
* ``"diinginkan"``: relevan ⇔ d·Δ_kab > 0 and d·Δ_R > 0 (both move the desirable way).

Efektivitas (speed), option ``efektivitas``, strict inequalities exactly as specified:

* ``"absolut"`` (default): efektif ⇔ d·Δ_kab > d·Δ_R
* ``"relatif"``: efektif ⇔ d·g_kab > d·g_R (use it for counts such as the number of poor,
  whose absolute changes are not comparable between a kab/kota and its province)
* ``"mandiri"`` (EKPD style): efektif ⇔ d·Δ_kab > 0

So a region that did not change (Δ_kab = 0) is efektif when the reference worsened, and ties
(d·Δ_kab = d·Δ_R) are *tidak efektif*. Missing data (no value in t or t−1 for a series the rule
needs): labels are missing (NaN) and ``keterangan`` says which year is missing. Gaps are never
bridged.

Significance guard: when the region's SE (or RSE, %) is given,
SE(Δ_t) ≈ √(SE_t² + SE_{t−1}²) (covariance ignored) and the final ``label`` is
``"tidak signifikan"`` when |Δ_kab| < z·SE(Δ_t). The underlying relevansi and efektivitas
labels stay in their own columns. When SE is missing for t or t−1 the guard is not applied to
that year and ``signifikan`` is NA.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analisis.galat import GalatAnalisis
from analisis.metode._umum import (
    boolean,
    cek_angka,
    cek_arah,
    cek_pilihan,
    deret_tahunan,
    fmt,
    gabung_keterangan,
    lebih_baik,
    tanda,
)
from analisis.metode.parameter import BAWAAN_EFEKTIVITAS, BAWAAN_RELEVANSI, BAWAAN_Z
from analisis.metode.perkembangan import perubahan_tahunan

PILIHAN_RELEVANSI = ("arah", "diinginkan")
PILIHAN_EFEKTIVITAS = ("absolut", "relatif", "mandiri")

RELEVAN = "relevan"
SEARAH_MEMBURUK = "searah (sama-sama memburuk)"
SEARAH_TETAP = "searah (sama-sama tetap)"
RELEVAN_PEMBANDING_TETAP = "relevan (pembanding tetap)"
TIDAK_RELEVAN = "tidak relevan"
EFEKTIF = "efektif"
TIDAK_EFEKTIF = "tidak efektif"
TIDAK_SIGNIFIKAN = "tidak signifikan"

KOLOM = [
    "nilai_kab",
    "nilai_ref",
    "delta_kab",
    "delta_ref",
    "g_kab",
    "g_ref",
    "se_delta_kab",
    "batas_signifikan",
    "signifikan",
    "relevansi",
    "efektivitas",
    "label_gabungan",
    "label",
    "keterangan",
]


def label_gabungan(relevansi: str, efektivitas: str) -> str:
    """The 2×2 label, e.g. ``"relevan dan efektif"``."""
    return f"{relevansi} dan {efektivitas}"


def relevansi_efektivitas(
    kab: pd.Series,
    ref: pd.Series,
    arah: int,
    *,
    relevansi: str = BAWAAN_RELEVANSI,
    efektivitas: str = BAWAAN_EFEKTIVITAS,
    se_kab: pd.Series | None = None,
    rse_kab: pd.Series | float | None = None,
    z: float = BAWAAN_Z,
) -> pd.DataFrame:
    """Relevansi and efektivitas of a region against a reference, per year.

    Args:
        kab: the region's series, indexed by year.
        ref: the reference series (province or national), indexed by year.
        arah: −1 if lower is better, +1 if higher is better.
        relevansi: ``"arah"`` (default) or ``"diinginkan"``.
        efektivitas: ``"absolut"`` (default), ``"relatif"`` or ``"mandiri"``.
        se_kab: standard error of the region's estimate per year (same unit as ``kab``).
        rse_kab: relative standard error in percent per year, or one number for every year
            (SE_t = RSE_t/100 · X_t). Give ``se_kab`` or ``rse_kab``, not both.
        z: critical value of the significance guard (default 1.96).

    Returns:
        DataFrame indexed by ``tahun`` (from the second to the last year in which the region
        has a value) with columns
        ``nilai_kab, nilai_ref, delta_kab, delta_ref, g_kab, g_ref`` (g in %),
        ``se_delta_kab, batas_signifikan`` (= z·SE(Δ)), ``signifikan`` (nullable bool),
        ``relevansi, efektivitas, label_gabungan`` (the 2×2 label), ``label`` (``"tidak
        signifikan"`` or the 2×2 label) and ``keterangan``.
    """
    d = cek_arah(arah)
    cek_pilihan(relevansi, PILIHAN_RELEVANSI, "relevansi")
    cek_pilihan(efektivitas, PILIHAN_EFEKTIVITAS, "efektivitas")
    z = cek_angka(z, "z", positif=True)
    if se_kab is not None and rse_kab is not None:
        raise GalatAnalisis("Berikan se_kab atau rse_kab, bukan keduanya.")

    s_kab = deret_tahunan(kab, "deret kabupaten/kota")
    s_ref = deret_tahunan(ref, "deret pembanding")
    ada = s_kab.dropna()
    if len(ada) < 2:
        return pd.DataFrame(columns=KOLOM, index=pd.Index([], dtype="int64", name="tahun"))
    tahun = pd.RangeIndex(int(ada.index.min()) + 1, int(ada.index.max()) + 1, name="tahun")

    pk = perubahan_tahunan(s_kab).reindex(tahun)
    if s_ref.empty:
        pr = pd.DataFrame(np.nan, index=tahun, columns=["nilai", "delta", "g_persen"])
    else:
        pr = perubahan_tahunan(s_ref).reindex(tahun)
    dk, dr = pk["delta"].to_numpy(float), pr["delta"].to_numpy(float)
    gk, gr = pk["g_persen"].to_numpy(float), pr["g_persen"].to_numpy(float)

    sk, sr = tanda(dk), tanda(dr)
    ada_dk, ada_dr = ~np.isnan(dk), ~np.isnan(dr)

    # Relevansi
    ada_rel = ada_dk & ada_dr
    label_rel = _label_relevansi(sk, sr, d, relevansi, ada_rel)

    # Efektivitas (strict inequalities, as specified)
    if efektivitas == "absolut":
        efk = lebih_baik(dk, dr, d) > 0
        ada_efk = ada_dk & ada_dr
    elif efektivitas == "relatif":
        efk = lebih_baik(gk, gr, d) > 0
        ada_efk = ~np.isnan(gk) & ~np.isnan(gr)
    else:
        efk = d * sk > 0
        ada_efk = ada_dk

    # Significance guard
    se_t = _se_per_tahun(s_kab, se_kab, rse_kab)
    if se_t is None:
        se_delta = np.full(len(tahun), np.nan)
    else:
        a = se_t.reindex(tahun).to_numpy(float)
        b = se_t.reindex(tahun - 1).to_numpy(float)
        se_delta = np.sqrt(a**2 + b**2)
    batas = z * se_delta
    ada_sig = ada_dk & ~np.isnan(batas)
    with np.errstate(invalid="ignore"):
        sig = np.abs(dk) >= batas

    # numpy's stubs reject None as a fill value; at run time it gives an object array
    label_efk = np.where(ada_efk, np.where(efk, EFEKTIF, TIDAK_EFEKTIF), None)  # type: ignore[call-overload]
    gab = [
        label_gabungan(r, e) if r is not None and e is not None else None
        for r, e in zip(label_rel, label_efk, strict=True)
    ]
    akhir = [
        TIDAK_SIGNIFIKAN if (s_ada and not s and dk_ada) else g
        for g, s, s_ada, dk_ada in zip(gab, sig, ada_sig, ada_dk, strict=True)
    ]

    catatan: list[list[str]] = []
    for i, t in enumerate(tahun):
        pesan: list[str] = []
        if not ada_dk[i]:
            pesan.append(_sebab_kosong("kabupaten/kota", s_kab, t))
        if not ada_dr[i]:
            pesan.append(_sebab_kosong("pembanding", s_ref, t))
        if efektivitas == "relatif" and ada_dk[i] and ada_dr[i] and not ada_efk[i]:
            pesan.append(f"nilai tahun {t - 1} = 0: perubahan relatif tidak terdefinisi")
        if ada_dk[i] and sk[i] == 0:
            pesan.append("kabupaten/kota tidak berubah (Δ = 0)")
        if ada_dr[i] and sr[i] == 0 and relevansi == "arah":
            pesan.append("pembanding tidak berubah (Δ = 0): tidak ada arah acuan")
        if ada_sig[i] and not sig[i]:
            pesan.append(f"|Δ| lebih kecil dari {fmt(z)}·SE(Δ): perubahan tidak signifikan")
        elif ada_dk[i] and se_t is not None and not ada_sig[i]:
            pesan.append(
                "SE tahun ini atau tahun sebelumnya tidak ada: uji signifikansi tidak dilakukan"
            )
        catatan.append(pesan)

    return pd.DataFrame(
        {
            "nilai_kab": pk["nilai"].to_numpy(float),
            "nilai_ref": pr["nilai"].to_numpy(float),
            "delta_kab": dk,
            "delta_ref": dr,
            "g_kab": gk,
            "g_ref": gr,
            "se_delta_kab": se_delta,
            "batas_signifikan": batas,
            "signifikan": boolean(sig, ada_sig, tahun),
            "relevansi": pd.Series(label_rel, index=tahun, dtype="str"),
            "efektivitas": pd.Series(label_efk, index=tahun, dtype="str"),
            "label_gabungan": pd.Series(gab, index=tahun, dtype="str"),
            "label": pd.Series(akhir, index=tahun, dtype="str"),
            "keterangan": gabung_keterangan(catatan),
        },
        index=tahun,
    )


def relevansi_efektivitas_indikator(
    kab: Mapping[str, pd.Series],
    ref: Mapping[str, pd.Series],
    arah: Mapping[str, int],
    *,
    relevansi: str = BAWAAN_RELEVANSI,
    efektivitas: str = BAWAAN_EFEKTIVITAS,
    rse_kab: Mapping[str, pd.Series | float] | None = None,
    z: float = BAWAAN_Z,
) -> pd.DataFrame:
    """:func:`relevansi_efektivitas` for several indicators, stacked on (indikator, tahun).

    ``kab``, ``ref`` and ``arah`` are keyed by indicator code; ``rse_kab`` optionally too.
    The options are the same for every indicator.
    """
    hilang = [k for k in kab if k not in ref or k not in arah]
    if hilang:
        raise GalatAnalisis(
            "Indikator tanpa deret pembanding atau arah: " + ", ".join(sorted(hilang)) + "."
        )
    rse = rse_kab or {}
    bagian = {
        k: relevansi_efektivitas(
            kab[k],
            ref[k],
            arah[k],
            relevansi=relevansi,
            efektivitas=efektivitas,
            rse_kab=rse.get(k),
            z=z,
        )
        for k in kab
    }
    if not bagian:
        return pd.DataFrame(columns=KOLOM)
    return pd.concat(bagian, names=["indikator", "tahun"])


def _label_relevansi(
    sk: np.ndarray, sr: np.ndarray, d: int, relevansi: str, ada: np.ndarray
) -> list[str | None]:
    """Relevansi label per year from the signs of both changes (see the module docstring)."""
    hasil: list[str | None] = []
    for a, b, ok in zip(sk.tolist(), sr.tolist(), ada.tolist(), strict=True):
        if not ok:
            hasil.append(None)
        elif relevansi == "diinginkan":
            hasil.append(RELEVAN if d * a > 0 and d * b > 0 else TIDAK_RELEVAN)
        elif a == b == 0:
            hasil.append(SEARAH_TETAP)
        elif b == 0:
            hasil.append(RELEVAN_PEMBANDING_TETAP if d * a > 0 else TIDAK_RELEVAN)
        elif a == b:
            hasil.append(RELEVAN if d * a > 0 else SEARAH_MEMBURUK)
        else:
            hasil.append(TIDAK_RELEVAN)
    return hasil


def _se_per_tahun(
    s_kab: pd.Series, se_kab: pd.Series | None, rse_kab: pd.Series | float | None
) -> pd.Series | None:
    if se_kab is not None:
        se = deret_tahunan(se_kab, "se_kab")
        if (se < 0).any():
            raise GalatAnalisis("se_kab tidak boleh negatif.")
        return se
    if rse_kab is None:
        return None
    if isinstance(rse_kab, pd.Series):
        rse = deret_tahunan(rse_kab, "rse_kab")
    else:
        nilai = cek_angka(rse_kab, "rse_kab")
        rse = pd.Series(nilai, index=s_kab.index, dtype=float)
    if (rse < 0).any():
        raise GalatAnalisis("rse_kab tidak boleh negatif.")
    return (rse.reindex(s_kab.index) / 100.0 * s_kab.abs()).dropna()


def _sebab_kosong(siapa: str, s: pd.Series, t: int) -> str:
    kosong = [y for y in (t - 1, t) if y not in s.index or np.isnan(s.get(y, np.nan))]
    tahun = " dan ".join(str(y) for y in kosong) or str(t)
    return f"data {siapa} tahun {tahun} tidak ada: perubahan tidak dihitung"
