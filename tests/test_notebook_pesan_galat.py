"""The one-line message of a failing notebook cell (what the runner, the CLI and the site show)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from nbclient.exceptions import CellExecutionError

import analisis
from analisis.galat import GalatAnalisis
from analisis.notebook import AWALAN_GALAT_PROYEK, pesan_galat_sel


def _semua_subkelas(kelas: type) -> set[type]:
    hasil = set()
    for sub in kelas.__subclasses__():
        hasil |= {sub} | _semua_subkelas(sub)
    return hasil


@pytest.mark.parametrize("ename", ["GalatValidasi", "GalatAnalisis", "GalatBerkas", "GalatTulis"])
def test_galat_proyek_tanpa_nama_kelas(ename: str) -> None:
    galat = CellExecutionError("traceback", ename, "Parameter tahun_awal: 'abc' bukan tahun.")
    assert pesan_galat_sel(galat) == "Parameter tahun_awal: 'abc' bukan tahun."


def test_galat_lain_tetap_bernama() -> None:
    assert pesan_galat_sel(CellExecutionError("tb", "KeyError", "'p0'")) == "KeyError: 'p0'"
    assert pesan_galat_sel(ValueError("data uji rusak")) == "ValueError: data uji rusak"


def test_galat_proyek_tanpa_pesan_tetap_bernama() -> None:
    assert pesan_galat_sel(CellExecutionError("tb", "GalatAnalisis", "")) == "GalatAnalisis:"


def test_semua_kelas_galat_proyek_berawalan_galat() -> None:
    """The rule :func:`pesan_galat_sel` relies on: every user-facing error class of the package
    is named ``Galat…`` (the kernel sends only the class name)."""
    for modul in pkgutil.walk_packages(analisis.__path__, "analisis."):
        if not modul.name.endswith("__main__"):  # runs the CLI when imported
            importlib.import_module(modul.name)
    nama = {
        k.__name__ for k in _semua_subkelas(GalatAnalisis) if k.__module__.startswith("analisis")
    }
    assert {"GalatValidasi", "GalatBerkas", "GalatTulis"} <= nama
    assert all(n.startswith(AWALAN_GALAT_PROYEK) for n in nama), sorted(nama)
