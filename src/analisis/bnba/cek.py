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

import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Self

import duckdb
import numpy as np
import pandas as pd

from analisis.bnba.konfigurasi import Aturan, Pemetaan, muat_aturan
from analisis.bnba.skema import DataBNBA, lit, muat_bnba, q, sambung, tanggal_hari_ini
from analisis.bnba.topeng import (
    BIT_BARIS,
    BIT_INKLUSI_KELUARGA,
    BIT_KUBUS,
    bit_program,
    nilai,
    topeng_program,
)
from analisis.bnba.umur import (
    sql_agregat_keluarga,
    sql_curiga_keluarga,
    sql_umur_mutlak,
    sql_umur_relatif_baris,
)
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


@dataclass
class PengukurTahap:
    """Wall seconds (``detik``) and CPU seconds of the whole process, all threads (``cpu``), of
    each named stage. On a machine shared with other work the CPU seconds are the comparable
    figure; a stage that overlaps another thread's work (the duplicate-NIK sort during
    ``keluarga``/``alamat``) carries that work's CPU too."""

    detik: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def tahap(self, nama: str) -> Iterator[None]:
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.detik[nama] = time.perf_counter() - t0
            self.cpu[nama] = time.process_time() - c0


@dataclass
class HasilCek:
    """Result of :func:`periksa`: flags in DuckDB tables plus the aggregate cube.

    The DuckDB tables ``rek`` (typed rows), ``kel`` (families) and ``bendera`` (per-record
    flags) stay in :attr:`con` until :meth:`tutup`. ``detik`` and ``cpu``: wall and CPU
    seconds per stage (:class:`PengukurTahap`).
    """

    data: DataBNBA
    aturan: Aturan
    tanggal_acuan: date
    kubus: pd.DataFrame
    detik: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)

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

    def tulis_daftar_kerja(self, path: str | Path, garam: bytes | None = None) -> Path:
        """Write the PRIVATE worklist XLSX atomically; returns the path written."""
        return tulis_daftar_kerja(self, path, garam)


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

    Steps (DuckDB SQL unless noted; the row-level flags known when reading are already packed
    in ``rek.bit``, see :mod:`analisis.bnba.topeng`):

    1. ``kel``: one row per family (No KK) with few aggregate states: whether the desa+address
       keys differ, family desil (minimum), family desa, the programme bits present (and
       whether some member is an inclusion suspect) and the age prefilter
       (:func:`analisis.bnba.umur.sql_agregat_keluarga`).
    2. Families whose raw addresses differ are re-read from the file and compared again after
       normalising (upper case, letters and digits only, leading zeros of numbers dropped:
       ``"Jl. Mawar No.5, RT 003"`` = ``"JL MAWAR NO 5 RT 3"``); only real differences count.
    3. Duplicate NIKs: the 16-digit NIKs are fetched first and sorted with numpy in two
       threads (value ranges split at a sample median; numpy releases the GIL while sorting)
       WHILE steps 1–2 run in DuckDB; the duplicates go back to DuckDB as a small table. When
       that array would take more than a quarter of DuckDB's memory limit (out-of-core runs
       with ``memori``), DuckDB finds them instead with a GROUP BY that spills to disk
       (:func:`ganda_di_duckdb`).
    4. ``kel_masalah``: the few PROBLEM families (address, exclusion, age suspect) with their
       family mask bits; view ``topeng_baris``: each row's full check mask = its row bits,
       duplicate NIK, the family bits (LEFT JOIN with the problem families only) and the age
       checks; view ``bendera`` decodes it into one boolean per check (the worklist).
    5. The cube: one GROUP BY (desa, desil, mask) over the rows and one over the families; the
       counts per check, including those derived from several bits (deceased recipient,
       inclusion by the row's desil), are decoded in numpy from the few thousand groups.
    """
    aturan = aturan or data.aturan
    acuan = tanggal_acuan or tanggal_hari_ini()
    con = data.con
    ukur = PengukurTahap()
    con.execute("SET preserve_insertion_order = false")
    if ganda_hemat_memori(con, data.jumlah_baris):
        ukur.detik["nik_ambil"] = ukur.cpu["nik_ambil"] = 0.0  # nothing fetched on this path
        _keluarga_dan_alamat(con, data, aturan, ukur)
        with ukur.tahap("nik_ganda"):
            _daftar_ganda(con, ganda_di_duckdb(con), nik_ganda_luar)
    else:
        with ukur.tahap("nik_ambil"):
            nik = _nik_valid(con)
        # The duplicate-NIK sort (numpy, GIL released) overlaps the family passes (DuckDB, GIL
        # released): both fill the cores the other leaves idle in its serial phases.
        with ThreadPoolExecutor(max_workers=1) as ex:
            sortir = ex.submit(ganda_terurut, nik)
            _keluarga_dan_alamat(con, data, aturan, ukur)
            with ukur.tahap("nik_ganda"):
                ganda = sortir.result()
                _daftar_ganda(con, ganda, nik_ganda_luar)
    with ukur.tahap("bendera"):
        _kel_masalah(con, data, aturan)
        _tampilan_bendera(con, data, aturan, acuan)
    with ukur.tahap("kubus"):
        kubus = _kubus(con, data, aturan)
    return HasilCek(
        data=data,
        aturan=aturan,
        tanggal_acuan=acuan,
        kubus=kubus,
        detik=ukur.detik,
        cpu=ukur.cpu,
    )


def _keluarga_dan_alamat(
    con: duckdb.DuckDBPyConnection, data: DataBNBA, aturan: Aturan, ukur: PengukurTahap
) -> None:
    """Steps 1–2 of :func:`periksa` (family table, address re-check), timed into ``ukur``."""
    with ukur.tahap("keluarga"):
        _keluarga(con, data, aturan)
    with ukur.tahap("alamat"):
        _alamat_ganda(con, data)


def _sql_inklusi(data: DataBNBA, aturan: Aturan, topeng: str = "bit") -> str:
    """SQL boolean: a programme flag in ``topeng`` on a row whose desil is above that
    programme's ``desil_maks`` (programmes grouped by threshold: one test per threshold)."""
    bit = bit_program(data.program)
    per_ambang: dict[int, int] = {}
    for k in data.program:
        d = int(aturan.program[k].desil_maks)
        per_ambang[d] = per_ambang.get(d, 0) | nilai(bit[k])
    bagian = [f"({topeng} & {m} <> 0 AND desil > {d})" for d, m in sorted(per_ambang.items())]
    return "(" + " OR ".join(bagian) + ")" if bagian else "false"


def _keluarga(con: duckdb.DuckDBPyConnection, data: DataBNBA, aturan: Aturan) -> None:
    """Table ``kel``: one row per family with only the aggregate states the checks need."""
    pm = topeng_program(data.program)
    umur = sql_agregat_keluarga(aturan)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE kel AS
        SELECT kk_key AS kk,
          min(alamat_kunci) <> max(alamat_kunci) AS alamat_beda,
          min(desil) AS desil_kel,
          min(desa) AS desa,
          bit_or((bit & {pm}::UINTEGER)
            | CASE WHEN {_sql_inklusi(data, aturan)} THEN {nilai(BIT_INKLUSI_KELUARGA)}::UINTEGER
              ELSE 0::UINTEGER END) AS pb,
          {umur["lahir_kepala"]} AS lahir_kepala,
          {umur["muda"]} AS muda,
          {umur["tua"]} AS tua
        FROM rek GROUP BY kk_key
        """
    )


def _kel_masalah(con: duckdb.DuckDBPyConnection, data: DataBNBA, aturan: Aturan) -> None:
    """Table ``kel_masalah``: the families with an address, exclusion or age problem, with
    their family bits (``topeng_kel``) and the head's birth date for the exact age test."""
    pm = topeng_program(data.program)
    d_eks = int(aturan.desil_eksklusi_maks)
    eksklusi = f"(desil_kel <= {d_eks} AND pb & {pm} = 0)"
    curiga = sql_curiga_keluarga()
    a, e = nilai(BIT_KUBUS["kk_alamat_ganda"]), nilai(BIT_KUBUS["eksklusi"])
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE kel_masalah AS
        SELECT kk,
          (CASE WHEN alamat_beda AND kk IN (SELECT kk FROM alamat_ganda_kk) THEN {a}::UBIGINT
                ELSE 0::UBIGINT END
           | CASE WHEN {eksklusi} THEN {e}::UBIGINT ELSE 0::UBIGINT END) AS topeng_kel,
          CASE WHEN {curiga} THEN lahir_kepala END AS lahir_kepala
        FROM kel
        WHERE alamat_beda OR {eksklusi} OR {curiga}
        """
    )


def _tampilan_bendera(
    con: duckdb.DuckDBPyConnection, data: DataBNBA, aturan: Aturan, acuan: date
) -> None:
    """Views ``topeng_baris`` (each row's check mask) and ``bendera`` (one boolean per check)."""
    g, u = nilai(BIT_KUBUS["nik_ganda"]), nilai(BIT_KUBUS["umur_tidak_wajar"])
    umur = (
        f"({sql_umur_mutlak(con, aturan, acuan)} OR "
        f"{sql_umur_relatif_baris(aturan, 'km.lahir_kepala')})"
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP VIEW topeng_baris AS
        SELECT r._baris, r.desa, r.desil,
          r.bit::UBIGINT
          | CASE WHEN r.nik_num IN (SELECT nik_num FROM ganda) THEN {g}::UBIGINT
                 ELSE 0::UBIGINT END
          | coalesce(km.topeng_kel, 0::UBIGINT)
          | CASE WHEN {umur} THEN {u}::UBIGINT ELSE 0::UBIGINT END AS topeng
        FROM rek r
        LEFT JOIN kel_masalah km ON r.kk_key = km.kk
        """
    )
    bit = _bit_bendera()
    pm = topeng_program(data.program)
    kolom = []
    for k in BENDERA:
        if k == "meninggal_penerima":
            kolom.append(
                f"(topeng & {nilai(BIT_BARIS['meninggal'])} <> 0 AND topeng & {pm} <> 0) AS {k}"
            )
        elif k == "inklusi":
            kolom.append(f"{_sql_inklusi(data, aturan, 'topeng')} AS {k}")
        else:
            kolom.append(f"topeng & {nilai(bit[k])} <> 0 AS {k}")
    kolom.append(f"topeng & {nilai(BIT_BARIS['verval_sudah'])} <> 0 AS verval_sudah")
    kolom += [
        f"topeng & {nilai(b)} <> 0 AS {q('p_' + k)}" for k, b in bit_program(data.program).items()
    ]
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW bendera AS SELECT _baris, desa, desil, {', '.join(kolom)} "
        "FROM topeng_baris"
    )


def _bit_bendera() -> dict[str, int]:
    """Mask bit of every check that is one bit (all but deceased recipient and inclusion)."""
    return {**{k: b for k, b in BIT_BARIS.items() if k in BENDERA}, **BIT_KUBUS}


def normalisasi_alamat_sql(teks: str) -> str:
    """SQL: address → upper-case letters and digits only, leading zeros of numbers removed."""
    dasar = f"regexp_replace(upper(coalesce({teks}, '')), '[^A-Z0-9]+', ' ', 'g')"
    nol = f"regexp_replace(' ' || {dasar}, ' 0+([0-9])', ' \\1', 'g')"
    return f"replace({nol}, ' ', '')"


def _alamat_ganda(con: duckdb.DuckDBPyConnection, data: DataBNBA) -> None:
    """Table ``alamat_ganda_kk``: families whose rows really differ in desa or address, found by
    re-reading only the families whose raw keys differ (``kel.alamat_beda``); from Parquet only
    those rows are read (:meth:`~analisis.bnba.skema.SumberBNBA.sql_baris_terpilih`)."""
    con.execute("CREATE OR REPLACE TEMP TABLE alamat_ganda_kk (kk UBIGINT)")
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
    norm_alamat = normalisasi_alamat_sql("CAST(s." + q(alamat) + " AS VARCHAR)")
    con.execute(
        f"""
        INSERT INTO alamat_ganda_kk
        SELECT c.kk
        FROM calon_alamat c
        JOIN ({sumber.sql_baris_terpilih("SELECT _baris FROM calon_alamat")}) s
          ON s._baris = c._baris
        GROUP BY c.kk
        HAVING count(DISTINCT {norm_desa} || '|' || {norm_alamat}) > 1
        """
    )


def _nik_valid(con: duckdb.DuckDBPyConnection) -> np.ndarray:
    """The 16-digit NIKs of ``rek`` as a uint64 array (row order irrelevant)."""
    nik = con.sql("SELECT nik_num FROM rek WHERE nik_num IS NOT NULL").fetchnumpy()["nik_num"]
    return np.asarray(nik, dtype=np.uint64)


#: Bytes per valid NIK the numpy duplicate sort holds at its peak (the fetched array and its two
#: sorted halves).
BYTE_PER_NIK_NUMPY = 16

_SATUAN_MEMORI = {
    "bytes": 1,
    "KB": 10**3,
    "MB": 10**6,
    "GB": 10**9,
    "TB": 10**12,
    "KiB": 2**10,
    "MiB": 2**20,
    "GiB": 2**30,
    "TiB": 2**40,
    "PiB": 2**50,
}


def batas_memori_duckdb(con: duckdb.DuckDBPyConnection) -> int | None:
    """DuckDB's ``memory_limit`` in bytes (``None`` when it cannot be read as a size)."""
    teks = str(con.sql("SELECT current_setting('memory_limit')").fetchall()[0][0]).strip()
    angka, _, satuan = teks.partition(" ")
    try:
        return int(float(angka) * _SATUAN_MEMORI[satuan or "bytes"])
    except (KeyError, ValueError):
        return None


def ganda_hemat_memori(con: duckdb.DuckDBPyConnection, jumlah_baris: int) -> bool:
    """Whether the duplicate NIKs are found in DuckDB rather than with the numpy sort: when the
    sort would hold more than a quarter of DuckDB's memory limit (DuckDB's own memory is
    bounded by that limit and spills to disk; the numpy arrays are not)."""
    batas = batas_memori_duckdb(con)
    return batas is not None and jumlah_baris * BYTE_PER_NIK_NUMPY > batas // 4


def ganda_di_duckdb(con: duckdb.DuckDBPyConnection) -> np.ndarray:
    """Sorted distinct 16-digit NIKs of ``rek`` occurring more than once, by a DuckDB GROUP BY
    (within the memory limit, spilling to disk; slower than :func:`ganda_terurut`)."""
    ganda = con.sql(
        "SELECT nik_num FROM rek WHERE nik_num IS NOT NULL GROUP BY nik_num "
        "HAVING count(*) > 1 ORDER BY nik_num"
    ).fetchnumpy()["nik_num"]
    return np.asarray(ganda, dtype=np.uint64)


def _daftar_ganda(
    con: duckdb.DuckDBPyConnection, ganda: np.ndarray, luar: Iterable[int] | None
) -> None:
    """Table ``ganda(nik_num)`` from the sorted duplicates, plus those known from ``luar``."""
    import pyarrow as pa

    if luar is not None:
        ganda = np.union1d(ganda, np.asarray(sorted({int(x) for x in luar}), dtype=np.uint64))
    con.register("ganda_arrow", pa.table({"nik_num": pa.array(ganda, pa.uint64())}))
    con.execute("CREATE OR REPLACE TEMP TABLE ganda AS SELECT nik_num FROM ganda_arrow")
    con.unregister("ganda_arrow")


def ganda_terurut(nilai_: np.ndarray, utas: int = 2) -> np.ndarray:
    """Sorted distinct values occurring more than once (the array is reordered in place).

    The values are split into ``utas`` ranges at sample quantiles and each range is sorted in
    its own thread (numpy's sort releases the GIL); equal values always fall in one range.
    """
    if len(nilai_) < 2:
        return np.empty(0, dtype=nilai_.dtype)

    def satu(bagian: np.ndarray) -> np.ndarray:
        bagian.sort()
        return np.unique(bagian[1:][bagian[1:] == bagian[:-1]])

    if utas <= 1 or len(nilai_) < 1_000_000:
        return satu(nilai_)

    sampel = np.sort(nilai_[:: max(1, len(nilai_) // 10_000)])
    batas = [sampel[len(sampel) * i // utas] for i in range(1, utas)]
    if utas == 2:
        # One vectorised comparison: far cheaper than searchsorted plus a mask per range.
        kiri = nilai_ < batas[0]
        bagian = [nilai_[kiri], nilai_[~kiri]]
    else:
        tempat = np.searchsorted(np.asarray(batas, dtype=nilai_.dtype), nilai_, side="right")
        bagian = [nilai_[tempat == i] for i in range(utas)]
    with ThreadPoolExecutor(max_workers=utas) as ex:
        hasil = list(ex.map(satu, bagian))
    return np.concatenate(hasil)


def _urai(
    tabel: pd.DataFrame, kolom: dict[str, int], turunan: dict[str, np.ndarray] | None = None
) -> pd.DataFrame:
    """Counts per (desa, desil) from a table of (desa, desil, mask, n).

    ``kolom``: output column → mask (count rows whose mask has any of those bits);
    ``turunan``: output column → boolean array over the table rows (derived conditions).
    """
    topeng = tabel["topeng"].to_numpy(dtype=np.uint64)
    n = tabel["n"].to_numpy(dtype=np.int64)
    hasil: dict[str, np.ndarray] = {
        "desa": tabel["desa"].to_numpy(),
        "desil": tabel["desil"].to_numpy(),
    }
    for nama, m in kolom.items():
        hasil[nama] = np.where((topeng & np.uint64(m)) != 0, n, 0)
    for nama, kena in (turunan or {}).items():
        hasil[nama] = np.where(kena, n, 0)
    df = pd.DataFrame(hasil)
    return df.groupby(["desa", "desil"], as_index=False, sort=False).sum()


def _kubus(con: duckdb.DuckDBPyConnection, data: DataBNBA, aturan: Aturan) -> pd.DataFrame:
    """The aggregate cube, from a GROUP BY on (desa, desil, check mask): a few thousand groups
    instead of one filtered count per check over every row."""
    program = data.program
    bitp = bit_program(program)
    pm = np.uint64(topeng_program(program))
    bit = _bit_bendera()
    individu = con.sql(
        "SELECT desa, desil, topeng, count(*) AS n FROM topeng_baris GROUP BY ALL"
    ).df()
    t = individu["topeng"].to_numpy(dtype=np.uint64)
    desil = individu["desil"].to_numpy(dtype=np.int64)
    ada = {k: (t & np.uint64(nilai(b))) != 0 for k, b in bit.items()}
    ada["meninggal_penerima"] = ((t & np.uint64(nilai(BIT_BARIS["meninggal"]))) != 0) & (
        (t & pm) != 0
    )
    inklusi = np.zeros(len(t), dtype=bool)
    for k in program:
        inklusi |= ((t & np.uint64(nilai(bitp[k]))) != 0) & (
            desil > int(aturan.program[k].desil_maks)
        )
    ada["inklusi"] = inklusi
    turunan = {f"n_{b}": ada[b] for b in BENDERA}
    turunan["n_bermasalah"] = np.logical_or.reduce([ada[b] for b in BENDERA_KUALITAS])
    turunan["n_nik_valid"] = ~(
        ada["nik_tidak_valid"] | ada["nik_tanggal_beda"] | ada["nik_jk_beda"]
    )
    turunan["n_kk_valid"] = ~(ada["kk_tidak_valid"] | ada["kk_alamat_ganda"])
    kolom_individu = {"n_verval_sudah": nilai(BIT_BARIS["verval_sudah"])}
    kolom_individu.update({f"r_{k}": nilai(b) for k, b in bitp.items()})
    individu = _urai(individu, kolom_individu, {"n_individu": np.ones(len(t), bool), **turunan})

    keluarga = con.sql(
        f"""
        SELECT k.desa, k.desil_kel AS desil,
          k.pb::UBIGINT | coalesce(km.topeng_kel, 0::UBIGINT)
          | CASE WHEN k.kk >= 4611686018427387904::UBIGINT THEN {nilai(BIT_BARIS["kk_tidak_valid"])}::UBIGINT
                 ELSE 0::UBIGINT END AS topeng,
          count(*) AS n
        FROM kel k LEFT JOIN kel_masalah km ON k.kk = km.kk
        GROUP BY ALL
        """
    ).df()
    kolom_kel = {
        "k_program": int(pm),
        "k_eksklusi": nilai(BIT_KUBUS["eksklusi"]),
        "k_inklusi": nilai(BIT_INKLUSI_KELUARGA),
        "k_kk_alamat_ganda": nilai(BIT_KUBUS["kk_alamat_ganda"]),
        "k_kk_tidak_valid": nilai(BIT_BARIS["kk_tidak_valid"]),
    }
    kolom_kel.update({f"rk_{k}": nilai(b) for k, b in bitp.items()})
    keluarga = _urai(keluarga, kolom_kel, {"n_keluarga": np.ones(len(keluarga), bool)})
    kubus = individu.merge(keluarga, on=["desa", "desil"], how="outer")
    kubus = kubus[kubus["desa"].notna()]
    urutan = (
        ["desa", "desil", "n_individu", "n_keluarga"]
        + [f"n_{b}" for b in BENDERA]
        + ["n_bermasalah", "n_nik_valid", "n_kk_valid", "n_verval_sudah"]
        + list(kolom_kel)
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
    """Every flagged row with identity fields from the source file (PRIVATE); from Parquet
    only the flagged rows are read (:meth:`~analisis.bnba.skema.SumberBNBA.sql_baris_terpilih`)."""
    return hasil.con.sql(_sql_daftar_kerja(hasil)).df()


#: Rows per chunk when the worklist is written (:func:`tulis_daftar_kerja`).
BARIS_PER_POTONGAN_DAFTAR = 100_000


def _potongan_daftar_kerja(hasil: HasilCek, baris: int) -> tuple[list[str], Iterator[pd.DataFrame]]:
    """The worklist's columns and its rows in order, ``baris`` at a time (DuckDB streams the
    sorted result; a 100M-row extract flags millions of rows, too many for one frame)."""
    con = hasil.con
    pembaca = con.sql(_sql_daftar_kerja(hasil)).to_arrow_reader(baris)

    def potongan() -> Iterator[pd.DataFrame]:
        for batch in pembaca:
            yield batch.to_pandas()

    return list(pembaca.schema.names), potongan()


def _sql_daftar_kerja(hasil: HasilCek) -> str:
    data = hasil.data
    sumber = data.sumber
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
        WITH m AS MATERIALIZED (SELECT * FROM bendera WHERE {semua}),
        s AS ({sumber.sql_baris_terpilih("SELECT _baris FROM m")})
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
    return sql


def tulis_daftar_kerja(hasil: HasilCek, path: str | Path, garam: bytes | None = None) -> Path:
    """Write the PRIVATE worklist as XLSX, atomically and readable by the owner only.

    The file name should say it is confidential; :func:`nama_daftar_kerja` gives the standard
    name ``DAFTAR_KERJA_RAHASIA_<kode>.xlsx``. Sheets: ``KETERANGAN`` (warning, meaning of each
    flag) and ``DAFTAR_KERJA`` (one row per flagged record, flags as ``ya``; further sheets when
    above Excel's row limit). NIK and No KK are text cells (no rounding in Excel), or
    pseudonymised keys when ``garam`` is given (:mod:`analisis.bnba.pseudonim`).
    """
    from analisis.bnba.daftar_rahasia import tulis_daftar_rahasia_bertahap

    jumlah = _jumlah_baris_bermasalah(hasil)
    kolom, potongan = _potongan_daftar_kerja(hasil, BARIS_PER_POTONGAN_DAFTAR)
    data = hasil.data
    ket: list[list[object]] = [
        [
            (
                f"Wilayah: {data.nama_wilayah} (BPS {data.kode_wilayah}, Kemendagri "
                f"{data.kode_kemendagri})"
            )
        ],
        [f"Berkas sumber: {data.berkas}; tanggal acuan umur: {hasil.tanggal_acuan.isoformat()}"],
        [f"Jumlah baris bermasalah: {jumlah}"],
    ]
    if data.sintetis:
        ket.append(["DATA SINTETIS: semua baris bersumber dari generator data sintetis."])
    ket += [[], ["kolom", "tingkat", "arti"]]
    ket += [[k, t, arti] for k, (t, arti) in BENDERA.items()]
    return tulis_daftar_rahasia_bertahap(
        path,
        kolom,
        jumlah,
        potongan,
        ket,
        "DAFTAR_KERJA",
        "daftar kerja verval BNBA",
        ya_tidak=list(BENDERA),
        bulat=["desil", "jumlah_masalah", "baris_sumber"],
        garam=garam,
    )


def _jumlah_baris_bermasalah(hasil: HasilCek) -> int:
    semua = " OR ".join(BENDERA)
    return int(hasil.con.sql(f"SELECT count(*) FROM bendera WHERE {semua}").fetchall()[0][0])


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
    tolak_rusak: bool = True,
    con: duckdb.DuckDBPyConnection | None = None,
) -> HasilCek:
    """Load, validate and check one export in one call (see :func:`periksa`).

    ``tolak_rusak``: refuse a file whose defect hits (almost) every row
    (:func:`analisis.bnba.diagnosa.tolak_berkas_rusak`) instead of reporting it row by row.
    ``con``: the connection that holds the check's tables (closed by :meth:`HasilCek.tutup`),
    e.g. a cursor of a database the caller keeps for several small checks one after the
    other (starting a DuckDB database costs more than checking a few thousand rows); default:
    a new database. The check's tables are temporary, so cursors of one database do not
    see each other's; its settings (``memori``, ``folder_sementara``, insertion order) are
    the database's, so checks sharing one must not run at the same time.
    """
    from analisis.bnba.diagnosa import tolak_berkas_rusak

    con = sambung(con=con, memori=memori, folder_sementara=folder_sementara)
    try:
        ukur = PengukurTahap()
        with ukur.tahap("muat"):
            data = muat_bnba(
                path,
                kode_wilayah,
                con=con,
                pemetaan=pemetaan,
                aturan=aturan,
                referensi_desa=referensi_desa,
                lembar=lembar,
            )
        hasil = periksa(data, aturan, tanggal_acuan)
        hasil.detik = {**ukur.detik, **hasil.detik}
        hasil.cpu = {**ukur.cpu, **hasil.cpu}
        if tolak_rusak:
            tolak_berkas_rusak(hasil)
        return hasil
    except BaseException:
        con.close()
        raise
