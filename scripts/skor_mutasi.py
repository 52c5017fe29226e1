"""Mutation score of the core from the results mutmut left in ``mutants/`` (see scripts/uji-mutasi).

score = killed / (total − documented equivalent mutants)

* killed: a test failed against the mutant (mutmut "killed"), or the tests ran out of time or
  crashed on it ("timeout", "segfault"): the suite noticed the change;
* total: every mutant mutmut generated in the files of ``[tool.mutmut] only_mutate``, including
  those no test reaches ("no tests") and those not checked (an interrupted run);
* equivalent: surviving mutants listed in ``scripts/uji-mutasi-setara.toml`` with the reason
  they cannot change behaviour. An entry counts only while the mutant still survives and its
  diff is still the one recorded (mutant numbers shift when a function changes): otherwise it
  is reported for review and not subtracted.

With ``mutants/sampel.txt`` (written by ``--tarik-sampel N``, used by ``uji-mutasi --sampel``)
only the mutants of the sample are scored, and the 95 % interval of the estimate is shown.

Writes ``mutants/bertahan.txt`` (every surviving mutant that is not documented, with its diff)
and ends with the line ``skor mutasi: P %``. Exit code 1 when the score is below the target.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.stats import status_by_exit_code
from mutmut.utils.file_utils import walk_mutatable_files

AKAR = Path(__file__).resolve().parents[1]
SETARA = AKAR / "scripts" / "uji-mutasi-setara.toml"
TARGET = 85.0

TERBUNUH = {"killed", "timeout", "segfault", "caught by type check"}
BELUM_DIPERIKSA = {"not checked", "check was interrupted by user", "suspicious", "skipped"}


def angka(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def baris_ubah(diff: str) -> list[str]:
    """The changed lines of a mutant's diff, without the unified-diff headers."""
    return [
        b.rstrip() for b in diff.splitlines() if b[:1] in "+-" and not b.startswith(("+++", "---"))
    ]


def muat_hasil() -> dict[str, tuple[Path, str]]:
    """mutant name → (source file, status) for every mutant of the mutated files."""
    hasil = {}
    for path in walk_mutatable_files():
        meta = Path("mutants") / (str(path) + ".meta")
        if not meta.exists():
            continue
        kode = json.loads(meta.read_text("utf-8")).get("exit_code_by_key", {})
        for nama, k in kode.items():
            hasil[nama] = (path, status_by_exit_code[k])
    return hasil


def tarik_sampel(nama: list[str], n: int) -> list[str]:
    """A simple random sample of mutant names, the same for the same mutants (fixed seed)."""
    return sorted(random.Random(20241223).sample(sorted(nama), min(n, len(nama))))


