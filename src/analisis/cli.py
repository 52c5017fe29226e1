"""Command line: ``analisis`` (all texts in Bahasa Indonesia).

Exit codes (also in the README):

- 0 berhasil;
- 1 data tidak valid (pemeriksaan menemukan galat; tidak ada yang ditulis);
- 2 penggunaan salah (perintah, opsi atau argumen);
- 3 berkas atau jaringan tidak dapat dibaca;
- 4 impor selesai, tetapi ada konflik yang tidak diterapkan (lihat ``--timpa``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from analisis import klik_id
from analisis.galat import GalatAnalisis, format_masalah
from analisis.teks import angka_id

klik_id.pasang()

KELUAR_KONFLIK = 4


def _konsol(stderr: bool = False) -> Console:
    c = Console(stderr=stderr, soft_wrap=False, highlight=False)
    if not c.is_terminal:
        c = Console(stderr=stderr, soft_wrap=False, highlight=False, width=200)
    return c


class PerintahAnalisis(click.Command):
    """A click command with Indonesian usage placeholders."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[OPSI]")
        super().__init__(*args, **kwargs)


class GrupAnalisis(click.Group):
    """A click group that turns our errors into Indonesian messages and exit codes."""

    command_class = PerintahAnalisis
    group_class = type

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[OPSI]")
        kwargs.setdefault("subcommand_metavar", "PERINTAH [ARGUMEN]...")
        super().__init__(*args, **kwargs)
        #: Subcommands loaded on first use: name → ``"module:attribute"`` (click's documented
        #: lazy-loading pattern: :meth:`list_commands` and :meth:`get_command`). A module that
        #: fails to import fails loudly when its command is used or listed, never hides.
        self.malas: dict[str, str] = {}

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except GalatAnalisis as e:
            click.echo(str(e), err=True)
            ctx.exit(e.kode_keluar)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.malas})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.malas and cmd_name not in self.commands:
            import importlib

            modul, atribut = self.malas[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(modul), atribut), cmd_name)
        return super().get_command(ctx, cmd_name)


KONTEKS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=GrupAnalisis, context_settings=KONTEKS)
@click.version_option(package_name="analisis", prog_name="analisis")
@click.option(
    "--penyimpanan",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder penyimpanan data impor (bawaan: folder data pengguna; variabel ANALISIS_PENYIMPANAN).",
)
@click.option(
    "--folder-params",
    "folder_params",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder parameter (bawaan: params/ di folder proyek; variabel ANALISIS_PARAMS).",
)
@click.pass_context
def utama(ctx: click.Context, penyimpanan: Path | None, folder_params: Path | None) -> None:
    """Buku kerja analisis penanggulangan kemiskinan daerah (TKPK).

    \b
    Kode keluar: 0 berhasil; 1 data tidak valid; 2 penggunaan salah;
    3 berkas/jaringan tidak dapat dibaca; 4 impor dengan konflik yang tidak diterapkan.
    """
    from analisis.proyek import Proyek

    # The project's folders, resolved once (option, environment variable, default) and passed
    # to every command explicitly.
    ctx.obj = Proyek.muat(params=folder_params, penyimpanan=penyimpanan)


def pass_penyimpanan(f):
    """Pass the project's import store (:class:`~analisis.data.penyimpanan.Penyimpanan`) as the
    command's first argument."""
    import functools

    @click.pass_obj
    @functools.wraps(f)
    def bungkus(proyek, *args, **kwargs):
        from analisis.data.penyimpanan import Penyimpanan

        return f(Penyimpanan(proyek.penyimpanan), *args, **kwargs)

    return bungkus


@utama.group(cls=GrupAnalisis, context_settings=KONTEKS)
def data() -> None:
    """Data statistik: cakupan, pemeriksaan dan impor."""


