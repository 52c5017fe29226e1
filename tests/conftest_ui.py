"""pytest plugin for browser tests: system Chromium driven by pytest-playwright.

Loaded from ``tests/conftest.py`` with ``pytest_plugins = ["conftest_ui"]``.

* Playwright's own browser download is never used (``playwright install`` fails on
  these machines and is not needed). pytest-playwright's ``browser_type_launch_args``
  is overridden to launch the Debian ``chromium`` (``$CHROMIUM_PATH`` or ``chromium``
  on ``PATH``) with flags that work as root and keep Chromium off the network.
* Tests that use the browser carry ``@pytest.mark.ui``. Without Chromium they are
  skipped with the reason, except when ``CI=true``: CI installs Chromium itself, so a
  missing browser there aborts the session with a clear message instead of silently
  skipping every browser test.
* ``artefak_dir`` is ``tests/artefak/`` (screenshots; git-ignored by the lead).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",  # required as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]

FOLDER_ARTEFAK = Path(__file__).resolve().parent / "artefak"


def _di_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def cari_chromium() -> tuple[str | None, str]:
    """Path of an executable Chromium, or ``(None, reason)``."""
    dari_env = os.environ.get("CHROMIUM_PATH")
    if dari_env:
        if os.path.isfile(dari_env) and os.access(dari_env, os.X_OK):
            return dari_env, ""
        return None, f"CHROMIUM_PATH={dari_env!r} bukan berkas yang bisa dijalankan"
    ditemukan = shutil.which("chromium")
    if ditemukan:
        return ditemukan, ""
    return None, (
        "Chromium tidak ditemukan (set CHROMIUM_PATH atau pasang: "
        "apt-get install -y chromium; jangan `playwright install`)"
    )


CHROMIUM, ALASAN_TANPA_CHROMIUM = cari_chromium()


def pytest_configure(config: pytest.Config) -> None:
    # pytest-base-url (pulled in by pytest-playwright) defines a session fixture as an
    # instance method; pytest 9.2 warns about it in every browser test. The warning is
    # raised from _pytest/fixtures.py, so a module filter on pytest_base_url misses it.
    config.addinivalue_line(
        "filterwarnings",
        "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM is not None or _di_ci():
        return
    lewati = pytest.mark.skip(reason=f"uji UI dilewati: {ALASAN_TANPA_CHROMIUM}")
    for item in items:
        if item.get_closest_marker("ui") is not None:
            item.add_marker(lewati)


def pytest_collection_finish(session: pytest.Session) -> None:
    """In CI a selected UI test without Chromium stops the whole run, loudly."""
    if CHROMIUM is not None or not _di_ci() or session.config.option.collectonly:
        return
    ui = [i.nodeid for i in session.items if i.get_closest_marker("ui") is not None]
    if ui:
        pytest.exit(
            f"CI=true tetapi {ALASAN_TANPA_CHROMIUM}. {len(ui)} uji @pytest.mark.ui "
            f"membutuhkan peramban (mis. {ui[0]}). Pasang chromium di langkah CI.",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, browser_name: str) -> dict:
    """pytest-playwright's launch options + system Chromium and offline-friendly flags."""
    if browser_name != "chromium":
        return browser_type_launch_args
    if CHROMIUM is None:  # a browser test without @pytest.mark.ui (ui tests were skipped)
        pytest.fail(
            f"uji ini memakai peramban tetapi {ALASAN_TANPA_CHROMIUM}; tandai @pytest.mark.ui"
        )
    argumen = [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS]
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": argumen}


@pytest.fixture(scope="session")
def artefak_dir() -> Path:
    """``tests/artefak/``: screenshots and other files to inspect after a run."""
    FOLDER_ARTEFAK.mkdir(parents=True, exist_ok=True)
    return FOLDER_ARTEFAK
