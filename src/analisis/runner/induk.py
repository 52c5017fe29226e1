"""The kernel parent: one process that imports what a runner kernel needs once, then forks kernels.

A runner kernel pays ~2 CPU-s before its first region: the interpreter and ipykernel, then the
warm-up (:data:`analisis.runner.pekerja.PEMANASAN`: pandas, xarray, the evaluation, the ranking's
sensitivity analysis, the bundled data). With two workers that is two such starts side by side,
after the workers themselves exist. The pool (:class:`~analisis.runner.pelaksana.PelaksanaProses`)
starts this process first instead (this module, run by :data:`~analisis.runner.induk_klien.PERINTAH_INDUK`), beside the workers' fork
server; it runs the warm-up once and then answers each kernel start by forking itself: a forked
kernel is ready in ~0,1 CPU-s and runs the same warm-up again at almost no cost (everything is
imported and cached already).

The protocol (one Unix stream connection per kernel, JSON lines; the client side is
:mod:`analisis.runner.induk_klien`):

- the client sends ``{"argv": [...], "env": {...}, "cwd": ...}``: the kernel command as the
  kernel manager formatted it (this interpreter, ``-m ipykernel_launcher``, its arguments);
- the parent answers ``{"pid": n}``, or ``{"tolak": reason}`` when it cannot start that kernel
  (another interpreter, another environment, other Python threads running here; native
  thread pools such as OpenBLAS's handle a fork themselves): the client then starts the
  kernel as usual, as its own subprocess;
- when the kernel exits, the parent sends ``{"status": code}`` (``Popen.returncode`` semantics)
  and closes the connection. When the client closes the connection first (its process ended),
  the kernel is killed: a kernel never outlives the worker that asked for it.

The parent stops, killing its kernels, when the pipe it was given reaches end of file (the pool
closed it, or the runner process died) or on SIGTERM. A forked kernel runs in its own session
(as jupyter_client starts kernels), and Linux kills it if the parent dies
(``PR_SET_PDEATHSIG``). The pool starts a parent on Linux only
(:func:`analisis.runner.pelaksana.mulai_induk`).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import selectors
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from analisis.runner.pekerja import bunuh_grup, sinyal_saat_induk_mati

LINGKUNGAN_KERNEL = frozenset({"JPY_PARENT_PID", "JPY_SESSION_NAME"})
"""Environment variables a kernel's environment may set differently from the parent's: the ones
jupyter_client sets for the kernel itself (read when the kernel starts, see
:func:`jalankan_kernel`). Any other difference (a variable libraries may read when they are
imported, here before the fork) means the kernel must start on its own."""

BATAS_BACA_PERMINTAAN = 10.0
"""Seconds a connected client has to send its whole request (others are served meanwhile)."""


@dataclass
class Permintaan:
    """One kernel to start: its arguments after ``-m ipykernel_launcher``, environment, folder."""

    argumen: list[str]
    lingkungan: dict[str, str]
    folder: str | None


@dataclass
class _Keadaan:
    """The parent's open ends: everything a forked kernel must close first."""

    dengar: socket.socket
    hidup: int
    bangun_baca: int
    bangun_tulis: int
    pemilih: selectors.BaseSelector
    awalan: list[str]
    lingkungan_awal: dict[str, str]
    pid_induk: int = field(default_factory=os.getpid)
    anak: dict[int, socket.socket] = field(default_factory=dict)
    yatim: set[int] = field(default_factory=set)
    #: Connections whose request has not fully arrived: what came so far, and the deadline.
    tunggu: dict[socket.socket, tuple[bytes, float]] = field(default_factory=dict)
    berhenti: bool = False


def periksa_permintaan(
    isi: dict[str, Any], awalan: list[str], lingkungan_awal: dict[str, str]
) -> Permintaan | str:
    """The request as a :class:`Permintaan`, or why this parent cannot serve it (a text)."""
    argv = isi.get("argv")
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
        return "argv bukan daftar teks"
    ujung = len(awalan)
    if argv[:ujung] != awalan or argv[ujung : ujung + 2] != ["-m", "ipykernel_launcher"]:
        return f"perintah kernel lain: {argv[: ujung + 2]}"
    lingkungan = isi.get("env")
    if not isinstance(lingkungan, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in lingkungan.items()
    ):
        return "env bukan pemetaan teks"
    beda = sorted(
        k
        for k in set(lingkungan) | set(lingkungan_awal)
        if lingkungan.get(k) != lingkungan_awal.get(k) and k not in LINGKUNGAN_KERNEL
    )
    if beda:  # names only (never values), at most ten
        lagi = f" dan {len(beda) - 10} lagi" if len(beda) > 10 else ""
        return f"lingkungan berbeda: {', '.join(beda[:10])}{lagi}"
    folder = isi.get("cwd")
    if folder is not None and not (isinstance(folder, str) and os.path.isdir(folder)):
        return f"folder kerja tidak ada: {folder}"
    return Permintaan(argv[ujung + 2 :], lingkungan, folder)


