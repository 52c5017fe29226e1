"""The shared budget read: once per file version, a new read when the file or a companion changes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analisis.anggaran import (
    baca_anggaran,
    baca_anggaran_tersimpan,
    indikator_peringkat,
    indikator_peringkat_tersimpan,
)
from analisis.galat import GalatValidasi

DATA = Path(__file__).parent / "data" / "anggaran"


@pytest.fixture
def kecil(tmp_path: Path) -> Path:
    for p in DATA.glob("kecil_*_6303_2024.csv"):
        shutil.copy(p, tmp_path / p.name)
    return tmp_path / "kecil_anggaran_6303_2024.csv"


def _sentuh(path: Path, detik: int) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + detik * 1_000_000_000))


def test_same_version_is_read_once_and_equals_a_direct_read(kecil: Path) -> None:
    pertama = baca_anggaran_tersimpan(kecil)
    assert baca_anggaran_tersimpan(str(kecil)) is pertama
    langsung = baca_anggaran(kecil)
    assert pertama.anggaran.equals(langsung.anggaran)
    assert pertama.ringkasan.equals(langsung.ringkasan)
    assert pertama.rat.equals(langsung.rat)
    assert [str(m) for m in pertama.peringatan] == [str(m) for m in langsung.peringatan]


def test_a_changed_file_or_companion_is_read_again(kecil: Path) -> None:
    pertama = baca_anggaran_tersimpan(kecil)
    _sentuh(kecil, 5)
    kedua = baca_anggaran_tersimpan(kecil)
    assert kedua is not pertama
    ringkasan = kecil.with_name("kecil_ringkasan_6303_2024.csv")
    ringkasan.write_text(ringkasan.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _sentuh(ringkasan, 5)
    assert baca_anggaran_tersimpan(kecil) is not kedua


def test_errors_are_raised_every_time_and_not_cached(tmp_path: Path) -> None:
    hilang = tmp_path / "tidak_ada_anggaran.csv"
    for _ in range(2):
        with pytest.raises(GalatValidasi) as e:
            baca_anggaran_tersimpan(hilang)
        assert e.value.masalah[0].kode == "berkas_tidak_ada"
    shutil.copy(DATA / "salah_anggaran_6303_2024.csv", tmp_path / "salah_anggaran_6303_2024.csv")
    for _ in range(2):
        with pytest.raises(GalatValidasi):
            baca_anggaran_tersimpan(tmp_path / "salah_anggaran_6303_2024.csv")


def test_ranking_indicators_once_per_version_and_year(kecil: Path) -> None:
    pertama = indikator_peringkat_tersimpan(kecil, 2024)
    assert indikator_peringkat_tersimpan(str(kecil), 2024) is pertama
    pd.testing.assert_frame_equal(pertama, indikator_peringkat(baca_anggaran(kecil), tahun=2024))
    _sentuh(kecil, 5)
    assert indikator_peringkat_tersimpan(kecil, 2024) is not pertama
