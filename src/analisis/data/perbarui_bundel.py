"""Refresh the bundled data (``analisis/data/bundel/``) from the shared data folder.

A maintainer's step, never run by the package itself (nothing reads the shared folder at run
time)::

    bash scripts/perbarui-bundel              # from ../shared/data
    bash scripts/perbarui-bundel FOLDER --periksa   # report only, write nothing

The shared folder holds the curated data (see its README). :func:`perbarui_bundel`

1. checks that every file the bundle mirrors is there (:data:`BERKAS_BUNDEL`; the shared
   ``README.md`` becomes ``SUMBER_DATA.md``);
2. validates the two value tables exactly like an import (:func:`analisis.data.impor.baca_berkas`
   and :func:`analisis.data.validasi.validasi`) and the conflict list's columns: one problem
   anywhere and nothing is written;
3. compares with the current bundle: cells added, changed (old → new value), removed, and rows
   whose value is equal but whose source, grade or note changed; conflicts added and removed;
   other files updated or unchanged;
4. writes the changed files atomically and returns the report (:class:`LaporanPerbarui`).

``catatan_data.yaml`` (the Indonesian caveats the reports show) is written by hand from the
shared README; the report says when new conflicts may need a line there.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from analisis.berkas import tulis_dengan
from analisis.data.model import KUNCI_SEL
from analisis.galat import GalatAnalisis, GalatValidasi, Masalah, hanya_galat
from analisis.teks import angka_id

BERKAS_NILAI = ("kemiskinan_kalimantan_long.csv", "determinan_kalimantan_long.csv")
"""Value tables (tidy rows), validated like an import."""
BERKAS_KONFLIK = "konflik_sumber.csv"
KOLOM_KONFLIK = [
    "kode_wilayah",
    "wilayah",
    "tahun",
    "indikator",
    "nilai_dipakai",
    "sumber_dipakai",
    "nilai_lain",
    "sumber_lain",
]
KUNCI_KONFLIK = ["kode_wilayah", "tahun", "indikator"]
BERKAS_BUNDEL = {
    **{n: n for n in BERKAS_NILAI},
    BERKAS_KONFLIK: BERKAS_KONFLIK,
    "indikator.csv": "indikator.csv",
    "wilayah_kalimantan.csv": "wilayah_kalimantan.csv",
    "batas_kabkota_kalimantan.geojson": "batas_kabkota_kalimantan.geojson",
    "README.md": "SUMBER_DATA.md",
}
"""Shared file → bundled file."""
FOLDER_BAWAAN = Path("..") / "shared" / "data"
"""Default source, relative to the project root."""


def folder_bundel() -> Path:
    """The package's bundle folder (in the source checkout)."""
    return Path(str(resources.files("analisis.data") / "bundel"))


@dataclass
class PerubahanNilai:
    """What changes in one value table."""

    berkas: str
    ditambah: pd.DataFrame
    diubah: pd.DataFrame
    """Cells with another value: ``nilai_lama`` → ``nilai``."""
    dihapus: pd.DataFrame
    keterangan: int
    """Cells with the same value whose source, grade or note changed."""

    @property
    def berubah(self) -> bool:
        return bool(len(self.ditambah) or len(self.diubah) or len(self.dihapus) or self.keterangan)


