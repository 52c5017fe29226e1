"""Canonical BNBA schema and the reader that validates an export into it (DuckDB, out of core).

BNBA ("by name by address") registries — DTKS (Kemensos), P3KE (Kemenko PMK), DTSEN (BPS,
Inpres 4/2025) — are exported with different column names and codes. Every export is read into
one **canonical schema** (one row per person):

=================  =======  ====================================================================
column             wajib    meaning / accepted values
=================  =======  ====================================================================
nik                ya       NIK, 16 digits (not validated on read: that is a verval check)
no_kk              ya       No KK (family card number), 16 digits; rows with the same No KK
                            form one family (blank No KK: the row is its own family)
nama               tidak    name (only ever written to the private worklist)
jenis_kelamin      ya       ``L``/``P`` (aliases: laki-laki, perempuan, 1, 2 …)
tanggal_lahir      ya       birth date; formats from ``format_tanggal`` (DD-MM-YYYY, ISO …)
hubungan_keluarga  ya       relation to the head of family: kepala keluarga, istri, suami,
                            pasangan, anak, menantu, cucu, orang tua, mertua, famili lain,
                            pembantu, lainnya
alamat             ya       address text (compared per KK after normalising case/punctuation)
kode_kecamatan     tidak    Kemendagri kecamatan code, 6 digits (dots allowed: ``63.03.01``);
                            derived from ``kode_desa`` when absent
kode_desa          ya       Kemendagri desa/kelurahan code, 10 digits (``63.03.01.2001``)
desil              ya       welfare decile of the family, integer 1–10 (``"Desil 3"``, ``"03"``
                            accepted)
pkh, bpnt, pbi_jk  tidak    programme flags (``params/bnba/aturan.yaml`` lists the programmes):
                            1/0, ya/tidak …; blank = tidak
status_verval      tidak    verval status (free text; ``nilai.status_verval`` tells which count
                            as done)
meninggal          tidak    deceased flag (like the programme flags)
sumber_data        tidak    ``SINTETIS`` for synthetic extracts
=================  =======  ====================================================================

Region codes: NIK digits 1–6 and Dukcapil/Kemendagri region codes use **Kemendagri** numbering,
which differs from the BPS code for 23 Kalimantan kabupaten. The analysis is keyed by the BPS
code (``kode_wilayah``); the reader checks every ``kode_kecamatan``/``kode_desa`` against the
Kemendagri code of that kabupaten.

Reading: CSV and Parquet through DuckDB (never loaded whole into Python); XLSX through openpyxl
(read-only, such files are small). One pass materialises a compact typed table ``rek`` in the
DuckDB connection; every value that cannot be read is collected as a :class:`Masalah` naming the
column and giving example ROW NUMBERS only (never NIK, names, addresses or birth dates: error
messages may end up in published logs). Any such problem raises :class:`GalatValidasi` before
anything is written.

Row numbers ("baris") are what a user sees: for CSV and XLSX the line/row in the file (header
= row 1); for Parquet the 1-based record number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from analisis.bnba.konfigurasi import (
    HUBUNGAN,
    Aturan,
    AturanProgram,
    Pemetaan,
    muat_aturan,
    muat_pemetaan,
    normalisasi_nama_kolom,
)
from analisis.bnba.privasi import nilai_untuk_pesan, samarkan_nik, tampak_nomor_atau_tanggal
from analisis.bnba.topeng import BIT_BARIS, bit_program
from analisis.galat import GalatAnalisis, GalatValidasi, Masalah, nama_berkas
from analisis.lembar import SARAN_RUMUS, huruf_kolom


@dataclass(frozen=True)
class KolomKanonik:
    """One column of the canonical schema."""

    nama: str
    wajib: bool
    jenis: str  # teks | kode | tanggal | kategori | desil | bendera
    pribadi: bool  # personal data: never in messages or publishable outputs
    keterangan: str


SKEMA: tuple[KolomKanonik, ...] = (
    KolomKanonik("nik", True, "teks", True, "NIK 16 digit"),
    KolomKanonik("no_kk", True, "teks", True, "Nomor Kartu Keluarga 16 digit"),
    KolomKanonik("nama", False, "teks", True, "nama lengkap"),
    KolomKanonik("jenis_kelamin", True, "kategori", False, "L/P"),
    KolomKanonik("tanggal_lahir", True, "tanggal", True, "tanggal lahir"),
    KolomKanonik("hubungan_keluarga", True, "kategori", False, "hubungan dengan kepala keluarga"),
    KolomKanonik("alamat", True, "teks", True, "alamat"),
    KolomKanonik("kode_kecamatan", False, "kode", False, "kode kecamatan Kemendagri (6 digit)"),
    KolomKanonik("kode_desa", True, "kode", False, "kode desa/kelurahan Kemendagri (10 digit)"),
    KolomKanonik("desil", True, "desil", False, "desil kesejahteraan keluarga 1-10"),
    KolomKanonik("status_verval", False, "kategori", False, "status verifikasi dan validasi"),
    KolomKanonik("meninggal", False, "bendera", False, "status meninggal (1/0, ya/tidak)"),
    KolomKanonik("sumber_data", False, "kategori", False, "SINTETIS untuk data sintetis"),
)
"""Canonical columns other than the programme flags (those come from ``aturan.yaml``)."""

KOLOM_PRIBADI = frozenset(k.nama for k in SKEMA if k.pribadi)

_BULAN_FORMAT = {
    "%Y": "YYYY",
    "%m": "MM",
    "%d": "DD",
    "%H": "jj",
    "%M": "mm",
    "%S": "dd",
}


def format_tanggal_teks(fmt: str) -> str:
    """``'%d/%m/%Y'`` → ``'DD/MM/YYYY'`` (for messages)."""
    for k, v in _BULAN_FORMAT.items():
        fmt = fmt.replace(k, v)
    return fmt


def kolom_kanonik(aturan: Aturan) -> list[KolomKanonik]:
    """The full canonical schema: :data:`SKEMA` plus one flag column per programme."""
    program = [
        KolomKanonik(k, False, "bendera", False, f"penerima {p.label} (1/0, ya/tidak)")
        for k, p in aturan.program.items()
    ]
    return list(SKEMA[:10]) + program + list(SKEMA[10:])


# --------------------------------------------------------------------------------------------
# SQL helpers


def q(nama: str) -> str:
    """Quote an SQL identifier."""
    return '"' + str(nama).replace('"', '""') + '"'


def lit(teks: str) -> str:
    """Quote an SQL string literal."""
    return "'" + str(teks).replace("'", "''") + "'"


def _daftar_lit(nilai: Iterable[str]) -> str:
    return ", ".join(lit(v) for v in nilai)


def galat_duckdb(e: Exception, berkas: str | None) -> Exception:
    """A DuckDB error as an Indonesian message WITHOUT the raw text (it may quote a data line).

    Binder/parser/catalog errors are programming errors (no data in them) and are returned
    unchanged so they surface as bugs, not as "unreadable file".
    """
    if isinstance(e, (duckdb.BinderException, duckdb.ParserException, duckdb.CatalogException)):
        return e
    teks = str(e)
    m = re.search(r"[Ll]ine:?\s*(\d+)", teks)
    baris = f" (sekitar baris {m.group(1)})" if m else ""
    lebar = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", teks)
    if lebar:
        sebab = (
            f"baris ini berisi {lebar.group(2)} kolom, padahal baris judul {lebar.group(1)} kolom "
            "(pemisah atau tanda kutip di dalam sel?)"
        )
    elif "unterminated quote" in teks:
        sebab = 'tanda kutip (") dibuka tetapi tidak ditutup'
    else:
        sebab = (
            "periksa format berkas (pemisah kolom, tanda kutip, pengodean UTF-8, jumlah kolom "
            "per baris)"
        )
    return GalatAnalisis(
        f"Berkas '{berkas}' tidak dapat dibaca{baris}: {sebab}. Isi baris tidak ditampilkan "
        "demi pelindungan data pribadi."
    )


# --------------------------------------------------------------------------------------------
# Sources


@dataclass
class SumberBNBA:
    """An export file recognised and mapped to the canonical schema (nothing read yet)."""

    path: Path
    jenis: str  # csv | parquet | xlsx
    kolom_sumber: list[str]
    peta: dict[str, str]  # canonical → source column
    tipe: dict[str, pa.DataType] = field(default_factory=dict)  # parquet source types
    lembar: str | None = None
    opsi_csv: str = ""
    baris_judul: int = 1
    """Line of the CSV header (data rows are numbered from the line after it)."""
    nama_tabel_xlsx: str | None = None
    #: XLSX: rows of each column whose cell is a number, not text.
    angka_xlsx: dict[str, list[int]] = field(default_factory=dict)

    @property
    def berkas(self) -> str:
        return nama_berkas(self.path) or str(self.path)

    def kolom(self, kanonik: str) -> str | None:
        return self.peta.get(kanonik)

    def kolom_wajib(self, kanonik: str) -> str:
        """Source column of a mandatory canonical column (mapped, or the header is refused)."""
        s = self.peta.get(kanonik)
        if s is None:  # pragma: no cover - petakan_kolom refuses such headers
            raise GalatAnalisis(f"Berkas '{self.berkas}': kolom wajib '{kanonik}' tidak ada.")
        return s

    def sql(self) -> str:
        """``SELECT _baris, <source columns> FROM <file>`` (row order = file order)."""
        if self.jenis == "parquet":
            return (
                f"SELECT file_row_number + 1 AS _baris, * EXCLUDE (file_row_number) "
                f"FROM read_parquet({lit(str(self.path))}, file_row_number = true)"
            )
        if self.jenis == "csv":
            return (
                f"SELECT row_number() OVER () + {self.baris_judul} AS _baris, * "
                f"FROM read_csv({lit(str(self.path))}{self.opsi_csv})"
            )
        return f"SELECT * FROM {q(self.nama_tabel_xlsx or 'sumber_xlsx')}"

    def sql_baris_terpilih(self, baris: str) -> str:
        """Like :meth:`sql`, narrowed to the rows whose ``_baris`` the one-column query
        ``baris`` returns — for Parquet only: there the filter is on the reader's own row number,
        so DuckDB reads the other columns of those rows alone. CSV rows are numbered by a
        window over the whole stream and XLSX is already in memory: all rows come back, so the
        caller still joins on ``_baris``."""
        if self.jenis != "parquet":
            return self.sql()
        return (
            f"SELECT file_row_number + 1 AS _baris, * EXCLUDE (file_row_number) "
            f"FROM read_parquet({lit(str(self.path))}, file_row_number = true) "
            f"WHERE file_row_number IN (SELECT _b - 1 FROM ({baris}) pilih(_b))"
        )


def _dialek_csv(path: Path) -> tuple[list[str], str, int]:
    """The header, the explicit ``read_csv`` options and the header's line of a CSV extract.

    The bytes are checked first (UTF-8 only, every other encoding named; never guessed, names
    would change silently). The dialect is fixed rather than sniffed by DuckDB: the sniffer can
    take a row with one cell too many for the header and skip every row above it, or read a
    file with an unclosed quote as unquoted text. With a fixed dialect and strict mode such rows
    are errors with their line number (:func:`galat_duckdb`).
    """
    import csv
    import io

    from analisis.lembar.enkode import periksa_berkas_teks
    from analisis.lembar.teks_csv import deteksi_pemisah

    periksa_berkas_teks(path, path.name, akhiran="CSV")
    with open(path, encoding="utf-8-sig", newline="") as f:
        contoh = f.read(1 << 16)
    pemisah = deteksi_pemisah(contoh)
    pembaca = csv.reader(io.StringIO(contoh, newline=""), delimiter=pemisah)
    kepala: list[str] = []
    try:
        for kepala in pembaca:  # the first non-blank record is the header
            if any(k.strip() for k in kepala):
                break
    except csv.Error:
        raise GalatAnalisis(
            f"Berkas '{path.name}' tidak dapat dibaca (baris {pembaca.line_num}): baris judul "
            'bukan CSV yang sah (tanda kutip (") atau baris baru di dalam sel judul).'
        ) from None
    if not any(k.strip() for k in kepala):
        raise GalatAnalisis(
            f"Berkas '{path.name}' tidak dapat dibaca: tidak ada baris judul (nama kolom)."
        )
    lewati = pembaca.line_num
    kolom: list[str] = []
    for j, n in enumerate(kepala):
        n = n.strip() or f"kolom_{j + 1}"
        dasar, i = n, 0
        while n in kolom:
            i += 1
            n = f"{dasar}_{i}"
        kolom.append(n)
    jenis = ", ".join(f"{lit(n)}: 'VARCHAR'" for n in kolom)
    opsi = (
        f", header = false, skip = {lewati}, delim = {lit(pemisah)}, quote = '\"', "
        "escape = '\"', "
        f"auto_detect = false, strict_mode = true, null_padding = false, columns = {{{jenis}}}"
    )
    return kolom, opsi, lewati


def _jenis_berkas(path: Path) -> str:
    akhir = path.suffix.lower()
    if akhir in (".csv", ".txt", ".tsv"):
        return "csv"
    if akhir in (".parquet", ".pq"):
        return "parquet"
    if akhir in (".xlsx", ".xlsm"):
        return "xlsx"
    raise GalatAnalisis(
        f"Berkas '{path.name}': format '{path.suffix or '(tanpa akhiran)'}' tidak didukung. "
        "Gunakan CSV, XLSX atau Parquet."
    )


def _sel_xlsx(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return repr(v)
    if hasattr(v, "isoformat"):
        teks = v.isoformat()
        return teks[:10] if "T00:00:00" in teks or len(teks) == 10 else teks
    return str(v)


def _baca_xlsx(path: Path, lembar: str | None) -> tuple[pa.Table, str, dict[str, list[int]]]:
    """Read an XLSX sheet into an all-string Arrow table with the spreadsheet row numbers, and
    the rows of every column whose cell holds a NUMBER (Excel keeps 15 significant digits, so
    a NIK typed as a number has lost its last digit: see :func:`_periksa_angka_excel`)."""
    import openpyxl

    from analisis.lembar.xlsx import galat_buku, periksa_xlsx

    periksa_xlsx(path)  # damaged container: one named problem, before openpyxl
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds
        raise galat_buku(path, e) from None
    try:
        return _baca_lembar_xlsx(path, wb, lembar)
    except GalatAnalisis:
        raise
    except Exception as e:  # noqa: BLE001 - sheet XML is parsed lazily while iterating
        raise galat_buku(path, e) from None
    finally:
        wb.close()


def _baca_lembar_xlsx(
    path: Path, wb: Any, lembar: str | None
) -> tuple[pa.Table, str, dict[str, list[int]]]:
    """The sheet ``lembar`` (or the first) of an open read-only workbook as strings, with the
    rows of each column whose cell is a number."""
    if lembar is not None and lembar not in wb.sheetnames:
        raise GalatAnalisis(
            f"Berkas '{path.name}': lembar '{lembar}' tidak ada. "
            f"Lembar yang ada: {', '.join(wb.sheetnames)}."
        )
    ws = wb[lembar] if lembar else wb[wb.sheetnames[0]]
    judul: list[str] | None = None
    baris_no: list[int] = []
    kolom: list[list[str | None]] = []
    angka: list[list[int]] = []
    for i, baris in enumerate(ws.iter_rows(values_only=True), start=1):
        if judul is None:
            if baris is None or all(v is None or str(v).strip() == "" for v in baris):
                continue
            judul = ["" if v is None else str(v) for v in baris]
            kolom = [[] for _ in judul]
            angka = [[] for _ in judul]
            continue
        if baris is None or all(v is None or str(v).strip() == "" for v in baris):
            continue
        baris_no.append(i)
        for j in range(len(judul)):
            v = baris[j] if j < len(baris) else None
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                angka[j].append(i)
            kolom[j].append(_sel_xlsx(v))
    nama_lembar = ws.title
    if judul is None:
        raise GalatAnalisis(f"Berkas '{path.name}', lembar '{lembar or ''}': lembar kosong.")
    _tolak_rumus_tanpa_nilai(path, nama_lembar, baris_no, kolom)
    nama = []
    for j, n in enumerate(judul):
        n = n.strip() or f"kolom_{j + 1}"
        while n in nama:
            n = n + "_"
        nama.append(n)
    data = {"_baris": pa.array(baris_no, pa.int64())}
    for n, nilai in zip(nama, kolom):
        data[n] = pa.array(nilai, pa.string())
    return pa.table(data), nama_lembar, {n: b for n, b in zip(nama, angka) if b}


def _ada_rumus(path: Path) -> bool:
    """Whether any worksheet of the XLSX holds a formula (streamed, no sheet parsed)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        for nama in z.namelist():
            if not (nama.startswith("xl/worksheets/") and nama.endswith(".xml")):
                continue
            sisa = b""
            with z.open(nama) as f:
                while potong := f.read(1 << 20):
                    if b"<f>" in sisa + potong or b"<f " in sisa + potong:
                        return True
                    sisa = potong[-3:]
    return False


