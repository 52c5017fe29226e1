"""The reusable worker kernel: reuse with ``%reset -f``, papermill/nbclient ``km=``, one client per
kernel, dead kernel, timeout, stop.

A trivial notebook and no warm-up keep these fast (a bare kernel starts in about a second).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from nbclient.exceptions import DeadKernelError
from papermill.exceptions import PapermillExecutionError

from analisis.galat import GalatAnalisis
from analisis.notebook import eksekusi
from analisis.proyek import Proyek
from analisis.runner.induk_klien import ProsesInduk
from analisis.runner.jalan import PelaksanaProses
from analisis.runner.pekerja import (
    KernelPekerja,
    atur_induk_kernel,
    kernel_proses,
    pengawas_waktu,
    tutup_semua_kernel,
)


def _notebook(path: Path, *sumber: str) -> Path:
    nb = nbformat.v4.new_notebook()
    sel = nbformat.v4.new_code_cell("nilai = 1")
    sel.metadata["tags"] = ["parameters"]
    nb.cells = [sel, *(nbformat.v4.new_code_cell(s) for s in sumber)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def _hidup(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (exited, not yet reaped) counts as gone
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return False


@pytest.fixture
def kp(tmp_path):
    k = KernelPekerja(pemanasan="", cwd=str(tmp_path))
    yield k
    k.tutup()


@pytest.fixture(params=["sendiri", "dari induk"])
def kp_dua(request, tmp_path):
    """A worker kernel started on its own, and one forked from the kernel parent: death,
    timeouts and renewal must behave the same."""
    dari_induk = request.param == "dari induk"
    if dari_induk and not sys.platform.startswith("linux"):
        pytest.skip("the kernel parent runs on Linux")
    if dari_induk:
        atur_induk_kernel(request.getfixturevalue("induk_kernel").alamat)
    k = KernelPekerja(pemanasan="", cwd=str(tmp_path))
    asli = k.pastikan

    def pastikan() -> float:
        os.environ.pop("PYTEST_CURRENT_TEST", None)  # set again by pytest in every phase
        detik = asli()
        if dari_induk:
            assert isinstance(k.km.provisioner.process, ProsesInduk)
        return detik

    k.pastikan = pastikan  # type: ignore[method-assign]
    try:
        yield k
    finally:
        k.tutup()
        atur_induk_kernel(None)


def test_one_kernel_serves_several_notebooks_and_reset_clears_state(kp, tmp_path):
    assert kp.pastikan() > 0
    pid, folder = kp.pid, Path(kp._folder)
    assert any(
        p.name.startswith("kernel-") for p in folder.iterdir()
    )  # IPC sockets in a private folder
    nb = _notebook(tmp_path / "a.ipynb", "import json\nhasil = nilai * 2\nprint(hasil)")
    for n in (1, 2, 3):
        out = pm.execute_notebook(
            str(nb),
            None,
            parameters={"nilai": n},
            km=kp.km,
            kernel_name="python3",
            progress_bar=False,
        )
        assert out.cells[-1].outputs[0]["text"].strip() == str(2 * n)
        kp.dipakai += 1
        kp.bersihkan()
    assert kp.pid == pid and kp.pastikan() == 0.0  # same kernel all along
    with pytest.raises(RuntimeError, match="NameError"):
        kp.jalankan_kode("hasil")  # variables are gone after %reset -f ...
    kp.jalankan_kode("import sys\nassert 'json' in sys.modules")  # ... imported modules stay cached
    kp.tutup()
    assert not folder.exists() and not _hidup(pid)


def test_two_kernels_from_the_same_folder_do_not_cross_talk(tmp_path):
    a, b = (
        KernelPekerja(pemanasan="", cwd=str(tmp_path)),
        KernelPekerja(pemanasan="", cwd=str(tmp_path)),
    )
    try:
        a.pastikan()
        b.pastikan()
        assert a._folder != b._folder
        a.jalankan_kode("x = 'a'")
        b.jalankan_kode("x = 'b'")
        a.jalankan_kode("assert x == 'a'")
        b.jalankan_kode("assert x == 'b'")
    finally:
        a.tutup()
        b.tutup()


def test_dead_kernel_is_detected_and_replaced(kp_dua, tmp_path):
    kp = kp_dua
    kp.pastikan()
    pid = kp.pid
    nb = _notebook(tmp_path / "mati.ipynb", "import os\nos._exit(1)")
    with pytest.raises(DeadKernelError):
        pm.execute_notebook(str(nb), None, km=kp.km, kernel_name="python3", progress_bar=False)
    assert not kp.hidup()
    assert kp.pastikan() > 0 and kp.pid != pid and kp.hidup()


def test_timeout_interrupts_the_running_cell(kp, tmp_path):
    kp.pastikan()
    nb = _notebook(tmp_path / "lama.ipynb", "import time\ntime.sleep(120)")
    # The cell sleeps 120 s: a KeyboardInterrupt error (not a dead kernel after the 10 s grace,
    # not a normal end) shows the interrupt stopped it at the 2 s limit.
    with (
        pytest.raises(PapermillExecutionError, match="KeyboardInterrupt"),
        pengawas_waktu(kp, 2.0, tenggang=10.0),
    ):
        pm.execute_notebook(str(nb), None, km=kp.km, kernel_name="python3", progress_bar=False)
    assert kp.terinterupsi and kp.hidup()


def test_timeout_kills_a_kernel_that_ignores_the_interrupt(kp_dua, tmp_path):
    kp = kp_dua
    kp.pastikan()
    nb = _notebook(
        tmp_path / "bandel.ipynb",
        "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(120)",
    )
    with pytest.raises(DeadKernelError), pengawas_waktu(kp, 1.0, tenggang=1.0):
        pm.execute_notebook(str(nb), None, km=kp.km, kernel_name="python3", progress_bar=False)
    assert kp.terinterupsi and not kp.hidup()


def _induk_dari(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])


def _tugas_lama(folder: str) -> None:
    """Runs in a pool worker: start this worker's kernel, record pids, then block in it."""
    k = kernel_proses("python3", folder)
    k.pemanasan = ""
    k.pastikan()
    Path(folder, "pid").write_text(f"{os.getpid()} {k.pid}")
    k.jalankan_kode("import time\ntime.sleep(120)", batas=200)


