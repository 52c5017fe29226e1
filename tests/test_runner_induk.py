"""Kernels forked from the kernel parent (analisis.runner.induk): same kernel as one started on
its own, refused requests fall back, no kernel outlives its worker, the parent or the runner."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from jupyter_core.utils import run_sync

from analisis.runner.induk import LINGKUNGAN_KERNEL, Permintaan, periksa_permintaan
from analisis.runner.induk_klien import IndukKernel, ProsesInduk
from analisis.runner.pekerja import PEMANASAN, KernelPekerja, atur_induk_kernel

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the kernel parent runs on Linux"
)

BATAS = 120  # seconds: an upper bound on waiting for a process to end, never a pause


# The parent serves only kernels whose environment is its own, and pytest sets
# PYTEST_CURRENT_TEST anew in every phase of every test: the parent (conftest's ``induk_kernel``)
# starts without it, and every test removes it (``_tanpa_variabel_pytest``, in the test's body)
# before asking for a kernel.


def _tanpa_variabel_pytest(monkeypatch) -> None:
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)


@pytest.fixture
def dari_induk(induk_kernel):
    atur_induk_kernel(induk_kernel.alamat)
    yield induk_kernel
    atur_induk_kernel(None)


def _kernel(tmp_path: Path, pemanasan: str = "") -> KernelPekerja:
    k = KernelPekerja(pemanasan=pemanasan, cwd=str(tmp_path))
    k.pastikan()
    return k


def _nilai(k: KernelPekerja, ekspresi: str) -> object:
    """The value of ``ekspresi`` in the kernel (as JSON through its stdout)."""
    keluaran: list[str] = []

    def simpan(pesan: dict) -> None:
        if pesan["msg_type"] == "stream":
            keluaran.append(pesan["content"]["text"])

    assert k.kc is not None
    run_sync(k.kc.execute_interactive)(
        f"import json as _j; print(_j.dumps({ekspresi}))", timeout=60, output_hook=simpan
    )
    return json.loads("".join(keluaran))


_KEADAAN = (
    "{'cwd': __import__('os').getcwd(), 'path': __import__('sys').path,"
    " 'env': dict(__import__('os').environ), 'argv0': __import__('os').path.basename("
    "__import__('sys').argv[0]), 'main': __import__('sys').modules['__main__'].__name__,"
    " 'sigint': str(__import__('signal').getsignal(__import__('signal').SIGINT)),"
    " 'pencatat': sorted((n, type(h.stream).__name__) for n, p in"
    " __import__('logging').Logger.manager.loggerDict.items() if hasattr(p, 'handlers')"
    " for h in p.handlers if hasattr(h, 'stream')),"
    " 'modul': sorted(n for n, m in __import__('sys').modules.items()"
    " if (getattr(m, '__file__', None) or '').startswith(__import__('os').getcwd()))}"
)


def test_a_forked_kernel_is_the_kernel_a_worker_would_start_itself(
    dari_induk, tmp_path, monkeypatch
):
    """After the runner's warm-up: same folder, import path, environment, argv, __main__,
    SIGINT handling, logging handlers' streams (bound to the kernel's output, not the parent's
    stderr) and no module from the working folder, as a kernel started on its own."""
    _tanpa_variabel_pytest(monkeypatch)
    anak = _kernel(tmp_path, PEMANASAN)
    try:
        assert isinstance(anak.km.provisioner.process, ProsesInduk)
        assert psutil.Process(anak.pid).ppid() == dari_induk.proses.pid
        keadaan_anak = _nilai(anak, _KEADAAN)
    finally:
        anak.tutup()
    atur_induk_kernel(None)
    sendiri = _kernel(tmp_path, PEMANASAN)
    try:
        assert not isinstance(sendiri.km.provisioner.process, ProsesInduk)
        keadaan_sendiri = _nilai(sendiri, _KEADAAN)
    finally:
        sendiri.tutup()
    assert isinstance(keadaan_anak, dict) and isinstance(keadaan_sendiri, dict)
    keadaan_anak["env"].pop("JPY_PARENT_PID")
    keadaan_sendiri["env"].pop("JPY_PARENT_PID")
    assert keadaan_anak == keadaan_sendiri


def test_a_kernel_whose_environment_differs_starts_on_its_own(dari_induk, tmp_path, monkeypatch):
    _tanpa_variabel_pytest(monkeypatch)
    monkeypatch.setenv("ANALISIS_UJI_INDUK", "beda")  # read by nothing, but it could be
    k = _kernel(tmp_path)
    try:
        assert not isinstance(k.km.provisioner.process, ProsesInduk)
        assert _nilai(k, "__import__('os').environ['ANALISIS_UJI_INDUK']") == "beda"
    finally:
        k.tutup()


def test_stopping_the_parent_kills_its_kernels_and_the_worker_sees_it(tmp_path, monkeypatch):
    _tanpa_variabel_pytest(monkeypatch)
    induk = IndukKernel(str(tmp_path))
    atur_induk_kernel(induk.alamat)
    try:
        k = _kernel(tmp_path)
        pid = k.pid
        assert isinstance(k.km.provisioner.process, ProsesInduk)
        induk.hentikan()
        assert induk.proses.returncode == 0
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == "zombie"
        assert not k.hidup()
        assert k.km.provisioner.process.returncode == -9
        # With the parent gone, the next kernel starts on its own and works.
        assert k.pastikan() > 0 and k.pid != pid
        assert not isinstance(k.km.provisioner.process, ProsesInduk)
        assert _nilai(k, "1 + 1") == 2
        k.tutup()
    finally:
        atur_induk_kernel(None)
        induk.hentikan()


def test_a_kernel_reports_its_exit_status_as_a_subprocess_does(dari_induk, tmp_path, monkeypatch):
    """0 after a shutdown request, -9 (SIGKILL) when killed (the runner's ``tutup``)."""
    _tanpa_variabel_pytest(monkeypatch)
    k = _kernel(tmp_path)
    proses = k.km.provisioner.process
    assert isinstance(proses, ProsesInduk)
    # jupyter_client sends SIGTERM when a kernel has not exited 2,5 s after the shutdown request
    # (half its default wait); on a loaded machine a kernel holding the whole preload may need
    # longer to finalise. The status of a clean exit is what is checked here, not its speed.
    k.km.shutdown_wait_time = 2 * BATAS
    run_sync(k.km.shutdown_kernel)(now=False)
    assert proses.wait(BATAS) == 0
    k.tutup()
    k.pastikan()
    proses = k.km.provisioner.process
    assert isinstance(proses, ProsesInduk) and proses.poll() is None
    k.tutup()
    assert proses.wait(BATAS) == -9


_SKRIP_PEKERJA = """
import sys
from analisis.runner.pekerja import KernelPekerja, atur_induk_kernel
atur_induk_kernel(sys.argv[1])
k = KernelPekerja(pemanasan="", cwd=sys.argv[2])
k.pastikan()
print(k.pid, flush=True)
sys.stdin.read()
"""

_SKRIP_RUNNER = """
import sys
from analisis.runner.induk_klien import IndukKernel
i = IndukKernel(sys.argv[1])
print(i.proses.pid, i.alamat, flush=True)
sys.stdin.read()
"""


def _proses_anak(skrip: str, *argumen: str) -> tuple[subprocess.Popen, list[str]]:
    """A Python process running ``skrip``; it prints one line (a pid first), then waits on its
    stdin."""
    p = subprocess.Popen(
        [sys.executable, "-c", skrip, *argumen],
        env=dict(os.environ),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert p.stdout is not None
    return p, p.stdout.readline().split()


def test_a_kernel_dies_with_the_worker_that_asked_for_it(induk_kernel, tmp_path, monkeypatch):
    """A worker killed outright (SIGKILL: no clean-up of its own) leaves no kernel behind."""
    _tanpa_variabel_pytest(monkeypatch)
    pekerja, baris = _proses_anak(_SKRIP_PEKERJA, induk_kernel.alamat, str(tmp_path))
    kernel = psutil.Process(int(baris[0]))
    assert kernel.ppid() == induk_kernel.proses.pid
    pekerja.kill()
    pekerja.wait(BATAS)
    kernel.wait(BATAS)  # raises TimeoutExpired if the kernel outlived its worker
    assert induk_kernel.proses.poll() is None  # the parent serves on


def test_the_parent_ends_and_removes_its_socket_when_the_runner_dies(tmp_path):
    runner, (pid_induk, alamat) = _proses_anak(_SKRIP_RUNNER, str(tmp_path))
    induk = psutil.Process(int(pid_induk))
    folder = Path(alamat).parent
    assert folder.name.startswith("analisis-induk-")
    runner.kill()
    runner.wait(BATAS)
    induk.wait(BATAS)
    assert not folder.exists()


@pytest.mark.parametrize(
    ("ubah", "alasan"),
    [
        ({"argv": ["/bin/python-lain", "-m", "ipykernel_launcher", "-f", "k.json"]}, "perintah"),
        ({"argv": [sys.executable, "-X", "dev", "-m", "ipykernel_launcher"]}, "perintah"),
        ({"argv": [sys.executable, "-m", "ipykernel", "-f", "k.json"]}, "perintah"),
        ({"argv": "python -m ipykernel_launcher"}, "argv"),
        ({"env": {"PATH": "/lain"}}, "lingkungan berbeda: PATH"),
        ({"env": {"BARU": "1"}}, "lingkungan berbeda: BARU"),
        ({"env": {"BARU": 1}}, "env bukan"),
        ({"cwd": "/tidak/ada/folder-ini"}, "folder kerja tidak ada"),
    ],
)
def test_a_request_the_parent_cannot_serve_is_refused_with_the_reason(ubah, alasan):
    dasar = {"PATH": "/bin", "HOME": "/root"}
    isi = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"], "env": dasar}
    for k, v in ubah.items():
        isi[k] = {**dasar, **v} if k == "env" else v
    hasil = periksa_permintaan(isi, [sys.executable], dasar)
    assert isinstance(hasil, str) and alasan in hasil


def test_only_the_variables_jupyter_sets_for_a_kernel_may_differ():
    dasar = {"PATH": "/bin"}
    env = {**dasar, **{k: "1" for k in LINGKUNGAN_KERNEL}}
    isi = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "k.json", "--x=1"]}
    hasil = periksa_permintaan({**isi, "env": env, "cwd": "/"}, [sys.executable], dasar)
    assert hasil == Permintaan(["-f", "k.json", "--x=1"], env, "/")


