"""Per-province evaluation parameters (``params/provinsi/<kode>_<nama>.yaml``), validated.

Loaded with the project's one YAML loader (:mod:`analisis.konfig`): every problem is reported
in Indonesian with the file, the key path (``target_bawaan[0].tahun``) and its line, never
silently defaulted. Path-valued keys (``anggaran``, ``bnba``, ``peringkat.kerangka``,
``peringkat.masukan.<tahun>.*``) are written relative to the params folder and resolved by
:meth:`analisis.proyek.Proyek.jalur_params` (refused when they leave it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from analisis.data.katalog import muat_katalog
from analisis.data.wilayah import muat_wilayah
from analisis.galat import GalatAnalisis, GalatValidasi, Masalah
from analisis.konfig import muat_model
from analisis.metode.parameter import ParameterMetode
from analisis.proyek import Proyek


class Target(BaseModel):
    """A target value of an indicator for a year, with where it comes from."""

    model_config = ConfigDict(extra="forbid")

    indikator: str
    tahun: int = Field(ge=2000, le=2100)
    nilai: float
    sumber: str = Field(min_length=1)
    catatan: str = ""

    @field_validator("indikator")
    @classmethod
    def _indikator_dikenal(cls, v: str) -> str:
        if v not in muat_katalog():
            raise ValueError(f"indikator '{v}' tidak dikenal; lihat 'analisis data indikator'")
        return v


def _cek_indikator(daftar: list[str]) -> list[str]:
    tidak = [i for i in daftar if i not in muat_katalog()]
    if tidak:
        raise ValueError(
            f"indikator tidak dikenal: {', '.join(tidak)}; lihat 'analisis data indikator'"
        )
    return daftar


class MasukanPeringkatTahun(BaseModel):
    """Input files for the provincial ranking of one year (paths relative to the params folder)."""

    model_config = ConfigDict(extra="forbid")

    evaluator: str | None = None
    anggaran: str | None = None
    bnba: str | None = None


class ParamsPeringkat(BaseModel):
    """Ranking settings of a province: framework file and inputs per year."""

    model_config = ConfigDict(extra="forbid")

    kerangka: str | None = None
    masukan: dict[int, MasukanPeringkatTahun] = Field(default_factory=dict)


class BnbaSintetis(BaseModel):
    """A SYNTHETIC extract generated from a seed (demo; :mod:`analisis.bnba.sintetis_demo`)."""

    model_config = ConfigDict(extra="forbid")

    benih: int = Field(ge=0)
    jumlah: int = Field(ge=50, le=100_000)
    tanggal_acuan: date
    """Reference date (ages) of this quarter's extract."""
    dua_triwulan: bool = False
    """Also the previous quarter (reference date 91 days earlier) with known movements."""


class SumberBnba(BaseModel):
    """The BNBA extract of one region: a private file (with, optionally, the previous quarter's
    extract for the quarterly progress table) or a synthetic extract. A plain string is the
    file."""

    model_config = ConfigDict(extra="forbid")

    berkas: str | None = None
    triwulan_lalu: str | None = None
    tanggal_acuan: date | None = None
    """Reference date for ages in ``berkas`` (default: the day of the run)."""
    tanggal_acuan_lalu: date | None = None
    sintetis: BnbaSintetis | None = None

    @model_validator(mode="before")
    @classmethod
    def _teks_adalah_berkas(cls, v: Any) -> Any:
        return {"berkas": v} if isinstance(v, str) else v

    @model_validator(mode="after")
    def _satu_sumber(self) -> SumberBnba:
        if (self.berkas is None) == (self.sintetis is None):
            raise ValueError("isi tepat satu dari 'berkas' (ekstrak BNBA) atau 'sintetis'")
        if self.sintetis is not None and (
            self.triwulan_lalu or self.tanggal_acuan or self.tanggal_acuan_lalu
        ):
            raise ValueError(
                "'triwulan_lalu' dan 'tanggal_acuan' hanya untuk 'berkas'; data sintetis memakai "
                "'sintetis.dua_triwulan' dan 'sintetis.tanggal_acuan'"
            )
        return self


@dataclass(frozen=True)
class EkstrakBnba:
    """A region's BNBA extract resolved to files (private input; only aggregates published)."""

    berkas: Path
    tanggal_acuan: date | None
    sintetis: bool
    lalu: Path | None = None
    """The previous quarter's extract (quarterly progress), when configured."""
    tanggal_acuan_lalu: date | None = None