def test_stopping_the_pool_kills_workers_and_their_kernels(tmp_path):
    pelaksana = PelaksanaProses(1)
    try:
        pelaksana.siapkan_untuk("kode-uji", str(tmp_path))  # as a run does: the kernel parent
        induk = pelaksana.pid_induk()
        pelaksana.submit(_tugas_lama, str(tmp_path))
        batas = time.time() + 120
        while not (tmp_path / "pid").exists() and time.time() < batas:
            time.sleep(0.2)
        pekerja, kernel = map(int, (tmp_path / "pid").read_text().split())
        assert _hidup(pekerja) and _hidup(kernel)
        if induk is not None:  # where the platform forks: the kernel is the parent's child
            assert _induk_dari(kernel) == induk
        pelaksana.hentikan()  # what Ctrl-C / SIGTERM in the runner does
        semua = [pekerja, kernel, *([] if induk is None else [induk])]
        batas = time.time() + 15
        while any(_hidup(p) for p in semua) and time.time() < batas:
            time.sleep(0.2)
        assert not any(_hidup(p) for p in semua)
        assert pelaksana.pid_induk() is None
    finally:
        pelaksana.hentikan()


def test_close_all_kernels_of_this_process(tmp_path):
    k = kernel_proses("python3", str(tmp_path))
    k.pemanasan = ""
    k.pastikan()
    pid = k.pid
    tutup_semua_kernel()
    assert not _hidup(pid) and k.km is None