def _tolak_rumus_tanpa_nilai(
    path: Path, lembar: str, baris_no: list[int], kolom: list[list[str | None]]
) -> None:
    """Refuse data cells holding a formula WITHOUT a stored value (the file was written by a
    program that does not compute formulas): they would be read as empty. Rows and columns are
    named, the formula text is not (it may hold personal data)."""
    if not baris_no or not _ada_rumus(path):
        return
    import openpyxl

    indeks = {b: i for i, b in enumerate(baris_no)}
    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        sel: list[tuple[int, int]] = []
        for i, baris in enumerate(wb[lembar].iter_rows(values_only=True), start=1):
            j_baris = indeks.get(i)
            if j_baris is None or baris is None:
                continue
            for j, v in enumerate(baris[: len(kolom)]):
                if isinstance(v, str) and v.startswith("=") and kolom[j][j_baris] is None:
                    sel.append((i, j))
    finally:
        wb.close()
    if sel:
        contoh = ", ".join(f"{huruf_kolom(j)}{i}" for i, j in sel[:10])
        contoh += f" dan {len(sel) - 10} sel lain" if len(sel) > 10 else ""
        raise GalatValidasi(
            f"Berkas '{path.name}' tidak dapat diproses: ada sel berisi rumus tanpa nilai "
            "tersimpan (tidak ada keluaran yang ditulis).",
            masalah=[
                Masalah(
                    f"{len(sel)} sel berisi rumus tanpa nilai tersimpan ({contoh}); sel itu akan "
                    f"terbaca kosong. {SARAN_RUMUS[:1].upper()}{SARAN_RUMUS[1:]}.",
                    berkas=path.name,
                    lembar=lembar,
                    baris=sel[0][0],
                    kode="rumus_tanpa_nilai",
                )
            ],
        )


