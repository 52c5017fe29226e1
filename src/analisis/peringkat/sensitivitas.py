"""Variance-based sensitivity of the TKPK ranking: which choices move the ranks, and how much.

The Monte Carlo robustness check (:mod:`analisis.peringkat.robust`) says *how uncertain* a rank
is; this module says *why*. Following the JRC guide to composite indicators (COINr's
``get_sensitivity``), every uncertain choice is a named **factor**:

``bobot_dimensi``          dimension weights ~ Dirichlet(α_d · W) (``robust.konsentrasi_dimensi``)
``bobot_indikator``        indicator weights within each dimension ~ Dirichlet(α_i · w)
``normalisasi``            scheme from ``robust.normalisasi_alternatif`` (``bawaan`` = configured)
``agregasi``               method from ``sensitivitas.agregasi_alternatif`` (arithmetic,
                           geometric and harmonic with the zero guard δ, Copeland)
``galat_sampel``           one realisation of the sampling error of the statistical indicators:
                           X + ``robust.skala_galat`` · SE · ε, SE from ``<kode>__se`` columns,
                           ``se_bawaan`` or ``rse_bawaan`` (the framework's precision model)
``kebijakan_data_hilang``  policy from ``sensitivitas.kebijakan_alternatif``

Discrete factors take each of their L options with probability 1/L. The weight and error
factors are random vectors; each is represented by one uniform "trigger" variable that picks
one of K = 2N pre-drawn realisations (Crosetto & Tarantola 2001; Lilburne & Tarantola 2009), so
every factor is one column of SALib's Saltelli/Sobol design (``SALib.sample.sobol``,
scrambled, without second-order terms). A factor that cannot vary (α = inf, one dimension, no
standard errors, no missing data, a single option…) is fixed at its published value and listed
with the reason.

The index is evaluated for all N · (F + 2) rows with the vectorised machinery of
:mod:`analisis.peringkat.sampel`, and the first-order (S1) and total (ST) Sobol indices with
bootstrap confidence intervals are estimated (:mod:`analisis.peringkat.sobol`, SALib's
estimators) for two outputs, as COINr does for one:

* each region's **rank**;
* the **mean absolute rank shift** from the published ranking over all regions.

S1 is the share of the output's variance a factor explains alone; ST includes its interactions
with the others, so ST − S1 measures interaction (S1 ≤ ST and Σ S1 ≤ 1 up to estimation error).

Alongside: one-at-a-time **alternatives** (every other normalisation scheme, aggregation and
policy with everything else as published) and **removal** of each indicator and each dimension
with the remaining weights renormalised — both as rank shifts per region
(new rank − published rank; positive = a worse place). A region whose only value in a dimension
is removed keeps its place in the comparison; that dimension's weight goes to its other
dimensions, as for a missing dimension.

Scope: the regions are those of the published ranking; indicators without any value among them
are left out of the framework first (they carry no information and would otherwise make
``kecualikan`` exclude everyone). Randomness comes from one seed (``benih``) split with
``numpy.random.SeedSequence`` into the design, the weight banks, the error bank and the
bootstrap, so the same data, framework and seed give the same result; every evaluation's
applied choices are in ``rancangan`` and :meth:`HasilSensitivitas.parameter_sampel`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from importlib.metadata import version
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError
from SALib.analyze import sobol as salib_analisis
from SALib.sample import sobol as salib_sampel

from analisis.galat import GalatAnalisis, GalatValidasi, Masalah, jalur_kunci, pesan_pydantic
from analisis.laporan.format import angka
from analisis.peringkat.agregasi import AGREGASI, NAMA_AGREGASI
from analisis.peringkat.indeks import _komposit_tetap
from analisis.peringkat.kerangka import (
    AKHIRAN_SE,
    BAWAAN,
    NORMALISASI_RELATIF,
    Kerangka,
    PengaturanSensitivitas,
    kerangka_tanpa,
    periksa_sensitivitas,
)
from analisis.peringkat.robust import _dirichlet, _metode_per_skema
from analisis.peringkat.sampel import (
    ModelGalat,
    Sampel,
    bank_galat,
    kolom_galat,
    peringkat_sampel,
    sampel_nominal,
)
from analisis.peringkat.siap import DataSiap, siapkan_data
from analisis.peringkat.sobol import IndeksSobol, indeks_sobol
from analisis.teks import angka_id

VERSI = 1
"""Version of the JSON shape returned by :meth:`HasilSensitivitas.ke_json`."""

FAKTOR = (
    "bobot_dimensi",
    "bobot_indikator",
    "normalisasi",
    "agregasi",
    "galat_sampel",
    "kebijakan_data_hilang",
)
NAMA_FAKTOR = {
    "bobot_dimensi": "Bobot dimensi",
    "bobot_indikator": "Bobot indikator dalam dimensi",
    "normalisasi": "Metode normalisasi",
    "agregasi": "Metode agregasi",
    "galat_sampel": "Galat sampel indikator statistik",
    "kebijakan_data_hilang": "Kebijakan data hilang",
}
FAKTOR_ACAK = ("bobot_dimensi", "bobot_indikator", "galat_sampel")
"""Factors represented by a trigger into a bank of K realisations."""

NAMA_SKEMA = {
    BAWAAN: "normalisasi bawaan kerangka",
    "max_rasio": "rasio terhadap nilai maksimum",
    "min_maks": "min–maks",
    "skor_z": "skor z",
}
NAMA_KEBIJAKAN = {
    "bobot_ulang": "bobot dihitung ulang",
    "kecualikan": "wilayah berdata hilang dikecualikan",
}
DESIMAL_JSON = 4

_TIDAK_DIISI: Any = object()


# ---------------------------------------------------------------------------------------------
# Result
# ---------------------------------------------------------------------------------------------


@dataclass
class HasilSensitivitas:
    """Result of :func:`analisis_sensitivitas`; :meth:`ke_json` gives the stored form.

    ``wilayah``        index ``kode_wilayah`` (input order, like every per-region array here;
                       the stored form lists regions by published rank): ``wilayah``,
                       ``peringkat`` (published), ``median_peringkat``, ``peringkat_p05``,
                       ``peringkat_p95`` (over the 2N independent rows A and B of the design),
                       ``rata_rata_pergeseran`` (mean |rank − published| over those rows).
    ``faktor``         the factors varied, in design (column) order.
    ``faktor_tetap``   factor → Indonesian reason it was fixed at its published value.
    ``indeks_pergeseran``  Sobol indices of the mean absolute rank shift (one output).
    ``indeks_wilayah``     Sobol indices of every region's rank (rows in ``wilayah`` order).
    ``rancangan``      one row per evaluation: the option (discrete factors) or the bank row
                       (weights, error; −1 = published value) it used.
    ``peringkat_sampel``  (S, m) ranks in every evaluation, columns in ``wilayah`` order.
    ``pergeseran_sampel`` (S,) mean absolute rank shift of every evaluation.
    ``alternatif``     one-at-a-time alternatives: ``faktor``, ``pilihan``, then one column per
                       region (rank shift), index 0…; see :meth:`ke_json` for the stored form.
    ``penghapusan``    removal of each indicator / dimension: ``jenis``, ``kode``, ``nama``,
                       ``dimensi`` and one column per region (rank shift).
    ``parameter``      every applied setting (JSON-ready), including the seed.
    """

    wilayah: pd.DataFrame
    faktor: list[str]
    faktor_tetap: dict[str, str]
    indeks_pergeseran: IndeksSobol | None
    indeks_wilayah: IndeksSobol | None
    rancangan: pd.DataFrame
    peringkat_sampel: np.ndarray
    pergeseran_sampel: np.ndarray
    alternatif: pd.DataFrame
    penghapusan: pd.DataFrame
    parameter: dict[str, Any]
    siap: DataSiap = field(repr=False)
    """The checked input of the analysed regions (framework without empty indicators)."""
    masukan: pd.DataFrame = field(repr=False)
    """The input rows ``siap`` was built from (for the plain one-index-per-sample path)."""
    sampel: Sampel = field(repr=False)
    """The choices of every evaluation (rows of ``rancangan``), ready for the index."""
    bank_bobot_dimensi: np.ndarray | None = field(default=None, repr=False)
    bank_bobot_indikator: np.ndarray | None = field(default=None, repr=False)
    galat: ModelGalat | None = field(default=None, repr=False)
    peringatan: list[str] = field(default_factory=list)

    # -- recovering one evaluation ------------------------------------------------------

    def parameter_sampel(self, i: int) -> dict[str, Any]:
        """The choices applied in evaluation ``i`` (a row of ``rancangan``), in full."""
        baris = self.rancangan.iloc[int(i)]
        siap = self.siap
        W = (
            self.bank_bobot_dimensi[baris["bobot_dimensi"]]
            if baris["bobot_dimensi"] >= 0 and self.bank_bobot_dimensi is not None
            else siap.bobot_dimensi
        )
        w = (
            self.bank_bobot_indikator[baris["bobot_indikator"]]
            if baris["bobot_indikator"] >= 0 and self.bank_bobot_indikator is not None
            else siap.bobot_indikator
        )
        return {
            "bobot_dimensi": {
                d.kode: float(v) for d, v in zip(siap.kerangka.dimensi, W, strict=True)
            },
            "bobot_indikator": {
                ind.kode: float(v) for ind, v in zip(siap.indikator, w, strict=True)
            },
            "normalisasi": str(baris["normalisasi"]),
            "agregasi": str(baris["agregasi"]),
            "galat_sampel": int(baris["galat_sampel"]),
            "kebijakan_data_hilang": str(baris["kebijakan_data_hilang"]),
        }

    # -- stored form ------------------------------------------------------------------------

    def ke_json(self) -> dict[str, Any]:
        """Plain JSON-ready data (dicts, lists, floats, strings; NaN → None) for
        ``peringkat.json["sensitivitas"]``."""
        F = len(self.faktor)
        kode = list(self.wilayah.index)
        out: dict[str, Any] = {
            "versi": VERSI,
            "parameter": self.parameter,
            "faktor": [_uraian_faktor(f, self.parameter, self.siap) for f in self.faktor],
            "faktor_tetap": [
                {"kode": f, "nama": NAMA_FAKTOR[f], "alasan": alasan}
                for f, alasan in self.faktor_tetap.items()
            ],
            "pergeseran_rata_rata": {
                "keterangan": (
                    "rata-rata selisih absolut peringkat semua wilayah dari peringkat "
                    "publikasi, per evaluasi"
                ),
                "rata_rata": _bulat(float(np.mean(self.pergeseran_sampel)))
                if len(self.pergeseran_sampel)
                else None,
                **_indeks_json(self.indeks_pergeseran, 0, F),
            },
            "wilayah": [],
            "alternatif": [],
            "penghapusan": {"indikator": [], "dimensi": []},
            "peringatan": list(self.peringatan),
        }
        urut = np.lexsort((np.array(kode), self.wilayah["peringkat"].to_numpy()))
        for i in urut:
            kw, r = kode[i], self.wilayah.iloc[i]
            out["wilayah"].append(
                {
                    "kode_wilayah": kw,
                    "nama": r["wilayah"],
                    "peringkat": int(r["peringkat"]),
                    "median_peringkat": _bulat(r["median_peringkat"]),
                    "peringkat_p05": _bulat(r["peringkat_p05"]),
                    "peringkat_p95": _bulat(r["peringkat_p95"]),
                    "rata_rata_pergeseran": _bulat(r["rata_rata_pergeseran"]),
                    "peringkat_tetap": bool(
                        self.indeks_wilayah is None or self.indeks_wilayah.tetap[i]
                    ),
                    **_indeks_json(self.indeks_wilayah, i, F),
                    "uraian": uraian_wilayah(self, kw),
                }
            )
        for _, r in self.alternatif.iterrows():
            geser = r[kode].to_numpy(dtype=float)
            out["alternatif"].append(
                {
                    "faktor": r["faktor"],
                    "pilihan": r["pilihan"],
                    "nama": r["nama"],
                    **_ringkas_geser(geser),
                    "pergeseran": {kw: int(g) for kw, g in zip(kode, geser, strict=True)},
                }
            )
        for _, r in self.penghapusan.iterrows():
            geser = r[kode].to_numpy(dtype=float)
            out["penghapusan"][r["jenis"]].append(
                {
                    "kode": r["kode"],
                    "nama": r["nama"],
                    "dimensi": r["dimensi"],
                    **_ringkas_geser(geser),
                    "pergeseran": {kw: int(g) for kw, g in zip(kode, geser, strict=True)},
                }
            )
        return out


def _bulat(x: Any) -> float | None:
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else round(x, DESIMAL_JSON)


def _indeks_json(ind: IndeksSobol | None, i: int, F: int) -> dict[str, list[float | None]]:
    """S1, ST and their interval bounds (estimate ± half-width) of output ``i``."""
    if ind is None:
        kosong: list[float | None] = [None] * F
        return {k: kosong for k in ("S1", "S1_bawah", "S1_atas", "ST", "ST_bawah", "ST_atas")}
    return {
        "S1": [_bulat(v) for v in ind.S1[i]],
        "S1_bawah": [_bulat(v) for v in ind.S1[i] - ind.S1_conf[i]],
        "S1_atas": [_bulat(v) for v in ind.S1[i] + ind.S1_conf[i]],
        "ST": [_bulat(v) for v in ind.ST[i]],
        "ST_bawah": [_bulat(v) for v in ind.ST[i] - ind.ST_conf[i]],
        "ST_atas": [_bulat(v) for v in ind.ST[i] + ind.ST_conf[i]],
    }


def _ringkas_geser(geser: np.ndarray) -> dict[str, Any]:
    return {
        "pergeseran_rata_rata": _bulat(np.abs(geser).mean()) if len(geser) else None,
        "pergeseran_maks": int(np.abs(geser).max()) if len(geser) else 0,
        "jumlah_wilayah_bergeser": int(np.count_nonzero(geser)),
    }


def _uraian_faktor(f: str, p: dict[str, Any], siap: DataSiap) -> dict[str, Any]:
    """A factor's code, Indonesian name and distribution, for the stored form (``pilihan``:
    option codes, ``nama_pilihan``: their Indonesian names)."""
    pilihan: list[str] | None = None
    nama_pilihan: list[str] | None = None
    if f == "bobot_dimensi":
        uraian = (
            "Dirichlet berpusat pada bobot kerangka, konsentrasi "
            f"{angka_id(p['konsentrasi_dimensi'])}"
        )
    elif f == "bobot_indikator":
        uraian = (
            "Dirichlet berpusat pada bobot kerangka di setiap dimensi, konsentrasi "
            f"{angka_id(p['konsentrasi_indikator'])}"
        )
    elif f == "galat_sampel":
        nama = {ind.kode: ind.nama for ind in siap.indikator}
        uraian = (
            f"nilai + {angka_id(p['skala_galat'])} × galat baku × derau normal baku, untuk "
            + "; ".join(nama[k] for k in p["indikator_galat"])
        )
    else:
        daftar, nama_opsi, jenis = {
            "normalisasi": (p["normalisasi_alternatif"], NAMA_SKEMA, "skema"),
            "agregasi": (p["agregasi_alternatif"], NAMA_AGREGASI, "metode"),
            "kebijakan_data_hilang": (p["kebijakan_alternatif"], NAMA_KEBIJAKAN, "kebijakan"),
        }[f]
        pilihan = list(daftar)
        nama_pilihan = [nama_opsi[v] for v in daftar]
        uraian = f"satu {jenis} per evaluasi, peluang sama"
    return {
        "kode": f,
        "nama": NAMA_FAKTOR[f],
        "uraian": uraian,
        "pilihan": pilihan,
        "nama_pilihan": nama_pilihan,
    }


# ---------------------------------------------------------------------------------------------
# Plain-Indonesian explanation per region
# ---------------------------------------------------------------------------------------------


def uraian_wilayah(hasil: HasilSensitivitas, kode_wilayah: str) -> str:
    """One sentence answering "mengapa peringkat wilayah ini tidak pasti?" for a region."""
    r = hasil.wilayah.loc[kode_wilayah]
    i = hasil.wilayah.index.get_loc(kode_wilayah)
    nama = r["wilayah"]
    ind = hasil.indeks_wilayah
    if ind is None or ind.tetap[i]:
        return (
            f"Peringkat {nama} tetap {int(r['peringkat'])} pada semua pilihan yang diuji; "
            "tidak ada pilihan metode yang menggesernya."
        )
    lo, hi = int(r["peringkat_p05"]), int(r["peringkat_p95"])
    if lo == hi:
        return f"Peringkat {nama} hampir selalu {lo}; pergeseran hanya terjadi sesekali."
    ST = np.nan_to_num(ind.ST[i], nan=0.0)
    urut = [j for j in np.argsort(-ST) if ST[j] >= 0.05][:2]
    if not urut:
        urut = [int(np.argmax(ST))]
    bagian = [
        f"{NAMA_FAKTOR[hasil.faktor[j]].lower()} (indeks total {angka(ST[j], 2)})" for j in urut
    ]
    sebab = " dan ".join(bagian)
    interaksi = float(np.nansum(ind.ST[i]) - np.nansum(ind.S1[i]))
    tambahan = (
        "; sebagian keragaman berasal dari gabungan beberapa pilihan sekaligus"
        if interaksi > 0.2
        else ""
    )
    return (
        f"Peringkat {nama} berkisar {lo}–{hi} (90 persen evaluasi); ketidakpastiannya terutama "
        f"berasal dari {sebab}{tambahan}."
    )


# ---------------------------------------------------------------------------------------------
# Analysis
# ---------------------------------------------------------------------------------------------


def _data_analisis(
    data: pd.DataFrame, siap0: DataSiap, baris: np.ndarray, buang: list[str]
) -> pd.DataFrame:
    """The input rows of the published ranking's regions, without the indicators in ``buang``."""
    df = data.set_index("kode_wilayah") if "kode_wilayah" in data.columns else data
    df = df.iloc[baris]
    df.index = pd.Index([siap0.kode_wilayah[r] for r in baris], name="kode_wilayah")
    kolom = [
        c
        for c in df.columns
        if str(c) not in buang and str(c).removesuffix(AKHIRAN_SE) not in buang
    ]
    return df[kolom]


