"""Starting the workers before the plan: which regions will surely run, read from the sidecars."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analisis.data.wilayah import wilayah_provinsi
from analisis.galat import GalatAnalisis
from analisis.proyek import Proyek
from analisis.runner.kunci import tulis_sidecar
from analisis.runner.rencana import jumlah_pasti_dijalankan


@pytest.fixture
def proyek(tmp_path):
    return Proyek.muat().dengan(laporan=tmp_path / "lap", penyimpanan=tmp_path / "simpan")


def _sidecar(proyek: Proyek, kode: str, status: str) -> None:
    ft = proyek.tata_letak.tahun("63", 2024)
    tulis_sidecar(ft, kode, nama=kode, tahun=2024, status=status, kunci="k" * 64, komponen_kunci={})


def test_a_first_run_and_a_forced_run_surely_run_every_region(proyek):
    n = len(wilayah_provinsi("63"))
    assert jumlah_pasti_dijalankan("63", 2024, proyek) == (n, n)
    for kode in wilayah_provinsi("63"):
        _sidecar(proyek, kode, "berhasil")
    assert jumlah_pasti_dijalankan("63", 2024, proyek, paksa=True) == (n, n)


def test_only_regions_without_a_successful_sidecar_surely_run(proyek):
    kode = wilayah_provinsi("63")
    for k in kode:
        _sidecar(proyek, k, "berhasil")
    assert jumlah_pasti_dijalankan("63", 2024, proyek) == (len(kode), 0)
    _sidecar(proyek, kode[0], "gagal")
    _sidecar(proyek, kode[1], "berjalan")
    assert jumlah_pasti_dijalankan("63", 2024, proyek) == (len(kode), 2)
    assert jumlah_pasti_dijalankan("63", 2024, proyek, wilayah=[kode[0], kode[2]]) == (2, 1)


def test_a_wrong_province_or_region_raises_what_the_plan_raises(proyek):
    with pytest.raises(GalatAnalisis, match="Provinsi '99' tidak dikenal"):
        jumlah_pasti_dijalankan("99", 2024, proyek)
    with pytest.raises(GalatAnalisis, match="Wilayah 6101 bukan kabupaten/kota"):
        jumlah_pasti_dijalankan("63", 2024, proyek, wilayah=["6101"])


_SKRIP_SERVER = """
import signal, sys
import psutil
from analisis.runner.pelaksana import konteks_pekerja

assert konteks_pekerja("uji").get_start_method() == "forkserver"
for anak in psutil.Process().children():
    if any("forkserver" in bagian for bagian in anak.cmdline()):
        with open(f"/proc/{anak.pid}/status") as f:
            baris = next(b for b in f if b.startswith("SigIgn:"))
        print("diabaikan" if int(baris.split()[1], 16) & (1 << (signal.SIGINT - 1)) else "aktif")
        sys.exit(0)
print("tidak ada server")
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc")
def test_the_fork_server_starts_at_once_and_ignores_ctrl_c():
    """Ctrl-C at the start of a run must not hit the server while it imports the workers'
    modules (it printed a traceback): the server starts in the main thread with SIGINT ignored,
    before the early pool's thread forks the first worker."""
    r = subprocess.run(
        [sys.executable, "-c", _SKRIP_SERVER],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "diabaikan", r.stdout + r.stderr
