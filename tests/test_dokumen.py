"""``analisis dokumen``: Word chapters from the result files, checked cell by cell against the
HTML report's tables, rendered by LibreOffice (page count, every chart present, screenshots
of the first pages in ``tests/artefak/dokumen/``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from analisis.tata_letak import TataLetak

TAHUN = 2024
BANJAR = "6303"
KALSEL = [
    "6301", "6302", "6303", "6304", "6305", "6306", "6307", "6308", "6309", "6310", "6311",
    "6371", "6372",
]  # fmt: skip


def _di_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="module")
def laporan(tmp_path_factory) -> Path:
    """A reports folder with the 13 Kalsel results of 2024 (bundled data only) and the
    province's ranking, written by the real evaluation and ranking entry points."""
    from analisis.evaluasi.jalankan import evaluasi_dan_simpan
    from analisis.peringkat.jalankan import hitung_peringkat, simpan_peringkat
    from analisis.proyek import Proyek

    akar = tmp_path_factory.mktemp("dokumen")
    folder, simpan = akar / "reports", akar / "penyimpanan"
    for kode in KALSEL:
        evaluasi_dan_simpan(
            kode, TAHUN, folder_laporan=str(folder), penyimpanan=str(simpan),
            hanya_data_bawaan=True,
        )  # fmt: skip
    proyek = Proyek.muat(laporan=folder, penyimpanan=simpan)
    simpan_peringkat(hitung_peringkat("63", TAHUN, proyek=proyek), proyek)
    return folder


@pytest.fixture(scope="module")
def ft(laporan):
    return TataLetak(laporan).tahun("63", TAHUN)