def _kuadran_bawaan() -> list[str]:
    return ["ipm", "tpt", "pdrb_per_kapita_adhb", "gini_ratio", "sanitasi_layak"] + [
        "air_minum_layak",
        "p1",
        "p2",
    ]


class ParamsProvinsi(BaseModel):
    """Evaluation parameters of one province (load with :func:`muat_params`)."""

    model_config = ConfigDict(extra="forbid")

    provinsi: str
    nama: str
    metode: dict[str, Any] = Field(default_factory=dict)
    jendela_tahun: int = Field(3, ge=1, le=10)
    jendela_kuadran: int | None = Field(None, ge=1, le=10)
    """Years of the level × change quadrant window (``None`` = ``jendela_tahun``)."""
    target_bawaan: list[Target] = Field(default_factory=list)
    target_wilayah: dict[str, list[Target]] = Field(default_factory=dict)
    target_ekstrem: Target | None = None
    indikator_tren: list[str] = Field(
        default_factory=lambda: ["p0", "jumlah_penduduk_miskin", "p1", "p2", "garis_kemiskinan"]
    )
    indikator_kuadran: list[str] = Field(default_factory=_kuadran_bawaan)
    indikator_determinan: list[str] = Field(
        default_factory=lambda: ["ipm", "tpt", "sanitasi_layak", "air_minum_layak", "stunting"]
    )
    peringkat: ParamsPeringkat | None = None
    anggaran: list[str] = Field(default_factory=list)
    bnba: dict[str, SumberBnba] = Field(default_factory=dict)

    _berkas: str = PrivateAttr(default="berkas parameter")
    """The file's name, for messages (set by :func:`muat_params`)."""

    _cek_tren = field_validator("indikator_tren", "indikator_kuadran", "indikator_determinan")(
        classmethod(lambda cls, v: _cek_indikator(v))
    )

    @field_validator("provinsi")
    @classmethod
    def _provinsi_dikenal(cls, v: str) -> str:
        w = muat_wilayah()
        if v not in w.index or w.at[v, "tingkat"] != "provinsi":
            raise ValueError(
                f"kode provinsi '{v}' tidak dikenal; diharapkan kode BPS 4 digit seperti 6300"
            )
        return v

    @property
    def parameter_metode(self) -> ParameterMetode:
        return ParameterMetode.dari_dict(self.metode)

    def target_untuk(self, kode_wilayah: str) -> list[Target]:
        """Targets for a region: its own, else the province-wide defaults (per indicator)."""
        sendiri = self.target_wilayah.get(kode_wilayah, [])
        ada = {t.indikator for t in sendiri}
        return list(sendiri) + [t for t in self.target_bawaan if t.indikator not in ada]

    # -- files the parameters point to (resolved inside the params folder) ---------------------

    def jalur_berkas(self) -> dict[str, str]:
        """Every path-valued key (key path → value as written)."""
        hasil = {f"anggaran[{i}]": b for i, b in enumerate(self.anggaran)}
        for k, b in self.bnba.items():
            if b.berkas:
                hasil[f"bnba.{k}"] = b.berkas
            if b.triwulan_lalu:
                hasil[f"bnba.{k}.triwulan_lalu"] = b.triwulan_lalu
        if self.peringkat is not None:
            if self.peringkat.kerangka:
                hasil["peringkat.kerangka"] = self.peringkat.kerangka
            for tahun, m in self.peringkat.masukan.items():
                for k in ("evaluator", "anggaran", "bnba"):
                    if (v := getattr(m, k)) is not None:
                        hasil[f"peringkat.masukan.{tahun}.{k}"] = v
        return hasil

    def _berkas_ada(self, proyek: Proyek, nilai: str, kunci: str, jenis: str) -> Path:
        p = proyek.jalur_params(nilai, kunci, berkas=self._berkas)
        if not p.is_file():
            raise GalatValidasi(
                f"Berkas parameter {self._berkas} tidak valid.",
                masalah=[
                    Masalah(
                        f"berkas {jenis} tidak ditemukan: '{nilai}' (dicari di "
                        f"{proyek.relatif(p)})",
                        berkas=self._berkas,
                        kolom=kunci,
                        kode="berkas_tidak_ada",
                    )
                ],
            )
        return p

    def ekstrak_bnba(self, kode_wilayah: str, proyek: Proyek) -> EkstrakBnba | None:
        """The BNBA extract configured for a region (private data; only aggregates are
        published), or None. A synthetic extract is generated now unless already cached
        (:func:`analisis.bnba.sintetis_demo.siapkan_sintetis`)."""
        b = self.bnba.get(kode_wilayah)
        if b is None:
            return None
        if b.sintetis is not None:
            from analisis.bnba.sintetis_demo import SpekSintetis, siapkan_sintetis

            s = b.sintetis
            spek = SpekSintetis(kode_wilayah, s.benih, s.jumlah, s.tanggal_acuan, s.dua_triwulan)
            e = siapkan_sintetis(spek, proyek.folder_sintetis / "bnba")
            return EkstrakBnba(e.berkas, e.tanggal_acuan, True, e.lalu, e.tanggal_acuan_lalu)
        kunci = f"bnba.{kode_wilayah}"
        berkas = self._berkas_ada(proyek, str(b.berkas), kunci, "BNBA")
        lalu = (
            self._berkas_ada(proyek, b.triwulan_lalu, f"{kunci}.triwulan_lalu", "BNBA")
            if b.triwulan_lalu
            else None
        )
        return EkstrakBnba(
            berkas, b.tanggal_acuan, "SINTETIS" in berkas.name.upper(), lalu, b.tanggal_acuan_lalu
        )

    def berkas_bnba(self, kode_wilayah: str, proyek: Proyek) -> Path | None:
        """The file of the BNBA extract configured for a region, or None."""
        e = self.ekstrak_bnba(kode_wilayah, proyek)
        return e.berkas if e else None

    def berkas_anggaran(self, proyek: Proyek) -> list[Path]:
        """Budget files, each checked to exist."""
        return [
            self._berkas_ada(proyek, b, f"anggaran[{i}]", "anggaran")
            for i, b in enumerate(self.anggaran)
        ]

    def berkas_kerangka(self, proyek: Proyek) -> Path:
        """The ranking framework (``peringkat.kerangka``; default
        ``params/peringkat/kerangka_bawaan.yaml``)."""
        k = self.peringkat.kerangka if self.peringkat else None
        if k:
            return self._berkas_ada(proyek, k, "peringkat.kerangka", "kerangka peringkat")
        return proyek.berkas_konfigurasi(KERANGKA_BAWAAN)

    def masukan_peringkat(self, tahun: int, proyek: Proyek) -> dict[str, Path | None]:
        """Ranking input files configured for a year: ``evaluator``, ``anggaran``, ``bnba``."""
        m = self.peringkat.masukan.get(int(tahun)) if self.peringkat else None
        isian = m.model_dump() if m else {}
        return {
            k: self._berkas_ada(proyek, v, f"peringkat.masukan.{tahun}.{k}", f"masukan {k}")
            if v
            else None
            for k, v in {"evaluator": None, "anggaran": None, "bnba": None, **isian}.items()
        }

    def berkas_wilayah(self, kode_wilayah: str, proyek: Proyek) -> dict[str, Path]:
        """Every file a region's evaluation reads besides the data store (cache key input):
        the budget and BNBA files and the project's configuration files they are read with."""
        hasil = {f"anggaran[{i}]": p for i, p in enumerate(self.berkas_anggaran(proyek))}
        if hasil:
            hasil |= _konfigurasi_anggaran(proyek)
        e = self.ekstrak_bnba(kode_wilayah, proyek)
        if e is not None:
            hasil[f"bnba.{kode_wilayah}"] = e.berkas
            if e.lalu is not None:
                hasil[f"bnba.{kode_wilayah}.triwulan_lalu"] = e.lalu
            hasil |= _konfigurasi_bnba(proyek)
        return hasil

    def berkas_peringkat(self, tahun: int, proyek: Proyek) -> dict[str, Path]:
        """Every file the ranking of a year reads besides the region results (cache key input)."""
        hasil = {"peringkat.kerangka": self.berkas_kerangka(proyek)}
        for k, p in self.masukan_peringkat(tahun, proyek).items():
            if p is not None:
                hasil[f"peringkat.masukan.{tahun}.{k}"] = p
                if k == "anggaran":
                    hasil |= _konfigurasi_anggaran(proyek)
        return hasil


