"""Reader and validation: every problem is collected and located (file, sheet, row, column)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analisis.anggaran.baca import baca_anggaran
from analisis.anggaran.kolom import KOLOM_ANGGARAN, KOLOM_RINGKASAN
from analisis.anggaran.templat import tulis_templat
from analisis.galat import GalatValidasi, Masalah

DATA = Path(__file__).parent / "data" / "anggaran"

JUDUL_ANGGARAN = [k.judul for k in KOLOM_ANGGARAN]
JUDUL_RINGKASAN = [k.judul for k in KOLOM_RINGKASAN]


def _galat(fungsi, *args, **kwargs) -> list[Masalah]:
    with pytest.raises(GalatValidasi) as e:
        fungsi(*args, **kwargs)
    return e.value.masalah


def _satu(masalah: list[Masalah], kode: str) -> Masalah:
    cocok = [m for m in masalah if m.kode == kode]
    assert len(cocok) == 1, (kode, [str(m) for m in masalah])
    return cocok[0]


def _tulis_csv(folder: Path, nama: str, judul: list[str], baris: list[list[object]]) -> Path:
    path = folder / nama
    teks = [";".join(judul)] + [";".join("" if v is None else str(v) for v in b) for b in baris]
    path.write_text("\n".join(teks) + "\n", encoding="utf-8")
    return path


def _baris(
    kode_sub="1.06.04.2.02.0005",
    pagu="10.000.000",
    realisasi="9.000.000",
    klaster="K1",
    penandaan="Langsung",
    opd="Dinas Sosial",
    wilayah="6303",
    tahun="2024",
) -> list[object]:
    return [
        wilayah,
        tahun,
        opd,
        "1.06.04",
        "Rehabilitasi Sosial",
        "1.06.04.2.02",
        "Rehabilitasi Dasar",
        kode_sub,
        "Permakanan",
        klaster,
        pagu,
        realisasi,
        penandaan,
        "",
    ]


def _ringkasan(
    folder: Path,
    nama: str = "u_ringkasan_6303_2024.csv",
    belanja="2.000.000.000.000",
    realisasi="1.800.000.000.000",
) -> Path:
    return _tulis_csv(
        folder, nama, JUDUL_RINGKASAN, [["6303", "Banjar", "2024", belanja, realisasi, ""]]
    )


# --------------------------------------------------------------------------- valid input
def test_ringkasan_tanpa_wilayah_tahun_itu(tmp_path):
    _ringkasan(tmp_path)
    path = _tulis_csv(
        tmp_path, "u_anggaran_6303_2024.csv", JUDUL_ANGGARAN, [_baris(), _baris(tahun="2023")]
    )
    m = _satu(baca_anggaran(path).peringatan, "ringkasan_hilang")
    assert "6303 tahun 2023" in m.pesan


def test_berkas_kecil_sah_dan_dinormalisasi():
    d = baca_anggaran(DATA / "kecil_anggaran_6303_2024.csv")
    assert d.peringatan == []
    assert d.berkas == [
        "kecil_anggaran_6303_2024.csv",
        "kecil_ringkasan_6303_2024.csv",
        "kecil_rat_6303_2024.csv",
    ]
    a = d.anggaran
    assert len(a) == 5  # the JUMLAH row is a check, not data
    assert a["kode_wilayah"].tolist() == ["6303"] * 5  # taken from Ringkasan
    assert a["klaster"].tolist() == ["K1", "K1", "K3", "K2", "K4"]
    assert a["penandaan"].tolist() == [
        "langsung",
        "tidak_langsung",
        "langsung",
        "tidak_ditandai",
        "penunjang",
    ]
    assert a["pagu"].tolist() == [40e9, 20e9, 25e9, 10e9, 5e9]
    assert a["realisasi"].iloc[2] == 20e9
    assert a["realisasi"].isna().tolist() == [False, False, False, True, False]
    assert a["baris"].tolist() == [2, 3, 4, 5, 6]
    assert str(a["tahun"].dtype) == "int64"
    r = d.ringkasan.iloc[0]
    assert (r["kode_wilayah"], r["nama_wilayah"], r["tahun"]) == ("6303", "Banjar", 2024)
    assert r["belanja_daerah"] == 2e12 and r["realisasi_belanja_daerah"] == 1.8e12
    assert d.rat["target"].tolist() == [100.0, 50.0, 10.0]
    assert d.contoh is False


# --------------------------------------------------------------------------- malformed rows
@pytest.fixture(scope="module")
def masalah_salah() -> list[Masalah]:
    return _galat(baca_anggaran, DATA / "salah_anggaran_6303_2024.csv")


@pytest.mark.parametrize(
    ("kode", "baris", "kolom", "potongan"),
    [
        ("nilai_negatif", 3, "Pagu (Rp)", "pagu tidak boleh negatif (−Rp5.000.000)"),
        (
            "klaster_tidak_dikenal",
            5,
            "Klaster",
            "mungkin maksudnya 'K3 — Mengurangi kantong kemiskinan'",
        ),
        (
            "penandaan_tidak_dikenal",
            7,
            "Penandaan kemiskinan ekstrem",
            "mungkin maksudnya 'Langsung'",
        ),
        ("subkegiatan_ganda", 8, "Kode sub-kegiatan", "baris 2, 8 dengan nilai berbeda"),
        ("wilayah_tidak_dikenal", 10, "Kode wilayah (BPS)", "'9999' tidak dikenal"),
        ("tahun_tidak_sah", 11, "Tahun", "tahun 1999 di luar rentang"),
    ],
)
def test_masalah_per_baris(masalah_salah, kode, baris, kolom, potongan):
    m = _satu(masalah_salah, kode)
    assert (m.berkas, m.baris, m.kolom, m.tingkat) == (
        "salah_anggaran_6303_2024.csv",
        baris,
        kolom,
        "galat",
    )
    assert potongan in m.pesan
    assert f"baris {baris}, kolom '{kolom}'" in str(m)


def test_angka_tidak_sah_dan_ambigu(masalah_salah):
    angka = {(m.baris, m.kolom): m.pesan for m in masalah_salah if m.kode == "angka_tidak_sah"}
    assert set(angka) == {(6, "Pagu (Rp)"), (9, "Pagu (Rp)")}
    assert "'lima juta' bukan angka" in angka[(6, "Pagu (Rp)")]
    assert "'1,500' ambigu" in angka[(9, "Pagu (Rp)")]


def test_realisasi_di_atas_pagu_hanya_peringatan_dengan_baris(masalah_salah):
    p = [m for m in masalah_salah if m.kode == "realisasi_melebihi_pagu"]
    assert [(m.baris, m.kolom, m.tingkat) for m in p] == [
        (4, "Realisasi (Rp)", "peringatan"),
        (12, "Realisasi (Rp)", "peringatan"),
    ]
    assert "Rp9.500.000 melebihi pagu Rp8.000.000" in p[0].pesan


def test_galat_dikumpulkan_semua_dalam_satu_pesan(masalah_salah):
    galat = [m for m in masalah_salah if m.tingkat == "galat"]
    assert len(galat) == 8


def test_realisasi_di_atas_pagu_tidak_menggagalkan(tmp_path):
    _ringkasan(tmp_path)
    path = _tulis_csv(
        tmp_path,
        "u_anggaran_6303_2024.csv",
        JUDUL_ANGGARAN,
        [
            _baris(pagu="10.000.000", realisasi="9.000.000"),
            _baris(kode_sub="1.06.04.2.02.0006", pagu="5.000.000", realisasi="6.000.000"),
        ],
    )
    d = baca_anggaran(path)
    (m,) = d.peringatan
    assert (m.kode, m.baris, m.kolom, m.tingkat) == (
        "realisasi_melebihi_pagu",
        3,
        "Realisasi (Rp)",
        "peringatan",
    )


def test_kolom_wajib_hilang_dengan_saran(tmp_path):
    _ringkasan(tmp_path)
    judul = [j for j in JUDUL_ANGGARAN if j != "Klaster"]
    judul = ["Pagu anggran (Rp)" if j == "Pagu (Rp)" else j for j in judul]
    baris = [b[:9] + b[10:] for b in [_baris()]]
    path = _tulis_csv(tmp_path, "u_anggaran_6303_2024.csv", judul, baris)
    masalah = _galat(baca_anggaran, path)
    hilang = {m.kolom: m for m in masalah if m.kode == "kolom_hilang"}
    assert set(hilang) == {"Klaster", "Pagu (Rp)"}
    assert hilang["Klaster"].baris == 1
    assert "kolom wajib 'Klaster' tidak ada" in hilang["Klaster"].pesan
    assert "mungkin kolom 'Pagu anggran (Rp)' yang dimaksud" in hilang["Pagu (Rp)"].pesan
    assert _satu(masalah, "kolom_tidak_dikenal").tingkat == "peringatan"


def test_satuan_ribu_rupiah_ditolak(tmp_path):
    _ringkasan(tmp_path)
    judul = ["Pagu (Rp ribu)" if j == "Pagu (Rp)" else j for j in JUDUL_ANGGARAN]
    path = _tulis_csv(tmp_path, "u_anggaran_6303_2024.csv", judul, [_baris()])
    m = _satu(_galat(baca_anggaran, path), "satuan_salah")
    assert (m.baris, m.kolom) == (1, "Pagu (Rp ribu)")


def test_judul_tidak_di_baris_1(tmp_path):
    _ringkasan(tmp_path)
    path = _tulis_csv(
        tmp_path,
        "u_anggaran_6303_2024.csv",
        ["Anggaran kemiskinan 2024"],
        [JUDUL_ANGGARAN, _baris()],
    )
    m = _satu(_galat(baca_anggaran, path), "judul_bukan_baris_1")
    assert "baris 2" in m.pesan


def test_anggaran_kemiskinan_melebihi_belanja_daerah(tmp_path):
    _ringkasan(tmp_path, belanja="15.000.000", realisasi="")
    path = _tulis_csv(
        tmp_path,
        "u_anggaran_6303_2024.csv",
        JUDUL_ANGGARAN,
        [
            _baris(pagu="10.000.000", realisasi=""),
            _baris(kode_sub="1.06.04.2.02.0006", pagu="6.000.000", realisasi=""),
        ],
    )
    masalah = _galat(baca_anggaran, path)
    m = _satu(masalah, "melebihi_belanja_daerah")
    assert (m.berkas, m.baris, m.kolom) == (
        "u_ringkasan_6303_2024.csv",
        2,
        "Belanja daerah APBD (Rp)",
    )
    assert "Rp16.000.000" in m.pesan and "Rp15.000.000" in m.pesan
    assert _satu(masalah, "belanja_daerah_kecil").tingkat == "peringatan"


def test_realisasi_kemiskinan_melebihi_realisasi_belanja_daerah(tmp_path):
    _ringkasan(tmp_path, belanja="200.000.000.000", realisasi="100.000.000.000")
    path = _tulis_csv(
        tmp_path,
        "u_anggaran_6303_2024.csv",
        JUDUL_ANGGARAN,
        [_baris(pagu="150.000.000.000", realisasi="120.000.000.000")],
    )
    m = _satu(_galat(baca_anggaran, path), "melebihi_belanja_daerah")
    assert m.kolom == "Realisasi belanja daerah (Rp)"


def test_baris_jumlah_tidak_cocok(tmp_path):
    _ringkasan(tmp_path)
    total = _baris(pagu="20.000.000", realisasi="18.000.000", opd="JUMLAH", kode_sub="")
    path = _tulis_csv(
        tmp_path,
        "u_anggaran_6303_2024.csv",
        JUDUL_ANGGARAN,
        [
            _baris(pagu="10.000.000", realisasi="9.000.000"),
            _baris(kode_sub="1.06.04.2.02.0006", pagu="5.000.000", realisasi="4.000.000"),
            total,
        ],
    )
    masalah = _galat(baca_anggaran, path)
    salah = sorted((m.baris, m.kolom) for m in masalah if m.kode == "total_tidak_cocok")
    assert salah == [(4, "Pagu (Rp)"), (4, "Realisasi (Rp)")]
    pesan = next(m.pesan for m in masalah if m.kolom == "Pagu (Rp)")
    assert "menulis pagu Rp20.000.000" in pesan and "adalah Rp15.000.000" in pesan


def test_baris_jumlah_cocok_lolos():
    # kecil_anggaran has a correct JUMLAH row (Rp100 miliar / Rp79,5 miliar).
    assert baca_anggaran(DATA / "kecil_anggaran_6303_2024.csv").peringatan == []


def test_ganda_identik_hanya_peringatan(tmp_path):
    _ringkasan(tmp_path)
    path = _tulis_csv(tmp_path, "u_anggaran_6303_2024.csv", JUDUL_ANGGARAN, [_baris(), _baris()])
    m = _satu(baca_anggaran(path).peringatan, "baris_ganda_identik")
    assert m.baris == 3 and "baris 2, 3" in m.pesan


def test_kode_sama_di_opd_berbeda_bukan_ganda(tmp_path):
    _ringkasan(tmp_path)
    path = _tulis_csv(
        tmp_path,
        "u_anggaran_6303_2024.csv",
        JUDUL_ANGGARAN,
        [_baris(), _baris(opd="Dinas Kesehatan", pagu="3.000.000", realisasi="")],
    )
    assert baca_anggaran(path).peringatan == []


def test_wilayah_dan_tahun_yang_diharapkan(tmp_path):
    _ringkasan(tmp_path)
    path = _tulis_csv(tmp_path, "u_anggaran_6303_2024.csv", JUDUL_ANGGARAN, [_baris()])
    masalah = _galat(baca_anggaran, path, wilayah="6304", tahun=2023)
    kode = {m.kode for m in masalah}
    assert {"wilayah_tidak_sesuai", "tahun_tidak_sesuai"} <= kode
    m = next(
        m for m in masalah if m.kode == "wilayah_tidak_sesuai" and m.berkas.startswith("u_anggaran")
    )
    assert (m.baris, m.kolom) == (2, "Kode wilayah (BPS)")


def test_nama_wilayah_sebagai_kode_diberi_saran(tmp_path):
    _ringkasan(tmp_path)
    path = _tulis_csv(
        tmp_path, "u_anggaran_6303_2024.csv", JUDUL_ANGGARAN, [_baris(wilayah="Banjar")]
    )
    m = _satu(_galat(baca_anggaran, path), "wilayah_tidak_dikenal")
    assert "kode 6303" in m.pesan


def test_kolom_angka_campuran_ambigu(tmp_path):
    _ringkasan(tmp_path)
    path = _tulis_csv(
        tmp_path,
        "u_anggaran_6303_2024.csv",
        JUDUL_ANGGARAN,
        [
            _baris(pagu="1234567.5", realisasi=""),
            _baris(kode_sub="1.06.04.2.02.0006", pagu="12.500", realisasi=""),
        ],
    )
    m = _satu(_galat(baca_anggaran, path), "angka_tidak_sah")
    assert (m.baris, m.kolom) == (3, "Pagu (Rp)")
    assert "'12.500'" in m.pesan and "ambigu" in m.pesan


def test_tanpa_ringkasan_peringatan_dan_kode_wilayah_wajib(tmp_path):
    path = _tulis_csv(tmp_path, "tunggal.csv", JUDUL_ANGGARAN, [_baris()])
    d = baca_anggaran(path)
    assert [m.kode for m in d.peringatan] == ["ringkasan_tidak_ada"]
    path = _tulis_csv(tmp_path, "tunggal2.csv", JUDUL_ANGGARAN, [_baris(wilayah="")])
    m = _satu(_galat(baca_anggaran, path), "isian_kosong")
    assert (m.baris, m.kolom) == (2, "Kode wilayah (BPS)")


def test_berkas_kosong_dan_jenis_tidak_dikenal(tmp_path):
    _ringkasan(tmp_path)
    path = _tulis_csv(tmp_path, "u_anggaran_6303_2024.csv", JUDUL_ANGGARAN, [])
    assert _satu(_galat(baca_anggaran, path), "tanpa_data")
    lain = tmp_path / "x.ods"
    lain.write_text("x")
    assert _satu(_galat(baca_anggaran, lain), "berkas_tidak_dikenal")


def test_csv_pemisah_koma_dan_windows1252(tmp_path):
    judul = ",".join(JUDUL_RINGKASAN)
    ringkasan = tmp_path / "w_ringkasan.csv"
    ringkasan.write_text(judul + "\n6303,Banjar,2024,2000000000000,,Catatan ümlaut\n", "utf-8")
    baris = ",".join(str(v) for v in _baris(pagu="10000000", realisasi="9000000"))
    (tmp_path / "w_anggaran.csv").write_text(
        ",".join(JUDUL_ANGGARAN) + "\n" + baris + "\n", "utf-8"
    )
    d = baca_anggaran(tmp_path / "w_anggaran.csv")
    assert d.anggaran["pagu"].tolist() == [10_000_000.0]
    assert d.ringkasan["keterangan"].tolist() == ["Catatan ümlaut"]
    # Windows-1252 is not guessed: the byte, its line and its meaning are named.
    ringkasan.write_bytes(ringkasan.read_text("utf-8").encode("cp1252"))
    m = _satu(_galat(baca_anggaran, tmp_path / "w_anggaran.csv"), "enkode_windows1252")
    assert (m.berkas, m.baris, m.token) == ("w_ringkasan.csv", 2, "0xFC")
    assert "'ü'" in m.pesan and "simpan ulang sebagai 'CSV UTF-8" in m.pesan


# --------------------------------------------------------------------------- XLSX round trip
@pytest.fixture(scope="module")
def _templat_terisi(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("templat")
    (xlsx,) = tulis_templat("6303", 2024, folder, format="xlsx", baris_isian=10)
    wb = load_workbook(xlsx)
    ws = wb["Ringkasan"]
    ws["D2"], ws["E2"] = 3_000_000_000_000, "Rp2.700.000.000.000"
    ws = wb["Anggaran"]  # header in row 1; fill rows 2 and 3 as a user would
    isi = [
        [
            None,
            2024,
            "Dinas Sosial",
            "1.06.04",
            "Rehabilitasi Sosial",
            "1.06.04.2.02",
            "Rehabilitasi Dasar",
            "1.06.04.2.02.0005",
            "Permakanan",
            "Mengurangi beban pengeluaran",
            40_000_000_000,
            36_000_000_000,
            "Langsung",
            None,
        ],
        [
            None,
            2024,
            "Dinas Perkim",
            "1.04.02",
            "Perumahan",
            "1.04.02.2.01",
            "Rehabilitasi Rumah",
            "1.04.02.2.01.0004",
            "RTLH",
            "Mengurangi kantong kemiskinan",
            "25.000.000.000",
            None,
            "Tidak langsung",
            None,
        ],
    ]
    for i, baris in enumerate(isi, start=2):
        for j, v in enumerate(baris, start=1):
            ws.cell(row=i, column=j, value=v)
    ws = wb["RAT"]
    for j, v in enumerate(
        [
            None,
            2024,
            "Dinas Sosial",
            "1.06.04.2.02.0005",
            "Permakanan",
            "Penerima",
            "orang",
            100,
            90,
            None,
        ],
        start=1,
    ):
        ws.cell(row=2, column=j, value=v)
    wb.save(xlsx)
    return xlsx


@pytest.fixture
def templat_terisi(_templat_terisi, tmp_path) -> Path:
    """A filled-in template (written once per module, copied per test)."""
    salinan = tmp_path / _templat_terisi.name
    shutil.copyfile(_templat_terisi, salinan)
    return salinan


def test_templat_xlsx_bolak_balik(templat_terisi):
    xlsx = templat_terisi
    d = baca_anggaran(xlsx, wilayah="6303", tahun=2024)
    assert d.peringatan == []
    a = d.anggaran
    assert a["kode_wilayah"].tolist() == ["6303", "6303"]
    assert a["klaster"].tolist() == ["K1", "K3"]
    assert a["pagu"].tolist() == [40e9, 25e9]
    assert a["lembar"].tolist() == ["Anggaran", "Anggaran"]
    assert d.ringkasan["realisasi_belanja_daerah"].tolist() == [2.7e12]
    assert d.rat["capaian"].tolist() == [90.0]


def test_templat_xlsx_galat_menyebut_lembar(templat_terisi):
    xlsx = templat_terisi
    wb = load_workbook(xlsx)
    ws = wb["Anggaran"]
    ws["K3"] = -1
    ws["H2"] = 1.02  # code typed into a numeric cell
    ws["K4"] = "=K2+K3"  # formula never calculated (no cached value)
    for j, v in enumerate(
        [None, 2024, "Bappeda", "5.01", "P", "5.01.02", "K", "5.01.02.0001", "S", "K4"], start=1
    ):
        ws.cell(row=4, column=j, value=v)
    wb.save(xlsx)
    masalah = _galat(baca_anggaran, xlsx)
    m = _satu(masalah, "nilai_negatif")
    assert (m.lembar, m.baris, m.kolom) == ("Anggaran", 3, "Pagu (Rp)")
    assert "lembar 'Anggaran', baris 3, kolom 'Pagu (Rp)'" in str(m)
    assert (
        _satu(masalah, "kode_berupa_angka").baris,
        _satu(masalah, "kode_berupa_angka").kolom,
    ) == (2, "Kode sub-kegiatan")
    assert _satu(masalah, "rumus_tanpa_nilai").baris == 4


def test_templat_xlsx_tanpa_lembar_anggaran(templat_terisi):
    xlsx = templat_terisi
    wb = load_workbook(xlsx)
    wb["Anggaran"].title = "Belanja"
    wb.save(xlsx)
    m = _satu(_galat(baca_anggaran, xlsx), "lembar_hilang")
    assert "lembar 'Anggaran' tidak ada" in m.pesan and "Belanja" in m.pesan


def test_templat_csv_bolak_balik(tmp_path):
    paths = tulis_templat("6303", 2024, tmp_path, format="csv")
    anggaran, ringkasan, _rat = paths
    teks = ringkasan.read_text("utf-8-sig").splitlines()
    teks[1] = teks[1].replace("6303;Banjar;2024;;;", "6303;Banjar;2024;3.000.000.000.000;;")
    ringkasan.write_text("\n".join(teks) + "\n", "utf-8")
    with anggaran.open("a", encoding="utf-8") as f:
        f.write(";".join(str(v) for v in _baris(wilayah="", tahun="")) + "\n")
    d = baca_anggaran(anggaran)
    assert d.anggaran[["kode_wilayah", "tahun", "pagu"]].values.tolist() == [
        ["6303", 2024, 10_000_000.0]
    ]
