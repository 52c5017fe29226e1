"""Command line ``bnba`` (a :class:`click.Group`; mounted under the main ``analisis`` CLI).

``bnba contoh`` writes a synthetic extract; ``bnba cek`` validates and checks an export and
writes the PRIVATE worklist plus the publishable aggregates. All texts are Indonesian; errors
go to stderr with exit code 1 (usage errors: click's exit code 2).
"""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import click

from analisis.bnba.cli_bantu import (
    KONTEKS,
    OPSI_ATURAN,
    OPSI_KUNCI_SAMARAN,
    OPSI_MASA_SIMPAN,
    OPSI_PELAKSANA,
    OPSI_PEMETAAN,
    OPSI_PRIVASI,
)
from analisis.bnba.cli_bantu import (
    angka as _angka,
)
from analisis.bnba.cli_bantu import (
    persen as _persen,
)
from analisis.bnba.cli_bantu import (
    tanggal as _tanggal,
)
from analisis.galat import GalatAnalisis, format_masalah
from analisis.proyek import proyek_aktif


class GrupBNBA(click.Group):
    """click group that prints our Indonesian errors to stderr and exits with code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except GalatAnalisis as e:
            click.echo(str(e), err=True)
            ctx.exit(getattr(e, "kode_keluar", 1) or 1)


@click.group(name="bnba", cls=GrupBNBA, context_settings=KONTEKS)
def bnba() -> None:
    """Data BNBA (DTKS/P3KE/DTSEN): data contoh sintetis, pemeriksaan verval, analisis sasaran.

    \b
    Keluaran publik hanya agregat (sel kecil disembunyikan menurut bnba/privasi.yaml di folder
    params proyek; bawaan: < 5 orang). Daftar kerja per orang
    (NIK, nama) ditulis terpisah sebagai berkas RAHASIA dan tidak boleh dipublikasikan.
    """


@bnba.command("contoh", context_settings=KONTEKS)
@click.option(
    "--wilayah",
    required=True,
    metavar="KODE",
    help="Kode BPS kabupaten/kota (mis. 6303 untuk Banjar).",
)
@click.option(
    "--jumlah",
    type=click.IntRange(min=50),
    default=100_000,
    show_default=True,
    help="Jumlah baris (orang).",
)
@click.option(
    "--keluaran",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder atau nama berkas tujuan (nama diberi tanda SINTETIS).",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Benih acak (seed sama → berkas sama)."
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(["parquet", "csv", "keduanya"]),
    default="parquet",
    show_default=True,
    help="Format berkas.",
)
@click.option(
    "--gaya",
    type=click.Choice(["kanonik", "ekspor"]),
    default="kanonik",
    show_default=True,
    help="Nama kolom kanonik, atau gaya ekspor DTKS (NIK, JNS_KEL, TGL_LAHIR …).",
)
@click.option(
    "--tanggal-acuan",
    callback=_tanggal,
    metavar="YYYY-MM-DD",
    help="Tanggal acuan umur (bawaan: hari ini).",
)
@click.option(
    "--baris-per-bagian",
    type=click.IntRange(min=1_000),
    metavar="N",
    help=(
        "Berkas besar dibuat dan ditulis per bagian N baris (keluarga utuh, benih turunan; "
        "bawaan: 1.000.000), sehingga memori tidak bergantung pada --jumlah."
    ),
)
@click.option(
    "--dua-triwulan",
    is_flag=True,
    help="Buat juga triwulan berikutnya (Parquet) dengan pergerakan tercatat, untuk 'bnba banding'.",
)
def contoh(
    wilayah: str,
    jumlah: int,
    keluaran: Path,
    seed: int,
    format_: Literal["parquet", "csv", "keduanya"],  # click.Choice above
    gaya: Literal["kanonik", "ekspor"],  # click.Choice above
    tanggal_acuan: date | None,
    baris_per_bagian: int | None,
    dua_triwulan: bool,
) -> None:
    """Buat data BNBA SINTETIS dengan cacat yang disisipkan dalam jumlah tercatat (manifest)."""
    if dua_triwulan and (format_ == "csv" or gaya != "kanonik"):
        raise click.BadParameter(
            "--dua-triwulan memerlukan --format parquet atau keduanya dan --gaya kanonik",
            param_hint="--dua-triwulan",
        )
    from analisis.bnba.sintetis import BARIS_PER_BAGIAN, buat_contoh

    t0 = time.perf_counter()
    m = buat_contoh(
        wilayah,
        jumlah,
        seed=seed,
        tujuan=keluaran,
        format=format_,
        tanggal_acuan=tanggal_acuan,
        gaya_kolom=gaya,
        baris_per_bagian=baris_per_bagian or BARIS_PER_BAGIAN,
    )
    detik = time.perf_counter() - t0
    click.echo(
        f"Data SINTETIS {m.nama_wilayah} (BPS {m.kode_wilayah}, Kemendagri {m.kode_kemendagri}) "
        f"dibuat dalam {_angka(detik, 1)} detik."
    )
    click.echo(
        f"Baris: {_angka(m.jumlah_baris)}; keluarga: {_angka(m.jumlah_keluarga)}; "
        f"kecamatan: {m.jumlah_kecamatan}; desa: {m.jumlah_desa}; tanggal acuan: {m.tanggal_acuan}"
        + (f"; ditulis dalam {_angka(m.jumlah_bagian)} bagian." if m.jumlah_bagian > 1 else ".")
    )
    for b in m.berkas:
        click.echo(f"Berkas: {b}")
        click.echo(f"Manifest: {b}.manifest.json")
    click.echo("Cacat yang disisipkan (jumlah baris yang harus ditandai pemeriksaan):")
    for k, v in m.harapan_bendera.items():
        click.echo(f"  {k:<22} {_angka(v):>12}")
    if dua_triwulan:
        from analisis.bnba.sintetis_triwulan import buat_triwulan_berikut

        parquet = next(b for b in m.berkas if b.endswith(".parquet"))
        mt = buat_triwulan_berikut(parquet, seed=seed + 1)
        click.echo(f"Triwulan berikut (tanggal acuan {mt.tanggal_acuan}): {mt.berkas_baru}")
        click.echo(f"Manifest pergerakan: {mt.berkas_baru}.manifest.json")
        for nama, gerak in mt.pergerakan.items():
            click.echo(
                f"  {nama:<22} {_angka(gerak['individu']):>8} jiwa "
                f"{_angka(gerak['keluarga']):>7} KK"
            )
    click.echo("Semua nama berasal dari daftar nama sintetis; data ini tidak mewakili siapa pun.")


def _baca_referensi(path: Path | None) -> list[str] | None:
    if path is None:
        return None
    import pandas as pd

    try:
        df = pd.read_csv(path, dtype=str)
    except (OSError, ValueError) as e:
        raise GalatAnalisis(
            f"Daftar referensi desa '{path.name}' tidak dapat dibaca ({e})."
        ) from None
    kolom = [c for c in df.columns if c.strip().lower() in ("kode_desa", "kode", "kd_desa")]
    if not kolom:
        raise GalatAnalisis(
            f"Daftar referensi desa '{path.name}' harus punya kolom 'kode_desa'. "
            f"Kolom yang ada: {', '.join(df.columns)}."
        )
    return [str(x) for x in df[kolom[0]].dropna()]


@bnba.command("cek", context_settings=KONTEKS)
@click.argument("berkas", type=click.Path(path_type=Path))
@click.option(
    "--wilayah", required=True, metavar="KODE", help="Kode BPS kabupaten/kota data ini (mis. 6303)."
)
@click.option(
    "--keluaran",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder keluaran (bawaan: keluaran_bnba_<KODE>).",
)
@click.option(
    "--tanggal-acuan",
    callback=_tanggal,
    metavar="YYYY-MM-DD",
    help="Tanggal acuan umur (bawaan: hari ini).",
)
@OPSI_PEMETAAN
@OPSI_ATURAN
@OPSI_PRIVASI
@click.option(
    "--desil-maks",
    type=click.IntRange(1, 10),
    help="Ganti ambang kelayakan semua program (desil ≤ N).",
)
@click.option(
    "--referensi-desa",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV daftar kode desa yang sah (kolom kode_desa).",
)
@click.option("--lembar", metavar="NAMA", help="Nama lembar XLSX (bawaan: lembar pertama).")
@click.option("--p0", type=float, help="P0 BPS (persen) untuk rekonsiliasi (bawaan: data bawaan).")
@click.option(
    "--penduduk", type=float, help="Jumlah penduduk untuk rekonsiliasi (bawaan: data bawaan)."
)
@click.option("--rse", type=float, help="RSE P0 (persen) untuk rentang 95% rekonsiliasi.")
@click.option("--tahun", type=int, help="Tahun P0 untuk rekonsiliasi (bawaan: tahun terakhir).")
@click.option(
    "--tanpa-daftar-kerja", is_flag=True, help="Jangan tulis daftar kerja RAHASIA (hanya agregat)."
)
@click.option("--memori", metavar="BATAS", help="Batas memori DuckDB, mis. 1500MB.")
@click.option(
    "--folder-sementara",
    type=click.Path(file_okay=False, path_type=Path),
    help=(
        "Folder tempat DuckDB menumpahkan data yang melebihi --memori (bawaan: .tmp di folder "
        "kerja). Berisi data pribadi selama pemeriksaan berjalan; dihapus setelahnya."
    ),
)
@OPSI_KUNCI_SAMARAN
@OPSI_PELAKSANA
@OPSI_MASA_SIMPAN
def cek(
    berkas: Path,
    wilayah: str,
    keluaran: Path | None,
    tanggal_acuan: date | None,
    pemetaan: Path | None,
    aturan_yaml: Path | None,
    privasi_yaml: Path | None,
    desil_maks: int | None,
    referensi_desa: Path | None,
    lembar: str | None,
    p0: float | None,
    penduduk: float | None,
    rse: float | None,
    tahun: int | None,
    tanpa_daftar_kerja: bool,
    memori: str | None,
    folder_sementara: Path | None,
    kunci_samaran: Path | None,
    pelaksana: str | None,
    masa_simpan: int,
) -> None:
    """Periksa BERKAS BNBA (CSV, XLSX, Parquet): verval per baris, skor kualitas desa, sasaran.

    \b
    Menulis ke folder keluaran:
      RAHASIA/DAFTAR_KERJA_RAHASIA_<KODE>.xlsx  baris bermasalah (NIK, nama) — JANGAN dipublikasikan
      RAHASIA/CATATAN_PEMROSESAN_*, DPIA_DRAF_*, CATATAN_RETENSI_*  catatan UU PDP (tanpa data pribadi)
      publik/*.csv, publik/ringkasan_publik.json  agregat dengan supresi sel kecil
      ringkasan_cek.txt                           ringkasan yang juga dicetak di layar
    Tidak ada yang ditulis bila berkas tidak valid. Folder keluaran RAHASIA tidak boleh berada di
    folder laporan/situs.
    """
    from analisis.berkas import tulis_teks_atomik
    from analisis.bnba.cek import BENDERA, cek_bnba, nama_daftar_kerja
    from analisis.bnba.keluaran import catat, rencanakan, terbitkan
    from analisis.bnba.konfigurasi import muat_aturan, muat_pemetaan, muat_privasi
    from analisis.bnba.publik import ringkasan_publik
    from analisis.bnba.sasaran import CATATAN_REKONSILIASI, angka_bps

    t0 = time.perf_counter()
    folder = keluaran or Path(f"keluaran_bnba_{wilayah.strip()}")
    proyek = proyek_aktif()
    rencana = rencanakan(folder, not tanpa_daftar_kerja, kunci_samaran, proyek)
    aturan = muat_aturan(aturan_yaml, proyek=proyek)
    if desil_maks is not None:
        program = {
            k: {**p.model_dump(), "desil_maks": desil_maks} for k, p in aturan.program.items()
        }
        aturan = aturan.dengan(program=program)
    peta = muat_pemetaan(pemetaan, proyek=proyek)
    privasi = muat_privasi(privasi_yaml, proyek=proyek)
    ref = _baca_referensi(referensi_desa)
    hasil = cek_bnba(
        berkas,
        wilayah,
        aturan=aturan,
        pemetaan=peta,
        tanggal_acuan=tanggal_acuan,
        referensi_desa=ref,
        lembar=lembar,
        memori=memori,
        folder_sementara=folder_sementara,
    )
    try:
        data = hasil.data
        bps = angka_bps(data.kode_wilayah, tahun)
        if p0 is not None:
            bps["p0"] = p0
        if penduduk is not None:
            bps["penduduk"] = penduduk
            bps["tahun_penduduk"] = bps.get("tahun")
        if rse is not None:
            bps["rse"] = rse
        publik = ringkasan_publik(hasil, aturan, privasi, bps=bps)
        folder_publik = rencana.folder_publik
        meta = {
            "kode_wilayah": data.kode_wilayah,
            "nama_wilayah": data.nama_wilayah,
            "kode_kemendagri": data.kode_kemendagri,
            "berkas_sumber": data.berkas,
            "sintetis": data.sintetis,
            "tanggal_acuan": hasil.tanggal_acuan.isoformat(),
            "dibuat": datetime.now().isoformat(timespec="seconds"),
            "privasi": {
                "n_minimum": privasi.n_minimum,
                "penanda": privasi.tanda,
                "k_anonimitas": privasi.k,
            },
        }
        r = hasil.ringkasan()
        teks = _ringkasan_teks(hasil, r, publik, BENDERA, CATATAN_REKONSILIASI)
        # Everything computed: now write (each file atomically).
        ditulis_publik = terbitkan(publik, folder_publik, meta)
        rahasia = []
        if not tanpa_daftar_kerja:
            rahasia.append(
                hasil.tulis_daftar_kerja(
                    rencana.folder_rahasia / nama_daftar_kerja(data.kode_wilayah), rencana.garam
                )
            )
        catatan = catat(
            rencana,
            "cek",
            data.kode_wilayah,
            data.nama_wilayah,
            [Path(berkas)],
            rahasia,
            ditulis_publik,
            [hasil.tanggal_acuan.isoformat()],
            {"berkas": data.jumlah_baris},
            data.sintetis,
            pelaksana,
            masa_simpan,
        )
        detik = time.perf_counter() - t0
        teks += "\nKeluaran:\n"
        for p in rahasia:
            teks += f"  RAHASIA (berisi NIK/nama, JANGAN dipublikasikan): {p}\n"
        teks += f"  Catatan UU PDP (pemrosesan, draf DPIA, retensi): {catatan[0].parent}\n"
        teks += f"  Publik (agregat, sel < {privasi.n_minimum} disembunyikan): {folder_publik}\n"
        teks += "  Pemindaian privasi keluaran publik: 0 temuan.\n"
        teks += f"Selesai dalam {_angka(detik, 1)} detik.\n"
        tulis_teks_atomik(folder / "ringkasan_cek.txt", teks)
        click.echo(teks, nl=False)
    finally:
        hasil.tutup()


def _ringkasan_teks(hasil, r: dict, publik: dict, bendera: dict, catatan: str) -> str:
    data = hasil.data
    n = r["jumlah_baris"]
    baris = [
        f"Pemeriksaan BNBA: {data.nama_wilayah} (BPS {data.kode_wilayah}, Kemendagri {data.kode_kemendagri})",
        f"Berkas: {data.berkas}" + ("  — DATA SINTETIS" if data.sintetis else ""),
        (
            f"Baris: {_angka(n)}; keluarga: {_angka(r['jumlah_keluarga'])}; kecamatan: "
            f"{r['jumlah_kecamatan']}; desa: {r['jumlah_desa']}; tanggal acuan umur: "
            f"{hasil.tanggal_acuan.isoformat()}"
        ),
    ]
    if data.peringatan:
        baris.append(format_masalah(data.peringatan, judul="Peringatan:"))
    baris.append("")
    baris.append("Hasil pemeriksaan verval (jumlah baris; keluarga untuk pemeriksaan tingkat KK):")
    for k, (tingkat, arti) in bendera.items():
        v = r["bendera"][k]
        kel = r["keluarga"].get(k)
        tambahan = f"; {_angka(kel)} KK" if kel is not None else ""
        label = f"{arti} [{tingkat}]"
        baris.append(
            f"  {label:<78} {_angka(v):>10} ({_persen(100.0 * v / n if n else float('nan'))}{tambahan})"
        )
    baris.append(
        f"  {'Baris dengan sedikitnya satu galat kualitas data':<78} {_angka(r['baris_bermasalah']):>10}"
    )
    baris.append("")
    baris.append("Indikator kualitas data (untuk laporan evaluasi dan pemeringkatan):")
    baris.append(
        f"  progres verval: {_persen(r['progres_verval'])}; NIK valid: {_persen(r['persen_nik_valid'])}; "
        f"NIK duplikat: {_persen(r['persen_duplikat'])}; cakupan program keluarga desil 1: "
        f"{_persen(r['cakupan_desil1'])}"
    )
    sp = publik.get("sasaran_program")
    if sp is not None:
        baris.append("")
        baris.append("Sasaran program (E = layak menurut aturan desil, R = penerima):")
        for row in sp.itertuples():
            baris.append(
                f"  {row.label} ({row.unit}, desil ≤ {row.desil_maks}): layak {_angka(row.layak)}, "
                f"penerima {_angka(row.penerima)}, cakupan {_persen(row.cakupan)}, galat inklusi "
                f"{_persen(row.galat_inklusi)}, galat eksklusi {_persen(row.galat_eksklusi)}"
            )
    kw = publik.get("kuadran_desa")
    if kw is not None and len(kw):
        hit = kw["kuadran"].value_counts().sort_index()
        baris.append("")
        baris.append(
            f"Kuadran prioritas desa (desil ≤ {kw.attrs.get('desil_maks', 2)}; ambang = rata-rata desa):"
        )
        for k, v in hit.items():
            from analisis.bnba.cek import LABEL_KUADRAN

            baris.append(f"  {LABEL_KUADRAN[int(k)]}: {v} desa")
    rk = publik.get("rekonsiliasi_bps")
    if rk is not None:
        baris.append("")
        baris.append("Rekonsiliasi makro (BPS) – mikro (BNBA):")
        for row in rk.itertuples():
            rentang = ""
            if row.batas_bawah == row.batas_bawah and row.batas_bawah is not None:
                rentang = f" (rentang {_angka(row.batas_bawah)}–{_angka(row.batas_atas)})"
            baris.append(f"  {row.sumber}: {row.ukuran}: {_angka(row.nilai)}{rentang}")
        baris.append(f"  Catatan: {catatan}")
    return "\n".join(baris) + "\n"


def _daftarkan() -> None:
    from analisis.bnba.cli_banding import banding

    bnba.add_command(banding)


_daftarkan()


def main() -> None:  # pragma: no cover - convenience entry point
    bnba(prog_name="bnba")


if __name__ == "__main__":  # pragma: no cover
    main()  # click exits with the command's status itself
