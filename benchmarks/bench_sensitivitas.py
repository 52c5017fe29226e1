"""Timing of the variance-based sensitivity analysis of the TKPK ranking, against the plain path.

Synthetic data for 514 regions (all kab/kota in Indonesia) under the default framework
(17 indicators, 4 with sampling error), like ``bench_peringkat.py``, plus missing values in
two indicators for a few regions so that all six factors vary (weights of dimensions and of
indicators, normalisation, aggregation, sampling error, missing-data policy). Saltelli base
sample N = 1,024 → N · (6 + 2) = 8,192 index evaluations, Sobol indices with 100 bootstrap
resamples for 515 outputs (every region's rank and the mean absolute rank shift).

    .venv/bin/python benchmarks/bench_sensitivitas.py [--ulang 3] [--utas 2] [--loop-sampel K]

* **vectorised**: ``analisis_sensitivitas`` end to end (input check, design, 8,192 evaluations,
  indices with bootstrap intervals, one-at-a-time alternatives, removals), median wall time of
  ``--ulang`` runs, on ``--utas`` threads.
* **loop**: the same design evaluated the way COINr-style tools do it — rebuild the framework
  and run the plain ``hitung_indeks`` once per evaluation — then one ``SALib.analyze.sobol``
  call per output. Its ranks are checked against the vectorised ones. ``--loop-sampel K`` times
  only K evaluations (spread over the design) and extrapolates the loop time linearly; the
  output then says so.

The last line is ``sensitivitas 514 wilayah: X s; loop: Y s; rasio Z×``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from SALib.analyze import sobol as salib_analisis

from analisis.peringkat.kerangka import kerangka_bawaan
from analisis.peringkat.sampel import peringkat_sampel_polos
from analisis.peringkat.sensitivitas import analisis_sensitivitas

JUMLAH_WILAYAH = 514


def _data_sintetis(n: int) -> pd.DataFrame:
    """``data_sintetis`` of benchmarks/bench_peringkat.py (reused, not copied)."""
    spec = importlib.util.spec_from_file_location(
        "bench_peringkat", Path(__file__).with_name("bench_peringkat.py")
    )
    assert spec is not None and spec.loader is not None
    modul = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modul)
    return modul.data_sintetis(n)


def data_bench(n: int) -> pd.DataFrame:
    """The synthetic regions, with a few missing values so the policy factor varies too."""
    df = _data_sintetis(n).astype(object)
    rng = np.random.default_rng(5)
    df.loc[df.index[rng.choice(n, n // 25, replace=False)], "kelengkapan_laporan"] = None
    df.loc[df.index[rng.choice(n, n // 50, replace=False)], "persen_duplikat"] = None
    return df


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ulang", type=int, default=3)
    ap.add_argument("--utas", type=int, default=2)
    ap.add_argument("--sampel", type=int, default=1024, help="Saltelli base sample N")
    ap.add_argument(
        "--loop-sampel",
        type=int,
        default=None,
        help="time the loop on only this many evaluations and extrapolate",
    )
    args = ap.parse_args()
    k = kerangka_bawaan()
    df = data_bench(JUMLAH_WILAYAH)
    print(
        f"kerangka bawaan: {len(k.kode_indikator)} indikator; {JUMLAH_WILAYAH} wilayah; "
        f"N = {args.sampel}; {args.utas} utas; beban sistem {os.getloadavg()[0]:.2f}"
    )

    def vektor():
        return analisis_sensitivitas(df, k, jumlah_sampel=args.sampel, utas=args.utas)

    h = vektor()  # warm-up (imports, page faults)
    waktu, cpu = [], []
    for _ in range(args.ulang):
        t0, c0 = time.perf_counter(), time.process_time()
        h = vektor()
        waktu.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    t_vektor = statistics.median(waktu)
    S, m = h.peringkat_sampel.shape
    F = len(h.faktor)
    print(
        f"faktor ({F}): {', '.join(h.faktor)}; {S} evaluasi indeks; "
        f"{h.parameter['jumlah_bootstrap']} bootstrap"
    )
    print(
        f"vektor: median {t_vektor:.3f} s (min {min(waktu):.3f}, CPU {statistics.median(cpu):.3f})"
    )

    # Loop: the same design, one framework + hitung_indeks per evaluation.
    if args.loop_sampel is not None and args.loop_sampel < S:
        pilih = np.linspace(0, S - 1, args.loop_sampel).round().astype(int)
    else:
        pilih = np.arange(S)
    sampel = h.sampel.bagian(pilih)
    t0 = time.perf_counter()
    rank_loop = peringkat_sampel_polos(
        h.masukan, h.siap, sampel, galat=h.galat, geser_nol=h.parameter["geser_nol"]
    )
    t_eval = (time.perf_counter() - t0) * S / len(pilih)
    sama = bool(np.array_equal(rank_loop, h.peringkat_sampel[pilih]))
    masalah = {"num_vars": F, "names": h.faktor, "bounds": [[0.0, 1.0]] * F}
    t0 = time.perf_counter()
    keluaran = [h.pergeseran_sampel] + [h.peringkat_sampel[:, j].astype(float) for j in range(m)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for y in keluaran:
            if np.ptp(y) > 0:
                salib_analisis.analyze(
                    masalah,
                    y,
                    calc_second_order=False,
                    num_resamples=h.parameter["jumlah_bootstrap"],
                    seed=h.parameter["benih_bootstrap"],
                )
    t_salib = time.perf_counter() - t0
    t_loop = t_eval + t_salib
    label = (
        f"diukur pada {len(pilih)} dari {S} evaluasi, diekstrapolasi"
        if len(pilih) < S
        else "semua evaluasi"
    )
    print(
        f"loop: hitung_indeks per evaluasi {t_eval:.1f} s ({label}); "
        f"SALib per keluaran ({len(keluaran)} keluaran) {t_salib:.1f} s; "
        f"peringkat identik dengan jalur vektor: {'ya' if sama else 'TIDAK'}"
    )
    print(
        f"sensitivitas {JUMLAH_WILAYAH} wilayah: {t_vektor:.2f} s; loop: {t_loop:.1f} s; "
        f"rasio {t_loop / t_vektor:.0f}×"
    )


if __name__ == "__main__":
    main()
