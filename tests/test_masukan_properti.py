"""Property tests: arbitrary bytes and arbitrary small tables fed to every importer.

Whatever the input, ``data impor`` (CSV, XLSX, JSON), ``anggaran cek`` and ``peringkat
cek-evaluator`` end with one of their documented exit codes and an Indonesian message, never a
traceback, and a failed import leaves no data file and no temporary file in the store.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from analisis.cli import utama

KELUAR_SAH = {0, 1, 3, 4}
PERINTAH = {
    "data": lambda p, s: ["--penyimpanan", s, "data", "impor", p],
    "anggaran": lambda p, s: ["anggaran", "cek", p],
    "evaluator": lambda p, s: [
        "peringkat",
        "cek-evaluator",
        p,
        "--provinsi",
        "63",
        "--tahun",
        "2024",
    ],
}
AKHIRAN = {
    "data": (".csv", ".xlsx", ".json"),
    "anggaran": (".csv", ".xlsx"),
    "evaluator": (".csv", ".xlsx"),
}
PENGATURAN = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _periksa(pembaca: str, nama: str, isi: bytes) -> None:
    """Run one importer on the bytes; assert the exit contract and that nothing half-written stays."""
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        berkas = folder / nama
        berkas.write_bytes(isi)
        simpan = folder / "simpan"
        hasil = CliRunner().invoke(utama, [str(a) for a in PERINTAH[pembaca](berkas, simpan)])
        if hasil.exception is not None and not isinstance(hasil.exception, SystemExit):
            raise hasil.exception
        assert hasil.exit_code in KELUAR_SAH, hasil.output
        assert "Traceback" not in hasil.output
        sisa = [p.name for p in folder.rglob("*") if ".tmp" in p.name]
        assert sisa == [], sisa
        data = simpan / "data_impor.parquet"
        if hasil.exit_code in (0, 4):
            if data.exists():
                import pandas as pd

                pd.read_parquet(data)  # complete and readable
                assert [
                    json.loads(b) for b in (simpan / "riwayat_impor.jsonl").read_text().splitlines()
                ]
        else:
            assert not data.exists(), hasil.output


@st.composite
def _pembaca_dan_akhiran(draw) -> tuple[str, str]:
    pembaca = draw(st.sampled_from(sorted(PERINTAH)))
    return pembaca, draw(st.sampled_from(AKHIRAN[pembaca]))


@PENGATURAN
@given(tujuan=_pembaca_dan_akhiran(), isi=st.binary(max_size=2048))
def test_arbitrary_bytes_never_end_in_a_traceback(tujuan, isi):
    pembaca, akhiran = tujuan
    _periksa(pembaca, f"masukan{akhiran}", isi)


# ------------------------------------------------------------------------------ small tables
_TOKEN = st.sampled_from(
    [
        "kode_wilayah", "wilayah", "tahun", "indikator", "nilai", "kualitas", "periode",
        "Kabupaten/Kota", "Kode wilayah BPS [kode_wilayah]", "Tahun penilaian [tahun]",
        "Pagu (Rp)", "Kode sub-kegiatan", "OPD (perangkat daerah)", "Klaster",
        "nama_variabel", "nama_tahun", "data_content", "nama_item_vertical_variabel",
        "Persentase Penduduk Miskin (Persen)", "6303", "6399", "Banjar", "Tapin", "p0", "p1",
        "2024", "2023*)", "20x3", "2,36", "2.36", "589.165", "85,5%", "-", "NA", "A", "ya",
        "=1+1", "@SUM(A1)", '"', ";", ",", "\t", "", " ", "é", "–", "1e309", "true",
    ]
)  # fmt: skip
_TEKS = st.one_of(_TOKEN, st.text(max_size=12))
_SEL = st.one_of(
    _TEKS,
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
    st.booleans(),
)
_TABEL = st.lists(st.lists(_SEL, min_size=1, max_size=7), min_size=1, max_size=8)


def _csv(tabel: list[list], pemisah: str) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=pemisah)
    for baris in tabel:
        w.writerow(["" if v is None else v for v in baris])
    return buf.getvalue().encode("utf-8")


def _xlsx(tabel: list[list]) -> bytes:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook()
    ws = wb.active
    ws.title = "Penilaian"
    for baris in tabel:
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in baris])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@PENGATURAN
@given(
    pembaca=st.sampled_from(sorted(PERINTAH)),
    tabel=_TABEL,
    bentuk=st.sampled_from([";", ",", "\t", "xlsx"]),
    nama=st.sampled_from(["masukan", "kecil_anggaran_6303_2024"]),
)
def test_arbitrary_small_tables_never_end_in_a_traceback(pembaca, tabel, bentuk, nama):
    if bentuk == "xlsx":
        _periksa(pembaca, f"{nama}.xlsx", _xlsx(tabel))
    else:
        _periksa(pembaca, f"{nama}.csv", _csv(tabel, bentuk))


# ------------------------------------------------------------------------------ damaged valid files
_AKAR = Path(__file__).resolve().parent
_CONTOH = {
    "data": [
        _AKAR / "data/impor/bps_p0_kalsel_2021_2025.csv",
        _AKAR / "data/impor/bps_p0_kalsel_dinamis_panjang.csv",
        _AKAR / "data/impor/bps_kemiskinan_kaltim_kalbar.xlsx",
        _AKAR / "data/impor/webapi_p0_kalsel_var103.json",
    ],
    "anggaran": [_AKAR / "data/anggaran/kecil_anggaran_6303_2024.csv"],
    "evaluator": [
        _AKAR.parent / "params/peringkat/contoh_evaluator_6300_2024.csv",
        _AKAR.parent / "params/peringkat/contoh_evaluator_6300_2024.xlsx",
    ],
}


@st.composite
def _rusak(draw) -> tuple[str, Path, bytes]:
    pembaca = draw(st.sampled_from(sorted(_CONTOH)))
    asal = draw(st.sampled_from(_CONTOH[pembaca]))
    isi = bytearray(asal.read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(isi)))
        jenis = draw(st.sampled_from(["potong", "sisip", "ganti"]))
        if jenis == "potong":
            del isi[i:]
        elif jenis == "sisip":
            isi[i:i] = draw(
                st.sampled_from([b'"', b";", b",", b"\n", b"%", b"=", b"\x00", b"\x96"])
            )
        elif i < len(isi):
            isi[i] = draw(st.integers(0, 255))
    return pembaca, asal, bytes(isi)


@PENGATURAN
@given(kasus=_rusak())
def test_damaged_valid_files_never_end_in_a_traceback(kasus):
    pembaca, asal, isi = kasus
    _periksa(pembaca, asal.name, isi)
