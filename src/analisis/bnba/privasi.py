"""Small-cell suppression helpers, the personal-data scanner and the writer of published files
(UU 27/2022 tentang Pelindungan Data Pribadi).

- :func:`tekan_sel_kecil` / :func:`tekan_rasio`: primary and complementary suppression of ONE
  table (counts 1 … ``n_minimum − 1`` → marker ``"<5"``; a row or a column within a group with
  a single hidden cell gets its smallest other non-zero cell hidden too). Tables published
  together are suppressed as one system by :mod:`analisis.bnba.publik` instead, which also
  audits that no hidden cell can be recomputed from the published ones.
- :func:`pindai_privasi`: scan files (HTML, CSV, JSON, XLSX, TXT, Parquet) for 16-digit numbers
  (NIK/No KK) and for names (e.g. :data:`~analisis.bnba.sintetis.NAMA_SINTETIS`); every BNBA
  command runs it on its public outputs before finishing.
- :func:`simpan_publik`: write the published tables (CSV and JSON, each file atomically).

Only aggregates are published (kabupaten, kecamatan, desa). NIK, No KK, names, addresses and
birth dates never appear; the per-person worklists go to a separate ``RAHASIA`` folder.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analisis.bnba.konfigurasi import Privasi, muat_privasi
from analisis.galat import GalatAnalisis

if TYPE_CHECKING:
    from analisis.proyek import Proyek

POLA_16_DIGIT = re.compile(r"(?<!\d\.)(?<!\d)\d{16}(?!\d)")
# A hexadecimal digest or key (md5 32, sha1 40, sha256 64 characters, with at least one
# letter a–f) standing alone as a token: manifests and records of processing carry file hashes,
# and about 1 in 250 sha256 digests holds a run of exactly 16 decimal digits by chance.
_TOKEN_HEKS = re.compile(r"(?<![0-9A-Za-z])(?=[0-9]*[a-fA-F])[0-9a-fA-F]{32,}(?![0-9A-Za-z])")


def ada_angka_16_digit(teks: str) -> bool:
    """True when ``teks`` holds a run of exactly 16 digits (a NIK/No KK) outside a hex digest.

    A digit run inside a standalone hexadecimal token of 32+ characters is part of a hash
    (e.g. ``sha256`` of a file in a manifest), not an identifier; a NIK next to words,
    punctuation, short codes or other numbers is still found. (Sixteen digits glued without
    a separator into a hex token of 32+ characters read as part of that token.)
    """
    if not POLA_16_DIGIT.search(teks):
        return False
    return bool(POLA_16_DIGIT.search(_TOKEN_HEKS.sub(" ", teks)))


# --------------------------------------------------------------------------------------------
# Suppression


def _tandai_komplementer(
    nilai: np.ndarray, tekan: np.ndarray, kelompok: Iterable[np.ndarray]
) -> bool:
    """Within each group of cells (indices into the flattened table), if exactly one is
    suppressed, also suppress the smallest other non-zero unsuppressed cell. Returns changed."""
    berubah = False
    for idx in kelompok:
        if len(idx) < 2:
            continue
        t = tekan.flat[idx]
        if t.sum() != 1:
            continue
        v = nilai.flat[idx].astype("float64")
        calon = np.where(~t & (v > 0), v, np.inf)
        if np.isinf(calon).all():
            continue
        j = idx[int(np.argmin(calon))]
        tekan.flat[j] = True
        berubah = True
    return berubah


def tekan_sel_kecil(
    df: pd.DataFrame,
    kolom: Sequence[str],
    privasi: Privasi | None = None,
    grup: str | None = None,
    komplementer: bool | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Suppress small counts in ``kolom`` (see the module policy).

    Args:
        df: a table of counts (one row per area).
        kolom: count columns forming one breakdown (their sum is treated as a published total).
        privasi: policy (default ``privasi.yaml``).
        grup: optional column; rows with the same value form a group whose column totals are
            published elsewhere (e.g. ``kode_kecamatan`` for desa rows), so complementary
            suppression also runs down each column within a group.
        komplementer: override ``privasi.supresi_komplementer``.

    Returns:
        ``(tabel, tertekan)``: the table with suppressed cells replaced by the marker (those
        columns become ``object``), and a boolean mask of suppressed cells.
    """
    privasi = privasi or muat_privasi()
    komplementer = privasi.supresi_komplementer if komplementer is None else komplementer
    kolom = list(kolom)
    nilai = df[kolom].to_numpy(dtype="float64", na_value=np.nan)
    tekan = (nilai > 0) & (nilai < privasi.n_minimum)
    if komplementer and len(df):
        n_baris, n_kolom = nilai.shape
        grid = np.arange(n_baris * n_kolom).reshape(n_baris, n_kolom)
        kelompok_baris = [grid[i] for i in range(n_baris)] if n_kolom > 1 else []
        kelompok_kolom: list[np.ndarray] = []
        if grup is not None:
            kode = df[grup].to_numpy()
            for g in pd.unique(kode):
                baris_g = np.flatnonzero(kode == g)
                if len(baris_g) > 1:
                    kelompok_kolom.extend(grid[baris_g, j] for j in range(n_kolom))
        for _ in range(100):
            a = _tandai_komplementer(nilai, tekan, kelompok_baris)
            b = _tandai_komplementer(nilai, tekan, kelompok_kolom)
            if not (a or b):
                break
    hasil = df.copy()
    mask = pd.DataFrame(False, index=df.index, columns=df.columns)
    for j, k in enumerate(kolom):
        kol = hasil[k].astype(object)
        kol[tekan[:, j]] = privasi.tanda
        hasil[k] = kol
        mask[k] = tekan[:, j]
    return hasil, mask


