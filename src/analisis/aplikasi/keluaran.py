"""Which province-years the reports folder holds (no Panel import: the CLI checks this fast)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analisis.data.wilayah import nama_wilayah
from analisis.tata_letak import FolderTahun, TataLetak

PERINTAH_MEMBUAT = "analisis jalankan --provinsi 63 --tahun 2024"


@dataclass(frozen=True)
class Keluaran:
    """One province-year with a ranking in the reports folder."""

    folder: FolderTahun

    @property
    def kode_provinsi(self) -> str:
        return self.folder.kode_provinsi

    @property
    def provinsi(self) -> str:
        return nama_wilayah(self.folder.kode_provinsi)

    @property
    def tahun(self) -> int:
        return self.folder.tahun

    @property
    def berkas_peringkat(self) -> Path:
        return self.folder.peringkat_json


def daftar_keluaran(folder_laporan: str | Path | TataLetak) -> list[Keluaran]:
    """Province-years (known provinces only) that have ``peringkat/peringkat.json``, by
    province code then year."""
    tl = (
        folder_laporan if isinstance(folder_laporan, TataLetak) else TataLetak(Path(folder_laporan))
    )
    return [Keluaran(ft) for ft in tl.semua_tahun("peringkat/peringkat.json")]


def pesan_tanpa_keluaran(folder_laporan: str | Path) -> str:
    """Indonesian message: no ranking outputs yet, and how to make them."""
    return (
        f"Belum ada keluaran peringkat di folder laporan '{folder_laporan}' (dicari: "
        "<kode_provinsi>/<tahun>/peringkat/peringkat.json). Aplikasi hanya membaca keluaran "
        f"pelari; buat dulu, misalnya: {PERINTAH_MEMBUAT}"
    )
