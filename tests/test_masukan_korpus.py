"""Hardened inputs (issue 15): the malformed-file corpus through the real commands, and the exact
messages of the classes the corpus found broken.

``tests/korpus_masukan.py`` builds the corpus (every input kind × every class of the issue);
each variant runs through the ``analisis`` group and must be refused with an Indonesian message
naming the file (and the token), a non-zero exit and nothing written, or, for the files that
must be accepted (quoted separators, footnoted years, the dynamic-table export …), exit 0 with
the note on what was converted. The tests below pin the exact messages of the classes the
first corpus run reported as bugs.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from conftest import AKAR
from korpus_masukan import BNBA_PERINTAH, KERANGKA, PARAMS_KALSEL, _bnba_csv, jalankan, korpus

KORPUS = korpus()
SIMPAN_ULANG = "Buka berkas di Excel lalu simpan ulang sebagai 'CSV UTF-8 (dipisah koma)'."
SIMPAN_ULANG_XLSX = "Buka berkas di Excel (atau LibreOffice) lalu simpan ulang sebagai .xlsx."
SIMPAN_UTF8_YAML = (
    "Simpan ulang berkas sebagai UTF-8 (di Notepad: Simpan Sebagai → Pengodean UTF-8)."
)


def test_corpus_ids_are_unique_and_cover_every_kind():
    ids = [v.id for v in KORPUS]
    assert len(ids) == len(set(ids))
    assert {v.jenis for v in KORPUS} == {
        "tabel_bps", "csv_rapi", "json_webapi", "evaluator", "anggaran", "bnba",
        "params_provinsi", "kerangka",
    }  # fmt: skip


@pytest.mark.parametrize("varian", KORPUS, ids=[v.id for v in KORPUS])
def test_corpus_variant(tmp_path, varian):
    hasil = jalankan(varian, tmp_path)
    assert hasil.status == "OK", f"{hasil.alasan}\n{hasil.keluaran}"


# ------------------------------------------------------------------------------ helpers
def _isi_folder(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def _tolak(cli, tmp_path: Path, args: list, pesan: str, kode: int) -> None:
    """The command fails with exactly ``pesan`` (whole output) and exit ``kode``; nothing written."""
    sebelum = _isi_folder(tmp_path)
    hasil = cli(*args)
    assert hasil.exit_code == kode, hasil.output
    assert hasil.output.strip() == pesan, hasil.output
    assert _isi_folder(tmp_path) == sebelum, "berkas ditulis padahal perintah gagal"


# ------------------------------------------------------------------------------ XLSX sheet XML
def _buku_xml_rusak(path: Path) -> None:
    """A valid zip whose only sheet's XML is cut in the middle of a tag."""
    wb = Workbook()
    wb.active.title = "Data"
    wb.active.append(["kode_wilayah", "tahun", "indikator", "nilai", "kualitas"])
    buf = io.BytesIO()
    wb.save(buf)
    asli = zipfile.ZipFile(buf)
    with zipfile.ZipFile(path, "w") as z:
        for item in asli.infolist():
            isi = asli.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                isi = b'<worksheet><sheetData><row r="1"><c r=</row>'
            z.writestr(item, isi)


def test_corrupt_sheet_xml_is_named_in_indonesian(cli, tmp_path):
    berkas = tmp_path / "rusak.xlsx"
    _buku_xml_rusak(berkas)
    _tolak(
        cli, tmp_path, ["data", "impor", berkas],
        "Berkas rusak.xlsx tidak dapat dibaca; tidak ada yang disimpan.\n"
        "  1. [GALAT] rusak.xlsx, lembar 'Data': isi lembar 'Data' (xl/worksheets/sheet1.xml) "
        "bukan XML yang sah (tanda tidak sah di baris 1, kolom 39); buku kerja rusak. "
        + SIMPAN_ULANG_XLSX,
        3,
    )  # fmt: skip


# ------------------------------------------------------------------------------ BNBA extracts
def _bnba(cli, tmp_path: Path, berkas: Path, pesan: str, kode: int) -> None:
    _tolak(cli, tmp_path, BNBA_PERINTAH(berkas, tmp_path), pesan, kode)
    assert not (tmp_path / "keluar").exists()


def _tidak_terbaca(nama: str, *masalah: str) -> str:
    baris = "\n".join(f"  {i}. [GALAT] {m}" for i, m in enumerate(masalah, start=1))
    return f"Berkas {nama} tidak dapat dibaca; tidak ada yang disimpan.\n{baris}"


