"""Synthetic extracts: SINTETIS marks, valid NIK structure, plausible families, and injected
defect counts recovered EXACTLY by the checks."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pyarrow.parquet as pq
import pytest

from analisis.bnba import NAMA_SINTETIS, baca_manifest, buat_contoh, cek_bnba
from analisis.bnba.sintetis import LAJU_BAWAAN

ACUAN = date(2025, 6, 30)


@pytest.fixture(scope="module")
def contoh_20rb(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sintetis")
    return buat_contoh("6303", 20_000, seed=11, tujuan=folder, tanggal_acuan=ACUAN)


def _cocok(manifest, path, kode):
    with cek_bnba(path, kode, tanggal_acuan=ACUAN) as h:
        r = h.ringkasan()
    assert r["jumlah_baris"] == manifest.jumlah_baris
    assert r["jumlah_keluarga"] == manifest.jumlah_keluarga
    assert {k: r["bendera"][k] for k in manifest.harapan_bendera} == manifest.harapan_bendera
    assert {k: r["keluarga"][k] for k in manifest.harapan_keluarga} == manifest.harapan_keluarga
    return r


def test_cacat_20rb_ditemukan_tepat(contoh_20rb):
    m = contoh_20rb
    assert m.jumlah_baris == 20_000
    # every kind of defect is present, at its recorded count
    assert all(v > 0 for v in m.harapan_bendera.values())
    assert m.harapan_bendera["nik_ganda"] == 2 * m.cacat["nik_ganda"]["pasangan"] == 80
    assert m.cacat["meninggal_bukan_penerima"]["baris"] > 0  # present but must NOT be flagged
    _cocok(m, m.berkas[0], "6303")


def test_sasaran_manifest_sama_dengan_analisis(contoh_20rb):
    from analisis.bnba import kinerja_sasaran

    m = contoh_20rb
    with cek_bnba(m.berkas[0], "6303", tanggal_acuan=ACUAN) as h:
        ks = kinerja_sasaran(h.kubus).set_index("program")
    for p, v in m.sasaran.items():
        assert ks.loc[p, "layak"] == v["layak"]
        assert ks.loc[p, "penerima"] == v["penerima"]
        assert ks.loc[p, "layak_penerima"] == v["layak_dan_penerima"]


def test_tanda_sintetis_dan_manifest(contoh_20rb):
    m = contoh_20rb
    path = m.berkas[0]
    assert "SINTETIS" in path.rsplit("/", 1)[-1]
    t = pq.read_table(path)
    assert set(t["sumber_data"].to_pylist()) == {"SINTETIS"}
    assert pq.read_schema(path).metadata[b"sumber_data"] == b"SINTETIS"
    meta = pq.read_metadata(path).metadata  # the manifest is in the footer, written last
    assert meta[b"sumber_data"] == b"SINTETIS"
    assert json.loads(meta[b"analisis.bnba.manifest"])["harapan_bendera"] == m.harapan_bendera
    assert baca_manifest(path) == json.loads(m.ke_json())
    assert set(t["nama"].to_pylist()) <= set(NAMA_SINTETIS)


def test_struktur_nik_dan_keluarga(contoh_20rb):
    t = pq.read_table(contoh_20rb.berkas[0]).to_pandas()
    nik = t["nik"].astype(str)
    ok = nik.str.fullmatch(r"\d{16}")
    assert ok.mean() > 0.99
    v = t[ok]
    assert (v["nik"].str[:4] == "6303").all()  # Kemendagri kab code (same as BPS for Banjar)
    lahir = v["tanggal_lahir"].astype("datetime64[ns]")
    dd = v["nik"].str[6:8].astype(int)
    sesuai = (
        (dd - 40 * (v["jenis_kelamin"].astype(str) == "P") == lahir.dt.day)
        & (v["nik"].str[8:10].astype(int) == lahir.dt.month)
        & (v["nik"].str[10:12].astype(int) == lahir.dt.year % 100)
    )
    injeksi = (
        contoh_20rb.cacat["nik_tanggal_beda"]["baris"] + contoh_20rb.cacat["nik_jk_beda"]["baris"]
    )
    assert (~sesuai).sum() == injeksi
    # one head per family, desil constant within a family, codes nested
    kepala = t[t["hubungan_keluarga"].astype(str) == "kepala keluarga"].groupby("no_kk").size()
    assert (kepala == 1).all() and len(kepala) == contoh_20rb.jumlah_keluarga
    assert (t.groupby("no_kk")["desil"].nunique() == 1).all()
    assert (t["kode_desa"].str[:6] == t["kode_kecamatan"]).all()
    # desil distribution covers 1..10 and programmes only go to desil <= 4 except injected leaks
    assert set(t["desil"].unique()) == set(range(1, 11))


def test_ekspor_csv_kemendagri_berbeda(tmp_path):
    """Bengkayang (BPS 6102 = Kemendagri 6107), DTKS-like headers in CSV and Parquet."""
    m = buat_contoh(
        "6102",
        4_000,
        seed=5,
        tujuan=tmp_path,
        format="keduanya",
        gaya_kolom="ekspor",
        tanggal_acuan=ACUAN,
    )
    assert [p.rsplit(".", 1)[-1] for p in m.berkas] == ["parquet", "csv"]
    kepala = (tmp_path / m.berkas[1].rsplit("/", 1)[-1]).read_text("utf-8").splitlines()[:2]
    assert kepala[0].startswith('"SUMBER_DATA","NIK","NO_KK"') and "6107" in kepala[1]
    for path in m.berkas:
        _cocok(m, path, "6102")


def test_tanpa_cacat_tanpa_bendera(tmp_path):
    m = buat_contoh(
        "6303",
        3_000,
        seed=2,
        tujuan=tmp_path,
        laju={k: 0 for k in LAJU_BAWAAN},
        tanggal_acuan=ACUAN,
    )
    r = _cocok(m, m.berkas[0], "6303")
    assert all(v == 0 for v in r["bendera"].values())


def test_deterministik(tmp_path):
    a = buat_contoh("6303", 1_000, seed=7, tujuan=tmp_path / "a", tanggal_acuan=ACUAN)
    b = buat_contoh("6303", 1_000, seed=7, tujuan=tmp_path / "b", tanggal_acuan=ACUAN)
    c = buat_contoh("6303", 1_000, seed=8, tujuan=tmp_path / "c", tanggal_acuan=ACUAN)
    ta, tb, tc = (pq.read_table(x.berkas[0]).drop(["sumber_data"]) for x in (a, b, c))
    assert ta.equals(tb) and not ta.equals(tc)
    assert a.harapan_bendera == b.harapan_bendera


def test_nama_berkas_diberi_tanda(tmp_path):
    m = buat_contoh(
        "6303", 200, seed=1, tujuan=tmp_path / "data_uji.csv", format="csv", tanggal_acuan=ACUAN
    )
    assert m.berkas == [str(tmp_path / "SINTETIS_data_uji.csv")]
    assert (tmp_path / "SINTETIS_data_uji.csv.manifest.json").is_file()
    assert not list(tmp_path.glob(".sementara_*"))


def test_laju_dan_jumlah_divalidasi(tmp_path):
    from analisis.galat import GalatAnalisis

    with pytest.raises(GalatAnalisis, match="minimal 50"):
        buat_contoh("6303", 10, tujuan=tmp_path)
    with pytest.raises(GalatAnalisis, match="tidak dikenal"):
        buat_contoh("6303", 100, tujuan=tmp_path, laju={"salah": 0.1})
    assert not list(tmp_path.iterdir())
    assert np.isclose(sum(LAJU_BAWAAN.values()), sum(LAJU_BAWAAN.values()))


def test_berkas_berbagian_tepat_dan_nik_unik(tmp_path):
    """A file written in parts (CLI, forced small parts): its manifest sums the parts, and the
    checks find exactly those counts, so NIK and No KK are unique across parts (a repeated key
    would add ``nik_ganda`` rows or merge two families)."""
    from click.testing import CliRunner

    from analisis.bnba.cli import bnba
    from analisis.bnba.sintetis import ManifestSintetis

    r = CliRunner().invoke(
        bnba,
        [
            *("contoh", "--wilayah", "6303", "--jumlah", "12000", "--seed", "4"),
            *("--keluaran", str(tmp_path), "--format", "keduanya"),
            *("--tanggal-acuan", "2025-06-30", "--baris-per-bagian", "3000"),
        ],
    )
    assert r.exit_code == 0, r.output
    assert "ditulis dalam 4 bagian" in r.output
    parquet = tmp_path / "BNBA_SINTETIS_6303_12000.parquet"
    m = ManifestSintetis(**baca_manifest(parquet))
    assert m.jumlah_bagian == 4 and m.jumlah_baris == 12_000
    assert pq.ParquetFile(parquet).metadata.num_row_groups == 4
    assert all(v > 0 for v in m.harapan_bendera.values())
    assert m.harapan_bendera["nik_ganda"] == 2 * m.cacat["nik_ganda"]["pasangan"] == 48
    assert sum(m.keluarga_per_desil.values()) == m.jumlah_keluarga
    for path in (parquet, tmp_path / "BNBA_SINTETIS_6303_12000.csv"):
        _cocok(m, str(path), "6303")
    t = pq.read_table(parquet).to_pandas()
    assert t.groupby("no_kk")["kode_desa"].nunique().max() == 1  # a family never spans parts
    # same region as the one-part file of the same seed, different rows
    satu = buat_contoh("6303", 12_000, seed=4, tujuan=tmp_path / "satu", tanggal_acuan=ACUAN)
    assert (satu.jumlah_kecamatan, satu.jumlah_desa) == (m.jumlah_kecamatan, m.jumlah_desa)
    assert satu.jumlah_bagian == 1 and satu.harapan_bendera != m.harapan_bendera


def test_bagian_terlalu_kecil_ditolak(tmp_path):
    from analisis.galat import GalatAnalisis

    with pytest.raises(GalatAnalisis, match="per bagian minimal"):
        buat_contoh("6303", 5_000, tujuan=tmp_path, baris_per_bagian=999)
    assert not list(tmp_path.iterdir())
