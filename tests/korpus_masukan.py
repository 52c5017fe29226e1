"""A corpus of malformed inputs for every input kind, and a runner that classifies outcomes.

Test helper, not shipped. :func:`korpus` builds :class:`Varian` objects (one malformed file and
the real ``analisis`` command that reads it) for the eight input kinds of issue 15: BPS tables,
tidy CSV, WebAPI JSON, evaluator files, budget files, BNBA extracts (generic byte, encoding and
structure classes only), province parameter YAML and ranking framework YAML. :func:`jalankan`
runs one variant through the ``analisis`` click group and classifies the outcome:

- ``OK``: the expected outcome — for a refused file a non-zero exit, no traceback, an
  Indonesian message naming the file, nothing written; for a file that must be accepted (a
  quoted separator, a footnoted year, a dynamic-table export …) exit 0 and the expected note;
- ``BUG``: a traceback, an English message, an exit 0 for a file that must be refused, a
  message without the file name, or anything written by a failed command.

``python tests/korpus_masukan.py`` prints the findings table (kind, class, variant, verdict,
exit code, first line of the message).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

FOLDER_UJI = Path(__file__).resolve().parent
AKAR = FOLDER_UJI.parent
IMPOR = FOLDER_UJI / "data" / "impor"
ANGGARAN = FOLDER_UJI / "data" / "anggaran"
PARAMS = AKAR / "params"

BPS_CSV = IMPOR / "bps_p0_kalsel_2021_2025.csv"
BPS_XLSX = IMPOR / "bps_kemiskinan_kaltim_kalbar.xlsx"
BPS_PANJANG = IMPOR / "bps_p0_kalsel_dinamis_panjang.csv"
WEBAPI = IMPOR / "webapi_p0_kalsel_var103.json"
ANGGARAN_CSV = ANGGARAN / "kecil_anggaran_6303_2024.csv"
ANGGARAN_XLSX = PARAMS / "anggaran/contoh/contoh_anggaran_6303_2022-2024.xlsx"
EVALUATOR_CSV = PARAMS / "peringkat/contoh_evaluator_6300_2024.csv"
EVALUATOR_XLSX = PARAMS / "peringkat/contoh_evaluator_6300_2024.xlsx"
PARAMS_KALSEL = PARAMS / "provinsi/6300_kalimantan_selatan.yaml"
KERANGKA = PARAMS / "peringkat/kerangka_bawaan.yaml"
RAPI_CSV = (
    "kode_wilayah,tahun,periode,indikator,nilai,kualitas\n"
    "6303,2023,Maret,p0,2.36,A\n"
    "6304,2023,Maret,p0,4.47,A\n"
)

JENIS = (
    "tabel_bps",
    "csv_rapi",
    "json_webapi",
    "evaluator",
    "anggaran",
    "bnba",
    "params_provinsi",
    "kerangka",
)

#: Words that only appear in English library messages (never in the Indonesian texts).
_INGGRIS = re.compile(
    r"\b(Traceback|Error|error|invalid|expected|Expecting|unexpected|not well-formed|"
    r"No such file|Permission denied|line \d+, column|is not|cannot|could not|File is not|"
    r"Bad magic|truncated|object has no|got an|takes \d|Unterminated|delimiter|Extra data|"
    r"found character|mapping values|could not|constructor|not allowed|block end)\b"
)


@dataclass(frozen=True)
class Varian:
    """One malformed input and the command that reads it."""

    jenis: str
    kelas: str
    nama: str
    berkas: str
    isi: bytes
    #: argv builder: (the input file, the working folder) → arguments after ``analisis``.
    perintah: Callable[[Path, Path], list[str]]
    #: False: the file must be accepted (exit 0), e.g. a quoted separator or a footnoted year.
    ditolak: bool = True
    #: Text that must appear in the output (the named token, the note on a conversion …).
    harus_ada: tuple[str, ...] = ()
    #: Companion files written next to the input (name → bytes).
    pendamping: dict[str, bytes] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.jenis}-{self.kelas}-{self.nama}"


@dataclass(frozen=True)
class Hasil:
    varian: Varian
    status: str  # "OK" | "BUG"
    alasan: str
    kode_keluar: int
    keluaran: str

    @property
    def pesan(self) -> str:
        baris = [b.strip() for b in self.keluaran.splitlines() if b.strip()]
        return " ".join(baris)[:240]


# ------------------------------------------------------------------------------ commands
def _impor(p: Path, kerja: Path) -> list[str]:
    return ["--penyimpanan", str(kerja / "simpan"), "data", "impor", str(p)]


def _anggaran(p: Path, kerja: Path) -> list[str]:
    return ["anggaran", "cek", str(p)]


def _evaluator(p: Path, kerja: Path) -> list[str]:
    return ["peringkat", "cek-evaluator", str(p), "--provinsi", "63", "--tahun", "2024"]


def _bnba(p: Path, kerja: Path) -> list[str]:
    return [
        "bnba",
        "cek",
        str(p),
        "--wilayah",
        "6303",
        "--keluaran",
        str(kerja / "keluar"),
        "--tanggal-acuan",
        "2025-01-01",
        "--p0",
        "2.36",
        "--penduduk",
        "600000",
    ]


def _params(p: Path, kerja: Path) -> list[str]:
    return [
        "--folder-params",
        str(p.parent.parent),
        "evaluasi",
        "--wilayah",
        "6303",
        "--tahun",
        "2024",
        "--params",
        str(p),
        "--keluaran",
        str(kerja / "laporan"),
    ]


def _kerangka(p: Path, kerja: Path) -> list[str]:
    """The ranking run (the framework's real consumer; it validates before reading results)."""
    return [
        "peringkat",
        "--provinsi",
        "63",
        "--tahun",
        "2024",
        "--kerangka",
        str(p),
        "--keluaran",
        str(kerja / "laporan"),
    ]


PERINTAH: dict[str, Callable[[Path, Path], list[str]]] = {
    "tabel_bps": _impor,
    "csv_rapi": _impor,
    "json_webapi": _impor,
    "evaluator": _evaluator,
    "anggaran": _anggaran,
    "bnba": _bnba,
    "params_provinsi": _params,
    "kerangka": _kerangka,
}

#: (kind) → (base file name, base bytes, extension kind) of the text input of each kind.
_DASAR_TEKS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "tabel_bps": (BPS_CSV.name, BPS_CSV.read_bytes),
    "csv_rapi": ("rapi_p0.csv", lambda: RAPI_CSV.encode()),
    "json_webapi": (WEBAPI.name, WEBAPI.read_bytes),
    "evaluator": (EVALUATOR_CSV.name, EVALUATOR_CSV.read_bytes),
    "anggaran": (ANGGARAN_CSV.name, ANGGARAN_CSV.read_bytes),
    "bnba": ("bnba_6303.csv", lambda: _bnba_csv()),
    "params_provinsi": ("provinsi/6300_uji.yaml", PARAMS_KALSEL.read_bytes),
    "kerangka": ("kerangka_uji.yaml", KERANGKA.read_bytes),
}