def _opsi_impor(f):
    opsi = [
        click.option(
            "--indikator",
            metavar="KODE",
            help="Kode indikator bila tidak dapat dikenali dari judul tabel (mis. p0).",
        ),
        click.option(
            "--periode",
            type=click.Choice(["Maret", "September", "Agustus", "tahunan"]),
            help="Periode data bila tidak tertulis di tabel.",
        ),
        click.option(
            "--desimal",
            type=click.Choice(["otomatis", "koma", "titik"]),
            default="otomatis",
            show_default=True,
            help="Pemisah desimal di berkas.",
        ),
        click.option(
            "--lembar",
            metavar="NAMA",
            help="Nama lembar (sheet) XLSX yang dibaca; bawaan: semua lembar.",
        ),
        click.option(
            "--kualitas",
            type=click.Choice(["A", "B", "C"]),
            help="Mutu data (A: tabel BPS utuh; B: kompilasi terperiksa; C: kutipan). Bawaan untuk tabel BPS dan WebAPI: A.",
        ),
        click.option(
            "--sumber", metavar="TEKS", help="Keterangan sumber yang dicatat untuk setiap nilai."
        ),
    ]
    for o in reversed(opsi):
        f = o(f)
    return f


def _opsi_dict(**kw) -> dict:
    return {
        k: v
        for k, v in kw.items()
        if k in ("indikator", "periode", "desimal", "lembar", "kualitas", "sumber")
    }


def _cetak_rencana(konsol: Console, rencana, diterapkan: bool) -> None:
    kata = "ditambahkan" if diterapkan else "akan ditambahkan"
    konsol.print(f"Nilai baru {kata}: {len(rencana.ditambah)}")
    konsol.print(f"Nilai {'diubah' if diterapkan else 'akan diubah'}: {len(rencana.diubah)}")
    for r in rencana.diubah.head(30).itertuples():
        konsol.print(
            f"  {r.indikator} {r.kode_wilayah} {r.tahun} ({r.periode}): {angka_id(r.nilai_lama)} → {angka_id(r.nilai)}"
        )
    if len(rencana.diubah) > 30:
        konsol.print(f"  … dan {len(rencana.diubah) - 30} lainnya")
    konsol.print(f"Nilai sama dengan data yang ada: {rencana.sama}")
    if not rencana.konflik.empty:
        sikap = (
            "ditimpa (--timpa)"
            if rencana.timpa
            else "TIDAK diterapkan; gunakan --timpa untuk menimpa"
        )
        konsol.print(f"Konflik (nilai lama bermutu lebih baik), {sikap}: {len(rencana.konflik)}")
        for r in rencana.konflik.head(30).itertuples():
            konsol.print(
                f"  {r.indikator} {r.kode_wilayah} {r.tahun}: data {angka_id(r.nilai_lama)} (mutu {r.kualitas_lama}) "
                f"vs berkas {angka_id(r.nilai)} (mutu {r.kualitas})"
            )
    for i in rencana.info:
        konsol.print(f"Info: {i}")
    if rencana.peringatan:
        konsol.print(format_masalah(rencana.peringatan, judul="Peringatan:"))


@data.command("cek", context_settings=KONTEKS)
@click.argument("berkas", nargs=-1, required=True, type=click.Path(path_type=Path))
@_opsi_impor
@pass_penyimpanan
def data_cek(penyimpanan, berkas: tuple[Path, ...], **opsi) -> None:
    """Periksa BERKAS (CSV, XLSX tabel BPS, atau JSON WebAPI BPS) tanpa menyimpan apa pun."""
    from analisis.data.model import Basisdata
    from analisis.data.operasi import rencanakan

    basis = Basisdata.muat(penyimpanan)
    rencana = rencanakan(list(berkas), basis, **_opsi_dict(**opsi))
    konsol = _konsol()
    konsol.print(
        f"Berkas valid: {', '.join(b.name for b in berkas)}. Tidak ada yang disimpan (perintah cek)."
    )
    _cetak_rencana(konsol, rencana, diterapkan=False)


def _tunggu_impor_lain() -> None:
    """Said once when another import holds the store (this one waits for it)."""
    click.echo("Penyimpanan sedang dipakai impor lain; menunggu sampai selesai…", err=True)


