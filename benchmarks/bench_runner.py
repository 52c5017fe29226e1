"""Timing and memory of the batch runner against a naive loop over the papermill/nbconvert CLIs.

    .venv/bin/python benchmarks/bench_runner.py            # Kalsel (13) + all Kalimantan (56), scale 13/56/112, naive 13
    .venv/bin/python benchmarks/bench_runner.py --cepat    # 4 Kalsel regions, naive 2 (a few minutes)
    .venv/bin/python benchmarks/bench_runner.py --skala 13,56,112,514 --naif 13 --pekerja 2

What is measured (bundled data only, ``hanya_data_bawaan=True``; every run writes the real
reports, results, logs, site and manifest into a temporary folder):

- **cold**: a fresh worker pool (new processes, new kernels with warm-up) on an empty folder,
  with the follow-up stages (the provincial ranking) and the site: what a first
  ``analisis jalankan`` costs;
- **warm**: the same pool again with ``paksa=True`` (kernels already warm, every region re-run):
  the steady state of a long-lived runner;
- **cache hit**: nothing changed, nothing re-run (plan + site + manifest only);
- **scale**: warm runs of N = 13, 56, 112, ... regions. There are only 56 kab/kota in the bundled
  data, so N > 56 replicates the 56 regions into separate output folders (one run per copy, each
  a full run with its own site and manifest): the per-region work is real, the regions repeat;
- **naive loop**: per region, ``papermill`` CLI then ``jupyter nbconvert --to html --no-input`` CLI
  in subprocesses, sequentially (what a shell loop does). Its HTML is not offline-ready (CDN);
- **memory**: peak RSS of the runner process, of each worker and each kernel, the peak of
  their sum, and the peak of their summed PSS (RSS counts the pages a forked process shares with
  its parent, the fork server or the kernel parent, in every process), sampled every 0.5 s over
  every runner call; during the scale run, after every copy,
  the latest sample (runner, each worker, each kernel): memory over time, e.g. over the 514
  regions of ``--skala 514`` (9 copies of the 56 regions and 10 more);
- **CPU**: user + system seconds per region of the runner, its workers and kernels (what a shared
  machine's load changes least; kernels replaced and reaped during a run included).

The code component of the cache key is computed once and pinned (others may edit the package
while this runs; it would otherwise turn a cache hit into a miss). Timings on a shared machine
move by 10–30 % between runs: read the ratios, and the load average printed with them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from analisis.data.wilayah import daftar_provinsi, wilayah_provinsi
from analisis.proyek import Proyek
from analisis.runner import PelaksanaProses, jalankan_provinsi, rencana
from analisis.runner.kunci import sidik_jari_kode


def akar_proyek() -> Path:
    return Proyek.muat().akar


def _bulat(mb: float | None) -> float | None:
    return None if mb is None else round(mb, 1)


def _pss(p: psutil.Process) -> float | None:
    """PSS of ``p`` in MB (0 for a process that just ended; None where not reported)."""
    try:
        pss = getattr(p.memory_full_info(), "pss", None)
    except psutil.Error:
        return 0.0
    return None if pss is None else pss / 2**20


class PengukurMemori:
    """Samples RSS of this process and all its descendants (workers, kernels)."""

    def __init__(self, jeda: float = 0.5) -> None:
        self.jeda = jeda
        self.puncak_total = 0.0
        #: Peak of the summed PSS (proportional set size: a page shared by n processes counts
        #: 1/n in each). RSS counts shared pages in every process, so its sum overstates
        #: processes forked from one parent (the workers from the fork server, the kernels from
        #: the kernel parent). None where the platform does not report PSS.
        self.puncak_pss: float | None = None
        self.puncak = {"runner": 0.0, "pekerja": 0.0, "kernel": 0.0}
        #: The latest sample: MB of the runner, of each worker and of each kernel (memory over
        #: time: printed after every copy of the scale run).
        self.sekarang: dict[str, list[float]] = {"runner": [], "pekerja": [], "kernel": []}
        self.pss_sekarang: float | None = None
        self._henti = threading.Event()
        self._t = threading.Thread(target=self._jalan, daemon=True)

    def _jenis(self, p: psutil.Process) -> str:
        try:
            cmd = " ".join(p.cmdline())
            induk = " ".join(p.parent().cmdline()) if "analisis.runner.induk" in cmd else ""
        except (psutil.Error, AttributeError):
            return "lain"
        if "ipykernel_launcher" in cmd or "analisis.runner.induk" in induk:
            return "kernel"  # started on its own, or forked from the kernel parent
        if "multiprocessing" in cmd or "spawn_main" in cmd:
            return "pekerja"
        return "lain"

    def _jalan(self) -> None:
        akar = psutil.Process()
        while not self._henti.is_set():
            total = 0.0
            pss: float | None = _pss(akar)
            sampel: dict[str, list[float]] = {"runner": [], "pekerja": [], "kernel": []}
            try:
                rss = akar.memory_info().rss / 2**20
                total += rss
                sampel["runner"].append(rss)
                self.puncak["runner"] = max(self.puncak["runner"], rss)
                for c in akar.children(recursive=True):
                    try:
                        r = c.memory_info().rss / 2**20
                    except psutil.Error:
                        continue
                    p = _pss(c)
                    pss = None if pss is None or p is None else pss + p
                    total += r
                    j = self._jenis(c)
                    if j in self.puncak:
                        self.puncak[j] = max(self.puncak[j], r)
                        sampel[j].append(r)
            except psutil.Error:
                pass
            self.puncak_total = max(self.puncak_total, total)
            if pss is not None:
                self.puncak_pss = max(self.puncak_pss or 0.0, pss)
            self.pss_sekarang = pss
            self.sekarang = sampel
            self._henti.wait(self.jeda)

    def teks_sekarang(self) -> str:
        """The latest sample, e.g. ``runner 310, pekerja 180/182, kernel 640/655 MB``."""
        return (
            ", ".join(
                f"{j} {'/'.join(f'{r:.0f}' for r in sorted(v)) or '-'}"
                for j, v in self.sekarang.items()
            )
            + f" MB (total {sum(sum(v) for v in self.sekarang.values()):.0f} MB"
            + (
                ""
                if self.pss_sekarang is None
                else f"; PSS semua proses {self.pss_sekarang:.0f} MB"
            )
            + ")"
        )

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc) -> None:
        self._henti.set()
        self._t.join()


def _cpu_pohon() -> float:
    """CPU seconds (user + system) of this process, its live descendants (workers, kernels) and
    the children it has reaped: less sensitive to the machine's load than wall time."""
    akar = psutil.Process()
    t = akar.cpu_times()
    total = t.user + t.system + t.children_user + t.children_system
    for c in akar.children(recursive=True):
        try:
            ct = c.cpu_times()
        except psutil.Error:
            continue
        # children_*: the kernels a worker replaced (and reaped) during a run.
        total += ct.user + ct.system + ct.children_user + ct.children_system
    return total