def selang_wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson interval of a proportion k/n, in percent."""
    if n == 0:
        return (0.0, 100.0)
    p = k / n
    pusat = (p + z * z / (2 * n)) / (1 + z * z / n)
    lebar = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (100 * (pusat - lebar), 100 * (pusat + lebar))


def muat_setara() -> list[dict]:
    if not SETARA.exists():
        return []
    data = tomllib.loads(SETARA.read_text("utf-8"))
    return list(data.get("mutan", []))


def main() -> int:
    ap = argparse.ArgumentParser(description="Skor mutasi inti dari hasil mutmut di mutants/.")
    ap.add_argument("--target", type=float, default=TARGET, help="target skor (persen)")
    ap.add_argument("--akar", type=Path, default=AKAR, help="folder proyek berisi mutants/")
    ap.add_argument(
        "--tarik-sampel", type=int, metavar="N", help="tulis sampel N mutan ke mutants/sampel.txt"
    )
    arg = ap.parse_args()
    os.chdir(arg.akar)  # mutmut reads pyproject.toml and mutants/ from the working folder

    hasil = muat_hasil()
    if not hasil:
        print("uji-mutasi: belum ada hasil mutmut di mutants/; jalankan bash scripts/uji-mutasi.")
        return 2
    berkas_sampel = Path("mutants") / "sampel.txt"
    if arg.tarik_sampel:
        sampel = tarik_sampel(list(hasil), arg.tarik_sampel)
        berkas_sampel.write_text("\n".join(sampel) + "\n", encoding="utf-8")
        print(f"sampel {len(sampel)} dari {len(hasil)} mutan: {berkas_sampel}")
        return 0
    semua = len(hasil)
    seluruh = hasil
    if berkas_sampel.exists():
        dipilih = set(berkas_sampel.read_text("utf-8").split())
        hasil = {n: v for n, v in hasil.items() if n in dipilih}

    setara: set[str] = set()
    tinjau: list[str] = []
    for e in muat_setara():
        nama, ubah, alasan = e.get("nama", ""), e.get("ubah", ""), e.get("alasan", "")
        if not (nama and ubah and alasan):
            tinjau.append(f"{nama or '(tanpa nama)'}: entri harus berisi nama, ubah dan alasan")
            continue
        if nama not in seluruh:
            tinjau.append(f"{nama}: mutan tidak ada lagi (kode berubah?)")
            continue
        path, status = seluruh[nama]
        if status in TERBUNUH:
            tinjau.append(f"{nama}: sekarang terbunuh, hapus dari daftar setara")
            continue
        if baris_ubah(get_diff_for_mutant(nama, path=path)) != baris_ubah(ubah):
            tinjau.append(f"{nama}: perubahan mutan berbeda dari yang dicatat (nomor bergeser?)")
            continue
        setara.add(nama)

    per_berkas: dict[Path, Counter] = defaultdict(Counter)
    for nama, (path, status) in hasil.items():
        kelas = (
            "setara"
            if nama in setara
            else "terbunuh"
            if status in TERBUNUH
            else "belum diperiksa"
            if status in BELUM_DIPERIKSA
            else "tanpa uji"
            if status == "no tests"
            else "bertahan"
        )
        per_berkas[path][kelas] += 1

    total = Counter()
    print()
    print(
        f"{'berkas':44} {'mutan':>6} {'terbunuh':>9} {'bertahan':>9} {'tanpa uji':>10} {'setara':>7}"
    )
    for path in sorted(per_berkas):
        c = per_berkas[path]
        total.update(c)
        n = sum(c.values())
        print(
            f"{str(path).removeprefix('src/'):44} {n:6} {c['terbunuh']:9} {c['bertahan']:9} "
            f"{c['tanpa uji']:10} {c['setara']:7}"
        )
    n = sum(total.values())
    print(
        f"{'jumlah':44} {n:6} {total['terbunuh']:9} {total['bertahan']:9} "
        f"{total['tanpa uji']:10} {total['setara']:7}"
    )

    bertahan = sorted(
        nama
        for nama, (path, status) in hasil.items()
        if nama not in setara and status not in TERBUNUH and status not in BELUM_DIPERIKSA
    )
    laporan = Path("mutants") / "bertahan.txt"
    with laporan.open("w", encoding="utf-8") as f:
        for nama in bertahan:
            path, status = hasil[nama]
            f.write(f"# {nama}: {status}\n{get_diff_for_mutant(nama, path=path)}\n\n")
    print(
        f"\nmutan bertahan atau tanpa uji (di luar yang setara): {len(bertahan)}, rinciannya di {laporan}"
    )
    if total["belum diperiksa"]:
        print(f"PERINGATAN: {total['belum diperiksa']} mutan belum diperiksa (jalan terputus?)")
    for t in tinjau:
        print(f"PERIKSA daftar setara: {t}")

    skor = 100.0 * total["terbunuh"] / max(n - total["setara"], 1)
    if len(hasil) < semua:
        bawah, atas = selang_wilson(total["terbunuh"], n - total["setara"])
        print(
            f"sampel acak {n} dari {semua} mutan: selang 95 % skor seluruh mutan "
            f"{angka(bawah)}–{angka(atas)} %"
        )
    if skor < arg.target:
        print(f"di bawah target {angka(arg.target)} %")
    print(f"skor mutasi: {angka(skor)} %")
    return 0 if skor >= arg.target else 1


if __name__ == "__main__":
    sys.exit(main())
