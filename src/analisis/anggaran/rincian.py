"""The Anggaran table: one row per sub-kegiatan, with its cluster, tagging and amounts.

Checks here: codes (text, nesting program ⊃ kegiatan ⊃ sub-kegiatan), cluster and tagging
against the configuration (with the closest suggestion), amounts (negative, realisasi above
pagu), duplicate sub-kegiatan rows, and stated ``JUMLAH`` rows against the sum of the rows.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from analisis.anggaran._umum import TOLERANSI_RP, periksa_tahun, periksa_wilayah
from analisis.anggaran.kolom import LABEL_TOTAL
from analisis.anggaran.konfigurasi import TANPA_PENANDAAN, KonfigurasiAnggaran, normalisasi_label
from analisis.anggaran.pembaca import Pembaca, bertanda_contoh, wajib_teks, wilayah_tahun
from analisis.laporan.format import rupiah
from analisis.lembar import kosong

_ABAIKAN = ("kode_wilayah", "tahun", "keterangan")


def _adalah_total(sel: dict[str, Any]) -> bool:
    for kunci in ("opd", "kode_subkegiatan", "nama_subkegiatan", "kode_program", "nama_program"):
        if normalisasi_label(sel.get(kunci)) in LABEL_TOTAL:
            return True
    return False


def _kode(p: Pembaca, nomor: int, sel: dict[str, Any]) -> tuple[str, str, str]:
    """Program, kegiatan and sub-kegiatan codes, with the nesting checked."""
    prog = p.kode(nomor, sel, "kode_program")
    keg = p.kode(nomor, sel, "kode_kegiatan")
    sub = p.kode(nomor, sel, "kode_subkegiatan")
    if not sub and p.peta.ada("kode_subkegiatan"):
        p.m("kode sub-kegiatan wajib diisi", nomor, "kode_subkegiatan", "isian_kosong")
    if sub and keg and not sub.startswith(keg):
        p.m(
            f"kode sub-kegiatan '{sub}' tidak diawali kode kegiatan '{keg}'",
            nomor,
            "kode_subkegiatan",
            "kode_tidak_berjenjang",
            "peringatan",
        )
    if keg and prog and not keg.startswith(prog):
        p.m(
            f"kode kegiatan '{keg}' tidak diawali kode program '{prog}'",
            nomor,
            "kode_kegiatan",
            "kode_tidak_berjenjang",
            "peringatan",
        )
    return prog, keg, sub


def _klaster(
    p: Pembaca, konf: KonfigurasiAnggaran, nomor: int, sel: dict[str, Any], kode_sub: str
) -> str | None:
    if not p.peta.ada("klaster"):
        return None
    mentah = sel.get("klaster")
    pilihan = "; ".join(k.label for k in konf.klaster)
    if kosong(mentah):
        klaster = konf.klaster_dari_kode_subkegiatan(kode_sub) if kode_sub else None
        if klaster is None:
            p.m("klaster wajib diisi; pilihan: " + pilihan, nomor, "klaster", "isian_kosong")
        else:
            p.m(
                f"klaster kosong diisi {klaster} dari pemetaan kode sub-kegiatan",
                nomor,
                "klaster",
                "klaster_dari_pemetaan",
                "peringatan",
            )
        return klaster
    klaster = konf.cari_klaster(mentah)
    if klaster is None:
        saran = konf.saran_klaster(mentah)
        teks_saran = f"; mungkin maksudnya '{saran[0]}'" if saran else ""
        p.m(
            f"klaster '{mentah}' tidak dikenal{teks_saran}. Pilihan: " + pilihan,
            nomor,
            "klaster",
            "klaster_tidak_dikenal",
        )
    return klaster


def _penandaan(
    p: Pembaca, konf: KonfigurasiAnggaran, nomor: int, sel: dict[str, Any]
) -> str | None:
    if not p.peta.ada("penandaan"):
        return TANPA_PENANDAAN
    mentah = sel.get("penandaan")
    penandaan = konf.cari_penandaan(mentah)
    if penandaan is None:
        saran = konf.saran_penandaan(mentah)
        teks_saran = f"; mungkin maksudnya '{saran[0]}'" if saran else ""
        p.m(
            f"penandaan '{mentah}' tidak dikenal{teks_saran}. Pilihan: "
            + ", ".join(konf.label_penandaan),
            nomor,
            "penandaan",
            "penandaan_tidak_dikenal",
        )
    return penandaan


def _jumlah(p: Pembaca, nomor: int) -> tuple[float | None | bool, float | None | bool]:
    """Pagu and realisasi (None: empty; False: invalid, already reported)."""
    pagu = p.nilai(nomor, "pagu")
    if pagu is None:
        if not p.ada_rumus(nomor, "pagu") and p.peta.ada("pagu"):
            p.m("pagu wajib diisi (rupiah penuh)", nomor, "pagu", "isian_kosong")
    elif pagu is not False and pagu < 0:
        p.m(f"pagu tidak boleh negatif ({rupiah(pagu)})", nomor, "pagu", "nilai_negatif")
        pagu = False
    real = p.nilai(nomor, "realisasi")
    if real is None or real is False:
        return pagu, real
    if real < 0:
        p.m(f"realisasi tidak boleh negatif ({rupiah(real)})", nomor, "realisasi", "nilai_negatif")
        return pagu, False
    if pagu not in (None, False) and real > pagu + TOLERANSI_RP:
        p.m(
            f"realisasi {rupiah(real)} melebihi pagu {rupiah(pagu)} "
            f"(selisih {rupiah(real - pagu)}); periksa kembali baris {nomor}",
            nomor,
            "realisasi",
            "realisasi_melebihi_pagu",
            "peringatan",
        )
    return pagu, real


def _baris(
    p: Pembaca,
    konf: KonfigurasiAnggaran,
    nomor: int,
    sel: dict[str, Any],
    bawaan: tuple[str | None, int | None],
    harap: tuple[str | None, int | None],
) -> dict:
    kode_w, tahun = wilayah_tahun(p, nomor, sel, bawaan, harap)
    opd = wajib_teks(p, nomor, sel, "opd")
    prog, keg, sub = _kode(p, nomor, sel)
    nama_sub = wajib_teks(p, nomor, sel, "nama_subkegiatan")
    klaster = _klaster(p, konf, nomor, sel, sub)
    penandaan = _penandaan(p, konf, nomor, sel)
    pagu, real = _jumlah(p, nomor)
    return {
        "kode_wilayah": kode_w,
        "tahun": tahun,
        "opd": opd,
        "kode_program": prog,
        "nama_program": p.teks(sel, "nama_program"),
        "kode_kegiatan": keg,
        "nama_kegiatan": p.teks(sel, "nama_kegiatan"),
        "kode_subkegiatan": sub,
        "nama_subkegiatan": nama_sub,
        "klaster": klaster,
        "pagu": pagu,
        "realisasi": real,
        "penandaan": penandaan,
        "keterangan": p.teks(sel, "keterangan"),
        "baris": nomor,
    }


def proses_anggaran(
    p: Pembaca,
    konf: KonfigurasiAnggaran,
    bawaan: tuple[str | None, int | None],
    harap: tuple[str | None, int | None],
) -> tuple[list[dict], list[tuple[int, dict]], bool]:
    """Validated budget rows, the stated total rows, and whether the example marker is set."""
    dipakai = p.baris_dipakai(_ABAIKAN)
    p.urai_angka_kolom(dipakai)
    hasil: list[dict] = []
    total: list[tuple[int, dict]] = []
    contoh = False
    for nomor, sel in p.baris:
        if nomor not in dipakai:
            continue
        contoh |= bertanda_contoh(sel)
        if _adalah_total(sel):
            total.append((nomor, sel))
        else:
            hasil.append(_baris(p, konf, nomor, sel, bawaan, harap))
    return hasil, total, contoh


def cek_ganda(p: Pembaca, rows: list[dict]) -> None:
    """The same sub-kegiatan twice for one OPD, region and year."""
    kelompok: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        if r["kode_subkegiatan"] and r["kode_wilayah"] and r["tahun"]:
            kunci = (
                r["kode_wilayah"],
                r["tahun"],
                normalisasi_label(r["opd"]),
                r["kode_subkegiatan"],
            )
            kelompok[kunci].append(r)
    for (kode_w, tahun, _, kode_sub), rs in kelompok.items():
        if len(rs) < 2:
            continue
        nomor = ", ".join(str(r["baris"]) for r in rs)
        asal = f"sub-kegiatan '{kode_sub}' ({rs[0]['opd']}, {kode_w}, {tahun})"
        if len({(r["pagu"], r["realisasi"]) for r in rs}) > 1:
            rincian = "; ".join(
                f"baris {r['baris']}: pagu {rupiah(r['pagu']) if r['pagu'] is not False else '?'}"
                for r in rs
            )
            p.m(
                f"{asal} muncul di baris {nomor} dengan nilai berbeda ({rincian}); gabungkan "
                "menjadi satu baris",
                rs[1]["baris"],
                "kode_subkegiatan",
                "subkegiatan_ganda",
            )
        else:
            p.m(
                f"{asal} tercatat identik di baris {nomor} dan akan dihitung dua kali; hapus "
                "salah satu",
                rs[1]["baris"],
                "kode_subkegiatan",
                "baris_ganda_identik",
                "peringatan",
            )


def _kunci_total(sel: dict[str, Any], rows: list[dict]) -> tuple[str | None, int | None]:
    wilayah = {r["kode_wilayah"] for r in rows if r["kode_wilayah"]}
    tahun = {r["tahun"] for r in rows if r["tahun"]}
    if kosong(sel.get("kode_wilayah")):
        kode_w = next(iter(wilayah)) if len(wilayah) == 1 else None
    else:
        kode_w, _ = periksa_wilayah(sel["kode_wilayah"])
    if kosong(sel.get("tahun")):
        th = next(iter(tahun)) if len(tahun) == 1 else None
    else:
        th, _ = periksa_tahun(sel["tahun"])
    return kode_w, th


def cek_total(p: Pembaca, rows: list[dict], total: list[tuple[int, dict]]) -> None:
    """Stated ``JUMLAH`` rows against the sum of their region's and year's rows."""
    for nomor, sel in total:
        kode_w, th = _kunci_total(sel, rows)
        if kode_w is None or th is None:
            p.m(
                "baris JUMLAH harus menyebut kode wilayah dan tahun karena berkas berisi beberapa "
                "wilayah/tahun",
                nomor,
                "tahun" if th is None else "kode_wilayah",
                "total_tanpa_kunci",
            )
            continue
        grup = [r for r in rows if r["kode_wilayah"] == kode_w and r["tahun"] == th]
        for kunci in ("pagu", "realisasi"):
            tertulis = p.nilai(nomor, kunci)
            nilai = [r[kunci] for r in grup]
            if tertulis in (None, False) or any(v is False for v in nilai):
                continue  # an invalid cell is already reported; the sum would mislead
            jumlah = sum(v for v in nilai if v is not None)
            if abs(jumlah - tertulis) > TOLERANSI_RP:
                p.m(
                    f"baris JUMLAH menulis {kunci} {rupiah(tertulis)}, tetapi jumlah {len(grup)} "
                    f"baris {kode_w} tahun {th} adalah {rupiah(jumlah)} "
                    f"(selisih {rupiah(tertulis - jumlah)})",
                    nomor,
                    kunci,
                    "total_tidak_cocok",
                )