@pytest.mark.parametrize(
    "isi,pesan",
    [
        (
            lambda t: t.encode("utf-16"),
            "bnba.csv: berkas berpengodean UTF-16 (dengan BOM), bukan UTF-8. " + SIMPAN_ULANG,
        ),
        (
            lambda t: t.encode("utf-16-le"),
            "bnba.csv: berkas berpengodean UTF-16 LE tanpa BOM, bukan UTF-8. " + SIMPAN_ULANG,
        ),
        (
            lambda t: (t + "X,Catatan – BPS\n").encode("cp1252"),
            "bnba.csv, baris 52: berkas bukan UTF-8; tampaknya Windows-1252 (bita 0x96 di posisi "
            "11 berarti '–' dalam Windows-1252). Pengodean tidak ditebak agar huruf tidak berubah "
            "diam-diam. " + SIMPAN_ULANG,
        ),
        (
            lambda t: t.encode()[:30] + b"\x81" + t.encode()[30:],
            "bnba.csv, baris 1: bita 0x81 (posisi 31) bukan UTF-8 maupun Windows-1252; berkas "
            "rusak atau bukan teks. " + SIMPAN_ULANG,
        ),
        (lambda t: b"", "bnba.csv: berkas kosong (0 bita)."),
        (
            lambda t: b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
            "bnba.csv: berkas ini bukan teks CSV melainkan gambar PNG.",
        ),
        (
            lambda t: (AKAR / "params/peringkat/contoh_evaluator_6300_2024.xlsx").read_bytes(),
            (
                "bnba.csv: berkas ini bukan teks CSV melainkan arsip zip (mis. buku kerja XLSX). "
                "Bila ini buku kerja Excel, ganti akhiran namanya menjadi .xlsx."
            ),
        ),
    ],
    ids=["utf16_bom", "utf16_tanpa_bom", "windows1252", "bukan_keduanya", "nol", "png", "zip"],
)
def test_bnba_extract_encodings_and_bytes_are_named(cli, tmp_path, isi, pesan):
    berkas = tmp_path / "bnba.csv"
    berkas.write_bytes(isi(_bnba_csv().decode()))
    _bnba(cli, tmp_path, berkas, _tidak_terbaca("bnba.csv", pesan), 3)


def test_bnba_extract_with_a_damaged_workbook_is_named(cli, tmp_path):
    berkas = tmp_path / "bnba.xlsx"
    _buku_xml_rusak(berkas)
    _bnba(
        cli, tmp_path, berkas,
        _tidak_terbaca(
            "bnba.xlsx",
            "bnba.xlsx, lembar 'Data': isi lembar 'Data' (xl/worksheets/sheet1.xml) bukan XML yang "
            "sah (tanda tidak sah di baris 1, kolom 39); buku kerja rusak. " + SIMPAN_ULANG_XLSX,
        ),
        3,
    )  # fmt: skip
    berkas.write_bytes(b"")
    _bnba(
        cli, tmp_path, berkas, _tidak_terbaca("bnba.xlsx", "bnba.xlsx: berkas kosong (0 bita)."), 3
    )


def _baris_bnba() -> list[str]:
    return _bnba_csv().decode().splitlines()


@pytest.mark.parametrize(
    "ubah,pesan",
    [
        (
            lambda b: [*b[:10], b[10].replace(',"', ',"x",', 1), *b[11:]],
            (
                "Berkas 'bnba.csv' tidak dapat dibaca (sekitar baris 11): baris ini berisi 17 kolom, "
                "padahal baris judul 16 kolom (pemisah atau tanda kutip di dalam sel?). Isi baris "
                "tidak ditampilkan demi pelindungan data pribadi."
            ),
        ),
        (
            lambda b: [*b[:-2], b[-2].replace(',"', ',""', 1), b[-1]],
            (
                "Berkas 'bnba.csv' tidak dapat dibaca (sekitar baris 50): tanda kutip (\") dibuka "
                "tetapi tidak ditutup. Isi baris tidak ditampilkan demi pelindungan data pribadi."
            ),
        ),
        (
            lambda b: b[:1],
            (
                "Berkas 'bnba.csv' tidak dapat diproses (tidak ada keluaran yang ditulis).\n"
                "  1. [GALAT] bnba.csv: berkas hanya berisi baris judul, tanpa satu pun baris data."
            ),
        ),
    ],
    ids=["kolom_lebih", "kutip_terbuka", "hanya_judul"],
)
def test_bnba_extract_structure_is_named_without_row_content(cli, tmp_path, ubah, pesan):
    """A row with a cell too many, an unclosed quote, no data rows: named with the line, no
    row content (the file holds personal data) and no rows silently skipped."""
    berkas = tmp_path / "bnba.csv"
    berkas.write_text("\n".join(ubah(_baris_bnba())) + "\n", "utf-8")
    _bnba(cli, tmp_path, berkas, pesan, 1)


