"""Refreshing the bundled data from the shared data folder: ``bash scripts/perbarui-bundel``.

The tests never touch the real bundle: the shared folder is made from the bundle itself (the
bundle is an exact copy of it, ``SUMBER_DATA.md`` being its ``README.md``) and the target is a
scratch copy that is then made older (a cell and a conflict missing, a value changed, a cell
the shared data no longer has).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from analisis.data.perbarui_bundel import BERKAS_BUNDEL, folder_bundel
from conftest import AKAR

KEMISKINAN = "kemiskinan_kalimantan_long.csv"


def _jalankan(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(AKAR / "scripts" / "perbarui-bundel"), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def folder(tmp_path):
    """``(bersama, bundel)``: a shared folder equal to today's bundle, and an older bundle."""
    bersama, bundel = tmp_path / "shared" / "data", tmp_path / "bundel"
    bersama.mkdir(parents=True)
    bundel.mkdir()
    for asal, nama in BERKAS_BUNDEL.items():
        shutil.copyfile(folder_bundel() / nama, bersama / asal)
        shutil.copyfile(folder_bundel() / nama, bundel / nama)
    (bersama / "kemiskinan_kabkota_indonesia_parsial_long.csv").write_text("x\n", "utf-8")
    t = pd.read_csv(bundel / KEMISKINAN, dtype=str, keep_default_na=False)
    banjar = (t["kode_wilayah"] == "6303") & (t["indikator"] == "p0")
    hilang = banjar & (t["tahun"] == "2022")  # the shared data adds it
    t.loc[banjar & (t["tahun"] == "2021"), "nilai"] = "9.99"  # the shared data corrects it
    lama = t[banjar & (t["tahun"] == "2024")].assign(tahun="2014")  # the shared data drops it
    pd.concat([t[~hilang], lama]).to_csv(bundel / KEMISKINAN, index=False)
    konflik = pd.read_csv(bundel / "konflik_sumber.csv", dtype=str, keep_default_na=False)
    konflik[konflik["kode_wilayah"] != "6308"].to_csv(bundel / "konflik_sumber.csv", index=False)
    (bundel / "SUMBER_DATA.md").write_text("versi lama\n", "utf-8")
    return bersama, bundel


def test_refresh_reports_what_changed_and_brings_the_bundle_up_to_date(folder):
    bersama, bundel = folder
    r = _jalankan(bersama, "--tujuan", bundel)
    assert r.returncode == 0, r.stderr
    baris = r.stdout.splitlines()
    assert baris[0] == "Bundel data diperbarui: 3 berkas."
    assert (
        f"{KEMISKINAN}: 1 sel baru (p0 1), 1 diubah, 1 dihapus, 0 dengan sumber/mutu/catatan baru."
        in baris
    )
    assert "  diubah p0 6303 2021: 9,99 → 3,04" in baris
    assert "  dihapus p0 6303 2014" in baris
    assert "konflik_sumber.csv: 1 konflik sumber baru:" in baris
    assert "  Hulu Sungai Utara (6308) 2019 p0: dipakai 6,5, sumber lain 6,73" in baris
    assert "Berkas lain yang diperbarui: SUMBER_DATA.md." in baris
    assert "Tidak dibundel (sengaja): kemiskinan_kabkota_indonesia_parsial_long.csv." in baris
    for asal, nama in BERKAS_BUNDEL.items():
        assert (bundel / nama).read_bytes() == (bersama / asal).read_bytes(), nama
    # A second run finds nothing to do.
    r = _jalankan(bersama, "--tujuan", bundel)
    assert r.stdout.splitlines()[0] == "Bundel data diperbarui: 0 berkas."


def test_check_only_writes_nothing(folder):
    bersama, bundel = folder
    sebelum = {p.name: p.read_bytes() for p in bundel.iterdir()}
    r = _jalankan(bersama, "--tujuan", bundel, "--periksa")
    assert r.returncode == 0
    assert r.stdout.startswith(
        "Bundel data akan diperbarui (--periksa: tidak ada yang ditulis): 3 berkas."
    )
    assert {p.name: p.read_bytes() for p in bundel.iterdir()} == sebelum


def test_data_that_would_fail_an_import_is_refused_and_nothing_written(folder):
    bersama, bundel = folder
    t = pd.read_csv(bersama / KEMISKINAN, dtype=str, keep_default_na=False)
    salah = t.iloc[[0]].assign(kode_wilayah="6399", tahun="2024")
    pd.concat([t, salah]).to_csv(bersama / KEMISKINAN, index=False)
    (bersama / "indikator.csv").unlink()
    sebelum = {p.name: p.read_bytes() for p in bundel.iterdir()}
    r = _jalankan(bersama, "--tujuan", bundel)
    assert r.returncode == 1 and r.stdout == ""
    assert "tidak lengkap" in r.stderr and "indikator.csv: berkas tidak ada" in r.stderr
    shutil.copyfile(folder_bundel() / "indikator.csv", bersama / "indikator.csv")
    r = _jalankan(bersama, "--tujuan", bundel)
    assert r.returncode == 1
    assert "tidak lolos pemeriksaan impor" in r.stderr
    assert f"{KEMISKINAN}, baris {len(t) + 2}" in r.stderr and "6399" in r.stderr
    assert "Traceback" not in r.stderr
    assert {p.name: p.read_bytes() for p in bundel.iterdir()} == sebelum


def test_the_package_never_reads_the_shared_folder():
    """Only the maintainer's refresh module names the shared folder (``../shared/data``)."""
    pola = re.compile(r"""["']shared["']|\.\./shared|shared/data""")
    sumber = [
        p.relative_to(AKAR / "src").as_posix()
        for p in (AKAR / "src" / "analisis").rglob("*.py")
        if pola.search(p.read_text("utf-8"))
    ]
    assert sumber == ["analisis/data/perbarui_bundel.py"]
