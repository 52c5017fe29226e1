"""The raw budget tables of an input: the Anggaran, Ringkasan and RAT tables.

An XLSX workbook holds them as sheets (names matched case- and space-insensitively); CSV
input has one file per table, the companions found next to the Anggaran file by replacing
``anggaran`` in its name (``x_anggaran_6303.csv`` → ``x_ringkasan_6303.csv``, ``x_rat_6303.csv``)
or given explicitly. Files are read through :mod:`analisis.lembar`: a file that cannot be
read as a table (encoding, binary content, damaged workbook) becomes one problem in the list,
so every file of the input is still checked in the same run.
"""

from __future__ import annotations

from pathlib import Path

from analisis.anggaran.kolom import LEMBAR_ANGGARAN, LEMBAR_RAT, LEMBAR_RINGKASAN
from analisis.anggaran.konfigurasi import normalisasi_label
from analisis.galat import Masalah
from analisis.lembar import AKHIRAN_CSV, AKHIRAN_XLSX, GalatBerkas, Lembar, baca_csv, buka_buku


def _baca_csv(path: Path, masalah: list[Masalah]) -> Lembar | None:
    try:
        return baca_csv(path)
    except GalatBerkas as e:
        masalah.extend(e.masalah)
        return None


def _baca_xlsx(path: Path, masalah: list[Masalah]) -> dict[str, Lembar]:
    try:
        buku = buka_buku(path)
    except GalatBerkas as e:
        masalah.extend(e.masalah)
        return {}
    peta = {normalisasi_label(n): n for n in buku.nama_lembar}
    hasil: dict[str, Lembar] = {}
    for nama in (LEMBAR_ANGGARAN, LEMBAR_RINGKASAN, LEMBAR_RAT):
        asli = peta.get(normalisasi_label(nama))
        if asli is None:
            continue
        try:
            hasil[nama] = buku.lembar(asli)
        except GalatBerkas as e:
            masalah.extend(e.masalah)
            continue
        if buku.tersembunyi(asli):
            masalah.append(
                Masalah(
                    f"lembar '{asli}' tersembunyi (hidden) di Excel; isinya tetap dibaca. "
                    "Tampilkan lembar itu untuk memeriksa isinya.",
                    berkas=path.name,
                    lembar=asli,
                    kode="lembar_tersembunyi",
                    tingkat="peringatan",
                )
            )
    if LEMBAR_ANGGARAN not in hasil:
        masalah.append(
            Masalah(
                f"lembar '{LEMBAR_ANGGARAN}' tidak ada; lembar yang ada: "
                f"{', '.join(buku.nama_lembar)}",
                berkas=path.name,
                kode="lembar_hilang",
            )
        )
    return hasil


def _pendamping(path: Path, tabel: str) -> Path | None:
    """``contoh_anggaran_6303.csv`` → ``contoh_ringkasan_6303.csv`` (if it exists)."""
    nama = path.name
    i = nama.lower().rfind("anggaran")
    if i < 0:
        return None
    calon = path.with_name(nama[:i] + tabel + nama[i + len("anggaran") :])
    return calon if calon.is_file() else None


def berkas_pendamping(path: Path) -> list[Path]:
    """The existing CSV companion tables of a CSV budget file (Ringkasan, RAT), found by name."""
    if path.suffix.lower() not in AKHIRAN_CSV:
        return []
    return [p for p in (_pendamping(path, "ringkasan"), _pendamping(path, "rat")) if p is not None]


def baca_tabel_anggaran(
    path: Path,
    ringkasan: str | Path | None,
    rat: str | Path | None,
    masalah: list[Masalah],
) -> tuple[dict[str, Lembar | None], list[str]]:
    """The tables of the input by sheet name, and the names of the files read.

    Problems reading a file are appended to ``masalah``. Raises :class:`GalatBerkas` only for
    an extension no reader handles.
    """
    tabel: dict[str, Lembar | None] = {}
    dibaca = [path.name]
    akhiran = path.suffix.lower()
    tambahan: list[tuple[str, str | Path | None, str | None]]
    if akhiran in AKHIRAN_XLSX:
        tabel.update(_baca_xlsx(path, masalah))
        tambahan = [(LEMBAR_RINGKASAN, ringkasan, None), (LEMBAR_RAT, rat, None)]
    elif akhiran in AKHIRAN_CSV:
        tabel[LEMBAR_ANGGARAN] = _baca_csv(path, masalah)
        tambahan = [(LEMBAR_RINGKASAN, ringkasan, "ringkasan"), (LEMBAR_RAT, rat, "rat")]
    else:
        raise GalatBerkas.satu(
            f"akhiran '{path.suffix}' tidak dikenal; gunakan .xlsx atau .csv",
            berkas=path.name,
            kode="berkas_tidak_dikenal",
            token=path.suffix or None,
            judul="Jenis berkas tidak dikenal.",
        )
    for nama, diberikan, kata in tambahan:
        p = Path(diberikan) if diberikan is not None else (kata and _pendamping(path, kata))
        if not p:
            continue
        if not p.is_file():
            masalah.append(Masalah("berkas tidak ada", berkas=p.name, kode="berkas_tidak_ada"))
            continue
        tabel[nama] = _baca_csv(p, masalah)
        dibaca.append(p.name)
    return tabel, dibaca
