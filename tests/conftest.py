"""Shared fixtures. Browser fixtures live in conftest_ui.py (loaded as a plugin)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

pytest_plugins = ["conftest_ui"]

# Property tests draw the same examples on every run (the test command must not pass on one run
# and fail on the next); no example database is written into the checkout. For a randomised
# search: ``pytest --hypothesis-profile=acak``.
settings.register_profile("tetap", derandomize=True, database=None)
settings.register_profile("acak", database=None)
settings.load_profile("tetap")

FOLDER_UJI = Path(__file__).resolve().parent
FOLDER_DATA_UJI = FOLDER_UJI / "data"
AKAR = FOLDER_UJI.parent


@pytest.fixture
def penyimpanan(tmp_path, monkeypatch) -> Path:
    """An empty, private data store for one test (never the user's real store)."""
    folder = tmp_path / "penyimpanan"
    monkeypatch.setenv("ANALISIS_PENYIMPANAN", str(folder))
    return folder


@pytest.fixture
def cli(penyimpanan):
    """Run the real ``analisis`` click command in-process: ``cli("data", "info")``."""
    from analisis.cli import utama

    runner = CliRunner()

    def jalankan(*args: str):
        return runner.invoke(utama, [str(a) for a in args], catch_exceptions=False)

    return jalankan


@pytest.fixture
def cli_proses(penyimpanan):
    """Run the installed ``analisis`` console script in a subprocess (the real entry point)."""
    exe = Path(sys.executable).with_name("analisis")

    def jalankan(*args: str, **kw) -> subprocess.CompletedProcess:
        env = {**os.environ, "ANALISIS_PENYIMPANAN": str(penyimpanan), "COLUMNS": "200"}
        return subprocess.run(
            [str(exe), *map(str, args)],
            check=False,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            **kw,
        )

    return jalankan


KERANGKA_UJI = {
    "nama": "Kerangka uji",
    "robust": {"benih": 5, "konsentrasi_dimensi": float("inf"), "jumlah_iterasi": 50},
    "izinkan_dimensi_hilang": True,
    "dimensi": [
        {
            "kode": "hasil",
            "nama": "Hasil",
            "bobot": 0.6,
            "indikator": [
                {
                    "kode": "penurunan_p0_3th",
                    "nama": "Penurunan P0 tiga tahun",
                    "sumber": "statistik",
                    "normalisasi": "min_maks",
                    "bobot": 1.0,
                }
            ],
        },
        {
            "kode": "pelaporan",
            "nama": "Pelaporan",
            "bobot": 0.4,
            "indikator": [
                {
                    "kode": "rpkd_berlaku",
                    "nama": "RPKD berlaku",
                    "sumber": "evaluator",
                    "normalisasi": "rubrik",
                    "nilai_rubrik": {"ya": 100, "tidak": 0},
                    "bobot": 1.0,
                }
            ],
        },
    ],
}


def tulis_peringkat_uji(
    laporan: Path, provinsi: str, tahun: int, data, kerangka=None, dengan_sensitivitas=False
) -> Path:
    """A published ``peringkat.json`` built by the real ranking entry point from ``data``
    (index ``kode_wilayah``, ``wilayah`` and the framework's indicator columns), with the
    sensitivity and coherence results when ``dengan_sensitivitas``."""
    from datetime import UTC, datetime

    from analisis.kontrak.peringkat import MetaPeringkat
    from analisis.peringkat.entri import susun_peringkat
    from analisis.peringkat.jalankan import HasilRangking, MasukanPeringkat, peringatan_dari
    from analisis.peringkat.kerangka import kerangka_dari_dict
    from analisis.tata_letak import TataLetak

    k = kerangka or kerangka_dari_dict(KERANGKA_UJI)
    m = MasukanPeringkat(data=data, sumber={"statistik": "uji"})
    s = susun_peringkat(data, k, dengan_sensitivitas=dengan_sensitivitas)
    ft = TataLetak(laporan).tahun(provinsi, tahun)
    meta = MetaPeringkat(
        kode_provinsi=ft.kode_provinsi,
        provinsi="Provinsi uji",
        tahun=tahun,
        sumber=m.sumber,
        parameter_robust=s.parameter,
        versi_analisis="uji",
        dibuat=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    h = HasilRangking(masukan=m, susunan=s, meta=meta, peringatan=peringatan_dari(m, s))
    return h.kontrak().tulis(ft.peringkat_json)


@pytest.fixture(scope="module")
def induk_kernel(tmp_path_factory):
    """A runner kernel parent (analisis.runner.induk) for a test module, started without
    pytest's per-phase PYTEST_CURRENT_TEST (the parent serves only kernels whose environment is
    its own: a test removes that variable in its body before asking for a kernel)."""
    from analisis.runner.induk_klien import IndukKernel

    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PYTEST_CURRENT_TEST", raising=False)
        induk = IndukKernel(str(tmp_path_factory.mktemp("induk")))
    yield induk
    induk.hentikan()
