"""Property tests for ``bnba cek``: arbitrary bytes and arbitrary small extracts.

Whatever the input, ``bnba cek`` ends with exit 0 or an Indonesian message and exit 1 (3 for an
unreadable file), never a traceback; on a refusal nothing is written; no message quotes a NIK,
No KK or name of the file; a successful run publishes no identifier."""

from __future__ import annotations

import csv
import re
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from analisis.bnba import pindai_privasi
from analisis.cli import utama

PENGATURAN = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
KOLOM = [
    "nik",
    "no_kk",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "hubungan_keluarga",
    "alamat",
    "kode_kecamatan",
    "kode_desa",
    "desil",
    "pkh",
    "bpnt",
    "pbi_jk",
    "status_verval",
    "meninggal",
]


def _cek(berkas: Path, keluar: Path):
    hasil = CliRunner().invoke(
        utama,
        ["bnba", "cek", str(berkas), "--wilayah", "6303", "--keluaran", str(keluar)]
        + ["--tanggal-acuan", "2025-06-30"],
    )
    if hasil.exception is not None and not isinstance(hasil.exception, SystemExit):
        raise hasil.exception
    assert hasil.exit_code in (0, 1, 3), hasil.output
    assert "Traceback" not in hasil.output
    if hasil.exit_code != 0:
        assert not keluar.exists(), hasil.output
    return hasil


@PENGATURAN
@given(akhiran=st.sampled_from([".csv", ".xlsx", ".parquet", ".txt"]), isi=st.binary(max_size=2048))
def test_bita_sembarang_tidak_pernah_traceback(akhiran, isi):
    with tempfile.TemporaryDirectory() as d:
        berkas = Path(d) / f"bnba{akhiran}"
        berkas.write_bytes(isi)
        hasil = _cek(berkas, Path(d) / "keluar")
        assert hasil.exit_code != 0
        assert hasil.stderr.strip()


_NIK_SAH = st.from_regex(r"630301[0-7][0-9][01][0-9][0-9]{6}", fullmatch=True)
_NIK = st.one_of(_NIK_SAH, st.text("0123456789", min_size=11, max_size=17))
_NAMA = st.text("QXZVJW", min_size=8, max_size=12).map(lambda s: "NAMAUJI" + s)
#: Per column: the values a valid extract uses, then the broken ones.
NILAI = {
    "jenis_kelamin": (["L", "P", "LAKI-LAKI"], ["", "?"]),
    "tanggal_lahir": (["1980-05-10", "2010-01-31", "1955-12-01"], ["10-05-1980", "x", ""]),
    "hubungan_keluarga": (["kepala keluarga", "anak", "istri"], ["z"]),
    "alamat": (["JL. MAWAR NO. 1", "DUSUN HILIR"], [""]),
    "kode_kecamatan": (["630301", "630302"], ["63.03.01", "", "x"]),
    "kode_desa": (["6303012001", "6303022001"], ["63.03.01.2001", "", "99"]),
    "desil": (["1", "3", "10"], ["0", "", "a"]),
    "pkh": (["0", "1"], ["ya", "", "2"]),
    "bpnt": (["0", "1"], ["x"]),
    "pbi_jk": (["0", "1"], [""]),
    "status_verval": (["SUDAH VERVAL", "BELUM"], [""]),
    "meninggal": (["0", "1"], ["?"]),
}


@st.composite
def _baris(draw, sah: bool) -> dict[str, str]:
    b = {
        "nik": draw(_NIK_SAH if sah else _NIK),
        "no_kk": draw(_NIK_SAH if sah else _NIK),
        "nama": draw(_NAMA),
    }
    for k, (baik, rusak) in NILAI.items():
        b[k] = draw(st.sampled_from(baik if sah else baik + rusak))
    return b


@st.composite
def _ekstrak(draw) -> list[dict[str, str]]:
    sah = draw(st.booleans())
    return draw(st.lists(_baris(sah), min_size=1, max_size=25))


@PENGATURAN
@given(rek=_ekstrak(), pemisah=st.sampled_from([",", ";"]))
def test_ekstrak_kecil_sembarang(rek, pemisah):
    with tempfile.TemporaryDirectory() as d:
        berkas = Path(d) / "bnba.csv"
        with berkas.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=KOLOM, delimiter=pemisah)
            w.writeheader()
            w.writerows(rek)
        keluar = Path(d) / "keluar"
        hasil = _cek(berkas, keluar)
        event(f"keluar {hasil.exit_code}")
        for r in rek:
            for k in ("nik", "no_kk", "nama"):
                assert r[k] not in hasil.output, (k, hasil.output)
        assert not re.search(r"\d{11,}", hasil.output)
        if hasil.exit_code == 0:
            rahasia = keluar / "RAHASIA"
            nama = [r["nama"] for r in rek]
            assert pindai_privasi(keluar, nama, kecuali=[rahasia]) == []
