"""Command group ``peringkat``: evaluator templates for the TKPK performance ranking.

Mounted by the main CLI as ``analisis peringkat …``; usable on its own for tests::

    peringkat templat --provinsi 63 --tahun 2024 --keluaran keluaran/
    peringkat cek-evaluator isian.xlsx --provinsi 63 --tahun 2024
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from analisis.galat import GalatAnalisis, GalatValidasi, format_masalah
from analisis.peringkat.kerangka import Kerangka, kerangka_bawaan, muat_kerangka
from analisis.peringkat.templat import baca_evaluator, kode_provinsi_baku, tulis_templat
from analisis.proyek import proyek_aktif

_OPSI_KERANGKA = click.option(
    "--kerangka",
    "berkas_kerangka",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Berkas YAML kerangka peringkat (bawaan: params/peringkat/kerangka_bawaan.yaml).",
)
_OPSI_PROVINSI = click.option(
    "--provinsi", required=True, help="Kode BPS provinsi (mis. 63 atau 6300) atau namanya."
)
_OPSI_TAHUN = click.option(
    "--tahun", required=True, type=click.IntRange(2000, 2100), help="Tahun penilaian, mis. 2024."
)


def _kerangka(path: Path | None) -> Kerangka:
    return muat_kerangka(path) if path is not None else kerangka_bawaan(proyek_aktif())


def _gagal(e: GalatAnalisis) -> None:
    """Print an Indonesian error (with the problem list) to stderr and exit with its code."""
    if isinstance(e, GalatValidasi):
        click.echo(format_masalah(e.masalah, judul=e.pesan), err=True)
    else:
        click.echo(f"GALAT: {e.pesan}", err=True)
    sys.exit(e.kode_keluar)


@click.group(
    name="peringkat",
    invoke_without_command=True,
    help="Peringkat kinerja TKPK kabupaten/kota. Tanpa subperintah: susun peringkat satu "
    "provinsi (mis. 'analisis peringkat --provinsi 63 --tahun 2024') dari hasil evaluasi wilayah, "
    "isian evaluator, anggaran dan ringkasan BNBA, lalu tulis laporan HTML dan hasil mesin-baca. "
    "Bobot kerangka bawaan BUKAN bobot resmi.",
)
@click.option("--provinsi", help="Kode BPS provinsi (2 atau 4 digit, mis. 63).")
@click.option("--tahun", type=int, help="Tahun penilaian.")
@click.option(
    "--keluaran",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder laporan berisi hasil evaluasi wilayah (bawaan: reports/ di folder proyek; "
    "variabel ANALISIS_LAPORAN).",
)
@click.option(
    "--kerangka",
    "berkas_kerangka",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Berkas kerangka YAML (bawaan: sesuai berkas parameter provinsi, biasanya "
    "params/peringkat/kerangka_bawaan.yaml).",
)
@click.option(
    "--evaluator",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Isian evaluator (CSV/XLSX); bawaan: sesuai berkas parameter provinsi.",
)
@click.option(
    "--anggaran",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Data anggaran (CSV/XLSX); bawaan: sesuai berkas parameter provinsi.",
)
@click.option(
    "--bnba",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Ringkasan kualitas data BNBA per wilayah (CSV); bawaan: sesuai berkas parameter provinsi.",
)
@click.option(
    "--iterasi",
    type=click.IntRange(100, 100_000),
    default=None,
    help="Jumlah simulasi Monte Carlo uji ketahanan (bawaan: robust.jumlah_iterasi kerangka).",
)
@click.option(
    "--benih",
    type=int,
    default=None,
    help="Benih acak, hasil dapat diulang (bawaan: robust.benih kerangka).",
)
@click.pass_context
def peringkat(
    ctx: click.Context,
    provinsi,
    tahun,
    keluaran,
    berkas_kerangka,
    evaluator,
    anggaran,
    bnba,
    iterasi,
    benih,
) -> None:
    if ctx.invoked_subcommand is not None:
        return
    if not provinsi or tahun is None:
        raise click.UsageError(
            "sebutkan --provinsi dan --tahun (mis. --provinsi 63 --tahun 2024), atau sebuah subperintah."
        )
    from analisis.peringkat.jalankan import jalankan_peringkat

    try:
        berkas = jalankan_peringkat(
            provinsi,
            tahun,
            proyek=proyek_aktif().dengan(laporan=keluaran),
            kerangka=berkas_kerangka,
            evaluator=evaluator,
            anggaran=anggaran,
            bnba=bnba,
            jumlah_iterasi=iterasi,
            benih=benih,
        )
    except GalatValidasi as e:
        click.echo(str(e), err=True)
        ctx.exit(1)
    except GalatAnalisis as e:
        click.echo(str(e), err=True)
        ctx.exit(e.kode_keluar)
    click.echo(f"Peringkat provinsi {provinsi} tahun {tahun} selesai.")
    for jenis, p in berkas.items():
        click.echo(f"  {jenis:<10}: {p}")


@peringkat.command(
    "templat",
    help="Tulis templat penilaian evaluator (XLSX dan CSV) berisi "
    "semua kabupaten/kota satu provinsi untuk satu tahun.",
)
@_OPSI_PROVINSI
@_OPSI_TAHUN
@click.option(
    "--keluaran",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder tujuan (dibuat bila belum ada).",
)
@_OPSI_KERANGKA
def templat(provinsi: str, tahun: int, keluaran: Path, berkas_kerangka: Path | None) -> None:
    try:
        k = _kerangka(berkas_kerangka)
        hasil = tulis_templat(provinsi, tahun, keluaran, k)
    except GalatAnalisis as e:
        _gagal(e)
        return
    kode = kode_provinsi_baku(provinsi)
    click.echo(f"Templat penilaian evaluator provinsi {kode} tahun {tahun} ditulis:")
    for p in (hasil.xlsx, hasil.csv):
        if p is not None:
            click.echo(f"  {p}")
    jumlah = len(k.indikator_evaluator())
    ctx = click.get_current_context()
    grup = ctx.parent.command_path if ctx.parent is not None else "peringkat"
    click.echo(
        f"Isi {jumlah} kolom indikator evaluator, lalu periksa dengan: "
        f"{grup} cek-evaluator BERKAS --provinsi {kode[:2]} --tahun {tahun}"
    )


@peringkat.command(
    "cek-evaluator",
    help="Periksa templat evaluator yang sudah diisi (CSV atau "
    "XLSX): kode/nama wilayah, baris ganda, provinsi, tahun, dan nilai setiap "
    "kolom. Semua masalah dilaporkan sekaligus; keluar dengan kode 1 bila ada "
    "galat.",
)
@click.argument("berkas", type=click.Path(dir_okay=False, path_type=Path))
@_OPSI_PROVINSI
@_OPSI_TAHUN
@_OPSI_KERANGKA
def cek_evaluator(berkas: Path, provinsi: str, tahun: int, berkas_kerangka: Path | None) -> None:
    try:
        k = _kerangka(berkas_kerangka)
        hasil = baca_evaluator(berkas, provinsi, tahun, k)
    except GalatAnalisis as e:
        _gagal(e)
        return
    n = len(hasil.data)
    click.echo(
        f"Berkas '{hasil.berkas}' valid: {n} kabupaten/kota, "
        f"{len(k.indikator_evaluator())} indikator evaluator, tahun {tahun}."
    )
    if hasil.peringatan:
        click.echo(
            format_masalah(hasil.peringatan, judul=f"{len(hasil.peringatan)} peringatan:"), err=True
        )
