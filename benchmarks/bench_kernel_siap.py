"""Kernel start until a ready client: jupyter_client's ``wait_for_ready`` against the project's
:func:`analisis.notebook.klien_kernel`, alternating, each on a fresh runner kernel.

    .venv/bin/python benchmarks/bench_kernel_siap.py [--ulang 12]

``wait_for_ready`` ends by reading IOPub until 0.2 s pass without a message; ``klien_kernel``
skips that step (its readers match messages to their request). Both are followed by one small
execute, as a worker's warm-up would. Prints the medians (wall seconds; the start is latency,
not CPU, so run it on a quiet machine and read the difference).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from jupyter_client import KernelManager
from jupyter_client.session import Session

from analisis.notebook import klien_kernel
from analisis.runner.pekerja import ARGUMEN_KERNEL


def satu(jenis: str) -> tuple[float, float]:
    """Seconds until the client is ready, and until a first execute has replied."""
    with tempfile.TemporaryDirectory(prefix="bench-kernel-") as folder:
        km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(folder) / "k"))
        mulai = time.perf_counter()
        km.start_kernel(extra_arguments=list(ARGUMEN_KERNEL))
        try:
            if jenis == "wait_for_ready":
                kc = km.client(session=Session(key=km.session.key))
                kc.start_channels()
                kc.wait_for_ready(timeout=120)
            else:
                kc = klien_kernel(km)
            siap = time.perf_counter() - mulai
            balasan = kc.execute_interactive("x = 1", timeout=60, output_hook=lambda m: None)
            assert balasan["content"]["status"] == "ok"
            total = time.perf_counter() - mulai
            kc.stop_channels()
        finally:
            km.shutdown_kernel(now=True)
    return siap, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ulang", type=int, default=12)
    a = ap.parse_args()
    hasil: dict[str, list[tuple[float, float]]] = {"wait_for_ready": [], "klien_kernel": []}
    for _ in range(a.ulang):
        for jenis, daftar in hasil.items():
            daftar.append(satu(jenis))
    for jenis, v in hasil.items():
        print(
            f"{jenis:<15} siap median {statistics.median(s for s, _ in v):.3f} s, "
            f"+ eksekusi pertama {statistics.median(t for _, t in v):.3f} s "
            f"(min {min(s for s, _ in v):.3f}, maks {max(s for s, _ in v):.3f})"
        )


if __name__ == "__main__":
    main()
