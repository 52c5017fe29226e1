"""``analisis data lengkapi``: the gap list, and filling it from recorded WebAPI responses.

No network: :func:`analisis.data.lengkapi.unduh_json` is replaced by a reader of the recorded
responses in ``tests/data/lengkapi/`` (built from bundled values in the WebAPI's shape by
``buat_rekaman.py``). Kalimantan Barat 2023 P0 lacks 7 of its 14 kab/kota in the bundle.
"""

from __future__ import annotations

import json
import re
import urllib.error

import pytest

from analisis.data import lengkapi as lk
from analisis.data.celah import SelKosong, rentang_tahun, ringkas_tahun
from analisis.data.model import Basisdata
from analisis.galat import GalatAnalisis
from conftest import FOLDER_DATA_UJI

REKAMAN = FOLDER_DATA_UJI / "lengkapi"
KOSONG_2023 = ["6101", "6102", "6103", "6110", "6111", "6112", "6172"]
TOKEN = "RAHASIA123"
P0_2023 = ("lengkapi", "--provinsi", "61", "--tahun", "2023", "--indikator", "p0")


class WebApiRekaman:
    """Serves the recorded responses by URL; ``gagal_pada``: th codes that fail like a dead
    network."""

    def __init__(self, gagal_pada: tuple[int, ...] = ()) -> None:
        self.diminta: list[str] = []
        self.gagal_pada = gagal_pada

    def __call__(self, alamat: str, batas_waktu: float = 60) -> dict:
        self.diminta.append(alamat)
        m = re.search(r"/domain/(\d{4})/var/(\d+)/th/(\d+)/key/([^/]+)/$", alamat)
        assert m, alamat
        domain, var, th, kunci = m.groups()
        assert kunci == TOKEN
        if int(th) in self.gagal_pada:
            raise urllib.error.URLError("Temporary failure in name resolution")
        berkas = REKAMAN / f"webapi_{domain}_{var}_{th}.json"
        if not berkas.exists():
            return {"status": "OK", "data-availability": "list-not-available"}
        return json.loads(berkas.read_text("utf-8"))


@pytest.fixture
def webapi(monkeypatch):
    palsu = WebApiRekaman()
    monkeypatch.setattr(lk, "unduh_json", palsu)
    return palsu


def test_lists_the_kalbar_2023_p0_gap_with_the_table_to_download(cli, webapi):
    r = cli("data", *P0_2023)
    assert r.exit_code == 0, r.output
    baris = r.output.splitlines()
    assert baris[0] == (
        "Sel kosong Kalimantan Barat (kabupaten/kota, provinsi, Indonesia), 2023–2023; "
        "indikator Persentase penduduk miskin (P0): 7 sel."
    )
    assert baris[1:4] == [
        "Persentase penduduk miskin (P0): 7 sel kosong",
        (
            '  Tabel BPS "Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota" (WebAPI domain '
            "0000 var 621):"
        ),
        (
            "  https://www.bps.go.id/id/statistics-table/2/NjIxIzI=/persentase-penduduk-miskin--p0--"
            "menurut-kabupaten-kota.html"
        ),
    ]
    assert "    Sambas (6101): 2023" in baris and "    Kota Singkawang (6172): 2023" in baris
    assert "    Mempawah (6104): 2023" not in baris  # has a value
    assert "--provinsi 61 --tahun 2023 --token TOKEN" in r.output
    assert webapi.diminta == []  # no token, no request


def test_every_missing_cell_as_csv(cli):
    r = cli("data", *P0_2023, "--format", "csv")
    baris = r.output.strip().splitlines()
    assert baris[0] == ",".join(lk.KOLOM_CSV)
    assert [b.split(",")[0] for b in baris[1:]] == KOSONG_2023
    assert baris[1].startswith("6101,Sambas,2023,p0,Persentase penduduk miskin (P0),")
    assert baris[1].endswith(
        ",0000,621,https://www.bps.go.id/id/statistics-table/2/NjIxIzI=/"
        "persentase-penduduk-miskin--p0--menurut-kabupaten-kota.html"
    )