def _kirim(sambungan: socket.socket, pesan: dict[str, Any]) -> bool:
    try:
        sambungan.sendall(json.dumps(pesan).encode() + b"\n")
        return True
    except OSError:
        return False


def _urai_permintaan(data: bytes) -> dict[str, Any] | None:
    try:
        isi = json.loads(data)
    except ValueError:
        return None
    return isi if isinstance(isi, dict) else None


def _terima(k: _Keadaan) -> None:
    """A new connection: its request is read as it arrives, never waited for (a client that
    sends nothing or little must not hold up the others)."""
    try:
        sambungan, _alamat = k.dengar.accept()
    except OSError:
        return
    sambungan.setblocking(False)
    k.tunggu[sambungan] = (b"", time.monotonic() + BATAS_BACA_PERMINTAAN)
    k.pemilih.register(sambungan, selectors.EVENT_READ, "permintaan")


def _lepas_tunggu(k: _Keadaan, sambungan: socket.socket) -> None:
    k.tunggu.pop(sambungan, None)
    k.pemilih.unregister(sambungan)


def _baca_sebagian(k: _Keadaan, sambungan: socket.socket) -> Permintaan | None:
    """More of a pending request; once its line is complete, serve it (in a forked kernel:
    return its request)."""
    data, batas = k.tunggu[sambungan]
    try:
        bagian = sambungan.recv(65536)
    except BlockingIOError:
        return None
    except OSError:
        bagian = b""
    if not bagian:  # the client left before its request was complete
        _lepas_tunggu(k, sambungan)
        sambungan.close()
        return None
    data += bagian
    if b"\n" not in data:
        k.tunggu[sambungan] = (data, batas)
        return None
    _lepas_tunggu(k, sambungan)
    sambungan.setblocking(True)
    return _layani_sambungan(k, sambungan, _urai_permintaan(data.partition(b"\n")[0]))


def _buang_kedaluwarsa(k: _Keadaan) -> None:
    """Answer and close the pending requests past their deadline."""
    sekarang = time.monotonic()
    for sambungan, (_data, batas) in list(k.tunggu.items()):
        if batas <= sekarang:
            _lepas_tunggu(k, sambungan)
            sambungan.setblocking(True)
            _kirim(sambungan, {"tolak": "permintaan tidak lengkap"})
            sambungan.close()


