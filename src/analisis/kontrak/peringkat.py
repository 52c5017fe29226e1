"""``<laporan>/<XX00>/<tahun>/peringkat/peringkat.json``: the published provincial ranking.

It carries everything needed to show, check and re-weight the ranking without any other file:
the complete validated framework used (``kerangka``, with its sha256), the joined indicator
table (``masukan``), the table rows (``baris``, the one definition of the ranking table), the
non-robust pairs, the effective dimension weights, the Monte Carlo settings, and the caveats as
data (``peringatan``). The app rebuilds the framework from this file; it needs no YAML.
Paths inside are relative to the province-year folder or name the input only.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, ClassVar, Literal

import pandas as pd
from pydantic import Field, model_validator

from analisis.kontrak.dasar import BerkasKontrak, Model
from analisis.peringkat.kerangka import Kerangka, periksa_kerangka

KOLOM_BARIS = (
    "kode_wilayah",
    "nama",
    "peringkat",
    "skor",
    "interval_bawah",
    "interval_atas",
    "median_peringkat",
    "peluang_3_besar",
    "jumlah_pasangan_tidak_robust",
    "ditandai",
    "indikator_hilang",
    "keterangan",
)
"""Columns of the ranking table, in order; then ``skor_<dimensi>`` per dimension."""


def sha256_kerangka(kerangka: Kerangka) -> str:
    """sha256 of the framework's canonical JSON (what was used, byte for byte reproducible)."""
    teks = json.dumps(kerangka.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(teks.encode("utf-8")).hexdigest()


class BarisPeringkat(Model):
    """One region of the ranking table."""

    kode_wilayah: str
    nama: str
    peringkat: int | None
    skor: float | None
    interval_bawah: float | None = None
    interval_atas: float | None = None
    median_peringkat: float | None = None
    peluang_3_besar: float | None = None
    jumlah_pasangan_tidak_robust: int | None = None
    ditandai: bool = False
    indikator_hilang: list[str] = Field(default_factory=list)
    keterangan: str = ""
    skor_dimensi: dict[str, float | None] = Field(default_factory=dict)


class PasanganTidakRobust(Model):
    """A pair of regions whose order flips in a notable share of the simulations."""

    kode_atas: str
    wilayah_atas: str
    peringkat_atas: int
    kode_bawah: str
    wilayah_bawah: str
    peringkat_bawah: int
    proporsi_terbalik: float
    status: str


class PeringatanPeringkat(Model):
    """The caveats of a ranking, as data (every output states them)."""

    bobot_tidak_resmi: bool = True
    """No official weights exist (domain methods §3.1): the framework's are a proposal."""
    masukan_contoh: list[str] = Field(default_factory=list)
    """Inputs (``evaluator``, ``anggaran``, ``bnba``) that are fictional examples (CONTOH)
    or synthetic (SINTETIS)."""
    sumber_tidak_diberikan: list[str] = Field(default_factory=list)
    """Input sources not provided for any region."""
    dimensi_tanpa_data: list[str] = Field(default_factory=list)
    """Dimension codes without any data: their weight went to the other dimensions."""
    wilayah_data_tidak_lengkap: list[str] = Field(default_factory=list)
    """Region codes ranked on incomplete data (flagged)."""
    hanya_dimensi_hasil: bool = False
    """Only the outcome dimension has data: a "peringkat hasil saja"."""

    def kalimat(self, kerangka: Kerangka) -> list[str]:
        """The caveats as plain Indonesian sentences (every output prints these)."""
        nama_dim = {d.kode: d.nama for d in kerangka.dimensi}
        out = []
        if self.hanya_dimensi_hasil:
            out.append(
                "PERINGKAT HASIL SAJA: hanya dimensi hasil (angka kemiskinan) yang memiliki data; "
                "ini bukan peringkat kinerja TKPK yang lengkap."
            )
        if self.masukan_contoh:
            out.append(
                "CONTOH: masukan "
                + ", ".join(self.masukan_contoh)
                + " berisi data fiktif/sintetis untuk demonstrasi; peringkat ini bukan penilaian "
                "sungguhan."
            )
        if self.bobot_tidak_resmi:
            out.append(
                f"Bobot kerangka '{kerangka.nama}' adalah usulan, bukan bobot resmi (tidak ada "
                "bobot resmi untuk peringkat kinerja TKPK)."
            )
        if self.dimensi_tanpa_data:
            out.append(
                "Dimensi tanpa data: "
                + ", ".join(nama_dim.get(d, d) for d in self.dimensi_tanpa_data)
                + "; bobotnya dibagi ulang ke dimensi lain."
            )
        if self.sumber_tidak_diberikan:
            out.append("Masukan tidak tersedia: " + "; ".join(self.sumber_tidak_diberikan) + ".")
        if self.wilayah_data_tidak_lengkap:
            n = len(self.wilayah_data_tidak_lengkap)
            out.append(
                f"{n} wilayah diperingkat dengan data tidak lengkap (ditandai); bobot indikator "
                "yang hilang dihitung ulang, tidak diisi."
            )
        return out


class MetaPeringkat(Model):
    kode_provinsi: str
    provinsi: str
    tahun: int
    sumber: dict[str, str] = Field(default_factory=dict)
    """Input source → description (file name or relative path, never absolute)."""
    parameter_robust: dict[str, Any] = Field(default_factory=dict)
    """Monte Carlo settings actually applied (seed, draws, concentrations, noise scale, …)."""
    versi_analisis: str
    dibuat: str


class PeringkatProvinsi(BerkasKontrak):
    """The published ranking of one province-year (schema version 2)."""

    SKEMA: ClassVar[int] = 2
    JENIS: ClassVar[str] = "peringkat provinsi"
    PERINTAH: ClassVar[str] = "analisis jalankan --provinsi <kode> --tahun <tahun>"

    schema_version: Literal[2] = 2
    meta: MetaPeringkat
    kerangka: Kerangka
    kerangka_sha256: str
    peringatan: PeringatanPeringkat
    bobot_efektif: dict[str, float]
    """Dimension weights as applied to a region with every dimension that has data."""
    baris: list[BarisPeringkat]
    pasangan_tidak_robust: list[PasanganTidakRobust] = Field(default_factory=list)
    masukan: list[dict[str, Any]]
    """The joined indicator table (``kode_wilayah``, ``wilayah``, one column per indicator)."""
    html: str = "peringkat.html"
    """The ranking report, relative to this file's folder."""
    sensitivitas: dict[str, Any] | None = None
    koherensi: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _kerangka_utuh(self) -> PeringkatProvinsi:
        masalah = periksa_kerangka(self.kerangka)
        if masalah:
            raise ValueError("kerangka tidak sah: " + "; ".join(f"{j}: {p}" for j, p, _ in masalah))
        if sha256_kerangka(self.kerangka) != self.kerangka_sha256:
            raise ValueError("sidik jari kerangka (kerangka_sha256) tidak cocok dengan isinya")
        return self

    # -- tables ------------------------------------------------------------------------------

    def tabel_baris(self) -> pd.DataFrame:
        """The ranking table: :data:`KOLOM_BARIS` then ``skor_<dimensi>``, in rank order."""
        return tabel_dari_baris(self.baris, [d.kode for d in self.kerangka.dimensi])

    def tabel_masukan(self) -> pd.DataFrame:
        """The joined indicator table, index ``kode_wilayah`` (numeric columns as floats, text
        (rubric) columns keep ``None`` for missing)."""
        df = pd.DataFrame(self.masukan)
        if df.empty:
            return df
        df["kode_wilayah"] = df["kode_wilayah"].astype(str)
        df = df.set_index("kode_wilayah")
        for c in df.columns:
            if c == "wilayah":
                continue
            nilai = df[c]
            if all(
                v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))
                for v in nilai
            ):
                df[c] = pd.to_numeric(nilai, errors="coerce").astype(float)
        return df


def tabel_dari_baris(baris: list[BarisPeringkat], dimensi: list[str]) -> pd.DataFrame:
    """Rows as a DataFrame with the published column layout (one definition)."""
    rekam = []
    for b in baris:
        r = b.model_dump(exclude={"skor_dimensi"})
        r["indikator_hilang"] = ", ".join(b.indikator_hilang)
        for d in dimensi:
            r[f"skor_{d}"] = b.skor_dimensi.get(d)
        rekam.append(r)
    kolom = [*KOLOM_BARIS, *(f"skor_{d}" for d in dimensi)]
    df = pd.DataFrame(rekam, columns=kolom)
    df["peringkat"] = df["peringkat"].astype("Int64")
    df["jumlah_pasangan_tidak_robust"] = df["jumlah_pasangan_tidak_robust"].astype("Int64")
    for c in ("skor", "interval_bawah", "interval_atas", "median_peringkat", "peluang_3_besar"):
        df[c] = df[c].astype(float)
    for d in dimensi:
        df[f"skor_{d}"] = df[f"skor_{d}"].astype(float)
    df["ditandai"] = df["ditandai"].astype(bool)
    return df
