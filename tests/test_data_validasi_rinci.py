"""Validation of imported rows (analisis.data.validasi), the details: every rule's message, its
location (file, sheet, row, column), its code and level."""

from __future__ import annotations

import pandas as pd
import pytest

from analisis.data.penyimpanan import KOLOM_TIDY
from analisis.data.validasi import KOLOM_LOKASI, Kandidat, tahun_maks, validasi


def _baris(
    indikator: str = "p0",
    nilai: float | None = 3.0,
    baris: int = 2,
    *,
    kode: str = "6303",
    tahun: int = 2024,
    periode: str = "Maret",
    satuan: str | None = None,
    kualitas: str = "A",
    berkas: str | None = "b.xlsx",
    lembar: str | None = None,
    kolom: str | None = None,
) -> dict:
    bawaan = {"p0": "persen", "garis_kemiskinan": "Rp/kapita/bulan"}
    return {
        "kode_wilayah": kode,
        "tahun": tahun,
        "periode": periode,
        "indikator": indikator,
        "nilai": nilai,
        "satuan": satuan or bawaan.get(indikator, "indeks"),
        "sumber": "uji",
        "kualitas": kualitas,
        "catatan": "",
        "asal": "impor",
        "_berkas": berkas,
        "_lembar": lembar,
        "_baris": baris,
        "_kolom": kolom,
    }


def _masalah(*baris: dict, dasar: pd.DataFrame | None = None) -> list[tuple[str, str, str]]:
    return [(m.kode, m.tingkat, str(m)) for m in validasi(Kandidat(pd.DataFrame(baris)), dasar)]


def test_empty_candidate():
    k = Kandidat.kosong("x.csv")
    assert k.berkas == "x.csv" and list(k.tabel.columns) == KOLOM_TIDY + KOLOM_LOKASI
    assert validasi(k) == []
    assert k.masalah == [] and k.info == []


def test_every_row_rule_with_its_location():
    maks = tahun_maks()
    hasil = _masalah(
        _baris(kode="6399", lembar="P0", kolom="2024", baris=5),
        _baris("pO", tahun=1999, periode="Juni", kualitas="D", kolom="C", baris=6),
        _baris("garis_kemiskinan", 589.165, 7, berkas="a.csv"),
        _baris("p1", None, 8, satuan="persen", berkas="a.csv"),
        _baris("p0", 100.5, 9),
    )
    assert hasil == [
        (
            "wilayah_tidak_dikenal",
            "galat",
            (
                "b.xlsx, lembar 'P0', baris 5, kolom '2024': kode wilayah '6399' tidak dikenal; "
                "diharapkan kode BPS 4 digit dari daftar wilayah (mis. 6303 untuk Banjar). "
                "Mungkin maksud Anda: Tabalong (6309)."
            ),
        ),
        (
            "tahun_di_luar_rentang",
            "galat",
            f"b.xlsx, baris 6, kolom 'C': tahun 1999 di luar rentang; diharapkan 2000–{maks}.",
        ),
        (
            "indikator_tidak_dikenal",
            "galat",
            (
                "b.xlsx, baris 6, kolom 'C': indikator 'pO' tidak dikenal; lihat daftar dengan "
                "'analisis data indikator'. Mungkin maksud Anda: p2, p1, p0."
            ),
        ),
        (
            "periode_tidak_dikenal",
            "galat",
            (
                "b.xlsx, baris 6, kolom 'C': periode 'Juni' tidak dikenal; diharapkan salah satu dari "
                "Maret, September, Agustus, tahunan."
            ),
        ),
        (
            "kualitas_tidak_dikenal",
            "galat",
            "b.xlsx, baris 6, kolom 'C': mutu 'D' tidak dikenal; diharapkan A, B, atau C.",
        ),
        (
            "nilai_di_luar_rentang",
            "galat",
            (
                "a.csv, baris 7: nilai 589,165 untuk garis_kemiskinan di luar rentang yang mungkin "
                "(50.000–5.000.000 Rp/kapita/bulan). Periksa pemisah desimal: '589.165' dibaca "
                "589,165 bila titik adalah pemisah desimal; gunakan --desimal koma bila titik adalah "
                "pemisah ribuan."
            ),
        ),
        (
            "satuan_tidak_cocok",
            "galat",
            "a.csv, baris 8: satuan 'persen' tidak cocok untuk p1; diharapkan 'indeks'.",
        ),
        (
            "nilai_kosong",
            "galat",
            "a.csv, baris 8: nilai kosong; setiap baris data harus berisi angka.",
        ),
        (
            "nilai_di_luar_rentang",
            "galat",
            "b.xlsx, baris 9: nilai 100,5 untuk p0 di luar rentang yang mungkin (0–100 persen).",
        ),
    ]


def test_names_and_units_that_are_accepted():
    assert _masalah(_baris(satuan=" % "), _baris("p1", 0.5, 3, satuan="Indeks")) == []
    assert _masalah(_baris("garis_kemiskinan", 589165, satuan="rupiah")) == []
    # A missing year is out of range, with no crash.
    assert _masalah(_baris(tahun=None))[0][0] == "tahun_di_luar_rentang"


def test_unknown_names_without_any_close_match():
    [(kode, _, pesan)] = _masalah(_baris(kode="qqqq"))[:1]
    assert kode == "wilayah_tidak_dikenal" and "Mungkin" not in pesan
    [(kode, _, pesan)] = [m for m in _masalah(_baris("zzzzzz")) if m[0] != "satuan_tidak_cocok"]
    assert kode == "indikator_tidak_dikenal" and "Mungkin" not in pesan
    assert pesan.endswith("lihat daftar dengan 'analisis data indikator'.")


