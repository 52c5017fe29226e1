"""Importers through the CLI: valid BPS-style CSV/XLSX/WebAPI fixtures and the store."""

from __future__ import annotations

import json

import pytest

from analisis.data.model import Basisdata
from analisis.data.penyimpanan import Penyimpanan
from conftest import FOLDER_DATA_UJI

IMPOR = FOLDER_DATA_UJI / "impor"


@pytest.mark.parametrize(
    "berkas,jumlah",
    [
        ("bps_p0_kalsel_2021_2025.csv", 70),  # 14 regions × 5 years, decimal comma, ';'
        ("bps_kemiskinan_kaltim_kalbar.xlsx", 72),  # 11 × 2 indicators × 2 years + 14 GK × 2
        ("webapi_p0_kalsel_var103.json", 56),  # 14 regions × 4 years
    ],
)
def test_bps_fixtures_read_back_exactly_the_bundled_values(cli, berkas, jumlah):
    hasil = cli("data", "cek", IMPOR / berkas)
    assert hasil.exit_code == 0, hasil.output
    assert "Nilai baru akan ditambahkan: 0" in hasil.output
    assert "Nilai akan diubah: 0" in hasil.output
    assert f"Nilai sama dengan data yang ada: {jumlah}" in hasil.output


def test_import_reads_old_names_and_dotted_thousands(penyimpanan):
    from analisis.data.impor import baca_berkas

    k = baca_berkas(IMPOR / "bps_kemiskinan_kaltim_kalbar.xlsx")
    t = k.tabel
    mempawah = t[(t["kode_wilayah"] == "6104") & (t["tahun"] == 2024)]
    assert mempawah["indikator"].tolist() == ["garis_kemiskinan"]
    assert (
        mempawah["nilai"].item()
        == Basisdata.muat(impor=False).provenans("6104", 2024, "garis_kemiskinan")["nilai"]
    )
    assert "nama di sumber: Pontianak" in mempawah["catatan"].item()
    mahulu = t[(t["kode_wilayah"] == "6411") & (t["indikator"] == "p0")]
    assert sorted(mahulu["tahun"]) == [2024, 2025]
    # Every value knows where it was read: sheet, Excel row and column.
    r = t[(t["kode_wilayah"] == "6401") & (t["indikator"] == "p0") & (t["tahun"] == 2025)].iloc[0]
    assert (r["_lembar"], r["_baris"], r["_kolom"]) == (
        "Kemiskinan Kaltim",
        5,
        "Persentase Penduduk Miskin (Persen) 2025 (E)",
    )


def _ubah_csv(tmp_path, nama_baru, ganti):
    teks = (IMPOR / "bps_p0_kalsel_2021_2025.csv").read_text("utf-8")
    for lama, baru in ganti:
        assert lama in teks
        teks = teks.replace(lama, baru)
    p = tmp_path / nama_baru
    p.write_text(teks, "utf-8")
    return p


def test_import_reports_changes_old_to_new_and_keeps_history(cli, tmp_path, penyimpanan):
    p = _ubah_csv(
        tmp_path,
        "p0_revisi.csv",
        [("Banjar;3,04;2,79;2,44;2,36;2,74", "Banjar;3,04;2,79;2,44;2,36;2,70")],
    )
    hasil = cli("data", "impor", p)
    assert hasil.exit_code == 0, hasil.output
    assert "Impor selesai: 1 nilai disimpan" in hasil.output
    assert "p0 6303 2025 (Maret): 2,74 → 2,7" in hasil.output
    basis = Basisdata.muat(Penyimpanan(penyimpanan))
    assert basis.seri("6303", "p0").loc[2025] == 2.70
    assert basis.provenans("6303", 2025, "p0")["asal"] == "impor:p0_revisi.csv"
    riwayat = Penyimpanan(penyimpanan).riwayat()
    assert riwayat[-1]["diubah"][0]["nilai_lama"] == 2.74
    # The bundled data is untouched; the default run can still ignore imports.
    assert Basisdata.muat(impor=False).seri("6303", "p0").loc[2025] == 2.74
    info = cli("data", "info", "--provinsi", "63")
    assert "nilai impor pengguna: 1." in info.output


