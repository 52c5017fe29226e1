"""Which province-years the reports folder holds (no Panel import: the CLI checks this fast)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analisis.data.wilayah import muat_wilayah

PERINTAH_MEMBUAT = "analisis jalankan --provinsi 63 --tahun 2024"


@dataclass(frozen=True)
class Keluaran:
    """One province-year with a ranking in the reports folder."""

    kode_provinsi: str
    provinsi: str
    tahun: int
    folder: Path
    """``<laporan>/<kode_provinsi>/<tahun>``."""

    @property
    def berkas_peringkat(self) -> Path:
        return self.folder / "peringkat" / "peringkat.json"


def daftar_keluaran(folder_laporan: str | Path) -> list[Keluaran]:
    """Province-years that have ``peringkat/peringkat.json``, by province code then year.

    Only Kalimantan province codes known to the region master are listed; anything else in the
    folder is ignored.
    """
    akar = Path(folder_laporan)
    if not akar.is_dir():
        return []
    w = muat_wilayah()
    out: list[Keluaran] = []
    for p in sorted(akar.glob("[0-9][0-9]00/[0-9][0-9][0-9][0-9]/peringkat/peringkat.json")):
        kp, th = p.parts[-4], p.parts[-3]
        if kp not in w.index or w.at[kp, "tingkat"] != "provinsi":
            continue
        out.append(Keluaran(kp, str(w.at[kp, "wilayah"]), int(th), p.parent.parent))
    return sorted(out, key=lambda k: (k.kode_provinsi, k.tahun))


def pesan_tanpa_keluaran(folder_laporan: str | Path) -> str:
    """Indonesian message: no ranking outputs yet, and how to make them."""
    return (
        f"Belum ada keluaran peringkat di folder laporan '{folder_laporan}' (dicari: "
        "<kode_provinsi>/<tahun>/peringkat/peringkat.json). Aplikasi hanya membaca keluaran "
        f"pelari; buat dulu, misalnya: {PERINTAH_MEMBUAT}"
    )
