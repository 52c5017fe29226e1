"""Follow-up stages run after every kab/kota of a province-year has a successful result.

A stage is a plain function ``(kode_provinsi, tahun, folder_laporan) -> list[Path]`` returning
the files it wrote (they go into the run manifest). Stages run in the runner process, in the
order listed, only when all regions of the province are complete and current; a stage is
skipped when its inputs (the keys of all regions) did not change since its last success.
A failing stage is reported like a failing region (non-zero exit status). A stage marked
``di_pekerja = True`` runs on the run's worker pool, in a warm kernel
(:func:`analisis.runner.pekerja.kernel_tahap` gives its ``km``), when the run started one.

Register stages **here**, in :data:`TAHAP_LANJUTAN`. The provincial ranking is meant to be
added as::

    def tahap_peringkat(kode_provinsi: str, tahun: int, folder_laporan: Path) -> list[Path]:
        from analisis.peringkat.jalankan import jalankan_peringkat

        return list(jalankan_peringkat(kode_provinsi, tahun, folder_laporan=folder_laporan).values())

    TAHAP_LANJUTAN.append(tahap_peringkat)

The site (:func:`analisis.situs.bangun_situs`) is always rebuilt after the stages, so it shows
the ranking summary as soon as ``peringkat/peringkat.json`` exists.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

TahapLanjutan = Callable[[str, int, Path], list[Path]]

#: The registered follow-up stages, in execution order.
TAHAP_LANJUTAN: list[TahapLanjutan] = []


def nama_tahap(tahap: TahapLanjutan) -> str:
    return str(
        getattr(tahap, "nama", None) or getattr(tahap, "__name__", None) or type(tahap).__name__
    )


def daftar_tahap() -> list[TahapLanjutan]:
    """The stages to run (a copy of :data:`TAHAP_LANJUTAN`)."""
    return list(TAHAP_LANJUTAN)


def tahap_peringkat(kode_provinsi: str, tahun: int, folder_laporan: Path) -> list[Path]:
    """The provincial TKPK ranking (notebook ``peringkat_provinsi``) from the fresh results."""
    from analisis.peringkat.jalankan import jalankan_peringkat
    from analisis.runner.pekerja import kernel_tahap

    return list(
        jalankan_peringkat(
            kode_provinsi, tahun, folder_laporan=folder_laporan, km=kernel_tahap()
        ).values()
    )


tahap_peringkat.nama = "peringkat"  # type: ignore[attr-defined]
#: Runs in a worker's warm kernel when the run has a worker pool (saves a kernel start and
#: the imports, ~5 s per province); other stages run in the runner process.
tahap_peringkat.di_pekerja = True  # type: ignore[attr-defined]
TAHAP_LANJUTAN.append(tahap_peringkat)
