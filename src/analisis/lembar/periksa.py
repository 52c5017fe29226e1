"""Structural checks of a table, for the rows and columns a reader actually uses.

A reader knows which rows are data and which columns it reads; these checks then report what
the file hides from a plain grid and would otherwise change values silently:

- a formula without a stored value (read as empty) → "simpan ulang berkas di Excel";
- a merged range over data cells (only its first cell holds the value, the others read as
  empty);
- hidden rows or columns holding data (and a hidden sheet the reader was not told to read);
- a CSV record with more fields than the header (typically an unquoted decimal comma such as
  ``85,5`` in a comma-separated file, which shifts every following cell one column right).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from analisis.galat import Masalah
from analisis.lembar.model import Lembar
from analisis.lembar.sel import kosong

SARAN_RUMUS = (
    "simpan ulang berkas di Excel (atau LibreOffice) agar nilainya tersimpan, atau ketik nilainya"
)

NamaKolom = Callable[[int], str]


def _nama_kolom_bawaan(lembar: Lembar) -> NamaKolom:
    return lembar.huruf


def _m(lembar: Lembar, pesan: str, kode: str, **kw) -> Masalah:
    return Masalah(pesan, berkas=lembar.berkas, lembar=lembar.nama, kode=kode, **kw)


def masalah_rumus(
    lembar: Lembar, baris: Iterable[int], kolom: Iterable[int], nama_kolom: NamaKolom | None = None
) -> list[Masalah]:
    """Formula cells without a stored value inside the used rows × columns."""
    nama = nama_kolom or _nama_kolom_bawaan(lembar)
    dipakai_b, dipakai_k = set(baris), set(kolom)
    hasil = []
    for (r, c), rumus in sorted(lembar.rumus.items()):
        if r in dipakai_b and c in dipakai_k:
            hasil.append(
                _m(
                    lembar,
                    f"sel berisi rumus {rumus} tanpa nilai tersimpan; {SARAN_RUMUS}.",
                    "rumus_tanpa_nilai",
                    baris=r + 1,
                    kolom=nama(c),
                    token=rumus,
                )
            )
    return hasil


def masalah_gabungan(
    lembar: Lembar, baris: Iterable[int], kolom: Iterable[int], nama_kolom: NamaKolom | None = None
) -> list[Masalah]:
    """Merged ranges covering two or more of the used cells."""
    nama = nama_kolom or _nama_kolom_bawaan(lembar)
    dipakai_b, dipakai_k = set(baris), set(kolom)
    hasil = []
    for g in lembar.gabungan:
        tercakup = [
            (r, c)
            for r in range(g.baris_awal, g.baris_akhir + 1)
            if r in dipakai_b
            for c in range(g.kolom_awal, g.kolom_akhir + 1)
            if c in dipakai_k
        ]
        if len(tercakup) < 2:
            continue
        hasil.append(
            _m(
                lembar,
                f"sel {g.teks} digabung (merge) di atas baris data: hanya sel pertamanya "
                "berisi nilai, sel lain akan terbaca kosong. Batalkan penggabungan (unmerge) "
                "lalu isi setiap sel.",
                "sel_digabung",
                baris=g.baris_awal + 1,
                kolom=nama(g.kolom_awal),
                token=g.teks,
            )
        )
    return hasil


def masalah_tersembunyi(
    lembar: Lembar, baris: Iterable[int], kolom: Iterable[int], nama_kolom: NamaKolom | None = None
) -> list[Masalah]:
    """Hidden rows and columns that hold something within the used area."""
    nama = nama_kolom or _nama_kolom_bawaan(lembar)
    dipakai_b, dipakai_k = sorted(set(baris)), sorted(set(kolom))
    hasil = []
    for r in dipakai_b:
        if r in lembar.baris_tersembunyi and any(not kosong(lembar.ambil(r, c)) for c in dipakai_k):
            hasil.append(
                _m(
                    lembar,
                    f"baris {r + 1} tersembunyi (hidden) tetapi berisi data; tampilkan (unhide) "
                    "baris itu untuk memeriksanya, atau hapus bila tidak dipakai.",
                    "baris_tersembunyi",
                    baris=r + 1,
                )
            )
    for c in dipakai_k:
        if c in lembar.kolom_tersembunyi and any(not kosong(lembar.ambil(r, c)) for r in dipakai_b):
            hasil.append(
                _m(
                    lembar,
                    f"kolom {lembar.huruf(c)} tersembunyi (hidden) tetapi berisi data; "
                    "tampilkan (unhide) kolom itu untuk memeriksanya, atau hapus bila tidak "
                    "dipakai.",
                    "kolom_tersembunyi",
                    kolom=nama(c),
                )
            )
    return hasil


def masalah_lebar_baris(lembar: Lembar, baris_kepala: int, baris: Iterable[int]) -> list[Masalah]:
    """CSV records with more (non-empty) fields than the header row."""
    if lembar.lebar_rekaman is None or baris_kepala >= len(lembar.lebar_rekaman):
        return []
    lebar_kepala = max(lembar.kolom_terisi(baris_kepala), default=-1) + 1
    hasil = []
    for r in baris:
        lebih = [c for c in lembar.kolom_terisi(r) if c >= lebar_kepala]
        if not lebih:
            continue
        n = max(lebih) + 1
        contoh = lembar.teks(r, lebih[0])
        koma = (
            " Kemungkinan ada koma desimal tanpa tanda kutip (mis. 85,5) di berkas yang "
            'dipisah koma; beri tanda kutip ("85,5"), tulis 85.5, atau simpan dengan '
            "pemisah titik koma."
            if lembar.pemisah == ","
            else ""
        )
        hasil.append(
            _m(
                lembar,
                f"baris {r + 1} berisi {n} sel, padahal baris judul hanya {lebar_kepala} kolom; "
                f"sel lebih '{contoh}' di kolom {lembar.huruf(lebih[0])}.{koma}",
                "sel_bergeser",
                baris=r + 1,
                kolom=lembar.huruf(lebih[0]),
                token=contoh,
            )
        )
    return hasil


def masalah_struktur(
    lembar: Lembar,
    baris: Iterable[int],
    kolom: Iterable[int],
    *,
    baris_kepala: int | None = None,
    nama_kolom: NamaKolom | None = None,
) -> list[Masalah]:
    """All structural checks above for the used rows × columns (header row for the CSV width)."""
    baris, kolom = list(baris), list(kolom)
    hasil = masalah_rumus(lembar, baris, kolom, nama_kolom)
    hasil += masalah_gabungan(lembar, baris, kolom, nama_kolom)
    hasil += masalah_tersembunyi(lembar, baris, kolom, nama_kolom)
    if baris_kepala is not None:
        hasil += masalah_lebar_baris(lembar, baris_kepala, baris)
    return hasil


def masalah_lembar_tersembunyi(lembar: Lembar, saran: str = "") -> Masalah:
    """A hidden sheet that would be read without the user having chosen it."""
    return _m(
        lembar,
        f"lembar '{lembar.nama}' tersembunyi (hidden); isinya tidak dibaca diam-diam. "
        f"Tampilkan lembar itu bila datanya dipakai, atau hapus.{saran}",
        "lembar_tersembunyi",
        token=lembar.nama,
    )
