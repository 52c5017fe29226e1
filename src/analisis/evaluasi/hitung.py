"""The evaluation of one kabupaten/kota for one year: every number of the report.

:func:`evaluasi_wilayah` gathers the series from :class:`~analisis.data.model.Basisdata`,
applies the methods of :mod:`analisis.metode` with the province parameters and returns a
:class:`HasilEvaluasi`. Each report section is computed by its own function (``_bagian_*``)
from one shared :class:`~analisis.evaluasi.konteks.Konteks`. The notebook only narrates and plots the result; the
ranking and the app read its saved form (:mod:`analisis.evaluasi.simpan`) without re-running
anything.

A section whose data are absent is listed in :attr:`HasilEvaluasi.kosong` with the reason,
and the report says so instead of failing. Nothing is dropped silently: a configured
determinant without a provincial value is compared with the mean of the province's kab/kota
(stated) or listed with the reason it is missing.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analisis.data.cakupan import catatan_untuk
from analisis.data.katalog import Indikator
from analisis.data.model import Basisdata
from analisis.evaluasi.celah import celah_evaluasi
from analisis.evaluasi.konteks import (
    KODE_NASIONAL,
    Konteks,
    angka_atau_kosong,
    buat_konteks,
    nilai_tahun,
    nilai_terakhir,
)
from analisis.evaluasi.params import EkstrakBnba, ParamsProvinsi
from analisis.galat import GalatAnalisis
from analisis.metode import (
    evaluasi_target,
    kuadran_p0_indikator,
    kuadran_perkembangan,
    perubahan_tahunan,
    posisi_relatif,
    relevansi_efektivitas,
    ringkasan_perkembangan,
    signifikansi_kuadran,
    skor_prioritas,
    tren_baku,
)
from analisis.metode.presisi import (
    INDIKATOR_MODEL,
    RSE_IMPOR,
    galat_baku,
    se_perubahan_relatif,
    se_selisih,
)
from analisis.proyek import Proyek

if TYPE_CHECKING:
    import duckdb

    from analisis.bnba.cek import HasilCek
    from analisis.bnba.konfigurasi import KonfigurasiBnba

PERAN = ("wilayah", "provinsi", "nasional")
PERIODE_EKSTREM = ("Maret", "tahunan")
"""Periods in which extreme-poverty figures are published (March Susenas first)."""


@dataclass
class HasilEvaluasi:
    """Everything the evaluation report shows, as plain pandas objects and dicts."""

    meta: dict
    seri: pd.DataFrame
    kartu: pd.DataFrame
    perkembangan: pd.DataFrame
    perubahan: pd.DataFrame
    relevansi: pd.DataFrame
    posisi: pd.DataFrame
    posisi_wilayah: dict
    kuadran_perkembangan: dict
    kuadran_indikator: dict[str, dict]
    target: pd.DataFrame
    determinan: dict
    kinerja: dict
    anggaran: dict
    bnba: dict
    provenans: pd.DataFrame
    catatan_data: list[dict]
    parameter: pd.DataFrame
    kosong: dict[str, str] = field(default_factory=dict)
    indikator_tren: list[str] = field(default_factory=list)
    """Trend indicators of the report (from the province parameters), in order."""
    indikator_kuadran: list[str] = field(default_factory=list)
    """P0 × indicator quadrant indicators of the report, in order."""
    celah_data: dict = field(default_factory=dict)
    """Missing cells that limited the report and the command that fills them
    (:func:`analisis.evaluasi.celah.celah_evaluasi`)."""
    ekstrem: dict = field(default_factory=dict)
    """Extreme poverty: provincial/national rate and trend against the target, the region's
    value when it exists, the BNBA desil-1 count when configured (see :func:`_bagian_ekstrem`)."""
    presisi: dict = field(default_factory=dict)
    """The precision model used (``keterangan``, ``n_efektif``) and where each indicator's SE
    came from (``sumber``: ``model`` / ``impor`` / ``rse_tetap``)."""


# --------------------------------------------------------------------------- precision


def _galat_baku(k: Konteks, kode: str) -> dict[str, tuple[pd.Series, pd.Series]]:
    """SE per year of the modelled indicators of one region (imported RSE first)."""
    seri = {ind: k.seri(kode, ind) for ind in INDIKATOR_MODEL if ind in k.katalog}
    hasil: dict[str, tuple[pd.Series, pd.Series]] = {}
    for ind in INDIKATOR_MODEL:
        rse_kode = RSE_IMPOR.get(ind)
        rse = k.seri(kode, rse_kode) if rse_kode and rse_kode in k.katalog else None
        if rse is not None and rse.notna().sum() == 0:
            rse = None
        gb = galat_baku(
            ind,
            seri,
            model=k.metode.model_presisi,
            rse_impor=rse,
            rse_tetap=k.metode.rse_bawaan,
        )
        if gb is not None:
            hasil[ind] = gb
    return hasil


def _presisi(k: Konteks, se: dict[str, tuple[pd.Series, pd.Series]]) -> dict:
    sumber = {
        ind: sorted({str(x) for x in s.loc[k.tahun_awal : k.tahun] if x})
        for ind, (_, s) in se.items()
    }
    return {
        "uji_signifikansi": k.metode.uji_signifikansi,
        "z": k.metode.z_signifikansi,
        "n_efektif": k.metode.n_efektif_presisi,
        "rse_tetap": k.metode.rse_bawaan,
        "keterangan": k.metode.model_presisi.keterangan(),
        "sumber": sumber,
    }


# --------------------------------------------------------------------------- sections


def _bagian_seri(k: Konteks, se: dict[str, tuple[pd.Series, pd.Series]]) -> pd.DataFrame:
    """Long series for the charts; the region's modelled indicators carry SE and a 95 % range."""
    z = k.metode.z_signifikansi
    baris = []
    for ind in k.params.indikator_tren:
        for peran, kode in k.kode_peran.items():
            s = k.seri(kode, ind)
            se_s = se[ind][0] if peran == "wilayah" and ind in se else None
            for t in k.jendela:
                x = nilai_tahun(s, t)
                prov = k.basis.provenans(kode, t, ind) if not math.isnan(x) else None
                g = nilai_tahun(se_s, t) if se_s is not None else float("nan")
                baris.append(
                    {
                        "indikator": ind,
                        "peran": peran,
                        "kode_wilayah": kode,
                        "tahun": t,
                        "nilai": x,
                        "se": g,
                        "bawah": x - z * g,
                        "atas": x + z * g,
                        "kualitas": prov["kualitas"] if prov else "",
                    }
                )
            k.catat(kode, ind, k.jendela)
    return pd.DataFrame(baris)