@dataclass(frozen=True)
class _Pengaturan:
    N: int
    benih: int
    R: int
    tingkat: float
    agregasi: list[str]
    kebijakan: list[str]
    geser: float
    a_d: float
    a_i: float
    skema: list[str]
    skala: float


def _pengaturan(kerangka: Kerangka, ubah: dict[str, Any]) -> _Pengaturan:
    """Effective settings (framework, then keyword overrides), checked with Indonesian messages."""
    r, s = kerangka.robust, kerangka.sensitivitas
    isi_s = s.model_dump()
    for kunci in (
        "jumlah_sampel",
        "jumlah_bootstrap",
        "tingkat_kepercayaan",
        "agregasi_alternatif",
        "kebijakan_alternatif",
        "geser_nol",
    ):
        if ubah.get(kunci) is not None:
            isi_s[kunci] = ubah[kunci]
    salah = []
    try:
        p = PengaturanSensitivitas.model_validate(isi_s)
    except ValidationError as e:  # wrong types in keyword overrides
        raise GalatValidasi(
            "Pengaturan analisis sensitivitas tidak sah",
            masalah=[
                Masalah(
                    f"{jalur_kunci(err['loc'])}: "
                    f"{pesan_pydantic(dict(err), PengaturanSensitivitas)}",
                    kode="sensitivitas_tidak_sah",
                )
                for err in e.errors()
            ],
        ) from None
    salah += [pesan for _, pesan in periksa_sensitivitas(p)]
    a_d = (
        r.konsentrasi_dimensi
        if ubah.get("konsentrasi_dimensi") is None
        else float(ubah["konsentrasi_dimensi"])
    )
    a_i = (
        r.konsentrasi_indikator
        if ubah.get("konsentrasi_indikator") is None
        else float(ubah["konsentrasi_indikator"])
    )
    skema = list(
        r.normalisasi_alternatif
        if ubah.get("normalisasi_alternatif") is None
        else ubah["normalisasi_alternatif"]
    )
    sg = r.skala_galat if ubah.get("skala_galat") is None else float(ubah["skala_galat"])
    if not (a_d > 0 and a_i > 0):
        salah.append("konsentrasi harus > 0 (inf = bobot tetap)")
    if not skema:
        salah.append("normalisasi_alternatif kosong; isi minimal ['bawaan']")
    pilihan_skema = (BAWAAN, *NORMALISASI_RELATIF)
    for sk in skema:
        if sk not in pilihan_skema:
            salah.append(
                f"normalisasi alternatif '{sk}' tidak dikenal; pilihan: {', '.join(pilihan_skema)}"
            )
    if not (sg >= 0 and math.isfinite(sg)):
        salah.append(f"skala_galat harus ≥ 0, tertulis {sg}")
    if salah:
        raise GalatValidasi(
            "Pengaturan analisis sensitivitas tidak sah",
            masalah=[Masalah(t, kode="sensitivitas_tidak_sah") for t in salah],
        )
    benih: Any = ubah["benih"] if ubah.get("benih", _TIDAK_DIISI) is not _TIDAK_DIISI else s.benih
    if benih is None:  # fresh entropy, recorded (32 bits, so JSON readers keep it exact)
        benih = int(np.random.SeedSequence().generate_state(1)[0])
    return _Pengaturan(
        N=p.jumlah_sampel,
        benih=int(benih),
        R=p.jumlah_bootstrap,
        tingkat=p.tingkat_kepercayaan,
        agregasi=list(p.agregasi_alternatif),
        kebijakan=list(p.kebijakan_alternatif),
        geser=p.geser_nol,
        a_d=a_d,
        a_i=a_i,
        skema=skema,
        skala=sg,
    )


