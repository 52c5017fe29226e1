"""Per-province evaluation parameters (``params/provinsi/<kode>_<nama>.yaml``), validated.

Every problem is reported in Indonesian with the file and the key path
(``target_bawaan[0].tahun``), never silently defaulted.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from analisis.data.katalog import muat_katalog
from analisis.data.wilayah import muat_wilayah
from analisis.galat import GalatAnalisis, GalatValidasi, Masalah, masalah_dari_pydantic, nama_berkas
from analisis.metode.parameter import ParameterMetode


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
    """Input files for the provincial ranking of one year (paths relative to the project)."""

    model_config = ConfigDict(extra="forbid")

    evaluator: str | None = None
    anggaran: str | None = None
    bnba: str | None = None


class ParamsPeringkat(BaseModel):
    """Ranking settings of a province: framework file and inputs per year."""

    model_config = ConfigDict(extra="forbid")

    kerangka: str | None = None
    masukan: dict[int, MasukanPeringkatTahun] = Field(default_factory=dict)


class ParamsProvinsi(BaseModel):
    """Evaluation parameters of one province."""

    model_config = ConfigDict(extra="forbid")

    provinsi: str
    nama: str
    metode: dict[str, Any] = Field(default_factory=dict)
    jendela_tahun: int = Field(3, ge=1, le=10)
    target_bawaan: list[Target] = Field(default_factory=list)
    target_wilayah: dict[str, list[Target]] = Field(default_factory=dict)
    target_ekstrem: Target | None = None
    indikator_tren: list[str] = Field(
        default_factory=lambda: ["p0", "jumlah_penduduk_miskin", "p1", "p2", "garis_kemiskinan"]
    )
    indikator_kuadran: list[str] = Field(
        default_factory=lambda: [
            "ipm",
            "tpt",
            "pdrb_per_kapita_adhb",
            "gini_ratio",
            "sanitasi_layak",
            "air_minum_layak",
            "p1",
            "p2",
        ]
    )
    indikator_determinan: list[str] = Field(
        default_factory=lambda: ["ipm", "tpt", "sanitasi_layak", "air_minum_layak", "stunting"]
    )
    peringkat: ParamsPeringkat | None = None
    anggaran: list[str] = Field(default_factory=list)
    bnba: dict[str, str] = Field(default_factory=dict)

    def berkas_bnba(self, kode_wilayah: str) -> Path | None:
        """The BNBA extract configured for a region (private data; only aggregates are published)."""
        b = self.bnba.get(kode_wilayah)
        if not b:
            return None
        p = Path(b) if Path(b).is_absolute() else folder_params().parent / b
        if not p.exists():
            raise GalatValidasi(
                "Berkas parameter tidak valid.",
                masalah=[
                    Masalah(
                        f"berkas BNBA tidak ditemukan: {p}",
                        kolom=f"bnba.{kode_wilayah}",
                        kode="berkas_tidak_ada",
                    )
                ],
            )
        return p

    def berkas_anggaran(self) -> list[Path]:
        """Budget files (paths relative to the project folder), each checked to exist."""
        akar = folder_params().parent
        hasil = []
        for i, b in enumerate(self.anggaran):
            p = Path(b) if Path(b).is_absolute() else akar / b
            if not p.exists():
                raise GalatValidasi(
                    "Berkas parameter tidak valid.",
                    masalah=[
                        Masalah(
                            f"berkas anggaran tidak ditemukan: {p}",
                            kolom=f"anggaran[{i}]",
                            kode="berkas_tidak_ada",
                        )
                    ],
                )
            hasil.append(p)
        return hasil

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

    @field_validator("target_wilayah")
    @classmethod
    def _wilayah_dikenal(cls, v: dict[str, list[Target]]) -> dict[str, list[Target]]:
        w = muat_wilayah()
        tidak = [k for k in v if k not in w.index]
        if tidak:
            raise ValueError(f"kode wilayah tidak dikenal: {', '.join(tidak)}")
        return v

    @property
    def parameter_metode(self) -> ParameterMetode:
        return ParameterMetode.dari_dict(self.metode)

    def target_untuk(self, kode_wilayah: str) -> list[Target]:
        """Targets for a region: its own, else the province-wide defaults (per indicator)."""
        sendiri = self.target_wilayah.get(kode_wilayah, [])
        ada = {t.indikator for t in sendiri}
        return list(sendiri) + [t for t in self.target_bawaan if t.indikator not in ada]


def folder_params() -> Path:
    """The ``params/`` folder: ``$ANALISIS_PARAMS``, else the repository's ``params/``."""
    env = os.environ.get("ANALISIS_PARAMS")
    if env:
        return Path(env)
    for awal in (Path.cwd(), *Path.cwd().parents):
        if (awal / "params" / "provinsi").is_dir():
            return awal / "params"
    return Path(__file__).resolve().parents[3] / "params"


