"""Budget taxonomy: strategy clusters and extreme-poverty tagging categories (parameters).

The cluster list and the tagging weights are parameters, not constants (domain spec §0, §1.6,
§3.2). They live in the project's ``params/anggaran/klaster.yaml`` (one copy), read with the
project's one YAML loader (:mod:`analisis.konfig`: line-numbered errors, duplicate keys refused).

Labels typed by users (``"K2"``, ``"pendapatan"``, ``"K2 - Meningkatkan pendapatan ..."``,
``"Tidak langsung"``, ``"tidak_langsung"``) are matched after normalisation (case, spaces,
punctuation); unknown labels get the closest suggestion, never a silent guess.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from analisis.konfig import DokumenYaml, muat_model, validasi
from analisis.proyek import Proyek

#: Code used for rows that carry no extreme-poverty tag (not configurable: weight 0).
TANPA_PENANDAAN = "tidak_ditandai"
#: Display name of :data:`TANPA_PENANDAAN`.
NAMA_TANPA_PENANDAAN = "Tidak ditandai"
_ALIAS_TANPA_PENANDAAN = (
    "",
    "-",
    "tidak",
    "bukan",
    "tidak ditandai",
    "tanpa penandaan",
    "tidak ada",
    "tidak_ditandai",
)

NAMA_BERKAS = "klaster.yaml"
NAMA_KONFIGURASI = f"anggaran/{NAMA_BERKAS}"
"""Relative to the params folder (:meth:`analisis.proyek.Proyek.berkas_konfigurasi`)."""


def normalisasi_label(teks: object) -> str:
    """Lower case, punctuation to spaces, single spaces: ``' Tidak-Langsung '`` → ``'tidak langsung'``."""
    s = "" if teks is None else str(teks)
    s = s.replace("\u00a0", " ").strip().lower()
    s = s.replace("—", " ").replace("–", " ")
    s = re.sub(r"[^\w]+", " ", s).replace("_", " ")
    return re.sub(r" +", " ", s).strip()


class Klaster(BaseModel):
    """One strategy cluster."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kode: str = Field(min_length=1, description="kode singkat, mis. K1")
    nama: str = Field(min_length=1)
    deskripsi: str = ""
    dasar: str = Field("", description="dasar hukum/sumber")
    tingkat_bukti: Literal["V", "S", "R"] = "V"
    alias: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``'K1 — Mengurangi beban pengeluaran'``."""
        return f"{self.kode} — {self.nama}"


class KategoriPenandaan(BaseModel):
    """One extreme-poverty tagging category with its weight in the score T."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kode: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")
    nama: str = Field(min_length=1)
    bobot: float = Field(ge=0, le=1)
    deskripsi: str = ""
    alias: tuple[str, ...] = ()


class Penandaan(BaseModel):
    """Tagging categories (PMK 97/2023: langsung/tidak langsung/penunjang = 50/30/20)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    dasar: str = ""
    kategori: tuple[KategoriPenandaan, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _cek(self) -> Penandaan:
        kode = [k.kode for k in self.kategori]
        ganda = sorted({k for k in kode if kode.count(k) > 1})
        if ganda:
            raise ValueError(f"kode kategori penandaan ganda: {', '.join(ganda)}")
        if TANPA_PENANDAAN in kode:
            raise ValueError(f"'{TANPA_PENANDAAN}' sudah disediakan otomatis; hapus dari daftar")
        total = sum(k.bobot for k in self.kategori)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"jumlah bobot penandaan harus 1, bukan {total:g}")
        return self


class PemetaanKode(BaseModel):
    """Sub-kegiatan code prefix → cluster code, used only when the cluster cell is empty."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    awalan: str = Field(min_length=1)
    klaster: str = Field(min_length=1)


