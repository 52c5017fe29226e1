"""The runner's cache key, component by component: changing one input, and only it, re-runs
exactly the regions it should, names that component as the reason, and changes no other
component of the key. Inputs that must *not* matter (a notebook saved with outputs, the same
parameter file or data store at another path) leave every region a cache hit.

Every case is one :class:`Perubahan` in :data:`PERUBAHAN`; a new key component (for instance a
file the province parameters point to) is covered by adding a case there. No notebook runs.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analisis.data.model import Basisdata
from analisis.data.penyimpanan import Penyimpanan
from analisis.proyek import Proyek
from analisis.runner import kunci as k
from analisis.runner.rencana import Rencana, rencanakan
from conftest import AKAR

KALSEL = "6300"
KALTIM = "6400"
PARAMS_KALSEL = Path("provinsi") / "6300_kalimantan_selatan.yaml"


@dataclass
class Konteks:
    """What a change can touch: the project copy, the reports folder, the data store."""

    proyek: Path
    laporan: Path
    penyimpanan: Path
    monkeypatch: pytest.MonkeyPatch


@dataclass(frozen=True)
class Perubahan:
    """One change to the inputs of a run and what it must do to the cache.

    ``ubah`` applies the change and returns the keyword arguments of :func:`rencanakan` that
    differ from the baseline run. ``komponen`` are the key components that must change (empty:
    nothing may change), ``provinsi`` the provinces whose regions must all re-run (every other
    region stays a cache hit). ``dasar`` overrides the baseline run's arguments.
    """

    nama: str
    ubah: Callable[[Konteks], dict]
    komponen: frozenset[str]
    provinsi: frozenset[str]
    dasar: dict = field(default_factory=dict)


def _argumen_dasar(ktx: Konteks) -> dict:
    return {
        "provinsi": ["63", "64"],
        "tahun": 2024,
        "folder_laporan": ktx.laporan,
        "penyimpanan": ktx.penyimpanan,
        "hanya_data_bawaan": False,
        "tahun_awal": None,
        "pembanding": None,
        "kernel": "python3",
    }


# ------------------------------------------------------------------------------ the changes


def _notebook(ktx: Konteks) -> nbformat.NotebookNode:
    return nbformat.read(ktx.proyek / "notebooks" / "evaluasi_wilayah.ipynb", as_version=4)


def _tulis_notebook(ktx: Konteks, nb: nbformat.NotebookNode) -> None:
    nbformat.write(nb, ktx.proyek / "notebooks" / "evaluasi_wilayah.ipynb")


def _ubah_sumber_notebook(ktx: Konteks) -> dict:
    nb = _notebook(ktx)
    sel = next(
        c
        for c in nb.cells
        if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
    )
    sel.source += "\n# diubah"
    _tulis_notebook(ktx, nb)
    return {}


def _simpan_notebook_dengan_keluaran(ktx: Konteks) -> dict:
    """What JupyterLab does on save: outputs, execution counts, cell and notebook metadata."""
    nb = _notebook(ktx)
    for i, sel in enumerate(c for c in nb.cells if c.cell_type == "code"):
        sel.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"keluaran {i}\n")]
        sel.execution_count = i + 1
        sel.metadata["collapsed"] = True
    nb.metadata["widgets"] = {"keadaan": "apa saja"}
    _tulis_notebook(ktx, nb)
    return {}


def _ubah_tag_notebook(ktx: Konteks) -> dict:
    """Tags decide what the report hides: a tag change is a change."""
    nb = _notebook(ktx)
    sel = next(
        c
        for c in nb.cells
        if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
    )
    sel.metadata["tags"] = [*sel.metadata.get("tags", []), "hanya-notebook"]
    _tulis_notebook(ktx, nb)
    return {}


def _ubah_params_kalsel(ktx: Konteks) -> dict:
    p = ktx.proyek / "params" / PARAMS_KALSEL
    teks = p.read_text("utf-8")
    assert "jendela_tahun: 3" in teks
    p.write_text(teks.replace("jendela_tahun: 3", "jendela_tahun: 4"), "utf-8")
    return {}


def _params_kalsel_di_tempat_lain(ktx: Konteks) -> dict:
    salinan = ktx.laporan.parent / "di_tempat_lain" / "params_kalsel.yaml"
    salinan.parent.mkdir()
    shutil.copy(ktx.proyek / "params" / PARAMS_KALSEL, salinan)
    return {"berkas_params": salinan}


def _params_kalsel_diubah_di_tempat_lain(ktx: Konteks) -> dict:
    arg = _params_kalsel_di_tempat_lain(ktx)
    p = arg["berkas_params"]
    p.write_text(p.read_text("utf-8") + "\n# komentar juga mengubah berkas\n", "utf-8")
    return arg


def _impor_satu_angka(ktx: Konteks) -> dict:

    baris = Basisdata.muat(impor=False).tabel.query(
        "kode_wilayah == '6303' and indikator == 'p0' and tahun == 2024"
    )
    assert len(baris) == 1
    baris = baris.assign(nilai=2.5, sumber="uji", asal="impor")
    Penyimpanan(ktx.penyimpanan).simpan(pd.DataFrame(baris), {"berkas": "uji"})
    return {}


def _penyimpanan_kosong_lain(ktx: Konteks) -> dict:
    return {"penyimpanan": ktx.laporan.parent / "penyimpanan_lain"}


def _ubah_uv_lock(ktx: Konteks) -> dict:
    p = ktx.proyek / "uv.lock"
    p.write_text(p.read_text("utf-8") + "\n# versi lain\n", "utf-8")
    return {}


def _ubah_kode(ktx: Konteks) -> dict:
    ktx.monkeypatch.setattr("analisis.runner.rencana.sidik_jari_kode", lambda: "kode-lain")
    return {}


def _ubah_skema(ktx: Konteks) -> dict:
    ktx.monkeypatch.setattr(k, "VERSI_SKEMA_KUNCI", k.VERSI_SKEMA_KUNCI + 1)
    return {}


def _ubah_anggaran(nama: str) -> Callable[[Konteks], dict]:
    """Edit a budget file the province parameters point to (its bytes, not its path)."""

    def ubah(ktx: Konteks) -> dict:
        p = ktx.proyek / "params" / "anggaran" / "contoh" / nama
        p.write_text(p.read_text("utf-8-sig") + "\n", "utf-8")
        return {}

    return ubah


def _argumen(**arg) -> Callable[[Konteks], dict]:
    def ubah(_ktx: Konteks) -> dict:
        return dict(arg)

    return ubah


SEMUA = frozenset({KALSEL, KALTIM})
TIDAK_ADA: frozenset[str] = frozenset()

PERUBAHAN = [
    # The notebook: its cells' sources and tags count; what a save adds does not.
    Perubahan("notebook_sumber", _ubah_sumber_notebook, frozenset({"notebook"}), SEMUA),
    Perubahan("notebook_tag", _ubah_tag_notebook, frozenset({"notebook"}), SEMUA),
    Perubahan("notebook_disimpan", _simpan_notebook_dengan_keluaran, frozenset(), TIDAK_ADA),
    # Every notebook parameter the runner passes (folder_hasil, an output path, is not part of
    # the key: the sidecar lives beside the outputs it describes).
    Perubahan("tahun_awal", _argumen(tahun_awal=2020), frozenset({"parameter"}), SEMUA),
    Perubahan("pembanding", _argumen(pembanding="nasional"), frozenset({"parameter"}), SEMUA),
    Perubahan(
        "pembanding_provinsi", _argumen(pembanding="provinsi"), frozenset({"parameter"}), SEMUA
    ),
    Perubahan(
        "hanya_data_bawaan", _argumen(hanya_data_bawaan=True), frozenset({"parameter"}), SEMUA
    ),
    Perubahan("kernel", _argumen(kernel="kernel-lain"), frozenset({"parameter"}), SEMUA),
    # berkas_params: the content of the province parameter file, not its path.
    Perubahan("params_yaml", _ubah_params_kalsel, frozenset({"params_yaml"}), frozenset({KALSEL})),
    Perubahan(
        "params_yaml_jalur_lain",
        _params_kalsel_di_tempat_lain,
        frozenset(),
        TIDAK_ADA,
        dasar={"provinsi": "63"},
    ),
    Perubahan(
        "params_yaml_jalur_lain_diubah",
        _params_kalsel_diubah_di_tempat_lain,
        frozenset({"params_yaml"}),
        frozenset({KALSEL}),
        dasar={"provinsi": "63"},
    ),
    # penyimpanan: the content of the data store (bundle + imports), not its path.
    Perubahan("data_impor", _impor_satu_angka, frozenset({"data"}), SEMUA),
    Perubahan(
        "data_impor_diabaikan",
        _impor_satu_angka,
        frozenset(),
        TIDAK_ADA,
        dasar={"hanya_data_bawaan": True},
    ),
    Perubahan("penyimpanan_jalur_lain", _penyimpanan_kosong_lain, frozenset(), TIDAK_ADA),
    # Files the province parameters point to and the regions read (here the budget files).
    Perubahan(
        "anggaran_kalsel",
        _ubah_anggaran("contoh_anggaran_kalsel_2024.csv"),
        frozenset({"berkas anggaran[1]"}),
        frozenset({KALSEL}),
    ),
    Perubahan(
        "anggaran_banjar",
        _ubah_anggaran("contoh_anggaran_6303_2022-2024.csv"),
        frozenset({"berkas anggaran[0]"}),
        frozenset({KALSEL}),
    ),
    # The installed package, the dependency lock and the key's own schema.
    Perubahan("kode", _ubah_kode, frozenset({"kode"}), SEMUA),
    Perubahan("uv_lock", _ubah_uv_lock, frozenset({"uv_lock"}), SEMUA),
    Perubahan("skema", _ubah_skema, frozenset({"skema"}), SEMUA),
]


# ------------------------------------------------------------------------------ machinery


@pytest.fixture
def konteks(tmp_path, monkeypatch, penyimpanan) -> Konteks:
    """A private copy of the project (params, notebook, uv.lock) and an empty reports folder."""
    proyek = tmp_path / "proyek"
    shutil.copytree(AKAR / "params", proyek / "params")
    (proyek / "notebooks").mkdir()
    shutil.copy(AKAR / "notebooks" / "evaluasi_wilayah.ipynb", proyek / "notebooks")
    shutil.copy(AKAR / "uv.lock", proyek / "uv.lock")
    # Others edit the package while tests run: pin the code component (changed by one case).
    monkeypatch.setattr("analisis.runner.rencana.sidik_jari_kode", lambda: "kode-uji")
    return Konteks(proyek, tmp_path / "laporan", penyimpanan, monkeypatch)


def _semua_tersimpan(r: Rencana) -> None:
    """Record every region of the plan as a successful run with complete outputs."""
    for kode, w in r.semua.items():
        ft = r.folder_tahun(w.kode_provinsi)
        for rel in ft.keluaran_wilayah(kode).values():
            (ft.folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (ft.folder / rel).write_text("x")
        k.tulis_sidecar(
            ft,
            kode,
            status="berhasil",
            kunci=w.kunci,
            komponen_kunci=w.komponen,
            sha256_berkas=k.sidik_jari_keluaran(ft.folder, ft.keluaran_wilayah(kode).values()),
        )


def _rencana(ktx: Konteks, arg: dict) -> Rencana:
    """:func:`rencanakan` with the run's folders given as the project copy's folders."""
    arg = dict(arg)
    proyek = Proyek.muat(
        akar=ktx.proyek, laporan=arg.pop("folder_laporan"), penyimpanan=arg.pop("penyimpanan")
    )
    return rencanakan(proyek=proyek, **arg)


def _beda(a: dict, b: dict) -> set[str]:
    return {c for c in a.keys() | b.keys() if a.get(c) != b.get(c)}


@pytest.mark.parametrize("p", PERUBAHAN, ids=[p.nama for p in PERUBAHAN])
def test_changing_one_input_reruns_exactly_what_it_should(konteks, p):
    arg = {**_argumen_dasar(konteks), **p.dasar}
    awal = _rencana(konteks, arg)
    _semua_tersimpan(awal)
    ulang = _rencana(konteks, arg)
    assert not ulang.dijalankan, "sebelum perubahan semuanya harus dari cache"

    baru = _rencana(konteks, {**arg, **p.ubah(konteks)})

    assert baru.semua.keys() == awal.semua.keys()
    for kode, w in baru.semua.items():
        lama = awal.semua[kode]
        harus = w.kode_provinsi in p.provinsi
        assert _beda(lama.komponen, w.komponen) == (set(p.komponen) if harus else set()), kode
        assert (w.kunci != lama.kunci) is harus, kode
        assert w.jalankan is harus, (kode, w.alasan)
        if harus:
            nama = ", ".join(k.nama_komponen(c) for c in w.komponen if c in p.komponen)
            assert w.alasan == f"berubah: {nama}", kode
        else:
            assert w.alasan == "tidak berubah (cache)", kode


def test_every_component_is_covered_by_a_case():
    """A new component of the key must come with a case above."""
    bersama = k.KomponenBersama(notebook="n", kode="c", uv_lock="l", data="d")
    par = k.parameter_kunci(
        "6303", 2024, tahun_awal=None, pembanding=None, hanya_data_bawaan=True, kernel="python3"
    )
    berkas = {f"{k.AWALAN_BERKAS}anggaran[0]": "a", f"{k.AWALAN_BERKAS}anggaran[1]": "b"}
    komponen = set(k.komponen_wilayah(bersama, "y", par, berkas))
    assert komponen == set().union(*(p.komponen for p in PERUBAHAN))
    tetap = {c for c in komponen if not c.startswith(k.AWALAN_BERKAS)}
    assert tetap <= set(k.NAMA_KOMPONEN)  # each has an Indonesian name for the reason


#: Where each parameter of the evaluation notebook enters the key (None: deliberately not).
PARAMETER_NOTEBOOK = {
    "kode_wilayah": "parameter",
    "tahun": "parameter",
    "tahun_awal": "parameter",
    "pembanding": "parameter",
    "hanya_data_bawaan": "parameter",
    "berkas_params": "params_yaml",  # its content
    "folder_params": "params_yaml",  # the content of the file found there (and the files it names)
    "penyimpanan": "data",  # its content
    "folder_laporan": None,  # where the outputs go; the sidecar sits beside them
}


def test_every_notebook_parameter_is_accounted_for():
    import papermill as pm

    dinyatakan = set(pm.inspect_notebook(str(AKAR / "notebooks" / "evaluasi_wilayah.ipynb")))
    assert dinyatakan == set(PARAMETER_NOTEBOOK)
    par = k.parameter_kunci(
        "6303", 2024, tahun_awal=None, pembanding=None, hanya_data_bawaan=True, kernel="python3"
    )
    di_parameter = {n for n, c in PARAMETER_NOTEBOOK.items() if c == "parameter"}
    assert di_parameter | {"kernel"} == set(par)


def test_region_and_year_are_in_the_key(konteks):
    """Two regions, or two years of one region, never share a key; only ``parameter`` differs."""
    arg = _argumen_dasar(konteks)
    a = _rencana(konteks, arg)
    b = _rencana(konteks, {**arg, "tahun": 2023})
    for kode in a.semua:
        assert _beda(a.semua[kode].komponen, b.semua[kode].komponen) == {"parameter"}
    kalsel = [w for w in a.semua.values() if w.kode_provinsi == KALSEL]
    assert len({w.kunci for w in kalsel}) == len(kalsel) == 13
    assert _beda(kalsel[0].komponen, kalsel[1].komponen) == {"parameter"}
    kaltim = next(w for w in a.semua.values() if w.kode_provinsi == KALTIM)
    # Kalsel's parameters name two budget files (read with the cluster configuration), Kaltim's
    # none
    assert _beda(kalsel[0].komponen, kaltim.komponen) == {
        "parameter",
        "params_yaml",
        f"{k.AWALAN_BERKAS}anggaran[0]",
        f"{k.AWALAN_BERKAS}anggaran[1]",
        f"{k.AWALAN_BERKAS}konfigurasi anggaran/klaster.yaml",
    }
