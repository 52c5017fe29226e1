"""Importer for our own tidy long format (the format of the bundled CSV files).

Required columns: ``kode_wilayah`` (or ``wilayah`` with a region name), ``tahun``,
``indikator``, ``nilai``. Optional: ``periode`` (default: the indicator's period), ``satuan``
(default: the catalogue unit; when given it must match), ``sumber`` (default: the file
name), ``kualitas`` (A/B/C; required unless ``--kualitas`` is given), ``catatan``. Other
columns of the bundled files (``kode_kemendagri``, ``provinsi``, ``tingkat``) are accepted and
ignored: statistics are keyed by the BPS code only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analisis.data.impor.angka import Konversi, baca_angka, deteksi_desimal
from analisis.data.katalog import PERIODE, muat_katalog
from analisis.data.penyimpanan import KOLOM_TIDY
from analisis.data.validasi import KOLOM_LOKASI, Kandidat
from analisis.data.wilayah import PencocokWilayah
from analisis.lembar import Lembar, Pengumpul, baca_tabel, cari_baris_kepala, masalah_struktur

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
_KUNCI = {"kode_wilayah", "wilayah", "tahun", "indikator", "nilai"}
_PERIODE_NORMAL = {p.lower(): p for p in PERIODE}


def tampak_tidy(lembar: Lembar) -> bool:
    """Whether the first non-empty row looks like a tidy header.

    At least two of the tidy key columns must be there (so a tidy file missing one required
    column is still recognised as tidy and gets a precise "kolom wajib tidak ada" message).
    """
    r0 = cari_baris_kepala(lembar, lewati_komentar=False)
    if r0 is None:
        return False
    kepala = {t.lower() for t in lembar.teks_baris(r0)} - {""}
    return len(kepala & _KUNCI) >= 2


@dataclass
class _Tidy:
    """One tidy sheet being read."""

    lembar: Lembar
    posisi: dict[str, int]
    r0: int
    p: Pengumpul

    def sel(self, r: int, nama: str) -> str:
        return self.lembar.teks(r, self.posisi[nama]) if nama in self.posisi else ""


def _kepala(lembar: Lembar, kualitas: str | None, p: Pengumpul, info: list[str]) -> _Tidy | None:
    r0 = cari_baris_kepala(lembar, lewati_komentar=False)
    if r0 is None:
        p.galat("berkas kosong.", kode="berkas_kosong")
        return None
    posisi: dict[str, int] = {}
    for c, t in enumerate(lembar.teks_baris(r0)):
        if t and t.lower() not in posisi:
            posisi[t.lower()] = c
    kurang = [k for k in ("tahun", "indikator", "nilai") if k not in posisi]
    if "kode_wilayah" not in posisi and "wilayah" not in posisi:
        kurang.insert(0, "kode_wilayah")
    if kurang:
        p.galat(
            f"kolom wajib tidak ada: {', '.join(kurang)}. Kolom format rapi: kode_wilayah, "
            "tahun, indikator, nilai (opsional: periode, satuan, sumber, kualitas, catatan).",
            kode="kolom_wajib_tidak_ada",
            baris=r0 + 1,
        )
        return None
    if "kualitas" not in posisi and kualitas is None:
        p.galat(
            "kolom 'kualitas' tidak ada; tambahkan kolom itu (A, B atau C) atau beri "
            "opsi --kualitas.",
            kode="kualitas_tidak_ada",
            baris=r0 + 1,
        )
        return None
    asing = [k for k in posisi if k not in KOLOM_DIKENAL]
    if asing:
        info.append(f"{lembar.berkas}: kolom diabaikan: {', '.join(asing)}.")
    return _Tidy(lembar, posisi, r0, p)


def _kode_wilayah(t: _Tidy, r: int, pencocok: PencocokWilayah) -> str | None:
    kode = t.sel(r, "kode_wilayah")
    if kode:
        return kode
    nama = t.sel(r, "wilayah")
    cocok = pencocok.cocokkan(nama)
    if cocok.kode is None:
        saran = f" Mungkin maksud Anda: {', '.join(cocok.saran)}." if cocok.saran else ""
        t.p.galat(
            f"nama wilayah '{nama}' tidak dikenal.{saran}",
            kode="wilayah_tidak_dikenal",
            baris=r + 1,
            kolom="wilayah",
            token=nama,
        )
    return cocok.kode


def _baris(
    t: _Tidy, r: int, mode: str | None, opsi: dict, konversi: Konversi, pencocok: PencocokWilayah
) -> dict | None:
    kode = _kode_wilayah(t, r, pencocok)
    if kode is None:
        return None
    teks_tahun = t.sel(r, "tahun")
    try:
        tahun = int(teks_tahun)
    except ValueError:
        t.p.galat(
            f"tahun '{teks_tahun}' bukan bilangan bulat.",
            kode="tahun_bukan_angka",
            baris=r + 1,
            kolom="tahun",
            token=teks_tahun,
        )
        return None
    ind = t.sel(r, "indikator").lower()
    meta = muat_katalog().get(ind)
    satuan = t.sel(r, "satuan") or (meta.satuan if meta else "")
    mentah = t.lembar.ambil(r, t.posisi["nilai"])
    a = baca_angka(mentah, mode, persen_boleh=satuan.strip().lower() in ("persen", "%"))
    if a.galat:
        t.p.galat(
            f"nilai {a.galat}.", kode="bukan_angka", baris=r + 1, kolom="nilai", token=str(mentah)
        )
        return None
    konversi.catat(a.konversi, t.sel(r, "nilai"), a.nilai)
    periode_teks = t.sel(r, "periode")
    periode = (
        _PERIODE_NORMAL.get(periode_teks.lower(), periode_teks)
        if periode_teks
        else (meta.periode if meta else "Maret")
    )
    berkas = t.lembar.berkas
    return {
        "kode_wilayah": kode,
        "tahun": tahun,
        "periode": periode,
        "indikator": ind,
        "nilai": a.nilai if a.nilai is not None else float("nan"),
        "satuan": satuan,
        "sumber": t.sel(r, "sumber") or opsi["sumber"] or f"impor berkas {berkas}",
        "kualitas": (t.sel(r, "kualitas") or opsi["kualitas"] or "").upper(),
        "catatan": t.sel(r, "catatan"),
        "asal": f"impor:{berkas}",
        "_berkas": berkas,
        "_lembar": t.lembar.nama,
        "_baris": r + 1,
        "_kolom": "nilai",
    }


def _baca_lembar(lembar: Lembar, opsi: dict, hasil: Kandidat) -> list[dict]:
    p = Pengumpul(lembar.berkas, lembar.nama)
    try:
        t = _kepala(lembar, opsi["kualitas"], p, hasil.info)
        if t is None:
            return []
        data = [r for r in range(t.r0 + 1, lembar.n_baris) if not lembar.baris_kosong(r)]
        p.tambah(masalah_struktur(lembar, data, t.posisi.values(), baris_kepala=t.r0))
        mode = opsi["desimal"]
        if mode in (None, "otomatis"):
            try:
                mode = deteksi_desimal([t.sel(r, "nilai") for r in data])
            except ValueError as e:
                p.galat(str(e), kode="desimal_campuran", kolom="nilai")
                return []
        konversi = Konversi()
        pencocok = PencocokWilayah()
        baris = [b for r in data if (b := _baris(t, r, mode, opsi, konversi, pencocok))]
        hasil.info.extend(konversi.info(lembar.nama_tampil))
        return baris
    finally:
        hasil.masalah.extend(p.masalah)


def baca_tidy(
    path: str | Path,
    *,
    kualitas: str | None = None,
    sumber: str | None = None,
    desimal: str | None = "otomatis",
    lembaran: list[Lembar] | None = None,
) -> Kandidat:
    """Read a tidy CSV/XLSX into a :class:`Kandidat` (problems collected, not raised)."""
    lembaran = lembaran if lembaran is not None else baca_tabel(path)
    hasil = Kandidat.kosong(lembaran[0].berkas if lembaran else Path(path).name)
    opsi = {"kualitas": kualitas, "sumber": sumber, "desimal": desimal}
    baris: list[dict] = []
    for lembar in lembaran:
        baris += _baca_lembar(lembar, opsi, hasil)
    if baris:
        hasil.tabel = pd.DataFrame(baris, columns=KOLOM_TIDY + KOLOM_LOKASI)
    return hasil