def petakan_kolom(
    kolom_sumber: list[str], pemetaan: Pemetaan, aturan: Aturan, berkas: str | None
) -> tuple[dict[str, str], list[Masalah]]:
    """Map source headers to canonical names; missing mandatory columns and ambiguities → errors."""
    alias: dict[str, list[str]] = {}
    skema = kolom_kanonik(aturan)
    for k in skema:
        daftar = [normalisasi_nama_kolom(k.nama)] + list(pemetaan.kolom.get(k.nama, []))
        alias[k.nama] = list(dict.fromkeys(daftar))
    norm = {s: normalisasi_nama_kolom(s) for s in kolom_sumber}
    peta: dict[str, str] = {}
    masalah: list[Masalah] = []
    for k in skema:
        # Exact canonical name first, then aliases in the order listed.
        cocok: list[str] = []
        for a in alias[k.nama]:
            cocok = [s for s in kolom_sumber if norm[s] == a]
            if cocok:
                break
        if len(cocok) > 1:
            masalah.append(
                Masalah(
                    f"lebih dari satu kolom cocok untuk '{k.nama}': "
                    f"{', '.join(repr(c) for c in cocok)}; hapus atau ganti nama salah satunya",
                    berkas=berkas,
                    kolom=cocok[0],
                    kode="kolom_ganda",
                )
            )
        elif cocok:
            peta[k.nama] = cocok[0]
    dipakai: dict[str, str] = {}
    for kanon, s in peta.items():
        if s in dipakai:
            masalah.append(
                Masalah(
                    f"kolom dipetakan ke dua kolom kanonik ('{dipakai[s]}' dan '{kanon}'); "
                    "perbaiki pemetaan_kolom.yaml",
                    berkas=berkas,
                    kolom=s,
                    kode="pemetaan_ganda",
                )
            )
        dipakai[s] = kanon
    judul_data = [i for i, s in enumerate(kolom_sumber, start=1) if tampak_nomor_atau_tanggal(s)]
    if judul_data:
        # The first row holds data, not headings: quoting it would print a person's NIK,
        # name, birth date and address. Say where instead.
        ada = (
            f"baris judul berisi nilai yang tampak seperti data pribadi (kolom ke-"
            f"{', '.join(str(i) for i in judul_data[:6])}); berkas tampaknya tidak punya baris "
            "judul kolom: tambahkan baris judul (NIK, NO_KK, NAMA, …) sebagai baris pertama"
        )
    else:
        ada = "Kolom di berkas: " + ", ".join(repr(s) for s in kolom_sumber[:40])
    for k in skema:
        if k.wajib and k.nama not in peta:
            contoh = ", ".join(alias[k.nama][:6])
            masalah.append(
                Masalah(
                    f"kolom wajib '{k.nama}' ({k.keterangan}) tidak ditemukan. Nama yang dikenali: "
                    f"{contoh} (lihat params/bnba/pemetaan_kolom.yaml). {ada}",
                    berkas=berkas,
                    kolom=k.nama,
                    kode="kolom_wajib_tidak_ada",
                )
            )
    return peta, masalah


def buka_sumber(
    path: str | Path,
    con: duckdb.DuckDBPyConnection,
    pemetaan: Pemetaan | None = None,
    aturan: Aturan | None = None,
    lembar: str | None = None,
) -> SumberBNBA:
    """Recognise a file and map its header (reads only the header/schema, or the XLSX sheet)."""
    path = Path(path)
    pemetaan = pemetaan or muat_pemetaan()
    aturan = aturan or muat_aturan()
    if not path.is_file():
        raise GalatAnalisis(f"Berkas '{path}' tidak ditemukan.")
    jenis = _jenis_berkas(path)
    tipe: dict[str, pa.DataType] = {}
    opsi_csv = ""
    baris_judul = 1
    nama_tabel = None
    angka_xlsx: dict[str, list[int]] = {}
    if jenis == "parquet":
        import pyarrow.parquet as pq

        try:
            skema = pq.read_schema(path)
        except Exception:  # noqa: BLE001
            raise GalatAnalisis(f"Berkas '{path.name}' bukan Parquet yang dapat dibaca.") from None
        kolom = [n for n in skema.names if n != "file_row_number"]
        tipe = {n: skema.field(n).type for n in kolom}
    elif jenis == "csv":
        kolom, opsi_csv, baris_judul = _dialek_csv(path)
        try:
            con.sql(f"DESCRIBE SELECT * FROM read_csv({lit(str(path))}{opsi_csv})").fetchall()
        except duckdb.Error as e:
            raise galat_duckdb(e, path.name) from None
    else:
        tabel, lembar, angka_xlsx = _baca_xlsx(path, lembar)
        nama_tabel = "sumber_xlsx"
        con.register(nama_tabel, tabel)
        kolom = [n for n in tabel.column_names if n != "_baris"]
    peta, masalah = petakan_kolom(kolom, pemetaan, aturan, path.name)
    if masalah:
        raise GalatValidasi(
            f"Berkas '{path.name}' tidak dapat diproses: kolom tidak lengkap atau ganda.",
            masalah=masalah,
        )
    return SumberBNBA(
        path=path,
        jenis=jenis,
        kolom_sumber=kolom,
        peta=peta,
        tipe={peta_k: tipe[s] for peta_k, s in peta.items() if s in tipe},
        lembar=lembar,
        opsi_csv=opsi_csv,
        baris_judul=baris_judul,
        nama_tabel_xlsx=nama_tabel,
        angka_xlsx=angka_xlsx,
    )


