"""Where a region's time goes in a warm runner kernel: compute, display objects, export, writes.

    .venv/bin/python benchmarks/profil_notebook.py                 # Kalsel, 1 warm-up + 6 profiled
    .venv/bin/python benchmarks/profil_notebook.py --provinsi 64 --n 8 --teratas 30

One worker kernel (the runner's :class:`~analisis.runner.pekerja.KernelPekerja`, warm-up
included) runs the evaluation notebook region after region of one province, as a pool worker
does (``%reset -f`` between regions). The first region warms the kernel's caches and is not
counted. For the others:

- wall time per part, from this process: the notebook execution (``eksekusi``) and the HTML
  export (``ekspor_laporan_wilayah``);
- per cell, from nbclient's timing metadata: cell 1 (parameters checked, data loaded, the
  evaluation computed, JSON/netCDF written) and the display cells (tables and charts built and
  formatted);
- inside the kernel, cProfile over all profiled regions: the cumulative time of the named
  parts of cell 1 (:data:`BAGIAN_KERNEL`) and the top functions;
- cProfile of the export in this process;
- CPU seconds of the notebook execution, in the kernel process (all its threads: the code,
  display formatting, IOPub sending) and in this process (nbclient receiving), and of the
  export in this process, which a shared machine disturbs far less than the wall times;
- CPU seconds of the kernel's clean-up before each region (``%reset -f``,
  :meth:`~analisis.runner.pekerja.KernelPekerja.bersihkan`), which grows with what earlier
  regions left behind unless the survivors are frozen.

Bundled data only; everything is written into a temporary folder. Figures on a shared machine
move between runs: read the shares, not the absolute seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

import psutil

from analisis.data.wilayah import wilayah_provinsi
from analisis.evaluasi.jalankan import (
    NAMA_NOTEBOOK,
    ekspor_laporan_wilayah,
    parameter_notebook,
)
from analisis.notebook import eksekusi
from analisis.proyek import Proyek
from analisis.runner.pekerja import KernelPekerja

#: Functions of cell 1 whose cumulative in-kernel time is reported (file suffix, name).
BAGIAN_KERNEL = {
    "Basisdata.muat": ("data/model.py", "muat"),
    "muat_params": ("evaluasi/params.py", "muat_params"),
    "evaluasi_wilayah": ("evaluasi/hitung.py", "evaluasi_wilayah"),
    "simpan_hasil (JSON + NC)": ("evaluasi/simpan.py", "simpan_hasil"),
    "IPython display()": ("IPython/core/display_functions.py", "display"),
}


def _detik_sel(sel) -> float | None:
    m = sel.get("metadata", {}).get("execution", {})
    a, b = m.get("iopub.execute_input"), m.get("shell.execute_reply")
    if not a or not b:
        return None
    return (datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds()


def _cpu(p: psutil.Process) -> float:
    """User + system CPU seconds of a process so far, all threads."""
    t = p.cpu_times()
    return t.user + t.system


def _kumulatif(st: pstats.Stats, akhiran: str, nama: str) -> float:
    total = 0.0
    for (berkas, _baris, fungsi), (_cc, _nc, _tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        if fungsi == nama and berkas.replace("\\", "/").endswith(akhiran):
            total += ct
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--provinsi", default="63")
    ap.add_argument("--n", type=int, default=6, help="profiled regions (after one warm-up)")
    ap.add_argument("--teratas", type=int, default=25, help="top functions to print")
    ap.add_argument(
        "--tanpa-profil", action="store_true", help="wall times only (no cProfile overhead)"
    )
    a = ap.parse_args()

    akar = Path(tempfile.mkdtemp(prefix="profil-notebook-"))
    proyek = Proyek.muat(laporan=akar / "reports")
    kode = wilayah_provinsi(a.provinsi)[: a.n + 1]
    kp = KernelPekerja(cwd=str(proyek.akar))
    print(f"kernel dimulai dan dipanaskan dalam {kp.pastikan():.2f} s", flush=True)
    prof_ekspor = cProfile.Profile()
    bagian: dict[str, list[float]] = {
        "eksekusi": [],
        "ekspor": [],
        "sel 1": [],
        "sel tampilan": [],
        "cpu kernel": [],
        "cpu klien": [],
        "cpu ekspor": [],
        "cpu reset": [],
    }
    kernel = psutil.Process(kp.pid)
    berkas_prof = akar / "kernel.prof"
    try:
        for i, k in enumerate(kode):
            profil = i > 0 and not a.tanpa_profil
            if i:
                r0 = _cpu(kernel)
                kp.bersihkan()
                bagian["cpu reset"].append(_cpu(kernel) - r0)
            if profil:
                kp.jalankan_kode(
                    "import cProfile as __c, sys as __s\n"
                    "__s.modules['cProfile']._profil_bench = getattr(__s.modules['cProfile'], "
                    "'_profil_bench', None) or __c.Profile()\n"
                    "__c._profil_bench.enable()"
                )
            param = parameter_notebook(k, 2024, proyek, hanya_data_bawaan=True)
            c0, k0 = time.process_time(), _cpu(kernel)
            t0 = time.perf_counter()
            nb = eksekusi(NAMA_NOTEBOOK, param, proyek=proyek, konteks=k, km=kp.km, kc=kp.kc)
            t1 = time.perf_counter()
            c1, k1 = time.process_time(), _cpu(kernel)
            if profil:
                kp.jalankan_kode("__import__('cProfile')._profil_bench.disable()")
                prof_ekspor.enable()
            c2 = time.process_time()
            ekspor_laporan_wilayah(nb, proyek, k, 2024)
            t2 = time.perf_counter()
            c3 = time.process_time()
            if i == 0:
                print(
                    f"pemanasan {k}: notebook {t1 - t0:.2f} s, ekspor {t2 - t1:.2f} s", flush=True
                )
                continue
            if profil:
                prof_ekspor.disable()
            sel = [s for s in nb.cells if s.get("cell_type") == "code"]
            detik = [_detik_sel(s) or 0.0 for s in sel]
            i_param = next(
                j for j, s in enumerate(sel) if "injected-parameters" in s.metadata.get("tags", [])
            )
            bagian["eksekusi"].append(t1 - t0)
            bagian["ekspor"].append(t2 - t1)
            bagian["sel 1"].append(detik[i_param + 1])
            bagian["sel tampilan"].append(sum(detik[i_param + 2 :]))
            bagian["cpu kernel"].append(k1 - k0)
            bagian["cpu klien"].append(c1 - c0)
            bagian["cpu ekspor"].append(c3 - c2)
            print(
                f"{k}: notebook {t1 - t0:.2f} s (sel 1 {detik[i_param + 1]:.2f} s, tampilan "
                f"{sum(detik[i_param + 2 :]):.2f} s), ekspor {t2 - t1:.2f} s",
                flush=True,
            )
        if not a.tanpa_profil:
            kp.jalankan_kode(
                f"__import__('cProfile')._profil_bench.dump_stats({str(berkas_prof)!r})"
            )
    finally:
        kp.tutup()

    n = len(kode) - 1
    print(f"\nmedian per wilayah ({n} wilayah):")
    for nama, v in bagian.items():
        print(f"  {nama:<14} {statistics.median(v):6.3f} s")
    if a.tanpa_profil:
        return
    st = pstats.Stats(str(berkas_prof))
    print("\ndi kernel (cProfile, kumulatif per wilayah):")
    for label, (akhiran, fungsi) in BAGIAN_KERNEL.items():
        print(f"  {label:<26} {_kumulatif(st, akhiran, fungsi) / n:6.3f} s")
    for judul, s in (("kernel", st), ("ekspor", pstats.Stats(prof_ekspor))):
        keluar = io.StringIO()
        s.stream = keluar  # type: ignore[attr-defined]
        s.sort_stats("cumulative").print_stats(a.teratas)
        print(f"\n=== {judul}: fungsi teratas (kumulatif, total {n} wilayah) ===")
        print(keluar.getvalue())
        keluar = io.StringIO()
        s.stream = keluar  # type: ignore[attr-defined]
        s.sort_stats("tottime").print_stats(a.teratas)
        print(f"\n=== {judul}: fungsi teratas (waktu sendiri) ===")
        print(keluar.getvalue())
    print(f"profil kernel: {berkas_prof}")


if __name__ == "__main__":
    main()
