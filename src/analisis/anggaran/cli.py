"""Command line: ``anggaran templat``, ``anggaran cek``, ``anggaran contoh``.

``anggaran`` is a :class:`click.Group`; the main ``analisis`` CLI mounts it with
``main.add_command(anggaran)``. It also runs on its own (``python -m analisis.anggaran.cli``).
Messages are Indonesian; numbers use Indonesian formatting (``Rp1.234.567``, ``4,65 persen``).
Exit code 1 on validation errors or bad arguments, 3 when an output cannot be written.
"""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

import click
import pandas as pd

from analisis.anggaran.baca import DataAnggaran, baca_anggaran
from analisis.anggaran.contoh import NAMA_CONTOH_BANJAR, NAMA_CONTOH_KALSEL, berkas_contoh
from analisis.anggaran.konfigurasi import TANPA_PENANDAAN, KonfigurasiAnggaran, muat_konfigurasi
from analisis.anggaran.metrik import (
    capaian_rat_keseluruhan,
    jumlah_per_penandaan,
    porsi_per_klaster,
    ringkasan_wilayah,
    skor_penandaan_wilayah,
)
from analisis.anggaran.templat import tulis_templat
from analisis.berkas import tulis_dengan
from analisis.galat import GalatAnalisis, GalatValidasi, format_masalah
from analisis.laporan.format import persen, rupiah
from analisis.proyek import proyek_aktif

#: Above this many region-years, ``cek`` prints one compact line per region-year.
_BATAS_RINCI = 3


def _gagal(ctx: click.Context, pesan: str, kode: int = 1) -> None:
    click.echo(pesan, err=True)
    ctx.exit(kode)


def _konfigurasi(path: Path | None) -> KonfigurasiAnggaran:
    """``path``, else the cluster configuration of this command line's project
    (``analisis --folder-params … anggaran …``)."""
    return muat_konfigurasi(path) if path is not None else muat_konfigurasi(proyek=proyek_aktif())


_BANTUAN = "Tampilkan bantuan ini lalu keluar."


@click.group(name="anggaran")
@click.help_option("--help", "-h", help=_BANTUAN)
def anggaran() -> None:
    """Anggaran penanggulangan kemiskinan dan rencana aksi tahunan (RAT).

    Buat templat isian, periksa berkas isian, atau salin berkas contoh.
    """


@anggaran.command("templat")
@click.help_option("--help", "-h", help=_BANTUAN)
@click.option(
    "--wilayah", metavar="KODE", help="Wajib. Kode wilayah BPS kabupaten/kota, mis. 6303 (Banjar)."
)
@click.option("--tahun", metavar="TAHUN", help="Wajib. Tahun anggaran, mis. 2024.")
@click.option(
    "--keluaran",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    metavar="FOLDER",
    help="Folder tujuan, dibuat bila belum ada (bawaan: folder kerja).",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(["semua", "xlsx", "csv"]),
    default="semua",
    help="xlsx, csv (tiga tabel), atau semua (bawaan).",
)
@click.option("--timpa", is_flag=True, help="Timpa berkas yang sudah ada.")
@click.option(
    "--konfigurasi",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="YAML",
    help="Berkas klaster.yaml lain (bawaan: params/anggaran/klaster.yaml).",
)
@click.pass_context
def templat(
    ctx: click.Context,
    wilayah: str | None,
    tahun: str | None,
    keluaran: Path,
    format_: str,
    timpa: bool,
    konfigurasi: Path | None,
) -> None:
    """Tulis templat isian anggaran (XLSX dan/atau CSV) untuk satu wilayah dan tahun.

    Contoh: anggaran templat --wilayah 6303 --tahun 2024 --keluaran isian/
    """
    kurang = [o for o, v in (("--wilayah", wilayah), ("--tahun", tahun)) if v is None]
    if kurang:
        _gagal(
            ctx,
            f"Galat: opsi {' dan '.join(kurang)} wajib diisi, mis. "
            "anggaran templat --wilayah 6303 --tahun 2024",
        )
        return
    assert wilayah is not None and tahun is not None  # both checked just above
    try:
        hasil = tulis_templat(
            wilayah,
            tahun,
            keluaran,
            format=format_,
            konfigurasi=_konfigurasi(konfigurasi),
            timpa=timpa,
        )
    except GalatAnalisis as e:
        _gagal(ctx, f"Galat: {e}", e.kode_keluar)
        return
    click.echo("Templat ditulis:")
    for p in hasil:
        click.echo(f"  {p}")
    click.echo(
        "Isi lembar Ringkasan dan Anggaran (opsional: RAT), lalu periksa dengan "
        "'anggaran cek BERKAS'."
    )


