"""Reading BNBA exports: column mapping, XLSX/Parquet input, malformed inputs rejected with the
column and example ROW NUMBERS (never NIK, names or birth dates in the message)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analisis.bnba import cek_bnba, muat_bnba
from analisis.bnba.konfigurasi import muat_aturan, muat_pemetaan, muat_privasi
from analisis.galat import GalatValidasi
from test_bnba_cek import ACUAN, KK, KOLOM, orang, tulis_csv

AKAR = Path(__file__).resolve().parents[1]


def _dasar(n: int = 6) -> list[dict]:
    return [
        orang(
            f"63030110058{i:01d}0001"[:16],
            KK.format(i + 1),
            "L",
            "1980-05-10",
            "kepala keluarga",
            nama=f"ORANG RAHASIA {i}",
        )
        for i in range(n)
    ]


def _galat(path: Path, kode: str = "6303", **kw) -> GalatValidasi:
    with pytest.raises(GalatValidasi) as e:
        muat_bnba(path, kode, **kw)
    return e.value


def test_kolom_wajib_tidak_ada(tmp_path):
    kolom = [k for k in KOLOM if k != "tanggal_lahir"]
    e = _galat(tulis_csv(tmp_path / "a.csv", _dasar(), kolom))
    assert [m.kode for m in e.masalah] == ["kolom_wajib_tidak_ada"]
    assert e.masalah[0].kolom == "tanggal_lahir"
    assert "tgl_lahir" in str(e)  # accepted aliases are listed


def test_tanggal_tidak_terbaca_menyebut_kolom_dan_baris_tanpa_nilai(tmp_path):
    rek = _dasar()
    rek[1]["tanggal_lahir"] = "31/02/1980"
    rek[3]["tanggal_lahir"] = "kemarin"
    e = _galat(tulis_csv(tmp_path / "a.csv", rek))
    assert len(e.masalah) == 1
    m = e.masalah[0]
    assert m.kode == "tanggal_tidak_valid" and m.kolom == "tanggal_lahir" and m.baris == 3
    teks = str(e)
    assert "kolom 'tanggal_lahir'" in teks and "Contoh baris: 3, 5" in teks
    assert "31/02/1980" not in teks and "kemarin" not in teks  # personal values never shown
    assert "6303011005" not in teks and "ORANG RAHASIA" not in teks


def test_kode_desa_tidak_dikenal(tmp_path):
    rek = _dasar()
    rek[2]["kode_desa"] = "6304012001"  # not under kecamatan 630301
    rek[4]["kode_kecamatan"] = "640101"  # Kalimantan Timur: not Banjar
    rek[4]["kode_desa"] = "6401012001"
    e = _galat(tulis_csv(tmp_path / "a.csv", rek))
    pesan = {m.kode: str(m) for m in e.masalah}
    assert set(pesan) == {"kode_wilayah_tidak_dikenal"}
    teks = str(e)
    assert "kolom 'kode_kecamatan'" in teks and "Contoh baris: 6" in teks and "6303" in teks
    assert "kolom 'kode_desa'" in teks and "Contoh baris: 4" in teks


def test_kode_desa_di_luar_referensi(tmp_path):
    rek = _dasar()
    rek[5]["kode_desa"] = "6303012099"
    path = tulis_csv(tmp_path / "a.csv", rek)
    e = _galat(path, referensi_desa=["63.03.01.2001"])
    assert "tidak ada di daftar referensi desa" in str(e) and "Contoh baris: 7" in str(e)
    # with the code in the reference list it passes
    assert muat_bnba(path, "6303", referensi_desa=["6303012001", "6303012099"]).jumlah_baris == 6


def test_desil_dan_kode_nilai_tidak_valid(tmp_path):
    rek = _dasar(8)
    rek[0]["desil"] = "11"
    rek[2]["desil"] = "x"
    rek[3]["desil"] = "Desil 4"  # accepted
    rek[4]["jenis_kelamin"] = "X"
    rek[5]["pkh"] = "mungkin"
    rek[6]["hubungan_keluarga"] = "3"  # numeric codes are not mapped by default
    e = _galat(tulis_csv(tmp_path / "a.csv", rek))
    per_kolom = {m.kolom: m for m in e.masalah}
    assert set(per_kolom) == {"desil", "jenis_kelamin", "pkh", "hubungan_keluarga"}
    assert per_kolom["desil"].kode == "desil_tidak_valid"
    assert "Contoh baris: 2, 4" in str(per_kolom["desil"]) and "'11'" in str(per_kolom["desil"])
    assert "Contoh baris: 6" in str(per_kolom["jenis_kelamin"])
    assert "Contoh baris: 7" in str(per_kolom["pkh"])
    assert "SHDK" in str(per_kolom["hubungan_keluarga"])


@pytest.mark.parametrize(
    ("kolom", "nilai", "kolom_pesan", "kode"),
    [
        ("jenis_kelamin", "X", "jenis_kelamin", "nilai_tidak_dikenal"),
        ("tanggal_lahir", "kemarin", "tanggal_lahir", "tanggal_tidak_valid"),
        ("hubungan_keluarga", "3", "hubungan_keluarga", "nilai_tidak_dikenal"),
        ("desil", "11", "desil", "desil_tidak_valid"),
        ("pkh", "mungkin", "pkh", "nilai_tidak_dikenal"),
        ("pbi_jk", "mungkin", "pbi_jk", "nilai_tidak_dikenal"),
        ("meninggal", "mungkin", "meninggal", "nilai_tidak_dikenal"),
        ("kode_desa", "63030120", "kode_desa", "kode_wilayah_tidak_dikenal"),
        ("kode_desa", "6303022001", "kode_desa", "kode_wilayah_tidak_dikenal"),  # other kecamatan
        ("kode_kecamatan", "6303", "kode_kecamatan", "kode_wilayah_tidak_dikenal"),
        # a kecamatan code that is not the desa code's prefix is reported on the desa column
        ("kode_kecamatan", "630302", "kode_desa", "kode_wilayah_tidak_dikenal"),
    ],
)
def test_satu_nilai_tidak_terbaca_saja_ditolak(tmp_path, kolom, nilai, kolom_pesan, kode):
    """Every kind of unreadable value is refused when it is the ONLY defect of the file (the
    load test is one count over the stored typed columns, so each kind must reach it)."""
    rek = _dasar()
    rek[3][kolom] = nilai
    e = _galat(tulis_csv(tmp_path / "a.csv", rek))
    assert [(m.kolom, m.kode) for m in e.masalah] == [(kolom_pesan, kode)]
    assert "Contoh baris: 5" in str(e)


def test_wilayah_bukan_kabupaten(tmp_path):
    from analisis.galat import GalatAnalisis

    with pytest.raises(GalatAnalisis, match="kabupaten/kota"):
        muat_bnba(tulis_csv(tmp_path / "a.csv", _dasar()), "6300")


def test_nama_kolom_dan_nilai_ekspor_dipetakan(tmp_path):
    """DTKS-like headers, dotted codes, DD-MM-YYYY dates, YA/TIDAK and 'Desil n' values."""
    judul = [
        "NIK",
        "No. KK",
        "Nama Lengkap",
        "JNS_KEL",
        "Tgl Lahir",
        "HUB_KRT",
        "Alamat",
        "KD_KEC",
        "KD_DESA",
        "Desil",
        "PKH",
        "SEMBAKO",
        "PBI",
        "Status Verval",
        "Meninggal",
    ]
    rek = [
        [
            "'6303011005800001",
            "6303010101200001",
            "A",
            "LAKI-LAKI",
            "10-05-1980",
            "KEPALA KELUARGA",
            "JL. A",
            "63.03.01",
            "63.03.01.2001",
            "Desil 1",
            "YA",
            "TIDAK",
            "",
            "SUDAH VERVAL",
            "TIDAK",
        ],
        [
            "6303 0155 0782 0001",
            "6303010101200001",
            "B",
            "Perempuan",
            "15/07/1982",
            "Istri",
            "JL. A",
            "63.03.01",
            "63.03.01.2001",
            "01",
            "ya",
            "tidak",
            "0",
            "belum",
            "",
        ],
    ]
    path = tmp_path / "ekspor.csv"
    path.write_text(";".join(judul) + "\n" + "\n".join(";".join(r) for r in rek) + "\n", "utf-8")
    with cek_bnba(path, "6303", tanggal_acuan=ACUAN) as h:
        r = h.ringkasan()
        assert h.data.sumber.peta["no_kk"] == "No. KK" and h.data.sumber.peta["bpnt"] == "SEMBAKO"
    assert r["bendera"]["nik_tidak_valid"] == 0 and r["bendera"]["nik_tanggal_beda"] == 0
    assert r["progres_verval"] == 50.0 and r["cakupan_desil1"] == 100.0


def test_xlsx_dengan_nomor_baris_lembar(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "CATATAN"  # the data sheet is chosen by name
    ws = wb.create_sheet("DATA")
    ws.append([])  # blank rows above the header are skipped
    ws.append(KOLOM)
    for i, r in enumerate(_dasar(3)):
        baris = [r[k] for k in KOLOM]
        baris[KOLOM.index("tanggal_lahir")] = datetime(1980, 5, 10)
        # NIK as TEXT cells (number cells are refused: see test_bnba_diagnosa)
        baris[KOLOM.index("nik")] = str(6303011005800001 + i)
        ws.append(baris)
    ws.cell(row=4, column=KOLOM.index("desil") + 1, value=12)
    path = tmp_path / "bnba.xlsx"
    wb.save(path)
    e = _galat(path, lembar="DATA")
    assert e.masalah[0].lembar == "DATA" and e.masalah[0].baris == 4  # the sheet row, as in Excel
    ws.cell(row=4, column=KOLOM.index("desil") + 1, value=3)
    wb.save(path)
    with cek_bnba(path, "6303", tanggal_acuan=ACUAN, lembar="DATA") as h:
        b = h.con.sql("SELECT _baris, nik_tidak_valid FROM bendera ORDER BY _baris").fetchall()
    assert b == [(3, False), (4, False), (5, False)]


def test_parquet_bertipe_dan_nomor_baris(tmp_path):
    rek = _dasar(4)
    t = pa.table({k: [r[k] for r in rek] for k in KOLOM})
    t = t.set_column(
        KOLOM.index("tanggal_lahir"),
        "tanggal_lahir",
        pa.array([date(1980, 5, 10), None, date(1980, 5, 10), date(1980, 5, 10)]),
    )
    t = t.set_column(KOLOM.index("desil"), "desil", pa.array([5, 5, 5, 5], pa.int8()))
    path = tmp_path / "a.parquet"
    pq.write_table(t, path, row_group_size=2)
    e = _galat(path)
    assert e.masalah[0].baris == 2 and "Contoh baris: 2" in str(e)


def test_params_bawaan_dibaca_dari_params_proyek_saja():
    paket = AKAR / "src" / "analisis"
    for nama in ("pemetaan_kolom.yaml", "aturan.yaml", "privasi.yaml"):
        assert (AKAR / "params" / "bnba" / nama).is_file()
        assert not list(paket.rglob(nama)), f"salinan {nama} di dalam paket"
    assert muat_privasi().tanda == "<5"
    assert muat_aturan().program["pbi_jk"].unit == "individu"
    assert "no_kk" in muat_pemetaan().kolom["no_kk"]


def test_params_tidak_valid_dilaporkan_dalam_bahasa_indonesia(tmp_path):
    p = tmp_path / "aturan.yaml"
    p.write_text("program: {}\numur_wajar: {anak: [10, 5]}\nbobot_skor_kualitas: {nik_valid: 1}\n")
    with pytest.raises(GalatValidasi, match="minimum 10 > maksimum 5"):
        muat_aturan(p)