def _status_kartu(x: float, x_ref: float, info: Indikator, ada: bool) -> str:
    if not ada:
        return "tidak ada data"
    if info.arah == 0 or "jiwa" in info.satuan:
        # No better direction (GK), or a count that cannot be compared across levels.
        return "netral"
    if math.isnan(x_ref):
        return "tanpa pembanding"
    if abs(x - x_ref) <= 1e-9 * max(abs(x_ref), 1):
        return "sama"
    return "lebih baik" if (x - x_ref) * info.arah > 0 else "lebih buruk"


def _bagian_kartu(k: Konteks) -> pd.DataFrame:
    """Score card: each key indicator's latest value against the reference."""
    ind_kartu = list(
        dict.fromkeys(
            k.params.indikator_tren + [i for i in ("ipm", "tpt", "stunting") if i in k.katalog]
        )
    )
    kartu = []
    for ind in ind_kartu:
        info = k.katalog[ind]
        th, x = nilai_terakhir(k.seri(k.kode, ind), k.tahun)
        x_ref, sumber_ref = float("nan"), ""
        if th is not None and "jiwa" not in info.satuan:
            x_ref, sumber_ref = k.pembanding(ind, th)
        elif th is not None:
            x_ref = nilai_tahun(k.seri(k.kode_ref, ind), th)
            sumber_ref = k.nama(k.kode_ref)
            k.catat(k.kode_ref, ind, [th])
        prov = k.basis.provenans(k.kode, th, ind) if th is not None else None
        k.catat(k.kode, ind, [th])
        kartu.append(
            {
                "indikator": ind,
                "nama": info.nama,
                "satuan": info.satuan,
                "tahun_data": th,
                "nilai": x,
                "nilai_pembanding": x_ref,
                "sumber_pembanding": sumber_ref,
                "selisih": x - x_ref,
                "arah": info.arah,
                "status": _status_kartu(x, x_ref, info, th is not None),
                "kualitas": prov["kualitas"] if prov else "",
                "tahun_lama": th is not None and th < k.tahun,
            }
        )
    return pd.DataFrame(kartu)


def _ringkas_jendela(s: pd.Series, t0: int, t1: int) -> dict:
    """Window summary on exactly [t0, t1]; a series without both endpoints is not compared."""
    r = ringkasan_perkembangan(s.loc[t0:t1], t0, t1).sebagai_dict()
    if r["tahun_awal"] != t0 or r["tahun_akhir"] != t1:
        kosong = [str(t) for t in (t0, t1) if math.isnan(nilai_tahun(s, t))]
        for kunci in (
            "perubahan_total",
            "perubahan_relatif_persen",
            "rata_rata_perubahan",
            "laju_majemuk_persen",
        ):
            r[kunci] = float("nan")
        r["jumlah_tahun"] = 0
        r["keterangan"] = (
            f"tidak ada data {' dan '.join(kosong)}: tidak dibandingkan pada jendela {t0}–{t1}"
        )
    return r


def _ringkas_referensi(k: Konteks, kode: str, ind: str, t0: int, t1: int) -> dict:
    """A reference's window summary (the same for every region of the province with that
    window: shared across them, see :meth:`Konteks.bersama`)."""
    return _ringkas_jendela(k.seri(kode, ind).loc[: k.tahun], t0, t1)


def _perubahan_sampai_tahun(k: Konteks, kode: str, ind: str) -> pd.DataFrame:
    """Yearly changes of a series up to the evaluation year (shared across regions)."""
    return perubahan_tahunan(k.seri(kode, ind).loc[: k.tahun])