def _jadi_anak(k: _Keadaan, sambungan: socket.socket) -> None:
    """In a forked kernel: close every end of the parent, restore default signals, new session."""
    signal.set_wakeup_fd(-1)
    for sinyal in (signal.SIGCHLD, signal.SIGTERM):
        signal.signal(sinyal, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    k.pemilih.close()
    k.dengar.close()
    for fd in (k.hidup, k.bangun_baca, k.bangun_tulis):
        os.close(fd)
    for lain in [*k.anak.values(), *k.tunggu]:
        lain.close()
    sambungan.close()
    os.setsid()
    sinyal_saat_induk_mati(signal.SIGKILL)
    if os.getppid() != k.pid_induk:  # the parent died before the death signal was armed
        os._exit(70)


def _layani_sambungan(
    k: _Keadaan, sambungan: socket.socket, isi: dict[str, Any] | None
) -> Permintaan | None:
    """Serve one request; in the forked kernel return its request, in the parent None."""
    if isi is None:
        hasil: Permintaan | str = "permintaan tidak terbaca"
    elif threading.active_count() > 1:
        hasil = "induk menjalankan utas Python lain (fork tidak aman)"
    else:
        hasil = periksa_permintaan(isi, k.awalan, k.lingkungan_awal)
    if isinstance(hasil, str):
        _kirim(sambungan, {"tolak": hasil})
        sambungan.close()
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError as e:  # e.g. out of memory: this kernel starts on its own
        _kirim(sambungan, {"tolak": f"fork gagal: {e}"})
        sambungan.close()
        return None
    if pid == 0:
        try:
            _jadi_anak(k, sambungan)
        except BaseException:  # noqa: BLE001 - a half-made kernel must not return to the loop
            os._exit(70)
        return hasil
    if not _kirim(sambungan, {"pid": pid}):  # the client left before it got the pid
        bunuh_grup(pid)
        k.yatim.add(pid)
        sambungan.close()
        return None
    k.anak[pid] = sambungan
    k.pemilih.register(sambungan, selectors.EVENT_READ, pid)
    return None


def _panen(k: _Keadaan) -> None:
    """Reap every exited kernel and report its status to its client."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        k.yatim.discard(pid)
        sambungan = k.anak.pop(pid, None)
        if sambungan is not None:
            k.pemilih.unregister(sambungan)
            _kirim(sambungan, {"status": os.waitstatus_to_exitcode(status)})
            sambungan.close()


def _pemilik_pergi(k: _Keadaan, pid: int) -> None:
    """The client of kernel ``pid`` closed its connection: kill the kernel (nothing when the
    kernel was reaped already, e.g. earlier in the same batch of events)."""
    sambungan = k.anak.pop(pid, None)
    if sambungan is None:
        return
    k.pemilih.unregister(sambungan)
    sambungan.close()
    bunuh_grup(pid)
    k.yatim.add(pid)


def _selesai(k: _Keadaan) -> None:
    """Stop: kill every kernel and reap them."""
    for pid in [*k.anak, *k.yatim]:
        bunuh_grup(pid)
    for pid in [*k.anak, *k.yatim]:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    for sambungan in [*k.anak.values(), *k.tunggu]:
        sambungan.close()
    _hapus_alamat(k.dengar)
    k.dengar.close()


def _hapus_alamat(dengar: socket.socket) -> None:
    """Remove the socket's file and its (then empty) private folder: the pool removes them too,
    but a runner that died cannot."""
    alamat = dengar.getsockname()
    if not isinstance(alamat, str) or not alamat:
        return
    for hapus, jalur in ((os.unlink, alamat), (os.rmdir, os.path.dirname(alamat))):
        try:
            hapus(jalur)
        except OSError:
            return


def layani(k: _Keadaan) -> Permintaan | None:
    """The parent's loop. Returns None in the parent when it stops; in a forked kernel it returns
    that kernel's request (the caller then runs the kernel). A failure while handling one event
    is reported on stderr and the parent serves on: its kernels depend on it."""
    while not k.berhenti:
        batas = min((b for _d, b in k.tunggu.values()), default=None)
        jeda = None if batas is None else max(0.0, batas - time.monotonic())
        for kunci, _ in k.pemilih.select(jeda):
            try:
                permintaan = _tangani(k, kunci)
            except Exception as e:  # noqa: BLE001 - see the docstring
                print(f"induk kernel: galat diabaikan: {type(e).__name__}: {e}", file=sys.stderr)
                continue
            if permintaan is not None:
                return permintaan
        _buang_kedaluwarsa(k)
    _selesai(k)
    return None


def _tangani(k: _Keadaan, kunci: selectors.SelectorKey) -> Permintaan | None:
    """One ready event of the parent's loop."""
    if kunci.data == "dengar":
        _terima(k)
    elif kunci.data == "permintaan":
        if kunci.fileobj in k.tunggu:  # not dropped earlier in this batch
            return _baca_sebagian(k, kunci.fileobj)
    elif kunci.data == "hidup":
        if not os.read(k.hidup, 64):
            k.berhenti = True
    elif kunci.data == "bangun":
        sinyal = os.read(k.bangun_baca, 512)
        if signal.SIGTERM in sinyal:
            k.berhenti = True
        _panen(k)
    elif isinstance(kunci.data, int) and kunci.data in k.anak:  # not reaped earlier in this batch
        try:
            data = kunci.fileobj.recv(64)  # type: ignore[union-attr]
        except OSError:
            data = b""
        if not data:
            _pemilik_pergi(k, kunci.data)
    return None


def _pasang_sinyal(bangun_tulis: int) -> None:
    os.set_blocking(bangun_tulis, False)
    signal.set_wakeup_fd(bangun_tulis)
    # Python-level handlers so that the C handler writes the signal number to the wake-up fd.
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGTERM, lambda *_: None)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the runner stops this process itself


