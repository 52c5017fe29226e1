"""The RAT table: annual action plan rows (activity, indicator, unit, target, achievement)."""

from __future__ import annotations

from typing import Any

from analisis.anggaran.pembaca import Pembaca, bertanda_contoh, wajib_teks, wilayah_tahun

_ABAIKAN = ("kode_wilayah", "tahun", "keterangan")


def _target(p: Pembaca, nomor: int) -> float | None | bool:
    target = p.nilai(nomor, "target")
    if target is None:
        if not p.ada_rumus(nomor, "target") and p.peta.ada("target"):
            p.m("target wajib diisi", nomor, "target", "isian_kosong")
        return None
    if target is False:
        return False
    if target < 0:
        p.m("target tidak boleh negatif", nomor, "target", "nilai_negatif")
        return False
    if target == 0:
        p.m("target nol tidak dapat dipakai menghitung capaian", nomor, "target", "target_nol")
        return False
    return target


def _capaian(p: Pembaca, nomor: int) -> float | None | bool:
    capaian = p.nilai(nomor, "capaian")
    if capaian not in (None, False) and capaian < 0:
        p.m("capaian tidak boleh negatif", nomor, "capaian", "nilai_negatif")
        return False
    return capaian


def _baris(
    p: Pembaca,
    nomor: int,
    sel: dict[str, Any],
    bawaan: tuple[str | None, int | None],
    harap: tuple[str | None, int | None],
) -> dict:
    kode_w, tahun = wilayah_tahun(p, nomor, sel, bawaan, harap)
    return {
        "kode_wilayah": kode_w,
        "tahun": tahun,
        "opd": p.teks(sel, "opd"),
        "kode_subkegiatan": p.kode(nomor, sel, "kode_subkegiatan"),
        "kegiatan": wajib_teks(p, nomor, sel, "kegiatan"),
        "indikator": wajib_teks(p, nomor, sel, "indikator"),
        "satuan": wajib_teks(p, nomor, sel, "satuan"),
        "target": _target(p, nomor),
        "capaian": _capaian(p, nomor),
        "keterangan": p.teks(sel, "keterangan"),
        "baris": nomor,
    }


def proses_rat(
    p: Pembaca,
    bawaan: tuple[str | None, int | None],
    harap: tuple[str | None, int | None],
) -> tuple[list[dict], bool]:
    """Validated RAT rows and whether they carry the example marker."""
    dipakai = p.baris_dipakai(_ABAIKAN)
    p.urai_angka_kolom(dipakai)
    hasil: list[dict] = []
    contoh = False
    for nomor, sel in p.baris:
        if nomor in dipakai:
            contoh |= bertanda_contoh(sel)
            hasil.append(_baris(p, nomor, sel, bawaan, harap))
    return hasil, contoh


def cek_tautan(p: Pembaca, rat: list[dict], anggaran: list[dict]) -> None:
    """RAT rows whose sub-kegiatan code has no row in the Anggaran table (a warning)."""
    ada = {(r["kode_wilayah"], r["tahun"], r["kode_subkegiatan"]) for r in anggaran}
    for r in rat:
        if (
            r["kode_subkegiatan"]
            and (r["kode_wilayah"], r["tahun"], r["kode_subkegiatan"]) not in ada
        ):
            p.m(
                f"kode sub-kegiatan '{r['kode_subkegiatan']}' tidak ada di lembar Anggaran untuk "
                f"wilayah {r['kode_wilayah']} tahun {r['tahun']}",
                r["baris"],
                "kode_subkegiatan",
                "rat_tanpa_anggaran",
                "peringatan",
            )
