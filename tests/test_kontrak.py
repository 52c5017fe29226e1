"""The contracts between stages: one owner per path, per file format and per config rule."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analisis.data.wilayah import kode_provinsi_baku
from analisis.galat import GalatAnalisis, GalatValidasi
from analisis.konfig import BATAS_KEDALAMAN, baca_yaml
from analisis.kontrak import HasilWilayah, ManifestJalan, PeringkatProvinsi, Sidecar
from analisis.proyek import Proyek
from analisis.tata_letak import TataLetak
from conftest import AKAR, tulis_peringkat_uji

# --------------------------------------------------------------------------- reports layout


def test_layout_is_the_one_place_that_knows_every_path(tmp_path):
    tl = TataLetak(tmp_path)
    ft = tl.tahun("63", 2024)
    assert ft == tl.tahun("6300", 2024) == tl.tahun(63, 2024)
    assert ft.folder == tmp_path / "6300" / "2024"
    assert ft.hasil_json("6303") == ft.folder / "hasil" / "6303.json"
    assert ft.laporan_wilayah("6303") == ft.folder / "wilayah" / "6303.html"
    assert ft.peringkat_json == ft.folder / "peringkat" / "peringkat.json"
    assert ft.unduhan_ringkasan("csv") == ft.folder / "unduhan" / "ringkasan_6300_2024.csv"
    assert ft.keluaran_wilayah("6303") == {
        "html": "wilayah/6303.html",
        "json": "hasil/6303.json",
        "nc": "hasil/6303.nc",
    }
    assert ft.ke_static == "../../_static" and tl.static == tmp_path / "_static"


@pytest.mark.parametrize("salah", ["6303", "99", "kalsel", "", "630"])
def test_one_normalisation_of_province_codes(salah):
    with pytest.raises(GalatAnalisis, match="tidak dikenal") as e:
        kode_provinsi_baku(salah)
    assert e.value.kode_keluar == 2 and "63 (Kalimantan Selatan)" in str(e.value)


# --------------------------------------------------------------------------- file contracts


@pytest.fixture
def peringkat_json(tmp_path) -> Path:
    data = pd.DataFrame(
        {"wilayah": ["A", "B", "C"], "penurunan_p0_3th": [0.5, 0.1, None]},
        index=pd.Index(["6301", "6302", "6303"], name="kode_wilayah"),
    )
    data["rpkd_berlaku"] = ["ya", "tidak", "ya"]
    return tulis_peringkat_uji(tmp_path, "63", 2024, data)


def test_ranking_file_round_trip_carries_framework_weights_and_caveats(peringkat_json):
    isi = json.loads(peringkat_json.read_text("utf-8"))
    assert isi["schema_version"] == 2
    assert isi["kerangka"]["nama"] == "Kerangka uji" and len(isi["kerangka_sha256"]) == 64
    assert isi["kerangka"]["robust"]["konsentrasi_dimensi"] == "Infinity"  # .inf survives
    k = PeringkatProvinsi.baca(peringkat_json)
    assert k.kerangka.robust.konsentrasi_dimensi == float("inf")
    assert k.peringatan.bobot_tidak_resmi
    assert k.peringatan.wilayah_data_tidak_lengkap == ["6303"]
    assert [b.kode_wilayah for b in k.baris][:2] == ["6301", "6303"] or len(k.baris) == 3
    assert k.tabel_baris().columns[:4].tolist() == ["kode_wilayah", "nama", "peringkat", "skor"]
    assert PeringkatProvinsi.model_validate_json(k.ke_json()) == k


def test_ranking_file_with_edited_framework_is_refused(peringkat_json):
    isi = json.loads(peringkat_json.read_text("utf-8"))
    isi["kerangka"]["dimensi"][0]["bobot"] = 0.9  # weights no longer sum to 1, sha differs
    peringkat_json.write_text(json.dumps(isi), "utf-8")
    with pytest.raises(GalatAnalisis) as e:
        PeringkatProvinsi.baca(peringkat_json)
    teks = str(e.value)
    assert teks.startswith("6300/2024/peringkat/peringkat.json: peringkat provinsi tidak sah")
    assert "jumlah bobot dimensi" in teks and "analisis jalankan --provinsi 63 --tahun 2024" in teks


@pytest.mark.parametrize(
    ("model", "relatif"),
    [
        (HasilWilayah, "6300/2024/hasil/6303.json"),
        (PeringkatProvinsi, "6300/2024/peringkat/peringkat.json"),
        (ManifestJalan, "6300/2024/manifest.json"),
        (Sidecar, "6300/2024/.cache/6303.json"),
    ],
)
@pytest.mark.parametrize("versi", [1, 99, None])
def test_unknown_schema_version_is_named_in_indonesian(tmp_path, model, relatif, versi):
    p = tmp_path / relatif
    p.parent.mkdir(parents=True)
    isi = {"meta": {}} if versi is None else {"schema_version": versi, "meta": {}}
    p.write_text(json.dumps(isi), "utf-8")
    with pytest.raises(GalatAnalisis) as e:
        model.baca(p)
    teks = str(e.value)
    ditemukan = "tidak ada" if versi is None else str(versi)
    assert teks.startswith(f"{relatif}: versi skema {model.JENIS} {ditemukan} tidak dikenal")
    assert f"(diharapkan {model.SKEMA})" in teks and e.value.kode_keluar == 3
    assert str(tmp_path) not in teks  # no absolute path in messages


def test_damaged_and_missing_files_are_named(tmp_path):
    p = tmp_path / "6300" / "2024" / "hasil" / "6303.json"
    with pytest.raises(
        GalatAnalisis, match=r"6300/2024/hasil/6303.json: hasil evaluasi wilayah belum ada"
    ):
        HasilWilayah.baca(p)
    p.parent.mkdir(parents=True)
    p.write_text('{"schema_version": 2, "meta": ', "utf-8")
    with pytest.raises(GalatAnalisis, match="rusak"):
        HasilWilayah.baca(p)


# --------------------------------------------------------------------------- configuration


def _proyek_salinan(tmp_path) -> Proyek:
    """A copy of the project's params folder, the rest of the project as is."""
    params = tmp_path / "params"
    import shutil

    shutil.copytree(AKAR / "params", params)
    return Proyek.muat(params=params, laporan=tmp_path / "reports")


