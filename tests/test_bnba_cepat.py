"""BNBA check speed-ups keep the results: the duplicate-NIK sort (split into value ranges sorted
in threads) and the duplicate sort overlapped with the family passes in :func:`periksa`."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analisis.bnba import buat_contoh, cek_bnba
from analisis.bnba.cek import ganda_terurut

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