def _baris_rinci(data: DataAnggaran, kode: str, th: int, ring: pd.Series) -> list[str]:
    konf = data.konfigurasi
    df = data.anggaran[(data.anggaran["kode_wilayah"] == kode) & (data.anggaran["tahun"] == th)]
    b: list[str] = [f"{ring['wilayah']} ({kode}), tahun {th}"]
    b.append(f"  Baris anggaran      : {len(df)} sub-kegiatan dari {df['opd'].nunique()} OPD")
    real = (
        f"realisasi {rupiah(ring['realisasi_kemiskinan'])} = "
        f"{persen(ring['realisasi_anggaran'])} dari pagu yang telah melapor"
        if not pd.isna(ring["realisasi_kemiskinan"])
        else "realisasi belum dilaporkan"
    )
    b.append(f"  Anggaran kemiskinan : pagu {rupiah(ring['pagu_kemiskinan'])}; {real}")
    if int(ring["baris_terlapor"]) < int(ring["jumlah_baris"]):
        b.append(
            f"                        (realisasi dilaporkan {int(ring['baris_terlapor'])} "
            f"dari {int(ring['jumlah_baris'])} baris)"
        )
    if pd.isna(ring["belanja_daerah"]):
        b.append("  Belanja daerah      : tidak diisi; porsi APBD tidak dapat dihitung")
    else:
        b.append(
            f"  Belanja daerah      : {rupiah(ring['belanja_daerah'])}; porsi anggaran "
            f"kemiskinan {persen(ring['porsi_anggaran_kemiskinan'])}"
        )
    b.append("  Per klaster (pagu)  :")
    kl = porsi_per_klaster(df, "pagu", konf)
    for _, r in kl.iterrows():
        b.append(
            f"    {r['klaster']:<4} {r['nama_klaster']:<42} {rupiah(r['jumlah']):>22}  {persen(r['persen'])}"
        )
    dasar = "realisasi" if df["realisasi"].notna().any() else "pagu"
    tanda = jumlah_per_penandaan(df, dasar, konf).iloc[0]
    b.append(f"  Penandaan kemiskinan ekstrem ({dasar}):")
    for kode_p in [*konf.kode_penandaan, TANPA_PENANDAAN]:
        b.append(f"    {konf.nama_penandaan(kode_p):<18} {rupiah(tanda[kode_p]):>22}")
    rat = data.rat[(data.rat["kode_wilayah"] == kode) & (data.rat["tahun"] == th)]
    if len(rat):
        c = capaian_rat_keseluruhan(rat).iloc[0]
        b.append(
            f"  RAT                 : {int(c['jumlah_kegiatan'])} kegiatan, "
            f"{int(c['kegiatan_terlapor'])} melaporkan capaian; rata-rata capaian "
            f"{persen(c['rata_rata_capaian'])} (maks. 100 per kegiatan), "
            f"{persen(c['persen_tercapai'])} kegiatan mencapai target"
        )
    return b


def _tabel_ringkas(data: DataAnggaran, ring: pd.DataFrame) -> list[str]:
    b = [
        (
            f"{'Kode':<5} {'Wilayah':<22} {'Tahun':<5} {'Pagu kemiskinan':>22} {'Porsi APBD':>16} "
            f"{'Realisasi':>16} {'Skor penandaan':>15}"
        )
    ]
    skor: dict[tuple[str, int], float] = {}
    for th in sorted(ring["tahun"].unique()):
        s = skor_penandaan_wilayah(data, int(th))
        skor.update({(k, int(th)): v for k, v in zip(s["kode_wilayah"], s["skor_penandaan"])})
    for _, r in ring.iterrows():
        nilai = skor.get((r["kode_wilayah"], int(r["tahun"])), float("nan"))
        teks_skor = "–" if pd.isna(nilai) else persen(nilai, 1).replace(" persen", "")
        b.append(
            f"{r['kode_wilayah']:<5} {r['wilayah'][:22]:<22} {int(r['tahun']):<5} "
            f"{rupiah(r['pagu_kemiskinan']):>22} {persen(r['porsi_anggaran_kemiskinan']):>16} "
            f"{persen(r['realisasi_anggaran']):>16} {teks_skor:>15}"
        )
    b.append(
        "Skor penandaan: T = 0,5·langsung + 0,3·tidak langsung + 0,2·penunjang (realisasi, "
        "porsi dari realisasi belanja daerah), distandarkan T/T maks × 100 antarwilayah "
        "satu provinsi dalam berkas ini."
    )
    return b