def test_kernel_is_replaced_when_the_package_code_changed(kp, tmp_path):
    from analisis.runner.pekerja import _Log, _siapkan_kernel

    log = _Log(tmp_path / "w.log")
    assert _siapkan_kernel(kp, log, "kode-a") > 0
    pid = kp.pid
    kp.dipakai = 1
    assert (
        _siapkan_kernel(kp, log, "kode-a") == 0.0 and kp.pid == pid
    )  # same code: reused after %reset -f
    assert _siapkan_kernel(kp, log, "kode-b") > 0 and kp.pid != pid  # new code: a fresh kernel
    teks = "\n".join(log.baris)
    assert (
        "kernel dipakai ulang" in teks
        and "kode paket analisis berubah sejak kernel ini dimulai" in teks
    )


def _proyek(tmp_path: Path, *sumber: str) -> Proyek:
    """A project folder whose ``notebooks/uji.ipynb`` runs ``sumber``."""
    (tmp_path / "notebooks").mkdir(exist_ok=True)
    (tmp_path / "params").mkdir(exist_ok=True)
    _notebook(tmp_path / "notebooks" / "uji.ipynb", *sumber)
    return Proyek.muat(akar=tmp_path, laporan=tmp_path / "reports")


def test_runs_share_the_kernels_one_client_and_leak_no_sockets_or_threads(kp_dua, tmp_path):
    """Every notebook run and the runner's own ``%reset -f`` use the kernel's one client: a
    long-lived worker keeps a flat number of open files and threads over many regions."""
    import threading

    kp = kp_dua
    proyek = _proyek(tmp_path, "y = nilai + 1\nprint(y)")
    kp.pastikan()
    kc = kp.kc

    def jalan(n: int) -> None:
        nb = eksekusi("uji", {"nilai": n}, proyek=proyek, konteks="Uji", km=kp.km, kc=kp.kc)
        assert nb.cells[-1].outputs[0]["text"].strip() == str(n + 1)
        assert "injected-parameters" in nb.cells[1].metadata["tags"]  # papermill's own cell
        kp.bersihkan()

    jalan(0)
    fd_awal, utas_awal = len(os.listdir("/proc/self/fd")), threading.active_count()
    for n in range(1, 6):
        jalan(n)
    assert kp.kc is kc
    assert len(os.listdir("/proc/self/fd")) <= fd_awal + 2
    assert threading.active_count() <= utas_awal + 1
    kp.tutup()
    assert kp.kc is None


def test_a_run_without_a_client_stops_the_one_it_started(kp, tmp_path):
    import threading

    proyek = _proyek(tmp_path, "y = nilai + 1")
    kp.pastikan()
    eksekusi("uji", {"nilai": 0}, proyek=proyek, konteks="Uji", km=kp.km)
    fd_awal, utas_awal = len(os.listdir("/proc/self/fd")), threading.active_count()
    for n in range(1, 4):
        eksekusi("uji", {"nilai": n}, proyek=proyek, konteks="Uji", km=kp.km)
    assert len(os.listdir("/proc/self/fd")) <= fd_awal + 2
    assert threading.active_count() <= utas_awal + 1


def test_a_failing_cell_is_one_line_naming_the_cell(kp, tmp_path):
    proyek = _proyek(tmp_path, "x = 1", "raise ValueError('data uji rusak')")
    kp.pastikan()
    with pytest.raises(GalatAnalisis) as e:
        eksekusi("uji", {"nilai": 2}, proyek=proyek, konteks="Evaluasi Uji", km=kp.km, kc=kp.kc)
    assert str(e.value) == "Evaluasi Uji gagal di sel 4: ValueError: data uji rusak"
    kp.jalankan_kode("assert x == 1")  # the client still serves the kernel afterwards


