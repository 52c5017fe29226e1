"""``scripts/siapkan`` never removes a tool that an earlier run installed.

The script itself runs in a scratch copy of the project whose ``uv`` is a stand-in that behaves
like ``uv sync --frozen``: it installs exactly the extras it is given and removes the others
(it puts or deletes ``.venv/bin/jupyter-lab`` and ``.venv/bin/pytest``). A real full install takes
minutes; what is tested here is the script's decision. The last test asks the real ``uv`` (dry
run, offline) whether what the script would pass in this environment removes anything.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AKAR

UV_PALSU = r"""#!/usr/bin/env bash
# Stand-in for uv: exact sync of the extras given (like 'uv sync --frozen').
if [ "$1" = "--version" ]; then echo "uv 0.13.8"; exit 0; fi
echo "uv $*" >> "$LOG_SIAPKAN"
mkdir -p .venv/bin
rm -f .venv/bin/jupyter-lab .venv/bin/pytest
cp "$PYTHON_PALSU" .venv/bin/python
prev=""
for a in "$@"; do
  if [ "$prev" = "--extra" ]; then
    case "$a" in
      lab) touch .venv/bin/jupyter-lab; chmod +x .venv/bin/jupyter-lab ;;
      test) touch .venv/bin/pytest; chmod +x .venv/bin/pytest ;;
    esac
  fi
  prev="$a"
done
"""

PYTHON_PALSU = r"""#!/usr/bin/env bash
echo "python $*" >> "$LOG_SIAPKAN"
"""

CHROMIUM_PALSU = r"""#!/usr/bin/env bash
echo "pasang-chromium" >> "$LOG_SIAPKAN"
"""

LIBREOFFICE_PALSU = r"""#!/usr/bin/env bash
echo "pasang-libreoffice" >> "$LOG_SIAPKAN"
"""


def _skrip(path: Path, isi: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(isi, "utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def salinan(tmp_path):
    """A scratch project with the real script and stand-ins for uv, the venv's python and
    the chromium installer; returns a function that runs ``bash scripts/siapkan ARGS``."""
    shutil.copy(AKAR / "scripts" / "siapkan", _skrip(tmp_path / "scripts" / "siapkan", ""))
    _skrip(tmp_path / "scripts" / "pasang-chromium", CHROMIUM_PALSU)
    _skrip(tmp_path / "scripts" / "pasang-libreoffice", LIBREOFFICE_PALSU)
    _skrip(tmp_path / ".alat" / "bin" / "uv", UV_PALSU)
    python_palsu = _skrip(tmp_path / "python_palsu", PYTHON_PALSU)
    log = tmp_path / "log"
    env = {
        **os.environ,
        "LOG_SIAPKAN": str(log),
        "PYTHON_PALSU": str(python_palsu),
        "PYTHON": sys.executable,
    }

    def jalankan(*args: str) -> list[str]:
        log.write_text("", "utf-8")
        r = subprocess.run(
            ["bash", "scripts/siapkan", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert r.returncode == 0, r.stderr
        return log.read_text("utf-8").splitlines()

    jalankan.akar = tmp_path  # type: ignore[attr-defined]
    return jalankan


def _terpasang(akar: Path) -> set[str]:
    return {n for n in ("jupyter-lab", "pytest") if (akar / ".venv" / "bin" / n).exists()}


def test_lab_then_plain_keeps_jupyterlab(salinan):
    salinan("--lab")
    assert _terpasang(salinan.akar) == {"jupyter-lab"}
    log = salinan()  # what scripts/jalankan runs
    assert _terpasang(salinan.akar) == {"jupyter-lab"}
    assert log[0] == f"uv sync --frozen --compile-bytecode --python {sys.executable} --extra lab"


def test_test_tools_then_lab_keeps_the_test_tools(salinan):
    salinan("--uji")
    salinan("--lab")
    assert _terpasang(salinan.akar) == {"jupyter-lab", "pytest"}
    salinan()
    assert _terpasang(salinan.akar) == {"jupyter-lab", "pytest"}
    assert (salinan.akar / ".venv" / "analisis-ekstra").read_text().split() == ["lab", "test"]


def test_an_environment_from_before_the_record_keeps_its_tools(salinan):
    """A .venv set up by the old script has no record: its JupyterLab is found and kept."""
    _skrip(salinan.akar / ".venv" / "bin" / "jupyter-lab", "")
    salinan("--uji")
    assert _terpasang(salinan.akar) == {"jupyter-lab", "pytest"}


def test_every_run_registers_the_project_kernel(salinan):
    for args in ((), ("--uji",), ("--lab",)):
        log = salinan(*args)
        assert (
            "python -m ipykernel install --sys-prefix --name analisis "
            "--display-name Python (analisis)"
        ) in log
        assert ("pasang-chromium" in log) == (args == ("--uji",))
        assert ("pasang-libreoffice" in log) == (args == ("--uji",))


def test_unknown_option_is_refused(salinan):
    r = subprocess.run(
        ["bash", "scripts/siapkan", "--jupyter"],
        cwd=salinan.akar,
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 2 and r.stderr.strip() == "siapkan: opsi tidak dikenal: --jupyter"


def test_real_uv_would_remove_nothing_from_this_environment():
    """The extras siapkan records for this environment (it set up the test command) are what
    the environment holds: a sync with them removes nothing. Without them (what the old script
    passed) the test tools would be removed."""
    uv, catatan = AKAR / ".alat" / "bin" / "uv", AKAR / ".venv" / "analisis-ekstra"
    if not (uv.exists() and catatan.exists()):
        pytest.skip("lingkungan ini tidak disiapkan dengan scripts/siapkan")
    ekstra = catatan.read_text("utf-8").split()
    assert "test" in ekstra

    def dilepas(*opsi: str) -> set[str]:
        """Packages the sync would remove and not put back (the project itself is rebuilt)."""
        r = subprocess.run(
            [str(uv), "sync", "--frozen", "--offline", "--dry-run", *opsi],
            cwd=AKAR,
            env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert r.returncode == 0, r.stderr
        baris = (r.stdout + r.stderr).splitlines()

        def nama(tanda: str) -> set[str]:
            return {b[3:].split("=")[0].split(" @ ")[0] for b in baris if b.startswith(tanda)}

        return nama(" - ") - nama(" + ")

    assert dilepas(*[f"--extra={e}" for e in ekstra]) == set()
    assert {"pytest", "nbval"} <= dilepas()