@lru_cache(maxsize=1)
def _bnba_csv() -> bytes:
    """A small SYNTHETIC BNBA extract (the project's generator; no real person)."""
    from datetime import date

    from analisis.bnba.sintetis import buat_contoh

    with tempfile.TemporaryDirectory() as d:
        buat_contoh(
            "6303",
            50,
            tujuan=d,
            format="csv",
            tanggal_acuan=date(2025, 1, 1),
            tulis_manifest=False,
        )
        (berkas,) = Path(d).glob("*.csv")
        return berkas.read_bytes()


def _pendamping(jenis: str) -> dict[str, bytes]:
    if jenis == "anggaran":
        return {
            p.name: p.read_bytes()
            for p in ANGGARAN.glob("kecil_*_6303_2024.csv")
            if p.name != ANGGARAN_CSV.name
        }
    return {}


def _v(jenis: str, kelas: str, nama: str, isi: bytes, berkas: str | None = None, **kw) -> Varian:
    berkas = berkas or _DASAR_TEKS[jenis][0]
    kw.setdefault("pendamping", _pendamping(jenis))
    return Varian(jenis, kelas, nama, berkas, isi, PERINTAH[jenis], **kw)


# ------------------------------------------------------------------------------ byte classes
def _teks(jenis: str) -> str:
    return _DASAR_TEKS[jenis][1]().decode("utf-8-sig")


