"""The path beyond one machine: two kabupaten partitions on a distributed.LocalCluster."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from analisis.bnba import buat_contoh, cek_bnba, gabung_kubus
from analisis.bnba.cek import kolom_hitung
from analisis.bnba.terdistribusi import cek_terdistribusi

ACUAN = date(2025, 6, 30)


@pytest.fixture(scope="module")
def partisi(tmp_path_factory):
    folder = tmp_path_factory.mktemp("partisi")
    a = buat_contoh("6303", 1_500, seed=1, tujuan=folder / "kode_wilayah=6303", tanggal_acuan=ACUAN)
    b = buat_contoh("6304", 1_500, seed=2, tujuan=folder / "kode_wilayah=6304", tanggal_acuan=ACUAN)
    # the same person registered in both kabupaten: copy a valid NIK of A into one row of B
    ta, tb = pq.read_table(a.berkas[0]), pq.read_table(b.berkas[0])
    nik_a = ta["nik"].to_pylist()[0]
    nik_b = tb["nik"].to_pylist()
    i = next(j for j, v in enumerate(nik_b) if len(v) == 16 and v.isdigit())
    nik_b[i] = nik_a
    tb = tb.set_column(tb.schema.get_field_index("nik"), "nik", pa.array(nik_b))
    pq.write_table(tb, b.berkas[0])
    assert pc.sum(pc.equal(tb["nik"], nik_a)).as_py() == 1
    return [(a.berkas[0], "6303"), (b.berkas[0], "6304")], int(nik_a)


def _tunggal(partisi):
    kubus = []
    for path, kode in partisi:
        with cek_bnba(path, kode, tanggal_acuan=ACUAN) as h:
            kubus.append(h.kubus)
    return gabung_kubus(kubus)


@pytest.mark.lambat
def test_localcluster_dua_partisi(partisi):
    distributed = pytest.importorskip("distributed")
    daftar, nik = partisi
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        hasil = cek_terdistribusi(daftar, client, tanggal_acuan=ACUAN, dengan_daftar_kerja=True)
    assert hasil.nik_ganda_lintas == [nik]
    tunggal = _tunggal(daftar)
    kolom = kolom_hitung(tunggal)
    selisih = hasil.kubus[kolom].sum() - tunggal[kolom].sum()
    # identical to per-partition runs, except the cross-kabupaten duplicate found on both sides
    assert selisih.drop(["n_nik_ganda", "n_bermasalah", "n_nik_valid"]).abs().sum() == 0
    assert selisih["n_nik_ganda"] == 2
    assert set(hasil.kubus["kode_wilayah"]) == {"6303", "6304"}
    dk = hasil.daftar_kerja
    assert set(dk.loc[dk["nik"] == str(nik), "kode_wilayah"]) == {"6303", "6304"}
    assert [p["kode_wilayah"] for p in hasil.partisi] == ["6303", "6304"]


@pytest.mark.lambat
def test_tanpa_client_sama_hasilnya(partisi):
    daftar, nik = partisi
    hasil = cek_terdistribusi(daftar, None, tanggal_acuan=ACUAN)
    assert hasil.nik_ganda_lintas == [nik]
    assert int(hasil.kubus["n_individu"].sum()) == 3_000