def berkas_params_provinsi(kode_provinsi: str) -> Path:
    """``params/provinsi/<XX00>_*.yaml`` of a province."""
    kp = str(kode_provinsi)[:2] + "00"
    calon = sorted((folder_params() / "provinsi").glob(f"{kp}_*.yaml"))
    if not calon:
        raise GalatAnalisis(
            f"Berkas parameter provinsi {kp} tidak ditemukan di {folder_params() / 'provinsi'} "
            f"(diharapkan {kp}_<nama>.yaml).",
            kode_keluar=3,
        )
    return calon[0]


def muat_params(berkas: str | Path | None = None, *, provinsi: str | None = None) -> ParamsProvinsi:
    """Load and validate a province parameter file (by path, or by province code)."""
    if berkas is None:
        if provinsi is None:
            raise GalatAnalisis("Sebutkan berkas parameter atau kode provinsi.", kode_keluar=2)
        berkas = berkas_params_provinsi(provinsi)
    p = Path(berkas)
    nama = nama_berkas(p)
    if not p.exists():
        raise GalatAnalisis(f"Berkas parameter tidak ditemukan: {p}", kode_keluar=3)
    try:
        isi = yaml.safe_load(p.read_text("utf-8"))
    except yaml.YAMLError as e:
        baris = getattr(getattr(e, "problem_mark", None), "line", None)
        raise GalatValidasi(
            "Berkas parameter bukan YAML yang sah.",
            masalah=[
                Masalah(
                    f"YAML tidak sah: {getattr(e, 'problem', e)}",
                    berkas=nama,
                    baris=baris + 1 if baris is not None else None,
                    kode="yaml_rusak",
                )
            ],
        ) from None
    if not isinstance(isi, dict):
        raise GalatValidasi(
            "Berkas parameter tidak valid.",
            masalah=[
                Masalah(
                    "isi berkas harus berupa pemetaan kunci: nilai.",
                    berkas=nama,
                    kode="parameter_tidak_valid",
                )
            ],
        )
    try:
        params = ParamsProvinsi.model_validate(isi)
    except ValidationError as e:
        masalah = masalah_dari_pydantic(e, berkas=nama, model=ParamsProvinsi)
        masalah += _masalah_metode(isi.get("metode"), nama)
        raise GalatValidasi(f"Berkas parameter {nama} tidak valid.", masalah=masalah) from None
    masalah = _masalah_metode(params.metode, nama)
    if masalah:
        raise GalatValidasi(f"Berkas parameter {nama} tidak valid.", masalah=masalah)
    return params


def _masalah_metode(metode: object, nama: str | None) -> list[Masalah]:
    """Problems of the ``metode`` block, with ``metode.`` key paths."""
    if not isinstance(metode, dict):
        return []
    try:
        ParameterMetode.dari_dict(metode)
    except GalatValidasi as e:
        return [
            Masalah(
                m.pesan,
                berkas=nama,
                kolom=f"metode.{m.kolom}" if m.kolom else "metode",
                kode=m.kode,
            )
            for m in e.masalah
        ]
    return []
