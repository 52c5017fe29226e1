"""The ranking framework: dimensions, indicators, weights and normalisations, read from YAML.

A framework (*kerangka*) is the complete, editable description of the TKPK performance index:
which indicators are used, where their values come from, which direction is better, how raw
values become 0–100 scores, and how scores are weighted. No official weights exist (domain
methods §3.1), so every number lives in YAML, and everything a user can get wrong is reported in
Indonesian with the YAML key path (``dimensi[1].indikator[0].bobot``) and, when the framework came
from a file, the line number.

Validation is two-layered so that one run reports as much as possible:

* pydantic checks the *shape* (types, required keys, unknown keys);
* :func:`periksa_kerangka` checks the *meaning* (weights summing to 1, known normalisations,
  directions and sources, unique codes, rubric maps, targets, Monte Carlo settings) and collects
  every problem before raising one :class:`~analisis.galat.GalatValidasi`.

Normalisation methods (details and formulas in :mod:`analisis.peringkat.indeks`):

``max_rasio``      X / X_max × 100 (PMK 97/2023 style); lower-is-better: X_min / X × 100.
``min_maks``       (X − X_min) / (X_max − X_min) × 100, reversed when lower is better.
``skor_z``         z-score mapped to 0–100 (``skala_z``: normal probability or T-score).
``rubrik``         categorical grades mapped to points (A=100, B=75, C=50, D=25; ya=100/tidak=0).
``capaian_target`` achievement against a fixed target, capped: min(X / target, 1) × 100.

The first three are *relative* (they depend on the other regions) and are the ones the Monte
Carlo robustness check may swap; the last two are absolute scales and never swapped.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from analisis.galat import GalatAnalisis, nama_berkas
from analisis.konfig import DokumenYaml, muat_model, urai_yaml, validasi
from analisis.peringkat.agregasi import AGREGASI, periksa_geser
from analisis.proyek import Proyek
from analisis.teks import angka_id

# ---------------------------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------------------------

SUMBER = ("statistik", "evaluator", "anggaran", "bnba")
"""Where an indicator's values come from: computed from statistics/evaluation outputs,
entered by evaluators in the template, budget data, or the BNBA registry."""

ARAH = ("naik_baik", "turun_baik")
"""Direction: higher is better / lower is better."""

NORMALISASI = ("max_rasio", "min_maks", "skor_z", "rubrik", "capaian_target")
NORMALISASI_RELATIF = ("max_rasio", "min_maks", "skor_z")
"""Normalisations whose scores depend on the other regions (swappable in the Monte Carlo)."""

BAWAAN = "bawaan"
"""Monte Carlo scheme keyword: every indicator keeps its configured normalisation."""

SKALA_Z = ("peluang_normal", "skor_t")
KEBIJAKAN_DATA_HILANG = ("bobot_ulang", "kecualikan")

RUBRIK_BAWAAN: dict[str, float] = {"A": 100.0, "B": 75.0, "C": 50.0, "D": 25.0}
RUBRIK_YA_TIDAK: dict[str, float] = {"ya": 100.0, "tidak": 0.0}

TOLERANSI_BOBOT = 1e-6

AKHIRAN_SE = "__se"
"""Suffix of optional standard-error columns in the input data (``<kode>__se``)."""

INDIKATOR_SUMBER: dict[str, tuple[str, ...]] = {
    "statistik": (
        "penurunan_p0_3th",
        "penurunan_p0_relatif_3th",
        "penurunan_p1_3th",
        "penurunan_p2_3th",
        "efektivitas_p0",
    ),
    "anggaran": ("porsi_anggaran_kemiskinan", "skor_penandaan", "realisasi_anggaran"),
    "bnba": ("progres_verval", "persen_nik_valid", "persen_duplikat", "cakupan_desil1"),
}
"""Indicator codes each computed source produces (the evaluation's ``kinerja`` block, the budget
metrics, the BNBA data-quality aggregates; tests keep the producers in step). A framework
indicator of such a source with another code would be empty for every region, so it is refused.
Evaluator indicators are free: the evaluator template is generated from the framework."""

KERANGKA_BAWAAN = "peringkat/kerangka_bawaan.yaml"
"""The default framework, relative to the params folder (:meth:`Proyek.berkas_konfigurasi`)."""

_POLA_KODE = re.compile(r"^[a-z][a-z0-9_]*$")


# ---------------------------------------------------------------------------------------------
# Models (shape only; meaning is checked by periksa_kerangka)
# ---------------------------------------------------------------------------------------------


class _Model(BaseModel):
    # ``.inf`` (fixed weights) survives a JSON round trip (``peringkat.json``) as "Infinity".
    model_config = ConfigDict(extra="forbid", frozen=True, ser_json_inf_nan="strings")


class Indikator(_Model):
    """One indicator of a dimension."""

    kode: str
    nama: str
    sumber: str
    arah: str = "naik_baik"
    normalisasi: str
    bobot: float
    satuan: str | None = None
    keterangan: str | None = None
    nilai_rubrik: dict[str, float] | None = None
    """Grade → points for ``rubrik``; defaults to the framework's ``rubrik_bawaan``."""
    target: float | None = None
    """Target for ``capaian_target`` (e.g. 3 rakor per year)."""
    rentang: list[float | None] | None = None
    """Allowed range ``[min, max]`` of raw values (``null`` = open), e.g. ``[0, 100]`` for %."""
    bilangan_bulat: bool = False
    """Raw values must be whole numbers (counts)."""
    rse_bawaan: float | None = None
    """Default relative standard error in % of the value, for statistical indicators."""
    se_bawaan: float | None = None
    """Default standard error in the indicator's own unit, for statistical indicators."""
    normalisasi_alternatif: list[str] | None = None
    """Relative normalisations this indicator may take in the Monte Carlo (``None`` = the
    framework-wide list in ``robust.normalisasi_alternatif``)."""

    def rubrik(self, kerangka: Kerangka) -> dict[str, float]:
        """Grade → points map in force for this indicator (only meaningful for ``rubrik``)."""
        return (
            dict(self.nilai_rubrik)
            if self.nilai_rubrik is not None
            else dict(kerangka.rubrik_bawaan)
        )

    @property
    def relatif(self) -> bool:
        return self.normalisasi in NORMALISASI_RELATIF

    @property
    def kategorik(self) -> bool:
        return self.normalisasi == "rubrik"