def _bagian_perkembangan(k: Konteks) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Trend summary per indicator over **one window per table**: the region's own endpoints
    inside the requested window; the references are cut to the same years."""
    ringkas, perubahan = [], []
    for ind in k.params.indikator_tren:
        s_kab = k.seri(k.kode, ind).loc[: k.tahun]
        r_kab = ringkasan_perkembangan(s_kab, k.tahun_awal, k.tahun)
        if r_kab.dapat_dihitung:
            t0, t1 = int(r_kab.tahun_awal), int(r_kab.tahun_akhir)  # type: ignore[arg-type]
        else:
            t0, t1 = k.tahun_awal, k.tahun
        dipotong = (t0, t1) != (k.tahun_awal, k.tahun)
        for peran, kode in k.kode_peran.items():
            if peran == "wilayah":
                r = r_kab.sebagai_dict()
            else:  # the province's and Indonesia's summaries are shared by their regions
                r = k.bersama(
                    ("ringkas_jendela", kode, ind, k.tahun, t0, t1),
                    _ringkas_referensi,
                    k,
                    kode,
                    ind,
                    t0,
                    t1,
                )
            ringkas.append(
                {
                    "indikator": ind,
                    "peran": peran,
                    "kode_wilayah": kode,
                    **r,
                    "jendela_awal": t0,
                    "jendela_akhir": t1,
                    "jendela_dipotong": dipotong,
                }
            )
            pt = k.bersama(
                ("perubahan_tahunan", kode, ind, k.tahun), _perubahan_sampai_tahun, k, kode, ind
            )
            pt = pt.loc[k.tahun_awal : k.tahun].reset_index()
            pt.insert(0, "peran", peran)
            pt.insert(0, "indikator", ind)
            perubahan.append(pt)
    perubahan_df = pd.concat(perubahan, ignore_index=True) if perubahan else pd.DataFrame()
    return pd.DataFrame(ringkas), perubahan_df


def _bagian_relevansi(k: Konteks, se: dict[str, tuple[pd.Series, pd.Series]]) -> pd.DataFrame:
    """Relevansi and efektivitas per trend indicator and year, with the significance guard.

    Counts of people use relative efektivitas (absolute changes of a kab/kota and of its
    province are not comparable)."""
    rel = []
    for ind in k.params.indikator_tren:
        info = k.katalog[ind]
        if info.arah == 0:
            continue
        aturan = "relatif" if "jiwa" in info.satuan else k.metode.efektivitas
        se_kab = se[ind][0] if k.metode.uji_signifikansi and ind in se else None
        r = relevansi_efektivitas(
            k.seri(k.kode, ind).loc[: k.tahun],
            k.seri(k.kode_ref, ind).loc[: k.tahun],
            info.arah,
            relevansi=k.metode.relevansi,
            efektivitas=aturan,
            se_kab=se_kab,
            z=k.metode.z_signifikansi,
        )
        r = r.loc[[t for t in r.index if k.tahun_awal < t <= k.tahun]].reset_index()
        r.insert(0, "indikator", ind)
        r["aturan_efektivitas"] = aturan
        rel.append(r)
    relevansi_df = pd.concat(rel, ignore_index=True) if rel else pd.DataFrame()
    if relevansi_df.empty or relevansi_df.get("relevansi", pd.Series(dtype=object)).isna().all():
        k.kosong["relevansi"] = (
            "tidak ada dua tahun berurutan dengan data wilayah dan pembanding dalam jendela"
        )
    return relevansi_df


def _bagian_posisi(k: Konteks) -> tuple[pd.DataFrame, dict]:
    """Rank among the province's kab/kota for every trend indicator with a direction."""
    pos_rows, posisi_wil = [], {}
    for ind in k.params.indikator_tren:
        info = k.katalog[ind]
        if info.arah == 0:
            continue
        pen = k.penampang(ind, k.tahun)
        if pen.notna().sum() == 0:
            continue
        hp, t = k.peringkat(ind, k.tahun)
        pos_rows.append(t)
        if "jiwa" in info.satuan:
            x_ref, sumber = float("nan"), ""  # a count is not comparable with the province's
        else:
            x_ref, sumber = k.pembanding(ind, k.tahun)
        pr = posisi_relatif(
            pen, k.kode, info.arah, None if math.isnan(x_ref) else x_ref, hasil_peringkat=hp
        )
        posisi_wil[ind] = {
            "peringkat": pr.peringkat,
            "jumlah": pr.jumlah_diperingkat,
            "nilai": pr.nilai,
            "nilai_pembanding": pr.nilai_ref,
            "sumber_pembanding": sumber,
            "posisi": pr.posisi,
            "seri_dengan": list(pr.seri_dengan),
        }
        for x in k.kabkota:
            k.catat(x, ind, [k.tahun])
    posisi_df = pd.concat(pos_rows, ignore_index=True) if pos_rows else pd.DataFrame()
    if "p0" not in posisi_wil or posisi_wil["p0"]["peringkat"] is None:
        k.kosong["posisi"] = (
            f"P0 {k.tahun} tidak tersedia untuk wilayah ini atau kabupaten/kota lain di provinsi"
        )
    return posisi_df, posisi_wil


def _se_p0_kabkota(k: Konteks, t0: int, t1: int) -> tuple[pd.Series, pd.Series]:
    """SE of every kab/kota's P0 in ``t1`` and of its change ``t0``→``t1`` (imported RSE of
    that year first, else the model)."""
    model = k.metode.model_presisi

    def se(kode: str, t: int) -> float:
        x = nilai_tahun(k.seri(kode, "p0"), t)
        rse = nilai_tahun(k.seri(kode, "rse_p0"), t) if "rse_p0" in k.katalog else float("nan")
        if not math.isnan(rse):
            return abs(x) * rse / 100.0
        if k.metode.rse_bawaan is not None:
            return abs(x) * k.metode.rse_bawaan / 100.0
        return float(model.se_p0(x))

    awal = pd.Series({x: se(x, t0) for x in k.kabkota}, dtype=float)
    akhir = pd.Series({x: se(x, t1) for x in k.kabkota}, dtype=float)
    return akhir, np.sqrt(awal**2 + akhir**2)


