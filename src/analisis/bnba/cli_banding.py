"""Command ``bnba banding LAMA BARU --wilayah KODE``: quarterly extreme-poverty progress.

Registered on the ``bnba`` group by :mod:`analisis.bnba.cli`. Writes the suppressed movement
tables (CSV, JSON and the XLSX quarterly table) to ``publik/``, the person-level movement list
and the UU PDP records to ``RAHASIA/`` only; prints the kabupaten figures as published.
"""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

import click

from analisis.bnba.cli_bantu import (
    KONTEKS,
    OPSI_ATURAN,
    OPSI_KUNCI_SAMARAN,
    OPSI_MASA_SIMPAN,
    OPSI_PELAKSANA,
    OPSI_PEMETAAN,
    OPSI_PRIVASI,
    angka,
    tanggal,
)
from analisis.proyek import proyek_aktif


@click.command("banding", context_settings=KONTEKS)
@click.argument("lama", type=click.Path(path_type=Path))
@click.argument("baru", type=click.Path(path_type=Path))
@click.option(
    "--wilayah", required=True, metavar="KODE", help="Kode BPS kabupaten/kota (mis. 6303)."
)
@click.option(
    "--keluaran",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder keluaran (bawaan: keluaran_bnba_banding_<KODE>).",
)
@click.option(
    "--desil-k",
    type=click.IntRange(1, 10),
    default=4,
    show_default=True,
    help="Batas 'desil 1–k' untuk masuk/keluar kelompok desil terbawah.",
)
@click.option(
    "--tanggal-acuan-lama",
    callback=tanggal,
    metavar="YYYY-MM-DD",
    help="Tanggal acuan umur triwulan lalu (bawaan: hari ini).",
)
@click.option(
    "--tanggal-acuan-baru",
    callback=tanggal,
    metavar="YYYY-MM-DD",
    help="Tanggal acuan umur triwulan ini (bawaan: hari ini).",
)
@OPSI_PEMETAAN
@OPSI_ATURAN
@OPSI_PRIVASI
@click.option(
    "--tanpa-daftar", is_flag=True, help="Jangan tulis daftar pergerakan RAHASIA (hanya agregat)."
)
@click.option("--memori", metavar="BATAS", help="Batas memori DuckDB, mis. 1500MB.")
@OPSI_KUNCI_SAMARAN
@OPSI_PELAKSANA
@OPSI_MASA_SIMPAN
def banding(
    lama: Path,
    baru: Path,
    wilayah: str,
    keluaran: Path | None,
    desil_k: int,
    tanggal_acuan_lama: date | None,
    tanggal_acuan_baru: date | None,
    pemetaan: Path | None,
    aturan_yaml: Path | None,
    privasi_yaml: Path | None,
    tanpa_daftar: bool,
    memori: str | None,
    kunci_samaran: Path | None,
    pelaksana: str | None,
    masa_simpan: int,
) -> None:
    """Bandingkan ekstrak BNBA triwulan LAMA dan BARU satu wilayah (Inpres 4/2022).

    \b
    Per desa, kecamatan dan kabupaten: orang dan keluarga yang masuk/keluar desil 1 (dan desil
    1–k), pindah desa, meninggal, baru terdaftar, tidak lagi terdaftar, berganti NIK/No KK,
    serta cakupan program keluarga desil 1 di kedua triwulan.
    Menulis ke folder keluaran:
      publik/pergerakan_{desa,kecamatan,kabupaten}.csv, ringkasan_publik.json  agregat tersupresi
      publik/TABEL_TRIWULAN_<KODE>.xlsx          tabel triwulan (agregat tersupresi)
      RAHASIA/PERGERAKAN_RAHASIA_<KODE>.xlsx      daftar per orang (NIK, nama) — JANGAN dipublikasikan
      RAHASIA/CATATAN_PEMROSESAN_*, DPIA_DRAF_*, CATATAN_RETENSI_*  catatan UU PDP
    Tidak ada yang ditulis bila salah satu berkas tidak valid.
    """
    from analisis.bnba.banding import banding_triwulan, tulis_daftar_pergerakan
    from analisis.bnba.keluaran import catat, periksa_terbitan, rencanakan, terbitkan
    from analisis.bnba.konfigurasi import muat_aturan, muat_pemetaan, muat_privasi
    from analisis.bnba.tabel_triwulan import tulis_tabel_triwulan
    from analisis.bnba.triwulan import tabel_publik_teruji

    t0 = time.perf_counter()
    folder = keluaran or Path(f"keluaran_bnba_banding_{wilayah.strip()}")
    proyek = proyek_aktif()
    rencana = rencanakan(folder, not tanpa_daftar, kunci_samaran, proyek)
    privasi = muat_privasi(privasi_yaml, proyek=proyek)
    hasil = banding_triwulan(
        lama,
        baru,
        wilayah,
        desil_k=desil_k,
        tanggal_acuan_lama=tanggal_acuan_lama,
        tanggal_acuan_baru=tanggal_acuan_baru,
        aturan=muat_aturan(aturan_yaml, proyek=proyek),
        pemetaan=muat_pemetaan(pemetaan, proyek=proyek),
        memori=memori,
    )
    tabel = tabel_publik_teruji(hasil, privasi)
    meta = {
        "kode_wilayah": hasil.kode_wilayah,
        "nama_wilayah": hasil.nama_wilayah,
        "berkas_lama": hasil.berkas_lama,
        "berkas_baru": hasil.berkas_baru,
        "tanggal_acuan_lama": hasil.tanggal_acuan_lama.isoformat(),
        "tanggal_acuan_baru": hasil.tanggal_acuan_baru.isoformat(),
        "desil_k": hasil.desil_k,
        "sintetis": hasil.sintetis,
        "tidak_dapat_dicocokkan": hasil.tidak_dapat_dicocokkan,
        "dibuat": datetime.now().isoformat(timespec="seconds"),
        "privasi": {
            "n_minimum": privasi.n_minimum,
            "penanda": privasi.tanda,
            "k_anonimitas": privasi.k,
        },
    }
    # Everything computed and checked: now write (each file atomically).
    ditulis = terbitkan(tabel, rencana.folder_publik, meta)
    xlsx = tulis_tabel_triwulan(
        tabel, hasil, privasi, rencana.folder_publik / f"TABEL_TRIWULAN_{hasil.kode_wilayah}.xlsx"
    )
    ditulis += periksa_terbitan([xlsx])
    rahasia = []
    if not tanpa_daftar:
        rahasia.append(
            tulis_daftar_pergerakan(
                hasil,
                rencana.folder_rahasia / f"PERGERAKAN_RAHASIA_{hasil.kode_wilayah}.xlsx",
                rencana.garam,
            )
        )
    catatan = catat(
        rencana,
        "banding",
        hasil.kode_wilayah,
        hasil.nama_wilayah,
        [Path(lama), Path(baru)],
        rahasia,
        ditulis,
        [hasil.tanggal_acuan_lama.isoformat(), hasil.tanggal_acuan_baru.isoformat()],
        {"triwulan lalu": hasil.jumlah_baris["lama"], "triwulan ini": hasil.jumlah_baris["baru"]},
        hasil.sintetis,
        pelaksana,
        masa_simpan,
    )
    click.echo(_ringkasan(hasil, tabel["pergerakan_kabupaten"], privasi.n_minimum))
    click.echo("Keluaran:")
    for p in rahasia:
        click.echo(f"  RAHASIA (berisi NIK/nama, JANGAN dipublikasikan): {p}")
    click.echo(f"  Catatan UU PDP (pemrosesan, draf DPIA, retensi): {catatan[0].parent}")
    click.echo(
        f"  Publik (agregat, sel < {privasi.n_minimum} disembunyikan): {rencana.folder_publik}"
    )
    click.echo(f"  Tabel triwulan: {xlsx}")
    click.echo("  Pemindaian privasi keluaran publik: 0 temuan.")
    click.echo(f"Selesai dalam {angka(time.perf_counter() - t0, 1)} detik.")