@data.command("impor", context_settings=KONTEKS)
@click.argument("berkas", nargs=-1, required=True, type=click.Path(path_type=Path))
@_opsi_impor
@click.option(
    "--timpa",
    is_flag=True,
    help="Terapkan juga nilai yang berkonflik dengan data bermutu lebih baik.",
)
@pass_penyimpanan
def data_impor(penyimpanan, berkas: tuple[Path, ...], timpa: bool, **opsi) -> None:
    """Periksa lalu gabungkan BERKAS ke penyimpanan data (semua berkas valid, atau tidak ada yang disimpan)."""
    from analisis.data.operasi import impor

    rencana, n = impor(
        list(berkas),
        penyimpanan,
        timpa=timpa,
        saat_menunggu=_tunggu_impor_lain,
        **_opsi_dict(**opsi),
    )
    konsol = _konsol()
    konsol.print(f"Impor selesai: {n} nilai disimpan di {penyimpanan.folder}.")
    _cetak_rencana(konsol, rencana, diterapkan=True)
    if not rencana.konflik.empty and not timpa:
        sys.exit(KELUAR_KONFLIK)


@data.command("ambil", context_settings=KONTEKS)
@click.option(
    "--domain",
    required=True,
    help="Domain BPS (0000 nasional, 6300 Kalimantan Selatan, 6303 Banjar …).",
)
@click.option(
    "--var",
    "variabel",
    required=True,
    help="Nomor variabel tabel dinamis BPS (mis. 103 untuk P0 kab/kota).",
)
@click.option("--th", help="Kode tahun WebAPI (opsional; mis. 124 untuk 2024).")
@click.option(
    "--token",
    envvar="BPS_TOKEN",
    help="Token WebAPI BPS (atau variabel lingkungan BPS_TOKEN). Tidak disimpan.",
)
@click.option("--indikator", help="Kode indikator bila tidak dapat dikenali dari nama variabel.")
@click.option(
    "--impor/--hanya-unduh",
    "langsung_impor",
    default=True,
    help="Langsung impor setelah diunduh (bawaan) atau hanya simpan respons.",
)
@pass_penyimpanan
def data_ambil(
    penyimpanan,
    domain: str,
    variabel: str,
    th: str | None,
    token: str | None,
    indikator: str | None,
    langsung_impor: bool,
) -> None:
    """Ambil tabel dinamis dari WebAPI BPS (perlu token dan jaringan), simpan, lalu impor."""
    from analisis.data.impor.webapi import ambil_webapi
    from analisis.data.operasi import impor

    berkas = ambil_webapi(domain, variabel, token or "", penyimpanan.folder / "unduhan", th=th)
    konsol = _konsol()
    konsol.print(f"Respons WebAPI disimpan: {berkas}")
    if langsung_impor:
        rencana, n = impor(
            [berkas], penyimpanan, saat_menunggu=_tunggu_impor_lain, indikator=indikator
        )
        konsol.print(f"Impor selesai: {n} nilai disimpan.")
        _cetak_rencana(konsol, rencana, diterapkan=True)


