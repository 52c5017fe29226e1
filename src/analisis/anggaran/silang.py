"""Checks across the budget tables: poverty budget against total regional spending.

The sum of pagu (and of realisasi) of a region-year in the Anggaran table must not exceed its
total spending in the Ringkasan; a region-year without a Ringkasan row, a Ringkasan row without
budget rows and a missing Ringkasan table are warnings.
"""

from __future__ import annotations

from collections import defaultdict

from analisis.anggaran._umum import TOLERANSI_RP
from analisis.anggaran.pembaca import Pembaca
from analisis.galat import Masalah
from analisis.laporan.format import rupiah

_PASANGAN = (
    ("pagu", "belanja_daerah", "pagu"),
    ("realisasi", "realisasi_belanja_daerah", "realisasi"),
)


def _per_wilayah_tahun(rows: list[dict]) -> dict[tuple, list[dict]]:
    kelompok: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        if r["kode_wilayah"] and r["tahun"]:
            kelompok[(r["kode_wilayah"], r["tahun"])].append(r)
    return kelompok


def _cek_batas(p_ring: Pembaca, ring: dict, rs: list[dict], kode_w: str, th: int) -> None:
    for kunci, kunci_total, nama in _PASANGAN:
        batas = ring[kunci_total]
        if batas in (None, False) or any(r[kunci] is False for r in rs):
            continue
        jumlah = sum(r[kunci] for r in rs if r[kunci] is not None)
        if jumlah > batas + TOLERANSI_RP:
            p_ring.m(
                f"jumlah {nama} anggaran kemiskinan {kode_w} tahun {th} "
                f"({rupiah(jumlah)}, {len(rs)} baris di lembar Anggaran) melebihi "
                f"{p_ring.peta.judul[kunci_total]} {rupiah(batas)}",
                ring["baris"],
                kunci_total,
                "melebihi_belanja_daerah",
            )


def cek_silang(
    p_ang: Pembaca,
    p_ring: Pembaca | None,
    rows: list[dict],
    ring_rows: list[dict],
    masalah: list[Masalah],
    berkas: str,
    ringkasan_terbaca: bool = True,
) -> None:
    """Cross-table checks (see the module docstring).

    ``ringkasan_terbaca`` is False when a Ringkasan file exists but could not be read (that
    problem is already reported; it is not also called missing).
    """
    kelompok = _per_wilayah_tahun(rows)
    if p_ring is None:
        if not ringkasan_terbaca:
            return
        masalah.append(
            Masalah(
                "tabel Ringkasan (total belanja daerah) tidak ada; porsi APBD dan "
                "skor penandaan tidak dapat dihitung",
                berkas=berkas,
                kode="ringkasan_tidak_ada",
                tingkat="peringatan",
            )
        )
        return
    ring_per = {(r["kode_wilayah"], r["tahun"]): r for r in ring_rows}
    for (kode_w, th), rs in sorted(kelompok.items()):
        ring = ring_per.get((kode_w, th))
        if ring is None:
            p_ang.m(
                f"tidak ada total belanja daerah untuk wilayah {kode_w} tahun {th} "
                "di tabel Ringkasan; porsi APBD tidak dapat dihitung",
                None,
                None,
                "ringkasan_hilang",
                "peringatan",
            )
        else:
            _cek_batas(p_ring, ring, rs, kode_w, th)
    for r in ring_rows:
        if (
            rows
            and r["kode_wilayah"]
            and r["tahun"]
            and (r["kode_wilayah"], r["tahun"]) not in kelompok
        ):
            p_ring.m(
                f"wilayah {r['kode_wilayah']} tahun {r['tahun']} tidak punya baris di lembar "
                "Anggaran",
                r["baris"],
                "kode_wilayah",
                "ringkasan_tanpa_anggaran",
                "peringatan",
            )