def test_worse_grade_is_a_conflict_not_applied_without_timpa(cli, tmp_path, penyimpanan):
    p = tmp_path / "kutipan.csv"
    p.write_text(
        "kode_wilayah,tahun,indikator,nilai,kualitas,sumber\n6303,2024,p0,2.40,C,berita\n6303,2015,p0,3.10,C,berita\n",
        "utf-8",
    )
    hasil = cli("data", "impor", p)
    assert hasil.exit_code == 4, hasil.output
    assert "Konflik (nilai lama bermutu lebih baik), TIDAK diterapkan" in hasil.output
    assert "p0 6303 2024: data 2,36 (mutu A) vs berkas 2,4 (mutu C)" in hasil.output
    basis = Basisdata.muat(Penyimpanan(penyimpanan))
    assert basis.seri("6303", "p0").loc[2024] == 2.36  # conflict not applied
    assert basis.seri("6303", "p0").loc[2015] == 3.10  # the new cell was added
    hasil = cli("data", "impor", "--timpa", p)
    assert hasil.exit_code == 0
    assert Basisdata.muat(Penyimpanan(penyimpanan)).seri("6303", "p0").loc[2024] == 2.40


def test_unit_in_header_is_converted_and_reported(cli, tmp_path):
    p = tmp_path / "jumlah_jiwa.csv"
    p.write_text(
        "Jumlah Penduduk Miskin Menurut Kabupaten/Kota (Jiwa)\nKabupaten/Kota,2025\nBanjar,15.930\n",
        "utf-8",
    )
    basis = Basisdata.muat(impor=False)
    hasil = cli("data", "cek", p)
    assert hasil.exit_code == 0, hasil.output
    assert "satuan 'jiwa' dikonversi ke 'ribu jiwa'" in hasil.output
    lama = basis.provenans("6303", 2025, "jumlah_penduduk_miskin")["nilai"]
    if abs(lama - 15.93) < 1e-9:
        assert "Nilai sama dengan data yang ada: 1" in hasil.output
    else:
        assert "→ 15,93" in hasil.output


def test_webapi_breakdowns_and_semesters(tmp_path):
    from analisis.data.impor import baca_webapi

    respons = {
        "status": "OK",
        "var": [
            {
                "val": 192,
                "label": "Persentase Penduduk Miskin Menurut Provinsi dan Daerah",
                "unit": "Persen",
            }
        ],
        "turvar": [
            {"val": 1, "label": "Perkotaan"},
            {"val": 2, "label": "Perdesaan"},
            {"val": 3, "label": "Perkotaan+Perdesaan"},
        ],
        "vervar": [{"val": 6300, "label": "KALIMANTAN SELATAN"}],
        "tahun": [{"val": 124, "label": "2024"}],
        "turtahun": [
            {"val": 61, "label": "Semester 1 (Maret)"},
            {"val": 62, "label": "Semester 2 (September)"},
        ],
        # Test values (not official figures) to exercise the key layout.
        "datacontent": {
            "6300192112461": 3.1,
            "6300192212461": 5.2,
            "6300192312461": 4.11,
            "6300192312462": 4.02,
        },
    }
    k = baca_webapi(respons=respons)
    assert k.masalah == []
    hasil = {(r.periode, r.nilai) for r in k.tabel.itertuples()}
    assert hasil == {("Maret", 4.11), ("September", 4.02)}
    assert any("2 nilai rincian" in i for i in k.info)


def test_live_fetch_uses_the_webapi_endpoint_and_saves_without_token(cli, penyimpanan, monkeypatch):
    from analisis.data.impor import webapi

    rekaman = json.loads((IMPOR / "webapi_p0_kalsel_var103.json").read_text("utf-8"))
    diminta: list[str] = []

    def palsu(alamat: str, batas_waktu: float = 60) -> dict:
        diminta.append(alamat)
        return rekaman

    monkeypatch.setattr(webapi, "_unduh_json", palsu)
    hasil = cli("data", "ambil", "--domain", "6300", "--var", "103", "--token", "RAHASIA123")
    assert hasil.exit_code == 0, hasil.output
    assert diminta == [
        "https://webapi.bps.go.id/v1/api/list/model/data/lang/ind/domain/6300/var/103/key/RAHASIA123/"
    ]
    tersimpan = list((penyimpanan / "unduhan").glob("webapi_6300_103_*.json"))
    assert len(tersimpan) == 1 and "RAHASIA123" not in tersimpan[0].read_text("utf-8")
    assert "Impor selesai: 0 nilai disimpan" in hasil.output  # identical to the bundle
    tanpa_token = cli("data", "ambil", "--domain", "6300", "--var", "103")
    assert tanpa_token.exit_code == 2 and "Token WebAPI BPS belum diberikan" in tanpa_token.output


def test_installed_console_script_runs_info(cli_proses):
    hasil = cli_proses("data", "info")
    assert hasil.returncode == 0, hasil.stderr
    assert "56 kabupaten/kota (47 kabupaten, 9 kota), 5 provinsi, Indonesia" in hasil.stdout
    assert "Kalimantan Selatan" in hasil.stdout
    js = json.loads(cli_proses("data", "info", "--format", "json").stdout)
    assert js["ringkasan"]["nilai"] == 4849  # 4.773 + 76 cells added in December 2026