def test_fills_the_gap_from_a_recorded_response(cli, webapi, penyimpanan):
    r = cli("data", *P0_2023, "--token", TOKEN, "--jeda", "0")
    assert r.exit_code == 0, r.output
    assert len(webapi.diminta) == 1 and "/domain/0000/var/621/th/123/" in webapi.diminta[0]
    assert "Respons WebAPI BPS: 1 diambil, 0 dari simpanan sebelumnya" in r.output
    assert "Nilai baru ditambahkan: 7" in r.output
    assert "Nilai diubah: 0" in r.output
    assert "Nilai sama dengan data yang ada: 8" in r.output  # province + 7 kab/kota
    assert "Sel kosong tersisa: 0 dari 7." in r.output
    rekaman = json.loads((REKAMAN / "webapi_0000_621_123.json").read_text("utf-8"))
    basis = Basisdata.muat(penyimpanan)
    for kode in KOSONG_2023:
        p = basis.provenans(kode, 2023, "p0")
        assert p["nilai"] == rekaman["datacontent"][f"{kode}62101230"]
        assert p["kualitas"] == "A" and "BPS WebAPI var 621" in p["sumber"]
    # Outside the province: not imported (and Kota Banjar never taken for Kabupaten Banjar).
    assert basis.provenans("6303", 2023, "p0")["nilai"] != 5.0
    disimpan = penyimpanan / "unduhan" / "bps" / "webapi_0000_621_123.json"
    assert json.loads(disimpan.read_text("utf-8")) == rekaman
    assert TOKEN not in disimpan.read_text("utf-8")
    assert TOKEN not in "".join(p.read_text("utf-8") for p in penyimpanan.glob("*.jsonl"))


def test_a_bps_value_replacing_a_quoted_one_is_reported_as_changed(cli, webapi, tmp_path):
    kutipan = tmp_path / "kutipan_sambas.csv"
    kutipan.write_text(
        "kode_wilayah,tahun,indikator,nilai,kualitas,sumber\n6101,2023,p0,6.99,C,berita uji\n",
        "utf-8",
    )
    assert cli("data", "impor", kutipan).exit_code == 0
    r = cli("data", *P0_2023, "--token", TOKEN, "--jeda", "0")
    assert r.exit_code == 0, r.output
    assert "Nilai baru ditambahkan: 6" in r.output and "Nilai diubah: 1" in r.output
    assert "  p0 6101 2023 (Maret): 6,99 → 6,72" in r.output


def test_resumes_after_the_network_fails(cli, monkeypatch, penyimpanan):
    putus = WebApiRekaman(gagal_pada=(123,))
    monkeypatch.setattr(lk, "unduh_json", putus)
    args = ("data", "lengkapi", "--provinsi", "61", "--tahun", "2022-2023", "--indikator", "p0")
    r = cli(*args, "--token", TOKEN, "--jeda", "0")
    assert r.exit_code == 3
    assert "Sambas (6101): 2023" in r.output  # the list came first
    galat = r.output.strip().splitlines()[-1]
    assert galat == (
        "Tidak dapat menghubungi WebAPI BPS (Temporary failure in name resolution); 1 dari 2 "
        "respons sudah tersimpan; jalankan perintah yang sama lagi untuk melanjutkan. Sel kosong "
        "di atas tetap dapat diunduh manual dari tabel BPS-nya."
    )
    assert (penyimpanan / "unduhan" / "bps" / "webapi_0000_621_122.json").exists()
    assert Basisdata.muat(penyimpanan).provenans("6102", 2022, "p0") is None  # nothing imported
    pulih = WebApiRekaman()
    monkeypatch.setattr(lk, "unduh_json", pulih)
    r = cli(*args, "--token", TOKEN, "--jeda", "0")
    assert r.exit_code == 0, r.output
    assert [a.split("/th/")[1][:3] for a in pulih.diminta] == ["123"]  # 2022 not asked again
    assert "Respons WebAPI BPS: 1 diambil, 1 dari simpanan sebelumnya" in r.output
    assert "Sel kosong tersisa: 0 dari 14." in r.output