@data.command("lengkapi", context_settings=KONTEKS)
@click.option(
    "--provinsi", required=True, metavar="KODE", help="Kode BPS provinsi (61–65, mis. 63)."
)
@click.option(
    "--tahun",
    "rentang",
    metavar="AWAL-AKHIR",
    help="Tahun yang diperiksa (mis. 2015-2025 atau 2023; bawaan: semua tahun data bawaan).",
)
@click.option(
    "--indikator",
    multiple=True,
    metavar="KODE",
    help="Indikator (boleh berulang; bawaan: seri evaluasi di berkas parameter provinsi).",
)
@click.option(
    "--token",
    envvar="BPS_TOKEN",
    help="Token WebAPI BPS (atau BPS_TOKEN): ambil semua sel kosong sekaligus. Tidak disimpan.",
)
@click.option(
    "--format",
    "bentuk",
    type=click.Choice(["teks", "csv"]),
    default="teks",
    show_default=True,
    help="csv: satu baris per sel kosong (hanya daftar).",
)
@click.option("--timpa", is_flag=True, help="Terapkan juga nilai yang berkonflik.")
@click.option(
    "--jeda",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Jeda minimum antarpermintaan WebAPI (detik).",
)
@click.pass_obj
def data_lengkapi(
    proyek,
    provinsi: str,
    rentang: str | None,
    indikator: tuple[str, ...],
    token: str | None,
    bentuk: str,
    timpa: bool,
    jeda: float,
) -> None:
    """Daftar sel kosong yang dipakai evaluasi (kab/kota, provinsi, Indonesia × tahun ×
    indikator) dengan tabel BPS untuk diunduh manual; dengan token, ambil semuanya dari
    WebAPI BPS, periksa, lalu impor (dapat dilanjutkan bila terputus)."""
    from analisis.data import lengkapi as lk
    from analisis.data.celah import rentang_tahun
    from analisis.data.katalog import muat_katalog
    from analisis.data.model import Basisdata
    from analisis.data.penyimpanan import Penyimpanan
    from analisis.data.wilayah import kode_provinsi_baku, nama_wilayah
    from analisis.evaluasi.params import muat_params

    kp = kode_provinsi_baku(provinsi)
    penyimpanan = Penyimpanan(proyek.penyimpanan)
    basis = Basisdata.muat(penyimpanan)
    tahun = (
        rentang_tahun(rentang)
        if rentang
        else list(range(int(basis.tabel["tahun"].min()), int(basis.tabel["tahun"].max()) + 1))
    )
    pilih = list(indikator) or list(muat_params(provinsi=kp, proyek=proyek).indikator_tren)
    asing = [i for i in pilih if i not in muat_katalog()]
    if asing:
        raise GalatAnalisis(
            f"Indikator tidak dikenal: {', '.join(asing)}. Lihat 'analisis data indikator'.", 2
        )
    if bentuk == "csv" and token:
        raise GalatAnalisis("--format csv hanya mencetak daftar; jalankan tanpa --token.", 2)
    celah = lk.celah_provinsi(basis, kp, tahun, pilih)
    if bentuk == "csv":
        import pandas as pd

        click.echo(pd.DataFrame(lk.tabel_celah(celah), columns=lk.KOLOM_CSV).to_csv(index=False))
        return
    konsol = _konsol()
    lingkup = f"{nama_wilayah(kp)} (kabupaten/kota, provinsi, Indonesia), {tahun[0]}–{tahun[-1]}"
    nama_ind = ", ".join(muat_katalog()[i].nama for i in pilih)
    if not celah:
        konsol.print(f"Tidak ada sel kosong: {lingkup}; indikator {nama_ind}.")
        return
    konsol.print(f"Sel kosong {lingkup}; indikator {nama_ind}: {angka_id(len(celah))} sel.")
    for b in lk.baris_celah(celah):
        konsol.print(b, markup=False)
    if not token:
        konsol.print(
            "Unduh tabel di atas dari situs BPS lalu 'analisis data impor BERKAS…', atau ambil "
            f"semuanya sekaligus: {lk.perintah_lengkapi(kp, tahun[0], tahun[-1])} --token TOKEN "
            "(token gratis di webapi.bps.go.id).",
            markup=False,
        )
        return
    permintaan, tanpa_tabel = lk.rencana_permintaan(celah)
    folder = penyimpanan.folder / lk.FOLDER_UNDUHAN
    hasil = _ambil_dengan_progres(permintaan, token, folder, jeda)
    konsol.print(
        f"Respons WebAPI BPS: {hasil.diambil} diambil, {hasil.dari_simpanan} dari simpanan "
        f"sebelumnya; semuanya disimpan di {folder}."
    )
    wilayah = lk.wilayah_lengkapi(kp)
    kandidat = []
    for berkas in hasil.berkas:
        k = lk.kandidat_respons(berkas, wilayah)
        if k is None:
            konsol.print(f"  {berkas.name}: BPS belum menerbitkan data (tidak tersedia).")
        else:
            kandidat.append(k)
    if kandidat:
        from analisis.data.operasi import rencanakan_kandidat, terapkan

        rencana = rencanakan_kandidat(
            kandidat, basis, timpa=timpa, berkas=[k.berkas for k in kandidat]
        )
        n = terapkan(rencana, penyimpanan)
        konsol.print(f"Impor selesai: {n} nilai disimpan di {penyimpanan.folder}.")
        _cetak_rencana(konsol, rencana, diterapkan=True)
    sisa = lk.celah_provinsi(Basisdata.muat(penyimpanan), kp, tahun, pilih)
    konsol.print(
        f"Sel kosong tersisa: {angka_id(len(sisa))} dari {angka_id(len(celah))}"
        + (
            f" ({len(tanpa_tabel)} tanpa tabel WebAPI yang diketahui; unduh manual)."
            if tanpa_tabel
            else "."
        )
    )
    if kandidat and not rencana.konflik.empty and not timpa:
        sys.exit(KELUAR_KONFLIK)