@pytest.mark.parametrize(
    "jalur", ["../../notebooks/evaluasi_wilayah.ipynb", "/etc/passwd", "anggaran/../../uv.lock"]
)
def test_path_valued_keys_leaving_the_params_folder_are_refused(tmp_path, jalur):
    from analisis.evaluasi.params import muat_params

    proyek = _proyek_salinan(tmp_path)
    p = proyek.params / "provinsi" / "6300_kalimantan_selatan.yaml"
    d = yaml.safe_load(p.read_text("utf-8"))
    d["anggaran"] = [jalur]
    p.write_text(yaml.safe_dump(d, allow_unicode=True), "utf-8")
    params = muat_params(provinsi="63", proyek=proyek)
    with pytest.raises(GalatValidasi) as e:
        params.berkas_anggaran(proyek)
    m = e.value.masalah[0]
    assert m.kolom == "anggaran[0]" and jalur in m.pesan and m.kode == "jalur_tidak_sah"


def test_yaml_duplicate_keys_aliases_and_encodings(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_text("provinsi: '6300'\nnama: x\nnama: y\n", "utf-8")
    with pytest.raises(
        GalatValidasi, match=r"a.yaml, baris 3: kunci 'nama' ditulis dua kali \(baris 2 dan 3\)"
    ):
        baca_yaml(p)
    bom = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [{','.join(['*' + p_] * 10)}]\n"
        for c, p_ in zip("bcdefghi", "abcdefgh", strict=True)
    )
    p.write_text(bom, "utf-8")
    with pytest.raises(GalatValidasi, match="alias"):
        baca_yaml(p)
    p.write_text("a: " + "[" * (BATAS_KEDALAMAN + 5) + "]" * (BATAS_KEDALAMAN + 5), "utf-8")
    with pytest.raises(GalatValidasi, match="bersarang"):
        baca_yaml(p)
    p.write_bytes("nama: ß\n".encode("utf-16"))
    with pytest.raises(GalatValidasi, match="UTF-16"):
        baca_yaml(p)
    p.write_bytes("nama: Müller\n".encode("cp1252"))
    with pytest.raises(
        GalatValidasi, match=r"baris 1: berkas bukan UTF-8 \(kemungkinan Windows-1252"
    ):
        baca_yaml(p)


def test_misspelt_framework_indicator_of_a_computed_source_is_refused(tmp_path):
    from analisis.peringkat.kerangka import muat_kerangka

    teks = (AKAR / "params" / "peringkat" / "kerangka_bawaan.yaml").read_text("utf-8")
    salah = tmp_path / "k.yaml"
    salah.write_text(teks.replace("kode: penurunan_p0_3th", "kode: penurunan_p9_3th", 1), "utf-8")
    muat_kerangka(salah)  # a valid framework in itself
    with pytest.raises(GalatValidasi) as e:
        muat_kerangka(salah, untuk_peringkat=True)
    teks_galat = str(e.value)
    assert re.search(
        r"k\.yaml, baris \d+: dimensi\[0\]\.indikator\[0\]\.kode: indikator 'penurunan_p9_3th'",
        teks_galat,
    )
    assert re.search(r"Mungkin maksud Anda 'penurunan_p\d_3th'\?", teks_galat)


def test_target_for_a_region_of_another_province_is_refused(tmp_path):
    from analisis.evaluasi.params import muat_params

    proyek = _proyek_salinan(tmp_path)
    p = proyek.params / "provinsi" / "6300_kalimantan_selatan.yaml"
    d = yaml.safe_load(p.read_text("utf-8"))
    d["target_wilayah"] = {"6401": [{"indikator": "p0", "tahun": 2026, "nilai": 2, "sumber": "x"}]}
    p.write_text(yaml.safe_dump(d, allow_unicode=True), "utf-8")
    with pytest.raises(
        GalatValidasi, match=r"target_wilayah\.6401: wilayah 6401 \(Paser\) ada di provinsi 6400"
    ):
        muat_params(provinsi="63", proyek=proyek)


def test_defaults_resolve_against_the_project_root_not_the_working_folder(tmp_path):
    kode = (
        "from analisis.proyek import Proyek; p = Proyek.muat(); "
        "print(p.akar); print(p.params); print(p.laporan)"
    )
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("ANALISIS_")}
    r = subprocess.run(
        [sys.executable, "-c", kode],
        cwd=AKAR / "notebooks",
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    akar, params, laporan = r.stdout.split()
    assert Path(akar) == AKAR and Path(params) == AKAR / "params"
    assert Path(laporan) == AKAR / "reports"
