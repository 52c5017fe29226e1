"""Kernels forked from the kernel parent (:mod:`analisis.runner.induk`): its start, and the
jupyter_client side (a kernel provisioner and a kernel spec manager, both documented extension
points of jupyter_client).

- :class:`IndukKernel` starts and stops the parent for a worker pool;
- :class:`ManajerSpesifikasiInduk` gives a worker's kernel manager the kernel spec with the
  provisioner :data:`NAMA_PROVISIONER` and the parent's address;
- :class:`ProvisionerInduk` asks the parent for the kernel; when the parent refuses or cannot be
  reached it starts the kernel itself, exactly as jupyter_client's own local provisioner does.
  The forked kernel is driven through :class:`ProsesInduk`, which has the methods of
  :class:`subprocess.Popen` the local provisioner uses (poll, wait, signals), so interrupt,
  restart, shutdown and kill work as for any local kernel.
"""

from __future__ import annotations

import json
import logging
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from typing import Any, cast

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.provisioning import KernelProvisionerFactory, LocalProvisioner
from traitlets import Unicode

NAMA_PROVISIONER = "analisis-induk"
"""The provisioner's entry point name (``jupyter_client.kernel_provisioners`` in pyproject)."""

PERINTAH_INDUK = (
    "import sys; del sys.path[0]; import runpy; "
    "runpy.run_module('analisis.runner.induk', run_name='__main__', alter_sys=True)"
)
"""The parent's program (``python -c``): like ipykernel_launcher, the working folder leaves
sys.path before anything is imported (a project file named like a module must not shadow it)."""

AWALAN_INDUK = [sys.executable]
"""The interpreter part of the kernel commands the parent serves (it runs with exactly this):
``AWALAN_INDUK + ["-m", "ipykernel_launcher", ...]``, the command jupyter_client formats from the
default ``python3`` kernel spec of this environment."""

BATAS_TUNGGU_INDUK = 120.0
"""Seconds a kernel start waits for the parent's answer (it may still be importing) before it
starts the kernel on its own."""

_log = logging.getLogger(__name__)


class IndukKernel:
    """The kernel parent of one worker pool: started at once (it imports while the pool's fork
    server imports and the run plans), stopped with the pool."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.lingkungan = dict(os.environ)
        self._folder_soket = tempfile.mkdtemp(prefix="analisis-induk-")
        self.alamat = os.path.join(self._folder_soket, "s")
        dengar = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        hidup_baca, self._hidup_tulis = os.pipe()
        perintah = [
            *AWALAN_INDUK,
            "-c",
            PERINTAH_INDUK,
            "--soket-fd",
            str(dengar.fileno()),
            "--hidup-fd",
            str(hidup_baca),
            "--awalan",
            json.dumps(AWALAN_INDUK),
        ]
        try:
            dengar.bind(self.alamat)
            dengar.listen(64)  # kernel starts wait in the backlog while the parent imports
            self.proses = subprocess.Popen(
                perintah,
                cwd=folder,
                # os.environ, as the workers and their kernel managers see it: without env=
                # the child gets the C-level environment, which e.g. GNU readline extends with
                # LINES and COLUMNS behind os.environ's back.
                env=self.lingkungan,
                stdin=subprocess.DEVNULL,
                pass_fds=(dengar.fileno(), hidup_baca),
                start_new_session=True,  # a Ctrl-C in the terminal is the runner's to handle
            )
        except BaseException:
            os.close(self._hidup_tulis)
            shutil.rmtree(self._folder_soket, ignore_errors=True)
            raise
        finally:
            dengar.close()
            os.close(hidup_baca)

    def hidup(self) -> bool:
        return self.proses.poll() is None

    def cocok(self, folder: str) -> bool:
        """Whether this parent can serve a new pool's kernels: alive, in ``folder``, with this
        process's environment (which the new workers get)."""
        return self.hidup() and self.folder == folder and self.lingkungan == dict(os.environ)

    def hentikan(self, segera: bool = False) -> None:
        """Stop the parent and every kernel it forked: closing the pipe it watches, or with
        ``segera`` (Ctrl-C, SIGTERM) at once by SIGKILL, even while it still imports (its
        kernels die with it, ``PR_SET_PDEATHSIG``)."""
        if segera and self.hidup():
            self.proses.kill()
        if self._hidup_tulis >= 0:
            os.close(self._hidup_tulis)
            self._hidup_tulis = -1
        try:
            self.proses.wait(10)
        except subprocess.TimeoutExpired:
            self.proses.kill()
            self.proses.wait()
        shutil.rmtree(self._folder_soket, ignore_errors=True)