def _kuadran_perkembangan_provinsi(k: Konteks, t0: int, t1: int) -> dict | str:
    """The level × change quadrant of P0 of the province's kab/kota over ``t0``–``t1`` (the
    same for each of its regions: shared across them, see :meth:`Konteks.bersama`), or why it
    cannot be drawn."""
    panel = pd.DataFrame({x: k.seri(x, "p0") for x in k.kabkota})
    try:
        hk = kuadran_perkembangan(
            panel,
            k.seri(k.kode_ref, "p0"),
            -1,
            t0,
            t1,
            sumbu_y=k.metode.sumbu_kuadran,
            seri_ambang=k.metode.seri_ambang,
        )
    except GalatAnalisis as e:
        return str(e)
    tabel = hk.tabel
    if k.metode.uji_signifikansi:
        se_level, se_ubah = _se_p0_kabkota(k, t0, t1)
        if k.metode.sumbu_kuadran == "absolut":
            se_laju = se_ubah / (t1 - t0)
        else:  # compound %/yr: d ln X ≈ relative error, spread over the years
            rel = np.hypot(se_level / tabel["level"], se_ubah / tabel["level"])
            se_laju = rel * 100.0 / (t1 - t0)
        tabel = signifikansi_kuadran(
            tabel, hk.ambang_x, hk.ambang_y, se_level, se_laju, k.metode.z_signifikansi
        )
    tk = tabel.reset_index().rename(columns={"index": "kode_wilayah"})
    tk["nama"] = [k.nama(x) for x in tk["kode_wilayah"]]
    return {
        "tabel": tk,
        "ambang_x": hk.ambang_x,
        "ambang_y": hk.ambang_y,
        "tahun_awal": t0,
        "tahun_akhir": t1,
        "sumbu_y": k.metode.sumbu_kuadran,
        "catatan": list(hk.catatan),
    }


def _bagian_kuadran_perkembangan(k: Konteks) -> dict:
    """Level × change quadrant of P0 over the quadrant window, with the noise of each side."""
    t1 = k.tahun
    t0 = t1 - k.jendela_kuadran
    hasil = k.bersama(
        ("kuadran_perkembangan", k.kode_prov, k.kode_ref, t0, t1, k.kunci_metode),
        _kuadran_perkembangan_provinsi,
        k,
        t0,
        t1,
    )
    if isinstance(hasil, str):
        k.kosong["kuadran_perkembangan"] = hasil
        return {}
    milik = _salinan_kuadran(hasil)
    tk = milik["tabel"]
    for x in k.kabkota:
        k.catat(x, "p0", [t0, t1])
    k.catat(k.kode_ref, "p0", [t0, t1])
    if k.kode not in set(tk["kode_wilayah"]) or pd.isna(
        tk.set_index("kode_wilayah").at[k.kode, "kuadran"]
    ):
        k.kosong["kuadran_perkembangan"] = f"P0 wilayah ini tidak tersedia untuk {t0} atau {t1}"
    return milik


def _salinan_kuadran(bersama: dict) -> dict:
    """A region's own copy of a quadrant result shared across the province's regions
    (:meth:`Konteks.bersama`): its table and notes, which the report goes on to change."""
    return {**bersama, "tabel": bersama["tabel"].copy(), "catatan": [*bersama["catatan"]]}


def _kuadran_indikator_provinsi(k: Konteks, ind: str, th: int) -> dict | str:
    """The P0 × ``ind`` quadrant of the province's kab/kota in ``th`` (the same for each of its
    regions: shared across them, see :meth:`Konteks.bersama`), or why it cannot be drawn."""
    p0_ref = nilai_tahun(k.seri(k.kode_ref, "p0"), th)
    ind_ref = nilai_tahun(k.seri(k.kode_ref, ind), th)
    try:
        hk = kuadran_p0_indikator(
            k.penampang("p0", th),
            k.penampang(ind, th),
            k.katalog[ind].arah,
            ambang=k.metode.ambang_indikator,
            p0_ref=None if math.isnan(p0_ref) else p0_ref,
            indikator_ref=None if math.isnan(ind_ref) else ind_ref,
            seri_ambang=k.metode.seri_ambang,
            cadangan=True,
        )
    except GalatAnalisis as e:
        return str(e)
    tk = hk.tabel.reset_index().rename(columns={"index": "kode_wilayah"})
    tk["nama"] = [k.nama(x) for x in tk["kode_wilayah"]]
    return {
        "tabel": tk,
        "ambang_x": hk.ambang_x,
        "ambang_y": hk.ambang_y,
        "tahun": th,
        "sumber_ambang": hk.sumber_ambang,
        "catatan": list(hk.catatan),
    }


def _bagian_kuadran_indikator(k: Konteks) -> dict[str, dict]:
    """P0 × indicator quadrants; a missing provincial value falls back to the kab/kota mean."""
    kuadran_ind: dict[str, dict] = {}
    for ind in k.params.indikator_kuadran:
        info = k.katalog[ind]
        th, _ = nilai_terakhir(k.seri(k.kode, ind), k.tahun)
        if th is None or info.arah == 0:
            k.kosong[f"kuadran_{ind}"] = (
                f"{info.nama} tidak tersedia untuk wilayah ini sampai {k.tahun}"
            )
            continue
        if math.isnan(nilai_tahun(k.seri(k.kode, "p0"), th)):
            k.kosong[f"kuadran_{ind}"] = (
                f"P0 wilayah ini tidak tersedia untuk {th}, tahun data terakhir {info.nama}"
            )
            continue
        hasil = k.bersama(
            ("kuadran_indikator", k.kode_prov, k.kode_ref, ind, th, k.kunci_metode),
            _kuadran_indikator_provinsi,
            k,
            ind,
            th,
        )
        if isinstance(hasil, str):
            k.kosong[f"kuadran_{ind}"] = hasil
            continue
        kuadran_ind[ind] = _salinan_kuadran(hasil)
        for x in k.kabkota:
            k.catat(x, "p0", [th])
            k.catat(x, ind, [th])
        k.catat(k.kode_ref, ind, [th])
        k.catat(k.kode_ref, "p0", [th])
    return kuadran_ind