@dataclass
class LaporanPerbarui:
    """The report of one refresh."""

    nilai: list[PerubahanNilai]
    konflik_ditambah: pd.DataFrame
    konflik_dihapus: pd.DataFrame
    berkas_diperbarui: list[str]
    berkas_sama: list[str]
    tidak_dibundel: list[str] = field(default_factory=list)
    """Files of the shared folder the bundle does not mirror."""
    ditulis: bool = False

    def baris(self) -> list[str]:
        """The report as Indonesian lines."""
        kata = (
            "diperbarui" if self.ditulis else "akan diperbarui (--periksa: tidak ada yang ditulis)"
        )
        kata_pendek = "diperbarui" if self.ditulis else "akan diperbarui"
        hasil = [f"Bundel data {kata}: {len(self.berkas_diperbarui)} berkas."]
        for p in self.nilai:
            if not p.berubah:
                continue
            hasil.append(
                f"{p.berkas}: {len(p.ditambah)} sel baru{_rincian(p.ditambah)}, "
                f"{len(p.diubah)} diubah, {len(p.dihapus)} dihapus, "
                f"{p.keterangan} dengan sumber/mutu/catatan baru."
            )
            for r in p.diubah.head(30).itertuples():
                hasil.append(
                    f"  diubah {r.indikator} {r.kode_wilayah} {r.tahun}: "
                    f"{angka_id(r.nilai_lama)} → {angka_id(r.nilai)}"
                )
            for r in p.dihapus.head(30).itertuples():
                hasil.append(f"  dihapus {r.indikator} {r.kode_wilayah} {r.tahun}")
        for judul, df in (("baru", self.konflik_ditambah), ("dihapus", self.konflik_dihapus)):
            if len(df):
                hasil.append(f"{BERKAS_KONFLIK}: {len(df)} konflik sumber {judul}:")
                for r in df.itertuples():
                    hasil.append(
                        f"  {r.wilayah} ({r.kode_wilayah}) {r.tahun} {r.indikator}: dipakai "
                        f"{_angka(r.nilai_dipakai)}, sumber lain {_angka(r.nilai_lain)}"
                    )
        if len(self.konflik_ditambah) or len(self.konflik_dihapus):
            hasil.append(
                "Periksa ringkasan konflik di catatan_data.yaml (catatan Indonesia yang "
                "ditampilkan laporan); berkas itu ditulis tangan."
            )
        lain = [b for b in self.berkas_diperbarui if b not in BERKAS_NILAI and b != BERKAS_KONFLIK]
        if lain:
            hasil.append(f"Berkas lain yang {kata_pendek}: {', '.join(lain)}.")
        if self.berkas_sama:
            hasil.append(f"Tidak berubah: {', '.join(self.berkas_sama)}.")
        if self.tidak_dibundel:
            hasil.append(f"Tidak dibundel (sengaja): {', '.join(self.tidak_dibundel)}.")
        return hasil


def _angka(nilai: object) -> str:
    try:
        return angka_id(float(str(nilai)))
    except ValueError:
        return str(nilai)


def _rincian(df: pd.DataFrame) -> str:
    if df.empty:
        return ""
    per = df["indikator"].value_counts()
    return " (" + ", ".join(f"{k} {v}" for k, v in per.items()) + ")"


def _baca_nilai(path: Path) -> pd.DataFrame:
    return pd.read_csv(
        path,
        dtype={"kode_wilayah": str, "kode_kemendagri": str, "catatan": str, "sumber": str},
        keep_default_na=False,
        na_values={"nilai": [""]},
    )


def _periksa_nilai(path: Path) -> list[Masalah]:
    """Every problem an import of this table would report."""
    from analisis.data.impor import baca_berkas
    from analisis.data.validasi import validasi

    kandidat = baca_berkas(path)
    return hanya_galat([*kandidat.masalah, *validasi(kandidat)])


def _periksa_konflik(path: Path) -> list[Masalah]:
    kolom = list(pd.read_csv(path, nrows=0).columns)
    kurang = [k for k in KOLOM_KONFLIK if k not in kolom]
    if not kurang:
        return []
    return [
        Masalah(
            f"kolom wajib tidak ada: {', '.join(kurang)}",
            berkas=path.name,
            baris=1,
            kode="kolom_tidak_ada",
        )
    ]


def bandingkan_nilai(lama: pd.DataFrame, baru: pd.DataFrame, berkas: str) -> PerubahanNilai:
    """Cells added, changed, removed, and re-documented between two value tables."""
    gabung = baru.merge(lama, on=KUNCI_SEL, how="outer", suffixes=("", "_lama"), indicator=True)
    ditambah = gabung[gabung["_merge"] == "left_only"]
    dihapus = gabung[gabung["_merge"] == "right_only"].assign(nilai=lambda d: d["nilai_lama"])
    ada = gabung[gabung["_merge"] == "both"]
    beda = ~((ada["nilai"] == ada["nilai_lama"]) | (ada["nilai"].isna() & ada["nilai_lama"].isna()))
    ket = ["sumber", "kualitas", "catatan"]
    beda_ket = (ada[ket].to_numpy() != ada[[f"{k}_lama" for k in ket]].to_numpy()).any(axis=1)
    kolom = [*KUNCI_SEL, "nilai"]
    return PerubahanNilai(
        berkas=berkas,
        ditambah=ditambah[kolom].reset_index(drop=True),
        diubah=ada.loc[beda, [*kolom, "nilai_lama"]].reset_index(drop=True),
        dihapus=dihapus[kolom].reset_index(drop=True),
        keterangan=int((~beda & beda_ket).sum()),
    )


