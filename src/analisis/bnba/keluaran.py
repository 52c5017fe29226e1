"""Writing the outputs of a BNBA run: the folder checks first, then the published tables (with
the personal-data scan), the private lists and the UU PDP records.

The order keeps the promise "nothing written on an error": every check that can refuse
(private folder inside a reports/site folder, salt inside the output folder, k-anonymity of
the published tables) runs before the first file is written; a scan hit removes the published
files again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from analisis.bnba.catatan_pdp import buat_catatan, tulis_catatan
from analisis.bnba.privasi import (
    alasan_folder_terbit,
    periksa_folder_rahasia,
    pindai_privasi,
    simpan_publik,
)
from analisis.galat import GalatAnalisis
from analisis.proyek import Proyek


@dataclass
class RencanaKeluaran:
    """Where a run writes (decided and checked before any computation is written)."""

    folder: Path
    tulis_rahasia: bool
    garam: bytes | None = None
    mulai: datetime = field(default_factory=lambda: datetime.now().astimezone())

    @property
    def folder_publik(self) -> Path:
        return self.folder / "publik"

    @property
    def folder_rahasia(self) -> Path:
        return self.folder / "RAHASIA"


def rencanakan(
    folder: Path,
    tulis_rahasia: bool,
    kunci_samaran: Path | None = None,
    proyek: Proyek | None = None,
) -> RencanaKeluaran:
    """Check the output folder (private lists never inside a reports/site folder, including
    the reports folder of ``proyek``) and load the pseudonymisation salt (never inside the
    output folder)."""
    from analisis.bnba.pseudonim import muat_garam

    if tulis_rahasia:
        periksa_folder_rahasia(folder, proyek)
    if kunci_samaran is not None:
        alasan = alasan_folder_terbit(kunci_samaran, proyek)
        if alasan:
            raise GalatAnalisis(
                f"Berkas garam kunci samaran '{kunci_samaran}' tidak boleh berada di folder "
                f"laporan/situs ({alasan}): siapa pun yang memegang garam dapat membuka kunci "
                "samaran. Simpan garam terpisah. Tidak ada yang ditulis."
            )
    garam = muat_garam(kunci_samaran, folder) if kunci_samaran is not None else None
    return RencanaKeluaran(folder=folder, tulis_rahasia=tulis_rahasia, garam=garam)


def terbitkan(tabel: dict[str, pd.DataFrame], folder_publik: Path, meta: dict) -> list[Path]:
    """Write the published tables and scan them; on a hit remove them and refuse."""
    ditulis = simpan_publik(tabel, folder_publik, meta)
    return periksa_terbitan(ditulis)


def periksa_terbitan(ditulis: list[Path]) -> list[Path]:
    """Scan published files for NIK/No KK-like numbers and synthetic names; on a hit remove
    them all and refuse."""
    temuan = pindai_privasi(ditulis)
    if temuan:
        for p in ditulis:
            p.unlink(missing_ok=True)
        raise GalatAnalisis(
            "Pemindaian privasi menemukan data pribadi di keluaran publik "
            f"({len(temuan)} temuan, mis. {temuan[0]}); keluaran publik dihapus. "
            "Laporkan sebagai galat program."
        )
    return ditulis


def catat(
    rencana: RencanaKeluaran,
    kegiatan: str,
    kode_wilayah: str,
    nama_wilayah: str,
    masukan: Sequence[Path],
    keluaran_rahasia: Sequence[Path],
    keluaran_publik: Sequence[Path],
    tanggal_acuan: Sequence[str],
    jumlah_baris: dict[str, int],
    sintetis: bool,
    pelaksana: str | None,
    masa_simpan_hari: int,
) -> list[Path]:
    """Record of processing, DPIA draft and retention note next to the private outputs."""
    c = buat_catatan(
        kegiatan,
        kode_wilayah,
        nama_wilayah,
        rencana.mulai,
        masukan,
        keluaran_rahasia,
        keluaran_publik,
        tanggal_acuan,
        jumlah_baris,
        sintetis,
        pelaksana,
        rencana.garam is not None,
    )
    ditulis = tulis_catatan(c, rencana.folder_rahasia, masa_simpan_hari)
    rencana.folder_rahasia.chmod(0o700)
    return ditulis
