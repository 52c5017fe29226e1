"""Beyond one machine: BNBA checks over Parquet partitions with Dask workers running DuckDB.

One machine handles a kabupaten extract of ~10 million rows (see ``benchmarks/bench_bnba.py``).
A whole province or the national DTSEN (~285 million people) is processed as **one Parquet
file per kabupaten/kota** (e.g. ``bnba/kode_wilayah=6303/part-0.parquet``):

1. **Phase 1 — NIK keys** (cheap, reads only the NIK column): each worker returns the distinct
   16-digit NIKs of its partition that it sees once or more, hashed to 64 bits and sorted
   (numpy). The client intersects the hash sets: NIKs seen in two or more partitions are
   cross-kabupaten duplicate *candidates*.
2. **Phase 2 — exact candidates**: each worker returns the actual NIK values of its rows whose
   hash is a candidate (a tiny list); the client keeps the NIKs present in ≥ 2 partitions
   (exact, no hash trusted as identity).
3. **Phase 3 — checks**: each worker runs the full single-machine pipeline
   (:func:`analisis.bnba.cek.periksa`, DuckDB) on its partition, with the cross-partition
   duplicates passed in (``nik_ganda_luar``), and returns its additive aggregate cube and,
   optionally, its private worklist rows. Families, desa and kecamatan never cross a
   kabupaten, so every other check is local.
4. The client concatenates the cubes (:func:`analisis.bnba.cek.gabung_kubus`); every
   publishable table, the targeting metrics and the quadrant are computed from the combined
   cube exactly as on one machine (counts are summed, rates recomputed, never averaged).

Workers need only the package and read access to the files (shared filesystem or object
storage). Each task holds one kabupaten in memory (≤ 2 GB for 10 million rows), so a worker's
memory limit bounds the largest partition, not the dataset. The same code runs on a
``distributed.LocalCluster`` (tested with two small partitions) and on a cluster scheduler
(``dask-jobqueue``, Kubernetes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analisis.galat import GalatAnalisis


@dataclass
class HasilTerdistribusi:
    """Combined result: the summed cube, worklist rows per partition, cross-partition NIKs."""

    kubus: pd.DataFrame
    daftar_kerja: pd.DataFrame | None
    nik_ganda_lintas: list[int]
    partisi: list[dict[str, Any]] = field(default_factory=list)


def _hash_nik(nilai: np.ndarray) -> np.ndarray:
    """64-bit mix (splitmix64 finaliser) of NIK integers — only used to find candidates."""
    z = nilai.astype(np.uint64, copy=True)
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return z


def _nik_partisi(path: str, kode_wilayah: str) -> np.ndarray:
    """Distinct 16-digit NIKs of one partition (as uint64): reads only the NIK column, with the
    same mapping and parsing as the full reader."""
    from analisis.bnba.skema import _ekspr_angka_bersih, buka_sumber, info_wilayah, sambung

    info_wilayah(kode_wilayah)
    con = sambung()
    try:
        sumber = buka_sumber(path, con)
        nik = _ekspr_angka_bersih(sumber, "nik", 16, (" ", "'"))
        hasil = con.sql(
            f"SELECT DISTINCT {nik} AS n FROM ({sumber.sql()}) WHERE {nik} IS NOT NULL"
        ).fetchnumpy()["n"]
        return np.asarray(hasil, dtype=np.uint64)
    finally:
        con.close()


def tugas_kunci(path: str, kode_wilayah: str) -> np.ndarray:
    """Phase 1 (worker): sorted unique hashes of the partition's NIKs."""
    return np.unique(_hash_nik(_nik_partisi(path, kode_wilayah)))


def tugas_calon(path: str, kode_wilayah: str, calon: np.ndarray) -> np.ndarray:
    """Phase 2 (worker): the partition's NIKs whose hash is a candidate."""
    nik = _nik_partisi(path, kode_wilayah)
    return nik[np.isin(_hash_nik(nik), calon)]


def tugas_cek(
    path: str,
    kode_wilayah: str,
    nik_luar: Sequence[int],
    tanggal_acuan: date | None,
    dengan_daftar_kerja: bool,
) -> dict[str, Any]:
    """Phase 3 (worker): full checks on one partition; returns the cube (and worklist)."""
    from analisis.bnba.cek import periksa
    from analisis.bnba.skema import muat_bnba, sambung

    con = sambung()
    try:
        data = muat_bnba(path, kode_wilayah, con=con)
        hasil = periksa(data, tanggal_acuan=tanggal_acuan, nik_ganda_luar=nik_luar)
        daftar = hasil.daftar_kerja() if dengan_daftar_kerja else None
        if daftar is not None:
            daftar.insert(0, "kode_wilayah", kode_wilayah)
        return {
            "kode_wilayah": kode_wilayah,
            "berkas": str(path),
            "jumlah_baris": data.jumlah_baris,
            "kubus": hasil.kubus,
            "daftar_kerja": daftar,
            "ringkasan": hasil.ringkasan(),
        }
    finally:
        con.close()


def cek_terdistribusi(
    partisi: Iterable[tuple[str | Path, str]],
    client=None,
    tanggal_acuan: date | None = None,
    dengan_daftar_kerja: bool = False,
) -> HasilTerdistribusi:
    """Check many kabupaten partitions on a Dask cluster (or locally without a client).

    Args:
        partisi: ``(path, kode_wilayah_bps)`` per partition (one kabupaten/kota each).
        client: a ``distributed.Client``; ``None`` runs the same tasks in this process.
        tanggal_acuan: reference date for ages.
        dengan_daftar_kerja: also return the PRIVATE worklist rows (never publish them).
    """
    from analisis.bnba.cek import gabung_kubus

    daftar = [(str(p), str(k)) for p, k in partisi]
    if not daftar:
        raise GalatAnalisis("Tidak ada partisi untuk diperiksa.")

    def peta(fungsi, *argumen_per_partisi):
        if client is None:
            return [fungsi(*a) for a in zip(*argumen_per_partisi)]
        futures = client.map(fungsi, *argumen_per_partisi, pure=False)
        return client.gather(futures)

    jalur = [p for p, _ in daftar]
    kode = [k for _, k in daftar]
    # Phase 1: hashes seen in >= 2 partitions.
    kunci = peta(tugas_kunci, jalur, kode)
    semua = np.concatenate(kunci) if kunci else np.empty(0, np.uint64)
    semua.sort()
    calon = np.unique(semua[1:][semua[1:] == semua[:-1]])
    # Phase 2: exact values of the candidates.
    lintas: list[int] = []
    if len(calon):
        nilai = peta(tugas_calon, jalur, kode, [calon] * len(jalur))
        gabung = np.concatenate(nilai)
        gabung.sort()
        lintas = [int(x) for x in np.unique(gabung[1:][gabung[1:] == gabung[:-1]])]
    # Phase 3: full checks per partition.
    n = len(jalur)
    hasil = peta(
        tugas_cek, jalur, kode, [lintas] * n, [tanggal_acuan] * n, [dengan_daftar_kerja] * n
    )
    kubus = gabung_kubus([h["kubus"] for h in hasil])
    dk = None
    if dengan_daftar_kerja:
        dk = pd.concat(
            [h["daftar_kerja"] for h in hasil if h["daftar_kerja"] is not None], ignore_index=True
        )
    info = [{k: v for k, v in h.items() if k not in ("kubus", "daftar_kerja")} for h in hasil]
    return HasilTerdistribusi(kubus=kubus, daftar_kerja=dk, nik_ganda_lintas=lintas, partisi=info)