class KonfigurasiAnggaran(BaseModel):
    """The validated content of ``klaster.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    versi: int = 1
    klaster: tuple[Klaster, ...] = Field(min_length=1)
    penandaan: Penandaan
    pemetaan_subkegiatan: tuple[PemetaanKode, ...] = ()

    @model_validator(mode="after")
    def _cek(self) -> KonfigurasiAnggaran:
        kode = [k.kode for k in self.klaster]
        ganda = sorted({k for k in kode if kode.count(k) > 1})
        if ganda:
            raise ValueError(f"kode klaster ganda: {', '.join(ganda)}")
        # Every label must point to one cluster only.
        pemilik: dict[str, str] = {}
        for k in self.klaster:
            for label in (k.kode, k.nama, *k.alias):
                n = normalisasi_label(label)
                if n in pemilik and pemilik[n] != k.kode:
                    raise ValueError(
                        f"label '{label}' dipakai oleh dua klaster ({pemilik[n]} dan {k.kode})"
                    )
                pemilik[n] = k.kode
        pemilik_p: dict[str, str] = {
            normalisasi_label(a): TANPA_PENANDAAN for a in _ALIAS_TANPA_PENANDAAN
        }
        for p in self.penandaan.kategori:
            for label in (p.kode, p.nama, *p.alias):
                n = normalisasi_label(label)
                if n in pemilik_p and pemilik_p[n] != p.kode:
                    raise ValueError(
                        f"label penandaan '{label}' dipakai dua kali ({pemilik_p[n]} dan {p.kode})"
                    )
                pemilik_p[n] = p.kode
        for m in self.pemetaan_subkegiatan:
            if m.klaster not in kode:
                raise ValueError(
                    f"pemetaan_subkegiatan: klaster '{m.klaster}' tidak ada di daftar klaster"
                )
        return self

    # ------------------------------------------------------------------ lookups
    @property
    def kode_klaster(self) -> list[str]:
        """Cluster codes in configured order."""
        return [k.kode for k in self.klaster]

    @property
    def kode_penandaan(self) -> list[str]:
        """Weighted tagging codes in configured order (without ``tidak_ditandai``)."""
        return [k.kode for k in self.penandaan.kategori]

    @property
    def bobot_penandaan(self) -> dict[str, float]:
        """``{'langsung': 0.5, 'tidak_langsung': 0.3, 'penunjang': 0.2}`` by default."""
        return {k.kode: k.bobot for k in self.penandaan.kategori}

    def klaster_menurut_kode(self, kode: str) -> Klaster:
        for k in self.klaster:
            if k.kode == kode:
                return k
        raise KeyError(kode)

    def nama_klaster(self, kode: str) -> str:
        """Display name of a cluster code (the code itself when unknown)."""
        try:
            return self.klaster_menurut_kode(kode).nama
        except KeyError:
            return kode

    def nama_penandaan(self, kode: str) -> str:
        """Display name of a tagging code (``tidak_ditandai`` → ``'Tidak ditandai'``)."""
        if kode == TANPA_PENANDAAN:
            return NAMA_TANPA_PENANDAAN
        for k in self.penandaan.kategori:
            if k.kode == kode:
                return k.nama
        return kode

    @cached_property
    def _peta_klaster(self) -> dict[str, str]:
        # Built once per (frozen) configuration: a budget file looks up every row.
        peta: dict[str, str] = {}
        for k in self.klaster:
            for label in (k.kode, k.nama, *k.alias):
                peta[normalisasi_label(label)] = k.kode
        return peta

    def cari_klaster(self, teks: object) -> str | None:
        """Cluster code for a user label, or ``None``.

        Accepts the code, the name, an alias, or "code + name" (``'K1 - Mengurangi beban
        pengeluaran'``, ``'K1. Mengurangi ...'``) when the name part matches the code.
        """
        n = normalisasi_label(teks)
        if not n:
            return None
        peta = self._peta_klaster
        if n in peta:
            return peta[n]
        depan, _, sisa = n.partition(" ")
        kode = peta.get(depan)
        if kode is not None and peta.get(sisa) == kode:
            return kode
        return None

    def saran_klaster(self, teks: object, n: int = 2) -> list[str]:
        """Closest cluster labels (``'K2 — Meningkatkan ...'``) for an unknown label."""
        return self._saran(
            teks, self._peta_klaster, lambda k: self.klaster_menurut_kode(k).label, n
        )

    @cached_property
    def _peta_penandaan(self) -> dict[str, str]:
        peta = {normalisasi_label(a): TANPA_PENANDAAN for a in _ALIAS_TANPA_PENANDAAN}
        for p in self.penandaan.kategori:
            for label in (p.kode, p.nama, *p.alias):
                peta[normalisasi_label(label)] = p.kode
        return peta

    def cari_penandaan(self, teks: object) -> str | None:
        """Tagging code for a user label; empty cell → ``tidak_ditandai``; unknown → ``None``."""
        return self._peta_penandaan.get(normalisasi_label(teks))

    def saran_penandaan(self, teks: object, n: int = 2) -> list[str]:
        """Closest tagging names for an unknown label."""
        return self._saran(teks, self._peta_penandaan, self.nama_penandaan, n)

    @staticmethod
    def _saran(teks: object, peta: Mapping[str, str], label, n: int) -> list[str]:
        kunci = normalisasi_label(teks)
        calon = difflib.get_close_matches(kunci, [k for k in peta if k], n=n * 4, cutoff=0.5)
        hasil: list[str] = []
        for c in calon:
            teks_label = label(peta[c])
            if teks_label not in hasil:
                hasil.append(teks_label)
        return hasil[:n]

    def klaster_dari_kode_subkegiatan(self, kode_subkegiatan: str) -> str | None:
        """Cluster from ``pemetaan_subkegiatan`` (longest matching prefix), or ``None``."""
        cocok = [m for m in self.pemetaan_subkegiatan if str(kode_subkegiatan).startswith(m.awalan)]
        if not cocok:
            return None
        return max(cocok, key=lambda m: len(m.awalan)).klaster

    @property
    def label_klaster(self) -> list[str]:
        """Dropdown entries for the template: cluster names."""
        return [k.nama for k in self.klaster]

    @property
    def label_penandaan(self) -> list[str]:
        """Dropdown entries for the template: tagging names plus ``Tidak ditandai``."""
        return [k.nama for k in self.penandaan.kategori] + [NAMA_TANPA_PENANDAAN]


# ---------------------------------------------------------------------- loading
JUDUL = "Konfigurasi anggaran tidak valid."


def dari_dict(data: object, berkas: str | None = None) -> KonfigurasiAnggaran:
    """Validate a parsed mapping; raise :class:`GalatValidasi` with every problem in Indonesian."""
    return validasi(DokumenYaml(data, berkas or ""), KonfigurasiAnggaran, judul=JUDUL)


def muat_konfigurasi(
    berkas: str | Path | None = None, *, proyek: Proyek | None = None
) -> KonfigurasiAnggaran:
    """Load and validate the cluster/tagging taxonomy (default: the project's
    ``params/anggaran/klaster.yaml``; cached per file version; the model is frozen)."""
    if berkas is None:
        berkas = (proyek or Proyek.muat()).berkas_konfigurasi(NAMA_KONFIGURASI)
    return muat_model(berkas, KonfigurasiAnggaran, judul=JUDUL)
