"""The run manifest ``<laporan>/<prov>/<tahun>/manifest.json``: what a reviewer needs to reproduce.

Schema (``versi_skema`` 1)::

    {
      "versi_skema": 1, "jenis": "manifest-jalan-evaluasi",
      "kode_provinsi": "6300", "provinsi": "Kalimantan Selatan", "tahun": 2024,
      "status": "berhasil" | "gagal",            # gagal: a region or a stage failed
      "mulai": ISO-8601 UTC, "selesai": ISO-8601 UTC, "detik_total": 41.2,
      "perintah": "analisis jalankan --provinsi 63 --tahun 2024 ...",   # equivalent command
      "parameter": {tahun_awal, pembanding, hanya_data_bawaan, ada_penyimpanan, paksa, pekerja,
                    pelaksana: "proses"|"dask", wilayah_diminta, kernel, batas_waktu},
      "sidik_jari": {"data": sha256, "params_yaml": {"berkas", "sha256"},
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

import json
import os
import platform
import statistics
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from analisis.berkas import tulis_teks_atomik
from analisis.runner.kunci import POLA_SEMENTARA, baca_sidecar, berkas_keluaran, sha256_berkas

VERSI_SKEMA = 1

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


def artefak(folder_tahun: Path) -> list[dict]:
    """Every output file of a province-year (cache sidecars, temp files and the manifest excluded)."""
    return _daftar_berkas(folder_tahun, folder_tahun)


def static_bersama(folder_laporan: Path) -> list[dict]:
    st = Path(folder_laporan) / "_static"
    return [{**b, "path": "../../_static/" + b["path"]} for b in _daftar_berkas(st, st)]


def tulis_manifest(
    folder_laporan: Path,
    kode_provinsi: str,
    tahun: int,
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
    ft = Path(folder_laporan) / kode_provinsi / str(tahun)
    wilayah = []
    for kode in semua_kode:
        h = hasil.get(kode)
        berkas = {**berkas_keluaran(kode), "log": f"log/{kode}.log"}
        if h is not None:
            wilayah.append(
                {
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
            )
        else:
            sc = baca_sidecar(ft, kode) or {}
            wilayah.append(
                {
                    "kode_wilayah": kode,
                    "nama": nama_wilayah.get(kode, kode),
                    "dalam_jalan_ini": False,
                    "status": sc.get("status", "belum dijalankan"),
                    "dari_cache": False,
                    "detik": sc.get("detik"),
                    "detik_kernel": None,
                    "kunci": sc.get("kunci"),
                    "alasan": None,
                    "pesan": sc.get("pesan"),
                    "berkas": berkas,
                }
            )
    dijalankan = [h for h in hasil.values() if h.status in ("berhasil", "gagal")]
    durasi = [h.detik for h in dijalankan]
    gagal_tahap = any(t.status == "gagal" for t in tahap)
    isi = {
        "versi_skema": VERSI_SKEMA,
        "jenis": "manifest-jalan-evaluasi",
        "kode_provinsi": kode_provinsi,
        "provinsi": nama_provinsi,
        "tahun": int(tahun),
        "status": "gagal"
        if gagal_tahap or any(h.status == "gagal" for h in hasil.values())
        else "berhasil",
        "mulai": mulai,
        "selesai": selesai,
        "detik_total": round(detik_total, 3),
        "perintah": perintah,
        "parameter": parameter,
        "sidik_jari": sidik_jari,
        "versi": versi_paket(),
        "platform": {
            "sistem": platform.system(),
            "mesin": platform.machine(),
            "cpu": os.cpu_count(),
            "implementasi": sys.implementation.name,
        },
        "ringkasan": {
            "jumlah_wilayah": len(semua_kode),
            "berhasil": sum(h.status == "berhasil" for h in hasil.values()),
            "gagal": sum(h.status == "gagal" for h in hasil.values()),
            "dilewati_cache": sum(h.status == "dilewati" for h in hasil.values()),
            "belum_dijalankan": sum(w["status"] == "belum dijalankan" for w in wilayah),
            "detik_wilayah_total": round(sum(durasi), 3),
            "detik_wilayah_median": round(statistics.median(durasi), 3) if durasi else None,
        },
        "wilayah": wilayah,
        "tahap_lanjutan": [
            {
                "nama": t.nama,
                "status": t.status,
                "detik": round(t.detik, 3),
                "pesan": t.pesan,
                "berkas": [_relatif(p, ft) for p in t.berkas],
            }
            for t in tahap
        ],
        "artefak": artefak(ft),
        "static_bersama": static_bersama(folder_laporan),
    }
    return tulis_teks_atomik(ft / "manifest.json", json.dumps(isi, ensure_ascii=False, indent=1))


def _relatif(p: Path | str, dasar: Path) -> str:
    p = Path(p)
    try:
        return Path(os.path.relpath(p.resolve(), dasar.resolve())).as_posix()
    except ValueError:
        return p.name