class Dimensi(_Model):
    """A dimension: a weighted group of indicators."""

    kode: str
    nama: str
    bobot: float
    keterangan: str | None = None
    indikator: list[Indikator] = Field(min_length=1)


class PengaturanRobust(_Model):
    """Monte Carlo settings (see :mod:`analisis.peringkat.robust`)."""

    jumlah_iterasi: int = 1000
    benih: int | None = 2024
    konsentrasi_dimensi: float = 50.0
    """Dirichlet concentration α for the dimension weights (mean = configured weights,
    variance w(1−w)/(α+1)); ``.inf`` keeps the weights fixed."""
    konsentrasi_indikator: float = 50.0
    """Same, for indicator weights within each dimension."""
    normalisasi_alternatif: list[str] = Field(
        default_factory=lambda: [BAWAAN, "max_rasio", "min_maks", "skor_z"]
    )
    """Schemes drawn uniformly, one per draw: ``bawaan`` (configured) or one relative method
    applied to every relative indicator that allows it."""
    skala_galat: float = 1.0
    """Multiplier on standard errors (0 = no sampling noise)."""
    ambang_urutan_tidak_robust: float = 0.10
    posisi_teratas: int = 3
    jendela_pasangan: int | None = 10
    """Pairs whose deterministic ranks differ by at most this are checked for order flips
    (``null`` = all pairs)."""


class PengaturanSensitivitas(_Model):
    """Variance-based sensitivity settings (see :mod:`analisis.peringkat.sensitivitas`).

    The weight concentrations, normalisation schemes and sampling-error scale are those of
    ``robust`` (one uncertainty model for both analyses); these keys add the rest.
    """

    jumlah_sampel: int = 1024
    """Saltelli base sample N (a power of 2); the index is evaluated N · (faktor + 2) times."""
    benih: int | None = 2024
    jumlah_bootstrap: int = 100
    """Bootstrap resamples for the confidence intervals of the Sobol indices."""
    tingkat_kepercayaan: float = 0.95
    agregasi_alternatif: list[str] = Field(
        default_factory=lambda: ["aritmetika", "geometrik", "harmonik", "copeland"]
    )
    """Aggregation methods drawn uniformly (the first one is the published index's)."""
    geser_nol: float = 1.0
    """Zero guard δ (points) of the geometric and harmonic means: mean(s + δ) − δ."""
    kebijakan_alternatif: list[str] = Field(default_factory=lambda: ["bobot_ulang", "kecualikan"])
    """Missing-data policies drawn uniformly (used only when some region has missing data)."""


