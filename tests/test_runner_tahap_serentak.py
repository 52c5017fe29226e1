"""Follow-up stages of several provinces start on the pool together (no kernels needed here:
a recording executor stands in for the pool)."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest

from analisis.proyek import Proyek
from analisis.runner.jalan import _jalankan_tahap, _mulai_tahap_pertama
from analisis.runner.kunci import tulis_sidecar
from analisis.runner.pekerja import TugasTahap
from analisis.runner.progres import Progres
from analisis.runner.rencana import rencanakan


@pytest.fixture(autouse=True)
def kode_tetap(monkeypatch):
    """Others edit the package while tests run: pin the code component of the key."""
    monkeypatch.setattr("analisis.runner.rencana.sidik_jari_kode", lambda: "kode-uji")


class PelaksanaCatat:
    """Records what is submitted; the futures stay pending until the test resolves them."""

    def __init__(self) -> None:
        self.dikirim: list[tuple[str, Future]] = []

    def submit(self, fn, arg):
        f: Future = Future()
        self.dikirim.append((arg.kode_provinsi, f))
        return f


def _tahap(kode_provinsi, tahun, proyek):  # pragma: no cover - runs only through the futures
    return []


_tahap.nama = "uji"  # type: ignore[attr-defined]
_tahap.di_pekerja = True  # type: ignore[attr-defined]


def _tahap_lokal(kode_provinsi, tahun, proyek):
    return []


@pytest.fixture
def rencana(tmp_path, penyimpanan):
    proyek = Proyek.muat(laporan=tmp_path / "lap", penyimpanan=penyimpanan)
    return rencanakan(["63", "64"], 2024, proyek=proyek, hanya_data_bawaan=True)


def _tugas(rencana) -> TugasTahap:
    return TugasTahap(None, "", 2024, rencana.proyek, kode_paket="kode-uji")


def test_the_first_stage_of_every_due_province_is_submitted_before_any_is_collected(rencana):
    p = PelaksanaCatat()
    dimulai = _mulai_tahap_pertama(rencana, ["6300", "6400"], [_tahap], False, p, _tugas(rencana))
    assert [kp for kp, _ in p.dikirim] == ["6300", "6400"]
    assert set(dimulai) == {"6300", "6400"} and not any(f.done() for _, f in p.dikirim)


def test_an_unchanged_stage_or_a_stage_of_the_runner_process_is_not_submitted(rencana):
    from analisis.runner.jalan import kunci_tahap

    ft = rencana.folder_tahun("6300")
    kode = [k for k, r in rencana.semua.items() if r.kode_provinsi == "6300"]
    kunci, _, _ = kunci_tahap(_tahap, ft, rencana, kode)
    tulis_sidecar(ft, "tahap_uji", status="berhasil", kunci=kunci, berkas=[])
    p = PelaksanaCatat()
    dimulai = _mulai_tahap_pertama(rencana, ["6300", "6400"], [_tahap], False, p, _tugas(rencana))
    assert list(dimulai) == ["6400"]  # 6300's last success has the same key
    assert set(_mulai_tahap_pertama(rencana, ["6300"], [_tahap], True, p, _tugas(rencana))) == {
        "6300"
    }  # paksa
    assert _mulai_tahap_pertama(rencana, ["6400"], [_tahap_lokal], False, p, _tugas(rencana)) == {}
    assert _mulai_tahap_pertama(rencana, ["6400"], [_tahap], False, None, None) == {}


def test_a_started_stage_is_collected_not_submitted_again(rencana, tmp_path):
    p = PelaksanaCatat()
    dimulai = _mulai_tahap_pertama(rencana, ["6400"], [_tahap], False, p, _tugas(rencana))
    ft = rencana.folder_tahun("6400")
    hasil_berkas = ft.folder / "uji.json"
    hasil_berkas.parent.mkdir(parents=True, exist_ok=True)
    hasil_berkas.write_text("{}")
    p.dikirim[0][1].set_result([str(hasil_berkas)])
    kode = [k for k, r in rencana.semua.items() if r.kode_provinsi == "6400"]
    with Progres(False, None) as tampilan:
        hasil = _jalankan_tahap(
            ft, rencana, kode, False, [_tahap], tampilan, p, _tugas(rencana), dimulai["6400"]
        )
    assert len(p.dikirim) == 1
    assert [(h.nama, h.status, h.berkas) for h in hasil] == [("uji", "berhasil", [hasil_berkas])]
    assert isinstance(hasil[0].berkas[0], Path)


_OPSI = {
    "tahun_awal": None,
    "pembanding": None,
    "hanya_data_bawaan": True,
    "kernel": "python3",
    "batas_waktu": None,
    "ganti_setiap": 100,
}


def _segera(rencana, p):
    from analisis.runner.jalan import _TahapSegera
    from analisis.runner.jalan import _tugas as tugas_wilayah

    tugas = [tugas_wilayah(r, rencana, _OPSI) for r in rencana.dijalankan]
    return tugas, _TahapSegera(rencana, tugas, {}, [_tahap], False, p, _tugas(rencana))


def _hasil(t, status="berhasil"):
    from analisis.runner.pekerja import HasilWilayah

    return HasilWilayah(t.kode_wilayah, t.nama, t.kode_provinsi, t.tahun, status)


def test_a_province_stage_starts_when_its_last_region_is_done_while_others_still_run(rencana):
    p = PelaksanaCatat()
    tugas, segera = _segera(rencana, p)
    kalsel = [t for t in tugas if t.kode_provinsi == "6300"]
    kaltim = [t for t in tugas if t.kode_provinsi == "6400"]
    for t in kalsel[:-1] + kaltim[:-1]:
        segera(_hasil(t))
    assert p.dikirim == []  # neither province is complete yet
    segera(_hasil(kalsel[-1]))
    assert [kp for kp, _ in p.dikirim] == ["6300"] and list(segera.dimulai) == ["6300"]
    segera(_hasil(kaltim[-1], "gagal"))
    assert list(segera.dimulai) == ["6300"]  # a province with a failed region gets no stage


def test_a_stage_started_early_on_a_pool_that_broke_is_submitted_again(rencana):
    from concurrent.futures.process import BrokenProcessPool

    p = PelaksanaCatat()
    dimulai = _mulai_tahap_pertama(rencana, ["6400"], [_tahap], False, p, _tugas(rencana))
    p.dikirim[0][1].set_exception(BrokenProcessPool("pekerja mati"))

    class PelaksanaBaru(PelaksanaCatat):
        def submit(self, fn, arg):
            f = super().submit(fn, arg)
            f.set_result([])
            return f

    baru = PelaksanaBaru()
    ft = rencana.folder_tahun("6400")
    kode = [k for k, r in rencana.semua.items() if r.kode_provinsi == "6400"]
    with Progres(False, None) as tampilan:
        hasil = _jalankan_tahap(
            ft, rencana, kode, False, [_tahap], tampilan, baru, _tugas(rencana), dimulai["6400"]
        )
    assert [kp for kp, _ in baru.dikirim] == ["6400"]
    assert [(h.nama, h.status) for h in hasil] == [("uji", "berhasil")]


def test_the_last_region_of_each_worker_carries_the_stage_warm_up(rencana):
    from analisis.runner.jalan import _jalankan_semua

    class PelaksanaSelesai:
        kapasitas = 2

        def __init__(self) -> None:
            self.dikirim: list = []

        def submit(self, fn, t):
            self.dikirim.append(t)
            f: Future = Future()
            f.set_result(_hasil(t))
            return f

    p = PelaksanaSelesai()
    tugas, _ = _segera(rencana, p)
    with Progres(False, None) as tampilan:
        hasil = _jalankan_semua(tugas, p, tampilan, None, "import analisis")
    assert len(hasil) == len(tugas) == len(p.dikirim)
    assert [t.pemanasan_tahap for t in p.dikirim[-2:]] == ["import analisis"] * 2
    assert not any(t.pemanasan_tahap for t in p.dikirim[:-2])


def test_the_site_warms_up_while_the_ranking_runs_and_the_top_index_is_written_once(
    rencana, monkeypatch
):
    """While a province's first stage is in flight on the pool, the runner pays the site build's
    one-off costs (``panaskan_situs``) instead of only waiting; the pages follow the stage, and
    the top index is left to the end of the run (written once, not once per province)."""
    import threading

    from analisis.runner.jalan import _tahap_dan_situs

    dipanaskan = threading.Event()
    monkeypatch.setattr("analisis.situs.halaman.panaskan_situs", dipanaskan.set)
    p = PelaksanaCatat()
    tugas, _ = _segera(rencana, p)
    hasil = {t.kode_wilayah: _hasil(t) for t in tugas}
    keluar: dict = {}

    def jalan() -> None:
        with Progres(False, None) as tampilan:
            keluar["hasil"] = _tahap_dan_situs(
                rencana, hasil, [_tahap], False, tampilan, p, _tugas(rencana)
            )

    utas = threading.Thread(target=jalan, daemon=True)
    utas.start()
    assert dipanaskan.wait(60), "the site warm-up did not start while the stages ran"
    assert [kp for kp, _ in p.dikirim] == ["6300", "6400"]
    assert not any(f.done() for _, f in p.dikirim)  # warmed up before any stage result
    for _, f in p.dikirim:
        f.set_result([])
    utas.join(120)
    assert not utas.is_alive()
    tahap, situs = keluar["hasil"]
    assert [(t.nama, t.kode_provinsi, t.status) for t in tahap] == [
        ("uji", "6300", "berhasil"),
        ("uji", "6400", "berhasil"),
    ]
    assert [s.exists() for s in situs] == [True, True]
    assert not rencana.proyek.tata_letak.indeks.exists()  # jalankan_provinsi writes it, once


def test_the_site_warm_up_writes_nothing(tmp_path, monkeypatch):
    from analisis.situs.halaman import panaskan_situs

    monkeypatch.chdir(tmp_path)
    panaskan_situs()
    assert list(tmp_path.iterdir()) == []


def test_a_province_page_is_built_as_soon_as_its_early_ranking_succeeded(rencana, monkeypatch):
    """While the other province's regions still run, the page of a province whose ranking (its
    only stage, started early) succeeded is built in a thread of the runner; the end of the run
    takes it and builds only the pages still due (here: the province whose ranking failed)."""
    import threading

    import analisis.situs.halaman as sh
    from analisis.runner.jalan import _tahap_dan_situs

    asli = sh.bangun_situs
    dibangun: list[tuple[str, str]] = []

    def bangun_situs(tl, kp, tahun, **kw):
        dibangun.append((str(kp), threading.current_thread().name))
        return asli(tl, kp, tahun, **kw)

    monkeypatch.setattr(sh, "bangun_situs", bangun_situs)
    p = PelaksanaCatat()
    tugas, segera = _segera(rencana, p)
    kalsel = [t for t in tugas if t.kode_provinsi == "6300"]
    kaltim = [t for t in tugas if t.kode_provinsi == "6400"]
    for t in kalsel:
        segera(_hasil(t))
    assert dibangun == []  # its ranking is still running
    p.dikirim[0][1].set_result([])
    halaman = segera.situs_awal["6300"].halaman()
    assert halaman == rencana.folder_tahun("6300").situs and halaman.exists()
    assert dibangun == [("6300", "situs-6300")]
    assert not rencana.folder_tahun("6400").situs.exists()  # its regions are not all done
    for t in kaltim:
        segera(_hasil(t))
    p.dikirim[1][1].set_exception(RuntimeError("masukan peringkat tidak lengkap"))
    with Progres(False, None) as tampilan:
        tahap, situs = _tahap_dan_situs(
            rencana,
            dict(segera.hasil),
            [_tahap],
            False,
            tampilan,
            p,
            _tugas(rencana),
            segera.dimulai,
            segera.situs_awal,
        )
    assert [(t.kode_provinsi, t.status) for t in tahap] == [("6300", "berhasil"), ("6400", "gagal")]
    assert situs == [halaman, rencana.folder_tahun("6400").situs]
    assert dibangun == [("6300", "situs-6300"), ("6400", "MainThread")]