def test_an_edited_notebook_is_read_again(kp, tmp_path):
    proyek = _proyek(tmp_path, "print('lama')")
    kp.pastikan()
    nb = eksekusi("uji", {}, proyek=proyek, konteks="Uji", km=kp.km, kc=kp.kc)
    assert nb.cells[-1].outputs[0]["text"] == "lama\n"
    path = proyek.notebook("uji")
    _notebook(path, "print('baru')")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    nb = eksekusi("uji", {}, proyek=proyek, konteks="Uji", km=kp.km, kc=kp.kc)
    assert nb.cells[-1].outputs[0]["text"] == "baru\n"


def test_code_sent_unawaited_runs_before_the_next_request_which_gets_its_own_reply(kp):
    kp.pastikan()
    # The stage warm-up a worker sends after its region: not awaited, its reply never read.
    kp.kirim_kode("import sys\nsys._dikirim_tanpa_tunggu = 1\nraise ValueError('tidak dibaca')")
    kp.jalankan_kode("import sys\nassert sys._dikirim_tanpa_tunggu == 1")  # its own reply: ok
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        kp.jalankan_kode("1 / 0")  # and a failure of its own is still its own
    kp.bersihkan()
    kp.jalankan_kode("import sys\nassert sys._dikirim_tanpa_tunggu == 1")  # modules outlive %reset


def test_runner_kernel_streams_keep_printed_text_before_the_display_that_follows(kp, tmp_path):
    """Runner kernels use :class:`analisis.runner.aliran.AliranKernel` (an empty flush returns at
    once); text that was written is still flushed before the next display, from either stream,
    in the order the cell produced it."""
    proyek = _proyek(
        tmp_path,
        "import sys\n"
        "from IPython.display import HTML, display\n"
        "jenis = type(sys.stdout).__name__, type(sys.stderr).__name__\n"
        "display(HTML('<i>awal</i>'))\n"
        "print('satu')\n"
        "display(HTML('<b>dua</b>'))\n"
        "print('tiga', file=sys.stderr)\n"
        "display(HTML('<b>empat</b>'))\n"
        "print('lima')",
        "print(jenis)",
    )
    kp.pastikan()
    nb = eksekusi("uji", {}, proyek=proyek, konteks="Uji", km=kp.km, kc=kp.kc)
    urutan = [
        (o["output_type"], o.get("name"), o.get("text") or o["data"]["text/html"])
        for o in nb.cells[-2].outputs
    ]
    assert urutan == [
        ("display_data", None, "<i>awal</i>"),
        ("stream", "stdout", "satu\n"),
        ("display_data", None, "<b>dua</b>"),
        ("stream", "stderr", "tiga\n"),
        ("display_data", None, "<b>empat</b>"),
        ("stream", "stdout", "lima\n"),
    ]
    assert nb.cells[-1].outputs[0]["text"] == "('AliranKernel', 'AliranKernel')\n"


def test_runner_kernel_keeps_no_sqlite_history_but_numbers_cells(kp, tmp_path):
    """Runner kernels run with ``HistoryManager.enabled=False``: no history database is opened
    (no background saving thread, nothing written to the user's IPython profile), while the
    notebook's execution counts and ``In`` still work."""
    proyek = _proyek(
        tmp_path,
        "import threading\n"
        "hm = get_ipython().history_manager\n"
        "utas = sorted(t.name for t in threading.enumerate() if 'History' in type(t).__name__)",
        "print(hm.enabled, hm.save_thread, utas, len(In) > 1)",
    )
    kp.pastikan()
    nb = eksekusi("uji", {}, proyek=proyek, konteks="Uji", km=kp.km, kc=kp.kc)
    assert nb.cells[-1].outputs[0]["text"] == "False None [] True\n"
    nomor = [s.execution_count for s in nb.cells if s.cell_type == "code"]
    assert nomor == list(range(1, len(nomor) + 1))


