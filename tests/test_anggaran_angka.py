"""Parsing Indonesian amounts: accepted forms and refused ambiguous forms."""

from __future__ import annotations

import datetime as dt

import pytest

from analisis.anggaran.angka import Bentuk, GalatAngka, cek_konsistensi_kolom, urai_angka


@pytest.mark.parametrize(
    ("teks", "nilai", "bentuk"),
    [
        ("1234567", 1234567.0, Bentuk.POLOS),
        ("1.234.567", 1234567.0, Bentuk.RIBUAN),
        ("Rp1.234.567,50", 1234567.5, Bentuk.RIBUAN),
        ("Rp. 1.234.567,-", 1234567.0, Bentuk.RIBUAN),
        ("IDR 2.500.000", 2500000.0, Bentuk.RIBUAN),
        ("1234,5", 1234.5, Bentuk.KOMA),
        ("500.000", 500000.0, Bentuk.TITIK_TUNGGAL),
        ("1234567.5", 1234567.5, Bentuk.TITIK_DESIMAL),
        ("-1.000.000", -1000000.0, Bentuk.RIBUAN),
        ("−2.000.000", -2000000.0, Bentuk.RIBUAN),
        ("(3.000.000)", -3000000.0, Bentuk.RIBUAN),
        ("\u00a01.000.000 ", 1000000.0, Bentuk.RIBUAN),
        (2500000, 2500000.0, Bentuk.SEL),
        (2500000.75, 2500000.75, Bentuk.SEL),
    ],
)
def test_bentuk_yang_diterima(teks, nilai, bentuk):
    h = urai_angka(teks)
    assert h.nilai == nilai
    assert h.bentuk is bentuk


@pytest.mark.parametrize("teks", [None, "", "  ", "-", "–", float("nan")])
def test_sel_kosong(teks):
    assert urai_angka(teks).nilai is None


@pytest.mark.parametrize(
    ("teks", "potongan"),
    [
        ("1,234", "ambigu"),
        ("1,234,567.00", "format Inggris"),
        ("1.234.56", "bukan format angka"),
        ("1.2E+09", "notasi ilmiah"),
        ("1 234 567", "spasi"),
        ("lima juta", "bukan angka"),
        ("Rp", "tidak berisi angka"),
        (True, "logika"),
        (dt.date(2024, 1, 1), "tanggal"),
        (float("inf"), "tak hingga"),
    ],
)
def test_bentuk_yang_ditolak(teks, potongan):
    with pytest.raises(GalatAngka, match=potongan):
        urai_angka(teks)


def test_konsistensi_kolom_titik_tunggal_ambigu_bila_ada_titik_desimal():
    bentuk = [urai_angka(t).bentuk for t in ("1234.5", "12.500", "1000")]
    hasil = cek_konsistensi_kolom(bentuk)
    assert [i for i, _ in hasil] == [1]
    assert "ambigu" in hasil[0][1]


def test_konsistensi_kolom_titik_desimal_di_kolom_format_indonesia():
    bentuk = [urai_angka(t).bentuk for t in ("1.234.567", "1234.5")]
    assert [i for i, _ in cek_konsistensi_kolom(bentuk)] == [1]


def test_konsistensi_kolom_format_indonesia_saja_lolos():
    bentuk = [urai_angka(t).bentuk for t in ("1.234.567", "500.000", "12,5", "7")]
    assert cek_konsistensi_kolom(bentuk) == []
