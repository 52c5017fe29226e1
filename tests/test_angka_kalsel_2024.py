"""Pinned Kalimantan Selatan 2024 figures through the real entry points.

The expected ranks, scores (two decimals), Banjar's relevansi/efektivitas labels, target gaps
and determinant table come from ``tests/harapan/kalsel_2024.json``, computed from the raw CSVs
and the framework YAML by ``tests/harapan/kalsel_2024.py`` without the ``analisis`` package
(checked below). They are compared with what

* ``analisis jalankan`` (13 evaluation notebooks, the ranking notebook and the site), and
* plain ``papermill`` on ``evaluasi_wilayah.ipynb`` and ``peringkat_provinsi.ipynb``

write, and with what the reports show.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AKAR
from harapan_kalsel import (
    BERKAS,
    HARAPAN,
    SKRIP,
    angka_id,
    cek_hasil_banjar,
    cek_peringkat,
    satu_desimal,
)

pytestmark = pytest.mark.lambat

NAMA = {
    "6301": "Tanah Laut",
    "6302": "Kotabaru",
    "6303": "Banjar",
    "6304": "Barito Kuala",
    "6305": "Tapin",
    "6306": "Hulu Sungai Selatan",
    "6307": "Hulu Sungai Tengah",
    "6308": "Hulu Sungai Utara",
    "6309": "Tabalong",
    "6310": "Tanah Bumbu",
    "6311": "Balangan",
    "6371": "Kota Banjarmasin",
    "6372": "Kota Banjarbaru",
}


def _teks(html: str) -> str:
    t = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", t))


def _lingkungan(tmp: Path) -> dict:
    """A private, empty data store: only the bundled data count."""
    return {**os.environ, "ANALISIS_PENYIMPANAN": str(tmp / "penyimpanan"), "COLUMNS": "200"}


def test_expectations_script_is_independent_and_reproduces_the_pinned_file(tmp_path):
    kode = (
        "import runpy, sys\n"
        f"sys.argv = [{str(SKRIP)!r}]\n"
        f"runpy.run_path({str(SKRIP)!r}, run_name='__main__')\n"
        "dimuat = sorted(m for m in sys.modules if m.split('.')[0] == 'analisis')\n"
        "assert not dimuat, dimuat\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", kode],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout == BERKAS.read_text("utf-8"), (
        "tests/harapan/kalsel_2024.json is not what tests/harapan/kalsel_2024.py computes; "
        "review the change and rerun it with --tulis"
    )


# ------------------------------------------------------------------------------ the CLI


@pytest.fixture(scope="module")
def jalan_cli(tmp_path_factory) -> Path:
    """``analisis jalankan --provinsi 63 --tahun 2024``: every evaluation, the ranking, the site."""
    tmp = tmp_path_factory.mktemp("angka_cli")
    lap = tmp / "laporan"
    exe = Path(sys.executable).with_name("analisis")
    r = subprocess.run(
        [
            str(exe),
            "jalankan",
            "--provinsi",
            "63",
            "--tahun",
            "2024",
            "--keluaran",
            str(lap),
            "--hanya-bawaan",
            "--tanpa-progres",
        ],
        check=False,
        capture_output=True,
        text=True,
        env=_lingkungan(tmp),
        timeout=1200,
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return lap / "6300" / "2024"


def test_cli_ranking_has_the_pinned_ranks_scores_and_inputs(jalan_cli):
    data = json.loads((jalan_cli / "peringkat" / "peringkat.json").read_text("utf-8"))
    cek_peringkat(data)
    # The report's table: rank, name, code and the score at one decimal, Indonesian style.
    teks = _teks((jalan_cli / "peringkat" / "peringkat.html").read_text("utf-8"))
    for h in HARAPAN["peringkat"]:
        kode = h["kode_wilayah"]
        skor = "|".join(re.escape(s) for s in satu_desimal(h["skor"]))
        pola = rf"\b{h['peringkat']} {re.escape(NAMA[kode])} {kode} (?:{skor}) "
        assert re.search(pola, teks), h


def test_cli_banjar_result_has_the_pinned_labels_targets_and_determinants(jalan_cli):
    cek_hasil_banjar(json.loads((jalan_cli / "hasil" / "6303.json").read_text("utf-8")))
    teks = _teks((jalan_cli / "wilayah" / "6303.html").read_text("utf-8"))
    p0 = HARAPAN["relevansi"]["p0"]
    for tahun, harap in p0.items():
        label = re.escape(harap["label"])
        assert re.search(rf"{tahun} .{{0,120}}?{label}", teks), (tahun, label)
    [tg] = [t for t in HARAPAN["target"] if t["indikator"] == "p0"]
    assert angka_id(tg["kesenjangan"]) in teks


# ------------------------------------------------------------------------------ papermill


def _papermill(notebook: str, keluar: Path, tmp: Path, **parameter) -> None:
    arg = [str(Path(sys.executable).with_name("papermill")), str(AKAR / "notebooks" / notebook)]
    arg += [str(keluar), "-k", "python3"]
    for k, v in parameter.items():
        arg += ["-p", k, str(v)]
    r = subprocess.run(
        arg,
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=AKAR,
        env=_lingkungan(tmp),
    )
    assert r.returncode == 0, r.stderr[-3000:]


def test_papermill_evaluation_notebook_has_the_pinned_banjar_figures(tmp_path):
    _papermill(
        "evaluasi_wilayah.ipynb",
        tmp_path / "evaluasi.ipynb",
        tmp_path,
        kode_wilayah="6303",
        tahun=2024,
        folder_laporan=tmp_path / "laporan",
        hanya_data_bawaan=True,
    )
    hasil = tmp_path / "laporan" / "6300" / "2024" / "hasil" / "6303.json"
    cek_hasil_banjar(json.loads(hasil.read_text("utf-8")))


def test_papermill_ranking_notebook_has_the_pinned_ranking(jalan_cli, tmp_path):
    """The ranking notebook on its own, over the evaluation results of the CLI run."""
    lap = tmp_path / "laporan"
    shutil.copytree(jalan_cli / "hasil", lap / "6300" / "2024" / "hasil")
    _papermill(
        "peringkat_provinsi.ipynb",
        tmp_path / "peringkat.ipynb",
        tmp_path,
        kode_provinsi="6300",
        tahun=2024,
        folder_laporan=lap,
        jumlah_iterasi=200,
    )
    cek_peringkat(
        json.loads((lap / "6300" / "2024" / "peringkat" / "peringkat.json").read_text("utf-8"))
    )
