"""Verval checks on a BNBA extract: per-record flags, private worklist, per-desa quality score.

All checks are DuckDB SQL over the typed table built by :func:`analisis.bnba.skema.muat_bnba`
(no Python row loops). Per-record flags (domain spec §4.5, "Checks to implement"):

=====================  =========  ===========================================================
flag                   level      rule
=====================  =========  ===========================================================
nik_tidak_valid        galat      NIK is not 16 numeric digits
nik_ganda              galat      the same (valid) NIK appears on more than one row
nik_tanggal_beda       galat      NIK digits 7–12 (DDMMYY, DD − 40 for women) ≠ birth date
nik_jk_beda            galat      NIK DD > 40 (woman) disagrees with jenis_kelamin
nik_wilayah_beda       peringatan NIK digits 1–6 ≠ kode_kecamatan (may be legitimate migration)
kk_tidak_valid         galat      No KK is not 16 numeric digits
kk_alamat_ganda        galat      the same No KK appears under more than one desa+address
umur_tidak_wajar       galat      age outside ``umur_wajar`` for the relation, or too close to
                                  the head's age (``selisih_umur_kepala``)
meninggal_penerima     galat      deceased row with a programme flag
inklusi                indikasi   programme flag on a row whose desil > the programme's
                                  ``desil_maks`` (inclusion-error suspect)
eksklusi               indikasi   family desil ≤ ``desil_eksklusi_maks`` and no programme in the
                                  whole family (exclusion-error suspect; all members flagged)
=====================  =========  ===========================================================

Family = rows with the same No KK (blank No KK: the row alone). Family desil = the smallest desil
among its members (used for the exclusion check and for family counts); row-level flags and
people counts use the row's own desil (identical when, as expected, a family has one desil).
Duplicates are counted among 16-digit NIKs only (invalid ones are already flagged).

Outputs:

- :meth:`HasilCek.tulis_daftar_kerja` — the PRIVATE analyst worklist
  ``DAFTAR_KERJA_RAHASIA_<kode>.xlsx`` (NIK, names, addresses of the problem rows; written
  atomically; never published);
- :attr:`HasilCek.kubus` — an additive aggregate "cube" per (kecamatan, desa, desil) with the
  count of every flag, of people, families and programme recipients. Everything publishable
  (quality score, desil distribution, targeting, quadrant, reconciliation) is derived from it;
  cubes of several partitions can simply be concatenated (see :mod:`analisis.bnba.terdistribusi`).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Self

import duckdb
import numpy as np
import pandas as pd

from analisis.bnba.konfigurasi import HUBUNGAN, Aturan, Pemetaan, muat_aturan
from analisis.bnba.skema import DataBNBA, lit, muat_bnba, q, sambung, tanggal_hari_ini
from analisis.galat import GalatAnalisis

#: Check flags: name → (level, Indonesian description). Order = worklist column order.
BENDERA: dict[str, tuple[str, str]] = {
    "nik_tidak_valid": ("galat", "NIK bukan 16 digit angka"),
    "nik_ganda": ("galat", "NIK ganda (dipakai di lebih dari satu baris)"),
    "nik_tanggal_beda": ("galat", "tanggal lahir pada NIK berbeda dengan kolom tanggal lahir"),
    "nik_jk_beda": ("galat", "kode jenis kelamin pada NIK (tanggal +40) tidak sesuai"),
    "nik_wilayah_beda": ("peringatan", "kode wilayah NIK berbeda dengan kecamatan domisili"),
    "kk_tidak_valid": ("galat", "No KK bukan 16 digit angka"),
    "kk_alamat_ganda": ("galat", "satu No KK tercatat di lebih dari satu alamat"),
    "umur_tidak_wajar": ("galat", "umur tidak wajar untuk hubungan keluarga"),
    "meninggal_penerima": ("galat", "meninggal tetapi tercatat menerima program"),
    "inklusi": ("indikasi", "penerima program di luar kriteria kelayakan (terduga inklusi)"),
    "eksklusi": ("indikasi", "keluarga desil rendah tanpa program (terduga eksklusi)"),
}
#: Flags that count as data-quality errors (``n_bermasalah``).
BENDERA_KUALITAS = tuple(k for k, (t, _) in BENDERA.items() if t == "galat")

LABEL_KUADRAN = {
    1: "Prioritas 1: jumlah tinggi, persentase tinggi",
    2: "Prioritas 2: persentase tinggi, jumlah rendah (kantong kemiskinan)",
    3: "Prioritas 3: jumlah tinggi, persentase rendah (padat)",
    4: "Prioritas 4: jumlah dan persentase rendah",
}


def _tgl(acuan: date) -> str:
    return f"DATE {lit(acuan.isoformat())}"


def _sql_umur_mutlak(aturan: Aturan, acuan: date) -> str:
    """SQL boolean on a ``rek`` row: age outside ``umur_wajar`` for its relation.

    The bounds are looked up in constant lists indexed by the relation code (one list access per
    row, much cheaper than a ``CASE`` over twelve relations); relations without a rule get
    bounds no age can break.
    """
    if not aturan.umur_wajar:
        return "false"
    bawah = [aturan.umur_wajar[h][0] if h in aturan.umur_wajar else -1000 for h in HUBUNGAN]
    atas = [aturan.umur_wajar[h][1] if h in aturan.umur_wajar else 1000 for h in HUBUNGAN]
    umur = f"date_sub('year', tanggal_lahir, {_tgl(acuan)})"
    return f"coalesce({umur} NOT BETWEEN {bawah}[hubungan + 1] AND {atas}[hubungan + 1], false)"


def _sql_umur_relatif_baris(aturan: Aturan, kepala: str) -> str:
    """SQL boolean on a row: too close in age to the head whose birth date is ``kepala``.

    ``kepala`` is only set for the few families flagged by the family-level check, and the
    ``CASE`` evaluates the date arithmetic only for those rows.
    """
    if not aturan.selisih_umur_kepala:
        return "false"
    kode = {h: i for i, h in enumerate(HUBUNGAN)}
    kasus = []
    for h, sel in aturan.selisih_umur_kepala.items():
        if sel >= 0:
            kasus.append(
                f"WHEN {kode[h]} THEN date_sub('year', {kepala}, tanggal_lahir) < {int(sel)}"
            )
        else:
            kasus.append(
                f"WHEN {kode[h]} THEN date_sub('year', tanggal_lahir, {kepala}) < {int(-sel)}"
            )
    return (
        f"(CASE WHEN {kepala} IS NULL THEN false "
        f"ELSE coalesce(CASE hubungan {' '.join(kasus)} ELSE false END, false) END)"
    )


def _sql_umur_relatif_keluarga(aturan: Aturan) -> str:
    """SQL boolean aggregate over a family: some member is too close in age to the head.

    ``date_sub('year', a, b) < n`` ⇔ ``b < a + n years``, so the youngest-allowed check only
    needs the earliest birth date per relation (and the latest for relations older than the
    head): no per-member join.
    """
    if not aturan.selisih_umur_kepala:
        return "false"
    kode = {h: i for i, h in enumerate(HUBUNGAN)}
    kepala = "min(tanggal_lahir) FILTER (WHERE hubungan = 0)"
    bagian = []
    for h, sel in aturan.selisih_umur_kepala.items():
        if sel >= 0:
            bagian.append(
                f"min(tanggal_lahir) FILTER (WHERE hubungan = {kode[h]}) < "
                f"{kepala} + INTERVAL {int(sel)} YEAR"
            )
        else:
            bagian.append(
                f"max(tanggal_lahir) FILTER (WHERE hubungan = {kode[h]}) > "
                f"{kepala} - INTERVAL {int(-sel)} YEAR"
            )
    return "coalesce(" + " OR ".join(bagian) + ", false)"


@dataclass
class HasilCek:
    """Result of :func:`periksa`: flags in DuckDB tables plus the aggregate cube.

    The DuckDB tables ``rek`` (typed rows), ``kel`` (families) and ``bendera`` (per-record
    flags) stay in :attr:`con` until :meth:`tutup`.
    """

    data: DataBNBA
    aturan: Aturan
    tanggal_acuan: date
    kubus: pd.DataFrame
    detik: dict[str, float] = field(default_factory=dict)

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        return self.data.con

    @property
    def program(self) -> list[str]:
        return list(self.data.program)

    def tutup(self) -> None:
        """Close the DuckDB connection (frees the typed tables)."""
        try:
            self.con.close()
        except duckdb.Error:  # pragma: no cover
            pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.tutup()

    # ------------------------------------------------------------------ aggregates

    def ringkasan(self) -> dict[str, object]:
        """Kab-level totals (aggregates only; safe to print to the analyst's terminal)."""
        return ringkasan_kubus(self.kubus, self.aturan)

    def kualitas_desa(self) -> pd.DataFrame:
        """Per-desa quality components and score (not yet suppressed: see privasi)."""
        return skor_kualitas(self.kubus, self.aturan, tingkat="desa")

    # ------------------------------------------------------------------ worklist (PRIVATE)

    def daftar_kerja(self) -> pd.DataFrame:
        """PRIVATE worklist: every flagged row with its identity fields (never publish)."""
        return daftar_kerja(self)

    def tulis_daftar_kerja(self, path: str | Path) -> Path:
        """Write the PRIVATE worklist XLSX atomically; returns the path written."""
        return tulis_daftar_kerja(self, path)


def periksa(
    data: DataBNBA,
    aturan: Aturan | None = None,
    tanggal_acuan: date | None = None,
    nik_ganda_luar: Iterable[int] | None = None,
) -> HasilCek:
    """Run every check on a loaded extract.

    Args:
        data: the validated extract (:func:`~analisis.bnba.skema.muat_bnba`).
        aturan: rules (default: those used to load ``data``).
        tanggal_acuan: reference date for ages (default: today).
        nik_ganda_luar: NIKs (as integers) known to be duplicated in OTHER partitions
            (distributed path); rows carrying them are flagged ``nik_ganda`` too.

    Steps (DuckDB SQL unless noted):

    1. ``kel``: one row per family (No KK): family desil (minimum), programme flags, whether
       the raw desa+address keys differ, and whether some member is too close in age to the
       head (from per-relation earliest/latest birth dates, so no per-member join).
    2. Families whose raw addresses differ are re-read from the file and compared again after
       normalising (upper case, letters and digits only, leading zeros of numbers dropped:
       ``"Jl. Mawar No.5, RT 003"`` = ``"JL MAWAR NO 5 RT 3"``); only real differences count.
    3. Duplicate NIKs: the 16-digit NIKs are sorted with numpy (several times faster on two
       cores than a hash aggregate over millions of distinct keys); duplicates go back to
       DuckDB as a small table.
    4. View ``bendera``: row-local flags need no join; the family-dependent ones (address,
       exclusion, age relative to the head) come from a LEFT JOIN with the few PROBLEM families
       only. Desil-based row flags use the row's own desil; family counts use the family desil.
    5. The cube: one GROUP BY over ``bendera`` plus one over ``kel``.
    """
    aturan = aturan or data.aturan
    acuan = tanggal_acuan or tanggal_hari_ini()
    con = data.con
    program = data.program
    detik: dict[str, float] = {}
    t0 = time.perf_counter()
    p = {k: q("p_" + k) for k in program}
    ada_program = " OR ".join(p.values()) or "false"
    keluarga_program = "".join(f"bool_or({p[k]}) AS {q('k_' + k)}, " for k in program)
    inklusi_baris = (
        " OR ".join(f"({p[k]} AND desil > {int(aturan.program[k].desil_maks)})" for k in program)
        or "false"
    )
    d_eks = int(aturan.desil_eksklusi_maks)
    con.execute("SET preserve_insertion_order = false")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE kel AS
        SELECT kk_key AS kk,
          count(*) AS n,
          min(alamat_kunci) <> max(alamat_kunci) OR min(desa) <> max(desa) AS alamat_beda,
          kk_key < 4611686018427387904::UBIGINT AS kk_ok,
          min(desil) AS desil_kel,
          {keluarga_program}
          coalesce(bool_or({ada_program}), false) AS ada_program,
          coalesce(bool_or({inklusi_baris}), false) AS inklusi,
          min(desil) <= {d_eks} AND NOT coalesce(bool_or({ada_program}), false) AS eksklusi,
          min(tanggal_lahir) FILTER (WHERE hubungan = 0) AS lahir_kepala,
          {_sql_umur_relatif_keluarga(aturan)} AS umur_curiga,
          min(desa) AS desa
        FROM rek GROUP BY kk_key
        """
    )
    detik["keluarga"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    _alamat_ganda(con, data)
    detik["alamat"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    _nik_ganda(con, nik_ganda_luar)
    detik["nik_ganda"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    con.execute(
        "CREATE OR REPLACE TEMP TABLE kel_masalah AS SELECT kk, alamat_ganda, eksklusi, "
        "CASE WHEN umur_curiga THEN lahir_kepala END AS lahir_kepala FROM kel "
        "WHERE alamat_ganda OR eksklusi OR umur_curiga"
    )
    meninggal_penerima = f"coalesce(meninggal AND ({ada_program}), false)"
    pilih_program = "".join(f", {p[k]}" for k in program)
    umur = (
        f"({_sql_umur_mutlak(aturan, acuan)} OR "
        f"{_sql_umur_relatif_baris(aturan, 'km.lahir_kepala')})"
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP VIEW bendera AS
        SELECT _baris, desa, desil,
          nik_num IS NULL AS nik_tidak_valid,
          nik_num IS NOT NULL AND nik_num IN (SELECT nik_num FROM ganda) AS nik_ganda,
          nik_tgl_beda AS nik_tanggal_beda,
          nik_jk_beda,
          nik_wilayah_beda,
          kk_key >= 4611686018427387904::UBIGINT AS kk_tidak_valid,
          coalesce(km.alamat_ganda, false) AS kk_alamat_ganda,
          {umur} AS umur_tidak_wajar,
          {meninggal_penerima} AS meninggal_penerima,
          coalesce({inklusi_baris}, false) AS inklusi,
          coalesce(km.eksklusi, false) AS eksklusi,
          verval_sudah{pilih_program}
        FROM rek r
        LEFT JOIN kel_masalah km ON r.kk_key = km.kk
        """
    )
    detik["bendera"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    kubus = _kubus(con, data, aturan)
    detik["kubus"] = time.perf_counter() - t0
    return HasilCek(data=data, aturan=aturan, tanggal_acuan=acuan, kubus=kubus, detik=detik)


def normalisasi_alamat_sql(teks: str) -> str:
    """SQL: address → upper-case letters and digits only, leading zeros of numbers removed."""
    dasar = f"regexp_replace(upper(coalesce({teks}, '')), '[^A-Z0-9]+', ' ', 'g')"
    nol = f"regexp_replace(' ' || {dasar}, ' 0+([0-9])', ' \\1', 'g')"
    return f"replace({nol}, ' ', '')"


def _alamat_ganda(con: duckdb.DuckDBPyConnection, data: DataBNBA) -> None:
    """Decide ``kel.alamat_ganda`` by re-reading only the families whose raw addresses differ."""
    con.execute("ALTER TABLE kel ADD COLUMN alamat_ganda BOOLEAN DEFAULT false")
    n_calon = con.sql("SELECT count(*) FROM kel WHERE alamat_beda").fetchall()[0][0]
    if not n_calon:
        return
    sumber = data.sumber
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE calon_alamat AS
        SELECT _baris, kk_key AS kk FROM rek
        WHERE kk_key IN (SELECT kk FROM kel WHERE alamat_beda)
        """
    )
    desa = sumber.kolom_wajib("kode_desa")
    alamat = sumber.kolom_wajib("alamat")
    norm_desa = f"replace(replace(CAST({q(desa)} AS VARCHAR), '.', ''), ' ', '')"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE alamat_ganda_kk AS
        SELECT c.kk
        FROM calon_alamat c
        JOIN ({sumber.sql()}) s ON s._baris = c._baris
        GROUP BY c.kk
        HAVING count(DISTINCT {norm_desa} || '|' || {normalisasi_alamat_sql("CAST(s." + q(alamat) + " AS VARCHAR)")}) > 1
        """
    )
    con.execute("UPDATE kel SET alamat_ganda = true WHERE kk IN (SELECT kk FROM alamat_ganda_kk)")


