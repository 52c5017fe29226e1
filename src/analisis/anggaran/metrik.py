"""Budget metrics for poverty reduction (domain spec §1.6 and §3.2).

Every metric is a small function. Scalar functions take plain numbers so that they can be
checked by hand; table functions take a :class:`~analisis.anggaran.baca.DataAnggaran` (or its
``anggaran`` DataFrame) and return tidy DataFrames keyed by ``kode_wilayah`` and ``tahun``.

Conventions:

* Amounts are in whole Rupiah. Percentages are **in percent units** (``4.65`` = 4,65 persen),
  like the BPS data and :mod:`analisis.laporan.format`.
* ``B_pov`` (the poverty budget) is the sum over the rows of the budget table (every row is a
  poverty-reduction sub-kegiatan). ``B_total`` is total regional spending (belanja daerah
  APBD) from the Ringkasan table.
* Allocation metrics use **pagu** by default (``dasar="pagu"``): they measure commitment.
  The PMK 97/2023 tagging score uses **realisasi** by default (the regulation scores the
  realisation of tagged spending), with realised total spending as denominator.
* Realisation rates use only rows whose realisasi is reported: ``Σ realisasi / Σ pagu`` over
  those rows (``pagu_terlapor``). An empty realisasi cell is "not yet reported", not zero.
* A ratio with a zero or missing denominator is NaN, never 0 or infinity.
* Nothing here claims causality. The trend functions return an explicit Indonesian note saying so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analisis.anggaran.konfigurasi import TANPA_PENANDAAN, KonfigurasiAnggaran, muat_konfigurasi
from analisis.data.wilayah import muat_wilayah
from analisis.galat import GalatAnalisis

if TYPE_CHECKING:  # pragma: no cover
    from analisis.anggaran.baca import DataAnggaran

#: Indonesian no-causality note returned by :func:`tren_anggaran`.
CATATAN_TANPA_KAUSALITAS = (
    "Analisis ini deskriptif: anggaran dan P0 ditampilkan berdampingan, bukan bukti hubungan "
    "sebab-akibat. Perubahan P0 dipengaruhi banyak faktor di luar APBD daerah (ekonomi, harga, "
    "program pemerintah pusat, bantuan sosial nasional), P0 Maret tahun t diukur sebelum "
    "sebagian besar anggaran tahun t dibelanjakan, dan perubahan P0 kabupaten/kota sering masih "
    "di dalam galat sampling Susenas."
)

#: Warning attached to every "Rp per poin penurunan P0" figure.
PERINGATAN_RP_PER_POIN = (
    "Angka 'Rp per poin penurunan P0' = ΔB / (−ΔP0) hanya ilustrasi skala: bukan biaya untuk "
    "menurunkan P0 satu poin dan tidak boleh dipakai sebagai ukuran efisiensi atau dasar "
    "perencanaan."
)

_DASAR = ("pagu", "realisasi")


# =========================================================================== helpers
def _baris(data: DataAnggaran | pd.DataFrame) -> pd.DataFrame:
    return data if isinstance(data, pd.DataFrame) else data.anggaran


def _konf(
    data: DataAnggaran | pd.DataFrame, konfigurasi: KonfigurasiAnggaran | None
) -> KonfigurasiAnggaran:
    if konfigurasi is not None:
        return konfigurasi
    return getattr(data, "konfigurasi", None) or muat_konfigurasi()


def _cek_dasar(dasar: str) -> None:
    if dasar not in _DASAR:
        raise GalatAnalisis(f"dasar '{dasar}' tidak dikenal; pilihan: pagu, realisasi.")


def _bagi(pembilang: float, penyebut: float) -> float:
    """pembilang / penyebut, NaN when the denominator is zero or missing."""
    try:
        p, q = float(pembilang), float(penyebut)
    except (TypeError, ValueError):
        return math.nan
    if math.isnan(p) or math.isnan(q) or q == 0:
        return math.nan
    return p / q


def _bagi_seri(pembilang: pd.Series, penyebut: pd.Series) -> pd.Series:
    q = penyebut.astype(float).where(penyebut.astype(float) != 0)
    return pembilang.astype(float) / q


def _cek_jumlah(nilai: float, nama: str) -> float:
    try:
        x = float(nilai)
    except (TypeError, ValueError):
        raise GalatAnalisis(f"{nama} harus berupa angka, bukan {nilai!r}.") from None
    if not math.isnan(x) and x < 0:
        raise GalatAnalisis(f"{nama} tidak boleh negatif ({nilai!r}).")
    return x


# =========================================================================== shares
def porsi_anggaran(b_kemiskinan: float, b_total: float) -> float:
    """Share of total regional spending going to poverty reduction, in percent.

    ``100 × B_pov / B_total``. Example: Rp90 miliar of Rp3 triliun → ``3.0``.
    NaN when ``b_total`` is zero or missing.
    """
    return 100.0 * _bagi(_cek_jumlah(b_kemiskinan, "b_kemiskinan"), _cek_jumlah(b_total, "b_total"))


def _porsi_per(data: DataAnggaran | pd.DataFrame, kolom: str, dasar: str) -> pd.DataFrame:
    _cek_dasar(dasar)
    df = _baris(data)
    jumlah = df.groupby(["kode_wilayah", "tahun", kolom], sort=True)[dasar].sum(min_count=1)
    jumlah = jumlah.fillna(0.0).rename("jumlah").reset_index()
    total = jumlah.groupby(["kode_wilayah", "tahun"])["jumlah"].transform("sum")
    jumlah["persen"] = 100.0 * _bagi_seri(jumlah["jumlah"], total)
    return jumlah


def porsi_per_klaster(
    data: DataAnggaran | pd.DataFrame,
    dasar: str = "pagu",
    konfigurasi: KonfigurasiAnggaran | None = None,
) -> pd.DataFrame:
    """Per cluster c: ``B_c`` and ``100 × B_c / B_pov`` for each region and year.

    Every configured cluster appears (amount 0 when unused), in configured order. Columns:
    ``kode_wilayah``, ``tahun``, ``klaster``, ``nama_klaster``, ``jumlah`` (Rp), ``persen``.
    """
    konf = _konf(data, konfigurasi)
    dasar_df = _porsi_per(data, "klaster", dasar)
    kunci = dasar_df[["kode_wilayah", "tahun"]].drop_duplicates()
    lengkap = kunci.merge(pd.DataFrame({"klaster": konf.kode_klaster}), how="cross")
    hasil = lengkap.merge(dasar_df, on=["kode_wilayah", "tahun", "klaster"], how="outer")
    hasil["jumlah"] = hasil["jumlah"].fillna(0.0)
    total = hasil.groupby(["kode_wilayah", "tahun"])["jumlah"].transform("sum")
    hasil["persen"] = 100.0 * _bagi_seri(hasil["jumlah"], total)
    urut = {k: i for i, k in enumerate(konf.kode_klaster)}
    hasil["_urut"] = hasil["klaster"].map(urut).fillna(len(urut))
    hasil = hasil.sort_values(["kode_wilayah", "tahun", "_urut"]).drop(columns="_urut")
    hasil.insert(3, "nama_klaster", [konf.nama_klaster(k) for k in hasil["klaster"]])
    return hasil.reset_index(drop=True)


def porsi_per_opd(data: DataAnggaran | pd.DataFrame, dasar: str = "pagu") -> pd.DataFrame:
    """Per OPD: amount and ``100 × B_opd / B_pov``, largest first within each region and year.

    Columns: ``kode_wilayah``, ``tahun``, ``opd``, ``jumlah`` (Rp), ``persen``.
    """
    hasil = _porsi_per(data, "opd", dasar)
    return hasil.sort_values(
        ["kode_wilayah", "tahun", "jumlah"], ascending=[True, True, False]
    ).reset_index(drop=True)


# =========================================================================== per person
def penduduk_miskin_dari_ribu(jumlah_ribu: float) -> float:
    """Convert a BPS count in **thousand** persons (``jumlah_penduduk_miskin``) to persons.

    The bundled BPS indicator ``jumlah_penduduk_miskin`` is published in *ribu jiwa*:
    ``14.46`` means 14.460 persons. ``penduduk_miskin_dari_ribu(14.46)`` → ``14460.0``.
    """
    return _cek_jumlah(jumlah_ribu, "jumlah_ribu") * 1000.0


def anggaran_per_penduduk_miskin(b_kemiskinan: float, penduduk_miskin_jiwa: float) -> float:
    """Poverty budget per poor person, Rp per person: ``B_pov / N_poor``.

    ``penduduk_miskin_jiwa`` is the number of poor **persons** (not thousands). The BPS series
    in this package is in thousands: convert with :func:`penduduk_miskin_dari_ribu` first.
    A count below 100 is refused because it is almost certainly still in thousands.
    """
    n = _cek_jumlah(penduduk_miskin_jiwa, "penduduk_miskin_jiwa")
    if not math.isnan(n) and 0 < n < 100:
        raise GalatAnalisis(
            f"jumlah penduduk miskin {penduduk_miskin_jiwa!r} jiwa terlalu kecil; data BPS dalam "
            "ribu jiwa harus dikali 1000 dulu (penduduk_miskin_dari_ribu)."
        )
    return _bagi(_cek_jumlah(b_kemiskinan, "b_kemiskinan"), n)


def anggaran_per_rumah_tangga(b_kemiskinan: float, jumlah_rumah_tangga: float) -> float:
    """Poverty budget per household of the target group (e.g. desil 1–2 of DTSEN/P3KE), Rp.

    ``B_pov / H`` where ``H`` is a household count (not thousands) from the BNBA registry.
    """
    return _bagi(
        _cek_jumlah(b_kemiskinan, "b_kemiskinan"),
        _cek_jumlah(jumlah_rumah_tangga, "jumlah_rumah_tangga"),
    )


# =========================================================================== realisation
def tingkat_realisasi(pagu: float, realisasi: float) -> float:
    """Realisation rate in percent: ``100 × realisasi / pagu`` (NaN when pagu is 0 or missing)."""
    return 100.0 * _bagi(_cek_jumlah(realisasi, "realisasi"), _cek_jumlah(pagu, "pagu"))


def _realisasi_per(data: DataAnggaran | pd.DataFrame, kelompok: list[str]) -> pd.DataFrame:
    df = _baris(data)
    terlapor = df["realisasi"].notna()
    g = df.assign(
        pagu_terlapor=df["pagu"].where(terlapor, 0.0),
        n_terlapor=terlapor.astype("int64"),
    ).groupby(kelompok, sort=True)
    hasil = pd.DataFrame(
        {
            "pagu": g["pagu"].sum(),
            "realisasi": g["realisasi"].sum(min_count=1),
            "pagu_terlapor": g["pagu_terlapor"].sum(),
            "jumlah_baris": g["pagu"].size(),
            "baris_terlapor": g["n_terlapor"].sum(),
        }
    ).reset_index()
    hasil["persen_realisasi"] = 100.0 * _bagi_seri(hasil["realisasi"], hasil["pagu_terlapor"])
    return hasil


def realisasi_keseluruhan(data: DataAnggaran | pd.DataFrame) -> pd.DataFrame:
    """Overall realisation of the poverty budget per region and year.

    Columns: ``kode_wilayah``, ``tahun``, ``pagu``, ``realisasi``, ``pagu_terlapor``,
    ``jumlah_baris``, ``baris_terlapor``, ``persen_realisasi`` (= realisasi / pagu_terlapor).
    """
    return _realisasi_per(data, ["kode_wilayah", "tahun"])


def realisasi_per_klaster(
    data: DataAnggaran | pd.DataFrame, konfigurasi: KonfigurasiAnggaran | None = None
) -> pd.DataFrame:
    """Realisation per cluster (columns as :func:`realisasi_keseluruhan` plus ``klaster``, ``nama_klaster``)."""
    konf = _konf(data, konfigurasi)
    hasil = _realisasi_per(data, ["kode_wilayah", "tahun", "klaster"])
    hasil.insert(3, "nama_klaster", [konf.nama_klaster(k) for k in hasil["klaster"]])
    return hasil


def realisasi_per_opd(data: DataAnggaran | pd.DataFrame) -> pd.DataFrame:
    """Realisation per OPD (columns as :func:`realisasi_keseluruhan` plus ``opd``)."""
    return _realisasi_per(data, ["kode_wilayah", "tahun", "opd"])


# =========================================================================== tagging
def skor_penandaan(
    b_langsung: float,
    b_tidak_langsung: float,
    b_penunjang: float,
    b_total: float,
    bobot: tuple[float, float, float] = (0.5, 0.3, 0.2),
) -> float:
    """PMK 97/2023-style tagging value ``T`` (a fraction, not yet standardised).

    ``T = w_l·B_langsung/B_total + w_tl·B_tidak_langsung/B_total + w_p·B_penunjang/B_total``
    with default weights 0.5/0.3/0.2. Example: Rp20 M, 30 M, 10 M tagged of Rp2 T total →
    ``0.5·0.01 + 0.3·0.015 + 0.2·0.005 = 0.0105``. Standardise across regions with
    :func:`standarkan_maks`. Travel spending must already be excluded from the tagged amounts.
    """
    total = _cek_jumlah(b_total, "b_total")
    bagian = [
        _cek_jumlah(b, n)
        for b, n in (
            (b_langsung, "b_langsung"),
            (b_tidak_langsung, "b_tidak_langsung"),
            (b_penunjang, "b_penunjang"),
        )
    ]
    return sum(w * _bagi(b, total) for w, b in zip(bobot, bagian))


def standarkan_maks(nilai: pd.Series) -> pd.Series:
    """Max-ratio standardisation ``X_i / X_max × 100`` (PMK 97/2023), NaN kept as NaN.

    When every value is 0 the result is 0 for all (no region tags anything); when all are
    NaN the result is NaN.
    """
    x = nilai.astype(float)
    if (x < 0).any():
        raise GalatAnalisis("standarisasi X/X_maks hanya untuk nilai tidak negatif.")
    maks = x.max(skipna=True)
    if pd.isna(maks):
        return x * np.nan
    if maks == 0:
        return x * 0.0
    return 100.0 * x / maks


def jumlah_per_penandaan(
    data: DataAnggaran | pd.DataFrame,
    dasar: str = "realisasi",
    konfigurasi: KonfigurasiAnggaran | None = None,
) -> pd.DataFrame:
    """Wide table per region and year: one Rp column per tagging code plus ``tidak_ditandai``."""
    _cek_dasar(dasar)
    konf = _konf(data, konfigurasi)
    df = _baris(data)
    kolom = [*konf.kode_penandaan, TANPA_PENANDAAN]
    lebar = (
        df.groupby(["kode_wilayah", "tahun", "penandaan"])[dasar]
        .sum(min_count=1)
        .fillna(0.0)
        .unstack("penandaan")
        .reindex(columns=kolom, fill_value=0.0)
        .fillna(0.0)
    )
    lebar.columns.name = None
    return lebar.reset_index()


def _ringkasan_df(data: DataAnggaran) -> pd.DataFrame:
    r = data.ringkasan
    if r is None or len(r) == 0:
        return pd.DataFrame(
            columns=["kode_wilayah", "tahun", "belanja_daerah", "realisasi_belanja_daerah"]
        )
    return r[
        ["kode_wilayah", "tahun", "belanja_daerah", "realisasi_belanja_daerah"]
    ].drop_duplicates(["kode_wilayah", "tahun"])


def skor_penandaan_wilayah(
    data: DataAnggaran, tahun: int | None = None, dasar: str = "realisasi"
) -> pd.DataFrame:
    """Tagging value T per region for one year, standardised within each province (T/T_max × 100).

    ``dasar="realisasi"`` (default, as PMK 97/2023): tagged realisasi over realised total
    spending; ``dasar="pagu"``: tagged pagu over budgeted total spending. A region without the
    needed total gets NaN and is left out of T_max. The maximum is taken over the regions
    **present in the data** for that province and year.

    Columns: ``kode_wilayah``, ``kode_provinsi``, ``tahun``, one Rp column per category,
    ``b_total``, ``t_penandaan`` (fraction), ``skor_penandaan`` (0–100).
    """
    _cek_dasar(dasar)
    konf = data.konfigurasi
    th = _tahun_pilih(data, tahun)
    tanda = jumlah_per_penandaan(data, dasar, konf)
    tanda = tanda[tanda["tahun"] == th]
    ring = _ringkasan_df(data)
    kolom_total = "realisasi_belanja_daerah" if dasar == "realisasi" else "belanja_daerah"
    hasil = tanda.merge(
        ring[["kode_wilayah", "tahun", kolom_total]], on=["kode_wilayah", "tahun"], how="left"
    )
    hasil = hasil.rename(columns={kolom_total: "b_total"})
    hasil["b_total"] = hasil["b_total"].astype(float)
    t = pd.Series(0.0, index=hasil.index)
    for kode, w in konf.bobot_penandaan.items():
        t = t + w * _bagi_seri(hasil[kode], hasil["b_total"])
    hasil["t_penandaan"] = t
    w = muat_wilayah()
    hasil.insert(
        1,
        "kode_provinsi",
        [w.at[k, "kode_provinsi"] if k in w.index else "" for k in hasil["kode_wilayah"]],
    )
    hasil["skor_penandaan"] = hasil.groupby("kode_provinsi")["t_penandaan"].transform(
        standarkan_maks
    )
    return hasil.reset_index(drop=True)


# =========================================================================== summaries
def _tahun_pilih(data: DataAnggaran | pd.DataFrame, tahun: int | None) -> int:
    ada = sorted(int(t) for t in _baris(data)["tahun"].unique())
    if not ada:
        raise GalatAnalisis("data anggaran kosong.")
    if tahun is None:
        return ada[-1]
    if int(tahun) not in ada:
        raise GalatAnalisis(
            f"tahun {tahun} tidak ada di data anggaran; tersedia: {', '.join(map(str, ada))}."
        )
    return int(tahun)


def ringkasan_wilayah(data: DataAnggaran) -> pd.DataFrame:
    """One row per region and year with the headline figures.

    Columns: ``kode_wilayah``, ``wilayah``, ``tahun``, ``jumlah_baris``, ``pagu_kemiskinan``,
    ``realisasi_kemiskinan``, ``belanja_daerah``, ``realisasi_belanja_daerah``,
    ``porsi_anggaran_kemiskinan`` (% of belanja daerah, pagu basis),
    ``realisasi_anggaran`` (% of reported pagu), ``baris_terlapor``.
    """
    real = realisasi_keseluruhan(data).rename(
        columns={"pagu": "pagu_kemiskinan", "realisasi": "realisasi_kemiskinan"}
    )
    hasil = real.merge(_ringkasan_df(data), on=["kode_wilayah", "tahun"], how="left")
    hasil["porsi_anggaran_kemiskinan"] = 100.0 * _bagi_seri(
        hasil["pagu_kemiskinan"], hasil["belanja_daerah"]
    )
    hasil = hasil.rename(columns={"persen_realisasi": "realisasi_anggaran"})
    w = muat_wilayah()
    hasil.insert(
        1,
        "wilayah",
        [str(w.at[k, "wilayah"]) if k in w.index else k for k in hasil["kode_wilayah"]],
    )
    kolom = [
        "kode_wilayah",
        "wilayah",
        "tahun",
        "jumlah_baris",
        "pagu_kemiskinan",
        "realisasi_kemiskinan",
        "belanja_daerah",
        "realisasi_belanja_daerah",
        "porsi_anggaran_kemiskinan",
        "realisasi_anggaran",
        "baris_terlapor",
    ]
    return hasil[kolom]


def indikator_peringkat(
    data: DataAnggaran, tahun: int | None = None, dasar_penandaan: str = "realisasi"
) -> pd.DataFrame:
    """Budget-dimension indicators of the provincial ranking, one row per region (index ``kode_wilayah``).

    * ``porsi_anggaran_kemiskinan`` (%): Σ pagu of poverty rows / belanja daerah × 100;
    * ``skor_penandaan`` (0–100): PMK 97/2023 T standardised as T_i / T_max × 100 within the
      province (see :func:`skor_penandaan_wilayah`);
    * ``realisasi_anggaran`` (%): Σ realisasi / Σ pagu of reported rows × 100.

    Also ``wilayah``, ``tahun``, ``t_penandaan`` (unstandardised T, fraction) and ``catatan``
    (Indonesian; why a value is missing). ``tahun=None`` uses the latest year in the data.
    """
    th = _tahun_pilih(data, tahun)
    ring = ringkasan_wilayah(data)
    ring = ring[ring["tahun"] == th]
    skor = skor_penandaan_wilayah(data, th, dasar_penandaan)[
        ["kode_wilayah", "t_penandaan", "skor_penandaan"]
    ]
    hasil = ring.merge(skor, on="kode_wilayah", how="left")
    catatan = []
    for _, r in hasil.iterrows():
        c = []
        if pd.isna(r["belanja_daerah"]):
            c.append("total belanja daerah tidak diisi")
        if pd.isna(r["skor_penandaan"]):
            c.append(
                "skor penandaan tidak dapat dihitung (realisasi belanja daerah kosong)"
                if dasar_penandaan == "realisasi"
                else "skor penandaan tidak dapat dihitung"
            )
        if r["baris_terlapor"] < r["jumlah_baris"]:
            c.append(
                f"realisasi baru dilaporkan {int(r['baris_terlapor'])} dari {int(r['jumlah_baris'])} baris"
            )
        catatan.append("; ".join(c))
    hasil["catatan"] = pd.Series(catatan, index=hasil.index, dtype="str")
    kolom = [
        "kode_wilayah",
        "wilayah",
        "tahun",
        "porsi_anggaran_kemiskinan",
        "skor_penandaan",
        "realisasi_anggaran",
        "t_penandaan",
        "catatan",
    ]
    return hasil[kolom].set_index("kode_wilayah")


# =========================================================================== trend
def rp_per_poin_penurunan_p0(delta_b: float, delta_p0: float) -> float:
    """``ΔB / (−ΔP0)`` in Rp per percentage point of P0 decline; NaN when ΔP0 ≥ 0 or missing.

    Illustration only (see :data:`PERINGATAN_RP_PER_POIN`). Example: budget up Rp12 miliar while
    P0 fell 0.4 poin → ``12e9 / 0.4 = 3e10`` (Rp30 miliar per poin).
    """
    try:
        db, dp = float(delta_b), float(delta_p0)
    except (TypeError, ValueError):
        return math.nan
    if math.isnan(db) or math.isnan(dp) or dp >= 0:
        return math.nan
    return db / (-dp)


@dataclass
class HasilTren:
    """Result of :func:`tren_anggaran`.

    ``tabel``: per year ``anggaran``, ``perubahan_anggaran`` (Rp vs previous listed year),
    ``persen_perubahan_anggaran``, ``p0``, ``perubahan_p0`` (poin), ``rp_per_poin_penurunan_p0``.
    ``keseluruhan``: first → last year figures. ``catatan``: the no-causality note.
    ``peringatan``: Indonesian warnings (always includes the Rp-per-poin caveat when shown).
    """

    tabel: pd.DataFrame
    keseluruhan: dict[str, float]
    catatan: str = CATATAN_TANPA_KAUSALITAS
    peringatan: list[str] = field(default_factory=list)


def deret_anggaran(
    data: DataAnggaran | pd.DataFrame, kode_wilayah: str, dasar: str = "pagu"
) -> pd.Series:
    """Poverty budget of one region by year (Rp), as a Series indexed by ``tahun``."""
    _cek_dasar(dasar)
    df = _baris(data)
    df = df[df["kode_wilayah"] == str(kode_wilayah)]
    if df.empty:
        raise GalatAnalisis(f"wilayah {kode_wilayah} tidak ada di data anggaran.")
    s = df.groupby("tahun")[dasar].sum(min_count=1)
    s.index = s.index.astype("int64")
    return s.rename("anggaran")


def tren_anggaran(
    anggaran: pd.Series, p0: pd.Series | None = None, jeda_tahun: int = 0
) -> HasilTren:
    """Multi-year trend of the poverty budget beside P0 (descriptive; no causality).

    ``anggaran``: Rp by year (e.g. from :func:`deret_anggaran`). ``p0``: percent by year
    (BPS March figures). ``jeda_tahun``: compare the budget of year t with P0 of year
    t + jeda (0 = same year label; 1 = next March, after the money is spent).

    Changes are between consecutive listed years. ``rp_per_poin_penurunan_p0`` =
    ΔB / (−ΔP0), NaN when P0 did not fall (ΔP0 ≥ 0); whenever it is defined a warning is added.
    """
    if not isinstance(anggaran, pd.Series):
        raise GalatAnalisis("anggaran harus berupa pandas Series berindeks tahun.")
    b = anggaran.astype(float).copy()
    b.index = pd.Index([int(t) for t in b.index], name="tahun")
    b = b.sort_index()
    tabel = pd.DataFrame({"anggaran": b})
    tabel["perubahan_anggaran"] = tabel["anggaran"].diff()
    tabel["persen_perubahan_anggaran"] = 100.0 * _bagi_seri(
        tabel["perubahan_anggaran"], tabel["anggaran"].shift()
    )
    peringatan: list[str] = []
    if p0 is not None:
        s = p0.astype(float).copy()
        s.index = pd.Index([int(t) - int(jeda_tahun) for t in s.index], name="tahun")
        tabel["p0"] = s.reindex(tabel.index)
        tabel["perubahan_p0"] = tabel["p0"].diff()
        tabel["rp_per_poin_penurunan_p0"] = [
            rp_per_poin_penurunan_p0(db, dp)
            for db, dp in zip(tabel["perubahan_anggaran"], tabel["perubahan_p0"])
        ]
        if jeda_tahun:
            peringatan.append(
                f"P0 dibandingkan dengan jeda {jeda_tahun} tahun: anggaran tahun t "
                f"berdampingan dengan P0 tahun t+{jeda_tahun}."
            )
        if tabel["p0"].isna().any():
            kosong = ", ".join(str(t) for t in tabel.index[tabel["p0"].isna()])
            peringatan.append(f"P0 tidak tersedia untuk tahun {kosong}.")
    awal, akhir = tabel.index.min(), tabel.index.max()
    kes: dict[str, float] = {
        "tahun_awal": float(awal) if len(tabel) else math.nan,
        "tahun_akhir": float(akhir) if len(tabel) else math.nan,
        "perubahan_anggaran": float(tabel["anggaran"].iloc[-1] - tabel["anggaran"].iloc[0])
        if len(tabel)
        else math.nan,
    }
    if p0 is not None and len(tabel):
        dp = float(tabel["p0"].iloc[-1] - tabel["p0"].iloc[0])
        kes["perubahan_p0"] = dp
        kes["rp_per_poin_penurunan_p0"] = rp_per_poin_penurunan_p0(kes["perubahan_anggaran"], dp)
        if tabel["rp_per_poin_penurunan_p0"].notna().any() or not math.isnan(
            kes["rp_per_poin_penurunan_p0"]
        ):
            peringatan.append(PERINGATAN_RP_PER_POIN)
        if not math.isnan(dp) and dp >= 0:
            peringatan.append(
                "P0 tidak turun pada periode ini; 'Rp per poin penurunan P0' tidak terdefinisi."
            )
    tabel = tabel.reset_index()
    return HasilTren(tabel=tabel, keseluruhan=kes, peringatan=peringatan)


# =========================================================================== RAT
def persen_capaian(target: float, capaian: float) -> float:
    """Achievement rate of one activity in percent: ``100 × capaian / target`` (NaN if target 0)."""
    return 100.0 * _bagi(_cek_jumlah(capaian, "capaian"), _cek_jumlah(target, "target"))


def capaian_rat(data: DataAnggaran | pd.DataFrame) -> pd.DataFrame:
    """RAT rows with ``persen_capaian`` (= capaian / target × 100; NaN when not reported)."""
    rat = data if isinstance(data, pd.DataFrame) else data.rat
    hasil = rat.copy()
    hasil["persen_capaian"] = 100.0 * _bagi_seri(hasil["capaian"], hasil["target"])
    return hasil


def capaian_rat_keseluruhan(
    data: DataAnggaran | pd.DataFrame, batas: float | None = 100.0
) -> pd.DataFrame:
    """Overall RAT achievement per region and year.

    ``rata_rata_capaian`` is the unweighted mean of the per-activity rates, each capped at
    ``batas`` percent (default 100, so one over-achieved activity cannot hide an unmet one;
    ``batas=None`` disables the cap). ``persen_tercapai`` is the share of reported activities
    with capaian ≥ target. Unreported activities are excluded from both and counted in
    ``jumlah_kegiatan`` − ``kegiatan_terlapor``.
    """
    rinci = capaian_rat(data)
    kolom = [
        "kode_wilayah",
        "tahun",
        "jumlah_kegiatan",
        "kegiatan_terlapor",
        "rata_rata_capaian",
        "persen_tercapai",
    ]
    if rinci.empty:
        return pd.DataFrame(columns=kolom)
    laju = rinci["persen_capaian"]
    if batas is not None:
        laju = laju.clip(upper=batas)
    # 1.0 = target met, 0.0 = not met, NaN = not reported (ignored by mean()).
    tercapai = (rinci["persen_capaian"] >= 100.0).astype(float).where(laju.notna())
    rinci = rinci.assign(_laju=laju, _capai=tercapai)
    g = rinci.groupby(["kode_wilayah", "tahun"])
    hasil = pd.DataFrame(
        {
            "jumlah_kegiatan": g.size(),
            "kegiatan_terlapor": g["_laju"].count(),
            "rata_rata_capaian": g["_laju"].mean(),
            "persen_tercapai": 100.0 * g["_capai"].mean(),
        }
    ).reset_index()
    return hasil[kolom]
