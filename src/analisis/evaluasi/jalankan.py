"""Running the evaluation of one region: the notebook's one library call, and executing the
notebook with its HTML export.

Where everything goes is decided by the reports layout (:mod:`analisis.tata_letak`)::

    <laporan>/<XX00>/<tahun>/wilayah/<kode>.html   the report (no code, offline charts)
    <laporan>/<XX00>/<tahun>/hasil/<kode>.json     machine-readable result (kontrak.HasilWilayah)
    <laporan>/<XX00>/<tahun>/hasil/<kode>.nc       indicator series
    <laporan>/_static/                             shared chart libraries

The notebook is executed in process (papermill's parameters, nbclient); an already started
kernel can be passed (``km``, ``kc``) so a batch runner reuses one kernel per worker. The
project (params, reports, store) is passed explicitly, as notebook parameters, never through
environment variables.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analisis.evaluasi.hitung import HasilEvaluasi
from analisis.galat import GalatAnalisis
from analisis.proyek import Proyek
from analisis.tata_letak import FolderTahun

NAMA_NOTEBOOK = "evaluasi_wilayah"


@dataclass(frozen=True)
class HasilJalan:
    """Paths written for one region and the time it took."""

    kode_wilayah: str
    html: Path
    json: Path
    nc: Path
    detik: float


def periksa_kabkota(kode_wilayah: object) -> str:
    """A kab/kota BPS code as text; one Indonesian line otherwise."""
    from analisis.data.wilayah import muat_wilayah

    kode = str(kode_wilayah).strip()
    w = muat_wilayah()
    if kode not in w.index or w.at[kode, "tingkat"] not in ("kabupaten", "kota"):
        raise GalatAnalisis(
            f"Wilayah '{kode}' bukan kabupaten/kota yang dikenal; gunakan kode BPS 4 digit "
            "(mis. 6303).",
            2,
        )
    return kode


def evaluasi_dan_simpan(
    kode_wilayah: object,
    tahun: object,
    *,
    tahun_awal: object = None,
    pembanding: object = None,
    berkas_params: object = None,
    folder_laporan: object = None,
    folder_params: object = None,
    penyimpanan: object = None,
    hanya_data_bawaan: object = False,
) -> HasilEvaluasi:
    """The evaluation notebook's one call: check the parameters, load the data and the province
    parameters, evaluate, and save the result where ``analisis jalankan`` writes it
    (``<laporan>/<XX00>/<tahun>/hasil/``). Folders left ``None`` are the project's defaults
    (:class:`~analisis.proyek.Proyek`), resolved against the project root, whatever folder the
    kernel started in.

    The keyword names are the notebook's parameters: a name papermill injected that is not
    one of them, or a wrong value, stops here with one Indonesian line
    (:mod:`analisis.parameter_notebook`), before anything is read or written."""
    from analisis import parameter_notebook as pn
    from analisis.data.model import Basisdata
    from analisis.data.wilayah import provinsi_dari_wilayah
    from analisis.evaluasi.hitung import evaluasi_wilayah
    from analisis.evaluasi.params import muat_params
    from analisis.evaluasi.simpan import simpan_hasil

    pn.periksa_nama_papermill(evaluasi_dan_simpan)
    kode = pn.kode_kabkota(kode_wilayah, "kode_wilayah")
    th = pn.tahun(tahun, "tahun")
    th_awal = None if tahun_awal is None else pn.tahun(tahun_awal, "tahun_awal")
    if th_awal is not None and th_awal >= th:
        raise GalatAnalisis(
            f"Parameter tahun_awal: {th_awal} harus sebelum tahun evaluasi {th}.", pn.KODE_KELUAR
        )
    pemb = pn.pilihan(pembanding, "pembanding", ("provinsi", "nasional"))
    p_params = pn.berkas(berkas_params, "berkas_params")
    proyek = Proyek.muat(
        laporan=pn.folder(folder_laporan, "folder_laporan"),
        params=pn.folder(folder_params, "folder_params", harus_ada=True),
        penyimpanan=pn.folder(penyimpanan, "penyimpanan"),
    )
    hanya_bawaan = pn.ya_tidak(hanya_data_bawaan, "hanya_data_bawaan")

    basis = Basisdata.muat(proyek.penyimpanan, impor=not hanya_bawaan)
    params = muat_params(p_params, provinsi=provinsi_dari_wilayah(kode), proyek=proyek)
    hasil = evaluasi_wilayah(
        kode,
        th,
        tahun_awal=th_awal,
        pembanding=pemb,
        params=params,
        basis=basis,
        proyek=proyek,
    )
    simpan_hasil(hasil, proyek.laporan)
    return hasil


def judul_laporan(nama: str, tahun: int) -> str:
    """The title of a region's report (its HTML ``<title>``)."""
    return f"Evaluasi penanggulangan kemiskinan {nama} {tahun}"


