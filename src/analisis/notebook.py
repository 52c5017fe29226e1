"""Executing the project's parameterised notebooks in process: papermill's parameters, nbclient."""

from __future__ import annotations

import copy
import tempfile
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from analisis.galat import GalatAnalisis
from analisis.proyek import Proyek


def pesan_galat_sel(galat: Exception) -> str:
    """The failing cell's error as one line (papermill execution errors): :func:`ringkas_galat`."""
    return ringkas_galat(
        getattr(galat, "ename", type(galat).__name__), getattr(galat, "evalue", str(galat))
    )


def ringkas_galat(ename: object, evalue: object) -> str:
    """A cell's exception (its class name and message, as the kernel reports them) as one line.

    The project's own errors (:class:`GalatAnalisis` and its subclasses, all named ``Galat…``)
    already say what is wrong in Indonesian: their message is given without the class name. Any
    other exception keeps its name (``KeyError: 'x'``): the message alone would say too little."""
    nama, pesan = str(ename), str(evalue).strip()
    if nama.startswith(AWALAN_GALAT_PROYEK) and pesan:
        return pesan
    return f"{nama}: {pesan}".strip()


AWALAN_GALAT_PROYEK = "Galat"
"""How the names of the project's error classes begin (a test checks every subclass of
:class:`GalatAnalisis` in the package): the kernel reports only the name of a cell's exception."""


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


def klien_kernel(km: Any, batas: float = 120) -> Any:
    """A started client of the kernel of ``km``, returned once the kernel answers.

    The client has a session of its own: a client's shell socket is addressed by its session id,
    and ``km.client()`` copies the manager's, so two clients of one kernel would otherwise get
    each other's replies. The caller stops it (``kc.stop_channels()``). Readiness:
    :func:`_tunggu_siap`."""
    from jupyter_client.session import Session
    from jupyter_core.utils import run_sync

    asal = km.session
    sesi = Session(key=asal.key, signature_scheme=asal.signature_scheme, username=asal.username)
    kc = km.client(session=sesi)
    kc.start_channels()

    async def siap() -> None:
        await _tunggu_siap(kc, batas)

    try:
        run_sync(siap)()
    except BaseException:
        kc.stop_channels()
        raise
    return kc


async def _tunggu_siap(kc: Any, batas: float) -> None:
    """Wait until the kernel of ``kc`` answers on its shell channel and its IOPub channel
    reaches ``kc``: jupyter_client's ``KernelClient.wait_for_ready`` (the same requests and
    checks; its errors in Indonesian) without its last step, which reads IOPub until 0.2 s
    pass without a message.

    That step only drops the kernel's left-over IOPub messages (the busy/idle status of the
    ``kernel_info`` requests). Every reader of this client matches IOPub messages to its own
    request by the parent message id and skips any other (``execute_interactive``, nbclient's
    cell execution), so the left-overs change nothing; the 0.2 s fell on the critical path of
    every kernel start (a cold run's workers wait for their kernels before any region)."""
    import time
    from queue import Empty

    from jupyter_client import protocol_version_info
    from jupyter_core.utils import ensure_async

    from analisis.laporan.format import angka

    akhir = time.monotonic() + batas
    while True:
        kc.kernel_info()
        try:
            balasan = await ensure_async(kc.shell_channel.get_msg(timeout=1))
        except Empty:
            pass
        else:
            if balasan["msg_type"] == "kernel_info_reply":
                try:  # IOPub connected: the status message of the request arrives
                    await ensure_async(kc.iopub_channel.get_msg(timeout=0.2))
                except Empty:
                    pass
                else:
                    protokol = str(balasan["content"].get("protocol_version", "5"))
                    utama = int(protokol.split(".")[0])
                    if utama != protocol_version_info[0]:
                        kc.session.adapt_version = utama
                    return
        if not await ensure_async(kc.is_alive()):
            raise RuntimeError("kernel berhenti sebelum menjawab permintaan kernel_info")
        if time.monotonic() > akhir:
            raise RuntimeError(f"kernel tidak menjawab dalam {angka(batas, 0)} detik")