def tekan_rasio(
    df: pd.DataFrame,
    kolom_rasio: str,
    pembilang: pd.Series | None,
    penyebut: pd.Series,
    privasi: Privasi | None = None,
    pembilang_tertekan: pd.Series | None = None,
) -> pd.DataFrame:
    """Replace a rate by the marker when its numerator is suppressed/small or its denominator
    is below ``n_minimum``."""
    privasi = privasi or muat_privasi()
    hasil = df.copy()
    buruk = penyebut.astype("float64") < privasi.n_minimum
    if pembilang is not None:
        p = pembilang.astype("float64")
        buruk |= (p > 0) & (p < privasi.n_minimum)
    if pembilang_tertekan is not None:
        buruk |= pembilang_tertekan.astype(bool)
    kol = hasil[kolom_rasio].astype(object)
    kol[buruk.to_numpy()] = privasi.tanda
    hasil[kolom_rasio] = kol
    return hasil


# --------------------------------------------------------------------------------------------
# Personal data in messages

_ANGKA_PANJANG = re.compile(r"\d{11,}")
_TANGGAL = re.compile(r"\b(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\b")


def samarkan_nik(teks: str) -> str:
    """Mask every run of 11+ digits (NIK, No KK): first 4 and last 4 digits kept,
    ``6303011005800001`` → ``6303********0001``."""
    return _ANGKA_PANJANG.sub(lambda m: m[0][:4] + "*" * (len(m[0]) - 8) + m[0][-4:], teks)


def tampak_nomor_atau_tanggal(teks: object) -> bool:
    """True when a value holds a NIK/No KK-like number or a date (a data row read as the header
    row always does; a column title such as ``Nama Kepala Keluarga`` does not)."""
    s = "" if teks is None else str(teks)
    return bool(_ANGKA_PANJANG.search(s) or _TANGGAL.search(s))


def tampak_data_pribadi(teks: object) -> bool:
    """True when a raw value may be personal data (a NIK/No KK-like number, a date, or text
    of several words longer than a coded value), so messages must not quote it."""
    s = "" if teks is None else str(teks).strip()
    return bool(
        _ANGKA_PANJANG.search(s) or _TANGGAL.search(s) or (" " in s and len(s) > 12) or len(s) > 30
    )


_BENTUK_KODE = re.compile(r"\d{2}([. ]?\d{2}){2}([. ]?\d{4})?")