def _bagian_target(k: Konteks) -> pd.DataFrame:
    """Targets of the region (own, else provincial defaults); the extreme-poverty target only
    when the region has extreme-poverty figures (otherwise the extreme-poverty part shows the
    provincial series against it)."""
    daftar = [(tg, False) for tg in k.params.target_untuk(k.kode)]
    te = k.params.target_ekstrem
    if te is not None and _seri_ekstrem(k, k.kode, te.indikator)[0].notna().any():
        daftar.append((te, True))
    baris = []
    for tg, ekstrem in daftar:
        s = (
            _seri_ekstrem(k, k.kode, tg.indikator)[0]
            if ekstrem
            else k.seri(k.kode, tg.indikator).loc[: k.tahun]
        )
        ev = evaluasi_target(
            s,
            k.katalog[tg.indikator].arah or -1,
            tg.nilai,
            tg.tahun,
            rentang_laju=k.metode.rentang_laju_tahun,
            riwayat_minimum=k.metode.riwayat_minimum,
        )
        baris.append(
            {
                "indikator": tg.indikator,
                "sumber_target": tg.sumber,
                "ekstrem": ekstrem,
                **ev.sebagai_dict(),
            }
        )
        if not ekstrem:
            k.catat(k.kode, tg.indikator, s.dropna().index.tolist())
    df = pd.DataFrame(baris)
    if df.empty:
        k.kosong["target"] = "belum ada target di berkas parameter"
    return df


_POLA_PPP = re.compile(r"USD\s*([0-9]+[,.][0-9]+)\s*PPP\s*(\d{4})", re.IGNORECASE)


def _basis_ppp(catatan: str) -> str:
    """The PPP basis named in a value's note (``USD 2,15 PPP 2017``), or ``""``."""
    m = _POLA_PPP.search(catatan or "")
    return f"USD {m.group(1).replace('.', ',')} PPP {m.group(2)}" if m else ""


def _seri_ekstrem(k: Konteks, kode: str, ind: str) -> tuple[pd.Series, dict[int, str]]:
    """An extreme-poverty series up to the evaluation year, March figures first, then annual
    ones (periods are named per value), and the period of each year used."""
    nilai: dict[int, float] = {}
    periode: dict[int, str] = {}
    for p in PERIODE_EKSTREM:
        s = k.seri(kode, ind, p).loc[: k.tahun].dropna()
        for t, x in s.items():
            if int(t) not in nilai:
                nilai[int(t)] = float(x)
                periode[int(t)] = p
    s = pd.Series(nilai, dtype=float).sort_index()
    s.index = s.index.astype("int64")
    return s, periode


def _baris_ekstrem(k: Konteks, kode: str) -> list[dict]:
    s, periode = _seri_ekstrem(k, kode, "p0_ekstrem")
    baris = []
    for t, x in s.items():
        p = k.basis.provenans(kode, int(t), "p0_ekstrem", periode[int(t)]) or {}
        k.dipakai.add((kode, int(t), "p0_ekstrem", periode[int(t)]))
        baris.append(
            {
                "kode_wilayah": kode,
                "wilayah": k.nama(kode),
                "tahun": int(t),
                "nilai": float(x),
                "periode": periode[int(t)],
                "basis": _basis_ppp(str(p.get("catatan", ""))) or "basis PPP tidak disebut sumber",
                "kualitas": p.get("kualitas", ""),
            }
        )
    return baris


def _desil1_bnba(bnba: dict) -> dict | None:
    """People and families in desil 1 from a configured BNBA extract (suppressed aggregates)."""
    rek = bnba.get("rekonsiliasi_bps")
    if rek is None or len(rek) == 0 or "ukuran" not in rek:
        return None
    nilai = dict(zip(rek["ukuran"].astype(str), rek["nilai"], strict=False))
    individu = nilai.get("penduduk desil 1 (jiwa)")
    keluarga = nilai.get("keluarga desil 1 (KK)")
    if individu is None and keluarga is None:
        return None
    return {
        "jumlah_individu": individu,
        "jumlah_keluarga": keluarga,
        "sintetis": bool(bnba.get("sintetis")),
    }