_PENCATAT_INDUK: list[tuple[logging.StreamHandler, str]] = []
"""Logging handlers the warm-up created on this process's stdout/stderr (e.g. distributed's,
when xarray's backend discovery imports it), with which stream: a forked kernel re-points them
to its own output streams, where a kernel that ran the warm-up itself has them."""


def muat_awal() -> None:
    """What every runner kernel imports and warms up, done once here (the kernel repeats the
    warm-up after the fork, at almost no cost), plus ipykernel itself."""
    import ipykernel.ipkernel
    import ipykernel.kernelapp
    import ipykernel.zmqshell  # noqa: F401

    from analisis.runner.pekerja import PEMANASAN

    keluar, galat = sys.stdout, sys.stderr
    exec(compile(PEMANASAN, "<pemanasan>", "exec"), {})  # noqa: S102 - the project's own warm-up
    _PENCATAT_INDUK.extend(
        (h, "stdout" if h.stream is keluar else "stderr")
        for h in _semua_penangan()
        if isinstance(h, logging.StreamHandler) and h.stream in (keluar, galat)
    )


def _semua_penangan() -> list[logging.Handler]:
    pencatat = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    return [h for p in pencatat if isinstance(p, logging.Logger) for h in p.handlers]


def _arahkan_pencatat() -> None:
    """Point the warm-up's logging handlers at this kernel's output streams (as they are after
    the kernel application's initialisation)."""
    for penangan, aliran in _PENCATAT_INDUK:
        penangan.setStream(sys.stdout if aliran == "stdout" else sys.stderr)


def jalankan_kernel(permintaan: Permintaan) -> None:
    """Run the kernel in this forked process, as ``python -m ipykernel_launcher ARGS`` would."""
    for kunci in LINGKUNGAN_KERNEL:
        if kunci in permintaan.lingkungan:
            os.environ[kunci] = permintaan.lingkungan[kunci]
        else:
            os.environ.pop(kunci, None)
    if permintaan.folder:
        os.chdir(permintaan.folder)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()  # every kernel its own legacy global generator, as when started alone
    from importlib.util import find_spec

    from ipykernel import kernelapp

    peluncur = find_spec("ipykernel_launcher")
    sys.argv = [peluncur.origin if peluncur and peluncur.origin else "", *permintaan.argumen]
    # ipykernel reads JPY_PARENT_PID into a class default when it is imported (here, before the
    # fork): given to this kernel's application as the setting it stands for.
    induk = int(os.environ.get("JPY_PARENT_PID") or 0)
    # What launch_new_instance (traitlets' launch_instance) does, with the warm-up's logging
    # handlers moved to the kernel's streams once initialize() has set them up.
    app = kernelapp.IPKernelApp.instance(parent_handle=induk)
    app.initialize(permintaan.argumen)
    _arahkan_pencatat()
    app.start()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="analisis.runner.induk")
    p.add_argument("--soket-fd", type=int, required=True)
    p.add_argument("--hidup-fd", type=int, required=True)
    p.add_argument("--awalan", required=True, help="the kernel command's interpreter part (JSON)")
    a = p.parse_args(argv)
    lingkungan_awal = dict(os.environ)
    dengar = socket.socket(fileno=a.soket_fd)
    bangun_baca, bangun_tulis = os.pipe()
    _pasang_sinyal(bangun_tulis)
    muat_awal()
    pemilih = selectors.DefaultSelector()
    k = _Keadaan(
        dengar,
        a.hidup_fd,
        bangun_baca,
        bangun_tulis,
        pemilih,
        json.loads(a.awalan),
        lingkungan_awal,
    )
    pemilih.register(dengar, selectors.EVENT_READ, "dengar")
    pemilih.register(a.hidup_fd, selectors.EVENT_READ, "hidup")
    pemilih.register(bangun_baca, selectors.EVENT_READ, "bangun")
    permintaan = layani(k)
    if permintaan is None:
        # The parent stops: nothing to finalise, and finalising would only let extension
        # modules report at exit what they never freed (DuckDB's nanobind leak notice) on the
        # runner's terminal.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    jalankan_kernel(permintaan)


if __name__ == "__main__":
    main()