# ------------------------------------------------------------------------------ YAML files
def _params_cli(tmp_path: Path, isi: bytes) -> tuple[list, Path]:
    params = tmp_path / "params"
    shutil.copytree(AKAR / "params", params, ignore=shutil.ignore_patterns("provinsi"))
    berkas = params / "provinsi" / "6300_uji.yaml"
    berkas.parent.mkdir()
    berkas.write_bytes(isi)
    args = [
        "--folder-params", params, "evaluasi", "--wilayah", "6303", "--tahun", "2024",
        "--params", berkas, "--keluaran", tmp_path / "laporan",
    ]  # fmt: skip
    return args, berkas


def _kerangka_cli(tmp_path: Path, isi: bytes) -> tuple[list, Path]:
    berkas = tmp_path / "kerangka_uji.yaml"
    berkas.write_bytes(isi)
    args = [
        "peringkat", "--provinsi", "63", "--tahun", "2024", "--kerangka", berkas,
        "--keluaran", tmp_path / "laporan",
    ]  # fmt: skip
    return args, berkas


def _tak_terbaca_yaml(nama: str, masalah: str) -> str:
    return f"Berkas konfigurasi '{nama}' tidak dapat dibaca.\n  1. [GALAT] {masalah}"


KASUS_YAML = [
    ("nol", lambda t: b"", "{n}: berkas kosong (0 bita)."),
    ("spasi", lambda t: b" \r\n\n", "{n}: berkas kosong (hanya berisi spasi)."),
    (
        "png",
        lambda t: b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        "{n}: berkas ini bukan teks YAML melainkan gambar PNG.",
    ),
    (
        "utf16",
        lambda t: t.encode("utf-16-le"),
        "{n}: berkas berpengodean UTF-16 LE tanpa BOM, bukan UTF-8. " + SIMPAN_UTF8_YAML,
    ),
    (
        "tab",
        lambda t: b"nama: x\n\tbobot: 1\n",
        (
            "{n}, baris 2: YAML tidak sah: karakter tab tidak boleh dipakai dalam YAML; pakai spasi "
            "untuk indentasi (kolom 1, teks '\\tbobot: 1')."
        ),
    ),
    (
        "titik_dua",
        lambda t: b"nama: Kerangka: uji\n",
        (
            "{n}, baris 1: YAML tidak sah: titik dua (:) di tempat yang tidak diizinkan; beri tanda "
            "kutip pada nilai yang memuat ': ' (kolom 15, teks ': uji')."
        ),
    ),
    (
        "tag_python",
        lambda t: b"!!python/object/apply:os.system ['true']\n",
        (
            "{n}, baris 1: YAML tidak sah: tag ini tidak diizinkan; berkas konfigurasi hanya berisi "
            "teks, angka, daftar dan pemetaan (kolom 1, teks '!!python/object/apply:os.system')."
        ),
    ),
    (
        "tanggal",
        lambda t: b"nama: x\nberlaku: 2024-13-45\n",
        (
            "{n}, baris 2: '2024-13-45' bukan tanggal yang sah (tahun-bulan-hari, mis. 2026-03-31); "
            "bila memang teks, beri tanda kutip."
        ),
    ),
    (
        "tag_int",
        lambda t: b"nama: x\nbobot: !!int satu\n",
        "{n}, baris 2: 'satu' bukan bilangan bulat; bila memang teks, beri tanda kutip.",
    ),
]


