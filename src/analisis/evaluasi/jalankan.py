"""Running the evaluation notebook for one region and exporting its HTML report.

Layout of the outputs under the reports folder (default ``reports/``)::

    _static/                          shared chart libraries (one copy for all reports)
    <kode_provinsi>/<tahun>/wilayah/<kode>.html   the report (no code, offline charts)
    <kode_provinsi>/<tahun>/hasil/<kode>.json     machine-readable result
    <kode_provinsi>/<tahun>/hasil/<kode>.nc       indicator series

The notebook is executed in-process with papermill's API; an already started kernel can be
passed (``km``) so a batch runner reuses one kernel per worker.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from analisis.data.wilayah import muat_wilayah
from analisis.galat import GalatAnalisis
from analisis.notebook import akar_proyek, eksekusi, jalur_notebook, pesan_galat_sel  # noqa: F401


def notebook_evaluasi() -> Path:
    return jalur_notebook("evaluasi_wilayah")


@dataclass(frozen=True)
class HasilJalan:
    """Paths written for one region and the time it took."""

    kode_wilayah: str
    html: Path
    json: Path
    nc: Path
    detik: float


def folder_tahun(folder_laporan: Path, kode_wilayah: str, tahun: int) -> Path:
    kode_prov = str(muat_wilayah().at[kode_wilayah, "kode_provinsi"])
    return Path(folder_laporan) / kode_prov / str(tahun)


def jalankan_evaluasi(
    kode_wilayah: str,
    tahun: int,
    *,
    folder_laporan: str | Path = "reports",
    tahun_awal: int | None = None,
    pembanding: str | None = None,
    berkas_params: str | Path | None = None,
    penyimpanan: str | Path | None = None,
    hanya_data_bawaan: bool = False,
    km=None,
    kernel: str = "python3",
) -> HasilJalan:
    """Execute ``notebooks/evaluasi_wilayah.ipynb`` for one region and export its report."""
    from analisis.laporan.ekspor import ekspor_html

    w = muat_wilayah()
    if kode_wilayah not in w.index or w.at[kode_wilayah, "tingkat"] not in ("kabupaten", "kota"):
        raise GalatAnalisis(
            f"Wilayah '{kode_wilayah}' bukan kabupaten/kota yang dikenal; gunakan kode BPS 4 digit (mis. 6303).",
            2,
        )
    mulai = time.perf_counter()
    folder_laporan = Path(folder_laporan).resolve()
    dasar = folder_tahun(folder_laporan, kode_wilayah, tahun)
    folder_hasil = dasar / "hasil"
    parameter = {
        "kode_wilayah": kode_wilayah,
        "tahun": int(tahun),
        "tahun_awal": tahun_awal,
        "pembanding": pembanding,
        "berkas_params": str(Path(berkas_params).resolve()) if berkas_params else None,
        "folder_hasil": str(folder_hasil),
        "penyimpanan": str(Path(penyimpanan).resolve()) if penyimpanan else None,
        "hanya_data_bawaan": bool(hanya_data_bawaan),
    }
    nama = str(w.at[kode_wilayah, "wilayah"])
    nb = eksekusi(
        "evaluasi_wilayah",
        parameter,
        konteks=f"Evaluasi {nama} ({kode_wilayah}) {tahun}",
        km=km,
        kernel=kernel,
    )
    html = ekspor_html(
        nb,
        dasar / "wilayah" / f"{kode_wilayah}.html",
        folder_laporan / "_static",
        judul=f"Evaluasi penanggulangan kemiskinan {nama} {tahun}",
    )
    return HasilJalan(
        kode_wilayah,
        html,
        folder_hasil / f"{kode_wilayah}.json",
        folder_hasil / f"{kode_wilayah}.nc",
        time.perf_counter() - mulai,
    )