AWALAN_KONFIGURASI = "konfigurasi "
"""Key prefix of a configuration file in :meth:`ParamsProvinsi.berkas_wilayah` (the file's
name under the params folder follows: ``konfigurasi bnba/privasi.yaml``)."""


def _konfigurasi_anggaran(proyek: Proyek) -> dict[str, Path]:
    """The cluster configuration budget files are read with (:mod:`analisis.anggaran`)."""
    from analisis.anggaran.konfigurasi import NAMA_KONFIGURASI

    return {AWALAN_KONFIGURASI + NAMA_KONFIGURASI: proyek.berkas_konfigurasi(NAMA_KONFIGURASI)}


def _konfigurasi_bnba(proyek: Proyek) -> dict[str, Path]:
    """The BNBA parameter files an extract is checked and published with."""
    from analisis.bnba.konfigurasi import berkas_konfigurasi_bnba

    return {
        f"{AWALAN_KONFIGURASI}bnba/{nama}": p for nama, p in berkas_konfigurasi_bnba(proyek).items()
    }


KERANGKA_BAWAAN = "peringkat/kerangka_bawaan.yaml"
"""The default ranking framework, relative to the params folder."""


def _periksa_params(params: ParamsProvinsi) -> list[tuple[str, str, str]]:
    """Meaning-level problems: the ``metode`` block, and region keys (targets, BNBA extracts)
    that are not kab/kota of this very province."""
    masalah: list[tuple[str, str, str]] = []
    try:
        ParameterMetode.dari_dict(params.metode)
    except GalatValidasi as e:
        masalah += [
            (f"metode.{m.kolom}" if m.kolom else "metode", m.pesan, m.kode) for m in e.masalah
        ]
    w = muat_wilayah()
    for kunci, daftar in (("target_wilayah", params.target_wilayah), ("bnba", params.bnba)):
        for kode in daftar:
            if kode not in w.index or w.at[kode, "tingkat"] not in ("kabupaten", "kota"):
                masalah.append(
                    (
                        f"{kunci}.{kode}",
                        f"'{kode}' bukan kode BPS kabupaten/kota",
                        "wilayah_tidak_dikenal",
                    )
                )
            elif w.at[kode, "kode_provinsi"] != params.provinsi:
                pesan = (
                    f"wilayah {kode} ({w.at[kode, 'wilayah']}) ada di provinsi "
                    f"{w.at[kode, 'kode_provinsi']}, bukan provinsi berkas ini ({params.provinsi})"
                )
                masalah.append((f"{kunci}.{kode}", pesan, "wilayah_provinsi_lain"))
    return masalah