def _sumber_notebook(path: Path) -> Any:
    """The notebook at ``path`` as papermill reads it, parsed once per process and file version.

    A worker runs the same notebook for every region: reading and validating it each time
    costs more than copying the parsed node (:func:`parameterize_notebook` works on a copy)."""
    from papermill.iorw import load_notebook_node

    st = path.stat()
    kunci = (str(path), st.st_mtime_ns, st.st_size)
    simpanan = _SUMBER.get(str(path))
    if simpanan is None or simpanan[0] != kunci:
        simpanan = (kunci, load_notebook_node(str(path)))
        _SUMBER[str(path)] = simpanan
    return simpanan[1]


_SUMBER: dict[str, tuple[tuple[str, int, int], Any]] = {}


def notebook_berparameter(sumber: Path, parameter: dict, kernel: str = "python3") -> Any:
    """A copy of the notebook at ``sumber`` with papermill's ``injected-parameters`` cell (the
    same cell ``papermill`` writes from the command line)."""
    from papermill.parameterize import parameterize_notebook

    return parameterize_notebook(_sumber_notebook(sumber), parameter, kernel_name=kernel)


_KELUARAN_LANGSUNG = frozenset({"stream", "display_data", "execute_result"})
"""Output messages :class:`KlienNotebook` turns into nodes itself (the others go to nbclient)."""


def _keluaran(jenis: str, isi: dict[str, Any]) -> Any:
    """The output node of a ``stream``, ``display_data`` or ``execute_result`` message's content:
    what nbformat's ``output_from_msg`` builds (same keys, in the same order, nested
    NotebookNodes), without its validation."""
    from nbformat import from_dict

    if jenis == "stream":
        return from_dict({"output_type": jenis, "name": isi["name"], "text": isi["text"]})
    node = {"output_type": jenis, "metadata": isi["metadata"], "data": isi["data"]}
    if jenis == "execute_result":
        node["execution_count"] = isi["execution_count"]
    return from_dict(node)


def _kelas_klien() -> Any:
    """:class:`KlienNotebook`, defined on first use (nbclient is imported only when running)."""
    global _KELAS_KLIEN
    if _KELAS_KLIEN is None:
        from nbclient import NotebookClient

        class KlienNotebook(NotebookClient):
            """nbclient's client, turning plain output messages into nodes without validating
            each one on its own.

            nbclient builds every output with nbformat's ``output_from_msg``, which validates
            the node against the output part of the notebook schema (``ref=``); nbformat checks
            such a part only with jsonschema, not with its default fastjsonschema: ~0.25 ms an
            output, ~13 ms of this process's ~80 ms of CPU for a region's notebook (~50 outputs;
            measured).
            Here a stream, display or result that no output hook takes, with no display id and
            no pending ``clear_output``, becomes the same node without that check; everything
            else is nbclient's own :meth:`output`. :func:`eksekusi` validates the executed
            notebook as a whole instead (the same schema, one fastjsonschema pass)."""

            def output(
                self, outs: list[Any], msg: dict[str, Any], display_id: str | None, cell_index: int
            ) -> Any:
                jenis = msg["msg_type"]
                if (
                    jenis not in _KELUARAN_LANGSUNG
                    or display_id
                    or self.clear_before_next_output
                    or self.output_hook_stack.get(msg["parent_header"].get("msg_id"))
                ):
                    return super().output(outs, msg, display_id, cell_index)
                keluaran = _keluaran(jenis, msg["content"])
                outs.append(keluaran)
                return keluaran

        _KELAS_KLIEN = KlienNotebook
    return _KELAS_KLIEN


_KELAS_KLIEN: Any = None


def _info_bahasa(klien: Any) -> Any:
    """The kernel's ``language_info`` (its ``kernel_info`` reply), asked once per kernel client.

    A runner worker keeps one client for its kernel's lifetime (a new kernel gets a new client)
    and runs region after region with it: the reply, the same each time, is remembered for that
    client instead of a request and its reply (and the kernel's busy/idle messages) per region."""
    kc = klien.kc
    info = _BAHASA.get(kc)
    if info is None:
        balasan = klien.wait_for_reply(kc.kernel_info())
        if balasan is None:
            return None
        info = _BAHASA[kc] = balasan["content"]["language_info"]
    return copy.deepcopy(info)


_BAHASA: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
"""``language_info`` per kernel client (:func:`_info_bahasa`); gone with the client."""