def _nik_ganda(con: duckdb.DuckDBPyConnection, luar: Iterable[int] | None) -> None:
    """Table ``ganda(nik_num)``: 16-digit NIKs on more than one row (numpy sort)."""
    import pyarrow as pa

    nik = con.sql("SELECT nik_num FROM rek WHERE nik_num IS NOT NULL").fetchnumpy()["nik_num"]
    nik = np.asarray(nik, dtype=np.uint64)
    nik.sort()
    sama = nik[1:] == nik[:-1]
    ganda = np.unique(nik[1:][sama])
    if luar is not None:
        ganda = np.union1d(ganda, np.asarray(sorted({int(x) for x in luar}), dtype=np.uint64))
    con.register("ganda_arrow", pa.table({"nik_num": pa.array(ganda, pa.uint64())}))
    con.execute("CREATE OR REPLACE TEMP TABLE ganda AS SELECT nik_num FROM ganda_arrow")
    con.unregister("ganda_arrow")


def _topeng(kolom: list[str]) -> str:
    """SQL: pack boolean columns into one UBIGINT bit mask (bit i = kolom[i])."""
    return (
        " | ".join(f"(coalesce({k}, false)::UBIGINT << {i})" for i, k in enumerate(kolom))
        or "0::UBIGINT"
    )


