"""Timeline of one cold runner call: where the fixed start-up cost of a small province goes.

    .venv/bin/python benchmarks/garis_waktu_runner.py                # Kalsel (13), 2 workers
    .venv/bin/python benchmarks/garis_waktu_runner.py --provinsi 62 --pekerja 2 --ulang 2
    .venv/bin/python benchmarks/garis_waktu_runner.py --provinsi semua --tanpa-pemanasan  # all 56

A fresh worker pool on an empty folder (bundled data only, the ranking stage and the site
included), as ``benchmarks/bench_runner.py``'s "dingin" run. Each process (runner, workers)
records when the runner's own steps start and end, by wrapping the project's functions in this
script's process and, through the pool's initializer, in the workers:

- runner: plan, ``_static``, pool start (first submit → first worker ready), each region's
  result, the ranking (submit → result), each site page, the manifests, the top index;
- workers: process start (spawn + imports until the initializer), kernel start, client ready,
  warm-up, each region's notebook and export, the ranking stage.

Then, in a separate fresh kernel, the warm-up's lines one by one (what each costs).
Prints one line per event, in seconds from the call's start; nothing is asserted.
``--ulang N`` repeats the cold call N times (a new pool each time) and prints every timeline.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import tempfile
import time
from pathlib import Path

import psutil

from analisis.runner import jalan, pekerja
from analisis.runner.pelaksana import PelaksanaProses

_FOLDER_PERISTIWA = "GARIS_WAKTU_FOLDER"


def _catat(
    label: str, mulai: float, selesai: float, cpu: float = 0.0, cpu_kernel: float = 0.0
) -> None:
    folder = os.environ.get(_FOLDER_PERISTIWA)
    if not folder:
        return
    baris = {"pid": os.getpid(), "label": label, "a": mulai, "b": selesai, "cpu": cpu}
    baris["cpu_kernel"] = cpu_kernel
    with open(Path(folder) / f"{os.getpid()}.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(baris) + "\n")


def _cpu_kernel() -> float:
    """CPU seconds (user + system) so far of this worker's kernel (0 outside a worker)."""
    kp = getattr(pekerja._KERNEL_LOKAL, "kp", None)
    if kp is None or not kp.pid:
        return 0.0
    try:
        t = psutil.Process(kp.pid).cpu_times()
    except psutil.Error:
        return 0.0
    return t.user + t.system


def _bungkus(obj, nama: str, label: str | None = None, dengan_arg: bool = False) -> None:
    """Replace ``obj.nama`` by a version recording its start and end (this process only)."""
    asli = getattr(obj, nama)
    if getattr(asli, "_garis_waktu", False):
        return

    @functools.wraps(asli)
    def dibungkus(*args, **kw):
        a, c, k = time.time(), time.process_time(), _cpu_kernel()
        try:
            return asli(*args, **kw)
        finally:
            teks = label or nama
            if dengan_arg and args:
                arg = args[0] if not isinstance(args[0], pekerja.KernelPekerja) else args[1]
                teks += (
                    f" {getattr(arg, 'kode_wilayah', None) or getattr(arg, 'kode_provinsi', arg)}"
                )
            k_akhir = _cpu_kernel()
            _catat(teks, a, time.time(), time.process_time() - c, k_akhir - k if k else k_akhir)

    dibungkus._garis_waktu = True  # type: ignore[attr-defined]
    setattr(obj, nama, dibungkus)


def pasang_di_pekerja() -> None:
    """The pool's initializer here: the runner's own, then the wrappers of the worker's steps."""
    _catat("pekerja: proses siap (spawn + impor)", time.time(), time.time(), time.process_time())
    pekerja.siapkan_proses_pekerja()
    a, c = time.time(), time.process_time()
    import analisis.evaluasi.jalankan as ej
    import analisis.laporan.ekspor as ek
    import analisis.notebook as nbm

    kp = pekerja.KernelPekerja
    _bungkus(kp, "pastikan", "pekerja: kernel dimulai + pemanasan")
    _bungkus(kp, "_klien_siap", "pekerja:   klien kernel siap")
    _bungkus(kp, "bersihkan", "pekerja: %reset -f")
    _bungkus(nbm, "eksekusi", "pekerja: notebook")
    _bungkus(ek, "ekspor_html", "pekerja: ekspor HTML")
    _bungkus(ej, "ekspor_laporan_wilayah", "pekerja: ekspor laporan")
    _bungkus(pekerja, "jalankan_tugas", "pekerja: tugas wilayah", dengan_arg=True)
    _bungkus(pekerja, "jalankan_tahap", "pekerja: tahap peringkat", dengan_arg=True)
    _bungkus(pekerja, "tulis_sidecar", "pekerja:   sidecar")
    _bungkus(pekerja, "sapu_sementara", "pekerja:   sapu sementara")
    _bungkus(pekerja._Log, "tulis", "pekerja:   log")
    # In a run these imports happen in the first region or ranking; here, before the first task.
    _catat("pekerja: impor modul yang diukur", a, time.time(), time.process_time() - c)