def parameter_notebook(
    kode_wilayah: str,
    tahun: int,
    proyek: Proyek,
    *,
    tahun_awal: int | None = None,
    pembanding: str | None = None,
    berkas_params: str | Path | None = None,
    hanya_data_bawaan: bool = False,
) -> dict[str, Any]:
    """The evaluation notebook's parameters for a region (absolute folders of ``proyek``)."""
    return {
        "kode_wilayah": kode_wilayah,
        "tahun": int(tahun),
        "tahun_awal": tahun_awal,
        "pembanding": pembanding,
        "berkas_params": str(Path(berkas_params).resolve()) if berkas_params else None,
        "folder_laporan": str(proyek.laporan),
        "folder_params": str(proyek.params),
        "penyimpanan": str(proyek.penyimpanan),
        "hanya_data_bawaan": bool(hanya_data_bawaan),
    }


def ekspor_laporan_wilayah(nb: Any, proyek: Proyek, kode: str, tahun: int) -> Path:
    """Export an executed evaluation notebook as the region's report: numbered captions, a
    table of contents and links back to the site (``wilayah/<kode>.html``)."""
    from analisis.data.wilayah import nama_wilayah, provinsi_dari_wilayah
    from analisis.laporan.ekspor import ekspor_html

    ft = proyek.tata_letak.tahun(provinsi_dari_wilayah(kode), tahun)
    return ekspor_html(
        nb,
        ft.laporan_wilayah(kode),
        proyek.tata_letak.static,
        judul=judul_laporan(nama_wilayah(kode), tahun),
        tautan=tautan_situs(ft, kode),
        navigasi=True,
    )


def tautan_situs(ft: FolderTahun, kode: str) -> list[tuple[str, str]]:
    """Links from a region's report back to its province-year site page and the site index."""
    from analisis.data.wilayah import nama_wilayah

    laporan = ft.laporan_wilayah(kode).parent
    return [
        (
            f"← Halaman {nama_wilayah(ft.kode_provinsi)} {ft.tahun}",
            Path(os.path.relpath(ft.situs, laporan)).as_posix(),
        ),
        ("Semua provinsi", Path(os.path.relpath(ft.tata_letak.indeks, laporan)).as_posix()),
    ]


def jalankan_evaluasi(
    kode_wilayah: str,
    tahun: int,
    *,
    proyek: Proyek | None = None,
    tahun_awal: int | None = None,
    pembanding: str | None = None,
    berkas_params: str | Path | None = None,
    hanya_data_bawaan: bool = False,
    km: Any = None,
    kc: Any = None,
    kernel: str = "python3",
) -> HasilJalan:
    """Execute ``notebooks/evaluasi_wilayah.ipynb`` for one region and export its report.

    ``km`` (and ``kc``, a ready client of it) reuse an already started kernel
    (:func:`analisis.notebook.eksekusi`)."""
    from analisis.data.wilayah import nama_wilayah, provinsi_dari_wilayah
    from analisis.notebook import eksekusi

    proyek = proyek or Proyek.muat()
    kode = periksa_kabkota(kode_wilayah)
    mulai = time.perf_counter()
    ft = proyek.tata_letak.tahun(provinsi_dari_wilayah(kode), tahun)
    parameter = parameter_notebook(
        kode,
        tahun,
        proyek,
        tahun_awal=tahun_awal,
        pembanding=pembanding,
        berkas_params=berkas_params,
        hanya_data_bawaan=hanya_data_bawaan,
    )
    nama = nama_wilayah(kode)
    nb = eksekusi(
        NAMA_NOTEBOOK,
        parameter,
        proyek=proyek,
        konteks=f"Evaluasi {nama} ({kode}) {tahun}",
        km=km,
        kc=kc,
        kernel=kernel,
    )
    html = ekspor_laporan_wilayah(nb, proyek, kode, tahun)
    return HasilJalan(
        kode, html, ft.hasil_json(kode), ft.hasil_nc(kode), time.perf_counter() - mulai
    )
