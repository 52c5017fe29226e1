"""Synthetic BNBA extracts declared in a parameter file, generated once from their seed.

A province parameter file may declare, instead of a private extract, a SYNTHETIC one for a
region (the demo does this for a few Kalimantan Selatan regions)::

    bnba:
      "6303":
        sintetis: {benih: 6303, jumlah: 3000, tanggal_acuan: 2024-12-31, dua_triwulan: true}

:func:`siapkan_sintetis` writes it with the project's generator
(:func:`analisis.bnba.sintetis.buat_contoh`, and for two quarters
:func:`analisis.bnba.sintetis_triwulan.buat_triwulan_berikut`) into a cache folder outside the
reports tree (default ``<project>/sintetis/bnba/``, git-ignored), named after everything that
determines its content, so a fresh checkout regenerates the same file and later runs reuse it.
Every write is atomic: a reader never sees half a file, and two processes generating the same
extract at once both end with the same complete file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from analisis.bnba.sintetis import VERSI_GENERATOR, buat_contoh

#: Days between the reference dates of two consecutive synthetic quarters.
HARI_TRIWULAN = 91


@dataclass(frozen=True)
class SpekSintetis:
    """What determines a synthetic extract: region, seed, rows, reference date, quarters."""

    kode_wilayah: str
    benih: int
    jumlah: int
    tanggal_acuan: date
    dua_triwulan: bool = False

    @property
    def tanggal_acuan_lalu(self) -> date:
        """Reference date of the previous quarter (two-quarter extracts)."""
        return self.tanggal_acuan - timedelta(days=HARI_TRIWULAN)

    def _dasar(self) -> str:
        return (
            f"BNBA_SINTETIS_{self.kode_wilayah}_{self.jumlah}_benih{self.benih}_v{VERSI_GENERATOR}"
        )


@dataclass(frozen=True)
class EkstrakSintetis:
    """The generated files: this quarter's extract and, for two quarters, the previous one."""

    berkas: Path
    tanggal_acuan: date
    lalu: Path | None = None
    tanggal_acuan_lalu: date | None = None


def jalur_sintetis(spek: SpekSintetis, folder: Path) -> EkstrakSintetis:
    """Where the extract of ``spek`` lives in the cache ``folder`` (generated or not)."""
    if not spek.dua_triwulan:
        return EkstrakSintetis(
            folder / f"{spek._dasar()}_{spek.tanggal_acuan.isoformat()}.parquet",
            spek.tanggal_acuan,
        )
    lalu = folder / f"{spek._dasar()}_{spek.tanggal_acuan_lalu.isoformat()}.parquet"
    ini = folder / f"{spek._dasar()}_{spek.tanggal_acuan.isoformat()}_TRIWULAN_BERIKUT.parquet"
    return EkstrakSintetis(ini, spek.tanggal_acuan, lalu, spek.tanggal_acuan_lalu)


def siapkan_sintetis(spek: SpekSintetis, folder: Path) -> EkstrakSintetis:
    """The synthetic extract of ``spek`` in ``folder``, generated now unless already there."""
    ekstrak = jalur_sintetis(spek, folder)
    if ekstrak.berkas.is_file() and (ekstrak.lalu is None or ekstrak.lalu.is_file()):
        return ekstrak
    folder.mkdir(parents=True, exist_ok=True)
    if ekstrak.lalu is None:
        buat_contoh(
            spek.kode_wilayah,
            spek.jumlah,
            spek.benih,
            ekstrak.berkas,
            "parquet",
            spek.tanggal_acuan,
        )
        return ekstrak
    from analisis.bnba.sintetis_triwulan import buat_triwulan_berikut

    if not ekstrak.lalu.is_file():
        buat_contoh(
            spek.kode_wilayah,
            spek.jumlah,
            spek.benih,
            ekstrak.lalu,
            "parquet",
            spek.tanggal_acuan_lalu,
        )
    buat_triwulan_berikut(ekstrak.lalu, ekstrak.berkas, spek.benih + 1, None, spek.tanggal_acuan)
    return ekstrak
