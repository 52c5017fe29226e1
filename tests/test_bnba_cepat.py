"""BNBA check speed-ups keep the results: the duplicate-NIK sort (split into value ranges sorted
in threads) and the duplicate sort overlapped with the family passes in :func:`periksa`."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analisis.bnba import buat_contoh, cek_bnba
from analisis.bnba import cek as cek_modul
from analisis.bnba.cek import batas_memori_duckdb, ganda_hemat_memori, ganda_terurut, periksa
from analisis.bnba.skema import sambung

ACUAN = date(2025, 6, 30)


def _ganda_acuan(nilai: np.ndarray) -> np.ndarray:
    unik, jumlah = np.unique(nilai, return_counts=True)
    return unik[jumlah > 1]


@pytest.mark.parametrize("utas", [1, 2, 3])
def test_ganda_terurut_sama_dengan_acuan_di_atas_sejuta_nilai(utas: int) -> None:
    rng = np.random.default_rng(20)
    nilai = rng.integers(10**15, 10**16, 1_200_000, dtype=np.uint64)
    # Duplicates (pairs and triples) and a heavy tie on the value most likely to be a boundary.
    median = np.sort(nilai)[len(nilai) // 2]
    nilai = np.concatenate([nilai, nilai[:5_000], nilai[:100], np.full(50_000, median)])
    rng.shuffle(nilai)
    harapan = _ganda_acuan(nilai)
    hasil = ganda_terurut(nilai.copy(), utas=utas)
    assert hasil.dtype == np.uint64
    np.testing.assert_array_equal(hasil, harapan)
    assert len(harapan) == 5_001


def test_ganda_terurut_semua_sama() -> None:
    nilai = np.full(1_100_000, 6303014107850001, dtype=np.uint64)
    np.testing.assert_array_equal(ganda_terurut(nilai, utas=2), nilai[:1])


def test_cek_sintetis_menengah_nik_ganda_sama_dengan_hitungan_pandas(tmp_path) -> None:
    """On a medium extract the duplicate-NIK count of the cube (sort overlapped with the family
    passes) equals a plain pandas count, and the other flags match the generator's manifest."""
    manifest = buat_contoh("6303", 60_000, seed=7, tujuan=tmp_path, tanggal_acuan=ACUAN)
    path = tmp_path / "BNBA_SINTETIS_6303_60000.parquet"
    df = pd.read_parquet(path, columns=["nik"])
    nik = df["nik"].astype(str)
    valid = nik.str.fullmatch(r"[1-9]\d{15}")
    harapan = int((valid & nik.where(valid).duplicated(keep=False)).sum())
    with cek_bnba(path, "6303", tanggal_acuan=ACUAN) as hasil:
        assert int(hasil.kubus["n_nik_ganda"].sum()) == harapan
        assert set(hasil.detik) >= {"muat", "keluarga", "alamat", "nik_ganda", "kubus"}
        bendera = hasil.ringkasan()["bendera"]
    assert harapan > 0
    assert bendera["nik_ganda"] == harapan
    assert manifest.jumlah_baris == 60_000


def test_batas_memori_duckdb_dibaca_dalam_byte() -> None:
    con = sambung(memori="1500MB")
    try:
        batas = batas_memori_duckdb(con)
        assert batas is not None and abs(batas - 1.5e9) < 0.1 * 1.5e9
        # 1.5 GB / 16 bytes per NIK / 4: the DuckDB path from about 23 million rows.
        assert not ganda_hemat_memori(con, 20_000_000)
        assert ganda_hemat_memori(con, 30_000_000)
    finally:
        con.close()


def test_nik_ganda_lewat_duckdb_sama_dengan_sortir_numpy(tmp_path, monkeypatch) -> None:
    """The bounded-memory duplicate pass (DuckDB GROUP BY, used for out-of-core runs) gives the
    same duplicates, cube and worklist as the numpy sort, also with duplicates from other
    partitions."""
    buat_contoh("6303", 20_000, seed=11, tujuan=tmp_path, tanggal_acuan=ACUAN)
    path = tmp_path / "BNBA_SINTETIS_6303_20000.parquet"

    def jalankan() -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray, dict[str, float]]:
        with cek_bnba(path, "6303", tanggal_acuan=ACUAN) as hasil:
            ganda = hasil.con.sql("SELECT nik_num FROM ganda ORDER BY 1").fetchnumpy()["nik_num"]
            luar = int(hasil.con.sql("SELECT max(nik_num) FROM rek").fetchall()[0][0])
            dengan_luar = periksa(hasil.data, tanggal_acuan=ACUAN, nik_ganda_luar=[luar])
            return hasil.kubus, dengan_luar.kubus, np.asarray(ganda), hasil.detik

    kubus_np, luar_np, ganda_np, detik_np = jalankan()
    monkeypatch.setattr(cek_modul, "ganda_hemat_memori", lambda con, n: True)
    kubus_db, luar_db, ganda_db, detik_db = jalankan()
    assert len(ganda_np) > 0
    np.testing.assert_array_equal(ganda_db, ganda_np)
    pd.testing.assert_frame_equal(kubus_db, kubus_np)
    pd.testing.assert_frame_equal(luar_db, luar_np)
    assert luar_np["n_nik_ganda"].sum() > kubus_np["n_nik_ganda"].sum()
    assert detik_db["nik_ambil"] == 0.0 and detik_np["nik_ambil"] > 0.0