# --------------------------------------------------------------------------------------------
# Typed expressions (one per canonical column)
#
# Per-row string functions are the cost of a 10-million-row pass, so every expression takes
# a cheap exact path first (equality with the listed spellings, TRY_CAST, ``contains``) and
# falls back to trimming/lower-casing only for the rows that need it.


def _teks(sumber: SumberBNBA, kanon: str) -> str:
    """The source column as VARCHAR, untrimmed (NULL when the column is absent)."""
    s = sumber.kolom(kanon)
    if s is None:
        return "NULL::VARCHAR"
    t = sumber.tipe.get(kanon)
    if t is not None and (pa.types.is_string(t) or pa.types.is_large_string(t)):
        return q(s)
    return f"CAST({q(s)} AS VARCHAR)"


def _angka(sumber: SumberBNBA, kanon: str) -> bool:
    t = sumber.tipe.get(kanon)
    return t is not None and (pa.types.is_integer(t) or pa.types.is_boolean(t))


def _ejaan(alias: Iterable[str]) -> list[str]:
    """Spellings tried by exact comparison: as listed, UPPER and Title case."""
    hasil: list[str] = []
    for a in alias:
        for v in (a, a.upper(), a.title()):
            if v not in hasil:
                hasil.append(v)
    return hasil


class _PetaNilai:
    """Coded values → typed constants through small lookup tables joined to the scan.

    A hash join with a tiny table costs one probe per row, far less than ``IN`` lists of
    spellings. Exact spellings (as listed, UPPER, Title) hit the table; only the remaining rows
    go through ``lower(trim(x))`` (``coalesce`` evaluates its second argument lazily).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.gabung: list[str] = []
        self.n = 0

    def kategori(
        self, teks: str, peta: dict[str, list[str]], hasil: dict[str, Any], tipe: str
    ) -> str:
        def sql_nilai(v: Any) -> str:
            return "true" if v is True else "false" if v is False else str(int(v))

        baris: dict[str, Any] = {}
        lambat: dict[str, Any] = {}
        for kanon, alias in peta.items():
            alias = [a for a in alias if a != ""]
            for v in _ejaan(alias):
                baris.setdefault(v, hasil[kanon])
            for v in alias:
                lambat.setdefault(v, hasil[kanon])
        if not baris:
            return "NULL"
        self.n += 1
        tabel, nilai, kode = f"peta_nilai_{self.n}", f"_nilai_{self.n}", f"_kode_{self.n}"
        isi = ", ".join(f"({lit(k)}, {sql_nilai(v)}::{tipe})" for k, v in baris.items())
        self.con.execute(
            f"CREATE OR REPLACE TEMP TABLE {tabel} AS SELECT * FROM (VALUES {isi}) t({nilai}, {kode})"
        )
        self.gabung.append(f"LEFT JOIN {tabel} ON {tabel}.{nilai} = {teks}")
        # Fallback as ONE map lookup: an IN list would be rewritten into a join evaluated on
        # every row, and a repeated lower(trim(x)) would be hoisted out of the lazy coalesce.
        peta_sql = ", ".join(f"{lit(k)}: {sql_nilai(v)}::{tipe}" for k, v in lambat.items())
        return f"coalesce({tabel}.{kode}, MAP {{{peta_sql}}}[lower(trim({teks}))])"

    def bendera(self, sumber: SumberBNBA, kanon: str, pemetaan: Pemetaan) -> str:
        s = sumber.kolom(kanon)
        if s is None:
            return "false"
        if _angka(sumber, kanon):
            return f"(CASE WHEN coalesce({q(s)}, 0) = 0 THEN false WHEN {q(s)} = 1 THEN true END)"
        teks = _teks(sumber, kanon)
        peta = pemetaan.nilai["bendera"]
        kategori = self.kategori(
            teks,
            {"ya": peta["ya"], "tidak": peta["tidak"]},
            {"ya": True, "tidak": False},
            "BOOLEAN",
        )
        return f"(CASE WHEN {teks} IS NULL OR {teks} = '' THEN false ELSE {kategori} END)"


def _ekspr_tanggal(sumber: SumberBNBA, pemetaan: Pemetaan) -> str:
    s = sumber.kolom_wajib("tanggal_lahir")
    t = sumber.tipe.get("tanggal_lahir")
    if t is not None and (pa.types.is_date(t) or pa.types.is_timestamp(t)):
        return f"CAST({q(s)} AS DATE)"
    teks = _teks(sumber, "tanggal_lahir")
    fmt = "[" + _daftar_lit(pemetaan.format_tanggal) + "]"
    return f"CAST(coalesce(try_strptime({teks}, {fmt}), try_strptime(trim({teks}), {fmt})) AS DATE)"


def _ekspr_desil(sumber: SumberBNBA) -> str:
    s = sumber.kolom_wajib("desil")
    if _angka(sumber, "desil"):
        return f"(CASE WHEN {q(s)} BETWEEN 1 AND 10 THEN {q(s)} END)::UTINYINT"
    teks = _teks(sumber, "desil")
    return (
        f"coalesce(CASE WHEN regexp_full_match({teks}, '[0-9]{{1,2}}') "
        f"AND TRY_CAST({teks} AS UTINYINT) BETWEEN 1 AND 10 THEN TRY_CAST({teks} AS UTINYINT) END, "
        f"TRY_CAST(regexp_extract(lower(trim({teks})), "
        r"'^(desil\s*)?0*(10|[1-9])(\.0+)?$', 2) AS UTINYINT))"
    )


def _ekspr_angka_cepat(teks: str, digit: int) -> str:
    """Fast path of a code/number column: ``TRY_CAST`` of the raw string when it is ``digit``
    bytes long, starts with 1–9 and has no exponent (NULL otherwise).

    ``TRY_CAST`` also accepts ``+``, ``0x``, ``_``, a decimal point, surrounding whitespace and
    exponents: the length, the first character and the ``e``/``E`` tests rule out every form
    that could still give ``digit`` digits, so a result below ``10^(digit-1)`` (a trailing
    space, ``_`` or ``.``) is simply invalid — see :func:`sql_dalam_rentang`.
    """
    return (
        f"(CASE WHEN strlen({teks}) = {digit} AND {teks} >= '1' AND NOT contains({teks}, 'e') "
        f"AND NOT contains({teks}, 'E') THEN TRY_CAST({teks} AS UBIGINT) END)"
    )


def _ekspr_angka_lambat(teks: str, digit: int, buang: tuple[str, ...]) -> str:
    """Slow path: ``digit`` decimal digits (first 1–9) with the ``buang`` characters allowed
    anywhere (spaces, a leading ``'`` from Excel, dots in region codes), those removed."""
    kelas = "".join("\\" + c if c in "]\\^-" else c for c in buang)
    pola = f"[{kelas}]*[1-9]([{kelas}]*[0-9]){{{digit - 1}}}[{kelas}]*"
    return (
        f"(CASE WHEN regexp_full_match({teks}, {lit(pola)}) "
        f"THEN CAST(regexp_replace({teks}, {lit('[' + kelas + ']')}, '', 'g') AS UBIGINT) END)"
    )


def _ekspr_angka_kasar(sumber: SumberBNBA, kanon: str, digit: int, buang: tuple[str, ...]) -> str:
    """The number in a code column, NOT yet range-checked (:func:`sql_dalam_rentang`): the fast
    path, and for the rows it leaves NULL the slow path.

    Written so that DuckDB evaluates each string function once per row: ``coalesce`` runs its
    second argument only on the rows still NULL, and neither argument repeats a subexpression
    (DuckDB hoists repeated subexpressions out of ``coalesce`` and evaluates them on every row;
    inside ``CASE``/``AND``/``OR`` it does not deduplicate them at all).
    """
    if sumber.kolom(kanon) is None:
        return "NULL::UBIGINT"
    teks = _teks(sumber, kanon)
    return f"coalesce({_ekspr_angka_cepat(teks, digit)}, {_ekspr_angka_lambat(teks, digit, buang)})"


def sql_dalam_rentang(kolom: str, digit: int) -> str:
    """SQL: ``kolom`` (from :func:`_ekspr_angka_kasar`) when it has ``digit`` digits, else NULL."""
    return f"CASE WHEN {kolom} >= {10 ** (digit - 1)} THEN {kolom} END"


def _ekspr_angka_bersih(sumber: SumberBNBA, kanon: str, digit: int, buang: tuple[str, ...]) -> str:
    """One-expression form of the range-checked number, for small or one-off queries."""
    return sql_dalam_rentang(f"({_ekspr_angka_kasar(sumber, kanon, digit, buang)})", digit)


# --------------------------------------------------------------------------------------------
# Loading


@dataclass
class DataBNBA:
    """A validated export held in a DuckDB connection as the compact typed table ``rek``.

    Columns: ``_baris`` (the row number the user sees), ``nik_num`` (UBIGINT, NULL when the
    NIK is not 16 digits), ``kk_key`` (family key: the No KK number when it is 16 digits, i.e.
    below 2^62; 2^63 | the low 63 bits of the md5 of its trimmed text for an invalid
    non-blank No KK; 2^62 + row for a blank one), ``tanggal_lahir``, ``hubungan`` (index in
    :data:`~analisis.bnba.konfigurasi.HUBUNGAN`), ``desil``, ``desa`` (UBIGINT 10-digit
    Kemendagri code), ``alamat_kunci`` (md5 of the raw address XOR the desa code; see
    :func:`analisis.bnba.cek.periksa` for the normalised comparison), ``bit`` (packed row
    flags: NIK checks, No KK validity, deceased, verval done, synthetic, programme flags —
    layout in :mod:`analisis.bnba.topeng`; NULL only for a row with an unreadable value,
    never once loaded).
    """

    con: duckdb.DuckDBPyConnection
    sumber: SumberBNBA
    kode_wilayah: str
    kode_kemendagri: str
    nama_wilayah: str
    jumlah_baris: int
    program: dict[str, AturanProgram]
    aturan: Aturan
    peringatan: list[Masalah] = field(default_factory=list)
    sintetis: bool = False

    @property
    def berkas(self) -> str:
        return self.sumber.berkas


def info_wilayah(kode_wilayah: str) -> tuple[str, str, str]:
    """(BPS code, Kemendagri code, name) of a kabupaten/kota; Indonesian error otherwise."""
    from analisis.data.wilayah import muat_wilayah

    kode = str(kode_wilayah).strip()
    w = muat_wilayah()
    if kode not in w.index:
        raise GalatAnalisis(
            f"Kode wilayah '{kode}' tidak dikenal. Gunakan kode BPS 4 digit kabupaten/kota "
            "(mis. 6303 untuk Banjar)."
        )
    baris = w.loc[kode]
    if baris["tingkat"] not in ("kabupaten", "kota"):
        raise GalatAnalisis(
            f"Kode wilayah '{kode}' ({baris['wilayah']}) adalah {baris['tingkat']}; data BNBA "
            "diperiksa per kabupaten/kota."
        )
    return kode, str(baris["kode_kemendagri"]), str(baris["wilayah"])


def _contoh_baris(daftar: list[int] | None) -> str:
    daftar = sorted(daftar or [])
    return ", ".join(str(b) for b in daftar)


def sambung(
    con: duckdb.DuckDBPyConnection | None = None,
    memori: str | None = None,
    folder_sementara: str | Path | None = None,
    utas: int | None = None,
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection set up for BNBA work (memory limit and spill folder optional)."""
    con = con or duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    if memori:
        con.execute(f"SET memory_limit = {lit(memori)}")
    if folder_sementara:
        con.execute(f"SET temp_directory = {lit(str(folder_sementara))}")
    if utas:
        con.execute(f"SET threads = {int(utas)}")
    return con


def muat_bnba(
    path: str | Path,
    kode_wilayah: str,
    con: duckdb.DuckDBPyConnection | None = None,
    pemetaan: Pemetaan | None = None,
    aturan: Aturan | None = None,
    referensi_desa: Iterable[str] | None = None,
    lembar: str | None = None,
) -> DataBNBA:
    """Read and validate an export (CSV/XLSX/Parquet) of one kabupaten/kota.

    Args:
        path: the export file.
        kode_wilayah: BPS code of the kabupaten/kota (the NIK/desa checks use its Kemendagri code).
        con: DuckDB connection to hold the typed table (a new one when omitted).
        pemetaan, aturan: parameters (default: ``params/bnba/*.yaml``).
        referensi_desa: optional list of valid 10-digit Kemendagri desa codes; codes outside it
            are errors ("kode desa tidak dikenal").
        lembar: sheet name for XLSX (default: the first sheet).

    Raises:
        GalatValidasi: missing/ambiguous columns, unreadable dates, unknown codes, desa outside
            the kabupaten, desil outside 1–10 … (column and example row numbers, no personal data).
    """
    kode, kode_kmd, nama = info_wilayah(kode_wilayah)
    pemetaan = pemetaan or muat_pemetaan()
    aturan = aturan or muat_aturan()
    con = con or sambung()
    sumber = buka_sumber(path, con, pemetaan, aturan, lembar)
    _periksa_angka_excel(con, sumber)
    program = {k: p for k, p in aturan.program.items() if k in sumber.peta}
    peringatan = [
        Masalah(
            f"kolom program '{k}' ({p.label}) tidak ada: program ini tidak dianalisis",
            berkas=sumber.berkas,
            kolom=k,
            kode="program_tidak_ada",
            tingkat="peringatan",
        )
        for k, p in aturan.program.items()
        if k not in sumber.peta
    ]
    try:
        bertipe = _buat_rek(con, sumber, program, pemetaan, kode_kmd, referensi_desa)
    except duckdb.Error as e:
        raise galat_duckdb(e, sumber.berkas) from None
    masalah = _validasi(con, sumber, bertipe, program, pemetaan, kode_kmd, nama)
    galat = [m for m in masalah if m.tingkat == "galat"]
    if galat:
        raise GalatValidasi(
            f"Berkas '{sumber.berkas}' tidak dapat diproses: {len(galat)} masalah ditemukan "
            "(tidak ada keluaran yang ditulis).",
            masalah=masalah,
        )
    peringatan.extend(masalah)
    n, n_sintetis = con.sql(
        f"SELECT count(*), count(*) FILTER (WHERE bit & {1 << BIT_BARIS['sintetis']} <> 0) FROM rek"
    ).fetchall()[0]
    if n == 0:
        raise GalatValidasi(
            f"Berkas '{sumber.berkas}' tidak dapat diproses (tidak ada keluaran yang ditulis).",
            masalah=[
                Masalah(
                    "berkas hanya berisi baris judul, tanpa satu pun baris data.",
                    berkas=sumber.berkas,
                    lembar=sumber.lembar,
                    kode="tanpa_baris_data",
                )
            ],
        )
    return DataBNBA(
        con=con,
        sumber=sumber,
        kode_wilayah=kode,
        kode_kemendagri=kode_kmd,
        nama_wilayah=nama,
        jumlah_baris=int(n),
        program=program,
        aturan=aturan,
        peringatan=peringatan,
        sintetis=n > 0 and n_sintetis == n,
    )


@dataclass(frozen=True)
class _SqlBertipe:
    """The typed view of a source as a SQL ``WITH`` prefix ending in CTE ``t``: columns
    ``_baris``, ``nik_c``, ``kk_c``, ``desa_c``, ``kec_c`` (numbers not yet range-checked),
    ``kk_s``, ``kec_asli`` (raw text), ``perempuan``, ``tanggal_lahir``, ``hubungan``,
    ``alamat_md5``, ``desil``, ``p_<programme>``, ``meninggal``, ``verval_sudah``,
    ``sintetis``; NULL marks an unreadable value. ``ref_sql`` tests ``desa_v`` against the
    reference list of desa codes (``true`` without one)."""

    sql: str
    kode_kmd: int
    ref_sql: str

    def kec_v(self, desa_v: str) -> str:
        """SQL: the kecamatan code (6 digits), from ``kode_kecamatan`` or else the desa code."""
        return (
            f"coalesce({sql_dalam_rentang('kec_c', 6)}, "
            f"CASE WHEN kec_asli IS NULL THEN {desa_v} // 10000 END)"
        )


def _sql_bertipe(
    con: duckdb.DuckDBPyConnection,
    sumber: SumberBNBA,
    program: dict[str, AturanProgram],
    pemetaan: Pemetaan,
    kode_kmd: str,
    referensi_desa: Iterable[str] | None,
) -> _SqlBertipe:
    """Build the typed CTE (creates the small lookup tables it joins in ``con``)."""
    peta = _PetaNilai(con)
    jk = peta.kategori(
        _teks(sumber, "jenis_kelamin"),
        pemetaan.nilai["jenis_kelamin"],
        {"L": False, "P": True},
        "BOOLEAN",
    )
    hub = peta.kategori(
        _teks(sumber, "hubungan_keluarga"),
        pemetaan.nilai["hubungan_keluarga"],
        {h: i for i, h in enumerate(HUBUNGAN)},
        "UTINYINT",
    )
    if sumber.kolom("status_verval"):
        sudah = pemetaan.nilai.get("status_verval", {}).get("sudah", [])
        verval = peta.kategori(
            _teks(sumber, "status_verval"), {"sudah": sudah}, {"sudah": True}, "BOOLEAN"
        )
        verval = f"coalesce({verval}, false)"
    else:
        verval = "NULL::BOOLEAN"
    sintetis = (
        f"coalesce({_teks(sumber, 'sumber_data')} = 'SINTETIS', false)"
        if sumber.kolom("sumber_data")
        else "false"
    )
    program_sql = "".join(
        f"{peta.bendera(sumber, k, pemetaan)} AS {q('p_' + k)},\n      " for k in program
    )
    meninggal = peta.bendera(sumber, "meninggal", pemetaan)
    ref_sql = "true"
    if referensi_desa is not None:
        ref = sorted({re.sub(r"[\s.]", "", str(x)) for x in referensi_desa})
        angka = [int(r) for r in ref if r.isdigit() and len(r) == 10]
        con.register("ref_desa_arrow", pa.table({"desa": pa.array(angka, pa.uint64())}))
        con.execute("CREATE OR REPLACE TEMP TABLE ref_desa AS SELECT desa FROM ref_desa_arrow")
        con.unregister("ref_desa_arrow")
        ref_sql = "desa_v IN (SELECT desa FROM ref_desa)"
    sql = f"""
    WITH s AS ({sumber.sql()}),
    t AS (
      SELECT _baris::UINTEGER AS _baris,
      {_ekspr_angka_kasar(sumber, "nik", 16, (" ", "'"))} AS nik_c,
      {_ekspr_angka_kasar(sumber, "no_kk", 16, (" ", "'"))} AS kk_c,
      {_teks(sumber, "no_kk")} AS kk_s,
      {jk} AS perempuan,
      {_ekspr_tanggal(sumber, pemetaan)} AS tanggal_lahir,
      ({hub})::UTINYINT AS hubungan,
      {_ekspr_angka_kasar(sumber, "kode_desa", 10, (".", " "))} AS desa_c,
      {_ekspr_angka_kasar(sumber, "kode_kecamatan", 6, (".", " "))} AS kec_c,
      {_teks(sumber, "kode_kecamatan")} AS kec_asli,
      md5_number(coalesce({_teks(sumber, "alamat")}, '')) AS alamat_md5,
      {_ekspr_desil(sumber)} AS desil,
      {program_sql}{meninggal} AS meninggal,
      {verval} AS verval_sudah,
      {sintetis} AS sintetis
      FROM s
      {" ".join(peta.gabung)}
    )
    """
    return _SqlBertipe(sql, int(kode_kmd), ref_sql)


# DuckDB inlines the CTE columns into the final SELECT and deduplicates a repeated expression
# only where it is not inside a short-circuit branch (the 2nd+ argument of AND/OR/CASE); an
# expensive column (a parsed number, the kecamatan code) must therefore be referenced at least
# twice outside such branches, or it is parsed again for every reference. The SQL below keeps
# every such reference first in its AND and combines conditions with bitwise "|".
_NIK_OK = f"nik_c >= {10**15}"
_KK_OK = f"kk_c >= {10**15}"
_DESA_V = sql_dalam_rentang("desa_c", 10)
#: ``kk_key`` of a row with a blank No KK: this + the row number (a family of its own). Every
#: valid 16-digit No KK is a key below it (the comparison uses it: :mod:`analisis.bnba.banding`).
KK_KUNCI_TIDAK_SAH = 2**62
_KK_KOSONG = KK_KUNCI_TIDAK_SAH
#: ``kk_key`` of an invalid non-blank No KK: this | the low 63 bits of the md5 of its trimmed
#: text (md5 bits are uniform: two different texts share a key with probability 2^-63, the
#: standard of the address key; DuckDB's string hash() is not used, it collides for
#: near-identical strings).
_KK_SALAH = 2**63


def _sql_bit(bertipe: _SqlBertipe, program: Iterable[str]) -> str:
    """SQL over ``t``: the packed row flags (layout in :mod:`analisis.bnba.topeng`), NULL when
    some value of the row could not be read (see :func:`_sql_galat_rek`).

    NIK digits 1–12 are the kecamatan code and DDMMYY of birth (DD + 40 for women): one
    comparison of those twelve digits with the value expected from the row tells that all three
    NIK structure checks pass; only the rows where it fails (a few percent) evaluate the three
    checks one by one.

    Unreadable values cost no column of their own: the deceased and programme flags enter
    without ``coalesce`` (a NULL makes ``bit`` NULL), and one more term is NULL when the sex is
    unreadable or the kecamatan code is missing or is not the desa code's first six digits.
    """
    kec_v = bertipe.kec_v(_DESA_V)
    tanggal = (
        "(day(tanggal_lahir) * 10000 + month(tanggal_lahir) * 100 + year(tanggal_lahir) % 100)"
    )
    harapan = f"({kec_v}) * 1000000 + {tanggal}::UBIGINT + perempuan::UBIGINT * 400000"
    satu_satu = {
        "nik_tanggal_beda": f"(nik_c % 10000000000) // 10000 % 400000 <> {tanggal}",
        "nik_jk_beda": "(nik_c % 10000000000 >= 4100000000) <> perempuan",
        "nik_wilayah_beda": f"nik_c // 10000000000 <> {kec_v}",
    }
    rinci = " | ".join(
        f"(coalesce({kond} AND {_NIK_OK}, false)::UINTEGER << {BIT_BARIS[k]})"
        for k, kond in satu_satu.items()
    )
    struktur = f"CASE WHEN nik_c // 10000 = {harapan} THEN 0::UINTEGER ELSE {rinci} END"
    # The kecamatan code is referenced first in its condition so that DuckDB evaluates it once.
    terbaca = (
        f"CASE WHEN ({kec_v}) = ({_DESA_V}) // 10000 AND perempuan IS NOT NULL THEN 0::UINTEGER END"
    )
    bagian = {
        "nik_tidak_valid": f"({_NIK_OK}) IS NOT TRUE",
        "kk_tidak_valid": f"({_KK_OK}) IS NOT TRUE",
        "meninggal": "meninggal",
        "verval_sudah": "coalesce(verval_sudah, false)",
        "sintetis": "sintetis",
    }
    semua = [(kond, BIT_BARIS[k]) for k, kond in bagian.items()]
    semua += [(q("p_" + k), b) for k, b in bit_program(program).items()]
    # Parenthesised: in DuckDB "|" and "<<" have the same precedence.
    return f"({struktur}) | ({terbaca}) | " + " | ".join(
        f"(({kond})::UINTEGER << {b})" for kond, b in semua
    )


def _sql_galat_rek(bertipe: _SqlBertipe) -> str:
    """SQL over ``rek``: true when some value of the row could not be read or a region code does
    not fit (the kinds are told apart by :func:`_validasi`, only when there are some).

    Tested on the stored columns instead of a column of its own: ``bit`` is NULL for an
    unreadable sex, deceased or programme flag and for a kecamatan code that is missing or
    differs from the desa code's first six digits (:func:`_sql_bit`); the kabupaten prefix and
    the reference list are then tested on the desa code alone.
    """
    ref = bertipe.ref_sql.replace("desa_v", "desa")
    kondisi = [f"{k} IS NULL" for k in ("bit", "tanggal_lahir", "hubungan", "desil", "desa")] + [
        f"desa // 1000000 <> {bertipe.kode_kmd}",
        f"NOT ({ref})",
    ]
    return " OR ".join(f"({k})" for k in kondisi)


def _periksa_angka_excel(con: duckdb.DuckDBPyConnection, sumber: SumberBNBA) -> None:
    """Refuse NIK/No KK stored as NUMBERS (XLSX number cells, Parquet floating point): Excel and
    doubles keep 15–16 significant digits, so the values may have changed without a trace."""
    masalah = []
    for kanon, label in (("nik", "NIK"), ("no_kk", "No KK")):
        kolom = sumber.kolom(kanon)
        if kolom is None:
            continue
        baris = sumber.angka_xlsx.get(kolom, [])
        t = sumber.tipe.get(kanon)
        if t is not None and pa.types.is_floating(t):
            baris = [
                int(r[0])
                for r in con.sql(
                    f"SELECT _baris FROM ({sumber.sql()}) WHERE {q(kolom)} IS NOT NULL LIMIT 5"
                ).fetchall()
            ]
            jumlah_teks = "kolom bertipe angka pecahan (double)"
        elif baris:
            jumlah_teks = f"{len(baris):,} sel tersimpan sebagai angka".replace(",", ".")
        else:
            continue
        contoh = ""
        if baris:
            v = con.sql(
                f"SELECT CAST({q(kolom)} AS VARCHAR) FROM ({sumber.sql()}) WHERE _baris = "
                f"{int(baris[0])}"
            ).fetchall()
            if v and v[0][0]:
                contoh = f" (mis. {samarkan_nik(str(v[0][0]))} di baris {baris[0]})"
        masalah.append(
            Masalah(
                f"kolom '{kolom}' ({label}): {jumlah_teks}, bukan teks{contoh}. Excel hanya "
                f"menyimpan 15 digit angka, sehingga digit terakhir {label} 16 digit hilang atau "
                f"berubah tanpa tanda. Format kolom sebagai Teks lalu isi ulang dari sumber "
                f"aslinya (atau ekspor CSV dengan {label} sebagai teks). Contoh baris: "
                f"{_contoh_baris(baris[:5])}",
                berkas=sumber.berkas,
                lembar=sumber.lembar if sumber.jenis == "xlsx" else None,
                baris=baris[0] if baris else None,
                kolom=kolom,
                kode="nik_sebagai_angka",
            )
        )
    if masalah:
        raise GalatValidasi(
            f"Berkas '{sumber.berkas}' tidak dapat diproses: NIK/No KK tersimpan sebagai angka "
            "(tidak ada keluaran yang ditulis).",
            masalah=masalah,
        )


def _buat_rek(
    con: duckdb.DuckDBPyConnection,
    sumber: SumberBNBA,
    program: dict[str, AturanProgram],
    pemetaan: Pemetaan,
    kode_kmd: str,
    referensi_desa: Iterable[str] | None,
) -> _SqlBertipe:
    """One pass over the file → compact typed table ``rek``; returns the typed CTE (reused by
    :func:`_validasi` to locate unreadable values, only when there are some).

    Columns: ``_baris``, ``nik_num``, ``kk_key``, ``tanggal_lahir``, ``hubungan``, ``desil``,
    ``desa``, ``alamat_kunci`` and ``bit`` (packed row flags, :mod:`analisis.bnba.topeng`;
    NULL when some value is unreadable). ``_baris`` comes from the scan itself (Parquet
    ``file_row_number``, CSV ``row_number()`` over the streamed file, XLSX the sheet row):
    DuckDB 2.0 does not keep file order in a parallel ``CREATE TABLE AS`` over several row
    groups, so ``rowid`` cannot be used.
    """
    bertipe = _sql_bertipe(con, sumber, program, pemetaan, kode_kmd, referensi_desa)
    # Row numbers come from the scan, so order only matters for CSV, whose numbering is a
    # streaming row_number() over the file.
    urut = "true" if sumber.jenis == "csv" else "false"
    con.execute(f"SET preserve_insertion_order = {urut}")
    con.execute(
        f"""
    CREATE OR REPLACE TEMP TABLE rek AS
    {bertipe.sql}
    SELECT _baris,
      {sql_dalam_rentang("nik_c", 16)} AS nik_num,
      -- Family key (see DataBNBA): the No KK number when it has 16 digits; a blank No KK
      -- makes the row a family of its own; an invalid non-blank one is keyed by the md5 of
      -- its trimmed text (the CASE evaluates md5 only on those few rows).
      CASE WHEN {_KK_OK} THEN kk_c
           WHEN nullif(trim(kk_s), '') IS NULL THEN {_KK_KOSONG}::UBIGINT + _baris
           ELSE {_KK_SALAH}::UBIGINT | (md5_number_lower(trim(kk_s)) >> 1) END AS kk_key,
      tanggal_lahir, hubungan, desil,
      {_DESA_V} AS desa,
      -- One 64-bit key for "desa + raw address": the md5 of the address folded to 64 bits,
      -- XOR the desa code, so a family whose rows differ in either has two keys (md5 bits are
      -- uniform, so two different addresses share a key with probability 2^-64; DuckDB's
      -- string hash() is not used: it collides for near-identical strings).
      xor(hash(alamat_md5), coalesce(desa_c, 0)) AS alamat_kunci,
      {_sql_bit(bertipe, program)} AS bit
    FROM t
    """
    )
    return bertipe


def _validasi(
    con: duckdb.DuckDBPyConnection,
    sumber: SumberBNBA,
    bertipe: _SqlBertipe,
    program: dict[str, AturanProgram],
    pemetaan: Pemetaan,
    kode_kmd: str,
    nama_wilayah: str,
) -> list[Masalah]:
    """Count and example rows of each kind of unreadable value.

    One cheap count over ``rek`` (:func:`_sql_galat_rek`) says whether there is any; only then
    is the typed view evaluated again with one count per kind (a valid file costs one cheap aggregate).
    """
    ada = f"SELECT count(*) FILTER (WHERE {_sql_galat_rek(bertipe)}) FROM rek"
    if not con.sql(ada).fetchall()[0][0]:
        return []
    kolom_kec = "kode_kecamatan" if sumber.kolom("kode_kecamatan") else "kode_desa"
    cek: list[tuple[str, str, str]] = [
        # (canonical column, SQL condition, kind)
        ("jenis_kelamin", "perempuan IS NULL", "jk"),
        ("tanggal_lahir", "tanggal_lahir IS NULL", "tanggal"),
        ("hubungan_keluarga", "hubungan IS NULL", "hubungan"),
        ("kode_desa", "kode_galat = 1", "desa_format"),
        ("kode_kecamatan", "kode_galat = 2", "kec_format"),
        (kolom_kec, "kode_galat = 3", "kec_wilayah"),
        ("kode_desa", "kode_galat = 4", "desa_kec"),
        ("kode_desa", "kode_galat = 5", "desa_ref"),
        ("desil", "desil IS NULL", "desil"),
        ("meninggal", "meninggal IS NULL", "bendera"),
    ] + [(k, f"{q('p_' + k)} IS NULL", "bendera") for k in program]
    hitung = ", ".join(f"count(*) FILTER (WHERE {kond})" for _, kond, _ in cek)
    contoh = ", ".join(f"min(_baris, 5) FILTER (WHERE {kond})" for _, kond, _ in cek)
    kmd = bertipe.kode_kmd
    # Only for files with unreadable values: clarity over speed.
    sql = f"""
    {bertipe.sql},
    u AS (SELECT *, {_DESA_V} AS desa_v FROM t),
    v AS (SELECT *, {bertipe.kec_v("desa_v")} AS kec_v FROM u),
    w AS (
      SELECT *,
        (CASE
          WHEN desa_v IS NULL THEN 1
          WHEN kec_v IS NULL THEN 2
          WHEN kec_v // 100 <> {kmd} THEN 3
          WHEN desa_v // 10000 <> kec_v THEN 4
          WHEN NOT ({bertipe.ref_sql}) THEN 5
          ELSE 0 END)::UTINYINT AS kode_galat
      FROM v
    )
    SELECT {hitung}, {contoh} FROM w
    """
    try:
        hasil = con.sql(sql).fetchall()[0]
    except duckdb.Error as e:
        raise galat_duckdb(e, sumber.berkas) from None
    jumlah_semua, contoh_semua = hasil[: len(cek)], hasil[len(cek) :]
    masalah: list[Masalah] = []
    for i, (kanon, _kond, jenis) in enumerate(cek):
        jumlah, contoh_baris = jumlah_semua[i], contoh_semua[i]
        if not jumlah:
            continue
        kolom_sumber = sumber.kolom(kanon) or kanon
        label = f"kolom '{kolom_sumber}'" + (f" ({kanon})" if kolom_sumber != kanon else "")
        nilai = ""
        if jenis != "tanggal":
            nilai = _contoh_nilai(
                con,
                sumber,
                sumber.kolom(kanon),
                contoh_baris,
                kode_wilayah=jenis.startswith(("desa", "kec")),
            )
        teks = _pesan_validasi(jenis, int(jumlah), pemetaan, kode_kmd, nama_wilayah, nilai)
        masalah.append(
            Masalah(
                f"{label}: {teks}. Contoh baris: {_contoh_baris(contoh_baris)}",
                berkas=sumber.berkas,
                lembar=sumber.lembar if sumber.jenis == "xlsx" else None,
                baris=int(min(contoh_baris)) if contoh_baris else None,
                kolom=kolom_sumber,
                kode={
                    "jk": "nilai_tidak_dikenal",
                    "hubungan": "nilai_tidak_dikenal",
                    "bendera": "nilai_tidak_dikenal",
                    "tanggal": "tanggal_tidak_valid",
                    "desil": "desil_tidak_valid",
                }.get(jenis, "kode_wilayah_tidak_dikenal"),
            )
        )
    return masalah


def _contoh_nilai(
    con: duckdb.DuckDBPyConnection,
    sumber: SumberBNBA,
    kolom: str | None,
    baris: list[int] | None,
    kode_wilayah: bool = False,
) -> str:
    """Distinct raw values of a CODED (non-personal) column at the example rows; a value that
    may be personal data (columns shifted, a header row missing …) is not quoted."""
    if not kolom or not baris:
        return ""
    daftar = ", ".join(str(int(b)) for b in baris)
    try:
        nilai = con.sql(
            f"SELECT DISTINCT CAST({q(kolom)} AS VARCHAR) FROM ({sumber.sql()}) "
            f"WHERE _baris IN ({daftar}) LIMIT 5"
        ).fetchall()
    except duckdb.Error:
        return ""
    return ", ".join(dict.fromkeys(nilai_untuk_pesan(v[0], kode_wilayah) for v in nilai))


def _pesan_validasi(
    jenis: str, jumlah: int, pemetaan: Pemetaan, kode_kmd: str, nama_wilayah: str, nilai: str
) -> str:
    dengan_nilai = f" (nilai: {nilai})" if nilai else ""
    if jenis == "jk":
        return (
            f"{jumlah} nilai jenis kelamin kosong atau tidak dikenal{dengan_nilai}; yang diterima: "
            "L/laki-laki/1 dan P/perempuan/2 (tambahkan alias di pemetaan_kolom.yaml)"
        )
    if jenis == "tanggal":
        fmt = ", ".join(format_tanggal_teks(f) for f in pemetaan.format_tanggal[:6])
        return f"{jumlah} tanggal lahir kosong atau tidak dapat dibaca; format yang diterima: {fmt}"
    if jenis == "hubungan":
        return (
            f"{jumlah} nilai hubungan keluarga kosong atau tidak dikenal{dengan_nilai}; yang "
            f"diterima: {', '.join(HUBUNGAN)}. Kode angka (SHDK/DTKS) harus dipetakan di "
            "pemetaan_kolom.yaml"
        )
    if jenis == "desil":
        return f"{jumlah} nilai desil kosong atau di luar 1-10{dengan_nilai}"
    if jenis == "bendera":
        return (
            f"{jumlah} nilai tidak dikenal{dengan_nilai}; yang diterima: 1/0, ya/tidak (kosong = "
            "tidak)"
        )
    if jenis == "desa_format":
        return (
            f"{jumlah} kode desa kosong atau bukan 10 digit Kemendagri{dengan_nilai} "
            "(contoh bentuk: 63.03.01.2001)"
        )
    if jenis == "kec_format":
        return f"{jumlah} kode kecamatan bukan 6 digit Kemendagri{dengan_nilai}"
    if jenis == "kec_wilayah":
        return (
            f"{jumlah} kode tidak dikenal untuk {nama_wilayah}{dengan_nilai}: kode Kemendagri "
            f"wilayah ini berawalan {kode_kmd} (kode BPS dan Kemendagri dapat berbeda)"
        )
    if jenis == "desa_kec":
        return f"{jumlah} kode desa tidak berada di kecamatan baris yang sama{dengan_nilai}"
    if jenis == "desa_ref":
        return (
            f"{jumlah} kode desa tidak dikenal (tidak ada di daftar referensi desa){dengan_nilai}"
        )
    return f"{jumlah} nilai tidak valid"


def tanggal_hari_ini() -> date:
    """Today's date (a function so tests can monkeypatch it)."""
    return date.today()