def _notebook_keluaran(nb: Any, sel: list[Any]) -> Any:
    """A notebook holding only the outputs (and execution counts) of the code cells ``sel``
    of ``nb``: what :func:`periksa_keluaran` validates. The executed notebook's own metadata
    is not this check's business (papermill and nbclient never checked it either)."""
    from nbformat import from_dict

    return from_dict(
        {
            "nbformat": nb.nbformat,
            "nbformat_minor": nb.nbformat_minor,
            "metadata": {},
            "cells": [
                {
                    "cell_type": "code",
                    "id": f"sel-{i}",
                    "metadata": {},
                    "source": "",
                    "execution_count": c.get("execution_count"),
                    "outputs": c.get("outputs", []),
                }
                for i, c in enumerate(sel)
            ],
        }
    )


def periksa_keluaran(nb: Any, konteks: str) -> None:
    """Check every output of an executed notebook against the notebook schema in one pass
    (fastjsonschema; :class:`KlienNotebook` builds them unchecked). An invalid output stops the
    run with one Indonesian line naming the cell (its execution count, as a failed cell is
    named) and the schema's complaint."""
    import nbformat

    kode = [c for c in nb.cells if c.get("cell_type") == "code"]
    try:
        nbformat.validate(_notebook_keluaran(nb, kode))
        return
    except nbformat.ValidationError:
        pass
    for c in kode:  # the failing cell (only on this rare path: one check per cell)
        try:
            nbformat.validate(_notebook_keluaran(nb, [c]))
        except nbformat.ValidationError as e:
            alasan = str(e.message if hasattr(e, "message") else e).splitlines()[0]
            raise GalatAnalisis(
                f"{konteks} gagal di sel {c.get('execution_count')}: keluaran sel tidak sah "
                f"menurut skema notebook ({alasan}).",
                kode_keluar=1,
            ) from e


def _sel_gagal(nb: Any) -> Any:
    """The execution count of the first code cell with an error output (None if none has)."""
    for sel in nb.cells:
        if sel.get("cell_type") == "code" and any(
            o.get("output_type") == "error" for o in sel.get("outputs", [])
        ):
            return sel.get("execution_count")
    return None


def eksekusi(
    nama: str,
    parameter: dict,
    *,
    proyek: Proyek,
    konteks: str,
    km: Any = None,
    kc: Any = None,
    kernel: str = "python3",
) -> Any:
    """Run ``notebooks/<nama>.ipynb`` of ``proyek`` with ``parameter``; return the executed
    notebook node.

    The parameters are injected by papermill (:func:`notebook_berparameter`, the notebook stays
    papermill-executable) and the cells run with nbclient, in this process; no notebook file is
    written. ``konteks`` names what is being run (e.g. "Evaluasi Banjar (6303) 2024") in the
    error raised when a cell fails. ``km`` is an already started kernel manager to reuse and
    ``kc`` a ready client of it (:func:`klien_kernel`) to reuse, as a batch worker does; without
    ``kc`` a client is started for this run and stopped afterwards.
    """
    from nbclient.exceptions import CellExecutionError

    if km is None:
        with kernel_ipc(kernel, proyek.akar) as km_baru:
            return eksekusi(
                nama, parameter, proyek=proyek, konteks=konteks, km=km_baru, kernel=kernel
            )
    nb = notebook_berparameter(proyek.notebook(nama), parameter, kernel)
    klien = _kelas_klien()(
        nb,
        km=km,
        kernel_name=kernel,
        timeout=None,
        resources={"metadata": {"path": str(proyek.akar)}},
    )
    # The cells run one by one, as papermill does, not through ``NotebookClient.execute``: that
    # one replaces the process's SIGINT/SIGTERM handlers while it runs (a batch worker must keep
    # its own: ignore Ctrl-C, kill its kernel on SIGTERM) and its clean-up would shut down a
    # kernel it does not own. The client is given here and, when started here, stopped here.
    klien.kc = kc if kc is not None else klien_kernel(km)
    try:
        klien.reset_execution_trackers()
        bahasa = _info_bahasa(klien)
        if bahasa is not None:  # the exporter picks its highlighter from it
            nb.metadata["language_info"] = bahasa
        for i, sel in enumerate(nb.cells):
            klien.execute_cell(sel, i, execution_count=klien.code_cells_executed + 1)
        klien.set_widgets_metadata()
        periksa_keluaran(nb, konteks)  # not validated one by one (KlienNotebook)
        return nb
    except CellExecutionError as e:
        raise GalatAnalisis(
            f"{konteks} gagal di sel {_sel_gagal(nb)}: {pesan_galat_sel(e)}", kode_keluar=1
        ) from e
    finally:
        if kc is None:
            klien.kc.stop_channels()