def nilai_untuk_pesan(nilai: object, kode_wilayah: bool = False) -> str:
    """A raw value as quoted in an Indonesian message, or a neutral placeholder when it may be
    personal data (the row number is given instead). ``kode_wilayah``: the value comes from a
    region-code column, where the shape of a kecamatan/desa code (``63.03.01.2001``) is shown."""
    if kode_wilayah and _BENTUK_KODE.fullmatch(str(nilai).strip()):
        return repr(str(nilai))
    if tampak_data_pribadi(nilai):
        return "(nilai disembunyikan: mungkin data pribadi)"
    return repr("" if nilai is None else str(nilai))


# --------------------------------------------------------------------------------------------
# Where private outputs may go

#: Names of folders that are (or hold) served or published outputs besides the project's own
#: reports folder (static-site conventions).
NAMA_FOLDER_SITUS = frozenset({"_site", "situs", "public_html", "www"})


def _alasan_terbit(f: Path, laporan: Path) -> str | None:
    """Why folder ``f`` is a reports/site folder (``None``: it is not)."""
    from analisis.proyek import NAMA_LAPORAN
    from analisis.tata_letak import TataLetak

    if f == laporan:
        return f"folder '{f}' adalah folder laporan proyek"
    if f.name.lower() in NAMA_FOLDER_SITUS | {NAMA_LAPORAN}:
        return f"folder '{f.name}' adalah folder laporan/situs"
    tl = TataLetak(f)
    for penanda in (tl.gembok, tl.static):
        if penanda.exists():
            return f"folder '{f}' berisi '{penanda.name}' (folder laporan/situs)"
    return None


def alasan_folder_terbit(path: str | Path, proyek: Proyek | None = None) -> str | None:
    """Why ``path`` lies in a reports or site folder (``None``: it does not).

    A folder is taken as published when it, or a folder above it, is the project's reports
    folder (:attr:`analisis.proyek.Proyek.laporan`, which ``analisis sajikan`` serves and the
    static site is built in), is named like one (``reports``, :data:`NAMA_FOLDER_SITUS`), or
    holds a marker of a reports tree (:class:`analisis.tata_letak.TataLetak`: the runner's
    lock, the shared static assets).
    """
    from analisis.proyek import Proyek

    laporan = (proyek or Proyek.muat()).tata_letak.akar
    p = Path(path).expanduser().resolve()
    for f in (p, *p.parents):
        alasan = _alasan_terbit(f, laporan)
        if alasan:
            return alasan
    return None


def periksa_folder_rahasia(folder: str | Path, proyek: Proyek | None = None) -> None:
    """Refuse a private output folder inside a reports or site folder
    (:func:`alasan_folder_terbit`).

    Raises:
        GalatAnalisis: with the folder and the reason; nothing has been written yet.
    """
    alasan = alasan_folder_terbit(folder, proyek)
    if alasan:
        p = Path(folder).expanduser().resolve()
        raise GalatAnalisis(
            f"Keluaran RAHASIA (data pribadi) tidak boleh ditulis di '{p}': {alasan} yang "
            "dapat disajikan atau diterbitkan. Pilih folder keluaran di luar folder laporan "
            "dan situs (mis. --keluaran ~/bnba_rahasia). Tidak ada yang ditulis."
        )


# --------------------------------------------------------------------------------------------
# Privacy scan


@dataclass(frozen=True)
class TemuanPrivasi:
    """One hit of :func:`pindai_privasi` (the matched text itself is NOT kept)."""

    berkas: str
    jenis: str  # angka_16_digit | nama
    baris: int | None
    keterangan: str = ""

    def __str__(self) -> str:
        lok = f"{self.berkas}" + (f", baris {self.baris}" if self.baris else "")
        return f"{lok}: {'angka 16 digit (NIK/No KK?)' if self.jenis == 'angka_16_digit' else 'nama dari daftar'}"


