"""The reports tree: the one place that knows every path of a run.

::

    <laporan>/                              TataLetak(akar)
      index.html                            site index: every province-year
      _static/                              shared chart libraries (one copy for all reports)
      .jalan.lock                           one runner at a time per reports folder
      <XX00>/<tahun>/                       FolderTahun (one province, one year)
        index.html                          province site page
        manifest.json                       run manifest (kontrak.ManifestJalan)
        wilayah/<kode>.html                 region report (no code, offline charts)
        hasil/<kode>.json                   region result (kontrak.HasilWilayah)
        hasil/<kode>.nc                     region series (xarray, netCDF)
        dokumen/<kode>.docx                 region chapter (Word)
        dokumen/provinsi_<XX00>.docx        province bundle: ranking + every region's chapter
        dokumen/ringkas_<kode>.docx         region one-page overview (Rakor handout)
        dokumen/ringkas_provinsi_<XX00>.docx  every region's overview, one page each
        peringkat/peringkat.json            provincial ranking (kontrak.PeringkatProvinsi)
        peringkat/peringkat.{html,csv,xlsx} ranking report and downloads
        peringkat/kontribusi.csv            indicator contributions
        unduhan/ringkasan_<XX00>_<tahun>.*  site downloads
        unduhan/triwulan_bnba_<kode>.xlsx   region's quarterly BNBA table (suppressed aggregates)
        unduhan/bnba_desa_<kode>.xlsx       region's per-desa BNBA tables (suppressed aggregates)
        log/<kode>.log                      region run logs (not published)
        .cache/<kode>.json                  runner cache sidecars (not published)
        .cache/grafik/<hash>.png            document chart pictures by content (not published)

Every stage (evaluation, runner, ranking, site, app, notebooks) asks a :class:`TataLetak` or a
:class:`FolderTahun` for a path; none builds one by hand. Paths written into published files are
made relative with :meth:`TataLetak.relatif` / :meth:`FolderTahun.relatif`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from analisis.data.wilayah import kode_provinsi_baku

#: Sub-folders of a province-year that hold per-region files (where a region's temporary
#: files can be left by a killed run).
SUBFOLDER_WILAYAH = ("wilayah", "hasil", "dokumen", ".cache", "log")
#: Files and folders of a province-year that are never published (served or copied).
TIDAK_TERBIT = (".cache", "log")


def _relatif(p: str | os.PathLike[str], dasar: Path) -> str:
    try:
        return Path(os.path.relpath(Path(p).resolve(), dasar.resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return Path(p).name


@dataclass(frozen=True)
class TataLetak:
    """The reports folder of a project (``akar``, absolute)."""

    akar: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "akar", Path(self.akar).expanduser().resolve())

    @property
    def static(self) -> Path:
        return self.akar / "_static"

    @property
    def indeks(self) -> Path:
        return self.akar / "index.html"

    @property
    def gembok(self) -> Path:
        return self.akar / ".jalan.lock"

    def tahun(self, provinsi: object, tahun: int) -> FolderTahun:
        """The folder of one province (any accepted code form) and year."""
        return FolderTahun(self.akar, kode_provinsi_baku(provinsi), int(tahun))

    def semua_tahun(self, berkas: str = "index.html") -> list[FolderTahun]:
        """Province-years (known provinces only) that hold ``berkas`` (relative to their
        folder, e.g. ``peringkat/peringkat.json``), by province then year."""
        from analisis.data.wilayah import daftar_provinsi

        if not self.akar.is_dir():
            return []
        dikenal = set(daftar_provinsi())
        hasil = []
        for p in self.akar.glob(f"[0-9][0-9]00/[0-9][0-9][0-9][0-9]/{berkas}"):
            ft = p.relative_to(self.akar).parts
            if ft[0] in dikenal:
                hasil.append(FolderTahun(self.akar, ft[0], int(ft[1])))
        return sorted(hasil, key=lambda f: (f.kode_provinsi, f.tahun))

    def relatif(self, p: str | os.PathLike[str]) -> str:
        """``p`` relative to the reports folder (POSIX)."""
        return _relatif(p, self.akar)


@dataclass(frozen=True)
class FolderTahun:
    """``<laporan>/<XX00>/<tahun>``: every path of one province-year."""

    akar_laporan: Path
    kode_provinsi: str
    tahun: int

    @property
    def tata_letak(self) -> TataLetak:
        return TataLetak(self.akar_laporan)

    @property
    def folder(self) -> Path:
        return self.akar_laporan / self.kode_provinsi / str(self.tahun)

    # -- per region
    def laporan_wilayah(self, kode: str) -> Path:
        return self.folder / "wilayah" / f"{kode}.html"

    def hasil_json(self, kode: str) -> Path:
        return self.folder / "hasil" / f"{kode}.json"

    def hasil_nc(self, kode: str) -> Path:
        return self.folder / "hasil" / f"{kode}.nc"

    def dokumen(self, kode: str) -> Path:
        return self.folder_dokumen / f"{kode}.docx"

    def dokumen_ringkas(self, kode: str) -> Path:
        """A region's one-page overview (``dokumen/ringkas_<kode>.docx``)."""
        return self.folder_dokumen / f"ringkas_{kode}.docx"

    def log(self, kode: str) -> Path:
        return self.folder / "log" / f"{kode}.log"

    def sidecar(self, kode: str) -> Path:
        """The runner's cache sidecar of a region (or of a stage: ``tahap_<nama>``)."""
        return self.folder / ".cache" / f"{kode}.json"

    @property
    def cache_grafik(self) -> Path:
        """Chart pictures of the Word documents, by content hash (``.cache/grafik/<hash>.png``,
        not published)."""
        return self.folder / ".cache" / "grafik"

    def keluaran_wilayah(self, kode: str) -> dict[str, str]:
        """A region's published outputs relative to this folder (``html``, ``json``, ``nc``)."""
        return {
            "html": self.relatif(self.laporan_wilayah(kode)),
            "json": self.relatif(self.hasil_json(kode)),
            "nc": self.relatif(self.hasil_nc(kode)),
        }

    def unduhan_wilayah(self, kode: str) -> list[str]:
        """A region's possible downloads relative to this folder (written when its result has
        the tables they hold, removed otherwise): the report links them."""
        return [
            self.relatif(self.unduhan_triwulan_bnba(kode)),
            self.relatif(self.unduhan_bnba_desa(kode)),
        ]

    def subfolder_wilayah(self) -> list[Path]:
        return [self.folder / n for n in SUBFOLDER_WILAYAH]

    @property
    def folder_hasil(self) -> Path:
        return self.folder / "hasil"

    @property
    def folder_dokumen(self) -> Path:
        return self.folder / "dokumen"

    # -- province-level documents
    @property
    def dokumen_provinsi(self) -> Path:
        """The province bundle (``dokumen/provinsi_<XX00>.docx``)."""
        return self.folder_dokumen / f"provinsi_{self.kode_provinsi}.docx"

    @property
    def dokumen_ringkas_provinsi(self) -> Path:
        """Every region's overview in one file (``dokumen/ringkas_provinsi_<XX00>.docx``)."""
        return self.folder_dokumen / f"ringkas_provinsi_{self.kode_provinsi}.docx"

    # -- province level
    @property
    def folder_peringkat(self) -> Path:
        return self.folder / "peringkat"

    @property
    def peringkat_json(self) -> Path:
        return self.folder_peringkat / "peringkat.json"

    @property
    def peringkat_html(self) -> Path:
        return self.folder_peringkat / "peringkat.html"

    @property
    def peringkat_csv(self) -> Path:
        return self.folder_peringkat / "peringkat.csv"

    @property
    def peringkat_xlsx(self) -> Path:
        return self.folder_peringkat / "peringkat.xlsx"

    @property
    def kontribusi_csv(self) -> Path:
        return self.folder_peringkat / "kontribusi.csv"

    @property
    def situs(self) -> Path:
        return self.folder / "index.html"

    @property
    def manifest(self) -> Path:
        return self.folder / "manifest.json"

    @property
    def folder_unduhan(self) -> Path:
        return self.folder / "unduhan"

    def unduhan_ringkasan(self, akhiran: str) -> Path:
        """``unduhan/ringkasan_<XX00>_<tahun>.<akhiran>``."""
        return self.folder_unduhan / f"ringkasan_{self.kode_provinsi}_{self.tahun}.{akhiran}"

    def unduhan_triwulan_bnba(self, kode: str) -> Path:
        """``unduhan/triwulan_bnba_<kode>.xlsx``: a region's quarterly BNBA progress table."""
        return self.folder_unduhan / f"triwulan_bnba_{kode}.xlsx"

    def unduhan_bnba_desa(self, kode: str) -> Path:
        """``unduhan/bnba_desa_<kode>.xlsx``: a region's per-desa BNBA tables (data quality,
        village quadrants)."""
        return self.folder_unduhan / f"bnba_desa_{kode}.xlsx"

    @property
    def ke_static(self) -> str:
        """The shared static folder relative to this folder's pages (``../../_static``)."""
        return _relatif(self.tata_letak.static, self.folder)

    def relatif(self, p: str | os.PathLike[str]) -> str:
        """``p`` relative to this province-year folder (POSIX)."""
        return _relatif(p, self.folder)

    def tautan_dari_wilayah(self, p: str | os.PathLike[str]) -> str:
        """``p`` as a relative link from a region's report page (``wilayah/<kode>.html``)."""
        return _relatif(p, self.laporan_wilayah("_").parent)
