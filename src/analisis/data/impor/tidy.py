"""Importer for our own tidy long format (the format of the bundled CSV files).

Required columns: ``kode_wilayah`` (or ``wilayah`` with a region name), ``tahun``,
``indikator``, ``nilai``. Optional: ``periode`` (default: the indicator's period), ``satuan``
(default: the catalogue unit; when given it must match), ``sumber`` (default: the file
name), ``kualitas`` (A/B/C; required unless ``--kualitas`` is given), ``catatan``. Other
columns of the bundled files (``kode_kemendagri``, ``provinsi``, ``tingkat``) are accepted and
ignored: statistics are keyed by the BPS code only.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd

from analisis.data.impor.angka import baca_angka, deteksi_desimal
from analisis.data.impor.grid import Grid, baca_grid
from analisis.data.katalog import PERIODE, muat_katalog
from analisis.data.penyimpanan import KOLOM_TIDY
from analisis.data.validasi import KOLOM_LOKASI, Kandidat
from analisis.data.wilayah import PencocokWilayah
from analisis.galat import Lokasi, Masalah

KOLOM_DIKENAL = {
    "kode_wilayah",
    "wilayah",
    "tahun",
    "indikator",
    "nilai",
    "periode",
    "satuan",
    "sumber",
    "kualitas",
    "catatan",
    "kode_kemendagri",
    "provinsi",
    "tingkat",
}
_PERIODE_NORMAL = {p.lower(): p for p in PERIODE}


def _teks_kolom(grid: Grid, posisi: dict[str, int], r: int, nama: str) -> str:
    """Text of row ``r`` in the column headed ``nama``, or "" when the sheet has no such column."""
    return grid.teks(r, posisi[nama]) if nama in posisi else ""


def tampak_tidy(grid: Grid) -> bool:
    """Whether the first non-empty row looks like a tidy header.

    At least two of the tidy key columns must be there (so a tidy file missing one required
    column is still recognised as tidy and gets a precise "kolom wajib tidak ada" message).
    """
    for r in range(len(grid.sel)):
        kepala = {grid.teks(r, c).lower() for c in range(grid.n_kolom)} - {""}
        if kepala:
            return len(kepala & {"kode_wilayah", "wilayah", "tahun", "indikator", "nilai"}) >= 2
    return False


def baca_tidy(
    path: str | Path,
    *,
    kualitas: str | None = None,
    sumber: str | None = None,
    desimal: str | None = "otomatis",
    grids: list[Grid] | None = None,
) -> Kandidat:
    """Read a tidy CSV/XLSX into a :class:`Kandidat` (problems collected, not raised)."""
    grids = grids if grids is not None else baca_grid(path)
    hasil = Kandidat.kosong(grids[0].berkas if grids else str(path))
    baris_semua: list[dict] = []
    pencocok: PencocokWilayah | None = None
    katalog = muat_katalog()
    for grid in grids:
        berkas, lembar = grid.berkas, grid.lembar
        r0 = next(
            (r for r in range(len(grid.sel)) if any(grid.teks(r, c) for c in range(grid.n_kolom))),
            None,
        )
        if r0 is None:
            hasil.masalah.append(
                Masalah("berkas kosong.", berkas=berkas, lembar=lembar, kode="berkas_kosong")
            )
            continue
        kepala = [grid.teks(r0, c).lower() for c in range(grid.n_kolom)]
        posisi = {k: i for i, k in enumerate(kepala) if k}
        kurang = [k for k in ("tahun", "indikator", "nilai") if k not in posisi]
        if "kode_wilayah" not in posisi and "wilayah" not in posisi:
            kurang.insert(0, "kode_wilayah")
        if kurang:
            hasil.masalah.append(
                Masalah(
                    f"kolom wajib tidak ada: {', '.join(kurang)}. Kolom format rapi: kode_wilayah, "
                    "tahun, indikator, nilai (opsional: periode, satuan, sumber, kualitas, catatan).",
                    berkas=berkas,
                    lembar=lembar,
                    baris=r0 + 1,
                    kode="kolom_wajib_tidak_ada",
                )
            )
            continue
        if "kualitas" not in posisi and kualitas is None:
            hasil.masalah.append(
                Masalah(
                    "kolom 'kualitas' tidak ada; tambahkan kolom itu (A, B atau C) atau beri "
                    "opsi --kualitas.",
                    berkas=berkas,
                    lembar=lembar,
                    baris=r0 + 1,
                    kode="kualitas_tidak_ada",
                )
            )
            continue
        asing = [k for k in posisi if k not in KOLOM_DIKENAL]
        if asing:
            hasil.info.append(f"{berkas}: kolom diabaikan: {', '.join(asing)}.")

        data_baris = range(r0 + 1, len(grid.sel))
        c_nilai = posisi["nilai"]
        mode = desimal
        if desimal in (None, "otomatis"):
            try:
                mode = deteksi_desimal([grid.teks(r, c_nilai) for r in data_baris])
            except ValueError as e:
                hasil.masalah.append(
                    Masalah(
                        str(e), berkas=berkas, lembar=lembar, kolom="nilai", kode="desimal_campuran"
                    )
                )
                continue

        sel = partial(_teks_kolom, grid, posisi)

        for r in data_baris:
            if not any(grid.teks(r, c) for c in range(grid.n_kolom)):
                continue
            lok: Lokasi = {"berkas": berkas, "lembar": lembar, "baris": r + 1}
            kode = sel(r, "kode_wilayah")
            if not kode:
                nama = sel(r, "wilayah")
                pencocok = pencocok or PencocokWilayah()
                cocok = pencocok.cocokkan(nama)
                if cocok.kode is None:
                    saran = (
                        f" Mungkin maksud Anda: {', '.join(cocok.saran)}." if cocok.saran else ""
                    )
                    hasil.masalah.append(
                        Masalah(
                            f"nama wilayah '{nama}' tidak dikenal.{saran}",
                            kolom="wilayah",
                            kode="wilayah_tidak_dikenal",
                            **lok,
                        )
                    )
                    continue
                kode = cocok.kode
            teks_tahun = sel(r, "tahun")
            try:
                tahun = int(teks_tahun)
            except ValueError:
                hasil.masalah.append(
                    Masalah(
                        f"tahun '{teks_tahun}' bukan bilangan bulat.",
                        kolom="tahun",
                        kode="tahun_bukan_angka",
                        **lok,
                    )
                )
                continue
            ind = sel(r, "indikator").lower()
            a = baca_angka(grid.ambil(r, c_nilai), mode)
            if a.galat:
                hasil.masalah.append(
                    Masalah(f"nilai {a.galat}.", kolom="nilai", kode="bukan_angka", **lok)
                )
                continue
            meta = katalog.get(ind)
            periode_teks = sel(r, "periode")
            periode = (
                _PERIODE_NORMAL.get(periode_teks.lower(), periode_teks)
                if periode_teks
                else (meta.periode if meta else "Maret")
            )
            baris_semua.append(
                {
                    "kode_wilayah": kode,
                    "tahun": tahun,
                    "periode": periode,
                    "indikator": ind,
                    "nilai": a.nilai if a.nilai is not None else float("nan"),
                    "satuan": sel(r, "satuan") or (meta.satuan if meta else ""),
                    "sumber": sel(r, "sumber") or sumber or f"impor berkas {berkas}",
                    "kualitas": (sel(r, "kualitas") or kualitas or "").upper(),
                    "catatan": sel(r, "catatan"),
                    "asal": f"impor:{berkas}",
                    "_berkas": berkas,
                    "_lembar": lembar,
                    "_baris": r + 1,
                    "_kolom": "nilai",
                }
            )
    if baris_semua:
        hasil.tabel = pd.DataFrame(baris_semua, columns=KOLOM_TIDY + KOLOM_LOKASI)
    return hasil
