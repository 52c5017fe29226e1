"""Subcommands that read configuration take it from the params folder given on the command line
(``analisis --folder-params FOLDER …``), never silently from the working folder's project: the
BNBA publication policy of ``bnba cek``, the budget clusters of ``anggaran cek``, the ranking
framework of ``peringkat templat``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from analisis.bnba import buat_contoh
from analisis.cli import utama
from conftest import AKAR
from test_evaluasi_konfigurasi_proyek import _privasi_tujuh, _ubah_yaml


@pytest.fixture
def params(tmp_path, monkeypatch) -> Path:
    """A copy of the project's params, used from this repository's folder (default params)."""
    salinan = tmp_path / "params"
    shutil.copytree(AKAR / "params", salinan, ignore=shutil.ignore_patterns("RAHASIA"))
    monkeypatch.chdir(AKAR)
    monkeypatch.delenv("ANALISIS_PARAMS", raising=False)
    return salinan


def _analisis(params: Path, *argumen: str):
    return CliRunner().invoke(utama, ["--folder-params", str(params), *argumen])


def test_bnba_cek_publishes_with_the_given_params_privacy_policy(params, tmp_path):
    _ubah_yaml(params / "bnba" / "privasi.yaml", _privasi_tujuh)
    data = buat_contoh("6303", 3000, seed=5, tujuan=tmp_path / "data").berkas[0]
    keluar = tmp_path / "keluaran"
    r = _analisis(
        params, "bnba", "cek", str(data), "--wilayah", "6303", "--tanpa-daftar-kerja",
        "--keluaran", str(keluar),
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    publik = "\n".join(p.read_text("utf-8") for p in (keluar / "publik").glob("*.csv"))
    assert "<7" in publik
    assert "<5" not in publik
    assert "< 7" in r.output or "<7" in r.output


def test_anggaran_cek_uses_the_given_params_cluster_configuration(params):
    _ubah_yaml(params / "anggaran" / "klaster.yaml", lambda isi: isi.update(versi="rusak"))
    contoh = AKAR / "params" / "anggaran" / "contoh" / "contoh_anggaran_6303_2022-2024.csv"
    r = _analisis(params, "anggaran", "cek", str(contoh))
    assert r.exit_code != 0, r.output
    assert "klaster.yaml" in r.output and "versi" in r.output


def test_peringkat_templat_uses_the_given_params_framework(params, tmp_path):
    kerangka = params / "peringkat" / "kerangka_bawaan.yaml"
    kerangka.write_text("dimensi: [\n", "utf-8")  # broken YAML in the given params only
    r = _analisis(
        params, "peringkat", "templat", "--provinsi", "63", "--tahun", "2024",
        "--keluaran", str(tmp_path / "isian.xlsx"),
    )  # fmt: skip
    assert r.exit_code != 0, r.output
    assert "kerangka_bawaan.yaml" in r.output