def test_an_interrupt_stops_the_running_cell_of_a_forked_kernel(dari_induk, tmp_path, monkeypatch):
    """SIGINT to the kernel's process group (jupyter_client's interrupt) reaches the cell, once
    the cell has said it runs (no timing: the interrupt follows its output)."""
    _tanpa_variabel_pytest(monkeypatch)
    k = _kernel(tmp_path)
    try:
        assert isinstance(k.km.provisioner.process, ProsesInduk)

        async def jalankan() -> dict:
            assert k.kc is not None and k.km is not None
            id_pesan = k.kc.execute("import time\nprint('mulai', flush=True)\ntime.sleep(120)")
            while True:
                pesan = await k.kc.get_iopub_msg(timeout=BATAS)
                if pesan["parent_header"].get("msg_id") == id_pesan and (
                    pesan["msg_type"] == "stream"
                ):
                    break
            await k.km.interrupt_kernel()
            while True:
                balasan = await k.kc.get_shell_msg(timeout=BATAS)
                if balasan["parent_header"].get("msg_id") == id_pesan:
                    return balasan["content"]

        isi = run_sync(jalankan)()
        assert isi["status"] == "error" and isi["ename"] == "KeyboardInterrupt"
        assert k.hidup() and _nilai(k, "1 + 1") == 2
    finally:
        k.tutup()


