"""The runner's files: ``manifest.json`` (published) and the cache sidecars (private).

``<laporan>/<XX00>/<tahun>/manifest.json`` records what a reviewer needs to reproduce a run:
command, parameters, fingerprints of every input, versions, platform, per-region outcome and
every artefact with its sha256. No absolute paths, user or host names.

``<laporan>/<XX00>/<tahun>/.cache/<kode>.json`` (a region) or ``tahap_<nama>.json`` (a
follow-up stage) records the status of the last run and its cache key (never served).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from analisis.kontrak.dasar import BerkasKontrak, Model


class BerkasArtefak(Model):
    path: str
    """Relative to the province-year folder (shared assets: ``../../_static/...``)."""
    sha256: str
    ukuran: int


class WilayahManifest(Model):
    kode_wilayah: str
    nama: str
    dalam_jalan_ini: bool
    status: str
    dari_cache: bool
    detik: float | None
    detik_kernel: float | None
    kunci: str | None
    alasan: str | None
    pesan: str | None
    berkas: dict[str, str]


class TahapManifest(Model):
    nama: str
    status: str
    detik: float
    pesan: str | None
    berkas: list[str]


class RingkasanManifest(Model):
    jumlah_wilayah: int
    berhasil: int
    gagal: int
    dilewati_cache: int
    belum_dijalankan: int
    detik_wilayah_total: float
    detik_wilayah_median: float | None


class ManifestJalan(BerkasKontrak):
    """The run manifest of one province-year (schema version 2)."""

    SKEMA: ClassVar[int] = 2
    JENIS: ClassVar[str] = "manifes jalan"
    PERINTAH: ClassVar[str] = "analisis jalankan --provinsi <kode> --tahun <tahun>"

    schema_version: Literal[2] = 2
    jenis: Literal["manifest-jalan-evaluasi"] = "manifest-jalan-evaluasi"
    kode_provinsi: str
    provinsi: str
    tahun: int
    status: str
    mulai: str
    selesai: str
    zona_waktu: str = "UTC"
    detik_total: float
    perintah: str
    parameter: dict[str, Any]
    sidik_jari: dict[str, Any]
    """Fingerprints: data store, params YAML and every file it points to, notebook, package
    code, uv.lock (relative paths and sha256)."""
    versi: dict[str, str | None]
    platform: dict[str, Any]
    ringkasan: RingkasanManifest
    wilayah: list[WilayahManifest]
    tahap_lanjutan: list[TahapManifest] = Field(default_factory=list)
    artefak: list[BerkasArtefak] = Field(default_factory=list)
    static_bersama: list[BerkasArtefak] = Field(default_factory=list)


class Sidecar(BerkasKontrak):
    """Cache record of a region or a stage (schema version 2)."""

    SKEMA: ClassVar[int] = 2
    JENIS: ClassVar[str] = "catatan cache"
    PERINTAH: ClassVar[str] = "analisis jalankan --provinsi <kode> --tahun <tahun>"

    schema_version: Literal[2] = 2
    kode: str
    status: Literal["berjalan", "berhasil", "gagal"]
    kunci: str
    komponen_kunci: dict[str, str] = Field(default_factory=dict)
    nama: str | None = None
    tahun: int | None = None
    detik: float | None = None
    mulai: str | None = None
    selesai: str | None = None
    pesan: str | None = None
    berkas: dict[str, str] | list[str] = Field(default_factory=dict)
    sha256_berkas: dict[str, str] = Field(default_factory=dict)
    """sha256 of each file of :attr:`berkas` as the run wrote it (relative path → digest)."""
