"""The missing cells that limited a region's evaluation, in its result and its data notes."""

from __future__ import annotations

import json

import pytest

from analisis.data.model import Basisdata
from analisis.evaluasi import evaluasi_wilayah, simpan_hasil
from analisis.evaluasi.celah import markdown_celah
from analisis.evaluasi.simpan import sebagai_json
from analisis.kontrak import HasilWilayah
from conftest import FOLDER_DATA_UJI


@pytest.fixture(scope="module")
def kubu_raya():
    """Kubu Raya 2023: P0 only for 2020, 2021, 2024 and 2025 in the bundle."""
    return evaluasi_wilayah("6112", 2023, basis=Basisdata.muat(impor=False))


def _sel(h) -> set[tuple[str, str, int]]:
    return {(s["indikator"], s["kode_wilayah"], s["tahun"]) for s in h.celah_data["sel"]}


def test_the_cells_the_evaluation_needed_and_lacks(kubu_raya):
    sel = _sel(kubu_raya)
    # The region's own series over the window 2018–2023.
    assert {("p0", "6112", t) for t in (2018, 2019, 2022, 2023)} <= sel
    assert ("p0", "6112", 2020) not in sel and ("p0", "6112", 2021) not in sel
    assert {("jumlah_penduduk_miskin", "6112", t) for t in range(2018, 2024)} <= sel
    # The references (province, Indonesia) over the window.
    assert ("p1", "0000", 2020) in sel and ("p1", "6100", 2023) not in sel
    # P0 of the other kab/kota in the evaluation year and the quadrant's first year (2020).
    assert ("p0", "6172", 2023) in sel and ("p0", "6104", 2020) in sel
    assert ("p0", "6104", 2023) not in sel  # Mempawah 2023 exists
    assert not any(s[1] == "6104" and s[0] != "p0" for s in sel)  # others' series not needed
    assert (
        kubu_raya.celah_data["perintah"] == "analisis data lengkapi --provinsi 61 --tahun 2018-2023"
    )


def test_the_result_file_carries_them(kubu_raya, tmp_path):
    p_json, _ = simpan_hasil(kubu_raya, tmp_path / "reports")
    h = HasilWilayah.baca(p_json)
    assert len(h.celah_data.sel) == len(kubu_raya.celah_data["sel"])
    sambas = next(s for s in h.celah_data.sel if s.kode_wilayah == "6101")
    assert (sambas.wilayah, sambas.indikator, sambas.tahun) == ("Sambas", "p0", 2023)


def test_a_result_written_before_reads_with_no_gaps(kubu_raya):
    lama = sebagai_json(kubu_raya)
    del lama["celah_data"]
    assert HasilWilayah.dari_dict(json.loads(json.dumps(lama))).celah_data.sel == []


def test_data_notes_list_them_with_the_command(kubu_raya):
    teks = markdown_celah(kubu_raya.celah_data)
    baris = teks.splitlines()
    assert baris[0].startswith(
        f"- **Sel data kosong yang membatasi laporan ini ({len(kubu_raya.celah_data['sel'])} sel).**"
    )
    assert (
        "    - Persentase penduduk miskin (P0): Kubu Raya 2018–2019, 2022–2023; Sambas 2023;"
        in (teks)
    )
    assert "    - Jumlah penduduk miskin: Kubu Raya 2018–2023" in baris
    assert "`analisis data lengkapi --provinsi 61 --tahun 2018-2023`" in baris[-1]
    assert markdown_celah({"sel": [], "perintah": ""}).startswith("- **Sel data kosong.** Tidak")


def test_filling_the_gap_removes_it_from_the_notes(cli, penyimpanan, monkeypatch):
    """After 'data lengkapi' (recorded response for P0 2023), Kalbar's 2023 P0 gaps are gone."""
    from analisis.data import lengkapi as lk
    from test_data_lengkapi import TOKEN, WebApiRekaman

    monkeypatch.setattr(lk, "unduh_json", WebApiRekaman())
    r = cli(
        "data",
        "lengkapi",
        "--provinsi",
        "61",
        "--tahun",
        "2023",
        "--indikator",
        "p0",
        "--token",
        TOKEN,
        "--jeda",
        "0",
    )
    assert r.exit_code == 0, r.output
    h = evaluasi_wilayah("6112", 2023, basis=Basisdata.muat(penyimpanan))
    assert not any(s[0] == "p0" and s[2] == 2023 for s in _sel(h))
    assert ("p0", "6112", 2022) in _sel(h)
    assert (FOLDER_DATA_UJI / "lengkapi" / "webapi_0000_621_123.json").exists()
