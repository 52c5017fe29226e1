"""Benchmark of the data layer: load, Dataset build, validation, imports, one evaluation.

Run: .venv/bin/python benchmarks/bench_data.py   (prints figures; not a test)
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]


def ukur(nama: str, fungsi, ulang: int = 5) -> None:
    waktu = []
    for _ in range(ulang):
        t = time.perf_counter()
        fungsi()
        waktu.append(time.perf_counter() - t)
    print(
        f"{nama:<55} median {statistics.median(waktu) * 1000:8.1f} ms   min {min(waktu) * 1000:8.1f} ms"
    )


def main() -> None:
    t = time.perf_counter()
    from analisis.data.model import Basisdata, muat_bundel
    from analisis.data.operasi import rencanakan
    from analisis.data.validasi import Kandidat, validasi
    from analisis.evaluasi import evaluasi_wilayah

    print(
        f"{'impor modul (pandas, xarray, analisis)':<55} {(time.perf_counter() - t) * 1000:8.1f} ms (sekali)"
    )
    muat_bundel.cache_clear()
    ukur("muat data bawaan (CSV → tabel rapi)", lambda: (muat_bundel.cache_clear(), muat_bundel()))
    basis = Basisdata.muat(impor=False)
    ukur("Basisdata.dataset() 62 wilayah × 11 tahun × 30 variabel", lambda: basis.dataset())
    ukur(
        "indeks seri (sekali per Basisdata)",
        lambda: (object.__setattr__(basis, "_cache", None), basis.seri("6303", "p0")),
    )
    ukur(
        "validasi 4.773 baris bawaan",
        lambda: validasi(Kandidat(muat_bundel().assign(_berkas="b")), None),
        ulang=3,
    )
    impor = AKAR / "tests" / "data" / "impor"
    for nama in (
        "bps_p0_kalsel_2021_2025.csv",
        "bps_kemiskinan_kaltim_kalbar.xlsx",
        "webapi_p0_kalsel_var103.json",
    ):
        ukur(f"cek impor {nama}", lambda n=nama: rencanakan([impor / n], basis), ulang=3)
    ukur(
        "evaluasi_wilayah 6303 2024 (pustaka, tanpa notebook)",
        lambda: evaluasi_wilayah("6303", 2024, basis=basis),
        ulang=3,
    )
    with tempfile.TemporaryDirectory():
        pass


if __name__ == "__main__":
    main()
