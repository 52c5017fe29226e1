"""The ranking package imports its modules on first use: a run's workers and kernels load the
run contracts (which name the ranking framework) without the sensitivity analysis's SALib and
scipy.stats, and every public name still resolves from the package."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analisis import peringkat


def _modul_setelah(kode: str) -> set[str]:
    keluaran = subprocess.run(
        [sys.executable, "-c", f"{kode}\nimport sys; print(' '.join(sorted(sys.modules)))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(keluaran.split())


def test_the_run_contracts_and_workers_do_not_import_the_sensitivity_analysis():
    modul = _modul_setelah("import analisis.kontrak, analisis.runner.pekerja")
    assert "analisis.peringkat.kerangka" in modul
    assert not {"SALib", "analisis.peringkat.sensitivitas", "scipy.stats"} & modul


def test_a_public_name_imports_its_module_on_first_use():
    modul = _modul_setelah("from analisis.peringkat import analisis_sensitivitas")
    assert {"SALib", "analisis.peringkat.sensitivitas"} <= modul


@pytest.mark.parametrize("nama", peringkat.__all__)
def test_every_public_name_resolves_to_its_module_object(nama):
    obj = getattr(peringkat, nama)
    assert obj.__module__.startswith("analisis.peringkat.")
    assert getattr(sys.modules[obj.__module__], nama) is obj


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="tidak_ada"):
        peringkat.tidak_ada  # noqa: B018
    assert peringkat.robust.uji_robust is peringkat.uji_robust  # submodules as attributes