BOM_ALIAS = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{c}: &{c} [{','.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)
KASUS_YAML += [
    (
        "kunci_ganda",
        lambda t: b"nama: x\nbobot: 1\nnama: y\n",
        "{n}, baris 3: kunci 'nama' ditulis dua kali (baris 1 dan 3); hapus salah satunya.",
    ),
    (
        "bom_alias",
        lambda t: BOM_ALIAS.encode(),
        "{n}, baris 6: isi terlalu besar setelah alias (&/*) dijabarkan: lebih dari 200.000 unsur.",
    ),
    (
        "alias_rekursif",
        lambda t: b"a: &a [*a]\n",
        "{n}, baris 1: alias merujuk dirinya sendiri (struktur rekursif).",
    ),
]


@pytest.mark.parametrize("jenis", ["params", "kerangka"])
@pytest.mark.parametrize("kasus", KASUS_YAML, ids=[k[0] for k in KASUS_YAML])
def test_config_yaml_bytes_and_syntax_are_named(cli, tmp_path, jenis, kasus):
    asal = PARAMS_KALSEL if jenis == "params" else KERANGKA
    buat = _params_cli if jenis == "params" else _kerangka_cli
    args, berkas = buat(tmp_path, kasus[1](asal.read_text("utf-8")))
    pesan = _tak_terbaca_yaml(berkas.name, kasus[2].format(n=berkas.name))
    _tolak(cli, tmp_path, args, pesan, 1)


@pytest.mark.parametrize(
    "kunci,jalur,alasan",
    [
        ("anggaran", "../../rahasia.csv", "jalur keluar dari folder params"),
        ("anggaran", "/etc/passwd", "jalur mutlak tidak diizinkan"),
        ("peringkat.kerangka", "../../../etc/kerangka.yaml", "jalur keluar dari folder params"),
    ],
)
def test_params_path_keys_leaving_the_params_folder_are_refused_at_load(
    cli, tmp_path, kunci, jalur, alasan
):
    d = yaml.safe_load(PARAMS_KALSEL.read_text("utf-8"))
    if kunci == "anggaran":
        d["anggaran"] = [jalur]
        jalur_kunci = "anggaran[0]"
    else:
        d["peringkat"]["kerangka"] = jalur
        jalur_kunci = kunci
    teks = yaml.safe_dump(d, allow_unicode=True, sort_keys=False)
    baris = next(i for i, b in enumerate(teks.splitlines(), start=1) if jalur in b)
    args, berkas = _params_cli(tmp_path, teks.encode())
    _tolak(
        cli, tmp_path, args,
        f"Berkas parameter {berkas.name} tidak valid.\n  1. [GALAT] {berkas.name}, baris {baris}: "
        f"{jalur_kunci}: {alasan}: '{jalur}'. Jalur berkas ditulis relatif terhadap folder params "
        "(mis. 'peringkat/evaluator_6300_2024.csv') dan harus berada di dalamnya.",
        1,
    )  # fmt: skip


def test_misspelt_framework_code_is_refused_by_the_ranking(cli, tmp_path):
    teks = KERANGKA.read_text("utf-8").replace(
        "kode: penurunan_p0_3th", "kode: penurunan_p9_3th", 1
    )
    baris = next(i for i, b in enumerate(teks.splitlines(), start=1) if "penurunan_p9_3th" in b)
    args, berkas = _kerangka_cli(tmp_path, teks.encode())
    _tolak(
        cli, tmp_path, args,
        f"Kerangka peringkat '{berkas.name}' tidak valid: 1 masalah\n  1. [GALAT] {berkas.name}, "
        f"baris {baris}: dimensi[0].indikator[0].kode: indikator 'penurunan_p9_3th' tidak "
        "dihasilkan oleh sumber 'statistik' (nilainya akan kosong untuk semua wilayah); yang "
        "tersedia: penurunan_p0_3th, penurunan_p0_relatif_3th, penurunan_p1_3th, "
        "penurunan_p2_3th, efektivitas_p0. Mungkin maksud Anda 'penurunan_p2_3th'?",
        1,
    )  # fmt: skip


def test_target_for_a_region_of_another_province_is_refused_by_evaluasi(cli, tmp_path):
    d = yaml.safe_load(PARAMS_KALSEL.read_text("utf-8"))
    d["target_wilayah"] = {
        "6471": [{"indikator": "p0", "tahun": 2026, "nilai": 2.0, "sumber": "x"}]
    }
    teks = yaml.safe_dump(d, allow_unicode=True, sort_keys=False)
    baris = next(i for i, b in enumerate(teks.splitlines(), start=1) if "6471" in b)
    args, berkas = _params_cli(tmp_path, teks.encode())
    _tolak(
        cli, tmp_path, args,
        f"Berkas parameter {berkas.name} tidak valid.\n  1. [GALAT] {berkas.name}, baris {baris}: "
        "target_wilayah.6471: wilayah 6471 (Kota Balikpapan) ada di provinsi 6400, bukan "
        "provinsi berkas ini (6300)",
        1,
    )  # fmt: skip


# ------------------------------------------------------------------------------ tidy CSV
@pytest.mark.parametrize(
    "isi,pesan",
    [
        (
            "kode_wilayah,tahun,tahun,indikator,nilai,kualitas\n6303,2023,2024,p0,2.36,A\n",
            (
                "r.csv, baris 1, kolom 'C': kolom 'tahun' ada dua kali (kolom B dan C); hapus salah "
                "satunya agar tidak ada nilai yang terbuang diam-diam."
            ),
        ),
        (
            "kode_wilayah,tahun,indikator,nilai,kualitas\n6303,2023,p0,NaN,A\n",
            (
                "r.csv, baris 2, kolom 'nilai': nilai kosong (tertulis 'NaN', penanda data tidak "
                "tersedia); setiap baris data harus berisi angka."
            ),
        ),
    ],
    ids=["kolom_ganda", "penanda_kosong"],
)
def test_tidy_duplicate_columns_and_placeholders_are_named(cli, tmp_path, isi, pesan):
    berkas = tmp_path / "r.csv"
    berkas.write_text(isi, "utf-8")
    _tolak(
        cli, tmp_path, ["data", "impor", berkas],
        f"Data tidak valid: 1 masalah ditemukan; tidak ada yang disimpan.\n  1. [GALAT] {pesan}",
        1,
    )  # fmt: skip


# ------------------------------------------------------------------------------ real faults
@pytest.fixture
def tmpfs(tmp_path):
    """A 64 KiB tmpfs (a real full disk and a real read-only mount); skipped without root."""
    titik = tmp_path / "tmpfs"
    titik.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("perlu root untuk memasang tmpfs")
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(titik)],
        capture_output=True,
        check=False,
    )
    if r.returncode != 0:
        pytest.skip(f"tmpfs tidak dapat dipasang: {r.stderr.decode(errors='replace')}")
    try:
        yield titik
    finally:
        subprocess.run(["umount", "-l", str(titik)], check=False)