def _ganti_akhiran(berkas: str, akhiran: str) -> str:
    return str(Path(berkas).with_suffix(akhiran))


def _xlsx_kecil() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["a", "b"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _zip_xml_rusak(asli: bytes) -> bytes:
    """The workbook with its first worksheet's XML cut in the middle of a tag."""
    masuk = zipfile.ZipFile(io.BytesIO(asli))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for item in masuk.infolist():
            isi = masuk.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                isi = isi[: len(isi) // 2] + b"<c r=</row>"
            z.writestr(item, isi)
    return buf.getvalue()


def _parquet_kecil() -> bytes:
    import pandas as pd

    buf = io.BytesIO()
    pd.DataFrame({"nik": ["6303010101900001"], "nama": ["x"]}).to_parquet(buf)
    return buf.getvalue()


def varian_bita(jenis: str) -> Iterator[Varian]:
    """Encodings and bytes: UTF-16 ±BOM, Windows-1252, neither, binary, 0 bytes, damaged zip."""
    teks = _teks(jenis)
    tambahan = "\n# Catatan – BPS\n" if jenis in ("params_provinsi", "kerangka") else "\n"
    if jenis == "json_webapi":
        teks_1252 = teks.replace('"Kemiskinan dan Ketimpangan"', '"Kemiskinan – Ketimpangan"')
    else:
        teks_1252 = teks.rstrip("\n") + tambahan + ("Catatan – BPS\n" if tambahan == "\n" else "")
    yield _v(jenis, "enkode", "utf16_bom", teks.encode("utf-16"), harus_ada=("UTF-16",))
    yield _v(jenis, "enkode", "utf16_tanpa_bom", teks.encode("utf-16-le"), harus_ada=("UTF-16",))
    yield _v(jenis, "enkode", "utf16_be_tanpa_bom", teks.encode("utf-16-be"), harus_ada=("UTF-16",))
    yield _v(
        jenis,
        "enkode",
        "windows1252",
        teks_1252.encode("cp1252", "replace"),
        harus_ada=("Windows-1252",),
    )
    bukan = teks.encode()[:40] + b"\x81\x8d\x8f" + teks.encode()[40:]
    yield _v(jenis, "enkode", "bukan_utf8_bukan_1252", bukan, harus_ada=("0x81",))
    yield _v(jenis, "bita", "nol_bita", b"", harus_ada=("0 bita",))
    yield _v(jenis, "bita", "png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), harus_ada=("PNG",))
    yield _v(jenis, "bita", "biner_acak", bytes(range(256)) * 4)
    yield _v(jenis, "bita", "xlsx_berganti_nama", _xlsx_kecil(), harus_ada=("zip",))
    yield _v(jenis, "bita", "parquet_berganti_nama", _parquet_kecil(), harus_ada=("Parquet",))
    yield _v(jenis, "bita", "hanya_spasi", b" \r\n\t\n")
    if jenis in ("tabel_bps", "evaluator", "anggaran", "bnba"):
        asli = {
            "tabel_bps": BPS_XLSX,
            "evaluator": EVALUATOR_XLSX,
            "anggaran": ANGGARAN_XLSX,
        }.get(jenis)
        isi = asli.read_bytes() if asli else _xlsx_bnba()
        nama = asli.name if asli else "bnba_6303.xlsx"
        yield _v(jenis, "bita", "xlsx_terpotong", isi[: len(isi) // 2], nama, pendamping={})
        yield _v(
            jenis,
            "bita",
            "xlsx_xml_rusak",
            _zip_xml_rusak(isi),
            nama,
            pendamping={},
            harus_ada=("bukan XML yang sah",),
        )
        yield _v(jenis, "bita", "xlsx_nol_bita", b"", nama, pendamping={}, harus_ada=("0 bita",))
        yield _v(jenis, "bita", "xlsx_berisi_teks", teks.encode(), nama, pendamping={})
    if jenis == "bnba":
        pq = _parquet_kecil()
        yield _v(jenis, "bita", "parquet_terpotong", pq[: len(pq) // 2], "bnba_6303.parquet")
        yield _v(jenis, "bita", "parquet_nol_bita", b"", "bnba_6303.parquet")
        yield _v(jenis, "bita", "parquet_berisi_teks", _bnba_csv(), "bnba_6303.parquet")


def _xlsx_bnba() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for baris in csv.reader(io.StringIO(_bnba_csv().decode())):
        ws.append(baris)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------ CSV structure
_CSV = ("tabel_bps", "csv_rapi", "evaluator", "anggaran", "bnba")


def _pemisah(teks: str) -> str:
    kepala = next(b for b in teks.splitlines() if not b.startswith(("#", '"#')))
    return ";" if kepala.count(";") > kepala.count(",") else ","


def varian_csv(jenis: str) -> Iterator[Varian]:
    """Field limit, unclosed quote, misread delimiter, shifting decimal commas."""
    teks = _teks(jenis)
    baris = teks.splitlines()
    sep = _pemisah(teks)
    # A cell over the csv module's default field limit (131 072 characters).
    panjang = list(baris)
    sel = panjang[-1].split(sep)
    sel[-1] = '"' + "x" * 140_000 + '"'
    panjang[-1] = sep.join(sel)
    yield _v(jenis, "csv", "sel_melebihi_batas", ("\n".join(panjang) + "\n").encode())
    # An unclosed quote in a data row that swallows the rows after it.
    kutip = list(baris)
    i = len(kutip) - 2
    kutip[i] = kutip[i].replace(sep, sep + '"', 1)
    yield _v(jenis, "csv", "kutip_tidak_tertutup", ("\n".join(kutip) + "\n").encode())
    # A header with quoted cells full of the other separator (must still be read right).
    if jenis == "csv_rapi":
        lain = '"kode_wilayah";"tahun";"periode";"indikator";"nilai";"kualitas"\n'
        lain += '"6303";"2023";"Maret";"p0";"2,36";"A"\n"6304";"2023";"Maret";"p0";"4,47";"A"\n'
        yield _v(jenis, "csv", "pemisah_dikutip", lain.encode(), ditolak=False)
        koma = "kode_wilayah,tahun,periode,indikator,nilai,kualitas\n6303,2023,Maret,p0,2,36,A\n"
        yield _v(
            jenis,
            "csv",
            "koma_desimal_menggeser",
            koma.encode(),
            harus_ada=("kolom 'G'", "sel lebih 'A'", "koma desimal"),
        )
        ribu = (
            "kode_wilayah,tahun,periode,indikator,nilai,kualitas\n"
            '6303,2023,Maret,jumlah_penduduk_miskin,"1.234,5",A\n'
        )
        yield _v(jenis, "csv", "pemisah_ribuan", ribu.encode(), ditolak=False)
        persen = "kode_wilayah,tahun,periode,indikator,nilai,kualitas\n6303,2023,Maret,p0,2.36%,A\n"
        yield _v(jenis, "csv", "tanda_persen", persen.encode(), ditolak=False, harus_ada=("%",))
        ragu = (
            "kode_wilayah,tahun,periode,indikator,nilai,kualitas\n"
            '6303,2023,Maret,jumlah_penduduk_miskin,"1.234",A\n'
        )
        # Dotted thousands in a file without decimals are read as thousands (the BPS convention)
        # and reported with the token; see angka.py. Accepted, never silent.
        yield _v(
            jenis,
            "csv",
            "ribuan_tanpa_desimal",
            ragu.encode(),
            ditolak=False,
            harus_ada=("pemisah ribuan", "'1.234' dibaca 1234", "--desimal"),
        )
    if sep == ",":
        geser = list(baris)
        j = next(
            k for k in range(len(geser) - 1, 0, -1) if re.search(r",\d+,", geser[k]) is not None
        )
        geser[j] = re.sub(r",(\d+),", r",\1,5,", geser[j], count=1)
        yield _v(jenis, "csv", "kolom_bergeser", ("\n".join(geser) + "\n").encode())
    # Only a header row / header repeated.
    yield _v(jenis, "csv", "hanya_kepala", (baris[0] + "\n").encode())


# ------------------------------------------------------------------------------ headers
def varian_kepala() -> Iterator[Varian]:
    teks = _teks("tabel_bps")
    tahun = re.search(r";(20\d\d);", teks)
    assert tahun is not None
    th = tahun.group(1)
    yield _v(
        "tabel_bps",
        "kepala",
        "tahun_catatan_kaki",
        teks.replace(f";{th};", f";{th}*);", 1).encode(),
        ditolak=False,
        harus_ada=(f"{th}*)",),
    )
    yield _v(
        "tabel_bps",
        "kepala",
        "tahun_dua_bintang",
        teks.replace(f";{th};", f";{th}**);", 1).encode(),
        ditolak=False,
        harus_ada=(f"{th}**)",),
    )
    yield _v(
        "tabel_bps",
        "kepala",
        "bukan_tahun_20x3",
        teks.replace(f";{th};", ";20x3;", 1).encode(),
        harus_ada=("20x3",),
    )
    lain = re.findall(r";(20\d\d)(?=;|\n)", teks)
    kedua = next(t for t in lain if t != th)
    ganda = teks.replace(f";{kedua}", f";{th}", 1)
    yield _v("tabel_bps", "kepala", "tahun_ganda", ganda.encode(), harus_ada=(th,))
    rapi = "kode_wilayah,tahun,periode,indikator,nilai,kualitas\n6303,20x3,Maret,p0,2.36,A\n"
    yield _v("csv_rapi", "kepala", "tahun_bukan_angka", rapi.encode(), harus_ada=("20x3",))
    ganda = "kode_wilayah,tahun,tahun,indikator,nilai,kualitas\n6303,2023,2024,p0,2.36,A\n"
    yield _v("csv_rapi", "kepala", "kolom_ganda", ganda.encode(), harus_ada=("tahun",))
    yield _v(
        "tabel_bps",
        "kepala",
        "dinamis_panjang",
        BPS_PANJANG.read_bytes(),
        BPS_PANJANG.name,
        ditolak=False,
    )


# ------------------------------------------------------------------------------ values and keys
def varian_nilai() -> Iterator[Varian]:
    rapi = "kode_wilayah,tahun,periode,indikator,nilai,kualitas\n"
    for nama, baris, token in (
        ("nilai_teks", "6303,2023,Maret,p0,dua,A", "dua"),
        ("nilai_tak_hingga", "6303,2023,Maret,p0,1e309,A", "1e309"),
        ("nilai_nan", "6303,2023,Maret,p0,NaN,A", "NaN"),
        ("di_luar_rentang", "6303,2023,Maret,p0,236,A", "236"),
        ("wilayah_tidak_dikenal", "6399,2023,Maret,p0,2.36,A", "6399"),
        ("indikator_salah_eja", "6303,2023,Maret,p9,2.36,A", "p9"),
        ("periode_salah", "6303,2023,Maretz,p0,2.36,A", "Maretz"),
        ("kualitas_salah", "6303,2023,Maret,p0,2.36,Z", "Z"),
        ("rumus", "6303,2023,Maret,p0,=1+1,A", "=1+1"),
        ("baris_ganda", "6303,2023,Maret,p0,2.36,A\n6303,2023,Maret,p0,2.40,A", "6303"),
    ):
        yield _v("csv_rapi", "nilai", nama, (rapi + baris + "\n").encode(), harus_ada=(token,))
    j = json.loads(WEBAPI.read_text("utf-8"))
    kunci = next(iter(j["datacontent"]))

    def ubah_json(nama: str, f: Callable[[dict], None], token: str = "") -> Varian:
        salin = json.loads(json.dumps(j))
        f(salin)
        return _v(
            "json_webapi",
            "json",
            nama,
            json.dumps(salin).encode(),
            harus_ada=(token,) if token else (),
        )

    yield ubah_json("boolean", lambda d: d["datacontent"].__setitem__(kunci, True), "true")
    yield ubah_json("teks", lambda d: d["datacontent"].__setitem__(kunci, "dua"), "dua")
    yield ubah_json("vervar_bukan_daftar", lambda d: d.__setitem__("vervar", {"val": 1}))
    yield ubah_json("var_hilang", lambda d: d.pop("var"))
    yield ubah_json("datacontent_daftar", lambda d: d.__setitem__("datacontent", [1, 2]))
    yield ubah_json(
        "datacontent_bersarang", lambda d: d["datacontent"].__setitem__(kunci, {"a": 1})
    )
    yield ubah_json("bukan_objek", lambda d: d.clear())
    dalam = ("[" * 5000 + "]" * 5000).encode()
    yield _v("json_webapi", "json", "sangat_dalam", dalam, harus_ada=("terlalu dalam",))
    yield _v("json_webapi", "json", "terpotong", WEBAPI.read_bytes()[:300])
    yield _v(
        "json_webapi",
        "json",
        "nan",
        WEBAPI.read_bytes().replace(b'"status"', b'"x": NaN, "status"'),
    )


def _yaml(jenis: str, data) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def varian_yaml() -> Iterator[Varian]:
    for jenis in ("params_provinsi", "kerangka"):
        teks = _teks(jenis)
        kunci = "nama:" if jenis == "kerangka" else "provinsi:"
        baris = next(b for b in teks.splitlines() if b.startswith(kunci))
        yield _v(
            jenis,
            "yaml",
            "kunci_ganda",
            teks.replace(baris, baris + "\n" + baris, 1).encode(),
            harus_ada=("ditulis dua kali",),
        )
        bom = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
            f"{c}: &{c} [{','.join(['*' + p] * 10)}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        yield _v(jenis, "yaml", "bom_alias", bom.encode(), harus_ada=("alias",))
        yield _v(jenis, "yaml", "rekursif", b"a: &a [*a]\n")
        yield _v(jenis, "yaml", "sintaks", (teks + "\n  : : [\n").encode())
        yield _v(jenis, "yaml", "daftar_bukan_pemetaan", b"- a\n- b\n")
        yield _v(
            jenis,
            "yaml",
            "tag_python",
            b"!!python/object/apply:os.system ['true']\n",
            harus_ada=("!!python/object/apply:os.system",),
        )
        yield _v(jenis, "yaml", "tab", teks.replace("\n  ", "\n\t", 1).encode())
        kunci_nilai = "provinsi: '6300'" if jenis == "params_provinsi" else "nama: x"
        yield _v(
            jenis,
            "yaml",
            "tanggal_salah",
            f"{kunci_nilai}\ntanggal: 2024-13-45\n".encode(),
            harus_ada=("2024-13-45",),
        )
        yield _v(
            jenis,
            "yaml",
            "tag_int_salah",
            f"{kunci_nilai}\nx: !!int dua\n".encode(),
            harus_ada=("dua",),
        )
    k = yaml.safe_load(KERANGKA.read_text("utf-8"))
    kode = k["dimensi"][0]["indikator"][0]["kode"]
    salah = KERANGKA.read_text("utf-8").replace(f"kode: {kode}", "kode: penurunan_p9_3th", 1)
    yield _v("kerangka", "yaml", "kode_salah_eja", salah.encode(), harus_ada=("penurunan_p9_3th",))
    bobot = KERANGKA.read_text("utf-8").replace("bobot: ", "bobot: 1", 1)
    yield _v("kerangka", "yaml", "bobot_tidak_berjumlah_satu", bobot.encode())
    p = yaml.safe_load(PARAMS_KALSEL.read_text("utf-8"))
    lain = dict(
        p,
        target_wilayah={
            "6471": [{"indikator": "p0", "tahun": 2026, "nilai": 2.0, "sumber": "uji"}]
        },
    )
    yield _v(
        "params_provinsi",
        "yaml",
        "target_provinsi_lain",
        _yaml("params_provinsi", lain),
        harus_ada=("6471",),
    )
    for nama, jalur in (("naik_folder", "../../rahasia.csv"), ("mutlak", "/etc/passwd")):
        keluar = dict(p, anggaran=[jalur])
        yield _v(
            "params_provinsi",
            "yaml",
            f"jalur_{nama}",
            _yaml("params_provinsi", keluar),
            harus_ada=(jalur,),
        )
    keluar = json.loads(json.dumps(p))
    keluar["peringkat"]["kerangka"] = "../../../etc/kerangka.yaml"
    yield _v(
        "params_provinsi",
        "yaml",
        "jalur_kerangka_keluar",
        _yaml("params_provinsi", keluar),
        harus_ada=("../../../etc/kerangka.yaml",),
    )
    salah_kunci = PARAMS_KALSEL.read_text("utf-8").replace("jendela_tahun:", "jendela_tahunn:", 1)
    yield _v(
        "params_provinsi",
        "yaml",
        "kunci_salah_eja",
        salah_kunci.encode(),
        harus_ada=("jendela_tahunn",),
    )
    salah_kunci = KERANGKA.read_text("utf-8").replace("bobot:", "bobott:", 1)
    yield _v("kerangka", "yaml", "kunci_salah_eja", salah_kunci.encode(), harus_ada=("bobott",))
    salah = dict(p, indikator_tren=["p0", "p9"])
    yield _v(
        "params_provinsi",
        "yaml",
        "indikator_salah_eja",
        _yaml("params_provinsi", salah),
        harus_ada=("p9",),
    )


def korpus() -> list[Varian]:
    """Every variant of the corpus."""
    hasil: list[Varian] = []
    for jenis in JENIS:
        hasil += varian_bita(jenis)
        if jenis in _CSV:
            hasil += varian_csv(jenis)
    hasil += varian_kepala()
    hasil += varian_nilai()
    hasil += varian_yaml()
    return hasil


# ------------------------------------------------------------------------------ running
def _isi_folder(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


@contextmanager
def _tanpa_kernel() -> Iterator[list[str]]:
    """``analisis evaluasi`` without a kernel: the run itself is replaced by a recorder (the
    parameter file is validated before it, which is all the corpus checks)."""
    import analisis.evaluasi.jalankan as modul

    dipanggil: list[str] = []
    asli = modul.jalankan_evaluasi

    def catat(kode, *a, **kw):
        dipanggil.append(kode)
        raise SystemExit(0)

    modul.jalankan_evaluasi = catat  # type: ignore[assignment]
    try:
        yield dipanggil
    finally:
        modul.jalankan_evaluasi = asli  # type: ignore[assignment]


def siapkan(varian: Varian, kerja: Path) -> Path:
    """Write the variant's file (and companions) into ``kerja``; return the input path."""
    if varian.jenis == "params_provinsi":
        shutil.copytree(PARAMS, kerja / "params", ignore=shutil.ignore_patterns("provinsi"))
        berkas = kerja / "params" / varian.berkas
    else:
        berkas = kerja / "masukan" / varian.berkas
    berkas.parent.mkdir(parents=True, exist_ok=True)
    berkas.write_bytes(varian.isi)
    for nama, isi in varian.pendamping.items():
        (berkas.parent / nama).write_bytes(isi)
    return berkas


def jalankan(varian: Varian, kerja: Path) -> Hasil:
    """Run one variant through the ``analisis`` group in ``kerja``; classify the outcome."""
    from click.testing import CliRunner

    from analisis.cli import utama

    berkas = siapkan(varian, kerja)
    sebelum = _isi_folder(kerja)
    with _tanpa_kernel():
        r = CliRunner().invoke(
            utama,
            varian.perintah(berkas, kerja),
            env={"ANALISIS_PENYIMPANAN": str(kerja / "simpan"), "COLUMNS": "400"},
        )
    keluaran = r.output

    def hasil(status: str, alasan: str) -> Hasil:
        return Hasil(varian, status, alasan, r.exit_code, keluaran)

    if r.exception is not None and not isinstance(r.exception, SystemExit):
        import traceback

        jejak = "".join(traceback.format_exception(r.exception))
        return Hasil(varian, "BUG", "traceback", r.exit_code, keluaran + jejak)
    if "Traceback" in keluaran:
        return hasil("BUG", "traceback")
    kurang = [t for t in varian.harus_ada if t not in keluaran]
    if not varian.ditolak:
        if r.exit_code != 0:
            return hasil("BUG", "file yang sah ditolak")
        if kurang:
            return hasil("BUG", f"tidak menyebut {kurang}")
        return hasil("OK", "diterima")
    if r.exit_code == 0:
        return hasil("BUG", "exit 0 untuk berkas rusak")
    if _isi_folder(kerja) != sebelum:
        return hasil("BUG", "berkas ditulis padahal gagal")
    nama = Path(varian.berkas).name
    if nama not in keluaran:
        return hasil("BUG", "pesan tidak menyebut nama berkas")
    if kurang:
        return hasil("BUG", f"pesan tidak menyebut {kurang}")
    inggris = _INGGRIS.search(keluaran.replace(str(kerja), ""))
    if inggris:
        return hasil("BUG", f"pesan berbahasa Inggris ('{inggris.group(0)}')")
    return hasil("OK", "ditolak dengan jelas")


def jalankan_semua(varian: list[Varian] | None = None) -> list[Hasil]:
    hasil = []
    for v in varian or korpus():
        with tempfile.TemporaryDirectory() as d:
            hasil.append(jalankan(v, Path(d)))
    return hasil


def tabel(hasil: list[Hasil]) -> str:
    """The findings as a Markdown table."""
    baris = ["| jenis | kelas | varian | hasil | keluar | pesan |", "|---|---|---|---|---|---|"]
    for h in hasil:
        pesan = h.pesan.replace("|", "\\|")
        status = h.status if h.status == "OK" else f"**BUG**: {h.alasan}"
        baris.append(
            f"| {h.varian.jenis} | {h.varian.kelas} | {h.varian.nama} | {status} | "
            f"{h.kode_keluar} | {pesan} |"
        )
    return "\n".join(baris)


if __name__ == "__main__":
    semua = jalankan_semua()
    print(tabel(semua))
    bug = [h for h in semua if h.status != "OK"]
    print(f"\n{len(semua)} varian, {len(bug)} BUG", file=sys.stderr)


#: The ``bnba cek`` command line of the corpus, for tests that build their own extracts.
BNBA_PERINTAH = _bnba