def bandingkan_konflik(lama: Path, baru: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Conflict rows added and removed (keyed by region, year, indicator)."""

    def baca(p: Path) -> pd.DataFrame:
        if not p.exists():
            return pd.DataFrame(columns=KOLOM_KONFLIK)
        return pd.read_csv(p, dtype={"kode_wilayah": str}, keep_default_na=False)

    a, b = baca(lama), baca(baru)
    gabung = b.merge(a[KUNCI_KONFLIK], on=KUNCI_KONFLIK, how="outer", indicator=True)
    ditambah = gabung[gabung["_merge"] == "left_only"].drop(columns="_merge")
    hapus = a.merge(b[KUNCI_KONFLIK], on=KUNCI_KONFLIK, how="left", indicator=True)
    dihapus = hapus[hapus["_merge"] == "left_only"].drop(columns="_merge")
    return ditambah.reset_index(drop=True), dihapus.reset_index(drop=True)


def _penyalin(asal: Path) -> Callable[[Path], object]:
    """A writer for :func:`~analisis.berkas.tulis_dengan` that copies ``asal`` byte for byte."""
    return lambda sementara: shutil.copyfile(asal, sementara)


def perbarui_bundel(
    sumber: str | Path, tujuan: str | Path | None = None, *, tulis: bool = True
) -> LaporanPerbarui:
    """Validate the shared folder ``sumber`` and bring the bundle ``tujuan`` up to date.

    Raises :class:`GalatValidasi` (nothing written) when a file is missing or a table would
    not pass an import's validation.
    """
    sumber, tujuan = Path(sumber), Path(tujuan) if tujuan else folder_bundel()
    if not sumber.is_dir():
        raise GalatAnalisis(f"Folder data bersama tidak ditemukan: {sumber}.", 3)
    masalah = [
        Masalah("berkas tidak ada di folder data bersama", berkas=n, kode="berkas_tidak_ada")
        for n in BERKAS_BUNDEL
        if not (sumber / n).is_file()
    ]
    if masalah:
        raise GalatValidasi(f"Bundel tidak diperbarui: {sumber} tidak lengkap.", masalah=masalah)
    for n in BERKAS_NILAI:
        masalah += _periksa_nilai(sumber / n)
    masalah += _periksa_konflik(sumber / BERKAS_KONFLIK)
    if masalah:
        raise GalatValidasi(
            f"Bundel tidak diperbarui: data di {sumber} tidak lolos pemeriksaan impor.",
            masalah=masalah,
        )

    nilai = [
        bandingkan_nilai(
            _baca_nilai(tujuan / n) if (tujuan / n).exists() else _baca_nilai(sumber / n).head(0),
            _baca_nilai(sumber / n),
            n,
        )
        for n in BERKAS_NILAI
    ]
    k_tambah, k_hapus = bandingkan_konflik(tujuan / BERKAS_KONFLIK, sumber / BERKAS_KONFLIK)
    diperbarui, sama = [], []
    for asal, nama in BERKAS_BUNDEL.items():
        lama = tujuan / nama
        if lama.exists() and lama.read_bytes() == (sumber / asal).read_bytes():
            sama.append(nama)
        else:
            diperbarui.append(nama)
    laporan = LaporanPerbarui(
        nilai=nilai,
        konflik_ditambah=k_tambah,
        konflik_dihapus=k_hapus,
        berkas_diperbarui=diperbarui,
        berkas_sama=sama,
        tidak_dibundel=sorted(
            p.name
            for p in sumber.iterdir()
            if p.is_file() and p.name not in BERKAS_BUNDEL and not p.name.startswith(".")
        ),
    )
    if tulis:
        nama_asal = {v: k for k, v in BERKAS_BUNDEL.items()}
        for nama in diperbarui:
            tulis_dengan(tujuan / nama, _penyalin(sumber / nama_asal[nama]))
        laporan.ditulis = True
    return laporan


def main(argv: list[str] | None = None) -> int:
    """``python -m analisis.data.perbarui_bundel [SUMBER] [--tujuan FOLDER] [--periksa]``."""
    parser = argparse.ArgumentParser(
        prog="perbarui-bundel",
        description="Perbarui data bawaan paket dari folder data bersama (bawaan ../shared/data).",
    )
    parser.add_argument("sumber", nargs="?", default=str(FOLDER_BAWAAN), help="folder data bersama")
    parser.add_argument("--tujuan", help="folder bundel (bawaan: src/analisis/data/bundel)")
    parser.add_argument("--periksa", action="store_true", help="hanya laporkan, tidak menulis")
    a = parser.parse_args(argv)
    try:
        laporan = perbarui_bundel(a.sumber, a.tujuan, tulis=not a.periksa)
    except GalatAnalisis as e:
        print(str(e), file=sys.stderr)
        return e.kode_keluar
    print("\n".join(laporan.baris()))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
