"""File-level diagnosis: a defect that hits (almost) every row is a broken file, not a verval
finding.

Row-level problems stay in the verval report (flags, worklist, quality score). When one check
flags at least ``ambang`` of the rows (``aturan.yaml`` ``ambang_cacat_berkas``, default 0,9),
the file itself is broken — a NIK column cut to 15 digits, NIKs saved by Excel in scientific
notation (``6,30301E+15``), every row carrying the same NIK, birth dates all after the reference
date — and :func:`diagnosa_berkas` returns one Indonesian problem per such defect, with the
likely cause, what to do, masked examples (``6303********0001``) and row numbers, never a full
NIK, name, birth date or address. :func:`tolak_berkas_rusak` turns them into a refusal
(:func:`~analisis.bnba.cek.cek_bnba` calls it before anything is written).

NIK/No KK stored as NUMBERS (XLSX number cells, floating-point Parquet columns) are refused
earlier, when reading (:func:`analisis.bnba.skema.muat_bnba`), even on a single row: their last
digits may have changed without a trace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analisis.bnba.privasi import samarkan_nik
from analisis.bnba.skema import q
from analisis.galat import GalatValidasi, Masalah

if TYPE_CHECKING:
    from analisis.bnba.cek import HasilCek

_SCI = "[0-9][.,][0-9]+[eE][+]?[0-9]+"


def _persen(a: int, n: int) -> str:
    return f"{100.0 * a / n:.1f}".replace(".", ",")


def _baris(nomor: list[int]) -> str:
    return ", ".join(str(b) for b in nomor)


def _contoh(hasil: HasilCek, kolom: str, kondisi: str, batas: int = 3) -> str:
    """Masked example values of a source column and their rows (``kondisi`` on ``v``)."""
    s = hasil.data.sumber
    baris = hasil.con.sql(
        f"SELECT _baris, v FROM (SELECT _baris, trim(CAST({q(kolom)} AS VARCHAR)) AS v "
        f"FROM ({s.sql()})) WHERE {kondisi} ORDER BY _baris LIMIT {batas}"
    ).fetchall()
    return "; ".join(f"baris {b}: {samarkan_nik(str(v))}" for b, v in baris)


def _sebab_angka(hasil: HasilCek, kanon: str, label: str) -> str:
    """Why a NIK/No KK column is invalid on (almost) every row: the usual forms, counted."""
    s = hasil.data.sumber
    kolom = s.kolom_wajib(kanon)
    v = f"trim(CAST({q(kolom)} AS VARCHAR))"
    n15, nsci, nkosong = hasil.con.sql(
        f"""
        SELECT count(*) FILTER (WHERE regexp_full_match({v}, '[0-9]{{15}}')),
               count(*) FILTER (WHERE regexp_full_match({v}, '{_SCI}')),
               count(*) FILTER (WHERE {v} IS NULL OR {v} = '')
        FROM ({s.sql()})
        """
    ).fetchall()[0]
    n = hasil.data.jumlah_baris
    if nsci >= n / 2:
        contoh = _contoh(hasil, kolom, f"regexp_full_match(v, '{_SCI}')")
        return (
            f"{_persen(nsci, n)}% {label} tertulis dalam notasi ilmiah Excel (mis. 6,30301E+15; "
            f"{contoh}): Excel menyimpan kolom sebagai angka dan digitnya sudah hilang. Buka "
            f"sumber aslinya, format kolom {label} sebagai Teks, lalu ekspor ulang"
        )
    if n15 >= n / 2:
        contoh = _contoh(hasil, kolom, "regexp_full_match(v, '[0-9]{15}')")
        return (
            f"{_persen(n15, n)}% {label} hanya 15 digit ({contoh}): kolom kemungkinan "
            f"terpotong saat ekspor (angka 15 digit di Excel); ekspor ulang dengan {label} "
            "sebagai teks 16 digit"
        )
    if nkosong >= n / 2:
        return f"{_persen(nkosong, n)}% {label} kosong: periksa pemetaan kolom {label}"
    contoh = _contoh(hasil, kolom, "true")
    return f"bentuk {label} tidak dikenali ({contoh}); periksa kolom dan pemetaannya"


def _nik_sama(hasil: HasilCek, jumlah: int, n: int) -> str:
    nik_beda, contoh = hasil.con.sql(
        "SELECT count(DISTINCT nik_num), min(nik_num) FROM rek "
        "WHERE nik_num IN (SELECT nik_num FROM ganda)"
    ).fetchall()[0]
    baris = [
        int(r[0])
        for r in hasil.con.sql(
            f"SELECT _baris FROM rek WHERE nik_num = {int(contoh)} ORDER BY _baris LIMIT 3"
        ).fetchall()
    ]
    return (
        f"{_persen(jumlah, n)}% baris memakai NIK yang juga dipakai baris lain, dengan hanya "
        f"{nik_beda} NIK berbeda (mis. {samarkan_nik(str(contoh).zfill(16))} di baris "
        f"{_baris(baris)}): kolom NIK kemungkinan tersalin dari satu sel atau berisi rumus. "
        "Ambil ulang kolom NIK dari sumbernya"
    )


def _lahir_sesudah_acuan(hasil: HasilCek) -> tuple[int, list[int]]:
    acuan = f"DATE '{hasil.tanggal_acuan.isoformat()}'"
    jumlah = hasil.con.sql(f"SELECT count(*) FROM rek WHERE tanggal_lahir > {acuan}").fetchall()
    baris = hasil.con.sql(
        f"SELECT _baris FROM rek WHERE tanggal_lahir > {acuan} ORDER BY _baris LIMIT 3"
    ).fetchall()
    return int(jumlah[0][0]), [int(r[0]) for r in baris]


def diagnosa_berkas(hasil: HasilCek, ambang: float | None = None) -> list[Masalah]:
    """File-level problems of a checked extract (empty when the file is usable).

    Args:
        hasil: the checks of one extract (:func:`~analisis.bnba.cek.periksa`).
        ambang: share of rows (0–1] from which a defect is file-wide (default: the rules'
            ``ambang_cacat_berkas``).
    """
    ambang = float(ambang if ambang is not None else hasil.aturan.ambang_cacat_berkas)
    n = int(hasil.data.jumlah_baris)
    if n == 0:
        return []
    bendera: dict[str, int] = hasil.ringkasan()["bendera"]  # type: ignore[assignment]
    batas = ambang * n
    masalah: list[Masalah] = []

    def tambah(kanon: str, teks: str, kode: str) -> None:
        kolom = hasil.data.sumber.kolom(kanon)
        masalah.append(Masalah(teks, berkas=hasil.data.berkas, kolom=kolom, kode=kode))

    for kanon, label, bit in (
        ("nik", "NIK", "nik_tidak_valid"),
        ("no_kk", "No KK", "kk_tidak_valid"),
    ):
        if bendera[bit] >= batas:
            tambah(
                kanon,
                f"{_persen(bendera[bit], n)}% baris {label}-nya bukan 16 digit: "
                + _sebab_angka(hasil, kanon, label),
                f"{'nik' if kanon == 'nik' else 'kk'}_rusak_seluruh_berkas",
            )
    if bendera["nik_ganda"] >= batas:
        tambah("nik", _nik_sama(hasil, bendera["nik_ganda"], n), "nik_sama_seluruh_berkas")
    acuan = hasil.tanggal_acuan.isoformat()
    # A birth date after the reference date is an implausible age for every relation, so the
    # file is only re-read when the age check already failed (almost) everywhere.
    sesudah, baris = (
        _lahir_sesudah_acuan(hasil) if bendera["umur_tidak_wajar"] >= batas else (0, [])
    )
    if sesudah >= batas:
        tambah(
            "tanggal_lahir",
            f"{_persen(sesudah, n)}% tanggal lahir jatuh SESUDAH tanggal acuan {acuan} (mis. "
            f"baris {_baris(baris)}): periksa tanggal acuan (--tanggal-acuan), format tanggal "
            "(hari/bulan tertukar, tahun 2 digit dibaca sebagai 20xx) atau kolom yang dipetakan "
            "sebagai tanggal lahir",
            "tanggal_lahir_rusak_seluruh_berkas",
        )
    elif bendera["umur_tidak_wajar"] >= batas:
        tambah(
            "tanggal_lahir",
            f"{_persen(bendera['umur_tidak_wajar'], n)}% umur tidak wajar untuk hubungan "
            f"keluarganya (tanggal acuan {acuan}): periksa tanggal acuan, format tanggal lahir "
            "dan pemetaan kolom hubungan keluarga",
            "umur_rusak_seluruh_berkas",
        )
    return masalah


def tolak_berkas_rusak(hasil: HasilCek, ambang: float | None = None) -> None:
    """Refuse an extract with a file-wide defect (see :func:`diagnosa_berkas`).

    Raises:
        GalatValidasi: one problem per defect; nothing has been written.
    """
    masalah = diagnosa_berkas(hasil, ambang)
    if masalah:
        raise GalatValidasi(
            f"Berkas '{hasil.data.berkas}' rusak di (hampir) seluruh baris, bukan temuan verval "
            "per baris; tidak ada keluaran yang ditulis. Perbaiki berkasnya lalu ulangi.",
            masalah=masalah,
        )