def _ringkasan(hasil, kab, n_minimum: int) -> str:
    from analisis.bnba.banding import KATEGORI, LABEL_KATEGORI

    r = kab.iloc[0]
    baris = [
        f"Perkembangan triwulanan BNBA: {hasil.nama_wilayah} (BPS {hasil.kode_wilayah})"
        + ("  — DATA SINTETIS" if hasil.sintetis else ""),
        (
            f"Triwulan lalu: {hasil.berkas_lama} (acuan {hasil.tanggal_acuan_lama.isoformat()}, "
            f"{angka(hasil.jumlah_baris['lama'])} baris)"
        ),
        (
            f"Triwulan ini:  {hasil.berkas_baru} (acuan {hasil.tanggal_acuan_baru.isoformat()}, "
            f"{angka(hasil.jumlah_baris['baru'])} baris)"
        ),
        (
            f"Tidak dapat diikuti (NIK tidak valid/ganda): {angka(hasil.tidak_dapat_dicocokkan['lama'])} "
            f"baris triwulan lalu, {angka(hasil.tidak_dapat_dicocokkan['baru'])} baris triwulan ini"
        ),
        "",
        f"Pergerakan (kabupaten; sel < {n_minimum} disembunyikan):",
    ]
    for k in KATEGORI:
        label = LABEL_KATEGORI[k].format(k=hasil.desil_k)
        baris.append(
            f"  {label:<32} {angka(r[f'{k}_individu']):>10} jiwa {angka(r[f'{k}_keluarga']):>8} KK"
        )
    baris.append(
        f"  Cakupan program keluarga desil 1: triwulan lalu {angka(r['cakupan_desil1_lama'], 2)}%, "
        f"triwulan ini {angka(r['cakupan_desil1_baru'], 2)}%"
    )
    return "\n".join(baris) + "\n"
