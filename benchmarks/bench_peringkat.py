"""Timing of the TKPK ranking engine and its Monte Carlo robustness check.

Synthetic data for 56 regions (a large province plus margin) and 514 regions (all kab/kota in
Indonesia) under the default framework (17 indicators, 4 with sampling noise), 1,000 draws.

    .venv/bin/python benchmarks/bench_peringkat.py [--ulang 7] [--iterasi 1000]

Prints the median (and min) wall time of: input checking + deterministic index
(``hitung_indeks``), and the full robustness check (``uji_robust``: checking, deterministic
index, 1,000 draws, summaries and pair flips), plus the Monte Carlo core alone; and what the
published ranking run adds to the ranking entry point (``susun_peringkat``) with the Sobol
sensitivity and coherence analyses (``dengan_sensitivitas=True``, the framework's N = 1,024),
timed in alternation with the plain call and printed as a ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
import pandas as pd

from analisis.peringkat.entri import susun_peringkat
from analisis.peringkat.indeks import _komposit_tetap, hitung_indeks
from analisis.peringkat.kerangka import kerangka_bawaan
from analisis.peringkat.robust import _simulasi, uji_robust
from analisis.peringkat.siap import siapkan_data


def data_sintetis(n: int, benih: int = 0) -> pd.DataFrame:
    """Plausible random values for every indicator of the default framework."""
    rng = np.random.default_rng(benih)
    kode = [f"{9000 + i:04d}" if i < 1000 else f"R{i}" for i in range(n)]
    df = pd.DataFrame(index=pd.Index(kode, name="kode_wilayah"))
    df["penurunan_p0_3th"] = rng.normal(0.8, 0.7, n).round(2)
    df["penurunan_p0_relatif_3th"] = (df["penurunan_p0_3th"] / rng.uniform(3, 12, n) * 100).round(1)
    df["penurunan_p1_3th"] = rng.normal(0.15, 0.2, n).round(3)
    df["penurunan_p2_3th"] = rng.normal(0.04, 0.06, n).round(3)
    df["efektivitas_p0"] = rng.integers(0, 4, n) / 3
    df["porsi_anggaran_kemiskinan"] = rng.uniform(2, 15, n).round(2)
    df["skor_penandaan"] = rng.uniform(20, 95, n).round(1)
    df["realisasi_anggaran"] = rng.uniform(60, 99, n).round(1)
    df["rpkd_berlaku"] = rng.choice(["ya", "tidak"], n, p=[0.7, 0.3])
    df["rat_tepat_waktu"] = rng.choice(["ya", "tidak"], n, p=[0.6, 0.4])
    df["laporan_tepat_waktu"] = rng.choice(list("ABCD"), n)
    df["kelengkapan_laporan"] = rng.uniform(40, 100, n).round(0)
    df["jumlah_rakor"] = rng.integers(0, 6, n)
    df["progres_verval"] = rng.uniform(30, 100, n).round(1)
    df["persen_nik_valid"] = rng.uniform(80, 100, n).round(1)
    df["persen_duplikat"] = rng.uniform(0, 8, n).round(2)
    df["cakupan_desil1"] = rng.uniform(40, 95, n).round(1)
    return df


def _waktu(fungsi, ulang: int) -> tuple[float, float, float]:
    """Median wall time, min wall time and median CPU time of this process (s).

    CPU time is reported because on a shared machine other processes inflate wall time."""
    fungsi()  # warm-up (imports, page faults)
    t, c = [], []
    for _ in range(ulang):
        t0, c0 = time.perf_counter(), time.process_time()
        fungsi()
        t.append(time.perf_counter() - t0)
        c.append(time.process_time() - c0)
    return statistics.median(t), min(t), statistics.median(c)


def _berpasangan(a, b, ulang: int) -> tuple[float, float, float]:
    """Median wall time of ``a`` and of ``b`` (s), run in turn (a b a b …) so a drift in the
    machine's speed hits both, and the median of the pairwise ratios a/b."""
    a(), b()  # warm-up
    ta, tb, rasio = [], [], []
    for _ in range(ulang):
        t0 = time.perf_counter()
        a()
        t1 = time.perf_counter()
        b()
        t2 = time.perf_counter()
        ta.append(t1 - t0)
        tb.append(t2 - t1)
        rasio.append((t1 - t0) / (t2 - t1))
    return statistics.median(ta), statistics.median(tb), statistics.median(rasio)


def _ms(t: tuple[float, float, float]) -> str:
    return f"{t[0] * 1e3:6.1f} ms (min {t[1] * 1e3:5.1f}, CPU {t[2] * 1e3:5.1f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ulang", type=int, default=7)
    ap.add_argument("--iterasi", type=int, default=1000)
    args = ap.parse_args()
    k = kerangka_bawaan()
    print(
        f"kerangka bawaan: {len(k.kode_indikator)} indikator; {args.iterasi} tarikan; "
        f"median waktu dinding (min, median waktu CPU) dari {args.ulang} ulangan; "
        f"beban sistem {os.getloadavg()[0]:.2f}"
    )
    for n in (56, 514):
        df = data_sintetis(n)
        siap = siapkan_data(df, k)
        inti = _komposit_tetap(siap)
        r = k.robust
        tm = _waktu(lambda df=df: hitung_indeks(df, k), args.ulang)
        tc = _waktu(
            lambda siap=siap, inti=inti, r=r: _simulasi(
                siap,
                inti,
                args.iterasi,
                1,
                r.konsentrasi_dimensi,
                r.konsentrasi_indikator,
                r.normalisasi_alternatif,
                r.skala_galat,
            ),
            args.ulang,
        )
        tr = _waktu(lambda df=df: uji_robust(df, k, jumlah_iterasi=args.iterasi), args.ulang)
        print(
            f"{n:4d} wilayah\n"
            f"     hitung_indeks (cek data + indeks)        {_ms(tm)}\n"
            f"     inti Monte Carlo ({args.iterasi} tarikan)       {_ms(tc)}\n"
            f"     uji_robust lengkap (cek + indeks + MC)   {_ms(tr)}"
        )
        dengan, tanpa, rasio = _berpasangan(
            lambda df=df: susun_peringkat(
                df, k, jumlah_iterasi=args.iterasi, dengan_sensitivitas=True
            ),
            lambda df=df: susun_peringkat(df, k, jumlah_iterasi=args.iterasi),
            max(3, args.ulang // 2),
        )
        print(
            f"     susun_peringkat tanpa sensitivitas       {tanpa * 1e3:6.1f} ms\n"
            f"     dengan sensitivitas + koherensi          {dengan * 1e3:6.1f} ms "
            f"(rasio {rasio:.1f}×)"
        )


if __name__ == "__main__":
    main()