def test_a_refused_request_is_one_line(cli, monkeypatch):
    monkeypatch.setattr(lk, "unduh_json", lambda *a, **k: {"status": "Error", "message": "Key"})
    r = cli("data", *P0_2023, "--token", TOKEN, "--jeda", "0")
    assert r.exit_code == 3
    assert (
        r.output.strip()
        .splitlines()[-1]
        .startswith("WebAPI BPS menolak permintaan (Key); 0 dari 1 respons sudah tersimpan;")
    )


def test_unpublished_year_is_reported_and_nothing_imported(cli, webapi):
    r = cli(
        "data", "lengkapi", "--provinsi", "61", "--tahun", "2021", "--token", TOKEN, "--jeda", "0"
    )
    assert r.exit_code == 0, r.output
    assert "BPS belum menerbitkan data (tidak tersedia)" in r.output
    assert "Sel kosong tersisa:" in r.output


def test_the_rate_limit_spaces_requests():
    waktu, tidur = [100.0], []

    def jam() -> float:
        return waktu[0]

    def tunggu(detik: float) -> None:
        tidur.append(detik)
        waktu[0] += detik

    p = lk.PembatasLaju(1.0, jam=jam, tidur=tunggu)
    p.tunggu()  # first request: immediately
    waktu[0] += 0.25  # the response took 0.25 s
    p.tunggu()
    waktu[0] += 2.0
    p.tunggu()  # more than a second since: no wait
    assert tidur == [pytest.approx(0.75)]


def test_response_is_narrowed_by_code_not_by_name(tmp_path):
    rekaman = json.loads((REKAMAN / "webapi_0000_621_123.json").read_text("utf-8"))
    rekaman["vervar"].append({"val": 9999, "label": "INDONESIA"})
    rekaman["datacontent"]["999962101230"] = 9.36
    berkas = tmp_path / "respons.json"
    berkas.write_text(json.dumps(rekaman), "utf-8")
    k = lk.kandidat_respons(berkas, ["6100", "6101", "0000"])
    assert sorted(k.tabel["kode_wilayah"]) == ["0000", "6100", "6101"]
    assert k.masalah == []
    k = lk.kandidat_respons(berkas, ["6303"])  # Banjar: Kota Banjar (3279) is not it
    assert k.tabel.empty and k.masalah == []


def test_plan_requests_each_table_year_once():
    celah = [
        SelKosong("p0", "6101", 2023),
        SelKosong("p0", "6102", 2023),
        SelKosong("p0", "6100", 2022),
        SelKosong("p1", "0000", 2023),
        SelKosong("stunting", "6101", 2023),
    ]
    permintaan, tanpa = lk.rencana_permintaan(celah)
    assert [(p.tabel.var, p.tahun) for p in permintaan] == [(621, 2022), (503, 2023), (621, 2023)]
    assert tanpa == [SelKosong("stunting", "6101", 2023)]
    assert permintaan[0].nama_berkas == "webapi_0000_621_122.json"


def test_year_ranges():
    assert rentang_tahun("2015-2025") == list(range(2015, 2026))
    assert rentang_tahun("2023") == [2023] and rentang_tahun("2019–2020") == [2019, 2020]
    with pytest.raises(GalatAnalisis, match="tidak dikenal"):
        rentang_tahun("2015..2020")
    assert ringkas_tahun([2015, 2016, 2017, 2022, 2024, 2025]) == "2015–2017, 2022, 2024–2025"


def test_bad_options_are_one_line(cli):
    r = cli("data", "lengkapi", "--provinsi", "99")
    assert r.exit_code == 2 and "Provinsi '99' tidak dikenal" in r.output
    r = cli("data", "lengkapi", "--provinsi", "61", "--indikator", "p3")
    assert r.exit_code == 2 and "Indikator tidak dikenal: p3" in r.output
    r = cli("data", "lengkapi", "--provinsi", "61", "--format", "csv", "--token", TOKEN)
    assert r.exit_code == 2 and "--format csv hanya mencetak daftar" in r.output