def _urai(
    tabel: pd.DataFrame, kolom: list[str], turunan: dict[str, tuple[str, list[str]]]
) -> pd.DataFrame:
    """Counts per (desa, desil) from a table of (desa, desil, mask, n).

    ``turunan`` adds columns: name → ("semua"/"tidak_satupun"/"salah_satu", [bits]).
    """
    topeng = tabel["topeng"].to_numpy(dtype=np.uint64)
    n = tabel["n"].to_numpy(dtype=np.int64)
    hasil = {"desa": tabel["desa"].to_numpy(), "desil": tabel["desil"].to_numpy()}
    posisi = {k: i for i, k in enumerate(kolom)}
    for k, i in posisi.items():
        hasil[k] = np.where((topeng >> np.uint64(i)) & np.uint64(1), n, 0)
    for nama, (cara, bit) in turunan.items():
        if cara == "semua":
            hasil[nama] = n
            continue
        m = np.uint64(sum(1 << posisi[b] for b in bit))
        kena = (topeng & m) != 0
        hasil[nama] = np.where(~kena if cara == "tidak_satupun" else kena, n, 0)
    df = pd.DataFrame(hasil)
    return df.groupby(["desa", "desil"], as_index=False, sort=False).sum()


def _kubus(con: duckdb.DuckDBPyConnection, data: DataBNBA, aturan: Aturan) -> pd.DataFrame:
    """The aggregate cube, from a GROUP BY on (desa, desil, bit mask of flags): a handful of
    thousand groups instead of one filtered count per flag over every row."""
    program = data.program
    bit_individu = list(BENDERA) + ["verval_sudah"] + [q("p_" + k) for k in program]
    nama_individu = [f"n_{b}" for b in BENDERA] + ["n_verval_sudah"] + [f"r_{k}" for k in program]
    individu = con.sql(
        f"SELECT desa, desil, {_topeng(bit_individu)} AS topeng, count(*) AS n "
        "FROM bendera GROUP BY ALL"
    ).df()
    individu = _urai(
        individu,
        nama_individu,
        {
            "n_individu": ("semua", []),
            "n_bermasalah": ("salah_satu", [f"n_{b}" for b in BENDERA_KUALITAS]),
            "n_nik_valid": (
                "tidak_satupun",
                ["n_nik_tidak_valid", "n_nik_tanggal_beda", "n_nik_jk_beda"],
            ),
            "n_kk_valid": ("tidak_satupun", ["n_kk_tidak_valid", "n_kk_alamat_ganda"]),
        },
    )
    bit_kel = ["ada_program", "eksklusi", "inklusi", "alamat_ganda", "NOT kk_ok"] + [
        q("k_" + k) for k in program
    ]
    nama_kel = ["k_program", "k_eksklusi", "k_inklusi", "k_kk_alamat_ganda", "k_kk_tidak_valid"] + [
        f"rk_{k}" for k in program
    ]
    keluarga = con.sql(
        f"SELECT desa, desil_kel AS desil, {_topeng(bit_kel)} AS topeng, count(*) AS n "
        "FROM kel GROUP BY ALL"
    ).df()
    jumlah_kel = keluarga.groupby(["desa", "desil"], as_index=False)["n"].sum()
    keluarga = _urai(keluarga, nama_kel, {}).merge(
        jumlah_kel.rename(columns={"n": "n_keluarga"}), on=["desa", "desil"], how="outer"
    )
    kubus = individu.merge(keluarga, on=["desa", "desil"], how="outer")
    kubus = kubus[kubus["desa"].notna()]
    urutan = (
        ["desa", "desil", "n_individu", "n_keluarga"]
        + [f"n_{b}" for b in BENDERA]
        + ["n_bermasalah", "n_nik_valid", "n_kk_valid", "n_verval_sudah"]
        + nama_kel
        + [f"r_{k}" for k in program]
    )
    kubus = kubus[urutan].copy()
    angka = [c for c in kubus.columns if c not in ("desa", "desil")]
    kubus[angka] = kubus[angka].fillna(0).astype("int64")
    kubus.insert(0, "kode_desa", kubus["desa"].astype("int64").astype(str))
    kubus.insert(0, "kode_kecamatan", kubus["kode_desa"].str.slice(0, 6))
    kubus.insert(0, "kode_wilayah", data.kode_wilayah)
    kubus["desil"] = kubus["desil"].astype("int64")
    kubus = kubus.drop(columns=["desa"]).sort_values(["kode_desa", "desil"], ignore_index=True)
    if data.sumber.kolom("status_verval") is None:
        kubus["n_verval_sudah"] = np.nan
    kubus.attrs["program"] = {k: aturan.program[k].model_dump() for k in program}
    return kubus


