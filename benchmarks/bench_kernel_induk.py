"""A runner kernel started and warmed up on its own, against one forked from the kernel parent
(:mod:`analisis.runner.induk`), alternating, in the same run.

    .venv/bin/python benchmarks/bench_kernel_induk.py [--ulang 6]

Each round starts a kernel parent (its one-off import and warm-up: wall seconds until it
serves, and its CPU), then alternately a worker kernel on its own and one forked from that
parent, each through :meth:`~analisis.runner.pekerja.KernelPekerja.pastikan` (start, ready
client, the runner's warm-up :data:`~analisis.runner.pekerja.PEMANASAN`, ``%reset -f``). Prints
the medians of wall seconds and of the kernel process's CPU seconds, and their ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import psutil

from analisis.proyek import Proyek
from analisis.runner.induk_klien import IndukKernel, ProsesInduk, minta_kernel
from analisis.runner.pekerja import KernelPekerja, atur_induk_kernel


def _cpu(pid: int) -> float:
    t = psutil.Process(pid).cpu_times()
    return t.user + t.system


def satu_kernel(folder: str, alamat: str | None) -> tuple[float, float]:
    """Wall seconds of a warm kernel's start and its process's CPU seconds."""
    atur_induk_kernel(alamat)
    k = KernelPekerja(cwd=folder)
    try:
        detik = k.pastikan()
        assert k.km is not None and k.pid is not None
        assert isinstance(k.km.provisioner.process, ProsesInduk) == (alamat is not None)
        return detik, _cpu(k.pid)
    finally:
        k.tutup()
        atur_induk_kernel(None)


def induk_siap(folder: str) -> tuple[IndukKernel, float]:
    """A kernel parent and the seconds until it serves (a refused request waits for that)."""
    mulai = time.perf_counter()
    induk = IndukKernel(folder)
    minta_kernel(induk.alamat, ["tidak-dilayani"], dict(os.environ), None)
    return induk, time.perf_counter() - mulai


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ulang", type=int, default=6)
    a = ap.parse_args()
    folder = str(Proyek.muat().akar)
    sendiri: list[tuple[float, float]] = []
    anak: list[tuple[float, float]] = []
    induk_detik: list[float] = []
    induk_cpu: list[float] = []
    for _ in range(a.ulang):
        induk, detik = induk_siap(folder)
        induk_detik.append(detik)
        induk_cpu.append(_cpu(induk.proses.pid))
        try:
            sendiri.append(satu_kernel(folder, None))
            anak.append(satu_kernel(folder, induk.alamat))
        finally:
            induk.hentikan()

    def median(v: list[tuple[float, float]], i: int) -> float:
        return statistics.median(x[i] for x in v)

    print(f"beban {os.getloadavg()[0]:.1f}; {a.ulang} putaran bergantian")
    print(
        f"induk kernel: siap melayani median {statistics.median(induk_detik):.2f} s, "
        f"CPU {statistics.median(induk_cpu):.2f} s (sekali per pool)"
    )
    for nama, v in (("kernel sendiri", sendiri), ("kernel dari induk", anak)):
        print(f"{nama:<18} mulai + pemanasan median {median(v, 0):.3f} s, CPU {median(v, 1):.3f} s")
    print(
        f"rasio sendiri/dari induk: waktu {median(sendiri, 0) / median(anak, 0):.1f}×, "
        f"CPU {median(sendiri, 1) / median(anak, 1):.1f}×"
    )


if __name__ == "__main__":
    main()