class PelaksanaBergaris(PelaksanaProses):
    """The runner's process pool with :func:`pasang_di_pekerja` as initializer."""

    inisialisasi = staticmethod(pasang_di_pekerja)


def pasang_di_runner() -> None:
    import analisis.laporan.sumber_daya as sd
    import analisis.situs.halaman as sh

    _bungkus(jalan, "rencanakan", "runner: rencana (cache)")
    _bungkus(jalan, "_sapu", "runner: sapu sementara")
    _bungkus(sd, "siapkan_static", "runner: siapkan _static")
    _bungkus(jalan, "_jalankan_wilayah", "runner: semua wilayah")
    _bungkus(jalan, "_mulai_tahap_pertama", "runner: kirim tahap pertama")
    _bungkus(jalan, "_tahap_dan_situs", "runner: tahap + situs")
    _bungkus(jalan, "_jalankan_tahap", "runner:   tahap (tunggu hasil)")
    _bungkus(sh, "bangun_situs", "runner:   situs provinsi")
    _bungkus(sh, "siapkan_bahan", "runner:   bahan situs (utas)")
    _bungkus(jalan, "_panaskan_situs_diam", "runner:   pemanasan situs (utas)")
    _bungkus(sh, "bangun_indeks_utama", "runner:   indeks utama")
    _bungkus(jalan, "_tulis_manifest", "runner: manifest")
    _bungkus(jalan, "_pemanasan_tahap", "runner: kode pemanasan tahap")
    _bungkus(jalan, "kunci_tahap", "runner:   kunci tahap")
    _bungkus(jalan, "_sidik_jari_manifest", "runner:   sidik jari manifest")


def _label_pid(peristiwa: list[dict], pid_utama: int) -> dict[int, str]:
    urutan = sorted({p["pid"] for p in peristiwa if p["pid"] != pid_utama})
    return {pid_utama: "runner", **{pid: f"P{i + 1}" for i, pid in enumerate(urutan)}}


def cetak(peristiwa: list[dict], t0: float, pid_utama: int) -> None:
    nama = _label_pid(peristiwa, pid_utama)
    print("    mulai →  selesai  (  durasi)  CPU sendiri / CPU kernel")
    for p in sorted(peristiwa, key=lambda p: (p["a"], p["b"])):
        durasi = p["b"] - p["a"]
        cpu = f"{p.get('cpu', 0):5.2f}" + (
            f" / {p['cpu_kernel']:5.2f}" if p.get("cpu_kernel") else "        "
        )
        print(
            f"  {p['a'] - t0:7.2f} → {p['b'] - t0:7.2f}  ({durasi:6.2f} s)  {cpu}  "
            f"{nama[p['pid']]:<6} {p['label']}"
        )


MODUL_INDUK = "analisis.runner.induk"


def _anak_induk(p: psutil.Process, cmd: str) -> bool:
    """A kernel forked from the kernel parent (it keeps the parent's command line)."""
    try:
        return MODUL_INDUK in cmd and MODUL_INDUK in " ".join(p.parent().cmdline())
    except (psutil.Error, AttributeError):
        return False


def cpu_proses() -> dict[int, tuple[str, float]]:
    """CPU seconds (user + system) so far of this process and of each descendant (worker,
    kernel), children it reaped included: ``{pid: (kind, seconds)}``."""
    hasil = {}
    akar = psutil.Process()
    for p in [akar, *akar.children(recursive=True)]:
        try:
            t = p.cpu_times()
            cmd = " ".join(p.cmdline())
        except psutil.Error:
            continue
        jenis = (
            "runner"
            if p.pid == akar.pid
            else "kernel"
            if "ipykernel" in cmd or _anak_induk(p, cmd)
            else "induk"  # the kernel parent the kernels are forked from
            if MODUL_INDUK in cmd
            else "server"  # the fork server the workers are forked from
            if "forkserver" in cmd
            else "pekerja"
            if "multiprocessing" in cmd
            else "lain"
        )
        hasil[p.pid] = (jenis, t.user + t.system + t.children_user + t.children_system)
    return hasil


