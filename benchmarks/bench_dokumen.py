"""Word documents of the 13 Kalsel regions against their HTML reports (target: ≤ 2×).

    .venv/bin/python benchmarks/bench_dokumen.py              # 2 alternating rounds
    .venv/bin/python benchmarks/bench_dokumen.py --ronde 3 --bundel

What is measured (bundled data only, into a temporary reports folder), alternating in the same
process so machine load affects both sides alike:

- **HTML**: per region, the evaluation notebook executed in one warm kernel and exported as the
  offline HTML report (:func:`analisis.evaluasi.jalankan.jalankan_evaluasi` with a reused
  kernel: what a warm runner worker does per region);
- **DOCX**: per region, ``analisis dokumen --wilayah``'s work
  (:meth:`analisis.dokumen.Penyusun.tulis_wilayah`: read the result files, build every table,
  render every chart with vl-convert, write the .docx), with the chart cache folder
  (``.cache/grafik``) emptied first: every chart drawn (**cold**, the target's figure);
- **DOCX, cached charts**: the same again right after, every picture from the cache folder
  (what a re-run of ``analisis dokumen`` or of the runner's documents stage costs when the
  charts did not change);
- **bundle** (``--bundel``): ``analisis dokumen --provinsi 63`` (bundle + 13 region documents,
  each chart drawn once; cache emptied first).

The chart drawing processes are started once per process and reused, as the HTML side reuses
its warm kernel. Prints each round, the medians and the ratios DOCX / HTML, with the load
average (1 minute) after each round.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from analisis.dokumen import Penyusun
from analisis.dokumen.sumber import kabkota_provinsi
from analisis.evaluasi.jalankan import jalankan_evaluasi
from analisis.notebook import kernel_ipc
from analisis.peringkat.jalankan import hitung_peringkat, simpan_peringkat
from analisis.proyek import Proyek

TAHUN = 2024


def ukur_html(kode: list[str], proyek: Proyek, km) -> float:
    mulai = time.perf_counter()
    for k in kode:
        jalankan_evaluasi(k, TAHUN, proyek=proyek, hanya_data_bawaan=True, km=km)
    return time.perf_counter() - mulai


def ukur_docx(kode: list[str], proyek: Proyek, dingin: bool = True) -> tuple[float, int]:
    ft = proyek.tata_letak.tahun("63", TAHUN)
    if dingin:
        shutil.rmtree(ft.cache_grafik, ignore_errors=True)
    mulai = time.perf_counter()
    with Penyusun.untuk(proyek) as p:
        for k in kode:
            p.tulis_wilayah(ft, k)
    return time.perf_counter() - mulai, p.pelukis.jumlah_digambar


def ukur_bundel(proyek: Proyek) -> float:
    shutil.rmtree(proyek.tata_letak.tahun("63", TAHUN).cache_grafik, ignore_errors=True)
    mulai = time.perf_counter()
    with Penyusun.untuk(proyek) as p:
        p.tulis_provinsi(proyek.tata_letak.tahun("63", TAHUN))
    return time.perf_counter() - mulai


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ronde", type=int, default=2)
    ap.add_argument("--bundel", action="store_true", help="also time the province bundle")
    a = ap.parse_args()
    kode = kabkota_provinsi("6300")
    with tempfile.TemporaryDirectory(prefix="bench-dokumen-") as tmp:
        proyek = Proyek.muat(laporan=Path(tmp) / "reports", penyimpanan=Path(tmp) / "simpan")
        html, docx, hangat, bundel = [], [], [], []
        with kernel_ipc(cwd=proyek.notebooks) as km:
            jalankan_evaluasi(kode[0], TAHUN, proyek=proyek, hanya_data_bawaan=True, km=km)  # warm
            ukur_html(kode, proyek, km)  # every result file exists before the first DOCX round
            simpan_peringkat(hitung_peringkat("63", TAHUN, proyek=proyek), proyek)
            for r in range(a.ronde):
                html.append(ukur_html(kode, proyek, km))
                d, grafik = ukur_docx(kode, proyek)
                docx.append(d)
                hangat.append(ukur_docx(kode, proyek, dingin=False)[0])
                baris = (
                    f"ronde {r + 1}: HTML {html[-1]:6.1f} s  DOCX {d:6.1f} s ({grafik} grafik)"
                    f"  DOCX grafik dari cache {hangat[-1]:6.1f} s"
                )
                if a.bundel:
                    bundel.append(ukur_bundel(proyek))
                    baris += f"  bundel {bundel[-1]:6.1f} s"
                print(f"{baris}  beban {os.getloadavg()[0]:.1f}", flush=True)
    mh, md = statistics.median(html), statistics.median(docx)
    print(f"\n{len(kode)} wilayah, median: HTML {mh:.1f} s, DOCX {md:.1f} s")
    print(f"rasio DOCX / HTML = {md / mh:.2f} (target ≤ 2,00)")
    mc = statistics.median(hangat)
    print(f"DOCX dengan grafik dari cache: {mc:.1f} s, rasio {mc / mh:.2f}")
    if bundel:
        mb = statistics.median(bundel)
        print(f"bundel provinsi (bundel + {len(kode)} dokumen): {mb:.1f} s, rasio {mb / mh:.2f}")


if __name__ == "__main__":
    main()
