"""Command ``analisis dokumen``: the evaluation and ranking as editable Word documents.

::

    analisis dokumen --wilayah 6303 --tahun 2024            # dokumen/6303.docx
    analisis dokumen --provinsi 63 --tahun 2024             # bundle + one per region
    analisis dokumen --wilayah 6303 --tahun 2024 --ringkas  # one-page overview
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from analisis.galat import GalatAnalisis
from analisis.teks import angka_id


@click.command(
    name="dokumen",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    options_metavar="[OPSI]",
)
@click.option(
    "--wilayah", "kode_wilayah", metavar="KODE", help="Kode BPS kabupaten/kota (mis. 6303)."
)
@click.option("--provinsi", metavar="KODE", help="Kode BPS provinsi (mis. 63): bundel provinsi.")
@click.option("--tahun", type=int, required=True, help="Tahun evaluasi.")
@click.option(
    "--ringkas",
    is_flag=True,
    help="Tulis ringkasan satu halaman per kabupaten/kota (bahan Rakor), bukan bab lengkap.",
)
@click.option(
    "--keluaran",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder laporan (bawaan: reports/ di folder proyek; variabel ANALISIS_LAPORAN).",
)
@click.pass_obj
def dokumen(
    proyek,
    kode_wilayah: str | None,
    provinsi: str | None,
    tahun: int,
    ringkas: bool,
    keluaran: Path | None,
) -> None:
    """Tulis bab evaluasi kabupaten/kota dan peringkat provinsi sebagai dokumen Word (.docx)
    yang dapat disunting, dari hasil 'analisis jalankan' atau 'analisis evaluasi'. Tampilan
    mengikuti templat params/templat/laporan.docx."""
    from analisis.data.wilayah import kode_provinsi_baku, provinsi_dari_wilayah
    from analisis.dokumen.sumber import kabkota_provinsi
    from analisis.dokumen.tulis import Penyusun
    from analisis.evaluasi.jalankan import periksa_kabkota

    if bool(kode_wilayah) == bool(provinsi):
        raise GalatAnalisis(
            "Pilih salah satu: --wilayah KODE (satu kabupaten/kota) atau --provinsi KODE "
            "(bundel provinsi).",
            2,
        )
    proyek = proyek.dengan(laporan=keluaran)
    if kode_wilayah:
        kode = periksa_kabkota(kode_wilayah)
        ft = proyek.tata_letak.tahun(provinsi_dari_wilayah(kode), tahun)
    else:
        ft = proyek.tata_letak.tahun(kode_provinsi_baku(provinsi), tahun)
    mulai = time.perf_counter()
    with Penyusun.untuk(proyek) as penyusun:
        if penyusun.templat.peringatan:
            click.echo(f"PERINGATAN: {penyusun.templat.peringatan}", err=True)
        if ringkas:
            daftar = [kode] if kode_wilayah else kabkota_provinsi(ft.kode_provinsi)
            ditulis = penyusun.tulis_ringkas(ft, daftar)
        elif kode_wilayah:
            ditulis = [penyusun.tulis_wilayah(ft, kode)]
        else:
            ditulis = penyusun.tulis_provinsi(ft)
    detik = time.perf_counter() - mulai
    click.echo(
        f"{angka_id(len(ditulis))} dokumen Word ditulis dalam {angka_id(round(detik, 1))} detik "
        f"({angka_id(penyusun.pelukis.jumlah_digambar)} grafik; templat: {penyusun.templat.sumber}):"
    )
    for p in ditulis:
        click.echo(f"  {_tampil(p)}")


def _tampil(p: Path) -> str:
    """A written file for the console: relative to the working folder when inside it."""
    import os

    return os.path.relpath(p) if p.resolve().is_relative_to(Path.cwd().resolve()) else str(p)
