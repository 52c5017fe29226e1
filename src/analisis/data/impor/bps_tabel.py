"""Importer for tables as downloaded from the BPS website (CSV and XLSX).

Layout handled: a wide table with regions as rows and years as columns, optional title rows
above, one or more header rows (an indicator header spanning several year columns, a period
row such as "Semester 1 (Maret)"), footnote rows below ("Sumber: …", "Catatan: …"),
placeholders for "no data" (``-``, ``–``, ``…``, ``NA``), decimal comma or point, and
region names in BPS spelling including old names.

What the importer cannot decide is never guessed: an indicator not recognisable from the
title or headers needs ``--indikator``; a file mixing decimal conventions needs
``--desimal``. Every cell read as "no data" and every skipped row is counted in the report.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analisis.data.impor.angka import baca_angka, bersihkan, deteksi_desimal
from analisis.data.impor.grid import Grid, baca_grid
from analisis.data.impor.kenali import (
    faktor_satuan,
    kenali_indikator,
    kenali_periode,
    kenali_satuan,
)
from analisis.data.katalog import muat_katalog
from analisis.data.penyimpanan import KOLOM_TIDY
from analisis.data.validasi import KOLOM_LOKASI, Kandidat
from analisis.data.wilayah import PencocokWilayah
from analisis.galat import Lokasi, Masalah

_AWAL_CATATAN = re.compile(
    r"^(sumber|source|catatan|note|keterangan|ket\.|\*|¹|²|³|[a-z]\))", re.IGNORECASE
)
_LABEL_KEPALA = re.compile(
    r"^(kabupaten\s*/\s*kota|kab(upaten)?\s*/\s*kota|provinsi|wilayah|region|daerah|nama wilayah)",
    re.IGNORECASE,
)


def _tahun(v: object) -> int | None:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if float(v).is_integer() and 1990 <= int(v) <= 2100:
            return int(v)
        return None
    if v is None:
        return None
    s = bersihkan(str(v)).rstrip("*")
    if re.fullmatch(r"(19|20)\d\d", s):
        return int(s)
    return None


def _isi(grid: Grid, r: int) -> list[int]:
    return [c for c in range(grid.n_kolom) if grid.teks(r, c)]


def baca_tabel_bps(
    path: str | Path,
    *,
    indikator: str | None = None,
    periode: str | None = None,
    desimal: str | None = "otomatis",
    lembar: str | None = None,
    kualitas: str = "A",
    sumber: str | None = None,
    grids: list[Grid] | None = None,
) -> Kandidat:
    """Read a BPS website table into a :class:`Kandidat` (problems collected, not raised)."""
    grids = grids if grids is not None else baca_grid(path, lembar)
    hasil = Kandidat.kosong(grids[0].berkas if grids else str(path))
    bagian: list[pd.DataFrame] = []
    for grid in grids:
        k = _baca_satu(
            grid,
            indikator=indikator,
            periode=periode,
            desimal=desimal,
            kualitas=kualitas,
            sumber=sumber,
        )
        hasil.masalah.extend(k.masalah)
        hasil.info.extend(k.info)
        if not k.tabel.empty:
            bagian.append(k.tabel)
    if bagian:
        hasil.tabel = pd.concat(bagian, ignore_index=True)
    return hasil


def _baca_satu(grid: Grid, *, indikator, periode, desimal, kualitas, sumber) -> Kandidat:
    berkas, lembar = grid.berkas, grid.lembar
    hasil = Kandidat.kosong(berkas)
    nama_lembar = f" lembar '{lembar}'" if lembar else ""
    baris_isi = [r for r in range(len(grid.sel)) if _isi(grid, r)]
    if not baris_isi:
        if lembar is None:
            hasil.masalah.append(Masalah("berkas kosong.", berkas=berkas, kode="berkas_kosong"))
        else:
            hasil.info.append(f"{berkas}{nama_lembar}: lembar kosong dilewati.")
        return hasil

    # 1. The year row: the first row whose non-label cells are years.
    baris_tahun = None
    for r in baris_isi:
        tahun_sel = [c for c in range(1, grid.n_kolom) if _tahun(grid.ambil(r, c)) is not None]
        lain = [c for c in _isi(grid, r) if c > 0 and c not in tahun_sel]
        label = grid.teks(r, 0)
        if (
            tahun_sel
            and len(tahun_sel) >= len(lain)
            and (
                not label
                or _LABEL_KEPALA.match(label)
                or not PencocokWilayah_cache().cocokkan(label).kode
            )
        ):
            baris_tahun = r
            break
    if baris_tahun is None:
        hasil.masalah.append(
            Masalah(
                "baris tahun tidak ditemukan; tabel BPS yang didukung memuat tahun sebagai judul "
                "kolom (mis. 2021, 2022, 2023) dan wilayah sebagai baris.",
                berkas=berkas,
                lembar=lembar,
                kode="tahun_tidak_ditemukan",
            )
        )
        return hasil

    # 2. Title rows (one filled cell) and header rows (several) above the year row;
    #    sub-header rows (e.g. "Semester 1 (Maret)") between the year row and the data.
    judul: list[str] = []
    kepala_atas: list[int] = []
    for r in baris_isi:
        if r >= baris_tahun:
            break
        isi = _isi(grid, r)
        if len(isi) == 1 and isi[0] == 0:
            judul.append(grid.teks(r, 0))
        else:
            kepala_atas.append(r)
    kepala_bawah: list[int] = []
    r = baris_tahun + 1
    pencocok = PencocokWilayah_cache()
    while r < len(grid.sel):
        label = grid.teks(r, 0)
        isi = _isi(grid, r)
        if not isi:
            r += 1
            continue
        if (not label or _LABEL_KEPALA.match(label)) and any(
            kenali_periode(grid.teks(r, c)) for c in isi if c > 0
        ):
            kepala_bawah.append(r)
            r += 1
            continue
        break
    awal_data = r
    teks_judul = " ".join(judul)

    # 3. Column metadata: year (forward-filled over sub-header spans), header text, period.
    kolom_tahun: dict[int, int] = {}
    tahun_aktif = None
    for c in range(1, grid.n_kolom):
        t = _tahun(grid.ambil(baris_tahun, c))
        if t is not None:
            tahun_aktif = t
            kolom_tahun[c] = t
        elif tahun_aktif is not None and any(grid.teks(rb, c) for rb in kepala_bawah):
            kolom_tahun[c] = tahun_aktif
        else:
            tahun_aktif = None
    kepala_kolom: dict[int, str] = {}
    for rk in kepala_atas:
        aktif = ""
        for c in range(1, grid.n_kolom):
            if grid.teks(rk, c):
                aktif = grid.teks(rk, c)
            if c in kolom_tahun:
                kepala_kolom[c] = (kepala_kolom.get(c, "") + " " + aktif).strip()
    for rk in kepala_bawah:
        for c in kolom_tahun:
            if grid.teks(rk, c):
                kepala_kolom[c] = (kepala_kolom.get(c, "") + " " + grid.teks(rk, c)).strip()

    katalog = muat_katalog()
    meta_kolom: dict[int, dict] = {}
    for c, t in kolom_tahun.items():
        label_kolom = kepala_kolom.get(c, "")
        nama_kolom = f"{label_kolom + ' ' if label_kolom else ''}{t} ({grid.huruf(c)})"
        if indikator:
            ind = indikator
        else:
            calon = kenali_indikator(label_kolom) or kenali_indikator(teks_judul)
            if len(calon) != 1:
                alasan = "tidak dikenali" if not calon else f"ambigu ({', '.join(calon)})"
                hasil.masalah.append(
                    Masalah(
                        f"indikator kolom ini {alasan} dari judul/kepala tabel; tentukan dengan "
                        "--indikator (mis. --indikator p0).",
                        berkas=berkas,
                        lembar=lembar,
                        baris=baris_tahun + 1,
                        kolom=nama_kolom,
                        kode="indikator_tidak_dikenali",
                    )
                )
                continue
            ind = calon[0]
        meta = katalog.get(ind)
        per = periode or kenali_periode(label_kolom) or (meta.periode if meta else "Maret")
        faktor = 1.0
        satuan_sumber = kenali_satuan(label_kolom) or (
            kenali_satuan(teks_judul) if len(kenali_indikator(teks_judul)) <= 1 else None
        )
        if meta is not None and satuan_sumber is not None:
            f = faktor_satuan(satuan_sumber, meta)
            if f is None:
                hasil.masalah.append(
                    Masalah(
                        f"satuan '{satuan_sumber}' pada kepala tabel tidak cocok untuk {ind}; "
                        f"diharapkan '{meta.satuan}'.",
                        berkas=berkas,
                        lembar=lembar,
                        baris=baris_tahun + 1,
                        kolom=nama_kolom,
                        kode="satuan_tidak_cocok",
                    )
                )
                continue
            if f != 1.0:
                faktor = f
                hasil.info.append(
                    f"{berkas}{nama_lembar}, kolom {nama_kolom}: satuan '{satuan_sumber}' "
                    f"dikonversi ke '{meta.satuan}' (dikali {f:g})."
                )
        meta_kolom[c] = {
            "tahun": t,
            "indikator": ind,
            "periode": per,
            "faktor": faktor,
            "nama": nama_kolom,
            "satuan": meta.satuan if meta else (satuan_sumber or ""),
        }
    if not meta_kolom:
        return hasil

    # 4. Decimal convention for the whole sheet.
    baris_data = range(awal_data, len(grid.sel))
    mode = desimal
    if desimal in (None, "otomatis"):
        try:
            mode = deteksi_desimal(
                [
                    grid.teks(r, c)
                    for r in baris_data
                    for c in meta_kolom
                    if isinstance(grid.ambil(r, c), str)
                ]
            )
        except ValueError as e:
            hasil.masalah.append(
                Masalah(str(e), berkas=berkas, lembar=lembar, kode="desimal_campuran")
            )
            return hasil

    # 5. Data rows.
    rekaman: list[dict] = []
    n_kosong = 0
    dilewati: list[str] = []
    sumber_teks = sumber or (
        f"Tabel BPS diimpor dari berkas {berkas}{nama_lembar}"
        + (f": {teks_judul}" if teks_judul else "")
    )
    for r in baris_data:
        label = grid.teks(r, 0)
        isi_nilai = [c for c in meta_kolom if grid.teks(r, c)]
        if not label and not isi_nilai:
            continue
        lok: Lokasi = {"berkas": berkas, "lembar": lembar, "baris": r + 1}
        cocok = pencocok.cocokkan(label) if label else None
        if cocok is None or cocok.kode is None:
            if not isi_nilai or _AWAL_CATATAN.match(label):
                dilewati.append(label[:60])
                continue
            saran = (
                f" Mungkin maksud Anda: {', '.join(cocok.saran)}." if cocok and cocok.saran else ""
            )
            hasil.masalah.append(
                Masalah(
                    f"nama wilayah '{label}' tidak dikenal.{saran}",
                    kolom=f"{grid.teks(baris_tahun, 0) or 'wilayah'} (A)",
                    kode="wilayah_tidak_dikenal",
                    **lok,
                )
            )
            continue
        for c, m in meta_kolom.items():
            a = baca_angka(grid.ambil(r, c), mode)
            if a.kosong:
                n_kosong += 1
                continue
            if a.galat:
                hasil.masalah.append(
                    Masalah(
                        f"{a.galat}; diharapkan angka atau tanda kosong (-, …, NA).",
                        kolom=m["nama"],
                        kode="bukan_angka",
                        **lok,
                    )
                )
                continue
            assert a.nilai is not None  # neither empty nor an error, so baca_angka read a number
            rekaman.append(
                {
                    "kode_wilayah": cocok.kode,
                    "tahun": m["tahun"],
                    "periode": m["periode"],
                    "indikator": m["indikator"],
                    "nilai": float(a.nilai) * m["faktor"],
                    "satuan": m["satuan"],
                    "sumber": sumber_teks,
                    "kualitas": kualitas,
                    "catatan": (
                        f"nama di sumber: {label}"
                        if pencocok.wilayah.at[cocok.kode, "wilayah"] != label
                        else ""
                    )
                    + ("; bertanda catatan kaki di sumber" if a.bertanda else ""),
                    "asal": f"impor:{berkas}",
                    "_berkas": berkas,
                    "_lembar": lembar,
                    "_baris": r + 1,
                    "_kolom": m["nama"],
                }
            )
    if n_kosong:
        hasil.info.append(
            f"{berkas}{nama_lembar}: {n_kosong} sel bertanda kosong (-, …, NA) dibaca sebagai 'tidak ada data'."
        )
    if dilewati:
        hasil.info.append(
            f"{berkas}{nama_lembar}: {len(dilewati)} baris bukan data dilewati: "
            + "; ".join(f"'{d}'" for d in dilewati[:5])
            + ("…" if len(dilewati) > 5 else "")
        )
    if rekaman:
        hasil.tabel = pd.DataFrame(rekaman, columns=KOLOM_TIDY + KOLOM_LOKASI)
    return hasil


_pencocok: PencocokWilayah | None = None


def PencocokWilayah_cache() -> PencocokWilayah:
    global _pencocok
    if _pencocok is None:
        _pencocok = PencocokWilayah()
    return _pencocok