def _bagian_ekstrem(k: Konteks, bnba: dict) -> dict:
    """Extreme poverty from what exists: the region's figures when they exist, the province's
    and Indonesia's rate and trend against the target (PPP basis per value), and the desil-1
    count of a configured BNBA extract. Never only "no data"."""
    te = k.params.target_ekstrem
    hasil: dict = {
        "target": None
        if te is None
        else {"nilai": te.nilai, "tahun": te.tahun, "sumber": te.sumber},
        "seri": [],
        "evaluasi": {},
        "desil1": _desil1_bnba(bnba),
        "catatan": [],
    }
    for peran in ("wilayah", "provinsi", "nasional"):
        kode = k.kode_peran[peran]
        baris = _baris_ekstrem(k, kode)
        for b in baris:
            b["peran"] = peran
        hasil["seri"] += baris
        if not baris or te is None:
            continue
        basis_akhir = baris[-1]["basis"]
        sebanding = [b for b in baris if b["basis"] == basis_akhir]
        s = pd.Series({b["tahun"]: b["nilai"] for b in sebanding}, dtype=float)
        ev = evaluasi_target(
            s,
            -1,
            te.nilai,
            te.tahun,
            rentang_laju=k.metode.rentang_laju_tahun,
            riwayat_minimum=2,
        )
        hasil["evaluasi"][peran] = {**ev.sebagai_dict(), "basis": basis_akhir}
        if len(sebanding) < len(baris):
            hasil["catatan"].append(
                f"{k.nama(kode)}: {len(baris) - len(sebanding)} nilai dengan basis PPP lain "
                "tidak dipakai untuk laju (tidak sebanding)"
            )
    if not any(b["peran"] == "wilayah" for b in hasil["seri"]):
        hasil["catatan"].append(
            "BPS tidak menerbitkan angka kemiskinan ekstrem kabupaten/kota ini dalam data yang "
            "tersedia; yang ditampilkan angka provinsi dan nasional"
        )
    if hasil["desil1"] is None:
        hasil["catatan"].append(
            "jumlah desil 1 BNBA tidak ditampilkan: belum ada berkas BNBA untuk wilayah ini "
            "(kunci 'bnba' di berkas parameter provinsi)"
        )
    return hasil


def _bagian_determinan(k: Konteks) -> dict:
    """Determinant screening: every configured indicator appears, scored or listed as missing
    with the reason. The reference falls back to the kab/kota mean (stated); the trend is
    unit-free (:func:`analisis.metode.tren_baku`)."""
    nilai_kab, nilai_ref, ubah, tren, tahun_det, sumber_ref = {}, {}, {}, {}, {}, {}
    tidak_dinilai = []
    for ind in k.params.indikator_determinan:
        info = k.katalog[ind]
        th, x = nilai_terakhir(k.seri(k.kode, ind), k.tahun)
        if th is None:
            tidak_dinilai.append(
                {"indikator": ind, "alasan": f"tidak ada nilai wilayah ini sampai {k.tahun}"}
            )
            continue
        if info.arah == 0:
            tidak_dinilai.append({"indikator": ind, "alasan": "indikator tanpa arah baik-buruk"})
            continue
        xr, sumber = k.pembanding(ind, th)
        if math.isnan(xr):
            tidak_dinilai.append(
                {
                    "indikator": ind,
                    "alasan": f"tidak ada nilai pembanding maupun nilai kabupaten/kota lain {th}",
                }
            )
            continue
        nilai_kab[ind], nilai_ref[ind], tahun_det[ind], sumber_ref[ind] = x, xr, th, sumber
        sebelum = nilai_tahun(k.seri(k.kode, ind), th - 1)
        ubah[ind] = x - sebelum if not math.isnan(sebelum) else np.nan
        semua = k.penampang(ind, th) - k.penampang(ind, th - 1)
        tren[ind] = tren_baku(ubah[ind], semua, info.arah)
        k.catat(k.kode, ind, [th, th - 1])
    if len(nilai_kab) < 2:
        k.kosong["determinan"] = (
            "kurang dari dua indikator determinan memiliki nilai wilayah dan pembanding"
        )
        return {"tidak_dinilai": tidak_dinilai} if tidak_dinilai else {}
    prioritas = skor_prioritas(
        pd.Series(nilai_kab),
        pd.Series(nilai_ref),
        pd.Series({i: k.katalog[i].arah for i in nilai_kab}),
        perubahan_kab=pd.Series(ubah, dtype=float),
        tren=pd.Series(tren, dtype=float),
        bobot=k.metode.bobot_prioritas,
        batas_rse=k.metode.batas_rse,
    )
    tabel = prioritas.tabel.reset_index().rename(columns={"index": "indikator"})
    tabel["tahun_data"] = tabel["indikator"].map(tahun_det)
    tabel["sumber_pembanding"] = tabel["indikator"].map(sumber_ref)
    tabel["nama"] = tabel["indikator"].map(lambda i: k.katalog[i].nama)
    return {
        "tabel": tabel,
        "bobot_dipakai": prioritas.bobot_dipakai,
        "bobot_parameter": k.metode.bobot_prioritas.sebagai_dict(),
        "catatan": list(prioritas.catatan),
        "tidak_dinilai": tidak_dinilai,
    }


def _bagian_anggaran(k: Konteks) -> dict:
    from analisis.evaluasi.anggaran import bagian_anggaran

    anggaran, alasan = bagian_anggaran(
        k.kode,
        k.tahun,
        k.params.berkas_anggaran(k.proyek),
        k.seri(k.kode, "p0"),
        nilai_tahun(k.seri(k.kode, "jumlah_penduduk_miskin"), k.tahun),
        k.proyek,
    )
    if alasan:
        k.kosong["anggaran"] = alasan
    else:
        k.catat(k.kode, "jumlah_penduduk_miskin", [k.tahun])
    return anggaran