def _teks_berkas(path: Path) -> Iterable[tuple[int | None, str]]:
    """Lines of text of a file (XLSX: every XML part; Parquet: cell values as text)."""
    akhir = path.suffix.lower()
    if akhir in (".xlsx", ".xlsm", ".docx", ".pptx", ".ods", ".odt", ".zip"):
        with zipfile.ZipFile(path) as z:
            for nama in z.namelist():
                if nama.endswith((".xml", ".rels", ".txt", ".csv", ".json", ".html")):
                    teks = z.read(nama).decode("utf-8", errors="replace")
                    # XML cell boundaries → separators, so adjacent cells do not merge.
                    teks = re.sub(r"<[^>]+>", "\n", teks)
                    for i, b in enumerate(teks.splitlines(), start=1):
                        if b:
                            yield None, b
        return
    if akhir == ".parquet":
        import pyarrow.parquet as pq

        t = pq.read_table(path)
        for nama in t.column_names:
            for i, v in enumerate(t[nama].to_pylist(), start=1):
                if v is not None:
                    yield i, str(v)
        return
    data = path.read_bytes()
    teks = data.decode("utf-8", errors="replace")
    for i, b in enumerate(teks.splitlines(), start=1):
        yield i, b


def pindai_privasi(
    paths: str | Path | Iterable[str | Path],
    nama_sintetis: Iterable[str] | None = None,
    kecuali: Iterable[str | Path] = (),
) -> list[TemuanPrivasi]:
    """Scan files (HTML, CSV, JSON, XLSX, TXT/logs, Parquet; folders recursively) for 16-digit
    numbers and for the given names (case-insensitive, whole words).

    Args:
        paths: files or folders.
        nama_sintetis: names to look for (default: :data:`analisis.bnba.sintetis.NAMA_SINTETIS`).
        kecuali: files or folders to skip (e.g. the private worklist).

    Returns:
        Hits with file, kind and line (never the matched value).
    """
    from analisis.bnba.sintetis import NAMA_SINTETIS

    if isinstance(paths, (str, Path)):
        paths = [paths]
    nama = [n for n in (NAMA_SINTETIS if nama_sintetis is None else nama_sintetis) if n.strip()]
    pola_nama = (
        re.compile(
            r"(?<!\w)("
            + "|".join(re.escape(n) for n in sorted(nama, key=len, reverse=True))
            + r")(?!\w)",
            re.IGNORECASE,
        )
        if nama
        else None
    )
    lewati = {Path(k).resolve() for k in kecuali}
    berkas: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            berkas.extend(sorted(x for x in p.rglob("*") if x.is_file()))
        elif p.is_file():
            berkas.append(p)
        else:
            raise GalatAnalisis(f"Berkas atau folder '{p}' tidak ditemukan untuk dipindai.")
    temuan: list[TemuanPrivasi] = []
    for b in berkas:
        rb = b.resolve()
        if rb in lewati or any(k in rb.parents for k in lewati):
            continue
        try:
            for i, teks in _teks_berkas(b):
                if ada_angka_16_digit(teks):
                    temuan.append(TemuanPrivasi(str(b), "angka_16_digit", i))
                if pola_nama is not None and pola_nama.search(teks):
                    temuan.append(TemuanPrivasi(str(b), "nama", i))
        except (zipfile.BadZipFile, OSError) as e:
            temuan.append(TemuanPrivasi(str(b), "tidak_terbaca", None, str(e)[:80]))
    return temuan


def simpan_publik(
    keluaran: dict[str, pd.DataFrame], folder: str | Path, meta: dict | None = None
) -> list[Path]:
    """Write the publishable tables as CSV plus ``ringkasan_publik.json`` (each file atomic)."""
    import os
    import tempfile

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    ditulis = []

    def atomik(path: Path, teks: str) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".sementara_", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(teks)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    isi_json: dict = {"meta": meta or {}, "tabel": {}}
    for nama, df in keluaran.items():
        p = folder / f"{nama}.csv"
        atomik(p, df.to_csv(index=False))
        ditulis.append(p)
        isi_json["tabel"][nama] = json.loads(df.to_json(orient="records", force_ascii=False))
    from analisis.bnba.sasaran import CATATAN_REKONSILIASI

    isi_json["catatan_rekonsiliasi"] = CATATAN_REKONSILIASI
    p = folder / "ringkasan_publik.json"
    atomik(p, json.dumps(isi_json, ensure_ascii=False, indent=1))
    ditulis.append(p)
    return ditulis
