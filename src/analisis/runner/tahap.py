"""Follow-up stages run after every kab/kota of a province-year has a successful result.

A stage is a plain function ``(kode_provinsi, tahun, proyek) -> list[Path]`` returning
the files it wrote (they go into the run manifest). Stages run in the runner process, in the
order listed, only when all regions of the province are complete and current; a stage is
skipped when its inputs did not change since its last success: the keys of all regions, the
code, and whatever the stage declares with an ``berkas_masukan(kode_provinsi, tahun, proyek)``
attribute returning ``{name: path}`` (the ranking: its framework and input files).
A failing stage is reported like a failing region (non-zero exit status). A stage marked
``di_pekerja = True`` runs on the run's worker pool, in a warm kernel
(:func:`analisis.runner.pekerja.kernel_tahap` gives its ``km``, :func:`~analisis.runner.pekerja.klien_tahap`
its ready client), when the run started one.

Register stages **here**, in :data:`TAHAP_LANJUTAN`. The provincial ranking is meant to be
added as::

    def tahap_peringkat(kode_provinsi: str, tahun: int, proyek: Proyek) -> list[Path]:
        from analisis.peringkat.jalankan import jalankan_peringkat

        return list(jalankan_peringkat(kode_provinsi, tahun, proyek=proyek).values())

    TAHAP_LANJUTAN.append(tahap_peringkat)

The site (:func:`analisis.situs.bangun_situs`) is always rebuilt after the stages, so it shows
the ranking summary as soon as ``peringkat/peringkat.json`` exists.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from analisis.proyek import Proyek

TahapLanjutan = Callable[[str, int, Proyek], list[Path]]

#: The registered follow-up stages, in execution order.
TAHAP_LANJUTAN: list[TahapLanjutan] = []


def nama_tahap(tahap: TahapLanjutan) -> str:
    return str(
        getattr(tahap, "nama", None) or getattr(tahap, "__name__", None) or type(tahap).__name__
    )


def daftar_tahap() -> list[TahapLanjutan]:
    """The stages to run (a copy of :data:`TAHAP_LANJUTAN`)."""
    return list(TAHAP_LANJUTAN)


def tahap_peringkat(kode_provinsi: str, tahun: int, proyek: Proyek) -> list[Path]:
    """The provincial TKPK ranking (notebook ``peringkat_provinsi``) from the fresh results."""
    from analisis.peringkat.jalankan import jalankan_peringkat
    from analisis.runner.pekerja import kernel_tahap, klien_tahap

    berkas = jalankan_peringkat(
        kode_provinsi, tahun, proyek=proyek, km=kernel_tahap(), kc=klien_tahap()
    )
    return list(berkas.values())


def masukan_peringkat(kode_provinsi: str, tahun: int, proyek: Proyek) -> dict[str, Path]:
    """Files the ranking of a province-year reads besides the region results."""
    from analisis.evaluasi.params import muat_params

    return muat_params(provinsi=kode_provinsi, proyek=proyek).berkas_peringkat(tahun, proyek)


def kode_pemanasan(tahap: list[TahapLanjutan]) -> str | None:
    """The warm-up code (``pemanasan``) of the stages that run in worker kernels, or None."""
    kode = [
        str(fn.pemanasan)  # type: ignore[attr-defined]
        for fn in tahap
        if getattr(fn, "di_pekerja", False) and getattr(fn, "pemanasan", None)
    ]
    return "\n".join(kode) or None


def berkas_masukan(
    tahap: TahapLanjutan, kode_provinsi: str, tahun: int, proyek: Proyek
) -> dict[str, Path]:
    """The input files a stage declares (empty when it declares none)."""
    fn = getattr(tahap, "berkas_masukan", None)
    return dict(fn(kode_provinsi, tahun, proyek)) if fn is not None else {}


tahap_peringkat.nama = "peringkat"  # type: ignore[attr-defined]
#: Runs in a worker's warm kernel when the run has a worker pool (saves a kernel start and
#: the imports, ~5 s per province); other stages run in the runner process.
tahap_peringkat.di_pekerja = True  # type: ignore[attr-defined]
tahap_peringkat.berkas_masukan = masukan_peringkat  # type: ignore[attr-defined]
tahap_peringkat.notebook = "peringkat_provinsi"  # type: ignore[attr-defined]
#: What the ranking imports on first use (SALib and scipy.stats, openpyxl, its display modules):
#: a kernel left idle by the last regions of a run imports it meanwhile
#: (:func:`kode_pemanasan`), instead of the ranking after every region.
tahap_peringkat.pemanasan = (  # type: ignore[attr-defined]
    "import analisis.anggaran, analisis.peringkat.jalankan, analisis.peringkat.koherensi, "
    "analisis.peringkat.sensitivitas, analisis.peringkat.tampilan, "
    "analisis.peringkat.tampilan_sensitivitas  # noqa"
)
TAHAP_LANJUTAN.append(tahap_peringkat)


# ----------------------------------------------------------------- Word documents (analisis.dokumen)
def tahap_dokumen(kode_provinsi: str, tahun: int, proyek: Proyek) -> list[Path]:
    """The Word documents of the province-year (bundle, every region's chapter, one-page
    overviews) from the fresh results and ranking (:mod:`analisis.dokumen`)."""
    from analisis.dokumen.tulis import tulis_dokumen_provinsi

    return tulis_dokumen_provinsi(kode_provinsi, tahun, proyek)


def masukan_dokumen(kode_provinsi: str, tahun: int, proyek: Proyek) -> dict[str, Path]:
    """The ranking's input files (the documents show the ranking) and the Word template."""
    from analisis.dokumen.templat import berkas_templat

    return {**masukan_peringkat(kode_provinsi, tahun, proyek), **berkas_templat(proyek)}


tahap_dokumen.nama = "dokumen"  # type: ignore[attr-defined]
tahap_dokumen.berkas_masukan = masukan_dokumen  # type: ignore[attr-defined]
#: Not in TAHAP_LANJUTAN: drawing ~250 charts per province costs several times the HTML
#: reports (benchmarks/bench_dokumen.py), so it runs only when asked for
#: (``analisis jalankan --dokumen``, :func:`tahap_dengan_dokumen`).


def tahap_dengan_dokumen() -> list[TahapLanjutan]:
    """The registered stages followed by the documents stage."""
    return [*daftar_tahap(), tahap_dokumen]
