"""Setup for validating the notebooks with nbval in the test command (``pytest --nbval-lax``).

Not needed to use the notebooks. nbval runs each notebook as an analyst would in JupyterLab:
the kernel starts in this folder and the notebook keeps its default parameters. The project's
default reports folder is redirected (``ANALISIS_LAPORAN``) to a temporary folder that already
holds the 13 Kalimantan Selatan results (computed with the library), so the ranking notebook has
its inputs, and the import store (``ANALISIS_PENYIMPANAN``) to an empty one, so nothing the user
imported changes the figures; nothing is written into the project's ``reports/``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_DISIAPKAN: list[Path] = []


def _siapkan_folder() -> None:
    from analisis.data.model import Basisdata
    from analisis.data.wilayah import wilayah_provinsi
    from analisis.evaluasi import evaluasi_wilayah, simpan_hasil

    akar = Path(tempfile.mkdtemp(prefix="analisis-nbval-"))
    laporan, penyimpanan = akar / "reports", akar / "penyimpanan"
    penyimpanan.mkdir()
    basis = Basisdata.muat(impor=False)
    for kode in wilayah_provinsi("63"):
        simpan_hasil(evaluasi_wilayah(kode, 2024, basis=basis), laporan)
    os.environ["ANALISIS_LAPORAN"] = str(laporan)
    os.environ["ANALISIS_PENYIMPANAN"] = str(penyimpanan)
    _DISIAPKAN.append(akar)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before the first notebook's kernel starts (the kernel inherits the environment)."""
    if not _DISIAPKAN and str(item.path).endswith(".ipynb"):
        _siapkan_folder()
