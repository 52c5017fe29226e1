"""Shared fixtures. Browser fixtures live in conftest_ui.py (loaded as a plugin)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest_plugins = ["conftest_ui"]

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