class ProsesInduk:
    """A kernel the parent forked, with the :class:`subprocess.Popen` methods the local
    provisioner uses. Its exit status arrives on the connection that asked for it."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, sambungan: socket.socket, sisa: bytes) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._sambungan: socket.socket | None = sambungan
        self._sisa = sisa

    def _baca(self, batas: float | None) -> None:
        """Read the exit status, waiting at most ``batas`` seconds (None: until it comes)."""
        akhir = None if batas is None else time.monotonic() + batas
        while self.returncode is None and self._sambungan is not None:
            if b"\n" in self._sisa:
                baris, _, self._sisa = self._sisa.partition(b"\n")
                self._terima(baris)
                continue
            sisa_waktu = None if akhir is None else max(0.0, akhir - time.monotonic())
            with selectors.DefaultSelector() as pemilih:
                pemilih.register(self._sambungan, selectors.EVENT_READ)
                if not pemilih.select(sisa_waktu):
                    return
            try:
                data = self._sambungan.recv(4096)
            except OSError:
                data = b""
            if not data:  # the parent is gone: its kernels were killed with it
                self._tutup(-signal.SIGKILL)
                return
            self._sisa += data

    def _terima(self, baris: bytes) -> None:
        try:
            status = json.loads(baris)["status"]
        except (ValueError, KeyError, TypeError):
            return
        self._tutup(int(status))

    def _tutup(self, status: int) -> None:
        self.returncode = status
        if self._sambungan is not None:
            self._sambungan.close()
            self._sambungan = None

    def poll(self) -> int | None:
        self._baca(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        self._baca(timeout)
        if self.returncode is None:
            raise subprocess.TimeoutExpired(["kernel", str(self.pid)], timeout or 0)
        return self.returncode

    def send_signal(self, sinyal: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, sinyal)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def minta_kernel(
    alamat: str, perintah: list[str], lingkungan: dict[str, str], folder: str | None
) -> ProsesInduk | str:
    """Ask the parent at ``alamat`` to fork the kernel ``perintah``: its handle, or why not
    (the parent's refusal or the failure to reach it, in Indonesian)."""
    sambungan = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sambungan.settimeout(BATAS_TUNGGU_INDUK)
        sambungan.connect(alamat)
        permintaan = {"argv": perintah, "env": lingkungan, "cwd": folder}
        sambungan.sendall(json.dumps(permintaan).encode() + b"\n")
        data = b""
        while b"\n" not in data:
            bagian = sambungan.recv(4096)
            if not bagian:
                raise OSError("induk kernel menutup sambungan")
            data += bagian
        sambungan.settimeout(None)
    except OSError as e:
        sambungan.close()
        return f"induk kernel tidak dapat dipakai: {e}"
    baris, _, sisa = data.partition(b"\n")
    try:
        jawaban = json.loads(baris)
    except ValueError:
        jawaban = None
    if not isinstance(jawaban, dict) or not isinstance(jawaban.get("pid"), int):
        sambungan.close()
        alasan = jawaban.get("tolak") if isinstance(jawaban, dict) else None
        return f"induk kernel menolak: {alasan or repr(baris[:200])}"
    return ProsesInduk(jawaban["pid"], sambungan, sisa)


class ProvisionerInduk(LocalProvisioner):
    """jupyter_client's local provisioner, with kernels forked from the kernel parent."""

    alamat = Unicode("", config=True, help="The kernel parent's Unix socket.")
    asal = Unicode("", help="How the last kernel started, for the region's log (Indonesian).")

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        lain = set(kwargs) - {"env", "cwd", "kernel_id", "extra_arguments"}
        lingkungan = dict(kwargs.get("env") or os.environ)
        lingkungan["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it
        folder = kwargs.get("cwd")
        perintah_lain = list(cmd[: len(AWALAN_INDUK) + 2]) != [
            *AWALAN_INDUK,
            "-m",
            "ipykernel_launcher",
        ]
        proses = (
            f"opsi peluncuran lain: {sorted(lain)}"
            if lain
            # Known at once: not worth a wait for the parent's warm-up to hear it refused.
            else f"perintah kernel lain: {list(cmd[: len(AWALAN_INDUK) + 2])}"
            if perintah_lain
            else minta_kernel(
                self.alamat, list(cmd), lingkungan, None if folder is None else str(folder)
            )
        )
        if isinstance(proses, str):
            self.asal = f"tanpa induk kernel: {proses}"
            _log.debug(self.asal)
            return await super().launch_kernel(cmd, **kwargs)
        self.asal = "dari induk kernel"
        self.process = cast("subprocess.Popen[bytes]", proses)  # the Popen methods it uses
        self.pid = self.pgid = proses.pid  # the kernel leads its own session
        self.cwd = folder or os.getcwd()
        return self.connection_info


class ManajerSpesifikasiInduk(KernelSpecManager):
    """Kernel specs as usual, each with :class:`ProvisionerInduk` and the parent's address,
    unless the spec names a provisioner of its own."""

    alamat_induk = Unicode("", config=True, help="The kernel parent's Unix socket.")

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        spec = super().get_kernel_spec(kernel_name)
        if not self.alamat_induk or "kernel_provisioner" in spec.metadata:
            return spec
        metadata = {
            **spec.metadata,
            "kernel_provisioner": {
                "provisioner_name": NAMA_PROVISIONER,
                "config": {"alamat": self.alamat_induk},
            },
        }
        baru = KernelSpec(
            **{**spec.to_dict(), "metadata": metadata}, resource_dir=spec.resource_dir
        )
        if not KernelProvisionerFactory.instance().is_provisioner_available(baru):
            return spec  # the package's entry points are not installed: start kernels as usual
        return baru