def cetak_cpu(
    sebelum: dict[int, tuple[str, float]],
    sesudah: dict[int, tuple[str, float]],
    peristiwa: list[dict],
    n: int,
) -> None:
    """CPU per process (what the call added) and per recorded step, summed over processes."""
    per_jenis: dict[str, list[float]] = {}
    for pid, (jenis, cpu) in sesudah.items():
        per_jenis.setdefault(jenis, []).append(cpu - sebelum.get(pid, (jenis, 0.0))[1])
    total = sum(sum(v) for v in per_jenis.values())
    print(f"  CPU total {total:.2f} s ({total / n:.3f} s/wilayah):")
    for jenis, daftar in per_jenis.items():
        rinci = ", ".join(f"{x:.2f}" for x in sorted(daftar, reverse=True))
        print(f"    {jenis:<8} {sum(daftar):7.2f} s  ({sum(daftar) / n:.3f} s/wilayah; {rinci})")
    langkah: dict[str, list[float]] = {}
    for p in peristiwa:
        label = p["label"].rstrip("0123456789 ")
        x = langkah.setdefault(label, [0, 0.0, 0.0])
        x[0] += 1
        x[1] += p.get("cpu", 0.0)
        x[2] += p.get("cpu_kernel", 0.0)
    print("  per langkah (jumlah, CPU proses itu sendiri, CPU kernelnya; langkah bisa bertumpuk):")
    for label, (k, c, ck) in langkah.items():
        print(f"    {label:<42} ×{k:<3} {c:7.2f} s  kernel {ck:7.2f} s")


def pemanasan_per_baris() -> None:
    """Each line of the runner's warm-up, timed in one fresh kernel (after ipykernel's start)."""
    kp = pekerja.KernelPekerja(cwd=str(Path.cwd()), pemanasan="")
    t = time.perf_counter()
    kp.pastikan()
    print(f"  kernel dimulai, klien siap: {time.perf_counter() - t:.2f} s")
    try:
        for baris in pekerja.PEMANASAN.splitlines():
            if not baris.strip() or baris.lstrip().startswith("#"):
                continue
            t = time.perf_counter()
            kp.jalankan_kode(baris, batas=600)
            print(f"  {time.perf_counter() - t:6.2f} s  {baris[:100]}")
    finally:
        kp.tutup()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--provinsi", default="63", help="a province code, or semua (all Kalimantan)")
    ap.add_argument("--pekerja", type=int, default=2)
    ap.add_argument("--ulang", type=int, default=1, help="cold calls, each with a new pool")
    ap.add_argument("--tanpa-pemanasan", action="store_true", help="skip the warm-up line timing")
    ap.add_argument(
        "--hangat", type=int, default=0, help="warm calls after each cold one (same pool, paksa)"
    )
    a = ap.parse_args()

    pasang_di_runner()
    for ke in range(a.ulang):
        akar = Path(tempfile.mkdtemp(prefix="garis-waktu-"))
        folder = akar / "peristiwa"  # the workers keep the environment of the pool's start
        folder.mkdir()
        os.environ[_FOLDER_PERISTIWA] = str(folder)
        with PelaksanaBergaris(a.pekerja) as p:
            for jenis in ["dingin"] + ["hangat"] * a.hangat:
                sebelum = cpu_proses() if jenis == "hangat" else {}
                t0, c0 = time.time(), time.process_time()
                r = jalan.jalankan_provinsi(
                    a.provinsi,
                    2024,
                    folder_laporan=akar / "reports",
                    hanya_data_bawaan=True,
                    paksa=True,
                    pelaksana=p,
                    progres=False,
                )
                t1 = time.time()
                _catat("runner: jalankan_provinsi", t0, t1, time.process_time() - c0)
                sesudah = cpu_proses()  # before the pool closes: workers and kernels alive
                peristiwa = [
                    e
                    for f in folder.glob("*.jsonl")
                    for b in f.read_text("utf-8").splitlines()
                    if (e := json.loads(b))["a"] >= t0
                ]
                n = len(r.wilayah)
                print(
                    f"\nJalan {jenis} {ke + 1}: {n} wilayah, {a.pekerja} pekerja, total "
                    f"{t1 - t0:.2f} s ({(t1 - t0) / n:.2f} s/wilayah), gagal {len(r.gagal)}, "
                    f"tahap {[(t.nama, t.status, round(t.detik, 2)) for t in r.tahap]}, "
                    f"beban {'/'.join(f'{x:.1f}' for x in os.getloadavg())}"
                )
                if jenis == "dingin":
                    cetak(peristiwa, t0, os.getpid())
                cetak_cpu(sebelum, sesudah, peristiwa, n)
    if not a.tanpa_pemanasan:
        print("\nPemanasan kernel per baris (kernel baru terpisah):")
        pemanasan_per_baris()


if __name__ == "__main__":
    main()