def _beban() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def jalankan(
    label: str,
    wilayah_per_prov: dict[str, list[str]],
    folder: Path,
    pelaksana,
    *,
    paksa: bool,
    tahap: list | str | None = None,
) -> dict:
    """One call of the runner. Follow-up stages (the ranking) are off unless ``tahap`` is given
    (``"semua"``: the registered ones); warm region timings stay comparable."""
    tahap = [] if tahap is None else (None if tahap == "semua" else tahap)
    mulai, cpu_mulai = time.perf_counter(), _cpu_pohon()
    r = jalankan_provinsi(
        list(wilayah_per_prov),
        2024,
        wilayah=[k for v in wilayah_per_prov.values() for k in v],
        folder_laporan=folder,
        hanya_data_bawaan=True,
        paksa=paksa,
        pelaksana=pelaksana,
        progres=False,
        tahap=tahap,
    )
    total = time.perf_counter() - mulai
    cpu = _cpu_pohon() - cpu_mulai
    n = len(r.wilayah)
    dijalankan = [h for h in r.wilayah if h.status != "dilewati"]
    hasil = {
        "label": label,
        "n": n,
        "detik_total": round(total, 2),
        "detik_per_wilayah": round(total / n, 3),
        "cpu_per_wilayah": round(cpu / n, 3),
        "gagal": len(r.gagal),
        "dilewati": len(r.dilewati),
        "median_notebook": round(statistics.median([h.detik for h in dijalankan]), 2)
        if dijalankan
        else None,
        "kernel_baru": sum(1 for h in dijalankan if h.detik_kernel),
        "detik_kernel_median": round(
            statistics.median([h.detik_kernel for h in dijalankan if h.detik_kernel]), 2
        )
        if any(h.detik_kernel for h in dijalankan)
        else None,
        "rss_pekerja_mb": max((h.rss_pekerja_mb or 0) for h in dijalankan) if dijalankan else None,
        "rss_kernel_mb": max((h.rss_kernel_mb or 0) for h in dijalankan) if dijalankan else None,
        "beban": _beban(),
    }
    print(
        f"  {label:<34} N={n:>4}  total {total:8.1f} s  {total / n:6.2f} s/wilayah"
        f"  CPU {cpu / n:5.2f} s/wilayah  (median notebook {hasil['median_notebook']} s, kernel baru {hasil['kernel_baru']}, gagal {len(r.gagal)},"
        f" beban {hasil['beban']})",
        flush=True,
    )
    if r.gagal:
        for p in r.pesan_gagal()[:3]:
            print("    ", p)
    return hasil