class Kerangka(_Model):
    """A complete ranking framework. Construct with :func:`muat_kerangka` or
    :func:`kerangka_dari_dict`, which also run :func:`periksa_kerangka`."""

    versi: int = 1
    nama: str
    catatan: str | None = None
    rubrik_bawaan: dict[str, float] = Field(default_factory=lambda: dict(RUBRIK_BAWAAN))
    skala_z: str = "peluang_normal"
    kebijakan_data_hilang: str = "bobot_ulang"
    izinkan_dimensi_hilang: bool = False
    robust: PengaturanRobust = Field(default_factory=PengaturanRobust)
    sensitivitas: PengaturanSensitivitas = Field(default_factory=PengaturanSensitivitas)
    dimensi: list[Dimensi] = Field(min_length=1)

    # -- navigation ------------------------------------------------------------------------

    def iter_indikator(self) -> Iterator[tuple[int, int, Dimensi, Indikator]]:
        """``(dimension index, indicator index, dimension, indicator)`` in framework order."""
        for i, d in enumerate(self.dimensi):
            for j, ind in enumerate(d.indikator):
                yield i, j, d, ind

    @cached_property
    def kode_indikator(self) -> list[str]:
        return [ind.kode for _, _, _, ind in self.iter_indikator()]

    def indikator(self, kode: str) -> Indikator:
        for _, _, _, ind in self.iter_indikator():
            if ind.kode == kode:
                return ind
        raise KeyError(kode)

    def jalur_indikator(self, kode: str) -> str:
        """YAML key path of an indicator, e.g. ``dimensi[2].indikator[0]``."""
        for i, j, _, ind in self.iter_indikator():
            if ind.kode == kode:
                return f"dimensi[{i}].indikator[{j}]"
        raise KeyError(kode)

    def dimensi_dari(self, kode_indikator: str) -> Dimensi:
        for _, _, d, ind in self.iter_indikator():
            if ind.kode == kode_indikator:
                return d
        raise KeyError(kode_indikator)

    def indikator_evaluator(self) -> list[Indikator]:
        """Indicators entered by evaluators in the template (``sumber: evaluator``)."""
        return [ind for _, _, _, ind in self.iter_indikator() if ind.sumber == "evaluator"]


# ---------------------------------------------------------------------------------------------
# Semantic checks
# ---------------------------------------------------------------------------------------------


def _saran(nilai: object, pilihan: tuple[str, ...] | list[str]) -> str:
    cocok = difflib.get_close_matches(str(nilai), list(pilihan), n=1, cutoff=0.6)
    return f" Mungkin maksud Anda '{cocok[0]}'?" if cocok else ""


def _daftar(pilihan: tuple[str, ...] | list[str]) -> str:
    return ", ".join(pilihan)


def _angka(x: float) -> str:
    """Short number for messages, Indonesian: 0.95 → '0,95', 1/3 → '0,3333333'."""
    return angka_id(float(f"{x:.7g}"))


