"""The Ringkasan table: total regional spending (belanja daerah APBD) per region and year.

It is read first: when it holds exactly one region / one year, the Anggaran and RAT rows may
leave those cells empty.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from analisis.anggaran._umum import BELANJA_DAERAH_MIN_WAJAR, pencocok_wilayah
from analisis.anggaran.pembaca import Pembaca, bertanda_contoh, wilayah_tahun
from analisis.data.wilayah import muat_wilayah
from analisis.laporan.format import rupiah


def _nama_wilayah(p: Pembaca, nomor: int, sel: dict[str, Any], kode: str) -> None:
    if not p.peta.ada("nama_wilayah") or not p.teks(sel, "nama_wilayah"):
        return
    nama = p.teks(sel, "nama_wilayah")
    if pencocok_wilayah().cocokkan(nama).kode != kode:
        resmi = str(muat_wilayah().at[kode, "wilayah"])
        p.m(
            f"nama wilayah '{nama}' tidak cocok dengan kode {kode} ({resmi}); kode yang dipakai",
            nomor,
            "nama_wilayah",
            "nama_wilayah_berbeda",
            "peringatan",
        )


def _belanja(p: Pembaca, nomor: int) -> float | None | bool:
    belanja = p.nilai(nomor, "belanja_daerah")
    if belanja is None:
        if not p.ada_rumus(nomor, "belanja_daerah") and p.peta.ada("belanja_daerah"):
            p.m(
                "total belanja daerah wajib diisi (rupiah penuh)",
                nomor,
                "belanja_daerah",
                "isian_kosong",
            )
        return None
    if belanja is False:
        return False
    if belanja <= 0:
        p.m(
            f"total belanja daerah harus lebih dari nol, bukan {rupiah(belanja)}",
            nomor,
            "belanja_daerah",
            "nilai_negatif",
        )
        return False
    if belanja < BELANJA_DAERAH_MIN_WAJAR:
        p.m(
            f"total belanja daerah {rupiah(belanja)} sangat kecil untuk APBD; apakah diisi "
            "dalam ribu atau juta rupiah? Isi dalam rupiah penuh",
            nomor,
            "belanja_daerah",
            "belanja_daerah_kecil",
            "peringatan",
        )
    return belanja


def _realisasi(p: Pembaca, nomor: int, belanja: float | None | bool) -> float | None | bool:
    real = p.nilai(nomor, "realisasi_belanja_daerah")
    if real is None or real is False:
        return real
    if real < 0:
        p.m(
            f"realisasi belanja daerah tidak boleh negatif ({rupiah(real)})",
            nomor,
            "realisasi_belanja_daerah",
            "nilai_negatif",
        )
        return False
    if belanja not in (None, False) and real > belanja:
        p.m(
            f"realisasi belanja daerah {rupiah(real)} melebihi pagu belanja daerah "
            f"{rupiah(belanja)}",
            nomor,
            "realisasi_belanja_daerah",
            "realisasi_melebihi_pagu",
            "peringatan",
        )
    return real


def _cek_ganda(p: Pembaca, hasil: list[dict]) -> None:
    """Rows for one region and year: an error when they disagree, a warning when identical."""
    kelompok: dict[tuple, list[dict]] = defaultdict(list)
    for r in hasil:
        if r["kode_wilayah"] and r["tahun"]:
            kelompok[(r["kode_wilayah"], r["tahun"])].append(r)
    for (kode, tahun), rs in kelompok.items():
        if len(rs) < 2:
            continue
        nilai = {(r["belanja_daerah"], r["realisasi_belanja_daerah"]) for r in rs}
        nomor = ", ".join(str(r["baris"]) for r in rs)
        if len(nilai) > 1:
            p.m(
                f"wilayah {kode} tahun {tahun} muncul di beberapa baris ({nomor}) dengan nilai "
                "berbeda; sisakan satu baris",
                rs[1]["baris"],
                "belanja_daerah",
                "ringkasan_ganda",
            )
        else:
            p.m(
                f"wilayah {kode} tahun {tahun} tercatat dua kali dengan nilai sama (baris {nomor})",
                rs[1]["baris"],
                "kode_wilayah",
                "ringkasan_ganda_identik",
                "peringatan",
            )


def proses_ringkasan(
    p: Pembaca, harap_w: str | None, harap_t: int | None
) -> tuple[list[dict], bool]:
    """Validated Ringkasan rows and whether they carry the example marker."""
    dipakai = p.baris_dipakai(("keterangan",))
    p.urai_angka_kolom(dipakai)
    hasil: list[dict] = []
    contoh = False
    w = muat_wilayah()
    for nomor, sel in p.baris:
        if nomor not in dipakai:
            continue
        contoh |= bertanda_contoh(sel)
        kode, tahun = wilayah_tahun(p, nomor, sel, (None, None), (harap_w, harap_t))
        if kode is not None:
            _nama_wilayah(p, nomor, sel, kode)
        belanja = _belanja(p, nomor)
        hasil.append(
            {
                "kode_wilayah": kode,
                "tahun": tahun,
                "nama_wilayah": str(w.at[kode, "wilayah"]) if kode else "",
                "belanja_daerah": belanja,
                "realisasi_belanja_daerah": _realisasi(p, nomor, belanja),
                "keterangan": p.teks(sel, "keterangan"),
                "baris": nomor,
            }
        )
    _cek_ganda(p, hasil)
    return hasil, contoh
