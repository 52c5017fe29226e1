"""Importer for the BPS website's current CSV export of dynamic tables (long format).

The "Unduh CSV" button of a dynamic table on bps.go.id gives one value per row, ``;``-separated,
with the columns

``nama_variabel;nama_variabel_turunan;nama_tahun;nama_turunan_tahun;data_content;nama_item_vertical_variabel``

(variable, breakdown such as "Tidak Ada"/"Perkotaan", year, period within the year such as
"Tahun"/"Semester 1 (Maret)", the value, the region). It is the WebAPI response flattened, so
the same rules apply: the indicator is recognised from the variable name (or ``--indikator``),
its unit from the parenthesis in the name, only the total breakdown is imported (other
breakdowns are counted and reported), the period comes from ``nama_turunan_tahun``, and the
decimal separator is decided once for the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analisis.data.impor.angka import Konversi, baca_angka, deteksi_desimal
from analisis.data.impor.bps_tabel import pencocok_wilayah
from analisis.data.impor.kenali import (
    faktor_satuan,
    kenali_indikator,
    kenali_periode,
    kenali_satuan,
)
from analisis.data.impor.kepala_bps import baca_tahun
from analisis.data.impor.webapi import TURVAR_TOTAL
from analisis.data.katalog import muat_katalog
from analisis.data.penyimpanan import KOLOM_TIDY
from analisis.data.validasi import KOLOM_LOKASI, Kandidat
from analisis.lembar import Lembar, Pengumpul, baca_tabel, cari_baris_kepala, masalah_struktur

KOLOM_PANJANG = (
    "nama_variabel",
    "nama_variabel_turunan",
    "nama_tahun",
    "nama_turunan_tahun",
    "data_content",
    "nama_item_vertical_variabel",
)
_WAJIB = ("nama_tahun", "data_content", "nama_item_vertical_variabel")


def tampak_panjang(lembar: Lembar) -> bool:
    """Whether the header row carries the long-format column names."""
    r0 = cari_baris_kepala(lembar, lewati_komentar=False)
    if r0 is None:
        return False
    kepala = {t.strip().lower() for t in lembar.teks_baris(r0)}
    return "data_content" in kepala and "nama_item_vertical_variabel" in kepala


@dataclass
class _Variabel:
    """Indicator, unit factor and unit of one variable name (None indicator: reported)."""

    indikator: str | None
    faktor: float = 1.0
    satuan: str = ""


@dataclass
class _Panjang:
    lembar: Lembar
    posisi: dict[str, int]
    p: Pengumpul
    opsi: dict
    variabel: dict[str, _Variabel] = field(default_factory=dict)
    info: list[str] = field(default_factory=list)
    kosong: int = 0

    def sel(self, r: int, nama: str) -> str:
        return self.lembar.teks(r, self.posisi[nama]) if nama in self.posisi else ""


def _kenali_variabel(t: _Panjang, nama: str, r: int) -> _Variabel:
    if nama in t.variabel:
        return t.variabel[nama]
    ind = t.opsi.get("indikator")
    if not ind:
        calon = kenali_indikator(nama)
        if len(calon) != 1:
            alasan = "tidak dikenali" if not calon else f"ambigu ({', '.join(calon)})"
            t.p.galat(
                f"indikator variabel '{nama}' {alasan}; tentukan dengan --indikator "
                "(mis. --indikator p0).",
                kode="indikator_tidak_dikenali",
                baris=r + 1,
                kolom="nama_variabel",
                token=nama,
            )
            t.variabel[nama] = _Variabel(None)
            return t.variabel[nama]
        ind = calon[0]
    meta = muat_katalog().get(ind)
    v = _Variabel(ind, 1.0, meta.satuan if meta else "")
    satuan = kenali_satuan(nama)
    if meta is not None and satuan is not None:
        f = faktor_satuan(satuan, meta)
        if f is None:
            t.p.galat(
                f"satuan '{satuan}' variabel '{nama}' tidak cocok untuk {ind}; diharapkan "
                f"'{meta.satuan}'.",
                kode="satuan_tidak_cocok",
                baris=r + 1,
                kolom="nama_variabel",
                token=satuan,
            )
            v = _Variabel(None)
        elif f != 1.0:
            v.faktor = f
            t.info.append(
                f"{t.lembar.berkas}: satuan '{satuan}' dikonversi ke '{meta.satuan}' (dikali {f:g})."
            )
    t.variabel[nama] = v
    return v


def _baris(t: _Panjang, r: int, mode: str | None, konversi: Konversi) -> dict | None:
    nama_var = t.sel(r, "nama_variabel")
    var = _kenali_variabel(t, nama_var, r)
    if var.indikator is None:
        return None
    tahun = baca_tahun(t.sel(r, "nama_tahun"))
    if tahun is None:
        teks = t.sel(r, "nama_tahun")
        t.p.galat(
            f"tahun '{teks}' bukan tahun yang sah.",
            kode="tahun_tidak_sah",
            baris=r + 1,
            kolom="nama_tahun",
            token=teks,
        )
        return None
    label = t.sel(r, "nama_item_vertical_variabel")
    cocok = pencocok_wilayah().cocokkan(label)
    if cocok.kode is None:
        saran = f" Mungkin maksud Anda: {', '.join(cocok.saran)}." if cocok.saran else ""
        t.p.galat(
            f"nama wilayah '{label}' tidak dikenal.{saran}",
            kode="wilayah_tidak_dikenal",
            baris=r + 1,
            kolom="nama_item_vertical_variabel",
            token=label,
        )
        return None
    meta = muat_katalog().get(var.indikator)
    mentah = t.lembar.ambil(r, t.posisi["data_content"])
    a = baca_angka(mentah, mode, persen_boleh=var.satuan.lower() == "persen")
    if a.galat:
        t.p.galat(
            f"{a.galat}; diharapkan angka atau tanda kosong (-, …, NA).",
            kode="bukan_angka",
            baris=r + 1,
            kolom="data_content",
            token=str(mentah),
        )
        return None
    if a.nilai is None:
        t.kosong += 1
        return None
    konversi.catat(a.konversi, t.sel(r, "data_content"), a.nilai)
    periode = kenali_periode(t.sel(r, "nama_turunan_tahun")) or t.opsi.get("periode")
    catatan = (
        [f"nama di sumber: {label}"]
        if pencocok_wilayah().wilayah.at[cocok.kode, "wilayah"] != label
        else []
    )
    if tahun.catatan:
        catatan.append(f"tahun bertanda catatan kaki '{tahun.catatan}' di sumber")
    return {
        "kode_wilayah": cocok.kode,
        "tahun": tahun.tahun,
        "periode": periode or (meta.periode if meta else "Maret"),
        "indikator": var.indikator,
        "nilai": a.nilai * var.faktor,
        "satuan": var.satuan,
        "sumber": t.opsi.get("sumber")
        or f"Tabel dinamis BPS ({nama_var}), berkas {t.lembar.berkas}",
        "kualitas": t.opsi.get("kualitas") or "A",
        "catatan": "; ".join(catatan),
        "asal": f"impor:{t.lembar.berkas}",
        "_berkas": t.lembar.berkas,
        "_lembar": t.lembar.nama,
        "_baris": r + 1,
        "_kolom": "data_content",
    }


def _kepala(lembar: Lembar, opsi: dict, p: Pengumpul) -> tuple[_Panjang, int] | None:
    r0 = cari_baris_kepala(lembar, lewati_komentar=False)
    if r0 is None:
        return None
    posisi = {t.strip().lower(): c for c, t in enumerate(lembar.teks_baris(r0)) if t}
    kurang = [k for k in _WAJIB if k not in posisi]
    if "nama_variabel" not in posisi and not opsi.get("indikator"):
        kurang.append("nama_variabel (atau opsi --indikator)")
    if kurang:
        p.galat(
            "kolom ekspor tabel dinamis BPS tidak lengkap; tidak ada: " + ", ".join(kurang) + ".",
            kode="kolom_wajib_tidak_ada",
            baris=r0 + 1,
        )
        return None
    return _Panjang(lembar, posisi, p, opsi), r0


def _baca_lembar(lembar: Lembar, opsi: dict, hasil: Kandidat) -> list[dict]:
    p = Pengumpul(lembar.berkas, lembar.nama)
    try:
        kepala = _kepala(lembar, opsi, p)
        if kepala is None:
            return []
        t, r0 = kepala
        data = [r for r in range(r0 + 1, lembar.n_baris) if not lembar.baris_kosong(r)]
        p.tambah(masalah_struktur(lembar, data, t.posisi.values(), baris_kepala=r0))
        total = [
            r for r in data if TURVAR_TOTAL.match(t.sel(r, "nama_variabel_turunan") or "Tidak Ada")
        ]
        rinci = [r for r in data if r not in set(total)]
        mode = opsi.get("desimal")
        if mode in (None, "otomatis"):
            try:
                mode = deteksi_desimal([t.sel(r, "data_content") for r in total])
            except ValueError as e:
                p.galat(str(e), kode="desimal_campuran", kolom="data_content")
                return []
        konversi = Konversi()
        baris = [b for r in total if (b := _baris(t, r, mode, konversi))]
        hasil.info.extend(t.info)
        tempat = lembar.nama_tampil
        if rinci:
            hasil.info.append(
                f"{tempat}: {len(rinci)} nilai rincian (nama_variabel_turunan selain total, mis. "
                "Perkotaan/Perdesaan) dilewati; hanya total yang diimpor."
            )
        if t.kosong:
            hasil.info.append(
                f"{tempat}: {t.kosong} sel bertanda kosong (-, …, NA) dibaca sebagai 'tidak ada data'."
            )
        hasil.info.extend(konversi.info(tempat))
        return baris
    finally:
        hasil.masalah.extend(p.masalah)


def baca_bps_panjang(
    path: str | Path,
    *,
    indikator: str | None = None,
    periode: str | None = None,
    desimal: str | None = "otomatis",
    kualitas: str | None = None,
    sumber: str | None = None,
    lembaran: list[Lembar] | None = None,
) -> Kandidat:
    """Read a BPS dynamic-table CSV export into a :class:`Kandidat` (problems collected)."""
    lembaran = lembaran if lembaran is not None else baca_tabel(path)
    hasil = Kandidat.kosong(lembaran[0].berkas if lembaran else Path(path).name)
    opsi = {
        "indikator": indikator,
        "periode": periode,
        "desimal": desimal,
        "kualitas": kualitas,
        "sumber": sumber,
    }
    baris: list[dict] = []
    for lembar in lembaran:
        baris += _baca_lembar(lembar, opsi, hasil)
    if baris:
        hasil.tabel = pd.DataFrame(baris, columns=KOLOM_TIDY + KOLOM_LOKASI)
    return hasil