def _faktor_tetap(siap: DataSiap, p: _Pengaturan) -> dict[str, str]:
    """Factors that cannot vary, with the reason in Indonesian."""
    tetap: dict[str, str] = {}
    D = len(siap.kerangka.dimensi)
    if math.isinf(p.a_d):
        tetap["bobot_dimensi"] = "konsentrasi bobot dimensi tak hingga (bobot tetap)"
    elif D < 2:
        tetap["bobot_dimensi"] = "kerangka hanya memiliki satu dimensi"
    if math.isinf(p.a_i):
        tetap["bobot_indikator"] = "konsentrasi bobot indikator tak hingga (bobot tetap)"
    elif all(len(d.indikator) < 2 for d in siap.kerangka.dimensi):
        tetap["bobot_indikator"] = "setiap dimensi hanya memiliki satu indikator"
    if len({tuple(m) for m in _metode_per_skema(siap, p.skema)}) < 2:
        tetap["normalisasi"] = (
            "tidak ada indikator yang normalisasinya berubah di antara skema yang diuji"
        )
    if len(p.agregasi) < 2:
        tetap["agregasi"] = "hanya satu metode agregasi yang diuji"
    if not len(kolom_galat(siap, p.skala)):
        tetap["galat_sampel"] = (
            "skala galat 0"
            if not p.skala > 0
            else "tidak ada indikator dengan galat baku (kolom <kode>__se, se_bawaan atau "
            "rse_bawaan)"
        )
    if siap.ada.all():
        tetap["kebijakan_data_hilang"] = "tidak ada wilayah dengan data hilang"
    elif len(p.kebijakan) < 2:
        tetap["kebijakan_data_hilang"] = "hanya satu kebijakan yang diuji"
    return tetap