def test_negative_values_of_non_negative_indicators():
    assert _masalah(_baris("p0", -1, 6, kode="6304")) == [
        ("nilai_negatif", "galat", "b.xlsx, baris 6: nilai −1 untuk p0 tidak boleh negatif.")
    ]
    # Growth may be negative down to −100 %: below is "out of range", not "negative".
    [(kode, _, pesan)] = _masalah(_baris("laju_pertumbuhan_pdrb", -150, satuan="persen"))
    assert kode == "nilai_di_luar_rentang" and "tidak boleh negatif" not in pesan
    assert _masalah(_baris("laju_pertumbuhan_pdrb", -5, satuan="persen")) == []


def test_duplicate_cells():
    hasil = _masalah(
        _baris("p0", 3.0, 2, lembar="L", kolom="D"),
        _baris("p0", 3.5, 9, lembar="L2", kolom="E"),
        _baris("p1", 0.4, 3, berkas="c.csv"),
        _baris("p1", 0.4, 4, berkas="c.csv"),
        _baris("p1", 0.4, 5, berkas="c.csv"),
    )
    assert hasil == [
        (
            "duplikat_berbeda",
            "galat",
            (
                "b.xlsx, lembar 'L', baris 2, kolom 'D': sel p0 6303 2024 (Maret) muncul lebih dari "
                "sekali dengan nilai berbeda (3, 3,5); juga di: b.xlsx, lembar 'L2', baris 9, kolom "
                "'E'. Sisakan satu nilai."
            ),
        ),
        (
            "duplikat_sama",
            "peringatan",
            (
                "c.csv, baris 3: sel p1 6303 2024 (Maret) muncul lebih dari sekali dengan nilai sama; "
                "juga di: c.csv, baris 4; c.csv, baris 5. Satu nilai dipakai."
            ),
        ),
    ]


def test_fgt_order_within_the_candidate_rows():
    assert _masalah(_baris("p0", 3.0), _baris("p1", 3.5, 3), _baris("p2", 0.2, 4)) == [
        (
            "p1_melebihi_p0",
            "galat",
            (
                "b.xlsx, baris 2: P1 (3,5) lebih besar dari P0 (3) untuk wilayah 6303 tahun 2024; "
                "menurut definisi FGT P1 ≤ P0."
            ),
        )
    ]
    assert _masalah(_baris("p1", 0.4, 3), _baris("p2", 0.6, 5)) == [
        (
            "p2_melebihi_p1",
            "galat",
            (
                "b.xlsx, baris 3: P2 (0,6) lebih besar dari P1 (0,4) untuk wilayah 6303 tahun 2024; "
                "menurut definisi FGT P2 ≤ P1."
            ),
        )
    ]
    # Only P1 and P2 in another region and year: nothing to compare with.
    assert _masalah(_baris("p1", 9.0, kode="6304", tahun=2023)) == []


def test_fgt_against_the_stored_data_is_reported_at_the_candidate_cell():
    dasar = pd.DataFrame([_baris("p0", 0.5), _baris("p1", 0.3), _baris("p0", 9.0, kode="6371")])
    dasar = dasar[KOLOM_TIDY]
    hasil = _masalah(_baris("p1", 0.6, 11, berkas="baru.csv"), dasar=dasar)
    assert hasil == [
        (
            "p1_melebihi_p0",
            "galat",
            (
                "baru.csv, baris 11: P1 (0,6) lebih besar dari P0 (0,5) untuk wilayah 6303 tahun "
                "2024; menurut definisi FGT P1 ≤ P0."
            ),
        )
    ]
    # A stored violation the candidate does not touch is not the candidate's problem.
    dasar_salah = pd.DataFrame([_baris("p0", 0.5, kode="6371"), _baris("p1", 0.9, kode="6371")])
    assert _masalah(_baris("p0", 3.0), dasar=dasar_salah[KOLOM_TIDY]) == []
    # The candidate's own value replaces the stored one (the last row of a cell counts).
    assert _masalah(_baris("p1", 0.4), _baris("p1", 0.45, 3), dasar=dasar)[-1][0] == (
        "duplikat_berbeda"
    )


@pytest.mark.parametrize(
    ("lokasi", "teks"),
    [
        ({"berkas": None, "lembar": None, "kolom": None}, "baris 2: "),
        ({"berkas": "x.csv", "lembar": None, "kolom": None}, "x.csv, baris 2: "),
        (
            {"berkas": "x.xlsx", "lembar": "Data", "kolom": "F"},
            "x.xlsx, lembar 'Data', baris 2, kolom 'F': ",
        ),
    ],
)
def test_locations(lokasi, teks):
    [(_, _, pesan)] = _masalah(_baris("p0", 101.0, **lokasi))
    assert pesan.startswith(teks)


def test_several_suggestions_and_duplicates_in_input_order():
    [(_, _, pesan)] = [
        m for m in _masalah(_baris(kode="Kota Banjar")) if m[0] == "wilayah_tidak_dikenal"
    ]
    assert pesan.endswith(
        "Mungkin maksud Anda: Banjar (6303), Kota Banjarbaru (6372), Kota Banjarmasin (6371)."
    )
    hasil = _masalah(
        _baris("p0", 3.0, 2, kode="6371"),
        _baris("p0", 3.5, 3, kode="6371"),
        _baris("p0", 4.0, 4, kode="6303"),
        _baris("p0", 4.5, 5, kode="6303"),
    )
    assert [p.split(": sel ")[1][:12] for _, _, p in hasil] == ["p0 6371 2024", "p0 6303 2024"]
