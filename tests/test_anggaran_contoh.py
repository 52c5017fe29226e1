"""Shipped example files (CONTOH — data fiktif): they validate, are marked, and are reproducible."""

from __future__ import annotations

import pytest

from analisis.anggaran import metrik as m
from analisis.anggaran.baca import baca_anggaran
from analisis.anggaran.contoh import (
    NAMA_CONTOH_BANJAR,
    NAMA_CONTOH_KALSEL,
    berkas_contoh,
    tulis_contoh,
)
from analisis.anggaran.kolom import PENANDA_CONTOH
from analisis.data.wilayah import wilayah_provinsi


@pytest.fixture(scope="module")
def kalsel():
    return baca_anggaran(berkas_contoh(NAMA_CONTOH_KALSEL, "xlsx"), tahun=2024)


@pytest.fixture(scope="module")
def banjar():
    return baca_anggaran(berkas_contoh(NAMA_CONTOH_BANJAR, "csv"), wilayah="6303")


def test_contoh_kalsel_lolos_dan_bertanda(kalsel):
    assert kalsel.peringatan == []
    assert kalsel.contoh is True
    assert kalsel.wilayah == wilayah_provinsi("63")
    assert len(kalsel.wilayah) == 13
    assert kalsel.tahun == [2024]
    assert (kalsel.anggaran["keterangan"] == PENANDA_CONTOH).all()
    assert (kalsel.ringkasan["keterangan"] == PENANDA_CONTOH).all()


def test_contoh_banjar_multi_tahun(banjar):
    assert banjar.peringatan == []
    assert banjar.contoh is True
    assert banjar.tahun == [2022, 2023, 2024]
    assert len(banjar.rat) == len(banjar.anggaran)


def test_besaran_wajar(kalsel):
    r = m.ringkasan_wilayah(kalsel)
    assert r["belanja_daerah"].between(1.5e12, 4e12).all()
    assert r["porsi_anggaran_kemiskinan"].between(1.0, 8.0).all()
    assert r["realisasi_anggaran"].between(75.0, 100.0).all()


def test_indikator_peringkat_contoh(kalsel):
    i = m.indikator_peringkat(kalsel)
    assert list(i.index) == wilayah_provinsi("63")
    assert i["skor_penandaan"].max() == pytest.approx(100.0)
    assert i["skor_penandaan"].between(0, 100).all()
    assert (i["catatan"] == "").all()


def test_banjar_2024_sama_di_kedua_contoh(kalsel, banjar):
    kolom = ["kode_subkegiatan", "pagu", "realisasi", "penandaan", "klaster"]
    a = banjar.anggaran[banjar.anggaran["tahun"] == 2024][kolom].reset_index(drop=True)
    b = kalsel.anggaran[kalsel.anggaran["kode_wilayah"] == "6303"][kolom].reset_index(drop=True)
    assert a.equals(b)


def test_xlsx_dan_csv_berisi_sama(kalsel):
    csv = baca_anggaran(berkas_contoh(NAMA_CONTOH_KALSEL, "csv"))
    kolom = ["kode_wilayah", "kode_subkegiatan", "pagu", "realisasi", "penandaan", "klaster", "opd"]
    assert kalsel.anggaran[kolom].equals(csv.anggaran[kolom])
    assert kalsel.rat[["target", "capaian"]].equals(csv.rat[["target", "capaian"]])


def test_contoh_dapat_dibuat_ulang(tmp_path):
    tulis_contoh(tmp_path)
    for nama in (NAMA_CONTOH_BANJAR, NAMA_CONTOH_KALSEL):
        for tabel in ("anggaran", "ringkasan", "rat"):
            berkas = f"{nama.replace('anggaran', tabel)}.csv"
            assert (tmp_path / berkas).read_bytes() == berkas_contoh(
                nama.replace("anggaran", tabel), "csv"
            ).read_bytes(), berkas