def _bagian_kinerja(
    k: Konteks, relevansi_df: pd.DataFrame, se: dict[str, tuple[pd.Series, pd.Series]]
) -> dict:
    """Outcome indicators for the TKPK ranking over the last ``jendela_tahun`` years, each with
    its standard error (``<kode>__se``, from the same precision model; the ranking's Monte Carlo
    uses it).

    Declines are positive when poverty fell. Endpoints are never substituted: a missing
    endpoint gives None, and the ranking's missing-data policy decides what happens.
    """
    jendela = k.params.jendela_tahun
    t1 = k.tahun
    t0 = t1 - jendela
    hasil: dict = {"jendela_tahun": jendela, "tahun_awal": t0, "tahun_akhir": t1}
    for ind in ("p0", "p1", "p2"):
        s = k.seri(k.kode, ind)
        a, b = nilai_tahun(s, t0), nilai_tahun(s, t1)
        turun = a - b
        hasil[f"penurunan_{ind}_3th"] = None if math.isnan(turun) else round(turun, 10)
        se_s = se[ind][0] if ind in se else None
        se_a = angka_atau_kosong(nilai_tahun(se_s, t0)) if se_s is not None else None
        se_b = angka_atau_kosong(nilai_tahun(se_s, t1)) if se_s is not None else None
        se_turun = se_selisih(se_a, se_b) if not math.isnan(turun) else None
        if se_turun is not None:
            hasil[f"penurunan_{ind}_3th__se"] = round(se_turun, 10)
        if ind == "p0":
            rel = turun / a * 100 if (not math.isnan(turun) and a > 0) else float("nan")
            hasil["penurunan_p0_relatif_3th"] = None if math.isnan(rel) else round(rel, 10)
            se_rel = se_perubahan_relatif(a, b, se_a, se_b) if not math.isnan(rel) else None
            if se_rel is not None:
                hasil["penurunan_p0_relatif_3th__se"] = round(se_rel, 10)
    ef = None
    if not relevansi_df.empty and "efektivitas" in relevansi_df:
        r = relevansi_df[
            (relevansi_df["indikator"] == "p0")
            & (relevansi_df["tahun"] > t0)
            & (relevansi_df["tahun"] <= t1)
        ]
        label = r["efektivitas"].dropna()
        if len(label):
            ef = float((label == "efektif").mean())
    hasil["efektivitas_p0"] = ef
    return hasil


_BASIS_BNBA = threading.local()


def _koneksi_bnba() -> duckdb.DuckDBPyConnection:
    """A new connection (cursor) to this thread's in-memory DuckDB database for the BNBA
    checks of evaluations (see ``con`` of :func:`analisis.bnba.cek.cek_bnba`): a kernel
    evaluating region after region starts that database once instead of once per extract.
    Per thread: the checks of one database must not run at the same time. DuckDB settings are
    database-wide (every cursor sees them): the evaluation's checks set none but the insertion
    order, which :func:`analisis.bnba.skema.sambung` sets at the start of every check; a check
    given ``memori``/``folder_sementara`` needs a database of its own, not this one."""
    import duckdb

    db = getattr(_BASIS_BNBA, "db", None)
    if db is None:
        db = _BASIS_BNBA.db = duckdb.connect()
    return db.cursor()


def _bagian_bnba(k: Konteks, kinerja: dict) -> dict:
    """By-name-by-address data (private input; only suppressed aggregates are kept); its
    publishable quality indicators go into ``kinerja`` for the ranking. With the previous
    quarter's extract configured, also the quarterly progress (``triwulan_*``)."""
    ekstrak = k.params.ekstrak_bnba(k.kode, k.proyek)
    if ekstrak is None:
        k.kosong["bnba"] = (
            "belum ada berkas BNBA untuk wilayah ini di berkas parameter provinsi (kunci 'bnba')"
        )
        return {}
    from analisis.bnba import cek_bnba, ringkasan_publik
    from analisis.bnba.konfigurasi import konfigurasi_bnba
    from analisis.evaluasi.tabel_bnba import KUNCI_KEBIJAKAN, kebijakan_publikasi

    konf = konfigurasi_bnba(k.proyek)
    with cek_bnba(
        ekstrak.berkas,
        k.kode,
        aturan=konf.aturan,
        pemetaan=konf.pemetaan,
        tanggal_acuan=ekstrak.tanggal_acuan,
        con=_koneksi_bnba(),
    ) as cek:
        publik = ringkasan_publik(cek, aturan=konf.aturan, privasi=konf.privasi)
        bnba = {kunci: v.reset_index(drop=True) for kunci, v in publik.items()}
        bnba["sintetis"] = ekstrak.sintetis or bool(getattr(cek, "sintetis", False))
        # The quarterly comparison reuses this check of quarter t (read and checked once).
        triwulan = _triwulan_bnba(k, ekstrak, konf, cek) if ekstrak.lalu is not None else {}
    bnba[KUNCI_KEBIJAKAN] = kebijakan_publikasi(konf.privasi, konf.aturan)
    ik = bnba["indikator_kualitas"]
    for kunci in ("progres_verval", "persen_nik_valid", "persen_duplikat", "cakupan_desil1"):
        v = ik[kunci].iloc[0] if kunci in ik and len(ik) else None
        kinerja[kunci] = (
            float(v) if isinstance(v, (int, float)) and not math.isnan(float(v)) else None
        )
    bnba |= triwulan
    return bnba


def _triwulan_bnba(
    k: Konteks, ekstrak: EkstrakBnba, konf: KonfigurasiBnba, cek_baru: HasilCek
) -> dict:
    """The quarterly progress as ``bnba banding`` publishes it (suppressed aggregates), from
    the previous quarter's extract and ``cek_baru``, the check of the current one."""
    from analisis.bnba import cek_bnba
    from analisis.bnba.triwulan import perkembangan_dari_cek

    assert ekstrak.lalu is not None
    with cek_bnba(
        ekstrak.lalu,
        k.kode,
        aturan=konf.aturan,
        pemetaan=konf.pemetaan,
        tanggal_acuan=ekstrak.tanggal_acuan_lalu,
        con=_koneksi_bnba(),
    ) as cek_lama:
        p = perkembangan_dari_cek(cek_lama, cek_baru, privasi=konf.privasi, pemetaan=konf.pemetaan)
    hasil: dict = {"triwulan_keterangan": p.keterangan.ke_dict()}
    for tingkat, tabel in p.tabel.items():
        hasil[f"triwulan_{tingkat.removeprefix('pergerakan_')}"] = tabel.reset_index(drop=True)
    return hasil