class _Pemeriksaan:
    """Collects ``(key path, Indonesian message, machine code)`` problems of a framework."""

    def __init__(self) -> None:
        self.out: list[tuple[str, str, str]] = []

    def tambah(self, jalur: str, pesan: str, kode: str) -> None:
        self.out.append((jalur, pesan, kode))

    def rubrik(self, jalur: str, peta: dict[str, float]) -> None:
        if not peta:
            self.tambah(
                jalur,
                "peta rubrik kosong; isi misalnya {A: 100, B: 75, C: 50, D: 25}",
                "rubrik_kosong",
            )
        lipat: dict[str, str] = {}
        for nilai, skor in peta.items():
            if not (0 <= skor <= 100) or math.isnan(skor):
                self.tambah(
                    f"{jalur}.{nilai}",
                    f"skor rubrik harus 0–100, tertulis {_angka(skor)}",
                    "skor_rubrik_di_luar_rentang",
                )
            kunci = str(nilai).strip().casefold()
            if kunci in lipat:
                self.tambah(
                    f"{jalur}.{nilai}",
                    f"nilai rubrik '{nilai}' sama dengan '{lipat[kunci]}' "
                    "(huruf besar/kecil tidak dibedakan)",
                    "rubrik_ganda",
                )
            lipat[kunci] = str(nilai)

    def bobot(self, jalur: str, bobot: float) -> None:
        if math.isnan(bobot) or not (0 <= bobot <= 1):
            self.tambah(
                jalur,
                f"bobot harus di antara 0 dan 1, tertulis {_angka(bobot)}",
                "bobot_di_luar_rentang",
            )

    def kode(self, jalur: str, kode: str, jenis: str) -> None:
        if not _POLA_KODE.match(kode):
            self.tambah(
                jalur,
                f"kode {jenis} '{kode}' tidak sah: pakai huruf kecil, angka dan garis "
                "bawah, diawali huruf (contoh 'porsi_anggaran_kemiskinan')",
                "kode_tidak_sah",
            )
        elif AKHIRAN_SE in kode:
            self.tambah(
                jalur,
                f"kode {jenis} '{kode}' tidak boleh memuat '{AKHIRAN_SE}' (dipakai untuk "
                "kolom galat baku)",
                "kode_tidak_sah",
            )


def _cek_umum(p: _Pemeriksaan, k: Kerangka) -> None:
    p.rubrik("rubrik_bawaan", k.rubrik_bawaan)
    if k.skala_z not in SKALA_Z:
        p.tambah(
            "skala_z",
            f"skala_z '{k.skala_z}' tidak dikenal; pilihan: {_daftar(SKALA_Z)}."
            + _saran(k.skala_z, SKALA_Z),
            "skala_z_tidak_dikenal",
        )
    if k.kebijakan_data_hilang not in KEBIJAKAN_DATA_HILANG:
        p.tambah(
            "kebijakan_data_hilang",
            f"kebijakan '{k.kebijakan_data_hilang}' tidak dikenal; pilihan: "
            f"{_daftar(KEBIJAKAN_DATA_HILANG)}."
            + _saran(k.kebijakan_data_hilang, KEBIJAKAN_DATA_HILANG),
            "kebijakan_tidak_dikenal",
        )


def _cek_indikator(p: _Pemeriksaan, ji: str, ind: Indikator) -> None:
    """Vocabulary, method-specific keys, range, standard errors and alternatives of one indicator."""
    if ind.sumber not in SUMBER:
        p.tambah(
            f"{ji}.sumber",
            f"sumber '{ind.sumber}' tidak dikenal; pilihan: "
            f"{_daftar(SUMBER)}." + _saran(ind.sumber, SUMBER),
            "sumber_tidak_dikenal",
        )
    if ind.arah not in ARAH:
        p.tambah(
            f"{ji}.arah",
            f"arah '{ind.arah}' tidak dikenal; pilihan: naik_baik "
            "(makin tinggi makin baik) atau turun_baik (makin rendah makin baik)."
            + _saran(ind.arah, ARAH),
            "arah_tidak_dikenal",
        )
    if ind.normalisasi not in NORMALISASI:
        p.tambah(
            f"{ji}.normalisasi",
            f"normalisasi '{ind.normalisasi}' tidak dikenal; "
            f"pilihan: {_daftar(NORMALISASI)}." + _saran(ind.normalisasi, NORMALISASI),
            "normalisasi_tidak_dikenal",
        )
    _cek_metode(p, ji, ind)
    _cek_rentang_dan_galat(p, ji, ind)
    _cek_alternatif(p, ji, ind)


