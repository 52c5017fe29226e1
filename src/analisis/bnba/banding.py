"""Quarterly extreme-poverty progress from two extracts of one region (Inpres 4/2022 reporting).

DTSEN is updated every quarter and regions report extreme-poverty progress to the province and
the centre every quarter. :func:`banding_triwulan` compares the extracts of quarter t−1
(``lama``) and t (``baru``) of one kabupaten/kota: both are read and checked like ``bnba cek``,
persons are followed from one quarter to the next, and every movement is counted per desa,
kecamatan and kabupaten.

Following a person:

1. by NIK, among the NIKs that are 16 digits and used once in BOTH quarters;
2. the rest (valid, unique NIK, not found in the other quarter) by No KK + birth date + sex +
   name (upper case, single spaces), when that key is unique in both quarters: a person found
   this way has a CORRECTED NIK (``ganti_nik``);
3. rows whose NIK is invalid or used more than once cannot be followed
   (``tidak_dapat_dicocokkan``, counted per quarter and never guessed).

Movements (persons; families counted as distinct No KK of quarter t, or of t−1 for those who
left):

=========================  ===============================================================
``masuk_desil1``           family desil ≠ 1 in t−1, = 1 in t
``keluar_desil1``          family desil = 1 in t−1, ≠ 1 in t
``masuk_desil_1_k``        family desil > k in t−1, ≤ k in t (k = ``desil_k``, default 4)
``keluar_desil_1_k``       family desil ≤ k in t−1, > k in t
``pindah_masuk``           living in another desa of the region in t−1 (counted in the new
                           desa); ``pindah_keluar`` the same counted in the old desa
``meninggal``              deceased flag 0 in t−1, 1 in t
``baru``                   in t only (births, new registrations); a family is new when none
                           of its members was in t−1
``tidak_lagi_terdaftar``   in t−1 only; a family when none of its members is in t
``ganti_nik``              followed by step 2 (NIK changed)
``ganti_kk``               a different (valid) No KK in t
=========================  ===============================================================

Also per area and quarter: families of desil 1 and the share of them with at least one
programme (``cakupan_desil1_lama``/``_baru``). Everything per person stays in
:attr:`HasilBanding.individu` (PRIVATE: the movement list for the RAHASIA folder); published
tables go through :mod:`analisis.bnba.kendali_ungkap` (:func:`tabel_publik_banding`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from analisis.bnba.cek import HasilCek, cek_bnba
from analisis.bnba.kendali_ungkap import KendaliUngkap
from analisis.bnba.konfigurasi import (
    Aturan,
    Pemetaan,
    Privasi,
    muat_pemetaan,
    muat_privasi,
    normalisasi_nilai,
)
from analisis.bnba.skema import KK_KUNCI_TIDAK_SAH, q
from analisis.bnba.topeng import BIT_BARIS, nilai
from analisis.galat import GalatAnalisis

KATEGORI = (
    "masuk_desil1",
    "keluar_desil1",
    "masuk_desil_1_k",
    "keluar_desil_1_k",
    "pindah_masuk",
    "pindah_keluar",
    "meninggal",
    "baru",
    "tidak_lagi_terdaftar",
    "ganti_nik",
    "ganti_kk",
)
#: Indonesian labels of the movements (published tables and the XLSX quarterly table).
LABEL_KATEGORI = {
    "masuk_desil1": "masuk desil 1",
    "keluar_desil1": "keluar dari desil 1",
    "masuk_desil_1_k": "masuk desil 1–{k}",
    "keluar_desil_1_k": "keluar dari desil 1–{k}",
    "pindah_masuk": "pindah masuk dari desa lain",
    "pindah_keluar": "pindah ke desa lain",
    "meninggal": "meninggal",
    "baru": "baru terdaftar",
    "tidak_lagi_terdaftar": "tidak lagi terdaftar",
    "ganti_nik": "NIK berubah",
    "ganti_kk": "No KK berubah",
}
_KK_SAH = KK_KUNCI_TIDAK_SAH  # kk_key below it is a 16-digit No KK


@dataclass
class HasilBanding:
    """Result of :func:`banding_triwulan`."""

    kode_wilayah: str
    nama_wilayah: str
    kode_kemendagri: str
    desil_k: int
    berkas_lama: str
    berkas_baru: str
    tanggal_acuan_lama: date
    tanggal_acuan_baru: date
    sintetis: bool
    #: PRIVATE: one row per person with a movement (identity columns included); empty (no
    #: rows, no columns) when compared for publication only (``daftar_pribadi=False``).
    individu: pd.DataFrame
    #: Unsuppressed counts per (kode_kecamatan, kode_desa): ``<kategori>_individu``,
    #: ``<kategori>_keluarga``, desil-1 families and those covered, per quarter.
    per_desa: pd.DataFrame
    tidak_dapat_dicocokkan: dict[str, int]
    jumlah_baris: dict[str, int]
    catatan: list[str] = field(default_factory=list)

    def total(self) -> dict[str, dict[str, int]]:
        """Kabupaten totals per movement (persons and families), unsuppressed."""
        s = self.per_desa.sum(numeric_only=True)
        return {
            k: {"individu": int(s[f"{k}_individu"]), "keluarga": int(s[f"{k}_keluarga"])}
            for k in KATEGORI
        }


def _tabel_orang(h: HasilCek) -> pa.Table:
    """Per row: keys for following persons, family desil, deceased flag, desa (Arrow)."""
    men = nilai(BIT_BARIS["meninggal"])
    return h.con.sql(
        f"""
        SELECT r._baris, r.nik_num, r.kk_key, r.desa, r.tanggal_lahir,
          (r.bit & {men}) <> 0 AS meninggal, k.desil_kel,
          r.nik_num IS NOT NULL AND r.nik_num NOT IN (SELECT nik_num FROM ganda) AS bisa
        FROM rek r JOIN kel k ON r.kk_key = k.kk
        """
    ).to_arrow_table()


def _kunci_kedua(h: HasilCek, baris: np.ndarray, pemetaan: Pemetaan) -> pd.DataFrame:
    """``_baris`` → (sex, normalised name) from the source, for the rows to follow by step 2."""
    sumber = h.data.sumber
    nama = sumber.kolom("nama")
    jk = sumber.kolom_wajib("jenis_kelamin")
    h.con.register("baris_cari", pa.table({"_baris": pa.array(baris, pa.uint32())}))
    try:
        kolom_nama = f"CAST({q(nama)} AS VARCHAR)" if nama else "NULL::VARCHAR"
        df = h.con.sql(
            f"SELECT s._baris, CAST(s.{q(jk)} AS VARCHAR) AS jk, {kolom_nama} AS nama "
            f"FROM ({sumber.sql()}) s WHERE s._baris IN (SELECT _baris FROM baris_cari)"
        ).df()
    finally:
        h.con.unregister("baris_cari")
    peta = {
        normalisasi_nilai(a): kanon
        for kanon, alias in pemetaan.nilai["jenis_kelamin"].items()
        for a in [*alias, kanon]
    }
    df["jk"] = df["jk"].map(lambda v: peta.get(normalisasi_nilai(v)))
    df["nama"] = df["nama"].map(lambda v: " ".join(str(v).upper().split()) if v else None)
    return df


def banding_triwulan(
    lama: str | Path,
    baru: str | Path,
    kode_wilayah: str,
    desil_k: int = 4,
    tanggal_acuan_lama: date | None = None,
    tanggal_acuan_baru: date | None = None,
    aturan: Aturan | None = None,
    pemetaan: Pemetaan | None = None,
    memori: str | None = None,
) -> HasilBanding:
    """Compare the extracts of quarter t−1 (``lama``) and t (``baru``) of one region.

    Both files are read, validated and checked like ``bnba cek`` (an invalid file stops the
    comparison with its Indonesian message). See the module documentation for the rules.
    """
    _desil_k_sah(desil_k)
    h_lama = cek_bnba(lama, kode_wilayah, aturan, pemetaan, tanggal_acuan_lama, memori=memori)
    try:
        h_baru = cek_bnba(baru, kode_wilayah, aturan, pemetaan, tanggal_acuan_baru, memori=memori)
        try:
            return banding_cek(h_lama, h_baru, desil_k, pemetaan)
        finally:
            h_baru.tutup()
    finally:
        h_lama.tutup()


def banding_cek(
    h_lama: HasilCek,
    h_baru: HasilCek,
    desil_k: int = 4,
    pemetaan: Pemetaan | None = None,
    daftar_pribadi: bool = True,
) -> HasilBanding:
    """:func:`banding_triwulan` on two extracts already checked with
    :func:`~analisis.bnba.cek.cek_bnba` (quarter t−1 and t), e.g. when the caller also
    publishes the check of quarter t: each extract is then read and checked once. The caller
    keeps ownership of both results (they stay open). ``daftar_pribadi=False``: for
    publication only, the private person-level list (:attr:`HasilBanding.individu`) is not
    built (no identity column is read)."""
    _desil_k_sah(desil_k)
    return _bandingkan(h_lama, h_baru, int(desil_k), pemetaan or muat_pemetaan(), daftar_pribadi)


def _desil_k_sah(desil_k: int) -> None:
    if not 1 <= int(desil_k) <= 10:
        raise GalatAnalisis("desil_k harus antara 1 dan 10.")


def _bandingkan(
    h_lama: HasilCek, h_baru: HasilCek, k: int, pemetaan: Pemetaan, daftar_pribadi: bool = True
) -> HasilBanding:
    con = duckdb.connect()
    try:
        con.register("l_arrow", _tabel_orang(h_lama))
        con.register("b_arrow", _tabel_orang(h_baru))
        con.execute("CREATE TEMP TABLE l AS SELECT * FROM l_arrow")
        con.execute("CREATE TEMP TABLE b AS SELECT * FROM b_arrow")
        con.unregister("l_arrow")
        con.unregister("b_arrow")
        # 1. by NIK
        con.execute(
            """
            CREATE TEMP TABLE pasangan AS
            SELECT l._baris AS baris_lama, b._baris AS baris_baru, false AS ganti_nik
            FROM l JOIN b ON l.nik_num = b.nik_num WHERE l.bisa AND b.bisa
            """
        )
        # 2. the rest by No KK + birth date + sex + name, unique on both sides
        sisa_l = con.sql(
            "SELECT _baris FROM l WHERE bisa AND _baris NOT IN (SELECT baris_lama FROM pasangan)"
        ).fetchnumpy()["_baris"]
        sisa_b = con.sql(
            "SELECT _baris FROM b WHERE bisa AND _baris NOT IN (SELECT baris_baru FROM pasangan)"
        ).fetchnumpy()["_baris"]
        if len(sisa_l) and len(sisa_b):
            con.register("kl", _kunci_kedua(h_lama, np.asarray(sisa_l), pemetaan))
            con.register("kb", _kunci_kedua(h_baru, np.asarray(sisa_b), pemetaan))
            con.execute(
                f"""
                INSERT INTO pasangan
                WITH a AS (
                  SELECT l._baris, l.kk_key, l.tanggal_lahir, kl.jk, kl.nama FROM l
                  JOIN kl ON l._baris = kl._baris
                  WHERE l.kk_key < {_KK_SAH} AND kl.jk IS NOT NULL AND kl.nama IS NOT NULL
                  QUALIFY count(*) OVER (PARTITION BY l.kk_key, l.tanggal_lahir, kl.jk, kl.nama) = 1
                ), c AS (
                  SELECT b._baris, b.kk_key, b.tanggal_lahir, kb.jk, kb.nama FROM b
                  JOIN kb ON b._baris = kb._baris
                  WHERE b.kk_key < {_KK_SAH} AND kb.jk IS NOT NULL AND kb.nama IS NOT NULL
                  QUALIFY count(*) OVER (PARTITION BY b.kk_key, b.tanggal_lahir, kb.jk, kb.nama) = 1
                )
                SELECT a._baris, c._baris, true FROM a
                JOIN c USING (kk_key, tanggal_lahir, jk, nama)
                """
            )
        orang = _peristiwa(con, k)
        per_desa = _per_desa(con, orang, h_lama, h_baru)
        tidak = con.sql(
            "SELECT (SELECT count(*) FROM l WHERE NOT bisa), (SELECT count(*) FROM b WHERE NOT bisa)"
        ).fetchall()[0]
        individu = _daftar_pribadi(orang, h_lama, h_baru, k) if daftar_pribadi else pd.DataFrame()
    finally:
        con.close()
    d = h_baru.data
    return HasilBanding(
        kode_wilayah=d.kode_wilayah,
        nama_wilayah=d.nama_wilayah,
        kode_kemendagri=d.kode_kemendagri,
        desil_k=k,
        berkas_lama=h_lama.data.berkas,
        berkas_baru=d.berkas,
        tanggal_acuan_lama=h_lama.tanggal_acuan,
        tanggal_acuan_baru=h_baru.tanggal_acuan,
        sintetis=bool(h_lama.data.sintetis and d.sintetis),
        individu=individu,
        per_desa=per_desa,
        tidak_dapat_dicocokkan={"lama": int(tidak[0]), "baru": int(tidak[1])},
        jumlah_baris={"lama": h_lama.data.jumlah_baris, "baru": d.jumlah_baris},
    )


def _peristiwa(con: duckdb.DuckDBPyConnection, k: int) -> pd.DataFrame:
    """One row per followed, new or leaving person with a flag per movement."""
    return con.sql(
        f"""
        SELECT p.baris_lama, p.baris_baru,
          l.desa AS desa_lama, b.desa AS desa_baru, l.kk_key AS kk_lama, b.kk_key AS kk_baru,
          l.desil_kel AS desil_lama, b.desil_kel AS desil_baru,
          l.desil_kel <> 1 AND b.desil_kel = 1 AS masuk_desil1,
          l.desil_kel = 1 AND b.desil_kel <> 1 AS keluar_desil1,
          l.desil_kel > {k} AND b.desil_kel <= {k} AS masuk_desil_1_k,
          l.desil_kel <= {k} AND b.desil_kel > {k} AS keluar_desil_1_k,
          l.desa <> b.desa AS pindah,
          NOT l.meninggal AND b.meninggal AS meninggal,
          false AS baru, false AS tidak_lagi_terdaftar,
          p.ganti_nik,
          l.kk_key < {_KK_SAH} AND b.kk_key < {_KK_SAH} AND l.kk_key <> b.kk_key AS ganti_kk
        FROM pasangan p JOIN l ON l._baris = p.baris_lama JOIN b ON b._baris = p.baris_baru
        UNION ALL
        SELECT NULL, b._baris, NULL, b.desa, NULL, b.kk_key, NULL, b.desil_kel,
          false, false, false, false, false, false, true, false, false, false
        FROM b WHERE b.bisa AND b._baris NOT IN (SELECT baris_baru FROM pasangan)
        UNION ALL
        SELECT l._baris, NULL, l.desa, NULL, l.kk_key, NULL, l.desil_kel, NULL,
          false, false, false, false, false, false, false, true, false, false
        FROM l WHERE l.bisa AND l._baris NOT IN (SELECT baris_lama FROM pasangan)
        """
    ).df()


def _per_desa(
    con: duckdb.DuckDBPyConnection, orang: pd.DataFrame, h_lama: HasilCek, h_baru: HasilCek
) -> pd.DataFrame:
    """Counts per desa: persons and distinct families per movement; desil-1 coverage.

    Counted with numpy over the desa of both quarters' cubes (a desa of no cube is left out):
    a few thousand rows, where a pandas group-by per movement cost more than the counting."""
    o = orang
    semua_desa = np.asarray(
        sorted(
            set(h_lama.kubus["kode_desa"].astype("int64"))
            | set(h_baru.kubus["kode_desa"].astype("int64"))
        ),
        dtype=np.int64,
    )
    kolom_desa = {
        akhiran: (
            o[f"desa_{akhiran}"].isna().to_numpy(),
            o[f"desa_{akhiran}"].to_numpy(dtype=np.int64, na_value=0),
            o[f"kk_{akhiran}"].isna().to_numpy(),
            o[f"kk_{akhiran}"].to_numpy(dtype=np.uint64, na_value=0),
        )
        for akhiran in ("lama", "baru")
    }
    hitungan: dict[str, np.ndarray] = {}

    def hitung(
        kena: np.ndarray, akhiran: str, nama: str, keluarga_kena: np.ndarray | None = None
    ) -> None:
        """Rows ``kena`` per desa of quarter ``akhiran``: persons, and distinct No KK among
        them (only among ``keluarga_kena`` when given)."""
        desa_na, desa, kk_na, kk = kolom_desa[akhiran]
        m = kena & ~desa_na
        pos = np.searchsorted(semua_desa, desa)
        di_daftar = pos < len(semua_desa)
        di_daftar[di_daftar] = semua_desa[pos[di_daftar]] == desa[di_daftar]
        m &= di_daftar
        hitungan[f"{nama}_individu"] = np.bincount(pos[m], minlength=len(semua_desa))
        mk = m & ~kk_na if keluarga_kena is None else m & ~kk_na & keluarga_kena
        p, k = pos[mk], kk[mk]
        urut = np.lexsort((k, p))
        p, k = p[urut], k[urut]
        pertama = np.ones(len(p), dtype=bool)
        pertama[1:] = (p[1:] != p[:-1]) | (k[1:] != k[:-1])
        hitungan[f"{nama}_keluarga"] = np.bincount(p[pertama], minlength=len(semua_desa))

    ada_baru = o["baris_baru"].notna().to_numpy()
    ada_lama = o["baris_lama"].notna().to_numpy()
    for kat in (
        "masuk_desil1",
        "keluar_desil1",
        "masuk_desil_1_k",
        "keluar_desil_1_k",
        "meninggal",
        "ganti_nik",
        "ganti_kk",
    ):
        hitung(o[kat].to_numpy(dtype=bool) & ada_baru, "baru", kat)
    pindah = o["pindah"].to_numpy(dtype=bool)
    hitung(pindah, "baru", "pindah_masuk")
    hitung(pindah, "lama", "pindah_keluar")
    # families new / gone: none of their members followed
    diikuti = ada_lama & ada_baru
    _, _, kk_na_baru, kk_baru = kolom_desa["baru"]
    _, _, kk_na_lama, kk_lama = kolom_desa["lama"]
    diikuti_baru = np.unique(kk_baru[diikuti & ~kk_na_baru])
    diikuti_lama = np.unique(kk_lama[diikuti & ~kk_na_lama])
    hitung(
        o["baru"].to_numpy(dtype=bool),
        "baru",
        "baru",
        keluarga_kena=~np.isin(kk_baru, diikuti_baru),
    )
    hitung(
        o["tidak_lagi_terdaftar"].to_numpy(dtype=bool),
        "lama",
        "tidak_lagi_terdaftar",
        keluarga_kena=~np.isin(kk_lama, diikuti_lama),
    )
    for h, akhiran in ((h_lama, "lama"), (h_baru, "baru")):
        kb = h.kubus
        d1 = kb[kb["desil"] == 1]
        pos = np.searchsorted(semua_desa, d1["kode_desa"].astype("int64").to_numpy())
        for sumber, nama in (
            ("n_keluarga", f"keluarga_desil1_{akhiran}"),
            ("k_program", f"keluarga_desil1_program_{akhiran}"),
        ):
            hitungan[nama] = np.bincount(
                pos, weights=d1[sumber].to_numpy(dtype=np.int64), minlength=len(semua_desa)
            ).astype(np.int64)
    kode_desa = pd.Series(semua_desa).astype(str)
    kolom = [f"{k}_{u}" for k in KATEGORI for u in ("individu", "keluarga")] + [
        "keluarga_desil1_lama",
        "keluarga_desil1_program_lama",
        "keluarga_desil1_baru",
        "keluarga_desil1_program_baru",
    ]
    return pd.DataFrame(
        {
            "kode_kecamatan": kode_desa.str.slice(0, 6),
            "kode_desa": kode_desa,
            **{c: hitungan[c].astype(np.int64) for c in kolom},
        }
    )


def _daftar_pribadi(
    orang: pd.DataFrame, h_lama: HasilCek, h_baru: HasilCek, k: int
) -> pd.DataFrame:
    """PRIVATE movement list: identity columns of both quarters for every person with a
    movement."""
    kat = [
        "masuk_desil1",
        "keluar_desil1",
        "masuk_desil_1_k",
        "keluar_desil_1_k",
        "pindah",
        "meninggal",
        "baru",
        "tidak_lagi_terdaftar",
        "ganti_nik",
        "ganti_kk",
    ]
    o = orang[orang[kat].astype(bool).any(axis=1)].copy()

    def identitas(h: HasilCek, baris: pd.Series, akhiran: str) -> pd.DataFrame:
        s = h.data.sumber
        pilih = []
        for kanon in ("nik", "no_kk", "nama", "kode_desa", "alamat"):
            c = s.kolom(kanon)
            pilih.append(
                f"CAST(s.{q(c)} AS VARCHAR) AS {kanon}_{akhiran}"
                if c
                else f"NULL::VARCHAR AS {kanon}_{akhiran}"
            )
        nilai_baris = baris.dropna().astype("int64").to_numpy()
        h.con.register("baris_pribadi", pa.table({"_baris": pa.array(nilai_baris, pa.uint32())}))
        try:
            return h.con.sql(
                f"SELECT s._baris AS baris_{akhiran}, {', '.join(pilih)} FROM ({s.sql()}) s "
                "WHERE s._baris IN (SELECT _baris FROM baris_pribadi)"
            ).df()
        finally:
            h.con.unregister("baris_pribadi")

    a = identitas(h_lama, o["baris_lama"], "lama")
    b = identitas(h_baru, o["baris_baru"], "baru")
    o = o.merge(a, on="baris_lama", how="left").merge(b, on="baris_baru", how="left")
    o["peristiwa"] = [
        "; ".join(LABEL_KATEGORI.get(j, "pindah desa").format(k=k) for j in kat if bool(r[j]))
        for _, r in o[kat].iterrows()
    ]
    urut = ["kode_desa_baru", "no_kk_baru", "kode_desa_lama", "no_kk_lama"]
    o = o.sort_values(urut, na_position="last", ignore_index=True)
    kolom = [
        "peristiwa",
        "nik_lama",
        "nik_baru",
        "no_kk_lama",
        "no_kk_baru",
        "nama_lama",
        "nama_baru",
        "kode_desa_lama",
        "kode_desa_baru",
        "alamat_lama",
        "alamat_baru",
        "desil_lama",
        "desil_baru",
        *kat,
        "baris_lama",
        "baris_baru",
    ]
    return o[kolom]


def tulis_daftar_pergerakan(
    hasil: HasilBanding, path: str | Path, garam: bytes | None = None
) -> Path:
    """Write the PRIVATE person-level movement list (XLSX, RAHASIA folder only)."""
    from analisis.bnba.daftar_rahasia import tulis_daftar_rahasia

    ket: list[list[object]] = [
        [f"Wilayah: {hasil.nama_wilayah} (BPS {hasil.kode_wilayah})"],
        [
            (
                f"Triwulan lalu: {hasil.berkas_lama} (acuan {hasil.tanggal_acuan_lama.isoformat()}); "
                f"triwulan ini: {hasil.berkas_baru} (acuan {hasil.tanggal_acuan_baru.isoformat()})"
            )
        ],
        [f"Jumlah orang dengan pergerakan: {len(hasil.individu)}"],
    ]
    if hasil.sintetis:
        ket.append(["DATA SINTETIS: semua baris bersumber dari generator data sintetis."])
    ket += [[], ["kolom", "arti"]]
    ket += [[k, LABEL_KATEGORI[k].format(k=hasil.desil_k)] for k in KATEGORI if k in hasil.individu]
    ket += [["pindah", "pindah desa (desa lama dan desa baru di kolom kode_desa_*)"]]
    return tulis_daftar_rahasia(
        path,
        hasil.individu,
        ket,
        "PERGERAKAN",
        "daftar pergerakan triwulanan BNBA",
        ya_tidak=[c for c in hasil.individu.columns if hasil.individu[c].dtype == bool],
        bulat=["desil_lama", "desil_baru", "baris_lama", "baris_baru"],
        garam=garam,
    )


# --------------------------------------------------------------------------------------------
# Published tables


def tabel_publik_banding(
    hasil: HasilBanding, privasi: Privasi | None = None
) -> dict[str, pd.DataFrame]:
    """Published movement tables per desa, kecamatan and kabupaten, suppressed as one system
    (column totals desa → kecamatan → kabupaten; desil-1 coverage with count and complement).
    """
    privasi = privasi or muat_privasi()
    d = hasil.per_desa.copy()
    d["keluarga_desil1_tanpa_lama"] = d["keluarga_desil1_lama"] - d["keluarga_desil1_program_lama"]
    d["keluarga_desil1_tanpa_baru"] = d["keluarga_desil1_baru"] - d["keluarga_desil1_program_baru"]
    hitung = [c for c in d.columns if c not in ("kode_kecamatan", "kode_desa")]
    kec = d.groupby("kode_kecamatan", as_index=False)[hitung].sum()
    kab = pd.DataFrame([{"kode_wilayah": hasil.kode_wilayah, **d[hitung].sum().to_dict()}])
    m = KendaliUngkap(privasi.n_minimum)
    kode_kec = kec["kode_kecamatan"].tolist()
    kode_desa = d["kode_desa"].tolist()
    kec_desa = d["kode_kecamatan"].to_numpy()
    anggota = {kc: np.flatnonzero(kec_desa == kc).tolist() for kc in kode_kec}  # in d's order
    for c in hitung:
        total = m.sel(("kab", c), int(kab[c].iloc[0]))
        bagian_kec = []
        nilai_desa = d[c].tolist()
        for kc, v in zip(kode_kec, kec[c].tolist()):
            sk = m.sel(("kec", kc, c), int(v))
            bagian_kec.append(sk)
            m.jumlah(
                sk, [m.sel(("desa", kode_desa[j], c), int(nilai_desa[j])) for j in anggota[kc]]
            )
        m.jumlah(total, bagian_kec)
    for akhiran in ("lama", "baru"):
        for tingkat, t, kunci in (("desa", d, "kode_desa"), ("kec", kec, "kode_kecamatan")):
            for kode in t[kunci]:
                m.jumlah(
                    m.id((tingkat, kode, f"keluarga_desil1_{akhiran}")),
                    [
                        m.id((tingkat, kode, f"keluarga_desil1_program_{akhiran}")),
                        m.id((tingkat, kode, f"keluarga_desil1_tanpa_{akhiran}")),
                    ],
                )
        m.jumlah(
            m.id(("kab", f"keluarga_desil1_{akhiran}")),
            [
                m.id(("kab", f"keluarga_desil1_program_{akhiran}")),
                m.id(("kab", f"keluarga_desil1_tanpa_{akhiran}")),
            ],
        )
    m.jalankan()

    def label(tingkat: str, kode: str | None, c: str) -> tuple:
        return (tingkat, c) if kode is None else (tingkat, kode, c)

    def tampilkan(t: pd.DataFrame, tingkat: str, kunci: str | None) -> pd.DataFrame:
        hasil_t = t.copy()
        kode = list(hasil_t[kunci]) if kunci else [None] * len(hasil_t)
        for c in hitung:
            tampak = [not m.tertekan(m.id(label(tingkat, k, c))) for k in kode]
            hasil_t[c] = hasil_t[c].astype(object).where(tampak, privasi.tanda)
        for akhiran in ("lama", "baru"):
            nilai_cakupan: list[object] = []
            for k in kode:
                a = m.id(label(tingkat, k, f"keluarga_desil1_program_{akhiran}"))
                b_ = m.id(label(tingkat, k, f"keluarga_desil1_tanpa_{akhiran}"))
                n = m.nilai[m.id(label(tingkat, k, f"keluarga_desil1_{akhiran}"))]
                if m.tertekan(a) or m.tertekan(b_):
                    nilai_cakupan.append(privasi.tanda)
                else:
                    nilai_cakupan.append(round(100.0 * m.nilai[a] / n, 2) if n else np.nan)
            hasil_t[f"cakupan_desil1_{akhiran}"] = nilai_cakupan
        return hasil_t.drop(
            columns=[c for c in hasil_t.columns if c.startswith("keluarga_desil1_tanpa_")]
        )

    return {
        "pergerakan_kabupaten": tampilkan(kab, "kab", None),
        "pergerakan_kecamatan": tampilkan(kec, "kec", "kode_kecamatan"),
        "pergerakan_desa": tampilkan(d, "desa", "kode_desa"),
    }