def _bagian_provenans(k: Konteks) -> pd.DataFrame:
    """Where every number used came from (one row per region × year × indicator)."""
    baris = []
    for kode, t, ind, periode in sorted(k.dipakai, key=lambda x: (x[0], x[1], x[2], x[3] or "")):
        p = k.basis.provenans(kode, t, ind, periode)
        if p is not None:
            baris.append(
                {
                    "kode_wilayah": kode,
                    "wilayah": k.nama(kode),
                    "tahun": t,
                    "indikator": ind,
                    "nilai": p["nilai"],
                    "satuan": p["satuan"],
                    "kualitas": p["kualitas"],
                    "sumber": p["sumber"],
                    "catatan": p["catatan"],
                    "asal": p["asal"],
                }
            )
    return pd.DataFrame(baris)


def _meta(k: Konteks, provenans: pd.DataFrame) -> dict:
    w = k.wilayah
    mutu = provenans["kualitas"].value_counts().to_dict() if not provenans.empty else {}
    return {
        "kode_wilayah": k.kode,
        "nama": k.nama(k.kode),
        "tingkat": str(w.at[k.kode, "tingkat"]),
        "kode_provinsi": k.kode_prov,
        "provinsi": k.nama(k.kode_prov),
        "kode_kemendagri": str(w.at[k.kode, "kode_kemendagri"]),
        "tahun": int(k.tahun),
        "tahun_awal": int(k.tahun_awal),
        "pembanding": k.metode.pembanding,
        "kode_pembanding": k.kode_ref,
        "nama_pembanding": k.nama(k.kode_ref),
        "jendela_tahun": k.params.jendela_tahun,
        "jendela_kuadran": k.jendela_kuadran,
        "vintase": f"Susenas Maret {k.tahun} (angka kemiskinan kab/kota BPS; dirilis pertengahan {k.tahun})",
        "sidik_jari_data": k.basis.sidik_jari()[:16],
        "ada_data_impor": bool((k.basis.tabel["asal"] != "bundel").any()),
        "mutu_angka_dipakai": {kk: int(v) for kk, v in sorted(mutu.items())},
        "versi_analisis": version("analisis"),
        "dibuat": datetime.now(UTC).isoformat(timespec="seconds"),
    }


# --------------------------------------------------------------------------- entry point


def evaluasi_wilayah(
    kode_wilayah: str,
    tahun: int,
    *,
    tahun_awal: int | None = None,
    pembanding: str | None = None,
    params: ParamsProvinsi | None = None,
    basis: Basisdata | None = None,
    proyek: Proyek | None = None,
) -> HasilEvaluasi:
    """Evaluate one kabupaten/kota for the evaluation year ``tahun``.

    ``tahun_awal`` defaults to ``tahun − 5``; ``pembanding`` (provinsi | nasional) overrides the
    parameter file's choice. ``proyek`` resolves the params folder and the files the parameters
    point to (default: :meth:`Proyek.muat`).
    """
    proyek = proyek or Proyek.muat()
    basis = basis or Basisdata.muat()
    k = buat_konteks(kode_wilayah, tahun, tahun_awal, pembanding, params, basis, proyek)
    se = _galat_baku(k, k.kode)
    tabel_seri = _bagian_seri(k, se)
    kartu = _bagian_kartu(k)
    perkembangan, perubahan = _bagian_perkembangan(k)
    relevansi = _bagian_relevansi(k, se)
    posisi, posisi_wil = _bagian_posisi(k)
    kuadran_perk = _bagian_kuadran_perkembangan(k)
    kuadran_ind = _bagian_kuadran_indikator(k)
    target = _bagian_target(k)
    determinan = _bagian_determinan(k)
    anggaran = _bagian_anggaran(k)
    kinerja = _bagian_kinerja(k, relevansi, se)
    bnba = _bagian_bnba(k, kinerja)
    ekstrem = _bagian_ekstrem(k, bnba)
    provenans = _bagian_provenans(k)
    ind_dipakai = sorted({i for _, _, i, _ in k.dipakai})
    return HasilEvaluasi(
        meta=_meta(k, provenans),
        seri=tabel_seri,
        kartu=kartu,
        perkembangan=perkembangan,
        perubahan=perubahan,
        relevansi=relevansi,
        posisi=posisi,
        posisi_wilayah=posisi_wil,
        kuadran_perkembangan=kuadran_perk,
        kuadran_indikator=kuadran_ind,
        target=target,
        determinan=determinan,
        kinerja=kinerja,
        anggaran=anggaran,
        bnba=bnba,
        provenans=provenans,
        catatan_data=catatan_untuk(ind_dipakai, [k.kode, k.kode_prov, KODE_NASIONAL], k.jendela),
        parameter=k.metode.ringkasan_tabel(),
        indikator_tren=list(k.params.indikator_tren),
        indikator_kuadran=list(k.params.indikator_kuadran),
        kosong=k.kosong,
        ekstrem=ekstrem,
        presisi=_presisi(k, se),
        celah_data=celah_evaluasi(
            k.basis,
            k.kode,
            k.tahun,
            k.tahun_awal,
            kode_provinsi=k.kode_prov,
            indikator_tren=list(k.params.indikator_tren),
            jendela_tahun=k.params.jendela_tahun,
        ),
    )