@anggaran.command("cek")
@click.help_option("--help", "-h", help=_BANTUAN)
@click.argument("berkas", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--ringkasan",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="CSV",
    help="CSV ringkasan (bawaan: dicari di samping BERKAS, 'anggaran' → 'ringkasan').",
)
@click.option(
    "--rat",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="CSV",
    help="CSV RAT (bawaan: dicari di samping BERKAS, 'anggaran' → 'rat').",
)
@click.option(
    "--wilayah", metavar="KODE", help="Kode wilayah BPS yang diharapkan; wilayah lain = galat."
)
@click.option("--tahun", metavar="TAHUN", help="Tahun yang diharapkan; tahun lain = galat.")
@click.option(
    "--konfigurasi",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="YAML",
    help="Berkas klaster.yaml lain (bawaan: params/anggaran/klaster.yaml).",
)
@click.pass_context
def cek(
    ctx: click.Context,
    berkas: Path,
    ringkasan: Path | None,
    rat: Path | None,
    wilayah: str | None,
    tahun: str | None,
    konfigurasi: Path | None,
) -> None:
    """Periksa berkas isian anggaran (XLSX atau CSV) dan tampilkan ringkasannya.

    Semua masalah dilaporkan sekaligus dengan lembar, baris dan kolomnya. Keluar dengan kode 1
    bila ada galat; peringatan tidak menggagalkan pemeriksaan.
    """
    try:
        data = baca_anggaran(
            berkas,
            ringkasan=ringkasan,
            rat=rat,
            wilayah=wilayah,
            tahun=tahun,
            konfigurasi=_konfigurasi(konfigurasi),
        )
    except GalatValidasi as e:
        _gagal(ctx, str(e))
        return
    except GalatAnalisis as e:
        _gagal(ctx, f"Galat: {e}", e.kode_keluar)
        return
    n_p = len(data.peringatan)
    click.echo(f"Pemeriksaan {berkas.name}: LOLOS, 0 galat, {n_p} peringatan.")
    if len(data.berkas) > 1:
        click.echo("Berkas dibaca: " + ", ".join(data.berkas))
    if data.contoh:
        click.echo(
            "CATATAN: berkas bertanda CONTOH — data fiktif untuk demonstrasi; jangan dikutip."
        )
    click.echo("")
    ring = ringkasan_wilayah(data)
    if len(ring) <= _BATAS_RINCI:
        for _, r in ring.iterrows():
            for baris in _baris_rinci(data, r["kode_wilayah"], int(r["tahun"]), r):
                click.echo(baris)
            click.echo("")
    else:
        for baris in _tabel_ringkas(data, ring):
            click.echo(baris)
        click.echo("")
    if n_p:
        click.echo(format_masalah(data.peringatan, judul=f"Peringatan ({n_p}):"))


@anggaran.command("contoh")
@click.help_option("--help", "-h", help=_BANTUAN)
@click.option(
    "--keluaran",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    metavar="FOLDER",
    help="Folder tujuan (bawaan: folder kerja).",
)
@click.option("--timpa", is_flag=True, help="Timpa berkas yang sudah ada.")
@click.pass_context
def contoh(ctx: click.Context, keluaran: Path, timpa: bool) -> None:
    """Salin berkas contoh (data fiktif): Banjar 2022–2024 dan 13 kab/kota Kalsel 2024."""
    sumber = [berkas_contoh(n, "xlsx") for n in (NAMA_CONTOH_BANJAR, NAMA_CONTOH_KALSEL)]
    sumber += [
        berkas_contoh(n.replace("anggaran", t), "csv")
        for n in (NAMA_CONTOH_BANJAR, NAMA_CONTOH_KALSEL)
        for t in ("anggaran", "ringkasan", "rat")
    ]
    ada = [keluaran / p.name for p in sumber if (keluaran / p.name).exists()]
    if ada and not timpa:
        _gagal(
            ctx,
            "Galat: berkas sudah ada dan tidak ditimpa: "
            + ", ".join(map(str, ada))
            + ". Pakai --timpa.",
        )
        return
    click.echo("Berkas contoh (CONTOH — data fiktif untuk demonstrasi) disalin:")
    for p in sumber:
        tujuan = tulis_dengan(keluaran / p.name, partial(_salin, p))
        click.echo(f"  {tujuan}")


def _salin(asal: Path, tujuan: Path) -> None:
    shutil.copyfile(asal, tujuan)


if __name__ == "__main__":  # pragma: no cover
    anggaran()
