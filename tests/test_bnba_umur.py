"""The age checks without a per-row age: birth-date bounds equal DuckDB's ``date_sub`` rule, and
the family prefilter never misses a family the exact row test flags."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from analisis.bnba.konfigurasi import HUBUNGAN, muat_aturan
from analisis.bnba.umur import (
    sql_agregat_keluarga,
    sql_curiga_keluarga,
    sql_umur_mutlak,
    sql_umur_relatif_baris,
)


@pytest.mark.parametrize(
    "acuan", [date(2025, 6, 30), date(2024, 2, 29), date(2025, 2, 28), date(2025, 3, 1)]
)
def test_batas_tanggal_sama_dengan_date_sub(acuan):
    con = duckdb.connect()
    aturan = muat_aturan()
    aturan = aturan.dengan(umur_wajar={**aturan.model_dump()["umur_wajar"], "anak": [0, 17]})
    mutlak = sql_umur_mutlak(con, aturan, acuan)
    bawah = [aturan.umur_wajar[h][0] if h in aturan.umur_wajar else -1000 for h in HUBUNGAN]
    atas = [aturan.umur_wajar[h][1] if h in aturan.umur_wajar else 1000 for h in HUBUNGAN]
    acuan_sql = f"DATE '{acuan.isoformat()}'"
    beda = con.sql(
        f"""
        WITH r AS (
          SELECT DATE '1895-01-01' + i::INTEGER AS tanggal_lahir, h::UTINYINT AS hubungan
          FROM range(0, 48000) a(i), range(0, {len(HUBUNGAN)}) b(h)
        )
        SELECT count(*) FILTER (WHERE ({mutlak}) <> (date_sub('year', tanggal_lahir, {acuan_sql})
                 NOT BETWEEN {bawah}[hubungan + 1] AND {atas}[hubungan + 1])),
               count(*) FILTER (WHERE {mutlak})
        FROM r
        """
    ).fetchall()[0]
    assert beda[0] == 0
    assert beda[1] > 0  # the test really exercises flagged dates


def test_prasaring_keluarga_tidak_melewatkan_kasus():
    """Every family with a row the exact relative test flags is a suspect of the prefilter."""
    con = duckdb.connect()
    aturan = muat_aturan()
    agregat = sql_agregat_keluarga(aturan)
    kode = {h: i for i, h in enumerate(HUBUNGAN)}
    # Families of a head born 1980-02-29 (leap day) and one member born on every day of a
    # 60-year window, for each relation with a rule: one family per (relation, day).
    con.execute(
        f"""
        CREATE TABLE rek AS
        SELECT k AS kk_key, 0::UTINYINT AS hubungan, DATE '1980-02-29' AS tanggal_lahir
        FROM range(0, 22000 * 10) t(k)
        UNION ALL
        SELECT k, ([{", ".join(str(kode[h]) for h in aturan.selisih_umur_kepala)}][k % 4 + 1])::UTINYINT,
               DATE '1950-01-01' + (k // 4)::INTEGER
        FROM range(0, 22000 * 4) t(k)
        """
    )
    con.execute(
        f"""
        CREATE TABLE kel AS SELECT kk_key AS kk, {agregat["lahir_kepala"]} AS lahir_kepala,
          {agregat["muda"]} AS muda, {agregat["tua"]} AS tua
        FROM rek GROUP BY kk_key
        """
    )
    terlewat, ditandai = con.sql(
        f"""
        SELECT count(*) FILTER (WHERE NOT {sql_curiga_keluarga()}), count(*)
        FROM rek r JOIN kel k ON r.kk_key = k.kk
        WHERE {sql_umur_relatif_baris(aturan, "k.lahir_kepala")}
        """
    ).fetchall()[0]
    assert ditandai > 0
    assert terlewat == 0
