"""The run manifest ``<laporan>/<prov>/<tahun>/manifest.json``: what a reviewer needs to reproduce.

Written only through the contract :class:`analisis.kontrak.ManifestJalan`. Content::

    {
      "schema_version": 2, "jenis": "manifest-jalan-evaluasi",
      "kode_provinsi": "6300", "provinsi": "Kalimantan Selatan", "tahun": 2024,
      "status": "berhasil" | "gagal",            # gagal: a region or a stage failed
      "mulai": ISO-8601 UTC, "selesai": ISO-8601 UTC, "detik_total": 41.2,
      "perintah": "analisis jalankan --provinsi 63 --tahun 2024 ...",   # equivalent command
      "parameter": {tahun_awal, pembanding, hanya_data_bawaan, ada_penyimpanan, paksa, pekerja,
                    pelaksana: "proses"|"dask", wilayah_diminta, kernel, batas_waktu},
      "sidik_jari": {"data": sha256, "params_yaml": {"berkas", "sha256"},
                     "berkas_rujukan": {<YAML key>: {"berkas", "sha256"}},  # budget, BNBA, framework…
                     "notebook": {"berkas", "sha256_sel", "sha256_berkas"}, "kode_paket": sha256,
                     "uv_lock": sha256},
      "versi": {"python", "analisis", "papermill", "pandas", "xarray", "bokeh", "panel", ...},
      "platform": {"sistem", "mesin", "cpu"},
      "ringkasan": {"jumlah_wilayah", "berhasil", "gagal", "dilewati_cache", "belum_dijalankan",
                    "detik_wilayah_total", "detik_wilayah_median"},
      "wilayah": [{"kode_wilayah", "nama", "dalam_jalan_ini", "status", "dari_cache", "detik",
                   "detik_kernel", "kunci", "alasan", "pesan", "berkas": {html, json, nc, log}}],
      "tahap_lanjutan": [{"nama", "status", "detik", "pesan", "berkas": [...]}],
      "artefak": [{"path", "sha256", "ukuran"}],          # relative to this folder, sorted
      "static_bersama": [{"path", "sha256", "ukuran"}]    # ../../_static/..., shared assets
    }

``status`` per region is ``berhasil``, ``gagal``, ``dilewati`` (unchanged, cache hit) or, for
regions not part of this run, the status of their last run. No absolute paths, user names or
host names are recorded. Written atomically, after the site.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from analisis.kontrak.jalan import (
    BerkasArtefak,
    ManifestJalan,
    RingkasanManifest,
    TahapManifest,
    WilayahManifest,
)
from analisis.runner.kunci import POLA_SEMENTARA, baca_sidecar, sha256_berkas
from analisis.tata_letak import FolderTahun


@dataclass(frozen=True)
class JalanBerjalan:
    """The runner's run that builds a province page: the page is written before that run's
    manifest (which is written when the run ends), so the page says which run it belongs to from
    this, not from the manifest of the run before."""

    mulai: str
    """Start of the run (ISO 8601, as in the manifest's ``mulai``)."""
    pekerja: int


PAKET_DICATAT = (
    "analisis",
    "papermill",
    "pandas",
    "xarray",
    "bokeh",
    "panel",
    "holoviews",
    "hvplot",
    "altair",
    "numpy",
    "netCDF4",
    "nbconvert",
    "nbclient",
    "nbformat",
    "ipykernel",
    "jupyter_client",
    "dask",
    "distributed",
)


def versi_paket() -> dict[str, str | None]:
    hasil: dict[str, str | None] = {"python": platform.python_version()}
    for p in PAKET_DICATAT:
        try:
            hasil[p] = version(p)
        except PackageNotFoundError:
            hasil[p] = None
    return hasil


def _daftar_berkas(akar: Path, folder: Path, awalan: str = "") -> list[dict]:
    hasil: list[dict] = []
    if not folder.is_dir():
        return hasil
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or POLA_SEMENTARA.match(p.name):
            continue
        rel = p.relative_to(akar).as_posix()
        if rel.startswith(".cache/") or rel == "manifest.json" or "/.stempel/" in f"/{rel}":
            continue
        hasil.append({"path": awalan + rel, "sha256": sha256_berkas(p), "ukuran": p.stat().st_size})
    return hasil


def artefak(ft: FolderTahun) -> list[dict]:
    """Every output file of a province-year (cache sidecars, temp files and the manifest excluded)."""
    return _daftar_berkas(ft.folder, ft.folder)


def static_bersama(ft: FolderTahun) -> list[dict]:
    st = ft.tata_letak.static
    return [{**b, "path": f"{ft.ke_static}/{b['path']}"} for b in _daftar_berkas(st, st)]


def _wilayah(ft: FolderTahun, kode: str, h: Any, nama: str) -> dict:
    berkas = {**ft.keluaran_wilayah(kode), "log": ft.relatif(ft.log(kode))}
    if h is not None:
        return {
            "kode_wilayah": kode,
            "nama": h.nama,
            "dalam_jalan_ini": True,
            "status": h.status,
            "dari_cache": h.dari_cache,
            "detik": round(h.detik, 3),
            "detik_kernel": round(h.detik_kernel, 3),
            "kunci": h.kunci,
            "alasan": h.alasan,
            "pesan": h.pesan,
            "berkas": berkas,
        }
    sc = baca_sidecar(ft, kode)
    return {
        "kode_wilayah": kode,
        "nama": nama,
        "dalam_jalan_ini": False,
        "status": sc.status if sc else "belum dijalankan",
        "dari_cache": False,
        "detik": sc.detik if sc else None,
        "detik_kernel": None,
        "kunci": sc.kunci if sc else None,
        "alasan": None,
        "pesan": sc.pesan if sc else None,
        "berkas": berkas,
    }


def tulis_manifest(
    ft: FolderTahun,
    *,
    nama_provinsi: str,
    semua_kode: list[str],
    nama_wilayah: dict[str, str],
    hasil: dict,
    tahap: list,
    parameter: dict,
    sidik_jari: dict,
    mulai: str,
    selesai: str,
    detik_total: float,
    perintah: str,
) -> Path:
    """Write the manifest of one province-year; ``hasil`` maps region code → HasilWilayah."""
    wilayah = [
        _wilayah(ft, kode, hasil.get(kode), nama_wilayah.get(kode, kode)) for kode in semua_kode
    ]
    dijalankan = [h for h in hasil.values() if h.status in ("berhasil", "gagal")]
    durasi = [h.detik for h in dijalankan]
    gagal = any(t.status == "gagal" for t in tahap) or any(
        h.status == "gagal" for h in hasil.values()
    )
    manifest = ManifestJalan(
        kode_provinsi=ft.kode_provinsi,
        provinsi=nama_provinsi,
        tahun=ft.tahun,
        status="gagal" if gagal else "berhasil",
        mulai=mulai,
        selesai=selesai,
        detik_total=round(detik_total, 3),
        perintah=perintah,
        parameter=parameter,
        sidik_jari=sidik_jari,
        versi=versi_paket(),
        platform={
            "sistem": platform.system(),
            "mesin": platform.machine(),
            "cpu": os.cpu_count(),
            "implementasi": sys.implementation.name,
        },
        ringkasan=RingkasanManifest(
            jumlah_wilayah=len(semua_kode),
            berhasil=sum(h.status == "berhasil" for h in hasil.values()),
            gagal=sum(h.status == "gagal" for h in hasil.values()),
            dilewati_cache=sum(h.status == "dilewati" for h in hasil.values()),
            belum_dijalankan=sum(w["status"] == "belum dijalankan" for w in wilayah),
            detik_wilayah_total=round(sum(durasi), 3),
            detik_wilayah_median=round(statistics.median(durasi), 3) if durasi else None,
        ),
        wilayah=[WilayahManifest(**w) for w in wilayah],
        tahap_lanjutan=[
            TahapManifest(
                nama=t.nama,
                status=t.status,
                detik=round(t.detik, 3),
                pesan=t.pesan,
                berkas=[ft.relatif(p) for p in t.berkas],
            )
            for t in tahap
        ],
        artefak=[BerkasArtefak(**b) for b in artefak(ft)],
        static_bersama=[BerkasArtefak(**b) for b in static_bersama(ft)],
    )
    return manifest.tulis(ft.manifest)