def _isi_byte(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


RAPI = "kode_wilayah,tahun,indikator,nilai,kualitas\n{kode},2014,p0,{nilai},A\n"


def test_real_full_disk_keeps_the_old_store(cli_proses, tmp_path, tmpfs, monkeypatch):
    simpan = tmpfs / "simpan"
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(RAPI.format(kode="6303", nilai="3.1"), "utf-8")
    b.write_text(RAPI.format(kode="6304", nilai="5.2"), "utf-8")
    assert cli_proses("--penyimpanan", simpan, "data", "impor", a).returncode == 0
    sebelum = _isi_byte(simpan)
    isi = tmpfs / "pengisi"
    with open(isi, "wb", buffering=0) as f:  # fill the disk to the last block
        try:
            while True:
                f.write(b"\0" * 1024)
        except OSError:
            pass
    r = cli_proses("--penyimpanan", simpan, "data", "impor", b)
    assert r.returncode == 3, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.strip().startswith(f"Tidak dapat menulis {simpan}")
    assert r.stderr.strip().endswith(
        "disk penuh (tidak ada ruang tersisa); kosongkan ruang disk lalu ulangi. Tidak ada berkas "
        "yang ditulis sebagian; berkas lama (bila ada) tetap utuh."
    ), r.stderr
    assert _isi_byte(simpan) == sebelum


def test_real_read_only_mount_is_named(cli_proses, tmp_path, tmpfs):
    simpan = tmpfs / "simpan"
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(RAPI.format(kode="6303", nilai="3.1"), "utf-8")
    b.write_text(RAPI.format(kode="6304", nilai="5.2"), "utf-8")
    assert cli_proses("--penyimpanan", simpan, "data", "impor", a).returncode == 0
    sebelum = _isi_byte(simpan)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    r = cli_proses("--penyimpanan", simpan, "data", "impor", b)
    assert r.returncode == 3, r.stdout + r.stderr
    assert r.stderr.strip() == (
        f"Tidak dapat menulis {simpan / '.impor.lock'}: folder {simpan} hanya-baca (read-only); "
        "pilih folder keluaran lain. Tidak ada berkas yang ditulis sebagian; berkas lama (bila "
        "ada) tetap utuh."
    )
    assert _isi_byte(simpan) == sebelum
