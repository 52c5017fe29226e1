"""Parameters of the BNBA module: column mapping, check/targeting rules and privacy policy.

Three YAML files, documented in place:

- ``params/bnba/pemetaan_kolom.yaml`` → :class:`Pemetaan` (source column names and coded
  values → canonical schema);
- ``params/bnba/aturan.yaml`` → :class:`Aturan` (programmes and eligibility rule, exclusion
  desil, quadrant desil, plausible ages, quality-score weights);
- ``params/bnba/privasi.yaml`` → :class:`Privasi` (minimum cell size, marker, complementary
  suppression).

Without an explicit path each is the project's ``params/bnba/<file>`` (one copy, found by
:meth:`analisis.proyek.Proyek.berkas_konfigurasi`), read with the project's one YAML loader
(:mod:`analisis.konfig`: line-numbered errors, duplicate keys refused), cached per file version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from analisis.konfig import muat_model
from analisis.proyek import Proyek

M = TypeVar("M", bound=BaseModel)

#: Canonical relation-to-head values (``hubungan_keluarga``), in code order (index = code).
HUBUNGAN = (
    "kepala keluarga",
    "istri",
    "suami",
    "pasangan",
    "anak",
    "menantu",
    "cucu",
    "orang tua",
    "mertua",
    "famili lain",
    "pembantu",
    "lainnya",
)


def normalisasi_nama_kolom(nama: object) -> str:
    """``' No. KK '`` → ``'no_kk'``; ``'Tgl Lahir'`` → ``'tgl_lahir'``."""
    s = str(nama).replace("\ufeff", "").strip().lower()
    s = re.sub(r"[^0-9a-z]+", "_", s)
    return s.strip("_")


def normalisasi_nilai(nilai: object) -> str:
    """Lower case, trimmed, single spaces (how coded values are compared)."""
    s = "" if nilai is None else str(nilai)
    return re.sub(r"\s+", " ", s.strip().lower())


class Pemetaan(BaseModel):
    """Column and value mapping (``pemetaan_kolom.yaml``)."""

    model_config = ConfigDict(extra="forbid")

    kolom: dict[str, list[str]]
    nilai: dict[str, dict[str, list[Any]]]
    format_tanggal: list[str] = Field(min_length=1)

    @field_validator("kolom")
    @classmethod
    def _kolom(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        return {k: [normalisasi_nama_kolom(a) for a in (alias or [])] for k, alias in v.items()}

    @field_validator("nilai")
    @classmethod
    def _nilai(cls, v: dict[str, dict[str, list[Any]]]) -> dict[str, dict[str, list[str]]]:
        hasil: dict[str, dict[str, list[str]]] = {}
        for kolom, peta in v.items():
            hasil[kolom] = {}
            for kanon, alias in peta.items():
                daftar = [normalisasi_nilai(a) for a in (alias or [])]
                hasil[kolom][str(kanon)] = daftar
        return hasil

    @model_validator(mode="after")
    def _cek(self) -> Pemetaan:
        for wajib in ("jenis_kelamin", "hubungan_keluarga", "bendera"):
            if wajib not in self.nilai:
                raise ValueError(f"bagian nilai.{wajib} tidak ada")
        if set(self.nilai["jenis_kelamin"]) != {"L", "P"}:
            raise ValueError("nilai.jenis_kelamin harus berisi tepat L dan P")
        tak_dikenal = set(self.nilai["hubungan_keluarga"]) - set(HUBUNGAN)
        if tak_dikenal:
            raise ValueError(
                f"nilai.hubungan_keluarga memakai nilai kanonik tak dikenal {sorted(tak_dikenal)}; "
                f"yang diterima: {', '.join(HUBUNGAN)}"
            )
        if set(self.nilai["bendera"]) != {"ya", "tidak"}:
            raise ValueError("nilai.bendera harus berisi tepat 'ya' dan 'tidak'")
        for kolom, peta in self.nilai.items():
            lihat: dict[str, str] = {}
            for kanon, alias in peta.items():
                for a in alias:
                    if a in lihat and lihat[a] != kanon:
                        raise ValueError(
                            f"nilai.{kolom}: '{a}' dipetakan ke '{lihat[a]}' dan '{kanon}'"
                        )
                    lihat[a] = kanon
        return self


class AturanProgram(BaseModel):
    """One programme flag and its eligibility rule."""

    model_config = ConfigDict(extra="forbid")

    label: str
    unit: Literal["keluarga", "individu"]
    desil_maks: int = Field(4, ge=1, le=10)


class Aturan(BaseModel):
    """Check and targeting rules (``aturan.yaml``)."""

    model_config = ConfigDict(extra="forbid")

    program: dict[str, AturanProgram]
    desil_eksklusi_maks: int = Field(2, ge=1, le=10)
    desil_kuadran_maks: int = Field(2, ge=1, le=10)
    umur_wajar: dict[str, tuple[int, int]]
    selisih_umur_kepala: dict[str, int] = {}
    bobot_skor_kualitas: dict[str, float]
    #: Share of rows from which one defect means a broken FILE (see analisis.bnba.diagnosa).
    ambang_cacat_berkas: float = Field(0.9, gt=0, le=1)

    @model_validator(mode="after")
    def _cek(self) -> Aturan:
        for k in self.program:
            if not re.fullmatch(r"[a-z][a-z0-9_]*", k):
                raise ValueError(f"nama program '{k}' harus huruf kecil/angka/garis bawah")
        for bagian in ("umur_wajar", "selisih_umur_kepala"):
            salah = set(getattr(self, bagian)) - set(HUBUNGAN)
            if salah:
                raise ValueError(f"{bagian}: hubungan tak dikenal {sorted(salah)}")
        for h, (a, b) in self.umur_wajar.items():
            if a > b:
                raise ValueError(f"umur_wajar.{h}: minimum {a} > maksimum {b}")
        salah = set(self.bobot_skor_kualitas) - set(KOMPONEN_SKOR)
        if salah:
            raise ValueError(
                f"bobot_skor_kualitas: komponen tak dikenal {sorted(salah)}; "
                f"yang diterima: {', '.join(KOMPONEN_SKOR)}"
            )
        if sum(self.bobot_skor_kualitas.values()) <= 0:
            raise ValueError("bobot_skor_kualitas: jumlah bobot harus > 0")
        return self

    def dengan(self, **ubah: Any) -> Aturan:
        """A copy with some fields replaced (validated again)."""
        data = self.model_dump()
        data.update(ubah)
        return Aturan.model_validate(data)


#: Components of the per-desa data-quality score (see :mod:`analisis.bnba.cek`).
KOMPONEN_SKOR = (
    "nik_valid",
    "nik_unik",
    "kk_valid",
    "umur_wajar",
    "tanpa_meninggal_penerima",
    "progres_verval",
)


class Privasi(BaseModel):
    """Publication policy (``privasi.yaml``)."""

    model_config = ConfigDict(extra="forbid")

    n_minimum: int = Field(5, ge=1)
    penanda: str | None = None
    supresi_komplementer: bool = True
    k_anonimitas: int | None = Field(None, ge=1)

    @property
    def tanda(self) -> str:
        """Marker shown in suppressed cells (``"<5"`` unless configured)."""
        return self.penanda or f"<{self.n_minimum}"

    @property
    def k(self) -> int:
        """k of the k-anonymity check of published tables (default: ``n_minimum``)."""
        return self.k_anonimitas or self.n_minimum


def muat_yaml(
    nama: str, model: type[M], berkas: str | Path | None = None, *, proyek: Proyek | None = None
) -> M:
    """Read and validate one parameter file (Indonesian :class:`GalatValidasi` on errors):
    ``berkas``, else ``bnba/<nama>`` of ``proyek`` (default: the project of the working folder
    and environment, :meth:`Proyek.muat`).

    Results are cached per file and modification time (the models are treated as read-only;
    use :meth:`Aturan.dengan` for a changed copy).
    """
    if berkas is not None:
        p = Path(berkas)
    else:
        p = (proyek or Proyek.muat()).berkas_konfigurasi(f"bnba/{nama}")
    return muat_model(p, model, judul=f"Parameter di '{p.name}' tidak valid.")


BERKAS_KONFIGURASI = ("pemetaan_kolom.yaml", "aturan.yaml", "privasi.yaml")
"""The BNBA parameter files (under the params folder's ``bnba/``) a check reads."""


def muat_pemetaan(berkas: str | Path | None = None, *, proyek: Proyek | None = None) -> Pemetaan:
    """Column/value mapping (``pemetaan_kolom.yaml``)."""
    return muat_yaml("pemetaan_kolom.yaml", Pemetaan, berkas, proyek=proyek)


def muat_aturan(berkas: str | Path | None = None, *, proyek: Proyek | None = None) -> Aturan:
    """Check and targeting rules (``aturan.yaml``)."""
    return muat_yaml("aturan.yaml", Aturan, berkas, proyek=proyek)


def muat_privasi(berkas: str | Path | None = None, *, proyek: Proyek | None = None) -> Privasi:
    """Publication policy (``privasi.yaml``)."""
    return muat_yaml("privasi.yaml", Privasi, berkas, proyek=proyek)


@dataclass(frozen=True)
class KonfigurasiBnba:
    """The BNBA parameter files of one project, read together (:func:`konfigurasi_bnba`)."""

    pemetaan: Pemetaan
    aturan: Aturan
    privasi: Privasi


def konfigurasi_bnba(proyek: Proyek | None = None) -> KonfigurasiBnba:
    """The mapping, rules and publication policy of ``proyek`` (its params folder's ``bnba/``,
    else the project's default ``params/bnba/``): what a region's evaluation checks and
    publishes with — never the working folder's project when they differ."""
    return KonfigurasiBnba(
        muat_pemetaan(proyek=proyek), muat_aturan(proyek=proyek), muat_privasi(proyek=proyek)
    )


def berkas_konfigurasi_bnba(proyek: Proyek) -> dict[str, Path]:
    """The files :func:`konfigurasi_bnba` reads for ``proyek`` (name → path; cache key input)."""
    return {nama: proyek.berkas_konfigurasi(f"bnba/{nama}") for nama in BERKAS_KONFIGURASI}
