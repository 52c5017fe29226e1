"""One validated read of a budget input per file version, shared within a process.

A batch kernel evaluates every region of a province from the same province budget file and then
ranks the province from it again; :func:`baca_anggaran_tersimpan` reads and validates it once,
:func:`indikator_peringkat_tersimpan` computes its ranking indicators once per year.
The key is the file's resolved path, the version (modification time and size) of the file and
of the CSV companion tables found next to it, and the cluster/tagging configuration in force.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from analisis.anggaran.baca import DataAnggaran, baca_anggaran
from analisis.anggaran.konfigurasi import KonfigurasiAnggaran, muat_konfigurasi
from analisis.anggaran.metrik import indikator_peringkat
from analisis.anggaran.tabel import berkas_pendamping

Versi = tuple[tuple[str, int, int], ...]


def versi_berkas(path: Path) -> Versi:
    """``(path, mtime_ns, size)`` of the budget file and of its CSV companion tables."""
    hasil = []
    for p in (path, *berkas_pendamping(path)):
        st = p.stat()
        hasil.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(hasil)


@lru_cache(maxsize=16)
def _baca(path: str, versi: Versi, konfigurasi: KonfigurasiAnggaran) -> DataAnggaran:
    return baca_anggaran(path, konfigurasi=konfigurasi)


def baca_anggaran_tersimpan(
    berkas: str | Path, *, konfigurasi: KonfigurasiAnggaran | None = None
) -> DataAnggaran:
    """:func:`~analisis.anggaran.baca.baca_anggaran` of ``berkas`` (companions found by name,
    ``konfigurasi``: the cluster taxonomy of the project the caller works for — default: the
    working folder's project's), read once per file version and configuration in this process.

    The result is shared by every caller: treat it as read-only (filter or copy its tables,
    never change them in place). A missing file or invalid content raises exactly as
    :func:`~analisis.anggaran.baca.baca_anggaran` does (errors are not cached).
    """
    path = Path(berkas).resolve()
    if not path.is_file():
        return baca_anggaran(path)  # its one clear error for a missing file
    return _baca(str(path), versi_berkas(path), konfigurasi or muat_konfigurasi())


@lru_cache(maxsize=32)
def _indikator(
    path: str, versi: Versi, konfigurasi: KonfigurasiAnggaran, tahun: int
) -> pd.DataFrame:
    return indikator_peringkat(_baca(path, versi, konfigurasi), tahun=tahun)


def indikator_peringkat_tersimpan(
    berkas: str | Path, tahun: int, *, konfigurasi: KonfigurasiAnggaran | None = None
) -> pd.DataFrame:
    """:func:`~analisis.anggaran.metrik.indikator_peringkat` of the file read by
    :func:`baca_anggaran_tersimpan` (with ``konfigurasi``) for ``tahun``, computed once
    per file version, configuration and year.

    The table is shared by every caller: read-only (select or copy, never change it in place).
    """
    path = Path(berkas).resolve()
    if not path.is_file():
        return indikator_peringkat(baca_anggaran(path), tahun=tahun)  # raises its clear error
    konf = konfigurasi or muat_konfigurasi()
    return _indikator(str(path), versi_berkas(path), konf, int(tahun))