def test_runner_kernel_replies_without_pause_and_keeps_text_written_last(kp, tmp_path):
    """Runner kernels reply without ipykernel's pause before each execute reply
    (``Kernel._execute_sleep=0``); text written at the very end of a cell, from the cell or a
    thread it started, still lands in that cell's outputs, in order, cell after cell."""
    proyek = _proyek(
        tmp_path,
        *(
            "import sys, threading\n"
            f"print('sel {i}', end='')\n"
            f"t = threading.Thread(target=lambda: print(' utas {i}', file=sys.stderr, end=''))\n"
            "t.start(); t.join()"
            for i in range(8)
        ),
        "print(get_ipython().kernel._execute_sleep)",
    )
    kp.pastikan()
    nb = eksekusi("uji", {}, proyek=proyek, konteks="Uji", km=kp.km, kc=kp.kc)
    sel = [s for s in nb.cells if s.cell_type == "code"][-9:]
    for i, s in enumerate(sel[:-1]):
        assert [(o["name"], o["text"]) for o in s.outputs] == [
            ("stdout", f"sel {i}"),
            ("stderr", f" utas {i}"),
        ]
    assert sel[-1].outputs[0]["text"] == "0.0\n"


def test_reset_moves_what_survives_a_region_out_of_the_collectors_view(kp):
    """:meth:`KernelPekerja.bersihkan` freezes what survives ``%reset -f`` (module caches that
    outlive a region), so the next reset's garbage collections scan only the next region's
    objects; the region's own variables are gone, not frozen."""
    kp.pastikan()
    kp.jalankan_kode(
        "import gc, sys\n"
        "sys._tetap = [[i] for i in range(20000)]  # a module-level cache: survives the reset\n"
        "sementara = [[i] for i in range(30000)]  # a region variable: dropped by the reset\n"
        "sys._awal = gc.get_freeze_count()"
    )
    kp.dipakai += 1
    kp.bersihkan()
    kp.jalankan_kode(
        "import gc, sys\n"
        "assert 'sementara' not in globals()\n"
        "beku = gc.get_freeze_count() - sys._awal\n"
        "assert beku >= 20000, beku\n"
        "assert len(gc.get_objects()) < 10000, len(gc.get_objects())  # this cell's objects only"
    )


def test_outputs_are_nbclients_nodes_and_an_invalid_one_still_fails_the_run(kp, tmp_path):
    """:class:`analisis.notebook.KlienNotebook` builds plain outputs itself (no per-output
    validation): every node equals what nbformat's ``output_from_msg`` makes of the same message,
    key order and nested NotebookNodes included; outputs with a display id (updated later) and
    ``clear_output(wait=True)`` still go through nbclient; an output that breaks the notebook
    schema fails the run (the executed notebook is validated as a whole)."""
    from nbformat import NotebookNode
    from nbformat.v4.nbbase import output_from_msg

    proyek = _proyek(
        tmp_path,
        "from IPython.display import HTML, JSON, display, update_display, clear_output\n"
        "print('teks')\n"
        "display({'application/vnd.vegalite.v5+json': {'data': {'values': [{'a': 1.5}]}},"
        " 'text/plain': 'grafik'}, raw=True, metadata={'m': {'n': [1]}})\n"
        "display(HTML('<i>lama</i>'), display_id='x')\n"
        "update_display(HTML('<b>baru</b>'), display_id='x')",
        "print('hilang')\nclear_output(wait=True)\nprint('tetap')",
        "{'k': [1, 2]}",
    )
    kp.pastikan()
    nb = eksekusi("uji", {}, proyek=proyek, konteks="Uji", km=kp.km, kc=kp.kc)

    def tipe(x):
        if isinstance(x, dict):
            return type(x), [(k, tipe(v)) for k, v in x.items()]
        if isinstance(x, list):
            return type(x), [tipe(v) for v in x]
        return type(x)

    keluaran = [o for s in nb.cells[1:] for o in s.outputs]
    assert [o.output_type for o in keluaran] == [
        "stream",
        "display_data",
        "display_data",
        "stream",
        "execute_result",
    ]
    assert keluaran[2].data["text/html"] == "<b>baru</b>"
    assert keluaran[3].text == "tetap\n"
    for o in keluaran:
        isi = {k: v for k, v in o.items() if k != "output_type"}
        asal = output_from_msg({"header": {"msg_type": o.output_type}, "content": isi})
        assert o == asal and tipe(o) == tipe(asal)
    assert isinstance(keluaran[1].data["application/vnd.vegalite.v5+json"]["data"], NotebookNode)

    proyek = _proyek(tmp_path, "display({'text/plain': 1}, raw=True)")
    kp.bersihkan()
    with pytest.raises(GalatAnalisis) as galat:
        eksekusi("uji", {}, proyek=proyek, konteks="Uji", km=kp.km, kc=kp.kc)
    assert re.match(r"Uji gagal di sel \d+: keluaran sel tidak sah menurut skema", str(galat.value))
    assert "\n" not in str(galat.value)


