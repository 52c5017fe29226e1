"""The budget section of a region's evaluation (from the files configured in the params).

Budget files are listed in the province parameter file (``anggaran: [...]``). For a region the
first file that contains it is used (all its years), so a multi-year file for one kabupaten
takes precedence over a one-year file for the whole province. The tagging score is
standardised against the province file with the most regions for the evaluation year
(PMK 97/2023 style: T_i / T_max × 100). Every metric comes from :mod:`analisis.anggaran`.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analisis.anggaran import baca_anggaran_tersimpan, indikator_peringkat_tersimpan
from analisis.anggaran import metrik as m
from analisis.anggaran.konfigurasi import KonfigurasiAnggaran, muat_konfigurasi
from analisis.anggaran.tersimpan import Versi, versi_berkas
from analisis.proyek import Proyek


@lru_cache(maxsize=16)
def _metrik_berkas(
    path: str, versi: Versi, konfigurasi: KonfigurasiAnggaran
) -> dict[str, pd.DataFrame]:
    """File-wide metrics, computed once per file version and configuration (every region of a
    province file filters the same tables; a batch kernel evaluates them all)."""
    d = baca_anggaran_tersimpan(path, konfigurasi=konfigurasi)
    return {
        "ringkasan": m.ringkasan_wilayah(d),
        "klaster": m.porsi_per_klaster(d),
        "opd": m.porsi_per_opd(d),
        "realisasi_klaster": m.realisasi_per_klaster(d),
        "rat": m.capaian_rat(d),
        "rat_keseluruhan": m.capaian_rat_keseluruhan(d),
    }


def _kunci(path: Path) -> tuple[str, Versi]:
    p = path.resolve()
    return str(p), versi_berkas(p)


def bagian_anggaran(
    kode: str,
    tahun: int,
    berkas: list[Path],
    seri_p0: pd.Series,
    jumlah_miskin_ribu: float,
    proyek: Proyek,
) -> tuple[dict, str | None]:
    """The budget tables for ``kode`` and ``tahun``; ``(hasil, alasan_kosong)``. The files are
    read with ``proyek``'s cluster configuration (``params/anggaran/klaster.yaml``)."""
    if not berkas:
        return {}, "belum ada berkas anggaran di berkas parameter provinsi (kunci 'anggaran')"
    konf = muat_konfigurasi(proyek=proyek)
    data = [(p, baca_anggaran_tersimpan(p, konfigurasi=konf)) for p in berkas]
    milik = next(((p, d) for p, d in data if (d.anggaran["kode_wilayah"] == kode).any()), None)
    if milik is None:
        return {}, "wilayah ini tidak ada di berkas anggaran yang dikonfigurasi"
    p, d = milik
    mf = _metrik_berkas(*_kunci(p), konf)
    ring = mf["ringkasan"]
    ring = ring[(ring["kode_wilayah"] == kode) & (ring["tahun"] <= tahun)].sort_values("tahun")
    if ring.empty:
        return (
            {},
            f"berkas anggaran {p.name} tidak memuat tahun {tahun} atau sebelumnya untuk wilayah ini",
        )
    th = int(ring["tahun"].iloc[-1])
    baris = d.anggaran[(d.anggaran["kode_wilayah"] == kode) & (d.anggaran["tahun"] == th)]

    def per_wilayah(df: pd.DataFrame) -> pd.DataFrame:
        return df[(df["kode_wilayah"] == kode) & (df["tahun"] == th)].reset_index(drop=True)

    klaster = per_wilayah(mf["klaster"])
    opd = per_wilayah(mf["opd"])
    real_klaster = per_wilayah(mf["realisasi_klaster"])
    pagu_th = float(ring["pagu_kemiskinan"].iloc[-1])
    per_miskin = (
        m.anggaran_per_penduduk_miskin(pagu_th, m.penduduk_miskin_dari_ribu(jumlah_miskin_ribu))
        if jumlah_miskin_ribu and not math.isnan(jumlah_miskin_ribu)
        else float("nan")
    )
    # Tagging score standardised within the province: the file with most regions for the year.
    skor_penandaan, sumber_penandaan = float("nan"), None
    calon = sorted(
        (
            (dd.anggaran[dd.anggaran["tahun"] == th]["kode_wilayah"].nunique(), pp, dd)
            for pp, dd in data
        ),
        key=lambda x: -x[0],
    )
    if calon and calon[0][0] > 0:
        ip = indikator_peringkat_tersimpan(calon[0][1], th, konfigurasi=konf)
        if kode in ip.index:
            skor_penandaan, sumber_penandaan = (
                float(ip.at[kode, "skor_penandaan"]),
                calon[0][1].name,
            )
    tren = m.tren_anggaran(m.deret_anggaran(d, kode), seri_p0.dropna())
    rat = mf["rat"]
    rat = rat[(rat["kode_wilayah"] == kode) & (rat["tahun"] == th)] if not rat.empty else rat
    rat_total = mf["rat_keseluruhan"]
    rat_total = rat_total[(rat_total["kode_wilayah"] == kode)] if not rat_total.empty else rat_total
    return {
        "berkas": p.name,
        "contoh": bool(d.contoh),
        "tahun": th,
        "ringkasan": ring.reset_index(drop=True),
        "klaster": klaster,
        "opd": opd,
        "realisasi_klaster": real_klaster,
        "jumlah_baris": len(baris),
        "per_penduduk_miskin": per_miskin,
        "skor_penandaan": skor_penandaan,
        "sumber_penandaan": sumber_penandaan,
        "tren": tren.tabel.reset_index(drop="tahun" in tren.tabel.columns),
        "catatan_tren": tren.catatan,
        "peringatan_tren": list(tren.peringatan),
        "rat": rat.reset_index(drop=True) if not rat.empty else pd.DataFrame(),
        "rat_keseluruhan": rat_total.reset_index(drop=True)
        if not rat_total.empty
        else pd.DataFrame(),
        "peringatan_berkas": [str(x) for x in d.peringatan],
    }, None