def _cek(r: subprocess.CompletedProcess) -> None:
    if r.returncode:
        raise SystemExit(f"perintah gagal ({r.returncode}): {' '.join(r.args)}\n{r.stderr[-2000:]}")


def naif(kode: list[str], folder: Path) -> dict:
    """papermill CLI + nbconvert CLI per region, sequential subprocesses."""
    exe = Path(sys.executable).parent
    nb = akar_proyek() / "notebooks" / "evaluasi_wilayah.ipynb"
    waktu = []
    (folder / "html").mkdir(parents=True, exist_ok=True)
    for k in kode:
        out = folder / f"{k}.ipynb"
        mulai = time.perf_counter()
        _cek(
            subprocess.run(
                [
                    str(exe / "papermill"),
                    str(nb),
                    str(out),
                    "-k",
                    "python3",
                    "--no-progress-bar",
                    "-r",
                    "kode_wilayah",
                    k,
                    "-p",
                    "tahun",
                    "2024",
                    "-r",
                    "folder_laporan",
                    str(folder / "reports"),
                    "-p",
                    "hanya_data_bawaan",
                    "True",
                ],
                cwd=akar_proyek(),
                check=False,
                capture_output=True,
                text=True,
            )
        )
        _cek(
            subprocess.run(
                [
                    str(exe / "jupyter"),
                    "nbconvert",
                    "--to",
                    "html",
                    "--no-input",
                    str(out),
                    "--output-dir",
                    str(folder / "html"),
                ],
                check=False,
                capture_output=True,
                text=True,
            )
        )
        waktu.append(time.perf_counter() - mulai)
        print(f"    naif {k}: {waktu[-1]:.1f} s", flush=True)
    total = sum(waktu)
    hasil = {
        "label": "naif (papermill CLI + nbconvert CLI)",
        "n": len(kode),
        "detik_total": round(total, 2),
        "detik_per_wilayah": round(total / len(kode), 3),
        "median": round(statistics.median(waktu), 2),
        "beban": _beban(),
    }
    print(
        f"  {hasil['label']:<34} N={len(kode):>4}  total {total:8.1f} s  {total / len(kode):6.2f} s/wilayah"
        f"  (beban {hasil['beban']})",
        flush=True,
    )
    return hasil


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--cepat",
        action="store_true",
        help="4 Kalsel regions, naive 2, no all-Kalimantan/scale run",
    )
    ap.add_argument(
        "--pekerja", type=int, default=os.cpu_count(), help="worker processes (default: CPU count)"
    )
    ap.add_argument(
        "--skala", default="13,56,112", help="N for the warm scale run (comma-separated)"
    )
    ap.add_argument("--naif", type=int, default=13, help="regions in the naive CLI loop")
    ap.add_argument(
        "--tanpa-kalimantan", action="store_true", help="skip the cold/warm/hit runs of all 56"
    )
    ap.add_argument(
        "--keluaran", type=Path, help="keep outputs and bench_runner.json here (default: temp)"
    )
    a = ap.parse_args()
    if a.naif < 1:
        ap.error(
            "--naif minimal 1: rasio dihitung terhadap loop naif yang diukur di jalan yang sama"
        )

    kode_paket = sidik_jari_kode()
    rencana.sidik_jari_kode = lambda: kode_paket
    akar = a.keluaran or Path(tempfile.mkdtemp(prefix="bench-runner-"))
    akar.mkdir(parents=True, exist_ok=True)
    kalsel = wilayah_provinsi("63")[: 4 if a.cepat else None]
    semua = {kp: wilayah_provinsi(kp) for kp in daftar_provinsi()}
    hasil: dict = {
        "mesin": {
            "cpu": os.cpu_count(),
            "pekerja": a.pekerja,
            "python": sys.version.split()[0],
            "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE"),
            "beban_awal": _beban(),
        }
    }
    print(
        f"CPU {os.cpu_count()}, pekerja {a.pekerja}, beban awal {_beban()}, keluaran {akar}",
        flush=True,
    )

    mem = PengukurMemori().__enter__()  # over every runner run (not the naive loop)
    with contextlib.ExitStack() as pilar:
        print(f"\n1. Kalimantan Selatan ({len(kalsel)} wilayah)", flush=True)
        p = pilar.enter_context(PelaksanaProses(a.pekerja))
        hasil["kalsel_dingin"] = jalankan(
            "dingin (pool & kernel baru, peringkat)",
            {"6300": kalsel},
            akar / "kalsel",
            p,
            paksa=True,
            tahap="semua",
        )
        hasil["kalsel_hangat"] = jalankan(
            "hangat (kernel dipakai ulang)", {"6300": kalsel}, akar / "kalsel", p, paksa=True
        )
        hasil["kalsel_cache"] = jalankan(
            "cache (tidak berubah)", {"6300": kalsel}, akar / "kalsel", None, paksa=False
        )
        if not a.cepat:
            from analisis.runner.tahap import daftar_tahap

            mulai = time.perf_counter()
            r = jalankan_provinsi(
                "63", 2024, folder_laporan=akar / "kalsel", hanya_data_bawaan=True, progres=False
            )
            hasil["tahap_lanjutan"] = {t.nama: round(t.detik, 2) for t in r.tahap}
            print(
                f"  tahap lanjutan {[t.nama for t in daftar_tahap()]}: {hasil['tahap_lanjutan']} "
                f"(total jalan {time.perf_counter() - mulai:.1f} s; wilayah dari cache)",
                flush=True,
            )
        sudah = {len(kalsel): hasil["kalsel_hangat"]}
        if not a.cepat and not a.tanpa_kalimantan:
            print("\n2. Seluruh Kalimantan (56 wilayah)", flush=True)
            p.tutup()
            p = pilar.enter_context(PelaksanaProses(a.pekerja))
            hasil["kalimantan_dingin"] = jalankan(
                "dingin (pool & kernel baru, peringkat)",
                semua,
                akar / "kalimantan",
                p,
                paksa=True,
                tahap="semua",
            )
            hasil["kalimantan_hangat"] = jalankan(
                "hangat (kernel dipakai ulang)", semua, akar / "kalimantan", p, paksa=True
            )
            hasil["kalimantan_cache"] = jalankan(
                "cache (tidak berubah)", semua, akar / "kalimantan", None, paksa=False
            )
            sudah[56] = hasil["kalimantan_hangat"]
        if not a.cepat:
            print(
                "\n3. Skala (kernel hangat; N > 56 = salinan 56 wilayah ke folder terpisah)",
                flush=True,
            )
            hasil["skala"] = []
            for n in [int(x) for x in a.skala.split(",") if x.strip()]:
                rss_salinan: list[dict] = []
                if n in sudah:  # already measured warm above
                    total, total_n = sudah[n]["detik_total"], sudah[n]["n"]
                else:
                    mulai, sisa, salinan, total_n = time.perf_counter(), n, 0, 0
                    while sisa > 0:
                        pilih, ambil = {}, sisa
                        for kp, kode in semua.items():
                            if ambil <= 0:
                                break
                            pilih[kp] = kode[:ambil]
                            ambil -= len(pilih[kp])
                        r = jalankan(
                            f"skala N={n} salinan {salinan + 1}",
                            pilih,
                            akar / f"skala_{n}" / f"salinan_{salinan}",
                            p,
                            paksa=True,
                        )
                        total_n += r["n"]
                        sisa -= r["n"]
                        salinan += 1
                        rss_salinan.append(
                            {
                                "wilayah": total_n,
                                "detik": round(time.perf_counter() - mulai, 1),
                                **{j: [round(x, 1) for x in v] for j, v in mem.sekarang.items()},
                            }
                        )
                        print(
                            f"    RSS setelah {total_n} wilayah "
                            f"({time.perf_counter() - mulai:.0f} s): {mem.teks_sekarang()}",
                            flush=True,
                        )
                    total = time.perf_counter() - mulai
                hasil["skala"].append(
                    {
                        "n": total_n,
                        "detik_total": round(total, 1),
                        "detik_per_wilayah": round(total / total_n, 3),
                        "rss_total_puncak_mb": round(mem.puncak_total, 1),
                        "pss_total_puncak_mb": _bulat(mem.puncak_pss),
                        "rss_puncak_mb": {k: round(v, 1) for k, v in mem.puncak.items()},
                        "rss_per_salinan_mb": rss_salinan,
                    }
                )
                print(
                    f"  => N={total_n}: {total:.1f} s, {total / total_n:.2f} s/wilayah; puncak RSS sejauh ini: total "
                    f"{mem.puncak_total:.0f} MB (runner {mem.puncak['runner']:.0f}, pekerja maks "
                    f"{mem.puncak['pekerja']:.0f}, kernel maks {mem.puncak['kernel']:.0f}); "
                    f"puncak PSS semua proses {_bulat(mem.puncak_pss)} MB",
                    flush=True,
                )
    mem.__exit__(None, None, None)
    hasil["memori_puncak_mb"] = {
        "total": round(mem.puncak_total, 1),
        "pss_total": _bulat(mem.puncak_pss),
        **{k: round(v, 1) for k, v in mem.puncak.items()},
    }

    n_naif = 2 if a.cepat else a.naif
    print(f"\n4. Loop naif lewat CLI ({n_naif} wilayah Kalsel, berurutan)", flush=True)
    hasil["naif"] = naif(wilayah_provinsi("63")[:n_naif], akar / "naif")

    d, h, c, nv = (
        hasil["kalsel_dingin"],
        hasil["kalsel_hangat"],
        hasil["kalsel_cache"],
        hasil["naif"],
    )
    print("\nRingkasan (detik per wilayah, dinding / N):")
    print(
        f"  runner dingin   {d['detik_per_wilayah']:7.2f}   ({a.pekerja} pekerja, termasuk start pool & kernel)"
    )
    print(f"  runner hangat   {h['detik_per_wilayah']:7.2f}")
    print(f"  runner cache    {c['detik_per_wilayah']:7.3f}")
    print(f"  loop naif CLI   {nv['detik_per_wilayah']:7.2f}   (1 proses, berurutan)")
    print(
        f"  rasio naif/dingin {nv['detik_per_wilayah'] / d['detik_per_wilayah']:.1f}x, "
        f"naif/hangat {nv['detik_per_wilayah'] / h['detik_per_wilayah']:.1f}x"
    )
    if "kalimantan_dingin" in hasil:
        d56 = hasil["kalimantan_dingin"]
        print(
            f"  runner dingin-56 {d56['detik_per_wilayah']:6.2f}   (56 wilayah, termasuk start "
            "pool & kernel, peringkat dan situs)"
        )
        print(f"  rasio naif/dingin-56 {nv['detik_per_wilayah'] / d56['detik_per_wilayah']:.1f}x")
    cpu = [f"dingin {d['cpu_per_wilayah']:.2f}", f"hangat {h['cpu_per_wilayah']:.2f}"]
    if "kalimantan_dingin" in hasil:
        cpu.append(f"dingin-56 {hasil['kalimantan_dingin']['cpu_per_wilayah']:.2f}")
    print(f"  CPU detik per wilayah (runner, pekerja, kernel): {', '.join(cpu)}")
    print(f"  memori puncak: {hasil['memori_puncak_mb']} MB; beban akhir {_beban()}")
    (akar / "bench_runner.json").write_text(json.dumps(hasil, indent=1), "utf-8")
    print(f"\nHasil lengkap: {akar / 'bench_runner.json'}")
    if not a.keluaran:
        shutil.rmtree(akar / "naif", ignore_errors=True)


if __name__ == "__main__":
    main()
