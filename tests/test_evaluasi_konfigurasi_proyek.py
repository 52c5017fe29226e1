"""A region's evaluation reads its configuration from the project it evaluates for (the params
folder given to it), never from the project of the working folder: the BNBA publication policy
and rules, the budget cluster taxonomy; and each of those files is part of the region's cache
key, so editing one re-runs the regions that read it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from analisis.data.model import Basisdata
from analisis.evaluasi import evaluasi_wilayah
from analisis.evaluasi.simpan import sebagai_json
from analisis.evaluasi.tabel_bnba import kalimat_penekanan_hasil
from analisis.evaluasi.tampilan import bnba_pengantar
from analisis.proyek import Proyek
from analisis.runner.kunci import komponen_berubah
from analisis.runner.rencana import rencanakan
from conftest import AKAR

NAMA_KLASTER = "Mengurangi beban pengeluaran (nama proyek ini)"


def _ubah_yaml(path: Path, ubah) -> None:
    isi = yaml.safe_load(path.read_text("utf-8"))
    ubah(isi)
    path.write_text(yaml.safe_dump(isi, allow_unicode=True, sort_keys=False), "utf-8")


def _klaster_pertama(isi: dict) -> None:
    isi["klaster"][0]["nama"] = NAMA_KLASTER


def _privasi_tujuh(isi: dict) -> None:
    isi.update(n_minimum=7, penanda="<7", k_anonimitas=7)


@pytest.fixture
def proyek_lain(tmp_path, monkeypatch) -> Proyek:
    """Another params folder (a stricter publication policy, a renamed cluster), as given with
    ``--folder-params``, evaluated from this repository's folder, whose params keep the
    defaults."""
    params = tmp_path / "params"
    shutil.copytree(AKAR / "params", params)
    _ubah_yaml(params / "bnba" / "privasi.yaml", _privasi_tujuh)
    _ubah_yaml(params / "anggaran" / "klaster.yaml", _klaster_pertama)
    monkeypatch.chdir(AKAR)
    monkeypatch.delenv("ANALISIS_PARAMS", raising=False)
    return Proyek.muat(params=params, laporan=tmp_path / "reports")


def test_the_evaluation_publishes_with_its_own_projects_configuration(proyek_lain):
    h = evaluasi_wilayah("6303", 2024, basis=Basisdata.muat(impor=False), proyek=proyek_lain)
    assert h.bnba, h.kosong.get("bnba")
    kebijakan = {
        (v.attrs["privasi"]["n_minimum"], v.attrs["privasi"]["penanda"])
        for v in h.bnba.values()
        if hasattr(v, "attrs") and "privasi" in v.attrs
    }
    assert kebijakan == {(7, "<7")}
    assert h.bnba["triwulan_keterangan"]["n_minimum"] == 7
    assert NAMA_KLASTER in set(h.anggaran["klaster"]["nama_klaster"])
    # The report's BNBA introduction states the rule the tables were suppressed with, also when
    # the result is read back from its JSON (the tables' attrs are not kept there).
    kalimat = "Sel dengan kurang dari 7 orang atau keluarga ditampilkan sebagai '<7'"
    assert kalimat in bnba_pengantar(h).data
    dibaca = json.loads(json.dumps(sebagai_json(h), default=str))
    assert kalimat_penekanan_hasil(dibaca["bnba"]).startswith(kalimat)


@pytest.mark.parametrize(
    ("berkas", "ubah", "wilayah_berubah"),
    [
        ("bnba/privasi.yaml", _privasi_tujuh, {"6303", "6309", "6371"}),
        ("anggaran/klaster.yaml", _klaster_pertama, None),  # None: every region with a budget
    ],
)
def test_a_configuration_file_is_a_key_input_of_the_regions_that_read_it(
    proyek_lain, berkas, ubah, wilayah_berubah
):
    a = rencanakan("63", 2024, proyek=proyek_lain, hanya_data_bawaan=True)
    _ubah_yaml(proyek_lain.params / berkas, ubah)
    with open(proyek_lain.params / berkas, "a", encoding="utf-8") as f:
        f.write("# diubah\n")
    b = rencanakan("63", 2024, proyek=proyek_lain, hanya_data_bawaan=True)
    berubah = {k for k in a.semua if a.semua[k].kunci != b.semua[k].kunci}
    assert berubah == (wilayah_berubah or set(a.semua))
    alasan = komponen_berubah(a.semua["6303"].komponen, b.semua["6303"].komponen)
    assert alasan == [f"berkas konfigurasi {berkas}"]
