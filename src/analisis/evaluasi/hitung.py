"""The evaluation of one kabupaten/kota for one year: every number of the report.

:func:`evaluasi_wilayah` gathers the series from :class:`~analisis.data.model.Basisdata`,
applies the methods of :mod:`analisis.metode` with the province parameters and returns a
:class:`HasilEvaluasi`. The notebook only narrates and plots it; the ranking and the app read
its saved form (:mod:`analisis.evaluasi.simpan`) without re-running anything.

A section whose data are absent is listed in :attr:`HasilEvaluasi.kosong` with the reason,
and the report says so instead of failing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version

import numpy as np
import pandas as pd

from analisis.data.cakupan import catatan_untuk
from analisis.data.model import Basisdata
from analisis.data.wilayah import wilayah_provinsi
from analisis.evaluasi.celah import celah_evaluasi
from analisis.evaluasi.params import ParamsProvinsi, muat_params
from analisis.galat import GalatAnalisis
from analisis.metode import (
    evaluasi_target,
    kuadran_p0_indikator,
    kuadran_perkembangan,
    peringkat,
    perubahan_tahunan,
    posisi_relatif,
    relevansi_efektivitas,
    ringkasan_perkembangan,
    skor_prioritas,
)
from analisis.proyek import Proyek

PERAN = ("wilayah", "provinsi", "nasional")
KODE_NASIONAL = "0000"


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


def _nilai(s: pd.Series, t: int) -> float:
    return float(s.get(t, np.nan)) if t in s.index else float("nan")


def _terakhir(s: pd.Series, sampai: int) -> tuple[int | None, float]:
    """Latest year ≤ ``sampai`` with a value."""
    ada = s.loc[:sampai].dropna()
    if ada.empty:
        return None, float("nan")
    return int(ada.index[-1]), float(ada.iloc[-1])


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
    w = basis.wilayah
    if kode_wilayah not in w.index or w.at[kode_wilayah, "tingkat"] not in ("kabupaten", "kota"):
        raise GalatAnalisis(
            f"Wilayah '{kode_wilayah}' bukan kabupaten/kota yang dikenal; gunakan kode BPS 4 digit (mis. 6303).",
            2,
        )
    kode_prov = str(w.at[kode_wilayah, "kode_provinsi"])
    params = params or muat_params(provinsi=kode_prov, proyek=proyek)
    if params.provinsi != kode_prov:
        raise GalatAnalisis(
            f"Berkas parameter untuk provinsi {params.provinsi}, tetapi wilayah {kode_wilayah} ada di provinsi {kode_prov}.",
            2,
        )
    metode = params.parameter_metode
    if pembanding is not None:
        if pembanding not in ("provinsi", "nasional"):
            raise GalatAnalisis(
                f"Pembanding '{pembanding}' tidak dikenal; pilih provinsi atau nasional.", 2
            )
        metode = metode.model_copy(update={"pembanding": pembanding})
    tahun_awal = tahun_awal if tahun_awal is not None else tahun - 5
    if tahun_awal >= tahun:
        raise GalatAnalisis(f"Tahun awal ({tahun_awal}) harus sebelum tahun evaluasi ({tahun}).", 2)
    t_min, t_maks = int(basis.tabel["tahun"].min()), int(basis.tabel["tahun"].max())
    if not (t_min <= tahun <= t_maks):
        raise GalatAnalisis(f"Tahun evaluasi {tahun} di luar data ({t_min}–{t_maks}).", 2)

    kode_ref = kode_prov if metode.pembanding == "provinsi" else KODE_NASIONAL
    kode_peran = {"wilayah": kode_wilayah, "provinsi": kode_prov, "nasional": KODE_NASIONAL}
    kabkota = wilayah_provinsi(kode_prov)
    dipakai: set[tuple[str, int, str]] = set()
    kosong: dict[str, str] = {}
    katalog = basis.katalog

    _seri_cache: dict[tuple[str, str], pd.Series] = {}

    def seri(kode: str, ind: str) -> pd.Series:
        kunci = (kode, ind)
        if kunci not in _seri_cache:
            _seri_cache[kunci] = basis.seri(kode, ind)
        return _seri_cache[kunci].copy()

    def catat(kode: str, ind: str, tahun_list) -> None:
        for t in tahun_list:
            if t is not None and not math.isnan(_nilai(seri(kode, ind), int(t))):
                dipakai.add((kode, int(t), ind))

    jendela = list(range(tahun_awal, tahun + 1))
    ind_tren = params.indikator_tren

    # --- series (long) for the report charts
    baris_seri = []
    for ind in ind_tren:
        for peran, kode in kode_peran.items():
            s = seri(kode, ind)
            for t in jendela:
                x = _nilai(s, t)
                prov = basis.provenans(kode, t, ind) if not math.isnan(x) else None
                baris_seri.append(
                    {
                        "indikator": ind,
                        "peran": peran,
                        "kode_wilayah": kode,
                        "tahun": t,
                        "nilai": x,
                        "kualitas": prov["kualitas"] if prov else "",
                    }
                )
            catat(kode, ind, jendela)
    tabel_seri = pd.DataFrame(baris_seri)

    # --- 1. score card
    ind_kartu = list(
        dict.fromkeys(ind_tren + [i for i in ("ipm", "tpt", "stunting") if i in katalog])
    )
    kartu = []
    for ind in ind_kartu:
        th, x = _terakhir(seri(kode_wilayah, ind), tahun)
        x_ref = _nilai(seri(kode_ref, ind), th) if th is not None else float("nan")
        arah = katalog[ind].arah
        if th is None:
            status = "tidak ada data"
        elif arah == 0 or "jiwa" in katalog[ind].satuan:
            # No better direction (GK), or a count that cannot be compared across levels.
            status = "netral"
        elif math.isnan(x_ref):
            status = "tanpa pembanding"
        elif abs(x - x_ref) <= 1e-9 * max(abs(x_ref), 1):
            status = "sama"
        else:
            status = "lebih baik" if (x - x_ref) * arah > 0 else "lebih buruk"
        prov = basis.provenans(kode_wilayah, th, ind) if th is not None else None
        catat(kode_wilayah, ind, [th])
        catat(kode_ref, ind, [th])
        kartu.append(
            {
                "indikator": ind,
                "nama": katalog[ind].nama,
                "satuan": katalog[ind].satuan,
                "tahun_data": th,
                "nilai": x,
                "nilai_pembanding": x_ref,
                "selisih": x - x_ref,
                "arah": arah,
                "status": status,
                "kualitas": prov["kualitas"] if prov else "",
                "tahun_lama": th is not None and th < tahun,
            }
        )
    kartu_df = pd.DataFrame(kartu)

    # --- 2. trend
    ringkas, perubahan = [], []
    for ind in ind_tren:
        for peran, kode in kode_peran.items():
            s = seri(kode, ind).loc[:tahun]
            r = ringkasan_perkembangan(s, tahun_awal, tahun)
            ringkas.append(
                {"indikator": ind, "peran": peran, "kode_wilayah": kode, **r.sebagai_dict()}
            )
            pt = perubahan_tahunan(s).loc[tahun_awal:tahun].reset_index()
            pt.insert(0, "peran", peran)
            pt.insert(0, "indikator", ind)
            perubahan.append(pt)
    perkembangan_df = pd.DataFrame(ringkas)
    perubahan_df = pd.concat(perubahan, ignore_index=True) if perubahan else pd.DataFrame()

    # --- 3. relevansi & efektivitas
    rel = []
    for ind in ind_tren:
        arah = katalog[ind].arah
        if arah == 0:
            continue
        kab, ref = seri(kode_wilayah, ind).loc[:tahun], seri(kode_ref, ind).loc[:tahun]
        r = relevansi_efektivitas(
            kab,
            ref,
            arah,
            relevansi=metode.relevansi,
            efektivitas=metode.efektivitas,
            rse_kab=metode.rse_bawaan,
            z=metode.z_signifikansi,
        )
        r = r.loc[[t for t in r.index if tahun_awal < t <= tahun]].reset_index()
        r.insert(0, "indikator", ind)
        rel.append(r)
    relevansi_df = pd.concat(rel, ignore_index=True) if rel else pd.DataFrame()
    if relevansi_df.empty or relevansi_df.get("relevansi", pd.Series(dtype=object)).isna().all():
        kosong["relevansi"] = (
            "tidak ada dua tahun berurutan dengan data wilayah dan pembanding dalam jendela"
        )

    # --- 4. relative position among the province's kab/kota (every trend indicator with a direction)
    pos_rows, posisi_wil = [], {}
    for ind in ind_tren:
        arah = katalog[ind].arah
        if arah == 0:
            continue
        penampang = pd.Series({k: _nilai(seri(k, ind), tahun) for k in kabkota})
        if penampang.notna().sum() == 0:
            continue
        hp = peringkat(penampang, arah)
        t = hp.tabel.reset_index().rename(columns={"index": "kode_wilayah"})
        t.insert(0, "indikator", ind)
        t["nama"] = [w.at[k, "wilayah"] for k in t["kode_wilayah"]]
        t["jumlah_diperingkat"] = hp.jumlah_diperingkat
        pos_rows.append(t)
        x_ref = _nilai(seri(kode_ref, ind), tahun)
        pr = posisi_relatif(penampang, kode_wilayah, arah, x_ref if not math.isnan(x_ref) else None)
        posisi_wil[ind] = {
            "peringkat": pr.peringkat,
            "jumlah": pr.jumlah_diperingkat,
            "nilai": pr.nilai,
            "nilai_pembanding": pr.nilai_ref,
            "posisi": pr.posisi,
            "seri_dengan": list(pr.seri_dengan),
        }
        catat_kab = [
            (k, tahun, ind) for k in kabkota if not math.isnan(_nilai(seri(k, ind), tahun))
        ]
        dipakai.update(catat_kab)
    posisi_df = pd.concat(pos_rows, ignore_index=True) if pos_rows else pd.DataFrame()
    if "p0" not in posisi_wil or posisi_wil["p0"]["peringkat"] is None:
        kosong["posisi"] = (
            f"P0 {tahun} tidak tersedia untuk wilayah ini atau kabupaten/kota lain di provinsi"
        )

    # --- 5a. level × change quadrant for P0
    t0_kuadran = tahun - params.jendela_tahun
    panel = pd.DataFrame({k: seri(k, "p0") for k in kabkota})
    ref_p0 = seri(kode_ref, "p0")
    kuadran_perk: dict = {}
    try:
        hk = kuadran_perkembangan(
            panel,
            ref_p0,
            -1,
            t0_kuadran,
            tahun,
            sumbu_y=metode.sumbu_kuadran,
            seri_ambang=metode.seri_ambang,
        )
        tk = hk.tabel.reset_index().rename(columns={"index": "kode_wilayah"})
        tk["nama"] = [w.at[k, "wilayah"] for k in tk["kode_wilayah"]]
        kuadran_perk = {
            "tabel": tk,
            "ambang_x": hk.ambang_x,
            "ambang_y": hk.ambang_y,
            "tahun_awal": t0_kuadran,
            "tahun_akhir": tahun,
            "catatan": list(hk.catatan),
        }
        for k in kabkota:
            catat(k, "p0", [t0_kuadran, tahun])
        if kode_wilayah not in set(tk["kode_wilayah"]) or pd.isna(
            tk.set_index("kode_wilayah").at[kode_wilayah, "kuadran"]
        ):
            kosong["kuadran_perkembangan"] = (
                f"P0 wilayah ini tidak tersedia untuk {t0_kuadran} atau {tahun}"
            )
    except GalatAnalisis as e:
        kosong["kuadran_perkembangan"] = str(e)

    # --- 5b. P0 × indicator quadrants
    kuadran_ind: dict[str, dict] = {}
    for ind in params.indikator_kuadran:
        arah = katalog[ind].arah
        th, _ = _terakhir(seri(kode_wilayah, ind), tahun)
        if th is None or arah == 0:
            kosong[f"kuadran_{ind}"] = f"{ind} tidak tersedia untuk wilayah ini sampai {tahun}"
            continue
        p0_pen = pd.Series({k: _nilai(seri(k, "p0"), th) for k in kabkota})
        ind_pen = pd.Series({k: _nilai(seri(k, ind), th) for k in kabkota})
        p0_ref, ind_ref = _nilai(seri(kode_ref, "p0"), th), _nilai(seri(kode_ref, ind), th)
        if math.isnan(_nilai(seri(kode_wilayah, "p0"), th)):
            kosong[f"kuadran_{ind}"] = (
                f"P0 wilayah ini tidak tersedia untuk {th}, tahun data {ind} terakhir"
            )
            continue
        ambang = metode.ambang_indikator
        if ambang == "provinsi" and (math.isnan(p0_ref) or math.isnan(ind_ref)):
            kosong[f"kuadran_{ind}"] = (
                f"nilai pembanding {ind} atau P0 tahun {th} tidak tersedia (ambang = nilai pembanding)"
            )
            continue
        try:
            hk = kuadran_p0_indikator(
                p0_pen,
                ind_pen,
                arah,
                ambang=ambang,
                p0_ref=None if math.isnan(p0_ref) else p0_ref,
                indikator_ref=None if math.isnan(ind_ref) else ind_ref,
                seri_ambang=metode.seri_ambang,
            )
        except GalatAnalisis as e:
            kosong[f"kuadran_{ind}"] = str(e)
            continue
        tk = hk.tabel.reset_index().rename(columns={"index": "kode_wilayah"})
        tk["nama"] = [w.at[k, "wilayah"] for k in tk["kode_wilayah"]]
        kuadran_ind[ind] = {
            "tabel": tk,
            "ambang_x": hk.ambang_x,
            "ambang_y": hk.ambang_y,
            "tahun": th,
            "sumber_ambang": hk.sumber_ambang,
            "catatan": list(hk.catatan),
        }
        for k in kabkota:
            catat(k, "p0", [th])
            catat(k, ind, [th])
        catat(kode_ref, ind, [th])
        catat(kode_ref, "p0", [th])

    # --- 6. targets
    target_rows = []
    daftar_target = list(params.target_untuk(kode_wilayah))
    if params.target_ekstrem is not None:
        daftar_target.append(params.target_ekstrem)
    for tg in daftar_target:
        s = seri(kode_wilayah, tg.indikator).loc[:tahun]
        ev = evaluasi_target(
            s,
            katalog[tg.indikator].arah or -1,
            tg.nilai,
            tg.tahun,
            rentang_laju=metode.rentang_laju_tahun,
            riwayat_minimum=metode.riwayat_minimum,
        )
        target_rows.append(
            {
                "indikator": tg.indikator,
                "sumber_target": tg.sumber,
                "ekstrem": tg is params.target_ekstrem,
                **ev.sebagai_dict(),
            }
        )
        catat(kode_wilayah, tg.indikator, s.dropna().index.tolist())
    target_df = pd.DataFrame(target_rows)
    if target_df.empty:
        kosong["target"] = "belum ada target di berkas parameter"

    # --- 7. determinants
    nilai_kab, nilai_ref, perubahan_kab, tahun_det = {}, {}, {}, {}
    for ind in params.indikator_determinan:
        th, x = _terakhir(seri(kode_wilayah, ind), tahun)
        if th is None or katalog[ind].arah == 0:
            continue
        xr_ = _nilai(seri(kode_ref, ind), th)
        if math.isnan(xr_):
            continue
        nilai_kab[ind], nilai_ref[ind], tahun_det[ind] = x, xr_, th
        sebelum = _nilai(seri(kode_wilayah, ind), th - 1)
        perubahan_kab[ind] = x - sebelum if not math.isnan(sebelum) else np.nan
        catat(kode_wilayah, ind, [th, th - 1])
        catat(kode_ref, ind, [th])
    determinan: dict = {}
    if len(nilai_kab) >= 2:
        arah_s = pd.Series({i: katalog[i].arah for i in nilai_kab})
        prioritas = skor_prioritas(
            pd.Series(nilai_kab),
            pd.Series(nilai_ref),
            arah_s,
            perubahan_kab=pd.Series(perubahan_kab),
            bobot=metode.bobot_prioritas,
            batas_rse=metode.batas_rse,
        )
        tabel_det = prioritas.tabel.reset_index().rename(columns={"index": "indikator"})
        tabel_det["tahun_data"] = tabel_det["indikator"].map(tahun_det)
        tabel_det["nama"] = tabel_det["indikator"].map(lambda i: katalog[i].nama)
        determinan = {
            "tabel": tabel_det,
            "bobot_dipakai": prioritas.bobot_dipakai,
            "catatan": list(prioritas.catatan),
        }
    else:
        kosong["determinan"] = (
            "kurang dari dua indikator determinan memiliki nilai wilayah dan pembanding"
        )

    # --- budget (when budget files are configured)
    from analisis.evaluasi.anggaran import bagian_anggaran

    anggaran, alasan = bagian_anggaran(
        kode_wilayah,
        tahun,
        params.berkas_anggaran(proyek),
        seri(kode_wilayah, "p0"),
        _nilai(seri(kode_wilayah, "jumlah_penduduk_miskin"), tahun),
    )
    if alasan:
        kosong["anggaran"] = alasan
    else:
        catat(kode_wilayah, "jumlah_penduduk_miskin", [tahun])

    # --- indicators for the provincial ranking (outcome dimension)
    kinerja = _kinerja(seri, kode_wilayah, tahun, params.jendela_tahun, relevansi_df)

    # --- by-name-by-address data (private input; only suppressed aggregates are kept)
    bnba: dict = {}
    berkas_bnba = params.berkas_bnba(kode_wilayah, proyek)
    if berkas_bnba is None:
        kosong["bnba"] = (
            "belum ada berkas BNBA untuk wilayah ini di berkas parameter provinsi (kunci 'bnba')"
        )
    else:
        from analisis.bnba import cek_bnba, ringkasan_publik

        with cek_bnba(berkas_bnba, kode_wilayah) as cek:
            bnba = {k: v.reset_index(drop=True) for k, v in ringkasan_publik(cek).items()}
            bnba["sintetis"] = (
                bool(getattr(cek, "sintetis", False)) or "SINTETIS" in berkas_bnba.name.upper()
            )
        ik = bnba["indikator_kualitas"]
        for k in ("progres_verval", "persen_nik_valid", "persen_duplikat", "cakupan_desil1"):
            v = ik[k].iloc[0] if k in ik and len(ik) else None
            kinerja[k] = (
                float(v) if isinstance(v, (int, float)) and not math.isnan(float(v)) else None
            )

    # --- 8. data notes: provenance of every number used, caveats
    prov_rows = []
    for kode, t, ind in sorted(dipakai):
        p = basis.provenans(kode, t, ind)
        if p is not None:
            prov_rows.append(
                {
                    "kode_wilayah": kode,
                    "wilayah": w.at[kode, "wilayah"],
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
    provenans = pd.DataFrame(prov_rows)
    ind_dipakai = sorted({i for _, _, i in dipakai})
    catatan = catatan_untuk(ind_dipakai, [kode_wilayah, kode_prov, KODE_NASIONAL], jendela)

    mutu = provenans["kualitas"].value_counts().to_dict() if not provenans.empty else {}
    meta = {
        "kode_wilayah": kode_wilayah,
        "nama": str(w.at[kode_wilayah, "wilayah"]),
        "tingkat": str(w.at[kode_wilayah, "tingkat"]),
        "kode_provinsi": kode_prov,
        "provinsi": str(w.at[kode_prov, "wilayah"]),
        "kode_kemendagri": str(w.at[kode_wilayah, "kode_kemendagri"]),
        "tahun": int(tahun),
        "tahun_awal": int(tahun_awal),
        "pembanding": metode.pembanding,
        "kode_pembanding": kode_ref,
        "nama_pembanding": str(w.at[kode_ref, "wilayah"]),
        "jendela_tahun": params.jendela_tahun,
        "vintase": f"Susenas Maret {tahun} (angka kemiskinan kab/kota BPS; dirilis pertengahan {tahun})",
        "sidik_jari_data": basis.sidik_jari()[:16],
        "ada_data_impor": bool((basis.tabel["asal"] != "bundel").any()),
        "mutu_angka_dipakai": {k: int(v) for k, v in sorted(mutu.items())},
        "versi_analisis": version("analisis"),
        "dibuat": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return HasilEvaluasi(
        meta=meta,
        seri=tabel_seri,
        kartu=kartu_df,
        perkembangan=perkembangan_df,
        perubahan=perubahan_df,
        relevansi=relevansi_df,
        posisi=posisi_df,
        posisi_wilayah=posisi_wil,
        kuadran_perkembangan=kuadran_perk,
        kuadran_indikator=kuadran_ind,
        target=target_df,
        determinan=determinan,
        kinerja=kinerja,
        anggaran=anggaran,
        bnba=bnba,
        provenans=provenans,
        catatan_data=catatan,
        parameter=metode.ringkasan_tabel(),
        indikator_tren=list(params.indikator_tren),
        indikator_kuadran=list(params.indikator_kuadran),
        kosong=kosong,
        celah_data=celah_evaluasi(
            basis,
            kode_wilayah,
            tahun,
            tahun_awal,
            kode_provinsi=kode_prov,
            indikator_tren=list(params.indikator_tren),
            jendela_tahun=params.jendela_tahun,
        ),
    )


def _kinerja(seri, kode: str, tahun: int, jendela: int, relevansi_df: pd.DataFrame) -> dict:
    """Outcome indicators for the TKPK ranking over the last ``jendela`` years.

    Declines are positive when poverty fell. Endpoints are never substituted: a missing
    endpoint gives None, and the ranking's missing-data policy decides what happens.
    """
    t0 = tahun - jendela
    hasil: dict = {"jendela_tahun": jendela, "tahun_awal": t0, "tahun_akhir": tahun}
    for ind in ("p0", "p1", "p2"):
        s = seri(kode, ind)
        a, b = _nilai(s, t0), _nilai(s, tahun)
        turun = a - b
        hasil[f"penurunan_{ind}_3th"] = None if math.isnan(turun) else round(turun, 10)
        if ind == "p0":
            rel = turun / a * 100 if (not math.isnan(turun) and a > 0) else float("nan")
            hasil["penurunan_p0_relatif_3th"] = None if math.isnan(rel) else round(rel, 10)
    ef = None
    if not relevansi_df.empty and "efektivitas" in relevansi_df:
        r = relevansi_df[
            (relevansi_df["indikator"] == "p0")
            & (relevansi_df["tahun"] > t0)
            & (relevansi_df["tahun"] <= tahun)
        ]
        label = r["efektivitas"].dropna()
        if len(label):
            ef = float((label == "efektif").mean())
    hasil["efektivitas_p0"] = ef
    return hasil
