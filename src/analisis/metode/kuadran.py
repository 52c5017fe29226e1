"""Analisis kuadran (``docs/domain-methods.md`` §1.4b and §1.4c; labels are [R]).

(b) Level × change ("4 kategori penurunan"). With direction d:

* ``level_baik`` ⇔ d·(X_k − X_R) > 0       (for P0: below the reference)
* ``laju_baik``  ⇔ d·(Y_k − Y_R) > 0       (for P0: falling faster than the reference)

where Y is the average annual change (``sumbu_y="absolut"``, default) or the compound annual
rate in % (``sumbu_y="relatif"``) over the same window for every region and the reference.

============  ===========  =========================================================
level_baik    laju_baik    kuadran
============  ===========  =========================================================
ya            ya           ``"unggul"``    (below the reference and improving faster)
tidak         ya           ``"mengejar"``  (above the reference but catching up)
tidak         tidak        ``"prioritas"`` (above the reference and slower, or worsening)
ya            tidak        ``"waspada"``   (good level but slowing; often a floor effect)
============  ===========  =========================================================

(c) P0 × indicator: P0 is "tinggi" when on its bad side of the threshold, the indicator is
"buruk" when on its bad side given its direction; the priority quadrant is both. Thresholds are
the reference (province) values (``ambang="provinsi"``) or the simple mean of the regions that
have both values (``ambang="rata_rata"``), applied to both axes. With ``cadangan=True`` an axis
whose reference value is missing falls back to that mean, and the note says so.

Ties: a value equal to its threshold (within tolerance) goes to the **bad** side by default
(``seri_ambang="buruk"``), consistent with the strict inequalities of §1.3 and §1.4b ("better"
must be strictly better); ``seri_ambang="baik"`` puts it on the good side. The ``di_ambang_*``
columns flag such regions so a report can mention them.

Quadrant numbering (which corner is "Kuadran I") differs between documents and is not used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    panel_tahunan,
    penampang,
)
from analisis.metode.parameter import (
    BAWAAN_AMBANG_INDIKATOR,
    BAWAAN_SERI_AMBANG,
    BAWAAN_SUMBU_KUADRAN,
)

UNGGUL = "unggul"
MENGEJAR = "mengejar"
PRIORITAS = "prioritas"
WASPADA = "waspada"

#: Labels of the P0 × indicator quadrant (§1.4c), keyed by (p0_tinggi, indikator_buruk).
LABEL_P0_INDIKATOR: dict[tuple[bool, bool], str] = {
    (True, True): "prioritas",
    (True, False): "kemiskinan tinggi, indikator baik",
    (False, True): "kemiskinan rendah, indikator buruk",
    (False, False): "kemiskinan rendah, indikator baik",
}

PILIHAN_SUMBU = ("absolut", "relatif")
PILIHAN_AMBANG = ("provinsi", "rata_rata")
PILIHAN_SERI = ("buruk", "baik")


@dataclass(frozen=True)
class HasilKuadran:
    """A quadrant table and the thresholds that define it (for drawing the cross lines).

    Attributes:
        tabel: one row per region (see the producing function for the columns).
        ambang_x, ambang_y: thresholds of the X axis (level or P0) and Y axis (change or
            indicator).
        sumber_ambang: ``"pembanding"``, ``"provinsi"`` or ``"rata_rata"``.
        catatan: Indonesian notes on the whole table.
    """

    tabel: pd.DataFrame
    ambang_x: float
    ambang_y: float
    sumber_ambang: str
    catatan: tuple[str, ...] = field(default_factory=tuple)


def sisi_baik(
    nilai: object, ambang: float, arah: int, seri_ambang: str = BAWAAN_SERI_AMBANG
) -> np.ndarray:
    """Boolean array: value on the good side of ``ambang`` (ties follow ``seri_ambang``).

    NaN values give False; combine with a "has value" mask where that matters.
    """
    cek_pilihan(seri_ambang, PILIHAN_SERI, "seri_ambang")
    b = lebih_baik(nilai, ambang, arah)
    return (b > 0) | ((b == 0) & (seri_ambang == "baik"))


def laju_penampang(
    awal: pd.Series, akhir: pd.Series, jumlah_tahun: int = 1, sumbu: str = BAWAAN_SUMBU_KUADRAN
) -> pd.Series:
    """Change per region between two cross-sections ``jumlah_tahun`` years apart.

    ``sumbu="absolut"``: (X_akhir − X_awal) / n. ``sumbu="relatif"``: compound annual rate
    ((X_akhir / X_awal)^(1/n) − 1) × 100, NaN where X_awal ≤ 0 or X_akhir < 0. NaN where either
    endpoint is missing (no other year is substituted).
    """
    cek_pilihan(sumbu, PILIHAN_SUMBU, "sumbu")
    bulat = isinstance(jumlah_tahun, (int, np.integer)) and not isinstance(jumlah_tahun, bool)
    if not bulat or jumlah_tahun < 1:
        raise GalatAnalisis(f"jumlah_tahun harus bilangan bulat ≥ 1, bukan {jumlah_tahun!r}.")
    a = penampang(awal, "awal")
    b = penampang(akhir, "akhir")
    a, b = a.align(b, join="outer")
    if sumbu == "absolut":
        return (b - a) / jumlah_tahun
    x0, x1 = a.to_numpy(float), b.to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (np.power(x1 / x0, 1.0 / jumlah_tahun) - 1.0) * 100.0
    r = np.where((x0 > 0) & (x1 >= 0), r, np.nan)
    return pd.Series(r, index=a.index, dtype=float)


def klasifikasi_kuadran(
    level: pd.Series,
    laju: pd.Series,
    ambang_level: float,
    ambang_laju: float,
    arah: int,
    *,
    seri_ambang: str = BAWAAN_SERI_AMBANG,
) -> pd.DataFrame:
    """Level × change quadrant of each region (§1.4b) from prepared cross-sections.

    Returns:
        DataFrame indexed by ``kode_wilayah`` with ``level, laju, level_baik, laju_baik``
        (nullable bool), ``di_ambang_level, di_ambang_laju`` (value equals the threshold),
        ``kuadran`` (``unggul``/``mengejar``/``prioritas``/``waspada``, NaN without data) and
        ``keterangan``.
    """
    d = cek_arah(arah)
    cek_pilihan(seri_ambang, PILIHAN_SERI, "seri_ambang")
    al = cek_angka(ambang_level, "ambang_level")
    aj = cek_angka(ambang_laju, "ambang_laju")
    x, y = penampang(level, "level").align(penampang(laju, "laju"), join="outer")
    xv, yv = x.to_numpy(float), y.to_numpy(float)
    ada_x, ada_y = ~np.isnan(xv), ~np.isnan(yv)
    lb = sisi_baik(xv, al, d, seri_ambang)
    jb = sisi_baik(yv, aj, d, seri_ambang)
    tie_x = lebih_baik(xv, al, d) == 0
    tie_y = lebih_baik(yv, aj, d) == 0

    label = np.select(
        [lb & jb, ~lb & jb, ~lb & ~jb, lb & ~jb], [UNGGUL, MENGEJAR, PRIORITAS, WASPADA], ""
    ).astype(object)
    label[~(ada_x & ada_y)] = None

    catatan: list[list[str]] = []
    for i in range(len(x)):
        pesan: list[str] = []
        if not ada_x[i]:
            pesan.append("level tidak ada data")
        if not ada_y[i]:
            pesan.append("perubahan tidak ada data")
        if tie_x[i]:
            pesan.append(_pesan_seri("level", al, seri_ambang))
        if tie_y[i]:
            pesan.append(_pesan_seri("perubahan", aj, seri_ambang))
        catatan.append(pesan)

    return pd.DataFrame(
        {
            "level": xv,
            "laju": yv,
            "level_baik": boolean(lb, ada_x, x.index),
            "laju_baik": boolean(jb, ada_y, x.index),
            "di_ambang_level": tie_x,
            "di_ambang_laju": tie_y,
            "kuadran": pd.Series(label, index=x.index, dtype="str"),
            "keterangan": gabung_keterangan(catatan),
        },
        index=x.index,
    )


def kuadran_perkembangan(
    panel: pd.DataFrame,
    ref: pd.Series,
    arah: int,
    tahun_awal: int,
    tahun_akhir: int,
    *,
    sumbu_y: str = BAWAAN_SUMBU_KUADRAN,
    seri_ambang: str = BAWAAN_SERI_AMBANG,
) -> HasilKuadran:
    """Level × change quadrant over [tahun_awal, tahun_akhir] against a reference series.

    Args:
        panel: wide table, index ``tahun``, one column per ``kode_wilayah``.
        ref: reference series (province), indexed by year.
        arah: direction of the indicator.
        tahun_awal, tahun_akhir: window; for one-year change use consecutive years.
        sumbu_y: ``"absolut"`` (average annual change, default) or ``"relatif"`` (compound %/yr).
        seri_ambang: side of a value equal to the threshold (``"buruk"`` default).

    The X axis is the level in ``tahun_akhir``; its threshold is the reference level in
    ``tahun_akhir``; the Y threshold is the reference change over the same window. Regions
    without data in either endpoint year are not classified (no other year is substituted,
    so every region is measured over the same window).

    Raises:
        GalatAnalisis: bad window, or the reference lacks one of the endpoint years.
    """
    p = panel_tahunan(panel, "panel")
    r = deret_tahunan(ref, "deret pembanding")
    for nama, t in (("tahun_awal", tahun_awal), ("tahun_akhir", tahun_akhir)):
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)):
            raise GalatAnalisis(f"{nama} harus tahun (bilangan bulat), bukan {t!r}.")
    if tahun_akhir <= tahun_awal:
        raise GalatAnalisis(f"tahun_akhir ({tahun_akhir}) harus setelah tahun_awal ({tahun_awal}).")
    n = int(tahun_akhir - tahun_awal)
    kosong_ref = [t for t in (tahun_awal, tahun_akhir) if np.isnan(r.get(t, np.nan))]
    if kosong_ref:
        raise GalatAnalisis(
            "Deret pembanding tidak ada data tahun "
            + " dan ".join(str(t) for t in kosong_ref)
            + ": ambang kuadran tidak dapat ditentukan."
        )

    def baris(t: int) -> pd.Series:
        return p.loc[t] if t in p.index else pd.Series(np.nan, index=p.columns)

    awal, akhir = baris(tahun_awal), baris(tahun_akhir)
    laju = laju_penampang(awal, akhir, n, sumbu_y)
    amb_laju = float(
        laju_penampang(pd.Series([r[tahun_awal]]), pd.Series([r[tahun_akhir]]), n, sumbu_y).iloc[0]
    )
    catatan = [
        f"level = nilai {tahun_akhir}; perubahan = "
        + ("rata-rata perubahan per tahun" if sumbu_y == "absolut" else "laju majemuk/tahun (%)")
        + f" {tahun_awal}–{tahun_akhir}"
    ]
    if np.isnan(amb_laju):
        raise GalatAnalisis(
            "Laju relatif pembanding tidak terdefinisi (nilai awal ≤ 0); pakai sumbu_y='absolut'."
        )
    tabel = klasifikasi_kuadran(
        akhir, laju, float(r[tahun_akhir]), amb_laju, arah, seri_ambang=seri_ambang
    )
    x0 = awal.reindex(tabel.index).to_numpy(float)
    x1 = tabel["level"].to_numpy(float)
    tabel.insert(0, "nilai_awal", x0)
    ket = tabel["keterangan"].tolist()
    tanpa: list[str] = []
    for i, k in enumerate(tabel.index):
        hilang = [str(t) for t, v in ((tahun_awal, x0[i]), (tahun_akhir, x1[i])) if np.isnan(v)]
        if hilang:
            ket[i] = f"data tahun {' dan '.join(hilang)} tidak ada: tidak digolongkan"
            tanpa.append(str(k))
    tabel["keterangan"] = ket
    if tanpa:
        catatan.append("wilayah tanpa data di tahun ujung tidak digolongkan: " + ", ".join(tanpa))
    return HasilKuadran(tabel, float(r[tahun_akhir]), amb_laju, "pembanding", tuple(catatan))


def kuadran_p0_indikator(
    p0: pd.Series,
    indikator: pd.Series,
    arah_indikator: int,
    *,
    ambang: str = BAWAAN_AMBANG_INDIKATOR,
    p0_ref: float | None = None,
    indikator_ref: float | None = None,
    seri_ambang: str = BAWAAN_SERI_AMBANG,
    cadangan: bool = False,
) -> HasilKuadran:
    """P0 × indicator quadrant (§1.4c) for any indicator with its direction.

    Args:
        p0: P0 cross-section by ``kode_wilayah`` (same year as ``indikator``, or the latest).
        indikator: indicator cross-section by ``kode_wilayah``.
        arah_indikator: −1 if lower is better (TPT, Gini…), +1 if higher is better (IPM…).
        ambang: ``"provinsi"`` (thresholds = ``p0_ref`` and ``indikator_ref``, required) or
            ``"rata_rata"`` (simple means over regions having both values).
        seri_ambang: side of a value equal to its threshold (``"buruk"`` default).
        cadangan: with ``ambang="provinsi"``, an axis whose reference is ``None`` uses the mean
            of the regions instead of failing (``sumber_ambang`` and ``catatan`` say which).

    Returns:
        :class:`HasilKuadran`; ``tabel`` has ``p0, indikator, p0_tinggi, indikator_buruk``
        (nullable bool), ``di_ambang_p0, di_ambang_indikator``, ``prioritas`` (nullable bool),
        ``kuadran`` (labels in :data:`LABEL_P0_INDIKATOR`) and ``keterangan``.
    """
    d = cek_arah(arah_indikator, "arah_indikator")
    cek_pilihan(ambang, PILIHAN_AMBANG, "ambang")
    cek_pilihan(seri_ambang, PILIHAN_SERI, "seri_ambang")
    x, y = penampang(p0, "p0").align(penampang(indikator, "indikator"), join="outer")
    xv, yv = x.to_numpy(float), y.to_numpy(float)
    ada_x, ada_y = ~np.isnan(xv), ~np.isnan(yv)
    lengkap = ada_x & ada_y
    catatan: list[str] = []

    hilang_ref = [n for n, v in (("P0", p0_ref), ("indikator", indikator_ref)) if v is None]
    if ambang == "provinsi" and hilang_ref and not cadangan:
        raise GalatAnalisis(
            "ambang='provinsi' memerlukan p0_ref dan indikator_ref (angka provinsi)."
        )
    pakai_rata = ambang == "rata_rata" or bool(hilang_ref)
    if pakai_rata and not lengkap.any():
        raise GalatAnalisis(
            "Tidak ada wilayah dengan nilai P0 dan indikator: rata-rata tidak dapat dihitung."
        )
    rata_x = float(xv[lengkap].mean()) if lengkap.any() else float("nan")
    rata_y = float(yv[lengkap].mean()) if lengkap.any() else float("nan")
    if ambang == "rata_rata":
        ax, ay = rata_x, rata_y
        sumber = "rata_rata"
        catatan.append(
            f"ambang = rata-rata sederhana {int(lengkap.sum())} wilayah yang memiliki kedua nilai"
        )
    else:
        ax = rata_x if p0_ref is None else cek_angka(p0_ref, "p0_ref")
        ay = rata_y if indikator_ref is None else cek_angka(indikator_ref, "indikator_ref")
        sumber = "provinsi"
        if hilang_ref:
            sumber = "provinsi; rata_rata untuk " + " dan ".join(hilang_ref)
            catatan.append(
                "nilai provinsi untuk "
                + " dan ".join(hilang_ref)
                + f" tidak ada: ambang sumbu itu = rata-rata sederhana {int(lengkap.sum())} "
                "kabupaten/kota yang memiliki kedua nilai"
            )

    p0_tinggi = ~sisi_baik(xv, ax, -1, seri_ambang)
    ind_buruk = ~sisi_baik(yv, ay, d, seri_ambang)
    tie_x = lebih_baik(xv, ax, -1) == 0
    tie_y = lebih_baik(yv, ay, d) == 0
    label = np.array(
        [LABEL_P0_INDIKATOR[(bool(a), bool(b))] for a, b in zip(p0_tinggi, ind_buruk, strict=True)],
        dtype=object,
    )
    label[~lengkap] = None

    ket: list[list[str]] = []
    for i in range(len(x)):
        pesan: list[str] = []
        if not ada_x[i]:
            pesan.append("P0 tidak ada data")
        if not ada_y[i]:
            pesan.append("indikator tidak ada data")
        if tie_x[i]:
            pesan.append(_pesan_seri("P0", ax, seri_ambang))
        if tie_y[i]:
            pesan.append(_pesan_seri("indikator", ay, seri_ambang))
        ket.append(pesan)

    tabel = pd.DataFrame(
        {
            "p0": xv,
            "indikator": yv,
            "p0_tinggi": boolean(p0_tinggi, ada_x, x.index),
            "indikator_buruk": boolean(ind_buruk, ada_y, x.index),
            "di_ambang_p0": tie_x,
            "di_ambang_indikator": tie_y,
            "prioritas": boolean(p0_tinggi & ind_buruk, lengkap, x.index),
            "kuadran": pd.Series(label, index=x.index, dtype="str"),
            "keterangan": gabung_keterangan(ket),
        },
        index=x.index,
    )
    return HasilKuadran(tabel, ax, ay, sumber, tuple(catatan))


def _pesan_seri(sumbu: str, ambang: float, seri_ambang: str) -> str:
    return f"{sumbu} tepat sama dengan ambang ({fmt(ambang)}): digolongkan sisi {seri_ambang}"


def signifikansi_kuadran(
    tabel: pd.DataFrame,
    ambang_x: float,
    ambang_y: float,
    se_level: pd.Series,
    se_laju: pd.Series,
    z: float = 1.96,
) -> pd.DataFrame:
    """Mark which side of each threshold is within sampling noise (§1.3 guard on §1.4b).

    A region's level is on a **significant** side when |level − ambang_x| ≥ z·SE(level); its
    change when |laju − ambang_y| ≥ z·SE(laju) (the reference's own error is ignored: a province
    estimate is far more precise than a kab/kota one). ``se_level`` and ``se_laju`` are indexed
    like ``tabel``; a missing SE leaves the flag missing. Adds ``level_signifikan``,
    ``laju_signifikan`` (nullable bool) and ``kuadran_pasti`` (both sides significant), and
    appends the reason to ``keterangan``.
    """
    z = cek_angka(z, "z", positif=True)
    hasil = tabel.copy()
    sl = pd.to_numeric(se_level.reindex(hasil.index), errors="coerce").to_numpy(float)
    sj = pd.to_numeric(se_laju.reindex(hasil.index), errors="coerce").to_numpy(float)
    level = hasil["level"].to_numpy(float)
    laju = hasil["laju"].to_numpy(float)
    with np.errstate(invalid="ignore"):
        lv = np.abs(level - ambang_x) >= z * sl
        lj = np.abs(laju - ambang_y) >= z * sj
    ada_l = ~np.isnan(level) & ~np.isnan(sl)
    ada_j = ~np.isnan(laju) & ~np.isnan(sj)
    hasil["level_signifikan"] = boolean(lv, ada_l, hasil.index)
    hasil["laju_signifikan"] = boolean(lj, ada_j, hasil.index)
    hasil["kuadran_pasti"] = boolean(lv & lj, ada_l & ada_j, hasil.index)
    ket = hasil["keterangan"].fillna("").astype(str).tolist()
    for i in range(len(hasil)):
        pesan = [ket[i]] if ket[i] else []
        if ada_l[i] and not lv[i]:
            pesan.append("selisih level dengan ambang tidak signifikan")
        if ada_j[i] and not lj[i]:
            pesan.append("selisih laju dengan ambang tidak signifikan")
        ket[i] = "; ".join(pesan)
    hasil["keterangan"] = ket
    return hasil