def _cek_metode(p: _Pemeriksaan, ji: str, ind: Indikator) -> None:
    # Method-specific keys.
    if ind.normalisasi == "rubrik":
        if ind.nilai_rubrik is not None:
            p.rubrik(f"{ji}.nilai_rubrik", ind.nilai_rubrik)
        if ind.arah != "naik_baik":
            p.tambah(
                f"{ji}.arah",
                "arah 'turun_baik' tidak berlaku untuk normalisasi "
                "rubrik: urutan baik-buruk ditentukan oleh skor di nilai_rubrik; "
                "pakai arah naik_baik",
                "arah_rubrik",
            )
        for kunci in ("rse_bawaan", "se_bawaan"):
            if getattr(ind, kunci) is not None:
                p.tambah(
                    f"{ji}.{kunci}",
                    f"{kunci} tidak berlaku untuk indikator rubrik",
                    "galat_baku_tidak_berlaku",
                )
        if ind.rentang is not None or ind.bilangan_bulat:
            p.tambah(
                f"{ji}.rentang",
                "rentang/bilangan_bulat tidak berlaku untuk indikator "
                "rubrik (nilai yang sah = kunci nilai_rubrik)",
                "rentang_tidak_berlaku",
            )
    elif ind.nilai_rubrik is not None and ind.normalisasi in NORMALISASI:
        p.tambah(
            f"{ji}.nilai_rubrik",
            "nilai_rubrik hanya berlaku untuk normalisasi "
            f"'rubrik' (indikator ini memakai '{ind.normalisasi}')",
            "rubrik_tidak_berlaku",
        )
    if ind.normalisasi == "capaian_target":
        if ind.target is None:
            p.tambah(
                f"{ji}.target",
                "normalisasi capaian_target memerlukan target (mis. target: 3)",
                "target_hilang",
            )
        elif not (ind.target > 0 and math.isfinite(ind.target)):
            p.tambah(
                f"{ji}.target",
                f"target harus > 0, tertulis {_angka(ind.target)}",
                "target_tidak_sah",
            )
    elif ind.target is not None and ind.normalisasi in NORMALISASI:
        p.tambah(
            f"{ji}.target",
            "target hanya berlaku untuk normalisasi 'capaian_target'",
            "target_tidak_berlaku",
        )


def _cek_rentang_dan_galat(p: _Pemeriksaan, ji: str, ind: Indikator) -> None:
    if ind.rentang is not None:
        if len(ind.rentang) != 2:
            p.tambah(
                f"{ji}.rentang",
                "rentang harus dua angka [min, maks] (null = terbuka), "
                f"tertulis {len(ind.rentang)} unsur",
                "rentang_tidak_sah",
            )
        else:
            lo, hi = ind.rentang
            if lo is not None and hi is not None and lo > hi:
                p.tambah(
                    f"{ji}.rentang",
                    f"rentang terbalik: min {_angka(lo)} > maks {_angka(hi)}",
                    "rentang_tidak_sah",
                )
    if ind.rse_bawaan is not None and ind.se_bawaan is not None:
        p.tambah(
            f"{ji}.se_bawaan",
            "isi salah satu saja: rse_bawaan (persen dari nilai) atau se_bawaan (satuan indikator)",
            "galat_baku_ganda",
        )
    for kunci in ("rse_bawaan", "se_bawaan"):
        v = getattr(ind, kunci)
        if v is None:
            continue
        if ind.sumber != "statistik" and ind.sumber in SUMBER:
            p.tambah(
                f"{ji}.{kunci}",
                f"{kunci} hanya berlaku untuk sumber 'statistik' "
                f"(indikator ini bersumber '{ind.sumber}'); untuk sumber lain berikan "
                f"kolom '{ind.kode}{AKHIRAN_SE}' di data",
                "galat_baku_tidak_berlaku",
            )
        if not (v >= 0 and math.isfinite(v)):
            p.tambah(
                f"{ji}.{kunci}",
                f"{kunci} harus ≥ 0, tertulis {_angka(v)}",
                "galat_baku_tidak_sah",
            )


def _cek_alternatif(p: _Pemeriksaan, ji: str, ind: Indikator) -> None:
    if ind.normalisasi_alternatif is not None:
        if ind.normalisasi in NORMALISASI and not ind.relatif:
            p.tambah(
                f"{ji}.normalisasi_alternatif",
                "normalisasi_alternatif hanya berlaku "
                "untuk normalisasi relatif (max_rasio, min_maks, skor_z); "
                f"'{ind.normalisasi}' tidak pernah ditukar",
                "alternatif_tidak_berlaku",
            )
        for a, m in enumerate(ind.normalisasi_alternatif):
            if m not in NORMALISASI_RELATIF:
                p.tambah(
                    f"{ji}.normalisasi_alternatif[{a}]",
                    f"normalisasi alternatif "
                    f"'{m}' tidak dikenal; pilihan: {_daftar(NORMALISASI_RELATIF)}."
                    + _saran(m, NORMALISASI_RELATIF),
                    "normalisasi_tidak_dikenal",
                )