def _rancangan(
    siap: DataSiap, p: _Pengaturan, faktor: list[str]
) -> tuple[Sampel, pd.DataFrame, np.ndarray | None, np.ndarray | None, ModelGalat | None, dict]:
    """Saltelli design over the varied factors, mapped onto samples of the index."""
    biji = np.random.SeedSequence(p.benih).spawn(4)
    F = len(faktor)
    K = 2 * p.N
    masalah = {"num_vars": F, "names": list(faktor), "bounds": [[0.0, 1.0]] * F}
    if F:
        U = salib_sampel.sample(
            masalah,
            p.N,
            calc_second_order=False,
            scramble=True,
            seed=np.random.default_rng(biji[0]),
        )
    else:
        U = np.zeros((0, 0))
    S = len(U)
    nominal = sampel_nominal(siap, S)

    def pilih(f: str, L: int) -> np.ndarray:
        return np.minimum((U[:, faktor.index(f)] * L).astype(np.int64), L - 1)

    rng_bobot = np.random.default_rng(biji[1])
    bank_W = bank_w = None
    galat = None
    isi: dict[str, Any] = {}
    rancangan = {}
    if "bobot_dimensi" in faktor:
        bank_W = _dirichlet(rng_bobot, siap.bobot_dimensi, p.a_d, K)
        idx = pilih("bobot_dimensi", K)
        isi["bobot_dimensi"] = bank_W[idx]
        rancangan["bobot_dimensi"] = idx
    if "bobot_indikator" in faktor:
        bank_w = _dirichlet(rng_bobot, siap.bobot_indikator, p.a_i, K, siap.dim_idx)
        idx = pilih("bobot_indikator", K)
        isi["bobot_indikator"] = bank_w[idx]
        rancangan["bobot_indikator"] = idx
    if "galat_sampel" in faktor:
        galat = bank_galat(siap, p.skala, K, np.random.default_rng(biji[2]))
        isi["derau"] = pilih("galat_sampel", K)
        rancangan["galat_sampel"] = isi["derau"]
    for f, daftar, kunci in (
        ("normalisasi", p.skema, "skema"),
        ("agregasi", p.agregasi, "agregasi"),
        ("kebijakan_data_hilang", p.kebijakan, "kebijakan"),
    ):
        if f in faktor:
            isi[kunci] = np.array(daftar, dtype=object)[pilih(f, len(daftar))]
            rancangan[f] = isi[kunci]
    sampel = Sampel(
        skema=isi.get("skema", nominal.skema),
        agregasi=isi.get("agregasi", nominal.agregasi),
        kebijakan=isi.get("kebijakan", nominal.kebijakan),
        bobot_dimensi=isi.get("bobot_dimensi", nominal.bobot_dimensi),
        bobot_indikator=isi.get("bobot_indikator", nominal.bobot_indikator),
        derau=isi.get("derau", nominal.derau),
    )
    tabel = pd.DataFrame(
        {
            "bobot_dimensi": rancangan.get("bobot_dimensi", np.full(S, -1)),
            "bobot_indikator": rancangan.get("bobot_indikator", np.full(S, -1)),
            "normalisasi": sampel.skema,
            "agregasi": sampel.agregasi,
            "galat_sampel": sampel.derau,
            "kebijakan_data_hilang": sampel.kebijakan,
        }
    )
    tabel.index.name = "evaluasi"
    return sampel, tabel, bank_W, bank_w, galat, masalah