# --------------------------------------------------------------------------------------------
# Aggregates derived from the cube


def kolom_hitung(kubus: pd.DataFrame) -> list[str]:
    """Additive count columns of a cube."""
    return [c for c in kubus.columns if c.startswith(("n_", "k_", "r_", "rk_"))]


def gabung_kubus(kubus: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate cubes of several partitions (summing rows with the same key)."""
    daftar = [k for k in kubus if len(k)]
    if not daftar:
        raise GalatAnalisis("Tidak ada data untuk digabung.")
    semua = pd.concat(daftar, ignore_index=True)
    kunci = ["kode_wilayah", "kode_kecamatan", "kode_desa", "desil"]
    angka = kolom_hitung(semua)
    verval_nan = semua["n_verval_sudah"].isna().all()
    hasil = semua.groupby(kunci, as_index=False, sort=True)[angka].sum(min_count=1)
    hasil[angka] = hasil[angka].fillna(0).astype("int64")
    if verval_nan:
        hasil["n_verval_sudah"] = np.nan
    program: dict = {}
    for k in daftar:
        program.update(k.attrs.get("program", {}))
    hasil.attrs["program"] = program
    return hasil


def _kelompok(tingkat: str) -> list[str]:
    if tingkat == "desa":
        return ["kode_wilayah", "kode_kecamatan", "kode_desa"]
    if tingkat == "kecamatan":
        return ["kode_wilayah", "kode_kecamatan"]
    if tingkat == "kabupaten":
        return ["kode_wilayah"]
    raise GalatAnalisis(f"Tingkat '{tingkat}' tidak dikenal: pilih desa, kecamatan atau kabupaten.")


def jumlah_per(kubus: pd.DataFrame, tingkat: str) -> pd.DataFrame:
    """Sum the cube's counts over desil to one row per area."""
    kunci = _kelompok(tingkat)
    angka = kolom_hitung(kubus)
    hasil = kubus.groupby(kunci, as_index=False, sort=True)[angka].sum(min_count=1)
    return hasil


def _persen(a: pd.Series, b: pd.Series) -> pd.Series:
    a = a.astype("float64")
    b = b.astype("float64")
    return (100.0 * a / b.where(b > 0)).astype("float64")


def skor_kualitas(
    kubus: pd.DataFrame, aturan: Aturan | None = None, tingkat: str = "desa"
) -> pd.DataFrame:
    """Data-quality components (percent of rows passing) and the weighted score 0–100.

    Components: ``nik_valid`` (16 digits, birth date and sex consistent), ``nik_unik``,
    ``kk_valid`` (16 digits and a single address), ``umur_wajar``,
    ``tanpa_meninggal_penerima``, ``progres_verval`` (dropped, and the weights renormalised,
    when the extract has no verval status). Weights: ``bobot_skor_kualitas`` in aturan.yaml.
    """
    aturan = aturan or muat_aturan()
    t = jumlah_per(kubus, tingkat)
    n = t["n_individu"]
    komponen = pd.DataFrame(
        {
            "nik_valid": _persen(t["n_nik_valid"], n),
            "nik_unik": 100.0 - _persen(t["n_nik_ganda"], n),
            "kk_valid": _persen(t["n_kk_valid"], n),
            "umur_wajar": 100.0 - _persen(t["n_umur_tidak_wajar"], n),
            "tanpa_meninggal_penerima": 100.0 - _persen(t["n_meninggal_penerima"], n),
            "progres_verval": _persen(t["n_verval_sudah"], n),
        }
    )
    bobot = {k: float(v) for k, v in aturan.bobot_skor_kualitas.items() if v > 0}
    dipakai = [k for k in bobot if not komponen[k].isna().all()]
    total = sum(bobot[k] for k in dipakai)
    skor = sum(komponen[k].fillna(0) * bobot[k] for k in dipakai) / total if total else np.nan
    hasil = t[_kelompok(tingkat) + ["n_individu", "n_keluarga", "n_bermasalah"]].copy()
    for k in komponen.columns:
        hasil[f"persen_{k}"] = komponen[k].round(2)
    hasil["skor_kualitas"] = pd.Series(skor, index=hasil.index).where(n > 0).round(1)
    hasil.attrs["komponen"] = dipakai
    return hasil


def ringkasan_kubus(kubus: pd.DataFrame, aturan: Aturan | None = None) -> dict[str, object]:
    """Kab-level totals: people, families, each flag (rows; families for family checks), rates."""
    aturan = aturan or muat_aturan()
    s = kubus[kolom_hitung(kubus)].sum(min_count=1)
    n = int(s["n_individu"])
    hasil: dict[str, object] = {
        "jumlah_baris": n,
        "jumlah_keluarga": int(s["n_keluarga"]),
        "jumlah_kecamatan": int(kubus["kode_kecamatan"].nunique()),
        "jumlah_desa": int(kubus["kode_desa"].nunique()),
        "bendera": {b: int(s[f"n_{b}"]) for b in BENDERA},
        "keluarga": {
            "kk_tidak_valid": int(s["k_kk_tidak_valid"]),
            "kk_alamat_ganda": int(s["k_kk_alamat_ganda"]),
            "inklusi": int(s["k_inklusi"]),
            "eksklusi": int(s["k_eksklusi"]),
        },
        "baris_bermasalah": int(s["n_bermasalah"]),
    }
    hasil.update(indikator_kualitas(kubus))
    return hasil


def indikator_kualitas(kubus: pd.DataFrame) -> dict[str, float]:
    """The four data-quality indicators used by the evaluation report and the ranking.

    - ``progres_verval``: % of rows whose verval status counts as done (NaN without status);
    - ``persen_nik_valid``: % of rows with a 16-digit NIK consistent with birth date and sex;
    - ``persen_duplikat``: % of rows whose NIK is duplicated;
    - ``cakupan_desil1``: % of desil-1 families with at least one programme.
    """
    s = kubus[kolom_hitung(kubus)].sum(min_count=1)
    n = float(s["n_individu"])
    d1 = kubus[kubus["desil"] == 1]
    k1 = float(d1["n_keluarga"].sum())

    def pct(a: float, b: float) -> float:
        return float(round(100.0 * a / b, 2)) if b > 0 and not pd.isna(a) else float("nan")

    return {
        "progres_verval": pct(s["n_verval_sudah"], n),
        "persen_nik_valid": pct(s["n_nik_valid"], n),
        "persen_duplikat": pct(s["n_nik_ganda"], n),
        "cakupan_desil1": pct(float(d1["k_program"].sum()), k1),
    }


# --------------------------------------------------------------------------------------------
# PRIVATE worklist


def daftar_kerja(hasil: HasilCek) -> pd.DataFrame:
    """Every flagged row with identity fields from the source file (PRIVATE)."""
    data = hasil.data
    sumber = data.sumber
    con = hasil.con
    semua = " OR ".join(BENDERA)
    teks = ", ".join(f"CASE WHEN b.{k} THEN {lit(BENDERA[k][1])} END" for k in BENDERA)
    jumlah = " + ".join(f"b.{k}::INTEGER" for k in BENDERA)
    kolom = []
    for kanon in (
        "no_kk",
        "nik",
        "nama",
        "jenis_kelamin",
        "tanggal_lahir",
        "hubungan_keluarga",
        "alamat",
    ):
        s = sumber.kolom(kanon)
        kolom.append(f"CAST(s.{q(s)} AS VARCHAR) AS {kanon}" if s else f"NULL::VARCHAR AS {kanon}")
    prog = []
    for k in data.program:
        prog.append(f"CASE WHEN b.{q('p_' + k)} THEN 'ya' ELSE 'tidak' END AS {q(k)}")
    s_verval = sumber.kolom("status_verval")
    s_mati = sumber.kolom("meninggal")
    sql = f"""
        WITH m AS (SELECT * FROM bendera WHERE {semua}),
        s AS ({sumber.sql()})
        SELECT
          substr(CAST(b.desa AS VARCHAR), 1, 6) AS kode_kecamatan,
          CAST(b.desa AS VARCHAR) AS kode_desa,
          {", ".join(kolom)},
          b.desil,
          {", ".join(prog) + "," if prog else ""}
          {f"CAST(s.{q(s_mati)} AS VARCHAR)" if s_mati else "NULL::VARCHAR"} AS meninggal,
          {f"CAST(s.{q(s_verval)} AS VARCHAR)" if s_verval else "NULL::VARCHAR"} AS status_verval,
          ({jumlah}) AS jumlah_masalah,
          concat_ws('; ', {teks}) AS masalah,
          {", ".join(f"b.{k}" for k in BENDERA)},
          b._baris AS baris_sumber
        FROM m b JOIN s USING (_baris)
        ORDER BY kode_desa, no_kk, b._baris
    """
    df = con.sql(sql).df()
    return df


def tulis_daftar_kerja(hasil: HasilCek, path: str | Path) -> Path:
    """Write the PRIVATE worklist as XLSX, atomically (temporary file, then rename).

    The file name should say it is confidential; :func:`nama_daftar_kerja` gives the standard
    name ``DAFTAR_KERJA_RAHASIA_<kode>.xlsx``. Sheets: ``KETERANGAN`` (warning, meaning of each
    flag) and ``DAFTAR_KERJA`` (one row per flagged record, flags as ``ya``; further sheets when
    above Excel's row limit). NIK and No KK are text cells (no rounding in Excel).
    """
    from analisis.bnba._xlsx import tulis_xlsx

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    df = daftar_kerja(hasil)
    data = hasil.data
    ket: list[list[object]] = [
        [
            (
                "RAHASIA — berisi data pribadi (NIK, nama, alamat). Hanya untuk analis/verval. "
                "JANGAN dipublikasikan atau dibagikan (UU 27/2022 tentang Pelindungan Data Pribadi)."
            )
        ],
        [
            f"Wilayah: {data.nama_wilayah} (BPS {data.kode_wilayah}, Kemendagri {data.kode_kemendagri})"
        ],
        [f"Berkas sumber: {data.berkas}; tanggal acuan umur: {hasil.tanggal_acuan.isoformat()}"],
        [f"Jumlah baris bermasalah: {len(df)}"],
    ]
    if data.sintetis:
        ket.append(["DATA SINTETIS: semua baris bersumber dari generator data sintetis."])
    ket += [[], ["kolom", "tingkat", "arti"]]
    ket += [[k, t, arti] for k, (t, arti) in BENDERA.items()]
    kolom = list(df.columns)
    bendera = set(BENDERA)
    nilai = []
    for k in kolom:
        arr = df[k].to_numpy(dtype=object)
        if k in bendera:
            # numpy's stubs reject None as a fill value; at run time it gives an object array
            arr = np.where(arr.astype(bool), "ya", None)  # type: ignore[call-overload]
        elif k in ("desil", "jumlah_masalah", "baris_sumber"):
            arr = np.array(
                [None if v is None or v != v else int(v) for v in arr],  # noqa: PLR0124 - NaN test on object values
                dtype=object,
            )
        nilai.append(arr)
    batas = 1_000_000
    lembar: list[tuple[str, object, bool]] = [("KETERANGAN", ket, False)]
    for i, mulai in enumerate(range(0, max(len(df), 1), batas), start=1):
        akhir = min(mulai + batas, len(df))

        def baris(mulai: int = mulai, akhir: int = akhir):
            yield kolom
            for r in range(mulai, akhir):
                yield [arr[r] for arr in nilai]

        lembar.append(("DAFTAR_KERJA" if i == 1 else f"DAFTAR_KERJA_{i}", baris(), True))
    fd, tmp = tempfile.mkstemp(prefix=".sementara_", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        tulis_xlsx(
            tmp,
            lembar,  # type: ignore[arg-type]
            judul="RAHASIA - daftar kerja verval BNBA",
            subjek="Berisi data pribadi (UU 27/2022 PDP). Jangan dipublikasikan.",
        )
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def nama_daftar_kerja(kode_wilayah: str) -> str:
    """Standard file name of the private worklist."""
    return f"DAFTAR_KERJA_RAHASIA_{kode_wilayah}.xlsx"


# --------------------------------------------------------------------------------------------


def cek_bnba(
    path: str | Path,
    kode_wilayah: str,
    aturan: Aturan | None = None,
    pemetaan: Pemetaan | None = None,
    tanggal_acuan: date | None = None,
    referensi_desa: Iterable[str] | None = None,
    lembar: str | None = None,
    memori: str | None = None,
    folder_sementara: str | Path | None = None,
) -> HasilCek:
    """Load, validate and check one export in one call (see :func:`periksa`)."""
    con = sambung(memori=memori, folder_sementara=folder_sementara)
    try:
        data = muat_bnba(
            path,
            kode_wilayah,
            con=con,
            pemetaan=pemetaan,
            aturan=aturan,
            referensi_desa=referensi_desa,
            lembar=lembar,
        )
        return periksa(data, aturan, tanggal_acuan)
    except BaseException:
        con.close()
        raise