def _cek_dimensi(p: _Pemeriksaan, k: Kerangka) -> None:
    """Codes (valid, unique), weights (0–1, summing to 1) of dimensions and their indicators."""
    kode_dimensi: dict[str, int] = {}
    kode_ind: dict[str, str] = {}
    total = 0.0
    for i, d in enumerate(k.dimensi):
        jd = f"dimensi[{i}]"
        p.kode(f"{jd}.kode", d.kode, "dimensi")
        if d.kode in kode_dimensi:
            p.tambah(
                f"{jd}.kode",
                f"kode dimensi '{d.kode}' dipakai lebih dari sekali (juga di "
                f"dimensi[{kode_dimensi[d.kode]}])",
                "kode_ganda",
            )
        kode_dimensi.setdefault(d.kode, i)
        p.bobot(f"{jd}.bobot", d.bobot)
        total += d.bobot
        for j, ind in enumerate(d.indikator):
            ji = f"{jd}.indikator[{j}]"
            p.kode(f"{ji}.kode", ind.kode, "indikator")
            if ind.kode in kode_ind:
                p.tambah(
                    f"{ji}.kode",
                    f"kode indikator '{ind.kode}' dipakai lebih dari sekali "
                    f"(juga di {kode_ind[ind.kode]})",
                    "kode_ganda",
                )
            kode_ind.setdefault(ind.kode, ji)
            p.bobot(f"{ji}.bobot", ind.bobot)
            _cek_indikator(p, ji, ind)
        jumlah = sum(ind.bobot for ind in d.indikator)
        if abs(jumlah - 1.0) > TOLERANSI_BOBOT:
            rinci = " + ".join(_angka(ind.bobot) for ind in d.indikator)
            p.tambah(
                f"{jd}.indikator",
                f"jumlah bobot indikator dimensi '{d.kode}' = "
                f"{_angka(jumlah)} ({rinci}), harus 1 (toleransi {_angka(TOLERANSI_BOBOT)})",
                "jumlah_bobot",
            )
    if abs(total - 1.0) > TOLERANSI_BOBOT:
        rinci = " + ".join(_angka(d.bobot) for d in k.dimensi)
        p.tambah(
            "dimensi",
            f"jumlah bobot dimensi = {_angka(total)} ({rinci}), harus 1 "
            f"(toleransi {_angka(TOLERANSI_BOBOT)})",
            "jumlah_bobot",
        )


def _cek_robust(p: _Pemeriksaan, k: Kerangka) -> None:
    # Monte Carlo settings.
    r = k.robust
    if r.jumlah_iterasi < 1:
        p.tambah(
            "robust.jumlah_iterasi",
            f"jumlah_iterasi harus ≥ 1, tertulis {r.jumlah_iterasi}",
            "robust_tidak_sah",
        )
    for kunci in ("konsentrasi_dimensi", "konsentrasi_indikator"):
        v = getattr(r, kunci)
        if not v > 0:
            p.tambah(
                f"robust.{kunci}",
                f"{kunci} harus > 0 (.inf = bobot tetap), tertulis {_angka(v)}",
                "robust_tidak_sah",
            )
    if not r.normalisasi_alternatif:
        p.tambah(
            "robust.normalisasi_alternatif",
            "daftar normalisasi_alternatif kosong; isi minimal [bawaan]",
            "robust_tidak_sah",
        )
    pilihan_skema = (BAWAAN, *NORMALISASI_RELATIF)
    for a, m in enumerate(r.normalisasi_alternatif):
        if m not in pilihan_skema:
            p.tambah(
                f"robust.normalisasi_alternatif[{a}]",
                f"normalisasi alternatif '{m}' tidak "
                f"dikenal; pilihan: {_daftar(pilihan_skema)}." + _saran(m, pilihan_skema),
                "normalisasi_tidak_dikenal",
            )
    if not (r.skala_galat >= 0 and math.isfinite(r.skala_galat)):
        p.tambah(
            "robust.skala_galat",
            f"skala_galat harus ≥ 0, tertulis {_angka(r.skala_galat)}",
            "robust_tidak_sah",
        )
    if not (0 < r.ambang_urutan_tidak_robust <= 1):
        p.tambah(
            "robust.ambang_urutan_tidak_robust",
            "ambang harus di antara 0 dan 1 (mis. 0.10 = "
            f"10%), tertulis {_angka(r.ambang_urutan_tidak_robust)}",
            "robust_tidak_sah",
        )
    if r.posisi_teratas < 1:
        p.tambah(
            "robust.posisi_teratas",
            f"posisi_teratas harus ≥ 1, tertulis {r.posisi_teratas}",
            "robust_tidak_sah",
        )
    if r.jendela_pasangan is not None and r.jendela_pasangan < 1:
        p.tambah(
            "robust.jendela_pasangan",
            f"jendela_pasangan harus ≥ 1 atau null (semua pasangan), tertulis {r.jendela_pasangan}",
            "robust_tidak_sah",
        )


