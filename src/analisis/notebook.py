"""Executing the project's parameterised notebooks in-process with papermill."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from analisis.galat import GalatAnalisis
from analisis.proyek import Proyek


def pesan_galat_sel(galat: Exception) -> str:
    """The failing cell's error as one line (papermill execution errors)."""
    ename = getattr(galat, "ename", type(galat).__name__)
    evalue = getattr(galat, "evalue", str(galat))
    return f"{ename}: {evalue}".strip()


@contextmanager
def kernel_ipc(kernel: str = "python3", cwd: Path | None = None) -> Iterator[Any]:
    """A started kernel on IPC transport with a unique socket path, shut down afterwards.

    IPC avoids TCP port races between parallel kernels and ipykernel's warning about
    unencrypted TCP; the unique path keeps two kernels from binding the same sockets.
    """
    from jupyter_client import KernelManager

    with tempfile.TemporaryDirectory(prefix="analisis-kernel-") as folder:
        km = KernelManager(kernel_name=kernel, transport="ipc", ip=str(Path(folder) / "kernel"))
        km.start_kernel(cwd=str(cwd) if cwd else None)
        try:
            yield km
        finally:
            km.shutdown_kernel(now=True)


def eksekusi(
    nama: str,
    parameter: dict,
    *,
    proyek: Proyek,
    konteks: str,
    km: Any = None,
    kernel: str = "python3",
) -> Any:
    """Run ``notebooks/<nama>.ipynb`` of ``proyek`` with ``parameter``; return the executed
    notebook node.

    ``konteks`` names what is being run (e.g. "Evaluasi Banjar (6303) 2024") in the error
    raised when a cell fails. ``km`` is an already started kernel manager to reuse.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    logging.getLogger("papermill").setLevel(logging.ERROR)
    sumber = proyek.notebook(nama)
    if km is None:
        with kernel_ipc(kernel, proyek.akar) as km_baru:
            return eksekusi(
                nama, parameter, proyek=proyek, konteks=konteks, km=km_baru, kernel=kernel
            )
    try:
        return pm.execute_notebook(
            str(sumber),
            None,
            parameters=parameter,
            kernel_name=kernel,
            progress_bar=False,
            log_output=False,
            cwd=str(proyek.akar),
            km=km,
        )
    except PapermillExecutionError as e:
        raise GalatAnalisis(
            f"{konteks} gagal di sel {e.exec_count}: {pesan_galat_sel(e)}", kode_keluar=1
        ) from e
