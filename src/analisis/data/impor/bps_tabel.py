"""Importer for wide tables as downloaded from the BPS website (CSV and XLSX).

Layout handled: regions as rows and years as columns, title rows above, one or more header
rows, period sub-headers ("Semester 1 (Maret)"), footnote rows below ("Sumber: …"),
placeholders for "no data" (``-``, ``–``, ``…``, ``NA``), decimal comma or point, region names
in BPS spelling including old names (header rules in :mod:`~analisis.data.impor.kepala_bps`).

What the importer cannot decide is never guessed: an indicator not recognisable from the
title or headers needs ``--indikator``; a file mixing decimal conventions needs
``--desimal``. Every cell read as "no data", every skipped row or column and every
conversion (thousands separators, percent signs, units) is listed in the report; formulas
without stored values, merged or hidden data cells, and values in columns without a header
are errors.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analisis.data.impor.angka import SEL_PERSEN, Konversi, baca_angka, deteksi_desimal
from analisis.data.impor.kepala_bps import KepalaBps, KolomBps, baca_kepala
from analisis.data.penyimpanan import KOLOM_TIDY
from analisis.data.validasi import KOLOM_LOKASI, Kandidat
from analisis.data.wilayah import PencocokWilayah
from analisis.lembar import Lembar, Pengumpul, baca_tabel, masalah_struktur

_AWAL_CATATAN = re.compile(
    r"^(sumber|source|catatan|note|keterangan|ket\.|\*|¹|²|³|[a-z]\))", re.IGNORECASE
)
_pencocok: PencocokWilayah | None = None


def pencocok_wilayah() -> PencocokWilayah:
    """One shared region-name matcher (building it walks the region master)."""
    global _pencocok
    if _pencocok is None:
        _pencocok = PencocokWilayah()
    return _pencocok


def baca_tabel_bps(
    path: str | Path,
    *,
    indikator: str | None = None,
    periode: str | None = None,
    desimal: str | None = "otomatis",
    lembar: str | None = None,
    kualitas: str = "A",
    sumber: str | None = None,
    lembaran: list[Lembar] | None = None,
) -> Kandidat:
    """Read a BPS website table into a :class:`Kandidat` (problems collected, not raised)."""
    lembaran = lembaran if lembaran is not None else baca_tabel(path, lembar=lembar)
    hasil = Kandidat.kosong(lembaran[0].berkas if lembaran else Path(path).name)
    opsi = {"indikator": indikator, "periode": periode, "desimal": desimal}
    bagian: list[pd.DataFrame] = []
    for lb in lembaran:
        k = _baca_satu(lb, opsi, kualitas=kualitas, sumber=sumber)
        hasil.masalah.extend(k.masalah)
        hasil.info.extend(k.info)
        if not k.tabel.empty:
            bagian.append(k.tabel)
    if bagian:
        hasil.tabel = pd.concat(bagian, ignore_index=True)
    return hasil


def _mode_desimal(
    lembar: Lembar, kepala: KepalaBps, baris: list[int], desimal: str | None, p: Pengumpul
) -> tuple[bool, str | None]:
    """(ok, decimal mode) for the sheet; a mixed file is reported."""
    if desimal not in (None, "otomatis"):
        return True, desimal
    teks = [
        lembar.teks(r, c)
        for r in baris
        for c in kepala.kolom
        if isinstance(lembar.ambil(r, c), str)
    ]
    try:
        return True, deteksi_desimal(teks)
    except ValueError as e:
        p.galat(str(e), kode="desimal_campuran")
        return False, None


def _baris_data(
    lembar: Lembar, kepala: KepalaBps, p: Pengumpul
) -> tuple[list[tuple[int, str, str]], list[str]]:
    """Data rows as (row, region code, label as written); footnote/text rows are skipped."""
    pencocok = pencocok_wilayah()
    data: list[tuple[int, str, str]] = []
    dilewati: list[str] = []
    kolom_nilai = set(kepala.kolom) | kepala.berjudul
    for r in range(kepala.awal_data, lembar.n_baris):
        label = lembar.teks(r, 0)
        isi = [c for c in lembar.kolom_terisi(r) if c > 0]
        if not label and not isi:
            continue
        cocok = pencocok.cocokkan(label) if label else None
        if cocok is not None and cocok.kode is not None:
            data.append((r, cocok.kode, label))
            continue
        if not any(c in kolom_nilai for c in isi) or _AWAL_CATATAN.match(label):
            dilewati.append(label[:60])
            continue
        saran = f" Mungkin maksud Anda: {', '.join(cocok.saran)}." if cocok and cocok.saran else ""
        p.galat(
            f"nama wilayah '{label}' tidak dikenal.{saran}",
            kode="wilayah_tidak_dikenal",
            baris=r + 1,
            kolom=f"{lembar.teks(kepala.baris_tahun, 0) or 'wilayah'} (A)",
            token=label,
        )
    return data, dilewati


def _sel_tanpa_judul(lembar: Lembar, kepala: KepalaBps, r: int, p: Pengumpul) -> None:
    """Values in columns without a year header (CSV cells past the header's width are
    reported once per row by the structural width check instead)."""
    lebar = max(lembar.kolom_terisi(kepala.baris_tahun), default=0) + 1
    for c in lembar.kolom_terisi(r):
        if lembar.lebar_rekaman is not None and c >= lebar:
            continue
        if c > 0 and c not in kepala.kolom and c not in kepala.berjudul:
            teks = lembar.teks(r, c)
            p.galat(
                f"sel berisi '{teks}' di kolom tanpa judul tahun; nilai bergeser atau kolom "
                "tahunnya hilang. Periksa baris judul.",
                kode="sel_tanpa_judul",
                baris=r + 1,
                kolom=lembar.huruf(c),
                token=teks,
            )


def _rekaman(
    lembar: Lembar, r: int, kode: str, label: str, k: KolomBps, nilai: float, bertanda: bool
) -> dict:
    resmi = pencocok_wilayah().wilayah.at[kode, "wilayah"]
    catatan = [f"nama di sumber: {label}"] if resmi != label else []
    if bertanda:
        catatan.append("bertanda catatan kaki di sumber")
    if k.catatan_tahun:
        catatan.append(f"tahun bertanda catatan kaki '{k.catatan_tahun}' di sumber")
    return {
        "kode_wilayah": kode,
        "tahun": k.tahun,
        "periode": k.periode,
        "indikator": k.indikator,
        "nilai": nilai * k.faktor,
        "satuan": k.satuan,
        "catatan": "; ".join(catatan),
        "_lembar": lembar.nama,
        "_baris": r + 1,
        "_kolom": k.nama,
    }


def _baca_sel(
    lembar: Lembar,
    r: int,
    k: KolomBps,
    mode: str | None,
    konversi: Konversi,
    p: Pengumpul,
) -> tuple[float | None, bool, bool]:
    """(value, footnoted, "no data" marker) of one cell; value None for no data or an error."""
    mentah = lembar.ambil(r, k.kolom)
    a = baca_angka(mentah, mode, persen_boleh=k.persen)
    if a.galat:
        p.galat(
            f"{a.galat}; diharapkan angka atau tanda kosong (-, …, NA).",
            kode="bukan_angka",
            baris=r + 1,
            kolom=k.nama,
            token=str(mentah),
        )
        return None, False, False
    if a.nilai is None:
        return None, False, (r, k.kolom) not in lembar.rumus
    nilai = a.nilai
    if (r, k.kolom) in lembar.persen:
        if not k.persen:
            p.galat(
                f"sel berformat persen di Excel (nilai {mentah}), padahal satuan {k.indikator} "
                f"adalah '{k.satuan}'; ubah format sel menjadi angka biasa.",
                kode="format_persen",
                baris=r + 1,
                kolom=k.nama,
                token=str(mentah),
            )
            return None, False, False
        nilai *= 100
        konversi.catat(SEL_PERSEN, mentah, nilai)
    else:
        konversi.catat(a.konversi, lembar.teks(r, k.kolom), nilai)
    return nilai, a.bertanda, False


def _baca_satu(lembar: Lembar, opsi: dict, *, kualitas: str, sumber: str | None) -> Kandidat:
    hasil = Kandidat.kosong(lembar.berkas)
    p = Pengumpul(lembar.berkas, lembar.nama)
    hasil.masalah = p.masalah
    if not lembar.baris_terisi():
        if lembar.nama is None:
            p.galat("berkas kosong.", kode="berkas_kosong")
        else:
            hasil.info.append(f"{lembar.nama_tampil}: lembar kosong dilewati.")
        return hasil
    kepala = baca_kepala(lembar, opsi, p, pencocok_wilayah())
    if kepala is None:
        return hasil
    hasil.info.extend(kepala.info)
    data, dilewati = _baris_data(lembar, kepala, p)
    baris = [r for r, _, _ in data]
    p.tambah(
        masalah_struktur(
            lembar,
            baris,
            [0, *kepala.kolom],
            baris_kepala=kepala.baris_tahun,
            nama_kolom=lambda c: kepala.kolom[c].nama if c in kepala.kolom else lembar.huruf(c),
        )
    )
    ok, mode = _mode_desimal(lembar, kepala, baris, opsi.get("desimal"), p)
    if not kepala.kolom or not ok:
        return hasil
    sumber_teks = sumber or (
        f"Tabel BPS diimpor dari berkas {lembar.nama_tampil}"
        + (f": {kepala.judul}" if kepala.judul else "")
    )
    konversi = Konversi()
    rekaman: list[dict] = []
    n_kosong = 0
    for r, kode, label in data:
        _sel_tanpa_judul(lembar, kepala, r, p)
        for k in kepala.kolom.values():
            nilai, bertanda, kosong = _baca_sel(lembar, r, k, mode, konversi, p)
            n_kosong += kosong
            if nilai is not None:
                rekaman.append(_rekaman(lembar, r, kode, label, k, nilai, bertanda))
    hasil.info.extend(_info(lembar, kepala, n_kosong, dilewati, konversi))
    if rekaman:
        t = pd.DataFrame(rekaman)
        t["sumber"] = sumber_teks
        t["kualitas"] = kualitas
        t["asal"] = f"impor:{lembar.berkas}"
        t["_berkas"] = lembar.berkas
        hasil.tabel = t[KOLOM_TIDY + KOLOM_LOKASI]
    return hasil


def _info(
    lembar: Lembar, kepala: KepalaBps, n_kosong: int, dilewati: list[str], konversi: Konversi
) -> list[str]:
    tempat = lembar.nama_tampil
    info: list[str] = []
    if kepala.catatan_tahun:
        info.append(
            f"{tempat}: judul tahun bertanda catatan kaki dibaca sebagai tahun: "
            + ", ".join(kepala.catatan_tahun)
            + "; tandanya dicatat pada setiap nilai kolom itu."
        )
    if kepala.dilewati:
        info.append(f"{tempat}: kolom bukan tahun dilewati: " + ", ".join(kepala.dilewati) + ".")
    if n_kosong:
        info.append(
            f"{tempat}: {n_kosong} sel bertanda kosong (-, …, NA) dibaca sebagai 'tidak ada data'."
        )
    if dilewati:
        info.append(
            f"{tempat}: {len(dilewati)} baris bukan data dilewati: "
            + "; ".join(f"'{d}'" for d in dilewati[:5])
            + ("…" if len(dilewati) > 5 else "")
        )
    return info + konversi.info(tempat)