def test_cell_metadata_outside_the_schema_does_not_fail_a_run(kp, tmp_path):
    """Only the outputs are checked after a run: a notebook whose cell metadata an editor wrote
    outside the schema (``collapsed: "ya"``) runs, as it did with plain nbclient."""
    proyek = _proyek(tmp_path, "print('jalan')")
    path = proyek.notebook("uji")
    nb = nbformat.read(path, as_version=4)
    nb.cells[-1].metadata["collapsed"] = "ya"
    path.write_text(json.dumps(nb), "utf-8")
    kp.pastikan()
    kp.bersihkan()
    hasil = eksekusi("uji", {}, proyek=proyek, konteks="Uji", km=kp.km, kc=kp.kc)
    assert hasil.cells[-1].outputs[0].text == "jalan\n"


def test_language_info_is_asked_once_per_kernel_client(kp, tmp_path):
    """A run with the worker's client sends only its cells' execute requests after the first
    run: the kernel's ``language_info`` (the exporter's highlighter) is remembered per client,
    and every run's notebook carries it."""
    proyek = _proyek(tmp_path, "y = nilai + 1", "print(y)")
    kp.pastikan()
    pertama = eksekusi("uji", {"nilai": 1}, proyek=proyek, konteks="Uji", km=kp.km, kc=kp.kc)
    terkirim = kp.kc.session.message_count
    kedua = eksekusi("uji", {"nilai": 2}, proyek=proyek, konteks="Uji", km=kp.km, kc=kp.kc)
    sel_kode = sum(s.cell_type == "code" for s in kedua.cells)
    assert kp.kc.session.message_count - terkirim == sel_kode
    assert kedua.metadata.language_info == pertama.metadata.language_info
    assert kedua.metadata.language_info["name"] == "python"
    assert kedua.cells[-1].outputs[0]["text"] == "3\n"


def test_a_fresh_clients_first_run_gets_exactly_its_own_outputs(tmp_path):
    """The client is ready without reading IOPub until it falls silent: the kernel's status
    messages of the readiness requests may still be queued, and the first run right after the
    start still gets exactly its own outputs and execution counts."""
    proyek = _proyek(
        tmp_path, "print('a')", "display(nilai + 1)", "import sys; _ = sys.stderr.write('b')"
    )
    for _ in range(3):  # a fresh kernel and client each time
        k = KernelPekerja(pemanasan="", cwd=str(tmp_path))
        try:
            k.pastikan()
            nb = eksekusi("uji", {"nilai": 4}, proyek=proyek, konteks="Uji", km=k.km, kc=k.kc)
        finally:
            k.tutup()
        kode = [s for s in nb.cells if s.cell_type == "code"]
        assert [s.execution_count for s in kode] == list(range(1, len(kode) + 1))
        assert [
            [o.get("text") or o.get("data", {}).get("text/plain") for o in s.outputs]
            for s in kode[-3:]
        ] == [
            ["a\n"],
            ["5"],
            ["b"],
        ]
