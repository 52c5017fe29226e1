"""The evaluation notebook end to end: through `analisis evaluasi`, through plain papermill,
and the HTML report opened offline in headless Chromium."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

from conftest import AKAR

pytestmark = pytest.mark.lambat

NOTEBOOK = AKAR / "notebooks" / "evaluasi_wilayah.ipynb"
BAGIAN = [
    "1. Ringkasan",
    "2. Perkembangan",
    "3. Relevansi dan efektivitas",
    "4. Posisi relatif",
    "5. Kuadran",
    "6. Target dan kemiskinan ekstrem",
    "7. Determinan",
    "8. Anggaran penanggulangan kemiskinan",
    "9. Data BNBA",
    "10. Catatan data dan metode",
    "Lampiran",
]


def _teks(html: str) -> str:
    """Visible text of an HTML page (tags removed, whitespace folded)."""
    t = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.DOTALL)
    t = re.sub(r"<[^>]+>", " ", t)
    return re.sub(r"\s+", " ", t)


@pytest.fixture(scope="module")
def laporan(tmp_path_factory):
    """Banjar (full Kalsel data) and Kota Banjarmasin (a kota) through the real CLI."""
    folder = tmp_path_factory.mktemp("laporan")
    penyimpanan = tmp_path_factory.mktemp("penyimpanan_kosong")
    exe = Path(sys.executable).with_name("analisis")
    hasil = {}
    for kode in ("6303", "6371"):
        r = subprocess.run(
            [
                str(exe),
                "--penyimpanan",
                str(penyimpanan),
                "evaluasi",
                "--wilayah",
                kode,
                "--tahun",
                "2024",
                "--keluaran",
                str(folder),
            ],
            check=False,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert r.returncode == 0, r.stdout + r.stderr
        assert f"({kode}) 2024 selesai" in r.stdout
        hasil[kode] = folder / "6300" / "2024" / "wilayah" / f"{kode}.html"
    return folder, hasil


def test_report_has_every_section_and_key_numbers_in_indonesian_format(laporan):
    _, hasil = laporan
    html = hasil["6303"].read_text("utf-8")
    teks = _teks(html)
    assert "Evaluasi Penanggulangan Kemiskinan Kabupaten Banjar Tahun 2024" in teks
    for b in BAGIAN:
        assert b in teks, b
    assert "2,36 persen" in teks  # Banjar P0 2024
    assert "Kalimantan Selatan: 4,11 persen" in teks  # the reference on the score card
    assert "Rp589.165" in teks  # garis kemiskinan 2024
    assert "ke-1 dari 13 kabupaten/kota" in teks
    assert "waspada" in teks  # level × change quadrant of Banjar
    assert "tidak signifikan" in teks  # Banjar's 2023→2024 change is within sampling noise
    assert "Daftar isi" in teks and "Tabel 2.1." in teks and "Gambar 2.1." in teks
    assert "RPJMN 2025–2029" in teks  # the target states its source
    assert "Dua seri IPM" in teks  # caveat relevant to an indicator used
    assert "mutu A" in teks
    assert "CONTOH — data anggaran fiktif untuk demonstrasi" in teks  # budget section, example data
    assert "dari belanja daerah Rp3.050.000.000.000" in teks
    # Section 9 from the demo's SYNTHETIC two-quarter extract of Banjar: the quarterly progress
    # (published aggregates only) and its XLSX download next to the report.
    assert "SINTETIS — data BNBA buatan untuk demonstrasi" in teks
    assert "Perkembangan triwulanan (Inpres 4/2022)" in teks
    assert (
        "Antara triwulan lalu (acuan 1 Oktober 2024) dan triwulan ini (acuan 31 Desember 2024)"
        in teks
    )
    assert "Pergerakan antartriwulan, Banjar" in teks and "Keluar dari desil 1" in teks
    assert 'href="../unduhan/triwulan_bnba_6303.xlsx"' in html
    assert (hasil["6303"].parent.parent / "unduhan" / "triwulan_bnba_6303.xlsx").is_file()
    # The per-desa tables are in their download; the report keeps the quadrant summary.
    assert "Kuadran desa menurut jumlah dan persentase penduduk desil 1–2" in teks
    assert 'href="../unduhan/bnba_desa_6303.xlsx"' in html
    assert (hasil["6303"].parent.parent / "unduhan" / "bnba_desa_6303.xlsx").is_file()
    assert "Kualitas data per desa" not in teks and "Kode desa" not in teks
    # No code, no notebook-only guidance, no failed cell.
    assert "import hvplot" not in html and "evaluasi_wilayah(" not in html
    assert "Sel bertanda" not in teks
    assert "Traceback" not in teks and "Error" not in teks


def test_kota_report_and_machine_readable_result(laporan):
    folder, hasil = laporan
    teks = _teks(hasil["6371"].read_text("utf-8"))
    assert "Evaluasi Penanggulangan Kemiskinan Kota Banjarmasin Tahun 2024" in teks
    assert "4,58 persen" in teks
    d = json.loads((folder / "6300" / "2024" / "hasil" / "6371.json").read_text("utf-8"))
    assert d["meta"]["kode_wilayah"] == "6371" and d["meta"]["tingkat"] == "kota"
    assert d["kinerja"]["penurunan_p0_3th"] == pytest.approx(4.89 - 4.58)
    assert (folder / "6300" / "2024" / "hasil" / "6371.nc").stat().st_size > 0
    # One synthetic quarter: checks shown, no quarterly table (and no stale download).
    assert "9. Data BNBA" in teks and "SINTETIS" in teks
    assert "hanya satu ekstrak BNBA (satu triwulan)" in teks
    assert d["kinerja"]["persen_nik_valid"] is not None
    assert not (folder / "6300" / "2024" / "unduhan" / "triwulan_bnba_6371.xlsx").exists()
    assert (folder / "6300" / "2024" / "unduhan" / "bnba_desa_6371.xlsx").is_file()


def test_report_is_offline_and_shares_one_static_folder(laporan):
    from analisis.laporan.ekspor import rujukan_eksternal

    folder, hasil = laporan
    html = hasil["6303"].read_text("utf-8")
    assert rujukan_eksternal(html) == []
    assert "../../../_static/" in html
    assert (folder / "_static").is_dir()
    assert hasil["6303"].stat().st_size < 2_000_000  # chart libraries are not inlined


def test_plain_papermill_on_a_sparse_region(tmp_path):
    """Kubu Raya (Kalbar) has P0 only for 2020, 2021, 2024 and 2025: sections say what is
    missing."""
    keluar = tmp_path / "out.ipynb"
    papermill = Path(sys.executable).with_name("papermill")
    r = subprocess.run(
        [
            str(papermill),
            str(NOTEBOOK),
            str(keluar),
            "-k",
            "python3",
            "-p",
            "kode_wilayah",
            "6112",
            "-p",
            "tahun",
            "2023",
            "-p",
            "folder_laporan",
            str(tmp_path / "reports"),
            "-p",
            "hanya_data_bawaan",
            "True",
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=AKAR / "notebooks",  # as JupyterLab starts kernels: defaults follow the project root
    )
    assert r.returncode == 0, r.stderr[-3000:]
    nb = nbformat.read(keluar, as_version=4)
    keluaran = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert "Data tidak tersedia." in keluaran
    assert "P0 2023 tidak tersedia" in keluaran
    d = json.loads(
        (tmp_path / "reports" / "6100" / "2023" / "hasil" / "6112.json").read_text("utf-8")
    )
    assert d["kinerja"]["penurunan_p0_3th"] is None
    assert "posisi" in d["kosong"]


def test_paired_text_form_matches_and_outputs_are_stripped():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(
        not c.get("outputs") and c.get("execution_count") is None
        for c in nb.cells
        if c.cell_type == "code"
    )
    teks = jupytext.read(AKAR / "notebooks" / "evaluasi_wilayah.py")
    assert [c.source for c in teks.cells] == [c.source for c in nb.cells]
    parameter = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameter) == 1 and "kode_wilayah = " in parameter[0].source


@pytest.mark.ui
def test_report_renders_charts_offline_in_chromium(laporan, page, artefak_dir):
    from ui_util import blokir_jaringan_luar, kumpulkan_galat, tunggu_grafik_vega

    _, hasil = laporan
    jaringan = blokir_jaringan_luar(page)
    galat = kumpulkan_galat(page)
    page.goto(hasil["6303"].as_uri())
    grafik = tunggu_grafik_vega(page, minimal=page.locator("div.grafik-vega").count())
    page.screenshot(path=str(artefak_dir / "evaluasi_6303.png"), full_page=True)
    assert grafik["gagal"] == []
    assert (
        grafik["siap"] >= 8 and grafik["siap"] == grafik["jumlah"]
    )  # trends, position bars, quadrants
    semua_teks = [t for g in grafik["teks"] for t in g]
    assert any("P0" in t for t in semua_teks)
    assert jaringan.diblokir == []
    assert galat == []
