"""The app's session state without Panel: loading, weights and their validity, the change
against the published rank, filters, robustness, the URL view and the downloads."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import numpy as np
import openpyxl
import pandas as pd
import pytest

from analisis.aplikasi.alamat import Tampilan, dari_query
from analisis.aplikasi.saringan import baca_angka, teks_cari
from analisis.aplikasi.sesi import SesiPeringkat
from analisis.galat import GalatAnalisis
from analisis.laporan.unduhan import baca_csv
from analisis.peringkat.kerangka import kerangka_dari_dict
from conftest import tulis_peringkat_uji

KERANGKA = {
    "nama": "Kerangka uji sesi",
    "robust": {"benih": 5, "jumlah_iterasi": 60},
    "izinkan_dimensi_hilang": True,
    "dimensi": [
        {
            "kode": "hasil",
            "nama": "Hasil penurunan kemiskinan",
            "bobot": 0.5,
            "indikator": [
                {
                    "kode": "penurunan_p0_3th",
                    "nama": "Penurunan P0 tiga tahun",
                    "sumber": "statistik",
                    "normalisasi": "min_maks",
                    "bobot": 1.0,
                }
            ],
        },
        {
            "kode": "pelaporan",
            "nama": "Pelaporan TKPK",
            "bobot": 0.3,
            "indikator": [
                {
                    "kode": "rpkd_berlaku",
                    "nama": "RPKD berlaku",
                    "sumber": "evaluator",
                    "normalisasi": "rubrik",
                    "nilai_rubrik": {"ya": 100, "tidak": 0},
                    "bobot": 1.0,
                }
            ],
        },
        {
            "kode": "kualitas_data",
            "nama": "Kualitas data sasaran (BNBA)",
            "bobot": 0.2,
            "indikator": [
                {
                    "kode": "persen_nik_valid",
                    "nama": "Persentase NIK valid",
                    "sumber": "bnba",
                    "normalisasi": "min_maks",
                    "bobot": 1.0,
                }
            ],
        },
    ],
}

KODE = ["6301", "6302", "6303", "6305", "6371", "6372"]
NAMA = ["Tanah Laut", "Kotabaru", "Banjar", "Tapin", "Kota Banjarmasin", "Kota Banjarbaru"]


def _data() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "wilayah": NAMA,
            "penurunan_p0_3th": [0.9, 0.2, 0.85, 0.5, 0.1, 0.6],
            "rpkd_berlaku": ["tidak", "ya", "tidak", "ya", "ya", None],
            "persen_nik_valid": [np.nan] * 6,  # the BNBA dimension has no data at all
        },
        index=pd.Index(KODE, name="kode_wilayah"),
    )


@pytest.fixture
def laporan(tmp_path):
    folder = tmp_path / "reports"
    k = kerangka_dari_dict(KERANGKA)
    tulis_peringkat_uji(folder, "6300", 2024, _data(), k)
    tulis_peringkat_uji(folder, "6300", 2023, _data(), k)
    return folder


@pytest.fixture
def sesi(laporan) -> SesiPeringkat:
    s = SesiPeringkat(laporan)
    s.muat(*s.pilihan_awal())
    return s


def test_sesi_tanpa_panel():
    """The state, table, drill-down text and download modules never import Panel or Bokeh."""
    kode = (
        "import sys, analisis.aplikasi.sesi, analisis.aplikasi.unduh, analisis.aplikasi.tabel, "
        "analisis.aplikasi.teks_rinci, analisis.aplikasi.peta; "
        "print(sorted(m for m in ('panel', 'bokeh') if m in sys.modules))"
    )
    r = subprocess.run([sys.executable, "-c", kode], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]", r.stdout + r.stderr


def test_muat_awal_tahun_terbaru_dan_dimensi_tanpa_data(sesi):
    assert (sesi.kode_provinsi, sesi.tahun) == ("6300", 2024)
    assert sesi.tahun_untuk("6300") == [2023, 2024]
    assert sesi.pilihan_provinsi() == {"Kalimantan Selatan (63)": "6300"}
    assert sesi.dimensi_tanpa_data == ["kualitas_data"]
    assert sesi.indikator_kosong_provinsi() == ["persen_nik_valid"]
    assert sesi.bobot == {"hasil": 0.5, "pelaporan": 0.3, "kualitas_data": 0.2}
    assert sesi.sah and not sesi.disesuaikan
    kalimat = sesi.kalimat_peringatan()
    assert any("Dimensi tanpa data: Kualitas data sasaran (BNBA)" in k for k in kalimat)
    efektif = sesi.bobot_efektif()
    assert efektif["kualitas_data"] == 0 and efektif["hasil"] == pytest.approx(0.5 / 0.8)
    assert [b.tanpa_data for b in sesi.ringkas_bobot()] == [False, False, True]


@pytest.mark.parametrize(
    "bobot",
    [
        {"hasil": 0, "pelaporan": 0, "kualitas_data": 0},
        {"hasil": 0, "pelaporan": 0, "kualitas_data": 1},  # only a dimension without data
    ],
)
def test_bobot_tidak_sah_mempertahankan_peringkat_dan_menolak_unduhan(sesi, bobot):
    sebelum = sesi.baris_kini()
    assert not sesi.atur_bobot(bobot)
    assert not sesi.sah and "berbobot 0" in sesi.galat_bobot
    assert sesi.hasil is None and sesi.baris_kini() is sebelum  # previous ranking kept
    assert sesi.bobot == bobot  # the sliders' values are what the session holds
    assert sesi.tampilan().bobot == bobot  # and what the URL shares
    with pytest.raises(GalatAnalisis, match="bobot tidak sah"):
        sesi.isi_csv()
    with pytest.raises(GalatAnalisis, match="bobot tidak sah"):
        sesi.isi_xlsx()
    assert sesi.atur_bobot({"hasil": 1})
    assert sesi.sah and sesi.disesuaikan and sesi.isi_csv()


def test_perubahan_terhadap_peringkat_terbitan(sesi):
    terbit = sesi.baris_kini().set_index("kode_wilayah")["peringkat"]
    assert (sesi.baris_kini()["perubahan"] == 0).all()
    assert sesi.atur_bobot({"hasil": 0.0, "pelaporan": 1.0})
    kini = sesi.baris_kini().set_index("kode_wilayah")
    assert not kini["perubahan"].eq(0).all()  # the order did change
    for kode, r in kini.iterrows():
        assert r["peringkat_terbit"] == terbit[kode]
        if pd.notna(r["peringkat"]):
            assert r["perubahan"] == terbit[kode] - r["peringkat"]
    sesi.kembalikan()
    assert not sesi.disesuaikan and (sesi.baris_kini()["perubahan"] == 0).all()


def test_normalisasi_menyebut_nama_indikator(sesi):
    assert sesi.atur_bobot(normalisasi="skor_z")
    assert sesi.indikator_diganti() == ["Penurunan P0 tiga tahun", "Persentase NIK valid"]
    assert not sesi.atur_bobot(normalisasi="tidak_ada")
    assert "normalisasi 'tidak_ada' tidak dikenal" in sesi.galat_bobot


@pytest.mark.parametrize(
    "isi",
    ["{ rusak", json.dumps({"schema_version": 1, "meta": {}})],
    ids=["json-rusak", "versi-lama"],
)
def test_berkas_rusak_tidak_mengubah_sesi(sesi, laporan, isi):
    p = laporan / "6500" / "2024" / "peringkat" / "peringkat.json"
    p.parent.mkdir(parents=True)
    p.write_text(isi, "utf-8")
    sesi.keluaran = SesiPeringkat(laporan).keluaran  # the folder as a new page sees it
    assert sesi.atur_bobot({"hasil": 0.9})
    sebelum = (sesi.data, sesi.hasil, dict(sesi.bobot), sesi.kode_provinsi)
    with pytest.raises(GalatAnalisis) as e:
        sesi.muat("6500", 2024)
    assert "6500/2024/peringkat/peringkat.json" in e.value.pesan
    assert "analisis jalankan --provinsi 65 --tahun 2024" in e.value.pesan
    assert str(laporan) not in e.value.pesan  # no absolute path in a message
    assert (sesi.data, sesi.hasil, dict(sesi.bobot), sesi.kode_provinsi) == sebelum


def test_tampilan_alamat_pulang_pergi(sesi, laporan):
    assert sesi.atur_bobot({"hasil": 0.2, "pelaporan": 0.7}, "max_rasio")
    sesi.pilih("6303")
    q = sesi.tampilan().ke_query()
    assert q == {
        "provinsi": "6300",
        "tahun": "2024",
        "normalisasi": "max_rasio",
        "bobot_hasil": "0.2",
        "bobot_pelaporan": "0.7",
        "bobot_kualitas_data": "0.2",
        "wilayah": "6303",
    }
    baru = SesiPeringkat(laporan)
    t, masalah = dari_query({k: [v.encode()] for k, v in q.items()})  # as Tornado gives it
    assert masalah == [] and baru.terapkan(t) == []
    assert baru.bobot == sesi.bobot and baru.normalisasi == "max_rasio"
    assert baru.kode_terpilih == "6303" and baru.disesuaikan
    pd.testing.assert_frame_equal(baru.baris_kini(), sesi.baris_kini())


def test_alamat_salah_diabaikan_dengan_pesan(laporan):
    t, masalah = dari_query(
        {"provinsi": "6300", "tahun": "20x4", "bobot_hasil": "2", "normalisasi": "aneh"}
    )
    assert t == Tampilan(provinsi="6300")
    assert len(masalah) == 3 and "tahun '20x4'" in masalah[0]
    s = SesiPeringkat(laporan)
    pesan = s.terapkan(
        Tampilan(provinsi="6300", tahun=2023, bobot={"tak_dikenal": 0.3}, wilayah="9999")
    )
    assert (s.kode_provinsi, s.tahun) == ("6300", 2023)
    assert pesan == [
        "dimensi 'tak_dikenal' tidak ada di kerangka peringkat ini",
        "wilayah '9999' tidak ada di peringkat ini",
    ]
    assert s.terapkan(Tampilan(provinsi="6100", tahun=2024))[0].startswith("Tidak ada peringkat")


@pytest.mark.parametrize(
    ("cari", "harapan"),
    [
        ("Kabupaten Banjar", {"6303"}),
        ("kabupaten banjar", {"6303"}),
        ("kab", {"6301", "6302", "6303", "6305"}),
        ("Kab. Tapin", {"6305"}),
        ("kota banjar", {"6371", "6372"}),
        ("Kota Baru", {"6302"}),  # another known name
        ("637", {"6371", "6372"}),
        ("", set(KODE)),
    ],
)
def test_cari_nama_lengkap_dan_singkatan(sesi, cari, harapan):
    assert sesi.atur_saringan(cari=cari) == []
    assert set(sesi.baris_tampil()["kode_wilayah"]) == harapan


def test_saringan_angka_koma_desimal(sesi):
    assert baca_angka("60,5", "x") == 60.5 and baca_angka("1.234,5", "x") == 1234.5
    assert baca_angka("60.5", "x") == 60.5 and baca_angka(" ", "x") is None
    skor = sesi.baris_kini().set_index("kode_wilayah")["skor"]
    batas = float(skor.median())
    teks = f"{batas:.1f}".replace(".", ",")
    assert sesi.atur_saringan(skor_min=teks, peringkat_maks="4") == []
    tampil = sesi.baris_tampil()
    assert (tampil["skor"] >= float(teks.replace(",", "."))).all()
    assert (tampil["peringkat"] <= 4).all() and len(tampil) >= 1
    masalah = sesi.atur_saringan(skor_min="6o")
    assert masalah == ["Skor minimal: '6o' bukan angka (contoh: 60,5)"]
    assert sesi.saringan.skor_min is None and len(sesi.baris_tampil()) == len(KODE)


def test_teks_cari_memakai_daftar_wilayah():
    assert "kabupaten banjar" in teks_cari("6303", "Banjar").splitlines()
    assert "kota banjarmasin" in teks_cari("6371", "Kota Banjarmasin").splitlines()
    assert "kabupaten" not in teks_cari("6371", "Kota Banjarmasin")


def test_unduhan_csv_untuk_excel_indonesia(sesi):
    sesi.atur_bobot({"hasil": 0.8})
    bita = sesi.isi_csv()
    assert bita.startswith("\ufeff".encode())
    teks = bita.decode("utf-8-sig")
    catatan = [b[2:] for b in teks.splitlines() if b.startswith("# ")]
    for k in sesi.kalimat_peringatan():
        assert k in catatan
    assert any(
        c.startswith("Bobot disesuaikan di aplikasi, BUKAN peringkat terbitan") for c in catatan
    )
    assert "Semua 6 wilayah (tanpa saringan)." in catatan
    kepala = next(b for b in teks.splitlines() if not b.startswith("#"))
    assert kepala.split(";")[:4] == ["kode_wilayah", "nama", "peringkat", "perubahan_peringkat"]
    df = baca_csv(io.StringIO(teks))
    kini = sesi.baris_kini()
    assert list(df["kode_wilayah"].astype(str)) == list(kini["kode_wilayah"])
    assert df["skor"].tolist() == pytest.approx(kini["skor"].round(2).tolist())
    assert set(df["ditandai"]) <= {"ya", "tidak"}
    # Rounded as displayed: at most two decimals in the score column.
    sel_skor = [b.split(";")[5] for b in teks.splitlines() if b[:1].isdigit()]
    assert all(len(s.split(",")[1]) <= 2 for s in sel_skor if "," in s)
    assert "persen_nik_valid" not in teks and "Persentase NIK valid" in teks  # names, not codes
    assert sesi.nama_unduhan("csv") == "peringkat_6300_2024_disesuaikan.csv"


def test_unduhan_mengikuti_saringan(sesi):
    sesi.atur_saringan(cari="kota banjar")
    df = baca_csv(io.StringIO(sesi.isi_csv().decode("utf-8-sig")))
    assert set(df["kode_wilayah"].astype(str)) == {"6371", "6372"}
    assert "# Tersaring (pencarian 'kota banjar'): 2 dari 6 wilayah." in sesi.isi_csv().decode(
        "utf-8-sig"
    )
    assert sesi.nama_unduhan("xlsx") == "peringkat_6300_2024_tersaring.xlsx"


def test_unduhan_xlsx_dengan_catatan(sesi, tmp_path):
    p = tmp_path / "u.xlsx"
    p.write_bytes(sesi.isi_xlsx())
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == ["Catatan", "Peringkat", "Bobot", "Indikator"]
    catatan = [r[0] for r in wb["Catatan"].iter_rows(values_only=True)]
    assert all(k in catatan for k in sesi.kalimat_peringatan())
    bobot = list(wb["Bobot"].iter_rows(values_only=True))
    assert bobot[0] == ("dimensi", "bobot", "bobot_efektif")
    assert [r[0] for r in bobot[1:]] == [
        "Hasil penurunan kemiskinan",
        "Pelaporan TKPK",
        "Kualitas data sasaran (BNBA)",
    ]
    assert len(list(wb["Peringkat"].iter_rows())) == 1 + len(KODE)


def test_tetangga_tidak_robust_dari_pasangan(sesi):
    pasangan = sesi.pasangan_kini()
    assert pasangan, "the test data should have non-robust pairs"
    kode = pasangan[0].kode_atas
    tetangga = sesi.tetangga_tidak_robust(kode)
    harapan = {p.kode_bawah for p in pasangan if p.kode_atas == kode} | {
        p.kode_atas for p in pasangan if p.kode_bawah == kode
    }
    assert {t.kode for t in tetangga} == harapan
    proporsi = [t.proporsi_terbalik for t in tetangga]
    assert proporsi == sorted(proporsi, reverse=True)


def test_pilih_wilayah_dan_nilai_peta(sesi):
    sesi.pilih("6303")
    assert sesi.kode_terpilih == "6303"
    sesi.pilih("9999")  # not in the ranking: ignored
    assert sesi.kode_terpilih == "6303"
    w = sesi.nilai_peta("peringkat")
    assert w.judul == "Peringkat" and not w.naik_baik
    ind = sesi.nilai_peta("ind:rpkd_berlaku")
    assert ind.judul == "RPKD berlaku" and "ya (skor 100)" in ind.teks
    assert "ind:persen_nik_valid" not in sesi.opsi_warna().values()  # no data: not offered
    spes = sesi.spesifikasi_peta("skor")
    assert spes["usermeta"]["analisis"]["terpilih"] == "6303"


def test_mengapa_tidak_pasti_dari_hasil_tersimpan(laporan, monkeypatch):
    """The "why is this rank uncertain?" panel reads the stored Sobol results, never recomputes
    them, and says so when the table shows other weights."""
    from analisis.aplikasi.teks_rinci import mengapa_tidak_pasti
    from analisis.peringkat import entri, sensitivitas

    tulis_peringkat_uji(
        laporan, "6300", 2024, _data(), kerangka_dari_dict(KERANGKA), dengan_sensitivitas=True
    )

    def dilarang(*a, **k):
        raise AssertionError("aplikasi tidak boleh menghitung ulang analisis sensitivitas")

    monkeypatch.setattr(entri, "analisis_sensitivitas", dilarang)
    monkeypatch.setattr(sensitivitas, "analisis_sensitivitas", dilarang)
    s = SesiPeringkat(laporan)
    s.muat("6300", 2024)
    sens = s.data_dimuat.kontrak.sensitivitas
    w = next(w for w in sens["wilayah"] if not w["peringkat_tetap"])
    kode = w["kode_wilayah"]
    s.pilih(kode)
    p = s.penjelasan_sensitivitas(kode)
    assert p is not None and p.uraian == w["uraian"] and p.peringkat == w["peringkat"]
    teks = mengapa_tidak_pasti(s, kode)
    assert "Mengapa peringkat wilayah ini tidak pasti?" in teks
    assert w["uraian"] in teks.replace("&#39;", "'")
    for _, r in p.faktor.iterrows():
        assert f"<td>{r['faktor']}</td>" in teks
    assert "0," in teks and "penjelasan-terbitan" not in teks
    if p.penghapusan:
        assert "Bila satu indikator atau dimensi dihapus:" in teks
    # Two different rank ranges, each said precisely: the sensitivity design's range is labelled
    # as such, set against the robustness test's 90 % interval of the same region.
    from analisis.aplikasi.teks_rinci import peringkat_wilayah
    from analisis.laporan.format import angka
    from analisis.peringkat.uraian_sensitivitas import kalimat_rentang_sensitivitas

    t = s.baris_kini().set_index("kode_wilayah")
    mc = f"{int(t.at[kode, 'interval_bawah'])}–{int(t.at[kode, 'interval_atas'])}"
    lo, hi = int(w["peringkat_p05"]), int(w["peringkat_p95"])
    assert (
        f"Rentang analisis sensitivitas: {lo}–{hi}</b> (bukan rentang\nuji ketahanan {mc} di atas)"
        in teks
    )
    assert kalimat_rentang_sensitivitas(sens) in teks
    evaluasi = angka(2 * sens["parameter"]["jumlah_sampel"], 0)  # e.g. "2.048"
    assert f"{evaluasi} evaluasi bebas rancangan Saltelli" in kalimat_rentang_sensitivitas(sens)
    rinci = peringkat_wilayah(s, kode)
    assert (
        f"<b>Rentang uji ketahanan:</b> Pada 90 dari 100 simulasi peringkatnya antara <b>{mc}</b>"
        in rinci
    )
    jumlah = s.parameter_robust()["jumlah_iterasi"]
    assert f"(Uji ketahanan = {jumlah} simulasi Monte Carlo:" in rinci
    # Other weights: same stored explanation, said to be for the published weights.
    assert s.atur_bobot({"hasil": 1.0, "pelaporan": 0.0})
    sesudah = mengapa_tidak_pasti(s, kode)
    assert "Penjelasan ini untuk bobot terbitan" in sesudah
    assert f"(peringkat {w['peringkat']})" in sesudah
    assert w["uraian"] in sesudah.replace("&#39;", "'")
    # A ranking file written before the analysis existed: a plain hint, no error.
    s.muat("6300", 2023)
    assert s.penjelasan_sensitivitas(kode) is None
    assert "belum memuat analisis sensitivitas" in mengapa_tidak_pasti(s, kode)


@pytest.mark.parametrize(
    ("nilai", "format_", "harapan"),
    [
        # JavaScript's toFixed rounds the exact binary value: 2.675 is 2.67499…, 0.125 is exact
        (2.675, {"precision": 2, "decimal": ",", "thousand": "."}, "2,67"),
        (0.125, {"precision": 2, "decimal": ",", "thousand": "."}, "0,13"),
        (1234567.125, {"precision": 2, "decimal": ",", "thousand": "."}, "1.234.567,13"),
        (-3.25, {"precision": 1, "decimal": ",", "thousand": "."}, "-3,3"),
        (93.4, {"precision": 0, "symbol": "%", "symbolAfter": True}, "93%"),
        (7, {"precision": 2, "symbol": "Rp"}, "Rp7.00"),
        (float("nan"), {"precision": 2}, ""),
        (None, {"precision": 2}, ""),
    ],
)
def test_angka_seperti_formatter_uang_tabulator(nilai, format_, harapan):
    """The plain table's numbers as Tabulator's ``money`` formatter prints them (the Chromium
    test compares whole tables; this pins the rounding and the separators)."""
    from analisis.aplikasi.tabel import angka_uang

    assert angka_uang(nilai, format_) == harapan
