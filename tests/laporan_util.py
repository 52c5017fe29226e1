"""Helpers for report tests: run the evaluation notebook in this process, read a report's text.

:func:`jalankan_notebook_dalam_proses` executes ``notebooks/evaluasi_wilayah.ipynb`` cell by
cell in an IPython shell of the test process (parameters injected after the ``parameters`` cell
as papermill does) and records each cell's display outputs, so a test can export and scan dozens
of reports without a kernel per report (~0,3 s per report instead of ~1 s with a warm kernel).
The exporter is the real one (:func:`analisis.laporan.ekspor.ekspor_html`).
"""

from __future__ import annotations

import copy
import html as html_lib
import re
from pathlib import Path
from typing import Any

import nbformat

from conftest import AKAR

NOTEBOOK = AKAR / "notebooks" / "evaluasi_wilayah.ipynb"


def _shell():
    from IPython.core.interactiveshell import InteractiveShell

    return InteractiveShell.instance()


def _kosongkan(shell) -> None:
    """Drop the previous run's variables (``shell.reset`` would also run a full garbage
    collection, over a second per report in a process holding pandas and nbconvert)."""
    tersembunyi = shell.user_ns_hidden
    for nama in [n for n in shell.user_ns if n not in tersembunyi and not n.startswith("_")]:
        del shell.user_ns[nama]


def jalankan_notebook_dalam_proses(parameter: dict[str, Any], notebook: Path = NOTEBOOK):
    """The executed notebook node (outputs as a kernel would record them)."""
    from IPython.utils.capture import capture_output

    nb = copy.deepcopy(nbformat.read(notebook, as_version=4))
    shell = _shell()
    _kosongkan(shell)
    sumber_param = "\n".join(f"{k} = {v!r}" for k, v in parameter.items())
    sel_baru = []
    for sel in nb.cells:
        sel_baru.append(sel)
        if "parameters" in sel.get("metadata", {}).get("tags", []):
            injeksi = nbformat.v4.new_code_cell(sumber_param)
            injeksi.metadata["tags"] = ["injected-parameters"]
            sel_baru.append(injeksi)
    nb.cells = sel_baru
    for sel in nb.cells:
        if sel.cell_type != "code":
            continue
        with capture_output(display=True) as tangkap:
            hasil = shell.run_cell(sel.source, store_history=False, silent=False)
        if not hasil.success:
            raise RuntimeError(f"sel gagal: {hasil.error_in_exec or hasil.error_before_exec}")
        keluaran = []
        if tangkap.stdout:
            keluaran.append(nbformat.v4.new_output("stream", name="stdout", text=tangkap.stdout))
        for o in tangkap.outputs:
            keluaran.append(
                nbformat.v4.new_output("display_data", data=o.data, metadata=o.metadata or {})
            )
        sel.outputs = keluaran
    return nb


def teks_tampak(html: str) -> str:
    """Visible text of a report: no scripts, styles, tag attributes, ``<code>`` content or
    ``<cite>`` (sources and notes quoted verbatim from the data)."""
    t = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.DOTALL)
    t = re.sub(r"<code>.*?</code>|<cite>.*?</cite>", " ", t, flags=re.DOTALL)
    t = re.sub(r"<[^>]+>", " ", t)
    return re.sub(r"\s+", " ", html_lib.unescape(t))