def _statistik_wilayah(rank_ab: np.ndarray, r_pub: np.ndarray) -> dict[str, np.ndarray]:
    """Median, 5th/95th percentile ("inverted CDF": a rank that occurred) and mean absolute
    shift of each region over the independent rows A and B of the design."""
    if not len(rank_ab):  # nothing varies: the published rank is the only one
        tetap = r_pub.astype(float)
        return {"median": tetap, "p05": tetap, "p95": tetap, "geser": np.zeros(len(r_pub))}
    n = len(rank_ab)
    urut = np.sort(rank_ab.T, axis=1)  # regions × evaluations, each row sorted

    def ke(p: float) -> np.ndarray:  # the ceil(p·n)-th smallest rank
        return urut[:, max(math.ceil(p * n) - 1, 0)].astype(float)

    return {
        "median": (urut[:, (n - 1) // 2] + urut[:, n // 2]) / 2.0,
        "p05": ke(0.05),
        "p95": ke(0.95),
        "geser": np.abs(rank_ab - r_pub).mean(axis=0),
    }


def _alternatif(siap: DataSiap, p: _Pengaturan, r_pub: np.ndarray, utas: int) -> pd.DataFrame:
    """Every other option of the discrete factors, one at a time, everything else published."""
    pilihan: list[tuple[str, str, str]] = []
    metode_bawaan = _metode_per_skema(siap, [BAWAAN])[0]
    for sk, metode in zip(p.skema, _metode_per_skema(siap, p.skema), strict=True):
        if sk != BAWAAN and metode != metode_bawaan:
            pilihan.append(("normalisasi", sk, NAMA_SKEMA[sk]))
    for ag in p.agregasi:
        if ag != "aritmetika":
            pilihan.append(("agregasi", ag, NAMA_AGREGASI[ag]))
    if not siap.ada.all():
        for kb in p.kebijakan:
            if kb != siap.kebijakan_data_hilang:
                pilihan.append(("kebijakan_data_hilang", kb, NAMA_KEBIJAKAN[kb]))
    kode = list(siap.kode_wilayah)
    if not pilihan:
        return pd.DataFrame(columns=["faktor", "pilihan", "nama", *kode])
    n = len(pilihan)

    def opsi(faktor: str, bawaan: str) -> np.ndarray:
        return np.array([pil if f == faktor else bawaan for f, pil, _ in pilihan], dtype=object)

    sampel = sampel_nominal(
        siap,
        n,
        skema=opsi("normalisasi", BAWAAN),
        agregasi=opsi("agregasi", "aritmetika"),
        kebijakan=opsi("kebijakan_data_hilang", siap.kebijakan_data_hilang),
    )
    rank = peringkat_sampel(siap, sampel, geser_nol=p.geser, utas=utas)
    tabel = pd.DataFrame(rank - r_pub, columns=kode)
    for pos, nama_kolom in enumerate(("faktor", "pilihan", "nama")):
        tabel.insert(pos, nama_kolom, [t[pos] for t in pilihan])
    return tabel


def _penghapusan(siap: DataSiap, r_pub: np.ndarray, utas: int) -> pd.DataFrame:
    """Rank shifts when each indicator (and each dimension) is removed, weights renormalised."""
    k, D = len(siap.indikator), len(siap.kerangka.dimensi)
    W0, w0, dim_idx = siap.bobot_dimensi, siap.bobot_indikator, siap.dim_idx
    keterangan: list[tuple[str, str, str, str]] = []
    Ws, ws = [], []
    if k > 1:
        for c, ind in enumerate(siap.indikator):
            w = w0.copy()
            w[c] = 0.0
            dalam = dim_idx == dim_idx[c]
            if w[dalam].sum() > 0:
                w[dalam] /= w[dalam].sum()  # a dimension left empty drops out of the index
            elif D == 1:
                continue
            Ws.append(W0)
            ws.append(w)
            d = siap.kerangka.dimensi[dim_idx[c]]
            keterangan.append(("indikator", ind.kode, ind.nama, d.kode))
    if D > 1:
        for d_i, d in enumerate(siap.kerangka.dimensi):
            W = W0.copy()
            W[d_i] = 0.0
            if W.sum() <= 0:
                continue
            Ws.append(W / W.sum())
            ws.append(w0)
            keterangan.append(("dimensi", d.kode, d.nama, d.kode))
    kode = list(siap.kode_wilayah)
    if not keterangan:
        return pd.DataFrame(columns=["jenis", "kode", "nama", "dimensi", *kode])
    sampel = sampel_nominal(
        siap, len(keterangan), bobot_dimensi=np.array(Ws), bobot_indikator=np.array(ws)
    )
    rank = peringkat_sampel(siap, sampel, utas=utas)
    tabel = pd.DataFrame(rank - r_pub, columns=kode)
    for pos, nama_kolom in enumerate(("jenis", "kode", "nama", "dimensi")):
        tabel.insert(pos, nama_kolom, [t[pos] for t in keterangan])
    return tabel


def analisis_sensitivitas(
    data: pd.DataFrame,
    kerangka: Kerangka,
    *,
    jumlah_sampel: int | None = None,
    benih: int | None | object = _TIDAK_DIISI,
    jumlah_bootstrap: int | None = None,
    tingkat_kepercayaan: float | None = None,
    agregasi_alternatif: list[str] | None = None,
    kebijakan_alternatif: list[str] | None = None,
    geser_nol: float | None = None,
    konsentrasi_dimensi: float | None = None,
    konsentrasi_indikator: float | None = None,
    normalisasi_alternatif: list[str] | None = None,
    skala_galat: float | None = None,
    kebijakan_data_hilang: str | None = None,
    izinkan_dimensi_hilang: bool | None = None,
    berkas: str | None = None,
    utas: int = 1,
) -> HasilSensitivitas:
    """Sobol sensitivity of the ranking of ``data`` under ``kerangka`` (see module doc).

    Keywords override the framework's ``sensitivitas`` and ``robust`` settings (``benih=None``
    = fresh entropy, recorded in ``parameter['benih']``); ``kebijakan_data_hilang`` /
    ``izinkan_dimensi_hilang`` are those of the published ranking (as in
    :func:`~analisis.peringkat.indeks.hitung_indeks`). ``utas`` > 1 evaluates on that many
    threads. Raises :class:`GalatValidasi` for invalid data or settings and
    :class:`GalatAnalisis` when no region is ranked.
    """
    p = _pengaturan(
        kerangka,
        {
            "jumlah_sampel": jumlah_sampel,
            "benih": benih,
            "jumlah_bootstrap": jumlah_bootstrap,
            "tingkat_kepercayaan": tingkat_kepercayaan,
            "agregasi_alternatif": agregasi_alternatif,
            "kebijakan_alternatif": kebijakan_alternatif,
            "geser_nol": geser_nol,
            "konsentrasi_dimensi": konsentrasi_dimensi,
            "konsentrasi_indikator": konsentrasi_indikator,
            "normalisasi_alternatif": normalisasi_alternatif,
            "skala_galat": skala_galat,
        },
    )
    siap0 = siapkan_data(
        data,
        kerangka,
        kebijakan_data_hilang=kebijakan_data_hilang,
        izinkan_dimensi_hilang=izinkan_dimensi_hilang,
        berkas=berkas,
    )
    inti0 = _komposit_tetap(siap0)
    baris = inti0.baris
    if not len(baris):
        raise GalatAnalisis(
            "Tidak ada wilayah yang diperingkat, sehingga analisis sensitivitas tidak dapat "
            "dilakukan"
        )
    kosong = [ind.kode for c, ind in enumerate(siap0.indikator) if not siap0.ada[baris, c].any()]
    kerangka_r = kerangka_tanpa(kerangka, indikator=kosong) if kosong else kerangka
    masukan = _data_analisis(data, siap0, baris, kosong)
    siap = siapkan_data(
        masukan,
        kerangka_r,
        kebijakan_data_hilang=siap0.kebijakan_data_hilang,
        izinkan_dimensi_hilang=siap0.izinkan_dimensi_hilang,
    )
    r_pub = inti0.peringkat.astype(np.int64)

    tetap = _faktor_tetap(siap, p)
    faktor = [f for f in FAKTOR if f not in tetap]
    sampel, rancangan, bank_W, bank_w, galat, masalah = _rancangan(siap, p, faktor)
    rank = peringkat_sampel(siap, sampel, galat=galat, geser_nol=p.geser, utas=utas)
    geser = np.abs(rank - r_pub).mean(axis=1) if len(rank) else np.zeros(0)

    biji_bootstrap = int(np.random.SeedSequence(p.benih).spawn(4)[3].generate_state(1)[0]) or 1
    F = len(faktor)
    indeks_geser = indeks_wil = None
    peringatan: list[str] = []
    if F:
        indeks_wil = indeks_sobol(
            rank.astype(float),
            F,
            jumlah_bootstrap=p.R,
            tingkat_kepercayaan=p.tingkat,
            benih=biji_bootstrap,
        )
        if np.ptp(geser) > 0:
            sa = salib_analisis.analyze(
                masalah,
                geser,
                calc_second_order=False,
                num_resamples=p.R,
                conf_level=p.tingkat,
                seed=biji_bootstrap,
            )
            indeks_geser = IndeksSobol(
                S1=np.asarray(sa["S1"])[None, :],
                S1_conf=np.asarray(sa["S1_conf"])[None, :],
                ST=np.asarray(sa["ST"])[None, :],
                ST_conf=np.asarray(sa["ST_conf"])[None, :],
                tetap=np.array([False]),
            )
        else:
            peringatan.append(
                "Tidak ada pilihan yang menggeser peringkat sama sekali, sehingga indeks "
                "sensitivitas rata-rata pergeseran tidak dapat dihitung."
            )
        n_tetap = int(indeks_wil.tetap.sum())
        if n_tetap:
            peringatan.append(
                f"{n_tetap} wilayah tidak pernah berubah peringkat; indeks sensitivitasnya "
                "tidak dihitung."
            )
    else:
        peringatan.append(
            "Tidak ada faktor yang dapat divariasikan ("
            + "; ".join(f"{NAMA_FAKTOR[f].lower()}: {a}" for f, a in tetap.items())
            + "), sehingga indeks sensitivitas tidak dihitung."
        )

    langkah = F + 2
    ab = np.r_[np.arange(0, len(rank), langkah), np.arange(langkah - 1, len(rank), langkah)]
    stat = _statistik_wilayah(rank[np.sort(ab)] if len(rank) else rank, r_pub)
    wilayah = pd.DataFrame(
        {
            "wilayah": siap.nama,
            "peringkat": r_pub,
            "median_peringkat": stat["median"],
            "peringkat_p05": stat["p05"],
            "peringkat_p95": stat["p95"],
            "rata_rata_pergeseran": stat["geser"],
        },
        index=pd.Index(siap.kode_wilayah, name="kode_wilayah"),
    )
    parameter = {
        "benih": p.benih,
        "jumlah_sampel": p.N,
        "jumlah_evaluasi": len(rank),
        "jumlah_bootstrap": p.R,
        "tingkat_kepercayaan": p.tingkat,
        "benih_bootstrap": biji_bootstrap,
        "ukuran_bank": 2 * p.N,
        "faktor": list(faktor),
        "konsentrasi_dimensi": _json_angka(p.a_d),
        "konsentrasi_indikator": _json_angka(p.a_i),
        "normalisasi_alternatif": list(p.skema),
        "agregasi_alternatif": list(p.agregasi),
        "kebijakan_alternatif": list(p.kebijakan),
        "geser_nol": p.geser,
        "skala_galat": p.skala,
        "indikator_galat": [siap.indikator[c].kode for c in kolom_galat(siap, p.skala)],
        "kebijakan_data_hilang": siap.kebijakan_data_hilang,
        "izinkan_dimensi_hilang": siap.izinkan_dimensi_hilang,
        "indikator_tanpa_data": kosong,
        "rancangan": (
            f"Saltelli/Sobol SALib {version('salib')} (sample.sobol, acak ulang, tanpa orde "
            "kedua); penduga S1 Saltelli 2010, ST Jansen 1999; selang bootstrap normal"
        ),
    }
    return HasilSensitivitas(
        wilayah=wilayah,
        faktor=faktor,
        faktor_tetap=tetap,
        indeks_pergeseran=indeks_geser,
        indeks_wilayah=indeks_wil,
        rancangan=rancangan,
        peringkat_sampel=rank,
        pergeseran_sampel=geser,
        alternatif=_alternatif(siap, p, r_pub, utas),
        penghapusan=_penghapusan(siap, r_pub, utas),
        parameter=parameter,
        siap=siap,
        masukan=masukan,
        sampel=sampel,
        bank_bobot_dimensi=bank_W,
        bank_bobot_indikator=bank_w,
        galat=galat,
        peringatan=peringatan,
    )


def _json_angka(x: float) -> float | str:
    return "inf" if math.isinf(x) else float(x)


__all__ = [
    "AGREGASI",
    "FAKTOR",
    "NAMA_FAKTOR",
    "HasilSensitivitas",
    "analisis_sensitivitas",
    "uraian_wilayah",
]