def _jalankan(*args: str):
    from click.testing import CliRunner

    from analisis.cli import utama

    return CliRunner().invoke(utama, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def docx_banjar(laporan, ft) -> Path:
    r = _jalankan("dokumen", "--wilayah", BANJAR, "--tahun", TAHUN, "--keluaran", laporan)
    assert r.exit_code == 0, r.output
    assert "1 dokumen Word ditulis" in r.stdout
    assert ft.dokumen(BANJAR).is_file()
    return ft.dokumen(BANJAR)


# -- structure ---------------------------------------------------------------------------------
def _judul(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


def test_region_document_has_the_numbered_sections_captions_toc_and_charts(docx_banjar, ft):
    doc = Document(str(docx_banjar))
    judul = _judul(doc)
    # Section 9 names the region's BNBA downloads where the reports layout puts them.
    teks = "\n".join(p.text for p in doc.paragraphs)
    for berkas in (ft.unduhan_bnba_desa(BANJAR), ft.unduhan_triwulan_bnba(BANJAR)):
        assert f"ada di unduhan {ft.relatif(berkas)}." in teks
    # The suppression rule in force, stated once (by the report's BNBA introduction).
    from analisis.evaluasi.tabel_bnba import kalimat_penekanan

    assert teks.count(kalimat_penekanan()) == 1
    assert judul == [
        "1. Ringkasan",
        "2. Perkembangan",
        "3. Relevansi dan efektivitas",
        "4. Posisi relatif",
        "5. Kuadran",
        "6. Target dan kemiskinan ekstrem",
        "Kemiskinan ekstrem",
        "7. Determinan",
        "8. Anggaran penanggulangan kemiskinan",
        # The demo's SYNTHETIC two-quarter extract of Banjar: section 9 with the quarterly table.
        "9. Data BNBA: kualitas data dan ketepatan sasaran",
        "Perkembangan triwulanan (Inpres 4/2022)",
        "10. Catatan data dan metode",
    ]
    keterangan = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    tabel = [k for k in keterangan if k.startswith("Tabel ")]
    gambar = [k for k in keterangan if k.startswith("Gambar ")]
    assert tabel[0].startswith("Tabel 1.1 Kartu skor Banjar 2024")
    assert tabel[1].startswith("Tabel 2.1 Perkembangan Persentase penduduk miskin (P0)")
    assert gambar[0] == "Gambar 2.1 Persentase penduduk miskin (P0), 2019–2024"
    assert len(tabel) == len(doc.tables)
    # Five trends, four positions, the P0 quadrant, eight P0 × indicator quadrants, budget.
    gambar_inline = doc.inline_shapes
    assert len(gambar) == len(gambar_inline) == 19
    assert all(s.width <= doc.sections[0].page_width for s in gambar_inline)
    xml = doc.element.xml
    assert 'TOC \\o "1-2"' in xml
    assert "1. Ringkasan" in [p.text for p in doc.paragraphs if p.style.name == "TOC 1"]
    pengaturan = [c.tag.rsplit("}", 1)[1] for c in doc.settings.element]
    assert pengaturan.index("updateFields") < pengaturan.index("compat")  # schema order
    for t in doc.tables:  # header row repeated on every page, rows never split
        assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    s = doc.sections[0]
    assert (round(s.page_width.cm, 1), round(s.page_height.cm, 1)) == (21.0, 29.7)


# -- numbers -------------------------------------------------------------------------------------
def _sel(doc_tabel) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in doc_tabel.rows]


def _tabel_dengan_judul(doc) -> dict[str, list[list[str]]]:
    """Each table by its caption without the "Tabel x.y" label."""
    hasil = {}
    badan = doc.element.body
    judul = None
    for anak in badan.iterchildren():
        if anak.tag == qn("w:p"):
            teks = "".join(t.text or "" for t in anak.iter(qn("w:t")))
            m = re.match(r"Tabel \d+\.\d+ (.*)", teks)
            judul = m.group(1) if m else judul
        elif anak.tag == qn("w:tbl"):
            from docx.table import Table

            hasil[judul] = _sel(Table(anak, doc))
            judul = None
    return hasil


def _tabel_html(h) -> dict:
    """Every table of the HTML report of ``h`` (the in-memory evaluation), by caption."""
    from analisis.evaluasi import tampilan as tp
    from analisis.laporan.tabel import TabelLaporan

    daftar = [tp.tabel_perkembangan(h, i) for i in h.indikator_tren]
    daftar += [
        tp.tabel_relevansi(h),
        tp.tabel_posisi(h),
        tp.tabel_kuadran_perkembangan(h),
        tp.tabel_kuadran_indikator(h),
        tp.tabel_target(h),
        tp.tabel_ekstrem(h),
        tp.tabel_determinan(h),
        tp.tabel_opd(h),
        tp.tabel_tren_anggaran(h),
        tp.tabel_rat(h),
        # Section 9 (the demo's synthetic two quarters of Banjar): the published BNBA tables
        # the report shows, then the quarterly progress.
        *(
            tp.tabel_bnba(h, k)
            for k in ("indikator_kualitas", "sasaran_program", "rekonsiliasi_bps")
        ),
        tp.tabel_pergerakan_triwulan(h),
        tp.tabel_cakupan_triwulan(h),
        tp.tabel_kecamatan_triwulan(h),
    ]
    return {t.judul: t.df for t in daftar if isinstance(t, TabelLaporan)}


def test_every_table_cell_of_banjar_2024_matches_the_report_and_the_result_file(docx_banjar, ft):
    """The document reads the result file; the HTML report shows the in-memory evaluation.
    Every cell of every report table must be identical, and the document-only tables must
    show the result file's values."""
    from analisis.data.model import Basisdata
    from analisis.evaluasi.hitung import evaluasi_wilayah
    from analisis.evaluasi.params import muat_params
    from analisis.kontrak import HasilWilayah
    from analisis.laporan import indikator as li

    doc = Document(str(docx_banjar))
    di_dokumen = _tabel_dengan_judul(doc)
    h = evaluasi_wilayah(
        BANJAR, TAHUN, params=muat_params(provinsi="6300"), basis=Basisdata.muat(impor=False)
    )
    html = _tabel_html(h)
    assert len(html) == 21
    for judul, df in html.items():
        assert judul in di_dokumen, f"tabel laporan HTML tidak ada di dokumen: {judul}"
        sel = di_dokumen[judul]
        assert sel[0] == [str(k) for k in df.columns], judul
        harapan = [["–" if v is None else str(v) for v in r] for r in df.itertuples(index=False)]
        assert sel[1:] == harapan, judul

    berkas = HasilWilayah.baca(ft.hasil_json(BANJAR))
    kartu = di_dokumen["Kartu skor Banjar 2024"]
    assert [r[0] for r in kartu[1:]] == [k.nama for k in berkas.kartu]
    assert [r[2] for r in kartu[1:]] == [li.nilai(k.nilai, k.indikator) for k in berkas.kartu]
    assert kartu[1][2] == "2,36 persen" and kartu[2][2] == "14.460 jiwa"
    parameter = di_dokumen[
        "Pilihan metode yang dipakai (kunci metode di berkas parameter provinsi)"
    ]
    assert [r[:2] for r in parameter[1:]] == [
        [str(p["nama"]), str(p["nilai"])] for p in berkas.parameter
    ]
    sumber = di_dokumen["Sumber dan mutu angka yang dipakai dokumen ini"]
    assert sum(int(r[3].replace(".", "")) for r in sumber[1:]) == len(berkas.provenans)

    semua = [
        c
        for judul, t in di_dokumen.items()
        if not judul.startswith("Pilihan metode")
        for r in t
        for c in r
    ]
    for c in semua:
        assert not re.search(r"\d\.\d{4,}|\bnan\b|\bNone\b", c), c  # no raw floats
        assert not re.search(r"\b(p0|p1|p2|jumlah_penduduk_miskin|garis_kemiskinan)\b", c), c


# -- LibreOffice -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def soffice() -> str:
    """LibreOffice and poppler-utils (installed by ``scripts/pasang-libreoffice`` with
    ``siapkan --uji``); skipped only when absent outside CI."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe and shutil.which("pdftoppm") and shutil.which("pdfimages"):
        return exe
    alasan = "LibreOffice (soffice) atau poppler-utils tidak terpasang"
    if _di_ci():
        pytest.fail(f"CI=true tetapi {alasan}; scripts/pasang-libreoffice harus memasangnya.")
    pytest.skip(f"uji konversi dokumen dilewati: {alasan} (bash scripts/pasang-libreoffice)")


def _ke_pdf(soffice: str, docx: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    profil = folder / "profil"
    r = subprocess.run(
        [
            soffice, f"-env:UserInstallation=file://{profil}", "--headless", "--convert-to",
            "pdf", "--outdir", str(folder), str(docx),
        ],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    pdf = folder / f"{docx.stem}.pdf"
    assert r.returncode == 0 and pdf.is_file(), r.stderr
    return pdf


def _halaman(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


def _gambar_pdf(pdf: Path) -> int:
    daftar = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return sum(1 for b in daftar if b.split()[2] == "image")


def _tangkap(pdf: Path, awalan: str, halaman: int, artefak: Path) -> list[Path]:
    artefak.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", str(halaman), str(pdf), str(artefak / awalan)],
        check=True,
    )  # fmt: skip
    return sorted(artefak.glob(f"{awalan}*.png"))


def test_libreoffice_renders_the_region_document_with_every_chart(docx_banjar, soffice, tmp_path):
    from conftest import FOLDER_UJI

    pdf = _ke_pdf(soffice, docx_banjar, tmp_path / "pdf")
    assert 15 <= _halaman(pdf) <= 60
    assert _gambar_pdf(pdf) == 19  # every chart picture survives the conversion
    gambar = _tangkap(pdf, "banjar_2024", 4, FOLDER_UJI / "artefak" / "dokumen")
    assert len(gambar) == 4 and all(g.stat().st_size > 5000 for g in gambar)


def test_overview_fits_one_page(laporan, ft, soffice, tmp_path):
    from conftest import FOLDER_UJI

    r = _jalankan(
        "dokumen", "--wilayah", BANJAR, "--tahun", TAHUN, "--ringkas", "--keluaran", laporan
    )
    assert r.exit_code == 0, r.output
    doc = Document(str(ft.dokumen_ringkas(BANJAR)))
    teks = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "ke-1 dari 13 kabupaten/kota" in teks  # P0 rank from the result file
    assert "Peringkat kinerja TKPK 2024" in teks and "bobot usulan, bukan resmi" in teks
    pdf = _ke_pdf(soffice, ft.dokumen_ringkas(BANJAR), tmp_path / "pdf")
    assert _halaman(pdf) == 1
    _tangkap(pdf, "ringkas_banjar_2024", 1, FOLDER_UJI / "artefak" / "dokumen")


def test_province_bundle_has_the_ranking_chapter_and_every_region(laporan, ft, soffice, tmp_path):
    from analisis.kontrak import PeringkatProvinsi
    from conftest import FOLDER_UJI

    r = _jalankan("dokumen", "--provinsi", "63", "--tahun", TAHUN, "--keluaran", laporan)
    assert r.exit_code == 0, r.output
    assert "14 dokumen Word ditulis" in r.stdout
    assert all(ft.dokumen(k).is_file() for k in KALSEL)
    doc = Document(str(ft.dokumen_provinsi))
    bab = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert (
        bab[0] == "1. Peringkat Kinerja TKPK Kabupaten/Kota Provinsi Kalimantan Selatan Tahun 2024"
    )
    assert (
        len(bab) == 14
        and bab[3] == "4. Evaluasi Penanggulangan Kemiskinan Kabupaten Banjar Tahun 2024"
    )
    bagian = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"][:5]
    assert bagian == [
        "1.1 Kerangka dan peringatan",
        "1.2 Indeks komposit",
        "1.3 Sumbangan indikator",
        "1.4 Uji ketahanan",
        "1.5 Kebijakan data hilang",
    ]
    peringkat = PeringkatProvinsi.baca(ft.peringkat_json)
    indeks = _tabel_dengan_judul(doc)[
        "Peringkat Kinerja TKPK kabupaten/kota Kalimantan Selatan 2024 (indeks komposit)"
    ]
    assert [r[1] for r in indeks[1:]] == [b.nama for b in peringkat.baris]
    assert indeks[1][0] == "1" and re.fullmatch(r"\d+,\d", indeks[1][2])
    teks = "\n".join(p.text for p in doc.paragraphs)
    for kalimat in peringkat.peringatan.kalimat(peringkat.kerangka):
        assert kalimat in teks  # every caveat of the ranking
    from analisis.situs import bangun_situs

    situs = bangun_situs(laporan, "63", TAHUN).read_text("utf-8")
    assert 'href="dokumen/provinsi_6300.docx"' in situs
    assert 'href="dokumen/6303.docx">(Word)</a>' in situs
    pdf = _ke_pdf(soffice, ft.dokumen_provinsi, tmp_path / "pdf")
    assert _halaman(pdf) > 13 * 15
    assert _gambar_pdf(pdf) == 1 + 13 * 19
    _tangkap(pdf, "provinsi_6300_2024", 3, FOLDER_UJI / "artefak" / "dokumen")


# -- template and errors ---------------------------------------------------------------------------
def test_project_template_is_followed_and_a_broken_one_falls_back(laporan, ft, tmp_path):
    from analisis.dokumen.templat import templat_bawaan

    params = tmp_path / "params"
    (params / "templat").mkdir(parents=True)
    kop = templat_bawaan()
    kop.sections[0].header.paragraphs[0].text = "PEMERINTAH KABUPATEN BANJAR — BAPPEDALITBANG"
    kop.save(str(params / "templat" / "laporan.docx"))
    r = _jalankan(
        "--folder-params", params, "dokumen", "--wilayah", BANJAR, "--tahun", TAHUN, "--ringkas",
        "--keluaran", laporan,
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "PERINGATAN" not in r.stderr
    doc = Document(str(ft.dokumen_ringkas(BANJAR)))
    assert doc.sections[0].header.paragraphs[0].text.startswith("PEMERINTAH KABUPATEN BANJAR")

    (params / "templat" / "laporan.docx").write_bytes(b"bukan docx")
    r = _jalankan(
        "--folder-params", params, "dokumen", "--wilayah", BANJAR, "--tahun", TAHUN, "--ringkas",
        "--keluaran", laporan,
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "Templat dokumen params/templat/laporan.docx rusak" in r.stderr or (
        "laporan.docx rusak (bukan berkas Word .docx yang sah" in r.stderr
    )
    assert "memakai templat bawaan" in r.stderr and "Traceback" not in r.output
    doc = Document(str(ft.dokumen_ringkas(BANJAR)))
    assert doc.sections[0].header.paragraphs[0].text == ""


def test_missing_results_and_wrong_options_give_one_indonesian_line(tmp_path):
    laporan = tmp_path / "reports"
    r = _jalankan("dokumen", "--wilayah", BANJAR, "--tahun", TAHUN, "--keluaran", laporan)
    assert r.exit_code == 3
    assert "Hasil evaluasi wilayah 6303 2024 belum ada" in r.stderr
    assert "analisis evaluasi --wilayah 6303 --tahun 2024" in r.stderr
    assert not (laporan / "6300" / "2024" / "dokumen").exists()  # nothing written
    r = _jalankan("dokumen", "--provinsi", "63", "--tahun", TAHUN, "--keluaran", laporan)
    assert r.exit_code == 3 and "Hasil evaluasi 13 kabupaten/kota 6300 2024 belum ada" in r.stderr
    r = _jalankan("dokumen", "--tahun", TAHUN)
    assert r.exit_code == 2 and "Pilih salah satu: --wilayah KODE" in r.stderr
    r = _jalankan("dokumen", "--wilayah", "6300", "--tahun", TAHUN)
    assert r.exit_code == 2 and "bukan kabupaten/kota yang dikenal" in r.stderr


def test_runner_documents_stage_is_opt_in_and_keyed_on_the_template_and_ranking_inputs(tmp_path):
    from analisis.proyek import Proyek
    from analisis.runner.tahap import (
        daftar_tahap,
        masukan_dokumen,
        masukan_peringkat,
        tahap_dengan_dokumen,
        tahap_dokumen,
    )

    assert tahap_dokumen not in daftar_tahap()  # `analisis jalankan` without --dokumen
    assert tahap_dengan_dokumen() == [*daftar_tahap(), tahap_dokumen]
    proyek = Proyek.muat(laporan=tmp_path / "reports")
    masukan = masukan_dokumen("6300", TAHUN, proyek)
    assert masukan["templat_dokumen"] == proyek.params / "templat" / "laporan.docx"
    assert masukan_peringkat("6300", TAHUN, proyek).items() <= masukan.items()


def test_unscored_determinants_are_listed_in_the_chapter_notes(tmp_path):
    """A region with a determinant indicator it cannot score (every Kalimantan Utara region:
    no Gini ratio) gets its note "Tidak dinilai: <name> — <reason>" in the chapter source; the
    records were once turned into a DataFrame and the chapter failed."""
    from analisis.data.model import Basisdata
    from analisis.dokumen.sumber import tampilan_dari_kontrak
    from analisis.evaluasi import evaluasi_wilayah, simpan_hasil
    from analisis.evaluasi.tampilan import determinan_catatan
    from analisis.kontrak import HasilWilayah

    json_, _ = simpan_hasil(
        evaluasi_wilayah("6501", 2024, basis=Basisdata.muat(impor=False)), tmp_path
    )
    h = HasilWilayah.baca(json_)
    tidak = h.determinan["tidak_dinilai"]
    assert tidak and all(isinstance(x, dict) for x in tidak)
    catatan = determinan_catatan(tampilan_dari_kontrak(h, None)).data
    for x in tidak:
        assert f"— {x['alasan']}." in catatan
    assert "Tidak dinilai: " in catatan and "gini_ratio" not in catatan
