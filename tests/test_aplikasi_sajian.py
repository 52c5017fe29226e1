"""What ``analisis sajikan`` serves under ``/reports/`` and ``/batas/``: only publishable files,
each refusal checked against a real server; invalid URLs answer 4xx, never 500."""

from __future__ import annotations

import pandas as pd
import pytest

from analisis.aplikasi.sajian import boleh_disajikan
from conftest import tulis_peringkat_uji
from server_aplikasi import get_mentah, sajikan

TERBIT = {
    "index.html": "<html>situs</html>",
    "_static/vega/vega@6.1.2.min.js": "/* vega */",
    "_static/analisis/grafik.js": "/* grafik */",
    "_static/panel/1.9.4/dist/css/loading.css": "/* css */",
    "6300/2024/index.html": "<html>provinsi</html>",
    "6300/2024/manifest.json": "{}",
    "6300/2024/wilayah/6303.html": "<html>6303</html>",
    "6300/2024/hasil/6303.json": "{}",
    "6300/2024/dokumen/6303.docx": "docx",
    "6300/2024/dokumen/provinsi_6300.docx": "docx",
    "6300/2024/dokumen/ringkas_6303.docx": "docx",
    "6300/2024/dokumen/ringkas_provinsi_6300.docx": "docx",
    "6300/2024/peringkat/peringkat.html": "<html>peringkat</html>",
    "6300/2024/peringkat/peringkat.csv": "a;b",
    "6300/2024/peringkat/peringkat.xlsx": "xlsx",
    "6300/2024/peringkat/kontribusi.csv": "a;b",
    "6300/2024/unduhan/ringkasan_6300_2024.csv": "a;b",
    "6300/2024/unduhan/ringkasan_6300_2024.xlsx": "xlsx",
    "6300/2024/unduhan/triwulan_bnba_6303.xlsx": "xlsx",  # suppressed quarterly BNBA table
    "6300/2024/unduhan/bnba_desa_6303.xlsx": "xlsx",  # suppressed per-desa BNBA tables
}
"""Publishable files of a reports folder (path → content)."""

TIDAK_TERBIT = {
    "6300/2024/log/6303.log": "log dengan jalur /home/pengguna",
    "6300/2024/.cache/6303.json": '{"kunci": "rahasia"}',
    "6300/2024/.cache/tahap_peringkat.json": "{}",
    ".jalan.lock": "12345",
    "RAHASIA/DAFTAR_KERJA_RAHASIA_6303.xlsx": "NIK 6303010101010001",
    "6300/2024/RAHASIA/daftar.csv": "NIK",
    "6300/2024/unduhan/DAFTAR_KERJA_RAHASIA_6303.xlsx": "NIK",
    "6300/2024/wilayah/daftar_rahasia.html": "<html>NIK</html>",
    "6300/2024/hasil/6303.nc": "netcdf",
    "6300/2024/wilayah/6303.html.tmp": "sementara",
    "6300/2024/dokumen/.6303.k2j4h.tmp.docx": "sementara",
    "6300/2024/peringkat/.peringkat.json.swp": "swap",
    ".env": "SANDI=1",
    "_static/.stempel/bokeh-3.9.2.json": "{}",
    "catatan.txt": "catatan pribadi",
    "6300/2024/peringkat/peringkat.json.bak": "{}",
}
"""Files a reports folder may hold that are never served (path → content)."""


@pytest.fixture(scope="module")
def laporan(tmp_path_factory):
    akar = tmp_path_factory.mktemp("sajian")
    folder = akar / "reports"
    data = pd.DataFrame(
        {
            "wilayah": ["Banjar", "Tanah Laut"],
            "penurunan_p0_3th": [0.7, 0.2],
            "rpkd_berlaku": ["ya", "tidak"],
        },
        index=pd.Index(["6303", "6301"], name="kode_wilayah"),
    )
    tulis_peringkat_uji(folder, "6300", 2024, data)
    for rel, isi in {**TERBIT, **TIDAK_TERBIT}.items():
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(isi, "utf-8")
    (akar / "rahasia.txt").write_text("JANGAN DISAJIKAN", "utf-8")  # outside the folder
    return folder


@pytest.fixture(scope="module")
def server(laporan):
    log = laporan.parent / "server.log"
    with sajikan(laporan, log) as url:
        yield url, log
    teks = log.read_text()
    assert "Traceback" not in teks and " 500 " not in teks, teks[-3000:]


def test_daftar_izin_murni():
    for rel in TERBIT:
        assert boleh_disajikan(rel), rel
    for rel in TIDAK_TERBIT:
        assert not boleh_disajikan(rel), rel
    assert boleh_disajikan("") and boleh_disajikan("6300/2024/")  # folders: their index.html
    assert not boleh_disajikan("6300/2024/unduhan/ringkasan_6400_2024.csv")  # other province
    assert not boleh_disajikan("../rahasia.txt") and not boleh_disajikan("/etc/passwd")


def test_berkas_terbit_disajikan(server, laporan):
    url, _ = server
    for rel, isi in TERBIT.items():
        status, badan = get_mentah(url, "/reports/" + rel)
        assert status == 200 and badan == isi.encode(), rel
    status, badan = get_mentah(url, "/reports/6300/2024/peringkat/peringkat.json")
    assert status == 200 and b'"schema_version"' in badan
    assert get_mentah(url, "/reports/")[0] == 200  # the site index
    assert get_mentah(url, "/batas/6300.json")[0] == 200


@pytest.mark.parametrize("rel", sorted(TIDAK_TERBIT))
def test_berkas_tidak_terbit_ditolak(server, rel):
    url, _ = server
    status, badan = get_mentah(url, "/reports/" + rel)
    assert status == 404, rel
    assert TIDAK_TERBIT[rel].encode() not in badan


@pytest.mark.parametrize(
    "jalur",
    [
        "/reports/../rahasia.txt",
        "/reports/%2e%2e/rahasia.txt",
        "/reports/%2E%2E/rahasia.txt",
        "/reports/..%2frahasia.txt",
        "/reports/6300/../../rahasia.txt",
        "/reports/%2e%2e/%2e%2e/pyproject.toml",
        "/reports//etc/passwd",
        "/reports/6300/2024/log/",
        "/reports/RAHASIA/",
        "/reports/rahasia%2FDAFTAR_KERJA_RAHASIA_6303.xlsx",
        "/reports/6300/2024/%2ecache/6303.json",
        "/batas/../6300.json",
        "/batas/9999.json",
        "/batas/.x",
    ],
)
def test_jalur_keluar_atau_tersembunyi_ditolak(server, jalur):
    url, _ = server
    status, badan = get_mentah(url, jalur)
    assert 400 <= status < 500, jalur
    assert b"JANGAN" not in badan and b"NIK" not in badan and b"[project]" not in badan


@pytest.mark.parametrize(
    "jalur",
    [
        "/reports/%00",
        "/reports/6300/2024/wilayah/6303.html%00",
        "/reports/6300/2024/wilayah/6303.html%00.png",
        "/reports/%01",
        "/reports/%ff",
        "/reports/%E0%A4%A",
        "/batas/%00",
        "/static/%00",
        "/static/js/%00.js",
        "/app/static/%00",
        "/app%00",
        "/%00",
    ],
)
def test_alamat_tidak_sah_4xx_bukan_500(server, jalur):
    url, _ = server
    status, _ = get_mentah(url, jalur)
    assert 400 <= status < 500, (jalur, status)