def _ambil_dengan_progres(permintaan, token: str, folder: Path, jeda: float):
    """:func:`analisis.data.lengkapi.ambil_semua` with a progress bar on the terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from analisis.data import lengkapi as lk

    with Progress(
        TextColumn("Mengambil dari WebAPI BPS"),
        BarColumn(),
        MofNCompleteColumn(),
        console=_konsol(stderr=True),
        transient=True,
    ) as bilah:
        tugas = bilah.add_task("ambil", total=len(permintaan))
        return lk.ambil_semua(
            permintaan,
            token,
            folder,
            pembatas=lk.PembatasLaju(jeda),
            progres=lambda _p: bilah.advance(tugas),
        )


@data.command("info", context_settings=KONTEKS)
@click.option("--provinsi", help="Batasi ke satu provinsi (kode BPS 2 atau 4 digit, mis. 63).")
@click.option(
    "--indikator",
    "indikator",
    multiple=True,
    help="Indikator yang ditampilkan (boleh berulang). Bawaan: P0, jumlah, P1, P2, GK.",
)
@click.option("--semua-indikator", is_flag=True, help="Tampilkan semua indikator.")
@click.option(
    "--format",
    "bentuk",
    type=click.Choice(["teks", "csv", "json"]),
    default="teks",
    show_default=True,
)
@click.option(
    "--hanya-bawaan", is_flag=True, help="Abaikan data impor; tampilkan data bawaan saja."
)
@pass_penyimpanan
def data_info(
    penyimpanan,
    provinsi: str | None,
    indikator: tuple[str, ...],
    semua_indikator: bool,
    bentuk: str,
    hanya_bawaan: bool,
) -> None:
    """Cakupan data: wilayah × tahun × indikator per provinsi, dengan mutu data."""
    from analisis.data.cakupan import INDIKATOR_UTAMA, ringkasan, tabel_cakupan
    from analisis.data.katalog import muat_katalog
    from analisis.data.model import Basisdata

    basis = Basisdata.muat(penyimpanan, impor=not hanya_bawaan)
    katalog = muat_katalog()
    pilih = None if semua_indikator else (list(indikator) or INDIKATOR_UTAMA)
    tidak_dikenal = [i for i in (pilih or []) if i not in katalog]
    if tidak_dikenal:
        raise GalatAnalisis(
            f"Indikator tidak dikenal: {', '.join(tidak_dikenal)}. Lihat 'analisis data indikator'.",
            2,
        )
    if provinsi and str(provinsi)[:2] + "00" not in basis.wilayah.index:
        raise GalatAnalisis(
            f"Provinsi '{provinsi}' tidak dikenal; gunakan kode BPS (61, 62, 63, 64, 65).", 2
        )
    tabel = {
        t: tabel_cakupan(basis, indikator=pilih, provinsi=provinsi, tingkat=t)
        for t in ("kabkota", "provinsi", "nasional")
    }
    r = ringkasan(basis)
    if bentuk == "json":
        keluaran = {
            "ringkasan": r,
            **{f"cakupan_{t}": df.to_dict("records") for t, df in tabel.items()},
        }
        click.echo(json.dumps(keluaran, ensure_ascii=False, indent=1))
        return
    if bentuk == "csv":
        import pandas as pd

        gabung = pd.concat(
            [df.assign(tingkat=t) for t, df in tabel.items() if not df.empty], ignore_index=True
        )
        click.echo(gabung.to_csv(index=False), nl=False)
        return
    konsol = _konsol()
    mutu = ", ".join(f"{k}: {angka_id(v)}" for k, v in r["mutu"].items())
    konsol.print(
        f"[bold]Data:[/bold] {r['kabupaten'] + r['kota']} kabupaten/kota ({r['kabupaten']} kabupaten, {r['kota']} kota), "
        f"{r['provinsi']} provinsi, {'Indonesia' if r['nasional'] else 'tanpa angka nasional'}; "
        f"tahun {r['tahun_awal']}–{r['tahun_akhir']}; {r['indikator']} indikator; {angka_id(r['nilai'])} nilai (mutu {mutu}); "
        f"nilai impor pengguna: {angka_id(r['nilai_impor'])}."
    )
    konsol.print(
        "Sel = jumlah wilayah yang memiliki nilai; huruf dalam kurung = ada nilai bermutu B/C; – = tidak ada."
    )
    judul = {
        "kabkota": "Kabupaten/kota per provinsi",
        "provinsi": "Provinsi",
        "nasional": "Indonesia",
    }
    for t, df in tabel.items():
        if df.empty:
            continue
        tb = Table(title=judul[t], show_lines=False, header_style="bold")
        for c in df.columns:
            tb.add_column({"jumlah_kabkota": "kab/kota"}.get(c, c), no_wrap=True)
        for rec in df.itertuples(index=False):
            tb.add_row(*[str(v) for v in rec])
        konsol.print(tb)
    konsol.print(
        "Catatan data penting (seri IPM, Maret vs September, nilai janggal, konflik sumber): 'analisis data catatan'."
    )


@data.command("catatan", context_settings=KONTEKS)
@click.option("--indikator", multiple=True, help="Hanya catatan untuk indikator ini.")
@click.option("--wilayah", multiple=True, help="Hanya catatan untuk wilayah ini (kode BPS).")
def data_catatan(indikator: tuple[str, ...], wilayah: tuple[str, ...]) -> None:
    """Catatan (caveat) data bawaan yang harus diketahui sebelum memakai angkanya."""
    from analisis.data.cakupan import catatan_untuk

    konsol = _konsol()
    for c in catatan_untuk(list(indikator) or None, list(wilayah) or None):
        konsol.print(f"[bold]{c['judul']}[/bold]\n  {c['isi']}\n")


@data.command("asal", context_settings=KONTEKS)
@click.argument("kode_wilayah")
@click.argument("tahun", type=int)
@click.argument("indikator")
@click.option("--periode", help="Periode (bawaan: periode indikator).")
@pass_penyimpanan
def data_asal(
    penyimpanan, kode_wilayah: str, tahun: int, indikator: str, periode: str | None
) -> None:
    """Asal satu nilai: sumber, mutu, catatan (mis. 'analisis data asal 6303 2024 p0')."""
    from analisis.data.model import Basisdata

    basis = Basisdata.muat(penyimpanan)
    if indikator not in basis.katalog:
        raise GalatAnalisis(
            f"Indikator '{indikator}' tidak dikenal. Lihat 'analisis data indikator'.", 2
        )
    p = basis.provenans(kode_wilayah, tahun, indikator, periode)
    if p is None:
        raise GalatAnalisis(
            f"Tidak ada nilai {indikator} untuk wilayah {kode_wilayah} tahun {tahun}.", 1
        )
    konsol = _konsol()
    meta = basis.katalog[indikator]
    konsol.print(
        f"{meta.nama}, {basis.wilayah.at[kode_wilayah, 'wilayah']} ({kode_wilayah}), {tahun} ({p['periode']})"
    )
    konsol.print(f"  Nilai : {angka_id(p['nilai'])} {p['satuan']}")
    konsol.print(f"  Mutu  : {p['kualitas']}")
    konsol.print(f"  Sumber: {p['sumber']}")
    if p["catatan"]:
        konsol.print(f"  Catatan: {p['catatan']}")
    konsol.print(f"  Asal  : {'data bawaan' if p['asal'] == 'bundel' else p['asal']}")


@data.command("indikator", context_settings=KONTEKS)
def data_indikator() -> None:
    """Daftar indikator yang dikenal: kode, nama, satuan, periode, arah."""
    from analisis.data.katalog import muat_katalog

    tb = Table(header_style="bold")
    for k in ("kode", "nama", "satuan", "periode", "arah"):
        tb.add_column(k)
    arah = {-1: "turun = baik", 1: "naik = baik", 0: "–"}
    for i in muat_katalog().values():
        tb.add_row(i.kode, i.nama, i.satuan, i.periode, arah[i.arah])
    _konsol().print(tb)


@utama.command("evaluasi", context_settings=KONTEKS)
@click.option(
    "--wilayah",
    "kode_wilayah",
    required=True,
    metavar="KODE",
    help="Kode BPS kabupaten/kota (mis. 6303).",
)
@click.option("--tahun", type=int, required=True, help="Tahun evaluasi (angka Maret).")
@click.option("--tahun-awal", type=int, help="Awal periode analisis (bawaan: tahun − 5).")
@click.option(
    "--pembanding",
    type=click.Choice(["provinsi", "nasional"]),
    help="Pembanding (bawaan: sesuai berkas parameter).",
)
@click.option(
    "--params",
    "berkas_params",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Berkas parameter provinsi (bawaan: params/provinsi/<kode>_*.yaml).",
)
@click.option(
    "--keluaran",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder laporan (bawaan: reports/ di folder proyek; variabel ANALISIS_LAPORAN).",
)
@click.option("--hanya-bawaan", is_flag=True, help="Abaikan data impor; pakai data bawaan saja.")
@click.pass_obj
def evaluasi(
    proyek,
    kode_wilayah: str,
    tahun: int,
    tahun_awal: int | None,
    pembanding: str | None,
    berkas_params: Path | None,
    keluaran: Path | None,
    hanya_bawaan: bool,
) -> None:
    """Jalankan notebook evaluasi satu kabupaten/kota dan tulis laporan HTML serta hasil mesin-baca."""
    from analisis.data.wilayah import nama_wilayah, provinsi_dari_wilayah
    from analisis.evaluasi.jalankan import jalankan_evaluasi, periksa_kabkota
    from analisis.evaluasi.params import muat_params

    proyek = proyek.dengan(laporan=keluaran)
    kode_wilayah = periksa_kabkota(kode_wilayah)
    # Validate the parameter file before starting a kernel: a clear error, fast.
    muat_params(berkas_params, provinsi=provinsi_dari_wilayah(kode_wilayah), proyek=proyek)
    h = jalankan_evaluasi(
        kode_wilayah,
        tahun,
        proyek=proyek,
        tahun_awal=tahun_awal,
        pembanding=pembanding,
        berkas_params=berkas_params,
        hanya_data_bawaan=hanya_bawaan,
    )
    konsol = _konsol()
    konsol.print(
        f"Evaluasi {nama_wilayah(kode_wilayah)} ({kode_wilayah}) {tahun} selesai dalam "
        f"{angka_id(round(h.detik, 1))} detik."
    )
    konsol.print(f"  Laporan : {proyek.relatif(h.html)}")
    konsol.print(f"  Hasil   : {proyek.relatif(h.json)}")
    konsol.print(f"  Seri    : {proyek.relatif(h.nc)}")


@utama.command("ekspor", context_settings=KONTEKS)
@click.argument("notebook", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--html",
    "berkas_html",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tulis laporan ke berkas ini (bawaan: tempatnya di folder laporan, mis. "
    "reports/6300/2024/wilayah/6303.html).",
)
@click.option(
    "--keluaran",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder laporan (bawaan: parameter folder_laporan notebook, atau reports/ proyek).",
)
def ekspor(notebook: Path, berkas_html: Path | None, keluaran: Path | None) -> None:
    """Ubah notebook evaluasi atau peringkat yang sudah dijalankan (papermill atau JupyterLab)
    menjadi laporan HTML luring: tanpa sel kode, grafik tetap tampil tanpa internet."""
    from analisis.ekspor_notebook import NOTEBOOK_EVALUASI, ekspor_notebook

    h = ekspor_notebook(notebook, html=berkas_html, laporan=keluaran)
    jenis = "evaluasi" if h.jenis == NOTEBOOK_EVALUASI else "peringkat"
    tempat = os.path.relpath(h.html) if h.html.is_relative_to(Path.cwd()) else str(h.html)
    _konsol().print(
        f"Laporan {jenis} '{h.judul}' ditulis: {tempat} ({angka_id(h.grafik)} grafik, tanpa sel "
        "kode; buka langsung di peramban, tanpa internet)."
    )


@utama.command("jalankan", context_settings=KONTEKS)
@click.option(
    "--provinsi",
    required=True,
    metavar="KODE|semua",
    help="Kode BPS provinsi (61–65) atau 'semua' untuk seluruh Kalimantan.",
)
@click.option("--tahun", type=int, required=True, help="Tahun evaluasi.")
@click.option(
    "--wilayah",
    "wilayah",
    multiple=True,
    metavar="KODE",
    help="Hanya kabupaten/kota ini (boleh berulang).",
)
@click.option("--paksa", is_flag=True, help="Abaikan cache: jalankan ulang semua wilayah.")
@click.option(
    "--pekerja", type=click.IntRange(1, 64), help="Jumlah proses pekerja (bawaan: jumlah inti CPU)."
)
@click.option(
    "--dask",
    "dask_alamat",
    metavar="ALAMAT",
    help="Jalankan di klaster Dask yang sudah ada (mis. tcp://host:8786).",
)
@click.option(
    "--keluaran",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder laporan (bawaan: reports/ di folder proyek; variabel ANALISIS_LAPORAN).",
)
@click.option("--hanya-bawaan", is_flag=True, help="Abaikan data impor; pakai data bawaan saja.")
@click.option("--tanpa-progres", is_flag=True, help="Tanpa bilah kemajuan (mis. untuk log CI).")
@click.option(
    "--dokumen",
    "dengan_dokumen",
    is_flag=True,
    help="Tulis juga dokumen Word (bundel provinsi, bab setiap wilayah, ringkasan; dengan cache).",
)
@click.pass_obj
def jalankan(
    proyek,
    provinsi: str,
    tahun: int,
    wilayah: tuple[str, ...],
    paksa: bool,
    pekerja: int | None,
    dask_alamat: str | None,
    keluaran: Path | None,
    hanya_bawaan: bool,
    tanpa_progres: bool,
    dengan_dokumen: bool,
) -> None:
    """Jalankan evaluasi setiap kabupaten/kota (paralel, dengan cache), peringkat provinsi, dan situs statis."""
    from analisis.runner import cetak_ringkasan, jalankan_provinsi
    from analisis.runner.tahap import tahap_dengan_dokumen

    r = jalankan_provinsi(
        provinsi,
        tahun,
        wilayah=list(wilayah) or None,
        paksa=paksa,
        pekerja=pekerja,
        proyek=proyek.dengan(laporan=keluaran),
        hanya_data_bawaan=hanya_bawaan,
        dask_alamat=dask_alamat,
        progres=not tanpa_progres,
        tahap=tahap_dengan_dokumen() if dengan_dokumen else None,
    )
    cetak_ringkasan(r, _konsol())
    if r.gagal or any(t.status == "gagal" for t in r.tahap):
        sys.exit(1)


#: The command groups of the other modules: name → "module:attribute", imported when the command
#: is used or listed (``analisis --help``), not at every start. Their imports (python-docx,
#: openpyxl, DuckDB, Panel, ...) cost ~0.8 CPU-s, paid until now by every ``analisis`` command
#: and by every runner worker (``multiprocessing`` re-imports the main script, hence this module,
#: in each process it spawns).
SUBPERINTAH_MALAS = {
    "peringkat": "analisis.peringkat.cli:peringkat",
    "bnba": "analisis.bnba.cli:bnba",
    "anggaran": "analisis.anggaran.cli:anggaran",
    "sajikan": "analisis.aplikasi.cli:sajikan",
    "dokumen": "analisis.dokumen.cli:dokumen",
}
utama.malas.update(SUBPERINTAH_MALAS)


def main() -> None:
    """Console-script entry point."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    utama(prog_name="analisis")


if __name__ == "__main__":  # pragma: no cover
    main()