def periksa_kerangka(k: Kerangka) -> list[tuple[str, str, str]]:
    """All meaning-level problems of a parsed framework.

    Returns a list of ``(key path, Indonesian message, machine code)``; empty when valid.
    """
    p = _Pemeriksaan()
    _cek_umum(p, k)
    _cek_dimensi(p, k)
    _cek_robust(p, k)
    for jalur, pesan in periksa_sensitivitas(k.sensitivitas):
        p.tambah(f"sensitivitas.{jalur}", pesan, "sensitivitas_tidak_sah")
    return p.out


def periksa_sensitivitas(p: PengaturanSensitivitas) -> list[tuple[str, str]]:
    """Problems of sensitivity settings as ``(key, Indonesian message)``; empty when valid."""
    out: list[tuple[str, str]] = []
    n = p.jumlah_sampel
    if n < 2 or n & (n - 1):
        out.append(
            (
                "jumlah_sampel",
                f"jumlah_sampel harus pangkat 2 dan ≥ 2 (mis. 256, 512, 1024), tertulis {n}",
            )
        )
    if p.jumlah_bootstrap < 2:
        out.append(
            ("jumlah_bootstrap", f"jumlah_bootstrap harus ≥ 2, tertulis {p.jumlah_bootstrap}")
        )
    if not (0 < p.tingkat_kepercayaan < 1):
        out.append(
            (
                "tingkat_kepercayaan",
                (
                    "tingkat_kepercayaan harus di antara 0 dan 1 (mis. 0.95), tertulis "
                    f"{_angka(p.tingkat_kepercayaan)}"
                ),
            )
        )
    for kunci, daftar, pilihan in (
        ("agregasi_alternatif", p.agregasi_alternatif, AGREGASI),
        ("kebijakan_alternatif", p.kebijakan_alternatif, KEBIJAKAN_DATA_HILANG),
    ):
        if not daftar:
            out.append((kunci, f"daftar {kunci} kosong; isi minimal satu dari {_daftar(pilihan)}"))
        for a, v in enumerate(daftar):
            if v not in pilihan:
                out.append(
                    (
                        f"{kunci}[{a}]",
                        f"'{v}' tidak dikenal; pilihan: {_daftar(pilihan)}." + _saran(v, pilihan),
                    )
                )
            elif v in daftar[:a]:
                out.append((f"{kunci}[{a}]", f"'{v}' tertulis lebih dari sekali"))
    pesan = periksa_geser(p.geser_nol)
    if pesan:
        out.append(("geser_nol", pesan))
    return out


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def periksa_sumber(k: Kerangka) -> list[tuple[str, str, str]]:
    """Indicators of a computed source (statistik, anggaran, bnba) whose code that source does
    not produce: in a ranking run they would be empty for every region (a typo such as
    ``penurunan_p9_3th`` would silently re-weight everything), so they are refused."""
    out = []
    for i, j, _, ind in k.iter_indikator():
        tersedia = INDIKATOR_SUMBER.get(ind.sumber)
        if tersedia is not None and ind.kode not in tersedia:
            out.append(
                (
                    f"dimensi[{i}].indikator[{j}].kode",
                    f"indikator '{ind.kode}' tidak dihasilkan oleh sumber '{ind.sumber}' (nilainya "
                    f"akan kosong untuk semua wilayah); yang tersedia: {_daftar(tersedia)}."
                    + _saran(ind.kode, tersedia),
                    "indikator_sumber_tidak_ada",
                )
            )
    return out


