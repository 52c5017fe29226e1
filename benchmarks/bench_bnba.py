"""Benchmark of the BNBA checks against the bare DuckDB floor (and a plain pandas version).

Usage::

    python benchmarks/bench_bnba.py --jumlah 10000000    # the target: 10M rows, Parquet
    python benchmarks/bench_bnba.py                      # 1M and 10M rows, Parquet and CSV
    python benchmarks/bench_bnba.py --folder /data/bench --tanpa-csv --ulang 3
    nice -n 19 python benchmarks/bench_bnba.py --jumlah 100000000 --memori 1500MB \
        --tanpa-csv --tanpa-pandas --folder /tmp/bnba_besar   # out of core: ~2.1 GB Parquet

For each size the synthetic extract is generated once and cached in a sub-folder of ``--folder``
keyed by the generator (its ``VERSI_GENERATOR`` and a hash of its source), the seed and the
reference date, so reruns skip the generation (~40 s for 10M rows) and a changed generator
never reuses stale files. Every measurement runs in a FRESH child process so the peak RSS
(``resource.getrusage(...).ru_maxrss``) belongs to that measurement alone: load + validation +
all checks + targeting (coverage/inclusion/exclusion, quadrant) + the publishable summary. The
private worklist (XLSX) is timed separately because its size depends on the defect rate, not on
the pipeline. The pandas baseline implements the same checks idiomatically (vectorised, one
machine, everything in memory) on the 1M file; its flag counts are compared with DuckDB's.

The FLOOR ("dasar") is measured in the same run, alternating with the checks (cek, dasar, cek,
dasar …): a bare DuckDB pass over the same Parquet file doing the per-desa counts, the NIK
format and prefix checks, the desil × programme cross-tabs and a duplicate-NIK pass — the least
any implementation of the checks has to read and count. The ratio check/floor is what to
compare across machines; the last line reads ``10.000.000 baris: cek X s, dasar Y s, rasio Z×``.

The stage times (``tahap``) are those of :class:`~analisis.bnba.cek.HasilCek`: ``muat`` (read the
file, validate, build the typed table: the largest share), ``nik_ambil`` (the NIKs fetched for
the duplicate sort), ``keluarga``, ``alamat``, ``nik_ganda`` (waiting for the duplicate sort,
which runs during ``keluarga`` and ``alamat``), ``bendera`` and ``kubus``. With ``--memori``
below 64 bytes per row (e.g. ``--jumlah 30000000 --memori 1500MB``, the out-of-core run in the
README) the duplicates are found by a DuckDB GROUP BY that spills to disk instead: ``nik_ambil``
is then 0 and ``nik_ganda`` is that whole pass. With ``--memori`` the checks and the floor spill
into ``duckdb_tmp`` beside the data, and the peak disk use of that folder is printed.

The generator writes any size in parts of a million rows (memory of one part, ~0.7 GB), so
``--jumlah 100000000`` works; every run's flag counts are compared with the file's manifest.

Each stage is printed twice: wall seconds and CPU seconds of the process (all threads; the
duplicate sort's CPU falls in ``keluarga``/``alamat``, which it overlaps). On a shared machine
compare the CPU line.

Printed per run: wall seconds, CPU seconds (all threads), peak RSS, the machine's load average
at the start (other processes compete for the same cores on shared machines: compare CPU
seconds and the ratio, or rerun with ``--ulang`` and take the minimum).

Targets (issue 20): 10M rows from Parquet ≤ 5 s, ≤ 2 GB peak, ≤ 2,3 × the floor.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Self

ACUAN = date(2025, 6, 30)
AKAR = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _rss_puncak_mb() -> float:
    """Peak RSS of THIS process image (VmHWM). ``ru_maxrss`` is not used: after fork+exec Linux
    carries the parent's high-water mark into the child."""
    try:
        for baris in Path("/proc/self/status").read_text().splitlines():
            if baris.startswith("VmHWM:"):
                return int(baris.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class PuncakDisk:
    """Peak disk use (allocated blocks) of a folder's files, e.g. DuckDB's spill folder, sampled
    every 0.2 s by a thread while the ``with`` block runs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.puncak = 0
        self._selesai = threading.Event()
        self._utas = threading.Thread(target=self._sampel, daemon=True)

    def _ukur(self) -> int:
        total = 0
        for akar, _, berkas in os.walk(self.folder):
            for b in berkas:
                try:
                    total += os.stat(os.path.join(akar, b)).st_blocks * 512
                except FileNotFoundError:
                    pass
        return total

    def _sampel(self) -> None:
        while True:
            self.puncak = max(self.puncak, self._ukur())
            if self._selesai.wait(0.2):
                return

    def __enter__(self) -> Self:
        self._utas.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._selesai.set()
        self._utas.join()


def _folder_tumpahan(path: str) -> Path:
    return Path(path).parent / "duckdb_tmp"


# ---------------------------------------------------------------------------------------------
# Child measurements


def anak_duckdb(path: str, memori: str | None, daftar_kerja: str | None) -> dict:
    from analisis.bnba import cek_bnba, kinerja_sasaran, kuadran_wilayah, ringkasan_publik

    t0, c0 = time.perf_counter(), _cpu()
    with PuncakDisk(_folder_tumpahan(path)) as disk:
        hasil = cek_bnba(
            path,
            "6303",
            tanggal_acuan=ACUAN,
            memori=memori,
            folder_sementara=str(_folder_tumpahan(path)) if memori else None,
        )
        t_cek = time.perf_counter() - t0
        ks = kinerja_sasaran(hasil.kubus)
        kuadran_wilayah(hasil.kubus)
        ringkasan_publik(hasil, bps={"p0": 2.74, "penduduk": 600_639})
        t1, c1 = time.perf_counter(), _cpu()
    r = hasil.ringkasan()
    keluar = {
        "detik": t1 - t0,
        "detik_cek": t_cek,
        "cpu": c1 - c0,
        "rss_mb": _rss_puncak_mb(),
        "disk_mb": disk.puncak / 2**20,
        "tahap": {k: round(v, 2) for k, v in hasil.detik.items()},
        "tahap_cpu": {k: round(v, 2) for k, v in hasil.cpu.items()},
        "bendera": r["bendera"],
        "baris": r["jumlah_baris"],
        "galat_inklusi_pkh": float(ks.set_index("program").loc["pkh", "galat_inklusi"]),
    }
    if daftar_kerja:
        t2 = time.perf_counter()
        hasil.tulis_daftar_kerja(daftar_kerja)
        keluar["detik_daftar_kerja"] = time.perf_counter() - t2
        keluar["rss_mb_dengan_daftar_kerja"] = _rss_puncak_mb()
    hasil.tutup()
    return keluar


def anak_dasar(path: str, memori: str | None) -> dict:
    """The floor: a bare DuckDB pass doing the least the checks must do (see module doc), under
    the same memory limit and spill folder as the checks."""
    import duckdb

    from analisis.bnba.skema import info_wilayah, lit, sambung

    prefiks = info_wilayah("6303")[1]
    t0, c0 = time.perf_counter(), _cpu()
    with PuncakDisk(_folder_tumpahan(path)) as disk:
        con = sambung(
            duckdb.connect(),
            memori=memori,
            folder_sementara=str(_folder_tumpahan(path)) if memori else None,
        )
        sumber = f"read_parquet({lit(path)})"
        kubus = con.sql(
            f"""
            SELECT kode_desa, desil, count(*) AS n,
              count(*) FILTER (WHERE length(nik) = 16 AND TRY_CAST(nik AS UBIGINT) IS NOT NULL)
                AS nik_16_digit,
              count(*) FILTER (WHERE starts_with(nik, {lit(prefiks)})) AS nik_prefiks_wilayah,
              count(*) FILTER (WHERE pkh = 1) AS pkh, count(*) FILTER (WHERE bpnt = 1) AS bpnt,
              count(*) FILTER (WHERE pbi_jk = 1) AS pbi_jk
            FROM {sumber} GROUP BY ALL
            """
        ).fetchall()
        ganda = con.sql(
            f"SELECT count(*) FROM (SELECT nik FROM {sumber} GROUP BY nik HAVING count(*) > 1)"
        ).fetchall()[0][0]
        t1, c1 = time.perf_counter(), _cpu()
        con.close()
    return {
        "detik": t1 - t0,
        "cpu": c1 - c0,
        "rss_mb": _rss_puncak_mb(),
        "disk_mb": disk.puncak / 2**20,
        "kelompok": len(kubus),
        "nik_ganda": int(ganda),
    }


def anak_pandas(path: str) -> dict:
    """The same checks in plain pandas (vectorised; everything in memory)."""
    import numpy as np
    import pandas as pd

    t0, c0 = time.perf_counter(), _cpu()
    df = pd.read_parquet(path) if path.endswith(".parquet") else pd.read_csv(path, dtype=str)
    n = len(df)
    nik = df["nik"].astype(str).str.replace(r"[\s']", "", regex=True)
    nik_ok = nik.str.fullmatch(r"[1-9]\d{15}")
    kk = df["no_kk"].astype(str).str.replace(r"[\s']", "", regex=True)
    kk_ok = kk.str.fullmatch(r"[1-9]\d{15}")
    perempuan = df["jenis_kelamin"].astype(str).map({"L": False, "P": True})
    tgl = pd.to_datetime(df["tanggal_lahir"])
    dd = pd.to_numeric(nik.str[6:8], errors="coerce")
    mm = pd.to_numeric(nik.str[8:10], errors="coerce")
    yy = pd.to_numeric(nik.str[10:12], errors="coerce")
    nik_tgl = nik_ok & (
        ((dd % 40) != tgl.dt.day) | (mm != tgl.dt.month) | (yy != tgl.dt.year % 100)
    )
    nik_jk = nik_ok & ((dd > 40) != perempuan)
    kec = df["kode_kecamatan"].astype(str)
    nik_wil = nik_ok & (nik.str[:6] != kec)
    nik_ganda = nik_ok & nik.where(nik_ok).duplicated(keep=False)
    hub = df["hubungan_keluarga"].astype(str)
    desil = pd.to_numeric(df["desil"])
    prog = {p: pd.to_numeric(df[p]).astype(bool) for p in ("pkh", "bpnt", "pbi_jk")}
    ada = prog["pkh"] | prog["bpnt"] | prog["pbi_jk"]
    kunci = kk.where(kk != "", "#" + pd.Series(np.arange(n), index=df.index).astype(str))
    norm = (
        df["kode_desa"].astype(str)
        + "|"
        + df["alamat"]
        .astype(str)
        .str.upper()
        .str.replace(r"[^A-Z0-9]+", " ", regex=True)
        .str.replace(r" 0+(\d)", r" \1", regex=True)
        .str.replace(" ", "", regex=False)
    )
    g = pd.DataFrame(
        {
            "kk": kunci,
            "alamat": norm,
            "desil": desil,
            "ada": ada,
            "kepala": tgl.where(hub == "kepala keluarga"),
        }
    ).groupby("kk")
    kel = pd.DataFrame(
        {
            "n_alamat": g["alamat"].nunique(),
            "desil": g["desil"].min(),
            "ada": g["ada"].any(),
            "lahir_kepala": g["kepala"].min(),
        }
    )
    k = kel.reindex(kunci.to_numpy())
    kk_alamat = pd.Series(k["n_alamat"].to_numpy() > 1, index=df.index)
    eksklusi = pd.Series(
        (k["desil"].to_numpy() <= 2) & ~k["ada"].to_numpy().astype(bool), index=df.index
    )
    acuan = pd.Timestamp(ACUAN)
    umur = (
        (acuan.year - tgl.dt.year)
        - ((acuan.month, acuan.day) < (1, 1))
        - (
            (tgl.dt.month > acuan.month)
            | ((tgl.dt.month == acuan.month) & (tgl.dt.day > acuan.day))
        )
    )
    batas = {
        "kepala keluarga": (15, 110),
        "istri": (15, 110),
        "suami": (15, 110),
        "anak": (0, 90),
        "menantu": (15, 110),
        "cucu": (0, 80),
        "orang tua": (30, 120),
        "mertua": (30, 120),
        "famili lain": (0, 120),
    }
    lo = hub.map({h: b[0] for h, b in batas.items()})
    hi = hub.map({h: b[1] for h, b in batas.items()})
    kepala = pd.to_datetime(k["lahir_kepala"].to_numpy())
    selisih = pd.Series(tgl.to_numpy() - kepala, index=df.index).dt.days / 365.2425
    umur_salah = (
        ((umur < lo) | (umur > hi))
        | ((hub == "anak") & (selisih < 10))
        | ((hub == "cucu") & (selisih < 25))
        | (hub.isin(["orang tua", "mertua"]) & (selisih > -10))
    )
    mati = pd.to_numeric(df["meninggal"]).astype(bool)
    flags = pd.DataFrame(
        {
            "nik_tidak_valid": ~nik_ok,
            "nik_ganda": nik_ganda,
            "nik_tanggal_beda": nik_tgl,
            "nik_jk_beda": nik_jk,
            "nik_wilayah_beda": nik_wil,
            "kk_tidak_valid": ~kk_ok,
            "kk_alamat_ganda": kk_alamat,
            "umur_tidak_wajar": umur_salah.fillna(False),
            "meninggal_penerima": mati & ada,
            "inklusi": (prog["pkh"] | prog["bpnt"] | prog["pbi_jk"]) & (desil > 4),
            "eksklusi": eksklusi,
        }
    )
    flags["kode_desa"] = df["kode_desa"].astype(str)
    flags["desil"] = desil
    kubus = flags.groupby(["kode_desa", "desil"]).sum()
    t1, c1 = time.perf_counter(), _cpu()
    return {
        "detik": t1 - t0,
        "cpu": c1 - c0,
        "rss_mb": _rss_puncak_mb(),
        "baris": n,
        "bendera": {k: int(v) for k, v in kubus.sum().items()},
    }


# ---------------------------------------------------------------------------------------------
# Driver


def _jalankan_anak(argumen: list[str]) -> dict:
    muat = os.getloadavg()[0]
    hasil = subprocess.run(
        [sys.executable, __file__, "--anak", *argumen],
        capture_output=True,
        text=True,
        check=False,
        cwd=AKAR,
    )
    if hasil.returncode != 0:
        raise SystemExit(f"Pengukuran gagal: {' '.join(argumen)}\n{hasil.stderr[-3000:]}")
    data = json.loads(hasil.stdout.strip().splitlines()[-1])
    data["beban_awal"] = round(muat, 2)
    return data


SEED = 1


def _kunci_cache() -> str:
    """Cache key of the generated data: generator version and source hash, seed, reference date."""
    from analisis.bnba import sintetis

    sidik = hashlib.sha256(Path(sintetis.__file__).read_bytes()).hexdigest()[:12]
    return f"gen{sintetis.VERSI_GENERATOR}-{sidik}-seed{SEED}-{ACUAN:%Y%m%d}"


def _siapkan(folder: Path, jumlah: int, csv: bool) -> dict[str, str]:
    folder = folder / _kunci_cache()
    folder.mkdir(parents=True, exist_ok=True)
    berkas = {"parquet": folder / f"BNBA_SINTETIS_6303_{jumlah}.parquet"}
    if csv:
        berkas["csv"] = folder / f"BNBA_SINTETIS_6303_{jumlah}.csv"
    kurang = [f for f, p in berkas.items() if not p.is_file()]
    if kurang:
        fmt = "keduanya" if len(kurang) == 2 else kurang[0]
        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-c",
                (
                    "import sys, datetime; from analisis.bnba import buat_contoh; "
                    f"buat_contoh('6303', {jumlah}, seed={SEED}, tujuan=sys.argv[1], format='{fmt}', "
                    f"tanggal_acuan=datetime.date({ACUAN.year}, {ACUAN.month}, {ACUAN.day}))"
                ),
                str(folder),
            ],
            check=True,
            cwd=AKAR,
        )
        print(
            f"  data sintetis {jumlah:,} baris ({fmt}) dibuat dalam {time.perf_counter() - t0:.1f} s"
        )
    return {k: str(v) for k, v in berkas.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description="Tolok ukur pemeriksaan BNBA (DuckDB vs pandas).")
    ap.add_argument("--jumlah", default="1000000,10000000", help="ukuran data, dipisah koma")
    ap.add_argument(
        "--folder",
        default="/tmp/bench_bnba",
        help="folder cache data sintetis (dipakai ulang selama generator dan seed sama)",
    )
    ap.add_argument(
        "--memori", default="", help="batas memori DuckDB, mis. 1500MB (bawaan: tanpa batas)"
    )
    ap.add_argument("--ulang", type=int, default=1, help="ulangi setiap pengukuran (ambil minimum)")
    ap.add_argument("--tanpa-csv", action="store_true", help="lewati pengukuran dari CSV")
    ap.add_argument("--tanpa-pandas", action="store_true", help="lewati pembanding pandas")
    ap.add_argument(
        "--daftar-kerja", action="store_true", help="ukur juga penulisan XLSX daftar kerja"
    )
    ap.add_argument("--anak", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.anak:
        jenis, path, *sisa = a.anak
        if jenis == "duckdb":
            memori = sisa[0] if sisa and sisa[0] != "-" else None
            dk = sisa[1] if len(sisa) > 1 else None
            print(json.dumps(anak_duckdb(path, memori, dk)))
        elif jenis == "dasar":
            print(json.dumps(anak_dasar(path, sisa[0] if sisa and sisa[0] != "-" else None)))
        else:
            print(json.dumps(anak_pandas(path)))
        return

    print(f"Mesin: {os.cpu_count()} inti; beban rata-rata 1 menit {os.getloadavg()[0]:.2f}")
    baris_hasil = []
    dasar: dict[int, dict] = {}
    duck_1m = None
    for jumlah in [int(x) for x in a.jumlah.split(",") if x]:
        berkas = _siapkan(Path(a.folder), jumlah, not a.tanpa_csv)
        for fmt, path in berkas.items():
            ukur, ukur_dasar = [], []
            for _ in range(a.ulang):
                arg = ["duckdb", path, a.memori or "-"]
                if a.daftar_kerja:
                    arg.append(str(Path(a.folder) / f"DAFTAR_KERJA_RAHASIA_{jumlah}_{fmt}.xlsx"))
                ukur.append(_jalankan_anak(arg))
                if fmt == "parquet":
                    ukur_dasar.append(_jalankan_anak(["dasar", path, a.memori or "-"]))
            terbaik = min(ukur, key=lambda d: d["detik"])
            baris_hasil.append(("duckdb", jumlah, fmt, terbaik))
            if jumlah == 1_000_000 and fmt == "parquet":
                duck_1m = terbaik
            tambahan = ""
            if "detik_daftar_kerja" in terbaik:
                tambahan = f"; daftar kerja XLSX {terbaik['detik_daftar_kerja']:.1f} s"
            print(
                f"DuckDB {jumlah:>11,} baris {fmt:<8} {terbaik['detik']:7.2f} s  CPU {terbaik['cpu']:7.2f} s  "
                f"RSS puncak {terbaik['rss_mb']:7.0f} MB  (beban awal {terbaik['beban_awal']}){tambahan}"
            )
            if a.memori:
                print(f"       disk sementara puncak {terbaik['disk_mb']:,.0f} MB")
            print(f"       bendera {_cocok_manifest(path, terbaik['bendera'])}")
            print(f"       tahap (detik): {terbaik['tahap']}")
            print(f"       tahap (CPU):   {terbaik['tahap_cpu']}")
            if ukur_dasar:
                d = min(ukur_dasar, key=lambda d: d["detik"])
                dasar[jumlah] = d
                print(
                    f"Dasar  {jumlah:>11,} baris {fmt:<8} {d['detik']:7.2f} s  CPU {d['cpu']:7.2f} s  "
                    f"RSS puncak {d['rss_mb']:7.0f} MB"
                    + (f", disk sementara {d['disk_mb']:,.0f} MB" if a.memori else "")
                    + f"  (beban awal {d['beban_awal']}); "
                    f"rasio cek/dasar: waktu {terbaik['detik'] / d['detik']:.2f}×, "
                    f"CPU {terbaik['cpu'] / d['cpu']:.2f}×"
                )
    if not a.tanpa_pandas and duck_1m is not None:
        path = str(Path(a.folder) / _kunci_cache() / "BNBA_SINTETIS_6303_1000000.parquet")
        ukur = [_jalankan_anak(["pandas", path]) for _ in range(a.ulang)]
        pd_ = min(ukur, key=lambda d: d["detik"])
        baris_hasil.append(("pandas", 1_000_000, "parquet", pd_))
        sama = {
            k: (pd_["bendera"].get(k), v)
            for k, v in duck_1m["bendera"].items()
            if pd_["bendera"].get(k) != v
        }
        print(
            f"pandas {1_000_000:>11,} baris parquet  {pd_['detik']:7.2f} s  CPU {pd_['cpu']:7.2f} s  "
            f"RSS puncak {pd_['rss_mb']:7.0f} MB  (beban awal {pd_['beban_awal']})"
        )
        print(
            f"Rasio pandas/DuckDB (1M, Parquet): waktu {pd_['detik'] / duck_1m['detik']:.1f}×, "
            f"memori {pd_['rss_mb'] / duck_1m['rss_mb']:.1f}×; "
            + ("jumlah bendera sama." if not sama else f"bendera berbeda (pandas, DuckDB): {sama}")
        )
    for jenis, jumlah, fmt, d in baris_hasil:
        if jenis == "duckdb" and jumlah == 10_000_000 and fmt == "parquet" and jumlah in dasar:
            x, y = d["detik"], dasar[jumlah]["detik"]
            lolos = x <= 5 and d["rss_mb"] <= 2048 and x / y <= 2.3
            print(
                f"Target 10M Parquet ≤ 5 s, ≤ 2 GB dan ≤ 2,3 × dasar: "
                f"{'TERCAPAI' if lolos else 'BELUM'} ({_id(x, 1)} s, {d['rss_mb']:.0f} MB; "
                f"CPU {_id(d['cpu'], 1)} s)"
            )
    for jenis, jumlah, fmt, d in baris_hasil:
        if jenis == "duckdb" and fmt == "parquet" and jumlah in dasar:
            x, y = d["detik"], dasar[jumlah]["detik"]
            print(
                f"{_id(jumlah, 0)} baris: cek {_id(x, 1)} s, dasar {_id(y, 1)} s, rasio {_id(x / y, 1)}×"
            )


def _cocok_manifest(path: str, bendera: dict[str, int]) -> str:
    """Whether the flag counts are exactly those the synthetic file's manifest promises."""
    from analisis.bnba import baca_manifest

    harapan = baca_manifest(path)["harapan_bendera"]
    beda = {k: (bendera.get(k), v) for k, v in harapan.items() if bendera.get(k) != v}
    return (
        "sama persis dengan manifest" if not beda else f"BEDA dari manifest (cek, manifest): {beda}"
    )


def _id(x: float, desimal: int) -> str:
    """Indonesian number format: ``10000000`` → ``10.000.000``; ``2.25`` → ``2,3``."""
    teks = f"{x:,.{desimal}f}"
    return teks.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


if __name__ == "__main__":
    main()