def _periksa_jalur(params: ParamsProvinsi, proyek: Proyek) -> list[tuple[str, str, str]]:
    """Path-valued keys that are absolute or leave the params folder (checked when the file is
    loaded, not when a run first opens the file)."""
    masalah = []
    for kunci, nilai in params.jalur_berkas().items():
        try:
            proyek.jalur_params(nilai, kunci)
        except GalatValidasi as e:
            masalah += [(kunci, m.pesan, m.kode) for m in e.masalah]
    return masalah


@lru_cache(maxsize=16)
def _pemeriksa(params: Path) -> Callable[[ParamsProvinsi], list[tuple[str, str, str]]]:
    """The meaning-level check of a parameter file read with the params folder ``params``
    (one function per folder, so the loader's cache keeps working)."""
    proyek = Proyek.muat(params=params)
    return lambda p: _periksa_params(p) + _periksa_jalur(p, proyek)


def muat_params(
    berkas: str | Path | None = None,
    *,
    provinsi: str | None = None,
    proyek: Proyek | None = None,
) -> ParamsProvinsi:
    """Load and validate a province parameter file (by path, or by province code)."""
    proyek = proyek or Proyek.muat()
    if berkas is None:
        if provinsi is None:
            raise GalatAnalisis("Sebutkan berkas parameter atau kode provinsi.", kode_keluar=2)
        berkas = proyek.berkas_params_provinsi(provinsi)
    p = Path(berkas)
    params = muat_model(
        p,
        ParamsProvinsi,
        judul=f"Berkas parameter {p.name} tidak valid.",
        periksa=_pemeriksa(proyek.params),
    )
    salinan = params.model_copy()
    salinan._berkas = p.name
    return salinan