def periksa_kerangka_peringkat(k: Kerangka) -> list[tuple[str, str, str]]:
    """:func:`periksa_kerangka` plus :func:`periksa_sumber`: a framework for a ranking run."""
    return periksa_kerangka(k) + periksa_sumber(k)


def _judul(nama: str | None) -> str:
    return f"Kerangka peringkat{' ' + repr(nama) if nama else ''} tidak valid: {{n}} masalah"


def kerangka_dari_dict(
    data: Any, *, berkas: str | Path | None = None, teks_yaml: str | None = None
) -> Kerangka:
    """Build and fully validate a framework from a plain dict (as loaded from YAML).

    Raises :class:`GalatValidasi` listing every problem, each message starting with its YAML key
    path (and carrying the line number when ``teks_yaml`` is given).
    """
    nama = nama_berkas(berkas)
    peta = urai_yaml(teks_yaml, nama or "kerangka").peta if teks_yaml else {}
    dok = DokumenYaml(data, nama or "", peta)
    return validasi(dok, Kerangka, judul=_judul(nama), periksa=periksa_kerangka)


def muat_kerangka(
    path: str | Path | None = None, *, proyek: Proyek | None = None, untuk_peringkat: bool = False
) -> Kerangka:
    """Load and validate a framework YAML file (``None`` = the documented default framework
    ``params/peringkat/kerangka_bawaan.yaml`` of the project); cached per file version.

    ``untuk_peringkat``: the framework feeds a ranking run, so indicators of computed sources
    must be codes those sources produce (:func:`periksa_sumber`)."""
    if path is None:
        path = (proyek or Proyek.muat()).berkas_konfigurasi(KERANGKA_BAWAAN)
    p = Path(path)
    if not p.is_file():
        raise GalatAnalisis(f"Berkas kerangka peringkat tidak ditemukan: {p.name}", 3)
    periksa = periksa_kerangka_peringkat if untuk_peringkat else periksa_kerangka
    return muat_model(p, Kerangka, judul=_judul(p.name), periksa=periksa)


def kerangka_tanpa(
    kerangka: Kerangka,
    *,
    indikator: list[str] | tuple[str, ...] = (),
    dimensi: list[str] | tuple[str, ...] = (),
) -> Kerangka:
    """The framework without some indicators and/or dimensions, weights renormalised.

    Within a dimension the remaining indicator weights are divided by their sum; a dimension
    left without indicators is dropped, and the remaining dimension weights are divided by
    their sum. Raises :class:`GalatAnalisis` when nothing (or nothing weighted) would remain.
    """
    buang_i, buang_d = set(indikator), set(dimensi)
    tidak_ada = sorted(
        (buang_i - set(kerangka.kode_indikator)) | (buang_d - {d.kode for d in kerangka.dimensi})
    )
    if tidak_ada:
        raise GalatAnalisis(
            f"Kode indikator atau dimensi tidak ada dalam kerangka '{kerangka.nama}': {', '.join(tidak_ada)}"
        )
    isi = kerangka.model_dump()
    dims = []
    for d in isi["dimensi"]:
        if d["kode"] in buang_d:
            continue
        inds = [i for i in d["indikator"] if i["kode"] not in buang_i]
        total = sum(i["bobot"] for i in inds)
        if not inds or total <= 0:
            continue
        for i in inds:
            i["bobot"] = i["bobot"] / total
        d["indikator"] = inds
        dims.append(d)
    total_d = sum(d["bobot"] for d in dims)
    if not dims or total_d <= 0:
        raise GalatAnalisis(
            f"Kerangka '{kerangka.nama}' tidak menyisakan indikator berbobot setelah "
            f"{', '.join(sorted(buang_i | buang_d))} dihapus"
        )
    for d in dims:
        d["bobot"] = d["bobot"] / total_d
    isi["dimensi"] = dims
    return kerangka_dari_dict(isi)


def kerangka_bawaan(proyek: Proyek | None = None) -> Kerangka:
    """The documented default framework (weights are NOT official)."""
    return muat_kerangka(None, proyek=proyek)
