"""``<laporan>/<XX00>/<tahun>/hasil/<kode>.json``: the evaluation result of one kab/kota.

Written by the evaluation (notebook or ``analisis evaluasi``) through
:func:`analisis.evaluasi.simpan.simpan_hasil`; read by the ranking, the site, the app and the
Word documents, never by hand. Parts that other stages read are typed models; report-only
tables are lists of records (their columns are documented in
:class:`analisis.evaluasi.hitung.HasilEvaluasi`).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, Field

from analisis.kontrak.dasar import BerkasKontrak, Model

Tabel = list[dict[str, Any]]
"""A table as a list of records (one dict per row, JSON values)."""


class MetaHasil(Model):
    """Who, when and from what: region, year, reference, data vintage and grades."""

    kode_wilayah: str
    nama: str
    tingkat: str
    kode_provinsi: str
    provinsi: str
    kode_kemendagri: str
    tahun: int
    tahun_awal: int
    pembanding: str
    kode_pembanding: str
    nama_pembanding: str
    jendela_tahun: int
    jendela_kuadran: int
    vintase: str
    sidik_jari_data: str
    ada_data_impor: bool
    mutu_angka_dipakai: dict[str, int] = Field(default_factory=dict)
    versi_analisis: str
    dibuat: str


class BarisKartu(Model):
    """One indicator of the score card (latest value against the reference)."""

    indikator: str
    nama: str
    satuan: str
    tahun_data: int | None
    nilai: float | None
    nilai_pembanding: float | None
    sumber_pembanding: str = ""
    """The reference region's name, or "rata-rata N kabupaten/kota" when it had no value."""
    selisih: float | None
    arah: int
    status: str
    kualitas: str
    tahun_lama: bool


class PosisiWilayah(Model):
    """The region's rank among the province's kab/kota for one indicator."""

    peringkat: int | None
    jumlah: int | None
    nilai: float | None
    nilai_pembanding: float | None
    sumber_pembanding: str = ""
    posisi: str | None
    seri_dengan: list[str] = Field(default_factory=list)


class BarisKuadran(Model):
    """One region in the level × change quadrant."""

    model_config = ConfigDict(extra="allow")

    kode_wilayah: str
    nama: str
    kuadran: str | None = None
    nilai_awal: float | None = None
    level: float | None = None
    laju: float | None = None


class KuadranPerkembangan(Model):
    """The level × change quadrant of P0 over the quadrant window."""

    tabel: list[BarisKuadran]
    ambang_x: float | None
    ambang_y: float | None
    tahun_awal: int
    tahun_akhir: int
    sumbu_y: str = "absolut"
    catatan: list[str] = Field(default_factory=list)

    def baris(self, kode: str) -> BarisKuadran | None:
        return next((b for b in self.tabel if b.kode_wilayah == kode), None)


class Kinerja(Model):
    """Outcome indicators for the provincial ranking (``sumber: statistik`` of the framework)
    and, when a BNBA extract was configured, its publishable data-quality indicators
    (``sumber: bnba``), by indicator code."""

    model_config = ConfigDict(extra="allow")

    jendela_tahun: int
    tahun_awal: int
    tahun_akhir: int

    def nilai(self, kode: str) -> Any:
        """The value of an indicator code (``None`` when absent)."""
        return (self.model_extra or {}).get(kode, getattr(self, kode, None))


class CatatanData(Model):
    """A caveat of the bundled data that applies to this report."""

    id: str
    judul: str
    isi: str
    indikator: list[str] = Field(default_factory=list)
    wilayah: list[str] = Field(default_factory=list)
    tahun: list[int] = Field(default_factory=list)


class SelKosong(Model):
    """One missing cell the evaluation needed (never interpolated)."""

    indikator: str
    kode_wilayah: str
    wilayah: str
    tahun: int


class CelahData(Model):
    """The missing cells that limited this report, and the command that fills them from BPS
    (:mod:`analisis.evaluasi.celah`). Empty in results written before it existed."""

    sel: list[SelKosong] = Field(default_factory=list)
    perintah: str = ""


class Presisi(Model):
    """The precision model behind the significance guard and the ranking's sampling noise."""

    uji_signifikansi: bool
    z: float
    n_efektif: float
    rse_tetap: float | None = None
    keterangan: str
    sumber: dict[str, list[str]] = Field(default_factory=dict)
    """Per indicator, where its SE came from in the window: ``model``, ``impor``, ``rse_tetap``."""


class HasilWilayah(BerkasKontrak):
    """The whole result of one region's evaluation (schema version 3).

    Version 3: ``kinerja`` carries ``<kode>__se`` (standard errors for the ranking), relevansi
    labels follow the spec's sign rule, ``ekstrem`` and ``presisi`` were added.
    """

    SKEMA: ClassVar[int] = 3
    JENIS: ClassVar[str] = "hasil evaluasi wilayah"
    PERINTAH: ClassVar[str] = "analisis jalankan --provinsi <kode> --tahun <tahun> --paksa"

    schema_version: Literal[3] = 3
    meta: MetaHasil
    kartu: list[BarisKartu]
    perkembangan: Tabel
    relevansi: Tabel
    posisi_wilayah: dict[str, PosisiWilayah]
    kuadran_perkembangan: KuadranPerkembangan | None = None
    kuadran_indikator: dict[str, dict[str, Any]]
    target: Tabel
    determinan: dict[str, Any]
    kinerja: Kinerja
    anggaran: dict[str, Any]
    bnba: dict[str, Any]
    provenans: Tabel
    catatan_data: list[CatatanData]
    parameter: Tabel
    kosong: dict[str, str]
    celah_data: CelahData = Field(default_factory=CelahData)
    ekstrem: dict[str, Any] = Field(default_factory=dict)
    presisi: Presisi | None = None

    def kartu_indikator(self) -> dict[str, BarisKartu]:
        return {k.indikator: k for k in self.kartu}
