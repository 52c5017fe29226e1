"""Writing the documents into the reports tree, atomically.

Paths come from :class:`~analisis.tata_letak.FolderTahun`: ``dokumen(kode)`` (a region's
chapter), ``dokumen_provinsi`` (the bundle: ranking chapter, then one chapter per kab/kota),
``dokumen_ringkas(kode)`` and ``dokumen_ringkas_provinsi`` (one-page overviews).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from docx.document import Document as DokumenWord

from analisis.berkas import tulis_dengan
from analisis.dokumen.bab_wilayah import PenyusunBab
from analisis.dokumen.grafik import PelukisGrafik
from analisis.dokumen.penulis import Penulis
from analisis.dokumen.sumber import (
    SumberWilayah,
    baca_semua_hasil,
    kabkota_provinsi,
    sumber_wilayah,
)
from analisis.dokumen.templat import Templat, muat_templat
from analisis.galat import GalatAnalisis
from analisis.kontrak import HasilWilayah, PeringkatProvinsi
from analisis.proyek import Proyek
from analisis.tata_letak import FolderTahun


@dataclass
class Penyusun:
    """Everything shared by the documents of one run: the template and the chart renderer
    (pictures cached in the province-year's ``.cache/grafik`` folder)."""

    proyek: Proyek
    templat: Templat
    pelukis: PelukisGrafik = field(default_factory=PelukisGrafik)
    ditulis: list[Path] = field(default_factory=list)
    _hasil: dict[Path, dict[str, HasilWilayah]] = field(default_factory=dict)

    @classmethod
    def untuk(cls, proyek: Proyek) -> Penyusun:
        return cls(proyek, muat_templat(proyek))

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.pelukis.tutup()

    def simpan(self, doc: DokumenWord, tujuan: Path) -> Path:
        tulis_dengan(tujuan, lambda p: doc.save(str(p)))
        self.ditulis.append(tujuan)
        return tujuan

    def _penulis(self) -> Penulis:
        return Penulis(self.templat.dokumen_baru())

    # -- one region ----------------------------------------------------------------------------
    def dokumen_wilayah(self, sumber: SumberWilayah) -> DokumenWord:
        """A region's chapter as its own document (title, table of contents, sections 1–10)."""
        p = self._penulis()
        bab = PenyusunBab(p, self.pelukis, sumber)
        p.judul(bab_judul(sumber))
        p.daftar_isi()
        p.ganti_halaman()
        bab.tulis()
        return p.selesai()

    def tulis_wilayah(
        self, ft: FolderTahun, kode: str, semua: dict[str, HasilWilayah] | None = None
    ) -> Path:
        self.pelukis.folder_cache = ft.cache_grafik
        s = sumber_wilayah(ft, kode, self.semua_hasil(ft) if semua is None else semua)
        return self.simpan(self.dokumen_wilayah(s), ft.dokumen(kode))

    def semua_hasil(self, ft: FolderTahun) -> dict[str, HasilWilayah]:
        """The province-year's result files, read once per run (every region's document
        needs them all for the relative-position table)."""
        if ft.folder not in self._hasil:
            self._hasil[ft.folder] = baca_semua_hasil(ft)
        return self._hasil[ft.folder]

    # -- province bundle -----------------------------------------------------------------------
    def tulis_provinsi(self, ft: FolderTahun) -> list[Path]:
        """The bundle (ranking chapter, then one chapter per kab/kota) and every region's own
        document. Needs every region's result file and the ranking."""
        from analisis.dokumen.bab_peringkat import tulis_bab_peringkat

        self.pelukis.folder_cache = ft.cache_grafik
        semua = hasil_lengkap(ft)
        peringkat = PeringkatProvinsi.baca(ft.peringkat_json)
        p = self._penulis()
        p.judul(
            f"Evaluasi Penanggulangan Kemiskinan dan Peringkat Kinerja TKPK Kabupaten/Kota "
            f"Provinsi {peringkat.meta.provinsi} Tahun {ft.tahun}"
        )
        p.daftar_isi(tingkat=1)
        p.ganti_halaman()
        tulis_bab_peringkat(p, 1, peringkat, ft, self.pelukis)
        sumber = {k: sumber_wilayah(ft, k, semua) for k in semua}
        for i, (kode, s) in enumerate(sumber.items(), start=2):
            p.ganti_halaman()
            PenyusunBab(p, self.pelukis, s).tulis(nomor_bab=i)
        keluaran = [self.simpan(p.selesai(), ft.dokumen_provinsi)]
        for kode, s in sumber.items():
            keluaran.append(self.simpan(self.dokumen_wilayah(s), ft.dokumen(kode)))
        return keluaran

    # -- one-page overviews ----------------------------------------------------------------------
    def tulis_ringkas(self, ft: FolderTahun, kode: list[str]) -> list[Path]:
        from analisis.dokumen.ringkas import tulis_ringkas

        peringkat = PeringkatProvinsi.baca_jika_ada(ft.peringkat_json)
        semua = baca_semua_hasil(ft)
        keluaran = []
        sumber = [sumber_wilayah(ft, k, semua) for k in kode]
        for k, s in zip(kode, sumber, strict=True):
            p = self._penulis()
            tulis_ringkas(p, s, peringkat)
            keluaran.append(self.simpan(p.selesai(), ft.dokumen_ringkas(k)))
        if len(kode) > 1:
            p = self._penulis()
            for i, s in enumerate(sumber):
                if i:
                    p.ganti_halaman()
                tulis_ringkas(p, s, peringkat)
            keluaran.append(self.simpan(p.selesai(), ft.dokumen_ringkas_provinsi))
        return keluaran


def bab_judul(s: SumberWilayah) -> str:
    from analisis.dokumen.bab_wilayah import judul_wilayah

    return judul_wilayah(s.tampilan)


def hasil_lengkap(ft: FolderTahun) -> dict[str, HasilWilayah]:
    """Every kab/kota result of the province-year; one message naming the missing ones."""
    semua = baca_semua_hasil(ft)
    hilang = [k for k in kabkota_provinsi(ft.kode_provinsi) if k not in semua]
    if hilang:
        raise GalatAnalisis(
            f"Hasil evaluasi {len(hilang)} kabupaten/kota {ft.kode_provinsi} {ft.tahun} belum ada "
            f"({', '.join(hilang)}); jalankan dahulu 'analisis jalankan --provinsi "
            f"{ft.kode_provinsi[:2]} --tahun {ft.tahun}'.",
            kode_keluar=3,
        )
    return semua


def tulis_dokumen_provinsi(kode_provinsi: str, tahun: int, proyek: Proyek) -> list[Path]:
    """Every document of a province-year: the bundle, each region's chapter and the one-page
    overviews (the runner's ``dokumen`` stage; ``analisis dokumen --provinsi`` and
    ``--ringkas``)."""
    ft = proyek.tata_letak.tahun(kode_provinsi, tahun)
    with Penyusun.untuk(proyek) as p:
        ditulis = p.tulis_provinsi(ft)
        ditulis += p.tulis_ringkas(ft, kabkota_provinsi(ft.kode_provinsi))
    return ditulis