def test_a_client_that_sends_nothing_does_not_hold_up_the_others(
    induk_kernel, tmp_path, monkeypatch
):
    """A connection whose request never completes waits on its own: the next kernel start is
    served while that connection is still open and unanswered."""
    _tanpa_variabel_pytest(monkeypatch)
    diam = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        diam.connect(induk_kernel.alamat)
        diam.sendall(b'{"argv": [')  # half a request, and no more
        atur_induk_kernel(induk_kernel.alamat)
        k = _kernel(tmp_path)
        try:
            assert isinstance(k.km.provisioner.process, ProsesInduk)
        finally:
            k.tutup()
            atur_induk_kernel(None)
        diam.setblocking(False)
        with pytest.raises(BlockingIOError):
            diam.recv(1)  # still open, nothing answered yet
    finally:
        diam.close()


def test_an_early_stop_does_not_wait_for_the_parents_imports(tmp_path):
    """Ctrl-C at the start of a run: the parent is killed at once (its kernels with it) and its
    socket folder removed, even while it still imports."""
    induk = IndukKernel(str(tmp_path))
    folder = Path(induk.alamat).parent
    induk.hentikan(segera=True)
    assert induk.proses.returncode == -9
    assert not folder.exists()


def test_a_new_pool_gets_a_parent_that_fits_its_folder_and_environment(tmp_path, monkeypatch):
    from analisis.runner.pelaksana import PelaksanaProses

    p = PelaksanaProses(1)
    try:
        p.siapkan_untuk("kode-uji", str(tmp_path))
        pertama = p.pid_induk()
        p.siapkan_untuk("kode-uji", str(tmp_path))
        assert p.pid_induk() == pertama  # still fits: kept
        monkeypatch.setenv("ANALISIS_UJI_INDUK", "baru")
        p.siapkan_untuk("kode-uji", str(tmp_path))
        kedua = p.pid_induk()
        assert kedua not in (None, pertama)  # its workers' environment changed: a new parent
        lain = tmp_path / "lain"
        lain.mkdir()
        p.siapkan_untuk("kode-uji", str(lain))
        assert p.pid_induk() not in (None, kedua)  # another project folder: a new parent
    finally:
        p.hentikan()


def test_events_for_a_kernel_already_reaped_in_the_same_batch_are_ignored(tmp_path):
    """The parent's loop may see a kernel's exit (SIGCHLD) before its client's end of file in
    one batch of events: the second must not fail (it would stop the parent and every kernel)."""
    import selectors

    from analisis.runner.induk import _Keadaan, _tangani

    dengar = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    klien, sambungan = socket.socketpair()
    r, w = os.pipe()
    b_r, b_w = os.pipe()
    pemilih = selectors.DefaultSelector()
    k = _Keadaan(dengar, r, b_r, b_w, pemilih, [sys.executable], {})
    kunci = pemilih.register(sambungan, selectors.EVENT_READ, 4_000_000)  # no such kernel
    klien.close()
    try:
        assert _tangani(k, kunci) is None  # reaped already: nothing to do, no KeyError
    finally:
        pemilih.close()
        for s_ in (dengar, sambungan):
            s_.close()
        for fd in (r, w, b_r, b_w):
            os.close(fd)


def test_a_refusal_names_at_most_ten_differing_variables_and_never_their_values():
    dasar = {"PATH": "/bin"}
    env = {**dasar, **{f"RAHASIA_{i:02d}": "nilai-rahasia" for i in range(12)}}
    isi = {"argv": [sys.executable, "-m", "ipykernel_launcher"], "env": env}
    hasil = periksa_permintaan(isi, [sys.executable], dasar)
    assert isinstance(hasil, str)
    assert "RAHASIA_09" in hasil and "RAHASIA_10" not in hasil and "dan 2 lagi" in hasil
    assert "nilai-rahasia" not in hasil


def test_a_kernel_spec_with_another_command_starts_on_its_own_without_asking(tmp_path):
    """The project's own kernel spec ``analisis`` runs ``python -Xfrozen_modules=off -m
    ipykernel_launcher``, which the parent cannot serve: the kernel starts on its own at once,
    without a request that would wait for the parent's warm-up (here: a socket that never
    answers, which must see no connection)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        argv = KernelSpecManager().get_kernel_spec("analisis").argv
    except NoSuchKernel:
        pytest.skip("the project's kernel spec is registered by scripts/siapkan")
    assert argv[1] == "-Xfrozen_modules=off"
    diam = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    alamat = str(tmp_path / "s")
    diam.bind(alamat)
    diam.listen(4)
    atur_induk_kernel(alamat)
    k = KernelPekerja(kernel="analisis", pemanasan="", cwd=str(tmp_path))
    try:
        k.pastikan()
        assert not isinstance(k.km.provisioner.process, ProsesInduk)
        assert "tanpa induk kernel: perintah kernel lain" in k.km.provisioner.asal
        assert _nilai(k, "1 + 1") == 2
        diam.setblocking(False)
        with pytest.raises(BlockingIOError):
            diam.accept()  # nobody asked
    finally:
        k.tutup()
        atur_induk_kernel(None)
        diam.close()
